"""Real-browser test of the Learn page: a teacher steps through the convolution lab, switches language, presents.

Same skip rules as tests/test_browser.py: skipped with a reason without
chromium or Playwright, except under CI=true, where they must run.
"""

from __future__ import annotations

import re

import pytest

from appserver import Server, require_browser, shot

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass



def idle(page: Page) -> None:
    """Wait until the script run that the last action started has finished."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def code(page: Page):
    return page.get_by_test_id("stCode")


def test_step_through_the_convolution_lab_and_switch_language(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/learn?lab=conv")
    expect(page.get_by_role("heading", name="1. Convolution step by step")).to_be_visible()
    expect(page.get_by_text("Window 1 of 9", exact=False)).to_be_visible()
    expect(code(page).filter(has_text="= 3").first).to_be_visible()
    expect(page.get_by_text(re.compile("top-left value of the feature map"))).to_be_visible()
    shot(page, "learn")

    # Step the window with the button, then with the keyboard (N).
    page.get_by_role("button", name=re.compile("Next window")).click()
    expect(page.get_by_text("Window 2 of 9", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(r"pos=2"))
    idle(page)
    page.locator("body").press("n")
    expect(page.get_by_text("Window 3 of 9", exact=False)).to_be_visible()
    idle(page)

    # Stride 2 with the slider's keyboard: 2×2 windows, the output-size formula filled in.
    stride = page.get_by_role("slider").first
    stride.focus()
    stride.press("ArrowRight")
    expect(page.get_by_text("Window 3 of 4", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(r"stride=2"))
    expect(code(page).filter(has_text="/ 2⌋ + 1 = 2").first).to_be_visible()
    idle(page)

    # Switch to Chinese: the same lab, the same state, in the URL.
    page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
    expect(page.get_by_role("heading", name="1. 卷积的分步计算")).to_be_visible()
    expect(page.get_by_text("第 3 个窗口（共 4 个）", exact=False)).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=zh"))
    idle(page)

    # The link restores it all in a fresh tab.
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.get_by_role("heading", name="1. 卷积的分步计算")).to_be_visible()
    expect(other.get_by_text("第 3 个窗口（共 4 个）", exact=False)).to_be_visible()
    other.close()

    # Back to English.
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="1. Convolution step by step")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"lang="))
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_present_the_lab_with_the_keyboard(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/learn?lab=conv&lang=zh")
    expect(page.get_by_role("heading", name="1. 卷积的分步计算")).to_be_visible()
    page.get_by_role("button", name=re.compile("演示模式")).click()
    expect(page.get_by_role("heading", name="图像与卷积核")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"present=1"))
    idle(page)

    page.locator("body").press("ArrowRight")
    expect(page.get_by_role("heading", name="滑动窗口：相乘再相加")).to_be_visible()
    expect(page).to_have_url(re.compile(r"step=2"))
    idle(page)
    # Large type: the explanation is set well above the normal 16 px.
    size = page.get_by_text(re.compile("用按钮（或按键 N 和 P）移动窗口")).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 24

    # Language on the slide itself (the sidebar is hidden), then back a step, then leave.
    page.get_by_test_id("stMain").get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Slide the window: multiply and add")).to_be_visible()
    idle(page)
    page.get_by_role("heading", name="Slide the window: multiply and add").click()  # the arrows belong to the language switch while it has focus
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("heading", name="The image and the kernel")).to_be_visible()
    idle(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="1. Convolution step by step")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"present="))

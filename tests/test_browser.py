"""Real-browser tests: the app in Debian's chromium, driven by Playwright, as a person uses it.

Skipped with a reason when chromium or Playwright is missing, except under
CI=true, where they must run (``.ci/run`` installs chromium).
Set SCREENSHOTS=1 to (re)write docs/screenshots/*.png from this run.
"""

from __future__ import annotations

import re

import pytest

from appserver import Server, require_browser, shot
from explorer import analyze
from explorer.analysis.format import to_csv

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass

def metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).get_by_test_id("stMetricValue")


def choose(page: Page, label: str, option: str) -> None:
    """Open the select box labelled ``label`` and pick ``option``."""
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_home_page_links(server: Server, page: Page) -> None:
    page.goto(server.url)
    expect(page.get_by_role("heading", name="CNN Explorer")).to_be_visible()
    shot(page, "home")
    page.get_by_role("link", name=re.compile("Architecture")).first.click()
    expect(metric(page, "Parameters")).to_have_text("138,357,544")


def test_pick_vgg16_then_resnet50_and_share_the_link(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture")
    expect(metric(page, "Parameters")).to_have_text("138,357,544")
    shot(page, "architecture")
    choose(page, "Architecture", "ResNet-50  ·  resnet50")
    expect(metric(page, "Parameters")).to_have_text("25,557,032")
    expect(page).to_have_url(re.compile(r"arch=resnet50"))
    # A hyperparameter change lands in the URL too; reload the shared link in a fresh tab.
    classes = page.get_by_role("spinbutton", name="Num classes")
    classes.fill("10")
    classes.press("Enter")
    expect(metric(page, "Parameters")).to_have_text(f"{25_557_032 - 2048 * 990 - 990:,}")
    expect(page).to_have_url(re.compile(r"num_classes=10"))
    link = page.url
    other = page.context.new_page()
    other.goto(link)
    expect(metric(other, "Parameters")).to_have_text(f"{25_557_032 - 2048 * 990 - 990:,}")
    expect(other.get_by_role("heading", name="ResNet-50")).to_be_visible()
    other.reload()
    expect(metric(other, "Parameters")).to_have_text(f"{25_557_032 - 2048 * 990 - 990:,}")


def test_compare_preset(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/compare")
    choose(page, "Preset", "VGG-16 vs ResNet-50")
    table = page.get_by_test_id("stTable")
    expect(table).to_contain_text("138,357,544")
    expect(table).to_contain_text("25,557,032")
    expect(page.get_by_text(re.compile(r"5\.4× the parameters"))).to_be_visible()
    shot(page, "compare")


def test_too_small_input_shows_a_message(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=vgg16&input=3,16,16")
    expect(page.get_by_text(re.compile("too small"))).to_be_visible()
    page.get_by_role("button", name=re.compile("smallest input")).click()
    expect(metric(page, "Parameters")).to_have_text("138,357,544")
    expect(page.get_by_text("Traceback")).to_have_count(0)


def test_tabs_are_in_the_link_and_survive_a_language_switch(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=resnet18")
    expect(metric(page, "Parameters")).to_have_text("11,689,512")
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # lazy: the charts tab has not run
    page.get_by_role("tab", name="Charts").click()
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
    expect(page).to_have_url(re.compile(r"tab=charts"))
    page.get_by_test_id("stSidebar").get_by_text("中文", exact=True).click()
    expect(page.get_by_role("tab", name="图表")).to_have_attribute("aria-selected", "true")
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
    expect(page.get_by_text("ResNet-18：")).not_to_have_count(0)  # the charts' titles in Chinese too
    shot(page, "architecture_zh")
    other = page.context.new_page()
    other.goto(page.url)  # the shared link: same tab, same language
    expect(other.get_by_role("tab", name="图表")).to_have_attribute("aria-selected", "true")
    expect(other.locator(".js-plotly-plot")).to_have_count(5)


def test_downloads_are_made_when_pressed(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=lenet5")
    expect(metric(page, "Parameters")).to_have_text("61,706")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "lenet5.csv"
    with open(download.path(), encoding="utf-8") as f:
        assert f.read() == to_csv(analyze("lenet5"))

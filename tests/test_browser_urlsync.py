"""Real-browser test of the URL ↔ session sync (ui/urlsync.py): back and forward show what the URL says.

Skipped with a reason when chromium or Playwright is missing, except under CI=true.
"""

from __future__ import annotations

import re

import pytest

from appserver import Server, require_browser

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass


def _metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).get_by_test_id("stMetricValue")


def test_back_and_forward_across_pages_show_the_model_and_tab_of_the_url(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=resnet18&tab=charts")
    expect(_metric(page, "Parameters")).to_have_text("11,689,512")  # torchvision's published count
    expect(page.get_by_role("tab", name="Charts")).to_have_attribute("aria-selected", "true")
    page.goto(f"{server.url}/architecture?arch=resnet50")  # another link in the same tab
    expect(_metric(page, "Parameters")).to_have_text("25,557,032")
    expect(page.get_by_role("tab", name="Layers")).to_have_attribute("aria-selected", "true")
    page.go_back()
    expect(page).to_have_url(re.compile(r"arch=resnet18"))
    expect(_metric(page, "Parameters")).to_have_text("11,689,512")
    expect(page.get_by_role("tab", name="Charts")).to_have_attribute("aria-selected", "true")
    page.go_forward()
    expect(_metric(page, "Parameters")).to_have_text("25,557,032")
    expect(page.get_by_role("tab", name="Layers")).to_have_attribute("aria-selected", "true")


def test_back_after_a_change_in_the_page(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=resnet18")
    expect(_metric(page, "Parameters")).to_have_text("11,689,512")
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Architecture", exact=True))
    box.click()
    page.get_by_role("option", name="ResNet-50  ·  resnet50", exact=True).click()
    expect(page).to_have_url(re.compile(r"arch=resnet50"))
    expect(_metric(page, "Parameters")).to_have_text("25,557,032")
    page.go_back()
    expect(page).to_have_url(re.compile(r"arch=resnet18"))
    expect(_metric(page, "Parameters")).to_have_text("11,689,512")

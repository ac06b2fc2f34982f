"""Real-browser tests of hostile links: their text shows as text (no link to click), and the next ordinary page works.

Skipped with a reason when chromium or Playwright is missing, except under CI=true.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from appserver import Server, require_browser, shot

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass

PHISH = "[Session expired - click here to log in](https://evil.example/login)"


def _metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).get_by_test_id("stMetricValue")


def _no_evil_link(page: Page) -> None:
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (f"/architecture?arch={quote(PHISH)}", PHISH),
        (f"/compare?m0.arch=resnet50&m1.arch={quote('[click](https://evil.example)')}", "[click](https://evil.example)"),
    ],
)
def test_a_phishing_link_is_text_and_the_next_ordinary_page_works(server: Server, page: Page, path: str, shown: str) -> None:
    page.goto(server.url + path)
    alert = page.get_by_test_id("stAlert").filter(has_text="Unknown architecture")
    expect(alert).to_be_visible()
    _no_evil_link(page)
    assert shown in alert.inner_text().replace("\u2060", ""), "the characters as typed in the link (and an invisible word joiner)"
    expect(page.get_by_text("Traceback")).to_have_count(0)
    page.goto(f"{server.url}/architecture?arch=resnet50")
    expect(_metric(page, "Parameters")).to_have_text("25,557,032")
    expect(page.get_by_test_id("stAlert")).to_have_count(0)


def test_a_bad_value_keeps_resnet50_and_the_display_values_stay_in_the_link(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=resnet50&num_classes=zero&batch=8&flops=1")
    expect(page.get_by_test_id("stAlert").filter(has_text="num_classes")).to_be_visible()  # the budget may add an info line
    expect(_metric(page, "Parameters")).to_have_text("25,557,032")
    shot(page, "link_problem")
    expect(page.get_by_text("FLOPs", exact=True)).not_to_have_count(0)
    expect(page).to_have_url(re.compile(r"^(?=.*batch=8)(?=.*flops=1)(?!.*num_classes)"))

"""Real browser: press Train, watch the curve gain points, stop, reload the page and find the run.

Skipped with a reason when chromium or Playwright is missing, except under
CI=true, where they must run (as tests/test_browser.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from appserver import Server, require_browser, shot, streamlit_server
from training_helpers import stop_all, training_env

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect

    from train_browser import POINTS_JS, STOPPED, press_train, resume, stop
except ImportError:  # pragma: no cover (skipped above)
    pass

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("train")
    with streamlit_server(env=training_env(tmp)) as srv:
        yield srv
    stop_all(tmp / "runs")


def test_train_watch_stop_reload(server: Server, page: Page) -> None:
    press_train(page, server.url, TIMEOUT)
    first = page.evaluate(POINTS_JS)
    page.wait_for_function(f"({POINTS_JS})() > {first}")
    expect(page).to_have_url(re.compile(r"[?&]run=[\w.-]+"), timeout=TIMEOUT)
    run_id = re.search(r"run=([\w.-]+)", page.url).group(1)
    shot(page, "train")

    stopped_points = stop(page, TIMEOUT)

    page.reload()
    expect(page.get_by_text(f"Run {run_id}")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(STOPPED)).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(f"({POINTS_JS})() >= {stopped_points}")
    assert page.evaluate(POINTS_JS) == stopped_points, "the curve is read back from the run's files, point for point"
    expect(page.get_by_role("button", name=re.compile("Resume"))).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Traceback")).to_have_count(0)

    resume(page, stopped_points, TIMEOUT)  # the panel polls again
    stop(page, TIMEOUT)

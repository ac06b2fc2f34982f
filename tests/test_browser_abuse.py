"""Real-browser tests: hostile links, uploads and paths are refused with a message, and the server keeps serving.

The cheap entries of the hostile catalogue (tests/hostile.py; bench/abuse.py runs
all of them and measures memory) against one server for this module, whose
address space is capped so that a request that runs away fails there instead of
taking the machine down. Then a hostile link followed by an ordinary page.

Skipped with a reason when chromium or Playwright is missing, except under
CI=true, where they must run (``.ci/run`` installs chromium).
"""

from __future__ import annotations

import resource
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import hostile
from appserver import Server, require_browser, streamlit_server

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass

CAP = 6 * 10**9  # the server's address space: the app needs about 3 GB of it idle
CHEAP = [h for h in hostile.CATALOGUE if h.cheap]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile-files")


@pytest.fixture(scope="module")
def abuse_server(tmp_path_factory) -> Iterator[Server]:
    """The app with its default configuration and a runs folder holding one demo run, its address space capped."""
    from conftest import _fail_if_missing

    _fail_if_missing()
    runs = hostile.make_runs(tmp_path_factory.mktemp("runs"))
    with streamlit_server(env={"EXPLORER_RUNS": str(runs)}) as srv:
        resource.prlimit(srv.pid, resource.RLIMIT_AS, (CAP, CAP))
        yield srv


def _alive(server: Server) -> bool:
    try:
        with urllib.request.urlopen(server.url + "/_stcore/health", timeout=10) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("case", CHEAP, ids=[h.name for h in CHEAP])
def test_hostile_request_is_refused_clearly(case: hostile.Hostile, abuse_server: Server, page: Page, files: Path) -> None:
    seen = hostile.visit(page, abuse_server.url, case, files, timeout_s=60, quiet_s=1.0)
    found = hostile.problems(case, seen, files)
    assert _alive(abuse_server), "the server died"
    assert not found, f"{case.what}: {found}; shown: {seen.notes + seen.messages}"


def test_the_path_option_tells_no_files_apart(abuse_server: Server, page: Page, files: Path) -> None:
    """A missing file, an unreadable one and an empty one get the same answer (or the option is not there at all)."""
    seen = {h.name: hostile.visit(page, abuse_server.url, h, files, quiet_s=1.0) for h in hostile.CATALOGUE if h.same_as == "path"}
    assert len(seen) == 3
    assert not hostile.same_message_problems(seen)


def _resnet50_answered(page: Page) -> None:
    cards = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Parameters", exact=True)).get_by_test_id("stMetricValue")
    expect(cards).to_have_text(hostile.RESNET50_PARAMS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("a[href*='evil.example']")).to_have_count(0)


def test_a_hostile_link_then_an_ordinary_page(abuse_server: Server, page: Page) -> None:
    """The issue's case: after a hostile link, the same person's next ordinary page works, in the same session and after a reload."""
    page.goto(abuse_server.url + hostile.BY_NAME["md-architecture"].url)
    expect(page.get_by_test_id("stAlert").first).to_be_visible()  # its text is test_hostile_request_is_refused_clearly's
    # In the same session: pick ResNet-50 in the sidebar.
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Architecture", exact=True))
    box.click()
    page.get_by_role("option", name="ResNet-50  ·  resnet50", exact=True).click()
    _resnet50_answered(page)
    # A hostile link on another page, then the ordinary link in the same tab.
    page.goto(abuse_server.url + hostile.BY_NAME["run-traversal"].url)
    expect(page.get_by_test_id("stMain").locator("h1, [data-testid=stAlert]").first).to_be_visible()
    page.goto(abuse_server.url + hostile.ORDINARY)
    _resnet50_answered(page)
    assert not hostile.leaks(page.locator("body").inner_text())

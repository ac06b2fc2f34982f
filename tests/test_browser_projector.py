"""Every page readable from the back of a room: at 1280×720, 1366×768 and 1920×1080, nothing is cut or overlaps.

Each page is opened at each projector size; tests/projector.js then lists what a person could not read: text cut by
its box ("6,624…", "◀ Previo…"), a page wider than the screen, a chart title or tick outside its chart, point labels
or axis labels on top of each other. With SCREENSHOTS=1 the pictures are kept (docs/screenshots/projector_*.png).
Projector mode (``?present=1``) is checked on every page that has it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from appserver import Server, require_browser, shot

pytestmark = pytest.mark.browser

require_browser()

CHECK = (Path(__file__).parent / "projector.js").read_text()
SETTLED = ("() => !document.querySelector('[data-testid=stStatusWidget]') && "
           "document.querySelector('[data-testid=stMain] h1, [data-testid=stMain] h2, [data-testid=stMain] h3')")
EVERY_PAGE = ["", "architecture", "architecture?tab=charts", "compare", "choose", "inside", "train", "learn?lab=conv",
              "learn?lab=inception&present=1", "architecture?present=1", "compare?present=1", "inside?present=1",
              "train?present=1"]
WIDE = ["architecture", "compare", "learn?lab=residual&present=1", "architecture?present=1", "compare?present=1"]
CASES = [((1280, 720), p) for p in EVERY_PAGE] + [(size, p) for size in ((1366, 768), (1920, 1080)) for p in WIDE]


@pytest.fixture(scope="module")
def warm(server: Server, browser) -> Server:
    page = browser.new_page()
    page.goto(server.url)  # app.py's navigation first, as after any start
    page.wait_for_function(SETTLED, timeout=120_000)
    page.close()
    return server


@pytest.mark.parametrize(("size", "path"), CASES, ids=[f"{w}x{h}-{p or 'home'}" for (w, h), p in CASES])
def test_nothing_is_cut_or_overlaps(warm: Server, browser, size: tuple[int, int], path: str) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(f"{warm.url}/{path}")
        page.wait_for_timeout(500)
        page.wait_for_function(SETTLED, timeout=120_000)
        if "charts" in path or path.startswith(("compare", "choose")) or path.startswith("architecture?present"):
            page.wait_for_function("() => document.querySelectorAll('svg.main-svg').length > 0", timeout=60_000)
        if "present=1" in path:  # projector mode hides the sidebar (its style arrives with the page's first run)
            expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden(timeout=30_000)
        page.wait_for_timeout(1500)  # fonts and plotly's layout
        problems = page.evaluate(CHECK)
        shot(page, f"projector_{size[0]}_{(path or 'home').replace('?', '_').replace('&', '_').replace('=', '-')}")
        assert not problems, f"{path or 'home'} at {size[0]}×{size[1]}: {problems}"
    finally:
        page.close()

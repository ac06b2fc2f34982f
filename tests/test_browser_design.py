"""Real browser: edit a copy of LeNet-5, type a small network on the Design page, watch its parameter count follow the edits, train it for a
few steps, open it in Inside with the trained weights.

Skipped with a reason when chromium or Playwright is missing, except under CI=true (as tests/test_browser.py).
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
except ImportError:  # pragma: no cover (skipped above)
    pass

TIMEOUT = 60_000
SPEC = "name: tiny\ninput: 1x28x28\nlayers:\n  - conv: {out: 4, padding: same}\n  - relu\n  - maxpool: 2\n  - flatten\n  - linear: 10\n"


def params(out: int) -> int:
    """conv 3×3 (1 → out) and linear (out·14·14 → 10), counted by hand."""
    return out * 9 + out + out * 14 * 14 * 10 + 10


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("design")
    with streamlit_server(env=training_env(tmp)) as srv:
        yield srv
    stop_all(tmp / "runs")


def test_type_a_network_train_it_and_look_inside(server: Server, page: Page) -> None:
    page.goto(f"{server.url}/architecture?arch=lenet5")
    page.get_by_role("button", name=re.compile("Edit a copy on the Design page")).click()
    expect(page.get_by_role("heading", name="Design your own network")).to_be_visible(timeout=TIMEOUT)
    editor = page.get_by_role("textbox", name="Spec (YAML)")
    expect(editor).to_have_value(re.compile(r"name: lenet5_copy"), timeout=TIMEOUT)
    expect(page.get_by_text("61,706", exact=True)).to_be_visible(timeout=TIMEOUT)  # LeNet-5 (book), Elgendy ch. 5
    editor.fill(SPEC)
    editor.press("Control+Enter")
    expect(page.get_by_text(f"{params(4):,}", exact=True)).to_be_visible(timeout=TIMEOUT)

    editor.fill(SPEC.replace("out: 4", "out: 8"))  # a wider conv: the count follows
    editor.press("Control+Enter")
    expect(page.get_by_text(f"{params(8):,}", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"[?&]spec=z1\.[\w-]+"))
    editor.fill(SPEC.replace("  - flatten\n", ""))  # a mistake names its line
    editor.press("Control+Enter")
    expect(page.get_by_text(re.compile(r"Line 7: linear 'fc1' needs flat features"))).to_be_visible(timeout=TIMEOUT)
    editor.fill(SPEC.replace("out: 4", "out: 8"))
    editor.press("Control+Enter")
    expect(page.get_by_text(f"{params(8):,}", exact=True)).to_be_visible(timeout=TIMEOUT)
    shot(page, "design")

    page.get_by_role("link", name=re.compile("Train it")).click()
    expect(page.get_by_role("heading", name="Train", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Edit the spec on the Design page")).to_be_visible(timeout=TIMEOUT)  # the design is the model
    page.get_by_text("Data size, augmentation, seed, device").click()
    for label, value in (("Stop after this many steps (0: all the epochs)", "5"), ("Training images (0: all)", "256")):
        box = page.get_by_label(label, exact=True)
        box.fill(value)
        box.press("Enter")
    page.get_by_role("button", name=re.compile("^.?model_training.?Train$|^Train$")).click()
    expect(page.get_by_role("link", name=re.compile("Open in the Inside page"))).to_be_visible(timeout=2 * TIMEOUT)

    page.get_by_role("link", name=re.compile("Open in the Inside page")).click()
    expect(page.get_by_role("heading", name=re.compile("Inside Your design"))).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"[?&]run=[\w.-]+"))  # the run's weights, and its spec through the run
    grid = page.get_by_test_id("stImage").filter(has_text=re.compile(r"(conv1|relu1|pool1): channels \d+ of 8"))
    expect(grid.first).to_be_visible(timeout=TIMEOUT)  # feature maps of the 8-channel design
    expect(page.get_by_text("Traceback")).to_have_count(0)

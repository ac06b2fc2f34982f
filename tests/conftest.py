"""Shared fixtures: the app on a free port, chromium and a fresh page for the browser tests; PyTorch's thread count kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from appserver import CHROMIUM_ARGS, Server, browser_missing, find_chromium, streamlit_server

TIMEOUT = 60_000  # a first render on a busy 2-core CI machine can take many seconds


def _fail_if_missing() -> None:
    missing = browser_missing()
    if missing:  # only reached under CI=true: require_browser() skipped the file otherwise
        pytest.fail(f"CI=true but {missing}: .ci/run must install it", pytrace=False)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    _fail_if_missing()
    with streamlit_server() as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    _fail_if_missing()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    p = context.new_page()
    p.set_default_timeout(TIMEOUT)
    yield p
    context.close()


@pytest.fixture
def keep_torch_threads() -> Iterator[None]:
    """Training in this process sets PyTorch's thread count, as a worker does; the next tests get theirs back."""
    import torch

    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)

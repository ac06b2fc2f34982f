"""What a person does on the Train page in chromium, shared by the browser tests of each executor."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

POINTS_JS = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')].find(p => (p.data || []).some(t => t.name === 'training'));
  return plot ? plot.data.find(t => t.name === 'training').x.length : 0;
}"""
STEP = re.compile(r"Step ([\d,]+) of [\d,]+")
STOPPED = re.compile(r"Stopped (at step|after epoch) \d+")


def press_train(page: Page, url: str, timeout: float) -> None:
    """Open the Train page, ask for 100 epochs (a run that lasts), press Train, and see the curve gain points."""
    page.goto(f"{url}/train")
    expect(page.get_by_role("heading", name="Train", exact=True)).to_be_visible(timeout=timeout)
    epochs = page.get_by_label("Epochs", exact=True)
    epochs.fill("100")
    epochs.press("Enter")
    page.get_by_role("button", name=re.compile("^.?model_training.?Train$|^Train$")).click()
    # The run starts in another process; the live panel redraws once a second and the curve gains points.
    expect(page.get_by_text(STEP)).to_be_visible(timeout=timeout)  # a fresh process imports PyTorch first
    page.wait_for_function(f"({POINTS_JS})() >= 2", timeout=timeout)


def stop(page: Page, timeout: float) -> int:
    """Press Stop and wait until the run says it stopped; the curve's points then."""
    page.get_by_role("button", name=re.compile("Stop")).click()
    expect(page.get_by_text(STOPPED)).to_be_visible(timeout=timeout)
    return page.evaluate(POINTS_JS)


def resume(page: Page, points: int, timeout: float) -> None:
    """Press Resume (a button of the live panel's fragment) and see the curve go on from ``points``."""
    page.get_by_role("button", name=re.compile("Resume")).click()
    page.wait_for_function(f"({POINTS_JS})() > {points}", timeout=timeout)

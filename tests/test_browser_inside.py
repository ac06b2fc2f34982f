"""Real-browser test of the Inside page: upload a photo, see the feature maps, pick a unit, see its receptive field.

Skipped with a reason when chromium or Playwright is missing, except under
CI=true, where it must run (``.ci/run`` installs chromium).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from appserver import Server, require_browser, shot

pytestmark = pytest.mark.browser

require_browser()
try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover (skipped above)
    pass

def _photo(tmp_path: Path) -> Path:
    """A small JPEG 'photo': a bright disc on a dark gradient."""
    im = Image.radial_gradient("L").resize((160, 120)).convert("RGB")
    path = tmp_path / "my photo.jpg"
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90)
    path.write_bytes(buf.getvalue())
    return path


def _image_captioned(page: Page, pattern: str):
    return page.get_by_test_id("stImage").filter(has_text=re.compile(pattern))


def test_upload_a_photo_see_feature_maps_pick_a_unit_see_its_receptive_field(server: Server, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server.url}/inside?arch=tiny_vgg")
    expect(page.get_by_role("heading", name="Inside TinyVGG (CNN Explainer)")).to_be_visible()
    expect(_image_captioned(page, r"features\.max_pool_1: channels 10 of 10")).to_be_visible()  # the sample photo's grid

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Upload", exact=True).click()
    sidebar.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(_photo(tmp_path)))
    expect(page.get_by_text(re.compile(r"image: my photo\.jpg"))).to_be_visible()
    grid = _image_captioned(page, r"features\.max_pool_1: channels 10 of 10")
    expect(grid).to_be_visible()
    expect(grid.locator("img")).to_have_js_property("complete", True)
    assert grid.locator("img").evaluate("img => img.naturalWidth") > 300

    page.get_by_role("tab", name="Receptive field").click()
    expect(_image_captioned(page, re.escape("Theoretical receptive field of unit (15, 15)"))).to_be_visible()  # the centre
    row = page.get_by_label("Row i")
    row.fill("3")
    row.press("Enter")
    expect(_image_captioned(page, re.escape("Theoretical receptive field of unit (3, 15)"))).to_be_visible()
    column = page.get_by_label("Column j")
    column.fill("7")
    column.press("Enter")
    expect(_image_captioned(page, re.escape("Theoretical receptive field of unit (3, 7): rows 6…11, columns 14…19 (6×6 px)"))).to_be_visible()
    expect(_image_captioned(page, "Effective receptive field")).to_be_visible()
    # Or click a unit on the map: the lower left quarter of the 30×30 map.
    area = page.get_by_test_id("stPlotlyChart").locator(".nsewdrag").first
    bounds = area.bounding_box()
    page.mouse.click(bounds["x"] + bounds["width"] * 0.25, bounds["y"] + bounds["height"] * 0.75)
    expect(page.get_by_label("Row i")).not_to_have_value("3")
    assert int(page.get_by_label("Row i").input_value()) >= 18 and int(page.get_by_label("Column j").input_value()) <= 12
    expect(_image_captioned(page, re.escape(f"Theoretical receptive field of unit ({page.get_by_label('Row i').input_value()}, "))).to_be_visible()
    shot(page, "inside")


def test_a_text_file_named_png_is_a_message(server: Server, page: Page, tmp_path: Path) -> None:
    page.goto(f"{server.url}/inside?arch=tiny_vgg")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Upload", exact=True).click()
    fake = tmp_path / "holiday.png"
    fake.write_text("not a picture at all\n")
    sidebar.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(fake))
    expect(page.get_by_test_id("stAlert").filter(has_text="'holiday.png' is not an image")).to_be_visible()
    sidebar.get_by_text("Sample photo", exact=True).click()
    expect(page.get_by_text(re.compile(r"image: chelsea\.jpg"))).to_be_visible()

"""AppTest for the Inside page: a sample photo through random weights, layer changes, every view, bad files."""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest
import torch
from PIL import Image
from streamlit.testing.v1 import AppTest

import explorer
from explorer import settings as settings_module
from explorer.inside import features as F
from explorer.inside import weights as W
from ui import i18n
from ui import inside as inside_ui
from apptest import ok, open_page
from explorer.i18n import N_, NP_
from ui.inside import _INSIDE_CKPT, _INSIDE_IMAGE, _INSIDE_RUN_FILE, _INSIDE_WEIGHTS  # the page's own message tables
from ui.inside_views import _INSIDE_SORT

# The messages of f"inside.view.{v}", by v (from the keys of the old catalogue).
_INSIDE_VIEW = {
    "maps": N_("Feature maps"),
    "filters": NP_("inside.view.filters", "Filters"),
    "rf": N_("Receptive field"),
    "saliency": N_("Saliency"),
    "weights": NP_("inside.view.weights", "Weights"),
}

TIMEOUT = 60
PAGE = "pages/inside.py"


def _app(**query: str) -> AppTest:
    return open_page(PAGE, timeout=TIMEOUT, **query)


def _captions(at: AppTest) -> str:
    """Captions, image captions included."""
    return " ".join([c.value for c in at.caption] + [t for im in at.image for t in im.captions])


def _errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def _png(size=(80, 60)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def _png_header(w: int, h: int) -> bytes:
    """A PNG that claims w×h pixels in its header (nothing past the header is ever decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


def test_sample_photo_random_weights_and_walking_the_layers() -> None:
    at = _app(arch="tiny_vgg")
    assert at.title[0].value == "Inside TinyVGG (CNN Explainer)"
    assert "random initialisation, seed 0" in _captions(at) and "chelsea.jpg" in _captions(at)
    assert "features.max_pool_1** (MaxPool2d): 10 channels of 30×30" in _captions(at)
    assert at.image, "the feature-map grid"
    walk = F.walk_layers(explorer.analyze("tiny_vgg"))
    at.select_slider(key="w:in:walk").set_value(walk[-1].index).run()
    ok(at)
    assert "features.max_pool_2** (MaxPool2d): 10 channels of 13×13" in _captions(at)
    assert at.selectbox(key="w:in:layer").value == walk[-1].index
    # Back to a layer seen before: no forward pass.
    at.selectbox(key="w:in:layer").set_value(walk[2].index).run()
    ok(at)
    assert "from the cache (no forward pass)" in _captions(at)
    at.selectbox(key="w:in:sort").set_value("index")
    at.selectbox(key="w:in:cmap").set_value("magma").run()
    ok(at)


@pytest.mark.parametrize("view", ["Filters", "Receptive field", "Saliency", "Weights"])
def test_every_view_renders(view: str) -> None:
    at = _app(arch="tiny_vgg")
    at.session_state["w:in:view"] = view
    at.run()
    ok(at)
    assert not at.error
    if view == "Receptive field":
        at.number_input(key="w:in:unit_i").set_value(0)
        at.number_input(key="w:in:unit_j").set_value(0).run()
        ok(at)
        assert "Theoretical receptive field of unit (0, 0): rows 0…5, columns 0…5 (6×6 px)" in _captions(at)
    if view == "Saliency":
        assert "Random weights predict nothing yet" in _captions(at)
        assert "Grad-CAM for 'class" in _captions(at) and "Gradient saliency" in _captions(at)


def test_bad_uploads_are_messages_and_the_page_keeps_working() -> None:
    at = _app(arch="tiny_vgg")
    at.radio(key="w:in:image_source").set_value("upload").run()
    ok(at)
    jpeg = io.BytesIO()
    Image.effect_noise((120, 120), 60).convert("RGB").save(jpeg, "JPEG")
    for name, data, message in [
        ("notes.png", b"this is a text file, not a picture\n", "is not an image"),
        ("empty.png", b"", "is empty"),
        ("cut.jpg", jpeg.getvalue()[: len(jpeg.getvalue()) // 2], "is truncated"),
        ("bomb.png", _png_header(20000, 20000), "400 megapixels"),
    ]:
        at.file_uploader(key="w:in:upload").set_value((name, data, "image/png")).run()
        ok(at)
        assert message in _errors(at), _errors(at)
    at.file_uploader(key="w:in:upload").set_value(("blue.png", _png(), "image/png")).run()
    ok(at)
    assert not at.error and "blue.png" in _captions(at) and at.image
    at.radio(key="w:in:image_source").set_value("sample").run()
    assert "chelsea.jpg" in _captions(at)


def test_checkpoint_of_another_architecture_names_the_keys(tmp_path: Path) -> None:
    at = _app(arch="tiny_vgg")
    at.radio(key="w:in:weights").set_value("checkpoint").run()
    ok(at)
    assert at.radio(key="w:in:ckpt_mode").value == "upload"  # torchvision has no TinyVGG weights
    buf = io.BytesIO()
    torch.save(W.build_random("lenet5", seed=0).state_dict(), buf)
    at.file_uploader(key="w:in:ckpt_upload").set_value(("lenet.pth", buf.getvalue(), "application/octet-stream")).run()
    ok(at)
    text = _errors(at)
    assert "do not fit tiny_vgg" in text and "missing (features.conv_1_1.weight" in text and "looks like lenet5" in text


@pytest.fixture
def operator():
    """Set operator settings (environment variables) for one test; the environment and settings() are restored after."""
    saved = dict(os.environ)

    def set_env(**env: str):
        os.environ.update(env)
        return settings_module.reload()

    yield set_env
    os.environ.clear()
    os.environ.update(saved)
    settings_module.reload()


def test_pretrained_checkpoint_from_the_weights_folder_shows_imagenet_top5(tmp_path: Path, operator) -> None:
    (tmp_path / "imagenet").mkdir()
    path = tmp_path / "imagenet" / "resnet18-small.pth"
    torch.save(W.build_random("resnet18", {"width_mult": 0.25}, seed=0).state_dict(), path)
    operator(EXPLORER_WEIGHTS_FOLDER=str(tmp_path))
    at = _app(arch="resnet18", width_mult="0.25", input="3,64,64")
    at.radio(key="w:in:weights").set_value("checkpoint").run()
    at.radio(key="w:in:ckpt_mode").set_value("path").run()
    assert at.selectbox(key="w:in:ckpt_path").options == ["imagenet/resnet18-small.pth"]
    at.selectbox(key="w:in:ckpt_path").set_value("imagenet/resnet18-small.pth").run()
    ok(at)
    assert not at.error and "resnet18-small.pth" in _captions(at)
    at.session_state["w:in:view"] = "Saliency"
    at.run()
    ok(at)
    assert at.selectbox(key="w:in:class").format_func(281) == "tabby (281)"
    assert at.selectbox(key="w:in:target").value == "layer4#0"
    assert any(getattr(e, "type", "") == "plotly_chart" for e in at.main), "the top-5 chart"


def test_unreachable_download_is_a_message(tmp_path: Path, monkeypatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        monkeypatch.setenv(W.BASE_URL_ENV, f"http://127.0.0.1:{port}")
        monkeypatch.setenv(W.HUB_DIR_ENV, str(tmp_path / "hub"))
        at = _app(arch="resnet18", width_mult="0.25", input="3,64,64")
        at.radio(key="w:in:weights").set_value("checkpoint").run()
        assert at.radio(key="w:in:ckpt_mode").value == "download"
        at.button(key="in:download").click().run()
        job = at.session_state["in_download"]
        deadline = time.monotonic() + 10
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.05)
        at.run()
    ok(at)
    assert "may be offline" in _errors(at) and "127.0.0.1" in _errors(at)
    assert at.button(key="in:download"), "the button stays, to try again"
    at.segmented_control(key="w:lang").set_value("zh").run()  # the job keeps the error itself: its sentence in Chinese
    ok(at)
    assert _zh(N_("Could not download {name} from {host} ({reason}). This machine may be offline: download the file on a machine that is online and load it here as a checkpoint file (upload or path)."), **job.failure.params) in _errors(at) and "127.0.0.1" in _errors(at)


def test_run_in_the_url_preselects_a_trained_run(tmp_path: Path, monkeypatch) -> None:
    from explorer.training import runs as store
    from people_helpers import make_run

    monkeypatch.setenv(store.RUNS_ENV, str(tmp_path / "runs"))
    run = make_run()  # through the runs store's API, as the Train page's worker leaves it
    (run.weights_path("best")).unlink()
    at = _app(run=run.id)
    assert at.radio(key="w:in:weights").value == "run" and at.selectbox(key="w:in:run").value == run.id
    assert at.selectbox(key="w:arch").value == "tiny_vgg"
    assert f"run {run.id} (final.pt)" in _captions(at) and not at.error
    at.session_state["w:in:view"] = "Saliency"
    at.run()
    ok(at)
    assert at.selectbox(key="w:in:class").format_func(1) == "square (1)"
    assert at.selectbox(key="w:in:run").format_func(run.id).endswith(" · Finished")
    zh = _app(run=run.id, lang="zh")
    assert zh.selectbox(key="w:in:run").format_func(run.id).endswith(" · " + _zh(N_("Finished"))), "the status in words"


def test_download_official_weights_with_progress_then_use_them(tmp_path: Path, monkeypatch) -> None:
    """The whole download path against a local server: button, worker, hash check, cache, ImageNet top-5."""
    served = tmp_path / "served"
    served.mkdir()
    buf = io.BytesIO()
    torch.save(W.build_random("resnet18", {"width_mult": 0.25}, seed=0).state_dict(), buf)
    name = f"resnet18-{hashlib.sha256(buf.getvalue()).hexdigest()[:8]}.pth"
    (served / name).write_bytes(buf.getvalue())
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(served)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setitem(W.CHECKPOINTS, "resnet18", name)  # a file whose name carries its real hash
        monkeypatch.setenv(W.BASE_URL_ENV, f"http://127.0.0.1:{httpd.server_address[1]}")
        monkeypatch.setenv(W.HUB_DIR_ENV, str(tmp_path / "hub"))
        at = _app(arch="resnet18", width_mult="0.25", input="3,64,64")
        at.radio(key="w:in:weights").set_value("checkpoint").run()
        at.button(key="in:download").click().run()
        job = at.session_state["in_download"]
        deadline = time.monotonic() + 20
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.05)
        assert job.error is None and job.fraction() == 1.0
        at.run()
        ok(at)
        assert f"torchvision's {name}" in _captions(at) and not at.error
        assert (tmp_path / "hub" / name).is_file()
        at.session_state["w:in:view"] = "Saliency"
        at.run()
        ok(at)
        assert any(getattr(e, "type", "") == "plotly_chart" for e in at.main), "the top-5 chart"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- the page in Chinese ------------------------------------------------------------------------


def _zh(key: str, **fmt: object) -> str:
    return i18n.translate(key, "zh", **fmt)


def test_translated_options_are_in_the_catalogue() -> None:
    """Option labels are built from ids at run time (f-string keys the literal scan of test_i18n cannot see)."""
    labels = [*(_INSIDE_WEIGHTS[i] for i in inside_ui.WEIGHT_KINDS), *(_INSIDE_CKPT[i] for i in inside_ui.CKPT_MODES),
              *(_INSIDE_IMAGE[i] for i in inside_ui.IMAGE_SOURCES), *(_INSIDE_SORT[i] for i in inside_ui.SORTS),
              *(_INSIDE_VIEW[i] for i in inside_ui.VIEWS), *(_INSIDE_RUN_FILE[i] for i in ("best", "final"))]
    missing = [m for m in labels if i18n.translate(m, "zh") == m]
    assert not missing
    assert len({i18n.translate(_INSIDE_VIEW[v], lang) for v in inside_ui.VIEWS for lang in i18n.LANGS}) == 2 * len(inside_ui.VIEWS), \
        "a tab's label names one view in one language (the view is kept by its label)"


def test_inside_in_chinese_keeps_its_choices_across_a_language_switch() -> None:
    at = _app(arch="tiny_vgg", lang="zh")
    assert at.title[0].value == _zh(N_("Inside {arch}"), arch="TinyVGG (CNN Explainer)")
    assert at.radio(key="w:in:weights").label == _zh(NP_("inside.weights.label", "Weights"))
    assert at.radio(key="w:in:weights").options[0] == _zh(N_("Random (seed)"))
    assert at.radio(key="w:in:image_source").label == _zh(N_("Image"))
    assert at.select_slider(key="w:in:walk").label == _zh(N_("Walk through the layers: edges → textures → parts"))
    assert at.selectbox(key="w:in:layer").label == _zh(N_("Layer, in the model's own hierarchy"))
    assert at.selectbox(key="w:in:sort").label == _zh(N_("Sort channels by"))
    assert [tab.label for tab in at.tabs] == [_zh(_INSIDE_VIEW[v]) for v in inside_ui.VIEWS]
    assert _zh(N_("random initialisation, seed {seed}"), seed=0) in _captions(at) and "chelsea.jpg" in _captions(at)
    assert not [s for s in _captions(at).split() if s.startswith("inside.")], "no catalogue key shown raw"
    steps = " ".join(m.value for m in at.markdown)
    assert _zh(N_("Centre crop")) in steps and _zh(N_("Normalise")) in steps, "the preprocessing steps"
    assert at.selectbox(key="w:in:sample").format_func("chelsea.jpg") == _zh(N_("Chelsea the cat (CC0, Stefan van der Walt)"))

    at.selectbox(key="w:in:sort").set_value("index").run()
    at.radio(key="w:in:weights").set_value("checkpoint").run()
    ok(at)
    assert at.radio(key="w:in:ckpt_mode").value == "upload"  # torchvision has no TinyVGG weights
    assert at.info[0].value == _zh(N_("Choose the weights in the sidebar: a random initialisation, a trained run or a torchvision checkpoint."))

    at.segmented_control(key="w:lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Inside TinyVGG (CNN Explainer)"
    assert at.radio(key="w:in:weights").value == "checkpoint" and at.radio(key="w:in:ckpt_mode").value == "upload"
    assert at.radio(key="w:in:ckpt_mode").label == "Checkpoint"
    at.radio(key="w:in:weights").set_value("random").run()
    ok(at)
    assert at.selectbox(key="w:in:sort").value == "index", "the sort order survived the switch and the run that stopped early"
    assert at.selectbox(key="w:in:sort").label == "Sort channels by"
    at.session_state["w:in:view"] = "Receptive field"
    at.run()
    ok(at)

    at.segmented_control(key="w:lang").set_value("zh").run()
    ok(at)
    assert at.session_state["w:in:view"] == _zh(N_("Receptive field")), "the view chosen in English"
    assert at.number_input(key="w:in:unit_i").label == _zh(N_("Row i"))
    at.number_input(key="w:in:unit_i").set_value(0)
    at.number_input(key="w:in:unit_j").set_value(0).run()
    ok(at)
    assert _zh(N_("Theoretical receptive field of unit ({i}, {j}): rows {top}…{bottom}, columns {left}…{right} ({rh}×{rw} px)"), i=0, j=0, top=0, bottom=5, left=0, right=5, rh=6, rw=6) in _captions(at)
    picker = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert picker["layout"]["yaxis"]["title"]["text"] == _zh(N_("row i")), "the unit picker's axis title"
    at.session_state["w:in:view"] = _zh(N_("Saliency"))
    at.run()
    ok(at)
    assert _zh(N_("Top-5 predictions")) in [s.value for s in at.subheader] and not at.error
    assert at.selectbox(key="w:in:class").format_func(0) == _zh(N_("class {i}"), i=0) + " (0)"


def test_a_bad_upload_in_chinese_is_a_message() -> None:
    at = _app(arch="tiny_vgg", lang="zh")
    at.radio(key="w:in:image_source").set_value("upload").run()
    ok(at)
    assert at.info[0].value == _zh(N_("Upload a photo or take one with the camera (sidebar), or pick a sample photo."))
    assert at.file_uploader(key="w:in:upload").label == _zh(N_("Photo (PNG, JPEG, WebP, BMP, GIF)"))
    at.file_uploader(key="w:in:upload").set_value(("notes.png", b"this is a text file, not a picture\n", "image/png")).run()
    ok(at)
    assert "notes.png" in _errors(at)
    at.radio(key="w:in:image_source").set_value("sample").run()
    ok(at)
    assert not at.error and "chelsea.jpg" in _captions(at)

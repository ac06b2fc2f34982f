"""AppTest for each page: loads without exception, a change updates the numbers, bad input shows a message."""

from __future__ import annotations

import pytest

from streamlit.testing.v1 import AppTest
from apptest import open_page

TIMEOUT = 60


def _app(page: str | None = None, **query: str) -> AppTest:
    return open_page(page, timeout=TIMEOUT, **query)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_home_links_every_page() -> None:
    at = _app()
    assert at.title[0].value == "CNN Explorer"
    text = " ".join(m.value for m in at.markdown)
    assert "MACs" in text and "receptive field" in text.lower()


def test_architecture_page_shows_vgg16_by_default() -> None:
    at = _app("pages/architecture.py")
    assert at.title[0].value == "VGG-16"
    assert _metric(at, "Parameters") == "138,357,544"
    assert _metric(at, "Receptive field") == "212 px"
    assert at.query_params["arch"] == ["vgg16"] or at.query_params["arch"] == "vgg16"


def test_hyperparameter_change_updates_numbers() -> None:
    at = _app("pages/architecture.py")
    at.number_input(key="hp:vgg16:num_classes").set_value(10).run()
    assert not at.exception
    assert _metric(at, "Parameters") == f"{138_357_544 - 4096 * 990 - 990:,}"
    assert at.query_params["num_classes"] in ("10", ["10"])


def test_switching_architecture_and_keras_count() -> None:
    at = _app("pages/architecture.py")
    at.selectbox(key="w:arch").set_value("resnet50").run()
    assert _metric(at, "Parameters") == "25,557,032"
    at.toggle(key="w:keras").set_value(True).run()
    assert _metric(at, "Parameters (Keras-style)") == f"{25_557_032 + 53_120:,}"


def test_link_restores_state() -> None:
    at = _app("pages/architecture.py", arch="resnet_cifar", depth="56", shortcut="none", input="3,32,32")
    assert "CIFAR" in at.title[0].value
    assert at.number_input(key="hp:resnet_cifar:depth").value == 56
    assert at.selectbox(key="hp:resnet_cifar:shortcut").value == "none"


def test_input_too_small_shows_message_and_fix() -> None:
    at = _app("pages/architecture.py")
    at.number_input(key="w:in_h").set_value(16)
    at.number_input(key="w:in_w").set_value(16).run()
    assert not at.exception
    assert any("too small" in e.value and "32×32" in e.value for e in at.error)
    fix = [b for b in at.button if "smallest input" in b.label]
    assert fix, "a button offers the smallest input that works"
    fix[0].click().run()
    assert _metric(at, "Parameters") == "138,357,544"


def test_bad_link_is_a_message_not_a_traceback() -> None:
    at = _app("pages/architecture.py", arch="vgg16", num_classes="many")
    assert any("could not be used" in w.value for w in at.warning)


@pytest.mark.parametrize("preset", ["VGG-16 vs ResNet-50", "plain vs residual"])
def test_compare_page_presets_count_what_pytorch_and_torchinfo_count(preset: str) -> None:
    import torch
    import torchinfo

    from explorer.analysis.compare import PRESETS
    from explorer.zoo.registry import build, get

    at = _app("pages/compare.py")
    at.selectbox(key="w:preset").set_value(preset).run()
    assert not at.exception
    frame = at.table[0].value
    want_params, want_macs = [], []
    for name, hp in PRESETS[preset]:  # the oracle: the models themselves, counted by PyTorch and torchinfo on meta
        with torch.device("meta"):
            model = build(name, **hp)
        want_params.append(f"{sum(p.numel() for p in model.parameters()):,}")
        info = torchinfo.summary(model, input_size=(1, *get(name).input_shape), device="meta", verbose=0, mode="eval")
        want_macs.append(info.total_mult_adds)
    assert list(frame["Parameters"]) == want_params
    unit = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
    for cell, want in zip(frame["MACs"], want_macs):  # "15.48 G": rounded to a unit, so equal to 0.5 %
        value, _, prefix = str(cell).partition(" ")
        assert abs(float(value.replace(",", "")) * unit[prefix.strip()] - want) <= want * 0.005, (cell, want)


def test_compare_default_reads_both_counts() -> None:
    at = _app("pages/compare.py")
    frame = at.table[0].value
    text = frame.to_string()
    assert "VGG-16" in text and "ResNet-50" in text
    sentences = " ".join(m.value for m in at.markdown)
    assert "5.4×" in sentences

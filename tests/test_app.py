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


def _torch_params(model) -> str:
    """The oracle: PyTorch's own count of a model's parameters, written as the page writes it."""
    return f"{sum(p.numel() for p in model.parameters()):,}"


def test_home_links_every_page() -> None:
    at = _app()
    assert at.title[0].value == "CNN Explorer"
    text = " ".join(m.value for m in at.markdown)
    assert "MACs" in text and "receptive field" in text.lower()
    links = [e.proto for e in at.get("page_link")]
    assert [link.page for link in links] == ["architecture", "compare", "inside", "train", "learn"]
    assert all(link.label for link in links)


def test_architecture_page_shows_vgg16_by_default() -> None:
    at = _app("pages/architecture.py")
    assert at.title[0].value == "VGG-16"
    assert _metric(at, "Parameters") == "138,357,544"
    assert _metric(at, "Receptive field") == "212 px"
    assert at.query_params["arch"] == ["vgg16"] or at.query_params["arch"] == "vgg16"


def test_hyperparameter_change_updates_numbers() -> None:
    import torch

    from explorer.zoo.registry import build

    at = _app("pages/architecture.py")
    at.number_input(key="hp:vgg16:num_classes").set_value(10).run()
    assert not at.exception
    with torch.device("meta"):  # PyTorch's count, and the published one less 990 classes' weights and biases
        assert _metric(at, "Parameters") == _torch_params(build("vgg16", num_classes=10)) == f"{138_357_544 - 4096 * 990 - 990:,}"
    assert at.query_params["num_classes"] in ("10", ["10"])


def test_switching_architecture_and_keras_count() -> None:
    import torch

    from explorer.zoo.registry import build

    at = _app("pages/architecture.py")
    at.selectbox(key="w:arch").set_value("resnet50").run()
    assert _metric(at, "Parameters") == "25,557,032"  # torchvision's published count
    at.toggle(key="w:keras").set_value(True).run()
    with torch.device("meta"):
        model = build("resnet50")
    # Keras counts a batch norm's moving mean and variance as (non-trainable) parameters: PyTorch's buffers.
    stats = sum(b.numel() for n, b in model.named_buffers() if n.endswith(("running_mean", "running_var")))
    assert _metric(at, "Parameters (Keras-style)") == f"{25_557_032 + stats:,}"


def test_link_restores_state() -> None:
    import torch

    from explorer.zoo.registry import build

    at = _app("pages/architecture.py", arch="resnet_cifar", depth="56", shortcut="none", input="3,32,32")
    assert "CIFAR" in at.title[0].value
    assert at.number_input(key="hp:resnet_cifar:depth").value == 56
    assert at.selectbox(key="hp:resnet_cifar:shortcut").value == "none"
    with torch.device("meta"):
        assert _metric(at, "Parameters") == _torch_params(build("resnet_cifar", depth=56, shortcut="none"))


def test_layer_table_says_what_pytorch_computes() -> None:
    """Every leaf layer's output shape and parameters in the table, against a forward pass with hooks."""
    import torch

    from explorer.zoo.registry import build

    model = build("lenet5").eval()
    leaves = {n: m for n, m in model.named_modules() if n and not list(m.children())}
    at = _app("pages/architecture.py", arch="lenet5")
    at.select_slider(key="w:depth").set_value(max(n.count(".") + 1 for n in leaves)).run()  # every layer
    frame = at.dataframe[0].value.set_index("Name")
    shapes: dict[str, tuple[int, ...]] = {}

    def hook(name: str):
        def record(module, inputs, output) -> None:
            shapes.setdefault(name, tuple(output.shape[1:]))  # the first call of a module used twice
        return record

    hooks = [m.register_forward_hook(hook(n)) for n, m in leaves.items()]
    with torch.no_grad():
        model(torch.zeros(1, *model_input(at)))
    for h in hooks:
        h.remove()
    assert set(shapes) <= set(frame.index), (set(shapes) - set(frame.index))
    for name, shape in shapes.items():
        assert frame.loc[name, "Output"] == "×".join(map(str, shape)), name
        assert frame.loc[name, "Params"] == sum(p.numel() for p in leaves[name].parameters()), name


def model_input(at: AppTest) -> tuple[int, int, int]:
    return tuple(int(at.number_input(key=k).value) for k in ("w:in_c", "w:in_h", "w:in_w"))  # type: ignore[return-value]


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
    assert list(frame["Parameters"]) == ["138,357,544", "25,557,032"]  # torchvision's published counts
    sentences = " ".join(m.value for m in at.markdown)
    assert f"{138_357_544 / 25_557_032:.1f}×" == "5.4×" and "5.4×" in sentences

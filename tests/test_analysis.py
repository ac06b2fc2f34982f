"""The analysis engine against independent oracles, for every registered architecture.

* totals equal torchinfo's (parameters and mult-adds);
* every layer's output shape equals a real forward pass;
* receptive fields equal the footprint of the input gradient of one output unit;
* the smallest input is tight: PyTorch accepts it and refuses one pixel less.
"""

from __future__ import annotations

import copy
import json

import pytest
import torch
import torchinfo
from torch import nn

import explorer
from explorer.analysis import ReceptiveField, analyze
from explorer.analysis.engine import bind_input
from explorer.errors import InputTooSmall, InvalidHyperparameter, InvalidInput, UnknownArchitecture
from explorer.zoo import get, list_architectures
from footprint import positive_weights  # tests/footprint.py

torch.set_num_threads(2)

ALL = list_architectures()
# The backbone group is large (regnet_y_128gf has 644 M parameters): its real forward and backward passes run
# in each family's own test file, for representatives at small inputs; totals are checked here for all, on meta.
REAL = [n for n in ALL if get(n).group != "backbone"]


def _meta_model(name: str, hp: dict | None = None, shape=None) -> tuple[nn.Module, tuple[int, int, int]]:
    arch = get(name)
    hp, shape = bind_input(arch, hp or {}, shape)
    with torch.device("meta"):
        model = arch.builder(**hp)
    return model.eval(), shape


@pytest.mark.parametrize("name", ALL)
def test_totals_equal_torchinfo(name: str) -> None:
    report = analyze(name)
    model, shape = _meta_model(name)
    stats = torchinfo.summary(model, input_size=(1, *shape), device="meta", verbose=0, mode="eval")
    assert report.total_params == stats.total_params
    assert report.trainable_params == stats.trainable_params
    # torchinfo counts a Linear's weights once per sample; applied at every position of a map (ConvNeXt's
    # channel MLP) it does that work at each position, which the analysis counts.
    assert report.mult_adds == stats.total_mult_adds + _linear_positions_extra(model, shape)
    assert report.total_params == sum(p.numel() for p in model.parameters())


def _linear_positions_extra(model: nn.Module, shape: tuple[int, int, int]) -> int:
    """Multiply-adds torchinfo leaves out: (positions − 1) × (weights + biases) of each Linear call, from hooks."""
    extra = []

    def hook(m: nn.Module, args: tuple, out: torch.Tensor) -> None:
        x = args[0]
        extra.append((x.numel() // x.shape[-1] - 1) * sum(p.numel() for p in m.parameters()))

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Linear)]
    try:
        with torch.no_grad():
            model(torch.empty(1, *shape, device="meta"))
    finally:
        for h in handles:
            h.remove()
    return sum(extra)


def _real_forward_shapes(model: nn.Module, shape: tuple[int, int, int]) -> list[tuple[str, tuple[int, ...] | None]]:
    names = {m: n for n, m in model.named_modules()}
    seen: list[tuple[str, tuple[int, ...] | None]] = []
    handles = [
        m.register_forward_hook(
            lambda mod, args, out: seen.append(
                (names[mod], tuple((out if isinstance(out, torch.Tensor) else out[0]).shape[1:]))
            )
        )
        for m in model.modules()
        if m is not model
    ]
    try:
        with torch.no_grad():
            model(torch.zeros(1, *shape))
    finally:
        for h in handles:
            h.remove()
    return seen


# Sizes for the real forward pass: the default where it is cheap, else a smaller valid one.
_REAL_SIZE = {"vgg": 64, "resnet": 96, "alexnet": 96, "googlenet": 96}
# The modern backbones (EfficientNet-B7 at 600, V2-L at 480) are far too costly at their default input.
_BACKBONE_REAL_SIZE = 64


@pytest.mark.parametrize("name", REAL)
def test_layer_shapes_equal_real_forward(name: str) -> None:
    arch = get(name)
    size = next((v for k, v in _REAL_SIZE.items() if arch.name.startswith(k) and arch.group == "reference"), None)
    size = _BACKBONE_REAL_SIZE if arch.group == "backbone" else size
    shape = (arch.input_shape[0], size, size) if size else None
    report = analyze(name, input_shape=shape)
    hp, shape = bind_input(arch, {}, shape)
    model = arch.builder(**hp).eval()
    real = _real_forward_shapes(model, shape)
    # Hooks fire on exit, records are in entry order: compare as multisets per name, then the output.
    # Functional rows (F.max_pool2d called in a forward) have no module to hook; test_analysis_honest checks them.
    ours = sorted((r.name, r.output_shape) for r in report.layers if not r.functional)
    assert ours == sorted(real)
    with torch.no_grad():
        out = model(torch.zeros(1, *shape))
    assert report.output_shape == tuple(out.shape[1:])


# --- receptive fields: footprint of the input gradient --------------------------------------

def _cheap_case(name: str) -> tuple[str, dict, tuple[int, int, int] | None]:
    """Every architecture, made cheap for a float64 backward pass: narrow, few classes."""
    arch = get(name)
    hp: dict = {}
    if arch.hparam("width_mult") is not None:
        hp["width_mult"] = max(0.125, arch.hparam("width_mult").min or 0)
    if arch.hparam("num_classes") is not None:
        hp["num_classes"] = 10
    if arch.hparam("depth_mult") is not None:  # EfficientNet: a third of the blocks, residual ones included
        hp["depth_mult"] = 0.3
    c, h, w = arch.input_shape
    # 224-class models at 112: fields larger than the image are compared clipped to it (the larger
    # cases below keep whole fields inside the image).
    if h < 160:
        return name, hp, None
    size = max(112, *analyze(name, **hp).min_input_size)
    return name, hp, (1 if name == "googlenet" else c, size, size)


RF_CASES = [_cheap_case(n) for n in REAL] + [
    ("vgg11", {"width_mult": 0.125}, (3, 160, 160)),
    ("resnet18", {"width_mult": 0.125}, (3, 448, 448)),
    ("resnet50", {"width_mult": 0.125}, (3, 448, 448)),
    ("googlenet", {}, (1, 128, 128)),
    ("alexnet", {"width_mult": 0.25}, (3, 224, 224)),
    ("resnet_cifar", {"depth": 8, "shortcut": "identity"}, (3, 64, 64)),
    ("resnet_cifar", {"depth": 8, "shortcut": "projection"}, (3, 64, 64)),
    ("resnet_cifar", {"depth": 8, "shortcut": "none"}, (3, 64, 64)),
]


def _measurement_copy(model: nn.Module) -> nn.Module:
    """Max pooling → average pooling, ReLU6 → ReLU and positive weights, so every path carries gradient.

    Global pools are detached: a squeeze-and-excitation gate computed from the whole map scales each
    channel, and the receptive field follows the convolutions, not that gate.
    """
    model = copy.deepcopy(model).double().eval()

    def swap(parent: nn.Module) -> None:
        for child_name, child in parent.named_children():
            if isinstance(child, nn.MaxPool2d):
                setattr(parent, child_name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding, child.ceil_mode))
            elif isinstance(child, nn.AdaptiveMaxPool2d):
                setattr(parent, child_name, nn.AdaptiveAvgPool2d(child.output_size))
            elif isinstance(child, nn.ReLU6):  # saturates once residual sums pass 6: no gradient through the centre
                setattr(parent, child_name, nn.ReLU())
            elif isinstance(child, nn.AdaptiveAvgPool2d) and child.output_size in (1, (1, 1)):
                child.register_forward_hook(lambda mod, args, out: out.detach())
            else:
                swap(child)

    swap(model)
    positive_weights(model)
    return model


@pytest.mark.parametrize(("name", "hp", "shape"), RF_CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in RF_CASES])
def test_receptive_field_equals_gradient_footprint(name: str, hp: dict, shape: tuple[int, int, int]) -> None:
    report = analyze(name, input_shape=shape, **hp)
    arch = get(name)
    bound, shape = bind_input(arch, hp, shape)
    model = _measurement_copy(arch.builder(**bound))
    spatial = [r for r in report.layers if r.is_leaf and not r.functional and r.receptive_field is not None and len(r.output_shape) == 3]
    picks = {spatial[-1].index, spatial[len(spatial) // 2].index, spatial[len(spatial) // 4].index}
    # Pre-hooks number the module calls in entry order, which is the order of the records (functional rows,
    # such as Inception's F.avg_pool2d, have no hook).
    outputs: dict[int, torch.Tensor] = {}
    order = iter([r.index for r in report.layers if not r.functional])
    stack: list[int] = []

    def pre_push(mod, args):
        stack.append(next(order))

    def post_pop(mod, args, out):
        outputs[stack.pop()] = out

    handles = []
    for m in model.modules():
        if m is not model:
            handles += [m.register_forward_pre_hook(pre_push), m.register_forward_hook(post_pop)]
    x = torch.ones(1, *shape, dtype=torch.float64, requires_grad=True)
    model(x)
    for h in handles:
        h.remove()
    for idx in sorted(picks):
        rec = report.layers[idx]
        out = outputs[idx]
        _, _, oh, ow = out.shape
        i, j = oh // 2, ow // 2
        # Pixels no unit of this layer sees at all (a valid stride dropping the last columns) bound every field.
        (used,) = torch.autograd.grad(out.sum(), x, retain_graph=True)
        used_nz = used[0].abs().sum(0).nonzero()
        (u_top, u_left), (u_bottom, u_right) = used_nz.min(0).values.tolist(), used_nz.max(0).values.tolist()
        # All channels: after a concatenation each channel has its own branch's field; the layer's is the largest.
        (grad,) = torch.autograd.grad(out[0, :, i, j].sum(), x, retain_graph=True)
        nz = grad[0].abs().sum(0).nonzero()
        top, left = nz.min(0).values.tolist()
        bottom, right = nz.max(0).values.tolist()
        t, l, b, r = rec.receptive_field.span(i, j)
        expected = (max(t, u_top), max(l, u_left), min(b, u_bottom), min(r, u_right))
        assert (top, left, bottom, right) == expected, f"{rec.name}: gradient footprint vs receptive field"


# --- minimum input ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["vgg16", "resnet50", "googlenet", "alexnet", "lenet5", "resnet_cifar", "tiny_vgg"])
def test_min_input_is_tight(name: str) -> None:
    report = analyze(name)
    h, w = report.min_input_size
    analyze(name, input_shape=(report.input_shape[0], h, w))  # works
    if h == 1:  # e.g. ResNets: padding keeps every map at least 1×1
        return
    with pytest.raises(InputTooSmall) as err:
        analyze(name, input_shape=(report.input_shape[0], h - 1, w - 1))
    assert err.value.min_input_size == (h, w)
    assert f"{h}×{w}" in str(err.value) and err.value.layer in str(err.value)
    # PyTorch agrees: a real meta forward at h-1 fails, at h succeeds.
    model, _ = _meta_model(name, shape=(report.input_shape[0], h, w))
    model(torch.empty(1, report.input_shape[0], h, w, device="meta"))
    if "input_size" not in get(name).defaults():
        with pytest.raises(RuntimeError):
            model(torch.empty(1, report.input_shape[0], h - 1, w - 1, device="meta"))


def test_input_too_small_names_first_empty_layer() -> None:
    with pytest.raises(InputTooSmall) as err:
        analyze("vgg16", input_shape=(3, 16, 16))
    assert err.value.layer == "features.30"  # 16 → 8 → 4 → 2 → 1: the fifth pool gets a 1×1 map
    assert "32×32" in str(err.value)


# --- contract and edge cases -----------------------------------------------------------------

JSON_KEYS = {
    "architecture", "hyperparameters", "input_shape", "total_params", "trainable_params", "non_trainable_params",
    "keras_total_params", "mult_adds", "receptive_field", "min_input_size", "layers",
}


def test_json_contract() -> None:
    d = json.loads(json.dumps(analyze("resnet18").to_dict()))
    assert set(d) == JSON_KEYS
    assert d["architecture"] == "resnet18" and d["input_shape"] == [3, 224, 224]
    assert d["receptive_field"] == {"size": 435, "stride": 32, "padding": 217}  # 002 digest: 435 px
    assert d["min_input_size"] == [1, 1]  # padding keeps every ResNet map at least 1×1
    for layer in d["layers"]:
        assert set(layer) == {"name", "type", "depth", "output_shape", "params", "mult_adds", "receptive_field"}
    by_name = {layer["name"]: layer for layer in d["layers"]}
    assert by_name["avgpool"]["receptive_field"] is None  # global pooling
    assert by_name["fc"]["receptive_field"] is None
    assert by_name["layer4"]["receptive_field"]["size"] == 435


def test_analyze_model_instance_is_untouched() -> None:
    model = explorer.build("resnet_cifar", depth=8)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    report = analyze(model, input_shape=(3, 32, 32))
    assert model.training and all(m.training for m in model.modules())
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert all(not m._forward_hooks and not m._forward_pre_hooks for m in model.modules())
    assert report.total_params == sum(p.numel() for p in model.parameters())


def test_shared_parameter_counts_once() -> None:
    conv = nn.Conv2d(8, 8, 3, padding=1)
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), conv, nn.ReLU(), conv)
    report = analyze(model, input_shape=(3, 16, 16))
    assert report.total_params == 224 + 584
    assert [r.repeat for r in report.layers] == [False, False, False, True]
    assert report.mult_adds == (224 + 584 * 2) * 16 * 16  # compute is paid per call
    assert report.receptive_field.size == (7, 7)


class _TwoPaths(nn.Module):
    def __init__(self, shifted: bool) -> None:
        super().__init__()
        self.a = nn.Conv2d(1, 1, 3, padding=1)
        self.b = nn.Sequential(nn.Conv2d(1, 1, 3), nn.ZeroPad2d((2, 0, 2, 0))) if shifted else nn.Conv2d(1, 1, 5, padding=2)

    def forward(self, x):
        return self.a(x) + self.b(x)


def test_branches_take_the_larger_field() -> None:
    rep = analyze(_TwoPaths(shifted=False), input_shape=(1, 16, 16))
    assert rep.receptive_field == ReceptiveField((5, 5), (1, 1), (2, 2))
    assert not any("misaligned" in d for d in rep.diagnostics)


def test_misaligned_branches_are_reported() -> None:
    rep = analyze(_TwoPaths(shifted=True), input_shape=(1, 16, 16))
    assert any("misaligned" in d for d in rep.diagnostics)
    assert rep.receptive_field.size == (3, 3)


def test_bad_input_shapes() -> None:
    with pytest.raises(InvalidInput, match="channels"):
        analyze(explorer.build("lenet5"), input_shape=(3, 28, 28))
    with pytest.raises(InvalidInput, match="features"):
        analyze(explorer.build("lenet5"), input_shape=(1, 32, 32))
    with pytest.raises(InvalidInput):
        analyze("vgg16", input_shape=(3, 224))
    with pytest.raises(InvalidInput, match="in_channels"):
        analyze("resnet18", input_shape=(1, 64, 64), in_channels=3)
    with pytest.raises(UnknownArchitecture, match="resnet50"):
        analyze("resnet51")
    with pytest.raises(InvalidHyperparameter, match="num_classes"):
        analyze("resnet18", num_classes=0)


def test_input_follows_in_channels_and_size() -> None:
    rep = analyze("lenet5", input_shape=(1, 32, 32))
    assert rep.hyperparameters["input_size"] == 32
    rep = analyze("resnet18", input_shape=(1, 64, 64))
    assert rep.hyperparameters["in_channels"] == 1
    assert next(r for r in rep.layers if r.name == "conv1").params == 7 * 7 * 1 * 64


def test_large_input_needs_no_memory() -> None:
    rep = analyze("vgg19", input_shape=(3, 512, 512))
    first_conv = next(r for r in rep.layers if r.name == "features.0")
    assert first_conv.output_shape == (64, 512, 512)
    assert rep.mult_adds > 5 * 19_000_000_000


def test_a_single_layer_is_its_own_record() -> None:
    conv = nn.Conv2d(3, 8, 3)
    rep = analyze(conv, input_shape=(3, 32, 32))
    assert [r.name for r in rep.layers] == ["Conv2d"]
    assert rep.mult_adds == 201_600  # torchinfo: (3·3·3·8 + 8) · 30 · 30
    assert rep.receptive_field == ReceptiveField((3, 3), (1, 1), (0, 0))

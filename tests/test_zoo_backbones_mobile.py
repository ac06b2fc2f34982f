"""MobileNet-V2/V3, EfficientNet B0–B7 and V2, MNASNet: counts, keys, MACs, shapes, receptive fields, loading.

Oracles: torchvision's published parameter counts and GMACs (its Weights meta
"num_params" and "_ops"), torchvision's checkpoint key names and shapes (read
off its model definitions), torchinfo, and PyTorch itself (a real forward pass
and the input gradient). Counts are taken on the meta device; real passes run
on narrow models at small inputs, so the file stays fast on a small CPU.
"""

from __future__ import annotations

import copy
import io

import pytest
import torch
import torchinfo
from torch import nn

import explorer
import explorer.zoo as zoo
from explorer.analysis.engine import bind_input, build_meta
from explorer.errors import InvalidHyperparameter
from explorer.inside import saliency as S
from explorer.inside import weights as W
from explorer.zoo.efficientnet import FusedMBConv, MBConv
from explorer.zoo.mnasnet import STACKS, _stack, _stem
from explorer.zoo.mobilenet import SqueezeExcitation, StochasticDepth
from footprint import positive_weights  # tests/footprint.py
from explorer.i18n import N_

torch.set_num_threads(2)

# torchvision's documented counts (Weights meta "num_params").
COUNTS: dict[str, int] = {
    "mobilenet_v2": 3_504_872,
    "mobilenet_v3_large": 5_483_032,
    "mobilenet_v3_small": 2_542_856,
    "efficientnet_b0": 5_288_548,
    "efficientnet_b1": 7_794_184,
    "efficientnet_b2": 9_109_994,
    "efficientnet_b3": 12_233_232,
    "efficientnet_b4": 19_341_616,
    "efficientnet_b5": 30_389_784,
    "efficientnet_b6": 43_040_704,
    "efficientnet_b7": 66_347_960,
    "efficientnet_v2_s": 21_458_488,
    "efficientnet_v2_m": 54_139_356,
    "efficientnet_v2_l": 118_515_272,
    "mnasnet0_5": 2_218_512,
    "mnasnet0_75": 3_170_208,
    "mnasnet1_0": 4_383_312,
    "mnasnet1_3": 6_282_256,
}
NAMES = list(COUNTS)

# torchvision's GMACs at the weights' resolution (Weights meta "_ops", truncated by torchvision to the digits shown).
OPS: dict[str, float] = {
    "efficientnet_b0": 0.4, "efficientnet_b1": 0.7, "efficientnet_b2": 1.1, "efficientnet_b3": 1.8, "efficientnet_b4": 4.4,
    "efficientnet_b5": 10.3, "efficientnet_b6": 19.1, "efficientnet_b7": 37.7, "efficientnet_v2_s": 8.4,
    "efficientnet_v2_m": 24.6, "efficientnet_v2_l": 56.1,
    "mnasnet0_5": 0.104, "mnasnet0_75": 0.215, "mnasnet1_0": 0.314, "mnasnet1_3": 0.526,
}

# The resolution of torchvision's weights (their eval crop), which is each architecture's default input.
SIZES = {"efficientnet_b0": 224, "efficientnet_b1": 240, "efficientnet_b2": 288, "efficientnet_b3": 300,
         "efficientnet_b4": 380, "efficientnet_b5": 456, "efficientnet_b6": 528, "efficientnet_b7": 600,
         "efficientnet_v2_s": 384, "efficientnet_v2_m": 480, "efficientnet_v2_l": 480}

# Keys and shapes of torchvision's checkpoint files, read off its definitions.
KEYS: dict[str, dict[str, tuple[int, ...]]] = {
    "mobilenet_v2": {
        "features.0.0.weight": (32, 3, 3, 3),
        "features.0.1.running_var": (32,),
        "features.1.conv.0.0.weight": (32, 1, 3, 3),  # t = 1: no expansion, the depthwise conv comes first
        "features.1.conv.1.weight": (16, 32, 1, 1),
        "features.2.conv.0.0.weight": (96, 16, 1, 1),
        "features.2.conv.1.0.weight": (96, 1, 3, 3),
        "features.17.conv.2.weight": (320, 960, 1, 1),
        "features.18.0.weight": (1280, 320, 1, 1),
        "classifier.1.weight": (1000, 1280),
    },
    "mobilenet_v3_large": {
        "features.0.0.weight": (16, 3, 3, 3),
        "features.1.block.0.0.weight": (16, 1, 3, 3),
        "features.4.block.1.0.weight": (72, 1, 5, 5),
        "features.4.block.2.fc1.weight": (24, 72, 1, 1),  # squeeze: 72 // 4 = 18, rounded to 24
        "features.4.block.2.fc2.bias": (72,),
        "features.4.block.3.0.weight": (40, 72, 1, 1),
        "features.16.0.weight": (960, 160, 1, 1),
        "classifier.0.weight": (1280, 960),
        "classifier.3.weight": (1000, 1280),
    },
    "mobilenet_v3_small": {
        "features.1.block.1.fc1.weight": (8, 16, 1, 1),
        "features.12.0.weight": (576, 96, 1, 1),
        "classifier.0.weight": (1024, 576),
    },
    "efficientnet_b0": {
        "features.0.0.weight": (32, 3, 3, 3),
        "features.1.0.block.0.0.weight": (32, 1, 3, 3),
        "features.1.0.block.1.fc1.weight": (8, 32, 1, 1),
        "features.2.0.block.0.0.weight": (96, 16, 1, 1),
        "features.2.0.block.2.fc1.weight": (4, 96, 1, 1),  # squeeze: a quarter of the block's input (16)
        "features.6.3.block.1.0.weight": (1152, 1, 5, 5),
        "features.8.0.weight": (1280, 320, 1, 1),
        "classifier.1.weight": (1000, 1280),
    },
    "efficientnet_b7": {"features.0.0.weight": (64, 3, 3, 3), "features.7.3.block.3.0.weight": (640, 3840, 1, 1),
                        "classifier.1.weight": (1000, 2560)},
    "efficientnet_v2_s": {
        "features.0.0.weight": (24, 3, 3, 3),
        "features.1.0.block.0.0.weight": (24, 24, 3, 3),  # fused, no expansion: one 3×3
        "features.2.0.block.0.0.weight": (96, 24, 3, 3),  # fused expansion
        "features.2.0.block.1.0.weight": (48, 96, 1, 1),
        "features.4.0.block.2.fc1.weight": (16, 256, 1, 1),
        "features.6.14.block.3.1.running_mean": (256,),
        "features.7.0.weight": (1280, 256, 1, 1),
        "classifier.1.weight": (1000, 1280),
    },
    "mnasnet1_0": {
        "layers.0.weight": (32, 3, 3, 3),
        "layers.3.weight": (32, 1, 3, 3),
        "layers.6.weight": (16, 32, 1, 1),
        "layers.8.0.layers.0.weight": (48, 16, 1, 1),
        "layers.8.0.layers.3.weight": (48, 1, 3, 3),
        "layers.13.0.layers.6.weight": (320, 1152, 1, 1),
        "layers.14.weight": (1280, 320, 1, 1),
        "layers.15.running_var": (1280,),
        "classifier.1.weight": (1000, 1280),
    },
    "mnasnet0_5": {"layers.0.weight": (16, 3, 3, 3), "layers.6.weight": (8, 16, 1, 1), "layers.14.weight": (1280, 160, 1, 1)},
}


def meta(name: str, **hp) -> nn.Module:
    """Built on the meta device without running the weight init: shapes and counts only."""
    arch = zoo.get(name)
    return build_meta(arch, arch.resolve(hp))


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# ---------------------------------------------------------------------------
# Registry, counts, keys


def test_every_family_member_is_registered_as_a_backbone():
    backbones = set(zoo.list_architectures("backbone"))
    assert set(NAMES) <= backbones


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name):
    arch = zoo.get(name)
    assert arch.group == "backbone" and arch.pretrained and arch.title and arch.source and arch.notes
    assert arch.input_shape == (3, SIZES.get(name, 224), SIZES.get(name, 224))
    assert W.checkpoint_filename(name).endswith(".pth")
    assert {"num_classes", "in_channels", "width_mult", "dropout"} <= {h.name for h in arch.hparams}
    for h in arch.hparams:
        assert h.coerce(h.default) == h.default


def test_titles():
    expected = {"mobilenet_v2": "MobileNet-V2", "mobilenet_v3_large": "MobileNet-V3-Large", "efficientnet_b3": "EfficientNet-B3",
                "efficientnet_v2_m": "EfficientNetV2-M", "mnasnet0_75": "MNASNet 0.75"}
    assert {n: zoo.get(n).title for n in expected} == expected


@pytest.mark.parametrize("name", NAMES)
def test_parameter_count(name):
    assert n_params(meta(name)) == COUNTS[name]


@pytest.mark.parametrize("name", list(KEYS))
def test_state_dict_keys_are_torchvisions(name):
    got = {k: tuple(v.shape) for k, v in meta(name).state_dict().items()}
    for key, shape in KEYS[name].items():
        assert got[key] == shape, key
    assert got[next(k for k in got if k.endswith("num_batches_tracked"))] == ()


@pytest.mark.parametrize("name", ["mobilenet_v3_small", "efficientnet_b0", "mnasnet0_5"])
def test_a_saved_state_dict_loads_under_torchvisions_names(name):
    source = W.build_random(name, seed=1)
    buf = io.BytesIO()
    torch.save(source.state_dict(), buf)
    state = W.read_state_dict(buf.getvalue(), name=f"{name}.pth")
    target = zoo.build(name)
    assert W.load_state_dict(target, state, arch=name, torchvision=True) == []
    for key, value in source.state_dict().items():
        assert torch.equal(target.state_dict()[key], value), key
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert torch.allclose(source.eval()(x), target.eval()(x))


def test_mnasnet_version_1_checkpoint_keeps_its_stem():
    """torchvision's mnasnet0_5 file is a version-1 MNASNet: its stem has 32 and 16 channels whatever the width."""
    old = zoo.build("mnasnet0_5")
    for i, layer in enumerate([*_stem(3, [32, 16]), _stack(16, 16, *STACKS[0])]):
        old.layers[i] = layer
    old._version = 1
    buf = io.BytesIO()
    torch.save(old.state_dict(), buf)
    buf.seek(0)
    state = torch.load(buf, weights_only=True)  # keeps the version in state._metadata
    model = zoo.build("mnasnet0_5")
    assert model.layers[0].weight.shape == (16, 3, 3, 3)
    model.load_state_dict(state)
    assert model.layers[0].weight.shape == (32, 3, 3, 3) and model.layers[8][0].layers[0].weight.shape == (48, 16, 1, 1)
    assert model.state_dict()._metadata[""]["version"] == 1
    with torch.no_grad():
        assert model.eval()(torch.randn(1, 3, 32, 32)).shape == (1, 1000)
    # The app's loader reads plain dicts (no metadata): it recognises the stem by its shape.
    plain = W.read_state_dict(buf.getvalue(), name="mnasnet0.5_top1_67.823-3ffadce67e.pth")
    with torch.device("meta"):
        fresh = zoo.build("mnasnet0_5")
    notes = W.load_state_dict(fresh, plain, arch="mnasnet0_5", torchvision=True)
    assert [n.template for n in notes] == [N_("The checkpoint is torchvision's first MNASNet version, whose stem keeps 32 and 16 channels: the model's stem was rebuilt that way.")]
    assert torch.equal(fresh.layers[0].weight, old.layers[0].weight)
    with pytest.raises(W.WeightsMismatch):  # without torchvision=True the file is checked as it is
        W.load_state_dict(zoo.build("mnasnet0_5"), plain, arch="mnasnet0_5")


# ---------------------------------------------------------------------------
# MACs, shapes, receptive fields


@pytest.mark.parametrize("name", list(OPS))
def test_macs_match_torchvisions_published_gmacs(name):
    gmacs = explorer.analyze(name).mult_adds / 1e9
    digits = len(str(OPS[name]).split(".")[1])
    assert abs(gmacs - OPS[name]) < 10**-digits


@pytest.mark.parametrize(
    "name, hp, shape",
    [
        ("efficientnet_b0", {}, (3, 224, 224)),
        ("mobilenet_v3_large", {}, (3, 224, 224)),
        ("mnasnet1_0", {"width_mult": 0.75, "num_classes": 10}, (3, 128, 128)),
        ("mobilenet_v2", {"width_mult": 0.5}, (1, 160, 128)),
        ("efficientnet_v2_s", {"depth_mult": 0.5, "num_classes": 100}, (3, 128, 128)),
    ],
)
def test_totals_equal_torchinfo(name, hp, shape):
    report = explorer.analyze(name, input_shape=shape, **hp)
    arch = zoo.get(name)
    bound, shape = bind_input(arch, hp, shape)
    model = build_meta(arch, bound).eval()
    stats = torchinfo.summary(model, input_size=(1, *shape), device="meta", verbose=0, mode="eval")
    assert report.total_params == stats.total_params == n_params(model)
    assert report.mult_adds == stats.total_mult_adds


def _real_shapes(model: nn.Module, shape: tuple[int, int, int]) -> list[tuple[str, tuple[int, ...]]]:
    names = {m: n for n, m in model.named_modules()}
    seen: list[tuple[str, tuple[int, ...]]] = []
    handles = [m.register_forward_hook(lambda mod, args, out: seen.append((names[mod], tuple(out.shape[1:]))))
               for m in model.modules() if m is not model]
    with torch.no_grad():
        model(torch.zeros(1, *shape))
    for h in handles:
        h.remove()
    return seen


@pytest.mark.parametrize(
    "name, hp, shape",
    [("efficientnet_v2_s", {"width_mult": 0.25, "depth_mult": 0.3}, (3, 96, 80)), ("mnasnet0_5", {"in_channels": 1}, (1, 72, 64))],
)
def test_every_layer_shape_equals_a_real_forward(name, hp, shape):
    report = explorer.analyze(name, input_shape=shape, **hp)
    arch = zoo.get(name)
    bound, shape = bind_input(arch, hp, shape)
    real = _real_shapes(arch.builder(**bound).eval(), shape)
    assert sorted((r.name, r.output_shape) for r in report.layers if not r.functional) == sorted(real)


def _measurement_copy(model: nn.Module, *, gates: bool = False) -> nn.Module:
    """Double precision, positive weights, BatchNorm as identity, ReLU6 → ReLU (it saturates once residual sums
    pass 6), and, unless ``gates``, the squeeze-and-excitation gates cut from the gradient."""
    model = copy.deepcopy(model).double().eval()
    for parent in list(model.modules()):
        for child_name, child in parent.named_children():
            if isinstance(child, nn.ReLU6):
                setattr(parent, child_name, nn.ReLU())
    positive_weights(model)
    for m in model.modules():
        if isinstance(m, SqueezeExcitation) and not gates:
            m.avgpool.register_forward_hook(lambda mod, args, out: out.detach())
    return model


def _footprint(out: torch.Tensor, x: torch.Tensor, i: int, j: int) -> tuple[int, int, int, int]:
    (grad,) = torch.autograd.grad(out[0, :, i, j].sum(), x, retain_graph=True)
    nz = grad[0].abs().sum(0).nonzero()
    (top, left), (bottom, right) = nz.min(0).values.tolist(), nz.max(0).values.tolist()
    return top, left, bottom, right


def _outputs(model: nn.Module, names: list[str], x: torch.Tensor) -> dict[str, torch.Tensor]:
    modules = dict(model.named_modules())
    outs: dict[str, torch.Tensor] = {}
    for n in names:
        modules[n].register_forward_hook(lambda mod, args, out, n=n: outs.__setitem__(n, out))
    model(x)
    return outs


# One narrow model per family, at an input where the middle layers' fields fit inside the image.
RF_CASES = [
    ("mobilenet_v2", {"width_mult": 0.25, "num_classes": 10}, 128, ["features.3", "features.6", "features.7.conv.1.0"]),
    ("mobilenet_v3_small", {"width_mult": 0.25, "num_classes": 10}, 128, ["features.1", "features.3", "features.4.block.2"]),
    ("efficientnet_b0", {"width_mult": 0.25, "depth_mult": 0.5, "num_classes": 10}, 128,
     ["features.1.0.block.1", "features.3.0", "features.4.1"]),
    ("efficientnet_v2_s", {"width_mult": 0.25, "depth_mult": 0.3, "num_classes": 10}, 96,
     ["features.1.0", "features.3.1", "features.4.0.block.2"]),
    ("mnasnet0_5", {"width_mult": 0.25, "num_classes": 10}, 128, ["layers.7", "layers.8.2", "layers.9.1"]),
]


@pytest.mark.parametrize("name, hp, size, layers", RF_CASES, ids=[c[0] for c in RF_CASES])
def test_receptive_fields_equal_the_gradient_footprint(name, hp, size, layers):
    report = explorer.analyze(name, input_shape=(3, size, size), **hp)
    records = {r.name: r for r in report.layers if not r.repeat}
    model = _measurement_copy(zoo.build(name, **hp))
    x = torch.ones(1, 3, size, size, dtype=torch.float64, requires_grad=True)
    outs = _outputs(model, layers, x)
    for layer in layers:
        out, rf = outs[layer], records[layer].receptive_field
        _, _, oh, ow = out.shape
        i, j = oh // 2, ow // 2
        t, l, b, r = rf.span(i, j)
        assert 0 <= t and 0 <= l and b < size and r < size, f"{layer}: pick a layer whose field fits the image"
        assert _footprint(out, x, i, j) == (t, l, b, r), layer


def test_a_squeeze_and_excitation_gate_sees_the_whole_map():
    """The convention the notes state: the field follows the convolutions; the gate itself depends on every pixel."""
    hp = {"width_mult": 0.25, "depth_mult": 0.5, "num_classes": 10}
    report = explorer.analyze("efficientnet_b0", input_shape=(3, 96, 96), **hp)
    rec = next(r for r in report.layers if r.name == "features.1.0.block.1")
    model = _measurement_copy(zoo.build("efficientnet_b0", **hp), gates=True)
    x = torch.ones(1, 3, 96, 96, dtype=torch.float64, requires_grad=True)
    out = _outputs(model, ["features.1.0.block.1"], x)["features.1.0.block.1"]
    t, l, b, r = rec.receptive_field.span(24, 24)
    assert (b - t + 1, r - l + 1) == (7, 7)  # 3×3/2 stem, then a 3×3 depthwise
    assert _footprint(out, x, 24, 24) == (0, 0, 95, 95)


# ---------------------------------------------------------------------------
# Forward passes, hyperparameters, init, Grad-CAM


@pytest.mark.parametrize("name", ["mobilenet_v2", "mobilenet_v3_large", "efficientnet_b0", "mnasnet1_0"])
def test_forward_real(name):
    model = zoo.build(name, num_classes=7).eval()
    with torch.no_grad():
        out = model(torch.randn(2, 3, 64, 64))
    assert out.shape == (2, 7) and torch.isfinite(out).all()


def test_stochastic_depth():
    sd = StochasticDepth(0.5, "row")
    x = torch.ones(64, 3, 2, 2)
    assert sd.eval()(x) is x
    y = sd.train()(x)
    kept = y[:, 0, 0, 0]
    assert set(kept.tolist()) <= {0.0, 2.0} and 0 < (kept == 0).sum() < 64  # whole samples dropped, survivors ×2
    assert (y == y[:, :1, :1, :1]).all()
    with pytest.raises(ValueError):
        StochasticDepth(1.5)


def test_stochastic_depth_grows_linearly_with_the_block_index():
    model = meta("efficientnet_b0", stochastic_depth_prob=0.4)
    blocks = [m for m in model.modules() if isinstance(m, (MBConv, FusedMBConv))]
    assert len(blocks) == 16
    assert [b.stochastic_depth.p for b in blocks] == pytest.approx([0.4 * i / 16 for i in range(16)])
    v2 = meta("efficientnet_v2_s")
    assert sum(isinstance(m, FusedMBConv) for m in v2.modules()) == 10 and sum(isinstance(m, MBConv) for m in v2.modules()) == 30
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        assert zoo.build("efficientnet_b0", width_mult=0.25, stochastic_depth_prob=0.9).train()(x).shape == (2, 1000)


def test_width_and_depth_multipliers():
    b0 = meta("efficientnet_b0", width_mult=2.0, depth_mult=3.1)
    b7 = meta("efficientnet_b7")
    assert [len(s) for s in b0.features[1:8]] == [len(s) for s in b7.features[1:8]] == [4, 7, 7, 10, 10, 13, 4]
    assert n_params(b0) == n_params(b7) == COUNTS["efficientnet_b7"]  # B7 is B0 scaled, with TensorFlow's BatchNorm settings
    assert b7.features[1][0].block[0][1].eps == 1e-3 and b0.features[1][0].block[0][1].eps == 1e-5
    assert meta("mobilenet_v2", width_mult=0.5).features[0][0].out_channels == 16
    assert meta("mobilenet_v2", width_mult=0.5).classifier[1].in_features == 1280  # the last conv keeps ≥ 1280
    assert meta("mobilenet_v3_large", width_mult=0.5).features[0][0].out_channels == 8
    assert meta("mnasnet1_0", width_mult=0.5).layers[0].out_channels == 16
    assert [len(s) for s in meta("efficientnet_v2_l", depth_mult=0.5).features[1:8]] == [2, 4, 4, 5, 10, 13, 4]


def test_dropout_and_classes():
    assert meta("efficientnet_b4").classifier[0].p == 0.4
    assert meta("efficientnet_v2_m").classifier[0].p == 0.3
    assert meta("mobilenet_v3_small", dropout=0.1).classifier[2].p == 0.1
    assert meta("mobilenet_v2", num_classes=5).classifier[1].out_features == 5
    assert meta("mnasnet0_75", dropout=0.0).classifier[0].p == 0.0


@pytest.mark.parametrize(
    "name, hp, value",
    [("efficientnet_b0", "stochastic_depth_prob", 0.95), ("efficientnet_b1", "depth_mult", 0), ("mobilenet_v2", "width_mult", 0),
     ("mnasnet1_3", "dropout", 1.0), ("mobilenet_v3_large", "num_classes", 0)],
)
def test_bad_values_name_the_hyperparameter(name, hp, value):
    with pytest.raises(InvalidHyperparameter, match=f"'{hp}'"):
        zoo.build(name, **{hp: value})


def test_init_is_torchvisions():
    torch.manual_seed(0)
    eff = zoo.build("efficientnet_b0")
    bound = 1 / 1000**0.5
    w = eff.classifier[1].weight
    assert w.abs().max() <= bound and w.abs().max() > 0.95 * bound and (eff.classifier[1].bias == 0).all()
    mob = zoo.build("mobilenet_v3_small")
    assert abs(mob.classifier[3].weight.std().item() - 0.01) < 0.001
    assert abs(mob.features[0][0].weight.std().item() - (2 / (16 * 9)) ** 0.5) < 0.03  # Kaiming, fan_out
    mnas = zoo.build("mnasnet1_0")
    assert abs(mnas.layers[14].weight.std().item() - (2 / 1280) ** 0.5) < 0.001
    assert (mnas.layers[1].weight == 1).all() and mnas.layers[1].momentum == pytest.approx(0.0003)


@pytest.mark.parametrize(
    "name, expected",
    [("mobilenet_v2", "features.18.2"), ("mobilenet_v3_small", "features.12.2"), ("efficientnet_b0", "features.8.2"),
     ("efficientnet_v2_s", "features.7.2"), ("mnasnet0_5", "layers.16")],
)
def test_grad_cam_default_target_is_the_last_conv_stage(name, expected):
    assert S.default_target_layer(meta(name), explorer.analyze(name)) == (expected, 0)

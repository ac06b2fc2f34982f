"""DenseNet, SqueezeNet, ShuffleNet V2, Inception v3, ResNeXt and Wide ResNet against independent oracles.

Oracles: torchvision's published parameter counts ("num_params" of its weights' metadata) and
checkpoint key names and shapes, parameter arithmetic by hand, torchinfo (mult-adds), and PyTorch
itself (real forward passes, the input gradient's footprint for receptive fields). Counts and
keys use the meta device; real passes run at small inputs or on narrowed models, so the file
stays fast on a small CPU.
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
from explorer.analysis.engine import bind_input
from explorer.errors import InputTooSmall, InvalidHyperparameter
from explorer.inside import weights as W
from explorer.inside.saliency import default_target_layer
from explorer.zoo.inception import InceptionAux, InceptionOutputs
from explorer.zoo.shufflenet import channel_shuffle
from footprint import positive_weights  # tests/footprint.py
from explorer.i18n import N_

torch.set_num_threads(2)

# torchvision's documented counts (num_params of each IMAGENET1K_V1 weight; Inception v3's counts its AuxLogits).
COUNTS: dict[str, int] = {
    "densenet121": 7_978_856,
    "densenet161": 28_681_000,
    "densenet169": 14_149_480,
    "densenet201": 20_013_928,
    "squeezenet1_0": 1_248_424,
    "squeezenet1_1": 1_235_496,
    "shufflenet_v2_x0_5": 1_366_792,
    "shufflenet_v2_x1_0": 2_278_604,
    "shufflenet_v2_x1_5": 3_503_624,
    "shufflenet_v2_x2_0": 7_393_996,
    "resnext50_32x4d": 25_028_904,
    "resnext101_32x8d": 88_791_336,
    "resnext101_64x4d": 83_455_272,
    "wide_resnet50_2": 68_883_240,
    "wide_resnet101_2": 126_886_696,
    "inception_v3": 27_161_264,
}
NAMES = list(COUNTS)

# state_dict entries, by hand (a BatchNorm holds 5 with num_batches_tracked, a conv 1 or 2, a linear 2).
KEY_COUNTS: dict[str, int] = {
    # conv0 1 + norm0 5 + 58 dense layers x (2 BN + 2 conv = 12) + 3 transitions x 6 + norm5 5 + classifier 2
    "densenet121": 1 + 5 + 58 * 12 + 3 * 6 + 5 + 2,
    "densenet201": 1 + 5 + 98 * 12 + 3 * 6 + 5 + 2,
    # 8 Fire modules x 3 convs x (weight, bias) + stem 2 + final conv 2
    "squeezenet1_0": 8 * 6 + 2 + 2,
    # conv1 6; a stride-2 unit: branch1 (2 convs + 2 BN) 12 + branch2 (3 convs + 3 BN) 18; a stride-1 unit 18;
    # 3 stride-2 units and 13 stride-1 units; conv5 6; fc 2
    "shufflenet_v2_x1_0": 6 + 3 * 30 + 13 * 18 + 6 + 2,
    "resnext50_32x4d": 320,  # the same modules as ResNet-50: only the 3×3's groups differ
    "wide_resnet101_2": 626,
    # 94 BasicConv2d x 6 (conv + BN) + fc 2, AuxLogits: 2 BasicConv2d + fc
    "inception_v3": 94 * 6 + 2 + 2 * 6 + 2,
}

# Keys and shapes of torchvision's checkpoint files.
KEYS: dict[str, dict[str, tuple[int, ...]]] = {
    "densenet121": {
        "features.conv0.weight": (64, 3, 7, 7),
        "features.norm0.running_var": (64,),
        "features.denseblock1.denselayer1.norm1.weight": (64,),
        "features.denseblock1.denselayer1.conv1.weight": (128, 64, 1, 1),
        "features.denseblock1.denselayer1.conv2.weight": (32, 128, 3, 3),
        "features.denseblock1.denselayer6.norm1.weight": (224,),
        "features.transition1.conv.weight": (128, 256, 1, 1),
        "features.denseblock4.denselayer16.conv2.weight": (32, 128, 3, 3),
        "features.norm5.weight": (1024,),
        "classifier.weight": (1000, 1024),
        "classifier.bias": (1000,),
    },
    "densenet161": {"features.conv0.weight": (96, 3, 7, 7), "features.denseblock1.denselayer1.conv1.weight": (192, 96, 1, 1),
                    "classifier.weight": (1000, 2208)},
    "densenet169": {"features.transition3.conv.weight": (640, 1280, 1, 1), "classifier.weight": (1000, 1664)},
    "densenet201": {"features.denseblock3.denselayer48.conv2.weight": (32, 128, 3, 3), "classifier.weight": (1000, 1920)},
    "squeezenet1_0": {
        "features.0.weight": (96, 3, 7, 7),
        "features.3.squeeze.weight": (16, 96, 1, 1),
        "features.3.expand1x1.weight": (64, 16, 1, 1),
        "features.3.expand3x3.weight": (64, 16, 3, 3),
        "features.12.expand3x3.bias": (256,),
        "classifier.1.weight": (1000, 512, 1, 1),
    },
    "squeezenet1_1": {"features.0.weight": (64, 3, 3, 3), "features.3.squeeze.weight": (16, 64, 1, 1),
                      "features.12.squeeze.weight": (64, 512, 1, 1), "classifier.1.bias": (1000,)},
    "shufflenet_v2_x1_0": {
        "conv1.0.weight": (24, 3, 3, 3),
        "conv1.1.running_mean": (24,),
        "stage2.0.branch1.0.weight": (24, 1, 3, 3),
        "stage2.0.branch1.2.weight": (58, 24, 1, 1),
        "stage2.0.branch2.0.weight": (58, 24, 1, 1),
        "stage2.0.branch2.3.weight": (58, 1, 3, 3),
        "stage2.1.branch2.0.weight": (58, 58, 1, 1),
        "stage3.7.branch2.5.weight": (116, 116, 1, 1),
        "stage4.3.branch2.6.num_batches_tracked": (),
        "conv5.0.weight": (1024, 464, 1, 1),
        "fc.weight": (1000, 1024),
    },
    "shufflenet_v2_x0_5": {"stage2.0.branch1.2.weight": (24, 24, 1, 1), "conv5.0.weight": (1024, 192, 1, 1)},
    "shufflenet_v2_x2_0": {"stage4.0.branch1.0.weight": (488, 1, 3, 3), "fc.weight": (1000, 2048)},
    "resnext50_32x4d": {
        "layer1.0.conv1.weight": (128, 64, 1, 1),
        "layer1.0.conv2.weight": (128, 4, 3, 3),
        "layer1.0.conv3.weight": (256, 128, 1, 1),
        "layer4.0.conv2.weight": (1024, 32, 3, 3),
        "layer4.0.downsample.0.weight": (2048, 1024, 1, 1),
        "fc.weight": (1000, 2048),
    },
    "resnext101_32x8d": {"layer1.0.conv2.weight": (256, 8, 3, 3), "layer3.22.conv3.weight": (1024, 1024, 1, 1)},
    "resnext101_64x4d": {"layer1.0.conv2.weight": (256, 4, 3, 3), "layer4.2.conv2.weight": (2048, 32, 3, 3)},
    "wide_resnet50_2": {"layer1.0.conv2.weight": (128, 128, 3, 3), "layer1.0.conv3.weight": (256, 128, 1, 1),
                        "layer4.2.conv2.weight": (1024, 1024, 3, 3)},
    "wide_resnet101_2": {"layer3.22.conv1.weight": (512, 1024, 1, 1)},
    "inception_v3": {
        "Conv2d_1a_3x3.conv.weight": (32, 3, 3, 3),
        "Conv2d_1a_3x3.bn.running_var": (32,),
        "Conv2d_4a_3x3.conv.weight": (192, 80, 3, 3),
        "Mixed_5b.branch1x1.conv.weight": (64, 192, 1, 1),
        "Mixed_5b.branch5x5_2.conv.weight": (64, 48, 5, 5),
        "Mixed_5b.branch_pool.conv.weight": (32, 192, 1, 1),
        "Mixed_6a.branch3x3.conv.weight": (384, 288, 3, 3),
        "Mixed_6b.branch7x7_2.conv.weight": (128, 128, 1, 7),
        "Mixed_6e.branch7x7dbl_5.conv.weight": (192, 192, 1, 7),
        "Mixed_7a.branch7x7x3_4.conv.weight": (192, 192, 3, 3),
        "Mixed_7c.branch3x3_2b.conv.weight": (384, 384, 3, 1),
        "AuxLogits.conv0.conv.weight": (128, 768, 1, 1),
        "AuxLogits.conv1.conv.weight": (768, 128, 5, 5),
        "AuxLogits.fc.weight": (1000, 768),
        "fc.weight": (1000, 2048),
    },
}

# One small model per family for the passes that run for real, at a small valid input.
SMALL: dict[str, tuple[dict, int]] = {
    "densenet121": ({}, 64),
    "squeezenet1_1": ({}, 64),
    "shufflenet_v2_x0_5": ({}, 64),
    "resnext50_32x4d": ({"width_mult": 0.25}, 64),
    "wide_resnet50_2": ({"width_mult": 0.25}, 64),
    "inception_v3": ({}, 75),  # its smallest input
}


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build_meta(name: str, **hp) -> nn.Module:
    with torch.device("meta"):
        return zoo.build(name, **hp)


def shapes(model: nn.Module) -> dict[str, tuple[int, ...]]:
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}


# ---------------------------------------------------------------------------
# Registry, counts, keys


def test_registered_as_backbones():
    for name in NAMES:
        arch = zoo.get(name)
        assert arch.group == "backbone" and arch.pretrained and arch.title and arch.source
        assert arch.input_shape == ((3, 299, 299) if name == "inception_v3" else (3, 224, 224))
        assert W.checkpoint_filename(name)
        for h in arch.hparams:
            assert h.coerce(h.default) == h.default
    assert zoo.get("resnext50_32x4d").title == "ResNeXt-50 32×4d" and zoo.get("densenet121").title == "DenseNet-121"


@pytest.mark.parametrize("name", NAMES)
def test_parameter_count_is_torchvisions(name):
    assert n_params(build_meta(name)) == COUNTS[name]


@pytest.mark.parametrize("name", list(KEYS))
def test_state_dict_keys_are_torchvisions(name):
    got = shapes(build_meta(name))
    if name in KEY_COUNTS:
        assert len(got) == KEY_COUNTS[name]
    for key, shape in KEYS[name].items():
        assert got[key] == shape, key


def test_inception_without_aux_head():
    # AuxLogits by hand: conv0 768·128 + BN 2·128, conv1 128·768·25 + BN 2·768, fc 768·1000 + 1000.
    aux = 768 * 128 + 2 * 128 + 128 * 768 * 25 + 2 * 768 + 768 * 1000 + 1000
    model = build_meta("inception_v3", aux_logits=False)
    assert model.AuxLogits is None and n_params(model) == COUNTS["inception_v3"] - aux == 23_834_568
    assert not any(k.startswith("AuxLogits") for k in model.state_dict())


def test_densenet_knobs_change_the_count_as_arithmetic_says():
    # k = 8, init 16, bn_size 2, one layer per block: by hand, BN (2c) and bias-free convs.
    k, c0, b = 8, 16, 2
    model = build_meta("densenet121", growth_rate=k, num_init_features=c0, bn_size=b,
                       layers1=1, layers2=1, layers3=1, layers4=1, num_classes=10)
    total, c = 3 * c0 * 49 + 2 * c0, c0
    for block in range(4):
        total += 2 * c + c * b * k + 2 * b * k + b * k * k * 9
        c += k
        if block < 3:
            total += 2 * c + c * (c // 2)
            c //= 2
    total += 2 * c + c * 10 + 10
    assert n_params(model) == total
    assert model.features.denseblock2.denselayer1.drop_rate == 0.0
    assert build_meta("densenet121", dropout=0.2).features.denseblock4.denselayer16.drop_rate == 0.2


def test_resnext_knobs():
    # groups=1, width_per_group=64 is ResNet-50 itself.
    assert n_params(build_meta("resnext50_32x4d", groups=1, width_per_group=64)) == 25_557_032
    assert shapes(build_meta("wide_resnet50_2", blocks3=23)) == shapes(build_meta("wide_resnet101_2"))
    narrow = build_meta("resnext50_32x4d", width_mult=0.125)  # 8 planes: one channel per group, not zero
    assert narrow.layer1[0].conv2.weight.shape == (32, 1, 3, 3)


def test_shufflenet_units():
    model = build_meta("shufflenet_v2_x1_0", units2=1, units3=2, units4=1)
    assert [len(model.stage2), len(model.stage3), len(model.stage4)] == [1, 2, 1]
    assert model.eval()(torch.empty(1, 3, 224, 224, device="meta")).shape == (1, 1000)


@pytest.mark.parametrize("name", ["densenet169", "squeezenet1_0", "shufflenet_v2_x1_5", "resnext101_64x4d", "inception_v3"])
def test_num_classes_and_in_channels(name):
    model = build_meta(name, num_classes=3, in_channels=1).eval()
    first = next(m for m in model.modules() if isinstance(m, nn.Conv2d))
    assert first.in_channels == 1
    _, h, w = zoo.get(name).input_shape
    assert model(torch.empty(2, 1, h, w, device="meta")).shape == (2, 3)


@pytest.mark.parametrize(
    "name, hp, value",
    [
        ("densenet121", "growth_rate", 0),
        ("densenet161", "layers3", 0),
        ("densenet201", "dropout", 1.0),
        ("squeezenet1_1", "dropout", -0.1),
        ("shufflenet_v2_x0_5", "units2", 0),
        ("resnext50_32x4d", "groups", 0),
        ("wide_resnet50_2", "width_per_group", 0),
        ("inception_v3", "aux_logits", "maybe"),
    ],
)
def test_bad_value_names_the_hyperparameter(name, hp, value):
    with pytest.raises(InvalidHyperparameter, match=f"'{hp}'"):
        zoo.build(name, **{hp: value})


def test_inception_transform_input_needs_rgb():
    with pytest.raises(InvalidHyperparameter, match="'transform_input'"):
        zoo.build("inception_v3", transform_input=True, in_channels=1)


# ---------------------------------------------------------------------------
# Initialisation (torchvision's, each family its own)


def test_init_is_torchvisions():
    torch.manual_seed(0)
    dn = zoo.build("densenet121", layers1=2, layers2=1, layers3=1, layers4=1)
    w = dn.features.denseblock1.denselayer1.conv2.weight  # kaiming normal, fan_in = 128 * 9
    assert abs(w.std().item() - (2 / (128 * 9)) ** 0.5) < 0.003
    assert (dn.classifier.bias == 0).all() and (dn.features.norm0.weight == 1).all()

    sq = zoo.build("squeezenet1_1")
    assert abs(sq.classifier[1].weight.std().item() - 0.01) < 0.001
    assert all((m.bias == 0).all() for m in sq.modules() if isinstance(m, nn.Conv2d))
    w = sq.features[3].expand3x3.weight  # kaiming uniform, fan_in = 16 * 9: bound √(6 / fan_in)
    assert w.abs().max().item() <= (6 / (16 * 9)) ** 0.5 and w.abs().max().item() > 0.9 * (6 / (16 * 9)) ** 0.5

    inc = zoo.build("inception_v3")
    assert abs(inc.Mixed_6e.branch7x7dbl_3.conv.weight.std().item() - 0.1) < 0.005
    assert abs(inc.AuxLogits.fc.weight.std().item() - 0.001) < 0.0001
    # torchvision's quirk: the 0.01 it sets on AuxLogits.conv1 is never read, so that conv gets 0.1 too
    assert abs(inc.AuxLogits.conv1.conv.weight.std().item() - 0.1) < 0.005
    assert inc.Conv2d_1a_3x3.bn.eps == 0.001


# ---------------------------------------------------------------------------
# Real forward passes


def test_channel_shuffle_interleaves_the_groups():
    x = torch.arange(6.0).view(1, 6, 1, 1).expand(1, 6, 2, 2)
    assert channel_shuffle(x, 2)[0, :, 0, 0].tolist() == [0, 3, 1, 4, 2, 5]
    assert channel_shuffle(x, 3)[0, :, 1, 1].tolist() == [0, 2, 4, 1, 3, 5]


def test_inception_aux_head_in_training_only():
    model = build_meta("inception_v3", num_classes=5).train()
    out = model(torch.empty(2, 3, 299, 299, device="meta"))
    assert isinstance(out, InceptionOutputs) and out.logits.shape == out.aux_logits.shape == (2, 5)
    with pytest.raises(InputTooSmall, match="299×299") as err:  # the aux head's 5×5/3 pool and 5×5 conv need 17×17
        model(torch.empty(2, 3, 298, 298, device="meta"))
    assert err.value.min_input_size == (299, 299) and err.value.layer == "AuxLogits"
    assert type(model.eval()(torch.empty(1, 3, 75, 75, device="meta"))) is torch.Tensor
    head = InceptionAux(768, 5).train()
    with torch.no_grad():
        assert head(torch.randn(2, 768, 17, 17)).shape == (2, 5)


def test_inception_transform_input():
    model = build_meta("inception_v3", transform_input=True)
    pixel = torch.tensor([0.2, 0.5, 0.9]).view(1, 3, 1, 1)
    mean, std = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    assert torch.allclose(model._transform_input((pixel - mean) / std), (pixel - 0.5) / 0.5, atol=1e-6)
    # the analysis follows x[:, 0] → unsqueeze → cat: same field, no diagnostic
    plain, transformed = explorer.analyze("inception_v3"), explorer.analyze("inception_v3", transform_input=True)
    assert not transformed.diagnostics and transformed.receptive_field == plain.receptive_field


def _real_shapes(model: nn.Module, shape: tuple[int, int, int]) -> list[tuple[str, tuple[int, ...]]]:
    names = {m: n for n, m in model.named_modules()}
    seen: list[tuple[str, tuple[int, ...]]] = []
    hooks = [m.register_forward_hook(lambda mod, a, out: seen.append((names[mod], tuple(out.shape[1:]))))
             for m in model.modules() if m is not model]
    try:
        with torch.no_grad():
            model(torch.zeros(1, *shape))
    finally:
        for h in hooks:
            h.remove()
    return seen


@pytest.mark.parametrize("name", list(SMALL))
def test_every_layer_shape_equals_a_real_forward(name):
    hp, size = SMALL[name]
    shape = (3, size, size)
    report = explorer.analyze(name, input_shape=shape, num_classes=7, **hp)
    model = zoo.build(name, num_classes=7, **hp).eval()
    assert sorted((r.name, r.output_shape) for r in report.layers if not r.functional) == sorted(_real_shapes(model, shape))
    with torch.no_grad():
        out = model(torch.randn(2, *shape))
    assert out.shape == (2, 7) and torch.isfinite(out).all() and report.output_shape == (7,)


@pytest.mark.parametrize("name", ["densenet121", "squeezenet1_1", "shufflenet_v2_x0_5", "resnext50_32x4d", "inception_v3"])
def test_mult_adds_and_params_equal_torchinfo(name):
    report = explorer.analyze(name)
    model = build_meta(name).eval()
    stats = torchinfo.summary(model, input_size=(1, *zoo.get(name).input_shape), device="meta", verbose=0, mode="eval")
    assert report.mult_adds == stats.total_mult_adds
    assert report.total_params == stats.total_params == COUNTS[name]


# ---------------------------------------------------------------------------
# Receptive fields: the footprint of the input gradient


def _measurement_copy(model: nn.Module) -> nn.Module:
    """Average pools for max pools and positive weights, so that every path carries gradient (as tests/test_analysis.py)."""
    model = copy.deepcopy(model).double().eval()
    for parent in list(model.modules()):
        for child_name, child in parent.named_children():
            if isinstance(child, nn.MaxPool2d):
                setattr(parent, child_name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding, child.ceil_mode))
    positive_weights(model)
    return model


# Narrow, shallow members of each family; the picks include the blocks that merge branches.
RF_CASES = [
    ("densenet121", {"growth_rate": 8, "num_init_features": 16, "layers1": 2, "layers2": 2, "layers3": 2, "layers4": 2,
                     "num_classes": 10}, 96, ["features.denseblock1", "features.transition2", "features.denseblock4"]),
    ("squeezenet1_0", {"num_classes": 10}, 96, ["features.3", "features.12"]),
    ("squeezenet1_1", {"num_classes": 10}, 64, ["features.12"]),
    ("shufflenet_v2_x0_5", {"units2": 2, "units3": 2, "units4": 2, "num_classes": 10}, 128,
     ["stage2.1", "stage3.0", "stage4.1", "conv5"]),
    ("resnext50_32x4d", {"width_mult": 0.125, "blocks3": 2, "num_classes": 10}, 160, ["layer2.0", "layer4"]),
    ("inception_v3", {"num_classes": 10, "aux_logits": False}, 75, ["Mixed_6a", "Mixed_7c"]),
]


@pytest.mark.parametrize(("name", "hp", "size", "blocks"), RF_CASES, ids=[c[0] for c in RF_CASES])
def test_receptive_field_equals_gradient_footprint(name, hp, size, blocks):
    shape = (3, size, size)
    report = explorer.analyze(name, input_shape=shape, **hp)
    assert not report.diagnostics
    bound, shape = bind_input(zoo.get(name), hp, shape)
    model = _measurement_copy(zoo.get(name).builder(**bound))
    spatial = [r for r in report.layers if r.receptive_field is not None and r.output_shape and len(r.output_shape) == 3]
    leaves = [r for r in spatial if r.is_leaf and not r.functional]  # a functional row has no hook
    picks = {leaves[-1].index, leaves[len(leaves) // 2].index} | {r.index for r in spatial if r.name in blocks}
    assert set(blocks) <= {r.name for r in spatial}, "a merging block lost its receptive field"
    outputs: dict[int, torch.Tensor] = {}
    order = iter([r.index for r in report.layers if not r.functional])  # functional rows have no hook
    stack: list[int] = []
    handles = []
    for m in model.modules():
        if m is not model:
            handles.append(m.register_forward_pre_hook(lambda mod, a: stack.append(next(order))))
            handles.append(m.register_forward_hook(lambda mod, a, out: outputs.__setitem__(stack.pop(), out)))
    x = torch.ones(1, *shape, dtype=torch.float64, requires_grad=True)
    model(x)
    for h in handles:
        h.remove()
    for idx in sorted(picks):
        rec = report.layers[idx]
        out = outputs[idx]
        _, _, oh, ow = out.shape
        i, j = oh // 2, ow // 2
        (used,) = torch.autograd.grad(out.sum(), x, retain_graph=True)
        (u_top, u_left), (u_bottom, u_right) = (used[0].abs().sum(0).nonzero().min(0).values.tolist(),
                                                used[0].abs().sum(0).nonzero().max(0).values.tolist())
        (grad,) = torch.autograd.grad(out[0, :, i, j].sum(), x, retain_graph=True)
        nz = grad[0].abs().sum(0).nonzero()
        top, left = nz.min(0).values.tolist()
        bottom, right = nz.max(0).values.tolist()
        t, l, b, r = rec.receptive_field.span(i, j)
        assert (top, left, bottom, right) == (max(t, u_top), max(l, u_left), min(b, u_bottom), min(r, u_right)), rec.name


def test_receptive_fields_at_the_default_input():
    # By hand for SqueezeNet 1.1: conv 3/2 (r 3, j 2), pool 3/2 (7, 4), two Fires' 3×3 (+8 +8 → 23), pool (31, 8),
    # two Fires (+16 +16 → 63), pool (79, 16), four Fires (+32 × 4 → 207).
    assert explorer.analyze("squeezenet1_1").receptive_field.size == (207, 207)
    # Inception v3's parallel 1×3 and 3×1 convolutions: the merged field is square (the larger on each axis).
    rf = explorer.analyze("inception_v3").receptive_field
    assert rf.size[0] == rf.size[1] and rf.stride == (32, 32)


# ---------------------------------------------------------------------------
# Inside: Grad-CAM's default layer, torchvision's checkpoint files


@pytest.mark.parametrize(
    "name, layer",
    [("densenet121", "features.norm5"), ("squeezenet1_0", "features.12"), ("squeezenet1_1", "features.12"),
     ("shufflenet_v2_x1_0", "conv5"), ("resnext50_32x4d", "layer4"), ("wide_resnet101_2", "layer4"),
     ("inception_v3", "Mixed_7c")],
)
def test_grad_cam_default_layer(name, layer):
    report = explorer.analyze(name)
    assert default_target_layer(build_meta(name), report) == (layer, 0)


@pytest.mark.parametrize("name, hp", [("shufflenet_v2_x0_5", {}), ("squeezenet1_1", {}),
                                      ("resnext50_32x4d", {"width_mult": 0.25, "blocks3": 1})])
def test_a_saved_state_dict_loads_under_torchvisions_names(name, hp):
    model = zoo.build(name, **hp)
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    state = W.read_state_dict(buf.getvalue(), name="file.pth")
    fresh = build_meta(name, **hp)
    assert W.load_state_dict(fresh, state, arch=name, torchvision=True) == []
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), fresh.state_dict().values()))


def test_densenet_checkpoint_with_old_key_names_and_no_batch_counters():
    """torchvision's DenseNet files: 'denselayer1.norm.1.weight' names, and (saved before PyTorch 0.4.1) no num_batches_tracked."""
    hp = dict(layers1=1, layers2=2, layers3=1, layers4=1, growth_rate=8, num_init_features=16)
    model = zoo.build("densenet121", **hp)
    old = {}
    for key, value in model.state_dict().items():
        if key.endswith("num_batches_tracked"):
            continue
        for part in ("norm", "relu", "conv"):
            for i in ("1", "2"):
                key = key.replace(f".{part}{i}.", f".{part}.{i}.")
        old[key] = value
    assert "features.denseblock2.denselayer2.norm.1.weight" in old
    fresh = build_meta("densenet121", **hp)
    W.load_state_dict(fresh, old, arch="densenet121", torchvision=True)
    assert all(torch.equal(a, b) for (k, a), b in zip(model.state_dict().items(), fresh.state_dict().values())
               if not k.endswith("num_batches_tracked"))


def test_inception_checkpoint_into_a_model_without_aux_head():
    # torchvision's file carries AuxLogits; values do not matter here, only names and shapes
    state = {k: torch.zeros(v.shape, dtype=v.dtype) for k, v in build_meta("inception_v3").state_dict().items()}
    model = build_meta("inception_v3", aux_logits=False)
    notes = W.load_state_dict(model, state, arch="inception_v3", torchvision=True)
    assert {n.template for n in notes} == {N_("The checkpoint's auxiliary classifier (AuxLogits) was left out: this model has none."), N_("transform_input switched on: torchvision's Inception-v3 weights were trained on inputs scaled to [-1, 1].")}
    assert model.transform_input and not any(p.is_meta for p in model.parameters())

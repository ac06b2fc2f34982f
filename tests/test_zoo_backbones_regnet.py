"""RegNetX, RegNetY and ConvNeXt against independent oracles.

Oracles: torchvision's published parameter counts ("num_params" in its weights'
metadata) and checkpoint key names, the RegNet paper's stage widths and depths,
torchinfo's totals, PyTorch itself (real forward passes, input gradients).
Counts are taken on the meta device; real passes are 64×64 and only for
regnet_y_400mf, regnet_x_400mf and convnext_tiny (regnet_y_128gf has 644 M
parameters and is never built with real weights).
"""

from __future__ import annotations

import copy
import io

import pytest
import torch
import torchinfo
from torch import nn

import explorer.zoo as zoo
from explorer.analysis import analyze
from explorer.inside.saliency import default_target_layer
from explorer.zoo.convnext import CNBlock, LayerNorm2d, stochastic_depth
from explorer.zoo.regnet import BlockParams, SqueezeExcitation
from explorer.i18n import N_

torch.set_num_threads(2)

# torchvision's published counts (torchvision/models/regnet.py and convnext.py, meta["num_params"]).
COUNTS: dict[str, int] = {
    "regnet_x_400mf": 5_495_976,
    "regnet_x_800mf": 7_259_656,
    "regnet_x_1_6gf": 9_190_136,
    "regnet_x_3_2gf": 15_296_552,
    "regnet_x_8gf": 39_572_648,
    "regnet_x_16gf": 54_278_536,
    "regnet_x_32gf": 107_811_560,
    "regnet_y_400mf": 4_344_144,
    "regnet_y_800mf": 6_432_512,
    "regnet_y_1_6gf": 11_202_430,
    "regnet_y_3_2gf": 19_436_338,
    "regnet_y_8gf": 39_381_472,
    "regnet_y_16gf": 83_590_140,
    "regnet_y_32gf": 145_046_770,
    "regnet_y_128gf": 644_812_894,
    "convnext_tiny": 28_589_128,
    "convnext_small": 50_223_688,
    "convnext_base": 88_591_464,
    "convnext_large": 197_767_336,
}
NAMES = list(COUNTS)
SMALL = ["regnet_y_400mf", "regnet_x_400mf", "convnext_tiny"]  # the only ones run for real

# Keys and shapes of torchvision's checkpoint files.
KEYS: dict[str, dict[str, tuple[int, ...]]] = {
    "regnet_y_400mf": {
        "stem.0.weight": (32, 3, 3, 3),
        "stem.1.running_var": (32,),
        "trunk_output.block1.block1-0.proj.0.weight": (48, 32, 1, 1),
        "trunk_output.block1.block1-0.f.a.0.weight": (48, 32, 1, 1),
        "trunk_output.block1.block1-0.f.b.0.weight": (48, 8, 3, 3),  # 6 groups of 8
        "trunk_output.block1.block1-0.f.se.fc1.weight": (8, 48, 1, 1),  # 0.25 × the block's input width 32
        "trunk_output.block1.block1-0.f.se.fc1.bias": (8,),
        "trunk_output.block1.block1-0.f.se.fc2.weight": (48, 8, 1, 1),
        "trunk_output.block1.block1-0.f.c.1.num_batches_tracked": (),
        "trunk_output.block2.block2-2.f.b.0.weight": (104, 8, 3, 3),
        "trunk_output.block4.block4-5.f.c.0.weight": (440, 440, 1, 1),
        "fc.weight": (1000, 440),
    },
    "regnet_x_400mf": {
        "trunk_output.block1.block1-0.f.b.0.weight": (32, 16, 3, 3),
        "trunk_output.block3.block3-6.f.a.0.weight": (160, 160, 1, 1),
        "trunk_output.block4.block4-0.proj.1.running_mean": (400,),
        "trunk_output.block4.block4-11.f.b.0.weight": (400, 16, 3, 3),
        "fc.bias": (1000,),
    },
    "convnext_tiny": {
        "features.0.0.weight": (96, 3, 4, 4),
        "features.0.0.bias": (96,),
        "features.0.1.weight": (96,),
        "features.1.0.block.0.weight": (96, 1, 7, 7),
        "features.1.0.block.2.bias": (96,),
        "features.1.0.block.3.weight": (384, 96),
        "features.1.0.block.5.weight": (96, 384),
        "features.1.0.layer_scale": (96, 1, 1),
        "features.2.0.weight": (96,),
        "features.2.1.weight": (192, 96, 2, 2),
        "features.5.8.layer_scale": (384, 1, 1),
        "features.6.1.weight": (768, 384, 2, 2),
        "features.7.2.block.5.bias": (768,),
        "classifier.0.weight": (768,),
        "classifier.2.weight": (1000, 768),
    },
}
KEY_COUNTS = {
    "convnext_tiny": 182,  # stem 4 + 18 blocks × 9 + 3 downsamples × 4 + classifier 4
}

# The paper's Appendix (and pycls' model zoo): stage depths and widths of the 400MF models.
STAGES = {
    "regnet_x_400mf": ([1, 2, 7, 12], [32, 64, 160, 400], 16),
    "regnet_y_400mf": ([1, 3, 6, 6], [48, 104, 208, 440], 8),
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


def test_every_family_member_is_registered_as_a_backbone():
    mine = {a.name for a in zoo.architectures() if a.name.startswith(("regnet_", "convnext_"))}
    assert mine == set(NAMES)
    assert set(NAMES) <= set(zoo.list_architectures("backbone"))


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name):
    arch = zoo.get(name)
    assert arch.group == "backbone" and arch.pretrained and arch.notes and arch.source
    assert arch.input_shape == (3, 224, 224)
    for h in arch.hparams:
        assert h.coerce(h.default) == h.default


@pytest.mark.parametrize(
    "name, title",
    [("regnet_y_1_6gf", "RegNetY-1.6GF"), ("regnet_x_400mf", "RegNetX-400MF"), ("regnet_y_128gf", "RegNetY-128GF"),
     ("convnext_tiny", "ConvNeXt-Tiny"), ("convnext_large", "ConvNeXt-Large")],
)
def test_titles(name, title):
    assert zoo.get(name).title == title


@pytest.mark.parametrize("name", NAMES)
def test_parameter_count_is_torchvisions(name):
    assert n_params(build_meta(name)) == COUNTS[name]


@pytest.mark.parametrize("name", list(KEYS))
def test_state_dict_keys(name):
    got = shapes(build_meta(name))
    for key, shape in KEYS[name].items():
        assert got[key] == shape, key
    if name in KEY_COUNTS:
        assert len(got) == KEY_COUNTS[name]


@pytest.mark.parametrize("name", list(STAGES))
def test_regnet_400mf_stages_are_the_papers(name):
    depths, widths, g = STAGES[name]
    model = build_meta(name)
    stages = list(model.trunk_output.children())
    assert [len(s) for s in stages] == depths
    assert [s[0].f.c[0].out_channels for s in stages] == widths
    assert all(s[0].f.b[0].in_channels // s[0].f.b[0].groups == g for s in stages)


def test_block_params_rejects_what_torchvision_rejects():
    with pytest.raises(ValueError):
        BlockParams.from_init_params(16, 44, 27.89, 2.09, 8)  # w_0 not a multiple of 8


@pytest.mark.parametrize("name", SMALL)
def test_state_dict_round_trip(name):
    """A checkpoint saved under torchvision's key names loads strictly into a fresh model and gives the same output."""
    hp = {f"blocks{i}": 1 for i in range(1, 5)} if name.startswith("convnext") else {}  # same keys per block, fewer blocks
    a, b = zoo.build(name, num_classes=5, **hp).eval(), zoo.build(name, num_classes=5, **hp).eval()
    buf = io.BytesIO()
    torch.save(a.state_dict(), buf)
    buf.seek(0)
    b.load_state_dict(torch.load(buf, weights_only=True), strict=True)
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        assert torch.equal(a(x), b(x))


# ---------------------------------------------------------------------------
# Real forwards (64×64), shapes, MACs


@pytest.mark.parametrize("name", SMALL)
def test_forward_real(name):
    model = zoo.build(name, num_classes=7).eval()
    with torch.no_grad():
        out = model(torch.randn(2, 3, 64, 64))
    assert out.shape == (2, 7) and torch.isfinite(out).all()


def _real_shapes(model: nn.Module, size: int) -> list[tuple[str, tuple[int, ...]]]:
    names = {m: n for n, m in model.named_modules()}
    seen = []
    handles = [m.register_forward_hook(lambda mod, args, out: seen.append((names[mod], tuple(out.shape[1:]))))
               for m in model.modules() if m is not model]
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in handles:
        h.remove()
    return seen


@pytest.mark.parametrize("name", SMALL)
def test_every_layer_shape_equals_a_real_forward(name):
    report = analyze(name, input_shape=(3, 64, 64))
    real = _real_shapes(zoo.build(name).eval(), 64)
    assert sorted((r.name, r.output_shape) for r in report.layers if not r.functional) == sorted(real)
    assert report.output_shape == (1000,)


@pytest.mark.parametrize("name", SMALL)
def test_totals_equal_torchinfo(name):
    report = analyze(name)
    stats = torchinfo.summary(build_meta(name).eval(), input_size=(1, 3, 224, 224), device="meta", verbose=0, mode="eval")
    assert report.total_params == stats.total_params == COUNTS[name]
    # torchinfo counts a Linear once per image; ConvNeXt's run at every position, where the analysis counts them.
    assert report.mult_adds == stats.total_mult_adds + _linear_positions_extra(build_meta(name).eval())


def _linear_positions_extra(model: nn.Module) -> int:
    """(positions − 1) × (weights + biases) of every Linear call, read by hooks on a meta forward pass."""
    extra = []
    hooks = [m.register_forward_hook(lambda m, args, out: extra.append(
        (args[0].numel() // args[0].shape[-1] - 1) * sum(p.numel() for p in m.parameters())))
        for m in model.modules() if isinstance(m, nn.Linear)]
    with torch.no_grad():
        model(torch.empty(1, 3, 224, 224, device="meta"))
    for h in hooks:
        h.remove()
    return sum(extra)


def test_regnet_macs_match_torchvisions_flops():
    # torchvision documents "_ops" (GFLOPS, counted as multiply-adds) 0.4 for both 400MF models and 1.6 for Y-1.6GF.
    assert round(analyze("regnet_y_400mf").mult_adds / 1e9, 1) == 0.4
    assert round(analyze("regnet_x_400mf").mult_adds / 1e9, 1) == 0.4
    assert round(analyze("regnet_y_1_6gf").mult_adds / 1e9, 1) == 1.6


def test_torchinfo_counts_a_channels_last_linear_once_per_image():
    """torchinfo counts a Linear's weights once per image; the analysis counts them at each of ConvNeXt's positions."""
    lin = nn.Linear(96, 384)
    stats = torchinfo.summary(lin, input_size=(1, 56, 56, 96), verbose=0)
    assert stats.total_mult_adds == 96 * 384 + 384  # not × 56·56 positions
    assert analyze(lin, input_shape=(56, 56, 96)).mult_adds == 56 * 56 * (96 * 384 + 384)
    report = analyze("convnext_tiny")
    assert round(report.mult_adds / 1e9, 1) == 4.5  # torchvision's "_ops" for convnext_tiny
    assert "torchinfo" in zoo.get("convnext_tiny").notes
    assert not report.diagnostics  # counted, so nothing to excuse under the totals
    assert not analyze("regnet_y_400mf").diagnostics


STAGE_SHAPES = {
    "regnet_y_400mf": {"stem": (32, 112, 112), "trunk_output.block1": (48, 56, 56), "trunk_output.block2": (104, 28, 28),
                       "trunk_output.block3": (208, 14, 14), "trunk_output.block4": (440, 7, 7)},
    "convnext_tiny": {"features.0": (96, 56, 56), "features.1": (96, 56, 56), "features.3": (192, 28, 28),
                      "features.5": (384, 14, 14), "features.7": (768, 7, 7)},
}


@pytest.mark.parametrize("name", list(STAGE_SHAPES))
def test_stage_shapes_at_224(name):
    got = {r.name: r.output_shape for r in analyze(name).layers}
    for layer, shape in STAGE_SHAPES[name].items():
        assert got[layer] == shape, layer


# ---------------------------------------------------------------------------
# Receptive fields: the footprint of the input gradient


def _measurement_copy(model: nn.Module, *, detach_se: bool) -> nn.Module:
    """float64, evaluation mode, random positive weights (uniform ones would make LayerNorm's gradient vanish)."""
    model = copy.deepcopy(model).double().eval()
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.copy_((0.5 + torch.rand(m.weight.shape, generator=g, dtype=torch.float64)) / m.weight[0].numel())
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                m.running_mean.zero_()
                m.running_var.fill_(1.0)
            elif isinstance(m, CNBlock):
                m.layer_scale.fill_(1.0)
            if hasattr(m, "inplace"):
                m.inplace = False
    if detach_se:  # the gate sees the whole image (a global pool); keep only the convolution path's gradient
        for m in model.modules():
            if isinstance(m, SqueezeExcitation):
                def forward(input, m=m):
                    scale = m.scale_activation(m.fc2(m.activation(m.fc1(m.avgpool(input)))))
                    return scale.detach() * input
                m.forward = forward
    return model


def _footprints(name: str, size: int, *, detach_se: bool = True):
    report = analyze(name, input_shape=(3, size, size))
    model = _measurement_copy(zoo.build(name, num_classes=4), detach_se=detach_se)
    outputs: dict[int, torch.Tensor] = {}
    order = iter([r.index for r in report.layers if not r.functional])  # functional rows have no hook
    stack: list[int] = []
    handles = []
    for m in model.modules():
        if m is not model:
            handles += [m.register_forward_pre_hook(lambda mod, args: stack.append(next(order))),
                        m.register_forward_hook(lambda mod, args, out: outputs.__setitem__(stack.pop(), out))]
    x = torch.rand(1, 3, size, size, dtype=torch.float64, generator=torch.Generator().manual_seed(1)).requires_grad_()
    model(x)
    for h in handles:
        h.remove()
    return report, outputs, x


def _box(t: torch.Tensor) -> tuple[int, int, int, int]:
    nz = t[0].abs().sum(0).nonzero()
    (top, left), (bottom, right) = nz.min(0).values.tolist(), nz.max(0).values.tolist()
    return top, left, bottom, right


@pytest.mark.parametrize("name", SMALL)
def test_receptive_field_equals_gradient_footprint(name):
    report, outputs, x = _footprints(name, 64)
    spatial = [r for r in report.layers if r.is_leaf and not r.functional and r.receptive_field is not None
               and len(r.output_shape) == 3 and r.output_shape[1] > 1]
    picks = {spatial[-1].index, spatial[len(spatial) // 2].index, spatial[len(spatial) // 4].index, spatial[3].index}
    for idx in sorted(picks):
        rec, out = report.layers[idx], outputs[idx]
        i, j = out.shape[2] // 2, out.shape[3] // 2
        (used,) = torch.autograd.grad(out.sum(), x, retain_graph=True)
        u_top, u_left, u_bottom, u_right = _box(used)
        (grad,) = torch.autograd.grad(out[0, :, i, j].sum(), x, retain_graph=True)
        t, l, b, r = rec.receptive_field.span(i, j)
        assert _box(grad) == (max(t, u_top), max(l, u_left), min(b, u_bottom), min(r, u_right)), rec.name


def test_convnext_field_is_not_clipped_in_an_early_block():
    """At 224 the first block's field (stem 4 + one 7×7 depthwise at stride 4 = 28) fits in the image: compare unclipped."""
    report, outputs, x = _footprints("convnext_tiny", 96)
    rec = next(r for r in report.layers if r.name == "features.1.0.stochastic_depth")
    assert rec.receptive_field.size == (28, 28)
    out = outputs[rec.index]
    (grad,) = torch.autograd.grad(out[0, :, 12, 12].sum(), x)
    assert _box(grad) == rec.receptive_field.span(12, 12)
    assert _box(grad)[2] - _box(grad)[0] + 1 == 28


def test_se_gate_sees_the_whole_image():
    """Without detaching the gate, one output unit's gradient covers every pixel: what regnet_y's notes say."""
    report, outputs, x = _footprints("regnet_y_400mf", 64, detach_se=False)
    rec = next(r for r in report.layers if r.name == "trunk_output.block1.block1-0.f.c.0")
    (grad,) = torch.autograd.grad(outputs[rec.index][0, :, 0, 0].sum(), x)
    assert _box(grad) == (0, 0, 63, 63)
    assert rec.receptive_field.size == (7, 7)  # stem 3×3/2, then 3×3 at stride 2
    assert "whole image" in zoo.get("regnet_y_400mf").notes


def test_convnext_records_have_no_field_on_channels_last_maps():
    by_name = {r.name: r for r in analyze("convnext_tiny").layers}
    assert by_name["features.1.0.block.3"].output_shape == (56, 56, 384)
    assert by_name["features.1.0.block.3"].receptive_field is None
    assert by_name["features.1.0.block.6"].receptive_field.size == (28, 28)
    assert not analyze("convnext_tiny").diagnostics


# ---------------------------------------------------------------------------
# Hyperparameters and init


def test_se_ratio_turns_x_into_y_and_back():
    assert not any(".se." in k for k in build_meta("regnet_y_400mf", se_ratio=0).state_dict())
    with_se = build_meta("regnet_x_400mf", se_ratio=0.25)
    assert shapes(with_se)["trunk_output.block1.block1-0.f.se.fc1.weight"] == (8, 32, 1, 1)
    assert n_params(with_se) > COUNTS["regnet_x_400mf"]


def test_regnet_design_knobs():
    deeper = build_meta("regnet_y_400mf", depth=20)
    assert sum(len(s) for s in deeper.trunk_output.children()) == 20
    depthwise = build_meta("regnet_x_400mf", group_width=1)
    conv = depthwise.trunk_output.block1[0].f.b[0]
    assert conv.groups == conv.in_channels == conv.out_channels
    flat = build_meta("regnet_x_400mf", w_a=0.0)  # every block at w_0: one stage
    assert len(flat.trunk_output) == 1 and len(flat.trunk_output.block1) == 22
    model = build_meta("regnet_x_400mf", num_classes=3, in_channels=1)
    assert model.stem[0].in_channels == 1 and model.fc.out_features == 3


def test_convnext_blocks_make_tiny_small():
    assert n_params(build_meta("convnext_tiny", blocks3=27)) == COUNTS["convnext_small"]
    assert [len(build_meta("convnext_base").features[i]) for i in (1, 3, 5, 7)] == [3, 3, 27, 3]


def test_convnext_stochastic_depth_grows_linearly():
    model = build_meta("convnext_tiny")
    probs = [m.stochastic_depth.p for m in model.modules() if isinstance(m, CNBlock)]
    assert len(probs) == 18 and probs[0] == 0.0 and probs[-1] == pytest.approx(0.1)
    assert probs[9] == pytest.approx(0.1 * 9 / 17)
    assert {m.stochastic_depth.p for m in build_meta("convnext_tiny", stochastic_depth_prob=0).modules()
            if isinstance(m, CNBlock)} == {0.0}
    assert zoo.get("convnext_large").defaults()["stochastic_depth_prob"] == 0.5


def test_stochastic_depth_drops_whole_samples_in_training_only():
    x = torch.ones(64, 2, 3, 3)
    out = stochastic_depth(x, 0.5, "row", training=True)
    per_sample = out.flatten(1)
    assert set(per_sample.unique().tolist()) <= {0.0, 2.0}
    assert (per_sample == per_sample[:, :1]).all()  # one decision per sample
    assert stochastic_depth(x, 0.5, "row", training=False) is x


def test_layer_norm_2d_normalises_channels_at_each_position():
    ln = LayerNorm2d(5, eps=1e-6)
    x = torch.randn(2, 5, 3, 4)
    want = nn.functional.layer_norm(x.permute(0, 2, 3, 1), (5,), eps=1e-6).permute(0, 3, 1, 2)
    assert torch.allclose(ln(x), want)


def test_inits_are_torchvisions():
    regnet = zoo.build("regnet_x_400mf")
    w = regnet.trunk_output.block4[0].f.a[0].weight  # N(0, 2/fan_out), fan_out = 400
    assert abs(w.std().item() - (2 / 400) ** 0.5) < 0.005
    assert abs(regnet.fc.weight.std().item() - 0.01) < 0.001 and (regnet.fc.bias == 0).all()
    convnext = zoo.build("convnext_tiny")
    lin = convnext.features[5][0].block[3].weight
    assert abs(lin.std().item() - 0.02) < 0.001 and (convnext.features[5][0].block[3].bias == 0).all()
    assert (convnext.features[1][0].layer_scale == 1e-6).all()
    assert (zoo.build("convnext_tiny", layer_scale=0.5).features[1][0].layer_scale == 0.5).all()


@pytest.mark.parametrize("name, layer", [("regnet_y_400mf", "trunk_output"), ("regnet_x_8gf", "trunk_output"),
                                         ("convnext_tiny", "features.7")])
def test_grad_cam_default_layer(name, layer):
    assert default_target_layer(build_meta(name), analyze(name)) == (layer, 0)


# ---------------------------------------------------------------------------
# The trace's rules for what ConvNeXt does, on small models (PyTorch's gradients as the oracle)


class _ChannelsLastMLP(nn.Module):
    """conv 3×3 → to NHWC → LayerNorm(C) → Linear (module) → GELU → linear (functional) → to NCHW → conv 3×3/2."""

    def __init__(self, c: int = 4) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, c, 3, padding=1)
        self.norm = nn.LayerNorm(c)
        self.fc1 = nn.Linear(c, 2 * c)
        self.act = nn.GELU()
        self.w2 = nn.Parameter(torch.rand(c, 2 * c) + 0.5)
        self.conv2 = nn.Conv2d(c, c, 3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x).permute(0, 2, 3, 1)  # N x H x W x C
        x = self.act(self.fc1(self.norm(x)))
        x = nn.functional.linear(x, self.w2)
        x = torch.permute(x, (0, 3, 1, 2))  # N x C x H x W
        return self.conv2(x)


def test_fields_pass_through_permute_and_channels_last_linear():
    model = _measurement_copy(_ChannelsLastMLP(), detach_se=False)
    report = analyze(model, input_shape=(3, 16, 16))
    assert report.receptive_field == analyze(nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 4, 3, 2, 1)),
                                             input_shape=(3, 16, 16)).receptive_field
    assert report.receptive_field.size == (5, 5)
    assert not report.diagnostics  # the Linear layers are counted at every position: no MACs note
    assert report.weight_depth == 4  # conv1, fc1, the functional linear, conv2
    x = torch.rand(1, 3, 16, 16, dtype=torch.float64, requires_grad=True)
    out = model(x)
    (grad,) = torch.autograd.grad(out[0, :, 4, 4].sum(), x)
    assert _box(grad) == report.receptive_field.span(4, 4)


def test_layer_norm_over_the_map_is_reported_not_guessed():
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.LayerNorm([4, 6, 6]), nn.Conv2d(4, 4, 3))
    report = analyze(model, input_shape=(3, 8, 8))
    assert report.receptive_field is None
    assert [d.template for d in report.diagnostics] == [N_("Receptive field not computed after '{op}' in {layer}: this operation is not supported.")]


def test_permute_swapping_height_and_width_is_reported():
    class Swap(nn.Module):
        def forward(self, x):
            return x.permute(0, 1, 3, 2)

    report = analyze(nn.Sequential(nn.Conv2d(3, 4, 3), Swap(), nn.Conv2d(4, 4, 3)), input_shape=(3, 8, 9))
    assert report.receptive_field is None and report.diagnostics[0].template == N_("Receptive field not computed after '{op}' in {layer}: this operation is not supported.")


def test_inside_lists_no_channels_last_map():
    from explorer.inside.features import spatial_layers

    report = analyze("convnext_tiny")
    layers = spatial_layers(report)
    assert not {l.name for l in layers} & {"features.1.0.block.1", "features.1.0.block.2", "features.1.0.block.3"}
    assert {l.name for l in layers} >= {"features.1.0.block.0", "features.1.0.block.6", "features.7"}
    assert all(l.shape[0] in (96, 192, 384, 768) for l in layers)

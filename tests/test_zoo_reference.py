"""The torchvision-compatible reference architectures: counts, state_dict keys, forward, hyperparameters.

Oracles: torchvision's published parameter counts and checkpoint keys, the
ResNet paper's Table 6 (CIFAR), parameter arithmetic done by hand here, and
PyTorch itself (running the model). Big models are built on the meta device
where only shapes matter, so the file stays fast on a small CPU.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.overrides import TorchFunctionMode

import explorer.zoo as zoo
from explorer.errors import InvalidHyperparameter
from explorer.zoo.googlenet import GoogLeNetOutputs

# torchvision's published counts (its docs' "num_params"), and by-hand arithmetic for CIFAR (see below).
COUNTS: dict[str, int] = {
    "alexnet": 61_100_840,
    "vgg11": 132_863_336,
    "vgg11_bn": 132_868_840,
    "vgg13": 133_047_848,
    "vgg13_bn": 133_053_736,
    "vgg16": 138_357_544,
    "vgg16_bn": 138_365_992,
    "vgg19": 143_667_240,
    "vgg19_bn": 143_678_248,
    "resnet18": 11_689_512,
    "resnet34": 21_797_672,
    "resnet50": 25_557_032,
    "resnet101": 44_549_160,
    "resnet152": 60_192_808,
    "googlenet": 6_624_904,
    "resnet_cifar": 269_722,  # ResNet-20, option A
}
NAMES = list(COUNTS)
VGGS = [n for n in NAMES if n.startswith("vgg")]

# Number of state_dict entries (BatchNorm contributes 5 each, num_batches_tracked included).
KEY_COUNTS: dict[str, int] = {
    "alexnet": 16,  # 5 convs + 3 dense, weight and bias each
    "vgg11": 22,
    "vgg13": 26,
    "vgg16": 32,
    "vgg19": 38,
    "vgg11_bn": 62,
    "vgg13_bn": 76,
    "vgg16_bn": 97,
    "vgg19_bn": 118,
    "resnet18": 122,  # stem 6 + 8 blocks x 12 + 3 projections x 6 + fc 2
    "resnet34": 218,
    "resnet50": 320,  # stem 6 + 16 blocks x 18 + 4 projections x 6 + fc 2
    "resnet101": 626,
    "resnet152": 932,
    "googlenet": 344,  # 57 BasicConv2d x 6 + fc 2
    "resnet_cifar": 116,
}

# Keys and shapes of torchvision's checkpoint files.
KEYS: dict[str, dict[str, tuple[int, ...]]] = {
    "alexnet": {
        "features.0.weight": (64, 3, 11, 11),
        "features.3.weight": (192, 64, 5, 5),
        "features.6.weight": (384, 192, 3, 3),
        "features.10.bias": (256,),
        "classifier.1.weight": (4096, 9216),
        "classifier.4.weight": (4096, 4096),
        "classifier.6.weight": (1000, 4096),
    },
    "vgg16": {
        "features.0.weight": (64, 3, 3, 3),
        "features.28.weight": (512, 512, 3, 3),
        "classifier.0.weight": (4096, 25088),
        "classifier.6.bias": (1000,),
    },
    "vgg16_bn": {
        "features.1.running_mean": (64,),
        "features.40.weight": (512, 512, 3, 3),
        "features.41.num_batches_tracked": (),
        "classifier.3.weight": (4096, 4096),
    },
    "vgg19": {"features.34.weight": (512, 512, 3, 3), "classifier.0.weight": (4096, 25088)},
    "resnet18": {
        "conv1.weight": (64, 3, 7, 7),
        "layer1.1.conv2.weight": (64, 64, 3, 3),
        "layer2.0.downsample.0.weight": (128, 64, 1, 1),
        "layer4.1.bn2.running_var": (512,),
        "fc.weight": (1000, 512),
    },
    "resnet34": {"layer3.5.conv1.weight": (256, 256, 3, 3), "layer4.0.downsample.1.weight": (512,)},
    "resnet50": {
        "conv1.weight": (64, 3, 7, 7),
        "bn1.num_batches_tracked": (),
        "layer1.0.conv1.weight": (64, 64, 1, 1),
        "layer1.0.downsample.0.weight": (256, 64, 1, 1),
        "layer2.0.conv2.weight": (128, 128, 3, 3),
        "layer4.2.bn3.running_var": (2048,),
        "fc.weight": (1000, 2048),
    },
    "resnet101": {"layer3.22.conv3.weight": (1024, 256, 1, 1)},
    "resnet152": {"layer2.7.bn3.weight": (512,), "layer3.35.conv2.weight": (256, 256, 3, 3)},
    "googlenet": {
        "conv1.conv.weight": (64, 3, 7, 7),
        "conv1.bn.running_mean": (64,),
        "conv3.conv.weight": (192, 64, 3, 3),
        "inception3a.branch1.conv.weight": (64, 192, 1, 1),
        "inception3a.branch2.1.conv.weight": (128, 96, 3, 3),
        "inception3a.branch3.1.conv.weight": (32, 16, 3, 3),
        "inception3a.branch4.1.conv.weight": (32, 192, 1, 1),
        "inception5b.branch1.conv.weight": (384, 832, 1, 1),
        "fc.weight": (1000, 1024),
    },
    "resnet_cifar": {
        "conv1.weight": (16, 3, 3, 3),
        "layer2.0.conv1.weight": (32, 16, 3, 3),
        "layer3.2.conv2.weight": (64, 64, 3, 3),
        "fc.weight": (10, 64),
    },
}

# Small inputs for real forward passes (the smallest comfortable size for each family).
SMALL = {"resnet_cifar": 32, "googlenet": 64, "alexnet": 64}


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build_meta(name: str, **hp) -> nn.Module:
    """Build on the meta device: shapes and counts without allocating or initialising real weights."""
    with torch.device("meta"):
        return zoo.build(name, **hp)


def build(name: str, **hp) -> nn.Module:
    # VGG's dense layers make a real default build slow; everything else is cheap to build for real.
    return build_meta(name, **hp) if name in VGGS else zoo.build(name, **hp)


def shapes(model: nn.Module) -> dict[str, tuple[int, ...]]:
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}


def run(model: nn.Module, size: int, *, batch: int = 2, channels: int = 3) -> torch.Tensor:
    model.eval()
    with torch.no_grad():
        return model(torch.randn(batch, channels, size, size))


# ---------------------------------------------------------------------------
# The registry matrix


def test_every_reference_architecture_is_covered():
    assert set(zoo.list_architectures("reference")) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name):
    arch = zoo.get(name)
    assert arch.group == "reference"
    assert arch.title and arch.source
    assert arch.input_shape == ((3, 32, 32) if name == "resnet_cifar" else (3, 224, 224))
    assert arch.pretrained is (name != "resnet_cifar")
    for h in arch.hparams:  # every default passes its own validation
        assert h.coerce(h.default) == h.default


@pytest.mark.parametrize("name", ["googlenet", "resnet50", "resnet101", "resnet152", "alexnet"])
def test_deliberate_differences_from_the_paper_are_noted(name):
    assert zoo.get(name).notes


@pytest.mark.parametrize("name", NAMES)
def test_parameter_count(name):
    assert n_params(build(name)) == COUNTS[name]


@pytest.mark.parametrize("name", NAMES)
def test_state_dict_keys(name):
    got = shapes(build(name))
    assert len(got) == KEY_COUNTS[name]
    for key, shape in KEYS.get(name, {}).items():
        assert got[key] == shape, key


@pytest.mark.parametrize("name", [n for n in NAMES if n not in VGGS])
def test_forward_real(name):
    model = zoo.build(name, num_classes=7)
    out = run(model, SMALL.get(name, 64))
    assert out.shape == (2, 7)
    assert torch.isfinite(out).all()


def test_forward_real_vgg_full_width():
    out = run(zoo.build("vgg11"), 32, batch=1)
    assert out.shape == (1, 1000)


@pytest.mark.parametrize("name", VGGS)
def test_forward_real_vgg_narrow(name):
    out = run(zoo.build(name, width_mult=0.125, hidden=64, num_classes=5), 32)
    assert out.shape == (2, 5)


class _Recorder(TorchFunctionMode):
    """What the analysis engine does: see every torch function a forward calls."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: set[str] = set()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.calls.add(getattr(func, "__name__", str(func)))
        return func(*args, **(kwargs or {}))


@pytest.mark.parametrize("name", NAMES)
def test_traces_on_meta_at_the_default_input_size(name):
    model = build_meta(name).eval()
    shape = zoo.get(name).input_shape
    recorder = _Recorder()
    with recorder:
        out = model(torch.empty(2, *shape, device="meta"))
    assert out.shape == (2, 1000 if name != "resnet_cifar" else 10)
    assert "conv2d" in recorder.calls


# Intermediate shapes at the default input size, as the forward comments say.
STAGES = {
    "alexnet": {"features": (256, 6, 6)},
    "resnet18": {"maxpool": (64, 56, 56), "layer1": (64, 56, 56), "layer4": (512, 7, 7)},
    "resnet50": {"layer1": (256, 56, 56), "layer2": (512, 28, 28), "layer3": (1024, 14, 14), "layer4": (2048, 7, 7)},
    "googlenet": {
        "maxpool2": (192, 28, 28),
        "inception3b": (480, 28, 28),
        "inception4a": (512, 14, 14),
        "inception4d": (528, 14, 14),
        "maxpool4": (832, 7, 7),
        "inception5b": (1024, 7, 7),
    },
    "resnet_cifar": {"layer1": (16, 32, 32), "layer2": (32, 16, 16), "layer3": (64, 8, 8)},
}


@pytest.mark.parametrize("name", list(STAGES))
def test_stage_shapes(name):
    model = build_meta(name).eval()
    seen = {}

    def record(child):
        def hook(module, inputs, output):
            seen[child] = tuple(output.shape[1:])  # returns None: the output is left alone

        return hook

    for child in STAGES[name]:
        getattr(model, child).register_forward_hook(record(child))
    model(torch.empty(1, *zoo.get(name).input_shape, device="meta"))
    assert seen == STAGES[name]


# ---------------------------------------------------------------------------
# Hyperparameters change the model


@pytest.mark.parametrize("name", NAMES)
def test_num_classes_and_in_channels(name):
    model = build_meta(name, num_classes=3, in_channels=1).eval()
    first = next(m for m in model.modules() if isinstance(m, nn.Conv2d))
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    assert first.in_channels == 1
    assert last.out_features == 3
    _, h, w = zoo.get(name).input_shape
    assert model(torch.empty(2, 1, h, w, device="meta")).shape == (2, 3)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "googlenet"])
def test_width_mult_halves_the_first_conv(name):
    model = build_meta(name, width_mult=0.5)
    first = next(m for m in model.modules() if isinstance(m, nn.Conv2d))
    default = next(m for m in build_meta(name).modules() if isinstance(m, nn.Conv2d))
    assert first.out_channels == default.out_channels // 2
    assert n_params(model) < COUNTS[name]
    _, h, w = zoo.get(name).input_shape
    assert model.eval()(torch.empty(1, 3, h, w, device="meta")).shape == (1, 1000 if name != "resnet_cifar" else 10)


def test_width_mult_resnet50_widths():
    model = build_meta("resnet50", width_mult=0.5)
    assert model.conv1.weight.shape == (32, 3, 7, 7)
    assert model.layer1[0].conv3.weight.shape == (128, 32, 1, 1)
    assert model.fc.weight.shape == (1000, 1024)


def test_alexnet_knobs():
    model = build_meta("alexnet", pool="avg", activation="tanh", dropout=0.3)
    assert isinstance(model.features[2], nn.AvgPool2d)
    assert isinstance(model.features[1], nn.Tanh)
    assert isinstance(model.classifier[2], nn.Tanh)
    assert model.classifier[0].p == model.classifier[3].p == 0.3
    assert n_params(model) == COUNTS["alexnet"]  # none of them has weights


@pytest.mark.parametrize(
    "name, layers",
    [("resnet18", (2, 2, 2, 2)), ("resnet34", (3, 4, 6, 3)), ("resnet101", (3, 4, 23, 3)), ("resnet152", (3, 8, 36, 3))],
)
def test_resnet_blocks_defaults(name, layers):
    model = build_meta(name)
    assert tuple(len(getattr(model, f"layer{i}")) for i in range(1, 5)) == layers
    assert zoo.get(name).defaults()["blocks3"] == layers[2]


def test_resnet_blocks_change_depth():
    model = build_meta("resnet50", blocks1=1, blocks3=2)
    assert [len(model.layer1), len(model.layer2), len(model.layer3), len(model.layer4)] == [1, 4, 2, 3]
    # each bottleneck of stage 3 (no projection) holds 256*1024 + 9*256*256 + 1024*256 weights and 2*(256+256+1024) BN
    per_block = 256 * 1024 + 9 * 256 * 256 + 1024 * 256 + 2 * (256 + 256 + 1024)
    per_block_1 = 64 * 256 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256)
    assert n_params(model) == COUNTS["resnet50"] - 4 * per_block - 2 * per_block_1


def test_resnet_stride_on():
    v15 = build_meta("resnet50")
    v1 = build_meta("resnet50", stride_on="1x1")
    assert (v15.layer2[0].conv1.stride, v15.layer2[0].conv2.stride) == ((1, 1), (2, 2))
    assert (v1.layer2[0].conv1.stride, v1.layer2[0].conv2.stride) == ((2, 2), (1, 1))
    assert v1.layer2[1].conv1.stride == v1.layer2[1].conv2.stride == (1, 1)
    assert shapes(v1) == shapes(v15)
    assert v1.eval()(torch.empty(1, 3, 224, 224, device="meta")).shape == (1, 1000)
    # a basic block has no 1×1 to stride: the option is ignored
    assert build_meta("resnet18", stride_on="1x1").layer2[0].conv1.stride == (2, 2)


def _downsample_params(model: nn.Module) -> int:
    return sum(n_params(m) for name, m in model.named_modules() if name.endswith("downsample"))


@pytest.mark.parametrize("name", ["resnet18", "resnet50"])
def test_resnet_plain_has_no_shortcuts(name):
    plain = build_meta(name, shortcut="none")
    assert not any("downsample" in key for key in plain.state_dict())
    assert all(b.downsample is None for layer in (plain.layer1, plain.layer2, plain.layer3, plain.layer4) for b in layer)
    assert n_params(plain) == COUNTS[name] - _downsample_params(build_meta(name))


def test_resnet_plain_adds_nothing():
    recorder = _Recorder()
    model = build_meta("resnet18", shortcut="none").eval()
    with recorder:
        model(torch.empty(1, 3, 224, 224, device="meta"))
    assert not {"add", "add_", "__iadd__"} & recorder.calls


def test_zero_init_residual():
    r18 = zoo.build("resnet18", zero_init_residual=True)
    r50 = zoo.build("resnet50", zero_init_residual=True, blocks3=1, blocks4=1)
    assert all((b.bn2.weight == 0).all() for b in r18.layer3)
    assert all((b.bn3.weight == 0).all() and (b.bn2.weight == 1).all() for b in r50.layer1)
    assert (zoo.build("resnet18").layer1[0].bn2.weight == 1).all()
    # every block starts as an identity (plus ReLU): a non-negative input goes through a stride-1 block unchanged
    block = r18.layer1[0].eval()
    x = torch.rand(1, 64, 8, 8)
    with torch.no_grad():
        assert torch.equal(block(x.clone()), x)


def test_resnet_init_is_torchvisions():
    model = zoo.build("resnet18", blocks2=1, blocks3=1, blocks4=1)
    w = model.layer1[0].conv1.weight  # kaiming normal, fan_out = 64 * 9
    assert abs(w.std().item() - (2 / (64 * 9)) ** 0.5) < 0.01
    assert (model.bn1.weight == 1).all() and (model.bn1.bias == 0).all()


def test_googlenet_true_5x5():
    model = build_meta("googlenet", true_5x5=True)
    for name in ("3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"):
        conv = getattr(model, f"inception{name}").branch3[1].conv
        assert conv.kernel_size == (5, 5) and conv.padding == (2, 2)
    assert build_meta("googlenet").inception3a.branch3[1].conv.kernel_size == (3, 3)
    assert shapes(model)["inception3a.branch3.1.conv.weight"] == (32, 16, 5, 5)
    # the 5×5 kernels add 16/9 more weights to each branch3 conv: sum of 16 * red * out over Table 1
    table = [(16, 32), (32, 96), (16, 48), (24, 64), (24, 64), (32, 64), (32, 128), (32, 128), (48, 128)]
    assert n_params(model) == COUNTS["googlenet"] + sum(16 * r * o for r, o in table)
    assert run(zoo.build("googlenet", true_5x5=True, num_classes=4), 64).shape == (2, 4)


def test_googlenet_aux_heads():
    model = zoo.build("googlenet", aux_logits=True, num_classes=5)
    assert n_params(zoo.build("googlenet", aux_logits=True)) == 13_004_888
    got = shapes(model)
    assert len(got) == 364
    assert got["aux1.conv.conv.weight"] == (128, 512, 1, 1)
    assert got["aux1.fc1.weight"] == (1024, 2048)
    assert got["aux2.conv.conv.weight"] == (128, 528, 1, 1)
    assert got["aux2.fc2.weight"] == (5, 1024)
    assert model.aux1.dropout.p == 0.7 and model.dropout.p == 0.2

    x = torch.randn(2, 3, 64, 64)
    model.train()
    with torch.no_grad():
        out = model(x)
    assert isinstance(out, GoogLeNetOutputs)
    assert [t.shape for t in out] == [(2, 5)] * 3
    assert out.logits is out[0] and out.aux_logits1 is out[2]
    model.eval()
    with torch.no_grad():
        assert isinstance(model(x), torch.Tensor) and model(x).shape == (2, 5)


def test_googlenet_without_aux_returns_a_tensor_when_training():
    model = zoo.build("googlenet", num_classes=3).train()
    assert model.aux1 is None and model.aux2 is None
    with torch.no_grad():
        out = model(torch.randn(2, 3, 64, 64))
    assert type(out) is torch.Tensor and out.shape == (2, 3)


def test_googlenet_dropouts_and_transform_input():
    model = zoo.build("googlenet", dropout=0.4, dropout_aux=0.1, aux_logits=True, transform_input=True)
    assert model.dropout.p == 0.4 and model.aux2.dropout.p == 0.1
    assert run(model, 64).shape == (2, 1000)
    # torchvision's transform maps ImageNet-normalised values to (x - 0.5) / 0.5
    pixel = torch.tensor([0.2, 0.5, 0.9]).view(1, 3, 1, 1)
    mean, std = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1), torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    assert torch.allclose(model._transform_input((pixel - mean) / std), (pixel - 0.5) / 0.5, atol=1e-6)


def test_googlenet_init():
    model = zoo.build("googlenet")
    w = model.inception4c.branch2[1].conv.weight
    assert abs(w.std().item() - 0.01) < 0.001
    assert model.conv1.bn.eps == 0.001
    assert all(m.ceil_mode for m in model.modules() if isinstance(m, nn.MaxPool2d))


# ---------------------------------------------------------------------------
# CIFAR ResNets


def cifar_params(n: int, *, projection: bool = False, classes: int = 10) -> int:
    """Parameters of a 6n+2 CIFAR ResNet, counted by hand: conv weights, BN (weight, bias), fc."""
    total = 3 * 16 * 9 + 2 * 16
    c_in = 16
    for c in (16, 32, 64):
        for _ in range(n):
            total += c_in * c * 9 + c * c * 9 + 4 * c
            if projection and c_in != c:
                total += c_in * c + 2 * c
            c_in = c
    return total + 64 * classes + classes


# Option A (the paper's, parameter-free shortcuts) and option B (1×1 projections where the shape changes).
CIFAR = {
    20: (269_722, 272_474),
    32: (464_154, 466_906),
    44: (658_586, 661_338),
    56: (853_018, 855_770),
    110: (1_727_962, 1_730_714),
}
TABLE_6 = {20: 0.27, 32: 0.46, 44: 0.66, 56: 0.85}  # the paper's "# params" column, in millions


@pytest.mark.parametrize("depth", list(CIFAR))
def test_cifar_counts(depth):
    n = (depth - 2) // 6
    a, b = CIFAR[depth]
    assert cifar_params(n) == a and cifar_params(n, projection=True) == b
    assert n_params(zoo.build("resnet_cifar", depth=depth)) == a
    assert n_params(zoo.build("resnet_cifar", depth=depth, shortcut="projection")) == b
    assert n_params(zoo.build("resnet_cifar", depth=depth, shortcut="none")) == a
    if depth in TABLE_6:
        assert round(a / 1e6, 2) == TABLE_6[depth]


def test_cifar_1202():
    model = build_meta("resnet_cifar", depth=1202)
    assert len(model.layer1) == len(model.layer3) == 200
    assert n_params(model) == cifar_params(200)
    assert round(n_params(model) / 1e6, 1) == 19.4  # Table 6


@pytest.mark.parametrize("depth", [8, 14, 26, 110])
def test_cifar_depth_sets_blocks(depth):
    model = build_meta("resnet_cifar", depth=depth)
    n = (depth - 2) // 6
    assert [len(model.layer1), len(model.layer2), len(model.layer3)] == [n, n, n]
    weighted = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert len(weighted) == depth


def test_cifar_option_a_is_subsample_and_zero_pad():
    model = zoo.build("resnet_cifar").eval()
    block = model.layer2[0]
    assert isinstance(block.subsample, nn.AvgPool2d)
    assert block.subsample.kernel_size == 1 and block.subsample.stride == 2
    assert block.downsample is None and model.layer2[1].subsample is None
    # silence the residual branch: what is left is relu(shortcut(x))
    nn.init.zeros_(block.bn2.weight)
    nn.init.zeros_(block.bn2.bias)
    x = torch.randn(2, 16, 32, 32)
    with torch.no_grad():
        expected = F.relu(F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, 8, 8)))
        assert torch.equal(block(x), expected)


def test_cifar_option_b_projects():
    model = build_meta("resnet_cifar", shortcut="projection")
    proj = model.layer3[0].downsample[0]
    assert proj.kernel_size == (1, 1) and proj.stride == (2, 2) and proj.weight.shape == (64, 32, 1, 1)
    assert model.layer1[0].downsample is None and model.layer3[1].downsample is None
    assert all(b.subsample is None for layer in (model.layer1, model.layer2, model.layer3) for b in layer)
    assert len(model.state_dict()) == 128
    assert run(zoo.build("resnet_cifar", shortcut="projection"), 32).shape == (2, 10)


def test_cifar_plain_has_no_shortcuts():
    model = zoo.build("resnet_cifar", shortcut="none")
    assert not any(name.endswith(("downsample", "subsample")) for name, _ in model.named_modules())
    recorder = _Recorder()
    with recorder:
        run(model, 32)
    assert not {"add", "add_", "__iadd__", "pad"} & recorder.calls


def test_cifar_width_mult_with_odd_padding():
    model = zoo.build("resnet_cifar", width_mult=0.75)  # 12 -> 24 -> 48 channels
    assert model.layer2[0].pad == (6, 6)
    model = zoo.build("resnet_cifar", width_mult=0.5625)  # 9 -> 18 -> 36: nine new channels, split 4 + 5
    assert model.layer2[0].pad == (4, 5)
    assert run(model, 32).shape == (2, 10)


# ---------------------------------------------------------------------------
# Bad values name the hyperparameter


@pytest.mark.parametrize(
    "name, hp, value",
    [
        ("alexnet", "pool", "min"),
        ("alexnet", "dropout", 1.5),
        ("alexnet", "activation", "swish"),
        ("vgg16", "pool_size", 0),
        ("vgg11_bn", "width_mult", 0),
        ("resnet18", "blocks2", 0),
        ("resnet50", "blocks4", 65),
        ("resnet50", "stride_on", "2x2"),
        ("resnet34", "shortcut", "identity"),
        ("resnet101", "zero_init_residual", "maybe"),
        ("googlenet", "dropout_aux", -0.1),
        ("googlenet", "true_5x5", "5"),
        ("resnet_cifar", "depth", 21),
        ("resnet_cifar", "depth", 2),
        ("resnet_cifar", "depth", 1208),
        ("resnet_cifar", "shortcut", "C"),
        ("resnet_cifar", "num_classes", 0),
    ],
)
def test_bad_value_names_the_hyperparameter(name, hp, value):
    with pytest.raises(InvalidHyperparameter, match=f"'{hp}'"):
        zoo.build(name, **{hp: value})


def test_cifar_depth_error_lists_allowed_depths():
    with pytest.raises(InvalidHyperparameter) as err:
        zoo.build("resnet_cifar", depth=21)
    assert "6n+2" in str(err.value) and "110" in str(err.value)


def test_inconsistent_combinations_are_explained():
    with pytest.raises(InvalidHyperparameter, match="'zero_init_residual'"):
        zoo.build("resnet18", zero_init_residual=True, shortcut="none")
    with pytest.raises(InvalidHyperparameter, match="'transform_input'"):
        zoo.build("googlenet", transform_input=True, in_channels=1)


def test_unknown_hyperparameter():
    with pytest.raises(InvalidHyperparameter, match="'blocks5'"):
        zoo.build("resnet18", blocks5=2)

"""The book models against the books' printed figures.

Oracles: the parameter counts and shapes printed in the books or computed from
their code (shared/reference/books-*.md), checked by PyTorch itself: build the
model, count ``p.numel()``, run one image and hook the layers. Parameter counts
are taken on the meta device (no memory, no init time); every model also runs
one real image at its default input size.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from explorer.errors import InputTooSmall, InvalidHyperparameter
from explorer.zoo import build, get, list_architectures

BOOK_MODELS = [
    "lenet5", "convnet_signs", "alexnet_book", "tiny_vgg", "vgg16_book", "vgg19_book", "vgg_book",
    "resnet_procedural", "resnet50_v1", "resnet50_v1_5", "resnet50_v2", "googlenet_book", "resnet18_s4tf",
    "cifar_cnn", "cifar_vgg",
]


def n_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def keras_total(m: nn.Module) -> int:
    """What Keras' summary prints: parameters plus BatchNorm's moving mean and variance."""
    stats = sum(b.numel() for name, b in m.named_buffers() if name.endswith(("running_mean", "running_var")))
    return n_params(m) + stats


def meta(name: str, **hp) -> nn.Module:
    with torch.device("meta"):
        return build(name, **hp)


def run_with_shapes(model: nn.Module, x: torch.Tensor, names: list[str]) -> tuple[torch.Tensor, dict[str, tuple]]:
    """Forward ``x`` (eval, no grad) and return the output and the (C, H, W) of each named module's output."""
    modules = dict(model.named_modules())
    shapes: dict[str, tuple] = {}
    handles = [
        modules[n].register_forward_hook(lambda _m, _i, out, n=n: shapes.__setitem__(n, tuple(out.shape[1:])))
        for n in names
    ]
    try:
        with torch.no_grad():
            y = model.eval()(x)
    finally:
        for h in handles:
            h.remove()
    return y, shapes


# ---------------------------------------------------------------------------
# Registry metadata


def test_every_book_model_is_registered_with_metadata():
    assert set(BOOK_MODELS) <= set(list_architectures())
    for name in BOOK_MODELS:
        a = get(name)
        assert a.group == ("teaching" if name == "tiny_vgg" else "book")
        assert a.title and a.source and a.notes
        assert len(a.input_shape) == 3
        defaults = a.defaults()
        assert defaults.get("in_channels", a.input_shape[0]) == a.input_shape[0]
        assert defaults.get("input_size", a.input_shape[1]) == a.input_shape[1] == a.input_shape[2]
        for hp in ("num_classes", "in_channels"):
            assert a.hparam(hp) is not None, f"{name} lacks {hp}"


def test_tiny_vgg_is_a_teaching_model():
    assert "tiny_vgg" in list_architectures("teaching")
    assert "tiny_vgg" not in list_architectures("book")


# ---------------------------------------------------------------------------
# Parameter totals printed in (or computed from) the books

TOTALS = [
    ("lenet5", {}, 61_706),
    ("convnet_signs", {}, 8_402_618),
    ("alexnet_book", {}, 62_381_096),
    ("tiny_vgg", {}, 19_920),
    ("vgg16_book", {}, 138_357_544),
    ("vgg19_book", {}, 143_667_240),
    ("vgg_book", {"config": "A"}, 132_863_336),
    ("vgg_book", {"config": "A-LRN"}, 132_863_336),
    ("vgg_book", {"config": "B"}, 133_047_848),
    ("vgg_book", {"config": "C"}, 133_638_952),
    ("vgg_book", {"config": "D"}, 138_357_544),
    ("vgg_book", {"config": "E"}, 143_667_240),
    ("resnet_procedural", {}, 21_542_376),
    ("resnet_procedural", {"stride_bug": True}, 21_542_376),
    ("resnet_procedural", {"last_group_blocks": 1}, 16_822_760),
    ("resnet_procedural", {"last_group_blocks": 3}, 26_261_992),
    ("resnet50_v1", {}, 25_583_592),
    ("resnet50_v1_5", {}, 25_583_592),
    # v2 (He et al. 2016 pre-activation, shortcut conv + BN) has v1's BatchNorm channels: see the model's notes.
    ("resnet50_v2", {}, 25_583_592),
    ("resnet50_v2", {"depth": 101}, 44_601_832),
    ("resnet50_v1", {"depth": 101}, 44_601_832),
    ("googlenet_book", {}, 5_984_314),
    ("googlenet_book", {"num_classes": 1000}, 6_999_064),
    ("resnet18_s4tf", {}, 11_181_642),
    ("resnet18_s4tf", {"dummy_projections": True}, 11_181_657),
    ("cifar_cnn", {}, 6_583_192),
    ("cifar_cnn", {"conv2_filters": 25}, 3_295_117),
    ("cifar_vgg", {"model": 1}, 83_973_962),
    ("cifar_vgg", {"model": 2}, 50_640_970),
    ("cifar_vgg", {"model": 3}, 35_339_082),
    ("cifar_vgg", {"model": 4}, 35_339_082),
]


@pytest.mark.parametrize("name, hp, expected", TOTALS, ids=[f"{n}-{hp}" for n, hp, _ in TOTALS])
def test_parameter_total(name, hp, expected):
    assert n_params(meta(name, **hp)) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("alexnet_book", 62_383_848),  # the book's printed "Total params"
        ("resnet50_v1", 25_636_712),
        ("resnet50_v1_5", 25_636_712),
        ("resnet50_v2", 25_636_712),
        ("googlenet_book", 5_984_826),
        ("lenet5", 61_706),  # no BN: Keras and PyTorch agree
        ("vgg16_book", 138_357_544),
    ],
)
def test_keras_style_total_counts_bn_moving_statistics(name, expected):
    assert keras_total(meta(name)) == expected


def test_alexnet_bn_moving_statistics_match_the_books_non_trainable_count():
    m = meta("alexnet_book")
    assert keras_total(m) - n_params(m) == 2_752


# ---------------------------------------------------------------------------
# Per-layer counts

PER_LAYER = {
    ("lenet5", ()): {
        "features.c1": 156, "features.c3": 2_416, "features.c5": 48_120, "classifier.fc6": 10_164, "classifier.fc7": 850,
    },
    ("convnet_signs", ()): {"features.conv1": 160, "classifier.dense1": 8_389_120, "classifier.dense2": 13_338},
    ("alexnet_book", ()): {
        "features.conv1": 34_944, "features.bn1": 192, "features.conv2": 614_656, "features.bn2": 512,
        "features.conv3": 885_120, "features.conv4": 1_327_488, "features.conv5": 884_992,
        "classifier.fc6": 37_752_832, "classifier.fc7": 16_781_312, "classifier.fc8": 4_097_000,
    },
    ("tiny_vgg", ()): {
        "features.conv_1_1": 280, "features.conv_1_2": 910, "features.conv_2_1": 910, "features.conv_2_2": 910,
        "classifier.output": 16_910,
    },
    ("vgg16_book", ()): {
        "features.0": 1_792, "features.2": 36_928, "features.5": 73_856, "features.28": 2_359_808,
        "classifier.0": 102_764_544, "classifier.3": 16_781_312, "classifier.6": 4_097_000,
    },
    ("resnet_procedural", ()): {
        "conv1": 9_472, "layer1.0": 73_856, "layer2.0": 221_440, "layer2.1": 295_168, "layer3.0": 885_248,
        "layer4.0": 3_539_968, "fc": 513_000,
    },
    ("resnet50_v1", ()): {
        "layer1.0": 75_648, "layer1.1": 70_784, "layer2.0": 380_672, "layer2.1": 280_832,
        "layer3.0": 1_515_008, "layer3.1": 1_118_720, "layer4.0": 6_044_672, "layer4.1": 4_465_664,
        "layer1.0.downsample.0": 16_640, "layer2.0.downsample.0": 131_584, "layer3.0.downsample.0": 525_312,
        "layer4.0.downsample.0": 2_099_200, "fc": 2_049_000,
    },
    ("resnet50_v1_5", ()): {"layer1.0": 75_648, "layer2.0": 380_672, "layer3.0": 1_515_008, "layer4.0": 6_044_672},
    # v2's identity block is the book's and costs what v1's does.
    ("resnet50_v2", ()): {"layer1.1": 70_784, "layer2.1": 280_832, "layer3.1": 1_118_720, "layer4.1": 4_465_664},
    ("googlenet_book", ()): {
        "inception3a": 163_696, "inception3b": 388_736, "inception4a": 376_176, "inception4b": 449_160,
        "inception4c": 510_104, "inception4d": 605_376, "inception4e": 868_352, "inception5a": 1_043_456,
        "inception5b": 1_444_080,
    },
    ("resnet18_s4tf", ()): {
        "initial_conv_bn_block.conv_bn.conv": 9_408, "initial_conv_bn_block.conv_bn.bn": 128,
        "block2.0.conv_bn1.conv": 73_728, "block2.0.conv_bn2.conv": 147_456, "block2.0.projection.conv": 8_192,
        "block4.0.projection.conv": 131_072, "block4.1": 4_718_592 + 2_048, "classifier": 5_130,
    },
    ("cifar_cnn", ()): {
        "features.conv1": 1_400, "features.conv2": 22_550, "classifier.fc1": 6_554_112, "classifier.output": 5_130,
    },
    ("cifar_vgg", (("model", 1),)): {"features.conv1_1": 1_792, "features.conv1_2": 36_928, "classifier.fc1": 67_112_960},
    ("cifar_vgg", (("model", 2),)): {"features.conv2_1": 73_856, "features.conv2_2": 147_584, "classifier.fc1": 33_558_528},
    ("cifar_vgg", (("model", 3),)): {
        "features.conv3_1": 295_168, "features.conv3_3": 590_080, "classifier.fc1": 16_781_312,
        "classifier.fc2": 16_781_312, "classifier.output": 40_970,
    },
}


@pytest.mark.parametrize("key", list(PER_LAYER), ids=[f"{n}{dict(hp) or ''}" for n, hp in PER_LAYER])
def test_per_layer_parameters(key):
    name, hp = key
    modules = dict(meta(name, **dict(hp)).named_modules())
    got = {layer: n_params(modules[layer]) for layer in PER_LAYER[key]}
    assert got == PER_LAYER[key]


def test_resnet50_keras_block_counts():
    # The digest's per-block table, Keras column (BN counted as 4C).
    modules = dict(meta("resnet50_v1").named_modules())
    assert keras_total(modules["layer1.1"]) == 71_552
    assert keras_total(modules["layer1.0"]) == 76_928
    assert keras_total(modules["layer4.0"]) == 6_054_912


# ---------------------------------------------------------------------------
# One real image through every model, and the shapes the books print

RESNET50_SHAPES = {
    "conv1_pad": (3, 230, 230), "conv1": (64, 112, 112), "pool1_pad": (64, 114, 114), "maxpool": (64, 56, 56),
    "layer1": (256, 56, 56), "layer2": (512, 28, 28), "layer3": (1024, 14, 14), "layer4": (2048, 7, 7),
}

SHAPES = [
    ("lenet5", {}, {
        "features.c1": (6, 28, 28), "features.s2": (6, 14, 14), "features.c3": (16, 10, 10),
        "features.s4": (16, 5, 5), "features.c5": (120, 1, 1), "flatten": (120,),
    }),
    ("convnet_signs", {}, {"features.conv1": (16, 64, 64), "features.pool1": (16, 32, 32), "flatten": (16_384,)}),
    ("alexnet_book", {}, {
        "features.conv1": (96, 55, 55), "features.pool1": (96, 27, 27), "features.conv2": (256, 27, 27),
        "features.pool2": (256, 13, 13), "features.conv3": (384, 13, 13), "features.conv4": (384, 13, 13),
        "features.conv5": (256, 13, 13), "features.pool5": (256, 6, 6), "flatten": (9_216,),
    }),
    ("tiny_vgg", {}, {
        "features.conv_1_1": (10, 62, 62), "features.conv_1_2": (10, 60, 60), "features.max_pool_1": (10, 30, 30),
        "features.conv_2_1": (10, 28, 28), "features.conv_2_2": (10, 26, 26), "features.max_pool_2": (10, 13, 13),
        "flatten": (1_690,),
    }),
    ("vgg16_book", {}, {"features.4": (64, 112, 112), "features": (512, 7, 7), "flatten": (25_088,)}),
    ("vgg19_book", {}, {"features": (512, 7, 7), "flatten": (25_088,)}),
    ("vgg_book", {"config": "C"}, {"features": (512, 7, 7)}),
    ("resnet_procedural", {}, {
        "conv1": (64, 112, 112), "maxpool": (64, 56, 56), "layer1": (64, 56, 56), "layer2": (128, 28, 28),
        "layer3": (256, 14, 14), "layer4": (512, 7, 7),
    }),
    ("resnet_procedural", {"stride_bug": True}, {
        "layer1": (64, 56, 56), "layer2": (128, 14, 14), "layer3": (256, 4, 4), "layer4": (512, 1, 1),
    }),
    ("resnet50_v1", {}, RESNET50_SHAPES),
    ("resnet50_v1_5", {}, RESNET50_SHAPES),
    ("resnet50_v2", {}, RESNET50_SHAPES),
    ("googlenet_book", {}, {
        "conv1": (64, 112, 112), "maxpool1": (64, 56, 56), "conv3": (192, 56, 56), "maxpool2": (192, 28, 28),
        "inception3a": (256, 28, 28), "inception3b": (480, 28, 28), "maxpool3": (480, 14, 14),
        "inception4a": (512, 14, 14), "inception4d": (528, 14, 14), "inception4e": (832, 14, 14),
        "maxpool4": (832, 7, 7), "inception5a": (832, 7, 7), "inception5b": (1024, 7, 7), "avgpool": (1024, 1, 1),
        "flatten": (1024,),
    }),
    ("resnet18_s4tf", {}, {
        "initial_conv_bn_block.conv_bn": (64, 112, 112), "initial_conv_bn_block": (64, 56, 56),
        "block1": (64, 56, 56), "block2": (128, 28, 28), "block3": (256, 14, 14), "block4": (512, 7, 7),
    }),
    ("cifar_cnn", {}, {"features.conv2": (50, 32, 32), "features.pool": (50, 16, 16), "flatten": (12_800,)}),
    ("cifar_vgg", {"model": 4}, {
        "features.pool1": (64, 16, 16), "features.pool2": (128, 8, 8), "features.pool3": (256, 4, 4),
        "flatten": (4_096,),
    }),
]


@pytest.mark.parametrize("name, hp, expected", SHAPES, ids=[f"{n}-{hp}" for n, hp, _ in SHAPES])
def test_forward_one_image_at_the_default_size(name, hp, expected):
    a = get(name)
    torch.manual_seed(0)
    model = build(name, **hp)
    y, shapes = run_with_shapes(model, torch.randn(1, *a.input_shape), list(expected))
    assert y.shape == (1, a.defaults()["num_classes"])
    assert torch.isfinite(y).all()
    assert shapes == expected


def test_resnet18_s4tf_at_cifar_size_ends_in_a_1x1_map():
    # The text claims CIFAR-10 32×32 inputs; the last group then sees a 1×1 map.
    y, shapes = run_with_shapes(meta("resnet18_s4tf"), torch.empty(2, 3, 32, 32, device="meta"), ["block4"])
    assert y.shape == (2, 10) and shapes == {"block4": (512, 1, 1)}


@pytest.mark.parametrize("name", BOOK_MODELS)
def test_forward_on_meta_tensors(name):
    # The analysis engine traces models on meta tensors: no data-dependent control flow allowed.
    a = get(name)
    model = meta(name)
    with torch.no_grad():
        y = model.eval()(torch.empty(2, *a.input_shape, device="meta"))
    assert y.shape == (2, a.defaults()["num_classes"])


# ---------------------------------------------------------------------------
# Keras semantics


def test_book_convs_and_dense_layers_have_biases():
    for name in BOOK_MODELS:
        if name == "resnet18_s4tf":  # its ConvBN is bias-free, as in the listing
            continue
        for qual, m in meta(name).named_modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                assert m.bias is not None, f"{name}.{qual} has no bias"


def test_keras_batchnorm_and_initialisation():
    torch.manual_seed(0)
    alex = build("alexnet_book")
    bns = [m for m in alex.modules() if isinstance(m, nn.BatchNorm2d)]
    assert len(bns) == 5 and all(bn.eps == 1e-3 and bn.momentum == 0.01 for bn in bns)
    conv1 = alex.features.conv1
    fan_in, fan_out = 3 * 11 * 11, 96 * 11 * 11
    assert conv1.weight.abs().max() <= (6 / (fan_in + fan_out)) ** 0.5  # Glorot-uniform bound
    assert torch.all(conv1.bias == 0)


def test_googlenet_conv_biases_start_at_0_2():
    net = build("googlenet_book")
    assert torch.all(net.inception3a.branch2[1].conv.bias == 0.2)
    assert torch.all(net.conv1.conv.bias == 0.2)
    assert torch.all(net.fc.bias == 0)


def test_resnet18_s4tf_uses_pytorch_batchnorm_defaults():
    bns = [m for m in meta("resnet18_s4tf").modules() if isinstance(m, nn.BatchNorm2d)]
    assert all(bn.eps == 1e-5 and bn.momentum == 0.1 for bn in bns)
    assert all(m.bias is None for m in meta("resnet18_s4tf").modules() if isinstance(m, nn.Conv2d))


def test_vgg16_book_state_dict_matches_torchvision_layout():
    from explorer.zoo.vgg import vgg16

    with torch.device("meta"):
        ref = get("vgg16").build()
    book = meta("vgg16_book")
    assert {k: v.shape for k, v in book.state_dict().items()} == {k: v.shape for k, v in ref.state_dict().items()}
    assert vgg16 is get("vgg16").builder


# ---------------------------------------------------------------------------
# Hyperparameters


@pytest.mark.parametrize("name", BOOK_MODELS)
def test_num_classes_sets_the_output_layer(name):
    model = meta(name, num_classes=7)
    last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
    assert last.out_features == 7


@pytest.mark.parametrize("name", BOOK_MODELS)
def test_in_channels_sets_the_first_conv(name):
    model = meta(name, in_channels=5)
    first = next(m for m in model.modules() if isinstance(m, nn.Conv2d))
    assert first.in_channels == 5


@pytest.mark.parametrize("name", [n for n in BOOK_MODELS if get(n).hparam("width_mult")])
def test_width_mult_scales_the_convolutions(name):
    def conv_params(m: nn.Module) -> int:
        return sum(n_params(c) for c in m.modules() if isinstance(c, nn.Conv2d))

    # Half the channels in and out: about a quarter of the conv weights.
    assert conv_params(meta(name, width_mult=0.5)) < 0.3 * conv_params(meta(name))


def test_lenet5_paper_variant_and_knobs():
    paper = build("lenet5", c1_padding="valid", input_size=32)
    assert n_params(paper) == 61_706
    _, shapes = run_with_shapes(paper, torch.randn(1, 1, 32, 32), ["features.c1", "features.c5"])
    assert shapes == {"features.c1": (6, 28, 28), "features.c5": (120, 1, 1)}
    relu_max = meta("lenet5", activation="relu", pool="max")
    assert isinstance(relu_max.features.act1, nn.ReLU) and isinstance(relu_max.features.s2, nn.MaxPool2d)
    assert isinstance(meta("lenet5").features.s2, nn.AvgPool2d)
    # A bigger input reaches FC6 as a bigger map: 32 with 'same' C1 → C5 gives 2×2×120.
    assert meta("lenet5", input_size=32).classifier.fc6.in_features == 480


def test_convnet_signs_stride_and_batch_norm():
    assert meta("convnet_signs", stride=1).classifier.dense1.in_features == 16 * 64 * 64
    with_bn = meta("convnet_signs", batch_norm=True)
    assert list(dict(with_bn.features.named_children())) == ["conv1", "bn1", "relu1", "pool1"]


def test_alexnet_batch_norm_off_and_input_size():
    plain = meta("alexnet_book", batch_norm=False)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in plain.modules())
    assert n_params(plain) == 62_381_096 - 2 * (96 + 256 + 384 + 384 + 256)
    # At the paper's 224 the maps are 54 → 26 → 12 → 5: the first dense layer shrinks.
    assert meta("alexnet_book", input_size=224).classifier.fc6.in_features == 256 * 5 * 5
    assert meta("alexnet_book", dropout=0.2).classifier.drop6.p == 0.2


def test_vgg_book_sizes_the_classifier_from_the_input():
    small = meta("vgg16_book", input_size=32)
    assert small.classifier[0].in_features == 512
    assert not any(isinstance(m, nn.AdaptiveAvgPool2d) for m in small.modules())
    assert n_params(meta("vgg16_book", dropout=0.0)) == 138_357_544
    lrn = meta("vgg_book", config="A-LRN")
    assert isinstance(lrn.features[2], nn.LocalResponseNorm)
    c = meta("vgg_book", config="C")
    assert [m.kernel_size for m in c.features if isinstance(m, nn.Conv2d)].count((1, 1)) == 3


def test_resnet_procedural_knobs():
    assert len(meta("resnet_procedural", last_group_blocks=3).layer4) == 4  # conv block + 3
    assert meta("resnet_procedural", stride_bug=True).layer2[0].conv2.stride == (2, 2)
    assert meta("resnet_procedural").layer2[0].conv2.stride == (1, 1)
    bn = meta("resnet_procedural", batch_norm=True)
    assert sum(isinstance(m, nn.BatchNorm2d) for m in bn.modules()) == 1 + 2 * (2 + 4 + 6 + 3)


def test_resnet50_versions_put_the_stride_where_the_book_says():
    v1, v15, v2 = meta("resnet50_v1"), meta("resnet50_v1_5"), meta("resnet50_v2")
    assert v1.layer2[0].conv1.stride == (2, 2) and v1.layer2[0].conv2.stride == (1, 1)
    assert v15.layer2[0].conv1.stride == (1, 1) and v15.layer2[0].conv2.stride == (2, 2)
    assert v2.layer2[0].conv2.stride == (2, 2)
    # v2 is pre-activation: BN comes first in a block, and there is no ReLU after the add.
    assert list(dict(v2.layer1[1].named_children())) == [
        "bn1", "relu1", "conv1", "bn2", "relu2", "conv2", "bn3", "relu3", "conv3"
    ]


def test_resnet50_v2_is_he_et_al_pre_activation():
    v2 = meta("resnet50_v2")
    top = list(dict(v2.named_children()))
    # No BN or ReLU in the stem; a final BN → ReLU before global pooling.
    assert "bn1" not in top and "relu" not in top
    assert top[top.index("layer4") + 1:top.index("avgpool")] == ["post_bn", "post_relu"]
    assert v2.post_bn.num_features == 2048
    # A projection block: the shared pre-activation on its input, a 1×1 conv + BN shortcut.
    block = v2.layer2[0]
    assert block.bn1.num_features == 256
    conv, bn = block.downsample
    assert isinstance(conv, nn.Conv2d) and conv.kernel_size == (1, 1) and conv.stride == (2, 2)
    assert isinstance(bn, nn.BatchNorm2d) and bn.num_features == 512
    # The same BatchNorm channels as v1, at every depth and width.
    for hp in ({}, {"depth": 152}, {"width_mult": 0.5}):
        assert n_params(meta("resnet50_v2", **hp)) == n_params(meta("resnet50_v1", **hp))
        assert keras_total(meta("resnet50_v2", **hp)) == keras_total(meta("resnet50_v1", **hp))


def test_resnet50_v2_projection_shortcut_reads_the_pre_activated_input():
    # He et al.'s 'common BN, ReLU': the shortcut conv sees relu(bn1(x)), not x.
    torch.manual_seed(0)
    block = build("resnet50_v2").layer2[0].eval()
    x = torch.randn(1, 256, 8, 8)
    seen = []
    block.downsample.register_forward_hook(lambda _m, inp, _out: seen.append(inp[0]))
    with torch.no_grad():
        block(x)
    assert torch.equal(seen[0], torch.relu(block.bn1(x)))


def test_resnet50_depth_and_batch_norm():
    deep = meta("resnet50_v1", depth=101)
    assert [len(g) for g in (deep.layer1, deep.layer2, deep.layer3, deep.layer4)] == [3, 4, 23, 3]
    plain = meta("resnet50_v1_5", batch_norm=False)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in plain.modules())


def test_googlenet_knobs():
    assert n_params(meta("googlenet_book", batch_norm=False)) == 5_984_314 - 2 * (64 + 192)
    big = meta("googlenet_book", input_size=256)  # 8×8 before the 7×7 average pool → 2×2
    assert big.fc.in_features == 1024 * 2 * 2
    assert meta("googlenet_book", dropout=0.7).dropout.p == 0.7


def test_resnet18_s4tf_blocks():
    deeper = meta("resnet18_s4tf", blocks=3)
    assert [len(g) for g in (deeper.block1, deeper.block2, deeper.block3, deeper.block4)] == [3, 3, 3, 3]
    assert meta("resnet18_s4tf").block1[0].projection is None


def test_cifar_vgg_dropout_only_in_model_4():
    for model in (1, 2, 3):
        assert not any(isinstance(m, nn.Dropout) for m in meta("cifar_vgg", model=model).modules())
    drops = [m for m in meta("cifar_vgg", model=4, dropout=0.3).modules() if isinstance(m, nn.Dropout)]
    assert [d.p for d in drops] == [0.3, 0.3]


def test_cifar_cnn_prose_variant_runs():
    y, shapes = run_with_shapes(build("cifar_cnn", conv2_filters=25), torch.randn(1, 3, 32, 32), ["features.pool"])
    assert y.shape == (1, 10) and shapes == {"features.pool": (25, 16, 16)}


def test_tiny_vgg_filters_and_batch_norm():
    assert meta("tiny_vgg", filters=16).classifier.output.in_features == 13 * 13 * 16
    assert sum(isinstance(m, nn.BatchNorm2d) for m in meta("tiny_vgg", batch_norm=True).modules()) == 4


@pytest.mark.parametrize(
    "name, hp, bad",
    [
        ("vgg_book", {"config": "F"}, "config"),
        ("resnet_procedural", {"last_group_blocks": -1}, "last_group_blocks"),
        ("resnet_procedural", {"stride_bug": "maybe"}, "stride_bug"),
        ("cifar_vgg", {"model": 5}, "model"),
        ("lenet5", {"c1_padding": "full"}, "c1_padding"),
        ("lenet5", {"activation": "swish"}, "activation"),
        ("resnet50_v1", {"depth": 34}, "depth"),
        ("googlenet_book", {"dropout": 1.5}, "dropout"),
        ("resnet18_s4tf", {"dummy_projections": 3}, "dummy_projections"),
        ("cifar_cnn", {"conv2_filters": 0}, "conv2_filters"),
        ("alexnet_book", {"num_classes": 0}, "num_classes"),
        ("convnet_signs", {"kernel": 5}, "kernel"),
    ],
)
def test_bad_hyperparameter_is_named(name, hp, bad):
    with pytest.raises(InvalidHyperparameter, match=bad):
        build(name, **hp)


@pytest.mark.parametrize("name, size", [("lenet5", 8), ("alexnet_book", 40), ("googlenet_book", 64), ("cifar_vgg", 4)])
def test_input_too_small_for_the_dense_layer(name, size):
    with pytest.raises(InputTooSmall):
        meta(name, input_size=size)

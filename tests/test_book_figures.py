"""Every figure the textbooks print, or the digests compute from their code, read back from the app's analysis.

A teacher opens a book model in CNN Explorer and reads shapes, parameter
counts, receptive fields, multiply-adds and depth off the layer table; this
file asserts that those numbers, as ``explorer.analyze`` reports them, are the
books' (shared/reference/books-000-001.md, books-002-004.md). Where a book is
wrong the test asserts the correct value, and a ⚠ comment cites the erratum
(docs/books.md lists them all).

Conventions: shapes are PyTorch's per-sample (C, H, W) where Keras prints
(None, H, W, C); "Keras" counts add BatchNorm's moving mean and variance
(``keras_total_params``, ``LayerRecord.keras_params``); ``mult_adds`` follow
torchinfo (a conv's bias counts once per output position). Figures the books
compute on a single layer or block are checked by analysing that layer.
"""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

import explorer
from explorer.analysis import LayerRecord, Report

# ---------------------------------------------------------------------------
# Helpers


def analyze(name: str, **hp) -> Report:
    return explorer.analyze(name, **hp)  # cached by (name, hyperparameters, input shape)


def analyze_module(build, input_shape: tuple[int, int, int]) -> Report:
    """Analyse a module built on the meta device (a 4-billion-weight dense layer costs nothing there)."""
    with torch.device("meta"):
        model = build()
    return explorer.analyze(model, input_shape=input_shape)


def rec(report: Report, name: str) -> LayerRecord:
    for r in report.layers:
        if r.name == name and not r.repeat:
            return r
    raise KeyError(f"{report.architecture} has no layer {name!r}")


def rf(report: Report, name: str) -> int:
    size = rec(report, name).receptive_field.size
    assert size[0] == size[1], f"{name}: non-square receptive field {size}"
    return size[0]


def table(report: Report, names) -> dict[str, tuple]:
    """{record name: (output shape, parameters)} for the given records."""
    return {n: (rec(report, n).output_shape, rec(report, n).params) for n in names}


def bias_mult_adds(report: Report) -> int:
    """Multiply-adds of the conv biases alone (torchinfo counts a bias once per output position)."""
    return sum(math.prod(r.output_shape) for r in report.layers if r.type == "Conv2d" and r.attr.get("bias"))


# ---------------------------------------------------------------------------
# The overview table of docs/books.md, as the app prints it (its MACs equal torchinfo's: test_analysis.py)

OVERVIEW = [  # name, hyperparameters, parameters, Keras total, MACs, final receptive field, weight layers
    ("convnet_signs", {}, 8_402_618, 8_402_618, 9_057_818, 5, 3),
    ("lenet5", {}, 61_706, 61_706, 423_038, 32, 5),
    ("alexnet_book", {}, 62_381_096, 62_383_848, 1_135_918_120, 195, 8),
    ("vgg16_book", {}, 138_357_544, 138_357_544, 15_483_821_032, 212, 16),
    ("vgg19_book", {}, 143_667_240, 143_667_240, 19_646_923_752, 268, 19),
    ("googlenet_book", {}, 5_984_314, 5_984_826, 1_584_884_794, 907, 22),
    ("resnet_procedural", {}, 21_542_376, 21_542_376, 3_416_444_904, 883, 32),
    ("resnet50_v1", {}, 25_583_592, 25_636_712, 3_868_614_504, 483, 50),
    ("resnet50_v1_5", {}, 25_583_592, 25_636_712, 4_100_352_360, 427, 50),
    ("resnet50_v2", {}, 25_583_592, 25_636_712, 4_100_352_360, 427, 50),
    ("resnet18_s4tf", {}, 11_181_642, 11_191_242, 1_813_576_074, 435, 18),
    ("cifar_cnn", {}, 6_583_192, 6_583_192, 31_084_042, 6, 4),
    ("cifar_vgg", {"model": 1}, 83_973_962, 83_973_962, 123_584_522, 6, 5),
    ("cifar_vgg", {"model": 2}, 50_640_970, 50_640_970, 146_718_730, 16, 7),
    ("cifar_vgg", {"model": 3}, 35_339_082, 35_339_082, 224_362_506, 44, 10),
    ("cifar_vgg", {"model": 4}, 35_339_082, 35_339_082, 224_362_506, 44, 10),
]


@pytest.mark.parametrize("name, hp, params, keras, macs, field, depth", OVERVIEW,
                         ids=[f"{o[0]}{o[1] or ''}" for o in OVERVIEW])
def test_overview_table(name, hp, params, keras, macs, field, depth):
    r = analyze(name, **hp)
    assert (r.total_params, r.keras_total_params, r.mult_adds) == (params, keras, macs)
    assert r.receptive_field.size == (field, field)
    assert r.weight_depth == depth


# ---------------------------------------------------------------------------
# File 000, Ferlitsch ch. 3 §3.2: the sign-language ConvNet and its printed model.summary()

CONVNET_SUMMARY = {  # conv2d_1, re_lu_1, max_pooling2d_1, flatten_1, dense_1, re_lu_2, dense_2 (softmax in the loss)
    "features.conv1": ((16, 64, 64), 160),
    "features.relu1": ((16, 64, 64), 0),
    "features.pool1": ((16, 32, 32), 0),
    "flatten": ((16_384,), 0),
    "classifier.dense1": ((512,), 8_389_120),
    "classifier.relu2": ((512,), 0),
    "classifier.dense2": ((26,), 13_338),
}


def test_convnet_signs_summary_table():
    r = analyze("convnet_signs")
    assert r.input_shape == (1, 128, 128)
    assert table(r, CONVNET_SUMMARY) == CONVNET_SUMMARY
    # "Total params: 8,402,618 / Trainable params: 8,402,618 / Non-trainable params: 0"
    assert (r.total_params, r.trainable_params, r.keras_total_params, r.keras_non_trainable_params) == (
        8_402_618, 8_402_618, 8_402_618, 0
    )


def test_convnet_signs_data_volume_walkthrough():
    # §3.2: stride 2 makes the 16 maps 4× the input; the 2×2 pool brings them back to the input's size.
    r = analyze("convnet_signs")
    pixels = 128 * 128
    assert math.prod(rec(r, "features.conv1").output_shape) == 65_536 == 4 * pixels
    assert math.prod(rec(r, "features.pool1").output_shape) == 16_384 == pixels
    # "the 512-node dense layer has over 8 million parameters": 16,384 × 512 connections.
    assert rec(r, "classifier.dense1").params == 16_384 * 512 + 512


def test_convnet_signs_receptive_fields_macs_and_depth():
    r = analyze("convnet_signs")
    assert (rf(r, "features.conv1"), rf(r, "features.pool1")) == (3, 5)  # PART IV
    assert r.mult_adds == 9_057_818 and round(r.mult_adds / 1e6, 2) == 9.06  # PART IV: ≈ 9.06 M
    assert r.weight_depth == 3


# ---------------------------------------------------------------------------
# File 001, Elgendy ch. 5 §5.2: LeNet-5

LENET_TABLE = {
    "features.c1": ((6, 28, 28), 156),
    "features.s2": ((6, 14, 14), 0),
    "features.c3": ((16, 10, 10), 2_416),
    "features.s4": ((16, 5, 5), 0),
    "features.c5": ((120, 1, 1), 48_120),
    "flatten": ((120,), 0),
    "classifier.fc6": ((84,), 10_164),
    "classifier.fc7": ((10,), 850),
}


def test_lenet5_table():
    r = analyze("lenet5")
    assert r.input_shape == (1, 28, 28)
    assert table(r, LENET_TABLE) == LENET_TABLE
    assert r.total_params == r.keras_total_params == 61_706  # "61,706 parameters"
    assert r.total_params // 1_000 == 61  # "about 61,000" (§5.3): the thousands, truncated


def test_lenet5_receptive_fields_macs_and_depth():
    r = analyze("lenet5")
    got = {n: rf(r, f"features.{n}") for n in ("c1", "s2", "c3", "s4", "c5")}
    assert got == {"c1": 5, "s2": 6, "c3": 14, "s4": 16, "c5": 32}  # PART IV
    assert r.mult_adds == 423_038 and round(r.mult_adds / 1e6, 2) == 0.42  # PART IV: ≈ 0.42 M
    # "5 weight layers: 3 conv + 2 FC" (the figure caption's "three FC layers" counts C5 as FC-120).
    assert r.weight_depth == 5


def test_lenet5_paper_input():
    # EXTERNAL: the paper feeds 32×32 to a 'valid' C1, which gives the book's 28×28×6 and the same count.
    r = analyze("lenet5", c1_padding="valid", input_size=32)
    assert {n: rec(r, n).output_shape for n in ("features.c1", "features.c5")} == {
        "features.c1": (6, 28, 28), "features.c5": (120, 1, 1)
    }
    assert r.total_params == 61_706


# ---------------------------------------------------------------------------
# File 001 §5.3: AlexNet with BatchNorm (the book's Keras code, 227×227 input)

ALEXNET_TABLE = {  # rows 1–24 of the digest's table; a BN row's Keras count is 4C, PyTorch's 2C
    "features.conv1": ((96, 55, 55), 34_944),  # (227 − 11)/4 + 1 = 55
    "features.pool1": ((96, 27, 27), 0),  # (55 − 3)/2 + 1 = 27
    "features.bn1": ((96, 27, 27), 192),
    "features.conv2": ((256, 27, 27), 614_656),
    "features.pool2": ((256, 13, 13), 0),
    "features.bn2": ((256, 13, 13), 512),
    "features.conv3": ((384, 13, 13), 885_120),
    "features.bn3": ((384, 13, 13), 768),
    "features.conv4": ((384, 13, 13), 1_327_488),
    "features.bn4": ((384, 13, 13), 768),
    "features.conv5": ((256, 13, 13), 884_992),
    "features.bn5": ((256, 13, 13), 512),
    "features.pool5": ((256, 6, 6), 0),
    "flatten": ((9_216,), 0),
    "classifier.fc6": ((4_096,), 37_752_832),
    "classifier.fc7": ((4_096,), 16_781_312),
    "classifier.fc8": ((1_000,), 4_097_000),
}


def test_alexnet_book_table():
    r = analyze("alexnet_book")
    assert r.input_shape == (3, 227, 227)
    assert table(r, ALEXNET_TABLE) == ALEXNET_TABLE
    keras_bn = {n: rec(r, f"features.{n}").keras_params for n in ("bn1", "bn2", "bn3", "bn4", "bn5")}
    assert keras_bn == {"bn1": 384, "bn2": 1_024, "bn3": 1_536, "bn4": 1_536, "bn5": 1_024}


def test_alexnet_book_printed_totals():
    # "Total params: 62,383,848 / Trainable params: 62,381,096 / Non-trainable params: 2,752"
    r = analyze("alexnet_book")
    assert r.keras_total_params == 62_383_848
    assert r.trainable_params == r.total_params == 62_381_096  # what PyTorch and torchinfo count
    assert r.keras_non_trainable_params == 2_752 == 2 * (96 + 256 + 384 + 384 + 256)
    assert r.non_trainable_params == 0
    assert round(r.total_params / 1e6) == 62  # "total params is 62 million"


def test_alexnet_book_receptive_fields_macs_and_depth():
    r = analyze("alexnet_book")
    names = ("conv1", "pool1", "conv2", "pool2", "conv3", "conv4", "conv5", "pool5")
    assert [rf(r, f"features.{n}") for n in names] == [11, 19, 51, 67, 99, 131, 163, 195]  # PART IV
    assert r.mult_adds == 1_135_918_120 and round(r.mult_adds / 1e9, 2) == 1.14  # PART IV: ≈ 1.14 G
    assert r.weight_depth == 8  # "AlexNet = 8 layers (5 conv + 3 FC)"


def test_alexnet_book_at_the_papers_224():
    # "The paper says 224×224×3, but the numbers only make sense for 227×227×3": at 224 the maps are 54/26/12/5.
    r = analyze("alexnet_book", input_shape=(3, 224, 224))
    got = {n: rec(r, n).output_shape for n in ("features.conv1", "features.pool1", "features.pool2", "features.pool5")}
    assert got == {
        "features.conv1": (96, 54, 54), "features.pool1": (96, 26, 26), "features.pool2": (256, 12, 12),
        "features.pool5": (256, 5, 5),
    }
    assert rec(r, "flatten").output_shape == (6_400,)


# ---------------------------------------------------------------------------
# File 001 §5.4 (and 000 §3.3): VGG-16

VGG16_CONVS = (0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28)
VGG16_POOLS = (4, 9, 16, 23, 30)
VGG16_TABLE = {
    "features.0": ((64, 224, 224), 1_792),  # conv1_1
    "features.2": ((64, 224, 224), 36_928),  # conv1_2
    "features.4": ((64, 112, 112), 0),  # pool1
    "features.5": ((128, 112, 112), 73_856),
    "features.7": ((128, 112, 112), 147_584),
    "features.9": ((128, 56, 56), 0),
    "features.10": ((256, 56, 56), 295_168),
    "features.12": ((256, 56, 56), 590_080),
    "features.14": ((256, 56, 56), 590_080),
    "features.16": ((256, 28, 28), 0),
    "features.17": ((512, 28, 28), 1_180_160),
    "features.19": ((512, 28, 28), 2_359_808),
    "features.21": ((512, 28, 28), 2_359_808),
    "features.23": ((512, 14, 14), 0),
    "features.24": ((512, 14, 14), 2_359_808),
    "features.26": ((512, 14, 14), 2_359_808),
    "features.28": ((512, 14, 14), 2_359_808),
    "features.30": ((512, 7, 7), 0),  # pool5
    "flatten": ((25_088,), 0),
    "classifier.0": ((4_096,), 102_764_544),
    "classifier.3": ((4_096,), 16_781_312),
    "classifier.6": ((1_000,), 4_097_000),
}
# PART IV: conv1_1 … pool5, in the order of the network.
VGG16_RF = (3, 5, 6, 10, 14, 16, 24, 32, 40, 44, 60, 76, 92, 100, 132, 164, 196, 212)


def test_vgg16_book_table():
    r = analyze("vgg16_book")
    assert table(r, VGG16_TABLE) == VGG16_TABLE
    # "Total params: 138,357,544 / Trainable params: 138,357,544 / Non-trainable params: 0"
    assert (r.total_params, r.trainable_params, r.keras_total_params) == (138_357_544,) * 3
    assert round(r.total_params / 1e6) == 138  # 000: "VGG16 = 138 million"


def test_vgg16_parameters_sit_in_the_classifier():
    r = analyze("vgg16_book")
    conv, fc = rec(r, "features").params, rec(r, "classifier").params
    assert (conv, fc) == (14_714_688, 123_642_856)
    assert conv + fc == r.total_params
    assert round(fc / r.total_params, 2) == 0.89  # ~89% of VGG-16's parameters are in the three dense layers


@pytest.mark.parametrize("name", ["vgg16_book", "vgg16"])
def test_vgg16_receptive_fields(name):
    r = analyze(name)
    layers = sorted(VGG16_CONVS + VGG16_POOLS)
    assert tuple(rf(r, f"features.{i}") for i in layers) == VGG16_RF
    assert r.receptive_field.size == (212, 212) and r.receptive_field.stride == (32, 32)


@pytest.mark.parametrize("name", ["vgg16_book", "vgg16"])
def test_vgg16_macs_equal_torchinfos(name):
    # PART IV: ≈ 15.48 G, torchinfo's total_mult_adds for torchvision's vgg16 at 224.
    r = analyze(name)
    assert r.mult_adds == 15_483_821_032
    assert round(r.mult_adds / 1e9, 2) == 15.48
    assert r.weight_depth == 16  # 13 conv + 3 FC


def test_vgg_stacked_3x3_arithmetic():
    # §5.4: three 3×3 convs see 7×7 like one 7×7 conv, with 27C² weights instead of 49C² (81% more for the 7×7);
    # 004: two 3×3 see 5×5 with 18C² instead of 25C² (ratio 0.72); three vs one 7×7, 0.55.
    def stack(n: int, k: int, c: int = 64) -> Report:
        return analyze_module(lambda: nn.Sequential(*(nn.Conv2d(c, c, k, bias=False) for _ in range(n))), (c, 32, 32))

    c2 = 64 * 64
    three, seven, two, five = stack(3, 3), stack(1, 7), stack(2, 3), stack(1, 5)
    assert (three.total_params, seven.total_params) == (27 * c2, 49 * c2) == (110_592, 200_704)
    assert (two.total_params, five.total_params) == (18 * c2, 25 * c2) == (73_728, 102_400)
    assert round(seven.total_params / three.total_params - 1, 2) == 0.81
    assert round(two.total_params / five.total_params, 2) == 0.72
    assert round(three.total_params / seven.total_params, 2) == 0.55
    assert three.receptive_field.size == seven.receptive_field.size == (7, 7)
    assert two.receptive_field.size == five.receptive_field.size == (5, 5)
    # 004: with no padding both give an n − 4 map (n = 32 → 28).
    assert two.output_shape == five.output_shape == (64, 28, 28)
    assert stack(3, 3, c=256).total_params == 27 * 256 * 256 == 1_769_472


# ---------------------------------------------------------------------------
# File 001 §5.4, Table 5.1: VGG configurations A … E

VGG_CONFIGS = [  # config, parameters, weight layers, Table 5.1's millions
    ("A", 132_863_336, 11, 133),
    ("A-LRN", 132_863_336, 11, 133),
    ("B", 133_047_848, 13, 133),
    ("C", 133_638_952, 16, 134),
    ("D", 138_357_544, 16, 138),
    ("E", 143_667_240, 19, 144),
]


@pytest.mark.parametrize("config, params, depth, millions", VGG_CONFIGS, ids=[c[0] for c in VGG_CONFIGS])
def test_vgg_table_5_1(config, params, depth, millions):
    r = analyze("vgg_book", config=config)
    assert r.total_params == params
    assert round(params / 1e6) == millions
    assert r.weight_depth == depth


def test_vgg19_is_under_144_million():
    # ⚠ 001 says VGG-19 has "over 144 million" parameters: it has 143,667,240 (Table 5.1 rounds it up to 144).
    r = analyze("vgg19_book")
    assert r.total_params == analyze("vgg19").total_params == 143_667_240 < 144_000_000
    assert r.weight_depth == analyze("vgg19").weight_depth == 19  # 16 conv + 3 FC


# ---------------------------------------------------------------------------
# File 001 §5.5: the inception module and GoogLeNet

class NaiveInception(nn.Module):
    """Fig 5.11: 1×1, 3×3 and 5×5 'same' convs and a 3×3/1 'same' max pool side by side, concatenated."""

    def __init__(self, c_in: int = 200, pool_proj: int | None = None) -> None:
        super().__init__()
        self.branch1 = nn.Conv2d(c_in, 64, 1)
        self.branch2 = nn.Conv2d(c_in, 128, 3, padding=1)
        self.branch3 = nn.Conv2d(c_in, 32, 5, padding=2)
        proj = [nn.Conv2d(c_in, pool_proj, 1)] if pool_proj else []
        self.branch4 = nn.Sequential(nn.MaxPool2d(3, 1, padding=1), *proj)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], 1)


def test_naive_inception_module():
    r = analyze_module(NaiveInception, (200, 32, 32))
    assert {n: rec(r, n).output_shape for n in ("branch1", "branch2", "branch3", "branch4")} == {
        "branch1": (64, 32, 32), "branch2": (128, 32, 32), "branch3": (32, 32, 32), "branch4": (200, 32, 32)
    }
    # ⚠ The book concatenates to 32×32×256: the max pool keeps all 200 channels, so it is 424.
    assert r.output_shape == (424, 32, 32)
    assert r.total_params == 12_864 + 230_528 + 160_032 == 403_424
    # 256 needs a 32-filter 1×1 projection after the pool, as in the module with dimension reduction.
    assert analyze_module(lambda: NaiveInception(pool_proj=32), (200, 32, 32)).output_shape == (256, 32, 32)


def test_inception_5x5_cost_and_its_1x1_reduction():
    # "(32 × 32 × 200) × (5 × 5 × 32) → over 163 million" multiplications (no bias, as the book counts).
    naive = analyze_module(lambda: nn.Sequential(nn.Conv2d(200, 32, 5, padding=2, bias=False)), (200, 32, 32))
    assert naive.mult_adds == 163_840_000
    # With a 16-filter 1×1 first: "3.2 million + 13.1 million = 16.3 million".
    # ⚠ The sum is 16,384,000 (≈ 16.4 M; the book truncates), and its printed formula is garbled.
    reduced = analyze_module(
        lambda: nn.Sequential(nn.Conv2d(200, 16, 1, bias=False), nn.Conv2d(16, 32, 5, padding=2, bias=False)),
        (200, 32, 32),
    )
    assert (rec(reduced, "0").mult_adds, rec(reduced, "1").mult_adds) == (3_276_800, 13_107_200)
    assert reduced.mult_adds == 16_384_000
    assert reduced.output_shape == naive.output_shape == (32, 32, 32)
    assert naive.mult_adds == 10 * reduced.mult_adds  # "about a tenth"
    # The reduced branch's parameters with biases: 3,216 + 12,832.
    biased = analyze_module(
        lambda: nn.Sequential(nn.Conv2d(200, 16, 1), nn.Conv2d(16, 32, 5, padding=2)), (200, 32, 32)
    )
    assert (rec(biased, "0").params, rec(biased, "1").params) == (3_216, 12_832)


GOOGLENET_STEM = {  # part A and the pools, Fig 5.18 / the paper's shapes
    "conv1": (64, 112, 112), "maxpool1": (64, 56, 56), "conv2": (64, 56, 56), "conv3": (192, 56, 56),
    "maxpool2": (192, 28, 28), "maxpool3": (480, 14, 14), "maxpool4": (832, 7, 7), "avgpool": (1024, 1, 1),
    "flatten": (1_024,),
}
GOOGLENET_MODULES = {  # Table 5.2: output channels, map size, parameters with biases
    "inception3a": (256, 28, 163_696),
    "inception3b": (480, 28, 388_736),
    "inception4a": (512, 14, 376_176),
    "inception4b": (512, 14, 449_160),
    "inception4c": (512, 14, 510_104),
    "inception4d": (528, 14, 605_376),
    "inception4e": (832, 14, 868_352),
    "inception5a": (832, 7, 1_043_456),
    "inception5b": (1024, 7, 1_444_080),
}


def test_googlenet_book_shapes_and_modules():
    r = analyze("googlenet_book")
    assert {n: rec(r, n).output_shape for n in GOOGLENET_STEM} == GOOGLENET_STEM
    got = {n: (rec(r, n).output_shape[0], rec(r, n).output_shape[1], rec(r, n).params) for n in GOOGLENET_MODULES}
    assert got == GOOGLENET_MODULES
    # Nine modules: ⚠ "2 modules + pool + 5 + pool + 5" is 2 + 5 + 2.
    assert len([x for x in r.layers if x.depth == 1 and x.type == "Inception"]) == 9


def test_googlenet_book_totals():
    r = analyze("googlenet_book")  # the book's Dense(10)
    assert (r.total_params, r.keras_total_params) == (5_984_314, 5_984_826)
    assert r.keras_non_trainable_params == 512 == 2 * (64 + 192)
    wide = analyze("googlenet_book", num_classes=1000)
    assert (wide.total_params, wide.keras_total_params) == (6_999_064, 6_999_576)
    assert analyze("googlenet_book", num_classes=1000, batch_norm=False).total_params == 6_998_552


def test_googlenet_twelve_times_claim():
    # ⚠ "12× fewer parameters, from ~138 million to ~13 million": the main network has ≈ 7.0 M at 1000 classes,
    # about 20× fewer than VGG-16; the paper's 12× compares with AlexNet (≈ 60 M vs ≈ 5 M).
    googlenet = analyze("googlenet_book", num_classes=1000).total_params
    assert round(googlenet / 1e6, 1) == 7.0
    assert round(analyze("vgg16_book").total_params / googlenet) == 20


@pytest.mark.parametrize("name", ["googlenet_book", "googlenet"])
def test_googlenet_has_22_weight_layers(name):
    assert analyze(name).weight_depth == 22  # 3 stem convs + 9 modules × 2 + 1 FC


# ---------------------------------------------------------------------------
# File 000 §3.4: the procedural "ResNet34"

def test_resnet_procedural_totals():
    # "total parameters 21 million" with the lost loop restored as range(2); 1 or 3 blocks for comparison.
    assert analyze("resnet_procedural").total_params == 21_542_376
    assert analyze("resnet_procedural", last_group_blocks=1).total_params == 16_822_760
    assert analyze("resnet_procedural", last_group_blocks=3).total_params == 26_261_992
    # ⚠ It is not a ResNet-34: 32 weight layers.
    assert analyze("resnet_procedural").weight_depth == 32


def test_resnet_procedural_stride_bug():
    groups = ("layer1", "layer2", "layer3", "layer4")
    prose = analyze("resnet_procedural")
    assert [rec(prose, g).output_shape for g in groups] == [(64, 56, 56), (128, 28, 28), (256, 14, 14), (512, 7, 7)]
    # ⚠ The printed conv_block strides both convs: each group shrinks the maps 16×, not by 75%.
    printed = analyze("resnet_procedural", stride_bug=True)
    assert [rec(printed, g).output_shape for g in groups] == [(64, 56, 56), (128, 14, 14), (256, 4, 4), (512, 1, 1)]
    assert printed.total_params == prose.total_params


def test_resnet_six_times_faster_claim():
    # ⚠ "Six times faster than VGG16" is the parameter ratio; in multiply-adds VGG-16 costs ≈ 4.2× ResNet-34.
    vgg = analyze("vgg16_book")
    assert round(vgg.total_params / analyze("resnet_procedural").total_params, 1) == 6.4
    assert round(vgg.mult_adds / analyze("resnet34").mult_adds, 1) == 4.2


def test_bottleneck_block_as_the_book_codes_it():
    # §3.4: 1×1 (64) → 3×3 (64) → 1×1 (256) on a 256-channel input, with biases: 16,448 + 36,928 + 16,640.
    r = analyze("resnet50_v1")
    convs = [rec(r, f"layer1.1.conv{i}").params for i in (1, 2, 3)]
    assert convs == [16_448, 36_928, 16_640] and sum(convs) == 70_016
    assert rec(r, "layer1.1").params == 70_016 + 2 * (64 + 64 + 256)  # plus the three BatchNorms


# ---------------------------------------------------------------------------
# File 000 §3.4.3: ResNet-50 v1, v1.5, v2

RESNET50_SHAPES = {
    "conv1_pad": (3, 230, 230), "conv1": (64, 112, 112), "pool1_pad": (64, 114, 114), "maxpool": (64, 56, 56),
    "layer1": (256, 56, 56), "layer2": (512, 28, 28), "layer3": (1024, 14, 14), "layer4": (2048, 7, 7),
    "avgpool": (2048, 1, 1), "flatten": (2_048,), "fc": (1_000,),
}
# The digest's per-block table: (PyTorch, Keras) for the identity block and the projection block of each group.
RESNET50_BLOCKS = {
    "layer1.1": (70_784, 71_552), "layer2.1": (280_832, 282_368),
    "layer3.1": (1_118_720, 1_121_792), "layer4.1": (4_465_664, 4_471_808),
    "layer1.0": (75_648, 76_928), "layer2.0": (380_672, 383_232),
    "layer3.0": (1_515_008, 1_520_128), "layer4.0": (6_044_672, 6_054_912),
}


@pytest.mark.parametrize("name", ["resnet50_v1", "resnet50_v1_5", "resnet50_v2"])
def test_resnet50_stage_shapes_and_totals(name):
    r = analyze(name)
    assert {n: rec(r, n).output_shape for n in RESNET50_SHAPES} == RESNET50_SHAPES
    assert (r.total_params, r.keras_total_params, r.keras_non_trainable_params) == (25_583_592, 25_636_712, 53_120)
    assert rec(r, "fc").params == 2_049_000
    assert r.weight_depth == 50  # 1 + 3·16 + 1, projection shortcuts not counted


@pytest.mark.parametrize("name", ["resnet50_v1", "resnet50_v1_5"])
def test_resnet50_per_block_table(name):
    r = analyze(name)
    assert {n: (rec(r, n).params, rec(r, n).keras_params) for n in RESNET50_BLOCKS} == RESNET50_BLOCKS
    shortcuts = [rec(r, f"layer{g}.0.downsample.0").params for g in (1, 2, 3, 4)]
    assert shortcuts == [16_640, 131_584, 525_312, 2_099_200]


def test_resnet50_v2_blocks():
    r = analyze("resnet50_v2")
    # The book's v2 identity block has v1's parameters (BN on 4n + n + n channels instead of n + n + 4n).
    assert {n: rec(r, n).params for n in ("layer1.1", "layer4.1")} == {"layer1.1": 70_784, "layer4.1": 4_465_664}
    # The final BN → ReLU of the pre-activation design, before global pooling.
    assert (rec(r, "post_bn").params, rec(r, "post_bn").output_shape) == (4_096, (2048, 7, 7))


def test_resnet50_receptive_fields():
    # PART IV: v1 (stride on the first 1×1) 483, v1.5 (stride on the 3×3, as torchvision) 427.
    assert analyze("resnet50_v1").receptive_field.size == (483, 483)
    assert analyze("resnet50_v1_5").receptive_field.size == (427, 427)
    assert analyze("resnet50").receptive_field.size == (427, 427)
    assert analyze("resnet50_v2").receptive_field.size == (427, 427)


def test_resnet50_v1_5_costs_more_than_v1():
    # ⚠ The book says moving the stride to the 3×3 lowers the cost; it raises it (the 3×3 sees the full map).
    v1, v15 = analyze("resnet50_v1"), analyze("resnet50_v1_5")
    assert (v1.mult_adds, v15.mult_adds) == (3_868_614_504, 4_100_352_360)
    assert v15.mult_adds > v1.mult_adds
    # PART IV's ≈ 3.86 G and ≈ 4.09 G are torchinfo's counts for bias-free convs (torchvision's layout): the book's
    # Keras biases add one multiply-add per conv output (10.6 M and 11.1 M), which makes the report's 3.87 / 4.10 G.
    bias_free_v1 = v1.mult_adds - bias_mult_adds(v1)
    bias_free_v15 = v15.mult_adds - bias_mult_adds(v15)
    assert round(bias_free_v1 / 1e9, 2) == 3.86
    assert bias_free_v15 == analyze("resnet50").mult_adds == 4_089_238_376
    assert round(bias_free_v15 / 1e9, 2) == 4.09


@pytest.mark.parametrize("depth, blocks", [(101, 33), (152, 50)])
def test_resnet50_book_depth_knob(depth, blocks):
    # "You can build 18, 34, 101, 152 from Fig 5.24": the bottleneck family's weight layers are 1 + 3·blocks + 1.
    for name in ("resnet50_v1", "resnet50_v1_5", "resnet50_v2"):
        assert analyze(name, depth=depth).weight_depth == 1 + 3 * blocks + 1 == depth


# ---------------------------------------------------------------------------
# The ResNet family (004's Table 5-1 reference, PART IV): torchvision's bias-free builds

RESNETS = [  # name, params at 1000 classes, at 10 classes, GMACs, weight layers
    ("resnet18", 11_689_512, 11_181_642, 1.81, 18),
    ("resnet34", 21_797_672, 21_289_802, 3.66, 34),
    ("resnet50", 25_557_032, 23_528_522, 4.09, 50),
    ("resnet101", 44_549_160, 42_520_650, 7.80, 101),
    ("resnet152", 60_192_808, 58_164_298, 11.51, 152),
]


@pytest.mark.parametrize("name, params, params10, gmacs, depth", RESNETS, ids=[x[0] for x in RESNETS])
def test_resnet_family(name, params, params10, gmacs, depth):
    r = analyze(name)
    assert r.total_params == params
    assert analyze(name, num_classes=10).total_params == params10
    assert round(r.mult_adds / 1e9, 2) == gmacs
    assert r.weight_depth == depth


def test_resnet101_layer_count():
    # 004: 1 conv + (3 + 4 + 23 + 3) × 3 convs + 1 FC = 101; the projection shortcuts are not counted.
    r = analyze("resnet101")
    convs = [x for x in r.layers if x.type == "Conv2d" and "downsample" not in x.name]
    assert (len(convs), sum(x.type == "Linear" for x in r.layers)) == (1 + 99, 1)
    assert r.weight_depth == 101


def test_shortcut_projection_is_64_to_128():
    # ⚠ 004 Example 5-1 raises the shortcut "from 63 to 128": ResNet-18/34's conv2_x → conv3_x
    # projection is 64 → 128.
    for name in ("resnet18", "resnet34"):
        attrs = rec(analyze(name), "layer2.0.downsample.0").attr
        assert (attrs["in_channels"], attrs["out_channels"], attrs["kernel_size"], attrs["stride"]) == (
            64, 128, (1, 1), (2, 2)
        )


def test_basic_block_vs_bottleneck():
    # 004 Example 5-3: a 256-wide basic block has 1,179,648 weights, a 256→64→64→256 bottleneck 69,632: −94.1%.
    def convs(*specs: tuple[int, int, int]) -> int:  # (in, out, kernel) per bias-free 'same' conv
        def layers() -> nn.Module:
            return nn.Sequential(*(nn.Conv2d(i, o, k, padding=k // 2, bias=False) for i, o, k in specs))

        return analyze_module(layers, (specs[0][0], 56, 56)).total_params

    basic256 = convs((256, 256, 3), (256, 256, 3))
    bottleneck = convs((256, 64, 1), (64, 64, 3), (64, 256, 1))
    basic64 = convs((64, 64, 3), (64, 64, 3))
    assert (basic256, bottleneck) == (1_179_648, 69_632)
    assert round(1 - bottleneck / basic256, 3) == 0.941
    # ⚠ Caveat: He et al. compare with a 64-wide basic block, which costs about the same.
    assert basic64 == 73_728


# ---------------------------------------------------------------------------
# File 002 §6.4: the Swift-for-TensorFlow ResNet-18 (10 classes)

S4TF_TABLE = {
    "initial_conv_bn_block.conv_bn.conv": ((64, 112, 112), 9_408),
    "initial_conv_bn_block.conv_bn.bn": ((64, 112, 112), 128),
    "initial_conv_bn_block.max_pool": ((64, 56, 56), 0),
    "block1.0": ((64, 56, 56), 73_728 + 256),
    "block1.1": ((64, 56, 56), 73_728 + 256),
    "block2.0.conv_bn1.conv": ((128, 28, 28), 73_728),
    "block2.0.conv_bn2.conv": ((128, 28, 28), 147_456),
    "block2.0.projection.conv": ((128, 28, 28), 8_192),
    "block2.1": ((128, 28, 28), 294_912 + 512),
    "block3.0.conv_bn1.conv": ((256, 14, 14), 294_912),
    "block3.0.conv_bn2.conv": ((256, 14, 14), 589_824),
    "block3.0.projection.conv": ((256, 14, 14), 32_768),
    "block3.1": ((256, 14, 14), 1_179_648 + 1_024),
    "block4.0.conv_bn1.conv": ((512, 7, 7), 1_179_648),
    "block4.0.conv_bn2.conv": ((512, 7, 7), 2_359_296),
    "block4.0.projection.conv": ((512, 7, 7), 131_072),
    "block4.1": ((512, 7, 7), 4_718_592 + 2_048),
    "flatten": ((512,), 0),
    "classifier": ((10,), 5_130),
}


def test_resnet18_s4tf_table():
    r = analyze("resnet18_s4tf")
    assert table(r, S4TF_TABLE) == S4TF_TABLE
    for block in ("block2.0", "block3.0", "block4.0"):
        bns = [rec(r, f"{block}.{p}.bn").params for p in ("conv_bn1", "conv_bn2", "projection")]
        assert len(set(bns)) == 1 and bns[0] == 2 * rec(r, f"{block}.conv_bn1.conv").output_shape[0]
    assert r.total_params == 11_181_642  # = torchvision resnet18(num_classes=10)
    assert r.keras_total_params - r.total_params == 9_600  # BN running statistics
    # The listing's unused ConvBN((1,1,1,1)) dummies add 3 parameters in each of the five identity blocks.
    dummies = analyze("resnet18_s4tf", dummy_projections=True)
    assert (dummies.total_params, dummies.keras_total_params - dummies.total_params) == (11_181_657, 9_610)


S4TF_STAGES = (
    "initial_conv_bn_block.conv_bn", "initial_conv_bn_block.max_pool", "block1", "block2", "block3", "block4"
)


@pytest.mark.parametrize("name, stages", [
    ("resnet18_s4tf", S4TF_STAGES),
    ("resnet18", ("conv1", "maxpool", "layer1", "layer2", "layer3", "layer4")),
])
def test_resnet18_stage_receptive_fields(name, stages):
    # 002 digest: stem conv 7 → max pool 11 → 43, 99, 211, 435, cumulative stride 32.
    r = analyze(name)
    assert [rf(r, s) for s in stages] == [7, 11, 43, 99, 211, 435]
    assert r.receptive_field.size == (435, 435) and r.receptive_field.stride == (32, 32)


def test_resnet18_s4tf_layers_and_cost():
    r = analyze("resnet18_s4tf")
    # ⚠ "18 convolutional layers": 17 convs + 1 dense are the 18 weight layers; 20 convs with the projections.
    assert r.weight_depth == 18
    assert sum(x.type == "Conv2d" for x in r.layers) == 20
    assert r.mult_adds == analyze("resnet18", num_classes=10).mult_adds == 1_813_576_074
    # ⚠ The S4TF BatchNorm(momentum: 0.1) is PyTorch's momentum 0.9; the build keeps PyTorch's default 0.1.
    assert rec(r, "block1.0.conv_bn1.bn").attr["momentum"] == 0.1
    assert rec(r, "block1.0.conv_bn1.bn").attr["eps"] == 1e-5


@pytest.mark.parametrize("size, stages", [
    (224, [(64, 112, 112), (64, 56, 56), (64, 56, 56), (128, 28, 28), (256, 14, 14), (512, 7, 7)]),  # Fig 6-9
    (32, [(64, 16, 16), (64, 8, 8), (64, 8, 8), (128, 4, 4), (256, 2, 2), (512, 1, 1)]),  # CIFAR-10, as the text says
    (320, [(64, 160, 160), (64, 80, 80), (64, 80, 80), (128, 40, 40), (256, 20, 20), (512, 10, 10)]),  # Imagenette
])
def test_resnet18_s4tf_input_sizes(size, stages):
    # ⚠ The text says CIFAR-10 32×32, Fig 6-9 draws 224×224, the code loads Imagenette at 320.
    r = analyze("resnet18_s4tf", input_shape=(3, size, size))
    assert [rec(r, n).output_shape for n in S4TF_STAGES] == stages


# ---------------------------------------------------------------------------
# File 002 §6.1: the worked output sizes and receptive fields

def _conv(*args, **kwargs):
    return lambda: nn.Sequential(nn.Conv2d(*args, **kwargs))


def test_s4tf_output_size_examples():
    # Audio 16384 × 2, filter 16, stride 4, padding 6 → 4096 (1-D, as a 16×1 kernel on a 16384×1 map).
    audio = analyze_module(_conv(2, 1, (16, 1), stride=(4, 1), padding=(6, 0)), (2, 16_384, 1))
    assert audio.output_shape == (1, 4_096, 1)
    assert analyze_module(_conv(1, 1, 5), (1, 28, 28)).output_shape == (1, 24, 24)  # (28 − 5)/1 + 1
    assert analyze_module(_conv(3, 8, 4, stride=2, padding=1), (3, 1024, 1024)).output_shape == (8, 512, 512)
    up = analyze_module(lambda: nn.Sequential(nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1)), (8, 512, 512))
    assert up.output_shape == (3, 1024, 1024)


def test_s4tf_transposed_conv_example_is_258():
    # ⚠ "128×128×3, filter 6×6, stride 2, padding 1 → 256×256×1": Eq. 6.3 gives 2·(128 − 1) + 6 − 2 = 258.
    r = analyze_module(lambda: nn.Sequential(nn.ConvTranspose2d(3, 1, 6, stride=2, padding=1)), (3, 128, 128))
    assert r.output_shape == (1, 258, 258)
    for k, p in ((4, 1), (6, 2)):  # the settings that would give 256
        fixed = analyze_module(lambda: nn.Sequential(nn.ConvTranspose2d(3, 1, k, stride=2, padding=p)), (3, 128, 128))
        assert fixed.output_shape == (1, 256, 256)


def _stack_1d(strides=(1, 1, 1), dilations=(1, 1, 1)) -> Report:
    layers = [nn.Conv2d(1, 1, (2, 1), stride=(s, 1), dilation=(d, 1)) for s, d in zip(strides, dilations)]
    return analyze_module(lambda: nn.Sequential(*layers), (1, 64, 1))


def test_s4tf_receptive_field_figures():
    # Fig 6-5, three length-2 filters at stride 1: ⚠ the book's 2 / 4 / 8 holds only at stride 2; it is 2 / 3 / 4.
    plain = _stack_1d()
    assert [rec(plain, str(i)).receptive_field.size[0] for i in range(3)] == [2, 3, 4]
    strided = _stack_1d(strides=(2, 2, 2))
    assert [rec(strided, str(i)).receptive_field.size[0] for i in range(3)] == [2, 4, 8]
    # Fig 6-6, dilations 1, 2, 4: ⚠ the book's 4 / 6 / 12 does not follow; a unit of the last layer sees 8 inputs.
    dilated = _stack_1d(dilations=(1, 2, 4))
    assert [rec(dilated, str(i)).receptive_field.size[0] for i in range(3)] == [2, 4, 8]


def test_dense_layer_explosions():
    def dense(n_in: int, n_out: int, shape, *, bias: bool) -> int:
        def layers() -> nn.Module:
            return nn.Sequential(nn.Flatten(), nn.Linear(n_in, n_out, bias=bias))

        return analyze_module(layers, shape).total_params

    # 002: a 32×32×3 image into 1024 units, and "a reasonably sized image" (224×224×3) into 1024.
    assert dense(3_072, 1_024, (3, 32, 32), bias=True) == 3_146_752
    assert dense(150_528, 1_024, (3, 224, 224), bias=True) == 154_141_696
    # 000 §3.1 counts weights only: 1 M pixels × 1024 "over 1 billion", 784 × 512 "400K",
    # 224·224·3 × 1024 "154 million".
    assert dense(1_000_000, 1_024, (1, 1000, 1000), bias=False) == 1_024_000_000
    assert dense(784, 512, (1, 28, 28), bias=False) == 401_408
    assert dense(150_528, 1_024, (3, 224, 224), bias=False) == 154_140_672


def test_batchnorm_snippet_of_000():
    # §3.4.2's snippet: Conv 64@3×3 'same' on 128×128×3 → BN → ReLU → Flatten → Dense(4096) → ReLU → BN.
    def snippet() -> nn.Module:
        return nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.Flatten(),
                             nn.Linear(1_048_576, 4_096), nn.ReLU(), nn.BatchNorm1d(4_096))

    r = analyze_module(snippet, (3, 128, 128))
    assert rec(r, "3").output_shape == (1_048_576,)
    assert rec(r, "4").params == 4_294_971_392
    assert r.keras_total_params == 4_294_989_824


# ---------------------------------------------------------------------------
# File 003: the Azure CIFAR-10 models (TensorFlow 1.x)

CIFAR_CNN_TABLE = {
    "features.conv1": ((50, 32, 32), 1_400),
    "features.conv2": ((50, 32, 32), 22_550),
    "features.pool": ((50, 16, 16), 0),
    "flatten": ((12_800,), 0),
    "classifier.fc1": ((512,), 6_554_112),
    "classifier.output": ((10,), 5_130),
}


def test_cifar_cnn_table():
    r = analyze("cifar_cnn")
    assert table(r, CIFAR_CNN_TABLE) == CIFAR_CNN_TABLE
    assert r.total_params == 6_583_192
    assert [rf(r, f"features.{n}") for n in ("conv1", "conv2", "pool")] == [3, 5, 6]
    # ⚠ The prose gives the second conv 25 filters; the code (and its reshape 50*16*16) uses 50.
    prose = analyze("cifar_cnn", conv2_filters=25)
    assert (prose.total_params, rec(prose, "flatten").output_shape) == (3_295_117, (6_400,))


CIFAR_VGG_CONVS = {
    "features.conv1_1": ((64, 32, 32), 1_792), "features.conv1_2": ((64, 32, 32), 36_928),
    "features.pool1": ((64, 16, 16), 0),
    "features.conv2_1": ((128, 16, 16), 73_856), "features.conv2_2": ((128, 16, 16), 147_584),
    "features.pool2": ((128, 8, 8), 0),
    "features.conv3_1": ((256, 8, 8), 295_168), "features.conv3_2": ((256, 8, 8), 590_080),
    "features.conv3_3": ((256, 8, 8), 590_080), "features.pool3": ((256, 4, 4), 0),
}
CIFAR_VGG_RF = {
    "features.conv1_1": 3, "features.conv1_2": 5, "features.pool1": 6, "features.conv2_1": 10,
    "features.conv2_2": 14, "features.pool2": 16, "features.conv3_1": 24, "features.conv3_2": 32,
    "features.conv3_3": 40, "features.pool3": 44,
}
# model, conv-part records, flatten, fc1 parameters, total, weight layers ("two/four/seven conv layers" + 3 FC)
CIFAR_VGG = [
    (1, 3, 16_384, 67_112_960, 83_973_962, 5),
    (2, 6, 8_192, 33_558_528, 50_640_970, 7),
    (3, 10, 4_096, 16_781_312, 35_339_082, 10),
    (4, 10, 4_096, 16_781_312, 35_339_082, 10),
]


@pytest.mark.parametrize("model, n_conv, flat, fc1, total, depth", CIFAR_VGG, ids=[f"model{m[0]}" for m in CIFAR_VGG])
def test_cifar_vgg_models(model, n_conv, flat, fc1, total, depth):
    r = analyze("cifar_vgg", model=model)
    names = list(CIFAR_VGG_CONVS)[:n_conv]
    assert table(r, names) == {n: CIFAR_VGG_CONVS[n] for n in names}
    assert {n: rf(r, n) for n in names} == {n: CIFAR_VGG_RF[n] for n in names}
    assert rec(r, "flatten").output_shape == (flat,)
    assert (rec(r, "classifier.fc1").params, rec(r, "classifier.fc2").params, rec(r, "classifier.output").params) == (
        fc1, 16_781_312, 40_970
    )
    assert r.total_params == total
    assert r.weight_depth == depth


def test_cifar_vgg_deeper_has_fewer_parameters():
    # The first dense layer dominates: 84.0 M → 50.6 M → 35.3 M as the conv part grows.
    totals = [analyze("cifar_vgg", model=m).total_params for m in (1, 2, 3)]
    assert [round(t / 1e6, 1) for t in totals] == [84.0, 50.6, 35.3]

"""Formulas behind each number of a row: every value equals the engine's, every filled string adds up.

Oracles: the engine's records (themselves checked against torchinfo and
PyTorch in test_analysis.py), PyTorch's own pooling and convolution output
sizes, and Python arithmetic on the filled strings.
"""

from __future__ import annotations

import re

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import explorer
from explorer.analysis.formulas import QUANTITIES, Formula, formulas, input_field, report_formulas, window_size
from explorer.analysis.records import LayerRecord, Report
from explorer.i18n import N_

torch.set_num_threads(2)

ARCHS = ["resnet18", "vgg16", "googlenet", "lenet5", "alexnet_book", "resnet50", "resnet_cifar"]


def odd_model() -> nn.Module:
    """Groups, dilation, no bias, ceil_mode dropping a window and rounding up, asymmetric padding and kernels, 'same',
    adaptive, a Flatten of what is already flat (it returns its input)."""
    return nn.Sequential(
        nn.Conv2d(4, 8, 3, stride=2, padding=2, dilation=2, groups=2, bias=False),
        nn.BatchNorm2d(8),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2, 2, padding=1, ceil_mode=True),
        nn.MaxPool2d(2, 2, ceil_mode=True),
        nn.ZeroPad2d((1, 2, 0, 1)),
        nn.Conv2d(8, 6, (3, 5), stride=(1, 2), padding=(1, 0)),
        nn.Conv2d(6, 6, 3, padding="same"),
        nn.AdaptiveAvgPool2d((2, 1)),
        nn.Flatten(),
        nn.Flatten(),
        nn.Linear(12, 5, bias=False),
    )


def reports() -> list[Report]:
    return [explorer.analyze(a) for a in ARCHS] + [explorer.analyze(odd_model(), input_shape=(4, 17, 13))]


def expected(r: LayerRecord, f: Formula) -> int:
    """The record's own number that formula ``f`` explains, chosen by its quantity and symbol."""
    sym = f.symbolic.split(" =")[0]
    if f.quantity == "output size":
        if sym.startswith("H"):
            return r.output_shape[1]
        if sym.startswith("W"):
            return r.output_shape[2]
        return r.output_shape[0]
    if f.quantity == "parameters":
        return r.keras_params if sym == "P_Keras" else r.params
    if f.quantity == "MACs":
        return r.mult_adds
    if f.quantity == "receptive field":
        return r.receptive_field.size[1 if sym.endswith("_w") else 0]
    if f.quantity == "effective stride":
        return r.receptive_field.stride[1 if sym.endswith("_w") else 0]
    assert f.quantity == "memory"
    return r.output_bytes


@pytest.mark.parametrize("rep", reports(), ids=ARCHS + ["odd"])
def test_every_value_equals_the_records_number(rep: Report) -> None:
    checked = 0
    for r in rep.layers:
        for f in formulas(r, rep):
            assert f.quantity in QUANTITIES
            assert f.value == expected(r, f), (r.name, f)
            checked += 1
    assert checked > len(rep.layers)


@pytest.mark.parametrize("rep", reports(), ids=ARCHS + ["odd"])
def test_every_number_of_a_leaf_row_is_explained(rep: Report) -> None:
    for r in rep.leaves():
        got = {f.quantity for f in formulas(r, rep)}
        assert "memory" in got
        if r.type in ("Conv2d", "MaxPool2d", "AvgPool2d", "Linear", "Flatten", "ZeroPad2d", "AdaptiveAvgPool2d"):
            assert "output size" in got, r.name
        if r.params:
            assert "parameters" in got, r.name
        if r.mult_adds:
            assert "MACs" in got, r.name
        if r.receptive_field is not None:
            assert {"receptive field", "effective stride"} <= got, r.name


def evaluate(filled: str) -> tuple[int, int] | None:
    """(left side, right side) of 'EXPR = VALUE …' when EXPR is plain arithmetic, else None."""
    if " = " not in filled:
        return None
    lhs, rhs = filled.rsplit(" = ", 1)
    expr = lhs.replace(",", "").replace("·", "*").replace("−", "-")
    expr = re.sub(r"⌈\((.+?)\)/(\d+)⌉", r"(-((-(\1))//\2))", expr)
    expr = expr.replace("⌊", "(").replace("⌋", ")").replace("/", "//").replace("////", "//")
    if not re.fullmatch(r"[\d\s+\-*/()]+", expr):
        return None
    return eval(expr, {"__builtins__": {}}), int(rhs.split()[0].replace(",", ""))  # noqa: S307 (digits and operators only)


@pytest.mark.parametrize("rep", reports(), ids=ARCHS + ["odd"])
def test_filled_strings_add_up(rep: Report) -> None:
    evaluated = 0
    for r in rep.layers:
        for f in formulas(r, rep):
            pair = evaluate(f.filled)
            if pair is not None:
                assert pair[0] == pair[1] == f.value, (r.name, f.filled)
                evaluated += 1
    assert evaluated >= len(rep.leaves())


def _get(rep: Report, name: str, quantity: str, n: int = 0) -> Formula:
    rec = next(r for r in rep.layers if r.name == name)
    return [f for f in formulas(rec, rep) if f.quantity == quantity][n]


def test_resnet18_filled_strings() -> None:
    rep = explorer.analyze("resnet18")
    assert _get(rep, "conv1", "output size").filled == "⌊(224 + 2·3 − 7)/2⌋ + 1 = 112"
    assert _get(rep, "conv1", "output size").symbolic == "H_out = ⌊(H + 2p − k)/s⌋ + 1"
    assert _get(rep, "conv1", "parameters").filled == "7·7·3·64 = 9,408"  # bias=False
    assert _get(rep, "conv1", "MACs").filled == "7·7·3·64·112·112 = 118,013,952"
    assert _get(rep, "conv1", "receptive field").filled == "1 + (7 − 1)·1 = 7"
    assert _get(rep, "layer1.0.conv1", "output size").filled == "56 + 2·1 − 3 + 1 = 56"
    rf = _get(rep, "layer1.0.conv1", "receptive field")
    assert (rf.symbolic, rf.filled) == ("r = r_in + (k − 1)·j_in", "11 + (3 − 1)·4 = 19")
    assert "maxpool" in rf.note
    assert _get(rep, "layer2.0.conv1", "effective stride").filled == "4·2 = 8"
    assert _get(rep, "fc", "parameters").filled == "512·1,000 + 1,000 = 513,000"
    relu = _get(rep, "relu", "memory")
    assert (relu.filled, relu.remark, relu.remark.template) == ("0 bytes", "in place (inplace=True): it overwrites its input",
                                                           N_("in place (inplace=True): it overwrites its input"))
    assert _get(rep, "maxpool", "memory").filled == "64·56·56·4 = 802,816 bytes"
    block = _get(rep, "layer1.0", "parameters")
    assert (block.symbolic, block.filled) == ("P = Σ P_i", "36,864 + 128 + 36,864 + 128 = 73,984")
    assert (block.remark, block.remark.params) == ("sum of its 6 layers", {"count": 6})


def test_vgg16_alexnet_googlenet_filled_strings() -> None:
    vgg = explorer.analyze("vgg16")
    assert _get(vgg, "features.0", "parameters").filled == "3·3·3·64 + 64 = 1,792"
    assert _get(vgg, "features.0", "MACs").filled == "(3·3·3 + 1)·64·224·224 = 89,915,392"
    assert _get(vgg, "features.0", "MACs").symbolic == "MACs = (k_h·k_w·C_in + 1)·C_out·H_out·W_out"
    assert _get(vgg, "classifier.0", "parameters").filled == "25,088·4,096 + 4,096 = 102,764,544"
    alex = explorer.analyze("alexnet_book")
    assert _get(alex, "features.bn1", "parameters", 0).filled == "2·96 = 192"
    keras = _get(alex, "features.bn1", "parameters", 1)
    assert (keras.symbolic, keras.filled, keras.remark) == ("P_Keras = 4·C", "4·96 = 384", "γ, β + moving mean and variance")
    assert _get(alex, "features.conv1", "output size").filled == "⌊(227 − 11)/4⌋ + 1 = 55"
    goog = explorer.analyze("googlenet")
    pool = _get(goog, "maxpool1", "output size")
    assert (pool.symbolic, pool.filled) == ("H_out = ⌈(H − k)/s⌉ + 1", "⌈(112 − 3)/2⌉ + 1 = 56")
    lenet = explorer.analyze("lenet5")
    assert _get(lenet, "flatten", "output size").filled == "120·1·1 = 120"


def test_groups_dilation_ceil_and_rectangles() -> None:
    rep = explorer.analyze(odd_model(), input_shape=(4, 17, 13))
    assert _get(rep, "0", "parameters").filled == "3·3·(4/2)·8 = 144"
    assert _get(rep, "0", "parameters").symbolic == "P = k_h·k_w·(C_in/g)·C_out"
    assert _get(rep, "0", "output size").filled == "⌊(17 + 2·2 − 2·(3 − 1) − 1)/2⌋ + 1 = 9"
    assert _get(rep, "0", "receptive field").symbolic == "r = r_in + (k − 1)·d·j_in"
    dropped = _get(rep, "3", "output size")  # 9 → ⌈(9 + 2 − 2)/2⌉ + 1 = 6, whose last window starts in the padding
    assert dropped.filled == "⌈(9 + 2·1 − 2)/2⌉ + 1 − 1 = 5"
    assert "padding" in dropped.note
    rect = [f for f in formulas(rep.layers[6], rep) if f.quantity == "output size"]
    assert [f.symbolic.split()[0] for f in rect] == ["H_out", "W_out"]
    assert [f.symbolic.split()[0] for f in formulas(rep.layers[6], rep) if f.quantity == "receptive field"] == ["r_h", "r_w"]
    assert _get(rep, "11", "MACs").filled == "12·5 = 60"


@pytest.mark.parametrize("ceil", [False, True])
def test_window_size_matches_pytorch(ceil: bool) -> None:
    for size in range(1, 12):
        for k in range(1, 5):
            for s in range(1, 4):
                for p in range(0, k // 2 + 1):
                    for d in (1, 2):
                        if size + 2 * p < d * (k - 1) + 1:
                            continue
                        x = torch.zeros(1, 1, size, size)
                        want = F.max_pool2d(x, k, s, p, d, ceil_mode=ceil).shape[2]
                        assert window_size("H", size, k, s, p, d, ceil).value == want, (size, k, s, p, d)
                        if not ceil:
                            conv = F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d).shape[2]
                            assert window_size("H", size, k, s, p, d, False).value == conv


def test_input_field_uses_the_field_not_only_the_shape() -> None:
    """A bottleneck's 1×1 shortcut reads the block input; the nearest 64×56×56 map is the main path's (r = 19)."""
    rep = explorer.analyze("resnet50")
    short = next(r for r in rep.layers if r.name == "layer1.0.downsample.0")
    nearest = next(r for r in reversed(rep.layers[: short.index]) if r.is_leaf and r.output_shape == short.input_shape)
    assert nearest.receptive_field.size == (19, 19)  # shape alone would give r_in = 19
    assert input_field(short, rep, expect=((11, 11), (4, 4)))[:2] == ((11, 11), (4, 4))
    assert _get(rep, "layer1.0.downsample.0", "receptive field").filled == "11 + (1 − 1)·4 = 11"
    # A container's output (after the residual add) is a producer too.
    size, stride, src = input_field(next(r for r in rep.layers if r.name == "layer2.0.downsample.0"), rep)
    assert src is not None and src.name == "layer1" and size == rep.layers[src.index].receptive_field.size
    assert input_field(rep.layers[0], rep) == ((1, 1), (1, 1), None)


def test_report_formulas_and_records_without_report() -> None:
    rep = explorer.analyze("lenet5")
    every = report_formulas(rep)
    assert set(every) == {r.index for r in rep.layers}
    conv = rep.leaves()[0]
    alone = formulas(conv)
    assert {f.quantity for f in alone} == {"output size", "parameters", "MACs", "memory"}  # no report: no RF

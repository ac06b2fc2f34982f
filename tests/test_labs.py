"""Every number the Learn labs show, against the books' printed figures, their errata, and PyTorch as the oracle.

Book files: 000 Ferlitsch ch. 3, 001 Elgendy ch. 5, 002 Swift for TensorFlow
ch. 6, 003 Deep Learning with Azure ch. 6, 004 深度残差网络 ch. 5 (digests in
../shared/reference/).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch import nn

from explorer.labs import activations as A
from explorer.labs import batchnorm as B
from explorer.labs import cifar as CF
from explorer.labs import conv as C
from explorer.labs import counting as K
from explorer.labs import degradation as G
from explorer.labs import dense as D
from explorer.labs import gap as GP
from explorer.labs import inception as I
from explorer.labs import optim as OP
from explorer.labs import overfit as OF
from explorer.labs import pointwise as P
from explorer.labs import pooling as PO
from explorer.labs import preact as PA
from explorer.labs import residual as R
from explorer.labs import stacking as S
from explorer.labs import symmetry as SY
from explorer.labs import topk as T
from explorer.labs import transfer as TF
from explorer.labs.common import InvalidLabInput
from explorer.errors import ExplorerError

# --- 1. convolution ---------------------------------------------------------------------------


def test_book_patch_times_diagonal_kernel_is_3() -> None:
    """003: top-left patch [1,1,1,0,1,1,0,1,1] · [1,0,0,0,1,0,0,0,1] = 3."""
    patch = [v for row in C.BOOK_IMAGE[:3] for v in row[:3]]
    assert patch == [1, 1, 1, 0, 1, 1, 0, 1, 1]
    assert [w for row in C.BOOK_KERNEL for w in row] == [1, 0, 0, 0, 1, 0, 0, 0, 1]
    first = C.conv_steps(C.BOOK_IMAGE).windows[0]
    assert first.products == (1, 0, 0, 0, 1, 0, 0, 0, 1)
    assert first.total == 3
    assert first.filled.endswith("= 3")
    assert C.BOOK_CELLS == {(r, c) for r in range(3) for c in range(3)}  # the rest is labelled illustrative


@pytest.mark.parametrize("stride,padding,dilation", [(1, 0, 1), (2, 0, 1), (1, 1, 1), (2, 1, 1), (3, 2, 1), (1, 0, 2), (2, 2, 2)])
@pytest.mark.parametrize("kernel", list(C.KERNELS))
def test_conv_steps_match_pytorch(kernel: str, stride: int, padding: int, dilation: int) -> None:
    steps = C.conv_steps(C.BOOK_IMAGE, C.KERNELS[kernel], stride=stride, padding=padding, dilation=dilation)
    x = torch.tensor(C.BOOK_IMAGE, dtype=torch.float32)[None, None]
    w = torch.tensor(C.KERNELS[kernel], dtype=torch.float32)[None, None]
    expected = nn.functional.conv2d(x, w, stride=stride, padding=padding, dilation=dilation)[0, 0]
    assert torch.equal(torch.tensor(steps.output), expected)
    assert steps.size.value == expected.shape[0]
    assert len(steps.windows) == expected.numel()
    assert len(steps.padded) == 5 + 2 * padding


def test_conv_steps_reject_a_kernel_that_does_not_fit() -> None:
    with pytest.raises(InvalidLabInput):
        C.conv_steps(((1, 0), (0, 1)), C.BOOK_KERNEL)


def _layer_output_size(case: C.SizeCase) -> int:
    """PyTorch's layer built from the lab's own inputs for ``case``, run on a zero input of that size."""
    with torch.no_grad():
        if case.dims == 1:
            return nn.Conv1d(2, 1, case.f, stride=case.s, padding=case.p, dilation=case.d)(torch.zeros(1, 2, case.i)).shape[-1]
        x = torch.zeros(1, 1, case.i, case.i)
        if case.layer == "transposed":
            return nn.ConvTranspose2d(1, 1, case.f, stride=case.s, padding=case.p)(x).shape[-1]
        if case.layer == "pool":
            return nn.MaxPool2d(case.f, case.s, case.p)(x).shape[-1]
        return nn.Conv2d(1, 1, case.f, stride=case.s, padding=case.p, dilation=case.d)(x).shape[-1]


@pytest.mark.parametrize("case", C.SIZE_CASES, ids=lambda c: c.key)
def test_size_examples_against_pytorch(case: C.SizeCase) -> None:
    """Each example's value is what PyTorch's layer gives on the lab's own inputs; the table's ✓/⚠ compares it with the book."""
    e = C.size_example(case.key)
    expected = _layer_output_size(case)
    assert e.value == expected
    assert e.formula.filled.endswith(f"= {expected:,}")
    assert e.book == case.book and e.erratum == (int(case.book) != expected)


def test_size_examples_book_figures() -> None:
    """The books' printed sizes (digest 002.2, 001 II.3): all agree but the transposed 128 → "256" (it is 258)."""
    printed = {"mnist": 24, "audio": 4096, "encoder": 512, "decoder": 1024, "transposed_128": 256, "alexnet_conv1": 55, "alexnet_pool1": 27}
    assert {c.key: int(c.book) for c in C.SIZE_CASES} == printed
    assert [e.key for e in C.SIZE_EXAMPLES if e.erratum] == ["transposed_128"]
    assert C.size_example("transposed_128").value == 258


@pytest.mark.parametrize(
    "book,value,agrees",
    [("16.3 million", 16_384_000, True), ("16.3 million", 16_400_000, False), ("over 163 million", 163_840_000, True),
     ("over 163 million", 162_000_000, False), ("3.2 million", 3_276_800, True), ("256", 424, False), ("256", 258, False),
     ("400K", 401_408, True), ("over 1 billion", 1_024_000_000, True), ("3,146,752", 3_146_752, True), ("3,146,752", 3_146_753, False)],
)
def test_check_column_compares_the_printed_figure_with_the_value(book: str, value: int, agrees: bool) -> None:
    from explorer.labs.common import BookFigure, Filled, agrees as agrees_fn

    assert agrees_fn(book, value) is agrees
    assert BookFigure("k", "000", book, Filled("", "", value)).erratum is (not agrees)


def test_image_bits_round_trip() -> None:
    assert C.from_bits(C.BOOK_BITS) == C.BOOK_IMAGE
    assert C.BOOK_BITS.startswith("11100")
    with pytest.raises(ExplorerError):
        C.from_bits("12")


# --- 2. 1×1 convolution -----------------------------------------------------------------------

BOOK_TIMES_3 = (
    (3, 6, 9, 18, 15, 24),
    (9, 15, 15, 3, 9, 12),
    (6, 3, 9, 12, 27, 9),
    (12, 21, 24, 15, 21, 27),
    (3, 15, 9, 21, 12, 24),
    (15, 12, 27, 24, 9, 15),
)


def test_book_matrix_times_3() -> None:
    """004 Fig 5-6: the full 6×6 table of the digest, first row "3 6 9 …"."""
    out = P.scale(P.BOOK_MATRIX, 3)
    assert out == BOOK_TIMES_3
    conv = nn.Conv2d(1, 1, 1, bias=False)
    with torch.no_grad():
        conv.weight.fill_(3)
    assert torch.equal(conv(torch.tensor(P.BOOK_MATRIX, dtype=torch.float32)[None, None])[0, 0], torch.tensor(BOOK_TIMES_3, dtype=torch.float32))


def _macs(conv: nn.Conv2d, x: torch.Tensor) -> int:
    """Multiplications of ``conv`` on ``x``, from PyTorch: every output value takes one weight slice (k·k·C_in/groups)."""
    with torch.no_grad():
        return conv(x).numel() * conv.weight[0].numel()


@pytest.mark.parametrize("c_in,c_out", [(64, 28), (3, 1), (256, 64), (17, 300)])
def test_channel_mixing_against_pytorch(c_in: int, c_out: int) -> None:
    """Book 004 Example 5-2 is 64 → 28; the lab's numbers follow its two controls."""
    m = P.channel_mixing(c_in, c_out, 56, 56)
    conv = nn.Conv2d(c_in, c_out, 1)
    assert m.params.value == sum(p.numel() for p in conv.parameters())
    x = torch.zeros(1, c_in, 56, 56, device="meta")
    assert conv.to("meta")(x).shape == (1, c_out, 56, 56)
    assert m.macs.value == _macs(conv, x)


@pytest.mark.parametrize("c,mid", [(256, 64), (512, 128), (64, 16), (96, 40)])
def test_reduce_and_restore_against_pytorch(c: int, mid: int) -> None:
    r = P.reduce_restore(c, mid)
    direct = nn.Conv2d(c, c, 3, bias=False)
    bottleneck = [nn.Conv2d(c, mid, 1, bias=False), nn.Conv2d(mid, mid, 3, bias=False), nn.Conv2d(mid, c, 1, bias=False)]
    assert r.direct_weights == direct.weight.numel()
    assert [layer.weights for layer in r.bottleneck] == [b.weight.numel() for b in bottleneck]
    assert r.bottleneck_weights == sum(b.weight.numel() for b in bottleneck)


def test_reduce_and_restore_book_figure() -> None:
    """Book 004 Fig 5-7 / Example 5-3 at its inputs: 256 → 64 → 256 is 69,632 weights (16,384 + 36,864 + 16,384)."""
    r = P.reduce_restore(256, 64)
    assert r.bottleneck_weights == 69_632 and [layer.weights for layer in r.bottleneck] == [16_384, 36_864, 16_384]


# --- 3. pooling -------------------------------------------------------------------------------


@pytest.mark.parametrize("k,s", [(2, 2), (3, 1), (2, 1), (3, 3)])
def test_pool_steps_match_pytorch(k: int, s: int) -> None:
    steps = PO.pool_steps(PO.EXAMPLE_MAP, k, s)
    x = torch.tensor(PO.EXAMPLE_MAP, dtype=torch.float32)[None, None]
    assert torch.equal(torch.tensor(steps.max_output), nn.functional.max_pool2d(x, k, s)[0, 0])
    assert torch.allclose(torch.tensor(steps.avg_output), nn.functional.avg_pool2d(x, k, s)[0, 0])


def test_max_and_average_on_the_same_patch() -> None:
    w = PO.pool_steps().windows[0]
    assert w.patch == (1, 3, 4, 6) and w.max == 6 and w.avg == 3.5


@pytest.mark.parametrize("i,k,s,channels", [(64, 2, 2, 16), (5, 2, 2, 16), (224, 2, 2, 3), (64, 3, 2, 16), (7, 3, 1, 2), (33, 2, 3, 8)])
def test_reduction_against_pytorch(i: int, k: int, s: int, channels: int) -> None:
    """Values in and out of the lab's pooling, against PyTorch's max pool on the lab's own inputs."""
    r = PO.reduction(i, k, s, channels)
    out = nn.functional.max_pool2d(torch.zeros(1, channels, i, i), k, s)
    assert (r.values_in, r.values_out) == (channels * i * i, out.numel())
    assert r.removed == pytest.approx(1 - out.numel() / (channels * i * i))


def test_2x2_stride_2_removes_75_percent_as_book_000_says() -> None:
    """000 §3.1.4/§3.2 at the book's inputs: 16·64·64 = 65,536 → 16·32·32 = 16,384, "75 %" — and only for even sizes."""
    r = PO.reduction()
    assert (r.values_in, r.values_out) == (65_536, 16_384)
    assert r.removed == 0.75
    assert PO.reduction(5, 2, 2, 16).removed == pytest.approx(1 - 4 / 25)  # 84 %: the odd size the lab explains


# --- 4. dense against convolution -------------------------------------------------------------


def test_dense_layers_of_the_books() -> None:
    figures = {f.key: f.value for f in D.BOOK_DENSE}
    assert figures == {"cifar": 3_146_752, "imagenet": 154_141_696, "megabyte": 1_024_000_000, "mnist": 401_408}
    assert figures["megabyte"] > 1e9  # "over a billion"
    assert sum(p.numel() for p in nn.Linear(3072, 1024).parameters()) == 3_146_752
    assert sum(p.numel() for p in nn.Linear(224 * 224 * 3, 1024).parameters()) == 154_141_696


@pytest.mark.parametrize("h,w,c,units,k,filters", [(224, 224, 3, 1024, 3, 64), (32, 32, 3, 1024, 3, 64), (28, 28, 1, 512, 5, 6), (100, 60, 4, 10, 7, 3)])
def test_dense_against_conv_on_the_labs_inputs(h: int, w: int, c: int, units: int, k: int, filters: int) -> None:
    r = D.dense_vs_conv(h, w, c, units=units, filters=filters, k=k)
    dense, conv = nn.Linear(h * w * c, units, device="meta"), nn.Conv2d(c, filters, k)
    assert r.dense.value == sum(p.numel() for p in dense.parameters())
    assert r.conv.value == sum(p.numel() for p in conv.parameters())
    assert r.ratio == pytest.approx(r.dense.value / r.conv.value)


def test_the_conv_layer_that_replaces_them_does_not_grow() -> None:
    sweep = D.sweep()
    assert len({s.conv.value for s in sweep}) == 1
    assert [s.dense.value for s in sweep] == sorted(s.dense.value for s in sweep)


# --- 5. stacking 3×3 --------------------------------------------------------------------------


def test_receptive_field_3_5_7() -> None:
    assert S.receptive_fields(3) == [3, 5, 7]
    # Oracle: the footprint of one output unit's input gradient through three 3×3 convolutions.
    net = nn.Sequential(*(nn.Conv2d(1, 1, 3, bias=False) for _ in range(3)))
    for m in net:
        nn.init.constant_(m.weight, 1.0)
    x = torch.zeros(1, 1, 15, 15, requires_grad=True)
    net(x)[0, 0, 4, 4].backward()
    rows = (x.grad[0, 0].abs().sum(1) > 0).nonzero()
    assert rows.max() - rows.min() + 1 == 7


def test_27c2_against_49c2() -> None:
    three, two = S.stack_vs_single(3, 64), S.stack_vs_single(2, 64)
    assert (three.stacked_coeff, three.single_coeff) == (27, 49)
    assert (two.stacked_coeff, two.single_coeff) == (18, 25)
    assert round(three.extra, 2) == 0.81  # "81 % more"
    assert round(two.ratio, 2) == 0.72 and round(three.ratio, 2) == 0.55
    assert (two.stacked.value, two.single.value) == (73_728, 102_400)
    assert (three.stacked.value, three.single.value) == (110_592, 200_704)
    assert S.stack_vs_single(3, 256).stacked.value == 1_769_472
    stacked = sum(p.numel() for p in nn.Sequential(*(nn.Conv2d(64, 64, 3, bias=False) for _ in range(3))).parameters())
    assert stacked == three.stacked.value == 27 * 64 * 64


@pytest.mark.parametrize("n", [7, 32, 224])
def test_same_output_size_n_minus_4(n: int) -> None:
    """004: two 3×3 layers and one 5×5 (stride 1, no padding) both give n − 4, against PyTorch."""
    x = torch.zeros(1, 1, n, n)
    two = nn.Sequential(nn.Conv2d(1, 1, 3), nn.Conv2d(1, 1, 3))(x).shape[-1]
    one = nn.Conv2d(1, 1, 5)(x).shape[-1]
    assert S.stacked_output(n, 2) == (two, one) == (n - 4, n - 4)


@pytest.mark.parametrize("n,c", [(1, 8), (2, 64), (3, 64), (4, 32), (5, 3)])
def test_stack_against_one_large_kernel_in_pytorch(n: int, c: int) -> None:
    r = S.stack_vs_single(n, c)
    stacked = sum(m.weight.numel() for m in (nn.Conv2d(c, c, 3, bias=False) for _ in range(n)))
    single = nn.Conv2d(c, c, 2 * n + 1, bias=False).weight.numel()
    assert (r.stacked.value, r.single.value) == (stacked, single)
    assert r.ratio == pytest.approx(stacked / single)
    assert S.receptive_fields(n)[-1] == 2 * n + 1 == r.big


# --- 6. Inception -----------------------------------------------------------------------------


def _naive_module_in_torch(c_in: int, f1: int, f3: int, f5: int) -> list[nn.Module]:
    return [nn.Conv2d(c_in, f1, 1), nn.Conv2d(c_in, f3, 3, padding=1), nn.Conv2d(c_in, f5, 5, padding=2), nn.MaxPool2d(3, 1, padding=1)]


@pytest.mark.parametrize("c_in,f1,f3,f5", [(I.BOOK_INPUT[2], *I.BOOK_FILTERS.values()), (256, 64, 128, 32), (32, 64, 128, 32), (3, 1, 5, 1)])
def test_naive_module_against_pytorch(c_in: int, f1: int, f3: int, f5: int) -> None:
    m = I.naive_module(32, 32, c_in, f1, f3, f5)
    branches = _naive_module_in_torch(c_in, f1, f3, f5)
    with torch.no_grad():
        out = torch.cat([b(torch.zeros(1, c_in, 32, 32)) for b in branches], dim=1)
    assert out.shape == (1, m.depth, 32, 32)
    assert m.params == sum(p.numel() for b in branches for p in b.parameters())


def test_naive_module_book_figures() -> None:
    """001 §5.5 prints 32×32×256 for the naive module: PyTorch concatenates 424 channels, so the table flags it."""
    with torch.no_grad():
        depth = torch.cat([b(torch.zeros(1, 200, 32, 32)) for b in _naive_module_in_torch(200, 64, 128, 32)], dim=1).shape[1]
    erratum = next(f for f in I.BOOK_FIGURES if f.key == "naive_depth")
    assert erratum.value == depth == 424 and erratum.book == "256" and erratum.erratum
    assert I.naive_module().params == 403_424  # digest II.5: 12,864 + 230,528 + 160,032


@pytest.mark.parametrize("c_in,f5,r", [(200, 32, 16), (256, 32, 16), (200, 64, 8), (16, 3, 1)])
def test_5x5_branch_costs_against_pytorch(c_in: int, f5: int, r: int) -> None:
    c = I.branch_cost(32, 32, c_in, f5, r)
    x = torch.zeros(1, c_in, 32, 32, device="meta")
    naive, reduce = nn.Conv2d(c_in, f5, 5, padding=2, device="meta"), nn.Conv2d(c_in, r, 1, device="meta")
    conv = nn.Conv2d(r, f5, 5, padding=2, device="meta")
    assert c.naive.value == _macs(naive, x)
    assert c.reduce.value == _macs(reduce, x)
    assert c.conv.value == _macs(conv, reduce(x))
    assert c.reduced.value == c.reduce.value + c.conv.value
    assert c.factor == pytest.approx(c.naive.value / c.reduced.value)


def test_5x5_branch_book_figures() -> None:
    """001 §5.5 at the book's inputs: "over 163 million", "3.2 million + 13.1 million", "16.3 million" (truncated 16.38)."""
    c = I.branch_cost()
    assert (c.naive.value, c.reduce.value, c.conv.value, c.reduced.value) == (163_840_000, 3_276_800, 13_107_200, 16_384_000)
    printed = {f.key: f.book for f in I.BOOK_FIGURES}
    assert printed == {"naive_5x5": "over 163 million", "reduce_1x1": "3.2 million", "reduced_5x5": "13.1 million", "reduced_total": "16.3 million", "naive_depth": "256"}
    assert [f.key for f in I.BOOK_FIGURES if f.erratum] == ["naive_depth"]


def test_module_3a_with_reduction_against_pytorch() -> None:
    a = I.MODULE_3A
    m = I.inception_module(**a)
    branches = [
        nn.Conv2d(a["c_in"], a["f1"], 1),
        nn.Sequential(nn.Conv2d(a["c_in"], a["r3"], 1), nn.Conv2d(a["r3"], a["f3"], 3, padding=1)),
        nn.Sequential(nn.Conv2d(a["c_in"], a["r5"], 1), nn.Conv2d(a["r5"], a["f5"], 5, padding=2)),
        nn.Sequential(nn.MaxPool2d(3, 1, padding=1), nn.Conv2d(a["c_in"], a["pool_proj"], 1)),
    ]
    with torch.no_grad():
        out = torch.cat([b(torch.zeros(1, a["c_in"], 28, 28)) for b in branches], dim=1)
    assert out.shape[1] == m.depth == 256  # Table 5.2: 3a outputs 256
    assert m.params == sum(p.numel() for b in branches for p in b.parameters())


# --- 7. residual blocks -----------------------------------------------------------------------


def _weights(*convs: nn.Module) -> int:
    return sum(p.numel() for m in convs for p in m.parameters())


@pytest.mark.parametrize("c,mid", [(256, 64), (128, 32), (512, 128), (64, 64), (96, 20)])
def test_basic_against_bottleneck_in_pytorch(c: int, mid: int) -> None:
    b = R.block_weights(c, mid)
    basic = _weights(nn.Conv2d(c, c, 3, bias=False), nn.Conv2d(c, c, 3, bias=False))
    bottleneck = _weights(nn.Conv2d(c, mid, 1, bias=False), nn.Conv2d(mid, mid, 3, bias=False), nn.Conv2d(mid, c, 1, bias=False))
    basic_mid = _weights(nn.Conv2d(mid, mid, 3, bias=False), nn.Conv2d(mid, mid, 3, bias=False))
    assert (b.basic.value, b.bottleneck.value, b.basic_mid.value) == (basic, bottleneck, basic_mid)
    assert b.saving == pytest.approx(1 - bottleneck / basic)
    assert b.fair_ratio == pytest.approx(bottleneck / basic_mid)


def test_basic_against_bottleneck_book_figures() -> None:
    """004 Example 5-3 at its inputs (256, 64): 1,179,648 against 69,632, "94.1 %"; He et al.'s 64-wide basic block 73,728."""
    b = R.block_weights(256, 64)
    assert (b.basic.value, b.bottleneck.value, b.basic_mid.value) == (1_179_648, 69_632, 73_728)
    assert f"{100 * b.saving:.1f}" == "94.1"


def test_shortcuts() -> None:
    assert R.shortcut(64, 64, "identity").params == 0
    assert R.shortcut(64, 128, "identity").params == 0  # option A: zero channels
    proj = R.shortcut(64, 128, "projection")
    layer = nn.Sequential(nn.Conv2d(64, 128, 1, stride=2, bias=False), nn.BatchNorm2d(128))
    assert proj.params == sum(p.numel() for p in layer.parameters()) == 8_192 + 256


def test_sensitivity_example() -> None:
    s = R.BOOK_SENSITIVITY
    assert s.plain_change == pytest.approx(1 / 51)  # ≈ 2 %
    assert round(100 * s.plain_change) == 2
    assert s.residual_change == pytest.approx(1.0)  # +100 %


def test_gradient_flow_plain_against_residual() -> None:
    plain, res = R.gradient_flow(20, "none"), R.gradient_flow(20, "identity")
    assert len(plain.norms) == len(res.norms) == 19  # 6n + 1 convolutions (the fc is the 20th layer)
    assert plain.layers[0] == "conv1" and plain.layers[-1] == "layer3.2.conv2"
    assert plain.spread > 2 * res.spread
    assert R.gradient_flow(20, "none").norms == plain.norms  # seeded
    deep_plain, deep_res = R.gradient_flow(56, "none"), R.gradient_flow(56, "identity")
    assert deep_plain.spread > 1000 and deep_res.spread < 100  # orders of magnitude against a narrow band


# --- 8. batch normalization -------------------------------------------------------------------


def test_bn_default_batch_against_pytorch() -> None:
    batch = torch.tensor(B.DEFAULT_BATCH)
    gamma, beta = torch.tensor([1.5, -0.5]), torch.tensor([0.25, 2.0])
    bn = nn.BatchNorm1d(2)
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    bn.train()
    y = bn(batch)
    for j, x in enumerate(B.columns(B.DEFAULT_BATCH)):
        step = B.train_step(x, float(gamma[j]), float(beta[j]))
        assert torch.allclose(torch.tensor(step.y), y[:, j].detach(), atol=1e-6)
        run = B.running_stats(x, steps=1)[-1]
        assert run.mean == pytest.approx(float(bn.running_mean[j]))
        assert run.var == pytest.approx(float(bn.running_var[j]))
    s1 = B.train_step(B.columns(B.DEFAULT_BATCH)[0])
    assert (s1.mean, s1.var, s1.var_unbiased) == (4.0, 5.0, 20 / 3)
    mu, var, _, _ = s1.formulas
    assert mu.filled == "(1 + 3 + 5 + 7) / 4 = 4" and var.filled.endswith("/ 4 = 5")


def test_bn_running_statistics_and_evaluation_against_pytorch() -> None:
    x = (1.0, 3.0, 5.0, 7.0)
    bn = nn.BatchNorm1d(1, momentum=0.3)
    bn.train()
    for _ in range(5):
        bn(torch.tensor(x)[:, None])
    run = B.running_stats(x, steps=5, momentum=0.3)[-1]
    assert run.mean == pytest.approx(float(bn.running_mean[0])) and run.var == pytest.approx(float(bn.running_var[0]))
    bn.eval()
    expected = bn(torch.tensor(x)[:, None])[:, 0].detach()
    got = B.eval_output(x, gamma=1.0, beta=0.0, mean=run.mean, var=run.var)
    assert torch.allclose(torch.tensor(got), expected, atol=1e-6)


def test_bn_2d_counts_per_channel_over_n_h_w() -> None:
    """A convolution's BN: statistics per channel over (N, H, W), the same four steps."""
    x = torch.arange(2 * 3 * 2 * 2, dtype=torch.float32).reshape(2, 3, 2, 2)
    y = nn.BatchNorm2d(3).train()(x)
    values = x[:, 1].flatten().tolist()
    step = B.train_step(values)
    assert torch.allclose(torch.tensor(step.y), y[:, 1].flatten().detach(), atol=1e-5)


@pytest.mark.parametrize("c", [1, 64, 96, 2048])
def test_keras_4c_against_pytorch_2c(c: int) -> None:
    """PyTorch: γ, β are parameters, the running mean and variance buffers; Keras's summary counts all four."""
    k = B.Counting(c)
    bn = nn.BatchNorm2d(c)
    assert k.pytorch == sum(p.numel() for p in bn.parameters())
    assert k.buffers == bn.running_mean.numel() + bn.running_var.numel()
    assert k.keras == k.pytorch + k.buffers


def test_alexnet_keras_against_pytorch_counts() -> None:
    """001's AlexNet: the BN layers of the zoo's model account for Keras's extra 2,752 (the book prints 62,383,848 / 62,381,096)."""
    import explorer
    from explorer.zoo import build

    model = build("alexnet_book")
    channels = [m.num_features for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    assert tuple(channels) == B.ALEXNET_BN_CHANNELS
    r = explorer.analyze("alexnet_book")
    assert r.total_params == sum(p.numel() for p in model.parameters())
    assert r.keras_total_params - r.total_params == 2 * sum(channels)
    assert (r.keras_total_params, r.total_params) == (62_383_848, 62_381_096)  # the book's printed summary


def test_bn_batch_parsing() -> None:
    assert B.parse_numbers("1, 3, 5, 7") == (1, 3, 5, 7)
    assert B.parse_numbers("1 3;5") == (1, 3, 5)
    for bad in ("1, x", "4", ""):
        with pytest.raises(ExplorerError):
            B.parse_numbers(bad)


# --- 9. activations ---------------------------------------------------------------------------


def test_activations_and_slopes_against_autograd() -> None:
    xs = torch.linspace(-5, 5, 41, dtype=torch.float64, requires_grad=True)
    for name, fn in (("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu)):
        y = fn(xs)
        (g,) = torch.autograd.grad(y.sum(), xs)
        y = y.detach()
        for i, x in enumerate(xs.tolist()):
            v, s = A.at(name, x)
            assert v == pytest.approx(float(y[i]), abs=1e-12) and s == pytest.approx(float(g[i]), abs=1e-12)


def test_sigmoid_gradient_vanishes() -> None:
    assert A.at("sigmoid", 0.0)[1] == 0.25 == max(max(c.slopes) for c in A.curves() if c.name == "sigmoid")
    assert A.chain("sigmoid", 10) == pytest.approx(0.25**10) and A.chain("sigmoid", 10) < 1e-6
    assert A.chain("relu", 10, 1.0) == 1.0 and A.chain("tanh", 10) == 1.0
    assert A.at("sigmoid", 6.0)[1] < 0.0025


# --- 10. degradation --------------------------------------------------------------------------


def test_degradation_experiment_goes_through_the_train_callable() -> None:
    calls = []

    def fake(arch: str, hp: dict, steps: int) -> list[float]:
        calls.append((arch, hp["depth"], hp["shortcut"], steps))
        return [0.5] * steps

    curves = G.experiment(fake, depths=(8, 14), steps=3)
    assert calls == [("resnet_cifar", 8, "none", 3), ("resnet_cifar", 14, "none", 3), ("resnet_cifar", 8, "identity", 3), ("resnet_cifar", 14, "identity", 3)]
    assert [c.plain for c in curves] == [True, True, False, False]
    assert curves[0].final() == 0.5


def test_engine_train_is_short_deterministic_and_learns() -> None:
    """The training engine in this process: one error per step, the same for the same seed, falling."""
    a = G.engine_train("resnet_cifar", {"depth": 8, "shortcut": "identity"}, 30, samples=128, lr=0.05)
    b = G.engine_train("resnet_cifar", {"depth": 8, "shortcut": "identity"}, 30, samples=128, lr=0.05)
    assert a == b and len(a) == 30
    assert all(0 <= e <= 1 for e in a)
    assert sum(a[-10:]) < sum(a[:10])  # it learns something in 30 steps


def test_smooth() -> None:
    assert G.smooth([1, 0, 1, 0], 2) == [1, 0.5, 0.5, 0.5]


# --- 11. top-k --------------------------------------------------------------------------------


def test_book_cat_example() -> None:
    """001: cat → top-1 hit; horse → top-1 miss, top-5 hit."""
    assert T.top_k("cat", 1).hit
    assert not T.top_k("horse", 1).hit and T.top_k("horse", 5).hit
    assert not T.top_k("plane", 5).hit  # sixth
    assert sum(s for _, s in T.BOOK_SCORES) == pytest.approx(1.0)
    scores = torch.zeros(T.BOOK_CLASSES)
    scores[: len(T.BOOK_SCORES)] = torch.tensor([s for _, s in T.BOOK_SCORES])
    top5 = torch.topk(scores, 5).indices.tolist()
    assert [T.BOOK_SCORES[i][0] for i in top5] == [c for c, _ in T.ranking()[:5]]


def test_error_rates_over_the_example_set() -> None:
    preds, truths = [s for _, s in T.EXAMPLE_SET], [t for t, _ in T.EXAMPLE_SET]
    assert T.error_rate(preds, truths, 1) == 0.4 and T.error_rate(preds, truths, 5) == 0.2


# --- 12. why do the numbers differ? -----------------------------------------------------------


def test_resnet50_three_counts() -> None:
    counts = {c.key: c.value for c in K.resnet50_params()}
    assert counts == {"torchvision": 25_557_032, "book_pytorch": 25_583_592, "keras": 25_636_712}


def test_googlenet_auxiliary_heads() -> None:
    main, aux = K.googlenet_params()
    assert (main.value, aux.value) == (6_624_904, 13_004_888)
    assert f"{main.value / 1e6:.1f}" == "6.6" and f"{aux.value / 1e6:.1f}" == "13.0"


def test_resnet50_v1_against_v1_5() -> None:
    v = {(x.key, x.bias): x for x in K.resnet50_versions()}
    assert v["v1", False].receptive_field == v["v1", True].receptive_field == 483
    assert v["v1_5", False].receptive_field == v["v1_5", True].receptive_field == 427
    # The product's own numbers: torchvision-style (no conv bias) gives the digest's 3.86 and 4.09.
    assert v["v1", False].mult_adds == 3_858_027_368 and K.giga(v["v1", False].mult_adds) == "3.86"
    assert v["v1_5", False].mult_adds == 4_089_238_376 and K.giga(v["v1_5", False].mult_adds) == "4.09"
    # The book's Keras code with bias: 3,868,614,504 (3.87) for v1.
    assert v["v1", True].mult_adds == 3_868_614_504 and v["v1_5", True].mult_adds == 4_100_352_360
    assert v["v1", True].mult_adds - v["v1", False].mult_adds > 0  # the bias adds one MAC per output value
    assert all(x.params in (25_557_032, 25_583_592) for x in v.values())


def test_macs_against_flops() -> None:
    """The lab's claim: the paper's "FLOPs" are multiply-adds (near the MACs, half the FLOPs)."""
    for arch, paper in K.PAPER_FLOPS.items():
        m = K.macs_flops(arch)
        assert m.flops == 2 * m.mult_adds
        assert abs(paper * 1e9 - m.mult_adds) / m.mult_adds < 0.1, arch
        assert abs(paper * 1e9 - m.flops) / m.flops > 0.4, arch


# --- 13. global average pooling against Flatten + Dense -------------------------------------------



def _linear_params(model: nn.Module) -> int:
    return sum(p.numel() for m in model.modules() if isinstance(m, nn.Linear) for p in m.parameters())


#: torchvision's published parameter counts (1000 classes) and the dense layers of its classifiers.
TORCHVISION = {
    "vgg16": (138_357_544, [(25_088, 4096), (4096, 4096), (4096, None)]),
    "resnet50": (25_557_032, [(2048, None)]),
    "resnet18": (11_689_512, [(512, None)]),
}


def _head(arch: str, classes: int) -> nn.Module:
    return nn.Sequential(*(nn.Linear(i, o or classes, device="meta") for i, o in TORCHVISION[arch][1]))


@pytest.mark.parametrize("arch,classes", [("vgg16", 1000), ("vgg16", 10), ("resnet50", 1000), ("resnet50", 37), ("resnet18", 10)])
def test_gap_split_against_torchvision(arch: str, classes: int) -> None:
    """torchvision's published counts and its classifiers' dense layers (built in PyTorch) as the oracle."""
    s = GP.split(arch, 224, classes)
    head = _linear_params(_head(arch, classes))
    body = TORCHVISION[arch][0] - _linear_params(_head(arch, 1000))
    assert (s.head_params, s.body_params, s.total) == (head, body, body + head)


@pytest.mark.parametrize("size,classes", [(224, 1000), (32, 10), (96, 100), (320, 1000)])
def test_gap_flatten_head_follows_the_input_size(size: int, classes: int) -> None:
    """The book's VGG-16 (Flatten → Dense): PyTorch's own classifier on the map its features make at ``size``."""
    s = GP.split("vgg16_book", size, classes)
    features = nn.Sequential(*(nn.MaxPool2d(2, 2) for _ in range(5)))  # five 2×2/2 pools; 'same' convs keep the size
    side = features(torch.zeros(1, 1, size, size)).shape[-1]
    classifier = nn.Sequential(nn.Linear(512 * side * side, 4096), nn.Linear(4096, 4096), nn.Linear(4096, classes))
    assert s.last_map == (512, side, side)
    assert s.head_params == _linear_params(classifier)
    assert s.gap_head.value == _linear_params(nn.Linear(512, classes))
    tv = GP.split("vgg16", size, classes)  # torchvision's adaptive 7×7 pool: the classifier does not move
    assert tv.head_params == _linear_params(nn.Sequential(nn.Linear(512 * 7 * 7, 4096), nn.Linear(4096, 4096), nn.Linear(4096, classes)))


def test_gap_book_figures_and_the_two_heads() -> None:
    """At the books' inputs: VGG-16 138,357,544 (001 prints it; 000 "138 million"), 123,642,856 of them dense; ResNet-50's fc 2,049,000."""
    figures = GP.book_figures()
    assert all(f.value == 138_357_544 and not f.erratum for f in figures)
    assert GP.split("vgg16_book").head_params == 102_764_544 + 16_781_312 + 4_097_000
    assert GP.split("resnet50").head_params == 2048 * 1000 + 1000
    sweep = GP.sweep(classes=10, sizes=(32, 64, 224))
    assert [p.flatten_head for p in sweep] == sorted(p.flatten_head for p in sweep) and len({p.gap_head for p in sweep}) == 1


def test_gap_then_dense_equals_1x1_conv_then_gap() -> None:
    """Step 3's claim (004 Fig 5-9): the same parameters and the same scores in either order."""
    torch.manual_seed(0)
    s = GP.split("resnet18", 224, 10)
    c, k = s.last_map[0], s.classes
    dense = nn.Linear(c, k)
    conv = nn.Conv2d(c, k, 1)
    with torch.no_grad():
        conv.weight.copy_(dense.weight[:, :, None, None])
        conv.bias.copy_(dense.bias)
    x = torch.randn(2, c, 7, 7)
    assert sum(p.numel() for p in dense.parameters()) == sum(p.numel() for p in conv.parameters()) == s.gap_head.value
    assert torch.allclose(dense(x.mean((2, 3))), conv(x).mean((2, 3)), atol=1e-5)


# --- 14. shifts, flips and checkerboards ------------------------------------------------------------



def _t(m) -> torch.Tensor:
    return torch.tensor(m, dtype=torch.float64)[None, None]


@pytest.mark.parametrize("kernel", list(SY.KERNELS))
def test_correlation_is_pytorch_conv2d_and_convolution_flips_the_kernel(kernel: str) -> None:
    c = SY.cross_correlation(kernel)
    k = _t(SY.KERNELS[kernel])
    assert torch.equal(_t(c.correlation)[0, 0], nn.functional.conv2d(_t(SY.IMAGE), k, padding=1)[0, 0])
    assert torch.equal(_t(c.convolution)[0, 0], nn.functional.conv2d(_t(SY.IMAGE), torch.flip(k, (2, 3)), padding=1)[0, 0])
    assert c.same == torch.equal(k, torch.flip(k, (2, 3)))
    assert c.negated == torch.equal(-k, torch.flip(k, (2, 3)))


def _torch_shift(x: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """Move a (1, 1, H, W) tensor with zeros coming in: pad, then crop."""
    h, w = x.shape[-2:]
    p = nn.functional.pad(x, (2, 2, 2, 2))
    return p[..., 2 - dy: 2 - dy + h, 2 - dx: 2 - dx + w]


@pytest.mark.parametrize("kernel", list(SY.KERNELS))
@pytest.mark.parametrize("dy,dx", [(0, 0), (1, 2), (-2, 1), (2, -2), (-1, -1)])
def test_equivariance_against_pytorch(kernel: str, dy: int, dx: int) -> None:
    e = SY.equivariance(kernel, dy, dx)
    k, x = _t(SY.KERNELS[kernel]), _t(SY.IMAGE)
    assert torch.equal(_t(e.shifted), _torch_shift(x, dy, dx))
    f_of_g = nn.functional.conv2d(_torch_shift(x, dy, dx), k, padding=1)
    g_of_f = _torch_shift(nn.functional.conv2d(x, k, padding=1), dy, dx)
    assert torch.equal(_t(e.output_of_shifted), f_of_g) and torch.equal(_t(e.shifted_output), g_of_f)
    assert e.largest_difference == float((f_of_g - g_of_f).abs().max()) == 0.0


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("s", [1, 2, 3])
def test_checkerboard_against_pytorch(k: int, s: int) -> None:
    cb = SY.checkerboard(k, s)
    ones = torch.ones(1, 1, cb.n, cb.n, dtype=torch.float64)
    kernel = torch.ones(1, 1, k, k, dtype=torch.float64)
    assert torch.equal(_t(cb.transposed), nn.functional.conv_transpose2d(ones, kernel, stride=s))
    up = nn.functional.interpolate(ones, scale_factor=s, mode="nearest")
    assert torch.equal(_t(cb.resized), nn.functional.conv2d(up, kernel, padding=k // 2))
    assert cb.even == (k % s == 0)  # Odena et al.: uneven overlap unless the kernel is a multiple of the stride
    assert cb.resized_values == [float(k * k)]
    assert cb.transposed_values  # there is an inside to read


# --- 15. where BatchNorm goes: ResNet v1 against v2 -------------------------------------------------



def _bottleneck(version: str, c_in: int, n: int, projection: bool) -> list[nn.Module]:
    """The book's §3.4.3 block in PyTorch (conv bias kept, as its Keras code): v1 BN after each conv, v2 before."""
    convs = [nn.Conv2d(c_in, n, 1), nn.Conv2d(n, n, 3, padding=1), nn.Conv2d(n, 4 * n, 1)]
    bns = [nn.BatchNorm2d(c) for c in ((n, n, 4 * n) if version == "resnet50_v1" else (c_in, n, n))]
    shortcut = [nn.Conv2d(c_in, 4 * n, 1), nn.BatchNorm2d(4 * n)] if projection else []
    return convs + bns + shortcut


@pytest.mark.parametrize("arch", PA.VERSIONS)
@pytest.mark.parametrize("stage,n", [(1, 64), (2, 128), (3, 256), (4, 512)])
@pytest.mark.parametrize("kind", list(PA.BLOCKS))
def test_preact_blocks_against_pytorch(arch: str, stage: int, n: int, kind: str) -> None:
    b = PA.block(arch, stage, kind)
    c_in = 4 * n if kind == "identity" else (64 if stage == 1 else 2 * n)
    modules = _bottleneck(arch, c_in, n, kind == "projection")
    assert b.params == sum(p.numel() for m in modules for p in m.parameters())
    assert b.bn_params == sum(p.numel() for m in modules if isinstance(m, nn.BatchNorm2d) for p in m.parameters())
    assert [r.type for r in b.rows].count("BatchNorm2d") == 3
    assert b.relu_after_add == (arch == "resnet50_v1")  # v1: add → ReLU; v2: nothing after the add
    first = b.rows[0].type
    assert first == ("Conv2d" if arch == "resnet50_v1" else "BatchNorm2d")


def test_preact_book_figures_and_totals() -> None:
    """Digest I.3.5 (000 §3.4.3, computed): v1 identity block 70,784 and projection 75,648 in PyTorch; the
    network 25,583,592 (Keras 25,636,712); v1 and v2 have the same total, and Keras's extra is the BN statistics."""
    assert PA.block("resnet50_v1", 1, "identity").params == 70_784
    assert PA.block("resnet50_v1", 1, "projection").params == 75_648
    p1, p2 = PA.parts("resnet50_v1"), PA.parts("resnet50_v2")
    assert p1.total == p2.total == 25_583_592 and p1.keras_total == p2.keras_total == 25_636_712
    for p in (p1, p2):
        assert sum(p.bn.values()) == p.keras_total - p.total  # running mean and variance: one of each per γ, β
    assert "stem" not in p2.bn and p2.bn["post"] == 2 * 2048 and p1.bn["stem"] == 2 * 64


# --- 16. learning-rate schedules and optimisers ------------------------------------------------------



def _torch_optimizer(name: str, params: list[torch.Tensor], lr: float) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    return torch.optim.Adam(params, lr=lr)


def _torch_f(fn: str, p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return 0.5 * (x * x + 25 * y * y) if fn == "bowl" else (1 - x) ** 2 + 100 * (y - x * x) ** 2


@pytest.mark.parametrize("fn,lr,adam_lr,steps", [("bowl", 0.03, 0.3, 60), ("bowl", 0.001, 0.01, 30), ("rosenbrock", 0.001, 0.1, 200)])
@pytest.mark.parametrize("optimizer", OP.OPTIMIZERS)
def test_descent_against_torch_optim(fn: str, lr: float, adam_lr: float, steps: int, optimizer: str) -> None:
    """Every point of the lab's path is where torch.optim (autograd for the gradient) puts the parameters."""
    rate = adam_lr if optimizer == "adam" else lr
    path = OP.descend(fn, optimizer, rate, steps)
    p = torch.tensor(OP.FUNCTIONS[fn].start, dtype=torch.float64, requires_grad=True)
    opt = _torch_optimizer(optimizer, [p], rate)
    expected = [tuple(p.detach().tolist())]
    for _ in range(steps):
        opt.zero_grad()
        _torch_f(fn, p).backward()
        opt.step()
        expected.append(tuple(p.detach().tolist()))
    assert len(path.points) == steps + 1
    assert torch.allclose(torch.tensor(path.points), torch.tensor(expected), rtol=1e-9, atol=1e-12)
    assert path.losses[-1] == pytest.approx(float(_torch_f(fn, p.detach())), rel=1e-9, abs=1e-15)


def test_descent_stops_where_it_diverges() -> None:
    path = OP.descend("rosenbrock", "sgd", 0.1, 100)
    assert len(path.points) < 10 and all(math.isfinite(v) for v in path.losses)


def test_book_schedules_against_the_digest_and_pytorch() -> None:
    """001's schedules (digest II.2, II.5): LeNet-5's code one epoch late; GoogLeNet's first cut after 7 epochs."""
    lenet = OP.schedule("lenet5", 12)
    assert lenet.code == (5e-4, 5e-4, 5e-4, 2e-4, 2e-4, 2e-4, 5e-5, 5e-5, 5e-5, 5e-5, 1e-5, 1e-5)
    assert lenet.text[:10] == (5e-4, 5e-4, 2e-4, 2e-4, 2e-4, 5e-5, 5e-5, 5e-5, 5e-5, 1e-5)
    assert lenet.differ == (3, 6, 10)
    google = OP.schedule("googlenet", 25)
    assert google.code[6] == 0.01 and google.code[7] == pytest.approx(0.0096) and google.code[15] == pytest.approx(0.009216)
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.01)
    step = torch.optim.lr_scheduler.StepLR(opt, step_size=8, gamma=0.96)  # the paper's "4 % every 8 epochs"
    paper = []
    for _ in range(25):
        paper.append(opt.param_groups[0]["lr"])
        opt.step()
        step.step()
    assert google.text == pytest.approx(tuple(paper))
    assert google.differ == (8, 16, 24)
    plateau = OP.schedule("plateau", 30)
    assert plateau.text[20] == pytest.approx(1e-4) and plateau.code[20] == pytest.approx(1e-3)  # two ×√0.1 = one ÷10


# --- 17. overfitting and regularisation ---------------------------------------------------------------



def test_overfit_runs_are_the_books_models_and_settings() -> None:
    """Model 3 without dropout, Model 4 with two Dropout(0.5) (003); AlexNet's weight decay 5e-4 (001)."""
    from explorer.zoo import build

    for dropout, expected in ((False, 0), (True, 2)):
        cfg = OF.config(dropout=dropout, weight_decay=True, augmentation=True)
        model = build(cfg["architecture"], **cfg["hyperparameters"])
        drops = [m for m in model.modules() if isinstance(m, nn.Dropout) and m.p > 0]
        assert len(drops) == expected and all(m.p == 0.5 for m in drops)
        assert cfg["weight_decay"] == 5e-4 and cfg["augmentation"] == "crop"
        assert model(torch.zeros(2, *cfg["input_shape"])).shape == (2, 10)
    assert OF.config(dropout=False, weight_decay=False, augmentation=False)["weight_decay"] == 0.0


def test_overfit_curves_are_deterministic_and_show_the_gap() -> None:
    """One accuracy per epoch, the same for the same seed; without regularisation the training set is fit better than new images."""
    a = OF.train("base", dropout=False, weight_decay=False, augmentation=False, epochs=20)
    assert len(a.train) == len(a.val) == 20 and all(0 <= v <= 1 for v in a.train + a.val)
    assert OF.train("base", dropout=False, weight_decay=False, augmentation=False, epochs=2).val == a.val[:2]
    assert a.train[-1] > 0.5 and a.gap > 0.05


# --- 18. book 003's CIFAR-10 recipe ---------------------------------------------------------------------


_CIFAR_CONVS = {1: [64, 64, "M"], 2: [64, 64, "M", 128, 128, "M"], 3: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M"]}


@pytest.mark.parametrize("model", CF.MODELS)
def test_cifar_models_against_pytorch(model: int) -> None:
    """Listings 6-11 to 6-14 built in PyTorch (digest 003.1 (c)): 3×3 'same' convs with bias, 2×2 pools, 4096-4096-10."""
    layers: list[nn.Module] = []
    c = 3
    for v in _CIFAR_CONVS[min(model, 3)]:
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
            c = v
    features = nn.Sequential(*layers)
    flat = features(torch.zeros(1, 3, 32, 32)).numel()
    dense = [nn.Linear(flat, 4096), nn.Linear(4096, 4096), nn.Linear(4096, 10)]
    m = CF.model_count(model)
    assert (m.convs, m.pools, m.flatten, m.hidden) == (sum(isinstance(x, nn.Conv2d) for x in layers), sum(isinstance(x, nn.MaxPool2d) for x in layers), flat, 4096)
    assert m.conv_params == sum(p.numel() for p in features.parameters())
    assert m.fc1_params == sum(p.numel() for p in dense[0].parameters())
    assert m.total == m.conv_params + sum(p.numel() for d in dense for p in d.parameters())
    assert m.dropout == (model == 4)


def test_cifar_models_digest_figures() -> None:
    """Digest 003.1 (c): 83,973,962 → 50,640,970 → 35,339,082 (= Model 4): "84 → 51 → 35 M"."""
    assert [CF.model_count(m).total for m in CF.MODELS] == [83_973_962, 50_640_970, 35_339_082, 35_339_082]


def test_swapaxes_transposes_every_image() -> None:
    """003's prepare_cifar: np.swapaxes(x, 1, 3) is N×W×H×C; torch's permute to channels last is N×H×W×C."""
    img = CF.test_image()
    p = CF.prepare(img)
    x = torch.from_numpy(img).permute(2, 0, 1)[None]  # N, C, H, W as CIFAR stores it
    assert p.raw_shape == tuple(x.shape)
    assert torch.equal(torch.from_numpy(p.correct), x.permute(0, 2, 3, 1)[0]) and np.array_equal(p.correct, img)
    assert torch.equal(torch.from_numpy(p.book), x.permute(0, 3, 2, 1)[0])
    assert p.transposed and not np.array_equal(p.book, p.correct)
    symmetric = np.zeros((8, 8, 3), dtype=np.uint8)
    assert CF.prepare(symmetric).transposed


def test_cifar_loop_counts_updates() -> None:
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(CF.TRAIN_IMAGES, 1)), batch_size=64)
    assert CF.iterations(1, 64) == len(loader) == 782
    assert CF.iterations(20, 64) == 20 * len(loader)


# --- 19. transfer learning ----------------------------------------------------------------------------



def test_transfer_models_freeze_only_what_they_say() -> None:
    """Frozen: only the new last layer (84·5 + 5) trains and the rest keeps the first task's weights, as PyTorch applies them."""
    from explorer.zoo import build

    weights = {k: torch.randn_like(v) if v.is_floating_point() else v for k, v in build(TF.ARCH, num_classes=5).state_dict().items()}
    frozen = TF.model_for("frozen", weights)
    assert sum(p.numel() for p in frozen.parameters() if p.requires_grad) == sum(p.numel() for p in nn.Linear(84, 5).parameters())
    before = {k: v.clone() for k, v in frozen.state_dict().items()}
    opt = torch.optim.SGD([p for p in frozen.parameters() if p.requires_grad], lr=0.1)
    nn.functional.cross_entropy(frozen(torch.rand(4, 1, 28, 28)), torch.tensor([0, 1, 2, 3])).backward()
    opt.step()
    changed = {k for k, v in frozen.state_dict().items() if not torch.equal(v, before[k])}
    head = [n for n, m in frozen.named_modules() if isinstance(m, nn.Linear)][-1]
    assert changed == {f"{head}.weight", f"{head}.bias"}
    kept = [k for k in weights if not k.startswith(head)]
    assert all(torch.equal(before[k], weights[k]) for k in kept)
    finetune, scratch = TF.model_for("finetune", weights), TF.model_for("scratch", weights)
    assert all(p.requires_grad for p in finetune.parameters()) and torch.equal(finetune.state_dict()[kept[0]], weights[kept[0]])
    assert not torch.equal(scratch.state_dict()[kept[0]], weights[kept[0]])


def test_transfer_runs_are_deterministic() -> None:
    weights, source = TF.pretrained()
    assert source > 0.5  # LeNet-5 learns the digits 0-4
    a = TF.transfer(20, 2, weights=weights)
    assert [r.way for r in a] == list(TF.WAYS) and all(len(r.accuracy) == 2 for r in a)
    assert [r.accuracy for r in TF.transfer(20, 2, weights=weights)] == [r.accuracy for r in a]
    assert a[1].trainable == 84 * 5 + 5 < a[0].trainable == a[2].trainable == a[0].total


# --- 19. transfer learning from a run of the runs store -------------------------------------------------


def test_transfer_offers_the_runs_a_person_may_open_that_suit(tmp_path) -> None:
    """Own finished small runs with weights, and runs the teacher shared; never another student's, an unfinished
    run, one without weights, or a network over the lab's budget (tiny_vgg at 64×64, by torchinfo's count)."""
    from torchinfo import summary

    from explorer.classroom import Person
    from explorer.inside.weights import build_random
    from people_helpers import make_lenet_run, make_run

    ana, ben, teacher = Person("a1", "Ana"), Person("b2", "Ben"), Person("t", "Teacher", "teacher")
    mine = make_lenet_run(tmp_path, owner="a1", owner_name="Ana")
    running = make_lenet_run(tmp_path, owner="a1", status="running")
    bare = make_lenet_run(tmp_path, owner="a1", weights=False)
    big = make_run(tmp_path, owner="a1")
    bens = make_lenet_run(tmp_path, owner="b2")
    shared = make_lenet_run(tmp_path, owner="b2", shared=True)
    assert [TF.unsuitable(r) for r in (mine, running, bare, big)] == [None, "unfinished", "no_weights", "too_big"]
    macs = summary(build_random("tiny_vgg", {"num_classes": 3}), input_size=(1, 3, 64, 64), verbose=0).total_mult_adds
    assert 2 * macs > TF.MAX_FLOPS, "tiny_vgg at 64×64 is over the budget, by torchinfo's count"
    assert set(TF.runs_for(ana, tmp_path)) == {mine, shared}
    assert set(TF.runs_for(ben, tmp_path)) == {bens, shared}
    assert set(TF.runs_for(teacher, tmp_path)) == {mine, bens, shared}


def test_transfer_from_a_run_against_pytorch(tmp_path) -> None:
    """A run's final weights, as torch.load(weights_only=True) reads them, learn the shapes three ways: frozen trains
    the last layer's numel only and leaves every other weight bit-identical to the run's file; fine-tuning moves them."""
    from people_helpers import make_lenet_run
    from explorer.zoo import build

    run = make_lenet_run(tmp_path, seed=7)
    saved = torch.load(run.weights_path("final"), map_location="cpu", weights_only=True)
    weights = TF.run_weights(run)
    assert weights.keys() == saved.keys() and all(torch.equal(weights[k], saved[k]) for k in saved)
    src = TF.from_run(run)
    assert (src.arch, src.input_shape, src.learnt, src.target, src.accuracy) == ("lenet5", (1, 28, 28), "digits", "shapes", 0.9)
    data = TF.task(20, source=src)
    x, y, (vx, vy) = data
    assert x.shape == (20, 1, 28, 28) and vx.shape == (TF.VAL_IMAGES, 1, 28, 28)
    assert set(y.tolist()) <= set(range(5)) and set(vy.tolist()) == set(range(5))
    head = nn.Linear(84, 5)
    total = sum(p.numel() for p in build("lenet5", num_classes=5).parameters())
    frozen, r = TF.learn("frozen", weights, data, 2, source=src)
    assert (r.way, len(r.accuracy), r.trainable, r.total) == ("frozen", 2, sum(p.numel() for p in head.parameters()), total)
    name = [n for n, m in frozen.named_modules() if isinstance(m, nn.Linear)][-1]
    after = frozen.state_dict()
    kept = [k for k in saved if not k.startswith(name + ".")]
    assert kept and all(torch.equal(after[k], saved[k]) for k in kept), "frozen features are the run's, bit for bit"
    assert after[f"{name}.weight"].shape == head.weight.shape
    tuned, r = TF.learn("finetune", weights, data, 2, source=src)
    assert r.trainable == r.total == total
    assert not all(torch.equal(tuned.state_dict()[k], saved[k]) for k in kept)
    scratch, _ = TF.learn("scratch", weights, data, 1, source=src)
    assert not torch.equal(scratch.state_dict()[kept[0]], saved[kept[0]])


def test_transfer_frozen_features_keep_their_batchnorm_statistics() -> None:
    """Frozen features are extracted, not trained: a BatchNorm's running statistics stay the first task's."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))
    model[1].running_mean.fill_(0.5)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    for p in model[:2].parameters():
        p.requires_grad_(False)
    TF._fit(model, torch.rand(16, 1, 8, 8), torch.randint(0, 3, (16,)), 2, seed=0)
    after = model.state_dict()
    assert all(torch.equal(after[k], before[k]) for k in before if not k.startswith("4."))
    assert not torch.equal(after["4.weight"], before["4.weight"])

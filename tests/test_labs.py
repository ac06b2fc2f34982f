"""Every number the Learn labs show, against the books' printed figures, their errata, and PyTorch as the oracle.

Book files: 000 Ferlitsch ch. 3, 001 Elgendy ch. 5, 002 Swift for TensorFlow
ch. 6, 003 Deep Learning with Azure ch. 6, 004 深度残差网络 ch. 5 (digests in
../shared/reference/).
"""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from explorer.labs import activations as A
from explorer.labs import batchnorm as B
from explorer.labs import conv as C
from explorer.labs import counting as K
from explorer.labs import degradation as G
from explorer.labs import dense as D
from explorer.labs import inception as I
from explorer.labs import pointwise as P
from explorer.labs import pooling as PO
from explorer.labs import residual as R
from explorer.labs import stacking as S
from explorer.labs import topk as T
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


@pytest.mark.parametrize(
    "key,value,book",
    [("mnist", 24, "24"), ("audio", 4096, "4096"), ("encoder", 512, "512"), ("decoder", 1024, "1024"), ("transposed_128", 258, "256"),
     ("alexnet_conv1", 55, "55"), ("alexnet_pool1", 27, "27")],
)
def test_size_examples(key: str, value: int, book: str) -> None:
    e = C.size_example(key)
    assert e.value == value and e.book == book
    assert e.erratum == (key == "transposed_128")
    assert e.formula.filled.endswith(f"= {value:,}")


def test_size_examples_against_pytorch() -> None:
    """The oracle: the layers themselves (1-D for the audio, 2-D otherwise)."""
    assert nn.Conv2d(1, 1, 5)(torch.zeros(1, 1, 28, 28)).shape[-1] == 24
    assert nn.Conv1d(2, 1, 16, stride=4, padding=6)(torch.zeros(1, 2, 16384)).shape[-1] == 4096
    assert nn.Conv2d(1, 1, 4, stride=2, padding=1)(torch.zeros(1, 1, 1024, 1024)).shape[-1] == 512
    assert nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1)(torch.zeros(1, 1, 512, 512)).shape[-1] == 1024
    assert nn.ConvTranspose2d(3, 1, 6, stride=2, padding=1)(torch.zeros(1, 3, 128, 128)).shape[-1] == 258


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


def test_channel_mixing_64_to_28() -> None:
    m = P.channel_mixing(64, 28, 56, 56)
    conv = nn.Conv2d(64, 28, 1)
    assert m.params.value == sum(p.numel() for p in conv.parameters()) == 64 * 28 + 28
    assert conv(torch.zeros(1, 64, 56, 56)).shape == (1, 28, 56, 56)
    assert m.macs.value == 56 * 56 * 64 * 28


def test_reduce_and_restore_around_a_3x3() -> None:
    r = P.reduce_restore(256, 64)
    assert r.direct_weights == 3 * 3 * 256 * 256
    assert r.bottleneck_weights == 69_632
    assert [layer.weights for layer in r.bottleneck] == [16_384, 36_864, 16_384]


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


def test_2x2_stride_2_removes_75_percent() -> None:
    """000: "a 2×2 pool with stride 2 → 75 % reduction"; 16·64·64 = 65,536 → 16·32·32 = 16,384."""
    r = PO.reduction()
    assert (r.values_in, r.values_out) == (65_536, 16_384)
    assert r.removed == 0.75
    assert PO.reduction(224, 2, 2, 3).removed == 0.75


# --- 4. dense against convolution -------------------------------------------------------------


def test_dense_layers_of_the_books() -> None:
    figures = {f.key: f.value for f in D.BOOK_DENSE}
    assert figures == {"cifar": 3_146_752, "imagenet": 154_141_696, "megabyte": 1_024_000_000, "mnist": 401_408}
    assert figures["megabyte"] > 1e9  # "over a billion"
    assert sum(p.numel() for p in nn.Linear(3072, 1024).parameters()) == 3_146_752
    assert sum(p.numel() for p in nn.Linear(224 * 224 * 3, 1024).parameters()) == 154_141_696


def test_the_conv_layer_that_replaces_them_does_not_grow() -> None:
    small, big = D.dense_vs_conv(32, 32, 3), D.dense_vs_conv(1000, 1000, 3)
    assert small.conv.value == big.conv.value == sum(p.numel() for p in nn.Conv2d(3, 64, 3).parameters()) == 1_792
    assert big.dense.value > 1000 * small.dense.value / 1000
    assert D.dense_vs_conv(224, 224, 3).ratio == pytest.approx(154_141_696 / 1_792)


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


def test_same_output_size_n_minus_4() -> None:
    assert S.stacked_output(32, 2) == (28, 28)


# --- 6. Inception -----------------------------------------------------------------------------


def _naive_module_in_torch() -> list[nn.Module]:
    return [nn.Conv2d(200, 64, 1), nn.Conv2d(200, 128, 3, padding=1), nn.Conv2d(200, 32, 5, padding=2), nn.MaxPool2d(3, 1, padding=1)]


def test_naive_module_depth_is_424_not_256() -> None:
    m = I.naive_module()
    assert m.depth == 424 and I.BOOK_NAIVE_DEPTH == 256
    assert m.params == 12_864 + 230_528 + 160_032 == 403_424
    x = torch.zeros(1, 200, 32, 32)
    out = torch.cat([b(x) for b in _naive_module_in_torch()], dim=1)
    assert out.shape == (1, 424, 32, 32)
    assert sum(p.numel() for b in _naive_module_in_torch() for p in b.parameters()) == 403_424
    erratum = next(f for f in I.BOOK_FIGURES if f.key == "naive_depth")
    assert erratum.erratum and erratum.book == "256" and erratum.value == 424


def test_5x5_branch_costs() -> None:
    c = I.branch_cost()
    assert c.naive.value == 163_840_000
    assert (c.reduce.value, c.conv.value, c.reduced.value) == (3_276_800, 13_107_200, 16_384_000)
    assert round(c.factor) == 10
    assert c.reduced.value // 100_000 == 163  # the book's "16.3 million" is 16.38 truncated


def test_module_3a_with_reduction() -> None:
    m = I.inception_module(**I.MODULE_3A)
    assert m.depth == 256 and m.params == 163_696


# --- 7. residual blocks -----------------------------------------------------------------------


def test_basic_against_bottleneck() -> None:
    b = R.block_weights(256, 64)
    assert b.basic.value == 1_179_648 and b.bottleneck.value == 69_632
    assert f"{100 * b.saving:.1f}" == "94.1"
    assert b.basic_mid.value == 73_728
    basic = nn.Sequential(nn.Conv2d(256, 256, 3, bias=False), nn.Conv2d(256, 256, 3, bias=False))
    bottleneck = nn.Sequential(nn.Conv2d(256, 64, 1, bias=False), nn.Conv2d(64, 64, 3, bias=False), nn.Conv2d(64, 256, 1, bias=False))
    assert sum(p.numel() for p in basic.parameters()) == 1_179_648
    assert sum(p.numel() for p in bottleneck.parameters()) == 69_632


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


def test_keras_4c_against_pytorch_2c() -> None:
    k = B.Counting(64)
    bn = nn.BatchNorm2d(64)
    assert k.pytorch == sum(p.numel() for p in bn.parameters()) == 128
    assert k.buffers == bn.running_mean.numel() + bn.running_var.numel() == 128
    assert k.keras == 256
    assert B.ALEXNET_KERAS_TOTAL - B.ALEXNET_TRAINABLE == 2 * sum(B.ALEXNET_BN_CHANNELS) == 2_752
    import explorer

    r = explorer.analyze("alexnet_book")
    assert (r.keras_total_params, r.total_params) == (B.ALEXNET_KERAS_TOTAL, B.ALEXNET_TRAINABLE)


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
    m = K.macs_flops("resnet50")
    assert m.flops == 2 * m.mult_adds == 2 * 4_089_238_376
    assert math.isclose(K.PAPER_FLOPS["resnet50"], 3.8)

"""Per-layer rules against PyTorch itself: build the layer, run it, compare."""

from __future__ import annotations

import itertools

import pytest
import torch
import torch.nn.functional as F

from explorer import rules


def _torch_out(n: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    try:
        return F.max_pool2d(torch.zeros(1, 1, n, n), k, s, p, d, ceil_mode=ceil).shape[-1]
    except RuntimeError:  # PyTorch refuses empty outputs
        return 0


@pytest.mark.parametrize("ceil", [False, True])
def test_conv_out_matches_pytorch_pooling(ceil: bool) -> None:
    for n, k, s, p, d in itertools.product(range(1, 18), range(1, 6), range(1, 4), range(0, 3), range(1, 3)):
        if p > k // 2:
            continue
        assert max(rules.conv_out(n, k, s, p, d, ceil), 0) == _torch_out(n, k, s, p, d, ceil), (n, k, s, p, d, ceil)


def test_conv_out_matches_pytorch_convolution() -> None:
    for n, k, s, p, d in itertools.product(range(3, 15), (1, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2)):
        if rules.conv_out(n, k, s, p, d) < 1:
            continue
        conv = torch.nn.Conv2d(1, 1, k, s, p, d)
        assert conv(torch.zeros(1, 1, n, n)).shape[-1] == rules.conv_out(n, k, s, p, d)


def test_books_output_size_examples() -> None:
    # 002: MNIST-like 28 with a 5x5 filter; audio 16384 with f=16, s=4, p=6; 4x4/2/1 halves 1024.
    assert rules.conv_out(28, 5) == 24
    assert rules.conv_out(16384, 16, 4, 6) == 4096
    assert rules.conv_out(1024, 4, 2, 1) == 512
    # 001: AlexNet (227 − 11)/4 + 1 = 55 and (55 − 3)/2 + 1 = 27.
    assert rules.conv_out(227, 11, 4) == 55
    assert rules.conv_out(55, 3, 2) == 27


def test_conv_transpose_out_matches_pytorch() -> None:
    for n, k, s, p in itertools.product((4, 7, 16), (2, 3, 4, 6), (1, 2, 3), (0, 1, 2)):
        layer = torch.nn.ConvTranspose2d(1, 1, k, s, p)
        expected = layer(torch.zeros(1, 1, n, n)).shape[-1]
        assert rules.conv_transpose_out(n, k, s, p) == expected
    # 002: 4x4/2/1 transposed doubles 512 → 1024; the book's 128 → "256" is really 258.
    assert rules.conv_transpose_out(512, 4, 2, 1) == 1024
    assert rules.conv_transpose_out(128, 6, 2, 1) == 258


def test_min_input_is_tight() -> None:
    for out_min, k, s, p, d, ceil in itertools.product((1, 2, 5), (1, 2, 3, 7), (1, 2, 4), (0, 1, 3), (1, 2), (False, True)):
        if p > k // 2:
            continue
        n = rules.min_input(out_min, k, s, p, d, ceil)
        assert rules.conv_out(n, k, s, p, d, ceil) >= out_min
        assert n == 1 or rules.conv_out(n - 1, k, s, p, d, ceil) < out_min


def test_rf_step_stacked_3x3() -> None:
    # 001: two stacked 3x3 convs see 5x5, three see 7x7.
    r, j, start = 1, 1, 0
    sizes = []
    for _ in range(3):
        r, j, start = rules.rf_step(r, j, start, 3, 1, 1)
        sizes.append(r)
    assert sizes == [3, 5, 7]
    assert (j, start) == (1, 3)


def test_rf_step_dilation_and_stride() -> None:
    # k=2 dilations 1, 2, 4 (WaveNet-style): 2, 4, 8; with stride 2 non-dilated: 2, 4, 8 as well.
    r, j, s0 = 1, 1, 0
    for d in (1, 2, 4):
        r, j, s0 = rules.rf_step(r, j, s0, 2, 1, 0, d)
    assert r == 8
    r, j, s0 = 1, 1, 0
    out = []
    for _ in range(3):
        r, j, s0 = rules.rf_step(r, j, s0, 2, 2, 0)
        out.append(r)
    assert out == [2, 4, 8]


def test_param_formulas() -> None:
    conv = torch.nn.Conv2d(64, 128, 3)
    assert rules.conv_params(64, 128, 3, 3) == sum(p.numel() for p in conv.parameters()) == 73_856
    grouped = torch.nn.Conv2d(64, 128, 3, groups=4, bias=False)
    assert rules.conv_params(64, 128, 3, 3, groups=4, bias=False) == grouped.weight.numel()
    assert rules.linear_params(3072, 1024) == 3_146_752  # 002's dense-layer example
    assert rules.linear_params(224 * 224 * 3, 1024) == 154_141_696


def test_adaptive_windows_match_pytorch() -> None:
    x = torch.arange(10.0).view(1, 1, 1, 10)
    for out in (1, 3, 4, 7, 10):
        got = F.adaptive_max_pool2d(x, (1, out)).flatten().tolist()
        want = [float(e - 1) for _, e in rules.adaptive_windows(10, out)]
        assert got == want

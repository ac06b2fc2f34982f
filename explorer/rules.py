"""Per-layer rules as pure functions of ints (below every layer of the library: the zoo's designs use them too).

Each rule is the textbook formula, written once, and unit-tested against
PyTorch itself (build the layer, run it, compare). The analysis engine, the
zoo's shape helpers, the formula strings and the labs all call these.
"""

from __future__ import annotations

import math


def effective_kernel(k: int, d: int = 1) -> int:
    """Span of a dilated kernel: ``d·(k − 1) + 1``."""
    return d * (k - 1) + 1


def conv_out(size: int, k: int, s: int = 1, p: int = 0, d: int = 1, ceil: bool = False) -> int:
    """Output length of a convolution or pooling along one axis.

    ``floor((size + 2p − d·(k−1) − 1)/s) + 1`` (or ``ceil`` with ``ceil_mode``),
    with PyTorch's rule that the last window must start inside the input or the
    left padding: with ``ceil_mode`` a window starting in the right padding is
    dropped. May return 0 or less: the caller decides whether that is an error.
    """
    num = size + 2 * p - effective_kernel(k, d) + ((s - 1) if ceil else 0)
    out = num // s + 1  # floor division, as PyTorch's div_rtn
    if ceil and (out - 1) * s >= size + p:
        out -= 1
    return out


def conv_transpose_out(size: int, k: int, s: int = 1, p: int = 0, d: int = 1, output_padding: int = 0) -> int:
    """Output length of a transposed convolution: ``(size−1)·s − 2p + d·(k−1) + output_padding + 1``."""
    return (size - 1) * s - 2 * p + d * (k - 1) + output_padding + 1


def same_padding(k: int, d: int = 1) -> tuple[int, int]:
    """(left, right) zero padding of TensorFlow/Keras ``'same'`` at stride 1."""
    total = effective_kernel(k, d) - 1
    return total // 2, total - total // 2


def adaptive_windows(size: int, out: int) -> list[tuple[int, int]]:
    """The [start, end) windows PyTorch's adaptive pooling uses along one axis."""
    return [(math.floor(i * size / out), math.ceil((i + 1) * size / out)) for i in range(out)]


def min_input(out_min: int, k: int, s: int = 1, p: int = 0, d: int = 1, ceil: bool = False) -> int:
    """Smallest input length whose output length is at least ``out_min`` (≥ 1)."""
    n = max(1, (out_min - 1) * s + effective_kernel(k, d) - 2 * p)
    while n > 1 and conv_out(n - 1, k, s, p, d, ceil) >= out_min:
        n -= 1
    while conv_out(n, k, s, p, d, ceil) < out_min:
        n += 1
    return n


def rf_step(r: int, j: int, start: float, k: int, s: int = 1, p: int = 0, d: int = 1) -> tuple[int, int, float]:
    """One layer of the receptive-field recursion (Araujo et al., Distill 2019).

    Args:
        r: receptive-field size of the layer's input, in input pixels.
        j: effective stride (jump) of the layer's input.
        start: effective padding of the layer's input, i.e. the RF of input
            unit 0 starts at pixel ``-start``.
        k, s, p, d: kernel, stride, padding and dilation of the layer.

    Returns:
        ``(r + (d·(k−1))·j,  j·s,  start + p·j)``.
    """
    return r + (effective_kernel(k, d) - 1) * j, j * s, start + p * j


def conv_params(c_in: int, c_out: int, kh: int, kw: int, groups: int = 1, bias: bool = True) -> int:
    """Parameters of a 2-D convolution: ``kh·kw·(c_in/groups)·c_out (+ c_out)``."""
    return kh * kw * (c_in // groups) * c_out + (c_out if bias else 0)


def linear_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Parameters of a dense layer: ``n_in·n_out (+ n_out)``."""
    return n_in * n_out + (n_out if bias else 0)

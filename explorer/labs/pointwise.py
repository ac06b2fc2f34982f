"""Lab 2 — the 1×1 convolution: scaling a map, mixing channels, reducing and restoring depth.

File 004 (§5.2.2, Fig 5-6) multiplies a 6×6×1 matrix by a 1×1×1 kernel of
weight 3; Example 5-2 mixes 64 channels into 28; the bottleneck block reduces
256 channels to 64 around a 3×3 and restores them (Fig 5-7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import Filled, num

Matrix = tuple[tuple[float, ...], ...]

#: File 004, Fig 5-6: the 6×6×1 input, rows top to bottom (printed in the text).
BOOK_MATRIX: Matrix = (
    (1, 2, 3, 6, 5, 8),
    (3, 5, 5, 1, 3, 4),
    (2, 1, 3, 4, 9, 3),
    (4, 7, 8, 5, 7, 9),
    (1, 5, 3, 7, 4, 8),
    (5, 4, 9, 8, 3, 5),
)
BOOK_WEIGHT = 3


def scale(matrix: Sequence[Sequence[float]], weight: float = BOOK_WEIGHT, bias: float = 0.0) -> Matrix:
    """A 1×1×1 convolution: every pixel times ``weight`` plus ``bias``; the size does not change."""
    return tuple(tuple(weight * v + bias for v in row) for row in matrix)


@dataclass(frozen=True, slots=True)
class ChannelMixing:
    """A 1×1 convolution from ``c_in`` to ``c_out`` channels on an ``h×w`` map.

    Attributes:
        params: weights and biases, ``c_in·c_out + c_out``.
        macs: multiplications, ``h·w·c_in·c_out``.
        per_pixel: the formula of one output value: a weighted sum over the input channels.
    """

    c_in: int
    c_out: int
    h: int
    w: int
    params: Filled
    macs: Filled
    per_pixel: str


def channel_mixing(c_in: int = 64, c_out: int = 28, h: int = 56, w: int = 56) -> ChannelMixing:
    """File 004, Example 5-2: 64 maps linearly combined into 28, the spatial size unchanged."""
    p = rules.conv_params(c_in, c_out, 1, 1)
    macs = h * w * c_in * c_out
    return ChannelMixing(
        c_in,
        c_out,
        h,
        w,
        Filled("P = 1·1·C_in·C_out + C_out", f"1·1·{c_in}·{c_out} + {c_out} = {num(p)}", p),
        Filled("MACs = H·W·C_in·C_out", f"{h}·{w}·{c_in}·{c_out} = {num(macs)}", macs),
        f"y[k] = w[k,1]·x[1] + w[k,2]·x[2] + … + w[k,{c_in}]·x[{c_in}] + b[k],  k = 1 … {c_out}",
    )


@dataclass(frozen=True, slots=True)
class Layer:
    """One convolution of a path: kernel size, channels, weights (no bias), multiplications."""

    name: str
    k: int
    c_in: int
    c_out: int
    weights: int
    macs: int


@dataclass(frozen=True, slots=True)
class ReduceRestore:
    """A 3×3 convolution on ``c`` channels, directly or between a 1×1 reduction and a 1×1 restoration.

    Weights only (no bias, no BatchNorm), as the books count them.
    """

    direct: tuple[Layer, ...]
    bottleneck: tuple[Layer, ...]

    @property
    def direct_weights(self) -> int:
        return sum(layer.weights for layer in self.direct)

    @property
    def bottleneck_weights(self) -> int:
        return sum(layer.weights for layer in self.bottleneck)

    @property
    def saving(self) -> float:
        """Fraction of the weights the bottleneck saves."""
        return 1 - self.bottleneck_weights / self.direct_weights


def _layer(name: str, k: int, c_in: int, c_out: int, hw: int) -> Layer:
    weights = rules.conv_params(c_in, c_out, k, k, bias=False)
    return Layer(name, k, c_in, c_out, weights, weights * hw)


def reduce_restore(c: int = 256, mid: int = 64, *, k: int = 3, h: int = 56, w: int = 56) -> ReduceRestore:
    """1×1 (c → mid) → k×k (mid → mid) → 1×1 (mid → c), against one k×k (c → c)."""
    hw = h * w
    return ReduceRestore(
        (_layer(f"{k}×{k}", k, c, c, hw),),
        (_layer("1×1 reduce", 1, c, mid, hw), _layer(f"{k}×{k}", k, mid, mid, hw), _layer("1×1 restore", 1, mid, c, hw)),
    )

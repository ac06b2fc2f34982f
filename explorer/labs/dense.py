"""Lab 4 — why convolution instead of dense layers: the first layer's parameters.

File 002 §6.1: a dense layer from a 32×32×3 image (3,072 features) to 1,024
units has (3072 × 1024) + 1024 = 3,146,752 parameters, and from "a reasonably
sized image" (224×224×3) 154,141,696. File 000 §3.1.1: a 1 MB image (one
byte per pixel, a million pixels) into 1,024 nodes is "over a billion"
weights (1,000,000 × 1,024), MNIST's 784 × 512 "about 400K". A convolution's
parameters do not depend on the image size at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import BookFigure, Filled, num

DENSE_SYMBOLIC = "P = N_in·N_out + N_out"
WEIGHTS_SYMBOLIC = "W = N_in·N_out"
CONV_SYMBOLIC = "P = k·k·C·F + F"


def dense_params(n_in: int, units: int, *, bias: bool = True) -> Filled:
    """A dense layer's parameters (file 002: "m·n weights + n biases")."""
    p = rules.linear_params(n_in, units, bias=bias)
    if bias:
        return Filled(DENSE_SYMBOLIC, f"{num(n_in)}·{num(units)} + {num(units)} = {num(p)}", p)
    return Filled(WEIGHTS_SYMBOLIC, f"{num(n_in)}·{num(units)} = {num(p)}", p)


def conv_params(c: int, filters: int, k: int = 3) -> Filled:
    """A k×k convolution from ``c`` channels to ``filters`` maps: the same for any image size."""
    p = rules.conv_params(c, filters, k, k)
    return Filled(CONV_SYMBOLIC, f"{k}·{k}·{c}·{filters} + {filters} = {num(p)}", p)


#: The books' first-layer counts. 000 counts weights only (no bias); 002 counts weights and biases.
BOOK_DENSE: tuple[BookFigure, ...] = (
    BookFigure("cifar", "002 §6.1", "3,146,752", dense_params(32 * 32 * 3, 1024)),
    BookFigure("imagenet", "002 §6.1", "154,141,696", dense_params(224 * 224 * 3, 1024)),
    BookFigure("megabyte", "000 §3.1.1", "over 1 billion", dense_params(1_000_000, 1024, bias=False)),
    BookFigure("mnist", "000 §3.1.1", "400K", dense_params(784, 512, bias=False)),
)


@dataclass(frozen=True, slots=True)
class DenseVsConv:
    """One image into a dense layer and into a convolution."""

    h: int
    w: int
    c: int
    dense: Filled
    conv: Filled

    @property
    def ratio(self) -> float:
        """How many times more parameters the dense layer has."""
        return self.dense.value / self.conv.value


def dense_vs_conv(h: int = 224, w: int = 224, c: int = 3, *, units: int = 1024, filters: int = 64, k: int = 3) -> DenseVsConv:
    return DenseVsConv(h, w, c, dense_params(h * w * c, units), conv_params(c, filters, k))


def sweep(sizes: tuple[int, ...] = (28, 32, 64, 128, 224, 512, 1000), *, c: int = 3, units: int = 1024, filters: int = 64, k: int = 3) -> list[DenseVsConv]:
    """Square images of growing size: the dense count grows with H·W, the convolution's stays put."""
    return [dense_vs_conv(s, s, c, units=units, filters=filters, k=k) for s in sizes]

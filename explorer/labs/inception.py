"""Lab 6 — the cost of an Inception module, and what a 1×1 reduction saves.

File 001 §5.5. The naive module on a 32×32×200 input runs a 1×1 (64), a 3×3
(128), a 5×5 (32) convolution and a 3×3 max pool side by side and
concatenates them. The 5×5 branch alone costs (32·32·32)·(5·5·200) =
163,840,000 multiplications; a 1×1 reduction to 16 channels first cuts that to
3,276,800 + 13,107,200 = 16,384,000 (the book prints "16.3 million",
truncated). ⚠ The book says the module outputs 32×32×256, taking the pool
branch as 32 channels deep; a pool keeps its input's 200 channels, so the
depth is 424 (256 needs a 32-channel 1×1 projection after the pool).
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import BookFigure, Filled, num

#: File 001's worked example.
BOOK_INPUT = (32, 32, 200)  # H, W, C
BOOK_FILTERS = {"1x1": 64, "3x3": 128, "5x5": 32}
BOOK_REDUCE = 16
BOOK_NAIVE_DEPTH = 256  # ⚠ printed; the pool branch is 200 deep, not 32


@dataclass(frozen=True, slots=True)
class Branch:
    """One path of an Inception module (convolutions with 'same' padding, stride 1; biases counted)."""

    name: str
    out_channels: int
    params: int
    mults: int


@dataclass(frozen=True, slots=True)
class Module:
    """Branches concatenated along depth."""

    h: int
    w: int
    c_in: int
    branches: tuple[Branch, ...]

    @property
    def depth(self) -> int:
        return sum(b.out_channels for b in self.branches)

    @property
    def params(self) -> int:
        return sum(b.params for b in self.branches)

    @property
    def mults(self) -> int:
        return sum(b.mults for b in self.branches)

    @property
    def depth_filled(self) -> str:
        return " + ".join(str(b.out_channels) for b in self.branches) + f" = {self.depth}"


def _conv(h: int, w: int, c_in: int, c_out: int, k: int) -> tuple[int, int]:
    """(parameters with bias, multiplications) of a 'same' k×k convolution."""
    return rules.conv_params(c_in, c_out, k, k), h * w * c_out * k * k * c_in


def naive_module(h: int = 32, w: int = 32, c_in: int = 200, f1: int = 64, f3: int = 128, f5: int = 32) -> Module:
    """Fig 5.11: 1×1, 3×3, 5×5 convolutions and a 3×3 max pool on the same input."""
    branches = []
    for name, f, k in (("1×1", f1, 1), ("3×3", f3, 3), ("5×5", f5, 5)):
        p, m = _conv(h, w, c_in, f, k)
        branches.append(Branch(name, f, p, m))
    branches.append(Branch("pool", c_in, 0, 0))  # a max pool keeps the depth of its input
    return Module(h, w, c_in, tuple(branches))


def inception_module(
    c_in: int, f1: int, r3: int, f3: int, r5: int, f5: int, pool_proj: int, *, h: int = 28, w: int = 28
) -> Module:
    """Fig 5.13's module with dimension reduction (Table 5.2's six numbers)."""
    p1, m1 = _conv(h, w, c_in, f1, 1)
    pr3, mr3 = _conv(h, w, c_in, r3, 1)
    p3, m3 = _conv(h, w, r3, f3, 3)
    pr5, mr5 = _conv(h, w, c_in, r5, 1)
    p5, m5 = _conv(h, w, r5, f5, 5)
    pp, mp = _conv(h, w, c_in, pool_proj, 1)
    return Module(
        h,
        w,
        c_in,
        (
            Branch("1×1", f1, p1, m1),
            Branch("1×1 → 3×3", f3, pr3 + p3, mr3 + m3),
            Branch("1×1 → 5×5", f5, pr5 + p5, mr5 + m5),
            Branch("pool → 1×1", pool_proj, pp, mp),
        ),
    )


#: GoogLeNet's first module, 3a (Table 5.2): 28×28×192 → 256.
MODULE_3A = dict(c_in=192, f1=64, r3=96, f3=128, r5=16, f5=32, pool_proj=32)


@dataclass(frozen=True, slots=True)
class BranchCost:
    """The 5×5 branch, naive and behind a 1×1 reduction (multiplications, no bias)."""

    naive: Filled
    reduce: Filled
    conv: Filled
    reduced: Filled

    @property
    def factor(self) -> float:
        return self.naive.value / self.reduced.value


def branch_cost(h: int = 32, w: int = 32, c_in: int = 200, f5: int = 32, reduce: int = BOOK_REDUCE, k: int = 5) -> BranchCost:
    naive = h * w * f5 * k * k * c_in
    red = h * w * c_in * reduce
    conv = h * w * reduce * k * k * f5
    return BranchCost(
        Filled("(H·W·F)·(k·k·C)", f"({h}·{w}·{f5})·({k}·{k}·{c_in}) = {num(naive)}", naive),
        Filled("(H·W·C)·(1·1·R)", f"({h}·{w}·{c_in})·(1·1·{reduce}) = {num(red)}", red),
        Filled("(H·W·R)·(k·k·F)", f"({h}·{w}·{reduce})·({k}·{k}·{f5}) = {num(conv)}", conv),
        Filled("1×1 + 5×5", f"{num(red)} + {num(conv)} = {num(red + conv)}", red + conv),
    )


_BOOK_COST = branch_cost()
_NAIVE = naive_module()
#: The figures of file 001 §5.5 and what they compute to.
BOOK_FIGURES: tuple[BookFigure, ...] = (
    BookFigure("naive_5x5", "001 §5.5", "over 163 million", _BOOK_COST.naive),
    BookFigure("reduce_1x1", "001 §5.5", "3.2 million", _BOOK_COST.reduce),
    BookFigure("reduced_5x5", "001 §5.5", "13.1 million", _BOOK_COST.conv),
    BookFigure("reduced_total", "001 §5.5", "16.3 million", _BOOK_COST.reduced),
    BookFigure("naive_depth", "001 §5.5", "256", Filled("Σ depths", _NAIVE.depth_filled, _NAIVE.depth)),
)

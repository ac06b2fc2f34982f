"""Lab 5 — stacking 3×3 convolutions: the receptive field grows 3 → 5 → 7, the weights grow slower.

File 001 §5.4 (VGG): three 3×3 layers with C channels have 3(3²C²) = 27C²
weights, one 7×7 has 49C², "81 % more"; two 3×3 see 5×5, three see 7×7.
File 004 (the digest gives no section number): two 3×3 against one 5×5 is 3×3×2/(5×5) = 0.72, three 3×3
against one 7×7 is 0.55, and both give an n×n input the same n − 4 (n − 6)
output.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import Filled, num


def receptive_fields(n: int = 3, k: int = 3) -> list[int]:
    """Receptive field after each of ``n`` stacked k×k, stride-1 layers: [3, 5, 7, …] for k = 3."""
    r, j, start, out = 1, 1, 0.0, []
    for _ in range(n):
        r, j, start = rules.rf_step(r, j, start, k)
        out.append(r)
    return out


@dataclass(frozen=True, slots=True)
class StackVsSingle:
    """``n`` stacked k×k layers against the one large kernel with the same receptive field.

    Weights only, per pair of C-channel layers (the books' convention).

    Attributes:
        n, k, c: layers, kernel, channels.
        big: the single kernel's size, ``n(k − 1) + 1``.
        stacked: ``n·k²·C²`` with C filled in.
        single: ``big²·C²`` with C filled in.
    """

    n: int
    k: int
    c: int
    big: int
    stacked: Filled
    single: Filled

    @property
    def stacked_coeff(self) -> int:
        """27 in 27C²."""
        return self.n * self.k * self.k

    @property
    def single_coeff(self) -> int:
        """49 in 49C²."""
        return self.big * self.big

    @property
    def ratio(self) -> float:
        """stacked / single: 0.72 for two 3×3, 0.55 for three."""
        return self.stacked_coeff / self.single_coeff

    @property
    def extra(self) -> float:
        """How much more the single kernel needs: 0.81 (+81 %) for 7×7 against three 3×3."""
        return self.single_coeff / self.stacked_coeff - 1


def stack_vs_single(n: int = 3, c: int = 64, k: int = 3) -> StackVsSingle:
    big = n * (k - 1) + 1
    s = n * k * k * c * c
    b = big * big * c * c
    return StackVsSingle(
        n,
        k,
        c,
        big,
        Filled(f"{n}·({k}²·C²) = {n * k * k}C²", f"{n * k * k}·{c}² = {num(s)}", s),
        Filled(f"{big}²·C² = {big * big}C²", f"{big * big}·{c}² = {num(b)}", b),
    )


def stacked_output(size: int, n: int = 2, k: int = 3) -> tuple[int, int]:
    """(output after n stacked k×k, output after the one big kernel), both stride 1, no padding: n − 4 twice for 5×5."""
    o = size
    for _ in range(n):
        o = rules.conv_out(o, k)
    return o, rules.conv_out(size, n * (k - 1) + 1)

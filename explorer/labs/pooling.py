"""Lab 3 — pooling: max against average on the same patch, and how much 2×2/2 removes.

File 000 §3.1.4: "a 2×2 pool with stride 2 removes 75 % of the pixel data";
file 002 Eq. 6.2 gives the output size ``o = (i − f + 2p)/s + 1``. The books
print no pooling matrix (their figures are missing), so the lab's 4×4 map is
illustrative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import Filled, InvalidLabInput, num
from explorer.i18n import N_

Matrix = tuple[tuple[float, ...], ...]

#: An illustrative 4×4 feature map (not from the books).
EXAMPLE_MAP: Matrix = (
    (1, 3, 2, 1),
    (4, 6, 5, 0),
    (3, 1, 1, 0),
    (1, 2, 2, 4),
)
MODES = ("max", "avg")
POOL_SYMBOLIC = "o = ⌊(i − f + 2p) / s⌋ + 1"


@dataclass(frozen=True, slots=True)
class PoolWindow:
    index: int
    row: int
    col: int
    cells: tuple[tuple[int, int], ...]
    patch: tuple[float, ...]
    max: float
    avg: float


@dataclass(frozen=True, slots=True)
class PoolSteps:
    """Every window of a pooling layer with both summaries, so max and average can be read side by side."""

    windows: tuple[PoolWindow, ...]
    max_output: Matrix
    avg_output: Matrix
    size: Filled


def pool_size(i: int, f: int, s: int, p: int = 0) -> Filled:
    o = rules.conv_out(i, f, s, p)
    return Filled(POOL_SYMBOLIC, f"⌊({num(i)} − {f} + 2·{p}) / {s}⌋ + 1 = {num(o)}", o)


def pool_steps(fmap: Sequence[Sequence[float]] = EXAMPLE_MAP, k: int = 2, s: int = 2) -> PoolSteps:
    """Slide a k×k window with stride s over ``fmap`` (no padding) and summarise each patch both ways.

    Raises:
        InvalidLabInput: when the window is larger than the map.
    """
    rows = tuple(tuple(float(v) for v in r) for r in fmap)
    out_h, out_w = rules.conv_out(len(rows), k, s), rules.conv_out(len(rows[0]), k, s)
    if out_h < 1 or out_w < 1:
        raise InvalidLabInput(
            N_("A {window} window does not fit in a {size} map: use a smaller window."), window=f"{k}×{k}", size=f"{len(rows)}×{len(rows[0])}",
        )
    windows = []
    for r in range(out_h):
        for c in range(out_w):
            cells = tuple((r * s + i, c * s + j) for i in range(k) for j in range(k))
            patch = tuple(rows[y][x] for y, x in cells)
            windows.append(PoolWindow(len(windows), r, c, cells, patch, max(patch), sum(patch) / len(patch)))
    mx = tuple(tuple(windows[r * out_w + c].max for c in range(out_w)) for r in range(out_h))
    av = tuple(tuple(windows[r * out_w + c].avg for c in range(out_w)) for r in range(out_h))
    return PoolSteps(tuple(windows), mx, av, pool_size(len(rows), k, s))


@dataclass(frozen=True, slots=True)
class Reduction:
    """How much data a pooling layer keeps on an ``i×i×channels`` map (depth is unchanged)."""

    size: Filled
    values_in: int
    values_out: int

    @property
    def kept(self) -> float:
        return self.values_out / self.values_in

    @property
    def removed(self) -> float:
        return 1 - self.kept


def reduction(i: int = 64, f: int = 2, s: int = 2, channels: int = 16) -> Reduction:
    """File 000 §3.2's walk-through: 16 maps of 64×64 (65,536 values) → 32×32 (16,384), "another 75 %" removed."""
    size = pool_size(i, f, s)
    o = int(size.value)
    return Reduction(size, i * i * channels, max(o, 0) ** 2 * channels)

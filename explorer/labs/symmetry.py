"""Lab 14 — what a convolution does under a shift, which way round its kernel is, and why transposed
convolutions draw checkerboards.

File 002 §6.1: convolution is translation equivariant, f(g(x)) = g(f(x)) for a
shift g ("hello" said 3 s later is transcribed 3 s later). File 003: "most
deep-learning libraries implement cross-correlation and call it
convolution" — PyTorch's ``conv2d`` slides the kernel as it is; the
mathematical convolution flips it by 180° first. File 002 §6.1.4: a
transposed convolution whose kernel size is not a multiple of its stride
covers some output pixels more often than others (the checkerboard artefacts
of Odena et al. 2016); upsampling followed by a convolution does not.

Pure Python on small integer grids, so every number is exact; the tests
compare each with PyTorch (``conv2d``, ``conv_transpose2d``, ``interpolate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer.labs.conv import conv_steps

Matrix = tuple[tuple[float, ...], ...]

#: An illustrative 8×8 image: a small corner shape away from the borders (not from the books).
IMAGE: Matrix = tuple(
    tuple(float(v) for v in row)
    for row in (
        "00000000",
        "00000000",
        "00110000",
        "00100000",
        "00100000",
        "00000000",
        "00000000",
        "00000000",
    )
)
#: Kernels of the lab: two the convolution lab uses, and one with no symmetry at all.
KERNELS: dict[str, Matrix] = {
    "vertical": ((1, 0, -1), (1, 0, -1), (1, 0, -1)),
    "diagonal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "asymmetric": ((1, 2, 0), (0, 1, 0), (0, 0, 0)),
}
SHIFT_RANGE = 2  # the corner stays inside the image, with its response, for shifts up to 2


def shift(m: Sequence[Sequence[float]], dy: int, dx: int) -> Matrix:
    """``m`` moved ``dy`` rows down and ``dx`` columns right; what comes in is 0."""
    h, w = len(m), len(m[0])
    return tuple(
        tuple(float(m[r - dy][c - dx]) if 0 <= r - dy < h and 0 <= c - dx < w else 0.0 for c in range(w)) for r in range(h)
    )


def flip(kernel: Sequence[Sequence[float]]) -> Matrix:
    """The kernel turned by 180° (rows and columns reversed)."""
    return tuple(tuple(float(v) for v in reversed(row)) for row in reversed(kernel))


def correlate(image: Sequence[Sequence[float]], kernel: Sequence[Sequence[float]]) -> Matrix:
    """What deep-learning libraries call convolution: the kernel slid as it is ('same' zero padding, stride 1)."""
    return conv_steps(image, kernel, padding=len(kernel) // 2).output


def convolve(image: Sequence[Sequence[float]], kernel: Sequence[Sequence[float]]) -> Matrix:
    """The mathematical convolution: the same sliding with the kernel flipped."""
    return correlate(image, flip(kernel))


@dataclass(frozen=True, slots=True)
class Equivariance:
    """conv(shift(x)) against shift(conv(x)) for one kernel and one shift."""

    image: Matrix
    shifted: Matrix
    output: Matrix
    output_of_shifted: Matrix
    shifted_output: Matrix

    @property
    def largest_difference(self) -> float:
        return max(abs(a - b) for ra, rb in zip(self.output_of_shifted, self.shifted_output) for a, b in zip(ra, rb))


def equivariance(kernel: str = "vertical", dy: int = 1, dx: int = 2) -> Equivariance:
    k = KERNELS[kernel]
    moved = shift(IMAGE, dy, dx)
    out = correlate(IMAGE, k)
    return Equivariance(IMAGE, moved, out, correlate(moved, k), shift(out, dy, dx))


@dataclass(frozen=True, slots=True)
class CrossCorrelation:
    kernel: Matrix
    flipped: Matrix
    correlation: Matrix
    convolution: Matrix

    @property
    def same(self) -> bool:
        return self.correlation == self.convolution

    @property
    def negated(self) -> bool:
        """The flipped kernel is minus the kernel (an edge detector): convolution = −correlation."""
        return self.flipped == tuple(tuple(-v for v in row) for row in self.kernel) and not self.same


def cross_correlation(kernel: str = "vertical") -> CrossCorrelation:
    k = tuple(tuple(float(v) for v in row) for row in KERNELS[kernel])
    return CrossCorrelation(k, flip(k), correlate(IMAGE, k), convolve(IMAGE, k))


def _cover_1d(n: int, k: int, s: int) -> list[int]:
    """How many (input, tap) pairs land on each output position of a 1-D transposed convolution (no padding)."""
    out = [0] * (s * (n - 1) + k)
    for i in range(n):
        for j in range(k):
            out[i * s + j] += 1
    return out


@dataclass(frozen=True, slots=True)
class Checkerboard:
    """A transposed convolution and an upsample-then-convolve, both of all-ones, on an all-ones n×n input.

    Each output value counts the kernel taps that reach that pixel: an uneven
    count is the checkerboard.
    """

    k: int
    s: int
    n: int
    transposed: Matrix
    resized: Matrix

    @staticmethod
    def _interior(m: Matrix, margin: int) -> set[float]:
        return {v for row in m[margin: len(m) - margin] for v in row[margin: len(row) - margin]}

    @property
    def transposed_values(self) -> list[float]:
        """The distinct counts away from the border (where every input is there to contribute)."""
        return sorted(self._interior(self.transposed, self.k - 1))

    @property
    def resized_values(self) -> list[float]:
        return sorted(self._interior(self.resized, self.k // 2))

    @property
    def even(self) -> bool:
        return len(self.transposed_values) == 1


def checkerboard(k: int = 3, s: int = 2, n: int | None = None) -> Checkerboard:
    """Kernel ``k``, stride ``s`` (the upsampling factor of both), on an ``n``×``n`` input of ones.

    ``n`` by default is the smallest input with an inside (pixels every kernel tap can reach) two pixels wide.
    """
    if n is None:
        n = max(3, -(-(k - 1) // s) + 2)
    line = _cover_1d(n, k, s)
    transposed = tuple(tuple(float(a * b) for b in line) for a in line)
    up = tuple(tuple(1.0 for _ in range(n * s)) for _ in range(n * s))  # nearest-neighbour upsampling of ones
    ones = tuple(tuple(1.0 for _ in range(k)) for _ in range(k))
    resized = conv_steps(up, ones, padding=k // 2).output
    return Checkerboard(k, s, n, transposed, resized)

"""Lab 1 — convolution step by step, and the books' output-size examples.

The window slides over a small binary image; at each position the lab records
the patch under the kernel, the products and their sum (Azure ch. 6, file 003,
Fig 6-1: the top-left patch ``[1,1,1,0,1,1,0,1,1]`` times the diagonal kernel
gives 3). The output size follows the Swift-for-TensorFlow chapter's Eq. 6.1
(file 002), ``o = (i + 2p − (d(f − 1) + 1))/s + 1``, floored as PyTorch does,
and Eq. 6.3 for the transposed convolution, ``o = s(i − 1) + f − 2p``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import BookFigure, Filled, InvalidLabInput, num
from explorer.i18n import N_

Matrix = tuple[tuple[float, ...], ...]

#: The book's 5×5 binary image. Only the top-left 3×3 patch is printed in the text
#: (003 §"convolution", flattened row-wise [1,1,1,0,1,1,0,1,1]); the figure with the
#: other 16 pixels is missing from the source, so those are illustrative.
BOOK_IMAGE: Matrix = (
    (1, 1, 1, 0, 0),
    (0, 1, 1, 1, 0),
    (0, 1, 1, 1, 1),
    (0, 0, 1, 1, 0),
    (0, 1, 1, 0, 1),
)
#: Cells of BOOK_IMAGE that the book prints (row, column); the others are illustrative.
BOOK_CELLS = frozenset((r, c) for r in range(3) for c in range(3))
#: The book's diagonal detector, flattened [1,0,0,0,1,0,0,0,1].
BOOK_KERNEL: Matrix = ((1, 0, 0), (0, 1, 0), (0, 0, 1))

#: Kernels a student can swap in; "diagonal" is the book's.
KERNELS: dict[str, Matrix] = {
    "diagonal": BOOK_KERNEL,
    "anti_diagonal": ((0, 0, 1), (0, 1, 0), (1, 0, 0)),
    "vertical": ((1, 0, -1), (1, 0, -1), (1, 0, -1)),
    "horizontal": ((1, 1, 1), (0, 0, 0), (-1, -1, -1)),
}

CONV_SYMBOLIC = "o = ⌊(i + 2p − (d·(f − 1) + 1)) / s⌋ + 1"
TRANSPOSED_SYMBOLIC = "o = s·(i − 1) + f − 2p"


@dataclass(frozen=True, slots=True)
class Window:
    """One position of the kernel.

    Attributes:
        index: position in scan order (row-major over the output).
        row, col: the output cell it computes.
        taps: the (row, col) each kernel weight lands on, in padded-image coordinates, row-major.
        patch: the values under the taps (zero where a tap is in the padding).
        weights: the kernel's weights, row-major.
        products: patch × weights, element by element.
        total: the sum of the products: the output value.
    """

    index: int
    row: int
    col: int
    taps: tuple[tuple[int, int], ...]
    patch: tuple[float, ...]
    weights: tuple[float, ...]
    products: tuple[float, ...]
    total: float

    @property
    def filled(self) -> str:
        """``1·1 + 1·0 + … = 3``: the dot product written out."""
        terms = " + ".join(f"{num(p)}·{num(w)}" for p, w in zip(self.patch, self.weights))
        return f"{terms} = {num(self.total)}"

    def filled_rows(self, width: int) -> str:
        """The same, one kernel row per line (``width`` taps a row), for narrow columns."""
        terms = [f"{num(p)}·{num(w)}" for p, w in zip(self.patch, self.weights)]
        rows = [" + ".join(terms[i : i + width]) for i in range(0, len(terms), width)]
        return "  " + "\n+ ".join(rows) + f"\n= {num(self.total)}"


@dataclass(frozen=True, slots=True)
class ConvSteps:
    """Every window of a convolution of a small image, in scan order.

    Attributes:
        padded: the image with ``padding`` rows and columns of zeros around it.
        padding: zero rows/columns added on each side.
        windows: one per output cell, row-major.
        output: the output map.
        size: the output-size formula (Eq. 6.1) for the height, filled in.
    """

    padded: Matrix
    padding: int
    windows: tuple[Window, ...]
    output: Matrix
    size: Filled


def conv_size(i: int, f: int, s: int = 1, p: int = 0, d: int = 1) -> Filled:
    """Eq. 6.1 of file 002 with its numbers; the value is :func:`explorer.rules.conv_out`."""
    o = rules.conv_out(i, f, s, p, d)
    return Filled(CONV_SYMBOLIC, f"⌊({num(i)} + 2·{p} − ({d}·({f} − 1) + 1)) / {s}⌋ + 1 = {num(o)}", o)


def transposed_size(i: int, f: int, s: int = 1, p: int = 0) -> Filled:
    """Eq. 6.3 of file 002 with its numbers; the value is :func:`explorer.rules.conv_transpose_out`."""
    o = rules.conv_transpose_out(i, f, s, p)
    return Filled(TRANSPOSED_SYMBOLIC, f"{s}·({num(i)} − 1) + {f} − 2·{p} = {num(o)}", o)


def _matrix(values: Sequence[Sequence[float]], what: str) -> Matrix:
    rows = tuple(tuple(float(v) for v in row) for row in values)
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        if what == "kernel":
            raise InvalidLabInput(N_("The kernel must be a rectangle of numbers, every row as long as the first."))
        raise InvalidLabInput(N_("The image must be a rectangle of numbers, every row as long as the first."))
    return rows


def pad(image: Sequence[Sequence[float]], padding: int) -> Matrix:
    """The image with ``padding`` zeros on every side (zero padding, as Keras 'same' and PyTorch do)."""
    rows = _matrix(image, "image")
    w = len(rows[0]) + 2 * padding
    blank = (0.0,) * w
    middle = tuple((0.0,) * padding + r + (0.0,) * padding for r in rows)
    return (blank,) * padding + middle + (blank,) * padding


def conv_steps(
    image: Sequence[Sequence[float]],
    kernel: Sequence[Sequence[float]] = BOOK_KERNEL,
    *,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> ConvSteps:
    """Slide ``kernel`` over ``image`` (cross-correlation, as every deep-learning library computes it).

    Raises:
        InvalidLabInput: when the dilated kernel does not fit in the padded image.
    """
    img = _matrix(image, "image")
    ker = _matrix(kernel, "kernel")
    kh, kw = len(ker), len(ker[0])
    out_h = rules.conv_out(len(img), kh, stride, padding, dilation)
    out_w = rules.conv_out(len(img[0]), kw, stride, padding, dilation)
    if out_h < 1 or out_w < 1:
        span = rules.effective_kernel(max(kh, kw), dilation)
        raise InvalidLabInput(
            N_("The kernel spans {span} pixels with dilation {dilation}, more than the padded image: lower the dilation or add padding."), span=span, dilation=dilation,
        )
    padded = pad(img, padding)
    weights = tuple(w for row in ker for w in row)
    windows = []
    for r in range(out_h):
        for c in range(out_w):
            taps = tuple((r * stride + i * dilation, c * stride + j * dilation) for i in range(kh) for j in range(kw))
            patch = tuple(padded[y][x] for y, x in taps)
            products = tuple(p * w for p, w in zip(patch, weights))
            windows.append(Window(len(windows), r, c, taps, patch, weights, products, sum(products)))
    output = tuple(tuple(windows[r * out_w + c].total for c in range(out_w)) for r in range(out_h))
    return ConvSteps(padded, padding, tuple(windows), output, conv_size(len(img), kh, stride, padding, dilation))


@dataclass(frozen=True, slots=True)
class SizeCase:
    """One of the books' output-size examples: the layer's inputs as the book gives them, and what it prints.

    ``dims`` is 1 for book 002's audio (a 1-D convolution), 2 otherwise;
    ``layer`` is "conv", "transposed" or "pool".
    """

    key: str
    source: str
    book: str
    i: int
    f: int
    s: int = 1
    p: int = 0
    d: int = 1
    layer: str = "conv"
    dims: int = 2

    def figure(self) -> BookFigure:
        filled = transposed_size(self.i, self.f, self.s, self.p) if self.layer == "transposed" else conv_size(self.i, self.f, self.s, self.p, self.d)
        return BookFigure(self.key, self.source, self.book, filled)


#: The output sizes the books work out (file 002 §6.1.2.4 and §6.1.4, file 001 §5.3).
SIZE_CASES: tuple[SizeCase, ...] = (
    SizeCase("mnist", "002 §6.1.2.4", "24", 28, 5),
    SizeCase("audio", "002 §6.1.2.4", "4096", 16384, 16, 4, 6, dims=1),
    SizeCase("encoder", "002 §6.1.4", "512", 1024, 4, 2, 1),
    SizeCase("decoder", "002 §6.1.4", "1024", 512, 4, 2, 1, layer="transposed"),
    SizeCase("transposed_128", "002 §6.1.4", "256", 128, 6, 2, 1, layer="transposed"),
    SizeCase("alexnet_conv1", "001 §5.3", "55", 227, 11, 4),
    SizeCase("alexnet_pool1", "001 §5.3", "27", 55, 3, 2, layer="pool"),
)
#: ... and what their formulas give (the Check column compares the two).
SIZE_EXAMPLES: tuple[BookFigure, ...] = tuple(c.figure() for c in SIZE_CASES)


def size_example(key: str) -> BookFigure:
    return next(e for e in SIZE_EXAMPLES if e.key == key)


def to_bits(image: Sequence[Sequence[float]]) -> str:
    """A binary image as a string of 0s and 1s, row by row (its form in a lab's URL)."""
    return "".join("1" if v else "0" for row in image for v in row)


def from_bits(bits: str, size: int = 5) -> Matrix:
    """The inverse of :func:`to_bits` for a ``size``×``size`` image.

    Raises:
        InvalidLabInput: when ``bits`` is not size² characters of 0 and 1.
    """
    if len(bits) != size * size or set(bits) - {"0", "1"}:
        raise InvalidLabInput(
            N_("A {size} binary image is written as {count} characters 0 or 1, row by row."), size=f"{size}×{size}", count=size * size,
        )
    return tuple(tuple(float(bits[r * size + c]) for c in range(size)) for r in range(size))


BOOK_BITS = to_bits(BOOK_IMAGE)

"""What the labs share: a formula with its numbers filled in, a figure from a book, number formatting.

Labs return records, never prose: the sentences that explain a number live in
the interface's catalogue (``ui/i18n``), in every language the course uses.
A record names its figure by ``key`` and its book by ``source`` so that the
interface can say where a number comes from and, when the book prints a
different value, why.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from explorer.errors import ExplorerError


class InvalidLabInput(ExplorerError):
    """A value typed into a lab that the lab cannot use (a batch that is not numbers, …)."""


@dataclass(frozen=True, slots=True)
class Filled:
    """A formula three ways: with symbols, with this case's numbers, and its value.

    Attributes:
        symbolic: e.g. ``o = ⌊(i + 2p − (d·(f − 1) + 1)) / s⌋ + 1``.
        filled: the same with numbers and the result, e.g. ``⌊(28 + 2·0 − (1·(5 − 1) + 1)) / 1⌋ + 1 = 24``.
        value: the result.
    """

    symbolic: str
    filled: str
    value: float


@dataclass(frozen=True, slots=True)
class BookFigure:
    """A number a book prints, next to the value its own formula gives.

    Attributes:
        key: stable identifier (the catalogue holds its label and, for an
            erratum, the sentence that explains it).
        source: chapter file and section, e.g. ``"002 §6.1.4"``.
        book: what the book prints, as printed (``"256"``, ``"16.3 million"``).
        formula: the computation with this example's numbers.

    Whether the book is right is computed (:attr:`erratum`), never stored: the
    printed figure is read as a number and compared with the formula's value.
    """

    key: str
    source: str
    book: str
    formula: Filled

    @property
    def value(self) -> float:
        return self.formula.value

    @property
    def erratum(self) -> bool:
        """The book's value is wrong, not merely rounded or truncated (see :func:`agrees`)."""
        return not agrees(self.book, self.value)


_SCALES = {"k": 1e3, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "b": 1e9, "g": 1e9}
_PRINTED = re.compile(r"^(?P<bound>over |more than |about |≈ ?)?(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?) ?(?P<scale>[A-Za-z]*)$")


def agrees(book: str, value: float) -> bool:
    """Whether a figure as a book prints it (``"16.3 million"``, ``"over 1 billion"``, ``"400K"``, ``"256"``) stands for ``value``.

    The printed number is exact to its last significant digit: ``value`` may
    differ from it by less than one unit of that digit (so a rounded or a
    truncated figure agrees; "16.3 million" for 16,384,000 does, "256" for 258
    does not). "over"/"more than" also accept any larger value.

    Raises:
        ValueError: for text that is not a printed number (a programming error in a lab's table).
    """
    m = _PRINTED.match(book.strip())
    if m is None or m["scale"].lower() not in ("", *_SCALES):
        raise ValueError(f"not a printed figure: {book!r}")
    digits = m["number"].replace(",", "")
    scale = _SCALES.get(m["scale"].lower(), 1.0)
    printed = float(digits) * scale
    if m["bound"] and m["bound"].strip() in ("over", "more than"):
        return value > printed
    if "." in digits:
        unit = 10.0 ** -len(digits.split(".")[1])
    else:
        unit = 10.0 ** (len(digits) - len(digits.rstrip("0")))  # 400K: trailing zeros are not significant
    return abs(value - printed) < unit * scale


@contextlib.contextmanager
def torch_threads() -> Iterator[None]:
    """PyTorch's CPU threads as the training engine's worker sets them (all cores but one), for a lab's computation.

    A lab computes in the web server's process: with every core busy, PyTorch's
    threads spin waiting for the one the server holds, several times slower.
    """
    import torch

    from explorer.training.engine import cpu_threads

    before = torch.get_num_threads()
    torch.set_num_threads(cpu_threads())
    try:
        yield
    finally:
        torch.set_num_threads(before)


def num(v: float, digits: int = 4) -> str:
    """A number for a formula: thousands separators for integers, up to ``digits`` significant decimals else."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.{digits}g}" if abs(v) >= 1 else f"{v:.{digits}g}"


def percent(fraction: float, digits: int = 1) -> str:
    """0.94097 → '94.1 %'."""
    return f"{100 * fraction:.{digits}f} %"

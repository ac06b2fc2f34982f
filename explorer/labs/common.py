"""What the labs share: a formula with its numbers filled in, a figure from a book, number formatting.

Labs return records, never prose: the sentences that explain a number live in
the interface's catalogue (``ui/i18n``), in every language the course uses.
A record names its figure by ``key`` and its book by ``source`` so that the
interface can say where a number comes from and, when the book prints a
different value, why.
"""

from __future__ import annotations

import contextlib
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
        erratum: the book's value is wrong (not merely rounded).
    """

    key: str
    source: str
    book: str
    formula: Filled
    erratum: bool = False

    @property
    def value(self) -> float:
        return self.formula.value


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

"""Lab 11 — top-1 and top-5 error with the book's cat example.

File 001 §5.3: 100 classes, a cat image, the classifier's scores cat 70 %,
dog 20 %, horse 5 %, motorcycle 4 %, car 0.6 %, plane 0.4 % (the other 94
classes 0). If the truth is cat it is a top-1 hit; if it is horse, a top-1
miss but a top-5 hit. Over many images the error rate is the fraction of
misses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: (class, score) as the book prints them; the 94 other classes score 0.
BOOK_SCORES: tuple[tuple[str, float], ...] = (
    ("cat", 0.70),
    ("dog", 0.20),
    ("horse", 0.05),
    ("motorcycle", 0.04),
    ("car", 0.006),
    ("plane", 0.004),
)
BOOK_CLASSES = 100


@dataclass(frozen=True, slots=True)
class TopK:
    """Where the true class ranks among the scores, and whether it is in the top k."""

    truth: str
    rank: int  # 1 = the highest score
    k: int

    @property
    def hit(self) -> bool:
        return self.rank <= self.k


def ranking(scores: Sequence[tuple[str, float]] = BOOK_SCORES) -> list[tuple[str, float]]:
    """Classes by decreasing score (ties keep their order)."""
    return sorted(scores, key=lambda cs: -cs[1])


def top_k(truth: str, k: int, scores: Sequence[tuple[str, float]] = BOOK_SCORES) -> TopK:
    """Rank of ``truth``; a class not listed scores 0 and ranks after every listed one."""
    order = [c for c, _ in ranking(scores)]
    rank = order.index(truth) + 1 if truth in order else len(order) + 1
    return TopK(truth, rank, k)


def error_rate(predictions: Sequence[Sequence[tuple[str, float]]], truths: Sequence[str], k: int) -> float:
    """Top-k error over several images: the fraction whose true class is not among the k best scores."""
    misses = sum(not top_k(t, k, s).hit for s, t in zip(predictions, truths))
    return misses / len(truths)


#: Five illustrative images (not from the book) for the error-rate step: the book's cat, then four more.
EXAMPLE_SET: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("cat", BOOK_SCORES),
    ("horse", BOOK_SCORES),
    ("dog", (("dog", 0.55), ("cat", 0.30), ("horse", 0.10), ("car", 0.05))),
    ("plane", (("car", 0.40), ("motorcycle", 0.30), ("dog", 0.12), ("cat", 0.08), ("horse", 0.06), ("plane", 0.04))),
    ("car", (("car", 0.90), ("plane", 0.06), ("motorcycle", 0.04))),
)

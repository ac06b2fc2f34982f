"""Class names and top-k predictions.

``data/imagenet_classes.txt`` holds the 1000 ImageNet-1k class names in
torchvision's order (index = output unit of its pretrained classifiers), as
listed in torchvision 0.22's ``models/_meta.py`` (``_IMAGENET_CATEGORIES``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import torch

CLASSES_FILE = Path(__file__).resolve().parent.parent / "data" / "imagenet_classes.txt"


@functools.cache
def imagenet_classes() -> tuple[str, ...]:
    """The 1000 ImageNet class names, index i = output unit i."""
    names = tuple(line.strip() for line in CLASSES_FILE.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(names) == 1000, f"{CLASSES_FILE} should list 1000 classes, not {len(names)}"
    return names


def class_names(num_classes: int, names: tuple[str, ...] | list[str] | None = None) -> tuple[str, ...]:
    """Names of ``num_classes`` outputs: ``names`` when they fit, else "class 0", "class 1", …"""
    if names is not None and len(names) == num_classes:
        return tuple(str(n) for n in names)
    return tuple(f"class {i}" for i in range(num_classes))


@dataclass(frozen=True)
class Prediction:
    index: int
    name: str
    probability: float


def top_k(logits: torch.Tensor, names: tuple[str, ...], k: int = 5) -> list[Prediction]:
    """The ``k`` most probable classes of one sample's logits (softmax probabilities)."""
    probs = torch.softmax(logits.detach().float().reshape(-1), dim=0)
    values, indices = probs.topk(min(k, probs.numel()))
    return [Prediction(int(i), names[int(i)] if int(i) < len(names) else f"class {int(i)}", float(v)) for v, i in zip(values, indices)]

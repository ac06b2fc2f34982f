"""Lab 18 — book 003's CIFAR-10 recipe: Models 1–4, the data preparation and its swapaxes bug, the loop.

File 003 (§"Training a deep CNN on GPU", Listings 6-11 to 6-14) grows a
VGG-style network: Model 1 has two 3×3 convolutions and a pool, Model 2 four
convolutions and two pools, Model 3 seven and three, Model 4 is Model 3 with
dropout 0.5. The deeper models have *fewer* parameters — 83,973,962 →
50,640,970 → 35,339,082 (the digest's computation; the book prints none) —
because each pool quarters the map that the first dense layer flattens. The
book's ``prepare_cifar`` reshapes the raw rows to N×3×32×32 and calls
``np.swapaxes(x, 1, 3)`` to get "channels last": that gives N×W×H×C, every
image transposed; ``transpose(0, 2, 3, 1)`` is the correct call. The counts
come from the zoo's ``cifar_vgg`` through the analysis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MODELS = (1, 2, 3, 4)
TRAIN_IMAGES = 50_000  # CIFAR-10's training set (003: 60,000 = 50,000 + 10,000)


@dataclass(frozen=True, slots=True)
class ModelCount:
    model: int
    convs: int
    pools: int
    flatten: int
    hidden: int
    conv_params: int
    fc1_params: int
    total: int
    dropout: bool


def model_count(model: int, *, size: int = 32, classes: int = 10) -> ModelCount:
    from explorer import analyze

    r = analyze("cifar_vgg", (3, size, size), model=model, num_classes=classes)
    convs = [l for l in r.layers if l.type == "Conv2d"]
    pools = [l for l in r.layers if l.type == "MaxPool2d"]
    dense = [l for l in r.layers if l.type == "Linear"]
    drops = [l for l in r.layers if l.type == "Dropout" and dict(l.attrs).get("p", 0) > 0]
    return ModelCount(
        model, len(convs), len(pools), dense[0].input_shape[-1], dense[0].output_shape[-1], sum(l.params for l in convs),
        dense[0].params, r.total_params,
        bool(drops),
    )


def test_image(size: int = 32) -> np.ndarray:
    """An illustrative H×W×3 image that shows a transpose: a red "F" on a blue band at the top, uint8."""
    img = np.full((size, size, 3), 235, dtype=np.uint8)
    s = size // 8
    img[: 2 * s // 2, :, :] = (60, 110, 200)  # a band along the top (a transpose moves it to the left)
    img[s: 7 * s, 2 * s: 3 * s] = (200, 40, 40)  # the F's stem
    img[s: 2 * s, 2 * s: 6 * s] = (200, 40, 40)  # its top bar
    img[3 * s + s // 2: 4 * s + s // 2, 2 * s: 5 * s] = (200, 40, 40)  # its middle bar
    return img


@dataclass(frozen=True, slots=True)
class Preparation:
    """One image through the book's ``prepare_cifar`` and through the correct call (as CIFAR stores it: C×H×W rows)."""

    raw_shape: tuple[int, ...]
    book: np.ndarray  # np.swapaxes(x, 1, 3)[0]: W×H×C
    correct: np.ndarray  # x.transpose(0, 2, 3, 1)[0]: H×W×C

    @property
    def transposed(self) -> bool:
        """The book's image is the correct one with its rows and columns exchanged."""
        return bool(np.array_equal(self.book, self.correct.transpose(1, 0, 2)))


def prepare(img: np.ndarray | None = None) -> Preparation:
    img = test_image() if img is None else img
    row = img.transpose(2, 0, 1).reshape(1, -1)  # CIFAR's file layout: 3,072 values per image, R then G then B planes
    x = row.reshape(-1, 3, img.shape[0], img.shape[1])  # the book: reshape(-1, 3, 32, 32)
    return Preparation(tuple(x.shape), np.swapaxes(x, 1, 3)[0], x.transpose(0, 2, 3, 1)[0])


def iterations(epochs: int, batch: int, images: int = TRAIN_IMAGES) -> int:
    """Updates in ``epochs`` passes over ``images`` in minibatches of ``batch`` (the last one smaller)."""
    return epochs * math.ceil(images / batch)

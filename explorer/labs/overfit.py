"""Lab 17 — overfitting and regularisation: training against validation accuracy, with dropout, weight decay
and augmentation, trained live.

File 003: Model 1 reaches 100 % training accuracy "a few epochs" before its
72.1 % on the test set, and Model 4 — Model 3 with dropout 0.5 after its two
hidden dense layers — "further improves to 80 %". File 001: AlexNet's weight
decay 0.0005 (L2), data augmentation, dropout 0.5. This lab trains 003's
Model 3 and Model 4 (``cifar_vgg``), narrowed to train in seconds, with the
project's training engine (:class:`explorer.training.engine.Trainer`) in this
process, on a small slice of the embedded digits so that it can overfit: the
same data, seed and schedule every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from explorer.i18n import N_

ARCH = "cifar_vgg"
DATASET = "digits"
SIZE = 16  # 28×28 digits at 16×16: three 2×2 pools leave 2×2
SAMPLES, VAL, BATCH, EPOCHS = 128, 256, 32, 30
OPTIMIZER, LR, MOMENTUM = "adam", 2e-3, 0.9  # Adam (named in 003) learns this small set in seconds; SGD 0.01 needs minutes
WEIGHT_DECAY = 5e-4  # AlexNet's (001)
NARROW = {"width_mult": 0.25, "hidden": 128}  # 16/32/64 channels, 128-unit dense layers: seconds on a CPU


@dataclass(frozen=True, slots=True)
class Curves:
    """Accuracy per epoch: training (the mean over the epoch's batches, dropout on) and validation."""

    label: str
    train: tuple[float, ...]
    val: tuple[float, ...]

    @property
    def gap(self) -> float:
        """Training minus validation accuracy at the end: how much of what was learnt does not carry over."""
        return self.train[-1] - self.val[-1]


def config(*, dropout: bool, weight_decay: bool, augmentation: bool, epochs: int = EPOCHS, samples: int = SAMPLES) -> dict[str, Any]:
    """The engine's settings for one run (Model 4 when ``dropout``, else Model 3)."""
    return {
        "architecture": ARCH,
        "hyperparameters": {"model": 4 if dropout else 3, "dropout": 0.5, "in_channels": 1, "input_size": SIZE, **NARROW},
        "input_shape": (1, SIZE, SIZE), "dataset": DATASET, "train_size": samples, "val_size": VAL,
        "optimizer": OPTIMIZER, "lr": LR, "momentum": MOMENTUM, "weight_decay": WEIGHT_DECAY if weight_decay else 0.0,
        "schedule": "constant", "batch_size": BATCH, "epochs": epochs, "augmentation": "crop" if augmentation else "none",
        "seed": 0, "device": "cpu", "amp": False, "channels_last": False, "log_every": 1,
    }


def train(label: str, *, dropout: bool, weight_decay: bool, augmentation: bool, epochs: int = EPOCHS, samples: int = SAMPLES) -> Curves:
    """One run with the training engine; the accuracy curves.

    Raises:
        ExplorerError: when the run does not finish (the engine's sentence).
    """
    from explorer.errors import ExplorerError
    from explorer.labs.common import torch_threads
    from explorer.training import datasets
    from explorer.training.config import TrainConfig
    from explorer.training.engine import MemoryReporter, Trainer

    cfg = TrainConfig(**config(dropout=dropout, weight_decay=weight_decay, augmentation=augmentation, epochs=epochs, samples=samples)).check()
    data = datasets.load(DATASET, seed=0, train_size=samples, val_size=VAL)
    reporter = MemoryReporter()
    with torch_threads():
        outcome = Trainer(cfg, data, reporter, input_shape=cfg.input_shape).fit()
    if outcome.status != "finished":
        detail = f"{outcome.message} {outcome.suggestion}".strip()
        raise ExplorerError(N_("The run ended as {status}: {detail}"), status=outcome.status, detail=detail)
    per_epoch: dict[int, list[float]] = {}
    for r in reporter.records:
        if r.get("kind") == "train":
            per_epoch.setdefault(min(int(r["epoch"] - 1e-9), epochs - 1), []).append(r["acc"])
    train_acc = tuple(sum(v) / len(v) for _, v in sorted(per_epoch.items()))
    val_acc = tuple(r["acc"] for r in reporter.records if r.get("kind") == "val")
    return Curves(label, train_acc, val_acc)

"""Lab 10 — the degradation experiment: a deeper plain network trains *worse*, a residual one does not.

He et al. 2016 (Fig. 1 and Fig. 6) train plain and residual CIFAR ResNets of
20 and 56 layers: the 56-layer plain net has the higher *training* error, so
the problem is optimisation, not overfitting (file 004 §5.1.3 describes it; its
ReLU explanation is the author's own, file 000 puts it down to overfitting and
covariate shift ⚠). This lab repeats the comparison in miniature: four short
runs (plain / residual × two depths), training error per step.

The runs go through any ``train(arch, hp, steps) -> list[float]`` callable.
:func:`engine_train` is the project's training engine
(:class:`explorer.training.engine.Trainer`) run in this process on its
embedded ``digits`` data set, at 16×16, for a few dozen to a few hundred steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from explorer.i18n import N_

#: train(arch, hyperparameters, steps) → the training error (fraction misclassified) after each step.
TrainFn = Callable[[str, dict[str, Any], int], list[float]]

ARCH = "resnet_cifar"
DEPTHS = (20, 56)
SHORTCUTS = ("none", "identity")  # plain, residual
DATASET = "digits"  # the training engine's embedded data set (generated from a seed, no download)
IMAGE_SIZE = 16  # digits are 28×28; 16×16 keeps four runs to about a minute on a laptop CPU
STEPS = 120
BATCH, LR, MOMENTUM, SAMPLES = 32, 0.02, 0.9, 512  # the lab's recipe (its text shows these values)


@dataclass(frozen=True, slots=True)
class Curve:
    """The training error of one run, step by step."""

    depth: int
    shortcut: str
    errors: tuple[float, ...]

    @property
    def plain(self) -> bool:
        return self.shortcut == "none"

    def final(self, window: int = 10) -> float:
        """Mean error over the last ``window`` steps (one step's error is noisy)."""
        tail = self.errors[-window:]
        return sum(tail) / len(tail)


def smooth(values: tuple[float, ...] | list[float], window: int = 5) -> list[float]:
    """Trailing moving average, for a readable curve."""
    out, acc = [], 0.0
    for i, v in enumerate(values):
        acc += v
        if i >= window:
            acc -= values[i - window]
        out.append(acc / min(i + 1, window))
    return out


def experiment(train: TrainFn, *, depths: tuple[int, int] = DEPTHS, steps: int = STEPS, **hp: Any) -> list[Curve]:
    """Plain and residual networks at two depths, each trained ``steps`` steps by ``train``.

    Order: (shallow plain, deep plain, shallow residual, deep residual).
    """
    curves = []
    for shortcut in SHORTCUTS:
        for depth in depths:
            errors = train(ARCH, {"depth": depth, "shortcut": shortcut, **hp}, steps)
            curves.append(Curve(depth, shortcut, tuple(errors)))
    return curves


def engine_train(
    arch: str,
    hp: dict[str, Any],
    steps: int,
    *,
    dataset: str = DATASET,
    size: int = IMAGE_SIZE,
    batch: int = BATCH,
    lr: float = LR,
    momentum: float = MOMENTUM,
    samples: int = SAMPLES,
    seed: int = 0,
) -> list[float]:
    """Train ``arch`` for ``steps`` SGD steps with the training engine; the training error after each step.

    The error of a step is 1 − the accuracy on that step's batch (the engine
    logs every step here). Constant learning rate, no augmentation, on the CPU,
    so that a seed gives the same curve every time.

    Raises:
        ExplorerError: when the run does not finish (it diverged, or a setting is out of range).
    """
    from explorer.errors import ExplorerError
    from explorer.labs.common import torch_threads
    from explorer.training import datasets
    from explorer.training.config import TrainConfig
    from explorer.training.engine import MemoryReporter, Trainer

    info = datasets.get_dataset(dataset)
    shape = (info.shape[0], size, size)
    per_epoch = max(1, samples // batch)
    cfg = TrainConfig(
        architecture=arch, hyperparameters=dict(hp), input_shape=shape, dataset=dataset, train_size=samples,
        val_size=batch, optimizer="sgd", lr=lr, momentum=momentum, schedule="constant", batch_size=batch,
        epochs=math.ceil(steps / per_epoch), max_steps=steps, seed=seed, device="cpu", amp=False,
        channels_last=False, log_every=1,
    ).check()
    data = datasets.load(dataset, seed=seed, train_size=samples, val_size=batch)
    reporter = MemoryReporter()
    with torch_threads():
        outcome = Trainer(cfg, data, reporter, input_shape=shape).fit()
    if outcome.status != "finished":
        message = f"{outcome.message} {outcome.suggestion}".strip()
        if outcome.status == "diverged":  # the schedule is constant: the learning rate in use is ``lr``
            raise ExplorerError(N_("The training loss became infinite or not a number: the run diverged. The learning rate {lr} is probably too high for this model and optimizer: try {lower} (10× lower), a schedule that warms up (one-cycle), or a model with batch normalization."), lr=f"{lr:.3g}", lower=f"{lr / 10:.3g}")
        if outcome.status == "out_of_memory":
            raise ExplorerError(N_("Ran out of memory on CPU with batch size {batch}. Lower the batch size (try {half}) or the input size."), batch=batch, half=max(1, batch // 2))
        raise ExplorerError(N_("The run ended as {status}: {detail}"), status=outcome.status, detail=message)
    return [1 - r["acc"] for r in reporter.records if r.get("kind") == "train"]

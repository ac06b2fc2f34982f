"""Learning-rate schedules, among them the recipes the books and papers train with.

Each schedule gives the learning rate at the start of every step as
``base_lr × factor``. Epochs count from 0, as Keras' ``LearningRateScheduler``
does, so the books' code reads the same here.

Recipes (:data:`RECIPES`) also choose the optimizer and its settings:

* ``lenet5`` — Elgendy, *Deep Learning for Vision Systems*, ch. 5 (LeNet-5):
  ``lr_schedule(epoch)``: 5e-4 for epochs 0–2, 2e-4 for 3–5, 5e-5 for 6–9,
  then 1e-5 (the text says "the first 2 epochs"; the code, with epochs from 0,
  gives 3 — the code is followed). Keras' ``'sgd'``: no momentum.
* ``alexnet`` — Krizhevsky et al. 2012, also VGG (Simonyan & Zisserman 2014):
  SGD, momentum 0.9, lr 0.01, weight decay 5e-4, divided by 10 when the
  validation loss stops improving.
* ``alexnet_book`` — the same as the book's code writes it:
  ``ReduceLROnPlateau(monitor='val_loss', factor=np.sqrt(0.1))``, i.e. ÷3.16
  per plateau (two plateaus make one ÷10), Keras' default patience of 10.
* ``googlenet`` — Szegedy et al. 2014 as Elgendy codes it: SGD, momentum 0.9,
  ``0.01 · 0.96^floor((1 + epoch) / 8)``, "4 % every 8 epochs".
* ``resnet_plateau`` — He et al. 2015 (ImageNet, §3.4): SGD, momentum 0.9,
  lr 0.1, weight decay 1e-4, ÷10 when the error plateaus.
* ``resnet_milestones`` — He et al. 2015 (CIFAR-10, §4.2): the same, ÷10 at
  32k and 48k of 64k iterations, i.e. at 50 % and 75 % of the training.

Plateaus follow Keras' ``ReduceLROnPlateau`` (the books' framework): the
validation loss must fall by more than 1e-4 to count as better, and after
``patience`` epochs without that the rate is multiplied by ``factor``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from explorer.errors import ExplorerError
from explorer.i18n import N_

SCHEDULES = {
    "constant": "Constant",
    "step": "Step: × gamma every few epochs",
    "plateau": "Plateau: × factor when the validation loss stops falling",
    "cosine": "Cosine annealing to zero",
    "onecycle": "One-cycle (warm up, then anneal)",
    "lenet5": "LeNet-5 (book): 5e-4 → 2e-4 → 5e-5 → 1e-5",
    "alexnet": "AlexNet / VGG: ÷10 on plateau (papers)",
    "alexnet_book": "AlexNet / VGG: ×√0.1 on plateau (the book's code)",
    "googlenet": "GoogLeNet: 0.01 · 0.96^floor((1+e)/8)",
    "resnet_plateau": "ResNet: 0.1, ÷10 on plateau (ImageNet)",
    "resnet_milestones": "ResNet: 0.1, ÷10 at 50 % and 75 % (CIFAR)",
}


@dataclass(frozen=True)
class Recipe:
    """The optimizer settings a paper or book trains with, next to its schedule."""

    optimizer: str
    lr: float
    momentum: float = 0.0
    weight_decay: float = 0.0
    patience: int | None = None
    factor: float | None = None
    min_lr: float | None = None
    source: str = ""


RECIPES: dict[str, Recipe] = {
    "lenet5": Recipe("sgd", 5e-4, 0.0, 0.0, source="Elgendy ch. 5, lr_schedule(epoch) with Keras' 'sgd'"),
    "alexnet": Recipe("sgd", 0.01, 0.9, 5e-4, patience=10, factor=0.1,
                      source="Krizhevsky et al. 2012 §5; Simonyan & Zisserman 2014 §3.1"),
    "alexnet_book": Recipe("sgd", 0.01, 0.9, 5e-4, patience=10, factor=math.sqrt(0.1),
                           source="Elgendy ch. 5: ReduceLROnPlateau(factor=np.sqrt(0.1)), Keras' default patience 10"),
    "googlenet": Recipe("sgd", 0.01, 0.9, 0.0, source="Elgendy ch. 5: decay(epoch), SGD momentum 0.9"),
    "resnet_plateau": Recipe("sgd", 0.1, 0.9, 1e-4, patience=5, factor=0.1, min_lr=0.5e-6,
                             source="He et al. 2015 §3.4; patience and min_lr from Elgendy ch. 5's code"),
    "resnet_milestones": Recipe("sgd", 0.1, 0.9, 1e-4, source="He et al. 2015 §4.2: ÷10 at 32k and 48k of 64k iterations"),
}
MILESTONES = (0.5, 0.75)
PLATEAU_MIN_DELTA = 1e-4  # Keras' default


def _cos(a: float, b: float, t: float) -> float:
    """From ``a`` (t = 0) to ``b`` (t = 1) along half a cosine."""
    return b + (a - b) / 2 * (math.cos(math.pi * t) + 1)


def lenet5_lr(epoch: int) -> float:
    """The book's ``lr_schedule(epoch)`` for LeNet-5, verbatim (Keras epochs start at 0)."""
    if epoch <= 2:
        return 5e-4
    if epoch <= 5:
        return 2e-4
    if epoch <= 9:
        return 5e-5
    return 1e-5


def googlenet_lr(epoch: int, base: float = 0.01) -> float:
    """``initial_lrate · 0.96^floor((1 + epoch) / 8)``, the book's ``decay(epoch)``."""
    return base * math.pow(0.96, math.floor((1 + epoch) / 8))


def check(name: str) -> str:
    if name not in SCHEDULES:
        raise ExplorerError(
            N_("Unknown learning-rate schedule {value!r}. Schedules: {allowed}."), value=name, allowed=", ".join(SCHEDULES),
        )
    return name


class Scheduler:
    """The learning rate of every step for one run; plateau schedules keep state (saved in checkpoints).

    Args:
        name: a key of :data:`SCHEDULES`.
        base_lr: the rate the factors multiply (the peak, for one-cycle).
        total_steps: steps of the whole run (cosine, one-cycle, milestones).
        step_size, gamma: ``step``: × gamma every ``step_size`` epochs.
        patience, factor, min_lr: plateau schedules (recipes bring their own unless given).
    """

    def __init__(
        self,
        name: str,
        *,
        base_lr: float,
        total_steps: int,
        step_size: int = 3,
        gamma: float = 0.1,
        patience: int | None = None,
        factor: float | None = None,
        min_lr: float | None = None,
    ) -> None:
        self.name = check(name)
        self.base_lr = float(base_lr)
        self.total_steps = max(1, int(total_steps))
        self.step_size = max(1, int(step_size))
        self.gamma = float(gamma)
        recipe = RECIPES.get(name)
        self.patience = int(patience if patience is not None else (recipe.patience if recipe and recipe.patience is not None else 2))
        self.factor = float(factor if factor is not None else (recipe.factor if recipe and recipe.factor is not None else 0.1))
        self.min_lr = float(min_lr if min_lr is not None else (recipe.min_lr if recipe and recipe.min_lr is not None else 0.0))
        # plateau state
        self.multiplier = 1.0
        self.best = math.inf
        self.wait = 0

    @property
    def on_plateau(self) -> bool:
        return self.name in ("plateau", "alexnet", "alexnet_book", "resnet_plateau")

    def lr(self, epoch: int, step: int) -> float:
        """The rate for global step ``step`` (from 0), which lies in epoch ``epoch`` (from 0)."""
        b, n = self.base_lr, self.name
        if n == "constant":
            return b
        if n == "step":
            return b * self.gamma ** (epoch // self.step_size)
        if self.on_plateau:
            return max(b * self.multiplier, self.min_lr) if self.multiplier < 1 else b
        if n == "cosine":
            t = min(step, self.total_steps) / self.total_steps
            return b * 0.5 * (1 + math.cos(math.pi * t))
        if n == "onecycle":
            # Smith & Topin 2017, exactly as torch.optim.lr_scheduler.OneCycleLR (cosine, pct_start 0.3,
            # div_factor 25, final_div_factor 1e4): up from b/25 to b over 30 % of the steps, then down to b/25/1e4.
            start, end = b / 25, b / 25 / 1e4
            peak = 0.3 * self.total_steps - 1
            if step <= peak:
                return _cos(start, b, step / peak) if peak > 0 else b
            return _cos(b, end, min(1.0, (step - peak) / max(1e-9, self.total_steps - 1 - peak)))
        if n == "lenet5":
            return b * lenet5_lr(epoch) / 5e-4
        if n == "googlenet":
            return googlenet_lr(epoch, b)
        if n == "resnet_milestones":
            passed = sum(step >= round(m * self.total_steps) for m in MILESTONES)
            return b * 0.1**passed
        raise AssertionError(n)

    def end_epoch(self, val_loss: float) -> str | None:
        """Feed the epoch's validation loss to a plateau schedule; return a sentence when it lowered the rate."""
        if not self.on_plateau or not math.isfinite(val_loss):
            return None
        if val_loss < self.best - PLATEAU_MIN_DELTA:
            self.best, self.wait = val_loss, 0
            return None
        self.wait += 1
        if self.wait < self.patience:
            return None
        self.wait = 0
        old = max(self.base_lr * self.multiplier, self.min_lr)
        if old <= self.min_lr:
            return None
        self.multiplier *= self.factor
        new = max(self.base_lr * self.multiplier, self.min_lr)
        return f"The validation loss has not improved for {self.patience} epoch{'' if self.patience == 1 else 's'}: learning rate {old:.3g} → {new:.3g}."

    def state_dict(self) -> dict[str, Any]:
        return {"multiplier": self.multiplier, "best": self.best, "wait": self.wait}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.multiplier, self.best, self.wait = float(state["multiplier"]), float(state["best"]), int(state["wait"])

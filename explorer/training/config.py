"""A run's settings: one frozen record that the page, the command line and the worker share.

It is stored as ``config.json`` in the run's folder (with the run's id, the
classes and the resolved model) and is everything needed to repeat the run.
:meth:`TrainConfig.check` turns every bad value into an :class:`ExplorerError`
that names it and what is allowed, before any process is started.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from explorer.errors import ExplorerError
from explorer.training.schedules import RECIPES, SCHEDULES

OPTIMIZERS = {"sgd": "SGD with momentum", "adam": "Adam", "adamw": "AdamW (decoupled weight decay)"}
AUGMENTATIONS = {
    "none": "None",
    "crop": "Random shifts (pad and crop)",
    "crop+flip": "Random shifts and horizontal flips",
}
DEVICES = ("auto", "cpu", "cuda", "mps")


class ConfigError(ExplorerError):
    """A training setting out of range or unknown."""


@dataclass(frozen=True)
class TrainConfig:
    """Everything a run needs. Defaults train LeNet-5 on the embedded digits in seconds on a laptop CPU.

    Attributes:
        architecture, hyperparameters: the model (``num_classes`` follows the dataset).
        input_shape: the model's input (C, H, W); None: the architecture's default.
        dataset: a name from :data:`explorer.training.datasets.DATASETS`.
        dataset_path: the zip, for ``folder``.
        train_size, val_size: images to generate (embedded) or at most to use; None: the dataset's default / all.
        val_fraction: hold this fraction of training out for validation; 0: the official test split.
        data_seed: seed of the generated images and of subsets (kept apart from ``seed`` so that two
            runs with different seeds see the same data).
        optimizer, lr, momentum, weight_decay: the optimizer.
        schedule, step_size, gamma, patience, factor: the learning-rate schedule.
        batch_size, epochs, max_steps: how long (``max_steps`` stops earlier when set).
        augmentation: a key of :data:`AUGMENTATIONS`.
        seed: model initialisation, shuffling, augmentation, dropout.
        device: ``auto`` (CUDA, then MPS, then CPU) or one of them.
        amp, channels_last: mixed precision and NHWC memory layout, used on CUDA only.
        log_every: train metrics every this many steps (and at the first).
    """

    architecture: str = "lenet5"
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    input_shape: tuple[int, int, int] | None = None
    dataset: str = "digits"
    dataset_path: str | None = None
    train_size: int | None = None
    val_size: int | None = None
    val_fraction: float = 0.0
    data_seed: int = 0
    optimizer: str = "adam"
    lr: float = 2e-3
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "onecycle"
    step_size: int = 3
    gamma: float = 0.1
    patience: int | None = None
    factor: float | None = None
    batch_size: int = 64
    epochs: int = 5
    max_steps: int | None = None
    augmentation: str = "none"
    seed: int = 0
    device: str = "auto"
    amp: bool = True
    channels_last: bool = True
    log_every: int = 10

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["input_shape"] = list(self.input_shape) if self.input_shape else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        if kw.get("input_shape") is not None:
            kw["input_shape"] = tuple(int(v) for v in kw["input_shape"])
        kw["hyperparameters"] = dict(kw.get("hyperparameters") or {})
        return cls(**kw)

    def with_recipe(self, schedule: str, *, keep: tuple[str, ...] = ()) -> TrainConfig:
        """This config with ``schedule`` and, for a recipe, its optimizer settings (except the fields in ``keep``)."""
        recipe = RECIPES.get(schedule)
        changes: dict[str, Any] = {"schedule": schedule}
        if recipe:
            for name in ("optimizer", "lr", "momentum", "weight_decay"):
                if name not in keep:
                    changes[name] = getattr(recipe, name)
        return replace(self, **changes)

    def check(self) -> TrainConfig:
        """Raise :class:`ConfigError` for the first value out of range; return self."""
        from explorer.training.datasets import DATASETS

        def need(ok: bool, message: str) -> None:
            if not ok:
                raise ConfigError(message)

        need(self.dataset in DATASETS, f"Unknown dataset {self.dataset!r}. Datasets: {', '.join(DATASETS)}.")
        need(self.dataset != "folder" or bool(self.dataset_path), "Upload a zip of class folders to train on your own images.")
        need(self.optimizer in OPTIMIZERS, f"Unknown optimizer {self.optimizer!r}: use one of {', '.join(OPTIMIZERS)}.")
        need(self.schedule in SCHEDULES, f"Unknown learning-rate schedule {self.schedule!r}. Schedules: {', '.join(SCHEDULES)}.")
        need(self.augmentation in AUGMENTATIONS, f"Unknown augmentation {self.augmentation!r}: use one of {', '.join(AUGMENTATIONS)}.")
        need(self.device in DEVICES, f"Unknown device {self.device!r}: use one of {', '.join(DEVICES)}.")
        need(math.isfinite(self.lr) and 0 < self.lr <= 10, f"The learning rate must be above 0 and at most 10 (e.g. 0.001), not {self.lr}.")
        need(0 <= self.momentum < 1, f"Momentum must be from 0 to below 1 (e.g. 0.9), not {self.momentum}.")
        need(0 <= self.weight_decay <= 1, f"Weight decay must be from 0 to 1 (e.g. 0.0005), not {self.weight_decay}.")
        need(1 <= self.batch_size <= 65536, f"The batch size must be from 1 to 65536, not {self.batch_size}.")
        need(1 <= self.epochs <= 10000, f"Epochs must be from 1 to 10000, not {self.epochs}.")
        need(self.max_steps is None or self.max_steps >= 1, f"Steps must be at least 1, not {self.max_steps}.")
        need(0 <= self.val_fraction < 1, f"The held-out fraction must be from 0 to below 1 (e.g. 0.1), not {self.val_fraction}.")
        need(self.train_size is None or self.train_size >= 1, f"The number of training images must be at least 1, not {self.train_size}.")
        need(self.val_size is None or self.val_size >= 1, f"The number of validation images must be at least 1, not {self.val_size}.")
        need(self.step_size >= 1 and self.gamma > 0, "The step schedule needs a step of at least 1 epoch and a gamma above 0.")
        need(self.patience is None or self.patience >= 1, f"Patience must be at least 1 epoch, not {self.patience}.")
        need(self.factor is None or 0 < self.factor < 1, f"The plateau factor must be between 0 and 1 (e.g. 0.1), not {self.factor}.")
        need(self.log_every >= 1, "log_every must be at least 1.")
        return self

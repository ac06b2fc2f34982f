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
from explorer.settings import settings
from explorer.training.schedules import RECIPES, SCHEDULES
from explorer.i18n import N_, NP_

OPTIMIZERS = {"sgd": "SGD with momentum", "adam": "Adam", "adamw": "AdamW (decoupled weight decay)"}
AUGMENTATIONS = {
    "none": "None",
    "crop": "Random shifts (pad and crop)",
    "crop+flip": "Random shifts and horizontal flips",
}
DEVICES = ("auto", "cpu", "cuda", "mps")
MAX_TRAIN_IMAGES = 1_000_000
MAX_STEPS = 10_000_000


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

        if self.dataset not in DATASETS:
            raise ConfigError(
                N_("Unknown dataset {value!r}. Datasets: {allowed}."), value=self.dataset, allowed=", ".join(DATASETS),
            )
        if self.dataset == "folder" and not self.dataset_path:
            raise ConfigError(NP_("err.config.folder_zip", "Upload a zip of class folders to train on your own images."))
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError(
                N_("Unknown optimizer {value!r}: use one of {allowed}."), value=self.optimizer, allowed=", ".join(OPTIMIZERS),
            )
        if self.schedule not in SCHEDULES:
            raise ConfigError(
                N_("Unknown learning-rate schedule {value!r}. Schedules: {allowed}."), value=self.schedule, allowed=", ".join(SCHEDULES),
            )
        if self.augmentation not in AUGMENTATIONS:
            raise ConfigError(
                N_("Unknown augmentation {value!r}: use one of {allowed}."), value=self.augmentation, allowed=", ".join(AUGMENTATIONS),
            )
        if self.device not in DEVICES:
            raise ConfigError(
                N_("Unknown device {value!r}: use one of {allowed}."), value=self.device, allowed=", ".join(DEVICES),
            )
        if not (math.isfinite(self.lr) and 0 < self.lr <= 10):
            raise ConfigError(
                N_("The learning rate must be above 0 and at most 10 (e.g. 0.001), not {value}."), value=self.lr
            )
        if not 0 <= self.momentum < 1:
            raise ConfigError(N_("Momentum must be from 0 to below 1 (e.g. 0.9), not {value}."), value=self.momentum)
        if not 0 <= self.weight_decay <= 1:
            raise ConfigError(
                N_("Weight decay must be from 0 to 1 (e.g. 0.0005), not {value}."), value=self.weight_decay
            )
        largest = settings().max_batch  # the operator's limit
        if not 1 <= self.batch_size <= largest:
            raise ConfigError(
                N_("The batch size must be from 1 to {limit}, not {value}."), value=self.batch_size, limit=largest
            )
        if not 1 <= self.epochs <= 10000:
            raise ConfigError(N_("Epochs must be from 1 to 10000, not {value}."), value=self.epochs)
        if self.max_steps is not None and self.max_steps < 1:
            raise ConfigError(N_("Steps must be at least 1, not {value}."), value=self.max_steps)
        if not 0 <= self.val_fraction < 1:
            raise ConfigError(
                N_("The held-out fraction must be from 0 to below 1 (e.g. 0.1), not {value}."), value=self.val_fraction,
            )
        if self.train_size is not None and self.train_size < 1:
            raise ConfigError(
                N_("The number of training images must be at least 1, not {value}."), value=self.train_size
            )
        if self.val_size is not None and self.val_size < 1:
            raise ConfigError(
                N_("The number of validation images must be at least 1, not {value}."), value=self.val_size
            )
        if not (self.step_size >= 1 and self.gamma > 0):
            raise ConfigError(
                N_("The step schedule needs a step of at least 1 epoch and a gamma above 0."),
            )
        if self.patience is not None and self.patience < 1:
            raise ConfigError(N_("Patience must be at least 1 epoch, not {value}."), value=self.patience)
        if self.factor is not None and not 0 < self.factor < 1:
            raise ConfigError(
                N_("The plateau factor must be between 0 and 1 (e.g. 0.1), not {value}."), value=self.factor
            )
        if self.log_every < 1:
            raise ConfigError(N_("log_every must be at least 1."))
        # The page's boxes have no bounds of their own (a bounded box keeps an out-of-range value to itself): the
        # largest values are checked here, each a guard for the server (an embedded dataset generates train_size images).
        if self.train_size is not None and self.train_size > MAX_TRAIN_IMAGES:
            raise ConfigError(N_("The number of training images must be at most {limit:,}, not {value:,}."), value=self.train_size, limit=MAX_TRAIN_IMAGES)
        if self.max_steps is not None and self.max_steps > MAX_STEPS:
            raise ConfigError(N_("Steps must be at most {limit:,}, not {value:,}."),
                              value=self.max_steps, limit=MAX_STEPS)
        if not 0 <= self.seed < 2**31:  # the page's seed box has no bounds of its own: they are checked here
            raise ConfigError(N_("The seed must be a whole number from 0 to 2147483647, not {value}."), value=self.seed)
        return self

"""Runs made through the runs store's own API, owned by whoever a test says (tests of people and of Inside)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import torch

from explorer.inside.weights import build_random
from explorer.training import runs as store
from explorer.training.config import TrainConfig

CLASSES = ("circle", "square", "triangle")


def make_run(root: str | Path | None = None, *, owner: str = "", owner_name: str = "", weights: bool = True, status: str = "finished",
             dataset: str = "shapes", seed: int = 0, normalization: dict | None = None) -> store.Run:
    """A tiny_vgg run of 3 classes at 3×64×64, as the worker leaves it (``weights``: final.pt, and best.pt from ``seed + 1``)."""
    hp, shape = {"num_classes": 3}, (3, 64, 64)
    cfg = TrainConfig(architecture="tiny_vgg", hyperparameters=hp, input_shape=shape, dataset=dataset, epochs=1,
                      dataset_path="x.zip" if dataset == "folder" else None)
    run = store.create_run(cfg, classes=CLASSES, hyperparameters=hp, input_shape=shape, device="cpu", root=root,
                           owner=owner, owner_name=owner_name)
    if normalization is not None:
        run.update_config(normalization=normalization)
    if weights:
        for which, s in (("final", seed), ("best", seed + 1)):
            path = run.weights_path(which)
            path.parent.mkdir(parents=True, exist_ok=True)
            torch.save(build_random("tiny_vgg", hp, seed=s).state_dict(), path)
    run.set_status(status)
    return run


def make_lenet_run(root: str | Path | None = None, *, owner: str = "", owner_name: str = "", status: str = "finished",
                   weights: bool = True, shared: bool = False, seed: int = 0) -> store.Run:
    """A LeNet-5 run on the embedded digits (10 classes, 1×28×28), as the worker leaves it: weights/final.pt (random,
    from ``seed``), the digits' normalisation, a validation accuracy in its summary (lab 19 starts from such a run)."""
    hp, shape = {"num_classes": 10, "in_channels": 1, "input_size": 28}, (1, 28, 28)
    cfg = TrainConfig(architecture="lenet5", hyperparameters=hp, input_shape=shape, dataset="digits", epochs=3)
    run = store.create_run(cfg, classes=[str(d) for d in range(10)], hyperparameters=hp, input_shape=shape, device="cpu",
                           root=root, owner=owner, owner_name=owner_name)
    run.update_config(normalization={"mean": [0.1307], "std": [0.3081]}, shared=shared)
    if weights:
        run.weights_path("final").parent.mkdir(parents=True, exist_ok=True)
        torch.save(build_random("lenet5", hp, seed=seed).state_dict(), run.weights_path("final"))
    run.set_status(status, summary={"final_val_acc": 0.9})
    return run


def a_class(tmp_path: Path, monkeypatch, **env: str) -> Iterator[Path]:
    """For a fixture (``yield from``): a class with the code otter-42 and a teacher secret, its runs and data under
    ``tmp_path`` (:func:`training_helpers.training_env`), ``env`` besides; yields the runs folder, restores the settings."""
    from explorer import settings
    from training_helpers import training_env

    for name, value in {**training_env(tmp_path), "EXPLORER_CLASS_CODE": "otter-42", "EXPLORER_TEACHER_SECRET": "only the teacher",
                        **env}.items():
        monkeypatch.setenv(name, value)
    settings.reload()
    yield tmp_path / "runs"
    monkeypatch.undo()
    settings.reload()

"""Small data and configurations shared by the tests of explorer.training (tiny, so the suite stays fast)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from explorer.training import synthetic
from explorer.training.config import TrainConfig
from explorer.training.datasets import Data

TIMING_KEYS = ("images_per_s", "eta_s", "elapsed_s")


def digits_data(n_train: int = 384, n_val: int = 192, seed: int = 0) -> Data:
    tx, ty = synthetic.digits(n_train, seed=seed)
    vx, vy = synthetic.digits(n_val, seed=seed + 1)
    return Data(tx, ty, vx, vy, synthetic.DIGIT_CLASSES)


def tiny_config(**changes: Any) -> TrainConfig:
    """LeNet-5 on a few hundred digits: a few dozen steps."""
    base = TrainConfig(architecture="lenet5", dataset="digits", train_size=384, val_size=192, batch_size=32,
                       epochs=2, log_every=4, lr=3e-3, schedule="constant", device="cpu")
    return replace(base, **changes)


def without_timing(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Metric records without their wall-clock fields (which differ between identical runs)."""
    return [{k: v for k, v in r.items() if k not in TIMING_KEYS} for r in records]


def training_env(tmp: Path) -> dict[str, str]:
    """A private runs and data folder, one PyTorch thread, no standby worker: for a test and the workers it starts."""
    return {"EXPLORER_RUNS": str(tmp / "runs"), "EXPLORER_DATA": str(tmp / "data"), "EXPLORER_TORCH_THREADS": "1",
            "EXPLORER_STANDBY": "0"}


def stop_all(runs: Path) -> None:
    """Stop the runs still active under ``runs`` and its standby worker, so no process outlives the test."""
    from explorer.training import runs as store, worker

    for run in store.list_runs(runs):
        if run.status().get("status") in store.ACTIVE:
            worker.stop(run)
    worker.shutdown_standbys(runs)


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables (the operator's settings among them: read again), then restore both.

    Worker processes started meanwhile inherit the variables; the settings this process caches are
    reloaded on the way in and on the way out, so no later test sees these values.
    """
    from explorer import settings

    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    settings.reload()
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        settings.reload()

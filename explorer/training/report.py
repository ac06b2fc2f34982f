"""Inside a worker process: what the trainer reports goes into the run's folder, and the run's pulse.

:class:`RunReporter` is the :class:`~explorer.training.engine.Reporter` that writes
metrics, weights, checkpoints and the evaluation where :mod:`explorer.training.runs`
says they live; :class:`Heartbeat` touches the run's heartbeat while the process
works; :func:`data_progress` turns the data phase's progress into status lines.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

from explorer.notes import Note, fields
from explorer.training.engine import Reporter
from explorer.training.runs import HEARTBEAT_S, Run, save_atomic, write_atomic
from explorer.i18n import N_

STATUS_EVERY_S = 1.0
STOP_CHECK_S = 0.1


def save_npy(path: Path, array: np.ndarray) -> None:
    def save(tmp: Path) -> None:
        with open(tmp, "wb") as f:  # a file object: np.save would add ".npy" to a temporary name
            np.save(f, array, allow_pickle=False)

    save_atomic(path, save)


class RunReporter(Reporter):
    """Writes what the trainer reports into the run's folder (see :mod:`explorer.training.runs`)."""

    def __init__(self, run: Run, *, resume: bool = False, echo: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.run = run
        self.resume = resume
        self.echo = echo
        self._metrics = open(run.metrics_path, "a", encoding="utf-8")  # noqa: SIM115  closed by close()
        self._last_status = 0.0
        self._last_stop_check = 0.0
        self._stop = False

    def close(self) -> None:
        self._metrics.close()

    def metric(self, record: dict[str, Any]) -> None:
        self._metrics.write(json.dumps(record) + "\n")
        self._metrics.flush()
        if self.echo:
            self.echo(record)

    def progress(self, **fields: Any) -> None:
        now = time.monotonic()
        if now - self._last_status >= STATUS_EVERY_S or fields.get("step") == fields.get("total_steps"):
            self._last_status = now
            self.run.update_status(**fields)

    def should_stop(self, step: int) -> bool:
        now = time.monotonic()
        if not self._stop and now - self._last_stop_check >= STOP_CHECK_S:
            self._last_stop_check = now
            self._stop = self.run.stop_requested()
        return self._stop

    def filters(self, weights: np.ndarray, *, initial: bool = False) -> None:
        for name in ("filters_init.npy", "filters.npy") if initial else ("filters.npy",):
            save_npy(self.run.file(name), weights.astype(np.float32))

    def weights(self, state: dict[str, torch.Tensor], which: str) -> None:
        save_atomic(self.run.weights_path(which), lambda p: torch.save(state, p))

    def checkpoint(self, state: dict[str, Any]) -> None:
        save_atomic(self.run.checkpoint_path, lambda p: torch.save(state, p))

    def load_checkpoint(self) -> dict[str, Any] | None:
        if not self.resume or not self.run.checkpoint_path.is_file():
            if self.resume:  # no checkpoint: start over, with a clean slate
                write_atomic(self.run.metrics_path, "")
            return None
        ckpt = torch.load(self.run.checkpoint_path, map_location="cpu", weights_only=True)
        self.run.truncate_metrics(int(ckpt["step"]))
        # The validation the run ended with (between epochs) is not part of the run that goes on.
        kept = [r for r in self.run.metrics() if not r.get("final")]
        write_atomic(self.run.metrics_path, "".join(json.dumps(r) + "\n" for r in kept))
        self._metrics.close()
        self._metrics = open(self.run.metrics_path, "a", encoding="utf-8")  # noqa: SIM115
        return ckpt

    def samples(self, images: np.ndarray) -> None:
        """The first validation images (uint8 N×C×H×W) as ``samples.npy``; evaluation.json's ``samples`` say what each is."""
        save_npy(self.run.file("samples.npy"), images.astype(np.uint8))

    def evaluation(self, result: dict[str, Any], images: np.ndarray) -> None:
        save_npy(self.run.file("misclassified.npy"), images)
        write_atomic(self.run.file("evaluation.json"), json.dumps(result))

    def log(self, message: str) -> None:
        self.run.log(message)


class Heartbeat(threading.Thread):
    """Touches the run's heartbeat every :data:`~explorer.training.runs.HEARTBEAT_S` until ``done`` is set."""

    def __init__(self, run: Run) -> None:
        super().__init__(name=f"heartbeat {run.id}", daemon=True)
        self.training_run = run
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            with contextlib.suppress(OSError):
                self.training_run.beat()
            self.done.wait(HEARTBEAT_S)


def stage_text(stage: str, done: int, frac: float | None) -> Note:
    """The data phase's line: what is being done, and how far (a share, or megabytes when the total is unknown)."""
    mb = done / 2**20
    if stage == "download":
        if frac is None:
            return Note(N_("Downloading {mb:.1f} MB"), mb=mb)
        return Note(N_("Downloading {fraction:.0%}"), fraction=frac)
    if stage == "decode":
        if frac is None:
            return Note(N_("Decoding images {mb:.1f} MB"), mb=mb)
        return Note(N_("Decoding images {fraction:.0%}"), fraction=frac)
    if frac is None:
        return Note(N_("Generating images {mb:.1f} MB"), mb=mb)
    return Note(N_("Generating images {fraction:.0%}"), fraction=frac)


def data_progress(run: Run, on_phase: Callable[[str, float | None], None] | None = None) -> Callable[[str, int, int | None], None]:
    """A dataset loader's progress callback that writes the phase into status.json (at most twice a second)."""
    last = [0.0]

    def report(stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done != total:
            return
        last[0] = now
        frac = done / total if total else None
        text = stage_text(stage, done, frac)
        run.update_status(phase="data", **fields("phase_text", text), data_fraction=frac)
        if on_phase:
            on_phase(text, frac)

    return report

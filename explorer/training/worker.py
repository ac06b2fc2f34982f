"""A process per run, a queue per device, and the files that let anyone watch, stop and resume it.

``python -m explorer.training.worker RUN_DIR`` trains one run and writes
everything to its folder (:mod:`~explorer.training.runs`). Nothing is held in
the launching process: the Streamlit server can rerun, restart or crash and
the run goes on; a worker that crashes marks only its own run failed.

The pieces live by concern, and this module keeps every name importable from here:

* :mod:`~explorer.training.queue` — who may queue, in what order runs start, vanished workers
  (:func:`submit` checks and queues; :func:`tick`, :func:`stop`, :func:`resume`, :func:`wait_for_turn`);
* :mod:`~explorer.training.spawn` — worker processes and the warm standby (:func:`launch`);
* :mod:`~explorer.training.report` — inside the worker: the run's files and heartbeat (:class:`RunReporter`);
* :mod:`~explorer.training.estimate` — a queued run's place and when it should start;
* here — preparing a run (:func:`prepare`, :func:`submit`), training it in this process
  (:func:`execute`) and the process's entry point (:func:`main`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from explorer.analysis import analyze, budget
from explorer.errors import ExplorerError, without_paths
from explorer.notes import Note, fields
from explorer.settings import settings
from explorer.training import datasets, spawn
from explorer.training.config import TrainConfig
from explorer.training.engine import Outcome, Trainer, cpu_threads, plan_for, resolve_device, resolve_model
from explorer.training.queue import (  # noqa: F401  the queue's names, importable from here as before
    QueueFull,
    active_runs,
    admit,
    max_per_device,
    queue_lock,
    queue_position,
    queued_in_order,
    resume,
    shutdown_standbys,
    stop,
    tick,
    wait_for_turn,
)
from explorer.training.estimate import Wait, wait as queue_wait  # noqa: F401
from explorer.training.report import Heartbeat, RunReporter, data_progress  # noqa: F401
from explorer.training.runs import Run, create_run
from explorer.training.spawn import STANDBY_DIR, launch, standby_dir, standbys  # noqa: F401
from explorer.i18n import N_, template_to_json

_standbys = standbys  # the name tests and benchmarks used


# --- preparing and submitting ---------------------------------------------------------------


def classes_for(cfg: TrainConfig) -> tuple[str, ...]:
    """The class names of the configured dataset (a zip is listed, not decoded)."""
    info = datasets.get_dataset(cfg.dataset)
    if info.kind == "folder":
        from explorer.training.folders import inspect_zip

        return inspect_zip(cfg.dataset_path).classes
    return info.classes


def prepare(cfg: TrainConfig) -> tuple[tuple[str, ...], dict[str, Any], tuple[int, int, int], str]:
    """Check ``cfg`` completely before any process starts: classes, model, input, device.

    Raises:
        ExplorerError: the first problem, in a sentence.
    """
    cfg.check()
    classes = classes_for(cfg)
    hp, shape = resolve_model(cfg, len(classes))
    # The work budget, before any weights exist: the batch's activations, gradients and the optimizer's state.
    budget.check(analyze(cfg.architecture, input_shape=shape, **hp), purpose="train", batch=cfg.batch_size, optimizer=cfg.optimizer)
    info = datasets.get_dataset(cfg.dataset)
    datasets.check_channels(info.shape, shape, info.title)
    device = resolve_device(cfg.device).type
    return classes, hp, shape, device


def submit(cfg: TrainConfig, *, root: str | Path | None = None, start: bool = True, owner: str = "", owner_name: str = "") -> Run:
    """Create a run for ``cfg`` and queue it; it starts when its device is free.

    ``owner`` / ``owner_name``: whose run it is (:mod:`explorer.classroom`; ``""`` is the local user, who is
    not limited by the operator's ``max_runs_per_person``).

    Raises:
        ExplorerError: a configuration that cannot train, or a queue that the operator's limits
            refuse (:func:`~explorer.training.queue.admit`); nothing is created then.
    """
    classes, hp, shape, device = prepare(cfg)
    with queue_lock(root):  # two presses at once cannot both take a person's last place
        admit(owner, root)
        run = create_run(cfg, classes=classes, hyperparameters=hp, input_shape=shape, device=device, root=root,
                         owner=owner, owner_name=owner_name)
    if start:
        tick(root)
    return run


# --- in the worker process ------------------------------------------------------------------


def load_data(
    cfg: TrainConfig, shape: tuple[int, int, int], run: Run | None = None,
    on_phase: Callable[[str, float | None], None] | None = None,
) -> datasets.Data:
    """The run's dataset, fitted to the model's input ``shape`` when that fits in memory."""
    from explorer.training.loader import ADAPT_BUDGET_BYTES

    data = datasets.load(
        cfg.dataset, seed=cfg.data_seed, train_size=cfg.train_size, val_size=cfg.val_size, val_fraction=cfg.val_fraction,
        path=cfg.dataset_path, shape=shape, progress=data_progress(run, on_phase) if run else None,
    )
    n = len(data.train_y) + len(data.val_y)
    if data.shape != tuple(shape) and datasets.adapted_bytes(n, shape) <= ADAPT_BUDGET_BYTES:
        data = datasets.adapt(data, shape)
    elif data.shape != tuple(shape):
        data.notes.extend(datasets.describe_adaptation(data.shape, shape))
        data.notes.append(Note(N_("The images are too many to fit at that size at once, so each batch is fitted as it is drawn.")))
    return data


def execute(
    run: Run,
    *,
    echo: Callable[[dict[str, Any]], None] | None = None,
    on_phase: Callable[[str, float | None], None] | None = None,
) -> Outcome:
    """Train ``run`` in this process, writing everything to its folder; never raises for a failed run.

    ``echo`` receives every metric record and ``on_phase`` the data preparation's progress
    (the command line draws its progress bars from them).
    """
    resuming = bool(run.config().get("resume"))
    with queue_lock(run.path.parent):  # after the launcher's "starting" (it holds the lock while it launches)
        run.set_status("running", pid=os.getpid(), phase="starting", started=time.time(), resumed=resuming)
    heartbeat = Heartbeat(run)
    heartbeat.start()
    reporter = None
    error: dict[str, Any] = {}  # a library error's key and values, so that the page can say it in its language
    threads = settings().torch_threads
    if threads is None and run.config().get("device") == "cpu":  # runs sharing the CPU share its cores
        threads = max(1, cpu_threads() // max_per_device())
    torch.set_num_threads(cpu_threads(threads))
    try:
        config = run.config()
        cfg = TrainConfig.from_dict(config["train"])
        shape = tuple(config["input_shape"])
        run.update_status(phase="data", **fields("phase_text", Note(N_("Preparing the data"))))
        data = load_data(cfg, shape, run, on_phase)
        mean, std = datasets.normalization(data.train_x if data.shape == shape else datasets.adapt_images(data.train_x[:4096], shape))
        for note in data.notes:
            run.log(note)
        run.update_config(normalization={"mean": mean, "std": std}, data_notes=[Note.from_json(n).to_json() for n in data.notes],
                          train_images=len(data.train_y), val_images=len(data.val_y))
        plan = plan_for(resolve_device(cfg.device), amp=cfg.amp, channels_last=cfg.channels_last)
        reporter = RunReporter(run, resume=resuming, echo=echo)
        run.update_status(phase="model", **fields("phase_text", Note(N_("Building the model"))))
        limits = settings()  # the operator's budget for one run
        trainer = Trainer(cfg, data, reporter, plan=plan, mean_std=(mean, std), input_shape=shape,
                          budget_steps=limits.max_run_steps, budget_seconds=limits.max_run_seconds)
        run.log(f"Training on {plan.describe()}: {len(data.train_y):,} training and {len(data.val_y):,} validation images, "
                f"{trainer.total_steps} steps.")
        outcome = trainer.fit()
    except ExplorerError as err:
        outcome = Outcome("failed", str(err))
        error = {"error_template": template_to_json(err.template), "error_params": err.params}
    except Exception as err:  # noqa: BLE001  any other failure marks this run failed, nothing else
        outcome = Outcome("failed", without_paths(f"{type(err).__name__}: {err}"))  # the log keeps the full text
        run.log("".join(traceback.format_exc()))
    finally:
        heartbeat.done.set()
        if reporter is not None:
            reporter.close()
    run.clear_stop()
    if outcome.status not in ("stopped", "failed") or not outcome.resumable:
        run.checkpoint_path.unlink(missing_ok=True)  # nothing can resume it: the run keeps its weights, not its optimizer's state
    before = run.status()  # a run that failed early has no summary: keep where the progress was ("epoch 1.44 of 3")
    where = {k: outcome.summary.get(k, before.get(k)) for k in ("step", "total_steps", "epochs")}
    with queue_lock(run.path.parent):  # see queue._check_alive
        run.set_status(outcome.status, **fields("message", outcome.message), **fields("suggestion", outcome.suggestion),
                       summary=outcome.summary, **where, pid=None, **error)
    run.log(f"{outcome.status}: {outcome.message} {outcome.suggestion}".strip())
    return outcome


def _run_main(run: Run) -> int:
    # `kill PID` (SIGTERM) stops like the Stop button: at the next step, with a checkpoint.
    signal.signal(signal.SIGTERM, lambda *_: run.request_stop())
    outcome = execute(run)
    try:
        tick(run.path.parent, warm=True)  # hand the device to the next queued run, or warm a standby
    except Exception:  # noqa: BLE001  the run itself is recorded; a failed hand-over is retried by the next poll
        traceback.print_exc()
    return 0 if outcome.status in ("finished", "stopped") else 1


# Training is batch work and the app is interactive: a worker runs at a lower priority (nice +10), so that on
# a shared machine 30 people's page reruns come before a student's training steps. Alone on a machine, it
# trains as fast as before: priority only decides who waits when both want a core.
WORKER_NICE = 10


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if argv is None and hasattr(os, "nice"):  # a worker process of its own (not a test calling main)
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICE)
    if len(args) == 2 and args[0] == "--standby":
        return spawn.standby(Path(args[1]).resolve(), lock=queue_lock, train=_run_main)
    if len(args) != 1:
        print("usage: python -m explorer.training.worker RUN_DIR | --standby RUNS_DIR", file=sys.stderr)
        return 2
    return _run_main(Run(Path(args[0]).resolve()))


if __name__ == "__main__":
    sys.exit(main())

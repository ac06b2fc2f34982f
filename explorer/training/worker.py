"""A process per run, a queue per device, and the files that let anyone watch, stop and resume it.

``python -m explorer.training.worker RUN_DIR`` trains one run and writes
everything to its folder (:mod:`~explorer.training.runs`). Nothing is held in
the launching process: the Streamlit server can rerun, restart or crash and
the run goes on; a worker that crashes marks only its own run failed.

Scheduling needs no daemon. :func:`tick` — called when a run is submitted,
when a worker ends, and whenever a page polls — takes a file lock, marks runs
whose process has vanished as failed, and starts queued runs in order of
submission while fewer than :func:`max_per_device` run on their device
(``$EXPLORER_MAX_RUNS_PER_DEVICE``, default 1). A run started from the command
line waits for its turn in the same queue and trains in its own process.

While nobody trains, one *standby* worker waits with PyTorch already imported
(``$EXPLORER_STANDBY=0`` turns this off), so that pressing Train shows a first
metric in about a second instead of after a fresh process's imports.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch

from explorer.analysis import analyze, budget
from explorer.errors import ExplorerError, without_paths
from explorer.notes import Note, fields
from explorer.training import datasets
from explorer.training.config import TrainConfig
from explorer.training.engine import Outcome, Reporter, Trainer, cpu_threads, plan_for, resolve_device, resolve_model
from explorer.training.runs import (
    ACTIVE,
    HEARTBEAT_S,
    RUNS_ENV,
    Run,
    create_run,
    list_runs,
    pid_alive,
    runs_dir,
    save_atomic,
    write_atomic,
)

MAX_ENV = "EXPLORER_MAX_RUNS_PER_DEVICE"
STANDBY_ENV = "EXPLORER_STANDBY"  # "0": no warm standby worker (tests)
ROOT = Path(__file__).resolve().parents[2]  # the folder holding the explorer package
STATUS_EVERY_S = 1.0
STOP_CHECK_S = 0.1

try:
    import fcntl
except ImportError:  # pragma: no cover  Windows: no cross-process lock, the queue still works for one server
    fcntl = None  # type: ignore[assignment]


def max_per_device() -> int:
    try:
        return max(1, int(os.environ.get(MAX_ENV, "1")))
    except ValueError:
        return 1


@contextlib.contextmanager
def queue_lock(root: str | Path | None = None) -> Iterator[None]:
    folder = runs_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".queue.lock", "a") as f:
        if fcntl is not None:
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(f, fcntl.LOCK_UN)


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

    ``owner`` / ``owner_name``: whose run it is (:mod:`explorer.classroom`; ``""`` is the local user).

    Raises:
        ExplorerError: a configuration that cannot train (nothing is created then).
    """
    classes, hp, shape, device = prepare(cfg)
    run = create_run(cfg, classes=classes, hyperparameters=hp, input_shape=shape, device=device, root=root,
                     owner=owner, owner_name=owner_name)
    if start:
        tick(root)
    return run


# --- the queue ------------------------------------------------------------------------------


def _device(run: Run) -> str:
    try:
        return run.config().get("device", "cpu")
    except ExplorerError:
        return "cpu"


def _check_alive(run: Run, st: dict[str, Any]) -> bool:
    """Mark a run whose process has gone as failed; return whether it is still alive.

    Called with the queue lock held: a worker writes its final state under the same lock, so a run
    that has just finished is never mistaken for one whose process vanished.
    """
    if st["status"] == "queued":
        if run.config().get("launcher") == "cli" and not run.worker_alive(st):
            run.set_status("failed", **fields("message", Note("The command that queued this run ended before it could start.",
                                                              key="run.cli_gone")))
            return False
        return True
    if run.worker_alive(st):
        return True
    run.set_status("failed", **fields("message", _vanished(st.get("step"), run.checkpoint_path.is_file())),
                   summary=st.get("summary"), step=st.get("step"), total_steps=st.get("total_steps"))
    run.log("The training process was found gone; the run is marked failed.")
    return False


def _vanished(step: int | None, resumable: bool) -> Note:
    """What a run whose process has gone says: where it was, and whether Resume can continue it."""
    if step and resumable:
        return Note(f"The training process ended unexpectedly at step {step}. Resume continues from the last checkpoint.",
                    key="run.vanished_at_step_resumable", step=step)
    if step:
        return Note(f"The training process ended unexpectedly at step {step}.", key="run.vanished_at_step", step=step)
    if resumable:
        return Note("The training process ended unexpectedly. Resume continues from the last checkpoint.", key="run.vanished_resumable")
    return Note("The training process ended unexpectedly.", key="run.vanished")


def _queue_key(run: Run) -> tuple[float, str]:
    c = run.config()
    return float(c.get("queued_at", c.get("created", 0))), run.id


def active_runs(root: str | Path | None = None) -> list[Run]:
    return [r for r in list_runs(root) if r.status().get("status") in ACTIVE]


def queued_in_order(device: str, root: str | Path | None = None) -> list[Run]:
    queued = [r for r in active_runs(root) if r.status().get("status") == "queued" and _device(r) == device]
    return sorted(queued, key=_queue_key)


def queue_position(run: Run) -> int | None:
    """1 for the next run to start on its device, 2 after it, …; None when not queued."""
    if run.status().get("status") != "queued":
        return None
    order = queued_in_order(_device(run), run.path.parent)
    return next((i + 1 for i, r in enumerate(order) if r == run), None)


def tick(root: str | Path | None = None, *, warm: bool = False) -> list[Run]:
    """Mark vanished workers failed and start queued runs on free devices; return the runs started.

    With ``warm``, also keep a standby worker ready when nothing is training (see :func:`_spawn`).
    """
    started = []
    with queue_lock(root):
        running: dict[str, int] = {}
        queued: list[Run] = []
        for run in active_runs(root):
            st = run.status()
            if not _check_alive(run, st):
                continue
            if st["status"] == "queued":
                queued.append(run)
            else:
                running[_device(run)] = running.get(_device(run), 0) + 1
        queued.sort(key=_queue_key)
        blocked: set[str] = set()
        for run in queued:
            dev = _device(run)
            if dev in blocked or running.get(dev, 0) >= max_per_device():
                continue
            if run.config().get("launcher") == "cli":
                blocked.add(dev)  # its own process starts it; later runs wait behind it
                continue
            launch(run)
            running[dev] = running.get(dev, 0) + 1
            started.append(run)
        if warm and not running and os.environ.get(STANDBY_ENV, "1") != "0" and not _standbys(root):
            _spawn(["--standby", str(runs_dir(root))], runs_dir(root))
    return started


# A fresh Python process spends 2–4 s importing PyTorch on the 2-core machines, which alone would
# break "the first metric within 5 s of pressing Train". So one *standby* worker is kept warm
# (imported, idle) while nobody trains: a run is handed to it by writing its folder into
# <runs>/.standby/<pid>.run; it trains that one run and exits. Without a standby, a fresh worker
# is started. A standby idle for STANDBY_IDLE_S, or whose <pid>.idle file is removed, exits.
STANDBY_DIR = ".standby"
STANDBY_IDLE_S = 15 * 60


def _standby_dir(root: str | Path | None) -> Path:
    return runs_dir(root) / STANDBY_DIR


def _standbys(root: str | Path | None) -> list[int]:
    """Pids of live idle standbys (stale files of dead ones are removed)."""
    folder = _standby_dir(root)
    pids = []
    for f in folder.glob("*.idle") if folder.is_dir() else ():
        pid = int(f.stem) if f.stem.isdigit() else 0
        if pid_alive(pid):
            pids.append(pid)
        else:
            f.unlink(missing_ok=True)
    return pids


def _spawn(args: list[str], root: Path, log_path: Path | None = None) -> subprocess.Popen:
    """Start ``python -m explorer.training.worker ARGS`` detached from this process (it outlives it)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env[RUNS_ENV] = str(root)
    root.mkdir(parents=True, exist_ok=True)
    log = open(log_path or (root / ".worker.log"), "ab")  # noqa: SIM115  the child inherits it; tracebacks land there
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "explorer.training.worker", *args],
            cwd=str(ROOT), env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True,
        )
    finally:
        log.close()
    if args and args[0] == "--standby":
        _standby_dir(root).mkdir(parents=True, exist_ok=True)
        (_standby_dir(root) / f"{proc.pid}.idle").touch()
    # Reap the child when it exits (no zombie) without blocking; no UI call happens in this thread.
    threading.Thread(target=proc.wait, name=f"reap {proc.pid}", daemon=True).start()
    return proc


def launch(run: Run) -> int:
    """Start ``run`` in a standby worker if one is idle, else in a new worker process; return its pid.

    Called with the queue lock held (by :func:`tick`).
    """
    root = run.path.parent
    for pid in _standbys(root):
        folder = _standby_dir(root)
        write_atomic(folder / f"{pid}.run", str(run.path))
        (folder / f"{pid}.idle").unlink(missing_ok=True)
        run.set_status("starting", pid=pid)
        return pid
    proc = _spawn([str(run.path)], root, run.log_path)
    run.set_status("starting", pid=proc.pid)
    return proc.pid


def shutdown_standbys(root: str | Path | None = None) -> None:
    """Ask idle standby workers to exit (tests, and before deleting a runs folder)."""
    with queue_lock(root):
        folder = _standby_dir(root)
        for f in folder.glob("*.idle") if folder.is_dir() else ():
            f.unlink(missing_ok=True)


def _standby(root: Path) -> int:
    """The standby's life: wait (warm) for a run, train it, hand the device on, exit."""
    folder = _standby_dir(root)
    me = os.getpid()
    idle, assignment = folder / f"{me}.idle", folder / f"{me}.run"
    # Warm what a run needs besides torch: the analysis (input check), the zoo, and torch's optimizers,
    # whose first construction imports torch._dynamo (2 s on the 2-core machines).
    import explorer.analysis.engine  # noqa: F401
    import explorer.zoo.families  # noqa: F401

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])

    ready = folder / f"{me}.ready"  # for the curious (and bench/training.py): imports done
    with contextlib.suppress(OSError):
        ready.touch()
    deadline = time.monotonic() + STANDBY_IDLE_S
    try:
        while True:
            if assignment.exists():
                break
            if not idle.exists() or time.monotonic() > deadline or not folder.is_dir():
                with queue_lock(root):  # a claim may be in progress: decide under the lock
                    if assignment.exists():
                        break
                    idle.unlink(missing_ok=True)
                    return 0
            time.sleep(0.1)
    finally:
        ready.unlink(missing_ok=True)
    run = Run(Path(assignment.read_text().strip()))
    assignment.unlink(missing_ok=True)
    return _run_main(run)


def stop(run: Run) -> None:
    """Ask ``run`` to stop: a queued run stops at once, a running one at its next step (with a checkpoint)."""
    with queue_lock(run.path.parent):
        st = run.status()
        if st.get("status") == "queued":
            run.set_status("stopped", **fields("message", Note("Stopped before it started.", key="run.stopped_queued")))
            run.log("Stopped while queued.")
            return
    if st.get("status") in ACTIVE:
        run.request_stop()
        run.log("Stop requested.")


def resume(run: Run, *, start: bool = True) -> None:
    """Queue a stopped or failed run again; it continues from its last checkpoint (or starts over without one).

    Raises:
        ExplorerError: the run is still active, or it ended in a way resuming cannot fix.
    """
    st = run.status().get("status")
    if st not in ("stopped", "failed"):
        raise ExplorerError(f"Only a stopped or failed run can be resumed; this one is {st}.", key="run.not_resumable", status=st)
    run.clear_stop()
    # "resume" lives in config.json: status.json is rewritten as the run is queued, started, run.
    run.update_config(launcher="worker", queued_at=time.time(), resume=True)
    run.set_status("queued")
    run.log("Resume requested.")
    if start:
        tick(run.path.parent)


def wait_for_turn(run: Run, *, on_wait: Callable[[int], None] | None = None, poll_s: float = 0.5) -> bool:
    """Block until ``run`` (queued by this process) may start; False if it was stopped meanwhile."""
    dev = _device(run)
    while True:
        with queue_lock(run.path.parent):
            st = run.status()
            if st.get("status") != "queued":
                return False
            for other in active_runs(run.path.parent):
                if other != run:
                    _check_alive(other, other.status())
            busy = sum(1 for r in active_runs(run.path.parent) if r.status().get("status") != "queued" and _device(r) == dev)
            order = queued_in_order(dev, run.path.parent)
            if busy < max_per_device() and order and order[0] == run:
                run.set_status("starting", pid=os.getpid())
                return True
            position = next((i + 1 for i, r in enumerate(order) if r == run), 1)
        if on_wait:
            on_wait(position)
        time.sleep(poll_s)


# --- in the worker process ------------------------------------------------------------------


def _save_npy(path: Path, array: np.ndarray) -> None:
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
        import json

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
            _save_npy(self.run.file(name), weights.astype(np.float32))

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
        self._metrics.close()
        self._metrics = open(self.run.metrics_path, "a", encoding="utf-8")  # noqa: SIM115
        return ckpt

    def evaluation(self, result: dict[str, Any], images: np.ndarray) -> None:
        import json

        _save_npy(self.run.file("misclassified.npy"), images)
        write_atomic(self.run.file("evaluation.json"), json.dumps(result))

    def log(self, message: str) -> None:
        self.run.log(message)


class _Heartbeat(threading.Thread):
    def __init__(self, run: Run) -> None:
        super().__init__(name=f"heartbeat {run.id}", daemon=True)
        self.training_run = run
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            with contextlib.suppress(OSError):
                self.training_run.beat()
            self.done.wait(HEARTBEAT_S)


def _stage_text(stage: str, done: int, frac: float | None) -> Note:
    """The data phase's line: what is being done, and how far (a share, or megabytes when the total is unknown)."""
    mb = done / 2**20
    if stage == "download":
        if frac is None:
            return Note(f"Downloading {mb:.1f} MB", key="phase.download_mb", mb=mb)
        return Note(f"Downloading {frac:.0%}", key="phase.download", fraction=frac)
    if stage == "decode":
        if frac is None:
            return Note(f"Decoding images {mb:.1f} MB", key="phase.decode_mb", mb=mb)
        return Note(f"Decoding images {frac:.0%}", key="phase.decode", fraction=frac)
    if frac is None:
        return Note(f"Generating images {mb:.1f} MB", key="phase.generate_mb", mb=mb)
    return Note(f"Generating images {frac:.0%}", key="phase.generate", fraction=frac)


def _data_progress(run: Run, on_phase: Callable[[str, float | None], None] | None = None) -> Callable[[str, int, int | None], None]:
    last = [0.0]

    def report(stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done != total:
            return
        last[0] = now
        frac = done / total if total else None
        text = _stage_text(stage, done, frac)
        run.update_status(phase="data", **fields("phase_text", text), data_fraction=frac)
        if on_phase:
            on_phase(text, frac)

    return report


def load_data(
    cfg: TrainConfig, shape: tuple[int, int, int], run: Run | None = None,
    on_phase: Callable[[str, float | None], None] | None = None,
) -> datasets.Data:
    """The run's dataset, fitted to the model's input ``shape`` when that fits in memory."""
    from explorer.training.loader import ADAPT_BUDGET_BYTES

    data = datasets.load(
        cfg.dataset, seed=cfg.data_seed, train_size=cfg.train_size, val_size=cfg.val_size, val_fraction=cfg.val_fraction,
        path=cfg.dataset_path, shape=shape, progress=_data_progress(run, on_phase) if run else None,
    )
    n = len(data.train_y) + len(data.val_y)
    if data.shape != tuple(shape) and datasets.adapted_bytes(n, shape) <= ADAPT_BUDGET_BYTES:
        data = datasets.adapt(data, shape)
    elif data.shape != tuple(shape):
        data.notes.extend(datasets.describe_adaptation(data.shape, shape))
        data.notes.append(Note("The images are too many to fit at that size at once, so each batch is fitted as it is drawn.",
                               key="data.fit_per_batch"))
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
    run.set_status("running", pid=os.getpid(), phase="starting", started=time.time(), resumed=resuming)
    heartbeat = _Heartbeat(run)
    heartbeat.start()
    reporter = None
    error: dict[str, Any] = {}  # a library error's key and values, so that the page can say it in its language
    torch.set_num_threads(cpu_threads())
    try:
        config = run.config()
        cfg = TrainConfig.from_dict(config["train"])
        shape = tuple(config["input_shape"])
        run.update_status(phase="data", **fields("phase_text", Note("Preparing the data", key="phase.data")))
        data = load_data(cfg, shape, run, on_phase)
        mean, std = datasets.normalization(data.train_x if data.shape == shape else datasets.adapt_images(data.train_x[:4096], shape))
        for note in data.notes:
            run.log(note)
        run.update_config(normalization={"mean": mean, "std": std}, data_notes=[Note.from_json(n).to_json() for n in data.notes],
                          train_images=len(data.train_y), val_images=len(data.val_y))
        plan = plan_for(resolve_device(cfg.device), amp=cfg.amp, channels_last=cfg.channels_last)
        reporter = RunReporter(run, resume=resuming, echo=echo)
        run.update_status(phase="model", **fields("phase_text", Note("Building the model", key="phase.model")))
        trainer = Trainer(cfg, data, reporter, plan=plan, mean_std=(mean, std), input_shape=shape)
        run.log(f"Training on {plan.describe()}: {len(data.train_y):,} training and {len(data.val_y):,} validation images, "
                f"{trainer.total_steps} steps.")
        outcome = trainer.fit()
    except ExplorerError as err:
        outcome = Outcome("failed", str(err))
        error = {"error_key": err.key, "error_params": err.params}
    except Exception as err:  # noqa: BLE001  any other failure marks this run failed, nothing else
        outcome = Outcome("failed", without_paths(f"{type(err).__name__}: {err}"))  # the log keeps the full text
        run.log("".join(traceback.format_exc()))
    finally:
        heartbeat.done.set()
        if reporter is not None:
            reporter.close()
    run.clear_stop()
    with queue_lock(run.path.parent):  # see _check_alive
        run.set_status(outcome.status, **fields("message", outcome.message), **fields("suggestion", outcome.suggestion),
                       summary=outcome.summary, step=outcome.summary.get("step"), total_steps=outcome.summary.get("total_steps"),
                       pid=None, **error)
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--standby":
        return _standby(Path(args[1]).resolve())
    if len(args) != 1:
        print("usage: python -m explorer.training.worker RUN_DIR | --standby RUNS_DIR", file=sys.stderr)
        return 2
    return _run_main(Run(Path(args[0]).resolve()))


if __name__ == "__main__":
    sys.exit(main())

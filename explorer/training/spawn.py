"""Worker processes: start one for a run, or hand the run to the *standby* worker that waits warm.

A fresh Python process spends 2–4 s importing PyTorch on the 2-core machines, which alone would
break "the first metric within 5 s of pressing Train". So one standby worker is kept warm
(imported, idle) while nobody trains (the operator's ``standby`` setting turns it off). The
protocol is a few files in ``<runs>/.standby/``:

* ``<pid>.idle``  — the standby is waiting; removing it asks the standby to exit;
* ``<pid>.run``   — a run handed to it (the run's folder); it trains that run and exits;
* ``<pid>.ready`` — its imports are done (for the curious, and bench/training.py).

Without an idle standby, a fresh worker process is started. A standby idle for
:data:`STANDBY_IDLE_S` exits by itself. Every function here that changes these
files runs with the queue lock held (:func:`explorer.training.queue.queue_lock`).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from explorer.training.runs import RUNS_ENV, Run, pid_alive, runs_dir, write_atomic

ROOT = Path(__file__).resolve().parents[2]  # the folder holding the explorer package
STANDBY_DIR = ".standby"
STANDBY_IDLE_S = 15 * 60


def standby_dir(root: str | Path | None) -> Path:
    return runs_dir(root) / STANDBY_DIR


def standbys(root: str | Path | None) -> list[int]:
    """Pids of live idle standbys (stale files of dead ones are removed)."""
    folder = standby_dir(root)
    pids = []
    for f in folder.glob("*.idle") if folder.is_dir() else ():
        pid = int(f.stem) if f.stem.isdigit() else 0
        if pid_alive(pid):
            pids.append(pid)
        else:
            f.unlink(missing_ok=True)
    return pids


def release_standbys(root: str | Path | None) -> None:
    """Ask every idle standby to exit (its ``.idle`` file goes)."""
    folder = standby_dir(root)
    for f in folder.glob("*.idle") if folder.is_dir() else ():
        f.unlink(missing_ok=True)


def spawn(args: list[str], root: Path, log_path: Path | None = None) -> subprocess.Popen:
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
    # Reap the child when it exits (no zombie) without blocking; no UI call happens in this thread.
    threading.Thread(target=proc.wait, name=f"reap {proc.pid}", daemon=True).start()
    return proc


def start_standby(root: Path) -> int:
    """Start a standby worker for the runs folder ``root``; return its pid."""
    proc = spawn(["--standby", str(root)], root)
    standby_dir(root).mkdir(parents=True, exist_ok=True)
    (standby_dir(root) / f"{proc.pid}.idle").touch()
    return proc.pid


def launch(run: Run) -> int:
    """Start ``run`` in a standby worker if one is idle, else in a new worker process; return its pid.

    Called with the queue lock held (by :func:`explorer.training.queue.tick`). The run is marked
    ``starting`` *before* it is handed over: the worker marks it ``running`` as soon as it has it, and
    the other order let a late "starting" overwrite "running" (a badge that said Starting all along).
    """
    root = run.path.parent
    for pid in standbys(root):
        folder = standby_dir(root)
        run.set_status("starting", pid=pid)
        write_atomic(folder / f"{pid}.run", str(run.path))
        (folder / f"{pid}.idle").unlink(missing_ok=True)
        return pid
    proc = spawn([str(run.path)], root, run.log_path)
    run.set_status("starting", pid=proc.pid)  # the new worker marks it running under the queue lock, so after this
    return proc.pid


def standby(root: Path, *, lock: Callable[[Path], contextlib.AbstractContextManager], train: Callable[[Run], int]) -> int:
    """The standby's life: wait (warm) for a run, ``train`` it, exit.

    ``lock`` is the queue's lock: an exit is decided under it, so that a run handed over at that
    moment is never lost.
    """
    import torch

    folder = standby_dir(root)
    me = os.getpid()
    idle, assignment = folder / f"{me}.idle", folder / f"{me}.run"
    # Warm what a run needs besides torch: the analysis (input check), the zoo, and torch's optimizers,
    # whose first construction imports torch._dynamo (2 s on the 2-core machines).
    import explorer.analysis.engine  # noqa: F401
    import explorer.zoo.families  # noqa: F401

    torch.optim.Adam([torch.zeros(1, requires_grad=True)])

    ready = folder / f"{me}.ready"
    with contextlib.suppress(OSError):
        ready.touch()
    deadline = time.monotonic() + STANDBY_IDLE_S
    try:
        while True:
            if assignment.exists():
                break
            if not idle.exists() or time.monotonic() > deadline or not folder.is_dir():
                with lock(root):  # a claim may be in progress: decide under the lock
                    if assignment.exists():
                        break
                    idle.unlink(missing_ok=True)
                    return 0
            time.sleep(0.1)
    finally:
        ready.unlink(missing_ok=True)
    run = Run(Path(assignment.read_text().strip()))
    assignment.unlink(missing_ok=True)
    return train(run)

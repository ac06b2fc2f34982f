"""The training queue: who may queue a run, in what order runs start, and what happens to a run whose process has gone.

Scheduling needs no daemon. :func:`tick` — called when a run is submitted,
when a worker ends, and whenever a page polls — takes a file lock, marks runs
whose process has vanished as failed, and starts queued runs in order of
submission while fewer than :func:`max_per_device` run on their device (the
operator's ``max_runs_per_device``). A run started from the command line waits
for its turn in the same queue (:func:`wait_for_turn`) and trains in its own
process, keeping its place with a heartbeat while it waits.

A class shares the queue fairly: a person may have ``max_runs_per_person``
runs queued or training at once (the owner is ``config.json``'s ``owner``; a
run without one — the command line, a local user — is not limited), and a new
run is refused while the runs folder holds more than ``runs_quota_bytes``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from explorer.errors import ExplorerError
from explorer.notes import Note, fields
from explorer.settings import settings
from explorer.training import spawn
from explorer.training.runs import ACTIVE, Run, file_lock, list_runs, runs_dir
from explorer.i18n import N_, NN_


class QueueFull(ExplorerError):
    """A new run that the operator's limits refuse (a person's share of the queue, the runs folder's size)."""


def max_per_device() -> int:
    """Runs that train at once on one device (the operator's ``max_runs_per_device``)."""
    return settings().max_runs_per_device


@contextlib.contextmanager
def queue_lock(root: str | Path | None = None) -> Iterator[None]:
    """The queue's lock, across processes (not re-entrant: never take it twice in one process)."""
    with file_lock(runs_dir(root) / ".queue.lock"):
        yield


# --- admission: a person's share, the runs folder's size --------------------------------------


def owner_of(run: Run) -> str:
    """Who submitted ``run`` ("" for the command line or a local user, who are not limited)."""
    try:
        return str(run.config().get("owner") or "")
    except ExplorerError:
        return ""


def folder_bytes(root: str | Path | None = None) -> int:
    """Bytes of the files under the runs folder."""
    total = 0
    for folder, _, files in os.walk(runs_dir(root)):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total


def size_text(n: int) -> str:
    """``1.2 GB``, ``350 MB``, ``12 kB``: a size as the storage message says it."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


def admit(owner: str, root: str | Path | None = None) -> None:
    """Refuse a new run that the operator's limits do not allow (called with the queue lock held).

    Raises:
        QueueFull: the person already has their share of runs queued or training, or the runs folder is full.
    """
    limit = settings().max_runs_per_person
    if owner:
        mine = sum(1 for r in active_runs(root) if owner_of(r) == owner)
        if mine >= limit:
            raise QueueFull(
                NN_("You already have {mine} run queued or training, as many as this server allows each person ({limit}): wait for it to end, or stop it, then press Train again.",
                    "You already have {mine} runs queued or training, as many as this server allows each person ({limit}): wait for one to end, or stop it, then press Train again.", "mine"),
                mine=mine, limit=limit,
            )
    quota = settings().runs_quota_bytes
    used = folder_bytes(root)
    if used >= quota:
        raise QueueFull(
            N_("The server's run storage is full ({used} of {quota}): delete old runs or ask your teacher."), used=size_text(used), quota=size_text(quota),
        )


# --- order and liveness -----------------------------------------------------------------------


def device_of(run: Run) -> str:
    try:
        return run.config().get("device", "cpu")
    except ExplorerError:
        return "cpu"


def _check_alive(run: Run, st: dict[str, Any]) -> bool:
    """Mark a run whose process has gone as failed; return whether it is still alive.

    Called with the queue lock held: a worker writes its final state under the same lock, so a run
    that has just finished is never mistaken for one whose process vanished. A command-line run
    waiting for its turn is alive while its command beats (:func:`wait_for_turn`).
    """
    if st["status"] == "queued":
        if run.config().get("launcher") == "cli" and not run.worker_alive(st):
            run.set_status("failed", **fields("message", Note(N_("The command that queued this run ended before it could start."))))
            return False
        return True
    if run.worker_alive(st):
        return True
    # Keep where it was (step, epochs): the page says "epoch 1.44 of 3", not "of ?".
    run.set_status("failed", **fields("message", vanished_note(st.get("step"), run.checkpoint_path.is_file())),
                   summary=st.get("summary"), step=st.get("step"), total_steps=st.get("total_steps"), epochs=st.get("epochs"))
    run.log("The training process was found gone; the run is marked failed.")
    return False


def vanished_note(step: int | None, resumable: bool) -> Note:
    """What a run whose process (or Ray actor) has gone says: where it was, and whether Resume can continue it."""
    if step and resumable:
        return Note(N_("The training process ended unexpectedly at step {step}. Resume continues from the last checkpoint."), step=step)
    if step:
        return Note(N_("The training process ended unexpectedly at step {step}."), step=step)
    if resumable:
        return Note(N_("The training process ended unexpectedly. Resume continues from the last checkpoint."))
    return Note(N_("The training process ended unexpectedly."))


def _queue_key(run: Run) -> tuple[float, str]:
    c = run.config()
    return float(c.get("queued_at", c.get("created", 0))), run.id


def active_runs(root: str | Path | None = None) -> list[Run]:
    return [r for r in list_runs(root) if r.status().get("status") in ACTIVE]


def queued_in_order(device: str, root: str | Path | None = None) -> list[Run]:
    queued = [r for r in active_runs(root) if r.status().get("status") == "queued" and device_of(r) == device]
    return sorted(queued, key=_queue_key)


def queue_position(run: Run) -> int | None:
    """1 for the next run to start on its device, 2 after it, …; None when not queued."""
    if run.status().get("status") != "queued":
        return None
    order = queued_in_order(device_of(run), run.path.parent)
    return next((i + 1 for i, r in enumerate(order) if r == run), None)


def tick(root: str | Path | None = None, *, warm: bool = False) -> list[Run]:
    """Mark vanished workers failed and start queued runs on free devices; return the runs started.

    With ``warm``, also keep a standby worker ready when nothing is training (:mod:`~explorer.training.spawn`).
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
                running[device_of(run)] = running.get(device_of(run), 0) + 1
        queued.sort(key=_queue_key)
        blocked: set[str] = set()
        for run in queued:
            dev = device_of(run)
            if dev in blocked or running.get(dev, 0) >= max_per_device():
                continue
            if run.config().get("launcher") == "cli":
                blocked.add(dev)  # its own process starts it; later runs wait behind it
                continue
            spawn.launch(run)
            running[dev] = running.get(dev, 0) + 1
            started.append(run)
        if warm and not running and settings().standby and not spawn.standbys(root):
            spawn.start_standby(runs_dir(root))
    return started


def shutdown_standbys(root: str | Path | None = None) -> None:
    """Ask idle standby workers to exit (tests, and before deleting a runs folder)."""
    with queue_lock(root):
        spawn.release_standbys(root)


# --- what a person does with a run ----------------------------------------------------------


def stop(run: Run) -> None:
    """Ask ``run`` to stop: a queued run stops at once, a running one at its next step (with a checkpoint)."""
    with queue_lock(run.path.parent):
        st = run.status()
        if st.get("status") == "queued":
            run.set_status("stopped", **fields("message", Note(N_("Stopped before it started."))))
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
        raise ExplorerError(N_("Only a stopped or failed run can be resumed; this one is {status}."), status=st)
    run.clear_stop()
    # "resume" lives in config.json: status.json is rewritten as the run is queued, started, run.
    run.update_config(launcher="worker", queued_at=time.time(), resume=True)
    run.set_status("queued")
    run.log("Resume requested.")
    if start:
        tick(run.path.parent)


def wait_for_turn(run: Run, *, on_wait: Callable[[int], None] | None = None, poll_s: float = 0.5) -> bool:
    """Block until ``run`` (queued by this process) may start; False if it was stopped meanwhile.

    Beats while it waits, so that a long wait keeps the run's place (:func:`_check_alive`).
    """
    dev = device_of(run)
    while True:
        run.beat()
        with queue_lock(run.path.parent):
            st = run.status()
            if st.get("status") != "queued":
                return False
            for other in active_runs(run.path.parent):
                if other != run:
                    _check_alive(other, other.status())
            busy = sum(1 for r in active_runs(run.path.parent) if r.status().get("status") != "queued" and device_of(r) == dev)
            order = queued_in_order(dev, run.path.parent)
            if busy < max_per_device() and order and order[0] == run:
                run.set_status("starting", pid=os.getpid())
                return True
            position = next((i + 1 for i, r in enumerate(order) if r == run), 1)
        if on_wait:
            on_wait(position)
        time.sleep(poll_s)

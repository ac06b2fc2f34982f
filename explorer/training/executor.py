"""Where runs execute: one small interface, two implementations, chosen by the operator's settings.

Everything that submits, watches, stops or resumes a run — the Train page, the
``train`` command, the Learn labs that train, the latency measurement — goes
through an :class:`Executor`, never through the worker directly:

* :class:`LocalExecutor` (the default, nothing to install): today's worker
  processes on this machine, a queue per device
  (:mod:`explorer.training.worker`). Nothing changes for a laptop or one server.
* :class:`~explorer.training.ray_executor.RayExecutor`: each run is a Ray actor
  that asks for a share of a GPU sized from the analysis' memory estimate and
  trains with the same engine, wherever the cluster has room. Chosen by setting
  ``[ray] address`` (``EXPLORER_RAY_ADDRESS``): ``auto``, or ``ray://head:10001``.

Both write the same runs store (``$EXPLORER_RUNS``): what the pages show is read
back from a run's folder, so they need not know which executor trained it.
:func:`get` returns the configured one (one per process).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from explorer.errors import ExplorerError
from explorer.training.config import TrainConfig
from explorer.training.runs import Run
from explorer.i18n import N_

ROOT = Path(__file__).resolve().parents[2]  # the folder holding the explorer package


@dataclass(frozen=True)
class Description:
    """Where runs go, for a page or ``--help`` to say: ``kind`` "local" or "ray", ``where`` in words,
    the devices runs can use ("cpu", "cuda", "mps"), and the runs executing at once per device (None: the cluster decides)."""

    kind: str
    where: str
    devices: tuple[str, ...]
    per_device: int | None


class Lines(Protocol):
    """A job's output, one line at a time; ``close`` ends the job if it still runs."""

    def __iter__(self) -> Iterator[str]: ...

    def close(self) -> None: ...


class Executor(Protocol):
    """Submitting, watching, stopping and resuming runs; every method reads and writes the runs store."""

    kind: str

    def submit(self, cfg: TrainConfig, *, owner: str | None = None, owner_name: str | None = None,
               root: str | Path | None = None) -> Run:
        """Check ``cfg`` (the queue's checks: budget, data, the owner's limits) and queue it as a new run.

        Raises:
            ExplorerError: a configuration that cannot train, or a limit reached (nothing is created then).
        """

    def stop(self, run: Run) -> None:
        """A queued run stops at once, a running one at its next step (with a checkpoint)."""

    def resume(self, run: Run) -> None:
        """Queue a stopped or failed run again; it continues from its last checkpoint."""

    def tick(self, root: str | Path | None = None, *, warm: bool = False) -> list[Run]:
        """Notice runs whose process died (marked failed) and start queued ones; called by every poll."""

    def queue_position(self, run: Run) -> int | None:
        """1 for the next run to start on its device, 2 after it, …; None when not queued."""

    def describe(self) -> Description:
        """Where runs execute, in words and figures."""

    # -- the command line: a run it follows until it ends --
    def enqueue_attached(self, cfg: TrainConfig, *, owner: str | None = None, root: str | Path | None = None) -> Run:
        """Queue ``cfg`` for the command line, which then waits (:meth:`wait_for_turn`) and follows it (:meth:`attach`)."""

    def resume_attached(self, run: Run) -> None:
        """Queue ``run`` again for the command line."""

    def wait_for_turn(self, run: Run, *, on_wait: Callable[[int], None] | None = None) -> bool:
        """Block until ``run`` starts; False if it was stopped meanwhile."""

    def attach(self, run: Run, *, echo: Callable[[dict[str, Any]], None] | None = None,
               on_phase: Callable[[str, float | None], None] | None = None) -> Any:
        """Follow ``run`` to its end (``echo`` gets each metric record); its :class:`~explorer.training.engine.Outcome`."""

    # -- short jobs that are not runs --
    def call(self, fn: Callable[..., Any], *args: Any, gpu_fraction: float = 0.0, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` where there is room (a lab's short training); its result, or its exception."""

    def lines(self, module: str, request: str, *, gpu: bool = False) -> Lines:
        """``python -m module`` fed ``request`` on stdin, its stdout line by line (a latency measurement)."""


# --- the local executor ---------------------------------------------------------------------


class _ProcessLines:
    """A child process's stdout, line by line; closing kills it (today's latency worker)."""

    def __init__(self, module: str, request: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module], cwd=str(ROOT), env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.proc.stdin is not None
        self.proc.stdin.write(request)
        self.proc.stdin.close()

    def __iter__(self) -> Iterator[str]:
        assert self.proc.stdout is not None
        yield from self.proc.stdout

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class LocalExecutor:
    """Worker processes on this machine, a queue per device: :mod:`explorer.training.worker`'s public functions."""

    kind = "local"

    def submit(self, cfg: TrainConfig, *, owner: str | None = None, owner_name: str | None = None,
               root: str | Path | None = None) -> Run:
        from explorer.training import worker

        return worker.submit(cfg, root=root, **_owner(owner, owner_name))

    def stop(self, run: Run) -> None:
        from explorer.training import worker

        worker.stop(run)

    def resume(self, run: Run) -> None:
        from explorer.training import worker

        worker.resume(run)

    def tick(self, root: str | Path | None = None, *, warm: bool = False) -> list[Run]:
        from explorer.training import worker

        return worker.tick(root, warm=warm)

    def queue_position(self, run: Run) -> int | None:
        from explorer.training import worker

        return worker.queue_position(run)

    def describe(self) -> Description:
        from explorer.training import worker

        return Description("local", "worker processes on this machine", local_devices(), worker.max_per_device())

    def enqueue_attached(self, cfg: TrainConfig, *, owner: str | None = None, root: str | Path | None = None) -> Run:
        from explorer.training import worker
        from explorer.training.runs import create_run

        classes, hp, shape, device = worker.prepare(cfg)
        with worker.queue_lock(root):  # the runs folder's quota holds for the command line too (a person's share does not)
            worker.admit("", root)
            return create_run(cfg, classes=classes, hyperparameters=hp, input_shape=shape, device=device, root=root,
                              launcher="cli", **_owner(owner))

    def resume_attached(self, run: Run) -> None:
        from explorer.training import worker

        worker.resume(run, start=False)
        run.update_config(launcher="cli")
        run.update_status(pid=os.getpid())

    def wait_for_turn(self, run: Run, *, on_wait: Callable[[int], None] | None = None) -> bool:
        from explorer.training import worker

        return worker.wait_for_turn(run, on_wait=on_wait)

    def attach(self, run: Run, *, echo: Callable[[dict[str, Any]], None] | None = None,
               on_phase: Callable[[str, float | None], None] | None = None) -> Any:
        """Train ``run`` in this process (the command line's way), then hand the device to the next queued run."""
        from explorer.training import worker

        try:
            return worker.execute(run, echo=echo, on_phase=on_phase)
        finally:
            worker.tick(run.path.parent)

    def call(self, fn: Callable[..., Any], *args: Any, gpu_fraction: float = 0.0, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)  # in this process, as before

    def lines(self, module: str, request: str, *, gpu: bool = False) -> Lines:
        return _ProcessLines(module, request)


def _owner(owner: str | None, owner_name: str | None = None) -> dict[str, Any]:
    """``owner=`` (and ``owner_name=``) only when there is one (:mod:`explorer.classroom`; none: the local user)."""
    return {"owner": owner, **({"owner_name": owner_name} if owner_name else {})} if owner else {}


def local_devices() -> tuple[str, ...]:
    """The devices this machine's PyTorch can train on, CPU first."""
    import torch

    out = ["cpu"]
    if torch.cuda.is_available():
        out.append("cuda")
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        out.append("mps")
    return tuple(out)


# --- choosing one ---------------------------------------------------------------------------

_lock = threading.Lock()
_current: tuple[str | None, Executor] | None = None


def get() -> Executor:
    """The executor the settings choose: local worker processes, or the Ray cluster at ``ray_address``.

    Raises:
        ExplorerError: Ray is configured but not installed (``executor.ray_missing``).
    """
    global _current
    from explorer.settings import settings

    address = settings().ray_address
    with _lock:
        if _current is None or _current[0] != address:
            if address is None:
                _current = (None, LocalExecutor())
            else:
                from explorer.training.ray_executor import RayExecutor

                _current = (address, RayExecutor(address))
        return _current[1]


def reset() -> None:
    """Forget the executor in use (tests, after changing the settings)."""
    global _current
    with _lock:
        _current = None


def ray_missing() -> ExplorerError:
    return ExplorerError(
        N_("Training is set to run on a Ray cluster (ray_address), but Ray is not installed on this server: install it with pip install -r requirements-ray.txt, or remove the setting to train on this machine."),
    )

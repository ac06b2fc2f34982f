"""Runs on a Ray cluster: each run is a Ray actor that asks for a share of a GPU and trains with the same engine.

A department with a few GPU machines outgrows one server's queue: a run must go
where a GPU is free, and small runs should share one. Here a run becomes a
*detached, named* Ray actor (``run-<id>-<attempt>`` in the namespace
``cnn-explorer``) that declares its resources — one CPU, and on CUDA a fraction
of a GPU sized from the analysis' memory estimate (:func:`gpu_fraction`) — and
calls :func:`explorer.training.worker.execute` on the run's folder: the same
engine and :class:`~explorer.training.worker.RunReporter` as a local worker.
Ray's scheduler is the queue: an actor waits (the run stays *queued*) until a
node has the CPU and the share of GPU it asked for.

Why the runs store is a shared folder that every node mounts at the same path
(NFS, ``$EXPLORER_RUNS``), and not Ray's object store: metrics, status, weights
and checkpoints are written as files by the engine exactly as on one machine,
the pages read them exactly as before, a run outlives the Ray cluster, the app
server and a node, and a checkpoint written on one node resumes on another.

Why detached named actors and not tasks: a task belongs to the process that
submitted it and dies with it; a detached actor survives a restart of the
Streamlit replica that started it, and any replica finds it again by name.

* stop: the run's ``STOP`` file, which the engine polls every step (it saves a
  checkpoint and ends *stopped*); a run that ignores it for :data:`STOP_GRACE_S`
  is killed with ``ray.kill`` and marked stopped. A run still waiting for room
  is stopped at once and its actor removed.
* resume: a new actor (the next attempt) on whichever node has room; the engine
  continues from the checkpoint in the shared folder.
* death: :meth:`RayExecutor.tick` — called by every poll, like the local queue's
  — pings each active run's actor; an actor that is gone (its node died, the
  process was killed, the cluster restarted) marks its run failed with "Resume
  continues from the last checkpoint", as a local worker that dies does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from explorer.errors import ExplorerError
from explorer.notes import Note, fields
from explorer.training.config import TrainConfig
from explorer.training.executor import Description, Lines, _owner, ray_missing
from explorer.training.queue import vanished_note
from explorer.training.runs import ACTIVE, TERMINAL, Run, list_runs
from explorer.i18n import N_

NAMESPACE = "cnn-explorer"
STOP_GRACE_S = 120.0  # a running run that has not stopped this long after Stop is killed
POLL_S = 0.5
FRACTION_STEP = 8  # GPU shares are multiples of 1/8
CODE = Path(__file__).resolve().parents[1]  # the explorer package, shipped to every node with the job


def import_ray() -> Any:
    """``ray``, or the sentence that says it is configured but not installed."""
    try:
        import ray
    except ImportError:
        raise ray_missing() from None
    return ray


def gpu_fraction(training_bytes: int, *, gpu_memory: int, minimum: float) -> float:
    """The share of one GPU a run asks for: its training bytes over the GPU's memory, rounded up to 1/8, at least ``minimum``.

    LeNet-5 needs a few megabytes, so it asks for ``minimum`` (0.25 by default: four runs share a GPU);
    a ResNet-50 at batch 256 asks for most of one.
    """
    share = math.ceil(training_bytes / gpu_memory * FRACTION_STEP) / FRACTION_STEP
    return min(1.0, max(minimum, share))


def resources_for(cfg: TrainConfig, device: str, hp: dict[str, Any], shape: tuple[int, int, int]) -> dict[str, float]:
    """The resources a run declares: one CPU, and on CUDA a share of a GPU from the analysis' memory estimate."""
    if device != "cuda":
        return {"num_cpus": 1.0, "num_gpus": 0.0}
    from explorer.analysis import analyze, budget
    from explorer.settings import settings

    s = settings()
    need = budget.cost(analyze(cfg.architecture, input_shape=shape, **hp)).training_bytes(cfg.batch_size, cfg.optimizer)
    return {"num_cpus": 1.0, "num_gpus": gpu_fraction(need, gpu_memory=s.ray_gpu_memory, minimum=min(1.0, s.ray_gpu_fraction))}


# --- what runs on the nodes ------------------------------------------------------------------


class RunActor:
    """One run on a node: trains it with the engine, then exits (freeing its share of the GPU)."""

    def ping(self) -> bool:
        return True

    def train(self, path: str) -> str:
        import ray

        from explorer.training import worker

        run = Run(Path(path))
        status = run.status().get("status")
        if status == "queued":  # not stopped while it waited for room
            status = worker.execute(run).status
        ray.actor.exit_actor()
        return status  # pragma: no cover  (exit_actor does not return)


def _call(fn: Callable[..., Any], args: tuple, kwargs: dict) -> tuple[str, Any]:
    """``fn`` on a node; a library error comes back pickled (Ray's wrapper cannot rebuild keyword-only errors)."""
    try:
        return "ok", fn(*args, **kwargs)
    except ExplorerError as err:
        return "error", pickle.dumps(err)


def _lines(module: str, request: str) -> Iterator[str]:
    """``python -m module`` on a node, fed ``request``; its stdout line by line (a streaming generator task)."""
    import subprocess

    import explorer

    code_root = str(Path(explorer.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [code_root, os.environ.get("PYTHONPATH", "")]))}
    proc = subprocess.Popen([sys.executable, "-m", module], cwd=code_root, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(request)
        proc.stdin.close()
        for line in proc.stdout:  # not `yield from`: Ray drives the generator with send()
            yield line
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


class _RayLines:
    def __init__(self, ray: Any, gen: Any) -> None:
        self.ray, self.gen = ray, gen

    def __iter__(self) -> Iterator[str]:
        for ref in self.gen:
            yield self.ray.get(ref)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ray.cancel(self.gen, force=True)


# --- the executor ------------------------------------------------------------------------------


class RayExecutor:
    """Runs as Ray actors with declared resources, in the same runs store (see the module's text)."""

    kind = "ray"

    def __init__(self, address: str) -> None:
        import_ray()  # configured but not installed: say so now, on the page and in the terminal
        self.address = address
        self._lock = threading.Lock()
        self._ray: Any = None
        self._actor_cls: Any = None
        self._pings: dict[str, Any] = {}

    # -- connection --
    def ray(self) -> Any:
        """The connected ``ray`` module (connects once per process; the explorer package travels with the job)."""
        ray = import_ray()
        with self._lock:
            if not ray.is_initialized():
                try:
                    ray.init(address=self.address, namespace=NAMESPACE, log_to_driver=False, ignore_reinit_error=True,
                             runtime_env={"py_modules": [str(CODE)], "env_vars": _explorer_env()})
                except (ConnectionError, RuntimeError, ValueError, TimeoutError) as err:
                    raise ExplorerError(
                        N_("The Ray cluster that runs training cannot be reached now; try again in a minute, or ask the operator to check it."), detail=type(err).__name__,
                    ) from None
            if self._actor_cls is None:
                self._actor_cls = ray.remote(max_concurrency=2, max_restarts=0)(RunActor)
            self._ray = ray
        return ray

    def _actor_options(self, res: dict[str, float], name: str) -> dict[str, Any]:
        return {"name": name, "namespace": NAMESPACE, "lifetime": "detached", "num_cpus": res.get("num_cpus", 1.0),
                "num_gpus": res.get("num_gpus", 0.0)}

    def describe(self) -> Description:
        ray = self.ray()
        total = ray.cluster_resources()
        gpus, cpus = total.get("GPU", 0.0), total.get("CPU", 0.0)
        nodes = sum(1 for n in ray.nodes() if n.get("Alive"))
        where = f"a Ray cluster of {nodes} node{'' if nodes == 1 else 's'}: {cpus:g} CPUs, {gpus:g} GPUs"
        return Description("ray", where, ("cpu", "cuda") if gpus else ("cpu",), None)

    def _cluster_has_gpu(self) -> bool:
        return self.ray().cluster_resources().get("GPU", 0.0) > 0

    # -- submitting --
    def _device_for(self, cfg: TrainConfig) -> tuple[TrainConfig, str | None]:
        """The configuration the app server can check, and the device the cluster will use (None: as checked here).

        The app server may have no GPU while the cluster has: ``cuda`` (or ``auto``) then means a GPU node.
        """
        if cfg.device not in ("auto", "cuda"):
            return cfg, None
        if self._cluster_has_gpu():
            return dataclasses.replace(cfg, device="auto"), "cuda"
        if cfg.device == "cuda":
            raise ExplorerError(N_("The Ray cluster has no GPU; choose the device 'auto' or 'cpu'."))
        return cfg, None

    def submit(self, cfg: TrainConfig, *, owner: str | None = None, owner_name: str | None = None,
               root: str | Path | None = None) -> Run:
        from explorer.training import worker

        self.ray()  # a cluster out of reach refuses before a run is created
        checked, device = self._device_for(cfg)
        run = worker.submit(checked, root=root, start=False, **_owner(owner, owner_name))  # the queue's checks, nothing started
        self._adopt(run, cfg, device)
        self._launch(run)
        return run

    def _adopt(self, run: Run, cfg: TrainConfig, device: str | None) -> None:
        c = run.config()
        device = device or c.get("device", "cpu")
        train = dict(c.get("train", {}), device=cfg.device)
        res = resources_for(cfg, device, c.get("hyperparameters", {}), tuple(c.get("input_shape", ())))
        run.update_config(launcher="ray", device=device, train=train, ray_resources=res)

    def _launch(self, run: Run) -> None:
        """Create the run's actor (the next attempt) and start its training; it waits in Ray until there is room."""
        from explorer.training import worker

        self.ray()  # connected (or a message) before the actor is made
        with worker.queue_lock(run.path.parent):
            c = run.config()
            if run.status().get("status") != "queued" or c.get("ray_actor"):
                return  # another replica launched it, or it was stopped
            attempt = int(c.get("ray_attempt", 0)) + 1
            name = f"run-{run.id}-{attempt}"
            res = c.get("ray_resources") or {"num_cpus": 1.0, "num_gpus": 0.0}
            actor = self._actor_cls.options(**self._actor_options(res, name)).remote()
            actor.train.remote(str(run.path))
            run.update_config(ray_actor=name, ray_attempt=attempt)
        gpu = res.get("num_gpus") or 0
        run.log(f"Submitted to the Ray cluster as {name}: 1 CPU" + (f", {gpu:g} of a GPU." if gpu else "."))

    def resume(self, run: Run) -> None:
        from explorer.training import worker

        worker.resume(run, start=False)
        run.update_config(launcher="ray", ray_actor=None)
        self._launch(run)

    def stop(self, run: Run) -> None:
        from explorer.training import worker

        queued = run.status().get("status") == "queued"
        worker.stop(run)  # queued: stopped now; running: the STOP file, which the engine polls
        if queued and run.status().get("status") == "stopped":
            self._kill(run.config().get("ray_actor"))

    def _kill(self, name: str | None) -> None:
        if not name:
            return
        ray = self.ray()
        with contextlib.suppress(ValueError):
            ray.kill(ray.get_actor(name, namespace=NAMESPACE), no_restart=True)
        self._pings.pop(name, None)

    # -- watching --
    def _alive(self, name: str) -> bool | None:
        """False: the actor is gone; True: it answered; None: not known yet (busy starting, or waiting for room)."""
        ray = self.ray()
        try:
            actor = ray.get_actor(name, namespace=NAMESPACE)
        except ValueError:
            self._pings.pop(name, None)
            return False
        ref = self._pings.get(name)
        if ref is None:
            self._pings[name] = ref = actor.ping.remote()
        ready, _ = ray.wait([ref], timeout=0)
        if not ready:
            return None
        del self._pings[name]
        try:
            ray.get(ref)
            return True
        except ray.exceptions.RayActorError:
            return False

    def tick(self, root: str | Path | None = None, *, warm: bool = False) -> list[Run]:
        """Launch queued runs that have no actor yet, mark runs whose actor has gone failed, force a late stop."""
        from explorer.training import worker

        started = []
        for run in [r for r in list_runs(root) if r.status().get("status") in ACTIVE]:
            c = run.config()
            name = c.get("ray_actor")
            if not name:
                if run.status().get("status") == "queued" and c.get("launcher") in ("ray", "worker"):
                    self._launch(run)
                    started.append(run)
                continue
            if self._alive(name) is False:
                with worker.queue_lock(run.path.parent):  # the engine writes its last status under the same lock
                    st = run.status()
                    if st.get("status") in ACTIVE:
                        run.set_status("failed", **fields("message", vanished_note(st.get("step"), run.checkpoint_path.is_file())),
                                       summary=st.get("summary"), step=st.get("step"), total_steps=st.get("total_steps"))
                        run.log(f"The Ray actor {name} was found gone; the run is marked failed.")
            elif run.stop_requested() and _age(run.path / "STOP") > STOP_GRACE_S:
                # Stop was ignored (the engine polls it between steps, not while it prepares the data): the fallback.
                self._kill(name)
                with worker.queue_lock(run.path.parent):
                    st = run.status()
                    if st.get("status") in ACTIVE:
                        run.clear_stop()
                        run.set_status("stopped", **fields("message", Note(N_("The run did not stop in time, so its process was ended."))),
                                       summary=st.get("summary"), step=st.get("step"), total_steps=st.get("total_steps"))
                        run.log(f"The run did not stop within {STOP_GRACE_S:.0f} s of Stop; its Ray actor was killed.")
        return started

    def queue_position(self, run: Run) -> int | None:
        from explorer.training import worker

        return worker.queue_position(run)

    # -- the command line --
    def enqueue_attached(self, cfg: TrainConfig, *, owner: str | None = None, root: str | Path | None = None) -> Run:
        return self.submit(cfg, owner=owner, root=root)

    def resume_attached(self, run: Run) -> None:
        self.resume(run)

    def wait_for_turn(self, run: Run, *, on_wait: Callable[[int], None] | None = None) -> bool:
        """Until the run's actor starts (the engine sets *running*); False if it was stopped first."""
        while True:
            self.tick(run.path.parent)
            status = run.status().get("status")
            if status != "queued":
                return status != "stopped" or bool(run.metrics())
            if on_wait:
                on_wait(self.queue_position(run) or 1)
            time.sleep(POLL_S)

    def attach(self, run: Run, *, echo: Callable[[dict[str, Any]], None] | None = None,
               on_phase: Callable[[str, float | None], None] | None = None) -> Any:
        """Follow the run from its folder (metrics as they are appended, the data phase) until it ends."""
        from explorer.notes import from_fields
        from explorer.training.engine import Outcome

        offset, phase = 0, None
        while True:
            self.tick(run.path.parent)
            st = run.status()
            if on_phase and st.get("phase") == "data":
                text = from_fields(st, "phase_text")
                if text and (str(text), st.get("data_fraction")) != phase:
                    phase = (str(text), st.get("data_fraction"))
                    on_phase(str(text), st.get("data_fraction"))
            offset = _follow(run, offset, echo)
            if st.get("status") in TERMINAL:
                _follow(run, offset, echo)
                return Outcome(st["status"], str(from_fields(st, "message") or ""), str(from_fields(st, "suggestion") or ""),
                               st.get("summary") or {})
            time.sleep(POLL_S)

    # -- short jobs --
    def call(self, fn: Callable[..., Any], *args: Any, gpu_fraction: float = 0.0, **kwargs: Any) -> Any:
        ray = self.ray()
        task = ray.remote(_call).options(num_cpus=1, num_gpus=gpu_fraction)
        kind, value = ray.get(task.remote(fn, args, kwargs))
        if kind == "error":
            raise pickle.loads(value)
        return value

    def lines(self, module: str, request: str, *, gpu: bool = False) -> Lines:
        ray = self.ray()
        task = ray.remote(_lines).options(num_returns="streaming", num_cpus=1, num_gpus=1 if gpu else 0)
        return _RayLines(ray, task.remote(module, request))


def _follow(run: Run, offset: int, echo: Callable[[dict[str, Any]], None] | None) -> int:
    """Echo the metric records appended since byte ``offset`` (whole lines only); the new offset."""
    try:
        with open(run.metrics_path, "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < offset:  # a resumed run truncated its metrics to the checkpoint
                offset = 0
            f.seek(offset)
            data = f.read()
    except OSError:
        return offset
    end = data.rfind(b"\n") + 1
    for line in data[:end].splitlines():
        with contextlib.suppress(ValueError):
            if echo:
                echo(json.loads(line))
    return offset + end


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _explorer_env() -> dict[str, str]:
    """The app's EXPLORER_* settings, so that the nodes use the same runs store, data folder and limits."""
    return {k: v for k, v in os.environ.items() if k.startswith("EXPLORER_") and k != "EXPLORER_RAY_ADDRESS"}


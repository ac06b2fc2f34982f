"""Latency measured on this machine: forward passes timed in a worker process, cached on disk.

:func:`measure` checks each request against the operator's work budget (from
the analysis on the meta device: nothing is built to find out), then starts
``python -m explorer.inside.latency`` and reads its JSON lines: progress
events while it works, one record per (architecture, batch). The worker builds
each model with its default hyperparameters (random weights: speed does not
depend on their values), puts it in ``eval()`` and times ``model(x)`` under
``torch.inference_mode``: ``warmup`` passes, then the median of ``repeats``.
On CUDA the model and input are channels-last and half precision, the clock is
read after ``torch.cuda.synchronize()``, and the peak memory is
``torch.cuda.max_memory_allocated``; on the CPU the memory shown is the
analysis' estimate (weights + every layer's output for the batch), labelled so.

Why a process: a model too big for the machine kills the worker, not the
Streamlit server; the timing runs with no web server threads in the same
interpreter; and a measurement can be stopped by killing one process.

Why a disk cache (``<runs folder>/.latency/``, one JSON file per key): a
figure measured once is valid until the machine, PyTorch or the thread count
changes, all of which are in the key, so it is shared by the app (every
user), the CLI and reruns and restarts alike, and a class does not remeasure
what the teacher measured before the lesson. ``fresh=True`` remeasures.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import pickle
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from explorer.errors import ExplorerError
from explorer.i18n import N_

ROOT = Path(__file__).resolve().parents[2]  # kept for callers; the process is started by explorer.training.executor
CACHE_DIR = ".latency"
DEVICES = ("cpu", "cuda")


@dataclass(frozen=True)
class Latency:
    """One measurement: ``batch`` images through ``arch`` on ``device``.

    ``median_ms`` is the median of ``times_ms`` (one forward pass of the whole
    batch each); ``per_image_ms`` divides it by the batch. ``memory_bytes`` is
    measured on CUDA (``memory_measured``) and the analysis' estimate on CPU.
    """

    arch: str
    input_shape: tuple[int, int, int]
    batch: int
    device: str
    device_name: str
    threads: int
    dtype: str
    channels_last: bool
    warmup: int
    repeats: int
    median_ms: float
    times_ms: tuple[float, ...]
    memory_bytes: int
    memory_measured: bool
    torch_version: str
    cached: bool = False

    @property
    def per_image_ms(self) -> float:
        return self.median_ms / self.batch

    @property
    def images_per_s(self) -> float:
        return 1000.0 * self.batch / self.median_ms if self.median_ms > 0 else float("inf")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["input_shape"] = list(self.input_shape)
        out["times_ms"] = list(self.times_ms)
        out["per_image_ms"] = self.per_image_ms
        out["images_per_s"] = self.images_per_s
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Latency:
        names = {f for f in cls.__dataclass_fields__}
        d = {k: v for k, v in d.items() if k in names}
        d["input_shape"] = tuple(d["input_shape"])
        d["times_ms"] = tuple(d["times_ms"])
        return cls(**d)


@dataclass(frozen=True)
class Progress:
    """How far a measurement is: ``fraction`` of the work (weighted by each job's multiply-adds) and an ETA."""

    done: int
    total: int
    arch: str
    batch: int
    fraction: float
    elapsed_s: float
    eta_s: float | None
    phase: str = "measure"


@dataclass(frozen=True)
class Job:
    arch: str
    input_shape: tuple[int, int, int]
    batch: int
    memory_estimate: int
    weight: float
    key: str = field(default="", compare=False)


def resolve_device(device: str | None) -> str:
    """``"auto"``/None → CUDA when present, else the CPU; ``"cpu"`` and ``"cuda"`` as asked.

    Raises:
        ExplorerError: for another name, or CUDA on a machine without it.
    """
    import torch

    name = (device or "auto").strip().lower()
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name not in DEVICES:
        raise ExplorerError(
            N_("Unknown device {device!r}: use cpu, cuda or auto."), device=device
        )
    if name == "cuda" and not torch.cuda.is_available():
        raise ExplorerError(N_("This machine has no CUDA GPU; use --device cpu."))
    return name


@functools.lru_cache(maxsize=1)
def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def threads() -> int:
    """Threads the worker gives PyTorch's CPU kernels (the training worker's rule: all cores but one)."""
    from explorer.training.engine import cpu_threads

    return cpu_threads()


def device_info(device: str) -> dict[str, Any]:
    """What the page and the CLI show above the figures: the device's name and the CPU thread count."""
    import torch

    name = torch.cuda.get_device_name(0) if device == "cuda" else cpu_name()
    return {"device": device, "device_name": name, "threads": threads(), "torch_version": torch.__version__}


# --- the cache -------------------------------------------------------------------------------------


def cache_dir(root: str | Path | None = None) -> Path:
    from explorer.training.runs import runs_dir

    return runs_dir(root) / CACHE_DIR


def cache_key(arch: str, input_shape: Sequence[int], batch: int, device: str, info: dict[str, Any], repeats: int) -> str:
    text = json.dumps([arch, list(input_shape), batch, device, info["device_name"], info["threads"], info["torch_version"], repeats])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _cached(key: str, root: str | Path | None) -> Latency | None:
    path = cache_dir(root) / f"{key}.json"
    try:
        return Latency.from_dict({**json.loads(path.read_text()), "cached": True})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(key: str, lat: Latency, root: str | Path | None) -> None:
    from explorer.training.runs import write_atomic

    write_atomic(cache_dir(root) / f"{key}.json", json.dumps({**lat.to_dict(), "cached": False}))


def cached(arch: str, *, batch: int = 1, device: str = "cpu", input_shape: Sequence[int] | None = None,
           repeats: int = 10, root: str | Path | None = None) -> Latency | None:
    """The cached measurement for this key, or None (nothing is measured)."""
    from explorer.zoo.registry import get

    shape = tuple(input_shape or get(arch).input_shape)
    return _cached(cache_key(get(arch).name, shape, batch, device, device_info(device), repeats), root)


# --- measuring -------------------------------------------------------------------------------------


def plan(archs: Sequence[str], *, batches: Sequence[int], input_shape: Sequence[int] | None = None) -> list[Job]:
    """The jobs for ``archs`` × ``batches``, each checked against the work budget (no model is built).

    Raises:
        ExplorerError: an unknown name, an input the model cannot take, or a job over the budget.
    """
    from explorer.analysis import analyze, budget
    from explorer.zoo.registry import get

    jobs = []
    for arch in archs:
        a = get(arch)
        shape = tuple(input_shape) if input_shape else a.input_shape
        report = analyze(a.name, input_shape=shape)
        for b in batches:
            budget.check(report, purpose="inference", batch=b)  # the operator's limits, before anything is built
            jobs.append(Job(a.name, shape, b, report.param_bytes + report.activation_bytes * b,
                            float(report.mult_adds * b + report.total_params)))  # work ≈ MACs; building ≈ params
    return jobs


def measure(
    archs: Sequence[str],
    *,
    batch: int = 1,
    device: str | None = "auto",
    repeats: int = 10,
    warmup: int = 2,
    input_shape: Sequence[int] | None = None,
    fresh: bool = False,
    progress: Callable[[Progress], None] | None = None,
    root: str | Path | None = None,
    timeout_s: float | None = None,
) -> list[Latency]:
    """Latency of each of ``archs`` at batch 1 and at ``batch`` on ``device``, cached; one record per (arch, batch).

    Args:
        batch: the second batch size measured besides 1 (1: only batch 1).
        device: "cpu", "cuda" or "auto" (CUDA when present).
        repeats: timed passes per (arch, batch); the median is reported.
        warmup: untimed passes first (allocations, cuDNN's algorithm search, caches).
        input_shape: (C, H, W) for every model; None: each architecture's own.
        fresh: measure again even when a cached figure exists.
        progress: called in this process with each :class:`Progress`.
        timeout_s: stop the worker after this many seconds.

    Raises:
        ExplorerError: a request over the budget or that a model cannot take (before anything runs), or a worker
            that failed (out of memory, killed, timed out).
    """
    from explorer.settings import settings

    if repeats < 1 or warmup < 0:
        raise ExplorerError(N_("repeats must be at least 1 (not {repeats})."), repeats=repeats)
    if not 1 <= batch <= settings().max_batch:
        raise ExplorerError(
            N_("The batch must be between 1 and {limit}, not {batch}."), batch=batch, limit=settings().max_batch,
        )
    dev = resolve_device(device)
    info = device_info(dev)
    batches = [1] if batch == 1 else [1, batch]
    jobs = [Job(j.arch, j.input_shape, j.batch, j.memory_estimate, j.weight,
                cache_key(j.arch, j.input_shape, j.batch, dev, info, repeats))
            for j in plan(archs, batches=batches, input_shape=input_shape)]
    results: dict[str, Latency] = {}
    todo = []
    for j in jobs:
        hit = None if fresh else _cached(j.key, root)
        if hit is not None:
            results[j.key] = hit
        else:
            todo.append(j)
    if todo:
        for lat, job in _run_worker(todo, dev, repeats, warmup, progress, timeout_s):
            _store(job.key, lat, root)
            results[job.key] = lat
    return [results[j.key] for j in jobs]


def _run_worker(jobs: list[Job], device: str, repeats: int, warmup: int,
                progress: Callable[[Progress], None] | None, timeout_s: float | None):
    request = {"device": device, "repeats": repeats, "warmup": warmup,
               "jobs": [{"arch": j.arch, "input_shape": list(j.input_shape), "batch": j.batch,
                         "memory_estimate": j.memory_estimate} for j in jobs]}
    total = sum(j.weight for j in jobs) or 1.0
    from explorer.training import executor

    # A process of its own, started by the executor: on this machine, or on a node of the Ray cluster.
    proc = executor.get().lines("explorer.inside.latency", json.dumps(request), gpu=device == "cuda")
    start = time.monotonic()
    done_weight = 0.0
    out: list[tuple[Latency, Job]] = []
    try:
        for line in proc:
            if timeout_s is not None and time.monotonic() - start > timeout_s:
                break
            try:
                event = json.loads(line)
            except ValueError:
                continue
            i = int(event.get("index", 0))
            job = jobs[min(i, len(jobs) - 1)]
            kind = event.get("event")
            if kind == "step":
                # Within a job, progress moves with the passes done: warm-up and timed passes alike.
                frac_job = event["pass"] / max(1, event["passes"])
                fraction = min(1.0, (done_weight + job.weight * frac_job) / total)
                elapsed = time.monotonic() - start
                eta = elapsed * (1 - fraction) / fraction if fraction > 0.02 else None
                if progress:
                    progress(Progress(i, len(jobs), job.arch, job.batch, fraction, elapsed, eta, event.get("phase", "measure")))
            elif kind == "result":
                out.append((Latency.from_dict(event["latency"]), job))
                done_weight += job.weight
                if progress:
                    elapsed = time.monotonic() - start
                    fraction = min(1.0, done_weight / total)
                    progress(Progress(i + 1, len(jobs), job.arch, job.batch, fraction, elapsed,
                                      elapsed * (1 - fraction) / fraction if fraction > 0.02 else None, "done"))
            elif kind == "error":
                # The library's own error, keyed where it was raised; pickled by our own child process.
                raise pickle.loads(base64.b64decode(event["error"]))
    finally:
        proc.close()
    if len(out) < len(jobs):
        missing = jobs[len(out)]
        if timeout_s is not None and time.monotonic() - start > timeout_s:
            raise ExplorerError(
                N_("Measuring {arch} took longer than {seconds} s and was stopped; try fewer repeats or a smaller batch."), arch=missing.arch, seconds=f"{timeout_s:.0f}",
            )
        raise ExplorerError(
            N_("The measurement of {arch} at batch {batch} stopped before it finished (out of memory, or the process was killed); try a smaller batch."), arch=missing.arch, batch=missing.batch,
        )
    return out


# --- the worker process ----------------------------------------------------------------------------


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def time_forward(model: Any, x: Any, *, device: str, repeats: int, warmup: int,
                 on_pass: Callable[[int, int, str], None] | None = None) -> list[float]:
    """Milliseconds of each of ``repeats`` timed ``model(x)`` after ``warmup`` untimed ones (inference mode)."""
    import torch

    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    passes = warmup + repeats
    times = []
    with torch.inference_mode():
        for k in range(passes):
            sync()
            t0 = time.perf_counter()
            model(x)
            sync()
            if k >= warmup:
                times.append((time.perf_counter() - t0) * 1000.0)
            if on_pass:
                on_pass(k + 1, passes, "warmup" if k < warmup else "measure")
    return times


def _worker(request: dict[str, Any]) -> None:
    import torch

    from explorer.zoo.registry import build

    device = request["device"]
    torch.set_num_threads(threads())
    info = device_info(device)
    for i, job in enumerate(request["jobs"]):
        try:
            torch.manual_seed(0)
            model = build(job["arch"]).eval()
            x = torch.randn(job["batch"], *job["input_shape"])
            dtype = "float32"
            if device == "cuda":
                model = model.to("cuda", memory_format=torch.channels_last).half()
                x = x.to("cuda", memory_format=torch.channels_last).half()
                dtype = "float16"
                torch.cuda.empty_cache()
                torch.cuda.reset_peak_memory_stats()
            times = time_forward(
                model, x, device=device, repeats=request["repeats"], warmup=request["warmup"],
                on_pass=lambda k, n, phase: _emit({"event": "step", "index": i, "pass": k, "passes": n, "phase": phase}),
            )
            memory = int(torch.cuda.max_memory_allocated()) if device == "cuda" else int(job["memory_estimate"])
            lat = Latency(
                arch=job["arch"], input_shape=tuple(job["input_shape"]), batch=job["batch"], device=device,
                device_name=info["device_name"], threads=info["threads"], dtype=dtype, channels_last=device == "cuda",
                warmup=request["warmup"], repeats=request["repeats"], median_ms=statistics.median(times),
                times_ms=tuple(times), memory_bytes=memory, memory_measured=device == "cuda",
                torch_version=info["torch_version"],
            )
            _emit({"event": "result", "index": i, "latency": lat.to_dict()})
            del model, x
        except ExplorerError as err:
            _emit({"event": "error", "index": i, "message": str(err), "error": base64.b64encode(pickle.dumps(err)).decode()})
            return


if __name__ == "__main__":
    _worker(json.loads(sys.stdin.read()))

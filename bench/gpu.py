"""The GPU path, measured in one script (under 5 minutes on a CUDA machine): what README and RESULTS.md quote.

1. Throughput: images/s of the engine (``Trainer.fit`` writing a real run
   folder: metrics, status, filters, the stop-file check) against a bare
   PyTorch loop, same model, data, batch and initialisation, alternating in one
   process, for LeNet-5 on the digits and CIFAR ResNet-20/56 and ResNet-18 on
   32×32 shapes; on CUDA with mixed precision and channels-last, the data held
   on the GPU (the engine's plan). Peak GPU memory of each engine run.
2. Through the executor, as the Train page starts a run: seconds to the first
   metric, to 97 % validation accuracy on the digits (the page's defaults)
   and to 90 % on the shapes (CIFAR ResNet-20).
3. Sharing a GPU: four LeNet-5 runs at once, each asking for a quarter of the
   GPU (the Ray executor on a local Ray instance when Ray is installed, else
   the local queue with ``EXPLORER_MAX_RUNS_PER_DEVICE=4``), against the same
   four one at a time.

Prints Markdown tables; ``--write`` replaces this section of bench/RESULTS.md.
Without CUDA, ``--cpu-smoke`` runs every part on the CPU with tiny sizes, so
that we know the script works before it meets a GPU (the figures then say
nothing about GPUs).

    .venv/bin/python bench/gpu.py               # on a CUDA machine
    .venv/bin/python bench/gpu.py --cpu-smoke   # anywhere
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import torch

from common import ROOT, machine, table  # noqa: E402  (bench/ is the script dir)

import training as T  # bench/training.py: the engine's and the bare loop's clocks
from explorer.training import datasets, executor, worker
from explorer.training import runs as store
from explorer.training.config import TrainConfig
from explorer.training.engine import DevicePlan, plan_for

SECTION = "## GPU path (bench/gpu.py)"


@dataclass(frozen=True)
class Size:
    """How much of everything: the full run on a GPU, a token of it for the CPU smoke test."""

    batch: int
    k1: int
    k2: int
    rounds: int
    digits: int
    shapes: int
    target_timeout: float
    share_images: int
    share_epochs: int


GPU = Size(batch=256, k1=10, k2=40, rounds=3, digits=12_000, shapes=16_000, target_timeout=60.0, share_images=12_000,
           share_epochs=3)
SMOKE = Size(batch=16, k1=2, k2=5, rounds=1, digits=600, shapes=600, target_timeout=25.0, share_images=256,
             share_epochs=1)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- 1. throughput and peak memory ---------------------------------------------------------------


MODELS = (
    ("LeNet-5 (digits 28×28)", "lenet5", {}, "digits", (1, 28, 28)),
    ("CIFAR ResNet-20 (shapes 32×32)", "resnet_cifar", {"depth": 20}, "shapes", (3, 32, 32)),
    ("CIFAR ResNet-56 (shapes 32×32)", "resnet_cifar", {"depth": 56}, "shapes", (3, 32, 32)),
    ("ResNet-18 (shapes 32×32)", "resnet18", {}, "shapes", (3, 32, 32)),
)


def throughput(size: Size, plan: DevicePlan) -> list[list[str]]:
    rows = []
    cuda = plan.device.type == "cuda"
    for label, arch, hp, data_name, shape in MODELS:
        cfg = TrainConfig(architecture=arch, hyperparameters=hp, input_shape=shape, dataset=data_name,
                          train_size=size.digits if data_name == "digits" else size.shapes, val_size=256,
                          batch_size=size.batch, optimizer="sgd", lr=0.05, schedule="constant", log_every=1,
                          device=plan.device.type)
        _, shp = worker.resolve_model(cfg, 10)
        data = worker.load_data(cfg, shp)
        n = (size.k2 - size.k1) * size.batch
        engine, bare, peaks = [], [], []
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(size.rounds + 1):  # the first round warms up (cuDNN's search, allocations) and is dropped
                if cuda:
                    torch.cuda.empty_cache()
                    torch.cuda.reset_peak_memory_stats()
                e = T._engine_time(cfg, data, plan, size.k1, size.k2, Path(tmp))
                if cuda:
                    peaks.append(torch.cuda.max_memory_allocated())
                b = T._bare_time(cfg, data, plan, size.k1, size.k2)
                if r:
                    engine.append(n / e)
                    bare.append(n / b)
        e, b = statistics.median(engine), statistics.median(bare)
        paired = statistics.median(x / y for x, y in zip(engine, bare))
        peak = f"{max(peaks) / 2**20:,.0f} MiB" if peaks else "– (CPU)"
        say(f"  {label}: engine {e:,.0f} images/s, bare {b:,.0f}, ratio {paired:.2f}, peak {peak}")
        rows.append([label, str(size.batch), f"{b:,.0f}", f"{e:,.0f}", f"{paired:.2f}", peak])
    return rows


# --- 2. time to a target, through the executor ---------------------------------------------------


def to_target(size: Size, device: str) -> list[list[str]]:
    page = TrainConfig(input_shape=(1, 28, 28), train_size=size.digits, device=device)  # the page's defaults
    shapes = TrainConfig(architecture="resnet_cifar", hyperparameters={"depth": 20}, input_shape=(3, 32, 32),
                         dataset="shapes", train_size=size.shapes, epochs=10, batch_size=128, device=device)
    rows = []
    for label, cfg, target in (("LeNet-5, digits (the page's defaults)", page, 0.97),
                               ("CIFAR ResNet-20, shapes", shapes, 0.90)):
        with _store() as root:
            ex = executor.get()
            t0 = time.perf_counter()
            run = ex.submit(cfg, root=root)
            first = hit = None
            deadline = time.monotonic() + size.target_timeout
            while time.monotonic() < deadline:
                ex.tick(root)
                metrics = run.metrics()
                if metrics and first is None:
                    first = time.perf_counter() - t0
                reached = [m for m in metrics if m["kind"] == "val" and m["acc"] >= target]
                if reached:
                    hit = (time.perf_counter() - t0, reached[0]["acc"], reached[0]["epoch"])
                    break
                if run.status().get("status") not in store.ACTIVE:
                    break
                time.sleep(0.02)
            best = max((m["acc"] for m in run.metrics() if m["kind"] == "val"), default=None)
            peak = max((m.get("gpu_mem_mb") or 0 for m in run.metrics()), default=0)
            _stop(ex, run)
        reached_text = (f"{hit[0]:.1f} s ({hit[1]:.1%} after epoch {hit[2]})" if hit else
                        f"not within {size.target_timeout:.0f} s (best {best:.1%})" if best is not None else
                        f"not within {size.target_timeout:.0f} s")
        say(f"  {label}: first metric {first}, {target:.0%}: {reached_text}")
        rows.append([label, f"{target:.0%}", f"{first:.1f} s" if first else "–", reached_text,
                     f"{peak:,.0f} MiB" if peak else "–"])
    return rows


# --- 3. four runs sharing a GPU ------------------------------------------------------------------


def sharing(size: Size, device: str) -> tuple[list[list[str]], str]:
    cfg = TrainConfig(input_shape=(1, 28, 28), train_size=size.share_images, val_size=500, epochs=size.share_epochs,
                      batch_size=128, device=device)
    try:
        import ray
    except ImportError:
        ray = None
    if ray is not None:
        gpus = 1 if device == "cuda" else 0
        env = {k: v for k, v in os.environ.items() if k in ("EXPLORER_TORCH_THREADS", datasets.DATA_ENV, "EXPLORER_STANDBY")}
        ray.init(num_cpus=4, num_gpus=gpus, include_dashboard=False, log_to_driver=False,
                 runtime_env={"py_modules": [str(ROOT / "explorer")], "env_vars": env})
        os.environ["EXPLORER_RAY_ADDRESS"] = "auto"
        if device == "cuda":
            os.environ["EXPLORER_RAY_GPU_MEMORY"] = str(torch.cuda.get_device_properties(0).total_memory)
        how = "the Ray executor on a local Ray instance (4 CPUs" + (", 1 GPU)" if gpus else ", no GPU: each run asks 1 CPU)")
    else:
        how = "the local queue (Ray is not installed)"
    _reload()
    try:
        results = {}
        for mode in ("one at a time", "four at once"):
            if ray is None:
                os.environ[worker.MAX_ENV] = "1" if mode == "one at a time" else "4"
            with _store() as root:
                ex = executor.get()
                t0 = time.perf_counter()
                if mode == "four at once" or ray is None:
                    runs = [ex.submit(cfg, root=root) for _ in range(4)]
                    _wait_all(ex, runs, root)
                else:
                    runs = []
                    for _ in range(4):
                        runs.append(ex.submit(cfg, root=root))
                        _wait_all(ex, runs[-1:], root)
                wall = time.perf_counter() - t0
                statuses = [r.status().get("status") for r in runs]
                shares = [r.config().get("ray_resources", {}).get("num_gpus") for r in runs]
                peak = max((m.get("gpu_mem_mb") or 0 for r in runs for m in r.metrics()), default=0)
                per_run = statistics.median(r.status().get("summary", {}).get("images_per_s") or 0 for r in runs)
            images = 4 * cfg.epochs * size.share_images
            results[mode] = [mode, f"{wall:.1f} s", f"{images / wall:,.0f}", f"{per_run:,.0f}",
                             ", ".join(f"{s:g}" for s in shares if s is not None) or "–",
                             f"{peak:,.0f} MiB" if peak else "–", ", ".join(sorted(set(statuses)))]
            say(f"  {mode}: {results[mode]}")
        speedup = float(results["one at a time"][1][:-2]) / float(results["four at once"][1][:-2])
        results["four at once"].append(f"{speedup:.2f}×")
        results["one at a time"].append("1.00×")
        return list(results.values()), how
    finally:
        if ray is not None:
            ray.shutdown()
        for name in ("EXPLORER_RAY_ADDRESS", "EXPLORER_RAY_GPU_MEMORY", worker.MAX_ENV):
            os.environ.pop(name, None)
        _reload()


def _wait_all(ex: executor.Executor, runs: list[store.Run], root: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while any(r.status().get("status") in store.ACTIVE for r in runs):
        assert time.monotonic() < deadline, [r.log_tail(20) for r in runs]
        ex.tick(root)
        time.sleep(0.05)


def _stop(ex: executor.Executor, run: store.Run) -> None:
    ex.stop(run)
    deadline = time.monotonic() + 60
    while run.status().get("status") in store.ACTIVE and time.monotonic() < deadline:
        ex.tick(run.path.parent)
        time.sleep(0.1)


class _store:  # noqa: N801  (used like a function)
    """A private runs folder for one measurement, the data cached across them."""

    def __enter__(self) -> Path:
        self.tmp = tempfile.TemporaryDirectory()
        return Path(self.tmp.name) / "runs"

    def __exit__(self, *exc: object) -> None:
        worker.shutdown_standbys(Path(self.tmp.name) / "runs")
        self.tmp.cleanup()


def _reload() -> None:
    from explorer import settings

    settings.reload()
    executor.reset()


# --- report --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cpu-smoke", action="store_true", help="no CUDA here: every part on the CPU, tiny sizes")
    parser.add_argument("--write", action="store_true", help="replace this section of bench/RESULTS.md")
    args = parser.parse_args()
    start = time.perf_counter()
    cuda = torch.cuda.is_available()
    if not cuda and not args.cpu_smoke:
        parser.error("no CUDA GPU here: run it on a CUDA machine, or with --cpu-smoke to check that it works")
    smoke = args.cpu_smoke or not cuda
    size = SMOKE if smoke else GPU
    device = "cpu" if smoke else "cuda"
    plan = DevicePlan(torch.device("cpu")) if smoke else plan_for(torch.device("cuda"))
    data_cache = tempfile.mkdtemp(prefix="bench-gpu-data-")
    os.environ[datasets.DATA_ENV] = data_cache  # generated once, read back by every run
    os.environ.setdefault("EXPLORER_TORCH_THREADS", "1" if smoke else str(max(1, len(os.sched_getaffinity(0)) - 1)))
    os.environ["EXPLORER_STANDBY"] = "0"
    os.environ.pop("EXPLORER_RAY_ADDRESS", None)
    _reload()
    torch.set_num_threads(int(os.environ["EXPLORER_TORCH_THREADS"]))
    where = f"{torch.cuda.get_device_name()}, {plan.describe()}" if not smoke else "CPU smoke test (--cpu-smoke): tiny sizes"
    say(f"bench/gpu.py: {where}")

    say("1. throughput")
    rows1 = throughput(size, plan)
    say("2. time to a target")
    rows2 = to_target(size, device)
    say("3. sharing a GPU")
    rows3, how = sharing(size, device)
    took = time.perf_counter() - start

    lines = [
        SECTION, "",
        f"`.venv/bin/python bench/gpu.py{' --cpu-smoke' if smoke else ''}` on {machine()}; {where}; "
        f"{took:.0f} s in all.", "",
        f"Throughput: steps {size.k1}→{size.k2} of the first epoch, SGD, batch {size.batch}, medians of "
        f"{size.rounds} round(s) after a warm-up round, engine (a real run folder: metrics every step, status, "
        "filters, the stop check) and bare loop alternating in one process; *ratio* is the median of the rounds' "
        "engine/bare ratios. Peak GPU memory: `torch.cuda.max_memory_allocated` over the engine's rounds.", "",
        table(["model", "batch", "bare loop (images/s)", "engine (images/s)", "ratio", "peak GPU memory"], rows1), "",
        "Through the executor, as the Train page starts a run (clock started at submit; a fresh worker process, "
        "no warm standby):", "",
        table(["run", "target", "first metric", "target reached", "peak GPU memory (engine's record)"], rows2), "",
        f"Four LeNet-5 runs on the digits ({size.share_images:,} images × {size.share_epochs} epoch(s), batch 128) "
        f"through {how}: one at a time against four at once.", "",
        table(["mode", "wall time", "images/s (all runs)", "images/s per run (median)", "GPU share per run",
               "peak GPU memory per run", "statuses", "speed-up"], rows3), "",
    ]
    if smoke:
        lines += ["These are CPU figures from the smoke test: they show that every part of the script runs "
                  "(engine and bare loop, the executor's runs to a target, four runs through the executor), not "
                  "what a GPU does.", ""]
    text = "\n".join(textwrap.fill(x, 110, break_on_hyphens=False) if x and not x.startswith(("|", "#")) else x
                     for x in lines)
    print(text)
    if args.write:
        path = Path(__file__).with_name("RESULTS.md")
        old = path.read_text()
        if SECTION in old:
            i = old.index(SECTION)
            nxt = old.find("\n## ", i + len(SECTION))
            new = old[:i] + text.rstrip() + "\n" + (old[nxt:] if nxt != -1 else "")
        else:
            new = old.rstrip() + "\n\n" + text.rstrip() + "\n"
        path.write_text(new)
        say(f"wrote {path.name}")


if __name__ == "__main__":
    main()

"""The backbone chooser's costs, each against a baseline timed in the same run.

1. Latency: the chooser's figure (``explorer.inside.latency.measure``: a worker
   process, warm-up, median of repeats, inference mode; channels-last half
   precision on CUDA) against a bare ``model(x)`` loop in this process, set up
   the same way (same threads, dtype, memory format, warm-up and repeats).
   Target: ratio ≈ 1.0 (the measurement adds nothing).
2. Build + analysis: ``build`` on the meta device plus the full analysis
   (shapes, parameters, MACs, memory, receptive fields) against
   ``torchinfo.summary(..., device="meta")`` of a model already built.
   Target: ≤ 0.25×, our build included.

Eight representative models, the first eight of :data:`MODELS` that are
registered (the modern families first, the classics when those are absent).
On a small CPU the input defaults to 3×112×112 to keep the run to a few
minutes; ``--side 224`` for the models' own input.

    .venv/bin/python bench/backbones.py [--device cpu|cuda] [--side 112] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
import torchinfo

from common import machine, median_time, table  # noqa: E402  (bench/ is the script dir)

import explorer
from explorer.inside import latency as lat
from explorer.zoo.registry import build, get, list_architectures
from explorer.zoo.spec import build_meta

MODELS = (
    "mobilenet_v3_large", "efficientnet_b0", "regnet_y_1_6gf", "convnext_tiny", "resnet50", "resnext50_32x4d",
    "densenet121", "shufflenet_v2_x1_0",
    # the classics, when the modern families are not registered
    "resnet18", "vgg11", "googlenet", "alexnet", "resnet34", "vgg11_bn", "resnet101",
)


def bare_loop(name: str, shape: tuple[int, int, int], device: str, repeats: int, warmup: int) -> float:
    """Median ms of ``model(x)`` at batch 1, set up as the worker does, timed here."""
    torch.manual_seed(0)
    model = build(name).eval()
    x = torch.randn(1, *shape)
    if device == "cuda":
        model = model.to("cuda", memory_format=torch.channels_last).half()
        x = x.to("cuda", memory_format=torch.channels_last).half()
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    times = []
    with torch.inference_mode():
        for k in range(warmup + repeats):
            sync()
            t0 = time.perf_counter()
            model(x)
            sync()
            if k >= warmup:
                times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--side", type=int, default=112)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternate bare loop and chooser this many times")
    parser.add_argument("--analysis-repeats", type=int, default=5)
    parser.add_argument("--only", choices=("latency", "analysis"), help="run one of the two parts")
    args = parser.parse_args()
    device = lat.resolve_device(args.device)
    torch.set_num_threads(lat.threads())  # the worker's thread count
    registered = set(list_architectures())
    names = [n for n in MODELS if n in registered][:8]
    shape = (3, args.side, args.side)

    if args.only != "analysis":
        latency_part(names, shape, device, args)
    if args.only != "latency":
        analysis_part(names, args)


def latency_part(names: list[str], shape: tuple[int, int, int], device: str, args: argparse.Namespace) -> None:
    rows = []
    for name in names:
        # Alternating rounds, medians of each side: a shared machine's load drifts within a minute.
        bares, mine, walls = [], [], []
        for _ in range(args.rounds):
            bares.append(bare_loop(name, shape, device, args.repeats, args.warmup))
            t0 = time.perf_counter()
            mine.append(lat.measure([name], batch=1, device=device, repeats=args.repeats, warmup=args.warmup,
                                    input_shape=shape, fresh=True)[0].median_ms)
            walls.append(time.perf_counter() - t0)
        bare, ours = statistics.median(bares), statistics.median(mine)
        rows.append([name, f"{ours:.1f} ms", f"{bare:.1f} ms", f"{ours / bare:.2f}", f"{statistics.median(walls):.1f} s"])
        print(f"{name}: chooser {ours:.1f} ms, bare loop {bare:.1f} ms, ratio {ours / bare:.2f}", flush=True)
    info = lat.device_info(device)
    print()
    print(f"Machine: {machine()}; device {info['device_name']} ({device}), {info['threads']} threads; "
          f"input {'×'.join(map(str, shape))}, batch 1, median of {args.repeats} after {args.warmup} warm-up passes, "
          f"median of {args.rounds} alternating rounds")
    print(table(["model", "chooser (worker)", "bare model(x)", "ratio", "chooser wall (incl. process start)"], rows))


def analysis_part(names: list[str], args: argparse.Namespace) -> None:
    rows = []
    torch.set_num_threads(1)
    for name in names:
        def ours() -> None:  # what an uncached explorer.analyze(name) does: build on meta, then analyse (public call)
            explorer.analyze(build_meta(get(name), get(name).defaults()), input_shape=(3, 224, 224))

        with torch.device("meta"):
            built = build(name)
        def summary() -> None:
            torchinfo.summary(built, input_size=(1, 3, 224, 224), device="meta", verbose=0)

        mine, theirs = [], []  # alternating, one call each per round: a busy machine slows both alike
        for _ in range(args.analysis_repeats):
            mine.append(median_time(ours, repeats=1, warmup=1))
            theirs.append(median_time(summary, repeats=1, warmup=1))
        mine, theirs = statistics.median(mine), statistics.median(theirs)
        rows.append([name, f"{mine * 1e3:.1f} ms", f"{theirs * 1e3:.1f} ms", f"{mine / theirs:.3f}"])
        print(f"{name}: build + analyse {mine * 1e3:.1f} ms, torchinfo {theirs * 1e3:.1f} ms, ratio {mine / theirs:.3f}", flush=True)
    print()
    print(f"Build + analysis at 3×224×224 on the meta device, 1 thread, medians of {args.analysis_repeats} alternating rounds")
    print(table(["model", "build + explorer analysis", "torchinfo.summary (built)", "ratio"], rows))


if __name__ == "__main__":
    main()

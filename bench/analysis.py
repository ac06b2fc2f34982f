"""Full analysis vs ``torchinfo.summary(..., device="meta")``, in the same process.

Both get the same model, already built on the meta device (so neither pays for
weights), and answer for one 224×224 input. Ours is the public call users make,
``explorer.analyze(model, input_shape=(3, 224, 224))``. Ours computes shapes, parameters,
MACs, memory, receptive fields, minimum input size and depth; torchinfo
computes shapes, parameters and MACs. Reported: medians of interleaved rounds,
the ratio ours / torchinfo (target for ResNet-152: ≤ 0.10), the engine called
inside the public entry (the two should match: a meta model is not copied) and
the build on the meta device that an analysis by name adds.

    .venv/bin/python bench/analysis.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time

import torch
import torchinfo

from common import machine, table  # noqa: E402  (bench/ is the script dir)

import explorer
from explorer.analysis.engine import _analyze_module, _meta_copy
from explorer.zoo import build, get
from explorer.zoo.spec import build_meta

MODELS = ("resnet152", "vgg16", "googlenet")


def interleaved(fns: dict[str, object], repeats: int) -> dict[str, float]:
    """Median seconds of each function, timed in turn (one call each per round), so that a shared machine's
    load drifts over all of them alike; GC runs between calls, not during."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            gc.collect()
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    shape = (3, 224, 224)
    for name in MODELS:
        with torch.device("meta"):
            model = build(name)
        t = interleaved({
            "ours": lambda: explorer.analyze(model, input_shape=shape),  # the public call, on the caller's model
            "inside": lambda: _analyze_module(model, shape),  # the engine without the public entry's checks
            "copy": lambda: _analyze_module(_meta_copy(model), shape),  # the public call before: a private copy first
            "torchinfo": lambda: torchinfo.summary(model, input_size=(1, *shape), device="meta", verbose=0),
            "build": lambda: build_meta(get(name), get(name).defaults()),
        }, args.repeats)
        ours, theirs = t["ours"], t["torchinfo"]
        rows.append([name, f"{ours * 1e3:.1f} ms", f"{t['inside'] * 1e3:.1f} ms", f"{t['copy'] * 1e3:.1f} ms", f"{theirs * 1e3:.1f} ms",
                     f"{ours / theirs:.3f}", f"{t['build'] * 1e3:.1f} ms"])
        print(f"{name}: ours {ours * 1e3:.1f} ms, torchinfo {theirs * 1e3:.1f} ms, ratio {ours / theirs:.3f}", flush=True)
    print()
    print(f"Machine: {machine()}; medians of {args.repeats} interleaved rounds")
    print(table(["model (224×224)", "explorer.analyze(model)", "engine inside", "copy + engine (before)", "torchinfo.summary", "ratio",
                 "build_meta"], rows))


if __name__ == "__main__":
    main()

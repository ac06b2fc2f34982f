"""Full analysis vs ``torchinfo.summary(..., device="meta")``, in the same process.

Both get the same model, already built on the meta device (so neither pays for
weights), and answer for one 224×224 input. Ours is the public call users make,
``explorer.analyze(model, input_shape=(3, 224, 224))``. Ours computes shapes, parameters,
MACs, memory, receptive fields, minimum input size and depth; torchinfo
computes shapes, parameters and MACs. Reported: medians of repeats and the
ratio ours / torchinfo (target for ResNet-152: ≤ 0.10).

    .venv/bin/python bench/analysis.py [--repeats 15]
"""

from __future__ import annotations

import argparse

import torch
import torchinfo

from common import machine, median_time, table  # noqa: E402  (bench/ is the script dir)

import explorer
from explorer.zoo import build

MODELS = ("resnet152", "vgg16", "googlenet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    for name in MODELS:
        with torch.device("meta"):
            model = build(name)
        ours = median_time(lambda: explorer.analyze(model, input_shape=(3, 224, 224)), repeats=args.repeats)
        theirs = median_time(
            lambda: torchinfo.summary(model, input_size=(1, 3, 224, 224), device="meta", verbose=0), repeats=args.repeats
        )
        with torch.device("meta"):
            build_s = median_time(lambda: build(name), repeats=5, warmup=1)
        rows.append([name, f"{ours * 1e3:.1f} ms", f"{theirs * 1e3:.1f} ms", f"{ours / theirs:.3f}", f"{build_s * 1e3:.1f} ms"])
        print(f"{name}: ours {ours * 1e3:.1f} ms, torchinfo {theirs * 1e3:.1f} ms, ratio {ours / theirs:.3f}", flush=True)
    print()
    print(f"Machine: {machine()}; medians of {args.repeats} runs")
    print(table(["model (224×224)", "explorer.analyze", "torchinfo.summary", "ratio", "build on meta"], rows))


if __name__ == "__main__":
    main()

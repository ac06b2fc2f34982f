"""Feature maps of one layer (the Inside page's machinery) vs a bare forward pass up to that layer.

VGG-16 with random weights, one 224×224 image, on the CPU, in the same process.
"Ours" is what the page does the first time a layer is shown for an image: a
fresh :class:`explorer.inside.features.Activations` (forward wrappers that keep
a copy of every layer's output, the pass stopped right after the layer) and
``get(layer)``. The baseline is ``nn.Sequential(*features[:k + 1])`` under
``torch.no_grad()``. Target: ours / bare ≤ 1.5. Also reported: showing the
layer again, or any layer computed before (a switch back), from the cache.

    .venv/bin/python bench/inside.py [--repeats 9] [--threads N]
"""

from __future__ import annotations

import argparse

import torch
from torch import nn

from common import machine, median_time, table  # noqa: E402  (bench/ is the script dir)

from explorer.inside.features import Activations
from explorer.inside.weights import build_random

LAYERS = ("features.4", "features.16", "features.30")  # pool1 (edges), pool3 (textures), pool5 (parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    model = build_random("vgg16", seed=0)
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    rows = []
    for name in LAYERS:
        k = int(name.split(".")[1])
        prefix = nn.Sequential(*list(model.features.children())[: k + 1]).eval()

        def bare() -> None:
            with torch.no_grad():
                prefix(x)

        def ours() -> None:
            Activations(model, x).get(name)

        warm = Activations(model, x)
        warm.get(name)
        bare_s = median_time(bare, repeats=args.repeats)
        ours_s = median_time(ours, repeats=args.repeats)
        cached_s = median_time(lambda: warm.get(name), repeats=args.repeats)
        with torch.no_grad():
            assert torch.equal(warm.get(name), prefix(x)[0])
        rows.append([name, f"{bare_s * 1e3:.1f} ms", f"{ours_s * 1e3:.1f} ms", f"{ours_s / bare_s:.2f}", f"{cached_s * 1e6:.0f} µs"])
        print(f"{name}: bare {bare_s * 1e3:.1f} ms, ours {ours_s * 1e3:.1f} ms, ratio {ours_s / bare_s:.2f}", flush=True)
    print()
    print(f"Machine: {machine()}, {torch.get_num_threads()} torch threads; medians of {args.repeats} runs")
    print(table(["VGG-16 layer (224×224)", "bare forward to the layer", "feature maps (Activations)", "ratio", "again, from the cache"], rows))


if __name__ == "__main__":
    main()

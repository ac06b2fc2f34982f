"""Learned weights as data: convolution kernels and per-layer weight distributions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


@dataclass(frozen=True)
class WeightLayer:
    """A layer with a weight tensor: its name, type, shape and distribution summary."""

    name: str
    type: str
    shape: tuple[int, ...]
    quantiles: tuple[float, float, float, float, float]  # min, 25 %, median, 75 %, max
    mean: float
    std: float


def conv_layers(model: nn.Module) -> list[tuple[str, nn.Conv2d]]:
    """The model's 2-D convolutions, in definition order (``features.0``, ``layer1.0.conv1``, …)."""
    return [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Conv2d)]


def first_conv(model: nn.Module) -> tuple[str, nn.Conv2d] | None:
    convs = conv_layers(model)
    return convs[0] if convs else None


def kernels(conv: nn.Conv2d) -> np.ndarray:
    """The kernels as (out, in/groups, kh, kw) float32 numpy."""
    return conv.weight.detach().float().cpu().numpy()


def weight_layers(model: nn.Module) -> list[WeightLayer]:
    """Every conv and dense layer's weight distribution (quantiles on at most 1M sampled values)."""
    out = []
    gen = torch.Generator().manual_seed(0)
    for name, m in model.named_modules():
        if not isinstance(m, (nn.Conv2d, nn.Linear, nn.Conv1d)) or getattr(m, "weight", None) is None:
            continue
        w = m.weight.detach().float().reshape(-1)
        sample = w if w.numel() <= 1_000_000 else w[torch.randint(w.numel(), (1_000_000,), generator=gen)]
        q = torch.quantile(sample, torch.tensor([0.0, 0.25, 0.5, 0.75, 1.0]))
        qs = (float(w.min()), float(q[1]), float(q[2]), float(q[3]), float(w.max()))
        out.append(WeightLayer(name, type(m).__name__, tuple(m.weight.shape), qs, float(w.mean()), float(w.std())))
    return out


def histogram(model: nn.Module, name: str, *, bins: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """(counts, bin edges) of layer ``name``'s weights."""
    w = dict(model.named_modules())[name].weight.detach().float().reshape(-1).numpy()
    counts, edges = np.histogram(w, bins=bins)
    return counts, edges

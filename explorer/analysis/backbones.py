"""The backbone chooser's data: one row per torchvision-style architecture, filters, presets, the Pareto front.

A row joins what is free (parameters, multiply-adds, receptive field: the
analysis on the meta device), what is published (ImageNet accuracy of
torchvision's checkpoint: :mod:`explorer.zoo.accuracy`) and what was measured
on this machine (latency, passed in: :mod:`explorer.inside.latency` measures
it). Only registered names appear; presets name models that may not be
registered yet, and those are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from explorer.zoo.accuracy import TABLE, accuracy, year

#: Presets: what each compares, as torchvision names (absent names are skipped).
PRESETS: dict[str, tuple[str, ...]] = {
    "mobile backbones": (
        "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large", "efficientnet_b0", "shufflenet_v2_x1_0",
        "shufflenet_v2_x2_0", "mnasnet1_0", "squeezenet1_1", "regnet_y_400mf", "regnet_x_400mf", "googlenet",
    ),
    "ResNet vs ResNeXt vs Wide ResNet": (
        "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d",
        "resnext101_64x4d", "wide_resnet50_2", "wide_resnet101_2",
    ),
    "EfficientNet B0–B7": tuple(f"efficientnet_b{i}" for i in range(8)),
    "2012 → 2022": (
        "alexnet", "vgg16", "googlenet", "inception_v3", "resnet50", "densenet121", "resnext50_32x4d",
        "mobilenet_v2", "shufflenet_v2_x1_0", "mobilenet_v3_large", "efficientnet_b0", "regnet_y_1_6gf",
        "efficientnet_v2_s", "convnext_tiny",
    ),
}

METRICS = ("params", "mult_adds", "latency_ms")


@dataclass(frozen=True)
class Row:
    """One architecture in the chooser (numbers for its default hyperparameters and input)."""

    arch: str
    title: str
    year: int | None
    params: int
    mult_adds: int
    receptive_field: int | None
    input_side: int
    top1: float | None
    top5: float | None
    weights: str | None  # torchvision's checkpoint the accuracy belongs to
    latency_ms: float | None = None  # batch 1, median, measured here
    batch_ms: float | None = None  # per image at the chosen batch
    memory_bytes: int | None = None
    memory_measured: bool = False


def candidates(groups: Iterable[str] = ("reference", "backbone")) -> list[str]:
    """Registered names of the groups whose models follow torchvision (and so have a published accuracy)."""
    from explorer.zoo.registry import architectures

    wanted = set(groups)
    return [a.name for a in architectures() if a.group in wanted and a.name in TABLE]


def preset(name: str, available: Iterable[str] | None = None) -> list[str]:
    """The preset's names that are registered (or in ``available``), in the preset's order."""
    have = set(candidates() if available is None else available)
    return [n for n in PRESETS[name] if n in have]


def row(arch: str, *, recipe: str = "v1", latency: object | None = None, batch_latency: object | None = None) -> Row:
    """The row of ``arch``: the analysis at its default input, its published accuracy and any latency given."""
    from explorer.analysis import analyze

    rep = analyze(arch)
    acc = accuracy(rep.architecture, recipe=recipe)
    rf = rep.receptive_field.size[0] if rep.receptive_field else None
    return Row(
        arch=rep.architecture, title=rep.title, year=year(rep.architecture), params=rep.total_params,
        mult_adds=rep.mult_adds, receptive_field=rf, input_side=rep.input_shape[1],
        top1=acc.top1 if acc else None, top5=acc.top5 if acc else None, weights=acc.weights if acc else None,
        latency_ms=getattr(latency, "median_ms", None),
        batch_ms=getattr(batch_latency, "per_image_ms", None),
        memory_bytes=getattr(batch_latency or latency, "memory_bytes", None) if (batch_latency or latency) else None,
        memory_measured=bool(getattr(batch_latency or latency, "memory_measured", False)),
    )


def filtered(
    rows: Sequence[Row], *, max_params: int | None = None, max_ms: float | None = None, min_rf: int | None = None,
) -> list[Row]:
    """Rows within the limits; a latency limit keeps rows not measured yet (nothing is known against them)."""
    return [
        r for r in rows
        if (max_params is None or r.params <= max_params)
        and (max_ms is None or r.latency_ms is None or r.latency_ms <= max_ms)
        and (min_rf is None or (r.receptive_field or 0) >= min_rf)
    ]


def pareto_front(points: Mapping[str, tuple[float, float]]) -> list[str]:
    """Names on the Pareto front of (cost, accuracy): lower cost and higher accuracy are better.

    A point is on the front when no other point costs no more and is at least
    as accurate while being strictly better in one of the two. Ordered by cost.
    """
    items = sorted(points.items(), key=lambda kv: (kv[1][0], -kv[1][1]))
    front: list[str] = []
    best = float("-inf")
    for name, (_, acc) in items:
        if acc > best:
            front.append(name)
            best = acc
    return front


def front_of(rows: Sequence[Row], metric: str) -> list[str]:
    """The Pareto front of ``rows`` for accuracy against ``metric`` (rows lacking either are left out)."""
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}: use one of {', '.join(METRICS)}.")
    pts = {r.arch: (float(getattr(r, metric)), r.top1) for r in rows if getattr(r, metric) is not None and r.top1 is not None}
    return pareto_front(pts)

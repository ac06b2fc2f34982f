"""Training figures from run records: curves, overlays, filters, confusion, mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.viz import training as figs

METRICS = [
    {"kind": "train", "step": 1, "epoch": 0.1, "loss": 2.3, "acc": 0.1, "lr": 1e-3},
    {"kind": "train", "step": 10, "epoch": 1.0, "loss": 0.9, "acc": 0.7, "lr": 1e-3},
    {"kind": "val", "step": 10, "epoch": 1, "loss": 0.8, "acc": 0.75, "lr": 1e-3},
    {"kind": "train", "step": 20, "epoch": 2.0, "loss": 0.4, "acc": 0.9, "lr": 1e-4},
    {"kind": "val", "step": 20, "epoch": 2, "loss": 0.5, "acc": 0.85, "lr": 1e-4},
]


def test_curves_have_training_and_validation_in_percent() -> None:
    fig = figs.curves_figure(METRICS)
    by = {(t.name, t.yaxis): t for t in fig.data}
    assert list(by[("training", "y")].y) == [2.3, 0.9, 0.4]
    assert list(by[("validation", "y2")].y) == pytest.approx([75, 85])
    assert fig.layout.uirevision == "curves", "zoom survives the live updates"
    assert list(figs.lr_figure(METRICS).data[0].y) == [1e-3, 1e-3, 1e-4]


def test_overlay_one_trace_per_run() -> None:
    fig = figs.overlay_figure([("plain", METRICS), ("residual", METRICS[:3])], "val_acc")
    assert [t.name for t in fig.data] == ["plain", "residual"] and list(fig.data[1].y) == pytest.approx([75])
    assert len(figs.overlay_figure([("a", METRICS)], "train_loss").data[0].y) == 3
    with pytest.raises(ValueError):
        figs.overlay_figure([], "speed")


def test_filter_grid_tiles() -> None:
    w = np.random.default_rng(0).normal(size=(6, 1, 5, 5)).astype(np.float32)
    img = figs.filter_grid(w, cell=40, gap=4)
    assert img.size == (3 * 44 + 4, 2 * 44 + 4), "six filters as 3 × 2"
    rgb = figs.filter_grid(np.ones((64, 3, 7, 7), np.float32), cell=42, gap=2)
    assert rgb.size == (8 * 44 + 2, 8 * 44 + 2)
    zero = figs.filter_grid(np.zeros((2, 1, 3, 3), np.float32))
    assert zero.getpixel((10, 10)) == (128, 128, 128), "zero is mid-grey"


def test_confusion_and_mistakes() -> None:
    fig = figs.confusion_figure([[8, 2], [1, 9]], ["cat", "dog"])
    assert fig.data[0].z[0][1] == pytest.approx(20) and "85.0% correct" in fig.layout.title.text
    images = np.zeros((2, 1, 28, 28), np.uint8)
    items = [{"true": 0, "pred": 1, "confidence": 0.9}, {"true": 1, "pred": 0, "confidence": 0.6}]
    grid = figs.misclassified_grid(images, items, ["cat", "dog"], columns=8, cell=64)
    assert grid.size == (2 * 72 + 8, 64 + 42 + 16)

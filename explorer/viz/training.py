"""Training records → figures: live curves, runs overlaid, first-layer filters, confusion, mistakes.

Inputs are the runs store's plain records (:mod:`explorer.training.runs`:
metric dicts, the filters array, evaluation.json), so the figures are drawn
the same from a live run, a finished one, or a notebook. No Streamlit here.
The figures' words are English unless a translator is passed as ``words``
(see :mod:`explorer.viz.words`); the PIL pictures carry no words of their own (class names, numbers, an arrow), so
they read the same in every language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont
from plotly.subplots import make_subplots

from explorer.viz.style import FONT_SIZE, colour, style
from explorer.viz.words import Words, resolve
from explorer.i18n import N_

# The messages of f"viz.train.metric.{m}", by m (from the keys of the old catalogue).
_VIZ_TRAIN_METRIC = {
    "val_acc": N_("validation accuracy"),
    "val_loss": N_("validation loss"),
    "train_loss": N_("training loss"),
    "train_acc": N_("training accuracy"),
}

# The messages of f"viz.train.hover.train.{key}", by key (from the keys of the old catalogue).
_VIZ_TRAIN_HOVER_TRAIN = {
    "loss": N_("epoch {x}<br>training loss {y}"),
    "acc": N_("epoch {x}<br>training acc {y}"),
}

# The messages of f"viz.train.hover.val.{key}", by key (from the keys of the old catalogue).
_VIZ_TRAIN_HOVER_VAL = {
    "loss": N_("epoch {x}<br>validation loss {y}"),
    "acc": N_("epoch {x}<br>validation acc {y}"),
}

TRAIN_COLOUR, VAL_COLOUR = colour(0), colour(1)
OVERLAY_METRICS = {
    m: (_VIZ_TRAIN_METRIC[m], unit)  # ("validation accuracy", "%")
    for m, unit in (("val_acc", "%"), ("val_loss", ""), ("train_loss", ""), ("train_acc", "%"))
}
DASHES = ("solid", "dash", "dot", "dashdot")


def _split(metrics: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return [m for m in metrics if m.get("kind") == "train"], [m for m in metrics if m.get("kind") == "val"]


def curves_figure(metrics: Sequence[dict[str, Any]], *, title: str | None = None, words: Words | None = None) -> go.Figure:
    """Loss (left) and accuracy (right) against epochs: training every few steps, validation every epoch.

    ``title`` defaults to the words' ``viz.train.curves.title`` ("Loss and accuracy as training goes").
    """
    tr = resolve(words)
    train, val = _split(metrics)
    fig = make_subplots(rows=1, cols=2, subplot_titles=(tr("Loss"), tr("Accuracy")), horizontal_spacing=0.1)
    for col, key, scale in ((1, "loss", 1.0), (2, "acc", 100.0)):
        fig.add_trace(go.Scatter(
            x=[m["epoch"] for m in train], y=[m[key] * scale for m in train], mode="lines", name=tr("training"),
            line={"color": TRAIN_COLOUR, "width": 2}, legendgroup="train", showlegend=col == 1,
            hovertemplate=tr(_VIZ_TRAIN_HOVER_TRAIN[key], x="%{x:.2f}", y="%{y:.4g}") + "<extra></extra>",
        ), row=1, col=col)
        fig.add_trace(go.Scatter(
            x=[m["epoch"] for m in val], y=[m[key] * scale for m in val], mode="lines+markers", name=tr("validation"),
            line={"color": VAL_COLOUR, "width": 3}, marker={"size": 10}, legendgroup="val", showlegend=col == 1,
            hovertemplate=tr(_VIZ_TRAIN_HOVER_VAL[key], x="%{x}", y="%{y:.4g}") + "<extra></extra>",
        ), row=1, col=col)
    fig.update_xaxes(title_text=tr("epoch"), rangemode="tozero")
    fig.update_yaxes(title_text=tr("cross-entropy loss"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=tr("accuracy (%)"), range=[0, 100.5], row=1, col=2)
    style(fig, tr("Loss and accuracy as training goes") if title is None else title, height=440)
    fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.08, "x": 1, "xanchor": "right"},
                      uirevision="curves")  # keep the user's zoom while points are added
    return fig


def lr_figure(metrics: Sequence[dict[str, Any]], *, words: Words | None = None) -> go.Figure:
    """The learning rate the optimizer used, against epochs (log scale)."""
    tr = resolve(words)
    train, _ = _split(metrics)
    hover = tr("epoch {x}<br>lr {y}", x="%{x:.2f}", y="%{y:.3g}") + "<extra></extra>"
    fig = go.Figure(go.Scatter(x=[m["epoch"] for m in train], y=[m["lr"] for m in train], mode="lines",
                               line={"color": colour(4), "width": 2}, hovertemplate=hover))
    fig.update_xaxes(title_text=tr("epoch"), rangemode="tozero")
    fig.update_yaxes(title_text=tr("learning rate (log scale)"), type="log", exponentformat="power")
    style(fig, tr("Learning rate"), height=320, legend=False)
    fig.update_layout(uirevision="lr")
    return fig


def overlay_figure(
    series: Sequence[tuple[str, Sequence[dict[str, Any]]]], metric: str = "val_acc", *, words: Words | None = None
) -> go.Figure:
    """Several runs' ``metric`` (a key of :data:`OVERLAY_METRICS`) against epochs, one colour each."""
    if metric not in OVERLAY_METRICS:
        raise ValueError(f"Unknown metric {metric!r}: use one of {', '.join(OVERLAY_METRICS)}.")
    tr = resolve(words)
    kind, key = metric.split("_")
    _, unit = OVERLAY_METRICS[metric]
    name = tr(_VIZ_TRAIN_METRIC[metric])
    scale = 100.0 if unit == "%" else 1.0
    fig = go.Figure()
    for i, (label, metrics) in enumerate(series):
        pts = [m for m in metrics if m.get("kind") == kind]
        fig.add_trace(go.Scatter(
            x=[m["epoch"] for m in pts], y=[m[key] * scale for m in pts], name=label,
            mode="lines+markers" if kind == "val" else "lines",
            line={"color": colour(i), "width": 3 if kind == "val" else 2, "dash": DASHES[i // 10 % len(DASHES)]},
            hovertemplate=f"<b>{label}</b><br>" + tr("epoch {x}<br>{name} {y}", x="%{x:.2f}", name=name, y="%{y:.4g}") + "<extra></extra>",
        ))
    fig.update_xaxes(title_text=tr("epoch"), rangemode="tozero")
    fig.update_yaxes(title_text=tr("{name} (%)", name=name) if unit else name, rangemode="tozero")
    style(fig, tr("{name}, run by run", name=name[:1].upper() + name[1:]), height=480)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0})
    return fig


def filter_grid(weights: np.ndarray, *, cell: int = 48, gap: int = 4, columns: int | None = None, max_filters: int = 64) -> Image.Image:
    """The first convolution's kernels as a picture: one tile per output channel.

    Three input channels are shown in colour (R, G, B), one in grey; otherwise
    the mean over channels. Each tile is scaled on its own, symmetrically: grey
    (or mid-grey colour) is 0, bright positive, dark negative — so a tile shows
    the pattern its filter responds to, whatever its magnitude.
    """
    w = np.asarray(weights, dtype=np.float32)
    if w.ndim != 4:
        raise ValueError(f"Expected convolution weights (out, in, kh, kw), not shape {w.shape}.")
    w = w[:max_filters]
    if w.shape[1] not in (1, 3):
        w = w.mean(axis=1, keepdims=True)
    n, c, kh, kw = w.shape
    peak = np.abs(w).reshape(n, -1).max(axis=1).clip(1e-12)[:, None, None, None]
    tiles = ((w / peak) * 0.5 + 0.5).clip(0, 1)
    cols = columns or min(16, math.ceil(math.sqrt(n)))  # about square: 6 → 3×2, 64 → 8×8
    rows = -(-n // cols)
    scale = max(1, cell // max(kh, kw))
    th, tw = kh * scale, kw * scale
    canvas = Image.new("RGB", (cols * (tw + gap) + gap, rows * (th + gap) + gap), (255, 255, 255))
    for i in range(n):
        arr = (tiles[i].transpose(1, 2, 0) * 255).round().astype(np.uint8)
        tile = Image.fromarray(arr[:, :, 0] if c == 1 else arr, "L" if c == 1 else "RGB").convert("RGB")
        tile = tile.resize((tw, th), Image.Resampling.NEAREST)
        r, k = divmod(i, cols)
        canvas.paste(tile, (gap + k * (tw + gap), gap + r * (th + gap)))
    return canvas


def confusion_figure(confusion: Sequence[Sequence[int]], classes: Sequence[str], *, words: Words | None = None) -> go.Figure:
    """The confusion matrix: true class down, predicted class across, counts in the cells."""
    tr = resolve(words)
    m = np.asarray(confusion, dtype=np.int64)
    totals = m.sum(axis=1, keepdims=True).clip(1)
    share = m / totals
    names = [str(c) for c in classes]
    fig = go.Figure(go.Heatmap(
        z=share * 100, x=names, y=names, colorscale="Blues", zmin=0, zmax=100,
        text=m, texttemplate="%{text}", textfont={"size": FONT_SIZE - 2},
        colorbar={"title": {"text": tr("% of the row")}},
        hovertemplate=tr("true {true}, predicted {pred}<br>{n} images ({share} % of the {true}s)", true="%{y}", pred="%{x}", n="%{text}", share="%{z:.1f}") + "<extra></extra>",
    ))
    fig.update_xaxes(title_text=tr("predicted class"), side="bottom", type="category")
    fig.update_yaxes(title_text=tr("true class"), autorange="reversed", type="category")
    acc = np.trace(m) / max(1, m.sum())
    style(fig, tr("Confusion matrix ({acc} correct)", acc=f"{acc:.1%}"), height=max(480, 40 * len(names) + 200), legend=False)
    return fig


def misclassified_grid(
    images: np.ndarray,
    items: Sequence[dict[str, Any]],
    classes: Sequence[str],
    *,
    columns: int = 6,
    cell: int = 112,
) -> Image.Image:
    """The model's most confident mistakes: each image with its true class and what the model said, under it.

    The captions hold no words, so the picture reads the same in every
    language (PIL's built-in font has no Chinese): the true class in dark grey,
    then, in red after an arrow, the class the model said and its confidence
    ("cat" over "→ dog (90%)"). The words ``viz.train.mistakes.legend`` say so,
    for a caption beside the picture. Class names are the dataset's own.
    """
    imgs = np.asarray(images)
    n = min(len(imgs), len(items))
    font = ImageFont.load_default(size=16)
    label_h = 42
    cols = max(1, min(columns, n or 1))
    rows = max(1, -(-n // cols))
    canvas = Image.new("RGB", (cols * (cell + 8) + 8, rows * (cell + label_h + 8) + 8), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    for i in range(n):
        a = imgs[i]
        pic = Image.fromarray(a[0] if a.shape[0] == 1 else a[:3].transpose(1, 2, 0), "L" if a.shape[0] == 1 else "RGB")
        pic = pic.convert("RGB").resize((cell, cell), Image.Resampling.NEAREST)
        r, k = divmod(i, cols)
        x, y = 8 + k * (cell + 8), 8 + r * (cell + label_h + 8)
        canvas.paste(pic, (x, y))
        it = items[i]
        draw.text((x, y + cell + 2), _fit(draw, str(classes[it["true"]]), font, cell), fill=(40, 40, 40), font=font)
        _arrow(draw, x, y + cell + 31, ARROW_PX - 4, MISTAKE_RED)
        said = f"{classes[it['pred']]} ({it['confidence']:.0%})"
        draw.text((x + ARROW_PX, y + cell + 21), _fit(draw, said, font, cell - ARROW_PX), fill=MISTAKE_RED, font=font)
    return canvas


MISTAKE_RED = (200, 30, 30)
ARROW_PX = 18  # the arrow and the space after it


def _arrow(draw: ImageDraw.ImageDraw, x: int, y: int, length: int, fill: tuple[int, int, int]) -> None:
    """A → drawn with lines (the built-in font has no arrow glyph), ``length`` px long, centred on height ``y``."""
    draw.line((x, y, x + length - 4, y), fill=fill, width=2)
    draw.polygon([(x + length, y), (x + length - 6, y - 5), (x + length - 6, y + 5)], fill=fill)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while len(text) > 1 and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"

"""Pictures for the Inside page: feature-map grids, filters, receptive-field boxes, saliency overlays.

Arrays in, PIL images or plotly figures out; no Streamlit. Grids are single PIL
images (one element on the page however many channels), coloured with
plotly's own colour scales so that no plotting library is added. The grids'
tile labels are numbers only ("#12"), so they read the same in every language
(PIL's built-in font has no Chinese); the figures' words are English unless a
translator is passed as ``words`` (see :mod:`explorer.viz.words`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import plotly.colors as pc
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

from explorer.inside.filters import WeightLayer
from explorer.inside.labels import Prediction
from explorer.inside.saliency import Box
from explorer.viz.words import Words, resolve

COLORMAPS = {
    "viridis": pc.sequential.Viridis,
    "magma": pc.sequential.Magma,
    "gray": ["#000000", "#ffffff"],
    "turbo": pc.sequential.Turbo,
    "RdBu": list(reversed(pc.diverging.RdBu)),  # blue = negative, red = positive
}
BOX_COLOUR = (255, 64, 32)
BACKGROUND = (255, 255, 255)
FONT_SIZE = 14


@functools.cache
def lut(name: str) -> np.ndarray:
    """A (256, 3) uint8 lookup table for colour scale ``name``."""
    scale = COLORMAPS.get(name)
    if scale is None:
        raise ValueError(f"Unknown colour map {name!r}; choose from {', '.join(COLORMAPS)}.")
    colours = [pc.unlabel_rgb(pc.convert_colors_to_same_type([c], "rgb")[0][0]) for c in scale]
    stops = np.linspace(0, 1, len(colours))
    xs = np.linspace(0, 1, 256)
    table = np.stack([np.interp(xs, stops, [c[k] for c in colours]) for k in range(3)], axis=1)
    return table.round().clip(0, 255).astype(np.uint8)


def colorize(values: np.ndarray, cmap: str = "viridis", *, lo: float | None = None, hi: float | None = None) -> np.ndarray:
    """A 2-D array → (H, W, 3) uint8, ``lo`` → first colour and ``hi`` → last (default: the array's min and max)."""
    v = np.asarray(values, dtype=np.float32)
    lo = float(v.min()) if lo is None else lo
    hi = float(v.max()) if hi is None else hi
    scaled = np.zeros_like(v) if hi <= lo else (v - lo) / (hi - lo)
    idx = (scaled.clip(0, 1) * 255).round().astype(np.uint8)
    return lut(cmap)[idx]


@functools.cache
def _font(size: int = FONT_SIZE) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _fit(tile: Image.Image, side: int) -> Image.Image:
    """Scale so the longer side is ``side``: nearest when enlarging (each unit stays a crisp square)."""
    w, h = tile.size
    scale = side / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return tile.resize(size, Image.Resampling.NEAREST if scale >= 1 else Image.Resampling.BOX)


def _grid(tiles: list[Image.Image], labels: list[str], *, cols: int, side: int, gap: int = 6) -> Image.Image:
    rows = max(1, math.ceil(len(tiles) / cols))
    cols = max(1, min(cols, len(tiles)))
    label_h = FONT_SIZE + 4 if any(labels) else 0
    cell_w, cell_h = side + gap, side + gap + label_h
    canvas = Image.new("RGB", (cols * cell_w - gap, rows * cell_h - gap), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    for k, (tile, label) in enumerate(zip(tiles, labels)):
        r, c = divmod(k, cols)
        x, y = c * cell_w, r * cell_h
        if label:
            draw.text((x, y), label, fill=(60, 60, 60), font=_font())
        t = _fit(tile, side)
        canvas.paste(t, (x + (side - t.size[0]) // 2, y + label_h + (side - t.size[1]) // 2))
    return canvas


def feature_grid(
    fmap: np.ndarray,
    channels: Sequence[int],
    *,
    cmap: str = "viridis",
    per_channel: bool = True,
    cols: int = 8,
    side: int = 112,
) -> Image.Image:
    """Channels ``channels`` of a (C, H, W) map as a grid of coloured tiles labelled "#c".

    ``per_channel`` scales each tile from its own min to max (shows every
    channel's pattern); otherwise one scale for the whole layer (shows which
    channels are strong).
    """
    fmap = np.asarray(fmap, dtype=np.float32)
    lo, hi = float(fmap.min()), float(fmap.max())
    tiles = []
    for c in channels:
        m = fmap[c]
        rgb = colorize(m, cmap) if per_channel else colorize(m, cmap, lo=lo, hi=hi)
        tiles.append(Image.fromarray(rgb))
    return _grid(tiles, [f"#{c}" for c in channels], cols=cols, side=side)


def rgb_filters(weights: np.ndarray, *, first: int = 0, count: int = 64, cols: int = 16, side: int = 56) -> Image.Image:
    """First-layer kernels (out, 3, kh, kw) as colour images, each scaled from its own min to max."""
    tiles, labels = [], []
    for o in range(first, min(first + count, weights.shape[0])):
        k = weights[o].transpose(1, 2, 0)
        lo, hi = float(k.min()), float(k.max())
        img = np.zeros_like(k) if hi <= lo else (k - lo) / (hi - lo)
        tiles.append(Image.fromarray((img * 255).round().astype(np.uint8), "RGB"))
        labels.append(f"#{o}")
    return _grid(tiles, labels, cols=cols, side=side)


def kernel_grid(weights: np.ndarray, out_channel: int, *, first: int = 0, count: int = 64, cols: int = 16, side: int = 56) -> Image.Image:
    """One filter's kernels, one per input channel, on a blue–white–red scale symmetric about 0.

    Each tile is labelled with its input channel's number ("#5"); the caption beside the grid says what the numbers are.
    """
    k = weights[out_channel]
    bound = float(np.abs(k).max()) or 1.0
    tiles, labels = [], []
    for i in range(first, min(first + count, k.shape[0])):
        tiles.append(Image.fromarray(colorize(k[i], "RdBu", lo=-bound, hi=bound)))
        labels.append(f"#{i}")
    return _grid(tiles, labels, cols=cols, side=side)


def enlarge(image: Image.Image, min_side: int = 320) -> Image.Image:
    """Scale a small image up (nearest: pixels stay visible) so that its shorter side is at least ``min_side``."""
    w, h = image.size
    f = math.ceil(min_side / min(w, h))
    return image if f <= 1 else image.resize((w * f, h * f), Image.Resampling.NEAREST)


def rf_overlay(crop: Image.Image, box: Box, *, min_side: int = 320) -> Image.Image:
    """The model's input with unit's receptive field: outside dimmed, the box outlined.

    Where the theoretical field reaches past the image (into zero padding), a
    grey margin is added and the full field is outlined with a thin line.
    """
    crop = crop.convert("RGB")
    W, H = crop.size
    top, left, bottom, right = box.full
    pad_t, pad_l = max(0, -top), max(0, -left)
    pad_b, pad_r = max(0, bottom - (H - 1)), max(0, right - (W - 1))
    limit = max(W, H) // 2  # keep the picture about the image, not the padding
    pad_t, pad_l, pad_b, pad_r = (min(p, limit) for p in (pad_t, pad_l, pad_b, pad_r))
    f = max(1, math.ceil(min_side / min(W, H)))
    canvas = Image.new("RGB", ((W + pad_l + pad_r) * f, (H + pad_t + pad_b) * f), (200, 200, 200))
    dim = Image.blend(crop, Image.new("RGB", crop.size, (0, 0, 0)), 0.55)
    dim.paste(crop.crop((box.left, box.top, box.right + 1, box.bottom + 1)), (box.left, box.top))
    canvas.paste(dim.resize((W * f, H * f), Image.Resampling.NEAREST), (pad_l * f, pad_t * f))
    draw = ImageDraw.Draw(canvas)
    ox, oy = pad_l * f, pad_t * f
    if box.clipped:
        ft, fl, fb, fr = max(top, -pad_t), max(left, -pad_l), min(bottom, H - 1 + pad_b), min(right, W - 1 + pad_r)
        draw.rectangle((ox + fl * f, oy + ft * f, ox + (fr + 1) * f - 1, oy + (fb + 1) * f - 1), outline=BOX_COLOUR, width=1)
    width = max(2, f)
    draw.rectangle(
        (ox + box.left * f, oy + box.top * f, ox + (box.right + 1) * f - 1, oy + (box.bottom + 1) * f - 1), outline=BOX_COLOUR, width=width
    )
    return canvas


def heat_overlay(crop: Image.Image, heat: np.ndarray, *, cmap: str = "turbo", alpha: float = 0.5, min_side: int = 320) -> Image.Image:
    """A [0, 1] heat map (H, W) blended over the model's input."""
    base = crop.convert("RGB")
    colour = Image.fromarray(colorize(heat, cmap, lo=0.0, hi=1.0))
    if colour.size != base.size:
        colour = colour.resize(base.size, Image.Resampling.BILINEAR)
    return enlarge(Image.blend(base, colour, alpha), min_side)


def heat_image(heat: np.ndarray, *, cmap: str = "magma", min_side: int = 320, box: Box | None = None) -> Image.Image:
    """A heat map on its own (scaled from 0 to its max), optionally with a receptive-field box."""
    heat = np.asarray(heat, dtype=np.float32)
    img = Image.fromarray(colorize(heat, cmap, lo=0.0, hi=float(heat.max()) or 1.0))
    big = enlarge(img, min_side)
    if box is not None:
        f = big.size[0] // img.size[0]
        ImageDraw.Draw(big).rectangle(
            (box.left * f, box.top * f, (box.right + 1) * f - 1, (box.bottom + 1) * f - 1), outline=(0, 220, 255), width=max(2, f // 2)
        )
    return big


def unit_picker(
    fmap2d: np.ndarray, *, selected: tuple[int, int] | None = None, title: str = "", cmap: str = "viridis", words: Words | None = None
) -> go.Figure:
    """One channel as a clickable heat map (rows down, as in the image); the selected unit marked."""
    tr = resolve(words)
    h, w = fmap2d.shape
    fig = go.Figure(
        go.Heatmap(
            z=fmap2d,
            colorscale=[[i / (len(COLORMAPS[cmap]) - 1), c] for i, c in enumerate(COLORMAPS[cmap])],
            hoverinfo="skip",
            showscale=False,
        )
    )
    # Invisible markers on the units (every k-th on large maps): clicking one selects it as a point
    # (Streamlit's on_select), and they carry the tooltip.
    step = max(1, math.ceil(max(h, w) / 64))
    ys, xs = np.mgrid[0:h:step, 0:w:step]
    fig.add_trace(
        go.Scatter(
            x=xs.ravel(),
            y=ys.ravel(),
            customdata=fmap2d[ys.ravel(), xs.ravel()],
            mode="markers",
            marker=dict(size=max(6, 360 // (max(h, w) // step)), opacity=0),
            hovertemplate=tr("row {i}, column {j}: {value}", i="%{y}", j="%{x}", value="%{customdata:.3g}") + "<extra></extra>",
            showlegend=False,
        )
    )
    if selected is not None:
        i, j = selected
        fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, line=dict(color="rgb(255,64,32)", width=3))
    fig.update_yaxes(autorange="reversed", scaleanchor="x", constrain="domain", title=tr("row i"))
    fig.update_xaxes(constrain="domain", title=tr("column j"))
    fig.update_layout(title=title, height=420, margin=dict(l=10, r=10, t=40 if title else 10, b=10), font=dict(size=16), clickmode="event+select", dragmode=False)
    return fig


def top_k_figure(predictions: Sequence[Prediction], *, words: Words | None = None) -> go.Figure:
    """Horizontal bars of the top predictions, most probable on top."""
    tr = resolve(words)
    preds = list(reversed(list(predictions)))
    fig = go.Figure(
        go.Bar(
            x=[p.probability * 100 for p in preds],
            y=[f"{p.name} ({p.index})" for p in preds],
            orientation="h",
            text=[f"{p.probability * 100:.1f} %" for p in preds],
            textposition="auto",
            marker_color="#1f6feb",
        )
    )
    fig.update_layout(xaxis=dict(title=tr("probability (%)"), range=[0, 100]), height=60 + 44 * len(preds), margin=dict(l=10, r=10, t=10, b=10), font=dict(size=16))
    return fig


def weight_box_figure(layers: Sequence[WeightLayer], *, words: Words | None = None) -> go.Figure:
    """Each layer's weight distribution as a box (min, quartiles, max), in network order."""
    tr = resolve(words)
    fig = go.Figure()
    names = [l.name for l in layers]
    fig.add_trace(
        go.Box(
            x=names,
            q1=[l.quantiles[1] for l in layers],
            median=[l.quantiles[2] for l in layers],
            q3=[l.quantiles[3] for l in layers],
            lowerfence=[l.quantiles[0] for l in layers],
            upperfence=[l.quantiles[4] for l in layers],
            mean=[l.mean for l in layers],
            sd=[l.std for l in layers],
            marker_color="#1f6feb",
            name=tr("weights"),
        )
    )
    fig.update_layout(yaxis_title=tr("weight value"), height=420, margin=dict(l=10, r=10, t=10, b=10), font=dict(size=16), showlegend=False)
    return fig


def histogram_figure(counts: np.ndarray, edges: np.ndarray, *, title: str = "", words: Words | None = None) -> go.Figure:
    """A layer's weights as a histogram (``counts`` per bin between ``edges``)."""
    tr = resolve(words)
    centres = (edges[:-1] + edges[1:]) / 2
    fig = go.Figure(go.Bar(x=centres, y=counts, width=np.diff(edges), marker_color="#1f6feb"))
    fig.update_layout(title=title, xaxis_title=tr("weight value"), yaxis_title=tr("count"), height=360, margin=dict(l=10, r=10, t=40 if title else 10, b=10), font=dict(size=16), bargap=0)
    return fig

"""What every figure shares: theme, fonts, colours and the stages they are coloured by.

Figures are read from the back of a classroom: 16 px text at least, a light
theme, titles that say what to look at, units on every axis. A stage keeps its
colour in every figure of the same report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from explorer.analysis.records import Report

FONT_SIZE = 16
TITLE_SIZE = 22



def _light_template() -> go.layout.Template:
    """Plotly's ``plotly_white`` cut to the trace types these figures draw.

    The full template (geo, polar, 3-D, 25 trace types) is validated when a
    figure is made, again when Streamlit checks it, and sent to the browser with
    every chart: about 20 ms and 6.6 kB a figure. The cut one looks the same.
    """
    full = pio.templates["plotly_white"]
    layout = {k: v for k, v in full.layout.to_plotly_json().items() if k not in ("geo", "polar", "scene", "ternary")}
    data = {k: v for k, v in full.data.to_plotly_json().items() if k in ("bar", "box", "heatmap", "scatter")}
    layout["annotationdefaults"] = {**layout.get("annotationdefaults", {}), "font": {"size": FONT_SIZE}}
    return go.layout.Template(layout=layout, data=data)


TEMPLATE = _light_template()
#: Tableau 10: distinct on a projector and for most colour-blind readers.
PALETTE = ("#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC")
INPUT_COLOUR = "#8C8C8C"
LINE_COLOUR = "#B0B0B0"


def colour(i: int) -> str:
    """The ``i``-th colour: Tableau's ten, then hues a golden angle apart, so that no two stages of a figure share one.

    GoogLeNet alone has fourteen stages; a repeated colour would make ``features`` and ``inception4c`` the same blue.
    """
    if i < len(PALETTE):
        return PALETTE[i]
    hue = (i * 137.508) % 360
    light = 42 if i % 2 else 62
    return f"hsl({hue:.0f},55%,{light}%)"


SMALL_STAGE = 3  # leaves; a depth-1 record this small joins its small neighbours in one stage


@dataclass(frozen=True, slots=True)
class Stage:
    """A group of depth-1 records coloured alike.

    Each large depth-1 record (``features``, ``layer1``, an Inception block) is
    a stage of its own; a run of consecutive small ones (at most three layers
    each: ResNet's ``conv1 bn1 relu maxpool``, GoogLeNet's ``conv1 maxpool1
    conv2 conv3 maxpool2``) is merged into one stage named ``conv1–maxpool``,
    so that a stem or a head does not take five colours.

    Attributes:
        label: the name shown in legends and under brackets.
        records: indices of its depth-1 records in ``report.layers``.
        first, last: the range of ``report.layers`` indices it spans (inclusive).
        colour: its colour in every figure of the report.
    """

    label: str
    records: tuple[int, ...]
    first: int
    last: int
    colour: str


def stages(report: Report) -> list[Stage]:
    """The report's stages in execution order (see :class:`Stage`)."""
    layers = report.layers
    leaves: dict[int, int] = {}
    top = -1
    for r in layers:
        if r.depth == 1:
            top = r.index
        if r.is_leaf:
            leaves[top] = leaves.get(top, 0) + 1
    small = {r.index: leaves.get(r.index, 0) <= SMALL_STAGE for r in layers if r.depth == 1}
    runs: list[list[int]] = []
    for i, is_small in small.items():
        if is_small and runs and small[runs[-1][-1]]:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for k, run in enumerate(runs):
        nxt = runs[k + 1][0] if k + 1 < len(runs) else len(layers)
        a, b = layers[run[0]].name, layers[run[-1]].name
        label = a if len(run) == 1 else f"{a}–{b}"
        out.append(Stage(label, tuple(run), run[0], nxt - 1, colour(k)))
    return out


def stage_index(report: Report) -> list[int]:
    """For each record of ``report.layers``, the position of its stage in :func:`stages`."""
    out = [0] * len(report.layers)
    for i, st in enumerate(stages(report)):
        for j in range(st.first, st.last + 1):
            out[j] = i
    return out


def leaf_numbers(report: Report) -> dict[int, int]:
    """Record index → position among the leaves, from 1 (the x of per-layer plots)."""
    return {r.index: k for k, r in enumerate(report.leaves(), start=1)}


CHAR_WIDTH = 0.6  # a character of the app's sans-serif font is about this many font sizes wide (digits and capitals: less)


def wrap(text: str, width_px: float, size: float) -> str:
    """``text`` broken into lines (plotly's ``<br>``) at spaces so that none is wider than ``width_px`` at font ``size``."""
    per_line = max(8, int(width_px / (size * CHAR_WIDTH)))
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def style(fig: go.Figure, title: str, *, height: int = 560, legend: bool = True, width_px: float = 560) -> go.Figure:
    """Apply the shared theme: light template, large fonts (annotations' too, by the template), a title and room for it.

    ``width_px`` is the narrowest the figure is drawn (half a 1280-pixel projector for the side-by-side charts): a
    longer title is wrapped onto a second line rather than cut by the figure's edge.
    """
    wrapped = wrap(title, width_px - 30, TITLE_SIZE)
    extra = 30 * wrapped.count("<br>")
    fig.update_layout(
        template=TEMPLATE,
        title={"text": wrapped, "font": {"size": TITLE_SIZE}, "x": 0.01, "xanchor": "left"},
        font={"size": FONT_SIZE},
        hoverlabel={"font": {"size": FONT_SIZE}},
        height=height + extra,
        margin={"l": 90, "r": 40, "t": 90 + extra, "b": 80},
        showlegend=legend,
        legend={"font": {"size": FONT_SIZE}},
    )
    return fig


def log2_ticks(lo: float, hi: float) -> list[int]:
    """Powers of two covering [lo, hi], for log axes labelled 1, 2, 4, … 2048."""
    lo_e = math.floor(math.log2(max(lo, 1)))
    hi_e = math.ceil(math.log2(max(hi, 1)))
    step = 1 if hi_e - lo_e <= 12 else 2
    return [2**e for e in range(lo_e, hi_e + 1, step)]


def shape_text(shape: tuple[int, ...] | None) -> str:
    return "—" if shape is None else "×".join(f"{s:,}" for s in shape)


def nice_log_ticks(lo: float, hi: float) -> tuple[list[float], list[str]]:
    """1-2-5 ticks covering [lo, hi] on a log axis (powers of ten only beyond three decades), labelled '20 M', '5 G'."""
    lo_e, hi_e = math.floor(math.log10(max(lo, 1))), math.ceil(math.log10(max(hi, 1)))
    steps = (1, 2, 5) if hi_e - lo_e <= 3 else (1,)
    vals = [m * 10**e for e in range(lo_e, hi_e + 1) for m in steps]
    vals = [v for v in vals if lo <= v <= hi] or [10**lo_e]
    return vals, [compact(v) for v in vals]


def compact(v: float) -> str:
    """20_000_000 → '20 M': for tick labels of round numbers."""
    for div, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if v >= div:
            return f"{v / div:g} {suffix}"
    return f"{v:g}"


POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right", "top left", "bottom right", "bottom left")


def place_labels(
    xs: list[float], ys: list[float], texts: list[str], *, x_range: tuple[float, float], y_range: tuple[float, float],
    x_log: bool = True, y_log: bool = False, width_px: float, height_px: float, marker_px: float = 16,
) -> list[str | None]:
    """A text position for each point's label such that no two labels, and no label and point, overlap; None: no room.

    Placed greedily in the order given (put the important points first) in a plot area of at least ``width_px`` ×
    ``height_px``: a wider figure only moves the points apart, so what fits there fits on every screen. A label
    without room is left to the hover text. Ranges are in axis units (log10 for a log axis, as plotly's ``range``).
    """
    def to_px(x: float, y: float) -> tuple[float, float]:
        fx = ((math.log10(x) if x_log else x) - x_range[0]) / (x_range[1] - x_range[0])
        fy = ((math.log10(y) if y_log else y) - y_range[0]) / (y_range[1] - y_range[0])
        return fx * width_px, (1 - fy) * height_px

    points = [to_px(x, y) for x, y in zip(xs, ys)]
    r = marker_px / 2 + 2
    taken = [(px - r, py - r, px + r, py + r) for px, py in points]
    out: list[str | None] = []
    for (px, py), text in zip(points, texts):
        if not text:
            out.append(None)
            continue
        w, h = len(text) * FONT_SIZE * CHAR_WIDTH + 4, FONT_SIZE * 1.3
        chosen = None
        for pos in POSITIONS:
            v, _, hz = pos.partition(" ")
            left = {"center": px - w / 2, "right": px + r, "left": px - r - w}[hz]
            top = {"top": py - r - h, "bottom": py + r, "middle": py - h / 2}[v]
            box = (left, top, left + w, top + h)
            inside = box[0] >= 0 and box[2] <= width_px and box[1] >= 0 and box[3] <= height_px
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                chosen = pos
                taken.append(box)
                break
        out.append(chosen)
    return out

"""A to-scale drawing of a network, from its records.

Each box is the output of one layer: its height is the feature map's height H
in pixels (to scale), its width grows with log₂ of the channels. Boxes are
laid out in execution order, coloured by stage, with brackets under them for
the stages (labelled) and, when single layers are drawn, the blocks inside
the stages.

Layers that keep the shape and hold no convolution or dense weights
(activations, BatchNorm, dropout) add no box: they would only repeat the box
before them. When more than ``max_boxes`` layers remain (ResNet-152 has
about 160), the diagram draws whole blocks instead (one box per residual or
Inception block, at its output shape). Parallel branches (Inception, a
ResNet shortcut) are drawn one after the other, in the order they run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from explorer.analysis.records import LayerRecord, Report
from explorer.viz.report_figures import hover_lines
from explorer.viz.style import FONT_SIZE, INPUT_COLOUR, shape_text, stage_index, stages, style
from explorer.viz.words import Words, resolve
from explorer.i18n import NN_

WEIGHT_TYPES = frozenset(("Conv2d", "Linear", "Conv1d", "ConvTranspose2d"))
GAP = 0.5  # between boxes, in box-width units

# Layout in pixels: labels must not collide whatever the network, so the
# vertical space is planned in pixels and converted to data units.
HEIGHT_PX = 640
MARGIN_TOP, MARGIN_BOTTOM = 90, 80
PLOT_WIDTH_PX = 900  # a typical plot width; labels are kept apart for this width or wider
CHAR_PX = 9.5  # width of one 16 px character (bold), generously
SIZE_ROW_PX = 22  # one row of size labels above the boxes
STAGE_ROW_PX = 46  # one row of two-line stage labels
BRACKET_PX = 34  # room for the two bracket levels


def drawn(r: LayerRecord) -> bool:
    """A leaf gets a box when it changes the shape or holds convolution / dense weights."""
    return r.is_leaf and r.output_shape is not None and (r.output_shape != r.input_shape or r.type in WEIGHT_TYPES)


def diagram_units(report: Report, *, max_boxes: int = 80) -> tuple[list[LayerRecord], int | None]:
    """The records the diagram draws, and the depth of the blocks drawn whole (None: single layers).

    Every box-worthy leaf (see :func:`drawn`) when there are at most
    ``max_boxes``; otherwise, for the deepest level L that fits, the containers
    at depth L as single boxes plus the box-worthy leaves above them.
    """
    leaves = [r for r in report.layers if drawn(r)]
    if len(leaves) <= max_boxes:
        return leaves, None
    deepest = max(r.depth for r in report.layers)
    units: list[LayerRecord] = leaves
    for level in range(deepest - 1, 0, -1):
        units = [
            r for r in report.layers
            if (r.depth == level and not r.is_leaf and r.output_shape is not None) or (r.depth <= level and drawn(r))
        ]
        if len(units) <= max_boxes:
            return units, level
    return units, 1


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    x1: float
    height: float  # drawn height (data units = pixels of the feature map)
    colour: str
    hover: str
    record: LayerRecord | None  # None for the input

    @property
    def shape(self) -> tuple[int, ...] | None:
        return None if self.record is None else self.record.output_shape


def _width(channels: int) -> float:
    return 1.0 + math.log2(max(channels, 1))


class _Rows:
    """Greedy label rows: a label takes the first row where it does not overlap the one before."""

    def __init__(self, n: int) -> None:
        self.right = [-math.inf] * n

    def place(self, lo: float, hi: float) -> int | None:
        for i, r in enumerate(self.right):
            if lo >= r:
                self.right[i] = hi
                return i
        return None


def network_diagram(report: Report, *, max_boxes: int = 80, name: str | None = None, words: Words | None = None) -> go.Figure:
    """Draw ``report``'s network to scale: box height = map height H, width grows with log₂ channels.

    Args:
        report: what to draw.
        max_boxes: above this many layers, whole blocks are drawn instead.
        name: the network's name in the title; ``report.title`` when None.
        words: translates the figure's words (see :mod:`explorer.viz.words`); English when None.
    """
    tr = resolve(words)
    units, level = diagram_units(report, max_boxes=max_boxes)
    st = stages(report)
    of = stage_index(report)
    c_in, h_in, w_in = report.input_shape
    heights = [u.output_shape[1] for u in units if len(u.output_shape) == 3] + [h_in]
    h_max = max(heights)
    boxes = _boxes(report, units, st, of, h_max, tr)
    x_end = boxes[-1].x1
    units_per_px_x = (x_end + 2) / PLOT_WIDTH_PX

    def extent(x: float, text: str) -> tuple[float, float]:
        half = max(len(line) for line in text.split("<br>")) * CHAR_PX / 2 * units_per_px_x
        return x - half, x + half

    fig = go.Figure()
    _draw_boxes(fig, boxes)

    # Size labels where the map size changes, in up to two rows above the boxes.
    size_labels: list[tuple[float, float, str, int]] = []
    rows = _Rows(2)
    prev = None
    for b in boxes:
        shape = b.shape or report.input_shape
        key = shape[1:] if len(shape) == 3 else ("vector", shape[0])
        if key != prev:
            text = f"{shape[1]}×{shape[2]}" if len(shape) == 3 else f"{shape[0]:,}"
            row = rows.place(*extent((b.x0 + b.x1) / 2, text))
            if row is not None:
                size_labels.append(((b.x0 + b.x1) / 2, b.height, text, row))
        prev = key

    # Stage labels in up to three rows under the brackets; name only, or nothing, when space runs out.
    spans = _spans(report, boxes)
    stage_rows = _Rows(3)
    stage_labels: list[tuple[float, str, int]] = []
    stage_spans: list[tuple[float, float, str, str]] = []
    for s in st:
        xs = [spans[i] for i in s.records if i in spans]
        if not xs:
            continue
        lo, hi = min(a for a, _ in xs), max(b for _, b in xs)
        shape = report.layers[s.records[-1]].output_shape
        full = f"<b>{s.label}</b><br>{shape_text(shape)}"
        stage_spans.append((lo, hi, s.colour, full))
        for text in (full, f"<b>{s.label}</b>"):
            plain = text.replace("<b>", "").replace("</b>", "")
            row = stage_rows.place(*extent((lo + hi) / 2, plain))
            if row is not None:
                stage_labels.append(((lo + hi) / 2, text, row))
                break

    # Vertical plan in pixels → data units.
    n_stage_rows = 1 + max((r for _, _, r in stage_labels), default=0)
    n_size_rows = 1 + max((r for *_, r in size_labels), default=0)
    plot_px = HEIGHT_PX - MARGIN_TOP - MARGIN_BOTTOM
    boxes_px = plot_px - BRACKET_PX - STAGE_ROW_PX * n_stage_rows - SIZE_ROW_PX * n_size_rows - 8
    upp = h_max / boxes_px  # data units per pixel
    y_block, y_stage = -8 * upp, -22 * upp

    # Annotations are collected and set once: each add_annotation() validates all the earlier ones again.
    notes = [
        {"x": x, "y": h, "text": text, "showarrow": False, "yanchor": "bottom", "yshift": 2 + SIZE_ROW_PX * row, "font": {"size": FONT_SIZE}}
        for x, h, text, row in size_labels
    ]
    brackets: dict[tuple[str, float], tuple[list, list]] = {}
    if level is None:
        for idx, (lo, hi) in spans.items():
            if report.layers[idx].depth == 2 and not report.layers[idx].is_leaf:
                _bracket(brackets, lo, hi, y_block, 5 * upp, "#9A9A9A", 1.5)
    for lo, hi, col, _ in stage_spans:
        _bracket(brackets, lo, hi, y_stage, 8 * upp, col, 3)
    for (col, width), (xs, ys) in brackets.items():
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": col, "width": width}, hoverinfo="skip",
                                 showlegend=False, name="brackets"))
    # Hover on each stage's bracket too: the label may have been left out for lack of room.
    fig.add_trace(
        go.Scatter(
            x=[(lo + hi) / 2 for lo, hi, _, _ in stage_spans], y=[y_stage] * len(stage_spans), mode="markers",
            marker={"size": 12, "color": "rgba(0,0,0,0)"}, hovertext=[t for *_, t in stage_spans],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=False, name="stages",
        )
    )
    notes += [
        {"x": x, "y": y_stage, "text": text, "showarrow": False, "yanchor": "top", "yshift": -6 - STAGE_ROW_PX * row,
         "font": {"size": FONT_SIZE, "color": "#222222"}}
        for x, text, row in stage_labels
    ]
    fig.update_layout(annotations=notes)

    bottom = -(BRACKET_PX + STAGE_ROW_PX * n_stage_rows) * upp
    top = h_max + (SIZE_ROW_PX * n_size_rows + 8) * upp
    fig.update_yaxes(title_text=tr("map height H (pixels, to scale)"), range=[bottom, top], tickvals=_ticks(heights, h_max),
                     zeroline=False)
    fig.update_xaxes(title_text=tr("layers in execution order · box width grows with log₂ channels"),
                     showticklabels=False, showgrid=False, zeroline=False, range=[-1, x_end + 1])
    title = tr(NN_("{title}: {n} layer, drawn to scale", "{title}: {n} layers, drawn to scale") if level is None
               else NN_("{title}: {n} block, drawn to scale", "{title}: {n} blocks, drawn to scale"), title=name or report.title, n=len(units))
    return style(fig, title, height=HEIGHT_PX, legend=False)


def _boxes(report: Report, units: list[LayerRecord], st: list, of: list[int], h_max: int, tr: Words) -> list[Box]:
    """The input's box, then one per unit, left to right; 1×1 maps and vectors get a visible minimum height."""
    h_min = max(1.0, 0.02 * h_max)
    c_in, h_in, w_in = report.input_shape
    width = _width(c_in)
    out = [Box(0.0, width, h_in, INPUT_COLOUR, f"<b>{tr('input')}</b><br>{c_in}×{h_in}×{w_in}", None)]
    x = width + GAP
    for u in units:
        shape = u.output_shape
        c, h = (shape[0], shape[1]) if len(shape) == 3 else (shape[0], 1)  # a vector: a 1×1 map with F channels
        width = _width(c)
        lines = hover_lines(u, tr)
        if not u.is_leaf:
            inner = sum(1 for r in report.layers[u.index + 1:] if r.is_leaf and u.index in _ancestors(report, r))
            lines.append(tr(NN_("a block of {n} layer", "a block of {n} layers"), n=inner))
        out.append(Box(x, x + width, max(h, h_min), st[of[u.index]].colour, "<br>".join(lines), u))
        x += width + GAP
    return out


def _draw_boxes(fig: go.Figure, boxes: list[Box]) -> None:
    """One filled polygon trace per colour (boxes separated by None), and one hover marker per box."""
    by_colour: dict[str, tuple[list, list]] = {}
    for b in boxes:
        xs, ys = by_colour.setdefault(b.colour, ([], []))
        xs += [b.x0, b.x1, b.x1, b.x0, b.x0, None]
        ys += [0, 0, b.height, b.height, 0, None]
    for col, (xs, ys) in by_colour.items():
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=col, mode="lines",
                                 line={"color": "#333333", "width": 1}, hoverinfo="skip", showlegend=False, name="boxes"))
    fig.add_trace(
        go.Scatter(
            x=[(b.x0 + b.x1) / 2 for b in boxes], y=[b.height / 2 for b in boxes], mode="markers", name="layers",
            marker={"size": 14, "color": "rgba(0,0,0,0)"}, hovertext=[b.hover for b in boxes],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        )
    )


def _spans(report: Report, boxes: list[Box]) -> dict[int, tuple[float, float]]:
    """x extent of every record that has boxes: its own box, or the boxes of the records inside it."""
    span: dict[int, tuple[float, float]] = {}
    for b in boxes[1:]:
        for idx in [b.record.index, *_ancestors(report, b.record)]:
            lo, hi = span.get(idx, (b.x0, b.x1))
            span[idx] = (min(lo, b.x0), max(hi, b.x1))
    return span


def _ancestors(report: Report, r: LayerRecord) -> list[int]:
    out = []
    p = r.parent
    while p is not None:
        out.append(p)
        p = report.layers[p].parent
    return out


def _bracket(into: dict, lo: float, hi: float, y: float, tick: float, colour: str, width: float) -> None:
    """Add a ⊔-shaped bracket under [lo, hi] to the polyline of its colour and width."""
    xs, ys = into.setdefault((colour, width), ([], []))
    xs += [lo, lo, hi, hi, None]
    ys += [y + tick, y, y, y + tick, None]


def _ticks(values: list[int], h_max: float) -> list[float]:
    """Map heights present in the drawing, thinned so labels do not overlap (at least 6 % of the axis apart)."""
    out: list[float] = [0]
    for v in sorted(set(values), reverse=True):
        if all(abs(v - t) >= 0.06 * h_max for t in out):
            out.append(v)
    return sorted(out)

"""Figures for the Learn section's labs: lab records → plotly figures (no Streamlit here).

Made to be read from the back of a classroom: 18 px text and more, numbers in
grid cells at 22 px, thick outlines for what to look at. Every function takes
the words it shows (titles, legend names) from its caller, who translates
them; ``scale`` enlarges the text and the figure for presentation mode.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.viz.style import PALETTE, TEMPLATE, TITLE_SIZE

FONT = 18
CELL_FONT = 22
HIGHLIGHT = "#F28E2B"  # orange: the window, the current cell
ON = "#4E79A7"  # blue: a 1 pixel, a bar
MUTED = "#D9D9D9"  # padding, cells not computed yet
GOOD = "#59A14F"
BAD = "#E15759"


def _style(fig: go.Figure, title: str, *, height: int, scale: float, legend: bool = True) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        title={"text": title, "font": {"size": TITLE_SIZE * scale}, "x": 0.01, "xanchor": "left"},
        font={"size": FONT * scale},
        hoverlabel={"font": {"size": FONT * scale}},
        height=int(height * scale),
        margin={"l": 70, "r": 30, "t": int(80 * scale), "b": 60},
        showlegend=legend,
        legend={"font": {"size": FONT * scale}},
    )
    return fig


def _fmt(v: float) -> str:
    return f"{int(v)}" if float(v).is_integer() else f"{v:.2f}"


# --- grids ------------------------------------------------------------------------------------


def _grid(
    fig: go.Figure,
    values: Sequence[Sequence[float | None]],
    col: int,
    *,
    fills: dict[tuple[int, int], str] | None = None,
    default_fill: str = "white",
    outline: Sequence[tuple[int, int]] = (),
    faded: frozenset[tuple[int, int]] = frozenset(),
    scale: float = 1.0,
    value_fill: bool = False,
) -> tuple[list[dict], list[dict]]:
    """Draw a matrix as square cells with their numbers in subplot ``col``; ``None`` cells are blank.

    Returns the cells' shapes and numbers for :func:`_put`, which adds every grid's at once: each
    ``add_shape``/``add_annotation`` validates all the figure's earlier ones again (a 7×7 convolution took ~3 s).
    """
    xref, yref = ("x", "y") if col == 1 else (f"x{col}", f"y{col}")
    h, w = len(values), len(values[0])
    fills = fills or {}
    shapes, notes = [], []
    for r in range(h):
        for c in range(w):
            v = values[r][c]
            fill = fills.get((r, c))
            if fill is None:
                fill = ON if value_fill and v == 1 else default_fill
            shapes.append(dict(
                type="rect", x0=c, x1=c + 1, y0=r, y1=r + 1, xref=xref, yref=yref,
                fillcolor=fill, opacity=0.45 if (r, c) in faded else 1.0, line={"color": "#808080", "width": 1}, layer="below",
            ))
            if v is not None:
                colour = "#8A8A8A" if (r, c) in faded else "white" if fill == ON else "#222222"
                notes.append(dict(
                    x=c + 0.5, y=r + 0.5, xref=xref, yref=yref, text=_fmt(v), showarrow=False,
                    font={"size": CELL_FONT * scale, "color": colour},
                ))
    for r, c in outline:
        shapes.append(dict(
            type="rect", x0=c + 0.04, x1=c + 0.96, y0=r + 0.04, y1=r + 0.96, xref=xref, yref=yref,
            line={"color": HIGHLIGHT, "width": 5 * scale}, fillcolor="rgba(0,0,0,0)",
        ))
    axis = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_xaxes(axis, range=[-0.1, w + 0.1], constrain="domain", row=1, col=col)
    fig.update_yaxes(axis, range=[h + 0.1, -0.1], scaleanchor=xref, scaleratio=1, constrain="domain", row=1, col=col)
    return shapes, notes


def _put(fig: go.Figure, grids: Sequence[tuple[list[dict], list[dict]]]) -> None:
    """Add the grids' shapes and numbers to ``fig`` in one assignment each (after its subplot titles)."""
    fig.layout.shapes = [*fig.layout.shapes, *(s for shapes, _ in grids for s in shapes)]
    fig.layout.annotations = [*fig.layout.annotations, *(n for _, notes in grids for n in notes)]


def _panels(titles: Sequence[str], widths: Sequence[float], scale: float) -> go.Figure:
    fig = make_subplots(rows=1, cols=len(titles), subplot_titles=list(titles), column_widths=list(widths), horizontal_spacing=0.04)
    fig.update_annotations(font_size=FONT * scale)
    return fig


def _grid_height(rows: int, scale: float) -> int:
    """A height that the square cells fill at the usual widths (they are sized by the width)."""
    return int(70 * scale + 52 * rows + 20)


def _grid_style(fig: go.Figure, title: str, rows: int, scale: float) -> go.Figure:
    _style(fig, title, height=_grid_height(rows, scale), scale=scale, legend=False)
    fig.update_layout(height=_grid_height(rows, scale), margin={"l": 10, "r": 10, "t": int((70 if title else 45) * scale), "b": 10})
    return fig


def conv_figure(
    padded: Sequence[Sequence[float]],
    kernel: Sequence[Sequence[float]],
    output: Sequence[Sequence[float]],
    *,
    taps: Sequence[tuple[int, int]],
    current: tuple[int, int],
    done: int,
    padding: int,
    faded: frozenset[tuple[int, int]] = frozenset(),
    titles: tuple[str, str, str],
    title: str = "",
    scale: float = 1.0,
) -> go.Figure:
    """Image (padding grey, window outlined), kernel, and the output map filled up to the current window.

    Args:
        taps: padded-image cells under the kernel now.
        current: the output cell being computed.
        done: how many output cells (row-major) are computed, the current one included.
        faded: image cells (unpadded coordinates) that are illustrative.
    """
    h, w = len(padded), len(padded[0])
    pad_cells = {(r, c): MUTED for r in range(h) for c in range(w) if not (padding <= r < h - padding and padding <= c < w - padding)}
    faded_padded = frozenset((r + padding, c + padding) for r, c in faded)
    ow = len(output[0])
    shown = [[v if r * ow + c < done else None for c, v in enumerate(row)] for r, row in enumerate(output)]
    out_fill = {(r, c): MUTED for r in range(len(output)) for c in range(ow) if r * ow + c >= done}
    fig = _panels(titles, (w, len(kernel[0]) + 1, ow + 1), scale)
    _put(fig, [
        _grid(fig, padded, 1, fills=pad_cells, outline=taps, faded=faded_padded, scale=scale, value_fill=True),
        _grid(fig, kernel, 2, scale=scale, value_fill=True),
        _grid(fig, shown, 3, fills=out_fill, outline=[current], scale=scale),
    ])
    return _grid_style(fig, title, h, scale)


def matrices_figure(
    matrices: Sequence[Sequence[Sequence[float]]],
    titles: Sequence[str],
    *,
    outlines: Sequence[Sequence[tuple[int, int]]] = (),
    faded: Sequence[frozenset[tuple[int, int]]] = (),
    binary: bool = False,
    title: str = "",
    scale: float = 1.0,
) -> go.Figure:
    """Matrices side by side with their numbers (an image and its kernel, the 1×1 convolution's ×3, pooling).

    Args:
        outlines: per matrix, the cells to outline in orange.
        faded: per matrix, cells drawn faded (illustrative values).
        binary: fill the cells that hold 1 (binary images and kernels).
    """
    fig = _panels(titles, [len(m[0]) + 0.5 for m in matrices], scale)
    _put(fig, [
        _grid(
            fig, m, i + 1, outline=outlines[i] if i < len(outlines) else (), faded=faded[i] if i < len(faded) else frozenset(),
            value_fill=binary, scale=scale,
        )
        for i, m in enumerate(matrices)
    ])
    return _grid_style(fig, title, max(len(m) for m in matrices), scale)


def heatmaps_figure(
    matrices: Sequence[Sequence[Sequence[float]]],
    titles: Sequence[str],
    *,
    title: str = "",
    scale: float = 1.0,
) -> go.Figure:
    """Larger matrices side by side as heatmaps with their numbers: one trace per panel, so that an 8×8 or a
    14×14 grid draws in milliseconds (:func:`matrices_figure` adds a shape per cell)."""
    fig = _panels(titles, [len(m[0]) + 0.5 for m in matrices], scale)
    for i, m in enumerate(matrices, start=1):
        z = [list(row) for row in m]
        fig.add_trace(
            go.Heatmap(
                z=z, text=[[_fmt(v) for v in row] for row in m], texttemplate="%{text}", textfont={"size": FONT * scale},
                colorscale=[[0, "#FFFFFF"], [0.5, "#A0CBE8"], [1, ON]] if min(min(r) for r in m) >= 0 else "RdBu",
                zmid=None if min(min(r) for r in m) >= 0 else 0, showscale=False, xgap=1, ygap=1, hoverinfo="skip",
            ),
            row=1, col=i,
        )
        xref = "x" if i == 1 else f"x{i}"
        axis = {"visible": False, "showgrid": False, "zeroline": False}
        fig.update_xaxes(axis, constrain="domain", row=1, col=i)
        fig.update_yaxes(axis, autorange="reversed", scaleanchor=xref, scaleratio=1, constrain="domain", row=1, col=i)
    return _grid_style(fig, title, min(max(len(m) for m in matrices), 9), scale)


# --- bars and lines ---------------------------------------------------------------------------


def bars_figure(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    axis_title: str = "",
    log: bool = False,
    colours: Sequence[str] | None = None,
    texts: Sequence[str] | None = None,
    scale: float = 1.0,
) -> go.Figure:
    """Horizontal bars, one per label, the exact value written on each (top to bottom in the given order)."""
    fig = go.Figure(
        go.Bar(
            y=list(labels), x=list(values), orientation="h",
            marker_color=list(colours) if colours else ON,
            text=list(texts) if texts else [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.3g}" for v in values],
            textposition="auto", textfont={"size": FONT * scale}, cliponaxis=False,
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=axis_title, type="log" if log else "linear")
    return _style(fig, title, height=110 + 70 * len(labels), scale=scale, legend=False)


def lines_figure(
    series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    log_x: bool = False,
    log_y: bool = False,
    markers: bool = False,
    x_integer: bool = False,
    height: int = 480,
    dashes: Sequence[str | None] = (),
    colours: Sequence[str] = (),
    scale: float = 1.0,
) -> go.Figure:
    """One line per (name, xs, ys), in the palette's order (``x_integer``: whole-number ticks, for steps and layers).

    Later series are drawn over earlier ones: where two lines coincide, give the
    one on top a ``dashes`` entry ("dash", "dot") so that the one below shows through.
    """
    fig = go.Figure()
    for i, (name, xs, ys) in enumerate(series):
        line = {"color": colours[i] if i < len(colours) else PALETTE[i % len(PALETTE)], "width": 4}
        if i < len(dashes) and dashes[i]:
            line["dash"] = dashes[i]
        fig.add_trace(go.Scatter(x=list(xs), y=list(ys), name=name, mode="lines+markers" if markers else "lines", line=line))
    fig.update_xaxes(title=x_title, type="log" if log_x else "linear")
    if log_x:  # label the points themselves, not plotly's 2-3-5 minor ticks
        xs = sorted({x for _, s, _ in series for x in s})
        fig.update_xaxes(tickvals=xs, ticktext=[f"{x:g}" for x in xs])
    elif x_integer:
        fig.update_xaxes(dtick=max(1, round(max((max(s) for _, s, _ in series if len(s)), default=1) / 10)))
    fig.update_yaxes(title=y_title, type="log" if log_y else "linear", exponentformat="power" if log_y else "B")
    if log_y:
        values = [y for _, _, s in series for y in s if y > 0]
        decades = math.log10(max(values) / min(values)) if values else 1
        fig.update_yaxes(dtick=max(1, math.ceil(decades / 8)))  # whole decades, at most about eight labels
    return _style(fig, title, height=height, scale=scale)


def side_by_side_figure(
    panels: Sequence[tuple[str, Sequence[tuple[str, Sequence[float], Sequence[float]]]]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    y_range: tuple[float, float] | None = None,
    scale: float = 1.0,
) -> go.Figure:
    """Line panels sharing their axes; series with the same name share a colour (training curves)."""
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[p[0] for p in panels], shared_yaxes=True, horizontal_spacing=0.05)
    fig.update_annotations(font_size=FONT * scale)
    names: list[str] = []
    for col, (_, series) in enumerate(panels, start=1):
        for name, xs, ys in series:
            if name not in names:
                names.append(name)
            k = names.index(name)
            fig.add_trace(
                go.Scatter(
                    x=list(xs), y=list(ys), name=name, legendgroup=name, showlegend=col == 1,
                    line={"color": PALETTE[k % len(PALETTE)], "width": 4},
                ),
                row=1, col=col,
            )
        fig.update_xaxes(title=x_title, row=1, col=col)
    fig.update_yaxes(title=y_title, row=1, col=1)
    if y_range:
        fig.update_yaxes(range=list(y_range))
    return _style(fig, title, height=480, scale=scale)


# --- lab-specific figures ---------------------------------------------------------------------


def receptive_field_figure(n: int, k: int, *, title: str, row_labels: Sequence[str], scale: float = 1.0) -> go.Figure:
    """Stacked 1-D k-wide, stride-1 layers: the units one top unit depends on, layer by layer (3 → 5 → 7).

    Args:
        row_labels: n + 1 labels, the input first (e.g. "input", "layer 1: 3", …).
    """
    width = n * (k - 1) + 1 + 4
    centre = width // 2
    fig = go.Figure()
    for layer in range(n + 1):
        half = (n - layer) * (k - 1) // 2  # the top unit depends on units centre ± half of this layer
        xs = list(range(width))
        fig.add_trace(
            go.Scatter(
                x=xs, y=[layer] * width, mode="markers", showlegend=False, hoverinfo="skip",
                marker={
                    "size": 26 * scale,
                    "color": [HIGHLIGHT if abs(x - centre) <= half else MUTED for x in xs],
                    "line": {"color": "#606060", "width": 1},
                },
            )
        )
        fig.add_annotation(x=width - 0.3, y=layer, xanchor="left", showarrow=False, font={"size": FONT * scale}, text=row_labels[layer])
    for layer in range(1, n + 1):
        half = (n - layer) * (k - 1) // 2
        for x in range(centre - half, centre + half + 1):
            for dx in range(-(k // 2), k // 2 + 1):
                fig.add_shape(type="line", x0=x, y0=layer, x1=x + dx, y1=layer - 1, line={"color": "#A0A0A0", "width": 1.5}, layer="below")
    fig.update_xaxes(visible=False, range=[-0.8, width + 3.5])
    fig.update_yaxes(visible=False, range=[-0.6, n + 0.6])
    return _style(fig, title, height=110 + 80 * (n + 1), scale=scale, legend=False)


def strips_figure(rows: Sequence[tuple[str, Sequence[float]]], *, title: str, scale: float = 1.0) -> go.Figure:
    """Each row a number line with the values as dots: x, then x̂, then y (batch normalization)."""
    fig = go.Figure()
    for i, (name, values) in enumerate(rows):
        fig.add_trace(
            go.Scatter(
                x=list(values), y=[name] * len(values), mode="markers+text", name=name,
                text=[_fmt(round(v, 2)) for v in values], textposition="top center", textfont={"size": FONT * scale},
                marker={"size": 20 * scale, "color": PALETTE[i % len(PALETTE)]}, cliponaxis=False,
            )
        )
    fig.add_vline(x=0, line={"color": "#909090", "dash": "dot"})
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _style(fig, title, height=130 + 95 * len(rows), scale=scale, legend=False)


def topk_figure(
    ranking: Sequence[tuple[str, float]], *, truth: str, k: int, title: str, axis_title: str, scale: float = 1.0
) -> go.Figure:
    """Scores best first; the top k in blue, the rest grey; the true class outlined in orange."""
    labels = [c for c, _ in ranking]
    fig = go.Figure(
        go.Bar(
            y=labels, x=[100 * s for _, s in ranking], orientation="h",
            marker={
                "color": [ON if i < k else MUTED for i in range(len(labels))],
                "line": {"color": [HIGHLIGHT if c == truth else "rgba(0,0,0,0)" for c in labels], "width": 5},
            },
            text=[f"{100 * s:g} %" for _, s in ranking], textposition="outside", textfont={"size": FONT * scale}, cliponaxis=False,
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=axis_title, range=[0, 85])
    return _style(fig, title, height=110 + 50 * len(labels), scale=scale, legend=False)

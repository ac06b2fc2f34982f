"""Figures of one report: shapes per layer, receptive field per layer, stages' shares."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from explorer.analysis.format import human
from explorer.analysis.records import LayerRecord, Report
from explorer.viz.style import LINE_COLOUR, log2_ticks, leaf_numbers, shape_text, stage_index, stages, style
from explorer.viz.words import Words, resolve
from explorer.i18n import N_

# The messages of f"viz.metric.{m}", by m (from the keys of the old catalogue).
_VIZ_METRIC = {
    "params": N_("parameters"),
    "mult_adds": N_("multiply-adds"),
}

# The messages of f"viz.metric.{m}.axis", by m (from the keys of the old catalogue).
_VIZ_METRIC_AXIS = {
    "params": N_("parameters"),
    "mult_adds": N_("multiply-adds per image"),
}

METRICS = {m: (_VIZ_METRIC[m], _VIZ_METRIC_AXIS[m]) for m in ("params", "mult_adds")}
"""A metric's English name and axis title ("parameters", "multiply-adds per image"): the words ``viz.metric.<metric>[.axis]``."""


def hover_lines(r: LayerRecord, tr: Words) -> list[str]:
    """A layer's name and type, output shape and (when it has any) parameters: the first lines of its tooltips."""
    lines = [f"<b>{r.name}</b> ({r.type})", tr("output {shape}", shape=shape_text(r.output_shape))]
    if r.params:
        lines.append(tr("{n} parameters", n=f"{r.params:,}"))
    return lines


def _hover(r: LayerRecord, tr: Words, extra: str = "") -> str:
    lines = hover_lines(r, tr)
    if extra:
        lines.append(extra)
    return "<br>".join(lines)


def shapes_figure(report: Report, *, name: str | None = None, words: Words | None = None) -> go.Figure:
    """Map height and channels of every leaf layer, in execution order: feature maps get smaller and deeper.

    Two stacked panels share the x axis (layer number). Markers are coloured
    by stage; after ``flatten`` the lower panel shows the vector's features as
    diamonds. ``name`` is the network's name in the title (``report.title`` by
    default); ``words`` translates the figure's words (see :mod:`explorer.viz.words`).
    """
    tr = resolve(words)
    leaves = report.leaves()
    num = leaf_numbers(report)
    st = stages(report)
    of = stage_index(report)
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
        subplot_titles=(tr("Feature-map height H"), tr("Channels C (features after flatten)")),
    )
    spatial = [r for r in leaves if r.output_shape is not None and len(r.output_shape) == 3]
    sized = [r for r in leaves if r.output_shape is not None and len(r.output_shape) in (1, 3)]
    fig.add_trace(
        go.Scatter(x=[num[r.index] for r in spatial], y=[r.output_shape[1] for r in spatial], mode="lines",
                   line={"color": LINE_COLOUR, "width": 2, "shape": "hv"}, hoverinfo="skip", showlegend=False),
        row=1, col=1,
    )
    fig.add_trace(
        go.Scatter(x=[num[r.index] for r in sized], y=[r.output_shape[0] for r in sized], mode="lines",
                   line={"color": LINE_COLOUR, "width": 2, "shape": "hv"}, hoverinfo="skip", showlegend=False),
        row=2, col=1,
    )
    shown: set[str] = set()  # one legend entry per stage
    for i, s in enumerate(st):
        mine = [r for r in spatial if of[r.index] == i]
        if mine:
            shown.add(s.label)
            fig.add_trace(
                go.Scatter(
                    x=[num[r.index] for r in mine], y=[r.output_shape[1] for r in mine], mode="markers",
                    marker={"color": s.colour, "size": 9}, name=s.label, legendgroup=s.label,
                    hovertext=[_hover(r, tr) for r in mine], hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=1, col=1,
            )
        for dims, symbol in ((3, "circle"), (1, "diamond")):
            mine = [r for r in sized if of[r.index] == i and len(r.output_shape) == dims]
            if mine:
                legend = s.label not in shown
                shown.add(s.label)
                fig.add_trace(
                    go.Scatter(
                        x=[num[r.index] for r in mine], y=[r.output_shape[0] for r in mine], mode="markers",
                        marker={"color": s.colour, "size": 9, "symbol": symbol}, name=s.label, legendgroup=s.label,
                        showlegend=legend,
                        hovertext=[_hover(r, tr) for r in mine], hovertemplate="%{hovertext}<extra></extra>",
                    ),
                    row=2, col=1,
                )
    channels = [r.output_shape[0] for r in sized] or [1]
    ticks = log2_ticks(min(channels), max(channels))
    fig.update_yaxes(title_text=tr("H (pixels)"), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=tr("channels (log scale)"), type="log", tickvals=ticks, ticktext=[f"{t:,}" for t in ticks],
                     row=2, col=1)
    fig.update_xaxes(title_text=tr("layer (in execution order)"), row=2, col=1)
    return style(fig, tr("{title}: feature maps get smaller and deeper", title=name or report.title), height=680)


def receptive_field_figure(report: Report, *, name: str | None = None, words: Words | None = None) -> go.Figure:
    """Receptive-field size after every spatial layer, against the input size, with the effective stride.

    The last point is the report's final receptive field (``report.receptive_field``).
    ``name`` is the network's name in the title (``report.title`` by default);
    ``words`` translates the figure's words (see :mod:`explorer.viz.words`).
    """
    tr = resolve(words)
    num = leaf_numbers(report)
    st = stages(report)
    of = stage_index(report)
    pts = [r for r in report.leaves() if r.receptive_field is not None]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            x=[num[r.index] for r in pts], y=[r.receptive_field.size[0] for r in pts], mode="lines+markers",
            name=tr("receptive field r"), line={"color": "#4E4E4E", "width": 2},
            marker={"color": [st[of[r.index]].colour for r in pts], "size": 9},
            hovertext=[_hover(r, tr, tr("receptive field {height}×{width} px, stride {stride}", height=r.receptive_field.size[0], width=r.receptive_field.size[1],
                                      stride=r.receptive_field.stride[0])) for r in pts],
            hovertemplate="%{hovertext}<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=[num[r.index] for r in pts], y=[r.receptive_field.stride[0] for r in pts], mode="lines",
            name=tr("effective stride j"), line={"color": "#E15759", "width": 2, "dash": "dot", "shape": "hv"},
            hovertemplate=tr("layer {x}: stride {y} px", x="%{x}", y="%{y}") + "<extra></extra>",
        ),
        secondary_y=True,
    )
    size = report.input_shape[1]
    fig.add_hline(y=size, line_dash="dash", line_color="#59A14F", annotation_text=tr("input: {size} px", size=size),
                  annotation_position="top left")
    first_over = next((r for r in pts if r.receptive_field.size[0] >= size), None)
    if first_over is not None and first_over is not pts[-1]:
        fig.add_annotation(x=num[first_over.index], y=first_over.receptive_field.size[0],
                           text=tr("wider than the input<br>from {name} on", name=first_over.name), showarrow=True, arrowhead=2,
                           ax=-30, ay=-70, xanchor="right", align="right", bgcolor="rgba(255,255,255,0.8)")
    final = report.receptive_field
    if final is not None and pts:
        last = pts[-1]
        fig.add_annotation(x=num[last.index], y=final.size[0], text=tr("final: {size} px<br>stride {stride}", size=final.size[0], stride=final.stride[0]),
                           showarrow=True, arrowhead=2, ax=-50, ay=-30, xanchor="right", align="right",
                           bgcolor="rgba(255,255,255,0.8)")
    title = tr(N_("{title}: what one unit sees grows layer by layer") if final is not None else N_("{title}: what one unit sees grows layer by layer (not computed to the end)"), title=name or report.title)
    fig.update_yaxes(title_text=tr("receptive field (pixels)"), rangemode="tozero", secondary_y=False)
    strides = [r.receptive_field.stride[0] for r in pts] or [1]
    ticks = log2_ticks(1, max(strides))
    fig.update_yaxes(title_text=tr("effective stride (pixels, log scale)"), type="log", tickvals=ticks,
                     range=[-0.1, math.log10(max(ticks)) + 0.1], showgrid=False, secondary_y=True)
    fig.update_xaxes(title_text=tr("layer (in execution order)"), range=[0, len(num) + 1])
    fig.update_layout(legend={"orientation": "h", "y": -0.2})
    return style(fig, title)


def stage_values(report: Report, metric: str = "params") -> list[tuple[str, int, str]]:
    """(stage label, value, colour) per stage for ``metric`` ("params" or "mult_adds")."""
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}: use 'params' or 'mult_adds'.")
    layers = report.layers
    return [(s.label, sum(getattr(layers[i], metric) for i in s.records), s.colour) for s in stages(report)]


def stage_bars(report: Report, metric: str = "params", *, name: str | None = None, words: Words | None = None) -> go.Figure:
    """One bar per stage with its share of the total parameters (or multiply-adds) on top.

    ``name`` is the network's name in the title (``report.title`` by default);
    ``words`` translates the figure's words (see :mod:`explorer.viz.words`).
    """
    rows = stage_values(report, metric)
    tr = resolve(words)
    what, axis = tr(_VIZ_METRIC[metric]), tr(_VIZ_METRIC_AXIS[metric])
    total = report.total_params if metric == "params" else report.mult_adds
    shares = [v / total if total else 0.0 for _, v, _ in rows]
    fig = go.Figure(
        go.Bar(
            x=[label for label, _, _ in rows], y=[v for _, v, _ in rows],
            marker_color=[c for _, _, c in rows],
            text=[f"{s:.1%}" if s >= 0.0005 else "0%" for s in shares], textposition="outside", cliponaxis=False,
            hovertext=[f"<b>{label}</b><br>" + tr("{value} {name}<br>{share} of {total}", value=f"{v:,}", name=what, share=f"{s:.2%}", total=f"{total:,}")
                       for (label, v, _), s in zip(rows, shares)],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_yaxes(title_text=axis, rangemode="tozero")
    fig.update_xaxes(title_text=tr("stage"), tickangle=-30 if len(rows) > 6 else 0)
    return style(fig, tr("{title}: where the {name} are (total {total})", title=name or report.title, name=what, total=human(total)), legend=False)

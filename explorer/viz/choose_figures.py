"""The backbone chooser's figure: ImageNet top-1 against a cost, one point per model, the Pareto front drawn."""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from explorer.analysis.backbones import METRICS, Row, front_of
from explorer.analysis.format import human
from explorer.viz.style import colour, nice_log_ticks, place_labels, style

FIGURE_PX = 600  # the chooser draws its figure in three quarters of a 1280-pixel screen beside the sidebar
PLOT_PX = FIGURE_PX - 130  # less its left and right margins
from explorer.viz.words import Words, resolve
from explorer.i18n import N_

# The messages of f"viz.choose.x.{metric}", by metric (from the keys of the old catalogue).
_VIZ_CHOOSE_X = {
    "params": N_("parameters (log scale)"),
    "mult_adds": N_("multiply-adds per image (log scale)"),
    "latency_ms": N_("latency at batch 1 on this machine (ms, log scale)"),
}

# The messages of f"viz.choose.metric.{metric}", by metric (from the keys of the old catalogue).
_VIZ_CHOOSE_METRIC = {
    "params": N_("parameters"),
    "mult_adds": N_("multiply-adds"),
    "latency_ms": N_("latency"),
}


def pareto_figure(
    rows: Sequence[Row], metric: str = "params", *, names: Sequence[str] | None = None, words: Words | None = None,
) -> go.Figure:
    """Top-1 accuracy (y) against ``metric`` (x, log scale) for ``rows``; the front's points labelled and joined by a line.

    Rows without an accuracy or without the metric (latency not measured yet)
    are left out. ``names`` labels the points (default: each row's title).
    """
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}: use one of {', '.join(METRICS)}.")
    tr = resolve(words)
    labels = dict(zip((r.arch for r in rows), names if names is not None else (r.title for r in rows)))
    shown = [r for r in rows if r.top1 is not None and getattr(r, metric) is not None]
    front = set(front_of(shown, metric))
    fig = go.Figure()
    xs = [float(getattr(r, metric)) for r in shown]
    hover = []
    for r in shown:
        lines = [f"<b>{labels[r.arch]}</b>", tr("top-1 {top1} % ({weights})", top1=f"{r.top1:.3f}", weights=r.weights or ""),
                 tr("{n} parameters", n=f"{r.params:,}"), tr("{n} multiply-adds", n=human(r.mult_adds))]
        if r.latency_ms is not None:
            lines.append(tr("{ms} ms at batch 1", ms=f"{r.latency_ms:.1f}"))
        if r.receptive_field is not None:
            lines.append(tr("receptive field {rf} px", rf=r.receptive_field))
        hover.append("<br>".join(lines))
    where: list[str | None] = [None] * len(shown)
    if xs:
        lo, hi = math.log10(max(min(xs), 1e-3)) - 0.3, math.log10(max(max(xs), 1e-3)) + 0.3
        ys = [r.top1 for r in shown]
        y_range = (min(ys) - 2, max(ys) + 2.5)
        # Only the front is labelled (a cluster of dominated models, the VGGs, would print over itself), and of the
        # front only what has room on the narrowest screen: EfficientNet B3–B7 sit close; the hover names them all.
        order = sorted(range(len(shown)), key=lambda i: (shown[i].arch not in front, -(shown[i].top1 or 0)))
        placed = place_labels([xs[i] for i in order], [shown[i].top1 for i in order],
                              [labels[shown[i].arch] if shown[i].arch in front else "" for i in order],
                              x_range=(lo, hi), y_range=y_range, width_px=PLOT_PX, height_px=370)
        for i, pos in zip(order, placed):
            where[i] = pos
    fig.add_trace(go.Scatter(
        x=xs, y=[r.top1 for r in shown], mode="markers+text", name=tr("models"),
        text=[labels[r.arch] if where[i] else "" for i, r in enumerate(shown)],
        textposition=[where[i] or "top center" for i in range(len(shown))], hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        marker={"size": [16 if r.arch in front else 11 for r in shown],
                "color": [colour(0) if r.arch in front else "#9aa0a6" for r in shown], "line": {"width": 1, "color": "#333"}},
    ))
    on_front = sorted((r for r in shown if r.arch in front), key=lambda r: float(getattr(r, metric)))
    fig.add_trace(go.Scatter(
        x=[float(getattr(r, metric)) for r in on_front], y=[r.top1 for r in on_front], mode="lines",
        name=tr("Pareto front"), line={"color": colour(0), "width": 3, "shape": "hv"}, hoverinfo="skip",
    ))
    if xs:
        ticks, text = nice_log_ticks(10**lo, 10**hi) if metric != "latency_ms" else (None, None)
        axis = {"type": "log", "range": [lo, hi]}
        if ticks and len(ticks) >= 2:
            axis.update(tickvals=ticks, ticktext=text)
        fig.update_xaxes(**axis)
        fig.update_yaxes(range=list(y_range))
    else:
        fig.add_annotation(text=tr("No model has both an accuracy and this measure yet"), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(title_text=tr(_VIZ_CHOOSE_X[metric]))
    fig.update_yaxes(title_text=tr("ImageNet top-1 accuracy (%)"))
    fig = style(fig, tr("ImageNet top-1 against {metric}, with the Pareto front", metric=tr(_VIZ_CHOOSE_METRIC[metric])), height=540, width_px=FIGURE_PX)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0})
    return fig

"""Figures that set several reports side by side; each report keeps one colour throughout.

Each figure names its reports with :func:`explorer.analysis.compare.labels`
(English, as the CLI writes them) unless given ``names``, one per report (an
interface in another language passes its own); ``words`` translates the rest
(see :mod:`explorer.viz.words`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import plotly.graph_objects as go

from explorer.analysis.compare import labels
from explorer.analysis.format import human, human_bytes
from explorer.analysis.records import Report
from explorer.viz.report_figures import METRICS, stage_values
from explorer.viz.style import colour, log2_ticks, nice_log_ticks, place_labels, style
from explorer.viz.words import Words, resolve
from explorer.i18n import N_

# The messages of f"viz.metric.{metric}", by metric (from the keys of the old catalogue).
_VIZ_METRIC = {
    "params": N_("parameters"),
    "mult_adds": N_("multiply-adds"),
}

DASHES = ("solid", "dash", "dot", "dashdot")  # lines that coincide (plain vs residual) stay visible
HALF_FIGURE_PX = 400  # the Compare page draws its figures two a row: half of a 1280-pixel screen beside the sidebar
HALF_PLOT_PX = HALF_FIGURE_PX - 130  # less the figure's left and right margins
BOTTOM_LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0}


def _log_axis(values: list[float], pad: float = 0.25) -> dict:
    """A log axis padded by ``pad`` decades either side, with 1-2-5 ticks."""
    lo, hi = math.log10(max(min(values), 1)) - pad, math.log10(max(max(values), 1)) + pad
    ticks, text = nice_log_ticks(10**lo, 10**hi)
    return {"type": "log", "range": [lo, hi], "tickvals": ticks, "ticktext": text}


def _names(reports: list[Report], names: Sequence[str] | None) -> list[str]:
    if names is None:
        return labels(reports)
    if len(names) != len(reports):
        raise ValueError(f"Expected one name per report ({len(reports)}), not {len(names)}.")
    return list(names)


def params_vs_macs(reports: list[Report], *, names: Sequence[str] | None = None, words: Words | None = None) -> go.Figure:
    """Parameters against multiply-adds per image, log–log, one labelled point per report."""
    tr = resolve(words)
    fig = go.Figure()
    labels_ = _names(reports, names)
    x_axis = _log_axis([r.total_params for r in reports] or [1])
    y_axis = _log_axis([r.mult_adds for r in reports] or [1], 0.5)
    # Half a 1280-pixel screen: ResNet-34 and ResNet-50 sit close, and a label without room is left to the hover.
    where = place_labels([r.total_params for r in reports], [r.mult_adds for r in reports], labels_,
                         x_range=x_axis["range"], y_range=y_axis["range"], y_log=True, width_px=HALF_PLOT_PX, height_px=390, marker_px=18)
    for i, (label, rep) in enumerate(zip(labels_, reports)):
        fig.add_trace(
            go.Scatter(
                x=[rep.total_params], y=[rep.mult_adds], mode="markers+text", name=label,
                text=[label if where[i] else ""], textposition=where[i] or "top center",
                marker={"size": 18, "color": colour(i), "line": {"width": 1, "color": "#333"}},
                hovertext=["<br>".join((
                    f"<b>{label}</b>",
                    tr("{n} parameters ({short})", n=f"{rep.total_params:,}", short=human(rep.total_params)),
                    tr("{n} multiply-adds ({short})", n=f"{rep.mult_adds:,}", short=human(rep.mult_adds)),
                    tr("activations {size}", size=human_bytes(rep.activation_bytes)),
                ))],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=tr("parameters (log scale)"), **x_axis)
    fig.update_yaxes(title_text=tr("multiply-adds per image (log scale)"), **y_axis)
    fig = style(fig, tr("Size against compute: parameters vs multiply-adds"), legend=None in where, width_px=HALF_FIGURE_PX)
    if None in where:  # a point without its label: the legend names them all
        fig.update_layout(legend=BOTTOM_LEGEND, height=fig.layout.height + 40 * len(reports))
    return fig


def stage_params_figure(
    reports: list[Report], *, metric: str = "params", names: Sequence[str] | None = None, words: Words | None = None
) -> go.Figure:
    """Each report's parameters (or multiply-adds) split by stage: one 100 % bar per report.

    Stages with the same name (ResNet's ``layer1`` … ``layer4``) have the same
    colour in every bar; segments of 8 % or more are labelled inside.
    """
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}: use 'params' or 'mult_adds'.")
    tr = resolve(words)
    name = tr(_VIZ_METRIC[metric])
    colours: dict[str, str] = {}
    fig = go.Figure()
    for label, rep in zip(_names(reports, names), reports):
        rows = stage_values(rep, metric)
        total = sum(v for _, v, _ in rows)
        for stage, v, _ in rows:
            if stage not in colours:
                colours[stage] = colour(len(colours))
            share = 100 * v / total if total else 0.0
            fig.add_trace(
                go.Bar(
                    y=[label], x=[share], orientation="h", name=stage, legendgroup=stage,
                    marker={"color": colours[stage], "line": {"width": 1, "color": "white"}},
                    text=[stage if share >= 8 else ""], textposition="inside", insidetextanchor="middle", textangle=0,
                    hovertext=[f"<b>{label}</b><br>" + tr("{stage}: {value} {name}<br>{share} of {total}", stage=stage, value=f"{v:,}", name=name,
                                                         share=f"{share:.1f}%", total=f"{total:,}")],
                    hovertemplate="%{hovertext}<extra></extra>",
                    showlegend=False,
                )
            )
    # One legend entry per stage name.
    shown = set()
    for t in fig.data:
        if t.name not in shown:
            t.showlegend = True
            shown.add(t.name)
    fig.update_layout(barmode="stack", uniformtext={"minsize": 16, "mode": "hide"},
                      legend=BOTTOM_LEGEND)
    fig.update_xaxes(title_text=tr("share of {name} (%)", name=name), range=[0, 100])
    fig.update_yaxes(autorange="reversed", title_text="")
    rows = math.ceil(len(colours) / 6)  # legend rows at about six entries a row
    return style(fig, tr("Where the {name} are, stage by stage", name=name), height=220 + 80 * len(reports) + 30 * rows, width_px=HALF_FIGURE_PX)


def rf_vs_depth(reports: list[Report], *, names: Sequence[str] | None = None, words: Words | None = None) -> go.Figure:
    """Receptive-field size against depth (weight layers from the input), one line per report.

    At each depth the largest field reached there is plotted; a dashed line
    marks the input size when all reports share it.
    """
    tr = resolve(words)
    fig = go.Figure()
    for i, (label, rep) in enumerate(zip(_names(reports, names), reports)):
        best: dict[int, tuple[int, str]] = {}
        for r in rep.leaves():
            if r.receptive_field is None:
                continue
            size = r.receptive_field.size[0]
            if r.weight_depth not in best or size > best[r.weight_depth][0]:
                best[r.weight_depth] = (size, r.name)
        depths = sorted(best)
        fig.add_trace(
            go.Scatter(
                x=depths, y=[best[d][0] for d in depths], mode="lines+markers", name=label,
                line={"color": colour(i), "width": 3, "dash": DASHES[i % len(DASHES)]}, marker={"size": 7},
                hovertext=[f"<b>{label}</b><br>{tr('depth {depth}: {size} px', depth=d, size=best[d][0])}<br>({best[d][1]})"
                           for d in depths],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    sizes = {rep.input_shape[1] for rep in reports}
    if len(sizes) == 1:
        size = sizes.pop()
        fig.add_hline(y=size, line_dash="dash", line_color="#59A14F", annotation_text=tr("input: {size} px", size=size),
                      annotation_position="top left")
    fig.update_xaxes(title_text=tr("depth (weight layers from the input)"), rangemode="tozero")
    fig.update_yaxes(title_text=tr("receptive field (pixels)"), rangemode="tozero")
    fig.update_layout(legend=BOTTOM_LEGEND)
    return style(fig, tr("Receptive field against depth"), height=600, width_px=HALF_FIGURE_PX)


def spatial_overlay(
    reports: list[Report], *, relative: bool = False, names: Sequence[str] | None = None, words: Words | None = None
) -> go.Figure:
    """Feature-map height along each network, depth normalised to 0–1, overlaid.

    x is a layer's position among its network's n leaf layers, k/n (0 = the
    input, 1 = the last layer), so networks of different lengths line up; y is
    the map height in pixels (or, with ``relative``, as a fraction of the
    input's height). Layers without a map (after flatten) are left out.
    """
    tr = resolve(words)
    fig = go.Figure()
    values: list[float] = []
    for i, (label, rep) in enumerate(zip(_names(reports, names), reports)):
        leaves = rep.leaves()
        pts = [(k / len(leaves), r) for k, r in enumerate(leaves, start=1) if r.output_shape and len(r.output_shape) == 3]
        c, h_in, w_in = rep.input_shape
        xs = [0.0] + [x for x, _ in pts]
        hs = [h_in] + [r.output_shape[1] for _, r in pts]
        ys = [h / h_in for h in hs] if relative else hs
        values += ys
        hover = [f"<b>{label}</b><br>{tr('input {shape}', shape=f'{c}×{h_in}×{w_in}')}"] + [
            f"<b>{label}</b><br>{r.name} ({r.type})<br>{r.output_shape[1]}×{r.output_shape[2]}" for _, r in pts
        ]
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", name=label,
                line={"color": colour(i), "width": 3, "shape": "hv", "dash": DASHES[i % len(DASHES)]},
                hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if relative:
        ticks = [1 / t for t in log2_ticks(1, 1 / min(values or [1]))]
        text = ["1" if t == 1 else f"1/{round(1 / t)}" for t in ticks]
        fig.update_yaxes(title_text=tr("map height / input height (log scale)"), type="log", tickvals=ticks, ticktext=text)
    else:
        ticks = log2_ticks(min(values or [1]), max(values or [1]))
        fig.update_yaxes(title_text=tr("map height H (pixels, log scale)"), type="log", tickvals=ticks,
                         ticktext=[str(t) for t in ticks])
    fig.update_xaxes(title_text=tr("relative depth (0 = input, 1 = last layer)"), range=[-0.02, 1.02])
    fig.update_layout(legend=BOTTOM_LEGEND)
    return style(fig, tr("Where each network shrinks its feature maps"), height=600, width_px=HALF_FIGURE_PX)

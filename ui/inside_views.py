"""The Inside page's body: the layer chooser and its five tabs (feature maps, filters, receptive field,
saliency, weights).

The sidebar's pickers and the cached computations are in :mod:`ui.inside`; the
page (pages/inside.py) checks what was chosen and calls these in order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
import torch
from torch import nn

from explorer.analysis.records import Report
from explorer.errors import ExplorerError
from explorer.inspect import features as feats
from explorer.inspect import filters as filt
from explorer.inspect import images as imgs
from explorer.inspect import saliency as sal
from explorer.inspect.labels import top_k
from explorer.viz import inside as pics
from ui import inside, state
from ui.i18n import bound, error_text, t
from ui.urlstate import ModelConfig

PAGE_SIZE = 64  # feature maps shown per page of the grid


@dataclass(frozen=True)
class Shown:
    """What the tabs look at: one network with its weights, one image, one layer and its feature map."""

    cfg: ModelConfig
    report: Report
    choice: inside.WeightsChoice
    model: nn.Module
    mkey: str  # the cache key of (model, weights)
    pre: imgs.Preprocessed
    acts: feats.Activations
    layers: list[feats.Layer]  # the spatial layers
    layer: feats.Layer  # the layer shown
    fmap: torch.Tensor  # its feature map, C × h × w
    stats: feats.ChannelStats


# --- the layer ----------------------------------------------------------------------------


def layer_picker(cfg: ModelConfig, report: Report, layers: list[feats.Layer]) -> feats.Layer:
    """The walk slider and the layer list, kept in step; returns the layer chosen.

    The layer chosen belongs to one network: another architecture or other hyperparameters start at their
    own default layer (an index of VGG-16 is some other layer of ResNet-50). The input shape keeps it.
    """
    by_index = {l.index: l for l in layers}
    walk = [l.index for l in feats.walk_layers(report)]

    def nearest_step(index: int) -> int:
        before = [w for w in walk if w <= index]
        return before[-1] if before else walk[0]

    def walk_moved() -> None:
        st.session_state[state.IN_LAYER] = st.session_state[state.IN_WALK]

    def layer_picked() -> None:
        st.session_state[state.IN_WALK] = nearest_step(st.session_state[state.IN_LAYER])

    network = (cfg.arch, cfg.hp)
    kept = st.session_state.get(state.IN_LAYER_KEPT)
    same = bool(kept) and kept[0] == network
    start = kept[1] if same and kept[1] in by_index else feats.default_layer(report).index
    current = inside.keep(state.IN_LAYER, start, lambda v: same and v in by_index)
    inside.keep(state.IN_WALK, nearest_step(current), lambda v: v == nearest_step(current))

    st.select_slider(
        t("inside.walk"), walk, key=state.IN_WALK, on_change=walk_moved,
        format_func=lambda i: by_index[i].name,
    )
    st.selectbox(
        t("inside.layer"), [l.index for l in layers], key=state.IN_LAYER, on_change=layer_picked,
        format_func=lambda i: "\u00a0\u00a0\u00a0" * (by_index[i].depth - 1) + by_index[i].label,
    )
    layer = by_index[st.session_state[state.IN_LAYER]]
    st.session_state[state.IN_LAYER_KEPT] = (network, layer.index)
    return layer


def feature_map(acts: feats.Activations, layer: feats.Layer) -> torch.Tensor:
    """The layer's feature map, with a caption of its shape, receptive field and cost (stops on an error)."""
    fresh = layer.key not in acts.computed()
    try:
        with inside.guarded():
            fmap, seconds = inside.timed(acts.get, *layer.key)
    except ExplorerError as err:
        st.error(error_text(err), icon="⚠️")
        st.stop()
    C, h, w = layer.shape
    rf = layer.receptive_field
    st.caption(" · ".join([
        t("inside.layer.caption", layer=layer.name, type=layer.type, c=C, h=h, w=w),
        *([t("inside.layer.rf", rh=rf.size[0], rw=rf.size[1], stride=rf.stride[0])] if rf else []),
        t("inside.layer.computed", ms=f"{seconds * 1000:,.0f}") if fresh else t("inside.layer.cached"),
    ]))
    return fmap


# --- the tabs -----------------------------------------------------------------------------


def maps(s: Shown) -> None:
    """Every channel of the layer's feature map, sorted, a page at a time."""
    tr = bound()
    C = s.layer.shape[0]
    c1, c2, c3 = st.columns(3)
    inside.keep(state.IN_SORT, "mean", lambda v: v in inside.SORTS)
    sort = c1.selectbox(t("inside.sort"), inside.SORTS, key=state.IN_SORT, format_func=lambda k: tr(f"inside.sort.{k}"))
    inside.keep(state.IN_CMAP, "viridis", lambda v: v in pics.COLORMAPS)
    cmap = c2.selectbox(t("inside.cmap"), list(pics.COLORMAPS), key=state.IN_CMAP)
    inside.keep(state.IN_PER_CHANNEL, True)
    per_channel = c3.toggle(t("inside.per_channel"), key=state.IN_PER_CHANNEL, help=t("inside.per_channel.help"))
    pages = max(1, math.ceil(C / PAGE_SIZE))
    if pages > 1:
        inside.keep(state.IN_PAGE, 1, lambda p: 1 <= p <= pages)
    order = s.stats.order(sort)
    page = st.pagination(pages, key=state.IN_PAGE) if pages > 1 else 1
    shown = order[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    st.image(
        pics.feature_grid(s.fmap.numpy(), shown, cmap=cmap, per_channel=per_channel),
        caption=t("inside.maps.caption", layer=s.layer.name, shown=len(shown), c=C, page=page, pages=pages,
                  sort=t(f"inside.sort.{sort}")),
    )


def filters(s: Shown) -> None:
    """A convolution's kernels: the first layer's as colour patches, the others one output channel at a time."""
    convs = filt.conv_layers(s.model)
    if not convs:
        st.info(t("inside.filters.none"))
        return
    names = [n for n, _ in convs]
    inside.keep(state.IN_CONV, names[0], lambda v: v in names)
    conv_name = st.selectbox(t("inside.filters.conv"), names, key=state.IN_CONV)
    kern = filt.kernels(dict(convs)[conv_name])
    out_c, in_c, kh, kw = kern.shape
    if in_c == 3 and conv_name == names[0]:
        st.image(pics.rgb_filters(kern, count=64),
                 caption=t("inside.filters.rgb", conv=conv_name, shown=min(out_c, 64), n=out_c, kh=kh, kw=kw))
    else:
        inside.keep(state.IN_FILTER_OUT, 0, lambda v: 0 <= v < out_c)
        o = st.number_input(t("inside.filters.out"), 0, out_c - 1, step=1, key=state.IN_FILTER_OUT)
        st.image(pics.kernel_grid(kern, int(o), count=64),
                 caption=t("inside.filters.kernels", conv=conv_name, o=o, kh=kh, kw=kw, shown=min(in_c, 64), n=in_c))


def receptive_field(s: Shown) -> None:
    """One unit of the map, picked by number or by a click: its theoretical and its effective receptive field."""
    C, h, w = s.layer.shape
    _, H, W = s.cfg.shape()
    rf = s.layer.receptive_field
    keys = state.IN_UNIT
    pick = st.session_state.get(state.IN_PICK)
    points = (pick or {}).get("selection", {}).get("points", []) if isinstance(pick, dict) else []
    if points and points != st.session_state.get(state.IN_PICK_SEEN):  # a click on the map picks the unit
        st.session_state[state.IN_PICK_SEEN] = points
        st.session_state[keys[1]], st.session_state[keys[2]] = int(round(points[0]["y"])), int(round(points[0]["x"]))
    top_channel = int(s.stats.order("mean")[0])
    for key, default, limit in zip(keys, (top_channel, h // 2, w // 2), (C, h, w)):
        inside.keep(key, default, lambda v, limit=limit: 0 <= v < limit)
    inside.keep(state.IN_ERF_ALL, False)
    left, mid, right = st.columns([1.1, 1, 1])
    with left:
        a, b, c = st.columns(3)
        ch = a.number_input(t("inside.rf.channel"), 0, C - 1, step=1, key=keys[0])
        i = b.number_input(t("inside.rf.row"), 0, h - 1, step=1, key=keys[1])
        j = c.number_input(t("inside.rf.column"), 0, w - 1, step=1, key=keys[2])
        picker = pics.unit_picker(s.fmap[int(ch)].numpy(), selected=(int(i), int(j)), title=t("inside.rf.picker", c=ch),
                                  words=bound())
        st.plotly_chart(picker, key=state.IN_PICK, on_select="rerun", selection_mode="points")
    all_channels = st.toggle(t("inside.rf.all"), key=state.IN_ERF_ALL, help=t("inside.rf.all.help"))
    if rf is None:
        st.info(t("inside.rf.undefined"))
        return
    box = sal.rf_box(rf, int(i), int(j), (H, W))
    with mid:
        caption = t("inside.rf.theoretical", i=i, j=j, top=box.full[0], bottom=box.full[2], left=box.full[1],
                    right=box.full[3], rh=rf.size[0], rw=rf.size[1])
        st.image(pics.rf_overlay(s.pre.crop, box), caption=caption + (t("inside.rf.clipped") if box.clipped else ""))
    try:
        grad = inside.erf(s.mkey, s.pre.key, s.layer.key, (None if all_channels else int(ch), int(i), int(j)), s.model, s.pre.tensor)
    except ExplorerError as err:
        st.error(error_text(err))
        return
    with right:
        if grad.max() <= 0:
            st.warning(t("inside.rf.dead"))
        st.image(pics.heat_image(grad, box=box), caption=t("inside.rf.effective"))


def saliency(s: Shown) -> None:
    """Grad-CAM and the input gradient for a class, and the network's top five."""
    try:
        with inside.guarded():
            logits = s.acts.logits()
    except ExplorerError as err:
        st.error(error_text(err), icon="⚠️")
        st.stop()
    n = int(logits.numel())
    names = inside.names_for(s.choice, n)
    preds = top_k(logits, names, 5)
    default_target = sal.default_target_layer(s.model, s.report)  # spatial layers exist: the page checked
    tkeys = {f"{l.name}#{l.call}": l.key for l in s.layers}
    inside.keep(state.IN_TARGET, f"{default_target[0]}#{default_target[1]}", lambda v: v in tkeys)
    inside.keep(state.IN_CLASS, preds[0].index, lambda v: 0 <= v < n)
    c1, c2 = st.columns(2)
    cls = c1.selectbox(t("inside.saliency.class"), list(range(n)), key=state.IN_CLASS, format_func=lambda k: f"{names[k]} ({k})")
    labels = {f"{l.name}#{l.call}": l.label for l in s.layers}
    tkey = c2.selectbox(t("inside.saliency.layer"), list(tkeys), key=state.IN_TARGET, format_func=labels.get,
                        help=t("inside.saliency.layer.help", layer=default_target[0]))
    try:
        result = inside.saliency(s.mkey, s.pre.key, tkeys[tkey], int(cls), s.model, s.pre.tensor)
    except ExplorerError as err:
        st.error(error_text(err))
    else:
        a, b, c = st.columns(3)
        a.image(pics.enlarge(s.pre.crop, 320), caption=t("inside.saliency.input"))
        b.image(pics.heat_overlay(s.pre.crop, result.cam), caption=t(
            "inside.saliency.gradcam", cls=names[cls], layer=tkeys[tkey][0], h=result.cam_small.shape[0], w=result.cam_small.shape[1]))
        c.image(pics.heat_image(result.gradient, cmap="gray"), caption=t("inside.saliency.gradient"))
    st.subheader(t("inside.top5"))
    if s.choice.trained:
        st.plotly_chart(pics.top_k_figure(preds, words=bound()), key="in:top5")
    else:
        st.caption(t("inside.top5.random", cls=preds[0].name))


def weights(s: Shown) -> None:
    """Each layer's weights as a box, and one layer's histogram."""
    summary = inside.weight_layers(s.mkey, s.model)
    st.plotly_chart(pics.weight_box_figure(summary, words=bound()), key="in:wbox")
    names = [l.name for l in summary]
    inside.keep(state.IN_HIST, names[0], lambda v: v in names)
    which = st.selectbox(t("inside.weights.histogram"), names, key=state.IN_HIST)
    counts, edges = filt.histogram(s.model, which)
    hist = pics.histogram_figure(counts, edges, title=t("inside.weights.histogram.title", layer=which, n=f"{counts.sum():,}"),
                                 words=bound())
    st.plotly_chart(hist, key="in:hist")


#: The tabs' bodies by id, in the order of :data:`ui.inside.VIEWS`.
TABS: dict[str, Callable[[Shown], None]] = {
    "maps": maps, "filters": filters, "rf": receptive_field, "saliency": saliency, "weights": weights,
}
assert tuple(TABS) == inside.VIEWS

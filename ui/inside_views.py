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
from explorer.inside import features as feats
from explorer.inside import filters as filt
from explorer.inside import images as imgs
from explorer.inside import saliency as sal
from explorer.inside.labels import top_k
from explorer.viz import inside as pics
from ui import inside, state
from ui.i18n import _, bound, error_text, N_, NP_
from ui.urlstate import ModelConfig

# The messages of f"inside.sort.{sort}", by sort (from the keys of the old catalogue).
_INSIDE_SORT = {
    "index": N_("channel number"),
    "mean": N_("mean activation"),
    "max": N_("peak activation"),
    "active": N_("share of positive units"),
}

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
        _("Walk through the layers: edges → textures → parts"), walk, key=state.IN_WALK, on_change=walk_moved,
        format_func=lambda i: by_index[i].name,
    )
    st.selectbox(
        _("Layer, in the model's own hierarchy"), [l.index for l in layers], key=state.IN_LAYER, on_change=layer_picked,
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
        _("**{layer}** ({type}): {c} channels of {h}×{w}", layer=layer.name, type=layer.type, c=C, h=h, w=w),
        *([_("each unit sees {rh}×{rw} input pixels, one step = {stride} px", rh=rf.size[0], rw=rf.size[1], stride=rf.stride[0])] if rf else []),
        _("computed in {ms} ms", ms=f"{seconds * 1000:,.0f}") if fresh else _("from the cache (no forward pass)"),
    ]))
    return fmap


# --- the tabs -----------------------------------------------------------------------------


def maps(s: Shown) -> None:
    """Every channel of the layer's feature map, sorted, a page at a time."""
    tr = bound()
    C = s.layer.shape[0]
    c1, c2, c3 = st.columns(3)
    inside.keep(state.IN_SORT, "mean", lambda v: v in inside.SORTS)
    sort = c1.selectbox(_("Sort channels by"), inside.SORTS, key=state.IN_SORT, format_func=lambda k: tr(_INSIDE_SORT[k]))
    inside.keep(state.IN_CMAP, "viridis", lambda v: v in pics.COLORMAPS)
    cmap = c2.selectbox(_("Colour map"), list(pics.COLORMAPS), key=state.IN_CMAP)
    inside.keep(state.IN_PER_CHANNEL, True)
    per_channel = c3.toggle(_("Scale each channel to its own min–max"), key=state.IN_PER_CHANNEL, help=_("Off: one scale for the whole layer, so weak channels look dark."))
    pages = max(1, math.ceil(C / PAGE_SIZE))
    if pages > 1:
        inside.keep(state.IN_PAGE, 1, lambda p: 1 <= p <= pages)
    order = s.stats.order(sort)
    page = st.pagination(pages, key=state.IN_PAGE) if pages > 1 else 1
    shown = order[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    st.image(
        pics.feature_grid(s.fmap.numpy(), shown, cmap=cmap, per_channel=per_channel),
        caption=_("{layer}: channels {shown} of {c} (page {page} of {pages}), sorted by {sort}", layer=s.layer.name, shown=len(shown), c=C, page=page, pages=pages,
                  sort=_(_INSIDE_SORT[sort])),
    )


def filters(s: Shown) -> None:
    """A convolution's kernels: the first layer's as colour patches, the others one output channel at a time."""
    convs = filt.conv_layers(s.model)
    if not convs:
        st.info(_("This model has no 2-D convolution."))
        return
    names = [n for n, __ in convs]
    inside.keep(state.IN_CONV, names[0], lambda v: v in names)
    conv_name = st.selectbox(_(NP_("inside.filters.conv", "Convolution")), names, key=state.IN_CONV)
    kern = filt.kernels(dict(convs)[conv_name])
    out_c, in_c, kh, kw = kern.shape
    if in_c == 3 and conv_name == names[0]:
        st.image(pics.rgb_filters(kern, count=64),
                 caption=_("{conv}: {shown} of {n} filters, {kh}×{kw}, each shown as a colour image (its three input channels as red, green, blue), scaled to its own range", conv=conv_name, shown=min(out_c, 64), n=out_c, kh=kh, kw=kw))
    else:
        inside.keep(state.IN_FILTER_OUT, 0, lambda v: 0 <= v < out_c)
        o = st.number_input(_("Filter (output channel)"), 0, out_c - 1, step=1, key=state.IN_FILTER_OUT)
        st.image(pics.kernel_grid(kern, int(o), count=64),
                 caption=_("{conv}, filter {o}: its {kh}×{kw} kernel on {shown} of {n} input channels (blue negative, red positive, one scale for the filter)", conv=conv_name, o=o, kh=kh, kw=kw, shown=min(in_c, 64), n=in_c))


def receptive_field(s: Shown) -> None:
    """One unit of the map, picked by number or by a click: its theoretical and its effective receptive field."""
    C, h, w = s.layer.shape
    __, H, W = s.cfg.shape()
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
        ch = a.number_input(_("Channel"), 0, C - 1, step=1, key=keys[0])
        i = b.number_input(_("Row i"), 0, h - 1, step=1, key=keys[1])
        j = c.number_input(_("Column j"), 0, w - 1, step=1, key=keys[2])
        picker = pics.unit_picker(s.fmap[int(ch)].numpy(), selected=(int(i), int(j)), title=_("channel {c}: click a unit", c=ch),
                                  words=bound())
        st.plotly_chart(picker, key=state.IN_PICK, on_select="rerun", selection_mode="points")
    all_channels = st.toggle(_("Effective field of all channels at (i, j)"), key=state.IN_ERF_ALL, help=_("Off: the gradient of the one unit (channel, i, j). On: of the sum over the layer's channels at (i, j)."))
    if rf is None:
        st.info(_("This layer's receptive field is not defined (the analysis could not follow the spatial layout)."))
        return
    box = sal.rf_box(rf, int(i), int(j), (H, W))
    with mid:
        caption = _("Theoretical receptive field of unit ({i}, {j}): rows {top}…{bottom}, columns {left}…{right} ({rh}×{rw} px)", i=i, j=j, top=box.full[0], bottom=box.full[2], left=box.full[1],
                    right=box.full[3], rh=rf.size[0], rw=rf.size[1])
        st.image(pics.rf_overlay(s.pre.crop, box), caption=caption + (_(", clipped to the image (the rest is zero padding)") if box.clipped else ""))
    try:
        grad = inside.erf(s.mkey, s.pre.key, s.layer.key, (None if all_channels else int(ch), int(i), int(j)), s.model, s.pre.tensor)
    except ExplorerError as err:
        st.error(error_text(err))
        return
    with right:
        if grad.max() <= 0:
            st.warning(_("This unit is 0 here (switched off by a ReLU), so no input pixel changes it: pick another unit or turn on all channels."))
        st.image(pics.heat_image(grad, box=box), caption=_("Effective receptive field: |∂unit/∂pixel| (bright = the pixel moves the unit most); the cyan box is the theoretical field"))


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
    cls = c1.selectbox(_("Class to explain"), list(range(n)), key=state.IN_CLASS, format_func=lambda k: f"{names[k]} ({k})")
    labels = {f"{l.name}#{l.call}": l.label for l in s.layers}
    tkey = c2.selectbox(_("Grad-CAM layer"), list(tkeys), key=state.IN_TARGET, format_func=labels.get,
                        help=_("Default: {layer}, the last layer that still has a spatial layout.", layer=default_target[0]))
    try:
        result = inside.saliency(s.mkey, s.pre.key, tkeys[tkey], int(cls), s.model, s.pre.tensor)
    except ExplorerError as err:
        st.error(error_text(err))
    else:
        a, b, c = st.columns(3)
        a.image(pics.enlarge(s.pre.crop, 320), caption=_("the model's input"))
        b.image(pics.heat_overlay(s.pre.crop, result.cam), caption=_(
            "Grad-CAM for '{cls}' at {layer} ({h}×{w} map, upsampled)", cls=names[cls], layer=tkeys[tkey][0], h=result.cam_small.shape[0], w=result.cam_small.shape[1]))
        c.image(pics.heat_image(result.gradient, cmap="gray"), caption=_("Gradient saliency: max over colours of |∂score/∂pixel|"))
    st.subheader(_("Top-5 predictions"))
    if s.choice.trained:
        st.plotly_chart(pics.top_k_figure(preds, words=bound()), key="in:top5")
    else:
        st.caption(_("Random weights predict nothing yet: load a torchvision checkpoint or a trained run to see real predictions. (The largest output now is '{cls}', by chance.)", cls=preds[0].name))


def weights(s: Shown) -> None:
    """Each layer's weights as a box, and one layer's histogram."""
    summary = inside.weight_layers(s.mkey, s.model)
    st.plotly_chart(pics.weight_box_figure(summary, words=bound()), key="in:wbox")
    names = [l.name for l in summary]
    inside.keep(state.IN_HIST, names[0], lambda v: v in names)
    which = st.selectbox(_("Histogram of layer"), names, key=state.IN_HIST)
    counts, edges = filt.histogram(s.model, which)
    hist = pics.histogram_figure(counts, edges, title=_("{layer}: {n} weights", layer=which, n=f"{counts.sum():,}"),
                                 words=bound())
    st.plotly_chart(hist, key="in:hist")


#: The tabs' bodies by id, in the order of :data:`ui.inside.VIEWS`.
TABS: dict[str, Callable[[Shown], None]] = {
    "maps": maps, "filters": filters, "rf": receptive_field, "saliency": saliency, "weights": weights,
}
assert tuple(TABS) == inside.VIEWS

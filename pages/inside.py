"""Inside: one image through one network — feature maps, filters, receptive fields, Grad-CAM, weights."""

import math

import streamlit as st

from explorer.errors import ExplorerError
from explorer.inspect import features as feats
from explorer.inspect import filters as filt
from explorer.inspect import saliency as sal
from explorer.inspect.labels import top_k
from explorer.viz import inside as pics
from explorer.zoo import get
from ui import cache, projector, state, widgets
from ui import inside as ui
from ui.i18n import _, bound, error_text, escape_md, N_, note_text, NP_
from ui.shell import ensure_navigation
from ui.tabs import lazy_tabs
from ui.urlstate import to_query

# The messages of f"inside.sort.{sort}", by sort (from the keys of the old catalogue).
_INSIDE_SORT = {
    "index": N_("channel number"),
    "mean": N_("mean activation"),
    "max": N_("peak activation"),
    "active": N_("share of positive units"),
}

PAGE_SIZE = 64

ensure_navigation()

url_problem = state.load_url()
run_param = st.query_params.get("run")
if run_param and st.session_state.get(state.IN_RUN_SEEN) != run_param:  # ?run=<id>: preselect a trained run
    st.session_state[state.IN_RUN_SEEN] = run_param
    st.session_state[state.IN_WEIGHTS] = "run"
    st.session_state[state.IN_RUN] = run_param
    st.session_state[state.IN_RUN_APPLY] = True
    st.session_state[state.IN_IMAGE_SOURCE] = ui.VALIDATION  # the run's own images, when it kept some (else the sample photo)
    st.session_state[state.IN_VAL_IMAGE] = 0
ui.apply_pending_run()

with st.sidebar:
    st.subheader(_(NP_("inside.sidebar.model", "Model")))
    chosen = widgets.model_controls(state.model(), compact=True)
    st.subheader(_(NP_("inside.sidebar.weights", "Weights")))
    choice = ui.weights_controls(chosen) if not isinstance(chosen, str) else None
    st.subheader(_("Image"))
    image_error = None
    try:
        loaded = ui.image_controls()
    except ExplorerError as err:
        loaded, image_error = None, error_text(err)
    projector.enter_button("inside")

cfg = state.accept_model(chosen, url_problem)
if choice is not None and choice.kind == "run":
    state.write_url({**to_query(cfg), "run": st.session_state[state.IN_RUN]})
else:
    state.write_model_url(cfg)
arch = get(cfg.arch)
if projector.presenting("inside"):  # large type, no sidebar: the image and what the layers make of it
    projector.header("inside", _("Inside {arch}", arch=arch.title))
else:
    st.title(_("Inside {arch}", arch=arch.title))

try:
    report = cache.report(cfg)
    ui.check_budget(cfg)  # before any weights, feature maps or gradients are allocated
except ExplorerError as err:
    st.error(error_text(err), icon="⚠️")
    st.stop()
layers = feats.spatial_layers(report)
if not layers:
    st.error(_("This model has no layer with a spatial (C×H×W) output, so there are no feature maps to show."))
    st.stop()
if choice is None:
    st.info(_("Choose the weights in the sidebar: a random initialisation, a trained run or a torchvision checkpoint."))
    st.stop()
if image_error:
    st.error(image_error, icon="🖼️")
    st.stop()
if loaded is None:
    st.info(_("Upload a photo or take one with the camera (sidebar), or pick a sample photo."))
    st.stop()

try:
    model, load_notes = ui.load_model(cfg, choice)
    pre = ui.preprocess(loaded.digest, loaded, cfg.shape(), choice.mean, choice.std, choice.crop_fraction)
except ExplorerError as err:
    st.error(error_text(err), icon="⚠️")
    st.stop()
st.caption(_("`{arch}` · weights: {weights} · image: {image}", arch=arch.name, weights=choice.label, image=loaded.name))
for note in (*load_notes, *loaded.notes):
    st.info(note_text(note))
mkey = ui.model_key(cfg, choice)
acts = ui.activations(mkey, pre.key, model, pre.tensor)
C_in, H, W = cfg.shape()

with st.expander(_("What the model receives: resize, crop, normalise"), expanded=False):
    cols = st.columns([1, 1, 2])
    cols[0].image(loaded.image, caption=f"{escape_md(loaded.name)}: {loaded.image.size[0]}×{loaded.image.size[1]} ({escape_md(loaded.format)})")
    cols[1].image(pics.enlarge(pre.crop, 224), caption=_("the {w}×{h} crop the model sees", w=W, h=H))
    cols[2].markdown("\n".join(f"{k}. **{note_text(s.title)}** — {note_text(s.detail)}" for k, s in enumerate(pre.steps, 1)))

# --- the layer ----------------------------------------------------------------------------
by_index = {l.index: l for l in layers}
walk = [l.index for l in feats.walk_layers(report)]


def _nearest_step(index: int) -> int:
    before = [w for w in walk if w <= index]
    return before[-1] if before else walk[0]


def _walk_moved() -> None:
    st.session_state[state.IN_LAYER] = st.session_state[state.IN_WALK]


def _layer_picked() -> None:
    st.session_state[state.IN_WALK] = _nearest_step(st.session_state[state.IN_LAYER])


# The layer chosen belongs to one network: another architecture or other hyperparameters start at their
# own default layer (an index of VGG-16 is some other layer of ResNet-50). The input shape keeps it.
network = (cfg.arch, cfg.hp)
kept = st.session_state.get(state.IN_LAYER_KEPT)
same = bool(kept) and kept[0] == network
start = kept[1] if same and kept[1] in by_index else feats.default_layer(report).index
current = ui.keep(state.IN_LAYER, start, lambda v: same and v in by_index)
ui.keep(state.IN_WALK, _nearest_step(current), lambda v: v == _nearest_step(current))

st.select_slider(
    _("Walk through the layers: edges → textures → parts"), walk, key=state.IN_WALK, on_change=_walk_moved,
    format_func=lambda i: by_index[i].name,
)
st.selectbox(
    _("Layer, in the model's own hierarchy"), [l.index for l in layers], key=state.IN_LAYER, on_change=_layer_picked,
    format_func=lambda i: "\u00a0\u00a0\u00a0" * (by_index[i].depth - 1) + by_index[i].label,
)
layer = by_index[st.session_state[state.IN_LAYER]]
st.session_state[state.IN_LAYER_KEPT] = (network, layer.index)
fresh = layer.key not in acts.computed()
try:
    with ui.guarded():
        fmap, seconds = ui.timed(acts.get, *layer.key)
except ExplorerError as err:
    st.error(error_text(err), icon="⚠️")
    st.stop()
stats = feats.channel_stats(fmap)
C, h, w = layer.shape
rf = layer.receptive_field
st.caption(" · ".join([
    _("**{layer}** ({type}): {c} channels of {h}×{w}", layer=layer.name, type=layer.type, c=C, h=h, w=w),
    *([_("each unit sees {rh}×{rw} input pixels, one step = {stride} px", rh=rf.size[0], rw=rf.size[1], stride=rf.stride[0])] if rf else []),
    _("computed in {ms} ms", ms=f"{seconds * 1000:,.0f}") if fresh else _("from the cache (no forward pass)"),
]))

tabs = list(lazy_tabs(ui.VIEWS, key=state.IN_VIEW, labels={"maps": N_("Feature maps"), "filters": NP_("inside.view.filters", "Filters"), "rf": N_("Receptive field"), "saliency": N_("Saliency"), "weights": NP_("inside.view.weights", "Weights")}).values())
tr = bound()

with tabs[0]:
    if tabs[0].open:
        c1, c2, c3 = st.columns(3)
        ui.keep(state.IN_SORT, "mean", lambda v: v in ui.SORTS)
        sort = c1.selectbox(_("Sort channels by"), ui.SORTS, key=state.IN_SORT, format_func=lambda s: tr(_INSIDE_SORT[s]))
        ui.keep(state.IN_CMAP, "viridis", lambda v: v in pics.COLORMAPS)
        cmap = c2.selectbox(_("Colour map"), list(pics.COLORMAPS), key=state.IN_CMAP)
        ui.keep(state.IN_PER_CHANNEL, True)
        per_channel = c3.toggle(_("Scale each channel to its own min–max"), key=state.IN_PER_CHANNEL, help=_("Off: one scale for the whole layer, so weak channels look dark."))
        pages = max(1, math.ceil(C / PAGE_SIZE))
        if pages > 1:
            ui.keep(state.IN_PAGE, 1, lambda p: 1 <= p <= pages)
        order = stats.order(sort)
        page = st.pagination(pages, key=state.IN_PAGE) if pages > 1 else 1
        shown = order[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        st.image(
            pics.feature_grid(fmap.numpy(), shown, cmap=cmap, per_channel=per_channel),
            caption=_("{layer}: channels {shown} of {c} (page {page} of {pages}), sorted by {sort}", layer=layer.name, shown=len(shown), c=C, page=page, pages=pages,
                      sort=_(_INSIDE_SORT[sort])),
        )

with tabs[1]:
    if tabs[1].open:
        convs = filt.conv_layers(model)
        if not convs:
            st.info(_("This model has no 2-D convolution."))
        else:
            names = [n for n, __ in convs]
            ui.keep(state.IN_CONV, names[0], lambda v: v in names)
            conv_name = st.selectbox(_(NP_("inside.filters.conv", "Convolution")), names, key=state.IN_CONV)
            kern = filt.kernels(dict(convs)[conv_name])
            out_c, in_c, kh, kw = kern.shape
            if in_c == 3 and conv_name == names[0]:
                st.image(pics.rgb_filters(kern, count=64),
                         caption=_("{conv}: {shown} of {n} filters, {kh}×{kw}, each shown as a colour image (its three input channels as red, green, blue), scaled to its own range", conv=conv_name, shown=min(out_c, 64), n=out_c, kh=kh, kw=kw))
            else:
                ui.keep(state.IN_FILTER_OUT, 0, lambda v: 0 <= v < out_c)
                o = st.number_input(_("Filter (output channel)"), 0, out_c - 1, step=1, key=state.IN_FILTER_OUT)
                st.image(pics.kernel_grid(kern, int(o), count=64),
                         caption=_("{conv}, filter {o}: its {kh}×{kw} kernel on {shown} of {n} input channels (blue negative, red positive, one scale for the filter)", conv=conv_name, o=o, kh=kh, kw=kw, shown=min(in_c, 64), n=in_c))

with tabs[2]:
    if tabs[2].open:
        keys = state.IN_UNIT
        pick = st.session_state.get(state.IN_PICK)
        points = (pick or {}).get("selection", {}).get("points", []) if isinstance(pick, dict) else []
        if points and points != st.session_state.get(state.IN_PICK_SEEN):  # a click on the map picks the unit
            st.session_state[state.IN_PICK_SEEN] = points
            st.session_state[keys[1]], st.session_state[keys[2]] = int(round(points[0]["y"])), int(round(points[0]["x"]))
        top_channel = int(stats.order("mean")[0])
        for key, default, limit in zip(keys, (top_channel, h // 2, w // 2), (C, h, w)):
            ui.keep(key, default, lambda v, limit=limit: 0 <= v < limit)
        ui.keep(state.IN_ERF_ALL, False)
        left, mid, right = st.columns([1.1, 1, 1])
        with left:
            a, b, c = st.columns(3)
            ch = a.number_input(_("Channel"), 0, C - 1, step=1, key=keys[0])
            i = b.number_input(_("Row i"), 0, h - 1, step=1, key=keys[1])
            j = c.number_input(_("Column j"), 0, w - 1, step=1, key=keys[2])
            picker = pics.unit_picker(fmap[int(ch)].numpy(), selected=(int(i), int(j)), title=_("channel {c}: click a unit", c=ch),
                                      words=bound())
            st.plotly_chart(picker, key=state.IN_PICK, on_select="rerun", selection_mode="points")
        all_channels = st.toggle(_("Effective field of all channels at (i, j)"), key=state.IN_ERF_ALL, help=_("Off: the gradient of the one unit (channel, i, j). On: of the sum over the layer's channels at (i, j)."))
        if rf is None:
            st.info(_("This layer's receptive field is not defined (the analysis could not follow the spatial layout)."))
        else:
            box = sal.rf_box(rf, int(i), int(j), (H, W))
            with mid:
                caption = _("Theoretical receptive field of unit ({i}, {j}): rows {top}…{bottom}, columns {left}…{right} ({rh}×{rw} px)", i=i, j=j, top=box.full[0], bottom=box.full[2], left=box.full[1],
                            right=box.full[3], rh=rf.size[0], rw=rf.size[1])
                st.image(pics.rf_overlay(pre.crop, box), caption=caption + (_(", clipped to the image (the rest is zero padding)") if box.clipped else ""))
            try:
                grad = ui.erf(mkey, pre.key, layer.key, (None if all_channels else int(ch), int(i), int(j)), model, pre.tensor)
            except ExplorerError as err:
                st.error(error_text(err))
            else:
                with right:
                    if grad.max() <= 0:
                        st.warning(_("This unit is 0 here (switched off by a ReLU), so no input pixel changes it: pick another unit or turn on all channels."))
                    st.image(pics.heat_image(grad, box=box), caption=_("Effective receptive field: |∂unit/∂pixel| (bright = the pixel moves the unit most); the cyan box is the theoretical field"))

with tabs[3]:
    if tabs[3].open:
        try:
            with ui.guarded():
                logits = acts.logits()
        except ExplorerError as err:
            st.error(error_text(err), icon="⚠️")
            st.stop()
        n = int(logits.numel())
        names = ui.names_for(choice, n)
        preds = top_k(logits, names, 5)
        default_target = sal.default_target_layer(model, report)  # spatial layers exist: checked above
        tkeys = {f"{l.name}#{l.call}": l.key for l in layers}
        ui.keep(state.IN_TARGET, f"{default_target[0]}#{default_target[1]}", lambda v: v in tkeys)
        ui.keep(state.IN_CLASS, preds[0].index, lambda v: 0 <= v < n)
        c1, c2 = st.columns(2)
        cls = c1.selectbox(_("Class to explain"), list(range(n)), key=state.IN_CLASS, format_func=lambda k: f"{names[k]} ({k})")
        labels = {f"{l.name}#{l.call}": l.label for l in layers}
        tkey = c2.selectbox(_("Grad-CAM layer"), list(tkeys), key=state.IN_TARGET, format_func=labels.get,
                            help=_("Default: {layer}, the last layer that still has a spatial layout.", layer=default_target[0]))
        try:
            result = ui.saliency(mkey, pre.key, tkeys[tkey], int(cls), model, pre.tensor)
        except ExplorerError as err:
            st.error(error_text(err))
        else:
            a, b, c = st.columns(3)
            a.image(pics.enlarge(pre.crop, 320), caption=_("the model's input"))
            b.image(pics.heat_overlay(pre.crop, result.cam), caption=_(
                "Grad-CAM for '{cls}' at {layer} ({h}×{w} map, upsampled)", cls=names[cls], layer=tkeys[tkey][0], h=result.cam_small.shape[0], w=result.cam_small.shape[1]))
            c.image(pics.heat_image(result.gradient, cmap="gray"), caption=_("Gradient saliency: max over colours of |∂score/∂pixel|"))
        st.subheader(_("Top-5 predictions"))
        if choice.trained:
            st.plotly_chart(pics.top_k_figure(preds, words=bound()), key="in:top5")
        else:
            st.caption(_("Random weights predict nothing yet: load a torchvision checkpoint or a trained run to see real predictions. (The largest output now is '{cls}', by chance.)", cls=preds[0].name))

with tabs[4]:
    if tabs[4].open:
        summary = ui.weight_layers(mkey, model)
        st.plotly_chart(pics.weight_box_figure(summary, words=bound()), key="in:wbox")
        names = [l.name for l in summary]
        ui.keep(state.IN_HIST, names[0], lambda v: v in names)
        which = st.selectbox(_("Histogram of layer"), names, key=state.IN_HIST)
        counts, edges = filt.histogram(model, which)
        hist = pics.histogram_figure(counts, edges, title=_("{layer}: {n} weights", layer=which, n=f"{counts.sum():,}"),
                                     words=bound())
        st.plotly_chart(hist, key="in:hist")

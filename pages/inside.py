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
from ui import cache, state, widgets
from ui import inside as ui
from ui.shell import ensure_navigation
from ui.urlstate import to_query

PAGE_SIZE = 64
SORTS = {"index": "channel number", "mean": "mean activation", "max": "peak activation", "active": "share of positive units"}

ensure_navigation()

url_problem = state.load_url()
run_param = st.query_params.get("run")
if run_param and st.session_state.get(state.IN_RUN_SEEN) != run_param:  # ?run=<id>: preselect a trained run
    st.session_state[state.IN_RUN_SEEN] = run_param
    st.session_state[state.IN_WEIGHTS] = "run"
    st.session_state[state.IN_RUN] = run_param
    st.session_state[state.IN_RUN_APPLY] = True
ui.apply_pending_run()

with st.sidebar:
    st.subheader("Model")
    chosen = widgets.model_controls(state.model(), compact=True)
    st.subheader("Weights")
    choice = ui.weights_controls(chosen) if not isinstance(chosen, str) else None
    st.subheader("Image")
    image_error = None
    try:
        loaded = ui.image_controls()
    except ExplorerError as err:
        loaded, image_error = None, str(err)

cfg = state.accept_model(chosen, url_problem)
if choice is not None and choice.kind == "run":
    state.write_url({**to_query(cfg), "run": st.session_state[state.IN_RUN]})
else:
    state.write_model_url(cfg)
arch = get(cfg.arch)
st.title(f"Inside {arch.title}")

try:
    report = cache.report(cfg)
except ExplorerError as err:
    st.error(str(err), icon="⚠️")
    st.stop()
layers = feats.spatial_layers(report)
if not layers:
    st.error("This model has no layer with a spatial (C×H×W) output, so there are no feature maps to show.")
    st.stop()
if choice is None:
    st.info("Choose the weights in the sidebar: a random initialisation, a trained run or a torchvision checkpoint.")
    st.stop()
if image_error:
    st.error(image_error, icon="🖼️")
    st.stop()
if loaded is None:
    st.info("Upload a photo or take one with the camera (sidebar), or pick a sample photo.")
    st.stop()

try:
    model, load_notes = ui.load_model(cfg, choice)
    pre = ui.preprocess(loaded.digest, loaded, cfg.shape(), choice.mean, choice.std, choice.crop_fraction)
except ExplorerError as err:
    st.error(str(err), icon="⚠️")
    st.stop()
st.caption(f"`{arch.name}` · weights: {choice.label} · image: {loaded.name}")
for note in (*load_notes, *loaded.notes):
    st.info(note)
mkey = ui.model_key(cfg, choice)
acts = ui.activations(mkey, pre.key, model, pre.tensor)
C_in, H, W = cfg.shape()

with st.expander("What the model receives: resize, crop, normalise", expanded=False):
    cols = st.columns([1, 1, 2])
    cols[0].image(loaded.image, caption=f"{loaded.name}: {loaded.image.size[0]}×{loaded.image.size[1]} ({loaded.format})")
    cols[1].image(pics.enlarge(pre.crop, 224), caption=f"the {W}×{H} crop the model sees")
    cols[2].markdown("\n".join(f"{k}. **{s.title}** — {s.detail}" for k, s in enumerate(pre.steps, 1)))

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


kept = st.session_state.get(state.IN_LAYER_KEPT)
start = kept[1] if kept and kept[0] == cfg.arch and kept[1] in by_index else feats.default_layer(report).index
current = ui.keep(state.IN_LAYER, start, lambda v: v in by_index)
ui.keep(state.IN_WALK, _nearest_step(current), lambda v: v == _nearest_step(current))

st.select_slider(
    "Walk through the layers: edges → textures → parts", walk, key=state.IN_WALK, on_change=_walk_moved,
    format_func=lambda i: by_index[i].name,
)
st.selectbox(
    "Layer, in the model's own hierarchy", [l.index for l in layers], key=state.IN_LAYER, on_change=_layer_picked,
    format_func=lambda i: "\u00a0\u00a0\u00a0" * (by_index[i].depth - 1) + by_index[i].label,
)
layer = by_index[st.session_state[state.IN_LAYER]]
st.session_state[state.IN_LAYER_KEPT] = (cfg.arch, layer.index)
fresh = layer.key not in acts.computed()
try:
    fmap, seconds = ui.timed(acts.get, *layer.key)
except ExplorerError as err:
    st.error(str(err), icon="⚠️")
    st.stop()
stats = feats.channel_stats(fmap)
C, h, w = layer.shape
rf = layer.receptive_field
st.caption(
    f"**{layer.name}** ({layer.type}): {C} channels of {h}×{w}"
    + (f" · each unit sees {rf.size[0]}×{rf.size[1]} input pixels, one step = {rf.stride[0]} px" if rf else "")
    + (f" · computed in {seconds * 1000:,.0f} ms" if fresh else " · from the cache (no forward pass)")
)

VIEWS = ["Feature maps", "Filters", "Receptive field", "Saliency", "Weights"]
ui.keep(state.IN_VIEW, VIEWS[0], lambda v: v in VIEWS)
tabs = st.tabs(VIEWS, key=state.IN_VIEW, on_change="rerun")

with tabs[0]:
    if tabs[0].open:
        c1, c2, c3 = st.columns(3)
        ui.keep(state.IN_SORT, "mean", lambda v: v in SORTS)
        sort = c1.selectbox("Sort channels by", list(SORTS), key=state.IN_SORT, format_func=SORTS.get)
        ui.keep(state.IN_CMAP, "viridis", lambda v: v in pics.COLORMAPS)
        cmap = c2.selectbox("Colour map", list(pics.COLORMAPS), key=state.IN_CMAP)
        ui.keep(state.IN_PER_CHANNEL, True)
        per_channel = c3.toggle("Scale each channel to its own min–max", key=state.IN_PER_CHANNEL,
                                help="Off: one scale for the whole layer, so weak channels look dark.")
        pages = max(1, math.ceil(C / PAGE_SIZE))
        if pages > 1:
            ui.keep(state.IN_PAGE, 1, lambda p: 1 <= p <= pages)
        order = stats.order(sort)
        page = st.pagination(pages, key=state.IN_PAGE) if pages > 1 else 1
        shown = order[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        st.image(
            pics.feature_grid(fmap.numpy(), shown, cmap=cmap, per_channel=per_channel),
            caption=f"{layer.name}: channels {len(shown)} of {C} (page {page} of {pages}), sorted by {SORTS[sort]}",
        )

with tabs[1]:
    if tabs[1].open:
        convs = filt.conv_layers(model)
        if not convs:
            st.info("This model has no 2-D convolution.")
        else:
            names = [n for n, _ in convs]
            ui.keep(state.IN_CONV, names[0], lambda v: v in names)
            conv_name = st.selectbox("Convolution", names, key=state.IN_CONV)
            kern = filt.kernels(dict(convs)[conv_name])
            out_c, in_c, kh, kw = kern.shape
            if in_c == 3 and conv_name == names[0]:
                st.image(pics.rgb_filters(kern, count=64), caption=f"{conv_name}: {min(out_c, 64)} of {out_c} filters, {kh}×{kw}, "
                         "each shown as a colour image (its three input channels as red, green, blue), scaled to its own range")
            else:
                ui.keep(state.IN_FILTER_OUT, 0, lambda v: 0 <= v < out_c)
                o = st.number_input("Filter (output channel)", 0, out_c - 1, step=1, key=state.IN_FILTER_OUT)
                st.image(pics.kernel_grid(kern, int(o), count=64), caption=f"{conv_name}, filter {o}: its {kh}×{kw} kernel on "
                         f"{min(in_c, 64)} of {in_c} input channels (blue negative, red positive, one scale for the filter)")

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
            ch = a.number_input("Channel", 0, C - 1, step=1, key=keys[0])
            i = b.number_input("Row i", 0, h - 1, step=1, key=keys[1])
            j = c.number_input("Column j", 0, w - 1, step=1, key=keys[2])
            st.plotly_chart(
                pics.unit_picker(fmap[int(ch)].numpy(), selected=(int(i), int(j)), title=f"channel {ch}: click a unit"),
                key=state.IN_PICK, on_select="rerun", selection_mode="points",
            )
        all_channels = st.toggle("Effective field of all channels at (i, j)", key=state.IN_ERF_ALL,
                                 help="Off: the gradient of the one unit (channel, i, j). On: of the sum over the layer's channels at (i, j).")
        if rf is None:
            st.info("This layer's receptive field is not defined (the analysis could not follow the spatial layout).")
        else:
            box = sal.rf_box(rf, int(i), int(j), (H, W))
            with mid:
                st.image(pics.rf_overlay(pre.crop, box), caption=(
                    f"Theoretical receptive field of unit ({i}, {j}): rows {box.full[0]}…{box.full[2]}, columns {box.full[1]}…{box.full[3]}"
                    f" ({rf.size[0]}×{rf.size[1]} px)" + (", clipped to the image (the rest is zero padding)" if box.clipped else "")
                ))
            try:
                grad = ui.erf(mkey, pre.key, layer.key, (None if all_channels else int(ch), int(i), int(j)), model, pre.tensor)
            except ExplorerError as err:
                st.error(str(err))
            else:
                with right:
                    if grad.max() <= 0:
                        st.warning("This unit is 0 here (switched off by a ReLU), so no input pixel changes it: pick another unit or turn on all channels.")
                    st.image(pics.heat_image(grad, box=box), caption="Effective receptive field: |∂unit/∂pixel| (bright = the pixel "
                             "moves the unit most); the cyan box is the theoretical field")

with tabs[3]:
    if tabs[3].open:
        logits = acts.logits()
        n = int(logits.numel())
        names = ui.names_for(choice, n)
        preds = top_k(logits, names, 5)
        default_target = sal.default_target_layer(model, report)  # spatial layers exist: checked above
        tkeys = {f"{l.name}#{l.call}": l.key for l in layers}
        ui.keep(state.IN_TARGET, f"{default_target[0]}#{default_target[1]}", lambda v: v in tkeys)
        ui.keep(state.IN_CLASS, preds[0].index, lambda v: 0 <= v < n)
        c1, c2 = st.columns(2)
        cls = c1.selectbox("Class to explain", list(range(n)), key=state.IN_CLASS, format_func=lambda k: f"{names[k]} ({k})")
        labels = {f"{l.name}#{l.call}": l.label for l in layers}
        tkey = c2.selectbox("Grad-CAM layer", list(tkeys), key=state.IN_TARGET, format_func=labels.get,
                            help=f"Default: {default_target[0]}, the last layer that still has a spatial layout.")
        try:
            result = ui.saliency(mkey, pre.key, tkeys[tkey], int(cls), model, pre.tensor)
        except ExplorerError as err:
            st.error(str(err))
        else:
            a, b, c = st.columns(3)
            a.image(pics.enlarge(pre.crop, 320), caption="the model's input")
            b.image(pics.heat_overlay(pre.crop, result.cam), caption=f"Grad-CAM for '{names[cls]}' at {tkeys[tkey][0]} "
                    f"({result.cam_small.shape[0]}×{result.cam_small.shape[1]} map, upsampled)")
            c.image(pics.heat_image(result.gradient, cmap="gray"), caption="Gradient saliency: max over colours of |∂score/∂pixel|")
        st.subheader("Top-5 predictions")
        if choice.trained:
            st.plotly_chart(pics.top_k_figure(preds), key="in:top5")
        else:
            st.caption("Random weights predict nothing yet: load a torchvision checkpoint or a trained run to see real predictions. "
                       f"(The largest output now is '{preds[0].name}', by chance.)")

with tabs[4]:
    if tabs[4].open:
        summary = ui.weight_layers(mkey, model)
        st.plotly_chart(pics.weight_box_figure(summary), key="in:wbox")
        names = [l.name for l in summary]
        ui.keep(state.IN_HIST, names[0], lambda v: v in names)
        which = st.selectbox("Histogram of layer", names, key=state.IN_HIST)
        counts, edges = filt.histogram(model, which)
        st.plotly_chart(pics.histogram_figure(counts, edges, title=f"{which}: {counts.sum():,} weights"), key="in:hist")

"""Inside: one image through one network — feature maps, filters, receptive fields, Grad-CAM, weights."""

import streamlit as st

from explorer.errors import ExplorerError
from explorer.inside import features as feats
from explorer.viz import inside as pics
from explorer.zoo import get
from ui import cache, inside, projector, state, widgets
from ui import inside_views as views
from ui.i18n import _, error_text, escape_md, N_, note_text, NP_
from ui.shell import ensure_navigation
from ui.tabs import lazy_tabs
from ui.urlstate import to_query

ensure_navigation()

url_problem = state.load_url()
inside.run_from_url()
inside.apply_pending_run()

with st.sidebar:
    st.subheader(_(NP_("inside.sidebar.model", "Model")))
    chosen = widgets.model_controls(state.model(), compact=True)
    st.subheader(_(NP_("inside.sidebar.weights", "Weights")))
    choice = inside.weights_controls(chosen) if not isinstance(chosen, str) else None
    st.subheader(_("Image"))
    image_error = None
    try:
        loaded = inside.image_controls()
    except ExplorerError as err:
        loaded, image_error = None, error_text(err)
    projector.enter_button("inside")

cfg = state.accept_model(chosen, url_problem)
if choice is not None and choice.kind == "run":
    state.write_url({**to_query(cfg), inside.RUN_PARAM: st.session_state[state.IN_RUN]})
else:
    state.write_model_url(cfg)
arch = get(cfg.arch)
if projector.presenting("inside"):  # large type, no sidebar: the image and what the layers make of it
    projector.header("inside", _("Inside {arch}", arch=arch.title))
else:
    st.title(_("Inside {arch}", arch=arch.title))

try:
    report = cache.report(cfg)
    inside.check_budget(cfg)  # before any weights, feature maps or gradients are allocated
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
    model, load_notes = inside.load_model(cfg, choice)
    pre = inside.preprocess(loaded.digest, loaded, cfg.shape(), choice.mean, choice.std, choice.crop_fraction)
except ExplorerError as err:
    st.error(error_text(err), icon="⚠️")
    st.stop()
st.caption(_("`{arch}` · weights: {weights} · image: {image}", arch=arch.name, weights=choice.label, image=loaded.name))
for note in (*load_notes, *loaded.notes):
    st.info(note_text(note))
mkey = inside.model_key(cfg, choice)
acts = inside.activations(mkey, pre.key, model, pre.tensor)

with st.expander(_("What the model receives: resize, crop, normalise"), expanded=False):
    __, H, W = cfg.shape()
    cols = st.columns([1, 1, 2])
    cols[0].image(loaded.image, caption=f"{escape_md(loaded.name)}: {loaded.image.size[0]}×{loaded.image.size[1]} ({escape_md(loaded.format)})")
    cols[1].image(pics.enlarge(pre.crop, 224), caption=_("the {w}×{h} crop the model sees", w=W, h=H))
    cols[2].markdown("\n".join(f"{k}. **{note_text(s.title)}** — {note_text(s.detail)}" for k, s in enumerate(pre.steps, 1)))

layer = views.layer_picker(cfg, report, layers)
fmap = views.feature_map(acts, layer)
shown = views.Shown(cfg, report, choice, model, mkey, pre, acts, layers, layer, fmap, feats.channel_stats(fmap))

# Lazy tabs: only the open one runs (a changed layer recomputes one view, not five).
for view, tab in lazy_tabs(inside.VIEWS, key=state.IN_VIEW, labels={"rf": N_("Receptive field"), "maps": N_("Feature maps"), "filters": NP_("inside.view.filters", "Filters"), "saliency": N_("Saliency"), "weights": NP_("inside.view.weights", "Weights")}).items():
    if tab.open:
        with tab:
            views.TABS[view](shown)

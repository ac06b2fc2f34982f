"""Design: write a network as a YAML spec; its layers, shapes, parameters, MACs and receptive fields beside it."""

from functools import partial

import streamlit as st

from explorer.zoo.design_export import to_source
from ui import budget, design, state, views
from explorer.settings import settings
from ui.i18n import _, error_text, note_text
from ui.shell import ensure_navigation

ensure_navigation()

url_problem = state.load_url()
if url_problem:
    st.warning(url_problem)
design.sync_editor()
design.load_upload()

st.title(_("Design your own network"))
st.caption(_("Write the network as a YAML spec on the left; its layers, shapes, parameters, MACs and receptive fields appear on the right. A mistake names its line. The design then opens on every page: Architecture, Compare, Inside, Train."))

with st.sidebar:
    st.subheader(_("Start from a zoo model"))
    names = design.copyable()
    state.ensure(design.FROM, state.model().arch if state.model().arch in names else "resnet_cifar")
    st.selectbox(_("Architecture"), names, key=design.FROM, help=_("VGG, ResNet, LeNet-5, TinyVGG and the CIFAR models can be written as a spec; others say why not."))
    st.button(_("Edit a copy"), on_click=design.on_copy, icon=":material/content_copy:", width="stretch")
    st.subheader(_("Files"))
    st.file_uploader(_("Open a .yaml spec"), type=["yaml", "yml"], key=design.UPLOAD, help=_("It replaces the text in the editor."))

problem = st.session_state.get(design.COPY_ERROR)
if problem:
    st.warning(problem, icon="⚠️")

cards = st.container()  # the summary cards, full width above the editor and the table (filled below)
editor_col, view_col = st.columns([2, 3], gap="large")
with editor_col:
    st.text_area(_("Spec (YAML)"), key=design.TEXT, height=600, help=_("One layer a line under layers:, e.g. '- conv: {out: 32, kernel: 3, padding: same}'. The README's section \"Design your own network\" lists every layer and block."),
                 max_chars=settings().design_max_chars)
    st.caption(_("Press Ctrl+Enter (or click outside the box) to update the view."))
text = st.session_state.get(design.TEXT, "")
result = design.analyse(text)
design.accept(result)

with view_col:
    if result.error is not None:
        design.show_error(result.error, text)
    else:
        report = result.report
        with cards:
            views.summary_cards(report, batch=1, keras=False, flops=False)
        for kind, problem in budget.problems(result.cfg, 1):  # what Inside and Train would refuse, said ahead
            reason = error_text(problem)
            st.info(_("The Inside page would not build this design on this server: {reason}", reason=reason) if kind == "inside" else _("Training it would be refused on this server: {reason}", reason=reason), icon="ℹ️")
        for note in report.diagnostics:
            st.info(note_text(note))
        views.layer_table(report, keras=False, flops=False, key="design_layers")
        c1, c2, c3 = st.columns(3)
        c1.page_link("pages/architecture.py", label=_("Open in Architecture"), icon=":material/view_agenda:")
        c2.page_link("pages/inside.py", label=_("Open in Inside"), icon=":material/visibility:")
        c3.page_link("pages/train.py", label=_("Train it"), icon=":material/model_training:")

with editor_col:
    stem = design.file_stem(text)
    d1, d2 = st.columns(2)
    d1.download_button(_("Download .yaml"), text, f"{stem}.yaml", "application/x-yaml", on_click="ignore",
                       width="stretch", icon=":material/download:")
    d2.download_button(_("Export PyTorch .py"), partial(to_source, text), f"{stem}.py", "text/x-python", on_click="ignore",
                       width="stretch", icon=":material/code:", disabled=result.error is not None)

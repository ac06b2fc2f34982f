"""Design: write a network as a YAML spec; its layers, shapes, parameters, MACs and receptive fields beside it."""

from functools import partial

import streamlit as st

from explorer.zoo.design_export import to_source
from ui import budget, design, state, views
from explorer.settings import settings
from ui.i18n import error_text, note_text, t
from ui.shell import ensure_navigation

ensure_navigation()

url_problem = state.load_url()
if url_problem:
    st.warning(url_problem)
design.sync_editor()
design.load_upload()

st.title(t("design.title"))
st.caption(t("design.caption"))

with st.sidebar:
    st.subheader(t("design.sidebar.copy"))
    names = design.copyable()
    state.ensure(design.FROM, state.model().arch if state.model().arch in names else "resnet_cifar")
    st.selectbox(t("design.copy.from"), names, key=design.FROM, help=t("design.copy.help"))
    st.button(t("design.copy.button"), on_click=design.on_copy, icon=":material/content_copy:", width="stretch")
    st.subheader(t("design.sidebar.files"))
    st.file_uploader(t("design.upload"), type=["yaml", "yml"], key=design.UPLOAD, help=t("design.upload.help"))

problem = st.session_state.get(design.COPY_ERROR)
if problem:
    st.warning(problem, icon="⚠️")

cards = st.container()  # the summary cards, full width above the editor and the table (filled below)
editor_col, view_col = st.columns([2, 3], gap="large")
with editor_col:
    st.text_area(t("design.editor"), key=design.TEXT, height=600, help=t("design.editor.help"),
                 max_chars=settings().design_max_chars)
    st.caption(t("design.editor.hint"))
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
            st.info(t("design.budget.inside", reason=reason) if kind == "inside" else t("design.budget.train", reason=reason), icon="ℹ️")
        for note in report.diagnostics:
            st.info(note_text(note))
        views.layer_table(report, keras=False, flops=False, key="design_layers")
        c1, c2, c3 = st.columns(3)
        c1.page_link("pages/architecture.py", label=t("design.open.architecture"), icon=":material/view_agenda:")
        c2.page_link("pages/inside.py", label=t("design.open.inside"), icon=":material/visibility:")
        c3.page_link("pages/train.py", label=t("design.open.train"), icon=":material/model_training:")

with editor_col:
    stem = design.file_stem(text)
    d1, d2 = st.columns(2)
    d1.download_button(t("design.download.yaml"), text, f"{stem}.yaml", "application/x-yaml", on_click="ignore",
                       width="stretch", icon=":material/download:")
    d2.download_button(t("design.download.py"), partial(to_source, text), f"{stem}.py", "text/x-python", on_click="ignore",
                       width="stretch", icon=":material/code:", disabled=result.error is not None)

"""Architecture: one network, every layer — cards, layer table with formulas, charts, torchinfo, downloads."""

from functools import partial

import streamlit as st

from explorer import viz
from explorer.analysis import format as fmt
from explorer.errors import ExplorerError
from explorer.settings import settings
from explorer.zoo import get
from ui import budget, cache, design, projector, state, views, widgets, zoo_text
from ui.i18n import _, bound, error_text, N_, note_text, NP_
from ui.shell import ensure_navigation
from ui.tabs import lazy_tabs

# The messages of f"arch.budget.{kind}", by kind (from the keys of the old catalogue).
_ARCH_BUDGET = {
    "inside": N_("The Inside page would not build this model on this server: {reason}"),
    "train": N_("Training it with a batch of {batch} would be refused on this server: {reason}"),
}

ensure_navigation()

values = state.arch_values()  # batch, flops, keras (and tab) live in the URL too
url_problem = state.load_url(values, keys=state.ARCH_VALUE_KEYS)

with st.sidebar:
    st.subheader(_(NP_("arch.sidebar.model", "Model")))
    chosen = widgets.model_controls(state.model())
    st.subheader(_("Display"))
    max_batch = settings().max_batch
    state.ensure(state.BATCH, 1)
    if not 1 <= st.session_state[state.BATCH] <= max_batch:
        st.session_state[state.BATCH] = min(max(1, int(st.session_state[state.BATCH])), max_batch)
    batch = st.number_input(_("Batch size (for memory)"), min_value=1, max_value=max_batch, step=1, key=state.BATCH,
                            help=_("This server allows batches of up to {limit}.", limit=max_batch))
    keras = st.toggle(_("Keras-style parameter count"), key=state.KERAS, help=_("Count BatchNorm's running mean and variance as non-trainable parameters, as the books' model.summary() does."))
    flops = st.toggle(_("Show FLOPs (2 × MACs)"), key=state.FLOPS)
    projector.enter_button("architecture")

cfg = state.accept_model(chosen, url_problem)
shown = {"batch": int(batch), "flops": bool(flops), "keras": bool(keras)}
state.write_model_url(cfg, keep=(state.TAB,), values={v: shown[v.name] for v in values if v.name in shown})
arch = get(cfg.arch)

st.title(zoo_text.title(arch))
st.caption(f"`{arch.name}` · {arch.source}")
st.button(_("Edit a copy on the Design page"), icon=":material/edit_square:", on_click=design.edit_copy, args=(cfg,))  # ui/design.py
design.follow_edit_copy()  # opens the Design page after the button's callback
if arch.notes:
    with st.expander(_("How this model relates to its paper or book")):
        st.markdown(zoo_text.notes(arch))

try:
    report = cache.report(cfg)
except ExplorerError as err:
    views.analysis_error(err)
    st.stop()

if projector.presenting("architecture"):  # the numbers and one chart, for the back of the room
    projector.header("architecture", zoo_text.title(arch))
    views.summary_cards(report, batch=int(batch), keras=keras, flops=flops)
    shown = {"name": zoo_text.title(arch), "words": bound()}
    charts = {
        "diagram": lambda: viz.network_diagram(report, **shown), "rf": lambda: viz.receptive_field_figure(report, **shown),
        "shapes": lambda: viz.shapes_figure(report, **shown), "stage_params": lambda: viz.stage_bars(report, "params", **shown),
        "stage_macs": lambda: viz.stage_bars(report, "mult_adds", **shown),
    }
    choice = projector.chart_choice("architecture", list(charts), labels={"diagram": N_("Layers to scale"), "rf": N_("Receptive field"), "shapes": N_("Shapes"), "stage_params": N_("Parameters by stage"), "stage_macs": N_("MACs by stage")})
    st.plotly_chart(projector.scaled(charts[choice]()), key="present_chart")
    st.stop()

views.summary_cards(report, batch=int(batch), keras=keras, flops=flops)
for kind, problem in budget.problems(cfg, int(batch)):  # what Inside and Train would refuse, said ahead
    st.info(_(_ARCH_BUDGET[kind], batch=int(batch), reason=error_text(problem)), icon="ℹ️")
for note in report.diagnostics:
    st.info(note_text(note))

# Lazy tabs: only the open one runs, so a changed knob redraws the numbers, not five charts.
# The open tab is in the URL (?tab=charts), so a shared link opens on the same tab.
tabs = lazy_tabs(["layers", "charts", "torchinfo"], key=state.TAB, labels={"layers": NP_("arch.tab.layers", "Layers"), "charts": N_("Charts"), "torchinfo": N_("torchinfo")}, url_param=state.TAB)

if tabs["layers"].open:
    with tabs["layers"]:
        # The table takes the page's width (every column readable at 1280 px); the formulas of the
        # selected row follow under it.
        selected = views.layer_table(report, keras=keras, flops=flops)
        st.subheader(_("Formulas"))
        views.formula_panel(report, selected)
        # The files are made when a button is pressed (Streamlit runs the callable then), not on every rerun.
        d1, d2, d3 = st.columns(3)
        for col, (label, make, ext, mime) in zip(
            (d1, d2, d3),
            (
                (N_("Download CSV"), fmt.to_csv, "csv", "text/csv"),
                (N_("Download Markdown"), fmt.to_markdown, "md", "text/markdown"),
                (N_("Download JSON"), fmt.to_json, "json", "application/json"),
            ),
        ):
            col.download_button(_(label), partial(make, report), f"{cfg.arch}.{ext}", mime, on_click="ignore", width="stretch")

if tabs["charts"].open:
    with tabs["charts"]:
        shown = {"name": zoo_text.title(arch), "words": bound()}  # the figures in the interface's language
        st.plotly_chart(viz.network_diagram(report, **shown), key="diagram")
        c1, c2 = st.columns(2)
        with c1:
            st.plotly_chart(viz.shapes_figure(report, **shown), key="shapes")
            st.plotly_chart(viz.stage_bars(report, "params", **shown), key="stage_params")
        with c2:
            st.plotly_chart(viz.receptive_field_figure(report, **shown), key="rf")
            st.plotly_chart(viz.stage_bars(report, "mult_adds", **shown), key="stage_macs")

if tabs["torchinfo"].open:
    with tabs["torchinfo"]:
        st.caption(_("torchinfo's own summary of the same model, for comparison (its Mult-Adds are our MACs)."))
        with st.spinner(_("Running torchinfo…")):
            summary = cache.torchinfo_text(cfg)
        st.code(summary, language=None)

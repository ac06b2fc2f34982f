"""Architecture: one network, every layer — cards, layer table with formulas, charts, torchinfo, downloads."""

import streamlit as st

from explorer import viz
from explorer.analysis import format as fmt
from explorer.errors import ExplorerError
from explorer.zoo import get
from ui import cache, state, views, widgets
from ui.i18n import t
from ui.shell import ensure_navigation

ensure_navigation()

url_problem = state.load_url()

with st.sidebar:
    st.subheader(t("arch.sidebar.model"))
    chosen = widgets.model_controls(state.model())
    st.subheader(t("arch.sidebar.display"))
    state.ensure(state.BATCH, 1)
    batch = st.number_input(t("arch.batch"), min_value=1, max_value=4096, step=1, key=state.BATCH)
    keras = st.toggle(t("arch.keras"), key=state.KERAS, help=t("arch.keras.help"))
    flops = st.toggle(t("arch.flops"), key=state.FLOPS)

cfg = state.accept_model(chosen, url_problem)
state.write_model_url(cfg)
arch = get(cfg.arch)

st.title(arch.title)
st.caption(f"`{arch.name}` · {arch.source}")
if arch.notes:
    with st.expander(t("arch.notes")):
        st.markdown(arch.notes)

try:
    report = cache.report(cfg)
except ExplorerError as err:
    views.analysis_error(err)
    st.stop()

views.summary_cards(report, batch=int(batch), keras=keras, flops=flops)
for note in report.diagnostics:
    st.info(note)

layers_tab, charts_tab, torchinfo_tab = st.tabs([t("arch.tab.layers"), t("arch.tab.charts"), t("arch.tab.torchinfo")])

with layers_tab:
    table_col, formula_col = st.columns([3, 2])
    with table_col:
        selected = views.layer_table(report, keras=keras, flops=flops)
    with formula_col:
        st.subheader(t("arch.formulas"))
        views.formula_panel(report, selected)
    name = cfg.arch
    d1, d2, d3 = st.columns(3)
    d1.download_button(t("arch.download.csv"), fmt.to_csv(report), f"{name}.csv", "text/csv", width="stretch")
    d2.download_button(t("arch.download.md"), fmt.to_markdown(report), f"{name}.md", "text/markdown", width="stretch")
    d3.download_button(t("arch.download.json"), fmt.to_json(report), f"{name}.json", "application/json", width="stretch")

with charts_tab:
    st.plotly_chart(viz.network_diagram(report), key="diagram")
    c1, c2 = st.columns(2)
    with c1:
        st.plotly_chart(viz.shapes_figure(report), key="shapes")
        st.plotly_chart(viz.stage_bars(report, "params"), key="stage_params")
    with c2:
        st.plotly_chart(viz.receptive_field_figure(report), key="rf")
        st.plotly_chart(viz.stage_bars(report, "mult_adds"), key="stage_macs")

with torchinfo_tab:
    st.caption(t("arch.torchinfo.caption"))
    if st.toggle(t("arch.torchinfo.run"), key="w:torchinfo"):
        st.code(cache.torchinfo_text(cfg), language=None)

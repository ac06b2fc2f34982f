"""Choose a backbone: published ImageNet accuracy against parameters, multiply-adds and latency measured here."""

import streamlit as st

from explorer.analysis import backbones as bb
from explorer.analysis.format import human, human_bytes
from explorer.viz.choose_figures import pareto_figure
from explorer.zoo import get
from ui import choose as C
from ui import views, zoo_text
from ui.i18n import bound, keep_choice, t
from ui.shell import ensure_navigation

ensure_navigation()
tr = bound()

everything = bb.candidates()
with st.sidebar:
    st.subheader(t("choose.sidebar.models"))
    keep_choice(C.PRESET)
    preset = st.selectbox(t("choose.preset"), [C.ALL, *bb.PRESETS], key=C.PRESET,
                          format_func=lambda p: tr("choose.preset.all") if p == C.ALL else tr(C.PRESET_KEYS[p]))
    keep_choice(C.RECIPE)
    recipe = st.radio(t("choose.recipe"), ["v1", "best"], key=C.RECIPE, format_func=lambda r: tr(f"choose.recipe.{r}"),
                      help=t("choose.recipe.help"))
    st.subheader(t("choose.sidebar.filters"))
    max_params = st.number_input(t("choose.filter.params"), min_value=0.1, value=None, step=1.0, key=C.MAX_PARAMS,
                                 placeholder=t("choose.filter.none"))
    max_ms = st.number_input(t("choose.filter.ms"), min_value=0.1, value=None, step=10.0, key=C.MAX_MS,
                             placeholder=t("choose.filter.none"))
    min_rf = st.number_input(t("choose.filter.rf"), min_value=1, value=None, step=10, key=C.MIN_RF,
                             placeholder=t("choose.filter.none"))
    st.subheader(t("choose.sidebar.measure"))
    device = st.selectbox(t("choose.device"), C.devices(), key=C.DEVICE)
    batch = int(st.number_input(t("choose.batch"), min_value=1, max_value=64, value=8, step=1, key=C.BATCH))
    repeats = int(st.number_input(t("choose.repeats"), min_value=2, max_value=50, value=5, step=1, key=C.REPEATS,
                                  help=t("choose.repeats.help")))

st.title(t("choose.title"))
st.caption(t("choose.intro"))
info = C.device_info(device)
st.markdown(t("choose.device.line", name=info["device_name"], device=device, threads=info["threads"],
              torch=info["torch_version"]))

archs = everything if preset == C.ALL else bb.preset(preset, everything)
missing = [] if preset == C.ALL else [n for n in bb.PRESETS[preset] if n not in archs]
if missing:
    st.caption(t("choose.preset.missing", names=", ".join(missing)))
all_rows = C.rows(archs, recipe=recipe, batch=batch, device=device, repeats=repeats)
shown = bb.filtered(all_rows, max_params=int(max_params * 1e6) if max_params else None, max_ms=max_ms, min_rf=min_rf)

problem = C.job_error()
if problem:
    st.error(problem, icon="⚠️")
unmeasured = [r.arch for r in shown if r.latency_ms is None or (batch != 1 and r.batch_ms is None)]
c1, c2 = st.columns([1, 3])
with c1:
    st.button(t("choose.measure.button", n=len(shown)), key="ch:measure", type="primary", disabled=C.running() or not shown,
              help=t("choose.measure.help"), on_click=C.on_measure,
              args=([r.arch for r in shown],), kwargs={"batch": batch, "device": device, "repeats": repeats})
    refused = st.session_state.pop(C.REFUSED, None)
    if refused:
        st.error(refused, icon="⚠️")
with c2:
    if C.running():
        C.progress_panel()
    elif unmeasured:
        st.caption(t("choose.measure.todo", n=len(unmeasured)))

if not shown:
    st.info(t("choose.none"))
    st.stop()

metric = st.radio(t("choose.metric"), list(bb.METRICS), key=C.METRIC, horizontal=True,
                  format_func=lambda m: tr(f"viz.choose.metric.{m}"))
names = [zoo_text.title(get(r.arch)) for r in shown]
st.plotly_chart(pareto_figure(shown, metric, names=names, words=tr), key="ch:fig")

memory_kind = {True: tr("choose.memory.measured"), False: tr("choose.memory.estimate")}
table = {
    t("choose.col.model"): names,
    t("choose.col.year"): [r.year for r in shown],
    t("choose.col.params"): [r.params for r in shown],
    t("choose.col.macs"): [r.mult_adds for r in shown],
    t("choose.col.rf"): [r.receptive_field for r in shown],
    t("choose.col.top1"): [r.top1 for r in shown],
    t("choose.col.top5"): [r.top5 for r in shown],
    t("choose.col.weights"): [r.weights for r in shown],
    t("choose.col.latency"): [round(r.latency_ms, 2) if r.latency_ms is not None else None for r in shown],
    t("choose.col.batch_ms", batch=batch): [round(r.batch_ms, 2) if r.batch_ms is not None else None for r in shown],
    t("choose.col.memory", batch=batch): [human_bytes(r.memory_bytes) if r.memory_bytes else None for r in shown],
    t("choose.col.memory_kind"): [memory_kind[r.memory_measured] if r.memory_bytes else None for r in shown],
}
number = st.column_config.NumberColumn
st.dataframe(table, hide_index=True, width="stretch", column_config={
    t("choose.col.model"): st.column_config.TextColumn(width="medium"),
    t("choose.col.year"): number(format="%d"),
    t("choose.col.params"): number(format="localized"),
    t("choose.col.macs"): number(format="localized"),
    t("choose.col.top1"): number(format="%.3f"),
    t("choose.col.top5"): number(format="%.3f"),
    t("choose.col.latency"): number(format="%.1f"),
    t("choose.col.batch_ms", batch=batch): number(format="%.1f"),
})
st.caption(t("choose.source"))

# One model in large print: what a class reads off the projector.
by_arch = {r.arch: r for r in shown}
keep_choice(C.FOCUS)
if st.session_state.get(C.FOCUS) not in by_arch:
    st.session_state[C.FOCUS] = shown[0].arch
focus = st.selectbox(t("choose.focus"), list(by_arch), key=C.FOCUS, format_func=lambda a: f"{zoo_text.title(get(a))}  ·  {a}")
r = by_arch[focus]
views.cards([
    (t("choose.col.params"), f"{r.params:,}", None),
    (t("choose.col.macs"), human(r.mult_adds), None),
    (t("choose.col.top1"), f"{r.top1:.3f} %" if r.top1 is not None else "—", r.weights),
    (t("choose.col.rf"), f"{r.receptive_field} px" if r.receptive_field else "—", None),
    (t("choose.col.latency"), f"{r.latency_ms:.1f} ms" if r.latency_ms is not None else "—", None),
])

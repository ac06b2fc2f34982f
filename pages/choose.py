"""Choose a backbone: published ImageNet accuracy against parameters, multiply-adds and latency measured here."""

import streamlit as st

from explorer.analysis import backbones as bb
from explorer.analysis.format import human, human_bytes
from explorer.viz.choose_figures import pareto_figure
from explorer.zoo import get
from ui import choose as C
from ui import views, zoo_text
from ui.i18n import _, bound, keep_choice, N_, NP_
from ui.shell import ensure_navigation

# The messages of f"viz.choose.metric.{m}", by m (from the keys of the old catalogue).
_VIZ_CHOOSE_METRIC = {
    "params": N_("parameters"),
    "mult_adds": N_("multiply-adds"),
    "latency_ms": N_("latency"),
}

# The messages of f"choose.recipe.{r}", by r (from the keys of the old catalogue).
_CHOOSE_RECIPE = {
    "v1": N_("IMAGENET1K_V1 (the paper's recipe)"),
    "best": N_("IMAGENET1K_V2 where published, else V1"),
    "help": N_("torchvision retrained many models with a newer recipe (V2): same architecture, higher accuracy. The table's Checkpoint column says which figure is shown."),
}

ensure_navigation()
tr = bound()

everything = bb.candidates()
with st.sidebar:
    st.subheader(_("Models"))
    keep_choice(C.PRESET)
    preset = st.selectbox(_("Preset"), [C.ALL, *bb.PRESETS], key=C.PRESET,
                          format_func=lambda p: tr("All torchvision models") if p == C.ALL else tr(C.PRESET_KEYS[p]))
    keep_choice(C.RECIPE)
    recipe = st.radio(_("Accuracy of which checkpoint"), ["v1", "best"], key=C.RECIPE, format_func=lambda r: tr(_CHOOSE_RECIPE[r]),
                      help=_("torchvision retrained many models with a newer recipe (V2): same architecture, higher accuracy. The table's Checkpoint column says which figure is shown."))
    st.subheader(_(NP_("choose.sidebar.filters", "Filters")))
    max_params = st.number_input(_("At most … million parameters"), min_value=0.1, value=None, step=1.0, key=C.MAX_PARAMS,
                                 placeholder=_("no limit"))
    max_ms = st.number_input(_("At most … ms at batch 1"), min_value=0.1, value=None, step=10.0, key=C.MAX_MS,
                             placeholder=_("no limit"))
    min_rf = st.number_input(_("Receptive field at least … px"), min_value=1, value=None, step=10, key=C.MIN_RF,
                             placeholder=_("no limit"))
    st.subheader(_("Measuring"))
    device = st.selectbox(_("Device"), C.devices(), key=C.DEVICE)
    batch = int(st.number_input(_("Batch size (besides 1)"), min_value=1, max_value=64, value=8, step=1, key=C.BATCH))
    repeats = int(st.number_input(_("Timed passes"), min_value=2, max_value=50, value=5, step=1, key=C.REPEATS,
                                  help=_("Each model runs two untimed passes, then this many timed ones; the table shows the median.")))

st.title(_("Choose a backbone"))
st.caption(_("Every torchvision model in the zoo: its published ImageNet accuracy against what it costs — parameters and multiply-adds from the analysis, latency measured on this machine. Points on the Pareto front are the best accuracy for their cost."))
info = C.device_info(device)
st.markdown(_("Latency measured on **{name}** ({device}), {threads} CPU threads, PyTorch {torch}.", name=info["device_name"], device=device, threads=info["threads"],
              torch=info["torch_version"]))

archs = everything if preset == C.ALL else bb.preset(preset, everything)
missing = [] if preset == C.ALL else [n for n in bb.PRESETS[preset] if n not in archs]
if missing:
    st.caption(_("Not in this zoo yet, so left out: {names}.", names=", ".join(missing)))
all_rows = C.rows(archs, recipe=recipe, batch=batch, device=device, repeats=repeats)
shown = bb.filtered(all_rows, max_params=int(max_params * 1e6) if max_params else None, max_ms=max_ms, min_rf=min_rf)

problem = C.job_error()
if problem:
    st.error(problem, icon="⚠️")
unmeasured = [r.arch for r in shown if r.latency_ms is None or (batch != 1 and r.batch_ms is None)]
c1, c2 = st.columns([1, 3])
with c1:
    st.button(_("Measure latency ({n} models)", n=len(shown)), key="ch:measure", type="primary", disabled=C.running() or not shown,
              help=_("Runs each model shown at batch 1 and at the chosen batch in a separate process; figures already measured are reused."), on_click=C.on_measure,
              args=([r.arch for r in shown],), kwargs={"batch": batch, "device": device, "repeats": repeats})
    refused = st.session_state.pop(C.REFUSED, None)
    if refused:
        st.error(refused, icon="⚠️")
with c2:
    if C.running():
        C.progress_panel()
    elif unmeasured:
        st.caption(_("{n} models not measured on this machine yet: their latency is empty.", n=len(unmeasured)))

if not shown:
    st.info(_("No model passes these filters; loosen one."))
    st.stop()

metric = st.radio(_("Accuracy against"), list(bb.METRICS), key=C.METRIC, horizontal=True,
                  format_func=lambda m: tr(_VIZ_CHOOSE_METRIC[m]))
names = [zoo_text.title(get(r.arch)) for r in shown]
st.plotly_chart(pareto_figure(shown, metric, names=names, words=tr), key="ch:fig")

memory_kind = {True: tr("measured (CUDA)"), False: tr("estimate (analysis)")}
table = {
    _(NP_("choose.col.model", "Model")): names,
    _("Year"): [r.year for r in shown],
    _("Parameters"): [r.params for r in shown],
    _("Multiply-adds"): [r.mult_adds for r in shown],
    _("Receptive field"): [r.receptive_field for r in shown],
    _("Top-1 %"): [r.top1 for r in shown],
    _("Top-5 %"): [r.top5 for r in shown],
    _("Checkpoint"): [r.weights for r in shown],
    _("Latency, batch 1 (ms)"): [round(r.latency_ms, 2) if r.latency_ms is not None else None for r in shown],
    _("ms per image, batch {batch}", batch=batch): [round(r.batch_ms, 2) if r.batch_ms is not None else None for r in shown],
    _("Peak memory, batch {batch}", batch=batch): [human_bytes(r.memory_bytes) if r.memory_bytes else None for r in shown],
    _("Memory figure"): [memory_kind[r.memory_measured] if r.memory_bytes else None for r in shown],
}
number = st.column_config.NumberColumn
st.dataframe(table, hide_index=True, width="stretch", column_config={
    _(NP_("choose.col.model", "Model")): st.column_config.TextColumn(width="medium"),
    _("Year"): number(format="%d"),
    _("Parameters"): number(format="localized"),
    _("Multiply-adds"): number(format="localized"),
    _("Top-1 %"): number(format="%.3f"),
    _("Top-5 %"): number(format="%.3f"),
    _("Latency, batch 1 (ms)"): number(format="%.1f"),
    _("ms per image, batch {batch}", batch=batch): number(format="%.1f"),
})
st.caption(_("Accuracy: torchvision's published ImageNet-1K figures for its checkpoints (models/*.py, the weights' meta), not measured here. Parameters, multiply-adds and receptive field: this project's analysis at each model's default input. Memory on the CPU is the analysis' estimate (weights + every layer's output)."))

# One model in large print: what a class reads off the projector.
by_arch = {r.arch: r for r in shown}
keep_choice(C.FOCUS)
if st.session_state.get(C.FOCUS) not in by_arch:
    st.session_state[C.FOCUS] = shown[0].arch
focus = st.selectbox(_("A closer look"), list(by_arch), key=C.FOCUS, format_func=lambda a: f"{zoo_text.title(get(a))}  ·  {a}")
r = by_arch[focus]
views.cards([
    (_("Parameters"), f"{r.params:,}", None),
    (_("Multiply-adds"), human(r.mult_adds), None),
    (_("Top-1 %"), f"{r.top1:.3f} %" if r.top1 is not None else "—", r.weights),
    (_("Receptive field"), f"{r.receptive_field} px" if r.receptive_field else "—", None),
    (_("Latency, batch 1 (ms)"), f"{r.latency_ms:.1f} ms" if r.latency_ms is not None else "—", None),
])

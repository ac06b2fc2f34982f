"""Compare: 2 to 6 architectures side by side — table, relative factors, charts."""

import streamlit as st

from explorer import viz
from explorer.analysis.compare import PRESETS
from explorer.errors import ExplorerError
from explorer.zoo import get
from ui import cache, compare_text, projector, state, urlsync, views, widgets, zoo_text
from ui.i18n import _, bound, error_text, keep_choice, lang, N_
from ui.urlstate import ModelConfig, read_link, to_query
from ui.shell import ensure_navigation

ensure_navigation()

MAX_MODELS = 6
PRESET = "w:preset"
COUNT = "w:cmp_n"


def _prefix(i: int) -> str:
    return f"c{i}:"


def _load(configs: list[ModelConfig]) -> None:
    st.session_state[state.COMPARE] = configs
    st.session_state[COUNT] = len(configs)
    for i, cfg in enumerate(configs):
        state.set_model(cfg, prefix=_prefix(i))


def _on_preset() -> None:
    name = st.session_state[PRESET]
    if name in PRESETS:
        _load([ModelConfig.make(a, hp) for a, hp in PRESETS[name]])


def _from_url() -> str | None:
    """Load the link's models (``?m0.arch=vgg16&m1.arch=resnet50&m1.input=3,64,64``); a message for what it got wrong.

    A model whose architecture is unknown is left out, the others are shown.
    """
    if not urlsync.changed():
        return None
    link = read_link(st.query_params.to_dict(), prefixes=[f"m{i}." for i in range(MAX_MODELS)])
    configs = [c for c in link.models if c is not None]
    if len(configs) == 1:  # the other model of the link could not be used: the one it had joins the current second
        shown = st.session_state.get(state.COMPARE) or _default()
        configs.append(shown[1] if shown[0] == configs[0] else shown[0])
    if configs:
        _load(configs)
    return state.link_message(link.problems)


def _default() -> list[ModelConfig]:
    return [ModelConfig.make(a, hp) for a, hp in PRESETS["VGG-16 vs ResNet-50"]]


problem = _from_url()
if state.COMPARE not in st.session_state:
    _load(_default())

with st.sidebar:
    st.subheader(_("Models"))
    state.ensure(PRESET, "Custom")
    keep_choice(PRESET)  # "Custom" and the presets' words are translated
    language = lang()
    st.selectbox(
        _("Preset"), ["Custom", *PRESETS], key=PRESET, on_change=_on_preset,
        format_func=lambda p: compare_text.preset_label(p, language),
    )
    count = st.number_input(_("How many"), min_value=2, max_value=MAX_MODELS, step=1, key=COUNT)
    current = st.session_state[state.COMPARE]
    chosen: list[ModelConfig | str] = []
    for i in range(int(count)):
        base = current[i] if i < len(current) else ModelConfig.make("resnet18")
        label = zoo_text.title(get(st.session_state.get(_prefix(i) + state.ARCH, base.arch)))
        with st.expander(f"{i + 1}. {label}", expanded=False):
            chosen.append(widgets.model_controls(base, prefix=_prefix(i), compact=True))
    projector.enter_button("compare")

if problem:
    st.warning(problem)
errors = [c for c in chosen if isinstance(c, str)]
configs = [c for c in chosen if isinstance(c, ModelConfig)]
st.session_state[state.COMPARE] = configs + current[len(configs):]
query: dict[str, str] = {}
for i, cfg in enumerate(configs):
    query.update(to_query(cfg, prefix=f"m{i}."))
state.write_url(query)

presenting = projector.presenting("compare")
if presenting:
    projector.header("compare", _("Compare architectures"))
else:
    st.title(_("Compare architectures"))
for e in errors:
    st.error(e, icon="⚠️")

reports = []
for cfg in configs:
    try:
        reports.append(cache.report(cfg))
    except ExplorerError as err:
        st.error(f"{zoo_text.title(get(cfg.arch))}: {error_text(err)}", icon="⚠️")
if len(reports) < 2:
    st.info(_("Choose at least two models that can be analysed."))
    st.stop()

views.comparison_table(reports)
for sentence in (s for other in reports[1:] for s in compare_text.sentences(reports[0], other)):
    st.markdown(f"- {sentence}")

# The figures name the models as the table does, and speak the interface's language.
shown = {"names": compare_text.labels(reports), "words": bound()}
if presenting:  # one chart, chosen, for the back of the room
    charts = {"pm": viz.params_vs_macs, "stages": viz.stage_params_figure, "rf": viz.rf_vs_depth, "spatial": viz.spatial_overlay}
    choice = projector.chart_choice("compare", list(charts), labels={"pm": N_("Parameters vs MACs"), "stages": N_("Where the parameters are"), "rf": N_("Receptive field by depth"), "spatial": N_("Spatial size by depth")})
    st.plotly_chart(projector.scaled(charts[choice](reports, **shown)), key="present_chart")
    st.stop()
c1, c2 = st.columns(2)
with c1:
    st.plotly_chart(viz.params_vs_macs(reports, **shown), key="pm")
    st.plotly_chart(viz.rf_vs_depth(reports, **shown), key="rfd")
with c2:
    st.plotly_chart(viz.stage_params_figure(reports, **shown), key="stages")
    st.plotly_chart(viz.spatial_overlay(reports, **shown), key="spatial")

"""Train: configure a run, start it in a worker process, watch it live, compare runs.

The page never trains: Train hands the configuration to the executor (a worker
process, or a Ray cluster) and the live panel polls the run's folder once a second, so a rerun, a refresh, a
closed tab or a server restart loses nothing (the URL keeps ``?run=<id>``).
"""

import streamlit as st

from explorer.training import runs as store
from explorer.errors import ExplorerError
from explorer.training import executor
from ui import projector, state, widgets
from ui import train_views as views
from ui.i18n import _, error_text, NP_
from ui.shell import ensure_navigation
from ui.urlstate import ModelConfig, to_query

ensure_navigation()

if state.MODEL not in st.session_state and "arch" not in st.query_params:
    state.set_model(ModelConfig.make("lenet5"))  # first visit: a model that trains in seconds on a laptop
views.select_from_url()
url_problem = state.load_url()

with st.sidebar:
    st.subheader(_(NP_("train.sidebar.model", "Model")))
    chosen = widgets.model_controls(state.model())
    projector.enter_button("train")

presenting = projector.presenting("train")
if presenting:
    projector.header("train", _("Train"))
else:
    st.title(_("Train"))
    st.caption(_("Train a network on a small dataset and watch it learn: the curves, the first layer's filters, and its mistakes."))
model = state.accept_model(chosen, url_problem, stop=False)  # the runs list stays usable

run = views.current_run()
query = to_query(model) if model is not None else {}
if run is not None:
    query[state.TRAIN_RUN_PARAM] = run.id
state.write_url(query)
projector.keep_in_url("train")
try:
    executor.get().tick(warm=True)  # start queued runs whose device is free; keep a worker process warm
except ExplorerError as err:  # Ray configured but not installed, or its cluster out of reach
    st.error(error_text(err), icon="⚠️")
    st.stop()

# In projector mode the run fills the screen; the form stays (folded) so that its values are kept.
settings_col, live_col = (st.expander(_("The run's settings and Train")), st.container()) if presenting else st.columns([1, 2], gap="large")
with settings_col:
    new = views.settings(model)
    views.train_button(new)
    views.start_error()
with live_col:
    if run is None:
        st.info(_("Choose a model in the sidebar and a dataset, then press **Train**. LeNet-5 on the embedded digits reaches 97 % in well under a minute on a laptop CPU."), icon=":material/school:")
    else:
        views.live(run)
        views.manage(run)  # rename, delete: the owner's and the teacher's

if run is not None and run.status().get("status") not in store.ACTIVE:
    views.results(run)

st.divider()
views.runs_list(run)

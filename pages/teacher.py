"""The class page (the teacher's only): everyone's runs as they train, and the teacher's actions on them.

In the navigation only for a teacher (``app.py``); the page checks again, as every action does
(:mod:`explorer.classroom`).
"""

import pandas as pd
import streamlit as st

from explorer import classroom
from explorer.errors import ExplorerError
from explorer.training import datasets, worker
from explorer.training import runs as store
from ui import people, state
from ui import train_views as views
from ui.i18n import _, error_text, ngettext, NP_
from ui.shell import ensure_navigation

ensure_navigation()
who = people.person()
if not who.is_teacher:
    st.error(_("This page is the teacher's."))
    st.stop()

st.title(_("The class"))
st.caption(_("Everyone's runs as they train (read again every two seconds). Share a good run to show it in every student's list and in the Train page's comparison."))
COLUMNS = ("owner", "run", "status", "step", "acc", "val_acc", "shared", "id")


def headers() -> dict[str, str]:
    return {"owner": _("who"), "run": _("run"), "status": _("status"), "step": _("step"),
            "acc": _("accuracy"), "val_acc": _("validation accuracy"), "shared": _("shared"), "id": _("id")}


@st.fragment(run_every=2.0)
def board() -> None:
    """Everyone's runs, read again every two seconds."""
    worker.tick()  # the queue moves while the teacher watches
    rows = []
    for run in store.list_runs():
        s = classroom.standing(run)
        step = f"{s['step']:,} / {s['total_steps']:,}" if s["step"] is not None and s["total_steps"] else (s["step"] or "–")
        rows.append({"owner": s["owner_name"] or _("(this computer)"), "run": views.run_label(run), "status": views.status_text(s["status"]),
                     "step": str(step), "acc": s["acc"], "val_acc": s["val_acc"], "shared": s["shared"], "id": run.id})
    if not rows:
        st.caption(_("No runs yet."))
        return
    header = headers()
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).rename(columns=header)
    st.dataframe(frame, hide_index=True, width="stretch", key="teacher_board", column_config={
        header["acc"]: st.column_config.NumberColumn(format="percent"),
        header["val_acc"]: st.column_config.NumberColumn(format="percent"),
        header["shared"]: st.column_config.CheckboxColumn(),
    })


def act(action: str) -> None:
    """Stop, delete, share or unshare the picked run (each checked by explorer.classroom)."""
    run_id = st.session_state.get(state.TEACHER_PICK)
    try:
        run = classroom.find_run(who, run_id)
        if action == "stop":
            classroom.check(who, run, "stop")
            worker.stop(run)
        elif action == "delete":
            classroom.delete(who, run)
            st.session_state[state.TEACHER_PICK] = None
        else:
            classroom.share(who, run, action == "share")
    except ExplorerError as err:
        st.session_state[state.TEACHER_MESSAGE] = ("error", error_text(err))
        return
    done = {"stop": _("Asked {run} to stop.", run=run_id), "delete": _("Deleted {run}.", run=run_id),
            "share": _("{run} is shared with the class.", run=run_id), "unshare": _("{run} is no longer shared.", run=run_id)}
    st.session_state[state.TEACHER_MESSAGE] = ("success", done[action])


def clear() -> None:
    done = classroom.clear_class(who, uploads=datasets.data_dir() / "uploads")
    st.session_state[state.TEACHER_CLEAR_SURE] = False
    message = ngettext("Deleted {n} run and {uploads} students' uploads.", "Deleted {n} runs and {uploads} students' uploads.", done.deleted,
                       n=done.deleted, uploads=done.uploads)
    if done.stopping:
        message += " " + ngettext("{n} run was still training and is stopping (clear again in a moment).",
                                  "{n} runs were still training and are stopping (clear again in a moment).", done.stopping, n=done.stopping)
    st.session_state[state.TEACHER_MESSAGE] = ("success", message)


board()
runs = store.list_runs()
labels = {r.id: f"{views.run_label(r)}  ({r.id})" for r in runs}
if st.session_state.get(state.TEACHER_PICK) not in labels:
    st.session_state[state.TEACHER_PICK] = None
st.selectbox(_(NP_("teacher.pick", "Run")), list(labels), key=state.TEACHER_PICK, format_func=labels.get, index=None,
             placeholder=_("pick a run to stop, delete or share"))
picked = st.session_state.get(state.TEACHER_PICK)
c1, c2, c3, c4 = st.columns(4)
c1.button(_("Stop"), key="w:teacher:stop", icon=":material/stop:", disabled=picked is None, on_click=act, args=("stop",),
          width="stretch")
c2.button(_("Delete"), key="w:teacher:delete", icon=":material/delete:", disabled=picked is None, on_click=act,
          args=("delete",), width="stretch")
c3.button(_("Share with the class"), key="w:teacher:share", icon=":material/share:", disabled=picked is None, on_click=act,
          args=("share",), width="stretch")
c4.button(_("Stop sharing"), key="w:teacher:unshare", icon=":material/visibility_off:", disabled=picked is None, on_click=act,
          args=("unshare",), width="stretch")
message = st.session_state.pop(state.TEACHER_MESSAGE, None)
if message:
    (st.error if message[0] == "error" else st.success)(message[1])

st.divider()
st.subheader(_("End of the lesson"))
n = len(classroom.class_runs(keep=[who.id]))
st.caption(ngettext("Deletes the {n} run of the class (yours and this computer's stay) and every student's uploaded files.",
                    "Deletes the {n} runs of the class (yours and this computer's stay) and every student's uploaded files.", n, n=n))
sure = st.checkbox(ngettext("Yes, delete the class's {n} run and uploads", "Yes, delete the class's {n} runs and uploads", n, n=n),
                   key=state.TEACHER_CLEAR_SURE)
st.button(_("Clear the class"), key="w:teacher:clear", icon=":material/delete_sweep:", type="primary", disabled=not sure, on_click=clear)

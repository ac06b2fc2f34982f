"""The Learn page's frame: the lab chooser, the URL, the two modes (class and presentation).

``?lab=conv&stride=2&present=1&step=2&lang=zh`` restores everything on screen:
the lab, its controls (values away from the defaults), presentation mode and
its step, and the language. Presentation mode hides the sidebar and the
header with CSS (``initial_sidebar_state`` only applies to a first load),
enlarges the type, and shows one step per screen with Previous/Next buttons
bound to the ← and → keys.
"""

from __future__ import annotations

import streamlit as st

from ui import i18n, projector, state, urlsync
from ui.i18n import _, bound, NP_
from ui.learn import DEFAULT, LABS
from ui.learn.base import Ctx, Lab, set_values, synced, values
from ui.learn.params import LAB, PRESENT, STEP, to_query
from ui.urlstate import Value, read_link



def current() -> Lab:
    lab = st.session_state.get(state.LEARN_CURRENT)
    return LABS[lab if lab in LABS else DEFAULT]


def presenting() -> bool:
    return bool(st.session_state.get(state.LEARN_PRESENT, False))


def step(lab: Lab) -> int:
    """The step shown in presentation mode, from 0."""
    return min(st.session_state.setdefault(state.LEARN_STEP, {}).get(lab.id, 0), len(lab.steps) - 1)


def _set_step(lab: Lab, i: int) -> None:
    st.session_state.setdefault(state.LEARN_STEP, {})[lab.id] = max(0, min(i, len(lab.steps) - 1))


def load_url() -> str | None:
    """Apply the URL when it changed from outside (a link, a refresh, back/forward).

    A URL without ``lab`` (the page opened from the navigation) keeps the
    session's lab. Every value goes through :func:`ui.urlstate.read_link`, as
    on the other pages: a bad one keeps its default and is named in the
    message with what it can be, the rest of the link applies; an unknown lab
    keeps the current one (its values then mean nothing and are left out).
    """
    if not urlsync.changed():
        return None
    q = st.query_params.to_dict()
    chosen = Value(LAB, str, DEFAULT, choices=tuple(LABS))
    if LAB not in q:
        return state.link_message(read_link(q, values=(chosen,)).problems)
    if q[LAB] not in LABS:
        known = {p.name for lab in LABS.values() for p in lab.params}
        problems = [chosen.problem(q[LAB]), *read_link({k: v for k, v in q.items() if k not in known}).problems]
        return state.link_message(problems)
    lab = LABS[q[LAB]]
    page = (chosen, Value(PRESENT, bool, False), Value(STEP, int, 1, 1, len(lab.steps)))
    link = read_link(q, values=(*page, *lab.params))
    st.session_state[state.LEARN_CURRENT] = lab.id
    st.session_state[state.LEARN_PRESENT] = link.values.get(PRESENT, False)
    _set_step(lab, link.values.get(STEP, 1) - 1)
    prefix = state.lab_key(lab.id, "")
    names = {p.name for p in lab.params}
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix) and k[len(prefix):] not in names]:
        del st.session_state[key]  # other widgets of the lab (the image editor's edits) start afresh from the link
    set_values(lab, {p.name: link.values.get(p.name, p.default) for p in lab.params})
    return state.link_message(link.problems)


def write_url(lab: Lab) -> None:
    query = {LAB: lab.id}
    if presenting():
        query[PRESENT] = "1"
        query[STEP] = str(step(lab) + 1)
    query.update(to_query(lab.params, values(lab)))
    state.write_url(query)


def _on_choose() -> None:
    st.session_state[state.LEARN_CURRENT] = st.session_state[state.LEARN_LAB]


def _toggle_present(on: bool) -> None:
    st.session_state[state.LEARN_PRESENT] = on


def sidebar() -> None:
    """The lab chooser and the switch to presentation mode (the sidebar is hidden while presenting)."""
    st.subheader(_("Labs"))
    st.session_state[state.LEARN_LAB] = current().id  # the canonical choice (a link may have changed it)
    tr = bound()
    st.radio(
        _("Lab"), list(LABS), key=state.LEARN_LAB, on_change=_on_choose, label_visibility="collapsed",
        format_func=lambda lab_id: f"{LABS[lab_id].number}. {tr(LABS[lab_id].title)}",
    )
    st.button(_(NP_("learn.present", "Present")), icon=":material/slideshow:", on_click=_toggle_present, args=(True,), width="stretch", key=state.LEARN_PRESENT_BUTTON)
    st.caption(_("Large type, no sidebar, one step per screen; ← and → step, Esc leaves."))


def show(lab: Lab) -> None:
    """Class mode: the lab's steps one under the other."""
    st.title(f"{lab.number}. {_(lab.title)}")
    st.markdown(_(lab.intro))
    ctx = Ctx(lab, vals=synced(lab))
    for i, s in enumerate(lab.steps, start=1):
        st.header(_("Step {i} · {title}", i=i, title=s.heading(ctx.vals)), divider="gray")
        s.render(ctx)


def present(lab: Lab) -> None:
    """Presentation mode: one step per screen, large type, ← → to step."""
    st.html(projector.CSS + projector.LEARN_CSS)
    i = step(lab)
    n = len(lab.steps)
    # The lab's name on a small line, the buttons as wide as their words on the next: nothing is cut at 1280 px,
    # and the step keeps most of a 720-px-high screen (tests/test_browser_present_steps.py).
    title, of = _(lab.title), _("step {i} of {n}", i=i + 1, n=n)
    st.caption(f"**{lab.number}. {title}**  ·  {of}")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(_("◀ Previous"), on_click=_set_step, args=(lab, i - 1), disabled=i == 0, width="content", shortcut="Left", key=state.LEARN_PREV)
        st.button(_("Next ▶"), on_click=_set_step, args=(lab, i + 1), disabled=i == n - 1, width="content", shortcut="Right", key=state.LEARN_NEXT)
        with st.container(width=260):
            i18n.language_switcher(state.LANG_WIDGET_MAIN)
        st.button(_("Exit"), on_click=_toggle_present, args=(False,), width="content", shortcut="Escape", key=state.LEARN_EXIT)
    s = lab.steps[i]
    st.title(s.heading(synced(lab)))
    s.render(Ctx(lab, scale=projector.FIGURE_SCALE, presenting=True, vals=values(lab), room=projector.LEARN_FIGURE_ROOM))

"""The live lesson on the Learn page: the teacher presents, the class's pages follow (:mod:`explorer.lesson`).

Only in class mode. The teacher starts it from the Learn sidebar; from then on their page writes its
lab, step, presentation mode and the lab's values (the query a link to it would have) to the lesson
file whenever they change. A student's page polls that file every :data:`POLL_S` seconds in a fragment
and, when its version moved, reruns and applies the teacher's query as it applies a link (every value
checked again, the student's language kept). A student can stop following and follow again; the
teacher's bar shows how many follow. Without a class nothing here draws or polls.
"""

from __future__ import annotations

import time

import streamlit as st

from explorer import lesson as L
from explorer.classroom import Person
from explorer.errors import ExplorerError
from ui import people, state, urlsync
from ui.i18n import _, error_text, ngettext
from ui.learn import page as learn
from ui.learn.base import values
from ui.learn.params import LAB, PRESENT, STEP, to_query

POLL_S = 0.5  # a follower's page looks at the lesson file this often
WAIT_S = 2.0  # a student's page looks whether a lesson began this often
TEACHER_POLL_S = 5.0  # the teacher's bar: the follower count (its own run of the page publishes what it shows)
HEARTBEAT_S = 2.0  # a follower says it still follows this often (explorer.lesson.FRESH_S drops it after 6 s)


def _who() -> Person | None:
    """The person in class mode (a student or a teacher), else None: no class, no lesson."""
    if not people.class_mode():
        return None
    who = people.current()
    return None if who is None or who.is_local else who


def teacher_query() -> dict[str, str]:
    """What the teacher's Learn page shows, as its URL says it (``ui.learn.page.write_url``, without the language)."""
    lab = learn.current()
    query = {LAB: lab.id}
    if learn.presenting():
        query[PRESENT] = "1"
        query[STEP] = str(learn.step(lab) + 1)
    query.update(to_query(lab.params, values(lab)))
    return query


def follow() -> None:
    """Before the page reads its URL: a following student's URL becomes the teacher's (when the lesson moved)."""
    who = _who()
    if who is None or who.is_teacher:
        return
    lesson = L.live()
    if lesson is None or st.session_state.get(state.LESSON_LEFT) == lesson.id:
        return
    if st.session_state.get(state.LESSON_APPLIED) == (lesson.id, lesson.version):
        return
    st.session_state[state.LESSON_APPLIED] = (lesson.id, lesson.version)
    if LAB in lesson.query:
        urlsync.open_link({**lesson.query, **state.lang_query()})  # learn.load_url applies it as a link


def publish() -> None:
    """After the page is drawn: the teacher's page, as it is now, to the lesson they give."""
    who = _who()
    if who is None or not who.is_teacher:
        return
    lesson = L.live()
    if lesson is not None and lesson.teacher == who.id:
        L.update(who, teacher_query())


def _start() -> None:
    try:
        L.start(people.person(), teacher_query())
    except ExplorerError as err:
        st.session_state[state.LESSON_ERROR] = error_text(err)


def _end() -> None:
    try:
        L.end(people.person())
    except ExplorerError as err:
        st.session_state[state.LESSON_ERROR] = error_text(err)


def sidebar() -> None:
    """The teacher's switch in the Learn sidebar: start a live lesson, or end it."""
    who = _who()
    if who is None or not who.is_teacher:
        return
    st.divider()
    if L.live() is None:
        st.button(_("Start a live lesson"), key=state.LESSON_START, icon=":material/cast_for_education:", type="primary",
                  on_click=_start, width="stretch")
        st.caption(_("The class's Learn pages follow your lab, step and presentation mode until you end the lesson."))
    else:
        st.button(_("End the lesson"), key=state.LESSON_END, icon=":material/stop_circle:", on_click=_end, width="stretch")
    error = st.session_state.pop(state.LESSON_ERROR, None)
    if error:
        st.error(error)


def _count(lesson: L.Lesson) -> str:
    n = L.followers(lesson)
    return ngettext("{n} student following", "{n} students following", n, n=n)


@st.fragment(run_every=TEACHER_POLL_S)
def _teacher_bar() -> None:
    who = people.person()
    lesson = L.live()
    if lesson is None:
        return
    if lesson.teacher == who.id:
        L.update(who, teacher_query())  # still here (a lesson whose teacher is gone for an hour ends)
        line = _("**Live lesson** · {count}", count=_count(lesson))
    else:
        line = _("**{teacher}'s live lesson** · {count}", teacher=lesson.teacher_name, count=_count(lesson))
    with st.container(horizontal=True, vertical_alignment="center", key="lesson_bar"):
        st.markdown(f":red[:material/radio_button_checked:] {line}", width="content")
        if st.button(_("End the lesson"), key=state.LESSON_END_BAR, icon=":material/stop_circle:", on_click=_end, width="content"):
            st.rerun()  # the whole page: the sidebar's switch too


def _leave(lesson_id: str) -> None:
    st.session_state[state.LESSON_LEFT] = lesson_id
    L.leave(people.person())


def _join() -> None:
    st.session_state.pop(state.LESSON_LEFT, None)
    st.session_state.pop(state.LESSON_APPLIED, None)  # take the teacher's page at once


@st.fragment(run_every=WAIT_S)
def _student_wait() -> None:
    """No lesson yet: look now and then; when one begins, the whole page reruns into :func:`_student_bar`."""
    if L.live() is not None:
        st.rerun()


@st.fragment(run_every=POLL_S)
def _student_bar() -> None:
    who = people.person()
    lesson = L.live()
    if lesson is None:
        return
    following = st.session_state.get(state.LESSON_LEFT) != lesson.id
    if following and st.session_state.get(state.LESSON_APPLIED) != (lesson.id, lesson.version):
        st.rerun()  # the teacher moved (or a lesson began): the whole page follows
    if following and time.time() - st.session_state.get(state.LESSON_BEAT, 0.0) >= HEARTBEAT_S:
        L.heartbeat(who, lesson)
        st.session_state[state.LESSON_BEAT] = time.time()
    with st.container(horizontal=True, vertical_alignment="center", key="lesson_bar"):
        if following:
            following_text = _("Following **{teacher}**'s live lesson", teacher=lesson.teacher_name)
            st.markdown(f":red[:material/radio_button_checked:] {following_text}", width="content")
            st.button(_("Stop following"), key=state.LESSON_LEAVE, icon=":material/logout:", on_click=_leave, args=(lesson.id,),
                      width="content")
        else:
            st.markdown(_("**{teacher}** is giving a live lesson.", teacher=lesson.teacher_name), width="content")
            st.button(_("Follow the lesson"), key=state.LESSON_JOIN, icon=":material/login:", type="primary", on_click=_join, width="content")


def bar() -> None:
    """Above the lab (seen in presentation mode too): the live lesson's line, polled; nothing without a class."""
    who = _who()
    if who is None:
        return
    live = L.live() is not None
    if who.is_teacher:
        if live:  # the teacher's page polls only during a lesson
            _teacher_bar()
    elif live:
        _student_bar()
    else:
        _student_wait()

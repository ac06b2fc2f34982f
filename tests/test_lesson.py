"""The live lesson's library (explorer/lesson.py): the state file, its versions, who follows, who may change it."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from explorer import lesson as L
from explorer.classroom import NotAllowed, Person

TEACHER = Person("p-00000000000000aa", "Li", "teacher")
OTHER_TEACHER = Person("p-00000000000000bb", "Wu", "teacher")
ANA = Person("p-0000000000000001", "Ana", "student")
BO = Person("p-0000000000000002", "Bo", "student")


def test_no_lesson_at_first(tmp_path: Path) -> None:
    assert L.read(tmp_path) is None and L.live(tmp_path) is None


def test_start_change_end_and_the_versions(tmp_path: Path) -> None:
    first = L.start(TEACHER, {"lab": "conv", "lang": "zh"}, root=tmp_path)
    assert first.live and first.teacher == TEACHER.id and first.teacher_name == "Li"
    assert first.query == {"lab": "conv"}, "each follower keeps their own language"
    on_disk = json.loads((tmp_path / ".lesson" / "state.json").read_text())
    assert on_disk["version"] == first.version and on_disk["query"] == {"lab": "conv"}
    assert L.live(tmp_path) == first

    same = L.update(TEACHER, {"lab": "conv"}, root=tmp_path)
    assert same.version == first.version, "a poll with nothing new is no new version"
    moved = L.update(TEACHER, {"lab": "conv", "present": "1", "step": "2"}, root=tmp_path)
    assert moved.version == first.version + 1 and L.live(tmp_path).query == {"lab": "conv", "present": "1", "step": "2"}
    again = L.update(TEACHER, {"lab": "conv", "present": "1", "step": "3"}, root=tmp_path)
    assert again.version == moved.version + 1

    ended = L.end(TEACHER, root=tmp_path)
    assert ended is not None and not ended.live and ended.version == again.version + 1
    assert L.live(tmp_path) is None and L.read(tmp_path).query["step"] == "3"
    assert L.update(TEACHER, {"lab": "pool"}, root=tmp_path) is None, "no lesson: nothing to change"
    assert L.end(TEACHER, root=tmp_path) is None

    second = L.start(TEACHER, {"lab": "pool"}, root=tmp_path)
    assert second.version > ended.version and second.id != first.id, "a follower of the last lesson sees a new one"


def test_the_teacher_seen_and_a_stale_lesson(tmp_path: Path) -> None:
    t0 = 1_000_000.0
    lesson = L.start(TEACHER, {"lab": "conv"}, root=tmp_path, now=t0)
    assert L.update(TEACHER, {"lab": "conv"}, root=tmp_path, now=t0 + 1).seen == t0, "not written on every poll"
    seen = L.update(TEACHER, {"lab": "conv"}, root=tmp_path, now=t0 + L.SEEN_EVERY_S + 1)
    assert seen.seen == t0 + L.SEEN_EVERY_S + 1 and seen.version == lesson.version
    assert L.live(tmp_path, now=seen.seen + L.STALE_S - 1) is not None
    assert L.live(tmp_path, now=seen.seen + L.STALE_S + 1) is None, "the teacher's page closed an hour ago: over"


def test_a_student_cannot_start_change_or_end_a_lesson(tmp_path: Path) -> None:
    for action in (lambda: L.start(ANA, {"lab": "conv"}, root=tmp_path), lambda: L.end(ANA, root=tmp_path)):
        with pytest.raises(NotAllowed) as err:
            action()
        assert err.value.template == N_("Only a teacher can start, change or end a live lesson.")
    assert L.read(tmp_path) is None
    lesson = L.start(TEACHER, {"lab": "conv"}, root=tmp_path)
    for who in (ANA, Person("", "", "local")):
        with pytest.raises(NotAllowed):
            L.update(who, {"lab": "pool"}, root=tmp_path)
        with pytest.raises(NotAllowed):
            L.end(who, root=tmp_path)
    with pytest.raises(NotAllowed) as err:
        L.update(OTHER_TEACHER, {"lab": "pool"}, root=tmp_path)
    assert err.value.template == N_("Only the teacher giving the lesson can change it.")
    assert L.live(tmp_path) == lesson, "nothing moved"
    assert L.end(OTHER_TEACHER, root=tmp_path) is not None, "another teacher may end it"


def test_followers_heartbeats_leave_and_a_closed_tab(tmp_path: Path) -> None:
    lesson = L.start(TEACHER, {"lab": "conv"}, root=tmp_path)
    assert L.followers(lesson, root=tmp_path) == 0
    L.heartbeat(ANA, lesson, root=tmp_path)
    L.heartbeat(ANA, lesson, root=tmp_path)  # two tabs, or two beats: one person
    L.heartbeat(BO, lesson, root=tmp_path)
    L.heartbeat(TEACHER, lesson, root=tmp_path)  # the teacher does not follow themselves
    assert L.followers(lesson, root=tmp_path) == 2
    L.leave(BO, root=tmp_path)
    assert L.followers(lesson, root=tmp_path) == 1
    old = time.time() - L.FRESH_S - 5
    os.utime(tmp_path / ".lesson" / "followers" / ANA.id, (old, old))
    assert L.followers(lesson, root=tmp_path) == 0, "a tab closed: it drops out by itself"
    L.heartbeat(ANA, lesson, root=tmp_path)
    assert L.followers(lesson, root=tmp_path) == 1
    newer = L.start(TEACHER, {"lab": "pool"}, root=tmp_path)
    assert L.followers(newer, root=tmp_path) == 0, "a heartbeat for the last lesson is not one for this"
    L.heartbeat(BO, newer, root=tmp_path)
    L.end(TEACHER, root=tmp_path)
    assert L.followers(newer, root=tmp_path) == 0
    L.heartbeat(Person("../../x", "Eve", "student"), newer, root=tmp_path)  # an id that is no file name: ignored
    assert not (tmp_path.parent / "x").exists() and not list((tmp_path / ".lesson" / "followers").iterdir())


def test_the_query_is_data_of_a_sane_size(tmp_path: Path) -> None:
    query = {"lab": "conv", "x" * 100: "1", "big": "y" * 5000, **{f"k{i}": str(i) for i in range(200)}}
    lesson = L.start(TEACHER, query, root=tmp_path)
    assert lesson.query["lab"] == "conv" and "big" not in lesson.query and "x" * 100 not in lesson.query
    assert len(lesson.query) == L.MAX_ITEMS
    (tmp_path / ".lesson" / "state.json").write_text("{not json")
    assert L.read(tmp_path) is None and L.live(tmp_path) is None, "a broken file is no lesson, not an error"


def test_concurrent_changes_lose_no_version(tmp_path: Path) -> None:
    L.start(TEACHER, {"lab": "conv"}, root=tmp_path)
    start = L.read(tmp_path).version

    def step(i: int) -> None:
        L.update(TEACHER, {"lab": "conv", "step": str(i)}, root=tmp_path)

    threads = [threading.Thread(target=step, args=(i,)) for i in range(1, 21)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    final = L.read(tmp_path)
    assert final.live and final.version == start + 20, "every change under the lock: none overwritten"
    assert final.query["step"] in {str(i) for i in range(1, 21)}


# --- the Learn page (AppTest): the teacher's switch, a student's page following, none of it without a class -------

from collections.abc import Iterator  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

from explorer import settings as S  # noqa: E402
from ui import state  # noqa: E402
from apptest import ok, open_page  # noqa: E402
from people_helpers import a_class  # noqa: E402
from training_helpers import training_env  # noqa: E402
from explorer.i18n import N_

APP_TIMEOUT = 120


@pytest.fixture
def klass(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    yield from a_class(tmp_path, monkeypatch)


def _learn(person: Person | None, **query: str) -> AppTest:
    return open_page("pages/learn.py", timeout=APP_TIMEOUT, person=person, **query)


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.button}


def _bar(at: AppTest) -> str:
    """The live lesson's line (its markdown, as the page hands it to the browser)."""
    return " ".join(str(m.value) for m in at.markdown if "live lesson" in str(m.value).lower())


def test_the_teacher_starts_and_a_student_follows(klass: Path) -> None:
    student = _learn(ANA, lab="conv")
    assert state.LESSON_START not in _keys(student) and state.LESSON_LEAVE not in _keys(student), "no lesson yet"

    teacher = _learn(TEACHER, lab="pool")
    assert state.LESSON_START in _keys(teacher)
    teacher.button(key=state.LESSON_START).click().run()
    ok(teacher)
    lesson = L.live(klass)
    assert lesson is not None and lesson.teacher == TEACHER.id and lesson.query["lab"] == "pool"
    assert state.LESSON_END in _keys(teacher) and "0 students following" in _bar(teacher)

    student.run()
    ok(student)
    assert student.session_state[state.LEARN_CURRENT] == "pool", "the student's page took the teacher's lab"
    assert "Following **Li**'s live lesson" in _bar(student) and state.LESSON_LEAVE in _keys(student)
    assert L.followers(lesson, root=klass) == 1

    teacher.button(key=state.LEARN_PRESENT_BUTTON).click().run()  # the teacher presents, then steps
    teacher.button(key=state.LEARN_NEXT).click().run()
    ok(teacher)
    assert L.live(klass).query == {"lab": "pool", "present": "1", "step": "2"}
    student.run()
    assert student.session_state[state.LEARN_PRESENT] is True and student.session_state[state.LEARN_STEP]["pool"] == 1
    assert "1 student following" in _bar(teacher.run())

    student.button(key=state.LESSON_LEAVE).click().run()  # stop following: the teacher moves on without them
    assert L.followers(lesson, root=klass) == 0 and state.LESSON_JOIN in _keys(student)
    teacher.button(key=state.LEARN_NEXT).click().run()
    student.run()
    assert student.session_state[state.LEARN_STEP]["pool"] == 1, "left: stays where it was"
    student.button(key=state.LESSON_JOIN).click().run()
    student.run()
    assert student.session_state[state.LEARN_STEP]["pool"] == 2, "followed again: at the teacher's step at once"

    teacher.button(key=state.LESSON_END_BAR).click().run()
    ok(teacher)
    assert L.live(klass) is None and state.LESSON_START in _keys(teacher)
    student.run()
    assert state.LESSON_LEAVE not in _keys(student) and student.session_state[state.LEARN_STEP]["pool"] == 2


def test_a_student_has_no_switch_and_a_name_is_escaped(klass: Path) -> None:
    L.start(Person("p-00000000000000cc", "[x](https://evil.example)", "teacher"), {"lab": "pool"}, root=klass)
    student = _learn(BO)
    assert state.LESSON_START not in _keys(student) and state.LESSON_END not in _keys(student)
    assert "[x](" not in _bar(student) and "[x\\](" in _bar(student), "the teacher's name is no link"
    with pytest.raises(NotAllowed):
        L.start(BO, {"lab": "conv"}, root=klass)


def test_no_class_no_lesson(tmp_path: Path, monkeypatch) -> None:
    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    S.reload()
    try:
        at = _learn(None)
        assert not {state.LESSON_START, state.LESSON_END, state.LESSON_LEAVE, state.LESSON_JOIN} & _keys(at)
        assert not (tmp_path / "runs" / ".lesson").exists(), "nothing polled, nothing written"
    finally:
        monkeypatch.undo()
        S.reload()


def test_the_labs_values_follow_too(klass: Path) -> None:
    teacher = _learn(TEACHER, lab="pool")
    teacher.button(key=state.LESSON_START).click().run()
    student = _learn(ANA)
    assert student.session_state[state.LEARN_VALUES]["pool"]["k"] == 2
    teacher.slider(key=state.lab_key("pool", "k")).set_value(3).run()
    ok(teacher)
    assert L.live(klass).query.get("k") == "3"
    student.run()
    ok(student)
    assert student.session_state[state.LEARN_VALUES]["pool"]["k"] == 3
    assert student.slider(key=state.lab_key("pool", "k")).value == 3, "the student's own control shows it"

"""AppTest for people: the sign-in gate, each student's own runs, the teacher's class page; none of it without a class."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from explorer import classroom as C
from explorer import settings as S
from explorer.training import runs as store
from ui import state
from apptest import APP, TIMEOUT, ok, open_page
from people_helpers import CLASSES, a_class, make_run
from training_helpers import training_env


@pytest.fixture
def klass(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    yield from a_class(tmp_path, monkeypatch)


def _as(person: C.Person | None, page: str | None = "pages/train.py", **query: str) -> AppTest:
    """The app as ``person`` sees it (signed in earlier in this session), switched to ``page``."""
    return open_page(page, person=person, **query)


def _shown(at: AppTest) -> str | None:
    """The run the Train page shows."""
    return at.session_state[state.TRAIN_RUN] if state.TRAIN_RUN in at.session_state else None


def _texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success") for e in getattr(at, kind))


def _with_mistakes(run: store.Run) -> store.Run:
    store.write_atomic(run.file("evaluation.json"), store._json({
        "confusion": [[1, 0, 0], [0, 1, 0], [0, 1, 0]], "classes": list(CLASSES), "val_acc": 0.66,
        "misclassified": [{"index": 2, "true": 2, "pred": 1, "confidence": 0.9}]}))
    np.save(run.file("misclassified.npy"), np.zeros((1, 3, 64, 64), np.uint8))
    return run


def test_sign_in_gate_then_the_page(klass):
    at = _as(None, page=None)
    assert [t.value for t in at.title] == ["Sign in to the class"]
    at.text_input(key=state.SIGN_IN_NAME).set_value("Ana")
    at.text_input(key=state.SIGN_IN_CODE).set_value("otter-41")
    at.button[0].click().run()  # the form's Sign in
    ok(at)
    assert "not this class's code" in _texts(at) and state.PERSON not in at.session_state
    at.text_input(key=state.SIGN_IN_CODE).set_value("otter-42")
    at.button[0].click().run()
    ok(at)
    who = at.session_state[state.PERSON]
    assert who.name == "Ana" and who.role == "student" and "Signed in as **Ana** (student)" in _texts(at)
    action, token = at.session_state[state.PERSON_COOKIE_JS]
    assert action == "set" and C.read_token(token) == who, "the cookie the page writes names this person"
    assert "Sign in to the class" not in [t.value for t in at.title]
    at.button(key=state.SIGN_OUT).click().run()
    ok(at)
    assert state.PERSON not in at.session_state and at.session_state[state.PERSON_COOKIE_JS] == ("clear", "")
    assert [t.value for t in at.title] == ["Sign in to the class"], "the cookie this session started with no longer counts"


def test_a_student_sees_only_their_runs_and_what_the_teacher_shared(klass):
    ana, bo = C.sign_in("Ana", "otter-42"), C.sign_in("Bo", "otter-42")
    a = _with_mistakes(make_run(owner=ana.id, owner_name="Ana"))
    at = _as(ana)
    assert _shown(at) == a.id, "coming back to Train shows your latest run"
    assert at.button(key=state.TRAIN_DELETE) is not None and "Only the run's owner" not in _texts(at)

    b = _as(bo)
    assert not _shown(b) and "No runs yet" in _texts(b)
    b = _as(bo, run=a.id)  # Ana's run id in a link
    assert f"There is no run '{a.id}'" in _texts(b) and not _shown(b)
    mine = make_run(owner=bo.id, owner_name="Bo")
    inside = _as(bo, "pages/inside.py", run=a.id)
    assert f"There is no run '{a.id}'" in " ".join(e.value for e in inside.error)
    assert inside.selectbox(key=state.IN_RUN).value is None and inside.selectbox(key=state.IN_RUN).options == [mine.id]

    C.share(C.Person("t", "Li", "teacher"), a)
    b = _as(bo, run=a.id)
    assert _shown(b) == a.id and "Ana" in b.dataframe[0].value.to_string()
    with pytest.raises(KeyError):
        b.button(key=state.TRAIN_DELETE)  # to watch, not to steer
    assert "Only the run's owner" not in _texts(b), "a shared run of a standard dataset shows its mistakes"


def test_deleting_and_naming_a_run(klass):
    ana = C.sign_in("Ana", "otter-42")
    a = make_run(owner=ana.id, owner_name="Ana")
    at = _as(ana)
    at.text_input(key=state.TRAIN_RENAME).set_value("first try").run()
    ok(at)
    assert a.config()["name"] == "first try" and "Ana · first try" in at.dataframe[0].value.to_string()
    at.checkbox(key=state.TRAIN_DELETE_SURE).check().run()
    at.button(key=state.TRAIN_DELETE).click().run()
    ok(at)
    assert not a.path.exists() and store.list_runs() == []


def test_the_teacher_page(klass):
    ana, teacher = C.sign_in("Ana", "otter-42"), C.sign_in("Li", "otter-42", "only the teacher")
    a = make_run(owner=ana.id, owner_name="Ana")
    student = _as(ana, page=None)
    with pytest.raises(ValueError):  # not in a student's navigation
        student.switch_page("pages/teacher.py")
    direct = AppTest.from_file(str(Path(APP).parent / "pages" / "teacher.py"), default_timeout=TIMEOUT)
    direct.session_state[state.PERSON] = ana
    direct.run()  # the page itself checks too
    assert [e.value for e in direct.error] == ["This page is the teacher's."] and not direct.dataframe
    at = _as(teacher, "pages/teacher.py")
    assert at.title[0].value == "The class" and "Ana" in at.dataframe[0].value.to_string()
    at.selectbox(key=state.TEACHER_PICK).set_value(a.id).run()
    at.button(key="w:teacher:share").click().run()
    ok(at)
    assert a.config()["shared"] is True and "is shared with the class" in _texts(at)
    other = make_run(owner=ana.id, owner_name="Ana")
    at.run()  # the list is read again
    at.selectbox(key=state.TEACHER_PICK).set_value(other.id).run()
    at.button(key="w:teacher:delete").click().run()
    ok(at)
    assert not other.path.exists() and f"Deleted {other.id}." in _texts(at)
    at.checkbox(key=state.TEACHER_CLEAR_SURE).check().run()
    at.button(key="w:teacher:clear").click().run()
    ok(at)
    assert store.list_runs() == [] and "Deleted 1 run and" in _texts(at) and "1 runs" not in _texts(at)


def test_without_a_class_nothing_changes(tmp_path, monkeypatch):
    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    run = make_run()
    at = _as(None, run=run.id)
    assert state.PERSON not in at.session_state and "Signed in" not in _texts(at)
    assert _shown(at) == run.id and at.button(key=state.TRAIN_DELETE) is not None


def test_with_an_openid_connect_provider(tmp_path, monkeypatch):
    """Streamlit's own sign-in: st.user's verified account is the person; an account in ``teachers`` is the teacher."""
    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("EXPLORER_TEACHERS", "ms.li@school.example")
    S.reload()
    try:
        auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x", "client_id": "id",
                "client_secret": "s", "server_metadata_url": "https://accounts.example/.well-known/openid-configuration"}
        out = AppTest.from_file(APP, default_timeout=TIMEOUT)
        out.secrets["auth"] = auth
        out.user = {"is_logged_in": False}
        out.run()
        ok(out)
        assert [t.value for t in out.title] == ["Sign in to the class"] and out.button(key="w:people:login:").label == "Sign in"
        li = AppTest.from_file(APP, default_timeout=TIMEOUT)
        li.secrets["auth"] = auth
        li.user = {"is_logged_in": True, "iss": "https://accounts.example", "sub": "7", "email": "Ms.Li@school.example", "name": "Ms Li"}
        li.run()
        li.switch_page("pages/teacher.py").run()
        ok(li)
        assert li.title[0].value == "The class" and "Signed in as **Ms Li** (teacher)" in _texts(li)
    finally:
        monkeypatch.undo()
        S.reload()

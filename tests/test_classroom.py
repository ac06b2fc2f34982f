"""People and ownership (explorer/classroom.py): tokens no student can forge, who may do what, the one runs store."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer import classroom as C
from explorer import settings as S
from explorer.training import runs as store
from people_helpers import a_class, make_run
from explorer.i18n import N_


@pytest.fixture
def klass(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A class with a code, a teacher secret and two teachers, its runs in tmp_path/runs (the settings restored afterwards)."""
    yield from a_class(tmp_path, monkeypatch, EXPLORER_TEACHERS="Ms.Li@school.example, bob")


def test_no_class_is_the_local_user(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no explorer.toml here
    for name in ("EXPLORER_CLASS_CODE", "EXPLORER_TEACHERS", "EXPLORER_TEACHER_SECRET"):
        monkeypatch.delenv(name, raising=False)
    try:
        assert not C.class_mode(values=S.reload())
        assert C.class_mode(oidc=True)
    finally:
        monkeypatch.undo()
        S.reload()


def test_settings_of_a_class(klass):
    s = S.settings()
    assert s.class_code == "otter-42" and s.teacher_secret == "only the teacher" and s.teachers == ("ms.li@school.example", "bob")
    assert C.class_mode()
    toml = S.load({"EXPLORER_CONFIG": str(_write(klass.parent / "c.toml", '[class]\nteachers = ["A@x.org"]\nclass_code = 42\n'))})
    assert toml.teachers == ("a@x.org",) and toml.class_code == "42"


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_sign_in_checks_the_code_and_the_secret(klass):
    ana = C.sign_in("  Ana   Lima ", "otter-42")
    assert ana.name == "Ana Lima" and ana.role == "student" and ana.id.startswith("p-")
    assert C.sign_in("Ana Lima", "otter-42").id != ana.id, "a name is no identity: typing it again makes a new person"
    assert C.sign_in("Li", "otter-42", "only the teacher").is_teacher
    for args, key in ((("", "otter-42"), N_("Type your name: it cannot be empty.")), (("Bo", "otter-41"), N_("That is not this class's code: ask your teacher for it.")),
                      (("Bo", "otter-42", "guess"), N_("That teacher secret is wrong: leave it empty to sign in as a student.")), (("x" * 41, "otter-42"), N_("A name can have at most {limit} characters, not {length}.")),
                      (("bob", ""), N_("That is not this class's code: ask your teacher for it."))):
        with pytest.raises(C.SignInError) as err:
            C.sign_in(*args)
        assert err.value.template == key and "otter" not in str(err.value) and "only the teacher" not in str(err.value)


def test_tokens_round_trip_and_cannot_be_forged(klass):
    ana = C.sign_in("Ana", "otter-42")
    token = C.issue_token(ana)
    assert C.read_token(token) == ana
    assert (klass / C.SECRET_FILE).stat().st_mode & 0o077 == 0, "the signing secret is the server's only"
    version, body, mac = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    for change in ({"r": "teacher"}, {"i": "p-someone-else"}, {"n": "Teacher"}):  # a student edits their cookie
        forged = base64.urlsafe_b64encode(json.dumps({**claims, **change}).encode()).decode().rstrip("=")
        assert C.read_token(f"{version}.{forged}.{mac}") is None
    assert C.read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    for junk in (None, "", "a.b", "v1..", "v2." + body + "." + mac, "x" * 5000, 42):
        assert C.read_token(junk) is None
    # Another server (another secret) did not issue it.
    other = klass.parent / "other-runs"
    assert C.read_token(token, root=other) is None
    # Expired after TOKEN_DAYS.
    assert C.read_token(C.issue_token(ana, now=0)) is None


def test_a_token_outlives_the_server_but_not_the_class_code(klass, monkeypatch):
    teacher = C.sign_in("Li", "otter-42", "only the teacher")
    token = C.issue_token(teacher)
    assert C.read_token(token).is_teacher  # the secret is in the runs folder: a restart reads the same one
    monkeypatch.setenv("EXPLORER_TEACHER_SECRET", "a new secret")
    S.reload()
    assert C.read_token(token) == C.Person(teacher.id, "Li", "student"), "a changed teacher secret takes the role back"
    monkeypatch.setenv("EXPLORER_CLASS_CODE", "next-lesson")
    S.reload()
    assert C.read_token(token) is None, "a new class code signs everyone out"


def test_oidc_people(klass):
    assert C.oidc_person({"is_logged_in": False}) is None
    li = C.oidc_person({"is_logged_in": True, "iss": "https://accounts.example", "sub": "123", "email": "MS.LI@school.example", "name": "Ms Li"})
    kid = C.oidc_person({"is_logged_in": True, "iss": "https://accounts.example", "sub": "456", "email": "kid@school.example"})
    assert li.is_teacher and li.name == "Ms Li" and not kid.is_teacher and kid.name == "kid@school.example"
    again = C.oidc_person({"is_logged_in": True, "iss": "https://accounts.example", "sub": "123", "email": "x"})
    assert again.id == li.id and li.id != kid.id and li.id.startswith("o-")


def test_ownership_rules(klass):
    ana, bo = C.sign_in("Ana", "otter-42"), C.sign_in("Bo", "otter-42")
    teacher = C.sign_in("Li", "otter-42", "only the teacher")
    a = make_run(owner=ana.id, owner_name=ana.name)
    photos = make_run(owner=ana.id, owner_name=ana.name, dataset="folder")
    cli = make_run()  # the command line's: no owner
    assert [r.id for r in C.visible_runs(bo)] == []
    assert {r.id for r in C.visible_runs(ana)} == {a.id, photos.id}
    assert {r.id for r in C.visible_runs(teacher)} == {a.id, photos.id, cli.id}
    assert {r.id for r in C.visible_runs(C.LOCAL)} == {a.id, photos.id, cli.id}
    assert not C.can_manage(bo, a) and not C.can_open(bo, a) and C.can_manage(teacher, a) and C.can_open(ana, photos)
    with pytest.raises(store.RunNotFound) as err:  # the same answer as for a run that does not exist
        C.find_run(bo, a.id)
    assert err.value.template == N_("There is no run {run!r}: pick one from the runs list.")
    for action in (C.stop, C.delete, lambda p, r: C.rename(p, r, "mine now")):
        with pytest.raises(C.NotAllowed):
            action(bo, a)
    with pytest.raises(C.NotAllowed):
        C.share(ana, a)  # only the teacher shares
    C.share(teacher, a)
    C.share(teacher, photos)
    assert {r.id for r in C.visible_runs(bo)} == {a.id, photos.id} and C.find_run(bo, a.id) == a
    assert C.can_open(bo, a) and not C.can_open(bo, photos), "a shared run of uploaded photos keeps its images to its owner"
    assert not C.can_manage(bo, a)
    C.rename(ana, a, "  first   try ")
    assert a.config()["name"] == "first try" and a.label().startswith("Ana · first try · ")
    assert cli.label().startswith("Tiny"), "a run without an owner is labelled as before"
    assert C.latest_own_run(ana) in (a, photos) and C.latest_own_run(bo) is None


def test_delete_removes_only_the_run_and_waits_for_a_stop(klass):
    ana = C.sign_in("Ana", "otter-42")
    a = make_run(owner=ana.id, owner_name=ana.name)
    b = make_run(owner=ana.id, owner_name=ana.name, status="running")
    b.set_status("running", pid=os.getpid())
    b.beat()
    with pytest.raises(store.RunBusy):
        C.delete(ana, b)
    C.delete(ana, a)
    assert not a.path.exists() and [r.id for r in store.list_runs()] == [b.id]
    assert sorted(p.name for p in klass.iterdir() if not p.name.startswith(".")) == [b.id]
    with pytest.raises(store.RunNotFound):
        store.delete_run(store.Run(klass / ".."))  # never a path that is not a run's


def test_clear_the_class(klass, tmp_path):
    ana, teacher = C.sign_in("Ana", "otter-42"), C.sign_in("Li", "otter-42", "only the teacher")
    uploads = tmp_path / "uploads"
    mine, theirs = C.upload_folder(uploads, teacher), C.upload_folder(uploads, ana)
    for folder in (mine, theirs):
        folder.mkdir(parents=True)
        (folder / "x.zip").write_bytes(b"zip")
    assert C.upload_folder(uploads, C.LOCAL) == uploads and C.owns_upload(ana, theirs / "x.zip", uploads)
    assert not C.owns_upload(ana, mine / "x.zip", uploads) and not C.owns_upload(ana, theirs / ".." / ".." / "a.zip", uploads)
    a, t, cli = make_run(owner=ana.id), make_run(owner=teacher.id), make_run()
    with pytest.raises(C.NotAllowed):
        C.clear_class(ana, uploads=uploads)
    done = C.clear_class(teacher, uploads=uploads)
    assert done == C.Cleared(deleted=1, stopping=0, uploads=1)
    assert {r.id for r in store.list_runs()} == {t.id, cli.id} and not a.path.exists()
    assert (mine / "x.zip").is_file() and not theirs.exists()


def test_the_standing_of_a_run(klass):
    run = make_run(owner="p-1", owner_name="Ana", status="running")
    with open(run.metrics_path, "a") as f:
        f.write(json.dumps({"kind": "train", "step": 5, "epoch": 0.5, "loss": 1.0, "acc": 0.25}) + "\n")
        f.write(json.dumps({"kind": "val", "step": 5, "epoch": 0.5, "loss": 1.0, "acc": 0.5}) + "\n")
    run.update_status(total_steps=10)
    s = C.standing(run)
    assert (s["owner_name"], s["status"], s["step"], s["total_steps"], s["acc"], s["val_acc"]) == ("Ana", "running", 5, 10, 0.25, 0.5)

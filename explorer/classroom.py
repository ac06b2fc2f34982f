"""Who is who, and who may do what with a run or an upload: identity and ownership in one module.

A *person* is an id, a display name and a role. Three ways to be one:

* **the local user** (:data:`LOCAL`, id ``""``): no class is configured (no ``class_code``,
  ``teachers`` or ``teacher_secret`` and no sign-in provider), one person on a laptop; they own every
  run without an owner (the command line's, and runs older than ownership) and may do anything.
* **the light sign-in** (:func:`sign_in`): a name, and the class code when the operator set one. The
  person gets a random id, so typing someone else's name makes a *new* person, never them. The
  identity is kept in a token (:func:`issue_token`) that the browser stores in a cookie: an HMAC-SHA256
  of its contents with a secret kept in the runs folder (:func:`server_secret`), so a student cannot
  write one for another id or for the teacher role, and it survives a refresh, a closed tab and a
  server restart. Changing the class code signs everyone out; the teacher role in a token holds only
  while the teacher secret that granted it is unchanged.
* **an OpenID Connect account** (:func:`oidc_person`): Streamlit's ``st.login`` verified it; the
  account's e-mail or user name in the ``teachers`` setting makes a teacher.

Ownership: a run's ``owner`` (:mod:`explorer.training.runs`) is the id of whoever made it. A person
sees their own runs and the runs the teacher shared; only the owner or the teacher may stop, resume,
rename or delete a run or look at its data (the most confident mistakes, which may be a student's
photos, and its weights in the Inside page) — except that a shared run of a standard dataset may be
opened by all. Every action on a run or an upload goes through the checks here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.errors import ExplorerError
from explorer.settings import Settings, settings
from explorer.training import runs as store
from explorer.i18n import N_

ROLES = ("local", "student", "teacher")
SECRET_FILE = ".classroom-secret"  # in the runs folder: it lives and dies with the runs it protects
TOKEN_VERSION = "v1"
TOKEN_DAYS = 30  # as Streamlit's own identity cookie
MAX_NAME = 40
MAX_RUN_NAME = 60


class SignInError(ExplorerError):
    """A sign-in that cannot be accepted (no name, a wrong class code or teacher secret)."""


class NotAllowed(ExplorerError):
    """An action on a run that only its owner or the teacher may take."""


@dataclass(frozen=True)
class Person:
    """Someone using the app: ``id`` owns runs, ``name`` is shown, ``role`` is local, student or teacher."""

    id: str
    name: str
    role: str = "student"

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"

    @property
    def is_local(self) -> bool:
        return self.role == "local"

    @property
    def powers(self) -> bool:
        """May act on every run (the local user on their own machine, or the teacher)."""
        return self.role in ("local", "teacher")


#: The one person of a server without a class: owns the runs without an owner.
LOCAL = Person("", "", "local")


def class_mode(*, oidc: bool = False, values: Settings | None = None) -> bool:
    """Whether people sign in: the operator set a class code, teachers or a teacher secret, or a provider (``oidc``)."""
    s = values or settings()
    return bool(oidc or s.class_code or s.teachers or s.teacher_secret)


# --- the server's secret and the tokens -------------------------------------------------------


def server_secret(root: str | Path | None = None) -> bytes:
    """The server's signing key: 32 random bytes made once and kept in the runs folder (owner-only).

    Created with ``O_EXCL``, so two servers or threads starting at once agree on one key.
    """
    folder = store.runs_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_FILE
    for _ in range(50):
        try:
            text = path.read_text(encoding="ascii").strip()
            if len(text) == 64:
                return bytes.fromhex(text)
        except (OSError, ValueError):
            pass
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            time.sleep(0.02)  # another process is writing it
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, message: str) -> str:
    return _b64(hmac.new(key, message.encode(), hashlib.sha256).digest())


def _fingerprint(key: bytes, what: str, value: str | None) -> str:
    """A short keyed digest of a setting's value: a token remembers which class code it was issued under."""
    return _mac(key, f"{what}:{value or ''}")[:12]


def issue_token(person: Person, *, root: str | Path | None = None, now: float | None = None) -> str:
    """``v1.<contents>.<signature>``: the person, when, under which class code (and teacher secret), signed."""
    key = server_secret(root)
    s = settings()
    body: dict[str, Any] = {"i": person.id, "n": person.name, "r": person.role, "t": int(now if now is not None else time.time()),
                            "c": _fingerprint(key, "class", s.class_code)}
    if person.is_teacher:
        body["k"] = _fingerprint(key, "teacher", s.teacher_secret)
    payload = f"{TOKEN_VERSION}.{_b64(json.dumps(body, separators=(',', ':')).encode())}"
    return f"{payload}.{_mac(key, payload)}"


def read_token(token: object, *, root: str | Path | None = None, now: float | None = None) -> Person | None:
    """The person a token of this server names, or None: not ours, altered, expired, or of another class code.

    A teacher's token whose teacher secret has changed since reads as a student.
    """
    if not isinstance(token, str) or len(token) > 2048 or token.count(".") != 2:
        return None
    version, body64, signature = token.split(".")
    if version != TOKEN_VERSION:
        return None
    key = server_secret(root)
    if not hmac.compare_digest(_mac(key, f"{version}.{body64}"), signature):
        return None
    try:
        body = json.loads(_unb64(body64))
        pid, name, role, issued = str(body["i"]), str(body["n"]), str(body["r"]), float(body["t"])
    except (ValueError, KeyError, TypeError):
        return None
    if (now if now is not None else time.time()) - issued > TOKEN_DAYS * 86400 or role not in ("student", "teacher") or not pid:
        return None
    s = settings()
    if not hmac.compare_digest(str(body.get("c", "")), _fingerprint(key, "class", s.class_code)):
        return None
    if role == "teacher" and not (s.teacher_secret and hmac.compare_digest(str(body.get("k", "")), _fingerprint(key, "teacher", s.teacher_secret))):
        role = "student"
    return Person(pid, name, role)


# --- signing in -----------------------------------------------------------------------------


def clean_name(name: object, *, limit: int = MAX_NAME, run: bool = False) -> str:
    """A display name (a person's, or a ``run``'s): spaces collapsed, no control characters, 1 to ``limit`` characters.

    Raises:
        SignInError: empty or too long.
    """
    text = " ".join(unicodedata.normalize("NFC", str(name or "")).split())
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    if not text:
        raise SignInError(N_("Type your name: it cannot be empty."))
    if len(text) > limit and run:
        raise SignInError(N_("A run's name can have at most {limit} characters, not {length}."),
                          limit=limit, length=len(text))
    if len(text) > limit:
        raise SignInError(N_("A name can have at most {limit} characters, not {length}."),
                          limit=limit, length=len(text))
    return text


def sign_in(name: str, code: str = "", teacher_secret: str = "") -> Person:
    """The light sign-in: a new person named ``name``, a student or (with the right secret) the teacher.

    The id is random: a name is no proof of who someone is, so no one becomes another person
    by typing their name. The ``teachers`` allow-list is not used here for the same reason.

    Raises:
        SignInError: no name, a wrong class code, or a wrong teacher secret.
    """
    s = settings()
    shown = clean_name(name)
    if s.class_code and not hmac.compare_digest(str(code or "").strip().encode(), s.class_code.encode()):
        raise SignInError(N_("That is not this class's code: ask your teacher for it."))
    role = "student"
    if str(teacher_secret or "").strip():
        if not (s.teacher_secret and hmac.compare_digest(str(teacher_secret).strip().encode(), s.teacher_secret.encode())):
            raise SignInError(N_("That teacher secret is wrong: leave it empty to sign in as a student."))
        role = "teacher"
    return Person(f"p-{secrets.token_hex(8)}", shown, role)


def oidc_person(claims: Mapping[str, Any]) -> Person | None:
    """The person of a verified OpenID Connect identity (``st.user``), or None when not logged in.

    The id is a digest of the issuer and subject (stable for the account, and a safe folder name);
    the teacher role comes from the ``teachers`` setting (an e-mail or user name, any case).
    """
    if not claims.get("is_logged_in"):
        return None
    subject = str(claims.get("sub") or claims.get("email") or "")
    if not subject:
        return None
    pid = "o-" + hashlib.sha256(f"{claims.get('iss', '')}|{subject}".encode()).hexdigest()[:16]
    accounts = {str(claims.get(k) or "").strip().lower() for k in ("email", "preferred_username")} - {""}
    shown = str(claims.get("name") or claims.get("preferred_username") or claims.get("email") or subject)[:MAX_NAME]
    return Person(pid, shown, "teacher" if accounts & set(settings().teachers) else "student")


# --- ownership ------------------------------------------------------------------------------


def _config(run: store.Run | Mapping[str, Any]) -> Mapping[str, Any] | None:
    if isinstance(run, Mapping):
        return run
    try:
        return run.config()
    except store.RunNotFound:
        return None


def owner_of(run: store.Run | Mapping[str, Any]) -> str:
    """The run's owner id; ``""`` (the local user) when it has none."""
    cfg = _config(run)
    return str((cfg or {}).get("owner") or "")


def is_shared(run: store.Run | Mapping[str, Any]) -> bool:
    return bool((_config(run) or {}).get("shared"))


def can_see(person: Person, run: store.Run | Mapping[str, Any]) -> bool:
    """In their list: their own run, a run the teacher shared, or any run for the teacher and the local user."""
    cfg = _config(run)
    if cfg is None:
        return False
    return person.powers or owner_of(cfg) == person.id or bool(cfg.get("shared"))


def can_manage(person: Person, run: store.Run | Mapping[str, Any]) -> bool:
    """Stop, resume, rename, delete: the owner, the teacher, the local user."""
    cfg = _config(run)
    return cfg is not None and (person.powers or owner_of(cfg) == person.id)


def can_open(person: Person, run: store.Run | Mapping[str, Any]) -> bool:
    """Its data and weights (the most confident mistakes, the Inside page): the owner, the teacher, and — for a
    shared run of a standard dataset — everyone (a shared run of uploaded photos keeps the photos to its owner)."""
    cfg = _config(run)
    if cfg is None:
        return False
    return can_manage(person, cfg) or (bool(cfg.get("shared")) and cfg.get("dataset") != "folder")


def visible_runs(person: Person, root: str | Path | None = None) -> list[store.Run]:
    """The runs ``person`` sees, newest first."""
    return [r for r in store.list_runs(root) if can_see(person, r)]


def latest_own_run(person: Person, root: str | Path | None = None) -> store.Run | None:
    """``person``'s newest run (the Train page shows it when they come back)."""
    own = [r for r in store.list_runs(root) if owner_of(r) == person.id]
    return max(own, key=lambda r: float((_config(r) or {}).get("created") or 0), default=None)  # ids tell seconds only


def find_run(person: Person, run_id: str, root: str | Path | None = None) -> store.Run:
    """The run ``run_id`` if ``person`` may see it.

    Raises:
        RunNotFound: no such run, a malformed id, or someone else's run that was not shared
            (one message for all: a student cannot learn which ids exist).
    """
    run = store.get_run(run_id, root)
    if not can_see(person, run):
        shown = store.shown_run_id(run_id)
        raise store.RunNotFound(N_("There is no run {run!r}: pick one from the runs list."), run=shown)
    return run


def check(person: Person, run: store.Run, action: str) -> None:
    """Raise :class:`NotAllowed` unless ``person`` may take ``action`` ("stop", "resume", "rename", "delete",
    "open", "share") on ``run``."""
    allowed = {"open": can_open, "share": lambda p, r: p.is_teacher or p.is_local}.get(action, can_manage)(person, run)
    if not allowed:
        raise NotAllowed(N_("Only the run's owner or the teacher can do that."))


# --- actions on a run -----------------------------------------------------------------------


def rename(person: Person, run: store.Run, name: str) -> None:
    """Give ``run`` a name of its owner's choosing (empty: none)."""
    check(person, run, "rename")
    text = clean_name(name, limit=MAX_RUN_NAME, run=True) if str(name or "").strip() else ""
    run.update_config(name=text)


def share(person: Person, run: store.Run, shared: bool = True) -> None:
    """The teacher shows ``run`` to the whole class (in everyone's list and the Train page's overlay), or stops."""
    check(person, run, "share")
    run.update_config(shared=bool(shared))


def stop(person: Person, run: store.Run) -> None:
    """Ask ``run``'s process to stop (it saves a checkpoint first)."""
    check(person, run, "stop")
    run.request_stop()


def delete(person: Person, run: store.Run) -> None:
    """Remove ``run`` (:func:`explorer.training.runs.delete_run`: a training run must be stopped first)."""
    check(person, run, "delete")
    store.delete_run(run)


def standing(run: store.Run) -> dict[str, Any]:
    """Where ``run`` stands, for the teacher's board: owner, status, step of total, last accuracies, shared."""
    cfg = _config(run) or {}
    st = run.status()
    metrics = run.metrics()
    train = [m for m in metrics if m.get("kind") == "train"]
    val = [m for m in metrics if m.get("kind") == "val"]
    summary = st.get("summary") or {}
    return {
        "id": run.id, "owner": owner_of(cfg), "owner_name": str(cfg.get("owner_name") or ""), "name": str(cfg.get("name") or ""),
        "architecture": str(cfg.get("architecture", "")), "dataset": str(cfg.get("dataset", "")),
        "status": st.get("status", "failed"),
        "step": train[-1]["step"] if train else st.get("step"), "total_steps": st.get("total_steps") or summary.get("total_steps"),
        "acc": train[-1].get("acc") if train else None, "val_acc": val[-1].get("acc") if val else None,
        "shared": bool(cfg.get("shared")),
    }


# --- uploads --------------------------------------------------------------------------------

PEOPLE_UPLOADS = "people"


def person_folder(person: Person) -> str:
    """A folder name for ``person``'s files: a digest of the id (never text a browser typed)."""
    return "p" + hashlib.sha256(person.id.encode()).hexdigest()[:20]


def upload_folder(base: str | Path, person: Person) -> Path:
    """Where ``person``'s uploads go under ``base``: ``base`` itself for the local user (as before
    there were people), else ``base/people/<digest of their id>``."""
    base = Path(base)
    return base if person.is_local else base / PEOPLE_UPLOADS / person_folder(person)


def owns_upload(person: Person, path: str | Path, base: str | Path) -> bool:
    """Whether ``path`` lies in ``person``'s upload folder (the teacher and the local user own every upload)."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    folder = Path(base).resolve() if person.powers else upload_folder(base, person).resolve()
    return resolved.is_relative_to(folder)


@dataclass(frozen=True)
class Cleared:
    """What :func:`clear_class` did: runs deleted, runs still training (asked to stop), upload folders removed."""

    deleted: int
    stopping: int
    uploads: int


def class_runs(root: str | Path | None = None, *, keep: Iterable[str] = ()) -> list[store.Run]:
    """Runs that belong to someone of the class (an owner that is not the local user and not in ``keep``)."""
    kept = set(keep)
    return [r for r in store.list_runs(root) if owner_of(r) and owner_of(r) not in kept]


def clear_class(person: Person, *, uploads: str | Path | None = None, root: str | Path | None = None) -> Cleared:
    """The end of a lesson: delete every run of the class but the teacher's own, and the class's uploads.

    Runs still training are asked to stop and counted; clearing again once they stopped deletes them.
    The local user's runs (the command line's) stay.

    Raises:
        NotAllowed: ``person`` is not the teacher.
    """
    if not person.powers:
        raise NotAllowed(N_("Only the teacher can clear the class."))
    deleted = stopping = 0
    for run in class_runs(root, keep=[person.id]):
        try:
            store.delete_run(run)
            deleted += 1
        except store.RunBusy:
            run.request_stop()
            stopping += 1
        except store.RunNotFound:
            continue
    removed = 0
    if uploads is not None:
        folder = Path(uploads) / PEOPLE_UPLOADS
        mine = person_folder(person)
        for sub in sorted(folder.iterdir()) if folder.is_dir() else []:
            if sub.name != mine and re.fullmatch(r"p[0-9a-f]{20}", sub.name) and not sub.is_symlink():
                shutil.rmtree(sub, ignore_errors=True)
                removed += 1
    return Cleared(deleted, stopping, removed)

"""A live lesson: the teacher presents on the Learn page and the class's pages follow.

The lesson is one small JSON file in the runs folder (``.lesson/state.json``), written whole through
:func:`explorer.training.runs.write_atomic` under a lock, so every server process and thread reads the
old state or the new one, never half. It holds the teacher's Learn URL query (lab, step, presentation
mode, the lab's values: what a link carries, checked again by each follower's page as a link is) and a
``version`` that goes up with every change, so a follower that polls reruns its page only when the
version moved. Versions keep counting across lessons, and each lesson has a random id.

A follower says it follows by touching a file named by its person id in ``.lesson/followers/``
(:func:`heartbeat`); the teacher's count is the files of this lesson touched in the last
:data:`FRESH_S` seconds, so a closed tab drops out by itself.

Only a teacher starts, changes or ends a lesson (:class:`explorer.classroom.NotAllowed` otherwise); only
the teacher who started it changes it. A lesson whose teacher has not been seen for :data:`STALE_S`
seconds (their Learn page closed) reads as ended.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from explorer.classroom import NotAllowed, Person
from explorer.training import runs as store
from explorer.i18n import N_

FOLDER = ".lesson"  # in the runs folder
FRESH_S = 6.0  # a follower not heard from for this long no longer counts
SEEN_EVERY_S = 5.0  # the teacher's page says it is still there at most this often
STALE_S = 3600.0  # a lesson whose teacher has not been seen for an hour has ended
MAX_ITEMS, MAX_KEY, MAX_VALUE = 64, 40, 2000  # the query a lesson carries (a Learn URL is far smaller)
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class Lesson:
    """The state of the live lesson (or of the last one, ``live`` False)."""

    id: str
    version: int
    teacher: str  # the teacher's person id
    teacher_name: str
    query: dict[str, str] = field(default_factory=dict)
    live: bool = True
    started: float = 0.0
    seen: float = 0.0  # when the teacher's page last wrote

    def is_live(self, now: float | None = None) -> bool:
        return self.live and (now if now is not None else time.time()) - self.seen <= STALE_S


def _folder(root: str | Path | None) -> Path:
    return store.runs_dir(root) / FOLDER


def _state_path(root: str | Path | None) -> Path:
    return _folder(root) / "state.json"


@contextlib.contextmanager
def _lock(root: str | Path | None) -> Iterator[None]:
    """One writer at a time, across processes and threads (each ``open`` is its own lock holder)."""
    with store.file_lock(_folder(root) / "lock"):
        yield


def clean_query(query: Mapping[Any, Any]) -> dict[str, str]:
    """The part of a URL query a lesson carries: text keys and values of sane size, without ``lang``
    (each follower keeps their own language). What does not fit is left out, not refused: the
    follower's page checks every value again, as it checks a link."""
    out: dict[str, str] = {}
    for k, v in query.items():
        if len(out) >= MAX_ITEMS:
            break
        if isinstance(k, str) and isinstance(v, str) and 0 < len(k) <= MAX_KEY and len(v) <= MAX_VALUE and k != "lang":
            out[k] = v
    return out


def read(root: str | Path | None = None) -> Lesson | None:
    """The last lesson's state as written (live or ended), or None when there was none or the file is unreadable."""
    try:
        data = json.loads(_state_path(root).read_text(encoding="utf-8"))
        return Lesson(id=str(data["id"]), version=int(data["version"]), teacher=str(data["teacher"]),
                      teacher_name=str(data["teacher_name"]), query=clean_query(data.get("query") or {}),
                      live=bool(data["live"]), started=float(data["started"]), seen=float(data["seen"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def live(root: str | Path | None = None, *, now: float | None = None) -> Lesson | None:
    """The lesson being given now, or None."""
    lesson = read(root)
    return lesson if lesson is not None and lesson.is_live(now) else None


def _write(lesson: Lesson, root: str | Path | None) -> Lesson:
    store.write_atomic(_state_path(root), json.dumps(asdict(lesson), ensure_ascii=False))
    return lesson


def _teacher_only(person: Person) -> None:
    if not person.is_teacher:
        raise NotAllowed(N_("Only a teacher can start, change or end a live lesson."))


def start(person: Person, query: Mapping[str, str] | None = None, *, root: str | Path | None = None,
          now: float | None = None) -> Lesson:
    """The teacher starts a live lesson at ``query`` (their Learn page's); it replaces any lesson going on.

    Raises:
        NotAllowed: ``person`` is not a teacher.
    """
    _teacher_only(person)
    t = now if now is not None else time.time()
    with _lock(root):
        old = read(root)
        lesson = Lesson(id=secrets.token_hex(6), version=(old.version if old else 0) + 1, teacher=person.id,
                        teacher_name=person.name, query=clean_query(query or {}), started=t, seen=t)
        return _write(lesson, root)


def update(person: Person, query: Mapping[str, str], *, root: str | Path | None = None, now: float | None = None) -> Lesson | None:
    """The teacher's page is at ``query``: a new version when it changed, else only "still here" (every
    :data:`SEEN_EVERY_S` s). None when no lesson is live.

    Raises:
        NotAllowed: ``person`` is not the teacher giving the lesson.
    """
    _teacher_only(person)
    t = now if now is not None else time.time()
    q = clean_query(query)
    current = live(root, now=t)
    if current is None:
        return None
    if current.teacher != person.id:
        raise NotAllowed(N_("Only the teacher giving the lesson can change it."))
    if current.query == q and t - current.seen < SEEN_EVERY_S:
        return current  # nothing to write: the common case, a poll
    with _lock(root):
        current = live(root, now=t)
        if current is None or current.teacher != person.id:
            return current
        moved = current.query != q
        return _write(replace(current, query=q, seen=t, version=current.version + int(moved)), root)


def end(person: Person, *, root: str | Path | None = None, now: float | None = None) -> Lesson | None:
    """End the live lesson (any teacher may); the followers stay where they are. None when none was live.

    Raises:
        NotAllowed: ``person`` is not a teacher.
    """
    _teacher_only(person)
    with _lock(root):
        current = live(root, now=now)
        if current is None:
            return None
        ended = _write(replace(current, live=False, version=current.version + 1), root)
    folder = _folder(root) / "followers"
    for f in folder.iterdir() if folder.is_dir() else []:
        f.unlink(missing_ok=True)
    return ended


# --- who follows --------------------------------------------------------------------------------


def _follower_path(person: Person, root: str | Path | None) -> Path | None:
    return _folder(root) / "followers" / person.id if _ID.fullmatch(person.id) else None


def heartbeat(person: Person, lesson: Lesson, *, root: str | Path | None = None) -> None:
    """``person`` follows ``lesson`` (call it every few seconds while they do)."""
    path = _follower_path(person, root)
    if path is not None and not person.is_teacher:
        store.write_atomic(path, lesson.id)


def leave(person: Person, *, root: str | Path | None = None) -> None:
    """``person`` stops following: they no longer count."""
    path = _follower_path(person, root)
    if path is not None:
        path.unlink(missing_ok=True)


def followers(lesson: Lesson, *, root: str | Path | None = None, now: float | None = None) -> int:
    """How many people follow ``lesson``: heartbeats for it in the last :data:`FRESH_S` seconds."""
    folder = _folder(root) / "followers"
    t = now if now is not None else time.time()
    n = 0
    for f in folder.iterdir() if folder.is_dir() else []:
        try:
            if t - f.stat().st_mtime <= FRESH_S and f.read_text(encoding="ascii") == lesson.id:
                n += 1
        except (OSError, ValueError):
            continue  # just removed or being replaced
    return n

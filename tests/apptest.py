"""Open the app as a person does, for AppTest: run app.py with a URL's query, then go to a page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60  # a first run imports torch and builds the catalogue: slow on a loaded 2-core CI machine


def ok(at: AppTest) -> None:
    """No exception on the page (the message lists them)."""
    assert not at.exception, [e.value for e in at.exception]


def open_page(page: str | None = None, *, timeout: float = TIMEOUT, person: object = None, **query: str) -> AppTest:
    """app.py with ``query`` in the URL, switched to ``page`` (e.g. ``"pages/train.py"``; None stays on Home), checked by :func:`ok`.

    ``person``: an ``explorer.classroom.Person`` signed in earlier in this session (None: nobody).
    """
    from ui import state

    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update(query)
    if person is not None:
        at.session_state[state.PERSON] = person
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    ok(at)
    return at

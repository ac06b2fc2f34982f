"""The URL ↔ session synchronisation, written once: what a link asks for, and what the app writes back.

Every page keeps what is on screen in the query string, so a link, a refresh
or back/forward reproduces it; Streamlit also clears the query string when the
page changes. A part of the session that follows the URL must therefore tell
two kinds of change apart:

* the URL changed *from outside* (a link, a refresh, back/forward, a page
  switch): the URL wins and is applied to the session;
* the app changed the URL itself (a widget moved, the language switched): the
  session already holds it, nothing is applied.

Each reader of the URL (the page's link, the Train page's ``?run=``, the
Inside page's ``?run=``, a tab bar, the language) keeps, under its own name,
the query it last saw. :func:`changed` compares the URL with it; the write side
(:func:`write`, :func:`put`) moves every reader that was in step with the URL
before the write to the URL after it, so the app's own change is never taken
for a link, while a change from outside that a reader has not looked at yet in
this run is still news to it.

One more kind of URL is neither: an *echo*. The browser sends its address with every rerun, and a rerun it
sent before the app's last write reached it (a fragment's timer firing while the page ran) carries an
address the app wrote earlier. Taken for a link it would undo what the person just did (a presenter's
*Next* undone by the live-lesson bar's poll). So a URL the app itself wrote before its latest write, on
the same page, counts as news only when the browser says it comes from its history (back/forward).
Code that opens a URL as a link would (:func:`open_link`) makes it news to every reader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

SEEN = "_urlsync_seen"  # session key: {reader: the query string it last saw}
WRITTEN = "_urlsync_written"  # session key: the latest URLs the app wrote, as (page, query), newest last
KEEP_WRITTEN = 64
PAGE = "page"  # the reader of a page's own link (a model, the Compare models, a lab): one for all pages


def _seen() -> dict[str, dict[str, str]]:
    return st.session_state.setdefault(SEEN, {})


def _page() -> str:
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def _echo(q: dict[str, str]) -> bool:
    """Whether ``q`` is an address the app wrote earlier on this page, sent back by a rerun that left before
    the latest write reached the browser (not a back/forward)."""
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.is_history_navigation:
        return False
    written = st.session_state.get(WRITTEN, [])
    return (_page(), q) in written[:-1]  # the latest write is listed once, last


def changed(reader: str = PAGE) -> bool:
    """Whether the URL changed from outside since ``reader`` last saw it; from now on it has seen it.

    A first look in a session (a link or a refresh opened it) is a change; an echo of the app's own earlier
    address is not.
    """
    q = st.query_params.to_dict()
    seen = _seen()
    if seen.get(reader) == q:
        return False
    first = reader not in seen
    seen[reader] = q
    return first or not _echo(q)


def open_link(query: Mapping[str, str]) -> None:
    """Put ``query`` in the address bar as a link would: every reader takes it as news."""
    st.query_params.from_dict(query)
    _seen().clear()


def mark_seen(reader: str) -> None:
    """Take the URL as it stands for seen by ``reader`` (a callback about to change what the URL will hold)."""
    _seen()[reader] = st.query_params.to_dict()


def from_url(param: str, key: str | None = None, *, reader: str | None = None,
             apply: Callable[[str], Any] | None = None, accept: Callable[[str], bool] = bool) -> bool:
    """Apply ``?param=`` to the session when the URL changed from outside and the value is one to apply.

    Args:
        param: the query parameter.
        key: the session key that takes the value (optional when ``apply`` does the work).
        reader: whose view of the URL this is (default ``key``, else ``param``); two pages reading the same
            parameter are two readers.
        apply: called with the value, after it is stored under ``key``.
        accept: whether a value is applied; by default any non-empty one, so that a URL without the
            parameter (a page switch clears the query) leaves the session alone.

    Returns:
        Whether the value was applied.
    """
    if not changed(reader or key or param):
        return False
    value = st.query_params.get(param)
    if value is None or not accept(value):
        return False
    if key is not None:
        st.session_state[key] = value
    if apply is not None:
        apply(value)
    return True


def _wrote(before: Mapping[str, str]) -> None:
    """After the app wrote the URL: readers that had seen ``before`` have seen the new URL too."""
    after = st.query_params.to_dict()
    entry, written = (_page(), after), st.session_state.setdefault(WRITTEN, [])
    if entry in written:
        written.remove(entry)
    written.append(entry)
    del written[:-KEEP_WRITTEN]
    for reader, seen in _seen().items():
        if seen == before:
            _seen()[reader] = after


def write(query: Mapping[str, str]) -> None:
    """Put exactly ``query`` in the address bar (only when it differs: an equal write adds no history)."""
    before = st.query_params.to_dict()
    if before != dict(query):
        st.query_params.from_dict(query)
    _wrote(before)


def put(param: str, value: str | None) -> None:
    """Set one parameter of the URL (None takes it out), leaving the others as they are."""
    before = st.query_params.to_dict()
    if before.get(param) == value:
        return
    if value is None:
        del st.query_params[param]
    else:
        st.query_params[param] = value
    _wrote(before)

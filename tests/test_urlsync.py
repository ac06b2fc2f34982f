"""ui/urlsync.py: a change of the URL from outside is applied once, by every reader; the app's own writes never."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script() -> None:
    import streamlit as st

    from ui import urlsync

    log = st.session_state.setdefault("log", [])
    if urlsync.from_url("run", "run_shown"):  # a reader before the page writes its URL
        log.append(("run", st.query_params["run"]))
    if "pick" in st.session_state:  # a widget of the page chose another run
        st.session_state["run_shown"] = st.session_state.pop("pick")
    urlsync.write({"run": st.session_state.get("run_shown", "none"), **({"tab": st.query_params["tab"]} if "tab" in st.query_params else {})})
    if urlsync.changed("tabs"):  # a reader after the write (the tab bar): an outside change is still news to it
        log.append(("tab", st.query_params.get("tab")))
    urlsync.put("tab", st.query_params.get("tab"))


def _app(**query: str) -> AppTest:
    at = AppTest.from_function(_script)
    at.query_params.update(query)
    return at.run()


def test_a_link_applies_once_and_the_apps_own_writes_never() -> None:
    at = _app(run="a", tab="charts")
    assert at.session_state["log"] == [("run", "a"), ("tab", "charts")], "a link: every reader applies it"
    at.run()
    assert at.session_state["log"] == [("run", "a"), ("tab", "charts")], "a rerun changes nothing"
    at.session_state["pick"] = "b"
    at.run()
    at.run()
    assert at.query_params["run"] in ("b", ["b"])
    assert at.session_state["log"] == [("run", "a"), ("tab", "charts")], "the app's own write is no link"
    at.query_params["run"] = "a"  # an echo: a rerun that left before the write of ?run=b reached the browser
    at.run()
    assert at.session_state["run_shown"] == "b", "the app's own earlier address is no link (back/forward is: test_browser_urlsync)"
    assert at.session_state["log"] == [("run", "a"), ("tab", "charts")]
    at.query_params["run"] = "c"  # a link the app never wrote: the URL changes from outside
    at.run()
    assert at.session_state["run_shown"] == "c"
    assert at.session_state["log"][2:] == [("run", "c"), ("tab", "charts")]


def test_a_url_without_the_parameter_leaves_the_session_alone() -> None:
    at = _app(run="a")
    at.query_params.clear()  # a page switch clears the query string
    at.run()
    assert at.session_state["run_shown"] == "a" and at.query_params["run"] in ("a", ["a"])

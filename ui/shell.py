"""What every page does first."""

from __future__ import annotations

import streamlit as st


def ensure_navigation() -> None:
    """Make a deep link opened before ``app.py`` ever ran go through ``app.py``.

    Streamlit starts in its legacy multipage mode when a ``pages/`` folder
    exists, until ``st.navigation`` is first called in the server process. A
    link such as ``/architecture?arch=vgg16`` opened first after a restart
    would run the page without ``app.py`` (no wide layout, no navigation). The
    flag below is what ``st.navigation`` itself clears (streamlit 1.67,
    ``commands/navigation.py``); clearing it and rerunning routes the same URL
    through ``app.py``.

    Streamlit offers no supported switch for this (its legacy mode is chosen by the mere presence of
    ``pages/`` beside the entry script), so this is the project's one touch of Streamlit's private state;
    ``tests/test_browser_shell.py`` fails when an upgrade moves the flag or stops needing it.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()

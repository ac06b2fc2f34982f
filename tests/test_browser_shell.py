"""The one place that touches Streamlit's private state (ui/shell.py), checked against the installed Streamlit.

Streamlit runs in its legacy multipage mode while a ``pages/`` folder sits next to the entry script, until
``st.navigation`` first runs in the server process. The project's layout needs ``pages/`` (STYLE.md), so
``ui.shell.ensure_navigation`` clears the same flag ``st.navigation`` clears and reruns. These tests fail when a
Streamlit upgrade moves that flag, so the workaround is revisited rather than silently lost.
"""

from __future__ import annotations

import inspect

import pytest

from appserver import Server, require_browser

require_browser()


def test_the_flag_the_workaround_clears_is_the_one_st_navigation_clears() -> None:
    from streamlit.commands import navigation
    from streamlit.runtime import pages_manager
    from streamlit.runtime.scriptrunner import script_runner

    assert hasattr(pages_manager.PagesManager, "uses_pages_directory")
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation)
    assert "if PagesManager.uses_pages_directory:" in inspect.getsource(script_runner)


@pytest.mark.browser
def test_a_deep_link_opened_first_after_a_restart_runs_through_app_py(server: Server, page) -> None:
    from playwright.sync_api import expect

    # The module's server is fresh: this is the first page it serves, a deep link to a page other than Home.
    page.goto(f"{server.url}/compare?lang=zh")
    expect(page.get_by_role("link", name="学习")).to_be_visible()  # app.py's navigation, in the link's language
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # not the legacy sidebar list of pages/

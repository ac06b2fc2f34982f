"""CNN Explorer — the Streamlit entry point: page set-up and navigation.

Run with ``make run`` (or ``.venv/bin/streamlit run app.py``).
"""

import streamlit as st

import ui.preload  # noqa: F401  first: the pages' imports, once, before sessions run them side by side

from explorer.errors import ExplorerError
from explorer.zoo.external import operator_models
from ui import i18n, people
from ui.i18n import _

st.set_page_config(page_title="CNN Explorer", page_icon=":material/explore:", layout="wide", initial_sidebar_state="expanded")
i18n.sync_from_url()  # ?lang=zh from a link, before any string is read
try:
    operator_models()  # the modules the operator's setting `models` names (never a link's): explorer/zoo/external.py
except ExplorerError as err:
    st.error(_("The operator's models could not be loaded: {error}", error=i18n.error_text(err)))
    st.stop()

PAGES = [
    st.Page("pages/home.py", title=_("Home"), icon=":material/home:", default=True),
    st.Page("pages/architecture.py", title=_("Architecture"), icon=":material/view_agenda:", url_path="architecture"),
    st.Page("pages/compare.py", title=_("Compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/choose.py", title=_("Choose a backbone"), icon=":material/leaderboard:", url_path="choose"),
    st.Page("pages/inside.py", title=_("Inside"), icon=":material/visibility:", url_path="inside"),
    st.Page("pages/train.py", title=_("Train"), icon=":material/model_training:", url_path="train"),
    st.Page("pages/design.py", title=_("Design"), icon=":material/edit_square:", url_path="design"),
    st.Page("pages/learn.py", title=_("Learn"), icon=":material/school:", url_path="learn"),
]
person = people.current()  # people: LOCAL without a class; None until this person signs in
if person is not None and person.is_teacher:
    PAGES.append(st.Page("pages/teacher.py", title=_("Class"), icon=":material/groups:", url_path="teacher"))

page = st.navigation(PAGES, position="top")
with st.sidebar:
    i18n.language_switcher()
    people.badge(person)
try:
    if person is None:
        people.sign_in_form()  # the page asked for stays in the URL and opens once signed in
    else:
        page.run()
finally:
    i18n.keep_in_url()  # pages that write no URL of their own still keep ?lang=

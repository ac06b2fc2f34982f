"""CNN Explorer — the Streamlit entry point: page set-up and navigation.

Run with ``make run`` (or ``.venv/bin/streamlit run app.py``).
"""

import streamlit as st

from ui import i18n
from ui.i18n import t

st.set_page_config(page_title="CNN Explorer", page_icon=":material/explore:", layout="wide", initial_sidebar_state="expanded")
i18n.sync_from_url()  # ?lang=zh from a link, before any string is read

PAGES = [
    st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
    st.Page("pages/architecture.py", title=t("nav.architecture"), icon=":material/view_agenda:", url_path="architecture"),
    st.Page("pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/choose.py", title=t("nav.choose"), icon=":material/leaderboard:", url_path="choose"),
    st.Page("pages/inside.py", title=t("nav.inside"), icon=":material/visibility:", url_path="inside"),
    st.Page("pages/train.py", title=t("nav.train"), icon=":material/model_training:", url_path="train"),
    st.Page("pages/design.py", title=t("nav.design"), icon=":material/edit_square:", url_path="design"),
    st.Page("pages/learn.py", title=t("nav.learn"), icon=":material/school:", url_path="learn"),
]

page = st.navigation(PAGES, position="top")
with st.sidebar:
    i18n.language_switcher()
try:
    page.run()
finally:
    i18n.keep_in_url()  # pages that write no URL of their own still keep ?lang=

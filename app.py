"""CNN Explorer — the Streamlit entry point: page set-up and navigation.

Run with ``make run`` (or ``.venv/bin/streamlit run app.py``).
"""

import streamlit as st

st.set_page_config(page_title="CNN Explorer", page_icon=":material/explore:", layout="wide", initial_sidebar_state="expanded")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/architecture.py", title="Architecture", icon=":material/view_agenda:", url_path="architecture"),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
]

st.navigation(PAGES, position="top").run()

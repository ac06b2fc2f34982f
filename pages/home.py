"""Home: what CNN Explorer is, and one sentence per page."""

import streamlit as st

from ui.i18n import t
from ui.shell import ensure_navigation

ensure_navigation()

st.title(t("home.title"))
st.markdown(t("home.intro"))

cols = st.columns(3)
with cols[0]:
    st.page_link("pages/architecture.py", label=t("home.link.architecture"), icon=":material/view_agenda:")
    st.caption(t("home.caption.architecture"))
with cols[1]:
    st.page_link("pages/compare.py", label=t("home.link.compare"), icon=":material/compare_arrows:")
    st.caption(t("home.caption.compare"))
with cols[2]:
    st.page_link("pages/learn.py", label=t("home.link.learn"), icon=":material/school:")
    st.caption(t("home.caption.learn"))

st.divider()
st.markdown(t("home.definitions"))

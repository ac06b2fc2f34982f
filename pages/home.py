"""Home: what CNN Explorer is, and one sentence per page."""

import streamlit as st

from explorer.labs import LAB_IDS
from ui.i18n import t
from ui.shell import ensure_navigation

ensure_navigation()

st.title(t("home.title"))
st.markdown(t("home.intro"))

LINKS = [
    ("pages/architecture.py", "architecture", ":material/view_agenda:"),
    ("pages/compare.py", "compare", ":material/compare_arrows:"),
    ("pages/inside.py", "inside", ":material/visibility:"),
    ("pages/train.py", "train", ":material/model_training:"),
    ("pages/learn.py", "learn", ":material/school:"),
]
for row in (LINKS[:3], LINKS[3:]):
    for col, (path, name, icon) in zip(st.columns(3), row):
        with col:
            st.page_link(path, label=t(f"home.link.{name}"), icon=icon)
            st.caption(t("home.caption.learn", n=len(LAB_IDS)) if name == "learn" else t(f"home.caption.{name}"))

st.divider()
st.markdown(t("home.definitions"))

"""Learn: the textbooks' worked examples as labs, for the classroom (every lab's state in the URL)."""

import streamlit as st

from ui.learn import page as learn
from ui.shell import ensure_navigation

ensure_navigation()

problem = learn.load_url()
with st.sidebar:
    learn.sidebar()
lab = learn.current()
if problem:
    st.warning(problem)
if learn.presenting():
    learn.present(lab)
else:
    learn.show(lab)
learn.write_url(lab)

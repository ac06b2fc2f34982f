"""Learn: the textbooks' worked examples as labs, for the classroom (every lab's state in the URL)."""

import streamlit as st

from ui import lesson
from ui.learn import page as learn
from ui.shell import ensure_navigation

ensure_navigation()

lesson.follow()  # a class's live lesson: a following student's URL becomes the teacher's
problem = learn.load_url()
with st.sidebar:
    learn.sidebar()
    lesson.sidebar()
lab = learn.current()
lesson.bar()
if problem:
    st.warning(problem)
if learn.presenting():
    learn.present(lab)
else:
    learn.show(lab)
learn.write_url(lab)
lesson.publish()

"""Projector mode, for every page: large type, no sidebar, the essential numbers and one chart.

A teacher sets the knobs in the ordinary page, then presses *Present* (the sidebar's button): the page
redraws for the back of the room, at 1280×720 as at 1920×1080, and ``?present=1`` in the address keeps it
through a refresh or a shared link. Esc (or *Exit*) goes back. The Learn page's presentation mode (one
step per screen) uses the same style sheet.
"""

from __future__ import annotations

import streamlit as st

from ui import i18n, urlsync
from ui.i18n import _, NP_

PARAM = "present"
FIGURE_SCALE = 1.35  # plotly text and heights in projector mode

# One rule per kind of text; a metric's value is matched more precisely than a paragraph (it holds one), so
# the big numbers are bigger on the projector than on the screen, never smaller.
CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem 3rem 2.5rem !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.6rem !important; line-height: 1.45 !important; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.3rem !important; }
[data-testid="stMain"] [data-testid="stSliderThumbValue"] { top: -1.9rem !important; }
[data-testid="stMain"] [data-testid="stSliderThumbValue"] p { font-size: 1.3rem !important; line-height: 1.2 !important; }
[data-testid="stMain"] [data-testid="stSlider"] { padding-top: 1.2rem !important; }
[data-testid="stMain"] h1 { font-size: 2.8rem !important; }
[data-testid="stMain"] h2 { font-size: 2.3rem !important; }
[data-testid="stMain"] h3 { font-size: 2rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 3rem !important; line-height: 1.2 !important; }
[data-testid="stMain"] [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { font-size: 1.4rem !important; }
[data-testid="stMain"] [data-testid="stCode"] code { font-size: 1.4rem !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
[data-testid="stMain"] button [data-testid="stMarkdownContainer"] p { font-size: 1.25rem !important; white-space: nowrap !important; }
[data-testid="stMain"] [data-baseweb="select"] div, [data-testid="stMain"] input { font-size: 1.25rem !important; }
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th { font-size: 1.3rem !important; }
</style>
"""


# The Learn page's slides (one step per screen) are laid out for a 720-px-high screen: a thin top bar, a smaller
# step title, tighter gaps, and figures no taller than LEARN_FIGURE_ROOM pixels (ui.learn.base.Ctx.chart).
LEARN_FIGURE_ROOM = 360
LEARN_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 0.6rem 2.5rem 0.5rem 2.5rem !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.55rem !important; }
[data-testid="stMain"] h1 { font-size: 2rem !important; padding: 0.1rem 0 0.2rem 0 !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.5rem !important; line-height: 1.3 !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { margin-bottom: 0.4rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 2.6rem !important; }
[data-testid="stMain"] [data-testid="stCode"] code { font-size: 1.3rem !important; }
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th { font-size: 1.2rem !important; padding: 0.3rem 0.6rem !important; }
[data-testid="stMain"] [data-testid="stSlider"] { padding-top: 0 !important; }
[data-testid="stMain"] [data-testid="stSlider"] [data-testid="stWidgetLabel"] { margin-bottom: 1.7rem !important; }
[data-testid="stMain"] [data-testid="stSliderThumbValue"] { top: -1.7rem !important; }
</style>
"""


def _key(page: str) -> str:
    return f"present:{page}"


def presenting(page: str) -> bool:
    """Whether ``page`` is in projector mode: the person's choice, or ``?present=1`` from a link or a refresh."""
    key = _key(page)
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(PARAM) == "1"
    return bool(st.session_state[key])


def _set(page: str, on: bool) -> None:
    st.session_state[_key(page)] = on
    urlsync.put(PARAM, "1" if on else None)


def enter_button(page: str) -> None:
    """The sidebar's *Present* button, with what it does.

    Drawn before the page writes its own URL, it also reads ``?present=1`` from a link while it is there.
    """
    presenting(page)
    st.button(_(NP_("present.enter", "Present")), icon=":material/slideshow:", on_click=_set, args=(page, True), width="stretch",
              key=f"w:present:{page}", help=_("For a projector: large type, no sidebar, the essential numbers and one chart. Esc leaves."))


def keep_in_url(page: str) -> None:
    """Put ``?present=1`` back after the page wrote its own URL, and mark it seen (not a link from outside)."""
    if presenting(page) and st.query_params.get(PARAM) != "1":
        urlsync.put(PARAM, "1")


def header(page: str, title: str) -> None:
    """Projector mode's style and top bar: the title on its own line, then the language and *Exit* (Esc).

    Called after the page wrote its URL (or followed by :func:`keep_in_url`).
    """
    st.html(CSS)
    keep_in_url(page)
    st.markdown(f"## {i18n.escape_md(title)}")
    with st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
        with st.container(width=260):
            i18n.language_switcher(f"w:lang:present:{page}")
        st.button(_("Exit"), on_click=_set, args=(page, False), shortcut="Escape", key=f"w:present_exit:{page}",
                  width="content")


def chart_choice(page: str, options: list[str], *, labels: dict[str, str]) -> str:
    """The one chart shown, chosen among ``options`` (``labels``: each option's message id)."""
    tr = i18n.bound()
    key = f"w:present_chart:{page}"
    i18n.keep_choice(key)
    choice = st.segmented_control(_("Chart"), options, key=key, default=options[0],
                                  format_func=lambda o: tr(labels[o]), label_visibility="collapsed")
    return choice or options[0]


def scaled(fig):
    """``fig`` with its text and height made larger for the back of the room."""
    layout = fig.layout
    fig.update_layout(font={"size": round((layout.font.size or 16) * FIGURE_SCALE)},
                      title={"font": {"size": round((layout.title.font.size or 22) * FIGURE_SCALE)}},
                      height=round((layout.height or 560) * 1.15))
    return fig

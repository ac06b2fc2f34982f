"""What every lab view shares: the lab and step records, the controls bound to session and URL, and small views.

A lab is a list of steps; a step is a title and a function that draws it. In
class the page shows every step of the chosen lab one under the other; in
presentation mode one step fills the screen. A control's value lives in
``st.session_state[state.LEARN_VALUES][lab][name]``, so that it survives the
steps whose widgets are not drawn, and in the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from explorer.labs.common import BookFigure, Filled
from ui import state
from ui.i18n import escape_md, keep_choice, t
from ui.learn.params import Param, defaults


@dataclass(frozen=True)
class Step:
    """One screen of a lab: a catalogue key for its title and the function that draws it.

    ``fill`` computes the title's placeholders from the lab's values, so that a
    title that states a number states the one on screen ("Mixing channels: 64 → 28").
    """

    title: str
    render: Callable[[Ctx], None]
    fill: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def heading(self, vals: dict[str, Any]) -> str:
        """The title in the current language, its numbers those of ``vals``."""
        return t(self.title, **(self.fill(vals) if self.fill else {}))


@dataclass(frozen=True)
class Lab:
    """A lab: its id (``?lab=``), its number in the book order, its controls and its steps."""

    id: str
    number: int
    params: tuple[Param, ...]
    steps: tuple[Step, ...]

    @property
    def title(self) -> str:
        return f"lab.{self.id}.title"

    @property
    def intro(self) -> str:
        return f"lab.{self.id}.intro"

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


def values(lab: Lab) -> dict[str, Any]:
    """The lab's current values (its defaults the first time), kept across steps and page switches."""
    store = st.session_state.setdefault(state.LEARN_VALUES, {})
    current = store.setdefault(lab.id, defaults(lab.params))
    for p in lab.params:
        current.setdefault(p.name, p.default)
    return current


def synced(lab: Lab) -> dict[str, Any]:
    """:func:`values` with the widgets' values of this run, which the steps' controls read later.

    A step's title is drawn before its controls: without this it would show the
    numbers of the previous run.
    """
    current = values(lab)
    for p in lab.params:
        v = st.session_state.get(state.lab_key(lab.id, p.name))
        if v is not None:
            current[p.name] = v
    return current


def set_values(lab: Lab, new: dict[str, Any]) -> None:
    """Replace the lab's values (from a link) and show them in its widgets."""
    current = values(lab)
    current.update(new)
    for name, v in new.items():
        st.session_state[state.lab_key(lab.id, name)] = v


def _reselect(key: str, value: Any) -> None:
    """A segmented control clicked off selects nothing: keep the value it had."""
    if st.session_state.get(key) is None:
        st.session_state[key] = value


@dataclass
class Ctx:
    """What a step's draw function gets: the lab, its values, and the figure scale of the mode."""

    lab: Lab
    scale: float = 1.0
    presenting: bool = False
    vals: dict[str, Any] = field(default_factory=dict)
    room: int = 0  # presentation: the most pixels a figure may take in height (0: its own height)

    def __getitem__(self, name: str) -> Any:
        return self.vals[name]

    def label(self, name: str) -> str:
        p = self.lab.param(name)
        return t(p.label or f"lab.{self.lab.id}.{name}")

    def control(self, name: str, *, max_value: int | None = None, format_func: Callable[[Any], str] | None = None, help: str | None = None) -> Any:
        """Draw parameter ``name``'s widget where called; return its value (also stored for the URL)."""
        p = self.lab.param(name)
        key = state.lab_key(self.lab.id, name)
        hi = p.max if max_value is None else max_value
        if key not in st.session_state or st.session_state[key] is None:
            st.session_state[key] = self.vals[name]
        else:
            keep_choice(key)
        if hi is not None and p.kind in (int, float) and st.session_state[key] > hi:
            st.session_state[key] = p.kind(hi)
        label = self.label(name)
        if p.widget == "slider" and hi is not None and hi <= p.min:  # one position only: nothing to slide
            st.session_state[key] = p.kind(p.min)
        elif p.widget == "slider":
            st.slider(label, min_value=p.kind(p.min), max_value=p.kind(hi), step=p.kind(p.step or 1), key=key, help=help)
        elif p.widget == "number":
            st.number_input(label, min_value=p.kind(p.min), max_value=p.kind(hi), step=p.kind(p.step or 1), key=key, help=help, format="%g" if p.kind is float else None)
        elif p.widget == "segmented":
            st.segmented_control(label, p.choices, key=key, format_func=format_func or str, help=help, on_change=_reselect, args=(key, self.vals[name]))
        elif p.widget == "select":
            st.selectbox(label, p.choices, key=key, format_func=format_func or str, help=help)
        elif p.widget == "toggle":
            st.toggle(label, key=key, help=help)
        elif p.widget == "text":
            st.text_input(label, key=key, help=help)
        value = st.session_state.get(key)
        if value is None:  # a segmented control clicked off: keep the value (the next run selects it again)
            value = self.vals[name]
        self.vals[name] = value
        return value

    def set(self, name: str, value: Any) -> None:
        """For a callback: change a value and its widget before the next run draws it."""
        self.vals[name] = value
        st.session_state[state.lab_key(self.lab.id, name)] = value

    def chart(self, fig: Any, key: str, *, room: int | None = None) -> None:
        """Draw a plotly figure; while presenting, no taller than ``room`` (or the mode's) pixels, as wide as its column."""
        cap = self.room if room is None else room
        if self.presenting:
            # The title above the figure as words that wrap (a plotly title runs out of a half-width chart), at most
            # ~6 chosen ticks, long axis titles on two lines (a short, narrow figure).
            if fig.layout.title.text:
                st.markdown(f"**{escape_md(fig.layout.title.text)}**")
                top = (fig.layout.margin.t or 80) if fig.layout.annotations else 20
                fig.update_layout(title_text="", margin_t=min(top, round(45 * self.scale)))
            for axis in (fig.layout.xaxis, fig.layout.yaxis):
                if axis.tickvals is not None and len(axis.tickvals) > 6:  # every k-th of the chosen ticks
                    k = -(-len(axis.tickvals) // 6)
                    axis.tickvals = axis.tickvals[::k]
                    if axis.ticktext is not None:
                        axis.ticktext = axis.ticktext[::k]
                text = axis.title.text or ""
                if len(text) > 22 and " " in text and "<br>" not in text:  # a long axis title on two lines
                    middle = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - len(text) // 2))
                    axis.title.text = text[:middle] + "<br>" + text[middle + 1:]
                    axis.automargin = True
            if cap and (fig.layout.height or 450) > cap:
                fig.update_layout(height=cap)
        # theme=None: keep the figure's own classroom-sized fonts (Streamlit's theme would shrink them).
        st.plotly_chart(fig, key=state.lab_key(self.lab.id, f"chart:{key}"), theme=None, config={"displaylogo": False})


def beside(ctx: Ctx, spec: Sequence[float] = (1, 1)) -> list[Any]:
    """Places for a step's parts: side by side while presenting (a slide is wide and short), one under the other in class."""
    if ctx.presenting:
        return list(st.columns(list(spec), gap="medium"))
    return [st.container() for _ in spec]


def after(ctx: Ctx, place: Any) -> Any:
    """Where content that follows a :func:`beside` pair goes: into ``place`` while presenting, below the pair in class."""
    return place if ctx.presenting else st.container()


def more(ctx: Ctx) -> Any:
    """A place for a step's secondary content: behind an expander while presenting (one screen each), shown in class."""
    return st.expander(t("learn.more")) if ctx.presenting else st.container()


def formula(f: Filled) -> None:
    """A formula with symbols, then with this case's numbers."""
    st.markdown(f"`{f.symbolic}`")
    st.code(f.filled, language=None)


def table(rows: Sequence[dict[str, Any]]) -> None:
    """A small table of a lab's numbers, its first column as the row labels.

    An HTML table rather than a data grid, so that presentation mode's large type applies to it.
    """
    frame = pd.DataFrame(rows)
    st.table(frame.set_index(frame.columns[0]))


def book_table(figures: Sequence[BookFigure], prefix: str, ctx: Ctx | None = None) -> None:
    """The books' figures: what each example is, the computation, what the book prints, the value, ✓ or ⚠.

    Below the table, one sentence per erratum (catalogue key ``<prefix>.<key>.why``); while presenting
    (``ctx``), behind an expander: the table's ⚠ says where they are.
    """
    rows = []
    for f in figures:
        rows.append(
            {
                t("learn.col.example"): t(f"{prefix}.{f.key}"),
                t("learn.col.source"): f.source,
                t("learn.col.formula"): f.formula.filled,
                t("learn.col.book"): f.book,
                t("learn.col.check"): "⚠ " + t("learn.erratum") if f.erratum else "✓",  # computed: book text against value
            }
        )
    table(rows)
    if ctx is not None and ctx.presenting and any(f.erratum for f in figures):
        with more(ctx):
            _errata(figures, prefix)
    else:
        _errata(figures, prefix)


def _errata(figures: Sequence[BookFigure], prefix: str) -> None:
    for f in figures:
        if f.erratum:
            st.warning(t(f"{prefix}.{f.key}.why"), icon="⚠️")


def metric_row(items: Sequence[tuple[str, str]], *, helps: Sequence[str | None] = ()) -> None:
    """Big numbers side by side: (label, value) pairs."""
    cols = st.columns(len(items))
    for i, (col, (label, value)) in enumerate(zip(cols, items)):
        col.metric(label, value, help=helps[i] if i < len(helps) else None)

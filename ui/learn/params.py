"""A lab's controls as declared data, and their URL form (no Streamlit here, so it is unit-tested).

``?lab=conv&stride=2&padding=1`` — only values away from the defaults are
written, so links stay short; a value the lab cannot take is reported by name
with what it can take, and the default is kept (:func:`ui.urlstate.read_link`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ui.urlstate import Value

#: URL parameters of the page itself (not of a lab).
LAB, PRESENT, STEP = "lab", "present", "step"
RESERVED = frozenset({LAB, PRESENT, STEP, "lang"})


@dataclass(frozen=True)
class Param(Value):
    """One control of a lab: a :class:`~ui.urlstate.Value` of the link (name, kind, default, range or choices,
    check) and how it is drawn.

    Attributes:
        widget: "slider", "number", "segmented", "select", "toggle", "text", or "state" (no widget: moved by buttons).
        label: the label, a message marked ``N_("…")``.
    """

    widget: str = "slider"
    label: str = ""


def defaults(params: Iterable[Param]) -> dict[str, Any]:
    return {p.name: p.default for p in params}


def to_query(params: Iterable[Param], values: dict[str, Any]) -> dict[str, str]:
    """The URL parameters of ``values`` that differ from the defaults."""
    return {p.name: p.to_text(values[p.name]) for p in params if p.name in values and values[p.name] != p.default}

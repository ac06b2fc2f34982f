"""A lab's controls as declared data, and their URL form (no Streamlit here, so it is unit-tested).

``?lab=conv&stride=2&padding=1`` — only values away from the defaults are
written, so links stay short; a value the lab cannot take is reported by name
and the default is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: URL parameters of the page itself (not of a lab).
LAB, PRESENT, STEP = "lab", "present", "step"
RESERVED = frozenset({LAB, PRESENT, STEP, "lang"})


@dataclass(frozen=True)
class Param:
    """One control of a lab.

    Attributes:
        name: URL parameter and widget-key suffix.
        kind: int, float, str or bool.
        default: the lab's starting value (the book's example).
        min, max, step: range of numbers.
        choices: allowed values of a str parameter.
        widget: "slider", "number", "segmented", "select", "toggle", "text", or "state" (no widget: moved by buttons).
        label: catalogue key of the label (default ``lab.<lab>.<name>``).
        check: for a str parameter without choices, whether a value is valid.
    """

    name: str
    kind: type
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] | None = None
    widget: str = "slider"
    label: str = ""
    check: Callable[[Any], bool] | None = None

    def coerce(self, text: str) -> Any:
        """The value a URL's text stands for.

        Raises:
            ValueError: when the text is not a value of this parameter.
        """
        if self.kind is bool:
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        value = self.kind(text)
        if self.choices is not None and value not in self.choices:
            raise ValueError(text)
        if self.min is not None and value < self.min or self.max is not None and value > self.max:
            raise ValueError(text)
        if self.check is not None and not self.check(value):
            raise ValueError(text)
        return value

    def to_text(self, value: Any) -> str:
        if self.kind is bool:
            return "1" if value else "0"
        if self.kind is float:
            return f"{value:g}"
        return str(value)


def defaults(params: Iterable[Param]) -> dict[str, Any]:
    return {p.name: p.default for p in params}


def from_query(params: Iterable[Param], query: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The values a URL sets (defaults elsewhere) and the names of the parameters it got wrong."""
    values, bad = {}, []
    for p in params:
        if p.name in query:
            try:
                values[p.name] = p.coerce(query[p.name])
            except ValueError:
                bad.append(p.name)
                values[p.name] = p.default
        else:
            values[p.name] = p.default
    return values, bad


def to_query(params: Iterable[Param], values: dict[str, Any]) -> dict[str, str]:
    """The URL parameters of ``values`` that differ from the defaults."""
    return {p.name: p.to_text(values[p.name]) for p in params if p.name in values and values[p.name] != p.default}

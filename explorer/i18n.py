"""Marking the library's words for translation, the way Python's gettext does: ``N_("…")``.

The library writes English and never imports the interface. A sentence shown
later (an error, a note, a figure's title) is written where it is raised as a
template with named placeholders, marked ``N_``:
``raise InvalidInput(N_("conv {layer} expects {c} channels"), layer=name, c=c)``.
``N_`` returns the template as it is: the error or note formats the English
itself and keeps the template and the values, so an interface can look the
template up in its own catalogue (``locale/*/LC_MESSAGES/messages.po``; the
English is the message id) and fill in the values, escaped. ``pybabel
extract`` finds every ``N_`` (see ``babel.cfg``).
"""

from __future__ import annotations

from typing import Any


def N_(message: str, /) -> str:  # noqa: N802 - the name every gettext tool knows
    """``message`` unchanged: marks it for extraction, to be translated where it is shown."""
    return message


def fill(template: str, params: dict[str, Any]) -> str:
    """``template.format(**params)``; the template as it is when it names a value that is not given."""
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template




class Msg(str):
    """A message id with a gettext context (``msgctxt``): the same English that needs two translations."""

    __slots__ = ("context",)

    def __new__(cls, context: str, message: str) -> Msg:
        self = super().__new__(cls, message)
        self.context = context
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Msg, (self.context, str(self)))


def NP_(context: str, message: str, /) -> Msg:  # noqa: N802
    """``N_`` for a message that needs a context to be translated (the same English, other words in Chinese)."""
    return Msg(context, message)


__all__ = ["N_", "NP_", "Msg", "fill"]

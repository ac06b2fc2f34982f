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

A sentence about a count is marked ``NN_`` with its singular, its plural and
the name of the value that counts (``n`` unless told):
``Note(NN_("{files} file was skipped.", "{files} files were skipped.", "files"), files=k)``.
The English takes the form the count asks for; an interface looks the pair up
(a ``msgid_plural`` entry of the catalogue) and takes its language's form.
"""

from __future__ import annotations

from typing import Any


def N_(message: str, /) -> str:  # noqa: N802 - the name every gettext tool knows
    """``message`` unchanged: marks it for extraction, to be translated where it is shown."""
    return message


class Plural(str):
    """A message about a count (``NN_``): the singular's English (``str``), its ``plural``, and the ``count``'s name."""

    __slots__ = ("plural", "count")

    def __new__(cls, singular: str, plural: str, count: str = "n") -> Plural:
        self = super().__new__(cls, singular)
        self.plural = plural
        self.count = count
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Plural, (str(self), self.plural, self.count))

    def english(self, params: dict[str, Any]) -> str:
        """The English form that the count in ``params`` takes: the singular for 1, else the plural."""
        return str(self) if params.get(self.count) == 1 else self.plural


def NN_(singular: str, plural: str, count: str = "n", /) -> Plural:  # noqa: N802
    """``N_`` for a sentence about a count: both English forms, and the name of the value that counts."""
    return Plural(singular, plural, count)


def english(template: str, params: dict[str, Any]) -> str:
    """``template``'s English before filling: the form a :class:`Plural`'s count asks for, else the template."""
    return template.english(params) if isinstance(template, Plural) else template


def fill(template: str, params: dict[str, Any]) -> str:
    """``template.format(**params)``; the template as it is when it names a value that is not given."""
    template = english(template, params)
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template


def template_to_json(template: str) -> str | list[str]:
    """A template as a JSON value: the English, or ``[singular, plural, count]`` for a :class:`Plural`."""
    return [str(template), template.plural, template.count] if isinstance(template, Plural) else str(template)


def template_from_json(value: object) -> str:
    """A template back from :func:`template_to_json` ("" for nothing)."""
    if isinstance(value, (list, tuple)) and len(value) == 3:
        return Plural(*map(str, value))
    return str(value or "")


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


__all__ = ["N_", "NN_", "NP_", "Msg", "Plural", "english", "fill", "template_from_json", "template_to_json"]

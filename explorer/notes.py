"""Notes: the library's English sentences that are not errors, written as marked templates with their values.

A :class:`Note` is a ``str`` (the English sentence), so everything that prints,
joins, compares or JSON-encodes a note keeps working. It is written where it is
made as a template marked ``N_`` with named values,
``Note(N_("{name} was resized to {size}"), name=n, size="28×28")``, formats the
English itself and keeps ``template`` and ``params``, so that the app can say
it in another language (the template is the gettext message id of
``locale/*/LC_MESSAGES/messages.po``, read by ``ui.i18n.note_text``).

Notes pickle with their template and values (the app's caches, the training
worker), and turn into a JSON object and back (:meth:`Note.to_json`,
:meth:`Note.from_json`) for notes kept in a run's files; a record can also keep
a note as three fields, ``<name>``, ``<name>_template`` and ``<name>_params``
(:func:`fields`, :func:`from_fields`), next to its English. A sentence
without a template (an unexpected error's text) is a note whose template is ``""``,
which every language shows in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from explorer.i18n import N_, fill, template_from_json, template_to_json


class Note(str):
    """An English sentence (``str(note)``) that also keeps its template and values.

    Args:
        template: the English sentence with ``{name}`` placeholders, marked ``N_("…")``;
            "" or a plain sentence for a note that is not translated.
        key: the old catalogue key (``note.<key>``), from before the templates: a note made
            with one keeps its text as written and has no template
            (scripts/catalogue_to_gettext.py turns such notes into templates).
        **params: the values the sentence is built from.
    """

    template: str
    params: dict[str, Any]
    key: str

    def __new__(cls, template: str, /, *, key: str = "", **params: Any) -> Note:
        self = super().__new__(cls, template if key else fill(template, params))
        self.template = "" if key else template
        self.key = key
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (str(self), self.template, dict(self.params), self.key))

    def __repr__(self) -> str:
        return f"Note({str(self)!r}, template={self.template!r})"

    def to_json(self) -> dict[str, Any]:
        """``{"text", "template", "params"}``: for a JSON file (params must be JSON values: names and numbers).

        A plural's template (``NN_``) is written ``[singular, plural, count]``.
        """
        return {"text": str(self), "template": template_to_json(self.template), "params": dict(self.params)}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any] | Note) -> Note:
        """A note back from :meth:`to_json`'s object (a note is itself already)."""
        if isinstance(obj, Note):
            return obj
        return _rebuild(str(obj.get("text", "")), template_from_json(obj.get("template")), dict(obj.get("params") or {}))


def _rebuild(text: str, template: str, params: dict[str, Any], key: str = "") -> Note:
    if key or not template or fill(template, params) != text:  # an old note, or one that is not its template
        note = Note(text, key=key or "-", **params)
        note.key = key
        return note
    return Note(template, **params)


def fields(name: str, note: str | None) -> dict[str, Any]:
    """``note`` as record fields: ``{name: english, name_template: template, name_params: params}``.

    A plain string (or None) gives ``{name: it}`` and empties the template fields, so
    that an update never leaves an earlier sentence's template beside a new text.
    """
    template = getattr(note, "template", "")
    return {name: None if note is None else str(note), f"{name}_template": template_to_json(template) if template else None,
            f"{name}_params": dict(getattr(note, "params", {})) if template else None}


def from_fields(record: Mapping[str, Any], name: str) -> Note | None:
    """The note a record keeps as :func:`fields` wrote it; None when it has no ``name``."""
    text = record.get(name)
    if text is None:
        return None
    return _rebuild(str(text), template_from_json(record.get(f"{name}_template")), dict(record.get(f"{name}_params") or {}))


__all__ = ["N_", "Note", "fields", "from_fields"]

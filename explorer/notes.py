"""Notes: the library's English sentences that are not errors, with a key and their values.

A :class:`Note` is a ``str`` (the English sentence), so everything that prints,
joins, compares or JSON-encodes a note keeps working; it also carries a
constant ``key`` and the raw values the sentence was built from (names,
numbers, shapes written like ``64×64``) as ``params``, so that the app can say
it in another language from its catalogue entry ``note.<key>``
(ui/catalogue_notes.py, read by ``ui.i18n.note_text``). Where a sentence has
variants (one file or several, a layer or the model itself), each variant has
its own key. ``tests/test_note_keys.py`` checks every ``Note(...)`` in
explorer/ against the catalogue.

Notes pickle with their key and values (the app's caches, the training
worker), and turn into a JSON object and back (:meth:`Note.to_json`,
:meth:`Note.from_json`) for notes kept in a run's files; a record can also keep
a note as three fields, ``<name>``, ``<name>_key`` and ``<name>_params``
(:func:`fields`, :func:`from_fields`), next to its English. A sentence
without a key (an unexpected error's text) is a note whose key is ``""``,
which every language shows in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Note(str):
    """An English sentence (``str(note)``) that also names itself.

    Args:
        text: the English sentence.
        key: names the sentence for an interface that speaks another language
            (the app's catalogue entry ``note.<key>``); "" for a sentence without one.
        **params: the values the sentence was built from, for that translation.
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, text: str, /, *, key: str = "", **params: Any) -> Note:
        self = super().__new__(cls, text)
        self.key = key
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (str(self), self.key, dict(self.params)))

    def __repr__(self) -> str:
        return f"Note({str(self)!r}, key={self.key!r})"

    def to_json(self) -> dict[str, Any]:
        """``{"text", "key", "params"}``: for a JSON file (params must be JSON values: names and numbers)."""
        return {"text": str(self), "key": self.key, "params": dict(self.params)}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any] | Note) -> Note:
        """A note back from :meth:`to_json`'s object (a note is itself already)."""
        if isinstance(obj, Note):
            return obj
        return cls(str(obj.get("text", "")), key=str(obj.get("key") or ""), **dict(obj.get("params") or {}))


def _rebuild(text: str, key: str, params: dict[str, Any]) -> Note:
    return Note(text, key=key, **params)


def fields(name: str, note: str | None) -> dict[str, Any]:
    """``note`` as record fields: ``{name: english, name_key: key, name_params: params}``.

    A plain string (or None) gives ``{name: it}`` and empties the key fields, so
    that an update never leaves an earlier sentence's key beside a new text.
    """
    key = getattr(note, "key", "")
    return {name: None if note is None else str(note), f"{name}_key": key or None,
            f"{name}_params": dict(getattr(note, "params", {})) if key else None}


def from_fields(record: Mapping[str, Any], name: str) -> Note | None:
    """The note a record keeps as :func:`fields` wrote it; None when it has no ``name``."""
    text = record.get(name)
    if text is None:
        return None
    return Note(str(text), key=str(record.get(f"{name}_key") or ""), **dict(record.get(f"{name}_params") or {}))


__all__ = ["Note", "fields", "from_fields"]

"""The catalogue's entries for the library's notes (``note.<key>``, see ui/i18n.py ``note_text``)."""

STRINGS: dict[str, dict[str, str]] = {}

"""The catalogue's entries for errors (see ui/i18n.py)."""

STRINGS: dict[str, dict[str, str]] = {}

"""The catalogue's entries for train (see ui/i18n.py)."""

STRINGS: dict[str, dict[str, str]] = {}

"""The catalogue's entries for inside (see ui/i18n.py)."""

STRINGS: dict[str, dict[str, str]] = {}

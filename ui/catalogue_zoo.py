"""The catalogue's entries for zoo (see ui/i18n.py)."""

STRINGS: dict[str, dict[str, str]] = {}

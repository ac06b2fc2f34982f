"""The zoo's declared words in the interface's language: hyperparameters, their choices, titles, notes.

The library declares them in English (:class:`explorer.zoo.HParam`,
:class:`explorer.zoo.Architecture`); their translations are entries of
``ui/catalogue_zoo.py``, found from that declared data:

- ``hp.<name>``: a hyperparameter's title;
- ``hp.<name>.help`` and ``hp.<name>.help.<tag>``: its help texts, each used
  for the hyperparameters whose declared help *is* the entry's English. One
  entry serves every architecture that shares a text; a text changed in the
  library falls back to English (and fails tests/test_i18n_zoo.py) rather
  than show a stale translation. An English with ``{field}`` placeholders
  stands for the texts that a factory of ``explorer/zoo/hparams.py`` builds
  with an f-string (``dropout(what=…)``); each field's phrase is an entry
  ``hp.<name>.<field>.<tag>``, found the same way;
- ``hp.<name>.choice.<value>``: the label of a choice that is a word (the
  value itself stays: it goes into URLs and the CLI);
- ``zoo.title.<arch>``: a title with words in it ("LeNet-5 (book)");
- ``zoo.notes.<tag>``: notes, found by their English like help texts.

English always shows the library's own text.
"""

from __future__ import annotations

import re
import string
from functools import cache
from typing import Any

from explorer.zoo import Architecture, HParam
from ui import i18n

Found = tuple[str, dict[str, str]]  # a catalogue key and, per placeholder, the key of its phrase


def _language(lang: str | None) -> str:
    return lang or i18n.lang()


@cache
def _by_prefix(prefix: str) -> tuple[str, ...]:
    """Catalogue keys under ``prefix`` (``prefix`` itself and ``prefix.…``), in catalogue order."""
    return tuple(k for k in i18n.CATALOGUE if k == prefix or k.startswith(prefix + "."))


@cache
def _pattern(english: str) -> re.Pattern[str] | None:
    """``english`` as a regular expression whose named groups are its placeholders, or None without any."""
    parts = list(string.Formatter().parse(english))
    if not any(field for _, field, _, _ in parts):
        return None
    return re.compile("".join(re.escape(lit) + (f"(?P<{field}>.+?)" if field else "") for lit, field, _, _ in parts))


@cache  # the catalogue and the declarations do not change while the server runs; widgets ask on every rerun
def _match(prefix: str, declared: str, phrases: str = "") -> Found | None:
    """The entry under ``prefix`` whose English is ``declared``, or is a template that ``declared`` fills.

    A template's phrases are looked up among the entries ``<phrases>.<field>.*``.
    """
    for key in _by_prefix(prefix):
        english = i18n.CATALOGUE[key]["en"]
        pattern = _pattern(english)
        if pattern is None:
            if english == declared:
                return key, {}
            continue
        m = pattern.fullmatch(declared)
        if m is None:
            continue
        found = {f: _match(f"{phrases}.{f}", v) for f, v in m.groupdict().items()}
        if all(found.values()):
            return key, {f: k[0] for f, k in found.items()}  # type: ignore[index]
    return None


def help_key(h: HParam) -> Found | None:
    """The catalogue entry (and phrases) for ``h.help``, or None when the catalogue has none."""
    return _match(f"hp.{h.name}.help", h.help, f"hp.{h.name}")


def title_key(h: HParam) -> str | None:
    key = f"hp.{h.name}"
    entry = i18n.CATALOGUE.get(key)
    return key if entry is not None and entry["en"] == h.title else None


def _render(found: Found | None, fallback: str, lang: str) -> str:
    if found is None or lang == i18n.DEFAULT:
        return fallback
    key, phrases = found
    return i18n.text(key, lang, **{f: i18n.text(k, lang) for f, k in phrases.items()})


def hp_title(h: HParam, lang: str | None = None) -> str:
    """The hyperparameter's title ("Dropout" → "丢弃率")."""
    key = title_key(h)
    return _render((key, {}) if key else None, h.title, _language(lang))


def hp_help(h: HParam, lang: str | None = None) -> str:
    """The hyperparameter's help text."""
    return _render(help_key(h), h.help, _language(lang))


def choice_key(h: HParam, value: Any) -> str | None:
    key = f"hp.{h.name}.choice.{value}"
    return key if key in i18n.CATALOGUE else None


def choice_label(h: HParam, value: Any, lang: str | None = None) -> str:
    """A choice's label: "max" → "最大"; a value without an entry ("relu", 50, "3x3") shows as itself."""
    key = choice_key(h, value)
    return i18n.text(key, _language(lang)) if key else str(value)


def title_entry(arch: Architecture) -> str | None:
    key = f"zoo.title.{arch.name}"
    entry = i18n.CATALOGUE.get(key)
    return key if entry is not None and entry["en"] == arch.title else None


def title(arch: Architecture, lang: str | None = None) -> str:
    """The architecture's title, its words translated ("LeNet-5 (book)" → "LeNet-5（教材）")."""
    key = title_entry(arch)
    return _render((key, {}) if key else None, arch.title, _language(lang))


def notes_key(arch: Architecture) -> str | None:
    found = _match("zoo.notes", arch.notes) if arch.notes else None
    return found[0] if found else None


def notes(arch: Architecture, lang: str | None = None) -> str:
    """How the model differs from its paper or book."""
    key = notes_key(arch)
    return _render((key, {}) if key else None, arch.notes, _language(lang))

"""The zoo's declared words in the interface's language: hyperparameters, their choices, titles, notes.

The library declares them in English (:class:`explorer.zoo.HParam`,
:class:`explorer.zoo.Architecture`); that English is the gettext message id of
their translation in ``locale/*/LC_MESSAGES/messages.po``. A word that needs
its own translation in one place has a context: ``hp.<name>`` for a
hyperparameter's title, ``hp.<name>.choice`` for the labels of its choices (the
value itself stays: it goes into URLs and the CLI). English always shows the
library's own text; a text without a translation shows in English
(tests/test_gettext.py walks the registry and fails on one).
"""

from __future__ import annotations

from typing import Any

from explorer.i18n import NP_, Msg
from explorer.zoo import Architecture, HParam
from ui import i18n


def _language(lang: str | None) -> str:
    return lang or i18n.lang()


def _say(english: str, lang: str | None, context: str | None = None) -> str:
    lang = _language(lang)
    if lang == i18n.DEFAULT or not english:
        return english
    if context is not None:
        found = i18n.gettext_in(lang, NP_(context, english))
        if found != english:
            return found
    return i18n.gettext_in(lang, english)


def hp_title(h: HParam, lang: str | None = None) -> str:
    """The hyperparameter's title ("Dropout" → "丢弃率")."""
    return _say(h.title, lang, f"hp.{h.name}")


def hp_help(h: HParam, lang: str | None = None) -> str:
    """The hyperparameter's help text."""
    return _say(h.help, lang, f"hp.{h.name}.help")


def choice_key(h: HParam, value: Any) -> Msg | None:
    """The message of a choice that is a word (``hp.<name>.choice`` context), None for one shown as itself."""
    msg = NP_(f"hp.{h.name}.choice", str(value))
    return msg if any((msg.context, str(value)) in i18n.translations(lang) for lang in i18n.LANGS if lang != i18n.DEFAULT) else None


def choice_label(h: HParam, value: Any, lang: str | None = None) -> str:
    """A choice's label: "max" → "最大池化"; a value without a translation ("relu", 50, "3x3") shows as itself."""
    msg = choice_key(h, value)
    return str(value) if msg is None or _language(lang) == i18n.DEFAULT else i18n.gettext_in(_language(lang), msg)


def title(arch: Architecture, lang: str | None = None) -> str:
    """The architecture's title, its words translated ("LeNet-5 (book)" → "LeNet-5（教材）")."""
    return _say(arch.title, lang)


def notes(arch: Architecture, lang: str | None = None) -> str:
    """How the model differs from its paper or book."""
    return _say(arch.notes, lang) if arch.notes else arch.notes

"""The interface's words in English and Simplified Chinese, the gettext way.

A message is marked where it is written, in English, with named placeholders:
``_("Step {i} of {n}")`` in the interface, ``N_("…")`` (from :mod:`explorer.i18n`)
for a message shown later (the library's errors and notes, option labels kept in
data), ``ngettext("{n} layer", "{n} layers", n)`` for plurals (``NN_(singular,
plural, count)`` for a plural shown later: :func:`translate`, :func:`error_text`
and :func:`note_text` take the form its count asks for). The English is the
message id; the Chinese lives in ``locale/zh_Hans/LC_MESSAGES/messages.po``
(edit it in Poedit or Weblate), read once at start with Babel's ``read_po``.
``pybabel extract -F babel.cfg`` finds every marked message (tests/test_gettext.py
runs the extraction and checks that each is translated, with the same placeholders).

The language is the browser session's: ``st.session_state[LANG]`` and the URL
(``?lang=zh``; English, the default, is not written), so a link opens in the
language it was copied in and a page switch keeps it. Never a process-wide
``gettext.install``: two students may read two languages on one server.

Not translated: architecture and layer names, numbers and formulas.

Safe by construction: Streamlit renders Markdown in almost every text it
shows (messages, captions, labels), and the values filled into a message may
come from a browser (a link, a file name). :func:`_`, :func:`ngettext`,
:func:`error_text` and :func:`note_text` escape every value they substitute
(:func:`escape_md`), so a link's ``[click here](https://evil.example)`` shows as
those characters, never as a link; the message's own Markdown is kept. Their
results are :class:`Safe` and are not escaped again when filled into another
message. :func:`translate` (and :func:`bound`, for option labels and figures,
which are not Markdown) fill values as they are.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from ui import urlsync
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal

from explorer.i18n import english as english_form
from explorer.i18n import N_, NN_, NP_, Msg, Plural  # noqa: F401 - N_, NN_, NP_ and Msg are the interface's too

LANGS = ("en", "zh")
DEFAULT = "en"
LANG_NAMES = {"en": "English", "zh": "中文"}
URL_PARAM = "lang"
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}  # Babel's locale of each language (numbers in words)
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CATALOGUE_FILES = {"zh": LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po"}

# Session-state keys of the language (listed with the others in ui/state.py, which imports them from here).
LANG = "lang"  # the interface language, "en" or "zh" (canonical; the widgets copy it)
LANG_WIDGET = "w:lang"  # the switcher in the sidebar of every page (app.py)
LANG_WIDGET_MAIN = "w:lang_main"  # the switcher on the slide in presentation mode

Translations = dict[tuple[str | None, str], str]


@cache
def _read(lang: str) -> tuple[Translations, dict[tuple[str | None, str], tuple[str, ...]]]:
    """``lang``'s ``.po`` read once: ``{(context, english): translation}`` and the plurals' forms (fuzzy entries left out)."""
    path = CATALOGUE_FILES.get(lang)
    if path is None or not path.exists():
        return {}, {}
    with path.open("rb") as f:
        po = read_po(f, locale=LOCALES.get(lang))
    singular: Translations = {}
    plural: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for m in po:
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if not m.id or m.fuzzy or not all(forms):
            continue
        if isinstance(m.id, tuple):
            plural[(m.context, m.id[0])] = tuple(forms)
        singular[(m.context, m.id[0] if isinstance(m.id, tuple) else m.id)] = forms[0]
    return singular, plural


def translations(lang: str) -> Translations:
    """``{(context, english): translation}`` of ``lang`` (a plural's singular gives its first form)."""
    return _read(lang)[0]


def gettext_in(lang: str, message: str, /) -> str:
    """``message`` (an English message id, or a :class:`~explorer.i18n.Msg` with a context) in ``lang``, not filled.

    A message without a translation shows in English, so a slip never breaks a lesson
    (tests/test_gettext.py makes sure none lacks one).
    """
    if lang == DEFAULT or not message:
        return str(message)
    return translations(lang).get((getattr(message, "context", None), str(message))) or str(message)


def plural_in(lang: str, singular: str, plural: str, n: object, /) -> str:
    """The form of ``singular``/``plural`` that the count ``n`` takes in ``lang``, not filled."""
    forms = _read(lang)[1].get((None, singular)) if lang != DEFAULT else None
    if forms:
        return forms[0] if len(forms) == 1 else forms[min(int(n != 1), len(forms) - 1)]
    return singular if n == 1 else plural


def message_in(lang: str, message: str, fmt: dict[str, Any], /) -> str:
    """:func:`gettext_in`, or for a :class:`~explorer.i18n.Plural` (``NN_``) the form its count in ``fmt`` takes."""
    if isinstance(message, Plural):
        return plural_in(lang, str(message), message.plural, fmt.get(message.count))
    return gettext_in(lang, message)


def translate(message: str, lang: str = DEFAULT, /, **fmt: object) -> str:
    """``message`` (or an ``NN_`` plural) in ``lang``, with ``{name}`` placeholders filled from ``fmt`` as they are (not escaped)."""
    s = message_in(lang, message, fmt)
    return s.format(**fmt) if fmt else s


def _(message: str, /, **fmt: object) -> Safe:
    """``message`` in the current language, its values escaped for Markdown (see :func:`escape_md`)."""
    s = gettext_in(lang(), message)
    return Safe(_fill(s, fmt, escape=True) if fmt else s)


def ngettext(singular: str, plural: str, n: int, /, **fmt: object) -> Safe:
    """The form of ``singular``/``plural`` that ``n`` takes in the current language (``{n}`` is filled too), escaped."""
    return Safe(_fill(plural_in(lang(), singular, plural, n), {"n": n, **fmt}, escape=True))


def number_words(n: float, lang_: str | None = None) -> str:
    """A large number as the language says it in words: "1.6 billion", "16亿", "40万" (Babel's compact form).

    For prose; tables keep exact digits.
    """
    return format_compact_decimal(n, format_type="long" if (lang_ or lang()) == DEFAULT else "short",
                                  locale=LOCALES[lang_ or lang()], fraction_digits=2)


class Safe(str):
    """Text that is Markdown to show as it is: the catalogue's own words, or values already escaped."""

    __slots__ = ()


_FORMATTER = string.Formatter()
_JOINER = "\u2060"  # WORD JOINER: invisible, and no address or e-mail pattern runs across it


_PRINTED = re.compile(r"^(?P<pre>over |about )?(?P<n>\d[\d,]*(?:\.\d+)?) (?P<unit>thousand|million|billion)$")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_PRINTED_PREFIX = {"over ": N_("over {n}"), "about ": N_("about {n}"), "": N_("{n}")}


def printed(text: str, lang_: str | None = None) -> str:
    """A number a book prints in words ("over 1 billion", "16.3 million") said in the language: "超过 10亿", "1630万".

    Anything else (digits, a shape, a formula) is kept as printed.
    """
    language = lang_ or lang()
    m = _PRINTED.match(str(text).strip())
    if language == DEFAULT or m is None:
        return text
    value = float(m.group("n").replace(",", "")) * _SCALE[m.group("unit")]
    prefix = _PRINTED_PREFIX[m.group("pre") or ""]  # (a variable: pybabel would take the subscript's "" for a message)
    return translate(prefix, language, n=number_words(value, language))


def escape_md(value: object, *, line_start: bool = True) -> Safe:
    """``value`` as Markdown that shows its characters: no link, image, HTML, code or math; one line.

    Only what could make a link or markup is escaped, so most text is unchanged: a backslash, ``](``
    (:func:`t` also looks at the message around a value), ``<`` (autolinks, HTML),
    backticks, ``$`` (math), and bare addresses (``https://…``, ``www.…``, e-mail), which
    GitHub-flavoured Markdown links by themselves. Newlines become spaces and a leading ``#``,
    ``>``, ``-``… is escaped (when the value starts a line: ``line_start``), so a value cannot start a
    heading, a list or a link definition.
    """
    s = re.sub(r"\s*[\r\n\f\v]+\s*", " ", str(value)).replace("\\", "\\\\")
    s = re.sub(r"([`<$])", r"\\\1", s)
    s = re.sub(r"\](?=\()", r"\\]", s)
    # Streamlit's Markdown finds bare addresses in the text after escapes are read, so a backslash does not
    # stop them; an invisible word joiner after "https:" and "www", and before "@", does.
    s = re.sub(r":(?=//)", ":" + _JOINER, s)
    s = re.sub(r"(?i)\b(www)(?=\.)", r"\1" + _JOINER, s)
    s = s.replace("@", _JOINER + "@")
    if line_start:  # no heading, quote or list
        s = re.sub(r"^(\s*|\s*\d+)([#>+*=|-]|(?<=\d)[.)])", r"\1\\\2", s)
    return Safe(s)


def _fill(template: str, values: dict[str, Any], *, escape: bool) -> str:
    """``template.format(**values)``; with ``escape``, each value that is not :class:`Safe` or a number is escaped.

    A placeholder inside a code span (`` `{path}` ``) shows its characters as they are there; only a
    backtick, which would end the span, is replaced.
    """
    out, in_code, escaped = [], False, []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out.append(literal)
        in_code ^= literal.count("`") % 2 == 1
        if name is None:
            continue
        obj = _FORMATTER.convert_field(_FORMATTER.get_field(name, (), values)[0], conversion)
        filled = format(obj, spec or "")
        if in_code:
            filled = re.sub(r"[\r\n]+", " ", filled.replace("`", "'"))
        elif escape and not (isinstance(obj, Safe) or isinstance(obj, (int, float)) and not isinstance(obj, bool)):
            filled = escape_md(filled, line_start=not "".join(out).strip())
            escaped.append(len(out))
        out.append(filled)
    for i in escaped:  # a value and the words around it must not make "](" either
        if "".join(out[i + 1:]).startswith("(") and re.search(r"(?<!\\)(\\\\)*\]$", out[i]):
            out[i] = out[i][:-1] + "\\]"
        if "".join(out[:i]).endswith("]") and out[i].startswith("("):
            out[i] = "\\" + out[i]
    return "".join(out)


def error_text(err: BaseException) -> str:
    """The message of a library error in the current language.

    An :class:`~explorer.errors.ExplorerError` carries its English ``template``
    (the message id) and ``params``: the template in the current language,
    filled from ``params``. Any other error shows its own text. Either way the
    values are escaped (see :func:`escape_md`): a library error often repeats
    what a link said.
    """
    return _templated(err, "err.")


def note_text(note: object) -> str:
    """A library note (:class:`~explorer.notes.Note`: an English template and its values) in the current language."""
    return _templated(note, "note.")


def _templated(obj: object, prefix: str) -> Safe:
    template = getattr(obj, "template", "")
    if not template:
        return escape_md(obj)
    raw = getattr(obj, "params", {})
    params = {k: note_text(v) if getattr(v, "template", "") or getattr(v, "key", "") else v for k, v in raw.items()}
    try:
        return Safe(_fill(message_in(lang(), template, params), params, escape=True))
    except (KeyError, IndexError, ValueError, AttributeError):  # a placeholder the library did not fill
        return Safe(_fill(english_form(template, params), params, escape=True)) if template != str(obj) or not params else escape_md(obj)


def lang() -> str:
    """The current language: the session's choice, else the URL's, else English."""
    value = st.session_state.get(LANG)
    if value in LANGS:
        return value
    q = st.query_params.get(URL_PARAM)
    return q if q in LANGS else DEFAULT


def bound() -> Callable[..., str]:
    """:func:`translate` fixed to the current language, for a widget's ``format_func`` and the figures' words.

    Streamlit calls a ``format_func`` again outside the script run (AppTest
    does, to find an option's label); a bound function gives the labels the
    widget was drawn with.
    """
    language = lang()
    return lambda message, **fmt: translate(message, language, **fmt)


def keep_choice(key: str) -> None:
    """Re-assign widget ``key``'s value before the widget is drawn.

    A widget whose option labels are translated would otherwise lose its
    choice when the language changes: the browser sends back the old label,
    which is no option any more. Read now, the value is decoded with the
    labels it was chosen with; assigned, it is encoded with the new ones.
    """
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]


def sync_from_url() -> None:
    """Adopt ``?lang=`` when it changed from outside (a link, a refresh, back/forward).

    A page switch clears the query string: a URL without ``lang`` leaves the
    session's language alone.
    """
    urlsync.from_url(URL_PARAM, LANG, reader="lang", accept=lambda v: v in LANGS)
    st.session_state.setdefault(LANG, DEFAULT)


def _on_switch(key: str) -> None:
    if st.session_state.get(key) in LANGS:
        st.session_state[LANG] = st.session_state[key]
    # The URL still holds the old language until this run writes the new one: mark it seen, not "from outside".
    urlsync.mark_seen("lang")


def language_switcher(key: str = LANG_WIDGET) -> str:
    """English | 中文, drawn where called; several switchers (distinct keys) stay in step."""
    st.session_state[key] = lang()
    st.segmented_control(
        "Language · 语言", LANGS, key=key, format_func=LANG_NAMES.get, on_change=_on_switch, args=(key,),
        label_visibility="collapsed", width="stretch",
    )
    if st.session_state.get(key) is None:  # deselected: keep the language
        st.session_state[key] = lang()
    return lang()


def keep_in_url() -> None:
    """Write the language into the URL (and take it out for English) without touching the other parameters."""
    urlsync.put(URL_PARAM, lang_query().get(URL_PARAM))


def lang_query() -> dict[str, str]:
    """``{"lang": "zh"}`` when the interface is not in English, else nothing: what every URL keeps."""
    language = st.session_state.get(LANG, DEFAULT)
    return {URL_PARAM: language} if language != DEFAULT else {}


def link_message(problems: Iterable[Any]) -> str | None:
    """One message listing what could not be used of a link (``ui.urlstate.Problem``\\ s), in the current language.

    None when all was fine. A problem is a library error, or a message id and its values (a value may itself
    be a problem: a phrase said in the current language).
    """

    def say(p: Any) -> str:
        if p.error is not None:
            return error_text(p.error)
        return _(p.key, **{k: say(v) if hasattr(v, "error") and hasattr(v, "params") else v for k, v in p.params.items()})

    items = [say(p) for p in problems]
    if not items:
        return None
    return Safe(_("Part of this link could not be used; the rest of it is shown.") + "\n\n" + "\n".join(f"- {item}" for item in items))



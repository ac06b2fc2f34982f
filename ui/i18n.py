"""The interface's words in English and Simplified Chinese: one catalogue, one function to read it.

Every user-facing string of the pages and of ``ui/`` is a key of
:data:`CATALOGUE` (keys → ``{"en": …, "zh": …}``, the data in
``ui/catalogue*.py``, one file per area: the shell and the explorer pages, the
labs, Inside, Train, the zoo's hyperparameters and notes, the library's
errors) and is read with
``t("home.title")`` (placeholders as keywords: ``t("learn.step_of", i=2, n=4)``). The language lives in ``st.session_state[state.LANG]``
and in the URL (``?lang=zh``; English, the default, is not written), so a link
opens in the language it was copied in and a page switch keeps it.

Not translated: architecture and layer names, numbers and formulas. The
library (``explorer``) writes English; its errors carry a key and their values,
which :func:`error_text` turns into the other language.

Safe by construction: Streamlit renders Markdown in almost every text it
shows (messages, captions, labels), and the values filled into a message may
come from a browser (a link, a file name). :func:`t`, :func:`error_text` and
:func:`note_text` escape every value they substitute (:func:`escape_md`), so a
link's ``[click here](https://evil.example)`` shows as those characters, never
as a link; the catalogue's own Markdown is kept. Their results are
:class:`Safe` and are not escaped again when filled into another message.
:func:`text` (and :func:`bound`, for option labels and figures, which are not
Markdown) fill values as they are.
``tests/test_i18n.py`` fails when a key lacks a language, when the two
languages' placeholders differ, or when ``t()`` is called with a key that is
not in the catalogue.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui import catalogue, catalogue_choose, catalogue_errors, catalogue_inside, catalogue_labs, catalogue_notes, catalogue_train, catalogue_viz, catalogue_zoo, state

LANGS = ("en", "zh")
DEFAULT = "en"
LANG_NAMES = {"en": "English", "zh": "中文"}
URL_PARAM = "lang"

PARTS = (catalogue, catalogue_labs, catalogue_inside, catalogue_train, catalogue_zoo, catalogue_errors, catalogue_viz, catalogue_notes,
         catalogue_choose)
CATALOGUE: dict[str, dict[str, str]] = {k: v for part in PARTS for k, v in part.STRINGS.items()}
if len(CATALOGUE) != sum(len(part.STRINGS) for part in PARTS):  # pragma: no cover - caught by tests/test_i18n.py too
    raise RuntimeError("a key is defined in two of the catalogue's files")


def text(key: str, lang: str = DEFAULT, /, **fmt: object) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` placeholders filled from ``fmt``.

    A key missing from the catalogue shows as the key itself (the tests make
    sure none is), so a slip never breaks a lesson.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    s = entry.get(lang) or entry[DEFAULT]
    return s.format(**fmt) if fmt else s


class Safe(str):
    """Text that is Markdown to show as it is: the catalogue's own words, or values already escaped."""

    __slots__ = ()


_FORMATTER = string.Formatter()
_JOINER = "\u2060"  # WORD JOINER: invisible, and no address or e-mail pattern runs across it


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

    ``explorer`` raises English sentences; an :class:`~explorer.errors.ExplorerError`
    also carries ``key`` and ``params``, and ``err.<key>`` in the catalogue
    gives the sentence in the other language, filled from ``params``. English
    shows the library's own sentence. Either way the values are escaped (see
    :func:`escape_md`): a library error often repeats what a link said.
    """
    return _keyed(err, "err.")


def note_text(note: object) -> str:
    """A library note (an English sentence with ``key`` and ``params``) in the current language, from ``note.<key>``."""
    return _keyed(note, "note.")


def _keyed(obj: object, prefix: str) -> Safe:
    language = lang()
    entry = CATALOGUE.get(prefix + str(getattr(obj, "key", "")))
    if entry is not None:
        raw = getattr(obj, "params", {})
        params = {k: note_text(v) if getattr(v, "key", "") else v for k, v in raw.items()}  # a note inside
        try:
            if language != DEFAULT:
                return Safe(_fill(entry.get(language) or entry[DEFAULT], params, escape=True))
            # English: the library's own sentence, said with escaped values when the template is that sentence.
            plain = {k: str(v) if getattr(v, "key", "") else v for k, v in raw.items()}
            if _fill(entry[DEFAULT], plain, escape=False) == str(obj):
                return Safe(_fill(entry[DEFAULT], params, escape=True))
        except (KeyError, IndexError, ValueError, AttributeError):  # a placeholder the library did not fill: its English still says it
            pass
    return escape_md(obj)


def lang() -> str:
    """The current language: the session's choice, else the URL's, else English."""
    value = st.session_state.get(state.LANG)
    if value in LANGS:
        return value
    q = st.query_params.get(URL_PARAM)
    return q if q in LANGS else DEFAULT


def t(key: str, /, **fmt: object) -> Safe:
    """The string ``key`` in the current language, its values escaped for Markdown (see :func:`escape_md`).

    A key missing from the catalogue shows as the key itself, as in :func:`text`.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        return Safe(key)
    s = entry.get(lang()) or entry[DEFAULT]
    return Safe(_fill(s, fmt, escape=True) if fmt else s)


def bound() -> Callable[..., str]:
    """``t`` fixed to the current language, for a widget's ``format_func``.

    Streamlit calls a ``format_func`` again outside the script run (AppTest
    does, to find an option's label); a bound function gives the labels the
    widget was drawn with.
    """
    language = lang()
    return lambda key, **fmt: text(key, language, **fmt)


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
    q = st.query_params.get(URL_PARAM)
    if q in LANGS and q != st.session_state.get(state.LANG_URL_SEEN):
        st.session_state[state.LANG] = q
    st.session_state[state.LANG_URL_SEEN] = q
    st.session_state.setdefault(state.LANG, DEFAULT)


def _on_switch(key: str) -> None:
    if st.session_state.get(key) in LANGS:
        st.session_state[state.LANG] = st.session_state[key]
    # The URL still holds the old language until this run writes the new one: mark it seen, not "from outside".
    st.session_state[state.LANG_URL_SEEN] = st.query_params.get(URL_PARAM)


def language_switcher(key: str = state.LANG_WIDGET) -> str:
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
    want = state.lang_query().get(URL_PARAM)
    have = st.query_params.get(URL_PARAM)
    if want and have != want:
        st.query_params[URL_PARAM] = want
    elif not want and have is not None:
        del st.query_params[URL_PARAM]
    st.session_state[state.LANG_URL_SEEN] = want

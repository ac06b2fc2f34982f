"""The figures' words: English templates marked where they are written, and the type of a translator.

A figure function takes ``words: Words | None`` (keyword-only) and builds each
title, axis title, legend name, hover text and annotation with
``tr("{title}: feature maps get smaller and deeper", title=report.title)``: the
English template is the gettext message id (``pybabel extract`` finds ``tr``
calls, see babel.cfg); a sentence about a count is ``tr(NN_("{n} layer", "{n} layers"), n=k)``. Left out, the words are English (:func:`english`); an
interface in another language passes its own translator, called the same way
(message, then the placeholders as keywords): the Streamlit app's
``ui.i18n.bound()`` reads ``locale/*/LC_MESSAGES/messages.po``.

Templates are :meth:`str.format` strings without literal braces: plotly's
own ``%{x:.2f}`` placeholders are passed in as values (``x="%{x:.2f}"``), so a
translation can move them. Names, numbers and units (px, MACs, ×) are put in by
the figures and are never translated.
"""

from __future__ import annotations

from collections.abc import Callable

from explorer.i18n import english as english_form

Words = Callable[..., str]
"""``(key, /, **fmt) -> str``: the template ``key`` in some language, filled from ``fmt``."""



def english(message: str, /, **fmt: object) -> str:
    """The English template ``message`` filled from ``fmt`` (a template is formatted only when given values).

    A plural (``NN_``) takes the form its count in ``fmt`` asks for.
    """
    message = english_form(message, fmt)
    return message.format(**fmt) if fmt else message


def resolve(words: Words | None) -> Words:
    """``words``, or :func:`english` when None: what every figure function starts with."""
    return english if words is None else words

"""User-facing errors.

Every error a user can cause (a bad hyperparameter, an input too small, a file
that is not an image) is an :class:`ExplorerError` whose message is one sentence
a student understands: what was wrong and what would work. The CLI and the UI
catch this class at their edge and show the message, never a traceback.

Every raise writes its sentence as a template marked ``N_`` (the English is
the gettext message id) and passes the raw values the sentence uses (names,
numbers, shapes written like ``64×64``, lists written ``a, b, c``) as keywords:
``raise InvalidInput(N_("conv {layer} expects {c} channels"), layer=name, c=c)``.
The error formats the English itself and keeps ``template`` and ``params``, so
that the app can say it in Chinese (``locale/zh_Hans/LC_MESSAGES/messages.po``,
read by ``ui.i18n.error_text``). The errors pickle with their template and
values (``Exception``'s pickling keeps ``__dict__``).
"""

from __future__ import annotations

import re

from explorer.i18n import fill


class ExplorerError(ValueError):
    """Base class of errors caused by user input; ``str(err)`` is the message to show.

    Args:
        template: the English sentence with ``{name}`` placeholders, marked ``N_("…")``;
            ``str(err)`` is it filled from ``params``.
        key: the old catalogue key (``err.<key>``), from before the templates; an error
            raised with one keeps its message as written (scripts/catalogue_to_gettext.py
            turns such raises into templates).
        **params: the values the sentence is built from.
    """

    def __init__(self, template: str, /, *, key: str = "", **params: object):
        if key:  # the old form: the message was formatted by the caller
            super().__init__(template)
            self.template = ""
        else:
            super().__init__(fill(template, params))
            self.template = template
        self.key = key
        self.params = params


class UnknownArchitecture(ExplorerError):
    """An architecture name that is not registered."""


class InvalidHyperparameter(ExplorerError):
    """A hyperparameter name or value that the architecture does not accept."""


class InputTooSmall(ExplorerError):
    """An input whose spatial size makes some layer's output empty.

    Attributes:
        layer: qualified name of the first layer whose output would be empty
            (also ``params["layer"]``, for the translated sentence).
        min_input_size: smallest (H, W) that works, when known.
    """

    def __init__(
        self, template: str, *, layer: str = "", min_input_size: tuple[int, int] | None = None, key: str = "", **params: object
    ):
        super().__init__(template, key=key, layer=layer, **params)
        self.layer = layer
        self.min_input_size = min_input_size


class OverBudget(ExplorerError):
    """A request that would allocate more than the operator's limits allow (priced by explorer.analysis.budget)."""


class InvalidInput(ExplorerError):
    """An input shape or file the model cannot take (wrong channels, wrong features, …)."""


_PATH = re.compile(r"(?<![\w:/\\.])(?:~|[A-Za-z]:)?(?:[/\\][^\s'\"()<>,;:/\\]+)+[/\\]?")


def without_paths(text: str) -> str:
    """``text`` with every file path replaced by its last name (``/root/runs/x/log.txt`` → ``log.txt``).

    For a message built from an unexpected exception (its text may name a folder of
    the server) before it reaches a user; URLs (``https://host/a/b``) are kept.
    """
    return _PATH.sub(lambda m: m.group(0).rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] or "/", text)


def without_tracebacks(log: str) -> str:
    """A log's lines with the traceback frames left out and paths reduced to names (:func:`without_paths`)."""
    kept, in_trace = [], False
    for line in log.splitlines():
        if line.startswith("Traceback (most recent call last)") or line.strip().startswith("Traceback (most recent call last)"):
            in_trace = True
            continue
        if in_trace and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        in_trace = False
        kept.append(without_paths(line))
    return "\n".join(kept)

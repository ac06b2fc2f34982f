"""User-facing errors.

Every error a user can cause (a bad hyperparameter, an input too small, a file
that is not an image) is an :class:`ExplorerError` whose message is one sentence
a student understands: what was wrong and what would work. The CLI and the UI
catch this class at their edge and show the message, never a traceback.

Every raise also names its sentence with a constant ``key`` and passes the raw
values the sentence uses (names, numbers, shapes written like ``64×64``, lists
written ``a, b, c``) as keywords, so that the app can say it in Chinese from
its catalogue entry ``err.<key>`` (ui/catalogue_errors.py).
``tests/test_error_keys.py`` checks every raise in explorer/ against the
catalogue. The errors pickle with their key and values (``Exception``'s
pickling keeps ``__dict__``).
"""

from __future__ import annotations

import re


class ExplorerError(ValueError):
    """Base class of errors caused by user input; ``str(err)`` is the message to show.

    Args:
        message: the English sentence.
        key: names the sentence for an interface that speaks another language
            (the app's catalogue entry ``err.<key>``).
        **params: the values the sentence was built from, for that translation.
    """

    def __init__(self, message: str, /, *, key: str = "", **params: object):
        super().__init__(message)
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
        self, message: str, *, layer: str = "", min_input_size: tuple[int, int] | None = None, key: str = "", **params: object
    ):
        super().__init__(message, key=key, layer=layer, **params)
        self.layer = layer
        self.min_input_size = min_input_size


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

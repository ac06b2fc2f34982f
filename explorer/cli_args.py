"""What the command lines share: their parser, ``--set`` and ``--input`` parsing, and the model argument.

``explorer.cli`` (list, summary, bench, serve) and ``explorer.training.cli``
(train) both import from here, and neither imports the other's helpers: the
imports run one way (cli → training.cli → cli_args).
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from explorer.errors import ExplorerError
from explorer.i18n import N_

if TYPE_CHECKING:
    from explorer.zoo.external import Spec

EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line and exit with :data:`EXIT_USAGE`."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _pairs(items: Sequence[str] | None) -> list[tuple[str, str]]:
    out = []
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ExplorerError(
                N_("--set expects key=value, not {item!r} (for example --set num_classes=10)."), item=item
            )
        out.append((key.strip(), value.strip()))
    return out


def parse_sets(items: Sequence[str] | None) -> dict[str, str]:
    """``["depth=20", "shortcut=none"]`` → ``{"depth": "20", "shortcut": "none"}``.

    For a registered architecture: its declared hyperparameters convert the text themselves.
    """
    return dict(_pairs(items))


def parse_input(text: str | None) -> tuple[int, int, int] | None:
    """``"3,224,224"`` (or ``3x224x224``) → ``(3, 224, 224)``; None stays None."""
    from explorer.analysis.engine import parse_shape

    return None if text is None else parse_shape(text)


_BOOLS = {"true": True, "false": False}


def parse_literal(text: str) -> Any:
    """A ``--set`` value for a model's own constructor, typed by its spelling and never evaluated.

    ``10`` → 10, ``0.5`` → 0.5, ``-3`` → -3, ``true`` / ``True`` → True, ``None`` → None,
    ``(64, 128)`` or ``64,128`` → (64, 128), ``'relu'`` or ``relu`` → ``"relu"``.
    Anything else (a call, a name, an expression such as ``__import__('os')``) stays the text it is:
    the string is parsed with :mod:`ast` and only constants and tuples of them are accepted, so no
    code runs.
    """
    stripped = text.strip()
    if stripped.lower() in _BOOLS:
        return _BOOLS[stripped.lower()]
    if len(stripped) > 1000:  # no constructor needs a longer literal; the parser need not see one
        return text
    try:
        node = ast.parse(stripped, mode="eval").body
        return _literal(node)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError):
        return text


def _literal(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, type(None))):
        return node.value  # bool is an int
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, (ast.Tuple, ast.List)):
        return tuple(_literal(e) for e in node.elts)
    raise ValueError("not a literal")


def parse_literal_sets(items: Sequence[str] | None) -> dict[str, Any]:
    """``["depth=3", "widths=(16,32)", "act=relu"]`` → ``{"depth": 3, "widths": (16, 32), "act": "relu"}``.

    For a model the user wrote: nothing declares its arguments' types, so each value's spelling does
    (:func:`parse_literal`).
    """
    return {k: parse_literal(v) for k, v in _pairs(items)}


def resolve_model_arg(text: str) -> str | Spec:
    """What a command's architecture argument names: a registered name (returned as it is) or a user's model.

    ``path/to/file.py:ClassName`` and ``package.module:factory`` (or ``file.py`` alone, whose error then
    lists what the file defines) give an :class:`explorer.zoo.external.Spec`, not yet imported.
    Everything else is a registry name (an unknown one raises later with the list of known names).
    """
    from explorer.zoo.external import parse_spec

    spec = parse_spec(text)
    return text if spec is None else spec


def registered_only(text: str, command: str) -> str:
    """``text`` if it names a registered architecture; for a model of one's own, the way that works instead.

    ``bench`` and ``train`` hand the name to other processes (a measuring worker, the runs store that the
    Train page reads), which find models in the registry: the operator's setting ``models`` puts one there.
    """
    target = resolve_model_arg(text)
    if not isinstance(target, str):
        raise ExplorerError(
            N_("{command} takes a registered architecture, not {spec}: list your model in a module's MODELS and name the module with EXPLORER_MODELS=package.module (see the README, Bring your own model)."), command=command, spec=target.label,
        )
    return target

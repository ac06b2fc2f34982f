"""Command line: ``python -m explorer list | summary | train``.

``list`` and ``summary`` describe architectures; ``train`` trains one on a
dataset with live progress (see :mod:`explorer.training.cli`). Errors a user
can cause print one line on stderr and exit with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from explorer.errors import ExplorerError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def parse_sets(items: Sequence[str] | None) -> dict[str, str]:
    """``["depth=20", "shortcut=none"]`` → ``{"depth": "20", "shortcut": "none"}``."""
    out: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ExplorerError(
                f"--set expects key=value, not {item!r} (for example --set num_classes=10).", key="cli.set_syntax", item=item
            )
        out[key.strip()] = value.strip()
    return out


def parse_input(text: str | None) -> tuple[int, int, int] | None:
    """``"3,224,224"`` (or ``3x224x224``) → ``(3, 224, 224)``; None stays None."""
    from explorer.analysis.engine import parse_shape

    return None if text is None else parse_shape(text)


def _cmd_list(args: argparse.Namespace) -> int:
    from explorer.zoo.registry import GROUPS, architectures

    archs = architectures()
    if args.json:
        print(json.dumps([
            {"name": a.name, "title": a.title, "group": a.group, "source": a.source, "input_shape": list(a.input_shape),
             "hyperparameters": [h.to_dict() for h in a.hparams]}
            for a in archs
        ], indent=2))
        return 0
    width = max(len(a.name) for a in archs)
    for group in GROUPS:
        members = [a for a in archs if a.group == group]
        if not members:
            continue
        print(f"{group} models:")
        for a in members:
            print(f"  {a.name.ljust(width)}  {a.title} — {a.source}")
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from explorer.analysis import analyze
    from explorer.analysis.format import render

    report = analyze(args.arch, input_shape=parse_input(args.input), **parse_sets(args.set))
    sys.stdout.write(render(report, args.format))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="explorer", description="CNN Explorer: architectures, layer by layer.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="list the architectures")
    p.add_argument("--json", action="store_true", help="print names, sources and hyperparameter specs as JSON")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("summary", help="every layer's shape, parameters, MACs and receptive field")
    p.add_argument("arch", help="architecture name (see 'explorer list')")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="set a hyperparameter (repeatable)")
    p.add_argument("--input", metavar="C,H,W", help="input shape of one sample, e.g. 3,224,224")
    p.add_argument("--format", choices=("table", "json", "csv", "markdown"), default="table")
    p.set_defaults(func=_cmd_summary)

    from explorer.training.cli import add_train_parser

    add_train_parser(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, not at exit: a closed pipe must raise where it is caught below
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except ExplorerError as err:
        print(f"explorer: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("explorer: interrupted", file=sys.stderr)
        return 130


def _closed_pipe() -> int:
    """The reader went away (``explorer list --json | head -1``): stop quietly, as a command killed by SIGPIPE would.

    Python's advice (the signal module's docs, "Note on SIGPIPE"): point stdout at
    /dev/null so that the interpreter's last flush at exit raises nothing either.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file descriptor (a test's capture)
        pass
    return 128 + 13  # SIGPIPE's number: what a shell reports for a command a closed pipe ended

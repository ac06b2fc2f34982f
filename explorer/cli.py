"""Command line: ``python -m explorer list | summary | bench | train``.

``list`` and ``summary`` describe architectures; ``bench`` measures their
latency on this machine (see :mod:`explorer.inspect.latency`); ``train`` trains
one on a dataset with live progress (see :mod:`explorer.training.cli`). Errors a user
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
    from explorer.zoo.spec import parse_shape

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


def _cmd_bench(args: argparse.Namespace) -> int:
    """Latency at batch 1 and ``--batch`` for each architecture; progress on stderr, results on stdout.

    ``--json`` prints one object (the contract documented in the README):
    ``{"device", "device_name", "threads", "torch_version", "results": [...]}``,
    one result per (architecture, batch) with ``arch, title, batch, input_shape,
    median_ms, per_image_ms, images_per_s, times_ms, memory_bytes,
    memory_measured, dtype, channels_last, cached, top1, top5, weights``.
    """
    from explorer.analysis.format import human_bytes
    from explorer.inspect.latency import Progress, device_info, measure, resolve_device
    from explorer.zoo.accuracy import accuracy
    from explorer.zoo.registry import get

    device = resolve_device(args.device)
    tty = sys.stderr.isatty()

    def show(p: Progress) -> None:
        eta = f", about {p.eta_s:.0f} s left" if p.eta_s is not None else ""
        line = f"measuring {p.arch} (batch {p.batch}), {p.done}/{p.total} done, {100 * p.fraction:.0f}%{eta}"
        if tty:
            print("\r" + line.ljust(78), end="", file=sys.stderr, flush=True)
        elif p.phase == "done":
            print(line, file=sys.stderr, flush=True)

    results = measure(args.arch, batch=args.batch, device=device, repeats=args.repeats, warmup=args.warmup,
                      input_shape=parse_input(args.input), fresh=args.fresh, progress=show)
    if tty:
        print(file=sys.stderr)
    info = device_info(device)
    rows = []
    for lat in results:
        acc = accuracy(lat.arch)
        rows.append({
            **{k: v for k, v in lat.to_dict().items() if k not in ("device", "device_name", "threads", "torch_version")},
            "title": get(lat.arch).title, "top1": acc.top1 if acc else None, "top5": acc.top5 if acc else None,
            "weights": acc.weights if acc else None,
        })
    if args.json:
        print(json.dumps({**info, "results": rows}, indent=2))
        return 0
    print(f"{info['device_name']} ({device}), {info['threads']} CPU threads, torch {info['torch_version']}; "
          f"median of {args.repeats} after {args.warmup} warm-up passes")
    header = ("architecture", "batch", "median ms", "ms/image", "images/s", "memory", "top-1 %")
    table = [header]
    for r in rows:
        mem = human_bytes(r["memory_bytes"]) + ("" if r["memory_measured"] else " (estimate)")
        table.append((r["arch"], str(r["batch"]), f"{r['median_ms']:.1f}", f"{r['per_image_ms']:.1f}",
                      f"{r['images_per_s']:.1f}", mem, f"{r['top1']:.3f}" if r["top1"] is not None else "—"))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
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

    p = sub.add_parser("bench", help="latency on this machine at batch 1 and --batch (in a worker process, cached)")
    p.add_argument("arch", nargs="+", help="architecture names (see 'explorer list')")
    p.add_argument("--batch", type=int, default=8, help="the batch measured besides 1 (default 8)")
    p.add_argument("--device", default="auto", help="cpu, cuda or auto (default: cuda when present)")
    p.add_argument("--repeats", type=int, default=10, help="timed passes; the median is reported (default 10)")
    p.add_argument("--warmup", type=int, default=2, help="untimed passes first (default 2)")
    p.add_argument("--input", metavar="C,H,W", help="input shape for every model (default: each model's own)")
    p.add_argument("--fresh", action="store_true", help="measure again even when a cached figure exists")
    p.add_argument("--json", action="store_true", help="print the results as JSON (see README)")
    p.set_defaults(func=_cmd_bench)

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

"""Command line: ``python -m explorer list | summary | bench | train | serve``.

``list`` and ``summary`` describe architectures (``summary`` also a model of your
own: ``net.py:Net``, ``package.module:factory``); ``bench`` measures their
latency on this machine (see :mod:`explorer.inside.latency`); ``train`` trains
one on a dataset with live progress (see :mod:`explorer.training.cli`); ``serve``
starts the web app, with the operator's own models if named. Errors a user
can cause print one line on stderr and exit with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from explorer.cli_args import (
    EXIT_USAGE, Parser, parse_input, parse_literal_sets, parse_sets, registered_only, resolve_model_arg,
)
from explorer.errors import ExplorerError
from explorer.i18n import N_

if TYPE_CHECKING:
    from explorer.analysis.records import Report
    from explorer.zoo.external import Spec

__all__ = ["EXIT_USAGE", "build_parser", "main", "parse_input", "parse_sets"]  # parse_*: kept importable from here

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder holding app.py and explorer/


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
    from explorer.zoo import design

    arch, sets, shape = args.arch, parse_sets(args.set), parse_input(args.input)
    if design.is_spec_path(arch):  # explorer summary my_net.yaml: a design spec (explorer/zoo/design.py)
        arch, sets, shape = design.from_file(arch, sets, shape)
    target = resolve_model_arg(arch)
    if isinstance(target, str):
        report = analyze(target, input_shape=shape, **sets)
    else:
        report = _summary_of_own_model(target, args)
    sys.stdout.write(render(report, args.format))
    return 0


def _summary_of_own_model(spec: Spec, args: argparse.Namespace) -> Report:
    """``summary net.py:Net --set width=32 --input 3x32x32``: the user's own code, imported on their machine."""
    from dataclasses import replace

    from explorer.analysis import analyze
    from explorer.zoo.external import build_model, declared_input_shape, load_object

    arguments = parse_literal_sets(args.set)  # before importing: a typo costs nothing
    shape = parse_input(args.input)
    obj = load_object(spec)
    model = build_model(obj, arguments, label=spec.name)
    shape = shape or declared_input_shape(obj, model)
    if shape is None:
        raise ExplorerError(
            N_("Give the input shape of one sample for {spec}, such as --input 3x32x32 (or give the class an attribute input_shape = (3, 32, 32))."), spec=spec.label,
        )
    report = analyze(model, input_shape=shape)
    return replace(report, architecture=spec.label, hyperparameters=arguments)


def _cmd_bench(args: argparse.Namespace) -> int:
    """Latency at batch 1 and ``--batch`` for each architecture; progress on stderr, results on stdout.

    ``--json`` prints one object (the contract documented in the README):
    ``{"device", "device_name", "threads", "torch_version", "results": [...]}``,
    one result per (architecture, batch) with ``arch, title, batch, input_shape,
    median_ms, per_image_ms, images_per_s, times_ms, memory_bytes,
    memory_measured, dtype, channels_last, cached, top1, top5, weights``.
    """
    from explorer.analysis.format import human_bytes
    from explorer.inside.latency import Progress, device_info, measure, resolve_device
    from explorer.zoo.accuracy import accuracy
    from explorer.zoo.registry import get

    archs = [registered_only(a, "bench") for a in args.arch]
    device = resolve_device(args.device)
    tty = sys.stderr.isatty()

    def show(p: Progress) -> None:
        eta = f", about {p.eta_s:.0f} s left" if p.eta_s is not None else ""
        line = f"measuring {p.arch} (batch {p.batch}), {p.done}/{p.total} done, {100 * p.fraction:.0f}%{eta}"
        if tty:
            print("\r" + line.ljust(78), end="", file=sys.stderr, flush=True)
        elif p.phase == "done":
            print(line, file=sys.stderr, flush=True)

    results = measure(archs, batch=args.batch, device=device, repeats=args.repeats, warmup=args.warmup,
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


def _cmd_serve(args: argparse.Namespace) -> int:
    """``streamlit run app.py`` with the operator's models: checked here first, so a typo is one line, not a page.

    The checked environment (``EXPLORER_MODELS``, and ``PYTHONPATH`` with this package's folder and the
    working folder, where the operator's modules are) is handed to Streamlit, whose training workers inherit it.
    """
    import subprocess

    from explorer import settings as S
    from explorer.zoo.external import load_operator_models

    env = dict(os.environ)
    if args.models:
        env["EXPLORER_MODELS"] = ",".join(m.strip() for part in args.models for m in part.split(",") if m.strip())
    here = os.getcwd()
    env["PYTHONPATH"] = os.pathsep.join(p for p in dict.fromkeys((ROOT, here, env.get("PYTHONPATH", ""))) if p)
    modules = S.load(env).models  # the same reading as the app's, so the same errors
    if here not in sys.path:
        sys.path.insert(0, here)
    names = load_operator_models(modules)
    if names:
        print(f"Operator's models: {', '.join(names)} (from {', '.join(modules)})", file=sys.stderr)
    command = [sys.executable, "-m", "streamlit", "run", os.path.join(ROOT, "app.py"), "--server.port", str(args.port),
               *_streamlit_flags(), *args.streamlit_args]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":  # become Streamlit: no second process holding PyTorch, Ctrl-C and the exit status its own
        os.execve(sys.executable, command, env)
    return subprocess.call(command, env=env)


def _streamlit_flags() -> list[str]:
    """The app's own .streamlit/config.toml as flags: it holds whatever folder the operator starts from
    (Streamlit reads that file only from the working folder), and it hides tracebacks from browsers."""
    import tomllib

    try:
        with open(os.path.join(ROOT, ".streamlit", "config.toml"), "rb") as f:
            config = tomllib.load(f)
    except OSError:
        return []
    flags = []
    for section, values in config.items():
        for key, value in values.items() if isinstance(values, dict) else ():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{key}={text}")
    return flags


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="explorer", description="CNN Explorer: architectures, layer by layer.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser("list", help="list the architectures")
    p.add_argument("--json", action="store_true", help="print names, sources and hyperparameter specs as JSON")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("summary", help="every layer's shape, parameters, MACs and receptive field")
    p.add_argument("arch", help="architecture name (see 'explorer list'), a design spec file ending .yaml, or your own: "
                                "path/to/file.py:ClassName "
                                "or package.module:factory")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="set a hyperparameter, or an argument of your own model (10, 0.5, true, (64,128), text); repeatable")
    p.add_argument("--input", metavar="C,H,W", help="input shape of one sample, e.g. 3,224,224 or 3x32x32")
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

    p = sub.add_parser("serve", help="start the web app (streamlit run app.py), with your own models if named",
                       description="Start the web app. Extra arguments after -- go to streamlit run.")
    p.add_argument("--models", action="append", metavar="MODULE",
                   help="a module whose models every page lists (repeatable, or comma-separated); default $EXPLORER_MODELS")
    p.add_argument("--port", type=int, default=8501, help="the port to listen on (default 8501)")
    p.add_argument("streamlit_args", nargs="*", help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_serve)

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

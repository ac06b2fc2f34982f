"""``python -m explorer train ARCH --dataset digits …``: the Train page's engine from a terminal.

The run is created in the same runs folder as the page's (``--runs-dir``,
``$EXPLORER_RUNS``, ``./runs``), waits in the same queue for its device, and
trains in this process (or, when the operator set ``ray_address``, on the Ray
cluster while this process follows it: :mod:`explorer.training.executor`): a
progress bar with the ETA goes to stderr, the final figures to stdout
(``--json``: one JSON object). Ctrl-C stops at the next step with a checkpoint
(``--resume RUN_ID`` continues it); a second Ctrl-C quits.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from typing import Any

from explorer.errors import ExplorerError
from explorer.i18n import N_

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


def add_train_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``train`` to the ``python -m explorer`` command line."""
    from explorer.training.config import AUGMENTATIONS, DEVICES, OPTIMIZERS
    from explorer.training.datasets import DATASETS
    from explorer.training.schedules import SCHEDULES

    p = subparsers.add_parser(
        "train", help="train an architecture on a dataset, with live progress",
        description="Train ARCH on a dataset. Defaults: the embedded digits, Adam, one-cycle, 5 epochs, batch 64.",
    )
    p.add_argument("arch", nargs="?", help="architecture name (see 'explorer list') or a design spec file ending .yaml; not needed with --resume")
    p.add_argument("--dataset", default="digits", choices=list(DATASETS), help="dataset (default: digits, generated, no download)")
    p.add_argument("--zip", metavar="PATH", help="a zip of class folders, with --dataset folder")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="set a hyperparameter (repeatable); num_classes follows the dataset")
    p.add_argument("--input", metavar="C,H,W", help="the model's input shape (default: the architecture's); images are fitted to it")
    p.add_argument("--epochs", type=int, default=None, help="passes over the training set (default 5)")
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps instead")
    p.add_argument("--batch-size", type=int, default=None, help="images per step (default 64)")
    p.add_argument("--optimizer", choices=list(OPTIMIZERS), default=None, help="default adam (or the recipe's)")
    p.add_argument("--lr", type=float, default=None, help="learning rate (default 0.002, or the recipe's)")
    p.add_argument("--momentum", type=float, default=None, help="SGD momentum (default 0.9)")
    p.add_argument("--weight-decay", type=float, default=None, help="weight decay (default 0)")
    p.add_argument("--schedule", choices=list(SCHEDULES), default=None,
                   help="learning-rate schedule; the recipes (lenet5, alexnet, googlenet, resnet_*) also set optimizer and lr")
    p.add_argument("--augment", choices=list(AUGMENTATIONS), default=None, help="augmentation (default: the dataset's)")
    p.add_argument("--train-size", type=int, default=None, help="training images to generate (embedded) or at most to use")
    p.add_argument("--val-size", type=int, default=None, help="validation images to generate or at most to use")
    p.add_argument("--val-fraction", type=float, default=None, help="hold this fraction of training out instead of the test split")
    p.add_argument("--seed", type=int, default=0, help="seed of initialisation, shuffling and augmentation (default 0)")
    p.add_argument("--data-seed", type=int, default=0, help="seed of the generated images (default 0)")
    p.add_argument("--device", choices=list(DEVICES), default="auto", help="auto: CUDA, then MPS, then CPU")
    p.add_argument("--no-amp", action="store_true", help="no mixed precision on CUDA")
    p.add_argument("--no-channels-last", action="store_true", help="no channels-last memory format on CUDA")
    p.add_argument("--log-every", type=int, default=None, help="train metrics every N steps (default 10)")
    p.add_argument("--runs-dir", metavar="DIR", help="where runs are kept (default $EXPLORER_RUNS or ./runs)")
    p.add_argument("--data-dir", metavar="DIR", help="where datasets are kept (default $EXPLORER_DATA or ./data)")
    p.add_argument("--resume", metavar="RUN_ID", help="continue a stopped or failed run from its last checkpoint")
    p.add_argument("--json", action="store_true", help="print the final figures as one JSON object on stdout")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_train)
    return p


def config_from_args(args: argparse.Namespace) -> Any:
    """The :class:`TrainConfig` the arguments describe (recipes fill what was not given)."""
    from explorer.cli_args import parse_input, parse_sets, registered_only
    from explorer.training.config import TrainConfig
    from explorer.training.datasets import get_dataset

    if not args.arch:
        raise ExplorerError(
            N_("Name the architecture to train (for example: explorer train lenet5), or --resume RUN_ID.")
        )
    from explorer.zoo import design

    arch, sets, shape = args.arch, parse_sets(args.set), parse_input(args.input)
    if design.is_spec_path(arch):  # explorer train my_net.yaml: a design spec (explorer/zoo/design.py)
        arch, sets, shape = design.from_file(arch, sets, shape)
    cfg = TrainConfig(
        architecture=registered_only(arch, "train"),
        hyperparameters=sets,
        input_shape=shape,
        dataset=args.dataset,
        dataset_path=os.path.abspath(args.zip) if args.zip else None,
        seed=args.seed,
        data_seed=args.data_seed,
        device=args.device,
        amp=not args.no_amp,
        channels_last=not args.no_channels_last,
        augmentation=args.augment or get_dataset(args.dataset).augmentation,
    )
    if args.schedule:
        given = tuple(n for n in ("optimizer", "lr", "momentum", "weight_decay") if getattr(args, n) is not None)
        cfg = cfg.with_recipe(args.schedule, keep=given)
    changes = {
        "epochs": args.epochs, "max_steps": args.steps, "batch_size": args.batch_size, "optimizer": args.optimizer,
        "lr": args.lr, "momentum": args.momentum, "weight_decay": args.weight_decay, "train_size": args.train_size,
        "val_size": args.val_size, "val_fraction": args.val_fraction, "log_every": args.log_every,
    }
    if args.steps and args.epochs is None:
        changes["epochs"] = 10000  # --steps alone: as many epochs as the steps need
    from dataclasses import replace

    return replace(cfg, **{k: v for k, v in changes.items() if v is not None})


class _Progress:
    """A one-line progress bar on stderr (redrawn in place on a terminal, a line an epoch otherwise)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.tty = enabled and sys.stderr.isatty()
        self.last_draw = 0.0
        self.val: dict[str, Any] | None = None
        self.total_steps = 0
        self.epochs = 0
        self.drawn = False

    def phase(self, text: str, fraction: float | None) -> None:
        if not self.enabled:
            return
        if self.tty:
            bar = _bar(fraction or 0.0) if fraction is not None else ""
            sys.stderr.write(f"\r{text} {bar}\033[K")
            self.drawn = True
        elif fraction in (None, 1.0) or fraction == 0:
            sys.stderr.write(f"{text}\n")
        sys.stderr.flush()

    def metric(self, r: dict[str, Any]) -> None:
        if not self.enabled:
            return
        if r["kind"] == "val":
            self.val = r
            if not self.tty:
                sys.stderr.write(f"epoch {r['epoch']}: val loss {r['loss']:.4f}, val accuracy {r['acc']:.2%}\n")
                sys.stderr.flush()
            return
        now = time.monotonic()
        if self.tty and (now - self.last_draw >= 0.2 or r["step"] >= self.total_steps):
            self.last_draw = now
            frac = r["step"] / self.total_steps if self.total_steps else 0.0
            val = f"  val {self.val['acc']:.1%}" if self.val else ""
            sys.stderr.write(
                f"\repoch {min(self.epochs, int(r['epoch']) + 1)}/{self.epochs} {_bar(frac)} {frac:4.0%}  "
                f"step {r['step']}/{self.total_steps}  loss {r['loss']:.4f}  acc {r['acc']:.1%}{val}  "
                f"{r['images_per_s']:,.0f} img/s  ETA {_clock(r['eta_s'])}\033[K"
            )
            sys.stderr.flush()
            self.drawn = True
        elif not self.tty and r["step"] == 1:
            sys.stderr.write(f"step 1: loss {r['loss']:.4f} (first metric after {r['elapsed_s']:.1f} s of training)\n")
            sys.stderr.flush()

    def end(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _bar(fraction: float, width: int = 24) -> str:
    n = int(round(max(0.0, min(1.0, fraction)) * width))
    return "[" + "#" * n + "." * (width - n) + "]"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def cmd_train(args: argparse.Namespace) -> int:
    from explorer.training import datasets, executor, worker
    from explorer.training.runs import get_run

    if args.data_dir:
        os.environ[datasets.DATA_ENV] = os.path.abspath(args.data_dir)
    say = (lambda text: print(text, file=sys.stderr)) if not args.quiet else (lambda text: None)
    if args.resume:
        run = get_run(args.resume, args.runs_dir)
        executor.get().resume_attached(run)
        say(f"Resuming {run.id}.")
    else:
        cfg = config_from_args(args)
        run = executor.get().enqueue_attached(cfg, root=args.runs_dir)
        info = datasets.get_dataset(cfg.dataset)
        notes = datasets.describe_adaptation(info.shape, tuple(run.config()["input_shape"]), name=info.title.split(" (")[0])
        if notes:
            say(" ".join(notes))
        say(f"Run {run.id} in {run.path}")

    progress = _Progress(enabled=not args.quiet)
    said: list[str] = []

    def waiting(position: int) -> None:  # a line when the place or the estimate changes, not one every poll
        wait = worker.queue_wait(run)
        when = f", starts in about {_clock(round(wait.seconds / 10) * 10)}" if wait and wait.seconds is not None else ""
        line = f"Queued: {position} in line for the {run.config()['device']}{when}…"
        if not said or said[-1] != line:
            said.append(line)
            say(line)

    if not executor.get().wait_for_turn(run, on_wait=waiting):
        say("The run was stopped before it started.")
        return EXIT_INTERRUPTED
    interrupted = []

    def on_sigint(signum: int, frame: Any) -> None:
        if interrupted:
            raise KeyboardInterrupt
        interrupted.append(True)
        run.request_stop()
        progress.end()
        say("Stopping at the next step (Ctrl-C again to quit now)…")

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        def echo(r: dict[str, Any]) -> None:
            if not progress.total_steps:
                s = run.status()
                progress.total_steps, progress.epochs = int(s.get("total_steps") or 0), int(s.get("epochs") or 0)
            progress.metric(r)

        outcome = executor.get().attach(run, echo=echo, on_phase=progress.phase)  # then hands the device on
    finally:
        signal.signal(signal.SIGINT, previous)
        progress.end()
    summary = outcome.summary
    result = {
        "run_id": run.id, "run_dir": str(run.path), "status": outcome.status, "message": outcome.message,
        "suggestion": outcome.suggestion, "architecture": run.config()["architecture"], "dataset": run.config()["dataset"],
        "device": summary.get("device"), "epochs": summary.get("epochs"), "steps": summary.get("step"),
        "final_train_loss": summary.get("final_train_loss"), "final_train_acc": summary.get("final_train_acc"),
        "final_val_loss": summary.get("final_val_loss"), "final_val_acc": summary.get("final_val_acc"),
        "best_val_acc": summary.get("best_val_acc"), "images_per_s": summary.get("images_per_s"),
        "elapsed_s": summary.get("elapsed_s"),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        def pct(v: float | None) -> str:
            return f"{v:.2%}" if v is not None else "–"

        print(f"{outcome.status}: {outcome.message}")
        if outcome.suggestion:
            print(outcome.suggestion)
        print(f"train accuracy {pct(result['final_train_acc'])}, validation accuracy {pct(result['final_val_acc'])} "
              f"(best {pct(result['best_val_acc'])}), {result['images_per_s'] or 0:,.0f} images/s on {result['device']}")
        print(f"run folder: {run.path}")
    if outcome.status == "finished":
        return 0
    return EXIT_INTERRUPTED if outcome.status == "stopped" else EXIT_FAILED

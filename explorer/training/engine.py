"""The training loop: one model, one dataset, metrics as it goes, and every way it can end.

:class:`Trainer` runs :class:`~explorer.training.config.TrainConfig` on data
already loaded and tells a :class:`Reporter` what happens (the runs store
writes it to disk; tests keep it in memory). The loop itself is the plain one —
zero_grad, forward, loss, backward, step — with these additions, each paid for
only every ``log_every`` steps or once an epoch:

* the device: ``auto`` picks CUDA, then Apple's MPS, then the CPU; on CUDA,
  mixed precision (bfloat16 where supported, else float16 with a gradient
  scaler) and channels-last memory, which tensor cores want;
* train loss and accuracy are summed on the device and read every
  ``log_every`` steps (reading them every step would stall a GPU);
  validation once an epoch; learning rate, images per second, ETA and GPU memory;
* a loss that becomes NaN or infinite, or rises far above where it started, or a
  model at chance after an epoch with its loss far up, ends the run as ``diverged``;
  running out of memory ends it as ``out_of_memory``; both with a suggestion;
* the operator's budget for one run (steps, seconds) stops it for good;
* a stop request ends it as ``stopped`` with a checkpoint to resume from; a
  checkpoint is also written every epoch, so a crash loses at most an epoch;
* on the CPU a seed gives the same metrics every time (initialisation,
  shuffling, augmentation and dropout all draw from seeded generators).
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer.errors import ExplorerError
from explorer.notes import Note
from explorer.settings import settings
from explorer.training.config import TrainConfig
from explorer.training.datasets import Data, normalization
from explorer.training.loader import Batches, epoch_generator
from explorer.training.schedules import Scheduler
from explorer.i18n import N_, NN_

AUX_WEIGHT = 0.3  # GoogLeNet's auxiliary classifiers' loss weight (Szegedy et al. 2014 §6)
MISCLASSIFIED_KEPT = 36
SAMPLES_KEPT = 12  # validation images kept with their predictions: the Inside page opens a trained run on one
# Divergence beyond NaN: a training loss this many times its start (SGD at lr 10 on LeNet-5 reaches 1,000× and
# then sits at chance), or, after an epoch, chance accuracy (within CHANCE_MARGIN) with a validation loss
# CHANCE_LOSS_FACTOR times the start. A model that is only slow to learn stays near its start loss.
DIVERGED_FACTOR = 10
DIVERGED_WINDOWS = 3
CHANCE_MARGIN = 0.02
CHANCE_LOSS_FACTOR = 2


# --- device ---------------------------------------------------------------------------------

THREADS_ENV = "EXPLORER_TORCH_THREADS"


def cpu_threads(threads: int | None = None) -> int:
    """Threads for PyTorch's CPU kernels: ``threads``, else the operator's ``torch_threads``
    (``$EXPLORER_TORCH_THREADS``), else all cores but one.

    One core is left to the web server and the browser. On a small machine this
    matters more than the core it costs: PyTorch's threads spin while they
    wait for each other, and when another process holds a core they wait a
    lot. On the shared 2-core machines LeNet-5 ran from 1.8× faster to 5×
    slower with 2 threads than with 1, and slower on median (bench/training.py).
    """
    threads = threads if threads is not None else settings().torch_threads
    if threads is not None:
        return max(1, int(threads))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1)


def resolve_device(name: str = "auto") -> torch.device:
    """``auto`` → CUDA if available, else MPS, else CPU; a named device must be available.

    Raises:
        ExplorerError: a device that this machine does not have.
    """
    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    if name == "auto":
        return torch.device("cuda" if cuda else "mps" if mps else "cpu")
    if name == "cuda" and not cuda:
        raise ExplorerError(N_("This machine has no CUDA GPU that PyTorch can use; choose the device 'auto' or 'cpu'."))
    if name == "mps" and not mps:
        raise ExplorerError(
            N_("This machine has no Apple GPU (MPS) that PyTorch can use; choose the device 'auto' or 'cpu'.")
        )
    if name not in ("cpu", "cuda", "mps"):
        raise ExplorerError(N_("Unknown device {name!r}: use auto, cpu, cuda or mps."), name=name)
    return torch.device(name)


@dataclass(frozen=True)
class DevicePlan:
    """How the model runs on its device.

    Attributes:
        amp_dtype: the autocast dtype (None: full float32).
        scaler: whether gradients need scaling (float16 only: bfloat16 has float32's range).
        channels_last: NHWC memory format for the model and its inputs.
    """

    device: torch.device
    amp_dtype: torch.dtype | None = None
    scaler: bool = False
    channels_last: bool = False

    def describe(self) -> str:
        parts = [self.device.type.upper() if self.device.type != "cpu" else "CPU"]
        if self.device.type == "cuda":
            parts[0] = f"CUDA ({torch.cuda.get_device_name(self.device)})"
        if self.amp_dtype is not None:
            parts.append(f"mixed precision ({str(self.amp_dtype).removeprefix('torch.')})")
        if self.channels_last:
            parts.append("channels-last")
        return ", ".join(parts)


def plan_for(device: torch.device, *, amp: bool = True, channels_last: bool = True, bf16: bool | None = None) -> DevicePlan:
    """Mixed precision and channels-last on CUDA (when asked), plain float32 elsewhere.

    ``bf16`` says whether the GPU supports bfloat16 (default: ask CUDA); it is a
    parameter so that the CUDA plan is testable on a machine without one.
    """
    if device.type != "cuda":
        return DevicePlan(device)
    if bf16 is None:
        bf16 = torch.cuda.is_bf16_supported()
    dtype = (torch.bfloat16 if bf16 else torch.float16) if amp else None
    return DevicePlan(device, dtype, scaler=dtype is torch.float16, channels_last=channels_last)


# --- model ----------------------------------------------------------------------------------


def resolve_model(cfg: TrainConfig, num_classes: int) -> tuple[dict[str, Any], tuple[int, int, int]]:
    """The hyperparameters and input shape the model is built with: ``num_classes`` follows the data.

    Raises:
        ExplorerError: bad hyperparameters, an input the model cannot take (too small, …).
    """
    from explorer.analysis import analyze
    from explorer.zoo.registry import get
    from explorer.zoo.spec import bind_input

    arch = get(cfg.architecture)
    if arch.hparam("num_classes") is None:
        raise ExplorerError(
            N_("{arch} has no num_classes hyperparameter, so it cannot be trained on a classification dataset."), arch=arch.name,
        )
    hp = {**cfg.hyperparameters, "num_classes": num_classes}
    hp, shape = bind_input(arch, hp, tuple(cfg.input_shape) if cfg.input_shape else None)
    analyze(arch.name, input_shape=shape, **hp)  # raises InputTooSmall with the smallest input that works
    return hp, shape


def first_conv(model: nn.Module) -> nn.Conv2d | None:
    return next((m for m in model.modules() if isinstance(m, nn.Conv2d)), None)


# --- what the loop tells the outside world -----------------------------------------------------


class Reporter:
    """Receives what happens during training; every method is optional. See :class:`~explorer.training.runs.RunReporter`."""

    def metric(self, record: dict[str, Any]) -> None: ...
    def progress(self, **fields: Any) -> None: ...
    def should_stop(self, step: int) -> bool:
        return False
    def filters(self, weights: np.ndarray, *, initial: bool = False) -> None: ...
    def weights(self, state: dict[str, torch.Tensor], which: str) -> None: ...
    def checkpoint(self, state: dict[str, Any]) -> None: ...
    def load_checkpoint(self) -> dict[str, Any] | None:
        return None
    def evaluation(self, result: dict[str, Any], images: np.ndarray) -> None: ...
    def samples(self, images: np.ndarray) -> None: ...
    def log(self, message: str) -> None: ...


class MemoryReporter(Reporter):
    """Keeps everything in lists (tests, notebooks)."""

    def __init__(self, *, stop_after: int | None = None) -> None:
        self.records: list[dict[str, Any]] = []
        self.messages: list[str] = []
        self.saved: dict[str, Any] = {}
        self.stop_after = stop_after
        self.last_checkpoint: dict[str, Any] | None = None

    def metric(self, record: dict[str, Any]) -> None:
        self.records.append(record)

    def should_stop(self, step: int) -> bool:
        return self.stop_after is not None and step >= self.stop_after

    def weights(self, state: dict[str, torch.Tensor], which: str) -> None:
        self.saved[which] = state

    def checkpoint(self, state: dict[str, Any]) -> None:
        self.last_checkpoint = state

    def evaluation(self, result: dict[str, Any], images: np.ndarray) -> None:
        self.saved["evaluation"] = result

    def log(self, message: str) -> None:
        self.messages.append(message)


@dataclass
class Outcome:
    """How a run ended: ``finished``, ``stopped``, ``diverged`` or ``out_of_memory``, and its figures.

    ``message`` and ``suggestion`` are :class:`~explorer.notes.Note` sentences when the trainer wrote them
    (plain strings when they repeat an error's text).
    """

    status: str
    message: str = ""
    suggestion: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    resumable: bool = True  # False: a stop that resuming cannot undo (the operator's limit)


@dataclass
class _Place:
    """Where the loop is: what a checkpoint saves and a resume restores, and the loop's running figures."""

    step: int = 0
    epoch: int = 0  # the epoch training (re)started in
    batch: int = 0  # batches done in the current epoch
    generator: Any = None  # the shuffling generator's state, on a resume mid-epoch
    best_acc: float = -1.0
    train_time: float = 0.0  # seconds and images spent in training steps (not validation)
    images: int = 0
    start_loss: float | None = None  # the first window's loss (at least ln(classes)): the divergence check's reference
    high_windows: int = 0  # consecutive logged windows whose loss was far above the start
    t_start: float = field(default_factory=time.perf_counter)  # perf_counter() at elapsed 0 (earlier on a resume)
    val_time: float = 0.0
    val_step: int | None = None  # the step of the last validation record
    rate: float | None = None  # steps per second, smoothed
    last_filters: float = 0.0


class _Window:
    """The training loss and accuracy since the last report, summed on the device (read once per report)."""

    def __init__(self, device: torch.device) -> None:
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), device=device, dtype=torch.long)
        self.reset()

    def reset(self) -> None:
        self.loss_sum.zero_()
        self.correct.zero_()
        self.seen = self.steps = 0
        self.t0 = time.perf_counter()

    def add(self, loss: torch.Tensor, logits: torch.Tensor, y: torch.Tensor) -> None:
        self.loss_sum += loss.detach().float() * len(y)
        self.correct += (logits.detach().argmax(1) == y).sum()
        self.seen += len(y)
        self.steps += 1

    def read(self) -> tuple[float, float]:
        """Mean loss and accuracy over the window (this waits for the device)."""
        return float(self.loss_sum) / self.seen, int(self.correct) / self.seen


class _Diverged(Exception):
    """The loss became NaN or infinite; ``note`` says which and when."""

    def __init__(self, note: Note) -> None:
        super().__init__(note)
        self.note = note


def is_out_of_memory(err: BaseException) -> bool:
    if isinstance(err, MemoryError | getattr(torch, "OutOfMemoryError", MemoryError)):
        return True
    text = str(err).lower()
    return isinstance(err, RuntimeError) and ("out of memory" in text or "can't allocate memory" in text or "failed to allocate" in text)


# --- the loop -------------------------------------------------------------------------------


class Trainer:
    """Train ``cfg`` on ``data`` (already fitted to the model's input) and report to ``reporter``.

    Args:
        plan: device, precision and memory format; default :func:`plan_for` the configured device.
        model: a prebuilt model (tests, benchmarks); default: built from the config after seeding with ``seed``.
        mean_std: per-channel normalisation in [0, 1] units; default: measured on the training images.
        input_shape: the model's input when ``model`` is given and the images are to be fitted to it batch by
            batch; default: the images' own shape (a model built here takes the config's input).
        budget_steps, budget_seconds: the operator's limits for one run; reaching one stops the run for good.
    """

    def __init__(
        self,
        cfg: TrainConfig,
        data: Data,
        reporter: Reporter | None = None,
        *,
        plan: DevicePlan | None = None,
        model: nn.Module | None = None,
        mean_std: tuple[list[float], list[float]] | None = None,
        input_shape: tuple[int, int, int] | None = None,
        budget_steps: int | None = None,
        budget_seconds: float | None = None,
    ) -> None:
        self.cfg = cfg
        self.budget_steps, self.budget_seconds = budget_steps, budget_seconds
        self.data = data
        self.reporter = reporter or Reporter()
        self.plan = plan or plan_for(resolve_device(cfg.device), amp=cfg.amp, channels_last=cfg.channels_last)
        shape = tuple(input_shape) if input_shape else data.shape
        self.mean, self.std = mean_std or normalization(data.train_x)
        torch.manual_seed(cfg.seed)
        if model is None:
            from explorer.zoo.registry import get

            hp, shape = resolve_model(cfg, len(data.classes))
            model = get(cfg.architecture).builder(**hp)
        self.model = model.to(self.plan.device)
        if self.plan.channels_last:
            self.model = self.model.to(memory_format=torch.channels_last)
        kw = dict(batch_size=cfg.batch_size, mean=self.mean, std=self.std, device=self.plan.device,
                  channels_last=self.plan.channels_last, target=shape)
        self.train_batches = Batches(data.train_x, data.train_y, augmentation=cfg.augmentation, **kw)
        self.val_batches = Batches(data.val_x, data.val_y, **{**kw, "batch_size": max(256, cfg.batch_size * 2)})
        self.steps_per_epoch = len(self.train_batches)
        self.total_steps = cfg.epochs * self.steps_per_epoch
        if cfg.max_steps:
            self.total_steps = min(self.total_steps, cfg.max_steps)
        self.epochs = math.ceil(self.total_steps / self.steps_per_epoch)
        self.optimizer = self._optimizer()
        self.scheduler = Scheduler(cfg.schedule, base_lr=cfg.lr, total_steps=self.total_steps, step_size=cfg.step_size,
                                   gamma=cfg.gamma, patience=cfg.patience, factor=cfg.factor)
        self.scaler = torch.amp.GradScaler(self.plan.device.type) if self.plan.scaler else None
        self.conv = first_conv(self.model)
        self.summary: dict[str, Any] = {"device": self.plan.describe(), "total_steps": self.total_steps,
                                        "steps_per_epoch": self.steps_per_epoch, "epochs": self.epochs, "step": 0}

    def _optimizer(self) -> torch.optim.Optimizer:
        c, params = self.cfg, self.model.parameters()
        if c.optimizer == "sgd":
            return torch.optim.SGD(params, lr=c.lr, momentum=c.momentum, weight_decay=c.weight_decay)
        if c.optimizer == "adam":
            return torch.optim.Adam(params, lr=c.lr, weight_decay=c.weight_decay)
        return torch.optim.AdamW(params, lr=c.lr, weight_decay=c.weight_decay)

    def _autocast(self) -> contextlib.AbstractContextManager:
        if self.plan.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.plan.device.type, dtype=self.plan.amp_dtype)

    def _loss(self, out: Any, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if isinstance(out, tuple):  # GoogLeNet with auxiliary classifiers, in training mode
            main, *aux = out
            loss = F.cross_entropy(main, y) + AUX_WEIGHT * sum(F.cross_entropy(a, y) for a in aux if a is not None)
            return loss, main
        return F.cross_entropy(out, y), out

    def _state(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().to("cpu", copy=True).contiguous() for k, v in self.model.state_dict().items()}

    def _filters(self) -> np.ndarray | None:
        return self.conv.weight.detach().float().cpu().numpy() if self.conv is not None else None

    # -- evaluation --

    @torch.inference_mode()
    def evaluate(self, *, keep_predictions: bool = False) -> dict[str, Any]:
        """Validation loss and accuracy; with ``keep_predictions`` also predictions and confidences."""
        self.model.eval()
        total = correct = 0
        loss_sum = torch.zeros((), device=self.plan.device, dtype=torch.float64)
        preds, confs = [], []
        for x, y in self.val_batches.epoch(None):
            with self._autocast():
                out = self.model(x)
            out = out[0] if isinstance(out, tuple) else out
            out = out.float()
            loss_sum += F.cross_entropy(out, y, reduction="sum").double()
            p = out.argmax(1)
            correct += int((p == y).sum())
            total += len(y)
            if keep_predictions:
                preds.append(p.cpu())
                confs.append(out.softmax(1).amax(1).cpu())
        self.model.train()
        result: dict[str, Any] = {"loss": float(loss_sum) / max(1, total), "acc": correct / max(1, total), "count": total}
        if keep_predictions:
            result["pred"] = torch.cat(preds) if preds else torch.zeros(0, dtype=torch.long)
            result["conf"] = torch.cat(confs) if confs else torch.zeros(0)
        return result

    def final_evaluation(self) -> dict[str, Any]:
        """Confusion matrix and the most confident mistakes (with their images) on the validation set."""
        ev = self.evaluate(keep_predictions=True)
        y = self.data.val_y[: len(ev["pred"])].cpu()
        k = len(self.data.classes)
        confusion = torch.bincount(y * k + ev["pred"], minlength=k * k).reshape(k, k)
        wrong = (ev["pred"] != y).nonzero().flatten()
        order = wrong[ev["conf"][wrong].argsort(descending=True)][:MISCLASSIFIED_KEPT]
        result = {
            "val_loss": ev["loss"], "val_acc": ev["acc"], "count": ev["count"],
            "classes": list(self.data.classes), "confusion": confusion.tolist(),
            "misclassified": [{"index": int(i), "true": int(y[i]), "pred": int(ev["pred"][i]), "confidence": round(float(ev["conf"][i]), 4)} for i in order],
        }
        images = self.data.val_x[order].cpu().numpy() if len(order) else np.zeros((0, *self.data.shape), np.uint8)
        n = min(SAMPLES_KEPT, len(ev["pred"]))  # the first validation images, right or wrong, as they are stored
        result["samples"] = [{"index": i, "true": int(y[i]), "pred": int(ev["pred"][i]), "confidence": round(float(ev["conf"][i]), 4)}
                             for i in range(n)]
        self.reporter.samples(self.data.val_x[:n].cpu().numpy())
        self.reporter.evaluation(result, images)
        return result

    # -- the loop --

    def fit(self) -> Outcome:
        """Train until the configured steps are done, a stop is requested, or the run fails; never raises for those."""
        try:
            return self._fit()
        except _Diverged as d:
            lr = self.optimizer.param_groups[0]["lr"]
            return Outcome("diverged", d.note, suggestion=Note(
                N_("The learning rate {lr:.3g} is probably too high for this model and optimizer: try {lower:.3g} (10× lower), a schedule that warms up (one-cycle), or a model with batch normalization."), lr=lr, lower=lr / 10,
            ), summary=self.summary)
        except Exception as err:  # noqa: BLE001  out of memory is recognised by type and message
            if not is_out_of_memory(err):
                raise
            if self.plan.device.type == "cuda":
                torch.cuda.empty_cache()
            b, device = self.cfg.batch_size, self.plan.device.type.upper()
            message = Note(N_("Ran out of memory on {device} with batch size {batch}."), device=device, batch=b)
            if self.plan.device.type == "cuda" and self.plan.amp_dtype is None:
                hint = Note(N_("Lower the batch size (try {half}) or the input size, or turn mixed precision on."), half=max(1, b // 2))
            else:
                hint = Note(N_("Lower the batch size (try {half}) or the input size."),
                            half=max(1, b // 2))
            return Outcome("out_of_memory", message, suggestion=hint, summary=self.summary)

    def _fit(self) -> Outcome:
        """Begin (or resume), then per epoch: train on every batch, validate; each step may end the run."""
        p = self._begin()
        for epoch in range(p.epoch, self.epochs):
            ended = self._train_epoch(p, epoch) or self._validate(p, epoch)
            if ended is not None:
                return ended
        finished = Note(NN_("Finished {steps} steps ({epochs} epoch).", "Finished {steps} steps ({epochs} epochs).", "epochs"),
                        steps=p.step, epochs=self.epochs)
        return self._end("finished", finished, p)

    # -- the loop's steps --

    def _begin(self) -> _Place:
        """Where training starts: from the reporter's checkpoint when it has one, else at step 0 (saving the first filters)."""
        p = _Place()
        ckpt = self.reporter.load_checkpoint()
        if ckpt is not None:
            self.model.load_state_dict(ckpt["model"])
            self.optimizer.load_state_dict(ckpt["optimizer"])
            self.scheduler.load_state_dict(ckpt["scheduler"])
            if self.scaler is not None and ckpt.get("scaler"):
                self.scaler.load_state_dict(ckpt["scaler"])
            torch.set_rng_state(ckpt["rng"])
            p = _Place(step=ckpt["step"], epoch=ckpt["epoch"], batch=ckpt["batch"], generator=ckpt.get("generator"),
                       best_acc=ckpt.get("best_acc", -1.0), train_time=ckpt.get("train_time", 0.0), images=ckpt.get("images", 0),
                       start_loss=ckpt.get("start_loss"))
            p.t_start = time.perf_counter() - ckpt.get("elapsed", 0.0)
            self.reporter.log(f"Resumed at step {p.step} (epoch {p.epoch}, batch {p.batch}).")
        else:
            filters = self._filters()
            if filters is not None:
                self.reporter.filters(filters, initial=True)
        self.model.train()
        self.summary.update(step=p.step)
        self.reporter.progress(phase="training", step=p.step, total_steps=self.total_steps, epoch=p.epoch, epochs=self.epochs)
        return p

    def _train_epoch(self, p: _Place, epoch: int) -> Outcome | None:
        """One epoch's steps (from ``p.batch`` on a resume); an Outcome when a stop or the operator's budget ends the run."""
        g = epoch_generator(self.cfg.seed, epoch)
        resuming = epoch == p.epoch and p.batch > 0
        batches = self.train_batches.epoch(g, start=p.batch if resuming else 0, state=p.generator if resuming else None)
        if not resuming:
            p.batch = 0
        window = _Window(self.plan.device)
        for x, y in batches:
            lr = self._step(x, y, epoch, p.step, window)
            p.step += 1
            p.batch += 1
            end_of_epoch = p.batch == self.steps_per_epoch
            done = p.step >= self.total_steps
            stop = self.reporter.should_stop(p.step)
            over = self._over_budget(p)
            if p.step == 1 or p.step % self.cfg.log_every == 0 or end_of_epoch or done or stop or over:
                self._log_window(p, epoch, window, lr, end_of_epoch=end_of_epoch, done=done)
            if over and not done:
                return self._end("stopped", over, p, resumable=False)
            if stop and not done and not end_of_epoch:
                self._checkpoint(p, epoch, p.batch, g)
                return self._end("stopped", Note(N_("Stopped at step {step} of {total} (epoch {epoch})."), step=p.step, total=self.total_steps, epoch=epoch + 1), p)
            if done:
                break
        p.generator = None
        return None

    def _step(self, x: torch.Tensor, y: torch.Tensor, epoch: int, step: int, window: _Window) -> float:
        """One optimizer step: zero_grad, forward, loss, backward, step; adds the batch to ``window``; returns the lr used."""
        lr = self.scheduler.lr(epoch, step)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        self.optimizer.zero_grad(set_to_none=True)
        with self._autocast():
            loss, logits = self._loss(self.model(x), y)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            loss.backward()
            self.optimizer.step()
        window.add(loss, logits, y)
        return lr

    def _log_window(self, p: _Place, epoch: int, window: _Window, lr: float, *, end_of_epoch: bool, done: bool) -> None:
        """Read the window's loss and accuracy (one device sync), check for divergence, report a train record."""
        now = time.perf_counter()
        seconds = now - window.t0
        p.train_time += seconds
        p.images += window.seen
        avg_loss, acc = window.read()
        self._check_training_loss(p, avg_loss, epoch)
        step_rate = window.steps / max(seconds, 1e-9)
        p.rate = step_rate if p.rate is None else 0.7 * p.rate + 0.3 * step_rate
        eta = (self.total_steps - p.step) / p.rate + p.val_time * (self.epochs - epoch - (1 if end_of_epoch else 0))
        record = {
            "kind": "train", "step": p.step, "epoch": round(epoch + p.batch / self.steps_per_epoch, 4),
            "loss": avg_loss, "acc": acc, "lr": lr,
            "images_per_s": round(window.seen / max(seconds, 1e-9), 1), "eta_s": round(eta, 1),
            "elapsed_s": round(now - p.t_start, 3),
        }
        if self.plan.device.type == "cuda":
            record["gpu_mem_mb"] = round(torch.cuda.max_memory_allocated(self.plan.device) / 2**20, 1)
        self.reporter.metric(record)
        self.reporter.progress(phase="training", step=p.step, total_steps=self.total_steps, epoch=epoch, epochs=self.epochs,
                               eta_s=record["eta_s"], images_per_s=record["images_per_s"])
        self.summary.update(final_train_loss=avg_loss, final_train_acc=acc, step=p.step)
        if now - p.last_filters >= 1.0 or end_of_epoch or done:
            filters = self._filters()
            if filters is not None:
                self.reporter.filters(filters)
            p.last_filters = now
        window.reset()

    def _check_training_loss(self, p: _Place, loss: float, epoch: int) -> None:
        """Raise :class:`_Diverged` for a loss that is NaN or infinite, or that rose far above where training started.

        The start is the first window's loss, and at least ln(classes) (a model that guesses evenly): a loss
        :data:`DIVERGED_FACTOR` times that has left learning behind, even when it stays finite.
        """
        if not math.isfinite(loss):
            raise _Diverged(Note(N_("The training loss became {loss} at step {step} (epoch {epoch})."), loss=loss, step=p.step, epoch=epoch + 1))
        if p.start_loss is None:
            p.start_loss = max(loss, math.log(max(2, len(self.data.classes))))
        start, factor = p.start_loss, DIVERGED_FACTOR
        # A spike is not a divergence: a deep plain network's loss leaps and comes back in its first steps (the
        # degradation lab). Far above the start for DIVERGED_WINDOWS logged windows in a row is.
        p.high_windows = p.high_windows + 1 if loss > factor * start else 0
        if p.high_windows >= DIVERGED_WINDOWS:
            raise _Diverged(Note(N_("The training loss rose to {loss:.4g} at step {step} (epoch {epoch}), more than {factor} times where it started ({start:.3g})."), loss=loss, step=p.step, epoch=epoch + 1, factor=factor, start=start))

    def _over_budget(self, p: _Place) -> Note | None:
        """The operator's limit that ends the run now (its steps, or its seconds, resumes included), if any."""
        if self.budget_steps is not None and p.step >= self.budget_steps:
            return Note(N_("Stopped at the operator's limit of {limit} steps (step {step} of {total})."), limit=self.budget_steps, step=p.step, total=self.total_steps)
        if self.budget_seconds is not None and time.perf_counter() - p.t_start >= self.budget_seconds:
            return Note(N_("Stopped at the operator's limit of {limit} s (step {step} of {total})."), limit=self.budget_seconds, step=p.step, total=self.total_steps)
        return None

    def _validate(self, p: _Place, epoch: int) -> Outcome | None:
        """Validation once an epoch (and at the end of a run cut short by max_steps); checkpoint; a stop may end the run."""
        t_val = time.perf_counter()
        ev = self.evaluate()
        p.val_time = time.perf_counter() - t_val
        self._check_validation(p, ev, epoch)
        self._val_record(p, ev, epoch + 1)
        note = self.scheduler.end_epoch(ev["loss"])
        if note:
            self.reporter.log(note)
        if ev["acc"] > p.best_acc:
            p.best_acc = ev["acc"]
            self.reporter.weights(self._state(), "best")
        self.summary["best_val_acc"] = p.best_acc
        self.reporter.log(f"Epoch {epoch + 1}/{self.epochs}: validation loss {ev['loss']:.4f}, accuracy {ev['acc']:.2%}.")
        if p.step < self.total_steps:
            self._checkpoint(p, epoch + 1, 0, None)
            if self.reporter.should_stop(p.step):
                return self._end("stopped", Note(N_("Stopped after epoch {epoch} (step {step} of {total})."), epoch=epoch + 1, step=p.step, total=self.total_steps), p)
        return None

    def _check_validation(self, p: _Place, ev: dict[str, Any], epoch: int) -> None:
        """Raise :class:`_Diverged` for a validation loss that is not finite, or for a model that after an epoch
        guesses no better than chance while its loss is far above where training started."""
        loss, acc, k = ev["loss"], ev["acc"], max(2, len(self.data.classes))
        if not math.isfinite(loss):
            raise _Diverged(Note(N_("The validation loss became {loss} after epoch {epoch}."),
                                 loss=loss, epoch=epoch + 1))
        start = p.start_loss if p.start_loss is not None else math.log(k)
        whole_epoch = p.step >= self.steps_per_epoch  # a run cut short before one epoch (a lab's 10 steps) has not had its chance
        if whole_epoch and acc <= 1 / k + CHANCE_MARGIN and loss > CHANCE_LOSS_FACTOR * start:
            raise _Diverged(Note(N_("After epoch {epoch} the validation accuracy is {acc:.1%}, no better than guessing among {classes} classes, and the validation loss {loss:.4g} is far above where training started ({start:.3g})."), epoch=epoch + 1, acc=acc, classes=k, loss=loss, start=start))

    def _val_record(self, p: _Place, ev: dict[str, Any], epoch: float, *, final: bool = False) -> None:
        """A validation record; ``final`` marks one taken where the run ended between epochs (a resume drops it)."""
        record = {"kind": "val", "step": p.step, "epoch": epoch, "loss": ev["loss"], "acc": ev["acc"],
                  "lr": self.optimizer.param_groups[0]["lr"], "elapsed_s": round(time.perf_counter() - p.t_start, 3)}
        self.reporter.metric({**record, "final": True} if final else record)
        self.summary.update(final_val_loss=ev["loss"], final_val_acc=ev["acc"])
        p.val_step = p.step

    def _checkpoint(self, p: _Place, epoch: int, batch: int, g: torch.Generator | None) -> None:
        """Everything a resume needs to continue exactly: weights, optimizer, schedule, random states, where it was."""
        self.reporter.checkpoint({
            "model": self._state(), "optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict(),
            "scaler": self.scaler.state_dict() if self.scaler is not None else None, "rng": torch.get_rng_state(),
            "step": p.step, "epoch": epoch, "batch": batch, "generator": g.get_state() if g is not None else None,
            "best_acc": p.best_acc, "elapsed": time.perf_counter() - p.t_start, "train_time": p.train_time, "images": p.images,
            "start_loss": p.start_loss,
        })

    def _end(self, status: str, message: Note, p: _Place, *, resumable: bool = True) -> Outcome:
        """Final weights and evaluation, the summary, and how the run ended.

        A run that ends between validations (a stop, the operator's limit) gets a validation record at its
        last step from the final evaluation: its accuracy card, curve and confusion matrix then agree.
        """
        self.reporter.weights(self._state(), "final")
        if self.summary.get("step", 0) > 0 and len(self.data.val_y):
            ev = self.final_evaluation()
            if p.val_step != p.step:
                epoch = round(p.step / self.steps_per_epoch, 4)
                self._val_record(p, {"loss": ev["val_loss"], "acc": ev["val_acc"]}, epoch, final=True)
        self.summary.update(elapsed_s=round(time.perf_counter() - p.t_start, 3),
                            images_per_s=round(p.images / p.train_time, 1) if p.train_time > 0 else None)
        return Outcome(status, message, summary=self.summary, resumable=resumable)

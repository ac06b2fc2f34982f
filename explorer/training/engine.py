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
* a loss that becomes NaN or infinite ends the run as ``diverged``; running out
  of memory ends it as ``out_of_memory``; both with a suggestion;
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from explorer.errors import ExplorerError
from explorer.notes import Note
from explorer.training.config import TrainConfig
from explorer.training.datasets import Data, normalization
from explorer.training.loader import Batches, epoch_generator
from explorer.training.schedules import Scheduler

AUX_WEIGHT = 0.3  # GoogLeNet's auxiliary classifiers' loss weight (Szegedy et al. 2014 §6)
MISCLASSIFIED_KEPT = 36


# --- device ---------------------------------------------------------------------------------

THREADS_ENV = "EXPLORER_TORCH_THREADS"


def cpu_threads() -> int:
    """Threads for PyTorch's CPU kernels: ``$EXPLORER_TORCH_THREADS``, else all cores but one.

    One core is left to the web server and the browser. On a small machine this
    matters more than the core it costs: PyTorch's threads spin while they
    wait for each other, and when another process holds a core they wait a
    lot. On the shared 2-core machines LeNet-5 ran from 1.8× faster to 5×
    slower with 2 threads than with 1, and slower on median (bench/training.py).
    """
    try:
        return max(1, int(os.environ[THREADS_ENV]))
    except (KeyError, ValueError):
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
        raise ExplorerError("This machine has no CUDA GPU that PyTorch can use; choose the device 'auto' or 'cpu'.", key="device.no_cuda")
    if name == "mps" and not mps:
        raise ExplorerError(
            "This machine has no Apple GPU (MPS) that PyTorch can use; choose the device 'auto' or 'cpu'.", key="device.no_mps"
        )
    if name not in ("cpu", "cuda", "mps"):
        raise ExplorerError(f"Unknown device {name!r}: use auto, cpu, cuda or mps.", key="device.unknown", name=name)
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
            f"{arch.name} has no num_classes hyperparameter, so it cannot be trained on a classification dataset.",
            key="train.no_num_classes", arch=arch.name,
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
    ) -> None:
        self.cfg = cfg
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
                f"The learning rate {lr:.3g} is probably too high for this model and optimizer: try {lr / 10:.3g} "
                "(10× lower), a schedule that warms up (one-cycle), or a model with batch normalization.",
                key="train.diverged_hint", lr=lr, lower=lr / 10,
            ), summary=self.summary)
        except Exception as err:  # noqa: BLE001  out of memory is recognised by type and message
            if not is_out_of_memory(err):
                raise
            if self.plan.device.type == "cuda":
                torch.cuda.empty_cache()
            b, device = self.cfg.batch_size, self.plan.device.type.upper()
            message = Note(f"Ran out of memory on {device} with batch size {b}.", key="train.out_of_memory", device=device, batch=b)
            if self.plan.device.type == "cuda" and self.plan.amp_dtype is None:
                hint = Note(f"Lower the batch size (try {max(1, b // 2)}) or the input size, or turn mixed precision on.",
                            key="train.out_of_memory_hint_amp", half=max(1, b // 2))
            else:
                hint = Note(f"Lower the batch size (try {max(1, b // 2)}) or the input size.", key="train.out_of_memory_hint",
                            half=max(1, b // 2))
            return Outcome("out_of_memory", message, suggestion=hint, summary=self.summary)

    def _fit(self) -> Outcome:
        cfg, rep, model = self.cfg, self.reporter, self.model
        step, start_epoch, start_batch, gen_state = 0, 0, 0, None
        best_acc, elapsed0, train_time0, images0 = -1.0, 0.0, 0.0, 0
        ckpt = rep.load_checkpoint()
        if ckpt is not None:
            model.load_state_dict(ckpt["model"])
            self.optimizer.load_state_dict(ckpt["optimizer"])
            self.scheduler.load_state_dict(ckpt["scheduler"])
            if self.scaler is not None and ckpt.get("scaler"):
                self.scaler.load_state_dict(ckpt["scaler"])
            torch.set_rng_state(ckpt["rng"])
            step, start_epoch, start_batch = ckpt["step"], ckpt["epoch"], ckpt["batch"]
            gen_state, best_acc = ckpt.get("generator"), ckpt.get("best_acc", -1.0)
            elapsed0, train_time0, images0 = ckpt.get("elapsed", 0.0), ckpt.get("train_time", 0.0), ckpt.get("images", 0)
            rep.log(f"Resumed at step {step} (epoch {start_epoch}, batch {start_batch}).")
        else:
            filters = self._filters()
            if filters is not None:
                rep.filters(filters, initial=True)
        model.train()
        t_start = time.perf_counter() - elapsed0
        train_time, images = train_time0, images0  # time and images spent in training steps (not validation)
        last_filters = 0.0
        val_time = 0.0
        rate = None  # steps per second, smoothed
        self.summary.update(step=step)
        rep.progress(phase="training", step=step, total_steps=self.total_steps, epoch=start_epoch, epochs=self.epochs)

        def checkpoint(epoch: int, batch: int, g: torch.Generator | None) -> None:
            rep.checkpoint({
                "model": self._state(), "optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict(),
                "scaler": self.scaler.state_dict() if self.scaler is not None else None, "rng": torch.get_rng_state(),
                "step": step, "epoch": epoch, "batch": batch, "generator": g.get_state() if g is not None else None,
                "best_acc": best_acc, "elapsed": time.perf_counter() - t_start, "train_time": train_time, "images": images,
            })

        for epoch in range(start_epoch, self.epochs):
            g = epoch_generator(cfg.seed, epoch)
            first = start_batch if epoch == start_epoch else 0
            batches = self.train_batches.epoch(g, start=first, state=gen_state if epoch == start_epoch and first else None)
            loss_sum = torch.zeros((), device=self.plan.device)
            correct = torch.zeros((), device=self.plan.device, dtype=torch.long)
            seen = 0
            t_window = time.perf_counter()
            window_steps = 0
            batch = first
            for x, y in batches:
                lr = self.scheduler.lr(epoch, step)
                for group in self.optimizer.param_groups:
                    group["lr"] = lr
                self.optimizer.zero_grad(set_to_none=True)
                with self._autocast():
                    loss, logits = self._loss(model(x), y)
                if self.scaler is not None:
                    self.scaler.scale(loss).backward()
                    self.scaler.step(self.optimizer)
                    self.scaler.update()
                else:
                    loss.backward()
                    self.optimizer.step()
                loss_sum += loss.detach().float() * len(y)
                correct += (logits.detach().argmax(1) == y).sum()
                seen += len(y)
                step += 1
                batch += 1
                window_steps += 1
                end_of_epoch = batch == self.steps_per_epoch
                done = step >= self.total_steps
                stop = rep.should_stop(step)
                if step == 1 or step % cfg.log_every == 0 or end_of_epoch or done or stop:
                    now = time.perf_counter()
                    window = now - t_window
                    train_time += window
                    images += seen
                    avg_loss = float(loss_sum) / seen
                    if not math.isfinite(avg_loss):
                        raise _Diverged(Note(f"The training loss became {avg_loss} at step {step} (epoch {epoch + 1}).",
                                             key="train.diverged_train", loss=avg_loss, step=step, epoch=epoch + 1))
                    step_rate = window_steps / max(window, 1e-9)
                    rate = step_rate if rate is None else 0.7 * rate + 0.3 * step_rate
                    remaining = self.total_steps - step
                    eta = remaining / rate + val_time * (self.epochs - epoch - (1 if end_of_epoch else 0))
                    record = {
                        "kind": "train", "step": step, "epoch": round(epoch + batch / self.steps_per_epoch, 4),
                        "loss": avg_loss, "acc": int(correct) / seen, "lr": lr,
                        "images_per_s": round(seen / max(window, 1e-9), 1), "eta_s": round(eta, 1),
                        "elapsed_s": round(now - t_start, 3),
                    }
                    if self.plan.device.type == "cuda":
                        record["gpu_mem_mb"] = round(torch.cuda.max_memory_allocated(self.plan.device) / 2**20, 1)
                    rep.metric(record)
                    rep.progress(phase="training", step=step, total_steps=self.total_steps, epoch=epoch, epochs=self.epochs,
                                 eta_s=record["eta_s"], images_per_s=record["images_per_s"])
                    self.summary.update(final_train_loss=avg_loss, final_train_acc=record["acc"], step=step)
                    if now - last_filters >= 1.0 or end_of_epoch or done:
                        filters = self._filters()
                        if filters is not None:
                            rep.filters(filters)
                        last_filters = now
                    loss_sum.zero_()
                    correct.zero_()
                    seen = window_steps = 0
                    t_window = time.perf_counter()
                if stop and not done and not end_of_epoch:
                    checkpoint(epoch, batch, g)
                    return self._end("stopped", Note(f"Stopped at step {step} of {self.total_steps} (epoch {epoch + 1}).",
                                                     key="train.stopped_at", step=step, total=self.total_steps, epoch=epoch + 1),
                                     t_start, train_time, images)
                if done:
                    break
            # validation, once an epoch (and at the end of a run cut short by max_steps)
            t_val = time.perf_counter()
            ev = self.evaluate()
            val_time = time.perf_counter() - t_val
            if not math.isfinite(ev["loss"]):
                raise _Diverged(Note(f"The validation loss became {ev['loss']} after epoch {epoch + 1}.", key="train.diverged_val",
                                     loss=ev["loss"], epoch=epoch + 1))
            rep.metric({"kind": "val", "step": step, "epoch": epoch + 1, "loss": ev["loss"], "acc": ev["acc"],
                        "lr": self.optimizer.param_groups[0]["lr"], "elapsed_s": round(time.perf_counter() - t_start, 3)})
            self.summary.update(final_val_loss=ev["loss"], final_val_acc=ev["acc"])
            note = self.scheduler.end_epoch(ev["loss"])
            if note:
                rep.log(note)
            if ev["acc"] > best_acc:
                best_acc = ev["acc"]
                rep.weights(self._state(), "best")
            self.summary["best_val_acc"] = best_acc
            gen_state = None
            rep.log(f"Epoch {epoch + 1}/{self.epochs}: validation loss {ev['loss']:.4f}, accuracy {ev['acc']:.2%}.")
            if step < self.total_steps:
                checkpoint(epoch + 1, 0, None)
                if rep.should_stop(step):
                    return self._end("stopped", Note(f"Stopped after epoch {epoch + 1} (step {step} of {self.total_steps}).",
                                                     key="train.stopped_after", epoch=epoch + 1, step=step, total=self.total_steps),
                                     t_start, train_time, images)
        if self.epochs > 1:
            finished = Note(f"Finished {step} steps ({self.epochs} epochs).", key="train.finished", steps=step, epochs=self.epochs)
        else:
            finished = Note(f"Finished {step} steps (1 epoch).", key="train.finished_one_epoch", steps=step)
        return self._end("finished", finished, t_start, train_time, images)

    def _end(self, status: str, message: Note, t_start: float, train_time: float, images: int) -> Outcome:
        self.reporter.weights(self._state(), "final")
        if self.summary.get("step", 0) > 0 and len(self.data.val_y):
            ev = self.final_evaluation()
            self.summary.setdefault("final_val_acc", ev["val_acc"])
            self.summary.setdefault("final_val_loss", ev["val_loss"])
        self.summary.update(elapsed_s=round(time.perf_counter() - t_start, 3),
                            images_per_s=round(images / train_time, 1) if train_time > 0 else None)
        return Outcome(status, message, summary=self.summary)


def batches_of(data: Data, cfg: TrainConfig, device: torch.device) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """One shuffled epoch of ``data`` as the trainer would see it (for notebooks and tests)."""
    mean, std = normalization(data.train_x)
    return Batches(data.train_x, data.train_y, batch_size=cfg.batch_size, mean=mean, std=std, device=device,
                   augmentation=cfg.augmentation).epoch(epoch_generator(cfg.seed, 0))

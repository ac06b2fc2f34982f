"""The work budget: what a request would cost, asked of the analysis before anything is allocated.

:func:`analyze` runs on meta tensors, so its :class:`~explorer.analysis.Report`
is free even for VGG-16 at 8192×8192. :func:`cost` turns a report into a
:class:`Cost` — parameters, weight bytes, the bytes of a forward pass that
keeps every layer's output (the Inside page's feature maps), the extra of one
backward pass (Grad-CAM, saliency, the effective receptive field) and the
working memory of a training step — and :func:`check` compares it with the
operator's limits (:func:`explorer.settings.settings`), raising
:class:`OverBudget` with the limit, the cost and what fits ("VGG-16 at
4096×4096 needs 12.3 GB of activations; this server allows 1.5 GB:
1024×1024 fits"). What fits is found by asking the analysis again (cheap, on
meta) for smaller inputs or batches.

The arithmetic is a deliberate upper bound, checked against real allocations
in tests/test_budget.py (every tensor storage PyTorch creates during the pass,
tracked at the dispatcher, and the process's peak resident memory):

* forward (Inside): :class:`explorer.inside.features.Activations` keeps a
  copy of *every* module call's output, containers and in-place layers
  included, so the kept bytes are the sum over all records' output shapes;
  the pass itself holds the input, its copy and a few layer outputs at a time
  (a residual block's identity, a convolution's scratch): twice the largest
  output on top.
* backward (Inside): autograd saves each layer's input (the previous
  non-in-place output: the report's ``activation_bytes``), max pooling its
  indices as int64 (twice the float32 output), and the backward pass holds
  the gradients of a few outputs at a time: twice the saved bytes plus four
  of the largest output.
* training: the batch times the backward's figure with BatchNorm in training
  mode, plus the weights' gradients, the optimizer's state (Adam keeps two
  moments, SGD with momentum one) and the temporaries of its step (measured:
  1.6 times the weights for Adam's foreach kernels; 2 are counted).

Measured (tests/test_budget.py, six architectures at small inputs): the
forward estimate is 1.2–1.4 times the real peak, the backward's 2–3 times, a
training step's 1.3–2.9 times; ResNet-18 at 384×384 on Inside grows a fresh
process's resident memory by 209 MB against an estimate of 298 MB.

:func:`memory_guard` is the one place where an allocation failure that still
happens (the estimate is per request; another user may have taken the memory)
becomes :class:`OutOfMemory`, with the memory given back.
"""

from __future__ import annotations

import gc
import math
import traceback
from dataclasses import dataclass
from typing import Literal

import torch

from explorer.analysis.records import Report
from explorer.errors import ExplorerError, OverBudget  # noqa: F401 - OverBudget is raised here and caught as budget.OverBudget
from explorer.settings import Settings, settings
from explorer.i18n import N_

ELEMENT_BYTES = 4  # float32
_INPUT_HPARAMS = ("in_channels", "input_size")  # follow the input shape (see engine.bind_input)
_OPTIMIZER_STATES = {"adam": 2, "adamw": 2, "sgd": 1}  # tensors of the weights' size kept per parameter
_OPTIMIZER_TEMPORARIES = 2  # the step's temporaries (PyTorch's foreach kernels), in weights' sizes: measured 1.6 for Adam


class OutOfMemory(ExplorerError):
    """An allocation that failed anyway (the memory is given back before this is raised)."""


def format_bytes(n: int | float) -> str:
    """``12_345_678_901`` → ``"12.3 GB"`` (decimal units, one decimal; bytes below 1 kB)."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{int(n)} bytes"


def _side(shape: tuple[int, int, int]) -> str:
    return f"{shape[1]}×{shape[2]}"


@dataclass(frozen=True)
class Cost:
    """What one model at one input costs, in bytes of float32 (see the module's docstring for the arithmetic).

    Attributes:
        title, architecture: for messages.
        input_shape: (C, H, W) of one sample; input_pixels: H × W.
        params: parameters; weight_bytes: parameters and buffers (BatchNorm statistics).
        forward_bytes: one image's forward pass keeping every layer's output (Inside's feature maps).
        backward_bytes: the extra of one backward pass for one image (Grad-CAM, saliency, receptive fields).
        train_sample_bytes: a training step's forward and backward, per sample of the batch.
    """

    title: str
    architecture: str
    input_shape: tuple[int, int, int]
    input_pixels: int
    params: int
    weight_bytes: int
    forward_bytes: int
    backward_bytes: int
    train_sample_bytes: int

    @property
    def inside_bytes(self) -> int:
        """The Inside page: the kept feature maps and one backward pass (both may be alive at once)."""
        return self.forward_bytes + self.backward_bytes

    def optimizer_bytes(self, optimizer: str = "adam") -> int:
        """The weights' gradients, the optimizer's state and its step's temporaries."""
        return self.weight_bytes * (1 + _OPTIMIZER_STATES.get(optimizer, 2) + _OPTIMIZER_TEMPORARIES)

    def training_bytes(self, batch: int, optimizer: str = "adam") -> int:
        """A training step for ``batch`` samples: activations and their gradients, weight gradients, optimizer state."""
        return batch * self.train_sample_bytes + self.optimizer_bytes(optimizer)


def cost(report: Report) -> Cost:
    """The cost of ``report``'s model at its input (free: the report was computed on meta tensors)."""
    c, h, w = report.input_shape
    input_bytes = c * h * w * ELEMENT_BYTES
    every = 0  # every module call's output, containers and in-place layers included
    largest = input_bytes
    indices = 0  # max pooling's int64 indices, saved for its backward
    for r in report.layers:
        if r.output_shape is None:
            continue
        out = math.prod(r.output_shape) * ELEMENT_BYTES
        every += out
        if r.is_leaf:
            largest = max(largest, out)
            if "MaxPool" in r.type:
                indices += 2 * out
    saved = report.activation_bytes + indices + input_bytes
    forward = every + 2 * input_bytes + 2 * largest
    backward = 2 * saved + 4 * largest
    # Training: BatchNorm in training mode saves its statistics too; the same bound holds (see tests).
    train = 2 * saved + 4 * largest
    return Cost(
        title=report.title,
        architecture=report.architecture,
        input_shape=report.input_shape,
        input_pixels=h * w,
        params=report.total_params,
        weight_bytes=report.param_bytes + (report.keras_total_params - report.total_params) * ELEMENT_BYTES,
        forward_bytes=forward,
        backward_bytes=backward,
        train_sample_bytes=train,
    )


def check(
    report: Report,
    *,
    purpose: Literal["inside", "train", "inference"] = "inside",
    batch: int = 1,
    optimizer: str = "adam",
    limits: Settings | None = None,
) -> Cost:
    """Refuse what exceeds the operator's budget before anything is allocated; return the cost otherwise.

    Args:
        report: the analysis of the model at its input (by architecture name, for what fits to be found).
        purpose: ``"inside"`` (real weights, one image, feature maps and a backward pass),
            ``"train"`` (real weights, a training step for ``batch`` samples with ``optimizer``) or
            ``"inference"`` (real weights, a forward pass of ``batch`` samples: the chooser's latency).
        limits: default :func:`explorer.settings.settings`.

    Raises:
        OverBudget: naming the limit, the cost and what fits.
    """
    lim = limits or settings()
    cst = cost(report)
    c, h, w = report.input_shape
    size = _side(report.input_shape)
    if max(h, w) > lim.max_input_side or c > lim.max_channels:
        raise OverBudget(
            N_("The input {shape} is too large: this server allows at most {max_channels} channels and {max_side}×{max_side} pixels."), shape=f"{c}×{h}×{w}", max_channels=lim.max_channels, max_side=lim.max_input_side,
        )
    activations = {"train": lambda k: k.training_bytes(1, optimizer), "inference": lambda k: k.forward_bytes}.get(
        purpose, lambda k: k.inside_bytes)
    sized_by_input = "input_size" in report.hyperparameters  # its classifier shrinks with the input
    if cst.params > lim.max_params:
        fits = _fits_text(_largest_side(report, activations, lim)) if sized_by_input else None
        if fits:
            raise OverBudget(N_("{title} has {params} parameters; this server builds models of at most {limit}: {fits} fits."),
                             title=cst.title, params=f"{cst.params:,}", limit=f"{lim.max_params:,}", fits=fits)
        raise OverBudget(N_("{title} has {params} parameters; this server builds models of at most {limit}: make it smaller (fewer channels, layers or classes)."),
                         title=cst.title, params=f"{cst.params:,}", limit=f"{lim.max_params:,}")
    if cst.weight_bytes > lim.max_weight_bytes:
        fits = _fits_text(_largest_side(report, activations, lim)) if sized_by_input else None
        weights, limit = format_bytes(cst.weight_bytes), format_bytes(lim.max_weight_bytes)
        if fits:
            raise OverBudget(N_("{title} needs {cost} of weights; this server allows {limit}: {fits} fits."), title=cst.title, cost=weights, limit=limit, fits=fits)
        raise OverBudget(N_("{title} needs {cost} of weights; this server allows {limit}: make it smaller (fewer channels, layers or classes)."),
                         title=cst.title, cost=weights, limit=limit)
    limit = format_bytes(lim.max_activation_bytes)
    if purpose in ("train", "inference") and batch > lim.max_batch:
        raise OverBudget(
            N_("A batch of {batch} is more than this server allows ({limit}): use a smaller batch."), batch=batch, limit=lim.max_batch,
        )
    if purpose == "inference":
        need = batch * cst.forward_bytes
        if need <= lim.max_activation_bytes:
            return cst
        batch_fits = lim.max_activation_bytes // max(1, cst.forward_bytes)
        if batch_fits >= 1:
            raise OverBudget(
                N_("A batch of {batch} through {title} at {size} needs {cost} of activations; this server allows {limit}: a batch of {fits} fits."), title=cst.title, size=size, batch=batch, cost=format_bytes(need), limit=limit,
                fits=batch_fits,
            )
    if purpose == "train":
        need = cst.training_bytes(batch, optimizer)
        if need <= lim.max_activation_bytes:
            return cst
        if cst.optimizer_bytes(optimizer) > lim.max_activation_bytes:
            alone = format_bytes(cst.optimizer_bytes(optimizer))
            raise OverBudget(
                N_("Training {title} needs {cost} for its weights' gradients and the optimizer's state alone; this server allows {limit}: train a smaller model (fewer channels, layers or classes)."), title=cst.title, cost=alone, limit=limit,
            )
        batch_fits = _largest_batch(cst, optimizer, lim.max_activation_bytes)
        if batch_fits >= 1:
            raise OverBudget(
                N_("Training {title} at {size} with a batch of {batch} needs {cost}; this server allows {limit}: a batch of {fits} fits."), title=cst.title, size=size, batch=batch, cost=format_bytes(need), limit=limit, fits=batch_fits,
            )
        one = format_bytes(cst.training_bytes(1, optimizer))
        fits = _fits_text(_largest_side(report, activations, lim))
        if fits:
            raise OverBudget(N_("Training {title} at {size} needs {cost} even with a batch of 1; this server allows {limit}: {fits} fits."), title=cst.title, size=size, cost=one, limit=limit, fits=fits)
        raise OverBudget(N_("Training {title} at {size} needs {cost} even with a batch of 1; this server allows {limit}, and no input size fits: make the model smaller (fewer channels or layers)."), title=cst.title, size=size, cost=one, limit=limit)
    need = cst.inside_bytes
    if need <= lim.max_activation_bytes:
        return cst
    fits = _fits_text(_largest_side(report, activations, lim))
    if fits:
        raise OverBudget(N_("{title} at {size} needs {cost} of activations; this server allows {limit}: {fits} fits."),
                         title=cst.title, size=size, cost=format_bytes(need), limit=limit, fits=fits)
    raise OverBudget(N_("{title} at {size} needs {cost} of activations; this server allows {limit}, and no input size fits: make the model smaller (fewer channels or layers)."), title=cst.title, size=size, cost=format_bytes(need), limit=limit)


def _fits_text(side: tuple[int, int] | None) -> str | None:
    return f"{side[0]}×{side[1]}" if side else None


def _largest_batch(cst: Cost, optimizer: str, limit: int) -> int:
    """The largest batch whose training step fits (the cost is linear in the batch)."""
    room = limit - cst.optimizer_bytes(optimizer)
    return max(0, room // max(1, cst.train_sample_bytes))


def _largest_side(report: Report, need, lim: Settings) -> tuple[int, int] | None:
    """The largest input (same channels, same aspect) whose ``need(cost)`` fits, asked of the analysis (on meta).

    Activations grow with the pixels, so the square root of the overshoot gives
    a first guess; sizes are multiples of 32 (of 8 below 64), each checked by
    analysing the model at it, then the next sizes up are tried while they fit.
    """
    from explorer.analysis.engine import analyze

    c, h, w = report.input_shape
    longest = max(h, w)
    hp = {k: v for k, v in report.hyperparameters.items() if k not in _INPUT_HPARAMS}

    def fits(side: int) -> tuple[int, int] | None | bool:
        """(H, W) when ``side`` fits, False when it does not, None when the model cannot take it."""
        ratio = side / longest
        probe = (c, max(1, round(h * ratio)), max(1, round(w * ratio)))
        try:
            k = cost(analyze(report.architecture, input_shape=probe, **hp))
        except ExplorerError:
            return None
        ok = need(k) <= lim.max_activation_bytes and k.params <= lim.max_params and k.weight_bytes <= lim.max_weight_bytes
        return (probe[1], probe[2]) if ok else False

    def step(side: float) -> int:
        return 32 if side >= 64 else 8

    try:
        analyze(report.architecture, input_shape=report.input_shape, **hp)
    except ExplorerError:
        return None  # not a registered architecture (a model analysed directly): nothing to ask
    k = cost(report)
    over = max(need(k) / lim.max_activation_bytes, k.params / lim.max_params, k.weight_bytes / lim.max_weight_bytes)
    guess = longest / math.sqrt(over) if over > 0 else longest
    side = min(longest - 1, int(guess // step(guess) * step(guess)))
    found: tuple[int, int] | None = None
    for _ in range(8):  # down until one fits
        if side < 1:
            return None
        got = fits(side)
        if got is None:
            return None  # too small for the model: nothing smaller fits either
        if got:
            found = got
            break
        side -= step(side) if side > step(side) else max(1, side // 2)
    if found is None:
        return None
    for _ in range(3):  # then up while the next size fits
        bigger = side + step(side)
        if bigger >= longest:
            break
        got = fits(bigger)
        if not got:
            break
        side, found = bigger, got
    return found


# --- allocation failures -------------------------------------------------------------------


def is_allocation_failure(err: BaseException) -> bool:
    """An exception that means "no memory": MemoryError, torch's OutOfMemoryError, the CPU allocator's RuntimeError."""
    if isinstance(err, (MemoryError, torch.OutOfMemoryError)):
        return True
    if isinstance(err, RuntimeError):
        text = str(err)
        return "can't allocate memory" in text or "DefaultCPUAllocator" in text or "out of memory" in text.lower()
    return False


def release_memory() -> None:
    """Collect garbage and give cached GPU memory back."""
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


class memory_guard:  # noqa: N801 - used like a function: ``with memory_guard():``
    """Turn an allocation failure inside the block into :class:`OutOfMemory`, with the memory released.

    The failed exception's traceback holds the frames (and their tensors) of
    the code that ran out; they are cleared before the garbage collector runs,
    so the memory really goes back. The caller drops its own references
    (cached models, kept activations) when it catches :class:`OutOfMemory`.
    """

    def __enter__(self) -> memory_guard:
        return self

    def __exit__(self, typ, value, tb) -> bool:
        if value is None or not is_allocation_failure(value):
            return False
        traceback.clear_frames(tb)
        value.__traceback__ = None
        del tb, value
        release_memory()
        raise OutOfMemory(
            N_("The server ran out of memory for this request and has given the memory back: try a smaller input, model or batch."),
        ) from None

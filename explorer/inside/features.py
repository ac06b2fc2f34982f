"""Feature maps: the output of every layer for one image, from one forward pass, computed lazily.

:class:`Activations` wraps each module's ``forward`` for the duration of a pass
and keeps a copy of every module call's output, keyed by (module name, call
number) — ResNet's blocks call their ``relu`` two or three times, and each call
is a layer of its own. The pass stops right after the layer asked for, so the
first feature maps of an early layer cost about a forward pass *up to that
layer*. Asking for a deeper layer resumes: every module whose output is
already kept returns it instead of computing, so only the new part of the
network runs. Going back to a layer already seen costs nothing. Over a walk
through all layers the network runs once.

A model used here must be in eval mode (BatchNorm statistics and dropout fixed),
as :func:`explorer.inside.weights.build_random` and the loaders leave it.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from explorer.analysis.records import LayerRecord, ReceptiveField, Report
from explorer.errors import ExplorerError
from explorer.i18n import N_

LayerKey = tuple[str, int]  # (qualified module name, call number: 0 for its first call)

_LOCKS: weakref.WeakKeyDictionary[nn.Module, threading.RLock] = weakref.WeakKeyDictionary()
_LOCKS_LOCK = threading.Lock()


def model_lock(model: nn.Module) -> threading.RLock:
    """One lock per model instance: a pass that wraps forwards or adds hooks holds it, so two
    sessions sharing one cached model never see each other's wrappers."""
    with _LOCKS_LOCK:
        lock = _LOCKS.get(model)
        if lock is None:
            lock = _LOCKS[model] = threading.RLock()
        return lock


class _Stop(Exception):
    """Raised from a wrapped forward to end the pass after the layer asked for."""


@contextmanager
def wrapped_forwards(model: nn.Module, wrap) -> Iterator[None]:
    """Replace ``forward`` of every submodule by ``wrap(name, module, original)``; restored in ``finally``."""
    patched = []
    try:
        for name, module in model.named_modules():
            if not name:
                continue
            original = module.forward
            module.forward = wrap(name, module, original)
            patched.append(module)
        yield
    finally:
        for module in patched:
            del module.forward  # the instance attribute: the class's forward shows through again


class Activations:
    """Every layer's output of ``model`` on input ``x`` (1, C, H, W), computed on demand and kept.

    Thread-safe; cheap to keep per (weights, image). Outputs are float32
    copies, detached; :meth:`get` returns the one sample's (C, H, W) map.
    """

    def __init__(self, model: nn.Module, x: Tensor, *, keep_model: bool = True) -> None:
        """``keep_model=False`` holds ``model`` weakly: a server's cache of feature maps must not keep alive a
        model its cache of models let go (each VGG-16 is 553 MB); the caller holds the model while it asks."""
        if model.training:
            raise ValueError("Activations needs a model in eval mode (call model.eval()).")
        self._model = model if keep_model else None
        self._model_ref = weakref.ref(model)
        self.x = x.detach()
        self._store: dict[LayerKey, Tensor] = {}
        self._logits: Tensor | None = None
        self._lock = threading.Lock()
        self.passes = 0  # forward passes run (resumptions included): for tests and the page's caption

    @property
    def model(self) -> nn.Module:
        model = self._model if self._model is not None else self._model_ref()
        if model is None:
            raise ExplorerError(N_("The model of these feature maps was released to free memory: open the page again."))
        return model

    def uses(self, model: nn.Module) -> bool:
        """Whether these are ``model``'s feature maps (and it is still alive)."""
        return self._model_ref() is model

    def computed(self) -> set[LayerKey]:
        return set(self._store)

    def get(self, name: str, call: int = 0) -> Tensor:
        """The output of module ``name``'s ``call``-th call, one sample: (C, H, W) or (F,).

        Raises:
            ExplorerError: the model has no such module call.
        """
        key = (name, call)
        with self._lock:
            if key not in self._store and self._logits is None:
                self._run(stop=key)
            if key not in self._store:
                raise ExplorerError(
                    N_("Layer {layer!r} (call {call}) does not run for this model and input: pick another layer."), layer=name, call=call + 1,
                )
            return self._store[key][0]

    def logits(self) -> Tensor:
        """The model's output for the sample (completing the pass if needed)."""
        with self._lock:
            if self._logits is None:
                self._run(stop=None)
            return self._logits[0]  # type: ignore[index]

    def _run(self, stop: LayerKey | None) -> None:
        store = self._store
        counters: dict[str, int] = defaultdict(int)
        last: list = [None, -1, None]  # the tensor last returned, its version, and the copy kept of it

        def wrap(name: str, module: nn.Module, original):
            def forward(*args, **kwargs):
                call = counters[name]
                counters[name] += 1
                key = (name, call)
                kept = store.get(key)
                if kept is not None:
                    # Computed in an earlier pass: hand out a copy (later in-place layers must not alter the kept one).
                    return kept.clone()
                out = original(*args, **kwargs)
                if isinstance(out, Tensor):
                    if out is last[0] and out._version == last[1]:
                        store[key] = last[2]  # a container returning its last child's output: share the copy
                    else:
                        store[key] = out.detach().clone()
                        last[:] = [out, out._version, store[key]]
                if key == stop:
                    raise _Stop
                return out

            return forward

        model = self.model
        with model_lock(model), torch.no_grad(), wrapped_forwards(model, wrap):
            self.passes += 1
            try:
                out = model(self.x.clone())
            except _Stop:
                return
        if isinstance(out, Tensor):
            self._logits = out.detach()
        elif isinstance(out, (tuple, list)) and out and isinstance(out[0], Tensor):
            self._logits = out[0].detach()
        else:
            raise ExplorerError(N_("This model's output is not a tensor, so it has no predictions to show."))


def forward_hook_outputs(model: nn.Module, x: Tensor, names: list[str]) -> dict[str, Tensor]:
    """The plain way, with ``register_forward_hook``: outputs of the first call of each named module.

    An independent oracle for :class:`Activations` in tests (copies, since in-place layers follow).
    """
    modules = dict(model.named_modules())
    out: dict[str, Tensor] = {}
    handles = []
    for n in names:
        def hook(_m, _inp, output, n=n):
            out.setdefault(n, output.detach().clone())
        handles.append(modules[n].register_forward_hook(hook))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return out


# --- which layers to offer ------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """A layer with a spatial output, as the page offers it.

    Attributes:
        index: the record's index in the report.
        name, call: the :data:`LayerKey` (call > 0 for a module called again, e.g. a block's relu).
        type: module class; depth: nesting depth; shape: (C, H, W).
        receptive_field: of its units, in input pixels.
    """

    index: int
    name: str
    call: int
    type: str
    depth: int
    shape: tuple[int, int, int]
    receptive_field: ReceptiveField | None

    @property
    def key(self) -> LayerKey:
        return (self.name, self.call)

    @property
    def label(self) -> str:
        """``layer1.0.relu #2 · ReLU · 64×56×56``: a module called again shows its call's number (no words, for any language)."""
        again = f" #{self.call + 1}" if self.call else ""
        c, h, w = self.shape
        return f"{self.name}{again} · {self.type} · {c}×{h}×{w}"


_ACTIVATIONS = {"ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "SELU", "GELU", "SiLU", "Tanh", "Sigmoid", "Hardswish", "Hardtanh", "Mish"}
_POOLS = {"MaxPool2d", "AvgPool2d", "LPPool2d"}
_PLAIN_CONTAINERS = {"Sequential", "ModuleList", "ModuleDict"}


def spatial_layers(report: Report) -> list[Layer]:
    """Every module call with a (C, H, W) output, in execution order, the model's own hierarchy (no functional rows)."""
    calls: dict[str, int] = defaultdict(int)
    out = []
    for r in report.layers:
        call = calls[r.name]
        calls[r.name] += 1
        # (H, W, C) maps are no (C, H, W); a functional row (F.max_pool2d in a forward) has no module to read from.
        if r.output_shape is not None and len(r.output_shape) == 3 and not r.channels_last and not r.functional:
            out.append(Layer(r.index, r.name, call, r.type, r.depth, tuple(r.output_shape), r.receptive_field))  # type: ignore[arg-type]
    return out


def walk_layers(report: Report) -> list[Layer]:
    """The steps of a walk from the input to the last spatial layer — "edges → textures → parts".

    A step is each activation or pooling output in a plain sequence of layers
    (VGG's ``features``), each block in a sequence of blocks (ResNet's
    ``layer1.0``…, GoogLeNet's ``inception3a``…), and each activation or
    pooling at the model's top level (ResNet's stem ``relu``, ``maxpool``).
    Falls back to every spatial layer for models that fit none of these.
    """
    records = report.layers

    def in_block(r: LayerRecord) -> bool:  # nested inside a block (a container that is not a plain sequence)
        while r.parent is not None:
            r = records[r.parent]
            if r.type not in _PLAIN_CONTAINERS:
                return True
        return False

    steps = []
    for layer in spatial_layers(report):
        r: LayerRecord = records[layer.index]
        if in_block(r):
            continue
        if r.is_leaf:
            if r.type in _ACTIVATIONS or r.type in _POOLS:
                steps.append(layer)
        elif r.type not in _PLAIN_CONTAINERS:
            steps.append(layer)
    return steps if len(steps) >= 2 else spatial_layers(report)


def default_layer(report: Report) -> Layer:
    """An instructive first layer: a third of the way along the walk (textures, not yet parts)."""
    steps = walk_layers(report)
    if not steps:
        raise ExplorerError(N_("This model has no layer with a spatial output (C×H×W) to show as feature maps."))
    return steps[min(len(steps) - 1, len(steps) // 3)]


# --- per-channel numbers ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelStats:
    """Per-channel statistics of one (C, H, W) map, as numpy arrays of length C."""

    mean: np.ndarray
    min: np.ndarray
    max: np.ndarray
    std: np.ndarray
    active: np.ndarray  # fraction of positions > 0

    def order(self, by: str = "index") -> np.ndarray:
        """Channel indices sorted: "index", "mean" (highest first), "max" (highest first) or "active"."""
        if by == "index":
            return np.arange(len(self.mean))
        values = {"mean": self.mean, "max": self.max, "active": self.active, "std": self.std}.get(by)
        if values is None:
            raise ExplorerError(
                N_("Sort channels by index, mean, max, std or active, not {by!r}."), by=by
            )
        return np.argsort(-values, kind="stable")


def channel_stats(fmap: Tensor) -> ChannelStats:
    """Statistics of each channel of a (C, H, W) feature map."""
    if fmap.dim() != 3:
        raise ExplorerError(
            N_("Feature maps need a C×H×W output; this layer gives {shape}."),
            shape=str(tuple(fmap.shape)),
        )
    flat = fmap.detach().float().reshape(fmap.shape[0], -1)
    return ChannelStats(
        mean=flat.mean(1).numpy(),
        min=flat.min(1).values.numpy(),
        max=flat.max(1).values.numpy(),
        std=flat.std(1, unbiased=False).numpy(),
        active=(flat > 0).float().mean(1).numpy(),
    )

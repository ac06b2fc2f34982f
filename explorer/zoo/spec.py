"""An architecture's specification meets an input: hyperparameters bound to the input shape, shapes parsed
and checked against the operator's limits, a model built on the meta device.

These sit with the zoo, below the analysis: the analysis, training, the command line and the app all start
from them (imports run one way: zoo → analysis → inside/training → viz → ui → pages).
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable

import torch
from torch import nn
from torch.utils._device import DeviceContext, _device_constructors

from explorer.errors import InvalidInput
from explorer.settings import settings
from explorer.zoo.registry import Architecture
from explorer.i18n import N_


def bind_input(
    arch: Architecture, hyperparameters: dict[str, Any], shape: tuple[int, int, int] | None
) -> tuple[dict[str, Any], tuple[int, int, int]]:
    """Resolve hyperparameters and the input shape together.

    An architecture with ``in_channels`` / ``input_size`` hyperparameters is
    built for the input: unset ones follow the input shape, set ones must agree
    with it, and without an input shape they define it.
    """
    hp = arch.resolve(hyperparameters)
    c, h, w = arch.input_shape
    if "in_channels" in hp:
        c = hp["in_channels"]
    if "input_size" in hp:
        h = w = hp["input_size"]
    if shape is None:
        return hp, (c, h, w)
    if "in_channels" in hp:
        if "in_channels" in hyperparameters and hp["in_channels"] != shape[0]:
            raise InvalidInput(
                N_("in_channels is {in_channels} but the input has {channels} channels: make them equal."), in_channels=hp["in_channels"], channels=shape[0],
            )
        hp["in_channels"] = shape[0]
    if "input_size" in hp:
        if shape[1] != shape[2]:
            raise InvalidInput(
                N_("{arch} sizes its classifier from a square input; use equal height and width (e.g. {size}×{size})."), arch=arch.name, size=shape[1],
            )
        if "input_size" in hyperparameters and hp["input_size"] != shape[1]:
            raise InvalidInput(
                N_("input_size is {input_size} but the input is {height}×{width}: make them equal."), input_size=hp["input_size"], height=shape[1], width=shape[2],
            )
        hp["input_size"] = shape[1]
    return hp, shape


def parse_shape(text: str) -> tuple[int, int, int]:
    """``"3,224,224"`` (or ``3x224x224``, ``3×224×224``) → ``(3, 224, 224)``, for the CLI and links.

    Raises:
        InvalidInput: with an example of what works.
    """
    parts = str(text).replace("×", ",").replace("x", ",").split(",")
    try:
        shape = as_shape(int(p) for p in parts)
    except (ValueError, InvalidInput):
        raise InvalidInput(
            N_("The input shape must be C,H,W such as 3,224,224, not {text!r}."), text=text
        ) from None
    return check_input_limits(shape)


def check_input_limits(shape: tuple[int, int, int]) -> tuple[int, int, int]:
    """``shape`` if it is within the operator's ``max_channels`` and ``max_input_side``: one rule for links,
    widgets and the command line, and ``analyze`` by name. (``analyze`` of a model the caller built is not
    limited: the caller chose its input, and the analysis allocates nothing.)

    Raises:
        InvalidInput: naming the shape and the limits.
    """
    limits = settings()
    if shape[0] > limits.max_channels or shape[1] > limits.max_input_side or shape[2] > limits.max_input_side:
        channels, side = limits.max_channels, limits.max_input_side
        raise InvalidInput(
            N_("The input shape {shape} is too large: use at most {max_channels} channels and {max_size}×{max_size} pixels."), shape=str(list(shape)), max_channels=channels, max_size=side,
        )
    return shape


def as_shape(input_shape: Any) -> tuple[int, int, int]:
    """``input_shape`` as three positive ints (C, H, W).

    Raises:
        InvalidInput: naming what was given.
    """
    try:
        shape = tuple(int(v) for v in input_shape)
    except (TypeError, ValueError):
        raise InvalidInput(
            N_("The input shape must be three integers C, H, W, not {shape}."), shape=repr(input_shape)
        ) from None
    if len(shape) != 3 or min(shape) < 1:
        raise InvalidInput(
            N_("The input shape must be three positive integers C, H, W, not {shape}."), shape=str(list(input_shape)),
        )
    return shape  # type: ignore[return-value]


class _MetaBuild(DeviceContext):
    """``with torch.device("meta")`` that also skips weight initialisation: one mode, so each of a build's
    thousands of tensor calls passes one Python hook, not two.

    In-place ops on meta tensors (``normal_``, ``uniform_``, ``kaiming_uniform_``, ``fill_``, …) compute
    nothing; their Python-level decompositions and fan-in arithmetic are skipped. ``nn.init`` functions pass
    the tensor as a keyword (``tensor=``), so both places are looked at. ``torch.zeros`` and ``torch.ones``
    (BatchNorm's running statistics) become ``torch.empty``: on meta their values do not exist, and PyTorch
    runs a Python decomposition for them. PyTorch's layers' ``reset_parameters`` are skipped altogether in
    this thread while the mode is on (see :func:`_skipped_on_meta`): each is a dozen tensor calls through
    this hook that compute nothing, about a fifth of a ResNet-50's build.
    """

    def __init__(self) -> None:
        super().__init__("meta")

    def __enter__(self):
        _BUILDING.depth = getattr(_BUILDING, "depth", 0) + 1
        return super().__enter__()

    def __exit__(self, *exc):
        _BUILDING.depth -= 1
        return super().__exit__(*exc)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if name.endswith("_") and not name.startswith("_"):
            target = args[0] if args else kwargs.get("tensor")
            if isinstance(target, torch.Tensor) and target.is_meta:
                return target
        elif func in _device_constructors():
            if kwargs.get("device") is None:
                kwargs["device"] = self.device
            if func in _VALUELESS and torch.device(kwargs["device"]).type == "meta":
                func = torch.empty
        return func(*args, **kwargs)


_VALUELESS = (torch.zeros, torch.ones)  # on meta, the same tensor as torch.empty
_BUILDING = threading.local()  # depth of _MetaBuild in this thread: other threads build real models meanwhile


def _skipped_on_meta(reset: Callable[..., Any]) -> Callable[..., Any]:
    """``reset`` (a layer's initialisation), skipped inside :class:`_MetaBuild` for a layer whose tensors are
    on the meta device (a layer built for a real device inside one still gets its weights)."""

    @functools.wraps(reset)
    def maybe_reset(self: nn.Module, *args: Any, **kwargs: Any) -> Any:
        if getattr(_BUILDING, "depth", 0):  # a layer's tensors share one device: its first one says which
            first = next((t for t in (*self._parameters.values(), *self._buffers.values()) if t is not None), None)
            if first is None or first.is_meta:
                return None
        return reset(self, *args, **kwargs)

    maybe_reset.__explorer_meta_skip__ = True
    return maybe_reset


def _install_meta_skips() -> None:
    """Wrap the initialisation methods PyTorch's own layers define (once per process; idempotent)."""
    classes = {nn.modules.conv._ConvNd, nn.modules.batchnorm._NormBase}
    classes.update(c for c in vars(nn).values() if isinstance(c, type) and issubclass(c, nn.Module))
    for cls in classes:
        for method in ("reset_parameters", "_reset_parameters", "reset_running_stats"):
            reset = cls.__dict__.get(method)
            if callable(reset) and not getattr(reset, "__explorer_meta_skip__", False):
                setattr(cls, method, _skipped_on_meta(reset))


_install_meta_skips()


def build_meta(arch: Architecture, hp: dict[str, Any]) -> nn.Module:
    """``arch`` built on the meta device: shapes only, no weights allocated or initialised."""
    with _MetaBuild():
        return arch.builder(**hp)

"""Small building blocks shared by the architecture families."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import torch
from torch import nn

from explorer.errors import InputTooSmall
from explorer.i18n import N_


def weight_init(init: Callable[..., None]) -> Callable[..., None]:
    """Marks a family's weight initialisation ``init(model, ...)``: skipped for a model built on the meta
    device, whose in-place initialisers compute nothing (they were a fifth of a shapes-only ResNet-50 build)."""

    @functools.wraps(init)
    def initialise(model: nn.Module, *args, **kwargs) -> None:
        first = next(model.parameters(), None)
        if first is None or not first.is_meta:
            init(model, *args, **kwargs)

    return initialise


def make_activation(name: str, *, inplace: bool = True) -> nn.Module:
    """An activation module from its name (see ``hparams.ACTIVATIONS``)."""
    if name == "relu":
        return nn.ReLU(inplace=inplace)
    if name == "tanh":
        return nn.Tanh()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "leaky_relu":
        return nn.LeakyReLU(0.01, inplace=inplace)
    if name == "elu":
        return nn.ELU(inplace=inplace)
    if name == "gelu":
        return nn.GELU()
    if name == "silu":
        return nn.SiLU(inplace=inplace)
    raise ValueError(f"unknown activation {name!r}")


def make_pool(kind: str, kernel_size: int, stride: int | None = None, padding: int = 0, *, ceil_mode: bool = False) -> nn.Module:
    """Max or average pooling; average pooling excludes padding like Keras."""
    if kind == "max":
        return nn.MaxPool2d(kernel_size, stride, padding, ceil_mode=ceil_mode)
    if kind == "avg":
        return nn.AvgPool2d(kernel_size, stride, padding, ceil_mode=ceil_mode, count_include_pad=False)
    raise ValueError(f"unknown pool {kind!r}")


def scaled(channels: int, width_mult: float) -> int:
    """Channel count scaled by ``width_mult``, at least 1."""
    return max(1, int(round(channels * width_mult)))


def _pair(v: int | tuple[int, ...]) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[-1]))


# PyTorch's own sentences for a window larger than its (padded) input.
_TOO_SMALL = ("Output size is too small", "Kernel size can't be greater than actual input size")


def sequential_out_shape(seq: nn.Module, shape: tuple[int, int, int], *, prefix: str = "") -> tuple[int, int, int]:
    """Output (C, H, W) of a feed-forward stack, for an input of ``shape``.

    Builders use it to size a classifier's first dense layer from the input
    size. PyTorch computes it: the stack runs on a meta tensor (shapes only,
    nothing allocated, whatever device its weights are on), so every layer
    type PyTorch knows is known here, by the same rule as a real forward.

    Raises:
        InputTooSmall: naming the first layer whose output would be empty.
    """
    modes = [(m, m.training) for m in seq.modules()]
    try:
        seq.eval()  # one sample: BatchNorm in training mode would refuse a 1×1 map that eval mode accepts
        with torch.no_grad():
            x = _run(seq, torch.empty((1, *shape), device="meta"), prefix)
    finally:
        for m, flag in modes:
            m.training = flag
    return tuple(x.shape[1:])  # type: ignore[return-value]


def _run(seq: nn.Module, x: torch.Tensor, prefix: str) -> torch.Tensor:
    for name, m in seq.named_children():
        qual = f"{prefix}.{name}" if prefix else name
        if isinstance(m, nn.Sequential):
            x = _run(m, x, qual)
            continue
        try:
            y = _on_meta(m, x)
        except RuntimeError as err:
            if not any(s in str(err) for s in _TOO_SMALL):
                raise
            y = None
        if y is None or (y.dim() == 4 and min(y.shape[2:]) < 1):
            h, w = x.shape[-2:]
            k = getattr(m, "kernel_size", None)
            if k is None:
                raise InputTooSmall(
                    N_("The input is too small: layer '{layer}' ({kind}) would get a {size} map and output nothing."),
                    layer=qual, kind=type(m).__name__, size=f"{h}×{w}",
                )
            kh, kw = _pair(k)
            # The trace's sentence and key: the analysis adds the smallest input that works to either.
            raise InputTooSmall(
                N_("The input is too small: layer '{layer}' ({kind}, kernel {kernel}) receives a {size} map and would output nothing."),
                layer=qual, kind=type(m).__name__, kernel=f"{kh}×{kw}", size=f"{h}×{w}",
            )
        x = y
    return x


def _on_meta(m: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``m(x)`` for a meta ``x``: a module with weights elsewhere (a real build) runs with meta stand-ins for them."""
    tensors = {**dict(m.named_parameters()), **dict(m.named_buffers())}
    elsewhere = {k: torch.empty_like(t, device="meta") for k, t in tensors.items() if not t.is_meta}
    if not elsewhere:
        return m(x)
    return torch.func.functional_call(m, elsewhere, (x,))


def flat_features(seq: nn.Module, shape: tuple[int, int, int]) -> int:
    """Length of the flattened output of ``seq`` for an input of ``shape``."""
    return math.prod(sequential_out_shape(seq, shape))

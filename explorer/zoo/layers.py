"""Small building blocks shared by the architecture families."""

from __future__ import annotations

import math

from torch import nn

from explorer.analysis.rules import conv_out
from explorer.errors import InputTooSmall
from explorer.i18n import N_


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


def sequential_out_shape(seq: nn.Module, shape: tuple[int, int, int], *, prefix: str = "") -> tuple[int, int, int]:
    """Output (C, H, W) of a feed-forward stack of conv/pool/pointwise layers, by arithmetic.

    Builders use it to size a classifier's first dense layer from the input
    size without running anything.

    Raises:
        InputTooSmall: naming the first layer whose output would be empty.
    """
    c, h, w = shape
    for name, m in seq.named_children():
        qual = f"{prefix}.{name}" if prefix else name
        if isinstance(m, nn.Sequential):
            c, h, w = sequential_out_shape(m, (c, h, w), prefix=qual)
            continue
        if isinstance(m, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
            k, s, p = _pair(m.kernel_size), _pair(m.stride or m.kernel_size), m.padding
            if isinstance(p, str):  # 'same' (stride 1) or 'valid'
                p = tuple((kk - 1) // 2 for kk in k) if p == "same" else (0, 0)
            p = _pair(p)
            d = _pair(getattr(m, "dilation", 1))
            ceil = bool(getattr(m, "ceil_mode", False))
            nh, nw = (conv_out(n, kk, ss, pp, dd, ceil) for n, kk, ss, pp, dd in zip((h, w), k, s, p, d))
            if nh < 1 or nw < 1:
                raise InputTooSmall(
                    N_("The input is too small: layer '{layer}' ({kind}) would get a {size} map and output nothing."),
                    layer=qual, kind=type(m).__name__, size=f"{h}×{w}",
                )
            c = m.out_channels if isinstance(m, nn.Conv2d) else c
            h, w = nh, nw
        elif isinstance(m, nn.ZeroPad2d):
            left, right, top, bottom = m.padding
            h, w = h + top + bottom, w + left + right
        elif isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
            oh, ow = _pair(m.output_size)
            h, w = oh or h, ow or w
        elif isinstance(m, (nn.BatchNorm2d, nn.ReLU, nn.Tanh, nn.Sigmoid, nn.LeakyReLU, nn.ELU, nn.GELU, nn.SiLU,
                            nn.Dropout, nn.Dropout2d, nn.Identity, nn.LocalResponseNorm)):
            pass
        else:
            raise TypeError(f"sequential_out_shape does not know {type(m).__name__} at '{qual}'")
    return c, h, w


def flat_features(seq: nn.Module, shape: tuple[int, int, int]) -> int:
    """Length of the flattened output of ``seq`` for an input of ``shape``."""
    return math.prod(sequential_out_shape(seq, shape))

"""Functional operations a ``forward`` calls itself: which get a row, and what they cost.

A model may compute with ``F.conv2d(x, self.w)``, ``x @ w``, ``torch.einsum``
or ``F.scaled_dot_product_attention`` instead of layers; those steps are as
real as a layer's, so the trace shows each as a row (named after the function,
numbered like torch.fx's nodes) with its shape, multiply-adds and receptive
field. Inside PyTorch's own layers (``nn.Conv1d`` calls ``F.conv1d``) the
operation *is* the layer, and its multiply-adds go to the layer's row.

Multiply-adds count one per multiplication of a weight or operand element,
batch of one, with torchinfo's convention that a bias add is one more per
output value. ``torch.utils.flop_counter`` (PyTorch's own counter, 2 FLOPs per
multiply-add, biases not counted) is the tests' oracle.
"""

from __future__ import annotations

import math
from typing import Any

from torch import Tensor, nn
from torch.nn import functional as F

_CONV = frozenset(("conv1d", "conv2d", "conv3d"))
_CONV_T = frozenset(("conv_transpose1d", "conv_transpose2d", "conv_transpose3d"))
_MATMUL = frozenset(("matmul", "mm", "bmm", "__matmul__", "__rmatmul__", "addmm", "baddbmm", "addbmm"))
_POOL = frozenset(
    """max_pool1d max_pool2d max_pool3d max_pool2d_with_indices avg_pool1d avg_pool2d avg_pool3d adaptive_avg_pool1d
    adaptive_avg_pool2d adaptive_max_pool1d adaptive_max_pool2d lp_pool1d lp_pool2d""".split()
)
# Operations that get a row of their own when a forward calls them: they compute with weights or operands,
# or slide a window (their output size and receptive field are a layer's).
COUNTED = _CONV | _CONV_T | _MATMUL | _POOL | frozenset(
    ("linear", "bilinear", "einsum", "scaled_dot_product_attention", "multi_head_attention_forward")
)

# Names a row shows: the function a reader would write.
_SHOWN = {"__matmul__": "matmul", "__rmatmul__": "matmul", "max_pool2d_with_indices": "max_pool2d",
          "multi_head_attention_forward": "multi_head_attention"}


def op_name(name: str) -> str:
    """The row name of operation ``name``: ``__matmul__`` → ``matmul``; element-wise dunders → ``mul``, ``add``."""
    if name in _SHOWN:
        return _SHOWN[name]
    if name.startswith("__") and name.endswith("__"):
        name = name[2:-2]
        return name[1:] if name[:1] in ("r", "i") and name[1:] in ("add", "mul", "sub", "truediv", "matmul") else name
    return name


def op_type(name: str) -> str:
    """The row type of operation ``name``: ``F.max_pool2d``, ``torch.einsum``, ``Tensor.mul``."""
    import torch

    shown = op_name(name)
    if hasattr(F, name) and not name.startswith("_"):
        return f"F.{name}" if name != "max_pool2d_with_indices" else "F.max_pool2d"
    if hasattr(torch, name) and not name.startswith("_"):
        return f"torch.{name}"
    return f"Tensor.{shown}"


def is_builtin_layer(m: nn.Module) -> bool:
    """One of PyTorch's own layers without sub-layers (``nn.Conv2d``, ``nn.LayerNorm``), whose operations are itself."""
    return not m._modules and type(m).__module__.startswith("torch.nn.modules")


def _shape(t: Any) -> tuple[int, ...]:
    return tuple(t.shape) if isinstance(t, Tensor) else ()


def _arg(args: tuple, kwargs: dict, i: int, name: str, default: Any = None) -> Any:
    return args[i] if len(args) > i else kwargs.get(name, default)


def linear_macs(x: Tensor, weight: Tensor, bias: Tensor | None) -> int:
    """``x·Wᵀ + b`` at every position of ``x`` (all but its last axis): positions × (weights + biases)."""
    positions = x.numel() // max(1, x.shape[-1]) if x.dim() else 1
    return positions * (weight.numel() + (bias.numel() if bias is not None else 0))


def _einsum_macs(args: tuple) -> int | None:
    """Every combination of the equation's letters is one product (n operands: n − 1 multiplications each).

    ``...`` stands for the broadcast axes, aligned from the right. None when the call cannot be read.
    """
    eq = args[0] if args and isinstance(args[0], str) else None
    operands = args[1:]
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if eq is None or not all(isinstance(t, Tensor) for t in operands):
        return None
    if len(operands) < 2:
        return 0  # a sum, a trace or a transpose: no products
    sizes: dict[str, int] = {}
    terms = eq.replace(" ", "").split("->")[0].split(",")
    if len(terms) != len(operands):
        return None
    for term, t in zip(terms, operands):
        shape = _shape(t)
        if "..." in term:
            before, after = term.split("...")
            n = len(shape) - len(before) - len(after)
            letters = [*before, *(f"#{n - i}" for i in range(n)), *after]
        else:
            letters = list(term)
        if len(letters) != len(shape):
            return None
        for letter, size in zip(letters, shape):
            sizes[letter] = max(sizes.get(letter, 1), size)
    return math.prod(sizes.values()) * (len(operands) - 1)


def op_macs(name: str, args: tuple, kwargs: dict, out: Any) -> int | None:
    """Multiply-adds of one call of operation ``name`` (0 for pooling: no weights, as torchinfo counts layers).

    None when the call cannot be read (the trace then says so in a note rather than count 0).
    """
    res = out[0] if isinstance(out, (tuple, list)) else out
    if name in _CONV:
        w, b = _arg(args, kwargs, 1, "weight"), _arg(args, kwargs, 2, "bias")
        positions = math.prod(res.shape[2:])
        return positions * (w.numel() + (b.numel() if b is not None else 0))
    if name in _CONV_T:
        x, w, b = args[0], _arg(args, kwargs, 1, "weight"), _arg(args, kwargs, 2, "bias")
        bias = b.numel() * math.prod(res.shape[2:]) if b is not None else 0
        return math.prod(x.shape[2:]) * w.numel() + bias
    if name == "linear":
        return linear_macs(args[0] if args else kwargs["input"], _arg(args, kwargs, 1, "weight"), _arg(args, kwargs, 2, "bias"))
    if name == "bilinear":
        x1, w, b = args[0], _arg(args, kwargs, 2, "weight"), _arg(args, kwargs, 3, "bias")
        return x1.numel() // x1.shape[-1] * (w.numel() + (b.numel() if b is not None else 0))
    if name in _MATMUL:
        tensors = [a for a in args if isinstance(a, Tensor)]
        a = tensors[-2] if name in ("addmm", "baddbmm", "addbmm") else tensors[0]
        k = a.shape[-1] if a.dim() else 1
        n = res.numel() if name != "addbmm" else res.numel() * a.shape[0]
        return n * k
    if name == "einsum":
        return _einsum_macs(args)
    if name == "scaled_dot_product_attention":
        q, k, v = (args + (None,) * 3)[:3]
        q, k, v = q if q is not None else kwargs["query"], k if k is not None else kwargs["key"], v if v is not None else kwargs["value"]
        return math.prod(q.shape[:-1]) * k.shape[-2] * (q.shape[-1] + v.shape[-1])
    if name == "multi_head_attention_forward":
        return _mha_macs(args, kwargs)
    return 0


def _mha_macs(args: tuple, kwargs: dict) -> int:
    """``F.multi_head_attention_forward`` (what ``nn.MultiheadAttention`` runs): projections, QKᵀ, AV, output projection."""
    q, k, v = args[0], args[1], args[2]
    e = int(_arg(args, kwargs, 3, "embed_dim_to_check"))
    in_bias = _arg(args, kwargs, 6, "in_proj_bias") is not None
    out_bias = _arg(args, kwargs, 12, "out_proj_bias") is not None
    lq = q.numel() // q.shape[-1]  # target positions × batch
    ls = k.numel() // k.shape[-1]
    per_batch_s = k.shape[0]  # (S, N, E) or unbatched (S, E)
    proj = lq * e * (q.shape[-1] + in_bias) + ls * e * (k.shape[-1] + in_bias) + ls * e * (v.shape[-1] + in_bias)
    attention = 2 * lq * per_batch_s * e  # QKᵀ and the weighted sum of V, over all heads
    return proj + attention + lq * e * (e + out_bias)


def op_attrs(name: str, args: tuple, kwargs: dict) -> tuple[tuple[str, Any], ...]:
    """The settings of a windowed operation, named as its layer's (``kernel_size``, ``stride``, …) for the formulas."""
    if name == "conv2d":
        w, b = _arg(args, kwargs, 1, "weight"), _arg(args, kwargs, 2, "bias")
        groups = int(_arg(args, kwargs, 6, "groups", 1))
        return tuple(sorted({
            "in_channels": int(w.shape[1]) * groups, "out_channels": int(w.shape[0]), "kernel_size": tuple(w.shape[2:]),
            "stride": _arg(args, kwargs, 3, "stride", 1), "padding": _arg(args, kwargs, 4, "padding", 0),
            "dilation": _arg(args, kwargs, 5, "dilation", 1), "groups": groups, "bias": b is not None,
        }.items()))
    if name in ("max_pool2d", "max_pool2d_with_indices", "avg_pool2d"):
        k = _arg(args, kwargs, 1, "kernel_size")
        attrs = {"kernel_size": k, "stride": _arg(args, kwargs, 2, "stride") or k, "padding": _arg(args, kwargs, 3, "padding", 0)}
        if name == "avg_pool2d":
            attrs["ceil_mode"] = bool(_arg(args, kwargs, 4, "ceil_mode", False))
        else:
            attrs["dilation"] = _arg(args, kwargs, 4, "dilation", 1)
            attrs["ceil_mode"] = bool(_arg(args, kwargs, 5, "ceil_mode", False))
        return tuple(sorted(attrs.items()))
    if name in ("adaptive_avg_pool2d", "adaptive_max_pool2d"):
        return (("output_size", _arg(args, kwargs, 1, "output_size")),)
    return ()

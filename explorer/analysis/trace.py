"""One forward pass on meta tensors that records what every layer does.

Two things watch the pass:

* a :class:`torch.overrides.TorchFunctionMode` sees every tensor operation
  (``conv2d``, ``max_pool2d``, ``add``, ``cat``, ``flatten``, …), including
  those a ``forward`` calls directly, and carries per tensor its receptive
  field, its depth in weight layers and a node id for the min-input pass. This
  is the data flow, so branches (ResNet, Inception) merge correctly;
* wrappers around each module's ``forward`` give the hierarchy (stage → block
  → layer), output shapes, parameters and MACs.

Operations that compute or slide a window (:data:`explorer.analysis.ops.COUNTED`:
``F.conv2d``, ``F.max_pool2d``, ``matmul``, ``einsum``, attention), called by a
forward other than that of one of PyTorch's own layers, become rows of their own;
so does the operation that makes the model's output when no row shows it.

Meta tensors carry shapes but no data, so VGG-19 at 512×512 costs the same as
at 32×32. The wrappers are installed and removed in one context manager, which
also restores the training mode in ``finally``.
"""

from __future__ import annotations

import functools
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import torch
from torch import Tensor, nn
from torch.overrides import TorchFunctionMode

from explorer import rules
from explorer.analysis import ops, table
from explorer.errors import InputTooSmall, InvalidInput
from explorer.notes import Note
from explorer.i18n import N_

# Element-wise operations of one tensor (activations, dropout, norms over channels): the output has the input's
# shape (an arithmetic result, see _fast_result) and each unit keeps its receptive field.
_SAME_SHAPE = frozenset(
    """relu relu_ tanh tanh_ sigmoid sigmoid_ gelu silu elu elu_ selu celu leaky_relu leaky_relu_ hardtanh hardtanh_
    relu6 hardswish hardsigmoid mish softplus prelu threshold threshold_ dropout dropout2d alpha_dropout
    feature_alpha_dropout batch_norm instance_norm group_norm local_response_norm softmax log_softmax clone contiguous
    neg abs exp clamp clamp_""".split()
)
# Element-wise operations of two tensors, or a tensor and a number (broadcast shapes).
_BINARY = frozenset(
    """add add_ sub sub_ mul mul_ div div_ __add__ __radd__ __iadd__ __mul__ __rmul__ __imul__ __sub__ __rsub__ __isub__
    __truediv__ __itruediv__""".split()
)
# Operations that keep the spatial layout unit for unit (element-wise or along channels).
_PASS = _SAME_SHAPE | _BINARY | frozenset("detach to float double half type_as cat concat concatenate __getitem__".split())
# Operations whose output has no spatial layout when the input had one, unless the shape is kept.
_RESHAPE = frozenset("flatten view reshape squeeze unsqueeze permute transpose mean sum amax amin max min linear matmul".split())
_WEIGHT_OPS = frozenset(("conv2d", "conv1d", "conv3d", "conv_transpose2d", "linear", "bilinear"))
# Layout changes that keep the last two axes (H, W) as they are move no unit in space: ShuffleNet's channel
# shuffle views (N, C, H, W) as (N, g, C/g, H, W), transposes the two channel axes and views it back.
_LAYOUT = frozenset("view reshape transpose permute contiguous unsqueeze squeeze flatten clone".split())
# Operations that cut a tensor into pieces (ShuffleNet's channel split); each piece keeps the field of the whole.
_SPLIT = frozenset("chunk split tensor_split".split())


# Cheap queries that never change what the trace knows.
_QUERY = frozenset("size dim numel __get__ stride is_contiguous element_size __len__ __format__ __repr__ __bool__".split())
# Positional index of the ``inplace`` flag of functional activations.
_INPLACE_ARG = {"relu": 1, "relu6": 1, "silu": 1, "selu": 1, "leaky_relu": 2, "elu": 2, "celu": 2, "hardtanh": 3,
                "dropout": 3, "dropout2d": 3, "alpha_dropout": 3, "feature_alpha_dropout": 3, "threshold": 3,
                "hardswish": 1, "hardsigmoid": 1, "mish": 1}


def _empty(shape: Any, like: Tensor) -> Tensor:
    return torch.empty(tuple(shape), dtype=like.dtype, device="meta")


def _fast_result(name: str, args: tuple, kwargs: dict) -> Tensor | None:
    """The result of a shape-only operation on meta tensors, without running its meta kernel.

    PyTorch's meta kernels for batch_norm and element-wise ops run Python
    decompositions (~0.3 ms each); the output shape is plain arithmetic.
    Returns None to let the real operation run.
    """
    if name in ("cat", "concat", "concatenate"):  # DenseNet's blocks: PyTorch's meta ``cat`` is Python (~0.2 ms)
        return _cat_result(args, kwargs)
    x = args[0] if args else kwargs.get("input")
    if not isinstance(x, Tensor) or x.device.type != "meta":
        return None
    if name in _SAME_SHAPE:
        i = _INPLACE_ARG.get(name)
        inplace = name.endswith("_") or kwargs.get("inplace") or (i is not None and len(args) > i and args[i] is True)
        return x if inplace else _empty(x.shape, x)
    if name in _BINARY:
        y = args[1] if len(args) > 1 else kwargs.get("other")
        if isinstance(y, Tensor):
            if y.device.type != "meta" or y.dtype != x.dtype:
                return None
            shape = x.shape if x.shape == y.shape else _broadcast(x.shape, y.shape)
            if shape is None:  # let PyTorch raise its own message
                return None
        else:
            shape = x.shape
        if name.endswith("_") or name.startswith("__i"):
            return x if tuple(shape) == tuple(x.shape) else None
        return _empty(shape, x)
    if name == "layer_norm":  # its meta kernel is a Python decomposition too (~5 ms per call)
        ns = args[1] if len(args) > 1 else kwargs.get("normalized_shape")
        ns = (ns,) if isinstance(ns, int) else tuple(ns) if isinstance(ns, (list, tuple, torch.Size)) else None
        if ns and tuple(x.shape[-len(ns):]) == ns:
            return _empty(x.shape, x)
    if name in ("adaptive_avg_pool2d", "adaptive_max_pool2d") and x.dim() in (3, 4) and min(x.shape[-2:]) > 0:
        # Squeeze-and-excitation's pooling: its meta kernel is PyTorch's Python ``mean`` (~0.3 ms a call)
        size = _arg(args, kwargs, 1, "output_size", None)
        size = (size, size) if isinstance(size, int) else tuple(size) if isinstance(size, (list, tuple)) else ()
        if name == "adaptive_max_pool2d" and _arg(args, kwargs, 2, "return_indices", False) or len(size) != 2:
            return None
        out = tuple(n if o is None else o for o, n in zip(size, x.shape[-2:]))
        if all(isinstance(o, int) and o > 0 for o in out):
            return _empty((*x.shape[:-2], *out), x)
    return None


def _broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """NumPy broadcasting of two shapes (``torch.broadcast_shapes`` is a Python decomposition, ~60 µs); None
    when they do not broadcast."""
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    out = []
    for i, j in zip(a, b):
        if i != j and i != 1 and j != 1:
            return None
        out.append(j if i == 1 else i)
    return tuple(out)


def _cat_result(args: tuple, kwargs: dict) -> Tensor | None:
    """The result of ``torch.cat`` of meta tensors of one dtype, or None to let the real operation run (and raise)."""
    tensors = args[0] if args else kwargs.get("tensors")
    dim = _arg(args, kwargs, 1, "dim", 0)
    if not isinstance(tensors, (list, tuple)) or not tensors or not isinstance(dim, int):
        return None
    first = tensors[0]
    if not all(isinstance(t, Tensor) and t.device.type == "meta" and t.dtype == first.dtype and t.dim() == first.dim()
               for t in tensors) or first.dim() == 0:
        return None
    d = dim % first.dim() if -first.dim() <= dim < first.dim() else None
    if d is None or any(t.shape[:d] != first.shape[:d] or t.shape[d + 1:] != first.shape[d + 1:] for t in tensors):
        return None
    shape = list(first.shape)
    shape[d] = sum(t.shape[d] for t in tensors)
    return _empty(shape, first)


class TensorInfo:
    """What the trace knows about one tensor."""

    __slots__ = ("node", "rf", "depth", "unknown", "axes")

    def __init__(self, node: int, rf: tuple[int, int, int, int, int, int] | None, depth: int, unknown: bool = False,
                 axes: tuple[int, int] = (2, 3)):
        self.node = node
        self.rf = rf  # r_h, r_w, j_h, j_w, P_h, P_w
        self.depth = depth  # weight layers on the longest path from the input
        self.unknown = unknown  # spatial, but its receptive field could not be computed
        self.axes = axes  # where H and W are: (2, 3) for N×C×H×W, (1, 2) once permuted channels-last (ConvNeXt)


@dataclass
class SpatialOp:
    """One node of the graph, kept for the backward min-input pass."""

    kind: str  # "window" | "pad" | "pass" | "reset"
    inputs: list[int]
    output: int
    axes: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # per axis (k, s, p, d, ceil) or (before, after)


class Call:
    """One module call (filled by the forward wrappers) or one functional operation called in a forward
    (``module`` None, ``op`` its name); shapes are read after the trace."""

    __slots__ = ("module", "name", "depth", "parent", "input", "output", "inplace", "repeat", "op", "macs", "attrs",
                 "transparent")

    def __init__(self, module: nn.Module | None, name: str, depth: int, parent: int | None, input: Tensor | None,
                 repeat: bool, op: str | None = None):
        self.module = module  # None for a functional operation (``op``) called in a forward
        self.op = op  # the operation's name (``max_pool2d``, ``matmul``) for a functional row
        self.macs = 0  # multiply-adds of the operations traced inside this call (see ops.op_macs)
        self.attrs: tuple[tuple[str, Any], ...] = ()
        # Whether operations called in its forward get rows of their own: every module but PyTorch's own layers
        # (nn.Conv1d's F.conv1d is the layer itself; a user's F.conv2d(x, self.w) is a step to show).
        self.transparent = module is not None and not ops.is_builtin_layer(module)
        self.name = name
        self.depth = depth
        self.parent = parent
        self.input = input
        self.output: Tensor | None = None
        self.inplace = False
        self.repeat = repeat


@dataclass
class Trace:
    calls: list[Call] = field(default_factory=list)
    info: dict[int, TensorInfo] = field(default_factory=dict)
    ops: list[SpatialOp] = field(default_factory=list)
    diagnostics: list[Note] = field(default_factory=list)
    rf_broken: bool = False
    misaligned: list[Note] = field(default_factory=list)


def _pair(v: Any) -> tuple[int, int]:
    if isinstance(v, int):
        return v, v
    v = tuple(v)
    return (int(v[0]), int(v[0])) if len(v) == 1 else (int(v[0]), int(v[1]))


def _arg(args: tuple, kwargs: dict, i: int, name: str, default: Any) -> Any:
    if len(args) > i:
        return args[i]
    return kwargs.get(name, default)


def _first_tensor(obj: Any) -> Tensor | None:
    if isinstance(obj, Tensor):
        return obj
    if isinstance(obj, (list, tuple)):
        for o in obj:
            t = _first_tensor(o)
            if t is not None:
                return t
    return None


class _Tracer(TorchFunctionMode):
    def __init__(self, trace: Trace, current: list[int]) -> None:
        super().__init__()
        self.t = trace
        self.current = current  # stack of open call indices (shared with the hooks)
        self.keep: list[Tensor] = []  # keeps traced tensors alive so their ids stay unique
        self.nodes = 0
        self.op_count: dict[tuple[int | None, str], int] = {}
        # Operations run by the model's own forward, by their result's id: (position, name, input, result).
        self.root_ops: dict[int, tuple[int, str, Tensor | None, Tensor]] = {}

    # -- bookkeeping -------------------------------------------------------
    def _where(self) -> str:
        return self.t.calls[self.current[-1]].name if self.current else "the model"

    def _layer(self) -> str | None:
        """The module whose ``forward`` runs now; None at the model's own level (a note then says "the model")."""
        return self.t.calls[self.current[-1]].name if self.current else None

    def _note(self, note: Note, kept: list[Note]) -> None:
        if note not in kept:
            kept.append(note)

    def _where_type(self) -> str:
        return type(self.t.calls[self.current[-1]].module).__name__ if self.current else "operation"

    def new_node(self) -> int:
        self.nodes += 1
        return self.nodes

    def mark(self, out: Tensor, rf: Any, depth: int, *, unknown: bool = False, axes: tuple[int, int] = (2, 3)) -> TensorInfo:
        info = TensorInfo(self.new_node(), rf, depth, unknown, axes)
        self.t.info[id(out)] = info
        self.keep.append(out)
        return info

    def infos(self, args: tuple, kwargs: dict) -> list[TensorInfo]:
        known = self.t.info
        found = []
        for a in args:
            if isinstance(a, Tensor):
                i = known.get(id(a))
                if i is not None:
                    found.append(i)
            elif isinstance(a, (list, tuple)):
                found.extend(known[id(t)] for t in a if isinstance(t, Tensor) and id(t) in known)
        for v in kwargs.values():
            if isinstance(v, Tensor) and id(v) in known:
                found.append(known[id(v)])
        return found

    def add_input(self, x: Tensor) -> None:
        self.t.info[id(x)] = TensorInfo(0, (1, 1, 1, 1, 0, 0), 0)
        self.keep.append(x)

    # -- dispatch ----------------------------------------------------------
    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if name in _QUERY:
            return func(*args, **kwargs)
        out = self._dispatch(func, name, args, kwargs)
        current = self.current
        if name in ops.COUNTED:
            try:
                macs = ops.op_macs(name, args, kwargs, out)
            except (AttributeError, IndexError, KeyError, TypeError, ValueError):
                macs = None
            if macs is None:  # counted as 0, and said so: never a silent wrong number
                macs = 0
                op, layer = ops.op_name(name), self._layer()
                if layer is None:
                    note = Note(N_("The multiply-adds of '{op}' in the model are not counted: this call could not be read."), op=op)
                else:
                    note = Note(N_("The multiply-adds of '{op}' in {layer} are not counted: this call could not be read."), op=op, layer=layer)
                self._note(note, self.t.diagnostics)
            if not current or self.t.calls[current[-1]].transparent:
                self._op_row(name, args, kwargs, out, macs)
            else:  # inside a built-in layer (nn.Conv1d's F.conv1d): the layer's own work
                self.t.calls[current[-1]].macs += macs
        elif not current:
            res = _first_tensor(out)
            if res is not None:  # maybe the model's last step (x * w, a reshape): kept in case it makes the output
                self.root_ops[id(res)] = (len(self.t.calls), name, _first_tensor(args), res)
        return out

    def _op_row(self, name: str, args: tuple, kwargs: dict, out: Any, macs: int) -> None:
        """A row for a functional operation called in a forward (``F.max_pool2d``, ``x @ w``, ``torch.einsum``)."""
        calls, current = self.t.calls, self.current
        parent = current[-1] if current else None
        x, res = _first_tensor(args), _first_tensor(out)
        if name == "multi_head_attention_forward" and x is not None and x.dim() == 3 and res is not None:
            x, res = x.transpose(0, 1), res.transpose(0, 1)  # sequence first (L, N, E): shown per sample, as L × E
        call = self.op_call(name, parent, x, res, len(current) + 1)
        call.macs = macs
        call.attrs = ops.op_attrs(name, args, kwargs)
        calls.append(call)

    def op_call(self, name: str, parent: int | None, x: Tensor | None, res: Tensor | None, depth: int) -> Call:
        """A :class:`Call` for operation ``name``, named after its parent and numbered like torch.fx's nodes."""
        base = ops.op_name(name)
        prefix = f"{self.t.calls[parent].name}." if parent is not None else ""
        k = self.op_count.get((parent, base), 0)
        self.op_count[(parent, base)] = k + 1
        call = Call(None, f"{prefix}{base}" + (f"_{k}" if k else ""), depth, parent, x, False, op=name)
        call.output = res
        return call

    def _dispatch(self, func, name: str, args: tuple, kwargs: dict):
        if name in ("conv2d", "max_pool2d", "avg_pool2d", "max_pool2d_with_indices"):
            return self._window(func, name, args, kwargs)
        if name == "linear":
            self._check_linear(args, kwargs)
        out = _fast_result(name, args, kwargs)
        if out is None:
            out = func(*args, **kwargs)
        ins = self.infos(args, kwargs)
        if not ins:
            return out
        res = _first_tensor(out)
        if res is None:
            return out
        depth = max(i.depth for i in ins) + (1 if name in _WEIGHT_OPS else 0)
        first = _first_tensor(args)
        spatial_in = [i for i in ins if i.rf is not None or i.unknown]
        if not spatial_in:  # nothing spatial flows in: just carry the depth
            self.mark(res, None, depth)
            return out
        if name == "permute" and first is not None and res.dim() == first.dim():
            self._permute(args, kwargs, res, spatial_in[0], depth)
        elif name in ("linear", "layer_norm") and first is not None and self._channels_last(first, spatial_in[0], args, kwargs):
            self._merge(name, res, spatial_in, depth)  # per position: a 1×1 convolution, or a norm over channels only
        elif name in ("adaptive_avg_pool2d", "adaptive_max_pool2d"):
            self._adaptive(first, res, spatial_in[0], depth)
        elif name == "pad":
            self._pad(args, kwargs, res, spatial_in[0], depth)
        elif name == "__getitem__" and first is not None and first.dim() == 4 and res.dim() >= 3:
            self._slice(args, first, res, spatial_in[0], depth)  # x[:, 0] (one channel, N x H x W) included
        elif name in _LAYOUT and _keeps_spatial(name, args, kwargs, first, res):
            self._merge(name, res, spatial_in, depth)
        elif name in _SPLIT and _splits_channels(args, kwargs, first) and isinstance(out, (tuple, list)):
            for piece in out:
                self._merge(name, piece, spatial_in, depth)
        elif name in _PASS and res.dim() == 4:
            self._merge(name, res, spatial_in, depth)
        elif name == "layer_norm" and res.dim() == 4:  # normalises over H or W: every output sees the whole map
            self._unsupported(name, res, spatial_in, depth)
        elif name in _RESHAPE or res.dim() < 3:
            if res.dim() == 4 and first is not None and first.dim() == 4 and tuple(res.shape[2:]) == tuple(first.shape[2:]):
                self._merge(name, res, spatial_in, depth)
            else:
                self.mark(res, None, depth)
        else:
            self._unsupported(name, res, spatial_in, depth)
        return out

    def _unsupported(self, name: str, res: Tensor, spatial_in: list[TensorInfo], depth: int) -> None:
        self.t.rf_broken = True
        layer = self._layer()
        if layer is None:
            self._note(Note(N_("Receptive field not computed after '{op}' in the model: this operation is not supported."), op=name), self.t.diagnostics)
        else:
            self._note(Note(N_("Receptive field not computed after '{op}' in {layer}: this operation is not supported."), op=name, layer=layer), self.t.diagnostics)
        info = self.mark(res, None, depth, unknown=True)
        self.t.ops.append(SpatialOp("pass", [i.node for i in spatial_in], info.node))

    def _channels_last(self, x: Tensor, src: TensorInfo, args: tuple, kwargs: dict) -> bool:
        """Whether ``linear`` / ``layer_norm`` on ``x`` works on channels only: H and W come before the dims it reads."""
        if x.dim() != 4 or (src.rf is None and not src.unknown):
            return False
        n = 1  # linear reads the last dim; layer_norm the last len(normalized_shape)
        shape = _arg(args, kwargs, 1, "normalized_shape", None)
        if isinstance(shape, (tuple, list, torch.Size)):
            n = len(shape)
        return max(src.axes) < x.dim() - n

    def _permute(self, args: tuple, kwargs: dict, res: Tensor, src: TensorInfo, depth: int) -> None:
        """``permute`` moves H and W (NCHW ↔ NHWC): the field is the same, found at its new axes."""
        dims = args[1:] if len(args) > 2 else _arg(args, kwargs, 1, "dims", ())
        dims = [d % res.dim() for d in (dims if isinstance(dims, (tuple, list, torch.Size)) else (dims,))]
        if sorted(dims) != list(range(res.dim())):
            return self._unsupported("permute", res, [src], depth)
        h, w = (dims.index(a) for a in src.axes)
        if h > w:  # H and W swapped: a field stored as (H, W) would be read on the wrong axes
            return self._unsupported("permute", res, [src], depth)
        info = self.mark(res, src.rf, depth, unknown=src.unknown, axes=(h, w))
        self.t.ops.append(SpatialOp("pass", [src.node], info.node))

    def standin(self, m: nn.Module) -> Any:
        """A shape-only ``forward`` for the layers :mod:`~explorer.analysis.table` allows, or None.

        It skips the layer's Python ``forward`` (BatchNorm's is long) and the
        functional dispatch, and applies the same rule the functional call
        would get. Only exact classes: a subclass may change ``forward``.
        """
        found = table.rule(m)
        if found is None or not found.standin:
            return None
        kind = found.kind
        if kind in ("pointwise", "batchnorm"):
            return functools.partial(self.pointwise, inplace=bool(getattr(m, "inplace", False)))
        if kind == "conv" and m.padding_mode == "zeros":
            return lambda x: self._window(None, "conv2d", (x, m.weight, m.bias, m.stride, m.padding, m.dilation, m.groups), {})
        if found.op == "max_pool2d" and not m.return_indices:
            return lambda x: self._window(None, "max_pool2d", (x, m.kernel_size, m.stride, m.padding, m.dilation, m.ceil_mode), {})
        if found.op == "avg_pool2d":
            return lambda x: self._window(None, "avg_pool2d", (x, m.kernel_size, m.stride, m.padding, m.ceil_mode), {})
        if kind == "linear":
            return functools.partial(self.linear, m)
        return None

    def linear(self, m: nn.Linear, x: Tensor) -> Tensor:
        """Shape-only stand-in of ``nn.Linear``: one more weight layer, no spatial layout."""
        self._check_linear((x, m.weight), {})
        if self.current:  # its work, at every position it is applied to (16 tokens: 16 times one vector's)
            self.t.calls[self.current[-1]].macs += ops.linear_macs(x, m.weight, m.bias)
        res = torch.empty((*x.shape[:-1], m.out_features), dtype=x.dtype, device="meta")
        src = self.t.info.get(id(x))
        if src is not None and self._channels_last(x, src, (x, m.weight), {}):
            # A Linear on the channels of an N×H×W×C map is a 1×1 convolution: the field is unchanged.
            info = self.mark(res, src.rf, src.depth + 1, unknown=src.unknown, axes=src.axes)
            self.t.ops.append(SpatialOp("pass", [src.node], info.node))
        elif src is not None:
            self.mark(res, None, src.depth + 1, unknown=x.dim() == 4 and (src.rf is not None or src.unknown))
        return res

    def pointwise(self, x: Tensor, *, inplace: bool = False) -> Tensor:
        """Output of a shape-preserving module (BatchNorm, activation, dropout) on meta ``x``."""
        if not isinstance(x, Tensor) or x.device.type != "meta":
            raise TypeError("pointwise stand-ins take one meta tensor")
        res = x if inplace else torch.empty(x.shape, dtype=x.dtype, device="meta")
        src = self.t.info.get(id(x))
        if src is not None:
            info = self.mark(res, src.rf, src.depth, unknown=src.unknown, axes=src.axes)
            if src.rf is not None or src.unknown:
                self.t.ops.append(SpatialOp("pass", [src.node], info.node))
        return res

    # -- rules -------------------------------------------------------------
    def _window(self, func, name: str, args: tuple, kwargs: dict):
        x = args[0] if args else kwargs["input"]
        if name == "conv2d":
            weight = _arg(args, kwargs, 1, "weight", None)
            groups = _arg(args, kwargs, 6, "groups", 1)
            if x.dim() == 4 and x.shape[1] != weight.shape[1] * groups:
                raise InvalidInput(
                    N_("Layer '{layer}' ({kind}) expects {expected} input channels but receives {received}: set the input channels to {expected}."), layer=self._where(), kind=self._where_type(),
                    expected=int(weight.shape[1] * groups), received=int(x.shape[1]),
                )
            k = tuple(weight.shape[2:])
            s = _pair(_arg(args, kwargs, 3, "stride", 1))
            p = _arg(args, kwargs, 4, "padding", 0)
            d = _pair(_arg(args, kwargs, 5, "dilation", 1))
            if isinstance(p, str):
                p = tuple((dd * (kk - 1)) // 2 for kk, dd in zip(k, d)) if p == "same" else (0, 0)
            p = _pair(p)
            ceil = False
        else:
            k = _pair(_arg(args, kwargs, 1, "kernel_size", 1))
            s = _pair(_arg(args, kwargs, 2, "stride", None) or k)
            p = _pair(_arg(args, kwargs, 3, "padding", 0))
            if name == "avg_pool2d":
                d, ceil = (1, 1), bool(_arg(args, kwargs, 4, "ceil_mode", False))
            else:
                d, ceil = _pair(_arg(args, kwargs, 4, "dilation", 1)), bool(_arg(args, kwargs, 5, "ceil_mode", False))
        if x.dim() == 4:
            h, w = x.shape[2], x.shape[3]
            if name == "conv2d" and _arg(args, kwargs, 4, "padding", 0) == "same":
                oh, ow = h, w
            else:
                oh = rules.conv_out(h, k[0], s[0], p[0], d[0], ceil)
                ow = rules.conv_out(w, k[1], s[1], p[1], d[1], ceil)
            if oh < 1 or ow < 1:
                raise InputTooSmall(
                    N_("The input is too small: layer '{layer}' ({kind}, kernel {kernel}) receives a {size} map and would output nothing."),
                    layer=self._where(), kind=self._where_type(), kernel=f"{k[0]}×{k[1]}", size=f"{h}×{w}",
                )
        indices = name != "conv2d" and (name == "max_pool2d_with_indices" or _arg(args, kwargs, 6, "return_indices", False))
        if x.dim() == 4 and x.device.type == "meta" and not indices:
            c = weight.shape[0] if name == "conv2d" else x.shape[1]
            out = _empty((x.shape[0], c, oh, ow), x)
        else:
            out = func(*args, **kwargs)
        ins = self.infos(args, kwargs)
        src = next((i for i in ins if i.rf is not None or i.unknown), None)
        if src is None:  # e.g. a conv on a tensor the trace did not see
            return out
        res = _first_tensor(out)
        depth = src.depth + (1 if name == "conv2d" else 0)
        if src.axes != (2, 3):  # a window over a permuted map slides over other axes than H and W
            self._unsupported(name, res, [src], depth)
            return out
        if src.rf is None:
            self.mark(res, None, depth, unknown=True)
            return out
        rh, rw, jh, jw, ph, pw = src.rf
        rh, jh, ph = rules.rf_step(rh, jh, ph, k[0], s[0], p[0], d[0])
        rw, jw, pw = rules.rf_step(rw, jw, pw, k[1], s[1], p[1], d[1])
        info = self.mark(res, (rh, rw, jh, jw, ph, pw), depth)
        self.t.ops.append(
            SpatialOp("window", [src.node], info.node, ((k[0], s[0], p[0], d[0], ceil), (k[1], s[1], p[1], d[1], ceil)))
        )
        return out

    def _check_linear(self, args: tuple, kwargs: dict) -> None:
        x = args[0] if args else kwargs["input"]
        weight = _arg(args, kwargs, 1, "weight", None)
        if x.shape[-1] != weight.shape[1]:
            raise InvalidInput(
                N_("Layer '{layer}' (Linear) expects {expected:,} input features but receives {received:,}: the model's classifier was sized for a different input size."), layer=self._where(), expected=int(weight.shape[1]), received=int(x.shape[-1]),
            )

    def _adaptive(self, x: Tensor, res: Tensor, src: TensorInfo, depth: int) -> None:
        oh, ow = res.shape[2], res.shape[3]
        if (oh, ow) == (1, 1):  # global pooling: one value per map, no spatial layout left
            info = self.mark(res, None, depth)
            self.t.ops.append(SpatialOp("reset", [src.node], info.node))
            return
        if src.rf is None:
            self.mark(res, None, depth, unknown=True)
            return
        rh, rw, jh, jw, ph, pw = src.rf
        new = []
        for n, o, r, j, p in ((x.shape[2], oh, rh, jh, ph), (x.shape[3], ow, rw, jw, pw)):
            wins = rules.adaptive_windows(n, o)
            sizes = {e - s for s, e in wins}
            steps = {b[0] - a[0] for a, b in zip(wins, wins[1:])} or {1}
            if len(sizes) > 1 or len(steps) > 1:
                # Unequal windows (e.g. 5 → 7): each unit sees a different span; no single (r, j, P) describes it.
                layer, size, out = self._layer(), f"{x.shape[2]}×{x.shape[3]}", f"{oh}×{ow}"
                if layer is None:
                    note = Note(N_("Adaptive pooling in the model maps {size} to {out} with windows of unequal size, so its receptive field depends on the position and is not shown."), size=size, out=out)
                else:
                    note = Note(N_("Adaptive pooling in {layer} maps {size} to {out} with windows of unequal size, so its receptive field depends on the position and is not shown."), layer=layer, size=size, out=out)
                self._note(note, self.t.diagnostics)
                info = self.mark(res, None, depth, unknown=True)
                self.t.ops.append(SpatialOp("reset", [src.node], info.node))
                return
            new.append(rules.rf_step(r, j, p, sizes.pop(), steps.pop(), 0, 1))
        (rh, jh, ph), (rw, jw, pw) = new
        info = self.mark(res, (rh, rw, jh, jw, ph, pw), depth)
        self.t.ops.append(SpatialOp("reset", [src.node], info.node))

    def _pad(self, args: tuple, kwargs: dict, res: Tensor, src: TensorInfo, depth: int) -> None:
        pad = list(_arg(args, kwargs, 1, "pad", ()))
        pad += [0] * (4 - len(pad))
        left, right, top, bottom = pad[:4]
        if src.rf is None:
            info = self.mark(res, None, depth, unknown=src.unknown)
        else:
            rh, rw, jh, jw, ph, pw = src.rf
            info = self.mark(res, (rh, rw, jh, jw, ph + top * jh, pw + left * jw), depth)
        self.t.ops.append(SpatialOp("pad", [src.node], info.node, ((top, bottom), (left, right))))

    def _slice(self, args: tuple, x: Tensor, res: Tensor, src: TensorInfo, depth: int) -> None:
        index = args[1] if len(args) > 1 else ()
        index = index if isinstance(index, tuple) else (index,)
        axes = []
        for dim in (2, 3):
            sl = index[dim] if len(index) > dim else slice(None)
            if not isinstance(sl, slice) or any(i is None or i is Ellipsis for i in index):  # axes would shift
                self.mark(res, None, depth, unknown=True)
                self.t.rf_broken = True
                return
            start, _, step = sl.indices(x.shape[dim])
            axes.append((1, step, -start, 1, False))
        if src.rf is None:
            info = self.mark(res, None, depth, unknown=src.unknown)
        else:
            rh, rw, jh, jw, ph, pw = src.rf
            (rh, jh, ph), (rw, jw, pw) = (rules.rf_step(r, j, p, *a[:4]) for (r, j, p), a in zip(((rh, jh, ph), (rw, jw, pw)), axes))
            info = self.mark(res, (rh, rw, jh, jw, ph, pw), depth)
        self.t.ops.append(SpatialOp("window", [src.node], info.node, (axes[0], axes[1])))

    def _merge(self, name: str, res: Tensor, ins: list[TensorInfo], depth: int) -> None:
        """Element-wise or concatenation: the receptive field is the largest over the paths."""
        known = [i for i in ins if i.rf is not None]
        if len(known) < len(ins) or not known:
            info = self.mark(res, None, depth, unknown=True, axes=ins[0].axes)
        else:
            best = max(known, key=lambda i: (i.rf[0] * i.rf[1], i.rf[4] + i.rf[5]))
            aligned = True
            for other in known:
                if other is best:
                    continue
                # Centre of unit 0's field, per axis: -P + (r - 1)/2; strides must agree too.
                for ax in (0, 1):
                    c_best = -best.rf[4 + ax] + (best.rf[ax] - 1) / 2
                    c_other = -other.rf[4 + ax] + (other.rf[ax] - 1) / 2
                    if c_best != c_other or best.rf[2 + ax] != other.rf[2 + ax]:
                        layer = self._layer()
                        if layer is None:
                            note = Note(N_("The model: branches merged by '{op}' are misaligned (their receptive fields have different centres or strides)."), op=name)
                        else:
                            note = Note(N_("{layer}: branches merged by '{op}' are misaligned (their receptive fields have different centres or strides)."), op=name, layer=layer)
                        self._note(note, self.t.misaligned)
                        aligned = False
                        break
            rf = best.rf
            if aligned and len(known) > 1:
                # Centred paths: the merged field is the largest on each axis, which may come from different
                # paths (Inception-v3's parallel 1×3 and 3×1 convolutions).
                bh = max(known, key=lambda i: (i.rf[0], i.rf[4]))
                bw = max(known, key=lambda i: (i.rf[1], i.rf[5]))
                rf = (bh.rf[0], bw.rf[1], bh.rf[2], bw.rf[3], bh.rf[4], bw.rf[5])
            info = self.mark(res, rf, depth, axes=best.axes)
        self.t.ops.append(SpatialOp("pass", [i.node for i in ins], info.node))


def _keeps_spatial(name: str, args: tuple, kwargs: dict, x: Tensor | None, res: Tensor) -> bool:
    """Whether a layout change leaves the last two axes (the spatial ones) untouched.

    Row-major order makes a view or reshape that ends in the same (H, W) keep every unit where it was; a
    transpose or permute must not move those two axes.
    """
    if x is None or x.dim() < 3 or res.dim() < 3 or tuple(res.shape[-2:]) != tuple(x.shape[-2:]):
        return False
    n = x.dim()
    if name == "transpose":
        dims = [_arg(args, kwargs, 1, "dim0", 0), _arg(args, kwargs, 2, "dim1", 1)]
        return all(d % n < n - 2 for d in dims)
    if name == "permute":
        dims = args[1:] if len(args) > 2 or (len(args) == 2 and isinstance(args[1], int)) else _arg(args, kwargs, 1, "dims", ())
        return [d % n for d in dims][-2:] == [n - 2, n - 1]
    if name == "flatten":
        end = _arg(args, kwargs, 2, "end_dim", -1) % n
        return end < n - 2
    return True


def _splits_channels(args: tuple, kwargs: dict, x: Tensor | None) -> bool:
    """Whether a chunk or split cuts along an axis before the last two (channels, not space)."""
    if x is None or x.dim() < 3:
        return False
    return _arg(args, kwargs, 2, "dim", 0) % x.dim() < x.dim() - 2


class _Recorder:
    """Records the calls of one model's modules (stage → block → layer) during a trace."""

    def __init__(self, trace: Trace, current: list[int], tracer: _Tracer) -> None:
        self.trace = trace
        self.current = current
        self.tracer = tracer
        self.seen: set[int] = set()

    def wrap(self, module: nn.Module, name: str, forward: Any) -> Any:
        calls, current, seen = self.trace.calls, self.current, self.seen
        standin = self.tracer.standin(module)
        if standin is not None:  # it reads shapes itself: its own tensor calls need not pass the trace's hook
            def forward(*args: Any, _standin: Any = standin, **kwargs: Any) -> Any:
                with torch._C.DisableTorchFunction():
                    return _standin(*args, **kwargs)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            x = args[0] if args and isinstance(args[0], Tensor) else _first_tensor(args)
            call = Call(module, name, len(current) + 1, current[-1] if current else None, x, id(module) in seen)
            seen.add(id(module))
            calls.append(call)
            current.append(len(calls) - 1)
            out = forward(*args, **kwargs)
            current.pop()
            call.output = out if isinstance(out, Tensor) else _first_tensor(out)
            call.inplace = x is not None and call.output is x
            return out

        return recorded


@contextmanager
def _hooked(named: list[tuple[str, nn.Module]], trace: Trace, current: list[int], tracer: _Tracer) -> Iterator[None]:
    """Record module calls by wrapping each module's ``forward`` (an instance attribute).

    Wrapping keeps ``nn.Module.__call__`` on its fast path, which module hooks
    would leave: about 3× cheaper for ResNet-152. The model is a private copy
    (built for this analysis, or a meta copy of the user's), so nobody else sees
    the wrappers, and ``finally`` removes them and restores the training modes.
    """
    modules = [m for _, m in named]
    training = [m.training for m in modules]
    rec = _Recorder(trace, current, tracer)
    own_forward = [m.__dict__.get("forward") for m in modules]
    try:
        # named_modules() starts with the model itself, which is recorded only when it is one of PyTorch's layers
        # (a model whose forward calls F.conv2d itself is shown by those operations' rows).
        root = named[0][1]
        recorded = named[1:] or ([(type(root).__name__, root)] if ops.is_builtin_layer(root) else [])
        for name, m in recorded:
            m.__dict__["forward"] = rec.wrap(m, name, m.forward)
        for m in modules:
            m.__dict__["training"] = False  # eval mode; a plain attribute, so skip Module.__setattr__
        yield
    finally:
        for m, fwd, flag in zip(modules, own_forward, training):
            m.__dict__.pop("forward", None)
            if fwd is not None:
                m.__dict__["forward"] = fwd
            m.__dict__["training"] = flag


def run_trace(
    model: nn.Module, input_shape: tuple[int, int, int], named: list[tuple[str, nn.Module]] | None = None
) -> tuple[Trace, Tensor]:
    """Run ``model`` once on a meta tensor of ``(1, *input_shape)`` and record it.

    The model must live on the meta device (or take meta inputs). ``named`` is
    ``list(model.named_modules())`` when the caller has it already.

    Raises:
        InputTooSmall: naming the first layer whose output would be empty.
        InvalidInput: when channels or features do not fit.
    """
    trace = Trace()
    current: list[int] = []
    x = torch.empty((1, *input_shape), device="meta")
    tracer = _Tracer(trace, current)
    with _hooked(named if named is not None else list(model.named_modules()), trace, current, tracer):
        tracer.add_input(x)
        with torch.no_grad(), tracer:
            out = model(x)
    _add_last_step(trace, tracer, out)
    trace.diagnostics.extend(trace.misaligned)
    return trace, out


def _add_last_step(trace: Trace, tracer: _Tracer, out: Any) -> None:
    """A row for the operation that made the model's output when no row shows it.

    A forward that ends in ``x * w`` (squeeze-and-excitation), a reshape or a
    sum would otherwise leave the table's last row with another shape than the
    model's output. The row goes where the operation ran; later rows move down.
    """
    res = _first_tensor(out if not isinstance(out, dict) else list(out.values()))
    if res is None or any(c.output is res for c in trace.calls):
        return
    hit = tracer.root_ops.get(id(res))
    if hit is None or hit[3] is not res:
        return
    pos, name, x, _ = hit
    call = tracer.op_call(name, None, x, res, 1)
    call.attrs = ()
    for c in trace.calls[pos:]:
        if c.parent is not None and c.parent >= pos:
            c.parent += 1
    trace.calls.insert(pos, call)


def min_input_size(trace: Trace) -> tuple[int, int]:
    """Smallest (H, W) for which every spatial layer of the traced graph outputs ≥ 1 unit.

    Walks the recorded operations backwards: each window operation turns the
    size its output needs into the size its input needs (``rules.min_input``),
    and a tensor needs the largest of what its consumers need.
    """
    need: dict[int, list[int]] = {}
    for op in reversed(trace.ops):
        out_need = need.get(op.output, [1, 1])
        if op.kind == "window":
            req = [rules.min_input(out_need[a], *op.axes[a][:4], ceil=op.axes[a][4]) for a in (0, 1)]
        elif op.kind == "pad":
            req = [max(1, out_need[a] - op.axes[a][0] - op.axes[a][1]) for a in (0, 1)]
        elif op.kind == "reset":
            req = [1, 1]
        else:
            req = list(out_need)
        for node in op.inputs:
            cur = need.setdefault(node, [1, 1])
            cur[0], cur[1] = max(cur[0], req[0]), max(cur[1], req[1])
    h, w = need.get(0, [1, 1])
    return h, w


_ATTR_KEYS = (
    "in_channels out_channels kernel_size stride padding dilation groups in_features out_features num_features "
    "eps momentum output_size ceil_mode p inplace padding_mode count_include_pad size alpha beta k"
).split()
_ATTR_SET = frozenset(_ATTR_KEYS)


def module_attrs(module: nn.Module) -> tuple[tuple[str, Any], ...]:
    """The settings of a leaf module that its formulas need."""
    own = vars(module)
    out = []
    for key in _ATTR_SET.intersection(own):
        v = own[key]
        if isinstance(v, (int, float, bool, str, tuple)) or v is None:
            out.append((key, v))
    out.sort()
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        out.append(("bias", module._parameters.get("bias") is not None))
    return tuple(out)


def torchinfo_macs(module: nn.Module, output_shape: tuple[int, ...]) -> int:
    """Multiply-adds of one leaf module for one sample, as torchinfo 1.8 counts them.

    Convolutions: (weight + bias elements) × output positions. Other layers with
    parameters (dense, BatchNorm): parameter elements once per sample. Layers
    without parameters (pooling, activations): 0.
    """
    conv = "Conv" in type(module).__name__
    spatial = math.prod(output_shape[1:]) if len(output_shape) > 1 else 1
    total = 0
    for pname, p in module._parameters.items():
        if p is None:
            continue
        if pname in ("weight", "bias"):
            total += p.numel() * (spatial if conv else 1)
        elif "weight" in pname or "bias" in pname:
            total += (output_shape[0] if output_shape else 1) * p.numel()
    return total

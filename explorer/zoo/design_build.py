"""A parsed design against an input shape: channels and sizes checked layer by layer, then an ``nn.Module``.

:func:`resolve` walks the spec with the shape of the tensor that flows
through it, infers what is not written (a conv's input channels, a linear
layer's input features), checks what is (an explicit ``in:`` that disagrees
is an error on its line) and counts the parameters by arithmetic, so that a
design over the server's budget is refused before any weight exists. The
result is a tree of :class:`Leaf` constructors and containers, which
:func:`materialize` turns into modules and :mod:`explorer.zoo.design_export`
into Python source: both read the same tree, so they agree.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from explorer.errors import OverBudget
from explorer.rules import conv_out
from explorer.settings import settings
from explorer.zoo.design import Concat, Group, Layer, Node, Residual, Spec, SpecError
from explorer.i18n import N_

Shape = tuple[int, ...]  # (C, H, W) or (F,)


# --- the modules a design is made of (also written into exported source files) ------------------------


class DesignNet(nn.Sequential):
    """A network written as a design spec: its layers, one after the other."""


class ResidualBlock(nn.Module):
    """``after(body(x) + shortcut(x))`` (He et al. 2016, Figure 2); no shortcut module is the identity."""

    def __init__(self, body: nn.Module, shortcut: nn.Module | None = None, after: nn.Module | None = None) -> None:
        super().__init__()
        self.body = body
        self.shortcut = shortcut
        self.after = after

    def forward(self, x: Tensor) -> Tensor:
        out = self.body(x)
        identity = x if self.shortcut is None else self.shortcut(x)
        out = out + identity
        return out if self.after is None else self.after(out)


class ConcatBlock(nn.Module):
    """Branches on the same input, outputs concatenated along channels (Szegedy et al. 2015, Figure 2)."""

    def __init__(self, *branches: nn.Module) -> None:
        super().__init__()
        for i, b in enumerate(branches, start=1):
            self.add_module(f"branch{i}", b)

    def forward(self, x: Tensor) -> Tensor:
        return torch.cat([b(x) for b in self.children()], 1)


class SqueezeExcite(nn.Module):
    """Squeeze-and-excitation (Hu et al. 2018): channel weights from a global average, two 1×1 convs, a sigmoid."""

    def __init__(self, channels: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Conv2d(channels, hidden, 1)
        self.relu = nn.ReLU()
        self.fc2 = nn.Conv2d(hidden, channels, 1)
        self.gate = nn.Sigmoid()

    def forward(self, x: Tensor) -> Tensor:
        s = F.adaptive_avg_pool2d(x, 1)  # N x C x 1 x 1
        s = self.gate(self.fc2(self.relu(self.fc1(s))))
        return x * s


class ChannelPad(nn.Module):
    """ResNet's option-A shortcut (He et al. 2016, §4.2): every ``stride``-th pixel, zero channels before and after."""

    def __init__(self, stride: int, before: int, after: int) -> None:
        super().__init__()
        self.stride, self.before, self.after = stride, before, after

    def forward(self, x: Tensor) -> Tensor:
        if self.stride != 1:
            x = F.avg_pool2d(x, 1, self.stride)
        return F.pad(x, (0, 0, 0, 0, self.before, self.after))


MODULES = (DesignNet, ResidualBlock, ConcatBlock, SqueezeExcite, ChannelPad)


# --- the resolved tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """A module constructor: ``cls(*args, **kwargs)`` of ``torch.nn`` (or of :data:`MODULES` when ``ours``)."""

    name: str
    cls: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    params: int = 0
    ours: bool = False


@dataclass(frozen=True)
class Seq:
    name: str
    children: tuple[Resolved, ...]


@dataclass(frozen=True)
class Res:
    name: str
    body: Seq
    shortcut: Seq | None
    after: Leaf | None


@dataclass(frozen=True)
class Cat:
    name: str
    branches: tuple[Seq, ...]


Resolved = Union[Leaf, Seq, Res, Cat]


@dataclass(frozen=True)
class Net:
    """A design resolved for an input: the module tree, its output shape and parameter count."""

    name: str
    input_shape: tuple[int, int, int]
    output_shape: Shape
    params: int
    root: Seq = field(repr=False)


_BASE = {"conv": "conv", "bn": "bn", "maxpool": "pool", "avgpool": "pool", "dropout": "drop", "flatten": "flatten",
         "linear": "fc", "se": "se", "residual": "res", "concat": "concat"}
_ACT = {"relu": ("ReLU", ()), "tanh": ("Tanh", ()), "sigmoid": ("Sigmoid", ()), "leaky_relu": ("LeakyReLU", (0.01,)),
        "elu": ("ELU", ()), "gelu": ("GELU", ()), "silu": ("SiLU", ())}


def _size(shape: Shape) -> str:
    return "×".join(str(s) for s in shape) if len(shape) == 3 else f"{shape[0]} features"


class _Resolver:
    def __init__(self, override: tuple[int, int] | None) -> None:
        self.limits = settings()
        self.override = override  # (line of the layer, num_classes)

    def names(self, nodes: tuple[Node, ...]) -> list[str]:
        taken = {n.name for n in nodes if n.name}
        counters: dict[str, int] = {}
        out = []
        for n in nodes:
            if n.name:
                out.append(n.name)
                continue
            base = _BASE.get(n.kind, n.kind)
            while True:
                counters[base] = counters.get(base, 0) + 1
                cand = f"{base}{counters[base]}"
                if cand not in taken:
                    break
            taken.add(cand)
            out.append(cand)
        return out

    def seq(self, name: str, nodes: tuple[Node, ...], shape: Shape) -> tuple[Seq, Shape, int]:
        children, total = [], 0
        for n, child_name in zip(nodes, self.names(nodes)):
            if n.repeat > 1:
                reps = []
                for i in range(n.repeat):
                    r, shape, p = self.node(n, str(i), shape, label=f"{child_name}.{i}")
                    reps.append(r)
                    total += p
                children.append(Seq(child_name, tuple(reps)))
            else:
                r, shape, p = self.node(n, child_name, shape)
                children.append(r)
                total += p
        return Seq(name, tuple(children)), shape, total

    def node(self, n: Node, name: str, shape: Shape, *, label: str = "") -> tuple[Resolved, Shape, int]:
        label = label or n.name or name
        if isinstance(n, Layer):
            return self.layer(n, name, label, shape)
        if isinstance(n, Group):
            return self.seq(name, n.items, shape)
        if isinstance(n, Concat):
            branches, outs, total = [], [], 0
            for i, b in enumerate(n.branches, start=1):
                s, out, p = self.seq(f"branch{i}", b, shape)
                branches.append(s)
                outs.append(out)
                total += p
            if any(len(o) != 3 for o in outs) or len({o[1:] for o in outs}) != 1:
                sizes = ", ".join(_size(o) for o in outs)
                raise SpecError(N_("Line {line}: concat '{name}' joins branches along channels, so their maps must have the same height and width; they give {sizes}."), line=n.line, name=label, sizes=sizes)
            return Cat(name, tuple(branches)), (sum(o[0] for o in outs), *outs[0][1:]), total
        return self.residual(n, name, label, shape)

    def residual(self, n: Residual, name: str, label: str, shape: Shape) -> tuple[Resolved, Shape, int]:
        body, out, total = self.seq("body", n.body, shape)
        shortcut: Seq | None = None
        if isinstance(n.shortcut, tuple):
            shortcut, sout, p = self.seq("shortcut", n.shortcut, shape)
            total += p
            if sout != out:
                raise SpecError(N_("Line {line}: residual '{name}' adds its body's output {body} to its shortcut's {shortcut}: the two must have the same shape."), line=n.line,
                                name=label, body=_size(out), shortcut=_size(sout))
        elif out != shape:
            if n.shortcut == "identity" or len(out) != 3 or len(shape) != 3:
                raise SpecError(N_("Line {line}: residual '{name}' adds its body's output {body} to its input {input}: the shapes must be equal; use shortcut: projection to match them with a 1×1 convolution."),
                                line=n.line, name=label, body=_size(out), input=_size(shape))
            stride = next((s for s in range(1, shape[1] + 1) if conv_out(shape[1], 1, s) == out[1] and conv_out(shape[2], 1, s) == out[2]), None)
            if stride is None:
                raise SpecError(N_("Line {line}: residual '{name}' turns {input} into {body}, which no strided shortcut can match: write the shortcut's layers yourself."), line=n.line,
                                name=label, body=_size(out), input=_size(shape))
            if n.shortcut == "projection":
                kw = (("stride", stride),) if stride != 1 else ()
                conv = Leaf("conv1", "Conv2d", (shape[0], out[0], 1), (*kw, ("bias", False)), shape[0] * out[0])
                shortcut = Seq("shortcut", (conv, Leaf("bn1", "BatchNorm2d", (out[0],), (), 2 * out[0])))
                total += conv.params + 2 * out[0]
            else:  # pad (option A)
                extra = out[0] - shape[0]
                if extra < 0:
                    raise SpecError(N_("Line {line}: residual '{name}' has fewer output channels ({out}) than input ones ({input}); a zero-padded shortcut can only add channels: use shortcut: projection."),
                                    line=n.line, name=label, out=out[0], input=shape[0])
                shortcut = Seq("shortcut", (Leaf("pad", "ChannelPad", (stride, extra // 2, extra - extra // 2), ours=True),))
        after = Leaf("after", *_ACT[n.after]) if n.after else None
        return Res(name, body, shortcut, after), out, total

    def _int(self, n: Layer, label: str, arg: str, default: Any, lo: int, hi: int, *, value: Any = None) -> Any:
        v = n.arg(arg, default) if value is None else value
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise SpecError(N_("Line {line}: {arg} of {kind} '{name}' must be a whole number from {min} to {max}, not {value}."),
                            line=n.line, arg=arg, kind=n.kind, name=label, min=lo, max=hi, value=repr(v))
        return v

    def _bool(self, n: Layer, label: str, arg: str, default: bool) -> bool:
        v = n.arg(arg, default)
        if not isinstance(v, bool):
            raise SpecError(N_("Line {line}: {arg} of {kind} '{name}' is true or false, not {value}."),
                            line=n.line, arg=arg, kind=n.kind, name=label, value=repr(v))
        return v

    def _map(self, n: Layer, label: str, shape: Shape) -> None:
        if len(shape) != 3:
            raise SpecError(N_("Line {line}: {kind} '{name}' works on C×H×W maps, but it gets {features} flat features: put it before flatten."), line=n.line, kind=n.kind, name=label, features=shape[0])

    def _in(self, n: Layer, label: str, have: int, what: str) -> None:
        given = n.arg("in")
        if given is None or given == have:
            return
        if what == "channels":
            raise SpecError(N_("Line {line}: {kind} '{name}' expects {expected} input channels, the previous layer gives {got}; write in: {got}, or leave in: out (it is inferred)."), line=n.line,
                            kind=n.kind, name=label, expected=repr(given), got=have)
        raise SpecError(N_("Line {line}: {kind} '{name}' expects {expected} input features, the previous layer gives {got}; write in: {got}, or leave in: out (it is inferred)."), line=n.line,
                        kind=n.kind, name=label, expected=repr(given), got=have)

    def _out_size(self, n: Layer, label: str, shape: Shape, k: int, s: int, p: int, d: int, ceil: bool) -> tuple[int, int]:
        h, w = (conv_out(x, k, s, p, d, ceil) for x in shape[1:])
        if h < 1 or w < 1:
            raise SpecError(N_("Line {line}: {kind} '{name}' gets a {size} map and would output nothing: use a larger input, a smaller kernel or more padding, or fewer downsampling layers before it."),
                            line=n.line, kind=n.kind, name=label, size=f"{shape[1]}×{shape[2]}")
        return h, w

    def layer(self, n: Layer, name: str, label: str, shape: Shape) -> tuple[Resolved, Shape, int]:
        lim, side = self.limits, self.limits.max_input_side
        kind = n.kind
        if kind in _ACT:
            cls, args = _ACT[kind]
            return Leaf(name, cls, args), shape, 0
        if kind == "conv":
            self._map(n, label, shape)
            c = shape[0]
            self._in(n, label, c, "channels")
            groups = n.arg("groups", 1)
            if isinstance(groups, str) and groups != "depthwise":
                raise SpecError(N_("Line {line}: groups of conv '{name}' is a whole number or depthwise, not {value}."),
                                line=n.line, name=label, value=repr(groups))
            depthwise = groups == "depthwise"
            groups = self._int(n, label, "groups", 1, 1, lim.design_max_channels, value=c if depthwise else groups)
            out = self._int(n, label, "out", c if depthwise else None, 1, lim.design_max_channels)
            if self.override and self.override[0] == n.line:
                out = self.override[1]
            k = self._int(n, label, "kernel", 3, 1, side)
            s = self._int(n, label, "stride", 1, 1, side)
            d = self._int(n, label, "dilation", 1, 1, side)
            bias = self._bool(n, label, "bias", True)
            if c % groups or out % groups:
                raise SpecError(N_("Line {line}: conv '{name}' has {groups} groups, so its input channels ({input}) and output channels ({out}) must both be multiples of {groups}."), line=n.line,
                                name=label, groups=groups, input=c, out=out)
            pad = n.arg("padding", 0)
            span = d * (k - 1) + 1
            padding: Any
            if isinstance(pad, str) and pad not in ("same", "valid"):
                raise SpecError(N_("Line {line}: padding of conv '{name}' is a whole number, same or valid, not {value}."),
                                line=n.line, name=label, value=repr(pad))
            if pad == "same":
                if span % 2 == 1:
                    padding = (span - 1) // 2
                elif s == 1:
                    padding = "same"
                else:
                    raise SpecError(N_("Line {line}: conv '{name}' has an even kernel span ({span}) and stride {stride}: padding same then needs uneven padding; use an odd kernel or a number."), line=n.line,
                                    name=label, span=span, stride=s)
            elif pad == "valid":
                padding = 0
            else:
                padding = self._int(n, label, "padding", 0, 0, side)
            num = 0 if padding == "same" else padding
            h, w = (shape[1], shape[2]) if padding == "same" else self._out_size(n, label, shape, k, s, num, d, False)
            kw = [("stride", s), ("padding", padding), ("dilation", d), ("groups", groups), ("bias", bias)]
            defaults = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True}
            params = out * (c // groups) * k * k + (out if bias else 0)
            return Leaf(name, "Conv2d", (c, out, k), tuple((a, v) for a, v in kw if v != defaults[a]), params), (out, h, w), params
        if kind == "bn":
            eps, mom = n.arg("eps", 1e-5), n.arg("momentum", 0.1)
            for arg, v in (("eps", eps), ("momentum", mom)):
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 1:
                    raise SpecError(N_("Line {line}: {arg} of bn '{name}' is a number above 0 and at most 1, not {value}."),
                                    line=n.line, arg=arg, name=label, value=repr(v))
            kw = tuple((a, float(v)) for a, v, dflt in (("eps", eps, 1e-5), ("momentum", mom, 0.1)) if v != dflt)
            cls = "BatchNorm2d" if len(shape) == 3 else "BatchNorm1d"
            return Leaf(name, cls, (shape[0],), kw, 2 * shape[0]), shape, 2 * shape[0]
        if kind in ("maxpool", "avgpool"):
            self._map(n, label, shape)
            adaptive = "AdaptiveMaxPool2d" if kind == "maxpool" else "AdaptiveAvgPool2d"
            if n.arg("kernel") == "global":
                return Leaf(name, adaptive, (1,)), (shape[0], 1, 1), 0
            if n.arg("output") is not None:
                o = self._int(n, label, "output", None, 1, side)
                return Leaf(name, adaptive, (o,)), (shape[0], o, o), 0
            k = self._int(n, label, "kernel", 2, 1, side)
            s = self._int(n, label, "stride", k, 1, side)
            p = self._int(n, label, "padding", 0, 0, k // 2)
            ceil = self._bool(n, label, "ceil", False)
            h, w = self._out_size(n, label, shape, k, s, p, 1, ceil)
            kw: list[tuple[str, Any]] = [("stride", s)] if s != k else []
            kw += [("padding", p)] if p else []
            kw += [("ceil_mode", True)] if ceil else []
            if kind == "avgpool" and not self._bool(n, label, "include_pad", True):
                kw.append(("count_include_pad", False))
            return Leaf(name, "MaxPool2d" if kind == "maxpool" else "AvgPool2d", (k,), tuple(kw)), (shape[0], h, w), 0
        if kind == "dropout":
            p = n.arg("p", 0.5)
            if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p < 1:
                raise SpecError(N_("Line {line}: dropout '{name}' takes a probability from 0 up to (not including) 1, not {value}."),
                                line=n.line, name=label, value=repr(p))
            return Leaf(name, "Dropout", (float(p),)), shape, 0
        if kind == "flatten":
            return Leaf(name, "Flatten", (1,)), (math.prod(shape),), 0
        if kind == "linear":
            if len(shape) != 1:
                raise SpecError(N_("Line {line}: linear '{name}' needs flat features, but it gets a {size} map: put flatten (or avgpool: global and flatten) before it."), line=n.line,
                                name=label, size=_size(shape))
            f = shape[0]
            self._in(n, label, f, "features")
            out = self._int(n, label, "out", None, 1, self.limits.design_max_channels)
            if self.override and self.override[0] == n.line:
                out = self.override[1]
            bias = self._bool(n, label, "bias", True)
            params = f * out + (out if bias else 0)
            return Leaf(name, "Linear", (f, out), () if bias else (("bias", False),), params), (out,), params
        if kind == "se":
            self._map(n, label, shape)
            c = shape[0]
            r = self._int(n, label, "reduction", 4, 1, max(1, c))
            hidden = self._int(n, label, "hidden", max(1, c // r), 1, lim.design_max_channels)
            params = 2 * c * hidden + hidden + c
            return Leaf(name, "SqueezeExcite", (c, hidden), (), params, ours=True), shape, params
        raise AssertionError(kind)  # the parser admits no other kind


def _override_line(spec: Spec) -> int | None:
    for n in reversed(spec.layers):
        if isinstance(n, Layer) and n.kind in ("linear", "conv"):
            return n.line
    return None


def resolve(spec: Spec, input_shape: tuple[int, int, int], *, num_classes: int = 0) -> Net:
    """``spec`` for one sample of ``input_shape`` (C, H, W): every layer's constructor, the output shape, the parameters.

    ``num_classes`` > 0 replaces the outputs of the last linear (or conv) layer of the top level (a dataset's classes).

    Raises:
        SpecError: the first layer that cannot take what it gets, with its line.
    """
    override = None
    if num_classes:
        line = _override_line(spec)
        if line is None:
            raise SpecError(N_("The design has no linear or conv layer at its top level whose outputs could be the classes: end it with linear: (number of classes)."))
        override = (line, int(num_classes))
    root, out, params = _Resolver(override).seq("", spec.layers, tuple(input_shape))
    return Net(spec.name, tuple(input_shape), out, params, root)  # type: ignore[arg-type]


# --- modules from the tree ------------------------------------------------------------------------


def _module(r: Resolved) -> nn.Module:
    if isinstance(r, Leaf):
        cls = next(m for m in MODULES if m.__name__ == r.cls) if r.ours else getattr(nn, r.cls)
        return cls(*r.args, **dict(r.kwargs))
    if isinstance(r, Seq):
        return nn.Sequential(OrderedDict((c.name, _module(c)) for c in r.children))
    if isinstance(r, Res):
        return ResidualBlock(_module(r.body), _module(r.shortcut) if r.shortcut else None, _module(r.after) if r.after else None)
    return ConcatBlock(*(_module(b) for b in r.branches))


def materialize(net: Net) -> DesignNet:
    """The model of ``net`` (PyTorch's default initialisation, as ``nn.Conv2d`` and friends give it)."""
    return DesignNet(OrderedDict((c.name, _module(c)) for c in net.root.children))


def check_budget(net: Net) -> None:
    """Refuse a design over the operator's ``max_params`` before a weight is allocated (the budget's own sentence)."""
    limit = settings().max_params
    if net.params > limit:
        title = f"Your design '{net.name}'"
        raise OverBudget(N_("{title} has {params} parameters; this server builds models of at most {limit}: make it smaller (fewer channels, layers or classes)."),
                         title=title, params=f"{net.params:,}", limit=f"{limit:,}")


def build_model(spec: Spec, input_shape: tuple[int, int, int], *, num_classes: int = 0) -> DesignNet:
    """Resolve and build; real weights (not the meta device of the analysis) only within the budget."""
    net = resolve(spec, input_shape, num_classes=num_classes)
    if torch.get_default_device().type != "meta":
        check_budget(net)
    return materialize(net)

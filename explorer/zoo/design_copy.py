"""A zoo architecture written as a design spec: "Edit a copy" on the Design page.

The model is built on the meta device (no weights) and read module by module:
layers become spec layers, and the families whose ``forward`` is known (VGG,
ResNet with basic or bottleneck blocks, the CIFAR ResNets, the books' plain
CNNs such as LeNet-5, TinyVGG and the CIFAR models) become the spec's
sequence and residual blocks. Consecutive identical entries are folded into
``repeat:``. Anything else is refused with a sentence naming the part that has
no spec form. The tests check that the copy has the zoo model's parameters,
``state_dict`` shapes and outputs.
"""

from __future__ import annotations

from typing import Any

import torch
import yaml
from torch import nn

from explorer.zoo.design import SpecError
from explorer.i18n import N_

_ACT = {nn.ReLU: "relu", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid", nn.GELU: "gelu", nn.SiLU: "silu"}


class _NoForm(Exception):
    def __init__(self, where: str, cls: str) -> None:
        super().__init__(where)
        self.where, self.cls = where, cls


def _square(v: Any, where: str, m: nn.Module) -> int:
    if isinstance(v, int):
        return v
    if len(set(v)) != 1:
        raise _NoForm(where, type(m).__name__ + " (not square)")
    return int(v[0])


def _leaf(m: nn.Module, where: str) -> list[Any]:
    if type(m) in _ACT:
        return [_ACT[type(m)]]
    if isinstance(m, nn.LeakyReLU) and m.negative_slope == 0.01:
        return ["leaky_relu"]
    if isinstance(m, nn.ELU) and m.alpha == 1.0:
        return ["elu"]
    if isinstance(m, nn.Identity):
        return []
    if isinstance(m, nn.Conv2d) and type(m) is nn.Conv2d and m.padding_mode == "zeros":
        args: dict[str, Any] = {"out": m.out_channels, "kernel": _square(m.kernel_size, where, m)}
        s, d = _square(m.stride, where, m), _square(m.dilation, where, m)
        p = m.padding if isinstance(m.padding, str) else _square(m.padding, where, m)
        args.update({k: v for k, v, dflt in (("stride", s, 1), ("padding", p, 0), ("dilation", d, 1), ("groups", m.groups, 1))
                     if v != dflt and v != "valid"})
        if m.bias is None:
            args["bias"] = False
        return [{"conv": args}]
    if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm1d)) and m.affine and m.track_running_stats:
        extra = {k: v for k, v, dflt in (("eps", m.eps, 1e-5), ("momentum", m.momentum, 0.1)) if v != dflt}
        return [{"bn": extra} if extra else "bn"]
    if isinstance(m, (nn.MaxPool2d, nn.AvgPool2d)) and getattr(m, "divisor_override", None) is None and getattr(m, "dilation", 1) in (1, (1, 1)):
        kind = "maxpool" if isinstance(m, nn.MaxPool2d) else "avgpool"
        k = _square(m.kernel_size, where, m)
        s = _square(m.stride if m.stride is not None else k, where, m)
        p = _square(m.padding, where, m)
        args = {"kernel": k}
        args.update({k2: v for k2, v in (("stride", s if s != k else None), ("padding", p or None), ("ceil", m.ceil_mode or None)) if v})
        if kind == "avgpool" and p and not m.count_include_pad:
            args["include_pad"] = False
        return [{kind: args if len(args) > 1 else k}]
    if isinstance(m, (nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool2d)):
        kind = "avgpool" if isinstance(m, nn.AdaptiveAvgPool2d) else "maxpool"
        o = _square(m.output_size, where, m)
        return [{kind: "global"} if o == 1 else {kind: {"output": o}}]
    if type(m) is nn.Dropout:
        return [{"dropout": float(m.p)}]
    if isinstance(m, nn.Flatten) and m.start_dim == 1 and m.end_dim == -1:
        return ["flatten"]
    if type(m) is nn.Linear:
        return [{"linear": m.out_features} if m.bias is not None else {"linear": {"out": m.out_features, "bias": False}}]
    raise _NoForm(where, type(m).__name__)


def _children(m: nn.Module, names: list[str], where: str) -> list[Any]:
    out: list[Any] = []
    for n in names:
        if n == "<flatten>":
            out.append("flatten")
        elif getattr(m, n, None) is not None:
            out += _items(getattr(m, n), f"{where}.{n}" if where else n)
    return out


def _block(m: nn.Module, where: str) -> list[Any]:
    """A ResNet block (torchvision's or the CIFAR one): a residual with a body, a shortcut and a ReLU after."""
    body = ["conv1", "bn1", "relu", "conv2", "bn2"] + (["relu", "conv3", "bn3"] if hasattr(m, "conv3") else [])
    items = _children(m, body, where)
    if not m.residual:
        return items + ["relu"]
    shortcut: Any = "identity"
    if getattr(m, "downsample", None) is not None:
        shortcut = _items(m.downsample, f"{where}.downsample")
    elif getattr(m, "subsample", None) is not None or getattr(m, "pad", (0, 0)) != (0, 0):
        shortcut = "pad"
    return [{"residual": {"body": items, "shortcut": shortcut, "after": "relu"}}]


def _items(m: nn.Module, where: str) -> list[Any]:
    from explorer.zoo import alexnet, resnet, resnet_cifar, vgg
    from explorer.zoo.books.common import ConvClassifier

    if type(m) is nn.Sequential or isinstance(m, ConvClassifier):
        return _fold(_children(m, [n for n, _ in m.named_children()], where))
    if isinstance(m, (vgg.VGG, alexnet.AlexNet)):
        return _fold(_children(m, ["features", "avgpool", "<flatten>", "classifier"], where))
    if isinstance(m, resnet.ResNet):
        return _fold(_children(m, ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "<flatten>", "fc"], where))
    if isinstance(m, resnet_cifar.ResNetCifar):
        return _fold(_children(m, ["conv1", "bn1", "relu", "layer1", "layer2", "layer3", "avgpool", "<flatten>", "fc"], where))
    if isinstance(m, (resnet.BasicBlock, resnet.Bottleneck, resnet_cifar.BasicBlock)):
        return _block(m, where)
    if next(m.children(), None) is None:
        return _leaf(m, where)
    raise _NoForm(where, type(m).__name__)


def _fold(items: list[Any]) -> list[Any]:
    """Consecutive identical entries as one with ``repeat:`` (their input channels are inferred, so they are the same)."""
    out: list[Any] = []
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and items[j + 1] == items[i]:
            j += 1
        n, item = j - i + 1, items[i]
        if n > 1 and not (isinstance(item, str) and item in ("relu", "bn", "flatten")):  # folded ReLUs read worse than two lines
            kind, args = (item, {}) if isinstance(item, str) else next(iter(item.items()))
            if not isinstance(args, dict):
                args = {_SHORTHAND[kind]: args}
            item = {kind: {**args, "repeat": n}}
            out.append(item)
        else:
            out += [item] * n
        i = j + 1
    return out


_SHORTHAND = {"conv": "out", "linear": "out", "dropout": "p", "maxpool": "kernel", "avgpool": "kernel"}


def to_spec(arch: str, hparams: dict[str, Any] | None = None, input_shape: tuple[int, int, int] | None = None) -> str:
    """The spec text of zoo architecture ``arch`` with ``hparams``, for ``input_shape`` (default: the architecture's).

    Raises:
        SpecError: for an architecture that has a part with no spec form (GoogLeNet's Inception modules, DenseNet …).
        ExplorerError: bad hyperparameters (as the registry says).
    """
    from explorer.zoo.design import text_of
    from explorer.zoo.registry import get

    a = get(arch)
    if a.name == "design":
        return text_of((hparams or {}).get("spec") or a.defaults()["spec"])
    hp = a.resolve({k: v for k, v in (hparams or {}).items()})
    shape = tuple(input_shape) if input_shape else a.input_shape
    if "in_channels" in hp:
        hp["in_channels"] = shape[0]
    if "input_size" in hp:
        hp["input_size"] = shape[1]
    with torch.device("meta"):
        model = a.builder(**hp)
    try:
        layers = _items(model, "")
    except _NoForm as no:
        raise SpecError(N_("{title} cannot be written as a spec yet: its part '{part}' ({cls}) has no spec form. AlexNet, VGG, ResNet (basic and bottleneck blocks), the CIFAR ResNets and the plain CNNs (LeNet-5, TinyVGG, the CIFAR models) can."), title=a.title, part=no.where or arch, cls=no.cls) from None
    header = f"# {a.title}, written as a design spec from the zoo's '{a.name}'. Edit it: it is your copy.\n"
    doc = {"name": f"{a.name}_copy", "input": "x".join(str(v) for v in shape), "layers": layers}
    return header + yaml.safe_dump(doc, sort_keys=False, default_flow_style=None, width=110, allow_unicode=True)

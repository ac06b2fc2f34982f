"""One table of layer rules, keyed by module type, read by every part of the analysis.

The trace (its shape-only stand-ins), the formulas (which formula explains a
row) and the functional rows (``F.max_pool2d`` is explained as a
``MaxPool2d``) all look a layer up here, so that a layer type is known to all
of them or to none. The rules themselves are pure functions in
:mod:`explorer.rules`; the multiply-adds of functional operations are
in :mod:`explorer.analysis.ops`.

Kinds:
    ``conv``: a 2-D convolution (window, weights).
    ``linear``: a dense layer on the last axis (at every position of the others).
    ``batchnorm``: per-channel scale and shift; shape kept.
    ``pool``: max or average pooling (window, no weights).
    ``adaptive``: adaptive pooling to a fixed output size.
    ``pad``: zero padding around the map.
    ``flatten``: the map as one vector.
    ``pointwise``: applied to each value (activations, dropout, identity); shape and field kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn


@dataclass(frozen=True, slots=True)
class LayerRule:
    """What the analysis knows about one layer type.

    Attributes:
        kind: one of the kinds above; picks the shape rule, the receptive-field
            rule and the formulas.
        op: the functional twin (``conv2d``, ``max_pool2d``), whose rows get the
            same formulas; "" when none.
        standin: the trace may replace the layer's ``forward`` (exact class only)
            by a shape-only stand-in. Off where the layer's settings change what
            it does to space (``nn.Softmax(dim=2)``), so the trace follows its
            operations instead.
    """

    kind: str
    op: str = ""
    standin: bool = True


_POINTWISE = (
    nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.PReLU, nn.ELU, nn.SELU, nn.CELU, nn.GELU, nn.SiLU, nn.Mish, nn.Tanh, nn.Sigmoid,
    nn.Hardtanh, nn.Hardswish, nn.Hardsigmoid, nn.Softplus, nn.Dropout, nn.Dropout2d, nn.AlphaDropout, nn.Identity,
    nn.LocalResponseNorm,
)

RULES: dict[type[nn.Module], LayerRule] = {
    nn.Conv2d: LayerRule("conv", "conv2d"),
    nn.Linear: LayerRule("linear", "linear"),
    nn.BatchNorm1d: LayerRule("batchnorm"),
    nn.BatchNorm2d: LayerRule("batchnorm"),
    nn.MaxPool2d: LayerRule("pool", "max_pool2d"),
    nn.AvgPool2d: LayerRule("pool", "avg_pool2d"),
    nn.AdaptiveAvgPool2d: LayerRule("adaptive", "adaptive_avg_pool2d", standin=False),
    nn.AdaptiveMaxPool2d: LayerRule("adaptive", "adaptive_max_pool2d", standin=False),
    nn.ZeroPad2d: LayerRule("pad", standin=False),
    nn.Flatten: LayerRule("flatten", standin=False),
    **{t: LayerRule("pointwise") for t in _POINTWISE},
    # Softmax keeps the shape, but over which axis depends on ``dim``: the trace follows F.softmax.
    nn.Softmax: LayerRule("pointwise", standin=False),
    nn.LogSoftmax: LayerRule("pointwise", standin=False),
}

# By the name a record carries: the module's class name, or ``F.<op>`` for a functional row.
BY_NAME: dict[str, LayerRule] = {t.__name__: r for t, r in RULES.items()}
# Functional rows whose settings the trace records (see ops.op_attrs) are explained like their layer.
BY_NAME.update({f"F.{r.op}": r for r in RULES.values() if r.kind in ("conv", "pool", "adaptive")})


def rule(layer: nn.Module | type | str) -> LayerRule | None:
    """The rule of a module (its exact class), a module type, or a record's ``type``; None when unknown."""
    if isinstance(layer, str):
        return BY_NAME.get(layer)
    return RULES.get(layer if isinstance(layer, type) else type(layer))


def kind(layer: nn.Module | type | str) -> str | None:
    """The kind of a layer (see the module's docstring), or None for a type the table does not know."""
    found = rule(layer)
    return found.kind if found is not None else None

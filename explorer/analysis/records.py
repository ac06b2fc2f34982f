"""Records the analysis returns: small frozen dataclasses, no formatting.

Formatting (tables, CSV, Markdown) lives in :mod:`explorer.analysis.format`;
plots in :mod:`explorer.viz`. ``Report.to_dict()`` is the stable JSON contract
of ``python -m explorer summary --format json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from explorer.notes import Note


def _sq(pair: tuple[int, int]) -> int | list[int]:
    """An int when both axes agree (the usual square case), else [h, w]."""
    return pair[0] if pair[0] == pair[1] else [pair[0], pair[1]]


@dataclass(frozen=True, slots=True)
class ReceptiveField:
    """Receptive field of a layer's output units, in input pixels, per axis (H, W).

    Follows Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional
    Neural Networks" (Distill, 2019): output unit ``i`` sees input pixels
    ``[i·stride − padding, i·stride − padding + size − 1]``.

    Attributes:
        size: receptive-field size r.
        stride: effective stride (jump) S, the product of the strides before.
        padding: effective padding P, the sum of each layer's padding times the
            stride before it.
    """

    size: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]

    def span(self, i: int = 0, j: int = 0) -> tuple[int, int, int, int]:
        """(top, left, bottom, right) input pixels seen by output unit (i, j), inclusive."""
        top = i * self.stride[0] - self.padding[0]
        left = j * self.stride[1] - self.padding[1]
        return top, left, top + self.size[0] - 1, left + self.size[1] - 1

    def to_dict(self) -> dict[str, Any]:
        return {"size": _sq(self.size), "stride": _sq(self.stride), "padding": _sq(self.padding)}


class LayerRecord(NamedTuple):
    """One call of one module, in execution order.

    A named tuple rather than a frozen dataclass: ResNet-152 has 522 of them
    and a tuple is five times cheaper to build; it is just as immutable.

    Attributes:
        index: position in ``Report.layers``.
        name: qualified module name (``layer1.0.conv1``).
        type: module class name.
        depth: nesting depth (1 = a child of the model).
        parent: index of the enclosing record, or None at depth 1.
        is_leaf: the module has no children (an actual operation).
        input_shape: per-sample shape of the first input (C, H, W) or (F,).
        output_shape: per-sample shape of the output.
        params: parameters of the module and its children (shared ones once);
            0 on a repeated call of the same module.
        trainable_params: the subset with ``requires_grad``.
        bn_buffers: BatchNorm running mean + variance elements (Keras counts
            these as non-trainable parameters).
        mult_adds: multiply-adds for one sample (torchinfo's convention).
        output_bytes: bytes of the output for one sample (0 for in-place ops).
        receptive_field: None for outputs without spatial layout (after
            flatten or global pooling) or when it could not be computed.
        weight_depth: weight layers (conv/dense) on the longest path from the input.
        attrs: the module's shape-relevant settings (kernel, stride, …) for formulas.
        repeat: this module was already called earlier in the forward pass.
        channels_last: the output is a permuted N×H×W×C map (ConvNeXt's channel MLP), so
            ``output_shape`` reads (H, W, C) and has no receptive field of its own.
        functional: an operation a ``forward`` called itself (``F.max_pool2d``, ``x @ w``), not a module;
            ``type`` names the function (``F.max_pool2d``, ``torch.einsum``, ``Tensor.mul``) and ``params`` is 0
            (the weights it uses belong to the module that holds them).
    """

    index: int
    name: str
    type: str
    depth: int
    parent: int | None
    is_leaf: bool
    input_shape: tuple[int, ...] | None
    output_shape: tuple[int, ...] | None
    params: int
    trainable_params: int
    bn_buffers: int
    mult_adds: int
    output_bytes: int
    receptive_field: ReceptiveField | None
    weight_depth: int
    attrs: tuple[tuple[str, Any], ...] = ()
    repeat: bool = False
    channels_last: bool = False
    functional: bool = False

    @property
    def attr(self) -> dict[str, Any]:
        return dict(self.attrs)

    @property
    def keras_params(self) -> int:
        return self.params + self.bn_buffers

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "depth": self.depth,
            "output_shape": list(self.output_shape) if self.output_shape is not None else None,
            "params": self.params,
            "mult_adds": self.mult_adds,
            "receptive_field": self.receptive_field.to_dict() if self.receptive_field else None,
        }


@dataclass(frozen=True)
class Report:
    """What every layer of a model does for one input shape, plus totals."""

    architecture: str
    title: str
    hyperparameters: dict[str, Any]
    input_shape: tuple[int, int, int]
    layers: tuple[LayerRecord, ...]
    total_params: int
    trainable_params: int
    keras_total_params: int
    mult_adds: int
    activation_bytes: int
    param_bytes: int
    receptive_field: ReceptiveField | None
    min_input_size: tuple[int, int]
    weight_depth: int
    output_shape: tuple[int, ...] | None
    diagnostics: tuple[Note, ...] = field(default_factory=tuple)  # what the analysis could not compute, and why

    @property
    def non_trainable_params(self) -> int:
        """Parameters with ``requires_grad=False`` (PyTorch's sense)."""
        return self.total_params - self.trainable_params

    @property
    def keras_non_trainable_params(self) -> int:
        """What Keras prints as non-trainable: frozen parameters + BatchNorm statistics."""
        return self.keras_total_params - self.trainable_params

    @property
    def flops(self) -> int:
        """FLOPs = 2 × MACs (one multiply and one add)."""
        return 2 * self.mult_adds

    def leaves(self) -> list[LayerRecord]:
        return [r for r in self.layers if r.is_leaf]

    def children(self, index: int | None) -> list[LayerRecord]:
        """Records directly inside record ``index`` (None: the model's top level)."""
        return [r for r in self.layers if r.parent == index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "architecture": self.architecture,
            "hyperparameters": dict(self.hyperparameters),
            "input_shape": list(self.input_shape),
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "keras_total_params": self.keras_total_params,
            "mult_adds": self.mult_adds,
            "receptive_field": self.receptive_field.to_dict() if self.receptive_field else None,
            "min_input_size": list(self.min_input_size),
            "layers": [r.to_dict() for r in self.layers],
        }

"""The one table of layer rules (explorer/analysis/table.py): every type it lists is traced and explained alike.

Oracle: PyTorch itself (a real forward pass gives the output shape; a pointwise layer keeps the field of the
convolution before it, 3×3 here).
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from explorer.analysis import analyze, table
from explorer.analysis.formulas import formulas

_ARGS = {nn.LocalResponseNorm: (2,), nn.Softmax: (1,), nn.LogSoftmax: (1,)}
POINTWISE = [t for t, r in table.RULES.items() if r.kind == "pointwise"]


@pytest.mark.parametrize("cls", POINTWISE, ids=lambda c: c.__name__)
def test_pointwise_layers_keep_shape_and_field(cls: type[nn.Module]) -> None:
    model = nn.Sequential(nn.Conv2d(3, 4, 3), cls(*_ARGS.get(cls, ())))
    with torch.no_grad():
        real = model.eval()(torch.randn(1, 3, 9, 9))
    report = analyze(model, input_shape=(3, 9, 9))
    rec = report.layers[1]
    assert rec.type == cls.__name__ and rec.output_shape == tuple(real.shape[1:])
    assert rec.receptive_field.size == (3, 3)
    values = {f.quantity: f.value for f in formulas(rec, report)}
    assert values["output size"] == real.shape[2] and values["receptive field"] == 3


@pytest.mark.parametrize(("layer", "op"), [(nn.MaxPool2d(3, 2, 1), "max_pool2d"), (nn.AvgPool2d(2), "avg_pool2d"),
                                           (nn.Conv2d(3, 5, 3, 2), "conv2d")], ids=["max", "avg", "conv"])
def test_a_functional_twin_is_explained_like_its_layer(layer: nn.Module, op: str) -> None:
    """``F.max_pool2d`` in a forward and ``nn.MaxPool2d`` get the same shape, field and output-size formula."""

    class Functional(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer = layer

        def forward(self, x):
            m = self.layer
            if op == "conv2d":
                return nn.functional.conv2d(x, m.weight, m.bias, m.stride, m.padding)
            if op == "max_pool2d":
                return nn.functional.max_pool2d(x, m.kernel_size, m.stride, m.padding)
            return nn.functional.avg_pool2d(x, m.kernel_size, m.stride)

    as_layer = analyze(nn.Sequential(layer), input_shape=(3, 11, 11)).layers[-1]
    report = analyze(Functional(), input_shape=(3, 11, 11))
    as_op = report.layers[-1]
    assert (as_op.type, table.kind(as_op.type)) == (f"F.{op}", table.kind(layer))
    with torch.no_grad():
        real = layer(torch.randn(1, 3, 11, 11))
    assert as_op.output_shape == as_layer.output_shape == tuple(real.shape[1:])
    assert as_op.receptive_field == as_layer.receptive_field
    sizes = [f.value for f in formulas(as_op, report) if f.quantity == "output size"]
    assert sizes == [real.shape[2]]
    assert as_op.mult_adds == as_layer.mult_adds  # torchinfo's convention for both


def test_every_type_in_the_table_has_a_kind_the_formulas_know() -> None:
    from explorer.analysis.formulas import _BY_KIND

    assert {r.kind for r in table.RULES.values()} == set(_BY_KIND)
    assert table.rule("Hardswish") is table.rule(nn.Hardswish) is table.rule(nn.Hardswish())
    assert table.rule("PReLU").kind == "pointwise" and table.rule("NoSuchLayer") is None

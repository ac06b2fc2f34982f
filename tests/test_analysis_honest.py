"""The analysis on models written the way people write them: functional steps, products, attention.

Oracles: PyTorch itself (a real forward pass for shapes, the input gradient's footprint for receptive
fields, ``torch.utils.flop_counter.FlopCounterMode`` for multiply-adds: 2 FLOPs each, biases not counted)
and torchinfo where it counts the same thing.
"""

from __future__ import annotations

import pytest
import torch
import torchinfo
from torch import nn
from torch.nn import functional as F
from torch.utils.flop_counter import FlopCounterMode

import explorer
from explorer.analysis import ops
from explorer.analysis.formulas import formulas
from footprint import positive_weights  # tests/footprint.py
from explorer.i18n import N_


def _real(model: nn.Module, shape: tuple[int, ...]) -> torch.Tensor:
    with torch.no_grad():
        out = model.eval()(torch.zeros(1, *shape))
    return out[0] if isinstance(out, tuple) else out


def _flop_macs(model: nn.Module, shape: tuple[int, ...]) -> int:
    """PyTorch's own count: FLOPs / 2, of one real forward pass.

    With gradients on: under ``no_grad`` nn.MultiheadAttention takes a fused fast path whose attention
    products the counter does not see.
    """
    counter = FlopCounterMode(display=False)
    with counter:
        model.eval()(torch.zeros(1, *shape))
    return counter.get_total_flops() // 2


def _footprint(model: nn.Module, shape: tuple[int, ...]) -> tuple[int, int]:
    """(rows, columns) of input pixels with a gradient from output unit (0, 0, 0): its receptive field."""
    x = torch.ones(1, *shape, dtype=torch.float64, requires_grad=True)
    model.double()(x)[0, 0, 0, 0].backward()
    seen = x.grad[0].abs().sum(0) > 0
    rows, cols = seen.any(1).nonzero(), seen.any(0).nonzero()
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


class PoolAfter(nn.Module):
    """The root forward ends in functional steps: ReLU, then a 3×3 max pooling of stride 2."""

    def __init__(self, avg: bool = False) -> None:
        super().__init__()
        self.c = nn.Conv2d(3, 8, 3)
        self.avg = avg

    def forward(self, x):
        x = F.relu(self.c(x))
        return F.avg_pool2d(x, 3, 2) if self.avg else F.max_pool2d(x, 3, 2)


class FunctionalConv(nn.Module):
    """No layers at all: a weight and ``F.conv2d``."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.randn(8, 3, 3, 3))
        self.b = nn.Parameter(torch.zeros(8))

    def forward(self, x):
        return F.conv2d(x, self.w, self.b, stride=2, padding=1)


def test_functional_pooling_in_forward_is_a_row() -> None:
    model = PoolAfter()
    report = explorer.analyze(model, input_shape=(3, 16, 16))
    real = _real(model, (3, 16, 16))
    assert report.output_shape == tuple(real.shape[1:]) == (8, 6, 6)
    last = report.layers[-1]
    assert (last.type, last.output_shape, last.functional) == ("F.max_pool2d", (8, 6, 6), True)
    probe = positive_weights(PoolAfter(avg=True))  # average pooling: every pixel of a window carries gradient
    size = _footprint(probe, (3, 16, 16))
    assert report.receptive_field.size == size == (5, 5)
    assert report.receptive_field.stride == (2, 2)
    assert report.min_input_size == (5, 5)  # 3×3 conv then 3×3 pool: PyTorch refuses 4×4
    # The row is explained like a MaxPool2d: its formulas give the real output size and the footprint's field.
    values = {f.quantity: f.value for f in formulas(last, report)}
    assert (values["output size"], values["receptive field"], values["effective stride"]) == (6, 5, 2)
    with pytest.raises(RuntimeError):
        _real(model, (3, 4, 4))


def test_a_model_of_functional_convolutions_counts_its_work() -> None:
    model = FunctionalConv()
    report = explorer.analyze(model, input_shape=(3, 16, 16))
    info = torchinfo.summary(nn.Conv2d(3, 8, 3, 2, 1), input_size=(1, 3, 16, 16), verbose=0)  # the same layer
    assert report.mult_adds == info.total_mult_adds
    assert report.total_params == 8 * 3 * 3 * 3 + 8
    (row,) = report.layers
    assert (row.type, row.output_shape) == ("F.conv2d", tuple(_real(model, (3, 16, 16)).shape[1:]))
    assert row.receptive_field.size == (3, 3) and row.receptive_field.stride == (2, 2)
    assert row.attr["kernel_size"] == (3, 3) and row.attr["out_channels"] == 8


class SqueezeExcite(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.c = nn.Conv2d(3, 8, 3)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Conv2d(8, 8, 1)

    def forward(self, x):
        x = self.c(x)
        return x * torch.sigmoid(self.fc(self.pool(x)))


class Tokens(nn.Module):
    """A 4×4 map becomes 16 tokens of 64 values; ``mode`` picks the last step."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.c = nn.Conv2d(3, 64, 1)
        self.w = nn.Parameter(torch.randn(64, 32))
        self.lin = nn.Linear(64, 128)
        self.mha = nn.MultiheadAttention(64, 4, batch_first=True, bias=False)
        self.mode = mode

    def forward(self, x):
        t = self.c(x).flatten(2).transpose(1, 2)  # N × 16 × 64
        if self.mode == "einsum":
            return torch.einsum("bnc,cd->bnd", t, self.w)
        if self.mode == "matmul":
            return t @ self.w
        if self.mode == "sdpa":
            return F.scaled_dot_product_attention(t, t, t)
        if self.mode == "mha":
            return self.mha(t, t, t)[0]  # need_weights (the default): PyTorch's counter sees its products
        return self.lin(t)


@pytest.mark.parametrize("model", [SqueezeExcite(), *(Tokens(m) for m in ("einsum", "matmul", "sdpa", "mha", "linear"))],
                         ids=["se", "einsum", "matmul", "sdpa", "mha", "linear"])
def test_the_last_row_has_the_output_shape(model: nn.Module) -> None:
    report = explorer.analyze(model, input_shape=(3, 4, 4))
    real = tuple(_real(model, (3, 4, 4)).shape[1:])
    assert report.output_shape == real
    assert report.leaves()[-1].output_shape == real or report.layers[-1].output_shape == real


@pytest.mark.parametrize("mode", ["einsum", "matmul", "sdpa", "mha"])
def test_attention_and_products_count_their_multiply_adds(mode: str) -> None:
    model = Tokens(mode)
    report = explorer.analyze(model, input_shape=(3, 4, 4))
    conv = 16 * (3 * 64 + 64)  # the 1×1 convolution, torchinfo's convention (bias counted)
    assert report.mult_adds - conv == _flop_macs(model, (3, 4, 4)) - 16 * 3 * 64
    assert report.mult_adds > conv and not report.diagnostics


def test_a_linear_on_tokens_counts_every_token() -> None:
    model = Tokens("linear")
    report = explorer.analyze(model, input_shape=(3, 4, 4))
    row = next(r for r in report.layers if r.name == "lin")
    assert row.mult_adds == 16 * (64 * 128 + 128) == 133_120
    # PyTorch's counter: 16·64·128 multiply-adds of the weights (it does not count the bias add).
    assert row.mult_adds - 16 * 128 == _flop_macs(model, (3, 4, 4)) - 16 * 3 * 64


def test_builtin_layers_keep_their_own_rows() -> None:
    """nn.Conv1d calls F.conv1d: one row (the layer), its multiply-adds as torchinfo counts them."""
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(2), nn.Conv1d(4, 6, 3))
    report = explorer.analyze(model, input_shape=(3, 8, 8))
    info = torchinfo.summary(model, input_size=(1, 3, 8, 8), verbose=0)
    assert [r.type for r in report.layers] == ["Conv2d", "Flatten", "Conv1d"]
    assert report.mult_adds == info.total_mult_adds


def test_analyze_model_on_meta_does_not_change_it() -> None:
    """The public path analyses the caller's meta model in place: hooks gone, modes restored, same result."""
    with torch.device("meta"):
        model = PoolAfter()
    model.train()
    model.c.eval()
    forward = dict(vars(model))
    first = explorer.analyze(model, input_shape=(3, 16, 16))
    assert model.training and not model.c.training
    assert "forward" not in vars(model) and "forward" not in vars(model.c)
    assert dict(vars(model)).keys() == forward.keys()
    again = explorer.analyze(model, input_shape=(3, 16, 16))
    assert again.layers == first.layers and model.c.weight.is_meta
    with pytest.raises(explorer.ExplorerError):
        explorer.analyze(model, input_shape=(3, 2, 2))
    assert model.training and "forward" not in vars(model.c)  # restored after an error too


class Heads(nn.Module):
    """``torch.einsum`` with broadcast axes (``...``), or in its sublist form."""

    def __init__(self, sublist: bool = False) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.randn(2, 8, 4))
        self.sublist = sublist

    def forward(self, x):
        t = x.flatten(2).transpose(1, 2)  # N × 16 × 8
        if self.sublist:
            return torch.einsum(t, [0, 1, 2], self.w, [3, 2, 4], [0, 3, 1, 4])
        return torch.einsum("...nc,hcd->...hnd", t, self.w)


def test_einsum_with_broadcast_axes_counts_its_products() -> None:
    model = Heads()
    report = explorer.analyze(model, input_shape=(8, 4, 4))
    assert report.mult_adds == _flop_macs(model, (8, 4, 4)) == 2 * 16 * 8 * 4
    assert report.output_shape == tuple(_real(model, (8, 4, 4)).shape[1:]) and not report.diagnostics


def test_a_product_that_cannot_be_read_is_flagged_not_counted_as_zero_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    model = Heads(sublist=True)
    report = explorer.analyze(model, input_shape=(8, 4, 4))
    assert report.mult_adds == _flop_macs(model, (8, 4, 4)) and not report.diagnostics
    monkeypatch.setattr(ops, "_einsum_macs", lambda args: None)  # an einsum call the count could not read
    report = explorer.analyze(model, input_shape=(8, 4, 4))
    assert report.output_shape == tuple(_real(model, (8, 4, 4)).shape[1:])
    assert [n.template for n in report.diagnostics] == [N_("The multiply-adds of '{op}' in the model are not counted: this call could not be read.")]
    assert "einsum" in report.diagnostics[0]

"""The shortcuts that make a shapes-only build and trace fast must not change a single number.

Oracle: PyTorch itself — the real operations on CPU tensors, and ``nn.init`` called by hand.
"""

from __future__ import annotations

import math
import threading

import pytest
import torch
from torch import nn
import torch.nn.functional as F

from explorer.analysis.trace import _fast_result
from explorer.zoo import get
from explorer.zoo.spec import _MetaBuild, build_meta


def _meta(*shape: int) -> torch.Tensor:
    return torch.empty(shape, device="meta")


@pytest.mark.parametrize("shape, size", [
    ((1, 8, 7, 5), 1), ((1, 8, 7, 5), (3, 2)), ((2, 4, 9, 9), (None, 4)), ((4, 9, 9), 2), ((1, 3, 5, 7), [1, None]),
])
@pytest.mark.parametrize("name", ["adaptive_avg_pool2d", "adaptive_max_pool2d"])
def test_adaptive_pool_shape_is_pytorch_s(name, shape, size):
    real = getattr(F, name)(torch.zeros(shape), size)
    fast = _fast_result(name, (_meta(*shape), size), {})
    assert fast is not None and fast.is_meta and tuple(fast.shape) == tuple(real.shape)


def test_adaptive_pool_leaves_odd_calls_to_pytorch():
    assert _fast_result("adaptive_max_pool2d", (_meta(1, 2, 4, 4), 2, True), {}) is None  # with indices: a tuple
    assert _fast_result("adaptive_avg_pool2d", (_meta(1, 2, 4, 4), (1, 2, 3)), {}) is None


@pytest.mark.parametrize("shapes, dim", [
    ([(1, 3, 4, 4), (1, 5, 4, 4)], 1), ([(2, 3), (4, 3)], 0), ([(1, 2, 3), (1, 2, 5), (1, 2, 1)], -1), ([(1, 3, 4, 4)], 1),
])
def test_cat_shape_is_pytorch_s(shapes, dim):
    real = torch.cat([torch.zeros(s) for s in shapes], dim)
    fast = _fast_result("cat", ([_meta(*s) for s in shapes], dim), {})
    assert fast is not None and tuple(fast.shape) == tuple(real.shape)
    assert tuple(_fast_result("cat", (), {"tensors": [_meta(*s) for s in shapes], "dim": dim}).shape) == tuple(real.shape)


def test_cat_that_pytorch_refuses_still_raises():
    assert _fast_result("cat", ([_meta(1, 3, 4, 4), _meta(1, 3, 5, 4)], 1), {}) is None
    with pytest.raises(RuntimeError):
        torch.cat([_meta(1, 3, 4, 4), _meta(1, 3, 5, 4)], 1)
    assert _fast_result("cat", ([_meta(1, 3), _meta(1, 3)], 2), {}) is None  # dim out of range: PyTorch says so


@pytest.mark.parametrize("a, b", [((1, 8, 4, 4), (1, 8, 1, 1)), ((8, 1, 1), (2, 8, 3, 3)), ((3,), (2, 1)), ((1,), ())])
def test_broadcast_shape_is_pytorch_s(a, b):
    real = torch.zeros(a) * torch.zeros(b)
    assert tuple(_fast_result("mul", (_meta(*a), _meta(*b)), {}).shape) == tuple(real.shape)


def test_shapes_that_do_not_broadcast_are_left_to_pytorch():
    assert _fast_result("add", (_meta(1, 8, 4, 4), _meta(1, 3, 4, 4)), {}) is None


def test_meta_build_skips_no_real_initialisation():
    """A layer built for the CPU, even inside a meta build, gets PyTorch's initialisation draw for draw."""
    torch.manual_seed(0)
    with _MetaBuild():
        conv = nn.Conv2d(3, 8, 3, device="cpu")
    torch.manual_seed(0)
    w = torch.empty(8, 3, 3, 3)
    nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    b = torch.empty(8)
    nn.init.uniform_(b, -1 / math.sqrt(27), 1 / math.sqrt(27))
    assert torch.equal(conv.weight.detach(), w) and torch.equal(conv.bias.detach(), b)
    bn = nn.BatchNorm2d(4)
    assert torch.equal(bn.weight, torch.ones(4)) and torch.equal(bn.running_var, torch.ones(4))


def test_another_thread_builds_real_models_during_a_meta_build():
    """The skip is per thread: a server builds a CPU model for one person while it prices another's on meta."""
    inside, done, out = threading.Event(), threading.Event(), {}

    def meta_builder() -> None:
        with _MetaBuild():
            inside.set()
            done.wait(10)
            out["meta"] = nn.Linear(100, 100)

    t = threading.Thread(target=meta_builder)
    t.start()
    inside.wait(10)
    torch.manual_seed(1)
    real = nn.Linear(100, 100)
    done.set()
    t.join()
    torch.manual_seed(1)
    w = torch.empty(100, 100)
    nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    assert torch.equal(real.weight.detach(), w)
    assert out["meta"].weight.is_meta


def test_family_init_still_runs_on_the_cpu():
    """torchvision's ResNet init: BatchNorm weights at 1 and convolutions Kaiming-normal (fan_out), on a real build."""
    arch = get("resnet18")
    model = arch.builder(**{**arch.defaults(), "num_classes": 10})
    assert torch.equal(model.bn1.weight.detach(), torch.ones(64))
    std = model.conv1.weight.std().item()
    assert abs(std - math.sqrt(2 / (64 * 7 * 7))) < 0.1 * std
    assert build_meta(arch, {**arch.defaults(), "num_classes": 10}).conv1.weight.is_meta

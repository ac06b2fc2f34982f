"""Lab 7 — residual blocks: F(x) + x, basic against bottleneck, shortcuts, and how gradients flow.

File 004 (Example 5-3): the basic block at 256 channels has 3×3×256×256×2 =
1,179,648 weights, the 256→64→64→256 bottleneck 69,632, "94.1 % fewer"
(⚠ a fair comparison is the 64-wide basic block, 2·3·3·64·64 = 73,728, which
costs about the same as the bottleneck, as He et al. compare them). The
sensitivity example: a plain layer mapping 5 → 5.1 changes by 1/51 ≈ 2 % when
the target moves to 5.2, the residual F goes 0.1 → 0.2, +100 %. File 002
§6.3: y = f(x) + x, or y = f(x) + x·W_s when the shapes differ.

The gradient-flow experiment builds He et al.'s CIFAR ResNet (file
``explorer/zoo/resnet_cifar.py``) with and without shortcuts, runs one batch
of random images through it at its random initialisation and records the norm
of each convolution's weight gradient, first layer to last.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer import rules
from explorer.labs.common import Filled, num, torch_threads


@dataclass(frozen=True, slots=True)
class BlockWeights:
    """Weights (no bias, no BatchNorm) of the two block kinds, as file 004 counts them.

    Attributes:
        c: the block's input and output channels (256 in the book).
        mid: the bottleneck's inner width (64).
        basic: two 3×3 convolutions at ``c`` channels.
        bottleneck: 1×1 c→mid, 3×3 mid→mid, 1×1 mid→c.
        basic_mid: two 3×3 convolutions at ``mid`` channels: the comparison He et al. make.
    """

    c: int
    mid: int
    basic: Filled
    bottleneck: Filled
    basic_mid: Filled

    @property
    def saving(self) -> float:
        """1 − bottleneck/basic: 0.941 in the book."""
        return 1 - self.bottleneck.value / self.basic.value

    @property
    def fair_ratio(self) -> float:
        """bottleneck / basic at the inner width: 0.944 (the bottleneck is 5.6 % cheaper)."""
        return self.bottleneck.value / self.basic_mid.value


def block_weights(c: int = 256, mid: int = 64, k: int = 3) -> BlockWeights:
    basic = 2 * rules.conv_params(c, c, k, k, bias=False)
    b1 = rules.conv_params(c, mid, 1, 1, bias=False)
    b2 = rules.conv_params(mid, mid, k, k, bias=False)
    b3 = rules.conv_params(mid, c, 1, 1, bias=False)
    small = 2 * rules.conv_params(mid, mid, k, k, bias=False)
    return BlockWeights(
        c,
        mid,
        Filled("k·k·C·C·2", f"{k}·{k}·{c}·{c}·2 = {num(basic)}", basic),
        Filled("1·1·C·M + k·k·M·M + 1·1·M·C", f"{num(b1)} + {num(b2)} + {num(b3)} = {num(b1 + b2 + b3)}", b1 + b2 + b3),
        Filled("k·k·M·M·2", f"{k}·{k}·{mid}·{mid}·2 = {num(small)}", small),
    )


@dataclass(frozen=True, slots=True)
class Shortcut:
    """What a shortcut costs when a block goes from ``c_in`` to ``c_out`` channels.

    Attributes:
        kind: "identity" (shapes equal, or option A: subsample and pad zero channels) or "projection"
            (option B: a 1×1 convolution with BatchNorm, y = F(x) + W_s·x).
        weights: the 1×1 convolution's weights (0 for identity).
        bn_params: its BatchNorm's γ and β (0 for identity).
    """

    kind: str
    c_in: int
    c_out: int
    weights: int
    bn_params: int

    @property
    def params(self) -> int:
        return self.weights + self.bn_params


def shortcut(c_in: int = 64, c_out: int = 128, kind: str = "projection") -> Shortcut:
    if kind == "identity":
        return Shortcut(kind, c_in, c_out, 0, 0)
    return Shortcut(kind, c_in, c_out, rules.conv_params(c_in, c_out, 1, 1, bias=False), 2 * c_out)


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """File 004's argument: a residual makes a small change of the target a large change of what is learnt.

    A layer maps ``x`` to ``target``; the target then moves to ``moved``. The plain
    layer's output changes by (moved − target)/target; the residual F = H − x by
    (moved − target)/(target − x).
    """

    x: float
    target: float
    moved: float

    @property
    def residual_before(self) -> float:
        return self.target - self.x

    @property
    def residual_after(self) -> float:
        return self.moved - self.x

    @property
    def plain_change(self) -> float:
        return (self.moved - self.target) / self.target

    @property
    def residual_change(self) -> float:
        return (self.residual_after - self.residual_before) / self.residual_before


BOOK_SENSITIVITY = Sensitivity(5.0, 5.1, 5.2)


@dataclass(frozen=True, slots=True)
class GradientFlow:
    """Gradient norm of every convolution's weights, in forward order, after one backward pass.

    Attributes:
        depth: the network's weighted layers (6n + 2).
        shortcut: "none" (plain) or the shortcut kind of :mod:`explorer.zoo.resnet_cifar`.
        layers: qualified names of the convolutions.
        norms: ‖∂loss/∂W‖ of each.
    """

    depth: int
    shortcut: str
    layers: tuple[str, ...]
    norms: tuple[float, ...]

    @property
    def spread(self) -> float:
        """Largest norm over smallest: how unevenly the layers learn."""
        return max(self.norms) / min(self.norms)


def gradient_flow(depth: int = 56, shortcut: str = "none", *, batch: int = 8, size: int = 16, seed: int = 0) -> GradientFlow:
    """One batch of random images and labels through a randomly initialised CIFAR ResNet, then backward.

    The model is in training mode (BatchNorm uses the batch statistics, as in
    the first step of training). A small input (16×16) keeps it fast: the
    gradients' pattern across depth does not depend on the map size.

    Raises:
        InvalidHyperparameter: for a depth that is not 6n + 2 or an unknown shortcut.
    """
    import torch
    from torch import nn

    from explorer.zoo import build

    gen = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build("resnet_cifar", depth=depth, shortcut=shortcut)
    model.train()
    x = torch.randn(batch, 3, size, size, generator=gen)
    y = torch.randint(0, 10, (batch,), generator=gen)
    with torch_threads():
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
    names, norms = [], []
    for name, module in model.named_modules():
        if isinstance(module, nn.Conv2d) and "downsample" not in name:
            names.append(name)
            norms.append(float(module.weight.grad.norm()))
    return GradientFlow(depth, shortcut, tuple(names), tuple(norms))

"""RegNet (Radosavovic, Kosaraju, Girshick, He & Dollár, "Designing Network Design
Spaces", CVPR 2020), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/regnet.py``, so its checkpoint files load unchanged
(``stem.0.weight``, ``trunk_output.block1.block1-0.f.a.0.weight``, …).

A RegNet is not a table of layers but four numbers and a rule: block ``j`` of
``depth`` gets the width ``u_j = w_0 + w_a·j``, snapped to ``w_0·w_m^round(log(u_j/w_0)/log(w_m))``
and to a multiple of 8 (:meth:`BlockParams.from_init_params`, the paper's
§3.3 quantised linear parameterisation). Consecutive blocks of equal width form
a stage; each stage starts with a stride-2 block. Every block is a ResNeXt-style
bottleneck (1×1, grouped 3×3 with ``group_width`` channels per group, 1×1) with
a residual connection; RegNetY adds squeeze-and-excitation after the 3×3.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.mobilenet import make_divisible  # torchvision's _utils._make_divisible, shared as there
from explorer.zoo.registry import register


class Conv2dNormActivation(nn.Sequential):
    """Conv → BatchNorm → optional ReLU as ``0``, ``1``, ``2`` (torchvision's ``ops.misc``): "same" padding, no conv bias."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int = 3, stride: int = 1, *,
                 groups: int = 1, activation: bool = True) -> None:
        layers: list[nn.Module] = [
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, (kernel_size - 1) // 2, groups=groups, bias=False),
            nn.BatchNorm2d(out_channels, eps=1e-5, momentum=0.1),
        ]
        if activation:
            layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)
        self.out_channels = out_channels


class SqueezeExcitation(nn.Module):
    """Squeeze-and-excitation (Hu et al. 2018): global pool → 1×1 → ReLU → 1×1 → sigmoid, a gate per channel.

    The gate is computed from the whole map, so strictly every output depends on
    every input pixel; the receptive field the analysis reports is the
    convolution path's, which the gate rescales but does not widen.
    """

    def __init__(self, input_channels: int, squeeze_channels: int) -> None:
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, input_channels, 1)
        self.activation = nn.ReLU()
        self.scale_activation = nn.Sigmoid()

    def forward(self, input: Tensor) -> Tensor:
        scale = self.avgpool(input)  # N x C x 1 x 1
        scale = self.fc1(scale)
        scale = self.activation(scale)
        scale = self.fc2(scale)
        scale = self.scale_activation(scale)
        return scale * input  # N x C x H x W, each channel rescaled


class BottleneckTransform(nn.Sequential):
    """``a`` 1×1 → ``b`` grouped 3×3 (strided) → [``se``] → ``c`` 1×1 without activation."""

    def __init__(self, width_in: int, width_out: int, stride: int, group_width: int,
                 bottleneck_multiplier: float, se_ratio: float | None) -> None:
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        w_b = int(round(width_out * bottleneck_multiplier))
        g = w_b // group_width
        layers["a"] = Conv2dNormActivation(width_in, w_b, kernel_size=1)
        layers["b"] = Conv2dNormActivation(w_b, w_b, kernel_size=3, stride=stride, groups=g)
        if se_ratio:
            # As torchvision and the paper: the squeeze width is relative to the block's *input* width.
            layers["se"] = SqueezeExcitation(w_b, int(round(se_ratio * width_in)))
        layers["c"] = Conv2dNormActivation(w_b, width_out, kernel_size=1, activation=False)
        super().__init__(layers)


class ResBottleneckBlock(nn.Module):
    """x + f(x), with a 1×1 projection (``proj``) of x when the shape changes, then ReLU."""

    def __init__(self, width_in: int, width_out: int, stride: int, group_width: int = 1,
                 bottleneck_multiplier: float = 1.0, se_ratio: float | None = None) -> None:
        super().__init__()
        self.proj = None
        if width_in != width_out or stride != 1:
            self.proj = Conv2dNormActivation(width_in, width_out, kernel_size=1, stride=stride, activation=False)
        self.f = BottleneckTransform(width_in, width_out, stride, group_width, bottleneck_multiplier, se_ratio)
        self.activation = nn.ReLU(inplace=True)

    def forward(self, x: Tensor) -> Tensor:
        if self.proj is not None:
            x = self.proj(x) + self.f(x)
        else:
            x = x + self.f(x)
        return self.activation(x)


class AnyStage(nn.Sequential):
    """``depth`` blocks of one width; the first strides. Children are named ``block{stage}-{i}`` like torchvision's."""

    def __init__(self, width_in: int, width_out: int, stride: int, depth: int, group_width: int,
                 bottleneck_multiplier: float, se_ratio: float | None, stage_index: int) -> None:
        super().__init__()
        for i in range(depth):
            block = ResBottleneckBlock(width_in if i == 0 else width_out, width_out, stride if i == 0 else 1,
                                       group_width, bottleneck_multiplier, se_ratio)
            self.add_module(f"block{stage_index}-{i}", block)


@dataclass(frozen=True)
class BlockParams:
    """Per-stage depths, widths, group widths, bottleneck multipliers and strides."""

    depths: list[int]
    widths: list[int]
    group_widths: list[int]
    bottleneck_multipliers: list[float]
    strides: list[int]
    se_ratio: float | None = None

    @classmethod
    def from_init_params(cls, depth: int, w_0: int, w_a: float, w_m: float, group_width: int,
                         bottleneck_multiplier: float = 1.0, se_ratio: float | None = None) -> "BlockParams":
        """The quantised linear rule of §3.3, step for step as torchvision computes it (in float32 torch ops,
        so the rounding, and hence every width, matches its checkpoints)."""
        QUANT, STRIDE = 8, 2
        if w_a < 0 or w_0 <= 0 or w_m <= 1 or w_0 % 8 != 0:
            raise ValueError("Invalid RegNet settings")
        widths_cont = torch.arange(depth, device="cpu") * w_a + w_0  # u_j = w_0 + w_a·j
        block_capacity = torch.round(torch.log(widths_cont / w_0) / math.log(w_m))
        block_widths = (torch.round(torch.divide(w_0 * torch.pow(w_m, block_capacity), QUANT)) * QUANT).int().tolist()
        num_stages = len(set(block_widths))
        # A stage starts wherever the width changes.
        splits = [w != wp for w, wp in zip(block_widths + [0], [0] + block_widths)]
        stage_widths = [w for w, t in zip(block_widths, splits[:-1]) if t]
        starts = [d for d, t in enumerate(splits) if t]
        stage_depths = [b - a for a, b in zip(starts, starts[1:])]
        multipliers = [bottleneck_multiplier] * num_stages
        # Make each stage's bottleneck width a multiple of its group width.
        w_bots = [int(w * b) for w, b in zip(stage_widths, multipliers)]
        group_widths = [min(group_width, w_bot) for w_bot in w_bots]
        w_bots = [make_divisible(w_bot, g) for w_bot, g in zip(w_bots, group_widths)]
        stage_widths = [int(w_bot / b) for w_bot, b in zip(w_bots, multipliers)]
        return cls(stage_depths, stage_widths, group_widths, multipliers, [STRIDE] * num_stages, se_ratio)


class RegNet(nn.Module):
    """``stem`` (3×3/2 conv, 32 channels) → ``trunk_output`` (stages ``block1``…) → global pool → ``fc``.

    Args:
        block_params: the per-stage settings (see :meth:`BlockParams.from_init_params`).
        num_classes: outputs of ``fc``.
        in_channels: channels of the input image.
        stem_width: channels of the stem.
    """

    def __init__(self, block_params: BlockParams, *, num_classes: int = 1000, in_channels: int = 3, stem_width: int = 32) -> None:
        super().__init__()
        self.stem = Conv2dNormActivation(in_channels, stem_width, kernel_size=3, stride=2)
        current = stem_width
        stages = []
        for i, (width_out, stride, depth, group_width, mult) in enumerate(zip(
            block_params.widths, block_params.strides, block_params.depths, block_params.group_widths,
            block_params.bottleneck_multipliers,
        )):
            stages.append((f"block{i + 1}", AnyStage(current, width_out, stride, depth, group_width, mult,
                                                      block_params.se_ratio, stage_index=i + 1)))
            current = width_out
        self.trunk_output = nn.Sequential(OrderedDict(stages))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(in_features=current, out_features=num_classes)
        init_regnet(self)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224 (RegNetY-400MF's widths)
        x = self.stem(x)  # N x 32 x 112 x 112
        x = self.trunk_output(x)  # 56, 28, 14, 7: N x 440 x 7 x 7
        x = self.avgpool(x)  # N x 440 x 1 x 1
        x = x.flatten(start_dim=1)
        return self.fc(x)  # N x num_classes


@weight_init
def init_regnet(model: nn.Module) -> None:
    """torchvision's (ResNet-style) init: conv weights N(0, 2/fan_out), BatchNorm (1, 0), fc N(0, 0.01²) with zero bias.

    Like torchvision, this also reaches the SE 1×1 convs, whose biases keep PyTorch's default."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            fan_out = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
            nn.init.normal_(m.weight, mean=0.0, std=math.sqrt(2.0 / fan_out))
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.01)
            nn.init.zeros_(m.bias)


# torchvision's settings (its regnet_* builders, from the paper's Appendix): depth, w_0, w_a, w_m, group width.
REGNET_X: dict[str, tuple[int, int, float, float, int]] = {
    "400mf": (22, 24, 24.48, 2.54, 16),
    "800mf": (16, 56, 35.73, 2.28, 16),
    "1_6gf": (18, 80, 34.01, 2.25, 24),
    "3_2gf": (25, 88, 26.31, 2.25, 48),
    "8gf": (23, 80, 49.56, 2.88, 120),
    "16gf": (22, 216, 55.59, 2.1, 128),
    "32gf": (23, 320, 69.86, 2.0, 168),
}
REGNET_Y: dict[str, tuple[int, int, float, float, int]] = {
    "400mf": (16, 48, 27.89, 2.09, 8),
    "800mf": (14, 56, 38.84, 2.4, 16),
    "1_6gf": (27, 48, 20.71, 2.65, 24),
    "3_2gf": (21, 80, 42.63, 2.66, 24),
    "8gf": (17, 192, 76.82, 2.19, 56),
    "16gf": (18, 200, 106.23, 2.48, 112),
    "32gf": (20, 232, 115.89, 2.53, 232),
    "128gf": (27, 456, 160.83, 2.52, 264),  # torchvision has SWAG weights only (trained at 384)
}


def _hparams(kind: str, depth: int, w_a: float, w_m: float, group_width: int) -> tuple[H.HParam, ...]:
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.HParam("depth", int, depth, "Blocks in all, before the quantised widths group them into stages (d in the paper).",
                 min=1, max=64, step=1),
        H.HParam("w_a", float, w_a, "Width slope: block j's width starts as w_0 + w_a·j before quantisation (w_a in the paper).",
                 min=0.0, max=400.0, step=0.5, label="Width slope (w_a)"),
        H.HParam("w_m", float, w_m, "Width multiplier between stages: widths are snapped to w_0·w_m^k (w_m in the paper, > 1).",
                 min=1.5, max=3.0, step=0.01, label="Width multiplier (w_m)"),
        H.HParam("group_width", int, group_width, "Channels per group of each 3×3 convolution (1 = depthwise-like, "
                 "g in the paper).", min=1, max=1024, step=1),
        H.HParam("se_ratio", float, 0.25 if kind == "y" else 0.0, "Squeeze-and-excitation width as a fraction of each "
                 "block's input width: 0.25 in RegNetY, 0 (none) in RegNetX.", min=0.0, max=1.0, step=0.05, label="SE ratio"),
    )


def _meta(kind: str, size: str, cfg: tuple[int, int, float, float, int]) -> dict:
    depth, _, w_a, w_m, group_width = cfg
    title_size = size.replace("_", ".").upper()
    return dict(
        hparams=_hparams(kind, depth, w_a, w_m, group_width),
        title=f"RegNet{kind.upper()}-{title_size}",
        group="backbone",
        source="Radosavovic et al. 2020, 'Designing Network Design Spaces', §3.3 and Appendix; torchvision models/regnet.py",
        input_shape=(3, 224, 224),
        notes=_NOTES_Y if kind == "y" else _NOTES_X,
        pretrained=True,
    )


_NOTES_X = (
    "torchvision's RegNetX: a 3×3/2 stem of 32 channels, then residual bottlenecks (1×1, grouped 3×3, 1×1) whose "
    "widths follow the paper's quantised linear rule; a stage is a run of equal widths and strides 2 in its first "
    "block. se_ratio above 0 adds squeeze-and-excitation, which is what makes a RegNetY."
)
_NOTES_Y = (
    "torchvision's RegNetY: RegNetX plus squeeze-and-excitation after each grouped 3×3, its width a quarter of the "
    "block's input width (se_ratio 0.25). The gate pools the whole map, so every output depends on the whole image; "
    "the receptive field shown is that of the convolution path."
)


def _builder(kind: str, size: str, cfg: tuple[int, int, float, float, int]):
    w_0 = cfg[1]

    def build(*, num_classes: int, in_channels: int, depth: int, w_a: float, w_m: float, group_width: int,
              se_ratio: float) -> RegNet:
        params = BlockParams.from_init_params(depth, w_0, w_a, w_m, group_width, se_ratio=se_ratio or None)
        return RegNet(params, num_classes=num_classes, in_channels=in_channels)

    build.__name__ = build.__qualname__ = f"regnet_{kind}_{size}"
    build.__doc__ = f"RegNet{kind.upper()}-{size.replace('_', '.').upper()} (w_0 = {w_0})."
    return register(f"regnet_{kind}_{size}", **_meta(kind, size, cfg))(build)


regnet_x_400mf = _builder("x", "400mf", REGNET_X["400mf"])
regnet_x_800mf = _builder("x", "800mf", REGNET_X["800mf"])
regnet_x_1_6gf = _builder("x", "1_6gf", REGNET_X["1_6gf"])
regnet_x_3_2gf = _builder("x", "3_2gf", REGNET_X["3_2gf"])
regnet_x_8gf = _builder("x", "8gf", REGNET_X["8gf"])
regnet_x_16gf = _builder("x", "16gf", REGNET_X["16gf"])
regnet_x_32gf = _builder("x", "32gf", REGNET_X["32gf"])
regnet_y_400mf = _builder("y", "400mf", REGNET_Y["400mf"])
regnet_y_800mf = _builder("y", "800mf", REGNET_Y["800mf"])
regnet_y_1_6gf = _builder("y", "1_6gf", REGNET_Y["1_6gf"])
regnet_y_3_2gf = _builder("y", "3_2gf", REGNET_Y["3_2gf"])
regnet_y_8gf = _builder("y", "8gf", REGNET_Y["8gf"])
regnet_y_16gf = _builder("y", "16gf", REGNET_Y["16gf"])
regnet_y_32gf = _builder("y", "32gf", REGNET_Y["32gf"])
regnet_y_128gf = _builder("y", "128gf", REGNET_Y["128gf"])

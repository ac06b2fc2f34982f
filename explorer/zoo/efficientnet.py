"""EfficientNet B0–B7 (Tan & Le, "EfficientNet: Rethinking Model Scaling for
Convolutional Neural Networks", ICML 2019) and EfficientNetV2 S/M/L (Tan & Le,
"EfficientNetV2: Smaller Models and Faster Training", ICML 2021),
torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/efficientnet.py``, so its checkpoint files load
unchanged. A variant is a stage table (:data:`B_STAGES`, :data:`V2_S` …) plus a
width and a depth multiplier — compound scaling is just these two numbers and
the input resolution — turned into a network by :class:`EfficientNet`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.mobilenet import Conv2dNormActivation, SqueezeExcitation, StochasticDepth, init_mobilenet, make_divisible
from explorer.zoo.registry import register


@dataclass(frozen=True)
class Stage:
    """One row of Table 1 (EfficientNet) or Table 4 (EfficientNetV2): blocks of one kind and width.

    Attributes:
        fused: FusedMBConv (V2's early stages) instead of MBConv.
        expand_ratio, kernel, stride: of the stage's blocks (only the first block strides).
        input_channels, out_channels, num_layers: before width and depth scaling.
    """

    fused: bool
    expand_ratio: int
    kernel: int
    stride: int
    input_channels: int
    out_channels: int
    num_layers: int


def _mb(*row: int) -> Stage:
    return Stage(False, *row)


def _fused(*row: int) -> Stage:
    return Stage(True, *row)


# EfficientNet-B0, Table 1 of the paper; B1–B7 scale it.
B_STAGES = (
    _mb(1, 3, 1, 32, 16, 1),
    _mb(6, 3, 2, 16, 24, 2),
    _mb(6, 5, 2, 24, 40, 2),
    _mb(6, 3, 2, 40, 80, 3),
    _mb(6, 5, 1, 80, 112, 3),
    _mb(6, 5, 2, 112, 192, 4),
    _mb(6, 3, 1, 192, 320, 1),
)
# EfficientNetV2, Table 4 (S) and torchvision's M and L (from the paper's reference code).
V2_S = (
    _fused(1, 3, 1, 24, 24, 2),
    _fused(4, 3, 2, 24, 48, 4),
    _fused(4, 3, 2, 48, 64, 4),
    _mb(4, 3, 2, 64, 128, 6),
    _mb(6, 3, 1, 128, 160, 9),
    _mb(6, 3, 2, 160, 256, 15),
)
V2_M = (
    _fused(1, 3, 1, 24, 24, 3),
    _fused(4, 3, 2, 24, 48, 5),
    _fused(4, 3, 2, 48, 80, 5),
    _mb(4, 3, 2, 80, 160, 7),
    _mb(6, 3, 1, 160, 176, 14),
    _mb(6, 3, 2, 176, 304, 18),
    _mb(6, 3, 1, 304, 512, 5),
)
V2_L = (
    _fused(1, 3, 1, 32, 32, 4),
    _fused(4, 3, 2, 32, 64, 7),
    _fused(4, 3, 2, 64, 96, 7),
    _mb(4, 3, 2, 96, 192, 10),
    _mb(6, 3, 1, 192, 224, 19),
    _mb(6, 3, 2, 224, 384, 25),
    _mb(6, 3, 1, 384, 640, 7),
)


def _channels(c: float, width_mult: float = 1.0) -> int:
    return make_divisible(c * width_mult, 8)


class MBConv(nn.Module):
    """1×1 expand (SiLU) → k×k depthwise (SiLU) → squeeze-and-excitation → 1×1 projection,
    plus the input (after stochastic depth) when shapes allow."""

    def __init__(self, cnf: Stage, stochastic_depth_prob: float, norm_layer: Callable[[int], nn.Module]) -> None:
        super().__init__()
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        expanded = _channels(cnf.input_channels, cnf.expand_ratio)
        layers: list[nn.Module] = []
        if expanded != cnf.input_channels:
            layers.append(Conv2dNormActivation(cnf.input_channels, expanded, kernel_size=1, norm_layer=norm_layer,
                                               activation_layer=nn.SiLU))
        layers.append(Conv2dNormActivation(expanded, expanded, kernel_size=cnf.kernel, stride=cnf.stride, groups=expanded,
                                           norm_layer=norm_layer, activation_layer=nn.SiLU))
        # The squeeze is a quarter of the block's *input* channels, not of the expanded ones.
        layers.append(SqueezeExcitation(expanded, max(1, cnf.input_channels // 4), activation=partial(nn.SiLU, inplace=True)))
        layers.append(Conv2dNormActivation(expanded, cnf.out_channels, kernel_size=1, norm_layer=norm_layer, activation_layer=None))
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, "row")
        self.out_channels = cnf.out_channels

    def forward(self, x: Tensor) -> Tensor:
        result = self.block(x)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += x
        return result


class FusedMBConv(nn.Module):
    """k×k conv that expands (SiLU) → 1×1 projection, or one k×k conv when nothing expands;
    plus the input (after stochastic depth) when shapes allow. No squeeze-and-excitation."""

    def __init__(self, cnf: Stage, stochastic_depth_prob: float, norm_layer: Callable[[int], nn.Module]) -> None:
        super().__init__()
        self.use_res_connect = cnf.stride == 1 and cnf.input_channels == cnf.out_channels
        expanded = _channels(cnf.input_channels, cnf.expand_ratio)
        if expanded != cnf.input_channels:
            layers: list[nn.Module] = [
                Conv2dNormActivation(cnf.input_channels, expanded, kernel_size=cnf.kernel, stride=cnf.stride,
                                     norm_layer=norm_layer, activation_layer=nn.SiLU),
                Conv2dNormActivation(expanded, cnf.out_channels, kernel_size=1, norm_layer=norm_layer, activation_layer=None),
            ]
        else:
            layers = [Conv2dNormActivation(cnf.input_channels, cnf.out_channels, kernel_size=cnf.kernel, stride=cnf.stride,
                                           norm_layer=norm_layer, activation_layer=nn.SiLU)]
        self.block = nn.Sequential(*layers)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, "row")
        self.out_channels = cnf.out_channels

    def forward(self, x: Tensor) -> Tensor:
        result = self.block(x)
        if self.use_res_connect:
            result = self.stochastic_depth(result)
            result += x
        return result


class EfficientNet(nn.Module):
    """Stem (3×3/2 conv, SiLU) → one ``nn.Sequential`` per stage → 1×1 conv → global pool → dropout → fc.

    Args:
        stages: the stage table, before scaling.
        last_channel: channels of the last 1×1 conv before scaling (None: 4× the
            last stage's, as B0–B7).
        num_classes: outputs of the classifier.
        in_channels: channels of the input image.
        width_mult: multiplies every layer's channels (rounded to multiples of 8).
        depth_mult: multiplies every stage's number of blocks, rounded up.
        dropout: dropout before the classifier.
        stochastic_depth_prob: the drop probability of the residual branches
            grows linearly from 0 (first block) towards this value (last block).
        norm_eps, norm_momentum: BatchNorm settings (the ported TensorFlow
            weights use 0.001 and 0.01).
    """

    def __init__(
        self,
        stages: tuple[Stage, ...],
        *,
        last_channel: int | None = None,
        num_classes: int = 1000,
        in_channels: int = 3,
        width_mult: float = 1.0,
        depth_mult: float = 1.0,
        dropout: float = 0.2,
        stochastic_depth_prob: float = 0.2,
        norm_eps: float = 1e-5,
        norm_momentum: float = 0.1,
    ) -> None:
        super().__init__()
        norm_layer = partial(nn.BatchNorm2d, eps=norm_eps, momentum=norm_momentum)
        scaled = [
            replace(s, input_channels=_channels(s.input_channels, width_mult), out_channels=_channels(s.out_channels, width_mult),
                    num_layers=int(math.ceil(s.num_layers * depth_mult)))
            for s in stages
        ]
        layers: list[nn.Module] = [
            Conv2dNormActivation(in_channels, scaled[0].input_channels, kernel_size=3, stride=2, norm_layer=norm_layer,
                                 activation_layer=nn.SiLU)
        ]
        total = sum(s.num_layers for s in scaled)
        block_id = 0
        for s in scaled:
            stage: list[nn.Module] = []
            for i in range(s.num_layers):
                cnf = s if i == 0 else replace(s, input_channels=s.out_channels, stride=1)
                block = FusedMBConv if s.fused else MBConv
                stage.append(block(cnf, stochastic_depth_prob * block_id / total, norm_layer))
                block_id += 1
            layers.append(nn.Sequential(*stage))
        last_in = scaled[-1].out_channels
        last_out = 4 * last_in if last_channel is None else _channels(last_channel, width_mult)
        layers.append(Conv2dNormActivation(last_in, last_out, kernel_size=1, norm_layer=norm_layer, activation_layer=nn.SiLU))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(p=dropout, inplace=True), nn.Linear(last_out, num_classes))
        init_mobilenet(self, linear="uniform")

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224 (B0)
        x = self.features(x)  # N x 1280 x 7 x 7
        x = self.avgpool(x)  # N x 1280 x 1 x 1
        x = torch.flatten(x, 1)  # N x 1280
        return self.classifier(x)  # N x num_classes


# ---------------------------------------------------------------------------
# Registered variants

STOCHASTIC_DEPTH = H.HParam(
    "stochastic_depth_prob",
    float,
    0.2,
    "Stochastic depth in training: the chance of skipping a residual block grows from 0 at the first block towards "
    "this value at the last (0 turns it off).",
    min=0.0,
    max=0.9,
    step=0.05,
    label="Stochastic depth",
)


def depth_mult(default: float) -> H.HParam:
    return H.HParam(
        "depth_mult",
        float,
        default,
        "Multiplies every stage's number of blocks, rounded up (2.0 = about twice as deep).",
        min=0.1,
        max=8.0,
        step=0.1,
    )


def _hparams(width: float, depth: float, dropout: float) -> tuple[H.HParam, ...]:
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.width_mult(width),
        depth_mult(depth),
        H.dropout(dropout, "front of the final classifier"),
        STOCHASTIC_DEPTH,
    )


_NOTES_B = (
    "torchvision's EfficientNet: compound scaling by width_mult and depth_mult (channels rounded to multiples of 8, "
    "blocks rounded up), the default input is the resolution of torchvision's weights (B2: 288 where the paper used "
    "260), and B5–B7 use BatchNorm with eps 0.001 and momentum 0.01 like the ported weights. The squeeze-and-excitation "
    "gates see the whole map; the receptive fields shown follow the convolutions."
)
_NOTES_V2 = (
    "torchvision's EfficientNetV2: Fused-MBConv in the early stages, BatchNorm eps 0.001, and a 1280-channel last "
    "conv; width_mult and depth_mult (1.0 in torchvision) scale the stages. The squeeze-and-excitation gates see the "
    "whole map; the receptive fields shown follow the convolutions."
)
_SOURCE_B = (
    "Tan & Le 2019, 'EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks', Table 1; "
    "torchvision models/efficientnet.py"
)
_SOURCE_V2 = "Tan & Le 2021, 'EfficientNetV2: Smaller Models and Faster Training', Table 4; torchvision models/efficientnet.py"

# name: (width, depth, dropout, input resolution of torchvision's weights)
_B_VARIANTS = {
    "b0": (1.0, 1.0, 0.2, 224),
    "b1": (1.0, 1.1, 0.2, 240),
    "b2": (1.1, 1.2, 0.3, 288),
    "b3": (1.2, 1.4, 0.3, 300),
    "b4": (1.4, 1.8, 0.4, 380),
    "b5": (1.6, 2.2, 0.4, 456),
    "b6": (1.8, 2.6, 0.5, 528),
    "b7": (2.0, 3.1, 0.5, 600),
}


def _meta_b(variant: str) -> dict:
    width, depth, dropout, size = _B_VARIANTS[variant]
    return dict(
        hparams=_hparams(width, depth, dropout),
        title=f"EfficientNet-{variant.upper()}",
        group="backbone",
        source=_SOURCE_B,
        input_shape=(3, size, size),
        notes=_NOTES_B,
        pretrained=True,
    )


def _b(variant: str, **hp) -> EfficientNet:
    # The weights ported from TensorFlow for B5–B7 came with TensorFlow's BatchNorm settings.
    norm = dict(norm_eps=1e-3, norm_momentum=0.01) if variant in ("b5", "b6", "b7") else {}
    return EfficientNet(B_STAGES, **norm, **hp)


@register("efficientnet_b0", **_meta_b("b0"))
def efficientnet_b0(**hp) -> EfficientNet:
    return _b("b0", **hp)


@register("efficientnet_b1", **_meta_b("b1"))
def efficientnet_b1(**hp) -> EfficientNet:
    return _b("b1", **hp)


@register("efficientnet_b2", **_meta_b("b2"))
def efficientnet_b2(**hp) -> EfficientNet:
    return _b("b2", **hp)


@register("efficientnet_b3", **_meta_b("b3"))
def efficientnet_b3(**hp) -> EfficientNet:
    return _b("b3", **hp)


@register("efficientnet_b4", **_meta_b("b4"))
def efficientnet_b4(**hp) -> EfficientNet:
    return _b("b4", **hp)


@register("efficientnet_b5", **_meta_b("b5"))
def efficientnet_b5(**hp) -> EfficientNet:
    return _b("b5", **hp)


@register("efficientnet_b6", **_meta_b("b6"))
def efficientnet_b6(**hp) -> EfficientNet:
    return _b("b6", **hp)


@register("efficientnet_b7", **_meta_b("b7"))
def efficientnet_b7(**hp) -> EfficientNet:
    return _b("b7", **hp)


def _meta_v2(variant: str, dropout: float, size: int) -> dict:
    return dict(
        hparams=_hparams(1.0, 1.0, dropout),
        title=f"EfficientNetV2-{variant.upper()}",
        group="backbone",
        source=_SOURCE_V2,
        input_shape=(3, size, size),
        notes=_NOTES_V2,
        pretrained=True,
    )


def _v2(stages: tuple[Stage, ...], **hp) -> EfficientNet:
    return EfficientNet(stages, last_channel=1280, norm_eps=1e-3, **hp)


@register("efficientnet_v2_s", **_meta_v2("s", 0.2, 384))
def efficientnet_v2_s(**hp) -> EfficientNet:
    return _v2(V2_S, **hp)


@register("efficientnet_v2_m", **_meta_v2("m", 0.3, 480))
def efficientnet_v2_m(**hp) -> EfficientNet:
    return _v2(V2_M, **hp)


@register("efficientnet_v2_l", **_meta_v2("l", 0.4, 480))
def efficientnet_v2_l(**hp) -> EfficientNet:
    return _v2(V2_L, **hp)

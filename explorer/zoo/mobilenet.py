"""MobileNet-V2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear
Bottlenecks", CVPR 2018) and MobileNet-V3 (Howard et al., "Searching for
MobileNetV3", ICCV 2019), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/mobilenetv2.py`` and ``models/mobilenetv3.py``, so its
checkpoint files load unchanged. A variant is a table of inverted-residual
blocks (:data:`V2_BLOCKS`, :data:`V3_LARGE`, :data:`V3_SMALL`) turned into a
network by one class per paper.

The building blocks that EfficientNet shares with them live here too, under
torchvision's names (``torchvision.ops``): :class:`Conv2dNormActivation`,
:class:`SqueezeExcitation` and :class:`StochasticDepth`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.registry import register

# ---------------------------------------------------------------------------
# Shared blocks (torchvision.ops.misc and torchvision.ops.stochastic_depth)


def make_divisible(v: float, divisor: int = 8, min_value: int | None = None) -> int:
    """Round a channel count to a multiple of ``divisor``, never more than 10% down.

    From the TensorFlow reference code of MobileNet, as torchvision's ``_make_divisible``.
    """
    min_value = divisor if min_value is None else min_value
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class Conv2dNormActivation(nn.Sequential):
    """Convolution (``0``) → BatchNorm (``1``) → activation (``2``), 'same'-style padding.

    A Sequential, so its children are numbered as in torchvision's checkpoints
    (``features.0.0.weight``, ``features.0.1.running_mean``). The convolution has
    a bias only when there is no norm layer.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        *,
        groups: int = 1,
        dilation: int = 1,
        norm_layer: Callable[[int], nn.Module] | None = nn.BatchNorm2d,
        activation_layer: Callable[..., nn.Module] | None = nn.ReLU,
    ) -> None:
        padding = (kernel_size - 1) // 2 * dilation
        layers: list[nn.Module] = [
            nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, dilation=dilation, groups=groups,
                      bias=norm_layer is None)
        ]
        if norm_layer is not None:
            layers.append(norm_layer(out_channels))
        if activation_layer is not None:
            layers.append(activation_layer(inplace=True))
        super().__init__(*layers)
        self.out_channels = out_channels


class SqueezeExcitation(nn.Module):
    """Squeeze-and-excitation (Hu et al., CVPR 2018, Fig. 1): each channel scaled by a gate in (0, 1).

    The gate is computed from the whole map (global average pool → 1×1 conv →
    activation → 1×1 conv → sigmoid), so it is an ``N×C×1×1`` tensor multiplied
    into the ``N×C×H×W`` input.
    """

    def __init__(
        self,
        input_channels: int,
        squeeze_channels: int,
        activation: Callable[[], nn.Module] = nn.ReLU,
        scale_activation: Callable[[], nn.Module] = nn.Sigmoid,
    ) -> None:
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(input_channels, squeeze_channels, 1)
        self.fc2 = nn.Conv2d(squeeze_channels, input_channels, 1)
        self.activation = activation()
        self.scale_activation = scale_activation()

    def _scale(self, x: Tensor) -> Tensor:
        scale = self.avgpool(x)  # N x C x 1 x 1: squeeze
        scale = self.fc1(scale)
        scale = self.activation(scale)
        scale = self.fc2(scale)
        return self.scale_activation(scale)  # excitation: one gate per channel

    def forward(self, x: Tensor) -> Tensor:
        return self._scale(x) * x


class StochasticDepth(nn.Module):
    """Stochastic depth (Huang et al., ECCV 2016): in training, drop a residual branch with probability ``p``.

    ``mode="row"`` drops it per sample, ``"batch"`` for the whole batch; the
    survivors are scaled by 1/(1 − p). In evaluation it is the identity.
    """

    def __init__(self, p: float, mode: str = "row") -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"drop probability has to be between 0 and 1, but got {p}")
        if mode not in ("batch", "row"):
            raise ValueError(f"mode has to be either 'batch' or 'row', but got {mode}")
        self.p = p
        self.mode = mode

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0.0:
            return x
        survival = 1.0 - self.p
        size = [x.shape[0]] + [1] * (x.ndim - 1) if self.mode == "row" else [1] * x.ndim
        noise = torch.empty(size, dtype=x.dtype, device=x.device).bernoulli_(survival)
        if survival > 0.0:
            noise.div_(survival)
        return x * noise

    def extra_repr(self) -> str:
        return f"p={self.p}, mode={self.mode}"


@weight_init
def init_mobilenet(model: nn.Module, *, linear: str = "normal") -> None:
    """torchvision's MobileNet/EfficientNet init: Kaiming-normal (fan_out) convs with zero bias,
    BatchNorm at (1, 0), dense layers N(0, 0.01) (MobileNet) or U(±1/√out) (EfficientNet), zero bias."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            if linear == "uniform":
                bound = 1.0 / m.out_features**0.5
                nn.init.uniform_(m.weight, -bound, bound)
            else:
                nn.init.normal_(m.weight, 0, 0.01)
            nn.init.zeros_(m.bias)


# ---------------------------------------------------------------------------
# MobileNet-V2

# Table 2 of the paper: expansion t, output channels c, repeats n, first stride s.
V2_BLOCKS: tuple[tuple[int, int, int, int], ...] = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)


class InvertedResidualV2(nn.Module):
    """1×1 expand (ReLU6) → 3×3 depthwise (ReLU6) → 1×1 linear projection, plus the input when shapes allow.

    Named ``InvertedResidual`` in torchvision; its layers are ``conv.0``, ``conv.1``, …
    """

    def __init__(self, inp: int, oup: int, stride: int, expand_ratio: int) -> None:
        super().__init__()
        self.stride = stride
        hidden = int(round(inp * expand_ratio))
        self.use_res_connect = stride == 1 and inp == oup
        layers: list[nn.Module] = []
        if expand_ratio != 1:
            layers.append(Conv2dNormActivation(inp, hidden, kernel_size=1, activation_layer=nn.ReLU6))  # pw
        layers += [
            Conv2dNormActivation(hidden, hidden, stride=stride, groups=hidden, activation_layer=nn.ReLU6),  # dw
            nn.Conv2d(hidden, oup, 1, 1, 0, bias=False),  # pw-linear: no activation (the "linear bottleneck")
            nn.BatchNorm2d(oup),
        ]
        self.conv = nn.Sequential(*layers)
        self.out_channels = oup

    def forward(self, x: Tensor) -> Tensor:
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)



class MobileNetV2(nn.Module):
    """Stem (3×3/2 conv) → 17 inverted residuals (Table 2) → 1×1 conv to 1280 → global pool → dropout → fc.

    Args:
        num_classes: outputs of the classifier.
        in_channels: channels of the input image.
        width_mult: multiplies every layer's channels (rounded to multiples of
            8); the last conv keeps at least 1280.
        dropout: dropout before the classifier.
    """

    def __init__(self, *, num_classes: int = 1000, in_channels: int = 3, width_mult: float = 1.0, dropout: float = 0.2) -> None:
        super().__init__()
        input_channel = make_divisible(32 * width_mult)
        self.last_channel = make_divisible(1280 * max(1.0, width_mult))
        features: list[nn.Module] = [Conv2dNormActivation(in_channels, input_channel, stride=2, activation_layer=nn.ReLU6)]
        for t, c, n, s in V2_BLOCKS:
            output_channel = make_divisible(c * width_mult)
            for i in range(n):
                features.append(InvertedResidualV2(input_channel, output_channel, s if i == 0 else 1, t))
                input_channel = output_channel
        features.append(Conv2dNormActivation(input_channel, self.last_channel, kernel_size=1, activation_layer=nn.ReLU6))
        self.features = nn.Sequential(*features)
        self.classifier = nn.Sequential(nn.Dropout(p=dropout), nn.Linear(self.last_channel, num_classes))
        init_mobilenet(self)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        x = self.features(x)  # N x 1280 x 7 x 7
        x = nn.functional.adaptive_avg_pool2d(x, (1, 1))  # N x 1280 x 1 x 1 (functional, as torchvision)
        x = torch.flatten(x, 1)  # N x 1280
        return self.classifier(x)  # N x num_classes


# ---------------------------------------------------------------------------
# MobileNet-V3

# Tables 1 and 2 of the paper: input, kernel, expanded, output channels, SE, activation ("RE" ReLU,
# "HS" hard-swish), stride.
V3Block = tuple[int, int, int, int, bool, str, int]
V3_LARGE: tuple[V3Block, ...] = (
    (16, 3, 16, 16, False, "RE", 1),
    (16, 3, 64, 24, False, "RE", 2),
    (24, 3, 72, 24, False, "RE", 1),
    (24, 5, 72, 40, True, "RE", 2),
    (40, 5, 120, 40, True, "RE", 1),
    (40, 5, 120, 40, True, "RE", 1),
    (40, 3, 240, 80, False, "HS", 2),
    (80, 3, 200, 80, False, "HS", 1),
    (80, 3, 184, 80, False, "HS", 1),
    (80, 3, 184, 80, False, "HS", 1),
    (80, 3, 480, 112, True, "HS", 1),
    (112, 3, 672, 112, True, "HS", 1),
    (112, 5, 672, 160, True, "HS", 2),
    (160, 5, 960, 160, True, "HS", 1),
    (160, 5, 960, 160, True, "HS", 1),
)
V3_SMALL: tuple[V3Block, ...] = (
    (16, 3, 16, 16, True, "RE", 2),
    (16, 3, 72, 24, False, "RE", 2),
    (24, 3, 88, 24, False, "RE", 1),
    (24, 5, 96, 40, True, "HS", 2),
    (40, 5, 240, 40, True, "HS", 1),
    (40, 5, 240, 40, True, "HS", 1),
    (40, 5, 120, 48, True, "HS", 1),
    (48, 5, 144, 48, True, "HS", 1),
    (48, 5, 288, 96, True, "HS", 2),
    (96, 5, 576, 96, True, "HS", 1),
    (96, 5, 576, 96, True, "HS", 1),
)


class InvertedResidualV3(nn.Module):
    """1×1 expand → k×k depthwise → [squeeze-and-excitation] → 1×1 linear projection, plus the input when shapes allow.

    Named ``InvertedResidual`` in torchvision; its layers are ``block.0``, ``block.1``, …
    """

    def __init__(self, cnf: V3Block, *, width_mult: float, norm_layer: Callable[[int], nn.Module]) -> None:
        super().__init__()
        inp, kernel, exp, out, use_se, act, stride = cnf
        inp, exp, out = (make_divisible(c * width_mult) for c in (inp, exp, out))
        self.use_res_connect = stride == 1 and inp == out
        activation = nn.Hardswish if act == "HS" else nn.ReLU
        layers: list[nn.Module] = []
        if exp != inp:
            layers.append(Conv2dNormActivation(inp, exp, kernel_size=1, norm_layer=norm_layer, activation_layer=activation))
        layers.append(Conv2dNormActivation(exp, exp, kernel_size=kernel, stride=stride, groups=exp, norm_layer=norm_layer,
                                           activation_layer=activation))
        if use_se:
            layers.append(SqueezeExcitation(exp, make_divisible(exp // 4), scale_activation=nn.Hardsigmoid))
        layers.append(Conv2dNormActivation(exp, out, kernel_size=1, norm_layer=norm_layer, activation_layer=None))
        self.block = nn.Sequential(*layers)
        self.out_channels = out

    def forward(self, x: Tensor) -> Tensor:
        result = self.block(x)
        if self.use_res_connect:
            result += x
        return result



class MobileNetV3(nn.Module):
    """Stem (3×3/2 conv, hard-swish) → inverted residuals (Table 1 or 2) → 1×1 conv (×6) → global pool
    → dense (1280 or 1024) → hard-swish → dropout → fc.

    Args:
        blocks: :data:`V3_LARGE` or :data:`V3_SMALL`.
        last_channel: width of the classifier's hidden dense layer (1280 large, 1024 small).
        num_classes, in_channels, width_mult, dropout: as in :class:`MobileNetV2`.
    """

    def __init__(
        self,
        blocks: tuple[V3Block, ...],
        last_channel: int,
        *,
        num_classes: int = 1000,
        in_channels: int = 3,
        width_mult: float = 1.0,
        dropout: float = 0.2,
    ) -> None:
        super().__init__()
        # BatchNorm with TensorFlow's settings (eps 0.001, momentum 0.01), as the paper's reference code.
        norm_layer = partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)
        first = make_divisible(blocks[0][0] * width_mult)
        layers: list[nn.Module] = [
            Conv2dNormActivation(in_channels, first, kernel_size=3, stride=2, norm_layer=norm_layer, activation_layer=nn.Hardswish)
        ]
        layers += [InvertedResidualV3(cnf, width_mult=width_mult, norm_layer=norm_layer) for cnf in blocks]
        last_in = make_divisible(blocks[-1][3] * width_mult)
        last_out = 6 * last_in
        layers.append(Conv2dNormActivation(last_in, last_out, kernel_size=1, norm_layer=norm_layer, activation_layer=nn.Hardswish))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        hidden = make_divisible(last_channel * width_mult)
        self.classifier = nn.Sequential(
            nn.Linear(last_out, hidden),
            nn.Hardswish(inplace=True),
            nn.Dropout(p=dropout, inplace=True),
            nn.Linear(hidden, num_classes),
        )
        init_mobilenet(self)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        x = self.features(x)  # N x 960 x 7 x 7 (large), 576 (small)
        x = self.avgpool(x)  # N x 960 x 1 x 1
        x = torch.flatten(x, 1)  # N x 960
        return self.classifier(x)  # N x num_classes


# ---------------------------------------------------------------------------
# Registered variants

_NOTES_V2 = (
    "torchvision's MobileNet-V2: channels are rounded to multiples of 8, the last 1×1 conv keeps at least 1280 "
    "channels when width_mult is below 1, and dropout 0.2 precedes the classifier."
)
_NOTES_V3 = (
    "torchvision's MobileNet-V3: BatchNorm with eps 0.001 and momentum 0.01, squeeze-and-excitation with a "
    "hard-sigmoid gate and a squeeze to a quarter of the expanded channels (rounded to multiples of 8). "
    "The squeeze-and-excitation gates see the whole map; the receptive fields shown follow the convolutions."
)


def _hparams(dropout_what: str) -> tuple[H.HParam, ...]:
    return (H.num_classes(1000), H.in_channels(3), H.width_mult(1.0), H.dropout(0.2, dropout_what))


@register(
    "mobilenet_v2",
    hparams=_hparams("front of the final classifier"),
    title="MobileNet-V2",
    group="backbone",
    source="Sandler et al. 2018, 'MobileNetV2: Inverted Residuals and Linear Bottlenecks', Table 2; "
    "torchvision models/mobilenetv2.py",
    input_shape=(3, 224, 224),
    notes=_NOTES_V2,
    pretrained=True,
)
def mobilenet_v2(**hp) -> MobileNetV2:
    return MobileNetV2(**hp)


_V3_SOURCE = "Howard et al. 2019, 'Searching for MobileNetV3', Table {table}; torchvision models/mobilenetv3.py"


@register(
    "mobilenet_v3_large",
    hparams=_hparams("the classifier's hidden layers"),
    title="MobileNet-V3-Large",
    group="backbone",
    source=_V3_SOURCE.format(table="1"),
    input_shape=(3, 224, 224),
    notes=_NOTES_V3,
    pretrained=True,
)
def mobilenet_v3_large(**hp) -> MobileNetV3:
    return MobileNetV3(V3_LARGE, 1280, **hp)


@register(
    "mobilenet_v3_small",
    hparams=_hparams("the classifier's hidden layers"),
    title="MobileNet-V3-Small",
    group="backbone",
    source=_V3_SOURCE.format(table="2"),
    input_shape=(3, 224, 224),
    notes=_NOTES_V3,
    pretrained=True,
)
def mobilenet_v3_small(**hp) -> MobileNetV3:
    return MobileNetV3(V3_SMALL, 1024, **hp)

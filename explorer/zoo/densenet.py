"""DenseNet-BC (Huang, Liu, van der Maaten & Weinberger, "Densely Connected
Convolutional Networks", CVPR 2017), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/densenet.py``. Inside a dense block every layer sees the
concatenation of the block's input and all earlier layers' outputs, and adds
``growth_rate`` new channels (the paper's k); a layer is BN-ReLU-1×1 conv
(``bn_size``·k channels, the "B" of DenseNet-BC) then BN-ReLU-3×3 conv (k
channels). Between blocks a transition halves the channels (compression 0.5,
the "C") and the resolution. A variant is (k, layers per block, stem width).

torchvision's checkpoint files predate PyTorch's ban on dots in module names
and hold keys like ``denselayer1.norm.1.weight``; torchvision renames them to
``denselayer1.norm1.weight`` when it loads them, and so does
:func:`explorer.inside.weights.load_state_dict`.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.registry import register


class _DenseLayer(nn.Module):
    """BN-ReLU-1×1 conv (bottleneck) → BN-ReLU-3×3 conv, on the concatenation of every earlier feature map."""

    def __init__(self, num_input_features: int, growth_rate: int, bn_size: int, drop_rate: float) -> None:
        super().__init__()
        self.norm1 = nn.BatchNorm2d(num_input_features)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(num_input_features, bn_size * growth_rate, kernel_size=1, stride=1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, kernel_size=3, stride=1, padding=1, bias=False)
        self.drop_rate = float(drop_rate)

    def forward(self, inputs: list[Tensor] | Tensor) -> Tensor:
        prev = [inputs] if isinstance(inputs, Tensor) else inputs
        x = torch.cat(prev, 1)  # N x (c0 + i·k) x H x W: the block's input and every earlier layer's output
        x = self.conv1(self.relu1(self.norm1(x)))  # N x bn_size·k x H x W
        x = self.conv2(self.relu2(self.norm2(x)))  # N x k x H x W
        if self.drop_rate > 0:
            x = F.dropout(x, p=self.drop_rate, training=self.training)
        return x


class _DenseBlock(nn.ModuleDict):
    """``num_layers`` dense layers; the output concatenates the input and all of their outputs."""

    def __init__(self, num_layers: int, num_input_features: int, bn_size: int, growth_rate: int, drop_rate: float) -> None:
        super().__init__()
        for i in range(num_layers):
            layer = _DenseLayer(num_input_features + i * growth_rate, growth_rate, bn_size, drop_rate)
            self.add_module(f"denselayer{i + 1}", layer)

    def forward(self, init_features: Tensor) -> Tensor:
        features = [init_features]
        for layer in self.values():
            features.append(layer(features))
        return torch.cat(features, 1)  # N x (c0 + num_layers·k) x H x W


class _Transition(nn.Sequential):
    """BN-ReLU-1×1 conv that halves the channels, then a 2×2/2 average pool."""

    def __init__(self, num_input_features: int, num_output_features: int) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2d(num_input_features)
        self.relu = nn.ReLU(inplace=True)
        self.conv = nn.Conv2d(num_input_features, num_output_features, kernel_size=1, stride=1, bias=False)
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)


class DenseNet(nn.Module):
    """Stem (7×7/2 conv, 3×3/2 max pool) → dense blocks with transitions → BN → ReLU → global pool → linear.

    Args:
        growth_rate: channels each dense layer adds (k).
        block_config: dense layers in each block.
        num_init_features: channels of the stem convolution.
        bn_size: the bottleneck 1×1 outputs ``bn_size``·k channels.
        drop_rate: dropout on each dense layer's new channels.
        num_classes: outputs of ``classifier``.
        in_channels: channels of the input image.
    """

    def __init__(
        self,
        growth_rate: int = 32,
        block_config: tuple[int, ...] = (6, 12, 24, 16),
        num_init_features: int = 64,
        bn_size: int = 4,
        drop_rate: float = 0.0,
        num_classes: int = 1000,
        *,
        in_channels: int = 3,
    ) -> None:
        super().__init__()
        self.features = nn.Sequential(
            OrderedDict(
                [
                    ("conv0", nn.Conv2d(in_channels, num_init_features, kernel_size=7, stride=2, padding=3, bias=False)),
                    ("norm0", nn.BatchNorm2d(num_init_features)),
                    ("relu0", nn.ReLU(inplace=True)),
                    ("pool0", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
                ]
            )
        )
        c = num_init_features
        for i, num_layers in enumerate(block_config):
            self.features.add_module(f"denseblock{i + 1}", _DenseBlock(num_layers, c, bn_size, growth_rate, drop_rate))
            c += num_layers * growth_rate
            if i != len(block_config) - 1:
                self.features.add_module(f"transition{i + 1}", _Transition(c, c // 2))
                c //= 2
        self.features.add_module("norm5", nn.BatchNorm2d(c))
        self.classifier = nn.Linear(c, num_classes)
        init_densenet(self)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        features = self.features(x)  # N x 1024 x 7 x 7 (DenseNet-121)
        out = F.relu(features, inplace=True)
        out = F.adaptive_avg_pool2d(out, (1, 1))  # N x 1024 x 1 x 1
        out = torch.flatten(out, 1)  # N x 1024
        return self.classifier(out)  # N x num_classes


@weight_init
def init_densenet(model: nn.Module) -> None:
    """torchvision's DenseNet init ("official init from torch repo", i.e. the authors' Lua Torch code):
    Kaiming-normal convs (fan_in), BatchNorm at (1, 0), the linear layer's bias at 0 (its weight at PyTorch's default)."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.Linear):
            nn.init.constant_(m.bias, 0)


def _hparams(growth_rate: int, layers: tuple[int, int, int, int], init: int) -> tuple[H.HParam, ...]:
    blocks = tuple(
        H.HParam(f"layers{i}", int, n, f"Dense layers in block {i}.", min=1, max=128, step=1)
        for i, n in enumerate(layers, start=1)
    )
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.HParam(
            "growth_rate", int, growth_rate, "Channels each dense layer adds to the block's output (k in the paper).",
            min=1, max=256, step=1,
        ),
        *blocks,
        H.HParam(
            "num_init_features", int, init, "Channels of the stem's 7×7 convolution.", min=1, max=1024, step=1,
        ),
        H.HParam(
            "bn_size", int, 4, "Width of each dense layer's 1×1 bottleneck, in multiples of the growth rate.",
            min=1, max=16, step=1,
        ),
        H.dropout(0.0, "each dense layer's new channels"),
    )


def _densenet(*, growth_rate, layers1, layers2, layers3, layers4, num_init_features, bn_size, dropout, **hp) -> DenseNet:
    return DenseNet(
        growth_rate, (layers1, layers2, layers3, layers4), num_init_features, bn_size, dropout, **hp
    )


_NOTES = (
    "torchvision's DenseNet-BC: a 1×1 bottleneck of 4k channels before each 3×3 and transitions that halve the "
    "channels. Its checkpoint files use older key names (denselayer1.norm.1 for denselayer1.norm1), renamed on loading "
    "as torchvision does."
)


def _meta(depth: int, growth_rate: int, layers: tuple[int, int, int, int], init: int) -> dict:
    return dict(
        hparams=_hparams(growth_rate, layers, init),
        title=f"DenseNet-{depth}",
        group="backbone",
        source="Huang et al. 2017, 'Densely Connected Convolutional Networks', Table 1; torchvision models/densenet.py",
        input_shape=(3, 224, 224),
        notes=_NOTES,
        pretrained=True,
    )


@register("densenet121", **_meta(121, 32, (6, 12, 24, 16), 64))
def densenet121(**hp) -> DenseNet:
    return _densenet(**hp)


@register("densenet161", **_meta(161, 48, (6, 12, 36, 24), 96))
def densenet161(**hp) -> DenseNet:
    return _densenet(**hp)


@register("densenet169", **_meta(169, 32, (6, 12, 32, 32), 64))
def densenet169(**hp) -> DenseNet:
    return _densenet(**hp)


@register("densenet201", **_meta(201, 32, (6, 12, 48, 32), 64))
def densenet201(**hp) -> DenseNet:
    return _densenet(**hp)

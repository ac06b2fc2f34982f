"""CIFAR-10 ResNets (He, Zhang, Ren & Sun, "Deep Residual Learning for Image
Recognition", CVPR 2016, §4.2).

A 3×3 convolution with 16 filters, then three stages of ``n`` basic blocks on
32×32, 16×16 and 8×8 maps with 16, 32 and 64 filters, then global average
pooling and a dense layer: ``6n + 2`` weighted layers (ResNet-20, -32, -44,
-56, -110, -1202). Module names follow torchvision's ResNet (``conv1 bn1 relu
layer1..3 avgpool fc``, ``downsample``).

The shortcut that changes shape can be the paper's option A (parameter-free:
subsample by 2, zero-pad the new channels; what §4.2 uses), option B (a 1×1
projection), or absent, which gives the plain networks of Figure 6.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from explorer.errors import InvalidHyperparameter
from explorer.zoo import hparams as H
from explorer.zoo.layers import scaled, weight_init
from explorer.zoo.registry import register
from explorer.i18n import N_

#: Filters of the stem and of the three stages.
WIDTHS = (16, 32, 64)

SHORTCUTS = ("identity", "projection", "none")


def conv3x3(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    """Two 3×3 convolutions plus a shortcut of the kind ``shortcut`` names.

    Where the block halves the map and widens the channels, option A's shortcut
    takes every second pixel (``subsample``, a 1×1 average pool with stride 2)
    and pads zero channels on both sides; option B's is a strided 1×1
    convolution with BatchNorm (``downsample``). Elsewhere both are identities.
    """

    def __init__(self, inplanes: int, planes: int, stride: int = 1, *, shortcut: str = "identity") -> None:
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.residual = shortcut != "none"
        self.downsample: nn.Module | None = None
        self.subsample: nn.Module | None = None
        self.pad = (0, 0)
        changes_shape = stride != 1 or inplanes != planes
        if shortcut == "projection" and changes_shape:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes),
            )
        elif shortcut == "identity" and changes_shape:
            if stride != 1:
                self.subsample = nn.AvgPool2d(kernel_size=1, stride=stride)
            extra = planes - inplanes
            self.pad = (extra // 2, extra - extra // 2)  # zero channels before and after

    def forward(self, x: Tensor) -> Tensor:
        identity = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)

        if self.downsample is not None:
            identity = self.downsample(x)
        if self.subsample is not None:
            identity = self.subsample(identity)
        if self.pad != (0, 0):
            identity = F.pad(identity, (0, 0, 0, 0, *self.pad))
        if self.residual:
            out += identity
        return self.relu(out)


class ResNetCifar(nn.Module):
    """conv 3×3 (16) → 3 stages × n blocks (16, 32, 64) → global average pool → fc."""

    def __init__(
        self,
        n: int,
        *,
        num_classes: int = 10,
        in_channels: int = 3,
        width_mult: float = 1.0,
        shortcut: str = "identity",
    ) -> None:
        super().__init__()
        w1, w2, w3 = (scaled(c, width_mult) for c in WIDTHS)
        self.inplanes = w1
        self.shortcut = shortcut
        self.conv1 = conv3x3(in_channels, w1)
        self.bn1 = nn.BatchNorm2d(w1)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = self._make_layer(w1, n)
        self.layer2 = self._make_layer(w2, n, stride=2)
        self.layer3 = self._make_layer(w3, n, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(w3, num_classes)
        init_resnet_cifar(self)

    def _make_layer(self, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        layers = [BasicBlock(self.inplanes, planes, stride, shortcut=self.shortcut)]
        self.inplanes = planes
        for _ in range(1, blocks):
            layers.append(BasicBlock(planes, planes, shortcut=self.shortcut))
        return nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 32 x 32
        x = self.conv1(x)  # N x 16 x 32 x 32
        x = self.bn1(x)
        x = self.relu(x)

        x = self.layer1(x)  # N x 16 x 32 x 32
        x = self.layer2(x)  # N x 32 x 16 x 16
        x = self.layer3(x)  # N x 64 x 8 x 8

        x = self.avgpool(x)  # N x 64 x 1 x 1
        x = torch.flatten(x, 1)  # N x 64
        return self.fc(x)  # N x num_classes


@weight_init
def init_resnet_cifar(model: nn.Module) -> None:
    """He et al. 2015 ("Delving Deep into Rectifiers") init, which §4.2 cites, in torchvision's
    form: Kaiming-normal (fan_out) convs, BatchNorm at (1, 0), ``fc`` at PyTorch's default."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)


def blocks_per_stage(depth: int) -> int:
    """``n`` for a depth of ``6n + 2``.

    Raises:
        InvalidHyperparameter: when ``depth`` is not of that form.
    """
    if depth < 8 or (depth - 2) % 6:
        raise InvalidHyperparameter(
            N_("Hyperparameter 'depth' of resnet_cifar cannot be {depth}: CIFAR ResNets have 6n+2 layers, so use {examples} or another such number."), depth=depth, examples="8, 14, 20, 32, 44, 56, 110, 1202",
        )
    return (depth - 2) // 6


_HPARAMS = (
    H.HParam(
        "depth",
        int,
        20,
        "Weighted layers, 6n+2 for n blocks per stage: 20, 32, 44, 56 and 110 are the paper's (1202 too).",
        min=8,
        max=1202,
        step=6,
    ),
    H.HParam(
        "shortcut",
        str,
        "identity",
        "Shortcuts: identity with zero-padding where the shape changes (option A, the paper's CIFAR choice), "
        "identity with a 1×1 projection there (option B), or none at all (a plain network).",
        choices=SHORTCUTS,
    ),
    H.num_classes(10),
    H.in_channels(3),
    H.width_mult(1.0),
)


@register(
    "resnet_cifar",
    hparams=_HPARAMS,
    title="ResNet for CIFAR-10 (6n+2)",
    group="reference",
    source="He et al. 2016, 'Deep Residual Learning for Image Recognition', §4.2 and Table 6",
    input_shape=(3, 32, 32),
    notes=(
        "The paper's option A shortcut is built from standard modules: a 1×1 average pool with stride 2 (which "
        "takes every second pixel) followed by zero-padding the new channels, split evenly before and after."
    ),
)
def resnet_cifar(*, depth, shortcut, num_classes, in_channels, width_mult) -> ResNetCifar:
    n = blocks_per_stage(depth)
    return ResNetCifar(n, num_classes=num_classes, in_channels=in_channels, width_mult=width_mult, shortcut=shortcut)

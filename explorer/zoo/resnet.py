"""ResNet (He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition",
CVPR 2016), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/resnet.py``, so its checkpoint files load unchanged. A
variant is a block type plus the number of blocks in each of the four stages,
``(block, layers=(3, 4, 6, 3))``, turned into a network by :class:`ResNet`.

Like torchvision, the bottleneck puts the stride-2 of a downsampling block on
its 3×3 convolution ("ResNet v1.5"); the paper put it on the first 1×1
(``stride_on="1x1"``). Shortcuts that change shape are 1×1 projections followed
by BatchNorm (the paper's option B), the others are identities.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from explorer.errors import InvalidHyperparameter
from explorer.zoo import hparams as H
from explorer.zoo.layers import scaled, weight_init
from explorer.zoo.registry import register
from explorer.i18n import N_


def conv3x3(in_planes: int, out_planes: int, stride: int = 1, groups: int = 1) -> nn.Conv2d:
    """3×3 convolution with padding 1 and no bias (BatchNorm follows); ``groups`` > 1 for ResNeXt."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=1, groups=groups, bias=False)


def conv1x1(in_planes: int, out_planes: int, stride: int = 1) -> nn.Conv2d:
    """1×1 convolution with no bias (BatchNorm follows)."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """Two 3×3 convolutions and a shortcut (Figure 5 left); used by ResNet-18/34."""

    expansion = 1

    def __init__(
        self,
        inplanes: int,
        planes: int,
        stride: int = 1,
        downsample: nn.Module | None = None,
        *,
        stride_on: str = "3x3",  # accepted so both blocks share one signature; a basic block has only 3×3s
        residual: bool = True,
    ) -> None:
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride
        self.residual = residual

    def forward(self, x: Tensor) -> Tensor:
        identity = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)

        if self.downsample is not None:
            identity = self.downsample(x)
        if self.residual:
            out += identity
        return self.relu(out)


class Bottleneck(nn.Module):
    """1×1 reduce, 3×3, 1×1 expand (×4) and a shortcut (Figure 5 right); used by ResNet-50/101/152.

    With ``groups`` and ``base_width`` it is also ResNeXt's block (Xie et al. 2017, Figure 3c: the 3×3
    is a grouped convolution of ``groups`` paths, each ``base_width`` channels wide at the first stage)
    and Wide ResNet's (``base_width`` 128: the inner 3×3 twice as wide). The inner width is
    torchvision's ``int(planes * base_width / 64) * groups``.
    """

    expansion = 4

    def __init__(
        self,
        inplanes: int,
        planes: int,
        stride: int = 1,
        downsample: nn.Module | None = None,
        *,
        stride_on: str = "3x3",
        residual: bool = True,
        groups: int = 1,
        base_width: int = 64,
    ) -> None:
        super().__init__()
        # At least one channel per group, so a narrow width_mult still builds (torchvision's formula gives 0 there).
        width = max(1, int(planes * (base_width / 64.0))) * groups
        # v1.5 (torchvision) strides the 3×3; v1 (the paper, Caffe) strides the first 1×1,
        # which skips three quarters of the input before any 3×3 sees it.
        s1, s3 = (stride, 1) if stride_on == "1x1" else (1, stride)
        self.conv1 = conv1x1(inplanes, width, s1)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = conv3x3(width, width, s3, groups)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = conv1x1(width, planes * self.expansion)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample
        self.stride = stride
        self.residual = residual

    def forward(self, x: Tensor) -> Tensor:
        identity = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)
        out = self.relu(out)

        out = self.conv3(out)
        out = self.bn3(out)

        if self.downsample is not None:
            identity = self.downsample(x)
        if self.residual:
            out += identity
        return self.relu(out)


Block = type[BasicBlock] | type[Bottleneck]


class ResNet(nn.Module):
    """Stem (7×7/2 conv, 3×3/2 max pool) → four stages of residual blocks → global pool → fc.

    Args:
        block: :class:`BasicBlock` or :class:`Bottleneck`.
        layers: number of blocks in each of the four stages.
        num_classes: outputs of ``fc``.
        in_channels: channels of the input image.
        width_mult: multiplies the stem's 64 and the stages' 64/128/256/512 widths.
        zero_init_residual: start each block's last BatchNorm at zero, so each
            block begins as an identity (Goyal et al. 2017, "Accurate, Large
            Minibatch SGD").
        stride_on: ``"3x3"`` (v1.5, torchvision) or ``"1x1"`` (v1, the paper);
            bottleneck blocks only.
        shortcut: ``"projection"`` (option B) or ``"none"`` (the paper's plain
            network, for the degradation experiment of Figure 4).
        groups: paths of each bottleneck's grouped 3×3 (ResNeXt's cardinality).
        width_per_group: channels of each path at the first stage (64 is ResNet,
            128 with one group is Wide ResNet-50-2/101-2).
    """

    def __init__(
        self,
        block: Block,
        layers: tuple[int, int, int, int] | list[int],
        *,
        num_classes: int = 1000,
        in_channels: int = 3,
        width_mult: float = 1.0,
        zero_init_residual: bool = False,
        stride_on: str = "3x3",
        shortcut: str = "projection",
        groups: int = 1,
        width_per_group: int = 64,
    ) -> None:
        super().__init__()
        if zero_init_residual and shortcut == "none":
            raise InvalidHyperparameter(
                N_("Hyperparameter 'zero_init_residual' cannot be true when 'shortcut' is 'none': without shortcuts every block would output zeros; turn one of them off."),
            )
        self._block_args = dict(stride_on=stride_on, residual=shortcut != "none")
        if groups != 1 or width_per_group != 64:  # only bottlenecks have an inner width to change
            self._block_args.update(groups=groups, base_width=width_per_group)
        self.inplanes = scaled(64, width_mult)
        self.conv1 = nn.Conv2d(in_channels, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, scaled(64, width_mult), layers[0])
        self.layer2 = self._make_layer(block, scaled(128, width_mult), layers[1], stride=2)
        self.layer3 = self._make_layer(block, scaled(256, width_mult), layers[2], stride=2)
        self.layer4 = self._make_layer(block, scaled(512, width_mult), layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(scaled(512, width_mult) * block.expansion, num_classes)
        init_resnet(self, zero_init_residual=zero_init_residual)

    def _make_layer(self, block: Block, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        """One stage: the first block may change the shape (and gets the projection), the rest keep it."""
        downsample = None
        if self._block_args["residual"] and (stride != 1 or self.inplanes != planes * block.expansion):
            downsample = nn.Sequential(
                conv1x1(self.inplanes, planes * block.expansion, stride),
                nn.BatchNorm2d(planes * block.expansion),
            )
        layers = [block(self.inplanes, planes, stride, downsample, **self._block_args)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, **self._block_args))
        return nn.Sequential(*layers)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        x = self.conv1(x)  # N x 64 x 112 x 112
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)  # N x 64 x 56 x 56

        x = self.layer1(x)  # N x 64 x 56 x 56 (x 256 for bottlenecks)
        x = self.layer2(x)  # N x 128 x 28 x 28 (x 512)
        x = self.layer3(x)  # N x 256 x 14 x 14 (x 1024)
        x = self.layer4(x)  # N x 512 x 7 x 7 (x 2048)

        x = self.avgpool(x)  # N x 512 x 1 x 1
        x = torch.flatten(x, 1)  # N x 512
        return self.fc(x)  # N x num_classes


@weight_init
def init_resnet(model: nn.Module, *, zero_init_residual: bool = False) -> None:
    """torchvision's ResNet init: Kaiming-normal (fan_out) convs, BatchNorm at (1, 0),
    ``fc`` left at PyTorch's default; optionally each block's last BN weight at 0."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)
    if zero_init_residual:
        # Each residual branch starts at zero, so each block starts as an identity:
        # +0.2-0.3% top-1 according to https://arxiv.org/abs/1706.02677.
        for m in model.modules():
            if isinstance(m, Bottleneck):
                nn.init.constant_(m.bn3.weight, 0)
            elif isinstance(m, BasicBlock):
                nn.init.constant_(m.bn2.weight, 0)


_STAGES = ("conv2_x, 56×56", "conv3_x, 28×28", "conv4_x, 14×14", "conv5_x, 7×7")


def _hparams(layers: tuple[int, int, int, int]) -> tuple[H.HParam, ...]:
    blocks = tuple(
        H.HParam(f"blocks{i}", int, n, f"Residual blocks in stage {i} ({where} at 224).", min=1, max=64, step=1)
        for i, (n, where) in enumerate(zip(layers, _STAGES), start=1)
    )
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.width_mult(1.0),
        *blocks,
        H.HParam(
            "zero_init_residual",
            bool,
            False,
            "Start each block's last BatchNorm weight at 0, so every block begins as an identity mapping.",
        ),
        H.HParam(
            "stride_on",
            str,
            "3x3",
            "Where a bottleneck block downsamples: on the 3×3 conv (v1.5, torchvision) or the first 1×1 (v1, "
            "the paper). Basic blocks have only 3×3 convs and ignore it.",
            choices=("3x3", "1x1"),
        ),
        H.HParam(
            "shortcut",
            str,
            "projection",
            "Shortcut connections: identity, with a 1×1 projection where the shape changes (the paper's option B), "
            "or none at all (the paper's plain network).",
            choices=("projection", "none"),
        ),
    )


def _resnet(block: Block, *, blocks1, blocks2, blocks3, blocks4, **hp) -> ResNet:
    return ResNet(block, (blocks1, blocks2, blocks3, blocks4), **hp)


_V15 = (
    "torchvision's ResNet v1.5: a downsampling bottleneck strides its 3×3 conv, not the first 1×1 as in the "
    "paper (stride_on='1x1' gives the paper's v1). Shortcuts that change shape are 1×1 projections (option B)."
)
_BASIC = (
    "Shortcuts that change shape are 1×1 projections (the paper's option B); the paper's Table 2 comparison "
    "with plain networks used zero-padding (option A) instead."
)


def _meta(depth: int, layers: tuple[int, int, int, int], notes: str) -> dict:
    return dict(
        hparams=_hparams(layers),
        title=f"ResNet-{depth}",
        group="reference",
        source="He et al. 2016, 'Deep Residual Learning for Image Recognition', Table 1; torchvision models/resnet.py",
        input_shape=(3, 224, 224),
        notes=notes,
        pretrained=True,
    )


@register("resnet18", **_meta(18, (2, 2, 2, 2), _BASIC))
def resnet18(**hp) -> ResNet:
    return _resnet(BasicBlock, **hp)


@register("resnet34", **_meta(34, (3, 4, 6, 3), _BASIC))
def resnet34(**hp) -> ResNet:
    return _resnet(BasicBlock, **hp)


@register("resnet50", **_meta(50, (3, 4, 6, 3), _V15))
def resnet50(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


@register("resnet101", **_meta(101, (3, 4, 23, 3), _V15))
def resnet101(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


@register("resnet152", **_meta(152, (3, 8, 36, 3), _V15))
def resnet152(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


# --- ResNeXt and Wide ResNet: the same network, a wider or grouped inner 3×3 ----------------------


def _wide_hparams(layers: tuple[int, int, int, int], groups: int, width_per_group: int) -> tuple[H.HParam, ...]:
    return (
        *_hparams(layers),
        H.HParam(
            "groups",
            int,
            groups,
            "Paths of each bottleneck's grouped 3×3 convolution (ResNeXt's cardinality; 1 is ResNet and Wide ResNet).",
            min=1,
            max=128,
            step=1,
        ),
        H.HParam(
            "width_per_group",
            int,
            width_per_group,
            "Channels of each path of the 3×3 in the first stage, doubling every stage (64 with one group is ResNet, "
            "128 is Wide ResNet).",
            min=1,
            max=512,
            step=1,
        ),
    )


_RESNEXT = (
    "torchvision's ResNeXt: ResNet-50/101 v1.5 whose bottleneck 3×3 is a grouped convolution (the paper's Figure 3c "
    "form); 32×4d means 32 groups of 4 channels in the first stage, doubling every stage."
)
_WIDE = (
    "torchvision's Wide ResNet-50-2/101-2: ResNet-50/101 v1.5 with every bottleneck's inner 1×1 and 3×3 twice as wide; "
    "the outer 1×1 outputs keep ResNet's widths. The paper's own networks are pre-activation CIFAR ResNets with "
    "dropout; these are its ImageNet bottleneck variant."
)
_RESNEXT_PAPER = "Xie et al. 2017, 'Aggregated Residual Transformations for Deep Neural Networks', Table 1; torchvision models/resnet.py"
_WIDE_PAPER = "Zagoruyko & Komodakis 2016, 'Wide Residual Networks', §5 (ImageNet); torchvision models/resnet.py"


def _wide_meta(title: str, layers: tuple[int, int, int, int], groups: int, width: int, notes: str, source: str) -> dict:
    return dict(
        hparams=_wide_hparams(layers, groups, width),
        title=title,
        group="backbone",
        source=source,
        input_shape=(3, 224, 224),
        notes=notes,
        pretrained=True,
    )


@register("resnext50_32x4d", **_wide_meta("ResNeXt-50 32×4d", (3, 4, 6, 3), 32, 4, _RESNEXT, _RESNEXT_PAPER))
def resnext50_32x4d(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


@register("resnext101_32x8d", **_wide_meta("ResNeXt-101 32×8d", (3, 4, 23, 3), 32, 8, _RESNEXT, _RESNEXT_PAPER))
def resnext101_32x8d(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


@register("resnext101_64x4d", **_wide_meta("ResNeXt-101 64×4d", (3, 4, 23, 3), 64, 4, _RESNEXT, _RESNEXT_PAPER))
def resnext101_64x4d(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


@register("wide_resnet50_2", **_wide_meta("Wide ResNet-50-2", (3, 4, 6, 3), 1, 128, _WIDE, _WIDE_PAPER))
def wide_resnet50_2(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)


@register("wide_resnet101_2", **_wide_meta("Wide ResNet-101-2", (3, 4, 23, 3), 1, 128, _WIDE, _WIDE_PAPER))
def wide_resnet101_2(**hp) -> ResNet:
    return _resnet(Bottleneck, **hp)

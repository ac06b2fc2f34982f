"""ShuffleNet V2 (Ma, Zhang, Zheng & Sun, "ShuffleNet V2: Practical Guidelines
for Efficient CNN Architecture Design", ECCV 2018), torchvision-compatible.

Module names, ``state_dict`` keys and shapes are those of torchvision's
``models/shufflenetv2.py`` (which keeps PyTorch's default initialisation). A
unit of stride 1 splits its channels in two halves: one passes untouched, the
other goes through 1×1 → depthwise 3×3 → 1×1; the halves are concatenated and
the channels shuffled so that the next unit mixes them (Figure 3c). A unit of
stride 2 sends the whole input through two branches and doubles the channels
(Figure 3d). A variant is the widths of Table 5 (×0.5 … ×2.0).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.registry import register


def channel_shuffle(x: Tensor, groups: int) -> Tensor:
    """Interleave the channels of ``groups`` groups: (g, c/g) → transpose → (c/g, g) → flatten."""
    batchsize, num_channels, height, width = x.size()
    x = x.view(batchsize, groups, num_channels // groups, height, width)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(batchsize, -1, height, width)


def depthwise_conv(i: int, o: int, kernel_size: int, stride: int = 1, padding: int = 0) -> nn.Conv2d:
    """One filter per channel (``groups=i``), no bias: BatchNorm follows."""
    return nn.Conv2d(i, o, kernel_size, stride, padding, bias=False, groups=i)


class InvertedResidual(nn.Module):
    """ShuffleNet V2's unit (torchvision's name): split or duplicate, two branches, concatenate, shuffle."""

    def __init__(self, inp: int, oup: int, stride: int) -> None:
        super().__init__()
        self.stride = stride
        branch_features = oup // 2
        if stride > 1:
            self.branch1 = nn.Sequential(
                depthwise_conv(inp, inp, kernel_size=3, stride=stride, padding=1),
                nn.BatchNorm2d(inp),
                nn.Conv2d(inp, branch_features, kernel_size=1, stride=1, padding=0, bias=False),
                nn.BatchNorm2d(branch_features),
                nn.ReLU(inplace=True),
            )
        else:
            self.branch1 = nn.Sequential()
        self.branch2 = nn.Sequential(
            nn.Conv2d(inp if stride > 1 else branch_features, branch_features, kernel_size=1, stride=1, padding=0, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.ReLU(inplace=True),
            depthwise_conv(branch_features, branch_features, kernel_size=3, stride=stride, padding=1),
            nn.BatchNorm2d(branch_features),
            nn.Conv2d(branch_features, branch_features, kernel_size=1, stride=1, padding=0, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.ReLU(inplace=True),
        )

    def forward(self, x: Tensor) -> Tensor:
        if self.stride == 1:
            x1, x2 = x.chunk(2, dim=1)  # channel split: half passes untouched
            out = torch.cat((x1, self.branch2(x2)), dim=1)
        else:
            out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)  # both branches see everything
        return channel_shuffle(out, 2)


class ShuffleNetV2(nn.Module):
    """conv1 (3×3/2) → 3×3/2 max pool → stage2..4 → conv5 (1×1) → global mean → fc.

    Args:
        stages_repeats: units in stage 2, 3 and 4 (the first of each has stride 2).
        stages_out_channels: channels of conv1, stage 2, 3, 4 and conv5.
        num_classes: outputs of ``fc``.
        in_channels: channels of the input image.
    """

    def __init__(
        self,
        stages_repeats: tuple[int, int, int],
        stages_out_channels: tuple[int, int, int, int, int],
        *,
        num_classes: int = 1000,
        in_channels: int = 3,
    ) -> None:
        super().__init__()
        self._stage_out_channels = list(stages_out_channels)
        c = stages_out_channels[0]
        self.conv1 = nn.Sequential(nn.Conv2d(in_channels, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True))
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        for name, repeats, out in zip(("stage2", "stage3", "stage4"), stages_repeats, stages_out_channels[1:]):
            units = [InvertedResidual(c, out, 2)] + [InvertedResidual(out, out, 1) for _ in range(repeats - 1)]
            setattr(self, name, nn.Sequential(*units))
            c = out
        out = stages_out_channels[-1]
        self.conv5 = nn.Sequential(nn.Conv2d(c, out, 1, 1, 0, bias=False), nn.BatchNorm2d(out), nn.ReLU(inplace=True))
        self.fc = nn.Linear(out, num_classes)
        # No init here: torchvision's ShuffleNetV2 keeps PyTorch's defaults (Kaiming-uniform, a=√5).

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        x = self.conv1(x)  # N x 24 x 112 x 112
        x = self.maxpool(x)  # N x 24 x 56 x 56
        x = self.stage2(x)  # N x 116 x 28 x 28 (×1.0)
        x = self.stage3(x)  # N x 232 x 14 x 14
        x = self.stage4(x)  # N x 464 x 7 x 7
        x = self.conv5(x)  # N x 1024 x 7 x 7
        x = x.mean([2, 3])  # global average pool: N x 1024
        return self.fc(x)  # N x num_classes


# Table 5 of the paper: output channels of conv1, stage 2, 3, 4 and conv5.
WIDTHS: dict[str, tuple[int, int, int, int, int]] = {
    "0_5": (24, 48, 96, 192, 1024),
    "1_0": (24, 116, 232, 464, 1024),
    "1_5": (24, 176, 352, 704, 1024),
    "2_0": (24, 244, 488, 976, 2048),
}

_STAGES = ("28×28", "14×14", "7×7")
_HPARAMS = (
    H.num_classes(1000),
    H.in_channels(3),
    *(
        H.HParam(f"units{i}", int, n, f"Units in stage {i} ({where} at 224); the first one halves the size.", min=1, max=32, step=1)
        for i, n, where in zip((2, 3, 4), (4, 8, 4), _STAGES)
    ),
)


def _meta(width: str) -> dict:
    return dict(
        hparams=_HPARAMS,
        title=f"ShuffleNet V2 ×{width.replace('_', '.')}",
        group="backbone",
        source="Ma et al. 2018, 'ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design', Table 5; "
        "torchvision models/shufflenetv2.py",
        input_shape=(3, 224, 224),
        pretrained=True,
    )


def _shufflenet(width: str, *, units2: int, units3: int, units4: int, **hp) -> ShuffleNetV2:
    return ShuffleNetV2((units2, units3, units4), WIDTHS[width], **hp)


@register("shufflenet_v2_x0_5", **_meta("0_5"))
def shufflenet_v2_x0_5(**hp) -> ShuffleNetV2:
    return _shufflenet("0_5", **hp)


@register("shufflenet_v2_x1_0", **_meta("1_0"))
def shufflenet_v2_x1_0(**hp) -> ShuffleNetV2:
    return _shufflenet("1_0", **hp)


@register("shufflenet_v2_x1_5", **_meta("1_5"))
def shufflenet_v2_x1_5(**hp) -> ShuffleNetV2:
    return _shufflenet("1_5", **hp)


@register("shufflenet_v2_x2_0", **_meta("2_0"))
def shufflenet_v2_x2_0(**hp) -> ShuffleNetV2:
    return _shufflenet("2_0", **hp)

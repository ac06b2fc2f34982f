"""GoogLeNet, or Inception v1 (Szegedy et al., "Going Deeper with Convolutions",
CVPR 2015), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/googlenet.py``, so its checkpoint files (ported from
TensorFlow) load unchanged. That port differs from the paper in ways kept here
for compatibility: BatchNorm after every convolution and no local response
normalisation, a 3×3 kernel in the "5×5" branch, a 2×2 ``maxpool4``, and
auxiliary heads that pool to 4×4 adaptively. The nine Inception modules are one
table (:data:`INCEPTION`, Table 1 of the paper) and one class.
"""

from __future__ import annotations

from collections import namedtuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from explorer.errors import InvalidHyperparameter
from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.registry import register
from explorer.i18n import N_

#: Returned in training mode when the auxiliary heads are on, in torchvision's order.
GoogLeNetOutputs = namedtuple("GoogLeNetOutputs", ["logits", "aux_logits2", "aux_logits1"])

# Table 1 of the paper: in_channels, #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj.
INCEPTION: dict[str, tuple[int, int, int, int, int, int, int]] = {
    "3a": (192, 64, 96, 128, 16, 32, 32),
    "3b": (256, 128, 128, 192, 32, 96, 64),
    "4a": (480, 192, 96, 208, 16, 48, 64),
    "4b": (512, 160, 112, 224, 24, 64, 64),
    "4c": (512, 128, 128, 256, 24, 64, 64),
    "4d": (512, 112, 144, 288, 32, 64, 64),
    "4e": (528, 256, 160, 320, 32, 128, 128),
    "5a": (832, 256, 160, 320, 32, 128, 128),
    "5b": (832, 384, 192, 384, 48, 128, 128),
}



def transform_input(x: Tensor) -> Tensor:
    """torchvision's ``transform_input`` of GoogLeNet and Inception-v3: maps (x - ImageNet mean) / ImageNet std
    to (x - 0.5) / 0.5 per channel, as Google's checkpoints expect."""
    x_ch0 = torch.unsqueeze(x[:, 0], 1) * (0.229 / 0.5) + (0.485 - 0.5) / 0.5
    x_ch1 = torch.unsqueeze(x[:, 1], 1) * (0.224 / 0.5) + (0.456 - 0.5) / 0.5
    x_ch2 = torch.unsqueeze(x[:, 2], 1) * (0.225 / 0.5) + (0.406 - 0.5) / 0.5
    return torch.cat((x_ch0, x_ch1, x_ch2), 1)

class BasicConv2d(nn.Module):
    """Convolution (no bias) → BatchNorm (eps 0.001, from the TensorFlow port) → ReLU."""

    def __init__(self, in_channels: int, out_channels: int, **kwargs) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, bias=False, **kwargs)
        self.bn = nn.BatchNorm2d(out_channels, eps=0.001)

    def forward(self, x: Tensor) -> Tensor:
        x = self.conv(x)
        x = self.bn(x)
        return F.relu(x, inplace=True)


class Inception(nn.Module):
    """Four parallel branches (1×1; 1×1→3×3; 1×1→"5×5"; 3×3 max pool→1×1) concatenated on channels."""

    def __init__(
        self,
        in_channels: int,
        ch1x1: int,
        ch3x3red: int,
        ch3x3: int,
        ch5x5red: int,
        ch5x5: int,
        pool_proj: int,
        *,
        true_5x5: bool = False,
    ) -> None:
        super().__init__()
        self.branch1 = BasicConv2d(in_channels, ch1x1, kernel_size=1)
        self.branch2 = nn.Sequential(
            BasicConv2d(in_channels, ch3x3red, kernel_size=1),
            BasicConv2d(ch3x3red, ch3x3, kernel_size=3, padding=1),
        )
        # torchvision uses a 3×3 kernel here, not the paper's 5×5 (pytorch/vision#906); it is
        # kept by default for compatibility with torchvision's checkpoints. true_5x5 gives the paper's.
        k = 5 if true_5x5 else 3
        self.branch3 = nn.Sequential(
            BasicConv2d(in_channels, ch5x5red, kernel_size=1),
            BasicConv2d(ch5x5red, ch5x5, kernel_size=k, padding=k // 2),
        )
        self.branch4 = nn.Sequential(
            nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),
            BasicConv2d(in_channels, pool_proj, kernel_size=1),
        )

    def forward(self, x: Tensor) -> Tensor:
        branch1 = self.branch1(x)
        branch2 = self.branch2(x)
        branch3 = self.branch3(x)
        branch4 = self.branch4(x)
        return torch.cat([branch1, branch2, branch3, branch4], 1)


class InceptionAux(nn.Module):
    """Auxiliary classifier on an intermediate map; only trained against, never used for prediction."""

    def __init__(self, in_channels: int, num_classes: int, *, dropout: float = 0.7) -> None:
        super().__init__()
        self.conv = BasicConv2d(in_channels, 128, kernel_size=1)
        self.fc1 = nn.Linear(2048, 1024)
        self.fc2 = nn.Linear(1024, num_classes)
        self.dropout = nn.Dropout(p=dropout)

    def forward(self, x: Tensor) -> Tensor:
        # aux1: N x 512 x 14 x 14, aux2: N x 528 x 14 x 14
        x = F.adaptive_avg_pool2d(x, (4, 4))  # N x 512 x 4 x 4 (the paper: 5×5/3 average pool)
        x = self.conv(x)  # N x 128 x 4 x 4
        x = torch.flatten(x, 1)  # N x 2048
        x = F.relu(self.fc1(x), inplace=True)  # N x 1024
        x = self.dropout(x)
        return self.fc2(x)  # N x num_classes


class GoogLeNet(nn.Module):
    """Stem → Inception 3a, 3b → pool → 4a..4e → pool → 5a, 5b → global pool → dropout → fc.

    Args:
        num_classes: outputs of ``fc`` (and of the auxiliary heads).
        in_channels: channels of the input image.
        aux_logits: build the two auxiliary classifiers ``aux1`` (after 4a) and
            ``aux2`` (after 4d). They run only in training mode; ``forward``
            then returns :data:`GoogLeNetOutputs` instead of the logits.
        transform_input: re-normalise an ImageNet-normalised input to the
            [-1, 1] scaling the TensorFlow weights were trained with.
        true_5x5: use the paper's 5×5 kernel in each Inception's third branch.
        dropout: dropout before ``fc``.
        dropout_aux: dropout in the auxiliary heads.
    """

    def __init__(
        self,
        *,
        num_classes: int = 1000,
        in_channels: int = 3,
        aux_logits: bool = False,
        transform_input: bool = False,
        true_5x5: bool = False,
        dropout: float = 0.2,
        dropout_aux: float = 0.7,
    ) -> None:
        super().__init__()
        if transform_input and in_channels != 3:
            raise InvalidHyperparameter(
                N_("Hyperparameter 'transform_input' cannot be true with in_channels={in_channels}: it rescales the three RGB channels, so use in_channels=3 or turn transform_input off."), in_channels=in_channels,
            )
        self.aux_logits = aux_logits
        self.transform_input = transform_input

        def inception(name: str) -> Inception:
            return Inception(*INCEPTION[name], true_5x5=true_5x5)

        self.conv1 = BasicConv2d(in_channels, 64, kernel_size=7, stride=2, padding=3)
        self.maxpool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.conv2 = BasicConv2d(64, 64, kernel_size=1)
        self.conv3 = BasicConv2d(64, 192, kernel_size=3, padding=1)
        self.maxpool2 = nn.MaxPool2d(3, stride=2, ceil_mode=True)

        self.inception3a = inception("3a")
        self.inception3b = inception("3b")
        self.maxpool3 = nn.MaxPool2d(3, stride=2, ceil_mode=True)

        self.inception4a = inception("4a")
        self.inception4b = inception("4b")
        self.inception4c = inception("4c")
        self.inception4d = inception("4d")
        self.inception4e = inception("4e")
        self.maxpool4 = nn.MaxPool2d(2, stride=2, ceil_mode=True)  # the paper: 3×3/2

        self.inception5a = inception("5a")
        self.inception5b = inception("5b")

        if aux_logits:
            self.aux1 = InceptionAux(512, num_classes, dropout=dropout_aux)
            self.aux2 = InceptionAux(528, num_classes, dropout=dropout_aux)
        else:
            self.aux1 = None
            self.aux2 = None

        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.dropout = nn.Dropout(p=dropout)
        self.fc = nn.Linear(1024, num_classes)

        init_googlenet(self)

    def _transform_input(self, x: Tensor) -> Tensor:
        return transform_input(x)

    def forward(self, x: Tensor) -> Tensor | GoogLeNetOutputs:
        aux = self.training and self.aux_logits
        if self.transform_input:
            x = self._transform_input(x)
        # N x 3 x 224 x 224
        x = self.conv1(x)  # N x 64 x 112 x 112
        x = self.maxpool1(x)  # N x 64 x 56 x 56
        x = self.conv2(x)  # N x 64 x 56 x 56
        x = self.conv3(x)  # N x 192 x 56 x 56
        x = self.maxpool2(x)  # N x 192 x 28 x 28

        x = self.inception3a(x)  # N x 256 x 28 x 28
        x = self.inception3b(x)  # N x 480 x 28 x 28
        x = self.maxpool3(x)  # N x 480 x 14 x 14

        x = self.inception4a(x)  # N x 512 x 14 x 14
        aux1 = self.aux1(x) if aux else None
        x = self.inception4b(x)  # N x 512 x 14 x 14
        x = self.inception4c(x)  # N x 512 x 14 x 14
        x = self.inception4d(x)  # N x 528 x 14 x 14
        aux2 = self.aux2(x) if aux else None
        x = self.inception4e(x)  # N x 832 x 14 x 14
        x = self.maxpool4(x)  # N x 832 x 7 x 7

        x = self.inception5a(x)  # N x 832 x 7 x 7
        x = self.inception5b(x)  # N x 1024 x 7 x 7

        x = self.avgpool(x)  # N x 1024 x 1 x 1
        x = torch.flatten(x, 1)  # N x 1024
        x = self.dropout(x)
        x = self.fc(x)  # N x num_classes
        if aux:
            return GoogLeNetOutputs(x, aux2, aux1)
        return x


@weight_init
def init_googlenet(model: nn.Module) -> None:
    """torchvision's GoogLeNet init: conv and dense weights from N(0, 0.01) truncated at ±2
    (absolute bounds, so in effect untruncated, as in torchvision), biases left at PyTorch's
    default, BatchNorm at (1, 0)."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.trunc_normal_(m.weight, mean=0.0, std=0.01, a=-2, b=2)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)


_HPARAMS = (
    H.num_classes(1000),
    H.in_channels(3),
    H.HParam(
        "aux_logits",
        bool,
        False,
        "Add the two auxiliary classifiers (after 4a and 4d) that the paper trained with; they run in training only.",
    ),
    H.HParam(
        "true_5x5",
        bool,
        False,
        "Use the paper's 5×5 kernel in each Inception module's third branch instead of torchvision's 3×3.",
    ),
    H.dropout(0.2, "front of the final classifier"),
    H.HParam(
        "dropout_aux", float, 0.7, "Dropout probability in the auxiliary classifiers.", min=0.0, max=0.95, step=0.05
    ),
    H.HParam(
        "transform_input",
        bool,
        False,
        "Re-normalise an ImageNet-normalised RGB input to the [-1, 1] scaling of torchvision's pretrained weights.",
    ),
)


@register(
    "googlenet",
    hparams=_HPARAMS,
    title="GoogLeNet (Inception v1)",
    group="reference",
    source="Szegedy et al. 2015, 'Going Deeper with Convolutions', Table 1; torchvision models/googlenet.py",
    input_shape=(3, 224, 224),
    notes=(
        "Follows torchvision's port of the TensorFlow weights: the '5×5' branch uses a 3×3 kernel (kept for "
        "checkpoint compatibility; true_5x5 gives the paper's), BatchNorm follows every convolution and there is no "
        "local response normalisation, maxpool4 is 2×2/2 instead of 3×3/2, and the auxiliary heads pool adaptively "
        "to 4×4. torchvision's pretrained weights expect transform_input=True."
    ),
    pretrained=True,
)
def googlenet(**hp) -> GoogLeNet:
    return GoogLeNet(**hp)

"""SqueezeNet (Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x fewer
parameters and <0.5MB model size", 2016), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/squeezenet.py``. A Fire module squeezes the channels
with 1×1 convolutions, then expands them with parallel 1×1 and 3×3
convolutions whose outputs are concatenated. There are no dense layers: a 1×1
convolution makes one map per class and a global average pool turns each map
into a score. Version 1.0 is the paper's Table 1; 1.1 (from the authors'
repository) starts with a 3×3 convolution of 64 filters and pools earlier, for
2.4× less computation. A variant is its ``features`` list, like VGG's.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.registry import register


class Fire(nn.Module):
    """1×1 squeeze → ReLU → (1×1 expand ‖ 3×3 expand), each with its ReLU, concatenated on channels."""

    def __init__(self, inplanes: int, squeeze_planes: int, expand1x1_planes: int, expand3x3_planes: int) -> None:
        super().__init__()
        self.inplanes = inplanes
        self.squeeze = nn.Conv2d(inplanes, squeeze_planes, kernel_size=1)
        self.squeeze_activation = nn.ReLU(inplace=True)
        self.expand1x1 = nn.Conv2d(squeeze_planes, expand1x1_planes, kernel_size=1)
        self.expand1x1_activation = nn.ReLU(inplace=True)
        self.expand3x3 = nn.Conv2d(squeeze_planes, expand3x3_planes, kernel_size=3, padding=1)
        self.expand3x3_activation = nn.ReLU(inplace=True)

    def forward(self, x: Tensor) -> Tensor:
        x = self.squeeze_activation(self.squeeze(x))
        e1 = self.expand1x1_activation(self.expand1x1(x))
        e3 = self.expand3x3_activation(self.expand3x3(x))
        return torch.cat([e1, e3], 1)


# A Fire module is (squeeze, expand) with expand1x1 = expand3x3; "M" is a 3×3/2 max pool (ceil mode).
# The first entry is the stem convolution: (filters, kernel).
CONFIGS: dict[str, tuple] = {
    "1_0": ((96, 7), "M", (16, 64), (16, 64), (32, 128), "M", (32, 128), (48, 192), (48, 192), (64, 256), "M", (64, 256)),
    "1_1": ((64, 3), "M", (16, 64), (16, 64), "M", (32, 128), (32, 128), "M", (48, 192), (48, 192), (64, 256), (64, 256)),
}


def make_features(config: tuple, in_channels: int) -> nn.Sequential:
    """The stem convolution (stride 2, no padding) and ReLU, then Fire modules and ceil-mode max pools."""
    (filters, kernel), *rest = config
    layers: list[nn.Module] = [nn.Conv2d(in_channels, filters, kernel_size=kernel, stride=2), nn.ReLU(inplace=True)]
    c = filters
    for v in rest:
        if v == "M":
            layers.append(nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True))
        else:
            squeeze, expand = v
            layers.append(Fire(c, squeeze, expand, expand))
            c = 2 * expand
    return nn.Sequential(*layers)


class SqueezeNet(nn.Module):
    """``features`` (stem, Fire modules, pools) → dropout → 1×1 conv to class maps → ReLU → global pool.

    Args:
        version: ``"1_0"`` or ``"1_1"``.
        num_classes: class maps of the final convolution.
        in_channels: channels of the input image.
        dropout: dropout before the final convolution.
    """

    def __init__(self, version: str = "1_0", *, num_classes: int = 1000, in_channels: int = 3, dropout: float = 0.5) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.features = make_features(CONFIGS[version], in_channels)
        final_conv = nn.Conv2d(512, num_classes, kernel_size=1)
        self.classifier = nn.Sequential(nn.Dropout(p=dropout), final_conv, nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d((1, 1)))
        init_squeezenet(self, final_conv)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        x = self.features(x)  # N x 512 x 13 x 13
        x = self.classifier(x)  # N x num_classes x 1 x 1
        return torch.flatten(x, 1)  # N x num_classes


@weight_init
def init_squeezenet(model: nn.Module, final_conv: nn.Conv2d) -> None:
    """torchvision's SqueezeNet init: Kaiming-uniform convs (fan_in, the gain of a leaky ReLU with slope 0, i.e. √2),
    biases at 0, except the final class-map convolution: N(0, 0.01), so the first scores start near zero."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            if m is final_conv:
                nn.init.normal_(m.weight, mean=0.0, std=0.01)
            else:
                nn.init.kaiming_uniform_(m.weight)
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)


_HPARAMS = (H.num_classes(1000), H.in_channels(3), H.dropout(0.5, "front of the final convolution"))
_SOURCE = (
    "Iandola et al. 2016, 'SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size', "
    "Table 1; torchvision models/squeezenet.py"
)


@register(
    "squeezenet1_0",
    hparams=_HPARAMS,
    title="SqueezeNet 1.0",
    group="backbone",
    source=_SOURCE,
    input_shape=(3, 224, 224),
    notes="The paper's Table 1 without its simple or complex bypass connections, as torchvision builds it.",
    pretrained=True,
)
def squeezenet1_0(**hp) -> SqueezeNet:
    return SqueezeNet("1_0", **hp)


@register(
    "squeezenet1_1",
    hparams=_HPARAMS,
    title="SqueezeNet 1.1",
    group="backbone",
    source=_SOURCE + "; DeepScale/SqueezeNet repository, SqueezeNet_v1.1",
    input_shape=(3, 224, 224),
    notes=(
        "Version 1.1 from the authors' repository, not in the paper: a 3×3 stem convolution of 64 filters and earlier "
        "pooling, 2.4× less computation than 1.0 for the same accuracy."
    ),
    pretrained=True,
)
def squeezenet1_1(**hp) -> SqueezeNet:
    return SqueezeNet("1_1", **hp)

"""MNASNet (Tan et al., "MnasNet: Platform-Aware Neural Architecture Search for
Mobile", CVPR 2019), the B1 variant, torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/mnasnet.py`` (its "version 2", whose stem scales with the
width too), so its checkpoint files load unchanged. The network is one flat
``layers`` Sequential: a stem, six stacks of inverted residuals
(:data:`STACKS`, Figure 7(a) of the paper) and a 1×1 conv to 1280 channels.
"""

from __future__ import annotations

from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.registry import register

# TensorFlow's BatchNorm momentum 0.9997 is PyTorch's 1 − 0.9997.
_BN_MOMENTUM = 1 - 0.9997

# Figure 7(a): kernel, stride, expansion, repeats of each stack (its output width is DEPTHS[i + 2]).
STACKS: tuple[tuple[int, int, int, int], ...] = (
    (3, 2, 3, 3),
    (5, 2, 3, 3),
    (5, 2, 6, 3),
    (3, 1, 6, 2),
    (5, 2, 6, 4),
    (3, 1, 6, 1),
)
#: Channels of the stem conv, the stem's separable conv, and the six stacks, before scaling.
DEPTHS = (32, 16, 24, 40, 80, 96, 192, 320)


def round_to_multiple_of(val: float, divisor: int = 8, round_up_bias: float = 0.9) -> int:
    """Round to a multiple of ``divisor``, upwards unless that is within 10%: (83, 8) → 80, (84, 8) → 88."""
    new_val = max(divisor, int(val + divisor / 2) // divisor * divisor)
    return new_val if new_val >= round_up_bias * val else new_val + divisor


def get_depths(alpha: float) -> list[int]:
    return [round_to_multiple_of(d * alpha, 8) for d in DEPTHS]


class _InvertedResidual(nn.Module):
    """1×1 expand → k×k depthwise → 1×1 linear projection (all with BatchNorm, ReLU after the first two),
    plus the input when shapes allow."""

    def __init__(
        self, in_ch: int, out_ch: int, kernel_size: int, stride: int, expansion_factor: int, bn_momentum: float = 0.1
    ) -> None:
        super().__init__()
        mid_ch = in_ch * expansion_factor
        self.apply_residual = in_ch == out_ch and stride == 1
        self.layers = nn.Sequential(
            nn.Conv2d(in_ch, mid_ch, 1, bias=False),  # pointwise
            nn.BatchNorm2d(mid_ch, momentum=bn_momentum),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_ch, mid_ch, kernel_size, padding=kernel_size // 2, stride=stride, groups=mid_ch, bias=False),  # depthwise
            nn.BatchNorm2d(mid_ch, momentum=bn_momentum),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_ch, out_ch, 1, bias=False),  # linear pointwise: no activation
            nn.BatchNorm2d(out_ch, momentum=bn_momentum),
        )

    def forward(self, x: Tensor) -> Tensor:
        if self.apply_residual:
            return self.layers(x) + x
        return self.layers(x)


def _stack(in_ch: int, out_ch: int, kernel_size: int, stride: int, exp_factor: int, repeats: int) -> nn.Sequential:
    """A stack of inverted residuals; only the first changes the shape (and has no shortcut)."""
    first = _InvertedResidual(in_ch, out_ch, kernel_size, stride, exp_factor, _BN_MOMENTUM)
    rest = [_InvertedResidual(out_ch, out_ch, kernel_size, 1, exp_factor, _BN_MOMENTUM) for _ in range(1, repeats)]
    return nn.Sequential(first, *rest)


def _stem(in_channels: int, depths: list[int]) -> list[nn.Module]:
    """3×3/2 conv, then a depthwise-separable 3×3 with no shortcut (``layers.0`` … ``layers.7``)."""
    return [
        nn.Conv2d(in_channels, depths[0], 3, padding=1, stride=2, bias=False),
        nn.BatchNorm2d(depths[0], momentum=_BN_MOMENTUM),
        nn.ReLU(inplace=True),
        nn.Conv2d(depths[0], depths[0], 3, padding=1, stride=1, groups=depths[0], bias=False),
        nn.BatchNorm2d(depths[0], momentum=_BN_MOMENTUM),
        nn.ReLU(inplace=True),
        nn.Conv2d(depths[0], depths[1], 1, padding=0, stride=1, bias=False),
        nn.BatchNorm2d(depths[1], momentum=_BN_MOMENTUM),
    ]


class MNASNet(nn.Module):
    """Stem → six stacks of inverted residuals → 1×1 conv to 1280 → mean over H and W → dropout → fc.

    Args:
        num_classes: outputs of the classifier.
        in_channels: channels of the input image.
        width_mult: torchvision's ``alpha``, the paper's depth multiplier: scales
            every layer's channels except the last conv's 1280.
        dropout: dropout before the classifier.
    """

    # Version 2 (torchvision ≥ 0.5) scales the stem with width_mult; version 1 kept it at 32 and 16.
    _version = 2

    def __init__(self, *, num_classes: int = 1000, in_channels: int = 3, width_mult: float = 1.0, dropout: float = 0.2) -> None:
        super().__init__()
        self.alpha = width_mult
        self.in_channels = in_channels
        depths = get_depths(width_mult)
        stacks = [_stack(depths[i + 1], depths[i + 2], *row) for i, row in enumerate(STACKS)]
        self.layers = nn.Sequential(
            *_stem(in_channels, depths),
            *stacks,
            nn.Conv2d(depths[7], 1280, 1, padding=0, stride=1, bias=False),
            nn.BatchNorm2d(1280, momentum=_BN_MOMENTUM),
            nn.ReLU(inplace=True),
        )
        self.classifier = nn.Sequential(nn.Dropout(p=dropout, inplace=True), nn.Linear(1280, num_classes))
        init_mnasnet(self)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224
        x = self.layers(x)  # N x 1280 x 7 x 7
        x = x.mean([2, 3])  # N x 1280: global average pool without a module, as torchvision
        return self.classifier(x)  # N x num_classes

    def is_version_1(self, state: dict) -> bool:
        """Whether ``state`` (without its metadata) is a version-1 file this model must adapt to: a stem of 32."""
        w = state.get("layers.0.weight")
        return self.alpha != 1.0 and w is not None and w.shape[0] == 32 != self.layers[0].out_channels

    def use_version_1_stem(self) -> None:
        """Rebuild the stem as version 1 had it (32 and 16 channels whatever the width), as torchvision does."""
        depths = get_depths(self.alpha)
        v1 = [*_stem(self.in_channels, [32, 16]), _stack(16, depths[2], *STACKS[0])]
        for i, layer in enumerate(v1):
            self.layers[i] = layer
        self._version = 1

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs):
        # torchvision's mnasnet0_5 checkpoint is a version-1 file; width 1.0 is the same in both versions.
        if local_metadata.get("version") == 1 and self.alpha != 1.0:
            self.use_version_1_stem()
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)


@weight_init
def init_mnasnet(model: nn.Module) -> None:
    """torchvision's MNASNet init: Kaiming-normal (fan_out, ReLU) convs, BatchNorm at (1, 0),
    Kaiming-uniform (fan_out, sigmoid gain) dense weights, zero biases."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, mode="fan_out", nonlinearity="sigmoid")
            nn.init.zeros_(m.bias)


_NOTES = (
    "torchvision's MNASNet-B1 without squeeze-and-excitation: width_mult is the paper's depth multiplier and scales "
    "every layer but the last conv's 1280 channels (rounded to multiples of 8), the stem included (torchvision's "
    "version 2; its mnasnet0_5 checkpoint is a version-1 file, whose stem keeps 32 and 16 channels)."
)


def _meta(width: float) -> dict:
    return dict(
        hparams=(H.num_classes(1000), H.in_channels(3), H.width_mult(width), H.dropout(0.2, "front of the final classifier")),
        title=f"MNASNet {width}",
        group="backbone",
        source="Tan et al. 2019, 'MnasNet: Platform-Aware Neural Architecture Search for Mobile', Figure 7(a); "
        "torchvision models/mnasnet.py",
        input_shape=(3, 224, 224),
        notes=_NOTES,
        pretrained=True,
    )


@register("mnasnet0_5", **_meta(0.5))
def mnasnet0_5(**hp) -> MNASNet:
    return MNASNet(**hp)


@register("mnasnet0_75", **_meta(0.75))
def mnasnet0_75(**hp) -> MNASNet:
    return MNASNet(**hp)


@register("mnasnet1_0", **_meta(1.0))
def mnasnet1_0(**hp) -> MNASNet:
    return MNASNet(**hp)


@register("mnasnet1_3", **_meta(1.3))
def mnasnet1_3(**hp) -> MNASNet:
    return MNASNet(**hp)

"""ResNet-18 as the Swift for TensorFlow book codes it (file 002, Listings 6-3 to 6-5).

Layer names are the listing's, in snake case: ``ConvBN`` blocks ``conv_bn1`` /
``conv_bn2`` / ``projection`` inside each ``ResidualBlock``, groups ``block1..4``,
``initial_conv_bn_block``, ``global_avg_pool``, ``classifier``.
"""

from __future__ import annotations

from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.books.common import init_keras, max_pool, named, same
from explorer.zoo.layers import make_activation, scaled
from explorer.zoo.registry import register


class ConvBN(nn.Sequential):
    """``ConvBN``: a bias-free 'same' conv followed by BatchNorm(momentum 0.1, epsilon 1e-5); no activation."""

    def __init__(self, in_ch: int, out_ch: int, k: int, stride: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_ch, out_ch, k, stride=stride, padding=same(k), bias=False)
        # PyTorch semantics of momentum 0.1 (the book's intent; see the notes on S4TF's).
        self.bn = nn.BatchNorm2d(out_ch, eps=1e-5, momentum=0.1)


class ResidualBlock(nn.Module):
    """``relu(convBN2(relu(convBN1(x))) + residual)``; the residual is projected when the channels change.

    When they change, ``conv_bn1`` strides by 2 and ``projection`` (1×1/2 ConvBN)
    brings the input to half the size and twice the channels (Fig 6-8). The
    listing also gives every other block a ``ConvBN(1×1×1×1)`` projection that
    is never called; ``dummy_projection`` keeps it, for its 3 parameters.
    """

    def __init__(self, in_filters: int, out_filters: int, *, activation: str = "relu",
                 dummy_projection: bool = False) -> None:
        super().__init__()
        self.projects = in_filters != out_filters
        stride = 2 if self.projects else 1
        self.conv_bn1 = ConvBN(in_filters, out_filters, 3, stride)
        self.relu1 = make_activation(activation)
        self.conv_bn2 = ConvBN(out_filters, out_filters, 3)
        if self.projects:
            self.projection = ConvBN(in_filters, out_filters, 1, 2)
        elif dummy_projection:
            self.projection = ConvBN(1, 1, 1)  # the listing's unused placeholder
        else:
            self.projection = None
        self.relu2 = make_activation(activation)

    def forward(self, x: Tensor) -> Tensor:
        residual = self.projection(x) if self.projects else x
        out = self.relu1(self.conv_bn1(x))
        out = self.conv_bn2(out)
        return self.relu2(out + residual)  # the add comes before the last activation (Fig 6-7)


class ResNet18S4TF(nn.Module):
    """Stem (ConvBN 7×7/2, ReLU, max pool 3×3/2), four groups of residual blocks, GAP, flatten, Dense."""

    def __init__(self, *, num_classes: int, in_channels: int, blocks: int, width_mult: float,
                 activation: str, dummy_projections: bool) -> None:
        super().__init__()
        widths = [scaled(w, width_mult) for w in (64, 128, 256, 512)]
        self.initial_conv_bn_block = named([
            ("conv_bn", ConvBN(in_channels, widths[0], 7, 2)),
            ("relu", make_activation(activation)),
            ("max_pool", max_pool(3, 2, padding="same")),
        ])
        groups = []
        c = widths[0]
        for w in widths:
            group = []
            for _ in range(blocks):
                group.append(ResidualBlock(c, w, activation=activation, dummy_projection=dummy_projections))
                c = w
            groups.append(nn.Sequential(*group))
        self.block1, self.block2, self.block3, self.block4 = groups
        self.global_avg_pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten(1)
        self.classifier = nn.Linear(c, num_classes)
        # S4TF's Conv2D and Dense default to Glorot-uniform kernels and zero biases, like Keras.
        init_keras(self)

    def forward(self, x: Tensor) -> Tensor:
        x = self.initial_conv_bn_block(x)  # N x 64 x 56 x 56 at 224
        x = self.block1(x)  # N x 64 x 56 x 56
        x = self.block2(x)  # N x 128 x 28 x 28
        x = self.block3(x)  # N x 256 x 14 x 14
        x = self.block4(x)  # N x 512 x 7 x 7
        x = self.flatten(self.global_avg_pool(x))  # N x 512
        return self.classifier(x)  # N x num_classes logits (softmax is in the loss)


@register(
    "resnet18_s4tf",
    hparams=(
        H.num_classes(10),
        H.in_channels(3),
        H.HParam(
            "blocks", int, 2, "Residual blocks in each of the four groups (2 is ResNet-18's eight blocks).", min=1, max=8
        ),
        H.width_mult(1.0),
        H.activation("relu"),
        H.HParam(
            "dummy_projections",
            bool,
            False,
            "Keep the listing's unused 1×1×1×1 ConvBN in every identity block (+3 parameters each, +15 in all).",
        ),
    ),
    title="ResNet-18 (Swift for TensorFlow book)",
    group="book",
    source="Deep Learning with Swift for TensorFlow (Apress), ch. 6 §6.4 (file 002), Listings 6-3 to 6-5",
    input_shape=(3, 224, 224),
    notes=(
        "The listing's ResNet18(classCount: 10): bias-free ConvBN (conv + BatchNorm, no activation), stem ConvBN "
        "7×7/2 → ReLU → max pool 3×3/2 'same', eight residual blocks 64, 64, 128, 128, 256, 256, 512, 512 whose "
        "first block in a group strides by 2 and projects the shortcut with a 1×1/2 ConvBN, global average pool, "
        "flatten, Dense 10 giving logits. 11,181,642 parameters, the same as torchvision's resnet18(num_classes=10). "
        "Errata: ⚠ the listing's identity blocks also build a ConvBN((1,1,1,1)) projection that is never used; "
        "it adds 3 parameters each, 11,181,657 in all with dummy_projections=True. ⚠ callAsFunction calls "
        "initialConvBN and maxPool, which do not exist (the property is initialConvBNBlock, and its Sequential has "
        "no ReLU between BN and the pool); this model follows the text: conv + BN, ReLU, then max pool. "
        "⚠ BatchNorm momentum 0.1 means new = 0.1·old + 0.9·batch in S4TF (PyTorch momentum 0.9); the author almost "
        "certainly meant PyTorch's default, which this model uses (momentum 0.1, eps 1e-5). ⚠ 'ResNet18 has 18 "
        "convolutional layers': it has 17 convs + 1 dense (20 convs with the three projections). ⚠ The input is "
        "said to be CIFAR-10 32×32, Fig 6-9 shows 224×224 and the code loads Imagenette at 320; the default here is "
        "224 (at 32 the last group's map is 1×1). 'Same' padding is symmetric; TF pads the odd pixel bottom/right, "
        "which gives the same sizes."
    ),
)
def resnet18_s4tf(*, num_classes, in_channels, blocks, width_mult, activation, dummy_projections) -> ResNet18S4TF:
    return ResNet18S4TF(num_classes=num_classes, in_channels=in_channels, blocks=blocks, width_mult=width_mult,
                        activation=activation, dummy_projections=dummy_projections)

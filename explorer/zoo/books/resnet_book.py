"""ResNets as Ferlitsch ch. 3 §3.4 (file 000) codes them in Keras.

Two families:

- ``resnet_procedural``: the "ResNet34-like" procedural code of §3.4 — no
  BatchNorm, residual blocks of two 3×3 convs with ReLU *before* the add, and a
  plain "conv block" (no shortcut) that doubles the filters between groups.
- ``resnet50_v1`` / ``resnet50_v1_5`` / ``resnet50_v2``: the §3.4.3 bottleneck
  ResNet-50 with identity and projection blocks in groups of [3, 4, 6, 3].

Keras defaults throughout: biased convs (also before BN), BN momentum 0.99 /
eps 1e-3, Glorot-uniform init. Module names follow torchvision
(``conv1 bn1 relu maxpool layer1..4 avgpool fc``, ``downsample``); the book
calls ``layer1..4`` its convolutional *groups*.
"""

from __future__ import annotations

from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.books.common import conv, init_keras, keras_bn, max_pool, named
from explorer.zoo.layers import make_activation, scaled
from explorer.zoo.registry import register

# ---------------------------------------------------------------------------
# §3.4: the procedural "ResNet34"


class ResidualBlock(nn.Sequential):
    """``residual_block(n_filters, x)``: conv 3×3 → ReLU → conv 3×3 → ReLU, then ``add([shortcut, x])``.

    The layers run in order and the block's input is added at the end (the
    identity link). As in the book, the ReLU comes before the add and there is
    none after it.
    """

    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x) + x


class ConvBlock(nn.Sequential):
    """``conv_block(n_filters, x)``: two 3×3 convs with ReLU that double the filters; no shortcut."""


def _conv_relu(in_ch: int, out_ch: int, *, stride: int, activation: str, batch_norm: bool, i: int):
    return [
        (f"conv{i}", conv(in_ch, out_ch, 3, stride=stride)),
        (f"bn{i}", keras_bn(out_ch) if batch_norm else None),
        (f"relu{i}", make_activation(activation)),
    ]


class ProceduralResNet(nn.Module):
    """Entry conv and pool, four groups (64, 128, 256, 512 filters), GAP, Dense."""

    def __init__(
        self,
        *,
        blocks: tuple[int, int, int, int],
        num_classes: int,
        in_channels: int,
        stride_bug: bool,
        width_mult: float,
        activation: str,
        batch_norm: bool,
    ) -> None:
        super().__init__()
        widths = [scaled(w, width_mult) for w in (64, 128, 256, 512)]
        self.conv1 = conv(in_channels, widths[0], 7, stride=2)
        self.bn1 = keras_bn(widths[0]) if batch_norm else nn.Identity()
        self.relu = make_activation(activation)
        self.maxpool = max_pool(3, 2, padding="same")
        groups = []
        c = widths[0]
        for g, (w, n) in enumerate(zip(widths, blocks)):
            layers: list[nn.Module] = []
            if g > 0:  # "between each doubling group" a conv block doubles the filters and strides
                layers.append(named(
                    _conv_relu(c, w, stride=2, activation=activation, batch_norm=batch_norm, i=1)
                    # The book's code strides both convs (stride_bug); its prose means only the first.
                    + _conv_relu(w, w, stride=2 if stride_bug else 1, activation=activation, batch_norm=batch_norm, i=2),
                    cls=ConvBlock,
                ))
            for _ in range(n):
                layers.append(named(
                    _conv_relu(w, w, stride=1, activation=activation, batch_norm=batch_norm, i=1)
                    + _conv_relu(w, w, stride=1, activation=activation, batch_norm=batch_norm, i=2),
                    cls=ResidualBlock,
                ))
            groups.append(nn.Sequential(*layers))
            c = w
        self.layer1, self.layer2, self.layer3, self.layer4 = groups
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # GlobalAveragePooling2D
        self.flatten = nn.Flatten(1)
        self.fc = nn.Linear(c, num_classes)
        init_keras(self)

    def forward(self, x: Tensor) -> Tensor:
        x = self.relu(self.bn1(self.conv1(x)))  # N x 64 x 112 x 112 at 224
        x = self.maxpool(x)  # N x 64 x 56 x 56
        x = self.layer1(x)  # N x 64 x 56 x 56
        x = self.layer2(x)  # N x 128 x 28 x 28 (14 x 14 with stride_bug)
        x = self.layer3(x)  # N x 256 x 14 x 14 (4 x 4)
        x = self.layer4(x)  # N x 512 x 7 x 7 (1 x 1)
        x = self.flatten(self.avgpool(x))  # N x 512
        return self.fc(x)  # N x num_classes logits


@register(
    "resnet_procedural",
    hparams=(
        H.num_classes(1000),
        H.in_channels(3),
        H.HParam(
            "stride_bug",
            bool,
            False,
            "Stride both convs of each conv block by 2 as the book's code does (1×1 final map), "
            "instead of only the first (7×7 final map, as the prose intends).",
        ),
        H.HParam(
            "last_group_blocks",
            int,
            2,
            "Residual blocks after the conv block in the 512-filter group (the printed code lost its loop; "
            "2 gives the book's '21 million' parameters).",
            min=0,
            max=8,
        ),
        H.width_mult(1.0),
        H.activation("relu"),
        H.HParam("batch_norm", bool, False, "Insert BatchNorm after every convolution (the book's code has none)."),
    ),
    title="ResNet, procedural 'ResNet34' (book)",
    group="book",
    source="Ferlitsch, Deep Learning Patterns and Practices, ch. 3 §3.4 (file 000), procedural Keras code",
    input_shape=(3, 224, 224),
    notes=(
        "The §3.4 procedural code: Conv2D 64@7×7/2 'same' + ReLU, MaxPool 3×3/2 'same'; groups of 64 (2 residual "
        "blocks), 128 (conv block + 3), 256 (conv block + 5), 512 (conv block + 2); GlobalAveragePooling2D; Dense. "
        "A residual block is two 3×3 'same' convs with ReLU and then the add: the ReLU comes before the add, there "
        "is none after it and no BatchNorm (the 2015 paper does conv-BN-ReLU-conv-BN, add, ReLU). A conv block is "
        "two 3×3 convs that double the filters, without a shortcut. 21,542,376 parameters, the book's '21 million' "
        "(16,822,760 with one block in the last group, 26,261,992 with three). Errata encoded as toggles: "
        "⚠ the printed conv_block strides *both* convs by 2, so each group shrinks the maps 16× instead of the stated "
        "75% (56 → 14 → 4 → 1 at 224 instead of 56/28/14/7): stride_bug=True reproduces it, the default follows the "
        "prose. ⚠ The line `for _ in range(2):` is missing before the last residual_block (an IndentationError as "
        "printed); last_group_blocks=2 matches the 21 million. ⚠ It is not a ResNet-34: it has 32 weight layers "
        "(ResNet-34 is [3, 4, 6, 3] blocks with projection shortcuts, BN and a ReLU after the add; torchvision's has "
        "21,797,672 parameters). ⚠ 'Six times faster than VGG16' is the parameter ratio (138M / 21M); in "
        "multiply-adds it is about 4.2× (15.5 vs 3.6 G). The book's softmax output is left to the loss."
    ),
)
def resnet_procedural(
    *, num_classes, in_channels, stride_bug, last_group_blocks, width_mult, activation, batch_norm
) -> ProceduralResNet:
    return ProceduralResNet(
        blocks=(2, 3, 5, last_group_blocks),
        num_classes=num_classes,
        in_channels=in_channels,
        stride_bug=stride_bug,
        width_mult=width_mult,
        activation=activation,
        batch_norm=batch_norm,
    )


# ---------------------------------------------------------------------------
# §3.4.3: ResNet-50 v1, v1.5 and v2


def _bn(channels: int, on: bool) -> nn.Module:
    # Identity keeps the module names (and the layer table's shape) when BN is switched off.
    return keras_bn(channels) if on else nn.Identity()


class Bottleneck(nn.Module):
    """v1 / v1.5 ``identity_block`` and ``projection_block``: 1×1 → 3×3 → 1×1 (4× filters), add, ReLU.

    ``stride_on`` is where a projection block downsamples: the first 1×1 (v1)
    or the 3×3 (v1.5). A projection block's shortcut is a strided 1×1 conv + BN
    to 4n filters; an identity block passes its input straight to the add.
    """

    def __init__(self, in_ch: int, n: int, *, stride: int = 1, projection: bool = False,
                 stride_on: str = "1x1", batch_norm: bool = True) -> None:
        super().__init__()
        s1, s3 = (stride, 1) if stride_on == "1x1" else (1, stride)
        self.conv1 = conv(in_ch, n, 1, stride=s1)
        self.bn1 = _bn(n, batch_norm)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv2 = conv(n, n, 3, stride=s3)
        self.bn2 = _bn(n, batch_norm)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv3 = conv(n, 4 * n, 1)
        self.bn3 = _bn(4 * n, batch_norm)
        self.downsample = nn.Sequential(conv(in_ch, 4 * n, 1, stride=stride), _bn(4 * n, batch_norm)) if projection else None
        self.relu3 = nn.ReLU(inplace=True)

    def forward(self, x: Tensor) -> Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        out = self.relu1(self.bn1(self.conv1(x)))  # reduce to n filters
        out = self.relu2(self.bn2(self.conv2(out)))  # the 3×3 "bottleneck convolution"
        out = self.bn3(self.conv3(out))  # restore to 4n filters
        return self.relu3(out + shortcut)


class PreActBottleneck(nn.Module):
    """v2 "BN-RE-Conv" blocks (He et al. 2016, "Identity Mappings in Deep Residual Networks").

    BN → ReLU comes before each conv and nothing follows the add, so the
    shortcut is a clean identity path. The identity block is the book's. The
    book prints no v2 projection block; this one is He et al.'s (the
    resnet-1k-layers code released with the paper): the first BN → ReLU acts
    on the block input and feeds *both* paths, and the shortcut is a strided
    1×1 conv, here followed by a BN as in v1's projection shortcut. The stride
    sits on the 3×3, as in v1.5 and the book author's own v2 code.
    """

    def __init__(self, in_ch: int, n: int, *, stride: int = 1, projection: bool = False, batch_norm: bool = True) -> None:
        super().__init__()
        self.bn1 = _bn(in_ch, batch_norm)
        self.relu1 = nn.ReLU(inplace=False)  # not in place: without BN it would overwrite x, the identity shortcut
        self.conv1 = conv(in_ch, n, 1)
        self.bn2 = _bn(n, batch_norm)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = conv(n, n, 3, stride=stride)
        self.bn3 = _bn(n, batch_norm)
        self.relu3 = nn.ReLU(inplace=True)
        self.conv3 = conv(n, 4 * n, 1)
        self.downsample = nn.Sequential(conv(in_ch, 4 * n, 1, stride=stride), _bn(4 * n, batch_norm)) if projection else None

    def forward(self, x: Tensor) -> Tensor:
        preact = self.relu1(self.bn1(x))
        # A projection block's shortcut starts from the pre-activated input; an identity block's is x itself.
        shortcut = x if self.downsample is None else self.downsample(preact)
        out = self.conv1(preact)  # reduce to n filters
        out = self.conv2(self.relu2(self.bn2(out)))  # the 3×3 "bottleneck convolution"
        out = self.conv3(self.relu3(self.bn3(out)))  # restore to 4n filters
        return out + shortcut  # no ReLU after the add


class ResNet50Book(nn.Module):
    """Stem (pad 3, 7×7/2 valid conv, BN, ReLU, pad 1, 3×3/2 max pool), four groups, GAP, Dense.

    v2 (pre-activation) has no BN → ReLU in the stem (the first block's
    pre-activation normalises the stem's output) and adds ``post_bn`` →
    ``post_relu`` after the last group, because its blocks end on an unnormalised
    sum (He et al. 2016; keras.applications' ResNet50V2 names them the same).
    """

    def __init__(self, *, version: str, layers: tuple[int, ...], num_classes: int, in_channels: int,
                 width_mult: float, batch_norm: bool) -> None:
        super().__init__()
        w0 = scaled(64, width_mult)
        self.conv1_pad = nn.ZeroPad2d(3)  # 224 → 230
        self.conv1 = conv(in_channels, w0, 7, stride=2, padding="valid")  # → 112
        preact = version == "v2"
        self.bn1 = None if preact else _bn(w0, batch_norm)
        self.relu = None if preact else nn.ReLU(inplace=True)
        # 112 → 114. Zeros never win the max after v1's ReLU; v2 pools the raw conv output with the same zero
        # padding, as keras.applications' ResNet50V2 does.
        self.pool1_pad = nn.ZeroPad2d(1)
        self.maxpool = nn.MaxPool2d(3, 2)  # → 56
        groups = []
        c = w0
        for g, blocks in enumerate(layers):
            n = scaled(64 * 2**g, width_mult)
            stride = 1 if g == 0 else 2  # projection_block(64, strides=(1, 1)), then (2, 2)
            group = []
            for b in range(blocks):
                first = b == 0
                if version == "v2":
                    block: nn.Module = PreActBottleneck(c, n, stride=stride if first else 1, projection=first,
                                                        batch_norm=batch_norm)
                else:
                    block = Bottleneck(c, n, stride=stride if first else 1, projection=first,
                                       stride_on="1x1" if version == "v1" else "3x3", batch_norm=batch_norm)
                group.append(block)
                c = 4 * n
            groups.append(nn.Sequential(*group))
        self.layer1, self.layer2, self.layer3, self.layer4 = groups
        self.post_bn = _bn(c, batch_norm) if preact else None
        self.post_relu = nn.ReLU(inplace=True) if preact else None
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # GlobalAveragePooling2D
        self.flatten = nn.Flatten(1)
        self.fc = nn.Linear(c, num_classes)
        init_keras(self)

    def forward(self, x: Tensor) -> Tensor:
        x = self.conv1(self.conv1_pad(x))  # N x 64 x 112 x 112 at 224
        if self.bn1 is not None:  # v1, v1.5
            x = self.relu(self.bn1(x))
        x = self.maxpool(self.pool1_pad(x))  # N x 64 x 56 x 56
        x = self.layer1(x)  # N x 256 x 56 x 56
        x = self.layer2(x)  # N x 512 x 28 x 28
        x = self.layer3(x)  # N x 1024 x 14 x 14
        x = self.layer4(x)  # N x 2048 x 7 x 7
        if self.post_bn is not None:  # v2
            x = self.post_relu(self.post_bn(x))
        x = self.flatten(self.avgpool(x))  # N x 2048
        return self.fc(x)  # N x num_classes logits


#: Bottleneck blocks per group for the depths the book names (He et al., Table 1; 26 as timm's resnet26).
DEPTHS: dict[int, tuple[int, int, int, int]] = {26: (2, 2, 2, 2), 50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}


def _resnet50_hparams() -> tuple[H.HParam, ...]:
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.HParam(
            "depth",
            int,
            50,
            "Weight layers: the blocks per group are 26 → [2,2,2,2], 50 → [3,4,6,3], 101 → [3,4,23,3], 152 → [3,8,36,3].",
            choices=tuple(DEPTHS),
        ),
        H.width_mult(1.0),
        H.HParam("batch_norm", bool, True, "Keep the BatchNorm layers (off replaces each by an identity)."),
    )


_RESNET50_NOTES = (
    "Convs keep Keras' bias (use_bias=True) even before BatchNorm, so PyTorch counts 25,583,592 parameters where "
    "torchvision's bias-free ResNet-50 has 25,557,032; a Keras summary would print 25,636,712 because it also counts "
    "BatchNorm's moving mean and variance (53,120), which PyTorch keeps as buffers. The stem's ZeroPadding2D layers "
    "are kept as modules so the layer table shows 224 → 230 → 112 → 114 → 56. Groups [3, 4, 6, 3] of widths 64, "
    "128, 256, 512 (×4 out), GlobalAveragePooling2D, Dense; the softmax is left to the loss. ⚠ The book calls "
    "projection_block(64, x, strides=(1, 1)) and identity_block(64, x) with the arguments swapped relative to the "
    "definitions (x, n_filters); this model follows the definitions. Elgendy's ResNet-50 listing (file 001, §5.6.3) "
    "is a different, buggy version (no stem padding, AveragePooling2D((1, 1)) as a no-op so Flatten gives 100,352 "
    "features and 123.9M parameters; its bottleneck function adds and returns its input): it is not built here."
)


@register(
    "resnet50_v1",
    hparams=_resnet50_hparams(),
    title="ResNet-50 v1 (book)",
    group="book",
    source="Ferlitsch, Deep Learning Patterns and Practices, ch. 3 §3.4.3 (file 000), ResNet50 v1 Keras code",
    input_shape=(3, 224, 224),
    notes=(
        "v1: a projection block downsamples with its first 1×1 conv (stride 2) and its shortcut 1×1 conv + BN; "
        "conv → BN → ReLU inside the blocks and a ReLU after the add. This is keras.applications' ResNet50. "
        + _RESNET50_NOTES
    ),
)
def resnet50_v1(*, num_classes, in_channels, depth, width_mult, batch_norm) -> ResNet50Book:
    return ResNet50Book(version="v1", layers=DEPTHS[depth], num_classes=num_classes, in_channels=in_channels,
                        width_mult=width_mult, batch_norm=batch_norm)


@register(
    "resnet50_v1_5",
    hparams=_resnet50_hparams(),
    title="ResNet-50 v1.5 (book)",
    group="book",
    source="Ferlitsch, Deep Learning Patterns and Practices, ch. 3 §3.4.3 (file 000), ResNet50 v1.5 code and Fig 3.15",
    input_shape=(3, 224, 224),
    notes=(
        "v1.5: as v1, but a projection block strides its 3×3 conv instead of the first 1×1 (torchvision's layout); "
        "the parameters are the same as v1. ⚠ The heading before the code says 'v1' but the code is v1.5. ⚠ The text "
        "says moving the stride lowers the computational cost; it raises it (about 4.09 vs 3.86 G multiply-adds at "
        "224, because the 3×3 now sees the full-size map); the gain is the ~0.5% ImageNet accuracy the book quotes. "
        + _RESNET50_NOTES
    ),
)
def resnet50_v1_5(*, num_classes, in_channels, depth, width_mult, batch_norm) -> ResNet50Book:
    return ResNet50Book(version="v1.5", layers=DEPTHS[depth], num_classes=num_classes, in_channels=in_channels,
                        width_mult=width_mult, batch_norm=batch_norm)


@register(
    "resnet50_v2",
    hparams=_resnet50_hparams(),
    title="ResNet-50 v2, pre-activation (book)",
    group="book",
    source=(
        "Ferlitsch, Deep Learning Patterns and Practices, ch. 3 §3.4.3 (file 000), ResNet50 v2 identity block; "
        "He et al. 2016, 'Identity Mappings in Deep Residual Networks'"
    ),
    input_shape=(3, 224, 224),
    notes=(
        "v2 puts BatchNorm and ReLU before each conv ('BN-RE-Conv') and drops the ReLU after the add. The book "
        "prints only the v2 identity block (BN → ReLU → 1×1 → BN → ReLU → 3×3 → BN → ReLU → 1×1, add); it gives no "
        "v2 stem, projection block or head. This build completes it with the pre-activation design of He et al. 2016, "
        "'Identity Mappings in Deep Residual Networks' (the code released with it): the stem conv has no BN or ReLU "
        "(the first block's pre-activation normalises its output); a projection block applies BN → ReLU to its input "
        "once and feeds the result to both paths; a final BN → ReLU (post_bn, post_relu) normalises the last sum "
        "before global pooling. Two choices are this build's own: the projection shortcut is a strided 1×1 conv + BN "
        "like v1's (He et al.'s has no BN), and the stride sits on the 3×3 as in v1.5 and the book author's v2 code "
        "(He et al. stride the first 1×1). Why: with that shortcut BN, v2 has exactly v1's BatchNorm channels. Per "
        "group a projection block trades v1's n + n + 4n + 4n for in + n + n + 4n (−1,984 channels over the four "
        "groups), the stem loses 64 and post_bn adds 2,048, so the three versions share 25,583,592 parameters (Keras "
        "total 25,636,712) and differ only in where BN, ReLU and the stride sit; without the shortcut BN it would be "
        "25,575,912. keras.applications' ResNet50V2 differs again (no shortcut BN, the stride in each group's last "
        "block, bias-free convs inside the blocks). "
        + _RESNET50_NOTES
    ),
)
def resnet50_v2(*, num_classes, in_channels, depth, width_mult, batch_norm) -> ResNet50Book:
    return ResNet50Book(version="v2", layers=DEPTHS[depth], num_classes=num_classes, in_channels=in_channels,
                        width_mult=width_mult, batch_norm=batch_norm)

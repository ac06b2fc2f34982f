"""GoogLeNet as Elgendy ch. 5 §5.5 (file 001) codes it in Keras.

Every conv has a bias and a ReLU and no BatchNorm; the stem has two
BatchNorm layers where the paper had LRN; branch 3 uses a real 5×5 conv
(torchvision's googlenet uses 3×3 there, a known quirk of its port). Module
names follow torchvision (``conv1``, ``maxpool1``, ``inception3a`` with
``branch1..4``, ``avgpool``, ``dropout``, ``fc``) so they are recognisable.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.books.common import conv, init_keras, keras_bn, max_pool, named
from explorer.zoo.layers import make_activation, scaled, sequential_out_shape
from explorer.zoo.registry import register

# Table 5.2: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj.
INCEPTION = {
    "3a": (64, 96, 128, 16, 32, 32),
    "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64),
    "4b": (160, 112, 224, 24, 64, 64),
    "4c": (128, 128, 256, 24, 64, 64),
    "4d": (112, 144, 288, 32, 64, 64),
    "4e": (256, 160, 320, 32, 128, 128),
    "5a": (256, 160, 320, 32, 128, 128),
    "5b": (384, 192, 384, 48, 128, 128),
}


class ConvReLU(nn.Sequential):
    """``Conv2D(..., padding='same', activation='relu')``: a biased conv and its ReLU."""

    def __init__(self, in_ch: int, out_ch: int, k: int, *, stride: int = 1, activation: str = "relu") -> None:
        super().__init__()
        self.conv = conv(in_ch, out_ch, k, stride=stride)
        self.relu = make_activation(activation)


class Inception(nn.Module):
    """``inception_module``: 1×1 | 1×1 → 3×3 | 1×1 → 5×5 | 3×3/1 max pool → 1×1, concatenated on channels."""

    def __init__(self, in_ch: int, c1: int, c3r: int, c3: int, c5r: int, c5: int, pool_proj: int, *,
                 activation: str = "relu") -> None:
        super().__init__()
        a = activation
        self.branch1 = ConvReLU(in_ch, c1, 1, activation=a)
        self.branch2 = nn.Sequential(ConvReLU(in_ch, c3r, 1, activation=a), ConvReLU(c3r, c3, 3, activation=a))
        self.branch3 = nn.Sequential(ConvReLU(in_ch, c5r, 1, activation=a), ConvReLU(c5r, c5, 5, activation=a))
        self.branch4 = nn.Sequential(max_pool(3, 1, padding="same"), ConvReLU(in_ch, pool_proj, 1, activation=a))
        self.out_channels = c1 + c3 + c5 + pool_proj

    def forward(self, x: Tensor) -> Tensor:
        # concatenate(axis=3) in channels-last Keras is dim 1 in PyTorch.
        return torch.cat([self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)], 1)


class GoogLeNetBook(nn.Module):
    """Part A (stem), part B (nine inception modules and two pools), part C (avg pool, dropout, dense)."""

    def __init__(self, *, num_classes: int, in_channels: int, input_size: int, batch_norm: bool, dropout: float,
                 width_mult: float, activation: str) -> None:
        super().__init__()
        def w(c: int) -> int:
            return scaled(c, width_mult)

        act = dict(activation=activation)
        self.conv1 = ConvReLU(in_channels, w(64), 7, stride=2, **act)  # conv_1_7x7/2
        self.maxpool1 = max_pool(3, 2, padding="same")  # max_pool_1_3x3/2
        self.bn1 = keras_bn(w(64)) if batch_norm else nn.Identity()
        self.conv2 = ConvReLU(w(64), w(64), 1, **act)
        self.conv3 = ConvReLU(w(64), w(192), 3, **act)
        self.bn2 = keras_bn(w(192)) if batch_norm else nn.Identity()
        self.maxpool2 = max_pool(3, 2, padding="same")
        c = w(192)
        for name, filters in INCEPTION.items():
            module = Inception(c, *(w(f) for f in filters), **act)
            setattr(self, f"inception{name}", module)
            c = module.out_channels
            if name == "3b":
                self.maxpool3 = max_pool(3, 2, padding="same")
            elif name == "4e":
                self.maxpool4 = max_pool(3, 2, padding="same")  # max_pool_4_3x3/2
        self.avgpool = nn.AvgPool2d(7, stride=1)  # AveragePooling2D((7, 7), strides=1, padding='valid')
        self.dropout = nn.Dropout(dropout)
        self.flatten = nn.Flatten(1)  # missing in the book's code
        # The dense layer is sized from the input: 1×1×1024 at 224.
        downsampling = ("conv1", "maxpool1", "maxpool2", "maxpool3", "maxpool4", "avgpool")
        spatial = named([(n, getattr(self, n)) for n in downsampling])
        _, h, wd = sequential_out_shape(spatial, (in_channels, input_size, input_size))
        self.fc = nn.Linear(c * h * wd, num_classes)
        # Glorot-uniform kernels and bias_initializer=Constant(0.2) on the convs (the book's kernel_init and
        # bias_init); the output Dense keeps Keras' zero bias.
        init_keras(self, conv_bias=0.2)

    def forward(self, x: Tensor) -> Tensor:
        x = self.conv1(x)  # N x 64 x 112 x 112 at 224
        x = self.bn1(self.maxpool1(x))  # N x 64 x 56 x 56
        x = self.conv2(x)  # N x 64 x 56 x 56
        x = self.bn2(self.conv3(x))  # N x 192 x 56 x 56
        x = self.maxpool2(x)  # N x 192 x 28 x 28
        x = self.inception3a(x)  # N x 256 x 28 x 28
        x = self.inception3b(x)  # N x 480 x 28 x 28
        x = self.maxpool3(x)  # N x 480 x 14 x 14
        x = self.inception4a(x)  # N x 512 x 14 x 14
        x = self.inception4b(x)  # N x 512 x 14 x 14
        x = self.inception4c(x)  # N x 512 x 14 x 14
        x = self.inception4d(x)  # N x 528 x 14 x 14
        x = self.inception4e(x)  # N x 832 x 14 x 14
        x = self.maxpool4(x)  # N x 832 x 7 x 7
        x = self.inception5a(x)  # N x 832 x 7 x 7
        x = self.inception5b(x)  # N x 1024 x 7 x 7
        x = self.avgpool(x)  # N x 1024 x 1 x 1
        x = self.flatten(self.dropout(x))  # N x 1024
        return self.fc(x)  # N x num_classes logits


@register(
    "googlenet_book",
    hparams=(
        H.num_classes(10),
        H.in_channels(3),
        H.input_size(224),
        H.HParam("batch_norm", bool, True, "Keep the book's two BatchNorm layers in the stem (where the paper had LRN)."),
        H.dropout(0.4, what="front of the output layer"),
        H.width_mult(1.0),
        H.activation("relu"),
    ),
    title="GoogLeNet (book)",
    group="book",
    source=(
        "Elgendy, Deep Learning for Vision Systems, ch. 5 §5.5 Inception and GoogLeNet (file 001), "
        "Keras code and Table 5.2"
    ),
    input_shape=(3, 224, 224),
    notes=(
        "The book's Keras code: part A conv 7×7/2 'same' → max pool 3×3/2 'same' → BN → conv 1×1 64 → conv 3×3 192 → "
        "BN → max pool; part B the nine inception modules of Table 5.2 (3a 256, 3b 480, pool, 4a 512 … 4e 832, pool, "
        "5a 832, 5b 1024 channels); part C AveragePooling2D 7×7 'valid', Dropout 0.4, Dense. Every conv has a bias "
        "(initialised to 0.2 as in the book) and a ReLU. 10 classes as in the book's Dense(10): 5,984,314 PyTorch "
        "parameters (a Keras summary adds the two BN layers' moving statistics, 512, for 5,984,826); with 1000 "
        "classes 6,999,064. Per module: 163,696 / 388,736 / 376,176 / 449,160 / 510,104 / 605,376 / 868,352 / "
        "1,043,456 / 1,444,080. Errata: ⚠ the book's code has no Flatten before the Dense, so Keras would output "
        "(None, 1, 1, 10); a Flatten is added. ⚠ The text says part B is '2 modules + pool + 5 + pool + 5': it is "
        "2 + 5 + 2 = 9. ⚠ '12× fewer parameters, from 138 million to 13 million': the paper says 12× fewer than "
        "AlexNet; the main network has ≈7.0M at 1000 classes (≈13.4M with the two auxiliary classifiers, which the "
        "book never mentions and which are not built). ⚠ The input comment says 24×24×3 for 224×224×3. BN replaces "
        "the paper's LRN, as the book says. torchvision's googlenet (6,624,904) is not comparable: it uses BN, no "
        "bias and a 3×3 in branch 3. The softmax output is left to the loss."
    ),
)
def googlenet_book(*, num_classes, in_channels, input_size, batch_norm, dropout, width_mult, activation) -> GoogLeNetBook:
    return GoogLeNetBook(num_classes=num_classes, in_channels=in_channels, input_size=input_size, batch_norm=batch_norm,
                         dropout=dropout, width_mult=width_mult, activation=activation)

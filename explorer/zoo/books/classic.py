"""The classic plain CNNs of the books: LeNet-5, the sign-language ConvNet,
the book AlexNet (with BatchNorm) and CNN Explainer's TinyVGG.

Each is the book's Keras code layer for layer (biased convs and dense layers,
the book's padding and order), returning logits.
"""

from __future__ import annotations

from torch import nn

from explorer.zoo import hparams as H
from explorer.zoo.books.common import ConvClassifier, conv, init_keras, keras_bn, named
from explorer.zoo.layers import flat_features, make_activation, make_pool, scaled
from explorer.zoo.registry import register

# ---------------------------------------------------------------------------
# LeNet-5


@register(
    "lenet5",
    hparams=(
        H.num_classes(10),
        H.in_channels(1),
        H.input_size(28),
        H.activation("tanh"),
        H.pool("avg", what="subsampling layers S2 and S4"),
        H.HParam(
            "c1_padding",
            str,
            "same",
            "Padding of C1: the book's 'same' on 28×28, or the 1998 paper's 'valid' (use it with input size 32).",
            choices=("same", "valid"),
        ),
        H.width_mult(1.0),
    ),
    title="LeNet-5 (book)",
    group="book",
    source="Elgendy, Deep Learning for Vision Systems, ch. 5 §5.2 LeNet-5 (file 001), Keras code",
    input_shape=(1, 28, 28),
    notes=(
        "The book's Keras code: C1 6@5×5 'same' tanh, S2 2×2/2 average pool, C3 16@5×5 valid tanh, S4, "
        "C5 120@5×5 valid tanh, flatten, FC6 84 tanh, FC7 10; 61,706 parameters as the book says "
        "(156 / 2,416 / 48,120 / 10,164 / 850). It returns logits: the book's softmax output belongs in the loss. "
        "⚠ Fig 5.4's caption speaks of 'three FC layers of 120, 84 and 10 neurons' while the text counts "
        "3 conv + 2 FC layers: C5 is a 5×5 conv on a 5×5 map, which is the same thing as a 120-unit dense layer. "
        "Differences from the 1998 paper, which the book does not mention: the paper feeds 32×32 with a 'valid' C1 "
        "(c1_padding='valid', input size 32 gives the same 28×28×6), its S-layers are trainable subsampling "
        "(a coefficient and a bias per map), C3 uses a sparse connection table, and the output uses RBF units."
    ),
)
def lenet5(*, num_classes, in_channels, input_size, activation, pool, c1_padding, width_mult) -> ConvClassifier:
    c1, c3, c5, f6 = (scaled(c, width_mult) for c in (6, 16, 120, 84))
    features = named([
        ("c1", conv(in_channels, c1, 5, padding=c1_padding)),
        ("act1", make_activation(activation)),
        ("s2", make_pool(pool, 2, 2)),
        ("c3", conv(c1, c3, 5, padding="valid")),
        ("act3", make_activation(activation)),
        ("s4", make_pool(pool, 2, 2)),
        ("c5", conv(c3, c5, 5, padding="valid")),
        ("act5", make_activation(activation)),
    ])
    classifier = named([
        ("fc6", nn.Linear(flat_features(features, (in_channels, input_size, input_size)), f6)),
        ("act6", make_activation(activation)),
        ("fc7", nn.Linear(f6, num_classes)),
    ])
    model = ConvClassifier(features, classifier)
    init_keras(model)
    return model


# ---------------------------------------------------------------------------
# The sign-language ConvNet


@register(
    "convnet_signs",
    hparams=(
        H.num_classes(26),
        H.in_channels(1),
        H.input_size(128),
        H.HParam("filters", int, 16, "Filters of the convolution (the book uses 16).", min=1, max=1024),
        H.HParam(
            "stride", int, 2, "Stride of the convolution: 2 is the book's feature pooling, 1 keeps the size.", min=1, max=4
        ),
        H.HParam("hidden", int, 512, "Units in the hidden dense layer.", min=1, max=16384),
        H.activation("relu"),
        H.pool("max", what="pooling layer after the convolution"),
        H.batch_norm(False),
    ),
    title="ConvNet for sign-language letters",
    group="book",
    source="Ferlitsch, Deep Learning Patterns and Practices, ch. 3 §3.2 (file 000), Keras Sequential code",
    input_shape=(1, 128, 128),
    notes=(
        "The §3.2 code: 128×128 grayscale → Conv2D 16@3×3 stride 2 'same' + ReLU (64×64×16) → "
        "MaxPooling 2×2/2 (32×32×16) → Flatten (16,384) → Dense 512 + ReLU → Dense 26. The parameter counts "
        "match the book's printed summary (160 / 8,389,120 / 13,338, total 8,402,618): the 512-unit dense layer "
        "holds almost all of them. The book's final Activation('softmax') is left to the loss, so the model returns "
        "logits. 'same' with stride 2 is done by symmetric zero padding of 1, which gives Keras' 64×64; "
        "⚠ the text describes padding as 'zero or the same value as the last column', but Keras 'same' pads with "
        "zeros. batch_norm inserts BatchNorm between the conv and its ReLU, as in the §3.4.2 snippet."
    ),
)
def convnet_signs(
    *, num_classes, in_channels, input_size, filters, stride, hidden, activation, pool, batch_norm
) -> ConvClassifier:
    features = named([
        ("conv1", conv(in_channels, filters, 3, stride=stride)),
        ("bn1", keras_bn(filters) if batch_norm else None),
        ("relu1", make_activation(activation)),
        ("pool1", make_pool(pool, 2, 2)),
    ])
    classifier = named([
        ("dense1", nn.Linear(flat_features(features, (in_channels, input_size, input_size)), hidden)),
        ("relu2", make_activation(activation)),
        ("dense2", nn.Linear(hidden, num_classes)),
    ])
    model = ConvClassifier(features, classifier)
    init_keras(model)
    return model


# ---------------------------------------------------------------------------
# AlexNet as the book codes it


@register(
    "alexnet_book",
    hparams=(
        H.num_classes(1000),
        H.in_channels(3),
        H.input_size(227),
        H.HParam(
            "batch_norm",
            bool,
            True,
            "Keep the book's BatchNorm layers (after the pools in blocks 1–2, after the ReLUs in 3–5).",
        ),
        H.dropout(0.5),
        H.HParam("hidden", int, 4096, "Units in each of the two hidden dense layers.", min=1, max=16384),
        H.width_mult(1.0),
        H.activation("relu"),
        H.pool("max", what="3×3/2 pooling layers"),
    ),
    title="AlexNet (book, with BatchNorm)",
    group="book",
    source="Elgendy, Deep Learning for Vision Systems, ch. 5 §5.3 AlexNet (file 001), Keras code",
    input_shape=(3, 227, 227),
    notes=(
        "The book's Keras code, not the 2012 paper: one tower (no 2-GPU grouped convs), and BatchNorm in place "
        "of local response normalisation, placed exactly in the book's order: conv → ReLU → pool → BN in blocks "
        "1–2, conv → ReLU → BN in blocks 3–4, conv → ReLU → BN → pool in block 5 (the paper normalised before "
        "pooling). Shapes 55×55×96 → 27×27×96 → 27×27×256 → 13×13×256 → 13×13×384 → 13×13×384 → 13×13×256 → "
        "6×6×256 → 9,216. PyTorch counts 62,381,096 parameters, the book's 'Trainable params'; its 'Total params' "
        "62,383,848 also counts BN's moving mean and variance (2,752), which PyTorch keeps as buffers. "
        "The paper's grouped AlexNet has 60,965,224 (its '60 million'). The input is 227×227 because, as the book "
        "says, the paper's 224 does not give (227 − 11)/4 + 1 = 55. The book's l2(0.0005) kernel regularizer on "
        "conv2–5 is a training setting (weight decay), not a layer. The softmax output is left to the loss. "
        "⚠ The text's '6.5 million neurons' is a translation error for the paper's 650,000, and its flow string "
        "ends in 'SOFTMAX7' where the numbering reaches 11."
    ),
)
def alexnet_book(
    *, num_classes, in_channels, input_size, batch_norm, dropout, hidden, width_mult, activation, pool
) -> ConvClassifier:
    c1, c2, c3, c4, c5 = (scaled(c, width_mult) for c in (96, 256, 384, 384, 256))

    def bn(c: int) -> nn.Module | None:
        return keras_bn(c) if batch_norm else None

    features = named([
        ("conv1", conv(in_channels, c1, 11, stride=4, padding="valid")),  # 55×55×96 at 227
        ("relu1", make_activation(activation)),
        ("pool1", make_pool(pool, 3, 2)),  # 27×27×96
        ("bn1", bn(c1)),
        ("conv2", conv(c1, c2, 5)),  # 27×27×256
        ("relu2", make_activation(activation)),
        ("pool2", make_pool(pool, 3, 2)),  # 13×13×256
        ("bn2", bn(c2)),
        ("conv3", conv(c2, c3, 3)),  # no pool here: "the AlexNet authors didn't add pooling"
        ("relu3", make_activation(activation)),
        ("bn3", bn(c3)),
        ("conv4", conv(c3, c4, 3)),
        ("relu4", make_activation(activation)),
        ("bn4", bn(c4)),
        ("conv5", conv(c4, c5, 3)),
        ("relu5", make_activation(activation)),
        ("bn5", bn(c5)),
        ("pool5", make_pool(pool, 3, 2)),  # 6×6×256
    ])
    classifier = named([
        ("fc6", nn.Linear(flat_features(features, (in_channels, input_size, input_size)), hidden)),
        ("relu6", make_activation(activation)),
        ("drop6", nn.Dropout(dropout)),
        ("fc7", nn.Linear(hidden, hidden)),
        ("relu7", make_activation(activation)),
        ("drop7", nn.Dropout(dropout)),
        ("fc8", nn.Linear(hidden, num_classes)),
    ])
    model = ConvClassifier(features, classifier)
    init_keras(model)
    return model


# ---------------------------------------------------------------------------
# TinyVGG (CNN Explainer)


@register(
    "tiny_vgg",
    hparams=(
        H.num_classes(10),
        H.in_channels(3),
        H.input_size(64),
        H.HParam("filters", int, 10, "Filters of every convolution (CNN Explainer uses 10).", min=1, max=512),
        H.activation("relu"),
        H.pool("max", what="2×2/2 pooling layers"),
        H.batch_norm(False),
    ),
    title="TinyVGG (CNN Explainer)",
    group="teaching",
    source="Wang et al., CNN Explainer (IEEE VIS 2020), TinyVGG",
    input_shape=(3, 64, 64),
    notes=(
        "CNN Explainer's TinyVGG, trained there on 10 Tiny ImageNet classes at 64×64: two blocks of two 3×3 "
        "'valid' convs with 10 filters and ReLU, each block ending in a 2×2/2 max pool (64 → 62 → 60 → 30 → 28 → "
        "26 → 13), flatten (13·13·10 = 1,690), one dense output layer. 19,920 parameters: 280 + 910 + 910 + 910 "
        "for the convs, 16,910 for the dense layer. Returns logits (CNN Explainer shows the softmax separately)."
    ),
)
def tiny_vgg(*, num_classes, in_channels, input_size, filters, activation, pool, batch_norm) -> ConvClassifier:
    layers: list[tuple[str, nn.Module | None]] = []
    c = in_channels
    for block in (1, 2):
        for i in (1, 2):
            layers += [
                (f"conv_{block}_{i}", conv(c, filters, 3, padding="valid")),
                (f"bn_{block}_{i}", keras_bn(filters) if batch_norm else None),
                (f"relu_{block}_{i}", make_activation(activation)),
            ]
            c = filters
        layers.append((f"max_pool_{block}", make_pool(pool, 2, 2)))
    features = named(layers)
    classifier = named([("output", nn.Linear(flat_features(features, (in_channels, input_size, input_size)), num_classes))])
    model = ConvClassifier(features, classifier)
    init_keras(model)
    return model

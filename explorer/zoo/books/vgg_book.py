"""VGG as the books code it: Table 5.1's configurations with the classifier
sized from the input (Flatten → Dense), no adaptive pool.

Elgendy ch. 5 §5.4 (file 001) prints VGG16 with dropout in the classifier and
Table 5.1's six configurations; Ferlitsch ch. 3 §3.3 (file 000) prints the
same VGG16 without dropout. Layers come from :func:`explorer.zoo.vgg.make_features`,
so the ``state_dict`` keys of ``vgg16_book`` / ``vgg19_book`` are torchvision's
(``features.0.weight`` … ``classifier.6.bias``) and its weights load unchanged
at 224×224 with 1000 classes.
"""

from __future__ import annotations

from torch import nn

from explorer.zoo import hparams as H
from explorer.zoo.books.common import ConvClassifier, init_keras
from explorer.zoo.layers import flat_features, make_activation
from explorer.zoo.registry import register
from explorer.zoo.vgg import CFGS, make_features

# Table 5.1 (Simonyan & Zisserman's Table 1): "L" is local response
# normalisation after the first conv (A-LRN), "1x1:N" a 1×1 conv (C).
BOOK_CFGS: dict[str, list[int | str]] = {
    "A": CFGS["A"],
    "A-LRN": [64, "L", "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B": CFGS["B"],
    "C": [64, 64, "M", 128, 128, "M", 256, 256, "1x1:256", "M", 512, 512, "1x1:512", "M", 512, 512, "1x1:512", "M"],
    "D": CFGS["D"],
    "E": CFGS["E"],
}


def _vgg(cfg: str, *, num_classes, in_channels, input_size, batch_norm, width_mult, dropout, hidden, activation, pool):
    features = make_features(
        BOOK_CFGS[cfg], in_channels=in_channels, batch_norm=batch_norm, width_mult=width_mult, activation=activation, pool=pool
    )
    # Indices 0, 3, 6 as torchvision's classifier, so its checkpoints load.
    classifier = nn.Sequential(
        nn.Linear(flat_features(features, (in_channels, input_size, input_size)), hidden),  # 25,088 → 4096 at 224
        make_activation(activation),
        nn.Dropout(dropout),
        nn.Linear(hidden, hidden),
        make_activation(activation),
        nn.Dropout(dropout),
        nn.Linear(hidden, num_classes),
    )
    model = ConvClassifier(features, classifier)
    init_keras(model)
    return model


def _hparams() -> tuple[H.HParam, ...]:
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.input_size(224),
        H.batch_norm(False),
        H.width_mult(1.0),
        H.dropout(0.5),
        H.HParam("hidden", int, 4096, "Units in each of the two hidden dense layers.", min=1, max=16384),
        H.activation("relu"),
        H.pool("max", what="2×2/2 pooling layers"),
    )


_COMMON_NOTES = (
    "Every conv is 3×3, stride 1, 'same', with bias and ReLU; every pool 2×2/2 max; then Flatten → Dense 4096 + ReLU "
    "→ Dropout 0.5 → Dense 4096 + ReLU → Dropout 0.5 → Dense classes. There is no adaptive pool: the first dense "
    "layer is sized from input_size (7·7·512 = 25,088 at 224), which is where most of the parameters are. "
    "Ferlitsch §3.3 (file 000) prints the same network without dropout (set dropout to 0; the counts do not change). "
    "The book's softmax output is left to the loss, so the model returns logits. L2 weight decay 5e-4 is mentioned "
    "but, as the book says, not implemented."
)


@register(
    "vgg16_book",
    hparams=_hparams(),
    title="VGG-16 (book)",
    group="book",
    source=(
        "Elgendy, Deep Learning for Vision Systems, ch. 5 §5.4 VGGNet (file 001), Keras code; "
        "Ferlitsch ch. 3 §3.3 (file 000)"
    ),
    input_shape=(3, 224, 224),
    notes=(
        "Configuration D: 13 convs in blocks of 2×64, 2×128, 3×256, 3×512, 3×512, plus 3 dense layers; 138,357,544 "
        "parameters as printed in the book. " + _COMMON_NOTES
    ),
)
def vgg16_book(**hp) -> ConvClassifier:
    return _vgg("D", **hp)


@register(
    "vgg19_book",
    hparams=_hparams(),
    title="VGG-19 (book)",
    group="book",
    source="Elgendy, Deep Learning for Vision Systems, ch. 5 §5.4 VGGNet (file 001), configuration E",
    input_shape=(3, 224, 224),
    notes=(
        "Configuration E: VGG-16 with a fourth conv in blocks 3, 4 and 5; 143,667,240 parameters. "
        "⚠ The text says VGG19 has 'over 144 million' parameters: it has slightly fewer (Table 5.1 rounds to 144). "
        + _COMMON_NOTES
    ),
)
def vgg19_book(**hp) -> ConvClassifier:
    return _vgg("E", **hp)


@register(
    "vgg_book",
    hparams=(
        H.HParam(
            "config",
            str,
            "D",
            "Column of Table 5.1: A (11 layers), A-LRN, B (13), C (16, with 1×1 convs), D (VGG-16), E (VGG-19).",
            choices=tuple(BOOK_CFGS),
        ),
        *_hparams(),
    ),
    title="VGG, Table 5.1 configurations (book)",
    group="book",
    source="Elgendy, Deep Learning for Vision Systems, ch. 5 §5.4, Table 5.1 (file 001)",
    input_shape=(3, 224, 224),
    notes=(
        "The six columns of Table 5.1, whose figure (Fig 5.9) is not reproduced in the text; the layer lists are the "
        "VGG paper's Table 1. Parameters at 224 with 1000 classes: A 132,863,336; A-LRN 132,863,336 (LRN, after the "
        "first conv, has none); B 133,047,848; C 133,638,952 (a 1×1 conv as the third conv of blocks 3–5); "
        "D 138,357,544; E 143,667,240, which round to the table's 133 / 133 / 133 / 134 / 138 / 144 million. "
        + _COMMON_NOTES
    ),
)
def vgg_book(*, config, **hp) -> ConvClassifier:
    return _vgg(config, **hp)

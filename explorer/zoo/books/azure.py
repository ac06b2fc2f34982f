"""The CIFAR-10 CNNs of *Deep Learning with Azure* ch. 6 (file 003), TensorFlow 1.x.

``tf.layers.conv2d`` / ``dense`` have biases and Glorot-uniform kernels by
default, like Keras, so the shared Keras helpers apply unchanged.
"""

from __future__ import annotations

from torch import nn

from explorer.zoo import hparams as H
from explorer.zoo.books.common import ConvClassifier, conv, init_keras, keras_bn, named
from explorer.zoo.layers import flat_features, make_activation, make_pool, scaled
from explorer.zoo.registry import register


@register(
    "cifar_cnn",
    hparams=(
        H.num_classes(10),
        H.in_channels(3),
        H.input_size(32),
        H.HParam("conv1_filters", int, 50, "Filters of the first convolution.", min=1, max=1024),
        H.HParam(
            "conv2_filters", int, 50, "Filters of the second convolution: 50 in the code, 25 in the prose.", min=1, max=1024
        ),
        H.HParam("hidden", int, 512, "Units in the hidden dense layer.", min=1, max=16384),
        H.activation("relu"),
        H.pool("max", what="2×2/2 pooling layer"),
    ),
    title="CNN with two convolution layers (CIFAR-10)",
    group="book",
    source="Salvaris, Dean & Tok, Deep Learning with Azure, ch. 6 (file 003), Listing 6-1 create_model, TensorFlow 1.x",
    input_shape=(3, 32, 32),
    notes=(
        "Listing 6-1: 32×32×3 → conv 50@3×3 'same' + ReLU → conv 50@3×3 'same' + ReLU → max pool 2×2/2 (16×16×50) → "
        "reshape to 12,800 → dense 512 + ReLU → dense 10 'output' (logits; the loss applies the softmax). 6,583,192 "
        "parameters: 1,400 + 22,550 + 6,554,112 + 5,130. ⚠ The prose says the second conv has 25 filters; the code "
        "(and its hard-coded reshape 50*16*16) uses 50. conv2_filters=25 gives the prose's model, 3,295,117 "
        "parameters (the dense layer is sized from the conv output here, so no reshape breaks). ⚠ The listing calls "
        "create_model(X, training), passing the training flag as n_classes."
    ),
)
def cifar_cnn(
    *, num_classes, in_channels, input_size, conv1_filters, conv2_filters, hidden, activation, pool
) -> ConvClassifier:
    features = named([
        ("conv1", conv(in_channels, conv1_filters, 3)),
        ("relu1", make_activation(activation)),
        ("conv2", conv(conv1_filters, conv2_filters, 3)),
        ("relu2", make_activation(activation)),
        ("pool", make_pool(pool, 2, 2)),
    ])
    classifier = named([
        ("fc1", nn.Linear(flat_features(features, (in_channels, input_size, input_size)), hidden)),
        ("relu3", make_activation(activation)),
        ("output", nn.Linear(hidden, num_classes)),
    ])
    model = ConvClassifier(features, classifier)
    init_keras(model)
    return model


#: Convs per block of Models 1–4 (Listings 6-11 to 6-14); Model 4 is Model 3 plus dropout.
CIFAR_VGG_BLOCKS: dict[int, list[tuple[int, int]]] = {
    1: [(64, 2)],
    2: [(64, 2), (128, 2)],
    3: [(64, 2), (128, 2), (256, 3)],
    4: [(64, 2), (128, 2), (256, 3)],
}


@register(
    "cifar_vgg",
    hparams=(
        H.HParam(
            "model",
            int,
            4,
            "Listing: 1 (two convs), 2 (four), 3 (seven), 4 (seven, with dropout after the hidden dense layers).",
            choices=(1, 2, 3, 4),
        ),
        H.num_classes(10),
        H.in_channels(3),
        H.input_size(32),
        H.dropout(0.5, what="Model 4's hidden dense layers (Models 1–3 have none)"),
        H.HParam("hidden", int, 4096, "Units in each of the two hidden dense layers.", min=1, max=16384),
        H.width_mult(1.0),
        H.batch_norm(False),
        H.activation("relu"),
        H.pool("max", what="2×2/2 pooling layers"),
    ),
    title="VGG-style CNNs, Models 1–4 (CIFAR-10)",
    group="book",
    source="Salvaris, Dean & Tok, Deep Learning with Azure, ch. 6 (file 003), Listings 6-11 to 6-14, TensorFlow 1.x",
    input_shape=(3, 32, 32),
    notes=(
        "The chapter's VGG build-up on CIFAR-10: Model 1 = conv64 ×2, pool; Model 2 adds conv128 ×2, pool; Model 3 "
        "adds conv256 ×3, pool; Model 4 is Model 3 with Dropout 0.5 after both hidden dense layers. All convs 3×3 "
        "'same' + ReLU, pools 2×2/2; then flatten, dense 4096 + ReLU, dense 4096 + ReLU, dense 10 logits. "
        "Parameters 83,973,962 / 50,640,970 / 35,339,082 / 35,339,082: the deeper model has fewer, because the first "
        "dense layer, sized from the last map (16·16·64 → 8·8·128 → 4·4·256), dominates. Every listing applies an "
        "extra ReLU to the last pool's output; it is a no-op (ReLU of max-pooled ReLU outputs) and is kept as "
        "'pool_relu' to match the code. ⚠ The book's data preparation uses np.swapaxes(x, 1, 3), which transposes "
        "every image (N×W×H×C); transpose(0, 2, 3, 1) was meant."
    ),
)
def cifar_vgg(
    *, model, num_classes, in_channels, input_size, dropout, hidden, width_mult, batch_norm, activation, pool
) -> ConvClassifier:
    layers: list[tuple[str, nn.Module | None]] = []
    c = in_channels
    for b, (width, convs) in enumerate(CIFAR_VGG_BLOCKS[model], start=1):
        out = scaled(width, width_mult)
        for i in range(1, convs + 1):
            layers += [
                (f"conv{b}_{i}", conv(c, out, 3)),
                (f"bn{b}_{i}", keras_bn(out) if batch_norm else None),
                (f"relu{b}_{i}", make_activation(activation)),
            ]
            c = out
        layers.append((f"pool{b}", make_pool(pool, 2, 2)))
    layers.append(("pool_relu", make_activation(activation)))  # the listings' relu2 = tf.nn.relu(pool)
    features = named(layers)
    with_dropout = model == 4
    classifier = named([
        ("fc1", nn.Linear(flat_features(features, (in_channels, input_size, input_size)), hidden)),
        ("relu1", make_activation(activation)),
        ("dropout1", nn.Dropout(dropout) if with_dropout else None),
        ("fc2", nn.Linear(hidden, hidden)),
        ("relu2", make_activation(activation)),
        ("dropout2", nn.Dropout(dropout) if with_dropout else None),
        ("output", nn.Linear(hidden, num_classes)),
    ])
    net = ConvClassifier(features, classifier)
    init_keras(net)
    return net

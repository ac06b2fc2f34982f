"""VGG (Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale
Image Recognition", ICLR 2015), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/vgg.py``, so its checkpoint files load unchanged. A
configuration is a list such as ``[64, "M", 128, "M", ...]`` turned into layers
by one function (:func:`make_features`).
"""

from __future__ import annotations

from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import make_activation, make_pool, scaled, weight_init
from explorer.zoo.registry import register

# Table 1 of the paper: configurations A, B, D, E (VGG-11, -13, -16, -19).
CFGS: dict[str, list[int | str]] = {
    "A": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "B": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "D": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    "E": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


def make_features(
    cfg: list[int | str],
    *,
    in_channels: int = 3,
    batch_norm: bool = False,
    width_mult: float = 1.0,
    activation: str = "relu",
    pool: str = "max",
    bias: bool = True,
) -> nn.Sequential:
    """Conv 3×3 (stride 1, padding 1) for each int, a 2×2/2 pool for each ``"M"``.

    Layer indices match torchvision (conv, [bn], relu, ..., pool), which fixes
    the state_dict keys ``features.0.weight`` etc.
    """
    layers: list[nn.Module] = []
    c = in_channels
    for v in cfg:
        if v == "M":
            layers.append(make_pool(pool, 2, 2))
        elif v == "L":  # local response normalisation (configuration A-LRN)
            layers.append(nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0))
        else:
            k = 1 if isinstance(v, str) and v.startswith("1x1:") else 3
            out = scaled(int(str(v).removeprefix("1x1:")), width_mult)
            layers.append(nn.Conv2d(c, out, kernel_size=k, padding=k // 2, bias=bias))
            if batch_norm:
                layers.append(nn.BatchNorm2d(out))
            layers.append(make_activation(activation))
            c = out
    return nn.Sequential(*layers)


class VGG(nn.Module):
    """features → avgpool (adaptive, 7×7) → classifier (4096, 4096, classes)."""

    def __init__(
        self,
        features: nn.Sequential,
        *,
        num_classes: int = 1000,
        dropout: float = 0.5,
        hidden: int = 4096,
        pool_size: int = 7,
        activation: str = "relu",
        init_weights: bool = True,
    ) -> None:
        super().__init__()
        out_channels = [m.out_channels for m in features if isinstance(m, nn.Conv2d)][-1]
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((pool_size, pool_size))
        self.classifier = nn.Sequential(
            nn.Linear(out_channels * pool_size * pool_size, hidden),
            make_activation(activation),
            nn.Dropout(p=dropout),
            nn.Linear(hidden, hidden),
            make_activation(activation),
            nn.Dropout(p=dropout),
            nn.Linear(hidden, num_classes),
        )
        if init_weights:
            init_vgg(self)

    def forward(self, x: Tensor) -> Tensor:
        x = self.features(x)  # N x 512 x 7 x 7 at 224
        x = self.avgpool(x)  # N x 512 x 7 x 7 (a no-op at 224; lets other sizes through)
        x = x.flatten(1)  # N x 25088
        return self.classifier(x)  # N x num_classes


@weight_init
def init_vgg(model: nn.Module) -> None:
    """torchvision's VGG init: Kaiming-normal (fan_out) convs, N(0, 0.01) dense, zero biases."""
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.constant_(m.weight, 1)
            nn.init.constant_(m.bias, 0)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0, 0.01)
            nn.init.constant_(m.bias, 0)


def _hparams(bn: bool) -> tuple[H.HParam, ...]:
    return (
        H.num_classes(1000),
        H.in_channels(3),
        H.batch_norm(bn),
        H.width_mult(1.0),
        H.dropout(0.5),
        H.HParam("hidden", int, 4096, "Units in each of the two hidden dense layers.", min=1, max=16384),
        H.HParam("pool_size", int, 7, "Output size of the adaptive average pool before the classifier.", min=1, max=32),
        H.activation("relu"),
        H.pool("max"),
    )


def _vgg(cfg: str, *, num_classes, in_channels, batch_norm, width_mult, dropout, hidden, pool_size, activation, pool) -> VGG:
    features = make_features(
        CFGS[cfg], in_channels=in_channels, batch_norm=batch_norm, width_mult=width_mult, activation=activation, pool=pool
    )
    return VGG(features, num_classes=num_classes, dropout=dropout, hidden=hidden, pool_size=pool_size, activation=activation)


def _meta(depth: str, bn: bool) -> dict:
    return dict(
        hparams=_hparams(bn),
        title=f"VGG-{depth}" + (" (BN)" if bn else ""),
        group="reference",
        source="Simonyan & Zisserman 2015, Table 1; torchvision models/vgg.py",
        input_shape=(3, 224, 224),
        pretrained=True,
    )


@register("vgg11", **_meta("11", False))
def vgg11(**hp) -> VGG:
    return _vgg("A", **hp)


@register("vgg11_bn", **_meta("11", True))
def vgg11_bn(**hp) -> VGG:
    return _vgg("A", **hp)


@register("vgg13", **_meta("13", False))
def vgg13(**hp) -> VGG:
    return _vgg("B", **hp)


@register("vgg13_bn", **_meta("13", True))
def vgg13_bn(**hp) -> VGG:
    return _vgg("B", **hp)


@register("vgg16", **_meta("16", False))
def vgg16(**hp) -> VGG:
    return _vgg("D", **hp)


@register("vgg16_bn", **_meta("16", True))
def vgg16_bn(**hp) -> VGG:
    return _vgg("D", **hp)


@register("vgg19", **_meta("19", False))
def vgg19(**hp) -> VGG:
    return _vgg("E", **hp)


@register("vgg19_bn", **_meta("19", True))
def vgg19_bn(**hp) -> VGG:
    return _vgg("E", **hp)

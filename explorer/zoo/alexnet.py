"""AlexNet (Krizhevsky, Sutskever & Hinton, "ImageNet Classification with Deep
Convolutional Neural Networks", NIPS 2012), torchvision-compatible.

torchvision's AlexNet is the single-GPU variant of Krizhevsky's "One weird trick
for parallelizing convolutional neural networks" (2014): 64-192-384-256-256
channels, no local response normalisation, and an adaptive 6×6 average pool
before the classifier. Module names, ``state_dict`` keys and shapes are those of
torchvision's ``models/alexnet.py``, so its checkpoint files load unchanged.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import make_activation, make_pool, scaled
from explorer.zoo.registry import register

# (out_channels, kernel, stride, padding) for each convolution, "M" for a 3×3/2 pool.
CFG: list[tuple[int, int, int, int] | str] = [
    (64, 11, 4, 2), "M",
    (192, 5, 1, 2), "M",
    (384, 3, 1, 1),
    (256, 3, 1, 1),
    (256, 3, 1, 1), "M",
]  # fmt: skip


def make_features(
    cfg: list[tuple[int, int, int, int] | str],
    *,
    in_channels: int = 3,
    width_mult: float = 1.0,
    activation: str = "relu",
    pool: str = "max",
) -> nn.Sequential:
    """Conv + activation for each tuple, an overlapping 3×3/2 pool for each ``"M"``.

    Layer indices match torchvision (``features.0`` conv1, ``features.3`` conv2, ...).
    """
    layers: list[nn.Module] = []
    c = in_channels
    for v in cfg:
        if v == "M":
            layers.append(make_pool(pool, 3, 2))
        else:
            out, k, s, p = v
            out = scaled(out, width_mult)
            layers.append(nn.Conv2d(c, out, kernel_size=k, stride=s, padding=p))
            layers.append(make_activation(activation))
            c = out
    return nn.Sequential(*layers)


class AlexNet(nn.Module):
    """features → avgpool (adaptive, 6×6) → classifier (4096, 4096, classes).

    PyTorch's default init is kept, as in torchvision (its AlexNet has no
    custom init).
    """

    def __init__(
        self,
        features: nn.Sequential,
        *,
        num_classes: int = 1000,
        dropout: float = 0.5,
        hidden: int = 4096,
        pool_size: int = 6,
        activation: str = "relu",
    ) -> None:
        super().__init__()
        out_channels = [m.out_channels for m in features if isinstance(m, nn.Conv2d)][-1]
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((pool_size, pool_size))
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(out_channels * pool_size * pool_size, hidden),
            make_activation(activation),
            nn.Dropout(p=dropout),
            nn.Linear(hidden, hidden),
            make_activation(activation),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x: Tensor) -> Tensor:
        x = self.features(x)  # N x 256 x 6 x 6 at 224
        x = self.avgpool(x)  # N x 256 x 6 x 6 (a no-op at 224; lets other sizes through)
        x = torch.flatten(x, 1)  # N x 9216
        return self.classifier(x)  # N x num_classes


_HPARAMS = (
    H.num_classes(1000),
    H.in_channels(3),
    H.dropout(0.5),
    H.width_mult(1.0),
    H.activation("relu"),
    H.pool("max", "overlapping 3×3/2 pools"),
)


@register(
    "alexnet",
    hparams=_HPARAMS,
    title="AlexNet",
    group="reference",
    source="Krizhevsky et al. 2012; Krizhevsky 2014, 'One weird trick…'; torchvision models/alexnet.py",
    input_shape=(3, 224, 224),
    notes=(
        "torchvision's single-GPU AlexNet from 'One weird trick' (2014): 64-192-384-256-256 channels instead of "
        "the 2012 paper's 96-256-384-384-256, no local response normalisation, and an adaptive 6×6 average pool "
        "before the classifier."
    ),
    pretrained=True,
)
def alexnet(*, num_classes, in_channels, dropout, width_mult, activation, pool) -> AlexNet:
    features = make_features(CFG, in_channels=in_channels, width_mult=width_mult, activation=activation, pool=pool)
    return AlexNet(features, num_classes=num_classes, dropout=dropout, activation=activation)

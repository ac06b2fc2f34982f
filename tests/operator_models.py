"""An operator's module, as tests/test_byo.py names it with EXPLORER_MODELS=operator_models (tests/ is on the path).

Both ways of declaring models: a ``MODELS`` dict (no hyperparameters) and the zoo's ``@register`` (with them).
"""

from __future__ import annotations

import torch
from torch import nn

from explorer.zoo import HParam, register


class OperatorNet(nn.Module):
    """Two convolutions and a classifier: small enough to build and train in a test."""

    input_shape = (3, 32, 32)
    title = "Operator's net"

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # N x 8 x 16 x 16
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),  # N x 16 x 1 x 1
        )
        self.classifier = nn.Linear(16, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


def plain_mlp() -> nn.Module:
    """No input_shape declared: the registry's default input (3×224×224) is used."""
    return nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Flatten(), nn.Linear(48, 10))


MODELS = {"operator_net": OperatorNet, "operator_mlp": plain_mlp}


@register(
    "operator_wide", group="operator", title="Operator's wide net", source="tests/operator_models.py",
    input_shape=(3, 32, 32), hparams=[HParam("width", int, 16, min=4, max=64, help="channels of the convolution")],
)
def operator_wide(width: int = 16) -> nn.Module:
    return nn.Sequential(nn.Conv2d(3, width, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(width, 10))

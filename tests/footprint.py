"""The gradient-footprint oracle's common step: weights under which every path carries gradient.

Receptive-field tests compare the analysis with the input pixels on which one output unit's gradient is
non-zero. With random weights a path can cancel out by chance; with every convolution and dense layer
averaging its inputs (positive weights, no bias) and BatchNorm as the identity, a pixel inside the field
always has a positive gradient and one outside it has none.
"""

from __future__ import annotations

import torch
from torch import nn


def positive_weights(model: nn.Module) -> nn.Module:
    """Set ``model``'s (in place) conv/linear weights to averages, biases to 0, BatchNorm to the identity,
    and in-place activations off (their inputs are needed for the backward pass). Returns ``model``."""
    with torch.no_grad():
        for m in model.modules():
            if hasattr(m, "inplace"):
                m.inplace = False
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.fill_(1.0 / m.weight[0].numel())
                if m.bias is not None:
                    m.bias.zero_()
            elif isinstance(m, nn.BatchNorm2d):
                m.running_mean.zero_()
                m.running_var.fill_(1.0)
                m.weight.fill_(1.0)
                m.bias.zero_()
    return model

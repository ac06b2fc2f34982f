"""Keras semantics shared by the book models.

The books' code is Keras / TensorFlow, so a faithful PyTorch build needs four
things PyTorch does differently (digest books-000-001.md, section 0):

- every conv and dense layer has a bias (Keras ``use_bias=True``), even before BN;
- ``padding='same'`` with stride > 1, which ``nn.Conv2d`` refuses: for odd
  kernels the symmetric padding ``(k - 1) // 2`` gives Keras' output *shape*
  ``ceil(n / s)`` at any stride (TF pads the odd pixel bottom/right only, so
  border *values* can differ);
- BatchNormalization with ``momentum=0.99, epsilon=1e-3``, which is PyTorch
  ``momentum=0.01, eps=1e-3``;
- Glorot-uniform kernels and zero biases as the default initialisation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from torch import Tensor, nn

#: Keras ``BatchNormalization(momentum=0.99)`` updates ``0.99·old + 0.01·new``;
#: PyTorch's ``momentum`` is the weight of the new value.
KERAS_BN_MOMENTUM = 0.01
KERAS_BN_EPS = 1e-3


def same(k: int) -> int:
    """Symmetric padding that gives Keras ``'same'`` output shapes for an odd kernel ``k``."""
    if k % 2 == 0:
        raise ValueError(f"'same' padding by symmetric zero padding needs an odd kernel, not {k}")
    return (k - 1) // 2


def conv(in_ch: int, out_ch: int, k: int, *, stride: int = 1, padding: str = "same", bias: bool = True) -> nn.Conv2d:
    """A Keras ``Conv2D(out_ch, (k, k), strides=stride, padding=padding)``: biased by default."""
    if padding not in ("same", "valid"):
        raise ValueError(f"padding must be 'same' or 'valid', not {padding!r}")
    return nn.Conv2d(in_ch, out_ch, k, stride=stride, padding=same(k) if padding == "same" else 0, bias=bias)


def max_pool(k: int, stride: int | None = None, *, padding: str = "valid") -> nn.MaxPool2d:
    """A Keras ``MaxPooling2D``; ``'same'`` pads symmetrically (PyTorch pads max pools with −∞)."""
    return nn.MaxPool2d(k, stride or k, padding=same(k) if padding == "same" else 0)


def keras_bn(channels: int) -> nn.BatchNorm2d:
    """``BatchNormalization()`` with Keras' defaults (momentum 0.99, epsilon 1e-3)."""
    return nn.BatchNorm2d(channels, eps=KERAS_BN_EPS, momentum=KERAS_BN_MOMENTUM)


def named(layers: Iterable[tuple[str, nn.Module | None]], *, cls: type[nn.Sequential] = nn.Sequential) -> nn.Sequential:
    """A ``cls`` (``nn.Sequential`` or a subclass) with the given module names.

    ``None`` entries (layers a hyperparameter switched off) are skipped, so no
    empty placeholder shows up in the layer table.
    """
    return cls(OrderedDict((name, m) for name, m in layers if m is not None))


def init_keras(model: nn.Module, *, conv_bias: float = 0.0) -> None:
    """Keras' default initialisation: Glorot-uniform kernels, zero biases, BN γ=1 β=0.

    Keras and TF 1.x ``tf.layers`` both default to ``glorot_uniform`` with
    ``zeros`` bias (PyTorch's own default is Kaiming-uniform with a=√5), so the
    books' training curves are reproduced best from this start. PyTorch's
    ``xavier_uniform_`` uses the same fans as Keras (k·k·in, k·k·out).
    ``conv_bias`` covers GoogLeNet's ``bias_initializer=Constant(0.2)``.
    """
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.constant_(m.bias, conv_bias if isinstance(m, nn.Conv2d) else 0.0)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


class ConvClassifier(nn.Module):
    """A conv front end, a flatten, a dense back end (Ferlitsch §3.1's two halves).

    The plain CNNs of the books (LeNet-5, the sign-language ConvNet, AlexNet,
    VGG, the CIFAR models) are all this; the builders only differ in the
    layers they put in ``features`` and ``classifier``.
    """

    def __init__(self, features: nn.Sequential, classifier: nn.Sequential) -> None:
        super().__init__()
        self.features = features
        self.flatten = nn.Flatten(1)
        self.classifier = classifier

    def forward(self, x: Tensor) -> Tensor:
        x = self.features(x)  # N x C x H x W
        x = self.flatten(x)  # N x C·H·W (CHW order; Keras flattens HWC, which changes no count)
        return self.classifier(x)  # N x num_classes logits (the books' softmax lives in the loss)

"""Imports every architecture family so that their builders register.

One module per family; add a new family here.
"""

from explorer.zoo import (  # noqa: F401
    alexnet,
    vgg,
    resnet,
    googlenet,
    densenet,
    squeezenet,
    shufflenet,
    inception,
    resnet_cifar,
    books,
    mobilenet,
    efficientnet,
    mnasnet,
    regnet,
    convnext,
    design,
)

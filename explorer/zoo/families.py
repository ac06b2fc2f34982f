"""Imports every architecture family so that their builders register.

One module per family; add a new family here.
"""

from explorer.zoo import (  # noqa: F401
    alexnet,
    vgg,
    resnet,
    googlenet,
    resnet_cifar,
    books,
    regnet,
    convnext,
)

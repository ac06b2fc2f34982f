"""The architecture zoo: one module per family, plus the registry."""

from explorer.zoo.hparams import HParam
from explorer.zoo.registry import Architecture, architectures, build, get, list_architectures, register

__all__ = ["Architecture", "HParam", "architectures", "build", "get", "list_architectures", "register"]

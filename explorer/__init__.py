"""CNN Explorer: build convolutional networks and see what every layer does.

    >>> import explorer
    >>> model = explorer.build("vgg16")
    >>> report = explorer.analyze("resnet50", input_shape=(3, 224, 224))
    >>> report.total_params
    25557032
"""

from explorer.errors import ExplorerError
from explorer.zoo.registry import build, get, list_architectures


def analyze(name_or_model, input_shape=None, **hyperparameters):
    """Analyse an architecture (by name) or a model; see :func:`explorer.analysis.analyze`."""
    from explorer.analysis.engine import analyze as _analyze

    return _analyze(name_or_model, input_shape=input_shape, **hyperparameters)


__all__ = ["ExplorerError", "analyze", "build", "get", "list_architectures"]

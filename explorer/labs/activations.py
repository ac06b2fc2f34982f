"""Lab 9 — sigmoid, tanh and ReLU, their derivatives, and why sigmoid gradients vanish.

File 003 §6 defines the three (sigmoid 1/(1 + e^−x) in (0, 1); tanh in
(−1, 1), 2σ(2x) − 1; ReLU max(0, x)) and names the sigmoid's flat ends as the
cause of vanishing gradients; file 001 §5.3 ("ReLU … trains faster; sigmoid
derivatives become tiny in saturation") and file 004 §5.1 ("a chained product
of factors < 1 over many layers"). The sigmoid's slope is at most 0.25 (at
0), so through n sigmoid layers the gradient is scaled by at most 0.25ⁿ.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

NAMES = ("sigmoid", "tanh", "relu")


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def _relu_grad(x: float) -> float:
    return 1.0 if x > 0 else 0.0  # PyTorch's choice at 0


FUNCTIONS: dict[str, tuple[Callable[[float], float], Callable[[float], float]]] = {
    "sigmoid": (sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
    "tanh": (math.tanh, lambda x: 1 - math.tanh(x) ** 2),
    "relu": (lambda x: max(0.0, x), _relu_grad),
}
#: The largest slope of each (sigmoid at 0: 1/4; tanh at 0: 1; ReLU for x > 0: 1).
MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}
FORMULAS = {
    "sigmoid": ("σ(x) = 1 / (1 + e^(−x))", "σ′(x) = σ(x)·(1 − σ(x))"),
    "tanh": ("tanh(x) = (1 − e^(−2x)) / (1 + e^(−2x))", "tanh′(x) = 1 − tanh²(x)"),
    "relu": ("ReLU(x) = max(0, x)", "ReLU′(x) = 1 if x > 0, else 0"),
}


@dataclass(frozen=True, slots=True)
class Curve:
    name: str
    xs: tuple[float, ...]
    values: tuple[float, ...]
    slopes: tuple[float, ...]


def curves(lo: float = -6.0, hi: float = 6.0, points: int = 241) -> list[Curve]:
    xs = tuple(lo + (hi - lo) * i / (points - 1) for i in range(points))
    return [Curve(n, xs, tuple(f(x) for x in xs), tuple(g(x) for x in xs)) for n, (f, g) in FUNCTIONS.items()]


def at(name: str, x: float) -> tuple[float, float]:
    """(value, slope) of activation ``name`` at ``x``."""
    f, g = FUNCTIONS[name]
    return f(x), g(x)


def chain(name: str, layers: int, x: float = 0.0) -> float:
    """The factor n layers' activation slopes multiply a gradient by, every unit at pre-activation ``x``.

    At x = 0 this is the best case: 0.25ⁿ for sigmoid, 1 for tanh and ReLU.
    """
    return at(name, x)[1] ** layers

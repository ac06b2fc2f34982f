"""Lab 16 — learning-rate schedules as the books print and code them, and SGD, momentum and Adam side by side.

Schedules (file 001, with the errata of the digest): LeNet-5's "0.0005 for the
first 2 epochs, 0.0002 for the next 3, 0.00005 for the next 4, then 0.00001"
against its code ``if epoch <= 2`` with Keras epochs from 0 (three epochs at
5e-4, each step one epoch late); GoogLeNet's "4 % every 8 epochs" against the
code ``0.01·0.96^floor((1 + epoch)/8)`` (the first cut after 7 epochs);
AlexNet's and ResNet's "divide by 10 on a plateau" against the code's
``factor=np.sqrt(0.1)`` (÷3.16: two plateaus make one ÷10). The code's
schedules are :mod:`explorer.training.schedules`, the ones the Train page runs.

Optimisers (file 003 names SGD with momentum, Adam and RMSProp): the update
rules written out, on a 2-D function, so that a few hundred steps take
milliseconds; the tests check every step against ``torch.optim``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from explorer.training.schedules import googlenet_lr, lenet5_lr

SCHEDULES = ("lenet5", "googlenet", "plateau")


def lenet5_prose(epoch: int) -> float:
    """The text's LeNet-5 schedule, epochs counted from 1: 2 epochs at 5e-4, 3 at 2e-4, 4 at 5e-5, then 1e-5."""
    if epoch <= 2:
        return 5e-4
    if epoch <= 5:
        return 2e-4
    if epoch <= 9:
        return 5e-5
    return 1e-5


def googlenet_paper(epoch: int, base: float = 0.01) -> float:
    """"Decreasing the learning rate by 4 % every 8 epochs" (Szegedy et al.), epochs from 0."""
    return base * 0.96 ** (epoch // 8)


@dataclass(frozen=True, slots=True)
class Curves:
    """One schedule as the text says it and as the code runs it, per epoch (1, 2, … as a person counts)."""

    name: str
    epochs: tuple[int, ...]
    text: tuple[float, ...]
    code: tuple[float, ...]

    @property
    def differ(self) -> tuple[int, ...]:
        """The epochs at which the two give a different rate."""
        return tuple(e for e, a, b in zip(self.epochs, self.text, self.code) if not math.isclose(a, b))


def schedule(name: str = "lenet5", epochs: int = 20, *, plateaus_every: int = 10) -> Curves:
    """``epochs`` epochs of the book's schedule ``name``; the code's Keras epoch index is the person's epoch − 1.

    ``plateau``: a plateau every ``plateaus_every`` epochs (what triggers it, the validation loss, is not
    simulated): the papers' ÷10 against the code's ×√0.1, from 0.01.
    """
    es = tuple(range(1, epochs + 1))
    if name == "lenet5":
        return Curves(name, es, tuple(lenet5_prose(e) for e in es), tuple(lenet5_lr(e - 1) for e in es))
    if name == "googlenet":
        return Curves(name, es, tuple(googlenet_paper(e - 1) for e in es), tuple(googlenet_lr(e - 1) for e in es))
    cuts = [(e - 1) // plateaus_every for e in es]
    return Curves(name, es, tuple(0.01 * 0.1**k for k in cuts), tuple(0.01 * math.sqrt(0.1) ** k for k in cuts))


# --- optimisers on a 2-D function ------------------------------------------------------------------

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    f: Callable[[float, float], float]
    grad: Callable[[float, float], Point]
    start: Point
    minimum: Point


FUNCTIONS: dict[str, Function] = {
    # A long narrow bowl: 25 times steeper across than along, where plain SGD zig-zags.
    "bowl": Function(
        "bowl", lambda x, y: 0.5 * (x * x + 25 * y * y), lambda x, y: (x, 25 * y), (-4.0, 1.5), (0.0, 0.0)
    ),
    "rosenbrock": Function(
        "rosenbrock",
        lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
        lambda x, y: (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
        (-1.5, 2.0),
        (1.0, 1.0),
    ),
}
OPTIMIZERS = ("sgd", "momentum", "adam")


@dataclass(frozen=True, slots=True)
class Path:
    optimizer: str
    points: tuple[Point, ...]
    losses: tuple[float, ...]

    @property
    def final(self) -> float:
        return self.losses[-1]


def descend(fn: str = "bowl", optimizer: str = "sgd", lr: float = 0.03, steps: int = 100, *, momentum: float = 0.9,
            betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Path:
    """``steps`` updates of ``optimizer`` from the function's start, as ``torch.optim`` writes them.

    SGD: θ ← θ − lr·g. Momentum (PyTorch's form): v ← μ·v + g, θ ← θ − lr·v.
    Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − lr·m̂ / (√v̂ + ε), with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
    A path that blows up stops at the first non-finite value.
    """
    f = FUNCTIONS[fn]
    x, y = f.start
    vel = [0.0, 0.0]
    m, v = [0.0, 0.0], [0.0, 0.0]
    points, losses = [(x, y)], [f.f(x, y)]
    for t in range(1, steps + 1):
        g = f.grad(x, y)
        theta = [x, y]
        for i in range(2):
            if optimizer == "sgd":
                theta[i] -= lr * g[i]
            elif optimizer == "momentum":
                vel[i] = momentum * vel[i] + g[i] if t > 1 else g[i]
                theta[i] -= lr * vel[i]
            else:
                m[i] = betas[0] * m[i] + (1 - betas[0]) * g[i]
                v[i] = betas[1] * v[i] + (1 - betas[1]) * g[i] * g[i]
                m_hat, v_hat = m[i] / (1 - betas[0] ** t), v[i] / (1 - betas[1] ** t)
                theta[i] -= lr * m_hat / (math.sqrt(v_hat) + eps)
        x, y = theta
        try:
            loss = f.f(x, y) if all(math.isfinite(c) and abs(c) < 1e50 for c in theta) else math.inf
        except OverflowError:
            loss = math.inf
        if not math.isfinite(loss):
            break
        points.append((x, y))
        losses.append(loss)
    return Path(optimizer, tuple(points), tuple(losses))

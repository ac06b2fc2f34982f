"""Lab 8 — batch normalization step by step, training and evaluation, and how frameworks count it.

File 004 §5.1.1 gives the training-time transform for a mini-batch
B = {x₁ … x_m}: μ_B = (1/m)Σxᵢ; σ²_B = (1/m)Σ(xᵢ − μ_B)²;
x̂ᵢ = (xᵢ − μ_B)/√(σ²_B + ε); yᵢ = γx̂ᵢ + β. The books give no evaluation
mode; this lab follows PyTorch (file 002's hyperparameters, momentum 0.1 and
ε = 1e-5): running_mean ← (1 − α)·running_mean + α·μ_B and running_var ←
(1 − α)·running_var + α·σ²_unbiased, and at evaluation
y = γ(x − running_mean)/√(running_var + ε) + β. Keras prints 4C parameters for
a BatchNorm layer (γ, β and the two running statistics, "non-trainable"),
PyTorch counts 2C (the statistics are buffers).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from explorer.labs.common import Filled, InvalidLabInput, num
from explorer.i18n import N_

Matrix = tuple[tuple[float, ...], ...]

#: The lab's default batch: four samples (rows) of two features (columns). Not from the books
#: (they print no numbers), chosen so that μ and σ² are whole numbers: μ = (4, 4), σ² = (5, 2).
DEFAULT_BATCH: Matrix = ((1.0, 2.0), (3.0, 4.0), (5.0, 4.0), (7.0, 6.0))
EPS = 1e-5
MOMENTUM = 0.1


def parse_numbers(text: str) -> tuple[float, ...]:
    """'1, 3, 5, 7' → (1.0, 3.0, 5.0, 7.0).

    Raises:
        InvalidLabInput: when a value is not a number, or fewer than two are given.
    """
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise InvalidLabInput(
            N_("{text!r} should be numbers separated by commas, such as {example}."), text=text, example="1, 3, 5, 7"
        ) from None
    if len(values) < 2 or not all(math.isfinite(v) for v in values):
        raise InvalidLabInput(
            N_("{text!r} should hold at least two finite numbers: a batch needs two samples."), text=text
        )
    return values


def columns(batch: Sequence[Sequence[float]]) -> list[tuple[float, ...]]:
    return [tuple(float(row[j]) for row in batch) for j in range(len(batch[0]))]


@dataclass(frozen=True, slots=True)
class TrainStep:
    """One feature of a batch through the four training-time steps.

    Attributes:
        x: the feature's values in the batch.
        mean, var: μ_B and the biased σ²_B the normalisation uses.
        var_unbiased: σ² with m − 1, what PyTorch puts into the running variance.
        x_hat: the normalised values.
        y: γ·x̂ + β.
        formulas: μ, σ², x̂₁, y₁ filled in with this feature's numbers.
    """

    x: tuple[float, ...]
    gamma: float
    beta: float
    eps: float
    mean: float
    var: float
    var_unbiased: float
    x_hat: tuple[float, ...]
    y: tuple[float, ...]

    @property
    def formulas(self) -> tuple[Filled, Filled, Filled, Filled]:
        m = len(self.x)
        mu = Filled("μ_B = (1/m)·Σ xᵢ", f"({' + '.join(num(v) for v in self.x)}) / {m} = {num(self.mean)}", self.mean)
        sq = " + ".join(f"({num(v)} − {num(self.mean)})²" for v in self.x)
        var = Filled("σ²_B = (1/m)·Σ (xᵢ − μ_B)²", f"({sq}) / {m} = {num(self.var)}", self.var)
        xh = Filled(
            "x̂ᵢ = (xᵢ − μ_B) / √(σ²_B + ε)",
            f"({num(self.x[0])} − {num(self.mean)}) / √({num(self.var)} + {self.eps:g}) = {num(self.x_hat[0])}",
            self.x_hat[0],
        )
        y = Filled("yᵢ = γ·x̂ᵢ + β", f"{num(self.gamma)}·{num(self.x_hat[0])} + {num(self.beta)} = {num(self.y[0])}", self.y[0])
        return mu, var, xh, y


def train_step(x: Sequence[float], gamma: float = 1.0, beta: float = 0.0, eps: float = EPS) -> TrainStep:
    """Training-mode batch normalization of one feature across a batch."""
    xs = tuple(float(v) for v in x)
    m = len(xs)
    if m < 2:
        raise InvalidLabInput(N_("A batch needs at least two samples to have a variance."))
    mean = sum(xs) / m
    ss = sum((v - mean) ** 2 for v in xs)
    var = ss / m
    x_hat = tuple((v - mean) / math.sqrt(var + eps) for v in xs)
    y = tuple(gamma * v + beta for v in x_hat)
    return TrainStep(xs, gamma, beta, eps, mean, var, ss / (m - 1), x_hat, y)


@dataclass(frozen=True, slots=True)
class Running:
    """Running statistics after ``k`` training steps on the same batch, from PyTorch's start (0, 1)."""

    step: int
    mean: float
    var: float


def running_stats(x: Sequence[float], *, steps: int = 1, momentum: float = MOMENTUM, mean0: float = 0.0, var0: float = 1.0) -> list[Running]:
    """The running mean and variance after each of ``steps`` training steps (PyTorch's update rule)."""
    st = train_step(x)
    mean, var, out = mean0, var0, [Running(0, mean0, var0)]
    for k in range(1, steps + 1):
        mean = (1 - momentum) * mean + momentum * st.mean
        var = (1 - momentum) * var + momentum * st.var_unbiased
        out.append(Running(k, mean, var))
    return out


def eval_output(x: Sequence[float], *, gamma: float, beta: float, mean: float, var: float, eps: float = EPS) -> tuple[float, ...]:
    """Evaluation mode: the running statistics replace the batch's."""
    return tuple(gamma * (float(v) - mean) / math.sqrt(var + eps) + beta for v in x)


def eval_formula(x0: float, *, gamma: float, beta: float, mean: float, var: float, eps: float = EPS) -> Filled:
    y = eval_output([x0], gamma=gamma, beta=beta, mean=mean, var=var, eps=eps)[0]
    return Filled(
        "y = γ·(x − running_mean) / √(running_var + ε) + β",
        f"{num(gamma)}·({num(x0)} − {num(mean)}) / √({num(var)} + {eps:g}) + {num(beta)} = {num(y)}",
        y,
    )


@dataclass(frozen=True, slots=True)
class Counting:
    """One BatchNorm layer over ``c`` channels, counted two ways."""

    c: int

    @property
    def pytorch(self) -> int:
        """γ and β: ``sum(p.numel())``, torchinfo."""
        return 2 * self.c

    @property
    def buffers(self) -> int:
        """running_mean and running_var: buffers in PyTorch, "non-trainable params" in Keras."""
        return 2 * self.c

    @property
    def keras(self) -> int:
        return 4 * self.c


#: File 001's AlexNet with BatchNorm: Keras prints 62,383,848 total, 62,381,096 trainable,
#: 2,752 non-trainable = 2 × (96 + 256 + 384 + 384 + 256), the running statistics of its five BN layers.
ALEXNET_BN_CHANNELS = (96, 256, 384, 384, 256)
ALEXNET_KERAS_TOTAL = 62_383_848
ALEXNET_TRAINABLE = 62_381_096

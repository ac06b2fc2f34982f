"""Hyperparameters as declared data.

Each architecture declares its knobs as :class:`HParam` records (name, type,
default, range or choices, help text). The UI renders widgets from them and the
CLI parses ``--set key=value`` with them, so neither knows any architecture.
Values arriving as strings (CLI, URL query parameters) are coerced here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.errors import InvalidHyperparameter
from explorer.i18n import N_

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f"}


@dataclass(frozen=True)
class HParam:
    """One hyperparameter of an architecture.

    Attributes:
        name: keyword argument of the builder.
        type: one of ``int``, ``float``, ``bool``, ``str``.
        default: value used when the user sets nothing.
        help: one sentence shown next to the control.
        choices: allowed values (for ``str`` and sometimes ``int``), or None.
        min: smallest allowed value for numbers, or None.
        max: largest allowed value for numbers, or None.
        step: suggested widget step for numbers.
        label: short human label; defaults to the name with spaces.
    """

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    def allowed(self) -> str:
        """The allowed values, as a phrase for error messages."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) if isinstance(c, str) else str(c) for c in self.choices)
        if self.type is bool:
            return "true or false"
        kind = {int: "an integer", float: "a number"}.get(self.type, "a value")
        if self.min is not None and self.max is not None:
            return f"{kind} from {_fmt(self.min)} to {_fmt(self.max)}"
        if self.min is not None:
            return f"{kind} of at least {_fmt(self.min)}"
        if self.max is not None:
            return f"{kind} of at most {_fmt(self.max)}"
        return kind

    def coerce(self, value: Any, *, arch: str = "") -> Any:
        """Return ``value`` converted to this parameter's type and checked.

        Raises:
            InvalidHyperparameter: naming the parameter and the allowed values.
        """
        where = f" of {arch}" if arch else ""

        def bad() -> InvalidHyperparameter:
            return self._invalid(f"Hyperparameter '{self.name}'{where} cannot be {value!r}: use {self.allowed()}.", arch, value)

        try:
            if self.type is bool:
                if isinstance(value, bool):
                    out: Any = value
                elif isinstance(value, (int, float)) and value in (0, 1):
                    out = bool(value)
                elif isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                    out = value.strip().lower() in _TRUE
                else:
                    raise bad()
            elif self.type is int:
                if isinstance(value, bool):
                    raise bad()
                if isinstance(value, str):
                    value = float(value.strip()) if "." in value or "e" in value.lower() else int(value.strip())
                if isinstance(value, float):
                    if not value.is_integer():
                        raise bad()
                    out = int(value)
                else:
                    out = int(value)
            elif self.type is float:
                if isinstance(value, bool):
                    raise bad()
                out = float(value)
                if out != out or out in (float("inf"), float("-inf")):
                    raise bad()
            else:
                out = str(value).strip() if isinstance(value, str) else value
        except (TypeError, ValueError) as exc:
            if isinstance(exc, InvalidHyperparameter):
                raise
            raise bad() from None
        if self.choices is not None and out not in self.choices:
            raise bad()
        if self.min is not None and out < self.min:
            raise bad()
        if self.max is not None and out > self.max:
            raise bad()
        return out

    def _invalid(self, message: str, arch: str, value: Any) -> InvalidHyperparameter:
        """The error for a bad ``value``, keyed by the kind of :meth:`allowed` phrase so another language can say it.

        The params are raw values: the name, the architecture, ``value`` (shown
        with ``!r`` like the English), and the choices or bounds.
        """
        name, lo, hi = self.name, _fmt(self.min) if self.min is not None else "", _fmt(self.max) if self.max is not None else ""
        if self.choices is not None:
            choices = ", ".join(repr(c) if isinstance(c, str) else str(c) for c in self.choices)
            return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use one of {choices}."), name=name, arch=arch, value=value, choices=choices)
        if self.type is bool:
            return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use true or false."), name=name, arch=arch, value=value)
        if self.type is int:
            if lo and hi:
                return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer from {min} to {max}."), name=name, arch=arch, value=value, min=lo, max=hi)
            if lo:
                return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer of at least {min}."), name=name, arch=arch, value=value, min=lo)
            if hi:
                return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer of at most {max}."), name=name, arch=arch, value=value, max=hi)
            return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer."), name=name, arch=arch, value=value)
        if self.type is float:
            if lo and hi:
                return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number from {min} to {max}."), name=name, arch=arch, value=value, min=lo, max=hi)
            if lo:
                return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number of at least {min}."), name=name, arch=arch, value=value, min=lo)
            if hi:
                return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number of at most {max}."), name=name, arch=arch, value=value, max=hi)
            return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number."), name=name, arch=arch, value=value)
        return InvalidHyperparameter(N_("Hyperparameter '{name}' of {arch} cannot be {value!r}: use a value."), name=name, arch=arch, value=value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type.__name__,
            "default": self.default,
            "help": self.help,
            "choices": list(self.choices) if self.choices is not None else None,
            "min": self.min,
            "max": self.max,
        }


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# ---------------------------------------------------------------------------
# Common knobs, so the same idea has the same name, range and help everywhere.

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu", "silu")
POOLS = ("max", "avg")


def num_classes(default: int = 1000) -> HParam:
    return HParam("num_classes", int, default, "Number of output classes (size of the last layer).", min=1, max=100_000)


def in_channels(default: int = 3) -> HParam:
    return HParam("in_channels", int, default, "Channels of the input image: 1 for grayscale, 3 for RGB.", min=1, max=64)


def input_size(default: int) -> HParam:
    return HParam(
        "input_size",
        int,
        default,
        "Height and width of the (square) input; the classifier's first dense layer is sized from it.",
        min=1,
        max=4096,
    )


def dropout(default: float = 0.5, what: str = "the classifier's hidden layers") -> HParam:
    return HParam("dropout", float, default, f"Dropout probability in {what} (0 turns it off).", min=0.0, max=0.95, step=0.05)


def batch_norm(default: bool = False) -> HParam:
    return HParam("batch_norm", bool, default, "Insert BatchNorm after every convolution (before the activation).")


def activation(default: str = "relu") -> HParam:
    return HParam("activation", str, default, "Non-linearity after each hidden layer.", choices=ACTIVATIONS)


def width_mult(default: float = 1.0) -> HParam:
    return HParam(
        "width_mult", float, default, "Multiplies every layer's channel count (0.5 = half as wide).", min=0.0625, max=4.0, step=0.0625
    )


def pool(default: str = "max", what: str = "downsampling pools") -> HParam:
    return HParam("pool", str, default, f"Type of the {what}: max or average.", choices=POOLS)

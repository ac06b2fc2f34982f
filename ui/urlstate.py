"""A model configuration and its URL form (no Streamlit here, so it is unit-tested).

The URL holds exactly what is on screen, so a link or a refresh reproduces it:
``?arch=resnet_cifar&depth=56&shortcut=none&input=3,32,32``. Only values that
differ from the architecture's defaults are written, so links stay short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.analysis.engine import parse_shape
from explorer.zoo import get

ARCH = "arch"
INPUT = "input"
# Hyperparameters driven by the input-shape controls, not shown as knobs of their own.
INPUT_HPARAMS = frozenset({"in_channels", "input_size"})


@dataclass(frozen=True)
class ModelConfig:
    """An architecture, the hyperparameters set away from their defaults, and the input shape."""

    arch: str
    hp: tuple[tuple[str, Any], ...] = ()
    input_shape: tuple[int, int, int] | None = None  # None: the architecture's default

    @property
    def hp_dict(self) -> dict[str, Any]:
        return dict(self.hp)

    def shape(self) -> tuple[int, int, int]:
        return self.input_shape or get(self.arch).input_shape

    @staticmethod
    def make(arch: str, hp: dict[str, Any] | None = None, input_shape: tuple[int, int, int] | None = None) -> ModelConfig:
        """Canonical form: validated values, defaults dropped, sorted; the default input as None."""
        a = get(arch)
        resolved = a.resolve({k: v for k, v in (hp or {}).items() if k not in INPUT_HPARAMS})
        defaults = a.defaults()
        kept = tuple(sorted((k, v) for k, v in resolved.items() if v != defaults[k] and k not in INPUT_HPARAMS))
        shape = tuple(int(v) for v in input_shape) if input_shape is not None else None
        if shape == a.input_shape:
            shape = None
        return ModelConfig(a.name, kept, shape)  # type: ignore[arg-type]


def to_query(cfg: ModelConfig, *, prefix: str = "") -> dict[str, str]:
    q = {prefix + ARCH: cfg.arch}
    for k, v in cfg.hp:
        q[prefix + k] = str(v).lower() if isinstance(v, bool) else str(v)
    if cfg.input_shape is not None:
        q[prefix + INPUT] = ",".join(str(v) for v in cfg.input_shape)
    return q


def from_query(q: dict[str, str], *, prefix: str = "") -> ModelConfig | None:
    """The configuration a URL describes; None when it names no architecture.

    Raises:
        ExplorerError: for an unknown architecture or a bad value (the message names it).
    """
    arch = q.get(prefix + ARCH)
    if not arch:
        return None
    a = get(arch)
    hp = {}
    for h in a.hparams:
        if prefix + h.name in q and h.name not in INPUT_HPARAMS:
            hp[h.name] = h.coerce(q[prefix + h.name], arch=a.name)
    shape = None
    if prefix + INPUT in q:
        shape = parse_shape(q[prefix + INPUT])  # raises with an example of what works
    return ModelConfig.make(a.name, hp, shape)

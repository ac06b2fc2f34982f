"""The architecture registry: register, list, build.

Modelled on torchvision's ``models/_api.py``: each named variant is a
one-line builder decorated with :func:`register`, carrying its declared
hyperparameters. ``build(name, **hp)`` validates every value against the spec
before calling the builder, so a wrong name or value raises an error that names
it and lists what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from torch import nn

from explorer.errors import InvalidHyperparameter, UnknownArchitecture
from explorer.zoo.hparams import HParam
from explorer.i18n import N_

Builder = Callable[..., nn.Module]

#: Groups shown in pickers, in this order ("operator": the server operator's own models, explorer/zoo/external.py;
#: "design": your own, explorer/zoo/design.py).
GROUPS = ("reference", "backbone", "book", "teaching", "operator", "design")


@dataclass(frozen=True)
class Architecture:
    """A registered architecture.

    Attributes:
        name: registry key, e.g. ``"vgg16"``.
        builder: function taking the hyperparameters as keywords.
        hparams: the declared hyperparameters, in display order.
        title: human name, e.g. ``"VGG-16"``.
        group: ``"reference"`` (torchvision-compatible classics), ``"backbone"`` (torchvision-compatible
            modern backbones: MobileNet, EfficientNet, RegNet, ConvNeXt …), ``"book"`` (a textbook's
            exact model) or ``"teaching"`` (small models for labs).
        source: the paper or book chapter the builder follows.
        input_shape: default (C, H, W).
        notes: how this model differs from the paper or book, if it does.
        pretrained: whether official torchvision weights exist for it.
    """

    name: str
    builder: Builder
    hparams: tuple[HParam, ...]
    title: str
    group: str
    source: str
    input_shape: tuple[int, int, int]
    notes: str = ""
    pretrained: bool = False

    def hparam(self, name: str) -> HParam | None:
        return next((h for h in self.hparams if h.name == name), None)

    def defaults(self) -> dict[str, Any]:
        return {h.name: h.default for h in self.hparams}

    def resolve(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with ``values``, each coerced and checked.

        Raises:
            InvalidHyperparameter: for an unknown name or a value out of range.
        """
        values = dict(values or {})
        known = {h.name: h for h in self.hparams}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InvalidHyperparameter(
                N_("{arch} has no hyperparameter {unknown}; its hyperparameters are: {known}."), arch=self.name, unknown=", ".join(repr(u) for u in unknown), known=", ".join(known) or "—",
            )
        out = self.defaults()
        for name, value in values.items():
            out[name] = known[name].coerce(value, arch=self.name)
        return out

    def build(self, **values: Any) -> nn.Module:
        return self.builder(**self.resolve(values))


_REGISTRY: dict[str, Architecture] = {}


def register(
    name: str,
    *,
    hparams: Iterable[HParam],
    title: str,
    group: str,
    source: str,
    input_shape: tuple[int, int, int],
    notes: str = "",
    pretrained: bool = False,
) -> Callable[[Builder], Builder]:
    """Decorator registering ``fn`` as the builder of architecture ``name``."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {GROUPS}, not {group!r}")

    def deco(fn: Builder) -> Builder:
        if name in _REGISTRY:
            raise ValueError(f"architecture {name!r} is registered twice")
        _REGISTRY[name] = Architecture(
            name=name,
            builder=fn,
            hparams=tuple(hparams),
            title=title,
            group=group,
            source=source,
            input_shape=tuple(input_shape),  # type: ignore[arg-type]
            notes=notes,
            pretrained=pretrained,
        )
        return fn

    return deco


def _ensure_loaded() -> None:
    # Importing the family modules runs their @register decorators.
    import explorer.zoo.families  # noqa: F401
    from explorer.zoo.external import sync_operator_models

    sync_operator_models()  # the modules the operator's setting `models` names, and only those


def get(name: str) -> Architecture:
    """The architecture registered as ``name``.

    Raises:
        UnknownArchitecture: with the list of known names.
    """
    _ensure_loaded()
    key = name.strip().lower().replace("-", "_") if isinstance(name, str) else name
    try:
        return _REGISTRY[key]
    except (KeyError, TypeError):
        raise UnknownArchitecture(
            N_("Unknown architecture {name!r}. Known architectures: {known}."), name=name, known=", ".join(list_architectures()),
        ) from None


def list_architectures(group: str | None = None) -> list[str]:
    """Registered names, in registration order, optionally of one group."""
    _ensure_loaded()
    return [a.name for a in _REGISTRY.values() if group is None or a.group == group]


def architectures() -> list[Architecture]:
    _ensure_loaded()
    return list(_REGISTRY.values())


def build(name: str, **hyperparameters: Any) -> nn.Module:
    """Build architecture ``name`` with ``hyperparameters`` (validated).

    Raises:
        UnknownArchitecture: for an unknown name.
        InvalidHyperparameter: for an unknown hyperparameter or a bad value.
    """
    return get(name).build(**hyperparameters)

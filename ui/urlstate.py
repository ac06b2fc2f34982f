"""What a link says, read and checked in one place (no Streamlit here, so it is unit-tested).

The URL holds exactly what is on screen, so a link or a refresh reproduces it:
``?arch=resnet_cifar&depth=56&shortcut=none&input=3,32,32&batch=8``. Only
values that differ from the defaults are written, so links stay short.

Every page reads its link through :func:`read_link`. A link is data from a
browser: each value goes through the same checks as the widgets and the CLI
(:meth:`explorer.zoo.HParam.coerce`, :func:`explorer.zoo.spec.parse_shape`
and the operator's input limits, :meth:`Value.coerce` for a page's own
values), nothing is clamped to fit a widget, and a value that cannot be used
becomes a :class:`Problem` naming it and what is allowed, while the rest of
the link still applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from explorer.errors import ExplorerError
from explorer.zoo import get
from explorer.i18n import N_
from explorer.zoo.spec import parse_shape

Q_ARCH = "arch"  # query-parameter names (the widget keys are in ui/state.py)
Q_INPUT = "input"
# Hyperparameters driven by the input-shape controls, not shown as knobs of their own (a link's value is ignored).
INPUT_HPARAMS = frozenset({"in_channels", "input_size"})
#: Parameters some page reads itself (the language, a tab, a run, the Learn page's lab and step, the
#: Architecture page's display values); any other name must belong to the model, or it is reported.
PAGE_PARAMS = frozenset({"lang", "tab", "run", "present", "step", "lab", "batch", "flops", "keras"})


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


@dataclass(frozen=True)
class Value:
    """A value a page keeps in its URL, declared as data (``?batch=8``, ``?flops=1``, a lab's ``?stride=2``).

    Attributes:
        name: the URL parameter.
        kind: int, float, str or bool (written ``1``/``0``).
        default: the value when the URL does not say.
        min, max, step: range of numbers.
        choices: the allowed values, or None.
        check: for a str without choices, whether a value is valid.
    """

    name: str
    kind: type
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] | None = None
    check: Callable[[Any], bool] | None = None

    def coerce(self, text: str) -> Any:
        """The value a URL's text stands for.

        Raises:
            ValueError: when the text is not a value of this parameter.
        """
        if self.kind is bool:
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        value = self.kind(text)
        if self.kind is float and value != value:  # nan passes every comparison below
            raise ValueError(text)
        if self.choices is not None and value not in self.choices:
            raise ValueError(text)
        if self.min is not None and value < self.min or self.max is not None and value > self.max:
            raise ValueError(text)
        if self.check is not None and not self.check(value):
            raise ValueError(text)
        return value

    def to_text(self, value: Any) -> str:
        if self.kind is bool:
            return "1" if value else "0"
        if self.kind is float:
            return f"{value:g}"
        return str(value)

    def problem(self, text: str) -> Problem:
        """The message for ``text``, which this parameter cannot take: its name, the text, and what it takes."""
        if self.choices is not None:
            return Problem(N_("The link's {name} '{value}' does not exist here: use one of {choices}."), name=self.name, value=text, choices=", ".join(self.to_text(c) for c in self.choices))
        if self.kind is bool:
            allowed = Problem(N_("1 (on) or 0 (off)"))
        elif self.min is not None and self.max is not None:
            lo, hi = self.to_text(self.kind(self.min)), self.to_text(self.kind(self.max))
            allowed = Problem(N_("an integer from {min} to {max}") if self.kind is int else N_("a number from {min} to {max}"), min=lo, max=hi)
        else:
            allowed = Problem(N_("a value this page can show"))
        return Problem(N_("The link's {name} cannot be '{value}': use {allowed}."), name=self.name, value=text, allowed=allowed)


@dataclass(frozen=True, init=False)
class Problem:
    """One part of a link that could not be used: a library error, or a catalogue key and its values.

    A value may itself be a :class:`Problem` (a phrase said in the interface's language).
    """

    key: str
    error: ExplorerError | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, /, error: ExplorerError | None = None, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "error", error)
        object.__setattr__(self, "params", params)

    @staticmethod
    def of(err: ExplorerError) -> Problem:
        return Problem(err.template, err)


@dataclass(frozen=True)
class Link:
    """What a link says: one model per prefix asked for, the page's values, and what could not be used.

    ``models[i]`` is None when the link names no model with ``prefixes[i]``.
    ``values`` holds only the page values the link sets (valid ones).
    """

    models: tuple[ModelConfig | None, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def read_model(q: Mapping[str, str], *, prefix: str = "", fallback: str | None = None) -> tuple[ModelConfig | None, list[Problem], set[str]]:
    """The model the parameters with ``prefix`` describe, what was wrong with them, and the parameters read.

    Each bad value is left at its default and reported; the others apply. An
    unknown architecture is reported (with the known ones) and ``fallback``,
    when given, takes its place with the link's input shape and the valid
    hyperparameters it has; without ``fallback`` there is no model.
    """
    if prefix:
        mine = {k[len(prefix):]: v for k, v in q.items() if k.startswith(prefix)}
    else:
        mine = {k: v for k, v in q.items() if k not in PAGE_PARAMS}
    used = {prefix + k for k in mine}
    if not mine:
        return None, [], used
    problems: list[Problem] = []
    name, shape_text = mine.pop(Q_ARCH, None), mine.pop(Q_INPUT, None)
    texts = {k: v for k, v in mine.items() if k not in INPUT_HPARAMS}
    arch, arch_unknown = None, False
    if name is not None:
        try:
            arch = get(name)
        except ExplorerError as err:
            problems.append(Problem.of(err))
            if fallback is None:
                return None, problems, used
            arch_unknown = True  # its hyperparameters mean nothing to the fallback: only the valid ones that fit apply
    if arch is None:
        arch = get(fallback or "vgg16")
    known = {h.name: h for h in arch.hparams}
    hp: dict[str, Any] = {}
    for k, text in texts.items():
        if k in known:
            try:
                hp[k] = known[k].coerce(text, arch=arch.name)
            except ExplorerError as err:
                problems.append(Problem.of(err))
    unknown = [k for k in texts if k not in known]
    if unknown and not arch_unknown:
        try:  # the library's own message: "resnet50 has no hyperparameter 'foo'; its hyperparameters are: …"
            arch.resolve({k: texts[k] for k in unknown})
        except ExplorerError as err:
            problems.append(Problem.of(err))
    shape = None
    if shape_text is not None:
        try:
            shape = parse_shape(shape_text)
        except ExplorerError as err:
            problems.append(Problem.of(err))
    try:
        cfg = ModelConfig.make(arch.name, hp, shape)
    except ExplorerError as err:  # values that only fail together
        problems.append(Problem.of(err))
        cfg = ModelConfig.make(arch.name, {}, shape)
    return cfg, problems, used


def read_link(
    q: Mapping[str, str], *, prefixes: Sequence[str] = (), fallback: str | None = None, values: Iterable[Value] = (),
) -> Link:
    """Read a whole link: the models with ``prefixes`` ("" for a page of one model), the page's ``values``, and
    every parameter that means nothing here (named, with what is allowed)."""
    models, problems, used = [], [], set(PAGE_PARAMS)
    for prefix in prefixes:
        cfg, found, keys = read_model(q, prefix=prefix, fallback=fallback)
        models.append(cfg)
        problems += found
        used |= keys
    read: dict[str, Any] = {}
    for v in values:
        used.add(v.name)
        if v.name in q:
            try:
                read[v.name] = v.coerce(q[v.name])
            except ValueError:
                problems.append(v.problem(q[v.name]))
    unknown = [k for k in q if k not in used]
    if unknown:
        takes = [f"{p}{Q_ARCH}, {p}{Q_INPUT}, {p}…" for p in prefixes[:1] if p] + [f"… {p}…" for p in prefixes[-1:] if p and len(prefixes) > 1]
        problems.append(Problem(N_("This page takes no link parameter {names}; it takes: {allowed}."), names=", ".join(unknown), allowed=", ".join([*takes, *(v.name for v in values), "lang"])))
    return Link(tuple(models), read, tuple(problems))


def from_query(q: Mapping[str, str], *, prefix: str = "") -> ModelConfig | None:
    """The configuration a URL describes; None when it names no architecture. Strict: where :func:`read_link`
    reports a bad value and goes on, this raises it.

    Raises:
        ExplorerError: the first problem of the link (the message names it).
    """
    if not q.get(prefix + Q_ARCH):
        if prefix + Q_ARCH in q:
            get(q[prefix + Q_ARCH])  # raises: an empty name is no architecture
        return None
    cfg, problems, _ = read_model(q, prefix=prefix)
    for p in problems:
        if p.error is not None:
            raise p.error
    return cfg


def to_query(cfg: ModelConfig, *, prefix: str = "") -> dict[str, str]:
    q = {prefix + Q_ARCH: cfg.arch}
    for k, v in cfg.hp:
        q[prefix + k] = str(v).lower() if isinstance(v, bool) else str(v)
    if cfg.input_shape is not None:
        q[prefix + Q_INPUT] = ",".join(str(v) for v in cfg.input_shape)
    return q


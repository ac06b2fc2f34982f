"""Stages of one network and side-by-side comparisons of several, from their reports.

A *stage* is a depth-1 record: a child of the model (``features``,
``classifier`` in VGG; ``conv1`` … ``layer4``, ``fc`` in ResNet). Everything
here reads :class:`Report` records and computes nothing a report does not
already hold but shares, ratios and labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.analysis.records import ReceptiveField, Report

#: Named comparisons for pickers: (architecture, hyperparameters) per column.
PRESETS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "VGG-16 vs ResNet-50": [("vgg16", {}), ("resnet50", {})],
    "ResNet-18/34/50/101/152": [(f"resnet{d}", {}) for d in (18, 34, 50, 101, 152)],
    "LeNet → AlexNet → VGG → GoogLeNet → ResNet": [
        ("lenet5", {}),
        ("alexnet", {}),
        ("vgg16", {}),
        ("googlenet", {}),
        ("resnet50", {}),
    ],
    "plain vs residual": [
        ("resnet_cifar", {"depth": depth, "shortcut": shortcut})
        for depth in (20, 56)
        for shortcut in ("none", "identity")
    ],
}


@dataclass(frozen=True, slots=True)
class StageRow:
    """One depth-1 record of a report, with its share of the totals.

    Attributes:
        index: the record's position in ``report.layers``.
        name, type: the module's name and class.
        output_shape: per-sample output shape (None when the module returned no tensor).
        params: parameters of the stage (0 on a repeated call).
        params_share: ``params / report.total_params`` (0–1).
        mult_adds: multiply-adds of the stage for one sample.
        macs_share: ``mult_adds / report.mult_adds`` (0–1).
        receptive_field: the field of the stage's output (None after global pooling or flatten).
        leaves: number of operations (leaf calls) inside the stage.
    """

    index: int
    name: str
    type: str
    output_shape: tuple[int, ...] | None
    params: int
    params_share: float
    mult_adds: int
    macs_share: float
    receptive_field: ReceptiveField | None
    leaves: int


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def stage_table(report: Report) -> list[StageRow]:
    """The report's depth-1 records, in execution order, with their shares of parameters and MACs."""
    leaves: dict[int, int] = {}
    for r in report.layers:
        if r.is_leaf:
            top = _top(report, r.index)
            leaves[top] = leaves.get(top, 0) + 1
    return [
        StageRow(
            index=r.index,
            name=r.name,
            type=r.type,
            output_shape=r.output_shape,
            params=r.params,
            params_share=_share(r.params, report.total_params),
            mult_adds=r.mult_adds,
            macs_share=_share(r.mult_adds, report.mult_adds),
            receptive_field=r.receptive_field,
            leaves=leaves.get(r.index, 0),
        )
        for r in report.layers
        if r.depth == 1
    ]


def _top(report: Report, index: int) -> int:
    """Index of the depth-1 record enclosing record ``index`` (itself at depth 1)."""
    r = report.layers[index]
    while r.parent is not None:
        r = report.layers[r.parent]
    return r.index


@dataclass(frozen=True, slots=True)
class Label:
    """What names one report among others: its title, plus what tells equal titles apart.

    Attributes:
        architecture: the registry name (``"resnet_cifar"``).
        title: the architecture's title.
        hyperparameters: ``(name, value)`` of the hyperparameters whose values
            differ between reports of the same title, sorted by name.
        input_size: ``(height, width)`` when reports of the same title differ in
            their input shape, else None.
    """

    architecture: str
    title: str
    hyperparameters: tuple[tuple[str, Any], ...] = ()
    input_size: tuple[int, int] | None = None

    def __str__(self) -> str:
        parts = [f"{k.replace('_', ' ')} {v}" for k, v in self.hyperparameters]
        if self.input_size is not None:
            parts.append(f"input {self.input_size[0]}×{self.input_size[1]}")
        return f"{self.title} · {', '.join(parts)}" if parts else self.title


def label_parts(reports: list[Report]) -> list[Label]:
    """A :class:`Label` per report: only the hyperparameters (and the input) that differ between reports of the same title."""
    out = []
    for rep in reports:
        same = [o for o in reports if o.title == rep.title]
        if len(same) == 1:
            out.append(Label(rep.architecture, rep.title))
            continue
        keys = sorted({k for o in same for k in o.hyperparameters})
        differ = [k for k in keys if len({repr(o.hyperparameters.get(k)) for o in same}) > 1]
        size = (rep.input_shape[1], rep.input_shape[2]) if len({o.input_shape for o in same}) > 1 else None
        out.append(Label(rep.architecture, rep.title, tuple((k, rep.hyperparameters.get(k)) for k in differ), size))
    return out


def labels(reports: list[Report]) -> list[str]:
    """A distinct, readable name per report, in English (the words of :func:`label_parts`).

    Two ``resnet_cifar`` reports become "ResNet for CIFAR-10 (6n+2) · depth 20, shortcut none"
    and "… · depth 20, shortcut identity".
    """
    return [str(label) for label in label_parts(reports)]


def _rf_size(rf: ReceptiveField | None) -> int | None:
    return None if rf is None else rf.size[0]


def comparison(reports: list[Report]) -> list[dict[str, Any]]:
    """One row per report, plain values for a table or data frame.

    Keys: ``title``, ``architecture``, ``input`` ("3×224×224"), ``params``,
    ``mult_adds``, ``activation_bytes`` (all leaf outputs, batch 1, float32),
    ``weight_depth`` (weight layers on the longest path), ``receptive_field``
    (final field's size along the height, None when not computed),
    ``min_input`` ("32×32").
    """
    return [
        {
            "title": label,
            "architecture": rep.architecture,
            "input": "×".join(str(s) for s in rep.input_shape),
            "params": rep.total_params,
            "mult_adds": rep.mult_adds,
            "activation_bytes": rep.activation_bytes,
            "weight_depth": rep.weight_depth,
            "receptive_field": _rf_size(rep.receptive_field),
            "min_input": f"{rep.min_input_size[0]}×{rep.min_input_size[1]}",
        }
        for label, rep in zip(labels(reports), reports)
    ]


def factor_str(x: float) -> str:
    """5.41 → '5.4', 12.3 → '12', 140.2 → '140': two significant digits, never scientific."""
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.2g}"


SAME = 1.05  # within 5 %: "about as many"


@dataclass(frozen=True, slots=True)
class Ratio:
    """How one quantity of report ``a`` compares with report ``b``'s.

    Attributes:
        quantity: ``"params"``, ``"mult_adds"`` or ``"activation_bytes"``.
        a, b: the two values.
        factor: the larger over the smaller (always ≥ 1), None when either is 0.
        direction: 1 when ``a`` has more (by at least 5 %), −1 when fewer, 0
            when about the same or when a value is 0.
    """

    quantity: str
    a: int
    b: int
    factor: float | None
    direction: int

    @classmethod
    def of(cls, quantity: str, a: int, b: int) -> Ratio:
        if a == 0 or b == 0:
            return cls(quantity, a, b, None, 0)
        ratio = a / b
        direction = 1 if ratio >= SAME else -1 if ratio <= 1 / SAME else 0
        return cls(quantity, a, b, max(ratio, 1 / ratio), direction)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the relative-factor sentences say about ``a`` against ``b``, as numbers.

    Attributes:
        a, b: the two reports' labels (see :func:`label_parts`).
        params, mult_adds, activation_bytes: the three ratios.
        depth: weight layers on the longest path, ``(a, b)``.
        receptive_field: the final fields' sizes along the height ``(a, b)``,
            None when either is unknown.
    """

    a: Label
    b: Label
    params: Ratio
    mult_adds: Ratio
    activation_bytes: Ratio
    depth: tuple[int, int]
    receptive_field: tuple[int, int] | None


def relative_facts(a: Report, b: Report) -> Facts:
    """How ``a`` compares with ``b``: ratios of parameters, MACs and activation memory, depth and receptive field."""
    la, lb = label_parts([a, b])
    rf = (a.receptive_field.size[0], b.receptive_field.size[0]) if a.receptive_field and b.receptive_field else None
    return Facts(
        a=la,
        b=lb,
        params=Ratio.of("params", a.total_params, b.total_params),
        mult_adds=Ratio.of("mult_adds", a.mult_adds, b.mult_adds),
        activation_bytes=Ratio.of("activation_bytes", a.activation_bytes, b.activation_bytes),
        depth=(a.weight_depth, b.weight_depth),
        receptive_field=rf,
    )

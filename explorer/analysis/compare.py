"""Stages of one network and side-by-side comparisons of several, from their reports.

A *stage* is a depth-1 record: a child of the model (``features``,
``classifier`` in VGG; ``conv1`` … ``layer4``, ``fc`` in ResNet). Everything
here reads :class:`Report` records and computes nothing a report does not
already hold but shares, ratios and labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.analysis.format import human, human_bytes
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


def labels(reports: list[Report]) -> list[str]:
    """A distinct, readable name per report: its title, plus what tells equal titles apart.

    Two ``resnet_cifar`` reports become "ResNet for CIFAR-10 (6n+2) · depth 20, shortcut none"
    and "… · depth 20, shortcut identity": only the hyperparameters (and the
    input) that differ between reports of the same title are named.
    """
    out = []
    for rep in reports:
        same = [o for o in reports if o.title == rep.title]
        if len(same) == 1:
            out.append(rep.title)
            continue
        keys = sorted({k for o in same for k in o.hyperparameters})
        differ = [k for k in keys if len({repr(o.hyperparameters.get(k)) for o in same}) > 1]
        parts = [f"{k.replace('_', ' ')} {rep.hyperparameters.get(k)}" for k in differ]
        if len({o.input_shape for o in same}) > 1:
            parts.append(f"input {rep.input_shape[1]}×{rep.input_shape[2]}")
        out.append(f"{rep.title} · {', '.join(parts)}" if parts else rep.title)
    return out


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


def _compare(quantity: str, a: float, b: float, b_name: str, *, first: bool) -> tuple[str, int]:
    """A phrase comparing a to b for one quantity, and its direction (1 more, −1 fewer, 0 about the same)."""
    of = f" of {b_name}" if first else ""
    than = f" than {b_name}" if first else ""
    if a == 0 or b == 0:
        return (f"{human(a)} {quantity} against {human(b)}", 0)
    ratio = a / b
    if ratio >= SAME:
        return f"{factor_str(ratio)}× the {quantity}{of}", 1
    if ratio <= 1 / SAME:
        return f"{factor_str(1 / ratio)}× fewer {quantity}{than}", -1
    return (f"about as many {quantity} as {b_name}" if first else f"about as many {quantity}"), 0


def relative_factors(a: Report, b: Report) -> list[str]:
    """Sentences that say how ``a`` compares with ``b``, e.g.

    "VGG-16 has 5.4× the parameters of ResNet-50 and 3.8× the MACs." Factors
    below 1 read as "N× fewer", so every number is at least 1.
    """
    na, nb = labels([a, b])
    p, pdir = _compare("parameters", a.total_params, b.total_params, nb, first=True)
    m, mdir = _compare("MACs", a.mult_adds, b.mult_adds, nb, first=False)
    joint = "but" if pdir * mdir < 0 else "and"
    out = [f"{na} has {p} {joint} {m}."]
    ratio = a.activation_bytes / b.activation_bytes if b.activation_bytes else 0
    if ratio >= SAME:
        mem = f"{factor_str(ratio)}× the activation memory of {nb}"
    elif ratio and ratio <= 1 / SAME:
        mem = f"{factor_str(1 / ratio)}× less activation memory than {nb}"
    else:
        mem = f"about the same activation memory as {nb}"
    out.append(f"Per image it needs {mem} ({human_bytes(a.activation_bytes)} against {human_bytes(b.activation_bytes)}).")
    out.append(
        f"It is {a.weight_depth} weight layers deep against {b.weight_depth}"
        + (
            f", and its last layer sees {a.receptive_field.size[0]} pixels against {b.receptive_field.size[0]}."
            if a.receptive_field and b.receptive_field
            else "."
        )
    )
    return out

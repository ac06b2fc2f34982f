"""Reports as text: aligned table, CSV, Markdown, JSON.

Formatting reads records; it never recomputes anything.
"""

from __future__ import annotations

import csv
import io
import json

from explorer.analysis.records import ReceptiveField, Report

FORMATS = ("table", "json", "csv", "markdown")


def human(n: float, unit: str = "") -> str:
    """12_345_678 → '12.35 M'; keeps three significant digits."""
    for div, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= div:
            return f"{n / div:.2f} {suffix}{unit}"
    return f"{n:g} {unit}".rstrip()


def human_bytes(n: float) -> str:
    for div, suffix in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if n >= div:
            return f"{n / div:.2f} {suffix}"
    return f"{int(n)} B"


def shape_str(shape: tuple[int, ...] | None) -> str:
    return "—" if shape is None else "×".join(str(s) for s in shape)


def rf_str(rf: ReceptiveField | None) -> str:
    """'212 / 32 / 90' (size / stride / padding), per axis when they differ."""
    if rf is None:
        return "—"
    d = rf.to_dict()

    def one(v: int | list[int]) -> str:
        return str(v) if isinstance(v, int) else f"{v[0]}×{v[1]}"

    return f"{one(d['size'])} / {one(d['stride'])} / {one(d['padding'])}"


COLUMNS = ("Layer", "Type", "Output shape", "Params", "MACs", "RF size / stride / padding")


def rows(report: Report) -> list[tuple[str, ...]]:
    out = []
    for r in report.layers:
        out.append(
            (
                "  " * (r.depth - 1) + r.name.rsplit(".", 1)[-1] if r.depth > 1 else r.name,
                r.type + (" (again)" if r.repeat else ""),
                shape_str(r.output_shape),
                f"{r.params:,}" if r.params else "—",
                f"{r.mult_adds:,}" if r.mult_adds else "—",
                rf_str(r.receptive_field),
            )
        )
    return out


def totals_lines(report: Report) -> list[str]:
    rf = report.receptive_field
    return [
        f"Input: {shape_str(report.input_shape)}   Output: {shape_str(report.output_shape)}",
        f"Total params: {report.total_params:,}   Trainable: {report.trainable_params:,}   "
        f"Non-trainable: {report.non_trainable_params:,}",
        f"Keras-style total (BatchNorm statistics as non-trainable): {report.keras_total_params:,}",
        f"Mult-adds (MACs): {report.mult_adds:,} ({human(report.mult_adds)})   FLOPs ≈ 2×MACs = {human(report.flops)}",
        f"Activations (batch 1): {human_bytes(report.activation_bytes)}   Parameters: {human_bytes(report.param_bytes)}",
        f"Receptive field (last spatial layer): {rf_str(rf)}   Minimum input: {report.min_input_size[0]}×{report.min_input_size[1]}",
        f"Depth: {report.weight_depth} weight layer{'' if report.weight_depth == 1 else 's'} on the longest path",
    ] + [f"Note: {d}" for d in report.diagnostics]


def to_table(report: Report) -> str:
    data = [COLUMNS, *rows(report)]
    widths = [max(len(row[i]) for row in data) for i in range(len(COLUMNS))]
    right = {3, 4}

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    bar = "=" * len(line(COLUMNS))
    head = f"{report.title} ({report.architecture})"
    return "\n".join([head, bar, line(COLUMNS), bar, *(line(r) for r in data[1:]), bar, *totals_lines(report)]) + "\n"


def flat_rows(report: Report) -> list[dict[str, object]]:
    """One dict per layer with plain values: for CSV and data frames."""
    out = []
    for r in report.layers:
        rf = r.receptive_field.to_dict() if r.receptive_field else {}
        out.append(
            {
                "name": r.name,
                "type": r.type,
                "depth": r.depth,
                "output_shape": shape_str(r.output_shape),
                "params": r.params,
                "trainable_params": r.trainable_params,
                "mult_adds": r.mult_adds,
                "output_bytes": r.output_bytes,
                "rf_size": _cell(rf.get("size")),
                "rf_stride": _cell(rf.get("stride")),
                "rf_padding": _cell(rf.get("padding")),
            }
        )
    return out


def _cell(v: object) -> object:
    if isinstance(v, list):
        return "×".join(str(x) for x in v)
    return "" if v is None else v


def to_csv(report: Report) -> str:
    buf = io.StringIO()
    data = flat_rows(report)
    writer = csv.DictWriter(buf, fieldnames=list(data[0]) if data else ["name"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return buf.getvalue()


def to_markdown(report: Report) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    lines = [f"### {report.title} ({report.architecture})", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows(report):
        cells = list(r)
        cells[0] = "&nbsp;" * 2 * (len(cells[0]) - len(cells[0].lstrip())) + cells[0].lstrip()
        lines.append("| " + " | ".join(esc(c) for c in cells) + " |")
    lines += [""] + [f"- {t}" for t in totals_lines(report)]
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2) + "\n"


def render(report: Report, fmt: str) -> str:
    return {"table": to_table, "json": to_json, "csv": to_csv, "markdown": to_markdown}[fmt](report)

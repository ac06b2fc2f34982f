"""Rendering pieces shared by pages: summary cards, the layer table, the formula panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis import Report
from explorer.analysis import format as fmt
from explorer.analysis.formulas import formulas
from explorer.errors import ExplorerError, InputTooSmall
from ui import state


def summary_cards(report: Report, *, batch: int, keras: bool, flops: bool) -> None:
    """Six cards: parameters, compute, memory, receptive field, minimum input, depth."""
    cols = st.columns([1.5, 1, 1.1, 1, 1, 1])  # exact parameter counts are the widest numbers
    if keras:
        total, non_train = report.keras_total_params, report.keras_non_trainable_params
        p_label = "Parameters (Keras-style)"
    else:
        total, non_train = report.total_params, report.non_trainable_params
        p_label = "Parameters"
    cols[0].metric(
        p_label,
        f"{total:,}",
        help=f"Trainable {report.trainable_params:,} · non-trainable {non_train:,}"
        + (" (BatchNorm running mean and variance count as non-trainable, as Keras prints them)" if keras else ""),
    )
    compute = report.flops if flops else report.mult_adds
    cols[1].metric(
        "FLOPs" if flops else "MACs",
        fmt.human(compute),
        help=f"{compute:,} {'floating-point operations (2 × MACs)' if flops else 'multiply-adds'} for one {fmt.shape_str(report.input_shape)} input",
    )
    act = report.activation_bytes * batch
    cols[2].metric(
        f"Activations ×{batch}",
        fmt.human_bytes(act),
        help=f"Outputs of all layers for a batch of {batch} in float32 (what training keeps for the backward pass); "
        f"weights take {fmt.human_bytes(report.param_bytes)} more.",
    )
    rf = report.receptive_field
    cols[3].metric(
        "Receptive field",
        "—" if rf is None else f"{rf.to_dict()['size']} px",
        help="Of the last spatial layer: size / effective stride / effective padding = " + fmt.rf_str(rf),
    )
    h, w = report.min_input_size
    cols[4].metric("Smallest input", f"{h}×{w}", help="The smallest input for which every layer still outputs at least 1×1.")
    cols[5].metric(
        "Depth", f"{report.weight_depth} layers", help="Conv and dense layers on the longest path from input to output."
    )


def layer_frame(report: Report, *, max_depth: int, search: str, keras: bool, flops: bool) -> pd.DataFrame:
    """The layer table as a data frame indexed by record index."""
    query = search.strip().lower()
    rows = []
    for r in report.layers:
        if r.depth > max_depth and not query:
            continue
        if query and query not in r.name.lower() and query not in r.type.lower():
            continue
        rf = r.receptive_field
        params = r.keras_params if keras else r.params
        rows.append(
            {
                "index": r.index,
                "Layer": "\u2003" * (r.depth - 1) + r.name.rsplit(".", 1)[-1] if not query else r.name,
                "Type": r.type + (" (again)" if r.repeat else ""),
                "Output": fmt.shape_str(r.output_shape),
                "Params": params,
                "FLOPs" if flops else "MACs": 2 * r.mult_adds if flops else r.mult_adds,
                "RF": rf.to_dict()["size"] if rf and rf.size[0] == rf.size[1] else (f"{rf.size[0]}×{rf.size[1]}" if rf else None),
                "Stride": rf.stride[0] if rf else None,
                "Padding": rf.padding[0] if rf else None,
                "Memory": fmt.human_bytes(r.output_bytes) if r.output_bytes else "—",
                "Name": r.name,
            }
        )
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame = frame.set_index("index")
    return frame


def layer_table(report: Report, *, keras: bool, flops: bool, key: str = "layers") -> int | None:
    """Searchable, sortable, hierarchical layer table; returns the selected record's index."""
    max_depth = max(r.depth for r in report.layers)
    c1, c2 = st.columns([1, 2])
    with c1:
        state.ensure(state.DEPTH, min(2, max_depth))
        if max_depth > 1:
            depth = st.select_slider(
                "Detail",
                options=list(range(1, max_depth + 1)),
                key=state.DEPTH,
                format_func=lambda d: {1: "stages"}.get(d, "all layers" if d == max_depth else f"depth {d}"),
                help="Collapse the hierarchy (stage → block → layer) to this depth.",
            )
        else:
            depth = 1
    with c2:
        search = st.text_input("Search layers", key=state.SEARCH, placeholder="e.g. conv, layer3, classifier")
    frame = layer_frame(report, max_depth=depth, search=search, keras=keras, flops=flops)
    if frame.empty:
        st.info("No layer matches that search.")
        return None
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(38 * (len(frame) + 1), 560),
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_order=["Layer", "Type", "Output", "Params", "FLOPs" if flops else "MACs", "RF", "Stride", "Padding", "Memory"],
        column_config={
            "Params": st.column_config.NumberColumn(format="localized", help="Parameters of the layer and its children"),
            "MACs": st.column_config.NumberColumn(format="localized", help="Multiply-adds for one sample"),
            "FLOPs": st.column_config.NumberColumn(format="localized", help="2 × multiply-adds for one sample"),
            "RF": st.column_config.TextColumn(help="Receptive-field size in input pixels"),
            "Stride": st.column_config.NumberColumn(help="Effective stride: input pixels between neighbouring units"),
            "Padding": st.column_config.NumberColumn(help="Effective padding of the receptive field"),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        return int(frame.index[rows[0]])
    return None


def formula_panel(report: Report, index: int | None) -> None:
    """The formulas behind the selected row, with its numbers filled in."""
    if index is None:
        st.caption("Select a row of the table to see the formulas behind its numbers.")
        return
    rec = report.layers[index]
    st.markdown(f"**{rec.name}** · {rec.type} · input {fmt.shape_str(rec.input_shape)} → output {fmt.shape_str(rec.output_shape)}")
    for f in formulas(rec, report):
        st.markdown(f"**{f.quantity.capitalize()}**: `{f.symbolic}`")
        st.code(f.filled, language=None)
        if f.note:
            st.caption(f.note)


def analysis_error(err: ExplorerError) -> None:
    """An inline message for a configuration the model cannot take, with a fix when there is one."""
    st.error(str(err), icon="⚠️")
    if isinstance(err, InputTooSmall) and err.min_input_size:
        h, w = err.min_input_size

        def use_minimum() -> None:
            st.session_state[state.INPUT[1]] = h
            st.session_state[state.INPUT[2]] = w

        st.button(f"Use the smallest input that works ({h}×{w})", on_click=use_minimum)


def comparison_table(reports: list[Report]) -> None:
    """The side-by-side table, numbers formatted for reading from the back of the room."""
    from explorer.analysis.compare import comparison, labels

    rows = []
    for label, row in zip(labels(reports), comparison(reports)):
        rows.append(
            {
                "Model": label,
                "Input": row["input"],
                "Parameters": f"{row['params']:,}",
                "MACs": fmt.human(row["mult_adds"]),
                "Activations (batch 1)": fmt.human_bytes(row["activation_bytes"]),
                "Depth": row["weight_depth"],
                "Receptive field": "—" if row["receptive_field"] is None else f"{row['receptive_field']} px",
                "Smallest input": row["min_input"],
            }
        )
    st.table(pd.DataFrame(rows).set_index("Model"))

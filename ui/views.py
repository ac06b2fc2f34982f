"""Rendering pieces shared by pages: summary cards, the layer table, the formula panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis import Report
from explorer.analysis import format as fmt
from explorer.analysis.formulas import formulas
from explorer.errors import ExplorerError, InputTooSmall
from ui import state
from ui.i18n import bound, error_text, keep_choice, note_text, t


def cards(items: list[tuple[str, str, str | None]]) -> None:
    """Metric cards (label, value, help) side by side, wrapping onto a second row rather than cutting a value.

    Each card is as wide as its value: on a 1280-pixel projector with the sidebar open, six cards take two
    rows instead of showing "57.68 …".
    """
    with st.container(horizontal=True, gap="large"):
        for label, value, help_text in items:
            st.metric(label, value, help=help_text, width="content")


def summary_cards(report: Report, *, batch: int, keras: bool, flops: bool) -> None:
    """Six cards: parameters, compute, memory, receptive field, minimum input, depth."""
    if keras:
        total, non_train = report.keras_total_params, report.keras_non_trainable_params
        p_label = t("card.params.keras")
    else:
        total, non_train = report.total_params, report.non_trainable_params
        p_label = t("card.params")
    compute = report.flops if flops else report.mult_adds
    act = report.activation_bytes * batch
    rf = report.receptive_field
    h, w = report.min_input_size
    cards([
        (p_label, f"{total:,}",
         t("card.params.help", trainable=f"{report.trainable_params:,}", non_trainable=f"{non_train:,}")
         + (t("card.params.help.keras") if keras else "")),
        ("FLOPs" if flops else "MACs", fmt.human(compute),
         t("card.flops.help" if flops else "card.macs.help", n=f"{compute:,}", shape=fmt.shape_str(report.input_shape))),
        (t("card.activations", batch=batch), fmt.human_bytes(act),
         t("card.activations.help", batch=batch, weights=fmt.human_bytes(report.param_bytes))),
        (t("card.rf"), "—" if rf is None else f"{rf.to_dict()['size']} px", t("card.rf.help", rf=fmt.rf_str(rf))),
        (t("card.min_input"), f"{h}×{w}", t("card.min_input.help")),
        (t("card.depth"), t("card.depth.value", n=report.weight_depth), t("card.depth.help")),
    ])


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
                "Type": r.type + (t("table.again") if r.repeat else ""),
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
            keep_choice(state.DEPTH)  # its labels are translated
            tr = bound()
            depth = st.select_slider(
                t("table.detail"),
                options=list(range(1, max_depth + 1)),
                key=state.DEPTH,
                format_func=lambda d: tr("table.detail.stages") if d == 1 else tr("table.detail.all") if d == max_depth else tr("table.detail.depth", d=d),
                help=t("table.detail.help"),
            )
        else:
            depth = 1
    with c2:
        search = st.text_input(t("table.search"), key=state.SEARCH, placeholder=t("table.search.placeholder"))
    frame = layer_frame(report, max_depth=depth, search=search, keras=keras, flops=flops)
    if frame.empty:
        st.info(t("table.no_match"))
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
            "Layer": st.column_config.TextColumn(t("table.col.layer")),
            "Type": st.column_config.TextColumn(t("table.col.type")),
            "Output": st.column_config.TextColumn(t("table.col.output")),
            "Params": st.column_config.NumberColumn(t("table.col.params"), format="localized", help=t("table.col.params.help")),
            "MACs": st.column_config.NumberColumn("MACs", format="localized", help=t("table.col.macs.help")),
            "FLOPs": st.column_config.NumberColumn("FLOPs", format="localized", help=t("table.col.flops.help")),
            "RF": st.column_config.TextColumn(t("table.col.rf"), help=t("table.col.rf.help")),
            "Stride": st.column_config.NumberColumn(t("table.col.stride"), help=t("table.col.stride.help")),
            "Padding": st.column_config.NumberColumn(t("table.col.padding"), help=t("table.col.padding.help")),
            "Memory": st.column_config.TextColumn(t("table.col.memory")),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        return int(frame.index[rows[0]])
    return None


def quantity_key(quantity: str) -> str:
    """Catalogue key of a formula's quantity ("output size" → "formula.quantity.output_size")."""
    return "formula.quantity." + quantity.replace(" ", "_")


def formula_panel(report: Report, index: int | None) -> None:
    """The formulas behind the selected row, with its numbers filled in."""
    if index is None:
        st.caption(t("formula.select"))
        return
    rec = report.layers[index]
    st.markdown(t("formula.header", name=rec.name, type=rec.type, inp=fmt.shape_str(rec.input_shape), out=fmt.shape_str(rec.output_shape)))
    for f in formulas(rec, report):
        # The maths is the same in every language; the remark beside it and the note under it are keyed words.
        remark = f" — {note_text(f.remark)}" if f.remark else ""
        st.markdown(f"**{t(quantity_key(f.quantity))}**: `{f.symbolic}`{remark}")
        st.code(f.filled, language=None)
        if f.note:
            st.caption(note_text(f.note))


def analysis_error(err: ExplorerError) -> None:
    """An inline message for a configuration the model cannot take, with a fix when there is one."""
    st.error(error_text(err), icon="⚠️")
    if isinstance(err, InputTooSmall) and err.min_input_size:
        h, w = err.min_input_size

        def use_minimum() -> None:
            st.session_state[state.INPUT[1]] = h
            st.session_state[state.INPUT[2]] = w

        st.button(t("error.use_minimum", h=h, w=w), on_click=use_minimum)


def comparison_table(reports: list[Report]) -> None:
    """The side-by-side table, numbers formatted for reading from the back of the room."""
    from explorer.analysis.compare import comparison
    from ui.compare_text import labels  # in the current language

    rows = []
    for label, row in zip(labels(reports), comparison(reports)):
        rows.append(
            {
                t("cmp.col.model"): label,
                t("cmp.col.input"): row["input"],
                t("cmp.col.params"): f"{row['params']:,}",
                "MACs": fmt.human(row["mult_adds"]),
                t("cmp.col.activations"): fmt.human_bytes(row["activation_bytes"]),
                t("cmp.col.depth"): row["weight_depth"],
                t("cmp.col.rf"): "—" if row["receptive_field"] is None else f"{row['receptive_field']} px",
                t("cmp.col.min_input"): row["min_input"],
            }
        )
    st.table(pd.DataFrame(rows).set_index(t("cmp.col.model")))

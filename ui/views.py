"""Rendering pieces shared by pages: summary cards, the layer table, the formula panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.analysis import Report
from explorer.analysis import format as fmt
from explorer.analysis.formulas import formulas
from explorer.errors import ExplorerError, InputTooSmall
from ui import state
from ui.i18n import _, bound, error_text, keep_choice, N_, ngettext, note_text, NP_

# The messages of "formula.quantity." + quantity.replace(" ", "_"), by quantity.replace(" ", "_") (from the keys of the old catalogue).
_FORMULA_QUANTITY = {
    "output_size": N_("Output size"),
    "parameters": N_("Parameters"),
    "MACs": N_("MACs"),
    "receptive_field": N_("Receptive field"),
    "effective_stride": N_("Effective stride"),
    "memory": N_("Memory"),
}


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
        p_label = _("Parameters (Keras-style)")
    else:
        total, non_train = report.total_params, report.non_trainable_params
        p_label = _("Parameters")
    compute = report.flops if flops else report.mult_adds
    act = report.activation_bytes * batch
    rf = report.receptive_field
    h, w = report.min_input_size
    cards([
        (p_label, f"{total:,}",
         _("Trainable {trainable} · non-trainable {non_trainable}", trainable=f"{report.trainable_params:,}", non_trainable=f"{non_train:,}")
         + (_(" (BatchNorm running mean and variance count as non-trainable, as Keras prints them)") if keras else "")),
        ("FLOPs" if flops else "MACs", fmt.human(compute),
         _(N_("{n} floating-point operations (2 × MACs) for one {shape} input") if flops else N_("{n} multiply-adds for one {shape} input"), n=f"{compute:,}", shape=fmt.shape_str(report.input_shape))),
        (_("Activations ×{batch}", batch=batch), fmt.human_bytes(act),
         _("Outputs of all layers for a batch of {batch} in float32 (what training keeps for the backward pass); weights take {weights} more.", batch=batch, weights=fmt.human_bytes(report.param_bytes))),
        (_("Receptive field"), "—" if rf is None else f"{rf.to_dict()['size']} px", _("Of the last spatial layer: size / effective stride / effective padding = {rf}", rf=fmt.rf_str(rf))),
        (_("Smallest input"), f"{h}×{w}", _("The smallest input for which every layer still outputs at least 1×1.")),
        (_("Depth"), ngettext("{n} layer", "{n} layers", report.weight_depth, n=report.weight_depth), _("Conv and dense layers on the longest path from input to output.")),
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
                "Type": r.type + (_(" (again)") if r.repeat else ""),
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
                _("Detail"),
                options=list(range(1, max_depth + 1)),
                key=state.DEPTH,
                format_func=lambda d: tr("stages") if d == 1 else tr("all layers") if d == max_depth else tr("depth {d}", d=d),
                help=_("Collapse the hierarchy (stage → block → layer) to this depth."),
            )
        else:
            depth = 1
    with c2:
        search = st.text_input(_("Search layers"), key=state.SEARCH, placeholder=_("e.g. conv, layer3, classifier"))
    frame = layer_frame(report, max_depth=depth, search=search, keras=keras, flops=flops)
    if frame.empty:
        st.info(_("No layer matches that search."))
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
            "Layer": st.column_config.TextColumn(_("Layer")),
            "Type": st.column_config.TextColumn(_("Type")),
            "Output": st.column_config.TextColumn(_("Output")),
            "Params": st.column_config.NumberColumn(_("Params"), format="localized", help=_("Parameters of the layer and its children")),
            "MACs": st.column_config.NumberColumn("MACs", format="localized", help=_("Multiply-adds for one sample")),
            "FLOPs": st.column_config.NumberColumn("FLOPs", format="localized", help=_("2 × multiply-adds for one sample")),
            "RF": st.column_config.TextColumn(_("RF"), help=_("Receptive-field size in input pixels")),
            "Stride": st.column_config.NumberColumn(_("Stride"), help=_("Effective stride: input pixels between neighbouring units")),
            "Padding": st.column_config.NumberColumn(_("Padding"), help=_("Effective padding of the receptive field")),
            "Memory": st.column_config.TextColumn(_("Memory")),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        return int(frame.index[rows[0]])
    return None


def quantity_key(quantity: str) -> str:
    """Catalogue key of a formula's quantity ("output size" → "formula.quantity.output_size")."""
    return _FORMULA_QUANTITY[(quantity.replace(" ", "_"))]


def formula_panel(report: Report, index: int | None) -> None:
    """The formulas behind the selected row, with its numbers filled in."""
    if index is None:
        st.caption(_("Select a row of the table to see the formulas behind its numbers."))
        return
    rec = report.layers[index]
    st.markdown(_("**{name}** · {type} · input {inp} → output {out}", name=rec.name, type=rec.type, inp=fmt.shape_str(rec.input_shape), out=fmt.shape_str(rec.output_shape)))
    for f in formulas(rec, report):
        # The maths is the same in every language; the remark beside it and the note under it are keyed words.
        remark = f" — {note_text(f.remark)}" if f.remark else ""
        st.markdown(f"**{_(quantity_key(f.quantity))}**: `{f.symbolic}`{remark}")
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

        st.button(_("Use the smallest input that works ({h}×{w})", h=h, w=w), on_click=use_minimum)


def comparison_table(reports: list[Report]) -> None:
    """The side-by-side table, numbers formatted for reading from the back of the room."""
    from explorer.analysis.compare import comparison
    from ui.compare_text import labels  # in the current language

    rows = []
    for label, row in zip(labels(reports), comparison(reports)):
        rows.append(
            {
                _(NP_("cmp.col.model", "Model")): label,
                _("Input"): row["input"],
                _("Parameters"): f"{row['params']:,}",
                "MACs": fmt.human(row["mult_adds"]),
                _("Activations (batch 1)"): fmt.human_bytes(row["activation_bytes"]),
                _("Depth"): row["weight_depth"],
                _("Receptive field"): "—" if row["receptive_field"] is None else f"{row['receptive_field']} px",
                _("Smallest input"): row["min_input"],
            }
        )
    st.table(pd.DataFrame(rows).set_index(_(NP_("cmp.col.model", "Model"))))

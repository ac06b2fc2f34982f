"""Labs 1–4: convolution step by step, the 1×1 convolution, pooling, dense against convolution."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.labs import conv as C
from explorer.labs import dense as D
from explorer.labs import pointwise as P
from explorer.labs import pooling as PO
from explorer.labs.common import InvalidLabInput, num, percent
from explorer.viz import labs as V
from ui import state
from ui.i18n import bound, t
from ui.learn.base import Ctx, Lab, Step, after, beside, table, book_table, formula, metric_row, more
from ui.learn.params import Param

# --- 1. convolution ---------------------------------------------------------------------------


def _image(ctx: Ctx) -> C.Matrix:
    try:
        return C.from_bits(ctx["img"])
    except InvalidLabInput:
        return C.BOOK_IMAGE


def _faded(ctx: Ctx) -> frozenset[tuple[int, int]]:
    """The book image's cells that are illustrative (none once the student edits the image)."""
    if ctx["img"] != C.BOOK_BITS:
        return frozenset()
    return frozenset((r, c) for r in range(5) for c in range(5)) - C.BOOK_CELLS


def _window_buttons(ctx: Ctx, name: str, count: int, *, shortcuts: tuple[str, str]) -> None:
    """◀ ▶ buttons that move a window position (a 1-based slider value) within 1 … count."""

    def move(delta: int) -> None:
        key = state.lab_key(ctx.lab.id, name)
        ctx.set(name, min(max(1, int(st.session_state.get(key, ctx[name])) + delta), count))

    b1, b2 = st.columns(2)
    b1.button(t("learn.window.prev"), key=state.lab_key(ctx.lab.id, f"{name}:prev"), on_click=move, args=(-1,), width="stretch", shortcut=shortcuts[0])
    b2.button(t("learn.window.next"), key=state.lab_key(ctx.lab.id, f"{name}:next"), on_click=move, args=(1,), width="stretch", shortcut=shortcuts[1])


def _reset_image(ctx: Ctx) -> None:
    ctx.set("img", C.BOOK_BITS)
    st.session_state.pop(state.lab_key("conv", "editor"), None)


def conv_image(ctx: Ctx) -> None:
    words, figure = beside(ctx)  # the figure is drawn after the editor below: it shows the image as just edited
    with words:
        st.markdown(t("lab.conv.s1.text"))
        tr = bound()
        ctx.control("kernel", format_func=lambda k: tr(f"lab.conv.kernel.{k}"))
    with words if ctx.presenting else st.container(), st.expander(t("lab.conv.edit")):
        image = _image(ctx)
        frame = pd.DataFrame([[bool(v) for v in row] for row in image], columns=[str(c + 1) for c in range(5)])
        edited = st.data_editor(frame, key=state.lab_key("conv", "editor"), hide_index=True, width="content")
        ctx.vals["img"] = "".join("1" if v else "0" for row in edited.itertuples(index=False) for v in row)
        st.button(t("lab.conv.reset_image"), on_click=_reset_image, args=(ctx,), key=state.lab_key("conv", "reset"))
    with figure:
        ctx.chart(
            V.matrices_figure(
                [_image(ctx), C.KERNELS[ctx["kernel"]]], [t("lab.conv.fig.image"), t("lab.conv.fig.kernel")], faded=[_faded(ctx)],
                binary=True, scale=ctx.scale,
            ),
            "image",
        )
        st.caption(t("lab.conv.illustrative") if ctx["img"] == C.BOOK_BITS else t("lab.conv.edited"))


def conv_window(ctx: Ctx) -> None:
    if not ctx.presenting:
        st.markdown(t("lab.conv.s2.text"))
    left, right = st.columns([3, 2], gap="large")
    if ctx.presenting:  # the words above the figure, the book's note under it: the controls' column is the taller
        left.markdown(t("lab.conv.s2.text"))
    figure, note = left.container(), left.container() if ctx.presenting else right
    with right:
        c1, c2, c3 = st.columns(3)
        with c1:
            ctx.control("stride")
        with c2:
            ctx.control("padding")
        with c3:
            ctx.control("dilation")
        kernel = C.KERNELS[ctx["kernel"]]
        steps = C.conv_steps(_image(ctx), kernel, stride=ctx["stride"], padding=ctx["padding"], dilation=ctx["dilation"])
        count = len(steps.windows)
        ctx.control("pos", max_value=count)
        _window_buttons(ctx, "pos", count, shortcuts=("P", "N"))
        w = steps.windows[min(ctx["pos"], count) - 1]
        st.markdown(t("lab.conv.window", i=w.index + 1, n=count, r=w.row + 1, c=w.col + 1))
        st.code(w.filled_rows(len(kernel[0])), language=None)
        book = (ctx["img"], ctx["kernel"], ctx["stride"], ctx["padding"], ctx["dilation"], ctx["pos"]) == (C.BOOK_BITS, "diagonal", 1, 0, 1, 1)
    if book:
        note.success(t("lab.conv.book_three", value=num(w.total)), icon="📖")
    with figure:
        ctx.chart(
            V.conv_figure(
                steps.padded, kernel, steps.output, taps=w.taps, current=(w.row, w.col), done=w.index + 1,
                padding=steps.padding, faded=_faded(ctx),
                titles=(t("lab.conv.fig.padded") if steps.padding else t("lab.conv.fig.image"), t("lab.conv.fig.kernel"), t("lab.conv.fig.output")),
                scale=ctx.scale,
            ),
            "window",
        )


def conv_size(ctx: Ctx) -> None:
    st.markdown(t("lab.conv.s3.text"))
    f = C.conv_size(5, 3, ctx["stride"], ctx["padding"], ctx["dilation"])
    st.markdown(t("lab.conv.s3.values", s=ctx["stride"], p=ctx["padding"], d=ctx["dilation"]))
    formula(f)
    metric_row([(t("lab.conv.out_size"), f"{int(f.value)}×{int(f.value)}")])
    st.markdown(t("lab.conv.s3.symbols"))


def conv_examples(ctx: Ctx) -> None:
    st.markdown(t("lab.conv.s4.text"))
    book_table(C.SIZE_EXAMPLES, "lab.conv.ex", ctx)
    with more(ctx):
        _conv_calculator(ctx)


def _conv_calculator(ctx: Ctx) -> None:
    st.subheader(t("lab.conv.calc"))
    cols = st.columns(6)
    for col, name in zip(cols, ("ci", "cf", "cs", "cp", "cd", "ct")):
        with col:
            ctx.control(name)
    if ctx["ct"]:
        f = C.transposed_size(ctx["ci"], ctx["cf"], ctx["cs"], ctx["cp"])
    else:
        f = C.conv_size(ctx["ci"], ctx["cf"], ctx["cs"], ctx["cp"], ctx["cd"])
    formula(f)
    if f.value < 1:
        st.error(t("lab.conv.calc.empty"), icon="⚠️")
    elif ctx["ct"] and ctx["cd"] != 1:
        st.caption(t("lab.conv.calc.no_dilation"))


CONV = Lab(
    "conv",
    1,
    (
        Param("img", str, C.BOOK_BITS, widget="state", check=lambda s: len(s) == 25 and not set(s) - {"0", "1"}),
        Param("kernel", str, "diagonal", choices=tuple(C.KERNELS), widget="segmented"),
        Param("stride", int, 1, 1, 3),
        Param("padding", int, 0, 0, 2),
        Param("dilation", int, 1, 1, 2),
        Param("pos", int, 1, 1, 49),
        Param("ci", int, 28, 1, 100_000, widget="number"),
        Param("cf", int, 5, 1, 64, widget="number"),
        Param("cs", int, 1, 1, 16, widget="number"),
        Param("cp", int, 0, 0, 32, widget="number"),
        Param("cd", int, 1, 1, 8, widget="number"),
        Param("ct", bool, False, widget="toggle"),
    ),
    (
        Step("lab.conv.s1", conv_image),
        Step("lab.conv.s2", conv_window),
        Step("lab.conv.s3", conv_size),
        Step("lab.conv.s4", conv_examples),
    ),
)

# --- 2. 1×1 convolution -----------------------------------------------------------------------


def pointwise_matrix(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    with left if ctx.presenting else st.columns(3)[0]:
        w = ctx.control("weight")
    left.markdown(t("lab.pointwise.s1.text", w=num(w)))
    out = P.scale(P.BOOK_MATRIX, w)
    with right:
        ctx.chart(V.matrices_figure([P.BOOK_MATRIX, ((w,),), out], [t("lab.pointwise.fig.input"), t("lab.pointwise.fig.kernel"), t("lab.pointwise.fig.output")], scale=ctx.scale), "matrix")
    first = " ".join(num(v) for v in out[0])
    with after(ctx, left):
        st.markdown(t("lab.pointwise.first_row", row=first))
        if w == P.BOOK_WEIGHT:
            st.success(t("lab.pointwise.book"), icon="📖")


def pointwise_mixing(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("c_in")
    with c2:
        ctx.control("c_out")
    st.markdown(t("lab.pointwise.s2.text", c_in=ctx["c_in"], c_out=ctx["c_out"]))
    m = P.channel_mixing(ctx["c_in"], ctx["c_out"])
    metric_row(
        [
            (t("lab.pointwise.shape"), f"{m.h}×{m.w}×{m.c_in} → {m.h}×{m.w}×{m.c_out}"),
            (t("lab.pointwise.params"), num(m.params.value)),
            (t("lab.pointwise.macs"), num(m.macs.value)),
        ]
    )
    left, right = beside(ctx)
    with left:
        formula(m.params)
    with right:
        st.markdown(t("lab.pointwise.per_pixel"))
        st.code(m.per_pixel, language=None)
    st.info(t("lab.pointwise.book_mixing"), icon="📖")


def pointwise_bottleneck(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("c")
    with c2:
        ctx.control("mid")
    st.markdown(t("lab.pointwise.s3.text", c=ctx["c"], m=ctx["mid"]))
    r = P.reduce_restore(ctx["c"], ctx["mid"])
    rows = [
        {
            t("lab.pointwise.col.path"): t("lab.pointwise.direct") if i == 0 else t("lab.pointwise.bottleneck"),
            t("lab.pointwise.col.layer"): layer.name,
            t("lab.pointwise.col.channels"): f"{layer.c_in} → {layer.c_out}",
            t("lab.pointwise.col.weights"): f"{layer.weights:,}",
            t("lab.pointwise.col.macs"): f"{layer.macs:,}",
        }
        for i, layers in enumerate((r.direct, r.bottleneck))
        for layer in layers
    ]
    left, right = beside(ctx, (3, 2))
    with left:
        table(rows)
    with right:
        ctx.chart(
            V.bars_figure(
                [t("lab.pointwise.direct"), t("lab.pointwise.bottleneck")], [r.direct_weights, r.bottleneck_weights],
                title=t("lab.pointwise.fig.weights"), axis_title=t("lab.pointwise.col.weights"), colours=(V.BAD, V.GOOD), scale=ctx.scale,
            ),
            "bottleneck",
        )
    st.markdown(t("lab.pointwise.saving", saving=percent(r.saving), direct=f"{r.direct_weights:,}", bottleneck=f"{r.bottleneck_weights:,}"))


POINTWISE = Lab(
    "pointwise",
    2,
    (
        Param("weight", float, 3.0, -5.0, 5.0, 0.5, widget="number"),
        Param("c_in", int, 64, 1, 512),
        Param("c_out", int, 28, 1, 512),
        Param("c", int, 256, 16, 1024, 16),
        Param("mid", int, 64, 4, 512, 4),
    ),
    (
        Step("lab.pointwise.s1", pointwise_matrix),
        Step("lab.pointwise.s2", pointwise_mixing, lambda v: {"c_in": v["c_in"], "c_out": v["c_out"]}),
        Step("lab.pointwise.s3", pointwise_bottleneck),
    ),
)

# --- 3. pooling -------------------------------------------------------------------------------


def pool_compare(ctx: Ctx) -> None:
    st.markdown(t("lab.pool.s1.text"))
    left, right = beside(ctx, (2, 3))
    with left:
        c1, c2 = st.columns(2)
        with c1:
            ctx.control("k")
        with c2:
            ctx.control("s")
        steps = PO.pool_steps(PO.EXAMPLE_MAP, ctx["k"], ctx["s"])
        count = len(steps.windows)
        ctx.control("pos", max_value=count)
        _window_buttons(ctx, "pos", count, shortcuts=("P", "N"))
    w = steps.windows[min(ctx["pos"], count) - 1]
    with right:
        ctx.chart(
            V.matrices_figure(
                [PO.EXAMPLE_MAP, steps.max_output, steps.avg_output],
                [t("lab.pool.fig.map"), t("lab.pool.fig.max"), t("lab.pool.fig.avg")],
                outlines=[w.cells, [(w.row, w.col)], [(w.row, w.col)]],
                scale=ctx.scale,
            ),
            "pool",
        )
    patch = ", ".join(num(v) for v in w.patch)
    with after(ctx, left):
        st.code(f"max({patch}) = {num(w.max)}\n({' + '.join(num(v) for v in w.patch)}) / {len(w.patch)} = {num(w.avg)}", language=None)
    with after(ctx, right):
        st.caption(t("lab.pool.illustrative"))


def pool_reduction(ctx: Ctx) -> None:
    st.markdown(t("lab.pool.s2.text"))
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("i")
    with c2:
        ctx.control("channels")
    r = PO.reduction(ctx["i"], ctx["k"], ctx["s"], ctx["channels"])
    st.markdown(t("lab.pool.s2.values", k=ctx["k"], s=ctx["s"]))
    formula(r.size)
    o = int(r.size.value)
    metric_row(
        [
            (t("lab.pool.values_in"), f"{ctx['channels']}·{ctx['i']}·{ctx['i']} = {r.values_in:,}"),
            (t("lab.pool.values_out"), f"{ctx['channels']}·{o}·{o} = {r.values_out:,}"),
            (t("lab.pool.removed"), percent(r.removed)),
        ]
    )
    if (ctx["k"], ctx["s"]) != (2, 2):
        st.info(t("lab.pool.book_other", k=ctx["k"], s=ctx["s"], removed=percent(r.removed)), icon="📖")
    elif r.removed == 0.75:
        st.success(t("lab.pool.book_75"), icon="📖")
    else:
        st.info(t("lab.pool.book_75_odd", i=ctx["i"], o=o, removed=percent(r.removed)), icon="📖")


def _pool_title(vals: dict) -> dict:
    r = PO.reduction(vals["i"], vals["k"], vals["s"], vals["channels"])
    return {"k": vals["k"], "s": vals["s"], "removed": percent(r.removed)}


def pool_why(ctx: Ctx) -> None:
    st.markdown(t("lab.pool.s3.text"))


POOL = Lab(
    "pool",
    3,
    (
        Param("k", int, 2, 1, 4),
        Param("s", int, 2, 1, 3),
        Param("pos", int, 1, 1, 16),
        Param("i", int, 64, 2, 1024, widget="number"),
        Param("channels", int, 16, 1, 1024, widget="number"),
    ),
    (Step("lab.pool.s1", pool_compare), Step("lab.pool.s2", pool_reduction, _pool_title), Step("lab.pool.s3", pool_why)),
)

# --- 4. dense against convolution -------------------------------------------------------------


def dense_book(ctx: Ctx) -> None:
    st.markdown(t("lab.dense.s1.text"))
    book_table(D.BOOK_DENSE, "lab.dense.ex", ctx)
    metric_row([(t("lab.dense.billion"), num(D.BOOK_DENSE[2].value))])


def dense_yours(ctx: Ctx) -> None:
    st.markdown(t("lab.dense.s2.text"))
    cols = st.columns(6)
    for col, name in zip(cols, ("h", "w", "c", "units", "k", "filters")):
        with col:
            ctx.control(name)
    r = D.dense_vs_conv(ctx["h"], ctx["w"], ctx["c"], units=ctx["units"], filters=ctx["filters"], k=ctx["k"])
    metric_row(
        [
            (t("lab.dense.dense_params"), num(r.dense.value)),
            (t("lab.dense.conv_params"), num(r.conv.value)),
            (t("lab.dense.ratio"), f"{r.ratio:,.0f}×"),
        ]
    )
    formulas, figure = beside(ctx)
    with formulas:
        c1, c2 = st.columns(2) if not ctx.presenting else (st.container(), st.container())
        with c1:
            st.markdown(t("lab.dense.dense_formula", units=ctx["units"]))
            formula(r.dense)
        with c2:
            st.markdown(t("lab.dense.conv_formula", k=ctx["k"], filters=ctx["filters"]))
            formula(r.conv)
    sweep = D.sweep(c=ctx["c"], units=ctx["units"], filters=ctx["filters"], k=ctx["k"])
    sizes = [s.h for s in sweep]
    with figure:
        ctx.chart(
            V.lines_figure(
                [(t("lab.dense.dense_params"), sizes, [s.dense.value for s in sweep]), (t("lab.dense.conv_params"), sizes, [s.conv.value for s in sweep])],
                title=t("lab.dense.fig.sweep"), x_title=t("lab.dense.fig.size"), y_title=t("lab.dense.fig.params"), log_x=True, log_y=True, markers=True,
                scale=ctx.scale,
            ),
            "sweep",
        )


def dense_why(ctx: Ctx) -> None:
    st.markdown(t("lab.dense.s3.text"))


DENSE = Lab(
    "dense",
    4,
    (
        Param("h", int, 224, 1, 4096, widget="number"),
        Param("w", int, 224, 1, 4096, widget="number"),
        Param("c", int, 3, 1, 64, widget="number"),
        Param("units", int, 1024, 1, 8192, widget="number"),
        Param("k", int, 3, 1, 11, widget="number"),
        Param("filters", int, 64, 1, 1024, widget="number"),
    ),
    (Step("lab.dense.s1", dense_book), Step("lab.dense.s2", dense_yours), Step("lab.dense.s3", dense_why)),
)

LABS = (CONV, POINTWISE, POOL, DENSE)

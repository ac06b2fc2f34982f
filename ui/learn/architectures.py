"""Labs 5–7: stacking 3×3 convolutions, Inception's cost, residual blocks."""

from __future__ import annotations

import streamlit as st

from explorer.labs import inception as I
from explorer.labs import residual as R
from explorer.labs import stacking as S
from explorer.labs.common import num, percent
from explorer.viz import labs as V
from ui.i18n import bound, t
from ui.learn.base import Ctx, Lab, Step, after, beside, table, book_table, formula, metric_row, more
from ui.learn.params import Param

# --- 5. stacking 3×3 --------------------------------------------------------------------------


def _rfs(vals: dict) -> dict:
    return {"rfs": " → ".join(str(r) for r in S.receptive_fields(vals["n"]))}


def stack_rf(ctx: Ctx) -> None:
    words, figure = beside(ctx, (2, 3))
    with words:
        n = ctx.control("n")
        rfs = S.receptive_fields(n)
        st.markdown(t("lab.stack.s1.text", n=n, rf=rfs[-1]))
    labels = [t("lab.stack.fig.input")] + [t("lab.stack.fig.layer", i=i + 1, rf=r) for i, r in enumerate(rfs)]
    with figure:
        ctx.chart(V.receptive_field_figure(n, 3, title=t("lab.stack.fig.rf"), row_labels=labels, scale=ctx.scale), "rf")
    with words:
        metric_row([(t("lab.stack.rf"), " → ".join(str(r) for r in rfs))])
    with more(ctx):
        _stack_size(ctx)


def _stack_size(ctx: Ctx) -> None:
    with st.columns(3)[0]:
        size = ctx.control("size")
    stacked, single = S.stacked_output(size, 2)
    st.markdown(t("lab.stack.same_size", n=size, stacked=stacked, single=single))
    st.code(f"({size} − 3)/1 + 1 = {size - 2};  ({size - 2} − 3)/1 + 1 = {stacked}\n({size} − 5)/1 + 1 = {single}", language=None)


def stack_weights(ctx: Ctx) -> None:
    st.markdown(t("lab.stack.s2.text"))
    c = ctx.control("c")
    rows = []
    for n in (2, 3):
        r = S.stack_vs_single(n, c)
        rows.append(
            {
                t("lab.stack.col.stack"): t("lab.stack.n_3x3", n=n),
                t("lab.stack.col.weights"): f"{r.stacked.symbolic} = {r.stacked.value:,}",
                t("lab.stack.col.single"): f"{r.big}×{r.big}: {r.single.symbolic} = {r.single.value:,}",
                t("lab.stack.col.ratio"): f"{r.stacked_coeff}/{r.single_coeff} = {r.ratio:.2f}",
                t("lab.stack.col.extra"): f"+{100 * r.extra:.0f} %",
            }
        )
    left, right = beside(ctx, (3, 2))
    with left:
        table(rows)
    r3 = S.stack_vs_single(3, c)
    with right:
        ctx.chart(
            V.bars_figure(
                [t("lab.stack.n_3x3", n=3), "7×7"], [r3.stacked.value, r3.single.value], title=t("lab.stack.fig.weights", c=c),
                axis_title=t("lab.stack.col.weights"), colours=(V.GOOD, V.BAD), scale=ctx.scale,
            ),
            "weights",
        )
    st.success(t("lab.stack.book"), icon="📖")


def stack_why(ctx: Ctx) -> None:
    st.markdown(t("lab.stack.s3.text"))


STACK = Lab(
    "stack",
    5,
    (Param("n", int, 3, 1, 5), Param("size", int, 32, 5, 512, widget="number"), Param("c", int, 64, 1, 512)),
    (Step("lab.stack.s1", stack_rf, _rfs), Step("lab.stack.s2", stack_weights), Step("lab.stack.s3", stack_why)),
)

# --- 6. Inception's cost ----------------------------------------------------------------------


def _branch_table(module: I.Module) -> None:
    rows = [
        {
            t("lab.inception.col.branch"): t("lab.inception.pool") if b.name == "pool" else b.name,
            t("lab.inception.col.output"): f"{module.h}×{module.w}×{b.out_channels}",
            t("lab.inception.col.params"): f"{b.params:,}",
            t("lab.inception.col.mults"): f"{b.mults:,}",
        }
        for b in module.branches
    ]
    table(rows)


def inception_naive(ctx: Ctx) -> None:
    cols = st.columns(4)
    for col, name in zip(cols, ("c_in", "f1", "f3", "f5")):
        with col:
            ctx.control(name)
    st.markdown(t("lab.inception.s1.text", c_in=ctx["c_in"], f1=ctx["f1"], f3=ctx["f3"], f5=ctx["f5"]))
    m = I.naive_module(32, 32, ctx["c_in"], ctx["f1"], ctx["f3"], ctx["f5"])
    _branch_table(m)
    metric_row(
        [
            (t("lab.inception.depth"), m.depth_filled),
            (t("lab.inception.params"), f"{m.params:,}"),
        ]
    )
    if (ctx["c_in"], ctx["f1"], ctx["f3"], ctx["f5"]) == (I.BOOK_INPUT[2], *I.BOOK_FILTERS.values()):
        with more(ctx):
            book_table(I.BOOK_FIGURES[-1:], "lab.inception.ex")


def _cost(vals: dict) -> I.BranchCost:
    return I.branch_cost(32, 32, vals["c_in"], vals["f5"], vals["r5"])


def _cost_title(vals: dict) -> dict:
    cost = _cost(vals)
    return {"naive": num(cost.naive.value), "reduced": num(cost.reduced.value)}


def inception_cost(ctx: Ctx) -> None:
    ctx.control("r5")
    st.markdown(t("lab.inception.s2.text", f5=ctx["f5"], c_in=ctx["c_in"], r=ctx["r5"]))
    cost = _cost(ctx.vals)
    formulas, figure = beside(ctx)
    with formulas:
        c1, c2 = (st.container(), st.container()) if ctx.presenting else st.columns(2)
        with c1:
            st.markdown(t("lab.inception.naive"))
            formula(cost.naive)
        with c2:
            st.markdown(t("lab.inception.reduced", r=ctx["r5"]))
            st.code(f"{cost.reduce.filled}\n{cost.conv.filled}\n{cost.reduced.filled}", language=None)
    with figure:
        metric_row([(t("lab.inception.factor"), f"{cost.factor:.1f}×")])
        ctx.chart(
            V.bars_figure(
                [t("lab.inception.naive_short", c=ctx["c_in"]), t("lab.inception.reduced_short", r=ctx["r5"])], [cost.naive.value, cost.reduced.value],
                title=t("lab.inception.fig.cost"), axis_title=t("lab.inception.col.mults"), colours=(V.BAD, V.GOOD), scale=ctx.scale,
            ),
            "cost",
        )
    with more(ctx):
        book_table(I.BOOK_FIGURES[:4], "lab.inception.ex")
        st.caption(t("lab.inception.truncated"))


def inception_module(ctx: Ctx) -> None:
    m = I.inception_module(**I.MODULE_3A)
    st.markdown(t("lab.inception.s3.text", c_in=m.c_in, depth=m.depth_filled))
    _branch_table(m)
    metric_row([(t("lab.inception.depth"), m.depth_filled), (t("lab.inception.params"), f"{m.params:,}")])


INCEPTION = Lab(
    "inception",
    6,
    (
        Param("c_in", int, 200, 1, 1024, widget="number"),
        Param("f1", int, 64, 0, 512, widget="number"),
        Param("f3", int, 128, 0, 512, widget="number"),
        Param("f5", int, 32, 1, 512, widget="number"),
        Param("r5", int, 16, 1, 256),
    ),
    (Step("lab.inception.s1", inception_naive), Step("lab.inception.s2", inception_cost, _cost_title), Step("lab.inception.s3", inception_module)),
)

# --- 7. residual blocks -----------------------------------------------------------------------


@st.cache_data(max_entries=16, show_spinner=False)
def _gradient_flow(depth: int, shortcut: str) -> R.GradientFlow:
    return R.gradient_flow(depth, shortcut)


def residual_idea(ctx: Ctx) -> None:
    cols = st.columns(3)
    for col, name in zip(cols, ("x", "target", "moved")):
        with col:
            ctx.control(name)
    st.markdown(t("lab.residual.s1.text", x=num(ctx["x"]), target=num(ctx["target"]), moved=num(ctx["moved"])))
    st.code("H(x) = F(x) + x        F(x) = H(x) − x        H′(x) = F′(x) + 1", language=None)
    s = R.Sensitivity(ctx["x"], ctx["target"], ctx["moved"])
    if s.target == 0 or s.residual_before == 0:
        st.error(t("lab.residual.zero"), icon="⚠️")
        return
    metric_row(
        [
            (t("lab.residual.plain_change"), f"{100 * s.plain_change:+.1f} %"),
            (t("lab.residual.residual_change"), f"{100 * s.residual_change:+.0f} %"),
        ]
    )
    st.code(
        f"H(x):         {num(s.target)} → {num(s.moved)}:  ({num(s.moved)} − {num(s.target)}) / {num(s.target)} = {100 * s.plain_change:+.2f} %\n"
        f"F(x) = H − x: {num(s.residual_before, 3)} → {num(s.residual_after, 3)}:  ({num(s.residual_after, 3)} − {num(s.residual_before, 3)}) / {num(s.residual_before, 3)} = {100 * s.residual_change:+.0f} %",
        language=None,
    )
    left, right = beside(ctx)
    if (s.x, s.target, s.moved) == (R.BOOK_SENSITIVITY.x, R.BOOK_SENSITIVITY.target, R.BOOK_SENSITIVITY.moved):
        left.success(t("lab.residual.book_sensitivity"), icon="📖")
    right.markdown(t("lab.residual.identity"))


def residual_blocks(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("c")
    with c2:
        ctx.control("mid")
    b = R.block_weights(ctx["c"], ctx["mid"])
    st.markdown(t("lab.residual.s2.text", c=b.c, m=b.mid))
    metric_row(
        [
            (t("lab.residual.basic", c=b.c), num(b.basic.value)),
            (t("lab.residual.bottleneck", c=b.c, m=b.mid), num(b.bottleneck.value)),
            (t("lab.residual.saving"), "−" + percent(b.saving)),
            (t("lab.residual.basic", c=b.mid), num(b.basic_mid.value)),
        ]
    )
    left, right = beside(ctx)
    left.code(f"{b.basic.filled}\n{b.bottleneck.filled}\n{b.basic_mid.filled}", language=None)
    with right:
        ctx.chart(
            V.bars_figure(
                [t("lab.residual.basic", c=b.c), t("lab.residual.bottleneck", c=b.c, m=b.mid), t("lab.residual.basic", c=b.mid)],
                [b.basic.value, b.bottleneck.value, b.basic_mid.value], title=t("lab.residual.fig.blocks"),
                axis_title=t("lab.residual.weights"), colours=(V.BAD, V.GOOD, V.ON), scale=ctx.scale,
            ),
            "blocks",
            room=330,
        )
    if (b.c, b.mid) == (256, 64):
        after(ctx, left).success(t("lab.residual.book_blocks"), icon="📖")
    wider = b.c / b.mid
    (more(ctx) if ctx.presenting else st.container()).warning(
        t("lab.residual.fair", c=b.c, m=b.mid, basic_mid=f"{b.basic_mid.value:,}", ratio=f"{b.fair_ratio:.3f}", wider=num(wider, 3)),
        icon="⚠️",
    )


def residual_shortcuts(ctx: Ctx) -> None:
    st.markdown(t("lab.residual.s3.text"))
    cols = st.columns(3)
    with cols[0]:
        ctx.control("cin")
    with cols[1]:
        ctx.control("cout")
    with cols[2]:
        tr = bound()
        ctx.control("kind", format_func=lambda k: tr(f"lab.residual.kind.{k}"))
    sc = R.shortcut(ctx["cin"], ctx["cout"], ctx["kind"])
    if sc.kind == "identity":
        st.code("y = F(x) + x", language=None)
        st.markdown(t("lab.residual.identity_cost") if sc.c_in == sc.c_out else t("lab.residual.zero_pad", cin=sc.c_in, cout=sc.c_out))
    else:
        st.code(f"y = F(x) + W_s·x        W_s: 1×1·{sc.c_in}·{sc.c_out} = {sc.weights:,}  (+ BN 2·{sc.c_out} = {sc.bn_params})", language=None)
        metric_row([(t("lab.residual.shortcut_params"), f"{sc.params:,}")])
    st.info(t("lab.residual.typo"), icon="📖")


def residual_gradients(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    left.markdown(t("lab.residual.s4.text"))
    with left if ctx.presenting else st.columns(3)[0]:
        depth = ctx.control("depth")
    with st.spinner(t("lab.residual.computing")):
        plain, res = _gradient_flow(depth, "none"), _gradient_flow(depth, "identity")
    xs = list(range(1, len(plain.norms) + 1))
    with right:
        ctx.chart(
            V.lines_figure(
                [(t("lab.residual.plain"), xs, plain.norms), (t("lab.residual.residual"), xs, res.norms)],
                title=t("lab.residual.fig.gradients", depth=depth), x_title=t("lab.residual.fig.layer"), y_title=t("lab.residual.fig.norm"),
                log_y=True, x_integer=True, scale=ctx.scale,
            ),
            "gradients",
        )
    with after(ctx, left):
        metric_row(
            [
                (t("lab.residual.spread_plain"), f"{plain.spread:,.0f}×"),
                (t("lab.residual.spread_residual"), f"{res.spread:,.0f}×"),
            ]
        )
        st.markdown(t("lab.residual.s4.after"))


RESIDUAL = Lab(
    "residual",
    7,
    (
        Param("x", float, 5.0, -100.0, 100.0, 0.1, widget="number"),
        Param("target", float, 5.1, -100.0, 100.0, 0.1, widget="number"),
        Param("moved", float, 5.2, -100.0, 100.0, 0.1, widget="number"),
        Param("c", int, 256, 16, 2048, 16),
        Param("mid", int, 64, 4, 512, 4),
        Param("cin", int, 64, 1, 2048, widget="number"),
        Param("cout", int, 128, 1, 2048, widget="number"),
        Param("kind", str, "projection", choices=("identity", "projection"), widget="segmented"),
        Param("depth", int, 56, choices=(20, 32, 44, 56, 110), widget="select"),
    ),
    (
        Step("lab.residual.s1", residual_idea),
        Step("lab.residual.s2", residual_blocks),
        Step("lab.residual.s3", residual_shortcuts),
        Step("lab.residual.s4", residual_gradients),
    ),
)

LABS = (STACK, INCEPTION, RESIDUAL)

"""Labs 5–7: stacking 3×3 convolutions, Inception's cost, residual blocks."""

from __future__ import annotations

import streamlit as st

from explorer.labs import inception as I
from explorer.labs import residual as R
from explorer.labs import stacking as S
from explorer.labs.common import num, percent
from explorer.viz import labs as V
from ui.i18n import _, bound, N_, NP_
from ui.learn.base import Ctx, Lab, Step, after, beside, table, book_table, formula, metric_row, more
from ui.learn.params import Param

# The messages of f"lab.residual.kind.{k}", by k (from the keys of the old catalogue).
_LAB_RESIDUAL_KIND = {
    "identity": NP_("lab.residual.kind.identity", "identity"),
    "projection": N_("projection"),
}

# --- 5. stacking 3×3 --------------------------------------------------------------------------


def _rfs(vals: dict) -> dict:
    return {"rfs": " → ".join(str(r) for r in S.receptive_fields(vals["n"]))}


def stack_rf(ctx: Ctx) -> None:
    words, figure = beside(ctx, (2, 3))
    with words:
        n = ctx.control("n")
        rfs = S.receptive_fields(n)
        st.markdown(_("One unit at the top depends on 3 units of the layer below, which depend on 5 of the layer below them, and so on: n stacked 3×3 layers see (2n + 1)×(2n + 1); here {n} layers see {rf}×{rf}. Book 001: two see 5×5, three see 7×7.", n=n, rf=rfs[-1]))
    labels = [_("input")] + [_("layer {i}: sees {rf}", i=i + 1, rf=r) for i, r in enumerate(rfs)]
    with figure:
        ctx.chart(V.receptive_field_figure(n, 3, title=_("What one top unit sees"), row_labels=labels, scale=ctx.scale), "rf")
    with words:
        metric_row([(_("Receptive field after each layer"), " → ".join(str(r) for r in rfs))])
    with more(ctx):
        _stack_size(ctx)


def _stack_size(ctx: Ctx) -> None:
    with st.columns(3)[0]:
        size = ctx.control("size")
    stacked, single = S.stacked_output(size, 2)
    st.markdown(_("Book 004: on a {n}×{n} input (stride 1, no padding) two 3×3 layers give {stacked}×{stacked} and one 5×5 gives {single}×{single}: both n − 4.", n=size, stacked=stacked, single=single))
    st.code(f"({size} − 3)/1 + 1 = {size - 2};  ({size - 2} − 3)/1 + 1 = {stacked}\n({size} − 5)/1 + 1 = {single}", language=None)


def stack_weights(ctx: Ctx) -> None:
    st.markdown(_("With C channels in and out, n stacked 3×3 layers have n·9C² weights; one kernel with the same view has (2n + 1)²C². Move C: the ratios do not change."))
    if not ctx.presenting:
        c = ctx.control("c")
    left, right = beside(ctx, (3, 2))
    if ctx.presenting:  # the slider over the table, the chart beside both
        with left:
            c = ctx.control("c")
    rows = []
    for n in (2, 3):
        r = S.stack_vs_single(n, c)
        rows.append(
            {
                _("Stack"): _("{n} × 3×3", n=n),
                _(NP_("lab.stack.col.weights", "Weights")): f"{r.stacked.symbolic} = {r.stacked.value:,}",
                _("One large kernel"): f"{r.big}×{r.big}: {r.single.symbolic} = {r.single.value:,}",
                _("Ratio"): f"{r.stacked_coeff}/{r.single_coeff} = {r.ratio:.2f}",
                _("Large kernel needs"): f"+{100 * r.extra:.0f} %",
            }
        )
    with left:
        table(rows)
    r3 = S.stack_vs_single(3, c)
    with right:
        ctx.chart(
            V.bars_figure(
                [_("{n} × 3×3", n=3), "7×7"], [r3.stacked.value, r3.single.value], title=_("Three 3×3 layers against one 7×7, C = {c}", c=c),
                axis_title=_(NP_("lab.stack.col.weights", "Weights")), colours=(V.GOOD, V.BAD), scale=ctx.scale,
            ),
            "weights",
        )
    more(ctx).success(_("Book 001: 3(3²C²) = 27C² against 7²C² = 49C², \"81 % more\". Book 004: 3×3×2/(5×5) = 0.72 and 3×3×3/(7×7) = 0.55."), icon="📖")


def stack_why(ctx: Ctx) -> None:
    st.markdown(_("Each 3×3 layer has its own ReLU: three layers put three non-linearities where one 7×7 puts one, which makes \"the decision function more discriminative\" (001). Note that 0.72 saves 28 %; \"nearly half\" (004) is the 7×7 case, 0.55."))


STACK = Lab(
    "stack",
    5,
    (Param("n", int, 3, 1, 5, label=N_("Stacked 3×3 layers")), Param("size", int, 32, 5, 512, widget="number", label=N_("Input n×n")), Param("c", int, 64, 1, 512, label=N_("Channels C"))),
    (Step(N_("Receptive field {rfs}"), stack_rf, _rfs), Step(N_("27C² against 49C²"), stack_weights), Step(N_("More non-linearities"), stack_why)),
)

# --- 6. Inception's cost ----------------------------------------------------------------------


def _branch_table(module: I.Module) -> None:
    rows = [
        {
            _("Branch"): _("3×3 max pool") if b.name == "pool" else b.name,
            _("Output"): f"{module.h}×{module.w}×{b.out_channels}",
            _("Parameters (with bias)"): f"{b.params:,}",
            _("Multiplications"): f"{b.mults:,}",
        }
        for b in module.branches
    ]
    table(rows)


def inception_naive(ctx: Ctx) -> None:
    cols = st.columns(4)
    for col, name in zip(cols, ("c_in", "f1", "f3", "f5")):
        with col:
            ctx.control(name)
    st.markdown(_("A 32×32×{c_in} input, a 1×1 ({f1} filters), a 3×3 ({f3}), a 5×5 ({f5}) and a 3×3 max pool, all with 'same' padding so that the outputs can be stacked along the depth. Book 001's example: a 32×32×200 input with 64, 128 and 32 filters.", c_in=ctx["c_in"], f1=ctx["f1"], f3=ctx["f3"], f5=ctx["f5"]))
    m = I.naive_module(32, 32, ctx["c_in"], ctx["f1"], ctx["f3"], ctx["f5"])
    _branch_table(m)
    metric_row(
        [
            (_("Output depth"), m.depth_filled),
            (_("Parameters"), f"{m.params:,}"),
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
    control, words = st.columns((1, 2), gap="medium") if ctx.presenting else (st.container(), st.container())  # presenting: one row
    with control:
        ctx.control("r5")
    words.markdown(_("The 5×5 branch alone: each of the 32·32·{f5} output values needs 5·5·{c_in} multiplications. Put a 1×1 convolution to {r} channels in front, and the 5×5 works on {r} channels instead of {c_in}.", f5=ctx["f5"], c_in=ctx["c_in"], r=ctx["r5"]))
    cost = _cost(ctx.vals)
    formulas, figure = beside(ctx)
    with formulas:
        c1, c2 = (st.container(), st.container()) if ctx.presenting else st.columns(2)
        with c1:
            st.markdown(_("**Naive 5×5:**"))
            formula(cost.naive)
        with c2:
            st.markdown(_("**1×1 to {r}, then 5×5:**", r=ctx["r5"]))
            st.code(f"{cost.reduce.filled}\n{cost.conv.filled}\n{cost.reduced.filled}", language=None)
    with formulas if ctx.presenting else figure:  # presenting: the factor under the formulas, the chart alone beside them
        metric_row([(_("Cheaper by"), f"{cost.factor:.1f}×")])
    with figure:
        ctx.chart(
            V.bars_figure(
                [_("5×5 on {c} channels", c=ctx["c_in"]), _("1×1 to {r} + 5×5", r=ctx["r5"])], [cost.naive.value, cost.reduced.value],
                title=_("Multiplications of the 5×5 branch"), axis_title=_("Multiplications"), colours=(V.BAD, V.GOOD), scale=ctx.scale,
            ),
            "cost",
        )
    with more(ctx):
        book_table(I.BOOK_FIGURES[:4], "lab.inception.ex")
        st.caption(_("At the book's inputs (200 channels, a reduction to 16): 3,276,800 + 13,107,200 = 16,384,000 ≈ 16.4 million: the book's \"16.3 million\" is truncated, not rounded. Its printed formula is garbled; it should read (32×32×200)×(1×1×16) + (32×32×16)×(5×5×32)."))


def inception_module(ctx: Ctx) -> None:
    m = I.inception_module(**I.MODULE_3A)
    st.markdown(_("GoogLeNet's first module, 3a (book 001 Table 5.2): 1×1 reductions before the 3×3 and the 5×5, and a 1×1 projection after the pool, on a 28×28×{c_in} input. Its depth is {depth}.", c_in=m.c_in, depth=m.depth_filled))
    _branch_table(m)
    metric_row([(_("Output depth"), m.depth_filled), (_("Parameters"), f"{m.params:,}")])


INCEPTION = Lab(
    "inception",
    6,
    (
        Param("c_in", int, 200, 1, 1024, widget="number", label=N_("Input depth")),
        Param("f1", int, 64, 0, 512, widget="number", label=N_("1×1 filters")),
        Param("f3", int, 128, 0, 512, widget="number", label=N_("3×3 filters")),
        Param("f5", int, 32, 1, 512, widget="number", label=N_("5×5 filters")),
        Param("r5", int, 16, 1, 256, label=N_("1×1 reduction to R channels")),
    ),
    (Step(N_("The naive module"), inception_naive), Step(N_("{naive} against {reduced} multiplications"), inception_cost, _cost_title), Step(N_("The module with dimension reduction"), inception_module)),
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
    st.markdown(_("The block learns the residual F(x) = H(x) − x. A layer maps {x} to {target}; then the target moves to {moved}. How much must each kind of layer change? (Book 004's example: 5 → 5.1, then 5.2.)", x=num(ctx["x"]), target=num(ctx["target"]), moved=num(ctx["moved"])))
    st.code("H(x) = F(x) + x        F(x) = H(x) − x        H′(x) = F′(x) + 1", language=None)
    s = R.Sensitivity(ctx["x"], ctx["target"], ctx["moved"])
    if s.target == 0 or s.residual_before == 0:
        st.error(_("The target must differ from 0 and from x for these ratios."), icon="⚠️")
        return
    metric_row(
        [
            (_("Plain layer's output changes by"), f"{100 * s.plain_change:+.1f} %"),
            (_("Residual F changes by"), f"{100 * s.residual_change:+.0f} %"),
        ]
    )
    st.code(
        f"H(x):         {num(s.target)} → {num(s.moved)}:  ({num(s.moved)} − {num(s.target)}) / {num(s.target)} = {100 * s.plain_change:+.2f} %\n"
        f"F(x) = H − x: {num(s.residual_before, 3)} → {num(s.residual_after, 3)}:  ({num(s.residual_after, 3)} − {num(s.residual_before, 3)}) / {num(s.residual_before, 3)} = {100 * s.residual_change:+.0f} %",
        language=None,
    )
    left, right = beside(ctx)
    if (s.x, s.target, s.moved) == (R.BOOK_SENSITIVITY.x, R.BOOK_SENSITIVITY.target, R.BOOK_SENSITIVITY.moved):
        left.success(_("Book 004: the plain layer changes by 1/51 ≈ 2 %, the residual goes 0.1 → 0.2, +100 %: \"residuals remove the common part and highlight small changes\"."), icon="📖")
    with right:  # while presenting, behind the expander beside the book's note
        more(ctx).markdown(_("And when the best a block can do is nothing (input 2, output 2): a plain block must learn A(2) = 2, a residual block only F(2) = 0 — easy, since weights start near 0. Its gradient is H′(x) = F′(x) + 1: \"the 1 keeps the gradient from vanishing\" (004)."))


def residual_blocks(ctx: Ctx) -> None:
    c1, c2, words = st.columns((1, 1, 2), gap="medium") if ctx.presenting else (*st.columns(2), st.container())  # presenting: one row
    with c1:
        ctx.control("c")
    with c2:
        ctx.control("mid")
    b = R.block_weights(ctx["c"], ctx["mid"])
    words.markdown(_("Two 3×3 convolutions at {c} channels against 1×1 ({c} → {m}), 3×3 ({m}), 1×1 ({m} → {c}). Weights only, no bias, no BatchNorm. Book 004's Example 5-3 takes C = 256 and M = 64.", c=b.c, m=b.mid))
    numbers = [
        (_("Basic block, {c} channels", c=b.c), num(b.basic.value)),
        (_("Bottleneck {c}→{m}→{c}", c=b.c, m=b.mid), num(b.bottleneck.value)),
        (_("Bottleneck against basic"), "−" + percent(b.saving)),
        (_("Basic block, {c} channels", c=b.mid), num(b.basic_mid.value)),
    ]
    if not ctx.presenting:
        metric_row(numbers)
    left, right = beside(ctx)
    if ctx.presenting:  # the four numbers two by two beside the chart, their sums behind the expander
        with left:
            metric_row(numbers[:2])
            metric_row(numbers[2:])
    (more(ctx) if ctx.presenting else left).code(f"{b.basic.filled}\n{b.bottleneck.filled}\n{b.basic_mid.filled}", language=None)
    with right:
        ctx.chart(
            V.bars_figure(
                [_("Basic block, {c} channels", c=b.c), _("Bottleneck {c}→{m}→{c}", c=b.c, m=b.mid), _("Basic block, {c} channels", c=b.mid)],
                [b.basic.value, b.bottleneck.value, b.basic_mid.value], title=_("Weights of one block"),
                axis_title=_(NP_("lab.residual.weights", "Weights")), colours=(V.BAD, V.GOOD, V.ON), scale=ctx.scale,
            ),
            "blocks",
            room=300,
        )
    if (b.c, b.mid) == (256, 64):
        after(ctx, left).success(_("Book 004: 3×3×256×256×2 = 1,179,648 against 69,632, a 94.1 % reduction."), icon="📖")
    wider = b.c / b.mid
    (more(ctx) if ctx.presenting else st.container()).warning(
        _("A fairer comparison: above, a {c}-wide basic block stands against a bottleneck only {m} wide inside (the book: 256 against 64). He et al. compare the bottleneck with a {m}-wide basic block, {basic_mid} weights: the bottleneck costs ×{ratio} of it while its input and output are {wider} times wider.", c=b.c, m=b.mid, basic_mid=f"{b.basic_mid.value:,}", ratio=f"{b.fair_ratio:.3f}", wider=num(wider, 3)),
        icon="⚠️",
    )


def residual_shortcuts(ctx: Ctx) -> None:
    st.markdown(_("F(x) and x are added element by element, so they must have the same shape. When a block changes the channels (and halves the map), the shortcut either pads zero channels (free) or projects x with a 1×1 convolution W_s (book 002 Eq. 6.5, book 004)."))
    cols = st.columns(3)
    with cols[0]:
        ctx.control("cin")
    with cols[1]:
        ctx.control("cout")
    with cols[2]:
        tr = bound()
        ctx.control("kind", format_func=lambda k: tr(_LAB_RESIDUAL_KIND[k]))
    sc = R.shortcut(ctx["cin"], ctx["cout"], ctx["kind"])
    if sc.kind == "identity":
        st.code("y = F(x) + x", language=None)
        st.markdown(_("Same shape: the identity shortcut has no parameters and costs no compute.") if sc.c_in == sc.c_out else _("{cin} → {cout} channels: the identity shortcut pads the missing channels with zeros (the paper's option A): still no parameters.", cin=sc.c_in, cout=sc.c_out))
    else:
        st.code(f"y = F(x) + W_s·x        W_s: 1×1·{sc.c_in}·{sc.c_out} = {sc.weights:,}  (+ BN 2·{sc.c_out} = {sc.bn_params})", language=None)
        metric_row([(_("Projection parameters"), f"{sc.params:,}")])
    st.info(_("Book 004's Example 5-1 raises the dimensions \"from 63 to 128\": a typo for 64 → 128, the step from conv2_x to conv3_x in ResNet-18/34."), icon="📖")


def residual_gradients(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    left.markdown(_("He et al.'s CIFAR ResNet, randomly initialised, with and without shortcuts: one batch of random images forward and backward, then the norm of each convolution's weight gradient, first layer to last."))
    with left if ctx.presenting else st.columns(3)[0]:
        depth = ctx.control("depth")
    with st.spinner(_("Computing the gradients…")):
        plain, res = _gradient_flow(depth, "none"), _gradient_flow(depth, "identity")
    xs = list(range(1, len(plain.norms) + 1))
    with right:
        ctx.chart(
            V.lines_figure(
                [(_("plain (no shortcuts)"), xs, plain.norms), (_("residual (identity shortcuts)"), xs, res.norms)],
                title=_("Gradient norm per layer, {depth} layers", depth=depth), x_title=_("Convolution (input → output)"), y_title=_("‖∂loss/∂W‖"),
                log_y=True, x_integer=True, scale=ctx.scale,
            ),
            "gradients",
        )
    with after(ctx, left):
        metric_row(
            [
                (_("Largest / smallest, plain"), f"{plain.spread:,.0f}×"),
                (_("Largest / smallest, residual"), f"{res.spread:,.0f}×"),
            ]
        )
        more(ctx).markdown(_("Without shortcuts the gradient changes by orders of magnitude from layer to layer: here (with BatchNorm, at initialisation) it grows toward the input, so the layers cannot all learn at one learning rate — the vanishing/exploding-gradient problem of books 002 and 004. With shortcuts every layer gets a gradient of similar size: the +1 of H′ = F′ + 1 at work."))


RESIDUAL = Lab(
    "residual",
    7,
    (
        Param("x", float, 5.0, -100.0, 100.0, 0.1, widget="number", label=N_("Input x")),
        Param("target", float, 5.1, -100.0, 100.0, 0.1, widget="number", label=N_("Target H(x)")),
        Param("moved", float, 5.2, -100.0, 100.0, 0.1, widget="number", label=N_("New target")),
        Param("c", int, 256, 16, 2048, 16, label=N_("Block channels C")),
        Param("mid", int, 64, 4, 512, 4, label=N_("Bottleneck width M")),
        Param("cin", int, 64, 1, 2048, widget="number", label=N_("Channels in")),
        Param("cout", int, 128, 1, 2048, widget="number", label=N_("Channels out")),
        Param("kind", str, "projection", choices=("identity", "projection"), widget="segmented", label=NP_("lab.residual.kind", "Shortcut")),
        Param("depth", int, 56, choices=(20, 32, 44, 56, 110), widget="select", label=N_("Depth (6n + 2 layers)")),
    ),
    (
        Step(N_("F(x) + x"), residual_idea),
        Step(N_("Basic against bottleneck"), residual_blocks),
        Step(N_("Identity or projection shortcut"), residual_shortcuts),
        Step(N_("How the gradient flows"), residual_gradients),
    ),
)

LABS = (STACK, INCEPTION, RESIDUAL)

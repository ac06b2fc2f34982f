"""Labs 13–15: global average pooling, shifts and flips and checkerboards, where BatchNorm goes (from the zoo's models)."""

from __future__ import annotations

import streamlit as st

from explorer.errors import ExplorerError
from explorer.labs import gap as GP
from explorer.labs import preact as PA
from explorer.labs import symmetry as SY
from explorer.labs.common import num, percent
from explorer.viz import labs as V
from explorer.zoo import get
from ui.i18n import bound, error_text, t
from ui.learn.base import Ctx, Lab, Step, after, beside, book_table, formula, metric_row, more, table
from ui.learn.params import Param

# --- 13. global average pooling against Flatten + Dense ----------------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def _split(arch: str, size: int, classes: int) -> GP.Split:
    return GP.split(arch, size, classes)


@st.cache_data(max_entries=16, show_spinner=False)
def _sweep(classes: int) -> list[GP.SweepPoint]:
    return GP.sweep("vgg16_book", classes)


def _title(arch: str) -> str:
    return get(arch).title


def _gap_split(ctx: Ctx) -> GP.Split | None:
    try:
        return _split(ctx["model"], ctx["size"], ctx["classes"])
    except ExplorerError as err:  # an input too small for the model: the analysis's sentence
        st.error(error_text(err), icon="⚠️")
        return None


def gap_where(ctx: Ctx) -> None:
    cols = st.columns(3)
    with cols[0]:
        ctx.control("model", format_func=_title)
    with cols[1]:
        ctx.control("size")
    with cols[2]:
        ctx.control("classes")
    s = _gap_split(ctx)
    if s is None:
        return
    st.markdown(t("lab.gap.s1.text", model=_title(s.arch), size=s.input_size, classes=num(s.classes)))
    metric_row(
        [
            (t("lab.gap.total"), num(s.total)),
            (t("lab.gap.head"), num(s.head_params)),
            (t("lab.gap.share"), percent(s.head_share)),
        ]
    )
    left, right = beside(ctx)
    with left:
        table(
            [
                {t("lab.gap.col.layer"): d.name, t("lab.gap.col.formula"): d.formula, t("lab.gap.col.params"): f"{d.params:,}"}
                for d in s.head
            ]
        )
    others = []
    for arch in GP.MODELS:
        try:
            others.append(_split(arch, ctx["size"], ctx["classes"]))
        except ExplorerError:
            continue
    with right:
        ctx.chart(
            V.bars_figure(
                [_title(o.arch) for o in others], [o.head_params for o in others],
                title=t("lab.gap.fig.models", size=ctx["size"], classes=num(ctx["classes"])), axis_title=t("lab.gap.head"),
                colours=[V.BAD if o.pool != "AdaptiveAvgPool2d" or o.last_map[1] > 1 else V.GOOD for o in others], scale=ctx.scale,
            ),
            "models",
        )
    vgg, res = (next((o for o in others if o.arch == a), None) for a in ("vgg16_book", "resnet50"))
    if vgg and res:
        after(ctx, left).markdown(
            t("lab.gap.s1.after", vgg=num(vgg.head_params), vgg_share=percent(vgg.head_share), res=num(res.head_params),
              res_share=percent(res.head_share), ratio=f"{vgg.head_params / res.head_params:,.0f}")
        )
    if (ctx["size"], ctx["classes"]) == (224, 1000):
        with more(ctx) if ctx.presenting else st.container():
            book_table(GP.book_figures(), "lab.gap.ex")


def gap_sweep(ctx: Ctx) -> None:
    s = _gap_split(ctx)
    if s is None:
        return
    left, right = beside(ctx, (2, 3))
    left.markdown(t("lab.gap.s2.text"))
    points = _sweep(ctx["classes"])
    sizes = [p.size for p in points]
    with right:
        ctx.chart(
            V.lines_figure(
                [(t("lab.gap.flatten"), sizes, [p.flatten_head for p in points]), (t("lab.gap.gap"), sizes, [p.gap_head for p in points])],
                title=t("lab.gap.fig.sweep", classes=num(ctx["classes"])), x_title=t("lab.gap.fig.size"), y_title=t("lab.gap.head"),
                log_x=True, log_y=True, markers=True, scale=ctx.scale,
            ),
            "sweep",
        )
    try:
        book = _split("vgg16_book", ctx["size"], ctx["classes"])
        tv = _split("vgg16", ctx["size"], ctx["classes"])
    except ExplorerError as err:
        st.error(error_text(err), icon="⚠️")
        return
    c1, c2 = (left.container(), left.container()) if ctx.presenting else st.columns(2)
    with c1:
        st.markdown(t("lab.gap.flatten_at", size=book.input_size))
        formula(book.flattened)
        st.code(book.head[0].formula, language=None)
    with c2:
        st.markdown(t("lab.gap.gap_at", size=book.input_size))
        formula(book.gap_head)
    if tv.head_params != book.head_params:
        st.info(t("lab.gap.adaptive", size=tv.input_size, head=num(tv.head_params), book=num(book.head_params)), icon="ℹ️")
    else:
        st.info(t("lab.gap.adaptive_same", size=tv.input_size, h=book.last_map[1], w=book.last_map[2]), icon="ℹ️")


def gap_replace(ctx: Ctx) -> None:
    s = _gap_split(ctx)
    if s is None:
        return
    st.markdown(t("lab.gap.s3.text"))
    if s.last_map[1:] == (1, 1):
        st.info(t("lab.gap.already", model=_title(s.arch), c=num(s.last_map[0])), icon="ℹ️")
    with_gap = s.body_params + int(s.gap_head.value)
    metric_row(
        [
            (t("lab.gap.as_built", model=_title(s.arch)), num(s.total)),
            (t("lab.gap.with_gap"), num(with_gap)),
            (t("lab.gap.saving"), "−" + percent(1 - with_gap / s.total)),
        ]
    )
    c = s.last_map[0]
    st.code(
        f"GAP → Dense:       {num(c)}·{num(s.classes)} + {num(s.classes)} = {num(s.gap_head.value)}\n"
        f"1×1 conv → GAP:    1·1·{num(c)}·{num(s.classes)} + {num(s.classes)} = {num(s.gap_head.value)}",
        language=None,
    )
    st.markdown(t("lab.gap.s3.after", c=num(c), classes=num(s.classes)))


GAP = Lab(
    "gap",
    13,
    (
        Param("model", str, "vgg16_book", choices=GP.MODELS, widget="select"),
        Param("size", int, 224, 32, 512, 32),
        Param("classes", int, 1000, 1, 10_000, widget="number"),
    ),
    (
        Step("lab.gap.s1", gap_where),
        Step("lab.gap.s2", gap_sweep),
        Step("lab.gap.s3", gap_replace),
    ),
)

# --- 14. shifts, flips and checkerboards -------------------------------------------------------------


def _kernel(ctx: Ctx, name: str) -> str:
    tr = bound()
    return ctx.control(name, format_func=lambda k: tr(f"lab.shift.kernel.{k}"))


def shift_equivariance(ctx: Ctx) -> None:
    cols = st.columns(3)
    with cols[0]:
        kernel = _kernel(ctx, "kernel")
    with cols[1]:
        dy = ctx.control("dy")
    with cols[2]:
        dx = ctx.control("dx")
    st.markdown(t("lab.shift.s1.text", dy=dy, dx=dx))
    e = SY.equivariance(kernel, dy, dx)
    ctx.chart(
        V.heatmaps_figure(
            [e.image, e.output, e.shifted, e.output_of_shifted],
            [t("lab.shift.fig.x"), t("lab.shift.fig.fx"), t("lab.shift.fig.gx", dy=dy, dx=dx), t("lab.shift.fig.fgx")],
            scale=ctx.scale,
        ),
        "equivariance",
    )
    left, right = beside(ctx, (1, 2))
    with left:
        metric_row([(t("lab.shift.difference"), num(e.largest_difference))])
    right.markdown(t("lab.shift.s1.after"))


def shift_flip(ctx: Ctx) -> None:
    kernel = _kernel(ctx, "flip")
    c = SY.cross_correlation(kernel)
    st.markdown(t("lab.shift.s2.text"))
    ctx.chart(
        V.heatmaps_figure(
            [c.kernel, c.flipped, c.correlation, c.convolution],
            [t("lab.shift.fig.kernel"), t("lab.shift.fig.flipped"), t("lab.shift.fig.correlation"), t("lab.shift.fig.convolution")],
            scale=ctx.scale,
        ),
        "flip",
    )
    if c.same or c.negated:
        st.info(t("lab.shift.same" if c.same else "lab.shift.negated", kernel=t(f"lab.shift.kernel.{kernel}")), icon="ℹ️")
    else:
        st.info(t("lab.shift.differ"), icon="ℹ️")


def shift_checkerboard(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    with c1:
        k = ctx.control("k")
    with c2:
        s = ctx.control("s")
    cb = SY.checkerboard(k, s)
    st.markdown(t("lab.shift.s3.text", k=k, s=s, n=cb.n))
    ctx.chart(
        V.heatmaps_figure([cb.transposed, cb.resized], [t("lab.shift.fig.transposed", k=k, s=s), t("lab.shift.fig.resized", k=k, s=s)], scale=ctx.scale),
        "checkerboard",
    )
    values = lambda vs: ", ".join(num(v) for v in vs)  # noqa: E731
    left, right = beside(ctx)
    with left:
        metric_row([(t("lab.shift.values_transposed"), values(cb.transposed_values)), (t("lab.shift.values_resized"), values(cb.resized_values))])
    with right:
        if cb.even:
            st.success(t("lab.shift.even", k=k, s=s), icon="✅")
        else:
            st.warning(t("lab.shift.uneven", k=k, s=s, values=values(cb.transposed_values)), icon="⚠️")
        st.caption(t("lab.shift.s3.book"))


SHIFT = Lab(
    "shift",
    14,
    (
        Param("kernel", str, "vertical", choices=tuple(SY.KERNELS), widget="segmented"),
        Param("flip", str, "asymmetric", choices=tuple(SY.KERNELS), widget="segmented", label="lab.shift.kernel"),
        Param("dy", int, 1, -SY.SHIFT_RANGE, SY.SHIFT_RANGE),
        Param("dx", int, 2, -SY.SHIFT_RANGE, SY.SHIFT_RANGE),
        Param("k", int, 3, 1, 5),
        Param("s", int, 2, 1, 3),
    ),
    (
        Step("lab.shift.s1", shift_equivariance),
        Step("lab.shift.s2", shift_flip),
        Step("lab.shift.s3", shift_checkerboard, lambda v: {"k": v["k"], "s": v["s"]}),
    ),
)

# --- 15. where BatchNorm goes: ResNet v1 against v2 ----------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _block(arch: str, stage: int, kind: str) -> PA.Block:
    return PA.block(arch, stage, kind)


@st.cache_data(max_entries=4, show_spinner=False)
def _parts(arch: str) -> PA.Parts:
    return PA.parts(arch)


def _block_table(b: PA.Block) -> None:
    rows = []
    for i, r in enumerate(b.rows):
        rows.append({t("lab.preact.col.layer"): r.name, t("lab.preact.col.type"): r.type, t("lab.preact.col.output"): "×".join(map(str, r.output)), t("lab.preact.col.params"): f"{r.params:,}"})
        if i == b.add:
            rows.append({t("lab.preact.col.layer"): "⊕", t("lab.preact.col.type"): t("lab.preact.add"), t("lab.preact.col.output"): "", t("lab.preact.col.params"): "0"})
    for r in b.shortcut:
        rows.append({t("lab.preact.col.layer"): r.name, t("lab.preact.col.type"): r.type, t("lab.preact.col.output"): "×".join(map(str, r.output)), t("lab.preact.col.params"): f"{r.params:,}"})
    table(rows)


def preact_blocks(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    tr = bound()
    with c1:
        ctx.control("stage")
    with c2:
        ctx.control("kind", format_func=lambda k: tr(f"lab.preact.kind.{k}"))
    with st.spinner(t("lab.preact.computing")):
        v1, v2 = (_block(a, ctx["stage"], ctx["kind"]) for a in PA.VERSIONS)
    st.markdown(t("lab.preact.s1.text", block=v1.prefix.rstrip(".")))
    cols = st.columns(2)
    for col, b in zip(cols, (v1, v2)):
        with col:
            st.markdown(t(f"lab.preact.{b.arch}"))
            _block_table(b)
    metric_row(
        [
            (t("lab.preact.params", v="v1"), num(v1.params)), (t("lab.preact.params", v="v2"), num(v2.params)),
            (t("lab.preact.bn", v="v1"), num(v1.bn_params)), (t("lab.preact.bn", v="v2"), num(v2.bn_params)),
        ]
    )
    st.markdown(t("lab.preact.s1.after"))


def preact_parts(ctx: Ctx) -> None:
    st.markdown(t("lab.preact.s2.text"))
    with st.spinner(t("lab.preact.computing")):
        p1, p2 = (_parts(a) for a in PA.VERSIONS)
    names = [n for n in ("stem", "layer1", "layer2", "layer3", "layer4", "post") if n in p1.bn or n in p2.bn]
    table([{t("lab.preact.col.part"): n, "v1": f"{p1.bn.get(n, 0):,}", "v2": f"{p2.bn.get(n, 0):,}"} for n in names])
    metric_row([(t("lab.preact.total", v="v1"), num(p1.total)), (t("lab.preact.total", v="v2"), num(p2.total)), (t("lab.preact.keras"), num(p1.keras_total))])
    st.markdown(
        t("lab.preact.s2.after", stem=num(p1.bn.get("stem", 0)), post=num(p2.bn.get("post", 0)), v1=num(sum(p1.bn.values())), v2=num(sum(p2.bn.values())))
    )


PREACT = Lab(
    "preact",
    15,
    (
        Param("stage", int, 1, choices=(1, 2, 3, 4), widget="segmented"),
        Param("kind", str, "identity", choices=tuple(PA.BLOCKS), widget="segmented"),
    ),
    (Step("lab.preact.s1", preact_blocks), Step("lab.preact.s2", preact_parts)),
)


LABS = (GAP, SHIFT, PREACT)

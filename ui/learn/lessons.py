"""Labs 13 and on: lessons beyond the books' worked examples, built on the zoo and the analysis."""

from __future__ import annotations

import streamlit as st

from explorer.errors import ExplorerError
from explorer.labs import cifar as CF
from explorer.labs import gap as GP
from explorer.labs import optim as OP
from explorer.labs import overfit as OF
from explorer.labs import preact as PA
from explorer.labs import symmetry as SY
from explorer.labs import transfer as TF
from explorer.labs.common import num, percent
from explorer.viz import labs as V
from explorer.zoo import get
from ui import state
from ui.i18n import bound, error_text, t
from ui.learn.base import Ctx, Lab, Step, book_table, formula, metric_row, table
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
        st.markdown(
            t("lab.gap.s1.after", vgg=num(vgg.head_params), vgg_share=percent(vgg.head_share), res=num(res.head_params),
              res_share=percent(res.head_share), ratio=f"{vgg.head_params / res.head_params:,.0f}")
        )
    if (ctx["size"], ctx["classes"]) == (224, 1000):
        book_table(GP.book_figures(), "lab.gap.ex")


def gap_sweep(ctx: Ctx) -> None:
    s = _gap_split(ctx)
    if s is None:
        return
    st.markdown(t("lab.gap.s2.text"))
    points = _sweep(ctx["classes"])
    sizes = [p.size for p in points]
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
    c1, c2 = st.columns(2)
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
    metric_row([(t("lab.shift.difference"), num(e.largest_difference))])
    st.markdown(t("lab.shift.s1.after"))


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
    metric_row([(t("lab.shift.values_transposed"), values(cb.transposed_values)), (t("lab.shift.values_resized"), values(cb.resized_values))])
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

# --- 16. learning-rate schedules and optimisers ------------------------------------------------------


def optim_schedules(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    tr = bound()
    with c1:
        name = ctx.control("schedule", format_func=lambda k: tr(f"lab.optim.schedule.{k}"))
    with c2:
        epochs = ctx.control("epochs")
    st.markdown(t(f"lab.optim.{name}.text"))
    c = OP.schedule(name, epochs)
    ctx.chart(
        V.lines_figure(
            [(t(f"lab.optim.{name}.said"), c.epochs, c.text), (t("lab.optim.code"), c.epochs, c.code)],
            title=t(f"lab.optim.schedule.{name}"), x_title=t("lab.optim.fig.epoch"), y_title=t("lab.optim.fig.lr"),
            log_y=True, markers=True, x_integer=True, dashes=(None, "dash"), scale=ctx.scale,
        ),
        "schedule",
    )
    differ = str(c.differ[0]) if name == "plateau" and c.differ else ", ".join(str(e) for e in c.differ)
    if differ:
        st.warning(t(f"lab.optim.{name}.why", epochs=differ), icon="⚠️")
    else:
        st.info(t("lab.optim.agree", n=epochs), icon="ℹ️")


def optim_descent(ctx: Ctx) -> None:
    st.markdown(t("lab.optim.s2.text"))
    cols = st.columns(4)
    tr = bound()
    with cols[0]:
        fn = ctx.control("fn", format_func=lambda k: tr(f"lab.optim.fn.{k}"))
    with cols[1]:
        lr = ctx.control("lr", format_func=lambda v: f"{v:g}")
    with cols[2]:
        adam_lr = ctx.control("adam_lr", format_func=lambda v: f"{v:g}")
    with cols[3]:
        steps = ctx.control("steps")
    paths = [OP.descend(fn, o, adam_lr if o == "adam" else lr, steps) for o in OP.OPTIMIZERS]
    names = {o: t(f"lab.optim.opt.{o}") for o in OP.OPTIMIZERS}
    ctx.chart(
        V.lines_figure(
            [(names[p.optimizer], [q[0] for q in p.points], [q[1] for q in p.points]) for p in paths],
            title=t(f"lab.optim.fn.{fn}"), x_title="x", y_title="y", markers=True, scale=ctx.scale,
        ),
        "paths",
    )
    ctx.chart(
        V.lines_figure(
            [(names[p.optimizer], list(range(len(p.losses))), [max(v, 1e-12) for v in p.losses]) for p in paths],
            title=t("lab.optim.fig.loss"), x_title=t("lab.optim.fig.step"), y_title="f(x, y)", log_y=True, x_integer=True, scale=ctx.scale,
        ),
        "losses",
    )
    metric_row([(names[p.optimizer], f"{p.final:.3g}" if len(p.losses) == steps + 1 else t("lab.optim.diverged", step=len(p.losses) - 1)) for p in paths])
    st.code(
        "SGD:       θ ← θ − lr·g\n"
        "momentum:  v ← 0.9·v + g;  θ ← θ − lr·v\n"
        "Adam:      m ← 0.9·m + 0.1·g;  s ← 0.999·s + 0.001·g²;  θ ← θ − lr·m̂ / (√ŝ + 1e-8)",
        language=None,
    )
    st.markdown(t("lab.optim.s2.after", fn=t(f"lab.optim.fn.{fn}"), lr=f"{lr:g}", adam_lr=f"{adam_lr:g}", steps=steps))


OPTIM = Lab(
    "optim",
    16,
    (
        Param("schedule", str, "lenet5", choices=OP.SCHEDULES, widget="segmented"),
        Param("epochs", int, 20, 5, 100),
        Param("fn", str, "bowl", choices=tuple(OP.FUNCTIONS), widget="segmented"),
        Param("lr", float, 0.03, choices=(0.0003, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1), widget="select"),
        Param("adam_lr", float, 0.3, choices=(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0), widget="select"),
        Param("steps", int, 100, 10, 1000, 10),
    ),
    (Step("lab.optim.s1", optim_schedules), Step("lab.optim.s2", optim_descent)),
)

# --- 17. overfitting and regularisation ---------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _overfit(label: str, dropout: bool, weight_decay: bool, augmentation: bool, epochs: int) -> OF.Curves:
    return OF.train(label, dropout=dropout, weight_decay=weight_decay, augmentation=augmentation, epochs=epochs)


def _overfit_key(ctx: Ctx) -> tuple:
    return ("overfit", ctx["dropout"], ctx["decay"], ctx["augment"], ctx["epochs"])


def overfit_intro(ctx: Ctx) -> None:
    st.markdown(t("lab.overfit.s1.text"))


def overfit_run(ctx: Ctx) -> None:
    st.markdown(
        t("lab.overfit.s2.text", samples=OF.SAMPLES, val=OF.VAL, size=OF.SIZE, batch=OF.BATCH, lr=f"{OF.LR:g}", decay=f"{OF.WEIGHT_DECAY:g}")
    )
    cols = st.columns(4)
    for col, name in zip(cols, ("dropout", "decay", "augment", "epochs")):
        with col:
            ctx.control(name)
    key = _overfit_key(ctx)
    results = st.session_state.setdefault(state.LEARN_RESULTS, {})
    st.button(t("lab.overfit.run"), type="primary", key=state.lab_key("overfit", "run"), on_click=results.__setitem__, args=("overfit_pending", key))
    if results.pop("overfit_pending", None) == key:
        try:
            with st.spinner(t("lab.overfit.training")):
                base = _overfit("base", False, False, False, ctx["epochs"])
                reg = _overfit("reg", ctx["dropout"], ctx["decay"], ctx["augment"], ctx["epochs"])
        except ExplorerError as err:
            st.error(error_text(err), icon="⚠️")
            return
        results[key] = (base, reg)
    if key not in results:
        st.info(t("lab.overfit.press"))
        return
    base, reg = results[key]
    regs = [t(f"lab.overfit.{n}") for n in ("dropout", "decay", "augment") if ctx[n]] or [t("lab.overfit.nothing")]
    reg_label = t("lab.overfit.with", what=", ".join(regs))
    panels = []
    for label, c in ((t("lab.overfit.base"), base), (reg_label, reg)):
        es = list(range(1, len(c.val) + 1))
        panels.append((label, [(t("lab.overfit.train_acc"), es, [100 * v for v in c.train]), (t("lab.overfit.val_acc"), es, [100 * v for v in c.val])]))
    ctx.chart(
        V.side_by_side_figure(panels, title=t("lab.overfit.fig"), x_title=t("lab.overfit.fig.epoch"), y_title=t("lab.overfit.fig.acc"), y_range=(0, 100), scale=ctx.scale),
        "curves",
    )
    metric_row(
        [
            (t("lab.overfit.m.train", run=t("lab.overfit.base")), percent(base.train[-1], 0)),
            (t("lab.overfit.m.val", run=t("lab.overfit.base")), percent(base.val[-1], 0)),
            (t("lab.overfit.m.train", run=reg_label), percent(reg.train[-1], 0)),
            (t("lab.overfit.m.val", run=reg_label), percent(reg.val[-1], 0)),
        ]
    )
    st.markdown(
        t("lab.overfit.s2.after", gap=percent(base.gap, 0), reg_gap=percent(reg.gap, 0), base_val=percent(base.val[-1], 0),
          reg_val=percent(reg.val[-1], 0), epochs=len(base.val))
    )


OVERFIT = Lab(
    "overfit",
    17,
    (
        Param("dropout", bool, True, widget="toggle"),
        Param("decay", bool, False, widget="toggle"),
        Param("augment", bool, False, widget="toggle"),
        Param("epochs", int, OF.EPOCHS, 2, 60, 1),
    ),
    (Step("lab.overfit.s1", overfit_intro), Step("lab.overfit.s2", overfit_run)),
)

# --- 18. book 003's CIFAR-10 recipe -----------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def _cifar_counts() -> list[CF.ModelCount]:
    return [CF.model_count(m) for m in CF.MODELS]


def cifar_models(ctx: Ctx) -> None:
    st.markdown(t("lab.cifar.s1.text"))
    counts = _cifar_counts()
    table(
        [
            {
                t("lab.cifar.col.model"): t("lab.cifar.model", m=c.model),
                t("lab.cifar.col.convs"): c.convs,
                t("lab.cifar.col.pools"): c.pools,
                t("lab.cifar.col.flatten"): f"{c.flatten:,}",
                t("lab.cifar.col.conv_params"): f"{c.conv_params:,}",
                t("lab.cifar.col.fc1"): f"{c.flatten:,}·{c.hidden:,} + {c.hidden:,} = {c.fc1_params:,}",
                t("lab.cifar.col.total"): f"{c.total:,}",
                t("lab.cifar.col.dropout"): "0.5" if c.dropout else "—",
            }
            for c in counts
        ]
    )
    ctx.chart(
        V.bars_figure(
            [t("lab.cifar.model", m=c.model) for c in counts], [c.total for c in counts], title=t("lab.cifar.fig"),
            axis_title=t("lab.cifar.col.total"), scale=ctx.scale,
        ),
        "models",
    )
    first, last = counts[0], counts[2]
    st.markdown(
        t("lab.cifar.s1.after", m1=num(first.total), m3=num(last.total), convs1=first.convs, convs3=last.convs,
          fc1=num(first.fc1_params), fc3=num(last.fc1_params), share=percent(first.fc1_params / first.total))
    )


def cifar_swapaxes(ctx: Ctx) -> None:
    st.markdown(t("lab.cifar.s2.text"))
    p = CF.prepare()
    c1, c2 = st.columns(2)
    with c1:
        st.image(p.correct, caption=t("lab.cifar.correct", shape="×".join(map(str, p.correct.shape))), width=256)
    with c2:
        st.image(p.book, caption=t("lab.cifar.book", shape="×".join(map(str, p.book.shape))), width=256)
    st.code(
        f"x = raw.reshape(-1, 3, 32, 32)      # {' × '.join(map(str, p.raw_shape))}: N, C, H, W\n"
        "np.swapaxes(x, 1, 3)               # N, W, H, C  ← the book\n"
        "x.transpose(0, 2, 3, 1)            # N, H, W, C  ← channels last",
        language=None,
    )
    st.warning(t("lab.cifar.transposed") if p.transposed else t("lab.cifar.not_transposed"), icon="⚠️")


def cifar_loop(ctx: Ctx) -> None:
    st.markdown(t("lab.cifar.s3.text"))
    c1, c2 = st.columns(2)
    with c1:
        epochs = ctx.control("epochs")
    with c2:
        batch = ctx.control("batch")
    n = CF.iterations(epochs, batch)
    metric_row([(t("lab.cifar.per_epoch"), num(CF.iterations(1, batch))), (t("lab.cifar.updates"), num(n))])
    st.code(
        "for epoch in range(EPOCHS):\n"
        "    for data, label in minibatch_from(X_train, y_train, batchsize=BATCHSIZE, shuffle=True):\n"
        "        loss = criterion(model(data), label)    # forward, then the error\n"
        "        optimizer.zero_grad(); loss.backward()  # gradients\n"
        "        optimizer.step()                        # SGD with momentum 0.9, lr 0.01\n"
        "    print(epoch, accuracy(model(data), label))  # ⚠ the last minibatch only",
        language=None,
    )
    st.markdown(t("lab.cifar.s3.after", epochs=epochs, batch=batch, images=num(CF.TRAIN_IMAGES), n=num(n)))


CIFAR = Lab(
    "cifar",
    18,
    (Param("epochs", int, 20, 1, 100), Param("batch", int, 64, 1, 1024, widget="number")),
    (Step("lab.cifar.s1", cifar_models), Step("lab.cifar.s2", cifar_swapaxes), Step("lab.cifar.s3", cifar_loop)),
)

# --- 19. transfer learning ------------------------------------------------------------------------------


@st.cache_resource(max_entries=1, show_spinner=False)
def _pretrained() -> tuple[dict, float]:
    return TF.pretrained()


@st.cache_data(max_entries=16, show_spinner=False)
def _transfer(samples: int, epochs: int) -> list[TF.Result]:
    return TF.transfer(samples, epochs, weights=_pretrained()[0])


def transfer_run(ctx: Ctx) -> None:
    st.markdown(
        t("lab.transfer.s1.text", pre=num(TF.PRETRAIN_IMAGES), pre_epochs=TF.PRETRAIN_EPOCHS, val=num(TF.VAL_IMAGES), lr=f"{TF.LR:g}")
    )
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("samples")
    with c2:
        ctx.control("epochs")
    key = ("transfer", ctx["samples"], ctx["epochs"])
    results = st.session_state.setdefault(state.LEARN_RESULTS, {})
    st.button(t("lab.transfer.run"), type="primary", key=state.lab_key("transfer", "run"), on_click=results.__setitem__, args=("transfer_pending", key))
    if results.pop("transfer_pending", None) == key:
        with st.spinner(t("lab.transfer.training")):
            results[key] = (_pretrained()[1], _transfer(ctx["samples"], ctx["epochs"]))
    if key not in results:
        st.info(t("lab.transfer.press"))
        return
    source_acc, runs = results[key]
    names = {r.way: t(f"lab.transfer.way.{r.way}") for r in runs}
    es = list(range(1, ctx["epochs"] + 1))
    ctx.chart(
        V.lines_figure(
            [(names[r.way], es, [100 * a for a in r.accuracy]) for r in runs], title=t("lab.transfer.fig", n=ctx["samples"]),
            x_title=t("lab.transfer.fig.epoch"), y_title=t("lab.transfer.fig.acc"), markers=True, x_integer=True, scale=ctx.scale,
        ),
        "curves",
    )
    metric_row([(names[r.way], percent(r.accuracy[-1], 0)) for r in runs])
    table([{t("lab.transfer.col.way"): names[r.way], t("lab.transfer.col.trainable"): f"{r.trainable:,} / {r.total:,}"} for r in runs])
    best = max(runs, key=lambda r: r.accuracy[-1])
    st.markdown(t("lab.transfer.s1.after", source=percent(source_acc, 0), best=names[best.way], acc=percent(best.accuracy[-1], 0), n=ctx["samples"]))


TRANSFER = Lab(
    "transfer",
    19,
    (Param("samples", int, 50, 10, 500, 10), Param("epochs", int, 10, 1, 30)),
    (Step("lab.transfer.s1", transfer_run),),
)

LABS = (GAP, SHIFT, PREACT, OPTIM, OVERFIT, CIFAR, TRANSFER)

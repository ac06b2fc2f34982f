"""Labs 16–19: schedules and optimisers, overfitting, book 003's CIFAR-10 recipe, transfer learning (trained live)."""

from __future__ import annotations

import streamlit as st

from explorer.errors import ExplorerError
from explorer.labs import cifar as CF
from explorer.labs import optim as OP
from explorer.labs import overfit as OF
from explorer.labs import transfer as TF
from explorer.labs.common import num, percent
from explorer.viz import labs as V
from ui import state
from ui.i18n import bound, error_text, t
from ui.learn.base import Ctx, Lab, Step, beside, metric_row, more, table
from ui.learn.params import Param

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
    left, right = beside(ctx)
    with left:
        ctx.chart(
            V.lines_figure(
                [(names[p.optimizer], [q[0] for q in p.points], [q[1] for q in p.points]) for p in paths],
                title=t(f"lab.optim.fn.{fn}"), x_title="x", y_title="y", markers=True, scale=ctx.scale,
            ),
            "paths",
            room=300,
        )
    with right:
        ctx.chart(
            V.lines_figure(
                [(names[p.optimizer], list(range(len(p.losses))), [max(v, 1e-12) for v in p.losses]) for p in paths],
                title=t("lab.optim.fig.loss"), x_title=t("lab.optim.fig.step"), y_title="f(x, y)", log_y=True, x_integer=True, scale=ctx.scale,
            ),
            "losses",
            room=300,
        )
    metric_row([(names[p.optimizer], f"{p.final:.3g}" if len(p.losses) == steps + 1 else t("lab.optim.diverged", step=len(p.losses) - 1)) for p in paths])
    (more(ctx) if ctx.presenting else st.container()).code(
        "SGD:       θ ← θ − lr·g\n"
        "momentum:  v ← 0.9·v + g;  θ ← θ − lr·v\n"
        "Adam:      m ← 0.9·m + 0.1·g;  s ← 0.999·s + 0.001·g²;  θ ← θ − lr·m̂ / (√ŝ + 1e-8)",
        language=None,
    )
    (more(ctx) if ctx.presenting else st.container()).markdown(t("lab.optim.s2.after", fn=t(f"lab.optim.fn.{fn}"), lr=f"{lr:g}", adam_lr=f"{adam_lr:g}", steps=steps))


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


LABS = (OPTIM, OVERFIT, CIFAR, TRANSFER)

"""Labs 8–10: batch normalization, activation functions, the degradation experiment."""

from __future__ import annotations

import streamlit as st

from explorer.labs import activations as A
from explorer.labs import batchnorm as B
from explorer.labs import degradation as G
from explorer.errors import ExplorerError
from explorer.labs.common import InvalidLabInput, num
from explorer.viz import labs as V
from explorer.training import executor
from ui import state
from ui.i18n import error_text, t
from ui.learn.base import Ctx, Lab, Step, after, beside, table, formula, metric_row, more
from ui.learn.params import Param

# --- 8. batch normalization -------------------------------------------------------------------


def _features(ctx: Ctx) -> list[tuple[float, ...]] | None:
    """The two features' values as typed; None (after a message) when one cannot be read."""
    out = []
    for name in ("f1", "f2"):
        try:
            out.append(B.parse_numbers(ctx[name]))
        except InvalidLabInput:
            st.error(t("lab.bn.bad_numbers", text=ctx[name]), icon="⚠️")
            return None
    if len(out[0]) != len(out[1]):
        st.error(t("lab.bn.lengths", a=len(out[0]), b=len(out[1])), icon="⚠️")
        return None
    return out


def _batch_table(features: list[tuple[float, ...]], extra: dict[str, list[tuple[float, ...]]] | None = None) -> None:
    rows = []
    for i in range(len(features[0])):
        row = {t("lab.bn.col.sample"): i + 1, "x (1)": num(features[0][i]), "x (2)": num(features[1][i])}
        for label, cols in (extra or {}).items():
            row[f"{label} (1)"] = f"{cols[0][i]:.4f}"
            row[f"{label} (2)"] = f"{cols[1][i]:.4f}"
        rows.append(row)
    table(rows)


def bn_stats(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("f1")
    with c2:
        ctx.control("f2")
    features = _features(ctx)
    if features is None:
        return
    st.markdown(t("lab.bn.s1.text", m=len(features[0])))
    left, right = beside(ctx)
    with left:
        _batch_table(features)
    for j, x in enumerate(features, start=1):
        step = B.train_step(x, eps=ctx["eps"])
        mu, var, _, _ = step.formulas
        right.markdown(t("lab.bn.feature", j=j))
        right.code(f"{mu.symbolic}\n  = {mu.filled}\n{var.symbolic}\n  = {var.filled}", language=None)


def bn_normalise(ctx: Ctx) -> None:
    st.markdown(t("lab.bn.s2.text"))
    left, right = beside(ctx)
    with left:
        ctx.control("eps", format_func=lambda e: f"{e:g}")
    features = _features(ctx)
    if features is None:
        return
    steps = [B.train_step(x, eps=ctx["eps"]) for x in features]
    with left:
        _batch_table(features, {"x̂": [s.x_hat for s in steps]})
    with right:
        formula(steps[0].formulas[2])
    ctx.chart(V.strips_figure([("x (1)", steps[0].x), ("x̂ (1)", steps[0].x_hat)], title=t("lab.bn.fig.normalise"), scale=ctx.scale), "normalise", room=260)
    st.caption(t("lab.bn.mean_var", mean=num(sum(steps[0].x_hat) / len(steps[0].x_hat) + 0.0, 3), var=num(sum(v * v for v in steps[0].x_hat) / len(steps[0].x_hat), 4)))


def _restore(ctx: Ctx, mean: float, var: float, eps: float) -> None:
    ctx.set("gamma", round((var + eps) ** 0.5, 4))
    ctx.set("beta", round(mean, 4))


def bn_scale(ctx: Ctx) -> None:
    st.markdown(t("lab.bn.s3.text"))
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("gamma")
    with c2:
        ctx.control("beta")
    features = _features(ctx)
    if features is None:
        return
    step = B.train_step(features[0], ctx["gamma"], ctx["beta"], ctx["eps"])
    left, right = beside(ctx, (2, 3))
    with left:
        formula(step.formulas[3])
    with right:
        ctx.chart(
            V.strips_figure([("x (1)", step.x), ("x̂ (1)", step.x_hat), ("y (1)", step.y)], title=t("lab.bn.fig.scale"), scale=ctx.scale),
            "scale",
        )
    with after(ctx, left):
        st.button(t("lab.bn.restore"), on_click=_restore, args=(ctx, step.mean, step.var, step.eps), key=state.lab_key("bn", "restore"))
        st.caption(t("lab.bn.restore.help"))


def bn_modes(ctx: Ctx) -> None:
    st.markdown(t("lab.bn.s4.text"))
    c1, c2 = st.columns(2)
    with c1:
        ctx.control("momentum")
    with c2:
        ctx.control("steps")
    features = _features(ctx)
    if features is None:
        return
    x = features[0]
    train = B.train_step(x, ctx["gamma"], ctx["beta"], ctx["eps"])
    history = B.running_stats(x, steps=ctx["steps"], momentum=ctx["momentum"])
    last = history[-1]
    left, right = beside(ctx)
    left.code(
        f"running_mean ← (1 − α)·running_mean + α·μ_B        μ_B = {num(train.mean)}\n"
        f"running_var  ← (1 − α)·running_var  + α·σ²_unbiased  σ²_unbiased = {num(train.var_unbiased)}\n"
        f"α = {ctx['momentum']:g};  {t('lab.bn.after_one') if last.step == 1 else t('lab.bn.after', k=last.step)}: running_mean = {last.mean:.4f}, running_var = {last.var:.4f}",
        language=None,
    )
    ev = B.eval_output(x, gamma=ctx["gamma"], beta=ctx["beta"], mean=last.mean, var=last.var, eps=ctx["eps"])
    rows = [
        {t("lab.bn.col.sample"): i + 1, "x": num(v), t("lab.bn.col.train"): f"{a:.4f}", t("lab.bn.col.eval"): f"{b:.4f}"}
        for i, (v, a, b) in enumerate(zip(x, train.y, ev))
    ]
    with more(ctx) if ctx.presenting else left:
        table(rows)
    with left:
        formula(B.eval_formula(x[0], gamma=ctx["gamma"], beta=ctx["beta"], mean=last.mean, var=last.var, eps=ctx["eps"]))
    ks = [h.step for h in history]
    with right:
        ctx.chart(
            V.lines_figure(
                [
                    ("running_mean", ks, [h.mean for h in history]),
                    ("running_var", ks, [h.var for h in history]),
                    ("μ_B", ks, [train.mean] * len(ks)),
                    ("σ²_unbiased", ks, [train.var_unbiased] * len(ks)),
                ],
                title=t("lab.bn.fig.running"), x_title=t("lab.bn.fig.steps"), y_title=t("lab.bn.fig.value"), markers=True, x_integer=True,
                scale=ctx.scale,
            ),
            "running",
        )
    st.markdown(t("lab.bn.s4.after"))


@st.cache_data(max_entries=4, show_spinner=False)
def _alexnet_counts() -> tuple[int, int, int]:
    from explorer import analyze

    r = analyze("alexnet_book")
    return r.keras_total_params, r.total_params, r.keras_total_params - r.total_params


def bn_counting(ctx: Ctx) -> None:
    st.markdown(t("lab.bn.s5.text"))
    c = ctx.control("channels")
    k = B.Counting(c)
    metric_row([("PyTorch (γ, β)", f"2·{c} = {k.pytorch:,}"), ("Keras", f"4·{c} = {k.keras:,}"), (t("lab.bn.buffers"), f"2·{c} = {k.buffers:,}")])
    keras_total, torch_total, diff = _alexnet_counts()
    channels = " + ".join(str(ch) for ch in B.ALEXNET_BN_CHANNELS)
    st.markdown(t("lab.bn.alexnet", keras=f"{keras_total:,}", torch=f"{torch_total:,}", diff=f"{diff:,}", channels=channels))


BN = Lab(
    "bn",
    8,
    (
        Param("f1", str, "1, 3, 5, 7", widget="text"),
        Param("f2", str, "2, 4, 4, 6", widget="text"),
        Param("eps", float, 1e-5, choices=(1e-5, 1e-3, 0.1), widget="segmented"),
        Param("gamma", float, 1.0, -10.0, 10.0, 0.1, widget="number"),
        Param("beta", float, 0.0, -10.0, 10.0, 0.1, widget="number"),
        Param("momentum", float, 0.1, 0.01, 1.0, 0.01),
        Param("steps", int, 1, 1, 50),
        Param("channels", int, 64, 1, 2048, widget="number"),
    ),
    (
        Step("lab.bn.s1", bn_stats),
        Step("lab.bn.s2", bn_normalise),
        Step("lab.bn.s3", bn_scale),
        Step("lab.bn.s4", bn_modes),
        Step("lab.bn.s5", bn_counting),
    ),
)

# --- 9. activation functions ------------------------------------------------------------------


def _names() -> dict[str, str]:
    return {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}


#: Draw order and style: ReLU underneath, sigmoid, then tanh dashed on top (tanh(x) ≈ x = ReLU(x) near 0+,
#: and tanh′ = ReLU′ = 1 at 0+: solid lines would hide one under the other). Colours stay with the function.
_ORDER = ("relu", "sigmoid", "tanh")
_DASH = {"relu": None, "sigmoid": None, "tanh": "dash"}


def _act_figure(cs: list, field: str, *, title: str, y_title: str, scale: float):
    names, by = _names(), {c.name: c for c in cs}
    colours = {n: V.PALETTE[i % len(V.PALETTE)] for i, n in enumerate(A.NAMES)}
    return V.lines_figure(
        [(names[n], by[n].xs, getattr(by[n], field)) for n in _ORDER], title=title, x_title="x", y_title=y_title,
        dashes=[_DASH[n] for n in _ORDER], colours=[colours[n] for n in _ORDER], scale=scale,
    )


def act_curves(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    left.markdown(t("lab.act.s1.text"))
    with right:
        ctx.chart(_act_figure(A.curves(), "values", title=t("lab.act.fig.values"), y_title="f(x)", scale=ctx.scale), "values")
    after(ctx, left).code("\n".join(A.FORMULAS[n][0] for n in A.NAMES), language=None)


def act_slopes(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    with left:
        st.markdown(t("lab.act.s2.text"))
        x0 = ctx.control("x0")
    names = _names()
    fig = _act_figure(A.curves(), "slopes", title=t("lab.act.fig.slopes"), y_title="f′(x)", scale=ctx.scale)
    fig.add_vline(x=x0, line={"color": V.HIGHLIGHT, "width": 3, "dash": "dash"})
    with right:
        ctx.chart(fig, "slopes", room=340)
        metric_row([(f"{names[n]}′({x0:g})", f"{A.at(n, x0)[1]:.4f}") for n in A.NAMES])
    after(ctx, left).code("\n".join(A.FORMULAS[n][1] for n in A.NAMES), language=None)


def act_vanish(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    with left:
        st.markdown(t("lab.act.s3.text"))
        n = ctx.control("n")
    x0 = ctx["x0"]
    names = _names()
    ks = list(range(1, n + 1))
    # Each function at its steepest (sigmoid and tanh at 0, ReLU on an active unit), and sigmoid at the chosen x.
    best = {"sigmoid": 0.0, "tanh": 0.0, "relu": 1.0}
    series = [(t("lab.act.best", name=names[name]), ks, [A.chain(name, k, best[name]) for k in ks]) for name in A.NAMES]
    if x0 != 0:
        series.append((f"sigmoid, x = {x0:g}", ks, [A.chain("sigmoid", k, x0) for k in ks]))
    with right:
        ctx.chart(
            V.lines_figure(
                series, title=t("lab.act.fig.chain"), x_title=t("lab.act.fig.layers"), y_title=t("lab.act.fig.factor"),
                log_y=True, markers=True, x_integer=True, scale=ctx.scale,
            ),
            "chain",
        )
    s = A.chain("sigmoid", n, x0)
    with after(ctx, left):
        st.code(f"σ′({x0:g}) = {A.at('sigmoid', x0)[1]:.4f};   σ′({x0:g})^{n} = {s:.3e}", language=None)
        if x0 == 0:
            st.markdown(t("lab.act.quarter", n=n, value=f"{0.25 ** n:.3e}"))
        st.markdown(t("lab.act.s3.after"))


ACT = Lab(
    "act",
    9,
    (Param("x0", float, 0.0, -6.0, 6.0, 0.5), Param("n", int, 10, 1, 30)),
    (Step("lab.act.s1", act_curves), Step("lab.act.s2", act_slopes), Step("lab.act.s3", act_vanish)),
)

# --- 10. the degradation experiment -----------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _run(depth: int, shortcut: str, steps: int) -> tuple[float, ...]:
    # Through the executor: in this process by default, on a node of the Ray cluster when one is configured.
    return tuple(executor.get().call(G.engine_train, G.ARCH, {"depth": depth, "shortcut": shortcut}, steps))


def _train(ctx: Ctx) -> None:
    shallow, deep, steps = ctx["shallow"], ctx["deep"], ctx["steps"]
    bar = st.progress(0.0, text=t("lab.degrade.training"))
    done = []

    def train(arch: str, hp: dict, n: int) -> list[float]:
        bar.progress(len(done) / 4, text=t("lab.degrade.training_one", depth=hp["depth"], kind=t(f"lab.degrade.{hp['shortcut']}")))
        errors = list(_run(hp["depth"], hp["shortcut"], n))
        done.append(1)
        return errors

    try:
        curves = G.experiment(train, depths=(shallow, deep), steps=steps)
    except ExplorerError as err:  # a run that diverged: the engine's own sentence
        bar.empty()
        st.error(error_text(err), icon="⚠️")
        return
    bar.empty()
    st.session_state.setdefault(state.LEARN_RESULTS, {})[("degrade", shallow, deep, steps)] = curves


def _run_label(c: G.Curve) -> str:
    return t("lab.degrade.run_label", kind=t(f"lab.degrade.{c.shortcut}"), depth=c.depth)


def degrade_intro(ctx: Ctx) -> None:
    st.markdown(t("lab.degrade.s1.text"))


def degrade_run(ctx: Ctx) -> None:
    st.markdown(t("lab.degrade.s2.text", samples=G.SAMPLES, size=G.IMAGE_SIZE, momentum=G.MOMENTUM, lr=G.LR, batch=G.BATCH))
    cols = st.columns(3)
    for col, name in zip(cols, ("shallow", "deep", "steps")):
        with col:
            ctx.control(name)
    key = ("degrade", ctx["shallow"], ctx["deep"], ctx["steps"])
    results = st.session_state.setdefault(state.LEARN_RESULTS, {})
    # A flag set by the button's callback, not the button's return value: the run survives a rerun of the script.
    st.button(t("lab.degrade.run"), type="primary", key=state.lab_key("degrade", "run"), on_click=results.__setitem__, args=("degrade_pending", key))
    if results.pop("degrade_pending", None) == key:
        _train(ctx)
    curves = results.get(key)
    if curves is None:
        st.info(t("lab.degrade.press"))
        return
    panels = []
    for shortcut in G.SHORTCUTS:
        series = [
            (t("lab.degrade.layers", depth=c.depth), list(range(1, len(c.errors) + 1)), [100 * v for v in G.smooth(c.errors, 10)])
            for c in curves
            if c.shortcut == shortcut
        ]
        panels.append((t(f"lab.degrade.{shortcut}"), series))
    ctx.chart(
        V.side_by_side_figure(panels, title=t("lab.degrade.fig"), x_title=t("lab.degrade.fig.step"), y_title=t("lab.degrade.fig.error"), y_range=(0, 100), scale=ctx.scale),
        "curves",
    )
    metric_row([(_run_label(c), f"{100 * c.final():.0f} %") for c in curves])
    st.markdown(t("lab.degrade.s2.after"))


DEGRADE = Lab(
    "degrade",
    10,
    (
        Param("shallow", int, 20, choices=(8, 14, 20), widget="segmented"),
        Param("deep", int, 56, choices=(32, 44, 56), widget="segmented"),
        Param("steps", int, G.STEPS, 10, 300, 10),
    ),
    (Step("lab.degrade.s1", degrade_intro), Step("lab.degrade.s2", degrade_run)),
)

LABS = (BN, ACT, DEGRADE)

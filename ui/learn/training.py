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
from ui.i18n import _, error_text, N_, ngettext, NP_
from ui.learn.base import Ctx, Lab, Step, after, beside, table, formula, metric_row, more
from ui.learn.params import Param

# The messages of f"lab.degrade.{hp['shortcut']}", by hp['shortcut'] (from the keys of the old catalogue).
_LAB_DEGRADE = {
    "none": N_("plain"),
    "identity": N_("residual"),
}
# What the progress bar says while one network trains, by hp['shortcut']: a whole sentence each.
_LAB_DEGRADE_TRAINING = {
    "none": N_("Training the plain network with {depth} layers…"),
    "identity": N_("Training the residual network with {depth} layers…"),
}

# --- 8. batch normalization -------------------------------------------------------------------


def _features(ctx: Ctx) -> list[tuple[float, ...]] | None:
    """The two features' values as typed; None (after a message) when one cannot be read."""
    out = []
    for name in ("f1", "f2"):
        try:
            out.append(B.parse_numbers(ctx[name]))
        except InvalidLabInput:
            st.error(_("“{text}” should be numbers separated by commas, at least two, such as 1, 3, 5, 7.", text=ctx[name]), icon="⚠️")
            return None
    if len(out[0]) != len(out[1]):
        st.error(_("The two features must have the same number of samples (now {a} and {b}).", a=len(out[0]), b=len(out[1])), icon="⚠️")
        return None
    return out


def _batch_table(features: list[tuple[float, ...]], extra: dict[str, list[tuple[float, ...]]] | None = None) -> None:
    rows = []
    for i in range(len(features[0])):
        row = {_("Sample"): i + 1, "x (1)": num(features[0][i]), "x (2)": num(features[1][i])}
        for label, cols in (extra or {}).items():
            row[f"{label} (1)"] = f"{cols[0][i]:.4f}"
            row[f"{label} (2)"] = f"{cols[1][i]:.4f}"
        rows.append(row)
    table(rows)


def bn_stats(ctx: Ctx) -> None:
    ctx.controls("f1", "f2")
    features = _features(ctx)
    if features is None:
        return
    st.markdown(_("A mini-batch of {m} samples with 2 features (the default batch has 4; edit it). BN works on each feature separately, across the samples (for a convolution: each channel, across samples and positions).", m=len(features[0])))
    left, right = beside(ctx)
    with left:
        _batch_table(features)
    for j, x in enumerate(features, start=1):
        step = B.train_step(x, eps=ctx["eps"])
        mu, var, __, __ = step.formulas
        right.markdown(_("**Feature {j}**", j=j))
        right.code(f"{mu.symbolic}\n  = {mu.filled}\n{var.symbolic}\n  = {var.filled}", language=None)


def bn_normalise(ctx: Ctx) -> None:
    st.markdown(_("Subtract the mean, divide by the standard deviation; ε keeps the division safe when σ² is 0 (PyTorch's ε is 1e-5, Keras's 1e-3)."))
    left, right = beside(ctx, (2, 3))
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
    with after(ctx, right):  # while presenting, the chart under the formula, beside the table
        ctx.chart(V.strips_figure([("x (1)", steps[0].x), ("x̂ (1)", steps[0].x_hat)], title=_("Feature 1 before and after normalising"), scale=ctx.scale), "normalise", room=260)
        st.caption(_("x̂ of feature 1 has mean {mean} and variance {var}.", mean=num(sum(steps[0].x_hat) / len(steps[0].x_hat) + 0.0, 3), var=num(sum(v * v for v in steps[0].x_hat) / len(steps[0].x_hat), 4)))


def _restore(ctx: Ctx, mean: float, var: float, eps: float) -> None:
    ctx.set("gamma", round((var + eps) ** 0.5, 4))
    ctx.set("beta", round(mean, 4))


def bn_scale(ctx: Ctx) -> None:
    st.markdown(_("γ and β are learnt like weights. They give back what forcing mean 0 and variance 1 took away: with γ = √(σ² + ε) and β = μ the layer outputs its input unchanged (004: \"the essence of BN\")."))
    ctx.controls("gamma", "beta")
    features = _features(ctx)
    if features is None:
        return
    step = B.train_step(features[0], ctx["gamma"], ctx["beta"], ctx["eps"])
    left, right = beside(ctx, (2, 3))
    with left:
        formula(step.formulas[3])
    with right:
        ctx.chart(
            V.strips_figure([("x (1)", step.x), ("x̂ (1)", step.x_hat), ("y (1)", step.y)], title=_("Feature 1: x, x̂ and y"), scale=ctx.scale),
            "scale",
        )
    with after(ctx, left):
        st.button(_("Set γ = √(σ² + ε), β = μ"), on_click=_restore, args=(ctx, step.mean, step.var, step.eps), key=state.lab_key("bn", "restore"))
        st.caption(_("Then y equals x again (feature 1)."))


def bn_modes(ctx: Ctx) -> None:
    st.markdown(_("In training, BN uses the batch's own μ and σ². It also keeps running averages of them; in evaluation (one image at a time, no batch) it uses those instead. The books give no formula for this part; this is PyTorch's rule, with momentum α = 0.1 and the unbiased variance (m − 1)."))
    ctx.controls("momentum", "steps")
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
        + ngettext("α = {alpha:g};  after {n} step: running_mean = {mean:.4f}, running_var = {var:.4f}",
                   "α = {alpha:g};  after {n} steps: running_mean = {mean:.4f}, running_var = {var:.4f}", last.step,
                   n=last.step, alpha=ctx["momentum"], mean=last.mean, var=last.var),
        language=None,
    )
    ev = B.eval_output(x, gamma=ctx["gamma"], beta=ctx["beta"], mean=last.mean, var=last.var, eps=ctx["eps"])
    rows = [
        {_("Sample"): i + 1, "x": num(v), _("y in training"): f"{a:.4f}", _("y in evaluation"): f"{b:.4f}"}
        for i, (v, a, b) in enumerate(zip(x, train.y, ev))
    ]
    if not ctx.presenting:
        with left:
            table(rows)
    with left:
        formula(B.eval_formula(x[0], gamma=ctx["gamma"], beta=ctx["beta"], mean=last.mean, var=last.var, eps=ctx["eps"]))
        if ctx.presenting:  # the samples' outputs behind the expander, under the formula
            with more(ctx):
                table(rows)
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
                title=_("Running statistics of feature 1, from PyTorch's start (0, 1)"), x_title=_("Training steps"), y_title=_("Value"), markers=True, x_integer=True,
                scale=ctx.scale,
            ),
            "running",
            room=300,
        )
    more(ctx).markdown(_("After one step the running statistics are still far from the batch's, so evaluation outputs differ from training outputs; after many steps they converge. Book 002's S4TF momentum 0.1 means the opposite weighting (new = 0.1·old + 0.9·batch); PyTorch's momentum 0.1 is new = 0.9·old + 0.1·batch."))


@st.cache_data(max_entries=4, show_spinner=False)
def _alexnet_counts() -> tuple[int, int, int]:
    from explorer import analyze

    r = analyze("alexnet_book")
    return r.keras_total_params, r.total_params, r.keras_total_params - r.total_params


def bn_counting(ctx: Ctx) -> None:
    st.markdown(_("A BN layer over C channels has γ and β (2C, trainable) and the running mean and variance (2C). Keras's summary counts all 4C as parameters (2C \"non-trainable\"); PyTorch keeps the statistics as buffers and counts 2C. This is why the books' totals are larger than PyTorch's."))
    c = ctx.control("channels")
    k = B.Counting(c)
    metric_row([("PyTorch (γ, β)", f"2·{c} = {k.pytorch:,}"), ("Keras", f"4·{c} = {k.keras:,}"), (_("Buffers (PyTorch)"), f"2·{c} = {k.buffers:,}")])
    keras_total, torch_total, diff = _alexnet_counts()
    channels = " + ".join(str(ch) for ch in B.ALEXNET_BN_CHANNELS)
    st.markdown(_("Book 001's AlexNet: Keras prints **{keras}** total, PyTorch counts **{torch}**; the difference {diff} = 2 × ({channels}), the running statistics of its five BN layers.", keras=f"{keras_total:,}", torch=f"{torch_total:,}", diff=f"{diff:,}", channels=channels))


BN = Lab(
    "bn",
    8,
    (
        Param("f1", str, "1, 3, 5, 7", widget="text", label=N_("Feature 1 across the batch")),
        Param("f2", str, "2, 4, 4, 6", widget="text", label=N_("Feature 2 across the batch")),
        Param("eps", float, 1e-5, choices=(1e-5, 1e-3, 0.1), widget="segmented", label=N_("ε")),
        Param("gamma", float, 1.0, -10.0, 10.0, 0.1, widget="number", label=N_("γ (scale)")),
        Param("beta", float, 0.0, -10.0, 10.0, 0.1, widget="number", label=N_("β (shift)")),
        Param("momentum", float, 0.1, 0.01, 1.0, 0.01, label=N_("Momentum α")),
        Param("steps", int, 1, 1, 50, label=N_("Training steps seen")),
        Param("channels", int, 64, 1, 2048, widget="number", label=N_("Channels C")),
    ),
    (
        Step(N_("Mean and variance of the batch"), bn_stats),
        Step(N_("Normalise: x̂ = (x − μ) / √(σ² + ε)"), bn_normalise),
        Step(N_("Scale and shift: y = γ·x̂ + β"), bn_scale),
        Step(N_("Training against evaluation"), bn_modes),
        Step(N_("Keras 4C, PyTorch 2C"), bn_counting),
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
    left.markdown(_("Sigmoid squashes to (0, 1), tanh to (−1, 1) — a zero-centred, scaled sigmoid, tanh(x) = 2σ(2x) − 1 — and ReLU keeps positive values and zeroes the rest (003)."))
    with right:
        ctx.chart(_act_figure(A.curves(), "values", title=_("Activation functions"), y_title="f(x)", scale=ctx.scale), "values")
    after(ctx, left).code("\n".join(A.FORMULAS[n][0] for n in A.NAMES), language=None)


def act_slopes(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    with left:
        st.markdown(_("The sigmoid's slope is at most 0.25 (at 0) and almost 0 at both ends: a saturated unit passes almost no gradient back. Tanh's slope is at most 1; ReLU's is exactly 1 for every positive input (0 for negative ones: a \"dying ReLU\" gets no update)."))
        x0 = ctx.control("x0")
    names = _names()
    fig = _act_figure(A.curves(), "slopes", title=_("Derivatives"), y_title="f′(x)", scale=ctx.scale)
    fig.add_vline(x=x0, line={"color": V.HIGHLIGHT, "width": 3, "dash": "dash"})
    with right:
        ctx.chart(fig, "slopes", room=340)
        metric_row([(f"{names[n]}′({x0:g})", f"{A.at(n, x0)[1]:.4f}") for n in A.NAMES])
    after(ctx, left).code("\n".join(A.FORMULAS[n][1] for n in A.NAMES), language=None)


def act_vanish(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    with left:
        st.markdown(_("Backpropagation multiplies the slopes of all the layers it passes through. With sigmoid every factor is at most 0.25, so the product shrinks exponentially with depth (004: \"a chained product of factors < 1\")."))
        n = ctx.control("n")
    x0 = ctx["x0"]
    names = _names()
    ks = list(range(1, n + 1))
    # Each function at its steepest (sigmoid and tanh at 0, ReLU on an active unit), and sigmoid at the chosen x.
    best = {"sigmoid": 0.0, "tanh": 0.0, "relu": 1.0}
    series = [(_("{name}, at its steepest", name=names[name]), ks, [A.chain(name, k, best[name]) for k in ks]) for name in A.NAMES]
    if x0 != 0:
        series.append((f"sigmoid, x = {x0:g}", ks, [A.chain("sigmoid", k, x0) for k in ks]))
    with right:
        ctx.chart(
            V.lines_figure(
                series, title=_("Product of the slopes through n layers"), x_title=_("Layers passed"), y_title=_("Gradient scaled by"),
                log_y=True, markers=True, x_integer=True, scale=ctx.scale,
            ),
            "chain",
        )
    s = A.chain("sigmoid", n, x0)
    with after(ctx, left):
        st.code(f"σ′({x0:g}) = {A.at('sigmoid', x0)[1]:.4f};   σ′({x0:g})^{n} = {s:.3e}", language=None)
        if x0 == 0:
            st.markdown(_("At best (x = 0) {n} sigmoid layers scale the gradient by 0.25^{n} = {value}.", n=n, value=f"{0.25 ** n:.3e}"))
        st.markdown(_("ReLU's slope of 1 passes the gradient unchanged for active units, one reason AlexNet trained faster with it (001). Weights multiply in too, which is why initialisation, BatchNorm and shortcuts matter as well."))


ACT = Lab(
    "act",
    9,
    (Param("x0", float, 0.0, -6.0, 6.0, 0.5, label=N_("Pre-activation x")), Param("n", int, 10, 1, 30, label=NP_("lab.act.n", "Layers"))),
    (Step(N_("The three functions"), act_curves), Step(N_("Their derivatives"), act_slopes), Step(N_("Why sigmoid gradients vanish"), act_vanish)),
)

# --- 10. the degradation experiment -----------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _run(depth: int, shortcut: str, steps: int) -> tuple[float, ...]:
    # Through the executor: in this process by default, on a node of the Ray cluster when one is configured.
    return tuple(executor.get().call(G.engine_train, G.ARCH, {"depth": depth, "shortcut": shortcut}, steps))


def _train(ctx: Ctx) -> None:
    shallow, deep, steps = ctx["shallow"], ctx["deep"], ctx["steps"]
    bar = st.progress(0.0, text=_("Training…"))
    done = []

    def train(arch: str, hp: dict, n: int) -> list[float]:
        training = _LAB_DEGRADE_TRAINING[hp["shortcut"]]
        bar.progress(len(done) / 4, text=_(training, depth=hp["depth"]))
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
    return _("{kind}, {depth} layers", kind=_(_LAB_DEGRADE[c.shortcut]), depth=c.depth)


def degrade_intro(ctx: Ctx) -> None:
    st.markdown(_("He et al. trained plain CIFAR networks of 20 and 56 layers: the 56-layer one had the higher error on the **training** set, so it is not overfitting (that would hurt only the test set) — the deeper net is harder to optimise. With shortcuts the deeper ResNet is better.\n\n⚠ The books explain it differently: book 004 blames ReLU's loss of information, book 000 overfitting and covariate shift; the paper's explanation is optimisation difficulty."))


def degrade_run(ctx: Ctx) -> None:
    st.markdown(_("Four short runs of He et al.'s CIFAR ResNet (6n + 2 layers), with shortcuts (residual) and without (plain), at two depths, by the app's training engine on its embedded digits ({samples} images generated from a seed, 10 classes, at {size}×{size}: the same every time): SGD with momentum {momentum}, learning rate {lr}, batches of {batch}. The curves show the training error.", samples=G.SAMPLES, size=G.IMAGE_SIZE, momentum=G.MOMENTUM, lr=G.LR, batch=G.BATCH))
    cols = st.columns(3)
    for col, name in zip(cols, ("shallow", "deep", "steps")):
        with col:
            ctx.control(name)
    key = ("degrade", ctx["shallow"], ctx["deep"], ctx["steps"])
    results = st.session_state.setdefault(state.LEARN_RESULTS, {})
    # A flag set by the button's callback, not the button's return value: the run survives a rerun of the script.
    st.button(_("Train the four networks"), type="primary", key=state.lab_key("degrade", "run"), on_click=results.__setitem__, args=("degrade_pending", key))
    if results.pop("degrade_pending", None) == key:
        _train(ctx)
    curves = results.get(key)
    if curves is None:
        st.info(_("Press the button: the four runs take about a minute on a laptop's CPU (fewer steps, less time); their results are then kept for everyone on this server."))
        return
    panels = []
    for shortcut in G.SHORTCUTS:
        series = [
            (_("{depth} layers", depth=c.depth), list(range(1, len(c.errors) + 1)), [100 * v for v in G.smooth(c.errors, 10)])
            for c in curves
            if c.shortcut == shortcut
        ]
        panels.append((_(_LAB_DEGRADE[shortcut]), series))
    ctx.chart(
        V.side_by_side_figure(panels, title=_("Training error (moving average of 10 steps)"), x_title=_("Step"), y_title=_("Training error (%)"), y_range=(0, 100), scale=ctx.scale),
        "curves",
    )
    metric_row([(_run_label(c), f"{100 * c.final():.0f} %") for c in curves])
    st.markdown(_("Read the left panel: the deeper plain network learns slower and ends with the higher training error — degradation. On the right, with shortcuts, depth no longer hurts. The numbers are the mean error of the last 10 steps."))


DEGRADE = Lab(
    "degrade",
    10,
    (
        Param("shallow", int, 20, choices=(8, 14, 20), widget="segmented", label=N_("Shallow depth")),
        Param("deep", int, 56, choices=(32, 44, 56), widget="segmented", label=N_("Deep depth")),
        Param("steps", int, G.STEPS, 10, 300, 10, label=N_("Training steps")),
    ),
    (Step(N_("The question"), degrade_intro), Step(N_("Train plain and residual networks"), degrade_run)),
)

LABS = (BN, ACT, DEGRADE)

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
from ui.i18n import _, bound, error_text, N_, ngettext, NP_
from ui.learn.base import Ctx, Lab, Step, after, beside, metric_row, more, table
from ui.learn.params import Param

# The messages of f"lab.optim.opt.{o}", by o (from the keys of the old catalogue).
_LAB_OPTIM_OPT = {
    "sgd": N_("SGD"),
    "momentum": N_("SGD + momentum 0.9"),
    "adam": N_("Adam"),
}

# The messages of f"lab.optim.fn.{fn}", by fn (from the keys of the old catalogue).
_LAB_OPTIM_FN = {
    "bowl": N_("narrow bowl ½(x² + 25y²)"),
    "rosenbrock": N_("Rosenbrock (1 − x)² + 100(y − x²)²"),
}

# The messages of f"lab.optim.{name}.text", by name (from the keys of the old catalogue).
_LAB_OPTIM_TEXT = {
    "lenet5": N_("Book 001: \"0.0005 for the first 2 epochs, 0.0002 for the next 3, 0.00005 for the next 4, then 0.00001\". Its code, if epoch <= 2: 5e-4 …, receives Keras's epoch index, which starts at 0."),
    "googlenet": N_("Szegedy et al.: \"decreasing the learning rate by 4 % every 8 epochs\". Book 001's code: 0.01 · 0.96^floor((1 + epoch) / 8), epoch from 0."),
    "plateau": N_("AlexNet and ResNet divide the learning rate by 10 when the validation error stops improving (001, after the papers). The book's code: ReduceLROnPlateau(factor=np.sqrt(0.1)). Here a plateau every 10 epochs, from 0.01."),
}

# The messages of f"lab.transfer.way.{r.way}", by r.way (from the keys of the old catalogue).
_LAB_TRANSFER_WAY = {
    "scratch": N_("from scratch"),
    "frozen": N_("frozen, new last layer"),
    "finetune": N_("fine-tuned"),
}

# The messages of f"lab.optim.{name}.why", by name (from the keys of the old catalogue).
_LAB_OPTIM_WHY = {
    "lenet5": N_("They differ at epochs {epochs}: epoch <= 2 is true for indices 0, 1 and 2, three epochs, so every step of the code comes one epoch late."),
    "googlenet": N_("They differ at epochs {epochs}: the code's 1 + epoch cuts the rate after 7 epochs, then every 8."),
    "plateau": N_("They differ from epoch {epochs}: √0.1 ≈ 0.316 divides by 3.16, so two plateaus make the papers' one ÷10."),
}

# The regularisations of the overfitting lab, by control name.
_LAB_OVERFIT = {
    "dropout": N_("Dropout 0.5"),
    "decay": N_("Weight decay"),
    "augment": N_("Augmentation"),
}

# The messages of f"lab.optim.schedule.{k}", by k (from the keys of the old catalogue).
_LAB_OPTIM_SCHEDULE = {
    "lenet5": N_("LeNet-5 (001)"),
    "googlenet": N_("GoogLeNet (001)"),
    "plateau": N_("AlexNet / ResNet plateau (001)"),
}

# The messages of f"lab.optim.{name}.said", by name (from the keys of the old catalogue).
_LAB_OPTIM_SAID = {
    "lenet5": N_("the text"),
    "googlenet": N_("the paper: every 8 epochs"),
    "plateau": N_("the papers: ÷10"),
}

# --- 16. learning-rate schedules and optimisers ------------------------------------------------------


def optim_schedules(ctx: Ctx) -> None:
    words, figure = beside(ctx, (2, 3))  # while presenting: the controls, the book's words and the verdict beside the chart
    with words:
        c1, c2 = (st.container(), st.container()) if ctx.presenting else st.columns(2)
        tr = bound()
        with c1:
            name = ctx.control("schedule", format_func=lambda k: tr(_LAB_OPTIM_SCHEDULE[k]), menu=True)
        with c2:
            epochs = ctx.control("epochs")
        st.markdown(_(_LAB_OPTIM_TEXT[name]))
    c = OP.schedule(name, epochs)
    with figure:
        ctx.chart(
            V.lines_figure(
                [(_(_LAB_OPTIM_SAID[name]), c.epochs, c.text), (_("the book's code"), c.epochs, c.code)],
                title=_(_LAB_OPTIM_SCHEDULE[name]), x_title=_("Epoch (1 = the first)"), y_title=_("Learning rate"),
                log_y=True, markers=True, x_integer=True, dashes=(None, "dash"), scale=ctx.scale,
            ),
            "schedule",
        )
    differ = str(c.differ[0]) if name == "plateau" and c.differ else ", ".join(str(e) for e in c.differ)
    with after(ctx, words):
        if differ:
            st.warning(_(_LAB_OPTIM_WHY[name], epochs=differ), icon="⚠️")
        else:
            st.info(ngettext("Over {n} epoch the text and the code give the same rates.", "Over {n} epochs the text and the code give the same rates.", epochs, n=epochs), icon="ℹ️")


def optim_descent(ctx: Ctx) -> None:
    intro = _("Three optimisers from the same start on a function of two numbers, so that every step can be drawn: a narrow bowl (25 times steeper across than along) or Rosenbrock's banana valley (minimum at (1, 1)).")
    if not ctx.presenting:  # while presenting, behind the expander with the update rules
        st.markdown(intro)
    cols = st.columns(4)
    tr = bound()
    with cols[0]:
        fn = ctx.control("fn", format_func=lambda k: tr(_LAB_OPTIM_FN[k]), menu=True)
    with cols[1]:
        lr = ctx.control("lr", format_func=lambda v: f"{v:g}")
    with cols[2]:
        adam_lr = ctx.control("adam_lr", format_func=lambda v: f"{v:g}")
    with cols[3]:
        steps = ctx.control("steps")
    paths = [OP.descend(fn, o, adam_lr if o == "adam" else lr, steps) for o in OP.OPTIMIZERS]
    names = {o: _(_LAB_OPTIM_OPT[o]) for o in OP.OPTIMIZERS}
    left, right = beside(ctx)
    paths_figure = V.lines_figure(
        [(names[p.optimizer], [q[0] for q in p.points], [q[1] for q in p.points]) for p in paths],
        title=_(_LAB_OPTIM_FN[fn]), x_title="x", y_title="y", markers=True, scale=ctx.scale,
    )
    if ctx.presenting:  # one legend on the slide, beside the losses: the same colours
        paths_figure.update_layout(showlegend=False)
    with left:
        ctx.chart(paths_figure, "paths", room=265)
    with right:
        ctx.chart(
            V.lines_figure(
                [(names[p.optimizer], list(range(len(p.losses))), [max(v, 1e-12) for v in p.losses]) for p in paths],
                title=_("f along the way"), x_title=_("Step"), y_title="f(x, y)", log_y=True, x_integer=True, scale=ctx.scale,
            ),
            "losses",
            room=265,
        )
    metric_row([(names[p.optimizer], f"{p.final:.3g}" if len(p.losses) == steps + 1 else _("diverged at step {step}", step=len(p.losses) - 1)) for p in paths])
    if ctx.presenting:
        more(ctx).markdown(intro)
    more(ctx).code(
        "SGD:       θ ← θ − lr·g\n"
        "momentum:  v ← 0.9·v + g;  θ ← θ − lr·v\n"
        "Adam:      m ← 0.9·m + 0.1·g;  s ← 0.999·s + 0.001·g²;  θ ← θ − lr·m̂ / (√ŝ + 1e-8)",
        language=None,
    )
    more(ctx).markdown(_("The numbers are f after {steps} steps on the {fn}, learning rate {lr} (Adam {adam_lr}). Momentum adds up the steps that agree and cancels the zig-zag across the valley (003: \"a fraction of the previous update\"); Adam divides each coordinate's step by its own recent gradient size, so its learning rate is about a step length, not a multiplier of the gradient.", fn=_(_LAB_OPTIM_FN[fn]), lr=f"{lr:g}", adam_lr=f"{adam_lr:g}", steps=steps))


OPTIM = Lab(
    "optim",
    16,
    (
        Param("schedule", str, "lenet5", choices=OP.SCHEDULES, widget="segmented", label=N_("Schedule")),
        Param("epochs", int, 20, 5, 100, label=NP_("lab.optim.epochs", "Epochs")),
        Param("fn", str, "bowl", choices=tuple(OP.FUNCTIONS), widget="segmented", label=N_("Function")),
        Param("lr", float, 0.03, choices=(0.0003, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1), widget="select", label=N_("Learning rate (SGD, momentum)")),
        Param("adam_lr", float, 0.3, choices=(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0), widget="select", label=N_("Learning rate (Adam)")),
        Param("steps", int, 100, 10, 1000, 10, label=N_("Steps")),
    ),
    (Step(N_("The books' schedules, text against code"), optim_schedules), Step(N_("SGD, momentum and Adam on one problem"), optim_descent)),
)

# --- 17. overfitting and regularisation ---------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _overfit(label: str, dropout: bool, weight_decay: bool, augmentation: bool, epochs: int) -> OF.Curves:
    return OF.train(label, dropout=dropout, weight_decay=weight_decay, augmentation=augmentation, epochs=epochs)


def _overfit_key(ctx: Ctx) -> tuple:
    return ("overfit", ctx["dropout"], ctx["decay"], ctx["augment"], ctx["epochs"])


def overfit_intro(ctx: Ctx) -> None:
    st.markdown(_("Book 003: Model 1 reaches 100 % training accuracy a few epochs before the end of its 20, with 72.1 % on the test set; Model 4, Model 3 with dropout 0.5 after its two hidden dense layers, \"further improves to 80 %\" (the book's runs, on CIFAR-10). Book 001: AlexNet uses dropout 0.5, data augmentation and weight decay 0.0005 (L2). The sign to look for is the gap between training and validation accuracy."))


def overfit_run(ctx: Ctx) -> None:
    st.markdown(
        _("Book 003's Model 3 (seven 3×3 convolutions, two hidden dense layers), narrowed to a quarter of its width and 128-unit dense layers so that it trains in seconds, by the app's training engine on {samples} embedded digits at {size}×{size} (validation: {val} others), batches of {batch}, Adam at {lr}. Left: nothing against overfitting. Right: what you switch on — dropout 0.5 (Model 4), weight decay {decay} (AlexNet's), random shifts of the images.", samples=OF.SAMPLES, val=OF.VAL, size=OF.SIZE, batch=OF.BATCH, lr=f"{OF.LR:g}", decay=f"{OF.WEIGHT_DECAY:g}")
    )
    cols = st.columns(4)
    for col, name in zip(cols, ("dropout", "decay", "augment", "epochs")):
        with col:
            ctx.control(name)
    key = _overfit_key(ctx)
    results = st.session_state.setdefault(state.LEARN_RESULTS, {})
    st.button(_("Train both"), type="primary", key=state.lab_key("overfit", "run"), on_click=results.__setitem__, args=("overfit_pending", key))
    if results.pop("overfit_pending", None) == key:
        try:
            with st.spinner(_("Training…")):
                base = _overfit("base", False, False, False, ctx["epochs"])
                reg = _overfit("reg", ctx["dropout"], ctx["decay"], ctx["augment"], ctx["epochs"])
        except ExplorerError as err:
            st.error(error_text(err), icon="⚠️")
            return
        results[key] = (base, reg)
    if key not in results:
        st.info(_("Press the button: two short runs, seconds each on a laptop's CPU; the results are kept for everyone on this server."))
        return
    base, reg = results[key]
    regs = [_(_LAB_OVERFIT[n]) for n in ("dropout", "decay", "augment") if ctx[n]] or [_("nothing (switch something on)")]
    reg_label = _("with {what}", what=", ".join(regs))
    panels = []
    for label, c in ((_("no regularisation"), base), (reg_label, reg)):
        es = list(range(1, len(c.val) + 1))
        panels.append((label, [(_("training"), es, [100 * v for v in c.train]), (_("validation"), es, [100 * v for v in c.val])]))
    ctx.chart(
        V.side_by_side_figure(panels, title=_("Accuracy per epoch"), x_title=_("Epoch"), y_title=_("Accuracy (%)"), y_range=(0, 100), scale=ctx.scale),
        "curves",
    )
    metric_row(
        [
            (_("Training, {run}", run=_("no regularisation")), percent(base.train[-1], 0)),
            (_("Validation, {run}", run=_("no regularisation")), percent(base.val[-1], 0)),
            (_("Training, {run}", run=reg_label), percent(reg.train[-1], 0)),
            (_("Validation, {run}", run=reg_label), percent(reg.val[-1], 0)),
        ]
    )
    st.markdown(
        _("After {epochs} epochs the network without regularisation is {gap} better on its training images than on new ones (validation {base_val}); with regularisation the gap is {reg_gap} (validation {reg_val}). Regularisation slows the fit of the training set: in a short run it can cost accuracy before it pays.", gap=percent(base.gap, 0), reg_gap=percent(reg.gap, 0), base_val=percent(base.val[-1], 0),
          reg_val=percent(reg.val[-1], 0), epochs=len(base.val))
    )


OVERFIT = Lab(
    "overfit",
    17,
    (
        Param("dropout", bool, True, widget="toggle", label=N_("Dropout 0.5")),
        Param("decay", bool, False, widget="toggle", label=N_("Weight decay")),
        Param("augment", bool, False, widget="toggle", label=N_("Augmentation")),
        Param("epochs", int, OF.EPOCHS, 2, 60, 1, label=NP_("lab.overfit.epochs", "Epochs")),
    ),
    (Step(N_("What the books report"), overfit_intro), Step(N_("Train with and without"), overfit_run)),
)

# --- 18. book 003's CIFAR-10 recipe -----------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def _cifar_counts() -> list[CF.ModelCount]:
    return [CF.model_count(m) for m in CF.MODELS]


def cifar_models(ctx: Ctx) -> None:
    intro = _("Listings 6-11 to 6-14: 3×3 'same' convolutions with ReLU, 2×2 pools, then Flatten → 4096 → 4096 → 10. The counts are this app's analysis of the zoo's cifar_vgg (the book prints none).")
    if not ctx.presenting:  # while presenting, behind the expander with the whole table
        st.markdown(intro)
    counts = _cifar_counts()
    words, figure = beside(ctx, (3, 2))
    with words:
        table(
            [
                {
                    _(NP_("lab.cifar.col.model", "Model")): _("Model {m}", m=c.model),
                    _("Convolutions"): c.convs,
                    _("Pools"): c.pools,
                    _("Flatten"): f"{c.flatten:,}",
                    _("Conv parameters"): f"{c.conv_params:,}",
                    _("First dense layer"): f"{c.flatten:,}·{c.hidden:,} + {c.hidden:,} = {c.fc1_params:,}",
                    _("Parameters"): f"{c.total:,}",
                    _(NP_("lab.cifar.col.dropout", "Dropout")): "0.5" if c.dropout else "—",
                }
                for c in counts
            ],
            ctx, keep=(_("Convolutions"), _("Pools"), _("Flatten"), _("Parameters")),
        )
    with figure:
        ctx.chart(
            V.bars_figure(
                [_("Model {m}", m=c.model) for c in counts], [c.total for c in counts], title=_("Parameters of Models 1–4"),
                axis_title=_("Parameters"), scale=ctx.scale,
            ),
            "models",
        )
    if ctx.presenting:
        more(ctx).markdown(intro)
    first, last = counts[0], counts[2]
    after(ctx, words).markdown(
        _("From {convs1} to {convs3} convolutions the network shrinks from {m1} to {m3} parameters: each pool quarters the map the first dense layer flattens, {fc1} → {fc3} weights there, while the convolutions add little. In Model 1 that one layer is {share} of the network. The book reports 72.1 % test accuracy for Model 1 and 80 % for Model 4 (its runs).", m1=num(first.total), m3=num(last.total), convs1=first.convs, convs3=last.convs,
          fc1=num(first.fc1_params), fc3=num(last.fc1_params), share=percent(first.fc1_params / first.total))
    )


def cifar_swapaxes(ctx: Ctx) -> None:
    st.markdown(_("CIFAR-10 stores each image as 3,072 numbers: the red plane, then green, then blue, row by row. The book's prepare_cifar divides by 255, reshapes to N × 3 × 32 × 32 and calls np.swapaxes(x, 1, 3) for \"channels last\". Here an illustrative image goes through both:"))
    p = CF.prepare()
    code = (
        f"x = raw.reshape(-1, 3, 32, 32)      # {' × '.join(map(str, p.raw_shape))}: N, C, H, W\n"
        "np.swapaxes(x, 1, 3)               # N, W, H, C  ← the book\n"
        "x.transpose(0, 2, 3, 1)            # N, H, W, C  ← channels last"
    )
    if ctx.presenting:  # the code first, then the two images beside the verdict
        st.code(code, language=None)
        c1, c2, verdict = st.columns((1, 1, 2))
    else:
        c1, c2 = st.columns(2)
    width = 200 if ctx.presenting else 256
    with c1:
        st.image(p.correct, caption=_("transpose(0, 2, 3, 1): H×W×C = {shape}", shape="×".join(map(str, p.correct.shape))), width=width)
    with c2:
        st.image(p.book, caption=_("the book's swapaxes(1, 3): W×H×C = {shape}", shape="×".join(map(str, p.book.shape))), width=width)
    if not ctx.presenting:
        st.code(code, language=None)
    (verdict if ctx.presenting else st).warning(_("swapaxes(1, 3) exchanges C with W, leaving H in the middle: N × W × H × C. Every image is transposed — mirrored along its diagonal, the F on its side. A square image keeps its shape, so nothing fails: the network learns from transposed images (it does not care), but an image or feature map shown from them is wrong. transpose(0, 2, 3, 1) is the call that was meant.") if p.transposed else _("This image is symmetric about its diagonal: the two calls agree."), icon="⚠️")


def cifar_loop(ctx: Ctx) -> None:
    st.markdown(_("Listing 6-8 in PyTorch: shuffle every epoch, forward, loss, backward, step (the companion notebook's SGD with momentum 0.9, learning rate 0.01, batches of 64)."))
    c1, c2, numbers = st.columns((1, 1, 2)) if ctx.presenting else (*st.columns(2), st.container())  # presenting: one row
    with c1:
        epochs = ctx.control("epochs")
    with c2:
        batch = ctx.control("batch")
    n = CF.iterations(epochs, batch)
    with numbers:
        metric_row([(_("Updates per epoch"), num(CF.iterations(1, batch))), (_("Updates in all"), num(n))])
    st.code(
        "for epoch in range(EPOCHS):\n"
        "    for data, label in minibatch_from(X_train, y_train, batchsize=BATCHSIZE, shuffle=True):\n"
        "        loss = criterion(model(data), label)    # forward, then the error\n"
        "        optimizer.zero_grad(); loss.backward()  # gradients\n"
        "        optimizer.step()                        # SGD with momentum 0.9, lr 0.01\n"
        "    print(epoch, accuracy(model(data), label))  # ⚠ the last minibatch only",
        language=None,
    )
    st.markdown(_("{epochs} epochs over {images} images in batches of {batch}: {n} updates. The book prints the training accuracy of the last minibatch only — a noisy number, not the epoch's — and passes training as n_classes to create_model (its notebook calls create_model(X)).", epochs=epochs, batch=batch, images=num(CF.TRAIN_IMAGES), n=num(n)))


CIFAR = Lab(
    "cifar",
    18,
    (Param("epochs", int, 20, 1, 100, label=NP_("lab.cifar.epochs", "Epochs")), Param("batch", int, 64, 1, 1024, widget="number", label=N_("Batch size"))),
    (Step(N_("Deeper, yet fewer parameters"), cifar_models), Step(N_("Preparing the data: the swapaxes bug"), cifar_swapaxes), Step(N_("The training loop"), cifar_loop)),
)

# --- 19. transfer learning ------------------------------------------------------------------------------
# The first task is a run of the Train page (the person's own, or one the teacher shared) when one suits;
# else the lab pretrains its own LeNet-5, clearly labelled, and a button opens the Train page preset to make a run.

LAB = "lab"  # the source choice that is no run: the lab's own pretraining


@st.cache_resource(max_entries=1, show_spinner=False)
def _pretrained() -> tuple[dict, float]:
    return TF.pretrained()


@st.cache_data(max_entries=16, show_spinner=False)
def _transfer(samples: int, epochs: int) -> list[TF.Result]:
    return TF.transfer(samples, epochs, weights=_pretrained()[0])


@st.cache_data(max_entries=16, show_spinner=False)
def _transfer_from(run_id: str, stamp: float, samples: int, epochs: int) -> list[TF.Result]:
    """The three ways from run ``run_id`` (whose weights file changed at ``stamp``). The caller checked that the
    person may open the run: the cache only saves the seconds of another person who may open it too."""
    from explorer.training import runs as store

    run = store.get_run(run_id)
    return TF.transfer(samples, epochs, weights=TF.run_weights(run), source=TF.from_run(run))


def _go_train() -> None:
    """The preset's button: the Train page's settings for a first run, then the page (after this callback)."""
    saved = dict(st.session_state.get(state.TRAIN_SETTINGS) or {})
    saved.update({k: v for k, v in TF.PRESET.items() if k != "architecture"})
    st.session_state[state.TRAIN_SETTINGS] = saved
    for key in (state.TRAIN_DATASET, state.TRAIN_SIZE, state.TRAIN_EPOCHS):
        st.session_state.pop(key, None)  # the page draws them from the settings above
    st.session_state.setdefault(state.LEARN_RESULTS, {})["transfer_go_train"] = True


def _source(ctx: Ctx) -> tuple[str, TF.Source]:
    """The first task, picked by the person: one of their suitable runs, or the lab's own pretraining."""
    from ui import people
    from ui.train_views import run_label

    runs = {r.id: r for r in TF.runs_for(people.person())}
    key = state.lab_key("transfer", "source")
    options = [*runs, LAB]
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    tr = bound()
    labels = {i: run_label(r) for i, r in runs.items()}
    choice = st.selectbox(_("Start from"), options, key=key, format_func=lambda i: labels.get(i) or tr("No run yet: pretrain here (LeNet-5 on digits 0–4)"))
    if not runs:
        place = more(ctx)  # while presenting, how to make a run waits behind the expander
        place.info(_("You have no finished run that suits this lab yet: a small network (at most {flops} MFLOPs per image, like LeNet-5) trained on the Train page, with its final weights. Make one in about half a minute with the button below, then come back; meanwhile the lab pretrains its own LeNet-5 here.", flops=f"{TF.MAX_FLOPS / 1e6:g}"), icon=":material/school:")
        place.button(_("Train LeNet-5 on the digits on the Train page ({images} images, {epochs} epochs)", epochs=TF.PRESET["epochs"], images=num(TF.PRESET["train_size"])),
                  key=state.lab_key("transfer", "preset"), on_click=_go_train, icon=":material/model_training:")
    elif not ctx.presenting:
        st.caption(_("Runs that suit this lab: {n} — your finished runs and those the teacher shared, of small networks (at most {flops} MFLOPs per image).", n=len(runs), flops=f"{TF.MAX_FLOPS / 1e6:g}"))
    if choice == LAB:
        return LAB, TF.LAB_SOURCE
    return choice, TF.from_run(runs[choice])


def transfer_run(ctx: Ctx) -> None:
    from explorer.training import datasets
    from explorer.zoo.registry import get
    from ui import zoo_text
    from ui.i18n import lang
    from ui.train_views import library_labels

    if st.session_state.get(state.LEARN_RESULTS, {}).pop("transfer_go_train", False):
        st.switch_page("pages/train.py", query_params={"arch": TF.PRESET["architecture"]})
    source_id, src = _source(ctx)
    targets = {"digits": _("digits 0–4"), "shapes": _("shapes (circle, square, triangle, diamond, pentagon)")}
    learnt = library_labels("dataset", {n: d.title for n, d in datasets.DATASETS.items()})(src.learnt)
    if source_id == LAB:
        st.markdown(
            _("Book 001's LeNet-5 first learns the embedded digits 0–4 ({pre} images, {pre_epochs} epochs). Then the digits 5–9 from only the labelled images you choose, three ways: from scratch; the first task's layers frozen, a new last layer trained; the first task's weights fine-tuned, all layers trained. Adam at {lr}; accuracy on {val} other images of 5–9. All in this process, seeds fixed.", pre=num(TF.PRETRAIN_IMAGES), pre_epochs=TF.PRETRAIN_EPOCHS, val=num(TF.VAL_IMAGES), lr=f"{TF.LR:g}")
        )
    else:
        st.markdown(_(
            "The first task is a run of the Train page: {arch} trained on {learnt}, {acc} on its validation images. Its final weights now learn a new task, the embedded {target}, from only the labelled images you choose, three ways: from scratch; the run's layers frozen, a new last layer trained; the run's weights fine-tuned, all layers trained. The images are fitted to its input ({shape}) and normalised as its own were. Adam at {lr}; accuracy on {val} other images of the new task. All in this process, seeds fixed.", arch=zoo_text.title(get(src.arch), lang()), learnt=learnt,
            acc=percent(src.accuracy, 0) if src.accuracy is not None else "—", target=targets[src.target],
            shape="×".join(map(str, src.input_shape)), val=num(TF.VAL_IMAGES), lr=f"{TF.LR:g}",
        ))
    ctx.controls("samples", "epochs")
    key = ("transfer", source_id, ctx["samples"], ctx["epochs"])
    results = st.session_state.setdefault(state.LEARN_RESULTS, {})
    st.button(_("Train the three"), type="primary", key=state.lab_key("transfer", "run"), on_click=results.__setitem__, args=("transfer_pending", key))
    if results.pop("transfer_pending", None) == key:
        with st.spinner(_("Training…")):
            try:
                if source_id == LAB:
                    results[key] = (_pretrained()[1], _transfer(ctx["samples"], ctx["epochs"]))
                else:
                    from explorer.training import runs as store

                    stamp = store.get_run(source_id).weights_path("final").stat().st_mtime
                    results[key] = (src.accuracy, _transfer_from(source_id, stamp, ctx["samples"], ctx["epochs"]))
            except (ExplorerError, OSError) as err:  # the run's weights gone or changed since it was listed
                st.error(error_text(err) if isinstance(err, ExplorerError) else _("This run's weights cannot be read any more (deleted or being replaced): pick another run."), icon="⚠️")
                return
    if key not in results:
        st.info(_("Press the button: the first task and three short runs take seconds on a laptop's CPU; the results are kept for everyone on this server.") if source_id == LAB else _("Press the button: three short runs from your run's weights take seconds on a laptop's CPU."))
        return
    source_acc, runs = results[key]
    names = {r.way: _(_LAB_TRANSFER_WAY[r.way]) for r in runs}
    es = list(range(1, ctx["epochs"] + 1))
    title = _("Accuracy on digits 5–9, learnt from {n} images", n=ctx["samples"]) if source_id == LAB else _("Accuracy on {target}, learnt from {n} images", target=targets[src.target], n=ctx["samples"])
    ctx.chart(
        V.lines_figure(
            [(names[r.way], es, [100 * a for a in r.accuracy]) for r in runs], title=title,
            x_title=_("Epoch"), y_title=_("Validation accuracy (%)"), markers=True, x_integer=True, scale=ctx.scale,
        ),
        "curves",
    )
    metric_row([(names[r.way], percent(r.accuracy[-1], 0)) for r in runs])
    table([{_("Way"): names[r.way], _("Trained parameters / all"): f"{r.trainable:,} / {r.total:,}"} for r in runs])
    best = max(runs, key=lambda r: r.accuracy[-1])
    if source_id == LAB:
        st.markdown(_("The first task reached {source} on the digits 0–4. From {n} images of 5–9 the best here is {best}, {acc}. Features learnt on one set of digits carry over only in part: freezing trains a few hundred parameters and cannot fix the rest, fine-tuning starts from them and adapts everything. Try fewer images.", source=percent(source_acc, 0), best=names[best.way], acc=percent(best.accuracy[-1], 0), n=ctx["samples"]))
    else:
        frozen = next(r for r in runs if r.way == "frozen")
        st.markdown(_(
            "Learnt on {learnt}, tried on {target}: from {n} images the best here is {best}, {acc}. Frozen, the run's features are kept bit for bit and only the new last layer learns ({frozen} of {total} parameters); fine-tuning starts from them and adapts everything. Features carry over as far as the two tasks share their patterns (strokes, edges, corners). Try fewer images.", learnt=learnt, target=targets[src.target], best=names[best.way], acc=percent(best.accuracy[-1], 0),
            n=ctx["samples"], frozen=num(frozen.trainable), total=num(frozen.total),
        ))


TRANSFER = Lab(
    "transfer",
    19,
    (Param("samples", int, 50, 10, 500, 10, label=N_("Labelled images of the new task")), Param("epochs", int, 10, 1, 30, label=NP_("lab.transfer.epochs", "Epochs"))),
    (Step(N_("Digits 0–4, then 5–9 from a few images"), transfer_run),),
)


LABS = (OPTIM, OVERFIT, CIFAR, TRANSFER)

"""Labs 11–12: top-1 and top-5 error; why the same network's numbers differ."""

from __future__ import annotations

import streamlit as st

from explorer.labs import counting as K
from explorer.labs import topk as T
from explorer.viz import labs as V
from ui.i18n import _, bound, N_, NP_
from ui.learn.base import Ctx, Lab, Step, after, beside, table, metric_row, more
from ui.learn.params import Param

# The messages of f"lab.topk.class.{c}", by c (from the keys of the old catalogue).
_LAB_TOPK_CLASS = {
    "cat": N_("cat"),
    "dog": N_("dog"),
    "horse": N_("horse"),
    "motorcycle": N_("motorcycle"),
    "car": N_("car"),
    "plane": N_("plane"),
}

# The messages of f"lab.topk.book_{truth}", by truth (from the keys of the old catalogue).
_LAB_TOPK_BOOK = {
    "cat": N_("Book 001: the truth is cat — a top-1 hit (and so a top-5 hit)."),
    "horse": N_("Book 001: the truth is horse — a top-1 miss but a top-5 hit."),
}

# The messages of f"lab.counts.how.{c.key}", by c.key (from the keys of the old catalogue).
_LAB_COUNTS_HOW = {
    "torchvision": N_("torchvision (no conv bias)"),
    "book_pytorch": N_("the book's code in PyTorch (conv bias)"),
    "keras": N_("Keras's model.summary() (+ BN statistics)"),
}

# The messages of f"lab.counts.stride.{v.key}", by v.key (from the keys of the old catalogue).
_LAB_COUNTS_STRIDE = {
    "v1": N_("first 1×1"),
    "v1_5": N_("3×3"),
}

# The short names of the three counts, for the chart beside their table while presenting.
_LAB_COUNTS_SHORT = {
    "torchvision": N_("torchvision"),
    "book_pytorch": N_("+ conv biases"),
    "keras": N_("+ BN statistics"),
}

# --- 11. top-1 and top-5 ----------------------------------------------------------------------

CLASSES = tuple(c for c, __ in T.BOOK_SCORES)


def _cls(name: str) -> str:
    return _(_LAB_TOPK_CLASS[name])


def _mark(hit: bool) -> str:
    return "✓ " + _("hit") if hit else "✗ " + _("miss")


def topk_scores(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    left.markdown(_("100 classes, an image, and the classifier's scores: cat 70 %, dog 20 %, horse 5 %, motorcycle 4 %, car 0.6 %, plane 0.4 %. Which class is the truth?"))
    c1, c2 = (left.container(), left.container()) if ctx.presenting else st.columns(2)
    with c1:
        tr = bound()
        truth = ctx.control("truth", format_func=lambda c: tr(_LAB_TOPK_CLASS[c]))
    with c2:
        k = ctx.control("k")
    r1, r5, rk = T.top_k(truth, 1), T.top_k(truth, 5), T.top_k(truth, k)
    items = [(_("Rank of the truth"), str(r1.rank)), (_("Top-1"), _mark(r1.hit)), (_("Top-5"), _mark(r5.hit))]
    if k not in (1, 5):
        items.append((_("Top-{k}", k=k), _mark(rk.hit)))
    with right:
        metric_row(items)
    if truth in ("cat", "horse"):
        after(ctx, left).success(_(_LAB_TOPK_BOOK[truth]), icon="📖")
    ranking = [(_cls(c), s) for c, s in T.ranking()]
    with after(ctx, right):
        ctx.chart(
            V.topk_figure(ranking, truth=_cls(truth), k=k, title=_("Scores, best first (top {k} in blue, the truth outlined)", k=k), axis_title=_("Score (%)"), scale=ctx.scale),
            "scores",
        )


def topk_rates(ctx: Ctx) -> None:
    st.markdown(_("Repeat over many images and count the misses: the error rate is the fraction of images missed. Five images, the book's cat twice (once labelled horse):"))
    rows = []
    for i, (truth, scores) in enumerate(T.EXAMPLE_SET, start=1):
        best = T.ranking(scores)[0][0]
        rank = T.top_k(truth, 1, scores).rank
        rows.append(
            {
                _("Image"): i,
                _("Truth"): _cls(truth),
                _("Highest score"): _cls(best),
                _("Rank of the truth"): rank,
                _("Top-1"): "✓" if rank <= 1 else "✗",
                _("Top-5"): "✓" if rank <= 5 else "✗",
            }
        )
    left, right = beside(ctx)
    with left:
        table(rows)
    preds, truths = [s for __, s in T.EXAMPLE_SET], [tr for tr, __ in T.EXAMPLE_SET]
    e1, e5 = T.error_rate(preds, truths, 1), T.error_rate(preds, truths, 5)
    with after(ctx, left) if ctx.presenting else right:  # presenting: the two rates under the table, the chart alone beside it
        metric_row([(_("Top-1 error"), f"{100 * e1:.0f} %"), (_("Top-5 error"), f"{100 * e5:.0f} %")])
        st.caption(_("Images 3 to 5 are illustrative; the book gives only the cat's scores."))
    nets = [("AlexNet (2012)", 15.3), ("VGG-16 (2014)", 8.1), ("GoogLeNet (2014)", 6.67), ("ResNet (2015)", 3.57)]
    with after(ctx, right):
        ctx.chart(
            V.bars_figure([n for n, __ in nets], [v for __, v in nets], title=_("ImageNet top-5 error, as the books quote it"), axis_title=_("Top-5 error"), texts=[f"{v:g} %" for __, v in nets], scale=ctx.scale),
            "ilsvrc",
            room=300,
        )
        more(ctx).caption(_("Book 001: AlexNet 15.3 %, VGG-16 8.1 %, GoogLeNet 6.67 %, ResNet 3.57 % (an ensemble on the test set; ⚠ the book garbles it with the single model's 4.49 %)."))


TOPK = Lab(
    "topk",
    11,
    (Param("truth", str, "cat", choices=CLASSES, widget="select", label=N_("True class")), Param("k", int, 5, 1, 6, label=N_("k"))),
    (Step(N_("The book's cat"), topk_scores), Step(N_("From one image to an error rate"), topk_rates)),
)

# --- 12. why do the numbers differ? -----------------------------------------------------------


@st.cache_data(max_entries=4, show_spinner=False)
def _resnet50_params() -> list[K.Count]:
    return K.resnet50_params()


@st.cache_data(max_entries=4, show_spinner=False)
def _googlenet_params() -> list[K.Count]:
    return K.googlenet_params()


@st.cache_data(max_entries=4, show_spinner=False)
def _versions() -> list[K.Version]:
    return K.resnet50_versions()


@st.cache_data(max_entries=16, show_spinner=False)
def _macs(arch: str) -> K.MacsFlops:
    return K.macs_flops(arch)


def counts_bias(ctx: Ctx) -> None:
    st.markdown(_("torchvision builds convolutions without bias when BatchNorm follows (the bias would be cancelled). The books' Keras code keeps Keras's default use_bias=True. And Keras's summary adds BatchNorm's running mean and variance."))
    with st.spinner(_("Analysing the models…")):
        counts = _resnet50_params()
    base = counts[0].value
    rows = [
        {
            _("Counted by"): _(_LAB_COUNTS_HOW[c.key]),
            _("Parameters"): f"{c.value:,}",
            _("More than the previous"): "—" if i == 0 else f"+{c.value - counts[i - 1].value:,}",
            _("Model in this app"): f"`{c.arch}`",
        }
        for i, c in enumerate(counts)
    ]
    left, right = beside(ctx)
    with left:
        table(rows)
    with right:
        ctx.chart(
            V.bars_figure([_((_LAB_COUNTS_SHORT if ctx.presenting else _LAB_COUNTS_HOW)[c.key]) for c in counts], [c.value - base for c in counts], title=_("Parameters above torchvision's {base}", base=f"{base:,}"), axis_title=_("Parameters above torchvision's count"), scale=ctx.scale),
            "bias",
        )
    st.markdown(_("Conv biases add {bias}; BatchNorm's running statistics add {bn} more (2 × the BN channels). None of them changes what the network computes.", bias=f"{counts[1].value - counts[0].value:,}", bn=f"{counts[2].value - counts[1].value:,}"))


def counts_aux(ctx: Ctx) -> None:
    st.markdown(_("GoogLeNet trains with two auxiliary classifiers (on 4a and 4d) that are thrown away at inference. The book never mentions them, but its \"about 13 million\" is the count with them."))
    with st.spinner(_("Analysing the models…")):
        main, aux = _googlenet_params()
    metric_row(
        [
            (_("Without the auxiliary heads"), f"{main.value:,}"),
            (_("With them (aux_logits=True)"), f"{aux.value:,}"),
            (_("The two heads"), f"{aux.value - main.value:,}"),
        ]
    )
    st.warning(_("Book 001: GoogLeNet \"reduces the parameters 12× (from about 138 million to about 13 million)\". 13 million matches the count with the auxiliary heads, and 138/13 ≈ {ratio}, not 12; the paper's 12× compares with AlexNet (≈ 60 M → ≈ 5 M).", ratio=f"{138 / 13:.1f}"), icon="⚠️")


def counts_versions(ctx: Ctx) -> None:
    st.markdown(_("Book 000 §3.4.3: v1 strides on the first 1×1 of each stage's first block, v1.5 on the 3×3. Same parameters; a different receptive field and a different cost."))
    with st.spinner(_("Analysing the models…")):
        versions = _versions()
    rows = [
        {
            _("Version"): "v1" if v.key == "v1" else "v1.5",
            _("Stride 2 on"): _(_LAB_COUNTS_STRIDE[v.key]),
            _("Conv bias"): _("yes (the book's Keras code)") if v.bias else _("no (torchvision)"),
            _("Receptive field"): f"{v.receptive_field} px",
            "MACs": f"{v.mult_adds:,}",
            "GMACs": K.giga(v.mult_adds),
            _("Model in this app"): f"`{v.arch}`" + (" (stride_on=1x1)" if v.hp else ""),
        }
        for v in versions
    ]
    table(rows)
    v1, v15 = versions[0], versions[1]
    metric_row(
        [
            (_("Receptive field v1"), f"{v1.receptive_field} px"),
            (_("Receptive field v1.5"), f"{v15.receptive_field} px"),
            (_("MACs v1"), f"{K.giga(v1.mult_adds)} G"),
            (_("MACs v1.5"), f"{K.giga(v15.mult_adds)} G"),
        ]
    )
    (more(ctx) if ctx.presenting else st.container()).warning(_("Book 000 says v1.5 lowers the computational complexity. It raises it: {v1} → {v15} GMACs without conv bias (torchvision's models: the 3.86 and 4.09 usually quoted), {v1b} → {v15b} with the book's Keras biases. A stride on the 1×1 skips three quarters of the positions before the 3×3; on the 3×3 the 1×1 computes them all. v1.5's gain is accuracy (+0.5 %, the book).", v1=K.giga(v1.mult_adds), v15=K.giga(v15.mult_adds), v1b=K.giga(versions[2].mult_adds), v15b=K.giga(versions[3].mult_adds)), icon="⚠️")


def counts_flops(ctx: Ctx) -> None:
    st.markdown(_("A multiply-add (MAC) is one multiplication and one addition: two floating-point operations. Tools and papers mix the two: ResNet's paper prints \"3.8 × 10⁹ FLOPs\" for ResNet-50, which are multiply-adds."))
    with st.columns(3)[0]:
        arch = ctx.control("arch")
    with st.spinner(_("Analysing the models…")):
        m = _macs(arch)
    metric_row(
        [
            ("MACs", f"{m.mult_adds:,}"),
            ("FLOPs = 2 × MACs", f"{m.flops:,}"),
            (_("The paper's \"FLOPs\""), f"{K.PAPER_FLOPS[arch]:g} × 10⁹"),
        ]
    )
    st.markdown(_("This app counts {macs} G multiply-adds, i.e. {flops} G FLOPs; the paper's {paper} × 10⁹ is close to the MACs. Compare like with like before comparing networks.", macs=K.giga(m.mult_adds), flops=K.giga(m.flops), paper=f"{K.PAPER_FLOPS[arch]:g}"))
    if arch == "resnet50":
        st.caption(_("The ResNet paper's ResNet-50 is v1 (stride on the 1×1): 3.86 G multiply-adds, step 3; this app's resnet50 is torchvision's v1.5."))


COUNTS = Lab(
    "counts",
    12,
    (Param("arch", str, "resnet50", choices=tuple(K.PAPER_FLOPS), widget="select", label=NP_("lab.counts.arch", "Model")),),
    (Step(N_("Bias and BatchNorm statistics: ResNet-50"), counts_bias), Step(N_("GoogLeNet's auxiliary heads: 6.6 M or 13.0 M"), counts_aux), Step(N_("ResNet-50 v1 against v1.5"), counts_versions), Step(N_("MACs against FLOPs"), counts_flops)),
)

LABS = (TOPK, COUNTS)

"""Labs 11–12: top-1 and top-5 error; why the same network's numbers differ."""

from __future__ import annotations

import streamlit as st

from explorer.labs import counting as K
from explorer.labs import topk as T
from explorer.viz import labs as V
from ui.i18n import bound, t
from ui.learn.base import Ctx, Lab, Step, after, beside, table, metric_row, more
from ui.learn.params import Param

# --- 11. top-1 and top-5 ----------------------------------------------------------------------

CLASSES = tuple(c for c, _ in T.BOOK_SCORES)


def _cls(name: str) -> str:
    return t(f"lab.topk.class.{name}")


def _mark(hit: bool) -> str:
    return "✓ " + t("lab.topk.hit") if hit else "✗ " + t("lab.topk.miss")


def topk_scores(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    left.markdown(t("lab.topk.s1.text"))
    c1, c2 = (left.container(), left.container()) if ctx.presenting else st.columns(2)
    with c1:
        tr = bound()
        truth = ctx.control("truth", format_func=lambda c: tr(f"lab.topk.class.{c}"))
    with c2:
        k = ctx.control("k")
    r1, r5, rk = T.top_k(truth, 1), T.top_k(truth, 5), T.top_k(truth, k)
    items = [(t("lab.topk.rank"), str(r1.rank)), (t("lab.topk.top1"), _mark(r1.hit)), (t("lab.topk.top5"), _mark(r5.hit))]
    if k not in (1, 5):
        items.append((t("lab.topk.topk", k=k), _mark(rk.hit)))
    with right:
        metric_row(items)
    if truth in ("cat", "horse"):
        after(ctx, left).success(t(f"lab.topk.book_{truth}"), icon="📖")
    ranking = [(_cls(c), s) for c, s in T.ranking()]
    with after(ctx, right):
        ctx.chart(
            V.topk_figure(ranking, truth=_cls(truth), k=k, title=t("lab.topk.fig", k=k), axis_title=t("lab.topk.score"), scale=ctx.scale),
            "scores",
        )


def topk_rates(ctx: Ctx) -> None:
    st.markdown(t("lab.topk.s2.text"))
    rows = []
    for i, (truth, scores) in enumerate(T.EXAMPLE_SET, start=1):
        best = T.ranking(scores)[0][0]
        rank = T.top_k(truth, 1, scores).rank
        rows.append(
            {
                t("lab.topk.col.image"): i,
                t("lab.topk.col.truth"): _cls(truth),
                t("lab.topk.col.best"): _cls(best),
                t("lab.topk.rank"): rank,
                t("lab.topk.top1"): "✓" if rank <= 1 else "✗",
                t("lab.topk.top5"): "✓" if rank <= 5 else "✗",
            }
        )
    left, right = beside(ctx)
    with left:
        table(rows)
    preds, truths = [s for _, s in T.EXAMPLE_SET], [tr for tr, _ in T.EXAMPLE_SET]
    e1, e5 = T.error_rate(preds, truths, 1), T.error_rate(preds, truths, 5)
    with right:
        metric_row([(t("lab.topk.err1"), f"{100 * e1:.0f} %"), (t("lab.topk.err5"), f"{100 * e5:.0f} %")])
        st.caption(t("lab.topk.illustrative"))
    nets = [("AlexNet (2012)", 15.3), ("VGG-16 (2014)", 8.1), ("GoogLeNet (2014)", 6.67), ("ResNet (2015)", 3.57)]
    with after(ctx, right):
        ctx.chart(
            V.bars_figure([n for n, _ in nets], [v for _, v in nets], title=t("lab.topk.fig.ilsvrc"), axis_title=t("lab.topk.err5"), texts=[f"{v:g} %" for _, v in nets], scale=ctx.scale),
            "ilsvrc",
            room=330,
        )
        st.caption(t("lab.topk.ilsvrc_source"))


TOPK = Lab(
    "topk",
    11,
    (Param("truth", str, "cat", choices=CLASSES, widget="select"), Param("k", int, 5, 1, 6)),
    (Step("lab.topk.s1", topk_scores), Step("lab.topk.s2", topk_rates)),
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
    st.markdown(t("lab.counts.s1.text"))
    with st.spinner(t("lab.counts.computing")):
        counts = _resnet50_params()
    base = counts[0].value
    rows = [
        {
            t("lab.counts.col.how"): t(f"lab.counts.how.{c.key}"),
            t("lab.counts.col.params"): f"{c.value:,}",
            t("lab.counts.col.diff"): "—" if i == 0 else f"+{c.value - counts[i - 1].value:,}",
            t("lab.counts.col.model"): f"`{c.arch}`",
        }
        for i, c in enumerate(counts)
    ]
    left, right = beside(ctx)
    with left:
        table(rows)
    with right:
        ctx.chart(
            V.bars_figure([t(f"lab.counts.how.{c.key}") for c in counts], [c.value - base for c in counts], title=t("lab.counts.fig.extra", base=f"{base:,}"), axis_title=t("lab.counts.above"), scale=ctx.scale),
            "bias",
        )
    st.markdown(t("lab.counts.s1.after", bias=f"{counts[1].value - counts[0].value:,}", bn=f"{counts[2].value - counts[1].value:,}"))


def counts_aux(ctx: Ctx) -> None:
    st.markdown(t("lab.counts.s2.text"))
    with st.spinner(t("lab.counts.computing")):
        main, aux = _googlenet_params()
    metric_row(
        [
            (t("lab.counts.main"), f"{main.value:,}"),
            (t("lab.counts.with_aux"), f"{aux.value:,}"),
            (t("lab.counts.aux_only"), f"{aux.value - main.value:,}"),
        ]
    )
    st.warning(t("lab.counts.book_13m", ratio=f"{138 / 13:.1f}"), icon="⚠️")


def counts_versions(ctx: Ctx) -> None:
    st.markdown(t("lab.counts.s3.text"))
    with st.spinner(t("lab.counts.computing")):
        versions = _versions()
    rows = [
        {
            t("lab.counts.col.version"): "v1" if v.key == "v1" else "v1.5",
            t("lab.counts.col.stride"): t(f"lab.counts.stride.{v.key}"),
            t("lab.counts.col.bias"): t("lab.counts.bias.yes") if v.bias else t("lab.counts.bias.no"),
            t("lab.counts.col.rf"): f"{v.receptive_field} px",
            "MACs": f"{v.mult_adds:,}",
            "GMACs": K.giga(v.mult_adds),
            t("lab.counts.col.model"): f"`{v.arch}`" + (" (stride_on=1x1)" if v.hp else ""),
        }
        for v in versions
    ]
    table(rows)
    v1, v15 = versions[0], versions[1]
    metric_row(
        [
            (t("lab.counts.rf_v1"), f"{v1.receptive_field} px"),
            (t("lab.counts.rf_v15"), f"{v15.receptive_field} px"),
            (t("lab.counts.macs_v1"), f"{K.giga(v1.mult_adds)} G"),
            (t("lab.counts.macs_v15"), f"{K.giga(v15.mult_adds)} G"),
        ]
    )
    (more(ctx) if ctx.presenting else st.container()).warning(t("lab.counts.v15_claim", v1=K.giga(v1.mult_adds), v15=K.giga(v15.mult_adds), v1b=K.giga(versions[2].mult_adds), v15b=K.giga(versions[3].mult_adds)), icon="⚠️")


def counts_flops(ctx: Ctx) -> None:
    st.markdown(t("lab.counts.s4.text"))
    with st.columns(3)[0]:
        arch = ctx.control("arch")
    with st.spinner(t("lab.counts.computing")):
        m = _macs(arch)
    metric_row(
        [
            ("MACs", f"{m.mult_adds:,}"),
            ("FLOPs = 2 × MACs", f"{m.flops:,}"),
            (t("lab.counts.paper"), f"{K.PAPER_FLOPS[arch]:g} × 10⁹"),
        ]
    )
    st.markdown(t("lab.counts.s4.after", macs=K.giga(m.mult_adds), flops=K.giga(m.flops), paper=f"{K.PAPER_FLOPS[arch]:g}"))
    if arch == "resnet50":
        st.caption(t("lab.counts.v1_note"))


COUNTS = Lab(
    "counts",
    12,
    (Param("arch", str, "resnet50", choices=tuple(K.PAPER_FLOPS), widget="select"),),
    (Step("lab.counts.s1", counts_bias), Step("lab.counts.s2", counts_aux), Step("lab.counts.s3", counts_versions), Step("lab.counts.s4", counts_flops)),
)

LABS = (TOPK, COUNTS)

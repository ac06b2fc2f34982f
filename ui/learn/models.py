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
from ui.i18n import _, bound, error_text, escape_md, N_, NP_
from ui.learn.base import Ctx, Lab, Step, after, beside, book_table, formula, metric_row, more, table
from ui.learn.params import Param

# The messages of f"lab.shift.kernel.{kernel}", by kernel (from the keys of the old catalogue).
_LAB_SHIFT_KERNEL = {
    "vertical": N_("vertical edge"),
    "diagonal": N_("diagonal"),
    "asymmetric": N_("no symmetry"),
}

# The messages of f"lab.preact.{b.arch}", by b.arch (from the keys of the old catalogue).
_LAB_PREACT = {
    "resnet50_v1": N_("**v1**: Conv → BN → ReLU, add, ReLU"),
    "resnet50_v2": N_("**v2**: BN → ReLU → Conv, add"),
}

# The messages of f"lab.preact.kind.{k}", by k (from the keys of the old catalogue).
_LAB_PREACT_KIND = {
    "identity": N_("identity (second)"),
    "projection": N_("projection (first)"),
}

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
    setting = _("{model} on a {size}×{size} image with {classes} classes: its classifier is its dense layers, the body everything before them.", model=_title(s.arch), size=s.input_size, classes=num(s.classes))
    if not ctx.presenting:  # while presenting, behind the expander (the controls above say it)
        st.markdown(setting)
    metric_row(
        [
            (_("Parameters"), num(s.total)),
            (_("Classifier (dense layers)"), num(s.head_params)),
            (_("Classifier's share"), percent(s.head_share)),
        ]
    )
    left, right = beside(ctx)
    head = [{_("Dense layer"): d.name, _("inputs·outputs + outputs"): d.formula, _("Parameters"): f"{d.params:,}"} for d in s.head]
    if not ctx.presenting:  # presenting: the dense layers' counts under the verdict, their formulas behind the expander
        with left:
            table(head)
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
                title=_("Classifier parameters at {size}×{size}, {classes} classes", size=ctx["size"], classes=num(ctx["classes"])), axis_title=_("Classifier (dense layers)"),
                colours=[V.BAD if o.pool != "AdaptiveAvgPool2d" or o.last_map[1] > 1 else V.GOOD for o in others], scale=ctx.scale,
            ),
            "models",
            room=330,
        )
    vgg, res = (next((o for o in others if o.arch == a), None) for a in ("vgg16_book", "resnet50"))
    if vgg and res:
        after(ctx, left).markdown(
            _("VGG-16's classifier holds {vgg} parameters, {vgg_share} of the network; ResNet-50's one dense layer after global average pooling holds {res}, {res_share}: {ratio} times fewer.", vgg=num(vgg.head_params), vgg_share=percent(vgg.head_share), res=num(res.head_params),
              res_share=percent(res.head_share), ratio=f"{vgg.head_params / res.head_params:,.0f}")
        )
    if ctx.presenting:
        with left:
            table(head, ctx, keep=(_("Parameters"),))
            more(ctx).markdown(setting)
    if (ctx["size"], ctx["classes"]) == (224, 1000):
        with more(ctx) if ctx.presenting else st.container():
            book_table(GP.book_figures(), "lab.gap.ex")


def gap_sweep(ctx: Ctx) -> None:
    s = _gap_split(ctx)
    if s is None:
        return
    left, right = beside(ctx, (2, 3))
    left.markdown(_("Flatten hands the first dense layer every value of the last map, C·H·W, and H and W grow with the image. Global average pooling hands it C averages, whatever the image size. The book's VGG-16 (no adaptive pool) as the image grows:"))
    points = _sweep(ctx["classes"])
    sizes = [p.size for p in points]
    with right:
        ctx.chart(
            V.lines_figure(
                [(_("Flatten → Dense 4096 → 4096 → classes"), sizes, [p.flatten_head for p in points]), (_("GAP → Dense classes"), sizes, [p.gap_head for p in points])],
                title=_("VGG-16's classifier as the image grows, {classes} classes", classes=num(ctx["classes"])), x_title=_("Image side (pixels)"), y_title=_("Classifier (dense layers)"),
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
        st.markdown(_("**Flatten at {size}×{size}:**", size=book.input_size))
        formula(book.flattened)
        st.code(book.head[0].formula, language=None)
    with c2:
        st.markdown(_("**GAP at {size}×{size}:**", size=book.input_size))
        formula(book.gap_head)
    place = more(ctx)  # while presenting, torchvision's variant behind the expander
    if tv.head_params != book.head_params:
        place.info(_("torchvision's VGG-16 puts an adaptive average pool to 7×7 before its Flatten, so its classifier keeps {head} parameters at {size}×{size}, where the book's Keras code has {book}: a pool again decides the size.", size=tv.input_size, head=num(tv.head_params), book=num(book.head_params)), icon="ℹ️")
    else:
        place.info(_("torchvision's VGG-16 puts an adaptive average pool to 7×7 before its Flatten; at {size}×{size} the book's map is {h}×{w} too, so both classifiers are the same. Change the input size to see them part.", size=tv.input_size, h=book.last_map[1], w=book.last_map[2]), icon="ℹ️")


def gap_replace(ctx: Ctx) -> None:
    s = _gap_split(ctx)
    if s is None:
        return
    st.markdown(_("Keep the body, replace the classifier by global average pooling and one dense layer to the classes (ResNet's head; book 004: \"global average pooling replaces the fully connected layers\")."))
    if s.last_map[1:] == (1, 1):
        st.info(_("{model} already ends in global average pooling over its {c} maps and one dense layer: there is nothing to replace.", model=_title(s.arch), c=num(s.last_map[0])), icon="ℹ️")
    with_gap = s.body_params + int(s.gap_head.value)
    metric_row(
        [
            (_("{model} as built", model=_title(s.arch)), num(s.total)),
            (_("With GAP → Dense"), num(with_gap)),
            (_("Fewer parameters"), "−" + percent(1 - with_gap / s.total)),
        ]
    )
    c = s.last_map[0]
    st.code(
        f"GAP → Dense:       {num(c)}·{num(s.classes)} + {num(s.classes)} = {num(s.gap_head.value)}\n"
        f"1×1 conv → GAP:    1·1·{num(c)}·{num(s.classes)} + {num(s.classes)} = {num(s.gap_head.value)}",
        language=None,
    )
    st.markdown(_("Book 004's Fig 5-9 puts the dense layer first, as a 1×1 convolution with {classes} kernels on the {c} maps, then averages each class map: the same parameters, and the same scores, since averaging and a linear map commute. Each channel then stands for a class, which is what class activation maps read.", c=num(c), classes=num(s.classes)))


GAP = Lab(
    "gap",
    13,
    (
        Param("model", str, "vgg16_book", choices=GP.MODELS, widget="select", label=NP_("lab.gap.model", "Model")),
        Param("size", int, 224, 32, 512, 32, label=N_("Input size")),
        Param("classes", int, 1000, 1, 10_000, widget="number", label=N_("Classes")),
    ),
    (
        Step(N_("Where the parameters go"), gap_where),
        Step(N_("Flatten grows with the image, GAP does not"), gap_sweep),
        Step(N_("GAP instead of the dense classifier"), gap_replace),
    ),
)

# --- 14. shifts, flips and checkerboards -------------------------------------------------------------


def _kernel(ctx: Ctx, name: str) -> str:
    tr = bound()
    return ctx.control(name, format_func=lambda k: tr(_LAB_SHIFT_KERNEL[k]))


def shift_equivariance(ctx: Ctx) -> None:
    cols = st.columns(3)
    with cols[0]:
        kernel = _kernel(ctx, "kernel")
    with cols[1]:
        dy = ctx.control("dy")
    with cols[2]:
        dx = ctx.control("dx")
    st.markdown(_("An 8×8 image (illustrative) and a 3×3 kernel with 'same' zero padding. Move the image by (Δrow, Δcolumn) = ({dy}, {dx}) (positive: down and right): the output of the moved image is the output moved by the same amount, f(g(x)) = g(f(x)).", dy=dy, dx=dx))
    e = SY.equivariance(kernel, dy, dx)
    ctx.chart(
        V.heatmaps_figure(
            [e.image, e.output, e.shifted, e.output_of_shifted],
            [_("x"), _("f(x)"), _("g(x): moved {dy}, {dx}", dy=dy, dx=dx), _("f(g(x))")],
            scale=ctx.scale,
        ),
        "equivariance",
        room=280,
    )
    left, right = beside(ctx, (1, 2))
    with left:
        metric_row([(_("Largest |f(g(x)) − g(f(x))|"), num(e.largest_difference))])
    right.markdown(_("The same kernel at every position (parameter sharing) is why: a feature found here is found there. It holds while nothing crosses the border; pooling with a stride and rescaling break it (book 002 names scaling, rotation and warping)."))


def shift_flip(ctx: Ctx) -> None:
    kernel = _kernel(ctx, "flip")
    c = SY.cross_correlation(kernel)
    st.markdown(_("PyTorch's conv2d slides the kernel as it is: a cross-correlation. The convolution of mathematics turns the kernel by 180° first. Book 003: libraries implement cross-correlation and call it convolution — which changes nothing for a network, since it learns the kernel either way."))
    ctx.chart(
        V.heatmaps_figure(
            [c.kernel, c.flipped, c.correlation, c.convolution],
            [_("Kernel"), _("Turned 180°"), _("Cross-correlation (conv2d)"), _(NP_("lab.shift.fig.convolution", "Convolution"))],
            scale=ctx.scale,
        ),
        "flip",
        room=280,
    )
    if c.same or c.negated:
        st.info(_(N_("The {kernel} kernel is the same turned by 180°: convolution and cross-correlation agree.") if c.same else N_("The {kernel} kernel turned by 180° is minus itself: the convolution is minus the cross-correlation."), kernel=_(_LAB_SHIFT_KERNEL[kernel])), icon="ℹ️")
    else:
        st.info(_("This kernel has no symmetry: convolution and cross-correlation give different maps."), icon="ℹ️")


def shift_checkerboard(ctx: Ctx) -> None:
    k, s = ctx.controls("k", "s")
    cb = SY.checkerboard(k, s)
    st.markdown(_("A {n}×{n} input of ones, upsampled by {s}. Left: a transposed convolution with a {k}×{k} kernel of ones and stride {s}; each number counts the kernel taps that land on that pixel. Right: nearest-neighbour upsampling by {s}, then a {k}×{k} convolution of ones.", k=k, s=s, n=cb.n))
    figure, words = beside(ctx, (3, 2))  # while presenting: the two maps, their numbers and the verdict beside them
    with figure:
        ctx.chart(
            V.heatmaps_figure([cb.transposed, cb.resized], [_("Transposed conv {k}×{k}, stride {s}", k=k, s=s), _("Upsample ×{s}, then conv {k}×{k}", k=k, s=s)], scale=ctx.scale),
            "checkerboard",
        )
    values = lambda vs: ", ".join(num(v) for v in vs)  # noqa: E731
    left, right = (words, words) if ctx.presenting else beside(ctx)
    with left:
        metric_row([(_("Inside, transposed"), values(cb.transposed_values)), (_("Inside, upsample + conv"), values(cb.resized_values))])
    with right:
        if cb.even:
            st.success(_("{k} is a multiple of {s}: every inside pixel gets the same number of taps, no checkerboard.", k=k, s=s), icon="✅")
        else:
            st.warning(_("{k} is not a multiple of {s}: inside pixels get {values} taps — the checkerboard, drawn before any training. Upsampling then convolving covers every pixel alike.", k=k, s=s, values=values(cb.transposed_values)), icon="⚠️")
        more(ctx).caption(_("Book 002 §6.1.4 (after Odena et al. 2016): badly chosen transposed-convolution settings cause checkerboard artefacts; upsampling followed by a convolution removes them."))


SHIFT = Lab(
    "shift",
    14,
    (
        Param("kernel", str, "vertical", choices=tuple(SY.KERNELS), widget="segmented", label=N_("Kernel")),
        Param("flip", str, "asymmetric", choices=tuple(SY.KERNELS), widget="segmented", label=N_("Kernel")),
        Param("dy", int, 1, -SY.SHIFT_RANGE, SY.SHIFT_RANGE, label=N_("Δrow (down)")),
        Param("dx", int, 2, -SY.SHIFT_RANGE, SY.SHIFT_RANGE, label=N_("Δcolumn (right)")),
        Param("k", int, 3, 1, 5, label=N_("Kernel k")),
        Param("s", int, 2, 1, 3, label=N_("Stride s")),
    ),
    (
        Step(N_("Shift the input, the feature map shifts"), shift_equivariance),
        Step(N_("Convolution or cross-correlation?"), shift_flip),
        Step(N_("Transposed convolution: kernel {k}, stride {s}"), shift_checkerboard, lambda v: {"k": v["k"], "s": v["s"]}),
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
        rows.append({_("Layer"): r.name, _("Type"): r.type, _("Output"): "×".join(map(str, r.output)), _("Parameters"): f"{r.params:,}"})
        if i == b.add:
            rows.append({_("Layer"): "⊕", _("Type"): _("add the shortcut"), _("Output"): "", _("Parameters"): "0"})
    for r in b.shortcut:
        rows.append({_("Layer"): r.name, _("Type"): r.type, _("Output"): "×".join(map(str, r.output)), _("Parameters"): f"{r.params:,}"})
    table(rows)


def _chain(b: PA.Block) -> str:
    """The block's layers in the order they run, ⊕ where the shortcut is added, then its projection if any."""
    names = [r.name for r in b.rows]
    names.insert(b.add + 1, "⊕")
    text = escape_md(" → ".join(names))
    if b.shortcut:
        text += "  \n" + _("Shortcut: {layers}", layers=" → ".join(r.name for r in b.shortcut))
    return text


def preact_blocks(ctx: Ctx) -> None:
    c1, c2 = st.columns(2)
    tr = bound()
    with c1:
        ctx.control("stage")
    with c2:
        ctx.control("kind", format_func=lambda k: tr(_LAB_PREACT_KIND[k]))
    with st.spinner(_("Analysing the two models…")):
        v1, v2 = (_block(a, ctx["stage"], ctx["kind"]) for a in PA.VERSIONS)
    st.markdown(_("Block {block}, in the order it runs; ⊕ is where the shortcut is added.", block=v1.prefix.rstrip(".")))
    cols = st.columns(2)
    for col, b in zip(cols, (v1, v2)):
        with col:
            st.markdown(_(_LAB_PREACT[b.arch]))
            if ctx.presenting:  # the order on the slide, the layer tables behind the expander
                st.markdown(_chain(b))
            else:
                _block_table(b)
    metric_row(
        [
            (_("Block parameters, {v}", v="v1"), num(v1.params)), (_("Block parameters, {v}", v="v2"), num(v2.params)),
            (_("BN parameters, {v}", v="v1"), num(v1.bn_params)), (_("BN parameters, {v}", v="v2"), num(v2.bn_params)),
        ]
    )
    if ctx.presenting:
        with more(ctx):
            for col, b in zip(st.columns(2), (v1, v2)):
                with col:
                    st.markdown(_(_LAB_PREACT[b.arch]))
                    _block_table(b)
    more(ctx).markdown(_("The convolutions are the same; each BN now normalises the input of its convolution instead of the output, so it has the channels of that input. In v1 every path from block to block passes a ReLU after the add; in v2 the shortcut runs from the first block to the last untouched (He et al. 2016: easier to train very deep)."))


def preact_parts(ctx: Ctx) -> None:
    st.markdown(_("BatchNorm's parameters (γ, β) by part of each network."))
    with st.spinner(_("Analysing the two models…")):
        p1, p2 = (_parts(a) for a in PA.VERSIONS)
    names = [n for n in ("stem", "layer1", "layer2", "layer3", "layer4", "post") if n in p1.bn or n in p2.bn]
    table([{_("Part"): n, "v1": f"{p1.bn.get(n, 0):,}", "v2": f"{p2.bn.get(n, 0):,}"} for n in names])
    metric_row([(_("Parameters, {v}", v="v1"), num(p1.total)), (_("Parameters, {v}", v="v2"), num(p2.total)), (_("Keras's count (both)"), num(p1.keras_total))])
    st.markdown(
        _("v2 has no BN in the stem (v1: {stem}): the first block's pre-activation normalises the stem's output, and a final BN → ReLU ({post}) normalises the last block's before pooling. BN in all: {v1} in v1, {v2} in v2.", stem=num(p1.bn.get("stem", 0)), post=num(p2.bn.get("post", 0)), v1=num(sum(p1.bn.values())), v2=num(sum(p2.bn.values())))
    )


PREACT = Lab(
    "preact",
    15,
    (
        Param("stage", int, 1, choices=(1, 2, 3, 4), widget="segmented", label=N_("Stage")),
        Param("kind", str, "identity", choices=tuple(PA.BLOCKS), widget="segmented", label=N_("Block")),
    ),
    (Step(N_("The same block, two orders"), preact_blocks), Step(N_("Same total, BN in other places"), preact_parts)),
)


LABS = (GAP, SHIFT, PREACT)

"""Labs 1–4: convolution step by step, the 1×1 convolution, pooling, dense against convolution."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from explorer.labs import conv as C
from explorer.labs import dense as D
from explorer.labs import pointwise as P
from explorer.labs import pooling as PO
from explorer.labs.common import InvalidLabInput, num, percent
from explorer.viz import labs as V
from ui import state
from ui.i18n import _, bound, N_, NP_
from ui.learn.base import Ctx, Lab, Step, after, beside, table, book_table, formula, metric_row, more
from ui.learn.params import Param

# The messages of f"lab.conv.kernel.{k}", by k (from the keys of the old catalogue).
_LAB_CONV_KERNEL = {
    "diagonal": N_("diagonal (book)"),
    "anti_diagonal": N_("anti-diagonal"),
    "vertical": N_("vertical edge"),
    "horizontal": N_("horizontal edge"),
}

# --- 1. convolution ---------------------------------------------------------------------------


def _image(ctx: Ctx) -> C.Matrix:
    try:
        return C.from_bits(ctx["img"])
    except InvalidLabInput:
        return C.BOOK_IMAGE


def _faded(ctx: Ctx) -> frozenset[tuple[int, int]]:
    """The book image's cells that are illustrative (none once the student edits the image)."""
    if ctx["img"] != C.BOOK_BITS:
        return frozenset()
    return frozenset((r, c) for r in range(5) for c in range(5)) - C.BOOK_CELLS


def _window_buttons(ctx: Ctx, name: str, count: int, *, shortcuts: tuple[str, str]) -> None:
    """◀ ▶ buttons that move a window position (a 1-based slider value) within 1 … count."""

    def move(delta: int) -> None:
        key = state.lab_key(ctx.lab.id, name)
        ctx.set(name, min(max(1, int(st.session_state.get(key, ctx[name])) + delta), count))

    b1, b2 = st.columns(2)
    b1.button(_("◀ Previous window"), key=state.lab_key(ctx.lab.id, f"{name}:prev"), on_click=move, args=(-1,), width="stretch", shortcut=shortcuts[0])
    b2.button(_("Next window ▶"), key=state.lab_key(ctx.lab.id, f"{name}:next"), on_click=move, args=(1,), width="stretch", shortcut=shortcuts[1])


def _reset_image(ctx: Ctx) -> None:
    ctx.set("img", C.BOOK_BITS)
    st.session_state.pop(state.lab_key("conv", "editor"), None)


def conv_image(ctx: Ctx) -> None:
    words, figure = beside(ctx)  # the figure is drawn after the editor below: it shows the image as just edited
    with words:
        st.markdown(_("A 5×5 binary image (pixels 0 or 1) and a 3×3 kernel. The book's kernel detects a diagonal: flattened, it is [1,0,0,0,1,0,0,0,1]. Try the other kernels too."))
        tr = bound()
        ctx.control("kernel", format_func=lambda k: tr(_LAB_CONV_KERNEL[k]), menu=True)
    with words if ctx.presenting else st.container(), st.expander(_("Edit the image (tick = 1)")):
        image = _image(ctx)
        frame = pd.DataFrame([[bool(v) for v in row] for row in image], columns=[str(c + 1) for c in range(5)])
        edited = st.data_editor(frame, key=state.lab_key("conv", "editor"), hide_index=True, width="content")
        ctx.vals["img"] = "".join("1" if v else "0" for row in edited.itertuples(index=False) for v in row)
        st.button(_("Back to the book's image"), on_click=_reset_image, args=(ctx,), key=state.lab_key("conv", "reset"))
    with figure:
        ctx.chart(
            V.matrices_figure(
                [_image(ctx), C.KERNELS[ctx["kernel"]]], [_("Image"), _("Kernel")], faded=[_faded(ctx)],
                binary=True, scale=ctx.scale,
            ),
            "image",
        )
        st.caption(_("Only the top-left 3×3 patch, [1,1,1,0,1,1,0,1,1], is printed in the book (003); its figure with the other 16 pixels is missing from the source, so the faded pixels are illustrative.") if ctx["img"] == C.BOOK_BITS else _("Your own image (edited)."))


def conv_window(ctx: Ctx) -> None:
    if not ctx.presenting:
        st.markdown(_("Step the window with the buttons (or the keys N and P). **Stride** is how far it moves, **padding** adds rows and columns of zeros around the image, **dilation** spreads the kernel's taps apart."))
    left, right = st.columns([3, 2], gap="large")
    if ctx.presenting:  # the words above the figure, the book's note under it: the controls' column is the taller
        left.markdown(_("Step the window with the buttons (or the keys N and P). **Stride** is how far it moves, **padding** adds rows and columns of zeros around the image, **dilation** spreads the kernel's taps apart."))
    figure, note = left.container(), left.container() if ctx.presenting else right
    with right:
        c1, c2, c3 = st.columns(3)
        with c1:
            ctx.control("stride")
        with c2:
            ctx.control("padding")
        with c3:
            ctx.control("dilation")
        kernel = C.KERNELS[ctx["kernel"]]
        steps = C.conv_steps(_image(ctx), kernel, stride=ctx["stride"], padding=ctx["padding"], dilation=ctx["dilation"])
        count = len(steps.windows)
        ctx.control("pos", max_value=count)
        _window_buttons(ctx, "pos", count, shortcuts=("P", "N"))
        w = steps.windows[min(ctx["pos"], count) - 1]
        st.markdown(_("Window {i} of {n} computes output cell (row {r}, column {c}): the products of the pixels under the kernel and the kernel's weights, added up.", i=w.index + 1, n=count, r=w.row + 1, c=w.col + 1))
        st.code(w.filled_rows(len(kernel[0])), language=None)
        book = (ctx["img"], ctx["kernel"], ctx["stride"], ctx["padding"], ctx["dilation"], ctx["pos"]) == (C.BOOK_BITS, "diagonal", 1, 0, 1, 1)
    if book:
        note.success(_("= {value}: the top-left value of the feature map, as the book (003) prints it.", value=num(w.total)), icon="📖")
    with figure:
        ctx.chart(
            V.conv_figure(
                steps.padded, kernel, steps.output, taps=w.taps, current=(w.row, w.col), done=w.index + 1,
                padding=steps.padding, faded=_faded(ctx),
                titles=(_("Image with zero padding") if steps.padding else _("Image"), _("Kernel"), _("Output")),
                scale=ctx.scale,
            ),
            "window",
        )


def conv_size(ctx: Ctx) -> None:
    st.markdown(_("How many windows fit? Book 002's Eq. 6.1, with ⌊·⌋ (round down) as PyTorch computes it:"))
    f = C.conv_size(5, 3, ctx["stride"], ctx["padding"], ctx["dilation"])
    st.markdown(_("Here i = 5 and f = 3, with the stride, padding and dilation of step 2: s = {s}, p = {p}, d = {d}.", s=ctx["stride"], p=ctx["padding"], d=ctx["dilation"]))
    formula(f)
    metric_row([(_("Output"), f"{int(f.value)}×{int(f.value)}")])
    st.markdown(_("*i* input size, *f* kernel size, *s* stride, *p* padding on each side, *d* dilation. A dilated kernel spans d·(f − 1) + 1 pixels. Use the kernel size of the same axis for the height and for the width."))


def conv_examples(ctx: Ctx) -> None:
    st.markdown(_("Every output size the books work out, through the same formula (002 Eq. 6.1; for the transposed convolution Eq. 6.3, o = s·(i − 1) + f − 2p)."))
    book_table(C.SIZE_EXAMPLES, "lab.conv.ex", ctx)
    with more(ctx):
        _conv_calculator(ctx)


def _conv_calculator(ctx: Ctx) -> None:
    st.subheader(_("Try your own"))
    cols = st.columns(6)
    for col, name in zip(cols, ("ci", "cf", "cs", "cp", "cd", "ct")):
        with col:
            ctx.control(name)
    if ctx["ct"]:
        f = C.transposed_size(ctx["ci"], ctx["cf"], ctx["cs"], ctx["cp"])
    else:
        f = C.conv_size(ctx["ci"], ctx["cf"], ctx["cs"], ctx["cp"], ctx["cd"])
    formula(f)
    if f.value < 1:
        st.error(_("No window fits: the kernel is larger than the padded input. Add padding or use a smaller kernel or dilation."), icon="⚠️")
    elif ctx["ct"] and ctx["cd"] != 1:
        st.caption(_("Book 002's Eq. 6.3 has no dilation term; the transposed size above ignores d."))


CONV = Lab(
    "conv",
    1,
    (
        Param("img", str, C.BOOK_BITS, widget="state", check=lambda s: len(s) == 25 and not set(s) - {"0", "1"}),
        Param("kernel", str, "diagonal", choices=tuple(C.KERNELS), widget="segmented", label=N_("Kernel")),
        Param("stride", int, 1, 1, 3, label=N_("Stride s")),
        Param("padding", int, 0, 0, 2, label=N_("Padding p")),
        Param("dilation", int, 1, 1, 2, label=N_("Dilation d")),
        Param("pos", int, 1, 1, 49, label=N_("Window")),
        Param("ci", int, 28, 1, 100_000, widget="number", label=N_("Input i")),
        Param("cf", int, 5, 1, 64, widget="number", label=N_("Kernel f")),
        Param("cs", int, 1, 1, 16, widget="number", label=N_("Stride s")),
        Param("cp", int, 0, 0, 32, widget="number", label=N_("Padding p")),
        Param("cd", int, 1, 1, 8, widget="number", label=N_("Dilation d")),
        Param("ct", bool, False, widget="toggle", label=N_("Transposed")),
    ),
    (
        Step(N_("The image and the kernel"), conv_image),
        Step(N_("Slide the window: multiply and add"), conv_window),
        Step(N_("The output size"), conv_size),
        Step(N_("The books' size examples"), conv_examples),
    ),
)

# --- 2. 1×1 convolution -----------------------------------------------------------------------


def pointwise_matrix(ctx: Ctx) -> None:
    left, right = beside(ctx, (2, 3))
    with left if ctx.presenting else st.columns(3)[0]:
        w = ctx.control("weight")
    left.markdown(_("Book 004's 6×6×1 input (Fig 5-6) and a 1×1×1 kernel of weight {w} (the book's weight is 3). Every pixel is multiplied by the weight; the output is still 6×6×1.", w=num(w)))
    out = P.scale(P.BOOK_MATRIX, w)
    with right:
        ctx.chart(V.matrices_figure([P.BOOK_MATRIX, ((w,),), out], [_("Input 6×6×1"), _("1×1 kernel"), _("Output 6×6×1")], scale=ctx.scale), "matrix")
    first = " ".join(num(v) for v in out[0])
    with after(ctx, left):
        st.markdown(_("First row of the output: **{row}**", row=first))
        if w == P.BOOK_WEIGHT:
            st.success(_("The book's output starts \"3 6 9 …\": the first row is 3 6 9 18 15 24."), icon="📖")


def pointwise_mixing(ctx: Ctx) -> None:
    ctx.controls("c_in", "c_out")
    st.markdown(_("On many channels a 1×1 kernel is a weighted sum across the channels at each pixel: with {c_out} such kernels, {c_in} feature maps become {c_out}, the map size unchanged (book 004, Example 5-2: 64 → 28).", c_in=ctx["c_in"], c_out=ctx["c_out"]))
    m = P.channel_mixing(ctx["c_in"], ctx["c_out"])
    metric_row(
        [
            (_("Shape (56×56 map)"), f"{m.h}×{m.w}×{m.c_in} → {m.h}×{m.w}×{m.c_out}"),
            (_("Parameters"), num(m.params.value)),
            (_("Multiplications"), num(m.macs.value)),
        ]
    )
    left, right = beside(ctx)
    with left:
        formula(m.params)
    with right:
        st.markdown(_("One output value at one pixel:"))
        st.code(m.per_pixel, language=None)
    st.info(_("Book 004: \"a 3×3×64 kernel followed by a 1×1×28 kernel becomes 3×3×28\": the 64 channels are linearly combined into 28."), icon="📖")


def pointwise_bottleneck(ctx: Ctx) -> None:
    ctx.controls("c", "mid")
    st.markdown(_("A 3×3 convolution on {c} channels is expensive. A 1×1 first reduces the depth ({c} → {m}), the 3×3 works on {m} channels, and a 1×1 restores {c}: the bottleneck (book 004 Fig 5-7 and ResNet-50's block: 256 → 64 → 256). Weights only, no bias; multiplications on a 56×56 map.", c=ctx["c"], m=ctx["mid"]))
    r = P.reduce_restore(ctx["c"], ctx["mid"])
    rows = [
        {
            _("Path"): _("3×3 directly") if i == 0 else _("1×1 → 3×3 → 1×1"),
            _("Layer"): layer.name,
            _(NP_("lab.pointwise.col.channels", "Channels")): f"{layer.c_in} → {layer.c_out}",
            _(NP_("lab.pointwise.col.weights", "Weights")): f"{layer.weights:,}",
            _("Multiplications"): f"{layer.macs:,}",
        }
        for i, layers in enumerate((r.direct, r.bottleneck))
        for layer in layers
    ]
    left, right = beside(ctx, (3, 2))
    with left:
        table(rows, ctx, keep=(_("Layer"), _(NP_("lab.pointwise.col.channels", "Channels")), _(NP_("lab.pointwise.col.weights", "Weights"))))
    with right:
        ctx.chart(
            V.bars_figure(
                [_("3×3 directly"), _("1×1 → 3×3 → 1×1")], [r.direct_weights, r.bottleneck_weights],
                title=_("Weights of the two paths"), axis_title=_(NP_("lab.pointwise.col.weights", "Weights")), colours=(V.BAD, V.GOOD), scale=ctx.scale,
            ),
            "bottleneck",
            room=280,
        )
    st.markdown(_("The bottleneck needs {bottleneck} weights instead of {direct}: **{saving} fewer**.", saving=percent(r.saving), direct=f"{r.direct_weights:,}", bottleneck=f"{r.bottleneck_weights:,}"))


POINTWISE = Lab(
    "pointwise",
    2,
    (
        Param("weight", float, 3.0, -5.0, 5.0, 0.5, widget="number", label=N_("Kernel weight")),
        Param("c_in", int, 64, 1, 512, label=N_("Input channels")),
        Param("c_out", int, 28, 1, 512, label=N_("Output channels (kernels)")),
        Param("c", int, 256, 16, 1024, 16, label=N_("Channels C")),
        Param("mid", int, 64, 4, 512, 4, label=N_("Reduced to M")),
    ),
    (
        Step(N_("The book's 6×6 matrix times 3"), pointwise_matrix),
        Step(N_("Mixing channels: {c_in} → {c_out}"), pointwise_mixing, lambda v: {"c_in": v["c_in"], "c_out": v["c_out"]}),
        Step(N_("Reduce and restore around a 3×3"), pointwise_bottleneck),
    ),
)

# --- 3. pooling -------------------------------------------------------------------------------


def pool_compare(ctx: Ctx) -> None:
    st.markdown(_("The same window, two summaries: max pooling keeps the strongest response, average pooling the mean. Step the window with the buttons (or N and P)."))
    left, right = beside(ctx, (2, 3))
    with left:
        ctx.controls("k", "s")
        steps = PO.pool_steps(PO.EXAMPLE_MAP, ctx["k"], ctx["s"])
        count = len(steps.windows)
        ctx.control("pos", max_value=count)
        _window_buttons(ctx, "pos", count, shortcuts=("P", "N"))
    w = steps.windows[min(ctx["pos"], count) - 1]
    with right:
        ctx.chart(
            V.matrices_figure(
                [PO.EXAMPLE_MAP, steps.max_output, steps.avg_output],
                [_("Feature map"), _("Max pooling"), _("Average pooling")],
                outlines=[w.cells, [(w.row, w.col)], [(w.row, w.col)]],
                scale=ctx.scale,
            ),
            "pool",
        )
    patch = ", ".join(num(v) for v in w.patch)
    with after(ctx, left):
        st.code(f"max({patch}) = {num(w.max)}\n({' + '.join(num(v) for v in w.patch)}) / {len(w.patch)} = {num(w.avg)}", language=None)
    with after(ctx, right):
        st.caption(_("The 4×4 map is illustrative: the books' pooling figures are missing from the source."))


def pool_reduction(ctx: Ctx) -> None:
    st.markdown(_("Book 000: \"a 2×2 pool with stride 2 reduces the pixel data by 75 %\". The size follows book 002's Eq. 6.2; the depth does not change. Book 000's walk-through: 16 maps of 64×64 = 65,536 values become 16 × 32 × 32 = 16,384."))
    ctx.controls("i", "channels")
    r = PO.reduction(ctx["i"], ctx["k"], ctx["s"], ctx["channels"])
    st.markdown(_("Window f = {k}, stride s = {s} (from step 1), no padding:", k=ctx["k"], s=ctx["s"]))
    formula(r.size)
    o = int(r.size.value)
    metric_row(
        [
            (_("Values in"), f"{ctx['channels']}·{ctx['i']}·{ctx['i']} = {r.values_in:,}"),
            (_("Values out"), f"{ctx['channels']}·{o}·{o} = {r.values_out:,}"),
            (_("Removed"), percent(r.removed)),
        ]
    )
    if (ctx["k"], ctx["s"]) != (2, 2):
        st.info(_("Book 000's 75 % is for a 2×2 window with stride 2; this {k}×{k} window with stride {s} removes {removed}.", k=ctx["k"], s=ctx["s"], removed=percent(r.removed)), icon="📖")
    elif r.removed == 0.75:
        st.success(_("75 % removed, as book 000 says: one value in four is kept."), icon="📖")
    else:
        st.info(_("Book 000's 75 % holds for an even size: here ⌊({i} − 2) / 2⌋ + 1 = {o}, so {o}·{o} of {i}·{i} values are kept and {removed} removed (the last row and column never fit a window).", i=ctx["i"], o=o, removed=percent(r.removed)), icon="📖")


def _pool_title(vals: dict) -> dict:
    r = PO.reduction(vals["i"], vals["k"], vals["s"], vals["channels"])
    return {"k": vals["k"], "s": vals["s"], "removed": percent(r.removed)}


def pool_why(ctx: Ctx) -> None:
    st.markdown(_("- **No parameters**: pooling is a fixed rule; book 000 calls it *pooling*, against the learned *feature pooling* of a strided convolution.\n- **Depth unchanged**: each map is pooled on its own (book 002).\n- **Small shifts do not matter**: max pooling cares whether a feature is present in the window, not exactly where (book 003: local translation invariance).\n- Gradients still flow through it: to the maximum's position for max pooling, a quarter each for 2×2 average pooling. Book 002's \"pooling is a constant function and not differentiable\" reads, in the translation, as if no gradient passed; what it means is that pooling has no learnable parameters, so there is nothing in it for the gradient to update."))


POOL = Lab(
    "pool",
    3,
    (
        Param("k", int, 2, 1, 4, label=N_("Window f×f")),
        Param("s", int, 2, 1, 3, label=N_("Stride s")),
        Param("pos", int, 1, 1, 16, label=N_("Window")),
        Param("i", int, 64, 2, 1024, widget="number", label=N_("Map size i")),
        Param("channels", int, 16, 1, 1024, widget="number", label=N_("Maps (depth)")),
    ),
    (Step(N_("Max against average on the same patch"), pool_compare), Step(N_("{k}×{k} with stride {s} removes {removed}"), pool_reduction, _pool_title), Step(N_("What pooling keeps"), pool_why)),
)

# --- 4. dense against convolution -------------------------------------------------------------


def dense_book(ctx: Ctx) -> None:
    st.markdown(_("The first dense layer's parameters for images of growing size (002 counts weights and biases, m·n + n; 000 counts weights only)."))
    book_table(D.BOOK_DENSE, "lab.dense.ex", ctx)
    metric_row([(_("1 MB image into 1,024 nodes: weights"), num(D.BOOK_DENSE[2].value))])


def dense_yours(ctx: Ctx) -> None:
    st.markdown(_("Change the image and the layers. The dense layer's count follows H·W·C; the convolution's does not move."))
    cols = st.columns(6)
    for col, name in zip(cols, ("h", "w", "c", "units", "k", "filters")):
        with col:
            ctx.control(name)
    r = D.dense_vs_conv(ctx["h"], ctx["w"], ctx["c"], units=ctx["units"], filters=ctx["filters"], k=ctx["k"])
    metric_row(
        [
            (_("Dense layer"), num(r.dense.value)),
            (_(NP_("lab.dense.conv_params", "Convolution")), num(r.conv.value)),
            (_("Dense / convolution"), f"{r.ratio:,.0f}×"),
        ]
    )
    formulas, figure = beside(ctx)
    with formulas:
        c1, c2 = st.columns(2) if not ctx.presenting else (st.container(), st.container())
        with c1:
            st.markdown(_("Dense layer to {units} units:", units=ctx["units"]))
            formula(r.dense)
        with c2:
            st.markdown(_("{k}×{k} convolution with {filters} filters:", k=ctx["k"], filters=ctx["filters"]))
            formula(r.conv)
    sweep = D.sweep(c=ctx["c"], units=ctx["units"], filters=ctx["filters"], k=ctx["k"])
    sizes = [s.h for s in sweep]
    with figure:
        ctx.chart(
            V.lines_figure(
                [(_("Dense layer"), sizes, [s.dense.value for s in sweep]), (_(NP_("lab.dense.conv_params", "Convolution")), sizes, [s.conv.value for s in sweep])],
                title=_("Parameters of the first layer as the image grows"), x_title=_("Image side (pixels)"), y_title=_("Parameters"), log_x=True, log_y=True, markers=True,
                scale=ctx.scale,
            ),
            "sweep",
            room=320,
        )


def dense_why(ctx: Ctx) -> None:
    st.markdown(_("- **Sparse connectivity**: each output sees a small window (tens of pixels), not the whole image (003).\n- **Parameter sharing**: the same kernel is used at every position, so a feature learnt on the left is recognised on the right too (003, 002).\n- **Translation equivariance**: shift the input and the feature map shifts with it (002); a dense layer on flattened pixels must relearn a cat for every position (000 §3.1.2)."))


DENSE = Lab(
    "dense",
    4,
    (
        Param("h", int, 224, 1, 4096, widget="number", label=NP_("lab.dense.h", "Height")),
        Param("w", int, 224, 1, 4096, widget="number", label=NP_("lab.dense.w", "Width")),
        Param("c", int, 3, 1, 64, widget="number", label=NP_("lab.dense.c", "Channels")),
        Param("units", int, 1024, 1, 8192, widget="number", label=N_("Dense units")),
        Param("k", int, 3, 1, 11, widget="number", label=N_("Kernel k")),
        Param("filters", int, 64, 1, 1024, widget="number", label=N_("Conv filters")),
    ),
    (Step(N_("The books' numbers"), dense_book), Step(N_("Your image: dense against convolution"), dense_yours), Step(N_("Why it works"), dense_why)),
)

LABS = (CONV, POINTWISE, POOL, DENSE)

"""What every lab view shares: the lab and step records, the controls bound to session and URL, and small views.

A lab is a list of steps; a step is a title and a function that draws it. In
class the page shows every step of the chosen lab one under the other; in
presentation mode one step fills the screen. A control's value lives in
``st.session_state[state.LEARN_VALUES][lab][name]``, so that it survives the
steps whose widgets are not drawn, and in the URL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from explorer.labs.common import BookFigure, Filled, num
from ui import state
from ui.i18n import _, escape_md, keep_choice, N_, printed
from ui.learn.params import Param, defaults

# The messages of f"lab.{self.id}.title", by self.id (from the keys of the old catalogue).
_LAB_TITLE = {
    "conv": N_("Convolution step by step"),
    "pointwise": N_("The 1×1 convolution"),
    "pool": N_("Pooling"),
    "dense": N_("Why convolution instead of dense layers"),
    "stack": N_("Stacking 3×3 convolutions"),
    "inception": N_("Inception's cost"),
    "residual": N_("Residual blocks"),
    "bn": N_("Batch normalization step by step"),
    "act": N_("Activation functions"),
    "degrade": N_("The degradation experiment"),
    "topk": N_("Top-1 and top-5 error"),
    "counts": N_("Why do the numbers differ?"),
    "gap": N_("Global average pooling against Flatten + Dense"),
    "shift": N_("Shifts, flips and checkerboards"),
    "preact": N_("Where BatchNorm goes: ResNet v1 against v2"),
    "optim": N_("Learning-rate schedules and optimisers"),
    "overfit": N_("Overfitting and regularisation"),
    "cifar": N_("Book 003's CIFAR-10 recipe"),
    "transfer": N_("Transfer learning: freeze or fine-tune"),
}

# The messages of f"lab.{self.id}.intro", by self.id (from the keys of the old catalogue).
_LAB_INTRO = {
    "conv": N_("A kernel slides over an image; at every position it multiplies the pixels under it by its weights and adds the products up: one number of the output (feature) map. Books 003 and 002."),
    "pointwise": N_("A 1×1 convolution keeps the height and width and changes the depth: it scales one channel, mixes many channels, and reduces and restores depth around a costly layer (book 004 §5.2.2, book 001 §5.5)."),
    "pool": N_("Pooling summarises each window of a feature map by one number — its maximum or its average — with no parameters to learn (book 000 §3.1.4, book 002 §6.1.3, book 003)."),
    "dense": N_("A dense layer connects every pixel to every unit: its weights grow with the image. A convolution reuses one small kernel everywhere: its weights do not depend on the image size (books 000 §3.1 and 002 §6.1)."),
    "stack": N_("VGG uses only 3×3 kernels: stacked, they see as far as one large kernel, with fewer weights and more non-linearities (book 001 §5.4, book 004)."),
    "inception": N_("Inception runs 1×1, 3×3 and 5×5 convolutions and a pool side by side and concatenates them: \"use them all\". Naively, it is very expensive; a 1×1 reduction first makes it affordable (book 001 §5.5)."),
    "residual": N_("A residual block adds its input to its output: H(x) = F(x) + x. The layers only learn the difference, and the gradient has a path that skips them (books 000 §3.4, 002 §6.3, 004)."),
    "bn": N_("Batch normalization standardises each feature over the mini-batch, then scales and shifts it with two learnt numbers, γ and β (book 004 §5.1.1; hyperparameters from book 002). Edit the batch."),
    "act": N_("Sigmoid, tanh and ReLU, and their slopes: the slope is what backpropagation multiplies by at every layer (book 003; books 001 §5.3 and 004 §5.1 on vanishing gradients)."),
    "degrade": N_("Deeper should be at least as good — yet a deeper plain network trains *worse*. Shortcuts fix it (He et al. 2016, Fig. 1 and 6; book 004 §5.1.3)."),
    "topk": N_("Top-1 error: the highest score is not the true class. Top-5 error: the true class is not among the five highest. ImageNet's 1,000 classes made top-5 the headline number (book 001 §5.3)."),
    "counts": N_("The same architecture gets different counts from the book, from torchvision and from Keras. Every number below is this app's own analysis of the model named next to it."),
    "gap": N_("A classic CNN flattens its last feature map into dense layers; ResNet averages each map to one number (global average pooling) and needs one dense layer. Where do the parameters go? Every number below is this app's analysis of the zoo's models (books 000 §3.4, 004 Fig 5-9)."),
    "shift": N_("Three properties of the convolution layer: shift the input and the feature map shifts with it (book 002 §6.1); what libraries call convolution is cross-correlation (book 003); and a transposed convolution can paint a checkerboard where upsampling and a convolution do not (book 002 §6.1.4)."),
    "preact": N_("ResNet-50 v1 normalises after each convolution (Conv → BN → ReLU) and applies a ReLU after the add; v2, pre-activation, normalises before (BN → ReLU → Conv) and leaves the add alone (book 000 §3.4.3: \"BN-RE-Conv\", \"now common practice\"). The layers and counts are the zoo's two models, the book's Keras code."),
    "optim": N_("How the books lower the learning rate, as their text says it and as their code runs it (book 001), and what SGD, momentum and Adam (book 003) do on the same small problem."),
    "overfit": N_("A network that learns its training set by heart does worse on images it has not seen. Dropout, weight decay and augmentation make that harder (books 003 and 001). Trained here, live, in seconds."),
    "cifar": N_("Book 003 trains four VGG-style networks on CIFAR-10 (60,000 32×32 colour images, 10 classes: 50,000 to train, 10,000 to test) with TensorFlow 1.x: the models, the data preparation, the loop."),
    "transfer": N_("Keep a network trained on one task, give it a new top layer for another, and train either that layer alone (frozen features) or everything (fine-tuning). Book 003: more retrained layers usually means higher accuracy, but more risk of overfitting."),
}

# The messages of each lab's book figures (book_table's prefix, figure) (from the keys of the old catalogue).
_BOOK_FIGURES = {
    "lab.conv.ex": {
        "mnist": N_("MNIST image 28×28, 5×5 filter"),
        "audio": N_("Audio, 16,384 samples, f = 16, s = 4, p = 6"),
        "encoder": N_("Encoder: 4×4, stride 2, padding 1 on 1024"),
        "decoder": N_("Decoder: the same, transposed, on 512"),
        "transposed_128": N_("Transposed 6×6, stride 2, padding 1 on 128"),
        "alexnet_conv1": N_("AlexNet CONV1: 227, 11×11, stride 4"),
        "alexnet_pool1": N_("AlexNet POOL1: 55, 3×3, stride 2"),
    },
    "lab.dense.ex": {
        "cifar": N_("32×32×3 image (3,072 features) → 1,024 units"),
        "imagenet": N_("224×224×3 image → 1,024 units"),
        "megabyte": N_("1 MB image (1 million pixels) → 1,024 nodes"),
        "mnist": N_("MNIST 784 pixels → 512 nodes"),
    },
    "lab.inception.ex": {
        "naive_depth": N_("Depth of the naive module's output"),
        "naive_5x5": N_("Naive 5×5 branch"),
        "reduce_1x1": N_("1×1 reduction to 16"),
        "reduced_5x5": N_("5×5 on 16 channels"),
        "reduced_total": N_("Reduced branch, total"),
    },
    "lab.gap.ex": {
        "vgg16_total": N_("VGG-16, all parameters"),
        "vgg16_printed": N_("VGG-16, the printed summary"),
    },
}

# The messages of why a book figure is wrong (prefix, figure) (from the keys of the old catalogue).
_BOOK_ERRATA = {
    "lab.conv.ex": {
        "transposed_128": N_("Book 002 says 128×128×3 becomes 256×256×1, but its own Eq. 6.3 gives 2·(128 − 1) + 6 − 2·1 = 258 (PyTorch's ConvTranspose2d(3, 1, 6, stride=2, padding=1) gives 258 too). 256 needs f = 4, p = 1 or f = 6, p = 2."),
    },
    "lab.inception.ex": {
        "naive_depth": N_("Book 001 says the module outputs 32×32×256, counting the pool branch as 32 channels deep. A max pool keeps its input's depth: 200, so the concatenation is 64 + 128 + 32 + 200 = 424. The book's 256 needs a 32-filter 1×1 convolution after the pool — which is exactly what the module with dimension reduction adds."),
    },
}


@dataclass(frozen=True)
class Step:
    """One screen of a lab: a catalogue key for its title and the function that draws it.

    ``fill`` computes the title's placeholders from the lab's values, so that a
    title that states a number states the one on screen ("Mixing channels: 64 → 28").
    """

    title: str
    render: Callable[[Ctx], None]
    fill: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def heading(self, vals: dict[str, Any]) -> str:
        """The title in the current language, its numbers those of ``vals``."""
        return _(self.title, **(self.fill(vals) if self.fill else {}))


@dataclass(frozen=True)
class Lab:
    """A lab: its id (``?lab=``), its number in the book order, its controls and its steps."""

    id: str
    number: int
    params: tuple[Param, ...]
    steps: tuple[Step, ...]

    @property
    def title(self) -> str:
        return _LAB_TITLE[self.id]

    @property
    def intro(self) -> str:
        return _LAB_INTRO[self.id]

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


def values(lab: Lab) -> dict[str, Any]:
    """The lab's current values (its defaults the first time), kept across steps and page switches."""
    store = st.session_state.setdefault(state.LEARN_VALUES, {})
    current = store.setdefault(lab.id, defaults(lab.params))
    for p in lab.params:
        current.setdefault(p.name, p.default)
    return current


def synced(lab: Lab) -> dict[str, Any]:
    """:func:`values` with the widgets' values of this run, which the steps' controls read later.

    A step's title is drawn before its controls: without this it would show the
    numbers of the previous run.
    """
    current = values(lab)
    for p in lab.params:
        v = st.session_state.get(state.lab_key(lab.id, p.name))
        if v is not None:
            current[p.name] = v
    return current


def set_values(lab: Lab, new: dict[str, Any]) -> None:
    """Replace the lab's values (from a link) and show them in its widgets."""
    current = values(lab)
    current.update(new)
    for name, v in new.items():
        st.session_state[state.lab_key(lab.id, name)] = v


def _reselect(key: str, value: Any) -> None:
    """A segmented control clicked off selects nothing: keep the value it had."""
    if st.session_state.get(key) is None:
        st.session_state[key] = value


@dataclass
class Ctx:
    """What a step's draw function gets: the lab, its values, and the figure scale of the mode."""

    lab: Lab
    scale: float = 1.0
    presenting: bool = False
    vals: dict[str, Any] = field(default_factory=dict)
    room: int = 0  # presentation: the most pixels a figure may take in height (0: its own height)
    extra: Any = None  # presentation: the step's one "More on this step" expander, once drawn (:func:`more`)

    def __getitem__(self, name: str) -> Any:
        return self.vals[name]

    def label(self, name: str) -> str:
        p = self.lab.param(name)
        return _(p.label or name)

    def control(self, name: str, *, max_value: int | None = None, format_func: Callable[[Any], str] | None = None, help: str | None = None, menu: bool = False) -> Any:
        """Draw parameter ``name``'s widget where called; return its value (also stored for the URL).

        ``menu``: while presenting, a segmented control becomes a drop-down (its long names would be cut on a slide).
        """
        p = self.lab.param(name)
        key = state.lab_key(self.lab.id, name)
        hi = p.max if max_value is None else max_value
        if key not in st.session_state or st.session_state[key] is None:
            st.session_state[key] = self.vals[name]
        else:
            keep_choice(key)
        if hi is not None and p.kind in (int, float) and st.session_state[key] > hi:
            st.session_state[key] = p.kind(hi)
        label = self.label(name)
        if p.widget == "slider" and hi is not None and hi <= p.min:  # one position only: nothing to slide
            st.session_state[key] = p.kind(p.min)
        elif p.widget == "slider":
            st.slider(label, min_value=p.kind(p.min), max_value=p.kind(hi), step=p.kind(p.step or 1), key=key, help=help)
        elif p.widget == "number":
            st.number_input(label, min_value=p.kind(p.min), max_value=p.kind(hi), step=p.kind(p.step or 1), key=key, help=help, format="%g" if p.kind is float else None)
        elif p.widget == "segmented" and menu and self.presenting:
            st.selectbox(label, p.choices, key=key, format_func=format_func or str, help=help)
        elif p.widget == "segmented":
            st.segmented_control(label, p.choices, key=key, format_func=format_func or str, help=help, on_change=_reselect, args=(key, self.vals[name]))
        elif p.widget == "select":
            st.selectbox(label, p.choices, key=key, format_func=format_func or str, help=help)
        elif p.widget == "toggle":
            st.toggle(label, key=key, help=help)
        elif p.widget == "text":
            st.text_input(label, key=key, help=help)
        value = st.session_state.get(key)
        if value is None:  # a segmented control clicked off: keep the value (the next run selects it again)
            value = self.vals[name]
        self.vals[name] = value
        return value

    def controls(self, *names: str) -> list[Any]:
        """Parameters ``names``' widgets side by side, one column each; their values."""
        values = []
        for column, name in zip(st.columns(len(names)), names):
            with column:
                values.append(self.control(name))
        return values

    def set(self, name: str, value: Any) -> None:
        """For a callback: change a value and its widget before the next run draws it."""
        self.vals[name] = value
        st.session_state[state.lab_key(self.lab.id, name)] = value

    def chart(self, fig: Any, key: str, *, room: int | None = None) -> None:
        """Draw a plotly figure; while presenting, no taller than ``room`` (or the mode's) pixels, as wide as its column."""
        cap = self.room if room is None else room
        if self.presenting:
            # The title above the figure as words that wrap (a plotly title runs out of a half-width chart), at most
            # ~6 chosen ticks, long axis titles on two lines (a short, narrow figure).
            if fig.layout.title.text:
                st.markdown(f"**{escape_md(fig.layout.title.text)}**")
                top = (fig.layout.margin.t or 80) if fig.layout.annotations else 20
                fig.update_layout(title_text="", margin_t=min(top, round(45 * self.scale)))
            for axis in (fig.layout.xaxis, fig.layout.yaxis):
                if axis.tickvals is not None and axis.type == "log":
                    _log_ticks(axis)
                elif axis.tickvals is not None and len(axis.tickvals) > 6:  # every k-th of the chosen ticks
                    k = -(-len(axis.tickvals) // 6)
                    axis.tickvals = axis.tickvals[::k]
                    if axis.ticktext is not None:
                        axis.ticktext = axis.ticktext[::k]
                text = axis.title.text or ""
                if len(text) > 22 and " " in text and "<br>" not in text:  # a long axis title on two lines
                    middle = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - len(text) // 2))
                    axis.title.text = text[:middle] + "<br>" + text[middle + 1:]
                    axis.automargin = True
            if cap and (fig.layout.height or 450) > cap:
                fig.update_layout(height=cap)
            _log_decades(fig)
            _fewer_steps(fig)
            if fig.layout.showlegend is not False and sum(1 for t in fig.data if t.name) == 2:
                # Two series: their legend above the plot, not beside it (a half-width chart keeps its width for the
                # data). More would take lines of the plot's height.
                fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"})
        # theme=None: keep the figure's own classroom-sized fonts (Streamlit's theme would shrink them).
        st.plotly_chart(fig, key=state.lab_key(self.lab.id, f"chart:{key}"), theme=None, config={"displaylogo": False})


def _log_ticks(axis: Any) -> None:
    """A log axis's chosen ticks, at most ~6 and evenly spread on the log scale (32, 64, 96 … crowd at the right)."""
    pairs = [(v, t) for v, t in zip(axis.tickvals, axis.ticktext or axis.tickvals) if v and v > 0]
    if len(pairs) < 2:
        return
    gap = math.log10(pairs[-1][0] / pairs[0][0]) / 5.5
    kept = [pairs[0]]
    for v, t in pairs[1:]:
        if math.log10(v / kept[-1][0]) >= gap * 0.999:
            kept.append((v, t))
    if kept[-1] != pairs[-1]:  # the last point labelled: in place of the last kept one when they are close
        kept[-1 if len(kept) > 1 and math.log10(pairs[-1][0] / kept[-1][0]) < gap / 2 else len(kept):] = [pairs[-1]]
    axis.tickvals = [v for v, __ in kept]
    if axis.ticktext is not None:
        axis.ticktext = [t for __, t in kept]


def _log_decades(fig: Any) -> None:
    """A log y axis's labels (every ``dtick`` decades) no closer than ~45 px in the figure's height (a short slide)."""
    axis = fig.layout.yaxis
    if axis.type != "log" or not isinstance(axis.dtick, (int, float)):
        return
    ys = [v for trace in fig.data if getattr(trace, "y", None) is not None for v in trace.y if isinstance(v, (int, float)) and v > 0]
    if len(ys) < 2 or max(ys) <= min(ys):
        return
    labels = max(2, int(((fig.layout.height or 450) - 150) // 45))
    axis.dtick = max(int(axis.dtick), math.ceil(math.log10(max(ys) / min(ys)) / labels))


def _fewer_steps(fig: Any) -> None:
    """A linear x axis labelled every ``dtick`` (steps, epochs, layers): at most ~6 labels on a narrow slide chart."""
    axis = fig.layout.xaxis
    if axis.type not in (None, "linear", "-") or not isinstance(axis.dtick, (int, float)) or axis.dtick <= 0:
        return
    xs = [v for trace in fig.data if getattr(trace, "x", None) is not None for v in trace.x if isinstance(v, (int, float))]
    if len(xs) < 2:
        return
    labels = (max(xs) - min(xs)) / axis.dtick
    if labels > 6:
        axis.dtick = axis.dtick * math.ceil(labels / 6)


def beside(ctx: Ctx, spec: Sequence[float] = (1, 1)) -> list[Any]:
    """Places for a step's parts: side by side while presenting (a slide is wide and short), one under the other in class."""
    if ctx.presenting:
        return list(st.columns(list(spec), gap="medium"))
    return [st.container() for __ in spec]


def after(ctx: Ctx, place: Any) -> Any:
    """Where content that follows a :func:`beside` pair goes: into ``place`` while presenting, below the pair in class."""
    return place if ctx.presenting else st.container()


def more(ctx: Ctx) -> Any:
    """A place for a step's secondary content: behind an expander while presenting (one screen each), shown in class.

    While presenting, every call of a step fills the same expander (one closed line on the slide, drawn where the
    first call is).
    """
    if not ctx.presenting:
        return st.container()
    if ctx.extra is None:
        ctx.extra = st.expander(_("More on this step"))
    return ctx.extra


def formula(f: Filled) -> None:
    """A formula with symbols, then with this case's numbers."""
    st.markdown(f"`{f.symbolic}`")
    st.code(f.filled, language=None)


def table(rows: Sequence[dict[str, Any]], ctx: Ctx | None = None, *, keep: Sequence[str] = ()) -> None:
    """A small table of a lab's numbers, its first column as the row labels.

    An HTML table rather than a data grid, so that presentation mode's large type applies to it. While presenting
    (``ctx``) with ``keep`` (column names), the slide shows only those columns and the whole table waits behind
    :func:`more`.
    """
    frame = pd.DataFrame(rows)
    if ctx is not None and ctx.presenting and keep:
        short = frame[[frame.columns[0], *[c for c in frame.columns[1:] if c in keep]]]
        st.table(short.set_index(short.columns[0]))
        with more(ctx):
            st.table(frame.set_index(frame.columns[0]))
        return
    st.table(frame.set_index(frame.columns[0]))


def book_table(figures: Sequence[BookFigure], prefix: str, ctx: Ctx | None = None) -> None:
    """The books' figures: what each example is, the computation, what the book prints, the value, ✓ or ⚠.

    Below the table, one sentence per erratum; while presenting
    (``ctx``), behind an expander: the table's ⚠ says where they are. The slide's table shows each value
    instead of its computation (one line a row); the computations are behind the expander too.
    """
    presenting = ctx is not None and ctx.presenting
    rows = []
    for f in figures:
        row = {
            _("Example"): _(_BOOK_FIGURES[prefix][f.key]),
            _("Book"): f.source,
            _("Formula with its numbers"): f.formula.filled,
            _("The book prints"): printed(f.book),
        }
        if presenting:
            row[_("Value")] = num(f.value)
        row[_("Check")] = "⚠ " + _("erratum") if f.erratum else "✓"  # computed: book text against value
        rows.append(row)
    if presenting:
        table(rows, ctx, keep=(_("Book"), _("The book prints"), _("Value"), _("Check")))
        with more(ctx):
            _errata(figures, prefix)
    else:
        table(rows)
        _errata(figures, prefix)


def _errata(figures: Sequence[BookFigure], prefix: str) -> None:
    for f in figures:
        if f.erratum:
            st.warning(_(_BOOK_ERRATA[prefix][f.key]), icon="⚠️")


def metric_row(items: Sequence[tuple[str, str]], *, helps: Sequence[str | None] = ()) -> None:
    """Big numbers side by side: (label, value) pairs."""
    cols = st.columns(len(items))
    for i, (col, (label, value)) in enumerate(zip(cols, items)):
        col.metric(label, value, help=helps[i] if i < len(helps) else None)

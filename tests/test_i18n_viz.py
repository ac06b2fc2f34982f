"""The figures' words: the library's English, the catalogue's Chinese, and figures drawn in each.

``explorer.viz`` writes its figures through a translator (:mod:`explorer.viz.words`);
the pages pass one that reads ``ui/catalogue_viz.py``. These tests keep the two
in step and look at whole figures: in Chinese no English word of the figures'
own is left, and through the catalogue's English a figure is the library's own.
"""

from __future__ import annotations

import inspect
import re
import string
from collections.abc import Iterable

import numpy as np
import plotly.graph_objects as go
import pytest

import explorer
from explorer import viz
from explorer.analysis.compare import PRESETS, labels
from explorer.inspect.filters import weight_layers
from explorer.inspect.labels import Prediction
from explorer.viz import compare_figures, diagram, inside, report_figures, training
from explorer.viz.style import stages
from explorer.viz.words import ENGLISH, english, resolve
from ui import catalogue_viz, compare_text, i18n

CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"\b[a-z]{2,}\b")
TAG = re.compile(r"<[^>]+>")
PLOTLY_FIELD = re.compile(r"%\{[^}]*\}")
UNITS = {"px"}  # stay as written in every language


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def _zh(key: str, /, **fmt: object) -> str:
    return i18n.text(key, "zh", **fmt)


def _en(key: str, /, **fmt: object) -> str:
    return i18n.text(key, "en", **fmt)


# The figures' own English words ("feature", "maps", "stride", "epoch", …), whatever fills their placeholders.
OWN_WORDS = {w for s in ENGLISH.values() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", TAG.sub(" ", s)).lower())} - UNITS


# --- the catalogue repeats the library ---------------------------------------------------------


@pytest.mark.parametrize("key", list(ENGLISH))
def test_every_word_of_the_figures_is_in_the_catalogue(key: str) -> None:
    entry = i18n.CATALOGUE.get(key)
    assert entry is not None, f"{key} is missing from ui/catalogue_viz.py"
    assert entry["en"] == ENGLISH[key], f"{key}: the catalogue's English differs from explorer/viz/words.py"
    assert _fields(entry["en"]) == _fields(entry["zh"]) == _fields(ENGLISH[key])
    has_words = WORD.search(re.sub(r"\{[^}]*\}", " ", entry["en"]).lower())
    assert CJK.search(entry["zh"]) or not has_words, key  # "{name} (%)" has no words of its own
    assert "{{" not in ENGLISH[key] and "}}" not in ENGLISH[key], "no literal braces: plotly's %{x} are passed in as values"


def test_the_catalogue_has_no_figure_word_the_library_lacks() -> None:
    assert set(catalogue_viz.STRINGS) == set(ENGLISH)
    assert all(k.startswith("viz.") for k in ENGLISH)


def test_english_is_the_default_translator() -> None:
    assert resolve(None) is english
    assert english("viz.shapes.title", title="ResNet-50") == "ResNet-50: feature maps get smaller and deeper"
    assert english("viz.train.epoch") == "epoch"


FIGURE_MODULES = (report_figures, diagram, compare_figures, training, inside)


@pytest.mark.parametrize("module", FIGURE_MODULES, ids=lambda m: m.__name__)
def test_every_figure_takes_words(module) -> None:
    """Every public function that draws a plotly figure has a keyword-only ``words``."""
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ != module.__name__ or name.startswith("_"):
            continue
        if inspect.signature(fn).return_annotation in ("go.Figure", go.Figure):
            param = inspect.signature(fn).parameters.get("words")
            assert param is not None and param.kind is inspect.Parameter.KEYWORD_ONLY, f"{module.__name__}.{name}"


# --- what a figure shows -------------------------------------------------------------------------


def _shown(fig: go.Figure) -> list[str]:
    """The strings a person can see: titles, axis and colour-bar titles, annotations, legend names, tooltips."""
    data = fig.to_plotly_json()
    layout = data["layout"]
    out = [(layout.get("title") or {}).get("text") or ""]
    for key, value in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key):
            out.append(((value or {}).get("title") or {}).get("text") or "")
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in data["data"]:
        if trace.get("showlegend") is not False:
            out.append(trace.get("name") or "")
        for field in ("hovertext", "text"):
            value = trace.get(field)
            if isinstance(value, str):
                out.append(value)
            elif value is not None:
                out += [v for v in value if isinstance(v, str)]
        out.append(trace.get("hovertemplate") or "")
        out.append((((trace.get("colorbar") or {}).get("title")) or {}).get("text") or "")
    return [s for s in out if s]


def _english_left(texts: Iterable[str], names: Iterable[str] = ()) -> set[str]:
    """The figures' own English words still in ``texts``, once markup, plotly fields and ``names`` are taken out."""
    left: set[str] = set()
    by_length = sorted({n for n in names if n}, key=len, reverse=True)
    for s in texts:
        s = PLOTLY_FIELD.sub(" ", TAG.sub(" ", s))
        for n in by_length:
            s = s.replace(n, " ")
        left |= {w for w in WORD.findall(s.lower()) if w in OWN_WORDS}
    return left


def _report_names(*reports) -> set[str]:
    """Module names and types, stage and model labels: shown as the network spells them, in every language."""
    out = set()
    for rep in reports:
        out |= {r.name for r in rep.layers} | {r.type for r in rep.layers} | {s.label for s in stages(rep)} | {rep.title}
    return out


def _title(fig: go.Figure) -> str:
    return fig.layout.title.text or ""


def _axis_titles(fig: go.Figure) -> list[str]:
    layout = fig.to_plotly_json()["layout"]
    return [v["title"]["text"] for k, v in layout.items() if re.fullmatch(r"[xy]axis\d*", k) and (v.get("title") or {}).get("text")]


def _chinese_throughout(fig: go.Figure, names: Iterable[str] = ()) -> None:
    assert CJK.search(_title(fig)), _title(fig)
    axes = _axis_titles(fig)
    assert axes and all(CJK.search(a) or a in {"H", ""} for a in axes), axes
    left = _english_left(_shown(fig), names)
    assert not left, f"English left in a Chinese figure: {sorted(left)}"


# --- Architecture page: resnet50 -------------------------------------------------------------------

RESNET50 = explorer.analyze("resnet50")
ARCH_FIGURES = {
    "diagram": viz.network_diagram,
    "shapes": viz.shapes_figure,
    "rf": viz.receptive_field_figure,
    "params": lambda rep, **kw: viz.stage_bars(rep, "params", **kw),
    "macs": lambda rep, **kw: viz.stage_bars(rep, "mult_adds", **kw),
}


@pytest.mark.parametrize("which", list(ARCH_FIGURES))
def test_resnet50_figures_in_chinese(which: str) -> None:
    fig = ARCH_FIGURES[which](RESNET50, words=_zh)
    _chinese_throughout(fig, _report_names(RESNET50))


def test_resnet50_chinese_titles_and_numbers() -> None:
    assert _title(viz.shapes_figure(RESNET50, words=_zh)) == "ResNet-50：特征图越来越小，通道越来越多"
    rf = viz.receptive_field_figure(RESNET50, words=_zh)
    texts = [a.text for a in rf.layout.annotations]
    assert "输入：224 px" in texts and any(t.startswith(f"最终：{RESNET50.receptive_field.size[0]} px") for t in texts)
    assert rf.data[0].name == "感受野 r" and rf.data[1].name == "有效步幅 j"
    bars = viz.stage_bars(RESNET50, "params", words=_zh)
    assert _title(bars).startswith("ResNet-50：参数量在各阶段的分布（共 ")
    assert list(bars.data[0].x) == [s.label for s in stages(RESNET50)], "stage names stay the network's"
    hover = next(t for t in viz.network_diagram(RESNET50, words=_zh).data if t.name == "layers").hovertext
    assert hover[0] == "<b>输入</b><br>3×224×224"
    assert hover[1] == "<b>conv1</b> (Conv2d)<br>输出 64×112×112<br>参数量 9,408"


@pytest.mark.parametrize("name", ["resnet50", "resnet152", "vgg16", "googlenet", "lenet5"])
@pytest.mark.parametrize("which", list(ARCH_FIGURES))
def test_english_through_the_catalogue_is_the_librarys(name: str, which: str) -> None:
    rep = explorer.analyze(name)
    assert ARCH_FIGURES[which](rep, words=_en).to_json() == ARCH_FIGURES[which](rep).to_json()


def test_english_figures_read_as_before() -> None:
    assert _title(viz.shapes_figure(RESNET50)) == "ResNet-50: feature maps get smaller and deeper"
    assert _title(viz.receptive_field_figure(RESNET50)) == "ResNet-50: what one unit sees grows layer by layer"
    assert _title(viz.stage_bars(RESNET50, "mult_adds")).startswith("ResNet-50: where the multiply-adds are (total ")
    diagram_fig = viz.network_diagram(RESNET50)
    units, _ = viz.diagram_units(RESNET50)
    assert _title(diagram_fig) == f"ResNet-50: {len(units)} layers, drawn to scale"
    assert diagram_fig.layout.yaxis.title.text == "map height H (pixels, to scale)"
    assert "<br>output 64×112×112<br>9,408 parameters" in next(t for t in diagram_fig.data if t.name == "layers").hovertext[1]


# --- Compare page ----------------------------------------------------------------------------------

COMPARE = [explorer.analyze(a, **hp) for a, hp in PRESETS["VGG-16 vs ResNet-50"]]
COMPARE_FIGURES = {
    "pm": viz.params_vs_macs,
    "stages": viz.stage_params_figure,
    "rf": viz.rf_vs_depth,
    "spatial": viz.spatial_overlay,
    "relative": lambda reps, **kw: viz.spatial_overlay(reps, relative=True, **kw),
}


@pytest.mark.parametrize("which", list(COMPARE_FIGURES))
def test_compare_figures_in_chinese_take_the_pages_names(which: str) -> None:
    names = compare_text.labels(COMPARE, "zh")
    fig = COMPARE_FIGURES[which](COMPARE, names=names, words=_zh)
    _chinese_throughout(fig, _report_names(*COMPARE) | set(names))
    if which != "stages":
        assert [t.name for t in fig.data] == names
    assert COMPARE_FIGURES[which](COMPARE, names=labels(COMPARE), words=_en).to_json() == COMPARE_FIGURES[which](COMPARE).to_json()


def test_compare_figures_name_each_report_once() -> None:
    reps = [explorer.analyze(a, **hp) for a, hp in PRESETS["plain vs residual"]]
    names = compare_text.labels(reps, "zh")
    fig = viz.stage_params_figure(reps, names=names, words=_zh)
    assert {t.y[0] for t in fig.data} == set(names)
    with pytest.raises(ValueError, match="one name per report"):
        viz.rf_vs_depth(reps, names=names[:1])


# --- Train page ------------------------------------------------------------------------------------

METRICS = [
    {"kind": "train", "step": 1, "epoch": 0.1, "loss": 2.3, "acc": 0.1, "lr": 1e-3},
    {"kind": "val", "step": 10, "epoch": 1, "loss": 0.8, "acc": 0.75, "lr": 1e-3},
    {"kind": "train", "step": 20, "epoch": 2.0, "loss": 0.4, "acc": 0.9, "lr": 1e-4},
]
TRAIN_FIGURES = {
    "curves": lambda **kw: training.curves_figure(METRICS, **kw),
    "lr": lambda **kw: training.lr_figure(METRICS, **kw),
    "confusion": lambda **kw: training.confusion_figure([[8, 2], [1, 9]], ["cat", "dog"], **kw),
    **{f"overlay_{m}": (lambda m=m, **kw: training.overlay_figure([("plain", METRICS), ("residual", METRICS)], m, **kw))
       for m in training.OVERLAY_METRICS},
}


@pytest.mark.parametrize("which", list(TRAIN_FIGURES))
def test_training_figures_in_chinese(which: str) -> None:
    fig = TRAIN_FIGURES[which](words=_zh)
    _chinese_throughout(fig, {"cat", "dog", "plain", "residual"})
    assert TRAIN_FIGURES[which](words=_en).to_json() == TRAIN_FIGURES[which]().to_json()


def test_training_figures_chinese_words() -> None:
    curves = training.curves_figure(METRICS, words=_zh)
    assert _title(curves) == "训练过程中的损失和准确率" and {t.name for t in curves.data} == {"训练", "验证"}
    assert curves.layout.xaxis.title.text == "轮次"
    confusion = training.confusion_figure([[8, 2], [1, 9]], ["cat", "dog"], words=_zh)
    assert _title(confusion) == "混淆矩阵（准确率 85.0%）"
    assert (confusion.layout.xaxis.title.text, confusion.layout.yaxis.title.text) == ("预测类别", "真实类别")
    assert _title(training.overlay_figure([("a", METRICS)], "val_acc", words=_zh)) == "各次运行的验证准确率"
    assert {name: _zh(f"viz.train.metric.{m}") for m, (name, _) in training.OVERLAY_METRICS.items()} == {
        name: i18n.text(f"train.curve.{m}", "zh") for m, (name, _) in training.OVERLAY_METRICS.items()
    }, "the overlay's title names the curve as the page's switch does"


def test_the_mistakes_picture_has_no_words() -> None:
    """Its captions are class names, an arrow and a percentage: the same picture in every language."""
    images = np.zeros((2, 1, 28, 28), np.uint8)
    items = [{"true": 0, "pred": 1, "confidence": 0.9}, {"true": 1, "pred": 0, "confidence": 0.6}]
    grid = training.misclassified_grid(images, items, ["cat", "dog"], columns=8, cell=64)
    assert grid.size == (2 * 72 + 8, 64 + 42 + 16)
    assert "words" not in inspect.signature(training.misclassified_grid).parameters
    red = np.asarray(grid)[8 + 64 + 21:8 + 64 + 40, 8:8 + 18]
    assert ((red[..., 0] > 150) & (red[..., 1] < 80)).any(), "the red arrow before what the model said"


# --- Inside page -----------------------------------------------------------------------------------

LENET = explorer.build("lenet5")
INSIDE_FIGURES = {
    "picker": lambda **kw: inside.unit_picker(np.arange(20.0).reshape(4, 5), selected=(1, 2), title="x", **kw),
    "top_k": lambda **kw: inside.top_k_figure([Prediction(3, "tabby", 0.7), Prediction(5, "tiger cat", 0.2)], **kw),
    "weights": lambda **kw: inside.weight_box_figure(weight_layers(LENET), **kw),
    "histogram": lambda **kw: inside.histogram_figure(np.array([1, 2, 3]), np.array([0.0, 1, 2, 3]), **kw),
}


@pytest.mark.parametrize("which", list(INSIDE_FIGURES))
def test_inside_figures_in_chinese(which: str) -> None:
    fig = INSIDE_FIGURES[which](words=_zh)
    axes = _axis_titles(fig)
    assert axes and all(CJK.search(a) for a in axes), axes
    layers = {n for n, _ in LENET.named_modules()}
    assert not _english_left(_shown(fig), layers | {"tabby", "tiger cat"})
    assert INSIDE_FIGURES[which](words=_en).to_json() == INSIDE_FIGURES[which]().to_json()


def test_the_unit_pickers_words() -> None:
    fig = INSIDE_FIGURES["picker"](words=_zh)
    assert fig.layout.yaxis.title.text == "行 i"
    assert fig.data[1].hovertemplate == "第 %{y} 行，第 %{x} 列：%{customdata:.3g}<extra></extra>"
    en = INSIDE_FIGURES["picker"]()
    assert (en.layout.xaxis.title.text, en.data[1].hovertemplate) == ("column j", "row %{y}, column %{x}: %{customdata:.3g}<extra></extra>")


def test_kernel_tiles_are_numbered_not_worded() -> None:
    """"#3" under each input channel's kernel: PIL's font has no Chinese, and a number needs no translation."""
    w = np.random.default_rng(0).normal(size=(2, 4, 3, 3)).astype(np.float32)
    assert inside.kernel_grid(w, 0, cols=4, side=40).size == inside.feature_grid(w[0], range(4), cols=4, side=40).size


# --- on the pages ----------------------------------------------------------------------------------


def _page(page: str, **query: str):
    import json

    from apptest import open_page

    at = open_page(page, **query)
    return at, [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_architecture_charts_speak_the_pages_language() -> None:
    _, zh = _page("pages/architecture.py", lang="zh", arch="resnet50", tab="charts")
    assert len(zh) == 5
    assert sorted(c["layout"]["title"]["text"] for c in zh) == sorted(_title(f(RESNET50, words=_zh)) for f in ARCH_FIGURES.values())
    _, en = _page("pages/architecture.py", arch="resnet50", tab="charts")
    assert sorted(c["layout"]["title"]["text"] for c in en) == sorted(_title(f(RESNET50)) for f in ARCH_FIGURES.values())


def test_compare_charts_name_the_models_as_the_table_does() -> None:
    _, zh = _page("pages/compare.py", lang="zh")
    names = compare_text.labels(COMPARE, "zh")
    assert len(zh) == 4 and all(CJK.search(c["layout"]["title"]["text"]) for c in zh)
    assert [t["name"] for t in zh[0]["data"]] == names
    _, en = _page("pages/compare.py")
    assert [c["layout"]["title"]["text"] for c in en] == [
        _title(f(COMPARE)) for f in (viz.params_vs_macs, viz.rf_vs_depth, viz.stage_params_figure, viz.spatial_overlay)
    ]


def test_architecture_charts_name_the_network_as_the_page_does() -> None:
    """A title with words ("ResNet for CIFAR-10 (6n+2)") is the page's translated one in every chart's title."""
    _, zh = _page("pages/architecture.py", lang="zh", arch="resnet_cifar", tab="charts")
    assert len(zh) == 5
    titles = [c["layout"]["title"]["text"] for c in zh]
    assert all(t.startswith("CIFAR-10 上的 ResNet（6n+2）：") for t in titles), titles
    rep = explorer.analyze("resnet_cifar")
    for f in ARCH_FIGURES.values():
        assert _title(f(rep, name="X", words=_zh)).startswith("X：")
        assert _title(f(rep, name=rep.title)) == _title(f(rep))

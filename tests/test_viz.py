"""Figures build for every architecture, carry the reports' exact numbers, and follow the classroom style."""

from __future__ import annotations

import json
import pathlib

import plotly.graph_objects as go
import pytest

import explorer
from explorer import viz
from explorer.analysis.compare import PRESETS, labels
from explorer.viz.diagram import drawn
from explorer.viz.style import FONT_SIZE, stages

ALL = explorer.list_architectures()
SOME = ["resnet18", "vgg16", "googlenet", "lenet5", "resnet152", "alexnet_book", "resnet_cifar"]
ROOT = pathlib.Path(__file__).resolve().parents[1]


def check_style(fig: go.Figure) -> dict:
    """Light theme, fonts of 16 px or more, a title; the figure serialises. Returns the JSON as a dict."""
    data = json.loads(fig.to_json())
    layout = data["layout"]
    assert layout["font"]["size"] >= FONT_SIZE
    assert layout["title"]["text"]
    assert layout["hoverlabel"]["font"]["size"] >= FONT_SIZE
    for ann in layout.get("annotations", []):
        assert ann.get("font", {}).get("size", FONT_SIZE) >= FONT_SIZE
    assert layout["template"]["layout"]["plot_bgcolor"] == "white"  # plotly_white: the light theme
    return data


def test_viz_never_imports_streamlit() -> None:
    mine = [ROOT / "explorer/analysis/formulas.py", ROOT / "explorer/analysis/compare.py"]
    for path in [*(ROOT / "explorer" / "viz").glob("*.py"), *mine]:
        assert "streamlit" not in path.read_text(), path


@pytest.mark.parametrize("name", SOME)
def test_shapes_figure(name: str) -> None:
    rep = explorer.analyze(name)
    fig = viz.shapes_figure(rep)
    check_style(fig)
    top = [t for t in fig.data if t.yaxis == "y" and t.mode == "markers"]
    pts = sorted((x, y) for t in top for x, y in zip(t.x, t.y))
    spatial = [r for r in rep.leaves() if r.output_shape is not None and len(r.output_shape) == 3]
    assert [y for _, y in pts] == [r.output_shape[1] for r in spatial]
    bottom = [t for t in fig.data if t.yaxis == "y2" and t.mode == "markers"]
    assert sum(len(t.x) for t in bottom) == sum(1 for r in rep.leaves() if r.output_shape and len(r.output_shape) in (1, 3))
    # One legend entry per stage that has points, coloured as the stage.
    colours = {s.label: s.colour for s in stages(rep)}
    for t in top + bottom:
        assert t.marker.color == colours[t.name]
    assert len([t for t in top + bottom if t.showlegend is not False]) == len({t.name for t in top + bottom})


@pytest.mark.parametrize("name", SOME)
def test_receptive_field_figure(name: str) -> None:
    rep = explorer.analyze(name)
    fig = viz.receptive_field_figure(rep)
    check_style(fig)
    rf, stride = fig.data[0], fig.data[1]
    with_rf = [r for r in rep.leaves() if r.receptive_field is not None]
    assert len(rf.y) == len(with_rf)
    assert rf.y[-1] == rep.receptive_field.size[0]
    assert stride.y[-1] == rep.receptive_field.stride[0]
    assert stride.yaxis == "y2"
    texts = [a.text for a in fig.layout.annotations]
    assert any(f"final: {rep.receptive_field.size[0]} px" in t for t in texts)
    assert any(f"input: {rep.input_shape[1]} px" in t for t in texts)


@pytest.mark.parametrize("name", ["vgg16", "resnet50", "googlenet"])
@pytest.mark.parametrize("metric", ["params", "mult_adds"])
def test_stage_bars(name: str, metric: str) -> None:
    rep = explorer.analyze(name)
    fig = viz.stage_bars(rep, metric)
    check_style(fig)
    bar = fig.data[0]
    total = rep.total_params if metric == "params" else rep.mult_adds
    assert sum(bar.y) == total
    assert list(bar.x) == [s.label for s in stages(rep)]
    assert list(bar.marker.color) == [s.colour for s in stages(rep)]


def test_stage_bars_vgg16_classifier_label() -> None:
    bar = viz.stage_bars(explorer.analyze("vgg16")).data[0]
    assert dict(zip(bar.x, bar.text))["classifier"] == "89.4%"
    with pytest.raises(ValueError, match="mult_adds"):
        viz.stage_bars(explorer.analyze("vgg16"), "flops")


def test_stages_merge_small_neighbours() -> None:
    assert [s.label for s in stages(explorer.analyze("resnet18"))] == [
        "conv1–maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool–fc"]
    assert [s.label for s in stages(explorer.analyze("vgg16"))] == ["features", "avgpool", "classifier"]
    assert stages(explorer.analyze("googlenet"))[0].label == "conv1–maxpool2"


@pytest.mark.parametrize("name", ALL)
def test_network_diagram_every_architecture(name: str) -> None:
    rep = explorer.analyze(name)
    fig = viz.network_diagram(rep)
    check_style(fig)
    units, level = viz.diagram_units(rep)
    assert 0 < len(units) <= 80
    hover = next(t for t in fig.data if t.name == "layers")
    assert len(hover.x) == len(units) + 1  # the input, then every unit
    assert list(hover.x) == sorted(hover.x)
    boxes = [t for t in fig.data if t.name == "boxes"]
    tallest = max(y for t in boxes for y in t.y if y is not None)
    assert tallest == max([rep.input_shape[1]] + [u.output_shape[1] for u in units if len(u.output_shape) == 3])


def test_network_diagram_resnet152_draws_blocks() -> None:
    rep = explorer.analyze("resnet152")
    units, level = viz.diagram_units(rep)
    assert level == 2
    assert sum(1 for u in units if u.type == "Bottleneck") == 3 + 8 + 36 + 3
    assert viz.network_diagram(rep).layout.title.text == f"ResNet-152: {len(units)} blocks, drawn to scale"


def test_network_diagram_resnet18_draws_layers_not_activations() -> None:
    rep = explorer.analyze("resnet18")
    units, level = viz.diagram_units(rep)
    assert level is None
    assert {u.type for u in units} == {"Conv2d", "MaxPool2d", "AdaptiveAvgPool2d", "Linear"}
    assert len(units) == sum(1 for r in rep.leaves() if drawn(r)) == 20 + 3


def preset_reports(name: str) -> list:
    return [explorer.analyze(a, **hp) for a, hp in PRESETS[name]]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_compare_figures(preset: str) -> None:
    reps = preset_reports(preset)
    names = labels(reps)

    fig = viz.params_vs_macs(reps)
    check_style(fig)
    assert [t.x[0] for t in fig.data] == [r.total_params for r in reps]
    assert [t.y[0] for t in fig.data] == [r.mult_adds for r in reps]
    shown = [t.text[0] for t in fig.data]
    assert all(s in (n, "") for s, n in zip(shown, names)), "a label is the model's name, or left to the legend"
    assert fig.layout.showlegend == ("" in shown), "the legend names the points whose label had no room"
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "log"

    fig = viz.stage_params_figure(reps)
    check_style(fig)
    for label in names:
        assert sum(t.x[0] for t in fig.data if t.y[0] == label) == pytest.approx(100)
    colour_of = {}
    for t in fig.data:  # one colour per stage name across all bars
        assert colour_of.setdefault(t.name, t.marker.color) == t.marker.color
    assert len(set(colour_of.values())) == len(colour_of), "no two stages share a colour"

    fig = viz.rf_vs_depth(reps)
    check_style(fig)
    for t, rep in zip(fig.data, reps):
        assert max(t.y) == max(r.receptive_field.size[0] for r in rep.leaves() if r.receptive_field)
        assert list(t.x) == sorted(t.x)

    for relative in (False, True):
        fig = viz.spatial_overlay(reps, relative=relative)
        check_style(fig)
        for t, rep in zip(fig.data, reps):
            assert t.x[0] == 0 and 0 < max(t.x) <= 1
            assert t.y[0] == (1 if relative else rep.input_shape[1])


def test_stage_params_figure_mult_adds_and_bad_metric() -> None:
    reps = preset_reports("VGG-16 vs ResNet-50")
    fig = viz.stage_params_figure(reps, metric="mult_adds")
    vgg_features = next(t for t in fig.data if t.y[0] == "VGG-16" and t.name == "features")
    assert vgg_features.x[0] > 99
    with pytest.raises(ValueError):
        viz.stage_params_figure(reps, metric="weights")


def test_placed_labels_never_overlap_each_other_or_a_point() -> None:
    from explorer.viz.style import CHAR_WIDTH, FONT_SIZE, place_labels

    xs = [10**(6 + i / 7) for i in range(15)]  # fifteen models a seventh of a decade apart: most labels collide
    ys = [70 + i * 0.7 for i in range(15)]
    texts = [f"EfficientNet-B{i}" for i in range(15)]
    where = place_labels(xs, ys, texts, x_range=(5.7, 8.5), y_range=(68, 82), width_px=470, height_px=370)
    assert None in where and any(where), "some labels have room, the others are left to the hover"
    import math

    boxes = []
    for x, y, text, pos in zip(xs, ys, texts, where):
        px, py = (math.log10(x) - 5.7) / 2.8 * 470, (1 - (y - 68) / 14) * 370
        if pos is None:
            continue
        w, h, r = len(text) * FONT_SIZE * CHAR_WIDTH, FONT_SIZE * 1.2, 8
        v, _, hz = pos.partition(" ")
        left = {"center": px - w / 2, "right": px + r, "left": px - r - w}[hz]
        top = {"top": py - r - h, "bottom": py + r, "middle": py - h / 2}[v]
        boxes.append((left, top, left + w, top + h))
        for qx, qy in [((math.log10(a) - 5.7) / 2.8 * 470, (1 - (b - 68) / 14) * 370) for a, b in zip(xs, ys)]:
            assert not (left < qx < left + w and top < qy < top + h), "a label on a point"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_long_titles_wrap_and_colours_do_not_repeat() -> None:
    from explorer.viz.style import colour, wrap

    title = wrap("Size against compute: parameters vs multiply-adds", 370, 22)
    assert title.replace("<br>", " ") == "Size against compute: parameters vs multiply-adds"
    assert all(len(line) * 22 * 0.6 <= 370 for line in title.split("<br>"))
    assert len({colour(i) for i in range(40)}) == 40

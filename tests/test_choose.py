"""The backbone chooser: published accuracy coverage, the Pareto front, latency measured in a worker, the budget,
``explorer bench``, the figure's words and the page."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator

import pytest

from explorer import analyze
from explorer.analysis import backbones as bb
from explorer.errors import ExplorerError
from explorer.inside import latency as lat
from explorer.settings import reload
from explorer.zoo.accuracy import TABLE, accuracy
from explorer.zoo.registry import architectures
from explorer.i18n import N_

#: The model the browser test and the page test read after filtering to ≤ 10 M parameters, with torchvision's
#: published count. After the MobileNet family is merged: ("mobilenet_v3_large", 5_483_032).
FOCUS_ARCH, FOCUS_PARAMS = ("mobilenet_v3_large", 5_483_032)


@pytest.fixture
def runs(tmp_path, monkeypatch) -> Iterator[str]:
    """A private latency cache (under a private runs folder) and the settings restored after."""
    monkeypatch.setenv("EXPLORER_RUNS", str(tmp_path))
    reload()
    yield str(tmp_path)
    monkeypatch.undo()
    reload()


# --- published accuracy ----------------------------------------------------------------------------


TORCHVISION_GROUPS = ("reference", "backbone")


@pytest.mark.parametrize("arch", [a.name for a in architectures() if a.group in TORCHVISION_GROUPS and a.pretrained])
def test_every_registered_torchvision_model_with_weights_has_its_accuracy(arch: str) -> None:
    acc = accuracy(arch)
    assert acc is not None, f"{arch}: add torchvision's published ImageNet accuracy to explorer/zoo/accuracy.py"
    assert 50 < acc.top1 < acc.top5 < 100


def test_the_table_keeps_torchvisions_names_and_says_which_checkpoint() -> None:
    for name, (v1, v2) in TABLE.items():
        assert name == name.lower() and " " not in name
        assert v1.weights.startswith("IMAGENET1K_")
        if v2 is not None:
            assert v2.weights == "IMAGENET1K_V2" and v2.top1 > v1.top1, name  # the newer recipe is what V2 is for
    assert accuracy("resnet50").weights == "IMAGENET1K_V1"
    assert accuracy("resnet50", recipe="best").weights == "IMAGENET1K_V2"
    assert accuracy("resnet18", recipe="best").weights == "IMAGENET1K_V1"  # no V2 published
    assert accuracy("lenet5") is None


# --- the Pareto front --------------------------------------------------------------------------------


def test_pareto_front_on_a_fixture() -> None:
    # cost, accuracy: c is dominated by b (costs more, less accurate); e ties d's cost with less accuracy;
    # f costs as much as b and is as accurate: not strictly better, so only one of the two is kept.
    points = {"a": (1, 60), "b": (2, 70), "c": (3, 65), "d": (4, 75), "e": (4, 72), "f": (2, 70), "g": (10, 74)}
    front = bb.pareto_front(points)
    assert front[0] == "a" and front[-1] == "d" and len(front) == 3
    assert front[1] in {"b", "f"}
    assert bb.pareto_front({}) == []


def _row(arch: str, params: int, top1: float | None, ms: float | None = None, rf: int | None = 100) -> bb.Row:
    return bb.Row(arch, arch, None, params, params * 10, rf, 224, top1, None, "IMAGENET1K_V1", latency_ms=ms)


def test_front_and_filters_on_rows() -> None:
    rows = [_row("s", 1_000_000, 60, 5), _row("m", 5_000_000, 70, None), _row("l", 50_000_000, 69, 50, rf=500),
            _row("x", 2_000_000, None, 1)]
    assert bb.front_of(rows, "params") == ["s", "m"]
    assert bb.front_of(rows, "latency_ms") == ["s", "l"]  # m is not measured, x has no accuracy
    assert [r.arch for r in bb.filtered(rows, max_params=10_000_000)] == ["s", "m", "x"]
    assert [r.arch for r in bb.filtered(rows, max_ms=10)] == ["s", "m", "x"]  # not measured: kept
    assert [r.arch for r in bb.filtered(rows, min_rf=200)] == ["l"]
    with pytest.raises(ValueError):
        bb.front_of(rows, "depth")


def test_presets_list_names_and_skip_the_absent() -> None:
    assert bb.preset("EfficientNet B0–B7", ["efficientnet_b3", "resnet50"]) == ["efficientnet_b3"]
    assert bb.preset("2012 → 2022", ["resnet50", "alexnet", "convnext_tiny"]) == ["alexnet", "resnet50", "convnext_tiny"]
    assert set(bb.candidates()) >= {"alexnet", "vgg16", "resnet50", "googlenet"}
    assert "lenet5" not in bb.candidates()


def test_a_row_joins_the_analysis_and_the_published_figure() -> None:
    r = bb.row("resnet50")
    assert (r.params, r.top1, r.top5, r.year) == (25_557_032, 76.130, 92.862, 2015)  # torchvision's published figures
    assert r.receptive_field == analyze("resnet50").receptive_field.size[0]
    assert bb.row("resnet50", recipe="best").top1 == 80.858


# --- latency measured in a worker process -------------------------------------------------------


def test_latency_contract_in_the_worker(runs: str) -> None:
    seen: list[lat.Progress] = []
    out = lat.measure(["lenet5"], batch=3, device="cpu", repeats=2, warmup=1, progress=seen.append)
    assert [(r.arch, r.batch) for r in out] == [("lenet5", 1), ("lenet5", 3)]
    rep = analyze("lenet5")
    for r in out:
        assert r.device == "cpu" and r.dtype == "float32" and not r.channels_last and r.threads >= 1 and r.device_name
        assert len(r.times_ms) == 2 and r.median_ms == statistics.median(r.times_ms) and r.median_ms > 0
        assert r.per_image_ms == pytest.approx(r.median_ms / r.batch)
        assert not r.memory_measured and r.memory_bytes == rep.param_bytes + rep.activation_bytes * r.batch
        assert not r.cached
    assert seen and seen[-1].done == seen[-1].total == 2 and seen[-1].fraction == 1.0
    assert all(b.fraction >= a.fraction for a, b in zip(seen, seen[1:]))
    assert any(p.phase == "warmup" for p in seen)
    again = lat.measure(["lenet5"], batch=3, device="cpu", repeats=2, warmup=1)
    assert [r.cached for r in again] == [True, True] and again[0].times_ms == out[0].times_ms
    assert lat.cached("lenet5", batch=3, device="cpu", repeats=2).median_ms == out[1].median_ms
    assert os.path.isdir(os.path.join(runs, ".latency"))


def test_time_forward_times_model_calls() -> None:
    import torch

    calls = []
    model = torch.nn.Identity()
    model.register_forward_hook(lambda *a: calls.append(torch.is_inference_mode_enabled()))
    times = lat.time_forward(model, torch.zeros(1), device="cpu", repeats=3, warmup=2)
    assert len(times) == 3 and calls == [True] * 5


def test_the_work_budget_refuses_before_anything_runs(runs: str, monkeypatch) -> None:
    monkeypatch.setenv("EXPLORER_MAX_ACTIVATION_BYTES", "100 MB")
    reload()
    with pytest.raises(ExplorerError) as err:
        lat.measure(["resnet18"], batch=8, device="cpu", repeats=2)
    assert err.value.template == N_("A batch of {batch} through {title} at {size} needs {cost} of activations; this server allows {limit}: a batch of {fits} fits.") and err.value.params["fits"] >= 1
    monkeypatch.setenv("EXPLORER_MAX_PARAMS", "1000000")
    reload()
    with pytest.raises(ExplorerError) as err:
        lat.measure(["resnet18"], batch=1, device="cpu", repeats=2)
    assert err.value.template == N_("{title} has {params} parameters; this server builds models of at most {limit}: make it smaller (fewer channels, layers or classes).")
    assert not os.path.exists(os.path.join(runs, ".latency")), "nothing was measured"


def test_bad_requests_are_keyed_errors(runs: str) -> None:
    for kwargs, key in (({"device": "tpu"}, N_("Unknown device {device!r}: use cpu, cuda or auto.")), ({"repeats": 0}, N_("repeats must be at least 1 (not {repeats}).")), ({"batch": 0}, N_("The batch must be between 1 and {limit}, not {batch}."))):
        with pytest.raises(ExplorerError) as err:
            lat.measure(["lenet5"], **{"device": "cpu", **kwargs})
        assert err.value.template == key


# --- explorer bench --------------------------------------------------------------------------------


def bench(*args: str, runs: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "EXPLORER_RUNS": runs}
    return subprocess.run([sys.executable, "-m", "explorer", "bench", *args], capture_output=True, text=True, timeout=180, env=env)


def test_cli_bench_json_contract(runs: str) -> None:
    proc = bench("lenet5", "--batch", "2", "--repeats", "2", "--device", "cpu", "--json", runs=runs)
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert set(d) == {"device", "device_name", "threads", "torch_version", "results"}
    assert d["device"] == "cpu" and d["threads"] >= 1
    keys = {"arch", "title", "batch", "input_shape", "median_ms", "per_image_ms", "images_per_s", "times_ms", "memory_bytes",
            "memory_measured", "dtype", "channels_last", "cached", "top1", "top5", "weights", "warmup", "repeats"}
    assert [r["batch"] for r in d["results"]] == [1, 2] and all(keys <= set(r) for r in d["results"])
    assert d["results"][0]["input_shape"] == [1, 28, 28] and d["results"][0]["top1"] is None
    assert "lenet5" in proc.stderr  # progress goes to stderr, never into the JSON
    table = bench("lenet5", "--batch", "2", "--repeats", "2", "--device", "cpu", runs=runs)
    assert table.returncode == 0 and "architecture" in table.stdout and "(estimate)" in table.stdout


@pytest.mark.parametrize("args", [("nope",), ("lenet5", "--device", "tpu"), ("lenet5", "--batch", "0")])
def test_cli_bench_errors_are_one_line_exit_2(args: tuple[str, ...], runs: str) -> None:
    proc = bench(*args, runs=runs)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("explorer: error: ") and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


# --- the figure's words ------------------------------------------------------------------------------


def test_the_figure_speaks_chinese_and_marks_the_front() -> None:
    import re

    from explorer.viz.choose_figures import pareto_figure
    from ui import i18n

    rows = [bb.row(a) for a in ("alexnet", "vgg16", "resnet50", "googlenet")]
    zh = pareto_figure(rows, "params", words=lambda k, **f: i18n.translate(k, "zh", **f))
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert cjk.search(zh.layout.title.text) and cjk.search(zh.layout.xaxis.title.text) and cjk.search(zh.layout.yaxis.title.text)
    assert zh.data[1].name == "帕累托前沿"
    en = pareto_figure(rows, "params")
    assert en.to_json() == pareto_figure(rows, "params", words=lambda k, **f: i18n.translate(k, "en", **f)).to_json()
    assert list(en.data[1].x) == [6_624_904, 25_557_032]  # GoogLeNet, ResNet-50: AlexNet and VGG-16 are dominated
    assert len(pareto_figure(rows, "latency_ms").data[0].x) == 0  # nothing measured: nothing drawn, a note instead


# --- the page ------------------------------------------------------------------------------------------


def test_choose_page_filters_and_reads_a_count(runs: str) -> None:
    from apptest import open_page

    at = open_page("pages/choose.py")
    assert at.dataframe[0].value.shape[0] == len(bb.candidates())
    at.number_input(key="ch:max_params").set_value(10.0).run()
    assert all(p <= 10_000_000 for p in at.dataframe[0].value.iloc[:, 2])
    at.selectbox(key="ch:focus").set_value(FOCUS_ARCH).run()
    assert at.metric[0].value == f"{FOCUS_PARAMS:,}"
    assert "CPU" in at.markdown[0].value or "threads" in at.markdown[0].value
    zh = open_page("pages/choose.py", lang="zh")
    assert zh.title[0].value == "选择骨干网络" and zh.metric[0].label == "参数量"


def test_choose_page_refuses_a_measurement_over_the_budget(runs: str, monkeypatch) -> None:
    from apptest import open_page

    monkeypatch.setenv("EXPLORER_MAX_ACTIVATION_BYTES", "1 MB")
    reload()
    at = open_page("pages/choose.py")
    at.button(key="ch:measure").click().run()
    assert at.error and "activations" in at.error[0].value and "ch:job" not in at.session_state
    assert not os.path.exists(os.path.join(runs, ".latency"))

"""AppTest for the Learn page: each lab loads, a control changes its number, English and Chinese both render.

Also: a link restores a lab's state, presentation mode steps, the language
switch (URL and widget) reaches every page, and no catalogue key ever shows
raw on screen.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from explorer.labs import LAB_IDS
from apptest import ok, open_page
from ui import state

TIMEOUT = 120
RAW_KEY = re.compile(r"\b(?:lab|learn|card|table|nav|home|arch|compare|cmp|widgets|formula|error)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _app(page: str | None = "pages/learn.py", **query: str) -> AppTest:
    return open_page(page, timeout=TIMEOUT, **query)


def _texts(at: AppTest) -> list[str]:
    """Every piece of prose on screen (not code blocks: formulas may hold dots)."""
    out = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error") for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [b.label for b in at.button]
    for kind in ("slider", "number_input", "selectbox", "segmented_control", "text_input", "toggle", "radio"):
        out += [w.label for w in getattr(at, kind)]
    return out


def _metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} among {[m.label for m in at.metric]}"
    return values[0]


def _code(at: AppTest) -> str:
    return "\n".join(c.value for c in at.code)


def _no_raw_keys(at: AppTest) -> None:
    raw = [m.group(0) for s in _texts(at) for m in RAW_KEY.finditer(s)]
    assert not raw, f"catalogue keys shown raw: {raw}"


def _switch_to_chinese(at: AppTest) -> None:
    at.segmented_control(key="w:lang").set_value("zh").run()
    ok(at)
    assert at.query_params.get("lang") in ("zh", ["zh"])
    _no_raw_keys(at)
    assert sum(bool(CJK.search(s)) for s in _texts(at)) > 5, "the lab is in Chinese"


def _key(lab: str, name: str) -> str:
    return f"w:lab:{lab}:{name}"


# --- one test per lab: loads with the book's number, a control changes it, then Chinese -----------


def test_lab_conv() -> None:
    at = _app(lab="conv")
    assert at.title[0].value == "1. Convolution step by step"
    assert "= 3" in _code(at)
    assert any("top-left value" in s.value for s in at.success)
    assert _metric(at, "Output") == "3×3"
    at.slider(key=_key("conv", "stride")).set_value(2).run()
    ok(at)
    assert _metric(at, "Output") == "2×2"
    assert at.query_params["stride"] in ("2", ["2"])
    at.button(key=_key("conv", "pos:next")).click().run()
    assert at.slider(key=_key("conv", "pos")).value == 2
    assert any("258" in w.value for w in at.warning), "the transposed-convolution erratum"
    _no_raw_keys(at)
    _switch_to_chinese(at)
    assert at.title[0].value == "1. 卷积的分步计算"
    assert _metric(at, "输出") == "2×2"


def test_lab_pointwise() -> None:
    at = _app(lab="pointwise")
    assert any("3 6 9 18 15 24" in m.value for m in at.markdown)
    at.number_input(key=_key("pointwise", "weight")).set_value(2.0).run()
    ok(at)
    assert any("2 4 6 12 10 16" in m.value for m in at.markdown)
    assert _metric(at, "Parameters") == "1,820"
    at.slider(key=_key("pointwise", "c_out")).set_value(32).run()
    assert _metric(at, "Parameters") == f"{64 * 32 + 32:,}"
    assert any("69,632" in m.value for m in at.markdown)
    _switch_to_chinese(at)


def test_lab_pool() -> None:
    at = _app(lab="pool")
    assert _metric(at, "Removed") == "75.0 %"
    assert "max(1, 3, 4, 6) = 6" in _code(at)
    at.slider(key=_key("pool", "k")).set_value(3).run()
    ok(at)
    assert _metric(at, "Removed") == f"{100 * (1 - 31 * 31 / (64 * 64)):.1f} %"
    _switch_to_chinese(at)
    assert _metric(at, "去掉") == "76.5 %"


def test_lab_dense() -> None:
    at = _app(lab="dense")
    assert _metric(at, "Dense layer") == "154,141,696"
    assert _metric(at, "1 MB image into 1,024 nodes: weights") == "1,024,000,000"
    at.number_input(key=_key("dense", "h")).set_value(32)
    at.number_input(key=_key("dense", "w")).set_value(32).run()
    ok(at)
    assert _metric(at, "Dense layer") == "3,146,752"
    assert _metric(at, "Convolution") == "1,792"
    _switch_to_chinese(at)


def test_lab_stack() -> None:
    at = _app(lab="stack")
    assert _metric(at, "Receptive field after each layer") == "3 → 5 → 7"
    at.slider(key=_key("stack", "n")).set_value(2).run()
    ok(at)
    assert _metric(at, "Receptive field after each layer") == "3 → 5"
    text = at.table[0].value.to_string()
    assert "27C² = 110,592" in text and "49C² = 200,704" in text and "0.55" in text and "0.72" in text and "+81 %" in text
    at.slider(key=_key("stack", "c")).set_value(256).run()
    assert "1,769,472" in at.table[0].value.to_string()
    _switch_to_chinese(at)


def test_lab_inception() -> None:
    at = _app(lab="inception")
    assert _metric(at, "Output depth") == "64 + 128 + 32 + 200 = 424"
    assert _metric(at, "Parameters") == "403,424"
    assert any("424" in w.value for w in at.warning)
    assert "163,840,000" in _code(at) and "3,276,800 + 13,107,200 = 16,384,000" in _code(at)
    at.number_input(key=_key("inception", "c_in")).set_value(32).run()
    ok(at)
    assert _metric(at, "Output depth") == "64 + 128 + 32 + 32 = 256"
    at.slider(key=_key("inception", "r5")).set_value(8).run()
    assert "= " + f"{32 * 32 * 32 * 8 + 32 * 32 * 8 * 25 * 32:,}" in _code(at)
    _switch_to_chinese(at)


def test_lab_residual() -> None:
    at = _app(lab="residual")
    assert _metric(at, "Basic block, 256 channels") == "1,179,648"
    assert _metric(at, "Bottleneck 256→64→256") == "69,632"
    assert _metric(at, "Bottleneck against basic") == "−94.1 %"
    assert _metric(at, "Basic block, 64 channels") == "73,728"
    assert _metric(at, "Plain layer's output changes by") == "+2.0 %" and _metric(at, "Residual F changes by") == "+100 %"
    spread = _metric(at, "Largest / smallest, plain")
    at.selectbox(key=_key("residual", "depth")).set_value(20).run()
    ok(at)
    assert _metric(at, "Largest / smallest, plain") != spread
    at.segmented_control(key=_key("residual", "kind")).set_value("identity").run()
    assert any("zeros" in m.value for m in at.markdown)
    _switch_to_chinese(at)


def test_lab_bn() -> None:
    at = _app(lab="bn")
    assert "(1 + 3 + 5 + 7) / 4 = 4" in _code(at)
    at.text_input(key=_key("bn", "f1")).set_value("2, 4, 6, 8").run()
    ok(at)
    assert "(2 + 4 + 6 + 8) / 4 = 5" in _code(at)
    at.text_input(key=_key("bn", "f1")).set_value("2, x").run()
    assert at.error, "a batch that is not numbers is a message"
    at.text_input(key=_key("bn", "f1")).set_value("1, 3, 5, 7").run()
    assert _metric(at, "Keras") == "4·64 = 256"
    assert any("62,383,848" in m.value and "62,381,096" in m.value and "2,752" in m.value for m in at.markdown)
    at.button(key=_key("bn", "restore")).click().run()
    ok(at)
    assert at.number_input(key=_key("bn", "beta")).value == 4.0
    _switch_to_chinese(at)


def test_lab_act() -> None:
    at = _app(lab="act")
    assert _metric(at, "sigmoid′(0)") == "0.2500"
    assert "9.537e-07" in _code(at)
    at.slider(key=_key("act", "x0")).set_value(2.0).run()
    ok(at)
    assert _metric(at, "sigmoid′(2)") == "0.1050"
    _switch_to_chinese(at)


def test_lab_degrade_trains_four_networks() -> None:
    at = _app(lab="degrade", shallow="8", deep="32", steps="10")
    assert any("Press the button" in i.value for i in at.info)
    at.button(key=_key("degrade", "run")).click().run()
    ok(at)
    finals = [m for m in at.metric if "layers" in m.label]
    assert len(finals) == 4 and {m.label for m in finals} >= {"plain, 8 layers", "residual, 32 layers"}
    _switch_to_chinese(at)
    assert len([m for m in at.metric if "层" in m.label]) == 4, "the results survive the language switch"


def test_lab_topk() -> None:
    at = _app(lab="topk")
    assert _metric(at, "Rank of the truth") == "1" and _metric(at, "Top-1") == "✓ hit"
    at.selectbox(key=_key("topk", "truth")).set_value("horse").run()
    ok(at)
    assert _metric(at, "Rank of the truth") == "3"
    assert _metric(at, "Top-1") == "✗ miss" and _metric(at, "Top-5") == "✓ hit"
    assert _metric(at, "Top-1 error") == "40 %" and _metric(at, "Top-5 error") == "20 %"
    _switch_to_chinese(at)
    assert _metric(at, "Top-1") == "✗ 未命中"


def test_lab_counts() -> None:
    at = _app(lab="counts")
    tables = " ".join(tb.value.to_string() for tb in at.table)
    for n in ("25,557,032", "25,583,592", "25,636,712", "3,858,027,368", "4,089,238,376", "3,868,614,504", "483 px", "427 px"):
        assert n in tables, n
    assert _metric(at, "Without the auxiliary heads") == "6,624,904" and _metric(at, "With them (aux_logits=True)") == "13,004,888"
    assert _metric(at, "MACs v1") == "3.86 G" and _metric(at, "MACs v1.5") == "4.09 G"
    assert _metric(at, "FLOPs = 2 × MACs") == f"{2 * 4_089_238_376:,}"
    at.selectbox(key=_key("counts", "arch")).set_value("resnet18").run()
    ok(at)
    assert _metric(at, "The paper's \"FLOPs\"") == "1.8 × 10⁹"
    _switch_to_chinese(at)


def test_every_lab_renders_in_chinese_from_a_link() -> None:
    for lab in LAB_IDS:
        at = _app(lab=lab, lang="zh")
        _no_raw_keys(at)
        assert CJK.search(at.title[0].value), lab


# --- the page ---------------------------------------------------------------------------------


def test_link_restores_a_lab() -> None:
    at = _app(lab="conv", stride="2", padding="1", pos="3", kernel="vertical")
    assert at.slider(key=_key("conv", "stride")).value == 2
    assert at.slider(key=_key("conv", "padding")).value == 1
    assert at.slider(key=_key("conv", "pos")).value == 3
    assert at.segmented_control(key=_key("conv", "kernel")).value == "vertical"
    assert at.radio(key="w:lab").value == "conv"
    for k, v in {"lab": "conv", "stride": "2", "padding": "1", "pos": "3", "kernel": "vertical"}.items():
        assert at.query_params[k] in (v, [v])


def test_bad_links_are_messages() -> None:
    at = _app(lab="nope")
    assert any("does not exist" in w.value for w in at.warning)
    at = _app(lab="conv", stride="9")
    assert any("stride" in w.value for w in at.warning)
    assert at.slider(key=_key("conv", "stride")).value == 1


def test_presentation_mode_steps() -> None:
    at = _app(lab="conv", present="1")
    assert at.title[0].value == "The image and the kernel"
    assert at.query_params["step"] in ("1", ["1"])
    nxt = next(b for b in at.button if b.key == "w:learn:next")
    nxt.click().run()
    ok(at)
    assert at.title[0].value == "Slide the window: multiply and add"
    assert at.query_params["step"] in ("2", ["2"])
    at.segmented_control(key="w:lang_main").set_value("zh").run()
    assert at.title[0].value == "滑动窗口：相乘再相加"
    next(b for b in at.button if b.key == "w:learn:exit").click().run()
    assert "present" not in at.query_params
    assert at.title[0].value == "1. 卷积的分步计算"


def test_choosing_a_lab_from_the_sidebar() -> None:
    at = _app()
    at.radio(key="w:lab").set_value("topk").run()
    ok(at)
    assert at.title[0].value == "11. Top-1 and top-5 error"
    assert at.query_params["lab"] in ("topk", ["topk"])


def test_language_reaches_every_page_and_stays_on_page_switch() -> None:
    at = _app(None, lang="zh")
    assert at.title[0].value.startswith("CNN Explorer")
    assert any("每一层" in m.value for m in at.markdown)
    at.switch_page("pages/architecture.py")
    at.run()
    ok(at)
    assert _metric(at, "参数量") == "138,357,544"
    assert _metric(at, "感受野") == "212 px"
    assert at.query_params.get("lang") in ("zh", ["zh"])
    _no_raw_keys(at)
    at.switch_page("pages/compare.py")
    at.run()
    ok(at)
    assert at.title[0].value == "比较架构"
    at.segmented_control(key="w:lang").set_value("en").run()
    assert at.title[0].value == "Compare architectures"
    assert "lang" not in at.query_params


def test_link_with_an_edited_image() -> None:
    at = _app(lab="conv", img="1" * 25)
    assert "= 3" in _code(at) and _metric(at, "Output") == "3×3"
    assert any("Your own image" in c.value for c in at.caption)
    assert not at.success, "the book's check only shows on the book's image"
    at = _app(lab="conv", img="0123")
    assert any("img" in w.value for w in at.warning)
    assert any("faded pixels are illustrative" in c.value for c in at.caption)


def test_switching_language_keeps_translated_choices() -> None:
    """Widgets whose option labels are translated keep their value when the language changes."""
    at = _app("pages/architecture.py")
    at.segmented_control(key="w:group").set_value("book").run()
    at.selectbox(key="w:arch").set_value("resnet50_v1").run()
    at.select_slider(key="w:depth").set_value(1).run()
    ok(at)
    at.segmented_control(key="w:lang").set_value("zh").run()
    ok(at)
    assert at.segmented_control(key="w:group").value == "book"
    assert at.selectbox(key="w:arch").value == "resnet50_v1"
    assert at.select_slider(key="w:depth").value == 1
    assert _metric(at, "参数量") == "25,583,592"
    at = _app(lab="residual")
    at.segmented_control(key=_key("residual", "kind")).set_value("identity").run()
    at.radio(key="w:lab").set_value("topk").run()
    at.selectbox(key=_key("topk", "truth")).set_value("horse").run()
    at.segmented_control(key="w:lang").set_value("zh").run()
    ok(at)
    assert at.radio(key="w:lab").value == "topk" and at.title[0].value.startswith("11.")
    assert at.selectbox(key=_key("topk", "truth")).value == "horse"
    assert _metric(at, "真实类别的名次") == "3"


# --- the sentences follow the inputs (issue #15): a changed input, the new number in the words ------------


def _headers(at: AppTest) -> str:
    return "\n".join(h.value for h in at.header)


def _prose(at: AppTest) -> str:
    return "\n".join(_texts(at))


def test_inception_sentences_follow_the_inputs() -> None:
    at = _app(lab="inception", c_in="256")
    naive, reduced = 32 * 32 * 32 * 5 * 5 * 256, 32 * 32 * 256 * 16 + 32 * 32 * 16 * 5 * 5 * 32
    assert f"{naive:,} against {reduced:,} multiplications" in _headers(at)
    assert "163,840,000 against" not in _headers(at)
    assert "32×32×256 input" in _prose(at) and "5·5·256 multiplications" in _prose(at) and "instead of 256" in _prose(at)
    assert "Book 001's example: a 32×32×200 input" in _prose(at), "the book's figure, as the book's"
    at.slider(key=_key("inception", "r5")).set_value(8).run()
    ok(at)
    reduced = 32 * 32 * 256 * 8 + 32 * 32 * 8 * 5 * 5 * 32
    assert f"{naive:,} against {reduced:,}" in _headers(at)
    assert "a 1×1 convolution to 8 channels" in _prose(at).replace("\n", " ")


def test_pool_sentences_follow_the_inputs() -> None:
    at = _app(lab="pool", i="5")
    assert "2×2 with stride 2 removes 84.0 %" in _headers(at)
    assert _metric(at, "Removed") == "84.0 %"
    assert not any("75 % removed, as book 000 says" in s.value for s in at.success)
    assert any("⌊(5 − 2) / 2⌋ + 1 = 2" in i.value and "84.0 %" in i.value for i in at.info)
    at.slider(key=_key("pool", "k")).set_value(3).run()
    ok(at)
    assert "3×3 with stride 2 removes" in _headers(at)
    at = _app(lab="pool")
    assert "2×2 with stride 2 removes 75.0 %" in _headers(at)
    assert any("75 % removed, as book 000 says" in s.value for s in at.success)


def test_residual_sentences_follow_the_inputs() -> None:
    at = _app(lab="residual", c="128", mid="32")
    fair = next(w.value for w in at.warning if "fairer" in w.value)
    assert "128-wide basic block" in fair and "a 32-wide basic block" in fair and "4 times wider" in fair
    assert f"{2 * 9 * 32 * 32:,} weights" in fair
    at.slider(key=_key("residual", "mid")).set_value(64).run()
    ok(at)
    fair = next(w.value for w in at.warning if "fairer" in w.value)
    assert "2 times wider" in fair and "64-wide basic block" in fair
    assert "Two 3×3 convolutions at 128 channels against 1×1 (128 → 64)" in _prose(at)
    at = _app(lab="residual", x="2", target="3", moved="4")
    assert "A layer maps 2 to 3; then the target moves to 4" in _prose(at)


def test_pointwise_and_stack_titles_follow_the_inputs() -> None:
    at = _app(lab="pointwise", c_in="32", c_out="8", weight="2")
    assert "Mixing channels: 32 → 8" in _headers(at)
    assert "with 8 such kernels, 32 feature maps become 8" in _prose(at)
    assert "kernel of weight 2 (the book's weight is 3)" in _prose(at)
    at = _app(lab="stack", n="2")
    assert "Receptive field 3 → 5" in _headers(at) and "3 → 5 → 7" not in _headers(at)
    assert "here 2 layers see 5×5" in _prose(at)
    at.slider(key=_key("stack", "n")).set_value(4).run()
    ok(at)
    assert "Receptive field 3 → 5 → 7 → 9" in _headers(at), "the title follows the control drawn below it, in the same run"


def test_presentation_title_follows_the_inputs() -> None:
    at = _app(lab="inception", c_in="256", present="1", step="2")
    assert at.title[0].value == f"{32 * 32 * 32 * 25 * 256:,} against {32 * 32 * 256 * 16 + 32 * 32 * 16 * 25 * 32:,} multiplications"


def test_bn_says_one_step_and_many_steps() -> None:
    at = _app(lab="bn")
    assert "after 1 step:" in _code(at) and "after 1 steps" not in _code(at)
    assert any("A mini-batch of 4 samples" in m.value for m in at.markdown)
    at.text_input(key=_key("bn", "f1")).set_value("1, 2, 3, 4, 5, 6").run()
    at.text_input(key=_key("bn", "f2")).set_value("6, 5, 4, 3, 2, 1").run()
    ok(at)
    assert any("A mini-batch of 6 samples" in m.value for m in at.markdown)
    at.slider(key=_key("bn", "steps")).set_value(3).run()
    ok(at)
    assert "after 3 steps:" in _code(at)


def test_activations_tanh_is_not_hidden_under_relu() -> None:
    import json

    at = _app(lab="act")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {tr["name"]: (i, tr["line"].get("dash")) for i, tr in enumerate(spec["data"])}
    assert traces["tanh"][0] > traces["ReLU"][0], "tanh is drawn after (over) ReLU"
    assert traces["tanh"][1] == "dash" and traces["ReLU"][1] is None


def test_lab_gap() -> None:
    at = _app(lab="gap")
    assert at.title[0].value == "13. Global average pooling against Flatten + Dense"
    assert _metric(at, "Classifier (dense layers)") == "123,642,856" and _metric(at, "Parameters") == "138,357,544"
    assert any("VGG-16's classifier holds 123,642,856" in m.value and "2,049,000" in m.value for m in at.markdown)
    assert _metric(at, "With GAP → Dense") == f"{138_357_544 - 123_642_856 + 512 * 1000 + 1000:,}"
    at.number_input(key=_key("gap", "classes")).set_value(10).run()
    ok(at)
    assert _metric(at, "Classifier (dense layers)") == f"{25_088 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 10 + 10:,}"
    assert any("on a 224×224 image with 10 classes" in m.value for m in at.markdown)
    at.slider(key=_key("gap", "size")).set_value(32).run()
    ok(at)
    assert _metric(at, "Classifier (dense layers)") == f"{512 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 10 + 10:,}"
    assert any("at 32×32" in i.value for i in at.info), "torchvision's adaptive pool keeps its classifier"
    at.selectbox(key=_key("gap", "model")).set_value("resnet50").run()
    ok(at)
    assert _metric(at, "Classifier (dense layers)") == f"{2048 * 10 + 10:,}"
    assert any("already ends in global average pooling" in i.value for i in at.info)
    _switch_to_chinese(at)


def test_home_counts_the_labs() -> None:
    at = _app(None)
    assert any(f"{len(LAB_IDS)} interactive labs" in c.value for c in at.caption)


def test_lab_shift() -> None:
    at = _app(lab="shift")
    assert at.title[0].value == "14. Shifts, flips and checkerboards"
    assert _metric(at, "Largest |f(g(x)) − g(f(x))|") == "0"
    assert "Transposed convolution: kernel 3, stride 2" in _headers(at)
    assert _metric(at, "Inside, transposed") == "1, 2, 4" and _metric(at, "Inside, upsample + conv") == "9"
    assert any("3 is not a multiple of 2" in w.value for w in at.warning)
    at.slider(key=_key("shift", "k")).set_value(4).run()
    ok(at)
    assert "Transposed convolution: kernel 4, stride 2" in _headers(at)
    assert _metric(at, "Inside, transposed") == "4" and any("4 is a multiple of 2" in s.value for s in at.success)
    at.slider(key=_key("shift", "dx")).set_value(-2).run()
    ok(at)
    assert _metric(at, "Largest |f(g(x)) − g(f(x))|") == "0"
    assert any("(Δrow, Δcolumn) = (1, -2)" in m.value for m in at.markdown)
    at.segmented_control(key=_key("shift", "flip")).set_value("vertical").run()
    assert any("minus the cross-correlation" in i.value for i in at.info)
    _switch_to_chinese(at)


def test_lab_preact() -> None:
    at = _app(lab="preact")
    assert at.title[0].value == "15. Where BatchNorm goes: ResNet v1 against v2"
    assert _metric(at, "Block parameters, v1") == _metric(at, "Block parameters, v2") == "70,784"
    assert _metric(at, "Parameters, v1") == _metric(at, "Parameters, v2") == "25,583,592"
    v1 = at.table[0].value.to_string()
    assert v1.index("bn3") < v1.index("⊕") < v1.index("relu3"), "v1: add, then ReLU"
    assert at.table[1].value.to_string().strip().endswith("0") and "⊕" in at.table[1].value.to_string()
    at.segmented_control(key=_key("preact", "kind")).set_value("projection").run()
    ok(at)
    assert _metric(at, "Block parameters, v1") == "75,648"
    assert any("Block layer1.0" in m.value for m in at.markdown)
    _switch_to_chinese(at)


def test_lab_optim() -> None:
    at = _app(lab="optim")
    assert at.title[0].value == "16. Learning-rate schedules and optimisers"
    assert any("They differ at epochs 3, 6, 10" in w.value for w in at.warning)
    at.segmented_control(key=_key("optim", "schedule")).set_value("googlenet").run()
    ok(at)
    assert any("They differ at epochs 8, 16:" in w.value for w in at.warning)
    at.slider(key=_key("optim", "epochs")).set_value(5).run()
    assert any("Over 5 epochs the text and the code give the same rates" in i.value for i in at.info)
    sgd = _metric(at, "SGD")
    at.selectbox(key=_key("optim", "lr")).set_value(0.01).run()
    ok(at)
    assert _metric(at, "SGD") != sgd and any("learning rate 0.01 (Adam 0.3)" in m.value for m in at.markdown)
    at.segmented_control(key=_key("optim", "fn")).set_value("rosenbrock").run()
    at.selectbox(key=_key("optim", "lr")).set_value(0.1).run()
    assert _metric(at, "SGD").startswith("diverged at step")
    _switch_to_chinese(at)


def test_lab_overfit_trains_two_networks() -> None:
    at = _app(lab="overfit", epochs="3")
    assert at.title[0].value == "17. Overfitting and regularisation"
    assert any("Press the button" in i.value for i in at.info)
    assert any("on 128 embedded digits at 16×16" in m.value for m in at.markdown)
    at.button(key=_key("overfit", "run")).click().run()
    ok(at)
    vals = {m.label: m.value for m in at.metric}
    assert {"Training, no regularisation", "Validation, with Dropout 0.5"} <= set(vals), vals
    assert any("After 3 epochs" in m.value for m in at.markdown)
    _switch_to_chinese(at)
    assert len([m for m in at.metric if "训练" in m.label or "验证" in m.label]) == 4, "the results survive the language switch"


def test_lab_cifar() -> None:
    at = _app(lab="cifar")
    assert at.title[0].value == "18. Book 003's CIFAR-10 recipe"
    text = at.table[0].value.to_string()
    for n in ("83,973,962", "50,640,970", "35,339,082", "16,384·4,096 + 4,096 = 67,112,960"):
        assert n in text, n
    assert any("from 83,973,962 to 35,339,082 parameters" in m.value for m in at.markdown)
    assert any("Every image is transposed" in w.value for w in at.warning)
    assert _metric(at, "Updates per epoch") == "782" and _metric(at, "Updates in all") == "15,640"
    at.number_input(key=_key("cifar", "batch")).set_value(128).run()
    ok(at)
    assert _metric(at, "Updates per epoch") == "391"
    assert any("20 epochs over 50,000 images in batches of 128: 7,820 updates" in m.value for m in at.markdown)
    _switch_to_chinese(at)


@pytest.fixture
def runs_folder(tmp_path, monkeypatch):
    """A private (empty) runs and data folder, no class: the local user owns every run in it."""
    from explorer import settings as S
    from training_helpers import training_env

    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    S.reload()
    yield tmp_path / "runs"
    monkeypatch.undo()
    S.reload()


def test_lab_transfer_trains_three_ways(runs_folder) -> None:
    at = _app(lab="transfer", samples="20", epochs="2")
    assert at.title[0].value == "19. Transfer learning: freeze or fine-tune"
    assert at.selectbox(key=_key("transfer", "source")).value == "lab", "no run yet: the lab's own pretraining"
    assert any("no finished run that suits" in i.value for i in at.info)
    assert any("Press the button" in i.value for i in at.info)
    at.button(key=_key("transfer", "run")).click().run()
    ok(at)
    assert {m.label for m in at.metric} == {"from scratch", "frozen, new last layer", "fine-tuned"}
    assert "425 / 61,281" in at.table[0].value.to_string()
    assert any("From 20 images of 5–9 the best here is" in m.value for m in at.markdown)
    _switch_to_chinese(at)


def test_lab_transfer_preset_opens_the_train_page(runs_folder) -> None:
    """No run yet: the button opens the Train page with LeNet-5 on the digits, the preset's size and epochs."""
    at = _app(lab="transfer")
    at.button(key=_key("transfer", "preset")).click().run()
    ok(at)
    assert [t.value for t in at.title] == ["Train"]
    assert at.selectbox(key=state.TRAIN_DATASET).value == "digits"
    assert at.number_input(key=state.TRAIN_EPOCHS).value == 3 and at.number_input(key=state.TRAIN_SIZE).value == 6000
    assert at.session_state[state.MODEL].arch == "lenet5"


def test_lab_transfer_starts_from_a_run(runs_folder) -> None:
    """A finished LeNet-5 run of the store is the first task; the trained counts are PyTorch's."""
    from torch import nn

    from explorer.labs.common import percent
    from explorer.zoo import build
    from people_helpers import make_lenet_run

    run = make_lenet_run(runs_folder)
    at = _app(lab="transfer", samples="20", epochs="1")
    assert at.selectbox(key=_key("transfer", "source")).value == run.id
    assert at.selectbox(key=_key("transfer", "source")).options[-1] == "No run yet: pretrain here (LeNet-5 on digits 0–4)"
    assert any(f"trained on Digits (embedded), {percent(0.9, 0)} on its validation images" in m.value for m in at.markdown)
    at.button(key=_key("transfer", "run")).click().run()
    ok(at)
    head = sum(p.numel() for p in nn.Linear(84, 5).parameters())  # PyTorch counts: the new last layer, all of LeNet-5
    total = sum(p.numel() for p in build("lenet5", num_classes=5).parameters())
    assert f"{head:,} / {total:,}" in at.table[0].value.to_string()
    assert any(f"only the new last layer learns ({head:,} of {total:,} parameters)" in m.value for m in at.markdown)
    _switch_to_chinese(at)

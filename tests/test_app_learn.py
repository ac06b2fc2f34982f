"""AppTest for the Learn page: each lab loads, a control changes its number, English and Chinese both render.

Also: a link restores a lab's state, presentation mode steps, the language
switch (URL and widget) reaches every page, and no catalogue key ever shows
raw on screen.
"""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from explorer.labs import LAB_IDS
from apptest import ok, open_page

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

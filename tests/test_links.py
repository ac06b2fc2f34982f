"""Links as a student might write them, on every page (AppTest): each bad value is named with what is allowed,
the rest of the link applies, nothing is clamped to fit a widget, and link text shows as text, never as a link.

The parameter counts are torchvision's published ones (VGG-16 138,357,544; ResNet-50 25,557,032).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import explorer
from explorer.inside import features as F
from ui import i18n
from apptest import ok, open_page
from test_urlstate import unescaped_link

ARCH_PAGE = "pages/architecture.py"
HOSTILE = "[Session expired - click here to log in](https://evil.example/login)"
VGG16, RESNET50 = "138,357,544", "25,557,032"


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _warning(at: AppTest) -> str:
    """The page's one warning about the link (a lab shows warnings of its own)."""
    heads = tuple(i18n.translate("Part of this link could not be used; the rest of it is shown.", lang) for lang in i18n.LANGS)
    found = [w.value for w in at.warning if w.value.startswith(heads)]
    assert len(found) == 1, [w.value for w in at.warning]
    return found[0]


def _q(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _every_markdown(at: AppTest) -> list[str]:
    bodies = [e.value for kind in ("warning", "error", "info", "markdown", "caption", "title") for e in getattr(at, kind)]
    return [b for b in bodies if isinstance(b, str)]


# --- a hostile link shows as text ----------------------------------------------------------------


def test_a_phishing_link_in_arch_is_literal_text_and_the_page_still_works() -> None:
    at = open_page(ARCH_PAGE, arch=HOSTILE)
    text = _warning(at)
    assert "Unknown architecture" in text and "resnet50" in text and "vgg16" in text, "it says which architectures exist"
    assert "Session expired - click here to log in" in text
    assert not any(unescaped_link(b) for b in _every_markdown(at)), _every_markdown(at)
    assert at.title[0].value == "VGG-16" and _metric(at, "Parameters") == VGG16  # the current model stays
    assert _q(at, "arch") == "vgg16"


def test_a_phishing_link_in_compare_is_literal_text_and_the_other_model_applies() -> None:
    at = open_page("pages/compare.py", **{"m0.arch": "resnet50", "m1.arch": "[click](https://evil.example)"})
    text = _warning(at)
    assert "Unknown architecture" in text and "click" in text
    assert not any(unescaped_link(b) for b in _every_markdown(at)), _every_markdown(at)
    table = at.table[0].value.to_string()
    assert RESNET50 in table, "the link's valid model is compared"
    assert _q(at, "m0.arch") == "resnet50"


def test_the_warning_in_chinese_escapes_the_value_too() -> None:
    at = open_page(ARCH_PAGE, arch=HOSTILE, lang="zh")
    text = _warning(at)
    assert "没有名为" in text and "Session expired" in text
    assert not unescaped_link(text), text


# --- each bad value is named; the rest of the link applies; nothing is clamped ----------------------


def test_a_bad_value_in_a_resnet50_link_keeps_resnet50() -> None:
    at = open_page(ARCH_PAGE, arch="resnet50", num_classes="zero", input="3,128,128")
    text = _warning(at)
    assert "num_classes" in text and "'zero'" in text and "1 to 100000" in text
    assert at.title[0].value == "ResNet-50" and _metric(at, "Parameters") == RESNET50
    assert at.number_input(key="w:in_h").value == 128, "the valid input shape of the link applies"


def test_too_many_channels_is_named_not_clamped() -> None:
    at = open_page(ARCH_PAGE, arch="vgg16", input="65,224,224")
    text = _warning(at)
    assert "[65, 224, 224]" in text and "64 channels" in text
    assert at.number_input(key="w:in_c").value == 3, "not a 1-channel (or 64-channel) VGG-16 without a word"
    assert _metric(at, "Parameters") == VGG16


def test_a_huge_input_is_named_as_too_large_not_shrunk() -> None:
    at = open_page(ARCH_PAGE, arch="vgg16", input="3,65536,65536")
    text = _warning(at)
    assert "too large" in text and "65536" in text and "4096×4096" in text
    assert not at.error, "not 'the input is too small' for an input shrunk to fit a widget"
    assert (at.number_input(key="w:in_h").value, at.number_input(key="w:in_w").value) == (224, 224)


def test_an_unknown_hyperparameter_is_named_like_the_cli_does() -> None:
    at = open_page(ARCH_PAGE, arch="resnet50", foo="bar")
    text = _warning(at)
    with pytest.raises(explorer.ExplorerError) as cli:  # what `python -m explorer … --set foo=bar` says
        explorer.get("resnet50").resolve({"foo": "bar"})
    assert str(cli.value) in text
    assert _metric(at, "Parameters") == RESNET50


def test_an_unknown_architecture_keeps_the_links_input() -> None:
    at = open_page(ARCH_PAGE, arch="resnet9000", input="3,64,64")
    assert "resnet9000" in _warning(at) and "resnet50" in _warning(at)
    assert at.title[0].value == "VGG-16" and at.number_input(key="w:in_h").value == 64


def test_several_problems_make_one_message_listing_them() -> None:
    at = open_page(ARCH_PAGE, arch="resnet50", num_classes="-1", width_mult="9", input="3,x,y", batch="0", flops="maybe", color="red")
    text = _warning(at)
    for name in ("num_classes", "width_mult", "'3,x,y'", "batch", "flops", "color"):
        assert name in text, name
    assert text.count("\n- ") == 6
    assert at.title[0].value == "ResNet-50"


def test_unknown_parameters_on_the_compare_and_learn_pages_are_named() -> None:
    at = open_page("pages/compare.py", **{"m0.arch": "vgg16", "m1.arch": "resnet50", "m9.arch": "lenet5", "zoom": "2"})
    text = _warning(at)
    assert "m9.arch" in text and "zoom" in text and "m0.arch" in text
    assert VGG16 in at.table[0].value.to_string() and RESNET50 in at.table[0].value.to_string()
    at = open_page("pages/learn.py", lab="conv", stride="2", zoom="2")
    assert "zoom" in _warning(at) and "stride" in _warning(at), "it lists what the lab takes"
    assert at.slider(key="w:lab:conv:stride").value == 2


def test_known_page_parameters_are_not_reported() -> None:
    at = open_page(ARCH_PAGE, arch="resnet18", tab="charts", lang="en", run="x", batch="2")
    assert not at.warning
    at = open_page(ARCH_PAGE, arch="resnet18", tab="nope")
    assert "tab" in _warning(at) and "charts" in _warning(at)


def test_the_learn_page_names_a_bad_lab_and_a_bad_value_with_what_is_allowed() -> None:
    at = open_page("pages/learn.py", lab="nope")
    assert "does not exist" in _warning(at) and "conv" in _warning(at)
    at = open_page("pages/learn.py", lab="conv", stride="9", padding="1", step="99", present="1")
    text = _warning(at)
    assert "stride" in text and "1 to 3" in text and "step" in text
    assert at.session_state["w:lab:conv:stride"] == 1, "the bad value keeps its default"
    assert _q(at, "padding") == "1" and _q(at, "present") == "1", "the rest of the link applies"


def test_a_bad_link_on_the_inside_page_keeps_its_architecture() -> None:
    at = open_page("pages/inside.py", arch="tiny_vgg", num_classes="0")
    assert "num_classes" in _warning(at)
    assert at.title[0].value == "Inside TinyVGG (CNN Explainer)"


# --- the Architecture page's display values are in the URL ---------------------------------------


def test_batch_flops_and_keras_round_trip_through_the_url() -> None:
    at = open_page(ARCH_PAGE, arch="resnet50", batch="8", flops="1", keras="1")
    assert not at.warning
    assert at.number_input(key="w:batch").value == 8
    assert at.toggle(key="w:flops").value and at.toggle(key="w:keras").value
    assert any(m.label == "FLOPs" for m in at.metric)
    assert (_q(at, "batch"), _q(at, "flops"), _q(at, "keras")) == ("8", "1", "1")
    at.number_input(key="w:batch").set_value(16).run()
    at.toggle(key="w:flops").set_value(False).run()
    ok(at)
    assert _q(at, "batch") == "16" and _q(at, "flops") is None and _q(at, "keras") == "1"
    link = {k: _q(at, k) for k in at.query_params}
    again = open_page(ARCH_PAGE, **link)
    assert again.number_input(key="w:batch").value == 16
    assert not again.toggle(key="w:flops").value and again.toggle(key="w:keras").value


@pytest.mark.parametrize("batch", ["0", "1025", "many", "1e3"])
def test_a_bad_batch_is_named_with_the_range(batch: str) -> None:
    at = open_page(ARCH_PAGE, arch="resnet18", batch=batch)
    text = _warning(at)
    assert "batch" in text and "1 to 1024" in text
    assert at.number_input(key="w:batch").value == 1


# --- Inside: a layer of one network is not carried to another ------------------------------------


def test_inside_switching_architecture_shows_the_new_networks_default_layer() -> None:
    small_vgg = {"arch": "vgg16", "width_mult": "0.0625", "hidden": "64", "input": "3,64,64"}
    at = open_page("pages/inside.py", **small_vgg)
    vgg = explorer.analyze("vgg16", input_shape=(3, 64, 64), width_mult=0.0625, hidden=64)
    chosen = next(l for l in F.spatial_layers(vgg) if l.name == "features.23")
    at.selectbox(key="w:in:layer").set_value(chosen.index).run()
    ok(at)
    assert "features.23**" in " ".join(c.value for c in at.caption)
    at.selectbox(key="w:arch").set_value("resnet50").run()
    ok(at)
    resnet = explorer.analyze("resnet50")
    default = F.default_layer(resnet)
    assert at.selectbox(key="w:in:layer").value == default.index
    captions = " ".join(c.value for c in at.caption)
    assert f"{default.name}**" in captions, captions


def test_learn_links_show_their_text_as_text() -> None:
    at = open_page("pages/learn.py", lab=HOSTILE)
    text = _warning(at)
    assert "does not exist" in text and not unescaped_link(text), text
    at = open_page("pages/learn.py", lab="bn", f1=HOSTILE)  # a lab's free text, shown back in its message
    shown = [e.value for e in at.error]
    assert any("Session expired" in e for e in shown) and not any(unescaped_link(e) for e in shown), shown
    at = open_page("pages/learn.py", stride="2")  # no lab: nothing to give a stride to
    assert "stride" in _warning(at) and "lab" in _warning(at)

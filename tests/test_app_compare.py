"""AppTest of the Compare page in Chinese: labels, sentences, presets and hyperparameters all from the catalogue."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

import explorer
from ui import compare_text, i18n
from apptest import open_page
from explorer.i18n import NP_

TIMEOUT = 60
CJK = re.compile(r"[\u4e00-\u9fff]")


def _app(**query: str) -> AppTest:
    return open_page("pages/compare.py", timeout=TIMEOUT, **query)


def _sentences(at: AppTest) -> list[str]:
    return [m.value.removeprefix("- ") for m in at.markdown if m.value.startswith("- ")]


def test_compare_in_chinese_writes_the_facts_in_chinese() -> None:
    at = _app(lang="zh")
    vgg, res = explorer.analyze("vgg16"), explorer.analyze("resnet50")
    assert _sentences(at) == compare_text.sentences(vgg, res, "zh")
    assert _sentences(at)[0] == "VGG-16 的参数量是 ResNet-50 的 5.4 倍，MACs 是其 3.8 倍。"
    assert all(CJK.search(s) for s in _sentences(at))
    frame = at.table[0].value
    assert frame.index.name == i18n.translate(NP_("cmp.col.model", "Model"), "zh") and list(frame.index) == ["VGG-16", "ResNet-50"]

    at.segmented_control(key="w:lang").set_value("en").run()
    assert _sentences(at) == compare_text.sentences(vgg, res, "en")
    assert _sentences(at)[0] == "VGG-16 has 5.4× the parameters of ResNet-50 and 3.8× the MACs."


def test_presets_and_hyperparameters_in_chinese_keep_their_values() -> None:
    at = _app(lang="zh")
    preset = at.selectbox(key="w:preset")
    assert "普通网络对比残差网络" in preset.options and i18n.translate("Custom", "zh") in preset.options
    preset.set_value("plain vs residual").run()
    assert not at.exception
    labels = list(at.table[0].value.index)
    assert labels[0] == "CIFAR-10 上的 ResNet（6n+2） · 深度 20，捷径连接 无（普通网络）"
    assert labels[3] == "CIFAR-10 上的 ResNet（6n+2） · 深度 56，捷径连接 恒等映射"

    shortcut = at.selectbox(key="c1:hp:resnet_cifar:shortcut")
    assert shortcut.label == "捷径连接" and shortcut.value == "identity"
    assert shortcut.options == ["恒等映射", "投影", "无（普通网络）"]
    assert CJK.search(shortcut.help)

    at.segmented_control(key="w:lang").set_value("en").run()  # translated labels, the values stay
    assert not at.exception
    assert at.selectbox(key="w:preset").value == "plain vs residual"
    assert at.selectbox(key="c0:hp:resnet_cifar:shortcut").value == "none"
    assert at.selectbox(key="c1:hp:resnet_cifar:shortcut").label == "Shortcut"
    assert list(at.table[0].value.index)[0] == "ResNet for CIFAR-10 (6n+2) · depth 20, shortcut none"

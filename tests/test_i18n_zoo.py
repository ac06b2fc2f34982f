"""The zoo's declared words and the comparison's sentences in both languages, walked from the registry.

An entry of ui/catalogue_zoo.py is used where its English *is* the library's
text; these tests fail when a hyperparameter, a choice, a title or a note has no
translation, or when the library's English changed under one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest

import explorer
from explorer.analysis.compare import PRESETS, Ratio, factor_sentences, label_parts, relative_facts, relative_factors
from explorer.zoo import architectures
from explorer.zoo.hparams import ACTIVATIONS
from ui import compare_text, i18n, zoo_text

CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"\b[a-z]{2,}\b")  # a lowercase English word: "book", "plain", "vs"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

ARCHS = architectures()
HPARAMS = {(a.name, h.name): (a, h) for a in ARCHS for h in a.hparams}


def _both(key: str) -> None:
    entry = i18n.CATALOGUE[key]
    assert entry["en"].strip() and CJK.search(entry["zh"]), key


def _is_word(value: object) -> bool:
    """A choice shown to a person as an English word; function names (relu, tanh) stay as written, like formulas."""
    return isinstance(value, str) and value not in ACTIVATIONS and re.fullmatch(r"[a-z]+", value) is not None


@pytest.mark.parametrize("arch_name, hp_name", list(HPARAMS))
def test_every_hyperparameter_has_title_and_help_in_both_languages(arch_name: str, hp_name: str) -> None:
    _, h = HPARAMS[arch_name, hp_name]
    key = zoo_text.title_key(h)
    assert key, f"no entry hp.{h.name} with English {h.title!r}"
    _both(key)
    found = zoo_text.help_key(h)
    assert found, f"{arch_name}.{hp_name}: no hp.{h.name}.help* entry whose English is {h.help!r}"
    _both(found[0])
    for phrase in found[1].values():
        _both(phrase)
    assert zoo_text.hp_help(h, "en") == h.help
    assert i18n.text(found[0], "en", **{f: i18n.text(k, "en") for f, k in found[1].items()}) == h.help
    zh = zoo_text.hp_help(h, "zh")
    assert CJK.search(zh) and zh != h.help
    # A help text's numbers (ranges, sizes, defaults) survive translation.
    assert set(NUMBER.findall(h.help)) <= set(NUMBER.findall(zh)), (h.help, zh)


@pytest.mark.parametrize("arch_name, hp_name", [k for k, (_, h) in HPARAMS.items() if h.choices])
def test_every_choice_that_is_a_word_has_a_label(arch_name: str, hp_name: str) -> None:
    _, h = HPARAMS[arch_name, hp_name]
    for value in h.choices:
        key = zoo_text.choice_key(h, value)
        if _is_word(value):
            assert key, f"{arch_name}.{hp_name}: choice {value!r} has no hp.{h.name}.choice.{value}"
            assert i18n.text(key, "en") == value  # English shows the value itself
            assert CJK.search(zoo_text.choice_label(h, value, "zh"))
        elif key is None:
            assert zoo_text.choice_label(h, value, "zh") == str(value)


@pytest.mark.parametrize("arch_name", [a.name for a in ARCHS if a.notes])
def test_every_note_has_a_chinese_entry(arch_name: str) -> None:
    arch = next(a for a in ARCHS if a.name == arch_name)
    key = zoo_text.notes_key(arch)
    assert key, f"{arch_name}: no zoo.notes.* entry whose English is its notes (did the notes change?)"
    _both(key)
    assert zoo_text.notes(arch, "en") == arch.notes
    zh = zoo_text.notes(arch, "zh")
    # Every number of the notes (parameter counts, shapes, errata) is in the translation.
    missing = set(NUMBER.findall(arch.notes)) - set(NUMBER.findall(zh))
    assert not missing, f"{arch_name}: numbers missing from the Chinese notes: {sorted(missing)}"


@pytest.mark.parametrize("arch_name", [a.name for a in ARCHS])
def test_titles_with_words_are_translated(arch_name: str) -> None:
    arch = next(a for a in ARCHS if a.name == arch_name)
    key = zoo_text.title_entry(arch)
    if WORD.search(arch.title):
        assert key, f"{arch_name}: the title {arch.title!r} has words but no zoo.title.{arch_name}"
        _both(key)
    assert zoo_text.title(arch, "en") == arch.title


def test_every_zoo_entry_is_used() -> None:
    """An entry nothing declares any more (a renamed hyperparameter, a rewritten note) is dead weight: remove it."""
    used = set()
    for a in ARCHS:
        used |= {zoo_text.title_entry(a), zoo_text.notes_key(a)}
        for h in a.hparams:
            found = zoo_text.help_key(h)
            used |= {zoo_text.title_key(h), found[0] if found else None, *(found[1].values() if found else ())}
            used |= {zoo_text.choice_key(h, c) for c in h.choices or ()}
    zoo = [k for k in i18n.CATALOGUE if k.startswith(("hp.", "zoo."))]
    assert not [k for k in zoo if k not in used]


@pytest.mark.parametrize("preset", ["Custom", *PRESETS])
def test_presets_with_words_have_a_label(preset: str) -> None:
    if WORD.search(preset) or preset == "Custom":
        assert compare_text.preset_key(preset), preset
        assert CJK.search(compare_text.preset_label(preset, "zh"))
    assert compare_text.preset_label(preset, "en") == preset


# --- the comparison's sentences ----------------------------------------------------------------

PAIRS = [("vgg16", "resnet50"), ("resnet50", "vgg16"), ("googlenet", "alexnet"), ("resnet18", "resnet18"), ("lenet5", "tiny_vgg")]


@pytest.mark.parametrize("a, b", PAIRS)
def test_english_sentences_through_the_catalogue_are_the_librarys(a: str, b: str) -> None:
    ra, rb = explorer.analyze(a), explorer.analyze(b)
    assert compare_text.sentences(ra, rb, "en") == relative_factors(ra, rb)


def test_every_branch_of_the_sentences_has_its_entries() -> None:
    """Zero counts and an unknown receptive field: rare branches, same words as the library's."""
    facts = relative_facts(explorer.analyze("lenet5"), explorer.analyze("tiny_vgg"))
    odd = replace(facts, params=Ratio.of("params", 0, 10), mult_adds=Ratio.of("mult_adds", 5, 0),
                  activation_bytes=Ratio.of("activation_bytes", 0, 4), receptive_field=None)
    assert compare_text.fact_sentences(odd, "en") == factor_sentences(odd)
    zh = compare_text.fact_sentences(odd, "zh")
    assert all(CJK.search(s) and "compare." not in s for s in zh), zh


def test_plain_vs_residual_sentences_and_labels() -> None:
    reps = [explorer.analyze(a, **hp) for a, hp in PRESETS["plain vs residual"]]
    for x, y in itertools.permutations(reps, 2):
        assert compare_text.sentences(x, y, "en") == relative_factors(x, y)
    zh = compare_text.labels(reps, "zh")
    assert len(set(zh)) == len(reps)
    assert zh[0] == "CIFAR-10 上的 ResNet（6n+2） · 深度 20，捷径连接 无（普通网络）"
    assert zh[3] == "CIFAR-10 上的 ResNet（6n+2） · 深度 56，捷径连接 恒等映射"
    assert [str(p) for p in label_parts(reps)] == compare_text.labels(reps, "en")


def test_labels_name_a_different_input() -> None:
    reps = [explorer.analyze("resnet18", input_shape=(3, s, s)) for s in (224, 64)]
    assert compare_text.labels(reps, "en") == ["ResNet-18 · input 224×224", "ResNet-18 · input 64×64"]
    assert compare_text.labels(reps, "zh") == ["ResNet-18 · 输入 224×224", "ResNet-18 · 输入 64×64"]


def test_chinese_sentences_for_vgg16_against_resnet50_carry_the_same_numbers() -> None:
    vgg, res = explorer.analyze("vgg16"), explorer.analyze("resnet50")
    for x, y in ((vgg, res), (res, vgg)):
        en, zh = relative_factors(x, y), compare_text.sentences(x, y, "zh")
        assert len(en) == len(zh) == 3
        for e, z in zip(en, zh):
            assert CJK.search(z) and not WORD.search(z.replace("MACs", "").replace("MB", "")), z
            want, got = NUMBER.findall(e), NUMBER.findall(z)
            assert set(want) <= set(got), (e, z)
            assert set(got) <= set(want) | {"1"}, (e, z)  # "1/5.4": the fewer-way factor as a fraction
    first = compare_text.sentences(vgg, res, "zh")[0]
    assert first == "VGG-16 的参数量是 ResNet-50 的 5.4 倍，MACs 是其 3.8 倍。"
    assert compare_text.sentences(res, vgg, "zh")[0] == "ResNet-50 的参数量仅为 VGG-16 的 1/5.4，MACs 仅为其 1/3.8。"
    assert "212" in compare_text.sentences(vgg, res, "zh")[2] and "427" in compare_text.sentences(vgg, res, "zh")[2]


def test_opposite_directions_read_with_but_in_chinese() -> None:
    goog, alex = explorer.analyze("googlenet"), explorer.analyze("alexnet")
    assert "，但 MACs 是其" in compare_text.sentences(goog, alex, "zh")[0]


# --- on the Architecture page ------------------------------------------------------------------


def test_architecture_page_in_chinese_shows_the_zoo_in_chinese() -> None:
    from apptest import open_page

    at = open_page("pages/architecture.py", lang="zh", arch="resnet_cifar", shortcut="none")
    arch = next(a for a in ARCHS if a.name == "resnet_cifar")
    assert at.title[0].value == "CIFAR-10 上的 ResNet（6n+2）"
    assert zoo_text.notes(arch, "zh") in [m.value for m in at.markdown]
    shortcut = at.selectbox(key="hp:resnet_cifar:shortcut")
    assert (shortcut.label, shortcut.value) == ("捷径连接", "none")
    assert shortcut.help == zoo_text.hp_help(arch.hparam("shortcut"), "zh")
    depth = at.number_input(key="hp:resnet_cifar:depth")
    assert depth.label == "深度" and CJK.search(depth.help)
    assert "CIFAR-10 上的 ResNet（6n+2）  ·  resnet_cifar" in at.selectbox(key="w:arch").options

    at.segmented_control(key="w:lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == arch.title and arch.notes in [m.value for m in at.markdown]
    assert at.selectbox(key="hp:resnet_cifar:shortcut").value == "none", "the choice survives the switch"
    assert at.selectbox(key="w:arch").value == "resnet_cifar"

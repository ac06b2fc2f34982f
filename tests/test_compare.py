"""Stage tables, comparison rows, relative factors and presets, against published counts and the reports.

The relative factors are checked as numbers (:func:`relative_facts`, against torchvision's published counts)
and as the sentences the Compare page shows (``ui.compare_text``, English and Chinese).
"""

from __future__ import annotations

import re

import pytest

import explorer
from explorer.analysis import Report
from explorer.analysis.compare import PRESETS, comparison, factor_str, labels, relative_facts, stage_table
from ui import compare_text

# Published torchvision parameter counts (model cards).
VGG16_PARAMS = 138_357_544
RESNET50_PARAMS = 25_557_032


def relative_factors(a: Report, b: Report, lang: str = "en") -> list[str]:
    """The sentences the Compare page writes for ``a`` against ``b``."""
    return compare_text.sentences(a, b, lang)


def test_vgg16_keeps_89_percent_of_its_parameters_in_the_classifier() -> None:
    rep = explorer.analyze("vgg16")
    rows = {r.name: r for r in stage_table(rep)}
    assert list(rows) == ["features", "avgpool", "classifier"]
    assert rows["classifier"].params == 123_642_856
    assert rows["classifier"].params_share == pytest.approx(0.8936, abs=1e-4)
    assert rows["features"].macs_share > 0.99  # and nearly all the compute in the convolutions
    assert rows["features"].receptive_field == rep.receptive_field
    assert rows["classifier"].receptive_field is None
    assert rows["features"].leaves == 31 and rows["classifier"].output_shape == (1000,)


@pytest.mark.parametrize("name", ["vgg16", "resnet50", "googlenet", "lenet5", "resnet_cifar"])
def test_stage_shares_add_up(name: str) -> None:
    rep = explorer.analyze(name)
    rows = stage_table(rep)
    assert [r.index for r in rows] == [r.index for r in rep.layers if r.depth == 1]
    assert sum(r.params for r in rows) == rep.total_params
    assert sum(r.mult_adds for r in rows) == rep.mult_adds
    assert sum(r.params_share for r in rows) == pytest.approx(1)
    assert sum(r.macs_share for r in rows) == pytest.approx(1)
    assert sum(r.leaves for r in rows) == len(rep.leaves())


def test_vgg16_against_resnet50() -> None:
    vgg, res = explorer.analyze("vgg16"), explorer.analyze("resnet50")
    assert (vgg.total_params, res.total_params) == (VGG16_PARAMS, RESNET50_PARAMS)
    assert factor_str(VGG16_PARAMS / RESNET50_PARAMS) == "5.4"
    assert factor_str(vgg.mult_adds / res.mult_adds) == "3.8"
    facts = relative_facts(vgg, res)
    assert facts.params.factor == pytest.approx(VGG16_PARAMS / RESNET50_PARAMS) and facts.params.direction == 1
    assert (facts.params.a, facts.params.b) == (VGG16_PARAMS, RESNET50_PARAMS)
    assert (facts.mult_adds.a, facts.mult_adds.b, facts.mult_adds.direction) == (vgg.mult_adds, res.mult_adds, 1)
    assert facts.activation_bytes.direction == -1 and facts.depth == (16, 50) and facts.receptive_field == (212, 427)
    assert relative_factors(vgg, res)[0] == "VGG-16 has 5.4× the parameters of ResNet-50 and 3.8× the MACs."
    assert relative_factors(res, vgg)[0] == "ResNet-50 has 5.4× fewer parameters than VGG-16 and 3.8× fewer MACs."
    memory, depth = relative_factors(vgg, res)[1:]
    assert memory.startswith("Per image it needs 1.5× less activation memory than ResNet-50")
    assert depth == "It is 16 weight layers deep against 50, and its last layer sees 212 pixels against 427."


def test_factors_in_opposite_directions_read_with_but() -> None:
    goog, alex = explorer.analyze("googlenet"), explorer.analyze("alexnet")
    sentence = relative_factors(goog, alex)[0]
    p = factor_str(alex.total_params / goog.total_params)
    m = factor_str(goog.mult_adds / alex.mult_adds)
    assert sentence == f"GoogLeNet (Inception v1) has {p}× fewer parameters than AlexNet but {m}× the MACs."
    assert relative_factors(goog, alex, "zh")[0] == f"GoogLeNet (Inception v1) 的参数量仅为 AlexNet 的 1/{p}，但 MACs 是其 {m} 倍。", \
        "one whole sentence in Chinese too, its contrast said"


def test_equal_reports_are_about_the_same() -> None:
    rep = explorer.analyze("resnet18")
    first = relative_factors(rep, rep)
    assert "about as many parameters" in first[0] and "about as many MACs" in first[0]
    assert "about the same activation memory" in first[1]


def test_factor_str() -> None:
    assert [factor_str(x) for x in (1.0, 2.04, 5.41, 12.3, 99.4, 140.2, 2500)] == ["1", "2", "5.4", "12", "99", "140", "2,500"]


def test_comparison_rows() -> None:
    reps = [explorer.analyze(a, **hp) for a, hp in PRESETS["VGG-16 vs ResNet-50"]]
    rows = comparison(reps)
    assert [r["title"] for r in rows] == ["VGG-16", "ResNet-50"]
    for row, rep in zip(rows, reps):
        assert row["params"] == rep.total_params
        assert row["mult_adds"] == rep.mult_adds
        assert row["activation_bytes"] == rep.activation_bytes
        assert row["weight_depth"] == rep.weight_depth
        assert row["receptive_field"] == rep.receptive_field.size[0]
        assert re.fullmatch(r"\d+×\d+", row["min_input"])
        assert row["input"] == "3×224×224"


@pytest.mark.parametrize("preset", list(PRESETS))
def test_presets_analyse_and_label_distinctly(preset: str) -> None:
    entries = PRESETS[preset]
    assert len(entries) >= 2
    names = set(explorer.list_architectures())
    reps = [explorer.analyze(a, **hp) for a, hp in entries]
    assert all(a in names for a, _ in entries)
    assert len(set(labels(reps))) == len(reps)
    assert len(comparison(reps)) == len(reps)


def test_plain_vs_residual_labels_name_what_differs() -> None:
    reps = [explorer.analyze(a, **hp) for a, hp in PRESETS["plain vs residual"]]
    got = labels(reps)
    assert got[0].endswith("· depth 20, shortcut none")
    assert got[3].endswith("· depth 56, shortcut identity")
    # Same parameters with or without identity shortcuts: the sentence says so.
    assert "about as many parameters" in relative_factors(reps[1], reps[0])[0]
    assert [r.weight_depth for r in reps] == [20, 20, 56, 56]


def test_resnet_family_preset() -> None:
    reps = [explorer.analyze(a, **hp) for a, hp in PRESETS["ResNet-18/34/50/101/152"]]
    params = [r.total_params for r in reps]
    assert params == sorted(params)
    assert [r.weight_depth for r in reps] == [18, 34, 50, 101, 152]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_way_two_models_compare_is_one_whole_sentence(lang: str) -> None:
    """More, fewer, about the same, or a value of 0, for parameters and for MACs: 16 sentences, each one message."""
    from explorer.analysis.compare import Facts, Label, Ratio

    values = {"more": (540, 100), "fewer": (100, 540), "same": (100, 102), "zero": (0, 100)}
    seen = set()
    for p, (pa, pb) in values.items():
        for m, (ma, mb) in values.items():
            facts = Facts(Label("a", "Net A"), Label("b", "Net B"), Ratio.of("params", pa, pb), Ratio.of("mult_adds", ma, mb),
                          Ratio.of("activation_bytes", ma, mb), (3, 1), None)
            first, memory, depth = compare_text.fact_sentences(facts, lang)
            assert first.startswith("Net A") and "{" not in first + memory + depth
            seen.add(first)
            if lang == "en":
                assert (" but " in first) == ({p, m} == {"more", "fewer"}), first
                assert ("5.4× the parameters of Net B" in first) == (pa == 540) and ("5.4× fewer MACs" in first) == (ma == 100 and mb == 540)
                assert depth == "It is 3 weight layers deep against 1."
    assert len(seen) == 16
    one_layer = Facts(Label("a", "Net A"), Label("b", "Net B"), *(Ratio.of(q, 1, 1) for q in ("params", "mult_adds", "activation_bytes")),
                      (1, 5), (3, 11))
    assert compare_text.fact_sentences(one_layer, "en")[2] == "It is 1 weight layer deep against 5, and its last layer sees 3 pixels against 11."

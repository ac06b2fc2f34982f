"""The formula panel in both languages: the maths holds no words, and every word beside it is a translated note.

A formula (explorer/analysis/formulas.py) is maths — symbols, numbers, units —
and two optional notes: the ``remark`` beside it (``γ and β``) and the ``note``
under it (a convention). For every registered architecture at its default
input, and for three small models that reach the rarer cases (``padding='same'``,
``ceil_mode``, ``affine=False``, adaptive pooling, a container with parameters
of its own or more terms than are listed), every remark and note is an N_ template
translated in messages.po, filled it gives back the library's English, and its Chinese leaves
no English word but names, identifiers and units. Every formula note
is reached, so each is checked with real values.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import explorer
from explorer.analysis import formulas as formulas_module
from explorer.analysis.formulas import Formula, formulas
from explorer.analysis.records import Report
from explorer.notes import Note
from explorer.zoo import architectures
from ui import i18n, state

from test_formulas import odd_model
from explorer.i18n import N_, NN_

torch.set_num_threads(2)

# Words a Chinese sentence may keep: units, tools' names, a Python value. Identifiers (r_in, output_size, float32,
# bias=False, padding='same') and the layers' names are taken out before the words are counted.
KEPT = {"px", "MACs", "bytes", "torchinfo", "PyTorch", "Keras", "None"}
ASSIGNMENT = re.compile(r"\b\w+=(?:'[^']*'|\w+)")  # bias=False, padding='same', inplace=True
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# The maths' symbols: one letter, a subscripted symbol (C_in, P_Keras, output_size), d0…dn, and two units.
SYMBOL = re.compile(r"[A-Za-z]|[A-Za-z]+_[A-Za-z]+|d\d+|MACs|bytes")


class _Box(nn.Module):
    """A block with a parameter of its own and a layer it never calls, ten convs (more terms than a sum lists), a pooling
    done in ``forward`` (a functional row, ``0.max_pool2d``), BatchNorm without γ and β, adaptive pooling keeping one side, a repeated call."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))
        self.unused = nn.Linear(3, 3)
        self.convs = nn.Sequential(*[nn.Conv2d(2, 2, 1) for _ in range(10)])
        self.bn = nn.BatchNorm2d(2, affine=False)
        self.conv = nn.Conv2d(2, 2, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d((None, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.bn(self.convs(x) * self.scale)
        x = self.conv(F.max_pool2d(x, 2))
        return self.pool(self.conv(x))  # the same conv again: its weights are counted once


def _other_models() -> tuple[Report, Report, Report]:
    pools = nn.Sequential(nn.AdaptiveAvgPool2d(2), nn.AdaptiveAvgPool2d(1))
    return (
        explorer.analyze(odd_model(), input_shape=(4, 17, 13)),
        explorer.analyze(nn.Sequential(_Box()), input_shape=(2, 8, 8)),
        explorer.analyze(pools, input_shape=(3, 8, 8)),
    )


def _reports() -> Iterator[tuple[str, Report]]:
    for arch in architectures():
        yield arch.name, explorer.analyze(arch.name, input_shape=arch.input_shape)
    for i, rep in enumerate(_other_models()):
        yield f"model{i}", rep


ALL: list[tuple[str, str, Formula]] = [
    (name, r.name, f) for name, rep in _reports() for r in rep.layers for f in formulas(r, rep)
]
FORMULA_TEMPLATES = {  # the notes explorer/analysis/formulas.py writes: Note(N_("…"), …)
    c.args[0].args[0].value for c in ast.walk(ast.parse(inspect.getsource(formulas_module)))
    if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "Note" and c.args and isinstance(c.args[0], ast.Call)
    and getattr(c.args[0].func, "id", "") == "N_"
}


def _words(f: Formula) -> list[Note | str]:
    return [w for w in (f.note, f.remark) if w]


def _zh(note: Note) -> str:
    return i18n.translate(note.template, "zh", **note.params)


def _english_left(zh: str, note: Note) -> list[str]:
    for value in sorted(map(str, note.params.values()), key=len, reverse=True):  # names and numbers stay as they are
        zh = zh.replace(value, " ")
    zh = ASSIGNMENT.sub(" ", zh)
    return [w for w in WORD.findall(zh) if w not in KEPT and "_" not in w and not any(c.isdigit() for c in w) and len(w) > 1]


def test_the_corpus_reaches_every_formula_note() -> None:
    seen = {w.template for _, _, f in ALL for w in _words(f) if isinstance(w, Note)}
    assert len({arch.name for arch in architectures()}) > 20 and len(FORMULA_TEMPLATES) > 10
    missing = FORMULA_TEMPLATES - seen
    assert not missing, f"formula notes no formula of the test models uses: {sorted(missing)}"


def test_every_remark_and_note_is_keyed_and_says_the_library_s_english() -> None:
    unmarked = sorted({f"{name} {layer} {f.quantity}: {w!r}" for name, layer, f in ALL for w in _words(f)
                       if not getattr(w, "template", "") or i18n.gettext_in("zh", w.template) == w.template})
    assert not unmarked, "formula words without an N_ template translated in messages.po:\n" + "\n".join(unmarked)
    differ = sorted({f"{w.template}: {w!r}" for _, _, f in ALL for w in _words(f)
                     if i18n.translate(w.template, "en", **w.params) != str(w)})
    assert not differ, "the template filled is not the formula's English:\n" + "\n".join(differ)


def test_the_chinese_leaves_no_english_word() -> None:
    left = {}
    for name, layer, f in ALL:
        for w in _words(f):
            zh = _zh(w)
            assert re.search(r"[\u4e00-\u9fff]", zh), (w.template, zh)
            words = _english_left(zh, w)
            if words:
                left[w.template] = f"{zh!r} ({name} {layer}): {words}"
    assert not left, "English words left in the Chinese:\n" + "\n".join(f"{k}: {v}" for k, v in sorted(left.items()))


def test_the_maths_holds_no_words() -> None:
    """symbolic and filled are the same in every language: symbols, numbers and units only."""
    wordy = sorted({f"{f.quantity}: {text!r}" for _, _, f in ALL for text in (f.symbolic, f.filled)
                    if not all(SYMBOL.fullmatch(w) for w in WORD.findall(text))})
    assert not wordy, "words inside a formula (move them to its remark):\n" + "\n".join(wordy)


def _get(rep: Report, layer: str, quantity: str, i: int = 0) -> Formula:
    rec = next(r for r in rep.layers if r.name == layer)
    return [f for f in formulas(rec, rep) if f.quantity == quantity][i]


def test_the_words_that_left_the_maths() -> None:
    """padding='same', ceil_mode, affine=False, adaptive pooling, in-place and pass-through memory, a repeated call."""
    odd, box, pools = _other_models()
    same = _get(odd, "7", "output size")
    assert (same.symbolic, same.filled, same.remark.template) == ("H_out = H", "4", N_("padding='same' keeps the size"))
    assert _zh(same.remark) == "padding='same' 保持尺寸不变"
    assert _get(odd, "3", "output size").note.template == N_("With ceil_mode PyTorch drops a last window that would start in the right padding.")
    assert _get(odd, "4", "output size").note.template == N_("ceil_mode rounds up: a partial window at the edge still gives an output.")
    assert _get(odd, "8", "output size").remark.template == N_("set by the layer, whatever the input")
    relu, flat = _get(odd, "2", "memory"), _get(odd, "10", "memory")
    assert (relu.filled, relu.remark.template, flat.filled, flat.remark.template) == (
        "0 bytes", N_("in place (inplace=True): it overwrites its input"), "0 bytes", N_("it returns its input tensor"))
    assert _zh(relu.remark) == "原地运算（inplace=True）：它直接覆盖自己的输入"
    assert _zh(relu.note) == "float32：每个值 4 字节；批大小为 1。"
    bn = _get(box, "0.bn", "parameters")
    assert (bn.symbolic, bn.filled, _zh(bn.remark)) == ("P = 0", "0", "affine=False：没有 γ 和 β")
    pool = [_get(box, "0.pool", "output size", i).remark.template for i in (0, 1)]
    assert pool == [N_("output_size None keeps the input's"), N_("set by the layer, whatever the input")]
    again = [r for r in box.layers if r.name == "0.conv"][1]
    [p] = [f for f in formulas(again, box) if f.quantity == "parameters"]
    assert (p.filled, p.remark.template, p.note.template) == ("0", N_("counted at this module's first call"), N_("The same module, called again, shares its weights."))
    first = _get(box, "0.conv", "receptive field")
    # Its input comes from F.max_pool2d in the block's forward, which has a row of its own.
    assert (first.note.template, first.note.params["layer"]) == (N_("r_in = {r_in}, j_in = {j_in}: the field of {layer}'s output"), "0.max_pool2d")
    assert _zh(first.note).startswith("r_in = 2，j_in = 2：")
    rf = _get(pools, "0", "receptive field")
    assert (rf.remark.params, _zh(rf.remark)) == ({"k": 4, "s": 4}, "自适应池化的窗口：k = 4，s = 4")
    assert _zh(rf.note) == "r_in = 1，j_in = 1：输入图像本身"


def test_a_sum_too_long_to_list_and_a_block_with_parameters_of_its_own() -> None:
    _, box, _ = _other_models()
    convs = next(r for r in box.layers if r.name == "0.convs")
    macs = _get(box, "0.convs", "MACs")
    assert macs.symbolic == "MACs = Σ MACs_i" and macs.filled == " + ".join(["384"] * 8 + ["…"]) + f" = {convs.mult_adds:,}"
    assert (macs.remark.template, macs.remark.template.plural, macs.remark.params, _zh(macs.remark)) == (
        "sum of its {count} layers; … stands for {more} more term", "sum of its {count} layers; … stands for {more} more terms",
        {"count": 10, "more": 2}, "其 10 个子层之和；… 代表另外 2 项")
    assert str(macs.remark) == "sum of its 10 layers; … stands for 2 more terms", "the English takes the plural"
    block = next(r for r in box.layers if r.name == "0")
    p = _get(box, "0", "parameters")
    own = block.params - sum(k.params for k in box.children(block.index))
    assert own == 1 + 12  # scale, and the Linear never called
    assert p.symbolic == "P = Σ P_i + P_own" and p.filled.endswith(f" + 13 = {block.params}")
    assert (p.note.template, p.note.params, p.remark.template) == (N_("The last term, {own}: parameters held by the container itself or by modules not called in this forward pass."), {"own": "13"}, NN_("sum of its {count} layer", "sum of its {count} layers", "count"))
    assert p.remark.template.plural == "sum of its {count} layers"
    assert _zh(p.note).startswith("最后一项 13：容器自身持有的参数")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_panel_speaks_the_language(lang: str) -> None:
    from streamlit.testing.v1 import AppTest

    def panel() -> None:
        import explorer
        from ui import views

        rep = explorer.analyze("resnet18")
        views.formula_panel(rep, next(r.index for r in rep.layers if r.name == "bn1"))

    at = AppTest.from_function(panel, default_timeout=60)
    at.session_state[state.LANG] = lang
    at.run()
    assert not at.exception
    lines = [m.value for m in at.markdown]
    captions = [c.value for c in at.caption]
    code = [c.value for c in at.code]
    # The same maths in both: output size, P, P_Keras, MACs, receptive field, effective stride, memory.
    assert code == ["112", "2·64 = 128", "4·64 = 256", "2·64 = 128", "7", "2", "64·112·112·4 = 3,211,264 bytes"]
    if lang == "zh":
        assert "**参数量**: `P = 2·C` — γ 和 β" in lines
        assert "**参数量**: `P_Keras = 4·C` — γ、β + 滑动均值和方差" in lines
        assert "**感受野**: `r = r_in` — 不变：它在每个位置上单独运算" in lines
        assert "r_in = 7，j_in = 2：conv1 输出的感受野" in captions
        assert "float32：每个值 4 字节；批大小为 1。" in captions
        assert all(re.search(r"[\u4e00-\u9fff]", c) for c in captions), captions
    else:
        assert "**Parameters**: `P = 2·C` — γ and β" in lines
        assert "**Receptive field**: `r = r_in` — unchanged: it works on each position alone" in lines
        assert "r_in = 7, j_in = 2: the field of conv1's output" in captions
        assert "float32: 4 bytes per value; batch of 1." in captions

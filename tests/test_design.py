"""Design specs: parsing, every mistake with its line, the model against PyTorch, the budget, links and the CLI.

Oracles: models written by hand with ``torch.nn`` (parameter counts, outputs), the zoo's own models (round trips:
parameters, ``state_dict`` shapes, outputs with the same weights), and line numbers counted in the test's text.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path

import pytest
import torch
from torch import nn

import explorer
from explorer import settings as S
from explorer.analysis import analyze
from explorer.analysis.budget import OverBudget, check
from explorer.cli import main
from explorer.zoo import design, get, list_architectures
from explorer.zoo import design_build as db
from explorer.zoo.design import SpecError, parse
from ui.urlstate import ModelConfig, read_link, to_query
from explorer.i18n import N_


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch):
    """Set EXPLORER_* variables for one test; the settings are read again before and after."""

    def set_(**env: str) -> None:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        S.reload()
        design.parse.cache_clear()

    yield set_
    monkeypatch.undo()
    S.reload()
    design.parse.cache_clear()


def n_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line of ``text`` that contains ``fragment`` (the test's own count)."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


# --- the example and the building blocks, against models written by hand -----------------------------------


def test_the_example_is_a_small_resnet_with_torchs_parameter_count_and_output() -> None:
    torch.manual_seed(0)
    model = design.build(design.EXAMPLE)

    def block(cin: int, cout: int, stride: int) -> list[nn.Module]:
        return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.Conv2d(cout, cout, 3, 1, 1, bias=False),
                nn.BatchNorm2d(cout)]

    by_hand = nn.ModuleList([nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), *block(16, 16, 1), *block(16, 16, 1),
                             *block(16, 32, 2), nn.Conv2d(16, 32, 1, 2, bias=False), nn.BatchNorm2d(32), nn.Linear(32, 10)])
    assert n_params(model) == n_params(by_hand) == 24_666
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 10)
    names = [n for n, _ in model.named_children()]
    assert names == ["stem", "bn1", "relu1", "basic1", "basic2", "pool1", "flatten1", "fc1"]
    assert [k for k in model.state_dict() if k.startswith("basic2.shortcut")][:2] == ["basic2.shortcut.conv1.weight", "basic2.shortcut.bn1.weight"]


def test_every_building_block_matches_torch_with_the_same_weights() -> None:
    text = """\
name: blocks
input: 3x16x16
blocks:
  inception:
    params: {a: 8}
    concat:
      - [conv: {out: $a, kernel: 1}]
      - [conv: {out: 4, kernel: 1}, relu, conv: {out: $a, kernel: 3, padding: same}]
      - [maxpool: {kernel: 3, stride: 1, padding: 1}, conv: {out: 4, kernel: 1}]
  sep:
    layers:
      - conv: {groups: depthwise, kernel: 3, padding: 1, bias: false}
      - conv: {out: 24, kernel: 1}
layers:
  - conv: {out: 12, kernel: 5, stride: 2, padding: same, dilation: 1}
  - bn: {eps: 0.001, momentum: 0.01}
  - leaky_relu
  - inception: {a: 6}
  - sep
  - se: {reduction: 4}
  - conv: {out: 24, kernel: 3, dilation: 2, padding: 2, groups: 4}
  - residual: {body: [conv: {out: 32, kernel: 3, padding: 1, stride: 2}, gelu], shortcut: pad, after: silu}
  - avgpool: {kernel: 3, stride: 2, padding: 1, include_pad: false, ceil: true}
  - maxpool: global
  - flatten
  - dropout: 0.25
  - linear: {out: 7, bias: false}
  - bn
  - tanh
"""
    torch.manual_seed(0)
    model = design.build(text).eval()

    class ByHand(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.stem = nn.Conv2d(3, 12, 5, 2, 2)
            self.bn = nn.BatchNorm2d(12, eps=1e-3, momentum=0.01)
            self.b1 = nn.Conv2d(12, 6, 1)
            self.b2 = nn.Sequential(nn.Conv2d(12, 4, 1), nn.ReLU(), nn.Conv2d(4, 6, 3, padding=1))
            self.b3 = nn.Sequential(nn.MaxPool2d(3, 1, 1), nn.Conv2d(12, 4, 1))
            self.dw = nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False)
            self.pw = nn.Conv2d(16, 24, 1)
            self.fc1, self.fc2 = nn.Conv2d(24, 6, 1), nn.Conv2d(6, 24, 1)
            self.dil = nn.Conv2d(24, 24, 3, dilation=2, padding=2, groups=4)
            self.res = nn.Conv2d(24, 32, 3, 2, 1)
            self.fc = nn.Linear(32, 7, bias=False)
            self.bn1d = nn.BatchNorm1d(7)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = nn.functional.leaky_relu(self.bn(self.stem(x)), 0.01)
            x = torch.cat([self.b1(x), self.b2(x), self.b3(x)], 1)
            x = self.pw(self.dw(x))
            x = x * torch.sigmoid(self.fc2(torch.relu(self.fc1(x.mean((2, 3), keepdim=True)))))
            x = self.dil(x)
            shortcut = nn.functional.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, 4, 4))
            x = nn.functional.silu(nn.functional.gelu(self.res(x)) + shortcut)
            x = nn.functional.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)
            x = x.amax((2, 3))
            return torch.tanh(self.bn1d(self.fc(x)))

    ref = ByHand().eval()
    assert n_params(model) == n_params(ref)
    assert [tuple(v.shape) for v in model.state_dict().values()] == [tuple(v.shape) for v in ref.state_dict().values()]
    ref.load_state_dict(OrderedDict(zip(ref.state_dict(), model.state_dict().values())))
    x = torch.randn(2, 3, 16, 16)
    torch.testing.assert_close(model(x), ref(x))
    report = analyze("design", input_shape=(3, 16, 16), spec=text)  # the analysis takes every block
    assert report.total_params == n_params(ref)


def test_shorthands_and_names_beside_the_kind() -> None:
    spec = parse("layers:\n  - {conv: 8, name: first}\n  - relu: {repeat: 2}\n  - maxpool: 2\n  - {flatten: null}\n  - linear: 3\n")
    first = spec.layers[0]
    assert (first.kind, first.name, dict(first.args)) == ("conv", "first", {"out": 8})
    assert spec.layers[1].repeat == 2 and spec.input_shape is None and spec.name == "design"
    model = design.build(spec.text)
    assert [n for n, _ in model.named_children()] == ["first", "relu1", "pool1", "flatten1", "fc1"]
    assert model(torch.randn(1, 3, 32, 32)).shape == (1, 3)


def test_a_resnet_stage_in_a_few_lines_is_the_zoos_stage() -> None:
    text = design.EXAMPLE.replace("- basic: {repeat: 2}         # a stage of two blocks", "- basic: {out: 64, repeat: 3}")
    stage = design.build(text).basic1
    from explorer.zoo.resnet import BasicBlock  # torchvision's block, module for module

    ref = nn.Sequential(BasicBlock(16, 64, downsample=nn.Sequential(nn.Conv2d(16, 64, 1, bias=False), nn.BatchNorm2d(64))),
                        BasicBlock(64, 64), BasicBlock(64, 64))
    assert [tuple(v.shape) for v in stage.state_dict().values()] == [tuple(v.shape) for v in ref.state_dict().values()]


# --- every mistake names its line ---------------------------------------------------------------------

GOOD = "name: t\ninput: 3x32x32\nlayers:\n  - conv: {out: 16, padding: same}\n  - relu\n  - flatten\n  - linear: 10\n"

# (text, the fragment of the line the message must name (None: no line), the key, words of the message)
MISTAKES = [
    ("layers: [conv: {out: 8}\n", "layers", N_("Line {line}: this is not valid YAML ({problem})."), "not valid YAML"),
    ("name: t\nlayers:\n  - relu\n - tanh\n", "- tanh", N_("Line {line}: this is not valid YAML ({problem})."), "not valid YAML"),
    ("", None, N_("The spec is empty: write at least 'layers:' with one layer under it (see the example)."), "empty"),
    ("- conv: 8\n", "conv", N_("Line {line}: a spec is a mapping with layers: (and optionally name:, input:, blocks:)."), "mapping"),
    ("name: t\nlayer:\n  - relu\n", "layer:", N_("Line {line}: a spec has no '{arg}'; it has {allowed}."), "has no 'layer'"),
    ("name: t\n", None, N_("The spec has no layers: write 'layers:' followed by one layer a line ('- conv: 32')."), "no layers"),
    ("layers: []\n", "layers", N_("Line {line}: layers is empty: add at least one layer."), "empty"),
    ("name: [a]\nlayers: [relu]\n", "name", N_("Line {line}: name is one short word such as tiny_resnet."), "short word"),
    ("input: 3x32\nlayers: [relu]\n", "input", N_("Line {line}: input is C×H×W such as 3x32x32 (at most {max_channels} channels and {max_side} pixels a side)."), "C×H×W"),
    ("layers: relu\n", "layers", N_("Line {line}: {what} must be a list of layers (lines starting with '- '), not {found}."), "list of layers"),
    ("layers:\n  - [relu]\n", "[relu]", N_("Line {line}: a layer is written as a word (relu) or as kind: arguments (conv: {{out: 64}}), not {found}."), "a word"),
    ("layers:\n  - relu\n  - {conv: 8, relu: null}\n", "conv: 8, relu", N_("Line {line}: each list item is one layer (conv, bn, relu, …); this one names {n}: {kinds}."), "names 2"),
    ("layers:\n  - relu\n  - convv: 8\n", "convv", N_("Line {line}: there is no layer or block called '{kind}'; use one of: {known}."), "no layer or block called 'convv'"),
    ("layers:\n  - relu\n  - conv: {out: 8, size: 3}\n", "size", N_("Line {line}: {kind} has no argument '{arg}'; its arguments are: {allowed}."), "no argument 'size'"),
    ("layers:\n  - conv:\n      out: [8]\n", "[8]", N_("Line {line}: the argument '{arg}' of {kind} takes a single value, not {found}."), "single value"),
    ("layers:\n  - relu\n  - relu: 3\n", "relu: 3", N_("Line {line}: write the arguments of {kind} as a mapping, e.g. {kind}: {{name: {kind}1}}."), "as a mapping"),
    ("layers:\n  - conv: {out: 8, name: 3x}\n", "3x", N_("Line {line}: {name!r} cannot name a layer: use letters, digits and _ (not first), like conv3 or stem."), "cannot name a layer"),
    ("layers:\n  - conv: {out: 8, name: forward}\n", "forward", N_("Line {line}: {name!r} cannot name a layer: use letters, digits and _ (not first), like conv3 or stem."), "cannot name a layer"),
    ("layers:\n  - conv: {out: 8, name: a}\n  - conv: {out: 8, name: a}\n", "conv: {out: 8, name: a}", N_("Line {line}: the name '{name}' is used twice in the same list: give each layer its own."), "twice"),
    ("layers:\n  - relu\n  - conv: {out: 8, repeat: 0}\n", "repeat: 0", N_("Line {line}: repeat must be a whole number from 1 to {limit}, not {value}."), "repeat must be"),
    ("layers:\n  - conv: {out: 8, out: 9}\n", "out: 9", N_("Line {line}: '{name}' is given twice here."), "twice"),
    ("layers:\n  - residual: {shortcut: identity}\n", "residual", N_("Line {line}: a residual block needs a body: residual: {{body: [layers…], shortcut: identity, after: relu}}."), "needs a body"),
    ("layers:\n  - residual: {body: [relu], skip: 1}\n", "skip", N_("Line {line}: a residual block has no '{arg}'; it takes body, shortcut and after."), "no 'skip'"),
    ("layers:\n  - residual: {body: [relu], shortcut: add}\n", "shortcut: add", N_("Line {line}: shortcut is one of {allowed} or a list of layers, not {value}."), "shortcut is one of"),
    ("layers:\n  - residual: {body: [relu], after: softmax}\n", "after: softmax", N_("Line {line}: after is an activation ({allowed}) or none, not {value}."), "after is an activation"),
    ("layers:\n  - concat: [[relu]]\n", "concat", N_("Line {line}: concat needs two or more branches, each a list of layers: concat: [[conv: 16], [maxpool: 3, conv: 8]]."), "two or more"),
    ("layers:\n  - concat: {branches: [[relu], [tanh]], axis: 1}\n", "axis", N_("Line {line}: concat has no '{arg}'; it takes branches."), "no 'axis'"),
    ("blocks:\n  b: {params: {out: 8}, layers: [conv: $width]}\nlayers: [b]\n", "conv: $width", N_("Line {line}: {param} is not a parameter of this block (parameters: {known})."), "$width"),
    ("blocks:\n  b: {layers: [b]}\nlayers:\n  - b\n", "layers: [b]", N_("Line {line}: block '{block}' uses itself (through {path}): a block can only use blocks that do not use it."), "uses itself"),
    ("blocks:\n  b: {params: {out: null}, layers: [conv: $out]}\nlayers:\n  - b\n", "- b", N_("Line {line}: block '{block}' needs a value for {params}."), "needs a value for out"),
    ("blocks:\n  b: {params: {out: 8}, layers: [conv: $out]}\nlayers:\n  - b: {width: 3}\n", "width", N_("Line {line}: block '{block}' has no parameter '{param}'; its parameters are: {known}."), "no parameter 'width'"),
    ("blocks:\n  b: {params: 3, layers: [relu]}\nlayers:\n  - b\n", "params: 3", N_("Line {line}: params of block '{block}' is a mapping of names to default values, e.g. params: {{out: 64}}."), "mapping of names"),
    ("blocks:\n  b: {layers: [relu]}\nlayers:\n  - b: 3\n", "b: 3", N_("Line {line}: the arguments of block '{block}' are a mapping such as {{out: 128}}."), "a mapping"),
    ("blocks:\n  conv: {layers: [relu]}\nlayers: [relu]\n", "conv:", N_("Line {line}: '{block}' cannot name a block: use a new word of letters, digits and _."), "cannot name a block"),
    ("blocks:\n  b: {layers: [relu], concat: [[relu], [relu]]}\nlayers: [b]\n", "b:", N_("Line {line}: block '{block}' is one of residual:, concat: or layers: (with optional params:)."), "one of residual"),
    ("blocks: [a]\nlayers: [relu]\n", "blocks", N_("Line {line}: blocks is a mapping of block names to their definitions."), "mapping of block names"),
    ("layers:\n  - 3: relu\n", "3: relu", N_("Line {line}: a key must be a word such as conv or out."), "a word"),
    # what only the input can tell (resolve)
    (GOOD.replace("conv: {out: 16, padding: same}", "conv: {out: 16, in: 1}"), "in: 1", N_("Line {line}: {kind} '{name}' expects {expected} input channels, the previous layer gives {got}; write in: {got}, or leave in: out (it is inferred)."),
     "expects 1 input channels, the previous layer gives 3"),
    (GOOD.replace("linear: 10", "linear: {out: 10, in: 100}"), "in: 100", N_("Line {line}: {kind} '{name}' expects {expected} input features, the previous layer gives {got}; write in: {got}, or leave in: out (it is inferred)."), "expects 100 input features"),
    (GOOD.replace("  - flatten\n", ""), "linear", N_("Line {line}: linear '{name}' needs flat features, but it gets a {size} map: put flatten (or avgpool: global and flatten) before it."), "needs flat features"),
    (GOOD.replace("  - relu\n", "  - flatten\n  - conv: 8\n"), "conv: 8", N_("Line {line}: {kind} '{name}' works on C×H×W maps, but it gets {features} flat features: put it before flatten."), "works on C×H×W maps"),
    (GOOD.replace("padding: same}", "kernel: 40}"), "kernel: 40", N_("Line {line}: {kind} '{name}' gets a {size} map and would output nothing: use a larger input, a smaller kernel or more padding, or fewer downsampling layers before it."), "would output nothing"),
    (GOOD.replace("padding: same}", "groups: 2}"), "groups: 2", N_("Line {line}: conv '{name}' has {groups} groups, so its input channels ({input}) and output channels ({out}) must both be multiples of {groups}."), "multiples of 2"),
    (GOOD.replace("padding: same}", "groups: wide}"), "groups: wide", N_("Line {line}: groups of conv '{name}' is a whole number or depthwise, not {value}."), "depthwise"),
    (GOOD.replace("padding: same}", "padding: full}"), "padding: full", N_("Line {line}: padding of conv '{name}' is a whole number, same or valid, not {value}."), "same or valid"),
    (GOOD.replace("padding: same}", "padding: same, kernel: 2, stride: 2}"), "kernel: 2", N_("Line {line}: conv '{name}' has an even kernel span ({span}) and stride {stride}: padding same then needs uneven padding; use an odd kernel or a number."), "even kernel span"),
    (GOOD.replace("padding: same}", "stride: 0}"), "stride: 0", N_("Line {line}: {arg} of {kind} '{name}' must be a whole number from {min} to {max}, not {value}."), "stride of conv 'conv1'"),
    (GOOD.replace("padding: same}", "bias: 1}"), "bias: 1", N_("Line {line}: {arg} of {kind} '{name}' is true or false, not {value}."), "true or false"),
    (GOOD.replace("  - relu\n", "  - bn: {eps: 0}\n"), "eps: 0", N_("Line {line}: {arg} of bn '{name}' is a number above 0 and at most 1, not {value}."), "above 0"),
    (GOOD.replace("  - relu\n", "  - dropout: 1.5\n"), "dropout", N_("Line {line}: dropout '{name}' takes a probability from 0 up to (not including) 1, not {value}."), "probability"),
    (GOOD.replace("  - relu\n", "  - residual: {body: [conv: {out: 8, kernel: 1}]}\n"), "residual", N_("Line {line}: residual '{name}' adds its body's output {body} to its input {input}: the shapes must be equal; use shortcut: projection to match them with a 1×1 convolution."),
     "use shortcut: projection"),
    (GOOD.replace("  - relu\n", "  - residual: {body: [conv: {out: 16, kernel: 3}], shortcut: projection}\n"), "residual",
     N_("Line {line}: residual '{name}' turns {input} into {body}, which no strided shortcut can match: write the shortcut's layers yourself."), "no strided shortcut"),
    (GOOD.replace("  - relu\n", "  - residual: {body: [conv: {out: 8, kernel: 1}], shortcut: pad}\n"), "residual", N_("Line {line}: residual '{name}' has fewer output channels ({out}) than input ones ({input}); a zero-padded shortcut can only add channels: use shortcut: projection."),
     "fewer output channels"),
    (GOOD.replace("  - relu\n", "  - residual: {body: [relu], shortcut: [conv: {out: 8, kernel: 1}]}\n"), "residual",
     N_("Line {line}: residual '{name}' adds its body's output {body} to its shortcut's {shortcut}: the two must have the same shape."), "must have the same shape"),
    (GOOD.replace("  - relu\n", "  - concat: [[conv: 4], [conv: {out: 4, padding: 1}]]\n"), "concat", N_("Line {line}: concat '{name}' joins branches along channels, so their maps must have the same height and width; they give {sizes}."),
     "same height and width"),
]


@pytest.mark.parametrize(("text", "fragment", "key", "words"), MISTAKES, ids=[m[2] + f"-{i}" for i, m in enumerate(MISTAKES)])
def test_every_mistake_says_its_line(text: str, fragment: str | None, key: str, words: str) -> None:
    with pytest.raises(SpecError) as info:
        design.build(text, (3, 32, 32))
    err = info.value
    assert err.template == key, str(err)
    assert words in str(err)
    from ui import i18n  # the catalogue's template says the same sentence, and Chinese names the same line

    assert i18n.translate(err.template, "en", **err.params) == str(err)
    assert err.line == 0 or i18n.translate(err.template, "zh", **err.params).startswith(f"第 {err.line} 行")
    if fragment is None:
        assert err.line == 0
    else:
        assert err.line == line_of(text, fragment), str(err)
        assert str(err).startswith(f"Line {err.line}: ")
        assert err.params["line"] == err.line


def test_the_example_message_of_the_brief() -> None:
    text = "layers:\n  - conv: {out: 32}\n  - relu\n  - conv: {name: c3, out: 64, in: 64}\n"
    with pytest.raises(SpecError, match=r"^Line 4: conv 'c3' expects 64 input channels, the previous layer gives 32"):
        design.build(text)


def test_a_mistake_in_chinese_names_the_line_too() -> None:
    from ui import i18n

    text = "layers:\n  - conv: {out: 32}\n  - relu\n  - conv: {name: c3, out: 64, in: 64}\n"
    with pytest.raises(SpecError) as info:
        design.build(text)
    err = info.value
    assert i18n.translate(err.template, "en", **err.params) == str(err)
    zh = i18n.translate(err.template, "zh", **err.params)
    assert zh.startswith("第 4 行：conv 'c3' 期望 64 个输入通道，上一层给出的是 32 个")


def test_no_head_for_the_classes_and_the_classes_replace_the_last_layer() -> None:
    with pytest.raises(SpecError) as info:
        explorer.build("design", spec="layers:\n  - relu\n  - {residual: {body: [conv: 3]}, repeat: 1}\n", num_classes=4)
    assert info.value.template == N_("The design has no linear or conv layer at its top level whose outputs could be the classes: end it with linear: (number of classes).")
    model = explorer.build("design", spec=GOOD, num_classes=4)
    assert model.fc1.out_features == 4


def test_yaml_is_data_only() -> None:
    """No Python object, tag or alias bomb gets through the safe composer."""
    with pytest.raises(SpecError) as info:
        parse("layers:\n  - !!python/object/apply:os.system ['echo hi']\n")
    assert info.value.template == N_("Line {line}: a spec holds plain values, lists and mappings; the tag {tag} is not allowed.") and info.value.line == 2
    with pytest.raises(SpecError) as info:
        parse("layers:\n  - relu\n  - !!python/name:os.system\n")
    assert info.value.template == N_("Line {line}: a spec holds plain values, lists and mappings; the tag {tag} is not allowed.") and info.value.line == 3
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                                                           for p, c in zip("abcdefg", "bcdefgh")) + "layers: [*h]\n"
    with pytest.raises(SpecError) as info:
        parse(bomb)
    assert info.value.template in (N_("The spec expands to too many values (anchors and aliases?): write it out plainly."), N_("Line {line}: a spec has no '{arg}'; it has {allowed}."))
    with pytest.raises(SpecError) as info:
        parse("layers: " + "[" * 5000 + "]" * 5000)
    assert info.value.template in (N_("The spec is not valid YAML (or is nested too deeply)."), N_("Line {line}: this is not valid YAML ({problem})."))


# --- the operator's limits and the budget ----------------------------------------------------------------


def test_parse_guards_come_from_settings(limits) -> None:
    limits(EXPLORER_DESIGN_MAX_REPEAT="4", EXPLORER_DESIGN_MAX_LAYERS="20", EXPLORER_DESIGN_MAX_CHANNELS="64",
           EXPLORER_DESIGN_MAX_CHARS="2000")
    with pytest.raises(SpecError, match="from 1 to 4") as info:
        parse("layers:\n  - relu: {repeat: 5}\n")
    assert info.value.template == N_("Line {line}: repeat must be a whole number from 1 to {limit}, not {value}.")
    with pytest.raises(SpecError) as info:  # 4 × 4 × 2 = 32 layers: counted before anything is expanded
        parse("blocks:\n  b: {layers: [conv: 8, relu: {repeat: 4}]}\n  s: {layers: [b: {repeat: 4}]}\nlayers:\n  - s: {repeat: 4}\n")
    assert info.value.template == N_("Line {line}: the design has more than {limit} layers (repeats counted); this server builds at most that many.") and info.value.line == 5
    with pytest.raises(SpecError) as info:
        design.build("layers:\n  - conv: 65\n")
    assert info.value.template == N_("Line {line}: {arg} of {kind} '{name}' must be a whole number from {min} to {max}, not {value}.") and "from 1 to 64" in str(info.value)
    with pytest.raises(SpecError) as info:
        parse("layers: [relu]\n" + "#" * 2000)
    assert info.value.template == N_("The spec has {chars} characters; this server reads at most {limit}: make it shorter.")


HUGE = "name: huge\ninput: 3x32x32\nlayers:\n  - flatten\n  - linear: 8192\n  - relu\n  - linear: 8192\n  - relu\n  - linear: 8192\n"


def test_a_design_of_a_billion_parameters_gets_the_budgets_message_and_no_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = 3072 * 8192 + 8192 + 2 * (8192 * 8192 + 8192)  # 159,424,512 … scaled below
    report = analyze("design", input_shape=(3, 32, 32), spec=HUGE)  # meta tensors: free
    assert report.total_params == expected
    big = HUGE + "  - relu\n" + "  - linear: 8192\n  - relu\n" * 14  # ~1.1 × 10⁹
    report = analyze("design", input_shape=(3, 32, 32), spec=big)
    assert report.total_params > 10**9
    with pytest.raises(OverBudget) as info:
        check(report, purpose="inside")
    assert info.value.template == N_("{title} has {params} parameters; this server builds models of at most {limit}: make it smaller (fewer channels, layers or classes).") and "this server builds models of at most 200,000,000" in str(info.value)

    def no_weights(*_a, **_k):
        raise AssertionError("weights were allocated")

    monkeypatch.setattr(db, "materialize", no_weights)
    with pytest.raises(OverBudget) as info:  # the registry's builder: refused before any weight exists
        explorer.build("design", spec=big)
    assert info.value.template == N_("{title} has {params} parameters; this server builds models of at most {limit}: make it smaller (fewer channels, layers or classes).") and f"{report.total_params:,} parameters" in str(info.value)


# --- zoo → spec → model ----------------------------------------------------------------------------------

ROUND_TRIP = ["vgg11", "vgg16_bn", "alexnet", "resnet18", "resnet50", "resnext50_32x4d", "lenet5", "tiny_vgg", "resnet_cifar",
              "cifar_cnn", "cifar_vgg", "convnet_signs", "vgg_book"]


def _pair(arch: str, hp: dict | None = None, shape: tuple[int, int, int] | None = None) -> tuple[nn.Module, nn.Module, tuple]:
    a = get(arch)
    shape = shape or a.input_shape
    text = design.to_spec(arch, hp, shape)
    with torch.device("meta"):
        ref = a.build(**(hp or {}))
        mine = design.build(text, shape)
    return ref, mine, shape


@pytest.mark.parametrize("arch", ROUND_TRIP)
def test_zoo_to_spec_to_model_keeps_parameters_shapes_and_outputs(arch: str) -> None:
    ref, mine, shape = _pair(arch)
    assert n_params(mine) == n_params(ref)
    assert [tuple(v.shape) for v in mine.state_dict().values()] == [tuple(v.shape) for v in ref.state_dict().values()]
    x = torch.empty(2, *shape, device="meta")
    assert mine(x).shape == ref(x).shape


@pytest.mark.parametrize(("arch", "hp"), [("lenet5", {}), ("tiny_vgg", {"batch_norm": True}), ("resnet_cifar", {}),
                                          ("resnet_cifar", {"shortcut": "projection"}), ("resnet_cifar", {"shortcut": "none"}),
                                          ("cifar_vgg", {"batch_norm": True})])
def test_a_copy_computes_what_the_zoo_model_computes(arch: str, hp: dict) -> None:
    a = get(arch)
    torch.manual_seed(0)
    ref = a.build(**hp).eval()
    mine = design.build(design.to_spec(arch, hp), a.input_shape).eval()
    mine.load_state_dict(OrderedDict(zip(mine.state_dict(), ref.state_dict().values())))
    x = torch.randn(2, *a.input_shape)
    torch.testing.assert_close(mine(x), ref(x))


def test_what_has_no_spec_form_says_so() -> None:
    with pytest.raises(SpecError) as info:
        design.to_spec("googlenet")
    assert info.value.template == N_("{title} cannot be written as a spec yet: its part '{part}' ({cls}) has no spec form. AlexNet, VGG, ResNet (basic and bottleneck blocks), the CIFAR ResNets and the plain CNNs (LeNet-5, TinyVGG, the CIFAR models) can.") and "GoogLeNet" in str(info.value) and "VGG" in str(info.value)


# --- the exported source ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [design.EXAMPLE, design.to_spec("resnet_cifar"),
                                  "name: 'my net!'\ninput: 1x20x20\nlayers:\n  - concat: [[conv: 4], [conv: {out: 2, groups: 1}]]\n"
                                  "  - se\n  - conv: {groups: depthwise, padding: same}\n  - avgpool: {output: 2}\n  - flatten\n"
                                  "  - linear: 3\n"])
def test_exported_source_imports_and_matches_the_design(text: str, tmp_path: Path) -> None:
    import importlib.util

    from explorer.zoo.design_export import class_name, to_source

    path = tmp_path / "exported_net.py"
    path.write_text(to_source(text), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("exported_net", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    parsed = parse(text)
    exported = getattr(module, class_name(parsed.name))().eval()
    torch.manual_seed(1)
    mine = design.build(text).eval()
    assert list(exported.state_dict()) == list(mine.state_dict())
    assert [v.shape for v in exported.state_dict().values()] == [v.shape for v in mine.state_dict().values()]
    exported.load_state_dict(mine.state_dict())
    x = torch.randn(2, *(parsed.input_shape or (3, 32, 32)))
    torch.testing.assert_close(exported(x), mine(x))
    assert "explorer" not in path.read_text()  # standalone: torch only


def test_a_class_name_is_an_identifier_whatever_the_spec_says() -> None:
    from explorer.zoo.design_export import class_name

    assert class_name("tiny_resnet") == "TinyResnet"
    for bad in ("", "1net", "__import__('os')", "class", "ResidualBlock", "网络"):
        assert class_name(bad).isidentifier()
    assert class_name("a'); import os; ('") == "AImportOs"


# --- links ----------------------------------------------------------------------------------------------


def test_a_link_carries_the_spec_compressed_and_reads_it_back() -> None:
    text = design.to_spec("resnet18")
    cfg = ModelConfig.make("design", {"spec": text}, (3, 224, 224))
    q = to_query(cfg)
    assert q["arch"] == "design" and q["spec"].startswith("z1.") and len(q["spec"]) < len(text) / 4
    link = read_link(q, prefixes=("",))
    assert link.models[0] == cfg and not link.problems
    assert design.decode(link.models[0].hp_dict["spec"]) == text


@pytest.mark.parametrize("token", ["z1.!!!", "z1.eJzLSM3JyQcABiwCFQ", "z1." + "A" * 50_000, "z1.eJwDAAAAAAE"])
def test_a_damaged_link_is_a_problem_not_a_crash(token: str) -> None:
    link = read_link({"arch": "design", "spec": token}, prefixes=("",), fallback="vgg16")
    assert link.models[0].arch == "design" and link.models[0].hp == ()  # the default design, and the problem said
    assert [p.error.template for p in link.problems] in ([N_("The design in this link is damaged or too long: copy the link again, or paste the spec.")], [N_("The spec is empty: write at least 'layers:' with one layer under it (see the example).")], [N_("Line {line}: a spec is a mapping with layers: (and optionally name:, input:, blocks:).")])


def test_a_link_cannot_inflate_past_the_limit() -> None:
    bomb = design.encode("#" * 10_000_000)  # 10 MB of text in a few kB
    assert len(bomb) < 20_000
    with pytest.raises(SpecError) as info:
        design.decode(bomb)
    assert info.value.template == N_("The design in this link is damaged or too long: copy the link again, or paste the spec.")


# --- the registry and the command line ---------------------------------------------------------------------


def test_the_design_is_registered_in_its_own_group() -> None:
    assert list_architectures("design") == ["design"]
    a = get("design")
    assert a.group == "design" and a.hparam("num_classes") is not None
    with pytest.raises(SpecError):
        a.resolve({"spec": "layers: [convv]"})


def test_cli_summary_of_a_yaml_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "my_net.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["summary", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_hand = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.Flatten(), nn.Linear(16 * 32 * 32, 10))
    assert out["total_params"] == n_params(by_hand) and out["input_shape"] == [3, 32, 32]
    assert main(["summary", str(path), "--input", "3,16,16"]) == 0
    assert f"{16 * 28 + 16 * 16 * 16 * 10 + 10:,}" in capsys.readouterr().out

    path.write_text(GOOD.replace("  - flatten\n", ""), encoding="utf-8")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: error: Line 6: linear 'fc1' needs flat features") and err.count("\n") == 1
    assert main(["summary", str(tmp_path / "missing.yml")]) == 2
    assert "Cannot read the design file missing.yml" in capsys.readouterr().err


@pytest.mark.usefixtures("keep_torch_threads")
def test_cli_train_reads_a_yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from explorer.cli import build_parser
    from explorer.training.cli import config_from_args

    path = tmp_path / "my_net.yml"
    path.write_text(GOOD.replace("3x32x32", "1x28x28"), encoding="utf-8")
    args = build_parser().parse_args(["train", str(path), "--steps", "2"])
    cfg = config_from_args(args)
    assert cfg.architecture == "design" and cfg.input_shape == (1, 28, 28)
    assert design.text_of(cfg.hyperparameters["spec"]) == path.read_text()

    monkeypatch.setenv("EXPLORER_TORCH_THREADS", "1")
    code = main(["train", str(path), "--steps", "2", "--train-size", "64", "--val-size", "32", "--batch-size", "16", "--json",
                 "--runs-dir", str(tmp_path / "runs"), "--data-dir", str(tmp_path / "data")])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "finished" and result["steps"] == 2
    from explorer.training import runs as store

    config = store.Run(Path(result["run_dir"])).config()
    assert config["architecture"] == "design" and design.text_of(config["hyperparameters"]["spec"]) == path.read_text()


def test_the_readmes_example_is_a_spec_that_builds() -> None:
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Design your own network", 1)[1]
    text = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    model = design.build(text)
    assert n_params(model) == 24_666  # the example above, counted with torch.nn by hand
    assert model(torch.zeros(1, 3, 32, 32)).shape == (1, 10)

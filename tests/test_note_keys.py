"""Every library note can be said in Chinese: a constant key, a catalogue entry, and the values its sentence needs.

The scan reads explorer/ with ``ast``: every ``Note(...)`` passes ``key="…"``
as a string constant and its values as plain keywords (no ``**``). Its
sentence (a string or an f-string) is turned into a template — each
``{expression}`` replaced by the name of the keyword passed that same
expression, with its format spec — which must be the English of the
catalogue's ``note.<key>`` (ui/catalogue_notes.py); so a sentence changed in
the library without its entry fails here, and no value of the sentence can be
missing from the translation's reach. Both languages may use only names the
site passes.
"""

from __future__ import annotations

import ast
import json
import math
import pickle
from dataclasses import dataclass

import pytest
import torch
from PIL import Image

import explorer
from explorer.notes import Note, fields, from_fields
from ui import catalogue_notes, i18n

import keyed  # tests/keyed.py


@dataclass(frozen=True)
class Site:
    where: str
    key: str | None  # None: no key=, or not a string constant
    names: frozenset[str]
    star: bool  # a ``**mapping`` among the keywords
    template: str | None  # None: the sentence is not a literal a template can be read from
    problem: str = ""  # why no template: an f-string value that no keyword passes


def _template(node: ast.expr, values: dict[str, str]) -> tuple[str | None, str]:
    """The sentence as a catalogue template, from a string or f-string literal; (None, why) when it cannot be read."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}"), ""
    if not isinstance(node, ast.JoinedStr):
        return None, "the sentence is not a string or f-string literal"
    out = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(part, ast.FormattedValue)
        expr = ast.unparse(part.value)
        name = values.get(expr)
        if name is None:
            return None, f"{{{expr}}} is not passed as a keyword"
        conversion = "" if part.conversion == -1 else "!" + chr(part.conversion)
        spec = ""
        if part.format_spec is not None:
            if not all(isinstance(v, ast.Constant) for v in part.format_spec.values):  # type: ignore[attr-defined]
                return None, f"{{{expr}}} has a computed format spec"
            spec = ":" + "".join(str(v.value) for v in part.format_spec.values)  # type: ignore[attr-defined]
        out.append("{" + name + conversion + spec + "}")
    return "".join(out), ""


def _sites() -> list[Site]:
    sites = []
    for c in keyed.calls({"Note"}, skip=("explorer/notes.py",)):  # notes.py rebuilds notes, it writes none
        values = {ast.unparse(v): k for k, v in c.keywords.items()}
        # ``folder=str(folder)`` passes what ``{folder}`` writes.
        values.update({ast.unparse(v.args[0]): k for k, v in c.keywords.items()
                       if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "str" and len(v.args) == 1})
        template, problem = _template(c.node.args[0], values) if c.node.args else (None, "no sentence")
        sites.append(Site(c.where, c.key, frozenset(c.keywords), c.star, template, problem))
    return sites


SITES = _sites()
NOTES = {k: v for k, v in i18n.CATALOGUE.items() if k.startswith("note.")}


def test_the_scan_finds_the_library_notes() -> None:
    assert len(SITES) > 60
    where = {s.where.split(":")[0] for s in SITES}
    assert {"explorer/inspect/images.py", "explorer/inspect/weights.py", "explorer/analysis/trace.py", "explorer/analysis/formulas.py",
            "explorer/training/datasets.py",
            "explorer/training/engine.py", "explorer/training/worker.py"} <= where


def test_every_note_has_a_constant_key_and_plain_keywords() -> None:
    unkeyed = [s.where for s in SITES if s.key is None]
    assert not unkeyed, "Note(...) without key=\"…\" (a string constant):\n" + "\n".join(unkeyed)
    starred = [s.where for s in SITES if s.star]
    assert not starred, "pass a note's values as plain keywords, not **mapping:\n" + "\n".join(starred)
    unread = [f"{s.where}: {s.problem}" for s in SITES if s.template is None]
    assert not unread, "sentences whose template cannot be read (write the sentence in the call, its values as keywords):\n" + "\n".join(unread)


def test_every_key_is_in_the_catalogue_with_the_library_s_english() -> None:
    missing = sorted({f"note.{s.key}  ({s.where})" for s in SITES if s.key and f"note.{s.key}" not in NOTES})
    assert not missing, "keys without a catalogue entry (ui/catalogue_notes.py):\n" + "\n".join(missing)
    differ = [
        f"{s.where}: note.{s.key}\n  library:   {s.template}\n  catalogue: {NOTES[f'note.{s.key}']['en']}"
        for s in SITES if s.key and s.template is not None and f"note.{s.key}" in NOTES and NOTES[f"note.{s.key}"]["en"] != s.template
    ]
    assert not differ, "the catalogue's English is not the library's sentence:\n" + "\n".join(differ)


def test_every_placeholder_is_filled_at_every_site() -> None:
    unfilled = keyed.unfilled(NOTES, "note.", SITES)
    assert not unfilled, "placeholders a Note(...) does not fill:\n" + "\n".join(unfilled)


def test_no_catalogue_entry_is_stale() -> None:
    used = {f"note.{s.key}" for s in SITES}
    stale = sorted(k for k in NOTES if k not in used)
    assert not stale, f"note.* entries that no Note(...) uses: {stale}"
    assert set(catalogue_notes.STRINGS) == set(NOTES), "note.* entries live in ui/catalogue_notes.py only"


def test_the_chinese_is_chinese() -> None:
    # A sentence in Chinese has at least one Han character (a bare label like "To tensor" too).
    english = [k for k, v in NOTES.items() if not any("\u4e00" <= ch <= "\u9fff" for ch in v["zh"])]
    assert not english, f"note.* entries whose Chinese is not Chinese: {english}"


# --- behaviour: the values travel with the note ---------------------------------------------------


def _zh(note: Note) -> str:
    return i18n.text("note." + note.key, "zh", **note.params)


def _en(note: Note) -> str:
    return i18n.text("note." + note.key, "en", **note.params)


def _png(size: tuple[int, int]) -> bytes:
    import io

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buf, "PNG")
    return buf.getvalue()


def test_a_downscaled_image_in_chinese() -> None:
    from explorer.inspect import images

    loaded = images.load_image(_png((4100, 300)), "wide.png")
    [note] = [n for n in loaded.notes if n.key == "image.downscaled"]
    assert note.params == {"before": "4100×300", "after": "2048×150"}
    assert "4100×300" in _zh(note) and "2048×150" in _zh(note) and "缩小" in _zh(note) and _en(note) == str(note)


def test_the_preprocessing_steps_in_chinese() -> None:
    from explorer.inspect import images

    loaded = images.load_image(_png((451, 300)), "photo.png")
    pre = images.preprocess(loaded, (1, 224, 224), mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225))
    said = [(_zh(s.title), _zh(s.detail)) for s in pre.steps]
    assert said[0][0] == "通道" and "灰度" in said[0][1]
    assert "451×300 → 385×256" in said[1][1] and "短边缩放到 256 像素" in said[1][1]  # 256 = 224 / 0.875, as torchvision
    assert "224×224" in said[2][1] and said[4][0] == "标准化" and "0.449" in said[4][1]  # one channel: the RGB means' average
    assert all(_en(s.title) == s.title and _en(s.detail) == s.detail for s in pre.steps)


def test_a_diagnostic_of_an_unequal_adaptive_pooling_in_chinese() -> None:
    report = explorer.analyze("vgg16", input_shape=(3, 100, 100))
    [note] = report.diagnostics
    assert note.key == "analysis.adaptive_unequal" and note.params == {"layer": "avgpool", "size": "3×3", "out": "7×7"}
    zh = _zh(note)
    assert "avgpool" in zh and "3×3" in zh and "7×7" in zh and "感受野" in zh and "池化" in zh
    assert _en(note) == str(note)


class _TwoPaths(torch.nn.Module):
    """Two branches whose receptive fields have different centres, added together."""

    def __init__(self) -> None:
        super().__init__()
        self.a = torch.nn.Conv2d(1, 1, 3, padding=1)
        self.b = torch.nn.Sequential(torch.nn.Conv2d(1, 1, 3), torch.nn.ZeroPad2d((2, 0, 2, 0)))

    def forward(self, x):
        return self.a(x) + self.b(x)


def test_misaligned_branches_in_chinese() -> None:
    [note] = explorer.analyze(_TwoPaths(), input_shape=(1, 16, 16)).diagnostics
    assert note.key == "analysis.misaligned_model" and note.params["op"] in ("add", "__add__")
    assert "'" + note.params["op"] + "'" in _zh(note) and "感受野" in _zh(note) and _en(note) == str(note)


def test_a_diverged_run_in_chinese() -> None:
    from explorer.training.config import TrainConfig
    from explorer.training.datasets import Data
    from explorer.training.engine import MemoryReporter, Trainer
    from explorer.training.synthetic import digits

    x, y = digits(64, seed=0)
    data = Data(x, y, x[:16], y[:16], tuple(str(i) for i in range(10)))
    cfg = TrainConfig(architecture="lenet5", epochs=1, batch_size=16, lr=1e6, optimizer="sgd", momentum=0.0, device="cpu")
    model = explorer.build("lenet5", num_classes=10)
    with torch.no_grad():
        for p in model.parameters():
            p.fill_(float("nan"))
    outcome = Trainer(cfg, data, MemoryReporter(), model=model).fit()
    assert outcome.status == "diverged"
    message, hint = outcome.message, outcome.suggestion
    assert message.key == "train.diverged_train" and message.params["step"] == 1 and math.isnan(message.params["loss"])
    assert "第 1 步" in _zh(message) and "发散" in _zh(message) and _en(message) == str(message)
    lr = hint.params["lr"]
    assert hint.key == "train.diverged_hint" and f"{lr:.3g}" in _zh(hint) and f"{lr / 10:.3g}" in _zh(hint) and "学习率" in _zh(hint)
    assert _en(hint) == str(hint)


def test_an_out_of_memory_ending_and_a_finished_one_in_chinese() -> None:
    oom = Note("Ran out of memory on CPU with batch size 32.", key="train.out_of_memory", device="CPU", batch=32)
    assert _en(oom) == str(oom) and "内存不足" in _zh(oom) and "32" in _zh(oom)
    hint = Note("Lower the batch size (try 16) or the input size.", key="train.out_of_memory_hint", half=16)
    assert _en(hint) == str(hint) and "批大小" in _zh(hint) and "16" in _zh(hint)


def test_data_notes_in_chinese() -> None:
    from explorer.training import datasets

    notes = datasets.describe_adaptation((1, 28, 28), (3, 224, 224), name="MNIST")
    assert [n.key for n in notes] == ["data.fit_shapes_named", "data.fit_repeat", "data.fit_enlarge", "data.fit_cost"]
    zh = "".join(_zh(n) for n in notes)
    assert "MNIST" in zh and "1×28×28" in zh and "3×224×224" in zh and "64" in zh and "通道" in zh
    assert all(_en(n) == str(n) for n in notes)


# --- notes as data: pickle, JSON, record fields ---------------------------------------------------


def test_a_note_is_a_string_that_keeps_its_key_and_values() -> None:
    note = Note("Downscaled from 4100×300 to 2048×150 to keep memory in check.", key="image.downscaled",
                before="4100×300", after="2048×150")
    assert isinstance(note, str) and note == "Downscaled from 4100×300 to 2048×150 to keep memory in check."
    assert "4100×300" in note and note.startswith("Downscaled") and json.dumps([note]) == json.dumps([str(note)])
    back = pickle.loads(pickle.dumps(note))
    assert type(back) is Note and back == note and back.key == note.key and back.params == note.params
    again = Note.from_json(json.loads(json.dumps(note.to_json())))
    assert again == note and again.key == note.key and again.params == note.params


def test_a_note_kept_as_record_fields() -> None:
    note = Note("Stopped at step 3 of 7 (epoch 1).", key="train.stopped_at", step=3, total=7, epoch=1)
    record = json.loads(json.dumps({"status": "stopped", **fields("message", note)}))
    back = from_fields(record, "message")
    assert back == note and back.key == note.key and back.params == note.params
    plain = json.loads(json.dumps(fields("message", "ValueError: boom")))
    assert from_fields(plain, "message").key == "" and from_fields({"status": "failed"}, "message") is None


def test_notes_in_a_cached_report_survive_pickling() -> None:
    report = explorer.analyze("vgg11", input_shape=(3, 100, 100))
    back = pickle.loads(pickle.dumps(report))
    assert [(n.key, n.params) for n in back.diagnostics] == [(n.key, n.params) for n in report.diagnostics]


@pytest.mark.parametrize("note_key", sorted(NOTES))
def test_the_english_template_formats_with_the_site_s_names(note_key: str) -> None:
    """Each entry formats with dummy values for its placeholders in both languages (no stray braces)."""
    entry = NOTES[note_key]
    dummy = {name: 1 for name in keyed.fields(entry["en"])}
    for lang in i18n.LANGS:
        i18n.text(note_key, lang, **dummy)

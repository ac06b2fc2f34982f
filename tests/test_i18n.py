"""The translations: every message of the code is in locale/zh_Hans/LC_MESSAGES/messages.po, translated, with its placeholders.

``pybabel extract`` (run here through Babel's Python API, with the keywords of
setup.cfg and the mapping of babel.cfg) finds the marked messages; the .po must
hold each one with a Chinese translation that fills the same ``{placeholders}``.
Words read at run time from declared data (a lab's controls, a formula's
quantity, the zoo's hyperparameters) are checked by walking that data.
"""

from __future__ import annotations

import builtins
import configparser
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from explorer.analysis.formulas import QUANTITIES
from explorer.zoo import architectures
from ui import i18n, zoo_text
from ui.learn import LABS
from ui.views import quantity_key
from ui.widgets import GROUP_LABELS

ROOT = Path(__file__).resolve().parent.parent
PO = i18n.CATALOGUE_FILES["zh"]
CJK = re.compile(r"[\u4e00-\u9fff]")
needs_po = pytest.mark.skipif(not PO.exists(), reason="scripts/catalogue_to_gettext.py has not written the .po yet")


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def _po():
    with PO.open("rb") as f:
        return read_po(f, locale="zh_Hans")


def _forms(s: str | tuple[str, ...]) -> tuple[str, ...]:
    return s if isinstance(s, tuple) else (s,)


@needs_po
def test_every_message_is_translated() -> None:
    missing = [m.id for m in _po() if m.id and (m.fuzzy or not all(x.strip() for x in _forms(m.string)))]
    assert not missing, f"messages without a Chinese translation: {missing}"


@needs_po
def test_placeholders_agree() -> None:
    wrong = [m.id for m in _po() if m.id
             and any(_fields(x) != set().union(*map(_fields, _forms(m.id))) for x in _forms(m.string))]
    assert not wrong, f"placeholders differ between the English and the Chinese: {wrong}"


@needs_po
def test_english_is_english() -> None:
    assert not [m.id for m in _po() if m.id and any(CJK.search(x) for x in _forms(m.id))]


def _extracted() -> dict[tuple[str | None, str], str]:
    """What ``pybabel extract`` finds, as setup.cfg and babel.cfg configure it: {(context, message): where}."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    keywords = parse_keywords(cfg["extract_messages"]["keywords"].split())
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {}
    for path, line, message, _comments, context in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords):
        found.setdefault((context, message[0] if isinstance(message, tuple) else message), f"{path}:{line}")
    return found


@needs_po
def test_extraction_finds_every_message_and_each_is_in_the_po() -> None:
    found = _extracted()
    assert len(found) > 1000, "the extraction reads the pages, ui/ and explorer/"
    have = i18n.translations("zh")
    missing = {f"{where}: {message!r}" + (f" (context {ctx})" if ctx else "") for (ctx, message), where in found.items()
               if (ctx, message) not in have}
    assert not missing, "marked messages missing from messages.po (run pybabel update, then translate):\n" + "\n".join(sorted(missing))


@needs_po
def test_every_message_read_from_declared_data_is_translated() -> None:
    """Labels kept in data (N_ in a table, a lab's declaration) and read at run time."""
    labels = [quantity_key(q) for q in QUANTITIES] + list(GROUP_LABELS.values())
    for lab in LABS.values():
        labels += [lab.title, lab.intro] + [s.title for s in lab.steps]
        labels += [p.label for p in lab.params if p.widget != "state"]
    have = i18n.translations("zh")
    untranslated = [m for m in labels if not m or (getattr(m, "context", None), str(m)) not in have]
    assert not untranslated, f"labels without a translation: {untranslated}"


@needs_po
def test_the_zoo_s_declared_words_are_translated() -> None:
    """Every title, help text and note the registry declares (English: the library's own) has its Chinese."""
    left = set()
    for arch in architectures():
        for text, zh in ((arch.title, zoo_text.title(arch, "zh")), (arch.notes, zoo_text.notes(arch, "zh"))):
            if text and zh == text and re.search(r"\b[a-z]{3,}\b", text):  # words, not only names
                left.add(f"{arch.name}: {text[:60]!r}")
        for h in arch.hparams:
            assert zoo_text.hp_title(h, "en") == h.title and zoo_text.hp_help(h, "en") == h.help
            if zoo_text.hp_title(h, "zh") == h.title:
                left.add(f"{arch.name}.{h.name} title {h.title!r}")
            if h.help and zoo_text.hp_help(h, "zh") == h.help:
                left.add(f"{arch.name}.{h.name} help {h.help[:60]!r}")
    assert not left, "declared words without a translation:\n" + "\n".join(sorted(left))


def test_text_formats_and_falls_back() -> None:
    assert i18n.translate("step {i} of {n}", "en", i=2, n=4) == "step 2 of 4"
    assert i18n.translate("step {i} of {n}", "zh", i=2, n=4) == "第 2 步，共 4 步"
    assert i18n.translate("A sentence no one marked", "zh") == "A sentence no one marked"  # visible, never a crash
    assert i18n.translate("Learn", "xx") == "Learn"  # an unknown language reads English


def test_plurals_and_numbers_in_words() -> None:
    assert i18n.ngettext("{n} layer", "{n} layers", 1) == "1 layer" and i18n.ngettext("{n} layer", "{n} layers", 3) == "3 layers"
    assert i18n.number_words(1_000_000_000, "zh") == "10亿" and i18n.number_words(400_000, "zh") == "40万"
    assert i18n.number_words(163_000_000, "zh") == "1.63亿" and i18n.number_words(1_000_000_000, "en") == "1 billion"


def test_a_deferred_plural_keeps_both_forms_wherever_it_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    """``NN_``: the library's English takes the count's form; pickling, JSON and record fields keep both forms;
    the interface takes its language's form (Chinese has one) and escapes the values."""
    import json
    import pickle

    from explorer.errors import ExplorerError
    from explorer.i18n import NN_, Plural
    from explorer.notes import Note, fields, from_fields
    from explorer.viz.words import english

    skipped = NN_("{files} file could not be decoded as an image and was skipped.",
                  "{files} files could not be decoded as images and were skipped.", "files")
    one, three = Note(skipped, files=1), Note(skipped, files=3)
    assert (str(one), str(three)) == ("1 file could not be decoded as an image and was skipped.",
                                      "3 files could not be decoded as images and were skipped.")
    for note in (one, three):
        for back in (pickle.loads(pickle.dumps(note)), Note.from_json(json.loads(json.dumps(note.to_json()))),
                     from_fields(json.loads(json.dumps(fields("message", note))), "message")):
            assert back == note and isinstance(back.template, Plural) and back.template.plural == skipped.plural
    err = pickle.loads(pickle.dumps(ExplorerError(skipped, files=2)))
    assert str(err) == "2 files could not be decoded as images and were skipped." and err.template.count == "files"
    assert english(NN_("{n} layer", "{n} layers"), n=1) == "1 layer" and english(NN_("{n} layer", "{n} layers"), n=2) == "2 layers"

    assert i18n.translate(skipped, "zh", files=1) == i18n.translate(skipped, "zh", files=4).replace("4", "1")
    assert i18n.translate(skipped, "zh", files=4) == "有 4 个文件无法解码为图像，已跳过。"
    assert i18n.translate(skipped, "en", files=1) == str(one)
    monkeypatch.setattr(i18n, "lang", lambda: "zh")
    assert i18n.note_text(three) == "有 3 个文件无法解码为图像，已跳过。" and i18n.error_text(err) == "有 2 个文件无法解码为图像，已跳过。"
    assert i18n.ngettext("{n} layer", "{n} layers", 1) == "1 层" == i18n.ngettext("{n} layer", "{n} layers", 1, n=1)
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    shown = i18n.note_text(Note(NN_("{name} has {n} layer", "{name} has {n} layers"), name="[x](https://e.example)", n=2))
    assert shown == "[x\\](https:\u2060//e.example) has 2 layers", "the values escaped (no link), the plural's English form"


def test_the_language_is_the_session_s_not_the_process_s() -> None:
    """No gettext.install: two students on one server may read two languages."""
    assert "_" not in builtins.__dict__ or builtins.__dict__["_"] is not i18n._
    assert "gettext.install(" not in (ROOT / "ui" / "i18n.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_book_numbers_in_the_texts_are_the_computed_ones(lang: str) -> None:
    """Fixed numbers written into sentences agree with the labs' computations."""
    text = i18n.translate("Book 001 says the module outputs 32×32×256, counting the pool branch as 32 channels deep. A max pool keeps its input's depth: 200, so the concatenation is 64 + 128 + 32 + 200 = 424. The book's 256 needs a 32-filter 1×1 convolution after the pool — which is exactly what the module with dimension reduction adds.", lang)
    assert "424" in text and "256" in text
    assert "258" in i18n.translate("Book 002 says 128×128×3 becomes 256×256×1, but its own Eq. 6.3 gives 2·(128 − 1) + 6 − 2·1 = 258 (PyTorch's ConvTranspose2d(3, 1, 6, stride=2, padding=1) gives 258 too). 256 needs f = 4, p = 1 or f = 6, p = 2.", lang)
    assert "1,179,648" in i18n.translate("Book 004: 3×3×256×256×2 = 1,179,648 against 69,632, a 94.1 % reduction.", lang) and "69,632" in i18n.translate("Book 004: 3×3×256×256×2 = 1,179,648 against 69,632, a 94.1 % reduction.", lang)
    assert "94.1" in i18n.translate("Book 004: 3×3×256×256×2 = 1,179,648 against 69,632, a 94.1 % reduction.", lang)
    assert "16,384,000" in i18n.translate("At the book's inputs (200 channels, a reduction to 16): 3,276,800 + 13,107,200 = 16,384,000 ≈ 16.4 million: the book's \"16.3 million\" is truncated, not rounded. Its printed formula is garbled; it should read (32×32×200)×(1×1×16) + (32×32×16)×(5×5×32).", lang)
    assert "65,536" in i18n.translate("Book 000: \"a 2×2 pool with stride 2 reduces the pixel data by 75 %\". The size follows book 002's Eq. 6.2; the depth does not change. Book 000's walk-through: 16 maps of 64×64 = 65,536 values become 16 × 32 × 32 = 16,384.", lang) and "16,384" in i18n.translate("Book 000: \"a 2×2 pool with stride 2 reduces the pixel data by 75 %\". The size follows book 002's Eq. 6.2; the depth does not change. Book 000's walk-through: 16 maps of 64×64 = 65,536 values become 16 × 32 × 32 = 16,384.", lang)

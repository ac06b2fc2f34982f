"""The one catalogue: every key in both languages, the same placeholders, and every key the code asks for defined."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from explorer.analysis.formulas import QUANTITIES
from explorer.labs import conv, counting, dense, inception, topk
from ui import i18n
from ui.learn import LABS
from ui.views import quantity_key
from ui.widgets import GROUP_LABELS

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"""\bt\(\s*(["'])([^"']+)\1""")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def test_every_key_has_both_languages() -> None:
    missing = [k for k, v in i18n.CATALOGUE.items() if set(v) != set(i18n.LANGS) or not all(v[lang].strip() for lang in i18n.LANGS)]
    assert not missing, f"keys without an English and a Chinese string: {missing}"


def test_no_key_is_defined_twice() -> None:
    seen: dict[str, str] = {}
    for part in i18n.PARTS:
        for key in part.STRINGS:
            assert key not in seen, f"{key} is in {seen.get(key)} and {part.__name__}"
            seen[key] = part.__name__


def test_placeholders_agree() -> None:
    wrong = [k for k, v in i18n.CATALOGUE.items() if _fields(v["en"]) != _fields(v["zh"])]
    assert not wrong, f"placeholders differ between the languages: {wrong}"


def test_english_is_english() -> None:
    assert not [k for k, v in i18n.CATALOGUE.items() if CJK.search(v["en"])]


def _sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]


def test_every_literal_key_the_code_reads_is_in_the_catalogue() -> None:
    """Scan app.py, pages/ and ui/ for t("…") calls with a literal key."""
    used: dict[str, str] = {}
    for path in _sources():
        for m in CALL.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(m.group(2), str(path.relative_to(ROOT)))
    assert len(used) > 300, "the scan finds the pages' keys"
    unknown = {k: where for k, where in used.items() if k not in i18n.CATALOGUE}
    assert not unknown, f"t() called with keys missing from the catalogue: {unknown}"


def _dynamic_keys() -> list[str]:
    """Keys built at run time (from a lab's declared data, a record's key, a choice)."""
    keys = [quantity_key(q) for q in QUANTITIES] + list(GROUP_LABELS.values())
    for lab in LABS.values():
        keys += [lab.title, lab.intro] + [s.title for s in lab.steps]
        keys += [p.label or f"lab.{lab.id}.{p.name}" for p in lab.params if p.widget != "state"]
    keys += [f"lab.conv.kernel.{k}" for k in conv.KERNELS]
    for prefix, figures in (("lab.conv.ex", conv.SIZE_EXAMPLES), ("lab.dense.ex", dense.BOOK_DENSE), ("lab.inception.ex", inception.BOOK_FIGURES)):
        keys += [f"{prefix}.{f.key}" for f in figures] + [f"{prefix}.{f.key}.why" for f in figures if f.erratum]
    keys += [f"lab.residual.kind.{k}" for k in LABS["residual"].param("kind").choices]
    keys += [f"lab.degrade.{s}" for s in ("none", "identity")]
    keys += [f"lab.topk.class.{c}" for c, _ in topk.BOOK_SCORES] + ["lab.topk.book_cat", "lab.topk.book_horse"]
    keys += [f"lab.counts.how.{k}" for k in ("torchvision", "book_pytorch", "keras")]
    keys += [f"lab.counts.stride.{v}" for v in ("v1", "v1_5")]
    keys += ["card.macs.help", "card.flops.help"]
    assert set(counting.PAPER_FLOPS)
    return keys


def test_every_dynamic_key_is_in_the_catalogue() -> None:
    missing = [k for k in _dynamic_keys() if k not in i18n.CATALOGUE]
    assert not missing, f"keys built at run time but missing from the catalogue: {missing}"


def test_text_formats_and_falls_back() -> None:
    assert i18n.text("learn.step_of", "en", i=2, n=4) == "step 2 of 4"
    assert i18n.text("learn.step_of", "zh", i=2, n=4) == "第 2 步，共 4 步"
    assert i18n.text("no.such.key", "zh") == "no.such.key"  # visible, never a crash
    assert i18n.text("nav.learn", "xx") == "Learn"  # an unknown language reads English


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_book_numbers_in_the_texts_are_the_computed_ones(lang: str) -> None:
    """Fixed numbers written into sentences agree with the labs' computations."""
    text = i18n.text("lab.inception.ex.naive_depth.why", lang)
    assert "424" in text and "256" in text
    assert "258" in i18n.text("lab.conv.ex.transposed_128.why", lang)
    assert "1,179,648" in i18n.text("lab.residual.book_blocks", lang) and "69,632" in i18n.text("lab.residual.book_blocks", lang)
    assert "94.1" in i18n.text("lab.residual.book_blocks", lang)
    assert "16,384,000" in i18n.text("lab.inception.truncated", lang)
    assert "65,536" in i18n.text("lab.pool.s2.text", lang) and "16,384" in i18n.text("lab.pool.s2.text", lang)


def test_no_key_is_written_twice_in_a_catalogue_file() -> None:
    """A dict literal keeps the last of two equal keys silently; a second entry is almost always a slip."""
    import ast

    for path in sorted((ROOT / "ui").glob("catalogue*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str) and "." in k.value]
                twice = sorted({k for k in keys if keys.count(k) > 1})
                assert not twice, f"{path.name} defines {twice} twice"

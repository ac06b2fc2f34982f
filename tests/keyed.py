"""Reading explorer/ for the constructions of keyed sentences (errors, notes): shared by the key tests."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Call:
    """One construction ``Name(...)`` found in explorer/."""

    where: str  # path:line
    name: str
    node: ast.Call
    key: str | None  # None: no key=, or not a non-empty string constant
    keywords: dict[str, ast.expr]  # the plain keywords but key
    star: bool  # a ``**mapping`` among the keywords


def calls(names: set[str] | frozenset[str], *, skip: tuple[str, ...] = ()) -> Iterator[Call]:
    """Every call of one of ``names`` (as ``Name(...)`` or ``module.Name(...)``) in explorer/, files in ``skip`` left out."""
    for path in sorted((ROOT / "explorer").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if rel in skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name not in names:
                continue
            kw = {k.arg: k.value for k in node.keywords if k.arg is not None}
            key = kw.pop("key", None)
            key = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value else None
            yield Call(f"{rel}:{node.lineno}", name, node, key, kw, any(k.arg is None for k in node.keywords))


def fields(s: str) -> set[str]:
    """The ``{placeholders}`` of a catalogue string."""
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def unfilled(entries: dict[str, dict[str, str]], prefix: str, sites: list) -> list[str]:
    """Placeholders of ``prefix + site.key`` entries that a site does not pass (``site.names``): formatting would fail."""
    out = []
    for s in sites:
        for lang, text in entries.get(f"{prefix}{s.key}", {}).items():
            extra = fields(text) - s.names
            if extra:
                out.append(f"{s.where}: {prefix}{s.key} [{lang}] uses {sorted(extra)}, the site passes {sorted(s.names)}")
    return out

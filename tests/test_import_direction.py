"""Imports run one way: zoo → analysis → inside/training → viz → ui → pages (STYLE.md, "Shape of the project").

Read from the source with ``ast`` (every ``import``, also inside functions), not by importing anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each layer may import its own and lower layers only.
RANK = {"explorer.zoo": 0, "explorer.analysis": 1, "explorer.inside": 2, "explorer.training": 2, "explorer.viz": 3,
        "ui": 4, "pages": 5}


def _layer(module: str) -> str | None:
    return next((p for p in RANK if module == p or module.startswith(p + ".")), None)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]  # from explorer import analysis
    return found


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


FILES = sorted(p for d in ("explorer", "ui", "pages") for p in (ROOT / d).rglob("*.py"))


@pytest.mark.parametrize("path", [p for p in FILES if _layer(_module_of(p))], ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_one_way(path: Path) -> None:
    own = _layer(_module_of(path))
    upward = sorted({m for m in _imports(path) if (layer := _layer(m)) and RANK[layer] > RANK[own]})
    assert not upward, f"{own} must not import {upward}"


def test_the_library_never_imports_the_app() -> None:
    for path in (ROOT / "explorer").rglob("*.py"):
        bad = [m for m in _imports(path) if m.split(".")[0] in ("streamlit", "ui", "pages")]
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_the_zoo_does_not_import_the_analysis() -> None:
    """The zoo is the bottom layer: the analysis reads architectures, never the other way round."""
    offenders = {
        str(p.relative_to(ROOT)): [m for m in _imports(p) if m.startswith("explorer.analysis")]
        for p in (ROOT / "explorer" / "zoo").rglob("*.py")
    }
    assert not {k: v for k, v in offenders.items() if v}

"""Import, once and in one thread, everything the pages import, before any page runs.

Streamlit runs each browser session's script in its own thread. When a class opens the app at once after a
start, thirty threads import pandas, plotly, torch and the project's modules at the same moment, and Python's
deadlock avoidance between their import locks hands some of them a partially initialised module
("partially initialized module 'pandas' has no attribute 'Series'", "cannot import name 'viz' from
'explorer'": found by bench/classroom.py). ``app.py`` imports this module first: the first session imports
the lot while every other one waits on this module's import lock, holding no other.

What to import is read from the pages themselves (their top-level imports), so a new page needs nothing here.

Then the imported objects are frozen (``gc.freeze``). With PyTorch, pandas and plotly loaded, a full garbage
collection walks ~270,000 objects, ~120 ms of the one interpreter lock; Streamlit ran one after every script run
(``runner.postScriptGC``, now off in ``.streamlit/config.toml``), and Python's own collector still runs them as
objects accumulate. Frozen objects are never walked again (modules and functions are never garbage anyway).
"""

from __future__ import annotations

import ast
import gc
import importlib
from pathlib import Path

# torch._dynamo: PyTorch imports it on the first meta operation it decomposes (~1 s, in someone's rerun).
HEAVY = ("numpy", "pandas", "plotly.graph_objects", "PIL.Image", "torch", "torch._dynamo", "torchinfo")


def _page_imports() -> list[str]:
    names: list[str] = []
    for page in sorted((Path(__file__).resolve().parent.parent / "pages").glob("*.py")):
        for node in ast.parse(page.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
                names += [f"{node.module}.{a.name}" for a in node.names]  # `from ui import inside`: a submodule
    return names


def preload() -> None:
    for name in (*HEAVY, *_page_imports()):
        try:
            importlib.import_module(name)
        except ImportError:  # `from ui.i18n import t` names a function, not a module: nothing more to import
            pass
    gc.collect()
    gc.freeze()


preload()

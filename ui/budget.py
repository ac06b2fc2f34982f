"""The work budget in the app: what Inside and Train would refuse, asked once per configuration (cached).

The checks themselves are :func:`explorer.analysis.budget.check`, on the
analysis (meta tensors: free). Finding what fits analyses a few more sizes,
hence the cache; the errors are cached as they are (they pickle with their key
and values) and said in the language of the page that shows them.
"""

from __future__ import annotations

import streamlit as st

from explorer.analysis import analyze, budget
from explorer.errors import ExplorerError
from explorer.settings import Settings, settings
from ui.urlstate import ModelConfig


@st.cache_data(max_entries=64, show_spinner=False)
def _problem(arch: str, hp: tuple, shape: tuple[int, int, int], purpose: str, batch: int, limits: Settings) -> ExplorerError | None:
    """Keyed by the limits too: an operator's reload (or a test's) is not answered from the cache."""
    try:
        budget.check(analyze(arch, input_shape=shape, **dict(hp)), purpose=purpose, batch=batch, limits=limits)  # type: ignore[arg-type]
    except ExplorerError as err:
        return err
    return None


def inside_problem(cfg: ModelConfig) -> ExplorerError | None:
    """Why Inside would refuse ``cfg`` (real weights, every feature map and a backward pass for one image), or None."""
    return _problem(cfg.arch, cfg.hp, cfg.shape(), "inside", 1, settings())


def train_problem(cfg: ModelConfig, batch: int) -> ExplorerError | None:
    """Why training ``cfg`` with ``batch`` (and Adam) would be refused, or None."""
    return _problem(cfg.arch, cfg.hp, cfg.shape(), "train", int(batch), settings())


def problems(cfg: ModelConfig, batch: int) -> list[tuple[str, ExplorerError]]:
    """("inside" | "train", reason) for each page that would refuse ``cfg``: the Architecture page says so ahead."""
    out: list[tuple[str, ExplorerError]] = []
    for kind, problem in (("inside", inside_problem(cfg)), ("train", train_problem(cfg, batch))):
        if problem is not None:
            out.append((kind, problem))
    return out

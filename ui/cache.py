"""Cached wrappers around the library, keyed by frozen configurations.

Reports depend only on (architecture, hyperparameters, input shape), so they
are cached across users of one server; entries are bounded so that switching
architectures all class long does not grow memory without bound.
"""

from __future__ import annotations

import streamlit as st

from explorer.analysis import Report, analyze
from explorer.analysis.reference import torchinfo_summary
from ui.urlstate import ModelConfig


@st.cache_data(max_entries=64, show_spinner=False)
def _report(arch: str, hp: tuple, shape: tuple[int, int, int]) -> Report:
    return analyze(arch, input_shape=shape, **dict(hp))


def report(cfg: ModelConfig) -> Report:
    """The analysis of ``cfg`` (raises ExplorerError for inputs the model cannot take)."""
    return _report(cfg.arch, cfg.hp, cfg.shape())


@st.cache_data(max_entries=16, show_spinner=False)  # the page shows a spinner in its language
def _torchinfo(arch: str, hp: tuple, shape: tuple[int, int, int]) -> str:
    return torchinfo_summary(arch, input_shape=shape, **dict(hp))


def torchinfo_text(cfg: ModelConfig) -> str:
    return _torchinfo(cfg.arch, cfg.hp, cfg.shape())

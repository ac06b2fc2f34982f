"""Session-state keys and the URL ↔ session synchronisation, in one place.

The chosen model lives in three places kept in step:

* ``st.session_state[MODEL]``: the canonical :class:`ModelConfig`, which
  survives page switches (widget keys of pages not shown are dropped);
* the widget keys below, read by the sidebar controls;
* the URL query string, so a link or a refresh shows the same thing. Streamlit
  clears the query string when the page changes; each page writes it back.

When the URL differs from what the app last wrote, the user came from a link,
a refresh, or back/forward: the URL wins and is loaded into the widgets.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from explorer.errors import ExplorerError
from explorer.zoo import get
from ui.urlstate import INPUT_HPARAMS, ModelConfig, from_query, to_query

# --- keys ---------------------------------------------------------------------------------
MODEL = "model_cfg"
URL_SEEN = "_url_seen"
ARCH = "w:arch"
GROUP = "w:group"
INPUT = ("w:in_c", "w:in_h", "w:in_w")
BATCH = "w:batch"
KERAS = "w:keras"
FLOPS = "w:flops"
DEPTH = "w:depth"
SEARCH = "w:search"
TAB = "tab"  # the Architecture page's open tab, bound to the URL
COMPARE = "cmp_cfgs"  # list[ModelConfig] of the compare page
DEFAULT_ARCH = "vgg16"


def hp_key(arch: str, name: str, prefix: str = "") -> str:
    return f"{prefix}hp:{arch}:{name}"


def model() -> ModelConfig:
    """The current model configuration (default: VGG-16)."""
    if MODEL not in st.session_state:
        st.session_state[MODEL] = ModelConfig.make(DEFAULT_ARCH)
    return st.session_state[MODEL]


def set_model(cfg: ModelConfig, *, prefix: str = "") -> None:
    """Make ``cfg`` current and show it in the widgets (of the controls with ``prefix``)."""
    if not prefix:
        st.session_state[MODEL] = cfg
    arch = get(cfg.arch)
    st.session_state[prefix + ARCH] = cfg.arch
    st.session_state[prefix + GROUP] = arch.group
    values = {**arch.defaults(), **cfg.hp_dict}
    for h in arch.hparams:
        if h.name not in INPUT_HPARAMS:
            st.session_state[hp_key(cfg.arch, h.name, prefix)] = values[h.name]
    for key, v in zip(INPUT, cfg.shape()):
        st.session_state[prefix + key] = v


def load_url() -> str | None:
    """Load the URL's model into the session when the URL changed from outside.

    Returns:
        A message to show when the link could not be read, else None.
    """
    q = st.query_params.to_dict()
    if q == st.session_state.get(URL_SEEN):
        return None
    st.session_state[URL_SEEN] = q
    try:
        cfg = from_query(q)
    except ExplorerError as err:
        return f"This link's settings could not be used: {err} Showing the last valid settings instead."
    if cfg is not None:
        set_model(cfg)
    return None


def write_url(query: dict[str, str], *, keep: tuple[str, ...] = ()) -> None:
    """Put ``query`` (plus the current values of ``keep`` keys) in the address bar."""
    current = st.query_params.to_dict()
    full = {**{k: current[k] for k in keep if k in current}, **query}
    if current != full:
        st.query_params.from_dict(full)
    st.session_state[URL_SEEN] = full


def write_model_url(cfg: ModelConfig, *, keep: tuple[str, ...] = ()) -> None:
    write_url(to_query(cfg), keep=keep)


def ensure(key: str, value: Any) -> None:
    """Give widget ``key`` an initial value unless it has one."""
    if key not in st.session_state:
        st.session_state[key] = value

# --- Inside page keys (pages/inside.py) -----------------------------------------------------

# --- Train page keys (pages/train.py) -------------------------------------------------------

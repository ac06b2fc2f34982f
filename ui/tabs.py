"""Lazy tabs with translated labels: only the open tab runs, and the choice survives a language switch.

``st.tabs(..., on_change="rerun")`` tracks the open tab by its *label*; a label
in the other language is no tab at all after a switch, and a URL holding a
label would not open in the other language. Here each tab has a stable id:
the session and the URL (``?tab=charts``) hold the id, the widget gets the
label in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui import urlsync
from ui.i18n import _, LANGS, translate


def lazy_tabs(ids: Sequence[str], *, key: str, labels: Mapping[str, str], url_param: str | None = None) -> dict[str, DeltaGenerator]:
    """Draw tabs labelled ``_(labels[id])``; return ``{id: container}`` where only the open one has ``.open``.

    Args:
        ids: the tabs' stable ids, the first one open by default.
        key: widget key (its session value is the open tab's label).
        labels: each id's label, a message marked ``N_("…")``.
        url_param: query parameter that holds the open tab's id (omitted for the
            first tab), so a shared link opens on the same tab; None keeps it out
            of the URL.
    """
    by_label = {translate(labels[i], lang): i for i in ids for lang in LANGS}
    wanted = by_label.get(st.session_state.get(key, ""), ids[0])
    if url_param is not None and urlsync.changed(f"tabs:{key}"):  # a link, a refresh, back/forward
        in_url = st.query_params.get(url_param)
        wanted = in_url if in_url in ids else ids[0]
    st.session_state[key] = _(labels[wanted])
    containers = st.tabs([_(labels[i]) for i in ids], key=key, on_change="rerun")
    if url_param is not None:
        urlsync.put(url_param, None if wanted == ids[0] else wanted)
    return dict(zip(ids, containers))

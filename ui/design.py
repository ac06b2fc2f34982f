"""The Design page's pieces: keys, the editor's text kept in step with the model and the URL, the live analysis.

The spec is data from a browser (typed, uploaded, or in a link): it is only
ever parsed by :func:`explorer.zoo.design.parse` (safe YAML) and analysed on
meta tensors; the message of a mistake is escaped like every library error
(:func:`ui.i18n.error_text`). The current design is the current model
(``ModelConfig("design", spec=<token>)``), so every other page shows it, and
its URL is the usual model URL (``?arch=design&spec=z1.…``), read through
:func:`ui.urlstate.read_link` like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explorer.analysis import Report, analyze
from explorer.errors import ExplorerError
from explorer.settings import Settings, settings
from explorer.zoo import design, get
from explorer.zoo.design_build import resolve
from explorer.zoo.hparams import HParam
from ui import state
from ui.i18n import _, error_text
from ui.urlstate import ModelConfig

# --- keys ---------------------------------------------------------------------------------
TEXT = "w:design:text"  # the editor
DRAFT = "design_draft"  # the editor's text, kept across page switches (widget keys are dropped)
SYNCED = "design_synced"  # the spec token last taken from (or given to) the current model
FROM = "w:design:from"  # "edit a copy of" picker
UPLOAD = "w:design:upload"
UPLOAD_SEEN = "design_upload_seen"  # file id of the upload already loaded
COPY_ERROR = "design_copy_error"  # why the last "edit a copy" or upload could not be used (a message to show)
GO = "design_go"  # "edit a copy" was pressed on another page: open the Design page
ARCH = "design"


def default_token() -> str:
    return get(ARCH).defaults()["spec"]


def token_of(cfg: ModelConfig) -> str | None:
    """The spec token of ``cfg`` if it is a design, else None."""
    return cfg.hp_dict.get("spec", default_token()) if cfg.arch == ARCH else None


def sync_editor() -> None:
    """Before the editor is drawn: show the current model's design when it changed outside the page (a link,
    another page's picker), else the draft the person was typing."""
    token = token_of(state.model())
    if token is not None and token != st.session_state.get(SYNCED):
        text = design.text_of(token)
        st.session_state[TEXT] = st.session_state[DRAFT] = text
        st.session_state[SYNCED] = token
    elif TEXT not in st.session_state:
        st.session_state[TEXT] = st.session_state.get(DRAFT, design.EXAMPLE)


def set_text(text: str) -> None:
    """Put ``text`` in the editor (from a callback or before the editor is drawn)."""
    st.session_state[TEXT] = st.session_state[DRAFT] = text


@dataclass(frozen=True)
class Result:
    """What the live view shows: the model (config and report) or the mistake."""

    cfg: ModelConfig | None = None
    report: Report | None = None
    error: ExplorerError | None = None


@st.cache_data(max_entries=64, show_spinner=False)
def _analyse(text: str, limits: Settings) -> Result:
    """Parse, resolve (lines of mistakes), analyse on meta tensors: cached by text and the operator's limits."""
    try:
        spec = design.parse(text)
        shape = spec.input_shape or (3, 32, 32)
        resolve(spec, shape)
        cfg = ModelConfig.make(ARCH, {"spec": text}, shape)
        return Result(cfg, analyze(ARCH, input_shape=shape, **cfg.hp_dict))
    except ExplorerError as err:
        return Result(error=err)


def analyse(text: str) -> Result:
    return _analyse(text, settings())


def accept(result: Result) -> None:
    """A design that builds becomes the current model (so every page shows it) and goes into the URL."""
    st.session_state[DRAFT] = st.session_state.get(TEXT, "")
    if result.cfg is not None:
        token = token_of(result.cfg)
        if token != st.session_state.get(SYNCED) or state.model() != result.cfg:
            state.set_model(result.cfg)
            st.session_state[SYNCED] = token
        state.write_model_url(result.cfg)


def error_lines(text: str, line: int, *, around: int = 2) -> str:
    """The lines around ``line``, numbered, the line itself marked: shown as code under the message."""
    lines = text.splitlines()
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return "\n".join(f"{'→' if i == line else ' '} {i:>3} | {lines[i - 1]}" for i in range(lo, hi + 1))


def copyable() -> list[str]:
    """Architectures offered for "Edit a copy": those the spec can express (others say why when tried)."""
    from explorer.zoo import architectures

    return [a.name for a in architectures() if a.group != "design"]


def on_copy() -> None:
    """"Edit a copy" of the picked architecture (with the current model's values when it is the same one)."""
    name = st.session_state[FROM]
    cfg = state.model()
    hp, shape = (cfg.hp_dict, cfg.shape()) if cfg.arch == name else ({}, None)
    try:
        set_text(design.to_spec(name, hp, shape))
        st.session_state.pop(COPY_ERROR, None)
    except ExplorerError as err:
        st.session_state[COPY_ERROR] = error_text(err)


def edit_copy(cfg: ModelConfig) -> None:
    """The Architecture page's "Edit a copy" (a button's callback): the model as a spec, for the Design page."""
    try:
        text = design.to_spec(cfg.arch, cfg.hp_dict, cfg.shape())
    except ExplorerError as err:
        st.session_state[COPY_ERROR] = error_text(err)
        text = None
    if text is not None:
        set_text(text)
        st.session_state.pop(COPY_ERROR, None)
        st.session_state[SYNCED] = token_of(state.model())  # the editor's text wins over the current model
    st.session_state[GO] = True


def follow_edit_copy() -> None:
    """After :func:`edit_copy`: go to the Design page (``st.switch_page`` needs the script, not a callback)."""
    if st.session_state.pop(GO, False):
        st.switch_page("pages/design.py")


def load_upload() -> None:
    """A .yaml file dropped on the uploader replaces the editor's text (once per file)."""
    f = st.session_state.get(UPLOAD)
    if f is None or f.file_id == st.session_state.get(UPLOAD_SEEN):
        return
    st.session_state[UPLOAD_SEEN] = f.file_id
    data = f.getvalue()
    if len(data) > 4 * settings().design_max_chars:
        st.session_state[COPY_ERROR] = _("The uploaded file is too large for a design spec.")
        return
    try:
        set_text(data.decode("utf-8"))
        st.session_state.pop(COPY_ERROR, None)
    except UnicodeDecodeError:
        st.session_state[COPY_ERROR] = _("The uploaded file is not UTF-8 text: save the spec as plain text.")


def file_stem(text: str) -> str:
    """A safe file name from the spec's name (letters, digits, _ and -), for the downloads."""
    try:
        name = design.parse(text).name
    except ExplorerError:
        name = "design"
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "_" for c in name).strip("_")[:60]
    return stem or "design"


def spec_widget(h: HParam, key: str) -> str:
    """On other pages' model controls: a design's spec is edited on the Design page (a link), not in a text box."""
    state.ensure(key, h.default)
    st.page_link("pages/design.py", label=_("Edit the spec on the Design page"), icon=":material/edit:")
    return st.session_state[key]


def show_error(err: ExplorerError, text: str) -> None:
    st.error(error_text(err), icon="⚠️")
    line = getattr(err, "line", 0)
    if line:
        st.code(error_lines(text, line), language=None)

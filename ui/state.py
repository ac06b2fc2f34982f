"""Session-state keys, and the page's model kept in step with its URL.

The chosen model lives in three places kept in step:

* ``st.session_state[MODEL]``: the canonical :class:`ModelConfig`, which
  survives page switches (widget keys of pages not shown are dropped);
* the widget keys below, read by the sidebar controls;
* the URL query string, so a link or a refresh shows the same thing. Streamlit
  clears the query string when the page changes; each page writes it back.

When the URL changed from outside (a link, a refresh, back/forward), the URL
wins and is loaded into the widgets; :mod:`ui.urlsync` tells the two apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from explorer.settings import settings
from explorer.zoo import get
from ui import i18n, urlsync
from ui.i18n import LANG, LANG_WIDGET, LANG_WIDGET_MAIN, lang_query  # noqa: F401 - the language's keys, listed here with the others
from ui.urlstate import INPUT_HPARAMS, ModelConfig, Problem, Value, read_link, to_query

# --- keys ---------------------------------------------------------------------------------
MODEL = "model_cfg"
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


def arch_values() -> tuple[Value, ...]:
    """The Architecture page's own values in its URL: ``?batch=8&flops=1&keras=1&tab=charts``."""
    return (
        Value("batch", int, 1, 1, settings().max_batch),
        Value("flops", bool, False),
        Value("keras", bool, False),
        Value(TAB, str, "layers", choices=("layers", "charts", "torchinfo")),  # ui.tabs.lazy_tabs applies it
    )


ARCH_VALUE_KEYS = {"batch": BATCH, "flops": FLOPS, "keras": KERAS}  # URL parameter -> widget key


def load_url(values: Iterable[Value] = (), *, keys: Mapping[str, str] = {}) -> str | None:
    """Load the URL's model (and the page's ``values``, into widgets ``keys``) when the URL changed from outside.

    Every part of the link that can be used is applied, even when another part
    cannot: a bad value keeps its default, an unknown architecture keeps the
    current one (see :func:`ui.urlstate.read_link`).

    Returns:
        A message naming what could not be used and what is allowed, else None.
    """
    if not urlsync.changed():
        return None
    q = st.query_params.to_dict()
    values = tuple(values)
    link = read_link(q, prefixes=("",), fallback=model().arch, values=values)
    cfg = link.models[0]
    if cfg is not None:
        set_model(cfg)
    for v in values:
        if v.name in keys and (v.name in link.values or cfg is not None):  # a link naming a model says all that is on screen
            st.session_state[keys[v.name]] = link.values.get(v.name, v.default)
    return link_message(link.problems)


def link_message(problems: Iterable[Problem]) -> str | None:
    """One message listing what could not be used of a link, in the interface's language; None when all was fine."""
    return i18n.link_message(problems)


def accept_model(chosen: ModelConfig | str, url_problem: str | None, *, stop: bool = True) -> ModelConfig | None:
    """Show what went wrong (a bad link, an invalid configuration) and keep a valid model as the current one.

    Returns the model, or None for an invalid one (after ``st.stop()`` unless ``stop=False``).
    """
    if url_problem:
        st.warning(url_problem)
    if isinstance(chosen, str):
        st.error(chosen, icon="⚠️")
        if stop:
            st.stop()
        return None
    st.session_state[MODEL] = chosen
    return chosen


def write_url(query: dict[str, str], *, keep: tuple[str, ...] = ()) -> None:
    """Put ``query`` (plus the current values of ``keep`` keys) in the address bar."""
    current = st.query_params.to_dict()
    urlsync.write({**{k: current[k] for k in keep if k in current}, **query, **lang_query()})


def write_model_url(cfg: ModelConfig, *, keep: tuple[str, ...] = (), values: Mapping[Value, Any] = {}) -> None:
    """The model's URL, plus the page's ``values`` that differ from their defaults."""
    extra = {v.name: v.to_text(x) for v, x in values.items() if x != v.default}
    write_url({**to_query(cfg), **extra}, keep=keep)


def ensure(key: str, value: Any) -> None:
    """Give widget ``key`` an initial value unless it has one."""
    if key not in st.session_state:
        st.session_state[key] = value

# --- Inside page keys (pages/inside.py) -----------------------------------------------------
IN_WEIGHTS = "w:in:weights"  # "random" | "run" | "checkpoint"
IN_SEED = "w:in:seed"
IN_RUN = "w:in:run"  # run id
IN_RUN_FILE = "w:in:run_file"  # "final" | "best"
IN_CKPT_MODE = "w:in:ckpt_mode"  # "download" | "upload" | "path"
IN_CKPT_UPLOAD = "w:in:ckpt_upload"
IN_CKPT_PATH = "w:in:ckpt_path"
IN_IMAGE_SOURCE = "w:in:image_source"  # "sample" | "upload" | "camera"
IN_SAMPLE = "w:in:sample"
IN_VAL_IMAGE = "w:in:val_image"  # queue: which of a trained run's validation images
IN_UPLOAD = "w:in:upload"
IN_CAMERA = "w:in:camera"
IN_LAYER = "w:in:layer"  # record index of the layer shown
IN_WALK = "w:in:walk"  # the walk slider (record index of a walk step)
IN_LAYER_KEPT = "in_layer_kept"  # ((architecture, hyperparameters), record index): survives runs that stop before the layer widgets
IN_VIEW = "w:in:view"  # the tab shown
IN_SORT = "w:in:sort"
IN_CMAP = "w:in:cmap"
IN_PER_CHANNEL = "w:in:per_channel"
IN_PAGE = "w:in:page"
IN_UNIT = ("w:in:unit_c", "w:in:unit_i", "w:in:unit_j")
IN_ERF_ALL = "w:in:erf_all"
IN_PICK = "w:in:pick"  # the clickable feature map (its selection)
IN_PICK_SEEN = "in_pick_seen"
IN_CLASS = "w:in:class"
IN_TARGET = "w:in:target"
IN_CONV = "w:in:conv"
IN_FILTER_OUT = "w:in:filter_out"
IN_HIST = "w:in:hist"
IN_CKPT_DIGEST = "in_ckpt_digest"  # (upload file id, sha256) so a large upload is hashed once
IN_DOWNLOAD = "in_download"  # the running DownloadJob of this session
IN_RUN_LINKED = "in_run_linked"  # the run a link (?run=<id>) asked for
IN_RUN_APPLY = "in_run_apply"  # a run whose model config is to be shown before the widgets are drawn
IN_RUN_MISSING = "in_run_missing"  # a ?run= id that is not among the runs (shown as a message; no run opens)

# --- Train page keys (pages/train.py) -------------------------------------------------------
TRAIN_RUN = "train_run"  # id of the run shown on the Train page; also ?run=<id> in the URL
TRAIN_RUN_PARAM = "run"
TRAIN_SETTINGS = "train_settings"  # the last settings (dict), restored after a page switch
TRAIN_ZIP_PATH = "train_zip_path"  # where the uploaded zip was saved
TRAIN_ERROR = "train_error"  # why the last Train press started nothing
TRAIN_DATASET = "w:train:dataset"
TRAIN_ZIP = "w:train:zip"
TRAIN_SIZE = "w:train:train_size"
TRAIN_SPLIT = "w:train:split"
TRAIN_SCHEDULE = "w:train:schedule"
TRAIN_OPTIMIZER = "w:train:optimizer"
TRAIN_LR = "w:train:lr"
TRAIN_MOMENTUM = "w:train:momentum"
TRAIN_WEIGHT_DECAY = "w:train:weight_decay"
TRAIN_BATCH = "w:train:batch"
TRAIN_EPOCHS = "w:train:epochs"
TRAIN_STEPS = "w:train:steps"  # stop after this many steps (0: all the epochs)
TRAIN_AUGMENT = "w:train:augment"
TRAIN_SEED = "w:train:seed"
TRAIN_DEVICE = "w:train:device"
TRAIN_AMP = "w:train:amp"
TRAIN_START = "w:train:start"
TRAIN_PRESSED = "train_pressed"  # queue: Train was pressed; acted on once the settings are checked
TRAIN_STOP = "w:train:stop"
TRAIN_RESUME = "w:train:resume"
TRAIN_FIT_INPUT = "w:train:fit_input"
TRAIN_PICK = "w:train:pick"  # the run shown, picked from the runs list
TRAIN_COMPARE = "w:train:compare"  # runs overlaid
TRAIN_OVERLAY = "w:train:overlay"  # the metric overlaid

# --- Learn page keys (pages/learn.py, ui/learn/, ui/i18n.py) ----------------------------------
# LANG (the interface language), LANG_WIDGET, LANG_WIDGET_MAIN: named in ui/i18n.py, imported above.
LEARN_LAB = "w:lab"  # the lab chooser (widget)
LEARN_CURRENT = "learn_lab"  # the lab shown (canonical; a link or the chooser sets it)
LEARN_PRESENT = "learn_present"  # presentation mode on/off
LEARN_STEP = "learn_step"  # {lab id: step shown in presentation mode, from 0}
LEARN_VALUES = "learn_values"  # {lab id: {param: value}}: survives steps whose widgets are not drawn
LEARN_RESULTS = "learn_results"  # {lab id: result of a run the student started (lab 10's training)}
LEARN_PRESENT_BUTTON = "w:learn:present"
LEARN_PREV = "w:learn:prev"  # presentation mode's step buttons (← and →) and exit (Esc)
LEARN_NEXT = "w:learn:next"
LEARN_EXIT = "w:learn:exit"


def lab_key(lab: str, name: str) -> str:
    """Widget key of lab ``lab``'s control ``name``."""
    return f"w:lab:{lab}:{name}"


# --- people: who is signed in (ui/people.py, pages/teacher.py) --------------------------------
PERSON = "people_person"  # the explorer.classroom.Person of this session (None until signed in)
PERSON_SIGNED_OUT = "people_signed_out"  # signed out in this session: the cookie sent at its start no longer counts
PERSON_COOKIE_JS = "people_cookie_js"  # the cookie to write into the browser: ("set", token) or ("clear", "")
SIGN_IN_NAME = "w:people:name"
SIGN_IN_CODE = "w:people:code"
SIGN_IN_SECRET = "w:people:secret"
SIGN_IN_ERROR = "people_sign_in_error"
SIGN_OUT = "w:people:sign_out"
TRAIN_RENAME = "w:train:rename"  # the run's name, edited by its owner
TRAIN_DELETE = "w:train:delete"
TRAIN_DELETE_SURE = "w:train:delete_sure"
TEACHER_PICK = "w:teacher:pick"
TEACHER_CLEAR_SURE = "w:teacher:clear_sure"
TEACHER_MESSAGE = "teacher_message"  # what the last action on the class page did

# --- follow: the live lesson on the Learn page (ui/lesson.py) ----------------------------------
LESSON_APPLIED = "lesson_applied"  # (lesson id, version) a follower's page last took from the teacher
LESSON_LEFT = "lesson_left"  # the id of the lesson this student stopped following
LESSON_BEAT = "lesson_beat"  # when this follower last said it follows (time.time())
LESSON_ERROR = "lesson_error"  # what went wrong starting or ending the lesson (shown once)
LESSON_START = "w:lesson:start"
LESSON_END = "w:lesson:end"
LESSON_END_BAR = "w:lesson:end_bar"
LESSON_LEAVE = "w:lesson:leave"
LESSON_JOIN = "w:lesson:join"

"""The Train page's pieces: settings, the live panel (a polling fragment), results and the runs list.

Nothing here trains: a run is handed to the executor the operator configured
(:func:`explorer.training.executor.get`: worker processes on this machine, or a
Ray cluster), which trains it in another process, and everything shown is read back from the run's
folder. So a rerun, a refresh or a second tab shows the same run, and the
script thread never waits for training.

Words go through the catalogue (``ui/catalogue_train.py``). The library's
sentences (how the images are fitted to the model, the data notes, a run's
phase and how it ended) are notes that keep their key and values, in the run's
files too, and are shown with :func:`~ui.i18n.note_text`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from explorer import classroom
from explorer.errors import ExplorerError, without_tracebacks
from explorer.i18n import template_from_json
from explorer.notes import Note, from_fields
from explorer import settings as operator_settings
from explorer.training import datasets, estimate, executor, runs as store
from explorer.training.config import AUGMENTATIONS, OPTIMIZERS, TrainConfig
from explorer.training.schedules import RECIPES, SCHEDULES
from explorer.viz import training as figs
from explorer.zoo import architectures, get
from ui import people, state, urlsync, zoo_text
from ui.i18n import _, bound, DEFAULT, error_text, escape_md, keep_choice, lang, N_, note_text, NP_, Safe
from ui.urlstate import ModelConfig

# The messages of f"train.col.{c}", by c (from the keys of the old catalogue).
_TRAIN_COL = {
    "run": N_("run"),
    "status": N_("status"),
    "val_acc": N_("validation accuracy"),
    "id": N_("id"),
    "best": N_("best"),
    "steps": N_("steps"),
    "speed": N_("images/s"),
    "batch": N_("batch"),
    "schedule": N_("schedule"),
}

# The messages of f"train.end.{status}", by status (from the keys of the old catalogue).
_TRAIN_END = {
    "finished": N_("Finished."),
    "stopped": N_("Stopped."),
}

POLL_S = 1.0
SPLITS = {0.0: N_("the official test set (generated separately for embedded data)"), 0.1: N_("10 % of the training set"), 0.2: N_("20 % of the training set")}  # catalogue keys
STATUS_COLOURS = {"queued": "gray", "starting": "blue", "running": "blue", "finished": "green", "stopped": "orange",
                  "diverged": "red", "out_of_memory": "red", "failed": "red"}
DEFAULTS = TrainConfig()
ARCH_NAMES = frozenset(a.name for a in architectures())


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def library_labels(area: str, english: Mapping[Any, str]) -> Callable[[Any], str]:
    """A ``format_func`` for options the library labels in English: that English is the message id.

    A label without a translation yet (one just added to the library) shows in English.
    """
    tr = bound()
    return lambda v: tr(english[v]) if v in english else str(v)


def status_text(status: str | None) -> str:
    return library_labels("status", store.STATUS_TEXT)(status)


def run_label(run: store.Run) -> str:
    """The run's short name, its architecture's title in the interface's language."""
    language = lang()
    return run.label(lambda arch: zoo_text.title(get(arch), language) if arch in ARCH_NAMES else arch)


def badge(status: str) -> str:
    return f":{STATUS_COLOURS.get(status, 'gray')}-badge[{status_text(status)}]"


# --- the run shown --------------------------------------------------------------------------


def select_from_url() -> None:
    """``?run=<id>`` from a link, a refresh or back/forward selects that run; a URL without one keeps the run shown."""
    urlsync.from_url(state.TRAIN_RUN_PARAM, state.TRAIN_RUN)


def current_run() -> store.Run | None:
    """The run shown: the one picked or linked, if this person may see it; else, for a signed-in person
    coming back, their latest run."""
    who = people.person()
    run_id = st.session_state.get(state.TRAIN_RUN)
    if not run_id and not who.is_local and state.TRAIN_RUN not in st.session_state:
        latest = classroom.latest_own_run(who)
        st.session_state[state.TRAIN_RUN] = latest.id if latest is not None else None
        run_id = st.session_state[state.TRAIN_RUN]
    if not run_id:
        return None
    try:
        return classroom.find_run(who, run_id)
    except ExplorerError as err:
        st.warning(error_text(err))
        st.session_state.pop(state.TRAIN_RUN, None)
        return None


def _show(run_id: str | None) -> None:
    st.session_state[state.TRAIN_RUN] = run_id


# --- settings -------------------------------------------------------------------------------


def _apply_recipe() -> None:
    """Choosing a book's recipe sets its optimizer, learning rate, momentum and weight decay."""
    recipe = RECIPES.get(st.session_state[state.TRAIN_SCHEDULE])
    if recipe:
        st.session_state[state.TRAIN_OPTIMIZER] = recipe.optimizer
        st.session_state[state.TRAIN_LR] = recipe.lr
        st.session_state[state.TRAIN_MOMENTUM] = recipe.momentum
        st.session_state[state.TRAIN_WEIGHT_DECAY] = recipe.weight_decay


def _on_dataset() -> None:
    info = datasets.get_dataset(st.session_state[state.TRAIN_DATASET])
    st.session_state[state.TRAIN_AUGMENT] = info.augmentation
    st.session_state[state.TRAIN_SIZE] = info.train_size or 0


def _fit_input(shape: tuple[int, int, int]) -> None:
    for key, v in zip(state.INPUT, shape):
        st.session_state[key] = v


@st.cache_data(max_entries=128, show_spinner=False)
def _accepts(arch: str, hp: tuple, shape: tuple[int, int, int], n_classes: int) -> ExplorerError | None:
    """None when ``arch`` can be trained at ``shape``, else the reason (shown with :func:`error_text`)."""
    from explorer.training.engine import resolve_model

    try:
        resolve_model(TrainConfig(architecture=arch, hyperparameters=dict(hp), input_shape=shape), n_classes)
    except ExplorerError as err:
        return err  # errors pickle with their key and values (the cache keeps a copy)
    return None


def _upload() -> str | None:
    """The zip uploader; returns the saved zip's path when it holds usable class folders."""
    from explorer.training.folders import MAX_ZIP_BYTES

    up = st.file_uploader(_("A zip with one folder per class"), type=["zip"], key=state.TRAIN_ZIP, help=_("cats/1.jpg, cats/2.png, dogs/1.jpg, …  At most {mb} MB.", mb=MAX_ZIP_BYTES // 2**20))
    if up is None:
        return None
    saved = st.session_state.get(state.TRAIN_ZIP_PATH)
    if not saved or saved[0] != up.file_id:
        data = up.getvalue()
        folder = classroom.upload_folder(datasets.data_dir() / "uploads", people.person())  # each person's own
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}.zip"
        if not path.is_file():
            store.write_atomic(path, data)
        saved = (up.file_id, str(path))
        st.session_state[state.TRAIN_ZIP_PATH] = saved
    summary = _zip_summary(saved[1])
    if isinstance(summary, ExplorerError):
        st.error(error_text(summary), icon="⚠️")
        return None
    images, counts = summary
    st.caption(_("{images} images in {classes} classes: {counts}{more}.", images=f"{images:,}", classes=len(counts),
                 counts=", ".join(f"{name} {n}" for name, n in counts[:8]), more=" …" if len(counts) > 8 else ""))
    return saved[1]


@st.cache_data(max_entries=16, show_spinner=False)
def _zip_summary(path: str) -> tuple[int, list[tuple[str, int]]] | ExplorerError:
    """What the zip holds (images, and images per class), or why it cannot be used; its name is its content's hash."""
    from explorer.training.folders import inspect_zip

    try:
        listing = inspect_zip(path)
    except ExplorerError as err:
        return err  # errors pickle with their key and values (the cache keeps a copy)
    return len(listing.entries), list(listing.counts().items())


def _sentences(notes: list[Note]) -> str:
    """Notes in the current language, as one paragraph (Chinese sentences need no space between them)."""
    return Safe(("" if lang() == "zh" else " ").join(note_text(n) for n in notes))  # escaped already: not again in t()


def _adaptation(native: tuple[int, int, int] | None, target: tuple[int, int, int], short: str) -> str:
    """How the dataset's images are fitted to the model (:func:`datasets.describe_adaptation`); "" when they fit as they are."""
    return _sentences(datasets.describe_adaptation(native, target, name=short))


def settings(model: ModelConfig | None) -> TrainConfig | None:
    """The data and optimisation controls; the configuration they describe, or None (with the reason shown)."""
    saved: dict[str, Any] = st.session_state.get(state.TRAIN_SETTINGS) or {}
    st.subheader(_("Data"))
    state.ensure(state.TRAIN_DATASET, saved.get("dataset", DEFAULTS.dataset))
    for key in (state.TRAIN_DATASET, state.TRAIN_SCHEDULE, state.TRAIN_OPTIMIZER, state.TRAIN_SPLIT, state.TRAIN_AUGMENT,
                state.TRAIN_DEVICE):
        keep_choice(key)  # their labels are translated
    tr = bound()
    name = st.selectbox(_("Dataset"), list(datasets.DATASETS), key=state.TRAIN_DATASET, on_change=_on_dataset,
                        format_func=library_labels("dataset", {n: d.title for n, d in datasets.DATASETS.items()}))
    info = datasets.get_dataset(name)
    st.caption(_(info.source))
    zip_path = _upload() if info.kind == "folder" else None
    if info.kind == "standard":
        missing = datasets.missing_files(name)
        if missing:
            size = sum(f.size or 0 for f in info.files if f.name in missing)
            st.caption(_("Not in {folder} yet: pressing Train downloads it ({size} MB, checksums verified) when this machine is online.", folder=datasets.data_dir() / info.folder, size=f"{size / 2**20:.0f}"))

    problem = None
    if model is not None:
        shape = model.shape()
        classes = info.classes or ("?",) * 2
        short = info.title.split(" (")[0]
        adaptation = _adaptation(info.shape, shape, short)
        if adaptation:
            st.info(adaptation, icon=":material/transform:")
        if info.shape is not None and tuple(info.shape) != tuple(shape):
            if _accepts(model.arch, model.hp, tuple(info.shape), len(classes)) is None:
                st.button(_("Train at {shape}, the images' own size", shape="×".join(map(str, info.shape))), key=state.TRAIN_FIT_INPUT,
                          on_click=_fit_input, args=(tuple(info.shape),), width="stretch")
        n_cls = model.hp_dict.get("num_classes", get(model.arch).defaults().get("num_classes"))
        if info.classes and n_cls != len(info.classes):
            st.caption(_("num_classes is set to {n}, the dataset's number of classes (the sidebar says {sidebar}).", n=len(info.classes), sidebar=n_cls))
        problem = _accepts(model.arch, model.hp, tuple(shape), len(info.classes) or 2)
        if problem is None and info.shape is not None:
            try:
                datasets.check_channels(info.shape, tuple(shape), f"{short} images")
            except ExplorerError as err:
                problem = err

    st.subheader(_("Optimisation"))
    state.ensure(state.TRAIN_SCHEDULE, saved.get("schedule", DEFAULTS.schedule))
    state.ensure(state.TRAIN_OPTIMIZER, saved.get("optimizer", DEFAULTS.optimizer))
    state.ensure(state.TRAIN_LR, saved.get("lr", DEFAULTS.lr))
    state.ensure(state.TRAIN_MOMENTUM, saved.get("momentum", DEFAULTS.momentum))
    state.ensure(state.TRAIN_WEIGHT_DECAY, saved.get("weight_decay", DEFAULTS.weight_decay))
    state.ensure(state.TRAIN_BATCH, saved.get("batch_size", DEFAULTS.batch_size))
    state.ensure(state.TRAIN_EPOCHS, saved.get("epochs", DEFAULTS.epochs))
    schedule = st.selectbox(_("Learning-rate schedule"), list(SCHEDULES), key=state.TRAIN_SCHEDULE,
                            format_func=library_labels("schedule", SCHEDULES), on_change=_apply_recipe, help=_("The books' recipes also set the optimizer, learning rate and weight decay."))
    if schedule in RECIPES:
        st.caption(_("Recipe: {source}.", source=RECIPES[schedule].source))
    c1, c2 = st.columns(2)
    optimizer = c1.selectbox(_("Optimizer"), list(OPTIMIZERS), key=state.TRAIN_OPTIMIZER,
                             format_func=library_labels("optimizer", OPTIMIZERS))
    # No bounds in the browser: a box with bounds keeps a value out of range to itself (red) and the server
    # trains the previous one. Every value reaches TrainConfig.check, whose sentence is shown and disables Train.
    lr = c2.number_input(_("Learning rate"), step=1e-4, format="%g", key=state.TRAIN_LR)
    c1, c2 = st.columns(2)
    momentum = c1.number_input(_("Momentum"), step=0.05, format="%g", key=state.TRAIN_MOMENTUM,
                               disabled=optimizer != "sgd", help=_("SGD only."))
    weight_decay = c2.number_input(_("Weight decay"), step=1e-4, format="%g", key=state.TRAIN_WEIGHT_DECAY)
    c1, c2 = st.columns(2)
    batch = c1.number_input(_("Batch size"), step=16, key=state.TRAIN_BATCH)
    epochs = c2.number_input(_(NP_("train.epochs", "Epochs")), step=1, key=state.TRAIN_EPOCHS)

    with st.expander(_("Data size, augmentation, seed, device")):
        state.ensure(state.TRAIN_SIZE, saved.get("train_size") or info.train_size or 0)
        state.ensure(state.TRAIN_SPLIT, saved.get("val_fraction", 0.0))
        state.ensure(state.TRAIN_AUGMENT, saved.get("augmentation", info.augmentation))
        state.ensure(state.TRAIN_SEED, saved.get("seed", DEFAULTS.seed))
        state.ensure(state.TRAIN_DEVICE, saved.get("device", "auto"))
        state.ensure(state.TRAIN_AMP, saved.get("amp", True))
        state.ensure(state.TRAIN_STEPS, saved.get("max_steps") or 0)
        steps = st.number_input(_("Stop after this many steps (0: all the epochs)"), step=100, key=state.TRAIN_STEPS)
        size = st.number_input(_("Training images (0: all)"), step=1000, key=state.TRAIN_SIZE, help=_("For the embedded datasets, how many to generate; for the others, at most this many."))
        split = st.selectbox(_("Validation on"), list(SPLITS), key=state.TRAIN_SPLIT, format_func=lambda v: tr(SPLITS[v]) if v in SPLITS else str(v))
        augmentation = st.selectbox(_("Augmentation"), list(AUGMENTATIONS), key=state.TRAIN_AUGMENT,
                                    format_func=library_labels("augment", AUGMENTATIONS), help=_("Flips suit photos and shapes, not digits (a flipped 2 is not a 2)."))
        seed = st.number_input(_("Seed"), step=1, key=state.TRAIN_SEED, help=_("The same seed gives the same run on a CPU."))
        devices = ["auto", "cpu", *_gpus()]
        if st.session_state[state.TRAIN_DEVICE] not in devices:
            st.session_state[state.TRAIN_DEVICE] = "auto"
        device = st.selectbox(_("Device"), devices, key=state.TRAIN_DEVICE,
                              format_func=lambda d: {"auto": tr("auto (CUDA, then MPS, then CPU)"), "cpu": "CPU"}.get(d, d.upper()))
        amp = st.toggle(_("Mixed precision and channels-last (CUDA)"), key=state.TRAIN_AMP, disabled="cuda" not in devices, help=_("Used on a CUDA GPU only: about twice the speed, half the activation memory."))

    cfg = TrainConfig(
        architecture=model.arch if model else DEFAULTS.architecture,
        hyperparameters=model.hp_dict if model else {},
        input_shape=model.shape() if model else None,
        dataset=name, dataset_path=zip_path, train_size=int(size) if size else None, val_fraction=float(split),
        optimizer=optimizer, lr=float(lr), momentum=float(momentum), weight_decay=float(weight_decay),
        schedule=schedule, batch_size=int(batch), epochs=int(epochs), max_steps=int(steps) if steps else None,
        augmentation=augmentation, seed=int(seed),
        device=device, amp=bool(amp), channels_last=bool(amp),
    )
    st.session_state[state.TRAIN_SETTINGS] = cfg.to_dict()
    if model is None:
        return None
    if problem:
        st.error(error_text(problem), icon="⚠️")
        return None
    if info.kind == "folder" and not zip_path:
        st.caption(_(NP_("train.zip.needed", "Upload a zip of class folders to train on your own images.")))
        return None
    try:
        cfg.check()
    except ExplorerError as err:
        st.error(error_text(err), icon="⚠️")
        return None
    over = _over_budget(model.arch, model.hp, tuple(model.shape()), len(info.classes) or 2, cfg.batch_size, cfg.optimizer,
                        operator_settings.settings())
    if over is not None:  # said before the button is pressed (the worker checks again with the data's real classes)
        st.error(error_text(over), icon="⚠️")
        return None
    return cfg


@st.cache_data(max_entries=128, show_spinner=False)
def _over_budget(
    arch: str, hp: tuple, shape: tuple[int, int, int], n_classes: int, batch: int, optimizer: str, limits: operator_settings.Settings
) -> ExplorerError | None:
    """Why the server's work budget refuses this training run (its batch's memory, the optimizer's state), or None."""
    from explorer.analysis import analyze, budget
    from explorer.training.engine import resolve_model

    try:
        hp_, shape_ = resolve_model(TrainConfig(architecture=arch, hyperparameters=dict(hp), input_shape=shape), n_classes)
        budget.check(analyze(arch, input_shape=shape_, **hp_), purpose="train", batch=batch, optimizer=optimizer, limits=limits)
    except ExplorerError as err:
        return err  # errors pickle with their key and values
    return None


@st.cache_resource
def _gpus() -> list[str]:
    import torch

    out = []
    if torch.cuda.is_available():
        out.append("cuda")
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        out.append("mps")
    return out


def train_button(cfg: TrainConfig | None) -> None:
    """The Train button: disabled while the settings are not a configuration that can train.

    The press is remembered by a callback and acted on here, after :func:`settings` has checked what the
    boxes hold now. A callback given the configuration as an argument would get the one drawn before the
    click, so a value typed just before pressing Train (an invalid one among them) would be replaced by the
    previous one.
    """
    st.button(_("Train"), type="primary", icon=":material/model_training:", key=state.TRAIN_START,
              disabled=cfg is None, width="stretch", on_click=_pressed)
    capacity()
    if st.session_state.pop(state.TRAIN_PRESSED, False) and cfg is not None:
        start(cfg)
        st.rerun()  # draw the page again with the new run shown


def _pressed() -> None:
    st.session_state[state.TRAIN_PRESSED] = True


def capacity() -> None:
    """How the server shares its devices: runs at a time, a person's share, the operator's budget for one run."""
    limits = operator_settings.settings()
    st.caption(_("Runs train {n} at a time on each device, the others wait in line; each person may have {k} queued or training.", n=limits.max_runs_per_device, k=limits.max_runs_per_person))
    if limits.max_run_steps:
        st.caption(_("Each run may take at most {steps} steps.", steps=f"{limits.max_run_steps:,}"))
    if limits.max_run_seconds:
        st.caption(_("Each run may train for at most {seconds} s.", seconds=f"{limits.max_run_seconds:,}"))


def start(cfg: TrainConfig) -> None:
    """Queue ``cfg`` as a new run and show it, or keep the reason it cannot train (shown by :func:`start_error`)."""
    who = people.person()
    try:
        if cfg.dataset_path and not classroom.owns_upload(who, cfg.dataset_path, datasets.data_dir() / "uploads"):
            raise classroom.NotAllowed(N_("Only the run's owner or the teacher can do that."))
        run = executor.get().submit(cfg, owner=who.id, owner_name=who.name)
    except ExplorerError as err:
        st.session_state[state.TRAIN_ERROR] = err  # its message is read in the language of the page that shows it
        return
    st.session_state.pop(state.TRAIN_ERROR, None)
    _show(run.id)


def start_error() -> None:
    """Why the last Train press did not start a run, if it did not."""
    err = st.session_state.pop(state.TRAIN_ERROR, None)
    if err:
        st.error(error_text(err) if isinstance(err, BaseException) else str(err), icon="⚠️")


# --- the live panel -------------------------------------------------------------------------


def live(run: store.Run) -> None:
    """The run's state, progress, curves and filters; redrawn every second while it is queued or running."""
    active = run.status().get("status") in store.ACTIVE

    @st.fragment(run_every=POLL_S if active else None)
    def panel() -> None:
        if active:
            try:
                executor.get().tick()  # starts it when its turn comes; notices a worker that died
            except ExplorerError as err:  # a Ray cluster gone out of reach: said, and polled again
                st.error(error_text(err), icon="⚠️")
        st_ = run.status()
        status = st_.get("status", "failed")
        if active != (status in store.ACTIVE):
            # the whole page: results appear and polling stops, or (Resume, a button of this fragment, reran
            # only the fragment) polling starts again
            st.rerun()
        _header(run, st_)
        metrics = run.metrics()
        _progress(run, st_, metrics)
        if metrics:
            st.plotly_chart(figs.curves_figure(metrics, words=bound()), key="train_curves", config={"displaylogo": False})
        _filters_and_lr(run, metrics)

    panel()


def _header(run: store.Run, st_: dict[str, Any]) -> None:
    status = st_.get("status", "failed")
    c1, c2 = st.columns([4, 1.3], vertical_alignment="center")
    c1.markdown(f"**{escape_md(run_label(run))}** &nbsp; {badge(status)}")  # a run is named after its data (a zip a user named)
    c1.caption(_("Run `{id}`", id=run.id))
    notes = [Note.from_json(n) for n in run.config().get("data_notes") or []]
    if notes:
        st.caption(_("Data: {notes}", notes=_sentences(notes)))
    steer = classroom.can_manage(people.person(), run)  # a run the teacher shared is to watch, not to steer
    if steer and status in store.ACTIVE:
        c2.button(_("Stop"), key=state.TRAIN_STOP, icon=":material/stop:", width="stretch", on_click=_act, args=(run, "stop"))
    elif steer and status in ("stopped", "failed") and run.checkpoint_path.is_file():
        c2.button(_("Resume"), key=state.TRAIN_RESUME, icon=":material/play_arrow:", width="stretch", on_click=_act, args=(run, "resume"))
    if status == "queued":
        queued(run)
    if status in store.ACTIVE:
        return
    message, suggestion = _ending(run, st_)
    if status == "finished":
        st.success(message, icon=":material/check_circle:")
    elif status == "stopped":
        st.warning(message + (_(" Resume continues from where it stopped.") if run.checkpoint_path.is_file() else ""), icon=":material/pause_circle:")
    elif status in ("diverged", "out_of_memory", "failed"):
        st.error(message + (" " + suggestion if suggestion else ""), icon=":material/error:")
        if status == "failed":
            with st.expander(_("Log")):
                st.code(without_tracebacks(run.log_tail(30)), language=None)  # no source line or server path


def place_text(n: int) -> str:
    """``3rd in line`` (排第 3 位): English ordinals follow the CLDR's rules, as Babel gives them."""
    from babel import Locale

    form = Locale("en").ordinal_form(n)
    if form == "one":
        return _("{n}st in line", n=n)
    if form == "two":
        return _("{n}nd in line", n=n)
    if form == "few":
        return _("{n}rd in line", n=n)
    return _("{n}th in line", n=n)


def wait_text(seconds: float) -> str:
    """``1 min 20 s``: an estimate, rounded to what an estimate can promise (5 s under a minute, then 10 s, then minutes)."""
    s = int(round(seconds / 5) * 5) if seconds < 60 else int(round(seconds / 10) * 10)
    if s >= 3600:
        return _("{h} h {m} min", h=s // 3600, m=round(s % 3600 / 60))
    if s >= 60:
        return _("{m} min {s} s", m=s // 60, s=s % 60) if s % 60 else _("{m} min", m=s // 60)
    return _("{s} s", s=s)


def queued(run: store.Run) -> None:
    """A queued run's place on its device and when it should start ("3rd in line · starts in about 1 min 20 s")."""
    wait = estimate.wait(run)
    device = run.config().get("device", "cpu").upper()
    if wait is None:  # it left the queue meanwhile: the next poll shows its new state
        return
    place = place_text(wait.place)
    if wait.seconds is None:
        line = place
    elif wait.seconds < 5:
        line = _("{place} · {when}", place=place, when=_("starts in a moment"))
    else:
        line = _("{place} · {when}", place=place, when=_("starts in about {wait}", wait=wait_text(wait.seconds)))
    st.info(_("Queued for the {device}: {line}. Runs train {n} at a time on each device; this one starts by itself.", device=device, line=line, n=operator_settings.settings().max_runs_per_device),
            icon=":material/schedule:")


def _ending(run: store.Run, st_: dict[str, Any]) -> tuple[str, str]:
    """What the worker wrote about how the run ended, and its suggestion, in the current language.

    The worker writes English sentences into status.json with each one's key and
    values beside it (:func:`explorer.notes.fields`): :func:`note_text` says them
    in the current language. A run that failed on an error keeps the error's text
    (a library error also its ``error_template`` and ``error_params``): another
    language says it after a translated first sentence.
    """
    status = st_.get("status", "failed")
    message, suggestion = from_fields(st_, "message"), from_fields(st_, "suggestion")
    hint = note_text(suggestion) if suggestion else ""
    if not message:
        return _(_TRAIN_END[status] if status in ("finished", "stopped") else N_("The run failed.")), hint
    if status == "failed" and not message.template and lang() != DEFAULT:
        reason = str(message)
        if st_.get("error_template"):  # a library error: the worker keeps its template and values
            reason = error_text(ExplorerError(template_from_json(st_["error_template"]), **(st_.get("error_params") or {})))
        return _("The run failed: {reason}", reason=reason), hint
    return note_text(message), hint


def _act(run: store.Run, action: str) -> None:
    """Resume or stop ``run`` (``action``: "resume" or "stop"), if this person may; a toast says why not."""
    try:
        classroom.check(people.person(), run, action)
        getattr(executor.get(), action)(run)
    except ExplorerError as err:
        st.toast(error_text(err))


def _rename(run: store.Run) -> None:
    try:
        classroom.rename(people.person(), run, st.session_state.get(state.TRAIN_RENAME, ""))
    except ExplorerError as err:
        st.toast(error_text(err))


def _delete(run: store.Run) -> None:
    try:
        classroom.delete(people.person(), run)
    except ExplorerError as err:
        st.session_state[state.TRAIN_ERROR] = err
        return
    st.session_state[state.TRAIN_RUN] = None
    st.session_state[state.TRAIN_DELETE_SURE] = False


def manage(run: store.Run) -> None:
    """The owner's (and the teacher's) tools for a run: its name, and deleting it."""
    if not classroom.can_manage(people.person(), run):
        return
    with st.expander(_("Name or delete this run"), icon=":material/edit:"):
        st.session_state[state.TRAIN_RENAME] = run.config().get("name") or ""
        st.text_input(_("Name of the run"), key=state.TRAIN_RENAME, max_chars=classroom.MAX_RUN_NAME, on_change=_rename, args=(run,),
                      help=_("Shown in the runs list next to your name (press Enter)."))
        busy = run.status().get("status") in ("starting", "running")
        sure = st.checkbox(_("Yes, delete this run and its weights"), key=state.TRAIN_DELETE_SURE, disabled=busy)
        st.button(_("Delete the run"), key=state.TRAIN_DELETE, icon=":material/delete:", disabled=busy or not sure,
                  on_click=_delete, args=(run,), help=_("Stop the run first.") if busy else None)


def _phase(st_: dict[str, Any]) -> str:
    """What the worker is doing before the first step ("Preparing the data", "Downloading 40%")."""
    phase = from_fields(st_, "phase_text")
    return note_text(phase) if phase else _("Starting the worker…")


def _progress(run: store.Run, st_: dict[str, Any], metrics: list[dict[str, Any]]) -> None:
    status = st_.get("status")
    train = [m for m in metrics if m.get("kind") == "train"]
    val = [m for m in metrics if m.get("kind") == "val"]
    if status in ("starting", "running") and not train:
        frac = st_.get("data_fraction")
        st.progress(float(frac) if frac is not None else 0.0, text=_phase(st_))
        return
    if not train:
        return
    last = train[-1]
    total = int(st_.get("total_steps") or (st_.get("summary") or {}).get("total_steps") or last["step"])
    epochs = _epochs(run, st_, last, total)
    done = min(1.0, last["step"] / max(1, total))
    text = _("Step {step} of {total} · epoch {epoch} of {epochs}", step=f"{last['step']:,}", total=f"{total:,}", epoch=f"{last['epoch']:.2f}", epochs=epochs)
    if status in store.ACTIVE:
        text += _(" · {speed} images/s · ETA {eta}", speed=f"{last.get('images_per_s', 0):,.0f}", eta=clock(last.get("eta_s")))
    st.progress(done, text=text)
    speed = (st_.get("summary") or {}).get("images_per_s") if status not in store.ACTIVE else None
    cols = st.columns(5 if "gpu_mem_mb" in last else 4)
    cols[0].metric(_("Training loss"), f"{last['loss']:.4f}", help=_("Mean over the last few steps."))
    cols[1].metric(_("Training accuracy"), f"{last['acc']:.1%}", help=_("Over the last few steps."))
    # An ended run shows the accuracy of its final evaluation, the one its confusion matrix counts (a run
    # stopped mid-epoch was last validated an epoch earlier); one that ended before any evaluation, its last validation.
    ev = run.evaluation() if status not in store.ACTIVE else None
    val_acc = ev["val_acc"] if ev else (val[-1]["acc"] if val else None)
    cols[2].metric(_("Validation accuracy"), f"{val_acc:.1%}" if val_acc is not None else "–", help=_("Measured at the end of every epoch."))
    cols[3].metric(_("Images/s"), f"{speed or last.get('images_per_s', 0):,.0f}",
                   help=_("Over the whole run.") if speed else _("Over the last few steps."))
    if "gpu_mem_mb" in last:
        cols[4].metric(_("GPU memory (peak)"), f"{last['gpu_mem_mb']:,.0f} MB")


def _epochs(run: store.Run, st_: dict[str, Any], last: dict[str, Any], total: int) -> int | str:
    """The run's epochs: from its status, else its summary, else its settings (a run that failed before it said)."""
    known = st_.get("epochs") or (st_.get("summary") or {}).get("epochs")
    if known:
        return known
    try:
        train = run.config().get("train", {})
    except ExplorerError:
        train = {}
    if not train.get("max_steps") and train.get("epochs"):
        return int(train["epochs"])
    if last.get("epoch"):  # batches per epoch from where it was: steps / epochs so far
        per_epoch = last["step"] / last["epoch"]
        return max(1, math.ceil(round(total / per_epoch, 3)))
    return "?"


def _filters_and_lr(run: store.Run, metrics: list[dict[str, Any]]) -> None:
    now, init = run.filters(), run.filters(initial=True)
    c1, c2 = st.columns([3, 2])
    with c1:
        if now is not None:
            st.markdown(_("**First-layer filters** ({n} of {h}×{w})", n=now.shape[0], h=now.shape[2], w=now.shape[3]))
            a, b = st.columns(2)
            if init is not None:
                a.image(figs.filter_grid(init), caption=_("at initialisation"), width="stretch")
            when = N_("now") if run.status().get("status") in store.ACTIVE else N_("after training")
            b.image(figs.filter_grid(now), caption=_(when), width="stretch")
    with c2:
        if any(m.get("kind") == "train" for m in metrics):
            st.plotly_chart(figs.lr_figure(metrics, words=bound()), key="train_lr", config={"displaylogo": False})


# --- after training -------------------------------------------------------------------------


def results(run: store.Run) -> None:
    """Confusion matrix, the most confident mistakes, and a way into the Inside page."""
    ev = run.evaluation()
    if not ev:
        return
    opens = classroom.can_open(people.person(), run)  # its images may be a student's photos
    st.subheader(_("What the trained model gets wrong"))
    c1, c2 = st.columns([1, 1])
    with c1:
        st.plotly_chart(figs.confusion_figure(ev["confusion"], ev["classes"], words=bound()), key="train_confusion")
    with c2:
        images = run.misclassified_images()
        wrong = ev.get("misclassified") or []
        st.markdown(_("**The {n} most confident mistakes** on the validation set", n=len(wrong)))
        if not opens:
            st.caption(_("Only the run's owner and the teacher see its images."))
        elif images is not None and len(wrong):
            # The picture has no words (its font has no Chinese): the caption says how to read it.
            st.image(figs.misclassified_grid(images, wrong, ev["classes"]), caption=_("Under each image: its true class, then, in red after the arrow, what the model said and how sure it was."), width="stretch")
        else:
            st.caption(_("No mistakes on the validation set."))
    if not opens:
        return
    link, download = st.columns([2, 1])
    with link:
        st.page_link("pages/inside.py", label=_("Open in the Inside page with the trained weights"), icon=":material/visibility:", query_params={"run": run.id})
    with download:
        path = run.weights_path("final")
        if path.is_file():
            st.download_button(_("Download the weights (state_dict)"), path.read_bytes, f"{run.id}.pt",  # read on click
                               "application/octet-stream", width="stretch", key="train_download")


# --- the runs list --------------------------------------------------------------------------

COLUMNS = ("run", "status", "val_acc", "best", "steps", "speed", "batch", "schedule", "id")  # headers: train.col.<id>


def _row(run: store.Run) -> dict[str, Any]:
    st_ = run.status()
    summary = st_.get("summary") or {}
    c = run.config()
    tc = c.get("train", {})
    return {
        "run": run_label(run), "status": status_text(st_.get("status")),
        "val_acc": summary.get("final_val_acc"), "best": summary.get("best_val_acc"),
        "steps": summary.get("step") or st_.get("step"), "speed": summary.get("images_per_s"),
        "batch": tc.get("batch_size"), "schedule": tc.get("schedule"), "id": run.id,
    }


def runs_list(selected: store.Run | None) -> None:
    """Every run in the runs folder; pick one to show, or several to overlay their curves."""
    st.subheader(_("Runs"))
    all_runs = classroom.visible_runs(people.person())  # their own and the shared ones
    if not all_runs:
        st.caption(_("No runs yet: press Train. Runs are kept in the runs folder and survive a refresh or a restart."))
        return
    labels_ = {r.id: run_label(r) for r in all_runs}
    header = {c: _(_TRAIN_COL[c]) for c in COLUMNS}
    frame = pd.DataFrame([_row(r) for r in all_runs], columns=list(COLUMNS)).rename(columns=header)
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        header["val_acc"]: st.column_config.NumberColumn(format="percent"),
        header["best"]: st.column_config.NumberColumn(format="percent"),
        header["speed"]: st.column_config.NumberColumn(format="%.0f"),
    })
    ids = [r.id for r in all_runs]
    st.session_state[state.TRAIN_PICK] = selected.id if selected is not None else None
    st.selectbox(_("Show this run above"), ids, key=state.TRAIN_PICK, format_func=lambda i: f"{labels_[i]}  ({i})",
                 placeholder=_("pick a run"), on_change=lambda: _show(st.session_state[state.TRAIN_PICK]))
    state.ensure(state.TRAIN_COMPARE, [selected.id] if selected is not None else ids[:1])
    st.session_state[state.TRAIN_COMPARE] = [i for i in st.session_state[state.TRAIN_COMPARE] if i in labels_]
    chosen = st.multiselect(_("Compare the curves of"), ids, key=state.TRAIN_COMPARE, format_func=labels_.get, help=_("For example the same network plain and residual, or SGD against Adam."))
    state.ensure(state.TRAIN_OVERLAY, "val_acc")
    keep_choice(state.TRAIN_OVERLAY)  # its labels are translated
    curves = {m: name for m, (name, __) in figs.OVERLAY_METRICS.items()}
    metric = st.segmented_control(_("Curve"), list(curves), key=state.TRAIN_OVERLAY,
                                  format_func=library_labels("curve", curves)) or "val_acc"
    if chosen:
        by_id = {r.id: r for r in all_runs}
        series = [(labels_[i], by_id[i].metrics()) for i in chosen]
        st.plotly_chart(figs.overlay_figure(series, metric, words=bound()), key="train_overlay")

"""Streamlit glue for the Inside page: the weights and image pickers, and cached wrappers.

Lifetimes: a loaded model is an immutable shared object (``st.cache_resource``,
few entries: VGG-16 is half a gigabyte), keyed by (architecture,
hyperparameters, weights key); the lazily filled :class:`Activations` of a
(model, image) pair likewise; saliency maps and receptive fields are data
(``st.cache_data``) keyed by the same strings plus their own arguments. What
belongs to one user (an uploaded file, a running download) stays in the
widgets and ``st.session_state``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st
import torch
from torch import nn

from explorer import classroom
from explorer.analysis import budget
from explorer.errors import ExplorerError
from explorer.inside import features as feats
from explorer.inside import filters as filt
from explorer.inside import images as imgs
from explorer.inside import saliency as sal
from explorer.inside import weights as W
from explorer.inside.labels import class_names, imagenet_classes
from explorer.settings import settings
from explorer.training import runs as store
from explorer.zoo import get
from explorer.zoo.spec import bind_input
from ui import budget as budget_view
from ui import people, state, urlsync
from ui.i18n import _, bound, error_text, N_, note_text, NP_
from ui.urlstate import ModelConfig

# The messages of f"inside.weights.{k}", by k (from the keys of the old catalogue).
_INSIDE_WEIGHTS = {
    "random": N_("Random (seed)"),
    "run": N_("Trained run"),
    "checkpoint": N_("torchvision checkpoint"),
}

# The messages of f"inside.run.file.{n}", by n (from the keys of the old catalogue).
_INSIDE_RUN_FILE = {
    "best": N_("best (validation)"),
    "final": N_("final epoch"),
}

# The messages of f"inside.ckpt.{m}", by m (from the keys of the old catalogue).
_INSIDE_CKPT = {
    "download": N_("Download official"),
    "upload": N_("Upload a file"),
    "path": N_("A file on this server"),
}

# The messages of f"inside.image.{s}", by s (from the keys of the old catalogue).
_INSIDE_IMAGE = {
    "sample": N_("Sample photo"),
    "upload": N_("Upload"),
    "camera": N_("Camera"),
    "validation": N_("The run's images"),
}

# The radios' options are these ids; their labels are the catalogue's ``inside.<group>.<id>``.
WEIGHT_KINDS = ("random", "run", "checkpoint")
CKPT_MODES = ("download", "upload", "path")
IMAGE_SOURCES = ("sample", "upload", "camera")
VALIDATION = "validation"  # queue: a trained run's own validation images, offered when its weights are chosen
SORTS = ("index", "mean", "max", "active")  # the feature maps' channel orders (explorer.inside.features); labels inside.sort.<id>
RUN_PARAM = "run"  # ?run=<id>: the trained run whose weights are open
VIEWS = ("maps", "filters", "rf", "saliency", "weights")  # the page's tabs; labels inside.view.<id>


@dataclass(frozen=True)
class WeightsChoice:
    """Where the weights come from, as chosen in the sidebar.

    Attributes:
        key: identifies the weights exactly (cache key): "random:7", "file:<sha256>", "run:<id>:best:<mtime>", …
        label: for captions, in the language of the run that made the choice.
        trained: predictions mean something (not random).
        torchvision: a torchvision checkpoint (its quirks handled on load).
        classes: names of the outputs, when known.
    """

    key: str
    label: str
    kind: str
    seed: int = 0
    path: Path | None = None
    upload: object | None = None  # a Streamlit UploadedFile
    trained: bool = False
    torchvision: bool = False
    classes: tuple[str, ...] | None = None
    mean: tuple[float, ...] = W.IMAGENET_MEAN
    std: tuple[float, ...] = W.IMAGENET_STD
    crop_fraction: float = 0.875  # torchvision's 224 of 256; a run's images were used whole (1.0)


# --- the sidebar ----------------------------------------------------------------------------


def keep(key: str, default, valid=None):
    """Give widget ``key`` a valid value, re-asserted in every run before the widget is drawn.

    A widget that one run does not draw (the page stopped early: no image yet)
    loses its state, and when it is drawn again the browser may show its
    default while the server keeps the old value; the next interaction then
    "changes" it back. Writing the value each run keeps both sides equal.
    It also does :func:`ui.i18n.keep_choice`'s work: a widget whose option
    labels are translated keeps its choice when the language changes.
    """
    value = st.session_state.get(key, default)
    if valid is not None and not valid(value):
        value = default
    st.session_state[key] = value
    return value


def openable_runs() -> list[store.Run]:
    """The runs whose weights this person may open: their own, and the runs shared with the class
    (:func:`explorer.classroom.can_open`), newest first."""
    who = people.person()
    return [r for r in classroom.visible_runs(who) if classroom.can_open(who, r)]


def get_run(run_id: str) -> store.Run:
    """The run ``run_id`` if this person may open it; else the runs store's "no such run" (one message for
    a missing run and someone else's: a student learns no other ids)."""
    run = classroom.find_run(people.person(), run_id)
    if not classroom.can_open(people.person(), run):
        raise store.RunNotFound(N_("There is no run {run!r}: pick one from the runs list."), run=run.id)
    return run


def apply_run(run_id: str) -> None:
    """Show run ``run_id``'s model (architecture, hyperparameters, input) in the controls."""
    try:
        run = get_run(run_id)
        state.set_model(ModelConfig.make(run.architecture, run.hyperparameters, run.input_shape))
    except ExplorerError:
        pass  # weights_controls reports it where the run is picked


def _on_run_change() -> None:
    st.session_state.pop(state.IN_RUN_MISSING, None)
    if st.session_state.get(state.IN_RUN) is not None:
        apply_run(st.session_state[state.IN_RUN])


def _on_weights_change() -> None:
    if st.session_state[state.IN_WEIGHTS] == "run":
        st.session_state[state.IN_RUN_APPLY] = True


def run_from_url() -> None:
    """``?run=<id>`` from a link, a refresh or back/forward preselects that trained run, and its own images
    when it kept some (else the sample photo)."""

    def linked(run_id: str) -> None:
        st.session_state[state.IN_RUN_LINKED] = run_id
        st.session_state[state.IN_WEIGHTS] = "run"
        st.session_state[state.IN_RUN_APPLY] = True
        st.session_state[state.IN_IMAGE_SOURCE] = VALIDATION
        st.session_state[state.IN_VAL_IMAGE] = 0

    urlsync.from_url(RUN_PARAM, state.IN_RUN, apply=linked)


def apply_pending_run() -> None:
    """Before the model controls are drawn: show the chosen (or first) run's model when the run changed."""
    if not st.session_state.pop(state.IN_RUN_APPLY, False):
        return
    ids = [r.id for r in openable_runs()]
    if not ids:
        return
    wanted = st.session_state.get(state.IN_RUN)
    if st.session_state.get(state.IN_RUN_LINKED) == wanted and wanted not in ids:
        # A link's run that is not there (or no run id at all: ?run=../../etc): say so where runs are picked,
        # and open none rather than another one.
        st.session_state[state.IN_RUN_MISSING] = wanted
        st.session_state[state.IN_RUN] = None
        return
    if wanted not in ids:
        st.session_state[state.IN_RUN] = ids[0]
    apply_run(st.session_state[state.IN_RUN])


def weights_controls(cfg: ModelConfig) -> WeightsChoice | None:
    """The weights picker; None while nothing usable is chosen (the reason is shown)."""
    keep(state.IN_WEIGHTS, "random", lambda v: v in WEIGHT_KINDS)
    tr = bound()
    kind = st.radio(_(NP_("inside.weights.label", "Weights")), WEIGHT_KINDS, key=state.IN_WEIGHTS, format_func=lambda k: tr(_INSIDE_WEIGHTS[k]),
                    on_change=_on_weights_change)
    imagenet = _outputs(cfg) == 1000
    if kind == "random":
        keep(state.IN_SEED, 0)
        seed = int(st.number_input(_("Seed"), min_value=0, max_value=2**31 - 1, step=1, key=state.IN_SEED,
                                   help=_("The architecture's own initialisation, drawn from this seed: same seed, same weights.")))
        return WeightsChoice(f"random:{seed}", _("random initialisation, seed {seed}", seed=seed), "random", seed=seed,
                             classes=imagenet_classes() if imagenet else None)
    if kind == "run":
        return _run_controls()
    return _checkpoint_controls(cfg, imagenet)


def _outputs(cfg: ModelConfig) -> int | None:
    hp = {**get(cfg.arch).defaults(), **cfg.hp_dict}
    return hp.get("num_classes")


def _run_controls() -> WeightsChoice | None:
    runs = openable_runs()
    missing = st.session_state.get(state.IN_RUN_MISSING)
    if missing is not None:
        try:
            get_run(missing)  # raises: it is not among the runs
        except ExplorerError as err:
            st.error(error_text(err))
    if not runs:
        st.info(_("No trained runs yet: train a model on the Train page, then come back."))
        return None
    ids = [r.id for r in runs]
    if missing is not None:
        st.session_state[state.IN_RUN] = None
        st.selectbox(_(NP_("inside.run", "Run")), ids, key=state.IN_RUN, index=None, on_change=_on_run_change,
                     placeholder=_("Pick a run"))
        return None
    if st.session_state.get(state.IN_RUN) not in ids:
        st.session_state[state.IN_RUN] = ids[0]
        st.session_state[state.IN_RUN_APPLY] = True
        st.rerun()  # the model controls above must show this run's model
    by_id = {r.id: r for r in runs}
    # Labels made now, in this run's language: Streamlit may call format_func again outside the script run.
    labels = {r.id: " · ".join([*([r.config().get("owner_name")] if r.config().get("owner_name") else []), r.id, r.architecture,
                                r.dataset or "?", _status(r.status().get("status", ""))]) for r in runs}
    keep(state.IN_RUN, ids[0], lambda v: v in ids)  # the status in the labels is translated
    run_id = st.selectbox(_(NP_("inside.run", "Run")), ids, key=state.IN_RUN, on_change=_on_run_change, format_func=labels.get)
    run = by_id[run_id]
    files = run.weights()
    if not files:
        st.warning(_("Run {run} has no weights/final.pt or weights/best.pt yet (status: {status}).", run=run.id, status=_status(run.status().get("status", ""))))
        return None
    keep(state.IN_RUN_FILE, "best" if "best" in files else "final", lambda v: v in files)
    tr = bound()
    which = st.radio(_("Weights file"), list(files), key=state.IN_RUN_FILE, horizontal=True,
                     format_func=lambda n: tr(_INSIDE_RUN_FILE[n]))
    path = files[which]
    stat = path.stat()
    mean, std = run.normalization() or (W.IMAGENET_MEAN, W.IMAGENET_STD)
    return WeightsChoice(
        f"run:{run.id}:{which}:{stat.st_mtime_ns}:{stat.st_size}", _("run {run} ({file})", run=run.id, file=f"{which}.pt"), "run", path=path,
        trained=True, classes=run.classes or None, mean=mean, std=std,
        crop_fraction=1.0,
    )


def _status(status: str) -> str:
    """A run's status in the current language (the Train page's words for it)."""
    if status in store.STATUS_TEXT:
        return _(store.STATUS_TEXT[status])
    return status or _("unknown")


def checkpoint_modes(arch: str) -> list[str]:
    """The checkpoint sources offered for ``arch``: download only where torchvision has weights and the operator
    allows downloads, a file of the server only where the operator named a weights folder."""
    downloads = settings().downloads and W.checkpoint_filename(arch) is not None
    return [m for m in CKPT_MODES if (m != "download" or downloads) and (m != "path" or W.server_files_enabled())]


def _checkpoint_controls(cfg: ModelConfig, imagenet: bool) -> WeightsChoice | None:
    name = W.checkpoint_filename(cfg.arch)
    modes = checkpoint_modes(cfg.arch)
    keep(state.IN_CKPT_MODE, modes[0], lambda v: v in modes)
    tr = bound()
    mode = st.radio(_("Checkpoint"), modes, key=state.IN_CKPT_MODE, format_func=lambda m: tr(_INSIDE_CKPT[m]))
    classes = imagenet_classes() if imagenet else None
    common = dict(kind="checkpoint", trained=True, torchvision=True, classes=classes)
    if not name:
        st.caption(_("torchvision publishes no weights for {arch}: give a state_dict file saved from this model.", arch=cfg.arch))
    elif not settings().downloads:
        st.caption(_("Downloading torchvision's official weights is turned off on this server: upload a file instead."))
    if mode == "download":
        cached = W.cached_checkpoint(cfg.arch)
        if cached is not None:
            st.caption(_("In the server's checkpoint cache: `{file}`", file=cached.name))
            return WeightsChoice(f"torchvision:{name}", _("torchvision's {file}", file=name), path=cached, **common)
        _download_panel(cfg.arch, name)
        return None
    if mode == "upload":
        up = st.file_uploader(_("State_dict file (.pth, .pt)"), type=["pth", "pt", "bin", "ckpt"], key=state.IN_CKPT_UPLOAD,
                              help=_("Files up to the server's upload limit (200 MB); larger ones (VGG: 528 MB) can be put in the server's weights folder by its operator."))
        if up is None:
            return None
        seen = st.session_state.get(state.IN_CKPT_DIGEST)
        if not seen or seen[0] != up.file_id:
            seen = (up.file_id, hashlib.sha256(up.getvalue()).hexdigest()[:16])
            st.session_state[state.IN_CKPT_DIGEST] = seen
        return WeightsChoice(f"file:{seen[1]}", up.name, upload=up, **common)
    return _server_file_controls(common)


def _server_file_controls(common: dict) -> WeightsChoice | None:
    """A file of the operator's weights folder: picked from its listing, or named relative to it when the listing
    is cut short; confined to that folder by :func:`explorer.inside.weights.server_file`."""
    files = W.list_server_files()
    if not files:
        st.info(_("The server's weights folder holds no .pt or .pth file yet."))
        return None
    if len(files) < W.MAX_SERVER_FILES:
        keep(state.IN_CKPT_PATH, files[0], lambda v: v in files)
        given = st.selectbox(_("File in the server's weights folder"), files, key=state.IN_CKPT_PATH, help=_("The files the operator put in the server's weights folder (a .pt or .pth state_dict)."))
    else:
        keep(state.IN_CKPT_PATH, "", lambda v: isinstance(v, str))
        given = st.text_input(_("Name of a .pth file in the server's weights folder"), key=state.IN_CKPT_PATH, placeholder=files[0],
                              help=_("The files the operator put in the server's weights folder (a .pt or .pth state_dict)."))
    if not given or not given.strip():
        return None
    try:
        path = W.server_file(given)
        info = path.stat()
    except (ExplorerError, OSError) as err:
        st.error(error_text(err) if isinstance(err, ExplorerError) else error_text(W.no_server_file()))
        return None
    rel = path.relative_to(settings().weights_folder.resolve()).as_posix()
    return WeightsChoice(f"server:{rel}:{info.st_mtime_ns}:{info.st_size}", path.name, path=path, **common)


def _start_download(arch: str) -> None:
    st.session_state[state.IN_DOWNLOAD] = W.start_download(arch)


def _download_panel(arch: str, name: str) -> None:
    job = st.session_state.get(state.IN_DOWNLOAD)
    if job is not None and not job.url.endswith("/" + name):
        job = None
    if job is None or (job.finished and job.error):
        if job is not None:
            st.error(error_text(job.failure) if job.failure is not None else job.error)
        st.button(_("Download {file}", file=name), key="in:download", on_click=_start_download, args=(arch,),
                  help=_("Once, into the torch hub cache; the SHA-256 is checked."))
        st.caption(_("From {url} into the server's checkpoint cache.", url=W.checkpoint_url(arch)))
        return
    _download_progress()


@st.fragment(run_every=0.5)
def _download_progress() -> None:
    job = st.session_state.get(state.IN_DOWNLOAD)
    if job is None:
        return
    if job.finished:
        st.rerun(scope="app")
    eta = job.eta_seconds()
    done = f"{job.done / 1e6:,.1f}"
    line = _("Downloading: {done} of {total} MB", done=done, total=f"{job.total / 1e6:,.0f}") if job.total else _("Downloading: {done} MB", done=done)
    if eta is not None:
        line += " · " + _(NP_("inside.download.eta", "about {seconds} s left"), seconds=f"{eta:,.0f}")
    st.progress(job.fraction(), text=line)


def image_controls() -> imgs.LoadedImage | None:
    """The image picker; None when nothing is chosen yet. Raises BadImage for a file that cannot be used."""
    run = _trained_run()
    sources = (*IMAGE_SOURCES, VALIDATION) if run is not None else IMAGE_SOURCES
    keep(state.IN_IMAGE_SOURCE, "sample", lambda v: v in sources)
    tr = bound()
    source = st.radio(_("Image"), sources, key=state.IN_IMAGE_SOURCE, format_func=lambda s: tr(_INSIDE_IMAGE[s]),
                      horizontal=True)
    if source == VALIDATION and run is not None:
        return _validation_controls(run)
    if source == "sample":
        keep(state.IN_SAMPLE, imgs.sample_names()[0], lambda v: v in imgs.SAMPLES)
        captions = {n: note_text(caption) for n, caption in imgs.SAMPLES.items()}  # in this run's language (see _run_controls)
        name = st.selectbox(_("Sample photo"), imgs.sample_names(), key=state.IN_SAMPLE, format_func=captions.get)
        return sample(name)
    if source == "upload":
        up = st.file_uploader(_("Photo (PNG, JPEG, WebP, BMP, GIF)"), type=["png", "jpg", "jpeg", "webp", "bmp", "gif"], key=state.IN_UPLOAD)
    else:
        up = st.camera_input(_("Take a photo"), key=state.IN_CAMERA)
    if up is None:
        return None
    data = up.getvalue()
    return decode(hashlib.sha256(data).hexdigest(), up.name, data)


def _trained_run():
    """The run whose weights are chosen, when it kept validation images (runs trained before it did keep none)."""
    from explorer.training.runs import get_run

    if st.session_state.get(state.IN_WEIGHTS) != "run" or not st.session_state.get(state.IN_RUN):
        return None
    try:
        run = get_run(st.session_state[state.IN_RUN])
    except ExplorerError:
        return None
    ev = run.evaluation() or {}
    return run if ev.get("samples") and run.file("samples.npy").is_file() else None


def _validation_controls(run) -> imgs.LoadedImage | None:
    """One of the run's own validation images, named by its true and predicted class (as the run's evaluation saw it)."""
    ev = run.evaluation()
    samples, classes = ev["samples"], ev.get("classes") or []
    name = lambda i: classes[i] if 0 <= i < len(classes) else str(i)  # noqa: E731
    labels = {k: _("{n}: a {true}, predicted {pred} ({confidence})", n=k + 1, true=name(s["true"]), pred=name(s["pred"]),
                   confidence=f"{s['confidence']:.0%}") for k, s in enumerate(samples)}
    keep(state.IN_VAL_IMAGE, 0, lambda v: v in labels)
    k = st.selectbox(_("Validation image"), list(labels), key=state.IN_VAL_IMAGE, format_func=labels.get)
    stat = run.file("samples.npy").stat()
    return validation_image(run.id, k, stat.st_mtime_ns, str(run.file("samples.npy")))


@st.cache_data(max_entries=16, show_spinner=False)
def validation_image(run_id: str, k: int, mtime: int, path: str) -> imgs.LoadedImage:
    """Validation image ``k`` of run ``run_id`` (uint8 C×H×W in samples.npy) as a decoded image."""
    from PIL import Image

    array = np.load(path, allow_pickle=False)[k]
    pixels = array[0] if array.shape[0] == 1 else np.moveaxis(array[:3], 0, -1)
    image = Image.fromarray(np.ascontiguousarray(pixels), mode="L" if array.shape[0] == 1 else "RGB")
    digest = hashlib.sha256(array.tobytes()).hexdigest()[:16]
    return imgs.LoadedImage(image, digest, f"{run_id} · {k + 1}", "NPY", image.size)


# --- cached computations --------------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def sample(name: str) -> imgs.LoadedImage:
    return imgs.load_sample(name)


@st.cache_data(max_entries=16, show_spinner=False)
def decode(digest: str, name: str, _data: bytes) -> imgs.LoadedImage:
    return imgs.load_image(_data, name)


@st.cache_data(max_entries=32, show_spinner=False)
def preprocess(digest: str, _loaded: imgs.LoadedImage, shape: tuple[int, int, int], mean: tuple, std: tuple, crop: float) -> imgs.Preprocessed:
    return imgs.preprocess(_loaded, shape, mean=mean, std=std, crop_fraction=crop)


def check_budget(cfg: ModelConfig) -> None:
    """Refuse, before anything is allocated, a model the server's budget cannot hold: its real weights, every
    layer's feature maps and a backward pass (Grad-CAM, saliency, receptive fields) for one image.

    Raises:
        OverBudget: naming the limit, the cost and what fits.
    """
    problem = budget_view.inside_problem(cfg)
    if problem is not None:
        raise problem


@contextmanager
def guarded() -> Iterator[None]:
    """An allocation failure in the block becomes :class:`~explorer.analysis.budget.OutOfMemory`, and the memory goes back:
    the shared models, kept feature maps and cached maps are dropped (another user's included: memory is short)."""
    try:
        with budget.memory_guard():
            yield
    except budget.OutOfMemory:
        _model.clear()
        _activations.clear()
        _saliency.clear()
        _erf.clear()
        budget.release_memory()
        raise


def model_key(cfg: ModelConfig, choice: WeightsChoice) -> str:
    return f"{cfg.arch}|{cfg.hp}|{cfg.shape()}|{choice.key}"


def load_model(cfg: ModelConfig, choice: WeightsChoice) -> tuple[nn.Module, tuple[str, ...]]:
    """The model with its weights, and notes on what loading adapted. Raises ExplorerError."""
    # The spinners are drawn here, not by the cache decorators: their text is fixed at import, in one language.
    with st.spinner(_("Building the model and loading its weights…")), guarded():
        source = _("The weights in '{name}'", name=choice.label)
        return _model.get(model_key(cfg, choice), lambda: _build(cfg, choice, source))


# The process's models with weights, shared by every session (a model is immutable here): two at most, built
# one at a time, the older dropped before a new one is built (W.ModelCache).
_model = W.ModelCache(2)


def _build(cfg: ModelConfig, choice: WeightsChoice, source: str) -> tuple[nn.Module, tuple[str, ...]]:
    hp, _shape = bind_input(get(cfg.arch), cfg.hp_dict, cfg.shape())
    if choice.kind == "random":
        return W.build_random(cfg.arch, hp, seed=choice.seed), ()
    if choice.upload is not None:
        state_dict = W.read_state_dict(choice.upload.getvalue(), name=choice.label)
    else:
        state_dict = W.read_state_dict(choice.path)
    with torch.device("meta"):  # no time spent on an initialisation the file replaces
        model = get(cfg.arch).build(**hp)
    notes = W.load_state_dict(model, state_dict, arch=cfg.arch, torchvision=choice.torchvision, label=source)
    return model.eval(), tuple(notes)


def activations(mkey: str, image_key: str, model: nn.Module, x: torch.Tensor) -> feats.Activations:
    """The feature maps of ``model`` (loaded by :func:`load_model`, held by the caller) for image ``x``, kept
    across reruns; they hold the model weakly, so a model the model cache let go is freed, and its maps too."""
    acts = _activations(mkey, image_key, id(model), model, x)
    if not acts.uses(model):  # the id of a freed model, given again to a new one
        _activations.clear()
        acts = _activations(mkey, image_key, id(model), model, x)
    return acts


@st.cache_resource(max_entries=4, show_spinner=False)
def _activations(mkey: str, image_key: str, model_id: int, _model: nn.Module, _x: torch.Tensor) -> feats.Activations:
    return feats.Activations(_model, _x, keep_model=False)


def saliency(mkey: str, image_key: str, target: tuple[str, int], class_index: int | None, model: nn.Module, x: torch.Tensor) -> sal.Saliency:
    with st.spinner(_("Computing Grad-CAM and gradients…")), guarded():
        return _saliency(mkey, image_key, target, class_index, model, x)


@st.cache_data(max_entries=16, show_spinner=False)
def _saliency(mkey: str, image_key: str, target: tuple[str, int], class_index: int | None, _model: nn.Module, _x: torch.Tensor) -> sal.Saliency:
    return sal.saliency(_model, _x, target=target, class_index=class_index)


def erf(mkey: str, image_key: str, layer: tuple[str, int], unit: tuple, model: nn.Module, x: torch.Tensor) -> np.ndarray:
    with st.spinner(_("Back-propagating from the unit…")), guarded():
        return _erf(mkey, image_key, layer, unit, model, x)


@st.cache_data(max_entries=32, show_spinner=False)
def _erf(mkey: str, image_key: str, layer: tuple[str, int], unit: tuple, _model: nn.Module, _x: torch.Tensor) -> np.ndarray:
    return sal.effective_receptive_field(_model, _x, layer, unit)


def weight_layers(mkey: str, model: nn.Module) -> list[filt.WeightLayer]:
    with st.spinner(_("Summarising the weights…")):
        return _weight_layers(mkey, model)


@st.cache_data(max_entries=8, show_spinner=False)
def _weight_layers(mkey: str, _model: nn.Module) -> list[filt.WeightLayer]:
    return filt.weight_layers(_model)


def names_for(choice: WeightsChoice, n: int) -> tuple[str, ...]:
    """The outputs' names: the checkpoint's or run's classes when they fit, else "class 0", "class 1", … translated."""
    if choice.classes is not None and len(choice.classes) == n:
        return class_names(n, choice.classes)
    return tuple(_("class {i}", i=i) for i in range(n))


def timed(fn, *args, **kwargs):
    """(result, seconds): for the page's captions."""
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0

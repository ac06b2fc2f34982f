"""The Train page's pieces: settings, the live panel (a polling fragment), results and the runs list.

Nothing here trains: a run is handed to :mod:`explorer.training.worker`, which
trains it in its own process, and everything shown is read back from the run's
folder. So a rerun, a refresh or a second tab shows the same run, and the
script thread never waits for training.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from explorer.errors import ExplorerError
from explorer.training import datasets, runs as store, worker
from explorer.training.config import AUGMENTATIONS, OPTIMIZERS, TrainConfig
from explorer.training.schedules import RECIPES, SCHEDULES
from explorer.viz import training as figs
from explorer.zoo import get
from ui import state
from ui.urlstate import ModelConfig

POLL_S = 1.0
SPLITS = {0.0: "the official test set (generated separately for embedded data)", 0.1: "10 % of the training set", 0.2: "20 % of the training set"}
STATUS_COLOURS = {"queued": "gray", "starting": "blue", "running": "blue", "finished": "green", "stopped": "orange",
                  "diverged": "red", "out_of_memory": "red", "failed": "red"}
DEFAULTS = TrainConfig()


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def badge(status: str) -> str:
    return f":{STATUS_COLOURS.get(status, 'gray')}-badge[{store.STATUS_TEXT.get(status, status)}]"


# --- the run shown --------------------------------------------------------------------------


def select_from_url() -> None:
    """``?run=<id>`` from a link or a refresh selects that run (call before :func:`state.load_url`)."""
    q = st.query_params.to_dict()
    if q != st.session_state.get(state.URL_SEEN) and q.get(state.TRAIN_RUN_PARAM):
        st.session_state[state.TRAIN_RUN] = q[state.TRAIN_RUN_PARAM]


def current_run() -> store.Run | None:
    run_id = st.session_state.get(state.TRAIN_RUN)
    if not run_id:
        return None
    try:
        return store.get_run(run_id)
    except ExplorerError as err:
        st.warning(str(err))
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
def _accepts(arch: str, hp: tuple, shape: tuple[int, int, int], n_classes: int) -> str | None:
    """None when ``arch`` can be trained at ``shape``, else the reason."""
    from explorer.training.engine import resolve_model

    try:
        resolve_model(TrainConfig(architecture=arch, hyperparameters=dict(hp), input_shape=shape), n_classes)
    except ExplorerError as err:
        return str(err)
    return None


def _upload() -> str | None:
    """The zip uploader; returns the saved zip's path when it holds usable class folders."""
    from explorer.training.folders import MAX_ZIP_BYTES

    up = st.file_uploader("A zip with one folder per class", type=["zip"], key=state.TRAIN_ZIP,
                          help=f"cats/1.jpg, cats/2.png, dogs/1.jpg, …  At most {MAX_ZIP_BYTES // 2**20} MB.")
    if up is None:
        return None
    saved = st.session_state.get(state.TRAIN_ZIP_PATH)
    if not saved or saved[0] != up.file_id:
        data = up.getvalue()
        folder = datasets.data_dir() / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}.zip"
        if not path.is_file():
            store.write_atomic(path, data)
        saved = (up.file_id, str(path))
        st.session_state[state.TRAIN_ZIP_PATH] = saved
    summary = _zip_summary(saved[1])
    if summary.startswith("!"):
        st.error(summary[1:], icon="⚠️")
        return None
    st.caption(summary)
    return saved[1]


@st.cache_data(max_entries=16, show_spinner=False)
def _zip_summary(path: str) -> str:
    """What the zip holds, in a sentence ("!" and the reason when it cannot be used); its name is its content's hash."""
    from explorer.training.folders import inspect_zip

    try:
        listing = inspect_zip(path)
    except ExplorerError as err:
        return "!" + str(err)
    counts = ", ".join(f"{name} {n}" for name, n in list(listing.counts().items())[:8])
    more = " …" if len(listing.classes) > 8 else ""
    return f"{len(listing.entries):,} images in {len(listing.classes)} classes: {counts}{more}."


def settings(model: ModelConfig | None) -> TrainConfig | None:
    """The data and optimisation controls; the configuration they describe, or None (with the reason shown)."""
    saved: dict[str, Any] = st.session_state.get(state.TRAIN_SETTINGS) or {}
    st.subheader("Data")
    state.ensure(state.TRAIN_DATASET, saved.get("dataset", DEFAULTS.dataset))
    name = st.selectbox("Dataset", list(datasets.DATASETS), key=state.TRAIN_DATASET, on_change=_on_dataset,
                        format_func=lambda n: datasets.DATASETS[n].title)
    info = datasets.get_dataset(name)
    st.caption(info.source)
    zip_path = _upload() if info.kind == "folder" else None
    if info.kind == "standard":
        missing = datasets.missing_files(name)
        if missing:
            size = sum(f.size or 0 for f in info.files if f.name in missing)
            st.caption(f"Not in {datasets.data_dir() / info.folder} yet: pressing Train downloads it "
                       f"({size / 2**20:.0f} MB, checksums verified) when this machine is online.")

    problem = None
    if model is not None:
        shape = model.shape()
        classes = info.classes or ("?",) * 2
        short = info.title.split(" (")[0]
        for note in datasets.describe_adaptation(info.shape, shape, title=f"{short} images" if info.shape else short):
            st.info(note, icon=":material/transform:")
        if info.shape is not None and tuple(info.shape) != tuple(shape):
            if _accepts(model.arch, model.hp, tuple(info.shape), len(classes)) is None:
                st.button(f"Train at {'×'.join(map(str, info.shape))}, the images' own size", key=state.TRAIN_FIT_INPUT,
                          on_click=_fit_input, args=(tuple(info.shape),), width="stretch")
        n_cls = model.hp_dict.get("num_classes", get(model.arch).defaults().get("num_classes"))
        if info.classes and n_cls != len(info.classes):
            st.caption(f"num_classes is set to {len(info.classes)}, the dataset's number of classes (the sidebar says {n_cls}).")
        problem = _accepts(model.arch, model.hp, tuple(shape), len(info.classes) or 2)
        if problem is None and info.shape is not None:
            try:
                datasets.check_channels(info.shape, tuple(shape), f"{short} images")
            except ExplorerError as err:
                problem = str(err)

    st.subheader("Optimisation")
    state.ensure(state.TRAIN_SCHEDULE, saved.get("schedule", DEFAULTS.schedule))
    state.ensure(state.TRAIN_OPTIMIZER, saved.get("optimizer", DEFAULTS.optimizer))
    state.ensure(state.TRAIN_LR, saved.get("lr", DEFAULTS.lr))
    state.ensure(state.TRAIN_MOMENTUM, saved.get("momentum", DEFAULTS.momentum))
    state.ensure(state.TRAIN_WEIGHT_DECAY, saved.get("weight_decay", DEFAULTS.weight_decay))
    state.ensure(state.TRAIN_BATCH, saved.get("batch_size", DEFAULTS.batch_size))
    state.ensure(state.TRAIN_EPOCHS, saved.get("epochs", DEFAULTS.epochs))
    schedule = st.selectbox("Learning-rate schedule", list(SCHEDULES), key=state.TRAIN_SCHEDULE, format_func=SCHEDULES.get,
                            on_change=_apply_recipe, help="The books' recipes also set the optimizer, learning rate and weight decay.")
    if schedule in RECIPES:
        st.caption(f"Recipe: {RECIPES[schedule].source}.")
    c1, c2 = st.columns(2)
    optimizer = c1.selectbox("Optimizer", list(OPTIMIZERS), key=state.TRAIN_OPTIMIZER, format_func=OPTIMIZERS.get)
    lr = c2.number_input("Learning rate", min_value=1e-6, max_value=10.0, step=1e-4, format="%g", key=state.TRAIN_LR)
    c1, c2 = st.columns(2)
    momentum = c1.number_input("Momentum", min_value=0.0, max_value=0.999, step=0.05, format="%g", key=state.TRAIN_MOMENTUM,
                               disabled=optimizer != "sgd", help="SGD only.")
    weight_decay = c2.number_input("Weight decay", min_value=0.0, max_value=1.0, step=1e-4, format="%g", key=state.TRAIN_WEIGHT_DECAY)
    c1, c2 = st.columns(2)
    batch = c1.number_input("Batch size", min_value=1, max_value=4096, step=16, key=state.TRAIN_BATCH)
    epochs = c2.number_input("Epochs", min_value=1, max_value=1000, step=1, key=state.TRAIN_EPOCHS)

    with st.expander("Data size, augmentation, seed, device"):
        state.ensure(state.TRAIN_SIZE, saved.get("train_size") or info.train_size or 0)
        state.ensure(state.TRAIN_SPLIT, saved.get("val_fraction", 0.0))
        state.ensure(state.TRAIN_AUGMENT, saved.get("augmentation", info.augmentation))
        state.ensure(state.TRAIN_SEED, saved.get("seed", DEFAULTS.seed))
        state.ensure(state.TRAIN_DEVICE, saved.get("device", "auto"))
        state.ensure(state.TRAIN_AMP, saved.get("amp", True))
        state.ensure(state.TRAIN_STEPS, saved.get("max_steps") or 0)
        steps = st.number_input("Stop after this many steps (0: all the epochs)", min_value=0, max_value=10_000_000, step=100,
                                key=state.TRAIN_STEPS)
        size = st.number_input("Training images (0: all)", min_value=0, max_value=1_000_000, step=1000, key=state.TRAIN_SIZE,
                               help="For the embedded datasets, how many to generate; for the others, at most this many.")
        split = st.selectbox("Validation on", list(SPLITS), key=state.TRAIN_SPLIT, format_func=SPLITS.get)
        augmentation = st.selectbox("Augmentation", list(AUGMENTATIONS), key=state.TRAIN_AUGMENT, format_func=AUGMENTATIONS.get,
                                    help="Flips suit photos and shapes, not digits (a flipped 2 is not a 2).")
        seed = st.number_input("Seed", min_value=0, max_value=2**31 - 1, step=1, key=state.TRAIN_SEED,
                               help="The same seed gives the same run on a CPU.")
        devices = ["auto", "cpu", *_gpus()]
        if st.session_state[state.TRAIN_DEVICE] not in devices:
            st.session_state[state.TRAIN_DEVICE] = "auto"
        device = st.selectbox("Device", devices, key=state.TRAIN_DEVICE,
                              format_func=lambda d: {"auto": "auto (CUDA, then MPS, then CPU)", "cpu": "CPU"}.get(d, d.upper()))
        amp = st.toggle("Mixed precision and channels-last (CUDA)", key=state.TRAIN_AMP, disabled="cuda" not in devices,
                        help="Used on a CUDA GPU only: about twice the speed, half the activation memory.")

    cfg = TrainConfig(
        architecture=model.arch if model else DEFAULTS.architecture,
        hyperparameters=model.hp_dict if model else {},
        input_shape=model.shape() if model else None,
        dataset=name, dataset_path=zip_path, train_size=int(size) or None, val_fraction=float(split),
        optimizer=optimizer, lr=float(lr), momentum=float(momentum), weight_decay=float(weight_decay),
        schedule=schedule, batch_size=int(batch), epochs=int(epochs), max_steps=int(steps) or None,
        augmentation=augmentation, seed=int(seed),
        device=device, amp=bool(amp), channels_last=bool(amp),
    )
    st.session_state[state.TRAIN_SETTINGS] = cfg.to_dict()
    if model is None:
        return None
    if problem:
        st.error(problem, icon="⚠️")
        return None
    if info.kind == "folder" and not zip_path:
        st.caption("Upload a zip of class folders to train on your own images.")
        return None
    try:
        return cfg.check()
    except ExplorerError as err:
        st.error(str(err), icon="⚠️")
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


def start(cfg: TrainConfig) -> None:
    """The Train button's callback: queue ``cfg`` as a new run and show it, or keep the reason it cannot train.

    A callback, so that it runs once per click before the page is drawn again.
    """
    try:
        run = worker.submit(cfg)
    except ExplorerError as err:
        st.session_state[state.TRAIN_ERROR] = str(err)
        return
    st.session_state.pop(state.TRAIN_ERROR, None)
    _show(run.id)


def start_error() -> None:
    """Why the last Train press did not start a run, if it did not."""
    message = st.session_state.pop(state.TRAIN_ERROR, None)
    if message:
        st.error(message, icon="⚠️")


# --- the live panel -------------------------------------------------------------------------


def live(run: store.Run) -> None:
    """The run's state, progress, curves and filters; redrawn every second while it is queued or running."""
    active = run.status().get("status") in store.ACTIVE

    @st.fragment(run_every=POLL_S if active else None)
    def panel() -> None:
        if active:
            worker.tick()  # starts it when its turn comes; notices a worker that died
        st_ = run.status()
        status = st_.get("status", "failed")
        if active and status not in store.ACTIVE:
            st.rerun()  # the whole page: results appear and polling stops
        _header(run, st_)
        metrics = run.metrics()
        _progress(run, st_, metrics)
        if metrics:
            st.plotly_chart(figs.curves_figure(metrics), key="train_curves", config={"displaylogo": False})
        _filters_and_lr(run, metrics)

    panel()


def _header(run: store.Run, st_: dict[str, Any]) -> None:
    status = st_.get("status", "failed")
    c1, c2 = st.columns([4, 1.3], vertical_alignment="center")
    c1.markdown(f"**{run.label()}** &nbsp; {badge(status)}")
    c1.caption(f"Run `{run.id}`")
    notes = run.config().get("data_notes") or []
    if notes:
        st.caption("Data: " + " ".join(notes))
    if status in store.ACTIVE:
        c2.button("Stop", key=state.TRAIN_STOP, icon=":material/stop:", width="stretch", on_click=worker.stop, args=(run,))
    elif status in ("stopped", "failed") and run.checkpoint_path.is_file():
        c2.button("Resume", key=state.TRAIN_RESUME, icon=":material/play_arrow:", width="stretch", on_click=_resume, args=(run,))
    if status == "queued":
        pos = worker.queue_position(run)
        ahead = f"{pos - 1} run{'s' if pos and pos > 2 else ''} ahead of it" if pos and pos > 1 else "next"
        device = run.config().get("device", "cpu")
        st.info(f"Queued for the {device.upper()} ({ahead}): one run trains per device at a time; it starts by itself.",
                icon=":material/schedule:")
    elif status == "finished":
        st.success(st_.get("message", "Finished."), icon=":material/check_circle:")
    elif status == "stopped":
        st.warning(st_.get("message", "Stopped.") + (" Resume continues from where it stopped." if run.checkpoint_path.is_file() else ""),
                   icon=":material/pause_circle:")
    elif status in ("diverged", "out_of_memory", "failed"):
        text = st_.get("message", "The run failed.")
        if st_.get("suggestion"):
            text += " " + st_["suggestion"]
        st.error(text, icon=":material/error:")
        if status == "failed":
            with st.expander("Log"):
                st.code(run.log_tail(30), language=None)


def _resume(run: store.Run) -> None:
    try:
        worker.resume(run)
    except ExplorerError as err:
        st.toast(str(err))


def _progress(run: store.Run, st_: dict[str, Any], metrics: list[dict[str, Any]]) -> None:
    status = st_.get("status")
    train = [m for m in metrics if m.get("kind") == "train"]
    val = [m for m in metrics if m.get("kind") == "val"]
    if status in ("starting", "running") and not train:
        frac = st_.get("data_fraction")
        st.progress(float(frac) if frac is not None else 0.0, text=st_.get("phase_text") or "Starting the worker…")
        return
    if not train:
        return
    last = train[-1]
    total = int(st_.get("total_steps") or (st_.get("summary") or {}).get("total_steps") or last["step"])
    epochs = st_.get("epochs") or (st_.get("summary") or {}).get("epochs") or "?"
    done = min(1.0, last["step"] / max(1, total))
    live = f" · {last.get('images_per_s', 0):,.0f} images/s · ETA {clock(last.get('eta_s'))}" if status in store.ACTIVE else ""
    st.progress(done, text=f"Step {last['step']:,} of {total:,} · epoch {last['epoch']:.2f} of {epochs}{live}")
    speed = (st_.get("summary") or {}).get("images_per_s") if status not in store.ACTIVE else None
    cols = st.columns(5 if "gpu_mem_mb" in last else 4)
    cols[0].metric("Training loss", f"{last['loss']:.4f}", help="Mean over the last few steps.")
    cols[1].metric("Training accuracy", f"{last['acc']:.1%}", help="Over the last few steps.")
    cols[2].metric("Validation accuracy", f"{val[-1]['acc']:.1%}" if val else "–", help="Measured at the end of every epoch.")
    cols[3].metric("Images/s", f"{speed or last.get('images_per_s', 0):,.0f}",
                   help="Over the whole run." if speed else "Over the last few steps.")
    if "gpu_mem_mb" in last:
        cols[4].metric("GPU memory (peak)", f"{last['gpu_mem_mb']:,.0f} MB")


def _filters_and_lr(run: store.Run, metrics: list[dict[str, Any]]) -> None:
    now, init = run.filters(), run.filters(initial=True)
    c1, c2 = st.columns([3, 2])
    with c1:
        if now is not None:
            st.markdown(f"**First-layer filters** ({now.shape[0]} of {now.shape[2]}×{now.shape[3]})")
            a, b = st.columns(2)
            if init is not None:
                a.image(figs.filter_grid(init), caption="at initialisation", width="stretch")
            b.image(figs.filter_grid(now), caption="now" if run.status().get("status") in store.ACTIVE else "after training",
                    width="stretch")
    with c2:
        if any(m.get("kind") == "train" for m in metrics):
            st.plotly_chart(figs.lr_figure(metrics), key="train_lr", config={"displaylogo": False})


# --- after training -------------------------------------------------------------------------


def results(run: store.Run) -> None:
    """Confusion matrix, the most confident mistakes, and a way into the Inside page."""
    ev = run.evaluation()
    if not ev:
        return
    st.subheader("What the trained model gets wrong")
    c1, c2 = st.columns([1, 1])
    with c1:
        st.plotly_chart(figs.confusion_figure(ev["confusion"], ev["classes"]), key="train_confusion")
    with c2:
        images = run.misclassified_images()
        wrong = ev.get("misclassified") or []
        st.markdown(f"**The {len(wrong)} most confident mistakes** on the validation set")
        if images is not None and len(wrong):
            st.image(figs.misclassified_grid(images, wrong, ev["classes"]), width="stretch")
        else:
            st.caption("No mistakes on the validation set.")
    link, download = st.columns([2, 1])
    with link:
        try:
            st.page_link("pages/inside.py", label="Open in the Inside page with the trained weights", icon=":material/visibility:",
                         query_params={"run": run.id})
        except Exception:  # noqa: BLE001  the Inside page is not in this app's navigation
            st.markdown(f"[Open in the Inside page with the trained weights](inside?run={run.id})")
    with download:
        path = run.weights_path("final")
        if path.is_file():
            st.download_button("Download the weights (state_dict)", path.read_bytes, f"{run.id}.pt",  # read on click
                               "application/octet-stream", width="stretch", key="train_download")


# --- the runs list --------------------------------------------------------------------------


def _row(run: store.Run) -> dict[str, Any]:
    st_ = run.status()
    summary = st_.get("summary") or {}
    c = run.config()
    t = c.get("train", {})
    return {
        "run": run.label(), "status": store.STATUS_TEXT.get(st_.get("status"), st_.get("status")),
        "validation accuracy": summary.get("final_val_acc"), "best": summary.get("best_val_acc"),
        "steps": summary.get("step") or st_.get("step"), "images/s": summary.get("images_per_s"),
        "batch": t.get("batch_size"), "schedule": t.get("schedule"), "id": run.id,
    }


def runs_list(selected: store.Run | None) -> None:
    """Every run in the runs folder; pick one to show, or several to overlay their curves."""
    st.subheader("Runs")
    all_runs = store.list_runs()
    if not all_runs:
        st.caption("No runs yet: press Train. Runs are kept in the runs folder and survive a refresh or a restart.")
        return
    labels = {r.id: r.label() for r in all_runs}
    frame = pd.DataFrame([_row(r) for r in all_runs])
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        "validation accuracy": st.column_config.NumberColumn(format="percent"),
        "best": st.column_config.NumberColumn(format="percent"),
        "images/s": st.column_config.NumberColumn(format="%.0f"),
    })
    ids = [r.id for r in all_runs]
    st.session_state[state.TRAIN_PICK] = selected.id if selected is not None else None
    st.selectbox("Show this run above", ids, key=state.TRAIN_PICK, format_func=lambda i: f"{labels[i]}  ({i})",
                 placeholder="pick a run", on_change=lambda: _show(st.session_state[state.TRAIN_PICK]))
    state.ensure(state.TRAIN_COMPARE, [selected.id] if selected is not None else ids[:1])
    st.session_state[state.TRAIN_COMPARE] = [i for i in st.session_state[state.TRAIN_COMPARE] if i in labels]
    chosen = st.multiselect("Compare the curves of", ids, key=state.TRAIN_COMPARE, format_func=labels.get,
                            help="For example the same network plain and residual, or SGD against Adam.")
    state.ensure(state.TRAIN_OVERLAY, "val_acc")
    metric = st.segmented_control("Curve", list(figs.OVERLAY_METRICS), key=state.TRAIN_OVERLAY,
                                  format_func=lambda m: figs.OVERLAY_METRICS[m][0]) or "val_acc"
    if chosen:
        series = [(labels[i], store.Run(store.runs_dir() / i).metrics()) for i in chosen]
        st.plotly_chart(figs.overlay_figure(series, metric), key="train_overlay")


"""The Choose page's pieces: widget keys, cached rows, the measurement job and its polling progress bar.

Measuring runs in a worker *process* (:func:`explorer.inside.latency.measure`);
here a thread only waits for it and copies its progress into a :class:`Job`
kept in the session, which a ``st.fragment(run_every=…)`` draws. No ``st.*``
call is made from the thread. Results land in the latency cache on disk, so a
rerun, another user or a restart shows them without measuring again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import streamlit as st

from explorer.analysis import backbones as bb
from explorer.inside import latency as lat
from ui.i18n import _, error_text, N_, NP_

# --- keys ---------------------------------------------------------------------------------
PRESET = "ch:preset"
METRIC = "ch:metric"
RECIPE = "ch:recipe"
MAX_PARAMS = "ch:max_params"  # millions
MAX_MS = "ch:max_ms"
MIN_RF = "ch:min_rf"
BATCH = "ch:batch"
REPEATS = "ch:repeats"
DEVICE = "ch:device"
FOCUS = "ch:focus"
JOB = "ch:job"
REFUSED = "ch:refused"  # the message of a request the budget refused, shown once

ALL = "all"
#: Preset name (the library's key) → catalogue key of its label.
PRESET_KEYS = {
    "mobile backbones": N_("Mobile backbones"),
    "ResNet vs ResNeXt vs Wide ResNet": N_("ResNet vs ResNeXt vs Wide ResNet"),
    "EfficientNet B0–B7": N_("EfficientNet B0–B7"),
    "2012 → 2022": N_("2012 → 2022"),
}
POLL_S = 0.5


@dataclass
class Job:
    """A measurement the page started: progress copied from the worker's events; read by the polling fragment."""

    archs: tuple[str, ...]
    progress: lat.Progress | None = None
    error: BaseException | None = None
    finished: bool = False
    started: float = field(default_factory=time.monotonic)


def start(archs: list[str], *, batch: int, device: str, repeats: int) -> Job:
    """Start measuring ``archs`` in the background.

    Raises:
        ExplorerError: a request over the work budget, at once (the analysis is cached: nothing is built).
    """
    lat.plan(archs, batches=[1] if batch == 1 else [1, batch])
    job = Job(tuple(archs))

    def work() -> None:
        try:
            lat.measure(archs, batch=batch, device=device, repeats=repeats,
                        progress=lambda p: setattr(job, "progress", p))
        except Exception as err:  # noqa: BLE001 - shown on the page (a library error in its language)
            job.error = err
        finally:
            job.finished = True

    threading.Thread(target=work, name="choose-measure", daemon=True).start()
    return job


@st.fragment(run_every=POLL_S)
def progress_panel() -> None:
    """The progress bar with an ETA while a measurement runs; the whole page reruns when it ends."""
    job: Job | None = st.session_state.get(JOB)
    if job is None:
        return
    if job.finished:
        if job.error is None:
            st.session_state.pop(JOB, None)
        st.rerun(scope="app")
    p = job.progress
    if p is None:
        st.progress(0.0, text=_("Starting the measurement of {n} models…", n=len(job.archs)))
        return
    line = _("Measuring {arch} at batch {batch} ({done} of {total} done)", arch=p.arch, batch=p.batch, done=p.done, total=p.total)
    if p.eta_s is not None:
        line += " · " + _(NP_("choose.measure.eta", "about {seconds} s left"), seconds=f"{p.eta_s:,.0f}")
    st.progress(min(1.0, p.fraction), text=line)


def job_error() -> str | None:
    """The failed job's message in the interface's language (and forget the job), or None."""
    job: Job | None = st.session_state.get(JOB)
    if job is not None and job.finished and job.error is not None:
        st.session_state.pop(JOB, None)
        err = job.error
        return error_text(err) if isinstance(err, lat.ExplorerError) else _("The measurement failed; try fewer models or a smaller batch.")
    return None


def on_measure(archs: list[str], *, batch: int, device: str, repeats: int) -> None:
    """The Measure button's callback: start a job, or keep the refusal's message for the page to show."""
    try:
        st.session_state[JOB] = start(archs, batch=batch, device=device, repeats=repeats)
    except lat.ExplorerError as err:
        st.session_state[REFUSED] = error_text(err)


def running() -> bool:
    job: Job | None = st.session_state.get(JOB)
    return job is not None and not job.finished


# --- data ---------------------------------------------------------------------------------------


@st.cache_data(max_entries=256, show_spinner=False)
def analysed_row(arch: str, recipe: str) -> bb.Row:
    return bb.row(arch, recipe=recipe)


@st.cache_data(ttl=3600, show_spinner=False)
def device_info(device: str) -> dict:
    return lat.device_info(device)


def rows(archs: list[str], *, recipe: str, batch: int, device: str, repeats: int) -> list[bb.Row]:
    """Each architecture's row, with the latencies already in the cache (nothing is measured here)."""
    out = []
    for a in archs:
        r = analysed_row(a, recipe)
        one = lat.cached(a, batch=1, device=device, repeats=repeats)
        many = lat.cached(a, batch=batch, device=device, repeats=repeats) if batch != 1 else one
        if one is not None or many is not None:
            mem = many or one
            r = bb.Row(**{**r.__dict__, "latency_ms": one.median_ms if one else None,
                          "batch_ms": many.per_image_ms if many else None, "memory_bytes": mem.memory_bytes,
                          "memory_measured": mem.memory_measured})
        out.append(r)
    return out


def devices() -> list[str]:
    import torch

    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]

"""When will a queued run start? Its place on its device, and a time from the runs ahead of it.

Each run ahead takes its configured steps (epochs × batches per epoch, or its
``max_steps``, within the operator's ``max_run_steps``) at the seconds per step
that finished runs like it took on this server: the same model, dataset, batch
size and input first, then the same model, then any run on the device. A run
already training counts the time its own ETA says is left. The device trains
``max_runs_per_device`` runs at once, so the runs ahead are laid on that many
lanes in queue order; the run starts when the first lane comes free.

Nothing is known on a fresh server: the estimate is then None and the page
shows the place alone.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.errors import ExplorerError
from explorer.settings import settings
from explorer.training.runs import ACTIVE, Run, list_runs

HISTORY_TTL_S = 30.0  # the finished runs are read again at most this often (every open Train page polls)
_history: dict[Path, tuple[float, list[tuple[tuple, float, float]]]] = {}


@dataclass(frozen=True)
class Wait:
    """A queued run's place (1: next to start) and the seconds until it should start (None: not known yet)."""

    place: int
    ahead: int
    seconds: float | None


def _similarity(config: dict[str, Any]) -> tuple:
    t = config.get("train", {})
    return (config.get("device"), config.get("architecture"), config.get("dataset"), t.get("batch_size"),
            tuple(config.get("input_shape") or ()))


def history(root: str | Path) -> list[tuple[tuple, float, float]]:
    """(similarity key, seconds per step, seconds in all) of the runs that trained and ended; cached a little while."""
    root = Path(root)
    now = time.monotonic()
    cached = _history.get(root)
    if cached and now - cached[0] < HISTORY_TTL_S:
        return cached[1]
    out = []
    for run in list_runs(root):
        st = run.status()
        summary = st.get("summary") or {}
        if st.get("status") in ACTIVE or not summary.get("step") or not summary.get("elapsed_s"):
            continue
        try:
            key = _similarity(run.config())
        except ExplorerError:
            continue
        out.append((key, summary["elapsed_s"] / summary["step"], float(summary["elapsed_s"])))
    _history[root] = (now, out)
    return out


def forget_history() -> None:
    """Read the finished runs again at the next estimate (tests)."""
    _history.clear()


def _similar(key: tuple, past: list[tuple[tuple, float, float]]) -> list[tuple[tuple, float, float]]:
    """The past runs most like ``key``: all of device, model, dataset, batch and input; else device and model; else device."""
    for width in (5, 2, 1):
        found = [p for p in past if p[0][:width] == key[:width]]
        if found:
            return found
    return []


def planned_steps(config: dict[str, Any]) -> int | None:
    """The steps a run is configured to take (None when its dataset's size is not known before it loads)."""
    from explorer.training.datasets import DATASETS

    t = config.get("train", {})
    images = config.get("train_images") or t.get("train_size")
    info = DATASETS.get(config.get("dataset", ""))
    if not images and info is not None:
        images = info.train_size
    steps = None
    if images and t.get("batch_size"):
        images = images * (1 - float(t.get("val_fraction") or 0)) if not config.get("train_images") else images
        steps = max(1, math.ceil(images / int(t["batch_size"]))) * int(t.get("epochs") or 1)
    if t.get("max_steps"):
        steps = min(steps, int(t["max_steps"])) if steps else int(t["max_steps"])
    limit = settings().max_run_steps
    return min(steps, limit) if steps and limit else steps


def duration(run: Run, past: list[tuple[tuple, float, float]]) -> float | None:
    """Seconds ``run`` should take from its start, or what is left of it when it is training (None: not known)."""
    try:
        config = run.config()
    except ExplorerError:
        return None
    st = run.status()
    if st.get("status") == "running" and st.get("eta_s") is not None:
        left = float(st["eta_s"])
    else:
        like = _similar(_similarity(config), past)
        steps = planned_steps(config)
        if not like:
            return None
        if steps is not None:
            done = int(st.get("step") or 0) if config.get("resume") else 0
            left = statistics.median(p[1] for p in like) * max(0, steps - done)
        else:
            left = statistics.median(p[2] for p in like)
    limit = settings().max_run_seconds
    return min(left, float(limit)) if limit else left


def wait(run: Run) -> Wait | None:
    """``run``'s place in its device's queue and when it should start; None when it is not queued."""
    from explorer.training.queue import active_runs, device_of, max_per_device, queued_in_order

    if run.status().get("status") != "queued":
        return None
    root, device = run.path.parent, device_of(run)
    order = queued_in_order(device, root)
    if run not in order:
        return None
    place = order.index(run) + 1
    past = history(root)
    training = [r for r in active_runs(root) if r.status().get("status") != "queued" and device_of(r) == device]
    lanes = [0.0] * max(0, max_per_device() - len(training))
    for r in training:
        left = duration(r, past)
        if left is None:
            return Wait(place, place - 1 + len(training), None)
        lanes.append(left)
    lanes.sort()
    for r in order[: place - 1]:  # the queued runs ahead, each on the first lane to come free
        took = duration(r, past)
        if took is None:
            return Wait(place, place - 1 + len(training), None)
        lanes[0] += took
        lanes.sort()
    return Wait(place, place - 1 + len(training), lanes[0] if lanes else None)

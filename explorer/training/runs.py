"""The runs store: one folder per run, so that nothing is lost on a refresh, a closed tab or a restart.

``$EXPLORER_RUNS`` (default ``./runs``) holds one folder per run, named by its id
(``20250612-101502-lenet5-digits-3f2a``)::

    config.json      {"id", "architecture", "hyperparameters", "input_shape", "dataset", "classes",
                      "status", "created", "title", "train": {every TrainConfig field}, "device",
                      "normalization": {"mean", "std"}, "data_notes": [{"text", "key", "params"}, ...],
                      "owner", "owner_name", "name", "shared"}
    status.json      {"status", "message", "suggestion", "phase", "phase_text", "step", "total_steps", "eta_s", "pid",
                      "summary", ...}
    metrics.jsonl    one JSON record a line, appended as training goes:
                       {"kind": "train", "step", "epoch", "loss", "acc", "lr", "images_per_s", "eta_s", "elapsed_s"[, "gpu_mem_mb"]}
                       {"kind": "val", "step", "epoch", "loss", "acc", "lr", "elapsed_s"}
    log.txt          what happened, in words (and any traceback)
    weights/final.pt weights/best.pt   ``torch.save(model.state_dict())``, CPU tensors; best = highest validation accuracy
    checkpoint.pt    model, optimizer, schedule and random states, to resume
    filters.npy filters_init.npy       the first convolution's weights now and at initialisation
    evaluation.json  {"confusion", "classes", "misclassified": [{"index", "true", "pred", "confidence"}], "val_acc", ...}
    misclassified.npy  the images of those mistakes (uint8 N×C×H×W)
    STOP             present when a stop was asked for
    heartbeat        touched every few seconds while a process works on the run

``hyperparameters`` and ``input_shape`` are exactly what the model was built
with, so ``explorer.build(architecture, **hyperparameters)`` followed by
``load_state_dict(torch.load("weights/final.pt"))`` gives the trained model;
``normalization`` is what its inputs were normalised with (in [0, 1] units).
``owner`` is the id of the person who made the run (:mod:`explorer.classroom`; ``""``
is the local user: the command line, or a server with no class), ``owner_name`` their name, ``name`` what the owner calls
the run, ``shared`` whether the teacher shows it to the whole class. This module
stores them; :mod:`explorer.classroom` decides who may do what.

This is the one runs store: the Train page, the Inside page ("weights of a run"),
the worker and the command line all read runs through it.

The sentences are English, and each keeps its key and values beside it so that
the app can say it in another language (:mod:`explorer.notes`): a data note is
a :meth:`~explorer.notes.Note.to_json` object, and status.json's ``message``,
``suggestion`` and ``phase_text`` have ``<name>_template`` and ``<name>_params``
fields (:func:`~explorer.notes.fields`); a run that failed on a library error
keeps that error's ``error_template`` and ``error_params``.
Every file is written atomically (a temporary file renamed into place) except
the append-only ``metrics.jsonl`` and ``log.txt``, whose readers ignore a
partial last line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # Windows: no advisory locks
    fcntl = None  # type: ignore[assignment]

import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from explorer.errors import ExplorerError
from explorer.training.config import TrainConfig
from explorer.i18n import N_

RUNS_ENV = "EXPLORER_RUNS"
ACTIVE = ("queued", "starting", "running")
TERMINAL = ("finished", "stopped", "diverged", "out_of_memory", "failed")
STATUS_TEXT = {  # the message ids of the interface's words for them (ui: _(STATUS_TEXT[status]))
    "queued": N_("Queued"), "starting": N_("Starting"), "running": N_("Running"), "finished": N_("Finished"),
    "stopped": N_("Stopped"), "diverged": N_("Diverged"), "out_of_memory": N_("Out of memory"), "failed": N_("Failed"),
}
#: A well-formed run id: one name of letters, digits, ``.``, ``_``, ``-`` that starts with a letter or digit
#: (so never ``..``, never a slash): checked before any path is formed from an id that came from a link.
RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
HEARTBEAT_S = 2.0
HEARTBEAT_STALE_S = 60.0


def valid_run_id(run_id: object) -> bool:
    """Whether ``run_id`` is a well-formed run id (:data:`RUN_ID`), whatever the disk holds."""
    return isinstance(run_id, str) and RUN_ID.fullmatch(run_id) is not None


def shown_run_id(run_id: object) -> str:
    """``run_id`` as a message may quote it: at most 80 characters, anything but letters, digits and ``._/-`` as ``?``
    (an id from a link is data, and the app's messages render Markdown)."""
    return re.sub(r"[^A-Za-z0-9._/-]", "?", run_id if isinstance(run_id, str) else repr(run_id))[:80]


class RunNotFound(ExplorerError):
    """A run id that is not in the runs folder."""


class RunBusy(ExplorerError):
    """An action that needs the run's process to have ended (deleting a run that trains)."""


def runs_dir(root: str | Path | None = None) -> Path:
    """``root``, else ``$EXPLORER_RUNS``, else ``./runs``, as an absolute path."""
    return Path(root if root is not None else os.environ.get(RUNS_ENV, "runs")).resolve()


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (created with its folder), across processes and threads: each ``open`` holds its own.

    Not re-entrant: never take the same lock twice in one process. Without ``fcntl`` (Windows) it does not lock.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        if fcntl is not None:
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(f, fcntl.LOCK_UN)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_atomic(path: Path, save: Callable[[Path], None]) -> None:
    """Like :func:`write_atomic` for writers that take a path (``torch.save``, ``np.save``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(3)}.tmp")
    try:
        save(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, default=lambda o: o.item() if hasattr(o, "item") else str(o))


def pid_alive(pid: int | None) -> bool:
    """Whether process ``pid`` exists and is not a zombie (on this machine)."""
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


class Run:
    """One run's folder. Cheap to create; every accessor reads the disk (another process writes it)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.id = self.path.name

    def __repr__(self) -> str:
        return f"Run({self.id!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Run) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    # -- files --
    def file(self, name: str) -> Path:
        return self.path / name

    @property
    def metrics_path(self) -> Path:
        return self.path / "metrics.jsonl"

    @property
    def log_path(self) -> Path:
        return self.path / "log.txt"

    @property
    def checkpoint_path(self) -> Path:
        return self.path / "checkpoint.pt"

    def weights_path(self, which: str = "final") -> Path:
        return self.path / "weights" / f"{which}.pt"

    # -- config and status --
    def config(self) -> dict[str, Any]:
        cfg = _read_json(self.path / "config.json")
        if cfg is None:
            raise RunNotFound(
                N_("The run {run!r} has no readable config.json."), run=self.id
            )
        return cfg

    def train_config(self) -> TrainConfig:
        return TrainConfig.from_dict(self.config()["train"])

    def update_config(self, **fields: Any) -> None:
        cfg = self.config()
        cfg.update(fields)
        write_atomic(self.path / "config.json", _json(cfg))

    def status(self) -> dict[str, Any]:
        st = _read_json(self.path / "status.json")
        if st is None:
            st = {"status": (_read_json(self.path / "config.json") or {}).get("status", "failed")}
        return st

    def set_status(self, status: str, **fields: Any) -> None:
        """A new state (and fields), in config.json's "status" and in status.json.

        config.json first: a reader polls status.json, and when that shows the new state
        config.json already agrees (the other order let a reader see "finished" beside "running").
        """
        if (_read_json(self.path / "config.json") or {}).get("status") != status:
            self.update_config(status=status)
        st = {"status": status, "updated": time.time(), **fields}
        write_atomic(self.path / "status.json", _json(st))

    def update_status(self, **fields: Any) -> None:
        """Add or change fields of status.json, keeping the state."""
        st = self.status()
        st.update(fields, updated=time.time())
        write_atomic(self.path / "status.json", _json(st))

    # -- metrics and log --
    def metrics(self) -> list[dict[str, Any]]:
        """Every complete record of metrics.jsonl (a line being written is skipped)."""
        try:
            text = self.metrics_path.read_text(encoding="utf-8")
        except OSError:
            return []
        out = []
        for line in text.splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def truncate_metrics(self, last_step: int) -> None:
        """Drop records after ``last_step`` (a resume from an earlier checkpoint)."""
        kept = [r for r in self.metrics() if r.get("step", 0) <= last_step]
        write_atomic(self.metrics_path, "".join(json.dumps(r) + "\n" for r in kept))

    def log(self, message: str) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(f"{stamp}  {message}\n")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- stop --
    def request_stop(self) -> None:
        (self.path / "STOP").touch()

    def stop_requested(self) -> bool:
        return (self.path / "STOP").exists()

    def clear_stop(self) -> None:
        (self.path / "STOP").unlink(missing_ok=True)

    # -- liveness --
    def beat(self) -> None:
        (self.path / "heartbeat").touch()

    def worker_alive(self, st: dict[str, Any] | None = None) -> bool:
        """Whether the process working on this run (per ``st``, default: status.json now) is still there.

        The process must exist and its heartbeat must be recent (a pid can be reused by another process).
        """
        st = st if st is not None else self.status()
        if not pid_alive(st.get("pid")):
            return False
        try:
            beat = (self.path / "heartbeat").stat().st_mtime
        except OSError:
            beat = 0.0
        age = time.time() - max(beat, float(st.get("updated") or 0))  # a resumed run's old heartbeat does not count
        return age < HEARTBEAT_STALE_S

    # -- results --
    def filters(self, *, initial: bool = False) -> np.ndarray | None:
        try:
            return np.load(self.path / ("filters_init.npy" if initial else "filters.npy"), allow_pickle=False)
        except (OSError, ValueError):
            return None

    # -- the model it trained (what the Inside page needs to rebuild it) --
    @property
    def architecture(self) -> str:
        return str(self.config()["architecture"])

    @property
    def hyperparameters(self) -> dict[str, Any]:
        return dict(self.config().get("hyperparameters") or {})

    @property
    def input_shape(self) -> tuple[int, int, int] | None:
        shape = self.config().get("input_shape")
        return tuple(int(v) for v in shape) if shape else None  # type: ignore[return-value]

    @property
    def dataset(self) -> str:
        return str(self.config().get("dataset", ""))

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.config().get("classes") or ())

    def normalization(self) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
        """(mean, std) its inputs were normalised with, or None when the run has not recorded them yet."""
        c = self.config()
        norm = c.get("normalization") or {}
        if "mean" in norm and "std" in norm:
            return tuple(norm["mean"]), tuple(norm["std"])
        return None

    def weights(self) -> dict[str, Path]:
        """The weight files that exist, by name ("final", "best")."""
        return {n: self.weights_path(n) for n in ("final", "best") if self.weights_path(n).is_file()}

    # -- who made it (explorer.classroom decides what that allows) --
    @property
    def owner(self) -> str:
        """The owner's person id; ``""`` (the local user) for a run of the command line."""
        try:
            return str(self.config().get("owner") or "")
        except RunNotFound:
            return ""

    def evaluation(self) -> dict[str, Any] | None:
        return _read_json(self.path / "evaluation.json")

    def misclassified_images(self) -> np.ndarray | None:
        try:
            return np.load(self.path / "misclassified.npy", allow_pickle=False)
        except (OSError, ValueError):
            return None

    def label(self, title: Callable[[str], str] | None = None) -> str:
        """A short name in no particular language: ``LeNet-5 · digits · adam 0.002 · 2025-06-12 10:15:02``.

        A run of a class starts with its owner's name and the name the owner gave it
        (``Ana · first try · LeNet-5 · …``). ``title`` gives the architecture's title from its name
        (an interface passes its own language's); without it, the title the run was saved with.
        """
        try:
            c = self.config()
        except RunNotFound:
            return self.id
        t = c.get("train", {})
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(c.get("created", 0)))
        name = title(c["architecture"]) if title and c.get("architecture") else c.get("title", c.get("architecture"))
        who = [str(v) for v in (c.get("owner_name"), c.get("name")) if v]
        return " · ".join([*who, f"{name} · {c.get('dataset')} · {t.get('optimizer')} {t.get('lr', 0):g} · {when}"])


def new_id(architecture: str, dataset: str) -> str:
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{architecture}-{dataset}-{secrets.token_hex(2)}"


def create_run(
    cfg: TrainConfig,
    *,
    classes: list[str] | tuple[str, ...],
    hyperparameters: dict[str, Any],
    input_shape: tuple[int, int, int],
    device: str,
    root: str | Path | None = None,
    launcher: str = "worker",
    owner: str = "",
    owner_name: str = "",
) -> Run:
    """A new run folder in state ``queued``: config.json, status.json, empty metrics and log.

    ``owner`` and ``owner_name`` say whose run it is (:mod:`explorer.classroom`; ``""``: the local user).
    """
    from explorer.zoo.registry import get

    folder = runs_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        run_id = new_id(cfg.architecture, cfg.dataset)
        try:
            (folder / run_id).mkdir()
            break
        except FileExistsError:
            continue
    run = Run(folder / run_id)
    config = {
        "id": run_id,
        "architecture": cfg.architecture,
        "title": get(cfg.architecture).title,
        "hyperparameters": hyperparameters,
        "input_shape": list(input_shape),
        "dataset": cfg.dataset,
        "classes": list(classes),
        "status": "queued",
        "created": time.time(),
        "device": device,
        "launcher": launcher,
        "train": cfg.to_dict(),
        "owner": owner,
        "owner_name": owner_name,
        "name": "",
        "shared": False,
    }
    write_atomic(run.path / "config.json", _json(config))
    run.set_status("queued", pid=os.getpid() if launcher == "cli" else None)
    run.metrics_path.touch()
    run.log(f"Created: {cfg.architecture} on {cfg.dataset}, {cfg.epochs} epoch{'' if cfg.epochs == 1 else 's'}, batch {cfg.batch_size}, "
            f"{cfg.optimizer} lr {cfg.lr:g}, schedule {cfg.schedule}, device {device}.")
    return run


def list_runs(root: str | Path | None = None) -> list[Run]:
    """Runs with a readable config.json, newest first."""
    folder = runs_dir(root)
    if not folder.is_dir():
        return []
    runs = [Run(p) for p in folder.iterdir()
            if valid_run_id(p.name) and p.is_dir() and isinstance(_read_json(p / "config.json"), dict)]  # a broken one is skipped
    return sorted(runs, key=lambda r: r.id, reverse=True)


def get_run(run_id: str, root: str | Path | None = None) -> Run:
    """The run ``run_id``.

    Raises:
        RunNotFound: a malformed id (nothing outside the runs folder is ever read) or no such run.
    """
    if not valid_run_id(run_id) or not (runs_dir(root) / run_id / "config.json").is_file():  # the id first, then a path
        shown = shown_run_id(run_id)
        raise RunNotFound(N_("There is no run {run!r}: pick one from the runs list."), run=shown)
    return Run(runs_dir(root) / run_id)


def delete_run(run: Run) -> None:
    """Remove ``run``'s folder, and nothing else.

    The run must come from :func:`get_run` or :func:`list_runs` (its id checked, its folder
    inside the runs folder). The folder is first renamed to a hidden name, which no run id
    can have, so that no lister sees half a run; then it is removed. A queued run that has not
    started can be deleted; a run whose process works on it must be stopped first.

    Raises:
        RunBusy: the run is starting or running.
        RunNotFound: it is gone already.
    """
    if not valid_run_id(run.id) or run.path.is_symlink() or not run.path.is_dir():
        raise RunNotFound(N_("There is no run {run!r}: pick one from the runs list."),
                          run=shown_run_id(run.id))
    st = run.status()
    if st.get("status") in ACTIVE and (st.get("status") != "queued" or run.worker_alive(st)):
        raise RunBusy(N_("The run {run} is still training: stop it, then delete it."), run=run.id)
    trash = run.path.with_name(f".deleted-{run.id}-{secrets.token_hex(3)}")
    try:
        os.replace(run.path, trash)
    except FileNotFoundError:
        raise RunNotFound(N_("There is no run {run!r}: pick one from the runs list."), run=run.id) from None
    shutil.rmtree(trash, ignore_errors=True)

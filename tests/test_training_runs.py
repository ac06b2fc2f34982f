"""The runs store and the worker: persistence, reload, stop and resume, the queue, crashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

import explorer
from explorer.errors import ExplorerError
from explorer.training import runs as store
from explorer.training import worker
from explorer.training.engine import Trainer
from training_helpers import stop_all, tiny_config, training_env, without_timing


pytestmark = pytest.mark.usefixtures("keep_torch_threads")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runs folder and data folder (also for worker processes, which inherit the environment)."""
    for name, value in training_env(tmp_path).items():  # no warm worker left behind (one test turns it on)
        monkeypatch.setenv(name, value)
    yield tmp_path / "runs"
    stop_all(tmp_path / "runs")


def _create(cfg=None, **kw) -> store.Run:
    cfg = cfg or tiny_config()
    classes, hp, shape, device = worker.prepare(cfg)
    return store.create_run(cfg, classes=classes, hyperparameters=hp, input_shape=shape, device=device, **kw)


def _wait(run: store.Run, until, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = run.status()
        if until(st, run):
            return st
        time.sleep(0.1)
    raise AssertionError(f"timed out; status {run.status()}; log:\n{run.log_tail(40)}")


def test_a_run_trains_in_its_own_process_and_everything_is_on_disk(root: Path) -> None:
    run = worker.submit(tiny_config())
    assert run.status()["status"] in ("starting", "running")
    st = _wait(run, lambda s, r: s["status"] not in store.ACTIVE)
    assert st["status"] == "finished", run.log_tail(40)
    assert st["pid"] is None and st["summary"]["final_val_acc"] > 0.3
    # The contract the Inside page reads.
    cfg = json.loads((run.path / "config.json").read_text())
    assert {"id", "architecture", "hyperparameters", "input_shape", "dataset", "classes", "status"} <= set(cfg)
    assert cfg["id"] == run.id and cfg["status"] == "finished" and cfg["dataset"] == "digits"
    assert cfg["classes"] == list("0123456789") and cfg["input_shape"] == [1, 28, 28]
    assert len(cfg["normalization"]["mean"]) == 1
    model = explorer.build(cfg["architecture"], **cfg["hyperparameters"])
    for which in ("final", "best"):
        model.load_state_dict(torch.load(run.path / "weights" / f"{which}.pt", weights_only=True))
    # Metrics streamed, then read back identically by anyone.
    metrics = run.metrics()
    assert metrics[0]["kind"] == "train" and metrics[0]["step"] == 1
    assert [m["epoch"] for m in metrics if m["kind"] == "val"] == [1, 2]
    assert store.get_run(run.id).metrics() == metrics
    assert run.evaluation()["classes"] == cfg["classes"] and run.filters() is not None
    assert run.misclassified_images().dtype == np.uint8
    assert "Epoch 2/2" in run.log_path.read_text()


def test_a_run_outlives_the_process_that_started_it(root: Path) -> None:
    """As when the Streamlit server restarts: the launcher exits at once, the worker trains on."""
    code = ("import os; from explorer.training import worker; from training_helpers import tiny_config; "
            "print(worker.submit(tiny_config(epochs=3)).id, flush=True); os._exit(0)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(Path(explorer.__file__).parents[1]), str(Path(__file__).parent)))}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, check=True)
    run = store.get_run(out.stdout.strip())
    st = _wait(run, lambda s, r: s["status"] not in store.ACTIVE)
    assert st["status"] == "finished", run.log_tail(30)


def test_a_killed_worker_fails_its_run_and_nothing_else(root: Path) -> None:
    run = worker.submit(tiny_config(epochs=200, train_size=2000))
    st = _wait(run, lambda s, r: s["status"] == "running" and r.metrics())
    os.kill(st["pid"], signal.SIGKILL)
    _wait(run, lambda s, r: not store.pid_alive(s["pid"]), timeout=10)
    worker.tick()
    st = run.status()
    assert st["status"] == "failed" and "ended unexpectedly" in st["message"]
    assert json.loads((run.path / "config.json").read_text())["status"] == "failed"


def test_persisted_run_reloads_with_identical_metrics(root: Path) -> None:
    run = _create()
    seen = []
    outcome = worker.execute(run, echo=seen.append)
    assert outcome.status == "finished"
    again = store.Run(run.path)  # as a new server process would open it
    assert again.metrics() == seen
    assert again.status()["summary"]["final_val_acc"] == pytest.approx(outcome.summary["final_val_acc"])
    assert again.config()["status"] == "finished"
    assert [r.id for r in store.list_runs()] == [run.id]


def test_stop_and_resume_through_the_store(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tiny_config(augmentation="crop")
    reference = _create(cfg)
    worker.execute(reference)

    run = _create(cfg)
    real = worker.RunReporter.should_stop
    monkeypatch.setattr(worker.RunReporter, "should_stop", lambda self, step: step >= 5 or real(self, step))
    assert worker.execute(run).status == "stopped"
    monkeypatch.setattr(worker.RunReporter, "should_stop", real)
    st = run.status()
    assert st["status"] == "stopped" and run.checkpoint_path.is_file() and not run.stop_requested()
    assert max(m["step"] for m in run.metrics()) == 5
    worker.resume(run, start=False)
    assert run.status()["status"] == "queued"
    assert worker.execute(run).status == "finished"
    steps = [m["step"] for m in run.metrics() if m["kind"] == "train"]
    assert steps == sorted(set(steps)), "no step twice after resuming"
    val = lambda r: [m for m in without_timing(r.metrics()) if m["kind"] == "val"]  # noqa: E731
    assert val(run) == val(reference), "a resumed run ends where an uninterrupted one does"
    with pytest.raises(ExplorerError, match="Only a stopped or failed run"):
        worker.resume(run)


def test_a_failure_marks_the_run_failed_with_its_error(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self):
        raise ValueError("boom")

    monkeypatch.setattr(Trainer, "fit", boom)
    run = _create()
    outcome = worker.execute(run)
    assert outcome.status == "failed" and outcome.message == "ValueError: boom"
    assert run.status()["message"] == "ValueError: boom"
    assert "Traceback" in run.log_path.read_text()


def test_one_run_per_device_the_others_queue_in_order(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    launched = []

    def fake_launch(run):
        launched.append(run.id)
        run.set_status("running", pid=os.getpid())
        run.beat()
        return os.getpid()

    monkeypatch.setattr(worker, "launch", fake_launch)
    a, b, c = (_create() for _ in range(3))
    worker.tick()
    assert launched == [a.id]
    assert [worker.queue_position(r) for r in (a, b, c)] == [None, 1, 2]
    monkeypatch.setenv("EXPLORER_MAX_RUNS_PER_DEVICE", "2")
    worker.tick()
    assert launched == [a.id, b.id] and worker.queue_position(c) == 1
    a.set_status("finished")
    worker.tick()
    assert launched == [a.id, b.id, c.id]


def test_a_command_line_run_keeps_its_place(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "launch", lambda run: pytest.fail("a queued command-line run starts in its own process"))
    cli = _create(launcher="cli")
    later = _create()
    worker.tick()
    assert cli.status()["status"] == "queued" and worker.queue_position(later) == 2
    assert worker.wait_for_turn(cli) is True
    assert cli.status()["status"] == "starting" and cli.status()["pid"] == os.getpid()


def test_vanished_and_stopped_runs(root: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    run = _create()
    run.set_status("running", pid=dead.pid, step=12)
    worker.tick()
    assert run.status()["status"] == "failed" and "at step 12" in run.status()["message"]

    queued = _create()
    worker.stop(queued)
    assert queued.status()["status"] == "stopped"
    running = _create()
    running.set_status("running", pid=os.getpid())
    worker.stop(running)
    assert running.stop_requested()


def test_run_ids_cannot_leave_the_runs_folder(root: Path) -> None:
    _create()
    (root / "junk").mkdir()
    for bad in ("../etc", "/etc/passwd", "..", "", "a/b"):
        with pytest.raises(store.RunNotFound):
            store.get_run(bad)
    assert len(store.list_runs()) == 1


def test_a_standby_worker_takes_the_next_run(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_STANDBY", "1")
    worker.tick(warm=True)
    pids = worker._standbys(root)
    assert len(pids) == 1
    run = worker.submit(tiny_config(epochs=1))
    assert run.status()["pid"] == pids[0], "handed to the warm process"
    st = _wait(run, lambda s, r: s["status"] not in store.ACTIVE)
    assert st["status"] == "finished", run.log_tail(30)
    deadline = time.monotonic() + 30
    while store.pid_alive(pids[0]):  # it hands over (and warms the next standby) before it exits
        assert time.monotonic() < deadline
        time.sleep(0.1)

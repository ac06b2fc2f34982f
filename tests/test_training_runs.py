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
from explorer.training import estimate, spawn
from explorer.training import queue as run_queue
from explorer.training.engine import Outcome
from training_helpers import environment, stop_all, tiny_config, training_env, without_timing
from explorer.i18n import N_


pytestmark = pytest.mark.usefixtures("keep_torch_threads")


@pytest.fixture
def root(tmp_path: Path) -> Iterator[Path]:
    """A private runs folder and data folder (also for worker processes, which inherit the environment)."""
    with environment(training_env(tmp_path)):  # no warm worker left behind (one test turns it on)
        estimate.forget_history()
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
    assert run.status()["status"] == run.config()["status"] == "failed"
    assert "Traceback" in run.log_path.read_text()


def test_one_run_per_device_the_others_queue_in_order(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    launched = []

    def fake_launch(run):
        launched.append(run.id)
        run.set_status("running", pid=os.getpid())
        run.beat()
        return os.getpid()

    monkeypatch.setattr(spawn, "launch", fake_launch)
    a, b, c = (_create() for _ in range(3))
    worker.tick()
    assert launched == [a.id]
    assert [worker.queue_position(r) for r in (a, b, c)] == [None, 1, 2]
    with environment({"EXPLORER_MAX_RUNS_PER_DEVICE": "2"}):  # the operator's max_runs_per_device
        worker.tick()
        assert launched == [a.id, b.id] and worker.queue_position(c) == 1
        a.set_status("finished")
        worker.tick()
        assert launched == [a.id, b.id, c.id]


def test_a_command_line_run_keeps_its_place(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spawn, "launch", lambda run: pytest.fail("a queued command-line run starts in its own process"))
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


def test_a_standby_worker_takes_the_next_run(root: Path) -> None:
    with environment({"EXPLORER_STANDBY": "1"}):
        worker.tick(warm=True)
    pids = worker._standbys(root)
    assert len(pids) == 1
    run = worker.submit(tiny_config(epochs=1))
    assert run.status()["pid"] == pids[0], "handed to the warm process"
    if Path(f"/proc/{pids[0]}/stat").exists():  # Linux: the worker yields the cores to the app's pages
        assert _nice_once_started(pids[0]) in (os.nice(0) + worker.WORKER_NICE, 19)
    st = _wait(run, lambda s, r: s["status"] not in store.ACTIVE)
    assert st["status"] == "finished", run.log_tail(30)
    deadline = time.monotonic() + 30
    while store.pid_alive(pids[0]):  # it hands over (and warms the next standby) before it exits
        assert time.monotonic() < deadline
        time.sleep(0.1)


def _nice_once_started(pid: int) -> int | None:
    """The niceness of worker ``pid`` once its ``main()`` has run (it sets it after importing PyTorch)."""
    want, nice = os.nice(0) + worker.WORKER_NICE, None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            nice = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
        except OSError:  # it trained and ended meanwhile
            return nice
        if nice in (want, 19):
            return nice
        time.sleep(0.05)
    return nice


# --- queue: a fair queue for a class, and the defects it fixed ---------------------------------------


def _running(run: store.Run, **fields) -> None:
    """Mark ``run`` as training in this (live) process."""
    run.set_status("running", pid=os.getpid(), **fields)
    run.beat()


def test_each_person_may_have_one_run_in_the_queue(root: Path) -> None:
    first = worker.submit(tiny_config(), start=False, owner="ana")
    assert first.config()["owner"] == "ana"
    with pytest.raises(worker.QueueFull) as err:
        worker.submit(tiny_config(), start=False, owner="ana")
    assert err.value.template.plural == "You already have {mine} runs queued or training, as many as this server allows each person ({limit}): wait for one to end, or stop it, then press Train again."
    assert err.value.params == {"mine": 1, "limit": 1} and str(err.value).startswith("You already have 1 run queued or training")
    assert len(store.list_runs()) == 1, "nothing is created for a refused run"
    worker.submit(tiny_config(), start=False, owner="ben")  # another person
    worker.submit(tiny_config(), start=False)  # the command line, a local user: not limited
    worker.submit(tiny_config(), start=False)
    worker.stop(first)
    worker.submit(tiny_config(), start=False, owner="ana")  # her run ended: her place is free
    with environment({"EXPLORER_MAX_RUNS_PER_PERSON": "2"}):
        worker.submit(tiny_config(), start=False, owner="ana")


def test_a_full_runs_folder_refuses_new_runs_with_its_size(root: Path) -> None:
    worker.submit(tiny_config(), start=False)
    used = run_queue.folder_bytes(root)
    assert used == sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    with environment({"EXPLORER_RUNS_QUOTA": str(used)}):
        with pytest.raises(worker.QueueFull) as err:
            worker.submit(tiny_config(), start=False)
    assert err.value.template == N_("The server's run storage is full ({used} of {quota}): delete old runs or ask your teacher.")
    size = run_queue.size_text(used)
    assert str(err.value).startswith(f"The server's run storage is full ({size} of {size})") and size.endswith(" kB")
    assert "delete old runs or ask your teacher" in str(err.value) and str(root) not in str(err.value)


def test_a_queued_run_knows_its_place_and_when_it_starts(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spawn, "launch", lambda run: pytest.fail("nothing starts here"))
    done = _create()  # a finished run like the others: 24 steps in 12 s, so 0.5 s a step
    done.set_status("finished", summary={"step": 24, "elapsed_s": 12.0})
    training, b, c = _create(), _create(), _create()
    _running(training, eta_s=30.0)
    assert estimate.planned_steps(b.config()) == 24  # 384 images / 32 a batch, 2 epochs
    assert estimate.wait(training) is None
    assert estimate.wait(b) == estimate.Wait(place=1, ahead=1, seconds=30.0)
    assert estimate.wait(c) == estimate.Wait(place=2, ahead=2, seconds=30.0 + 24 * 0.5)
    with environment({"EXPLORER_MAX_RUNS_PER_DEVICE": "2"}):  # a second lane: b starts now, c after b
        assert estimate.wait(b).seconds == 0 and estimate.wait(c).seconds == 12.0
    estimate.forget_history()
    done.set_status("finished")  # no finished run to learn from: the place alone
    assert estimate.wait(c) == estimate.Wait(place=2, ahead=2, seconds=None)


def test_a_waiting_command_line_run_keeps_its_place_past_a_minute(root: Path) -> None:
    """Its command beats while it waits: a wait longer than the heartbeat's 60 s does not fail it."""
    blocker = _create()
    _running(blocker)
    cli = _create(launcher="cli")
    seen = []

    def on_wait(position: int) -> None:
        seen.append(position)
        if len(seen) == 1:  # as if the wait had lasted two minutes: status and heartbeat both old
            long_ago = time.time() - 120
            status = json.loads((cli.path / "status.json").read_text())
            (cli.path / "status.json").write_text(json.dumps({**status, "updated": long_ago}))
            os.utime(cli.path / "heartbeat", (long_ago, long_ago))
        else:
            worker.tick()  # another page polls meanwhile
            assert cli.status()["status"] == "queued", cli.status()
            blocker.set_status("finished")

    assert worker.wait_for_turn(cli, on_wait=on_wait, poll_s=0.01) is True
    assert len(seen) >= 2 and cli.status()["status"] == "starting"


def test_a_run_is_marked_starting_before_a_standby_can_take_it(root: Path) -> None:
    """The standby marks the run running as soon as it reads its assignment: "starting" must already be there."""
    folder = spawn.standby_dir(root)
    folder.mkdir(parents=True)
    (folder / f"{os.getpid()}.idle").touch()  # this process plays the idle standby
    run = _create()
    written = []
    real = spawn.write_atomic
    spawn_write = lambda path, data: (written.append(run.status()["status"]), real(path, data))  # noqa: E731
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(spawn, "write_atomic", spawn_write)
        worker.tick()
    assert written == ["starting"], "the hand-over is written after the status"
    assert (folder / f"{os.getpid()}.run").read_text() == str(run.path)
    worker.execute(run)  # the standby's part: running, then finished
    assert run.status()["status"] == "finished"


def test_a_failed_run_keeps_where_it_was_and_a_finished_one_drops_its_checkpoint(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail_midway(self):
        self.reporter.progress(phase="training", step=5, total_steps=24, epoch=0, epochs=2)
        raise ValueError("boom")

    with monkeypatch.context() as mp:
        mp.setattr(Trainer, "fit", fail_midway)
        failed = _create()
        worker.execute(failed)
    st = failed.status()
    assert st["status"] == "failed" and (st["step"], st["total_steps"], st["epochs"]) == (5, 24, 2), "not 'epoch 1.4 of ?'"

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    vanished = _create()
    vanished.set_status("running", pid=dead.pid, step=7, total_steps=24, epochs=2)
    worker.tick()
    assert vanished.status()["status"] == "failed" and vanished.status()["epochs"] == 2

    finished = _create()
    assert worker.execute(finished).status == "finished"
    assert not finished.checkpoint_path.exists(), "nothing resumes a finished run"


def test_the_operators_step_limit_stops_a_run_in_the_worker(root: Path) -> None:
    run = _create()
    with environment({"EXPLORER_MAX_RUN_STEPS": "3"}):
        outcome = worker.execute(run)
    st = run.status()
    assert st["status"] == "stopped" and st["message"].startswith("Stopped at the operator's limit of 3 steps")
    assert st["message_template"] == N_("Stopped at the operator's limit of {limit} steps (step {step} of {total}).") and not run.checkpoint_path.exists()
    assert outcome.resumable is False and isinstance(outcome, Outcome)

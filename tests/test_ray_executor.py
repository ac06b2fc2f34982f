"""The Ray executor on a local Ray instance (2 CPUs, no dashboard, started once for the module).

A run goes from submit to finish as a Ray actor with its metrics in the runs store; Stop, Resume (a new
actor continues from the checkpoint), an actor that is killed (its run marked failed, resumable), a run
stopped while it waits for room, the queue's refusal, and the short jobs (a lab's call, a measurement's lines).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer import settings as S
from explorer.errors import ExplorerError
from explorer.training import executor
from explorer.training import runs as store
from explorer.training.config import TrainConfig
from explorer.training.ray_executor import NAMESPACE, RayExecutor
from training_helpers import tiny_config, training_env
from explorer.i18n import N_

ray = pytest.importorskip("ray", reason="requirements-ray.txt is not installed")

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("keep_torch_threads")]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One local Ray instance for the module, its workers with a private data folder and one PyTorch thread."""
    tmp = tmp_path_factory.mktemp("ray")
    env = {k: v for k, v in training_env(tmp).items() if k != "EXPLORER_RUNS"}
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, namespace=NAMESPACE,
             runtime_env={"env_vars": env})
    yield tmp
    ray.shutdown()


@pytest.fixture
def ex(cluster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RayExecutor]:
    """The executor the settings choose with ``ray_address`` set (it joins the instance already started)."""
    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("EXPLORER_RAY_ADDRESS", "auto")
    monkeypatch.chdir(tmp_path)
    S.reload()
    executor.reset()
    got = executor.get()
    assert isinstance(got, RayExecutor)
    yield got
    for run in store.list_runs(tmp_path / "runs"):  # no actor outlives its test
        got._kill(run.config().get("ray_actor"))
    monkeypatch.undo()
    S.reload()
    executor.reset()


def _wait(ex: RayExecutor, run: store.Run, until, timeout: float = 120) -> dict:
    """Poll as the page does (tick, then read the store) until ``until(status)``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ex.tick(run.path.parent)
        st = run.status()
        if until(st):
            return st
        time.sleep(0.2)
    raise AssertionError(f"timed out; status {run.status()}; log:\n{run.log_tail(40)}")


def _long() -> TrainConfig:
    return tiny_config(epochs=60, train_size=1024, log_every=1)


def test_a_run_from_submit_to_finish_writes_the_store(ex: RayExecutor, tmp_path: Path) -> None:
    d = ex.describe()
    assert d.kind == "ray" and d.devices == ("cpu",) and "2 CPUs" in d.where
    run = ex.submit(tiny_config())
    c = run.config()
    assert run.path.parent == tmp_path / "runs"
    assert c["launcher"] == "ray" and c["ray_actor"] == f"run-{run.id}-1"
    assert c["ray_resources"] == {"num_cpus": 1.0, "num_gpus": 0.0}  # a CPU run asks for no GPU
    st = _wait(ex, run, lambda s: s["status"] not in store.ACTIVE)
    assert st["status"] == "finished", run.log_tail(40)
    metrics = run.metrics()
    assert metrics[0]["kind"] == "train" and metrics[0]["step"] == 1
    assert [m["epoch"] for m in metrics if m["kind"] == "val"] == [1, 2]
    assert st["summary"]["final_val_acc"] > 0.3
    assert run.weights_path("final").is_file() and run.evaluation() is not None
    assert "Submitted to the Ray cluster" in run.log_path.read_text()
    # The actor exits when its run ends (its CPU and GPU share go back to the cluster).
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            ray.get_actor(c["ray_actor"], namespace=NAMESPACE)
        except ValueError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the run's actor is still there")


def test_stop_then_resume_on_another_actor(ex: RayExecutor) -> None:
    run = ex.submit(_long())
    _wait(ex, run, lambda s: s["status"] == "running" and (s.get("step") or 0) >= 3)
    ex.stop(run)
    st = _wait(ex, run, lambda s: s["status"] not in store.ACTIVE)
    assert st["status"] == "stopped" and run.checkpoint_path.is_file()
    stopped_at = max(m["step"] for m in run.metrics())
    ex.resume(run)
    assert run.config()["ray_actor"] == f"run-{run.id}-2"
    _wait(ex, run, lambda s: s["status"] == "running" and (s.get("step") or 0) > stopped_at)
    ex.stop(run)
    st = _wait(ex, run, lambda s: s["status"] not in store.ACTIVE)
    steps = [m["step"] for m in run.metrics() if m["kind"] == "train"]
    assert st["status"] == "stopped" and steps == sorted(set(steps)) and steps[-1] > stopped_at  # continued


def test_a_killed_actor_marks_its_run_failed_and_resumable(ex: RayExecutor) -> None:
    run = ex.submit(tiny_config(epochs=200, train_size=256, log_every=1))  # 8 steps an epoch, a checkpoint after each
    _wait(ex, run, lambda s: s["status"] == "running" and run.checkpoint_path.is_file())
    ray.kill(ray.get_actor(run.config()["ray_actor"], namespace=NAMESPACE), no_restart=True)  # as a node that dies
    st = _wait(ex, run, lambda s: s["status"] not in store.ACTIVE, timeout=60)
    assert st["status"] == "failed"
    assert st["message_template"] in (N_("The training process ended unexpectedly at step {step}. Resume continues from the last checkpoint."), N_("The training process ended unexpectedly. Resume continues from the last checkpoint."))
    assert "Resume continues from the last checkpoint" in st["message"]
    assert "found gone" in run.log_path.read_text()


def test_a_run_waiting_for_room_stops_at_once(ex: RayExecutor) -> None:
    from explorer.training import worker

    run = worker.submit(tiny_config(), start=False)  # queued, no actor yet (as after a replica died mid-submit)
    run.update_config(launcher="ray", ray_resources={"num_cpus": 64.0, "num_gpus": 0.0})  # more than the cluster has
    assert ex.tick(run.path.parent) == [run]  # the queue launches it; Ray keeps it waiting
    name = run.config()["ray_actor"]
    assert name == f"run-{run.id}-1" and run.status()["status"] == "queued"
    assert ex.queue_position(run) == 1
    ex.stop(run)
    assert run.status()["status"] == "stopped"
    with pytest.raises(ValueError):
        ray.get_actor(name, namespace=NAMESPACE)  # its actor is gone: nothing left waiting


def test_what_the_queue_refuses_creates_nothing(ex: RayExecutor, tmp_path: Path) -> None:
    with pytest.raises(ExplorerError) as err:
        ex.submit(tiny_config(batch_size=10**6))
    assert err.value.template and store.list_runs(tmp_path / "runs") == []
    with pytest.raises(ExplorerError) as err:
        ex.submit(tiny_config(device="cuda"))  # this cluster has no GPU
    assert err.value.template == N_("The Ray cluster has no GPU; choose the device 'auto' or 'cpu'.")


def test_short_jobs_run_on_the_cluster(ex: RayExecutor) -> None:
    assert ex.call(divmod, 17, 5) == (3, 2)
    with pytest.raises(ExplorerError) as err:
        ex.call(tiny_config(batch_size=0).check)
    assert err.value.template == N_("The batch size must be from 1 to {limit}, not {value}.")  # the library's error, with its key
    out = ex.lines("json.tool", '{"a": [1, 2]}')
    try:
        assert "".join(out).split() == ["{", '"a":', "[", "1,", "2", "]", "}"]
    finally:
        out.close()


def test_the_train_command_follows_a_run_on_the_cluster(ex: RayExecutor, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from explorer.cli import main

    code = main(["train", "lenet5", "--train-size", "256", "--val-size", "128", "--epochs", "2", "--batch-size", "32",
                 "--json", "--runs-dir", str(tmp_path / "runs")])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "finished" and result["steps"] == 16 and 0 < result["final_val_acc"] <= 1
    run = store.Run(Path(result["run_dir"]))
    assert run.config()["launcher"] == "ray" and run.config()["ray_actor"] == f"run-{run.id}-1"
    assert "epoch 2: val loss" in err  # the metrics followed from the store, as the local command prints them


def test_a_run_that_ignores_stop_is_killed_after_the_grace_time(ex: RayExecutor) -> None:
    import os

    run = ex.submit(tiny_config(train_size=400_000))  # generating the images takes a while; Stop is polled after
    _wait(ex, run, lambda s: s["status"] == "running" and s.get("phase") == "data")
    ex.stop(run)
    old = time.time() - 10 * 60
    os.utime(run.path / "STOP", (old, old))  # as if Stop had been pressed ten minutes ago
    ex.tick(run.path.parent)
    st = run.status()
    assert st["status"] == "stopped" and st["message_template"] == N_("The run did not stop in time, so its process was ended.") and not run.stop_requested()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # its actor is gone: the share of the node is free again
        try:
            ray.get_actor(run.config()["ray_actor"], namespace=NAMESPACE)
        except ValueError:
            return
        time.sleep(0.2)
    raise AssertionError("the run's actor is still there")

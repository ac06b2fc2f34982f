"""The executor boundary: one interface, the local worker processes by default, Ray when configured.

The Ray executor's own runs are in tests/test_ray_executor.py (a local Ray instance); here: the choice of
executor, the local implementation through the interface, the GPU share a run asks for, and Ray configured
but not installed.
"""

from __future__ import annotations

import inspect
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer import settings as S
from explorer.analysis import analyze, budget
from explorer.errors import ExplorerError
from explorer.training import executor
from explorer.training import runs as store
from explorer.training.ray_executor import RayExecutor, gpu_fraction, resources_for
from training_helpers import stop_all, tiny_config, training_env
from explorer.i18n import N_

pytestmark = pytest.mark.usefixtures("keep_torch_threads")

INTERFACE = [name for name, _ in inspect.getmembers(executor.Executor, inspect.isfunction) if not name.startswith("_")]


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runs folder and settings read again; the executor in use forgotten before and after."""
    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # no explorer.toml of the checkout
    S.reload()
    executor.reset()
    yield tmp_path / "runs"
    stop_all(tmp_path / "runs")
    monkeypatch.undo()
    S.reload()
    executor.reset()


def _wait(run: store.Run, until, timeout: float = 90) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = run.status()
        if until(st):
            return st
        time.sleep(0.1)
    raise AssertionError(f"timed out; status {run.status()}; log:\n{run.log_tail(40)}")


def test_both_implementations_have_the_whole_interface() -> None:
    assert {"submit", "stop", "resume", "tick", "queue_position", "describe", "wait_for_turn", "attach", "call",
            "lines"} <= set(INTERFACE)
    for cls in (executor.LocalExecutor, RayExecutor):
        for name in INTERFACE:
            mine = inspect.signature(getattr(cls, name))
            theirs = inspect.signature(getattr(executor.Executor, name))
            assert list(mine.parameters) == list(theirs.parameters), (cls.__name__, name)


def test_the_default_is_the_local_worker(configured: Path) -> None:
    ex = executor.get()
    assert isinstance(ex, executor.LocalExecutor) and ex is executor.get()  # one per process
    d = ex.describe()
    assert d.kind == "local" and "cpu" in d.devices and d.per_device == 1


def test_local_executor_trains_stops_and_resumes_a_run(configured: Path) -> None:
    ex = executor.get()
    run = ex.submit(tiny_config(epochs=40, train_size=1024, log_every=1))
    assert run.path.parent == configured and run.config()["launcher"] == "worker"
    _wait(run, lambda s: s["status"] == "running" and (s.get("step") or 0) >= 2)
    ex.stop(run)
    st = _wait(run, lambda s: s["status"] not in store.ACTIVE)
    assert st["status"] == "stopped" and run.checkpoint_path.is_file()
    stopped_at = max(m["step"] for m in run.metrics())
    ex.resume(run)
    assert run.status()["status"] in store.ACTIVE
    _wait(run, lambda s: s["status"] == "running" and (s.get("step") or 0) > stopped_at)
    ex.stop(run)
    st = _wait(run, lambda s: s["status"] not in store.ACTIVE)
    steps = [m["step"] for m in run.metrics() if m["kind"] == "train"]
    assert st["status"] == "stopped" and steps == sorted(set(steps)) and steps[-1] > stopped_at  # continued, not restarted


def test_local_executor_refuses_what_the_queue_refuses(configured: Path) -> None:
    with pytest.raises(ExplorerError) as err:
        executor.get().submit(tiny_config(batch_size=10**6))
    assert err.value.template and store.list_runs(configured) == []  # nothing created


def test_local_call_and_lines_run_here(configured: Path) -> None:
    ex = executor.get()
    assert ex.call(divmod, 17, 5) == (3, 2)
    with pytest.raises(ExplorerError) as err:
        ex.call(tiny_config(batch_size=0).check)  # a library error comes back as itself
    assert err.value.template == N_("The batch size must be from 1 to {limit}, not {value}.")
    out = ex.lines("json.tool", '{"a": [1, 2]}')
    try:
        text = "".join(out)
    finally:
        out.close()
    assert text.split() == ["{", '"a":', "[", "1,", "2", "]", "}"]


# --- the share of a GPU a run asks for ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("need", "memory", "minimum", "expected"),
    [(5 * 2**20, 16 * 10**9, 0.25, 0.25),        # LeNet-sized: the minimum
     (5 * 10**9, 16 * 10**9, 0.25, 3 / 8),        # 0.3125 rounded up to 3/8
     (4 * 10**9, 16 * 10**9, 0.25, 0.25),         # exactly 2/8
     (4 * 10**9 + 1, 16 * 10**9, 0.125, 3 / 8),   # a byte more: the next eighth
     (40 * 10**9, 16 * 10**9, 0.25, 1.0)],        # more than a GPU: a whole one (the budget refuses before)
)
def test_gpu_fraction_rounds_up_to_eighths(need: int, memory: int, minimum: float, expected: float) -> None:
    assert gpu_fraction(need, gpu_memory=memory, minimum=minimum) == expected


def test_resource_request_comes_from_the_analysis(configured: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tiny_config(architecture="resnet18", batch_size=64, optimizer="sgd")
    shape = (3, 32, 32)
    hp = {"num_classes": 10}
    need = budget.cost(analyze("resnet18", input_shape=shape, **hp)).training_bytes(64, "sgd")
    # A GPU 2.5 training steps large: the run asks for 3/8 of it, whatever the minimum below that.
    monkeypatch.setenv("EXPLORER_RAY_GPU_MEMORY", str(int(need * 8 / 2.5)))
    monkeypatch.setenv("EXPLORER_RAY_GPU_FRACTION", "0.125")
    S.reload()
    assert resources_for(cfg, "cuda", hp, shape) == {"num_cpus": 1.0, "num_gpus": 3 / 8}
    assert resources_for(cfg, "cpu", hp, shape) == {"num_cpus": 1.0, "num_gpus": 0.0}
    monkeypatch.setenv("EXPLORER_RAY_GPU_FRACTION", "0.5")
    S.reload()
    assert resources_for(cfg, "cuda", hp, shape)["num_gpus"] == 0.5  # the operator's minimum wins
    monkeypatch.delenv("EXPLORER_RAY_GPU_MEMORY")
    monkeypatch.delenv("EXPLORER_RAY_GPU_FRACTION")
    S.reload()
    lenet = resources_for(tiny_config(), "cuda", {"num_classes": 10}, (1, 28, 28))
    assert lenet["num_gpus"] == 0.25  # the default for a LeNet-sized run: four share a GPU


# --- Ray configured but not installed ----------------------------------------------------------------


@pytest.fixture
def ray_configured_but_missing(configured: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXPLORER_RAY_ADDRESS", "ray://head:10001")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    S.reload()
    executor.reset()
    return configured


def test_ray_configured_but_missing_is_a_clear_message(ray_configured_but_missing: Path) -> None:
    assert S.settings().ray_address == "ray://head:10001"
    with pytest.raises(ExplorerError) as err:
        executor.get()
    assert err.value.template == N_("Training is set to run on a Ray cluster (ray_address), but Ray is not installed on this server: install it with pip install -r requirements-ray.txt, or remove the setting to train on this machine.")
    assert "requirements-ray.txt" in str(err.value) and "head" not in str(err.value)


def test_ray_configured_but_missing_in_the_cli(ray_configured_but_missing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from explorer.cli import main

    assert main(["train", "lenet5", "--steps", "2", "--runs-dir", str(ray_configured_but_missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: error: Training is set to run on a Ray cluster") and err.count("\n") == 1
    assert store.list_runs(ray_configured_but_missing) == []


def test_ray_configured_but_missing_on_the_train_page(ray_configured_but_missing: Path) -> None:
    from apptest import open_page

    at = open_page("pages/train.py")  # no exception on the page
    assert any("requirements-ray.txt" in e.value for e in at.error), [e.value for e in at.error]


def test_a_ray_cluster_out_of_reach_is_a_clear_message(configured: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ray = pytest.importorskip("ray", reason="requirements-ray.txt is not installed")
    if ray.is_initialized():
        pytest.skip("a Ray instance is running in this process")
    monkeypatch.setenv("EXPLORER_RAY_ADDRESS", "auto")  # and no Ray instance on this machine
    monkeypatch.setenv("RAY_ADDRESS", "")
    S.reload()
    executor.reset()
    with pytest.raises(ExplorerError) as err:
        executor.get().submit(tiny_config())
    assert err.value.template == N_("The Ray cluster that runs training cannot be reached now; try again in a minute, or ask the operator to check it.") and store.list_runs(configured) == []


class _Recording(executor.LocalExecutor):
    """The local executor, noting what went through it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def call(self, fn, *args, gpu_fraction=0.0, **kwargs):
        self.calls.append(("call", fn.__name__))
        return super().call(fn, *args, gpu_fraction=gpu_fraction, **kwargs)

    def lines(self, module, request, *, gpu=False):
        self.calls.append(("lines", module))
        return super().lines(module, request, gpu=gpu)


def test_the_latency_measurement_and_lab_10_go_through_the_executor(configured: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from explorer.inside import latency
    from explorer.labs import degradation as G

    rec = _Recording()
    monkeypatch.setattr(executor, "get", lambda: rec)
    got = latency.measure(["lenet5"], batch=1, device="cpu", repeats=1, warmup=0, fresh=True, root=configured)
    assert got[0].arch == "lenet5" and got[0].median_ms > 0
    monkeypatch.setattr(G, "engine_train", lambda arch, hp, steps: [0.5] * steps)
    from ui.learn import training as lab

    try:
        assert lab._run(8, "none", 3) == (0.5, 0.5, 0.5)
    finally:
        lab._run.clear()  # no made-up curve left in the cache for another test
    assert rec.calls == [("lines", "explorer.inside.latency"), ("call", "<lambda>")]


def test_the_local_default_needs_no_ray(configured: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as on a machine without requirements-ray.txt
    ex = executor.get()
    assert isinstance(ex, executor.LocalExecutor) and ex.describe().kind == "local"
    assert ex.queue_position(ex.submit(tiny_config(), root=configured)) in (None, 1)


def test_make_run_does_not_install_ray_and_make_test_does() -> None:
    root = Path(__file__).resolve().parent.parent
    make = (root / "Makefile").read_text()
    assert "ray==2.60.0" in (root / "requirements-ray.txt").read_text()
    assert "-r requirements.txt" in (root / "requirements-ray.txt").read_text()
    assert "ray" not in (root / "requirements.txt").read_text().lower()
    targets = {line.split(":")[0]: line.split(":", 1)[1] for line in make.splitlines() if line and not line[0].isspace() and ":" in line and "=" not in line}
    assert "ray" not in targets["run"] and "ray" not in targets["install"] and "ray" not in targets["$(VENV)/.installed"]
    assert "ray" in targets["test"].split() and "requirements-ray.txt" in targets["$(VENV)/.ray-installed"]

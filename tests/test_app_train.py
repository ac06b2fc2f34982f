"""AppTest for the Train page: configure, train in a worker process, see results, stop, reload by link."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.training import runs as store
from explorer.training import worker
from ui import state

TIMEOUT = 60
APP = Path(__file__).resolve().parent.parent / "app.py"

if "pages/train.py" not in APP.read_text():  # pragma: no cover  until app.py routes the page
    if os.environ.get("CI") == "true":
        raise RuntimeError("app.py does not route pages/train.py: add its st.Page line")
    pytest.skip("app.py does not route pages/train.py yet (add its st.Page line)", allow_module_level=True)


@pytest.fixture
def runs_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "runs"
    monkeypatch.setenv("EXPLORER_RUNS", str(root))
    monkeypatch.setenv("EXPLORER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("EXPLORER_TORCH_THREADS", "1")
    monkeypatch.setenv("EXPLORER_STANDBY", "0")  # no warm worker left behind
    yield root
    for run in store.list_runs(root):
        if run.status().get("status") in store.ACTIVE:
            worker.stop(run)
    worker.shutdown_standbys(root)


def _page(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    at.switch_page("pages/train.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _wait_for(run: store.Run, statuses: tuple[str, ...], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while run.status().get("status") not in statuses:
        if time.monotonic() > deadline:
            raise AssertionError(f"status {run.status()}; log:\n{run.log_tail(30)}")
        time.sleep(0.2)


def _small(at: AppTest, *, images: int = 300, epochs: int = 2) -> None:
    at.number_input(key=state.TRAIN_SIZE).set_value(images)
    at.number_input(key=state.TRAIN_EPOCHS).set_value(epochs)
    at.number_input(key=state.TRAIN_BATCH).set_value(32).run()
    assert not at.exception


def test_the_page_opens_on_lenet5_and_digits(runs_root: Path) -> None:
    at = _page()
    assert at.title[0].value == "Train"
    assert at.selectbox(key=state.ARCH).value == "lenet5"
    assert at.selectbox(key=state.TRAIN_DATASET).value == "digits"
    assert not at.info[0].value.startswith("Digits images are"), "digits fit LeNet-5 as they are"
    assert not at.button(key=state.TRAIN_START).disabled


def test_train_watch_and_read_the_results(runs_root: Path) -> None:
    at = _page()
    _small(at)
    at.button(key=state.TRAIN_START).click().run()
    assert not at.exception, [e.value for e in at.exception]
    [run] = store.list_runs(runs_root)
    assert at.query_params[state.TRAIN_RUN_PARAM] in (run.id, [run.id]), "the URL names the run"
    _wait_for(run, ("finished",))
    at.run()
    assert not at.exception
    assert any("Finished" in s.value for s in at.success)
    assert any(m.label == "Validation accuracy" and m.value.endswith("%") for m in at.metric)
    assert "most confident mistakes" in " ".join(m.value for m in at.markdown)
    assert f"Run `{run.id}`" in [c.value for c in at.caption]
    links = [e.proto for e in at.get("page_link")]
    markdown_links = [m.value for m in at.markdown if "Open in the Inside page" in m.value]
    assert any(p.query_string == f"run={run.id}" and "Inside" in p.label for p in links) or any(
        f"inside?run={run.id}" in m for m in markdown_links
    ), "a way into the Inside page with the trained weights"
    assert at.dataframe, "the runs list"
    assert at.multiselect(key=state.TRAIN_COMPARE).value == [run.id]


def test_a_link_to_a_run_shows_it(runs_root: Path) -> None:
    cfg = worker.TrainConfig(train_size=200, val_size=100, epochs=1, batch_size=32)
    run = worker.submit(cfg, start=False)
    worker.execute(run)
    at = _page(run=run.id)
    assert f"Run `{run.id}`" in [c.value for c in at.caption]
    assert any("Finished" in s.value for s in at.success)
    bad = _page(run="no-such-run")
    assert any("There is no run 'no-such-run'" in w.value for w in bad.warning)


def test_stop_a_running_run_then_resume_it(runs_root: Path) -> None:
    at = _page()
    _small(at, images=2000, epochs=200)
    at.button(key=state.TRAIN_START).click().run()
    [run] = store.list_runs(runs_root)
    deadline = time.monotonic() + 60
    while not run.metrics():
        assert time.monotonic() < deadline, run.log_tail(30)
        time.sleep(0.2)
    at.run()
    at.button(key=state.TRAIN_STOP).click().run()
    _wait_for(run, ("stopped",))
    # The worker writes its last files just after the status; on a loaded CI machine give the page a few reruns.
    deadline = time.monotonic() + 30
    while True:
        at.run()
        assert not at.exception
        if any("Stopped at step" in w.value for w in at.warning):
            break
        assert time.monotonic() < deadline, (run.status(), [w.value for w in at.warning], run.log_tail(20))
        time.sleep(0.5)
    stopped_at = max(m["step"] for m in run.metrics())
    at.button(key=state.TRAIN_RESUME).click().run()
    assert not at.exception
    deadline = time.monotonic() + 60
    while max(m["step"] for m in run.metrics()) <= stopped_at:  # a new worker continues from the checkpoint
        assert time.monotonic() < deadline and run.status()["status"] in store.ACTIVE, run.log_tail(30)
        time.sleep(0.2)
    assert "Resumed at step" in run.log_path.read_text()
    steps = [m["step"] for m in run.metrics() if m["kind"] == "train"]
    assert steps == sorted(set(steps))


def test_a_recipe_sets_the_optimizer(runs_root: Path) -> None:
    at = _page()
    at.selectbox(key=state.TRAIN_SCHEDULE).set_value("lenet5").run()
    assert at.selectbox(key=state.TRAIN_OPTIMIZER).value == "sgd"
    assert at.number_input(key=state.TRAIN_LR).value == pytest.approx(5e-4)


def test_inputs_adapt_to_the_dataset_and_the_page_says_so(runs_root: Path) -> None:
    at = _page()
    at.selectbox(key=state.TRAIN_DATASET).set_value("shapes").run()
    note = " ".join(i.value for i in at.info)
    assert "are 3×32×32; the model takes 1×28×28" in note and "converted to grey" in note
    fit = [b for b in at.button if b.label.startswith("Train at 3×32×32")]
    fit[0].click().run()
    assert [at.number_input(key=k).value for k in state.INPUT] == [3, 32, 32]
    assert not any("the model takes" in i.value for i in at.info)
    assert not at.exception

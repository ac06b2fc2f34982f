"""AppTest for the Train page: configure, train in a worker process, see results, stop, reload by link."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explorer.notes import Note, fields
from explorer.training import runs as store
from explorer.training import worker
from ui import i18n, state
from apptest import open_page
from explorer.training import estimate
from training_helpers import environment, stop_all, tiny_config, training_env
from explorer.i18n import N_, NP_

# The messages of f"train.dataset.{n}", by n (from the keys of the old catalogue).
_TRAIN_DATASET = {
    "digits": N_("Digits (embedded)"),
    "shapes": N_("Shapes (embedded)"),
    "mnist": N_("MNIST"),
    "fashion_mnist": N_("Fashion-MNIST"),
    "cifar10": N_("CIFAR-10"),
    "folder": N_("Your images (zip of class folders)"),
}

# The messages of f"train.dataset.{n}.source", by n (from the keys of the old catalogue).
_TRAIN_DATASET_SOURCE = {
    "digits": N_("generated: Pillow's font, random size, stroke, slant, rotation, shift, warp and noise"),
    "shapes": N_("generated: 10 shapes of random colour, position, size and tilt on gradient backgrounds"),
    "mnist": N_("LeCun, Cortes & Burges: 60,000 + 10,000 handwritten digits (IDX files)"),
    "fashion_mnist": N_("Xiao, Rasul & Vollgraf (Zalando): 60,000 + 10,000 clothing images (IDX files)"),
    "cifar10": N_("Krizhevsky: 50,000 + 10,000 colour photos (python tarball)"),
    "folder": N_("an uploaded zip, one folder per class"),
}

# The messages of f"train.schedule.{k}", by k (from the keys of the old catalogue).
_TRAIN_SCHEDULE = {
    "help": N_("The books' recipes also set the optimizer, learning rate and weight decay."),
    "constant": N_("Constant"),
    "step": N_("Step: × gamma every few epochs"),
    "plateau": N_("Plateau: × factor when the validation loss stops falling"),
    "cosine": N_("Cosine annealing to zero"),
    "onecycle": N_("One-cycle (warm up, then anneal)"),
    "lenet5": N_("LeNet-5 (book): 5e-4 → 2e-4 → 5e-5 → 1e-5"),
    "alexnet": N_("AlexNet / VGG: ÷10 on plateau (papers)"),
    "alexnet_book": N_("AlexNet / VGG: ×√0.1 on plateau (the book's code)"),
    "googlenet": N_("GoogLeNet: 0.01 · 0.96^floor((1+e)/8)"),
    "resnet_plateau": N_("ResNet: 0.1, ÷10 on plateau (ImageNet)"),
    "resnet_milestones": N_("ResNet: 0.1, ÷10 at 50 % and 75 % (CIFAR)"),
}

# The messages of f"train.optimizer.{k}", by k (from the keys of the old catalogue).
_TRAIN_OPTIMIZER = {
    "adam": N_("Adam"),
    "sgd": N_("SGD with momentum"),
    "adamw": N_("AdamW (decoupled weight decay)"),
}

# The messages of f"train.augment.{k}", by k (from the keys of the old catalogue).
_TRAIN_AUGMENT = {
    "help": N_("Flips suit photos and shapes, not digits (a flipped 2 is not a 2)."),
    "none": N_("None"),
    "crop": N_("Random shifts (pad and crop)"),
    "crop+flip": N_("Random shifts and horizontal flips"),
}

# The messages of f"train.curve.{k}", by k (from the keys of the old catalogue).
_TRAIN_CURVE = {
    "val_acc": N_("validation accuracy"),
    "val_loss": N_("validation loss"),
    "train_loss": N_("training loss"),
    "train_acc": N_("training accuracy"),
}

TIMEOUT = 60

@pytest.fixture
def runs_root(tmp_path: Path) -> Iterator[Path]:
    with environment(training_env(tmp_path)):  # the operator's settings among them (no standby worker)
        estimate.forget_history()
        yield tmp_path / "runs"
        stop_all(tmp_path / "runs")


def _page(**query: str) -> AppTest:
    return open_page("pages/train.py", timeout=TIMEOUT, **query)


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
    # The page runs inside app.py's navigation (tests/apptest.py), so the way into the Inside page with the
    # trained weights is a page link to it that names the run.
    [link] = [e.proto for e in at.get("page_link")]
    assert (link.label, link.page, link.query_string) == ("Open in the Inside page with the trained weights", "inside", f"run={run.id}")
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
        # "Stopped after epoch …" when the Stop lands at an epoch's end (a loaded machine)
        if any(w.value.startswith(("Stopped at step", "Stopped after epoch")) for w in at.warning):
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


# --- the page in Chinese ------------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
RAW_KEY = re.compile(r"\b(?:train|err)\.[a-z0-9_+]+(?:\.[a-z0-9_+]+)*\b")


def _zh(key: str, **fmt: object) -> str:
    return i18n.translate(key, "zh", **fmt)


def _texts(at: AppTest) -> list[str]:
    kinds = ("title", "subheader", "markdown", "caption", "info", "warning", "success", "error")
    out = [e.value for kind in kinds for e in getattr(at, kind)]
    out += [m.label for m in at.metric] + [b.label for b in at.button]
    for kind in ("number_input", "selectbox", "multiselect", "segmented_control", "toggle"):
        out += [w.label for w in getattr(at, kind)]
    return out


def _no_raw_keys(at: AppTest) -> None:
    raw = [m.group(0) for s in _texts(at) for m in RAW_KEY.finditer(s)]
    assert not raw, f"catalogue keys shown raw: {raw}"


def test_the_catalogue_names_the_librarys_options_in_its_words() -> None:
    """English shows exactly what the library declares; every option has its Chinese label."""
    from explorer.training.config import AUGMENTATIONS, OPTIMIZERS
    from explorer.training.datasets import DATASETS
    from explorer.training.schedules import SCHEDULES
    from explorer.viz.training import OVERLAY_METRICS
    from ui.train_views import SPLITS

    declared = {
        **{_TRAIN_DATASET[n]: d.title for n, d in DATASETS.items()},
        **{_TRAIN_DATASET_SOURCE[n]: d.source for n, d in DATASETS.items()},
        **{_TRAIN_SCHEDULE[k]: v for k, v in SCHEDULES.items()},
        **{_TRAIN_OPTIMIZER[k]: v for k, v in OPTIMIZERS.items()},
        **{_TRAIN_AUGMENT[k]: v for k, v in AUGMENTATIONS.items()},
        **{_TRAIN_CURVE[k]: name for k, (name, _) in OVERLAY_METRICS.items()},
    }
    assert all(k == v for k, v in declared.items()), "the message id is the library's English"
    assert all(i18n.translate(m, "zh") != m for m in SPLITS.values())


def test_the_page_in_chinese_trains_and_english_keeps_the_choices(runs_root: Path) -> None:
    at = _page(lang="zh")
    assert at.title[0].value == _zh(N_("Train")) == "训练"
    assert at.selectbox(key=state.TRAIN_DATASET).label == _zh(N_("Dataset"))
    assert at.selectbox(key=state.TRAIN_SCHEDULE).label == _zh(N_("Learning-rate schedule"))
    assert at.selectbox(key=state.TRAIN_OPTIMIZER).label == _zh(N_("Optimizer"))
    assert at.number_input(key=state.TRAIN_LR).label == _zh(N_("Learning rate"))
    assert at.number_input(key=state.TRAIN_BATCH).label == _zh(N_("Batch size"))
    assert at.number_input(key=state.TRAIN_EPOCHS).label == _zh(NP_("train.epochs", "Epochs"))
    assert at.button(key=state.TRAIN_START).label == _zh(N_("Train"))
    assert _zh(N_("SGD with momentum")) in at.selectbox(key=state.TRAIN_OPTIMIZER).options
    assert any(_zh(N_("Choose a model in the sidebar and a dataset, then press **Train**. LeNet-5 on the embedded digits reaches 97 % in well under a minute on a laptop CPU."))[:10] in i.value for i in at.info)
    _no_raw_keys(at)

    at.selectbox(key=state.TRAIN_DATASET).set_value("shapes").run()  # 3×32×32 into LeNet-5's 1×28×28: said in Chinese
    note = " ".join(i.value for i in at.info)
    assert "3×32×32" in note and _zh(N_("Colour is converted to grey (0.299 R + 0.587 G + 0.114 B).")) in note and _zh(N_("Each image is resized from {before} to {after} (anti-aliased)."), before="32×32", after="28×28") in note
    at.selectbox(key=state.TRAIN_DATASET).set_value("digits").run()
    at.selectbox(key=state.TRAIN_OPTIMIZER).set_value("sgd").run()
    at.selectbox(key=state.TRAIN_AUGMENT).set_value("crop").run()
    at.selectbox(key=state.TRAIN_SPLIT).set_value(0.1).run()
    at.number_input(key=state.TRAIN_LR).set_value(0.05).run()
    _small(at, images=300, epochs=1)
    at.button(key=state.TRAIN_START).click().run()
    assert not at.exception, [e.value for e in at.exception]
    [run] = store.list_runs(runs_root)
    _wait_for(run, ("finished",))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value.startswith("已完成") for s in at.success), [s.value for s in at.success]
    assert _zh(N_("Finished")) in " ".join(m.value for m in at.markdown), "the run's badge"
    assert any(m.value.startswith("**LeNet-5（教材） · digits") for m in at.markdown), "the run's name, its title in Chinese"
    assert any(m.label == _zh(N_("Validation accuracy")) and m.value.endswith("%") for m in at.metric)
    assert _zh(N_("Run `{id}`"), id=run.id) in [c.value for c in at.caption]
    assert at.subheader and _zh(N_("What the trained model gets wrong")) in [s.value for s in at.subheader]
    assert at.segmented_control(key=state.TRAIN_OVERLAY).value == "val_acc"
    _no_raw_keys(at)

    at.segmented_control(key=state.LANG_WIDGET).set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Train"
    assert at.selectbox(key=state.TRAIN_DATASET).value == "digits"
    assert at.selectbox(key=state.TRAIN_OPTIMIZER).value == "sgd"
    assert at.selectbox(key=state.TRAIN_AUGMENT).value == "crop"
    assert at.selectbox(key=state.TRAIN_SPLIT).value == 0.1
    assert at.number_input(key=state.TRAIN_LR).value == pytest.approx(0.05)
    assert at.segmented_control(key=state.TRAIN_OVERLAY).value == "val_acc"
    assert any("Finished" in s.value for s in at.success)
    assert "SGD with momentum" in at.selectbox(key=state.TRAIN_OPTIMIZER).options


def test_a_bad_configuration_and_a_bad_link_in_chinese(runs_root: Path) -> None:
    at = _page(lang="zh")
    at.selectbox(key=state.TRAIN_DATASET).set_value("shapes").run()
    at.number_input(key=state.INPUT[0]).set_value(2).run()  # 3-channel photos into a 2-channel model cannot be fitted
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "the reason is shown"
    assert at.button(key=state.TRAIN_START).disabled
    assert at.title[0].value == "训练" and at.selectbox(key=state.TRAIN_DATASET).label == _zh(N_("Dataset"))
    _no_raw_keys(at)
    bad = _page(run="no-such-run", lang="zh")
    assert bad.warning and "no-such-run" in bad.warning[0].value


def test_how_a_run_ended_is_said_in_chinese(runs_root: Path) -> None:
    """The worker writes English sentences with their keys and values; the page says them in Chinese from the catalogue."""
    cfg = worker.TrainConfig(train_size=200, val_fraction=0.2, epochs=1, batch_size=32)  # a share held out: a data note
    run = worker.submit(cfg, start=False)
    worker.execute(run)
    summary = run.status()["summary"]
    assert run.status()["message_template"] == ["Finished {steps} steps ({epochs} epoch).", "Finished {steps} steps ({epochs} epochs).", "epochs"], \
        "the worker keeps the ending's template, a plural's both forms and the name of its count"
    assert run.status()["message"].startswith("Finished ") and run.status()["message"].endswith(" steps (1 epoch).")
    data_notes = [Note.from_json(n) for n in run.config()["data_notes"]]
    cases = {
        "stopped": (Note(N_("Stopped at step {step} of {total} (epoch {epoch})."), step=3, total=7, epoch=1), None),
        "diverged": (Note(N_("The training loss became {loss} at step {step} (epoch {epoch})."), loss=float("nan"), step=3, epoch=1),
                     Note(N_("The learning rate {lr:.3g} is probably too high for this model and optimizer: try {lower:.3g} (10× lower), a schedule that warms up (one-cycle), or a model with batch normalization."), lr=10.0, lower=1.0)),
        "out_of_memory": (Note(N_("Ran out of memory on {device} with batch size {batch}."), device="CPU", batch=32),
                          Note(N_("Lower the batch size (try {half}) or the input size."), half=16)),
        "failed": (Note(N_("The training process ended unexpectedly at step {step}."), step=3), None),
    }
    for status, (message, suggestion) in cases.items():
        run.set_status(status, **fields("message", message), **fields("suggestion", suggestion), step=3, total_steps=7, summary=summary)
        at = _page(run=run.id, lang="zh")
        shown = " ".join(e.value for kind in ("warning", "error") for e in getattr(at, kind))
        said = _zh(message.template, **message.params)
        assert said in shown, (status, shown)
        if suggestion is not None:
            assert _zh(suggestion.template, **suggestion.params) in shown, (status, shown)
        assert _zh(store.STATUS_TEXT[status]) in " ".join(m.value for m in at.markdown)
        assert any(_zh(n.template, **n.params) in c.value for c in at.caption for n in data_notes if n.template), "the data notes"
        _no_raw_keys(at)
    # An unexpected error (the worker keeps its text, which has no key): its English under a translated first sentence.
    run.set_status("failed", **fields("message", "ValueError: boom"), summary=summary)
    assert _zh(N_("The run failed: {reason}"), reason="ValueError: boom") in [e.value for e in _page(run=run.id, lang="zh").error]
    # A library error that failed the run: the worker keeps its key and values, the page says it in Chinese when it can.
    params = {"run": "x", "folder": "/runs"}
    message = "There is no run 'x' in /runs; pick one from the runs list."
    run.set_status("failed", **fields("message", message), error_template=N_("There is no run {run!r}: pick one from the runs list."), error_params=params, summary=summary)
    at = _page(run=run.id, lang="zh")
    reason = _zh(N_("There is no run {run!r}: pick one from the runs list."), **params)
    assert reason != message and "'x'" in reason, "the error's own Chinese sentence, with its values"
    assert _zh(N_("The run failed: {reason}"), reason=reason) in [e.value for e in at.error]


# --- queue: Train disabled while the form is invalid, a queued run's place and start ------------------


def test_an_invalid_value_disables_train_and_is_never_replaced(runs_root: Path) -> None:
    """A learning rate of 100 is out of range: the page says so, Train is disabled, and a press trains nothing."""
    at = _page()
    at.number_input(key=state.TRAIN_LR).set_value(100.0)
    at.button(key=state.TRAIN_START).click().run()  # typed, then Train pressed at once (one rerun carries both)
    assert not at.exception, [e.value for e in at.exception]
    assert store.list_runs(runs_root) == [], "no run with the previous learning rate"
    assert at.number_input(key=state.TRAIN_LR).value == 100.0, "the value typed stays"
    assert any("learning rate must be above 0 and at most 10" in e.value for e in at.error)
    assert at.button(key=state.TRAIN_START).disabled
    at.number_input(key=state.TRAIN_LR).set_value(0.01).run()
    assert not at.button(key=state.TRAIN_START).disabled and not at.error


def test_the_train_page_says_how_the_server_shares_its_devices(runs_root: Path) -> None:
    with environment({"EXPLORER_MAX_RUNS_PER_DEVICE": "2", "EXPLORER_MAX_RUN_SECONDS": "300"}):
        at = _page()
        captions = " ".join(c.value for c in at.caption)
    assert "Runs train 2 at a time on each device" in captions and "each person may have 1 queued" in captions
    assert "at most 300 s" in captions


def test_a_queued_run_shows_its_place_and_when_it_starts(runs_root: Path) -> None:
    done = worker.submit(tiny_config(), start=False)  # 24 steps in 12 s: 0.5 s a step for runs like it
    done.set_status("finished", summary={"step": 24, "elapsed_s": 12.0})
    training = worker.submit(tiny_config(), start=False)
    training.set_status("running", pid=os.getpid(), eta_s=68.0)
    training.beat()
    ahead, mine = (worker.submit(tiny_config(), start=False) for _ in range(2))
    at = _page(run=mine.id)
    shown = " ".join(i.value for i in at.info)
    assert "Queued for the CPU: 2nd in line · starts in about 1 min 20 s." in shown, shown  # 68 s + 24 × 0.5 s
    _no_raw_keys(at)
    zh = _page(run=mine.id, lang="zh")
    assert _zh(N_("{n}nd in line"), n=2) in " ".join(i.value for i in zh.info)
    training.set_status("finished")


def test_a_failed_run_says_of_how_many_epochs(runs_root: Path) -> None:
    run = worker.submit(tiny_config(), start=False)
    run.metrics_path.write_text('{"kind": "train", "step": 5, "epoch": 0.4167, "loss": 2.1, "acc": 0.2, "lr": 0.003}\n')
    run.set_status("failed", **fields("message", "ValueError: boom"))  # failed before its status said its epochs
    at = _page(run=run.id)
    assert any("epoch 0.42 of 2" in p.proto.text for p in at.get("progress")), [p.proto.text for p in at.get("progress")]


def test_open_in_inside_shows_a_validation_image_of_the_runs_own_data(runs_root: Path) -> None:
    """Not a cat photo for a digits model: the run's first validation image, named by its true and predicted class."""
    import numpy as np

    from explorer.training import datasets

    cfg = tiny_config(epochs=1)
    run = worker.submit(cfg, start=False)
    worker.execute(run)
    ev = run.evaluation()
    first = ev["samples"][0]
    data = datasets.load("digits", seed=cfg.data_seed, train_size=cfg.train_size, val_size=cfg.val_size)
    kept = np.load(run.file("samples.npy"))
    assert np.array_equal(kept[0], data.val_x[0].numpy()) and first["true"] == int(data.val_y[0])
    at = open_page("pages/inside.py", timeout=TIMEOUT, run=run.id)
    assert at.radio(key=state.IN_IMAGE_SOURCE).value == "validation"
    picker = at.selectbox(key=state.IN_VAL_IMAGE)
    assert picker.value == 0
    assert f"1: a {ev['classes'][first['true']]}, predicted {ev['classes'][first['pred']]}" in picker.options[0]
    assert any(run.id in c.value for c in at.caption), "the page names the run's image"

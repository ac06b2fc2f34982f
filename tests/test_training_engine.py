"""The training loop: it learns, it is deterministic, it stops, and it ends well when things go wrong."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from explorer.errors import ExplorerError
from explorer.training.engine import (
    DevicePlan,
    MemoryReporter,
    Trainer,
    cpu_threads,
    is_out_of_memory,
    plan_for,
    resolve_device,
)
from training_helpers import digits_data, tiny_config, without_timing
from explorer.i18n import N_

CPU = torch.device("cpu")


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    """One PyTorch thread, as the worker uses on these 2-core machines: tiny models gain nothing from two, and
    two spinning threads crawl when another process holds a core (the suite must not depend on the load)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def data():
    return digits_data()


def _fit(cfg, data, **kw):
    rep = MemoryReporter(stop_after=kw.pop("stop_after", None))
    outcome = Trainer(cfg, data, rep, **kw).fit()
    return outcome, rep


def test_loss_falls_and_accuracy_rises_on_digits(data) -> None:
    outcome, rep = _fit(tiny_config(epochs=3), data)
    assert outcome.status == "finished"
    train = [r for r in rep.records if r["kind"] == "train"]
    val = [r for r in rep.records if r["kind"] == "val"]
    assert len(val) == 3 and [v["epoch"] for v in val] == [1, 2, 3]
    assert train[0]["step"] == 1, "the first step is reported at once (the page's first point)"
    assert train[-1]["loss"] < 0.5 * train[0]["loss"]
    assert train[0]["acc"] < 0.3 and val[-1]["acc"] > 0.6
    assert val[-1]["loss"] < val[0]["loss"]
    # What every train record carries
    assert {"step", "epoch", "loss", "acc", "lr", "images_per_s", "eta_s", "elapsed_s"} <= set(train[-1])
    assert train[-1]["eta_s"] == 0 and train[0]["eta_s"] > 0
    # Best and final weights, and the evaluation with its confusion matrix
    assert {"best", "final", "evaluation"} <= set(rep.saved)
    ev = rep.saved["evaluation"]
    assert sum(map(sum, ev["confusion"])) == 192 and len(ev["confusion"]) == 10
    assert ev["val_acc"] == pytest.approx(val[-1]["acc"])
    assert all(m["true"] != m["pred"] for m in ev["misclassified"])
    assert outcome.summary["final_val_acc"] == pytest.approx(val[-1]["acc"])
    assert outcome.summary["images_per_s"] > 0


def test_same_seed_same_run_on_cpu(data) -> None:
    a, ra = _fit(tiny_config(augmentation="crop"), data)
    b, rb = _fit(tiny_config(augmentation="crop"), data)
    assert without_timing(ra.records) == without_timing(rb.records)
    for k, v in ra.saved["final"].items():
        assert torch.equal(v, rb.saved["final"][k]), k
    c, rc = _fit(tiny_config(augmentation="crop", seed=1), data)
    assert without_timing(rc.records) != without_timing(ra.records)


def test_stop_then_resume_equals_an_uninterrupted_run(data) -> None:
    cfg = tiny_config(augmentation="crop+flip")
    _, full = _fit(cfg, data)
    stopped, part = _fit(cfg, data, stop_after=7)  # in the middle of the first epoch (12 steps)
    assert stopped.status == "stopped" and "step 7" in stopped.message
    ckpt = part.last_checkpoint
    assert ckpt["step"] == 7 and ckpt["epoch"] == 0 and ckpt["batch"] == 7
    assert "final" in part.saved, "a stopped run keeps its weights"

    class Resume(MemoryReporter):
        def load_checkpoint(self):
            return ckpt

    rest = Resume()
    outcome = Trainer(cfg, data, rest).fit()
    assert outcome.status == "finished"
    val_full = [r for r in without_timing(full.records) if r["kind"] == "val"]
    val_rest = [r for r in without_timing(rest.records) if r["kind"] == "val"]
    assert val_rest == val_full
    for k, v in full.saved["final"].items():
        assert torch.equal(v, rest.saved["final"][k]), k


class _Poisoned(nn.Module):
    """LeNet-like logits that turn NaN (or raise) from a given call on: divergence and OOM on demand."""

    def __init__(self, after: int, error: BaseException | None = None) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 5)
        self.fc = nn.Linear(4 * 24 * 24, 10)
        self.calls, self.after, self.error = 0, after, error

    def forward(self, x):
        self.calls += 1
        out = self.fc(F.relu(self.conv(x)).flatten(1))
        if self.training and self.calls > self.after:
            if self.error is not None:
                raise self.error
            return out * float("nan")
        return out


def test_nan_loss_stops_as_diverged_with_a_suggestion(data) -> None:
    outcome, rep = _fit(tiny_config(lr=0.005, log_every=2), data, model=_Poisoned(after=3))  # a rate that learns: only the NaN
    assert outcome.status == "diverged"
    assert "nan" in outcome.message.lower() and "step 4" in outcome.message
    assert "0.0005" in outcome.suggestion and "lower" in outcome.suggestion
    assert max(r["step"] for r in rep.records) <= 2, "no NaN record is written"
    assert "final" not in rep.saved


def test_a_real_divergence_is_caught(data) -> None:
    cfg = tiny_config(optimizer="sgd", lr=10.0, momentum=0.9, hyperparameters={"activation": "relu"}, log_every=1)
    outcome, _ = _fit(cfg, data)
    assert outcome.status == "diverged"


def test_out_of_memory_stops_with_a_suggestion(data) -> None:
    oom = torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    outcome, _ = _fit(tiny_config(batch_size=32), data, model=_Poisoned(after=2, error=oom))
    assert outcome.status == "out_of_memory"
    assert "batch size 32" in outcome.message
    assert "try 16" in outcome.suggestion
    assert is_out_of_memory(RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes"))
    assert is_out_of_memory(MemoryError())
    assert not is_out_of_memory(RuntimeError("mat1 and mat2 shapes cannot be multiplied"))


def test_other_errors_propagate_to_the_worker(data) -> None:
    with pytest.raises(ValueError, match="boom"):
        _fit(tiny_config(), data, model=_Poisoned(after=1, error=ValueError("boom")))


def test_max_steps_and_schedule_reach_the_optimizer(data) -> None:
    outcome, rep = _fit(tiny_config(max_steps=5, epochs=10, schedule="lenet5", lr=5e-4, optimizer="sgd", log_every=1), data)
    assert outcome.status == "finished" and outcome.summary["step"] == 5
    assert [r["lr"] for r in rep.records if r["kind"] == "train"] == [5e-4] * 5
    assert [r["kind"] for r in rep.records][-1] == "val", "a run cut short still validates once"


def test_googlenet_auxiliary_losses_are_weighted_like_the_paper(data) -> None:
    tr = Trainer(tiny_config(), data, MemoryReporter())
    y = torch.tensor([1, 2])
    main, aux1, aux2 = torch.randn(2, 10), torch.randn(2, 10), torch.randn(2, 10)
    loss, logits = tr._loss((main, aux2, aux1), y)
    expected = F.cross_entropy(main, y) + 0.3 * (F.cross_entropy(aux1, y) + F.cross_entropy(aux2, y))
    assert torch.allclose(loss, expected) and logits is main


def test_cuda_plan_by_construction() -> None:
    cuda = torch.device("cuda")
    bf = plan_for(cuda, bf16=True)
    assert bf.amp_dtype is torch.bfloat16 and not bf.scaler and bf.channels_last
    fp = plan_for(cuda, bf16=False)
    assert fp.amp_dtype is torch.float16 and fp.scaler
    plain = plan_for(cuda, amp=False, channels_last=False, bf16=True)
    assert plain.amp_dtype is None and not plain.channels_last
    assert plan_for(CPU) == DevicePlan(CPU), "no mixed precision or channels-last off CUDA"


def test_mixed_precision_and_channels_last_code_path_runs_on_cpu(data) -> None:
    """The CUDA recipe (autocast, channels-last inputs and weights) through the same loop, with CPU bfloat16."""
    plan = DevicePlan(CPU, amp_dtype=torch.bfloat16, scaler=False, channels_last=True)
    tr = Trainer(tiny_config(hyperparameters={"activation": "relu"}, epochs=1), data, MemoryReporter(), plan=plan)
    x, _ = next(tr.train_batches.epoch(torch.Generator().manual_seed(0)))
    assert x.is_contiguous(memory_format=torch.channels_last)
    assert tr.conv.weight.is_contiguous(memory_format=torch.channels_last)
    outcome = tr.fit()
    assert outcome.status == "finished" and math.isfinite(outcome.summary["final_train_loss"])


def test_gradient_scaler_path_runs_on_cpu(data) -> None:
    plan = DevicePlan(CPU, amp_dtype=torch.bfloat16, scaler=True, channels_last=False)
    tr = Trainer(tiny_config(epochs=1, max_steps=4), data, MemoryReporter(), plan=plan)
    assert tr.scaler is not None
    assert tr.fit().status == "finished"


def test_devices_and_threads(monkeypatch) -> None:
    if not torch.cuda.is_available():
        assert resolve_device("auto").type in ("cpu", "mps")
        with pytest.raises(ExplorerError, match="no CUDA GPU"):
            resolve_device("cuda")
    assert resolve_device("cpu") == CPU
    from explorer import settings as operator

    monkeypatch.setenv("EXPLORER_TORCH_THREADS", "3")  # the operator's torch_threads
    try:
        operator.reload()
        assert cpu_threads() == 3 and cpu_threads(2) == 2
        monkeypatch.delenv("EXPLORER_TORCH_THREADS")
        operator.reload()
        assert cpu_threads() >= 1
    finally:
        monkeypatch.undo()
        operator.reload()


def test_config_errors_are_sentences() -> None:
    with pytest.raises(ExplorerError, match="learning rate must be above 0"):
        tiny_config(lr=0).check()
    with pytest.raises(ExplorerError, match="Unknown optimizer 'rmsprop'"):
        tiny_config(optimizer="rmsprop").check()
    with pytest.raises(ExplorerError, match="batch size"):
        tiny_config(batch_size=0).check()
    cfg = tiny_config().with_recipe("alexnet")
    assert (cfg.optimizer, cfg.lr, cfg.momentum, cfg.weight_decay) == ("sgd", 0.01, 0.9, 5e-4)
    kept = replace(tiny_config(), lr=0.02).with_recipe("resnet_milestones", keep=("lr",))
    assert kept.lr == 0.02 and kept.optimizer == "sgd"


# --- queue: divergence beyond NaN, the operator's budget, a stopped run's last validation ----------


def test_a_finite_divergence_is_caught_with_the_lower_rate_suggested(data) -> None:
    """SGD at a constant rate of 10 never makes a NaN: the loss climbs into the hundreds and accuracy sits at chance."""
    outcome, rep = _fit(tiny_config(optimizer="sgd", lr=10.0, momentum=0.0, log_every=1), data)
    assert outcome.status == "diverged" and outcome.message.template == N_("The training loss rose to {loss:.4g} at step {step} (epoch {epoch}), more than {factor} times where it started ({start:.3g}).")
    start = math.log(10)  # an untrained 10-class model's cross-entropy
    assert outcome.message.params["start"] == pytest.approx(start, rel=0.05)
    assert outcome.message.params["loss"] > 10 * outcome.message.params["start"]
    assert "try 1 (10× lower)" in outcome.suggestion
    assert all(math.isfinite(r["loss"]) for r in rep.records)


def test_chance_accuracy_with_a_risen_loss_after_an_epoch_is_divergence(data) -> None:
    outcome, _ = _fit(tiny_config(optimizer="sgd", lr=0.5, momentum=0.9), data)
    assert outcome.status == "diverged", outcome.message
    assert outcome.message.template in (N_("After epoch {epoch} the validation accuracy is {acc:.1%}, no better than guessing among {classes} classes, and the validation loss {loss:.4g} is far above where training started ({start:.3g})."), N_("The training loss rose to {loss:.4g} at step {step} (epoch {epoch}), more than {factor} times where it started ({start:.3g})."))


def test_a_slow_run_at_chance_is_not_divergence(data) -> None:
    """A rate too small to learn in one epoch leaves the loss near its start: that run finishes."""
    outcome, rep = _fit(tiny_config(optimizer="sgd", lr=1e-5, momentum=0.0, epochs=1), data)
    assert outcome.status == "finished"
    assert [r for r in rep.records if r["kind"] == "val"][-1]["acc"] < 0.2


def test_the_operators_step_budget_stops_the_run_for_good(data) -> None:
    outcome, rep = _fit(tiny_config(), data, budget_steps=5)
    assert outcome.status == "stopped" and not outcome.resumable
    assert str(outcome.message).startswith("Stopped at the operator's limit of 5 steps")
    assert max(r["step"] for r in rep.records) == 5 and rep.last_checkpoint is None


def test_the_operators_time_budget_stops_the_run(data) -> None:
    outcome, _ = _fit(tiny_config(), data, budget_seconds=1e-9)  # spent before the first step ends
    assert outcome.status == "stopped" and not outcome.resumable
    assert outcome.message.template == N_("Stopped at the operator's limit of {limit} s (step {step} of {total}).") and outcome.summary["step"] == 1


def test_a_stopped_run_ends_with_a_validation_record_its_confusion_matrix_agrees_with(data) -> None:
    outcome, rep = _fit(tiny_config(), data, stop_after=5)
    assert outcome.status == "stopped"
    last = [r for r in rep.records if r["kind"] == "val"][-1]
    ev = rep.saved["evaluation"]
    assert last["step"] == 5 and last["acc"] == pytest.approx(ev["val_acc"])
    confusion = torch.tensor(ev["confusion"])
    assert last["acc"] == pytest.approx(float(confusion.diag().sum() / confusion.sum()))  # the matrix's own accuracy
    assert outcome.summary["final_val_acc"] == pytest.approx(last["acc"])


def test_the_largest_values_are_checked_where_the_page_has_no_bounds() -> None:
    for bad, key in (({"train_size": 10**9}, N_("The number of training images must be at most {limit:,}, not {value:,}.")), ({"max_steps": 10**9}, N_("Steps must be at most {limit:,}, not {value:,}.")),
                     ({"seed": -1}, N_("The seed must be a whole number from 0 to 2147483647, not {value}.")), ({"lr": 100.0}, N_("The learning rate must be above 0 and at most 10 (e.g. 0.001), not {value}."))):
        with pytest.raises(ExplorerError) as err:
            tiny_config(**bad).check()
        assert err.value.template == key

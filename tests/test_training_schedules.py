"""Learning-rate schedules: the books' recipes by their printed values, the standard ones against PyTorch's."""

from __future__ import annotations

import math

import pytest
import torch

from explorer.errors import ExplorerError
from explorer.training.schedules import RECIPES, Scheduler, check, googlenet_lr, lenet5_lr


def _by_epoch(s: Scheduler, epochs: int, steps_per_epoch: int = 1) -> list[float]:
    return [s.lr(e, e * steps_per_epoch) for e in range(epochs)]


def test_lenet5_recipe_follows_the_books_code() -> None:
    # Elgendy ch. 5, lr_schedule(epoch) with Keras epochs from 0: 0–2 → 5e-4, 3–5 → 2e-4, 6–9 → 5e-5, then 1e-5.
    assert [lenet5_lr(e) for e in range(12)] == [5e-4] * 3 + [2e-4] * 3 + [5e-5] * 4 + [1e-5] * 2
    s = Scheduler("lenet5", base_lr=RECIPES["lenet5"].lr, total_steps=100)
    assert _by_epoch(s, 12) == pytest.approx([lenet5_lr(e) for e in range(12)])
    assert RECIPES["lenet5"].optimizer == "sgd" and RECIPES["lenet5"].momentum == 0


def test_googlenet_recipe_matches_the_books_computed_values() -> None:
    # lr(e) = 0.01 · 0.96^floor((1+e)/8): epochs 0–6 0.01, 7–14 0.0096, 15–22 0.009216, 23–24 0.00884736.
    values = [googlenet_lr(e) for e in range(25)]
    assert values[:7] == [0.01] * 7
    assert values[7:15] == pytest.approx([0.0096] * 8)
    assert values[15:23] == pytest.approx([0.009216] * 8)
    assert values[23:] == pytest.approx([0.00884736] * 2)
    s = Scheduler("googlenet", base_lr=RECIPES["googlenet"].lr, total_steps=1)
    assert _by_epoch(s, 25) == pytest.approx(values)


def _plateau(name: str, losses: list[float], **kw) -> list[float]:
    s = Scheduler(name, base_lr=RECIPES[name].lr if name in RECIPES else 0.1, total_steps=1, **kw)
    lrs = []
    for e, loss in enumerate(losses):
        lrs.append(s.lr(e, e))
        s.end_epoch(loss)
    return lrs


def test_alexnet_divides_by_ten_on_plateau_and_the_book_by_root_ten() -> None:
    losses = [1.0] + [1.0] * 25
    paper = _plateau("alexnet", losses)
    book = _plateau("alexnet_book", losses)
    assert RECIPES["alexnet"].patience == RECIPES["alexnet_book"].patience == 10  # Keras' default
    # Keras ReduceLROnPlateau: 10 epochs without improvement, then the rate is multiplied by the factor.
    assert paper[:11] == [0.01] * 11 and paper[11] == pytest.approx(0.001)
    assert book[11] == pytest.approx(0.01 * math.sqrt(0.1)) and book[21] == pytest.approx(0.001)


def test_plateau_waits_for_patience_and_counts_real_improvement_only() -> None:
    # improving, then flat (a fall of 1e-5 is not an improvement: Keras' min_delta is 1e-4)
    losses = [1.0, 0.8, 0.6, 0.59999, 0.59998, 0.59997, 0.5, 0.5, 0.5]
    lrs = _plateau("plateau", losses, patience=2, factor=0.5)
    assert lrs == pytest.approx([0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05])


def test_resnet_recipes() -> None:
    r = RECIPES["resnet_milestones"]
    assert (r.optimizer, r.lr, r.momentum, r.weight_decay) == ("sgd", 0.1, 0.9, 1e-4)
    s = Scheduler("resnet_milestones", base_lr=0.1, total_steps=64_000)
    # He et al. §4.2: ÷10 at 32k and 48k iterations of 64k.
    assert [s.lr(0, k) for k in (0, 31_999, 32_000, 47_999, 48_000, 63_999)] == pytest.approx([0.1, 0.1, 0.01, 0.01, 0.001, 0.001])
    lrs = _plateau("resnet_plateau", [1.0] * 12)
    assert lrs[5] == pytest.approx(0.1) and lrs[6] == pytest.approx(0.01) and lrs[11] == pytest.approx(0.001)


def _torch_lrs(make, steps: int, per_epoch: bool = False) -> list[float]:
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    out = []
    for _ in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


def test_one_cycle_is_pytorchs() -> None:
    ours = Scheduler("onecycle", base_lr=0.1, total_steps=97)
    ref = _torch_lrs(lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=97), 97)
    assert [ours.lr(0, k) for k in range(97)] == pytest.approx(ref, rel=1e-9)


def test_cosine_and_step_are_pytorchs() -> None:
    ours = Scheduler("cosine", base_lr=0.1, total_steps=50)
    ref = _torch_lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=50), 50)
    assert [ours.lr(0, k) for k in range(50)] == pytest.approx(ref, rel=1e-9, abs=1e-12)
    step = Scheduler("step", base_lr=0.1, total_steps=1, step_size=3, gamma=0.5)
    ref = _torch_lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10)
    assert _by_epoch(step, 10) == pytest.approx(ref)
    assert Scheduler("constant", base_lr=0.3, total_steps=1).lr(7, 700) == 0.3


def test_plateau_state_survives_a_checkpoint() -> None:
    a = Scheduler("plateau", base_lr=0.1, total_steps=1, patience=1)
    for loss in (1.0, 1.0):
        a.end_epoch(loss)
    b = Scheduler("plateau", base_lr=0.1, total_steps=1, patience=1)
    b.load_state_dict(a.state_dict())
    assert b.lr(2, 2) == a.lr(2, 2) == pytest.approx(0.01)


def test_unknown_schedule_is_a_sentence() -> None:
    with pytest.raises(ExplorerError, match="Unknown learning-rate schedule 'warmup'"):
        check("warmup")

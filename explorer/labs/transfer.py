"""Lab 19 — transfer learning: freeze the features or fine-tune them, against training from scratch.

File 003 (transfer learning, described without code): keep a network trained
on one task, replace its top layer for the new one, then either **freeze**
the other layers (only the new top learns) or retrain more of them — "more
retrained layers usually means higher accuracy but more risk of overfitting".
This lab does it in miniature, in seconds, in this process, three ways — from
scratch, frozen features with a new last layer, and fine-tuned from the first
task's weights — starting from one of two first tasks (a :class:`Source`):

* **a run of the Train page** (:func:`runs_for`, :func:`from_run`): the
  person's own finished run, or one the teacher shared, of a small network
  (at most :data:`MAX_FLOPS` per image, so the three runs take seconds); its
  final weights (``weights/final.pt``, read with ``weights_only=True``) learn
  five classes of the *other* embedded dataset (:func:`target_for`: a network
  that learnt digits learns shapes, and the other way round), fitted to its
  input and normalised as its own images were;
* **the lab's own pretraining** (:data:`LAB_SOURCE`, :func:`pretrained`), when
  there is no such run: book 001's LeNet-5 (``lenet5``) learns the embedded
  digits 0–4, then the digits 5–9.

Frozen features stay in evaluation mode while the new last layer learns (a
BatchNorm's running statistics are part of the features): the frozen network's
weights and buffers, but for that layer, are bit for bit the first task's.
Seeds fixed: the same curves every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

if TYPE_CHECKING:
    from explorer.classroom import Person
    from explorer.training.runs import Run

ARCH = "lenet5"
SOURCE, TARGET = (0, 1, 2, 3, 4), (5, 6, 7, 8, 9)
PRETRAIN_IMAGES, PRETRAIN_EPOCHS, VAL_IMAGES, BATCH, LR = 1500, 3, 500, 32, 2e-3
WAYS = ("scratch", "frozen", "finetune")
#: A run's network is offered when one image costs at most this many FLOPs (LeNet-5 at 28×28: 0.85 M), so that
#: the three ways train in seconds on a CPU; and when its input has 1 or 3 channels (the embedded images fit it).
MAX_FLOPS = 3_000_000
#: The embedded datasets a run's new task comes from, and the classes of it the lab uses (five, as 5–9 above).
EMBEDDED = ("digits", "shapes")
TASK_CLASSES = (0, 1, 2, 3, 4)
#: What the Train page's preset makes when a person has no run yet: LeNet-5 on the embedded digits, about 30 s on
#: a laptop's CPU (measured: 4,000 images, 3 epochs in 16 s on a loaded 2-core machine).
PRESET = {"architecture": "lenet5", "dataset": "digits", "train_size": 6000, "epochs": 3}


@dataclass(frozen=True, slots=True)
class Source:
    """Where the first task's network comes from, and the new task it learns.

    Attributes:
        arch, hyperparameters, input_shape: the network as it was built (``num_classes``: the first task's).
        learnt: the dataset of the first task; ``target`` and ``classes``: the new task's dataset and class indices.
        mean, std: how its inputs were normalised (in [0, 1] units).
        accuracy: the first task's validation accuracy, when known.
        run_id: the run of the runs store, or ``""`` for the lab's own pretraining.
    """

    arch: str
    hyperparameters: tuple[tuple[str, Any], ...]
    input_shape: tuple[int, int, int]
    learnt: str
    target: str
    classes: tuple[int, ...]
    mean: tuple[float, ...] = (0.0,)
    std: tuple[float, ...] = (1.0,)
    accuracy: float | None = None
    run_id: str = ""

    @property
    def hp(self) -> dict[str, Any]:
        return dict(self.hyperparameters)


#: The lab's own first task: LeNet-5 on the digits 0–4, then the digits 5–9 (no run needed).
LAB_SOURCE = Source(ARCH, (("num_classes", len(SOURCE)),), (1, 28, 28), "digits", "digits", TARGET)


def target_for(dataset: str) -> str:
    """The new task's embedded dataset for a network that learnt ``dataset``: shapes after digits (or any
    greyscale set of 28×28 images), digits after anything else."""
    return "shapes" if dataset in ("digits", "mnist", "fashion_mnist") else "digits"


def _data(classes: tuple[int, ...], n: int, *, split: str, seed: int, source: Source = LAB_SOURCE) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` embedded images of ``source.target``'s ``classes`` (labels renumbered 0…), fitted to the network's
    input, scaled to [0, 1] and normalised as the network's own images were."""
    from explorer.training import datasets

    data = datasets.load(source.target, seed=seed, train_size=4 * n + 200, val_size=4 * n + 200)
    x, y = (data.train_x, data.train_y) if split == "train" else (data.val_x, data.val_y)
    keep = torch.isin(y, torch.tensor(classes))
    x, y = datasets.adapt_images(x[keep][:n], source.input_shape), y[keep][:n]
    c = source.input_shape[0]
    mean = torch.tensor((list(source.mean) * c)[:c]).view(1, c, 1, 1)
    std = torch.tensor((list(source.std) * c)[:c]).view(1, c, 1, 1)
    x = x.float() / 255
    if source != LAB_SOURCE:  # the lab's own LeNet-5 learns from [0, 1] (the numbers it has always shown)
        x = (x - mean) / std
    return x, torch.searchsorted(torch.tensor(classes), y)


def _head(model: nn.Module) -> tuple[str, nn.Linear]:
    name, layer = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)][-1]
    return name, layer


def _replace_head(model: nn.Module, classes: int) -> nn.Linear:
    name, old = _head(model)
    parent = model.get_submodule(name.rsplit(".", 1)[0]) if "." in name else model
    new = nn.Linear(old.in_features, classes)
    setattr(parent, name.rsplit(".", 1)[-1], new)
    return new


def _accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def _train_mode(model: nn.Module) -> None:
    """Training mode; when some of the network is frozen, every part without a trainable parameter stays in
    evaluation mode (frozen features are extracted, not trained: a BatchNorm's running statistics stay the first
    task's, a dropout drops nothing)."""
    model.train()
    if all(p.requires_grad for p in model.parameters()):
        return
    for m in model.modules():
        if not any(p.requires_grad for p in m.parameters()):
            m.eval()


def _fit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int, *, seed: int, val: tuple[torch.Tensor, torch.Tensor] | None = None) -> list[float]:
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=LR)
    g = torch.Generator().manual_seed(seed)
    curve = []
    for _ in range(epochs):
        _train_mode(model)
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), BATCH):
            idx = order[i: i + BATCH]
            if len(idx) < 2 and len(x) > 1:
                continue  # a batch of one image breaks BatchNorm in training mode
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
        if val is not None:
            curve.append(_accuracy(model, *val))
    return curve


def pretrained(seed: int = 0) -> tuple[dict[str, torch.Tensor], float]:
    """LeNet-5 trained on the digits 0–4: its weights and its validation accuracy on them."""
    from explorer.labs.common import torch_threads
    from explorer.zoo import build

    torch.manual_seed(seed)
    model = build(ARCH, num_classes=len(SOURCE))
    x, y = _data(SOURCE, PRETRAIN_IMAGES, split="train", seed=seed)
    with torch_threads():
        _fit(model, x, y, PRETRAIN_EPOCHS, seed=seed)
    return {k: v.clone() for k, v in model.state_dict().items()}, _accuracy(model, *_data(SOURCE, VAL_IMAGES, split="val", seed=seed))


# --- a run of the Train page as the first task -------------------------------------------------


def unsuitable(run: Run) -> str | None:
    """Why ``run`` cannot be this lab's first task, as a short reason code; None when it can.

    ``unfinished`` (it has not finished), ``no_weights`` (no ``weights/final.pt``), ``architecture``
    (unknown here, or no last linear layer giving its classes), ``channels`` (an input of neither 1 nor 3
    channels), ``too_big`` (more than :data:`MAX_FLOPS` per image).
    """
    from explorer.analysis.engine import analyze
    from explorer.errors import ExplorerError
    from explorer.zoo.registry import get

    try:
        cfg = run.config()
    except ExplorerError:
        return "unfinished"
    if run.status().get("status") != "finished":
        return "unfinished"
    if not run.weights_path("final").is_file():
        return "no_weights"
    shape = tuple(cfg.get("input_shape") or ())
    if len(shape) != 3 or shape[0] not in (1, 3):
        return "channels"
    hp = dict(cfg.get("hyperparameters") or {})
    try:
        report = analyze(str(cfg.get("architecture")), input_shape=shape, **hp)  # on the meta device, cached
        if report.flops > MAX_FLOPS:
            return "too_big"
        with torch.device("meta"):
            model = get(str(cfg["architecture"])).build(**hp)
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    except (ExplorerError, KeyError, TypeError, ValueError):
        return "architecture"
    if not linears or linears[-1].out_features != hp.get("num_classes"):
        return "architecture"  # no last linear layer to replace (a convolutional head, global pooling last, …)
    return None


def runs_for(person: Person, root: str | Path | None = None) -> list[Run]:
    """The runs ``person`` may start this lab from, newest first: the finished runs they may open
    (:func:`explorer.classroom.can_open`: their own, and those the teacher shared) that suit it (:func:`unsuitable`)."""
    from explorer import classroom

    return [r for r in classroom.visible_runs(person, root) if classroom.can_open(person, r) and unsuitable(r) is None]


def from_run(run: Run) -> Source:
    """``run`` as the first task: its network, normalisation and accuracy, and the new task (:func:`target_for`)."""
    cfg = run.config()
    norm = run.normalization() or ((0.0,), (1.0,))
    summary = run.status().get("summary") or {}
    acc = summary.get("final_val_acc", (run.evaluation() or {}).get("val_acc"))
    return Source(
        arch=str(cfg["architecture"]), hyperparameters=tuple(sorted((cfg.get("hyperparameters") or {}).items())),
        input_shape=tuple(int(v) for v in cfg["input_shape"]),  # type: ignore[arg-type]
        learnt=str(cfg.get("dataset", "")), target=target_for(str(cfg.get("dataset", ""))), classes=TASK_CLASSES,
        mean=tuple(float(v) for v in norm[0]), std=tuple(float(v) for v in norm[1]),
        accuracy=float(acc) if isinstance(acc, (int, float)) else None, run_id=run.id,
    )


def run_weights(run: Run) -> dict[str, torch.Tensor]:
    """``run``'s final weights (``torch.load(..., weights_only=True)``: nothing in the file can run), checked
    against its network.

    Raises:
        WeightsError: an unreadable file, or weights that do not fit the run's network.
    """
    from explorer.inside.weights import check_state_dict, read_state_dict
    from explorer.zoo import build

    weights = read_state_dict(run.weights_path("final"), name=f"{run.id}/final.pt")
    src = from_run(run)
    check_state_dict(build(src.arch, **src.hp), weights, arch=src.arch, label=f"{run.id}/final.pt")
    return {k: v.clone() for k, v in weights.items()}


# --- the three ways ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    """One way of learning the new task: validation accuracy per epoch, and what it trained."""

    way: str
    accuracy: tuple[float, ...]
    trainable: int
    total: int


def model_for(way: str, weights: dict[str, torch.Tensor], seed: int = 0, *, source: Source = LAB_SOURCE) -> nn.Module:
    """The first task's network for the new task: new weights (scratch), or the first task's with a new last
    layer, frozen or not."""
    from explorer.zoo import build

    torch.manual_seed(seed + 1)
    model = build(source.arch, **source.hp)
    if way != "scratch":
        model.load_state_dict(weights)
    _replace_head(model, len(source.classes))
    if way == "frozen":
        head = _head(model)[1]
        for p in model.parameters():
            p.requires_grad_(False)
        for p in head.parameters():
            p.requires_grad_(True)
    return model


Task = tuple[torch.Tensor, torch.Tensor, tuple[torch.Tensor, torch.Tensor]]


def task(samples: int, *, seed: int = 0, source: Source = LAB_SOURCE) -> Task:
    """The new task's ``samples`` labelled training images and :data:`VAL_IMAGES` validation images (x, y, (x, y))."""
    x, y = _data(source.classes, samples, split="train", seed=seed, source=source)
    return x, y, _data(source.classes, VAL_IMAGES, split="val", seed=seed, source=source)


def learn(way: str, weights: dict[str, torch.Tensor], data: Task, epochs: int, *, seed: int = 0,
          source: Source = LAB_SOURCE) -> tuple[nn.Module, Result]:
    """Learn the new task (:func:`task`) one way: the trained network and its :class:`Result`."""
    from explorer.labs.common import torch_threads

    x, y, val = data
    model = model_for(way, weights, seed, source=source)
    with torch_threads():
        curve = _fit(model, x, y, epochs, seed=seed, val=val)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return model, Result(way, tuple(curve), trainable, sum(p.numel() for p in model.parameters()))


def transfer(samples: int = 50, epochs: int = 10, *, seed: int = 0, weights: dict[str, torch.Tensor] | None = None,
             source: Source = LAB_SOURCE) -> list[Result]:
    """Learn the new task from ``samples`` labelled images, the three ways (:data:`WAYS`).

    ``weights``: the first task's (:func:`run_weights` for a run); for the lab's own source, trained here when None.
    """
    if weights is None:
        if source != LAB_SOURCE:
            raise ValueError("a run's source needs its weights (run_weights)")
        weights = pretrained(seed)[0]
    data = task(samples, seed=seed, source=source)
    return [learn(way, weights, data, epochs, seed=seed, source=source)[1] for way in WAYS]

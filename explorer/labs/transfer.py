"""Lab 19 — transfer learning: freeze the features or fine-tune them, against training from scratch.

File 003 (transfer learning, described without code): keep a network trained
on one task, replace its top layer for the new one, then either **freeze**
the other layers (only the new top learns) or retrain more of them — "more
retrained layers usually means higher accuracy but more risk of overfitting".
This lab does it in miniature, in seconds, in this process: book 001's
LeNet-5 (``lenet5``) learns the embedded digits 0–4, then the digits 5–9 from
only a few labelled images, three ways — from scratch, frozen features with a
new last layer, and fine-tuned from the first task's weights. Seeds fixed:
the same curves every time.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

ARCH = "lenet5"
SOURCE, TARGET = (0, 1, 2, 3, 4), (5, 6, 7, 8, 9)
PRETRAIN_IMAGES, PRETRAIN_EPOCHS, VAL_IMAGES, BATCH, LR = 1500, 3, 500, 32, 2e-3
WAYS = ("scratch", "frozen", "finetune")


def _data(classes: tuple[int, ...], n: int, *, split: str, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` embedded digits of ``classes`` (labels renumbered 0…), scaled to [0, 1]."""
    from explorer.training import datasets

    data = datasets.load("digits", seed=seed, train_size=4 * n + 200, val_size=4 * n + 200)
    x, y = (data.train_x, data.train_y) if split == "train" else (data.val_x, data.val_y)
    keep = torch.isin(y, torch.tensor(classes))
    x, y = x[keep][:n].float() / 255, y[keep][:n]
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


def _fit(model: nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int, *, seed: int, val: tuple[torch.Tensor, torch.Tensor] | None = None) -> list[float]:
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=LR)
    g = torch.Generator().manual_seed(seed)
    curve = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), BATCH):
            idx = order[i: i + BATCH]
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


@dataclass(frozen=True, slots=True)
class Result:
    """One way of learning the new task: validation accuracy per epoch, and what it trained."""

    way: str
    accuracy: tuple[float, ...]
    trainable: int
    total: int


def model_for(way: str, weights: dict[str, torch.Tensor], seed: int = 0) -> nn.Module:
    """LeNet-5 for the digits 5–9: new weights (scratch), or the first task's with a new last layer, frozen or not."""
    from explorer.zoo import build

    torch.manual_seed(seed + 1)
    model = build(ARCH, num_classes=len(SOURCE))
    if way != "scratch":
        model.load_state_dict(weights)
    _replace_head(model, len(TARGET))
    if way == "frozen":
        head = _head(model)[1]
        for p in model.parameters():
            p.requires_grad_(False)
        for p in head.parameters():
            p.requires_grad_(True)
    return model


def transfer(samples: int = 50, epochs: int = 10, *, seed: int = 0, weights: dict[str, torch.Tensor] | None = None) -> list[Result]:
    """Learn the digits 5–9 from ``samples`` labelled images, the three ways (:data:`WAYS`)."""
    from explorer.labs.common import torch_threads

    if weights is None:
        weights = pretrained(seed)[0]
    x, y = _data(TARGET, samples, split="train", seed=seed)
    val = _data(TARGET, VAL_IMAGES, split="val", seed=seed)
    out = []
    for way in WAYS:
        model = model_for(way, weights, seed)
        with torch_threads():
            curve = _fit(model, x, y, epochs, seed=seed, val=val)
        out.append(Result(way, tuple(curve), sum(p.numel() for p in model.parameters() if p.requires_grad), sum(p.numel() for p in model.parameters())))
    return out

"""Small defects found on the way: tied weights, models returning dicts or tuples, a closed pipe, torchinfo's units.

Oracles: PyTorch itself (``model.parameters()`` counts a shared tensor once; a forward pass
gives the output's shape) and torchinfo (its multiply-adds and its own summary text).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torchinfo
from torch import nn

import explorer
from explorer.analysis.reference import _units_as_letters, torchinfo_summary

ROOT = Path(__file__).resolve().parent.parent


class Tied(nn.Module):
    """Two convolutions sharing one weight tensor (``b.weight = a.weight``), biases their own."""

    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Conv2d(4, 4, 3)
        self.b = nn.Conv2d(4, 4, 3)
        self.b.weight = self.a.weight
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 10 * 10, 5))

    def forward(self, x):
        return self.head(self.b(self.a(x)))


class TiedHead(nn.Module):
    """An embedding-style tie across branches: the classifier reuses a layer's weight in another subtree."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 8))
        self.out = nn.Sequential(nn.Linear(8, 8))
        self.out[0].weight = self.body[4].weight

    def forward(self, x):
        return self.out(self.body(x))


class Body(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.pool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        y = self.conv(x)
        return {"features": y, "pooled": self.pool(y).flatten(1)}  # a submodule returning a dict


class DictOut(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = Body()
        self.fc = nn.Linear(6, 10)

    def forward(self, x):
        d = self.body(x)
        return {"logits": self.fc(d["pooled"]), "features": d["features"]}


class TupleOut(DictOut):
    def forward(self, x):
        d = self.body(x)
        return (self.fc(d["pooled"]), [d["features"]])


class ListOut(DictOut):
    def forward(self, x):
        d = self.body(x)
        return [[self.fc(d["pooled"])], d["features"]]


def _first(out):
    if isinstance(out, torch.Tensor):
        return out
    values = out.values() if isinstance(out, dict) else out
    return _first(next(iter(values)))


@pytest.mark.parametrize("cls", [Tied, TiedHead])
def test_tied_weights_count_once_as_pytorch_does(cls) -> None:
    torch.manual_seed(0)
    model = cls()
    report = explorer.analyze(model, input_shape=(4, 14, 14) if cls is Tied else (3, 10, 10))
    assert report.total_params == sum(p.numel() for p in model.parameters())
    assert report.trainable_params == sum(p.numel() for p in model.parameters() if p.requires_grad)
    info = torchinfo.summary(model, input_size=(1, *report.input_shape), verbose=0)
    assert report.mult_adds == info.total_mult_adds
    x = torch.zeros(1, *report.input_shape)
    assert report.output_shape == tuple(model(x).shape[1:])


@pytest.mark.parametrize("cls", [DictOut, TupleOut, ListOut])
def test_models_returning_dicts_tuples_and_lists(cls) -> None:
    torch.manual_seed(0)
    model = cls()
    report = explorer.analyze(model, input_shape=(3, 16, 16))
    assert report.total_params == sum(p.numel() for p in model.parameters())
    assert report.output_shape == tuple(_first(model(torch.zeros(1, 3, 16, 16))).shape[1:]) == (10,)
    info = torchinfo.summary(model, input_size=(1, 3, 16, 16), verbose=0)
    assert report.mult_adds == info.total_mult_adds
    assert {r.name for r in report.layers} >= {"body.conv", "fc"}
    assert model.training, "the user's model is left as it was"


def _cli(*args: str, pipe_to_head: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "explorer", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not pipe_to_head:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    producer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    first = producer.stdout.readline()  # read one line, then close the pipe: what `| head -1` does
    producer.stdout.close()
    err = producer.stderr.read().decode()
    code = producer.wait(timeout=120)
    return subprocess.CompletedProcess(cmd, code, first.decode(), err)


@pytest.mark.parametrize("args", [("list", "--json"), ("summary", "resnet50", "--format", "json")])
def test_a_closed_pipe_ends_the_cli_quietly(args) -> None:
    done = _cli(*args, pipe_to_head=True)
    assert done.stdout.strip() in ("[", "{"), done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode in (0, 141)


def test_torchinfo_text_prints_its_units() -> None:
    text = torchinfo_summary("vgg16", depth=1)
    assert "Units." not in text
    line = next(l for l in text.splitlines() if l.startswith("Total mult-adds"))
    # torchinfo's own number, on its own scale: VGG-16 does 15.48 G multiply-adds at 224×224.
    with torch.device("meta"):
        model = explorer.build("vgg16")
    info = torchinfo.summary(model, input_size=(1, 3, 224, 224), device="meta", verbose=0)
    assert line == f"Total mult-adds (G): {info.total_mult_adds / 1e9:,.2f}"
    small = torchinfo_summary("lenet5")
    assert "Total mult-adds (M): " in small


def test_units_fix_touches_nothing_else() -> None:
    assert _units_as_letters("Total mult-adds (Units.TERABYTES): 1.00\n(Units.NOPE)") == "Total mult-adds (T): 1.00\n(Units.NOPE)"
    assert f"{torchinfo.enums.Units.GIGABYTES.value}" == "G", "torchinfo itself is left as it is"

"""The command line as a person uses it: python -m explorer …"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from explorer.cli import main


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_list_groups_every_architecture(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "reference models:" in out and "book models:" in out
    for name in ("vgg16", "resnet152", "googlenet", "lenet5", "resnet_cifar", "tiny_vgg"):
        assert f"  {name} " in out


def test_list_json_has_hyperparameter_specs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    data = {a["name"]: a for a in json.loads(capsys.readouterr().out)}
    depth = next(h for h in data["resnet_cifar"]["hyperparameters"] if h["name"] == "depth")
    assert depth["type"] == "int" and depth["default"] == 20


def test_summary_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "vgg16"]) == 0
    out = capsys.readouterr().out
    assert "Total params: 138,357,544" in out
    assert "212 / 32 / 90" in out  # receptive field size / stride / padding


def test_summary_json_contract_from_a_real_process() -> None:
    code, out, err = run("summary", "resnet_cifar", "--set", "depth=56", "--set", "shortcut=none", "--input", "3,32,32", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["architecture"] == "resnet_cifar"
    assert d["hyperparameters"]["depth"] == 56 and d["hyperparameters"]["shortcut"] == "none"
    assert d["input_shape"] == [3, 32, 32]
    assert d["total_params"] == d["trainable_params"] and d["non_trainable_params"] == 0
    assert d["layers"][-1]["receptive_field"] is None  # the classifier


def test_summary_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "lenet5", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    c1 = next(r for r in rows if r["name"].endswith("c1"))
    assert c1["params"] == "156" and c1["rf_size"] == "5"
    assert main(["summary", "lenet5", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("### ") and "| Layer |" in md and "61,706" in md


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["summary", "resnet51"], "Known architectures"),
        (["summary", "vgg16", "--set", "depth=3"], "its hyperparameters are"),
        (["summary", "vgg16", "--set", "num_classes=0"], "num_classes"),
        (["summary", "vgg16", "--set", "oops"], "key=value"),
        (["summary", "vgg16", "--input", "3,16,16"], "32×32"),
        (["summary", "vgg16", "--input", "3,x,1"], "C,H,W"),
        (["summary", "vgg16", "--format", "yaml"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(args: list[str], needle: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err

"""``python -m explorer train``: the same engine, progress on stderr, the final figures as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.cli import build_parser, main
from explorer.training import runs as store
from explorer.training.cli import config_from_args

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("keep_torch_threads")


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("EXPLORER_TORCH_THREADS", "1")
    return ["--runs-dir", str(tmp_path / "runs"), "--data-dir", str(tmp_path / "data")]


def test_train_prints_final_metrics_as_json(dirs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["train", "lenet5", "--dataset", "digits", "--train-size", "256", "--val-size", "128",
                 "--epochs", "2", "--batch-size", "32", "--json", *dirs])
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "finished" and result["steps"] == 16 and result["epochs"] == 2
    assert 0 < result["final_val_acc"] <= 1 and 0 < result["final_train_acc"] <= 1
    assert result["images_per_s"] > 0 and result["device"] == "CPU"
    run = store.Run(Path(result["run_dir"]))
    assert run.config()["launcher"] == "cli" and run.status()["status"] == "finished"
    assert [m["acc"] for m in run.metrics() if m["kind"] == "val"][-1] == pytest.approx(result["final_val_acc"])
    assert "epoch 2: val loss" in err and "Run " in err


def test_train_from_a_real_terminal_command(dirs: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "explorer", "train", "lenet5", "--set", "activation=relu", "--steps", "6",
         "--train-size", "200", "--val-size", "50", *dirs],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "finished: Finished 6 steps" in proc.stdout and "validation accuracy" in proc.stdout
    assert "run folder:" in proc.stdout


def test_bad_arguments_are_one_line_and_status_2(dirs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "lenet9", *dirs]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: error: Unknown architecture 'lenet9'") and err.count("\n") == 1
    assert main(["train", "vgg16", "--input", "3,16,16", *dirs]) == 2
    assert "too small" in capsys.readouterr().err
    assert main(["train", "lenet5", "--lr", "0", *dirs]) == 2
    assert "learning rate" in capsys.readouterr().err
    assert main(["train", *dirs]) == 2
    assert "Name the architecture" in capsys.readouterr().err


def test_recipes_fill_what_was_not_given() -> None:
    parse = lambda *a: config_from_args(build_parser().parse_args(["train", "lenet5", *a]))  # noqa: E731
    cfg = parse("--schedule", "lenet5")
    assert (cfg.optimizer, cfg.lr, cfg.momentum) == ("sgd", 5e-4, 0.0)
    cfg = parse("--schedule", "googlenet", "--lr", "0.02")
    assert (cfg.optimizer, cfg.lr, cfg.momentum) == ("sgd", 0.02, 0.9)
    assert parse("--dataset", "shapes").augmentation == "crop+flip"
    assert parse("--steps", "50").max_steps == 50


def test_a_stopped_run_resumes_from_the_command_line(dirs: list[str], capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from explorer.training import worker

    real = worker.RunReporter.should_stop
    monkeypatch.setattr(worker.RunReporter, "should_stop", lambda self, step: step >= 3)
    args = ["train", "lenet5", "--train-size", "256", "--val-size", "64", "--steps", "10", "--batch-size", "32", "--json", *dirs]
    assert main(args) == 130
    stopped = json.loads(capsys.readouterr().out)
    assert stopped["status"] == "stopped" and stopped["steps"] == 3
    monkeypatch.setattr(worker.RunReporter, "should_stop", real)
    assert main(["train", "--resume", stopped["run_id"], "--json", *dirs]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["status"] == "finished" and done["steps"] == 10 and done["run_id"] == stopped["run_id"]

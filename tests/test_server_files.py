"""No access to the server's files by default: the weights folder, run ids from links, messages without paths."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import torch
from streamlit.testing.v1 import AppTest

from explorer import classroom
from explorer import settings as S
from explorer.download import Unreachable, WriteFailed
from explorer.errors import ExplorerError, without_paths, without_tracebacks
from explorer.inside import weights as W
from explorer.training import runs as store
from ui import i18n
from apptest import ok, open_page
from explorer.i18n import N_

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def operator():
    """Set operator settings (environment variables) for one test; the environment and settings() are restored after."""
    saved = dict(os.environ)
    for name in ("EXPLORER_WEIGHTS_FOLDER", "EXPLORER_DOWNLOADS", "EXPLORER_MAX_WEIGHT_BYTES", S.CONFIG_ENV):
        os.environ.pop(name, None)

    def set_env(**env: str) -> S.Settings:
        os.environ.update(env)
        return S.reload()

    set_env()
    yield set_env
    os.environ.clear()
    os.environ.update(saved)
    S.reload()


def _in_both(err: ExplorerError) -> list[str]:
    """The error as the app shows it, in English and in Chinese (from its catalogue entry)."""
    zh = i18n.translate(err.template, "zh", **err.params)
    return [str(err), zh]


def _assert_no_path(texts: list[str], *paths: Path, echo: bool = False) -> None:
    """No folder of ``paths`` in ``texts``, nor any absolute path (unless the message echoes what the user typed)."""
    for text in texts:
        for p in paths:
            assert str(p) not in text and str(p.parent) not in text, text
        assert echo or not re.search(r"(?<![\w:/])/(?:tmp|root|home|etc|proc|srv|usr|var)\b", text), text


# --- the weights folder -----------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A weights folder with two good files, and around it what a student must not reach."""
    inside = tmp_path / "weights"
    (inside / "sub").mkdir(parents=True)
    state = {"w": torch.zeros(2)}
    torch.save(state, inside / "a.pt")
    torch.save(state, inside / "sub" / "b.pth")
    (inside / "notes.txt").write_text("not weights")
    (inside / "folder.pt").mkdir()
    torch.save(state, tmp_path / "outside.pt")
    (inside / "link_out.pt").symlink_to(tmp_path / "outside.pt")
    (inside / "link_dir").symlink_to(tmp_path, target_is_directory=True)
    (inside / "link_in.pt").symlink_to(inside / "a.pt")
    return inside


def test_the_path_option_is_off_by_default(operator, folder: Path) -> None:
    assert operator().weights_folder is None
    assert not W.server_files_enabled() and W.list_server_files() == []
    for name in ("a.pt", str(folder / "a.pt"), "/etc/shadow", "~/.ssh/id_rsa"):
        with pytest.raises(W.WeightsError) as err:
            W.server_file(name)
        assert err.value.template == N_("Loading weights from the server's files is turned off: upload a file, or ask the operator to set weights_folder (EXPLORER_WEIGHTS_FOLDER).") and err.value.params == {}


def test_the_weights_folder_confines_every_name(operator, folder: Path, tmp_path: Path) -> None:
    operator(EXPLORER_WEIGHTS_FOLDER=str(folder))
    assert W.server_file("a.pt") == (folder / "a.pt").resolve()
    assert W.server_file("sub/b.pth") == (folder / "sub" / "b.pth").resolve()
    assert W.server_file("link_in.pt") == (folder / "a.pt").resolve(), "a link that stays inside is followed"
    assert W.list_server_files() == ["a.pt", "link_in.pt", "sub/b.pth"]
    refused = [
        "", "   ", "../outside.pt", "sub/../a.pt", "./../weights/a.pt", str(folder / "a.pt"), str(tmp_path / "outside.pt"),
        "/etc/shadow", "/proc/self/environ", "~/.ssh/id_rsa", "~root/x.pt", "missing.pt", "folder.pt", "notes.txt", "sub",
        "link_out.pt", "link_dir/outside.pt", "a.pt\x00.pt", "/" + "x" * 5000 + ".pt",
    ]
    messages = set()
    for name in refused:
        with pytest.raises(W.WeightsError) as err:
            W.server_file(name)
        assert err.value.template == N_("There is no such weights file in the server's weights folder: pick one from the list (a .pt or .pth file, named relative to that folder).") and err.value.params == {}, name
        messages.add(str(err.value))
    assert len(messages) == 1, "outside, missing and unusable files all get one and the same message"
    _assert_no_path([*messages, *_in_both(err.value)], folder / "a.pt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_gets_the_same_message(operator, folder: Path) -> None:
    operator(EXPLORER_WEIGHTS_FOLDER=str(folder))
    (folder / "a.pt").chmod(0)
    try:
        with pytest.raises(W.WeightsError) as err:
            W.server_file("a.pt")
        assert err.value.template == N_("There is no such weights file in the server's weights folder: pick one from the list (a .pt or .pth file, named relative to that folder).")
    finally:
        (folder / "a.pt").chmod(0o644)


def test_a_file_larger_than_the_limit_is_refused_by_name(operator, folder: Path) -> None:
    operator(EXPLORER_WEIGHTS_FOLDER=str(folder), EXPLORER_MAX_WEIGHT_BYTES="100")
    with pytest.raises(W.WeightsError) as err:
        W.server_file("sub/b.pth")
    assert err.value.template == N_("'{name}' holds {size:,} bytes, more than this server reads ({limit:,} bytes): pick a smaller file.") and err.value.params["name"] == "b.pth"
    assert err.value.params["size"] == (folder / "sub" / "b.pth").stat().st_size and err.value.params["limit"] == 100
    _assert_no_path(_in_both(err.value), folder / "sub" / "b.pth")
    assert W.list_server_files() == [], "too large to be offered"


# --- run ids -----------------------------------------------------------------------------


def _run(root: Path, run_id: str) -> Path:
    (root / run_id / "weights").mkdir(parents=True)
    (root / run_id / "config.json").write_text(
        '{"id": "%s", "architecture": "tiny_vgg", "hyperparameters": {"num_classes": 3}, "input_shape": [3, 64, 64], '
        '"dataset": "shapes", "classes": ["a", "b", "c"], "status": "finished", "train": {}}' % run_id
    )
    return root / run_id


@pytest.mark.parametrize("bad", ["../etc", "../../etc", "..", ".", "/etc", "runs/../etc", "a/b", "", "-x", "x" * 200, "ok\n"])
def test_run_ids_are_checked_before_any_path_is_formed(tmp_path: Path, monkeypatch, bad: str) -> None:
    runs = tmp_path / "runs"
    _run(runs, "20250101-000000-tiny_vgg-shapes-ab12")
    _run(tmp_path, "etc")  # what ../etc would open: a folder that looks like a run, one level up
    monkeypatch.setenv(store.RUNS_ENV, str(runs))
    assert not store.valid_run_id(bad)
    for get in (store.get_run, lambda i: classroom.find_run(classroom.LOCAL, i)):  # the one runs store, and through the owner check
        with pytest.raises(store.RunNotFound) as err:
            get(bad)
        assert err.value.template == N_("There is no run {run!r}: pick one from the runs list.")
        assert "pick one from the" in str(err.value)
        _assert_no_path(_in_both(err.value), runs / "x", echo=True)
    assert [r.id for r in store.list_runs()] == ["20250101-000000-tiny_vgg-shapes-ab12"]
    assert store.get_run("20250101-000000-tiny_vgg-shapes-ab12").path == runs / "20250101-000000-tiny_vgg-shapes-ab12"


def test_a_run_id_in_a_message_is_data() -> None:
    assert store.shown_run_id("[log in](https://evil.example)") == "?log?in??https?//evil.example?"
    assert store.shown_run_id("../../etc") == "../../etc" and len(store.shown_run_id("x" * 500)) == 80


# --- messages never show a server path --------------------------------------------------


def test_weights_and_download_errors_name_files_only(tmp_path: Path, monkeypatch) -> None:
    deep = tmp_path / "secret" / "folder"
    errors: list[ExplorerError] = []
    with pytest.raises(W.WeightsError) as err:
        W.read_state_dict(deep / "gone.pth")
    errors.append(err.value)
    assert err.value.params == {"name": "gone.pth"}
    (tmp_path / "blocker").write_text("a file where the hub folder should be")
    with pytest.raises(W.DownloadFailed) as err:
        W.download("http://127.0.0.1:9/x-12345678.pth", dest_dir=tmp_path / "blocker" / "hub")
    errors.append(err.value)
    errors.append(W._download_failed(WriteFailed("x", url="http://h/x.pth", dest=deep / "x.pth", reason="No space left"), "x.pth"))
    errors.append(W._download_failed(Unreachable("x", url="http://h/x.pth", dest=deep / "x.pth", reason="refused"), "x.pth"))
    job = W.DownloadJob("http://127.0.0.1:9/x.pth", deep)
    monkeypatch.setattr(W, "download", lambda *a, **k: (_ for _ in ()).throw(OSError(f"cannot open {deep}/x.pth")))
    job.run()
    errors.append(job.failure)
    run = store.Run(deep / "20250101-run")
    with pytest.raises(store.RunNotFound) as err:
        run.config()
    errors.append(err.value)
    for e in errors:
        _assert_no_path(_in_both(e), deep / "x.pth")
    assert "OSError" in str(job.failure)


def test_dataset_errors_name_files_only(tmp_path: Path) -> None:
    from explorer.download import ChecksumMismatch
    from explorer.training.download import _download_error

    dest = tmp_path / "secret" / "mnist" / "train-images-idx3-ubyte.gz"
    for failure in (
        WriteFailed("x", url="http://h/t.gz", dest=dest, reason="No space left"),
        Unreachable("x", url="http://h/t.gz", dest=dest, reason="refused"),
        ChecksumMismatch("x", url="http://h/t.gz", dest=dest, algorithm="md5", expected="ab", actual="cd"),
    ):
        err = _download_error(failure)
        _assert_no_path(_in_both(err), dest)


def test_the_inside_pages_texts_take_no_path() -> None:
    for key in (N_("No trained runs yet: train a model on the Train page, then come back."), N_("In the server's checkpoint cache: `{file}`"), N_("From {url} into the server's checkpoint cache."), N_("Name of a .pth file in the server's weights folder")):
        for lang in ("en", "zh"):
            template = i18n.translate(key, lang)
            assert not set(re.findall(r"{(\w+)", template)) & {"path", "folder", "dir", "root"}, (key, template)


def test_paths_and_tracebacks_are_taken_out_of_unexpected_text() -> None:
    assert without_paths("No such file: '/root/runs/x/weights/final.pt'") == "No such file: 'final.pt'"
    assert without_paths("from https://download.pytorch.org/models/x.pth") == "from https://download.pytorch.org/models/x.pth"
    log = 'start\nTraceback (most recent call last):\n  File "/srv/app/x.py", line 3, in f\n    boom()\nOSError: /srv/data/z\nend'
    assert without_tracebacks(log) == "start\nOSError: z\nend"


# --- the pages ---------------------------------------------------------------------------


def test_inside_offers_no_server_file_and_no_download_when_the_operator_says_so(operator) -> None:
    operator(EXPLORER_DOWNLOADS="0")
    at = open_page("pages/inside.py", timeout=60, arch="resnet18", width_mult="0.25", input="3,64,64")
    at.radio(key="w:in:weights").set_value("checkpoint").run()
    ok(at)
    assert at.radio(key="w:in:ckpt_mode").options == ["Upload a file"], "neither download nor a file of the server"
    assert any("turned off" in c.value for c in at.caption)


def test_inside_with_a_weights_folder_lists_its_files(operator, folder: Path) -> None:
    operator(EXPLORER_WEIGHTS_FOLDER=str(folder))
    at = open_page("pages/inside.py", timeout=60, arch="tiny_vgg")
    at.radio(key="w:in:weights").set_value("checkpoint").run()
    at.radio(key="w:in:ckpt_mode").set_value("path").run()
    ok(at)
    assert at.selectbox(key="w:in:ckpt_path").options == ["a.pt", "link_in.pt", "sub/b.pth"]
    at.selectbox(key="w:in:ckpt_path").set_value("a.pt").run()
    ok(at)
    shown = " ".join(e.value for e in [*at.error, *at.caption, *at.info, *at.warning])
    assert "a.pt" in shown and str(folder) not in shown  # it loads, then says the file does not fit (by name)


def test_a_run_link_that_leaves_the_runs_folder_opens_nothing(tmp_path: Path, monkeypatch) -> None:
    runs = tmp_path / "runs"
    _run(runs, "20250101-000000-tiny_vgg-shapes-ab12")
    _run(tmp_path, "etc")
    monkeypatch.setenv(store.RUNS_ENV, str(runs))
    at = open_page("pages/inside.py", timeout=60, run="../../etc")
    ok(at)
    errors = " ".join(e.value for e in at.error)
    assert "There is no run '../../etc': pick one from the runs list" in errors and str(tmp_path) not in errors
    assert at.selectbox(key="w:in:run").value is None, "no other run is opened in its place"
    at.selectbox(key="w:in:run").set_value("20250101-000000-tiny_vgg-shapes-ab12").run()
    ok(at)
    assert not at.error and at.selectbox(key="w:arch").value == "tiny_vgg"


def test_the_deployed_configuration_hides_error_details() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_an_unexpected_exception_shows_no_traceback_or_path(monkeypatch) -> None:
    """A bug that is not the library's own error: the browser gets Streamlit's generic sentence, nothing else."""
    from ui import cache

    secret = "/root/secret/runs/x.py"

    def broken(*_a, **_k):
        raise RuntimeError(f"boom in {secret}")

    at = open_page("pages/inside.py", timeout=60)
    monkeypatch.setattr(cache, "report", broken)
    at.run()
    assert at.exception, "the exception reached Streamlit"
    for e in at.exception:
        assert secret not in e.message and not e.stack_trace and "RuntimeError" not in e.message
        assert "redacted" in e.message
    shown = " ".join(str(getattr(e, "value", "")) for e in at.main)
    assert secret not in shown and "Traceback" not in shown


def _everything_shown(at: AppTest) -> str:
    return " ".join(str(getattr(e, "value", "")) for kind in ("error", "warning", "info", "caption", "markdown", "success")
                    for e in getattr(at, kind))


def test_inside_shows_no_folder_of_the_hub_cache_or_the_runs(tmp_path: Path, monkeypatch, operator) -> None:
    hub, runs = tmp_path / "hub" / "checkpoints", tmp_path / "runs"
    monkeypatch.setenv(W.HUB_DIR_ENV, str(hub))
    monkeypatch.setenv(store.RUNS_ENV, str(runs))
    monkeypatch.setenv(W.BASE_URL_ENV, "http://127.0.0.1:9")
    at = open_page("pages/inside.py", timeout=60, arch="resnet18", width_mult="0.25", input="3,64,64")
    at.radio(key="w:in:weights").set_value("run").run()
    ok(at)
    assert any("No trained runs yet" in i.value for i in at.info) and str(tmp_path) not in _everything_shown(at)
    at.radio(key="w:in:weights").set_value("checkpoint").run()
    ok(at)
    assert at.radio(key="w:in:ckpt_mode").value == "download"
    assert any("into the server's checkpoint cache" in c.value for c in at.caption)
    assert str(tmp_path) not in _everything_shown(at)
    hub.mkdir(parents=True)
    (hub / W.checkpoint_filename("resnet18")).write_bytes(b"not a checkpoint")  # cached, and unreadable
    at.run()
    ok(at)
    shown = _everything_shown(at)
    assert f"`{W.checkpoint_filename('resnet18')}`" in shown and "'resnet18-f37072fd.pth' " in shown  # names only
    assert str(tmp_path) not in shown and "/hub" not in shown


def test_a_run_link_on_the_train_page_opens_nothing_either(tmp_path: Path, monkeypatch) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    _run(tmp_path, "etc")  # what ../etc would open
    monkeypatch.setenv(store.RUNS_ENV, str(runs))
    at = open_page("pages/train.py", timeout=60, run="../etc")
    shown = _everything_shown(at)
    assert "There is no run '../etc': pick one from the runs list." in shown and str(tmp_path) not in shown

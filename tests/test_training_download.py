"""Downloads against a local HTTP server on 127.0.0.1 (never the internet): checksums, interruptions, offline."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from explorer.training import datasets
from explorer.training.download import DownloadError, RemoteFile, download, fetch
from test_training_data import idx_bytes
from localhttp import Quiet, serve

PAYLOAD = bytes(range(256)) * 1000  # 256 kB: several chunks
MD5 = hashlib.md5(PAYLOAD).hexdigest()


class _Handler(Quiet):
    files: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802
        name = self.path.rsplit("/", 1)[-1]
        if self.path.startswith("/cut/"):  # announces everything, sends a third, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD[: len(PAYLOAD) // 3])
            self.wfile.flush()
            self.close_connection = True
            return
        body = self.files.get(name)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_verifies_and_reports_progress(server: str, tmp_path: Path) -> None:
    _Handler.files["good.bin"] = PAYLOAD
    seen: list[tuple[int, int | None]] = []
    path = download(f"{server}/good.bin", tmp_path / "good.bin", md5=MD5, progress=lambda d, t: seen.append((d, t)))
    assert path.read_bytes() == PAYLOAD
    assert seen[0] == (0, len(PAYLOAD)) and seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 3
    assert _leftovers(tmp_path) == ["good.bin"]


def test_wrong_checksum_keeps_nothing(server: str, tmp_path: Path) -> None:
    _Handler.files["tampered.bin"] = PAYLOAD[:-1] + b"!"
    with pytest.raises(DownloadError, match=f"not the official {MD5}"):
        download(f"{server}/tampered.bin", tmp_path / "tampered.bin", md5=MD5)
    assert _leftovers(tmp_path) == []


def test_interrupted_download_leaves_nothing_half_written(server: str, tmp_path: Path) -> None:
    (tmp_path / "big.bin").write_bytes(b"previous complete file")
    with pytest.raises(DownloadError, match="interrupted"):
        download(f"{server}/cut/big.bin", tmp_path / "big.bin", md5=MD5)
    assert _leftovers(tmp_path) == ["big.bin"]
    assert (tmp_path / "big.bin").read_bytes() == b"previous complete file", "the old file is untouched"


def test_offline_and_http_errors_are_sentences(server: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="seems to be offline"):
        download("http://127.0.0.1:9/x.gz", tmp_path / "x.gz", timeout=2)  # port 9 (discard): nothing listens
    with pytest.raises(DownloadError, match="HTTP 404"):
        download(f"{server}/missing.gz", tmp_path / "missing.gz")
    assert _leftovers(tmp_path) == []


def test_fetch_tries_the_next_mirror(server: str, tmp_path: Path) -> None:
    _Handler.files["mirror.bin"] = PAYLOAD
    files = [RemoteFile("mirror.bin", MD5)]
    fetch(files, tmp_path, ["http://127.0.0.1:9/", f"{server}/"], progress=lambda *a: None)
    assert (tmp_path / "mirror.bin").read_bytes() == PAYLOAD
    with pytest.raises(DownloadError, match="any of 2 locations"):
        fetch([RemoteFile("nowhere.bin", MD5)], tmp_path, [f"{server}/", f"{server}/"])


def test_mnist_is_downloaded_checked_and_read(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    files = []
    for prefix, n in (("train", 30), ("t10k", 10)):
        for kind, arr in (("images-idx3-ubyte", rng.integers(0, 256, (n, 28, 28))), ("labels-idx1-ubyte", np.arange(n) % 10)):
            blob = gzip.compress(idx_bytes(arr))
            name = f"{prefix}-{kind}.gz"
            _Handler.files[name] = blob
            files.append(RemoteFile(name, hashlib.md5(blob).hexdigest(), len(blob)))
    info = datasets.DATASETS["mnist"]
    monkeypatch.setitem(datasets.DATASETS, "mnist", type(info)(**{**info.__dict__, "files": tuple(files), "mirrors": (f"{server}/",)}))
    stages = []
    d = datasets.load("mnist", root=tmp_path, progress=lambda s, done, total: stages.append(s))
    assert len(d.train_y) == 30 and len(d.val_y) == 10 and "download" in stages
    assert any("checksums verified" in n for n in d.notes)
    assert datasets.missing_files("mnist", tmp_path) == []
    assert not list((tmp_path / "mnist").glob("*.part"))

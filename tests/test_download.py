"""The shared downloader (explorer.download) against a local HTTP server on 127.0.0.1, never the internet."""

from __future__ import annotations

import hashlib
import pickle
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer import download as dl
from localhttp import Quiet, serve

PAYLOAD = bytes(range(256)) * 1000  # 256 kB: several chunks
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()


class _Handler(Quiet):
    """``/file`` the payload; ``/cut`` announces it all and sends a third; ``/stall`` sends headers, then nothing;
    ``/unsized`` the payload without Content-Length; ``/status/<code>`` that error."""

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/status/"):
            self.send_error(int(self.path.rsplit("/", 1)[-1]))
            return
        if self.path not in ("/file", "/cut", "/stall", "/unsized"):
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        if self.path != "/unsized":
            self.send_header("Content-Length", str(len(PAYLOAD)))
        else:
            self.close_connection = True
        self.end_headers()
        if self.path == "/stall":
            self.wfile.flush()
            time.sleep(2)
            return
        body = PAYLOAD[: len(PAYLOAD) // 3] if self.path == "/cut" else PAYLOAD
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as url:
        yield url


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_progress_reaches_the_total_and_the_file_is_renamed_into_place(server: str, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "sub" / "payload.bin"
    got = dl.fetch(f"{server}/file", dest, algorithm="sha256", expected=SHA256, progress=lambda d, t: seen.append((d, t)), chunk_size=4096)
    assert got == dest and dest.read_bytes() == PAYLOAD
    assert seen[0] == (0, len(PAYLOAD)) and seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) == 1 + -(-len(PAYLOAD) // 4096)  # 0, then one call per chunk
    assert _names(dest.parent) == ["payload.bin"]  # no temporary file left


def test_digest_prefix_other_algorithms_and_no_size(server: str, tmp_path: Path) -> None:
    dl.fetch(f"{server}/file", tmp_path / "a", expected=SHA256[:8].upper(), prefix=True)
    dl.fetch(f"{server}/file", tmp_path / "b", algorithm="md5", expected=MD5)
    seen: list[tuple[int, int | None]] = []
    dl.fetch(f"{server}/unsized", tmp_path / "c", progress=lambda d, t: seen.append((d, t)))
    assert (tmp_path / "c").read_bytes() == PAYLOAD and seen[-1] == (len(PAYLOAD), None)
    with pytest.raises(dl.ChecksumMismatch):  # a prefix is not a full digest unless prefix=True
        dl.fetch(f"{server}/file", tmp_path / "d", expected=SHA256[:8])
    assert _names(tmp_path) == ["a", "b", "c"]


def test_hash_mismatch_removes_the_temporary_file_and_keeps_the_old_destination(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "payload.bin"
    dest.write_bytes(b"the previous, complete file")
    with pytest.raises(dl.ChecksumMismatch) as err:
        dl.fetch(f"{server}/file", dest, algorithm="md5", expected="0" * 32)
    e = err.value
    assert e.algorithm == "md5" and e.expected == "0" * 32 and e.actual == MD5 and e.dest == dest
    assert _names(tmp_path) == ["payload.bin"] and dest.read_bytes() == b"the previous, complete file"


def test_cancel_stops_between_chunks(server: str, tmp_path: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int | None) -> None:
        seen.append(done)
        if done >= 3 * 4096:
            cancel.set()

    with pytest.raises(dl.Cancelled, match="cancelled"):
        dl.fetch(f"{server}/file", tmp_path / "payload.bin", progress=progress, cancel=cancel, chunk_size=4096)
    assert seen[-1] == 3 * 4096 and _names(tmp_path) == []
    cancel.set()  # set before the start: nothing is read
    with pytest.raises(dl.Cancelled):
        dl.fetch(f"{server}/file", tmp_path / "payload.bin", cancel=cancel)
    assert _names(tmp_path) == []


@pytest.mark.parametrize("code", [404, 500])
def test_http_errors(server: str, tmp_path: Path, code: int) -> None:
    with pytest.raises(dl.HTTPStatus, match=f"HTTP {code}") as err:
        dl.fetch(f"{server}/status/{code}", tmp_path / "x.bin")
    assert err.value.code == code and err.value.host == server.removeprefix("http://")
    assert _names(tmp_path) == []


def test_a_truncated_body_keeps_nothing(server: str, tmp_path: Path) -> None:
    dest = tmp_path / "payload.bin"
    dest.write_bytes(b"old")
    with pytest.raises(dl.Truncated, match="stopped after") as err:
        dl.fetch(f"{server}/cut", dest, expected=SHA256)
    assert (err.value.done, err.value.total) == (len(PAYLOAD) // 3, len(PAYLOAD))
    assert _names(tmp_path) == ["payload.bin"] and dest.read_bytes() == b"old"


def test_a_stalled_body_times_out(server: str, tmp_path: Path) -> None:
    with pytest.raises(dl.Interrupted) as err:
        dl.fetch(f"{server}/stall", tmp_path / "payload.bin", timeout=0.3)
    assert err.value.done == 0 and err.value.total == len(PAYLOAD) and "Timeout" in err.value.cause
    assert _names(tmp_path) == []


def test_unreachable_server(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connection refused
        with pytest.raises(dl.Unreachable, match="Could not reach") as err:
            dl.fetch(f"http://127.0.0.1:{port}/x.bin", tmp_path / "x.bin", timeout=2)
    assert err.value.host == f"127.0.0.1:{port}" and _names(tmp_path) == []


def test_an_unwritable_folder(server: str, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the folder should be")
    with pytest.raises(dl.WriteFailed, match="Cannot write into"):
        dl.fetch(f"{server}/file", tmp_path / "not-a-folder" / "x.bin")


@pytest.mark.parametrize("timeout", [0, -1, float("inf"), float("nan"), dl.MAX_TIMEOUT_S + 1])
def test_timeouts_are_bounded(tmp_path: Path, timeout: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        dl.fetch("http://127.0.0.1:9/x", tmp_path / "x", timeout=timeout)


def test_failures_pickle_with_their_details(tmp_path: Path) -> None:
    err = dl.Interrupted("cut", url="http://h/x", dest=tmp_path / "x", done=5, total=9, cause="TimeoutError")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is dl.Interrupted and str(back) == "cut"
    assert (back.url, back.dest, back.done, back.total, back.cause) == ("http://h/x", tmp_path / "x", 5, 9, "TimeoutError")


def test_eta() -> None:
    assert dl.eta_seconds(0, 100, 1.0) is None and dl.eta_seconds(10, None, 1.0) is None
    assert dl.eta_seconds(25, 100, 5.0) == pytest.approx(15.0)
    assert dl.eta_seconds(100, 100, 5.0) == 0.0

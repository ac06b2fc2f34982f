"""Fetching one file over HTTP(S): hash-checked, with progress, cancellable, and never half-written.

The one downloader behind torchvision's checkpoints
(:func:`explorer.inside.weights.download`) and the datasets' official files
(:func:`explorer.training.download.download`). The bytes stream into a
temporary file next to the destination while they are hashed; only when
every announced byte has arrived and the digest is the expected one is the
file renamed into place (``os.replace``, atomic on one filesystem). Every
failure deletes the temporary file and leaves an existing destination as it
was, so nothing ever reads a truncated or corrupted file.

A failure is a :class:`FetchError` subclass that says what went wrong and
carries the values (status code, bytes received, digests) as attributes. It is
not an :class:`~explorer.errors.ExplorerError`: each caller translates it into
its own error, with the sentence that suits its user (a checkpoint to load
from a file instead, a dataset file to copy into the data folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import math
import os
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

#: ``progress(done_bytes, total_bytes or None)``, called once with 0 and then after every chunk.
Progress = Callable[[int, "int | None"], None]
TIMEOUT_S = 30.0
#: Longest wait allowed for one connection or one read: a larger timeout is almost surely a unit mistake.
MAX_TIMEOUT_S = 600.0
CHUNK = 1 << 16
USER_AGENT = "cnn-explorer"


class FetchError(Exception):
    """A download that did not complete; ``url`` and ``dest`` say which."""

    def __init__(self, message: str, *, url: str, dest: Path) -> None:
        super().__init__(message)
        self.url = url
        self.dest = dest

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc or self.url

    def __reduce__(self) -> tuple:
        # Exception's own reduce calls cls(message), which lacks the keyword-only details: rebuild from the state.
        return _rebuild, (type(self), str(self), self.__dict__)


def _rebuild(cls: type[FetchError], message: str, state: dict) -> FetchError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class HTTPStatus(FetchError):
    """The server answered with an error status (404, 500, …)."""

    def __init__(self, message: str, *, url: str, dest: Path, code: int, reason: str) -> None:
        super().__init__(message, url=url, dest=dest)
        self.code = code
        self.reason = reason


class Unreachable(FetchError):
    """No answer: offline, name not resolved, connection refused, or timed out before the response."""

    def __init__(self, message: str, *, url: str, dest: Path, reason: object) -> None:
        super().__init__(message, url=url, dest=dest)
        self.reason = reason


class Interrupted(FetchError):
    """The connection failed or timed out while the body was arriving (``cause``: the exception's type name)."""

    def __init__(self, message: str, *, url: str, dest: Path, done: int, total: int | None, cause: str) -> None:
        super().__init__(message, url=url, dest=dest)
        self.done = done
        self.total = total
        self.cause = cause


class Truncated(FetchError):
    """The body ended before the announced Content-Length."""

    def __init__(self, message: str, *, url: str, dest: Path, done: int, total: int) -> None:
        super().__init__(message, url=url, dest=dest)
        self.done = done
        self.total = total


class ChecksumMismatch(FetchError):
    """Every byte arrived, but the digest is not the expected one (``actual`` is the full hex digest)."""

    def __init__(self, message: str, *, url: str, dest: Path, algorithm: str, expected: str, actual: str) -> None:
        super().__init__(message, url=url, dest=dest)
        self.algorithm = algorithm
        self.expected = expected
        self.actual = actual


class Cancelled(FetchError):
    """The caller set the cancel event."""


class WriteFailed(FetchError):
    """The destination's folder cannot be created or written (permissions, disk full)."""

    def __init__(self, message: str, *, url: str, dest: Path, reason: str) -> None:
        super().__init__(message, url=url, dest=dest)
        self.reason = reason


def fetch(
    url: str,
    dest: str | Path,
    *,
    algorithm: str = "sha256",
    expected: str | None = None,
    prefix: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = TIMEOUT_S,
    chunk_size: int = CHUNK,
) -> Path:
    """Download ``url`` into ``dest`` (replacing it only on success); return ``dest``.

    Args:
        algorithm: a :mod:`hashlib` name ("sha256", "md5", …), used when ``expected`` is given.
        expected: the hex digest the file must have; None: no check.
        prefix: ``expected`` is only the digest's first digits (torchvision names
            its checkpoints ``<name>-<first 8 hex digits of the SHA-256>.pth``).
        progress: ``progress(done, total)``: bytes so far and the announced size (None when unknown).
        cancel: set it (from another thread) to stop between two chunks.
        timeout: seconds to wait for the connection and for each read, at most
            :data:`MAX_TIMEOUT_S`.
        chunk_size: bytes read at a time.

    Raises:
        FetchError: one of :class:`HTTPStatus`, :class:`Unreachable`,
            :class:`Interrupted`, :class:`Truncated`, :class:`ChecksumMismatch`,
            :class:`Cancelled`, :class:`WriteFailed`. No temporary file is left
            and ``dest`` is as it was.
    """
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT_S):
        raise ValueError(f"timeout must be a number of seconds in (0, {MAX_TIMEOUT_S:g}], not {timeout!r}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size!r}")
    dest = Path(dest)
    digest = hashlib.new(algorithm, usedforsecurity=False)  # a checksum against damage, not a signature
    expected = expected.lower() if expected else None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    except OSError as err:
        raise WriteFailed(f"Cannot write into {dest.parent} ({_why(err)}).", url=url, dest=dest, reason=_why(err)) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            response = _open(url, dest, timeout)
            with response:
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                done = 0
                if progress:
                    progress(0, total)
                while True:
                    if cancel is not None and cancel.is_set():
                        raise Cancelled(f"The download of {url} was cancelled.", url=url, dest=dest)
                    try:
                        block = response.read(chunk_size)
                    except (OSError, http.client.HTTPException) as err:  # reset, timed out, IncompleteRead, …
                        got = f"{done:,} of {total:,}" if total is not None else f"{done:,}"
                        raise Interrupted(
                            f"The download of {url} was interrupted after {got} bytes ({type(err).__name__}).",
                            url=url, dest=dest, done=done, total=total, cause=type(err).__name__,
                        ) from None
                    if not block:
                        break
                    try:
                        out.write(block)
                    except OSError as err:
                        raise WriteFailed(f"Cannot write {tmp} ({_why(err)}).", url=url, dest=dest, reason=_why(err)) from None
                    digest.update(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
            if total is not None and done != total:
                raise Truncated(
                    f"The download of {url} stopped after {done:,} of {total:,} bytes.", url=url, dest=dest, done=done, total=total
                )
            actual = digest.hexdigest()
            if expected and not (actual.startswith(expected) if prefix else actual == expected):
                raise ChecksumMismatch(
                    f"{url} arrived with {algorithm} {actual}, not {expected}{'…' if prefix else ''}.",
                    url=url, dest=dest, algorithm=algorithm, expected=expected, actual=actual,
                )
            try:
                out.flush()
                os.fsync(out.fileno())  # the bytes are on disk before the name says the file is complete
            except OSError as err:
                raise WriteFailed(f"Cannot write {tmp} ({_why(err)}).", url=url, dest=dest, reason=_why(err)) from None
        try:
            os.replace(tmp, dest)
        except OSError as err:
            raise WriteFailed(f"Cannot move the download to {dest} ({_why(err)}).", url=url, dest=dest, reason=_why(err)) from None
        tmp = None
        return dest
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _open(url: str, dest: Path, timeout: float) -> http.client.HTTPResponse:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310  (the callers' URLs: http(s) only)
    except urllib.error.HTTPError as err:
        err.close()
        raise HTTPStatus(f"{url} answered HTTP {err.code} ({err.reason}).", url=url, dest=dest, code=err.code, reason=str(err.reason)) from None
    except urllib.error.URLError as err:
        raise Unreachable(f"Could not reach {url} ({err.reason}).", url=url, dest=dest, reason=err.reason) from None
    except (OSError, http.client.HTTPException) as err:  # timed out or dropped while waiting for the status line
        raise Unreachable(f"Could not reach {url} ({err or type(err).__name__}).", url=url, dest=dest, reason=err) from None


def _why(err: OSError) -> str:
    return err.strerror or str(err)


def eta_seconds(done: int, total: int | None, elapsed: float) -> float | None:
    """Seconds left at the average speed so far; None until it can be estimated (no size, nothing yet)."""
    if not total or done <= 0 or elapsed <= 0:
        return None
    return max(0.0, (total - done) / (done / elapsed))


__all__ = [
    "CHUNK",
    "TIMEOUT_S",
    "Cancelled",
    "ChecksumMismatch",
    "FetchError",
    "HTTPStatus",
    "Interrupted",
    "Progress",
    "Truncated",
    "Unreachable",
    "WriteFailed",
    "eta_seconds",
    "fetch",
]

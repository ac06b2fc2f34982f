"""Downloading a dataset file: checksum verified, progress reported, and never half-written.

The bytes go to ``<name>.part`` next to the destination; only when every byte
has arrived and the MD5 matches the official one is it renamed into place
(``os.replace`` is atomic on one filesystem). An interrupted transfer, a
timeout or a wrong checksum deletes the partial file and raises a
:class:`DownloadError` that says what happened and what to do, so the next
attempt starts clean and nothing ever reads a truncated file.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.errors import ExplorerError

#: progress(done_bytes, total_bytes or None)
Progress = Callable[[int, "int | None"], None]
CHUNK = 1 << 16
TIMEOUT_S = 30.0


class DownloadError(ExplorerError):
    """A download that could not complete (offline, interrupted, wrong checksum)."""


@dataclass(frozen=True)
class RemoteFile:
    """One official file: its name and MD5 (the checksums the publishers and torchvision list)."""

    name: str
    md5: str
    size: int | None = None


def md5sum(path: str | Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(
    url: str,
    dest: str | Path,
    *,
    md5: str | None = None,
    progress: Progress | None = None,
    timeout: float = TIMEOUT_S,
) -> Path:
    """Fetch ``url`` into ``dest`` atomically; return ``dest``.

    Raises:
        DownloadError: offline or unreachable, HTTP error, interrupted or
            timed out, or the MD5 differs; ``dest`` is then left as it was and
            no ``.part`` file remains.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    digest = hashlib.md5(usedforsecurity=False)
    done = 0
    total: int | None = None
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "cnn-explorer"})
        with urllib.request.urlopen(request, timeout=timeout) as response, open(part, "wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if progress:
                progress(0, total)
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if total is not None and done != total:
            raise DownloadError(f"The download of {dest.name} was interrupted after {done:,} of {total:,} bytes; start it again.")
        if md5 and digest.hexdigest() != md5.lower():
            raise DownloadError(
                f"{dest.name} arrived with checksum {digest.hexdigest()}, not the official {md5}: the file is damaged or "
                f"not the official one. It was not kept; try again, or put the official file in {dest.parent} yourself."
            )
        os.replace(part, dest)
        return dest
    except DownloadError:
        raise
    except urllib.error.HTTPError as err:
        raise DownloadError(f"{url} answered HTTP {err.code} ({err.reason}); the file could not be downloaded.") from None
    except urllib.error.URLError as err:
        raise DownloadError(
            f"Could not reach {url} ({err.reason}): this machine seems to be offline. "
            f"Copy the official {dest.name} into {dest.parent} and start again."
        ) from None
    except (http.client.IncompleteRead, ConnectionError, socket.timeout, TimeoutError) as err:
        got = f" after {done:,} of {total:,} bytes" if total else f" after {done:,} bytes"
        raise DownloadError(f"The download of {dest.name} was interrupted{got} ({type(err).__name__}); start it again.") from None
    except OSError as err:
        raise DownloadError(f"Could not write {dest} ({err.strerror or err}); check the data folder and free space.") from None
    finally:
        part.unlink(missing_ok=True)


def fetch(
    files: Sequence[RemoteFile],
    folder: str | Path,
    mirrors: Sequence[str],
    *,
    progress: Callable[[str, int, int | None], None] | None = None,
    timeout: float = TIMEOUT_S,
) -> list[Path]:
    """Make sure every file is in ``folder``, downloading the missing ones from the first mirror that works.

    A file already there is trusted (its checksum was verified when it was
    downloaded; files copied by hand are checked by the parser instead).
    ``progress(name, done, total)`` is called as bytes arrive.
    """
    folder = Path(folder)
    paths = []
    for f in files:
        dest = folder / f.name
        if not dest.is_file():
            errors: list[DownloadError] = []
            for base in mirrors:
                try:
                    cb = (lambda d, t, _n=f.name: progress(_n, d, t)) if progress else None
                    download(base.rstrip("/") + "/" + f.name, dest, md5=f.md5, progress=cb, timeout=timeout)
                    break
                except DownloadError as err:
                    errors.append(err)
            else:
                raise errors[-1] if len(errors) == 1 else DownloadError(
                    f"{f.name} could not be downloaded from any of {len(errors)} locations; the last said: {errors[-1]}"
                )
        paths.append(dest)
    return paths

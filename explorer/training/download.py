"""Downloading a dataset file: checksum verified, progress reported, and never half-written.

The transfer itself is :func:`explorer.download.fetch`: the bytes go to a
temporary ``.<name>.….part`` file next to the destination, and only when every
byte has arrived and the MD5 matches the official one is it renamed into place
(``os.replace`` is atomic on one filesystem). An interrupted transfer, a
timeout or a wrong checksum deletes the partial file; :func:`download` turns
the failure into a :class:`DownloadError` that says what happened and what to
do with the dataset file, so the next attempt starts clean and nothing ever
reads a truncated file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from explorer.download import (
    CHUNK,
    TIMEOUT_S,
    Cancelled,
    ChecksumMismatch,
    FetchError,
    HTTPStatus,
    Interrupted,
    Progress,
    Truncated,
    Unreachable,
)
from explorer.download import fetch as _fetch
from explorer.errors import ExplorerError
from explorer.i18n import N_, NP_


class DownloadError(ExplorerError):
    """A download that could not complete (offline, interrupted, wrong checksum)."""


@dataclass(frozen=True)
class RemoteFile:
    """One official file: its name and MD5 (the checksums the publishers and torchvision list)."""

    name: str
    md5: str
    size: int | None = None


def download(
    url: str,
    dest: str | Path,
    *,
    md5: str | None = None,
    progress: Progress | None = None,
    timeout: float = TIMEOUT_S,
    cancel: threading.Event | None = None,
) -> Path:
    """Fetch ``url`` into ``dest`` atomically (:func:`explorer.download.fetch`); return ``dest``.

    Raises:
        DownloadError: offline or unreachable, HTTP error, interrupted or
            timed out, or the MD5 differs; ``dest`` is then left as it was and
            no partial file remains.
    """
    dest = Path(dest)
    try:
        return _fetch(url, dest, algorithm="md5", expected=md5, progress=progress, cancel=cancel, timeout=timeout, chunk_size=CHUNK)
    except FetchError as failure:
        raise _download_error(failure) from None


def _download_error(failure: FetchError) -> DownloadError:
    """The Train page's sentence for a failed fetch: what happened, and what to do about the dataset file."""
    url, dest = failure.url, failure.dest
    if isinstance(failure, Truncated):
        return DownloadError(
            N_("The download of {name} was interrupted after {done:,} of {total:,} bytes; start it again."), name=dest.name, done=failure.done, total=failure.total,
        )
    if isinstance(failure, ChecksumMismatch):
        return DownloadError(
            N_("{name} arrived with checksum {actual}, not the official {expected}: the file is damaged or not the official one. It was not kept; try again, or put the official file in {folder} yourself."), name=dest.name, actual=failure.actual, expected=failure.expected, folder=dest.parent.name,
        )
    if isinstance(failure, HTTPStatus):
        return DownloadError(
            N_("{url} answered HTTP {code} ({reason}); the file could not be downloaded."), url=url, code=failure.code, reason=failure.reason,
        )
    if isinstance(failure, Unreachable):
        return DownloadError(
            N_("Could not reach {url} ({reason}): this machine seems to be offline. Copy the official {name} into {folder} and start again."), url=url, reason=str(failure.reason), name=dest.name, folder=dest.parent.name,
        )
    if isinstance(failure, Interrupted):
        if failure.total:
            return DownloadError(
                N_("The download of {name} was interrupted after {done:,} of {total:,} bytes ({cause}); start it again."), name=dest.name, done=failure.done, total=failure.total, cause=failure.cause,
            )
        return DownloadError(
            N_("The download of {name} was interrupted after {done:,} bytes ({cause}); start it again."), name=dest.name, done=failure.done, cause=failure.cause,
        )
    if isinstance(failure, Cancelled):
        return DownloadError(NP_("err.download.cancelled", "The download of {name} was cancelled."), name=dest.name)
    reason = getattr(failure, "reason", str(failure))
    return DownloadError(
        N_("Could not write {path} ({reason}); check the data folder and free space."), path=dest.name, reason=str(reason),
    )


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
                    N_("{name} could not be downloaded from any of {count} locations; the last said: {last}"), name=f.name, count=len(errors), last=str(errors[-1]),
                )
        paths.append(dest)
    return paths

"""Your own images: a zip of class folders (the ImageFolder layout), read safely.

    cats/001.jpg
    cats/002.png
    dogs/001.jpg        → classes ["cats", "dogs"], sorted by name

One enclosing folder (``pets/cats/…``) is fine. The archive is read in place,
never extracted, and refused as a whole when it breaks a limit below or when an
entry's path leaves its folder (``../x.png``, ``/etc/x``, ``C:\\x``: the
"zip-slip" pattern of malicious archives). Files that are not images, or
images that cannot be decoded, are skipped and counted; ``__MACOSX`` and
hidden files are ignored.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from explorer.errors import ExplorerError
from explorer.i18n import N_

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")
MAX_ZIP_BYTES = 200 * 2**20
MAX_TOTAL_BYTES = 1 * 2**30  # uncompressed
MAX_FILE_BYTES = 25 * 2**20
MAX_IMAGES = 50_000
MAX_RATIO = 200  # uncompressed/compressed size of one entry: beyond this it is a zip bomb, not a photo
MAX_CLASSES = 1000


class FolderError(ExplorerError):
    """A zip that cannot be used as a dataset of class folders."""


@dataclass(frozen=True)
class Listing:
    """What a zip holds, from its directory alone (nothing decoded yet).

    Attributes:
        classes: class names (folder names), sorted.
        entries: (member name, class index) of each image file.
        ignored: files that are not images (by suffix).
    """

    classes: tuple[str, ...]
    entries: tuple[tuple[str, int], ...]
    ignored: int

    def counts(self) -> dict[str, int]:
        c = Counter(i for _, i in self.entries)
        return {name: c[i] for i, name in enumerate(self.classes)}


def _unsafe(name: str) -> bool:
    """True for entry names that could write outside the folder they are extracted into."""
    n = name.replace("\\", "/")
    if n.startswith("/") or (len(n) > 1 and n[1] == ":") or "\x00" in n:
        return True
    return ".." in n.split("/")


def inspect_zip(path: str | Path) -> Listing:
    """List the classes and images of the zip at ``path``, enforcing the limits.

    Raises:
        FolderError: not a zip, too large, a zip-slip entry, no class folders, fewer than two classes.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_ZIP_BYTES:
        raise FolderError(
            N_("The zip is {mb} MB; the limit is {limit_mb} MB. Use fewer or smaller images."), mb=f"{size / 2**20:.0f}", limit_mb=MAX_ZIP_BYTES // 2**20,
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise FolderError(
            N_("The upload is not a readable zip file ({reason}); make one with your class folders inside."), reason=str(err)
        ) from None
    with zf:
        infos = zf.infolist()
    for info in infos:
        if _unsafe(info.filename):
            raise FolderError(
                N_("The zip contains the entry {entry!r}, whose path leaves the archive's folder (a 'zip-slip' entry); such archives are refused. Zip only your class folders."), entry=info.filename,
            )
    files = [i for i in infos if not i.is_dir()]
    files = [i for i in files if not any(p.startswith(".") or p == "__MACOSX" for p in i.filename.split("/"))]
    total = sum(i.file_size for i in files)
    if total > MAX_TOTAL_BYTES:
        raise FolderError(
            N_("The zip unpacks to {gb} GB; the limit is {limit_gb} GB."), gb=f"{total / 2**30:.1f}", limit_gb=f"{MAX_TOTAL_BYTES / 2**30:.0f}",
        )
    for i in files:
        if i.file_size > MAX_FILE_BYTES:
            raise FolderError(
                N_("{name} is {mb} MB; each image may be at most {limit_mb} MB."), name=i.filename, mb=f"{i.file_size / 2**20:.0f}", limit_mb=MAX_FILE_BYTES // 2**20,
            )
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 2**20:
            raise FolderError(
                N_("{name} expands {ratio}× when unpacked, which no image does; the zip was refused."), name=i.filename, ratio=i.file_size // i.compress_size,
            )
    images = [i for i in files if i.filename.lower().endswith(IMAGE_SUFFIXES)]
    ignored = len(files) - len(images)
    if len(images) > MAX_IMAGES:
        raise FolderError(
            N_("The zip holds {count:,} images; the limit is {limit:,}."), count=len(images), limit=MAX_IMAGES,
        )
    parts = [posixpath.normpath(i.filename).split("/") for i in images]
    # One enclosing folder (pets/cats/x.jpg) is stripped when every image is inside it.
    while parts and all(len(p) > 2 for p in parts) and len({p[0] for p in parts}) == 1:
        parts = [p[1:] for p in parts]
    labelled = [(i.filename, p[0]) for i, p in zip(images, parts) if len(p) >= 2]
    classes = tuple(sorted({c for _, c in labelled}))
    if len(classes) < 2:
        raise FolderError(
            N_("The zip needs one folder per class with the images inside (cats/1.jpg, dogs/1.jpg, …); it has {count} class folders with images."), count=len(classes),
        )
    if len(classes) > MAX_CLASSES:
        raise FolderError(
            N_("The zip has {count} class folders; the limit is {limit}."), count=len(classes), limit=MAX_CLASSES,
        )
    index = {c: k for k, c in enumerate(classes)}
    return Listing(classes, tuple((name, index[c]) for name, c in labelled), ignored)


@dataclass(frozen=True)
class FolderImages:
    """Decoded images (N×C×H×W uint8, all resized to one size) with what was done to them."""

    x: np.ndarray
    y: np.ndarray
    classes: tuple[str, ...]
    unreadable: int
    ignored: int
    sizes: tuple[tuple[int, int], tuple[int, int]]  # smallest and largest (W, H) met
    colour: int  # how many images were in colour


def load_zip(
    path: str | Path,
    shape: tuple[int, int, int],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> FolderImages:
    """Decode every image of the zip at ``path`` into ``shape`` (C, H, W): resized, converted to grey or RGB.

    Raises:
        FolderError: see :func:`inspect_zip`; or no image could be decoded.
    """
    listing = inspect_zip(path)
    c, h, w = shape
    mode = "L" if c == 1 else "RGB"
    xs: list[np.ndarray] = []
    ys: list[int] = []
    unreadable = colour = 0
    smallest, largest = (10**9, 10**9), (0, 0)
    with zipfile.ZipFile(path) as zf:
        for k, (name, label) in enumerate(listing.entries):
            try:
                with zf.open(name) as f, Image.open(f) as im:
                    im.load()
                    if im.mode not in ("L", "1", "I", "I;16", "F"):
                        colour += 1
                    smallest = min(smallest, im.size, key=lambda s: s[0] * s[1])
                    largest = max(largest, im.size, key=lambda s: s[0] * s[1])
                    arr = np.asarray(im.convert(mode).resize((w, h), Image.Resampling.BILINEAR, reducing_gap=2.0))
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError, zipfile.BadZipFile):
                unreadable += 1
                continue
            xs.append(arr.reshape(h, w, -1).transpose(2, 0, 1))
            ys.append(label)
            if progress and (k % 64 == 0 or k == len(listing.entries) - 1):
                progress(k + 1, len(listing.entries))
    if not xs:
        raise FolderError(
            N_("None of the {count} images in the zip could be decoded; use PNG or JPEG files."), count=len(listing.entries),
        )
    x = np.ascontiguousarray(np.stack(xs)[:, :c])
    return FolderImages(x, np.asarray(ys, np.int64), listing.classes, unreadable, listing.ignored, (smallest, largest), colour)

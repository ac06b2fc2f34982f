"""Datasets by name, loaded as uint8 tensors, and fitted to a model's input.

=================  =============  =====================================================================
name               images         where from
=================  =============  =====================================================================
``digits``         1×28×28, 10    generated from a seed (:mod:`~explorer.training.synthetic`), no files
``shapes``         3×32×32, 10    generated from a seed
``mnist``          1×28×28, 10    the official IDX files in ``<data>/mnist``, downloaded when missing
``fashion_mnist``  1×28×28, 10    the official IDX files in ``<data>/fashion_mnist``
``cifar10``        3×32×32, 10    ``<data>/cifar10/cifar-10-python.tar.gz``
``folder``         any            a zip of class folders (:mod:`~explorer.training.folders`)
=================  =============  =====================================================================

``<data>`` is ``$EXPLORER_DATA`` or ``./data``. Validation uses the official
test split (the separately generated set for the embedded data) unless a
fraction of the training set is held out instead. Images are then fitted to
the model's input once (:func:`adapt`: resize, grey ↔ colour), and
:func:`describe_adaptation` says in words what that did, for the page and the
command line. What loading did (files downloaded, a share held out, files
skipped) is in :attr:`Data.notes`; every sentence is a :class:`~explorer.notes.Note`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from explorer.errors import ExplorerError
from explorer.notes import Note
from explorer.training import formats, synthetic
from explorer.training.download import RemoteFile, fetch
from explorer.i18n import N_, NN_

DATA_ENV = "EXPLORER_DATA"
SYNTHETIC_VERSION = 1  # bump when the generators change, so cached copies are not reused
#: (stage, done, total): "download" in bytes, "decode" in images, "generate" in images.
Progress = Callable[[str, int, "int | None"], None]
_LUMA = (0.299, 0.587, 0.114)


class DatasetError(ExplorerError):
    """A dataset that is unknown, missing, or that cannot be fitted to the model."""


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset's description: what the page lists and the CLI accepts."""

    name: str
    title: str
    kind: str  # "embedded", "standard" or "folder"
    shape: tuple[int, int, int] | None  # None: each upload has its own
    classes: tuple[str, ...]
    source: str
    folder: str = ""
    files: tuple[RemoteFile, ...] = ()
    mirrors: tuple[str, ...] = ()
    train_size: int | None = None  # default generated sizes (embedded) — None: all
    val_size: int | None = None
    augmentation: str = "none"  # a sensible default


_MNIST_FILES = (
    RemoteFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9_912_422),
    RemoteFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28_881),
    RemoteFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1_648_877),
    RemoteFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4_542),
)
_FASHION_FILES = (
    RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d", 26_421_880),
    RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe", 29_515),
    RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79", 4_422_102),
    RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310", 5_148),
)
_CIFAR_FILES = (RemoteFile("cifar-10-python.tar.gz", "c58f30108f718f92721af3b95e74349a", 170_498_071),)

DATASETS: dict[str, DatasetInfo] = {
    d.name: d
    for d in (
        DatasetInfo("digits", "Digits (embedded)", "embedded", (1, 28, 28), synthetic.DIGIT_CLASSES,
                    "generated: Pillow's font, random size, stroke, slant, rotation, shift, warp and noise",
                    train_size=12_000, val_size=2_000),
        DatasetInfo("shapes", "Shapes (embedded)", "embedded", (3, 32, 32), synthetic.SHAPE_CLASSES,
                    "generated: 10 shapes of random colour, position, size and tilt on gradient backgrounds",
                    train_size=12_000, val_size=2_000, augmentation="crop+flip"),
        DatasetInfo("mnist", "MNIST", "standard", (1, 28, 28), synthetic.DIGIT_CLASSES,
                    "LeCun, Cortes & Burges: 60,000 + 10,000 handwritten digits (IDX files)", folder="mnist",
                    files=_MNIST_FILES,
                    mirrors=("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/")),
        DatasetInfo("fashion_mnist", "Fashion-MNIST", "standard", (1, 28, 28),
                    ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
                    "Xiao, Rasul & Vollgraf (Zalando): 60,000 + 10,000 clothing images (IDX files)", folder="fashion_mnist",
                    files=_FASHION_FILES,
                    mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                             "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")),
        DatasetInfo("cifar10", "CIFAR-10", "standard", (3, 32, 32),
                    ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                    "Krizhevsky: 50,000 + 10,000 colour photos (python tarball)", folder="cifar10", files=_CIFAR_FILES,
                    mirrors=("https://www.cs.toronto.edu/~kriz/",), augmentation="crop+flip"),
        DatasetInfo("folder", "Your images (zip of class folders)", "folder", None, (),
                    "an uploaded zip, one folder per class", augmentation="crop+flip"),
    )
}


def data_dir(root: str | Path | None = None) -> Path:
    """Where standard datasets and caches live: ``root``, ``$EXPLORER_DATA`` or ``./data`` (absolute)."""
    return Path(root if root is not None else os.environ.get(DATA_ENV, "data")).resolve()


def get_dataset(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise DatasetError(
            N_("Unknown dataset {value!r}. Datasets: {allowed}."), value=name, allowed=", ".join(DATASETS)
        ) from None


def missing_files(name: str, root: str | Path | None = None) -> list[str]:
    """Official files of a standard dataset not yet in the data folder (they would be downloaded)."""
    info = get_dataset(name)
    folder = data_dir(root) / info.folder
    if info.name == "cifar10" and (folder / formats.CIFAR10_FOLDER).is_dir():
        return []
    return [f.name for f in info.files if not (folder / f.name).is_file() and not (folder / f.name.removesuffix(".gz")).is_file()]


@dataclass
class Data:
    """Train and validation images (uint8 N×C×H×W) and labels (int64), with what was done to them."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor
    classes: tuple[str, ...]
    notes: list[Note] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(self.train_x.shape[1:])  # type: ignore[return-value]


# --- loading --------------------------------------------------------------------------------


def _synthetic(name: str, n: int, seed: int, root: Path | None) -> tuple[torch.Tensor, torch.Tensor]:
    """Generate (or read back the cached copy of) ``n`` images of an embedded dataset."""
    cache = root / "synthetic" / f"{name}-v{SYNTHETIC_VERSION}-seed{seed}-n{n}.npz" if root else None
    if cache and cache.is_file():
        try:
            with np.load(cache, allow_pickle=False) as z:
                return torch.from_numpy(z["x"]), torch.from_numpy(z["y"])
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is regenerated
    x, y = (synthetic.digits if name == "digits" else synthetic.shapes)(n, seed=seed)
    if cache:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f".{cache.stem}.{os.getpid()}.npz")
            np.savez(tmp, x=x.numpy(), y=y.numpy())
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only data folder only costs the next run a second
    return x, y


def _idx_split(folder: Path, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    def find(stem: str) -> Path:
        for name in (stem + ".gz", stem):
            if (folder / name).is_file():
                return folder / name
        raise DatasetError(  # the folder's name only: a message never shows where the server keeps its data
            N_("{stem}(.gz) is missing from {folder}."), stem=stem, folder=folder.name
        )

    return formats.read_idx_pair(find(f"{prefix}-images-idx3-ubyte"), find(f"{prefix}-labels-idx1-ubyte"))


def _subset(x: torch.Tensor, y: torch.Tensor, n: int | None, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    if n is None or n >= len(y):
        return x, y
    keep = torch.randperm(len(y), generator=g)[:n].sort().values
    return x[keep], y[keep]


def load(
    name: str,
    *,
    root: str | Path | None = None,
    seed: int = 0,
    train_size: int | None = None,
    val_size: int | None = None,
    val_fraction: float = 0.0,
    path: str | Path | None = None,
    shape: tuple[int, int, int] | None = None,
    progress: Progress | None = None,
    download: bool = True,
) -> Data:
    """Load dataset ``name`` (see the module table), its images in their own shape.

    Args:
        root: data folder (default :func:`data_dir`).
        seed: seed of the generated images and of the subsets and hold-out split.
        train_size, val_size: how many to generate (embedded) or at most to keep.
        val_fraction: hold this fraction of the training set out for validation
            instead of the official split (a zip of folders always holds one out:
            0.2 when this is 0).
        path: the zip, for ``folder``.
        shape: the model's input, for ``folder`` (each image is decoded straight to it).
        download: fetch missing official files (else raise).
    """
    info = get_dataset(name)
    folder_root = data_dir(root)
    g = torch.Generator().manual_seed(int(seed) + 7919)
    notes: list[Note] = []
    if info.kind == "embedded":
        n_train = int(train_size or info.train_size or 0)
        n_val = int(val_size or info.val_size or 0)
        if progress:
            progress("generate", 0, n_train + n_val)
        tx, ty = _synthetic(name, n_train, seed, folder_root)
        vx, vy = _synthetic(name, n_val, seed + 1_000_003, folder_root)  # a separate stream: no image in both
        if progress:
            progress("generate", n_train + n_val, n_train + n_val)
        data = Data(tx, ty, vx, vy, info.classes, notes)
    elif info.kind == "standard":
        folder = folder_root / info.folder
        missing = missing_files(name, root)
        if missing:
            if not download:
                raise DatasetError(
                    N_("{title} needs {files} in {folder}."), title=info.title, files=", ".join(missing), folder=folder.name,
                )
            fetch([f for f in info.files if f.name in missing], folder, info.mirrors,
                  progress=(lambda _n, d, t: progress("download", d, t)) if progress else None)
            notes.append(Note(N_("Downloaded {files} into {folder} (checksums verified)."),
                              files=", ".join(missing), folder=folder.name))
        if name == "cifar10":
            src = folder / formats.CIFAR10_FOLDER if (folder / formats.CIFAR10_FOLDER).is_dir() else folder / _CIFAR_FILES[0].name
            trx, tr_y, tex, te_y, _names = formats.read_cifar10(src)
        else:
            trx, tr_y = _idx_split(folder, "train")
            tex, te_y = _idx_split(folder, "t10k")
        data = Data(torch.from_numpy(trx), torch.from_numpy(tr_y), torch.from_numpy(tex), torch.from_numpy(te_y), info.classes, notes)
    else:
        from explorer.training import folders

        if path is None or shape is None:
            raise DatasetError(N_("A zip of class folders needs the zip and the model's input shape."))
        imgs = folders.load_zip(path, shape, progress=(lambda d, t: progress("decode", d, t)) if progress else None)
        x, y = torch.from_numpy(imgs.x), torch.from_numpy(imgs.y)
        (w0, h0), (w1, h1) = imgs.sizes
        smallest, largest, size = f"{w0}×{h0}", f"{w1}×{h1}", f"{shape[2]}×{shape[1]}"
        if shape[0] == 1:
            notes.append(Note(N_("{images:,} images in {classes} classes, from {smallest} to {largest} pixels, each resized to {size} and converted to grey."),
                              images=len(y), classes=len(imgs.classes), smallest=smallest, largest=largest, size=size))
        else:
            notes.append(Note(N_("{images:,} images in {classes} classes, from {smallest} to {largest} pixels, each resized to {size} and converted to RGB."),
                              images=len(y), classes=len(imgs.classes), smallest=smallest, largest=largest, size=size))
        if imgs.unreadable:
            notes.append(Note(NN_("{files} file could not be decoded as an image and was skipped.",
                                  "{files} files could not be decoded as images and were skipped.", "files"), files=imgs.unreadable))
        if imgs.ignored:
            notes.append(Note(NN_("{files} file without an image suffix ignored.", "{files} files without an image suffix ignored.", "files"),
                              files=imgs.ignored))
        val_fraction = val_fraction or 0.2  # no official split: hold some out
        data = Data(x, y, x[:0], y[:0], imgs.classes, notes)
    if val_fraction:
        if not 0 < val_fraction < 1:
            raise DatasetError(
                N_("The held-out fraction must be between 0 and 1 (e.g. 0.1), not {value}."), value=val_fraction
            )
        n = len(data.train_y)
        perm = torch.randperm(n, generator=g)
        n_val = max(1, round(n * val_fraction))
        if n - n_val < 1:
            raise DatasetError(
                N_("{count} training images are too few to hold {percent} out; add images or lower the fraction."), count=n, percent=f"{val_fraction:.0%}",
            )
        val_idx, train_idx = perm[:n_val].sort().values, perm[n_val:].sort().values
        data.val_x, data.val_y = data.train_x[val_idx], data.train_y[val_idx]
        data.train_x, data.train_y = data.train_x[train_idx], data.train_y[train_idx]
        notes.append(Note(N_("{images:,} training images ({fraction:.0%}) held out for validation."),
                          images=n_val, fraction=val_fraction))
    if info.kind != "embedded":
        data.train_x, data.train_y = _subset(data.train_x, data.train_y, train_size, g)
        data.val_x, data.val_y = _subset(data.val_x, data.val_y, val_size, g)
    return data


# --- fitting the images to the model --------------------------------------------------------


def describe_adaptation(native: tuple[int, int, int] | None, target: tuple[int, int, int], *, name: str | None = None) -> list[Note]:
    """Sentences saying how images of shape ``native`` are fitted to a model taking ``target`` (empty: nothing to do).

    ``name`` is the dataset's short title ("MNIST images are …"); without it the sentence says "The images".
    A dataset whose images each have their own size (``native`` None) gets one sentence.
    """
    size = f"{target[2]}×{target[1]}"
    if native is None:
        if target[0] == 1:
            return [Note(N_("Each image is resized to {size} and converted to grey."), size=size)]
        return [Note(N_("Each image is resized to {size} and converted to RGB."), size=size)]
    (c0, h0, w0), (c1, h1, w1) = native, target
    done = []
    if c0 != c1:
        if c0 == 1:
            done.append(Note(N_("Grey is repeated into {channels} identical channels."), channels=c1))
        elif c0 == 3 and c1 == 1:
            done.append(Note(N_("Colour is converted to grey (0.299 R + 0.587 G + 0.114 B).")))
    if (h0, w0) != (h1, w1):
        before, after = f"{w0}×{h0}", f"{w1}×{h1}"
        if h1 < h0 or w1 < w0:
            done.append(Note(N_("Each image is resized from {before} to {after} (anti-aliased)."),
                             before=before, after=after))
        else:
            done.append(Note(N_("Each image is resized from {before} to {after} (bilinear)."),
                             before=before, after=after))
    if not done:
        return []
    images, model = "×".join(map(str, native)), "×".join(map(str, target))
    if name:
        notes = [Note(N_("{name} images are {images}; the model takes {model}."),
                      name=name, images=images, model=model)]
    else:
        notes = [Note(N_("The images are {images}; the model takes {model}."), images=images, model=model)]
    notes += done
    factor = (h1 * w1) / (h0 * w0)
    if factor >= 4:
        notes.append(Note(N_("That is {factor:.0f}× the pixels, so every step costs about {factor:.0f}× more."),
                          factor=factor))
    return notes


def check_channels(native: tuple[int, int, int] | None, target: tuple[int, int, int], title: str = "The images") -> None:
    if native is None:
        if target[0] not in (1, 3):
            raise DatasetError(
                N_("Images can be decoded to 1 (grey) or 3 (RGB) channels, not {channels}: set the model's channels to 1 or 3."), channels=target[0],
            )
        return
    c0, c1 = native[0], target[0]
    if c0 != c1 and not (c0 == 1 or (c0 == 3 and c1 == 1)):
        raise DatasetError(
            N_("{title} have {channels} channels and the model takes {model_channels}; set the model's channels to {channels} (or 1 for grey)."), title=title, channels=c0, model_channels=c1,
        )


def adapt_images(x: torch.Tensor, target: tuple[int, int, int]) -> torch.Tensor:
    """uint8 images (N×C×H×W, any device) fitted to ``target`` (C, H, W): channels, then size."""
    c1, h1, w1 = target
    c0, h0, w0 = x.shape[1:]
    if (c0, h0, w0) == (c1, h1, w1):
        return x
    y = x.float()
    if c0 != c1:
        if c0 == 1:
            y = y.expand(-1, c1, -1, -1)
        elif c0 == 3 and c1 == 1:
            y = (y * torch.tensor(_LUMA, device=y.device).view(1, 3, 1, 1)).sum(1, keepdim=True)
        else:
            raise DatasetError(N_("Cannot convert {channels}-channel images to {target} channels."), channels=c0, target=c1)
    if (h0, w0) != (h1, w1):
        y = F.interpolate(y, size=(h1, w1), mode="bilinear", align_corners=False, antialias=h1 < h0 or w1 < w0)
    return y.clamp_(0, 255).round_().to(torch.uint8)


def adapt(data: Data, target: tuple[int, int, int], *, chunk: int = 2048) -> Data:
    """``data`` with its images fitted to ``target`` once (in chunks), notes added."""
    check_channels(data.shape, target)
    if data.shape == tuple(target):
        return data

    def fit(x: torch.Tensor) -> torch.Tensor:
        return torch.cat([adapt_images(x[i:i + chunk], target) for i in range(0, len(x), chunk)]) if len(x) else x.new_empty((0, *target))

    return replace(data, train_x=fit(data.train_x), val_x=fit(data.val_x),
                   notes=[*data.notes, *describe_adaptation(data.shape, target)])


def adapted_bytes(n: int, target: tuple[int, int, int]) -> int:
    return n * math.prod(target)


def normalization(x: torch.Tensor, *, chunk: int = 4096) -> tuple[list[float], list[float]]:
    """Per-channel mean and standard deviation of uint8 images, in [0, 1] units (what the model is fed with)."""
    c = x.shape[1]
    s = torch.zeros(c, dtype=torch.float64)
    s2 = torch.zeros(c, dtype=torch.float64)
    for i in range(0, len(x), chunk):
        v = x[i:i + chunk].double().div_(255)
        s += v.sum(dim=(0, 2, 3))
        s2 += v.square().sum(dim=(0, 2, 3))
    n = max(1, len(x) * x.shape[2] * x.shape[3])
    mean = s / n
    std = (s2 / n - mean.square()).clamp_min(1e-12).sqrt()
    return [round(float(m), 6) for m in mean], [round(max(float(v), 1e-3), 6) for v in std]

"""The standard datasets' official file formats, parsed without torchvision.

* IDX (MNIST, Fashion-MNIST; LeCun et al., http://yann.lecun.com/exdb/mnist/):
  a big-endian header ``0x00 0x00 <type> <ndim>``, one 32-bit size per
  dimension, then the data in C order. Files may be gzip-compressed (``.gz``).
* CIFAR-10 "python version" (Krizhevsky, https://www.cs.toronto.edu/~kriz/cifar.html):
  ``cifar-10-python.tar.gz`` holding ``cifar-10-batches-py/data_batch_1..5``,
  ``test_batch`` and ``batches.meta``, each a pickled dict (Python 2, bytes
  keys) with ``data`` (N×3072 uint8, the red plane then green then blue, row
  by row) and ``labels``.

Pickle can run code, so the CIFAR batches are read with an unpickler that only
rebuilds dicts, lists, strings and numpy arrays: a tampered file is refused
instead of executed. The tarball is read in place (no extraction, so no path in
it can write anywhere).
"""

from __future__ import annotations

import gzip
import io
import pickle
import struct
import tarfile
from pathlib import Path

import numpy as np

from explorer.errors import ExplorerError
from explorer.i18n import N_

# IDX type byte → numpy dtype (big-endian where it matters).
_IDX_TYPES = {0x08: np.dtype(">u1"), 0x09: np.dtype(">i1"), 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
              0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}

CIFAR10_FOLDER = "cifar-10-batches-py"
CIFAR10_TRAIN = tuple(f"data_batch_{i}" for i in range(1, 6))
CIFAR10_TEST = "test_batch"
CIFAR10_META = "batches.meta"


class DatasetFileError(ExplorerError):
    """A dataset file that is missing, truncated or not in its official format."""


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise DatasetFileError(
            N_("Could not read {name} ({reason}); delete it so that it is fetched again, or copy the official file."), name=path.name, reason=str(err),
        ) from None


def parse_idx(data: bytes, *, name: str = "IDX file") -> np.ndarray:
    """An IDX file's contents (already un-gzipped) as a numpy array in native byte order."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise DatasetFileError(
            N_("{name} is not an IDX file (its header should start with 0x00 0x00, a type byte and the number of dimensions)."), name=name,
        )
    dtype, ndim = _IDX_TYPES[data[2]], data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetFileError(N_("{name} is cut short inside its header; fetch the file again."), name=name)
    shape = struct.unpack(f">{ndim}I", data[4:header])
    count = int(np.prod(shape, dtype=np.int64)) if ndim else 1
    if len(data) - header < count * dtype.itemsize:
        raise DatasetFileError(
            N_("{name} is cut short: its header announces {shape} values but the file holds fewer; fetch it again."), name=name, shape="×".join(map(str, shape)),
        )
    arr = np.frombuffer(data, dtype=dtype, count=count, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="), copy=False)


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (``.gz`` or not)."""
    path = Path(path)
    return parse_idx(_read_bytes(path), name=path.name)


def read_idx_pair(images: str | Path, labels: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Images (N×1×H×W uint8) and labels (N int64) from an IDX images file and its labels file."""
    x, y = read_idx(images), read_idx(labels)
    if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
        raise DatasetFileError(
            N_("{images} and {labels} do not match: expected N×H×W images and N labels, found {images_shape} and {labels_shape}."), images=Path(images).name, labels=Path(labels).name,
            images_shape="×".join(map(str, x.shape)), labels_shape="×".join(map(str, y.shape)),
        )
    return np.ascontiguousarray(x[:, None].astype(np.uint8)), y.astype(np.int64)


class _SafeUnpickler(pickle.Unpickler):
    """Rebuilds only plain containers and numpy arrays (CIFAR's batches need nothing else)."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
        ("copy_reg", "_reconstructor"), ("copyreg", "_reconstructor"), ("__builtin__", "object"), ("builtins", "object"),
        ("_codecs", "encode"),  # how protocol-2 pickles written by Python 3 rebuild bytes: harmless
    }

    def find_class(self, module: str, name: str):  # noqa: ANN201
        if (module, name) not in self._ALLOWED:
            raise DatasetFileError(
                N_("This CIFAR file asks to load '{what}', which a data file never needs; it was refused. Fetch the official file."), what=f"{module}.{name}",
            )
        return super().find_class(module, name)


def _unpickle(data: bytes, name: str) -> dict:
    try:
        obj = _SafeUnpickler(io.BytesIO(data), encoding="bytes").load()
    except DatasetFileError:
        raise
    except Exception as err:  # noqa: BLE001  any malformed pickle
        raise DatasetFileError(
            N_("{name} is not a CIFAR-10 batch ({reason}); fetch the official file again."), name=name, reason=type(err).__name__,
        ) from None
    if not isinstance(obj, dict):
        raise DatasetFileError(
            N_("{name} is not a CIFAR-10 batch (it holds a {kind}, not a dict)."), name=name, kind=type(obj).__name__,
        )
    return {k.decode() if isinstance(k, bytes) else k: v for k, v in obj.items()}


def _batch(data: bytes, name: str) -> tuple[np.ndarray, np.ndarray]:
    d = _unpickle(data, name)
    try:
        x = np.asarray(d["data"], dtype=np.uint8)
        y = np.asarray(d["labels"], dtype=np.int64)
    except KeyError as err:
        raise DatasetFileError(
            N_("{name} has no {entry!r} entry; it is not a CIFAR-10 batch."), name=name, entry=err.args[0]
        ) from None
    if x.ndim != 2 or x.shape[1] != 3072 or len(x) != len(y):
        raise DatasetFileError(
            N_("{name} should hold N×3072 values and N labels, not {data_shape} and {labels_shape}."), name=name, data_shape=str(x.shape), labels_shape=str(y.shape),
        )
    return x.reshape(-1, 3, 32, 32), y


def read_cifar10(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """CIFAR-10 from its python tarball or the extracted ``cifar-10-batches-py`` folder.

    Returns:
        train images (50000×3×32×32 uint8), train labels, test images, test labels, class names.
    """
    path = Path(path)
    files: dict[str, bytes] = {}
    wanted = (*CIFAR10_TRAIN, CIFAR10_TEST, CIFAR10_META)
    if path.is_dir():
        folder = path / CIFAR10_FOLDER if (path / CIFAR10_FOLDER).is_dir() else path
        for name in wanted:
            if (folder / name).is_file():
                files[name] = (folder / name).read_bytes()
    else:
        try:
            with tarfile.open(path, "r:*") as tar:
                for member in tar:
                    base = member.name.rsplit("/", 1)[-1]
                    if member.isfile() and base in wanted:
                        f = tar.extractfile(member)
                        if f is not None:
                            files[base] = f.read()
        except (tarfile.TarError, OSError, EOFError) as err:
            raise DatasetFileError(
                N_("{name} is not a readable tar.gz archive ({reason}); delete it and fetch it again."), name=path.name, reason=str(err),
            ) from None
    missing = [n for n in wanted if n not in files]
    if missing:
        raise DatasetFileError(
            N_("{name} lacks {missing}; the official cifar-10-python.tar.gz has all of {wanted}."), name=path.name, missing=", ".join(missing), wanted=", ".join(wanted),
        )
    train = [_batch(files[n], n) for n in CIFAR10_TRAIN]
    test_x, test_y = _batch(files[CIFAR10_TEST], CIFAR10_TEST)
    meta = _unpickle(files[CIFAR10_META], CIFAR10_META)
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in meta.get("label_names", [])]
    if len(names) != 10:
        raise DatasetFileError(
            N_("{name} should name 10 classes, not {count}."), name=CIFAR10_META, count=len(names)
        )
    return (np.concatenate([x for x, _ in train]), np.concatenate([y for _, y in train]), test_x, test_y, names)

"""Datasets: the embedded generators, the official formats (fixtures written here, byte by byte), splits, fitting."""

from __future__ import annotations

import gzip
import io
import pickle
import struct
import tarfile
from pathlib import Path

import numpy as np
import pytest
import torch

from explorer.errors import ExplorerError
from explorer.training import datasets, formats, synthetic


# --- fixtures in the official formats -----------------------------------------------------------


def idx_bytes(array: np.ndarray) -> bytes:
    """LeCun's IDX: 0x00 0x00, type 0x08 (ubyte), ndim, big-endian sizes, data."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_mnist(folder: Path, n_train: int = 60, n_test: int = 20, *, gz: bool = True) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    data = {}
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        x = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        y = (np.arange(n) % 10).astype(np.uint8)
        for kind, arr in (("images-idx3-ubyte", x), ("labels-idx1-ubyte", y)):
            raw = idx_bytes(arr)
            name = f"{prefix}-{kind}" + (".gz" if gz else "")
            (folder / name).write_bytes(gzip.compress(raw) if gz else raw)
        data[prefix] = (x, y)
    return data["train"][0], data["t10k"][0]


def cifar_tarball(path: Path, per_batch: int = 4) -> np.ndarray:
    """cifar-10-python.tar.gz as Krizhevsky ships it: cifar-10-batches-py/ with pickled dicts (bytes keys)."""
    rng = np.random.default_rng(1)
    images = []
    with tarfile.open(path, "w:gz") as tar:
        def add(name: str, obj: dict) -> None:
            blob = pickle.dumps(obj, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))

        for name in (*formats.CIFAR10_TRAIN, formats.CIFAR10_TEST):
            data = rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8)
            images.append(data)
            add(name, {b"batch_label": name.encode(), b"labels": [int(v) for v in rng.integers(0, 10, per_batch)],
                       b"data": data, b"filenames": [b"x.png"] * per_batch})
        add("batches.meta", {b"label_names": [c.encode() for c in datasets.DATASETS["cifar10"].classes],
                             b"num_cases_per_batch": per_batch, b"num_vis": 3072})
    return np.concatenate(images)


# --- the embedded datasets -------------------------------------------------------------------


@pytest.mark.parametrize("name, shape", [("digits", (1, 28, 28)), ("shapes", (3, 32, 32))])
def test_embedded_datasets_are_deterministic_and_balanced(name: str, shape: tuple[int, int, int]) -> None:
    make = getattr(synthetic, name)
    x, y = make(200, seed=5)
    assert x.dtype == torch.uint8 and tuple(x.shape) == (200, *shape) and y.dtype == torch.int64
    assert torch.bincount(y, minlength=10).tolist() == [20] * 10
    x2, y2 = make(200, seed=5)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    x3, _ = make(200, seed=6)
    assert not torch.equal(x, x3)
    assert 10 < float(x.float().mean()) < 200 and float(x.float().std()) > 20, "images, not blank frames"


def test_embedded_load_generates_train_and_a_separate_validation_set(tmp_path: Path) -> None:
    d = datasets.load("digits", root=tmp_path, train_size=100, val_size=50)
    assert len(d.train_y) == 100 and len(d.val_y) == 50 and d.classes == synthetic.DIGIT_CLASSES
    assert not any(torch.equal(d.val_x[0], t) for t in d.train_x)
    cached = list((tmp_path / "synthetic").glob("digits-*.npz"))
    assert len(cached) == 2
    again = datasets.load("digits", root=tmp_path, train_size=100, val_size=50)
    assert torch.equal(again.train_x, d.train_x), "the cached copy is the same data"


# --- IDX -----------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_mnist_idx_files_are_read(tmp_path: Path, gz: bool) -> None:
    train_x, test_x = write_mnist(tmp_path / "mnist", gz=gz)
    d = datasets.load("mnist", root=tmp_path, download=False)
    assert tuple(d.train_x.shape) == (60, 1, 28, 28) and tuple(d.val_x.shape) == (20, 1, 28, 28)
    assert np.array_equal(d.train_x[:, 0].numpy(), train_x) and np.array_equal(d.val_x[:, 0].numpy(), test_x)
    assert d.train_y.tolist() == [i % 10 for i in range(60)]


def test_fashion_mnist_reads_the_same_format(tmp_path: Path) -> None:
    write_mnist(tmp_path / "fashion_mnist")
    d = datasets.load("fashion_mnist", root=tmp_path, download=False)
    assert d.classes[0] == "T-shirt/top" and len(d.train_y) == 60


def test_idx_damage_is_a_sentence(tmp_path: Path) -> None:
    good = idx_bytes(np.zeros((3, 4, 4), np.uint8))
    with pytest.raises(formats.DatasetFileError, match="cut short"):
        formats.parse_idx(good[:-5], name="t.idx")
    with pytest.raises(formats.DatasetFileError, match="not an IDX file"):
        formats.parse_idx(b"GIF89a....", name="t.idx")
    (tmp_path / "x.gz").write_bytes(gzip.compress(good)[:-8])
    with pytest.raises(formats.DatasetFileError):
        formats.read_idx(tmp_path / "x.gz")
    arr = formats.parse_idx(bytes([0, 0, 0x0B, 1]) + struct.pack(">I", 2) + struct.pack(">2h", -2, 300))
    assert arr.tolist() == [-2, 300], "big-endian multi-byte types"


def test_missing_files_without_download_say_what_is_needed(tmp_path: Path) -> None:
    assert datasets.missing_files("mnist", tmp_path) == [f.name for f in datasets.DATASETS["mnist"].files]
    with pytest.raises(ExplorerError, match="train-images-idx3-ubyte.gz"):
        datasets.load("mnist", root=tmp_path, download=False)


# --- CIFAR-10 --------------------------------------------------------------------------------


def test_cifar10_python_tarball_is_read_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "cifar10"
    folder.mkdir()
    raw = cifar_tarball(folder / "cifar-10-python.tar.gz")
    d = datasets.load("cifar10", root=tmp_path, download=False)
    assert tuple(d.train_x.shape) == (20, 3, 32, 32) and tuple(d.val_x.shape) == (4, 3, 32, 32)
    # 3072 values a row: the red plane, then green, then blue, each row by row
    assert d.train_x[0, 0, 0, :4].tolist() == raw[0, :4].tolist()
    assert d.train_x[0, 1, 0, 0] == raw[0, 1024] and d.train_x[0, 2, 31, 31] == raw[0, 3071]
    assert not any(tmp_path.rglob("data_batch_1")), "nothing is extracted"


def test_cifar10_extracted_folder_and_names(tmp_path: Path) -> None:
    tarball = tmp_path / "c.tar.gz"
    cifar_tarball(tarball)
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp_path, filter="data")
    _, _, _, _, names = formats.read_cifar10(tmp_path)
    assert names[0] == "airplane" and names[-1] == "truck"


def test_a_pickle_that_would_run_code_is_refused(tmp_path: Path) -> None:
    class Evil:
        def __reduce__(self):
            return (print, ("owned",))

    with tarfile.open(tmp_path / "evil.tar.gz", "w:gz") as tar:
        for name in (*formats.CIFAR10_TRAIN, formats.CIFAR10_TEST, formats.CIFAR10_META):
            blob = pickle.dumps({b"data": Evil()}, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
    with pytest.raises(formats.DatasetFileError, match="refused"):
        formats.read_cifar10(tmp_path / "evil.tar.gz")


# --- splits and fitting to the model -------------------------------------------------------------


def test_hold_out_split_and_subsets(tmp_path: Path) -> None:
    write_mnist(tmp_path / "mnist", n_train=100, n_test=30)
    d = datasets.load("mnist", root=tmp_path, download=False, val_fraction=0.2, train_size=50, seed=3)
    assert len(d.val_y) == 20 and len(d.train_y) == 50
    assert any("held out" in n for n in d.notes)
    again = datasets.load("mnist", root=tmp_path, download=False, val_fraction=0.2, train_size=50, seed=3)
    assert torch.equal(d.train_x, again.train_x)


def test_images_are_fitted_to_the_model_and_the_page_is_told() -> None:
    x = torch.full((2, 1, 28, 28), 100, dtype=torch.uint8)
    out = datasets.adapt_images(x, (3, 32, 32))
    assert tuple(out.shape) == (2, 3, 32, 32) and int(out[0, 2, 16, 16]) == 100
    rgb = torch.zeros((1, 3, 8, 8), dtype=torch.uint8)
    rgb[:, 0] = 200
    assert int(datasets.adapt_images(rgb, (1, 4, 4))[0, 0, 0, 0]) == round(0.299 * 200)
    text = " ".join(datasets.describe_adaptation((1, 28, 28), (3, 224, 224), name="Digits"))
    assert text.startswith("Digits images are 1×28×28; the model takes 3×224×224.")
    assert "Grey is repeated into 3 identical channels" in text and "28×28 to 224×224" in text and "64×" in text
    assert datasets.describe_adaptation((1, 28, 28), (1, 28, 28)) == []
    assert "converted to grey" in " ".join(datasets.describe_adaptation((3, 32, 32), (1, 28, 28)))
    with pytest.raises(ExplorerError, match="channels"):
        datasets.check_channels((3, 32, 32), (2, 32, 32))


def test_normalization_is_per_channel_in_unit_range() -> None:
    x = torch.zeros((4, 2, 3, 3), dtype=torch.uint8)
    x[:, 1] = 255
    x[:2, 0] = 255
    mean, std = datasets.normalization(x)
    assert mean == pytest.approx([0.5, 1.0]) and std == pytest.approx([0.5, 1e-3])

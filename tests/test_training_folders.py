"""Your own images: a zip of class folders, with a zip-slip entry, a corrupt image, limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from explorer.training import datasets, folders


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _pets(path: Path, **extra: bytes) -> Path:
    entries = {f"pets/cats/{i}.png": _png((200, 30, 30), (40 + i, 30)) for i in range(4)}
    entries |= {f"pets/dogs/{i}.png": _png((30, 30, 200)) for i in range(3)}
    entries |= {"pets/dogs/notes.txt": b"not an image", "__MACOSX/pets/._x.png": b"junk", "pets/.DS_Store": b"x"}
    return make_zip(path, entries | extra)


def test_class_folders_are_listed_and_decoded(tmp_path: Path) -> None:
    z = _pets(tmp_path / "pets.zip", **{"pets/dogs/broken.png": b"\x89PNG\r\n\x1a\n this is not a picture"})
    listing = folders.inspect_zip(z)
    assert listing.classes == ("cats", "dogs") and listing.counts() == {"cats": 4, "dogs": 4}
    assert listing.ignored == 1, "notes.txt"
    imgs = folders.load_zip(z, (3, 16, 16))
    assert imgs.unreadable == 1 and imgs.x.shape == (7, 3, 16, 16) and imgs.x.dtype == np.uint8
    assert imgs.y.tolist().count(0) == 4
    assert tuple(imgs.x[0, :, 8, 8]) == (200, 30, 30)
    grey = folders.load_zip(z, (1, 8, 8))
    assert grey.x.shape == (7, 1, 8, 8)


def test_zip_slip_entry_refuses_the_archive_and_writes_nothing(tmp_path: Path) -> None:
    z = _pets(tmp_path / "evil.zip", **{"pets/cats/../../../evil.png": _png((0, 0, 0))})
    with pytest.raises(folders.FolderError, match="zip-slip"):
        folders.inspect_zip(z)
    for name in ("/etc/passwd.png", "C:\\windows\\x.png", "a/..\\..\\x.png"):
        with pytest.raises(folders.FolderError, match="leaves the archive"):
            folders.inspect_zip(make_zip(tmp_path / "e2.zip", {"a/1.png": _png((1, 1, 1)), "b/1.png": _png((1, 1, 1)), name: b"x"}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e2.zip", "evil.zip"]


def test_limits_and_layouts_are_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(folders.FolderError, match="one folder per class"):
        folders.inspect_zip(make_zip(tmp_path / "flat.zip", {"1.png": _png((1, 2, 3)), "2.png": _png((1, 2, 3))}))
    with pytest.raises(folders.FolderError, match="1 class folder"):
        folders.inspect_zip(make_zip(tmp_path / "one.zip", {"cats/1.png": _png((1, 2, 3))}))
    (tmp_path / "nozip.zip").write_bytes(b"hello")
    with pytest.raises(folders.FolderError, match="not a readable zip"):
        folders.inspect_zip(tmp_path / "nozip.zip")
    monkeypatch.setattr(folders, "MAX_IMAGES", 3)
    with pytest.raises(folders.FolderError, match="the limit is 3"):
        folders.inspect_zip(_pets(tmp_path / "many.zip"))
    monkeypatch.setattr(folders, "MAX_ZIP_BYTES", 100)
    with pytest.raises(folders.FolderError, match="MB; the limit"):
        folders.inspect_zip(_pets(tmp_path / "big.zip"))


def test_zip_bomb_entry_is_refused(tmp_path: Path) -> None:
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a/1.png", b"\0" * (4 * 2**20))
        zf.writestr("b/1.png", _png((1, 1, 1)))
    with pytest.raises(folders.FolderError, match="expands"):
        folders.inspect_zip(z)


def test_folder_dataset_holds_out_validation_and_says_what_it_did(tmp_path: Path) -> None:
    z = _pets(tmp_path / "pets.zip", **{"pets/dogs/broken.png": b"garbage"})
    d = datasets.load("folder", path=z, shape=(3, 32, 32), seed=0)
    assert len(d.train_y) + len(d.val_y) == 7 and len(d.val_y) >= 1
    text = " ".join(d.notes)
    assert "7 images in 2 classes" in text and "resized to 32×32" in text
    assert "1 file could not be decoded" in text and "held out" in text

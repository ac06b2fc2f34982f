"""Image loading and preprocessing: every format and every bad file a person may upload."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
import torch
from PIL import Image

from explorer.errors import ExplorerError
from explorer.inside import images as I
from explorer.inside.weights import IMAGENET_MEAN, IMAGENET_STD


def _bytes(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG whose header claims w×h pixels (the pixel data is a stub: only the header is ever read)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_samples_load_and_are_small_photos() -> None:
    for name in I.sample_names():
        loaded = I.load_sample(name)
        assert loaded.image.mode == "RGB" and max(loaded.image.size) <= 512
        assert loaded.format == "JPEG" and len(loaded.digest) == 16
    assert (I.SAMPLES_DIR / "LICENSE.md").read_text().count("CC0") >= 2


def test_preprocess_matches_a_by_hand_resize_crop_normalise() -> None:
    im = Image.fromarray(np.random.default_rng(0).integers(0, 256, (300, 451, 3), dtype=np.uint8))
    loaded = I.load_image(_bytes(im, "PNG"), "cat.png")
    pre = I.preprocess(loaded, (3, 224, 224), mean=IMAGENET_MEAN, std=IMAGENET_STD)
    assert pre.tensor.shape == (1, 3, 224, 224) and pre.crop.size == (224, 224)
    assert [s.title for s in pre.steps] == ["Resize", "Centre crop", "To tensor", "Normalise"]
    assert "451×300 → 385×256" in pre.steps[0].detail  # shorter side 256 = 224 / 0.875, as torchvision
    resized = im.resize((385, 256), Image.Resampling.BILINEAR, reducing_gap=None)
    crop = np.asarray(resized.crop((80, 16, 304, 240)), dtype=np.float32) / 255
    expected = (crop - np.array(IMAGENET_MEAN, dtype=np.float32)) / np.array(IMAGENET_STD, dtype=np.float32)
    np.testing.assert_allclose(pre.tensor[0].permute(1, 2, 0).numpy(), expected, atol=1e-6)
    whole = I.preprocess(loaded, (3, 224, 224), mean=IMAGENET_MEAN, std=IMAGENET_STD, crop_fraction=1.0)
    assert "451×300 → 337×224" in whole.steps[0].detail and whole.key != pre.key  # a trained run's images were used whole


def test_channels_follow_the_model() -> None:
    gray = I.load_image(_bytes(Image.new("L", (40, 30), 128), "PNG"))
    assert gray.image.mode == "L"
    pre = I.preprocess(gray, (3, 32, 32), mean=IMAGENET_MEAN, std=IMAGENET_STD)
    assert pre.tensor.shape == (1, 3, 32, 32) and pre.steps[0].title == "Channels"
    rgb = I.load_sample("coffee.jpg")
    pre1 = I.preprocess(rgb, (1, 28, 28), mean=IMAGENET_MEAN, std=IMAGENET_STD)
    assert pre1.tensor.shape == (1, 1, 28, 28)
    with pytest.raises(ExplorerError, match="1 or 3"):
        I.preprocess(rgb, (4, 28, 28), mean=IMAGENET_MEAN, std=IMAGENET_STD)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "GIF"])
def test_every_supported_format(fmt: str) -> None:
    im = Image.new("RGB", (64, 48), (200, 30, 30))
    loaded = I.load_image(_bytes(im, fmt), f"x.{fmt.lower()}")
    assert loaded.format == fmt and loaded.image.size == (64, 48) and loaded.image.mode == "RGB"
    r, g, b = loaded.image.getpixel((10, 10))
    assert r > 150 and g < 80 and b < 80


def test_gif_first_frame() -> None:
    frames = [Image.new("RGB", (16, 16), c) for c in ((255, 0, 0), (0, 0, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    loaded = I.load_image(buf.getvalue(), "anim.gif")
    assert loaded.image.getpixel((5, 5))[0] > 200 and loaded.image.getpixel((5, 5))[2] < 50
    assert any("first frame" in n for n in loaded.notes)


def test_exif_orientation_is_honoured() -> None:
    im = Image.new("RGB", (40, 20), (0, 255, 0))
    im.paste((255, 0, 0), (0, 0, 10, 20))  # red on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    loaded = I.load_image(_bytes(im, "JPEG", exif=exif, quality=95), "phone.jpg")
    assert loaded.image.size == (20, 40)
    assert loaded.image.getpixel((10, 2))[0] > 200  # the red strip is now on top
    assert any("EXIF" in n for n in loaded.notes)


@pytest.mark.parametrize(
    "mode, expected",
    [("P", "RGB"), ("RGBA", "RGB"), ("LA", "L"), ("CMYK", "RGB"), ("I;16", "L"), ("1", "L"), ("I", "L")],
)
def test_modes_are_converted(mode: str, expected: str) -> None:
    fmt = {"CMYK": "JPEG", "1": "BMP", "I": "TIFF"}.get(mode, "PNG")
    if mode == "I;16":
        im = Image.fromarray(np.arange(0, 65536, 64, dtype=np.uint16).reshape(32, 32))  # 16-bit grayscale
    elif mode == "RGBA":
        im = Image.new("RGBA", (8, 8), (255, 0, 0, 0))  # fully transparent red → white
    else:
        im = Image.new(mode, (8, 8))
    loaded = I.load_image(_bytes(im, fmt), f"x.{fmt.lower()}")
    assert loaded.image.mode == expected
    if mode == "RGBA":
        assert loaded.image.getpixel((3, 3)) == (255, 255, 255)
    if mode == "I;16":
        assert loaded.image.getextrema() == (0, 255)


def test_text_file_named_png() -> None:
    with pytest.raises(I.BadImage, match="not an image"):
        I.load_image(b"hello, I am a shopping list\n" * 10, "photo.png")


def test_empty_file() -> None:
    with pytest.raises(I.BadImage, match="empty"):
        I.load_image(b"", "photo.jpg")


def test_truncated_jpeg() -> None:
    rng = np.random.default_rng(1)
    data = _bytes(Image.fromarray(rng.integers(0, 256, (200, 200, 3), dtype=np.uint8)), "JPEG", quality=90)
    with pytest.raises(I.BadImage, match="truncated"):
        I.load_image(data[: len(data) // 2], "half.jpg")


def test_decompression_bomb_is_refused_before_decoding() -> None:
    # Pillow's own guard stops this one at the header; its error becomes ours.
    with pytest.raises(I.BadImage, match="400 megapixels") as err:
        I.load_image(_png_header_only(20000, 20000), "bomb.png")
    assert "scale it down" in str(err.value)
    # Below Pillow's limit but above ours.
    with pytest.raises(I.BadImage, match="9000×8000 pixels"):
        I.load_image(_png_header_only(9000, 8000), "big.png")


def test_large_allowed_images_are_downscaled_with_a_note() -> None:
    loaded = I.load_image(_bytes(Image.new("RGB", (4100, 300), (9, 9, 9)), "PNG"), "wide.png")
    assert max(loaded.image.size) == I.MAX_SIDE
    assert any("Downscaled from 4100×300" in n for n in loaded.notes)
    # A large JPEG is decoded at reduced scale directly.
    big = I.load_image(_bytes(Image.new("RGB", (4400, 440), (9, 9, 9)), "JPEG"), "wide.jpg")
    assert max(big.image.size) <= I.MAX_SIDE and any("Downscaled" in n for n in big.notes)


def test_digest_identifies_the_bytes() -> None:
    a = I.load_image(_bytes(Image.new("RGB", (8, 8), (1, 2, 3)), "PNG"))
    b = I.load_image(_bytes(Image.new("RGB", (8, 8), (1, 2, 4)), "PNG"))
    assert a.digest != b.digest
    pre = I.preprocess(a, (3, 8, 8), mean=IMAGENET_MEAN, std=IMAGENET_STD)
    assert a.digest in pre.key and isinstance(pre.tensor, torch.Tensor)

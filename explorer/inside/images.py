"""Image files in, the tensor a model receives out — with each step shown.

:func:`load_image` turns uploaded bytes into an RGB (or grayscale) PIL image
safely: the size is checked from the header before any pixel is decoded (a
20000×20000 PNG is refused, not decoded into 1.2 GB; the limit is the
operator's ``max_image_pixels``), so is the shape (a 30000×1 strip is refused:
preprocessing would blow it up to 524288×256 pixels; ``max_aspect_ratio``), EXIF orientation is
applied, the first frame of an animation is taken, and palette, alpha, CMYK
and 16-bit images are converted. Every failure a user can cause is a
:class:`BadImage` with a sentence saying what was wrong and what works.

:func:`preprocess` is torchvision's ``ImageClassification`` transform
(resize the shorter side, centre crop, scale to [0, 1], normalise with the
weights' mean and std), returning the tensor *and* a description of each step
plus the cropped image, so the page can show what the model actually sees.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

from explorer.errors import InvalidInput
from explorer.notes import Note
from explorer.settings import settings
from explorer.i18n import N_, NP_


def max_pixels() -> int:
    """Images are refused above this many pixels (the operator's ``max_image_pixels``; default 50 megapixels)."""
    return settings().max_image_pixels

#: Images with a longer side than this are downscaled to it (with a note) before use.
MAX_SIDE = 2048
FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF")
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "samples"


class BadImage(InvalidInput):
    """A file that is not an image we can use (empty, truncated, not an image, too large)."""


@dataclass(frozen=True)
class LoadedImage:
    """A decoded image, ready for :func:`preprocess`.

    Attributes:
        image: mode "RGB" or "L".
        digest: SHA-256 of the file's bytes (hex, 16 digits): the cache key.
        name: the file name, for messages.
        format: what the file really is ("PNG", "JPEG", …), whatever its name says.
        original_size: (width, height) in the file, before orientation or downscaling.
        notes: what was done to it (orientation, conversion, first frame, downscaling), as
            :class:`~explorer.notes.Note` sentences.
    """

    image: Image.Image
    digest: str
    name: str
    format: str
    original_size: tuple[int, int]
    notes: tuple[Note, ...] = ()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]



def _too_large(name: str, size: tuple[int, int] | None, pixels: int | None) -> BadImage:
    most = max_pixels()
    limit = f"{most / 1e6:,.0f}"
    if size:
        return BadImage(
            N_("'{name}' is {size} pixels ({megapixels} megapixels), more than the {limit} megapixels this page accepts (a guard against decompression bombs): scale it down, e.g. to {side} pixels on the longer side, and upload it again."), name=name, size=f"{size[0]}×{size[1]}",
            megapixels=f"{size[0] * size[1] / 1e6:,.0f}", limit=limit, side=2000,
        )
    return BadImage(N_("'{name}' is {megapixels} megapixels, more than the {limit} megapixels this page accepts (a guard against decompression bombs): scale it down, e.g. to {side} pixels on the longer side, and upload it again."), name=name, megapixels=f"{(pixels or 0) / 1e6:,.0f}", limit=limit, side=2000)


def load_image(data: bytes, name: str = "image") -> LoadedImage:
    """Decode ``data`` into an RGB or grayscale image, safely.

    Raises:
        BadImage: empty file, not an image, truncated, or too many pixels.
    """
    if not data:
        raise BadImage(N_("'{name}' is empty (0 bytes): upload a PNG, JPEG, WebP, BMP or GIF image."), name=name)
    notes: list[Note] = []
    try:
        with warnings.catch_warnings():
            # We apply our own, lower limit below; Pillow's warning would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as err:
        m = re.search(r"\((\d+) pixels\)", str(err))
        raise _too_large(name, None, int(m.group(1)) if m else None) from None
    except UnidentifiedImageError:
        raise BadImage(
            N_("'{name}' is not an image: its content is not PNG, JPEG, WebP, BMP or GIF, whatever its name says. Upload a photo in one of those formats."), name=name,
        ) from None
    except (OSError, ValueError, SyntaxError) as err:
        raise BadImage(
            N_("'{name}' could not be read as an image ({reason}): upload a PNG, JPEG, WebP, BMP or GIF."), name=name, reason=str(err),
        ) from None
    fmt = (im.format or "?").upper()
    original = im.size
    w, h = im.size
    if w * h > max_pixels():
        raise _too_large(name, (w, h), None)
    ratio = settings().max_aspect_ratio
    if max(w, h) > ratio * min(w, h):
        raise BadImage(
            N_("'{name}' is {size} pixels, {ratio} times longer than wide; this page takes images at most {limit} times longer than wide: crop it to a less extreme shape and upload it again."), name=name, size=f"{w}×{h}", ratio=f"{max(w, h) / min(w, h):,.0f}", limit=f"{ratio:g}",
        )
    if fmt not in FORMATS:
        notes.append(Note(N_("Read as {format}; PNG, JPEG, WebP, BMP and GIF are the supported formats."),
                          format=fmt))
    frames = getattr(im, "n_frames", 1)
    if frames > 1:
        im.seek(0)
        notes.append(Note(N_("Animated {format} with {frames} frames: the first frame is used."),
                          format=fmt, frames=frames))
    if fmt == "JPEG" and max(w, h) > MAX_SIDE:
        # Decode at 1/2, 1/4 or 1/8 scale directly: fast, and never holds the full-size pixels.
        im.draft(im.mode, (MAX_SIDE, MAX_SIDE))
    try:
        im.load()
    except OSError as err:
        if "truncated" in str(err).lower() or "broken" in str(err).lower():
            raise BadImage(
                N_("'{name}' is truncated: the file ends before the image does (an interrupted download or copy?). Save the image again and upload the complete file."), name=name,
            ) from None
        raise BadImage(
            N_("'{name}' could not be decoded ({reason}): upload a PNG, JPEG, WebP, BMP or GIF."), name=name, reason=str(err)
        ) from None
    except (ValueError, SyntaxError, EOFError) as err:
        raise BadImage(
            N_("'{name}' could not be decoded ({reason}): upload a PNG, JPEG, WebP, BMP or GIF."), name=name, reason=str(err)
        ) from None
    try:
        oriented = ImageOps.exif_transpose(im)
    except Exception:  # a malformed EXIF block must not lose the picture
        oriented = im
    if _orientation(im) not in (None, 1):
        notes.append(Note(N_("Rotated upright from its EXIF orientation tag.")))
    im = _to_rgb_or_l(oriented, notes)
    if max(im.size) > MAX_SIDE:
        im = im.copy()
        im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if max(im.size) < max(original):
        before, after = f"{original[0]}×{original[1]}", f"{im.size[0]}×{im.size[1]}"
        notes.append(Note(N_("Downscaled from {before} to {after} to keep memory in check."),
                          before=before, after=after))
    return LoadedImage(image=im, digest=_digest(data), name=name, format=fmt, original_size=original, notes=tuple(notes))


def _orientation(im: Image.Image) -> int | None:
    try:
        return im.getexif().get(0x0112)
    except Exception:
        return None


def _to_rgb_or_l(im: Image.Image, notes: list[Note]) -> Image.Image:
    """Palette, alpha, CMYK, 1-bit and 16-bit/float images → "RGB" or "L"."""
    mode = im.mode
    if mode in ("RGB", "L"):
        return im
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
        notes.append(Note(N_("Palette colours expanded to RGB.")))
        mode = im.mode
        if mode == "RGB":
            return im
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        out = Image.alpha_composite(background, rgba)
        notes.append(Note(N_("Transparent parts put on a white background.")))
        return out.convert("L" if mode in ("LA", "La") else "RGB")
    if mode == "1":
        notes.append(Note(N_("1-bit image converted to grayscale.")))
        return im.convert("L")
    if mode.startswith("I") or mode == "F":
        arr = np.asarray(im, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        scaled = np.zeros_like(arr) if hi <= lo else (arr - lo) / (hi - lo) * 255.0
        if "16" in mode:
            notes.append(Note(N_("{mode} image (16-bit) scaled to 8-bit grayscale."), mode=mode))
        else:
            notes.append(Note(N_("{mode} image (high bit depth) scaled to 8-bit grayscale."), mode=mode))
        return Image.fromarray(scaled.round().astype(np.uint8), "L")
    notes.append(Note(N_("{mode} colours converted to RGB."), mode=mode))
    return im.convert("RGB")


# --- samples ------------------------------------------------------------------------------

#: Bundled photographs (public domain / CC0, see data/samples/LICENSE.md): file → caption.
SAMPLES = {
    "chelsea.jpg": Note(N_("Chelsea the cat (CC0, Stefan van der Walt)")),
    "coffee.jpg": Note(N_("A cup of coffee (CC0, Rachel Michetti)")),
    "astronaut.jpg": Note(N_("Astronaut Eileen Collins (NASA, public domain)")),
}


def sample_names() -> list[str]:
    return list(SAMPLES)


def load_sample(name: str) -> LoadedImage:
    """One of the bundled photographs, by file name (see :data:`SAMPLES`)."""
    if name not in SAMPLES:
        raise BadImage(
            N_("There is no sample image {name!r}; the samples are: {samples}."), name=name, samples=", ".join(SAMPLES),
        )
    return load_image((SAMPLES_DIR / name).read_bytes(), name)


# --- preprocessing ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One preprocessing step, in words (``title``) and with its numbers (``detail``), both :class:`~explorer.notes.Note`."""

    title: Note
    detail: Note


@dataclass(frozen=True)
class Preprocessed:
    """What the model receives, and how it got there.

    Attributes:
        tensor: (1, C, H, W) float32, normalised.
        crop: the image after resize and crop, before normalisation (what is shown
            under receptive fields and saliency maps; pixel (i, j) is the model's input pixel (i, j)).
        steps: each step in order.
        key: a string identifying the image and every preprocessing choice (a cache key).
    """

    tensor: torch.Tensor
    crop: Image.Image
    steps: tuple[Step, ...]
    key: str


def preprocess(
    loaded: LoadedImage,
    input_shape: tuple[int, int, int],
    *,
    mean: tuple[float, ...],
    std: tuple[float, ...],
    crop_fraction: float = 0.875,
) -> Preprocessed:
    """torchvision's classification transform for an input of ``input_shape`` (C, H, W).

    Resize so that the crop covers ``crop_fraction`` of the shorter side
    (224 of 256 for ImageNet models, torchvision's ``resize_size=256,
    crop_size=224``), centre-crop to H×W, scale to [0, 1], normalise per
    channel. A 1-channel model gets the grayscale image; a 3-channel model gets
    RGB (a grayscale photo is repeated on the three channels).
    """
    c, h, w = input_shape
    if c not in (1, 3):
        raise InvalidInput(
            N_("This model takes {channels}-channel inputs; images have 1 (grayscale) or 3 (RGB) channels: set the input channels to 1 or 3."), channels=c,
        )
    if not 0.1 <= crop_fraction <= 1.0:
        raise InvalidInput(N_("The crop fraction must be between 0.1 and 1, not {value}."), value=crop_fraction)
    mean, std = _per_channel(mean, c), _per_channel(std, c)
    im = loaded.image
    steps: list[Step] = []
    target_mode = "L" if c == 1 else "RGB"
    if im.mode != target_mode:
        im = im.convert(target_mode)
        title = Note(NP_("note.image.step.channels", "Channels"))
        if c == 1:
            steps.append(Step(title, Note(N_("RGB → grayscale (the model takes 1 channel)"))))
        else:
            steps.append(Step(title, Note(N_("grayscale → RGB (the channel repeated three times)"))))
    iw, ih = im.size
    # Resize so that the H×W crop is crop_fraction of the resized image's shorter side.
    scale = max(h / (ih * crop_fraction), w / (iw * crop_fraction))
    rw, rh = max(w, round(iw * scale)), max(h, round(ih * scale))
    if rw * rh > max_pixels():  # checked before resizing: an elongated image blows up to cover the input
        raise BadImage(
            N_("Covering the {input} input would resize '{name}' ({size}) to {resized} pixels, more than the {limit} megapixels this server allows: crop the image to a shape closer to {shape}, or use a smaller input."), name=loaded.name, input=f"{w}×{h}", size=f"{iw}×{ih}", resized=f"{rw}×{rh}",
            limit=f"{max_pixels() / 1e6:,.0f}", shape=f"{w}:{h}",
        )
    resized = im.resize((rw, rh), Image.Resampling.BILINEAR, reducing_gap=None)
    steps.append(Step(
        Note(N_("Resize")),
        Note(N_("{iw}×{ih} → {rw}×{rh} (bilinear; the shorter side to {shorter} px)"),
             iw=iw, ih=ih, rw=rw, rh=rh, shorter=min(rw, rh)),
    ))
    left, top = (rw - w) // 2, (rh - h) // 2
    crop = resized.crop((left, top, left + w, top + h))
    steps.append(Step(
        Note(N_("Centre crop")),
        Note(N_("{w}×{h} from the middle (x {left}…{right}, y {top}…{bottom})"),
             w=w, h=h, left=left, right=left + w - 1, top=top, bottom=top + h - 1),
    ))
    arr = np.asarray(crop, dtype=np.float32) / 255.0
    arr = arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)
    steps.append(Step(
        Note(N_("To tensor")),
        Note(N_("{c}×{h}×{w}, pixel values / 255 → [0, 1]"), c=c, h=h, w=w),
    ))
    m = np.asarray(mean, dtype=np.float32)[:, None, None]
    s = np.asarray(std, dtype=np.float32)[:, None, None]
    arr = (arr - m) / s
    steps.append(Step(
        Note(N_("Normalise")),
        Note(N_("(x − mean) / std per channel, mean {mean}, std {std}"),
             mean=_fmt(mean), std=_fmt(std)),
    ))
    tensor = torch.from_numpy(np.ascontiguousarray(arr))[None]
    key = f"{loaded.digest}:{c}x{h}x{w}:{_fmt(mean)}:{_fmt(std)}:{crop_fraction}"
    return Preprocessed(tensor=tensor, crop=crop, steps=tuple(steps), key=key)


def _per_channel(values: tuple[float, ...], c: int) -> tuple[float, ...]:
    values = tuple(float(v) for v in values)
    if len(values) == c:
        return values
    if c == 1:  # one channel from RGB statistics: their average
        return (sum(values) / len(values),)
    if len(values) == 1:
        return values * c
    raise InvalidInput(
        N_("Normalisation has {values} values but the model takes {channels} channels."), values=len(values), channels=c
    )


def _fmt(values: tuple[float, ...]) -> str:
    return "(" + ", ".join(f"{v:.3f}" for v in values) + ")"

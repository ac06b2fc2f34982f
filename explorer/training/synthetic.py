"""The embedded datasets, generated from a seed in about a second: no download, no files.

* ``digits``: 28×28 grey handwritten-style digits. Each class starts from the
  digit drawn with Pillow's built-in font (Aileron) at three sizes and three
  stroke widths; every sample then gets its own rotation, scale, slant, shift,
  a smooth random warp (so that no two strokes are alike, as in handwriting),
  a brightness and some noise. Light digits on black, like MNIST.
* ``shapes``: 32×32 colour geometric shapes in 10 classes, each of random
  colour, position, size and tilt, on a random two-colour gradient background
  with noise; the shape always differs clearly from its background.

Only Pillow's embedded font is used, never the system's, so the same seed gives
the same images on every machine with the same library versions. Classes are
exactly balanced. Arrays are ``uint8`` N×C×H×W with ``int64`` labels.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont

DIGIT_CLASSES = tuple(str(d) for d in range(10))
SHAPE_CLASSES = ("circle", "square", "triangle", "diamond", "pentagon", "hexagon", "star", "cross", "ring", "crescent")

_GLYPH_CANVAS = 64  # glyphs are drawn at 64×64 then reduced to 28×28 (anti-aliased)
# (font size, stroke width) pairs: thin to bold strokes; the boldest size skips the widest stroke (blobs).
_GLYPH_STYLES = ((52, 0), (52, 1), (52, 3), (58, 0), (58, 2), (58, 3), (64, 0), (64, 1), (64, 2))
_CHUNK = 4096


def _labels(n: int, classes: int, g: torch.Generator) -> torch.Tensor:
    """``n`` labels, as balanced as ``n`` allows, in a random order."""
    return (torch.arange(n) % classes)[torch.randperm(n, generator=g)]


def _glyphs() -> torch.Tensor:
    """10 digits × len(_GLYPH_STYLES) templates, float in [0, 1], shape (styles, 10, 1, 28, 28)."""
    out = np.empty((len(_GLYPH_STYLES), 10, 28, 28), np.uint8)
    for s, (size, stroke) in enumerate(_GLYPH_STYLES):
        font = ImageFont.load_default(size=size)
        for d in range(10):
            im = Image.new("L", (_GLYPH_CANVAS, _GLYPH_CANVAS), 0)
            ImageDraw.Draw(im).text(
                (_GLYPH_CANVAS / 2, _GLYPH_CANVAS / 2), str(d), fill=255, font=font, anchor="mm",
                stroke_width=stroke, stroke_fill=255,
            )
            out[s, d] = np.asarray(im.resize((28, 28), Image.Resampling.LANCZOS))
    return torch.from_numpy(out).float().div_(255).unsqueeze(2)


def _segment(p0: torch.Tensor, p1: torch.Tensor, width: torch.Tensor) -> torch.Tensor:
    """Anti-aliased line segments p0→p1 (pixel coordinates, n×2) of half-width ``width``, as n×1×28×28 ink."""
    yy, xx = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    pix = torch.stack([xx, yy], -1).view(1, 28 * 28, 2)
    d = (p1 - p0)[:, None, :]
    t = (((pix - p0[:, None, :]) * d).sum(-1) / d.square().sum(-1).clamp_min(1e-6)).clamp(0, 1)
    dist = (pix - p0[:, None, :] - t[..., None] * d).norm(dim=-1)
    return (width[:, None] + 0.5 - dist).clamp(0, 1).view(-1, 1, 28, 28)


def digits(n: int, *, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` digit images (uint8, n×1×28×28) and their labels 0–9, the same for the same seed."""
    g = torch.Generator().manual_seed(int(seed))
    labels = _labels(n, 10, g)
    templates = _glyphs()
    style = torch.randint(0, templates.shape[0], (n,), generator=g)
    u = lambda: torch.rand(n, generator=g) * 2 - 1  # noqa: E731  uniform in [-1, 1]
    angle, scale, slant = u() * math.radians(18), 0.97 + u() * 0.13, u() * 0.45
    tx, ty = u() * 0.14, u() * 0.14
    # affine_grid maps output to input coordinates: the inverse of rotate·scale·slant.
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1], theta[:, 0, 2] = cos / scale, (slant - sin) / scale, tx
    theta[:, 1, 0], theta[:, 1, 1], theta[:, 1, 2] = sin / scale, cos / scale, ty
    warp = torch.randn(n, 2, 4, 4, generator=g) * 0.05  # a smooth random displacement field
    brightness = 0.75 + 0.25 * torch.rand(n, 1, 1, 1, generator=g)
    noise_level = 0.10 * torch.rand(n, 1, 1, 1, generator=g)
    # A stray pen stroke on some images (a line segment of random length, width and ink).
    stray = (torch.rand(n, generator=g) < 0.3).float() * (0.4 + 0.5 * torch.rand(n, generator=g))
    p0 = torch.rand(n, 2, generator=g) * 27
    heading = torch.rand(n, generator=g) * 2 * math.pi
    p1 = p0 + (4 + 8 * torch.rand(n, generator=g))[:, None] * torch.stack([torch.cos(heading), torch.sin(heading)], 1)
    pen = 0.6 + 0.7 * torch.rand(n, generator=g)
    out = torch.empty(n, 1, 28, 28, dtype=torch.uint8)
    for a in range(0, n, _CHUNK):
        b = min(n, a + _CHUNK)
        grid = F.affine_grid(theta[a:b], [b - a, 1, 28, 28], align_corners=False)
        grid = grid + F.interpolate(warp[a:b], size=(28, 28), mode="bilinear", align_corners=False).permute(0, 2, 3, 1)
        x = F.grid_sample(templates[style[a:b], labels[a:b]], grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        x = torch.maximum(x, _segment(p0[a:b], p1[a:b], pen[a:b]) * stray[a:b, None, None, None])
        x = x * brightness[a:b] + torch.randn(x.shape, generator=g) * noise_level[a:b]
        out[a:b] = x.clamp_(0, 1).mul_(255).round_().to(torch.uint8)
    return out, labels


# --- shapes -------------------------------------------------------------------------------


def _polygon(k: int, cx: float, cy: float, r: float, rot: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(rot + 2 * math.pi * i / k), cy + r * math.sin(rot + 2 * math.pi * i / k)) for i in range(k)]


def _draw_shape(draw: ImageDraw.ImageDraw, kind: int, cx: float, cy: float, r: float, rot: float) -> None:
    """Draw class ``kind`` filled with 255 centred at (cx, cy), radius ``r``, tilted by ``rot`` radians."""
    name = SHAPE_CLASSES[kind]
    up = -math.pi / 2 + rot
    if name == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    elif name == "square":
        draw.polygon(_polygon(4, cx, cy, r * 1.15, math.pi / 4 + rot), fill=255)
    elif name == "triangle":
        draw.polygon(_polygon(3, cx, cy + r * 0.15, r * 1.2, up), fill=255)
    elif name == "diamond":  # a rhombus, taller than wide
        pts = [(0.0, -1.25), (0.75, 0.0), (0.0, 1.25), (-0.75, 0.0)]
        c, s = math.cos(rot), math.sin(rot)
        draw.polygon([(cx + r * (x * c - y * s), cy + r * (x * s + y * c)) for x, y in pts], fill=255)
    elif name == "pentagon":
        draw.polygon(_polygon(5, cx, cy, r * 1.1, up), fill=255)
    elif name == "hexagon":
        draw.polygon(_polygon(6, cx, cy, r * 1.1, rot), fill=255)
    elif name == "star":
        pts = []
        for i in range(10):
            rr = r * 1.25 if i % 2 == 0 else r * 0.5
            a = up + math.pi * i / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        draw.polygon(pts, fill=255)
    elif name == "cross":
        w = r * 0.38
        c, s = math.cos(rot), math.sin(rot)
        for (x0, y0, x1, y1) in ((-r * 1.1, -w, r * 1.1, w), (-w, -r * 1.1, w, r * 1.1)):
            corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            draw.polygon([(cx + x * c - y * s, cy + x * s + y * c) for x, y in corners], fill=255)
    elif name == "ring":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
        ri = r * 0.55
        draw.ellipse((cx - ri, cy - ri, cx + ri, cy + ri), fill=0)
    elif name == "crescent":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
        ox, oy = cx + r * 0.55 * math.cos(rot), cy + r * 0.55 * math.sin(rot)
        ri = r * 0.85
        draw.ellipse((ox - ri, oy - ri, ox + ri, oy + ri), fill=0)


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb @ np.array([0.299, 0.587, 0.114])


def shapes(n: int, *, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` shape images (uint8, n×3×32×32) and their labels (see :data:`SHAPE_CLASSES`)."""
    g = torch.Generator().manual_seed(int(seed))
    labels = _labels(n, len(SHAPE_CLASSES), g)
    rng = np.random.default_rng(int(torch.randint(0, 2**31 - 1, (1,), generator=g)))
    size = 64  # drawn at 2× and reduced: anti-aliased edges
    radius = rng.uniform(7, 13, n) * 2
    margin = radius * 1.2
    cx = rng.uniform(margin, size - margin)
    cy = rng.uniform(margin, size - margin)
    rot = rng.uniform(-0.35, 0.35, n)
    masks = np.empty((n, 32, 32), np.float32)
    for i, kind in enumerate(labels.tolist()):
        im = Image.new("L", (size, size), 0)
        _draw_shape(ImageDraw.Draw(im), kind, cx[i], cy[i], radius[i], rot[i])
        masks[i] = np.asarray(im.reduce(2), dtype=np.float32) / 255
    # Colours: two background colours (a gradient) and a foreground far from both in brightness and hue.
    bg0 = rng.uniform(0, 255, (n, 3))
    bg1 = np.clip(bg0 + rng.normal(0, 40, (n, 3)), 0, 255)
    fg = rng.uniform(0, 255, (n, 3))
    for _ in range(8):  # resample foregrounds too close to the background
        close = (np.abs(_luma(fg) - _luma((bg0 + bg1) / 2)) < 60) & (np.linalg.norm(fg - (bg0 + bg1) / 2, axis=1) < 140)
        if not close.any():
            break
        fg[close] = rng.uniform(0, 255, (int(close.sum()), 3))
    # Composition in float32 torch (a few vectorised passes over all images).
    direction = torch.from_numpy(rng.uniform(0, 2 * math.pi, n)).float()
    yy, xx = torch.meshgrid(torch.linspace(0, 1, 32), torch.linspace(0, 1, 32), indexing="ij")
    t = torch.cos(direction)[:, None, None] * xx + torch.sin(direction)[:, None, None] * yy
    lo, hi = t.amin(dim=(1, 2), keepdim=True), t.amax(dim=(1, 2), keepdim=True)
    t = ((t - lo) / (hi - lo).clamp_min(1e-6)).unsqueeze(1)  # n×1×32×32, 0 → 1 across the image
    c0, c1, cf = (torch.from_numpy(c).float()[:, :, None, None] for c in (bg0, bg1, fg))
    alpha = torch.from_numpy(masks).unsqueeze(1)
    img = torch.lerp(c0, c1, t)
    img = torch.lerp(img, cf.expand_as(img), alpha)
    noise = torch.randn(img.shape, generator=g) * (torch.rand(n, 1, 1, 1, generator=g) * 8)  # per-image noise level
    return img.add_(noise).clamp_(0, 255).round_().to(torch.uint8), labels

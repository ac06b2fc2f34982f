"""Which input pixels matter: Grad-CAM, gradient saliency, and receptive fields, with hooks only.

* :func:`saliency` — Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations
  from Deep Networks via Gradient-based Localization", ICCV 2017): the target
  layer's maps A^k weighted by the spatial mean of ∂y_c/∂A^k, summed, rectified
  and upsampled to the input; and the vanilla gradient saliency of Simonyan,
  Vedaldi & Zisserman ("Deep Inside Convolutional Networks", 2014):
  max over colour channels of |∂y_c/∂x|. One forward and one backward pass give both.
* :func:`effective_receptive_field` — |∂a/∂x| for one unit a of a feature map
  (Luo et al., "Understanding the Effective Receptive Field", NeurIPS 2016).
* :func:`rf_box` — the theoretical receptive field of that unit from the
  analysis (:meth:`ReceptiveField.span`), clipped to the image.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from explorer.analysis.records import ReceptiveField, Report
from explorer.errors import ExplorerError
from explorer.inside.features import LayerKey, model_lock, spatial_layers, _ACTIVATIONS
from explorer.i18n import N_


class _Stop(Exception):
    pass


def default_target_layer(model: nn.Module, report: Report) -> LayerKey:
    """Grad-CAM's usual target: ResNet's last stage (``layer4``), GoogLeNet's ``inception5b``,
    Inception-v3's ``Mixed_7c``, DenseNet's final BatchNorm ``features.norm5`` (the last dense block's
    concatenation, normalised), ShuffleNet V2's ``conv5``, SqueezeNet's last Fire module, RegNet's
    ``trunk_output``, ConvNeXt's last stage, else the last convolution's rectified output, after its
    BatchNorm if it has one (VGG: ``features.29``, MobileNet-V2: ``features.18.2``)."""
    top = [name for name, _ in model.named_children()]
    stages = sorted((n for n in top if re.fullmatch(r"layer\d+", n)), key=lambda n: int(n[5:]))
    layers = spatial_layers(report)
    names = [l.name for l in layers]
    if stages and stages[-1] in names:
        return (stages[-1], 0)
    for name in ("inception5b", "mixed_7c", "Mixed_7c", "features.norm5", "trunk_output"):  # trunk_output: RegNet's
        if name in names:
            return (name, 0)
    if "conv5" in top and "stage4" in top and "conv5" in names:  # ShuffleNet V2: conv, BN, ReLU as one Sequential
        return ("conv5", 0)
    fires = [l for l in layers if l.type == "Fire"]  # SqueezeNet: the last 512-channel map before the class maps
    if fires:
        return fires[-1].key
    if any(l.type == "CNBlock" for l in report.layers):  # ConvNeXt: its last stage (features.7), like ResNet's layer4
        cn = [n for n in names if re.fullmatch(r"features\.\d+", n)]
        if cn:
            return (cn[-1], 0)
    convs = [k for k, l in enumerate(layers) if l.type == "Conv2d"]
    if not convs:
        if not layers:
            raise ExplorerError(N_("This model has no layer with a spatial output, so Grad-CAM has nothing to map."))
        return layers[-1].key
    k = convs[-1]
    conv = layers[k]
    nxt = layers[k + 1] if k + 1 < len(layers) else None
    if nxt is not None and nxt.type == "BatchNorm2d" and nxt.shape == conv.shape and k + 2 < len(layers):
        nxt = layers[k + 2]  # conv → BatchNorm → activation (MobileNet, EfficientNet, MNASNet: features.N.2)
    if nxt is not None and nxt.type in _ACTIVATIONS and nxt.shape == conv.shape:
        return nxt.key
    return conv.key


@contextmanager
def _capture(model: nn.Module, key: LayerKey, *, stop: bool = False):
    """Keep the output of module call ``key`` (in the autograd graph); optionally end the pass there."""
    name, call = key
    modules = dict(model.named_modules())
    if name not in modules:
        raise ExplorerError(N_("This model has no layer {layer!r}: pick one from the layer list."), layer=name)
    seen = {"calls": 0}
    kept: dict[str, Tensor] = {}

    def hook(_m, _inp, out):
        k = seen["calls"]
        seen["calls"] += 1
        if k != call or not isinstance(out, Tensor):
            return None
        kept["out"] = out
        if stop:
            raise _Stop
        return out.clone()  # later in-place layers then change the copy, not the tensor we differentiate against

    handle = modules[name].register_forward_hook(hook)
    try:
        yield kept
    finally:
        handle.remove()


@dataclass(frozen=True)
class Saliency:
    """Grad-CAM and gradient saliency for one class.

    Attributes:
        cam: (H, W) Grad-CAM upsampled to the input, in [0, 1].
        cam_small: (h, w) Grad-CAM at the target layer's resolution (rectified, not normalised).
        gradient: (H, W) max over channels of |∂y_c/∂x|, scaled to [0, 1].
        class_index: the class explained; score: its logit.
        target: the layer Grad-CAM used.
    """

    cam: np.ndarray
    cam_small: np.ndarray
    gradient: np.ndarray
    class_index: int
    score: float
    target: LayerKey


def saliency(model: nn.Module, x: Tensor, *, target: LayerKey, class_index: int | None = None) -> Saliency:
    """Grad-CAM at ``target`` and vanilla gradient saliency for ``class_index`` (default: the top class)."""
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError("saliency expects one sample, shape (1, C, H, W)")
    with model_lock(model), torch.enable_grad(), _capture(model, target) as kept:
        inp = x.detach().clone().requires_grad_(True)
        logits = model(inp)
        if isinstance(logits, (tuple, list)):
            logits = logits[0]
        if logits.dim() != 2:
            raise ExplorerError(
                N_("This model's output is not one score per class, so there is no class to explain.")
            )
        n = logits.shape[1]
        c = int(logits[0].argmax()) if class_index is None else int(class_index)
        if not 0 <= c < n:
            raise ExplorerError(
                N_("Class {index} does not exist: this model has classes 0 to {last}."), index=c, last=n - 1
            )
        if "out" not in kept:
            raise ExplorerError(
                N_("Layer {layer!r} did not run for this input, so Grad-CAM cannot use it: pick another target layer."), layer=target[0],
            )
        acts = kept["out"]
        if acts.dim() != 4:
            raise ExplorerError(
                N_("Grad-CAM needs a layer with C×H×W output; {layer!r} gives {shape}."), layer=target[0], shape=str(tuple(acts.shape[1:])),
            )
        score = logits[0, c]
        g_act, g_in = torch.autograd.grad(score, [acts, inp])
    weights = g_act[0].mean(dim=(1, 2))  # α_k: global-average-pooled gradients
    cam_small = F.relu((weights[:, None, None] * acts[0].detach()).sum(0))
    H, W = x.shape[-2:]
    cam = F.interpolate(cam_small[None, None], size=(H, W), mode="bilinear", align_corners=False)[0, 0]
    cam = _unit(cam)
    grad = g_in[0].abs().amax(0)
    return Saliency(
        cam=cam.numpy(),
        cam_small=cam_small.numpy(),
        gradient=_unit(grad).numpy(),
        class_index=c,
        score=float(score.detach()),
        target=target,
    )


def _unit(t: Tensor) -> Tensor:
    t = t.detach().float()
    t = t - t.min()
    top = t.max()
    return t / top if top > 0 else t


def effective_receptive_field(
    model: nn.Module, x: Tensor, layer: LayerKey, unit: tuple[int | None, int, int]
) -> np.ndarray:
    """|∂a/∂x| summed over input channels, (H, W), for unit a = (channel, i, j) of ``layer``'s output.

    ``channel`` None takes the sum over the layer's channels at (i, j). The pass
    stops at ``layer``. Unscaled: a unit that is zero after a ReLU gives zeros.
    """
    c, i, j = unit
    with model_lock(model), torch.enable_grad(), _capture(model, layer, stop=True) as kept:
        inp = x.detach().clone().requires_grad_(True)
        try:
            model(inp)
        except _Stop:
            pass
        if "out" not in kept:
            raise ExplorerError(
                N_("Layer {layer!r} did not run for this input: pick another layer."), layer=layer[0]
            )
        out = kept["out"]
        if out.dim() != 4:
            raise ExplorerError(
                N_("Layer {layer!r} has no spatial output, so its units have no position."), layer=layer[0]
            )
        C, h, w = out.shape[1:]
        if not (0 <= i < h and 0 <= j < w):
            raise ExplorerError(
                N_("Unit ({row}, {column}) is outside the {height}×{width} map: rows go 0…{last_row}, columns 0…{last_column}."), row=i, column=j, height=h, width=w, last_row=h - 1, last_column=w - 1,
            )
        if c is not None and not 0 <= c < C:
            raise ExplorerError(
                N_("Channel {index} does not exist: this layer has channels 0…{last}."), index=c, last=C - 1
            )
        a = out[0, :, i, j].sum() if c is None else out[0, c, i, j]
        (g,) = torch.autograd.grad(a, [inp], allow_unused=True)
    if g is None:
        return np.zeros(tuple(x.shape[-2:]), dtype=np.float32)
    return g[0].abs().sum(0).numpy()


@dataclass(frozen=True)
class Box:
    """A receptive field on the input image, in pixel rows and columns (inclusive).

    Attributes:
        top, left, bottom, right: clipped to the image.
        full: the unclipped span (it may reach into the padding beyond the image).
    """

    top: int
    left: int
    bottom: int
    right: int
    full: tuple[int, int, int, int]

    @property
    def clipped(self) -> bool:
        return (self.top, self.left, self.bottom, self.right) != self.full

    @property
    def size(self) -> tuple[int, int]:
        return (self.bottom - self.top + 1, self.right - self.left + 1)


def rf_box(rf: ReceptiveField, i: int, j: int, input_hw: tuple[int, int]) -> Box:
    """Input pixels that unit (i, j) can see: ``rf.span(i, j)`` clipped to an H×W input."""
    H, W = input_hw
    top, left, bottom, right = rf.span(i, j)
    return Box(max(0, top), max(0, left), min(H - 1, bottom), min(W - 1, right), (top, left, bottom, right))


def footprint(grad: np.ndarray, *, rel: float = 0.0) -> tuple[int, int, int, int] | None:
    """Bounding box (top, left, bottom, right) of the pixels where ``grad`` > rel·max; None if all zero."""
    if grad.max() <= 0:
        return None
    rows, cols = np.nonzero(grad > rel * grad.max())
    return int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())

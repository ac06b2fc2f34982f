"""Where a model's weights come from: a seed, a file, torchvision's checkpoints, or a trained run.

* :func:`build_random` — the architecture's own initialisation, reproducible from a seed.
* :func:`read_state_dict` + :func:`load_state_dict` — any ``state_dict`` file, read
  with ``torch.load(..., weights_only=True)`` (no code in the file can run) and
  checked key by key and shape by shape against the model, so a file of another
  architecture says which keys are missing, unexpected or mis-shaped.
* :func:`download` / :class:`DownloadJob` — torchvision's official checkpoints,
  downloaded once into the torch hub cache, written atomically (temp file, then
  rename) and checked against the SHA-256 prefix in their file names, with a
  progress callback and a timeout.
* a trained run's weights: the runs store (:mod:`explorer.training.runs`) finds the run and its
  ``weights/{final,best}.pt``; :func:`read_state_dict` reads them like any file.
* :class:`ModelCache` — a server's few models with weights, built one at a time.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import re
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from explorer.download import (
    Cancelled,
    ChecksumMismatch,
    FetchError,
    HTTPStatus,
    Truncated,
    Unreachable,
    WriteFailed,
    eta_seconds,
    fetch,
)
from explorer.errors import ExplorerError
from explorer.notes import Note
from explorer.settings import settings
from explorer.zoo.registry import architectures, get
from explorer.i18n import N_, NP_

# torchvision's ImageClassification preset: every ImageNet checkpoint expects these.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)

BASE_URL = "https://download.pytorch.org/models/"
#: Environment variables: the checkpoint folder (default: torch hub's ``checkpoints``) and the base URL (tests).
HUB_DIR_ENV = "EXPLORER_HUB_DIR"
BASE_URL_ENV = "EXPLORER_CHECKPOINT_BASE_URL"

#: torchvision's ImageNet-1k checkpoints (their ``IMAGENET1K_V1`` weights, torchvision 0.22
#: ``models/*.py``). The hex digits in a name are the first digits of the file's SHA-256.
CHECKPOINTS: dict[str, str] = {
    "alexnet": "alexnet-owt-7be5be79.pth",
    "vgg11": "vgg11-8a719046.pth",
    "vgg11_bn": "vgg11_bn-6002323d.pth",
    "vgg13": "vgg13-19584684.pth",
    "vgg13_bn": "vgg13_bn-abd245e5.pth",
    "vgg16": "vgg16-397923af.pth",
    "vgg16_bn": "vgg16_bn-6c64b313.pth",
    "vgg19": "vgg19-dcbb9e9d.pth",
    "vgg19_bn": "vgg19_bn-c79401a0.pth",
    "resnet18": "resnet18-f37072fd.pth",
    "resnet34": "resnet34-b627a593.pth",
    "resnet50": "resnet50-0676ba61.pth",
    "resnet101": "resnet101-63fe2227.pth",
    "resnet152": "resnet152-394f9c45.pth",
    "googlenet": "googlenet-1378be20.pth",
    # backbones (zoo1): MobileNet, EfficientNet, MNASNet. torchvision's mnasnet0_5 and mnasnet1_0 files carry a
    # 10-digit hash; its mnasnet0_5 file is a "version 1" MNASNet (see explorer/zoo/mnasnet.py).
    "mobilenet_v2": "mobilenet_v2-b0353104.pth",
    "mobilenet_v3_large": "mobilenet_v3_large-8738ca79.pth",
    "mobilenet_v3_small": "mobilenet_v3_small-047dcff4.pth",
    "efficientnet_b0": "efficientnet_b0_rwightman-7f5810bc.pth",
    "efficientnet_b1": "efficientnet_b1_rwightman-bac287d4.pth",
    "efficientnet_b2": "efficientnet_b2_rwightman-c35c1473.pth",
    "efficientnet_b3": "efficientnet_b3_rwightman-b3899882.pth",
    "efficientnet_b4": "efficientnet_b4_rwightman-23ab8bcd.pth",
    "efficientnet_b5": "efficientnet_b5_lukemelas-1a07897c.pth",
    "efficientnet_b6": "efficientnet_b6_lukemelas-24a108a5.pth",
    "efficientnet_b7": "efficientnet_b7_lukemelas-c5b4e57e.pth",
    "efficientnet_v2_s": "efficientnet_v2_s-dd5fe13b.pth",
    "efficientnet_v2_m": "efficientnet_v2_m-dc08266a.pth",
    "efficientnet_v2_l": "efficientnet_v2_l-59c71312.pth",
    "mnasnet0_5": "mnasnet0.5_top1_67.823-3ffadce67e.pth",
    "mnasnet0_75": "mnasnet0_75-7090bc5f.pth",
    "mnasnet1_0": "mnasnet1.0_top1_73.512-f206786ef8.pth",
    "mnasnet1_3": "mnasnet1_3-a4c69d6f.pth",
    # Backbones (torchvision models/densenet.py, squeezenet.py, shufflenetv2.py, resnet.py, inception.py).
    "densenet121": "densenet121-a639ec97.pth",
    "densenet161": "densenet161-8d451a50.pth",
    "densenet169": "densenet169-b2777c0a.pth",
    "densenet201": "densenet201-c1103571.pth",
    "squeezenet1_0": "squeezenet1_0-b66bff10.pth",
    "squeezenet1_1": "squeezenet1_1-b8a52dc0.pth",
    "shufflenet_v2_x0_5": "shufflenetv2_x0.5-f707e7126e.pth",
    "shufflenet_v2_x1_0": "shufflenetv2_x1-5666bf0f80.pth",
    "shufflenet_v2_x1_5": "shufflenetv2_x1_5-3c479a10.pth",
    "shufflenet_v2_x2_0": "shufflenetv2_x2_0-8be3c8ee.pth",
    "resnext50_32x4d": "resnext50_32x4d-7cdf4587.pth",
    "resnext101_32x8d": "resnext101_32x8d-8ba56ff5.pth",
    "resnext101_64x4d": "resnext101_64x4d-173b62eb.pth",
    "wide_resnet50_2": "wide_resnet50_2-95faca4d.pth",
    "wide_resnet101_2": "wide_resnet101_2-32ee1156.pth",
    "inception_v3": "inception_v3_google-0cc3c7bd.pth",
    # backbones: RegNet and ConvNeXt (torchvision models/regnet.py, convnext.py)
    "regnet_x_400mf": "regnet_x_400mf-adf1edd5.pth",
    "regnet_x_800mf": "regnet_x_800mf-ad17e45c.pth",
    "regnet_x_1_6gf": "regnet_x_1_6gf-e3633e7f.pth",
    "regnet_x_3_2gf": "regnet_x_3_2gf-f342aeae.pth",
    "regnet_x_8gf": "regnet_x_8gf-03ceed89.pth",
    "regnet_x_16gf": "regnet_x_16gf-2007eb11.pth",
    "regnet_x_32gf": "regnet_x_32gf-9d47f8d0.pth",
    "regnet_y_400mf": "regnet_y_400mf-c65dace8.pth",
    "regnet_y_800mf": "regnet_y_800mf-1b27b58c.pth",
    "regnet_y_1_6gf": "regnet_y_1_6gf-b11a554e.pth",
    "regnet_y_3_2gf": "regnet_y_3_2gf-b5a9779c.pth",
    "regnet_y_8gf": "regnet_y_8gf-d0d0e4a8.pth",
    "regnet_y_16gf": "regnet_y_16gf-9e6ed7dd.pth",
    "regnet_y_32gf": "regnet_y_32gf-4dee3f7a.pth",
    "regnet_y_128gf": "regnet_y_128gf_lc_swag-cbe8ce12.pth",  # no IMAGENET1K_V1: SWAG trunk + linear head, at 224
    "convnext_tiny": "convnext_tiny-983f1562.pth",
    "convnext_small": "convnext_small-0c510722.pth",
    "convnext_base": "convnext_base-6075fbad.pth",
    "convnext_large": "convnext_large-ea097f82.pth",
}
# torchvision's DenseNet files predate the ban on dots in module names: 'denselayer1.norm.1.weight' is
# 'denselayer1.norm1.weight' today; torchvision's densenet.py renames them with this pattern when it loads one.
_DENSENET_OLD_KEY = re.compile(r"^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$")
#: Auxiliary heads that a checkpoint may carry and a model built without them lacks.
_AUX_PREFIXES = ("aux1.", "aux2.", "AuxLogits.")
HASH_REGEX = re.compile(r"-([a-f0-9]{8,})\.")
#: What the sentences of a weights error call the weights when the caller gives no label (the app gives its own).
THESE_WEIGHTS = Note(N_("These weights"))


class WeightsError(ExplorerError):
    """A weights file or download that cannot be used."""


class WeightsMismatch(WeightsError):
    """A state_dict whose keys or shapes do not fit the model.

    Attributes:
        missing, unexpected: key names; mis_shaped: (key, file shape, model shape).
    """

    def __init__(self, message: str, *, missing=(), unexpected=(), mis_shaped=(), key: str = "", **params: object):
        super().__init__(message, key=key, **params)
        self.missing = tuple(missing)
        self.unexpected = tuple(unexpected)
        self.mis_shaped = tuple(mis_shaped)


class DownloadFailed(WeightsError):
    """A checkpoint that could not be downloaded (offline, unreachable, wrong hash)."""


# --- random initialisation ------------------------------------------------------------------


class ModelCache:
    """At most ``size`` models (with whatever else ``build`` returns), the least recently used dropped *before*
    a new one is built, and one build at a time: a server's memory holds ``size`` models, never ``size`` + the
    builds in progress (thirty people on thirty variants of VGG-16, 553 MB each). A model still in use by a
    caller lives on until the caller lets it go. Thread-safe.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()  # the dictionary
        self._building = threading.Lock()  # one build at a time; a hit does not wait for it

    def get(self, key: str, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        with self._building:
            with self._lock:
                if key in self._items:  # built by another caller while this one waited
                    self._items.move_to_end(key)
                    return self._items[key]
                while len(self._items) >= self.size:
                    self._items.popitem(last=False)
            value = build()  # an error caches nothing
            with self._lock:
                self._items[key] = value
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def build_random(arch: str, hyperparameters: Mapping[str, Any] | None = None, *, seed: int = 0) -> nn.Module:
    """Build ``arch`` with its own initialisation, drawn from ``seed`` (same seed, same weights), in eval mode.

    The global RNG is left as it was, so building a model never changes what
    another piece of code draws next.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        model = get(arch).build(**dict(hyperparameters or {}))
    return model.eval()


# --- state_dict files -----------------------------------------------------------------------


def read_state_dict(source: bytes | str | Path, *, name: str | None = None) -> dict[str, torch.Tensor]:
    """Read a ``state_dict`` from bytes or a path with ``torch.load(weights_only=True)``.

    Accepts a plain state_dict, a checkpoint dict holding one under
    ``state_dict`` / ``model`` / ``model_state_dict`` / ``net``, and keys
    prefixed ``module.`` (saved from ``DataParallel``).

    Raises:
        WeightsError: not a PyTorch file, truncated, holds Python objects, or holds no tensors.
    """
    if isinstance(source, (str, Path)):
        path = Path(source).expanduser()
        label = name or path.name
        if not path.is_file():  # the file's name only: a message never shows a folder of the server
            raise WeightsError(
                N_("There is no weights file '{name}': give a .pth or .pt file that exists."), name=path.name
            )
        if path.stat().st_size == 0:
            raise WeightsError(N_("'{name}' is empty (0 bytes): it is not a weights file."), name=label)
        try:
            obj = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        except RuntimeError as err:
            if "mmap" not in str(err):  # legacy (non-zip) files cannot be memory-mapped: read them plainly
                raise _unreadable(label, err) from None
            obj = _load(path, label)
        except Exception as err:  # noqa: BLE001  (torch.load raises many types for a bad file)
            raise _unreadable(label, err) from None
    else:
        label = name or "the file"
        if not source:
            raise WeightsError(N_("'{name}' is empty (0 bytes): it is not a weights file."), name=label)
        obj = _load(io.BytesIO(source), label)
    return _as_state_dict(obj, label)


def _load(f: Any, label: str) -> Any:
    try:
        return torch.load(f, map_location="cpu", weights_only=True)
    except Exception as err:  # noqa: BLE001
        raise _unreadable(label, err) from None


def _unreadable(label: str, err: BaseException) -> WeightsError:
    text = str(err)
    if isinstance(err, pickle.UnpicklingError) and "weights_only" in text.lower().replace(" ", "_"):
        return WeightsError(
            N_("'{name}' holds Python objects besides tensors, which safe loading (weights_only=True) refuses to run: save just the weights with torch.save(model.state_dict(), path) and load that file."), name=label,
        )
    if isinstance(err, EOFError) or "unexpected eof" in text.lower() or "failed finding central directory" in text:
        return WeightsError(
            N_("'{name}' is cut short (truncated): download or copy the complete file and try again."), name=label
        )
    return WeightsError(
        N_("'{name}' is not a PyTorch weights file (torch.load could not read it): give a .pth/.pt file written by torch.save(model.state_dict(), path)."), name=label,
    )


def _as_state_dict(obj: Any, label: str) -> dict[str, torch.Tensor]:
    if isinstance(obj, Mapping) and obj and not all(isinstance(v, torch.Tensor) for v in obj.values()):
        for key in ("state_dict", "model_state_dict", "model", "net"):
            inner = obj.get(key)
            if isinstance(inner, Mapping) and inner and all(isinstance(v, torch.Tensor) for v in inner.values()):
                obj = inner
                break
    if not isinstance(obj, Mapping) or not obj or not all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items()):
        raise WeightsError(
            N_("'{name}' does not hold a state_dict (a mapping of parameter names to tensors): save one with torch.save(model.state_dict(), path)."), name=label,
        )
    state = dict(obj)
    if all(k.startswith("module.") for k in state):  # saved from nn.DataParallel
        state = {k[len("module."):]: v for k, v in state.items()}
    return state


def _fmt_shape(shape: tuple[int, ...]) -> str:
    return "×".join(str(s) for s in shape) or "scalar"


def _few(items: list[str], n: int = 4) -> str:
    return ", ".join(items[:n]) + (f", … ({len(items) - n} more)" if len(items) > n else "")


def _first(items: list[str], n: int = 4) -> str:
    """``_few`` without English: the first ``n`` items, "…" when there are more, "—" when there are none."""
    return (", ".join(items[:n]) + (", …" if len(items) > n else "")) if items else "—"


def _fmt_dims(shape: tuple[int, ...]) -> str:
    return "×".join(str(s) for s in shape) or "()"


def compare_state_dict(
    model: nn.Module, state: Mapping[str, torch.Tensor]
) -> tuple[list[str], list[str], list[tuple[str, tuple[int, ...], tuple[int, ...]]]]:
    """(missing, unexpected, mis-shaped (key, file shape, model shape)) of ``state`` against ``model``."""
    expected = model.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    mis = [
        (k, tuple(state[k].shape), tuple(v.shape))
        for k, v in expected.items()
        if k in state and tuple(state[k].shape) != tuple(v.shape)
    ]
    return missing, unexpected, mis


def check_state_dict(model: nn.Module, state: Mapping[str, torch.Tensor], *, arch: str, label: str = THESE_WEIGHTS) -> None:
    """Raise :class:`WeightsMismatch` unless every key and shape of ``state`` fits ``model``.

    The message names the first few missing, unexpected and mis-shaped keys with
    their counts, and which architecture the file looks like when it is another one.
    """
    missing, unexpected, mis = compare_state_dict(model, state)
    if not (missing or unexpected or mis):
        return
    guess = guess_architecture(state) if (missing or unexpected) else []
    raise _mismatch(label, arch, missing, unexpected, mis, [g for g in guess if g != arch])


def _mismatch(
    label: str, arch: str, missing: list[str], unexpected: list[str], mis: list[tuple[str, tuple[int, ...], tuple[int, ...]]], guess: list[str]
) -> WeightsMismatch:
    """The error naming what does not fit, keyed by which parts there are (for a sentence in another language)."""
    parts = []
    if missing:
        parts.append(f"{len(missing)} missing ({_few(missing)})")
    if unexpected:
        parts.append(f"{len(unexpected)} unexpected ({_few(unexpected)})")
    if mis:
        shown = [f"{k}: file {_fmt_shape(a)}, model {_fmt_shape(b)}" for k, a, b in mis]
        parts.append(f"{len(mis)} mis-shaped ({_few(shown, 3)})")
    message = f"{label} do not fit {arch}: " + "; ".join(parts) + "."
    if guess:
        message += f" The file looks like {' or '.join(guess[:3])}: choose that architecture, or load weights saved from {arch}."
    else:
        message += f" Load weights saved from {arch} with the same hyperparameters (number of classes, width, …)."
    # For the translation: the counts and the first few keys, in words no language owns.
    n_missing, n_unexpected, n_mis = len(missing), len(unexpected), len(mis)
    missing_keys, unexpected_keys = _first(missing), _first(unexpected)
    mis_shaped_keys = _first([f"{k}: {_fmt_dims(a)} ≠ {_fmt_dims(b)}" for k, a, b in mis], 3)
    if mis and not (missing or unexpected):  # the same architecture with other hyperparameters (classes, width)
        return WeightsMismatch(
            N_("{label} do not fit {arch}: {n_mis_shaped} mis-shaped ({mis_shaped_keys}). Load weights saved from {arch} with the same hyperparameters (number of classes, width, …)."), missing=missing, unexpected=unexpected, mis_shaped=mis,
            label=label, arch=arch, n_mis_shaped=n_mis, mis_shaped_keys=mis_shaped_keys,
        )
    if missing and unexpected and not mis:  # another architecture's names
        if guess:
            return WeightsMismatch(
                N_("{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}). The file looks like {guess}: choose that architecture, or load weights saved from {arch}."), missing=missing, unexpected=unexpected, mis_shaped=mis,
                label=label, arch=arch, guess=" / ".join(guess[:3]),
                n_missing=n_missing, missing_keys=missing_keys, n_unexpected=n_unexpected, unexpected_keys=unexpected_keys,
            )
        return WeightsMismatch(
            N_("{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}). Load weights saved from {arch} with the same hyperparameters (number of classes, width, …)."), missing=missing, unexpected=unexpected, mis_shaped=mis, label=label, arch=arch,
            n_missing=n_missing, missing_keys=missing_keys, n_unexpected=n_unexpected, unexpected_keys=unexpected_keys,
        )
    if guess:  # any other mix: every count, 0 included
        return WeightsMismatch(
            N_("{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}); {n_mis_shaped} mis-shaped ({mis_shaped_keys}). The file looks like {guess}: choose that architecture, or load weights saved from {arch}."), missing=missing, unexpected=unexpected, mis_shaped=mis,
            label=label, arch=arch, guess=" / ".join(guess[:3]),
            n_missing=n_missing, missing_keys=missing_keys, n_unexpected=n_unexpected, unexpected_keys=unexpected_keys,
            n_mis_shaped=n_mis, mis_shaped_keys=mis_shaped_keys,
        )
    return WeightsMismatch(
        N_("{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}); {n_mis_shaped} mis-shaped ({mis_shaped_keys}). Load weights saved from {arch} with the same hyperparameters (number of classes, width, …)."), missing=missing, unexpected=unexpected, mis_shaped=mis, label=label, arch=arch,
        n_missing=n_missing, missing_keys=missing_keys, n_unexpected=n_unexpected, unexpected_keys=unexpected_keys,
        n_mis_shaped=n_mis, mis_shaped_keys=mis_shaped_keys,
    )


def guess_architecture(state: Mapping[str, torch.Tensor]) -> list[str]:
    """Registered architectures (default hyperparameters) whose state_dict keys are exactly those of ``state``."""
    keys = frozenset(k for k in state if not k.startswith(_AUX_PREFIXES))
    return [a.name for a in architectures() if _default_keys(a.name) == keys]


@functools.cache
def _default_keys(arch: str) -> frozenset[str] | None:
    try:
        with torch.device("meta"):
            model = get(arch).build()
    except Exception:  # noqa: BLE001  (an architecture that cannot build with its defaults alone)
        return None
    return frozenset(k for k in model.state_dict() if not k.startswith(_AUX_PREFIXES))


def load_state_dict(
    model: nn.Module, state: Mapping[str, torch.Tensor], *, arch: str, torchvision: bool = False, label: str = THESE_WEIGHTS
) -> list[Note]:
    """Check ``state`` against ``model`` and load it; returns notes on what was adapted (:class:`~explorer.notes.Note`).

    With ``torchvision=True`` the quirks of torchvision's checkpoints are handled:
    GoogLeNet's file carries the (untrained) auxiliary heads, dropped when the
    model has none, and expects ``transform_input=True`` (switched on here),
    exactly as ``torchvision.models.googlenet(weights=...)`` does; MNASNet-0.5's
    file is a version-1 MNASNet, whose stem the model takes on, as torchvision's does; Inception-v3's
    likewise (its ``AuxLogits``). DenseNet files with the old key names
    (``denselayer1.norm.1.weight``) are renamed as torchvision renames them.

    Raises:
        WeightsMismatch: naming the keys that do not fit.
    """
    notes: list[Note] = []
    state = dict(state)
    if any(_DENSENET_OLD_KEY.match(k) for k in state):  # unambiguous: no model has such keys today
        state = {_DENSENET_OLD_KEY.sub(r"\1\2", k): v for k, v in state.items()}
    # Files saved before PyTorch 0.4.1 (DenseNet's, Inception-v3's) have no BatchNorm step counters; PyTorch
    # itself starts them at 0 when it loads such a file, so do the same rather than call them missing.
    if not any(k.endswith(".num_batches_tracked") for k in state):
        for k in model.state_dict():
            if k.endswith(".num_batches_tracked"):
                state[k] = torch.tensor(0, dtype=torch.long)
    if torchvision and get(arch).name == "inception_v3":
        if getattr(model, "AuxLogits", None) is None and any(k.startswith("AuxLogits.") for k in state):
            state = {k: v for k, v in state.items() if not k.startswith("AuxLogits.")}
            notes.append(Note(N_("The checkpoint's auxiliary classifier (AuxLogits) was left out: this model has none.")))
        if not getattr(model, "transform_input", True):
            model.transform_input = True
            notes.append(Note(N_("transform_input switched on: torchvision's Inception-v3 weights were trained on inputs scaled to [-1, 1].")))
    if torchvision and get(arch).name == "googlenet":
        if getattr(model, "aux1", None) is None and any(k.startswith(("aux1.", "aux2.")) for k in state):
            state = {k: v for k, v in state.items() if not k.startswith(("aux1.", "aux2."))}
            notes.append(Note(N_("The checkpoint's auxiliary classifiers (aux1, aux2) were left out: this model has none.")))
        if not getattr(model, "transform_input", True):
            model.transform_input = True
            notes.append(Note(N_("transform_input switched on: torchvision's GoogLeNet weights were trained on inputs scaled to [-1, 1].")))
    if torchvision and get(arch).name.startswith("mnasnet"):
        from explorer.zoo.mnasnet import MNASNet

        if isinstance(model, MNASNet) and model.is_version_1(state):  # torchvision's mnasnet0_5 file
            model.use_version_1_stem()
            notes.append(Note(N_("The checkpoint is torchvision's first MNASNet version, whose stem keeps 32 and 16 channels: the model's stem was rebuilt that way.")))
    check_state_dict(model, state, arch=arch, label=label)
    # Parameters as float32 whatever the file holds (a half-precision export still runs on CPU).
    state = {k: v.float() if v.is_floating_point() and v.dtype != torch.float32 else v for k, v in state.items()}
    on_meta = any(t.is_meta for t in (*model.parameters(), *model.buffers()))
    model.load_state_dict(state, strict=True, assign=on_meta)  # a model built on "meta" takes the file's tensors
    if any(t.is_meta for t in (*model.parameters(), *model.buffers())):
        raise WeightsError(
            N_("{label} leave some of {arch}'s buffers unset: save the model's full state_dict."), label=label, arch=arch
        )
    return notes


# --- torchvision checkpoints ----------------------------------------------------------------


def checkpoint_filename(arch: str) -> str | None:
    """torchvision's checkpoint file for ``arch``, or None when there is none."""
    return CHECKPOINTS.get(arch)


def checkpoint_url(arch: str, *, base_url: str | None = None) -> str:
    name = checkpoint_filename(arch)
    if name is None:
        raise WeightsError(
            N_("There are no official torchvision weights for {arch}; they exist for {available}. Use random weights or a trained run instead."), arch=arch, available=", ".join(CHECKPOINTS),
        )
    base = base_url or os.environ.get(BASE_URL_ENV) or BASE_URL
    return base.rstrip("/") + "/" + name


def hub_dir(dest_dir: str | Path | None = None) -> Path:
    """Where checkpoints are cached: ``dest_dir``, else $EXPLORER_HUB_DIR, else ``torch.hub.get_dir()/checkpoints``."""
    if dest_dir is not None:
        return Path(dest_dir)
    env = os.environ.get(HUB_DIR_ENV)
    return Path(env) if env else Path(torch.hub.get_dir()) / "checkpoints"


def cached_checkpoint(arch: str, *, dest_dir: str | Path | None = None) -> Path | None:
    """The already downloaded checkpoint of ``arch``, if it is in the cache."""
    name = checkpoint_filename(arch)
    if name is None:
        return None
    path = hub_dir(dest_dir) / name
    return path if path.is_file() else None


Progress = Callable[[int, int | None], None]


def download(
    url: str,
    *,
    dest_dir: str | Path | None = None,
    hash_prefix: str | None = "from-name",
    progress: Progress | None = None,
    timeout: float = 30.0,
    chunk_size: int = 1 << 20,
    cancel: threading.Event | None = None,
) -> Path:
    """Download ``url`` into the checkpoint cache once; returns the file's path.

    The file is written to a temporary name in the same folder and renamed only
    after its SHA-256 starts with ``hash_prefix`` (by default the hex digits in
    the file name, torchvision's convention), so an interrupted or corrupted
    download never leaves a file that looks complete (:func:`explorer.download.fetch`).
    ``progress(done, total)`` is called after each chunk (``total`` is None when
    the server does not say).

    Raises:
        DownloadFailed: unreachable or offline (the message says how to load a
            local file instead), an HTTP error, a timeout, or a hash mismatch.
    """
    name = url.rsplit("/", 1)[-1]
    folder = hub_dir(dest_dir)
    final = folder / name
    if final.is_file():
        return final
    if hash_prefix == "from-name":
        m = HASH_REGEX.search(name)
        hash_prefix = m.group(1) if m else None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DownloadFailed(
            N_("Cannot create the checkpoint folder ({reason}): set ${env} to a writable folder."), reason=err.strerror or type(err).__name__, env=HUB_DIR_ENV,
        ) from None
    try:
        return fetch(
            url, final, algorithm="sha256", expected=hash_prefix, prefix=True,
            progress=progress, cancel=cancel, timeout=timeout, chunk_size=chunk_size,
        )
    except FetchError as failure:
        raise _download_failed(failure, name) from None


def _download_failed(failure: FetchError, name: str) -> DownloadFailed:
    """The checkpoint page's sentence for a failed fetch: what happened, and that a local file works too."""
    host = failure.host
    if isinstance(failure, Cancelled):
        return DownloadFailed(NP_("err.weights.download_cancelled", "The download of {name} was cancelled."), name=name)
    if isinstance(failure, Truncated):
        return DownloadFailed(
            N_("The download of {name} stopped at {done:,} of {total:,} bytes: try again."), name=name, done=failure.done, total=failure.total,
        )
    if isinstance(failure, ChecksumMismatch):
        got = failure.actual[: len(failure.expected)]
        return DownloadFailed(
            N_("The downloaded {name} is corrupt: its SHA-256 starts {actual}, not {expected} as its name promises. It was deleted; try again, or load a copy you trust from a file."), name=name, actual=got, expected=failure.expected,
        )
    if isinstance(failure, HTTPStatus):
        return DownloadFailed(
            N_("{host} answered {code} ({reason}) for {name}: the file is not there. Load a local copy instead."), host=host, code=failure.code, reason=failure.reason, name=name,
        )
    if isinstance(failure, WriteFailed):
        return DownloadFailed(
            N_("Cannot write {name} into the checkpoint folder ({reason}): free some space, or set ${env} to a writable folder."), name=name, reason=failure.reason, env=HUB_DIR_ENV,
        )
    reason = failure.reason if isinstance(failure, Unreachable) else getattr(failure, "cause", "")
    return DownloadFailed(
        N_("Could not download {name} from {host} ({reason}). This machine may be offline: download the file on a machine that is online and load it here as a checkpoint file (upload or path)."), name=name, host=host, reason=str(reason),
    )


@dataclass
class DownloadJob:
    """A download running in a worker thread; the UI polls :meth:`snapshot` (no UI call from the thread)."""

    url: str
    dest_dir: Path
    timeout: float = 30.0
    done: int = 0
    total: int | None = None
    started: float = field(default_factory=time.monotonic)
    path: Path | None = None
    error: str | None = None
    failure: ExplorerError | None = None  # the error itself, with its key and params for a translated message
    finished: bool = False
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)

    def _progress(self, done: int, total: int | None) -> None:
        self.done, self.total = done, total

    def run(self) -> None:
        try:
            self.path = download(self.url, dest_dir=self.dest_dir, progress=self._progress, timeout=self.timeout, cancel=self._cancel)
        except ExplorerError as err:
            self.error, self.failure = str(err), err
        except Exception as err:  # noqa: BLE001  (a worker must always finish with a message)
            self.failure = DownloadFailed(  # the kind of failure only: its text may name a folder of the server
                N_("The download failed unexpectedly ({kind}): try again, or load the weights from a file."), kind=type(err).__name__,
            )
            self.error = str(self.failure)
        finally:
            self.finished = True

    def cancel(self) -> None:
        self._cancel.set()

    def eta_seconds(self) -> float | None:
        """Seconds left at the average speed so far (None until it can be estimated)."""
        return eta_seconds(self.done, self.total, time.monotonic() - self.started)

    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


_JOBS: dict[str, DownloadJob] = {}
_JOBS_LOCK = threading.Lock()


def start_download(arch: str, *, dest_dir: str | Path | None = None, base_url: str | None = None, timeout: float = 30.0) -> DownloadJob:
    """Start (or join) the download of ``arch``'s torchvision checkpoint in a worker thread.

    One job per destination file for the whole process: two users asking for
    VGG-16 at once share one download. A finished job with an error is replaced.
    """
    url = checkpoint_url(arch, base_url=base_url)
    folder = hub_dir(dest_dir)
    key = str(folder / url.rsplit("/", 1)[-1])
    with _JOBS_LOCK:
        job = _JOBS.get(key)
        if job is None or (job.finished and job.error):
            job = DownloadJob(url, folder, timeout=timeout)
            _JOBS[key] = job
            threading.Thread(target=job.run, name=f"download {arch}", daemon=True).start()
    return job


# --- the operator's weights folder ("path on the server") ----------------------------------

#: The suffixes a file of the weights folder may have (what torch.save writes by convention).
SERVER_SUFFIXES = (".pt", ".pth")
#: At most this many files are listed (a folder of more is named file by file).
MAX_SERVER_FILES = 500


def server_files_enabled() -> bool:
    """Whether the operator turned on the "path on the server" option (``[files] weights_folder``)."""
    return settings().weights_folder is not None


def _server_folder() -> Path:
    folder = settings().weights_folder
    if folder is None:
        raise WeightsError(
            N_("Loading weights from the server's files is turned off: upload a file, or ask the operator to set weights_folder (EXPLORER_WEIGHTS_FOLDER)."),
        )
    return Path(folder).resolve()


def no_server_file() -> WeightsError:
    """The one refusal of :func:`server_file` (whatever the reason, it names no path)."""
    # One sentence for every refusal (outside the folder, missing, a folder, unreadable, a link that leaves it):
    # what a browser learns must not tell one case from another, and it names no path.
    return WeightsError(
        N_("There is no such weights file in the server's weights folder: pick one from the list (a .pt or .pth file, named relative to that folder)."),
    )


def server_file(name: str) -> Path:
    """The file ``name`` of the operator's weights folder, resolved strictly.

    ``name`` is relative to ``settings().weights_folder``: no ``..``, no absolute
    path, no link that resolves outside the folder; only a regular, readable
    ``.pt`` / ``.pth`` file no larger than ``settings().max_weight_bytes``.
    Every refusal but the size gets one and the same message, which names no path.

    Raises:
        WeightsError: the option is off (``weights.server_files_off``), no such file
            (``weights.no_server_file``), or the file is too large (``weights.server_file_too_large``).
    """
    folder = _server_folder()
    text = name.strip() if isinstance(name, str) else ""
    rel = Path(text)
    if (not text or "\x00" in text or rel.is_absolute() or text.startswith("~") or ".." in rel.parts
            or rel.suffix.lower() not in SERVER_SUFFIXES):
        raise no_server_file()
    try:
        path = (folder / rel).resolve(strict=True)
        info = path.stat()
    except (OSError, RuntimeError, ValueError):  # missing, a loop of links, unreadable folder
        raise no_server_file() from None
    if not path.is_relative_to(folder) or not stat.S_ISREG(info.st_mode) or not os.access(path, os.R_OK):
        raise no_server_file()
    limit = settings().max_weight_bytes
    if info.st_size > limit:
        raise WeightsError(
            N_("'{name}' holds {size:,} bytes, more than this server reads ({limit:,} bytes): pick a smaller file."), name=path.name, size=info.st_size, limit=limit,
        )
    return path


def list_server_files() -> list[str]:
    """The .pt / .pth files of the operator's weights folder, as names relative to it (empty when the option is off)."""
    if not server_files_enabled():
        return []
    folder = _server_folder()
    found: list[str] = []
    try:
        for root, dirs, files in os.walk(folder):  # links to folders are not followed
            dirs.sort()
            for f in sorted(files):
                if Path(f).suffix.lower() not in SERVER_SUFFIXES:
                    continue
                rel = (Path(root) / f).relative_to(folder).as_posix()
                try:
                    server_file(rel)
                except WeightsError:
                    continue
                found.append(rel)
                if len(found) >= MAX_SERVER_FILES:
                    return found
    except OSError:
        return found
    return found


__all__ = [
    "CHECKPOINTS",
    "IMAGENET_MEAN",
    "IMAGENET_STD",
    "DownloadFailed",
    "DownloadJob",
    "WeightsError",
    "WeightsMismatch",
    "build_random",
    "cached_checkpoint",
    "check_state_dict",
    "checkpoint_filename",
    "checkpoint_url",
    "download",
    "hub_dir",
    "list_server_files",
    "load_state_dict",
    "read_state_dict",
    "server_file",
    "server_files_enabled",
    "start_download",
]

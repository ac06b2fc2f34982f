"""The operator's settings: limits of the work budget and what the server may touch, in one place.

Every value has a default safe for a shared 2-core / 24 GB classroom server.
An operator changes them in a TOML file (``explorer.toml`` in the working
directory, or the file named by ``EXPLORER_CONFIG``) and each one can be
overridden by its environment variable, which wins::

    # explorer.toml
    [limits]
    max_activation_bytes = "3 GB"
    max_params = 300_000_000

    [files]
    weights_folder = "/srv/checkpoints"   # the "path on the server" weights option, confined here
    downloads = false                     # no download of official checkpoints

Sizes are written as integers of bytes or as text with a unit ("1.5 GB", "512 MB", "2 GiB").
:data:`SETTINGS` is the declared list (name, section, environment variable,
type, default, help); the README documents every entry and a test checks it.
Read with :func:`settings` (cached; :func:`reload` after changing the
environment, as the tests do).
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from explorer.errors import ExplorerError
from explorer.i18n import N_

CONFIG_ENV = "EXPLORER_CONFIG"
CONFIG_FILE = "explorer.toml"

_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


class SettingsError(ExplorerError):
    """A configuration file or environment variable the operator wrote wrongly."""


@dataclass(frozen=True)
class Setting:
    """One operator setting, declared as data (the README's table is checked against this list)."""

    name: str
    section: str
    env: str
    type: str  # "int", "bytes", "float", "bool", "folder", "modules", "text", "names"
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_params", "limits", "EXPLORER_MAX_PARAMS", "int", 200_000_000,
            "Parameters of one model that the server builds with real weights (Inside, Train). VGG-19 has 143.7 M."),
    Setting("max_weight_bytes", "limits", "EXPLORER_MAX_WEIGHT_BYTES", "bytes", 1_000_000_000,
            "Bytes of weights (float32) of one model built with real weights, and the largest weights file read."),
    Setting("max_activation_bytes", "limits", "EXPLORER_MAX_ACTIVATION_BYTES", "bytes", 1_500_000_000,
            "Bytes of activations one request may allocate: a forward pass on Inside (plus Grad-CAM's and "
            "saliency's backward pass), or a training step's forward and backward for the batch with the weights' "
            "gradients and the optimizer's state."),
    Setting("max_input_side", "limits", "EXPLORER_MAX_INPUT_SIDE", "int", 4096,
            "Largest input height or width on any page, in links and on the command line."),
    Setting("max_channels", "limits", "EXPLORER_MAX_CHANNELS", "int", 64,
            "Largest number of input channels on any page, in links and on the command line."),
    Setting("max_batch", "limits", "EXPLORER_MAX_BATCH", "int", 1024,
            "Largest batch size (the Architecture page's memory estimate, training)."),
    Setting("max_image_pixels", "limits", "EXPLORER_MAX_IMAGE_PIXELS", "int", 50_000_000,
            "Largest uploaded image, in pixels, checked from the file's header before anything is decoded."),
    Setting("max_aspect_ratio", "limits", "EXPLORER_MAX_ASPECT_RATIO", "float", 20.0,
            "Longest side over shortest side of an uploaded image; more extreme images are refused before resizing."),
    Setting("weights_folder", "files", "EXPLORER_WEIGHTS_FOLDER", "folder", None,
            "Turns on Inside's \"path on the server\" weights option, confined to files below this folder. "
            "Off (unset) by default: a browser can name no file on the server."),
    Setting("downloads", "files", "EXPLORER_DOWNLOADS", "bool", True,
            "Whether Inside may download torchvision's official checkpoints into the hub cache (set 0 to turn off)."),
    # --- byo: the operator's own models (explorer/zoo/external.py) ---
    Setting("models", "server", "EXPLORER_MODELS", "modules", (),
            "Python modules whose models every page lists in the group \"Operator's models\" (comma-separated, "
            "e.g. mypackage.models). Only the operator names modules: a browser or a link never can."),
    # --- ray: where training runs (explorer/training/executor.py, ray_executor.py) ---
    Setting("ray_address", "ray", "EXPLORER_RAY_ADDRESS", "text", None,
            "Train on a Ray cluster instead of this machine's worker processes: `auto` (the cluster this machine "
            "belongs to) or `ray://head:10001`. Unset (the default): local worker processes, nothing to install."),
    Setting("ray_gpu_fraction", "ray", "EXPLORER_RAY_GPU_FRACTION", "float", 0.25,
            "The smallest share of a GPU a run asks the Ray cluster for (0.25: four small runs share a GPU); a run "
            "whose memory estimate needs more asks for more, in steps of 1/8."),
    Setting("ray_gpu_memory", "ray", "EXPLORER_RAY_GPU_MEMORY", "bytes", 16_000_000_000,
            "Memory of one GPU of the Ray cluster, to turn a run's memory estimate into a share of a GPU."),
    # --- queue: the training queue and each run's budget (explorer/training/queue.py, worker.py) ---
    Setting("max_runs_per_device", "training", "EXPLORER_MAX_RUNS_PER_DEVICE", "int", 1,
            "Training runs executing at once on one device (CPU, or one GPU); the others wait in the queue. "
            "On the CPU the runs share its cores (unless torch_threads is set)."),
    Setting("max_runs_per_person", "training", "EXPLORER_MAX_RUNS_PER_PERSON", "int", 1,
            "Runs one person may have queued or training at once (the command line and a local user, "
            "who have no name, are not limited)."),
    Setting("max_run_steps", "training", "EXPLORER_MAX_RUN_STEPS", "int", None,
            "Training steps one run may take; the worker stops it there. Off (unset) by default."),
    Setting("max_run_seconds", "training", "EXPLORER_MAX_RUN_SECONDS", "int", None,
            "Seconds one run may train (resumes count); the worker stops it there. Off (unset) by default."),
    Setting("runs_quota_bytes", "training", "EXPLORER_RUNS_QUOTA", "bytes", 20_000_000_000,
            "Bytes the runs folder may hold; Train refuses new runs once it is full."),
    Setting("torch_threads", "training", "EXPLORER_TORCH_THREADS", "int", None,
            "PyTorch's CPU threads in a training worker; unset: all cores but one."),
    Setting("standby", "training", "EXPLORER_STANDBY", "bool", True,
            "Keep one training worker warm (PyTorch imported) so that the first metric comes in about a second "
            "(set 0 to turn off)."),
    # people (identity and ownership, explorer/classroom.py): any of these, or an [auth] provider in
    # .streamlit/secrets.toml, turns on the class mode; none of them set, one person on a laptop sees no sign-in.
    Setting("class_code", "class", "EXPLORER_CLASS_CODE", "text", None,
            "The code a student types with their name to sign in (the light sign-in); setting it turns the class mode on. "
            "Changing it signs everyone out."),
    Setting("teachers", "class", "EXPLORER_TEACHERS", "names", (),
            "Accounts (e-mails or user names, comma-separated in the variable) that get the teacher role when they "
            "sign in with the OpenID Connect provider."),
    Setting("teacher_secret", "class", "EXPLORER_TEACHER_SECRET", "text", None,
            "A secret the teacher types when signing in (the light sign-in) to get the teacher role."),
    # --- design (your own networks: explorer/zoo/design.py) ---
    Setting("design_max_chars", "limits", "EXPLORER_DESIGN_MAX_CHARS", "int", 20_000,
            "Longest design spec (YAML text) read from the Design page, a link or a file, in characters."),
    Setting("design_max_layers", "limits", "EXPLORER_DESIGN_MAX_LAYERS", "int", 400,
            "Most layers a design may have, repeats counted."),
    Setting("design_max_repeat", "limits", "EXPLORER_DESIGN_MAX_REPEAT", "int", 64,
            "Largest repeat: of one layer or block in a design."),
    Setting("design_max_channels", "limits", "EXPLORER_DESIGN_MAX_CHANNELS", "int", 8192,
            "Most output channels (or features) of one layer of a design."),
)


@dataclass(frozen=True)
class Settings:
    """The values in force (see :data:`SETTINGS` for what each means)."""

    max_params: int
    max_weight_bytes: int
    max_activation_bytes: int
    max_input_side: int
    max_channels: int
    max_batch: int
    max_image_pixels: int
    max_aspect_ratio: float
    weights_folder: Path | None
    downloads: bool
    models: tuple[str, ...]
    # --- ray ---
    ray_address: str | None
    ray_gpu_fraction: float
    ray_gpu_memory: int
    # queue
    max_runs_per_device: int
    max_runs_per_person: int
    max_run_steps: int | None
    max_run_seconds: int | None
    runs_quota_bytes: int
    torch_threads: int | None
    standby: bool
    class_code: str | None  # people
    teachers: tuple[str, ...]
    teacher_secret: str | None
    # design
    design_max_chars: int
    design_max_layers: int
    design_max_repeat: int
    design_max_channels: int


def parse_bytes(value: Any) -> int:
    """``"1.5 GB"`` → 1_500_000_000, ``"2 GiB"`` → 2_147_483_648, ``1000`` → 1000.

    Raises:
        ValueError: for text that is not a size.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number, unit = float(value), ""
    else:
        m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([a-zA-Z]*)\s*", str(value).replace("_", ""))
        if not m or m.group(2).lower() not in _UNITS:
            raise ValueError(value)
        number, unit = float(m.group(1)), m.group(2).lower()
    out = int(number * _UNITS[unit])
    if out <= 0:
        raise ValueError(value)
    return out


def _convert(s: Setting, value: Any, where: str) -> Any:
    try:
        if s.type == "bytes":
            return parse_bytes(value)
        if s.type == "int":
            if isinstance(value, bool):
                raise ValueError(value)
            out = int(str(value).replace("_", "")) if isinstance(value, str) else int(value)
            if out <= 0:
                raise ValueError(value)
            return out
        if s.type == "float":
            out = float(value)
            if not out > 0 or out == float("inf"):
                raise ValueError(value)
            return out
        if s.type == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if s.type == "folder":
            text = str(value).strip()
            return Path(text).expanduser().resolve() if text else None
        if s.type == "modules":  # "a.b, c" or ["a.b", "c"]: dotted names only, never a path
            items = value.split(",") if isinstance(value, str) else list(value)
            names = tuple(str(v).strip() for v in items if str(v).strip())
            if not all(isinstance(v, str) and _MODULE.fullmatch(v.strip()) for v in items if str(v).strip()):
                raise ValueError(value)
            return tuple(dict.fromkeys(names))
        if s.type == "text":  # people: a code or a secret (never shown back in a message)
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ValueError(value)
            return str(value).strip() or None
        if s.type == "names":  # people: a TOML list of strings, or text separated by commas
            items = value.split(",") if isinstance(value, str) else value
            if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
                raise ValueError(value)
            return tuple(v.strip().lower() for v in items if v.strip())
    except (TypeError, ValueError):
        pass
    kinds = {"bytes": "a size such as 1.5 GB", "int": "a positive integer", "float": "a positive number",
             "bool": "true or false", "folder": "a folder", "modules": "module names such as mypackage.models",
             "text": "a text", "names": "a list of names"}
    if s.type == "text":
        value = "…"  # a secret is not repeated back
    raise SettingsError(
        N_("The setting {name} ({where}) cannot be {value!r}: use {kind}."), name=s.name, where=where, value=value, kind=kinds[s.type],
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(
            N_("The settings file {file} is not valid TOML ({detail})."), file=path.name, detail=str(err)
        ) from None


def load(env: dict[str, str] | None = None) -> Settings:
    """The settings from the file and the environment (``env``, default ``os.environ``).

    Raises:
        SettingsError: for an unknown setting in the file or a value of the wrong kind.
    """
    env = dict(os.environ if env is None else env)
    named = env.get(CONFIG_ENV)
    path = Path(named).expanduser() if named else Path(CONFIG_FILE)
    data: dict[str, Any] = {}
    if named and not path.is_file():
        raise SettingsError(
            N_("EXPLORER_CONFIG names a settings file that does not exist ({file})."), file=path.name
        )
    if path.is_file():
        data = _read_file(path)
    known = {(s.section, s.name) for s in SETTINGS}
    for section, values in data.items():
        for name in values if isinstance(values, dict) else [None]:
            if (section, name) not in known:
                where = f"[{section}] {name}" if name else section
                raise SettingsError(
                    N_("The settings file has an unknown entry {entry}; known: …."), entry=where,
                )
    values: dict[str, Any] = {}
    for s in SETTINGS:
        value = s.default
        if s.name in data.get(s.section, {}):
            value = _convert(s, data[s.section][s.name], f"[{s.section}] in {path.name}")
        if env.get(s.env, "") != "":
            value = _convert(s, env[s.env], s.env)
        values[s.name] = value
    return Settings(**values)


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings in force, read once per process."""
    return load()


def reload() -> Settings:
    """Read the file and the environment again (tests, or an operator's change without a restart)."""
    settings.cache_clear()
    return settings()


assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS], "Settings and SETTINGS must list the same names"

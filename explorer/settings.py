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

CONFIG_ENV = "EXPLORER_CONFIG"
CONFIG_FILE = "explorer.toml"

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


class SettingsError(ExplorerError):
    """A configuration file or environment variable the operator wrote wrongly."""


@dataclass(frozen=True)
class Setting:
    """One operator setting, declared as data (the README's table is checked against this list)."""

    name: str
    section: str
    env: str
    type: str  # "int", "bytes", "float", "bool", "folder"
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
    except (TypeError, ValueError):
        pass
    kinds = {"bytes": "a size such as 1.5 GB", "int": "a positive integer", "float": "a positive number",
             "bool": "true or false", "folder": "a folder"}
    raise SettingsError(
        f"The setting {s.name} ({where}) cannot be {value!r}: use {kinds[s.type]}.",
        key="settings.bad_value", name=s.name, where=where, value=value, kind=s.type,
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(
            f"The settings file {path.name} is not valid TOML ({err}).", key="settings.bad_file", file=path.name, detail=str(err)
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
            f"{CONFIG_ENV} names a settings file that does not exist ({path.name}).", key="settings.no_file", file=path.name
        )
    if path.is_file():
        data = _read_file(path)
    known = {(s.section, s.name) for s in SETTINGS}
    for section, values in data.items():
        for name in values if isinstance(values, dict) else [None]:
            if (section, name) not in known:
                where = f"[{section}] {name}" if name else section
                raise SettingsError(
                    f"The settings file has an unknown entry {where}; known: "
                    + ", ".join(f"[{s.section}] {s.name}" for s in SETTINGS) + ".",
                    key="settings.unknown", entry=where,
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

"""torchinfo's own summary of a model, for users who know it (and as an oracle in tests)."""

from __future__ import annotations

import re
from typing import Any

import torch
import torchinfo
from torchinfo.enums import Units

from explorer.zoo import get
from explorer.zoo.spec import bind_input


def torchinfo_summary(name: str, input_shape: tuple[int, int, int] | None = None, *, depth: int = 4, **hyperparameters: Any) -> str:
    """``str(torchinfo.summary(...))`` of architecture ``name`` built and run on the meta device: nothing is allocated."""
    arch = get(name)
    hp, shape = bind_input(arch, hyperparameters, input_shape)
    with torch.device("meta"):
        model = arch.builder(**hp)
    # The input as a meta tensor: torchinfo's input_size would draw torch.rand(...) on the CPU first
    # (64×8192×8192 is 17 GB) before moving it to the device. Its numbers are the same.
    stats = torchinfo.summary(
        model,
        input_data=torch.empty((1, *shape), device="meta"),
        device="meta",
        depth=depth,
        verbose=0,
        mode="eval",
        col_names=("output_size", "num_params", "mult_adds"),
        row_settings=("var_names",),
    )
    return _units_as_letters(str(stats))


def _units_as_letters(text: str) -> str:
    """``Total mult-adds (Units.GIGABYTES): 15.48`` → ``Total mult-adds (G): 15.48``, as torchinfo means it.

    torchinfo 1.8 writes its ``Units(str, Enum)`` member with an f-string, and Python 3.11
    formats such a member by its name; the member's value is the letter. Fixed in the text,
    so torchinfo itself is left as it is for everyone else.
    """
    return re.sub(r"\(Units\.([A-Z]+)\)", lambda m: f"({Units[m.group(1)].value})" if m.group(1) in Units.__members__ else m.group(0), text)

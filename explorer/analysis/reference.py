"""torchinfo's own summary of a model, for users who know it (and as an oracle in tests)."""

from __future__ import annotations

from typing import Any

import torch
import torchinfo

from explorer.analysis.engine import bind_input
from explorer.zoo import get


def torchinfo_summary(name: str, input_shape: tuple[int, int, int] | None = None, *, depth: int = 4, **hyperparameters: Any) -> str:
    """``str(torchinfo.summary(...))`` of architecture ``name`` built on the meta device."""
    arch = get(name)
    hp, shape = bind_input(arch, hyperparameters, input_shape)
    with torch.device("meta"):
        model = arch.builder(**hp)
    stats = torchinfo.summary(
        model,
        input_size=(1, *shape),
        device="meta",
        depth=depth,
        verbose=0,
        mode="eval",
        col_names=("output_size", "num_params", "mult_adds"),
        row_settings=("var_names",),
    )
    return str(stats)

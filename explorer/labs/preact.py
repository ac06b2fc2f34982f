"""Lab 15 — where BatchNorm goes: ResNet-50 v1 (after each convolution) against v2 (pre-activation, before it).

File 000 §3.4.3: v1's blocks run Conv → BN → ReLU, add the shortcut, then a
ReLU; v2 ("BN-RE-Conv", He et al. 2016, Identity Mappings) runs BN → ReLU →
Conv, and nothing follows the add, so the shortcut is a clean identity path
from block to block. The layers and their parameters come from the zoo's
``resnet50_v1`` and ``resnet50_v2`` (the book's Keras code, conv bias kept)
through the analysis; the order in which the block runs them — where the add
sits — is the book's.
"""

from __future__ import annotations

from dataclasses import dataclass

VERSIONS = ("resnet50_v1", "resnet50_v2")
BLOCKS = {"identity": 1, "projection": 0}  # the block index inside a stage: 0 starts the stage with a projection


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    type: str
    output: tuple[int, ...]
    params: int


@dataclass(frozen=True, slots=True)
class Block:
    """One bottleneck block in the order it runs; ``add`` is the index of the row the shortcut is added after."""

    arch: str
    prefix: str
    rows: tuple[Row, ...]
    shortcut: tuple[Row, ...]
    add: int

    @property
    def params(self) -> int:
        return sum(r.params for r in self.rows) + sum(r.params for r in self.shortcut)

    @property
    def bn_params(self) -> int:
        return sum(r.params for r in (*self.rows, *self.shortcut) if r.type == "BatchNorm2d")

    @property
    def relu_after_add(self) -> bool:
        return self.add < len(self.rows) - 1


def _report(arch: str):
    from explorer import analyze

    return analyze(arch, (3, 224, 224))


#: The order a block runs its layers (the book's code): v1 Conv → BN → ReLU, v2 BN → ReLU → Conv.
_ORDER = {
    "resnet50_v1": ("conv1", "bn1", "relu1", "conv2", "bn2", "relu2", "conv3", "bn3", "relu3"),
    "resnet50_v2": ("bn1", "relu1", "conv1", "bn2", "relu2", "conv2", "bn3", "relu3", "conv3"),
}


def block(arch: str = "resnet50_v1", stage: int = 1, kind: str = "identity") -> Block:
    """Stage ``stage``'s first (projection) or second (identity) block of ``arch``, layer by layer."""
    prefix = f"layer{stage}.{BLOCKS[kind]}."
    leaves = {l.name[len(prefix):]: l for l in _report(arch).layers if l.is_leaf and l.name.startswith(prefix)}
    rows = tuple(Row(n, leaves[n].type, tuple(leaves[n].output_shape), leaves[n].params) for n in _ORDER[arch])
    shortcut = tuple(Row(n, l.type, tuple(l.output_shape), l.params) for n, l in leaves.items() if n.startswith("downsample"))
    add = len(rows) - 2 if arch == "resnet50_v1" else len(rows) - 1  # v1: add, then the last ReLU; v2: nothing after
    return Block(arch, prefix, rows, shortcut, add)


@dataclass(frozen=True, slots=True)
class Parts:
    """BatchNorm parameters (γ, β) by part of the network, and the totals."""

    arch: str
    bn: dict[str, int]
    total: int
    keras_total: int


def parts(arch: str) -> Parts:
    r = _report(arch)
    bn: dict[str, int] = {}
    for l in r.layers:
        if l.is_leaf and l.type == "BatchNorm2d":
            top = l.name.split(".")[0]
            part = top if top.startswith("layer") else "stem" if top in ("bn1",) else "post"
            bn[part] = bn.get(part, 0) + l.params
    return Parts(arch, bn, r.total_params, r.keras_total_params)

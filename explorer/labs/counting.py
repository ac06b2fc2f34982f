"""Lab 12 — why the numbers differ: one architecture counted by the book, by torchvision and by Keras.

Every number here comes from this product's own analysis
(:func:`explorer.analyze`), of the models the zoo builds:

* convolution bias: torchvision's ResNet-50 has none before BatchNorm
  (25,557,032); the books' Keras code keeps Keras's default ``use_bias=True``
  (25,583,592 in PyTorch);
* BatchNorm's running statistics: Keras prints them as non-trainable
  parameters (25,636,712), PyTorch keeps them as buffers;
* GoogLeNet's two auxiliary classifiers, used only in training: 6,624,904
  without, 13,004,888 with (file 001's "about 13 million" and "12× fewer
  than VGG's 138 million" match the count with them, 138/13 ≈ 10.6);
* ResNet-50 v1 strides on the first 1×1 of a stage's first block, v1.5 on the
  3×3 (file 000 §3.4.3): receptive field 483 against 427, and v1.5 costs
  *more* (⚠ the book says it lowers the complexity): 3.86 against 4.09 GMACs
  without convolution bias, as torchvision builds them (the digest's figures);
  the book's Keras models with bias give 3.87 and 4.10;
* MACs against FLOPs: one multiply-add is two floating-point operations;
  papers' "FLOPs" (ResNet's 3.8 × 10⁹) are often multiply-adds.
"""

from __future__ import annotations

from dataclasses import dataclass


def _analyze(name: str, **hp):
    from explorer import analyze

    return analyze(name, **hp)


@dataclass(frozen=True, slots=True)
class Count:
    """One way of counting one model.

    Attributes:
        key: what is counted ("torchvision", "book_pytorch", "keras", …): the catalogue labels it.
        arch, hp: the zoo architecture and hyperparameters that give the number.
        value: the number.
    """

    key: str
    arch: str
    hp: tuple[tuple[str, object], ...]
    value: int


def resnet50_params() -> list[Count]:
    """ResNet-50's parameters: torchvision (no conv bias), the book's code in PyTorch (bias), Keras's summary (+ BN statistics)."""
    tv = _analyze("resnet50")
    book = _analyze("resnet50_v1")
    return [
        Count("torchvision", "resnet50", (), tv.total_params),
        Count("book_pytorch", "resnet50_v1", (), book.total_params),
        Count("keras", "resnet50_v1", (), book.keras_total_params),
    ]


def googlenet_params() -> list[Count]:
    """GoogLeNet without and with its two auxiliary classifiers (torchvision's model)."""
    return [
        Count("main", "googlenet", (), _analyze("googlenet").total_params),
        Count("with_aux", "googlenet", (("aux_logits", True),), _analyze("googlenet", aux_logits=True).total_params),
    ]


@dataclass(frozen=True, slots=True)
class Version:
    """One ResNet-50 version: where it strides, its final receptive field and its multiply-adds."""

    key: str  # "v1" or "v1_5"
    arch: str
    hp: tuple[tuple[str, object], ...]
    bias: bool
    receptive_field: int
    mult_adds: int
    params: int


def resnet50_versions() -> list[Version]:
    """v1 and v1.5, each without conv bias (torchvision-style) and with it (the book's Keras code)."""
    out = []
    for key, arch, hp, bias in (
        ("v1", "resnet50", (("stride_on", "1x1"),), False),
        ("v1_5", "resnet50", (), False),
        ("v1", "resnet50_v1", (), True),
        ("v1_5", "resnet50_v1_5", (), True),
    ):
        r = _analyze(arch, **dict(hp))
        out.append(Version(key, arch, hp, bias, r.receptive_field.size[0], r.mult_adds, r.total_params))
    return out


def giga(n: int, digits: int = 2) -> str:
    """3,858,027,368 → '3.86'."""
    return f"{n / 1e9:.{digits}f}"


@dataclass(frozen=True, slots=True)
class MacsFlops:
    arch: str
    mult_adds: int

    @property
    def flops(self) -> int:
        return 2 * self.mult_adds


def macs_flops(arch: str = "resnet50") -> MacsFlops:
    return MacsFlops(arch, _analyze(arch).mult_adds)


#: Models offered in the MACs-vs-FLOPs step, with the "FLOPs" their papers print (×10⁹).
PAPER_FLOPS = {"resnet18": 1.8, "resnet34": 3.6, "resnet50": 3.8, "resnet101": 7.6, "resnet152": 11.3, "vgg19": 19.6}

"""ConvNeXt (Liu, Mao, Wu, Feichtenhofer, Darrell & Xie, "A ConvNet for the 2020s",
CVPR 2022), torchvision-compatible.

Module names, ``state_dict`` keys and shapes, and the weight init are those of
torchvision's ``models/convnext.py``, so its checkpoint files load unchanged
(``features.1.0.block.0.weight``, ``features.1.0.layer_scale``, …).

A variant is four (channels, blocks) stages (Section 3 of the paper), turned
into a network by :class:`ConvNeXt`: a 4×4/4 "patchify" stem, stages of
:class:`CNBlock` separated by LayerNorm + 2×2/2 convolutions, global pooling, a
LayerNorm and the classifier. Each block is a 7×7 depthwise convolution, then —
channels-last, as a Transformer's MLP — LayerNorm, Linear ×4, GELU, Linear ×¼,
scaled per channel by ``layer_scale`` and dropped by stochastic depth, plus the
input.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from explorer.zoo import hparams as H
from explorer.zoo.layers import weight_init
from explorer.zoo.registry import register


def stochastic_depth(input: Tensor, p: float, mode: str, training: bool = True) -> Tensor:
    """Drop whole residual branches with probability ``p`` while training (Huang et al. 2016,
    "Deep Networks with Stochastic Depth"), as torchvision's ``ops.stochastic_depth``:
    ``"row"`` drops per sample, ``"batch"`` for the whole batch; survivors are scaled by 1/(1−p)."""
    if not training or p == 0.0:
        return input
    survival = 1.0 - p
    size = [input.shape[0]] + [1] * (input.ndim - 1) if mode == "row" else [1] * input.ndim
    noise = torch.empty(size, dtype=input.dtype, device=input.device).bernoulli_(survival)
    if survival > 0.0:
        noise.div_(survival)
    return input * noise


class StochasticDepth(nn.Module):
    """Module form of :func:`stochastic_depth` (no parameters); an identity in evaluation."""

    def __init__(self, p: float, mode: str) -> None:
        super().__init__()
        self.p = p
        self.mode = mode

    def forward(self, input: Tensor) -> Tensor:
        return stochastic_depth(input, self.p, self.mode, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, mode={self.mode}"


class Permute(nn.Module):
    """``torch.permute`` as a module (torchvision's ``ops.misc.Permute``), so the block is one Sequential."""

    def __init__(self, dims: list[int]) -> None:
        super().__init__()
        self.dims = dims

    def forward(self, x: Tensor) -> Tensor:
        return torch.permute(x, self.dims)


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of an N×C×H×W map: to channels-last, normalise each position's C values, back."""

    def forward(self, x: Tensor) -> Tensor:
        x = x.permute(0, 2, 3, 1)  # N x H x W x C
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)  # N x C x H x W


class CNBlock(nn.Module):
    """7×7 depthwise conv → LayerNorm → Linear C→4C → GELU → Linear 4C→C (channels-last), × layer_scale, + input."""

    def __init__(self, dim: int, layer_scale: float, stochastic_depth_prob: float) -> None:
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv2d(dim, dim, kernel_size=7, padding=3, groups=dim, bias=True),
            Permute([0, 2, 3, 1]),
            nn.LayerNorm(dim, eps=1e-6),
            nn.Linear(in_features=dim, out_features=4 * dim, bias=True),
            nn.GELU(),
            nn.Linear(in_features=4 * dim, out_features=dim, bias=True),
            Permute([0, 3, 1, 2]),
        )
        self.layer_scale = nn.Parameter(torch.ones(dim, 1, 1) * layer_scale)
        self.stochastic_depth = StochasticDepth(stochastic_depth_prob, "row")

    def forward(self, input: Tensor) -> Tensor:
        result = self.layer_scale * self.block(input)  # N x C x H x W, each channel scaled
        result = self.stochastic_depth(result)
        result += input
        return result


@dataclass(frozen=True)
class CNBlockConfig:
    """One stage: its channels, the next stage's (None for the last) and its number of blocks."""

    input_channels: int
    out_channels: int | None
    num_layers: int


def _layer_norm_2d(channels: int) -> LayerNorm2d:
    return LayerNorm2d(channels, eps=1e-6)


class ConvNeXt(nn.Module):
    """``features`` (stem, stage, downsample, stage, …) → ``avgpool`` → ``classifier`` (LayerNorm, flatten, Linear).

    Args:
        block_setting: the stages (Section 3 of the paper).
        stochastic_depth_prob: drop probability of the last block; block k of n gets ``p·k/(n−1)``.
        layer_scale: initial value of every block's per-channel scale (Touvron et al. 2021, CaiT).
        num_classes: outputs of the classifier.
        in_channels: channels of the input image.
    """

    def __init__(self, block_setting: list[CNBlockConfig], *, stochastic_depth_prob: float = 0.0, layer_scale: float = 1e-6,
                 num_classes: int = 1000, in_channels: int = 3) -> None:
        super().__init__()
        first = block_setting[0].input_channels
        stem = nn.Sequential(  # torchvision's Conv2dNormActivation with a bias and no activation
            nn.Conv2d(in_channels, first, kernel_size=4, stride=4, padding=0, bias=True),
            _layer_norm_2d(first),
        )
        layers: list[nn.Module] = [stem]
        total = sum(cnf.num_layers for cnf in block_setting)
        block_id = 0
        for cnf in block_setting:
            stage = []
            for _ in range(cnf.num_layers):
                # Stochastic depth grows linearly with the block's depth, from 0 to stochastic_depth_prob.
                sd_prob = stochastic_depth_prob * block_id / (total - 1.0) if total > 1 else 0.0
                stage.append(CNBlock(cnf.input_channels, layer_scale, sd_prob))
                block_id += 1
            layers.append(nn.Sequential(*stage))
            if cnf.out_channels is not None:
                layers.append(nn.Sequential(
                    _layer_norm_2d(cnf.input_channels),
                    nn.Conv2d(cnf.input_channels, cnf.out_channels, kernel_size=2, stride=2),
                ))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        last = block_setting[-1]
        last_channels = last.out_channels if last.out_channels is not None else last.input_channels
        self.classifier = nn.Sequential(_layer_norm_2d(last_channels), nn.Flatten(1), nn.Linear(last_channels, num_classes))
        init_convnext(self)

    def forward(self, x: Tensor) -> Tensor:
        # N x 3 x 224 x 224 (ConvNeXt-T's widths)
        x = self.features(x)  # stem 56×56, stages 96 @ 56, 192 @ 28, 384 @ 14, 768 @ 7: N x 768 x 7 x 7
        x = self.avgpool(x)  # N x 768 x 1 x 1
        return self.classifier(x)  # N x num_classes


@weight_init
def init_convnext(model: nn.Module) -> None:
    """torchvision's init (from the paper's code): truncated normal (std 0.02, cut at ±2) for conv and linear
    weights, zero biases; LayerNorm keeps (1, 0) and layer_scale its constant."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.trunc_normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


# Section 3 of the paper: (channels, blocks) per stage, and torchvision's default stochastic depth.
CONVNEXT: dict[str, tuple[tuple[int, int, int, int], tuple[int, int, int, int], float]] = {
    "tiny": ((96, 192, 384, 768), (3, 3, 9, 3), 0.1),
    "small": ((96, 192, 384, 768), (3, 3, 27, 3), 0.4),
    "base": ((128, 256, 512, 1024), (3, 3, 27, 3), 0.5),
    "large": ((192, 384, 768, 1536), (3, 3, 27, 3), 0.5),
}

_STAGES = ("56×56", "28×28", "14×14", "7×7")


def _hparams(blocks: tuple[int, int, int, int], sd: float) -> tuple[H.HParam, ...]:
    return (
        H.num_classes(1000),
        H.in_channels(3),
        *(H.HParam(f"blocks{i}", int, n, f"ConvNeXt blocks in stage {i} ({where} at 224).", min=1, max=64, step=1)
          for i, (n, where) in enumerate(zip(blocks, _STAGES), start=1)),
        H.HParam("stochastic_depth_prob", float, sd, "Stochastic depth in training: the chance of skipping a residual "
                 "block grows from 0 at the first block towards this value at the last (0 turns it off).", min=0.0, max=0.9, step=0.05, label="Stochastic depth"),
        H.HParam("layer_scale", float, 1e-6, "Initial value of each block's per-channel output scale (1e-6 in the paper; "
                 "it does not change the parameter count).", min=0.0, max=1.0, step=1e-6),
    )


_NOTES = (
    "torchvision's ConvNeXt. Its channel MLP runs channels-last (permute, LayerNorm, Linear, GELU, Linear, permute "
    "back), so each Linear is a 1×1 convolution applied at every position, and its multiply-adds are counted at "
    "every position: 4.5 G for ConvNeXt-T at 224, as torchvision documents (torchinfo counts a Linear once per "
    "image and gives 0.32 G)."
)


def _meta(size: str, blocks: tuple[int, int, int, int], sd: float) -> dict:
    return dict(
        hparams=_hparams(blocks, sd),
        title=f"ConvNeXt-{size.capitalize()}",
        group="backbone",
        source="Liu et al. 2022, 'A ConvNet for the 2020s', Section 3; torchvision models/convnext.py",
        input_shape=(3, 224, 224),
        notes=_NOTES,
        pretrained=True,
    )


def _builder(size: str):
    dims, blocks, sd = CONVNEXT[size]

    def build(*, num_classes: int, in_channels: int, blocks1: int, blocks2: int, blocks3: int, blocks4: int,
              stochastic_depth_prob: float, layer_scale: float) -> ConvNeXt:
        n = (blocks1, blocks2, blocks3, blocks4)
        setting = [CNBlockConfig(d, nxt, k) for d, nxt, k in zip(dims, (*dims[1:], None), n)]
        return ConvNeXt(setting, stochastic_depth_prob=stochastic_depth_prob, layer_scale=layer_scale,
                        num_classes=num_classes, in_channels=in_channels)

    build.__name__ = build.__qualname__ = f"convnext_{size}"
    build.__doc__ = f"ConvNeXt-{size.capitalize()}: channels {dims}, blocks {blocks}."
    return register(f"convnext_{size}", **_meta(size, blocks, sd))(build)


convnext_tiny = _builder("tiny")
convnext_small = _builder("small")
convnext_base = _builder("base")
convnext_large = _builder("large")

"""Mini-batches straight from tensors held on the training device.

The whole dataset stays as uint8 on the device (CIFAR-10 is 150 MB), so a
batch is one gather, one conversion to float and one normalisation: no worker
processes, no per-image Python, and on a GPU no copy from the host. Shuffling
and augmentation draw from one ``torch.Generator`` per epoch seeded from the
run's seed, so a run is repeatable and can resume in the middle of an epoch.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
import torch.nn.functional as F

from explorer.training.datasets import adapt_images

#: Images whose adapted copy would exceed this stay as they are and are adapted batch by batch.
ADAPT_BUDGET_BYTES = 1 << 30


def epoch_generator(seed: int, epoch: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed) * 1_000_003 + int(epoch))


class Batches:
    """Batches of normalised float images and int64 labels.

    Args:
        x, y: uint8 images N×C×H×W and labels (moved to ``device`` once).
        mean, std: per-channel, in [0, 1] units.
        target: the model's input (C, H, W); when it differs from the images' own shape the
            images are fitted to it batch by batch (use :func:`~explorer.training.datasets.adapt`
            beforehand to do it once when it fits in memory).
        augmentation: ``none``, ``crop`` (pad by 1/8 of the size, random crop) or ``crop+flip``.
    """

    def __init__(
        self,
        x: torch.Tensor,
        y: torch.Tensor,
        *,
        batch_size: int,
        mean: list[float],
        std: list[float],
        device: torch.device,
        target: tuple[int, int, int] | None = None,
        augmentation: str = "none",
        channels_last: bool = False,
    ) -> None:
        self.x = x.to(device)
        self.y = y.to(device)
        self.device = device
        self.batch_size = int(batch_size)
        self.target = tuple(target) if target is not None else tuple(x.shape[1:])
        c = self.target[0]
        self.scale = (1.0 / (255 * torch.tensor(std[:c], dtype=torch.float32, device=device))).view(1, c, 1, 1)
        self.shift = (torch.tensor(mean[:c], dtype=torch.float32, device=device) * 255).view(1, c, 1, 1)
        self.augmentation = augmentation
        self.pad = max(1, self.target[1] // 8)
        self.memory_format = torch.channels_last if channels_last else torch.contiguous_format

    def __len__(self) -> int:
        n, b = len(self.y), self.batch_size
        steps = math.ceil(n / b)
        # A last batch of one image would break BatchNorm in training mode; it is dropped.
        return steps - 1 if steps > 1 and n % b == 1 else steps

    @property
    def size(self) -> int:
        return len(self.y)

    def _augment(self, x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
        n, _, h, w = x.shape
        p = self.pad
        oy = torch.randint(0, 2 * p + 1, (n,), generator=g).to(self.device)
        ox = torch.randint(0, 2 * p + 1, (n,), generator=g).to(self.device)
        padded = F.pad(x, (p, p, p, p))
        rows = (oy[:, None] + torch.arange(h, device=self.device))[:, None, :, None]
        cols = (ox[:, None] + torch.arange(w, device=self.device))[:, None, None, :]
        chans = torch.arange(x.shape[1], device=self.device)[None, :, None, None]
        x = padded[torch.arange(n, device=self.device)[:, None, None, None], chans, rows, cols]
        if self.augmentation == "crop+flip":
            flip = (torch.rand(n, generator=g) < 0.5).to(self.device)[:, None, None, None]
            x = torch.where(flip, x.flip(3), x)
        return x

    def prepare(self, xb: torch.Tensor) -> torch.Tensor:
        """uint8 images → the model's normalised float input."""
        if tuple(xb.shape[1:]) != self.target:
            xb = adapt_images(xb, self.target)
        out = (xb.float() - self.shift) * self.scale
        return out.contiguous(memory_format=self.memory_format)

    def epoch(
        self, g: torch.Generator | None = None, *, start: int = 0, state: torch.Tensor | None = None
    ) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """The batches of one pass; shuffled and augmented with ``g`` when given.

        To resume in the middle of an epoch, pass the batch to start from and the
        generator's state saved after the batches already done: the order is drawn
        again from the fresh generator, then the state is restored for augmentation.
        """
        n, b = self.size, self.batch_size
        order = torch.randperm(n, generator=g).to(self.device) if g is not None else None
        if g is not None and state is not None:
            g.set_state(state)
        for i in range(start, len(self)):
            sl = slice(i * b, min(n, (i + 1) * b))
            idx = order[sl] if order is not None else None
            xb = self.x[idx] if idx is not None else self.x[sl]
            yb = self.y[idx] if idx is not None else self.y[sl]
            if g is not None and self.augmentation != "none":
                xb = self._augment(xb, g)
            yield self.prepare(xb), yb

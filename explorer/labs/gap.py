"""Lab 13 — global average pooling against Flatten + Dense: where the classifier's parameters go.

VGG-16 flattens its last 7×7×512 map (25,088 values at 224×224) into two
4096-unit dense layers: 102,764,544 + 16,781,312 + 4,097,000 = 123,642,856 of
its 138,357,544 parameters are the classifier (digest 001 II.4, computed).
ResNet averages each of its 2,048 maps to one number (global average pooling)
and needs one dense layer, 2,049,000 parameters. Book 000 §3.4 calls GAP
"supercharged pooling" that "greatly reduces classifier parameters" (256 maps
→ a vector of 256); book 004 (Fig 5-9) has it replace the fully connected
layers, each of 10 maps averaged to one class score.

Every number here comes from the zoo's models through the analysis
(:func:`explorer.analyze`, on the meta device): the classifier is the model's
dense (``Linear``) layers, the body everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorer.labs.common import BookFigure, Filled, num

#: The lab's models: the book's VGG-16 (Flatten → Dense, sized from the input), torchvision's (an adaptive 7×7 pool
#: first), and two ResNets (GAP → one Dense).
MODELS = ("vgg16_book", "vgg16", "resnet50", "resnet18")
#: The sizes of the sweep (the image side, pixels).
SIZES = (32, 64, 96, 128, 160, 224, 320, 448)


@dataclass(frozen=True, slots=True)
class DenseLayer:
    name: str
    inputs: int
    outputs: int
    params: int

    @property
    def formula(self) -> str:
        return f"{num(self.inputs)}·{num(self.outputs)} + {num(self.outputs)} = {num(self.params)}"


@dataclass(frozen=True, slots=True)
class Split:
    """A model's parameters, body against classifier, and the map the classifier starts from.

    Attributes:
        last_map: (C, H, W) of the last feature map before the classifier.
        pool: the layer type that makes the map (``AdaptiveAvgPool2d`` for GAP or torchvision's 7×7 pool,
            ``MaxPool2d`` for the book's VGG).
    """

    arch: str
    input_size: int
    classes: int
    total: int
    head: tuple[DenseLayer, ...]
    last_map: tuple[int, int, int]
    pool: str

    @property
    def head_params(self) -> int:
        return sum(d.params for d in self.head)

    @property
    def body_params(self) -> int:
        return self.total - self.head_params

    @property
    def head_share(self) -> float:
        return self.head_params / self.total

    @property
    def flattened(self) -> Filled:
        """What the first dense layer receives: C·H·W values (C·1·1 after GAP)."""
        c, h, w = self.last_map
        return Filled("C·H·W", f"{num(c)}·{h}·{w} = {num(c * h * w)}", c * h * w)

    @property
    def gap_head(self) -> Filled:
        """The classifier with GAP instead: one dense layer from C averages to the classes."""
        c = self.last_map[0]
        p = c * self.classes + self.classes
        return Filled("C·K + K", f"{num(c)}·{num(self.classes)} + {num(self.classes)} = {num(p)}", p)


def split(arch: str, input_size: int = 224, classes: int = 1000) -> Split:
    """Analyse ``arch`` at ``input_size``×``input_size`` with ``classes`` outputs and split its parameters.

    Raises:
        ExplorerError: an input too small for the model (the analysis names the layer and the smallest size).
    """
    from explorer import analyze

    r = analyze(arch, (3, input_size, input_size), num_classes=classes)
    dense = [layer for layer in r.layers if layer.type == "Linear"]
    first = r.layers.index(dense[0])
    last_map = next(layer for layer in reversed(r.layers[:first]) if layer.is_leaf and len(layer.output_shape) == 3)
    head = tuple(DenseLayer(d.name, d.input_shape[-1], d.output_shape[-1], d.params) for d in dense)
    return Split(arch, input_size, classes, r.total_params, head, tuple(last_map.output_shape), last_map.type)


@dataclass(frozen=True, slots=True)
class SweepPoint:
    size: int
    flatten_head: int
    gap_head: int


def sweep(arch: str = "vgg16_book", classes: int = 1000, sizes: tuple[int, ...] = SIZES) -> list[SweepPoint]:
    """The classifier of ``arch`` as the image grows, against a GAP head on the same body."""
    out = []
    for s in sizes:
        sp = split(arch, s, classes)
        out.append(SweepPoint(s, sp.head_params, int(sp.gap_head.value)))
    return out


def book_figures() -> tuple[BookFigure, ...]:
    """The books' VGG-16 total at their inputs (224×224, 1000 classes), against the zoo's model."""
    s = split("vgg16_book", 224, 1000)
    total = Filled("body + classifier", f"{num(s.body_params)} + {num(s.head_params)} = {num(s.total)}", s.total)
    return (
        BookFigure("vgg16_total", "000 §3.3", "138 million", total),
        BookFigure("vgg16_printed", "001 §5.4", "138,357,544", total),
    )

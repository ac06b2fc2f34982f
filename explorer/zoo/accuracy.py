"""ImageNet-1K accuracy of torchvision's checkpoints, one entry per torchvision model name.

Source: torchvision's ``torchvision/models/*.py`` (pytorch/vision), each
``<Model>_Weights`` enum's ``meta["_metrics"]["ImageNet-1K"]`` ("acc@1",
"acc@5"), copied digit for digit: alexnet.py, vgg.py, resnet.py (ResNet,
ResNeXt, Wide ResNet), googlenet.py, inception.py, densenet.py, squeezenet.py,
shufflenetv2.py, mnasnet.py, mobilenetv2.py, mobilenetv3.py, efficientnet.py,
regnet.py, convnext.py. ``v1`` is the ``IMAGENET1K_V1`` checkpoint (the
paper's recipe or weights ported from it); ``v2`` is ``IMAGENET1K_V2`` where
torchvision publishes one (its newer training recipe, same architecture).
RegNetY-128GF has no ImageNet-1K-only checkpoint: its figure is
``IMAGENET1K_SWAG_E2E_V1`` (pre-trained on Instagram images, fine-tuned on
ImageNet-1K) and says so in ``weights``.

These are measured by torchvision on the ImageNet validation set at each
checkpoint's own evaluation resolution; this project does not re-measure them.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "torchvision models/*.py, Weights meta['_metrics']['ImageNet-1K']"


@dataclass(frozen=True)
class Accuracy:
    """One checkpoint's published ImageNet-1K accuracy (percent)."""

    weights: str  # torchvision's enum member, e.g. "IMAGENET1K_V1"
    top1: float
    top5: float


def _e(top1: float, top5: float, weights: str = "IMAGENET1K_V1") -> Accuracy:
    return Accuracy(weights, top1, top5)


#: name -> (V1 figure, V2 figure or None)
TABLE: dict[str, tuple[Accuracy, Accuracy | None]] = {
    # alexnet.py
    "alexnet": (_e(56.522, 79.066), None),
    # vgg.py
    "vgg11": (_e(69.020, 88.628), None),
    "vgg11_bn": (_e(70.370, 89.810), None),
    "vgg13": (_e(69.928, 89.246), None),
    "vgg13_bn": (_e(71.586, 90.374), None),
    "vgg16": (_e(71.592, 90.382), None),
    "vgg16_bn": (_e(73.360, 91.516), None),
    "vgg19": (_e(72.376, 90.876), None),
    "vgg19_bn": (_e(74.218, 91.842), None),
    # resnet.py
    "resnet18": (_e(69.758, 89.078), None),
    "resnet34": (_e(73.314, 91.420), None),
    "resnet50": (_e(76.130, 92.862), _e(80.858, 95.434, "IMAGENET1K_V2")),
    "resnet101": (_e(77.374, 93.546), _e(81.886, 95.780, "IMAGENET1K_V2")),
    "resnet152": (_e(78.312, 94.046), _e(82.284, 96.002, "IMAGENET1K_V2")),
    "resnext50_32x4d": (_e(77.618, 93.698), _e(81.198, 95.340, "IMAGENET1K_V2")),
    "resnext101_32x8d": (_e(79.312, 94.526), _e(82.834, 96.228, "IMAGENET1K_V2")),
    "resnext101_64x4d": (_e(83.246, 96.454), None),  # only V1, trained with the new recipe
    "wide_resnet50_2": (_e(78.468, 94.086), _e(81.602, 95.758, "IMAGENET1K_V2")),
    "wide_resnet101_2": (_e(78.848, 94.284), _e(82.510, 96.020, "IMAGENET1K_V2")),
    # googlenet.py, inception.py
    "googlenet": (_e(69.778, 89.530), None),
    "inception_v3": (_e(77.294, 93.450), None),
    # densenet.py
    "densenet121": (_e(74.434, 91.972), None),
    "densenet161": (_e(77.138, 93.560), None),
    "densenet169": (_e(75.600, 92.806), None),
    "densenet201": (_e(76.896, 93.370), None),
    # squeezenet.py
    "squeezenet1_0": (_e(58.092, 80.420), None),
    "squeezenet1_1": (_e(58.178, 80.624), None),
    # shufflenetv2.py
    "shufflenet_v2_x0_5": (_e(60.552, 81.746), None),
    "shufflenet_v2_x1_0": (_e(69.362, 88.316), None),
    "shufflenet_v2_x1_5": (_e(72.996, 91.086), None),
    "shufflenet_v2_x2_0": (_e(76.230, 93.006), None),
    # mnasnet.py
    "mnasnet0_5": (_e(67.734, 87.490), None),
    "mnasnet0_75": (_e(71.180, 90.496), None),
    "mnasnet1_0": (_e(73.456, 91.510), None),
    "mnasnet1_3": (_e(76.506, 93.522), None),
    # mobilenetv2.py, mobilenetv3.py
    "mobilenet_v2": (_e(71.878, 90.286), _e(72.154, 90.822, "IMAGENET1K_V2")),
    "mobilenet_v3_large": (_e(74.042, 91.340), _e(75.274, 92.566, "IMAGENET1K_V2")),
    "mobilenet_v3_small": (_e(67.668, 87.402), None),
    # efficientnet.py
    "efficientnet_b0": (_e(77.692, 93.532), None),
    "efficientnet_b1": (_e(78.642, 94.186), _e(79.838, 94.934, "IMAGENET1K_V2")),
    "efficientnet_b2": (_e(80.608, 95.310), None),
    "efficientnet_b3": (_e(82.008, 96.054), None),
    "efficientnet_b4": (_e(83.384, 96.594), None),
    "efficientnet_b5": (_e(83.444, 96.628), None),
    "efficientnet_b6": (_e(84.008, 96.916), None),
    "efficientnet_b7": (_e(84.122, 96.908), None),
    "efficientnet_v2_s": (_e(84.228, 96.878), None),
    "efficientnet_v2_m": (_e(85.112, 97.156), None),
    "efficientnet_v2_l": (_e(85.808, 97.788), None),
    # regnet.py
    "regnet_y_400mf": (_e(74.046, 91.716), _e(75.804, 92.742, "IMAGENET1K_V2")),
    "regnet_y_800mf": (_e(76.420, 93.136), _e(78.828, 94.502, "IMAGENET1K_V2")),
    "regnet_y_1_6gf": (_e(77.950, 93.966), _e(80.876, 95.444, "IMAGENET1K_V2")),
    "regnet_y_3_2gf": (_e(78.948, 94.576), _e(81.982, 95.972, "IMAGENET1K_V2")),
    "regnet_y_8gf": (_e(80.032, 95.048), _e(82.828, 96.330, "IMAGENET1K_V2")),
    "regnet_y_16gf": (_e(80.424, 95.240), _e(82.886, 96.328, "IMAGENET1K_V2")),
    "regnet_y_32gf": (_e(80.878, 95.340), _e(83.368, 96.498, "IMAGENET1K_V2")),
    "regnet_y_128gf": (_e(88.228, 98.682, "IMAGENET1K_SWAG_E2E_V1"), None),
    "regnet_x_400mf": (_e(72.834, 90.950), _e(74.864, 92.322, "IMAGENET1K_V2")),
    "regnet_x_800mf": (_e(75.212, 92.348), _e(77.522, 93.826, "IMAGENET1K_V2")),
    "regnet_x_1_6gf": (_e(77.040, 93.440), _e(79.668, 94.922, "IMAGENET1K_V2")),
    "regnet_x_3_2gf": (_e(78.364, 93.992), _e(81.196, 95.430, "IMAGENET1K_V2")),
    "regnet_x_8gf": (_e(79.344, 94.686), _e(81.682, 95.678, "IMAGENET1K_V2")),
    "regnet_x_16gf": (_e(80.058, 94.944), _e(82.716, 96.196, "IMAGENET1K_V2")),
    "regnet_x_32gf": (_e(80.622, 95.248), _e(83.014, 96.288, "IMAGENET1K_V2")),
    # convnext.py
    "convnext_tiny": (_e(82.520, 96.146), None),
    "convnext_small": (_e(83.616, 96.650), None),
    "convnext_base": (_e(84.062, 96.870), None),
    "convnext_large": (_e(84.414, 96.976), None),
}

#: Year of each family's paper, for the "2012 → 2022" view.
YEARS: dict[str, int] = {
    "alexnet": 2012, "vgg": 2014, "googlenet": 2014, "inception_v3": 2015, "resnet": 2015, "squeezenet": 2016,
    "densenet": 2016, "resnext": 2016, "wide_resnet": 2016, "mobilenet_v2": 2018, "shufflenet": 2018,
    "mnasnet": 2018, "mobilenet_v3": 2019, "efficientnet_b": 2019, "regnet": 2020, "efficientnet_v2": 2021,
    "convnext": 2022,
}


def accuracy(name: str, *, recipe: str = "v1") -> Accuracy | None:
    """The published figure for ``name`` (torchvision's spelling), or None when torchvision has no checkpoint.

    Args:
        recipe: ``"v1"`` for the ``IMAGENET1K_V1`` checkpoint; ``"best"`` for
            ``IMAGENET1K_V2`` where torchvision publishes one, else V1.
    """
    entry = TABLE.get(name)
    if entry is None:
        return None
    v1, v2 = entry
    return v2 if recipe == "best" and v2 is not None else v1


def year(name: str) -> int | None:
    """The year the family of ``name`` was published (longest matching prefix), or None."""
    best = max((p for p in YEARS if name.startswith(p)), key=len, default=None)
    return YEARS[best] if best else None

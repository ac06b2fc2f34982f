"""Grad-CAM, gradient saliency and receptive fields against reference computations and the analysis."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as Fn
from PIL import Image

import explorer
from explorer.inside import saliency as S
from explorer.inside.features import spatial_layers
from explorer.inside.weights import build_random
from explorer.viz import inside as V
from explorer.zoo import build


def _reference_grad_cam(model, x: torch.Tensor, split: int, c: int) -> torch.Tensor:
    """Grad-CAM by hand for TinyVGG: run features[:split] → A, the rest → logits, differentiate."""
    layers = list(model.features.children())
    with torch.enable_grad():
        a = torch.nn.Sequential(*layers[:split])(x.clone()).detach().requires_grad_(True)
        rest = torch.nn.Sequential(*layers[split:])(a.clone())
        logits = model.classifier(model.flatten(rest))
        (g,) = torch.autograd.grad(logits[0, c], a)
    alpha = g[0].mean(dim=(1, 2))
    cam = Fn.relu((alpha[:, None, None] * a[0].detach()).sum(0))
    up = Fn.interpolate(cam[None, None], size=x.shape[-2:], mode="bilinear", align_corners=False)[0, 0]
    up = up - up.min()
    return up / up.max()


def test_grad_cam_equals_a_reference_computation() -> None:
    model = build_random("tiny_vgg", seed=0)
    x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(3))
    report = explorer.analyze("tiny_vgg")
    target = S.default_target_layer(model, report)
    assert target == ("features.relu_2_2", 0)
    for c in range(3):
        result = S.saliency(model, x, target=target, class_index=c)
        assert result.cam.shape == (64, 64) and result.cam_small.shape == (26, 26)
        assert result.cam.min() >= 0 and result.cam.max() == pytest.approx(1.0)
        np.testing.assert_allclose(result.cam, _reference_grad_cam(model, x, 9, c).numpy(), atol=1e-5)
        assert result.score == pytest.approx(model(x)[0, c].item(), rel=1e-5)
    assert S.saliency(model, x, target=target).class_index == int(model(x)[0].argmax())


def test_gradient_saliency_equals_autograd_and_has_the_input_size() -> None:
    model = build_random("resnet_cifar", seed=1)
    x = torch.randn(1, 3, 32, 32)
    result = S.saliency(model, x, target=("layer3", 0), class_index=4)
    inp = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(model(inp)[0, 4], inp)
    expected = g[0].abs().amax(0)
    expected = (expected - expected.min()) / (expected.max() - expected.min())
    np.testing.assert_allclose(result.gradient, expected.numpy(), atol=1e-5)
    assert result.cam.shape == (32, 32)
    # The shared model is left as it was: no hooks, no grads.
    assert not any(m._forward_hooks for m in model.modules()) and all(p.grad is None for p in model.parameters())


def test_default_targets_per_family() -> None:
    for arch, expected in [("resnet50", "layer4"), ("resnet_cifar", "layer3"), ("googlenet", "inception5b"),
                           ("vgg16", "features.29"), ("alexnet", "features.11"), ("lenet5", "features.act5")]:
        with torch.device("meta"):
            model = build(arch)
        assert S.default_target_layer(model, explorer.analyze(arch)) == (expected, 0), arch


def test_bad_class_and_unit_are_messages() -> None:
    model = build_random("tiny_vgg", seed=0)
    x = torch.randn(1, 3, 64, 64)
    with pytest.raises(explorer.ExplorerError, match="classes 0 to 9"):
        S.saliency(model, x, target=("features.relu_2_2", 0), class_index=10)
    with pytest.raises(explorer.ExplorerError, match="outside the 26×26 map"):
        S.effective_receptive_field(model, x, ("features.relu_2_2", 0), (0, 26, 0))


@pytest.mark.parametrize("arch, shape", [("tiny_vgg", (3, 64, 64)), ("resnet_cifar", (3, 32, 32))])
def test_receptive_field_boxes_match_the_analysis_and_contain_the_gradient(arch, shape) -> None:
    model = build_random(arch, seed=0)
    x = torch.randn(1, *shape, generator=torch.Generator().manual_seed(0))
    report = explorer.analyze(arch, input_shape=shape)
    layers = [l for l in spatial_layers(report) if l.receptive_field is not None]
    H, W = shape[1:]
    for layer in layers[:: max(1, len(layers) // 6)]:
        _, h, w = layer.shape
        for i, j in {(0, 0), (h // 2, w // 2), (h - 1, w - 1)}:
            box = S.rf_box(layer.receptive_field, i, j, (H, W))
            top, left, bottom, right = layer.receptive_field.span(i, j)
            assert box.full == (top, left, bottom, right)
            assert (box.top, box.left, box.bottom, box.right) == (max(0, top), max(0, left), min(H - 1, bottom), min(W - 1, right))
            grad = S.effective_receptive_field(model, x, layer.key, (None, i, j))
            fp = S.footprint(grad)
            if fp is not None:  # the pixels that move the unit lie inside its theoretical field
                assert box.top <= fp[0] and box.left <= fp[1] and fp[2] <= box.bottom and fp[3] <= box.right, (layer.name, i, j)


def test_a_convolution_sees_exactly_its_box() -> None:
    model = build_random("tiny_vgg", seed=0)
    x = torch.randn(1, 3, 64, 64)
    layer = next(l for l in spatial_layers(explorer.analyze("tiny_vgg")) if l.name == "features.conv_1_2")
    box = S.rf_box(layer.receptive_field, 10, 20, (64, 64))
    assert box.size == (5, 5) and not box.clipped
    grad = S.effective_receptive_field(model, x, layer.key, (None, 10, 20))
    fp = S.footprint(grad)  # after a ReLU some pixels may not count, but none outside the box does
    assert fp is not None and box.top <= fp[0] and box.left <= fp[1] and fp[2] <= box.bottom and fp[3] <= box.right
    one = S.effective_receptive_field(model, x, ("features.conv_1_1", 0), (2, 10, 20))
    assert S.footprint(one) == (10, 20, 12, 22)  # a 3×3 conv without padding: unit (10, 20) sees rows 10–12, columns 20–22


def test_overlays_draw_on_the_crop() -> None:
    crop = Image.new("RGB", (32, 32), (255, 255, 255))
    box = S.Box(0, 0, 9, 9, (-3, -3, 9, 9))
    img = V.rf_overlay(crop, box, min_side=64)
    assert img.size == (2 * 35, 2 * 35)  # 3 px of padding shown on top and left, ×2 scale
    heat = np.zeros((32, 32))
    heat[5, 5] = 1
    assert V.heat_overlay(crop, heat, min_side=32).size == (32, 32)
    assert V.heat_image(heat, box=box, min_side=64).size == (64, 64)

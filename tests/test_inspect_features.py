"""Feature maps: equal to plain forward-hook outputs; one lazily resumed pass; which layers to walk."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

import explorer
from explorer.inside import features as F
from explorer.inside.labels import class_names, imagenet_classes, top_k
from explorer.inside.weights import build_random
from explorer.viz import inside as V

SMALL = [
    ("tiny_vgg", {}, (3, 64, 64)),
    ("lenet5", {}, (1, 28, 28)),
    ("resnet_cifar", {}, (3, 32, 32)),
    ("resnet18", {"width_mult": 0.25}, (3, 64, 64)),
]


def _hook_outputs_all_calls(model: nn.Module, x: torch.Tensor) -> dict[tuple[str, int], torch.Tensor]:
    """Oracle: every call of every module, via register_forward_hook (copies: in-place layers follow)."""
    out: dict[tuple[str, int], torch.Tensor] = {}
    counts: dict[str, int] = {}
    handles = []
    for name, m in model.named_modules():
        if not name:
            continue

        def hook(_m, _i, o, name=name):
            k = counts.get(name, 0)
            counts[name] = k + 1
            if isinstance(o, torch.Tensor):
                out[(name, k)] = o.detach().clone()

        handles.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return out


@pytest.mark.parametrize("arch, hp, shape", SMALL, ids=[a for a, _, _ in SMALL])
def test_feature_maps_equal_forward_hook_outputs(arch, hp, shape) -> None:
    model = build_random(arch, hp, seed=0)
    x = torch.randn(1, *shape, generator=torch.Generator().manual_seed(0))
    report = explorer.analyze(arch, input_shape=shape, **hp)
    oracle = _hook_outputs_all_calls(model, x)
    acts = F.Activations(model, x)
    layers = F.spatial_layers(report)
    # Visit in a scrambled order: deep first, then back, then the rest (exercises resuming and the cache).
    order = [layers[-1], layers[0], layers[len(layers) // 2], *layers]
    for layer in order:
        torch.testing.assert_close(acts.get(*layer.key), oracle[layer.key][0], rtol=0, atol=0)
    torch.testing.assert_close(acts.logits(), model(x)[0], rtol=1e-6, atol=1e-6)
    assert all("forward" not in m.__dict__ for m in model.modules())  # wrappers removed
    if arch == "resnet_cifar":  # a block's relu runs twice: both calls are layers of their own
        assert ("layer1.0.relu", 1) in {l.key for l in layers}
        assert not torch.equal(acts.get("layer1.0.relu", 0), acts.get("layer1.0.relu", 1))


def test_forward_hook_helper_agrees() -> None:
    model = build_random("tiny_vgg", seed=0)
    x = torch.randn(1, 3, 64, 64)
    ref = F.forward_hook_outputs(model, x, ["features.conv_1_1", "features.relu_1_1"])
    acts = F.Activations(model, x)
    assert torch.equal(acts.get("features.conv_1_1"), ref["features.conv_1_1"][0])
    assert torch.equal(acts.get("features.relu_1_1"), ref["features.relu_1_1"][0])
    assert (ref["features.conv_1_1"] < 0).any()  # the copy was taken before the in-place ReLU


def test_the_pass_stops_at_the_layer_and_switching_layers_does_not_recompute() -> None:
    model = build_random("resnet_cifar", seed=0)
    runs: dict[str, int] = {}
    modules = dict(model.named_modules())

    def counting(name, fn):
        def inner(*args, **kwargs):
            runs[name] = runs.get(name, 0) + 1
            return fn(*args, **kwargs)
        return inner

    for name in ("conv1", "layer1.0.conv1", "layer3.2.conv2"):  # count the convolutions themselves
        modules[name]._conv_forward = counting(name, modules[name]._conv_forward)
    modules["fc"].register_forward_hook(lambda *_a: runs.__setitem__("fc", runs.get("fc", 0) + 1))
    acts = F.Activations(model, torch.randn(1, 3, 32, 32))
    acts.get("layer1.0.conv1")
    assert runs == {"conv1": 1, "layer1.0.conv1": 1} and acts.passes == 1  # stopped early
    acts.get("layer3.2.conv2")
    acts.get("conv1")
    acts.get("layer1.0")
    assert runs == {"conv1": 1, "layer1.0.conv1": 1, "layer3.2.conv2": 1}  # resumed, nothing ran twice
    acts.logits()
    acts.get("layer2.1")
    assert runs == {"conv1": 1, "layer1.0.conv1": 1, "layer3.2.conv2": 1, "fc": 1} and acts.passes == 3


def test_unknown_layer_and_training_mode() -> None:
    model = build_random("tiny_vgg", seed=0)
    acts = F.Activations(model, torch.randn(1, 3, 64, 64))
    with pytest.raises(explorer.ExplorerError, match="does not run"):
        acts.get("features.nope")
    with pytest.raises(ValueError, match="eval mode"):
        F.Activations(model.train(), torch.randn(1, 3, 64, 64))


def test_walks_go_from_edges_to_parts() -> None:
    def names(arch: str) -> list[str]:
        return [l.name for l in F.walk_layers(explorer.analyze(arch))]

    vgg = names("vgg16")
    assert vgg[:3] == ["features.1", "features.3", "features.4"] and vgg[-1] == "features.30" and len(vgg) == 18
    resnet = names("resnet50")
    assert resnet[:3] == ["relu", "maxpool", "layer1.0"] and resnet[-1] == "layer4.2" and len(resnet) == 18
    google = names("googlenet")
    assert google[0] == "conv1" and "inception4c" in google and google[-1] == "inception5b"
    assert not any(".branch" in n for n in google)
    assert F.default_layer(explorer.analyze("vgg16")).name == "features.11"


def test_channel_stats_and_sorting() -> None:
    fmap = torch.stack([torch.full((4, 4), 1.0), torch.full((4, 4), 3.0), torch.linspace(-1, 1, 16).reshape(4, 4)])
    stats = F.channel_stats(fmap)
    np.testing.assert_allclose(stats.mean, [1, 3, 0], atol=1e-6)
    assert list(stats.order("mean")) == [1, 0, 2] and list(stats.order("index")) == [0, 1, 2]
    assert stats.active[2] == 0.5 and stats.min[2] == -1 and stats.max[2] == 1
    with pytest.raises(explorer.ExplorerError):
        stats.order("colour")


def test_feature_grid_pages_of_a_512_channel_layer() -> None:
    fmap = np.random.default_rng(0).standard_normal((512, 14, 14)).astype(np.float32)
    stats = F.channel_stats(torch.from_numpy(fmap))
    page3 = stats.order("mean")[128:192]
    grid = V.feature_grid(fmap, page3, cols=8, side=56)
    assert grid.size[0] == 8 * 62 - 6 and grid.mode == "RGB"
    assert V.colorize(np.array([[0.0, 1.0]]), "gray").tolist() == [[[0, 0, 0], [255, 255, 255]]]


def test_imagenet_labels_and_top_k() -> None:
    names = imagenet_classes()
    assert len(names) == 1000 and names[0] == "tench" and names[281] == "tabby" and names[999] == "toilet tissue"
    logits = torch.zeros(1000)
    logits[281], logits[285] = 5.0, 4.0
    top = top_k(logits, names, 5)
    assert [p.index for p in top[:2]] == [281, 285] and top[0].name == "tabby"
    assert abs(sum(p.probability for p in top_k(logits, names, 1000)) - 1) < 1e-5
    assert class_names(3, ("a", "b", "c")) == ("a", "b", "c") and class_names(2, None) == ("class 0", "class 1")


def test_a_server_cache_of_feature_maps_does_not_keep_the_model_alive() -> None:
    """With ``keep_model=False`` the maps hold the model weakly: when the page's model cache lets it go, it goes."""
    import gc

    from explorer.errors import ExplorerError

    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU()).eval()
    x = torch.randn(1, 3, 8, 8)
    acts = F.Activations(model, x, keep_model=False)
    assert torch.equal(acts.get("0"), model[0](x)[0].detach()) and acts.uses(model)
    other = nn.Sequential(nn.Conv2d(3, 4, 3)).eval()
    assert not acts.uses(other)
    del model
    gc.collect()
    with pytest.raises(ExplorerError, match="released to free memory"):
        acts.get("1")
    kept = F.Activations(other, x)  # the default keeps it, as a library user expects
    del other
    gc.collect()
    assert kept.get("0").shape == (4, 6, 6)

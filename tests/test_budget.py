"""The work budget: its arithmetic against real allocations, what fits, every refusal, and the pages and CLI that use it.

The oracle for "real allocations" is PyTorch itself: :class:`_Allocations`, a
``TorchDispatchMode``, sees every operator's output and keeps a weak reference
to each new tensor storage (views and in-place results are not new storage),
so it knows the bytes alive at each moment and their peak, exactly and
deterministically, whatever the allocator caches. It does not see scratch
memory a kernel takes privately (oneDNN's), so one test also measures the
peak resident memory of a fresh process (``VmHWM``; ``ru_maxrss`` would keep
the parent's peak across ``exec``) for a larger model.
``tracemalloc`` would see none of torch's memory.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest
import torch
from PIL import Image
from torch import nn
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

from explorer import settings as S
from explorer.analysis import analyze
from explorer.analysis import budget as B
from explorer.inside import features as feats
from explorer.inside import images as I
from explorer.inside import saliency as sal
from explorer.inside.weights import build_random
from explorer.i18n import N_

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def limits(monkeypatch):
    """Set EXPLORER_* variables for one test: ``limits(max_params="1000")``; the settings are re-read after."""

    def set_(**values: str) -> S.Settings:
        for name, value in values.items():
            monkeypatch.setenv("EXPLORER_" + name.upper(), str(value))
        return S.reload()

    yield set_
    monkeypatch.undo()
    S.reload()


class _Allocations(TorchDispatchMode):
    """Bytes of tensor storage created while active and still alive, and their peak."""

    def __init__(self) -> None:
        super().__init__()
        self.live: dict[int, int] = {}
        self.refs: dict[int, weakref.ref] = {}
        self.now = self.peak = 0

    def _freed(self, key: int) -> None:
        self.now -= self.live.pop(key, 0)
        self.refs.pop(key, None)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        if any(r.alias_info is not None for r in func._schema.returns):
            return out  # a view or an in-place result: no new storage
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor) and t.device.type == "cpu":
                storage = t.untyped_storage()
                key, n = storage.data_ptr(), storage.nbytes()
                if n and key not in self.live:
                    self.live[key] = n
                    self.now += n
                    self.refs[key] = weakref.ref(storage, lambda _r, key=key: self._freed(key))
                    self.peak = max(self.peak, self.now)
        return out


MODELS = [
    ("lenet5", (1, 28, 28), {}),
    ("tiny_vgg", (3, 64, 64), {}),
    ("resnet_cifar", (3, 32, 32), {}),
    ("vgg11_bn", (3, 64, 64), {"num_classes": 10, "hidden": 512, "pool_size": 2}),
    ("resnet18", (3, 32, 32), {"num_classes": 10, "width_mult": 0.5}),
    ("googlenet", (3, 32, 32), {"num_classes": 10}),
]
SANE = 4  # the estimate is an upper bound, and not more than this many times the real figure


@pytest.mark.parametrize("arch,shape,hp", MODELS, ids=[m[0] for m in MODELS])
def test_estimates_bound_real_allocations(arch, shape, hp) -> None:
    torch.manual_seed(0)
    report = analyze(arch, input_shape=shape, **hp)
    cost = B.cost(report)
    model = build_random(arch, report.hyperparameters)
    weights = sum(t.numel() * t.element_size() for t in model.state_dict().values() if t.is_floating_point())
    assert weights == cost.weight_bytes  # every float32 parameter and buffer, counted once

    x = torch.randn(1, *shape)
    with _Allocations() as seen:  # Inside: every feature map kept, then Grad-CAM and a receptive field
        acts = feats.Activations(model, x)
        acts.logits()
        forward = seen.peak
        kept = seen.now
        seen.peak = kept
        sal.saliency(model, x, target=sal.default_target_layer(model, report))
        layer = feats.default_layer(report)
        sal.effective_receptive_field(model, x, layer.key, (None, layer.shape[1] // 2, layer.shape[2] // 2))
        backward = seen.peak - kept
    assert forward <= cost.forward_bytes <= SANE * forward
    assert backward <= cost.backward_bytes <= SANE * backward

    batch = 4
    model.train()
    opt = torch.optim.Adam(model.parameters())
    xb, yb = torch.randn(batch, *shape), torch.zeros(batch, dtype=torch.long)
    with _Allocations() as seen:  # a training step, the optimizer's first (its state is created then)
        out = model(xb)
        out = out[0] if isinstance(out, (tuple, list)) else out
        nn.functional.cross_entropy(out, yb).backward()
        opt.step()
        del out
    assert seen.peak <= cost.training_bytes(batch, "adam") <= SANE * seen.peak


def test_the_estimate_bounds_the_resident_memory_of_a_fresh_process() -> None:
    """ResNet-18 at 384×384 on Inside: the process's peak resident memory grows by less than the estimate."""
    script = textwrap.dedent(r"""
        import os, re, torch
        from explorer.analysis import analyze
        from explorer.analysis.budget import cost
        from explorer.inside import features as feats, saliency as sal
        from explorer.inside.weights import build_random
        torch.set_num_threads(1)
        report = analyze("resnet18", input_shape=(3, 384, 384))
        model, x = build_random("resnet18", report.hyperparameters), torch.randn(1, 3, 384, 384)
        base = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        acts = feats.Activations(model, x)
        acts.logits()
        sal.saliency(model, x, target=sal.default_target_layer(model, report))
        peak = int(re.search(r"VmHWM:\s*(\d+) kB", open("/proc/self/status").read()).group(1)) * 1024
        print(peak - base, cost(report).inside_bytes)
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    grown, estimate = (int(v) for v in out.stdout.split())
    assert 0 < grown <= estimate <= SANE * grown


# --- what fits ------------------------------------------------------------------------------


def test_vgg16_at_4096_says_the_cost_the_limit_and_the_largest_input_that_fits() -> None:
    report = analyze("vgg16", input_shape=(3, 4096, 4096))
    with pytest.raises(B.OverBudget) as info:
        B.check(report)
    err = info.value
    assert err.template == N_("{title} at {size} needs {cost} of activations; this server allows {limit}: {fits} fits.")
    assert str(err).startswith("VGG-16 at 4096×4096 needs 113.4 GB of activations; this server allows 1.5 GB: ")
    side = int(err.params["fits"].split("×")[0])
    B.check(analyze("vgg16", input_shape=(3, side, side)))  # it fits …
    with pytest.raises(B.OverBudget):  # … and the next size up does not
        B.check(analyze("vgg16", input_shape=(3, side + 32, side + 32)))


def test_an_elongated_input_keeps_its_shape_in_the_suggestion() -> None:
    with pytest.raises(B.OverBudget) as info:
        B.check(analyze("resnet50", input_shape=(3, 1024, 2048)))
    h, w = (int(v) for v in info.value.params["fits"].split("×"))
    assert w == 2 * h and w < 2048


def test_training_suggests_the_largest_batch_that_fits() -> None:
    report = analyze("resnet18", input_shape=(3, 224, 224), num_classes=10)
    with pytest.raises(B.OverBudget) as info:
        B.check(report, purpose="train", batch=1024)
    fits = info.value.params["fits"]
    assert info.value.template == N_("Training {title} at {size} with a batch of {batch} needs {cost}; this server allows {limit}: a batch of {fits} fits.") and "a batch of" in str(info.value)
    B.check(report, purpose="train", batch=fits)
    with pytest.raises(B.OverBudget):
        B.check(report, purpose="train", batch=fits + 1)


def test_a_model_sized_by_its_input_is_told_the_input_that_fits() -> None:
    with pytest.raises(B.OverBudget) as info:
        B.check(analyze("lenet5", input_shape=(1, 4096, 4096)))
    assert info.value.template == N_("{title} has {params} parameters; this server builds models of at most {limit}: {fits} fits.")
    side = int(info.value.params["fits"].split("×")[0])
    B.check(analyze("lenet5", input_shape=(1, side, side)))


# --- each refusal -----------------------------------------------------------------------------


def test_huge_width_and_classes_are_refused_by_parameters() -> None:
    report = analyze("vgg16", width_mult=4, hidden=16384, num_classes=100000)
    with pytest.raises(B.OverBudget) as info:
        B.check(report)
    assert info.value.template == N_("{title} has {params} parameters; this server builds models of at most {limit}: make it smaller (fewer channels, layers or classes).")
    assert "this server builds models of at most 200,000,000" in str(info.value)


def test_weights_limit_from_the_environment(limits) -> None:
    limits(max_weight_bytes="100 MB")
    with pytest.raises(B.OverBudget) as info:
        B.check(analyze("vgg11"))
    assert info.value.template == N_("{title} needs {cost} of weights; this server allows {limit}: make it smaller (fewer channels, layers or classes).")
    assert str(info.value) == (
        "VGG-11 needs 531.5 MB of weights; this server allows 100.0 MB: make it smaller (fewer channels, layers or classes)."
    )
    limits(max_weight_bytes="1 GB")
    B.check(analyze("vgg11"))


def test_activation_limit_from_the_environment(limits) -> None:
    report = analyze("resnet18")
    B.check(report)
    limits(max_activation_bytes="50 MB")
    with pytest.raises(B.OverBudget) as info:
        B.check(report)
    assert info.value.template == N_("{title} at {size} needs {cost} of activations; this server allows {limit}: {fits} fits.") and "this server allows 50.0 MB" in str(info.value)
    limits(max_activation_bytes="1000")
    with pytest.raises(B.OverBudget) as info:
        B.check(report)
    assert info.value.template == N_("{title} at {size} needs {cost} of activations; this server allows {limit}, and no input size fits: make the model smaller (fewer channels or layers).") and "no input size fits" in str(info.value)


def test_training_refusals(limits) -> None:
    with pytest.raises(B.OverBudget) as info:
        B.check(analyze("vgg16"), purpose="train", batch=1)
    assert info.value.template == N_("Training {title} needs {cost} for its weights' gradients and the optimizer's state alone; this server allows {limit}: train a smaller model (fewer channels, layers or classes).")
    with pytest.raises(B.OverBudget) as info:
        B.check(analyze("lenet5"), purpose="train", batch=5000)
    assert info.value.template == N_("A batch of {batch} is more than this server allows ({limit}): use a smaller batch.")
    with pytest.raises(B.OverBudget) as info:
        B.check(analyze("resnet18", input_shape=(3, 2048, 2048)), purpose="train", batch=8)
    assert info.value.template == N_("Training {title} at {size} needs {cost} even with a batch of 1; this server allows {limit}: {fits} fits.")


def test_input_ranges_come_from_the_settings(limits) -> None:
    with pytest.raises(Exception) as info:
        analyze("lenet5", input_shape=(1, 5000, 5000))
    assert info.value.template == N_("The input shape {shape} is too large: use at most {max_channels} channels and {max_size}×{max_size} pixels.") and "4096×4096" in str(info.value)
    limits(max_input_side="8192", max_channels="128")
    assert analyze("resnet18", input_shape=(100, 5000, 5000)).input_shape == (100, 5000, 5000)


def test_allocation_failures_become_a_message_and_the_memory_goes_back() -> None:
    held: list[weakref.ref] = []

    def work(kind: type[BaseException] | str) -> None:
        big = torch.empty(50_000_000, dtype=torch.uint8)  # 50 MB, referenced only by this frame
        held.append(weakref.ref(big))
        if kind == "cpu":
            raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] . DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes.")
        raise kind("no memory")

    for kind in ("cpu", MemoryError, torch.OutOfMemoryError):
        with pytest.raises(B.OutOfMemory) as info:
            with B.memory_guard():
                work(kind)
        assert info.value.template == N_("The server ran out of memory for this request and has given the memory back: try a smaller input, model or batch.") and "given the memory back" in str(info.value)
        assert held[-1]() is None  # the failed frames were cleared: the tensor is gone
    with pytest.raises(ValueError):  # other errors pass through unchanged
        with B.memory_guard():
            raise ValueError("not memory")


# --- images -----------------------------------------------------------------------------------


def _png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (10, 200, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_a_30000_by_1_image_is_refused_before_it_is_resized() -> None:
    with pytest.raises(I.BadImage) as info:
        I.load_image(_png(30000, 1), "strip.png")
    assert info.value.template == N_("'{name}' is {size} pixels, {ratio} times longer than wide; this page takes images at most {limit} times longer than wide: crop it to a less extreme shape and upload it again.") and "crop it to a less extreme shape" in str(info.value)


def test_a_resize_that_would_be_huge_is_refused(limits) -> None:
    loaded = I.load_image(_png(400, 40), "wide.png")  # 10:1 is allowed …
    limits(max_image_pixels="1000000")  # … but covering a 1024×1024 input needs 11705×1170 pixels
    with pytest.raises(I.BadImage) as info:
        I.preprocess(loaded, (3, 1024, 1024), mean=(0.5,), std=(0.5,))
    assert info.value.template == N_("Covering the {input} input would resize '{name}' ({size}) to {resized} pixels, more than the {limit} megapixels this server allows: crop the image to a shape closer to {shape}, or use a smaller input.") and "1,000,000 pixels" not in str(info.value)
    assert I.preprocess(loaded, (3, 64, 64), mean=(0.5,), std=(0.5,)).tensor.shape == (1, 3, 64, 64)


def test_image_pixel_limit_from_the_environment(limits) -> None:
    limits(max_image_pixels="10000")
    with pytest.raises(I.BadImage) as info:
        I.load_image(_png(200, 200), "big.png")
    assert info.value.template == N_("'{name}' is {size} pixels ({megapixels} megapixels), more than the {limit} megapixels this page accepts (a guard against decompression bombs): scale it down, e.g. to {side} pixels on the longer side, and upload it again.")


# --- torchinfo on meta, the CLI ---------------------------------------------------------------


def _rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_torchinfo_runs_on_meta_at_64x8192x8192(limits) -> None:
    from explorer.analysis.reference import torchinfo_summary

    limits(max_input_side="8192")
    before = _rss()
    text = torchinfo_summary("vgg16", (64, 8192, 8192))
    assert _rss() - before < 500_000_000  # a real input would be 17 GB
    assert "Input size (MB): 17179.87" in text  # torchinfo's own figure for the input, as with a real tensor


def test_cli_refuses_a_training_run_over_budget_in_one_line(tmp_path: Path, capsys) -> None:
    from explorer.cli import main

    code = main(["train", "resnet18", "--input", "3,512,512", "--batch-size", "256", "--runs-dir", str(tmp_path / "runs"),
                 "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("explorer: error: Training ResNet-18 at 512×512 with a batch of 256 needs ")
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


# --- the pages (AppTest) ----------------------------------------------------------------------


def _page_errors(at) -> str:
    return " ".join(e.value for e in at.error)


@pytest.mark.parametrize("query,expected", [
    ({"arch": "vgg16", "input": "3,4096,4096"}, "VGG-16 at 4096×4096 needs 113.4 GB of activations; this server allows 1.5 GB: "),
    ({"arch": "vgg16", "width_mult": "4", "hidden": "16384", "num_classes": "100000"}, "this server builds models of at most 200,000,000"),
])
def test_inside_refuses_over_budget_links_without_allocating(query, expected) -> None:
    from apptest import open_page

    before = _rss()
    at = open_page("pages/inside.py", **query)
    assert expected in _page_errors(at)
    assert not at.image  # nothing was computed
    assert _rss() - before < 500_000_000


def test_inside_refuses_a_30000_by_1_image_with_a_message() -> None:
    from apptest import ok, open_page

    at = open_page("pages/inside.py", arch="resnet18")
    at.radio(key="w:in:image_source").set_value("upload").run()
    at.file_uploader(key="w:in:upload").set_value(("strip.png", _png(30000, 1), "image/png")).run()
    ok(at)
    assert "crop it to a less extreme shape" in _page_errors(at)


def test_architecture_page_says_what_inside_and_train_would_refuse() -> None:
    from apptest import open_page

    at = open_page("pages/architecture.py", arch="resnet18", input="3,2048,2048")
    infos = " ".join(i.value for i in at.info)
    assert "The Inside page would not build this model on this server: ResNet-18 at 2048×2048 needs" in infos
    assert at.number_input(key="w:batch").max == 1024  # the operator's max_batch


def test_the_train_page_refuses_a_run_over_budget_with_the_batch_that_fits(tmp_path: Path, monkeypatch, limits) -> None:
    from apptest import open_page
    from training_helpers import training_env

    from explorer.training import worker
    from ui import state

    for name, value in training_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    limits(max_activation_bytes="5 MB")  # LeNet-5 on the digits: a batch of 64 needs more
    at = open_page("pages/train.py")
    assert "Training LeNet-5 (book) at 28×28 with a batch of 64 needs" in _page_errors(at)  # said before the button
    assert at.button(key=state.TRAIN_START).disabled
    at.number_input(key=state.TRAIN_BATCH).set_value(16).run()
    assert not _page_errors(at) and not at.button(key=state.TRAIN_START).disabled
    with pytest.raises(B.OverBudget) as info:  # the worker checks too (a form that changed since it was drawn, the CLI)
        worker.prepare(worker.TrainConfig(batch_size=64, max_steps=1, device="cpu", train_size=64, val_size=32))
    assert info.value.template == N_("Training {title} at {size} with a batch of {batch} needs {cost}; this server allows {limit}: a batch of {fits} fits.")
    runs = tmp_path / "runs"
    assert not runs.exists() or not [p for p in runs.iterdir() if p.is_dir()]  # no run was created


def test_an_allocation_failure_on_inside_is_a_message(monkeypatch) -> None:
    from apptest import ok, open_page

    def no_memory(self, stop):
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory: you tried to allocate 17179869184 bytes.")

    import streamlit as st

    st.cache_resource.clear()  # feature maps cached by an earlier test in this process would never run
    st.cache_data.clear()
    monkeypatch.setattr(feats.Activations, "_run", no_memory)
    at = open_page("pages/inside.py", arch="tiny_vgg")
    ok(at)
    assert "The server ran out of memory for this request and has given the memory back" in _page_errors(at)
    assert "alloc_cpu" not in _page_errors(at)


def test_the_torchinfo_tab_at_64x8192x8192_allocates_nothing(limits) -> None:
    from apptest import open_page

    limits(max_input_side="8192")  # an operator who allows it: the tab still allocates no input
    before = _rss()
    at = open_page("pages/architecture.py", arch="vgg16", input="64,8192,8192", tab="torchinfo")
    assert any("Input size (MB): 17179.87" in c.value for c in at.code)
    assert _rss() - before < 500_000_000

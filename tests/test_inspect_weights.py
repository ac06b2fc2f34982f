"""Weights: seeds, state_dict files, torchvision checkpoints (downloaded from a local server), trained runs."""

from __future__ import annotations

import functools
import hashlib
import io
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import torch

from explorer.inside import weights as W
from explorer.zoo import architectures, build
from localhttp import QuietFiles, files, serve


def _save(obj) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def test_random_init_is_reproducible_and_leaves_the_global_rng_alone() -> None:
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    a = W.build_random("tiny_vgg", seed=7)
    assert torch.equal(torch.rand(1), expected_next)
    b = W.build_random("tiny_vgg", seed=7)
    c = W.build_random("tiny_vgg", seed=8)
    assert not a.training
    sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    assert not torch.equal(sa["features.conv_1_1.weight"], sc["features.conv_1_1.weight"])


def test_state_dict_round_trip_and_common_wrappings() -> None:
    model = W.build_random("lenet5", seed=0)
    sd = model.state_dict()
    for blob in (sd, {"state_dict": sd, "epoch": 3}, {"module." + k: v for k, v in sd.items()}):
        got = W.read_state_dict(_save(blob), name="lenet.pt")
        assert set(got) == set(sd)
        other = W.build_random("lenet5", seed=1)
        W.load_state_dict(other, got, arch="lenet5")
        assert torch.equal(other.features.c1.weight, model.features.c1.weight)


def test_legacy_format_files_load(tmp_path: Path) -> None:
    """torchvision's older checkpoints use torch.save's pre-1.6 format, which cannot be memory-mapped."""
    sd = W.build_random("lenet5", seed=0).state_dict()
    path = tmp_path / "legacy.pth"
    torch.save(sd, path, _use_new_zipfile_serialization=False)
    got = W.read_state_dict(path)
    assert all(torch.equal(got[k], sd[k]) for k in sd)


def test_loading_into_a_meta_model_assigns_the_files_tensors(tmp_path: Path) -> None:
    model = W.build_random("resnet_cifar", seed=0)
    path = tmp_path / "r.pth"
    torch.save(model.state_dict(), path)
    with torch.device("meta"):
        empty = build("resnet_cifar")
    W.load_state_dict(empty, W.read_state_dict(path), arch="resnet_cifar")
    x = torch.randn(1, 3, 32, 32)
    assert torch.equal(empty.eval()(x), model(x))


def test_weights_of_another_architecture_name_the_keys() -> None:
    state = W.read_state_dict(_save(W.build_random("resnet_cifar", seed=0).state_dict()))
    with pytest.raises(W.WeightsMismatch) as err:
        W.load_state_dict(W.build_random("tiny_vgg"), state, arch="tiny_vgg")
    e = err.value
    assert len(e.missing) == 10 and "features.conv_1_1.weight" in e.missing
    assert len(e.unexpected) == len(state)
    msg = str(e)
    assert "10 missing (features.conv_1_1.weight" in msg and f"{len(state)} unexpected (conv1.weight" in msg
    assert "looks like resnet_cifar" in msg


def test_mis_shaped_keys_are_named_with_both_shapes() -> None:
    state = W.build_random("tiny_vgg", {"num_classes": 3}).state_dict()
    with pytest.raises(W.WeightsMismatch, match=r"2 mis-shaped \(classifier.output.weight: 3×1690 ≠ 10×1690"):
        W.load_state_dict(W.build_random("tiny_vgg"), state, arch="tiny_vgg")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"just some text, not a pickle", "not a PyTorch weights file"),
        (_save({"w": torch.zeros(3)})[:200], "truncated"),
        (_save({"w": torch.zeros(3), "hook": functools.partial(print)}), "weights_only"),
        (_save([1, 2, 3]), "does not hold a state_dict"),
    ],
)
def test_bad_weight_files(data: bytes, message: str) -> None:
    with pytest.raises(W.WeightsError, match=message):
        W.read_state_dict(data, name="x.pth")


def test_missing_path() -> None:
    with pytest.raises(W.WeightsError, match="There is no weights file 'vgg16.pth'") as err:
        W.read_state_dict(Path("/nonexistent/vgg16.pth"))
    assert "/nonexistent" not in str(err.value), "the file's name only, never its folder"


def test_torchvision_googlenet_quirks() -> None:
    """torchvision's file carries aux1/aux2 and expects transform_input=True; both handled like torchvision does."""
    with torch.device("meta"):
        shapes = build("googlenet", aux_logits=True).state_dict()
        model, plain = build("googlenet"), build("googlenet")
    state = {k: torch.zeros(v.shape, dtype=v.dtype) for k, v in shapes.items()}
    assert not model.transform_input
    notes = W.load_state_dict(model, state, arch="googlenet", torchvision=True)
    assert model.transform_input and len(notes) == 2 and not any(p.is_meta for p in model.parameters())
    with pytest.raises(W.WeightsMismatch, match="unexpected"):  # a plain file keeps the strict check
        W.load_state_dict(plain, state, arch="googlenet")


def test_checkpoint_table_covers_the_pretrained_architectures() -> None:
    pretrained = {a.name for a in architectures() if a.pretrained}
    assert set(W.CHECKPOINTS) == pretrained
    for arch, name in W.CHECKPOINTS.items():
        assert len(W.HASH_REGEX.search(name).group(1)) >= 8  # ShuffleNet V2 x0.5 and x1.0 carry 10 digits
        assert W.checkpoint_url(arch, base_url="https://download.pytorch.org/models") == f"https://download.pytorch.org/models/{name}"
    assert W.CHECKPOINTS["vgg16"] == "vgg16-397923af.pth" and W.CHECKPOINTS["resnet50"] == "resnet50-0676ba61.pth"
    with pytest.raises(W.WeightsError, match="no official torchvision weights for lenet5"):
        W.checkpoint_url("lenet5")


# --- downloads from a local server -------------------------------------------------------


class _Handler(QuietFiles):
    requests: list[str] = []

    def do_GET(self) -> None:
        _Handler.requests.append(self.path)
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "served"
    root.mkdir()
    _Handler.requests = []
    with serve(files(root, _Handler)) as url:
        yield url, root


def _publish(root: Path, stem: str, *, good_hash: bool = True) -> tuple[str, bytes]:
    data = _save(W.build_random("lenet5", seed=0).state_dict())
    prefix = hashlib.sha256(data).hexdigest()[:8] if good_hash else "deadbeef"
    name = f"{stem}-{prefix}.pth"
    (root / name).write_bytes(data)
    return name, data


def test_download_checks_the_hash_writes_atomically_and_only_once(server, tmp_path: Path) -> None:
    base, root = server
    name, data = _publish(root, "lenet5")
    cache = tmp_path / "hub"
    seen: list[tuple[int, int | None]] = []
    path = W.download(f"{base}/{name}", dest_dir=cache, progress=lambda d, t: seen.append((d, t)), chunk_size=4096)
    assert path == cache / name and path.read_bytes() == data
    assert seen[0] == (0, len(data)) and seen[-1] == (len(data), len(data)) and len(seen) > 3
    assert sorted(p.name for p in cache.iterdir()) == [name]  # no temporary file left
    again = W.download(f"{base}/{name}", dest_dir=cache)
    assert again == path and _Handler.requests == [f"/{name}"]  # cached: not fetched twice
    model = W.build_random("lenet5", seed=5)
    W.load_state_dict(model, W.read_state_dict(path), arch="lenet5")


def test_a_corrupt_download_is_deleted(server, tmp_path: Path) -> None:
    base, root = server
    name, _ = _publish(root, "lenet5", good_hash=False)
    cache = tmp_path / "hub"
    with pytest.raises(W.DownloadFailed, match="corrupt.*not deadbeef"):
        W.download(f"{base}/{name}", dest_dir=cache)
    assert list(cache.iterdir()) == []


def test_missing_file_and_unreachable_server(server, tmp_path: Path) -> None:
    base, _ = server
    cache = tmp_path / "hub"
    with pytest.raises(W.DownloadFailed, match="404"):
        W.download(f"{base}/vgg16-397923af.pth", dest_dir=cache)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # bound, never listening: connection refused
        with pytest.raises(W.DownloadFailed, match="may be offline.*checkpoint file") as err:
            W.download(f"http://127.0.0.1:{closed}/vgg16-397923af.pth", dest_dir=cache, timeout=2)
    assert "127.0.0.1" in str(err.value)
    assert list(cache.iterdir()) == []


def test_start_download_job_reports_progress_and_finishes(server, tmp_path: Path, monkeypatch) -> None:
    base, root = server
    data = _save(W.build_random("lenet5", seed=0).state_dict())
    # Pretend this file is torchvision's resnet18 checkpoint: its name's hash will not match, so the job fails.
    (root / W.CHECKPOINTS["resnet18"]).write_bytes(data)
    monkeypatch.setenv(W.BASE_URL_ENV, base)
    monkeypatch.setenv(W.HUB_DIR_ENV, str(tmp_path / "hub"))
    job = W.start_download("resnet18")
    assert W.start_download("resnet18") is job  # joined, not started twice
    deadline = time.monotonic() + 20
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.02)
    assert job.finished and job.error and "corrupt" in job.error and job.path is None
    assert job.done == len(data) and job.fraction() == 1.0
    assert W.cached_checkpoint("resnet18") is None


# --- trained runs -----------------------------------------------------------------------


def test_runs_are_listed_and_their_weights_load(tmp_path: Path) -> None:
    """A run made by the runs store's own API (the one store the Train and Inside pages share) gives back its model."""
    from explorer.training import runs as store
    from people_helpers import make_run

    a = make_run(tmp_path, normalization={"mean": [0.5, 0.4, 0.3], "std": [0.2, 0.2, 0.25]})
    b = make_run(tmp_path, weights=False)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{not json")
    runs = {r.id: r for r in store.list_runs(tmp_path)}
    assert set(runs) == {a.id, b.id}
    run = store.get_run(a.id, tmp_path)
    assert run.architecture == "tiny_vgg" and run.input_shape == (3, 64, 64) and run.classes == ("circle", "square", "triangle")
    assert run.normalization() == ((0.5, 0.4, 0.3), (0.2, 0.2, 0.25)) and runs[b.id].normalization() is None
    assert set(run.weights()) == {"final", "best"} and runs[b.id].weights() == {}
    model = W.build_random(run.architecture, run.hyperparameters, seed=9)
    W.load_state_dict(model, W.read_state_dict(run.weights()["best"]), arch=run.architecture)
    expected = W.build_random("tiny_vgg", {"num_classes": 3}, seed=1)
    assert torch.equal(model.classifier.output.weight, expected.classifier.output.weight)
    with pytest.raises(store.RunNotFound, match="no run 'nope': pick one from the runs list"):
        store.get_run("nope", tmp_path)
    assert store.list_runs(tmp_path / "absent") == []


def test_model_cache_holds_its_size_even_while_building() -> None:
    """The least recently used model goes before a new one is built; one build at a time; errors cache nothing."""
    import threading

    from explorer.inside.weights import ModelCache

    cache = ModelCache(2)
    held_during_build: list[int] = []

    def build(key: str):
        def make():
            held_during_build.append(len(cache))
            return key.upper()
        return make

    assert cache.get("a", build("a")) == "A" and cache.get("b", build("b")) == "B"
    assert cache.get("a", build("never")) == "A"  # a hit: "a" is now the most recent
    assert cache.get("c", build("c")) == "C"  # "b" went first
    assert held_during_build == [0, 1, 1] and len(cache) == 2
    assert cache.get("a", build("never")) == "A" and cache.get("b", build("b")) == "B"

    def boom():
        raise RuntimeError("out of memory")

    with pytest.raises(RuntimeError):
        cache.get("d", boom)
    assert cache.get("d", build("d")) == "D"

    # A hit does not wait for someone else's build; a second build waits for the first.
    started, release, order = threading.Event(), threading.Event(), []

    def slow():
        started.set()
        release.wait(10)
        order.append("slow")
        return "S"

    t = threading.Thread(target=cache.get, args=("s", slow))
    t.start()
    started.wait(10)
    assert cache.get("d", build("never")) == "D"  # answered while "s" builds
    t2 = threading.Thread(target=lambda: order.append(cache.get("t", lambda: "T")))
    t2.start()
    t2.join(0.3)
    assert t2.is_alive(), "a second build waits for the first"
    release.set()
    t.join(10)
    t2.join(10)
    assert order == ["slow", "T"]

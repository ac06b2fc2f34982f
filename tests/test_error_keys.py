"""Every library error can be said in Chinese: a constant key, a catalogue entry, and the values its sentence needs.

The scan reads explorer/ with ``ast``: every construction of an ExplorerError
subclass (``raise X(...)``, and the helpers that build one to raise later)
passes ``key="…"`` as a string constant and its values as plain keywords (no
``**``, so the names are known here). The catalogue's ``err.<key>`` strings may
use only names passed at every site of that key, so formatting never fails.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import pkgutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

import explorer
from explorer.errors import ExplorerError, InputTooSmall, InvalidHyperparameter
from ui import i18n

import keyed  # tests/keyed.py

ROOT = keyed.ROOT


def _error_classes() -> dict[str, type[ExplorerError]]:
    """ExplorerError and its subclasses in explorer/, by name (every module imported first)."""
    for info in pkgutil.walk_packages(explorer.__path__, "explorer."):
        if not info.name.endswith("__main__"):  # running the CLI is not importing it
            importlib.import_module(info.name)
    found: dict[str, type[ExplorerError]] = {}
    todo = [ExplorerError]
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("explorer") and cls.__name__ not in found:
            found[cls.__name__] = cls
            todo.extend(cls.__subclasses__())
    return found


def _attribute_keywords(cls: type[ExplorerError]) -> set[str]:
    """Keywords a subclass's own __init__ keeps as attributes (WeightsMismatch's ``missing``), not as params."""
    named = {p.name for p in inspect.signature(cls.__init__).parameters.values() if p.kind is p.KEYWORD_ONLY}
    return named - {"key"} - set(cls("message").params)  # InputTooSmall's ``layer`` is both: it stays a param


@dataclass(frozen=True)
class Site:
    where: str
    cls: str
    key: str | None  # None: no key=, or not a string constant
    names: frozenset[str]
    star: bool  # a ``**mapping`` among the keywords


def _sites() -> list[Site]:
    classes = _error_classes()
    sites = []
    for path in sorted((ROOT / "explorer").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, (ast.Name, ast.Attribute)):
                name = node.exc.id if isinstance(node.exc, ast.Name) else node.exc.attr
                if name in classes:  # ``raise WeightsError``: a class raised without a message
                    sites.append(Site(f"{path.relative_to(ROOT)}:{node.lineno}", name, None, frozenset(), False))
    for c in keyed.calls(set(classes)):
        names = frozenset(c.keywords) - _attribute_keywords(classes[c.name])
        sites.append(Site(c.where, c.name, c.key, names, c.star))
    return sites


SITES = _sites()


def test_the_scan_finds_the_library_errors() -> None:
    assert len(SITES) > 150
    assert {"InvalidHyperparameter", "InputTooSmall", "WeightsMismatch", "DownloadFailed", "ConfigError", "BadImage"} <= {
        s.cls for s in SITES
    }


def test_every_error_has_a_constant_key_and_plain_keywords() -> None:
    unkeyed = [f"{s.where} {s.cls}" for s in SITES if s.key is None]
    assert not unkeyed, "ExplorerError constructions without key=\"…\" (a string constant):\n" + "\n".join(unkeyed)
    starred = [f"{s.where} {s.cls}" for s in SITES if s.star]
    assert not starred, "pass an error's values as plain keywords, not **mapping:\n" + "\n".join(starred)


def test_every_key_is_in_the_catalogue_with_placeholders_every_site_fills() -> None:
    missing = sorted({f"err.{s.key}  ({s.where})" for s in SITES if s.key and f"err.{s.key}" not in i18n.CATALOGUE})
    assert not missing, "keys without a catalogue entry (ui/catalogue_errors.py):\n" + "\n".join(missing)
    unfilled = keyed.unfilled(i18n.CATALOGUE, "err.", SITES)
    assert not unfilled, "placeholders a raise does not fill:\n" + "\n".join(unfilled)


def test_no_catalogue_entry_is_stale() -> None:
    used = {f"err.{s.key}" for s in SITES}
    stale = sorted(k for k in i18n.CATALOGUE if k.startswith("err.") and k not in used)
    assert not stale, f"err.* entries that no raise uses: {stale}"


# --- behaviour: the values travel with the error -------------------------------------------------


def _zh(err: ExplorerError) -> str:
    return i18n.text("err." + err.key, "zh", **err.params)


def _en(err: ExplorerError) -> str:
    return i18n.text("err." + err.key, "en", **err.params)


def test_a_bad_hyperparameter_in_chinese() -> None:
    with pytest.raises(InvalidHyperparameter) as info:
        explorer.build("resnet_cifar", depth=21)
    e = info.value
    assert e.key == "hparam.cifar_depth" and e.params["depth"] == 21
    assert "21" in _zh(e) and "6n+2" in _zh(e) and "超参数" in _zh(e) and _en(e) == str(e)

    with pytest.raises(InvalidHyperparameter) as info:
        explorer.get("lenet5").resolve({"num_classes": "0"})
    e = info.value
    assert e.key == "hparam.int_range" and (e.params["min"], e.params["max"]) == ("1", "100000")
    assert "不能取 0：" in _zh(e) and "1 到 100000" in _zh(e) and "lenet5" in _zh(e) and _en(e) == str(e)

    with pytest.raises(InvalidHyperparameter) as info:
        explorer.get("vgg16").resolve({"pool": "min"})
    assert info.value.key == "hparam.choice" and "'max', 'avg'" in _zh(info.value) and _en(info.value) == str(info.value)

    with pytest.raises(InvalidHyperparameter) as info:
        explorer.get("lenet5").resolve({"nope": 1})
    assert info.value.key == "hparam.unknown" and "'nope'" in _zh(info.value) and _en(info.value) == str(info.value)


def test_an_input_too_small_in_chinese_names_the_layer_and_the_smallest_input() -> None:
    with pytest.raises(InputTooSmall) as info:
        explorer.analyze("vgg16", input_shape=(3, 16, 16))
    e = info.value
    assert e.min_input_size is not None and e.params["layer"] == e.layer
    smallest = f"{e.min_input_size[0]}×{e.min_input_size[1]}"
    assert e.params["minimum"] == smallest
    zh = _zh(e)
    assert "输入太小" in zh and e.layer in zh and smallest in zh and e.params["size"] in zh
    assert _en(e) == str(e)


def test_an_unknown_architecture_and_an_input_shape_in_chinese() -> None:
    with pytest.raises(ExplorerError) as info:
        explorer.get("resnet9000")
    assert info.value.key == "arch.unknown" and "'resnet9000'" in _zh(info.value) and _en(info.value) == str(info.value)
    from explorer.analysis.engine import parse_shape

    with pytest.raises(ExplorerError) as info:
        parse_shape("3 by 224")
    assert info.value.key == "input.shape_text" and "'3 by 224'" in _zh(info.value) and _en(info.value) == str(info.value)


def test_a_training_setting_and_a_dataset_download_in_chinese(tmp_path: Path) -> None:
    from explorer.training.config import TrainConfig
    from explorer.training.download import download

    with pytest.raises(ExplorerError) as info:
        TrainConfig(lr=0.0).check()
    assert info.value.key == "config.lr" and "学习率" in _zh(info.value) and _en(info.value) == str(info.value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connection refused
        with pytest.raises(ExplorerError) as info:
            download(f"http://127.0.0.1:{port}/train-images.gz", tmp_path / "train-images.gz", timeout=2)
    e = info.value
    assert e.key == "download.offline" and "train-images.gz" in _zh(e) and tmp_path.name in _zh(e) and str(tmp_path) not in _zh(e) and _en(e) == str(e)


def test_errors_keep_their_key_and_values_through_pickle() -> None:
    """The training worker's errors cross processes; Exception's pickling keeps __dict__."""
    from explorer.inspect.weights import WeightsMismatch
    from explorer.training.download import DownloadError

    errors = [
        InputTooSmall("too small", layer="features.0", min_input_size=(32, 32), key="input.too_small", kind="Conv2d", size="1×1"),
        WeightsMismatch("no fit", missing=("a",), key="weights.mismatch", arch="vgg16", n_missing=1),
        DownloadError("cut", key="download.truncated", name="x.gz", done=1, total=2),
        InvalidHyperparameter("bad", key="hparam.bool", name="batch_norm", arch="vgg11", value="maybe"),
    ]
    for err in errors:
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err)
        assert back.key == err.key and back.params == err.params
    assert pickle.loads(pickle.dumps(errors[0])).min_input_size == (32, 32)
    assert pickle.loads(pickle.dumps(errors[1])).missing == ("a",)

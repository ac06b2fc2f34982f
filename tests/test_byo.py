"""Bring your own model: a person's file or module on the command line, an operator's modules on the server.

Oracles: PyTorch itself (the model built here, its parameters, a real forward pass) and torchinfo's
multiply-adds; never the analysis' own output.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torchinfo
from torch import nn

from apptest import open_page
from explorer import settings as S
from explorer.cli import build_parser, main
from explorer.cli_args import parse_literal, parse_literal_sets, resolve_model_arg
from explorer.errors import ExplorerError, InvalidHyperparameter, UnknownArchitecture
from explorer.zoo import external, registry
from ui import i18n
from explorer.i18n import N_

ROOT = Path(__file__).resolve().parent.parent

NET = '''
import torch
from torch import nn


class Net(nn.Module):
    input_shape = (3, 32, 32)

    def __init__(self, width: int = 8, num_classes: int = 10, batch_norm: bool = False):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 3, padding=1)
        self.bn = nn.BatchNorm2d(width) if batch_norm else nn.Identity()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(width, 2 * width, 3)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2 * width, num_classes))

    def forward(self, x):
        return self.head(self.conv2(self.pool(torch.relu(self.bn(self.conv1(x))))))


def make(widths=(8, 16), act="relu", dropout=0.0, seen=None):
    if not isinstance(widths, tuple) or not all(isinstance(w, int) for w in widths):
        raise TypeError(f"widths must be a tuple of ints, not {widths!r}")
    if seen is not None:
        seen.append((widths, act, dropout))
    layers, c = [], 3
    for w in widths:
        layers += [nn.Conv2d(c, w, 3, padding=1), nn.ReLU() if act == "relu" else nn.GELU()]
        c = w
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(dropout), nn.Linear(c, 10))


class Plain:
    pass


def not_a_model():
    return 42


def explodes(size=3):
    raise ValueError(f"size {size} is wrong, see {__file__}")


CONSTANT = 3
built = Net()
'''


@pytest.fixture(autouse=True)
def _own_sys_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a user's file puts its folder on sys.path (as ``python net.py`` does): not beyond one test."""
    monkeypatch.setattr(sys, "path", list(sys.path))


@pytest.fixture
def net_file(tmp_path: Path) -> Path:
    path = tmp_path / "net.py"
    path.write_text(NET)
    return path


def _module_of(path: Path):
    """The user's file imported here, independently of explorer's loader (the oracle's model)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"oracle_{path.stem}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _summary_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["summary", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# --- the command line: a file, a module ---------------------------------------------------------


def test_summary_of_a_class_in_a_file(net_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _summary_json(capsys, f"{net_file}:Net", "--set", "width=16", "--set", "batch_norm=true", "--input", "3x40x40")
    model = _module_of(net_file).Net(width=16, batch_norm=True).eval()
    info = torchinfo.summary(model, input_size=(1, 3, 40, 40), verbose=0)
    assert d["architecture"] == "net.py:Net" and d["input_shape"] == [3, 40, 40]
    assert d["hyperparameters"] == {"width": 16, "batch_norm": True}
    assert d["total_params"] == _params(model) == info.total_params
    assert d["mult_adds"] == info.total_mult_adds
    assert d["layers"][-1]["output_shape"] == list(model(torch.zeros(1, 3, 40, 40)).shape[1:])
    conv2 = next(layer for layer in d["layers"] if layer["name"] == "conv2")
    assert conv2["output_shape"] == [32, 18, 18]  # (40 / 2 - 3) + 1
    assert str(net_file.parent) not in json.dumps(d)  # the file's name, not its folder


def test_the_declared_input_shape_is_the_default(net_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = _summary_json(capsys, f"{net_file}:Net")
    assert d["input_shape"] == [3, 32, 32]
    assert d["total_params"] == _params(_module_of(net_file).Net())


def test_a_factory_in_a_module_gets_typed_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg" / "__init__.py").write_text("")
    (tmp_path / "mypkg" / "models.py").write_text(NET)
    monkeypatch.syspath_prepend(str(tmp_path))
    d = _summary_json(capsys, "mypkg.models:make", "--set", "widths=(4, 12, 20)", "--set", "act=gelu",
                      "--set", "dropout=0.25", "--input", "3,24,24")
    model = _module_of(tmp_path / "mypkg" / "models.py").make(widths=(4, 12, 20), act="gelu", dropout=0.25)
    info = torchinfo.summary(model, input_size=(1, 3, 24, 24), verbose=0)
    assert d["architecture"] == "mypkg.models:make"
    assert d["hyperparameters"] == {"widths": [4, 12, 20], "act": "gelu", "dropout": 0.25}
    assert d["total_params"] == info.total_params and d["mult_adds"] == info.total_mult_adds
    assert any(layer["type"] == "GELU" for layer in d["layers"])


def test_from_a_terminal_in_the_file_s_folder(net_file: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "explorer", "summary", "net.py:make", "--set", "widths=6,", "--input", "3,16,16"],
        cwd=net_file.parent, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr
    expected = _params(_module_of(net_file).make(widths=(6,)))
    assert f"Total params: {expected:,}" in proc.stdout


# --- --set values: typed by their spelling, never evaluated --------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", 10), ("-3", -3), ("0.5", 0.5), ("1e-3", 0.001), ("true", True), ("False", False), ("None", None),
     ("(64, 128)", (64, 128)), ("64,128", (64, 128)), ("[1, 2]", (1, 2)), ("'relu'", "relu"), ("relu", "relu"),
     ("3x32x32", "3x32x32"), ("", "")],
)
def test_set_values_are_literals(text: str, value: object) -> None:
    got = parse_literal(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "__import__('os').system('touch pwned')", "(1, __import__('os'))", "open('/etc/passwd')",
     "lambda: 0", "[x for x in ()]", "{'a': 1}", "1j", "b'x'", "2**100000", "9" * 5000, "(" * 500 + ")" * 500,
     "().__class__.__bases__[0].__subclasses__()", "eval('1')"],
)
def test_hostile_set_values_stay_text(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert parse_literal(text) == text
    assert not (tmp_path / "pwned").exists()


def test_a_hostile_value_reaches_the_factory_as_text(net_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(net_file.parent)
    evil = "__import__('os').system('touch pwned')"
    args = parse_literal_sets([f"act={evil}", "widths=(8,)"])
    mod = external.load_object(f"{net_file}:make")
    seen: list = []
    external.build_model(mod, {**args, "seen": seen})
    assert seen == [((8,), evil, 0.0)]
    assert not (net_file.parent / "pwned").exists()


def test_the_model_argument_is_recognised_in_one_place(tmp_path: Path) -> None:
    assert resolve_model_arg("vgg16") == "vgg16"
    assert resolve_model_arg("resnet-50") == "resnet-50"
    spec = resolve_model_arg("models/net.py:Net")
    assert isinstance(spec, external.Spec) and spec.path == Path("models/net.py") and spec.name == "Net"
    assert resolve_model_arg("pkg.models:build").module == "pkg.models"
    assert resolve_model_arg("net.py").name == ""
    assert resolve_model_arg("C:/models/net.py:Net").path == Path("C:/models/net.py")


# --- every mistake is one sentence with a key, in English and Chinese -----------------------------


def _error_of(argv: list[str]) -> ExplorerError:
    args = build_parser().parse_args(argv)
    with pytest.raises(ExplorerError) as info:
        args.func(args)
    return info.value


def _check_message(err: ExplorerError, *forbidden: str) -> None:
    assert i18n.translate(err.template, "en", **err.params) == str(err)
    zh = i18n.translate(err.template, "zh", **err.params)
    assert zh and zh != str(err)
    for text in (str(err), zh):
        assert "\n" not in text and "Traceback" not in text
        assert not any(f in text for f in forbidden), text


ERRORS = [
    (lambda d: ["summary", f"{d}/nope.py:Net"], N_("There is no file {file} there: check the path (for example models/net.py:Net)."), "nope.py"),
    (lambda d: ["summary", f"{d}/weights.pt:Net"], N_("{file} is not a Python file: name a .py file and the model in it, such as net.py:Net."), "weights.pt"),
    (lambda d: ["summary", f"{d}/broken.py:Net"], N_("Importing {file} failed with {error}; run python {file} to see where."), "ModuleNotFoundError: No module named 'not_installed_here'"),
    (lambda d: ["summary", f"{d}/syntax.py:Net"], N_("Importing {file} failed with {error}; run python {file} to see where."), "SyntaxError"),
    (lambda d: ["summary", f"{d}/raises.py:Net"], N_("Importing {file} failed with {error}; run python {file} to see where."), "RuntimeError: configured in raises.py"),
    (lambda d: ["summary", "no_such_package_here.models:Net"], N_("There is no module {module} to import: run from the folder that holds it, or add that folder to PYTHONPATH."), "no_such_package_here.models"),
    (lambda d: ["summary", f"{d}/net.py:Nett"], N_("{where} has no {name}; the nn.Module classes and functions it defines are: {found}."), "Net, make"),
    (lambda d: ["summary", f"{d}/net.py"], N_("Name the model in {where} after a colon, such as {where}:Net; it defines: {found}."), "net.py:Net"),
    (lambda d: ["summary", f"{d}/net.py:Plain"], N_("{name} is a class but not an nn.Module: name a torch.nn.Module subclass or a function that returns one."), "Plain"),
    (lambda d: ["summary", f"{d}/net.py:CONSTANT"], N_("{name} is {kind}, not a model class or factory: name the class, or a function that returns a model."), "a int"),
    (lambda d: ["summary", f"{d}/net.py:built"], N_("{name} is {kind}, not a model class or factory: name the class, or a function that returns a model."), "nn.Module instance"),
    (lambda d: ["summary", f"{d}/net.py:not_a_model"], N_("{name} returned a {kind}, not an nn.Module: a factory must return the model."), "returned a int"),
    (lambda d: ["summary", f"{d}/net.py:Net", "--set", "widht=3"], N_("{name} cannot be called with these arguments ({error}); it takes: {takes}."), "width, num_classes, batch_norm"),
    (lambda d: ["summary", f"{d}/net.py:make", "--set", "widths=wide"], N_("Building {name} failed with {error}."), "TypeError: widths must be"),
    (lambda d: ["summary", f"{d}/net.py:explodes", "--input", "3,8,8"], N_("Building {name} failed with {error}."), "ValueError: size 3 is wrong, see net.py"),
    (lambda d: ["summary", f"{d}/net.py:make"], N_("Give the input shape of one sample for {spec}, such as --input 3x32x32 (or give the class an attribute input_shape = (3, 32, 32))."), "--input 3x32x32"),
    (lambda d: ["train", f"{d}/net.py:Net"], N_("{command} takes a registered architecture, not {spec}: list your model in a module's MODELS and name the module with EXPLORER_MODELS=package.module (see the README, Bring your own model)."), "EXPLORER_MODELS"),
    (lambda d: ["bench", "vgg16", f"{d}/net.py:Net"], N_("{command} takes a registered architecture, not {spec}: list your model in a module's MODELS and name the module with EXPLORER_MODELS=package.module (see the README, Bring your own model)."), "EXPLORER_MODELS"),
]


@pytest.mark.parametrize(("argv", "key", "needle"), ERRORS, ids=[f"{e[1]}-{i}" for i, e in enumerate(ERRORS)])
def test_every_mistake_is_named(argv, key: str, needle: str, net_file: Path) -> None:
    d = net_file.parent
    (d / "weights.pt").write_bytes(b"\x80\x02")
    (d / "broken.py").write_text("import not_installed_here\n")
    (d / "syntax.py").write_text("class Net(nn.Module:\n    pass\n")
    (d / "raises.py").write_text("raise RuntimeError(f'configured in {__file__}')\n")
    err = _error_of(argv(d))
    assert err.template == key and needle in str(err), str(err)
    _check_message(err, str(d))


def test_mistakes_are_one_line_and_status_2(net_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", f"{net_file}:Net", "--set", "width=oops"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("explorer: error: Building Net failed with TypeError")
    assert str(net_file.parent) not in err and "Traceback" not in err


def test_load_object_wants_a_spec() -> None:
    with pytest.raises(ExplorerError) as info:
        external.load_object("vgg16")
    assert info.value.template == N_("{spec!r} names no model: write path/to/file.py:ClassName or package.module:factory.")
    _check_message(info.value)


# --- the operator's models on the server ---------------------------------------------------------


@pytest.fixture
def operator(monkeypatch: pytest.MonkeyPatch):
    """EXPLORER_MODELS=tests.operator_models for one test; the registry without them afterwards."""
    monkeypatch.setenv("EXPLORER_MODELS", "tests.operator_models")
    S.reload()
    yield
    monkeypatch.delenv("EXPLORER_MODELS")
    S.reload()
    external.sync_operator_models()


OPERATOR = ["operator_wide", "operator_net", "operator_mlp"]


def test_operator_models_are_registered_and_build(operator) -> None:
    from explorer.analysis import analyze
    from tests.operator_models import OperatorNet

    assert registry.list_architectures("operator") == OPERATOR
    assert external.operator_models() == OPERATOR
    arch = registry.get("operator_net")
    assert (arch.group, arch.title, arch.input_shape) == ("operator", "Operator's net", (3, 32, 32))
    assert [(h.name, h.default, h.min, h.max) for h in arch.hparams] == [("num_classes", 10, 1, 100_000)]  # from the data
    mlp = registry.get("operator_mlp")
    assert (mlp.input_shape, mlp.hparams) == ((3, 224, 224), ())  # declared none: the defaults
    model = registry.build("operator_net")
    assert isinstance(model, OperatorNet) and _params(model) == _params(OperatorNet())
    assert registry.build("operator_net", num_classes=3).classifier.out_features == 3
    with pytest.raises(InvalidHyperparameter):
        registry.build("operator_net", num_classes=0)  # the zoo's range
    with pytest.raises(InvalidHyperparameter):
        registry.build("operator_mlp", width=3)  # nothing else is declared: a browser's value never reaches the code
    report = analyze("operator_net")
    info = torchinfo.summary(OperatorNet(), input_size=(1, 3, 32, 32), verbose=0)
    assert report.total_params == info.total_params and report.mult_adds == info.total_mult_adds
    wide = registry.build("operator_wide", width=8)
    assert _params(wide) == 3 * 8 * 9 + 8 + 8 * 10 + 10
    assert analyze("operator_wide", width=8).total_params == _params(wide)


def test_operator_models_leave_with_the_setting(operator, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "operator_net" in registry.list_architectures()
    monkeypatch.delenv("EXPLORER_MODELS")
    S.reload()
    assert not set(OPERATOR) & set(registry.list_architectures())
    monkeypatch.setenv("EXPLORER_MODELS", "tests.operator_models")
    S.reload()
    assert registry.list_architectures("operator") == OPERATOR  # back, @register ones included


def test_operator_models_in_the_cli_list(operator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "operator models:" in out and "  operator_net " in out


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ("MODELS = [1, 2]", N_("{module}.MODELS must be a dict of name → model class or factory, not a {kind}.")),
        ("MODELS = {'Bad Name': lambda: None}", N_("{module}.MODELS has the name {name}: use lower-case letters, digits and underscores, starting with a letter.")),
        ("from torch import nn\nMODELS = {'vgg16': nn.Identity}", N_("{module}.MODELS names {name}, which is already an architecture: choose another name.")),
        ("MODELS = {'three': 3}", N_("{module}.MODELS[{name!r}] must be an nn.Module class or a function that returns one.")),
        ("import not_installed_here", N_("Importing {module} failed with {error}; run python -c \"import {module}\" to see where.")),
    ],
)
def test_an_operator_module_s_mistakes_are_named(source: str, key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "opmod_" + "".join(c for c in source.lower() if c.isalnum())[:24]
    (tmp_path / f"{name}.py").write_text(source + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = registry.list_architectures()
    with pytest.raises(ExplorerError) as info:
        external.load_operator_models([name])
    assert info.value.template == key
    _check_message(info.value, str(tmp_path))
    assert registry.list_architectures() == before  # nothing half-registered
    sys.modules.pop(name, None)


def test_only_module_names_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExplorerError) as info:
        external.load_operator_models(["os:system"])
    assert info.value.template == N_("{name!r} is not a module name: the models setting takes dotted names such as mypackage.models, separated by commas.")
    _check_message(info.value)
    for value in ("os:system", "../evil", "/tmp/x.py", "a b"):
        with pytest.raises(S.SettingsError):
            S.load({"EXPLORER_MODELS": value})
    assert S.load({"EXPLORER_MODELS": " a.b , c,a.b"}).models == ("a.b", "c")
    assert S.load({}).models == ()


def test_a_name_from_a_link_imports_nothing() -> None:
    sys.modules.pop("this", None)  # the Zen of Python: a module whose import shows
    for name in ("this:x", "this", "os:system", "tests.operator_models:OperatorNet", "/etc/passwd.py:x"):
        with pytest.raises(UnknownArchitecture):
            registry.get(name)
    assert "this" not in sys.modules


def test_the_command_lines_import_one_way() -> None:
    """explorer/cli.py imports explorer/training/cli.py; nothing under explorer/training imports explorer.cli."""
    for path in (ROOT / "explorer" / "training").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "explorer.cli", path.name
            if isinstance(node, ast.Import):
                assert all(a.name != "explorer.cli" for a in node.names), path.name


# --- serve: streamlit run app.py with the operator's modules -------------------------------------


def test_serve_starts_streamlit_with_the_models(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                operator) -> None:
    class Started(Exception):
        pass

    calls = []

    def start(exe: str, cmd: list[str], env: dict[str, str]) -> None:
        calls.append((exe, cmd, env))
        raise Started  # execve does not return

    monkeypatch.setattr(os, "execve", start)
    monkeypatch.setattr(subprocess, "call", lambda cmd, env: start(cmd[0], cmd, env))
    with pytest.raises(Started):
        main(["serve", "--models", "tests.operator_models", "--port", "8599", "--", "--server.address=127.0.0.1"])
    (exe, cmd, env), = calls
    assert exe == sys.executable and cmd[:4] == [sys.executable, "-m", "streamlit", "run"] and cmd[4] == str(ROOT / "app.py")
    assert cmd[5:7] == ["--server.port", "8599"] and cmd[-1] == "--server.address=127.0.0.1"
    assert "--client.showErrorDetails=none" in cmd  # the app's config, whatever folder it starts from
    assert "--runner.postScriptGC=false" in cmd  # a full GC after every rerun was a quarter of a class's server
    assert env["EXPLORER_MODELS"] == "tests.operator_models" and str(ROOT) in env["PYTHONPATH"].split(":")
    assert "operator_net" in capsys.readouterr().err


def test_serve_refuses_a_module_that_fails_before_starting(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(os, "execve", lambda *a: pytest.fail("started"))
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: pytest.fail("started"))
    assert main(["serve", "--models", "no_such_module_here"]) == 2
    assert "There is no module no_such_module_here" in capsys.readouterr().err
    assert main(["serve", "--models", "os:system"]) == 2
    assert "module names" in capsys.readouterr().err


# --- the app ------------------------------------------------------------------------------------


def test_the_architecture_page_shows_an_operator_model(operator) -> None:
    from tests.operator_models import OperatorNet

    at = open_page("pages/architecture.py", arch="operator_net")
    assert at.title[0].value == "Operator's net"
    params = next(m.value for m in at.metric if m.label == "Parameters")
    assert params == f"{_params(OperatorNet()):,}"
    group = at.segmented_control(key="w:group")
    assert group.value == "operator" and "Operator's models" in group.options
    assert at.selectbox(key="w:arch").options == [
        "Operator's wide net  ·  operator_wide", "Operator's net  ·  operator_net", "operator_mlp  ·  operator_mlp",
    ]
    at.selectbox(key="w:arch").set_value("operator_wide").run()
    assert not at.exception and at.title[0].value == "Operator's wide net"
    at.number_input(key="hp:operator_wide:width").set_value(8).run()  # a declared hyperparameter is a widget
    assert next(m.value for m in at.metric if m.label == "Parameters") == f"{3 * 8 * 9 + 8 + 8 * 10 + 10:,}"


def test_a_link_cannot_import_a_module() -> None:
    sys.modules.pop("this", None)
    at = open_page("pages/architecture.py", arch="this:x", models="this")
    assert "this" not in sys.modules
    assert at.title[0].value == "VGG-16"  # the link's architecture was refused, the default shown
    assert any("this:x" in w.value for w in at.warning)

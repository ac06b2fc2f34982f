"""Models from outside the zoo: a person's own file on the command line, an operator's module on the server.

Two doors, and only people who run the code open them:

- the command line (``python -m explorer summary net.py:Net``): :func:`load_object` imports the file or
  module the user named on their own machine, :func:`build_model` calls it with their ``--set`` values;
- the server: the operator names modules in the setting ``models`` (``EXPLORER_MODELS=pkg.models``,
  or ``python -m explorer serve --models pkg.models``) and :func:`sync_operator_models` registers what they
  declare in the registry group ``"operator"``, so that every page lists and builds them like zoo models.

A browser never names a module: the registry reads the setting, never a request, and looks names up in
a dict (a link's ``?arch=os:system`` is an unknown architecture).

An operator's module declares its models in one of two ways::

    # pkg/models.py
    from torch import nn

    class SmallNet(nn.Module):
        input_shape = (3, 32, 32)            # optional: the default input (else 3×224×224)
        def __init__(self, num_classes: int = 10): ...

    MODELS = {"small_net": SmallNet}          # name → class or factory; hyperparameters: num_classes, in_channels

or, with hyperparameters the pages render as widgets, with the zoo's own decorator::

    from explorer.zoo import HParam, register

    @register("wide_net", group="operator", title="Wide net", source="our course, week 3",
              input_shape=(3, 32, 32), hparams=[HParam("width", int, 32, min=8, max=256, help="channels")])
    def wide_net(width: int = 32) -> nn.Module: ...
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from torch import nn

from explorer.errors import ExplorerError, without_paths
from explorer.i18n import N_

OPERATOR_GROUP = "operator"
DEFAULT_INPUT = (3, 224, 224)

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_MODULE = re.compile(rf"{_IDENT}(?:\.{_IDENT})*")
_NAME = re.compile(_IDENT)
_ARCH_NAME = re.compile(r"[a-z][a-z0-9_]*")  # what the registry's lookup (lower case, '-' → '_') can find


@dataclass(frozen=True)
class Spec:
    """A user's model named on the command line: ``file.py:Name`` or ``package.module:name``.

    Attributes:
        text: as written.
        path: the ``.py`` file, or None for a module.
        module: the dotted module name, or None for a file.
        name: the class or factory in it ("" when the text names none).
    """

    text: str
    path: Path | None
    module: str | None
    name: str

    @property
    def label(self) -> str:
        """``net.py:Net`` or ``pkg.models:Net``: the file's name only, never its folder."""
        where = self.path.name if self.path is not None else self.module
        return f"{where}:{self.name}" if self.name else str(where)


def parse_spec(text: str) -> Spec | None:
    """The :class:`Spec` that ``text`` writes, or None when it is not one (a registry name, say).

    Recognised: anything ending ``.py`` (with or without ``:name``), ``path/to/file:name`` (a path with
    a folder, or a file that exists), and ``dotted.module:name`` with identifiers on both sides. Nothing
    is imported here.
    """
    text = str(text).strip()
    left, colon, right = text.rpartition(":")
    if not colon:
        left, right = text, ""
    if left.lower().endswith(".py") and (not colon or right):
        return Spec(text, Path(left).expanduser(), None, right)
    if colon and left and right and ("/" in left or "\\" in left or Path(left).expanduser().is_file()):
        return Spec(text, Path(left).expanduser(), None, right)  # a file that is not .py: said so when loading
    if colon and _MODULE.fullmatch(left) and _NAME.fullmatch(right):
        return Spec(text, None, left, right)
    if text.lower().endswith(".py"):  # "file.py:" or a path with a colon in it
        return Spec(text, Path(text.rstrip(":")).expanduser(), None, "")
    return None


def _one_line(err: BaseException) -> str:
    """``ModuleNotFoundError: No module named 'timm'``: the exception's first line, no folder of this machine."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return without_paths(f"{type(err).__name__}: {first}" if first else type(err).__name__)


def _import_file(spec: Spec) -> Any:
    path = spec.path
    assert path is not None
    if not path.suffix == ".py":
        raise ExplorerError(
            N_("{file} is not a Python file: name a .py file and the model in it, such as net.py:Net."), file=path.name,
        )
    if not path.is_file():
        raise ExplorerError(
            N_("There is no file {file} there: check the path (for example models/net.py:Net)."), file=path.name,
        )
    path = path.resolve()
    stem = re.sub(r"\W", "_", path.stem)
    name = f"_explorer_byo_{stem}_{abs(hash(str(path))):x}"
    if name in sys.modules:
        return sys.modules[name]
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # as `python net.py` does: the file may import its neighbours
    module_spec = importlib.util.spec_from_file_location(name, path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up while it runs
    try:
        module_spec.loader.exec_module(module)
    except (Exception, SystemExit) as err:  # SyntaxError, ImportError, whatever its top level raises
        sys.modules.pop(name, None)
        raise ExplorerError(
            N_("Importing {file} failed with {error}; run python {file} to see where."), file=path.name, error=_one_line(err),
        ) from None
    return module


def _import_module(module: str, *, what: str = "") -> Any:
    try:
        return importlib.import_module(module)
    except (Exception, SystemExit) as err:  # SyntaxError, ImportError, whatever its top level raises
        if isinstance(err, ModuleNotFoundError) and err.name and module.startswith(err.name):
            raise ExplorerError(
                N_("There is no module {module} to import: run from the folder that holds it, or add that folder to PYTHONPATH."), module=module,
            ) from None
        raise _module_failed(module, err) from None


def _module_failed(module: str, err: BaseException) -> ExplorerError:
    return ExplorerError(
        N_("Importing {module} failed with {error}; run python -c \"import {module}\" to see where."), module=module, error=_one_line(err),
    )


def _candidates(module: Any) -> list[str]:
    """Names worth suggesting: the module's own nn.Module classes and functions."""
    own = getattr(module, "__name__", None)
    out = []
    for k, v in vars(module).items():
        if k.startswith("_") or getattr(v, "__module__", None) != own:
            continue
        if (inspect.isclass(v) and issubclass(v, nn.Module)) or inspect.isfunction(v):
            out.append(k)
    return out


def load_object(spec: str | Spec) -> Any:
    """Import what ``spec`` names and return the class or factory in it (the command line's door).

    Raises:
        ExplorerError: the file is missing or not ``.py``, importing it failed (its one-line message, no
            folder), or it has no such name (with the names it has).
    """
    if isinstance(spec, str):
        parsed = parse_spec(spec)
        if parsed is None:
            raise ExplorerError(
                N_("{spec!r} names no model: write path/to/file.py:ClassName or package.module:factory."), spec=spec,
            )
        spec = parsed
    module = _import_file(spec) if spec.path is not None else _import_module(spec.module or "")
    where = spec.path.name if spec.path is not None else spec.module
    found = ", ".join(_candidates(module)) or "none"
    if not spec.name:
        raise ExplorerError(
            N_("Name the model in {where} after a colon, such as {where}:Net; it defines: {found}."), where=where, found=found,
        )
    try:
        return getattr(module, spec.name)
    except AttributeError:
        raise ExplorerError(
            N_("{where} has no {name}; the nn.Module classes and functions it defines are: {found}."), where=where, name=spec.name, found=found,
        ) from None


def build_model(obj: Any, arguments: Mapping[str, Any] | None = None, *, label: str = "") -> nn.Module:
    """Call the class or factory ``obj`` with ``arguments`` and check that it gives an ``nn.Module``.

    Raises:
        ExplorerError: ``obj`` is not a model class or a function, the arguments do not fit its
            signature (with the ones it takes), it raised (its one-line message), or it returned
            something else than an ``nn.Module``.
    """
    label = label or getattr(obj, "__name__", type(obj).__name__)
    arguments = dict(arguments or {})
    if inspect.isclass(obj) and not issubclass(obj, nn.Module):
        raise ExplorerError(
            N_("{name} is a class but not an nn.Module: name a torch.nn.Module subclass or a function that returns one."), name=label,
        )
    if not callable(obj) or isinstance(obj, nn.Module):
        kind = "an nn.Module instance" if isinstance(obj, nn.Module) else f"a {type(obj).__name__}"
        raise ExplorerError(
            N_("{name} is {kind}, not a model class or factory: name the class, or a function that returns a model."), name=label, kind=kind,
        )
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        signature = None
    if signature is not None:
        try:
            signature.bind(**arguments)
        except TypeError as err:
            takes = ", ".join(p.name for p in signature.parameters.values()
                              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)) or "no arguments"
            raise ExplorerError(
                N_("{name} cannot be called with these arguments ({error}); it takes: {takes}."), name=label, error=str(err), takes=takes,
            ) from None
    try:
        model = obj(**arguments)
    except ExplorerError:
        raise
    except (Exception, SystemExit) as err:
        raise ExplorerError(
            N_("Building {name} failed with {error}."), name=label, error=_one_line(err)
        ) from None
    if not isinstance(model, nn.Module):
        raise ExplorerError(
            N_("{name} returned a {kind}, not an nn.Module: a factory must return the model."), name=label, kind=type(model).__name__,
        )
    return model


def declared_input_shape(*objs: Any) -> tuple[int, int, int] | None:
    """The first ``input_shape`` of three positive ints that one of ``objs`` declares (class, factory, model)."""
    for obj in objs:
        shape = getattr(obj, "input_shape", None)
        if isinstance(shape, (tuple, list)) and len(shape) == 3 and all(isinstance(v, int) and v > 0 for v in shape):
            return tuple(shape)  # type: ignore[return-value]
    return None


# --- the operator's models --------------------------------------------------------------------------

_lock = threading.RLock()
_loaded: dict[str, tuple[str, ...]] = {}  # module → the registry names it added, in the order the setting lists them
_parked: dict[str, list[Any]] = {}  # module → its @register'ed architectures while the setting leaves it out
_syncing = threading.local()
_in_force: tuple[str, ...] = ()  # the modules whose models the registry holds (replaced whole, read without the lock)


def check_module_name(name: str) -> str:
    """``name`` if it is a dotted module name (``pkg.models``), else a settings error naming it."""
    text = str(name).strip()
    if not _MODULE.fullmatch(text):
        raise ExplorerError(
            N_("{name!r} is not a module name: the models setting takes dotted names such as mypackage.models, separated by commas."), name=text,
        )
    return text


def load_operator_models(modules: Sequence[str]) -> list[str]:
    """Import each of the operator's ``modules`` and register the models it declares; return their names.

    A module's models are its ``@register`` calls (any group; ``"operator"`` is the one meant for it) and
    the entries of its ``MODELS`` dict, registered in the group ``"operator"`` with the entry's
    ``input_shape`` and ``title`` attributes if it has them, and as hyperparameters only ``num_classes``
    and ``in_channels`` if it takes them (see :func:`_data_hparams`). Modules already loaded
    are not imported again.

    Raises:
        ExplorerError: a bad module name, an import that fails, a ``MODELS`` that is not a dict of
            classes or factories, or a name the registry already has.
    """
    from explorer.zoo import registry

    names: list[str] = []
    with _lock:
        for module in modules:
            module = check_module_name(module)
            if module in _loaded:
                names.extend(_loaded[module])
                continue
            before = set(registry._REGISTRY)
            try:
                if module in sys.modules:  # imported before: its @register calls ran then, and do not run again
                    for arch in _parked.pop(module, ()):  # taken out when the setting dropped it: put back
                        registry._REGISTRY.setdefault(arch.name, arch)
                    mod = sys.modules[module]
                else:
                    mod = _import_module(module)
                added = [n for n, a in registry._REGISTRY.items()
                         if n not in before or (getattr(a.builder, "__module__", None) == module and a.group == OPERATOR_GROUP)]
                added += _register_models_dict(mod, module)
            except BaseException:
                for n in set(registry._REGISTRY) - before:
                    registry._REGISTRY.pop(n, None)
                raise
            _loaded[module] = tuple(added)
            names.extend(added)
    return names


def _register_models_dict(mod: Any, module: str) -> list[str]:
    from explorer.zoo import registry

    table = getattr(mod, "MODELS", None)
    if table is None:
        return []
    if not isinstance(table, Mapping):
        raise ExplorerError(
            N_("{module}.MODELS must be a dict of name → model class or factory, not a {kind}."), module=module, kind=type(table).__name__,
        )
    added = []
    for name, factory in table.items():
        if not isinstance(name, str) or not _ARCH_NAME.fullmatch(name):
            shown = repr(name)
            raise ExplorerError(
                N_("{module}.MODELS has the name {name}: use lower-case letters, digits and underscores, starting with a letter."), module=module, name=shown,
            )
        if name in registry._REGISTRY:
            raise ExplorerError(
                N_("{module}.MODELS names {name}, which is already an architecture: choose another name."), module=module, name=name,
            )
        if not callable(factory) or isinstance(factory, nn.Module) or (
            inspect.isclass(factory) and not issubclass(factory, nn.Module)
        ):
            raise ExplorerError(
                N_("{module}.MODELS[{name!r}] must be an nn.Module class or a function that returns one."), module=module, name=name,
            )
        title = getattr(factory, "title", None)
        registry.register(
            name,
            hparams=_data_hparams(factory),
            title=title if isinstance(title, str) and title else name,
            group=OPERATOR_GROUP,
            source=f"{module} (this server's operator)",
            input_shape=declared_input_shape(factory) or DEFAULT_INPUT,
        )(_builder(factory))
        added.append(name)
    return added


def _data_hparams(factory: Callable[..., Any]) -> tuple[Any, ...]:
    """``num_classes`` and ``in_channels``, when the factory takes them with an int default: the two values the
    pages set from the data (a dataset's classes, an input's channels), declared with the zoo's own ranges.

    No other argument is declared: a value a browser chose would reach the operator's code, whose cost
    (a loop, an allocation) nothing could check beforehand. ``@register`` declares more, with ranges.
    """
    from explorer.zoo import hparams

    try:
        params = inspect.signature(factory).parameters
    except (TypeError, ValueError):
        return ()
    out = []
    for hp in (hparams.num_classes, hparams.in_channels):
        p = params.get(hp.__name__)
        if p is not None and isinstance(p.default, int) and not isinstance(p.default, bool) and p.default >= 1:
            out.append(hp(p.default))
    return tuple(out)


def _builder(factory: Callable[..., Any]) -> Callable[..., nn.Module]:
    """The registry's builder for a ``MODELS`` entry: its declared values in, a checked ``nn.Module`` out."""
    label = getattr(factory, "__name__", "model")

    def build(**values: Any) -> nn.Module:
        return build_model(factory, values, label=label)

    build.__name__ = label
    build.__doc__ = factory.__doc__
    return build


def unload_operator_models(modules: Sequence[str] | None = None) -> None:
    """Take ``modules``' models out of the registry (default: every operator module's)."""
    from explorer.zoo import registry

    global _in_force
    with _lock:
        _in_force = (None,)  # type: ignore[assignment]  # changed by hand: the next sync checks again
        for module in list(_loaded if modules is None else modules):
            for name in _loaded.pop(module, ()):
                arch = registry._REGISTRY.pop(name, None)
                if arch is not None and getattr(arch.builder, "__module__", None) == module:  # @register: kept for a return
                    _parked.setdefault(module, []).append(arch)


def sync_operator_models() -> None:
    """Make the registry hold the models of exactly the modules the setting ``models`` names.

    Called by the registry before every lookup: cheap when nothing changed (one comparison), and it
    follows :func:`explorer.settings.reload` (tests, an operator's change). Only the setting, read from
    the operator's file or environment, names modules.
    """
    from explorer.settings import settings

    global _in_force
    wanted = tuple(settings().models)
    if _in_force == wanted or getattr(_syncing, "active", False):  # one comparison of an immutable snapshot
        return
    with _lock:
        _syncing.active = True  # an operator's module that looks up an architecture while it loads
        try:
            unload_operator_models([m for m in _loaded if m not in wanted])
            if tuple(_loaded) != wanted:  # a different order: load again in the setting's order
                unload_operator_models()
            load_operator_models(wanted)
            _in_force = wanted
        finally:
            _syncing.active = False


def operator_models() -> list[str]:
    """Names of the operator's models now registered (after syncing with the setting)."""
    sync_operator_models()
    return [n for names in _loaded.values() for n in names]

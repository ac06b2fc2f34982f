"""``analyze``: a model and an input shape in, a :class:`Report` out."""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Iterable, Mapping
from typing import Any

import torch
from torch import nn

from explorer.analysis.ops import op_type
from explorer.analysis.records import LayerRecord, ReceptiveField, Report
from explorer.analysis.trace import Trace, min_input_size, module_attrs, run_trace, torchinfo_macs
from explorer.errors import InputTooSmall, InvalidInput
from explorer.zoo.registry import Architecture, get
from explorer.i18n import N_

# Re-exported for callers written before these moved to explorer.zoo.spec (tests, the design helper).
from explorer.zoo.spec import as_shape as _shape
from explorer.zoo.spec import bind_input, build_meta, check_input_limits, parse_shape  # noqa: F401

ELEMENT_BYTES = 4  # float32


def analyze(
    name_or_model: str | nn.Module,
    input_shape: tuple[int, int, int] | list[int] | None = None,
    **hyperparameters: Any,
) -> Report:
    """Analyse every layer of an architecture (by name) or of a model.

    By name, the model is built on the meta device (no weights are allocated)
    with ``hyperparameters`` validated against the architecture's spec; an
    architecture whose builder takes ``in_channels`` / ``input_size`` is built
    for ``input_shape``. Results for a name are cached by (name,
    hyperparameters, input shape); reports are immutable.

    Args:
        name_or_model: a registered name (see ``explorer.list_architectures()``)
            or an ``nn.Module``. Its parameters may live on any device and are
            never changed. A model on another device is copied to the meta
            device first. A model already on the meta device is traced as it is,
            which is three times faster: during the call each module's
            ``forward`` is wrapped and every module is in eval mode; both are
            undone in ``finally``, also when the analysis raises. So do not
            analyse a meta model that another thread calls at the same time
            (as the project's rule says, never analyse a model instance that
            another session shares; give each its own).
        input_shape: (C, H, W) of one sample; default: the architecture's.

    Raises:
        UnknownArchitecture, InvalidHyperparameter: bad name or values.
        InputTooSmall: naming the first layer whose output would be empty and
            the smallest input that works.
        InvalidInput: channels or features that do not fit the model.
    """
    shape = _shape(input_shape) if input_shape is not None else None
    if isinstance(name_or_model, nn.Module):
        if hyperparameters:
            raise InvalidInput(
                N_("Hyperparameters apply to an architecture name, not to a model that is already built.")
            )
        if shape is None:
            raise InvalidInput(N_("Give the input shape (C, H, W) to analyse a model."))
        # A model already on the meta device is analysed as it is (copying ResNet-152 costs three times the
        # analysis); any other gets a private meta copy, so that no compute runs and its weights stay untouched.
        named = list(name_or_model.named_modules())
        if _all_meta(m for _, m in named):
            return _analyze_module(name_or_model, shape, named=named)
        return _analyze_module(_meta_copy(name_or_model), shape)
    arch = get(name_or_model)
    hp, shape = bind_input(arch, hyperparameters, shape)
    check_input_limits(shape)  # a registered architecture: the app's and the CLI's path
    return _analyze_arch(arch.name, tuple(sorted(hp.items())), shape)


@functools.lru_cache(maxsize=64)  # bounded: a class switching models all day must not grow memory
def _analyze_arch(name: str, hp_items: tuple[tuple[str, Any], ...], shape: tuple[int, int, int]) -> Report:
    arch = get(name)
    hp = dict(hp_items)
    try:
        model = build_meta(arch, hp)
        return _analyze_module(model, shape, architecture=arch.name, title=arch.title, hyperparameters=hp)
    except InputTooSmall as err:
        raise _with_minimum(err, arch, hp, shape) from None


def _with_minimum(err: InputTooSmall, arch: Architecture, hp: dict[str, Any], shape: tuple[int, int, int]) -> InputTooSmall:
    """Re-raise ``err`` with the smallest input that works, found by tracing a size that does."""
    minimum: tuple[int, int] | None = None
    c = shape[0]
    for size in (arch.input_shape[1], 224, 512, 1024, 2048):
        probe_hp = dict(hp)
        if "input_size" in probe_hp:
            probe_hp["input_size"] = size
        try:
            trace, _ = run_trace(build_meta(arch, probe_hp), (c, size, size))
        except InputTooSmall:
            continue
        minimum = min_input_size(trace)
        break
    if minimum is None:
        return err
    smallest = f"{minimum[0]}×{minimum[1]}"
    p = err.params
    if err.template == N_("The input is too small: layer '{layer}' ({kind}, kernel {kernel}) receives a {size} map and would output nothing."):  # the trace's sentence (a layer met while running the model)
        return InputTooSmall(
            N_("The input is too small: layer '{layer}' ({kind}, kernel {kernel}) receives a {size} map and would output nothing. The smallest input that works is {minimum}."), layer=err.layer, min_input_size=minimum,
            kind=p["kind"], kernel=p["kernel"], size=p["size"], minimum=smallest,
        )
    if err.template == N_("The input is too small: layer '{layer}' ({kind}) would get a {size} map and output nothing."):  # a builder's sentence (sizing its classifier by arithmetic)
        return InputTooSmall(
            N_("The input is too small: layer '{layer}' ({kind}) would get a {size} map and output nothing. The smallest input that works is {minimum}."), layer=err.layer, min_input_size=minimum,
            kind=p["kind"], size=p["size"], minimum=smallest,
        )
    return InputTooSmall(
        N_("{detail} The smallest input that works is {minimum}."), layer=err.layer, min_input_size=minimum, detail=str(err), minimum=smallest
    )


def _analyze_module(
    model: nn.Module,
    shape: tuple[int, int, int],
    *,
    architecture: str | None = None,
    title: str | None = None,
    hyperparameters: dict[str, Any] | None = None,
    named: list[tuple[str, nn.Module]] | None = None,
) -> Report:
    """Analyse ``model``, a private instance on the meta device (nobody else may call it meanwhile);
    ``named`` is ``list(model.named_modules())`` when the caller has it already."""
    named = named if named is not None else list(model.named_modules())
    trace, out = run_trace(model, shape, named)
    modules = [m for _, m in named]
    layers = _records(trace, model, modules)
    params = {id(p): p for m in modules for p in m._parameters.values() if p is not None}
    total = sum(p.numel() for p in params.values())
    trainable = sum(p.numel() for p in params.values() if p.requires_grad)
    bn_stats = sum(_bn_buffers(m) for m in modules)
    leaves = [r for r in layers if r.is_leaf]
    spatial = [r for r in leaves if r.receptive_field is not None]
    final_rf = None if trace.rf_broken or not spatial else spatial[-1].receptive_field
    out_t = _first_tensor(out)
    out_info = trace.info.get(id(out_t)) if out_t is not None else None
    return Report(
        architecture=architecture or type(model).__name__,
        title=title or type(model).__name__,
        hyperparameters=dict(hyperparameters or {}),
        input_shape=shape,
        layers=tuple(layers),
        total_params=total,
        trainable_params=trainable,
        keras_total_params=total + bn_stats,
        mult_adds=sum(r.mult_adds for r in leaves),
        activation_bytes=sum(r.output_bytes for r in leaves),
        param_bytes=sum(p.numel() * p.element_size() for p in params.values()),
        receptive_field=final_rf,
        min_input_size=min_input_size(trace),
        weight_depth=out_info.depth if out_info else max((r.weight_depth for r in layers), default=0),
        output_shape=tuple(out_t.shape[1:]) if out_t is not None else None,
        diagnostics=tuple(trace.diagnostics),
    )


def _first_tensor(out: Any) -> torch.Tensor | None:
    """The model's output, or the first tensor of a tuple, list or dict it returns (depth first, in order)."""
    if isinstance(out, torch.Tensor):
        return out
    items = out.values() if isinstance(out, Mapping) else out if isinstance(out, (tuple, list)) else ()
    for item in items:
        found = _first_tensor(item)
        if found is not None:
            return found
    return None


def _all_meta(modules: Iterable[nn.Module]) -> bool:
    """Whether every parameter and buffer of a model's ``modules`` lives on the meta device (a model with none
    is copied)."""
    found = False
    for m in modules:
        for t in (*m._parameters.values(), *m._buffers.values()):
            if t is not None:
                if not t.is_meta:
                    return False
                found = True
    return found


def _meta_copy(model: nn.Module) -> nn.Module:
    memo: dict[int, Any] = {}
    for t in list(model.parameters()) + list(model.buffers()):
        memo[id(t)] = (
            nn.Parameter(torch.empty_like(t, device="meta"), requires_grad=t.requires_grad)
            if isinstance(t, nn.Parameter)
            else torch.empty_like(t, device="meta")
        )
    return copy.deepcopy(model, memo)


def _bn_buffers(m: nn.Module) -> int:
    """Elements of BatchNorm's running mean and variance (Keras' non-trainable parameters)."""
    if isinstance(m, nn.modules.batchnorm._BatchNorm):
        return sum(b.numel() for k, b in m._buffers.items() if k in ("running_mean", "running_var") and b is not None)
    return 0


def _subtree_counts(model: nn.Module, modules: list[nn.Module]) -> dict[int, tuple[int, int, int]]:
    """(params, trainable, BatchNorm statistics) of every module's subtree, in one bottom-up pass.

    A parameter shared by two modules counts once in every subtree holding both.
    """
    out: dict[int, tuple[int, int, int]] = {}
    owned = [p for m in modules for p in m._parameters.values() if p is not None]
    shared = len({id(p) for p in owned}) != len(owned)

    def visit(m: nn.Module) -> tuple[int, int, int]:
        key = id(m)
        if key in out:
            return out[key]
        if shared:  # tied weights (b.weight = a.weight): count each tensor once, as model.parameters() does
            for child in m._modules.values():
                if child is not None:
                    visit(child)  # every module needs its own entry
            ps = {id(p): p for p in m.parameters()}.values()
            res = (sum(p.numel() for p in ps), sum(p.numel() for p in ps if p.requires_grad), sum(_bn_buffers(x) for x in m.modules()))
        else:
            own = [p for p in m._parameters.values() if p is not None]
            res = (sum(p.numel() for p in own), sum(p.numel() for p in own if p.requires_grad), _bn_buffers(m))
            for child in m._modules.values():
                if child is not None:
                    c = visit(child)
                    res = (res[0] + c[0], res[1] + c[1], res[2] + c[2])
        out[key] = res
        return res

    visit(model)
    return out


def _records(trace: Trace, model: nn.Module, modules: list[nn.Module]) -> list[LayerRecord]:
    counts = _subtree_counts(model, modules)
    calls = trace.calls
    shapes = [tuple(c.output.shape[1:]) if c.output is not None else None for c in calls]
    parents = {c.parent for c in calls}
    # A leaf is an operation: a functional one, or a module without sub-layers and without rows inside it.
    leaf = [c.module is None or (not c.module._modules and i not in parents) for i, c in enumerate(calls)]
    # MACs: what the trace counted inside a leaf (a Linear at every position, F.conv1d in nn.Conv1d), else
    # torchinfo's rule on its parameters (BatchNorm); a container's are the sum of its leaves'.
    macs = [
        (c.macs or (torchinfo_macs(c.module, s) if c.module is not None else 0)) if is_leaf and s is not None else 0
        for c, s, is_leaf in zip(calls, shapes, leaf)
    ]
    for i in range(len(calls) - 1, -1, -1):
        parent = calls[i].parent
        if parent is not None:
            macs[parent] += macs[i]
    out: list[LayerRecord] = []
    info_of = trace.info
    for i, call in enumerate(calls):
        m = call.module
        t = call.output
        info = info_of.get(id(t)) if t is not None else None
        rf = None
        if info is not None and info.rf is not None and info.axes == (2, 3):  # channels-last maps: no (C, H, W) to span
            rh, rw, jh, jw, ph, pw = info.rf
            rf = ReceptiveField((rh, rw), (jh, jw), (ph, pw))
        params, trainable, bn = (0, 0, 0) if call.repeat or m is None else counts[id(m)]
        shape = shapes[i]
        out.append(
            LayerRecord(
                index=i,
                name=call.name,
                type=type(m).__name__ if m is not None else op_type(call.op),
                depth=call.depth,
                parent=call.parent,
                is_leaf=leaf[i],
                input_shape=tuple(call.input.shape[1:]) if call.input is not None else None,
                output_shape=shape,
                params=params,
                trainable_params=trainable,
                bn_buffers=bn,
                mult_adds=macs[i],
                output_bytes=0 if call.inplace or shape is None else math.prod(shape) * ELEMENT_BYTES,
                receptive_field=rf,
                weight_depth=info.depth if info else 0,
                attrs=(module_attrs(m) if m is not None else call.attrs) if leaf[i] else (),
                repeat=call.repeat,
                channels_last=info is not None and info.axes != (2, 3),
                functional=m is None,
            )
        )
    return out

"""Your own network, written as a declarative spec in YAML: parse → spec dataclasses → ``nn.Module``.

A design is data, never code: the text is read with PyYAML's *safe* composer
(``yaml.compose`` with ``SafeLoader``: plain scalars, lists and mappings, no
Python objects), which keeps the line of every node, so a mistake says where it
is ("line 7: conv 'c3' expects 64 input channels, the previous layer gives 32").
The format (README, "Design your own network")::

    name: tiny_resnet
    input: 3x32x32                    # C×H×W the Design page and the CLI start from
    blocks:
      basic:                          # a ResNet basic block, with parameters
        params: {out: 64, stride: 1}
        residual:
          body:
            - conv: {out: $out, stride: $stride, padding: 1, bias: false}
            - bn
            - relu
            - conv: {out: $out, padding: 1, bias: false}
            - bn
          shortcut: projection        # 1×1 conv + BN where the shape changes, identity elsewhere
          after: relu
    layers:
      - conv: {out: 64, padding: same}
      - bn
      - relu
      - basic: {repeat: 3}            # a ResNet stage in one line
      - basic: {out: 128, stride: 2}
      - avgpool: global
      - flatten
      - linear: 10

The parse (this module) checks the syntax and the operator's limits (text
size, layers, repeats, channels: :mod:`explorer.settings`); shapes and
channels are checked against an input by :mod:`explorer.zoo.design_build`,
which also builds the model. The pseudo-architecture ``design`` registered
here takes the spec text as its hyperparameter, so every page and the CLI
build a design by (name, hyperparameters) like any architecture; in links and
runs the text travels compressed (:func:`encode`).
"""

from __future__ import annotations

import base64
import functools
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from explorer.errors import ExplorerError
from explorer.settings import settings
from explorer.zoo import hparams as H
from explorer.zoo.hparams import HParam

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu", "silu")
#: Layer kinds and the argument a bare value stands for (``linear: 10`` is ``linear: {out: 10}``).
LEAF_KINDS: dict[str, str | None] = {
    "conv": "out", "bn": None, "maxpool": "kernel", "avgpool": "kernel", "dropout": "p", "flatten": None,
    "linear": "out", "se": "reduction", **{a: None for a in ACTIVATIONS},
}
#: Each leaf kind's arguments (besides ``name`` and ``repeat``).
LEAF_ARGS: dict[str, tuple[str, ...]] = {
    "conv": ("out", "in", "kernel", "stride", "padding", "dilation", "groups", "bias"),
    "bn": ("eps", "momentum"),
    "maxpool": ("kernel", "stride", "padding", "ceil", "output"),
    "avgpool": ("kernel", "stride", "padding", "ceil", "output", "include_pad"),
    "dropout": ("p",),
    "flatten": (),
    "linear": ("out", "in", "bias"),
    "se": ("reduction", "hidden"),
    **{a: () for a in ACTIVATIONS},
}
SHORTCUTS = ("identity", "projection", "pad")
TOP_KEYS = ("name", "input", "blocks", "layers")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TOKEN = re.compile(r"z1\.[A-Za-z0-9_-]+\Z")
_MAX_NODES = 100_000  # YAML nodes visited (aliases can make a small text a large tree)
_MAX_NESTING = 12  # blocks within blocks
_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))


class SpecError(ExplorerError):
    """A design spec that cannot be read or built; ``line`` is where (1-based; 0 when it is the whole text)."""

    def __init__(self, message: str, /, *, line: int = 0, key: str = "", **params: object):
        super().__init__(message, key=key, line=line, **params)
        self.line = line


# --- the spec's dataclasses -------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """One layer: ``kind`` is a key of :data:`LEAF_KINDS`; ``args`` its arguments as written (after ``$`` params)."""

    kind: str
    line: int
    name: str | None = None
    args: tuple[tuple[str, Any], ...] = ()
    repeat: int = 1

    def arg(self, name: str, default: Any = None) -> Any:
        return dict(self.args).get(name, default)


@dataclass(frozen=True)
class Residual:
    """``after(body(x) + shortcut(x))``; ``shortcut`` is one of :data:`SHORTCUTS` or its own layers."""

    kind: str  # "residual", or the name of the block it came from
    line: int
    body: tuple[Node, ...]
    shortcut: str | tuple[Node, ...] = "identity"
    after: str | None = None
    name: str | None = None
    repeat: int = 1


@dataclass(frozen=True)
class Concat:
    """Branches side by side on the same input, their outputs concatenated along channels (Inception)."""

    kind: str
    line: int
    branches: tuple[tuple[Node, ...], ...]
    name: str | None = None
    repeat: int = 1


@dataclass(frozen=True)
class Group:
    """A named block that is a plain list of layers (``conv_bn_relu``)."""

    kind: str
    line: int
    items: tuple[Node, ...]
    name: str | None = None
    repeat: int = 1


Node = Union[Layer, Residual, Concat, Group]


@dataclass(frozen=True)
class Spec:
    """A parsed design: its name, the input it starts from (or None), and its layers."""

    name: str
    input_shape: tuple[int, int, int] | None
    layers: tuple[Node, ...]
    text: str = field(default="", compare=False, repr=False)


# --- YAML nodes with lines ----------------------------------------------------------------------


@dataclass
class _Y:
    """A YAML value with its 1-based line: a scalar (``value``), a list (``items``) or a mapping (``keys``)."""

    line: int
    value: Any = None
    items: list[_Y] | None = None
    keys: dict[str, _Y] | None = None
    key_lines: dict[str, int] | None = None


def _compose(text: str) -> _Y:
    lim = settings()
    if len(text) > lim.design_max_chars:
        raise SpecError(
            f"The spec has {len(text):,} characters; this server reads at most {lim.design_max_chars:,}: make it shorter.",
            key="design.too_long", chars=f"{len(text):,}", limit=f"{lim.design_max_chars:,}",
        )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 0  # the end of the text is its last line
        problem = (err.problem or err.context or "unreadable text").strip()
        raise SpecError(f"Line {line}: this is not valid YAML ({problem}).", line=line, key="design.yaml", problem=problem) from None
    except (yaml.YAMLError, RecursionError):
        raise SpecError("The spec is not valid YAML (or is nested too deeply).", key="design.yaml_other") from None
    if root is None:
        raise SpecError("The spec is empty: write at least 'layers:' with one layer under it (see the example).", key="design.empty")
    constructor = yaml.SafeLoader("")
    seen = [0]

    def convert(node: yaml.Node) -> _Y:
        seen[0] += 1
        if seen[0] > _MAX_NODES:
            raise SpecError("The spec expands to too many values (anchors and aliases?): write it out plainly.", key="design.too_many_nodes")
        line = node.start_mark.line + 1
        if node.tag not in _PLAIN_TAGS:  # !!python/…, !!binary, custom tags: a spec is plain data
            raise SpecError(f"Line {line}: a spec holds plain values, lists and mappings; the tag {node.tag} is not allowed.",
                            line=line, key="design.tag", tag=str(node.tag))
        if isinstance(node, yaml.ScalarNode):
            try:
                return _Y(line, value=constructor.construct_object(node, deep=True))
            except yaml.YAMLError:
                raise SpecError(f"Line {line}: this is not valid YAML (a value that cannot be read).", line=line,
                                key="design.yaml", problem="a value that cannot be read") from None
        if isinstance(node, yaml.SequenceNode):
            return _Y(line, items=[convert(n) for n in node.value])
        keys: dict[str, _Y] = {}
        key_lines: dict[str, int] = {}
        for k, v in node.value:
            kline = k.start_mark.line + 1
            if not isinstance(k, yaml.ScalarNode) or not isinstance(name := constructor.construct_object(k), str):
                raise SpecError(f"Line {kline}: a key must be a word such as conv or out.", line=kline, key="design.key_type")
            if name in keys:
                raise SpecError(f"Line {kline}: '{name}' is given twice here.", line=kline, key="design.duplicate_key", name=name)
            keys[name], key_lines[name] = convert(v), kline
        return _Y(line, keys=keys, key_lines=key_lines)

    try:
        return convert(root)
    except RecursionError:
        raise SpecError("The spec is not valid YAML (or is nested too deeply).", key="design.yaml_other") from None


# --- parsing --------------------------------------------------------------------------------


def _describe(y: _Y) -> str:
    if y.items is not None:
        return "a list"
    if y.keys is not None:
        return "a mapping"
    return repr(y.value)


class _Parser:
    def __init__(self, blocks: dict[str, _Y]) -> None:
        self.blocks = blocks
        self.limits = settings()
        self.count = 0  # layers so far, repeats counted

    def value(self, y: _Y, env: dict[str, Any]) -> Any:
        """A scalar, with ``$param`` replaced by the block's parameter."""
        v = y.value
        if isinstance(v, str) and v.startswith("$"):
            name = v[1:]
            if name not in env:
                known = ", ".join(f"${k}" for k in env) or "none here"
                raise SpecError(f"Line {y.line}: {v} is not a parameter of this block (parameters: {known}).",
                                line=y.line, key="design.unknown_param", param=v, known=known)
            return env[name]
        return v

    def items(self, y: _Y, env: dict[str, Any], stack: tuple[str, ...], what: str) -> tuple[Node, ...]:
        if y.items is None:
            raise SpecError(f"Line {y.line}: {what} must be a list of layers (lines starting with '- '), not {_describe(y)}.",
                            line=y.line, key="design.not_a_list", what=what, found=_describe(y))
        out = tuple(self.item(i, env, stack) for i in y.items)
        names = [n.name for n in out if n.name]
        for n in out:
            if n.name and names.count(n.name) > 1:
                raise SpecError(f"Line {n.line}: the name '{n.name}' is used twice in the same list: give each layer its own.",
                                line=n.line, key="design.duplicate_name", name=n.name)
        return out

    def item(self, y: _Y, env: dict[str, Any], stack: tuple[str, ...]) -> Node:
        if y.keys is None:
            kind = self.value(y, env) if y.items is None else None
            if not isinstance(kind, str):
                raise SpecError(f"Line {y.line}: a layer is written as a word (relu) or as kind: arguments (conv: {{out: 64}}), not {_describe(y)}.",
                                line=y.line, key="design.bad_item", found=_describe(y))
            return self.node(kind, None, y.line, {}, env, stack)
        extra = {k: v for k, v in y.keys.items() if k in ("name", "repeat")}
        kinds = [k for k in y.keys if k not in ("name", "repeat")]
        if len(kinds) != 1:
            raise SpecError(f"Line {y.line}: each list item is one layer (conv, bn, relu, …); this one names {len(kinds)}: {', '.join(kinds) or 'none'}.",
                            line=y.line, key="design.one_kind", n=len(kinds), kinds=", ".join(kinds) or "none")
        return self.node(kinds[0], y.keys[kinds[0]], y.key_lines[kinds[0]], extra, env, stack)

    def node(self, kind: str, args_y: _Y | None, line: int, extra: dict[str, _Y], env: dict[str, Any], stack: tuple[str, ...]) -> Node:
        if kind in LEAF_KINDS:
            args = self.args(kind, args_y, line, LEAF_KINDS[kind], env)
        elif kind in ("residual", "concat") or kind in self.blocks:
            args = {}
        else:
            known = ", ".join([*LEAF_KINDS, "residual", "concat", *self.blocks])
            raise SpecError(f"Line {line}: there is no layer or block called '{kind}'; use one of: {known}.",
                            line=line, key="design.unknown_kind", kind=kind, known=known)
        # name and repeat may sit beside the kind or among its arguments
        for k, v in extra.items():
            args[k] = self.value(v, env)
        if args_y is not None and args_y.keys is not None and kind not in LEAF_KINDS:
            for k in ("name", "repeat"):
                if k in args_y.keys:
                    args[k] = self.value(args_y.keys[k], env)
        name, repeat = args.pop("name", None), args.pop("repeat", 1)
        if name is not None and (not isinstance(name, str) or not _NAME.match(name) or name.startswith("_") or name in _RESERVED):
            raise SpecError(f"Line {line}: {name!r} cannot name a layer: use letters, digits and _ (not first), like conv3 or stem.",
                            line=line, key="design.bad_name", name=str(name))
        if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= self.limits.design_max_repeat:
            raise SpecError(f"Line {line}: repeat must be a whole number from 1 to {self.limits.design_max_repeat}, not {repeat!r}.",
                            line=line, key="design.bad_repeat", value=repr(repeat), limit=self.limits.design_max_repeat)
        before = self.count
        if kind in LEAF_KINDS:
            self.count += 1
            node: Node = Layer(kind, line, name, tuple(args.items()), repeat)
        elif kind == "residual":
            node = self.residual(kind, args_y, line, env, stack, name, repeat)
        elif kind == "concat":
            node = self.concat(kind, args_y, line, env, stack, name, repeat)
        else:
            node = self.block(kind, args_y, line, env, stack, name, repeat)
        self.count = before + (self.count - before) * repeat
        if self.count > self.limits.design_max_layers:
            raise SpecError(f"Line {line}: the design has more than {self.limits.design_max_layers} layers (repeats counted); this server builds at most that many.",
                            line=line, key="design.too_many_layers", limit=self.limits.design_max_layers)
        return node

    def args(self, kind: str, y: _Y | None, line: int, shorthand: str | None, env: dict[str, Any]) -> dict[str, Any]:
        if y is None or (y.keys is None and y.items is None and y.value is None):
            return {}
        if y.keys is None:
            if shorthand is None or y.items is not None:
                raise SpecError(f"Line {line}: write the arguments of {kind} as a mapping, e.g. {kind}: {{name: {kind}1}}.",
                                line=line, key="design.args_mapping", kind=kind)
            return {shorthand: self.value(y, env)}
        allowed = (*LEAF_ARGS[kind], "name", "repeat")
        out = {}
        for k, v in y.keys.items():
            if k not in allowed:
                raise SpecError(f"Line {y.key_lines[k]}: {kind} has no argument '{k}'; its arguments are: {', '.join(allowed)}.",
                                line=y.key_lines[k], key="design.unknown_arg", kind=kind, arg=k, allowed=", ".join(allowed))
            if v.value is None and (v.items is not None or v.keys is not None):
                raise SpecError(f"Line {v.line}: the argument '{k}' of {kind} takes a single value, not {_describe(v)}.",
                                line=v.line, key="design.arg_scalar", kind=kind, arg=k, found=_describe(v))
            out[k] = self.value(v, env)
        return out

    def residual(self, kind: str, y: _Y | None, line: int, env: dict, stack: tuple, name: str | None, repeat: int) -> Residual:
        if y is None or y.keys is None or "body" not in y.keys:
            raise SpecError(f"Line {line}: a residual block needs a body: residual: {{body: [layers…], shortcut: identity, after: relu}}.",
                            line=line, key="design.residual_body")
        for k in y.keys:
            if k not in ("body", "shortcut", "after", "name", "repeat"):
                raise SpecError(f"Line {y.key_lines[k]}: a residual block has no '{k}'; it takes body, shortcut and after.",
                                line=y.key_lines[k], key="design.residual_key", arg=k)
        body = self.items(y.keys["body"], env, stack, "the body")
        shortcut: str | tuple[Node, ...] = "identity"
        if "shortcut" in y.keys:
            s = y.keys["shortcut"]
            if s.items is not None:
                shortcut = self.items(s, env, stack, "the shortcut")
            else:
                shortcut = self.value(s, env)
                if shortcut not in SHORTCUTS:
                    raise SpecError(f"Line {s.line}: shortcut is one of {', '.join(SHORTCUTS)} or a list of layers, not {shortcut!r}.",
                                    line=s.line, key="design.bad_shortcut", value=repr(shortcut), allowed=", ".join(SHORTCUTS))
        after = None
        if "after" in y.keys:
            a = y.keys["after"]
            after = self.value(a, env)
            if after in (None, "none", False):
                after = None
            elif after not in ACTIVATIONS:
                raise SpecError(f"Line {a.line}: after is an activation ({', '.join(ACTIVATIONS)}) or none, not {after!r}.",
                                line=a.line, key="design.bad_after", value=repr(after), allowed=", ".join(ACTIVATIONS))
        return Residual(kind, line, body, shortcut, after, name, repeat)

    def concat(self, kind: str, y: _Y | None, line: int, env: dict, stack: tuple, name: str | None, repeat: int) -> Concat:
        branches_y = y.keys.get("branches") if y is not None and y.keys is not None else y
        if branches_y is None or branches_y.items is None or len(branches_y.items) < 2:
            raise SpecError(f"Line {line}: concat needs two or more branches, each a list of layers: concat: [[conv: 16], [maxpool: 3, conv: 8]].",
                            line=line, key="design.concat_branches")
        if y is not None and y.keys is not None:
            for k in y.keys:
                if k not in ("branches", "name", "repeat"):
                    raise SpecError(f"Line {y.key_lines[k]}: concat has no '{k}'; it takes branches.",
                                    line=y.key_lines[k], key="design.concat_key", arg=k)
        branches = tuple(self.items(b, env, stack, "each branch") for b in branches_y.items)
        return Concat(kind, line, branches, name, repeat)

    def block(self, kind: str, y: _Y | None, line: int, env: dict, stack: tuple, name: str | None, repeat: int) -> Node:
        if kind in stack or len(stack) >= _MAX_NESTING:
            raise SpecError(f"Line {line}: block '{kind}' uses itself (through {' → '.join(stack)}): a block can only use blocks that do not use it.",
                            line=line, key="design.block_cycle", block=kind, path=" → ".join(stack))
        d = self.blocks[kind]
        params_y = d.keys.get("params") if d.keys else None
        params: dict[str, Any] = {}
        if params_y is not None:
            if params_y.keys is None:
                raise SpecError(f"Line {params_y.line}: params of block '{kind}' is a mapping of names to default values, e.g. params: {{out: 64}}.",
                                line=params_y.line, key="design.params_mapping", block=kind)
            params = {k: v.value for k, v in params_y.keys.items()}
        given: dict[str, Any] = {}
        if y is not None and y.keys is not None:
            given = {k: self.value(v, env) for k, v in y.keys.items() if k not in ("name", "repeat")}
        elif y is not None and y.value is not None:
            raise SpecError(f"Line {line}: the arguments of block '{kind}' are a mapping such as {{out: 128}}.",
                            line=line, key="design.block_args", block=kind)
        for k in given:
            if k not in params:
                known = ", ".join(params) or "none"
                raise SpecError(f"Line {line}: block '{kind}' has no parameter '{k}'; its parameters are: {known}.",
                                line=line, key="design.block_unknown_param", block=kind, param=k, known=known)
        local = {**params, **given}
        missing = [k for k, v in local.items() if v is None]
        if missing:
            raise SpecError(f"Line {line}: block '{kind}' needs a value for {', '.join(missing)}.",
                            line=line, key="design.block_missing_param", block=kind, params=", ".join(missing))
        inner = (*stack, kind)
        assert d.keys is not None
        if "residual" in d.keys:
            r = self.residual(kind, d.keys["residual"], d.key_lines["residual"], local, inner, name, repeat)  # type: ignore[index]
            return r
        if "concat" in d.keys:
            return self.concat(kind, d.keys["concat"], d.key_lines["concat"], local, inner, name, repeat)  # type: ignore[index]
        return Group(kind, line, self.items(d.keys["layers"], local, inner, f"block '{kind}'"), name, repeat)


def _reserved() -> frozenset[str]:
    """Names a layer cannot have: attributes of ``nn.Sequential`` (``add_module`` refuses them)."""
    from torch import nn

    return frozenset(dir(nn.Sequential)) | {"body", "shortcut", "after"}


_RESERVED = _reserved()


def _input(y: _Y) -> tuple[int, int, int]:
    v = y.value
    parts: list[Any]
    if y.items is not None:
        parts = [i.value for i in y.items]
    elif isinstance(v, str):
        parts = v.replace("×", "x").replace(",", "x").split("x")
    else:
        parts = []
    try:
        shape = tuple(int(str(p).strip()) for p in parts)
    except ValueError:
        shape = ()
    lim = settings()
    if len(shape) != 3 or min(shape) < 1 or shape[0] > lim.max_channels or max(shape[1:]) > lim.max_input_side:
        raise SpecError(f"Line {y.line}: input is C×H×W such as 3x32x32 (at most {lim.max_channels} channels and "
                        f"{lim.max_input_side} pixels a side).", line=y.line, key="design.bad_input",
                        max_channels=lim.max_channels, max_side=lim.max_input_side)
    return shape  # type: ignore[return-value]


@functools.lru_cache(maxsize=64)
def parse(text: str) -> Spec:
    """Read a design spec (see the module's docstring for the format).

    Raises:
        SpecError: naming the line and what would work.
    """
    if not isinstance(text, str):
        raise SpecError("A design spec is text (YAML).", key="design.not_text")
    root = _compose(text)
    if root.keys is None:
        raise SpecError(f"Line {root.line}: a spec is a mapping with layers: (and optionally name:, input:, blocks:).",
                        line=root.line, key="design.not_mapping")
    for k in root.keys:
        if k not in TOP_KEYS:
            line = root.key_lines[k]  # type: ignore[index]
            raise SpecError(f"Line {line}: a spec has no '{k}'; it has {', '.join(TOP_KEYS)}.", line=line, key="design.top_key",
                            arg=k, allowed=", ".join(TOP_KEYS))
    if "layers" not in root.keys:
        raise SpecError("The spec has no layers: write 'layers:' followed by one layer a line ('- conv: 32').", key="design.no_layers")
    name_y = root.keys.get("name")
    name = "design" if name_y is None or name_y.value is None else str(name_y.value)
    if name_y is not None and (name_y.items is not None or name_y.keys is not None or len(name) > 80):
        raise SpecError(f"Line {name_y.line}: name is one short word such as tiny_resnet.", line=name_y.line, key="design.bad_spec_name")
    shape = _input(root.keys["input"]) if "input" in root.keys else None
    blocks: dict[str, _Y] = {}
    if "blocks" in root.keys:
        b = root.keys["blocks"]
        if b.keys is None:
            raise SpecError(f"Line {b.line}: blocks is a mapping of block names to their definitions.", line=b.line, key="design.blocks_mapping")
        for bname, d in b.keys.items():
            bline = b.key_lines[bname]  # type: ignore[index]
            if not _NAME.match(bname) or bname in LEAF_KINDS or bname in ("residual", "concat"):
                raise SpecError(f"Line {bline}: '{bname}' cannot name a block: use a new word of letters, digits and _.",
                                line=bline, key="design.bad_block_name", block=bname)
            kinds = [k for k in (d.keys or {}) if k in ("residual", "concat", "layers")]
            others = [k for k in (d.keys or {}) if k not in ("residual", "concat", "layers", "params")]
            if d.keys is None or len(kinds) != 1 or others:
                raise SpecError(f"Line {bline}: block '{bname}' is one of residual:, concat: or layers: (with optional params:).",
                                line=bline, key="design.block_shape", block=bname)
            blocks[bname] = d
    parser = _Parser(blocks)
    layers = parser.items(root.keys["layers"], {}, (), "layers")
    if not layers:
        raise SpecError(f"Line {root.keys['layers'].line}: layers is empty: add at least one layer.",
                        line=root.keys["layers"].line, key="design.empty_layers")
    return Spec(name, shape, layers, text)


# --- text in links and runs ---------------------------------------------------------------------


def encode(text: str) -> str:
    """The spec as a short URL-safe token (zlib, then URL-safe base64): ``z1.eJzL…``."""
    return "z1." + base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def decode(token: str) -> str:
    """The text of a token from :func:`encode` (or of a link); the size is checked before and while inflating.

    Raises:
        SpecError: a token that is damaged or whose text is over the limit.
    """
    limit = settings().design_max_chars
    if len(token) > 2 * limit + 16 or not _TOKEN.match(token):
        raise SpecError("The design in this link is damaged or too long: copy the link again, or paste the spec.", key="design.bad_token")
    data = token[3:]
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        d = zlib.decompressobj()
        out = d.decompress(raw, 4 * limit + 1)  # UTF-8: at most 4 bytes a character
        if d.unconsumed_tail or len(out) > 4 * limit or not d.eof:
            raise ValueError("too long or truncated")
        return out.decode("utf-8")
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise SpecError("The design in this link is damaged or too long: copy the link again, or paste the spec.", key="design.bad_token") from None


def text_of(value: str) -> str:
    """The spec text of a hyperparameter value: a token is decoded, text stays text."""
    return decode(value) if isinstance(value, str) and _TOKEN.match(value.strip()) else value


class SpecParam(HParam):
    """The ``spec`` hyperparameter: text or a token in, the checked token out (one validation path for all)."""

    editor = "design"  # the app edits it on the Design page, not in a text box (ui/widgets.py)

    def coerce(self, value: Any, *, arch: str = "") -> Any:
        if not isinstance(value, str):
            raise SpecError("A design spec is text (YAML).", key="design.not_text")
        text = text_of(value.strip()) if _TOKEN.match(value.strip()) else value
        parse(text)
        return encode(text)


# --- the registered pseudo-architecture ----------------------------------------------------------

EXAMPLE = """\
name: tiny_resnet
input: 3x32x32
blocks:
  basic:                       # a ResNet basic block
    params: {out: 16, stride: 1}
    residual:
      body:
        - conv: {out: $out, stride: $stride, padding: 1, bias: false}
        - bn
        - relu
        - conv: {out: $out, padding: 1, bias: false}
        - bn
      shortcut: projection     # 1x1 conv + BN where the shape changes
      after: relu
layers:
  - conv: {name: stem, out: 16, padding: same, bias: false}
  - bn
  - relu
  - basic: {repeat: 2}         # a stage of two blocks
  - basic: {out: 32, stride: 2}
  - avgpool: global
  - flatten
  - linear: 10
"""


def _register() -> None:
    from explorer.zoo.registry import register

    hparams = (
        SpecParam("spec", str, encode(EXAMPLE), "The network, written as a YAML spec (edit it on the Design page).", label="Spec"),
        HParam("num_classes", int, 0, "Outputs of the last linear (or conv) layer; 0 keeps the spec's.", min=0, max=100_000),
        H.in_channels(3),  # both follow the input shape (a conv's input channels, a linear layer's features)
        H.input_size(32),
    )

    @register("design", hparams=hparams, title="Your design", group="design", source="your YAML spec (Design page)",
              input_shape=(3, 32, 32), notes="Written on the Design page: a YAML spec of layers and blocks.")
    def design(*, spec: str, num_classes: int, in_channels: int, input_size: int):
        from explorer.zoo.design_build import build_model

        return build_model(parse(text_of(spec)), (in_channels, input_size, input_size), num_classes=num_classes)


_register()


def build(text: str, input_shape: tuple[int, int, int] | None = None, *, num_classes: int = 0):
    """The model of spec ``text`` for ``input_shape`` (default: the spec's input, else 3×32×32)."""
    from explorer.zoo.design_build import build_model

    spec = parse(text)
    return build_model(spec, input_shape or spec.input_shape or (3, 32, 32), num_classes=num_classes)


def to_spec(arch: str, hparams: dict[str, Any] | None = None, input_shape: tuple[int, int, int] | None = None) -> str:
    """A zoo architecture written as a spec (see :mod:`explorer.zoo.design_copy`)."""
    from explorer.zoo.design_copy import to_spec as _to_spec

    return _to_spec(arch, hparams, input_shape)


# --- the command line: a path ending .yaml or .yml names a design ---------------------------------


def is_spec_path(name: str | None) -> bool:
    return isinstance(name, str) and name.lower().endswith((".yaml", ".yml"))


def from_file(path: str, hyperparameters: dict[str, Any], input_shape: tuple[int, int, int] | None):
    """``("design", hyperparameters with the file's spec, input shape)`` for ``explorer summary my_net.yaml``.

    Raises:
        SpecError: a file that cannot be read, or a spec with a mistake (its line).
    """
    p = Path(path)
    try:
        if p.stat().st_size > 4 * settings().design_max_chars:
            raise SpecError(f"{p.name} is too large for a design spec.", key="design.file_too_large", file=p.name)
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise SpecError(f"Cannot read the design file {p.name}: give the path of a YAML spec.", key="design.file", file=p.name) from None
    spec = parse(text)
    return "design", {**hyperparameters, "spec": text}, input_shape or spec.input_shape

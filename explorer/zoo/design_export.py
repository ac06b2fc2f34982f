"""A design as a standalone PyTorch source file: one ``nn.Module`` class that needs only ``torch``.

The source is written from the same resolved tree the app builds its model
from (:func:`explorer.zoo.design_build.resolve`), so module names, parameter
shapes and outputs are the app's (the tests import the file and compare). Only
numbers checked by the resolver and names checked by the parser (letters,
digits, ``_``) reach the source: nothing typed becomes code.
"""

from __future__ import annotations

import inspect
import keyword
import re

from explorer.zoo import design_build as db
from explorer.zoo.design import parse

_INDENT = "    "


def class_name(name: str) -> str:
    """``tiny_resnet`` → ``TinyResnet``: a Python identifier made of the spec's name (``DesignNet`` if none fits)."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w]
    out = "".join(w[:1].upper() + w[1:] for w in words)
    if not out or not out[0].isalpha() or not out.isascii() or keyword.iskeyword(out) or out in {m.__name__ for m in db.MODULES}:
        return "DesignNet"
    return out[:60]


def _call(leaf: db.Leaf) -> str:
    parts = [repr(a) for a in leaf.args] + [f"{k}={v!r}" for k, v in leaf.kwargs]
    return f"{'' if leaf.ours else 'nn.'}{leaf.cls}({', '.join(parts)})"


def _expr(r: db.Resolved, depth: int) -> str:
    pad = _INDENT * depth
    if isinstance(r, db.Leaf):
        return _call(r)
    if isinstance(r, db.Seq):
        return _sequential(r.children, depth)
    if isinstance(r, db.Res):
        parts = [_expr(r.body, depth + 1), _expr(r.shortcut, depth + 1) if r.shortcut else "None", _expr(r.after, depth + 1) if r.after else "None"]
        return "ResidualBlock(\n" + "".join(f"{pad}{_INDENT}{p},\n" for p in parts) + f"{pad})"
    return "ConcatBlock(\n" + "".join(f"{pad}{_INDENT}{_expr(b, depth + 1)},\n" for b in r.branches) + f"{pad})"


def _entries(children: tuple[db.Resolved, ...], depth: int) -> str:
    pad = _INDENT * depth
    return "".join(f"{pad}({c.name!r}, {_expr(c, depth)}),\n" for c in children)


def _sequential(children: tuple[db.Resolved, ...], depth: int) -> str:
    return "nn.Sequential(OrderedDict([\n" + _entries(children, depth + 1) + f"{_INDENT * depth}]))"


def _used(r: db.Resolved, found: set[str]) -> set[str]:
    if isinstance(r, db.Leaf):
        if r.ours:
            found.add(r.cls)
    elif isinstance(r, db.Seq):
        for c in r.children:
            _used(c, found)
    elif isinstance(r, db.Res):
        found.add("ResidualBlock")
        for c in (r.body, r.shortcut, r.after):
            if c is not None:
                _used(c, found)
    else:
        found.add("ConcatBlock")
        for b in r.branches:
            _used(b, found)
    return found


def to_source(text: str, input_shape: tuple[int, int, int] | None = None, *, num_classes: int = 0) -> str:
    """Python source of the design ``text`` for ``input_shape`` (default: the spec's input, else 3×32×32).

    Raises:
        SpecError: a spec with a mistake (its line), as on the Design page.
    """
    spec = parse(text)
    shape = tuple(input_shape or spec.input_shape or (3, 32, 32))
    net = db.resolve(spec, shape, num_classes=num_classes)  # type: ignore[arg-type]
    name = class_name(spec.name)
    helpers = [inspect.getsource(m) for m in db.MODULES if m.__name__ in _used(net.root, set())]
    c, h, w = shape
    out = "×".join(str(s) for s in net.output_shape)
    head = (
        f'"""{name}: a network written as a design spec in CNN Explorer, exported as plain PyTorch.\n\n'
        f"Input: N×{c}×{h}×{w}; output: N×{out}; {net.params:,} parameters. ``model = {name}()``.\n"
        '"""\n\n'
        "from __future__ import annotations\n\nfrom collections import OrderedDict\n\n"
        "import torch\n"
        "import torch.nn.functional as F\n"
        "from torch import Tensor, nn\n\n\n"
    )
    body = (
        f"class {name}(nn.Sequential):\n"
        f'{_INDENT}"""The design\'s layers, one after the other (input {c}×{h}×{w})."""\n\n'
        f"{_INDENT}def __init__(self) -> None:\n"
        f"{_INDENT * 2}super().__init__(OrderedDict([\n"
        + _entries(net.root.children, 3)
        + f"{_INDENT * 2}]))\n\n\n"
        "if __name__ == \"__main__\":\n"
        f"{_INDENT}model = {name}()\n"
        f"{_INDENT}print(model(torch.zeros(1, {c}, {h}, {w})).shape)\n"
    )
    return head + "\n\n".join(helpers) + ("\n\n" if helpers else "") + body

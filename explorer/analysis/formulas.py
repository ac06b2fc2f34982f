"""The formula behind every number of a layer's row, with the row's numbers filled in.

``formulas(record, report)`` explains one :class:`LayerRecord`: its output size,
parameters, multiply-adds, receptive field and memory, each as a symbolic
formula (``k_h·k_w·C_in·C_out + C_out``), the same formula with the layer's
numbers (``3·3·64·128 + 128``) and the value it gives (73,856). Values are
computed here from the layer's settings and input shape, independently of the
engine, so the tests can check one against the other.

Conventions follow the engine's: torchinfo's multiply-adds (a convolution's
bias counts as one multiply-add per output value; layers without weights count
0) and the receptive-field recursion of Araujo et al. (Distill, 2019).
A quantity without a formula for a layer type (an unknown module) is left out
rather than guessed.

The formulas themselves hold only maths (symbols, numbers, units); every word
is in a :class:`~explorer.notes.Note` with a key (``note.formula.*`` in the
app's catalogue): the ``remark`` that qualifies a formula (``γ and β``,
``padding='same' keeps the size``) and the ``note`` that states a convention,
so that the app can show both in another language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from explorer import rules
from explorer.analysis import table
from explorer.analysis.records import LayerRecord, Report
from explorer.notes import Note
from explorer.i18n import N_, NN_

QUANTITIES = ("output size", "parameters", "MACs", "receptive field", "effective stride", "memory")

ELEMENT_BYTES = 4  # float32, as the engine counts

_SUM_TERMS = 8  # a container's sum lists at most this many terms


@dataclass(frozen=True, slots=True)
class Formula:
    """One number of a row, explained.

    Attributes:
        quantity: one of :data:`QUANTITIES`.
        symbolic: the formula with symbols, e.g. ``P = k_h·k_w·C_in·C_out + C_out``.
        filled: the same with this layer's numbers and the result, e.g.
            ``3·3·64·128 + 128 = 73,856``.
        value: the result (what the row shows).
        note: a convention or caveat worth a sentence (may be empty).
        remark: the words that go with the formula itself, kept out of the
            maths (``γ and β`` beside ``P = 2·C``; ``padding='same' keeps the
            size`` beside ``H_out = H``); may be empty.
    """

    quantity: str
    symbolic: str
    filled: str
    value: int
    note: Note | str = ""
    remark: Note | str = ""


def n(v: int) -> str:
    """An integer with thousands separators, as the tables print it."""
    return f"{v:,}"


def formulas(record: LayerRecord, report: Report | None = None) -> list[Formula]:
    """The formulas behind ``record``'s numbers, in the order output size, parameters, MACs, receptive field, memory.

    Args:
        record: one row of ``report.layers``.
        report: the report the record comes from. Needed for the receptive
            field (its input's field comes from the layer that produced the
            input) and for containers (their numbers are sums over their
            layers); without it those formulas are left out.
    """
    out: list[Formula] = []
    if record.is_leaf:
        out += _leaf(record, report)
    elif report is not None:
        out += _container(record, report)
    mem = memory(record)
    if mem is not None:
        out.append(mem)
    return out


def report_formulas(report: Report) -> dict[int, list[Formula]]:
    """``formulas`` of every record of ``report``, by record index."""
    return {r.index: formulas(r, report) for r in report.layers}


# -- leaves --------------------------------------------------------------------


def _leaf(r: LayerRecord, report: Report | None) -> list[Formula]:
    explain = _BY_KIND.get(table.kind(r.type) or "")
    return explain(r, report) if explain is not None else []


def _pair(v: Any) -> tuple[int, int]:
    if isinstance(v, (tuple, list)):
        return (int(v[0]), int(v[0])) if len(v) == 1 else (int(v[0]), int(v[1]))
    return int(v), int(v)


def _axes(r: LayerRecord) -> list[tuple[str, int, int, int]]:
    """Per axis to explain: (symbol, input size, output size, axis index); one when the map is square."""
    (hi, wi), (ho, wo) = r.input_shape[1:3], r.output_shape[1:3]
    return [("H", hi, ho, 0)] if (hi, ho) == (wi, wo) else [("H", hi, ho, 0), ("W", wi, wo, 1)]


def _spatial(r: LayerRecord) -> bool:
    return (
        r.input_shape is not None and len(r.input_shape) == 3 and r.output_shape is not None and len(r.output_shape) == 3
    )


def window_size(sym: str, size: int, k: int, s: int, p: int, d: int, ceil: bool) -> Formula:
    """Output length of a convolution or pooling window along one axis, in the simplest correct form.

    The dilation term appears only when d > 1, the padding only when p > 0,
    the floor (or ceiling, with ``ceil_mode``) only when s > 1.
    """
    pad_sym, pad = (" + 2p", f" + 2·{p}") if p else ("", "")
    num = size + 2 * p - rules.effective_kernel(k, d)
    value = (-(-num // s) if ceil else num // s) + 1
    dropped = ceil and (value - 1) * s >= size + p  # PyTorch's rule for ceil_mode
    value -= dropped
    if d == 1:
        inner_sym, inner = f"{sym}{pad_sym} − k", f"{size}{pad} − {k}"
        flat_sym, flat = f"{inner_sym} + 1", f"{inner} + 1"
    else:
        inner_sym, inner = f"{sym}{pad_sym} − d·(k − 1) − 1", f"{size}{pad} − {d}·({k} − 1) − 1"
        flat_sym, flat = f"{sym}{pad_sym} − d·(k − 1)", f"{size}{pad} − {d}·({k} − 1)"  # the − 1 + 1 cancel
    note: Note | str = ""
    if s == 1:  # exact division: no rounding to show
        symbolic, filled = flat_sym, flat
    else:
        lo, hi = ("⌈", "⌉") if ceil else ("⌊", "⌋")
        symbolic, filled = f"{lo}({inner_sym})/s{hi} + 1", f"{lo}({inner})/{s}{hi} + 1"
        if dropped:
            filled += " − 1"
            note = Note(N_("With ceil_mode PyTorch drops a last window that would start in the right padding."))
        elif ceil:
            note = Note(N_("ceil_mode rounds up: a partial window at the edge still gives an output."))
    return Formula("output size", f"{sym}_out = {symbolic}", f"{filled} = {n(value)}", value, note)


def _window_settings(r: LayerRecord) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int], bool]:
    a = r.attr
    k = _pair(a["kernel_size"])
    s = _pair(a.get("stride") or k)
    d = _pair(a.get("dilation", 1))
    p = a.get("padding", 0)
    if isinstance(p, str):  # Conv2d(padding="same" | "valid")
        p = tuple(dd * (kk - 1) // 2 for kk, dd in zip(k, d)) if p == "same" else (0, 0)
    return k, s, _pair(p), d, bool(a.get("ceil_mode", False))


def _window_sizes(r: LayerRecord) -> list[Formula]:
    if not _spatial(r):
        return []
    k, s, p, d, ceil = _window_settings(r)
    if table.kind(r.type) == "conv" and r.attr.get("padding") == "same":
        return [
            Formula("output size", f"{sym}_out = {sym}", n(o), o,
                    remark=Note(N_("padding='same' keeps the size")))
            for sym, _, o, _ in _axes(r)
        ]
    return [window_size(sym, size, k[ax], s[ax], p[ax], d[ax], ceil) for sym, size, _, ax in _axes(r)]


def _conv(r: LayerRecord, report: Report | None) -> list[Formula]:
    a = r.attr
    c_in, c_out, g, bias = a["in_channels"], a["out_channels"], a.get("groups", 1), a.get("bias", True)
    (kh, kw), *_ = _window_settings(r)
    cin_sym, cin = ("C_in", n(c_in)) if g == 1 else ("(C_in/g)", f"({n(c_in)}/{g})")
    value = rules.conv_params(c_in, c_out, kh, kw, g, bias)
    p_sym = f"k_h·k_w·{cin_sym}·C_out" + (" + C_out" if bias else "")
    p_fill = f"{kh}·{kw}·{cin}·{n(c_out)}" + (f" + {n(c_out)}" if bias else "")
    note = "" if bias else Note(N_("No bias (bias=False), usually because a BatchNorm follows."))
    out = _window_sizes(r)
    if not r.functional:  # F.conv2d's weights belong to the module that holds them, not to this row
        out.append(_params(r, Formula("parameters", f"P = {p_sym}", f"{p_fill} = {n(value)}", value, note)))
    if _spatial(r):
        ho, wo = r.output_shape[1:3]
        per_out = kh * kw * (c_in // g) + (1 if bias else 0)
        macs = per_out * c_out * ho * wo
        if bias:
            m_sym = f"(k_h·k_w·{cin_sym} + 1)·C_out·H_out·W_out"
            m_fill = f"({kh}·{kw}·{cin} + 1)·{n(c_out)}·{ho}·{wo}"
            m_note = Note(N_("torchinfo's convention: the bias add counts as one multiply-add per output value."))
        else:
            m_sym = f"k_h·k_w·{cin_sym}·C_out·H_out·W_out"
            m_fill = f"{kh}·{kw}·{cin}·{n(c_out)}·{ho}·{wo}"
            m_note = Note(N_("One multiply-add per weight per output position."))
        out.append(Formula("MACs", f"MACs = {m_sym}", f"{m_fill} = {n(macs)}", macs, m_note))
    out += _rf_window(r, report)
    return out


def _params(r: LayerRecord, f: Formula) -> Formula:
    """A repeated call owns no parameters: they were counted at the module's first call."""
    if not r.repeat:
        return f
    note = Note(N_("The same module, called again, shares its weights."))
    return Formula(f.quantity, f.symbolic, "0", 0, note,
                   remark=Note(N_("counted at this module's first call")))


def _linear(r: LayerRecord) -> list[Formula]:
    a = r.attr
    n_in, n_out, bias = a["in_features"], a["out_features"], a.get("bias", True)
    value = rules.linear_params(n_in, n_out, bias)
    sym = "n_in·n_out" + (" + n_out" if bias else "")
    fill = f"{n(n_in)}·{n(n_out)}" + (f" + {n(n_out)}" if bias else "")
    if bias:
        note = Note(N_("One multiply-add per weight; torchinfo counts the bias add as one more per output."))
    else:
        note = Note(N_("One multiply-add per weight."))
    return [
        Formula("output size", "n_out = out_features", n(n_out), n_out),
        _params(r, Formula("parameters", f"P = {sym}", f"{fill} = {n(value)}", value)),
        Formula("MACs", f"MACs = {sym}", f"{fill} = {n(value)}", value, note),
    ]


def _batchnorm(r: LayerRecord, report: Report | None) -> list[Formula]:
    c = r.attr["num_features"]
    out = _unchanged_size(r)
    if r.params or r.repeat:
        out.append(_params(r, Formula("parameters", "P = 2·C", f"2·{n(c)} = {n(2 * c)}", 2 * c,
                                      remark=Note(N_("γ and β")))))
        if not r.repeat:
            keras = Note(N_("Keras counts the running mean and variance as non-trainable parameters; PyTorch keeps them as buffers."))
            out.append(Formula("parameters", "P_Keras = 4·C", f"4·{n(c)} = {n(4 * c)}", 4 * c, keras,
                               remark=Note(N_("γ, β + moving mean and variance"))))
        note = Note(N_("torchinfo's convention: one per parameter, once per sample."))
        out.append(Formula("MACs", "MACs = 2·C", f"2·{n(c)} = {n(2 * c)}", 2 * c, note))
    else:
        out.append(Formula("parameters", "P = 0", "0", 0, remark=Note(N_("affine=False: no γ, β"))))
    return out + _rf_unchanged(r, report)


def _pool(r: LayerRecord, report: Report | None) -> list[Formula]:
    return _window_sizes(r) + _rf_window(r, report)


def _adaptive(r: LayerRecord, report: Report | None) -> list[Formula]:
    if not _spatial(r):
        return []
    size = r.attr.get("output_size")
    want = (size, size) if not isinstance(size, (tuple, list)) else tuple(size) * (2 if len(size) == 1 else 1)
    out = []
    for sym, i, o, ax in _axes(r):
        if want[ax] is None:
            out.append(Formula("output size", f"{sym}_out = {sym}", n(o), o,
                               remark=Note(N_("output_size None keeps the input's"))))
        else:
            fixed = int(want[ax])
            out.append(Formula("output size", f"{sym}_out = output_size", n(fixed), fixed,
                               remark=Note(N_("set by the layer, whatever the input"))))
    if (r.output_shape[1], r.output_shape[2]) == (1, 1):
        return out  # global pooling: no spatial layout left, no receptive field
    windows = []
    for ax in (0, 1):
        wins = rules.adaptive_windows(r.input_shape[1 + ax], r.output_shape[1 + ax])
        sizes = {e - s for s, e in wins}
        steps = {b[0] - a[0] for a, b in zip(wins, wins[1:])} or {1}
        if len(sizes) > 1 or len(steps) > 1:
            return out  # unequal windows: no single receptive field
        windows.append((sizes.pop(), steps.pop()))
    return out + _rf_formulas(r, report, (windows[0][0], windows[1][0]), (windows[0][1], windows[1][1]), (1, 1),
                              adaptive=True)


def _zeropad(r: LayerRecord, report: Report | None) -> list[Formula]:
    if not _spatial(r):
        return []
    p = r.attr.get("padding", 0)
    left, right, top, bottom = (p,) * 4 if isinstance(p, int) else tuple(p)
    out = []
    for sym, i, _, ax in _axes(r):
        a, b = (top, bottom) if ax == 0 else (left, right)
        size = i + a + b
        out.append(Formula("output size", f"{sym}_out = {sym} + p_before + p_after", f"{n(i)} + {a} + {b} = {n(size)}", size))
    return out + _rf_unchanged(r, report, padding=True)


def _flatten(r: LayerRecord) -> list[Formula]:
    if r.input_shape is None or r.output_shape is None or len(r.output_shape) != 1:
        return []
    dims = r.input_shape
    sym = "·".join(("C", "H", "W")[: len(dims)] if len(dims) <= 3 else (f"d{i}" for i in range(len(dims))))
    value = math.prod(dims)
    return [Formula("output size", f"F = {sym}", f"{'·'.join(n(x) for x in dims)} = {n(value)}", value)]


def _unchanged_size(r: LayerRecord) -> list[Formula]:
    if r.output_shape is None or r.input_shape != r.output_shape:
        return []
    sym, v = ("H", r.output_shape[1]) if len(r.output_shape) == 3 else ("F", r.output_shape[0])
    return [Formula("output size", f"{sym}_out = {sym}", n(v), v,
                    remark=Note(N_("applied to each value, shape kept")))]


# Which formulas explain a leaf, by its kind in the one table of layer rules (explorer.analysis.table).
_BY_KIND = {
    "conv": _conv,
    "linear": lambda r, report: _linear(r),
    "batchnorm": _batchnorm,
    "pool": _pool,
    "adaptive": _adaptive,
    "pad": _zeropad,
    "flatten": lambda r, report: _flatten(r),
    "pointwise": lambda r, report: _unchanged_size(r) + _rf_unchanged(r, report),
}


# -- receptive field -------------------------------------------------------------


def input_field(
    record: LayerRecord, report: Report, *, expect: tuple[tuple[int, int], tuple[int, int]] | None = None
) -> tuple[tuple[int, int], tuple[int, int], LayerRecord | None]:
    """Receptive-field size and jump of ``record``'s input, and the record that produced that input.

    The producer is the nearest record finishing before ``record`` whose output
    has the shape of ``record``'s input and a receptive field. A container
    finishes with its last layer and, when both qualify, its output is the
    later one (it includes a residual add done in ``forward``).

    Shapes alone are ambiguous: in a bottleneck block the 1×1 shortcut reads
    the block's input while a 64×56×56 map of the main path sits nearer. With
    ``expect`` (the input's (size, jump), read back from the record itself) the
    nearest candidate with that field wins; when none has it, ``expect`` is
    returned with no producer. The first layers read the image: r = 1, j = 1.
    """
    layers = report.layers
    ends = _ends(report)
    ancestors = set()
    p = record.parent
    while p is not None:
        ancestors.add(p)
        p = layers[p].parent
    for j in range(record.index - 1, -1, -1):
        # Records finishing at j: the containers ending there (outermost first), then leaf j.
        cand = [layers[c] for c in ends.get(j, ()) if c not in ancestors]
        if layers[j].is_leaf:
            cand.append(layers[j])
        for c in cand:
            if c.output_shape == record.input_shape and c.receptive_field is not None:
                rf = c.receptive_field
                if expect is None or (rf.size, rf.stride) == expect:
                    return rf.size, rf.stride, c
    if expect is not None:
        return expect[0], expect[1], None
    return (1, 1), (1, 1), None


def _expected_input(
    r: LayerRecord, k: Sequence[int], s: Sequence[int], d: Sequence[int]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The input's (size, jump) that the recursion must have started from, given the record's own field."""
    rf = r.receptive_field
    if rf is None or any(j % st for j, st in zip(rf.stride, s)):
        return None
    jump = tuple(j // st for j, st in zip(rf.stride, s))
    size = tuple(rr - (kk - 1) * dd * jj for rr, kk, dd, jj in zip(rf.size, k, d, jump))
    return size, jump  # type: ignore[return-value]


_ENDS: dict[int, tuple[Report, dict[int, list[int]]]] = {}


def _ends(report: Report) -> dict[int, list[int]]:
    """Containers by the index of their last descendant, outermost first (cached for the last few reports)."""
    hit = _ENDS.get(id(report))
    if hit is not None and hit[0] is report:
        return hit[1]
    last = {}
    for r in report.layers:
        p = r.parent
        while p is not None:
            last[p] = r.index
            p = report.layers[p].parent
    ends: dict[int, list[int]] = {}
    for c, e in last.items():
        ends.setdefault(e, []).append(c)
    for v in ends.values():
        v.sort(key=lambda c: report.layers[c].depth)
    if len(_ENDS) > 16:
        _ENDS.clear()
    _ENDS[id(report)] = (report, ends)
    return ends


def _rf_window(r: LayerRecord, report: Report | None) -> list[Formula]:
    if not _spatial(r):
        return []
    k, s, _, d, _ = _window_settings(r)
    return _rf_formulas(r, report, k, s, d)


def _rf_formulas(
    r: LayerRecord, report: Report | None, k: Sequence[int], s: Sequence[int], d: Sequence[int], *, adaptive: bool = False
) -> list[Formula]:
    if report is None or r.receptive_field is None:
        return []
    (rh, rw), (jh, jw), src = input_field(r, report, expect=_expected_input(r, k, s, d))
    source = _source(src, rh, jh)
    out = []
    axes = [(0, "")] if (rh, jh, k[0], s[0], d[0]) == (rw, jw, k[1], s[1], d[1]) else [(0, "_h"), (1, "_w")]
    for ax, sub in axes:
        r_in, j_in = (rh, jh) if ax == 0 else (rw, jw)
        kk, ss, dd = k[ax], s[ax], d[ax]
        size = r_in + (kk - 1) * dd * j_in
        remark: Note | str = ""
        if adaptive:
            remark = Note(N_("adaptive pooling windows: k = {k}, s = {s}"), k=kk, s=ss)
        if dd == 1:
            sym, fill = f"r{sub} = r_in + (k − 1)·j_in", f"{n(r_in)} + ({kk} − 1)·{j_in}"
        else:
            sym, fill = f"r{sub} = r_in + (k − 1)·d·j_in", f"{n(r_in)} + ({kk} − 1)·{dd}·{j_in}"
        out.append(Formula("receptive field", sym, f"{fill} = {n(size)}", size, source, remark))
        out.append(Formula("effective stride", f"j{sub} = j_in·s", f"{j_in}·{ss} = {j_in * ss}", j_in * ss, source, remark))
    return out


def _source(src: LayerRecord | None, r_in: int, j_in: int) -> Note:
    """Where ``r_in`` and ``j_in`` come from: the layer whose output this layer reads, the image, or neither."""
    if src is not None:
        return Note(N_("r_in = {r_in}, j_in = {j_in}: the field of {layer}'s output"),
                    r_in=n(r_in), j_in=j_in, layer=src.name)
    if (r_in, j_in) == (1, 1):
        return Note(N_("r_in = 1, j_in = 1: the input image"))
    return Note(N_("r_in = {r_in}, j_in = {j_in}: the field of this layer's input (made inside a forward, by no listed layer)"), r_in=n(r_in), j_in=j_in)


def _rf_unchanged(r: LayerRecord, report: Report | None, *, padding: bool = False) -> list[Formula]:
    """r = r_in and j = j_in, for a layer that works on each position alone (or only pads the map)."""
    if report is None or r.receptive_field is None:
        return []
    (rh, rw), (jh, jw), src = input_field(r, report, expect=_expected_input(r, (1, 1), (1, 1), (1, 1)))
    source = _source(src, rh, jh)
    if padding:
        why = Note(N_("unchanged: padding adds pixels around the map, not to a unit's view"))
    else:
        why = Note(N_("unchanged: it works on each position alone"))
    unchanged = Note(N_("unchanged"))
    out = [Formula("receptive field", "r = r_in", n(rh), rh, source, why)]
    if rw != rh:
        out.append(Formula("receptive field", "r_w = r_in", n(rw), rw, source, unchanged))
    out.append(Formula("effective stride", "j = j_in", str(jh), jh, source, unchanged))
    return out


# -- containers and memory -------------------------------------------------------


def _container(r: LayerRecord, report: Report) -> list[Formula]:
    kids = report.children(r.index)
    out = []
    for quantity, attr, label in (("parameters", "params", "P"), ("MACs", "mult_adds", "MACs")):
        terms = [getattr(k, attr) for k in kids]
        total = sum(terms)
        nonzero = [t for t in terms if t]
        more = len(nonzero) - _SUM_TERMS
        shown = " + ".join([n(t) for t in nonzero[:_SUM_TERMS]] + (["…"] if more > 0 else []))
        symbolic = f"{label} = Σ {label}_i"
        filled = f"{shown or '0'} = {n(total)}"
        note: Note | str = ""
        if len(nonzero) < len(terms):
            note = Note(N_("Zero terms (activations, pooling, repeated calls) are left out."))
        if attr == "params" and total != r.params:
            own = n(r.params - total)
            symbolic += f" + {label}_own"
            filled = f"{' + '.join(x for x in (shown, own) if x)} = {n(r.params)}"
            total = r.params
            note = Note(N_("The last term, {own}: parameters held by the container itself or by modules not called in this forward pass."), own=own)
        if more > 0:
            remark = Note(NN_("sum of its {count} layers; … stands for {more} more term",
                              "sum of its {count} layers; … stands for {more} more terms", "more"), count=len(kids), more=more)
        else:
            remark = Note(NN_("sum of its {count} layer", "sum of its {count} layers", "count"), count=len(kids))
        out.append(Formula(quantity, symbolic, filled, total, note, remark))
    return out


def memory(r: LayerRecord) -> Formula | None:
    """Bytes of the record's output for one sample (float32), or None without an output."""
    if r.output_shape is None:
        return None
    dims = r.output_shape
    syms = ("C", "H", "W") if len(dims) == 3 else ("F",) if len(dims) == 1 else tuple(f"d{i}" for i in range(len(dims)))
    value = math.prod(dims) * ELEMENT_BYTES
    sym = "·".join(syms) + "·4 bytes"
    note = Note(N_("float32: 4 bytes per value; batch of 1."))
    if r.output_bytes == 0 and value:
        if r.attr.get("inplace"):
            why = Note(N_("in place (inplace=True): it overwrites its input"))
        else:
            why = Note(N_("it returns its input tensor"))
        return Formula("memory", f"M = {sym}", "0 bytes", 0, note, why)
    fill = "·".join(n(d) for d in dims) + f"·4 = {n(value)} bytes"
    return Formula("memory", f"M = {sym}", fill, value, note)

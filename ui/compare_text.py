"""The Compare page's words: model labels, relative-factor sentences and preset names, in the interface's language.

The library computes the facts (:func:`explorer.analysis.compare.relative_facts`,
:func:`~explorer.analysis.compare.label_parts`); the page says them here, in the
interface's language, each sentence one message (its English is the message id).
"""

from __future__ import annotations

from explorer.analysis import Report
from explorer.analysis.compare import Facts, Label, Ratio, factor_str, label_parts, relative_facts
from explorer.analysis.format import human, human_bytes
from explorer.errors import ExplorerError
from explorer.zoo import get
from ui import i18n, zoo_text
from explorer.i18n import N_, NN_


def _language(lang: str | None) -> str:
    return lang or i18n.lang()


def label_text(label: Label, lang: str | None = None) -> str:
    """A model's label. English is the library's own (hyperparameters as the CLI spells them)."""
    lang = _language(lang)
    if lang == i18n.DEFAULT:
        return str(label)
    try:
        arch = get(label.architecture)
    except ExplorerError:  # a model the registry does not know: its label as the library wrote it
        return str(label)
    parts = []
    for name, value in label.hyperparameters:
        h = arch.hparam(name)
        parts.append(
            i18n.translate("{name} {value}", lang, name=zoo_text.hp_title(h, lang) if h else name,
                      value=zoo_text.choice_label(h, value, lang) if h else value)
        )
    if label.input_size is not None:
        parts.append(i18n.translate("input {h}×{w}", lang, h=label.input_size[0], w=label.input_size[1]))
    name = zoo_text.title(arch, lang)
    return i18n.translate("{title} · {parts}", lang, title=name, parts=i18n.translate(", ", lang).join(parts)) if parts else name


def labels(reports: list[Report], lang: str | None = None) -> list[str]:
    """A distinct, readable name per report (see :func:`explorer.analysis.compare.labels`)."""
    return [label_text(label, lang) for label in label_parts(reports)]


# The first sentence, whole (a translator may reorder it), by how the parameters and then the MACs compare:
# 1 more, -1 fewer, 0 about the same, None a value is 0. "but" where the two go opposite ways.
_PARAMS_MACS = {
    1: {1: N_("{a} has {fp}× the parameters of {b} and {fm}× the MACs."), -1: N_("{a} has {fp}× the parameters of {b} but {fm}× fewer MACs."),
        0: N_("{a} has {fp}× the parameters of {b} and about as many MACs."), None: N_("{a} has {fp}× the parameters of {b} and {xm} MACs against {ym}.")},
    -1: {1: N_("{a} has {fp}× fewer parameters than {b} but {fm}× the MACs."), -1: N_("{a} has {fp}× fewer parameters than {b} and {fm}× fewer MACs."),
         0: N_("{a} has {fp}× fewer parameters than {b} and about as many MACs."), None: N_("{a} has {fp}× fewer parameters than {b} and {xm} MACs against {ym}.")},
    0: {1: N_("{a} has about as many parameters as {b} and {fm}× the MACs."), -1: N_("{a} has about as many parameters as {b} and {fm}× fewer MACs."),
        0: N_("{a} has about as many parameters as {b} and about as many MACs."), None: N_("{a} has about as many parameters as {b} and {xm} MACs against {ym}.")},
    None: {1: N_("{a} has {xp} parameters against {yp} and {fm}× the MACs."), -1: N_("{a} has {xp} parameters against {yp} and {fm}× fewer MACs."),
           0: N_("{a} has {xp} parameters against {yp} and about as many MACs."), None: N_("{a} has {xp} parameters against {yp} and {xm} MACs against {ym}.")},
}
# The memory sentence, by direction (0 also when a value is 0).
_MEMORY = {
    1: N_("Per image it needs {f}× the activation memory of {b} ({x} against {y})."),
    -1: N_("Per image it needs {f}× less activation memory than {b} ({x} against {y})."),
    0: N_("Per image it needs about the same activation memory as {b} ({x} against {y})."),
}
_DEPTH = NN_("It is {da} weight layer deep against {db}.", "It is {da} weight layers deep against {db}.", "da")
_DEPTH_RF = NN_("It is {da} weight layer deep against {db}, and its last layer sees {ra} pixels against {rb}.",
                "It is {da} weight layers deep against {db}, and its last layer sees {ra} pixels against {rb}.", "da")


def _key(r: Ratio) -> int | None:
    """How a ratio reads: its direction, None when a value is 0."""
    return None if r.factor is None else r.direction


def _factor(r: Ratio) -> str | None:
    return None if r.factor is None else factor_str(r.factor)


def fact_sentences(facts: Facts, lang: str | None = None) -> list[str]:
    """How ``facts.a`` compares with ``facts.b``, in three sentences in ``lang``.

    "VGG-16 has 5.4× the parameters of ResNet-50 and 3.8× the MACs." Factors below 1 read as
    "N× fewer", so every number is at least 1; within 5 % is "about as many".
    """
    lang = _language(lang)
    a, b = label_text(facts.a, lang), label_text(facts.b, lang)
    p, m, mem = facts.params, facts.mult_adds, facts.activation_bytes
    (da, db), rf = facts.depth, facts.receptive_field
    return [
        i18n.translate(_PARAMS_MACS[_key(p)][_key(m)], lang, a=a, b=b, fp=_factor(p), fm=_factor(m),
                       xp=human(p.a), yp=human(p.b), xm=human(m.a), ym=human(m.b)),
        i18n.translate(_MEMORY[mem.direction], lang, f=_factor(mem), b=b, x=human_bytes(mem.a), y=human_bytes(mem.b)),
        i18n.translate(_DEPTH_RF, lang, da=da, db=db, ra=rf[0], rb=rf[1]) if rf else i18n.translate(_DEPTH, lang, da=da, db=db),
    ]


def sentences(a: Report, b: Report, lang: str | None = None) -> list[str]:
    """How ``a`` compares with ``b``, in ``lang`` (the current language by default)."""
    return fact_sentences(relative_facts(a, b), lang)


def preset_label(preset: str, lang: str | None = None) -> str:
    """A preset's display name: its id (the English, the widget's value) is the message id of its translation."""
    return i18n.translate(preset, _language(lang))

"""The Compare page's words: model labels, relative-factor sentences and preset names, in the interface's language.

The library computes the facts (:func:`explorer.analysis.compare.relative_facts`,
:func:`~explorer.analysis.compare.label_parts`) and writes them in English for
the CLI; the page writes them here, in the interface's language, from the same numbers.
"""

from __future__ import annotations

from explorer.analysis import Report
from explorer.analysis.compare import Facts, Label, Ratio, factor_str, label_parts, relative_facts
from explorer.analysis.format import human, human_bytes
from explorer.errors import ExplorerError
from explorer.zoo import get
from ui import i18n, zoo_text
from explorer.i18n import N_


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


# What a ratio says, by quantity and direction (1 more, -1 fewer, 0 about the same, None: a value is 0).
_RATIO = {
    "params": {1: N_("{f}× the parameters of {b}"), -1: N_("{f}× fewer parameters than {b}"), 0: N_("about as many parameters as {b}"),
               None: N_("{x} parameters against {y}")},
    "macs": {1: N_("{f}× the MACs"), -1: N_("{f}× fewer MACs"), 0: N_("about as many MACs"),
             None: N_("{x} MACs against {y}")},
}
_MEMORY = {1: N_("{f}× the activation memory of {b}"), -1: N_("{f}× less activation memory than {b}")}
_JOINT = {"and": N_("and"), "but": N_("but")}


def _ratio(quantity: str, r: Ratio, lang: str, **names: str) -> str:
    """The phrase of one ratio (``_RATIO``), filled from its numbers."""
    if r.factor is None:
        return i18n.translate(_RATIO[quantity][None], lang, x=human(r.a), y=human(r.b))
    return i18n.translate(_RATIO[quantity][r.direction], lang, f=factor_str(r.factor), **names)


def fact_sentences(facts: Facts, lang: str | None = None) -> list[str]:
    """The sentences of :func:`explorer.analysis.compare.factor_sentences`, in ``lang``."""
    lang = _language(lang)
    a, b = label_text(facts.a, lang), label_text(facts.b, lang)
    mem = facts.activation_bytes
    if mem.direction == 0:  # "about the same", also when a value is 0 (as the library's English says)
        memory = i18n.translate("about the same activation memory as {b}", lang, b=b)
    else:
        memory = i18n.translate(_MEMORY[1 if mem.direction > 0 else -1], lang, f=factor_str(mem.factor), b=b)
    (da, db), rf = facts.depth, facts.receptive_field
    return [
        i18n.translate(
            "{a} has {params} {joint} {macs}.", lang, a=a,
            params=_ratio("params", facts.params, lang, b=b),
            joint=i18n.translate(_JOINT[facts.joint], lang),
            macs=_ratio("macs", facts.mult_adds, lang),
        ),
        i18n.translate("Per image it needs {mem} ({x} against {y}).", lang, mem=memory, x=human_bytes(mem.a), y=human_bytes(mem.b)),
        i18n.translate("It is {da} weight layers deep against {db}, and its last layer sees {ra} pixels against {rb}.", lang, da=da, db=db, ra=rf[0], rb=rf[1]) if rf
        else i18n.translate("It is {da} weight layers deep against {db}.", lang, da=da, db=db),
    ]


def sentences(a: Report, b: Report, lang: str | None = None) -> list[str]:
    """How ``a`` compares with ``b``, in ``lang`` (the current language by default)."""
    return fact_sentences(relative_facts(a, b), lang)


def preset_label(preset: str, lang: str | None = None) -> str:
    """A preset's display name: its id (the English, the widget's value) is the message id of its translation."""
    return i18n.translate(preset, _language(lang))

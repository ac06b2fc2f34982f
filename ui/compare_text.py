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
            i18n.text("compare.label.hp", lang, name=zoo_text.hp_title(h, lang) if h else name,
                      value=zoo_text.choice_label(h, value, lang) if h else value)
        )
    if label.input_size is not None:
        parts.append(i18n.text("compare.label.input", lang, h=label.input_size[0], w=label.input_size[1]))
    name = zoo_text.title(arch, lang)
    return i18n.text("compare.label", lang, title=name, parts=i18n.text("compare.label.sep", lang).join(parts)) if parts else name


def labels(reports: list[Report], lang: str | None = None) -> list[str]:
    """A distinct, readable name per report (see :func:`explorer.analysis.compare.labels`)."""
    return [label_text(label, lang) for label in label_parts(reports)]


# What a ratio says, by quantity and direction (1 more, -1 fewer, 0 about the same, None: a value is 0).
_RATIO = {
    "params": {1: "compare.fact.params.more", -1: "compare.fact.params.fewer", 0: "compare.fact.params.same",
               None: "compare.fact.params.zero"},
    "macs": {1: "compare.fact.macs.more", -1: "compare.fact.macs.fewer", 0: "compare.fact.macs.same",
             None: "compare.fact.macs.zero"},
}
_MEMORY = {1: "compare.fact.memory.more", -1: "compare.fact.memory.fewer"}
_JOINT = {"and": "compare.fact.and", "but": "compare.fact.but"}


def _ratio(quantity: str, r: Ratio, lang: str, **names: str) -> str:
    """The phrase of one ratio (``_RATIO``), filled from its numbers."""
    if r.factor is None:
        return i18n.text(_RATIO[quantity][None], lang, x=human(r.a), y=human(r.b))
    return i18n.text(_RATIO[quantity][r.direction], lang, f=factor_str(r.factor), **names)


def fact_sentences(facts: Facts, lang: str | None = None) -> list[str]:
    """The sentences of :func:`explorer.analysis.compare.factor_sentences`, in ``lang``."""
    lang = _language(lang)
    a, b = label_text(facts.a, lang), label_text(facts.b, lang)
    mem = facts.activation_bytes
    if mem.direction == 0:  # "about the same", also when a value is 0 (as the library's English says)
        memory = i18n.text("compare.fact.memory.same", lang, b=b)
    else:
        memory = i18n.text(_MEMORY[1 if mem.direction > 0 else -1], lang, f=factor_str(mem.factor), b=b)
    (da, db), rf = facts.depth, facts.receptive_field
    return [
        i18n.text(
            "compare.fact.counts", lang, a=a,
            params=_ratio("params", facts.params, lang, b=b),
            joint=i18n.text(_JOINT[facts.joint], lang),
            macs=_ratio("macs", facts.mult_adds, lang),
        ),
        i18n.text("compare.fact.memory", lang, mem=memory, x=human_bytes(mem.a), y=human_bytes(mem.b)),
        i18n.text("compare.fact.depth_rf", lang, da=da, db=db, ra=rf[0], rb=rf[1]) if rf
        else i18n.text("compare.fact.depth", lang, da=da, db=db),
    ]


def sentences(a: Report, b: Report, lang: str | None = None) -> list[str]:
    """How ``a`` compares with ``b``, in ``lang`` (the current language by default)."""
    return fact_sentences(relative_facts(a, b), lang)


def preset_label(preset: str, lang: str | None = None) -> str:
    """A preset's display name: its id (the English, the widget's value) is the message id of its translation."""
    return i18n.translate(preset, _language(lang))

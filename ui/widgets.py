"""Controls generated from declared data: the architecture picker and hyperparameter widgets.

Nothing here knows any architecture: each control is rendered from an
:class:`explorer.zoo.HParam` (type, range or choices, help text), its words
translated through :mod:`ui.zoo_text`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from explorer.errors import ExplorerError
from explorer.settings import settings
from explorer.zoo import HParam, architectures, get
from ui import state, zoo_text
from ui.i18n import _, bound, error_text, keep_choice, lang, N_, NP_
from ui.urlstate import INPUT_HPARAMS, ModelConfig

GROUP_LABELS = {"reference": N_("Reference"), "backbone": N_("Backbones"), "book": N_("Books"), "teaching": N_("Teaching"),
                "operator": N_("Operator's models"), "design": N_("Your designs")}  # catalogue keys


def hparam_widget(h: HParam, key: str, *, disabled: bool = False) -> Any:
    """One widget for one hyperparameter; its value lives in ``st.session_state[key]``."""
    if getattr(h, "editor", "") == "design":  # a design's spec: edited on the Design page (ui/design.py)
        from ui.design import spec_widget

        return spec_widget(h, key)
    state.ensure(key, h.default)
    language = lang()
    label, help_text = zoo_text.hp_title(h, language), zoo_text.hp_help(h, language)
    if h.choices is not None:
        if any(zoo_text.choice_key(h, c) for c in h.choices):
            keep_choice(key)  # its labels are translated
        return st.selectbox(
            label, h.choices, key=key, help=help_text, disabled=disabled,
            format_func=lambda c: zoo_text.choice_label(h, c, language),
        )
    if h.type is bool:
        return st.toggle(label, key=key, help=help_text, disabled=disabled)
    if h.type in (int, float):
        num = h.type
        return st.number_input(
            label,
            min_value=num(h.min) if h.min is not None else None,
            max_value=num(h.max) if h.max is not None else None,
            step=num(h.step or (1 if num is int else 0.05)),
            key=key,
            help=help_text,
            disabled=disabled,
            **({"format": "%g"} if num is float else {}),
        )
    return st.text_input(label, key=key, help=help_text, disabled=disabled)


def _names_in(group: str) -> list[str]:
    return [a.name for a in architectures() if a.group == group]


def _on_arch_change(prefix: str) -> None:
    """A new architecture starts at its own default input shape (LeNet 28×28, VGG 224×224)."""
    arch = get(st.session_state[prefix + state.ARCH])
    for key, v in zip(_input_keys(prefix), arch.input_shape):
        st.session_state[key] = v


def _on_group_change(prefix: str) -> None:
    names = _names_in(st.session_state[prefix + state.GROUP])
    st.session_state[prefix + state.ARCH] = names[0]
    _on_arch_change(prefix)


def _reset(name: str, prefix: str) -> None:
    for h in get(name).hparams:
        if h.name not in INPUT_HPARAMS:
            st.session_state[state.hp_key(name, h.name, prefix)] = h.default


def _input_keys(prefix: str) -> tuple[str, str, str]:
    return tuple(prefix + k for k in state.INPUT)  # type: ignore[return-value]


def model_controls(current: ModelConfig, *, prefix: str = "", compact: bool = False) -> ModelConfig | str:
    """Architecture picker, input shape and hyperparameters, rendered where called.

    Widgets start from ``current`` when their keys are missing (a page switch
    drops widget state). Returns the configuration the widgets describe, or a
    message when the values do not make a valid configuration.
    """
    arch_key, group_key = prefix + state.ARCH, prefix + state.GROUP
    state.ensure(arch_key, current.arch)
    state.ensure(group_key, get(st.session_state[arch_key]).group)
    groups = [g for g in GROUP_LABELS if _names_in(g)]
    keep_choice(group_key)  # its labels are translated
    if st.session_state.get(group_key) not in (*groups, None):
        st.session_state[group_key] = get(st.session_state[arch_key]).group
    tr = bound()
    st.segmented_control(
        _("Family"), groups, key=group_key, format_func=lambda g: tr(GROUP_LABELS[g]), on_change=_on_group_change, args=(prefix,),
        label_visibility="collapsed" if compact else "visible",
    )
    if st.session_state.get(group_key) is None:  # segmented control deselected: keep the architecture's group
        st.session_state[group_key] = get(st.session_state[arch_key]).group
    names = _names_in(st.session_state[group_key])
    if st.session_state[arch_key] not in names:
        st.session_state[arch_key] = names[0]
    keep_choice(arch_key)  # titles are translated
    language = lang()
    name = st.selectbox(
        _("Architecture"), names, key=arch_key, format_func=lambda n: f"{zoo_text.title(get(n), language)}  ·  {n}",
        on_change=_on_arch_change, args=(prefix,),
    )
    arch = get(name)

    keys = _input_keys(prefix)
    shape = current.shape() if current.arch == name else arch.input_shape
    for key, v in zip(keys, shape):
        state.ensure(key, v)
    cols = st.columns(3)
    labels = (_(NP_("widgets.channels", "Channels")), _(NP_("widgets.height", "Height")), _(NP_("widgets.width", "Width")))
    limits = settings()  # the operator's ranges, the same as links' and the command line's
    for i, (col, key, label) in enumerate(zip(cols, keys, labels)):
        with col:
            st.number_input(label, min_value=1, max_value=limits.max_channels if i == 0 else limits.max_input_side, step=1, key=key)
    input_shape = tuple(int(st.session_state[k]) for k in keys)

    knobs = [h for h in arch.hparams if h.name not in INPUT_HPARAMS]
    values: dict[str, Any] = {}
    base = {**arch.defaults(), **(current.hp_dict if current.arch == name else {})}
    container = st.expander(_("Hyperparameters"), expanded=not compact) if knobs else None
    if container is not None:
        with container:
            for h in knobs:
                key = state.hp_key(name, h.name, prefix)
                state.ensure(key, base[h.name])
                values[h.name] = hparam_widget(h, key)
            st.button(_("Reset to defaults"), key=prefix + "reset", width="stretch", on_click=_reset, args=(name, prefix))
    try:
        return ModelConfig.make(name, values, input_shape)  # type: ignore[arg-type]
    except ExplorerError as err:
        return error_text(err)

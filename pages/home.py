"""Home: what CNN Explorer is, and one sentence per page."""

import streamlit as st

from ui.shell import ensure_navigation

ensure_navigation()

st.title("CNN Explorer")
st.markdown(
    "Pick a convolutional network — LeNet-5, AlexNet, VGG, GoogLeNet, ResNet, or the exact models of the course's "
    "textbooks — turn its knobs, and see what **every layer** does: output shape, receptive field, parameters, "
    "compute and memory, each with the formula behind it."
)

cols = st.columns(2)
with cols[0]:
    st.page_link("pages/architecture.py", label="**Architecture** — every layer of one network", icon=":material/view_agenda:")
    st.caption("Choose a network and its hyperparameters; read the layer table, the formulas, the charts.")
with cols[1]:
    st.page_link("pages/compare.py", label="**Compare** — networks side by side", icon=":material/compare_arrows:")
    st.caption("VGG-16 vs ResNet-50: where the parameters are, what the compute costs, how the receptive field grows.")

st.divider()
st.markdown(
    "**How the numbers are defined.** *Parameters* are PyTorch's (`sum(p.numel())`); the *Keras-style* count adds "
    "BatchNorm's running mean and variance, as the books' `model.summary()` prints. *MACs* are multiply-adds as "
    "torchinfo counts them (one multiply-add = 1; FLOPs ≈ 2 × MACs). *Receptive fields* follow Araujo et al. "
    "(Distill, 2019): size, effective stride and effective padding in input pixels."
)

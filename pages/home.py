"""Home: what CNN Explorer is, and one sentence per page."""

import streamlit as st

from explorer.labs import LAB_IDS
from ui.i18n import _, N_
from ui.shell import ensure_navigation

# The messages of f"home.link.{name}", by name (from the keys of the old catalogue).
_HOME_LINK = {
    "architecture": N_("**Architecture** — every layer of one network"),
    "compare": N_("**Compare** — networks side by side"),
    "inside": N_("**Inside** — feature maps, filters, saliency"),
    "train": N_("**Train** — short live training runs"),
    "learn": N_("**Learn** — the textbooks' lessons as labs"),
}

# The messages of f"home.caption.{name}", by name (from the keys of the old catalogue).
_HOME_CAPTION = {
    "architecture": N_("Choose a network and its hyperparameters; read the layer table, the formulas, the charts."),
    "compare": N_("VGG-16 vs ResNet-50: where the parameters are, what the compute costs, how the receptive field grows."),
    "inside": N_("Upload a photo and walk through the layers with random, trained or pretrained weights: receptive fields on the image, Grad-CAM."),
    "train": N_("Press Train and watch the loss fall: curves, filters and predictions, on the GPU when there is one."),
    "learn": N_("{n} interactive labs for the classroom, from one convolution window to ResNet's degradation experiment."),
}

ensure_navigation()

st.title(_("CNN Explorer"))
st.markdown(_("Pick a convolutional network — LeNet-5, AlexNet, VGG, GoogLeNet, ResNet, or the exact models of the course's textbooks — turn its knobs, and see what **every layer** does: output shape, receptive field, parameters, compute and memory, each with the formula behind it."))

LINKS = [
    ("pages/architecture.py", "architecture", ":material/view_agenda:"),
    ("pages/compare.py", "compare", ":material/compare_arrows:"),
    ("pages/inside.py", "inside", ":material/visibility:"),
    ("pages/train.py", "train", ":material/model_training:"),
    ("pages/learn.py", "learn", ":material/school:"),
]
for row in (LINKS[:3], LINKS[3:]):
    for col, (path, name, icon) in zip(st.columns(3), row):
        with col:
            st.page_link(path, label=_(_HOME_LINK[name]), icon=icon)
            st.caption(_("{n} interactive labs for the classroom, from one convolution window to ResNet's degradation experiment.", n=len(LAB_IDS)) if name == "learn" else _(_HOME_CAPTION[name]))

st.divider()
st.markdown(_("**How the numbers are defined.** *Parameters* are PyTorch's (`sum(p.numel())`); the *Keras-style* count adds BatchNorm's running mean and variance, as the books' `model.summary()` prints. *MACs* are multiply-adds as torchinfo counts them (one multiply-add = 1; FLOPs ≈ 2 × MACs). *Receptive fields* follow Araujo et al. (Distill, 2019): size, effective stride and effective padding in input pixels."))

"""The figures' words: English templates marked where they are written, and the type of a translator.

A figure function takes ``words: Words | None`` (keyword-only) and builds each
title, axis title, legend name, hover text and annotation with
``tr("{title}: feature maps get smaller and deeper", title=report.title)``: the
English template is the gettext message id (``pybabel extract`` finds ``tr``
calls, see babel.cfg). Left out, the words are English (:func:`english`); an
interface in another language passes its own translator, called the same way
(message, then the placeholders as keywords): the Streamlit app's
``ui.i18n.bound()`` reads ``locale/*/LC_MESSAGES/messages.po``.

Templates are :meth:`str.format` strings without literal braces: plotly's
own ``%{x:.2f}`` placeholders are passed in as values (``x="%{x:.2f}"``), so a
translation can move them. Names, numbers and units (px, MACs, ×) are put in by
the figures and are never translated.
"""

from __future__ import annotations

from collections.abc import Callable

Words = Callable[..., str]
"""``(key, /, **fmt) -> str``: the template ``key`` in some language, filled from ``fmt``."""

# --- legacy catalogue API: removed by scripts/catalogue_to_gettext.py ---
ENGLISH: dict[str, str] = {
    # --- shared ---------------------------------------------------------------------------------
    "viz.hover.output": "output {shape}",
    "viz.hover.params": "{n} parameters",
    "viz.axis.layer": "layer (in execution order)",
    "viz.axis.rf": "receptive field (pixels)",
    "viz.input_px": "input: {size} px",
    "viz.metric.params": "parameters",
    "viz.metric.mult_adds": "multiply-adds",
    "viz.metric.params.axis": "parameters",
    "viz.metric.mult_adds.axis": "multiply-adds per image",
    # --- one report: shapes, receptive field, stages (Architecture page) -----------------------
    "viz.shapes.title": "{title}: feature maps get smaller and deeper",
    "viz.shapes.height": "Feature-map height H",
    "viz.shapes.channels": "Channels C (features after flatten)",
    "viz.shapes.height.axis": "H (pixels)",
    "viz.shapes.channels.axis": "channels (log scale)",
    "viz.rf.title": "{title}: what one unit sees grows layer by layer",
    "viz.rf.title.partial": "{title}: what one unit sees grows layer by layer (not computed to the end)",
    "viz.rf.name": "receptive field r",
    "viz.rf.stride.name": "effective stride j",
    "viz.rf.hover": "receptive field {height}×{width} px, stride {stride}",
    "viz.rf.stride.hover": "layer {x}: stride {y} px",
    "viz.rf.wider": "wider than the input<br>from {name} on",
    "viz.rf.final": "final: {size} px<br>stride {stride}",
    "viz.rf.stride.axis": "effective stride (pixels, log scale)",
    "viz.stages.title": "{title}: where the {name} are (total {total})",
    "viz.stages.hover": "{value} {name}<br>{share} of {total}",
    "viz.stages.axis": "stage",
    # --- the network diagram -------------------------------------------------------------------
    "viz.diagram.title.layers": "{title}: {n} layers, drawn to scale",
    "viz.diagram.title.blocks": "{title}: {n} blocks, drawn to scale",
    "viz.diagram.input": "input",
    "viz.diagram.block": "a block of {n} layers",
    "viz.diagram.y": "map height H (pixels, to scale)",
    "viz.diagram.x": "layers in execution order · box width grows with log₂ channels",
    # --- several reports (Compare page) ---------------------------------------------------------
    "viz.compare.pm.title": "Size against compute: parameters vs multiply-adds",
    "viz.compare.pm.params": "{n} parameters ({short})",
    "viz.compare.pm.macs": "{n} multiply-adds ({short})",
    "viz.compare.pm.activations": "activations {size}",
    "viz.compare.pm.x": "parameters (log scale)",
    "viz.compare.pm.y": "multiply-adds per image (log scale)",
    "viz.compare.stages.title": "Where the {name} are, stage by stage",
    "viz.compare.stages.hover": "{stage}: {value} {name}<br>{share} of {total}",
    "viz.compare.stages.x": "share of {name} (%)",
    "viz.compare.rf.title": "Receptive field against depth",
    "viz.compare.rf.hover": "depth {depth}: {size} px",
    "viz.compare.rf.x": "depth (weight layers from the input)",
    "viz.compare.spatial.title": "Where each network shrinks its feature maps",
    "viz.compare.spatial.input": "input {shape}",
    "viz.compare.spatial.relative": "map height / input height (log scale)",
    "viz.compare.spatial.pixels": "map height H (pixels, log scale)",
    "viz.compare.spatial.x": "relative depth (0 = input, 1 = last layer)",
    # --- training (Train page) ------------------------------------------------------------------
    "viz.train.curves.title": "Loss and accuracy as training goes",
    "viz.train.loss": "Loss",
    "viz.train.acc": "Accuracy",
    "viz.train.training": "training",
    "viz.train.validation": "validation",
    "viz.train.hover.train.loss": "epoch {x}<br>training loss {y}",
    "viz.train.hover.train.acc": "epoch {x}<br>training acc {y}",
    "viz.train.hover.val.loss": "epoch {x}<br>validation loss {y}",
    "viz.train.hover.val.acc": "epoch {x}<br>validation acc {y}",
    "viz.train.epoch": "epoch",
    "viz.train.loss.axis": "cross-entropy loss",
    "viz.train.acc.axis": "accuracy (%)",
    "viz.train.lr.title": "Learning rate",
    "viz.train.lr.hover": "epoch {x}<br>lr {y}",
    "viz.train.lr.axis": "learning rate (log scale)",
    "viz.train.metric.val_acc": "validation accuracy",
    "viz.train.metric.val_loss": "validation loss",
    "viz.train.metric.train_loss": "training loss",
    "viz.train.metric.train_acc": "training accuracy",
    "viz.train.overlay.title": "{name}, run by run",
    "viz.train.overlay.hover": "epoch {x}<br>{name} {y}",
    "viz.train.overlay.percent": "{name} (%)",
    "viz.train.confusion.title": "Confusion matrix ({acc} correct)",
    "viz.train.confusion.colorbar": "% of the row",
    "viz.train.confusion.hover": "true {true}, predicted {pred}<br>{n} images ({share} % of the {true}s)",
    "viz.train.confusion.x": "predicted class",
    "viz.train.confusion.y": "true class",
    "viz.train.mistakes.legend": "Under each image: its true class, then, in red after the arrow, what the model said and how sure it was.",
    # --- Inside page ---------------------------------------------------------------------------
    "viz.inside.row": "row i",
    "viz.inside.column": "column j",
    "viz.inside.unit.hover": "row {i}, column {j}: {value}",
    "viz.inside.probability": "probability (%)",
    "viz.inside.weights": "weights",
    "viz.inside.weight": "weight value",
    "viz.inside.count": "count",
    # --- the backbone chooser (Choose page) -----------------------------------------------------
    "viz.choose.title": "ImageNet top-1 against {metric}, with the Pareto front",
    "viz.choose.y": "ImageNet top-1 accuracy (%)",
    "viz.choose.x.params": "parameters (log scale)",
    "viz.choose.x.mult_adds": "multiply-adds per image (log scale)",
    "viz.choose.x.latency_ms": "latency at batch 1 on this machine (ms, log scale)",
    "viz.choose.metric.params": "parameters",
    "viz.choose.metric.mult_adds": "multiply-adds",
    "viz.choose.metric.latency_ms": "latency",
    "viz.choose.models": "models",
    "viz.choose.front": "Pareto front",
    "viz.choose.hover.top1": "top-1 {top1} % ({weights})",
    "viz.choose.hover.params": "{n} parameters",
    "viz.choose.hover.macs": "{n} multiply-adds",
    "viz.choose.hover.latency": "{ms} ms at batch 1",
    "viz.choose.hover.rf": "receptive field {rf} px",
    "viz.choose.empty": "No model has both an accuracy and this measure yet",
}
# --- end of the legacy catalogue API ---


def english(message: str, /, **fmt: object) -> str:
    """The English template ``message`` filled from ``fmt`` (a template is formatted only when given values)."""
    s = globals().get("ENGLISH", {}).get(message, message)
    return s.format(**fmt) if fmt else s


def resolve(words: Words | None) -> Words:
    """``words``, or :func:`english` when None: what every figure function starts with."""
    return english if words is None else words

"""Records → plotly figures, for the pages and notebooks (no Streamlit here).

Every function takes reports and returns a ``plotly.graph_objects.Figure``
styled for a classroom: light theme, text of 16 px or more, a colour per stage
that stays the same across the figures of one report. Their words are English
unless a translator is passed as ``words=`` (see :mod:`explorer.viz.words`).
"""

from explorer.viz.compare_figures import params_vs_macs, rf_vs_depth, spatial_overlay, stage_params_figure
from explorer.viz.diagram import diagram_units, network_diagram
from explorer.viz.report_figures import receptive_field_figure, shapes_figure, stage_bars
from explorer.viz.style import Stage, stages
from explorer.viz.words import Words

__all__ = [
    "Stage",
    "Words",
    "diagram_units",
    "network_diagram",
    "params_vs_macs",
    "receptive_field_figure",
    "rf_vs_depth",
    "shapes_figure",
    "spatial_overlay",
    "stage_bars",
    "stage_params_figure",
    "stages",
]

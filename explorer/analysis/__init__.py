"""Shapes, parameters, MACs, memory and receptive fields: data in, records out."""

from explorer.analysis.engine import analyze
from explorer.analysis.records import LayerRecord, ReceptiveField, Report

__all__ = ["LayerRecord", "ReceptiveField", "Report", "analyze"]

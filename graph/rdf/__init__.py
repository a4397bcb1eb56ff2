"""RDF out and back in: streaming export, validation against the shapes, import."""

from __future__ import annotations

from graph.rdf.export import ExportReport, export
from graph.rdf.vocab import DEFAULT_BASE
from graph.rdf.writers import FORMATS

__all__ = ["DEFAULT_BASE", "FORMATS", "ExportReport", "export"]

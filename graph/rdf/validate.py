"""Validate an export against data/shapes.ttl with pyshacl.

Validation holds the export in memory (pyshacl works on an rdflib graph), so it suits the
exports people check by hand and the tests; very large exports are better checked on a
sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from graph.rdf.vocab import SHAPES_PATH


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str  # pyshacl's human-readable report


def validate(data: Graph | str | Path, fmt: str | None = None) -> ValidationReport:
    """Check a graph (or an export file) against the project's SHACL shapes."""
    from pyshacl import validate as shacl_validate

    if not isinstance(data, Graph):
        from graph.rdf.importer import parse

        data = parse(data, fmt)
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, results, text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    from rdflib.namespace import SH

    violations = len(set(results.subjects(predicate=SH.resultSeverity)))  # type: ignore[union-attr]
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))

"""RDF import: an export read back into a fresh store gives the same graph, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdf_graphs import export_text, rdflib_graph, seed_like, write_export
from rdflib.compare import isomorphic

from graph.config import Settings
from graph.errors import BadInput
from graph.rdf.importer import import_rdf
from graph.rdf.writers import EXTENSIONS, FORMATS
from graph.store import GraphStore, open_store

FACT_FIELDS = (
    "a.id AS s, b.id AS t, e.sources AS sources, e.evidence AS evidence, "
    "e.evidence_articles AS arts, e.confidence AS confidence, e.year AS year"
)


def facts(store: GraphStore) -> list[tuple]:
    """Every fact edge with what queries see of its provenance."""
    rows = []
    for rel in ("PARTNERS_WITH", "LOCATED_IN", "EXHIBITS_AT", "MEMBER_OF"):
        for row in store.read(f"MATCH (a)-[e:{rel}]->(b) RETURN {FACT_FIELDS}"):
            rows.append((rel, *(tuple(v) if isinstance(v, list) else v for v in row.values())))
    return sorted(rows, key=repr)


def nodes(store: GraphStore) -> list[tuple]:
    return sorted(
        (e.id, e.type, e.name, e.aliases, e.wikidata, e.country, e.lat, e.lon)
        for e in store.entities()
    )


@pytest.fixture
def source(tmp_path: Path) -> GraphStore:
    """The graph to export: seed-like articles in an embedded store of its own."""
    store = open_store(Settings(engine="ladybug", db_path=tmp_path / "source.lbdb"))
    store.write(seed_like())
    yield store
    store.close()


def test_round_trip_turtle_import_turtle_is_isomorphic(
    source: GraphStore, store: GraphStore, tmp_path: Path
) -> None:
    path = write_export(source, tmp_path / "graph.ttl")
    report = import_rdf(path, store)
    assert (report.articles, report.entities, report.relations) == (2, 7, 6)
    assert report.added == ["article:second", "article:seed"] and not report.warnings
    again = rdflib_graph(export_text(store), "turtle")
    assert isomorphic(rdflib_graph(path.read_text(encoding="utf-8"), "turtle"), again)


def test_import_restores_what_queries_see(
    source: GraphStore, store: GraphStore, tmp_path: Path
) -> None:
    import_rdf(write_export(source, tmp_path / "graph.ttl"), store)
    assert facts(store) == facts(source)
    assert nodes(store) == nodes(source)
    assert store.stats() == source.stats()


def test_round_trip_on_one_engine_after_a_reset(store: GraphStore, tmp_path: Path) -> None:
    store.write(seed_like())
    before = export_text(store)
    path = tmp_path / "graph.ttl"
    path.write_text(before, encoding="utf-8")
    store.reset()
    import_rdf(path, store)
    assert isomorphic(rdflib_graph(before, "turtle"), rdflib_graph(export_text(store), "turtle"))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "turtle"])
def test_every_format_imports_to_the_same_graph(
    source: GraphStore, store: GraphStore, tmp_path: Path, fmt: str
) -> None:
    path = write_export(source, tmp_path / f"graph{EXTENSIONS[fmt]}", fmt)
    import_rdf(path, store)  # format from the extension
    assert isomorphic(
        rdflib_graph(export_text(source), "turtle"), rdflib_graph(export_text(store), "turtle")
    )


def test_a_second_import_changes_nothing(
    source: GraphStore, store: GraphStore, tmp_path: Path
) -> None:
    path = write_export(source, tmp_path / "graph.nt", "nt")
    import_rdf(path, store)
    first = export_text(store, "nt")
    report = import_rdf(path, store)
    assert report.unchanged == ["article:second", "article:seed"] and not report.added
    assert export_text(store, "nt") == first


def test_a_broken_file_is_one_line_naming_it(store: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        import_rdf(bad, store)
    message = str(caught.value)
    assert message.startswith(f"{bad}: not valid turtle") and "\n" not in message
    unknown = tmp_path / "graph.csv"
    unknown.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(BadInput, match="--format"):
        import_rdf(unknown, store)
    assert store.stats().nodes["Article"] == 0


def test_cli_import_then_export(source: GraphStore, tmp_path: Path) -> None:
    from graph.cli.rdf import export_cmd, import_cmd

    path = write_export(source, tmp_path / "graph.jsonld", "jsonld")
    db = tmp_path / "imported.lbdb"
    result = CliRunner().invoke(import_cmd, ["--db", str(db), str(path)])
    assert result.exit_code == 0, result.output
    assert "2 articles, 7 entities, 6 relations" in result.output
    out = tmp_path / "again.ttl"
    result = CliRunner().invoke(export_cmd, ["--db", str(db), "-o", str(out), "--validate"])
    assert result.exit_code == 0, result.output
    assert isomorphic(
        rdflib_graph(export_text(source), "turtle"),
        rdflib_graph(out.read_text(encoding="utf-8"), "turtle"),
    )

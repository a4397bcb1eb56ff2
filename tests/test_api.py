"""The ingest route end to end: files -> extraction -> resolution -> a real graph database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import api
from graph.store import GraphStore
from tests.conftest import open_test_store

SEED = Path(__file__).parents[1] / "data" / "articles" / "000_f9f87ba7564bb30f.txt"
FACTS = ("PARTNERS_WITH", "LOCATED_IN", "EXHIBITS_AT", "MEMBER_OF")


def graph_dump(store: GraphStore) -> tuple[list, list]:
    """Every entity and every fact with its provenance, engine-independent and ordered."""
    entities = []
    for label in ("Company", "Cluster", "Lab", "City", "Region", "Country", "Event"):
        entities += [
            (label, r["id"], r["name"], tuple(r["aliases"]), r["mentions"])
            for r in store.read(
                f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
                "n.mentions AS mentions"
            )
        ]
    facts = []
    for rel in FACTS:
        facts += [
            (rel, r["s"], r["t"], tuple(r["sources"]), tuple(r["evidence"]), r["conf"], r["year"])
            for r in store.read(
                f"MATCH (a)-[e:{rel}]->(b) RETURN a.id AS s, b.id AS t, e.sources AS sources, "
                "e.evidence AS evidence, e.confidence AS conf, e.year AS year"
            )
        ]
    return sorted(entities), sorted(facts)


@pytest.mark.neo4j
def test_the_seed_lands_identically_in_both_engines(tmp_path: Path) -> None:
    embedded = open_test_store("ladybug", tmp_path)
    server = open_test_store("neo4j", tmp_path)
    server.reset()
    try:
        for store in (embedded, server):
            report = api.ingest([SEED], store)
            assert report.added == ["article:000_f9f87ba7564bb30f"] and report.ok
        assert embedded.stats() == server.stats()
        assert graph_dump(embedded) == graph_dump(server)
        assert embedded.stats().relationships["EXHIBITS_AT"] >= 5
    finally:
        embedded.close()
        server.close()


def test_a_changed_file_replaces_what_it_said(store: GraphStore, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "Title: Edit Laser s'implante\n\nEdit Laser s'implante\n\n"
        "La société bordelaise Edit Laser est déjà implantée en Chine. "
        "La société Quantel exposera au salon Optics Valley of China.\n",
        encoding="utf-8",
    )
    first = api.ingest([article], store)
    assert first.added and first.ok
    before = {f[:3] for f in graph_dump(store)[1]}
    assert ("EXHIBITS_AT", "company:quantel", "event:optics-valley-of-china") in before

    article.write_text(
        "Title: Edit Laser s'implante\n\nEdit Laser s'implante\n\n"
        "La société bordelaise Edit Laser est déjà implantée en Chine.\n",
        encoding="utf-8",
    )
    second = api.ingest([article], store)
    assert second.replaced == first.added
    after_entities, after_facts = graph_dump(store)
    assert ("EXHIBITS_AT", "company:quantel", "event:optics-valley-of-china") not in {
        f[:3] for f in after_facts
    }
    assert "company:quantel" not in {e[1] for e in after_entities}
    assert {f[:3] for f in after_facts} <= before


def test_one_broken_file_never_stops_the_rest(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a_seed.txt")
    (folder / "b_broken.jsonl").write_text('{"title": "x", "text": "Quantel"}\n{not json\n')
    (folder / "c_undecodable.txt").write_bytes(b"Titre\n\n\xff\xfe\xfa\x00\x81 \x00")
    report = api.ingest([folder], store)
    assert len(report.errors) == 2
    assert any("b_broken.jsonl" in e for e in report.errors)
    assert any("c_undecodable.txt" in e for e in report.errors)
    assert "article:a_seed" in report.added
    assert store.stats().nodes["Company"] >= 5

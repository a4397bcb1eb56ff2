"""The storage contract: the same assertions on the embedded engine and on a real Neo4j."""

from __future__ import annotations

import dataclasses

import pytest

from graph.errors import WriteRefused
from graph.keys import lookup_key
from graph.model import Article, ArticleGraph, Evidence, Relation
from graph.store import GraphStore
from tests.builders import ent

AMPLITUDE = ent("Company", "Amplitude Systèmes")
PESSAC = ent("City", "Pessac", lat=44.8, lon=-0.63, country="FR")
WNLO = ent("Lab", "Laboratoire national d'optoélectronique de Wuhan", "WNLO")
ROUTE = ent("Cluster", "Route des Lasers", "Bordeaux Route des Lasers")
SALON = ent("Event", "Optics Valley of China")

S1 = "Un protocole d'accord a été signé en 2010 par le pôle et le WNLO."
S2 = "La société Amplitude Systèmes, qui produit à Pessac, exposera au salon."


def seed_graph(text: str = "version 1") -> ArticleGraph:
    return ArticleGraph(
        Article("article:seed", "Route des Lasers à Wuhan", text, "fr", "2011-09-01"),
        (AMPLITUDE, PESSAC, WNLO, ROUTE, SALON),
        (
            Relation("PARTNERS_WITH", WNLO.id, ROUTE.id, (Evidence(S1, 0, len(S1)),), 0.9, 2010),
            Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence(S2, 70, 140),), 0.8),
            Relation("EXHIBITS_AT", AMPLITUDE.id, SALON.id, (Evidence(S2, 70, 140),), 0.7),
        ),
    )


def second_graph() -> ArticleGraph:
    s3 = "Amplitude Systèmes, basée à Pessac, rejoint le pôle Route des Lasers."
    return ArticleGraph(
        Article("article:second", "Amplitude grandit", s3, "fr", "2012-03-05"),
        (ent("Company", "Amplitude Systèmes", "Amplitude"), PESSAC, ROUTE),
        (
            Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence(s3, 0, len(s3)),), 0.6),
            Relation("MEMBER_OF", AMPLITUDE.id, ROUTE.id, (Evidence(s3, 0, len(s3)),), 0.9, 2012),
        ),
    )


def facts(store: GraphStore) -> list[tuple]:
    """Every fact edge with its provenance, in a deterministic order."""
    rows = []
    for rel in ("PARTNERS_WITH", "LOCATED_IN", "EXHIBITS_AT", "MEMBER_OF"):
        for row in store.read(
            f"MATCH (a)-[e:{rel}]->(b) RETURN a.id AS s, b.id AS t, e.sources AS sources, "
            "e.evidence AS evidence, e.evidence_articles AS arts, e.confidence AS conf, "
            "e.year AS year"
        ):
            rows.append(
                (
                    rel,
                    row["s"],
                    row["t"],
                    tuple(row["sources"]),
                    tuple(row["evidence"]),
                    tuple(row["arts"]),
                    row["conf"],
                    row["year"],
                )
            )
    return sorted(rows)


def node(store: GraphStore, label: str, node_id: str) -> dict:
    rows = store.read(
        f"MATCH (n:{label} {{id: $id}}) RETURN n.name AS name, n.aliases AS aliases, "
        "n.mentions AS mentions, n.first_seen AS first_seen, n.last_seen AS last_seen, "
        "n.lat AS lat, n.country AS country, n.search_keys AS keys",
        {"id": node_id},
    )
    assert len(rows) == 1, f"expected one {label} {node_id}, got {rows}"
    return rows[0]


def test_upsert_stores_nodes_edges_and_counts(store: GraphStore) -> None:
    report = store.write([seed_graph()])
    assert report.added == ["article:seed"]
    counts = store.stats()
    assert counts.nodes == {
        "Company": 1,
        "Cluster": 1,
        "Lab": 1,
        "City": 1,
        "Region": 2,  # Gironde and Nouvelle-Aquitaine enclose Pessac (the gazetteer's)
        "Country": 1,  # France
        "Event": 1,
        "Article": 1,
    }
    assert counts.relationships == {
        "PARTNERS_WITH": 1,
        "LOCATED_IN": 1,
        "EXHIBITS_AT": 1,
        "MEMBER_OF": 0,
        "MENTIONS": 5,
    }
    pessac = node(store, "City", PESSAC.id)
    assert (pessac["name"], pessac["lat"], pessac["country"]) == ("Pessac", 44.8, "FR")
    assert node(store, "Lab", WNLO.id)["aliases"] == ["WNLO"]


def test_provenance_is_kept_on_every_fact(store: GraphStore) -> None:
    store.write([seed_graph()])
    partners = [f for f in facts(store) if f[0] == "PARTNERS_WITH"]
    assert partners == [
        ("PARTNERS_WITH", ROUTE.id, WNLO.id, ("article:seed",), (S1,), ("article:seed",), 0.9, 2010)
    ]
    located = next(f for f in facts(store) if f[0] == "LOCATED_IN")
    assert located[3:] == (("article:seed",), (S2,), ("article:seed",), 0.8, None)


def test_reingesting_an_unchanged_article_changes_nothing(store: GraphStore) -> None:
    store.write([seed_graph()])
    before = (store.stats(), facts(store), node(store, "Company", AMPLITUDE.id))
    report = store.write([seed_graph()])
    assert report.unchanged == ["article:seed"] and not report.added and not report.replaced
    assert (store.stats(), facts(store), node(store, "Company", AMPLITUDE.id)) == before


def test_facts_from_two_articles_merge_their_provenance(store: GraphStore) -> None:
    store.write([seed_graph()])
    store.write([second_graph()])
    located = next(f for f in facts(store) if f[0] == "LOCATED_IN")
    assert located[3] == ("article:second", "article:seed")
    assert located[6] == 0.8  # the strongest statement wins
    amplitude = node(store, "Company", AMPLITUDE.id)
    assert amplitude["mentions"] == 2
    assert amplitude["aliases"] == ["Amplitude"]
    assert (amplitude["first_seen"], amplitude["last_seen"]) == ("2011-09-01", "2012-03-05")
    assert "amplitude" in amplitude["keys"] and "amplitudesystemes" in amplitude["keys"]


def test_a_changed_article_replaces_what_it_said(store: GraphStore) -> None:
    store.write([seed_graph()])
    store.write([second_graph()])
    edited = ArticleGraph(
        Article("article:seed", "Route des Lasers à Wuhan", "version 2", "fr", "2011-09-01"),
        (AMPLITUDE, PESSAC),
        (Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence("Edited.", 0, 8),), 0.5),),
    )
    report = store.write([edited])
    assert report.replaced == ["article:seed"]
    kinds = {(f[0], f[1], f[2]): f for f in facts(store)}
    # only the seed supported these: gone, with the nodes nobody mentions any more
    assert ("PARTNERS_WITH", ROUTE.id, WNLO.id) not in kinds
    assert ("EXHIBITS_AT", AMPLITUDE.id, SALON.id) not in kinds
    assert store.stats().nodes["Lab"] == 0 and store.stats().nodes["Event"] == 0
    # supported by both: kept, with the seed's new evidence instead of the old one
    located = kinds[("LOCATED_IN", AMPLITUDE.id, PESSAC.id)]
    assert located[3] == ("article:second", "article:seed")
    assert S2 not in located[4] and "Edited." in located[4]
    # the other article's own facts are untouched
    assert ("MEMBER_OF", AMPLITUDE.id, ROUTE.id) in kinds


def test_retract_removes_an_article_and_what_only_it_supported(store: GraphStore) -> None:
    store.write([seed_graph(), second_graph()])
    store.retract(["article:second"])
    assert store.stats().nodes["Article"] == 1
    assert [f[0] for f in facts(store)] == ["EXHIBITS_AT", "LOCATED_IN", "PARTNERS_WITH"]
    assert node(store, "Company", AMPLITUDE.id)["aliases"] == []


@pytest.mark.parametrize(
    "name",
    [
        'Quote\'s "double" société',
        "Back\\slash \\' \\\" end\\",
        "}) MATCH (n) DETACH DELETE n //",
        "'}) MATCH (n) DETACH DELETE n //",
        "Robert'); DROP TABLE Company;--",
    ],
)
def test_hostile_names_are_stored_verbatim_and_break_nothing(store: GraphStore, name: str) -> None:
    store.write([seed_graph()])
    hostile = ent("Company", name, name + " alias")
    graph = ArticleGraph(
        Article("article:hostile", name, name, "en", None),
        (hostile, PESSAC),
        (Relation("LOCATED_IN", hostile.id, PESSAC.id, (Evidence(name, 0, len(name)),), 0.5),),
    )
    store.write([graph])
    assert node(store, "Company", hostile.id)["name"] == name
    assert node(store, "Company", hostile.id)["aliases"] == [name + " alias"]
    assert store.read("MATCH (n:Company {name: $n}) RETURN n.id AS id", {"n": name}) == [
        {"id": hostile.id}
    ]
    assert store.stats().nodes["Company"] == 2  # nothing was deleted
    assert any(name in f[4] for f in facts(store))


def test_queries_run_read_only(store: GraphStore) -> None:
    store.write([seed_graph()])
    with pytest.raises(WriteRefused):
        store.read("MATCH (n:Company) DETACH DELETE n")
    with pytest.raises(WriteRefused):
        store.read("CREATE (n:City {id: 'city:x', name: 'X'})")
    assert store.stats().nodes["Company"] == 1


def test_read_steps_pass_each_column_on_as_a_list_parameter(store: GraphStore) -> None:
    store.write([seed_graph()])
    steps = [
        "MATCH (n) WHERE n.id IN $wanted RETURN n.id AS ids ORDER BY ids",
        "MATCH (n)-[:LOCATED_IN]->(p) WHERE n.id IN $ids RETURN n.name AS who, p.name AS place, "
        "$ids AS ids",
    ]
    rows = store.read_steps(steps, {"wanted": [AMPLITUDE.id, "company:absent"]})
    assert rows == [{"who": AMPLITUDE.name, "place": PESSAC.name, "ids": [AMPLITUDE.id]}]
    assert store.read_steps(steps, {"wanted": ["company:absent"]}) == []  # $ids = []
    with pytest.raises(WriteRefused):
        store.read_steps(["MATCH (n:Company) RETURN n.id AS ids", "MATCH (n) DETACH DELETE n"])
    assert store.stats().nodes["Company"] == 1


def test_entities_lists_what_resolution_needs(store: GraphStore) -> None:
    store.write([seed_graph()])
    found = {e.id: e for e in store.entities()}
    areas = {"region:gironde", "region:nouvelle-aquitaine", "country:france"}  # Pessac's
    assert set(found) == {AMPLITUDE.id, PESSAC.id, WNLO.id, ROUTE.id, SALON.id} | areas
    assert found[WNLO.id].type == "Lab" and found[WNLO.id].aliases == ("WNLO",)
    assert found[PESSAC.id].lat == 44.8


def test_relations_with_disallowed_endpoints_are_reported_not_stored(store: GraphStore) -> None:
    graph = ArticleGraph(
        Article("article:odd", "t", "x", "en", None),
        (PESSAC, SALON),
        (Relation("PARTNERS_WITH", PESSAC.id, SALON.id, (), 0.5),),
    )
    report = store.write([graph])
    assert report.dropped_relations and "PARTNERS_WITH" in report.dropped_relations[0]
    assert store.stats().relationships["PARTNERS_WITH"] == 0


def test_reset_empties_the_graph(store: GraphStore) -> None:
    store.write([seed_graph()])
    store.reset()
    assert sum(store.stats().nodes.values()) == 0


def keyed(store: GraphStore, key: str) -> list[str]:
    rows = store.read("MATCH (:Key {key: $k})-[:KEY_OF]->(n) RETURN n.id AS id", {"k": key})
    return sorted(row["id"] for row in rows)


def test_the_key_index_finds_entities_by_any_alias_and_follows_changes(
    store: GraphStore,
) -> None:
    store.write([seed_graph(), second_graph()])
    assert keyed(store, "wnlo") == [WNLO.id]
    assert keyed(store, "amplitude") == [AMPLITUDE.id]  # an alias only the second article gives
    assert keyed(store, "amplitudesystemes") == [AMPLITUDE.id]
    store.retract(["article:second"])
    assert keyed(store, "amplitude") == []
    assert keyed(store, "amplitudesystemes") == [AMPLITUDE.id]
    store.retract(["article:seed"])
    assert keyed(store, "wnlo") == []


def test_a_node_renamed_by_an_unfinished_write_is_relinked_when_it_is_redone(
    store: GraphStore,
) -> None:
    store.write([seed_graph()])
    renamed = dataclasses.replace(WNLO, name="Wuhan National Laboratory")
    graph = seed_graph("version 2")
    graph = dataclasses.replace(
        graph, entities=tuple(renamed if e.id == WNLO.id else e for e in graph.entities)
    )
    # what the first of a write's two transactions leaves when the process stops after it:
    # the new name, and the links and keys of the old one
    store._write([("MATCH (n:Lab {id: $id}) SET n.name = $name", {"id": WNLO.id,
                                                                  "name": renamed.name})])
    store.write([graph])
    assert keyed(store, lookup_key(renamed.name)) == [WNLO.id]
    assert keyed(store, lookup_key(WNLO.name)) == []

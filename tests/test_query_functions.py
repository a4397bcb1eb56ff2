"""The canned queries LadybugDB answers in Python give the rows of their Cypher: checked
pair by pair, organisation by organisation, on a small generated graph full of ties (equal
shortest paths, two relations between one pair, equal counts, equal names)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.keys import lookup_key
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.queries import get_query, run_query
from graph.query_functions import connection_path, partners_of_partners
from graph.schema import allowed, label_of
from graph.store import GraphStore
from tests.builders import ent
from tests.conftest import open_test_store

SENTENCE = "A relation."


def relation(kind: str, a: Entity, b: Entity) -> Relation:
    return Relation(kind, a.id, b.id, (Evidence(SENTENCE, 0, len(SENTENCE)),), 0.8)


def tied_graph(seed: int = 3) -> ArticleGraph:
    """Companies, labs and clusters in a few cities of two regions, events, and random
    partnerships: many shortest paths of equal length between most pairs. "Nova" names a
    company and a lab (equal names, two ids, and a key naming two entities), and the lab
    "Orion" is both partner and member of the cluster Andromède (two relations, one pair)."""
    rng = random.Random(seed)
    regions = [ent("Region", f"Région {i}") for i in range(2)]
    cities = [ent("City", f"Ville {i}") for i in range(4)]
    events = [ent("Event", f"Salon {i}") for i in range(2)]
    orgs = [ent("Company", f"Société {i}") for i in range(10)] + [
        ent("Company", "Nova"), ent("Lab", "Nova"), ent("Lab", "Orion"),
        ent("Cluster", "Andromède"), ent("Cluster", "Pôle Sud"),
    ]  # fmt: skip
    chain = [ent("Company", f"Chaîne {i}") for i in range(3)]  # partners in a row, placeless
    relations = [relation("LOCATED_IN", c, regions[i % 2]) for i, c in enumerate(cities)]
    relations += [relation("LOCATED_IN", o, rng.choice(cities)) for o in orgs]
    relations += [relation("EXHIBITS_AT", o, rng.choice(events)) for o in orgs[:8]]
    relations += [relation("MEMBER_OF", o, rng.choice(orgs[-2:])) for o in orgs[:6]]
    relations += [relation("MEMBER_OF", orgs[-3], orgs[-2]), relation("PARTNERS_WITH", orgs[-3],
                  orgs[-2])]  # fmt: skip
    links = zip(chain, [orgs[0], *chain[:-1]], strict=True)  # Chaîne 0 - Société 0, 1 - 0, 2 - 1
    relations += [relation("PARTNERS_WITH", a, b) for a, b in links]
    pairs = {tuple(sorted(rng.sample(range(len(orgs)), 2))) for _ in range(22)}
    relations += [relation("PARTNERS_WITH", orgs[a], orgs[b]) for a, b in sorted(pairs)]
    entities = (*regions, *cities, *events, *orgs, *chain)
    assert all(allowed(r.type, label_of(r.source), label_of(r.target))
               for r in relations)  # fmt: skip
    article = Article("article:tied", "Ties", SENTENCE, "fr", "2020-01-01")
    return ArticleGraph(article, entities, tuple(relations))


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, list[str]]]:
    store = open_test_store("ladybug", tmp_path_factory.mktemp("tied"))
    graph = tied_graph()
    store.write([graph])
    try:
        yield store, sorted({lookup_key(e.name) for e in graph.entities})
    finally:
        store.close()


# ---- connection-path --------------------------------------------------------------------------
ALL_SHORTEST = """
MATCH (:Key {key: $from})-[:KEY_OF]->(a), (:Key {key: $to})-[:KEY_OF]->(b),
      p = (a)-[:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF* ALL SHORTEST 1..4]-(b)
WHERE b.id <> a.id
RETURN a.id AS a, b.id AS b, length(p) AS hops, properties(nodes(p), 'name') AS path,
       properties(nodes(p), 'id') AS node_ids, properties(rels(p), '_label') AS relations
"""


def first_of_all_shortest(
    store: GraphStore, params: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    """What the function promises, from LadybugDB's own search for every shortest path: per
    pair of ends, the first path by node ids, then relation types; and how many paths."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    paths = store.read(ALL_SHORTEST, params)
    for row in paths:
        key = (row.pop("a"), row.pop("b"))
        if key not in best or order(row) < order(best[key]):
            best[key] = row
    return sorted(best.values(), key=order), len(paths)


def order(row: dict[str, Any]) -> tuple[int, str, list[str]]:
    return row["hops"], " ".join(row["node_ids"]), row["relations"]


def ends(rows: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(r["hops"], r["node_ids"][0], r["node_ids"][-1]) for r in rows]


def test_connection_path_is_the_first_of_all_shortest_paths_for_every_pair(
    tied: tuple[GraphStore, list[str]],
) -> None:
    store, keys = tied
    cypher = get_query("connection-path").steps_for("ladybug")
    tied_pairs = reached = 0
    for a in keys:
        for b in keys:
            params = {"from": a, "to": b}
            got = connection_path(store, params)
            expected, paths = first_of_all_shortest(store, params)
            assert got == expected, params
            assert ends(got) == ends(store.read_steps(cypher, params)), params  # `* SHORTEST`
            reached += bool(got)
            tied_pairs += paths > len(got)
    assert reached > len(keys) ** 2 / 2 and tied_pairs > 50  # the graph does test ties
    assert not connection_path(store, {"from": "chaine2", "to": "ville0"})  # 5 hops or more


def test_connection_path_runs_as_the_function_on_ladybug(
    tied: tuple[GraphStore, list[str]],
) -> None:
    store, _ = tied
    params = {"from": "nova", "to": "salon 1"}  # "nova" names a company and a lab
    rows = run_query(store, "connection-path", params).rows
    assert len(rows) == 2 and rows == connection_path(store, get_query("connection-path").bind(
        params))  # fmt: skip
    assert {r["node_ids"][0] for r in rows} == {"company:nova", "lab:nova"}


# ---- partners-of-partners ---------------------------------------------------------------------
@pytest.mark.parametrize("limit", [0, 1, 2, 3, 20])
def test_partners_of_partners_gives_the_rows_of_its_cypher(
    tied: tuple[GraphStore, list[str]], limit: int
) -> None:
    store, keys = tied
    query = get_query("partners-of-partners")
    answered = 0
    for key in keys:
        params = {"org": key, "limit": limit}
        got = partners_of_partners(store, params)
        assert got == store.read_steps(query.steps_for("ladybug"), params), params
        # the canonical text (NOT EXISTS) on LadybugDB: the same rows
        assert got == store.read_steps(query.steps_for("canonical"), params), params
        answered += bool(got)
    assert answered > 5 or limit == 0


def test_partners_of_partners_ties_go_by_name_then_id(tied: tuple[GraphStore, list[str]]) -> None:
    store, keys = tied
    for key in keys:
        rows = partners_of_partners(store, {"org": key, "limit": 100})
        ranked = [(-r["shared_partners"], r["candidate"], r["candidate_id"]) for r in rows]
        assert ranked == sorted(ranked)
        assert not {r["candidate_id"] for r in rows} & {r["org_id"] for r in rows}


def test_an_organisation_without_partners_has_no_leads(tmp_path: Path) -> None:
    store = open_test_store("ladybug", tmp_path)
    try:
        alone = ent("Company", "Seule")
        article = Article("article:alone", "Alone", SENTENCE, "fr")
        store.write([ArticleGraph(article, (alone,), ())])
        assert partners_of_partners(store, {"org": "seule", "limit": 20}) == []
        result = run_query(store, "partners-of-partners", {"org": "Seule"})
        assert result.rows == [] and result.hint is None
    finally:
        store.close()

"""LadybugDB writes what is new with CREATE (graph.store.ladybug_store): the graph must be the
one graph.store.base's MERGE statements write, on LadybugDB and on Neo4j, after every kind of
write."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.schema import BLOCK_LABEL, BLOCK_OF, KEY_LABEL
from graph.store import GraphStore
from graph.store.base import WriteReport
from graph.store.ladybug_store import LadybugStore
from tests.builders import ent
from tests.conftest import open_test_store
from tests.graph_dump import dump
from tests.store.merging_store import MergingLadybugStore

ORGS = [
    ent("Company", "Amplitude Systèmes", "Amplitude"),
    ent("Company", "Thales", wikidata="Q1161666"),
    ent("Company", "Lyon"),  # shares its lookup key with the city below
    ent("Lab", "Laboratoire Bordelais de Recherche en Informatique", "LaBRI"),
    ent("Cluster", "Route des Lasers", "Bordeaux Route des Lasers"),
    ent("Cluster", "Minalogic"),
]
PLACES = [
    ent("City", "Pessac", lat=44.8, lon=-0.63, country="FR"),  # the gazetteer's areas too
    ent("City", "Lyon", country="FR"),
    ent("City", "Wuhan"),
    ent("Region", "Nouvelle-Aquitaine"),
    ent("Country", "Chine"),
]
EVENTS = [ent("Event", "Optics Valley of China"), ent("Event", "Euronaval")]


def article(n: int, rng: random.Random, text: str = "v1", *, twice: bool = False) -> ArticleGraph:
    orgs = rng.sample(ORGS, 3)
    entities = [*orgs, *rng.sample(PLACES, 2), rng.choice(EVENTS)]
    if twice and rng.random() < 0.3:  # the same entity named twice (an unresolved graph)
        renamed = Entity(orgs[0].id, orgs[0].type, f"{orgs[0].name} SA", ("Autre nom",))
        entities.append(renamed)
    relations = []
    for k in range(5):
        sentence = f"Phrase {k} de l'article {n} ({text})."
        evidence = (Evidence(sentence, 10 * k, 10 * k + len(sentence)),)
        a, b = rng.sample(orgs, 2)
        kind = rng.choice(("PARTNERS_WITH", "LOCATED_IN", "EXHIBITS_AT", "MEMBER_OF", "bad"))
        if kind == "PARTNERS_WITH":
            relations.append(Relation(kind, a.id, b.id, evidence, rng.random(), 2010 + k))
        elif kind == "LOCATED_IN":
            relations.append(Relation(kind, a.id, entities[3].id, evidence, rng.random()))
        elif kind == "EXHIBITS_AT":
            relations.append(Relation(kind, a.id, entities[5].id, evidence, 0.7))
        elif kind == "MEMBER_OF":
            cluster = next((o for o in orgs if o.type == "Cluster"), None)
            if cluster and a.type != "Cluster":
                relations.append(Relation(kind, a.id, cluster.id, evidence, 0.9, 2012))
        else:  # not storable: a place located in an organisation
            relations.append(Relation("LOCATED_IN", entities[3].id, a.id, evidence, 0.5))
    art = Article(
        f"article:{n}", f"Article {n}", f"{text} {n}", "fr", f"201{n % 10}-01-0{1 + n % 9}"
    )
    return ArticleGraph(art, tuple(entities), tuple(relations))


def workload(store: GraphStore, *, twice: bool = False) -> list[WriteReport]:
    """New articles, the same again, changed ones, new ones stating known facts, a forced
    rewrite, a retraction: each step on its own and several in one batch. `twice`: some
    articles name an entity twice."""
    rng = random.Random(14)
    first = [article(n, rng, twice=twice) for n in range(12)]
    changed = [article(n, rng, "v2", twice=twice) for n in (1, 4, 7)]
    later = [article(n, rng, twice=twice) for n in range(12, 20)]
    reports = [store.write(first[:6]), store.write(first[:6]), store.write(first[6:])]
    reports.append(store.write([*changed, *later[:4]]))
    reports.append(store.write([later[4], later[4], *later[5:]]))  # a duplicate in a batch
    reports.append(store.write(first[2:4], force=True))
    store.retract(["article:4", "article:13", "article:missing"])
    reports.append(store.write([first[4]]))
    return reports


def full_dump(store: GraphStore) -> dict[str, list[tuple]]:
    """graph_dump.dump, plus the index nodes and the blocking links."""
    out = dump(store)
    out["index_nodes"] = sorted(
        (label, row["key"])
        for label in (KEY_LABEL, BLOCK_LABEL)
        for row in store.read(f"MATCH (k:{label}) RETURN k.key AS key")
    )
    out["blocks"] = sorted(
        (row["b"], row["n"])
        for row in store.read(
            f"MATCH (b:{BLOCK_LABEL})-[:{BLOCK_OF}]->(n) RETURN b.key AS b, n.id AS n"
        )
    )
    return out


def written(store: GraphStore, *, twice: bool = False) -> tuple:
    try:
        store.reset()
        reports = workload(store, twice=twice)
        return reports, full_dump(store)
    finally:
        store.close()


def assert_same(bulk: tuple, merged: tuple) -> None:
    assert bulk[0] == merged[0]  # the write reports
    assert all(bulk[1][part] for part in bulk[1])  # the workload wrote every part
    for part in merged[1]:
        assert bulk[1][part] == merged[1][part], part


def test_create_path_writes_the_graph_merge_writes(tmp_path: Path) -> None:
    bulk = written(LadybugStore(tmp_path / "bulk.lbdb"))
    assert_same(bulk, written(MergingLadybugStore(tmp_path / "merge.lbdb")))


@pytest.mark.neo4j
def test_create_path_writes_the_graph_neo4j_writes(tmp_path: Path) -> None:
    """Also where an article names an entity twice: its last naming wins, as on Neo4j (the
    MERGE ... SET of LadybugDB 0.22 kept the first)."""
    bulk = written(LadybugStore(tmp_path / "bulk.lbdb"), twice=True)
    assert_same(bulk, written(open_test_store("neo4j", tmp_path), twice=True))


def test_a_key_two_labels_share_in_one_write_is_one_key_node(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "g.lbdb")
    try:
        lyon = [e for e in (*ORGS, *PLACES) if e.name == "Lyon"]
        graph = ArticleGraph(Article("article:lyon", "Lyon", "Lyon", "fr"), tuple(lyon), ())
        store.write([graph])
        rows = store.read(
            f"MATCH (k:{KEY_LABEL} {{key: 'lyon'}})-[]->(n) RETURN n.id AS id ORDER BY id"
        )
        assert [row["id"] for row in rows] == sorted(e.id for e in lyon)
    finally:
        store.close()


def test_a_failed_write_leaves_nothing_of_its_batch(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "g.lbdb")
    try:
        rng = random.Random(3)
        store.write([article(0, rng)])
        before = full_dump(store)
        # a statement that fails after the batch's CREATEs, in the same transaction
        store._fact_statements = _failing(store._fact_statements)  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            store.write([article(1, rng)])
        assert full_dump(store) == before
    finally:
        store.close()


def _failing(build: Callable[..., tuple[list, set]]) -> Callable[..., tuple[list, set]]:
    def statements(*args: object) -> tuple[list, set]:
        built, changed = build(*args)
        return [*built, ("RETURN CAST('x' AS INT64)", {})], changed

    return statements

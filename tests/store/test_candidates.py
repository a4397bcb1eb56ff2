"""Resolution against a store: candidates from the Key index and the blocking index, on both
engines, give the decisions a resolver holding every entity in memory gives."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.resolve import Resolver
from graph.schema import BLOCK_LABEL
from graph.store import GraphStore
from tests.builders import ent


def article(ident: str, *entities: Entity) -> ArticleGraph:
    relations = tuple(
        Relation("PARTNERS_WITH", a.id, b.id, (Evidence("s", 0, 1),), 0.7)
        for a, b in pairwise(entities)
        if a.type in ("Company", "Lab", "Cluster") and b.type in ("Company", "Lab", "Cluster")
    )
    return ArticleGraph(Article(ident, ident, f"text of {ident}"), entities, relations)


FIRST = [
    article("a1", ent("Company", "Amplitude Systèmes"), ent("Lab", "Laboratoire Hubert Curien")),
    article("a2", ent("Lab", "Wuhan National Laboratory for Optoelectronics", "WNLO"),
            ent("Company", "Vorelta Industries"), ent("City", "Valence")),
]
LATER = [
    article("b1", ent("Company", "Amplitude Sytèmes"), ent("Lab", "WNLO")),  # typo, acronym
    article("b2", ent("Company", "Vorelte Industries"), ent("Company", "Valence")),
    article("b3", ent("Lab", "laboratoire hubert-curien"), ent("Company", "WNLO")),
]


@pytest.fixture
def no_merges(tmp_path: Path) -> Path:
    path = tmp_path / "merges.tsv"
    path.write_text("# empty\n", encoding="utf-8")
    return path


def resolved_ids(resolver: Resolver, graphs: list[ArticleGraph]) -> list[list[str]]:
    return [[e.id for e in resolver.resolve(g).entities] for g in graphs]


def test_store_candidates_give_the_in_memory_decisions(store: GraphStore, no_merges: Path) -> None:
    store.write([Resolver(merges=no_merges).resolve(g) for g in FIRST])
    in_memory = resolved_ids(Resolver(store.entities(), merges=no_merges), LATER)
    from_store = Resolver(merges=no_merges, source=store)
    assert resolved_ids(from_store, LATER) == in_memory == [
        ["company:amplitude-systemes", "lab:wuhan-national-laboratory-for-optoelectronics"],
        ["company:vorelta-industries", "company:valence"],
        ["lab:laboratoire-hubert-curien", "lab:wuhan-national-laboratory-for-optoelectronics"],
    ]



def test_only_the_candidates_are_read(store: GraphStore, no_merges: Path) -> None:
    store.write([Resolver(merges=no_merges).resolve(g) for g in FIRST])
    resolver = Resolver(merges=no_merges, source=store)
    resolver.resolve(LATER[0])
    assert {e.id for e in resolver.entities()} == {
        "company:amplitude-systemes", "lab:wuhan-national-laboratory-for-optoelectronics"
    }


def test_a_prefetched_batch_resolves_like_one_article_at_a_time(
    store: GraphStore, no_merges: Path
) -> None:
    store.write([Resolver(merges=no_merges).resolve(g) for g in FIRST])
    batched = Resolver(merges=no_merges, source=store)
    batched.prefetch(LATER)
    assert resolved_ids(batched, LATER) == resolved_ids(
        Resolver(merges=no_merges, source=store), LATER
    )


def test_a_graph_without_blocks_gets_them_when_opened_for_writing(
    store: GraphStore, no_merges: Path
) -> None:
    store.write([Resolver(merges=no_merges).resolve(g) for g in FIRST])
    store._write([(f"MATCH (b:{BLOCK_LABEL}) DETACH DELETE b", {})])  # as an older kg wrote it
    assert store.block_sizes(["Company|amplitude"]) == {}
    store.ensure_blocks()
    assert store.block_sizes(["Company|amplitude"]) == {"Company|amplitude": 1}
    [typo] = Resolver(merges=no_merges, source=store).resolve(LATER[0]).entities[:1]
    assert typo.id == "company:amplitude-systemes"

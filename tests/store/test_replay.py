"""The curation state kept per article (graph.store.replay): the resolved graph as JSON and
the fingerprint of the curated one."""

from __future__ import annotations

from graph.model import Article, ArticleGraph, Evidence, Relation
from graph.store.replay import fingerprint, graph_json
from tests.builders import ent

ALPHA = ent("Company", "Alpha Optique")
ZETA = ent("Company", "Zeta Lasers")
CITY = ent("City", "Pessac")
SENTENCE = "Zeta Lasers et Alpha Optique, à Pessac, ont signé un accord."


def article_graph(*relations: Relation) -> ArticleGraph:
    return ArticleGraph(Article("article:a", "t", SENTENCE), (ALPHA, ZETA, CITY), relations)


def fact(kind: str, source: str, target: str) -> Relation:
    return Relation(kind, source, target, (Evidence(SENTENCE, 0, len(SENTENCE)),), 0.8, 2024)


def test_a_partnership_read_either_way_round_has_one_fingerprint() -> None:
    # a re-run replays an article's graph from the store, whose partnerships come out in
    # their key's order: its curation state must equal the one the first run wrote
    as_written = article_graph(fact("PARTNERS_WITH", ZETA.id, ALPHA.id))
    as_replayed = article_graph(fact("PARTNERS_WITH", ALPHA.id, ZETA.id))
    assert graph_json(as_written) == graph_json(as_replayed)
    assert fingerprint(as_written) == fingerprint(as_replayed)


def test_a_directed_relation_keeps_its_direction() -> None:
    located = article_graph(fact("LOCATED_IN", ALPHA.id, CITY.id))
    reversed_ = article_graph(fact("LOCATED_IN", CITY.id, ALPHA.id))
    assert fingerprint(located) != fingerprint(reversed_)

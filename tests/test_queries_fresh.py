"""Canned queries on small graphs written for one test each (a fresh store, unlike the shared
seed graph of tests/test_queries.py, which these would disturb on the shared Neo4j server)."""

from __future__ import annotations

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.store import GraphStore
from tests.test_queries import AMPLITUDE, EOLITE, FRANCE, IVEA, PESSAC, QUANTEL, run


def hub_graph() -> ArticleGraph:
    """Amplitude Systèmes with three partners, one partnership undated."""
    text = "Amplitude Systèmes s'associe à Quantel, à IVEA et à Eolite Systems."
    ev = (Evidence(text, 0, len(text)),)
    return ArticleGraph(
        Article("article:hub", "Partenariats", text, "fr", "2012-01-01"),
        (AMPLITUDE, QUANTEL, IVEA, EOLITE),
        (
            Relation("PARTNERS_WITH", AMPLITUDE.id, QUANTEL.id, ev, 0.9, 2012),
            Relation("PARTNERS_WITH", AMPLITUDE.id, IVEA.id, ev, 0.9, 2012),
            Relation("PARTNERS_WITH", AMPLITUDE.id, EOLITE.id, ev, 0.9),
        ),
    )


def test_undated_partnerships_come_last_in_the_timeline(store: GraphStore) -> None:
    store.write([hub_graph()])
    assert run(store, "partnership-timeline") == [
        {"year": 2012, "partnerships": 2},
        {"year": None, "partnerships": 1},
    ]
    assert run(store, "partnership-timeline", org="eolite systems") == [
        {"year": None, "partnerships": 1}
    ]


def test_entity_profile_limits_each_direction_in_a_stable_order(store: GraphStore) -> None:
    store.write([hub_graph()])
    every = run(store, "entity-profile", name="Amplitude Systèmes")
    assert sorted(r["other"] for r in every) == ["Eolite Systems", "IVEA", "Quantel"]
    limited = run(store, "entity-profile", name="Amplitude Systèmes", limit="2")
    for direction in ("in", "out"):
        mine = sorted(r["other"] for r in every if r["direction"] == direction)
        assert [r["other"] for r in limited if r["direction"] == direction] == mine[:2]
    assert len(limited) == 2  # symmetric partnerships are stored one way: all three "out"


def test_organisations_in_a_country_include_those_of_its_cities(store: GraphStore) -> None:
    """No sentence says Pessac is in France; the gazetteer's code for Pessac does."""
    pessac = Entity(PESSAC.id, "City", "Pessac", country="FR")
    france = Entity(FRANCE.id, "Country", "France", country="FR")
    text = "Amplitude Systèmes, qui produit à Pessac, ouvre un bureau en France."
    ev = (Evidence(text, 0, len(text)),)
    store.write(
        [
            ArticleGraph(
                Article("article:pessac", "Pessac", text, "fr", "2016-01-01"),
                (AMPLITUDE, pessac, france),
                (Relation("LOCATED_IN", AMPLITUDE.id, pessac.id, ev, 0.8),),
            )
        ]
    )
    rows = run(store, "organisations-in", place="france")
    assert [(r["place"], r["organisation"]) for r in rows] == [("France", "Amplitude Systèmes")]

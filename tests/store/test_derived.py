"""Derived properties (relation counts, enclosing places, fact support) follow every write,
on both engines: whole-graph queries trust them instead of expanding."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.store import GraphStore
from tests.builders import ent
from tests.conftest import open_test_store
from tests.store.test_contract import (
    AMPLITUDE,
    PESSAC,
    ROUTE,
    SALON,
    WNLO,
    second_graph,
    seed_graph,
)

GIRONDE = ent("Region", "Gironde")
FRANCE = ent("Country", "France")  # no gazetteer code of its own
# what the gazetteer says encloses Pessac (code FR, département 33 of region 75)
PESSAC_AREAS = ["country:france", "region:gironde", "region:nouvelle-aquitaine"]
S = "Pessac est en Gironde, en France."


def geography(text: str = S, *, with_region: bool = True) -> ArticleGraph:
    """Pessac -> Gironde -> France, or (with_region=False) Pessac -> France directly."""
    ev = (Evidence(text, 0, len(text)),)
    if with_region:
        rels = (
            Relation("LOCATED_IN", PESSAC.id, GIRONDE.id, ev, 0.9),
            Relation("LOCATED_IN", GIRONDE.id, FRANCE.id, ev, 0.9),
        )
        entities = (PESSAC, GIRONDE, FRANCE)
    else:
        rels = (Relation("LOCATED_IN", PESSAC.id, FRANCE.id, ev, 0.9),)
        entities = (PESSAC, FRANCE)
    return ArticleGraph(
        Article("article:geo", "Géographie", text, "fr", "2013-01-01"), entities, rels
    )


def derived(store: GraphStore, label: str, node_id: str) -> dict:
    [row] = store.read(
        f"MATCH (n:{label} {{id: $id}}) RETURN n.relations AS relations, "
        "n.partnerships AS partnerships, n.places AS places",
        {"id": node_id},
    )
    return row


def test_counts_follow_added_and_retracted_facts(store: GraphStore) -> None:
    store.write([seed_graph()])
    assert derived(store, "Company", AMPLITUDE.id) == {
        "relations": 2,  # located in Pessac, exhibits at the event
        "partnerships": 0,
        "places": [PESSAC.id, *PESSAC_AREAS],
    }
    assert derived(store, "Lab", WNLO.id)["partnerships"] == 1
    store.write([second_graph()])  # adds a membership; the location was already known
    assert derived(store, "Company", AMPLITUDE.id)["relations"] == 3
    assert derived(store, "Cluster", ROUTE.id) == {"relations": 2, "partnerships": 1, "places": []}
    store.retract(["article:seed"])
    assert derived(store, "Company", AMPLITUDE.id)["relations"] == 2
    assert derived(store, "Cluster", ROUTE.id) == {"relations": 1, "partnerships": 0, "places": []}


def stated(store: GraphStore, label: str, node_id: str) -> str:
    [row] = store.read(
        f"MATCH (n:{label} {{id: $id}}) RETURN n.stated_within AS s", {"id": node_id}
    )
    return row["s"]


def test_places_follow_the_chain_when_a_later_article_states_it(store: GraphStore) -> None:
    """The stated chain (stated_within) follows the articles; the gazetteer's areas stay."""
    store.write([seed_graph()])
    assert stated(store, "Company", AMPLITUDE.id) == f"|{PESSAC.id}|"
    store.write([geography()])  # Amplitude's own facts did not change; its city's did
    assert derived(store, "Company", AMPLITUDE.id)["places"] == [PESSAC.id, *PESSAC_AREAS]
    assert stated(store, "Company", AMPLITUDE.id) == f"|{PESSAC.id}|{FRANCE.id}|{GIRONDE.id}|"
    assert derived(store, "City", PESSAC.id)["places"] == PESSAC_AREAS
    [row] = store.read("MATCH (n:Company {id: $id}) RETURN n.within AS w", {"id": AMPLITUDE.id})
    assert row["w"] == "|" + "|".join([PESSAC.id, *PESSAC_AREAS]) + "|"  # the places, sorted
    store.write([geography("Pessac, en France.", with_region=False)])  # the article changed
    assert stated(store, "Company", AMPLITUDE.id) == f"|{PESSAC.id}|{FRANCE.id}|"
    store.retract(["article:geo"])
    assert stated(store, "Company", AMPLITUDE.id) == f"|{PESSAC.id}|"
    assert derived(store, "Company", AMPLITUDE.id)["places"] == [PESSAC.id, *PESSAC_AREAS]
    assert {row["id"] for row in store.read("MATCH (n:Region) RETURN n.id AS id")} == {
        GIRONDE.id,
        "region:nouvelle-aquitaine",  # no article names Gironde now; Pessac is in it
    }


def test_fact_support_counts_the_articles(store: GraphStore) -> None:
    store.write([seed_graph(), second_graph()])
    [row] = store.read(
        "MATCH (:Company {id: $id})-[e:LOCATED_IN]->() RETURN e.source_count AS n",
        {"id": AMPLITUDE.id},
    )
    assert row["n"] == 2


def test_a_graph_missing_them_gets_them_back_and_says_so(
    store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    store.write([seed_graph(), geography()])
    before = derived(store, "Company", AMPLITUDE.id)
    store.ensure_derived()
    assert not caplog.records  # nothing missing, nothing said
    for label in ("Company", "City", "Lab", "Cluster", "Region", "Country", "Event"):
        store._write(  # as a version before derived_version 2 left it
            [(f"MATCH (n:{label}) SET n.places = NULL, n.derived_version = NULL", {})]
        )
    store.ensure_derived()
    assert derived(store, "Company", AMPLITUDE.id) == before
    assert "earlier version" in caplog.text


def test_a_read_only_command_brings_an_earlier_graph_up_to_date(
    engine: str, store: GraphStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`kg query run` opens read-only; on a graph from before a derived property existed,
    its queries would fail (a missing column) or answer wrongly (a missing value)."""
    store.write([seed_graph(), geography()])
    before = derived(store, "Company", AMPLITUDE.id)
    for label in ("Company", "City", "Lab", "Cluster", "Region", "Country", "Event"):
        store._write([(f"MATCH (n:{label}) SET n.places = NULL, n.derived_version = NULL", {})])
    if engine == "ladybug":  # a column added since, too
        store._write([("ALTER TABLE Company DROP weakest_single_source", {})])
    store.close()
    with open_test_store(engine, tmp_path, read_only=True) as reader:
        assert not reader.written_by_earlier_version()
        assert derived(reader, "Company", AMPLITUDE.id) == before
        assert weakest(reader, "Company", AMPLITUDE.id) == pytest.approx(0.7)
    assert "earlier version" in caplog.text


def weakest(store: GraphStore, label: str, node_id: str) -> float | None:
    [row] = store.read(
        f"MATCH (n:{label} {{id: $id}}) RETURN n.weakest_single_source AS w", {"id": node_id}
    )
    return row["w"]


def test_weakest_single_source_fact_follows_support(store: GraphStore) -> None:
    """The lowest confidence among the facts a node states that only one article supports:
    a second article confirming a fact takes it out; retracting one puts it back."""
    store.write([seed_graph()])  # Amplitude: located 0.8, exhibits 0.7
    assert weakest(store, "Company", AMPLITUDE.id) == pytest.approx(0.7)
    assert weakest(store, "City", PESSAC.id) is None  # states nothing
    text = "Amplitude Systèmes expose au salon."
    again = ArticleGraph(
        Article("article:again", "Salon", text, "fr", "2012-01-01"),
        (AMPLITUDE, SALON),
        (Relation("EXHIBITS_AT", AMPLITUDE.id, SALON.id, (Evidence(text, 0, len(text)),), 0.9),),
    )
    store.write([again])  # the exhibit now has two sources
    assert weakest(store, "Company", AMPLITUDE.id) == pytest.approx(0.8)
    store.retract(["article:seed"])  # only the confirming article's exhibit is left
    assert weakest(store, "Company", AMPLITUDE.id) == pytest.approx(0.9)


def test_a_city_lies_in_the_areas_the_gazetteer_names(store: GraphStore) -> None:
    """Pessac carries the gazetteer code FR: everything in Pessac lies in Gironde, Nouvelle-
    Aquitaine and France though no sentence says so; those areas are created as places with
    their codes, no article and the gazetteer's other names, and go when nothing lies in them."""
    store.write([seed_graph()])
    assert derived(store, "City", PESSAC.id)["places"] == PESSAC_AREAS
    rows = store.read(
        "MATCH (n:Region) RETURN n.id AS id, n.gazetteer_code AS code, n.aliases AS aliases, "
        "n.mentions AS mentions, n.country AS country ORDER BY id"
    )
    assert rows == [
        {"id": "region:gironde", "code": "FR.75.33", "aliases": [], "mentions": 0, "country": "FR"},
        {
            "id": "region:nouvelle-aquitaine",
            "code": "FR.75",
            "aliases": ["Aquitaine", "Limousin", "Poitou-Charentes"],
            "mentions": 0,
            "country": "FR",
        },
    ]
    [city] = store.read("MATCH (n:City) RETURN n.gazetteer_within AS w, n.stated_within AS s")
    assert city == {"w": "FR.75.33", "s": "|"}  # nothing stated: all of it is derived
    assert not store.read("MATCH (:Article)-[:MENTIONS]->(n:Region) RETURN n.id AS id")
    store.write([second_graph()])
    store.retract(["article:seed", "article:second"])  # Pessac goes, and its areas with it
    assert store.stats().nodes["Region"] == store.stats().nodes["Country"] == 0


def test_a_city_that_gains_its_code_later_brings_what_lies_in_it(store: GraphStore) -> None:
    france = ent("Country", "France", country="FR")
    uncoded = ent("City", "Pessac")  # a first article without gazetteer data for Pessac
    text = "Amplitude Systèmes produit à Pessac, en France."
    ev = (Evidence(text, 0, len(text)),)
    first = ArticleGraph(
        Article("article:a", "A", text, "fr", "2015-01-01"),
        (AMPLITUDE, uncoded, france),
        (Relation("LOCATED_IN", AMPLITUDE.id, uncoded.id, ev, 0.8),),
    )
    store.write([first])
    assert derived(store, "Company", AMPLITUDE.id)["places"] == [PESSAC.id]
    later = "Pessac accueille un salon."  # knows Pessac is in FR; says nothing of Amplitude
    store.write([ArticleGraph(Article("article:b", "B", later, "fr", "2015-02-01"), (PESSAC,))])
    assert derived(store, "Company", AMPLITUDE.id)["places"] == [PESSAC.id, *PESSAC_AREAS]


LYON, WUHAN = ent("City", "Lyon"), ent("City", "Wuhan")
CHINE = ent("Country", "Chine")
OPTIQUE = ent("Company", "Optique Lyon")


def article(article_id: str, text: str, *relations: tuple[str, Entity, Entity]) -> ArticleGraph:
    """One article stating these (type, source, target) facts between the test entities."""
    ev = (Evidence(text, 0, len(text)),)
    rels = tuple(Relation(kind, s.id, t.id, ev, 0.8) for kind, s, t in relations)
    named = {n.id: n for _, s, t in relations for n in (s, t)}
    article = Article(article_id, article_id, text, "fr", "2015-01-01")
    return ArticleGraph(article, tuple(named[i] for i in sorted(named)), rels)


def abroad(store: GraphStore) -> dict[str, object]:
    """Each organisation's `abroad` and each country's `abroad_orgs`, and whether the counts
    agree with the organisations."""
    found: dict[str, object] = {}
    for label in ("Company", "Lab"):
        for row in store.read(f"MATCH (n:{label}) RETURN n.id AS id, n.abroad AS a"):
            found[row["id"]] = row["a"]
    for row in store.read("MATCH (c:Country) RETURN c.id AS id, c.abroad_orgs AS n"):
        found[row["id"]] = row["n"]
        assert row["n"] == sum(1 for a in found.values() if f"|{row['id']}|" in str(a))
    return found


def test_abroad_follows_the_partners_places(store: GraphStore) -> None:
    """An organisation is abroad from its country once a partner's own place is stated to lie
    in another country, though neither organisation is in the article that says so."""
    partners = article(
        "article:p",
        "Optique Lyon, à Lyon en France, s'associe au WNLO de Wuhan.",
        ("LOCATED_IN", OPTIQUE, LYON),
        ("LOCATED_IN", LYON, FRANCE),
        ("LOCATED_IN", WNLO, WUHAN),
        ("PARTNERS_WITH", OPTIQUE, WNLO),
    )
    china = article("article:c", "Wuhan est en Chine.", ("LOCATED_IN", WUHAN, CHINE))
    store.write([partners])
    assert abroad(store) == {OPTIQUE.id: "|", WNLO.id: "|", FRANCE.id: 0}  # Wuhan: no country
    store.write([china])
    assert abroad(store) == {
        OPTIQUE.id: f"|{FRANCE.id}|",
        WNLO.id: f"|{CHINE.id}|",
        FRANCE.id: 1,
        CHINE.id: 1,
    }
    store.retract(["article:c"])  # China goes with the only article naming it
    assert abroad(store) == {OPTIQUE.id: "|", WNLO.id: "|", FRANCE.id: 0}
    store.write([china])
    store.retract(["article:p"])  # the partnership and the organisations go
    assert abroad(store) == {CHINE.id: 0}
    store.write([partners])
    expected = abroad(store)
    assert expected[FRANCE.id] == 1
    for label in ("Company", "Lab"):
        store._write([(f"MATCH (n:{label}) SET n.abroad = NULL, n.derived_version = NULL", {})])
    store._write([("MATCH (c:Country) SET c.abroad_orgs = 7", {})])
    store.ensure_derived()  # recomputed from scratch, counts included
    assert abroad(store) == expected


def test_a_derived_column_added_later_is_filled_whatever_the_version_says(
    tmp_path: Path,
) -> None:
    """LadybugDB declares columns: one a newer version adds starts empty on every node,
    even on a graph whose derived_version is current."""
    with open_test_store("ladybug", tmp_path) as store:
        store.write([seed_graph()])
        store._write([("ALTER TABLE Company DROP weakest_single_source", {})])
    with open_test_store("ladybug", tmp_path, read_only=True) as reader:
        assert weakest(reader, "Company", AMPLITUDE.id) == pytest.approx(0.7)


def test_an_area_another_city_now_needs_stays_when_the_first_city_goes(store: GraphStore) -> None:
    """An article first about a company in Pessac now tells of another in Mérignac, both in
    Gironde: Pessac and the first company go, and Gironde, needed by the new city, stays."""
    merignac = ent("City", "Mérignac", lat=44.84, lon=-0.65, country="FR")
    other = ent("Company", "Optique Mérignac")
    text = "Optique Mérignac s'installe à Mérignac."
    only = ArticleGraph(
        Article("article:one", "Pessac", S, "fr", "2013-01-01"),
        (AMPLITUDE, PESSAC),
        (Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence(S, 0, len(S)),), 0.8),),
    )
    store.write([only])
    moved = ArticleGraph(
        Article("article:one", "Mérignac", text, "fr", "2013-01-02"),
        (other, merignac),
        (Relation("LOCATED_IN", other.id, merignac.id, (Evidence(text, 0, len(text)),), 0.8),),
    )
    store.write([moved])
    assert not store.read("MATCH (n:City {id: $id}) RETURN n.id AS id", {"id": PESSAC.id})
    assert derived(store, "Company", other.id)["places"] == sorted([merignac.id, *PESSAC_AREAS])
    assert {row["id"] for row in store.read("MATCH (n:Region) RETURN n.id AS id")} == {
        "region:gironde",
        "region:nouvelle-aquitaine",
    }
    assert store.stats().nodes["Country"] == 1

"""Answers an analyst expects, on both engines: a region or a country answers for the cities
the gazetteer puts in it though no sentence says so, and articles are found by id, file
name, path, URL or title."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import BadParameter
from graph.gazetteer import lookup_place
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.queries import get_query, run_query
from graph.store import GraphStore
from tests.builders import ent


def place(kind: str, name: str) -> Entity:
    """A place as resolution leaves it: named, coded and located by the gazetteer."""
    known = lookup_place(name)
    assert known is not None and known.type == kind
    return ent(kind, known.name, country=known.country, lat=known.lat, lon=known.lon)


TALENCE, WUHAN, BORDEAUX = (
    place("City", "Talence"),
    place("City", "Wuhan"),
    place("City", "Bordeaux"),
)
GIRONDE = place("Region", "Gironde")
OPTIQUE = ent("Company", "Optique Talence")
PHOTON = ent("Company", "Photon Bordeaux")
WNLO = ent("Lab", "Laboratoire national d'optoélectronique de Wuhan", "WNLO")
TEXT = (
    "Optique Talence, installée à Talence, s'associe au WNLO de Wuhan. "
    "Photon Bordeaux est en Gironde."
)


def fact(kind: str, source: Entity, target: Entity, sentence: str) -> Relation:
    start = TEXT.index(sentence)
    return Relation(
        kind, source.id, target.id, (Evidence(sentence, start, start + len(sentence)),), 0.8
    )


def partnership_article() -> ArticleGraph:
    first, second = TEXT.split(". ")
    return ArticleGraph(
        Article(
            "article:url-3f2a",
            "Optique Talence s'associe à Wuhan",
            TEXT,
            "fr",
            "2019-05-02",
            url="https://example.org/actualites/optique-talence-wuhan/",
            path="data/articles/talence_wuhan.txt",
        ),
        (OPTIQUE, TALENCE, WNLO, WUHAN, PHOTON, GIRONDE),
        (
            fact("LOCATED_IN", OPTIQUE, TALENCE, first + "."),
            fact("LOCATED_IN", WNLO, WUHAN, first + "."),
            fact("PARTNERS_WITH", OPTIQUE, WNLO, first + "."),
            fact("LOCATED_IN", PHOTON, GIRONDE, second),
        ),
    )


def rows(store: GraphStore, name: str, **params: str) -> list[dict[str, Any]]:
    return run_query(store, name, params).rows


def located(store: GraphStore, where: str) -> list[tuple[str, str, str]]:
    return [
        (r["place"], r["organisation"], r["located"])
        for r in rows(store, "organisations-in", place=where)
    ]


def test_a_city_answers_for_its_departement_region_and_country(store: GraphStore) -> None:
    """No sentence says Talence is in Gironde, Nouvelle-Aquitaine or France: the gazetteer
    does, and says so (located: gazetteer); Photon Bordeaux's Gironde is stated."""
    store.write([partnership_article()])
    assert located(store, "Gironde") == [
        ("Gironde", "Optique Talence", "gazetteer"),
        ("Gironde", "Photon Bordeaux", "stated"),
    ]
    region = [("Nouvelle-Aquitaine", "Optique Talence", "gazetteer"),
              ("Nouvelle-Aquitaine", "Photon Bordeaux", "gazetteer")]  # fmt: skip
    assert located(store, "Nouvelle-Aquitaine") == region
    assert located(store, "aquitaine") == region  # the former region, an alias
    assert located(store, "Poitou-Charentes") == region
    assert [r[1] for r in located(store, "France")] == ["Optique Talence", "Photon Bordeaux"]
    assert [r[1] for r in located(store, "Hubei")] == [WNLO.name]  # Wuhan's province
    assert located(store, "Occitanie") == []
    hubs = rows(store, "best-connected-in", place="Nouvelle-Aquitaine")
    assert [(r["organisation"], r["partnerships"], r["located"]) for r in hubs] == [
        ("Optique Talence", 1, "gazetteer"),
        ("Photon Bordeaux", 0, "gazetteer"),
    ]
    abroad = rows(store, "international-partnerships", country="France")
    assert [(r["org"], r["country"], r["partner"], r["partner_country"]) for r in abroad] == [
        ("Optique Talence", "France", WNLO.name, "China")
    ]
    both = rows(store, "international-partnerships")
    assert {(r["country"], r["org"]) for r in both} == {
        ("China", WNLO.name),
        ("France", "Optique Talence"),
    }
    # the derived places are places of the graph, with no article and no evidence behind them
    areas = store.read(
        "MATCH (n:Region) WHERE NOT EXISTS { MATCH (:Article)-[:MENTIONS]->(n) } "
        "RETURN n.name AS name, n.gazetteer_code AS code ORDER BY name"
    )
    assert areas == [
        {"name": "Hubei", "code": "CN.12"},
        {"name": "Nouvelle-Aquitaine", "code": "FR.75"},
    ]
    assert not store.read(
        "MATCH ()-[e:LOCATED_IN]->(:Region {id: 'region:nouvelle-aquitaine'}) RETURN e.sources AS s"
    )


def article_graph(article_id: str, title: str, published: str | None, **where: str) -> ArticleGraph:
    text = f"{title} : Optique Talence est à Talence."  # one sentence of its own per article
    ev = (Evidence(text, 0, len(text)),)
    return ArticleGraph(
        Article(article_id, title, text, "fr", published, **where),
        (OPTIQUE, TALENCE),
        (Relation("LOCATED_IN", OPTIQUE.id, TALENCE.id, ev, 0.7),),
    )


ARTICLES = [
    article_graph("article:url-cf2f", "Les lasers d'Aquitaine à l'export", "2014-03-10",
                  url="https://news.example.com/2014/lasers-aquitaine",
                  path="in/lasers_export.txt"),
    article_graph("article:pole-eco", "Pôle ÉCO : bilan annuel", "2013-12-31", path="in/bilan.md"),
    article_graph("article:sans-date", "Pôle éco, entretien", None, path="in/entretien.txt"),
    article_graph("article:doublon-1", "Revue de presse", "2012-01-05"),
    article_graph("article:doublon-2", "Revue de presse", "2012-02-05"),
]  # fmt: skip


def ids(found: list[dict[str, Any]]) -> list[str]:
    return [r["article_id"] for r in found]


def test_articles_are_searched_by_words_and_dates_newest_first(store: GraphStore) -> None:
    store.write(ARTICLES)
    everything = rows(store, "articles")
    assert ids(everything) == [
        "article:url-cf2f",
        "article:pole-eco",
        "article:doublon-2",
        "article:doublon-1",
        "article:sans-date",
    ]  # fmt: skip  (undated last)
    assert everything[0]["title"] == "Les lasers d'Aquitaine à l'export"
    assert everything[0]["entities"] == 2
    assert ids(rows(store, "articles", query="pole eco")) == [
        "article:pole-eco",
        "article:sans-date",
    ]
    assert ids(rows(store, "articles", query="PÔLE Bilan")) == ["article:pole-eco"]
    assert ids(rows(store, "articles", query="news.example.com")) == ["article:url-cf2f"]
    assert ids(rows(store, "articles", query="entretien.txt")) == ["article:sans-date"]
    assert ids(rows(store, "articles", since="2013", until="2013")) == ["article:pole-eco"]
    assert ids(rows(store, "articles", since="2012-02", until="2013-12-30")) == [
        "article:doublon-2"
    ]
    assert ids(rows(store, "articles", query="revue", limit="1")) == ["article:doublon-2"]
    with pytest.raises(BadParameter, match="parameter since expects a date"):
        get_query("articles").bind({"since": "mars 2013"})


def test_an_article_parameter_takes_an_id_a_file_name_a_path_a_url_or_a_title(
    store: GraphStore,
) -> None:
    store.write(ARTICLES)
    for spelling in (
        "article:url-cf2f",
        "url-cf2f",
        "lasers_export.txt",
        "lasers_export",
        "in/lasers_export.txt",
        "/home/analyst/in/lasers_export.txt",
        "https://news.example.com/2014/lasers-aquitaine/",
        "les lasers d’aquitaine a l’export",
    ):
        facts = rows(store, "article-facts", article=spelling)
        assert [(r["article_id"], r["article"], r["published"]) for r in facts] == [
            ("article:url-cf2f", "Les lasers d'Aquitaine à l'export", "2014-03-10")
        ], spelling
    with pytest.raises(
        BadParameter, match=r"names 2 articles .*article:doublon-1, article:doublon-2"
    ):
        run_query(store, "article-facts", {"article": "Revue de presse"})
    missing = run_query(store, "article-facts", {"article": "nowhere.txt"})
    assert missing.rows == [] and missing.hint

"""Suggestions for a misspelt name: the intended entity comes first.

The candidates are the entities of the sample articles (data/articles), as their gold files
(data/eval) name them, written to a real embedded store; the hints come from the same path a
user's `kg query run` takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.config import Settings
from graph.keys import entity_id
from graph.model import Article, ArticleGraph, Entity
from graph.queries import closest_entities, get_query, run_query
from graph.store import GraphStore, open_store
from graph.suggest import Candidate, closest, score

REPO = Path(__file__).resolve().parents[1]

# (query, parameter, what was typed, the entity meant)
MISSPELLINGS = [
    ("partners-of", "org", "Amplitude Sytemes", "Amplitude Systèmes"),
    ("partners-of", "org", "GlobalFoundry", "GlobalFoundries"),
    ("partners-of", "org", "Soitek", "Soitec"),
    ("partners-of", "org", "STMicro", "STMicroelectronics"),
    ("partners-of", "org", "Cailab", "Cailabs"),
    ("partners-of", "org", "Naval Groupe", "Naval Group"),
    ("partners-of", "org", "Ifremmer", "Ifremer"),
    ("partners-of", "org", "Renault Truck", "Renault Trucks"),
    ("partners-of", "org", "Michelln", "Michelin"),
    ("partners-of", "org", "Kelvin Orbitale", "Kelvin Orbital"),
    ("partners-of", "org", "Nanopter", "Nanoptère"),
    ("partners-of", "org", "Genowey", "Genoway"),
    ("partners-of", "org", "Dragon Fiber", "Dragon Fibre"),
    ("partners-of", "org", "Hartwell Aerostructure", "Hartwell Aerostructures"),
    ("partners-of", "org", "Institut Gustav Roussy", "Institut Gustave Roussy"),
    ("partners-of", "org", "Oncofill", "OncoFil"),
    ("partners-of", "org", "Thale", "Thales"),
    ("partners-of", "org", "Algaia Nutrision", "Algaïa Nutrition"),
    ("cluster-members", "cluster", "Route des Lazers", "Route des Lasers"),
    ("cluster-members", "cluster", "Aerospace Valey", "Aerospace Valley"),
    ("cluster-members", "cluster", "Minalogik", "Minalogic"),
    ("cluster-members", "cluster", "Silicon Saxonie", "Silicon Saxony"),
    ("cluster-members", "cluster", "Valorail", "Valorial"),
    ("cluster-members", "cluster", "Medicen Pari Region", "Medicen Paris Region"),
    ("cluster-members", "cluster", "Pole Mer Bretagne Atlantiqe", "Pôle Mer Bretagne Atlantique"),
    ("cluster-members", "cluster", "Automotive Cluster Ostdeutchland",
     "Automotive Cluster Ostdeutschland"),
    ("cluster-members", "cluster", "Vegepolis Valley", "Vegepolys Valley"),
    ("cluster-members", "cluster", "Aerospace Wale", "Aerospace Wales"),
    ("cluster-members", "cluster", "Lyonbiopol", "Lyonbiopole Auvergne-Rhône-Alpes"),
    ("exhibitors-at", "event", "Farnborough Airshow", "Farnborough International Airshow"),
    ("exhibitors-at", "event", "Photonic West", "SPIE Photonics West"),
    ("exhibitors-at", "event", "Euromaritim", "Euromaritime"),
    ("organisations-in", "place", "Clermont Ferand", "Clermont-Ferrand"),
    ("organisations-in", "place", "Nouvelle Aquitane", "Nouvelle-Aquitaine"),
]  # fmt: skip


def sample_entity_graphs() -> list[ArticleGraph]:
    """One graph per sample article, holding the entities its gold file names."""
    graphs = []
    for path in sorted((REPO / "data" / "articles").iterdir()):
        gold = json.loads((REPO / "data" / "eval" / f"{path.stem}.gold.json").read_text("utf-8"))
        entities = {}
        for item in gold["entities"]:
            entity = Entity(
                entity_id(item["type"], item["name"]),
                item["type"],
                item["name"],
                tuple(item.get("aliases", ())),
            )
            entities.setdefault(entity.id, entity)
        article = Article(f"article:{path.stem}", path.stem, "x", "fr")
        graphs.append(ArticleGraph(article, tuple(entities.values()), ()))
    return graphs


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    db = tmp_path_factory.mktemp("suggest") / "graph.lbdb"
    store = open_store(Settings(engine="ladybug", db_path=db))
    store.write(sample_entity_graphs())
    return store


def test_the_sample_holds_every_intended_entity(sample_store: GraphStore) -> None:
    names = {e.name for e in sample_store.entities()}
    assert len(MISSPELLINGS) >= 20
    assert {meant for *_, meant in MISSPELLINGS} <= names


@pytest.mark.parametrize(("query", "param", "typed", "meant"), MISSPELLINGS)
def test_the_hint_for_a_misspelt_name_lists_the_intended_entity_first(
    sample_store: GraphStore, query: str, param: str, typed: str, meant: str
) -> None:
    result = run_query(sample_store, query, {param: typed})
    assert result.rows == []
    assert result.hint is not None and "; closest: " in result.hint
    first = result.hint.split("; closest: ", 1)[1]
    assert first.startswith(meant), result.hint


def test_entities_of_the_expected_type_come_first(sample_store: GraphStore) -> None:
    # "Farnborough" is a city and the short name of an airshow
    assert closest_entities(sample_store, "Farnboro", ("Event",))[0] == (
        "Farnborough International Airshow"
    )
    assert closest_entities(sample_store, "Farnboro", ("City",))[0] == "Farnborough"


def test_prefix_and_shared_words_come_before_spelling() -> None:
    assert score("Aero", "Aerospace Valley")[0] == 3  # typed the beginning
    assert score("Valley Aerospace", "Aerospace Valley")[0] == 2  # the same words
    assert score("Aerospace Valey", "Aerospace Valley")[0] == 2  # one of them misspelt
    assert score("Minalogik", "Minalogic") > score("Minalogik", "Minalogic Europe")
    assert score("Nowhere", "Nanoptère") == (0, 0.0)  # not a suggestion at all
    names = [Candidate("Airbus", "Airbus"), Candidate("Airbus Defence and Space", "ADS")]
    assert closest("Airbus Defense and Space", names)[0] == "ADS"


def test_an_unknown_query_suggests_the_closest_or_lists_them_all() -> None:
    with pytest.raises(Exception, match="did you mean partners-of"):
        get_query("partner-of")
    with pytest.raises(Exception, match=r"the canned queries are: .*partners-of"):
        get_query("nope")

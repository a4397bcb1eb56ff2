"""The canned-query catalogue: headers, parameters, answers checked by hand on the seed graph,
and the same rows on both engines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.errors import BadParameter, KgError, UnknownQuery, WriteRefused
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.queries import (
    QUERIES_DIR,
    body_parameters,
    catalogue_markdown,
    get_query,
    list_queries,
    parse_query_file,
    run_cypher,
    run_query,
)
from graph.store import GraphStore
from tests.builders import ent
from tests.conftest import ENGINES, open_test_store

REPO = Path(__file__).parents[1]
NAMED = [
    "partners-of",
    "organisations-in",
    "cluster-members",
    "exhibitors-at",
    "co-exhibitors",
    "international-partnerships",
    "connection-path",
    "most-connected",
    "entity-profile",
    "evidence-for",
    "article-facts",
    "partnership-timeline",
]


# ---- a hand-made seed graph mirroring the seed's gold file in data/eval (required relations)
ROUTE = ent("Cluster", "Route des Lasers", "pôle de compétitivité Route des Lasers",
            "Bordeaux Route des Lasers")  # fmt: skip
WNLO = ent("Lab", "Laboratoire national d’optoélectronique de Wuhan", "WNLO")
VALLEE = ent("Cluster", "Vallée Optique de Wuhan")
AMPLITUDE = ent("Company", "Amplitude Systèmes")
EDIT = ent("Company", "Edit Laser")
OVC = ent("Event", "Optics Valley of China", "salon Optics Valley of China")
EOLITE = ent("Company", "Eolite Systems")
IVEA = ent("Company", "IVEA")
AMPLITUDE_TECH = ent("Company", "Amplitude Technologies")
QUANTEL = ent("Company", "Quantel")
WUHAN = ent("City", "Wuhan")
CHINE = ent("Country", "Chine", "empire du milieu")
PESSAC = ent("City", "Pessac")
GIRONDE = ent("Region", "Gironde")
BORDEAUX = ent("City", "Bordeaux")
FRANCE = ent("Country", "France")

S_PROTOCOLE = (
    "Un protocole d’accord a tout d’abord été signé en 2010 par le pôle et le Laboratoire "
    "national d’optoélectronique de Wuhan (WNLO) pour la mise en place d’une plate-forme "
    "technologique commune."
)
S_VALLEE = (
    "En effet, après une phase d’analyse du développement de la Vallée Optique de Wuhan en "
    "Chine, centre économique spécialiste dans les technologies de l’optoélectronique et "
    "l’information, un partenariat paraissait incontournable."
)
S_PESSAC = (
    "Puis, la société Amplitude Systèmes, qui produit à Pessac en Gironde des lasers à "
    "impulsions brèves de nouvelle génération, a lancé un programme commun de développement "
    "des procédés laser de micro-usinage «made for China» à Wuhan le 15 juin 2011."
)
S_BUREAU = (
    "Ce sont désormais les géants de Wuhan qui se tournent vers le savoir-faire français, via "
    "le bureau de représentation du pôle en Chine."
)
S_EDIT = (
    "Dans le sillage de la société bordelaise Edit Laser, déjà implantée en Chine pour faire "
    "face aux demandes croissantes du marché avec un maximum de réactivité, bon nombre "
    "d’acteurs majeurs du Pôle seront bientôt implantés dans « l’empire du milieu »."
)
S_SALON = (
    "Prochaine échéance la 8e édition du salon Optics Valley of China de Wuhan en novembre, où "
    "seront attendus les principaux industriels de l’optique et de la photonique en Chine."
)
S_PAVILLON = (
    S_SALON + "\n\nSur un pavillon français de 108 m² aux couleurs de « Bordeaux Route des "
    "Lasers », les sociétés Amplitude Systèmes, Eolite Systems, IVEA, Amplitude Technologies "
    "et Quantel représenteront les intérêts français."
)
SEED_TEXT = "\n\n".join([S_VALLEE, S_PROTOCOLE, S_PESSAC, S_BUREAU, S_EDIT, S_PAVILLON])
SEED_ID = "article:000_f9f87ba7564bb30f"


def rel(kind: str, a: Entity, b: Entity, sentence: str, text: str, conf: float,
        year: int | None = None) -> Relation:  # fmt: skip
    start = text.index(sentence)
    return Relation(kind, a.id, b.id, (Evidence(sentence, start, start + len(sentence)),),
                    conf, year)  # fmt: skip


def seed_article_graph() -> ArticleGraph:
    t = SEED_TEXT
    relations = [
        rel("PARTNERS_WITH", ROUTE, WNLO, S_PROTOCOLE, t, 0.9, 2010),
        rel("LOCATED_IN", WNLO, WUHAN, S_PROTOCOLE, t, 0.8),
        rel("LOCATED_IN", VALLEE, WUHAN, S_VALLEE, t, 0.8),
        rel("LOCATED_IN", WUHAN, CHINE, S_VALLEE, t, 0.8),
        rel("LOCATED_IN", AMPLITUDE, PESSAC, S_PESSAC, t, 0.8),
        rel("LOCATED_IN", PESSAC, GIRONDE, S_PESSAC, t, 0.8),
        rel("LOCATED_IN", ROUTE, CHINE, S_BUREAU, t, 0.7),
        rel("LOCATED_IN", EDIT, BORDEAUX, S_EDIT, t, 0.7),
        rel("LOCATED_IN", EDIT, CHINE, S_EDIT, t, 0.8),
        rel("LOCATED_IN", OVC, WUHAN, S_SALON, t, 0.8),
    ] + [
        rel("EXHIBITS_AT", org, OVC, S_PAVILLON, t, 0.7)
        for org in (ROUTE, AMPLITUDE, EOLITE, IVEA, AMPLITUDE_TECH, QUANTEL)
    ]
    entities = (ROUTE, WNLO, VALLEE, AMPLITUDE, EDIT, OVC, EOLITE, IVEA, AMPLITUDE_TECH,
                QUANTEL, WUHAN, CHINE, PESSAC, GIRONDE, BORDEAUX)  # fmt: skip
    article = Article(SEED_ID, "Le pôle de compétitivité Route des Lasers sur les rives du Yangzé",
                      SEED_TEXT, "fr", "2011-09-01")  # fmt: skip
    return ArticleGraph(article, entities, tuple(relations))


# A second, hand-written article stating what the seed leaves implicit: memberships, the place
# hierarchy up to France, and a dated international partnership.
S_MEMBRES = "Le pôle Route des Lasers compte Amplitude Systèmes, Eolite Systems et Quantel."
S_EOLITE = "Eolite Systems, installée à Pessac, dans la Gironde, en France."
S_BORDEAUX = "Bordeaux, préfecture de la Gironde."
S_WNLO = "Amplitude Systèmes a signé en 2011 un accord de recherche avec le WNLO."
SUPPLEMENT_TEXT = " ".join([S_MEMBRES, S_EOLITE, S_BORDEAUX, S_WNLO])
SUPPLEMENT_ID = "article:supplement"


def supplement_graph() -> ArticleGraph:
    t = SUPPLEMENT_TEXT
    relations = [
        rel("MEMBER_OF", AMPLITUDE, ROUTE, S_MEMBRES, t, 0.6, 2012),
        rel("MEMBER_OF", EOLITE, ROUTE, S_MEMBRES, t, 0.6, 2012),
        rel("MEMBER_OF", QUANTEL, ROUTE, S_MEMBRES, t, 0.6, 2012),
        rel("LOCATED_IN", EOLITE, PESSAC, S_EOLITE, t, 0.6),
        rel("LOCATED_IN", GIRONDE, FRANCE, S_EOLITE, t, 0.6),
        rel("LOCATED_IN", BORDEAUX, GIRONDE, S_BORDEAUX, t, 0.6),
        rel("PARTNERS_WITH", AMPLITUDE, WNLO, S_WNLO, t, 0.6, 2011),
    ]
    entities = (ROUTE, AMPLITUDE, EOLITE, QUANTEL, PESSAC, GIRONDE, FRANCE, BORDEAUX, WNLO)
    article = Article(SUPPLEMENT_ID, "Route des Lasers : les membres", t, "fr", "2012-03-05")
    return ArticleGraph(article, entities, tuple(relations))


def seed_graphs() -> list[ArticleGraph]:
    return [seed_article_graph(), supplement_graph()]


@pytest.fixture(scope="module")
def seeded_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, GraphStore]]:
    opened: dict[str, GraphStore] = {}
    yield opened
    for store in opened.values():
        store.close()


def seeded_store(engine: str, cache: dict[str, GraphStore], base: Path) -> GraphStore:
    """One store per engine per module holding the seed graphs (skips Neo4j without a server)."""
    if engine not in cache:
        store = open_test_store(engine, base / engine)
        store.reset()
        store.write(seed_graphs())
        cache[engine] = store
    return cache[engine]


@pytest.fixture
def seeded(
    engine: str, seeded_stores: dict[str, GraphStore], tmp_path_factory: pytest.TempPathFactory
) -> GraphStore:
    return seeded_store(engine, seeded_stores, tmp_path_factory.getbasetemp())


def run(store: GraphStore, query: str, /, **params: Any) -> list[dict[str, Any]]:
    return run_query(store, query, params).rows


def col(rows: list[dict[str, Any]], name: str) -> list[Any]:
    return [row[name] for row in rows]


# ---- the catalogue itself ---------------------------------------------------------------------
def test_every_named_query_of_the_issue_exists() -> None:
    names = {q.name for q in list_queries()}
    assert set(NAMED) <= names
    assert len(names) >= len(NAMED) + 4  # and the analyst's extras


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_declared_parameters_are_exactly_the_ones_the_body_uses(query: Any) -> None:
    declared = {p.name for p in query.params}
    for engine in ("canonical", *query.overrides):
        used: set[str] = set()
        passed_on: set[str] = set()  # columns of earlier steps
        for step in query.steps_for(engine):
            assert body_parameters(step) <= declared | passed_on, f"{engine}: {step}"
            used |= body_parameters(step)
            passed_on |= set(re.findall(r"\bAS\s+(\w+)", step.rsplit("RETURN", 1)[-1]))
        assert used >= declared, f"{engine} body of {query.name} ignores a parameter"
    assert query.mode == "read"
    assert query.description and len(query.description) > 20


def test_overrides_repeat_the_canonical_header_and_exist_only_for_dialect_gaps() -> None:
    for path in sorted((QUERIES_DIR / "ladybug").glob("*.cypher")):
        override = parse_query_file(path)
        canonical = get_query(path.stem)
        assert (override.name, override.params) == (canonical.name, canonical.params)
        assert override.cypher != canonical.cypher


def test_the_queries_answered_in_python_name_functions_that_exist(tmp_path: Path) -> None:
    answered = {q.name: q.function_for("ladybug") for q in list_queries() if q.functions}
    assert set(answered) == {"connection-path", "partners-of-partners"}
    assert all(callable(function) for function in answered.values())
    assert all(q.function_for("neo4j") is None for q in list_queries())
    (tmp_path / "ladybug").mkdir()
    for where in (tmp_path, tmp_path / "ladybug"):
        text = (QUERIES_DIR / "partners-of.cypher").read_text(encoding="utf-8")
        if where != tmp_path:
            missing = "// python: graph.query_functions:nope"
            text = text.replace("// mode: read", f"// mode: read\n{missing}")
        (where / "partners-of.cypher").write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match="names nothing"):
        get_query("partners-of", tmp_path).function_for("ladybug")


def test_the_catalogue_page_is_up_to_date() -> None:
    page = (QUERIES_DIR / "README.md").read_text(encoding="utf-8")
    assert page == catalogue_markdown(), "run: python -m graph.queries --write-readme"
    for query in list_queries():
        assert f"## {query.name}" in page


# ---- bad input --------------------------------------------------------------------------------
def test_unknown_query_names_the_closest() -> None:
    with pytest.raises(UnknownQuery, match="partners-of"):
        get_query("partner-of")


def test_missing_parameter_says_which_and_what_it_expects() -> None:
    with pytest.raises(BadParameter, match=r"needs parameter org \(the organisation: a name"):
        get_query("partners-of").bind({})


def test_unknown_parameter_is_refused_not_ignored() -> None:
    with pytest.raises(BadParameter, match=r"no parameter 'orgg'.*takes: org, limit"):
        get_query("partners-of").bind({"org": "IVEA", "orgg": "x"})


@pytest.mark.parametrize(
    ("name", "params", "culprit"),
    [
        ("partners-of", {"org": "IVEA", "limit": "ten"}, "limit"),
        ("partners-of", {"org": "IVEA", "limit": "-1"}, "limit"),
        ("most-connected", {"type": "Startup"}, "type"),
        ("single-source-facts", {"max_confidence": "high"}, "max_confidence"),
        ("partners-of", {"org": "  ¿?  "}, "org"),
    ],
)
def test_mistyped_parameter_names_it_and_what_it_expects(
    name: str, params: dict[str, str], culprit: str
) -> None:
    with pytest.raises(BadParameter, match=rf"parameter {culprit} expects .*, got"):
        get_query(name).bind(params)


def test_parameters_are_typed_and_defaults_applied() -> None:
    bound = get_query("most-connected").bind({"type": "city"})
    assert bound == {"type": "City", "limit": 20}
    assert get_query("partners-of").bind({"org": "Amplitude-Systèmes"})["org"] == (
        "amplitudesystemes"
    )
    assert get_query("article-facts").bind({"article": "data/articles/000_x.txt"}) == {
        "article": "article:000_x"
    }


def test_an_entity_that_matches_nothing_gives_an_empty_result_and_a_hint(engine: str,
        seeded: GraphStore) -> None:  # fmt: skip
    result = run_query(seeded, "partners-of", {"org": "Amplitud Systems"})
    assert result.rows == []
    assert result.hint and "org='Amplitud Systems'" in result.hint
    assert "Amplitude Systèmes" in result.hint


def test_a_legitimately_empty_answer_has_no_hint(engine: str, seeded: GraphStore) -> None:
    result = run_query(seeded, "partners-of", {"org": "Quantel"})
    assert result.rows == [] and result.hint is None


def test_writes_are_refused_by_the_engine(engine: str, seeded: GraphStore) -> None:
    with pytest.raises(WriteRefused):
        run_cypher(seeded, "CREATE (n:City {id: 'city:x', name: 'X'}) RETURN n.id AS id")
    with pytest.raises(WriteRefused):
        run_cypher(seeded, "MATCH (n:City {id: $id}) DETACH DELETE n", {"id": PESSAC.id})
    assert run(seeded, "organisations-in", place="Pessac")  # nothing was deleted


def test_ad_hoc_statements_chain_like_a_canned_body(engine: str, seeded: GraphStore) -> None:
    shown = get_query("single-source-facts").cypher_for(engine)  # what `kg query show` prints
    params = {"max_confidence": 1.0, "limit": 50}
    canned = run_query(seeded, "single-source-facts", params).rows
    assert canned and run_cypher(seeded, shown, params).rows == canned
    two = "MATCH (c:Cluster) RETURN c.id AS ids;\nMATCH (n) WHERE n.id IN $ids RETURN n.name AS x"
    assert sorted(r["x"] for r in run_cypher(seeded, two).rows) == [ROUTE.name, VALLEE.name]


# ---- answers on the seed graph, checked by hand ---------------------------------------------
def test_partners_of_accepts_any_alias_case_and_accents(engine: str, seeded: GraphStore) -> None:
    for spelling in ("wnlo", "Laboratoire national d'optoelectronique de WUHAN"):
        rows = run(seeded, "partners-of", org=spelling)
        assert col(rows, "partner") == ["Amplitude Systèmes", "Route des Lasers"]
        assert col(rows, "year") == [2011, 2010]
        assert col(rows, "evidence_count") == [1, 1]
        assert col(rows, "partner_id") == [AMPLITUDE.id, ROUTE.id]


def test_organisations_in_walks_down_the_place_hierarchy(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "organisations-in", place="Chine")
    assert [(r["type"], r["organisation"]) for r in rows] == [
        ("Cluster", "Route des Lasers"),
        ("Cluster", "Vallée Optique de Wuhan"),
        ("Company", "Edit Laser"),
        ("Lab", "Laboratoire national d’optoélectronique de Wuhan"),
    ]
    france = run(seeded, "organisations-in", place="france")  # three hops: city, region, country
    assert col(france, "organisation") == ["Amplitude Systèmes", "Edit Laser", "Eolite Systems"]


def test_cluster_members(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "cluster-members", cluster="Bordeaux Route des Lasers")
    assert col(rows, "member") == ["Amplitude Systèmes", "Eolite Systems", "Quantel"]
    assert set(col(rows, "year")) == {2012}


def test_exhibitors_at(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "exhibitors-at", event="salon optics valley of china")
    assert col(rows, "exhibitor") == [
        "Amplitude Systèmes", "Amplitude Technologies", "Eolite Systems", "IVEA", "Quantel",
        "Route des Lasers",
    ]  # fmt: skip
    assert col(rows, "type")[-1] == "Cluster"


def test_co_exhibitors(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "co-exhibitors", org="ivea")
    assert len(rows) == 5 and IVEA.id not in col(rows, "co_exhibitor_id")
    assert set(col(rows, "shared_events")) == {1}


def test_international_partnerships(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "international-partnerships")
    # Route des Lasers and the WNLO are both placed in China: not international. The one
    # international partnership shows under each side's country, countries by name.
    assert [
        (r["org"], r["country"], r["partner"], r["partner_country"], r["year"]) for r in rows
    ] == [
        (WNLO.name, "Chine", "Amplitude Systèmes", "France", 2011),
        ("Amplitude Systèmes", "France", WNLO.name, "Chine", 2011),
    ]
    assert run(seeded, "international-partnerships", limit="1") == rows[:1]
    chinese = run(seeded, "international-partnerships", country="chine")
    assert [(r["org"], r["partner"], r["partner_country"]) for r in chinese] == [
        (WNLO.name, "Amplitude Systèmes", "France")
    ]
    unknown = run_query(seeded, "international-partnerships", {"country": "Allemagne"})
    assert unknown.rows == [] and unknown.hint


def test_connection_path(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "connection-path", **{"from": "WNLO", "to": "pessac"})
    assert rows == [
        {
            "hops": 2,
            "path": [WNLO.name, "Amplitude Systèmes", "Pessac"],
            "node_ids": [WNLO.id, AMPLITUDE.id, PESSAC.id],
            "relations": ["PARTNERS_WITH", "LOCATED_IN"],
        }
    ]
    tied = run(seeded, "connection-path", **{"from": "IVEA", "to": "pessac"})
    assert len(tied) == 1 and tied[0]["hops"] == 3  # via Amplitude Systèmes or Eolite Systems
    assert tied[0]["path"][:2] == ["IVEA", "Optics Valley of China"]
    far = run_query(seeded, "connection-path", {"from": "Vallée Optique de Wuhan", "to": "Gironde"})
    assert far.rows == [] and far.hint is None  # more than 4 hops apart


def test_most_connected(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "most-connected", limit="3")
    assert [(r["name"], r["relations"]) for r in rows] == [
        ("Optics Valley of China", 7), ("Route des Lasers", 6), ("Amplitude Systèmes", 4),
    ]  # fmt: skip
    cities = run(seeded, "most-connected", type="city")
    assert [(r["name"], r["relations"]) for r in cities] == [
        ("Wuhan", 4), ("Pessac", 3), ("Bordeaux", 2),
    ]  # fmt: skip


def test_entity_profile(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "entity-profile", name="WNLO")
    got = sorted((r["relation"], r["direction"], r["other"], r["year"]) for r in rows)
    assert got == [
        ("LOCATED_IN", "out", "Wuhan", None),
        ("PARTNERS_WITH", "in", "Amplitude Systèmes", 2011),
        ("PARTNERS_WITH", "in", "Route des Lasers", 2010),
    ]
    partner = next(r for r in rows if r["other"] == "Route des Lasers")
    assert partner["sources"] == [SEED_ID] and partner["evidence"] == [S_PROTOCOLE]


def test_evidence_for(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "evidence-for", a="WNLO", b="route des lasers")
    assert [(r["relation"], r["sentence"], r["article_id"], r["published"]) for r in rows] == [
        ("PARTNERS_WITH", S_PROTOCOLE, SEED_ID, "2011-09-01"),
    ]


def test_article_facts(engine: str, seeded: GraphStore) -> None:
    rows = run(seeded, "article-facts", article="000_f9f87ba7564bb30f.txt")
    assert len(rows) == 16  # the gold's required relations, one sentence each
    assert sum(r["relation"] == "EXHIBITS_AT" for r in rows) == 6
    assert {r["sentence"] for r in rows if r["relation"] == "EXHIBITS_AT"} == {S_PAVILLON}
    supplement = run(seeded, "article-facts", article=SUPPLEMENT_ID)
    assert len(supplement) == 7 and {r["article_id"] for r in supplement} == {SUPPLEMENT_ID}


def test_partnership_timeline(engine: str, seeded: GraphStore) -> None:
    assert run(seeded, "partnership-timeline") == [
        {"year": 2010, "partnerships": 1},
        {"year": 2011, "partnerships": 1},
    ]
    assert run(seeded, "partnership-timeline", org="Route des Lasers") == [
        {"year": 2010, "partnerships": 1}
    ]


def test_the_analysts_extras(engine: str, seeded: GraphStore) -> None:
    abroad = run(seeded, "cluster-exhibitors-abroad", cluster="route des lasers")
    assert [(r["member"], r["event_country"]) for r in abroad] == [
        ("Amplitude Systèmes", "Chine"),
        ("Eolite Systems", "Chine"),
    ]  # fmt: skip  (Quantel's country is unknown: left out)
    leads = run(seeded, "partners-of-partners", org="Amplitude Systèmes")
    assert [(r["candidate"], r["shared_partners"]) for r in leads] == [("Route des Lasers", 1)]
    hubs = run(seeded, "best-connected-in", place="Chine")
    assert [(r["organisation"], r["partnerships"]) for r in hubs][:2] == [
        ("Laboratoire national d’optoélectronique de Wuhan", 2), ("Route des Lasers", 1),
    ]  # fmt: skip
    weak = run(seeded, "single-source-facts", max_confidence="0.6", limit="100")
    assert len(weak) == 7 and {tuple(r["sources"]) for r in weak} == {(SUPPLEMENT_ID,)}
    about = run(seeded, "articles-about", name="amplitude systemes")
    assert col(about, "article_id") == [SUPPLEMENT_ID, SEED_ID]


# ---- both engines, same rows ------------------------------------------------------------------
SEED_PARAMS: dict[str, dict[str, str]] = {
    "partners-of": {"org": "WNLO"},
    "organisations-in": {"place": "France"},
    "cluster-members": {"cluster": "Route des Lasers"},
    "exhibitors-at": {"event": "Optics Valley of China"},
    "co-exhibitors": {"org": "Quantel"},
    "connection-path": {"from": "Edit Laser", "to": "Quantel"},  # 4 hops
    "entity-profile": {"name": "Route des Lasers"},
    "evidence-for": {"a": "Amplitude Systèmes", "b": "Pessac"},
    "article-facts": {"article": SEED_ID},
    "cluster-exhibitors-abroad": {"cluster": "Route des Lasers"},
    "partners-of-partners": {"org": "Route des Lasers"},
    "best-connected-in": {"place": "Gironde"},
    "articles-about": {"name": "Pessac"},
}


def comparable(name: str, rows: list[dict[str, Any]]) -> list[Any]:
    """Rows as both engines must give them; order-normalised where the query does not order."""
    body = get_query(name).cypher
    if name == "connection-path":  # when shortest paths tie, each engine picks its own
        rows = [{"hops": r["hops"], "ends": (r["node_ids"][0], r["node_ids"][-1])} for r in rows]
    as_items = [sorted(row.items()) for row in rows]
    if "ORDER BY" in body and "UNION" not in body:
        return as_items
    return sorted(as_items, key=repr)


def params_for(name: str, table: dict[str, dict[str, str]]) -> dict[str, str]:
    query = get_query(name)
    return {k: v for k, v in table.get(name, {}).items() if query.param(k)}


@pytest.mark.neo4j
@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_gives_the_same_rows_on_both_engines(
    query: Any, seeded_stores: dict[str, GraphStore], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.getbasetemp()
    results = {
        engine: run_query(
            seeded_store(engine, seeded_stores, base), query.name, params_for(query.name,
            SEED_PARAMS)
        ).rows
        for engine in ENGINES
    }  # fmt: skip
    assert results["ladybug"], f"{query.name} returns nothing on the seed graph: a weak check"
    assert comparable(query.name, results["ladybug"]) == comparable(query.name, results["neo4j"])


# ---- the real corpus, ingested on both engines -----------------------------------------------
def corpus_params(store: GraphStore) -> dict[str, dict[str, str]]:
    """Realistic parameters picked from what extraction found (the same graph on both)."""

    def first(cypher: str) -> str:
        rows = store.read(cypher + " RETURN n.name AS name ORDER BY n.mentions DESC, n.id LIMIT 1")
        return rows[0]["name"] if rows else "nothing"

    org = first("MATCH (n:Company|Cluster|Lab)-[:PARTNERS_WITH|EXHIBITS_AT]-()")
    place = first("MATCH (n:Country)<-[:LOCATED_IN]-()")
    cluster = first("MATCH (n:Cluster)")
    event = first("MATCH (n:Event)")
    other = first("MATCH (n:City)")
    return {
        "partners-of": {"org": org},
        "organisations-in": {"place": place},
        "cluster-members": {"cluster": cluster},
        "exhibitors-at": {"event": event},
        "co-exhibitors": {"org": org},
        "connection-path": {"from": org, "to": other},
        "entity-profile": {"name": org},
        "evidence-for": {"a": org, "b": event},
        "article-facts": {"article": SEED_ID},
        "cluster-exhibitors-abroad": {"cluster": cluster},
        "partners-of-partners": {"org": org},
        "best-connected-in": {"place": place},
        "articles-about": {"name": org},
    }


@pytest.mark.neo4j
def test_the_ingested_corpus_gives_the_same_rows_on_both_engines(tmp_path: Path) -> None:
    from graph.api import ingest

    corpus = REPO / "data" / "articles"
    stores = {engine: open_test_store(engine, tmp_path / engine) for engine in ENGINES}
    try:
        for store in stores.values():
            store.reset()
            assert ingest([corpus], store).added
        params = corpus_params(stores["ladybug"])
        for query in list_queries():
            rows = {
                engine: run_query(store, query.name, params_for(query.name, params)).rows
                for engine, store in stores.items()
            }
            assert comparable(query.name, rows["ladybug"]) == comparable(
                query.name, rows["neo4j"]
            ), query.name
    finally:
        for store in stores.values():
            store.close()

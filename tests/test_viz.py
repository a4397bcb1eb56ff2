"""Selecting a subgraph from a real store (both engines) and rendering the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli.viz import viz
from graph.config import Settings
from graph.errors import BadParameter, KgError
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.queries import run_query
from graph.store import GraphStore, open_store
from graph.viz import (
    Subgraph,
    VizEdge,
    VizNode,
    layout_positions,
    page_html,
    render_html,
    select_subgraph,
)
from tests.builders import ent

AMPLITUDE = ent("Company", "Amplitude Systèmes", "Amplitude")
EDIT = ent("Company", "Edit Laser")
PESSAC = ent("City", "Pessac", country="FR")
BORDEAUX = ent("City", "Bordeaux", country="FR")
ROUTE = ent("Cluster", "Route des Lasers", "ALPhA")
WNLO = ent("Lab", "Wuhan National Laboratory for Optoelectronics", "WNLO")
SALON = ent("Event", "Optics Valley of China")

S_PARTNER = "Le pôle Route des Lasers a signé un accord avec le WNLO en 2010."
S_LOCATED = "Amplitude Systèmes, installée à Pessac, exposera au salon."
S_EDIT = "Edit Laser, à Bordeaux, est membre du pôle."


def rel(kind: str, a: Entity, b: Entity, sentence: str, conf: float, year: int | None = None):
    return Relation(kind, a.id, b.id, (Evidence(sentence, 0, len(sentence)),), conf, year)


def sample_graphs() -> list[ArticleGraph]:
    first = ArticleGraph(
        Article("article:one", "Les lasers à Wuhan", "x", "fr", "2011-09-01"),
        (AMPLITUDE, PESSAC, ROUTE, WNLO, SALON),
        (
            rel("PARTNERS_WITH", ROUTE, WNLO, S_PARTNER, 0.9, 2010),
            rel("LOCATED_IN", AMPLITUDE, PESSAC, S_LOCATED, 0.8),
            rel("EXHIBITS_AT", AMPLITUDE, SALON, S_LOCATED, 0.4),
        ),
    )
    second = ArticleGraph(
        Article("article:two", "Edit Laser grandit", "y", "fr", "2012-03-05"),
        (EDIT, BORDEAUX, ROUTE),
        (
            rel("LOCATED_IN", EDIT, BORDEAUX, S_EDIT, 0.7),
            rel("MEMBER_OF", EDIT, ROUTE, S_EDIT, 0.6),
        ),
    )
    return [first, second]


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    store.write(sample_graphs())
    return store


def edge_keys(subgraph: Subgraph) -> set[tuple[str, str, str]]:
    return {(e.type, e.source, e.target) for e in subgraph.edges}


def test_whole_graph_has_every_entity_fact_and_its_provenance(filled: GraphStore) -> None:
    sub = select_subgraph(filled)
    areas = {"region:gironde", "region:nouvelle-aquitaine", "country:france"}  # the gazetteer's
    assert set(sub.nodes) == {
        e.id for e in (AMPLITUDE, EDIT, PESSAC, BORDEAUX, ROUTE, WNLO, SALON)
    } | areas
    assert len([e for e in sub.edges if e.type != "WITHIN"]) == 5
    partner = next(e for e in sub.edges if e.type == "PARTNERS_WITH")
    assert (partner.confidence, partner.year) == (0.9, 2010)
    assert partner.evidence == ((S_PARTNER, "article:one"),)
    assert sub.articles["article:one"].title == "Les lasers à Wuhan"
    assert sub.articles["article:one"].published == "2011-09-01"
    route = sub.nodes[ROUTE.id]
    assert route.type == "Cluster" and route.aliases == ("ALPhA",)
    assert route.sources == ("article:one", "article:two")
    assert sub.degrees()[ROUTE.id] == 2


def test_gazetteer_containment_is_drawn_dashed_and_marked_derived(filled: GraphStore) -> None:
    """Pessac and Bordeaux lie in Gironde, in Nouvelle-Aquitaine, in France by the gazetteer:
    dashed WITHIN edges with no evidence and a note saying so, not facts."""
    sub = select_subgraph(filled)
    within = [e for e in sub.edges if e.type == "WITHIN"]
    assert {(e.source, e.target) for e in within} == {
        (PESSAC.id, "region:gironde"),
        (BORDEAUX.id, "region:gironde"),
        ("region:gironde", "region:nouvelle-aquitaine"),
        ("region:nouvelle-aquitaine", "country:france"),
    }
    assert all(e.evidence == () and e.confidence is None for e in within)
    html = page_html(sub, title="t")
    edges = json.loads(re.search(r'id="kg-edges"[^>]*>(.*?)</script>', html, re.S)[1])
    dashed = [e for e in edges if e.get("dashes")]
    assert len(dashed) == 4 and {e["rel"] for e in dashed} == {"WITHIN"}
    assert "no article states it" in html
    # drawn around a city, the areas come only when selected
    assert not [e for e in select_subgraph(filled, around="Pessac").edges if e.type == "WITHIN"]


def test_around_matches_any_alias_ignoring_case_and_accents(filled: GraphStore) -> None:
    for spelling in ("amplitude systemes", "AMPLITUDE-SYSTÈMES", "Amplitude", AMPLITUDE.id):
        sub = select_subgraph(filled, around=spelling, depth=1)
        assert sub.focus == (AMPLITUDE.id,)
        assert set(sub.nodes) == {AMPLITUDE.id, PESSAC.id, SALON.id}


def test_around_depth_counts_hops_in_either_direction(filled: GraphStore) -> None:
    assert set(select_subgraph(filled, around="WNLO", depth=0).nodes) == {WNLO.id}
    assert set(select_subgraph(filled, around="WNLO", depth=1).nodes) == {WNLO.id, ROUTE.id}
    two = select_subgraph(filled, around="WNLO", depth=2)
    assert set(two.nodes) == {WNLO.id, ROUTE.id, EDIT.id}
    three = select_subgraph(filled, around="WNLO", depth=3)
    assert set(three.nodes) == {WNLO.id, ROUTE.id, EDIT.id, BORDEAUX.id}
    assert edge_keys(three) == {
        ("PARTNERS_WITH", ROUTE.id, WNLO.id),
        ("MEMBER_OF", EDIT.id, ROUTE.id),
        ("LOCATED_IN", EDIT.id, BORDEAUX.id),
    }


def test_types_filter_keeps_only_those_nodes_and_facts_between_them(filled: GraphStore) -> None:
    sub = select_subgraph(filled, types=["company", "Cluster"])
    assert set(sub.nodes) == {AMPLITUDE.id, EDIT.id, ROUTE.id}
    assert edge_keys(sub) == {("MEMBER_OF", EDIT.id, ROUTE.id)}
    # traversal goes through allowed types only: WNLO is reached via the cluster, not a city
    around = select_subgraph(filled, around="Edit Laser", depth=3, types=["Company", "City"])
    assert set(around.nodes) == {EDIT.id, BORDEAUX.id}


def test_min_confidence_drops_weak_facts_and_the_entities_left_alone(filled: GraphStore) -> None:
    sub = select_subgraph(filled, min_confidence=0.75)
    assert edge_keys(sub) == {
        ("PARTNERS_WITH", ROUTE.id, WNLO.id),
        ("LOCATED_IN", AMPLITUDE.id, PESSAC.id),
    }
    assert set(sub.nodes) == {ROUTE.id, WNLO.id, AMPLITUDE.id, PESSAC.id}
    around = select_subgraph(filled, around="Amplitude", depth=1, min_confidence=0.5)
    assert set(around.nodes) == {AMPLITUDE.id, PESSAC.id}  # the 0.4 EXHIBITS_AT is not followed


def test_bad_selections_say_what_is_wrong(filled: GraphStore) -> None:
    with pytest.raises(KgError, match="no entity is named 'Nobody'; `kg query run most-conn"):
        select_subgraph(filled, around="Nobody")
    with pytest.raises(KgError, match="'Amplitud Sistemes'; did you mean Amplitude Systèmes"):
        select_subgraph(filled, around="Amplitud Sistemes")
    with pytest.raises(BadParameter, match="unknown node type Startup"):
        select_subgraph(filled, types=["Company", "Startup"])
    with pytest.raises(BadParameter, match="not both"):
        select_subgraph(filled, around="WNLO", query="partners-of")
    with pytest.raises(BadParameter, match="depth"):
        select_subgraph(filled, around="WNLO", depth=-1)


def test_query_rows_select_their_entities_and_the_facts_between_them(filled: GraphStore) -> None:
    result = run_query(filled, "partners-of", {"org": "Route des Lasers"})
    assert result.rows, "the partners-of query found no partner of Route des Lasers"
    sub = select_subgraph(filled, query="partners-of", params={"org": "Route des Lasers"})
    assert WNLO.id in sub.nodes
    assert ("PARTNERS_WITH", ROUTE.id, WNLO.id) in edge_keys(sub)
    assert EDIT.id not in sub.nodes  # a member, not a partner
    with pytest.raises(KgError, match="returned no rows"):
        select_subgraph(filled, query="partners-of", params={"org": "Pessac"})


# ---- rendering ---------------------------------------------------------------------------

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def hostile_subgraph() -> Subgraph:
    a = VizNode("company:evil", "Company", "Evil " + HOSTILE, ("</script><b>alias</b>",))
    b = VizNode("city:pessac", "City", "Pessac", sources=("article:x",))
    edge = VizEdge("LOCATED_IN", a.id, b.id, 0.5, None, ((HOSTILE + " sentence", "article:x"),))
    sub = Subgraph({a.id: a, b.id: b}, [edge])
    from graph.viz import ArticleRef

    sub.articles["article:x"] = ArticleRef("article:x", "Title </script>" + HOSTILE, "2020-01-01")
    return sub


def embedded_json(html: str, name: str) -> object:
    match = re.search(rf'<script type="application/json" id="kg-{name}">(.*?)</script>', html)
    assert match, f"no {name} data in the page"
    return json.loads(match.group(1))


def test_page_is_self_contained(tmp_path: Path) -> None:
    html = render_html(hostile_subgraph(), tmp_path / "g.html", title="T").read_text("utf-8")
    assert not re.search(r"<(script|img|iframe)[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert "@import" not in html and "url(http" not in html
    assert "vis.Network" in html  # the library is inlined, not fetched
    assert "Content-Security-Policy" in html and "'sha256-" in html


def test_article_text_never_reaches_the_page_as_markup(tmp_path: Path) -> None:
    html = page_html(hostile_subgraph(), title=HOSTILE)
    assert HOSTILE not in html  # neither in the title nor in the data
    assert "<title>&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html
    # the library, six JSON data blocks and the page's own script: none closed early
    assert html.count("</script>") == 8
    nodes = embedded_json(html, "nodes")
    assert nodes[0]["label"] == "Evil " + HOSTILE  # round-trips as data, escaped in JSON
    edges = embedded_json(html, "edge-info")
    assert edges["e0"]["evidence"] == [[HOSTILE + " sentence", "article:x"]]


def test_what_the_first_paint_does_not_need_is_left_out_or_put_last() -> None:
    html = page_html(hostile_subgraph(), title="t")
    # vis-network's icons (206 of its style's 220 kB) are for buttons the page turns off
    assert "url(data:" not in html
    interaction = embedded_json(html, "options")["interaction"]
    assert interaction["navigationButtons"] is False and "manipulation" not in interaction
    assert "div.vis-tooltip{" in html  # the rest of its style is kept
    # the details (most of a large page) come after the script, which so starts sooner
    script = html.index("window.kgViz")
    assert html.index('id="kg-nodes"') < html.index('id="kg-edges"') < script
    assert script < html.index('id="kg-node-info"') and script < html.index('id="kg-edge-info"')


def test_nodes_carry_type_degree_and_search_keys_edges_their_style() -> None:
    html = page_html(hostile_subgraph(), title="t")
    nodes = {n["id"]: n for n in embedded_json(html, "nodes")}
    assert nodes["city:pessac"]["group"] == "City" and nodes["city:pessac"]["value"] == 1
    assert embedded_json(html, "node-info")["city:pessac"]["keys"] == ["pessac"]
    (edge,) = embedded_json(html, "edges")
    assert (edge["from"], edge["to"], edge["label"], edge["arrows"]) == (
        "company:evil",
        "city:pessac",
        "located in",
        "to",
    )
    options = embedded_json(html, "options")
    assert options["physics"]["enabled"] is True
    assert options["groups"]["City"]["shape"] == "square"


def synthetic(n: int) -> Subgraph:
    nodes = {f"company:c{i}": VizNode(f"company:c{i}", "Company", f"C{i}") for i in range(n)}
    edges = [
        VizEdge("PARTNERS_WITH", f"company:c{i}", f"company:c{(i * 7 + 1) % n}") for i in range(n)
    ]
    return Subgraph(nodes, edges)


def test_large_graphs_get_a_python_layout_and_no_physics() -> None:
    sub = synthetic(400)
    html = page_html(sub, title="big", large_graph=300)
    options = embedded_json(html, "options")
    assert options["physics"] == {"enabled": False}
    assert options["edges"]["smooth"] is False
    nodes = embedded_json(html, "nodes")
    assert all("x" in n and "y" in n for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == 400  # no two nodes stacked
    assert layout_positions(sub) == layout_positions(sub)  # same graph, same picture


def test_cli_writes_the_page_from_the_embedded_store(tmp_path: Path) -> None:
    db = tmp_path / "graph.lbdb"
    with open_store(Settings(engine="ladybug", db_path=db)) as store:
        store.write(sample_graphs())
    out = tmp_path / "around.html"
    args = ["--db", str(db), "-o", str(out), "--around", "wnlo", "--depth", "2"]
    result = CliRunner().invoke(viz, args)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{out}: 3 entities, 2 relations"
    assert "Around wnlo (2 hops)" in out.read_text("utf-8")
    bad = CliRunner().invoke(viz, ["--db", str(db), "-p", "name=x"])
    assert bad.exit_code == 2 and "only goes with --query" in bad.output

"""The page as an analyst sees it, in real headless Chromium with networking disabled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from headless import LoadedPage, dom_point, open_page

from graph.config import Settings
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.store import GraphStore, open_store
from graph.viz import render_html, select_subgraph
from tests.builders import ent

pytestmark = pytest.mark.browser


AMPLITUDE = ent("Company", "Amplitude Systèmes", "Amplitude")
EDIT = ent("Company", "Edit Laser")
PESSAC = ent("City", "Pessac")
ROUTE = ent("Cluster", "Route des Lasers")
WNLO = ent("Lab", "Wuhan National Laboratory for Optoelectronics", "WNLO")
SALON = ent("Event", "Optics Valley of China")


def sentence_rel(kind: str, a: Entity, b: Entity, text: str) -> Relation:
    return Relation(kind, a.id, b.id, (Evidence(text, 0, len(text)),), 0.8)


def seed_like() -> ArticleGraph:
    text = "Amplitude Systèmes (Pessac) et Edit Laser exposent avec la Route des Lasers."
    return ArticleGraph(
        Article("article:seed", "Route des Lasers à Wuhan", text, "fr", "2011-09-01"),
        (AMPLITUDE, EDIT, PESSAC, ROUTE, WNLO, SALON),
        (
            sentence_rel("PARTNERS_WITH", ROUTE, WNLO, "Accord entre le pôle et le WNLO."),
            sentence_rel("LOCATED_IN", AMPLITUDE, PESSAC, text),
            sentence_rel("EXHIBITS_AT", AMPLITUDE, SALON, text),
            sentence_rel("EXHIBITS_AT", EDIT, SALON, text),
            sentence_rel("MEMBER_OF", EDIT, ROUTE, text),
        ),
    )


def drawn(page: Any) -> dict[str, int]:
    """What vis-network itself holds as drawn (visible) nodes and edges."""
    return page.evaluate(
        "({nodes: kgViz.network.body.nodeIndices.length,"
        " edges: kgViz.network.body.edgeIndices.length})"
    )


def assert_clean(loaded: LoadedPage) -> None:
    assert loaded.console_errors == []
    assert loaded.page_errors == []
    assert loaded.outside_requests() == []


@pytest.fixture
def seed_page(tmp_path: Path, browser: Any) -> LoadedPage:
    """The page of a seed-like graph from the embedded store (the XSS test below runs on
    both engines)."""
    with open_store(Settings(engine="ladybug", db_path=tmp_path / "g.lbdb")) as store:
        store.write([seed_like()])
        path = render_html(select_subgraph(store), tmp_path / "seed.html", title="Seed")
    return open_page(browser, path)


def test_page_loads_offline_with_no_error_and_draws_the_graph(seed_page: LoadedPage) -> None:
    assert_clean(seed_page)
    assert seed_page.requests == [seed_page.url]  # the file itself and nothing else
    assert drawn(seed_page.page) == {"nodes": 6, "edges": 5}
    counts = seed_page.page.inner_text("#counts")
    assert counts == "6 of 6 entities, 5 of 5 relations shown"


def test_type_and_relation_filters_hide_what_is_unticked(seed_page: LoadedPage) -> None:
    page = seed_page.page
    page.uncheck("#legend-types input[value=Company]")
    assert drawn(page) == {"nodes": 4, "edges": 1}  # only cluster-lab partnership is left
    page.uncheck("#legend-relations input[value=PARTNERS_WITH]")
    assert drawn(page)["edges"] == 0
    page.check("#legend-types input[value=Company]")
    page.check("#legend-relations input[value=PARTNERS_WITH]")
    assert drawn(page) == {"nodes": 6, "edges": 5}
    assert_clean(seed_page)


@pytest.mark.parametrize("typed", ["wnlo", "Wuhan national", "AMPLITUDE SYSTEMES", "amplitude"])
def test_search_focuses_the_node_named_or_aliased(seed_page: LoadedPage, typed: str) -> None:
    expected = WNLO.id if "wuhan" in typed.lower() or typed == "wnlo" else AMPLITUDE.id
    page = seed_page.page
    page.fill("#search-input", typed)
    page.press("#search-input", "Enter")
    assert page.evaluate("kgViz.network.getSelectedNodes()") == [expected]
    # the view ends centred on the node once the focus animation is over
    page.wait_for_function(
        """(id) => {
            const view = kgViz.network.getViewPosition();
            const node = kgViz.network.getPositions([id])[id];
            return Math.abs(view.x - node.x) < 1 && Math.abs(view.y - node.y) < 1;
        }""",
        arg=expected,
        timeout=5000,
    )
    name = page.evaluate(f"kgViz.nodes.get('{expected}').label")
    assert page.inner_text("#details .name") == name


def test_finding_again_steps_through_every_match(seed_page: LoadedPage) -> None:
    page = seed_page.page
    seen = []
    # Route des Lasers and Edit Laser by name, then the 4 relations whose sentence says laser
    for _ in range(7):
        page.fill("#search-input", "laser")
        page.press("#search-input", "Enter")
        seen.append(page.evaluate("kgViz.network.getSelectedNodes()"))
        if len(seen) == 1:
            assert "Match 1 of 6 (2 by name, 4 by evidence)" in page.inner_text("#search-status")
    assert {seen[0][0], seen[1][0]} == {ROUTE.id, EDIT.id}
    assert seen[2:6] == [[]] * 4  # a relation is selected, no node
    assert seen[6] == seen[0]  # and round again


def test_search_says_when_nothing_matches(seed_page: LoadedPage) -> None:
    page = seed_page.page
    page.fill("#search-input", "Thales")
    page.press("#search-input", "Enter")
    assert "No entity or evidence shown matches" in page.inner_text("#search-status")
    assert page.evaluate("kgViz.network.getSelectedNodes()") == []


PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
]


def hostile_graph() -> ArticleGraph:
    evil = ent("Company", "Evil " + PAYLOADS[0], PAYLOADS[2])
    sentence = f"Evil {PAYLOADS[1]} {PAYLOADS[0]} est installée à Pessac."
    return ArticleGraph(
        Article("article:evil", "Titre " + PAYLOADS[1], sentence, "fr", "2020-01-01"),
        (evil, PESSAC),
        (sentence_rel("LOCATED_IN", evil, PESSAC, sentence),),
    )


def test_article_text_with_markup_executes_nothing(
    store: GraphStore, tmp_path: Path, browser: Any
) -> None:
    graph = hostile_graph()
    evil, sentence = graph.entities[0], graph.relations[0].evidence[0].text
    store.write([graph])
    title = "Page " + PAYLOADS[0]
    path = render_html(select_subgraph(store), tmp_path / "evil.html", title=title)
    loaded = open_page(browser, path)
    page = loaded.page
    page.wait_for_timeout(300)
    # hover the node (tooltip), click it (details), click the edge (evidence), search it
    x, y = dom_point(page, evil.id)
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    assert "Evil " + PAYLOADS[0] in page.inner_text("#tooltip")
    page.mouse.click(x, y)
    assert page.inner_text("#details .name") == evil.name
    px, py = dom_point(page, PESSAC.id)
    page.mouse.click((x + px) / 2, (y + py) / 2)
    details = page.inner_text("#details")
    assert sentence in details and "Titre " + PAYLOADS[1] in details
    page.fill("#search-input", "Evil")
    page.press("#search-input", "Enter")
    assert page.inner_text("#page-title") == title
    assert page.evaluate("window.__pwned") is None
    assert (
        page.evaluate("document.querySelectorAll('#side img, #side svg, #tooltip img').length") == 0
    )
    assert_clean(loaded)


def test_a_large_graph_is_drawn_without_physics(tmp_path: Path, browser: Any) -> None:
    from graph.viz import Subgraph, VizEdge, VizNode

    n = 1500
    nodes = {f"company:c{i}": VizNode(f"company:c{i}", "Company", f"C{i}") for i in range(n)}
    edges = [
        VizEdge("PARTNERS_WITH", f"company:c{i}", f"company:c{(i * 7 + k) % n}")
        for i in range(n)
        for k in (1, 2, 3)
    ]
    path = render_html(Subgraph(nodes, edges), tmp_path / "large.html")
    loaded = open_page(browser, path)
    assert_clean(loaded)
    assert drawn(loaded.page) == {"nodes": n, "edges": 3 * n}
    assert loaded.page.evaluate("kgViz.network.physics.physicsEnabled") is False

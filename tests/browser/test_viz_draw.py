"""The page draws at once and reads at fit-to-view; isolated nodes, PNG export and search
over evidence, in real headless Chromium with networking disabled."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from headless import LoadedPage, open_page
from test_viz_browser import AMPLITUDE, EDIT, ROUTE, WNLO, assert_clean, drawn, seed_like

from graph.config import Settings
from graph.store import open_store
from graph.viz import Subgraph, VizEdge, VizNode, render_html, select_subgraph

pytestmark = pytest.mark.browser


def hub_graph(n: int) -> Subgraph:
    """n companies: one hub partnering a tenth of them, the rest in a ring of chords."""
    nodes = {f"company:c{i}": VizNode(f"company:c{i}", "Company", f"Company {i}") for i in range(n)}
    edges = [VizEdge("PARTNERS_WITH", "company:c0", f"company:c{i}") for i in range(1, n, 10)]
    edges += [
        VizEdge("PARTNERS_WITH", f"company:c{i}", f"company:c{(i * 7 + 3) % n}")
        for i in range(1, n)
        if (i * 7 + 3) % n not in (0, i)
    ]
    return Subgraph(nodes, edges)


def first_paint(loaded: LoadedPage) -> dict[str, Any]:
    """When the page drew its first frame, and when its physics came to rest, both in ms
    since navigation start (the browser's performance clock)."""
    return loaded.page.evaluate(
        """() => ({
            drawn: performance.getEntriesByName('kg-drawn')[0].startTime,
            ready: performance.getEntriesByName('kg-ready')[0].startTime,
            drawnNodes: kgViz.state.drawnNodes,
            physicsEnded: kgViz.state.physicsEndedAt,
            physics: kgViz.network.physics.physicsEnabled,
        })"""
    )


@pytest.fixture(scope="module", params=[200, 1000], ids=["200-nodes", "1000-nodes"])
def hub_page(
    request: pytest.FixtureRequest, browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> LoadedPage:
    n = request.param
    path = render_html(hub_graph(n), tmp_path_factory.mktemp("hub") / f"g{n}.html")
    return open_page(browser, path)


def test_the_graph_is_drawn_before_physics_ends(hub_page: LoadedPage) -> None:
    loaded = hub_page
    n = loaded.page.evaluate("kgViz.nodes.length")
    assert_clean(loaded)
    marks = first_paint(loaded)
    assert marks["drawnNodes"] == n  # the first frame already holds every node
    if n <= 300:  # physics on: it runs after the first paint, never before it
        assert marks["drawn"] < marks["physicsEnded"] <= marks["ready"]
    else:
        assert marks["physics"] is False and marks["drawn"] <= marks["ready"]


def label_on_screen(page: Any, node_id: str) -> float:
    """The px size vis-network draws a node's label at, at the current zoom."""
    return page.evaluate(
        "(id) => kgViz.network.body.nodes[id].labelModule.fontOptions.size"
        " * kgViz.network.getScale()",
        node_id,
    )


def test_at_fit_the_hubs_label_reads_and_small_ones_wait_for_zoom(hub_page: LoadedPage) -> None:
    page = hub_page.page
    page.click("#fit")
    threshold = page.evaluate(
        "JSON.parse(document.getElementById('kg-options').textContent)"
        ".nodes.scaling.label.drawThreshold"
    )
    assert label_on_screen(page, "company:c0") >= 14  # the hub reads at fit-to-view
    if page.evaluate("kgViz.nodes.length") >= 1000:  # 200 nodes fit at a readable zoom
        assert label_on_screen(page, "company:c102") < threshold  # vis skips it: too small
    page.evaluate("kgViz.network.moveTo({scale: 1.5})")
    assert label_on_screen(page, "company:c102") >= threshold


def test_isolated_nodes_are_hidden_after_a_filter_and_shown_on_request(
    tmp_path: Path, browser: Any
) -> None:
    with open_store(Settings(engine="ladybug", db_path=tmp_path / "g.lbdb")) as store:
        store.write([seed_like()])
        filtered = select_subgraph(store, types=["Company", "Cluster", "Lab"])
        whole = select_subgraph(store)
    loaded = open_page(browser, render_html(filtered, tmp_path / "f.html"))
    page = loaded.page
    # Amplitude's facts all lead to a city or an event: left without an edge, it is hidden
    assert page.is_checked("#hide-isolated")
    assert page.evaluate(f"kgViz.network.body.nodeIndices.includes('{AMPLITUDE.id}')") is False
    assert drawn(page) == {"nodes": 3, "edges": 2}  # Edit-Route, Route-WNLO
    page.uncheck("#hide-isolated")
    assert drawn(page)["nodes"] == 4
    loaded = open_page(browser, render_html(whole, tmp_path / "w.html"))
    page = loaded.page
    assert not page.is_checked("#hide-isolated")  # the whole graph hides nothing by default
    page.check("#hide-isolated")
    page.uncheck("#legend-types input[value=Event]")
    page.uncheck("#legend-types input[value=City]")
    # without cities and events, Amplitude has no edge left; Edit still has its cluster
    assert page.evaluate(f"kgViz.network.body.nodeIndices.includes('{AMPLITUDE.id}')") is False
    assert page.evaluate(f"kgViz.network.body.nodeIndices.includes('{EDIT.id}')") is True
    assert_clean(loaded)


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG, read with the standard
    library: the file is a real PNG, not just a name."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    return width, height, zlib.decompress(idat)


def test_save_as_png_downloads_the_drawn_network(tmp_path: Path, browser: Any) -> None:
    with open_store(Settings(engine="ladybug", db_path=tmp_path / "g.lbdb")) as store:
        store.write([seed_like()])
        path = render_html(select_subgraph(store), tmp_path / "seed.html", title="Seed graph")
    loaded = open_page(browser, path)
    page = loaded.page
    with page.expect_download() as download:
        page.click("#save-png")
    saved = download.value
    assert saved.suggested_filename == "Seed-graph.png"
    data = Path(saved.path()).read_bytes()
    width, height, pixels = png_pixels(data)
    canvas = page.evaluate(
        "[document.querySelector('#network canvas').width,"
        " document.querySelector('#network canvas').height]"
    )
    assert [width, height] == canvas and width > 100
    assert len(set(pixels)) > 10  # drawn nodes and edges, not a blank sheet
    assert_clean(loaded)


def test_search_finds_a_relation_by_the_words_of_its_evidence(tmp_path: Path, browser: Any) -> None:
    with open_store(Settings(engine="ladybug", db_path=tmp_path / "g.lbdb")) as store:
        store.write([seed_like()])
        path = render_html(select_subgraph(store), tmp_path / "seed.html")
    page = open_page(browser, path).page
    page.fill("#search-input", "ACCORD entre le pole")  # case and accents ignored
    page.press("#search-input", "Enter")
    selected = page.evaluate("kgViz.network.getSelectedEdges()")
    assert len(selected) == 1
    edge = page.evaluate(f"kgViz.edges.get('{selected[0]}')")
    assert {edge["from"], edge["to"]} == {ROUTE.id, WNLO.id}
    assert "Accord entre le pôle et le WNLO." in page.inner_text("#details")
    assert "by evidence" in page.inner_text("#search-status")
    page.fill("#search-input", "Pessac")  # a name comes before the sentences naming it
    page.press("#search-input", "Enter")
    assert page.evaluate("kgViz.network.getSelectedNodes()") == ["city:pessac"]
    assert "by name" in page.inner_text("#search-status")

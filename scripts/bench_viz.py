"""Benchmark `kg viz` on synthetic graphs: generation time, first paint, load-to-stable time.

    python scripts/bench_viz.py                 # 200, 1,000, 5,000 and 20,000 nodes
    python scripts/bench_viz.py --sizes 200 1000 --loads 7 --keep /tmp/viz   # keep the pages

Each graph (~3 fact edges per node, each with an evidence sentence) is written to a fresh
embedded store; generation is select_subgraph (reading it back) plus render_html (igraph
layout and HTML). The page is then opened in headless Chromium with networking disabled,
--loads times (median reported): "drawn" is navigation start to the page's first frame with
every node drawn (its kg-drawn performance mark), the time an analyst waits to see the graph;
"ready" is navigation start to the page's own mark that the network is at rest (up to 300
nodes physics settles the layout after the first paint, for at most
graph.viz.PHYSICS_SECONDS); "redraw" is a zoom of the whole graph, call to the next drawn
frame. Two floors are loaded after each load of the page, so a burst of load from elsewhere
hits all three: "styled vis" is vis-network alone drawing exactly the page's items and
options (labels, colours, shapes, sizes, arrows; physics off, as in the page's first frame),
so drawn/styled is what the page's own script, side panel and data add; "bare vis" is the
same nodes, positions and edges with no label or style at all, the floor of vis-network on
this machine at that moment (a loaded 2-core machine doubles every browser figure). The
load average before and after the run is printed with the figures.
Targets: drawn < 1 s at 200 and 1,000 nodes; ready < 5 s at 20,000 nodes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

from headless import chromium, open_page  # noqa: E402

from graph.config import Settings  # noqa: E402
from graph.keys import entity_id  # noqa: E402
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.viz import (  # noqa: E402
    LARGE_GRAPH,
    Subgraph,
    edge_payload,
    label_size_at_fit,
    layout_positions,
    node_payload,
    render_html,
    select_subgraph,
    vis_library,
    vis_options,
)

TYPES = ["Company"] * 14 + ["Lab"] * 2 + ["Cluster"] + ["City"] * 3
PER_ARTICLE = 200
TARGET_SECONDS = 5.0
DRAWN_TARGET_SECONDS = 1.0


def synthetic_graphs(n: int, seed: int = 1) -> list[ArticleGraph]:
    """n entities in articles of PER_ARTICLE, ~3 relations each (some cross articles)."""
    rng = random.Random(seed)
    kinds = [rng.choice(TYPES) for _ in range(n)]
    entities = [
        Entity(entity_id(kind, f"{kind} {i}"), kind, f"{kind} {i}", (f"{kind[0]}{i}",))
        for i, kind in enumerate(kinds)
    ]
    orgs = [i for i, kind in enumerate(kinds) if kind != "City"]
    cities = [i for i, kind in enumerate(kinds) if kind == "City"]
    clusters = [i for i, kind in enumerate(kinds) if kind == "Cluster"]
    relations: dict[int, list[tuple[int, Relation]]] = {}
    for i in range(n):
        for _ in range(3):
            if kinds[i] == "City":
                j = rng.choice(orgs)
                src, dst, rel = j, i, "LOCATED_IN"
            else:
                roll = rng.random()
                near = [k for k in (i + rng.randint(1, 40) for _ in range(3)) if k < n]
                if roll < 0.3 and cities:
                    src, dst, rel = i, rng.choice(cities), "LOCATED_IN"
                elif roll < 0.4 and clusters and kinds[i] != "Cluster":
                    src, dst, rel = i, rng.choice(clusters), "MEMBER_OF"
                else:
                    pool = [k for k in near if kinds[k] != "City"] or orgs
                    src, dst, rel = i, rng.choice(pool), "PARTNERS_WITH"
            if src == dst:
                continue
            text = f"{entities[src].name} and {entities[dst].name} announced a partnership."
            relation = Relation(
                rel, entities[src].id, entities[dst].id, (Evidence(text, 0, len(text)),), 0.8
            )
            relations.setdefault(src // PER_ARTICLE, []).append((dst, relation))
    graphs = []
    for a in range((n + PER_ARTICLE - 1) // PER_ARTICLE):
        own = set(range(a * PER_ARTICLE, min(n, (a + 1) * PER_ARTICLE)))
        rels = relations.get(a, [])
        members = sorted(own | {dst for dst, _ in rels})
        article = Article(f"article:bench-{a}", f"Bench article {a}", "x", "en", "2024-01-01")
        graphs.append(
            ArticleGraph(article, tuple(entities[k] for k in members), tuple(r for _, r in rels))
        )
    return graphs


def measure(
    n: int, browser: object, out_dir: Path, loads: int, against: Path | None = None
) -> dict[str, float]:
    graphs = synthetic_graphs(n)
    db = out_dir / f"bench-{n}.lbdb"
    for stale in out_dir.glob(f"bench-{n}.lbdb*"):  # a kept store from an earlier run
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    with open_store(Settings(engine="ladybug", db_path=db)) as store:
        started = time.perf_counter()
        store.write(graphs)
        write_s = time.perf_counter() - started
        started = time.perf_counter()
        subgraph = select_subgraph(store)
        select_s = time.perf_counter() - started
    started = time.perf_counter()
    path = render_html(subgraph, out_dir / f"bench-{n}.html", title=f"Bench {n}")
    render_s = time.perf_counter() - started
    floors = {
        "bare": bare_page(subgraph, out_dir / f"bare-{n}.html"),
        "styled": styled_page(subgraph, out_dir / f"styled-{n}.html"),
    }
    if against is not None and (against / path.name).exists():  # an earlier version's page
        floors["before"] = against / path.name
    drawn, ready, floor = [], [], {name: [] for name in floors}
    redraw_ms = float("nan")
    for _ in range(loads):  # interleaved, so a burst of load from elsewhere hits them all
        loaded = open_page(browser, path, timeout_ms=120_000)
        if loaded.console_errors or loaded.page_errors or loaded.outside_requests():
            raise SystemExit(f"bench_viz: page of {n} nodes misbehaved: {loaded}")
        drawn.append(loaded.drawn_seconds or float("nan"))
        ready.append(loaded.ready_seconds)
        redraw_ms = zoom_redraw_ms(loaded.page)
        loaded.page.context.close()
        for name, floor_path in floors.items():
            until = "drawn" if name == "before" else "ready"  # floors mark only ready
            opened = open_page(browser, floor_path, timeout_ms=120_000, until=until)
            floor[name].append(opened.drawn_seconds or float("nan"))
            opened.page.context.close()
    return {
        "nodes": len(subgraph.nodes),
        "edges": len(subgraph.edges),
        "write_s": write_s,
        "select_s": select_s,
        "render_s": render_s,
        "mb": path.stat().st_size / 1e6,
        "ready_s": statistics.median(ready),
        "drawn_s": statistics.median(drawn),
        "drawn_min_s": min(drawn),
        "drawn_max_s": max(drawn),
        "bare_s": statistics.median(floor["bare"]),
        "styled_s": statistics.median(floor["styled"]),
        "before_s": statistics.median(floor["before"]) if "before" in floor else float("nan"),
        "redraw_ms": redraw_ms,
    }


def zoom_redraw_ms(page: object) -> float:
    """One zoom of the whole graph: ms from the call to the next drawn frame."""
    return page.evaluate(  # type: ignore[attr-defined]
        """() => new Promise((done) => {
            const net = kgViz.network, t0 = performance.now();
            net.once("afterDrawing", () => done(performance.now() - t0));
            net.moveTo({scale: net.getScale() * 1.5});
        })"""
    )


def floor_page(path: Path, nodes: list[dict], edges: list[dict], options: str, css: str) -> Path:
    """A page holding vis-network alone and one network, marked at its first drawn frame;
    the data as JSON blocks, as the page holds it (a script literal parses slower)."""
    js, _ = vis_library()

    def block(name: str, items: list[dict]) -> str:
        text = json.dumps(items).replace("<", "\\u003c")
        return f"<script type='application/json' id='{name}'>{text}</script>"

    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        + css
        + "</style><script>"
        + js
        + "</script></head><body style='margin:0'>"
        # the page's canvas: the window less its 320 px side panel (the fit scale, so which
        # labels are drawn, depends on it)
        + "<div id='n' style='height:100vh;margin-left:320px'></div>"
        + block("nodes", nodes)
        + block("edges", edges)
        + "<script>function data(id) {"
        " return JSON.parse(document.getElementById(id).textContent); }"
        "var options = " + options + ";"
        "var net = new vis.Network(document.getElementById('n'), {nodes:"
        " new vis.DataSet(data('nodes')), edges: new vis.DataSet(data('edges'))}, options);"
        "net.once('afterDrawing', () => "
        "{performance.mark('kg-drawn'); performance.mark('kg-ready');"
        "document.documentElement.setAttribute('data-kg-ready', '1');});</script></body></html>",
        encoding="utf-8",
    )
    return path


def page_layout(subgraph: Subgraph) -> tuple[bool, dict[str, tuple[float, float]]]:
    """Whether the page counts as large, and the positions it starts from."""
    large = len(subgraph.nodes) > LARGE_GRAPH
    return large, layout_positions(subgraph, exact=not large)


def bare_page(subgraph: Subgraph, path: Path) -> Path:
    """The floor on this machine right now: the same nodes, positions and edges in a page
    holding vis-network alone (no labels, styles, details, filters or search)."""
    _, positions = page_layout(subgraph)
    nodes = [{"id": i, "x": positions[i][0], "y": positions[i][1]} for i in subgraph.nodes]
    edges = [{"from": e.source, "to": e.target} for e in subgraph.edges]
    options = {"physics": False, "edges": {"smooth": False}, "layout": {"improvedLayout": False}}
    return floor_page(path, nodes, edges, json.dumps(options), "")


def styled_page(subgraph: Subgraph, path: Path) -> Path:
    """What vis-network alone takes to draw exactly the page's items and options (labels,
    colours, shapes, sizes by degree, arrows, its style sheet), physics off as in the
    page's first frame: the page's own cost is drawn minus this."""
    large, positions = page_layout(subgraph)
    options = vis_options(large, label_max=label_size_at_fit(positions))
    options["physics"] = {"enabled": False}
    scaling = (  # the page's own scaling function, which JSON cannot carry
        "options.nodes.scaling.customScalingFunction = function (min, max, total, value) {"
        " return max === min ? 0.5 : Math.sqrt((value - min) / (max - min)); };"
    )
    return floor_page(
        path,
        node_payload(subgraph, positions),
        edge_payload(subgraph, labels=not large),
        json.dumps(options) + ";" + scaling,
        vis_library()[1],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000, 20000])
    parser.add_argument("--loads", type=int, default=5, help="loads of each page (median)")
    parser.add_argument("--keep", type=Path, help="keep stores and pages in this folder")
    parser.add_argument(
        "--against",
        type=Path,
        help="a --keep folder of an earlier version: its pages are loaded in the same"
        " interleaving and their first paint reported as 'before'",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        open_page(browser, render_html(select_empty(), out_dir / "warm.html")).page.close()
        loads = max(1, args.loads)
        rows = [measure(n, browser, out_dir, loads, args.against) for n in args.sizes]
    report(rows, max(1, args.loads), load_before, os.getloadavg())


def report(
    rows: list[dict[str, float]],
    loads: int,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    print(
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {os.cpu_count()} cores, "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"browser figures are medians of {loads} loads"
    )
    head = (
        f"{'nodes':>7} {'edges':>7} {'store write':>12} {'select':>8} {'render':>8} "
        f"{'generate':>9} {'HTML MB':>8} {'drawn':>7} {'ready':>7} {'styled vis':>11} "
        f"{'bare vis':>9} {'drawn/styled':>12} {'drawn/bare':>10} {'redraw':>8} "
        f"{'drawn before':>12}"
    )
    print(head)
    for r in rows:
        print(
            f"{r['nodes']:>7,} {r['edges']:>7,} {r['write_s']:>11.1f}s {r['select_s']:>7.2f}s "
            f"{r['render_s']:>7.2f}s {r['select_s'] + r['render_s']:>8.2f}s {r['mb']:>8.1f} "
            f"{r['drawn_s']:>6.2f}s {r['ready_s']:>6.2f}s {r['styled_s']:>10.2f}s "
            f"{r['bare_s']:>8.2f}s {r['drawn_s'] / r['styled_s']:>11.2f}x "
            f"{r['drawn_s'] / r['bare_s']:>9.2f}x {r['redraw_ms']:>6.0f}ms "
            + ("           -" if math.isnan(r["before_s"]) else f"{r['before_s']:>11.2f}s")
        )
    for r in rows:
        if r["nodes"] <= 1000:
            before = "" if math.isnan(r["before_s"]) else f"; before {r['before_s']:.2f} s"
            verdict = "meets" if r["drawn_s"] < DRAWN_TARGET_SECONDS else "MISSES"
            print(
                f"{r['nodes']:,} nodes: drawn in {r['drawn_s']:.2f} s (median; "
                f"{r['drawn_min_s']:.2f} to {r['drawn_max_s']:.2f} s), {verdict} the "
                f"{DRAWN_TARGET_SECONDS:.0f} s target; vis-network alone "
                f"{r['styled_s']:.2f} s with the same items, {r['bare_s']:.2f} s bare{before}"
            )
    largest = rows[-1]
    verdict = "meets" if largest["ready_s"] < TARGET_SECONDS else "MISSES"
    print(
        f"{largest['nodes']:,} nodes: ready in {largest['ready_s']:.2f} s, "
        f"{largest['ready_s'] / TARGET_SECONDS:.0%} of the {TARGET_SECONDS:.0f} s target "
        f"({verdict})"
    )


def select_empty() -> Subgraph:  # a tiny page to warm Chromium up before timing
    return Subgraph()


if __name__ == "__main__":
    main()

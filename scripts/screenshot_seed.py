"""Render the seed article's graph and screenshot it in headless Chromium: docs/seed-graph.png.

    python scripts/screenshot_seed.py                  # ingest the article with the real pipeline
    python scripts/screenshot_seed.py --gold ../shared/seed-gold.json   # draw a gold file instead

The page is the one `kg viz` writes; the screenshot shows it after the layout settles, with
the details panel of the best-connected entity open.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

from headless import chromium, dom_point, open_page  # noqa: E402

from graph.config import Settings  # noqa: E402
from graph.keys import entity_id  # noqa: E402
from graph.model import ArticleGraph, Entity, Evidence, Relation  # noqa: E402
from graph.store import GraphStore, open_store  # noqa: E402
from graph.viz import render_html, select_subgraph  # noqa: E402

SEED = REPO / "data" / "articles" / "000_f9f87ba7564bb30f.txt"


def fill_from_article(store: GraphStore, article: Path) -> None:
    from graph import api

    report = api.ingest([article], store)
    if not report.ok:
        sys.exit(f"screenshot_seed: {'; '.join(report.errors)}")


def fill_from_gold(store: GraphStore, article: Path, gold: Path) -> None:
    """The graph a careful reader draws from the article (required facts only)."""
    from graph.load import load_file

    loaded = next(load_file(article))
    if not hasattr(loaded, "text"):
        sys.exit(f"screenshot_seed: {loaded}")
    data = json.loads(gold.read_text(encoding="utf-8"))
    wanted = [e for e in data["entities"] if not e.get("optional")]
    ids = {e["name"]: entity_id(e["type"], e["name"]) for e in wanted}
    entities = tuple(
        Entity(ids[e["name"]], e["type"], e["name"], tuple(e.get("aliases", ()))) for e in wanted
    )
    relations = []
    for r in data["relations"]:
        if r.get("optional") or r["source"] not in ids or r["target"] not in ids:
            continue
        sentence = r.get("evidence", "")
        start = max(loaded.text.find(sentence), 0)
        evidence = (Evidence(sentence, start, start + len(sentence)),) if sentence else ()
        relations.append(Relation(r["type"], ids[r["source"]], ids[r["target"]], evidence, 1.0))
    store.write([ArticleGraph(loaded, entities, tuple(relations))])


def screenshot(html: Path, png: Path) -> None:
    with chromium() as browser:
        loaded = open_page(browser, html, width=1400, height=860)
        page = loaded.page
        if loaded.console_errors or loaded.page_errors or loaded.outside_requests():
            sys.exit(f"screenshot_seed: the page misbehaved: {loaded}")
        hub = page.evaluate(
            "kgViz.nodes.getIds().sort((a, b) =>"
            " kgViz.nodeInfo(b).degree - kgViz.nodeInfo(a).degree)[0]"
        )
        x, y = dom_point(page, hub)
        page.mouse.click(x, y)
        page.mouse.move(5, 850)  # no hover tooltip over the picture
        page.wait_for_timeout(300)
        page.screenshot(path=str(png))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--gold", type=Path, help="draw this gold file instead of extracting")
    parser.add_argument("--html", type=Path, help="also keep the page here")
    parser.add_argument("-o", "--output", type=Path, default=REPO / "docs" / "seed-graph.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Settings(engine="ladybug", db_path=Path(tmp) / "seed.lbdb")) as store:
            if args.gold:
                fill_from_gold(store, args.article, args.gold)
            else:
                fill_from_article(store, args.article)
            subgraph = select_subgraph(store)
        html = render_html(subgraph, args.html or Path(tmp) / "seed.html", title="Seed article")
        screenshot(html, args.output)
    print(f"{args.output}: {len(subgraph.nodes)} entities, {len(subgraph.edges)} relations")


if __name__ == "__main__":
    main()

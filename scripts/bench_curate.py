"""Cost of the analyst's decisions on a stored graph, against writing the graph afresh.

    python scripts/bench_curate.py [ARTICLES]                 # embedded engine
    python scripts/neo4j_local.py run -- python scripts/bench_curate.py --engine neo4j

Synthetic article graphs (those of scripts/bench_store.py: 20 entities from a shared pool and
30 relations each, no NLP) are written as an ingest writes them, resolved graph kept. Then it
times, beside that first write (the baseline, the store's share of a re-ingest from
scratch): `kg curate apply` with a file that changes nothing (every article checked), with
one merge of a frequent entity (every article checked, those naming it rewritten), and the
same merge through `api.decide` (what `kg entity merge` runs: only the articles naming the
entity are read).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import BATCH, synthetic_articles

from graph import api
from graph.config import Settings
from graph.curation import Curation, parse_line, parse_text
from graph.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=640)
    parser.add_argument("--engine", choices=("ladybug", "neo4j"), default="ladybug")
    args = parser.parse_args()

    graphs = synthetic_articles(args.articles)
    counts: dict[str, int] = {}
    for graph in graphs:
        for entity in graph.entities:
            counts[entity.id] = counts.get(entity.id, 0) + 1
    frequent = max((e for g in graphs for e in g.entities if e.type == "Company"),
                   key=lambda e: counts[e.id])
    into = next(e for g in graphs for e in g.entities
                if e.type == "Company" and e.id != frequent.id)
    merge_line = f"merge\tCompany:{frequent.name}\tCompany:{into.name}"

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(engine=args.engine, db_path=Path(tmp) / "bench.lbdb")
        with open_store(settings) as store:
            store.reset()
            start = time.perf_counter()
            for k in range(0, len(graphs), BATCH):
                chunk = graphs[k : k + BATCH]
                store.write(chunk)
                store.save_curation_state([(g, g) for g in chunk])
            baseline = time.perf_counter() - start

            start = time.perf_counter()
            noop = api.curate_apply(store, Curation())
            noop_s = time.perf_counter() - start

            start = time.perf_counter()
            merged = api.curate_apply(store, Curation(parse_text(merge_line, "bench")))
            merge_s = time.perf_counter() - start

            api.curate_apply(store, Curation())  # undo, for the targeted run
            path = Path(tmp) / "curation.tsv"
            start = time.perf_counter()
            _, decided = api.decide(store, parse_line(merge_line.split("\t")), path)
            decide_s = time.perf_counter() - start

    print(f"engine {args.engine}, {args.articles} synthetic articles; "
          f"merge of {frequent.id} ({counts[frequent.id]} articles) into {into.id}")
    print(f"  first write (baseline)        {baseline:7.2f} s")
    for label, seconds, report in (
        ("curate apply, nothing changes", noop_s, noop),
        ("curate apply, one merge", merge_s, merged),
        ("entity merge (decide)", decide_s, decided),
    ):
        print(f"  {label:<30}{seconds:7.2f} s  {seconds / baseline:5.2f}x baseline  "
              f"({len(report.rewritten)} of {report.checked} articles rewritten)")


if __name__ == "__main__":
    main()

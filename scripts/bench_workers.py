"""Extraction on 1 and N worker processes (graph.parallel), against bare `nlp.pipe`, one run.

    python scripts/bench_workers.py                    # 40,000 words, 1 and 2 workers
    python scripts/bench_workers.py --words 200000 --workers 1 2 4

Corpus: the generated French articles of scripts/bench_extract.py (paragraphs of data/eval
recombined, organisation names replaced: text written here). Each mode runs over the same
corpus, wall clock, startup of the worker processes (model loading) included and also
reported apart, so the ratio is what a user of `kg extract -j N` gets. On a machine shared
with other work the N-worker ratio is capped by the cores actually free: the load average
is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_extract import corpus  # noqa: E402

from graph.model import Article  # noqa: E402
from graph.parallel import extract_batch, extract_stream  # noqa: E402


def articles(words: int) -> list[Article]:
    return [Article(ident, "", text, "fr") for ident, text in corpus(words)]


def bare(batch: list[Article]) -> float:
    from graph.extract.nlp import pipeline

    nlp = pipeline("fr")
    nlp("Chargement.")
    start = time.perf_counter()
    for _ in nlp.pipe((a.text for a in batch), batch_size=32):
        pass
    return time.perf_counter() - start


def with_workers(batch: list[Article], workers: int) -> tuple[float, float]:
    """Seconds for the whole run, and seconds until the first graph came back."""
    start = time.perf_counter()
    first = None
    for _ in extract_stream(batch, workers):
        if first is None:
            first = time.perf_counter() - start
    return time.perf_counter() - start, first or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    batch = articles(args.words)
    words = sum(len(a.text.split()) for a in batch)
    extract_batch(batch[:2])  # this process's pipelines and gazetteers, for workers=1
    bare_s = bare(batch)
    print(f"{len(batch)} generated French articles, {words} words; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  bare nlp.pipe, 1 process   {bare_s:7.1f} s  {words / bare_s:7.0f} words/s")
    base = None
    for n in args.workers:
        seconds, first = with_workers(batch, n)
        base = base or seconds
        print(f"  kg extract, {n} worker(s)    {seconds:7.1f} s  {words / seconds:7.0f} words/s"
              f"  {len(batch) / seconds:6.1f} articles/s  {base / seconds:4.2f}x vs 1 worker"
              f"  {bare_s / seconds:4.2f}x bare  (first graph after {first:.1f} s)")


if __name__ == "__main__":
    main()

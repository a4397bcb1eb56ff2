"""End-to-end ingest (graph.api.ingest, what `kg ingest` runs) against bare `nlp.pipe`, one run.

    python scripts/bench_ingest.py                          # 10,000 articles into LadybugDB
    python scripts/bench_ingest.py --articles 500 --workers 1
    python scripts/bench_ingest.py --existing 1000000       # also into a graph of 1M entities
    python scripts/neo4j_local.py run -- python scripts/bench_ingest.py --engine neo4j

Corpus: generated French and English articles (a quarter English by default), one .txt file
each with Title and Lang headers: paragraphs of the data/eval articles of that language
recombined in seeded random order, every organisation name of their gold files replaced by a
generated one (scripts/bench_extract.py's generator; text and names written here). For each
worker count, in the same run and over the same texts:

- bare: `nlp.pipe` of the same spaCy pipelines (fr, en) in that many spawned processes, each
  over its share of the texts, timed from a barrier passed once the models are loaded;
- ingest: graph.api.ingest of the folder into a fresh graph (load, language, extraction in
  that many workers, resolution, writes), wall clock; the worker processes' start-up (model
  loading) is inside it, since a user waits for it too. The parent's pipelines and
  gazetteers are loaded before, as for a second `kg ingest` in one Python process.

Prints articles/s and words/s, ingest / bare on the same cores, N workers against 1, where
the parent's time went (resolution and writes, the store's share), and the peak RSS of the
process tree (this process and its workers, sampled with psutil every 0.1 s; also
getrusage's maxrss of this process and of its largest finished child). `--existing N` first
loads N generated entities (scripts/bench_resolve.py's names, with its COPY loader: nodes,
Key and blocking index; LadybugDB only) and ingests the same articles again with the largest
worker count: its rate against the empty graph's. On Neo4j the server's memory is not in the
tree (it is another process, not started by this one).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_extract import _rename, eval_sources  # noqa: E402

import graph.api as api  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.curation import Curation  # noqa: E402
from graph.store import GraphStore, open_store  # noqa: E402

TITLES = {"fr": "Nouvelles de l'industrie, numéro {n}", "en": "Industry news, issue {n}"}
GIB = 1024**3
PROGRESS_EVERY = 500  # articles between two progress lines of an ingest


@dataclass
class Text:
    lang: str
    body: str

    @property
    def words(self) -> int:
        return len(self.body.split())


def generated_texts(count: int, english: float, seed: int = 7) -> list[Text]:
    """`count` article bodies, a share `english` of them English; deterministic for a seed."""
    rng = random.Random(seed)
    sources = {}
    for lang in ("fr", "en"):
        paragraphs, names = eval_sources(lang)
        sources[lang] = (paragraphs, re.compile("|".join(re.escape(n) for n in names)))
    out = []
    for _ in range(count):
        lang = "en" if rng.random() < english else "fr"
        paragraphs, pattern = sources[lang]
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 8)))
        out.append(Text(lang, _rename(pattern, "\n\n".join(chosen), rng)))
    return out


def write_files(texts: list[Text], folder: Path) -> None:
    """One .txt file per article, as a press folder given to `kg ingest` holds them."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, text in enumerate(texts):
        title = TITLES[text.lang].format(n=n)
        (folder / f"article-{n:06d}.txt").write_text(
            f"Title: {title}\nLang: {text.lang}\n\n{text.body}\n", encoding="utf-8"
        )


# ---- memory of the process tree -----------------------------------------------------------


class TreeMemory:
    """Peak RSS of this process plus all its descendants, sampled in a thread."""

    def __init__(self, every: float = 0.1) -> None:
        import psutil

        self._me = psutil.Process()
        self._every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        for proc in (self._me, *self._me.children(recursive=True)):
            with contextlib.suppress(psutil.Error):  # ended between listing and reading
                total += proc.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.peak = max(self.peak, self._sample())

    def __enter__(self) -> TreeMemory:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _tree_rss_gib() -> str:
    try:
        return f"{TreeMemory()._sample() / GIB:.2f} GiB"
    except ImportError:
        return "n/a"


@contextmanager
def tree_memory() -> Iterator[TreeMemory | None]:
    """psutil's sampler when psutil is installed (it is not a dependency of kg), else None."""
    try:
        import psutil  # noqa: F401
    except ImportError:
        yield None
        return
    with TreeMemory() as memory:
        yield memory


def maxrss_gib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss * 1024 / GIB  # kilobytes on Linux


# ---- bare nlp.pipe on k cores ------------------------------------------------------------


def _bare_worker(texts: list[Text], barrier: Any, out: Any) -> None:
    from graph.extract.nlp import pipeline

    nlps = {lang: pipeline(lang) for lang in ("fr", "en")}
    for nlp in nlps.values():
        nlp("Chargement.")
    barrier.wait()
    for lang, nlp in nlps.items():
        for _ in nlp.pipe((t.body for t in texts if t.lang == lang), batch_size=32):
            pass
    out.put(time.perf_counter())


def bare_seconds(texts: list[Text], cores: int) -> float:
    """Wall seconds for `cores` spawned processes to `nlp.pipe` their shares of the texts,
    from the moment all have their models loaded."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(cores + 1)
    out = context.Queue()
    procs = [
        context.Process(target=_bare_worker, args=(texts[i::cores], barrier, out))
        for i in range(cores)
    ]
    for proc in procs:
        proc.start()
    barrier.wait()
    start = time.perf_counter()
    ends = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    return max(ends) - start


# ---- ingest -------------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    workers: int
    seconds: float
    parent_seconds: float  # resolution, curation and writes, in this process
    write_seconds: float  # of which store.write
    first_seconds: float  # until the first chunk reached the parent
    peak_gib: float | None
    added: int
    entities: int
    relations: int
    errors: list[str] = field(default_factory=list)


class ParentClock:
    """Times graph.api's per-chunk step (resolve, curate, write) and the store's writes."""

    def __init__(self, store: GraphStore) -> None:
        self.parent = 0.0
        self.write = 0.0
        self.first: float | None = None
        self.done = 0  # articles through the parent
        self._mark = (0, 0.0, 0.0)  # done, write, parent at the last progress line
        self.start = time.perf_counter()
        self._chunk = api._write_chunk
        self._store_write = store.write
        store.write = self._timed_write  # type: ignore[method-assign]

    def _timed_write(self, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return self._store_write(*args, **kwargs)
        finally:
            self.write += time.perf_counter() - start

    def timed_chunk(self, chunk: list[Any], *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        if self.first is None:
            self.first = start - self.start
        try:
            return self._chunk(chunk, *args, **kwargs)
        finally:
            self.parent += time.perf_counter() - start
            self._progress(len(chunk))

    def _progress(self, articles: int) -> None:
        """Every PROGRESS_EVERY articles, to stderr: how the per-article cost of the writes
        moves as the graph grows (and figures so far, should a long run be stopped)."""
        before = self.done
        self.done += articles
        if self.done // PROGRESS_EVERY == before // PROGRESS_EVERY:
            return
        since = self.done - self._mark[0]
        write_ms = (self.write - self._mark[1]) / since * 1000
        parent_ms = (self.parent - self._mark[2]) / since * 1000
        elapsed = time.perf_counter() - self.start
        print(f"    {self.done:>6} articles after {elapsed:7.1f} s ({self.done / elapsed:5.2f}/s);"
              f" last {since}: parent {parent_ms:4.0f} ms/article, store.write {write_ms:4.0f}"
              f" ms/article; tree RSS now {_tree_rss_gib()}; load {os.getloadavg()[0]:.1f}",
              file=sys.stderr, flush=True)
        self._mark = (self.done, self.write, self.parent)

    @contextmanager
    def installed(self) -> Iterator[None]:
        api._write_chunk = self.timed_chunk  # type: ignore[assignment]
        try:
            yield
        finally:
            api._write_chunk = self._chunk  # type: ignore[assignment]


def ingest_once(label: str, folder: Path, db: Path, engine: str, workers: int,
                existing: int) -> Run:
    """One `kg ingest` in a fresh Python process, as a user runs it: its models load inside
    the timed run, and its memory is its own process tree's."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), "--db", str(db), "--engine", engine,
         "--workers", str(workers), "--existing", str(existing)],
        check=True, stdout=subprocess.PIPE, text=True,
    )
    return Run(label=label, **json.loads(out.stdout.strip().splitlines()[-1]))


def child(folder: Path, db: Path, engine: str, workers: int, existing: int) -> dict[str, Any]:
    settings = Settings.from_env(engine=engine, db_path=db)
    with open_store(settings) as store:
        store.reset()
        if existing:
            preloaded(existing)(store)
        else:
            _checkpoint(store)
        clock = ParentClock(store)
        with tree_memory() as memory, clock.installed():
            clock.start = time.perf_counter()
            report = api.ingest([folder], store, workers=workers, curation=Curation())
            seconds = time.perf_counter() - clock.start
        store.reset()
    return {"workers": workers, "seconds": seconds, "parent_seconds": clock.parent,
            "write_seconds": clock.write, "first_seconds": clock.first or 0.0,
            "peak_gib": memory.peak / GIB if memory else None, "added": len(report.added),
            "entities": report.entities, "relations": report.relations,
            "errors": report.errors}


def preloaded(count: int) -> Callable[[GraphStore], None]:
    def prepare(store: GraphStore) -> None:
        from bench_resolve import bulk_graph, generated_entities

        start = time.perf_counter()
        bulk_graph(store, generated_entities(count))  # type: ignore[arg-type]
        _checkpoint(store)
        print(f"  ({count} entities loaded with COPY in {time.perf_counter() - start:.0f} s)",
              file=sys.stderr, flush=True)

    return prepare


def _checkpoint(store: GraphStore) -> None:
    """A checkpoint that LadybugDB's write-ahead log triggers inside a timed commit takes
    seconds: start each timed run from a checkpointed database (as bench_store.py does)."""
    if store.engine == "ladybug":
        store._conn.execute("CHECKPOINT")  # type: ignore[attr-defined]


# ---- report -------------------------------------------------------------------------------


def load_line() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def print_run(run: Run, articles: int, words: int, bare: float | None, one: Run | None) -> None:
    rate = f"{articles / run.seconds:6.2f} articles/s {words / run.seconds:7.0f} words/s"
    bare_ratio = f"  {bare / run.seconds:4.2f}x bare (target >= 0.8)" if bare else ""
    vs_one = ""
    if one is not None and one is not run:
        vs_one = f"  {one.seconds / run.seconds:4.2f}x 1 worker (target >= 1.6)"
    peak = f"{run.peak_gib:.2f} GiB" if run.peak_gib is not None else "n/a (no psutil)"
    print(f"  {run.label:<26} {run.seconds:7.1f} s  {rate}{bare_ratio}{vs_one}")
    print(f"  {'':<26} parent (resolve+curate+write) {run.parent_seconds:6.1f} s, of which "
          f"store.write {run.write_seconds:6.1f} s; first chunk after {run.first_seconds:.1f} s;"
          f" peak RSS of the tree {peak} (target < 2 GiB)")
    print(f"  {'':<26} {run.added} articles added, {run.entities} entities and "
          f"{run.relations} relations written, {len(run.errors)} errors", flush=True)
    for error in run.errors[:5]:
        print(f"    error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--english", type=float, default=0.25, help="share of English articles")
    parser.add_argument("--engine", choices=("ladybug", "neo4j"), default="ladybug")
    parser.add_argument("--existing", type=int, default=0, metavar="N",
                        help="also ingest into a graph already holding N generated entities "
                        "(LadybugDB only)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare nlp.pipe runs")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.db, args.engine, args.workers[0], args.existing)))
        return
    if args.existing and args.engine != "ladybug":
        parser.error("--existing loads with LadybugDB's COPY: ladybug only")

    texts = generated_texts(args.articles, args.english)
    words = sum(t.words for t in texts)
    english = sum(t.lang == "en" for t in texts)
    print(f"{len(texts)} generated articles ({english} English), {words} words, "
          f"{words / len(texts):.0f} per article; engine {args.engine}; "
          f"{os.cpu_count()} cores", flush=True)
    print(f"  start: {load_line()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "press"
        write_files(texts, folder)
        db = Path(tmp) / "bench.lbdb"
        runs: dict[int, Run] = {}
        for workers in args.workers:
            bare = None if args.no_bare else bare_seconds(texts, workers)
            if bare:
                print(f"  bare nlp.pipe, {workers} process(es) {bare:7.1f} s  "
                      f"{len(texts) / bare:6.2f} articles/s {words / bare:7.0f} words/s",
                      flush=True)
            runs[workers] = ingest_once(f"ingest, {workers} worker(s)", folder, db,
                                        args.engine, workers, 0)
            print_run(runs[workers], len(texts), words, bare, runs.get(min(args.workers)))
            print(f"  {'':<26} {load_line()}", flush=True)
        if args.existing:
            workers = max(args.workers)
            run = ingest_once(f"ingest, {workers} w., {args.existing} existing", folder, db,
                              args.engine, workers, args.existing)
            print_run(run, len(texts), words, None, None)
            print(f"  {'':<26} {run.seconds / runs[workers].seconds:.2f}x the empty graph's "
                  f"time (target <= 1.5); {load_line()}")
    print(f"  getrusage maxrss: this process {maxrss_gib(resource.RUSAGE_SELF):.2f} GiB, "
          f"largest finished child (a bare or ingest process or worker) "
          f"{maxrss_gib(resource.RUSAGE_CHILDREN):.2f} GiB")


if __name__ == "__main__":
    main()

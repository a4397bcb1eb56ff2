"""Where `store.write` spends its time as a LadybugDB graph grows: loads article graphs (JSON
Lines from `kg extract --loadable`) into a fresh database with graph.api.load_graphs, and
every WINDOW articles prints the time an article of the load, the store's reads and writes
by the method that made them, the engine statements by their first words, and the commits
(median, largest: a checkpoint shows as a commit of seconds).

    python scripts/bench_ingest.py ...   # or any folder of articles, then:
    kg extract -j 2 --loadable -o graphs.jsonl FOLDER
    python scripts/profile_store_write.py graphs.jsonl --window 1000
    python scripts/profile_store_write.py graphs.jsonl --checkpoint-mib 16   # the engine default

Figures from it are in docs/BENCHMARKS.md ("End-to-end ingest").
"""

from __future__ import annotations

import argparse
import inspect
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import graph.api as api  # noqa: E402
import graph.store.ladybug_store as ladybug_store  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.curation import Curation  # noqa: E402
from graph.store import open_store  # noqa: E402

_PLUMBING = {"_read", "_write", "timed_read", "timed_write", "_existing", "_read_transaction"}


class Clock:
    """Seconds spent per label since the last report, and each commit's duration."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.commits: list[float] = []

    def report(self, articles: int, window: int, elapsed: float) -> None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(f"== {articles} articles: {elapsed / window * 1000:.0f} ms an article, "
              f"peak RSS {rss:.2f} GiB", flush=True)
        for label, spent in sorted(self.seconds.items(), key=lambda kv: -kv[1])[:8]:
            print(f"   {spent / window * 1000:7.1f} ms/article  {label}")
        if self.commits:
            commits = sorted(self.commits)
            print(f"   commits: {len(commits)}, median {commits[len(commits) // 2] * 1000:.0f} "
                  f"ms, largest {[round(c * 1000) for c in commits[-3:]]} ms", flush=True)
        self.seconds.clear()
        self.commits.clear()


def _caller() -> str:
    """The two store methods nearest the read or write being timed."""
    frame = inspect.currentframe()
    names: list[str] = []
    while frame is not None and len(names) < 2:
        if frame.f_code.co_name not in _PLUMBING | {"_caller"}:
            names.append(frame.f_code.co_name)
        frame = frame.f_back
    return "/".join(names)


class TimedConnection:
    """The LadybugDB connection, each statement timed under its first words."""

    def __init__(self, connection: Any, clock: Clock) -> None:
        self._connection, self._clock = connection, clock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def execute(self, cypher: str, params: Any = None) -> Any:
        start = time.perf_counter()
        result = (self._connection.execute(cypher, params) if params is not None
                  else self._connection.execute(cypher))
        spent = time.perf_counter() - start
        self._clock.seconds["statement " + re.sub(r"\s+", " ", cypher)[:90]] += spent
        if cypher == "COMMIT":
            self._clock.commits.append(spent)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", type=Path, help="JSON Lines of `kg extract --loadable`")
    parser.add_argument("--window", type=int, default=500, help="articles per report")
    parser.add_argument("--checkpoint-mib", type=int, default=None,
                        help="LadybugDB checkpoint threshold (default: the store's)")
    args = parser.parse_args()
    if args.checkpoint_mib is not None:
        ladybug_store.CHECKPOINT_BYTES = args.checkpoint_mib * 1024 * 1024
    clock = Clock()
    db = Path(tempfile.mkdtemp()) / "graph.lbdb"
    with open_store(Settings(engine="ladybug", db_path=db)) as store:
        store.reset()
        read, write = store._read, store._write

        def timed_read(cypher: str, params: dict[str, Any] | None = None) -> Any:
            start = time.perf_counter()
            rows = read(cypher, params)
            clock.seconds["read " + _caller()] += time.perf_counter() - start
            return rows

        def timed_write(statements: Any) -> None:
            start = time.perf_counter()
            write(statements)
            clock.seconds["write " + _caller()] += time.perf_counter() - start

        store._read, store._write = timed_read, timed_write  # type: ignore[method-assign]
        store._conn = TimedConnection(store._conn, clock)  # type: ignore[attr-defined]
        done, since = 0, time.perf_counter()

        def tick(articles: int) -> None:
            nonlocal done, since
            done += articles
            if done % args.window == 0:
                clock.report(done, args.window, time.perf_counter() - since)
                since = time.perf_counter()

        api.load_graphs([args.graphs], store, on_article=tick, curation=Curation())


if __name__ == "__main__":
    main()

"""`kill -9` of `kg ingest` on the embedded engine, for real, at many points of one run: the
database opens after every kill, and the run finished by re-running the same command gives
exactly the graph of an uninterrupted run (full dumps compared, not counts)."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from graph.config import Settings
from graph.store import open_store
from tests.faults.harness import differences, dump, kill_after, run_kg, write_corpus

ARTICLES = int(os.environ.get("KG_FAULT_ARTICLES", "150"))
KILLS = int(os.environ.get("KG_FAULT_KILLS", "20"))


def graph_dump(db: Path) -> list[str]:
    with open_store(Settings(engine="ladybug", db_path=db), read_only=True) as store:
        return dump(store)


def kill_many_times(corpus: Path, db: Path, kills: int, span: float, rng: random.Random) -> int:
    """Kill `kg ingest` `kills` times at random moments within `span` seconds of its start,
    checking after each kill that the database opens; returns how many runs were killed."""
    killed = 0
    for _ in range(kills):
        outcome = kill_after("ingest", "-q", "--db", str(db), str(corpus),
                             delay=rng.uniform(0.2, span))
        killed += outcome.returncode is None
        assert outcome.returncode in (None, 0), outcome.stderr
        assert "Traceback" not in outcome.stderr
        if db.exists():
            graph_dump(db)  # opens, and every row reads back
    return killed


def test_killed_ingests_end_in_the_uninterrupted_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, ARTICLES, seed=13)
    reference_db = tmp_path / "reference.lbdb"
    started = time.monotonic()
    done = run_kg("ingest", "-q", "--db", str(reference_db), str(corpus))
    full_run = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    reference = graph_dump(reference_db)

    db = tmp_path / "killed.lbdb"
    killed = kill_many_times(corpus, db, KILLS, span=full_run, rng=random.Random(13))
    finished = run_kg("ingest", "-q", "--db", str(db), str(corpus))
    assert finished.returncode == 0, finished.stderr
    assert killed >= KILLS // 2  # most kills land in the middle of the work
    got = graph_dump(db)
    assert got == reference, differences(got, reference)

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
from tests.faults.harness import differences, dump, kill_until_done, run_kg, write_corpus

ARTICLES = int(os.environ.get("KG_FAULT_ARTICLES", "48"))
KILLS = int(os.environ.get("KG_FAULT_KILLS", "6"))  # scripts/fault_soak.py kills more


def graph_dump(db: Path) -> list[str]:
    with open_store(Settings(engine="ladybug", db_path=db), read_only=True) as store:
        return dump(store)


def test_killed_ingests_end_in_the_uninterrupted_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, ARTICLES, seed=13)
    reference_db = tmp_path / "reference.lbdb"
    started = time.monotonic()
    done = run_kg("ingest", "-q", "--db", str(reference_db), str(corpus))
    full_run = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    reference = graph_dump(reference_db)

    rng, killed, rounds = random.Random(13), 0, 0
    while killed < KILLS:
        db = tmp_path / f"killed-{rounds}.lbdb"
        run = kill_until_done(corpus, db, span=full_run, most=KILLS - killed, rng=rng,
                              check=graph_dump)
        killed, rounds = killed + run.kills, rounds + 1
        assert run.tracebacks == 0
        got = graph_dump(db)
        assert got == reference, differences(got, reference)
        assert rounds <= 3 * KILLS, "the runs end before any kill lands"

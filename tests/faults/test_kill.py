"""`kill -9` of `kg ingest` on the embedded engine, for real, at many points of one run: the
database opens after every kill, and the run finished by re-running the same command gives
exactly the graph of an uninterrupted run (full dumps compared, not counts). Each kill moment
is drawn within the expected length of the run it interrupts (measured first, scaled to the
articles still to write), so the kills land while `kg ingest` runs; scripts/fault_soak.py
kills more, over more articles."""

from __future__ import annotations

import os
import random
from pathlib import Path

from graph.config import Settings
from graph.store import open_store
from tests.faults.harness import (
    differences,
    dump,
    kill_until_done,
    measure_timing,
    write_corpus,
    written_articles,
)

# more than one write chunk (graph.api.CHUNK_SIZE, 64): later kills find a first chunk written
ARTICLES = int(os.environ.get("KG_FAULT_ARTICLES", "80"))
KILLS = int(os.environ.get("KG_FAULT_KILLS", "4"))
# extraction in the kg process itself: one model load per run instead of a pool's (the soak
# kills runs with their worker pool)
OPTIONS = ("-j", "1")


def graph_dump(db: Path) -> list[str]:
    with open_store(Settings(engine="ladybug", db_path=db), read_only=True) as store:
        return dump(store)


def test_killed_ingests_end_in_the_uninterrupted_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, ARTICLES, seed=13)
    reference_db = tmp_path / "reference.lbdb"
    timing = measure_timing(corpus, reference_db, OPTIONS)
    reference = graph_dump(reference_db)
    assert written_articles(reference) == ARTICLES

    rng, killed, rounds = random.Random(13), 0, 0
    while killed < KILLS:
        db = tmp_path / f"killed-{rounds}.lbdb"
        run = kill_until_done(corpus, db, timing=timing, total=ARTICLES, most=KILLS - killed,
                              rng=rng, check=lambda path: written_articles(graph_dump(path)),
                              options=OPTIONS)
        killed, rounds = killed + run.kills, rounds + 1
        assert run.tracebacks == 0
        got = graph_dump(db)
        assert got == reference, differences(got, reference)
        # a round ends early when a drawn moment falls after its run ended (the machine got
        # faster than when it was timed); many such rounds mean the kills do not land
        assert rounds <= KILLS + 2, f"the kills do not land inside the runs ({timing})"

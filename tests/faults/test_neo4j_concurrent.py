"""Two `kg ingest` processes at once on one Neo4j database, over overlapping articles (half of
each one's articles are the other's too, and entities recur across all): the graph they end
in is exactly that of the same two commands run one after the other (full dumps compared,
not counts). Without the write lock of graph.store.neo4j_store, each process read the facts'
provenance and the nodes' mentions before the other committed, and one's evidence, aliases
or derived counts were lost (this test failed in about one run of two at 90 articles).

Then two processes meeting the same organisations under two spellings at the same moment:
each resolves its chunk's names inside its turn of the write lock, so the second one finds
the first one's spelling stored and merges its own into it by fuzzy matching, as when the
two commands run one after the other (before, both resolved against the empty graph and
each created its own entity)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph import api
from graph.store import open_store
from graph.store.neo4j_store import WRITE_LOCK_LABEL
from tests.conftest import neo4j_settings
from tests.faults.harness import (
    child_env,
    differences,
    dump,
    kg_argv,
    misspelt,
    run_kg,
    wait_until,
    write_corpus,
    write_spelling_corpora,
)

if TYPE_CHECKING:
    from neo4j import Driver

pytestmark = pytest.mark.neo4j
ARTICLES = int(os.environ.get("KG_FAULT_CONCURRENT_ARTICLES", "90"))
SPELLING_ARTICLES = int(os.environ.get("KG_FAULT_SPELLING_ARTICLES", "4"))  # per process
# 1: the test holds the write lock until both processes wait for it, so they meet at the
# same moment every run; 0: they are only started at once (how often they meet by chance)
HOLD_LOCK = os.environ.get("KG_FAULT_CONCURRENT_HOLD", "1") != "0"


def ingest_argv(paths: list[Path]) -> list[str]:
    return kg_argv("ingest", "-q", "-j", "1", "--engine", "neo4j", *map(str, paths))


def neo4j_dump(*, reset: bool = False) -> list[str]:
    with open_store(neo4j_settings()) as store:
        lines = dump(store)
        if reset:
            store.reset()
    return lines


def test_concurrent_ingests_end_in_the_sequential_graph(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", ARTICLES, seed=21)
    parts = [paths[: 2 * ARTICLES // 3], paths[ARTICLES // 3 :]]  # the middle third in both
    # one write chunk each (graph.api.CHUNK_SIZE, 64), written at about the same time
    neo4j_dump(reset=True)
    for part in parts:
        done = run_kg(*ingest_argv(part)[3:])
        assert done.returncode == 0, done.stderr
    sequential = neo4j_dump(reset=True)

    children = [
        subprocess.Popen(ingest_argv(part), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=child_env())
        for part in parts
    ]
    outcomes = [child.communicate(timeout=600) for child in children]
    for child, (_, stderr) in zip(children, outcomes, strict=True):
        assert "Traceback" not in stderr
        assert child.returncode == 0, stderr
    concurrent = neo4j_dump()
    assert concurrent == sequential, differences(concurrent, sequential)


def test_concurrent_ingests_merge_each_others_spellings(tmp_path: Path) -> None:
    first, second = write_spelling_corpora(tmp_path / "corpus", SPELLING_ARTICLES, seed=11)
    # which process takes the lock first is the server's choice: either order is sequential
    references = [sequential_graph(order) for order in ((first, second), (second, first))]

    with held_write_lock() as held:
        children = [
            subprocess.Popen(ingest_argv(part), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=child_env())
            for part in (first, second)
        ]
        if HOLD_LOCK:
            assert wait_until(lambda: waiting_for_lock(held, children) >= 2, timeout=300), (
                "the two ingests did not both reach the write lock"
            )
    outcomes = [child.communicate(timeout=600) for child in children]
    for child, (_, stderr) in zip(children, outcomes, strict=True):
        assert "Traceback" not in stderr
        assert child.returncode == 0, stderr
    concurrent = neo4j_dump(reset=True)
    closest = min(references, key=lambda ref: len(set(ref) ^ set(concurrent)))
    sequential = concurrent in references
    assert sequential, "\n".join([
        f"{companies(concurrent)} companies, {companies(closest)} in a sequential run",
        *differences(concurrent, closest),
    ])


def companies(lines: list[str]) -> int:
    return sum(line.startswith('["node", ["Company"]') for line in lines)


def sequential_graph(order: Sequence[list[Path]]) -> list[str]:
    """The dump of the corpora ingested one after the other into the emptied database (in
    this process: what `kg ingest` calls), after checking the test's premise: every company
    is one node, its other spelling an alias."""
    neo4j_dump(reset=True)
    with open_store(neo4j_settings()) as store:
        for paths in order:
            report = api.ingest(paths, store)
            assert report.ok, report.errors
        companies = store.read("MATCH (n:Company) RETURN n.name AS name, n.aliases AS aliases")
    assert len(companies) == 2 * SPELLING_ARTICLES, companies
    for row in companies:
        aliases, name = row["aliases"], row["name"]
        assert aliases == [misspelt(name)] or [misspelt(a) for a in aliases] == [name], row
    return neo4j_dump(reset=True)


@contextmanager
def held_write_lock() -> Iterator[Driver]:
    """A transaction of this test's holding kg's write lock (when HOLD_LOCK), as another
    writer in the middle of its turn would; rolled back on exit, which lets the waiters go."""
    import neo4j

    settings = neo4j_settings()
    auth = (settings.neo4j_user, settings.neo4j_password)
    with (
        neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver,
        driver.session(database=settings.neo4j_database or None) as session,
    ):
        tx = session.begin_transaction()
        if HOLD_LOCK:
            tx.run(f"CREATE (:{WRITE_LOCK_LABEL} {{id: 'writes'}})").consume()
        try:
            yield driver
        finally:
            tx.rollback()


def waiting_for_lock(driver: Driver, children: list[subprocess.Popen[str]]) -> int:
    """How many transactions are blocked taking the write lock; a child that has exited
    already fails the test (it cannot have waited)."""
    for child in children:
        assert child.poll() is None, child.communicate()[1]
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery, status "
        "WHERE status STARTS WITH 'Blocked' AND currentQuery CONTAINS $label "
        "RETURN count(*) AS n",
        {"label": WRITE_LOCK_LABEL},
    )
    return records[0]["n"]

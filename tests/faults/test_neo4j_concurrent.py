"""Two `kg ingest` processes at once on one Neo4j database, over overlapping articles (half of
each one's articles are the other's too, and entities recur across all): the graph they end
in is exactly that of the same two commands run one after the other (full dumps compared,
not counts). Without the write lock of graph.store.neo4j_store, each process read the facts'
provenance and the nodes' mentions before the other committed, and one's evidence, aliases
or derived counts were lost (this test failed in about one run of two at 90 articles)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from graph.store import open_store
from tests.conftest import neo4j_settings
from tests.faults.harness import child_env, differences, dump, kg_argv, run_kg, write_corpus

pytestmark = pytest.mark.neo4j
ARTICLES = int(os.environ.get("KG_FAULT_CONCURRENT_ARTICLES", "90"))


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

"""Neo4j stopped in the middle of `kg ingest` and started again (the local server of
scripts/neo4j_local.py, same data, same port): the ingest retries with back-off for a bounded
time, then names the articles it could not write; the same command run again finishes the
job, and the final graph equals an uninterrupted run's (full dumps compared)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graph.store import open_store
from tests.conftest import in_ci, neo4j_settings
from tests.faults.harness import (
    Neo4jProcess,
    child_env,
    differences,
    dump,
    kg_argv,
    run_kg,
    wait_until,
    write_corpus,
)

pytestmark = pytest.mark.neo4j
STATE = Path(os.environ.get("KG_NEO4J_STATE") or Path.home() / ".cache" / "kg" / "neo4j-local.json")


def written_articles(settings: object) -> int:
    with open_store(settings, read_only=True) as store:  # type: ignore[arg-type]
        return store.read("MATCH (a:Article) WHERE a.content_hash IS NOT NULL "
                          "RETURN count(a) AS n")[0]["n"]


def test_a_restarted_server_loses_nothing(tmp_path: Path) -> None:
    settings = neo4j_settings()
    port = urlsplit(settings.neo4j_uri).port
    if not STATE.is_file() or f'"bolt_port": {port}' not in STATE.read_text():
        message = f"NEO4J_URI is not the server of {STATE} (scripts/neo4j_local.py)"
        pytest.fail(message) if in_ci() else pytest.skip(message)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 200, seed=7)
    with open_store(settings) as store:
        store.reset()
    assert run_kg("ingest", "-q", "--engine", "neo4j", str(corpus)).returncode == 0
    with open_store(settings, read_only=True) as store:
        reference = dump(store)
        store.reset()

    child = subprocess.Popen(kg_argv("ingest", "-q", "--engine", "neo4j", str(corpus)),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=child_env())
    assert wait_until(lambda: written_articles(settings) > 0, timeout=300)
    server = Neo4jProcess(STATE)
    stopped = time.monotonic()
    server.stop()
    _, stderr = child.communicate(timeout=600)
    gave_up_after = time.monotonic() - stopped
    server.start(port)
    assert "Traceback" not in stderr
    if child.returncode == 1:  # the server stayed away longer than the retries last
        assert "not written (article:" in stderr and "Run the same command again" in stderr
        assert gave_up_after >= 25  # it retried for about RETRY_SECONDS first
    else:
        assert child.returncode == 0, stderr
    finished = run_kg("ingest", "-q", "--engine", "neo4j", str(corpus))
    assert finished.returncode == 0, finished.stderr
    with open_store(settings, read_only=True) as store:
        got = dump(store)
    assert got == reference, differences(got, reference)

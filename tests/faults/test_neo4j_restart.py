"""Neo4j stopped in the middle of `kg ingest` and started again (the local server of
scripts/neo4j_local.py, same data, same port): the ingest retries with back-off for a bounded
time, then names the articles it could not write; the same command run again finishes the
job, and the final graph equals an uninterrupted run's (full dumps compared)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
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
ROOT = Path(__file__).resolve().parents[2]
NEO4J_LOCAL = ROOT / "scripts" / "neo4j_local.py"


@pytest.fixture
def own_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A local server of this test's own (scripts/neo4j_local.py start, its own state file and
    ports): stopping it cannot disturb the suite's server. Yields its state file."""
    state = tmp_path / "neo4j-local.json"
    env = {**os.environ, "KG_NEO4J_STATE": str(state)}
    started = subprocess.run([sys.executable, str(NEO4J_LOCAL), "start"], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=900)
    if started.returncode != 0:
        message = f"scripts/neo4j_local.py start failed: {started.stderr.strip()[-500:]}"
        pytest.fail(message) if in_ci() else pytest.skip(message)
    for line in started.stdout.splitlines():
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            monkeypatch.setenv(name, shlex.split(value)[0] if value else "")
    try:
        yield state
    finally:
        subprocess.run([sys.executable, str(NEO4J_LOCAL), "stop"], env=env, cwd=ROOT,
                       capture_output=True, timeout=300, check=False)


def written_articles(settings: object) -> int:
    with open_store(settings, read_only=True) as store:  # type: ignore[arg-type]
        return store.read("MATCH (a:Article) WHERE a.content_hash IS NOT NULL "
                          "RETURN count(a) AS n")[0]["n"]


def test_a_restarted_server_loses_nothing(tmp_path: Path, own_server: Path) -> None:
    settings = neo4j_settings()
    port = urlsplit(settings.neo4j_uri).port
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
    server = Neo4jProcess(own_server)
    stopped = time.monotonic()
    server.stop()
    _, stderr = child.communicate(timeout=600)
    gave_up_after = time.monotonic() - stopped
    server.start(port)
    assert "Traceback" not in stderr
    if child.returncode == 1:  # the server stayed away longer than the retries last
        # lost while writing articles (they are named) or after the last one (curation step)
        assert ("not written (article:" in stderr
                or "every article was written, but the curation file's" in stderr), stderr
        assert "Run the same command again" in stderr
        assert gave_up_after >= 25  # it retried for about RETRY_SECONDS first
    else:
        assert child.returncode == 0, stderr
    finished = run_kg("ingest", "-q", "--engine", "neo4j", str(corpus))
    assert finished.returncode == 0, finished.stderr
    with open_store(settings, read_only=True) as store:
        got = dump(store)
    assert got == reference, differences(got, reference)

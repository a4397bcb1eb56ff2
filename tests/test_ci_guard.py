"""Under CI=true a Neo4j test that cannot reach its server fails; elsewhere it skips."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
NEO4J_TEST = "tests/store/test_contract.py::test_reset_empties_the_graph[neo4j]"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_neo4j_test(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NEO4J_URI")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", NEO4J_TEST],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("uri", ["unreachable", "unset"])
def test_in_ci_a_missing_neo4j_fails_the_run(uri: str) -> None:
    env = {"CI": "true"}
    if uri == "unreachable":
        env["NEO4J_URI"] = f"bolt://127.0.0.1:{closed_port()}"
    result = run_neo4j_test(**env)
    assert result.returncode != 0, result.stdout
    assert "CI=true and" in result.stdout
    assert "skipped" not in result.stdout.splitlines()[-1]


def test_outside_ci_a_missing_neo4j_skips() -> None:
    result = run_neo4j_test(NEO4J_URI=f"bolt://127.0.0.1:{closed_port()}")
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout.splitlines()[-1]

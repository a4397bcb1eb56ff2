"""scripts/neo4j_local.py as a user drives it, without starting a second Neo4j.

The suite itself runs under `neo4j_local.py run`, which covers a real start and stop; these
tests cover what a user sees when there is no server, or when one cannot start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "neo4j_local.py"


def neo4j_local(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def state_env(tmp_path: Path) -> dict[str, str]:
    """A state file of our own, so that a developer's running server is not touched."""
    return {"KG_NEO4J_STATE": str(tmp_path / "state.json")}


def test_status_without_a_server_says_not_running(state_env: dict[str, str]) -> None:
    done = neo4j_local("status", env=state_env)
    assert done.returncode == 3
    assert done.stdout.strip() == "not running"


def test_unknown_command_is_refused_by_name() -> None:
    done = neo4j_local("launch")
    assert done.returncode == 2
    assert "invalid choice: 'launch'" in done.stderr
    assert "start" in done.stderr and "run" in done.stderr


def test_run_without_a_command_is_refused() -> None:
    done = neo4j_local("run", "--")
    assert done.returncode == 2
    assert "run needs a command" in done.stderr


def test_stale_state_is_reported_and_stop_cleans_it(
    tmp_path: Path, state_env: dict[str, str]
) -> None:
    exited = subprocess.Popen(["true"])
    exited.wait()
    instance = tmp_path / "kg-neo4j-stale"
    (instance / "data").mkdir(parents=True)
    state = {
        "pid": exited.pid,
        "instance_dir": str(instance),
        "bolt_port": 1,
        "http_port": 2,
        "password": "x",
        "version": "5.26.0",
        "startup_seconds": 1.0,
        "class_archive": "",
    }
    Path(state_env["KG_NEO4J_STATE"]).write_text(json.dumps(state))

    status = neo4j_local("status", env=state_env)
    assert status.returncode == 3
    assert "stale state file" in status.stdout

    stop = neo4j_local("stop", env=state_env)
    assert stop.returncode == 0
    assert not instance.exists()
    assert not Path(state_env["KG_NEO4J_STATE"]).exists()


def test_run_does_not_run_the_command_when_java_is_missing(tmp_path: Path) -> None:
    witness = tmp_path / "ran"
    done = neo4j_local(
        "run", "--", "touch", str(witness), env={"JAVA_HOME": str(tmp_path / "no-jdk")}
    )
    assert done.returncode == 125
    assert "Neo4j did not start" in done.stderr
    assert "no java executable" in done.stderr
    assert not witness.exists()


def test_run_reports_a_server_that_cannot_start(tmp_path: Path) -> None:
    """A real JVM over a jar cache with no jars: it fails, the message says why."""
    home = tmp_path / "neo4j-home"
    (home / "lib").mkdir(parents=True)
    (home / "lib" / ".resolved").write_text("5.26.0\n")  # marks the cache as resolved
    scratch = tmp_path / "tmp"  # where the server's throwaway home would be made
    scratch.mkdir()
    witness = tmp_path / "ran"
    done = neo4j_local(
        "run", "--", "touch", str(witness),
        env={"KG_NEO4J_HOME": str(home), "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert done.returncode == 125
    assert "Neo4j did not start" in done.stderr
    assert "org.neo4j.cli.AdminTool" in done.stderr  # the JVM's own 'could not find' line
    assert not witness.exists()
    assert list(scratch.iterdir()) == []  # the throwaway home was removed

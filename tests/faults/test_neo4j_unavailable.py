"""Neo4j unreachable or refusing the credentials: one `Error:` line naming the URI and what to
check, never the password, never a traceback (a real server for the credentials case)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import neo4j_settings

SECRET = "not-the-password-9f3c"


def kg_neo4j(monkeypatch: pytest.MonkeyPatch, uri: str, password: str) -> tuple[int, str]:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    result = CliRunner().invoke(cli, ["stats", "--engine", "neo4j"], catch_exceptions=False)
    return result.exit_code, result.output


def test_unreachable_neo4j_is_one_line_with_the_uri(monkeypatch: pytest.MonkeyPatch) -> None:
    code, shown = kg_neo4j(monkeypatch, "bolt://127.0.0.1:9", SECRET)
    assert code == 1
    lines = shown.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach Neo4j at bolt://127.0.0.1:9")
    assert "check NEO4J_URI" in lines[0] and SECRET not in shown


@pytest.mark.neo4j
def test_wrong_credentials_are_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = neo4j_settings()
    code, shown = kg_neo4j(monkeypatch, settings.neo4j_uri, SECRET)
    assert code == 1
    assert shown.strip() == (
        f"Error: Neo4j at {settings.neo4j_uri} refused the credentials of user "
        f"{settings.neo4j_user!r}: check NEO4J_USER and NEO4J_PASSWORD"
    )
    assert SECRET not in shown

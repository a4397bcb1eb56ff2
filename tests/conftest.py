"""Fixtures for real engines: an embedded database in tmp_path and a real Neo4j server.

Neo4j tests read NEO4J_URI (set by scripts/test.sh, which starts a local server). Without a
server they skip on a developer machine, but under CI=true they fail: CI must never pass
with the Neo4j tests silently missing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import Settings
from graph.store import GraphStore, open_store

ENGINES = ["ladybug", "neo4j"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def neo4j_settings() -> Settings:
    if not os.environ.get("NEO4J_URI"):
        message = "NEO4J_URI is not set: run the suite with ./scripts/test.sh"
        if in_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    return Settings.from_env(engine="neo4j")


def open_test_store(engine: str, tmp_path: Path, *, read_only: bool = False) -> GraphStore:
    """A fresh, empty store of the given engine."""
    if engine == "ladybug":
        return open_store(
            Settings(engine="ladybug", db_path=tmp_path / "graph.lbdb"), read_only=read_only
        )
    from graph.errors import StoreUnavailable

    try:
        store = open_store(neo4j_settings(), read_only=read_only)
    except StoreUnavailable as exc:
        if in_ci():
            pytest.fail(f"CI=true and Neo4j is unreachable: {exc}", pytrace=False)
        pytest.skip(str(exc))
    return store


@pytest.fixture(params=ENGINES, ids=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    if request.param == "neo4j":
        request.applymarker(pytest.mark.neo4j)
    return request.param


@pytest.fixture
def store(engine: str, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store on each engine; the Neo4j database is emptied before each test."""
    opened = open_test_store(engine, tmp_path)
    opened.reset()
    try:
        yield opened
    finally:
        opened.close()

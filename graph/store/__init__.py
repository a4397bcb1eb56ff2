"""Open the configured graph store: the embedded LadybugDB default, or Neo4j."""

from __future__ import annotations

from graph.config import ENGINES, Settings
from graph.errors import KgError
from graph.store.base import GraphStore, Stats, WriteReport

__all__ = ["GraphStore", "Stats", "WriteReport", "open_store"]


def open_store(settings: Settings | None = None, *, read_only: bool = False) -> GraphStore:
    settings = settings or Settings.from_env()
    if settings.engine == "ladybug":
        from graph.store.ladybug_store import LadybugStore

        return LadybugStore(settings.db_path, read_only=read_only)
    if settings.engine == "neo4j":
        from graph.store.neo4j_store import Neo4jStore

        return Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password,
            settings.neo4j_database,
            read_only=read_only,
        )
    raise KgError(f"unknown engine {settings.engine!r}: choose one of {', '.join(ENGINES)}")

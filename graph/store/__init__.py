"""Open the configured graph store: the embedded LadybugDB default, or Neo4j."""

from __future__ import annotations

from graph.config import ENGINES, Settings
from graph.errors import KgError, StoreUnavailable
from graph.store.base import GraphStore, Stats, WriteReport

__all__ = ["GraphStore", "Stats", "WriteReport", "open_store"]


def open_store(
    settings: Settings | None = None, *, read_only: bool = False, wait: float = 0.0
) -> GraphStore:
    """The configured store. A graph written by an earlier version is brought up to date
    first, once, even for a read-only command: its queries read properties it lacks.
    `wait`: seconds to wait for an embedded database another process has open."""
    settings = settings or Settings.from_env()
    store = _open(settings, read_only=read_only, wait=wait)
    if read_only and store.written_by_earlier_version():
        store.close()
        _bring_up_to_date(settings)
        store = _open(settings, read_only=True)
    return store


def _bring_up_to_date(settings: Settings) -> None:
    """Opening for writing adds missing columns and computes derived properties."""
    try:
        _open(settings, read_only=False).close()
    except StoreUnavailable as exc:
        raise StoreUnavailable(
            "this graph was written by an earlier version of kg and needs a one-time "
            f"update, which needs write access: {exc}"
        ) from exc


def _open(settings: Settings, *, read_only: bool, wait: float = 0.0) -> GraphStore:
    if settings.engine == "ladybug":
        from graph.store.ladybug_store import LadybugStore

        return LadybugStore(settings.db_path, read_only=read_only, wait=wait)
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

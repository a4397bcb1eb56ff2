"""Options shared by every command that touches the graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.config import DEFAULT_DB, ENGINES, Settings

F = TypeVar("F", bound=Callable[..., Any])


def store_options(func: F) -> F:
    """Add --engine and --db; the command receives `settings: Settings`."""
    func = click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
        default=None,
        help=f"Embedded database path (env KG_DB; default {DEFAULT_DB}).",
    )(func)
    func = click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default=None,
        help="Graph engine (env KG_ENGINE; default ladybug, the embedded one). "
        "neo4j reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.",
    )(func)
    return func


def settings_from(engine: str | None, db_path: Path | None) -> Settings:
    return Settings.from_env(engine=engine, db_path=db_path)

"""Options shared by every command that touches the graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.config import DEFAULT_DB, ENGINES, Settings
from graph.errors import BadParameter

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


def workers_option(same: str) -> Callable[[F], F]:
    """Add -j/--workers (the command receives `workers`, None for the default); `same` says
    what stays the same whatever the number, for the help."""
    return click.option(
        "--workers",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Extraction processes (default: the machine's cores, fewer for a small input). "
        f"{same}",
    )


def curation_option(func: F, *, must_exist: bool = False) -> F:
    """Add --curation (the command receives `curation_file`); `must_exist` for commands
    that only read the file (ingest, load), not those that write decisions to it."""
    return click.option(
        "--curation",
        "curation_file",
        type=click.Path(exists=must_exist, dir_okay=False, path_type=Path),
        default=None,
        help="The analyst's curation file (env KG_CURATION; default data/curation.tsv).",
    )(func)


def existing_curation_option(func: F) -> F:
    return curation_option(func, must_exist=True)


def settings_from(engine: str | None, db_path: Path | None) -> Settings:
    return Settings.from_env(engine=engine, db_path=db_path)


def parse_key_values(pairs: tuple[str, ...]) -> dict[str, str]:
    """`-p key=value` options of a canned query, as a dict; the value may contain '='."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadParameter(f"-p {pair!r}: write -p KEY=VALUE, e.g. -p org=IVEA")
        values[key.strip()] = value
    return values


def prepare_output(path: Path) -> Path:
    """An output file's folder is created when missing (like `mkdir -p`); a path that cannot
    be written is one error line naming it."""
    from graph.errors import KgError

    if path.is_dir():
        raise KgError(f"{path} is a folder: give a file name, e.g. {path / 'graph.out'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{path}: cannot create its folder ({exc.strerror or exc})") from exc
    return path

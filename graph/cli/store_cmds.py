"""Commands that fill, count and empty the graph."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.cli.options import settings_from, store_options
from graph.errors import KgError


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--merges",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Analyst merge/alias file (default: data/merges file shipped with the project).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; errors and summary only.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    metavar="SECONDS",
    help="If another process has the embedded database open, wait up to this long for it "
    "(default: fail at once, saying it is in use).",
)
@store_options
def ingest(
    paths: tuple[Path, ...],
    merges: Path | None,
    quiet: bool,
    wait: float,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Read articles (files or folders, recursively) into the graph.

    Re-ingesting an unchanged article changes nothing; a changed article replaces what it
    said before. A file that cannot be read is reported on one line and skipped; the exit
    status is 1 if any file failed, 0 otherwise.

    \b
    Example:
      kg ingest data/articles
    """
    from tqdm import tqdm

    from graph import api
    from graph.store import open_store

    with (
        open_store(settings_from(engine, db_path), wait=wait) as store,
        tqdm(unit=" articles", disable=quiet, desc="ingest", leave=False) as bar,
    ):
        report = api.ingest(paths, store, on_article=bar.update, merges=merges)
    for line in report.errors:
        click.echo(f"kg: {line}", err=True)
    for line in report.warnings:
        click.echo(f"kg: warning: {line}", err=True)
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@store_options
def stats(fmt: str, engine: str | None, db_path: Path | None) -> None:
    """Count nodes per label and relationships per type."""
    from graph import api
    from graph.store import open_store

    with open_store(settings_from(engine, db_path), read_only=True) as store:
        counts = api.stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts.to_json(), indent=2))
        return
    width = max(len(k) for k in (*counts.nodes, *counts.relationships))
    click.echo("nodes")
    for label, n in counts.nodes.items():
        click.echo(f"  {label:<{width}}  {n:>8}")
    click.echo("relationships")
    for rel, n in counts.relationships.items():
        click.echo(f"  {rel:<{width}}  {n:>8}")


@click.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@store_options
def reset(yes: bool, engine: str | None, db_path: Path | None) -> None:
    """Delete every node and relationship of the graph (asks first)."""
    from graph import api
    from graph.store import open_store

    settings = settings_from(engine, db_path)
    where = settings.neo4j_uri if settings.engine == "neo4j" else str(settings.db_path)
    if settings.engine == "ladybug" and not settings.db_path.is_file():
        raise KgError(f"no graph database at {where}: nothing to reset (check --db or KG_DB)")
    if not yes:
        click.confirm(f"Delete the whole graph in {where}?", abort=True)
    with open_store(settings) as store:
        api.reset(store)
    click.echo(f"graph in {where} is empty")

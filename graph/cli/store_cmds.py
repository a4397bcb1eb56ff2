"""Commands that fill, count and empty the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.cli.options import existing_curation_option, settings_from, store_options, workers_option
from graph.errors import KgError

if TYPE_CHECKING:
    from graph import api
    from graph.curation import Curation


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@existing_curation_option
@click.option(
    "--merges",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Deprecated: a merge file of the former format; its lines are read as `alias` "
    "decisions. Move them into the curation file.",
)
@click.option("--force", is_flag=True, help="Re-extract and rewrite even unchanged articles.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; errors and summary only.")
@workers_option("The graph is the same with any number.")
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
    curation_file: Path | None,
    merges: Path | None,
    force: bool,
    quiet: bool,
    workers: int | None,
    wait: float,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Read articles (files or folders, recursively) into the graph.

    Re-ingesting an unchanged article changes nothing (--force re-extracts it); a changed
    article replaces what it said before, and a file read again under a new id (its header
    edited) replaces its former self. The analyst's curation decisions apply to every
    article written. A file that cannot be read, or a second input with an id already read,
    is reported on one line and skipped; the exit status is 1 if any input failed, else 0.

    \b
    Example:
      kg ingest data/articles
      kg ingest -j 4 press/            # four extraction processes
    """
    from graph import api
    from graph.cli.progress import bar, count_articles, workers_for
    from graph.store import open_store

    curation = _curation(curation_file, merges)  # a malformed file changes nothing
    total = count_articles(paths)
    with (
        open_store(settings_from(engine, db_path), wait=wait) as store,
        bar(total, quiet=quiet, desc="ingest") as progress,
    ):
        report = api.ingest(paths, store, on_article=progress.update, curation=curation,
                            force=force, workers=workers_for(workers, total))
    _print_report(report)


@click.command("load")
@click.argument("graphs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                    path_type=Path))
@existing_curation_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; errors and summary only.")
@store_options
def load(
    graphs: tuple[Path, ...],
    curation_file: Path | None,
    quiet: bool,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Resolve and store article graphs extracted elsewhere: JSON Lines files written by
    `kg extract --loadable` or `kg extract --cluster`. The graph is the one `kg ingest` of
    the same articles builds; like it, re-loading an unchanged article changes nothing. A bad
    line is reported (file, line, problem) and skipped; exit status 1 if any failed.

    \b
    Example:
      kg extract --cluster tcp://scheduler:8786 -o graphs.jsonl press/
      kg load graphs.jsonl
    """
    from graph import api
    from graph.cli.progress import bar, count_articles
    from graph.store import open_store

    curation = _curation(curation_file, None)
    total = count_articles(graphs, graphs=True)
    with (
        open_store(settings_from(engine, db_path)) as store,
        bar(total, quiet=quiet, desc="load") as progress,
    ):
        report = api.load_graphs(graphs, store, on_article=progress.update, curation=curation)
    _print_report(report)


def _curation(curation_file: Path | None, merges: Path | None) -> Curation:
    from graph.curation import Curation

    if merges is not None:
        click.echo(f"kg: warning: --merges is deprecated: the lines of {merges} are read as "
                   "alias decisions; move them into the curation file (docs/curation.md)",
                   err=True)
    return Curation.load(curation_file, extra=[merges] if merges is not None else [])


def _print_report(report: api.IngestReport) -> None:
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

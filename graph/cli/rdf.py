"""`kg export` and `kg import`: the graph as RDF, and an RDF export back into the graph."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from graph.cli.options import prepare_output, settings_from, store_options

FORMATS = ("turtle", "nt", "jsonld", "xml")
DEFAULT_BASE = "https://kg-ecosystems.example.org/id/"  # = graph.rdf.DEFAULT_BASE (kept light)


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="turtle", show_default=True,
    help="RDF serialisation.",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="File to write (default: standard output).",
)  # fmt: skip
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True,
    help="Base IRI of entity, article and fact IRIs; ends with '/' or '#'.",
)  # fmt: skip
@click.option(
    "--validate", is_flag=True,
    help="Check the export against data/shapes.ttl (SHACL); exit 1 if it does not conform.",
)  # fmt: skip
@store_options
def export_cmd(
    fmt: str,
    output: Path | None,
    base: str,
    validate: bool,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Export the graph as RDF: schema.org / W3C org classes, PROV-O provenance.

    Every fact is stated as a plain triple and as a kg:Fact naming its articles and evidence
    sentences. Written as a stream, so memory stays flat however large the graph.

    \b
    Examples:
      kg export -o graph.ttl --validate
      kg export --format jsonld --base https://example.org/kg/ > graph.jsonld
    """
    if output is None and validate:  # validate before anything reaches standard output
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            staged = Path(tmp) / "graph"
            _export_to(staged, fmt, base, engine, db_path)
            _validate(staged, fmt, shown_as="the export")
            with open(staged, encoding="utf-8") as handle:
                shutil.copyfileobj(handle, sys.stdout)
        return
    _export_to(output and prepare_output(output), fmt, base, engine, db_path)
    if validate:
        _validate(output, fmt, shown_as=str(output))  # type: ignore[arg-type]


def _export_to(
    output: Path | None, fmt: str, base: str, engine: str | None, db_path: Path | None
) -> None:
    from graph.rdf import export
    from graph.store import open_store

    with open_store(settings_from(engine, db_path), read_only=True) as store:
        report = export(store, output or sys.stdout, fmt=fmt, base=base)
    click.echo(f"{report.triples} triples written ({fmt})", err=True)


def _validate(path: Path, fmt: str, *, shown_as: str) -> None:
    from graph.rdf.validate import validate

    result = validate(path, fmt)
    if result.conforms:
        click.echo("valid: the export conforms to data/shapes.ttl", err=True)
        return
    click.echo(result.text, err=True)
    raise click.ClickException(
        f"{shown_as} does not conform to data/shapes.ttl ({result.violations} violations)"
    )


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="RDF serialisation (default: from the extension: .ttl .nt .jsonld .rdf).",
)  # fmt: skip
@store_options
def import_cmd(path: Path, fmt: str | None, engine: str | None, db_path: Path | None) -> None:
    """Load an RDF export (from `kg export`) into the graph.

    Articles, entities, facts and their evidence come back; importing the same file twice
    changes nothing.

    \b
    Example:
      kg import graph.ttl --engine neo4j
    """
    from graph.rdf.importer import import_rdf
    from graph.store import open_store

    with open_store(settings_from(engine, db_path)) as store:
        report = import_rdf(path, store, fmt)
    for line in report.warnings:
        click.echo(f"kg: warning: {line}", err=True)
    click.echo(report.summary())

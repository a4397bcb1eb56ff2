"""`kg export` and `kg import`: the graph as RDF, and an RDF export back into the graph."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from graph.cli.options import prepare_output, settings_from, store_options

RDF_FORMATS = ("turtle", "ttl", "nt", "jsonld", "xml")
# = graph.exports.EXPORT_FORMATS plus the ttl alias (kept light: no import at start-up)
EXPORT_CHOICES = ("turtle", "ttl", "nt", "jsonld", "xml", "graphml", "gexf", "neo4j-csv")
DEFAULT_BASE = "https://kg-ecosystems.example.org/id/"  # = graph.rdf.DEFAULT_BASE (kept light)


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_CHOICES, case_sensitive=False), default=None,
    help="turtle (or ttl), nt, jsonld, xml: RDF; graphml, gexf: the network for Gephi, "
    "Cytoscape, yEd; neo4j-csv: a folder of CSV files for neo4j-admin database import. "
    "Default: from the extension of -o (.ttl .nt .jsonld .rdf .graphml .gexf, a folder for "
    "neo4j-csv), else turtle.",
)  # fmt: skip
@click.option(
    "-o", "--output", "output_name", type=click.Path(), default=None,
    help="File to write (a folder for neo4j-csv; default: standard output).",
)  # fmt: skip
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True,
    help="RDF only: base IRI of entity, article and fact IRIs; ends with '/' or '#'.",
)  # fmt: skip
@click.option(
    "--validate", is_flag=True,
    help="RDF only: check the export against data/shapes.ttl (SHACL); exit 1 if it does "
    "not conform.",
)  # fmt: skip
@store_options
def export_cmd(
    fmt: str | None,
    output_name: str | None,
    base: str,
    validate: bool,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Export the graph: RDF, GraphML or GEXF for network tools, or CSV for neo4j-admin.

    RDF (schema.org / W3C org classes, PROV-O provenance) states every fact as a plain
    triple and as a kg:Fact naming its articles and evidence sentences, written as a stream.
    GraphML and GEXF carry types, names, counts, confidence and the number of evidence
    sentences as attributes. neo4j-csv writes one file per label and relationship type with
    neo4j-admin's typed headers, and import.sh, the command that bulk-loads them.

    \b
    Examples:
      kg export -o graph.ttl --validate
      kg export -o graph.gexf                  # open in Gephi
      kg export -o graph.graphml               # Cytoscape, yEd
      kg export --format neo4j-csv -o csv/     # then: NEO4J_HOME=... sh csv/import.sh
      kg export --format jsonld --base https://example.org/kg/ > graph.jsonld
    """
    from graph.exports import CSV_FORMAT, RDF_FORMATS

    chosen = _export_format(fmt, output_name)  # the name as typed: a trailing / is a folder
    output = Path(output_name) if output_name else None
    if validate and chosen not in RDF_FORMATS:
        raise click.UsageError(
            f"--validate checks RDF exports only; drop it for {chosen}, or export turtle"
        )
    if chosen == CSV_FORMAT and output is None:
        raise click.UsageError("neo4j-csv writes a folder of files: add -o DIR, e.g. -o csv/")
    if chosen not in RDF_FORMATS:
        _export_network(chosen, output, engine, db_path)
        return
    if output is None and validate:  # validate before anything reaches standard output
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            staged = Path(tmp) / "graph"
            _export_to(staged, chosen, base, engine, db_path)
            _validate(staged, chosen, shown_as="the export")
            with open(staged, encoding="utf-8") as handle:
                shutil.copyfileobj(handle, sys.stdout)
        return
    _export_to(output and prepare_output(output), chosen, base, engine, db_path)
    if validate:
        _validate(output, chosen, shown_as=str(output))  # type: ignore[arg-type]


def _export_format(fmt: str | None, output: str | None) -> str:
    """--format when given (ttl is turtle), else what the output's name asks for."""
    from graph.exports import EXTENSION_FORMATS, format_for_path, normalise_format

    if fmt is not None:
        return normalise_format(fmt)
    if output is None:
        return "turtle"
    inferred = format_for_path(output)
    if inferred is None:
        known = " ".join(sorted(EXTENSION_FORMATS))
        suffix = Path(output).suffix
        shown = f"extension {suffix!r}" if suffix else "no extension"
        raise click.UsageError(
            f"{output}: {shown} says no export format; name the file with one of "
            f"{known}, or give --format (a folder for neo4j-csv)"
        )
    return inferred


def _export_network(
    fmt: str, output: Path | None, engine: str | None, db_path: Path | None
) -> None:
    from graph.exports import write_gexf, write_graphml, write_neo4j_csv
    from graph.store import open_store

    writers = {"graphml": write_graphml, "gexf": write_gexf, "neo4j-csv": write_neo4j_csv}
    with open_store(settings_from(engine, db_path), read_only=True) as store:
        try:
            report = writers[fmt](store, output if output is not None else sys.stdout.buffer)
        except OSError as exc:
            message = f"{exc.filename or output}: cannot write: {exc.strerror}"
            raise click.ClickException(message) from exc
    click.echo(report.summary(), err=True)
    if fmt == "neo4j-csv":
        click.echo(f"load them with: NEO4J_HOME=... sh {output}/import.sh", err=True)


def _export_to(
    output: Path | None, fmt: str, base: str, engine: str | None, db_path: Path | None
) -> None:
    from graph.rdf import export
    from graph.store import open_store

    with open_store(settings_from(engine, db_path), read_only=True) as store:
        try:
            report = export(store, output or sys.stdout, fmt=fmt, base=base)
        except OSError as exc:
            message = f"{exc.filename or output}: cannot write: {exc.strerror}"
            raise click.ClickException(message) from exc
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
    "--format", "fmt", type=click.Choice(RDF_FORMATS, case_sensitive=False), default=None,
    help="RDF serialisation, ttl for turtle (default: from the extension: .ttl .nt .jsonld "
    ".rdf).",
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
        report = import_rdf(path, store, "turtle" if fmt == "ttl" else fmt)
    for line in report.warnings:
        click.echo(f"kg: warning: {line}", err=True)
    click.echo(report.summary())

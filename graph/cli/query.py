"""`kg query`: list, show and run the canned Cypher queries, or ad hoc read-only Cypher."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import KgGroup
from graph.cli.options import parse_key_values, settings_from, store_options


@click.group("query", cls=KgGroup)
def query() -> None:
    """Canned Cypher queries an analyst runs without writing Cypher.

    Every query runs read-only on either engine; entity parameters accept a name or any
    alias, case and accents ignored. The catalogue is queries/*.cypher (see queries/README.md).
    """


@query.command("list")
@click.option("--markdown", is_flag=True, help="Print the catalogue page (queries/README.md).")
def list_cmd(markdown: bool) -> None:
    """List the canned queries with their parameters and what they answer."""
    from graph.queries import catalogue_markdown, list_queries

    if markdown:
        click.echo(catalogue_markdown(), nl=False)
        return
    for canned in list_queries():
        params = ", ".join(p.signature() for p in canned.params)
        click.echo(f"{canned.name}({params})")
        click.echo(f"    {canned.description}")


@query.command("show")
@click.argument("name")
@click.option(
    "--engine",
    type=click.Choice(["ladybug", "neo4j"]),
    default="neo4j",
    show_default=True,
    help="Whose dialect to show (ladybug shows its override file where there is one).",
)
def show(name: str, engine: str) -> None:
    """Print a canned query: its parameters and its Cypher."""
    from graph.queries import get_query

    canned = get_query(name)
    click.echo(f"// {canned.name}: {canned.description}")
    for param in canned.params:
        click.echo(f"// param {param.signature()} — {param.describe()}")
    if engine in canned.functions:  # what runs is not this text: say so
        click.echo(f"// on {engine}, answered in Python by {canned.functions[engine]}, "
                   "with the rows of the Cypher below")  # fmt: skip
    click.echo(canned.cypher_for(engine))


@query.command("run")
@click.argument("name", required=False)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter."
)
@click.option("--cypher", default=None, help="Run this ad hoc read-only Cypher instead.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@store_options
def run(
    name: str | None,
    params: tuple[str, ...],
    cypher: str | None,
    fmt: str,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Run a canned query by NAME (or --cypher) read-only and print its rows.

    \b
    Examples:
      kg query run partners-of -p org="Route des Lasers"
      kg query run organisations-in -p place=Gironde --format csv
      kg query run --cypher "MATCH (c:Cluster) RETURN c.name AS name" --format json
    """
    from graph.queries import guess_value, render, run_cypher, run_query
    from graph.store import open_store

    if name is None and cypher is None:
        raise click.UsageError(
            "say what to run: a query NAME (e.g. kg query run partners-of -p org=IVEA; "
            '`kg query list` lists them) or --cypher "MATCH ... RETURN ..."'
        )
    if name is not None and cypher is not None:
        raise click.UsageError(
            f"give either the query NAME {name!r} or --cypher, not both: drop one of them"
        )
    values = parse_key_values(params)
    with open_store(settings_from(engine, db_path), read_only=True) as store:
        if cypher is not None:
            result = run_cypher(store, cypher, {k: guess_value(v) for k, v in values.items()})
        else:
            result = run_query(store, name or "", values)
    click.echo(render(result, fmt))
    if result.hint:
        click.echo(f"kg: hint: {result.hint}", err=True)

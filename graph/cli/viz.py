"""`kg viz`: write the graph, or a part of it, as one self-contained interactive HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.options import parse_key_values, prepare_output, settings_from, store_options


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=Path("graph.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option("--around", metavar="ENTITY", help="Only the neighbourhood of this name or alias.")
@click.option(
    "--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops from --around."
)
@click.option("--query", metavar="NAME", help="Only the entities in this canned query's rows.")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Parameter of --query."
)
@click.option("--types", metavar="TYPE,...", help="Only these node types, e.g. Company,Lab.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Only facts at least this confident.",
)
@click.option("--title", default=None, help="Page title (default: says what was selected).")
@store_options
def viz(
    output: Path,
    around: str | None,
    depth: int,
    query: str | None,
    params: tuple[str, ...],
    types: str | None,
    min_confidence: float,
    title: str | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Write an interactive network of the graph as one HTML file that opens offline.

    Colour and shape per node type, size and label by number of relations, tooltips with
    sources and evidence sentences, search over names and evidence, type filters, "hide
    isolated nodes" (ticked after --types, --min-confidence or --query) and "save as PNG".
    The graph is drawn at once from a layout computed here; up to 300 nodes physics then
    settles it.

    \b
    Examples:
      kg viz -o graph.html
      kg viz --around "Route des Lasers" --depth 2 -o route.html
      kg viz --types Company,Cluster --min-confidence 0.7
    """
    from graph.store import open_store
    from graph.viz import render_html, select_subgraph

    if params and not query:
        raise click.UsageError(
            "-p/--param only goes with --query: add --query NAME (see `kg query list`)"
        )
    with open_store(settings_from(engine, db_path), read_only=True) as store:
        subgraph = select_subgraph(
            store,
            around=around,
            depth=depth,
            types=types.split(",") if types else None,
            min_confidence=min_confidence,
            query=query,
            params=parse_key_values(params),
        )
    heading = title or _default_title(around, depth, query)
    path = render_html(subgraph, prepare_output(output), title=heading)
    nodes, edges = len(subgraph.nodes), len(subgraph.edges)
    click.echo(
        f"{path}: {nodes} entit{'y' if nodes == 1 else 'ies'}, "
        f"{edges} relation{'' if edges == 1 else 's'}"
    )


def _default_title(around: str | None, depth: int, query: str | None) -> str:
    if around:
        return f"Around {around} ({depth} hop{'s' if depth != 1 else ''})"
    if query:
        return f"Query {query}"
    return "Knowledge graph"

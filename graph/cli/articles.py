"""`kg extract` and `kg eval`: read articles, print their graphs or score them. Thin layer over
graph.load, graph.extract and graph.evaluate; heavy imports stay inside the commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from graph.cli.options import settings_from, store_options, workers_option

PROGRESS_MIN_FILES = 5  # a bar for a handful of files is noise


def _warn(message: str) -> None:
    click.echo(f"kg: warning: {message}", err=True)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pretty", is_flag=True, help="Indent each JSON object (not JSON Lines).")
@workers_option("The output is the same, in the same order, with any number.")
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) "
    "instead of local processes; implies --loadable. See docs/scale.md.",
)
@click.option(
    "--loadable",
    is_flag=True,
    help="Also write what `kg load` needs to store the graphs (article text, url and path, "
    "entity enrichments).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
def extract_command(
    paths: tuple[Path, ...],
    pretty: bool,
    workers: int | None,
    cluster: str | None,
    loadable: bool,
    output: Path | None,
) -> None:
    """Print the graph of each article in PATHS (files or folders) as JSON, one object per
    line. No database is touched. A file that cannot be read gets one line "kg: PATH: problem"
    on stderr and the others are still printed; exit status 1 if any file failed, else 0.

    \b
    Examples:
      kg extract data/articles > graphs.jsonl
      kg extract -j 8 --loadable -o graphs.jsonl press/     # then: kg load graphs.jsonl
      kg extract --cluster tcp://scheduler:8786 -o graphs.jsonl press/
    """
    from graph.cli.progress import bar, count_articles, workers_for
    from graph.errors import BadInput
    from graph.load import iter_articles

    failed = False

    def readable_articles() -> Iterator[Any]:
        nonlocal failed
        for item in iter_articles(paths, on_warning=_warn):
            if isinstance(item, BadInput):
                failed = True
                click.echo(f"kg: {item}", err=True)
                progress.update(1)
            else:
                yield item

    total = count_articles(paths)
    with (
        bar(total, quiet=(total or PROGRESS_MIN_FILES + 1) <= PROGRESS_MIN_FILES,
            desc="extract") as progress,
        click.open_file(str(output) if output else "-", "w", encoding="utf-8") as out,
    ):
        if cluster:
            from graph.cluster import extract_on_cluster

            graphs = extract_on_cluster(readable_articles(), cluster)
            loadable = True
        else:
            from graph.parallel import extract_stream

            graphs = extract_stream(readable_articles(), workers_for(workers, total))
        for graph in graphs:
            progress.update(1)
            failed |= not _print_graph(graph, out, pretty=pretty, loadable=loadable)
    if failed:
        raise SystemExit(1)


def _print_graph(graph: Any, out: Any, *, pretty: bool, loadable: bool) -> bool:
    """Write one graph; False (and a line on stderr) when it holds no entity."""
    from graph.records import to_record

    for warning in graph.warnings:
        _warn(f"{graph.article.path}: {warning}")
    if not graph.entities:
        click.echo(f"kg: {graph.article.path}: no entity found", err=True)
        return False
    data = to_record(graph) if loadable else graph.to_json()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None), file=out)
    return True


@click.command("eval")
@click.argument("eval_dir", default=Path("data/eval"), type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Plain-text table or JSON.",
)
@click.option(
    "--article",
    "names",
    multiple=True,
    metavar="NAME",
    help="Score only this article (file name without extension); repeatable.",
)
@click.option(
    "--details",
    is_flag=True,
    help="Also list each article's missed and spurious items (table format).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "heldout"]),
    help="Only the articles of this part of the set, as its SOURCES.md lists them.",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    help="Only the articles in this language, as the set's SOURCES.md lists them.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Score nothing: check that every gold evidence offset of a real-article set "
    "(gold/ + articles/) still slices text with the recorded hash.",
)
def eval_command(
    eval_dir: Path,
    output_format: str,
    names: tuple[str, ...],
    details: bool,
    split: str | None,
    lang: str | None,
    check: bool,
) -> None:
    """Score extraction against the gold files in EVAL_DIR (default data/eval): precision,
    recall and F1 for entities, typed entities and relations, per type and overall.

    EVAL_DIR holds NAME.gold.json beside each article, or (a set of real articles whose texts
    are not committed, like data/real) gold/NAME.gold.json and articles/NAME.txt."""
    from graph.evaluate import evaluate_dir, render_table, select_names

    if check:
        _check_set(eval_dir)
        return
    chosen = select_names(eval_dir, split=split, lang=lang, names=names)
    report = evaluate_dir(eval_dir, names=chosen)
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(report, details=details or bool(names)))


def _check_set(eval_dir: Path) -> None:
    from graph.errors import KgError
    from graph.goldset import check_set, is_offset_set

    if not is_offset_set(eval_dir):
        raise KgError(f"{eval_dir}: --check needs a set with gold/ and articles/ folders")
    checked, problems = check_set(eval_dir)
    for problem in problems:
        click.echo(f"kg: {problem}", err=True)
    if problems:
        raise KgError(f"{eval_dir}: {len(problems)} problem(s) in {checked} evidence "
                      "references; rebuild the texts from SOURCES.md")
    click.echo(f"{eval_dir}: all {checked} evidence references match their texts")


# --------------------------------------------------------------------------- kg articles


@click.group("articles")
def articles() -> None:
    """The articles in the graph: list them, or remove one and every fact only it states."""


@articles.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Plain-text table, CSV or JSON.")
@store_options
def list_articles_cmd(fmt: str, engine: str | None, db_path: Path | None) -> None:
    """Id, title, date, URL, source file and facts contributed of every stored article
    (the analyst's asserted facts appear as the article analyst:curation)."""
    from graph import api
    from graph.queries import QueryResult, render
    from graph.store import open_store

    with open_store(settings_from(engine, db_path), read_only=True) as db:
        rows = [s.to_json() for s in api.list_articles(db)]
    columns = ["id", "title", "published", "url", "path", "facts"]
    click.echo(render(QueryResult(columns, rows), fmt))


@articles.command("remove")
@click.argument("article")
@store_options
def remove_article_cmd(article: str, engine: str | None, db_path: Path | None) -> None:
    """Remove ARTICLE (its id, source path or URL): its facts go exactly as if it had been
    replaced by nothing; entities no other article mentions go too. A later `kg ingest` of
    the same file brings it back: move or delete the file as well."""
    from graph import api
    from graph.store import open_store

    with open_store(settings_from(engine, db_path)) as db:
        removed = api.remove_article(db, article)
    for article_id in removed:
        click.echo(f"removed {article_id}")

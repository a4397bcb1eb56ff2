"""`kg`: the command line. Commands only parse arguments, call the Python API and print."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from graph import __version__
from graph.errors import KgError

DEBUG_ENV = "KG_DEBUG"  # set to 1 to see the traceback of an unexpected error


class KgGroup(click.Group):
    """Turns every error into one line on stderr and exit status 1, never a traceback: a
    KgError says what to do, a file system error names the path, anything else is a bug and
    says how to see where it happened."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KgError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            raise click.ClickException(os_error_message(exc)) from exc
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc} (a bug in kg; run again with "
                f"{DEBUG_ENV}=1 to see where, and report it)"
            ) from exc


def os_error_message(exc: OSError) -> str:
    """"PATH: No such file or directory" rather than "[Errno 2] ..."."""
    what = exc.strerror or str(exc)
    if exc.filename is None:
        return what
    return f"{exc.filename}: {what}"


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Build a knowledge graph of an industrial ecosystem from news articles.

    Articles (French or English; .txt, .md, .html, .json, .jsonl) go in with `kg ingest`;
    companies, clusters, labs, places and trade shows come out as nodes, with PARTNERS_WITH,
    LOCATED_IN, EXHIBITS_AT and MEMBER_OF edges that keep the sentence stating them.

    The graph lives in an embedded LadybugDB database by default (--db, KG_DB), or in Neo4j
    (--engine neo4j, KG_ENGINE=neo4j, with NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
    NEO4J_DATABASE).
    """


from graph.cli import articles, curate, query, rdf, store_cmds, viz  # noqa: E402

cli.add_command(store_cmds.ingest)
cli.add_command(store_cmds.load)
cli.add_command(store_cmds.stats)
cli.add_command(store_cmds.reset)
cli.add_command(articles.extract_command)
cli.add_command(articles.eval_command)
cli.add_command(articles.articles)
cli.add_command(curate.entity)
cli.add_command(curate.fact)
cli.add_command(curate.curate)
cli.add_command(query.query)
cli.add_command(viz.viz)
cli.add_command(rdf.export_cmd)
cli.add_command(rdf.import_cmd)


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    sys.exit(main())

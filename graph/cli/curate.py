"""`kg entity`, `kg fact`, `kg curate`: the analyst's corrections. Each command that decides
something writes one line to the curation file and applies it to the graph at once; the
file (graph.curation) is what makes corrections survive `kg reset` and re-ingests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.cli.options import curation_option, settings_from, store_options

F = TypeVar("F", bound=Callable[..., Any])


def note_option(func: F) -> F:
    return click.option(
        "--note", default="", help="Who decided and why; kept on the decision's line."
    )(func)


def _decide(
    decision_of: Callable[[Any], Any],
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Open the store, build the decision from what it holds, record and apply it."""
    from graph import api
    from graph.curation import curation_path
    from graph.store import open_store

    with open_store(settings_from(engine, db_path)) as store:
        decision = decision_of(store)
        line, report = api.decide(store, decision, curation_file)
    click.echo(f"{curation_path(curation_file)}:{line}: {decision.describe()}")
    click.echo(report.summary())


# --------------------------------------------------------------------------- kg entity


@click.group()
def entity() -> None:
    """Correct entities: merge, rename, retype, drop, split, show.

    NAME is a name or alias (case and accents ignored), `Type:Name`, or an id. Each
    decision is appended to the curation file and applied to the graph at once."""


@entity.command("merge")
@click.argument("name")
@click.argument("into")
@note_option
@curation_option
@store_options
def merge_cmd(
    name: str,
    into: str,
    note: str,
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Merge NAME into INTO: NAME's names become aliases of INTO, its facts move to INTO
    with their evidence. Both must be of one type (retype one first)."""
    from graph import api
    from graph.curation import CurationError, Decision, check_merge

    def decision(store: Any) -> Decision:
        source, target = api.one_entity(store, name), api.one_entity(store, into)
        if source.id == target.id:
            raise CurationError(f"{name!r} and {into!r} are already one entity ({source.id})")
        try:
            check_merge(api.entity_ref(source), api.entity_ref(target))
        except ValueError as exc:
            raise CurationError(
                str(exc).replace("`retype\t", "`kg entity retype ").replace("\t", " ")
            ) from None
        return Decision("merge", api.entity_ref(source), target=api.entity_ref(target), note=note)

    _decide(decision, curation_file, engine, db_path)


@entity.command("rename")
@click.argument("name")
@click.argument("new_name")
@note_option
@curation_option
@store_options
def rename_cmd(
    name: str,
    new_name: str,
    note: str,
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Rename an entity; the old name stays an alias, the old id a redirect."""
    from graph import api
    from graph.curation import Decision

    def decision(store: Any) -> Decision:
        return Decision(
            "rename", api.entity_ref(api.one_entity(store, name)), name=new_name, note=note
        )

    _decide(decision, curation_file, engine, db_path)


@entity.command("retype")
@click.argument("name")
@click.argument("new_type", metavar="TYPE")
@note_option
@curation_option
@store_options
def retype_cmd(
    name: str,
    new_type: str,
    note: str,
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Give an entity another type (Company, Cluster, Lab, City, Region, Country, Event); its
    id follows, the old id stays a redirect. Facts the new type cannot have are dropped."""
    from graph import api
    from graph.curation import CurationError, Decision, parse_type

    def decision(store: Any) -> Decision:
        try:
            etype = parse_type(new_type)
        except ValueError as exc:
            raise CurationError(str(exc)) from None
        return Decision(
            "retype", api.entity_ref(api.one_entity(store, name)), new_type=etype, note=note
        )

    _decide(decision, curation_file, engine, db_path)


@entity.command("drop")
@click.argument("name")
@note_option
@curation_option
@store_options
def drop_cmd(
    name: str, note: str, curation_file: Path | None, engine: str | None, db_path: Path | None
) -> None:
    """Remove an entity and its facts; no later ingest creates it again."""
    from graph import api
    from graph.curation import Decision

    def decision(store: Any) -> Decision:
        return Decision("drop", api.entity_ref(api.one_entity(store, name)), note=note)

    _decide(decision, curation_file, engine, db_path)


@entity.command("split")
@click.argument("name")
@click.argument("article")
@click.argument("new_name")
@note_option
@curation_option
@store_options
def split_cmd(
    name: str,
    article: str,
    new_name: str,
    note: str,
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Split a wrongly merged entity: in ARTICLE (an id), NAME's mentions and facts become a
    separate entity NEW_NAME (a name of the same type, or Type:Name)."""
    from graph import api
    from graph.curation import Decision, Ref, looks_typed, parse_ref

    def decision(store: Any) -> Decision:
        source = api.one_entity(store, name)
        new = parse_ref(new_name) if looks_typed(new_name) else Ref(source.type, new_name)
        article_id = article if ":" in article else f"article:{article}"
        return Decision("split", api.entity_ref(source), target=new, article=article_id, note=note)

    _decide(decision, curation_file, engine, db_path)


@entity.command("show")
@click.argument("name")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@curation_option
@store_options
def show_cmd(
    name: str, fmt: str, curation_file: Path | None, engine: str | None, db_path: Path | None
) -> None:
    """What the graph says of an entity (names, articles, facts) and the decisions that
    touched it."""
    from graph import api
    from graph.curation import Curation
    from graph.store import open_store

    curation = Curation.load(curation_file)
    with open_store(settings_from(engine, db_path), read_only=True) as store:
        facts = api.entity_facts(store, api.one_entity(store, name), curation)
    e = facts.entity
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "id": e.id,
                    "type": e.type,
                    "name": e.name,
                    "aliases": list(e.aliases),
                    "former_ids": facts.former_ids,
                    "articles": [{"id": i, "title": t} for i, t in facts.articles],
                    "facts": [
                        {"relation": r, "direction": d, "other": o, "sources": n}
                        for r, d, o, n in facts.facts
                    ],
                    "decisions": [
                        {"line": d.line, "decision": d.describe()} for d in facts.decisions
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{e.id}  {e.type}  {e.name}")
    if e.aliases:
        click.echo(f"  aliases: {', '.join(sorted(e.aliases))}")
    if facts.former_ids:
        click.echo(f"  former ids: {', '.join(facts.former_ids)}")
    click.echo(f"  mentioned by {len(facts.articles)} article(s)")
    for article_id, title in facts.articles:
        click.echo(f"    {article_id}  {title}")
    click.echo(f"  facts ({len(facts.facts)})")
    for rel, arrow, other, sources in facts.facts:
        click.echo(f"    {arrow} {rel} {other}  ({sources} source(s))")
    click.echo(f"  decisions ({len(facts.decisions)})")
    for decision in facts.decisions:
        click.echo(f"    line {decision.line}: {decision.describe()}")


# --------------------------------------------------------------------------- kg fact


@click.group()
def fact() -> None:
    """Reject a wrong fact, or assert one the articles miss (the analyst is its source)."""


def _fact_decision(
    action: str, source: str, relation: str, target: str, note: str, store: Any
) -> Any:
    from graph import api
    from graph.curation import CurationError, Decision, looks_typed, parse_ref, parse_relation
    from graph.schema import allowed

    def end(text: str) -> Any:
        if action == "assert" and looks_typed(text) and not api.find_entities(store, text):
            return parse_ref(text)  # the analyst may name an entity no article has yet
        return api.entity_ref(api.one_entity(store, text))

    try:
        rel = parse_relation(relation)
    except ValueError as exc:
        raise CurationError(str(exc)) from None
    a, b = end(source), end(target)
    if not allowed(rel, a.type, b.type):
        raise CurationError(f"{rel} cannot link a {a.type} ({a}) to a {b.type} ({b})")
    return Decision(action, a, target=b, relation=rel, note=note)


@fact.command("reject")
@click.argument("source")
@click.argument("relation")
@click.argument("target")
@note_option
@curation_option
@store_options
def reject_cmd(
    source: str,
    relation: str,
    target: str,
    note: str,
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Remove the fact SOURCE RELATION TARGET (e.g. `"Route des Lasers" PARTNERS_WITH WNLO`);
    it is never stored again."""
    _decide(
        lambda store: _fact_decision("reject", source, relation, target, note, store),
        curation_file,
        engine,
        db_path,
    )


@fact.command("assert")
@click.argument("source")
@click.argument("relation")
@click.argument("target")
@note_option
@curation_option
@store_options
def assert_cmd(
    source: str,
    relation: str,
    target: str,
    note: str,
    curation_file: Path | None,
    engine: str | None,
    db_path: Path | None,
) -> None:
    """Add the fact SOURCE RELATION TARGET with the analyst as its source (shown as such in
    queries, the viz and RDF provenance). An entity not in the graph yet: write Type:Name."""
    _decide(
        lambda store: _fact_decision("assert", source, relation, target, note, store),
        curation_file,
        engine,
        db_path,
    )


# --------------------------------------------------------------------------- kg curate


@click.group()
def curate() -> None:
    """The curation file: list its decisions, or re-apply them all to the graph."""


@curate.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@curation_option
def list_cmd(fmt: str, curation_file: Path | None) -> None:
    """Print every decision of the curation file with its line number and note."""
    from graph.curation import Curation

    curation = Curation.load(curation_file)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {"line": d.line, "action": d.action, "decision": d.describe(), "note": d.note}
                    for d in curation.decisions
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"{curation.path}: {len(curation.decisions)} decision(s)")
    for d in curation.decisions:
        click.echo(f"{d.line:>5}  {d.describe()}")


@curate.command("apply")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@curation_option
@store_options
def apply_cmd(
    quiet: bool, curation_file: Path | None, engine: str | None, db_path: Path | None
) -> None:
    """Re-apply every decision of the curation file to the stored graph, after editing it by
    hand: no NLP runs; decisions removed from the file are undone. A decision that matches
    nothing is reported (with the closest names), not fatal."""
    from tqdm import tqdm

    from graph import api
    from graph.curation import Curation
    from graph.store import open_store

    curation = Curation.load(curation_file)  # a malformed file stops here: nothing changes
    with (
        open_store(settings_from(engine, db_path)) as store,
        tqdm(unit=" articles", disable=quiet, desc="curate", leave=False) as bar,
    ):
        report = api.curate_apply(store, curation, on_article=bar.update)
        for decision in report.unmatched:
            near = api.closest_names(store, str(decision.subject))
            hint = f" (closest: {', '.join(near)})" if near else ""
            click.echo(
                f"kg: warning: {curation.path}:{decision.line}: "
                f"{decision.describe()} matches nothing{hint}",
                err=True,
            )
    matched = len(curation.decisions) - len(report.unmatched)
    click.echo(f"{report.summary()}; {matched} of {len(curation.decisions)} decision(s) matched")

"""The Python API the command line calls: ingest articles, load extracted graphs, count, reset,
curate, list and remove articles.

Stages are plain functions called in order: load -> extract -> resolve -> curate -> store.
Articles stream through in chunks, so memory stays flat and one broken file never stops the
rest. Extraction may run in worker processes (graph.parallel) or on a Dask cluster
(graph.cluster, then `load_graphs`); resolution, curation and writes stay in this process, in
order. Curation (graph.curation) applies the analyst's decisions to every article graph before
it is written, and `curate_apply` replays them on the stored graph without the NLP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graph.curation import ANALYST_ARTICLE_ID, Curation, Decision, Ref
from graph.errors import BadInput, KgError, StoreUnavailable
from graph.model import Article, ArticleGraph, Entity
from graph.store import GraphStore, Stats, WriteReport
from graph.store.replay import ArticleSummary

T = TypeVar("T")

if TYPE_CHECKING:
    from graph.resolve import Resolver

CHUNK_SIZE = 64  # articles per extraction batch and per write transaction
RESOLVER_CACHE = 200_000  # canonical entities the resolver keeps in memory between chunks
# files that hold one article: a new id read from the same file is the same article
SINGLE_ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per bad file: "PATH: problem"
    unwritten: list[str] = field(default_factory=list)  # ids the store could not take
    warnings: list[str] = field(default_factory=list)
    # "NEW replaces OLD (same file PATH)": a file read again under a new id (header edited)
    superseded: list[str] = field(default_factory=list)
    # unchanged articles the curation file, changed since, was applied to again
    recurated: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unwritten

    def summary(self) -> str:
        replaced = len(self.replaced) + len(self.superseded)
        lines = [
            f"{len(self.added) - len(self.superseded)} added, {replaced} replaced, "
            f"{len(self.unchanged)} unchanged, {len(self.errors)} failed; "
            f"{self.entities} entities and {self.relations} relations written"
        ]
        if self.recurated:
            lines.append(
                f"curation file changed: {len(self.recurated)} unchanged article(s) "
                "rewritten with its decisions"
            )
        return "\n".join(lines + self.superseded)



def ingest(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    on_article: Callable[[int], object] | None = None,
    merges: Path | None = None,
    workers: int = 1,
    curation: Curation | None = None,
    force: bool = False,
) -> IngestReport:
    """Load, extract, resolve, curate and store every article under `paths`.

    `workers` > 1 extracts in that many processes (graph.parallel); the graph is the same.
    `curation`: the analyst's decisions (default: the curation file, graph.curation). `force`:
    re-extract and rewrite even unchanged articles. `on_article(n)` is told each time n more
    input articles are done with (extracted, skipped as unchanged, or failed), for progress
    bars. `merges` is the former analyst merge file, read by the resolver as before."""
    from graph.load import iter_articles
    from graph.parallel import extract_stream

    curation = curation if curation is not None else Curation.load()
    report = IngestReport()
    run_ids: dict[str, str] = {}  # article id -> the input it came from, in this run
    articles = _unique_ids(
        _good_articles(iter_articles(paths, on_warning=report.warnings.append), report, on_article),
        run_ids,
        report,
        on_article,
    )
    stale: list[str] = []  # unchanged articles curated under other decisions than these
    fresh = _changed_only(articles, lambda a: a, store, report, on_article,
                          force=force, curation=curation, stale=stale)
    graphs = _with_warnings(extract_stream(fresh, workers), report)
    _resolve_and_write(graphs, _WriteRun(store, report, on_article, merges, curation, run_ids,
                                         force))
    if not report.unwritten:
        _finish_curation(store, curation, report, stale)
    return report


def load_graphs(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    on_article: Callable[[int], object] | None = None,
    merges: Path | None = None,
    curation: Curation | None = None,
) -> IngestReport:
    """Resolve, curate and store article graphs read from JSON Lines records (graph.records,
    written by `kg extract --loadable` or `--cluster`): the graph `ingest` would have built."""
    from graph.records import iter_graphs

    curation = curation if curation is not None else Curation.load()
    report = IngestReport()

    def failed(error: BadInput) -> None:
        report.errors.append(str(error))
        _tick(on_article, 1)

    stale: list[str] = []
    graphs = _changed_only(iter_graphs(paths, failed), lambda g: g.article, store, report,
                           on_article, curation=curation, stale=stale)
    _resolve_and_write(_with_warnings(graphs, report),
                       _WriteRun(store, report, on_article, merges, curation, {}, False))
    if not report.unwritten:
        _finish_curation(store, curation, report, stale)
    return report


@dataclass
class _WriteRun:
    """What every chunk of one ingest or load is written with."""

    store: GraphStore
    report: IngestReport
    on_article: Callable[[int], object] | None
    merges: Path | None
    curation: Curation
    run_ids: dict[str, str]  # article id -> the input it came from, in this run
    force: bool
    resolver: Resolver | None = None  # built on first need


def _resolve_and_write(graphs: Iterable[ArticleGraph], run: _WriteRun) -> None:
    """Resolve chunk after chunk against the store's candidates, apply the analyst's
    decisions, and write each chunk."""
    report = run.report
    chunk: list[ArticleGraph] = []
    try:
        for chunk in _chunks(graphs, CHUNK_SIZE):
            _write_chunk(chunk, run)
    except StoreUnavailable as exc:  # retried already (graph.store.neo4j_store): stop, say so
        done = {*report.added, *report.replaced, *report.unchanged}
        report.unwritten += [g.article.id for g in chunk if g.article.id not in done]
        report.errors.append(
            f"{exc}: {len(report.unwritten)} article(s) of this batch not written "
            f"({', '.join(report.unwritten)}); the rest of the input was not read. Run the "
            "same command again to finish: what was written stays"
        )


@dataclass
class _ChunkWritten:
    """What one chunk's turn wrote: its curated graphs, the store's report, and the stored
    articles it replaced under a new id (old id -> (new id, path))."""

    curated: list[ArticleGraph]
    written: WriteReport
    superseded: dict[str, tuple[str, str]]


def _write_chunk(chunk: list[ArticleGraph], run: _WriteRun) -> None:
    """Resolve, curate and write one chunk in one turn of the store's writers, then report:
    another `kg ingest` on the same Neo4j database resolves its names against this chunk's
    entities, or this one against its, as if the two ran one after the other."""
    from graph.resolve import Resolver

    if run.resolver is None:
        run.resolver = Resolver(merges=run.merges, source=run.store)
    resolver = run.resolver
    done = run.store.write_turn(lambda: _resolve_and_store(chunk, run, resolver))
    _tick(run.on_article, len(chunk))
    _report_chunk(done, run)
    if resolver.cached() > RESOLVER_CACHE:  # written: the store answers for them now
        resolver.forget()


def _resolve_and_store(
    chunk: list[ArticleGraph], run: _WriteRun, resolver: Resolver
) -> _ChunkWritten:
    """One chunk's turn: the resolver reads its candidates, then the curated graphs are
    written. Neo4j may run a turn again from the start (a retried transaction), so it
    changes nothing but the store and the resolver's memory."""
    store, curation = run.store, run.curation
    if store.concurrent_writers:
        # what the resolver remembers from earlier turns may have changed since (another
        # process wrote), and a failed try of this turn was never committed: it reads
        # everything it needs again, inside the turn
        resolver.forget()
    resolver.prefetch(chunk)  # the candidates of the whole chunk in a few queries
    pairs = []
    for graph in chunk:
        resolved = _with_absolute_path(resolver.resolve(graph))
        pairs.append((resolved, curation.apply(resolved)))
    curated = [c for _, c in pairs]
    superseded = _superseded(curated, store, run.run_ids)
    written = store.write(curated, force=run.force)
    done = set(written.added) | set(written.replaced)
    store.save_curation_state(
        [p for p in pairs if p[1].article.id in done], curation.fingerprint
    )
    if superseded:
        store.retract(sorted(superseded))
    return _ChunkWritten(curated, written, superseded)


def _report_chunk(done: _ChunkWritten, run: _WriteRun) -> None:
    report, written = run.report, done.written
    report.superseded += [
        f"{new} replaces {old} (same file {path})"
        for old, (new, path) in sorted(done.superseded.items())
    ]
    report.added += written.added
    report.replaced += written.replaced
    report.unchanged += written.unchanged
    report.warnings += [f"relation not stored: {d}" for d in written.dropped_relations]
    report.entities += sum(len(g.entities) for g in done.curated)
    report.relations += sum(len(g.relations) for g in done.curated)


def _finish_curation(
    store: GraphStore, curation: Curation, report: IngestReport, stale: list[str]
) -> None:
    """Apply a changed curation file to the unchanged articles, or write the analyst's own
    facts; a store lost here leaves every article written and says how to finish."""
    try:
        _apply_curation_after_write(store, curation, report, stale)
    except StoreUnavailable as exc:
        report.errors.append(
            f"{exc}: every article was written, but the curation file's own facts and "
            "redirects were not. Run the same command again to finish: what was written stays"
        )


def _apply_curation_after_write(
    store: GraphStore, curation: Curation, report: IngestReport, stale: list[str]
) -> None:
    if stale:  # the file changed since they were written: apply it to them too, no NLP
        report.recurated = curate_apply(store, curation, article_ids=stale).rewritten
    else:
        write_analyst_graph(store, curation)
        if curation.redirects():
            store.set_former_ids(curation.redirects())


def _curated_otherwise(
    chunk: Sequence[Article], fresh: Sequence[Article], store: GraphStore, curation: Curation
) -> list[str]:
    fresh_ids = {a.id for a in fresh}
    skipped = [a.id for a in chunk if a.id not in fresh_ids]
    if not skipped:
        return []
    applied = store.curation_hashes(skipped)
    return [i for i in skipped if i in applied and applied[i] != curation.fingerprint]


def _unique_ids(
    articles: Iterable[Article],
    run_ids: dict[str, str],
    report: IngestReport,
    on_article: Callable[[int], object] | None,
) -> Iterator[Article]:
    """The first input of each article id; a later one with the same id is an error naming
    both, and is skipped (otherwise the two would replace each other on every run)."""
    for article in articles:
        where = article.path or article.id
        first = run_ids.get(article.id)
        if first is not None:
            report.errors.append(
                f"{where}: same id {article.id} as {first}; skipped (give one of them its own "
                "Id: header or id field)"
            )
            _tick(on_article, 1)
            continue
        run_ids[article.id] = where
        yield article


def _with_absolute_path(graph: ArticleGraph) -> ArticleGraph:
    """The source path is stored absolute: it is how a file is recognised when its header
    (and so its id) changes, whatever folder kg runs from."""
    if not graph.article.path:
        return graph
    return replace(
        graph, article=replace(graph.article, path=str(Path(graph.article.path).resolve()))
    )


def _superseded(
    graphs: Sequence[ArticleGraph], store: GraphStore, run_ids: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """Stored articles that a graph of this chunk replaces because it comes from the same
    one-article file under a new id: old id -> (new id, path)."""
    single = {
        g.article.path: g.article.id
        for g in graphs
        if g.article.path and g.article.path.lower().endswith(SINGLE_ARTICLE_SUFFIXES)
    }
    if not single:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for path, stored_ids in store.articles_at_paths(list(single)).items():
        for old in stored_ids:
            if old != single[path] and old not in run_ids:
                found[old] = (single[path], path)
    return found


def write_analyst_graph(store: GraphStore, curation: Curation) -> bool:
    """Store the facts the analyst asserts as the graph of their pseudo-article (or remove it
    when there are none); whether anything changed."""
    present = store.curated_hashes_of([ANALYST_ARTICLE_ID]).get(ANALYST_ARTICLE_ID, False)
    ids = sorted(
        {
            ref.id
            for _, d in curation.assertions()
            for ref in (d.subject, d.target)
            if ref is not None
        }
    )
    graph = curation.analyst_graph(store.entities_by_id(ids))
    if graph is None:
        if present is not False:
            store.retract([ANALYST_ARTICLE_ID])
            return True
        return False
    from graph.store.replay import fingerprint

    if present == fingerprint(graph):
        return False
    store.write([graph], force=True)
    store.save_curation_state([(graph, graph)], curation.fingerprint)
    return True


def _good_articles(
    items: Iterable[Article | BadInput],
    report: IngestReport,
    on_article: Callable[[int], object] | None,
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, BadInput):
            report.errors.append(str(item))
            _tick(on_article, 1)
        else:
            yield item


def _tick(on_article: Callable[[int], object] | None, count: int) -> None:
    if on_article and count:
        on_article(count)




def _changed_only(
    items: Iterable[T],
    article_of: Callable[[T], Article],
    store: GraphStore,
    report: IngestReport,
    on_article: Callable[[int], object] | None,
    *,
    curation: Curation,
    stale: list[str],
    force: bool = False,
) -> Iterator[T]:
    """Skip what the store already holds unchanged (an unchanged article is not even read
    by the NLP), asking the store chunk by chunk; `force` skips nothing. The ids of skipped
    articles curated under other decisions than `curation` are added to `stale`."""
    for chunk in _chunks(items, CHUNK_SIZE):
        articles = [article_of(item) for item in chunk]
        known = {} if force else store.article_hashes([a.id for a in articles])
        fresh = [item for item, a in zip(chunk, articles, strict=True)
                 if known.get(a.id) != a.content_hash]
        skipped = [a for a in articles if known.get(a.id) == a.content_hash]
        report.unchanged += [a.id for a in skipped]
        _tick(on_article, len(skipped))
        stale += _curated_otherwise(articles, [article_of(i) for i in fresh], store, curation)
        yield from fresh


def _with_warnings(graphs: Iterable[ArticleGraph], report: IngestReport) -> Iterator[ArticleGraph]:
    for graph in graphs:
        label = graph.article.path or graph.article.id
        report.warnings += [f"{label}: {w}" for w in graph.warnings]
        yield graph


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class CurateReport:
    """What re-applying the decisions to the stored graph did."""

    rewritten: list[str] = field(default_factory=list)  # articles whose graph changed
    checked: int = 0  # articles looked at
    analyst_changed: bool = False  # the analyst's asserted facts were rewritten
    unmatched: list[Decision] = field(default_factory=list)  # decisions acting on nothing

    def summary(self) -> str:
        asserted = "; the analyst's facts rewritten" if self.analyst_changed else ""
        return f"{len(self.rewritten)} of {self.checked} article(s) rewritten{asserted}"


def curate_apply(
    store: GraphStore,
    curation: Curation,
    *,
    article_ids: Sequence[str] | None = None,
    on_article: Callable[[int], object] | None = None,
) -> CurateReport:
    """Re-apply every decision to the stored graph (or to the named articles), from each
    article's resolved graph as ingested: no NLP. Decisions removed from the file are undone
    too. Only articles whose curated graph changes are rewritten."""
    from graph.store.replay import fingerprint

    curation.matched.clear()
    hashes = store.curated_hashes()
    wanted = [
        i
        for i in (article_ids if article_ids is not None else hashes)
        if i in hashes and i != ANALYST_ARTICLE_ID
    ]
    report = CurateReport(checked=len(wanted))
    for chunk in _chunks(wanted, CHUNK_SIZE):
        pairs = []
        for resolved in store.resolved_graphs(chunk):
            curated = curation.apply(resolved)
            if fingerprint(curated) != hashes.get(resolved.article.id):
                pairs.append((resolved, curated))
        if pairs:
            store.write([curated for _, curated in pairs], force=True)
            store.save_curation_state(pairs, curation.fingerprint)
            report.rewritten += [curated.article.id for _, curated in pairs]
        store.mark_curated(chunk, curation.fingerprint)
        _tick(on_article, len(chunk))
    report.analyst_changed = write_analyst_graph(store, curation)
    store.set_former_ids(curation.redirects())
    report.unmatched = curation.unmatched() if article_ids is None else []
    return report


def stats(store: GraphStore) -> Stats:
    return store.stats()


def reset(store: GraphStore) -> None:
    store.reset()


# ---- entities and decisions ---------------------------------------------------------------


def find_entities(store: GraphStore, text: str) -> list[Entity]:
    """The stored entities `text` names: `Type:Name`, an id, or a bare name or alias (case,
    accents and punctuation ignored); a former id leads to the entity that replaced it."""
    from graph.curation import looks_typed, parse_ref
    from graph.keys import lookup_key
    from graph.schema import KEY_LABEL, KEY_OF

    ref = parse_ref(text) if looks_typed(text) else None
    name = ref.name if ref is not None else text
    rows = store.read(
        f"MATCH (:{KEY_LABEL} {{key: $key}})-[:{KEY_OF}]->(n) RETURN DISTINCT n.id AS id",
        {"key": lookup_key(name)},
    )
    ids = {row["id"] for row in rows}
    redirect = None
    if ref is not None:
        ids.add(ref.id)
        redirect = store.redirect_of(ref.id)
        if redirect is not None:
            ids.add(redirect)
    found = store.entities_by_id(sorted(ids)).values()
    if ref is not None:
        found = [e for e in found if e.type == ref.type or e.id == redirect]
    return sorted(found, key=lambda e: e.id)


def closest_names(store: GraphStore, text: str, limit: int = 5) -> list[str]:
    """The entity names nearest to `text`, as `Type:Name`, for "did you mean" messages."""
    from rapidfuzz import fuzz, process

    from graph.curation import looks_typed, parse_ref
    from graph.keys import fold

    name = parse_ref(text).name if looks_typed(text) else text
    choices: dict[str, str] = {}
    for entity in store.entities():
        for alias in (entity.name, *entity.aliases):
            choices.setdefault(f"{entity.type}:{entity.name}|{alias}", fold(alias))
    best: list[str] = []
    for _, _, label in process.extract(
        fold(name), choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=70
    ):
        shown = label.split("|", 1)[0]
        if shown not in best:
            best.append(shown)
    return best[:limit]


def one_entity(store: GraphStore, text: str) -> Entity:
    """The one stored entity `text` names; otherwise a KgError listing the closest names, or
    the candidates to choose from with Type:Name."""
    found = find_entities(store, text)
    if len(found) == 1:
        return found[0]
    if not found:
        near = closest_names(store, text)
        hint = f"; closest: {', '.join(near)}" if near else ""
        raise KgError(f"no entity named {text!r} in the graph{hint}")
    choices = ", ".join(f"{e.type}:{e.name}" for e in found)
    raise KgError(f"{text!r} names {len(found)} entities ({choices}); write Type:Name")


def entity_ref(entity: Entity) -> Ref:
    return Ref(entity.type, entity.name)


def decide(
    store: GraphStore, decision: Decision, path: Path | None = None
) -> tuple[int, CurateReport]:
    """Append one decision to the curation file and apply the whole file to the articles it
    concerns. The file is read first: if it (or the new line) is malformed, nothing changes.
    Returns the decision's line number and what applying did."""
    from graph.curation import append_decision, curation_path

    target = curation_path(path)
    Curation.load(target if target.exists() else None)  # a broken file stops us here
    line = append_decision(target, decision)
    curation = Curation.load(target)
    concerned = _articles_naming(store, decision) if decision.action != "assert" else []
    return line, curate_apply(store, curation, article_ids=concerned)


def _articles_naming(store: GraphStore, decision: Decision) -> list[str]:
    """Articles whose resolved graph may hold an entity the decision names: those that
    mention it, under its id or a former one."""
    from graph.schema import ARTICLE_LABEL, MENTIONS

    ids = sorted({ref.id for ref in decision.refs()})
    rows = store.read(
        f"UNWIND $ids AS id MATCH (a:{ARTICLE_LABEL})-[:{MENTIONS}]->(n) "
        "WHERE n.id = id OR id IN n.former_ids RETURN DISTINCT a.id AS id ORDER BY id",
        {"ids": ids},
    )
    return [row["id"] for row in rows]


@dataclass
class EntityFacts:
    """What the graph says of one entity, and the decisions that touched it."""

    entity: Entity
    former_ids: list[str]
    articles: list[tuple[str, str]]  # (id, title) of the articles that mention it
    facts: list[tuple[str, str, str, int]]  # (relation, direction, other id, sources)
    decisions: list[Decision]


def entity_facts(store: GraphStore, entity: Entity, curation: Curation) -> EntityFacts:
    from graph.model import RELATION_TYPES
    from graph.schema import ARTICLE_LABEL, MENTIONS

    label, params = entity.type, {"id": entity.id}
    former = store.read(f"MATCH (n:{label} {{id: $id}}) RETURN n.former_ids AS f", params)
    former_ids = sorted((former[0]["f"] or []) if former else [])
    articles = [
        (row["id"], row["title"] or "")
        for row in store.read(
            f"MATCH (a:{ARTICLE_LABEL})-[:{MENTIONS}]->(n:{label} {{id: $id}}) "
            "RETURN a.id AS id, a.title AS title ORDER BY id",
            params,
        )
    ]
    facts = []
    for rel in RELATION_TYPES:
        for arrow, pattern in (("->", f"-[e:{rel}]->(m)"), ("<-", f"<-[e:{rel}]-(m)")):
            facts += [
                (rel, arrow, row["other"], row["n"])
                for row in store.read(
                    f"MATCH (n:{label} {{id: $id}}){pattern} "
                    "RETURN m.id AS other, size(e.sources) AS n ORDER BY other",
                    params,
                )
            ]
    return EntityFacts(
        entity, former_ids, articles, facts, curation.decisions_about(entity, former_ids)
    )


# ---- articles -----------------------------------------------------------------------------


def list_articles(store: GraphStore) -> list[ArticleSummary]:
    return store.article_summaries()


def remove_article(store: GraphStore, given: str) -> list[str]:
    """Remove the article(s) `given` names (an id, a source path or a URL) and every fact
    only they supported, exactly as if replaced by nothing; the ids removed."""
    from graph.load import article_id, normalise_url

    if given == ANALYST_ARTICLE_ID:
        raise KgError(
            f"{ANALYST_ARTICLE_ID} holds the facts the curation file asserts: delete "
            "their assert lines and run `kg curate apply`"
        )
    summaries = [s for s in store.article_summaries() if s.id != ANALYST_ARTICLE_ID]
    as_path = str(Path(given).resolve())
    wanted_id = given if given.startswith("article:") else f"article:{given}"
    url_id = article_id(explicit=None, url=given, stem="") if "://" in given else None
    chosen = [
        s.id
        for s in summaries
        if s.id in (given, wanted_id, url_id)
        or s.path in (given, as_path)
        or (s.url and "://" in given and normalise_url(s.url) == normalise_url(given))
    ]
    if not chosen:
        near = [s.id for s in summaries if given.lower() in f"{s.id} {s.path} {s.url}".lower()]
        hint = f"; did you mean {', '.join(near[:5])}?" if near else " (see kg articles list)"
        raise KgError(f"no stored article with id, path or URL {given!r}{hint}")
    store.retract(chosen)
    return chosen

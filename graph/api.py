"""The Python API the command line calls: ingest articles, load extracted graphs, count, reset.

Stages are plain functions called in order: load -> extract -> resolve -> store. Articles
stream through in chunks, so memory stays flat and one broken file never stops the rest.
Extraction may run in worker processes (graph.parallel) or on a Dask cluster
(graph.cluster, then `load_graphs`); resolution and writes stay in this process, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from graph.errors import BadInput
from graph.model import Article, ArticleGraph
from graph.store import GraphStore, Stats

CHUNK_SIZE = 64  # articles per extraction batch and per write transaction
T = TypeVar("T")
RESOLVER_CACHE = 200_000  # canonical entities the resolver keeps in memory between chunks


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per bad file: "PATH: problem"
    warnings: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.unchanged)} unchanged, {len(self.errors)} failed; "
            f"{self.entities} entities and {self.relations} relations written"
        )


def ingest(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    on_article: Callable[[int], object] | None = None,
    merges: Path | None = None,
    workers: int = 1,
) -> IngestReport:
    """Load, extract, resolve and store every article under `paths`.

    `workers` > 1 extracts in that many processes (graph.parallel); the graph is the same.
    `on_article(n)` is told each time n more input articles are done with (extracted,
    skipped as unchanged, or failed), for progress bars."""
    from graph.load import iter_articles
    from graph.parallel import extract_stream

    report = IngestReport()
    articles = _good_articles(
        iter_articles(paths, on_warning=report.warnings.append), report, on_article
    )
    fresh = _changed_only(articles, lambda a: a, store, report, on_article)
    graphs = _with_warnings(extract_stream(fresh, workers), report)
    _resolve_and_write(graphs, store, report, on_article, merges)
    return report


def load_graphs(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    on_article: Callable[[int], object] | None = None,
    merges: Path | None = None,
) -> IngestReport:
    """Resolve and store article graphs read from JSON Lines records (graph.records, written
    by `kg extract --loadable` or `--cluster`): the graph `ingest` would have built."""
    from graph.records import iter_graphs

    report = IngestReport()

    def failed(error: BadInput) -> None:
        report.errors.append(str(error))
        _tick(on_article, 1)

    graphs = _changed_only(iter_graphs(paths, failed), lambda g: g.article, store, report,
                           on_article)
    _resolve_and_write(_with_warnings(graphs, report), store, report, on_article, merges)
    return report


def _resolve_and_write(
    graphs: Iterable[ArticleGraph],
    store: GraphStore,
    report: IngestReport,
    on_article: Callable[[int], object] | None,
    merges: Path | None,
) -> None:
    """Resolve chunk after chunk against the store's candidates, and write each chunk."""
    from graph.resolve import Resolver

    resolver: Resolver | None = None
    for chunk in _chunks(graphs, CHUNK_SIZE):
        if resolver is None:
            resolver = Resolver(merges=merges, source=store)
        resolver.prefetch(chunk)  # the candidates of the whole chunk in a few queries
        resolved = []
        for graph in chunk:
            resolved.append(resolver.resolve(graph))
            _tick(on_article, 1)
        written = store.write(resolved)
        report.added += written.added
        report.replaced += written.replaced
        report.unchanged += written.unchanged
        report.warnings += [f"relation not stored: {d}" for d in written.dropped_relations]
        report.entities += sum(len(g.entities) for g in resolved)
        report.relations += sum(len(g.relations) for g in resolved)
        if resolver.cached() > RESOLVER_CACHE:  # written: the store answers for them now
            resolver.forget()


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
) -> Iterator[T]:
    """Skip what the store already holds unchanged (an unchanged article is not even read
    by the NLP), asking the store chunk by chunk."""
    for chunk in _chunks(items, CHUNK_SIZE):
        known = store.article_hashes([article_of(item).id for item in chunk])
        for item in chunk:
            article = article_of(item)
            if known.get(article.id) == article.content_hash:
                report.unchanged.append(article.id)
                _tick(on_article, 1)
            else:
                yield item


def _with_warnings(graphs: Iterable[ArticleGraph], report: IngestReport) -> Iterator[ArticleGraph]:
    for graph in graphs:
        label = graph.article.path or graph.article.id
        report.warnings += [f"{label}: {w}" for w in graph.warnings]
        yield graph


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def stats(store: GraphStore) -> Stats:
    return store.stats()


def reset(store: GraphStore) -> None:
    store.reset()

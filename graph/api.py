"""The Python API the command line calls: ingest articles, count, reset.

Stages are plain functions called in order: load -> extract -> resolve -> store. Articles
stream through in chunks, so memory stays flat and one broken file never stops the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import BadInput, StoreUnavailable
from graph.model import Article, ArticleGraph
from graph.store import GraphStore, Stats

if TYPE_CHECKING:
    from graph.resolve import Resolver

CHUNK_SIZE = 64  # articles per extraction batch and per write transaction


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per bad file: "PATH: problem"
    unwritten: list[str] = field(default_factory=list)  # ids the store could not take
    warnings: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unwritten

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
) -> IngestReport:
    """Load, extract, resolve and store every article under `paths`.

    `on_article(n)` is told each time n more input articles are done with (extracted,
    skipped as unchanged, or failed), for progress bars."""
    from graph.load import iter_articles

    report = IngestReport()
    articles = _good_articles(
        iter_articles(paths, on_warning=report.warnings.append), report, on_article
    )
    resolver: Resolver | None = None
    for chunk in _chunks(articles, CHUNK_SIZE):
        try:
            resolver = _ingest_chunk(chunk, store, report, resolver, on_article, merges)
        except StoreUnavailable as exc:  # retried already; stop, say what is not written
            report.unwritten += [a.id for a in chunk if a.id not in _done(report)]
            report.errors.append(
                f"{exc}: {len(report.unwritten)} article(s) of this batch not written "
                f"({', '.join(report.unwritten)}); the rest of the input was not read. "
                "Run the same command again to finish: what was written stays"
            )
            break
    return report


def _done(report: IngestReport) -> set[str]:
    return {*report.added, *report.replaced, *report.unchanged}


def _ingest_chunk(
    chunk: list[Article],
    store: GraphStore,
    report: IngestReport,
    resolver: Resolver | None,
    on_article: Callable[[int], object] | None,
    merges: Path | None,
) -> Resolver | None:
    """Extract, resolve and write one chunk; returns the resolver, built on first need."""
    fresh = _changed_only(chunk, store, report)
    _tick(on_article, len(chunk) - len(fresh))
    if not fresh:
        return resolver
    if resolver is None:  # built lazily: a re-run of an unchanged corpus needs no NLP
        from graph.resolve import Resolver as Built

        resolver = Built(store.entities(), merges=merges)
    graphs = []
    for graph in _extract(fresh, report):
        graphs.append(resolver.resolve(graph))
        _tick(on_article, 1)
    written = store.write(graphs)
    report.added += written.added
    report.replaced += written.replaced
    report.unchanged += written.unchanged
    report.warnings += [f"relation not stored: {d}" for d in written.dropped_relations]
    report.entities += sum(len(g.entities) for g in graphs)
    report.relations += sum(len(g.relations) for g in graphs)
    return resolver


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
    chunk: Sequence[Article], store: GraphStore, report: IngestReport
) -> list[Article]:
    """Skip extraction for articles the store already holds unchanged."""
    known = store.article_hashes([a.id for a in chunk])
    fresh = []
    for article in chunk:
        if known.get(article.id) == article.content_hash:
            report.unchanged.append(article.id)
        else:
            fresh.append(article)
    return fresh


def _extract(articles: Sequence[Article], report: IngestReport) -> Iterator[ArticleGraph]:
    from graph.extract import extract_articles

    for graph in extract_articles(articles):
        label = graph.article.path or graph.article.id
        report.warnings += [f"{label}: {w}" for w in graph.warnings]
        yield graph


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def stats(store: GraphStore) -> Stats:
    return store.stats()


def reset(store: GraphStore) -> None:
    store.reset()

"""Extraction in worker processes: the same graphs, in the same order, as one process."""

from __future__ import annotations

from pathlib import Path

from graph import api
from graph.load import iter_articles
from graph.model import Article
from graph.parallel import BATCH_SIZE, extract_stream
from graph.store import GraphStore
from tests.conftest import open_test_store
from tests.test_api import graph_dump

ARTICLES = Path(__file__).parents[1] / "data" / "articles"


def sample() -> list[Article]:
    return [a for a in iter_articles([ARTICLES]) if isinstance(a, Article)]


def test_two_workers_extract_what_one_does_in_the_same_order() -> None:
    articles = sample()
    assert len(articles) > BATCH_SIZE  # both workers get a batch
    one = list(extract_stream(articles, workers=1))
    two = list(extract_stream(articles, workers=2))
    assert [g.article.id for g in two] == [a.id for a in articles]
    assert [g.to_json() for g in two] == [g.to_json() for g in one]
    assert [g.warnings for g in two] == [g.warnings for g in one]


def test_ingest_with_two_workers_builds_the_one_process_graph(tmp_path: Path) -> None:
    stores: list[GraphStore] = []
    try:
        for workers in (1, 2):
            store = open_test_store("ladybug", tmp_path / f"w{workers}")
            stores.append(store)
            report = api.ingest([ARTICLES], store, workers=workers)
            assert report.ok and len(report.added) == len(sample())
        assert graph_dump(stores[0]) == graph_dump(stores[1])
    finally:
        for store in stores:
            store.close()

"""Extraction on a real local Dask cluster (two worker processes), then `kg load` into each
engine: the graph of a one-process `kg ingest`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import api
from graph.cli import cli
from graph.load import iter_articles
from graph.model import Article
from graph.store import GraphStore
from tests.conftest import in_ci, open_test_store
from tests.test_api import graph_dump

try:
    import distributed
except ImportError:  # the test extra installs it: under CI a missing cluster fails the run
    if in_ci():
        raise
    pytest.skip("the cluster extra is not installed", allow_module_level=True)

ARTICLES = Path(__file__).parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def cluster_graphs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`kg extract --cluster` over the sample articles, on a LocalCluster of two processes."""
    out = tmp_path_factory.mktemp("cluster") / "graphs.jsonl"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        assert len(cluster.workers) == 2
        result = CliRunner().invoke(
            cli, ["extract", "--cluster", cluster.scheduler_address, "-o", str(out),
                  str(ARTICLES)]
        )
    assert result.exit_code == 0, result.output
    yield out


@pytest.fixture(scope="module")
def one_process_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list]:
    store = open_test_store("ladybug", tmp_path_factory.mktemp("one"))
    try:
        assert api.ingest([ARTICLES], store, workers=1).ok
        return graph_dump(store)
    finally:
        store.close()


def test_cluster_records_keep_input_order(cluster_graphs: Path) -> None:
    ids = [json.loads(line)["article"]["id"] for line in cluster_graphs.read_text().splitlines()]
    articles = [a for a in iter_articles([ARTICLES]) if isinstance(a, Article)]
    assert len(articles) > 8 and ids == [a.id for a in articles]  # more than one batch


def test_loading_cluster_graphs_builds_the_one_process_graph(
    cluster_graphs: Path, one_process_graph: tuple[list, list], store: GraphStore
) -> None:
    report = api.load_graphs([cluster_graphs], store)
    assert report.ok and len(report.added) == len(cluster_graphs.read_text().splitlines())
    assert graph_dump(store) == one_process_graph
    again = api.load_graphs([cluster_graphs], store)  # idempotent, like ingest
    assert again.added == [] and len(again.unchanged) == len(report.added)


def test_a_bad_line_is_reported_and_the_rest_loaded(
    cluster_graphs: Path, tmp_path: Path
) -> None:
    lines = cluster_graphs.read_text().splitlines()
    plain = json.loads(lines[1])
    del plain["article"]["text"]  # what a plain `kg extract` writes
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([lines[0], "{not json", json.dumps(plain), lines[2]]) + "\n")
    db = tmp_path / "g.lbdb"
    result = CliRunner().invoke(cli, ["load", "--db", str(db), "-q", str(mixed)])
    assert result.exit_code == 1
    assert f"kg: {mixed}: line 2: not JSON" in result.output
    assert f"kg: {mixed}: line 3: no article text" in result.output
    assert "2 added, 0 replaced, 0 unchanged, 2 failed" in result.output

"""Extraction on a Dask distributed cluster, when the cores of one machine are not enough.

The client (this process) reads the articles and ships batches of them to the cluster's
workers, a few batches in flight per worker thread; each worker runs graph.parallel's
`extract_batch`, its spaCy pipelines loaded once per worker process. Graphs come back in
input order. Resolution and writes do not run on the cluster: they need one consistent view
of the graph, so `kg load` (graph.api.load_graphs) does them from the JSON Lines records
this produces. Every worker needs this package installed (the `cluster` extra), and the
models it loads. See docs/scale.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from graph.errors import KgError
from graph.model import Article, ArticleGraph
from graph.parallel import IN_FLIGHT_PER_WORKER, extract_batch, ordered_map

CONNECT_TIMEOUT = "30s"


def extract_on_cluster(
    articles: Iterable[Article], address: str | Any, *, timeout: str = CONNECT_TIMEOUT
) -> Iterator[ArticleGraph]:
    """One ArticleGraph per Article, in input order, extracted on the Dask cluster whose
    scheduler is at `address` ("tcp://host:8786"; or a distributed.LocalCluster)."""
    client = _connect(address, timeout)
    try:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        submit = _submitter(client)
        yield from ordered_map(submit, articles, max(1, threads) * IN_FLIGHT_PER_WORKER)
    finally:
        client.close()


def _submitter(client: Any) -> Any:
    def submit(fn: Any, batch: list[Article]) -> Any:
        # pure=False: no hashing of whole articles to name the task
        return client.submit(fn, batch, pure=False)

    return submit


def _connect(address: str | Any, timeout: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise KgError(
            "--cluster needs Dask distributed: pip install 'kg-ecosystems[cluster]'"
        ) from exc
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


__all__ = ["extract_batch", "extract_on_cluster"]

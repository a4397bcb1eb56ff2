"""Extraction on every core: batches of articles in worker processes, results in input order.

Each worker process loads the spaCy pipelines once (graph.extract.nlp caches them per
process) and extracts batch after batch; the parent keeps a few batches in flight per worker
and yields the graphs in the order of the input, so the output is the one of a single
process, article for article. Workers start with "spawn": a forked copy of a parent holding
database connections or threads is not safe.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

from graph.model import Article, ArticleGraph

BATCH_SIZE = 8  # articles per task: big enough for nlp.pipe, small enough to spread evenly
IN_FLIGHT_PER_WORKER = 3  # batches queued per worker, so none waits for the parent


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent() -> None:
    """A worker ends when the kg process that started it ends, even by SIGKILL: an orphan
    would go on holding the terminal's or a caller's pipes open (Linux; elsewhere a no-op)."""
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the line above ran
        os._exit(1)


def extract_batch(articles: list[Article]) -> list[ArticleGraph]:
    """What one worker does with one batch (also the task a Dask cluster runs)."""
    from graph.extract import extract_articles

    return list(extract_articles(articles, batch_size=len(articles) or 1))


def extract_stream(articles: Iterable[Article], workers: int = 1) -> Iterator[ArticleGraph]:
    """One ArticleGraph per Article, in input order, extracted by `workers` processes (1: in
    this process, streamed as graph.extract.extract_articles does)."""
    if workers <= 1:
        from graph.extract import extract_articles

        yield from extract_articles(articles)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_die_with_parent) as pool:
        yield from ordered_map(pool.submit, articles, workers * IN_FLIGHT_PER_WORKER)


def ordered_map(
    submit: Callable[..., Any], articles: Iterable[Article], in_flight: int
) -> Iterator[ArticleGraph]:
    """Submit `extract_batch` over batches of the articles, at most `in_flight` at a time,
    and yield the graphs in input order. The input is read only as work is submitted.
    `submit(fn, batch)` returns a future with `.result()`: a process pool's, or Dask's."""
    batches = _batches(articles, BATCH_SIZE)
    pending: deque[Any] = deque()  # futures: concurrent.futures' or Dask's
    for batch in islice(batches, in_flight):
        pending.append(submit(extract_batch, batch))
    while pending:
        done = pending.popleft().result()
        batch = next(batches, None)
        if batch is not None:
            pending.append(submit(extract_batch, batch))
        yield from done


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch

"""The embedded engine written by graph.store.base's MERGE statements alone: the reference
the create-then-merge path of graph.store.ladybug_store is compared with (same graph in
tests/store/test_bulk_writes.py, speed in scripts/bench_store.py)."""

from __future__ import annotations

from graph.store import GraphStore
from graph.store.ladybug_store import LadybugStore


class MergingLadybugStore(LadybugStore):
    """The embedded engine written by graph.store.base's MERGE statements alone."""

    _article_statements = GraphStore._article_statements
    _entity_statements = GraphStore._entity_statements
    _fact_statements = GraphStore._fact_statements
    _key_statements = GraphStore._key_statements
    _block_statements = GraphStore._block_statements

"""A full, engine-independent dump of a stored graph: every property of every node and edge.

Tests compare dumps, never counts: two graphs are the same when their dumps are equal.
"""

from __future__ import annotations

from typing import Any

from graph.model import ENTITY_TYPES, RELATION_TYPES
from graph.schema import (
    ARTICLE_LABEL,
    ARTICLE_PROPERTIES,
    ENTITY_PROPERTIES,
    FACT_PROPERTIES,
    KEY_LABEL,
    KEY_OF,
    MENTION_PROPERTIES,
    MENTIONS,
)
from graph.store import GraphStore


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, float):
        return round(value, 9)
    return value


def _props(var: str, properties: dict[str, str]) -> str:
    return ", ".join(f"{var}.{name} AS {var}_{name}" for name in properties)


def dump(store: GraphStore, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Articles, entities, facts, mentions and the lookup index, sorted. `skip`: article
    properties to leave out (e.g. `path` when the same text comes from another file)."""
    article_props = {k: v for k, v in ARTICLE_PROPERTIES.items() if k not in skip}
    out: dict[str, list[tuple]] = {
        "articles": [],
        "entities": [],
        "facts": [],
        "mentions": [],
        "keys": [],
    }
    out["articles"] = sorted(
        tuple(_frozen(row[f"a_{k}"]) for k in article_props)
        for row in store.read(f"MATCH (a:{ARTICLE_LABEL}) RETURN {_props('a', article_props)}")
    )
    for label in ENTITY_TYPES:
        out["entities"] += [
            (label, *(_frozen(row[f"n_{k}"]) for k in ENTITY_PROPERTIES))
            for row in store.read(f"MATCH (n:{label}) RETURN {_props('n', ENTITY_PROPERTIES)}")
        ]
        out["mentions"] += [
            (row["a"], row["n"], *(_frozen(row[f"m_{k}"]) for k in MENTION_PROPERTIES))
            for row in store.read(
                f"MATCH (a:{ARTICLE_LABEL})-[m:{MENTIONS}]->(n:{label}) "
                f"RETURN a.id AS a, n.id AS n, {_props('m', MENTION_PROPERTIES)}"
            )
        ]
        out["keys"] += [
            (row["k"], row["n"])
            for row in store.read(
                f"MATCH (k:{KEY_LABEL})-[:{KEY_OF}]->(n:{label}) RETURN k.key AS k, n.id AS n"
            )
        ]
    for rel in RELATION_TYPES:
        out["facts"] += [
            (rel, row["s"], row["t"], *(_frozen(row[f"e_{k}"]) for k in FACT_PROPERTIES))
            for row in store.read(
                f"MATCH (a)-[e:{rel}]->(b) RETURN a.id AS s, b.id AS t, "
                f"{_props('e', FACT_PROPERTIES)}"
            )
        ]
    return {part: sorted(rows, key=repr) for part, rows in out.items()}


def entity_ids(store: GraphStore) -> set[str]:
    return {row[1] for row in dump(store)["entities"]}


def fact_keys(store: GraphStore) -> set[tuple[str, str, str]]:
    return {row[:3] for row in dump(store)["facts"]}

"""The storage port: one narrow contract, implemented by the embedded engine and by Neo4j.

Adapters implement a handful of primitives (run writes in one transaction, run a read-only
query, stream a read, schema, reset). Everything else, including the idempotent ingest and
the exact retraction of an article, is written once here in Cypher both engines accept; the
derived properties every write keeps current are in graph.store.derived.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from graph.blocking import FUZZY_TYPES, entity_blocks
from graph.keys import search_keys
from graph.model import ENTITY_TYPES, PLACE_TYPES, RELATION_TYPES, ArticleGraph, Entity
from graph.schema import (
    ARTICLE_LABEL,
    BLOCK_LABEL,
    BLOCK_OF,
    KEY_LABEL,
    KEY_OF,
    MENTIONS,
    label_of,
)
from graph.store import rows as R
from graph.store.derived import DerivedProperties
from graph.store.replay import StoredArticles
from graph.store.rows import Statement

__all__ = ["GraphStore", "ReadStep", "Statement", "Stats", "WriteReport"]

log = logging.getLogger(__name__)
T = TypeVar("T")

_ENTITY_COLUMNS = (
    "n.id AS id, n.name AS name, n.aliases AS aliases, n.wikidata AS wikidata, "
    "n.country AS country, n.lat AS lat, n.lon AS lon"
)
# From index nodes found by key to the entities they point at. OPTIONAL MATCH makes
# LadybugDB 0.22 expand from each index node; a plain MATCH scans and hash-joins the whole
# edge table (90 ms against 8 ms for 40 keys in 10k entities; Neo4j plans both the same).
_EXPAND_KEYS = f"OPTIONAL MATCH (x)-[:{KEY_OF}]->(n) WITH n WHERE n IS NOT NULL"
_EXPAND_BLOCKS = f"OPTIONAL MATCH (x)-[:{BLOCK_OF}]->(n) WITH b, n WHERE n IS NOT NULL"
_BACKFILL_BATCH = 5_000  # nodes per transaction when blocks are computed for an older graph

# runs one query inside a read transaction: its column names and its rows
ReadStep = Callable[[str, dict[str, Any]], tuple[list[str], list[dict[str, Any]]]]
ReadColumns = Callable[[str, dict[str, Any]], dict[str, list[Any]]]  # column -> its values


@dataclass
class WriteReport:
    """What one `write` did, per article id."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped_relations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Stats:
    nodes: dict[str, int]
    relationships: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "relationships": self.relationships,
            "total_nodes": sum(self.nodes.values()),
            "total_relationships": sum(self.relationships.values()),
        }


class GraphStore(DerivedProperties, StoredArticles):
    """A graph database holding articles, entities and the facts they state."""

    engine: str = "abstract"
    # whether other processes may write to the database between two turns of this one
    # (`write_turn`): a server has many clients; an embedded database has one writer at all
    concurrent_writers: bool = False

    # ---- primitives each engine implements -------------------------------------------------
    @abstractmethod
    def _write(self, statements: Sequence[Statement]) -> None:
        """Run the statements in one write transaction."""

    @abstractmethod
    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run trusted internal Cypher and return every row."""

    @abstractmethod
    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a query in a read-only transaction enforced by the engine; writes raise
        WriteRefused."""

    @abstractmethod
    def iter_read(self, cypher: str, params: dict[str, Any] | None = None) -> Iterator[dict]:
        """Stream the rows of a read query without holding them all in memory."""

    @abstractmethod
    def _read_transaction(self) -> AbstractContextManager[ReadStep]:
        """One read-only transaction enforced by the engine, and how to run a query in it
        (its columns and rows); a write raises WriteRefused."""

    @contextmanager
    def reading(self) -> Iterator[ReadColumns]:
        """One read-only transaction for a query answered in Python (graph.query_functions),
        its results by column: `with store.reading() as read: ids = read(cypher, params)["id"]`."""
        with self._read_transaction() as run:

            def read(cypher: str, params: dict[str, Any]) -> dict[str, list[Any]]:
                columns, rows = run(cypher, params)
                return {column: [row[column] for row in rows] for column in columns}

            yield read

    def read_steps(
        self, steps: Sequence[str], params: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run read queries in turn in one read-only transaction and return the rows of the
        last. Each step passes its columns on to the steps after it as list parameters: a
        column `ids` becomes `$ids`, its values in row order (empty when it has no rows)."""
        bound = dict(params or {})
        rows: list[dict[str, Any]] = []
        with self._read_transaction() as run:
            for step in steps:
                columns, rows = run(step, bound)
                bound |= {column: [row[column] for row in rows] for column in columns}
        return rows

    @abstractmethod
    def ensure_schema(self) -> None: ...

    @abstractmethod
    def reset(self) -> None:
        """Delete every node and relationship; the schema stays."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _cast(self, expr: str, kind: str) -> str:
        """Type a parameter expression where the engine cannot infer it from a null."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reads shared by both engines ------------------------------------------------------
    def stats(self) -> Stats:
        nodes = {
            label: self._read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
            for label in (*ENTITY_TYPES, ARTICLE_LABEL)
        }
        rels = {
            rel: self._read(f"MATCH ()-[e:{rel}]->() RETURN count(e) AS c")[0]["c"]
            for rel in (*RELATION_TYPES, MENTIONS)
        }
        return Stats(nodes=nodes, relationships=rels)

    def article_hashes(self, article_ids: Sequence[str]) -> dict[str, str]:
        rows = self._read(
            f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}}) "
            "RETURN a.id AS id, a.content_hash AS hash",
            {"ids": list(article_ids)},
        )
        return {row["id"]: row["hash"] for row in rows}

    def entities(self) -> list[Entity]:
        """Every entity (a full read: resolution asks for candidates instead, below)."""
        found: list[Entity] = []
        for label in ENTITY_TYPES:
            for row in self.iter_read(f"MATCH (n:{label}) RETURN {_ENTITY_COLUMNS} ORDER BY n.id"):
                found.append(_entity(row))
        return found

    # ---- candidates for resolution (graph.resolve.CandidateSource) -------------------------
    def entities_by_keys(self, keys: Sequence[str]) -> list[Entity]:
        """Every entity one of these lookup keys names, through the Key index."""
        rows = self._read(
            f"UNWIND $keys AS k MATCH (x:{KEY_LABEL} {{key: k}}) {_EXPAND_KEYS} "
            f"RETURN DISTINCT {_ENTITY_COLUMNS}",
            {"keys": list(keys)},
        )
        return [_entity(row) for row in rows]

    def block_sizes(self, blocks: Sequence[str]) -> dict[str, int]:
        rows = self._read(
            f"UNWIND $blocks AS b MATCH (x:{BLOCK_LABEL} {{key: b}}) "
            f"OPTIONAL MATCH (x)-[:{BLOCK_OF}]->(n) RETURN b AS block, count(n) AS size",
            {"blocks": list(blocks)},
        )
        return {row["block"]: row["size"] for row in rows}

    def entities_in_blocks(self, blocks: Sequence[str]) -> list[tuple[str, Entity]]:
        """(block, entity) for every entity of these blocks."""
        rows = self._read(
            f"UNWIND $blocks AS b MATCH (x:{BLOCK_LABEL} {{key: b}}) "
            f"{_EXPAND_BLOCKS} RETURN b AS block, {_ENTITY_COLUMNS}",
            {"blocks": list(blocks)},
        )
        return [(row["block"], _entity(row)) for row in rows]

    def ensure_blocks(self) -> None:
        """Link every organisation and event to its blocks once, in a graph written before
        the blocking index existed (it has such entities and no Block at all)."""
        if self._read(f"MATCH (b:{BLOCK_LABEL}) RETURN b.key AS key LIMIT 1"):
            return
        labels = [
            label
            for label in FUZZY_TYPES
            if self._read(f"MATCH (n:{label}) RETURN n.id AS id LIMIT 1")
        ]
        if labels:
            log.warning("kg: computing the blocking index of entity resolution once")
        for label in labels:
            batch: list[dict[str, Any]] = []
            for row in self.iter_read(
                f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases"
            ):
                batch.append(row)
                if len(batch) >= _BACKFILL_BATCH:
                    self._write(self._block_statements(label, batch, []))
                    batch = []
            self._write(self._block_statements(label, batch, []))

    # ---- turns of concurrent writers ---------------------------------------------------------
    def write_turn(self, work: Callable[[], T]) -> T:
        """Run `work`, which reads and writes through this store only, as one turn that no
        other writer's reads or writes come between: what it reads, no one changes before
        its writes are done. The embedded engine has one writer per database (its file
        lock), so a turn is the call itself; Neo4jStore runs it in one write transaction
        holding the write lock. An engine may run `work` again from the start (a retried
        transaction), so it must change nothing outside the store before it returns."""
        return work()

    # ---- the idempotent write --------------------------------------------------------------
    def write(self, graphs: Sequence[ArticleGraph], *, force: bool = False) -> WriteReport:
        """Store resolved article graphs. An unchanged article is a no-op (unless `force`: a
        re-extraction, or a curation decision applied later); a changed one replaces what it
        said before (facts supported only by it disappear)."""
        latest = {g.article.id: g for g in graphs}  # the last copy of an article in a batch wins
        hashes = self.article_hashes(list(latest))
        report = WriteReport()
        changed: list[ArticleGraph] = []
        for art_id, graph in latest.items():
            if not force and hashes.get(art_id) == graph.article.content_hash:
                report.unchanged.append(art_id)
                continue
            (report.replaced if art_id in hashes else report.added).append(art_id)
            changed.append(graph)
        report.dropped_relations = [
            f"{g.article.id}: {r.type} {r.source} -> {r.target}"
            for g in changed
            for r in g.relations
            if not R.is_storable(r)
        ]
        if changed:
            self._replace(changed, set(report.replaced))
        return report

    def retract(self, article_ids: Sequence[str]) -> None:
        """Remove articles and everything only they supported."""
        present = set(self.article_hashes(list(article_ids)))
        if present:
            self._replace([], present)

    def _replace(self, graphs: Sequence[ArticleGraph], retracted: set[str]) -> None:
        new_ids = {g.article.id for g in graphs}
        old_facts = self._facts_of_articles(sorted(retracted))
        old_nodes = self._entities_of_articles(sorted(retracted))
        contributions = R.fact_contributions(graphs)
        unseen = [k for k in contributions if k not in old_facts]
        old_facts.update(self._facts_by_key(unseen))
        drop = retracted | new_ids

        entity_rows = R.entity_rows(graphs)
        touched = old_nodes | {nid for rows in entity_rows.nodes.values() for nid in rows}
        before = self._nodes_before(touched)
        codes_before = {n: b.country for n, b in before.items() if label_of(n) in PLACE_TYPES}

        statements: list[Statement] = []
        statements += self._delete_articles_statements(sorted(retracted - new_ids))
        statements += self._delete_mentions_statements(sorted(retracted & new_ids))
        statements += self._article_statements(graphs)
        statements += self._entity_statements(entity_rows)
        fact_statements, created_or_deleted = self._fact_statements(old_facts, contributions, drop)
        self._write(statements + fact_statements)

        added = _added_mentions(graphs, entity_rows, before, old_nodes)
        node_statements, gone = self._refresh_nodes_statements(touched, before, added)
        endpoints = {node for _, s, t in set(old_facts) | set(contributions) for node in (s, t)}
        moved_places = {
            s
            for rel, s, _ in created_or_deleted
            if rel == "LOCATED_IN" and label_of(s) in PLACE_TYPES
        }
        moved_places |= self._gazetteer_moves(codes_before, entity_rows.nodes, gone)
        derived = touched | endpoints | moved_places | self._located_within(moved_places)
        # one transaction: orphans deleted there have no facts left, so their counts are moot.
        # The content hashes go last: a process killed between the two transactions leaves
        # its articles looking changed, so the next ingest redoes them instead of skipping.
        self._write(
            node_statements
            + self._derived_statements(derived - gone, gone)
            + self._article_hash_statements(graphs)
        )

    # ---- reads used by the write path ------------------------------------------------------
    def _facts_of_articles(self, article_ids: list[str]) -> dict[R.FactKey, R.Provenance]:
        facts: dict[R.FactKey, R.Provenance] = {}
        if not article_ids:
            return facts
        for rel in RELATION_TYPES:
            for row in self._read(
                f"UNWIND $ids AS aid MATCH (:{ARTICLE_LABEL} {{id: aid}})-[:{MENTIONS}]->(n)"
                f"-[e:{rel}]->(m) WHERE aid IN e.sources "
                "RETURN DISTINCT n.id AS s, m.id AS t, e.provenance AS provenance",
                {"ids": article_ids},
            ):
                facts[(rel, row["s"], row["t"])] = R.parse_provenance(row["provenance"])
        return facts

    def _entities_of_articles(self, article_ids: list[str]) -> set[str]:
        if not article_ids:
            return set()
        rows = self._read(
            f"UNWIND $ids AS aid MATCH (:{ARTICLE_LABEL} {{id: aid}})-[:{MENTIONS}]->(n) "
            "RETURN DISTINCT n.id AS id",
            {"ids": article_ids},
        )
        return {row["id"] for row in rows}

    def _facts_by_key(self, keys: Iterable[R.FactKey]) -> dict[R.FactKey, R.Provenance]:
        facts: dict[R.FactKey, R.Provenance] = {}
        for (rel, src_label, tgt_label), group in _group_keys(keys).items():
            for row in self._read(
                f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.s}})-[e:{rel}]->(b:{tgt_label}) "
                "WHERE b.id = r.t RETURN a.id AS s, b.id AS t, e.provenance AS provenance",
                {"rows": [{"s": s, "t": t} for s, t in group]},
            ):
                facts[(rel, row["s"], row["t"])] = R.parse_provenance(row["provenance"])
        return facts

    # ---- statements ------------------------------------------------------------------------
    def _delete_articles_statements(self, article_ids: list[str]) -> list[Statement]:
        if not article_ids:
            return []
        return [
            (
                f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}}) DETACH DELETE a",
                {"ids": article_ids},
            )
        ]

    def _delete_mentions_statements(self, article_ids: list[str]) -> list[Statement]:
        if not article_ids:
            return []
        return [
            (
                f"UNWIND $ids AS aid MATCH (:{ARTICLE_LABEL} {{id: aid}})-[m:{MENTIONS}]->() "
                "DELETE m",
                {"ids": article_ids},
            )
        ]

    def _article_statements(self, graphs: Sequence[ArticleGraph]) -> list[Statement]:
        if not graphs:
            return []
        sets = ", ".join(
            f"a.{key} = r.{key}"
            for key in ("title", "url", "published", "lang", "path", "search_text")
        )
        return [
            (
                f"UNWIND $rows AS r MERGE (a:{ARTICLE_LABEL} {{id: r.id}}) SET {sets}",
                {"rows": [R.article_row(g) for g in graphs]},
            )
        ]

    def _article_hash_statements(self, graphs: Sequence[ArticleGraph]) -> list[Statement]:
        if not graphs:
            return []
        return [
            (
                f"UNWIND $rows AS r MATCH (a:{ARTICLE_LABEL} {{id: r.id}}) "
                "SET a.content_hash = r.content_hash",
                {"rows": [{"id": g.article.id, "content_hash": g.article.content_hash}
                          for g in graphs]},
            )
        ]

    def _entity_statements(self, rows: R.EntityRows) -> list[Statement]:
        statements: list[Statement] = []
        for label, nodes in sorted(rows.nodes.items()):
            statements.append(
                (
                    f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n.name = r.name, "
                    f"n.wikidata = coalesce({self._cast('r.wikidata', 'STRING')}, n.wikidata), "
                    f"n.country = coalesce({self._cast('r.country', 'STRING')}, n.country), "
                    f"n.lat = coalesce({self._cast('r.lat', 'DOUBLE')}, n.lat), "
                    f"n.lon = coalesce({self._cast('r.lon', 'DOUBLE')}, n.lon)",
                    {"rows": [nodes[k] for k in sorted(nodes)]},
                )
            )
        for label, mentions in sorted(rows.mentions.items()):
            statements.append(
                (
                    f"UNWIND $rows AS r MATCH (a:{ARTICLE_LABEL} {{id: r.article}}) WITH a, r "
                    f"MATCH (n:{label} {{id: r.id}}) MERGE (a)-[m:{MENTIONS}]->(n) "
                    f"SET m.name = r.name, m.aliases = {self._cast('r.aliases', 'STRING[]')}",
                    {"rows": mentions},
                )
            )
        return statements

    def _fact_statements(
        self,
        old: dict[R.FactKey, R.Provenance],
        new: dict[R.FactKey, R.Provenance],
        drop: set[str],
    ) -> tuple[list[Statement], set[R.FactKey]]:
        """The statements that bring the facts to their merged provenance, and the facts that
        appear or disappear (their endpoints' derived properties change)."""
        upserts: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        deletes: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        created_or_deleted: set[R.FactKey] = set()
        for key in sorted(set(old) | set(new)):
            merged = R.merge_provenance(old.get(key, {}), new.get(key, {}), drop)
            rel, src, tgt = key
            group = (rel, label_of(src), label_of(tgt))
            if merged:
                upserts[group].append(R.fact_row(key, merged))
                if key not in old:
                    created_or_deleted.add(key)
            elif key in old:
                deletes[group].append({"s": src, "t": tgt})
                created_or_deleted.add(key)
        statements: list[Statement] = []
        for (rel, src_label, tgt_label), rows in sorted(deletes.items()):
            statements.append(
                (
                    f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.s}})-[e:{rel}]->"
                    f"(b:{tgt_label}) WHERE b.id = r.t DELETE e",
                    {"rows": rows},
                )
            )
        for (rel, src_label, tgt_label), rows in sorted(upserts.items()):
            statements.append(
                (
                    f"UNWIND $rows AS r MATCH (a:{src_label} {{id: r.s}}) WITH a, r "
                    f"MATCH (b:{tgt_label} {{id: r.t}}) MERGE (a)-[e:{rel}]->(b) "
                    f"SET e.sources = {self._cast('r.sources', 'STRING[]')}, "
                    f"e.evidence = {self._cast('r.evidence', 'STRING[]')}, "
                    f"e.evidence_articles = {self._cast('r.evidence_articles', 'STRING[]')}, "
                    f"e.confidence = {self._cast('r.confidence', 'DOUBLE')}, "
                    f"e.year = {self._cast('r.year', 'INT64')}, e.provenance = r.provenance, "
                    "e.source_count = size(r.sources)",
                    {"rows": rows},
                )
            )
        return statements, created_or_deleted

    def _refresh_nodes_statements(
        self,
        node_ids: set[str],
        before: dict[str, NodeBefore],
        added: dict[str, list[dict[str, Any]]],
    ) -> tuple[list[Statement], set[str]]:
        """Statements that recompute what nodes derive from their mentions and delete the
        nodes no article mentions any more; and those nodes. `before`: each existing node as
        it was before this write, its Key and Block links made from its names then. `added`:
        the new mentions of existing nodes that only gain mentions in this write, whose
        aggregates are those stored plus these, so a hub (a country every article names)
        costs a write what its new mentions cost, not what all of them do."""
        statements: list[Statement] = []
        gone: set[str] = set()
        for label, ids in sorted(R.by_label(node_ids).items()):
            recount = [i for i in ids if i not in added]
            names, mentions = self._mentions_of(label, recount)
            orphans = [i for i in recount if i in names and not mentions.get(i)]
            updates = [R.node_aggregates(i, names[i], mentions[i]) for i in recount
                       if mentions.get(i)]
            updates += [_grown_aggregates(i, before[i], added[i]) for i in ids if i in added]
            names |= {i: added[i][-1]["node_name"] for i in ids if i in added}
            gone.update(orphans)
            if orphans:
                statements.append(
                    (
                        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n",
                        {"ids": orphans},
                    )
                )
            # relinking every node a write touches would rewrite a hub's links (a country
            # every article names) each time: only nodes whose names change are relinked
            named = [u | {"name": names[u["id"]]} for u in updates]
            relinked = [u for u in named if _names_changed(u, before.get(u["id"]))]
            unlinked = [u["id"] for u in relinked if u["id"] in before]  # new nodes have none
            if relinked:
                statements += self._key_statements(label, relinked, unlinked)
                statements += self._block_statements(label, relinked, unlinked)
            if updates:
                statements.append(
                    (
                        f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) "
                        f"SET n.aliases = {self._cast('r.aliases', 'STRING[]')}, "
                        f"n.search_keys = {self._cast('r.search_keys', 'STRING[]')}, "
                        f"n.mentions = {self._cast('r.mentions', 'INT64')}, "
                        f"n.first_seen = {self._cast('r.first_seen', 'STRING')}, "
                        f"n.last_seen = {self._cast('r.last_seen', 'STRING')}",
                        {"rows": updates},
                    )
                )
        return statements, gone

    def _mentions_of(
        self, label: str, ids: list[str]
    ) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
        """The name of each of these nodes, and every mention of it with its date."""
        names: dict[str, str] = {}
        mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if not ids:
            return names, mentions
        for row in self._read(
            f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
            f"OPTIONAL MATCH (a:{ARTICLE_LABEL})-[m:{MENTIONS}]->(n) "
            "RETURN n.id AS id, n.name AS node_name, a.published AS published, "
            "m.name AS name, m.aliases AS aliases",
            {"ids": ids},
        ):
            names[row["id"]] = row["node_name"]
            if row["name"] is not None or row["aliases"] is not None:
                mentions[row["id"]].append(row)
        return names, mentions

    def _nodes_before(self, node_ids: set[str]) -> dict[str, NodeBefore]:
        """The names, search keys, gazetteer country code and mention aggregates of each
        existing node among these, read before a write changes them."""
        found: dict[str, NodeBefore] = {}
        for label, ids in R.by_label(node_ids).items():
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
                "n.search_keys AS search_keys, n.country AS country, n.mentions AS mentions, "
                "n.first_seen AS first_seen, n.last_seen AS last_seen",
                {"ids": ids},
            ):
                found[row["id"]] = NodeBefore(
                    row["name"],
                    tuple(row["aliases"] or ()),
                    tuple(row["search_keys"] or ()),
                    row["country"],
                    row["mentions"],
                    row["first_seen"],
                    row["last_seen"],
                )
        return found

    def _key_statements(
        self, label: str, updates: list[dict[str, Any]], unlinked: list[str]
    ) -> list[Statement]:
        """Point each node's search keys at it through the Key index, after deleting the
        old links of the `unlinked` nodes."""
        links = [{"key": k, "id": u["id"]} for u in updates for k in u["search_keys"]]
        return _index_link_statements(KEY_LABEL, KEY_OF, label, unlinked, links)

    def _block_statements(
        self, label: str, nodes: list[dict[str, Any]], unlinked: list[str]
    ) -> list[Statement]:
        """Link each node (id, name, aliases) to its blocks (graph.blocking), after deleting
        the old links of the `unlinked` nodes; nothing for a label fuzzy resolution never
        compares."""
        if label not in FUZZY_TYPES or not nodes:
            return []
        links = [
            {"key": block, "id": node["id"]}
            for node in nodes
            for block in entity_blocks(label, [node["name"], *(node["aliases"] or ())])
        ]
        return _index_link_statements(BLOCK_LABEL, BLOCK_OF, label, unlinked, links)


class NodeBefore(NamedTuple):
    """A node as a write found it: the names its Key and Block links were made from, its
    gazetteer country code, and what it derived from its mentions."""

    name: str
    aliases: tuple[str, ...]
    search_keys: tuple[str, ...]
    country: str | None
    mentions: int | None = None
    first_seen: str | None = None
    last_seen: str | None = None


def _added_mentions(
    graphs: Sequence[ArticleGraph],
    rows: R.EntityRows,
    before: dict[str, NodeBefore],
    retracted_nodes: set[str],
) -> dict[str, list[dict[str, Any]]]:
    """The new mentions of each existing node that this write only adds to: none of its
    mentions goes, its name stays, and it holds aggregates to add to. Every other node is
    recounted from all its mentions."""
    published = {g.article.id: g.article.published for g in graphs}
    added: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label, mentions in rows.mentions.items():
        for mention in mentions:
            node = mention["id"]
            known = before.get(node)
            if node in retracted_nodes or known is None or known.mentions is None:
                continue
            name = rows.nodes[label][node]["name"]
            if name == known.name:
                added[node].append(
                    mention | {"published": published[mention["article"]], "node_name": name}
                )
    return added


def _grown_aggregates(
    node: str, known: NodeBefore, mentions: list[dict[str, Any]]
) -> dict[str, Any]:
    """A node's aggregates after new articles mention it, from those it held before."""
    update = R.node_aggregates(node, known.name, mentions)
    aliases = sorted(set(known.aliases) | set(update["aliases"]))
    dates = [d for d in (known.first_seen, known.last_seen, update["first_seen"],
                         update["last_seen"]) if d]
    return update | {
        "aliases": aliases,
        "search_keys": search_keys(known.name, aliases),
        "mentions": known.mentions + len({m["article"] for m in mentions}),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
    }


def _names_changed(update: dict[str, Any], before: NodeBefore | None) -> bool:
    """Whether a node's index links must be remade: it is new, its name or aliases change,
    or its stored keys are not those of its names (a write that stopped between its two
    transactions renamed it without relinking it)."""
    if before is None:
        return True
    return (
        update["name"] != before.name
        or tuple(update["aliases"]) != before.aliases
        or tuple(search_keys(before.name, before.aliases)) != before.search_keys
    )


def _entity(row: dict[str, Any]) -> Entity:
    return Entity(
        id=row["id"],
        type=label_of(row["id"]),
        name=row["name"],
        aliases=tuple(row["aliases"] or ()),
        wikidata=row["wikidata"],
        country=row["country"],
        lat=row["lat"],
        lon=row["lon"],
    )


def _group_keys(keys: Iterable[R.FactKey]) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for rel, src, tgt in keys:
        groups[(rel, label_of(src), label_of(tgt))].append((src, tgt))
    return groups


def _index_link_statements(
    index: str, rel: str, label: str, ids: list[str], links: list[dict[str, str]]
) -> list[Statement]:
    """Replace the links of these nodes from an index (Key, Block): `links` are {key, id}."""
    return [
        (
            f"UNWIND $ids AS id MATCH (:{index})-[x:{rel}]->(n:{label} {{id: id}}) DELETE x",
            {"ids": ids},
        ),
        (
            f"UNWIND $rows AS r MERGE (x:{index} {{key: r.key}}) WITH x, r "
            f"MATCH (n:{label} {{id: r.id}}) MERGE (x)-[:{rel}]->(n)",
            {"rows": links},
        ),
    ]

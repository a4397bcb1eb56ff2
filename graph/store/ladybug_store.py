"""The embedded default engine: LadybugDB (the maintained fork of Kùzu), in-process, zero set-up.

LadybugDB needs declared tables; they are created on first use from graph.schema. Read-only
queries run inside `BEGIN TRANSACTION READ ONLY`, so the engine itself refuses writes.

Writes create what is new with CREATE and merge only what exists: on LadybugDB 0.22 a
`MERGE` of absent nodes costs in proportion to the table (2.0 s for 1,000 new rows into 100k
nodes, against 0.11 s for `OPTIONAL MATCH` by primary key then `CREATE` of the absent ones),
and its bulk path, `COPY ... FROM` an Arrow table, pays 0.3-2.6 s per statement into a
non-empty table (docs/BENCHMARKS.md), more than a whole batch of CREATE. The graph written
is the one the MERGE statements of graph.store.base write (tests/store/test_bulk_writes.py).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.blocking import FUZZY_TYPES, entity_blocks
from graph.errors import KgError, StoreUnavailable, WriteRefused
from graph.model import ENTITY_TYPES, ArticleGraph
from graph.schema import (
    ARTICLE_LABEL,
    ARTICLE_PROPERTIES,
    BLOCK_LABEL,
    BLOCK_OF,
    DERIVED_PROPERTIES,
    ENTITY_PROPERTIES,
    FACT_PROPERTIES,
    KEY_LABEL,
    KEY_OF,
    MENTION_PROPERTIES,
    MENTIONS,
    RELATION_ENDPOINTS,
    label_of,
)
from graph.store import rows as R
from graph.store.base import GraphStore, ReadColumns, ReadStep, Statement


def _columns(properties: dict[str, str], primary: str | None = "id") -> str:
    cols = [
        f"{name} {kind}{' PRIMARY KEY' if name == primary else ''}"
        for name, kind in properties.items()
    ]
    return ", ".join(cols)


def schema_ddl() -> list[str]:
    ddl = [f"CREATE NODE TABLE IF NOT EXISTS {ARTICLE_LABEL}({_columns(ARTICLE_PROPERTIES)})"]
    ddl += [
        f"CREATE NODE TABLE IF NOT EXISTS {label}({_columns(ENTITY_PROPERTIES)})"
        for label in ENTITY_TYPES
    ]
    for rel, pairs in RELATION_ENDPOINTS.items():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
        ddl.append(
            f"CREATE REL TABLE IF NOT EXISTS {rel}({ends}, {_columns(FACT_PROPERTIES, None)})"
        )
    ends = ", ".join(f"FROM {ARTICLE_LABEL} TO {label}" for label in ENTITY_TYPES)
    ddl.append(
        f"CREATE REL TABLE IF NOT EXISTS {MENTIONS}({ends}, {_columns(MENTION_PROPERTIES, None)})"
    )
    ddl.append(f"CREATE NODE TABLE IF NOT EXISTS {KEY_LABEL}(key STRING PRIMARY KEY)")
    ends = ", ".join(f"FROM {KEY_LABEL} TO {label}" for label in ENTITY_TYPES)
    ddl.append(f"CREATE REL TABLE IF NOT EXISTS {KEY_OF}({ends})")
    ddl.append(f"CREATE NODE TABLE IF NOT EXISTS {BLOCK_LABEL}(key STRING PRIMARY KEY)")
    ends = ", ".join(f"FROM {BLOCK_LABEL} TO {label}" for label in FUZZY_TYPES)
    ddl.append(f"CREATE REL TABLE IF NOT EXISTS {BLOCK_OF}({ends})")
    return ddl


_WRITE_REFUSAL_MARKERS = ("read-only transaction", "read-only database", "write operations")


class LadybugStore(GraphStore):
    engine = "ladybug"

    def __init__(self, path: str | Path, *, read_only: bool = False, wait: float = 0.0) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreUnavailable(
                f"no graph database at {self.path}: run `kg ingest` first, or pass --db"
            )
        if self.path.is_dir():
            raise StoreUnavailable(
                f"{self.path} is a folder, not a graph database: pass a file path to --db, "
                f"e.g. {self.path / 'graph.lbdb'}"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = (
                "a file is in the way"
                if isinstance(exc, (FileExistsError, NotADirectoryError))
                else exc.strerror or str(exc)
            )
            raise StoreUnavailable(
                f"cannot create the folder of the graph database {self.path}: "
                f"{why} ({exc.filename})"
            ) from exc
        self._db, self._conn = _open_waiting(self.path, read_only=read_only, wait=wait)
        if not read_only:
            self.ensure_schema()

    def ensure_schema(self) -> None:
        for ddl in schema_ddl():
            self._conn.execute(ddl)
        added = self._missing_columns()
        for table, name, kind in added:
            self._conn.execute(f"ALTER TABLE {table} ADD {name} {kind}")
        # a derived column just added is empty everywhere, whatever derived_version says
        self.ensure_derived(
            stale=any(name in DERIVED_PROPERTIES or name == "search_text" for _, name, _ in added)
        )
        self.ensure_blocks()

    def written_by_earlier_version(self) -> bool:
        try:
            return bool(self._missing_columns()) or super().written_by_earlier_version()
        except RuntimeError:  # a table missing too: opening for writing creates it
            return True

    def _missing_columns(self) -> list[tuple[str, str, str]]:
        """(table, property, type) that tables created by an earlier version lack."""
        tables = {label: ENTITY_PROPERTIES for label in ENTITY_TYPES}
        tables |= {rel: FACT_PROPERTIES for rel in RELATION_ENDPOINTS}
        tables[ARTICLE_LABEL] = ARTICLE_PROPERTIES
        missing = []
        for table, properties in tables.items():
            present = {row["name"] for row in self._read(f"CALL table_info('{table}') RETURN name")}
            missing += [
                (table, name, kind) for name, kind in properties.items() if name not in present
            ]
        return missing

    def _cast(self, expr: str, kind: str) -> str:
        return f"CAST({expr} AS {kind})"

    def _write(self, statements: Sequence[Statement]) -> None:
        if not statements:
            return
        self._conn.execute("BEGIN TRANSACTION")
        try:
            for cypher, params in statements:
                if _has_rows(params):
                    self._conn.execute(cypher, params)
        except BaseException:
            self._end_transaction()  # a failed statement may have rolled it back already
            raise
        self._conn.execute("COMMIT")

    # ---- the write statements of graph.store.base: new rows created, from Arrow ----------
    def _article_statements(self, graphs: Sequence[ArticleGraph]) -> list[Statement]:
        if not graphs:
            return []
        columns = ("title", "url", "published", "lang", "path", "search_text")
        table = _arrow(ARTICLE_PROPERTIES, ("id", *columns), [R.article_row(g) for g in graphs])
        sets = ", ".join(f"a.{key} = {key}" for key in columns)
        props = ", ".join(f"{key}: {key}" for key in ("id", *columns))
        # the content hash is written last, by _article_hash_statements
        return [
            (f"LOAD FROM $rows MATCH (a:{ARTICLE_LABEL} {{id: id}}) SET {sets}", {"rows": table}),
            (_create_absent(ARTICLE_LABEL, ("id", *columns), props), {"rows": table}),
        ]

    def _entity_statements(self, rows: R.EntityRows) -> list[Statement]:
        statements: list[Statement] = []
        for label, nodes in sorted(rows.nodes.items()):
            table = _arrow(ENTITY_PROPERTIES, _NEW_ENTITY, [nodes[k] for k in sorted(nodes)])
            statements += [
                (
                    f"LOAD FROM $rows MATCH (n:{label} {{id: id}}) SET n.name = name, "
                    "n.wikidata = coalesce(wikidata, n.wikidata), "
                    "n.country = coalesce(country, n.country), "
                    "n.lat = coalesce(lat, n.lat), n.lon = coalesce(lon, n.lon)",
                    {"rows": table},
                ),
                (
                    _create_absent(label, _NEW_ENTITY, ", ".join(f"{c}: {c}" for c in _NEW_ENTITY)),
                    {"rows": table},
                ),
            ]
        # an article's mentions are deleted before it is written again: every one is new
        for label, mentions in sorted(rows.mentions.items()):
            last = {(m["article"], m["id"]): m for m in mentions}  # as MERGE ... SET: last wins
            columns = {"article": "STRING", "id": "STRING", **MENTION_PROPERTIES}
            statements.append(
                (
                    f"LOAD FROM $rows MATCH (a:{ARTICLE_LABEL} {{id: article}}) "
                    f"WITH a, id, name, aliases MATCH (n:{label} {{id: id}}) "
                    f"CREATE (a)-[:{MENTIONS} {{name: name, aliases: aliases}}]->(n)",
                    {"rows": _arrow(columns, tuple(columns), list(last.values()))},
                )
            )
        return statements

    def _fact_statements(
        self,
        old: dict[R.FactKey, R.Provenance],
        new: dict[R.FactKey, R.Provenance],
        drop: set[str],
    ) -> tuple[list[Statement], set[R.FactKey]]:
        """Facts the graph holds are merged by graph.store.base; `old` holds every fact of
        `new` the graph has (GraphStore._replace reads them), so the others are created."""
        fresh = sorted(key for key in new if key not in old)
        statements, created_or_deleted = super()._fact_statements(
            old, {key: new[key] for key in new if key in old}, drop
        )
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for key in fresh:  # merged provenance of a fact no article stated yet: the new one
            rel, src, tgt = key
            groups[(rel, label_of(src), label_of(tgt))].append(R.fact_row(key, new[key]))
        facts = {name: kind for name, kind in FACT_PROPERTIES.items() if name != "source_count"}
        columns = {"s": "STRING", "t": "STRING", **facts}
        props = ", ".join(f"{name}: {name}" for name in facts)
        for (rel, src_label, tgt_label), rows in sorted(groups.items()):
            statements.append(
                (
                    f"LOAD FROM $rows MATCH (a:{src_label} {{id: s}}) "
                    f"WITH a, {', '.join(columns)} MATCH (b:{tgt_label} {{id: t}}) "
                    f"CREATE (a)-[:{rel} {{{props}, source_count: size(sources)}}]->(b)",
                    {"rows": _arrow(columns, tuple(columns), rows)},
                )
            )
        return statements, created_or_deleted | set(fresh)

    def _key_statements(
        self, label: str, updates: list[dict[str, Any]], unlinked: list[str]
    ) -> list[Statement]:
        links = {(k, u["id"]) for u in updates for k in u["search_keys"]}
        return _index_statements(KEY_LABEL, KEY_OF, label, unlinked, links)

    def _block_statements(
        self, label: str, nodes: list[dict[str, Any]], unlinked: list[str]
    ) -> list[Statement]:
        if label not in FUZZY_TYPES or not nodes:
            return []
        links = {
            (block, node["id"])
            for node in nodes
            for block in entity_blocks(label, [node["name"], *(node["aliases"] or ())])
        }
        return _index_statements(BLOCK_LABEL, BLOCK_OF, label, unlinked, links)

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if params is not None and not _has_rows(params):
            return []
        return list(self._rows(self._conn.execute(cypher, params or {})))

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return list(self.iter_read(cypher, params))

    def iter_read(self, cypher: str, params: dict[str, Any] | None = None) -> Iterator[dict]:
        with self._read_transaction():
            yield from self._rows(self._execute_read(cypher, params or {}))

    @contextmanager
    def _read_transaction(self) -> Iterator[ReadStep]:
        self._conn.execute("BEGIN TRANSACTION READ ONLY")
        try:
            yield self._run_read
        finally:
            self._end_read_transaction()

    @contextmanager
    def reading(self) -> Iterator[ReadColumns]:
        with self._read_transaction():
            yield self._read_columns

    def _read_columns(self, cypher: str, params: dict[str, Any]) -> dict[str, list[Any]]:
        """A result by column; a large one through Arrow, 3-4x faster than row by row (a
        city's 16k relations), a small one row by row (Arrow costs ~1 ms more)."""
        result = _last(self._execute_read(cypher, params))
        if result.get_num_tuples() > ARROW_FROM:
            table = result.get_as_arrow()
            return {name: table.column(name).to_pylist() for name in table.column_names}
        names = result.get_column_names()
        values = list(zip(*result.get_all(), strict=True)) or [()] * len(names)
        return {name: list(column) for name, column in zip(names, values, strict=True)}

    def _run_read(
        self, cypher: str, params: dict[str, Any]
    ) -> tuple[list[str], list[dict[str, Any]]]:
        result = _last(self._execute_read(cypher, params))
        return result.get_column_names(), list(self._rows(result))

    def _execute_read(self, cypher: str, params: dict[str, Any]) -> Any:
        try:
            return self._conn.execute(cypher, params)
        except RuntimeError as exc:
            raise _translate(exc) from exc

    def _end_read_transaction(self) -> None:
        self._end_transaction()

    def _end_transaction(self) -> None:
        """A failed query has already rolled its transaction back; then ROLLBACK finds none,
        and that must not hide the query's own error."""
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError as exc:
            if "No active transaction" not in str(exc):
                raise

    @staticmethod
    def _rows(result: Any) -> Iterator[dict[str, Any]]:
        result = _last(result)
        columns = result.get_column_names()
        while result.has_next():
            yield dict(zip(columns, result.get_next(), strict=True))

    def reset(self) -> None:
        self._write(
            [
                (f"MATCH (n:{label}) DETACH DELETE n", {})
                for label in (ARTICLE_LABEL, *ENTITY_TYPES, KEY_LABEL, BLOCK_LABEL)
            ]
        )

    def close(self) -> None:
        self._conn.close()
        self._db.close()


LOCK_POLL_SECONDS = 0.5
# A checkpoint costs seconds that grow with the database, whatever the log holds: on 4,000
# generated articles (scripts/bench_ingest.py's corpus) LadybugDB's default threshold made
# one every 150 articles, 40 ms of commit an article at the end; 64 MiB, 12 ms.
CHECKPOINT_BYTES = 64 * 1024 * 1024
ARROW_FROM = 256  # rows from which a result read by column goes through Arrow


def _open_waiting(path: Path, *, read_only: bool, wait: float) -> tuple[Any, Any]:
    """Open the database; while another process holds its lock, retry for up to `wait`
    seconds, then say who holds it."""
    import ladybug

    deadline = time.monotonic() + wait
    while True:
        try:
            db = ladybug.Database(
                str(path), read_only=read_only, checkpoint_threshold=CHECKPOINT_BYTES
            )
            return db, ladybug.Connection(db)
        except RuntimeError as exc:
            message = str(exc)
            if read_only and "recovery is pending" in message:
                _recover(path)  # a process died mid-write: replay its log, then read
                continue
            if "Could not set lock" not in message:
                raise StoreUnavailable(
                    f"cannot open the graph database at {path}: {message.splitlines()[0]}"
                ) from exc
            if time.monotonic() >= deadline:
                holder = _LOCK_HOLDER.search(message)
                who = f" (PID {holder.group(1)})" if holder else ""
                raise StoreUnavailable(
                    f"the graph database at {path} is in use by another process{who}: "
                    "wait for it to finish, or pass --wait SECONDS"
                ) from exc
        time.sleep(LOCK_POLL_SECONDS)


def _recover(path: Path) -> None:
    """Opening for writing replays the write-ahead log of a process that was killed (only
    committed transactions survive); a read-only open refuses until that is done."""
    import ladybug

    try:
        ladybug.Database(str(path)).close()
    except RuntimeError as exc:
        raise StoreUnavailable(
            f"the graph database at {path} needs recovery after a crash, which needs write "
            f"access: {str(exc).splitlines()[0]}"
        ) from exc


_LOCK_HOLDER = re.compile(r"held by PID (\d+)")


_NEW_ENTITY = ("id", "name", "wikidata", "country", "lat", "lon")  # what a write knows


def _arrow(properties: dict[str, str], columns: Sequence[str], rows: list[dict[str, Any]]) -> Any:
    """The rows as an Arrow table of these columns, typed as the schema says: what
    `LOAD FROM $rows` reads (5x faster than the same rows as a list of dicts in $rows, whose
    conversion dominates a statement on LadybugDB 0.22)."""
    import pyarrow as pa

    def arrow_type(kind: str) -> Any:
        if kind.endswith("[]"):
            return pa.list_(arrow_type(kind[:-2]))
        return {"STRING": pa.string(), "DOUBLE": pa.float64(), "INT64": pa.int64()}[kind]

    schema = pa.schema([(name, arrow_type(properties[name])) for name in columns])
    return pa.Table.from_pylist(rows, schema=schema)


def _create_absent(label: str, columns: Sequence[str], properties: str) -> str:
    """Create the nodes of `LOAD FROM $rows` (distinct keys, the first column) that are
    absent: what MERGE does, through a primary-key lookup."""
    key = columns[0]
    return (
        f"LOAD FROM $rows OPTIONAL MATCH (x:{label} {{{key}: {key}}}) "
        f"WITH {', '.join(columns)}, x WHERE x IS NULL CREATE (:{label} {{{properties}}})"
    )


def _index_statements(
    index: str, rel: str, label: str, ids: list[str], links: set[tuple[str, str]]
) -> list[Statement]:
    """Delete the index links (Key or Block -> node) of the `ids` nodes, then create the
    index nodes of `links` where absent and every link."""
    statements: list[Statement] = [
        (
            f"UNWIND $ids AS id MATCH (:{index})-[k:{rel}]->(n:{label} {{id: id}}) DELETE k",
            {"ids": ids},
        )
    ]
    if links:
        keys = [{"key": key} for key in sorted({key for key, _ in links})]
        rows = [{"key": key, "id": node} for key, node in sorted(links)]
        columns = {"key": "STRING", "id": "STRING"}
        statements += [
            (
                _create_absent(index, ("key",), "key: key"),
                {"rows": _arrow(columns, ("key",), keys)},
            ),
            (
                f"LOAD FROM $rows MATCH (k:{index} {{key: key}}) WITH k, id "
                f"MATCH (n:{label} {{id: id}}) CREATE (k)-[:{rel}]->(n)",
                {"rows": _arrow(columns, ("key", "id"), rows)},
            ),
        ]
    return statements


def _has_rows(params: dict[str, Any]) -> bool:
    """UNWIND over an empty list cannot be typed by LadybugDB; such a statement is a no-op,
    and so is a LOAD FROM no rows."""
    return all(
        not (isinstance(v, list) and not v) and getattr(v, "num_rows", 1) > 0
        for v in params.values()
    )


def _last(result: Any) -> Any:
    """Several statements in one string return a list: only the last one's rows count."""
    return result[-1] if isinstance(result, list) else result


def _translate(exc: RuntimeError) -> KgError:
    message = str(exc)
    if any(marker in message for marker in _WRITE_REFUSAL_MARKERS):
        return WriteRefused("this query writes to the graph; queries here run read-only")
    return KgError(f"query failed on the embedded engine: {message}")

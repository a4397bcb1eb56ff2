"""The production engine: Neo4j through the official driver (bolt://, neo4j://, neo4j+s://).

Uniqueness constraints on `id` per label and indexes on `name` are created idempotently.
Read-only queries run in READ access mode, which the server enforces. Writes of concurrent
processes take turns (WRITE_LOCK_LABEL), each in one transaction with the reads it depends on:
an ingest's turn runs from the resolution of a chunk's names to its write (GraphStore.write_turn).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from graph.errors import KgError, StoreUnavailable, WriteRefused
from graph.model import ENTITY_TYPES, RELATION_TYPES, ArticleGraph
from graph.schema import ARTICLE_LABEL, BLOCK_LABEL, KEY_LABEL
from graph.store.base import GraphStore, ReadStep, Statement, WriteReport

T = TypeVar("T")

_RESET_BATCH = 10_000
# How long a write or read keeps being retried, with the driver's exponential back-off, when
# the server is away (restarting, a leader election) or a deadlock is detected; then the
# ingest reports the articles it could not write.
RETRY_SECONDS = 30.0
# Every write transaction of kg starts by creating this node and ends by deleting it: the
# uniqueness constraint on it makes a second writer wait until the first commits (or rolls
# back), so the writes of concurrent `kg ingest` processes run one at a time, each reading
# what the one before committed; no node is left behind.
WRITE_LOCK_LABEL = "KgWriteLock"
_TAKE_WRITE_LOCK = f"CREATE (:{WRITE_LOCK_LABEL} {{id: 'writes'}})"
_DROP_WRITE_LOCK = f"MATCH (l:{WRITE_LOCK_LABEL} {{id: 'writes'}}) DELETE l"


def schema_statements() -> list[str]:
    statements = []
    for label in (ARTICLE_LABEL, *ENTITY_TYPES):
        low = label.lower()
        statements.append(
            f"CREATE CONSTRAINT {low}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        )
        if label != ARTICLE_LABEL:
            statements.append(f"CREATE INDEX {low}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
        if label in ENTITY_TYPES:  # ranking by relations reads the index in order
            statements.append(
                f"CREATE INDEX {low}_relations IF NOT EXISTS FOR (n:{label}) ON (n.relations)"
            )
            # what lies in a place: `n.within CONTAINS '|place-id|'`
            statements.append(
                f"CREATE TEXT INDEX {low}_within IF NOT EXISTS FOR (n:{label}) ON (n.within)"
            )
    statements.append(
        f"CREATE CONSTRAINT key_key IF NOT EXISTS FOR (k:{KEY_LABEL}) REQUIRE k.key IS UNIQUE"
    )
    statements.append(
        f"CREATE CONSTRAINT block_key IF NOT EXISTS FOR (b:{BLOCK_LABEL}) REQUIRE b.key IS UNIQUE"
    )
    statements.append(
        f"CREATE CONSTRAINT kg_write_lock IF NOT EXISTS FOR (l:{WRITE_LOCK_LABEL}) "
        "REQUIRE l.id IS UNIQUE"
    )
    # partnership-timeline counts dated partnerships from this index, not from the store
    statements.append(
        "CREATE INDEX partners_with_year IF NOT EXISTS FOR ()-[e:PARTNERS_WITH]-() ON (e.year)"
    )
    for rel in RELATION_TYPES:  # single-source-facts seeks (source_count, confidence)
        statements.append(
            f"CREATE INDEX {rel.lower()}_support IF NOT EXISTS "
            f"FOR ()-[e:{rel}]-() ON (e.source_count, e.confidence)"
        )
    return statements


class Neo4jStore(GraphStore):
    engine = "neo4j"
    concurrent_writers = True  # any client of the server, another `kg ingest` among them

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri
        self.database = database or None
        self.read_only = read_only
        self._neo4j = neo4j
        self._tx: Any = None  # the write transaction reads and writes go to, while one runs
        try:
            # notifications off: resolution reads properties no node may have yet (wikidata),
            # and the server's "property key does not exist" would reach the user's terminal
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                notifications_min_severity="OFF",
                max_transaction_retry_time=RETRY_SECONDS,
            )
            self._driver.verify_connectivity()
        except AuthError as exc:  # the password is never part of the message
            raise StoreUnavailable(
                f"Neo4j at {uri} refused the credentials of user {user!r}: check NEO4J_USER "
                "and NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, ValueError, OSError) as exc:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {uri} ({_first_line(exc)}): start it (docker compose "
                "up -d, or python scripts/neo4j_local.py start) or check NEO4J_URI"
            ) from exc
        if not read_only:
            self.ensure_schema()

    def _session(self, read: bool = False) -> Any:
        mode = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def ensure_schema(self) -> None:
        with self._session() as session:
            for statement in schema_statements():
                session.run(statement).consume()
        self.ensure_derived()
        self.ensure_blocks()

    def _cast(self, expr: str, kind: str) -> str:
        return expr  # Neo4j types parameters from their values, nulls included

    def write_turn(self, work: Callable[[], T]) -> T:
        """One write transaction holding the write lock from `work`'s first read to its last
        write; the driver retries it whole (a deadlock, a server away)."""
        return self._in_write_transaction(work)

    def write(self, graphs: Sequence[ArticleGraph], *, force: bool = False) -> WriteReport:
        """GraphStore.write in one locked transaction: what it reads (hashes, provenance,
        mentions, derived counts) is what no other writer can change before it commits."""
        return self._in_write_transaction(lambda: GraphStore.write(self, graphs, force=force))

    def retract(self, article_ids: Sequence[str]) -> None:
        self._in_write_transaction(lambda: GraphStore.retract(self, article_ids))

    def _write(self, statements: Sequence[Statement]) -> None:
        if not statements:
            return
        if self._tx is not None:
            for cypher, params in statements:
                self._tx.run(cypher, params).consume()
            return
        self._in_write_transaction(lambda: self._write(statements))

    def _in_write_transaction(self, work: Callable[[], T]) -> T:
        """Run `work` with every `_read` and `_write` in one write transaction that holds the
        write lock; the driver retries it whole (a deadlock, a server away) for RETRY_SECONDS,
        so `work` must only read and write through the store."""
        if self._tx is not None:  # already inside one
            return work()

        def locked(tx: Any) -> T:
            tx.run(_TAKE_WRITE_LOCK).consume()
            self._tx = tx
            try:
                result = work()
            finally:
                self._tx = None
            tx.run(_DROP_WRITE_LOCK).consume()
            return result

        with self._unavailable_after_retries(), self._session() as session:
            return session.execute_write(locked)

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if self._tx is not None:
            return [r.data() for r in self._tx.run(cypher, params)]
        with self._unavailable_after_retries(), self._session(read=True) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(cypher, params)])

    @contextmanager
    def _unavailable_after_retries(self) -> Iterator[None]:
        """The driver retried for RETRY_SECONDS; what still fails is StoreUnavailable."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            yield
        except (DriverError, OSError) as exc:
            raise StoreUnavailable(f"lost Neo4j at {self.uri} ({_first_line(exc)})") from exc
        except Neo4jError as exc:
            if not exc.is_retryable():
                raise
            raise StoreUnavailable(
                f"Neo4j at {self.uri} kept failing ({_first_line(exc)})"
            ) from exc

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return list(self.iter_read(cypher, params))

    def iter_read(self, cypher: str, params: dict[str, Any] | None = None) -> Iterator[dict]:
        from neo4j.exceptions import ClientError

        with (
            self._unavailable_after_retries(),
            self._session(read=True) as session,
            session.begin_transaction() as tx,
        ):
            try:
                for record in tx.run(cypher, params or {}):
                    yield _plain(record.data())
            except ClientError as exc:
                raise _translate(exc) from exc

    @contextmanager
    def _read_transaction(self) -> Iterator[ReadStep]:
        from neo4j.exceptions import ClientError

        with self._session(read=True) as session, session.begin_transaction() as tx:

            def run(cypher: str, params: dict[str, Any]) -> tuple[list[str], list[dict]]:
                try:
                    result = tx.run(cypher, params)
                    return list(result.keys()), [_plain(record.data()) for record in result]
                except ClientError as exc:
                    raise _translate(exc) from exc

            yield run

    def reset(self) -> None:
        # relationships first, in server-side batches: a dense graph deleted in one
        # transaction overflows Neo4j's transaction memory limit
        with self._session() as session:
            for statement in (
                "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF $n ROWS",
                "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF $n ROWS",
            ):
                session.run(statement, {"n": _RESET_BATCH}).consume()

    def close(self) -> None:
        self._driver.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Neo4j temporal and spatial values become strings so both engines return plain data."""
    return {k: (v.iso_format() if hasattr(v, "iso_format") else v) for k, v in row.items()}


def _translate(exc: Exception) -> KgError:
    code = getattr(exc, "code", "") or ""
    message = getattr(exc, "message", None) or str(exc)
    if "AccessMode" in code or "Forbidden" in code or "read access mode" in message.lower():
        return WriteRefused("this query writes to the graph; queries here run read-only")
    return KgError(f"query failed on Neo4j: {message}")

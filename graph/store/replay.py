"""What curation needs from the store, and the article catalogue (`kg articles`). Mixed into
GraphStore; the same Cypher on both engines.

Every written article keeps on its node the resolved graph it had before the analyst's
decisions (`resolved`, JSON) and the fingerprint of the curated graph written (`curated_hash`),
so `kg curate apply` re-applies, or undoes, decisions without running the NLP again, and
rewrites only the articles whose curated graph changes. An article stored without them (by
an earlier version, or `kg import`) is rebuilt from what the store keeps of it: its MENTIONS
edges and its share of every fact's provenance.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from graph.model import ENTITY_TYPES, RELATION_TYPES, Article, ArticleGraph, Entity, Evidence
from graph.model import Relation as Fact
from graph.schema import ARTICLE_LABEL, MENTIONS
from graph.store import rows as R
from graph.store.rows import Statement, by_label


@dataclass(frozen=True)
class StoredArticle(Article):
    """An article read back from the store: its text is not stored, so its fingerprint is
    the stored one, and writing it back changes nothing of the article node."""

    stored_hash: str = ""

    @property
    def content_hash(self) -> str:
        return self.stored_hash


@dataclass(frozen=True)
class ArticleSummary:
    """One line of `kg articles list`."""

    id: str
    title: str | None
    published: str | None
    url: str | None
    path: str | None
    facts: int  # fact edges this article supports

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class StoredArticles(ABC):
    """Reads of whole articles and writes of redirects, through GraphStore's primitives."""

    @abstractmethod
    def _write(self, statements: Sequence[Statement]) -> None: ...

    @abstractmethod
    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _cast(self, expr: str, kind: str) -> str: ...

    # ---- the catalogue ---------------------------------------------------------------------
    def article_summaries(self) -> list[ArticleSummary]:
        facts: dict[str, int] = defaultdict(int)
        for rel in RELATION_TYPES:
            for row in self._read(
                f"MATCH ()-[e:{rel}]->() UNWIND e.sources AS aid RETURN aid, count(*) AS n"
            ):
                facts[row["aid"]] += row["n"]
        return [
            ArticleSummary(
                row["id"],
                row["title"],
                row["published"],
                row["url"],
                row["path"],
                facts.get(row["id"], 0),
            )
            for row in self._read(
                f"MATCH (a:{ARTICLE_LABEL}) RETURN a.id AS id, a.title AS title, "
                "a.published AS published, a.url AS url, a.path AS path ORDER BY id"
            )
        ]

    def articles_at_paths(self, paths: Sequence[str]) -> dict[str, list[str]]:
        """Stored article ids per source path, for the given paths."""
        found: dict[str, list[str]] = defaultdict(list)
        for row in self._read(
            f"UNWIND $paths AS p MATCH (a:{ARTICLE_LABEL}) WHERE a.path = p "
            "RETURN a.path AS path, a.id AS id ORDER BY id",
            {"paths": sorted(set(paths))},
        ):
            found[row["path"]].append(row["id"])
        return dict(found)

    # ---- whole articles --------------------------------------------------------------------
    def article_graphs(self, article_ids: Sequence[str] | None = None) -> Iterator[ArticleGraph]:
        """Every stored article (or those named) as the resolved graph it wrote, by id."""
        where = "WHERE a.id IN $ids " if article_ids is not None else ""
        params = {"ids": list(article_ids)} if article_ids is not None else None
        if article_ids is not None and not article_ids:
            return
        articles = self._read(
            f"MATCH (a:{ARTICLE_LABEL}) {where}RETURN a.id AS id, a.title AS title, "
            "a.url AS url, a.published AS published, a.lang AS lang, a.path AS path, "
            "a.content_hash AS hash ORDER BY id",
            params,
        )
        wanted = {row["id"] for row in articles}
        entities = self._mentioned_entities(wanted)
        facts = self._article_facts(wanted)
        for row in articles:
            article = StoredArticle(
                row["id"],
                row["title"] or "",
                "",
                row["lang"],
                row["published"],
                row["url"],
                row["path"],
                stored_hash=row["hash"] or "",
            )
            yield ArticleGraph(
                article, tuple(entities.get(row["id"], ())), tuple(facts.get(row["id"], ()))
            )

    def _mentioned_entities(self, article_ids: set[str]) -> dict[str, list[Entity]]:
        found: dict[str, list[Entity]] = defaultdict(list)
        for label in ENTITY_TYPES:
            for row in self._read(
                f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}})-[m:{MENTIONS}]->"
                f"(n:{label}) RETURN a.id AS article, n.id AS id, m.name AS name, "
                "m.aliases AS aliases, n.wikidata AS wikidata, n.country AS country, "
                "n.lat AS lat, n.lon AS lon ORDER BY article, id",
                {"ids": sorted(article_ids)},
            ):
                found[row["article"]].append(_entity(row, label))
        return found

    def _article_facts(self, article_ids: set[str]) -> dict[str, list[Fact]]:
        found: dict[str, list[Fact]] = defaultdict(list)
        for rel in RELATION_TYPES:
            for row in self._read(
                f"MATCH (a)-[e:{rel}]->(b) RETURN a.id AS s, b.id AS t, "
                "e.provenance AS provenance ORDER BY s, t"
            ):
                for article, entries in sorted(R.parse_provenance(row["provenance"]).items()):
                    if article in article_ids and entries:
                        found[article].append(_fact(rel, row["s"], row["t"], entries))
        return found

    # ---- curation state: the resolved graph before decisions, the fingerprint after -------
    def save_curation_state(
        self, graphs: Sequence[tuple[ArticleGraph, ArticleGraph]], decisions: str = ""
    ) -> None:
        """For each (resolved, curated) pair of a written article, keep the resolved graph,
        the fingerprint of the curated one and that of the `decisions` applied on its node."""
        rows = [
            {
                "id": curated.article.id,
                "resolved": graph_json(resolved),
                "curated": fingerprint(curated),
            }
            for resolved, curated in graphs
        ]
        if rows:
            self._write(
                [
                    (
                        f"UNWIND $rows AS r MATCH (a:{ARTICLE_LABEL} {{id: r.id}}) "
                        "SET a.resolved = r.resolved, a.curated_hash = r.curated, "
                        "a.curation_hash = $decisions",
                        {"rows": rows, "decisions": decisions},
                    )
                ]
            )

    def mark_curated(self, article_ids: Sequence[str], decisions: str) -> None:
        """Record that these articles' graphs are curated under `decisions` (a fingerprint)."""
        self._write(
            [
                (
                    f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}}) "
                    "SET a.curation_hash = $decisions",
                    {"ids": list(article_ids), "decisions": decisions},
                )
            ]
        )

    def curation_hashes(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        """The fingerprint of the decisions each of these stored articles was curated under."""
        return {
            row["id"]: row["hash"]
            for row in self._read(
                f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}}) "
                "RETURN a.id AS id, a.curation_hash AS hash",
                {"ids": list(article_ids)},
            )
        }

    def curated_hashes(self) -> dict[str, str | None]:
        """Every article id and the fingerprint of its curated graph (None: never recorded)."""
        return {
            row["id"]: row["hash"]
            for row in self._read(
                f"MATCH (a:{ARTICLE_LABEL}) RETURN a.id AS id, a.curated_hash AS hash ORDER BY id"
            )
        }

    def curated_hashes_of(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        """The fingerprints of these articles' curated graphs; absent articles are left out."""
        return {
            row["id"]: row["hash"]
            for row in self._read(
                f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}}) "
                "RETURN a.id AS id, a.curated_hash AS hash",
                {"ids": list(article_ids)},
            )
        }

    def entities_by_id(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """The stored entities with these ids (a primary-key lookup per id)."""
        found: dict[str, Entity] = {}
        for label, ids in sorted(by_label(entity_ids).items()):
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, "
                "n.name AS name, n.aliases AS aliases, n.wikidata AS wikidata, "
                "n.country AS country, n.lat AS lat, n.lon AS lon",
                {"ids": ids},
            ):
                found[row["id"]] = _entity(row, label)
        return found

    def resolved_graphs(self, article_ids: Sequence[str]) -> list[ArticleGraph]:
        """The resolved graphs (before curation) of these articles, as ingested; an article
        stored without one (by an earlier version, or `kg import`) is rebuilt from the store."""
        rows = self._read(
            f"UNWIND $ids AS aid MATCH (a:{ARTICLE_LABEL} {{id: aid}}) "
            "RETURN a.id AS id, a.resolved AS resolved, a.title AS title, a.url AS url, "
            "a.published AS published, a.lang AS lang, a.path AS path, a.content_hash AS hash",
            {"ids": list(article_ids)},
        )
        graphs = {}
        legacy = []
        for row in rows:
            article = StoredArticle(
                row["id"],
                row["title"] or "",
                "",
                row["lang"],
                row["published"],
                row["url"],
                row["path"],
                stored_hash=row["hash"] or "",
            )
            if row["resolved"]:
                graphs[row["id"]] = graph_from_json(article, row["resolved"])
            else:
                legacy.append(row["id"])
        graphs |= {g.article.id: g for g in self.article_graphs(legacy)}
        return [graphs[i] for i in article_ids if i in graphs]

    # ---- redirects -------------------------------------------------------------------------
    def set_former_ids(self, redirects: dict[str, str]) -> None:
        """Record on each entity the former ids that now lead to it (`former_ids`), and clear
        those of entities no redirect leads to any more."""
        wanted: dict[str, list[str]] = defaultdict(list)
        for old, new in sorted(redirects.items()):
            wanted[new].append(old)
        statements: list[Statement] = []
        for label in ENTITY_TYPES:
            stale = [
                row["id"]
                for row in self._read(
                    f"MATCH (n:{label}) WHERE size(n.former_ids) > 0 RETURN n.id AS id"
                )
                if row["id"] not in wanted
            ]
            if stale:
                statements.append(
                    (
                        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) SET n.former_ids = NULL",
                        {"ids": stale},
                    )
                )
        for label, ids in sorted(by_label(wanted).items()):
            statements.append(
                (
                    f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) "
                    f"SET n.former_ids = {self._cast('r.former', 'STRING[]')}",
                    {"rows": [{"id": i, "former": wanted[i]} for i in ids]},
                )
            )
        self._write(statements)

    def redirect_of(self, former_id: str) -> str | None:
        """The id of the entity that now stands for `former_id`, if any."""
        for current in ENTITY_TYPES:  # any label: a retype moves the entity to another one
            rows = self._read(
                f"MATCH (n:{current}) WHERE $id IN n.former_ids RETURN n.id AS id LIMIT 1",
                {"id": former_id},
            )
            if rows:
                return str(rows[0]["id"])
        return None


def _fact(rel: str, source: str, target: str, entries: list[dict[str, Any]]) -> Fact:
    """One article's statement of a fact, from its provenance entries."""
    first = entries[0]
    evidence = tuple(
        Evidence(e["text"], e["start"], e["end"]) for e in entries if e.get("text") is not None
    )
    return Fact(
        rel,
        source,
        target,
        evidence,
        float(first["confidence"]),
        first.get("year"),
        first.get("year_source"),
    )


def graph_json(graph: ArticleGraph) -> str:
    """Entities and relations of a graph as canonical JSON (sorted, and a symmetric relation
    in its key's order, so equal graphs give equal text: a graph replayed from the store,
    whose partnerships come out in that order, gives the text of the one first written)."""
    entities = sorted(
        [e.id, e.type, e.name, sorted(set(e.aliases)), e.wikidata, e.country, e.lat, e.lon]
        for e in graph.entities
    )
    relations = sorted(
        [
            *r.key(),
            [[v.text, v.start, v.end] for v in r.evidence],
            r.confidence,
            r.year,
            r.year_source,
        ]
        for r in graph.relations
    )
    return json.dumps(
        {"entities": entities, "relations": relations}, ensure_ascii=False, sort_keys=True
    )


def graph_from_json(article: Article, text: str) -> ArticleGraph:
    data = json.loads(text)
    entities = tuple(
        Entity(i, t, n, tuple(a), w, c, lat, lon) for i, t, n, a, w, c, lat, lon in data["entities"]
    )
    relations = tuple(
        Fact(t, s, o, tuple(Evidence(x, a, b) for x, a, b in ev), conf, year, ys)
        for t, s, o, ev, conf, year, ys in data["relations"]
    )
    return ArticleGraph(article, entities, relations)


def fingerprint(graph: ArticleGraph) -> str:
    return hashlib.sha256(graph_json(graph).encode("utf-8")).hexdigest()


def _entity(row: dict[str, Any], label: str) -> Entity:
    """An entity from a row of its stored properties (id, name, aliases, wikidata, country,
    lat, lon)."""
    return Entity(row["id"], label, row["name"], tuple(row["aliases"] or ()), row["wikidata"],
                  row["country"], row["lat"], row["lon"])

"""The typed model that crosses every stage: load -> extract -> resolve -> store -> outputs.

Frozen dataclasses only; stages never pass dicts of unknown shape to each other.
`ArticleGraph.to_json()` is the public `kg extract` contract (README: "Reading articles
without a database").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

EntityType = Literal["Company", "Cluster", "Lab", "City", "Region", "Country", "Event"]
RelationType = Literal["PARTNERS_WITH", "LOCATED_IN", "EXHIBITS_AT", "MEMBER_OF"]

ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
ORGANISATION_TYPES: tuple[str, ...] = ("Company", "Cluster", "Lab")
PLACE_TYPES: tuple[str, ...] = ("City", "Region", "Country")
SYMMETRIC_RELATIONS: frozenset[str] = frozenset({"PARTNERS_WITH"})


@dataclass(frozen=True)
class Article:
    """One source document, as loaded. `id` is stable across edits of the same document."""

    id: str
    title: str
    text: str
    lang: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    url: str | None = None
    path: str | None = None
    # an article imported from an RDF export has no text; it keeps the hash of the text it
    # was extracted from, so ingesting that text again finds it unchanged
    imported_hash: str | None = field(default=None, compare=False)

    @property
    def content_hash(self) -> str:
        """Fingerprint of everything that influences extraction; unchanged hash = no-op ingest."""
        if self.imported_hash:
            return self.imported_hash
        payload = "\x1f".join(
            [self.title, self.text, self.lang or "", self.published or "", self.url or ""]
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Evidence:
    """A sentence that states a relation, with character offsets into `Article.text`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Relation:
    type: str
    source: str  # entity id
    target: str  # entity id
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 0.5
    year: int | None = None
    # where the year comes from: "sentence" (the evidence states it) or "article" (the
    # article's publication year, for a partnership whose sentence gives none)
    year_source: str | None = None

    def key(self) -> tuple[str, str, str]:
        """Identity of the fact; symmetric relations are keyed in a canonical order."""
        if self.type in SYMMETRIC_RELATIONS and self.target < self.source:
            return (self.type, self.target, self.source)
        return (self.type, self.source, self.target)


@dataclass(frozen=True)
class ArticleGraph:
    """Everything one article says: its entities and the relations between them."""

    article: Article
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_json(self) -> dict[str, Any]:
        """The public extraction contract; keep its shape stable."""
        art = self.article
        return {
            "article": {
                "id": art.id,
                "title": art.title,
                "lang": art.lang,
                "published": art.published,
            },
            "entities": [
                {"id": e.id, "type": e.type, "name": e.name, "aliases": list(e.aliases)}
                for e in self.entities
            ],
            "relations": [
                {
                    "type": r.type,
                    "source": r.source,
                    "target": r.target,
                    "evidence": [
                        {"text": ev.text, "start": ev.start, "end": ev.end} for ev in r.evidence
                    ],
                    "confidence": r.confidence,
                    "year": r.year,
                    "year_source": r.year_source,
                }
                for r in self.relations
            ],
        }

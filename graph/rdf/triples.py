"""The store, read as a stream of RDF subject blocks (one node, fact or evidence at a time).

Every query streams through `store.iter_read`, and a block holds the triples of one subject
only, so memory stays bounded by the largest node, never by the graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from graph.model import ENTITY_TYPES, RELATION_TYPES
from graph.rdf import vocab as V
from graph.rdf.vocab import KG, SCHEMA
from graph.schema import ARTICLE_LABEL, MENTIONS
from graph.store import GraphStore

PredicateObject = tuple[URIRef, Node]

# Terms bound once: `Namespace.attr` builds a new URIRef on every access, and the writers'
# per-predicate caches hit fastest on the very same object.
TYPE, SUBJECT, PREDICATE, OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
IDENTIFIER = DCTERMS.identifier
REPLACES, IS_REPLACED_BY = DCTERMS.replaces, DCTERMS.isReplacedBy
HEADLINE, PUBLISHED, URL, LANGUAGE = (
    SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url, SCHEMA.inLanguage
)  # fmt: skip
MENTIONS_P, NAME, ALT_NAME = SCHEMA.mentions, SCHEMA.name, SCHEMA.alternateName
CONTENT_HASH = KG.contentHash
LATITUDE, LONGITUDE = SCHEMA.latitude, SCHEMA.longitude
SAME_AS = V.OWL.sameAs
COUNTRY, MENTION_COUNT, FIRST_SEEN, LAST_SEEN = (
    KG.countryCode, KG.mentionCount, KG.firstSeen, KG.lastSeen
)  # fmt: skip
GAZETTEER_CODE, WITHIN_AREA = KG.gazetteerCode, KG.withinArea
CONFIDENCE, YEAR, EVIDENCE, START, END = (
    KG.confidence, KG.year, KG.evidence, KG.startOffset, KG.endOffset
)  # fmt: skip
DERIVED_FROM, QUOTED_FROM, VALUE = PROV.wasDerivedFrom, PROV.wasQuotedFrom, PROV.value


@lru_cache(maxsize=4096)  # offsets, years, counts repeat; typed Literal() is costly
def integer(value: int) -> Literal:
    return Literal(int(value))


@lru_cache(maxsize=1024)  # confidences and coordinates repeat
def double(value: float) -> Literal:
    return Literal(float(value), datatype=XSD.double)


@dataclass
class Block:
    """The triples of one subject, in a stable order (rdf:type first)."""

    subject: URIRef
    pairs: list[PredicateObject]


def iter_blocks(store: GraphStore, base: str) -> Iterator[Block]:
    """Articles, then entities label by label, then facts with their evidence."""
    yield from _article_blocks(store, base)
    areas = _areas_by_code(store)
    for label in ENTITY_TYPES:
        yield from _entity_blocks(store, base, label, areas)
    for rel_type in RELATION_TYPES:
        yield from _fact_blocks(store, base, rel_type)


def _article_blocks(store: GraphStore, base: str) -> Iterator[Block]:
    rows = store.iter_read(
        f"MATCH (a:{ARTICLE_LABEL}) OPTIONAL MATCH (a)-[:{MENTIONS}]->(n) "
        "WITH a, collect(n.id) AS mentioned "
        "RETURN a.id AS id, a.title AS title, a.url AS url, a.published AS published, "
        "a.lang AS lang, a.content_hash AS content_hash, mentioned ORDER BY id"
    )
    for row in rows:
        pairs: list[PredicateObject] = [(TYPE, cls) for cls in V.ARTICLE_CLASSES]
        pairs.append((IDENTIFIER, Literal(row["id"])))
        if row["title"] is not None:
            pairs.append((HEADLINE, V.text(row["title"], row["lang"])))
        if row["published"]:
            pairs.append((PUBLISHED, V.date(row["published"])))
        if row["url"]:
            pairs.append((URL, V.url(row["url"])))
        if row["lang"]:
            pairs.append((LANGUAGE, Literal(row["lang"])))
        if row["content_hash"]:  # so an import leaves the article unchanged for ingest
            pairs.append((CONTENT_HASH, Literal(row["content_hash"])))
        pairs += [(MENTIONS_P, V.node_iri(base, nid)) for nid in sorted(row["mentioned"])]
        yield Block(V.node_iri(base, row["id"]), pairs)


def _areas_by_code(store: GraphStore) -> dict[str, str]:
    """Gazetteer code -> node id of the regions and countries that carry one."""
    return {
        row["code"]: row["id"]
        for label in ("Region", "Country")
        for row in store.iter_read(
            f"MATCH (n:{label}) WHERE n.gazetteer_code IS NOT NULL "
            "RETURN n.gazetteer_code AS code, n.id AS id ORDER BY id"
        )
    }


def _entity_blocks(
    store: GraphStore, base: str, label: str, areas: dict[str, str]
) -> Iterator[Block]:
    rows = store.iter_read(
        f"MATCH (n:{label}) OPTIONAL MATCH (a:{ARTICLE_LABEL})-[:{MENTIONS}]->(n) "
        "WITH n, collect(DISTINCT a.lang) AS langs "
        "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.wikidata AS wikidata, "
        "n.country AS country, n.lat AS lat, n.lon AS lon, n.mentions AS mentions, "
        "n.first_seen AS first_seen, n.last_seen AS last_seen, n.former_ids AS former_ids, "
        "n.gazetteer_code AS code, n.gazetteer_within AS within_code, langs ORDER BY id"
    )
    for row in rows:
        iri = V.node_iri(base, row["id"])
        # an id a curation decision retired stays resolvable: it names its replacement
        former = [V.node_iri(base, old) for old in sorted(row["former_ids"] or ())]
        pairs = _entity_pairs(label, row) + _containment_pairs(base, row, areas)
        yield Block(iri, pairs + [(REPLACES, old) for old in former])
        for old in former:
            yield Block(old, [(IS_REPLACED_BY, iri)])


def _containment_pairs(
    base: str, row: dict[str, Any], areas: dict[str, str]
) -> list[PredicateObject]:
    """The gazetteer's code and the area directly enclosing a place (kg:withinArea): derived
    containment, no article and no evidence, unlike a stated kg:locatedIn fact. A level the
    graph lacks is skipped for the next one up."""
    pairs: list[PredicateObject] = []
    if row.get("code"):
        pairs.append((GAZETTEER_CODE, Literal(row["code"])))
    code = row.get("within_code") or ""
    while code and code not in areas:
        code = code.rpartition(".")[0]
    if code and areas[code] != row["id"]:
        pairs.append((WITHIN_AREA, V.node_iri(base, areas[code])))
    return pairs


def _entity_pairs(label: str, row: dict[str, Any]) -> list[PredicateObject]:
    # Names carry the language of the articles that use them; one literal per language.
    langs = sorted({lang for lang in row["langs"] if lang}) or [None]
    pairs: list[PredicateObject] = [(TYPE, cls) for cls in V.CLASSES[label]]
    pairs.append((IDENTIFIER, Literal(row["id"])))
    pairs += [(NAME, V.text(row["name"], lang)) for lang in langs]
    for alias in sorted(row["aliases"] or ()):
        pairs += [(ALT_NAME, V.text(alias, lang)) for lang in langs]
    same_as = V.wikidata_iri(row["wikidata"])
    if same_as is not None:
        pairs.append((SAME_AS, same_as))
    if row["country"]:
        pairs.append((COUNTRY, Literal(row["country"])))
    for key, prop in (("lat", LATITUDE), ("lon", LONGITUDE)):
        if row[key] is not None:
            pairs.append((prop, double(row[key])))
    if row["mentions"]:  # none for a place only the gazetteer brings
        pairs.append((MENTION_COUNT, integer(row["mentions"])))
    for key, prop in (("first_seen", FIRST_SEEN), ("last_seen", LAST_SEEN)):
        if row[key]:
            pairs.append((prop, V.date(row[key])))
    return pairs


def _fact_blocks(store: GraphStore, base: str, rel_type: str) -> Iterator[Block]:
    prop = V.RELATIONS[rel_type]
    rows = store.iter_read(
        f"MATCH (a)-[e:{rel_type}]->(b) RETURN a.id AS s, b.id AS t, "
        "e.confidence AS confidence, e.year AS year, e.provenance AS provenance ORDER BY s, t"
    )
    for row in rows:
        source = V.node_iri(base, row["s"])
        target = V.node_iri(base, row["t"])
        # The plain edge, for consumers that ignore reification.
        yield Block(source, [(prop, target)])
        yield from _fact_and_evidence(base, rel_type, prop, source, target, row)


def _fact_and_evidence(
    base: str,
    rel_type: str,
    prop: URIRef,
    source: URIRef,
    target: URIRef,
    row: dict[str, Any],
) -> Iterator[Block]:
    fact = V.fact_iri(base, rel_type, row["s"], row["t"])
    provenance: dict[str, list[dict[str, Any]]] = json.loads(row["provenance"] or "{}")
    evidence: dict[URIRef, Block] = {}
    for article_id in sorted(provenance):
        article = V.node_iri(base, article_id)
        for entry in provenance[article_id]:
            iri = V.evidence_iri(base, str(fact), article_id, entry)
            evidence[iri] = Block(iri, _evidence_pairs(article, entry))
    pairs: list[PredicateObject] = [(TYPE, cls) for cls in V.FACT_CLASSES]
    pairs += [(SUBJECT, source), (PREDICATE, prop), (OBJECT, target)]
    if row["confidence"] is not None:
        pairs.append((CONFIDENCE, double(row["confidence"])))
    if row["year"] is not None:
        pairs.append((YEAR, integer(row["year"])))
    pairs += [(DERIVED_FROM, V.node_iri(base, art)) for art in sorted(provenance)]
    pairs += [(EVIDENCE, iri) for iri in sorted(evidence)]
    yield Block(fact, pairs)
    for iri in sorted(evidence):
        yield evidence[iri]


def _evidence_pairs(article: URIRef, entry: dict[str, Any]) -> list[PredicateObject]:
    pairs: list[PredicateObject] = [(TYPE, cls) for cls in V.EVIDENCE_CLASSES]
    pairs.append((QUOTED_FROM, article))
    if entry.get("text") is not None:
        pairs.append((VALUE, Literal(entry["text"])))
    for key, prop in (("start", START), ("end", END)):
        if entry.get(key) is not None:
            pairs.append((prop, integer(entry[key])))
    if entry.get("confidence") is not None:
        pairs.append((CONFIDENCE, double(entry["confidence"])))
    if entry.get("year") is not None:
        pairs.append((YEAR, integer(entry["year"])))
    return pairs

"""The store, read as a stream of RDF subject blocks (one node, fact or evidence at a time).

Every query streams through `store.iter_read`, and a block holds the triples of one subject
only, so memory stays bounded by the largest node, never by the graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class Block:
    """The triples of one subject, in a stable order (rdf:type first)."""

    subject: URIRef
    pairs: list[PredicateObject]


def iter_blocks(store: GraphStore, base: str) -> Iterator[Block]:
    """Articles, then entities label by label, then facts with their evidence."""
    yield from _article_blocks(store, base)
    for label in ENTITY_TYPES:
        yield from _entity_blocks(store, base, label)
    for rel_type in RELATION_TYPES:
        yield from _fact_blocks(store, base, rel_type)


def _article_blocks(store: GraphStore, base: str) -> Iterator[Block]:
    rows = store.iter_read(
        f"MATCH (a:{ARTICLE_LABEL}) OPTIONAL MATCH (a)-[:{MENTIONS}]->(n) "
        "WITH a, collect(n.id) AS mentioned "
        "RETURN a.id AS id, a.title AS title, a.url AS url, a.published AS published, "
        "a.lang AS lang, mentioned ORDER BY id"
    )
    for row in rows:
        pairs: list[PredicateObject] = [(RDF.type, cls) for cls in V.ARTICLE_CLASSES]
        pairs.append((DCTERMS.identifier, Literal(row["id"])))
        if row["title"] is not None:
            pairs.append((SCHEMA.headline, V.text(row["title"], row["lang"])))
        if row["published"]:
            pairs.append((SCHEMA.datePublished, V.date(row["published"])))
        if row["url"]:
            pairs.append((SCHEMA.url, V.url(row["url"])))
        if row["lang"]:
            pairs.append((SCHEMA.inLanguage, Literal(row["lang"])))
        pairs += [(SCHEMA.mentions, V.node_iri(base, nid)) for nid in sorted(row["mentioned"])]
        yield Block(V.node_iri(base, row["id"]), pairs)


def _entity_blocks(store: GraphStore, base: str, label: str) -> Iterator[Block]:
    rows = store.iter_read(
        f"MATCH (n:{label}) OPTIONAL MATCH (a:{ARTICLE_LABEL})-[:{MENTIONS}]->(n) "
        "WITH n, collect(DISTINCT a.lang) AS langs "
        "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.wikidata AS wikidata, "
        "n.country AS country, n.lat AS lat, n.lon AS lon, n.mentions AS mentions, "
        "n.first_seen AS first_seen, n.last_seen AS last_seen, langs ORDER BY id"
    )
    for row in rows:
        yield Block(V.node_iri(base, row["id"]), _entity_pairs(label, row))


def _entity_pairs(label: str, row: dict[str, Any]) -> list[PredicateObject]:
    # Names carry the language of the articles that use them; one literal per language.
    langs = sorted({lang for lang in row["langs"] if lang}) or [None]
    pairs: list[PredicateObject] = [(RDF.type, cls) for cls in V.CLASSES[label]]
    pairs.append((DCTERMS.identifier, Literal(row["id"])))
    pairs += [(SCHEMA.name, V.text(row["name"], lang)) for lang in langs]
    for alias in sorted(row["aliases"] or ()):
        pairs += [(SCHEMA.alternateName, V.text(alias, lang)) for lang in langs]
    same_as = V.wikidata_iri(row["wikidata"])
    if same_as is not None:
        pairs.append((V.OWL.sameAs, same_as))
    if row["country"]:
        pairs.append((KG.countryCode, Literal(row["country"])))
    for key, prop in (("lat", SCHEMA.latitude), ("lon", SCHEMA.longitude)):
        if row[key] is not None:
            pairs.append((prop, Literal(float(row[key]), datatype=XSD.double)))
    if row["mentions"] is not None:
        pairs.append((KG.mentionCount, Literal(int(row["mentions"]))))
    for key, prop in (("first_seen", KG.firstSeen), ("last_seen", KG.lastSeen)):
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
    pairs: list[PredicateObject] = [(RDF.type, cls) for cls in V.FACT_CLASSES]
    pairs += [(RDF.subject, source), (RDF.predicate, prop), (RDF.object, target)]
    if row["confidence"] is not None:
        pairs.append((KG.confidence, Literal(float(row["confidence"]), datatype=XSD.double)))
    if row["year"] is not None:
        pairs.append((KG.year, Literal(int(row["year"]))))
    pairs += [(PROV.wasDerivedFrom, V.node_iri(base, art)) for art in sorted(provenance)]
    pairs += [(KG.evidence, iri) for iri in sorted(evidence)]
    yield Block(fact, pairs)
    for iri in sorted(evidence):
        yield evidence[iri]


def _evidence_pairs(article: URIRef, entry: dict[str, Any]) -> list[PredicateObject]:
    pairs: list[PredicateObject] = [(RDF.type, cls) for cls in V.EVIDENCE_CLASSES]
    pairs.append((PROV.wasQuotedFrom, article))
    if entry.get("text") is not None:
        pairs.append((PROV.value, Literal(entry["text"])))
    for key, prop in (("start", KG.startOffset), ("end", KG.endOffset)):
        if entry.get(key) is not None:
            pairs.append((prop, Literal(int(entry[key]))))
    if entry.get("confidence") is not None:
        pairs.append((KG.confidence, Literal(float(entry["confidence"]), datatype=XSD.double)))
    if entry.get("year") is not None:
        pairs.append((KG.year, Literal(int(entry["year"]))))
    return pairs

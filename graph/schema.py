"""The property-graph schema both engines share: labels, properties and allowed edge endpoints.

The embedded engine needs every table declared; Neo4j gets the same shape by convention, and
the writer drops any relation whose endpoint labels are not allowed here, on both engines.
"""

from __future__ import annotations

from graph.model import ENTITY_TYPES, ORGANISATION_TYPES, PLACE_TYPES

ARTICLE_LABEL = "Article"
MENTIONS = "MENTIONS"
# The lookup index: one Key node per search key, KEY_OF every entity it names. Neither engine
# indexes list members, so `$key IN n.search_keys` scans; `(:Key {key: $key})-[:KEY_OF]->(n)`
# is a primary-key lookup on both.
KEY_LABEL = "Key"
KEY_OF = "KEY_OF"
# The blocking index of fuzzy resolution (graph.blocking): one Block node per block key,
# BLOCK_OF every organisation or event that has a name in that block.
BLOCK_LABEL = "Block"
BLOCK_OF = "BLOCK_OF"

# property name -> LadybugDB type; Neo4j is schemaless and stores the same values.
ENTITY_PROPERTIES: dict[str, str] = {
    "id": "STRING",
    "name": "STRING",
    "aliases": "STRING[]",
    "search_keys": "STRING[]",
    "wikidata": "STRING",
    "country": "STRING",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "mentions": "INT64",
    "first_seen": "STRING",
    "last_seen": "STRING",
    # ids this entity had before a curation decision renamed, retyped or merged it
    "former_ids": "STRING[]",
}
# Kept up to date by every write (GraphStore._derived_statements) so that whole-graph
# questions read one property instead of expanding: fact-edge counts; the ids of every
# place the entity lies in through 1-3 LOCATED_IN hops (its city, region, country), as a list
# and as one "|id|id|" string: LadybugDB 0.22 tests `within CONTAINS '|id|'` in half the time
# of `list_contains(places, id)` over 90k organisations; the lowest confidence of the facts it
# states that a single article supports (null: none), so that the weakest facts are found
# from a node scan rather than a sort of every fact edge; for an organisation, `abroad`: its
# countries from which it has a partner in another country ("|id|id|"), and for a country,
# `abroad_orgs`: how many organisations have it in `abroad`, so international partnerships
# start from the few organisations that come first. `derived_version` says which version of
# this list wrote them (DERIVED_VERSION): an older graph gets them recomputed.
DERIVED_PROPERTIES: dict[str, str] = {
    "relations": "INT64",
    "partnerships": "INT64",
    "places": "STRING[]",
    "within": "STRING",
    "weakest_single_source": "DOUBLE",
    "abroad": "STRING",
    "abroad_orgs": "INT64",
    "derived_version": "INT64",
}
DERIVED_VERSION = 3  # raise it whenever DERIVED_PROPERTIES or how one is computed changes
ENTITY_PROPERTIES |= DERIVED_PROPERTIES
ARTICLE_PROPERTIES: dict[str, str] = {
    "id": "STRING",
    "title": "STRING",
    "url": "STRING",
    "published": "STRING",
    "lang": "STRING",
    "path": "STRING",
    "content_hash": "STRING",
    # JSON: the article's resolved graph before curation decisions, so `kg curate apply` can
    # re-apply (or undo) decisions without the NLP; the fingerprint of what was written
    "resolved": "STRING",
    "curated_hash": "STRING",
    "curation_hash": "STRING",  # graph.curation.Curation.fingerprint of the decisions applied
}
FACT_PROPERTIES: dict[str, str] = {
    "sources": "STRING[]",
    "evidence": "STRING[]",
    "evidence_articles": "STRING[]",  # evidence[i] comes from article evidence_articles[i]
    "confidence": "DOUBLE",
    "year": "INT64",
    "provenance": "STRING",  # JSON: per article, the sentences with offsets, confidence, year
    "source_count": "INT64",  # size(sources), kept so Neo4j can index it with confidence
}
MENTION_PROPERTIES: dict[str, str] = {"name": "STRING", "aliases": "STRING[]"}

_ORGS = ORGANISATION_TYPES
_LOCATABLE = (*ORGANISATION_TYPES, "Event", *PLACE_TYPES)

RELATION_ENDPOINTS: dict[str, tuple[tuple[str, str], ...]] = {
    "PARTNERS_WITH": tuple((a, b) for a in _ORGS for b in _ORGS),
    "LOCATED_IN": tuple((a, b) for a in _LOCATABLE for b in PLACE_TYPES),
    "EXHIBITS_AT": tuple((a, "Event") for a in _ORGS),
    "MEMBER_OF": tuple((a, "Cluster") for a in _ORGS),
}

_PREFIX_TO_LABEL = {label.lower(): label for label in ENTITY_TYPES}


def label_of(entity_id: str) -> str:
    """Entity ids carry their label (`company:x` -> Company), so no engine-specific label()."""
    prefix = entity_id.split(":", 1)[0]
    try:
        return _PREFIX_TO_LABEL[prefix]
    except KeyError:
        raise ValueError(f"not an entity id: {entity_id!r}") from None


def allowed(rel_type: str, source_label: str, target_label: str) -> bool:
    return (source_label, target_label) in RELATION_ENDPOINTS.get(rel_type, ())

"""Pure functions that turn resolved article graphs into the rows the stores write.

No database here: the same rows go to both engines, so both hold the same graph.
Fact edges aggregate what every article says about one (type, source, target); the per-article
part lives in `provenance` (JSON) so an article can be retracted exactly.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.keys import fold, search_keys
from graph.model import ArticleGraph, Entity, Relation
from graph.schema import allowed, label_of

Statement = tuple[str, dict[str, Any]]  # Cypher and its parameters

FactKey = tuple[str, str, str]  # (type, source id, target id)
Provenance = dict[str, list[dict[str, Any]]]  # article id -> evidence entries


@dataclass
class EntityRows:
    """Node rows grouped by label, and MENTIONS rows (article -> entity) grouped by label."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    mentions: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


def article_row(graph: ArticleGraph) -> dict[str, Any]:
    art = graph.article
    return {
        "id": art.id,
        "title": art.title,
        "url": art.url,
        "published": art.published,
        "lang": art.lang,
        "path": art.path,
        "content_hash": art.content_hash,
        "search_text": article_search_text(art.title, art.url, art.path),
    }


def article_search_text(title: str | None, url: str | None, path: str | None) -> str:
    """What the `articles` query searches: title, URL and file name, folded, one per line."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
    return "\n".join(fold(part) for part in (title, url, name) if part)


def entity_rows(graphs: Sequence[ArticleGraph]) -> EntityRows:
    rows = EntityRows()
    for graph in graphs:
        for entity in graph.entities:
            label = label_of(entity.id)
            known = rows.nodes[label].get(entity.id)
            rows.nodes[label][entity.id] = _node_row(entity, known)
            rows.mentions[label].append(
                {
                    "article": graph.article.id,
                    "id": entity.id,
                    "name": entity.name,
                    "aliases": sorted(set(entity.aliases)),
                }
            )
    return rows


def _node_row(entity: Entity, known: dict[str, Any] | None) -> dict[str, Any]:
    row = {
        "id": entity.id,
        "name": entity.name,
        "wikidata": entity.wikidata,
        "country": entity.country,
        "lat": entity.lat,
        "lon": entity.lon,
    }
    if known:  # a later article in the batch keeps what an earlier one knew
        for key in ("wikidata", "country", "lat", "lon"):
            row[key] = row[key] if row[key] is not None else known[key]
    return row


def fact_contributions(graphs: Iterable[ArticleGraph]) -> dict[FactKey, Provenance]:
    """What each article says about each fact key; relations with disallowed endpoints are
    skipped (the caller reports them)."""
    facts: dict[FactKey, Provenance] = defaultdict(dict)
    for graph in graphs:
        for relation in graph.relations:
            if not is_storable(relation):
                continue
            entries = facts[relation.key()].setdefault(graph.article.id, [])
            entries.extend(_evidence_entries(relation))
    return facts


def is_storable(relation: Relation) -> bool:
    try:
        return allowed(relation.type, label_of(relation.source), label_of(relation.target))
    except ValueError:
        return False


def _evidence_entries(relation: Relation) -> list[dict[str, Any]]:
    base = {
        "confidence": relation.confidence,
        "year": relation.year,
        "year_source": relation.year_source,
    }
    if not relation.evidence:
        return [{"text": None, "start": None, "end": None, **base}]
    return [{"text": ev.text, "start": ev.start, "end": ev.end, **base} for ev in relation.evidence]


def merge_provenance(old: Provenance, new: Provenance, drop: set[str]) -> Provenance:
    """Old provenance without the dropped articles, plus the new contributions."""
    merged = {art: entries for art, entries in old.items() if art not in drop}
    merged.update(new)
    return merged


def fact_row(key: FactKey, provenance: Provenance) -> dict[str, Any]:
    """Derive the queryable edge properties from the provenance, deterministically."""
    rel_type, source, target = key
    sources = sorted(provenance)
    evidence: list[str] = []
    evidence_articles: list[str] = []
    confidences: list[float] = []
    years: list[int] = []
    for art in sources:
        for entry in provenance[art]:
            confidences.append(float(entry["confidence"]))
            if entry.get("year") is not None:
                years.append(int(entry["year"]))
            if entry.get("text") and entry["text"] not in evidence:
                evidence.append(entry["text"])
                evidence_articles.append(art)
    return {
        "type": rel_type,
        "s": source,
        "t": target,
        "sources": sources,
        "evidence": evidence,
        "evidence_articles": evidence_articles,
        "confidence": max(confidences, default=0.0),
        "year": min(years) if years else None,
        "provenance": json.dumps(provenance, ensure_ascii=False, sort_keys=True),
    }


def parse_provenance(raw: str | None) -> Provenance:
    return json.loads(raw) if raw else {}


def node_aggregates(entity_id: str, name: str, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """Node properties derived from the articles that mention it (MENTIONS edges)."""
    aliases: set[str] = set()
    dates: list[str] = []
    for mention in mentions:
        aliases.update(mention.get("aliases") or ())
        if mention.get("name"):
            aliases.add(mention["name"])
        if mention.get("published"):
            dates.append(mention["published"])
    aliases.discard(name)
    alias_list = sorted(aliases)
    return {
        "id": entity_id,
        "aliases": alias_list,
        "search_keys": search_keys(name, alias_list),
        "mentions": len(mentions),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
    }


def abroad(places: Sequence[str], partner_places: Iterable[Sequence[str]]) -> str:
    """The countries among an organisation's places from which it has a partner located in
    another country, as "|id|id|" (what international-partnerships lists under each)."""
    theirs = {place for places_of in partner_places for place in countries(places_of)}
    return "".join(f"|{c}" for c in countries(places) if theirs - {c}) + "|"


def countries(places: Iterable[str]) -> list[str]:
    return sorted(place for place in places if label_of(place) == "Country")


def place_ids(joined: str | None) -> list[str]:
    """The ids of a "|id|id|" string."""
    return [part for part in (joined or "").split("|") if part]


def by_label(node_ids: Iterable[str]) -> dict[str, list[str]]:
    """Ids grouped by the label their prefix names, sorted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id in sorted(node_ids):
        groups[label_of(node_id)].append(node_id)
    return groups

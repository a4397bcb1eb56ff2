"""Cross-article entity resolution: one node per real-world referent across the corpus.

An extracted entity is mapped to a canonical entity, in order:
1. the analyst's merge file (`data/merges.tsv`: type, canonical name, aliases) and the
   organisation gazetteer (`data/gazetteer/organisations.jsonl`), by any name or alias key;
2. an entity already known (from the store, or from an earlier article of this run) of the
   same type sharing a name or alias key (`graph.keys.lookup_key`: case, accents,
   punctuation ignored), acronyms included ("WNLO" <-> its expansion with alias WNLO);
   a bare acronym also matches an organisation of another organisation type, because the
   type of a lone acronym is the weakest guess the extractor makes;
3. fuzzy matching (rapidfuzz, `token_sort_ratio` on folded names >= FUZZY_CUTOFF) among
   organisations and events of the same type only: a City never merges with a Company.
Otherwise the entity becomes a new canonical entity. Canonical ids and names are those first
seen (the store's, the merge file's, the gazetteer's, or the first article's), so ids stay
stable; later spellings become aliases. Places get country and coordinates from the place
gazetteer; organisations their Wikidata id from the organisation gazetteer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from graph.errors import BadInput
from graph.gazetteer import lookup_organisation, lookup_place, organisations
from graph.keys import entity_id, fold, lookup_key
from graph.model import ORGANISATION_TYPES, PLACE_TYPES, ArticleGraph, Entity, Relation

DEFAULT_MERGES = Path(__file__).resolve().parent.parent / "data" / "merges.tsv"
FUZZY_CUTOFF = 92.0
FUZZY_MIN_LENGTH = 6  # short names ("IVEA", "CEA") only merge exactly
FUZZY_TYPES = (*ORGANISATION_TYPES, "Event")


@dataclass
class Canonical:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def add_alias(self, alias: str) -> bool:
        key = lookup_key(alias)
        if not key or key == lookup_key(self.name):
            return False
        if any(lookup_key(a) == key for a in self.aliases):
            return False
        self.aliases.append(alias)
        return True

    def to_entity(self) -> Entity:
        return Entity(self.id, self.type, self.name, tuple(self.aliases), self.wikidata,
                      self.country, self.lat, self.lon)


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 10 and all(c.isupper() for c in letters) and " " not in name


def read_merges(path: Path) -> list[tuple[str, str, list[str]]]:
    """Rows of the merge file: (type, canonical name, aliases). Bad rows raise BadInput."""
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) < 2 or cells[0] not in (*ORGANISATION_TYPES, *PLACE_TYPES, "Event"):
            raise BadInput(str(path), f"line {number}: expected TYPE<TAB>NAME<TAB>ALIAS|ALIAS")
        aliases = [a.strip() for a in (cells[2] if len(cells) > 2 else "").split("|") if a.strip()]
        rows.append((cells[0], cells[1].strip(), aliases))
    return rows


class Resolver:
    """Maps the entities of each ArticleGraph to canonical entities; remembers them."""

    def __init__(self, known: Iterable[Entity] = (), merges: Path | None = None) -> None:
        self._by_id: dict[str, Canonical] = {}
        self._by_key: dict[tuple[str, str], Canonical] = {}
        self._acronyms: dict[str, list[Canonical]] = {}
        self._fuzzy_names: dict[str, dict[str, Canonical]] = {t: {} for t in FUZZY_TYPES}
        merges_path = merges if merges is not None else DEFAULT_MERGES
        if merges_path.is_file():
            for etype, name, aliases in read_merges(merges_path):
                self._register(self._new(etype, name, aliases))
        for entity in known:
            existing = self._by_id.get(entity.id)
            if existing is None:
                self._register(Canonical(entity.id, entity.type, entity.name,
                                         list(entity.aliases), entity.wikidata, entity.country,
                                         entity.lat, entity.lon))
            else:
                for alias in (entity.name, *entity.aliases):
                    existing.add_alias(alias)
                self._register(existing)

    # ---- public ----------------------------------------------------------------------
    def resolve(self, graph: ArticleGraph) -> ArticleGraph:
        mapping: dict[str, str] = {}
        for entity in graph.entities:
            canonical = self._match(entity) or self._create(entity)
            self._absorb(canonical, entity)
            mapping[entity.id] = canonical.id
        entities: dict[str, Entity] = {}
        for entity in graph.entities:
            cid = mapping[entity.id]
            entities.setdefault(cid, self._by_id[cid].to_entity())
        return replace(graph, entities=tuple(entities.values()),
                       relations=self._remap(graph.relations, mapping))

    def entities(self) -> list[Entity]:
        return [c.to_entity() for c in self._by_id.values()]

    # ---- matching --------------------------------------------------------------------
    def _match(self, entity: Entity) -> Canonical | None:
        names = (entity.name, *entity.aliases)
        for name in names:
            hit = self._by_key.get((entity.type, lookup_key(name)))
            if hit is not None:
                return hit
        if entity.type in ORGANISATION_TYPES and _is_acronym(entity.name):
            owners = self._acronyms.get(lookup_key(entity.name), [])
            if len(owners) == 1 and owners[0].type in ORGANISATION_TYPES:
                return owners[0]
        return self._fuzzy(entity)

    def _fuzzy(self, entity: Entity) -> Canonical | None:
        table = self._fuzzy_names.get(entity.type)
        folded = fold(entity.name)
        if not table or len(folded) < FUZZY_MIN_LENGTH or _is_acronym(entity.name):
            return None
        best = process.extractOne(folded, list(table), scorer=fuzz.token_sort_ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        return table[best[0]] if best else None

    # ---- registry --------------------------------------------------------------------
    def _new(self, etype: str, name: str, aliases: Iterable[str] = ()) -> Canonical:
        canonical = Canonical(entity_id(etype, name), etype, name)
        for alias in aliases:
            canonical.add_alias(alias)
        self._enrich(canonical)
        return canonical

    def _create(self, entity: Entity) -> Canonical:
        known = lookup_organisation(entity.name) if entity.type in ORGANISATION_TYPES else None
        if known is not None and known.type == entity.type:
            canonical = self._by_key.get((known.type, lookup_key(known.name)))
            if canonical is None:
                canonical = self._new(known.type, known.name, known.aliases)
        else:
            canonical = self._new(entity.type, entity.name)
        self._register(canonical)
        return canonical

    def _absorb(self, canonical: Canonical, entity: Entity) -> None:
        for alias in (entity.name, *entity.aliases):
            if canonical.add_alias(alias):
                self._register_name(canonical, alias)
        canonical.wikidata = canonical.wikidata or entity.wikidata
        if canonical.lat is None and entity.lat is not None:
            canonical.country, canonical.lat, canonical.lon = entity.country, entity.lat, entity.lon

    def _register(self, canonical: Canonical) -> None:
        self._by_id[canonical.id] = canonical
        for name in (canonical.name, *canonical.aliases):
            self._register_name(canonical, name)

    def _register_name(self, canonical: Canonical, name: str) -> None:
        key = lookup_key(name)
        if not key:
            return
        self._by_key.setdefault((canonical.type, key), canonical)
        if _is_acronym(name):
            owners = self._acronyms.setdefault(key, [])
            if canonical not in owners:
                owners.append(canonical)
        elif canonical.type in self._fuzzy_names:
            self._fuzzy_names[canonical.type].setdefault(fold(name), canonical)

    @staticmethod
    def _enrich(canonical: Canonical) -> None:
        if canonical.type in PLACE_TYPES:
            place = lookup_place(canonical.name)
            if place is not None and place.type == canonical.type:
                canonical.country = place.country
                canonical.lat, canonical.lon = place.lat, place.lon
        elif canonical.type in ORGANISATION_TYPES or canonical.type == "Event":
            known = organisations().get(lookup_key(canonical.name))
            if known is not None and known.type == canonical.type:
                canonical.wikidata = canonical.wikidata or known.wikidata

    @staticmethod
    def _remap(relations: Iterable[Relation], mapping: dict[str, str]) -> tuple[Relation, ...]:
        merged: dict[tuple[str, str, str], Relation] = {}
        for rel in relations:
            source = mapping.get(rel.source, rel.source)
            target = mapping.get(rel.target, rel.target)
            if source == target:
                continue  # two mentions of one referent: no self-loop
            moved = replace(rel, source=source, target=target)
            old = merged.get(moved.key())
            if old is None:
                merged[moved.key()] = moved
            else:
                evidence = old.evidence + tuple(e for e in moved.evidence if e not in old.evidence)
                merged[moved.key()] = replace(old, evidence=evidence,
                                              confidence=max(old.confidence, moved.confidence),
                                              year=old.year or moved.year,
                                              year_source=old.year_source or moved.year_source)
        return tuple(merged.values())

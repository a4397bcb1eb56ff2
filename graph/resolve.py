"""Cross-article entity resolution: one node per real-world referent across the corpus.

An extracted entity is mapped to a canonical entity, in order:
1. the analyst's merge file (`data/merges.tsv`: type, canonical name, aliases) and the
   organisation gazetteer (`data/gazetteer/organisations.jsonl`), by any name or alias key;
2. an entity already known (from the store's Key index, or from an earlier article of this
   run) of the same type sharing a name or alias key (`graph.keys.lookup_key`: case, accents,
   punctuation ignored), acronyms included ("WNLO" <-> its expansion with alias WNLO);
   a bare acronym also matches an organisation of another organisation type, because the
   type of a lone acronym is the weakest guess the extractor makes;
3. fuzzy matching (rapidfuzz, `token_sort_ratio` on folded names >= FUZZY_CUTOFF) among
   organisations and events of the same type only (a City never merges with a Company), and
   among those sharing a block with the name only (graph.blocking), never all of them.
Otherwise the entity becomes a new canonical entity. Canonical ids and names are those first
seen (the store's, the merge file's, the gazetteer's, or the first article's), so ids stay
stable; later spellings become aliases. Places get country and coordinates from the place
gazetteer; organisations their Wikidata id from the organisation gazetteer.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz, process

from graph.blocking import BLOCK_CAP, FUZZY_TYPES, name_blocks
from graph.blocking import is_acronym as _is_acronym
from graph.errors import BadInput
from graph.gazetteer import lookup_organisation, lookup_place, organisations
from graph.keys import entity_id, fold, lookup_key
from graph.model import ORGANISATION_TYPES, PLACE_TYPES, ArticleGraph, Entity, Relation

DEFAULT_MERGES = Path(__file__).resolve().parent.parent / "data" / "merges.tsv"
FUZZY_CUTOFF = 92.0
FUZZY_MIN_LENGTH = 6  # short names ("IVEA", "CEA") only merge exactly


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


def _candidate_keys(entity: Entity) -> set[str]:
    """The lookup keys an entity may be found by: its names, and the name the organisation
    gazetteer gives it (graph.resolve.Resolver._create)."""
    keys = {lookup_key(name) for name in (entity.name, *entity.aliases)}
    if entity.type in ORGANISATION_TYPES:
        known = lookup_organisation(entity.name)
        if known is not None:
            keys.add(lookup_key(known.name))
    return keys


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


class CandidateSource(Protocol):
    """Where known entities come from, a few at a time: a graph store (graph.store.base)."""

    def entities_by_keys(self, keys: Sequence[str]) -> list[Entity]:
        """Every entity that has one of these lookup keys (any type)."""
        ...

    def block_sizes(self, blocks: Sequence[str]) -> dict[str, int]:
        """How many entities each block holds (absent: none)."""
        ...

    def entities_in_blocks(self, blocks: Sequence[str]) -> list[tuple[str, Entity]]:
        """Every (block, entity) of these blocks."""
        ...


class Resolver:
    """Maps the entities of each ArticleGraph to canonical entities; remembers them.

    Known entities come from `known` (all at once) or from `source` (a graph store), asked
    only for the candidates of the names at hand: those sharing a lookup key (the store's Key
    index) and, for fuzzy matching, those sharing a block (graph.blocking). So the cost of an
    article does not grow with the graph. `prefetch(graphs)` asks for a whole batch of
    articles in a few queries; `resolve` asks for what is still missing by itself."""

    def __init__(
        self,
        known: Iterable[Entity] = (),
        merges: Path | None = None,
        *,
        source: CandidateSource | None = None,
    ) -> None:
        self._source = source
        merges_path = merges if merges is not None else DEFAULT_MERGES
        self._merge_rows = read_merges(merges_path) if merges_path.is_file() else []
        self._clear()
        for entity in known:
            self._know(entity)

    def _clear(self) -> None:
        self._by_id: dict[str, Canonical] = {}
        self._by_key: dict[tuple[str, str], Canonical] = {}
        self._acronyms: dict[str, list[Canonical]] = {}
        self._blocks: dict[str, dict[str, Canonical]] = {}  # block -> id -> canonical
        self._fuzzy_names: dict[str, list[str]] = {}  # id -> folded names fuzzy matching reads
        self._fetched_keys: set[str] = set()
        self._fetched_blocks: set[str] = set()
        self._common_blocks: set[str] = set()  # over BLOCK_CAP in the source
        # fuzzy candidates read from the source, not registered unless one of them matches:
        # most are only compared, and registering every one would cost more than comparing
        self._block_members: dict[str, list[str]] = {}  # block -> ids, from the source
        self._candidates: dict[str, Entity] = {}
        for etype, name, aliases in self._merge_rows:
            self._register(self._new(etype, name, aliases))

    # ---- public ----------------------------------------------------------------------
    def resolve(self, graph: ArticleGraph) -> ArticleGraph:
        self.prefetch([graph])
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

    def prefetch(self, graphs: Iterable[ArticleGraph]) -> None:
        """Load from the source every known entity these articles could resolve to: those
        sharing a lookup key with one of their names, then those sharing a block with a name
        no key matches. Without a source, nothing to do."""
        if self._source is None:
            return
        entities = [e for g in graphs for e in g.entities]
        keys = {key for e in entities for key in _candidate_keys(e)} - self._fetched_keys
        keys.discard("")
        if keys:
            self._know_all(self._source.entities_by_keys(sorted(keys)))
            self._fetched_keys |= keys
        blocks: set[str] = set()
        for entity in entities:
            if self._fuzzy_eligible(entity) and self._exact(entity) is None:
                blocks |= name_blocks(entity.type, entity.name)
        blocks -= self._fetched_blocks
        if blocks:
            sizes = self._source.block_sizes(sorted(blocks))
            common = {b for b, size in sizes.items() if size > BLOCK_CAP}
            wanted = sorted(b for b in blocks if b in sizes and b not in common)
            if wanted:
                self._remember_candidates(self._source.entities_in_blocks(wanted))
            self._common_blocks |= common
            self._fetched_blocks |= blocks

    def forget(self) -> None:
        """Drop every entity held in memory (the merge file's stay): call it only once what
        was resolved is written to the source, which then answers for them."""
        if self._source is not None:
            self._clear()

    def cached(self) -> int:
        """How many canonical entities are held in memory."""
        return len(self._by_id)

    def entities(self) -> list[Entity]:
        return [c.to_entity() for c in self._by_id.values()]

    # ---- matching --------------------------------------------------------------------
    def _match(self, entity: Entity) -> Canonical | None:
        return self._exact(entity) or self._fuzzy(entity)

    def _exact(self, entity: Entity) -> Canonical | None:
        for name in (entity.name, *entity.aliases):
            hit = self._by_key.get((entity.type, lookup_key(name)))
            if hit is not None:
                return hit
        if entity.type in ORGANISATION_TYPES and _is_acronym(entity.name):
            owners = self._acronyms.get(lookup_key(entity.name), [])
            if len(owners) == 1 and owners[0].type in ORGANISATION_TYPES:
                return owners[0]
        return None

    @staticmethod
    def _fuzzy_eligible(entity: Entity) -> bool:
        return (entity.type in FUZZY_TYPES and len(fold(entity.name)) >= FUZZY_MIN_LENGTH
                and not _is_acronym(entity.name))

    def _fuzzy(self, entity: Entity) -> Canonical | None:
        """The best fuzzy match among the entities sharing a block with the name."""
        if not self._fuzzy_eligible(entity):
            return None
        table: dict[str, str] = {}  # folded name -> id
        for block in sorted(name_blocks(entity.type, entity.name)):
            members = self._blocks.get(block, {})
            if block in self._common_blocks or len(members) > BLOCK_CAP:
                continue
            for cid in (*members, *self._block_members.get(block, ())):
                for folded in self._fuzzy_names[cid]:
                    table.setdefault(folded, cid)
        if not table:
            return None
        best = process.extractOne(fold(entity.name), list(table), scorer=fuzz.token_sort_ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        if not best:
            return None
        cid = table[best[0]]
        if cid not in self._by_id:
            self._know(self._candidates[cid])
        return self._by_id[cid]

    # ---- what the source knows -------------------------------------------------------
    def _know_all(self, entities: Iterable[Entity]) -> None:
        for entity in sorted(entities, key=lambda e: e.id):  # ids first seen win, as before
            self._know(entity)

    def _remember_candidates(self, members: Iterable[tuple[str, Entity]]) -> None:
        for block, entity in sorted(members, key=lambda m: (m[0], m[1].id)):
            self._block_members.setdefault(block, []).append(entity.id)
            if entity.id not in self._candidates and entity.id not in self._by_id:
                self._candidates[entity.id] = entity
                self._fuzzy_names[entity.id] = list(dict.fromkeys(
                    fold(n) for n in (entity.name, *entity.aliases) if not _is_acronym(n)))

    def _know(self, entity: Entity) -> None:
        existing = self._by_id.get(entity.id)
        if existing is None:
            if self._candidates.pop(entity.id, None) is not None:
                self._fuzzy_names.pop(entity.id, None)  # registering lists them again
            canonical = Canonical(entity.id, entity.type, entity.name, list(entity.aliases),
                                  entity.wikidata, entity.country, entity.lat, entity.lon)
            self._add_known_aliases(canonical)
            self._register(canonical)
        else:
            for alias in (entity.name, *entity.aliases):
                if existing.add_alias(alias):
                    self._register_name(existing, alias)

    @staticmethod
    def _add_known_aliases(canonical: Canonical) -> None:
        """Give a stored organisation the organisation gazetteer's aliases, as `_create`
        gives a new one: stored without them (a write that stopped between its two
        transactions stores the node, not its aliases), it would otherwise resolve later
        articles differently from one uninterrupted run."""
        if canonical.type not in ORGANISATION_TYPES:
            return
        known = lookup_organisation(canonical.name)
        if known is not None and entity_id(known.type, known.name) == canonical.id:
            for alias in known.aliases:
                canonical.add_alias(alias)

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
            if all(owner is not canonical for owner in owners):
                owners.append(canonical)
        elif canonical.type in FUZZY_TYPES:
            folded = self._fuzzy_names.setdefault(canonical.id, [])
            if fold(name) not in folded:
                folded.append(fold(name))
        for block in name_blocks(canonical.type, name):
            self._blocks.setdefault(block, {}).setdefault(canonical.id, canonical)

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

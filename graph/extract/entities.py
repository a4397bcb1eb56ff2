"""One entity per referent within an article: mentions grouped by name key, acronym,
place-prefixed name ("Bordeaux Route des Lasers" -> Route des Lasers) and short form
("le pôle" -> the cluster named nearest before it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from graph.extract.lexicon import Lexicon
from graph.extract.mentions import Mention, cap_like, initials
from graph.gazetteer import Place, lookup_place
from graph.keys import entity_id, fold
from graph.keys import lookup_key as _uncached_lookup_key
from graph.model import Entity

lookup_key = lru_cache(maxsize=100_000)(_uncached_lookup_key)
_ORG_TYPES = frozenset({"Company", "Cluster", "Lab"})
_GENERIC_ENDINGS = ("systems", "technologies", "technology", "industries", "solutions")
# words that make a group and its unit two organisations: "a subsidiary of X"
KIN_WORDS = frozenset({"subsidiary", "subsidiaries", "filiale", "parent", "unit", "division",
                       "branch", "arm", "maison", "part", "partie"})


def kin_names(words: list[str], folded: list[str]) -> frozenset[str]:
    """The name keys after "subsidiary of", "filiale de", "part of": a group that the
    text sets apart from its unit, though the unit's name starts with the group's."""
    found = set()
    for k in range(len(folded) - 2):
        if folded[k] in KIN_WORDS and folded[k + 1] in ("of", "de", "du", "d'", "des"):
            j = k + 2
            while j < len(folded) and folded[j] in ("the", "le", "la", "l'"):
                j += 1
            if j < len(words):
                found.add(lookup_key(words[j]))
    return frozenset(found)
@dataclass
class Draft:
    """An entity being assembled from its mentions."""

    names: list[str] = field(default_factory=list)  # surface names, in text order
    acronyms: list[str] = field(default_factory=list)
    surface: list[str] = field(default_factory=list)  # unstripped forms: aliases only
    type_votes: dict[str, int] = field(default_factory=dict)
    place: Place | None = None
    wikidata: str | None = None
    canonical: str | None = None  # gazetteer name, when known
    first: int = 0  # token index of the first mention

    @property
    def type(self) -> str:
        return max(sorted(self.type_votes), key=lambda t: self.type_votes[t])

    def name(self) -> str:
        if self.canonical:
            return self.canonical
        full = [n for n in self.names if not n.isupper()] or self.names or self.acronyms
        return max(full, key=lambda n: (len(n.split()), len(n)))

    def to_entity(self) -> Entity:
        name = self.name()
        seen = {lookup_key(name)}
        aliases = []
        for alias in [*self.names, *self.acronyms, *self.surface]:
            key = lookup_key(alias)
            if key and key not in seen:
                seen.add(key)
                aliases.append(alias)
        return Entity(
            id=entity_id(self.type, name),
            type=self.type,
            name=name,
            aliases=tuple(aliases),
            wikidata=self.wikidata,
            country=self.place.country if self.place else None,
            lat=self.place.lat if self.place else None,
            lon=self.place.lon if self.place else None,
        )


def strip_generic(name: str, lex: Lexicon) -> str:
    """"pôle de compétitivité Route des Lasers" -> "Route des Lasers"."""
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        folded = fold(" ".join(words))
        for generic in lex.generic_front:
            n = len(generic.split())
            if folded.startswith(generic + " ") and len(words) > n and cap_like(words[n]):
                words = words[n:]
                changed = True
                break
    out = " ".join(words)
    for elision in ("l'", "l’", "L'", "L’"):
        if out.startswith(elision) and len(out) > 2:
            out = out[2:]
    return out


class EntityBuilder:
    """Groups one article's mentions; `entity_of(mention)` gives its entity id afterwards."""

    def __init__(self, lex: Lexicon, kin: frozenset[str] = frozenset()) -> None:
        self.lex = lex
        self.kin = kin  # name keys the text calls a parent or unit of another ("of X")
        self.drafts: list[Draft] = []
        self.by_key: dict[str, Draft] = {}
        self._merged: dict[int, Draft] = {}  # id of a draft merged away -> where it went

    def build(self, mentions: list[Mention]) -> list[Mention]:
        named = [m for m in mentions if not m.short_form]
        for m in named:  # acronym definitions first, so a lone "WNLO" earlier still merges
            if m.acronym:
                self._add(m)
        for m in named:
            if not m.acronym:
                self._add(m)
        self._merge_place_prefixed()
        self._merge_short_names()
        self._merge_first_words()
        self._merge_reordered()
        self._merge_initials()
        resolved = [m for m in mentions if not m.short_form or self._resolve_short(m, mentions)]
        return resolved

    def entities(self) -> list[Entity]:
        unique = {id(d): d for d in self.by_key.values()}
        return [d.to_entity() for d in sorted(unique.values(), key=lambda d: d.first)]

    def assign_ids(self, mentions: list[Mention]) -> dict[str, str]:
        """Replace each mention's draft key by its final entity id; returns id -> type."""
        types: dict[str, str] = {}
        ids: dict[int, str] = {}
        for m in mentions:
            if m.entity is not None:
                draft = self.by_key[m.entity]
                if id(draft) not in ids:
                    entity = draft.to_entity()
                    ids[id(draft)] = entity.id
                    types[entity.id] = entity.type
                m.entity = ids[id(draft)]
        return types

    def place_entity(self, place: Place, surface: str, position: int) -> str:
        """Entity id for a place known from a demonym or inside a name, creating it if needed."""
        m = Mention(position, position, 0, surface, place.type, 6, place)
        return self._add(m).to_entity().id

    # ---- internals -------------------------------------------------------------------
    def _key(self, m: Mention) -> str:
        if m.place:
            return "place:" + lookup_key(m.place.name) + ":" + m.place.type
        if m.known:
            return "known:" + lookup_key(m.known.name)
        return lookup_key(strip_generic(m.text, self.lex))

    def _add(self, m: Mention) -> Draft:
        key = self._key(m)
        draft = self.by_key.get(key)
        if draft is None and m.acronym:
            draft = self.by_key.get(lookup_key(m.acronym))
        if draft is None:
            draft = Draft(first=m.start)
            self.drafts.append(draft)
        self.by_key[key] = draft
        plain = lookup_key(strip_generic(m.text, self.lex))
        self.by_key.setdefault(plain, draft)  # so "Bordeaux Route des Lasers" finds it
        m.entity = key
        name = m.place.name if m.place else strip_generic(m.text, self.lex)
        if m.place:
            draft.place, draft.canonical = m.place, m.place.name
        if m.known:
            draft.canonical, draft.wikidata = m.known.name, m.known.wikidata
        if name.isupper() and len(name) <= 10:
            draft.acronyms.append(name)
        else:
            draft.names.append(name)
        if m.text != name:
            draft.surface.append(m.text)
        if m.acronym:
            draft.acronyms.append(m.acronym)
            self.by_key[lookup_key(m.acronym)] = draft
        # one mention with strong evidence outweighs many weak ones: a show named once after
        # "le 21ème salon" stays a show however often the tagger calls it an organisation
        draft.type_votes[m.type] = draft.type_votes.get(m.type, 0) + 2 ** m.strength
        draft.first = min(draft.first, m.start)
        return draft

    def _merge_place_prefixed(self) -> None:
        """"Bordeaux Route des Lasers" is Route des Lasers seen from Bordeaux."""
        for key, draft in list(self.by_key.items()):
            if draft.place or len(draft.names) != 1:
                continue
            words = draft.names[0].split()
            if len(words) < 2 or not lookup_place(words[0]):
                continue
            target = self.by_key.get(lookup_key(" ".join(words[1:])))
            if target is None or target is draft:
                continue
            target.names.append(draft.names[0])
            for t, v in draft.type_votes.items():
                target.type_votes[t] = target.type_votes.get(t, 0) + v
            for k, d in list(self.by_key.items()):
                if d is draft:
                    self.by_key[k] = target
            del key

    def _merge_into(self, draft: Draft, target: Draft) -> None:
        """A short form or acronym joins the entity it stands for, which keeps its type: the
        full name carries the evidence ("University"), the short form repeats it."""
        while id(target) in self._merged:  # the target itself joined a longer name
            target = self._merged[id(target)]
        if id(draft) in self._merged or target is draft:
            return
        self._merged[id(draft)] = target
        target.names.extend(draft.names)
        target.acronyms.extend(draft.acronyms)
        target.surface.extend(draft.surface)
        target.first = min(target.first, draft.first)
        for k, d in list(self.by_key.items()):
            if d is draft:
                self.by_key[k] = target

    def _organisations(self) -> list[Draft]:
        unique = {id(d): d for d in self.by_key.values()}
        return [d for d in unique.values() if not d.place and d.type in _ORG_TYPES]

    def _merge_short_names(self) -> None:
        """"Toyota" is "Toyota Motor", "Spirit" is "Spirit AeroSystems" and "Wichita State"
        is "Wichita State University" in an article naming both: a name that is another's
        without its last word, when that word is a generic one (a company word, a legal
        suffix, an institution head), not a name of its own ("Airbus Helicopters" stays
        apart from Airbus)."""
        drafts = self._organisations()
        longer: dict[str, list[Draft]] = {}
        for d in drafts:
            for name in d.names:
                words = name.split()
                if len(words) >= 2 and self._generic_last(words[-1]):
                    longer.setdefault(lookup_key(" ".join(words[:-1])), []).append(d)
        for d in drafts:
            if d.canonical:
                continue
            targets = {id(t): t for n in d.names for t in longer.get(lookup_key(n), ())
                       if t is not d}
            if len(targets) == 1:
                self._merge_into(d, next(iter(targets.values())))

    def _merge_first_words(self) -> None:
        """"Fortescue Metals Group has signed ... Fortescue has also signed": a company
        introduced by its full name, then called by its first word alone. Only when the full
        name comes first and is the only one starting with that word ("Airbus", named before
        "Airbus Helicopters", stays apart)."""
        drafts = [d for d in self._organisations() if d.type == "Company"]
        by_first: dict[str, list[Draft]] = {}
        for d in drafts:
            for name in d.names:
                words = name.split()
                if len(words) >= 2 and all(cap_like(w) or not w.isalpha() for w in words):
                    by_first.setdefault(lookup_key(words[0]), []).append(d)
        for d in drafts:
            if d.canonical or d.acronyms or any(len(n.split()) != 1 for n in d.names):
                continue
            targets = {id(t): t for n in d.names for t in by_first.get(lookup_key(n), ())
                       if t is not d}
            if len(targets) == 1:
                target = next(iter(targets.values()))
                kin = any(lookup_key(n) in self.kin for n in d.names)  # "a subsidiary of X"
                if target.first < d.first and not kin and lookup_place(d.names[0]) is None:
                    self._merge_into(d, target)

    def _merge_reordered(self) -> None:
        """"Upcell Alliance" and "l'Alliance Upcell": the same words in the English and the
        French order name one organisation."""
        seen: dict[tuple[str, ...], Draft] = {}
        for d in sorted(self._organisations(), key=lambda d: d.first):
            for name in d.names:
                words = tuple(sorted(lookup_key(w) for w in name.split()))
                if len(words) < 2:
                    continue
                other = seen.setdefault(words, d)
                if other is not d and other.type == d.type:
                    self._merge_into(d, other)
                    break

    def _generic_last(self, word: str) -> bool:
        folded = fold(word)
        tables = [*self.lex.name_heads.values()]
        if "Company" in self.lex.name_words:
            tables.append(self.lex.name_words["Company"])
        if any(folded in words for words in tables):
            return True
        # "AeroSystems", "BioTechnologies": a generic word closing a compound
        return len(folded) > 7 and any(folded.endswith(w) for w in _GENERIC_ENDINGS)

    def _merge_initials(self) -> None:
        """"WSU" is Wichita State University and "LGES" LG Energy Solution in an article
        naming both: an acronym no bracket defined that spells the initials of exactly one
        organisation's or show's name (an upper-case word gives all its letters)."""
        unique = {id(d): d for d in self.by_key.values()}
        drafts = self._organisations() + [d for d in unique.values() if d.type == "Event"]
        by_initials: dict[str, list[Draft]] = {}
        for d in drafts:
            for name in d.names:
                letters = initials(name)
                if len(letters) >= 2:
                    by_initials.setdefault(letters, []).append(d)
        for d in drafts:
            if d.names or not d.acronyms:
                continue
            targets = {id(t): t for a in d.acronyms for t in by_initials.get(a.upper(), ())
                       if t is not d}
            if len(targets) == 1:
                self._merge_into(d, next(iter(targets.values())))

    def _resolve_short(self, m: Mention, mentions: list[Mention]) -> bool:
        """"le pôle" refers to the nearest cluster named before it, else the first after it."""
        candidates = [
            o for o in mentions
            if not o.short_form and o.entity and self.by_key[o.entity].type == m.type
        ]
        # "le pôle" prefers an entity introduced as a pôle over the nearest cluster
        preferred = [o for o in candidates if m.context <= o.context]
        if not candidates:
            return False
        if preferred:
            before = [o for o in preferred if o.start < m.start]
            target = before[-1] if before else preferred[0]
        else:
            # no entity introduced with this word: the article's most mentioned one of the
            # type, earliest first ("le pôle" is the article's subject, not the last cluster)
            counts: dict[str, int] = {}
            for o in candidates:
                counts[o.entity] = counts.get(o.entity, 0) + 1
            target = max(candidates, key=lambda o: (counts[o.entity], -o.start))
        m.entity = target.entity
        return True

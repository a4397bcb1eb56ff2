"""Sentence-level relation rules over resolved mentions and trigger lexicons.

- PARTNERS_WITH: a partnership trigger (partenariat, accord, MoU, collaborat*...) and no
  blocker (acquisition, funding, "potential") in the sentence; pairs of organisations, taken
  from "entre X et Y" / "between X and Y" when present, else from the organisations named
  in the sentence (all pairs when few, neighbours when many).
- EXHIBITS_AT: an exhibition trigger (stand, pavillon, exposant, booth...); the organisations
  the trigger speaks of (the list next to it, opening the sentence, or after it; not a count
  alone, not an organiser's list) exhibit at the event of the sentence, or of the previous
  sentence.
- MEMBER_OF: a membership trigger (membre, adhérent, members include...); the companies and
  labs the trigger speaks of are members of the nearest cluster.
- LOCATED_IN: an organisation or event followed, through transparent words only (",", "qui",
  "basée", "implantée", "déjà"...), by a locative preposition and a place; an event directly
  followed by "de/à/in <place>"; a place followed by a larger place ("Pessac en Gironde",
  "Aachen, Germany") that the place gazetteer agrees can contain it; a city demonym on the
  cue noun ("la société bordelaise X"); "<Place>-based X"; a place inside a descriptive name
  ("Vallée Optique de Wuhan") or cut off a company name ("X de Pessac").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from spacy.tokens import Doc

from graph.extract.consortia import Consortia
from graph.extract.entities import EntityBuilder
from graph.extract.lexicon import Lexicon
from graph.extract.mentions import (
    MEMBER_WORDS,
    NUMBER_WORDS,
    Mention,
    TokenView,
    acronym_like,
    bracket_lists_after_places,
    cap_like,
    held_verb_end,
    lowercase_item,
    show_noun_end,
    without_brackets,
)
from graph.gazetteer import contains, demonyms, lookup_place
from graph.model import ORGANISATION_TYPES, Evidence, Relation

ORGS = frozenset(ORGANISATION_TYPES)
PLACES = frozenset({"City", "Region", "Country"})
_PLACE_RANK = {"City": 0, "Region": 1, "Country": 2}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_COMPANY_NOUNS = frozenset({"company", "firm", "startup", "start-up", "group", "maker",
                            "manufacturer", "supplier", "specialist", "societe", "entreprise",
                            "cluster", "lab", "laboratory", "institute", "association"})
_COMPANY_PLURALS = frozenset({"companies", "firms", "startups", "start-ups", "groups", "makers",
                              "manufacturers", "suppliers", "specialists", "businesses",
                              "societes", "entreprises"})
_DATE_LINKS = frozenset({"du", "au", "le", "from", "to", "on"})
_SIGNED = frozenset({"signed", "signe", "signee", "signes", "signees", "concluded", "conclu",
                     "conclue", "initialled", "paraphe"})
NEAR = 8  # tokens between a partnership trigger and the parties it joins
MAX_PARTY_LIST = 12  # a longer list of names is a catalogue, not the parties of one agreement
TRIGGER_REACH = 10  # tokens from an exhibitor trigger to the list it introduces
GATHER_REACH = 8  # words from a sentence's start to the verb by which its cluster gathers
TOPIC_WINDOW = 6  # sentences back to look for the show or cluster a list belongs to
# what joins one place to the next in a list of places
_PLACE_JOINERS = frozenset({",", "et", "and", "ou", "or", "ainsi", "que", "mais", "aussi", "as",
                            "well", "puis"})
# what an organisation has at a place: its plant, site, office
_FACILITY_NOUNS = frozenset({"plant", "plants", "facility", "facilities", "factory", "factories",
                             "headquarters", "usine", "usines", "campus", "offices",
                             "warehouse", "gigafactory", "entrepot"})
_LOCATED_PARTICIPLES = frozenset({
    "based", "headquartered", "located", "situated", "installed", "base", "basee", "bases",
    "basees", "implante", "implantee", "implantes", "implantees", "installe", "installee",
    "installes", "installees", "situe", "situee", "situes", "situees", "domicilie", "domiciliee",
})
_ORGANISED = frozenset({"organised", "organized", "hosted", "organise", "organisee",
                        "accueilli", "accueillie"})
_SUBJECT_DETERMINERS = frozenset({"the", "this", "le", "la", "ce", "cet", "cette", "l'"})
_SHOW_WORDS = frozenset({"show", "fair", "event", "exhibition", "expo", "conference", "salon",
                         "foire", "evenement", "rendez-vous", "congres", "manifestation"})
_SITE_NOUNS = frozenset({"site", "sites", "usine", "usines", "siege", "bureau", "bureaux",
                         "antenne", "campus", "centre"})


@dataclass
class Found:
    type: str
    source: str
    target: str
    sentences: tuple[int, ...]
    confidence: float


@dataclass
class RelationRules:
    lex: Lexicon
    found: list[Found] = field(default_factory=list)
    _mentions: list[Mention] = field(default_factory=list)  # of the article being read
    # where a trigger phrase of several words begins, per relation, in that article
    _phrase_triggers: dict[str, frozenset[int]] = field(default_factory=dict)
    _consortia: Consortia = field(default_factory=Consortia)  # of that article

    def run(self, doc: Doc, tv: TokenView, mentions: list[Mention], ents: EntityBuilder,
            types: dict[str, str]) -> list[Relation]:
        self.found = []
        self._consortia = Consortia()
        by_sent: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sent.setdefault(m.sent, []).append(m)
        self._mentions = [m for m in mentions if m.entity]
        self._phrase_triggers = {rel: words.phrase_starts(tv.folded)
                                 for rel, words in self.lex.triggers.items() if words.phrases}
        for s, (lo, hi) in enumerate(tv.sent_bounds):
            ms = by_sent.get(s, [])
            if s:
                self._demonym_back(tv, s, by_sent.get(s - 1, []), types, ents)
            if not ms:
                continue
            self._partners(tv, lo, hi, s, ms, types)
            self._exhibits(tv, lo, hi, s, ms, by_sent.get(s - 1, []), types)
            self._members(tv, lo, hi, s, ms, types)
            self._gathered(tv, lo, hi, s, ms, types)
            self._made_of(tv, lo, hi, s, ms, types)
            self._consortia.read(tv, s, ms, types)
            self._show_hosts(tv, lo, hi, s, ms, types)
            self._described_members(tv, s, ms, types)
            anchor = self._anchor(tv, s)
            if anchor is not None:
                # "… trente PME membres du pôle exposeront. Parmi elles figurent A, B et C."
                # and bullet lists after "On y retrouve notamment :"
                plo, phi = tv.sent_bounds[anchor]
                prev = by_sent.get(anchor, [])
                listed = [m for m in ms if m.entity and types[m.entity] in ORGS]
                self._exhibits(tv, plo, phi, anchor, prev + listed, by_sent.get(anchor - 1, []),
                               types, continuation=s)
                self._members(tv, plo, phi, anchor, prev + listed, types, continuation=s)
            self._located(tv, s, ms, types, ents)
        for a, b, sentences in self._consortia.pairs():
            self._add("PARTNERS_WITH", a, b, sentences, 0.7)
        self._located_from_names(mentions, ents, types)
        self._dateline_parties(tv, mentions, types)
        self._bracket_lists_after_places(tv, mentions, types)
        return self._relations(doc, tv)

    def _bracket_lists_after_places(self, tv: TokenView, mentions: list[Mention],
                                    types) -> None:
        """"la tradition du Creusot (A, B, C)": a place, then its firms listed in brackets."""
        for place, close in bracket_lists_after_places(tv, mentions):
            if not place.entity:
                continue
            for m in mentions:
                if place.end < m.start < close and m.entity and types[m.entity] in ORGS:
                    self._add("LOCATED_IN", m.entity, place.entity, (place.sent,), 0.7)

    def _demonym_back(self, tv: TokenView, s: int, prev: list[Mention], types,
                      ents: EntityBuilder) -> None:
        """"... de Kem One. Le groupe lyonnais, deuxième fabricant ...": a sentence that opens
        on a cue noun and a town's demonym, with no name after them, speaks of the
        organisation that opens the sentence before, and places it."""
        lo, hi = tv.sent_bounds[s]
        if hi - lo < 4 or tv.folded[lo] not in ("le", "la", "l'", "the"):
            return
        cue = self.lex.cue_type(tv.folded[lo + 1], self.lex.cues_before)
        demonym = demonyms().get(tv.folded[lo + 2])
        if cue not in ORGS or demonym is None or cap_like(tv.words[lo + 3]):
            return
        subject = next((m for m in prev if m.entity and types[m.entity] in ORGS), None)
        place = lookup_place(demonym)
        if subject is None or place is None or types[subject.entity] != cue:
            return
        pid = ents.place_entity(place, place.name, lo + 2)
        self._add("LOCATED_IN", subject.entity, pid, (s - 1, s), 0.6)

    def _dateline_parties(self, tv: TokenView, mentions: list[Mention], types) -> None:
        """"LAVAL, Québec & FREDERICK, Md. – A and B announce ...": a press release's
        dateline names one town per party, in the parties' order."""
        by_start = {m.start: m for m in mentions if m.entity}
        for (_, dash), groups in tv.datelines:
            if len(groups) < 2:
                continue
            after = [m for m in mentions if m.entity and types[m.entity] in ORGS
                     and dash < m.start <= dash + 40]
            parties = self._coordinated_groups(tv, after)[0] if after else []
            if not parties or parties[0].start - dash > 4 or len(parties) != len(groups):
                continue
            for party, group in zip(parties, groups, strict=True):
                town = by_start.get(group[0][0])
                if town is not None and types[town.entity] in PLACES:
                    sents = tuple(sorted({town.sent, party.sent}))
                    self._add("LOCATED_IN", party.entity, town.entity, sents, 0.7)

    # ---- helpers ---------------------------------------------------------------------
    def _is_trigger(self, tv: TokenView, k: int, rel: str) -> bool:
        """A trigger word of `rel` at k, or the first word of a trigger phrase ("working
        with")."""
        return tv.folded[k] in self.lex.triggers[rel] or k in self._phrase_triggers.get(rel, ())

    def _has_trigger(self, tv: TokenView, lo: int, hi: int, rel: str) -> bool:
        return any(self._is_trigger(tv, k, rel) for k in range(lo, hi))

    def _near_strong(self, tv: TokenView, lo: int, hi: int, ms: list[Mention], types,
                     rel: str) -> set[int]:
        """The organisations a strong trigger speaks of when the show is named elsewhere: those
        after it in the sentence ("exhibiting, with the likes of A, B and C"; "sur le pavillon,
        les sociétés A et B"), and the list of those a few words before it ("A and B will
        exhibit")."""
        words = self.lex.strong_triggers[rel]
        at = [k for k in range(lo, hi) if tv.folded[k] in words]
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        if not orgs or not at:
            return set()
        chosen = {id(m) for m in orgs if m.start > at[0]}
        for group in self._coordinated_groups(tv, orgs):
            if any(0 <= k - g.end <= TRIGGER_REACH for g in group for k in at):
                chosen.update(id(g) for g in group)
        return chosen

    def _near_trigger(self, tv: TokenView, lo: int, hi: int, ms: list[Mention], types,
                      rel: str) -> set[int]:
        """The organisations a trigger speaks of: the list that ends a few words before one
        ("A, B et C sont membres du pôle") or opens the sentence before it, and every name
        after one ("members include A, a maker of X, and B"); not the names of a clause
        between, far from it ("A, qui travaille avec B depuis 2010, a rejoint le pôle")."""
        at = [k for k in range(lo, hi)
              if self._is_trigger(tv, k, rel) and not _counted(tv, k, hi)]
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        chosen: set[int] = set()
        for group in self._coordinated_groups(tv, orgs) if orgs and at else ():
            subject = group[0].start - lo <= 3  # "The German group X, whose ..., exhibits"
            if (subject and group[-1].end <= at[0]) or any(
                0 <= k - group[-1].end <= TRIGGER_REACH or k < group[0].start for k in at
            ):
                chosen.update(id(g) for g in group)
        return chosen

    def _has_strong(self, tv: TokenView, lo: int, hi: int, rel: str) -> bool:
        words = self.lex.strong_triggers.get(rel)
        return bool(words) and any(tv.folded[k] in words for k in range(lo, hi))

    def _blocked(self, tv: TokenView, lo: int, hi: int, rel: str) -> bool:
        """A blocker word in the sentence, unless it only qualifies the trigger itself:
        "les membres fondateurs", "founding members" are members, "the founders" are not."""
        words = self.lex.trigger_blockers.get(rel)
        triggers = self.lex.triggers[rel]
        signed = rel == "PARTNERS_WITH" and any(tv.folded[k] in _SIGNED_WORDS
                                                for k in range(lo, hi))
        return bool(words) and any(
            tv.folded[k] in words
            and not (k > lo and tv.folded[k - 1] in triggers)
            and not (k + 1 < hi and tv.folded[k + 1] in triggers)
            and not (signed and tv.folded[k].startswith(_SPECULATIVE))
            for k in range(lo, hi))

    def _add(self, rel: str, source: str | None, target: str | None, sentences: tuple[int, ...],
             confidence: float) -> None:
        if source and target and source != target:
            self.found.append(Found(rel, source, target, sentences, confidence))

    @staticmethod
    def _distinct(ms: list[Mention], types: dict[str, str], allowed: frozenset[str]) -> list[str]:
        out: list[str] = []
        for m in ms:
            if m.entity and types[m.entity] in allowed and m.entity not in out:
                out.append(m.entity)
        return out

    # ---- rules -----------------------------------------------------------------------
    def _partners(self, tv, lo, hi, s, ms, types) -> None:
        """Pairs, most specific pattern first: "entre A et B" / "between A and B";
        "A ... avec/with B (, C et D)" pairs the subject side with the "avec" side; otherwise
        the sentence's organisations when exactly two, or a subject list "A et B signent"."""
        if not any(self._is_trigger(tv, k, "PARTNERS_WITH") and not _not_an_agreement(tv, k, hi)
                   for k in range(lo, hi)):
            return
        if self._blocked(tv, lo, hi, "PARTNERS_WITH"):
            return
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        if self._signatories_employers(tv, lo, s, orgs):
            return
        orgs = [m for m in orgs if not self._affiliation(tv, m)]
        orgs = [m for i, m in enumerate(orgs) if not (i and _gloss_of(tv, orgs[i - 1], m))]
        if orgs and self._subjectless_with(tv, lo, orgs[0]):
            self._with_previous_subject(tv, s, orgs, types)
            return
        if len(orgs) < 2:
            return
        groups = self._coordinated_groups(tv, orgs)
        self._venture_founders(tv, lo, s, groups)
        if self._colon_parties(tv, lo, hi, s, orgs):
            return
        with_groups: list[list[Mention]] = []
        for i, group in enumerate(groups):
            floor = groups[i - 1][-1].end if i else lo  # not past the names before
            opener = self._opener(tv, floor, group[0].start)
            if "entre" in opener or "between" in opener:
                self._pairs(group, group, s, 0.85)
                return
            if any(w in opener for w in ("avec", "with", "aupres")) and i > 0:
                with_groups.append(group)
        if with_groups and self._separate_deals(tv, lo, with_groups[0][0].start):
            for group in with_groups:  # "signed MoUs with A, as well as with B": one each
                self._pairs(groups[0], group, s, 0.8)
            return
        if with_groups:
            parties = groups[0] + with_groups[0]  # each pair of a multi-party agreement
            for group in groups[groups.index(with_groups[0]) + 1:]:
                if not self._list_goes_on(tv, parties[-1].end, group[0].start):
                    break
                parties += group  # "avec trois pôles, A, B et C, et trois clusters, D et E"
            self._pairs(parties, parties, s, 0.8)
            return
        triggers = [k for k in range(lo, hi) if self._is_trigger(tv, k, "PARTNERS_WITH")]
        if len({m.entity for m in orgs}) == 2:
            first, last = orgs[0], orgs[-1]
            last_end = _after_bracket(tv, last.end, hi)  # "B (30 salariés, ...) ont signé"
            if any(first.start - NEAR <= k <= last_end + NEAR for k in triggers):
                self._pairs(orgs[:1], orgs[1:], s, 0.7)
        elif 2 <= len(groups[0]) <= MAX_PARTY_LIST and any(
            k >= groups[0][-1].end for k in triggers
        ):
            self._pairs(groups[0], groups[0], s, 0.7)  # "A et B ont signé un accord"

    def _subjectless_with(self, tv: TokenView, lo: int, first: Mention) -> bool:
        """"Il a signé un accord avec A", "une convention a été signée avec deux écoles : A
        et B": every organisation comes after a trigger and "avec"/"with", so the other party
        is the subject of the sentence before."""
        before = range(lo, first.start)
        trigger = next((k for k in before if self._is_trigger(tv, k, "PARTNERS_WITH")
                        and not _not_an_agreement(tv, k, first.start)), None)
        if trigger is None:
            return False
        link = next((k for k in range(trigger + 1, first.start)
                     if tv.folded[k] in ("avec", "with", "aupres")), None)
        if link is None:
            return False
        between = tv.words[link + 1:first.start]
        return len(between) <= 3 or (":" in between and len(between) <= 8)

    def _with_previous_subject(self, tv: TokenView, s: int, orgs: list[Mention],
                               types) -> None:
        """Pair the organisations after "avec" with the one that opens the sentence before
        ("Le Groupe X poursuit ... . Une convention a été signée avec A et B")."""
        if s == 0:
            return
        lo = tv.sent_bounds[s - 1][0]
        subject = next((m for m in self._mentions if m.sent == s - 1 and m.start - lo <= 3
                        and types[m.entity] in ORGS), None)
        if subject is None:
            return
        for m in self._coordinated_groups(tv, orgs)[0]:
            self._add("PARTNERS_WITH", subject.entity, m.entity, (s - 1, s), 0.65)

    def _venture_founders(self, tv: TokenView, lo: int, s: int,
                          groups: list[list[Mention]]) -> None:
        """"a venture known as X, formed by A and B": the firms that formed a joint venture
        together are partners (the venture's own pairs are left to the other rules)."""
        for group in groups:
            before = tv.folded[max(lo, group[0].start - 2):group[0].start]
            if len(group) < 2 or before[-1:] not in (["by"], ["par"]) or not any(
                w in _FORMED for w in before
            ):
                continue
            if any(tv.folded[k] in _VENTURE_NOUNS for k in range(lo, group[0].start)):
                self._pairs(group, group, s, 0.75)
                return

    def _signatories_employers(self, tv: TokenView, lo: int, s: int,
                               orgs: list[Mention]) -> bool:
        """"The agreement was signed by Jane Doe, CEO of A, and John Roe, director of B":
        the organisations the signatories speak for are the parties."""
        if len(orgs) < 2:
            return False
        by = next((k for k in range(lo + 1, orgs[0].start)
                   if tv.folded[k] in ("by", "par") and tv.folded[k - 1] in _SIGNED), None)
        if by is None:
            return False
        employers = []
        for m in orgs:
            k = m.start - 1
            if k > by and tv.folded[k] in ("the", "la", "le", "l'"):
                k -= 1
            linked = k > by and tv.folded[k] in ("of", "at", "from", "de", "d'", "du", "chez")
            if (m.start > by and self._affiliation(tv, m)) or (
                linked and _person_before(tv, by, k)
            ):
                employers.append(m)
        if len({m.entity for m in employers}) < 2:
            return False
        self._pairs(employers, employers, s, 0.75)
        return True

    def _opener(self, tv: TokenView, lo: int, start: int) -> list[str]:
        """The three words before a name, read past a description in front of it: "with
        Japanese energy business Eneos", "avec l'opérateur immobilier X", "with steel mills
        and procurement partners, including X" -> "with", "avec". `lo`: where the names
        before it end, so "A partnered with B to supply C" gives C no "with"."""
        k = start
        while k > lo and start - k < 9 and (
            _describes(tv, k - 1, self.lex.not_names) or tv.folded[k - 1] in _DESCRIPTION_LINKS
        ):
            k -= 1
        return tv.folded[max(lo, k - 3):k] + tv.folded[k:start]

    def _list_goes_on(self, tv: TokenView, a: int, b: int) -> bool:
        """Whether the words between two groups of names continue one list: a comma or
        "et"/"and" first, then only a description ("et trois clusters régionaux,")."""
        between = range(a, b)
        return 0 < b - a <= 9 and tv.folded[a] in (",", "et", "and") and (
            tv.folded[b - 1] not in ("of", "de", "d'", "du", "des")  # "now a division of Y"
        ) and not any(tv.folded[k] in _CLAUSE_LINKS for k in between) and all(
            _describes(tv, k, self.lex.not_names) or tv.folded[k] in _DESCRIPTION_LINKS
            or tv.folded[k] in NUMBER_WORDS for k in between)

    def _separate_deals(self, tv: TokenView, lo: int, start: int) -> bool:
        """"signed 12 MoUs with A and B": deals in the plural are one deal per party, not one
        agreement binding them all; the trigger nearest before the parties says which."""
        link = next((k for k in range(start - 1, lo - 1, -1)
                     if tv.folded[k] in ("with", "avec", "aupres")), start)
        trigger = next((k for k in range(link - 1, lo - 1, -1)
                        if self._is_trigger(tv, k, "PARTNERS_WITH")), None)
        return trigger is not None and tv.folded[trigger] in _PLURAL_DEALS

    def _colon_parties(self, tv: TokenView, lo: int, hi: int, s: int,
                       orgs: list[Mention]) -> bool:
        """"X have concluded an MoU for close collaboration: A and the Cyber Valley
        institutions B, C and D": the parties listed after a colon that closes the trigger's
        clause, every pair; a name used as a descriptor of the next ones is no party."""
        for k in range(lo, hi):
            if not self._is_trigger(tv, k, "PARTNERS_WITH"):
                continue
            colon = next((c for c in range(k + 1, min(hi, k + 12)) if tv.words[c] == ":"), None)
            if colon is None:
                continue
            after = [m for m in orgs if m.start > colon]
            parties = [m for i, m in enumerate(after)
                       if not (i + 1 < len(after) and _descriptor(tv, m, after[i + 1]))]
            if 2 <= len({m.entity for m in parties}) <= MAX_PARTY_LIST + 1:
                self._pairs(parties, parties, s, 0.75)
                return True
        return False

    def _affiliation(self, tv: TokenView, m: Mention) -> bool:
        """"président de X", "CEO of X": a person's organisation, not a party."""
        before = tv.folded[max(0, m.start - 3):m.start]
        return len(before) >= 2 and before[-1] in ("de", "d'", "du", "of", "at") and any(
            w in self.lex.person_roles for w in before[:-1])

    def _pairs(self, left: list[Mention], right: list[Mention], s: int, conf: float) -> None:
        for a in left:
            for b in right:
                if a.entity != b.entity:
                    self._add("PARTNERS_WITH", a.entity, b.entity, (s,), conf)

    def _coordinated_groups(self, tv: TokenView, orgs: list[Mention]) -> list[list[Mention]]:
        """Organisations joined only by ",", "et", "and", "&", articles: one group. A
        bracket after a name ("Medicen (santé), System@tic (...) et Cap Digital") and a
        description before one ("Danish hydrogen business Everfuel and Norwegian aluminium
        maker Norsk Hydro") do not break the list."""
        links = {",", "et", "and", "&", "le", "la", "les", "l'", "the", "ainsi", "que"}
        orgs = [m for i, m in enumerate(orgs) if not (  # "Lloyd's Register (LR), ...": one name
            i and orgs[i - 1].entity == m.entity and tv.words[m.start - 1] == "("
        )]
        groups: list[list[Mention]] = [[orgs[0]]]
        for prev, m in pairwise(orgs):
            at = [k for k in without_brackets(tv.words, prev.end, m.start)
                  if not lowercase_item(tv, k)]  # ", metropack, MGI": one list
            between = [tv.folded[k] for k in at]
            if between in ([",", "the"], [",", "le"], [",", "la"], [",", "l'"]):
                groups.append([m])  # "MTPConnect, the Medical Technologies ... Centre": apposition
                continue
            plain = between and all(w in links for w in between) and len(between) <= 3
            # "i-Trans et l'institut de recherche technologique Railenium"
            described = (
                len(between) <= 8 and between[:1] in (["et"], ["and"])
                and all(w in links or w in ("de", "d'", "du", "des", "of", "for")
                        or (tv.pos[k] in ("NOUN", "ADJ", "DET") if tv.pos[k]
                            else w.isalpha() and tv.words[k].islower())
                        or w in self.lex.not_names  # "and Norwegian steel maker Y"
                        for k, w in zip(at, between, strict=True))
            )
            if plain or described:
                groups[-1].append(m)
            else:
                groups.append([m])
        return groups

    def _continues(self, tv: TokenView, s: int) -> bool:
        lo, hi = tv.sent_bounds[s]
        openers = self.lex.continuation_openers
        return any(tv.folded[k] in openers for k in range(lo, min(hi, lo + 6)))

    @staticmethod
    def _bullet(tv: TokenView, s: int) -> bool:
        return tv.words[tv.sent_bounds[s][0]] in ("-", "•", "*", "–", "—")

    def _anchor(self, tv: TokenView, s: int) -> int | None:
        """The sentence a continuation or bullet sentence completes: walk back over
        bullets and continuation sentences to the one that states the relation."""
        if s == 0 or not (self._continues(tv, s) or self._bullet(tv, s)):
            return None
        p = s - 1
        while p > 0 and s - p < 15 and (self._bullet(tv, p) or self._continues(tv, p)):
            p -= 1
        return p

    def _exhibits(
        self, tv, lo, hi, s, ms, previous, types, continuation: int | None = None
    ) -> None:
        if not any(self._is_trigger(tv, k, "EXHIBITS_AT") and tv.folded[k] not in _DELEGATES
                   for k in range(lo, hi)):
            return  # "representatives of brands such as A" come to see, not to show
        opens = [lo] if continuation is None else [lo, tv.sent_bounds[continuation][0]]
        if any(tv.folded[k] in _VISITORS for a in opens for k in range(a, a + 3)) and not (
            self._has_strong(tv, lo, hi, "EXHIBITS_AT")
        ):
            return  # "Visitors to the show include buyers from A and B"
        events = self._distinct(ms, types, frozenset({"Event"}))
        sentences: tuple[int, ...] = (s,)
        if not events and not self._has_strong(tv, lo, hi, "EXHIBITS_AT"):
            return  # "présente", "participe" alone need the show in the sentence
        near: set[int] | None = None  # organisations close enough to the trigger
        if not events:
            topic = self._topic(types, s, "Event")
            if topic is None:
                return
            events, sentences = [topic[0]], tuple(sorted({topic[1], s}))
            if continuation is None:
                near = self._near_strong(tv, lo, hi, ms, types, "EXHIBITS_AT")
        elif continuation is None:
            near = self._near_trigger(tv, lo, hi, ms, types, "EXHIBITS_AT")
        if continuation is not None:
            sentences = (*sentences, continuation)
        blocked = self._after_blocker(tv, lo, ms, types, "EXHIBITS_AT")
        for m in ms:
            if not m.entity or types[m.entity] not in ORGS:
                continue
            if near is not None and id(m) not in near:
                continue
            if id(m) in blocked:
                continue  # "organisé par X", "visitors such as X"
            if types[m.entity] == "Cluster" and self._member_nouns_after(tv, m.end) is not None:
                continue  # "KTMA member firms A and B will exhibit": the members do
            self._add("EXHIBITS_AT", m.entity, events[0], sentences, 0.75)

    def _after_blocker(self, tv: TokenView, lo: int, ms: list[Mention], types,
                       rel: str) -> set[int]:
        """The organisations a blocker word speaks of: the list that opens within three words
        after it ("coorganisé par A, B et C", "organised by A and B", "visitors such as X")."""
        blockers = self.lex.trigger_blockers[rel]
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        blocked: set[int] = set()
        for group in self._coordinated_groups(tv, orgs) if orgs else ():
            first = group[0]
            if any(w in blockers for w in tv.folded[max(lo, first.start - 3):first.start]):
                blocked.update(id(m) for m in group)
        return blocked

    def _members(self, tv, lo, hi, s, ms, types, continuation: int | None = None) -> None:
        named = {k for m in ms if m.entity and types[m.entity] in ORGS
                 for k in range(m.start, m.end)}
        if not any(self._is_trigger(tv, k, "MEMBER_OF") for k in range(lo, hi)
                   if k not in named):
            return  # "DNV Hellas Single Member S.A.": a word of a firm's name is no trigger
        if self._blocked(tv, lo, hi, "MEMBER_OF"):
            return  # founders of an association are optional members at most
        if continuation is None and self._consortia.is_programme_sentence(tv, s):
            return  # "Labellisé par le pôle X, le projet Y regroupe A et B": Y's partners
        clusters = [m for m in ms if m.entity and types[m.entity] == "Cluster"]
        if not clusters and not self._has_strong(tv, lo, hi, "MEMBER_OF"):
            return
        # a cluster named before, only when the sentence refers back to one: "ses membres",
        # "its members", "elle fédère 350 membres", "les membres fondateurs comprennent"
        refers = continuation is not None or _refers_to_members(tv, lo, hi)
        topic = None if clusters or not refers else self._topic(types, s, "Cluster")
        if not clusters and topic is None:
            return
        if topic is not None and continuation is None:
            near = self._near_strong(tv, lo, hi, ms, types, "MEMBER_OF")
        elif continuation is None:
            near = self._near_trigger(tv, lo, hi, ms, types, "MEMBER_OF")
        else:
            near = None
        for m in ms:
            if not m.entity or types[m.entity] not in ("Company", "Lab"):
                continue
            if near is not None and id(m) not in near:
                continue
            sentences = (s,) if continuation is None else (s, continuation)
            if topic is not None:
                self._add("MEMBER_OF", m.entity, topic[0], tuple(sorted({topic[1], *sentences})),
                          0.65)
                continue
            nearest = min(clusters, key=lambda c: abs(c.start - m.start))
            self._add("MEMBER_OF", m.entity, nearest.entity, sentences, 0.7)

    def _gathered(self, tv: TokenView, lo: int, hi: int, s: int, ms: list[Mention],
                  types) -> None:
        """"The cluster is anchored by global firms including A, B", "Le pôle X réunit A, B
        et C", "the X Alliance, which is comprised of A and B": the organisations a cluster
        gathers are its members. The cluster is the verb's subject: named just before it, or
        opening the sentence, named or as "the cluster" (the one the article speaks of)."""
        if self._blocked(tv, lo, hi, "MEMBER_OF"):
            return
        for verb in range(lo, hi):
            if tv.folded[verb] not in self.lex.cluster_gathers:
                continue
            if self._consortia.is_programme_sentence(tv, s, verb):
                continue  # "the consortium includes A and B": partners, not members
            cluster = self._gathering_cluster(tv, lo, verb, s, ms, types)
            if cluster is None:
                continue
            for m in self._gathered_list(tv, verb, ms, types):
                self._add("MEMBER_OF", m.entity, cluster[0], tuple(sorted({cluster[1], s})),
                          0.65)
            return

    def _made_of(self, tv: TokenView, lo: int, hi: int, s: int, ms: list[Mention],
                 types) -> None:
        """"AirCar est un consortium de neuf instituts Carnot (A, B, C)", "X is a network of
        40 firms: A, B and C": a cluster said to be a body of organisations has the ones
        listed as its members."""
        for c in ms:
            if not c.entity or types[c.entity] != "Cluster":
                continue
            k = c.end
            if tv.folded[k:k + 2] not in (["est", "un"], ["est", "une"], ["is", "a"],
                                          ["is", "an"]):
                continue
            k += 2
            while k < hi and k - c.end < 5 and tv.folded[k] not in _BODY_NOUNS:
                k += 1
            if k >= hi or tv.folded[k] not in _BODY_NOUNS or tv.folded[k + 1:k + 2] not in (
                ["de"], ["d'"], ["of"]
            ):
                continue
            opener = next((j for j in range(k + 2, min(hi, k + 8))
                           if tv.words[j] in ("(", ":", ",")), None)
            if opener is None or any(tv.words[j] in (")", ";") for j in range(k + 2, opener)):
                continue
            listed = [m for m in self._gathered_list(tv, opener, ms, types)
                      if m.start > opener]
            for m in listed if len(listed) >= 2 else ():
                self._add("MEMBER_OF", m.entity, c.entity, (s,), 0.65)
            return

    def _show_hosts(self, tv: TokenView, lo: int, hi: int, s: int, ms: list[Mention],
                    types) -> None:
        """"SITL a accueilli les principaux acteurs du transport : A, B et C", "the show will
        host A and B": the firms a show hosts are its exhibitors. The show is named just
        before the verb, or is "le salon" / "the show" opening the sentence."""
        if self._blocked(tv, lo, hi, "EXHIBITS_AT"):
            return
        for verb in range(lo + 1, hi):
            if tv.folded[verb] not in _HOST_VERBS:
                continue
            j = verb - 1
            while j > lo and tv.folded[j] in _HOST_AUXILIARIES:
                j -= 1
            named = next((m for m in ms if m.entity and types[m.entity] == "Event"
                          and m.end == j + 1), None)
            if named is not None:
                show: tuple[str, int] | None = (named.entity, s)
            elif j - lo <= 1 and tv.folded[j] in self.lex.cues_before.get("Event", ()):
                show = self._topic(types, s, "Event")  # "Le salon accueillera ..."
            else:
                continue
            for m in self._gathered_list(tv, verb, ms, types) if show else ():
                self._add("EXHIBITS_AT", m.entity, show[0], tuple(sorted({show[1], s})), 0.65)
            return

    def _gathered_list(self, tv: TokenView, verb: int, ms: list[Mention],
                       types) -> list[Mention]:
        """The first list of organisations after the verb, in its clause: "qui compte 200
        adhérents, a signé avec B" gathers no B; ", including A and B" is still the list."""
        orgs = [m for m in ms if m.entity and types[m.entity] in ("Company", "Lab")
                and m.start > verb]
        if not orgs:
            return []
        group = self._coordinated_groups(tv, orgs)[0]
        between = tv.folded[verb + 1:group[0].start]
        for k, w in enumerate(between):
            if w == "," and (k + 1 == len(between) or between[k + 1] not in _INCLUDING):
                return []
        return group

    def _gathering_cluster(self, tv: TokenView, lo: int, verb: int, s: int,
                           ms: list[Mention], types) -> tuple[str, int] | None:
        """The cluster that is the subject of the gathering verb at `verb`, with the sentence
        naming it; None when the subject is another organisation, a show, or unknown."""
        if verb - lo <= 1 and tv.folded[verb] in ("comprising", "regroupant", "reunissant",
                                                  "rassemblant"):
            # "Comprising of A, B and C, the Taskforce has ...": the subject after the list
            after = [m for m in ms if m.entity and m.start > verb]
            return next(((m.entity, s) for m in after if types[m.entity] == "Cluster"), None)
        before = [m for m in ms if m.entity and m.end <= verb]
        if before:
            last = before[-1]
            between = [w for w in tv.folded[last.end:verb] if w not in (")", "(")]
            if between[:2] in ([",", "a"], [",", "an"], [",", "un"], [",", "une"]) and len(
                between) >= 4 and self.lex.cue_type(between[2], self.lex.cues_before) == "Cluster":
                between = [",", *between[3:]]  # "X, a coalition which includes"
            if types[last.entity] == "Cluster" and len(between) <= 4 and all(
                w in _RELATIVE_LINKS for w in between
            ):
                return last.entity, s  # "the X Alliance, which is comprised of"
            first = before[0]
            if (len({m.entity for m in before}) == 1 and types[first.entity] == "Cluster"
                    and first.start - lo <= 1
                    and verb - lo < GATHER_REACH):
                return first.entity, s  # "Le pôle X, créé en 2005, réunit"
            return None
        heads = self.lex.name_heads["Cluster"]
        if verb - lo >= GATHER_REACH or not any(tv.folded[k] in heads for k in range(lo, verb)):
            return None
        return self._topic(types, s, "Cluster")

    def _described_members(self, tv: TokenView, s: int, ms: list[Mention], types) -> None:
        """"the Cyber Valley research institutions A, B and C", "Parmi les chefs de file du
        pôle X figurent A et B": a cluster's name before the plural noun for its members, or
        after "among the <noun> of", and the organisations listed next are its members."""
        lo = tv.sent_bounds[s][0]
        orgs = [m for m in ms if m.entity and types[m.entity] in ("Company", "Lab")]
        if not orgs:
            return
        groups = {g[0].start: g for g in self._coordinated_groups(tv, orgs)}
        for c in ms:
            if not c.entity or types[c.entity] != "Cluster":
                continue
            nouns = self._member_nouns_after(tv, c.end)
            if nouns is not None:
                group = groups.get(nouns, [])
            elif tv.folded[lo] in ("parmi", "among") and c.start - lo <= 8 and self._of_cluster(
                tv, c.start
            ):
                group = [m for m in orgs if m.start > c.end]
            else:
                continue
            for m in group:
                self._add("MEMBER_OF", m.entity, c.entity, (s,), 0.6)

    def _of_cluster(self, tv: TokenView, k: int) -> bool:
        """"du pôle X", "of the X cluster", "de X": the name at k is the complement."""
        if tv.folded[k - 1] in self.lex.name_heads["Cluster"]:
            k -= 1
        return tv.folded[k - 1] in ("du", "de", "d'", "of", "the")

    def _member_nouns_after(self, tv: TokenView, k: int) -> int | None:
        """Where the list starts after "<cluster> research institutions", else None."""
        j = k
        while j < len(tv.words) and j - k < 3 and tv.words[j].isalpha() and tv.words[j].islower():
            j += 1
            if tv.folded[j - 1] in _MEMBER_NOUNS and tv.folded[j:j + 1] != ["of"]:
                break  # "member firms", "research institutions"
        if j == k or tv.folded[j - 1] not in _MEMBER_NOUNS:
            return None
        while j < len(tv.words) and j - k < 6 and tv.folded[j] in _INCLUDING | {"such", "as"}:
            j += 1  # "KTMA member firms including A, B"
        return j

    def _topic(self, types: dict[str, str], s: int, etype: str) -> tuple[str, int] | None:
        """The show (or cluster) a sentence without one speaks of: the nearest one named in
        the few sentences before ("the event", "le pôle", "it"), else the one the article is
        about (named most often). (entity id, sentence that names it)."""
        before = [m for m in self._mentions if types[m.entity] == etype and m.sent < s]
        near = [m for m in before if s - m.sent <= TOPIC_WINDOW]
        if near:
            m = max(near, key=lambda m: (m.sent, m.start))
            return m.entity, m.sent
        named = [m for m in self._mentions if types[m.entity] == etype]
        if not named:
            return None
        counts: dict[str, int] = {}
        for m in named:
            counts[m.entity] = counts.get(m.entity, 0) + 1
        best = max(counts, key=lambda e: (counts[e], -min(m.start for m in named
                                                            if m.entity == e)))
        first = min((m for m in named if m.entity == best), key=lambda m: m.start)
        return best, first.sent

    def _located(self, tv: TokenView, s: int, ms: list[Mention], types,
                 ents: EntityBuilder) -> None:
        lex = self.lex
        starts = {m.start: m for m in ms}
        for m in ms:
            if not m.entity:
                continue
            etype = types[m.entity]
            if etype in PLACES:
                self._place_in_place(tv, m, starts, types, s)
                continue
            if m.split_place is not None:
                continue  # handled with names
            k = m.end
            hi = tv.sent_bounds[s][1]
            place = self._bracketed_place(tv, k, hi, starts, types) or self._from_place(
                tv, m, etype, starts, types)
            if place:  # "Piriou (Concarneau)", "Meso GmbH from Mittweida"
                self._add("LOCATED_IN", m.entity, place.entity, (s,), 0.75)
                self._slashed_place(tv, m, place, starts, types, s)
                continue
            if k + 3 < hi and tv.words[k] == "(" and tv.words[k + 2] == ")" and acronym_like(
                tv.words[k + 1]
            ):
                k += 3  # "the World Health Expo (WHX) in Dubai"
            if etype == "Event":  # "LAMMA farm machinery show at ..."
                k = show_noun_end(tv, k, hi, lex) or k
            if etype == "Event" and k < hi and tv.folded[k] in lex.event_location_links:
                place = self._place_at(tv, k + 1, starts, types)
                if place:
                    self._add("LOCATED_IN", m.entity, place.entity, (s,), 0.8)
                    continue
            if etype == "Event" and self._held_at(tv, m, hi, ms, types, s):
                continue
            place = self._apposed_place(tv, k, hi, starts, types)
            if place:  # "Le Gall, de Landerneau", "Aledia, start-up d'Échirolles"
                self._add("LOCATED_IN", m.entity, place.entity, (s,), 0.75)
                continue
            k = self._apposition_then_prep(tv, k, hi)
            k = self._skip_apposition(tv, k, hi)
            steps = 0
            while k + 1 < hi and tv.folded[k] in _DATE_LINKS and tv.words[k + 1].isdigit():
                k += 2  # "organisé du 4 au 6 février à Marseille"
            while k < hi and steps <= 8:
                date_link = tv.folded[k] in _DATE_LINKS and k + 1 < hi and tv.words[k + 1].isdigit()
                if etype != "Event" and held_verb_end(tv.folded, k) is not None and steps:
                    k = hi  # "pôles A et B, se tiendra à Nantes": the show's place, not B's
                    break
                if not date_link and (_locative(tv, k, lex) or not (
                    tv.folded[k] in lex.located_transparent
                    or tv.words[k] == ","
                    or tv.words[k].isdigit()
                )):
                    break
                k += 1
                steps += 1
            site_of = k < hi and tv.folded[k] in ("de", "d'") and tv.folded[k - 1] in _SITE_NOUNS
            if k < hi and (_locative(tv, k, lex) or site_of):
                place = self._place_at(tv, k + 1, starts, types) or self._place_after_venue(
                    tv, k + 1, hi, starts, types)
                if place:
                    self._add("LOCATED_IN", m.entity, place.entity, (s,), 0.75 if steps else 0.8)
                    self._inner_in_outer(m, place, ents, s)
                    for more in self._coordinated_places(tv, place, hi, starts, types):
                        self._add("LOCATED_IN", m.entity, more.entity, (s,), 0.7)
        self._based(tv, ms, types, s)
        self._fronted_held(tv, s, starts, types)
        self._place_cued_list(tv, s, ms, types)
        self._facilities(tv, s, ms, starts, types)
        self._fronted_place_list(tv, s, ms, starts, types)
        self._closing_place_list(tv, s, ms, types)
        self._list_from_place(tv, ms, starts, types, s)
        self._plural_demonym_lists(tv, ms, types, s, ents)

    def _held_at(self, tv: TokenView, m: Mention, hi: int, ms: list[Mention], types,
                 s: int) -> bool:
        """"X, organisée par A et B, se tiendra du 5 au 7 décembre à l'Institut d'Optique à
        Bordeaux (Talence)", "X begins in Barcelona today": a verb of holding after the show,
        then the first place after it, past dates and a venue, is where the show is held.
        Organisations between the show and the verb are allowed only in an apposition."""
        starts = {o.start: o for o in ms}
        verb = end = None
        for k in range(m.end, min(hi, m.end + 20)):
            end = held_verb_end(tv.folded, k)
            if end is not None:
                verb = k
                break
            o = starts.get(k)
            other = o is not None and o.entity and o.entity != m.entity  # not its own acronym
            if other and (types[o.entity] == "Event" or (
                types[o.entity] in ORGS and tv.words[m.end] != ","
            )):
                return False  # another show, or an organisation that is the subject
            if tv.words[k] in (".", ";", ":"):
                return False
        if verb is None or end is None:
            return False
        for k in range(end, min(hi, end + 14)):
            if tv.words[k] in (".", ";", ":"):
                return False
            if tv.folded[k] not in self.lex.locative_preps or (
                k + 1 < len(tv.words) and tv.words[k + 1].isdigit()
            ):
                continue  # "du 4 au 6 mars": a date, not a place
            j = k + 2 if tv.folded[k + 1:k + 2] and tv.folded[k + 1] in _AREA_WORDS else k + 1
            place = self._place_at(tv, j, starts, types) or self._place_after_venue(
                tv, k + 1, hi, starts, types)  # "in central London", "at the SEC in Glasgow"
            if place is None:
                return False
            self._add("LOCATED_IN", m.entity, place.entity, (s,), 0.8)
            inner = self._bracketed_place(tv, place.end, hi, starts, types)
            if inner is not None:  # "à Bordeaux (Talence)": the town in the city's area
                self._add("LOCATED_IN", m.entity, inner.entity, (s,), 0.7)
            return True
        return False

    def _fronted_held(self, tv: TokenView, s: int, starts, types) -> None:
        """"Held every two years in Berlin, it is ...", "Organisé à Lyon, le salon ...": a
        sentence that opens on where something is held and goes on with the show the article
        speaks of (a pronoun or "the show") places that show."""
        lo, hi = tv.sent_bounds[s]
        end = held_verb_end(tv.folded, lo)
        if end is None and tv.folded[lo] not in _ORGANISED:
            return
        k = next((j for j in range(end or lo + 1, min(hi, lo + 8))
                  if tv.folded[j] in self.lex.locative_preps), None)
        place = self._place_at(tv, k + 1, starts, types) if k is not None else None
        if place is None or place.end + 1 >= hi or tv.words[place.end] != ",":
            return
        subject = tv.folded[place.end + 1:place.end + 3]
        if subject[:1] not in (["it"], ["il"], ["elle"]) and not (
            len(subject) == 2 and subject[0] in _SUBJECT_DETERMINERS
            and subject[1] in _SHOW_WORDS
        ):
            return
        topic = self._topic(types, s, "Event")
        if topic is not None:
            self._add("LOCATED_IN", topic[0], place.entity, (topic[1], s), 0.7)

    def _coordinated_places(self, tv: TokenView, first: Mention, hi: int, starts,
                            types) -> list[Mention]:
        """The places joined to a located place: "implantée en Ile-de-France et en
        Normandie", "à Solaize, Saint-Fons et Villeurbanne", "in Paris and Berlin, as well as
        Singapore". A place that contains the one before it is where that one lies ("Lyon,
        en France"), not another location."""
        found: list[Mention] = []
        last = first
        while True:
            j, joined = last.end, False
            while j < hi and j - last.end < 4 and tv.folded[j] in _PLACE_JOINERS:
                joined = True
                j += 1
            if not joined:
                return found
            if j < hi and tv.folded[j] in self.lex.locative_preps:
                j += 1
            place = self._place_at(tv, j, starts, types)
            if place is None or (place.place and last.place and contains(place.place,
                                                                          last.place)):
                return found
            found.append(place)
            last = place

    def _plural_demonym_lists(self, tv: TokenView, ms: list[Mention], types, s: int,
                              ents: EntityBuilder) -> None:
        """"les pôles franciliens Medicen (santé), System@tic et Cap Digital": a plural
        demonym on the cue puts the whole list that follows it in the place."""
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        for group in self._coordinated_groups(tv, orgs) if orgs else ():
            head = group[0]
            k = head.start - 1
            if k >= 1 and tv.words[k] in ("(", ","):
                k -= 1  # "cinq PME montpelliéraines (A, B et C)"
            before = tv.folded[k] if k >= 0 else ""
            if not head.demonym_place or not before.endswith(("s", "x")):
                continue
            place = lookup_place(head.demonym_place)
            if place is None or demonyms().get(before) != head.demonym_place:
                continue
            pid = ents.place_entity(place, place.name, head.start)
            for other in group[1:]:
                self._add("LOCATED_IN", other.entity, pid, (s,), 0.75)

    def _bracketed_place(self, tv: TokenView, k: int, hi: int, starts, types) -> Mention | None:
        """A place in brackets right after a name, alone or after a preposition or a short
        description: "Piriou (Concarneau)", "(à Angers)", "Medica (santé, Düsseldorf)"."""
        if not (k + 2 < hi and tv.words[k] == "("):
            return None
        close = next((j for j in range(k + 1, min(hi, k + 8)) if tv.words[j] == ")"), None)
        if close is None:
            return self._bracketed_clause_place(tv, k, hi, starts, types)
        starts_at = [k + 1] + [j + 1 for j in range(k + 1, close) if tv.words[j] == ","]
        for j in starts_at:
            if tv.folded[j] in self.lex.locative_preps:
                j += 1
            place = self._place_at(tv, j, starts, types)
            if place is not None and place.end <= close and tv.words[place.end] in (")", ",", "/"):
                return place
        return None

    def _slashed_place(self, tv: TokenView, m: Mention, place: Mention, starts, types,
                       s: int) -> None:
        """"Brelpmed (Piémont/Italie)": the organisation is in both places, the first
        inside the second."""
        outer = starts.get(place.end + 1) if tv.words[place.end] == "/" else None
        if outer is None or not outer.entity or types[outer.entity] not in PLACES:
            return
        self._add("LOCATED_IN", m.entity, outer.entity, (s,), 0.75)
        if _PLACE_RANK.get(types[place.entity], 9) < _PLACE_RANK[types[outer.entity]]:
            self._add("LOCATED_IN", place.entity, outer.entity, (s,), 0.75)

    def _bracketed_clause_place(self, tv: TokenView, k: int, hi: int, starts,
                                types) -> Mention | None:
        """"X (école d'ingénieurs, trilingue, implantée à Bidart et partenaire depuis 2019)":
        a longer bracket that says where the organisation is with a participle."""
        close = next((j for j in range(k + 1, min(hi, k + 30)) if tv.words[j] == ")"), None)
        for j in range(k + 1, (close or k + 1) - 2):
            if tv.folded[j] in _LOCATED_PARTICIPLES and tv.folded[j + 1] in (
                self.lex.locative_preps
            ):
                return self._place_at(tv, j + 2, starts, types)
        return None

    def _from_place(self, tv: TokenView, m: Mention, etype: str, starts, types):
        """"Meso International GmbH from Mittweida": an organisation and where it comes from."""
        k = m.end
        if etype not in ORGS or k + 1 >= len(tv.words) or tv.folded[k] not in ("from",):
            return None
        return self._place_at(tv, k + 1, starts, types)

    def _place_after_venue(self, tv: TokenView, k: int, hi: int, starts, types):
        """"held at the SEC, Glasgow", "à l'Institut d'Optique à Bordeaux": a venue, then its
        city after a comma or a second preposition."""
        j = k
        while j < hi and j - k <= 8 and tv.words[j] not in (",", ".", ";"):
            if tv.folded[j] in self.lex.locative_preps and j > k:
                break
            if j > k and tv.folded[j - 1] in ("and", "et", "&") and starts.get(j) is not None and (
                starts[j].entity and types[starts[j].entity] in ORGS
            ):
                return None  # "A in Syros and B in Piraeus": B's place, not A's
            if starts.get(j) is not None and starts[j].entity and types[starts[j].entity] in PLACES:
                end = starts[j].end
                if j > k and (end >= hi or not cap_like(tv.words[end])):
                    return starts[j]  # "à Eurexpo Lyon du 7 au 10 mars": the city closes it
                return None  # a place inside the venue's name stays a name
            j += 1
        if j >= hi or j == k:
            return None
        if j + 2 < hi and tv.folded[j + 1] in _AREA_WORDS:
            j += 1  # "at One Marylebone in central London"
        return self._place_at(tv, j + 1, starts, types)

    def _place_cued_list(self, tv: TokenView, s: int, ms: list[Mention], types) -> None:
        """"Blackburn firms A, a maker of gowns, and clothing makers B and C; Burnley
        business D": a place before a plural company noun places every organisation after
        it up to the next ";", place or sentence end."""
        hi = tv.sent_bounds[s][1]
        cues = self.lex.cues_before.get("Company")
        if cues is None:
            return
        for i, m in enumerate(ms):
            if not m.entity or types[m.entity] not in PLACES or m.end >= hi:
                continue
            noun = tv.folded[m.end]
            if not (noun in cues and noun.endswith("s")):
                continue
            stop = next((k for k in range(m.end, hi) if tv.words[k] == ";"), hi)
            for o in ms[i + 1:]:
                if o.start >= stop or (o.entity and types[o.entity] in PLACES):
                    break
                if o.entity and types[o.entity] in ORGS:
                    self._add("LOCATED_IN", o.entity, m.entity, (s,), 0.7)

    def _facilities(self, tv: TokenView, s: int, ms: list[Mention], starts, types) -> None:
        """"X will invest in its Michigan battery facility", "X is building a plant in
        Lansing", "l'usine de X à Pessac": a plant, site or office of the organisation named
        last before it, placed by a place just before the noun (a word or two between) or by
        "in/à <place>" right after it."""
        lo, hi = tv.sent_bounds[s]
        for k in range(lo, hi):
            if tv.folded[k] not in _FACILITY_NOUNS:
                continue
            owner = next((m for m in reversed(ms) if m.end <= k and m.entity
                          and types[m.entity] in ORGS), None)
            if owner is None:
                continue
            place = next((m for m in ms if m.entity and types[m.entity] in PLACES
                          and 0 <= k - m.end <= 2 and m.start > owner.end
                          and all(not cap_like(w) for w in tv.words[m.end:k])), None)
            if place is None and k + 1 < hi and tv.folded[k + 1] in self.lex.locative_preps:
                place = self._place_at(tv, k + 2, starts, types)
            if place is not None and place.start > owner.end:
                self._add("LOCATED_IN", owner.entity, place.entity, (s,), 0.7)

    def _fronted_place_list(self, tv: TokenView, s: int, ms, starts, types) -> None:
        """"À Lannion, la photonique regroupe A, B et C", "In Brest, X and Y ...": a sentence
        that opens on a place puts the organisations it lists there."""
        lo, hi = tv.sent_bounds[s]
        if tv.folded[lo] not in self.lex.locative_preps:
            return
        place = self._place_at(tv, lo + 1, starts, types)
        if place is None or place.end >= hi or tv.words[place.end] != ",":
            return
        for o in ms:
            if o.entity and types[o.entity] in ORGS and o.start > place.end and not o.short_form:
                self._add("LOCATED_IN", o.entity, place.entity, (s,), 0.7)

    def _list_from_place(self, tv: TokenView, ms: list[Mention], starts, types, s: int) -> None:
        """"Exhibitors include A, B and C from the UAE": the place after a list of
        organisations joined by "and" is where each of them comes from."""
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        for group in self._coordinated_groups(tv, orgs) if orgs else ():
            last = group[-1]
            if len(group) < 2 or last.end + 1 >= len(tv.words) or tv.folded[last.end] != "from":
                continue
            place = self._place_at(tv, last.end + 1, starts, types)
            if place is None or not any(tv.folded[k] in ("and", "&")
                                        for k in range(group[0].end, last.start)):
                continue
            for org in group:
                if tv.folded[org.start] not in self.lex.not_names:  # "French X" is French
                    self._add("LOCATED_IN", org.entity, place.entity, (s,), 0.7)

    def _closing_place_list(self, tv: TokenView, s: int, ms: list[Mention], types) -> None:
        """"A de Lunéville, B d'Eulmont et C pour la Meurthe-et-Moselle.": a list of
        organisations closed by "pour" and a region or country puts each of them there."""
        lo, hi = tv.sent_bounds[s]
        end = hi
        while end > lo and tv.words[end - 1] in (".", ";", "!", "…"):
            end -= 1
        place = next((m for m in ms if m.end == end and m.entity and types[m.entity]
                      in ("Region", "Country")), None)
        if place is None:
            return
        k = place.start - 1
        if k > lo and tv.folded[k] in self.lex.connector_articles:
            k -= 1
        if k <= lo or tv.folded[k] != "pour":
            return
        orgs = self._distinct([m for m in ms if m.end <= k], types, ORGS)
        if len(orgs) >= 2 and not self._has_trigger(tv, lo, hi, "PARTNERS_WITH"):
            for org in orgs:
                self._add("LOCATED_IN", org, place.entity, (s,), 0.7)

    def _apposed_place(self, tv: TokenView, k: int, hi: int, starts, types) -> Mention | None:
        if not (k + 2 < hi and tv.words[k] == ","):
            return None
        j = k + 1
        if tv.pos[j] == "DET":
            j += 1
        if self.lex.cue_type(tv.folded[j], self.lex.cues_before):
            j += 1
        if j < hi and tv.folded[j] in ("de", "d'"):
            return self._place_at(tv, j + 1, starts, types)
        return None

    def _skip_apposition(self, tv: TokenView, k: int, hi: int) -> int:
        """", le réseau néerlandais d'innovation agroalimentaire installé à" and ", the
        connected-health device maker based in" -> at "installé" / "based"."""
        determiners = ("le", "la", "l'", "un", "une", "the", "a", "an")
        if not (k + 1 < hi and tv.words[k] == ","):
            return k
        # ", fabric manufacturers based in": no determiner, then only a seat participle ends it
        bare = not (tv.pos[k + 1] == "DET" or tv.folded[k + 1] in determiners
                    or self.lex.cue_type(tv.folded[k + 1], self.lex.cues_before))
        if bare and not (tv.words[k + 1].islower() and tv.pos[k + 1] in ("NOUN", "ADJ", "")):
            return k
        transparent = _LOCATED_PARTICIPLES if bare else self.lex.located_transparent
        reach = 6 if bare else 14
        j = k + 2
        while j < hi and j - k <= reach and tv.folded[j] not in transparent:
            f = tv.folded[j]
            content = tv.pos[j] in ("NOUN", "ADJ") if tv.pos[j] else (
                tv.words[j].islower() or tv.words[j] == "-"
            )
            if not (content or f in ("de", "d'", "du", "des", "of", "for", "the", "and", "et",
                                     "-", ",")):
                return k
            j += 1
        if j < hi and tv.words[j - 1] == "," and tv.folded[j] not in transparent:
            return k
        return j if j < hi and tv.folded[j] in transparent else k

    def _apposition_then_prep(self, tv: TokenView, k: int, hi: int) -> int:
        """", a weaving mill in Saint-Étienne" -> at "in"."""
        determiners = ("le", "la", "l'", "un", "une", "the", "a", "an")
        if not (k + 2 < hi and tv.words[k] == "," and tv.folded[k + 1] in determiners):
            return k
        j = k + 2
        while j < hi and j - k <= 6 and tv.folded[j] not in self.lex.locative_preps:
            content = tv.pos[j] in ("NOUN", "ADJ") if tv.pos[j] else tv.words[j].islower()
            if not content:
                return k
            j += 1
        return j if j < hi and tv.folded[j] in self.lex.locative_preps and j > k + 2 else k

    def _inner_in_outer(self, m: Mention, outer: Mention, ents: EntityBuilder, s: int) -> None:
        """"Vallée Optique de Wuhan en Chine": Wuhan lies in China, as the text says."""
        inner = m.inner_place
        if inner is None or inner.place is None or outer.place is None:
            return
        if contains(outer.place, inner.place):
            pid = ents.place_entity(inner.place, inner.text, inner.start)
            self._add("LOCATED_IN", pid, outer.entity, (s,), 0.8)

    def _place_at(self, tv: TokenView, k: int, starts: dict[int, Mention], types):
        while k in range(len(tv.folded)) and tv.folded[k] in self.lex.connector_articles and (
            k not in starts  # "(Le Guilvinec)": the article is the town's own
        ):
            k += 1
        m = starts.get(k)
        if m is not None and m.entity and types[m.entity] in PLACES:
            return m
        return None

    def _place_in_place(self, tv, m: Mention, starts, types, s: int) -> None:
        if m.start >= 2 and tv.folded[m.start - 1] in ("'s", "’s"):
            owner = next((o for o in self._mentions if o.end == m.start - 1), None)
            if owner is not None and types[owner.entity] in PLACES and owner.place and (
                m.place and contains(owner.place, m.place)
            ):  # "Belgium's Flanders regional government"
                self._add("LOCATED_IN", m.entity, owner.entity, (s,), 0.85)
        k = m.end
        if k < len(tv.words) and (tv.folded[k] in self.lex.locative_preps
                                  or tv.words[k] in (",", "(")):
            k += 1
            if tv.words[k - 1] in (",", "(") and k < len(tv.words) and (
                tv.folded[k] in self.lex.locative_preps
            ):
                k += 1  # "Düsseldorf, en Allemagne"
            outer = self._place_at(tv, k, starts, types)
            if outer and outer.place and m.place and contains(outer.place, m.place):
                self._add("LOCATED_IN", m.entity, outer.entity, (s,), 0.85)

    def _based(self, tv: TokenView, ms: list[Mention], types, s: int) -> None:
        """"Bordeaux-based Amplitude": a place, "-", "based", then the next organisation."""
        for i, m in enumerate(ms):
            if not m.entity or types[m.entity] not in PLACES:
                continue
            tail = tv.folded[m.end:m.end + 2]
            possessive = tail[:1] in (["'s"], ["’s"])
            if self._fronted_located(tv, m, s):
                nxt = next((o for o in ms[i + 1:i + 3] if o.entity and types[o.entity] in ORGS),
                           None)
                if nxt is not None and tv.words[m.end] == "," and nxt.start - m.end <= 4:
                    self._add("LOCATED_IN", nxt.entity, m.entity, (s,), 0.8)
                continue
            apposed = [o for o in ms[:i] if o.entity and types[o.entity] in ORGS
                       and tv.words[o.end:o.end + 1] == [","] and m.start - o.end <= 3
                       and tv.folded[o.end + 1] in ("a", "an", "une", "un")
                       and m.end < len(tv.folded) and tv.folded[m.end] in _COMPANY_NOUNS]
            if apposed:  # "Cailabs, a Rennes company"
                self._add("LOCATED_IN", apposed[-1].entity, m.entity, (s,), 0.75)
                continue
            if not possessive and tail not in (["-", "based"], ["-based"]) and (
                tail[:1] != ["-based"]
            ):
                continue
            for o in ms[i + 1:i + 3]:
                if o.entity and types[o.entity] in ORGS and (
                    o.start - m.end <= 6 or _described_gap(tv, m.end, o.start)
                ):
                    for firm in self._based_firms(tv, ms, o, m.end, types):
                        self._add("LOCATED_IN", firm.entity, m.entity, (s,), 0.85)
                    break
            else:  # "Medical Alley Association, a Minnesota-based organisation"
                before = [o for o in ms[:i] if o.entity and types[o.entity] in ORGS
                          and o.end < m.start and tv.words[o.end] == ","
                          and m.start - o.end <= 3]
                if before and not possessive:
                    self._add("LOCATED_IN", before[-1].entity, m.entity, (s,), 0.8)

    def _based_firms(self, tv: TokenView, ms: list[Mention], first: Mention, k: int,
                     types) -> list[Mention]:
        """The firm after "<Place>-based", or, after a plural noun ("Glasgow-based space
        companies, including A and B"), every firm of the list it opens."""
        if not any(tv.folded[j] in _COMPANY_PLURALS for j in range(k, first.start)):
            return [first]
        orgs = [o for o in ms if o.start >= first.start and o.entity and types[o.entity] in ORGS]
        return self._coordinated_groups(tv, orgs)[0]

    def _fronted_located(self, tv: TokenView, m: Mention, s: int) -> bool:
        """"Basé à Brest, le Pôle Mer ...", "Headquartered in Leipzig, ACOD ..."."""
        lo = tv.sent_bounds[s][0]
        before = tv.folded[lo:m.start]
        return (
            1 < len(before) <= 3
            and before[0] in self.lex.located_transparent
            and before[-1] in self.lex.locative_preps
            and m.end < len(tv.words)
        )

    def _located_from_names(self, mentions: list[Mention], ents: EntityBuilder, types) -> None:
        for m in mentions:
            if not m.entity or m.short_form:
                continue
            source = m.entity
            for inner in (m.inner_place, m.split_place):
                if inner is not None and inner.place is not None:
                    pid = ents.place_entity(inner.place, inner.text, inner.start)
                    self._add("LOCATED_IN", source, pid, (m.sent,), 0.7)
            if m.demonym_place:
                place = lookup_place(m.demonym_place)
                if place is not None:
                    pid = ents.place_entity(place, place.name, m.start)
                    self._add("LOCATED_IN", source, pid, (m.sent,), 0.8)

    # ---- output ----------------------------------------------------------------------
    def _relations(self, doc: Doc, tv: TokenView) -> list[Relation]:
        """The findings as relations, one per fact, evidence sentences merged."""
        merged: dict[tuple[str, str, str], Relation] = {}
        for f in self.found:
            evidence = tuple(_evidence(doc, *tv.sent_bounds[i]) for i in f.sentences)
            year = next((int(y) for e in evidence for y in _YEAR.findall(e.text)), None)
            rel = Relation(f.type, f.source, f.target, evidence, f.confidence, year,
                           "sentence" if year is not None else None)
            key = rel.key()
            old = merged.get(key)
            if old is None:
                merged[key] = rel
            else:
                ev = old.evidence + tuple(e for e in evidence if e not in old.evidence)
                merged[key] = replace(old, evidence=ev,
                                      confidence=max(old.confidence, rel.confidence),
                                      year=old.year or year,
                                      year_source=old.year_source or rel.year_source)
        return list(merged.values())


_INCLUDING = frozenset({"including", "such", "notably", "like", "dont", "notamment", "comme",
                        "tels", "telles", "parmi", "among"})
# what a cluster is said to be a body of: "un réseau de 40 entreprises", "a network of"
_BODY_NOUNS = frozenset({"consortium", "reseau", "network", "association", "alliance",
                         "groupement", "cluster", "federation", "grappe", "collectif",
                         "coalition", "union", "regroupement"})
# "signed an MoU to explore ...": a signed agreement is no speculation on one
_SIGNED_WORDS = frozenset({"signed", "inked", "signe", "signee", "signent",
                           "signeront", "signera", "signs"})
_SPECULATIVE = ("explor", "potential", "could", "might", "may", "consider", "envisag",
                "eventuel", "potentiel", "pourrai")
_RELATIVE_LINKS = frozenset({",", "which", "that", "is", "was", "has", "been", "now", "qui", "est",
                             "a", "desormais", "aujourd'hui", "also", "already", "currently",
                             "egalement", "deja", "actuellement"})
# plural nouns for what a cluster is made of: "the X research institutions A, B"
_MEMBER_NOUNS = frozenset({"institutions", "members", "companies", "firms", "partners",
                           "membres", "entreprises", "adherents", "laboratoires", "labs"})
_LIST_WORDS = frozenset({"and", "et", "&", "or", "ou", "the", "a", "an", "le", "la", "les", "l'",
                         "des", "de", "as", "well"})


def _descriptor(tv: TokenView, m: Mention, following: Mention) -> bool:
    """"the Cyber Valley research institutions A, B": a name then lower-case words, then the
    names it describes."""
    between = tv.folded[m.end:following.start]
    return 1 <= len(between) <= 3 and all(w[:1].islower() for w in between) and any(
        w not in _LIST_WORDS for w in between)


_FORMED = frozenset({"formed", "created", "founded", "established", "formee", "creee", "fondee",
                     "constituee", "formes", "crees"})
_VENTURE_NOUNS = frozenset({"venture", "jv", "joint-venture", "coentreprise", "co-entreprise",
                            "alliance", "consortium", "filiale"})
# people who come to a show on a firm's behalf, and the visitors a sentence may open on
_DELEGATES = frozenset({"representative", "representatives", "representants", "representantes"})
_VISITORS = frozenset({"visitors", "visiteurs", "attendees", "buyers", "acheteurs"})
_DESCRIPTION_LINKS = frozenset({",", "-", "including", "such", "as", "notamment", "comme", "dont",
                                "and", "et", "tels", "telles", "que", "sont", "namely", ":",
                                "de", "d'", "du", "des", "of"})
# words after a list that start a clause, not another item: "..., to launch Edge Lab"
_CLAUSE_LINKS = frozenset({"to", "pour", "afin", "in", "at", "a", "for", "by", "par", "sur",
                           "on", "en", "dans", "with", "avec"})
_PLURAL_DEALS = frozenset({"mous", "memoranda", "agreements", "deals", "contracts", "accords",
                           "conventions", "partenariats", "protocoles"})


def _describes(tv: TokenView, k: int, not_names: frozenset[str]) -> bool:
    """A word of a description in front of a name: a common noun or adjective ("energy
    business", "opérateur immobilier") or a nationality word ("Japanese")."""
    word = tv.words[k]
    if tv.folded[k] in not_names or all(p in not_names for p in tv.folded[k].split("-")):
        return True  # "Japanese", "French-Italian"
    if not word.isalpha() or not word.islower():
        return False
    return tv.pos[k] in ("NOUN", "ADJ") if tv.pos[k] else True


def _gloss_of(tv: TokenView, name: Mention, m: Mention) -> bool:
    """"Institut Supérieur de l'Aéronautique et de l'Espace (Isae-Supaero)": a name in
    brackets right after another is that one's short form, not another party."""
    return (m.start == name.end + 1 and tv.words[name.end] == "("
            and m.end < len(tv.words) and tv.words[m.end] == ")")


_LIST_OPENERS = frozenset({":", "dont", "parmi", "notamment", "comme", "tels", "telles",
                           "include", "includes", "including", "such", "among", "like", "are",
                           "sont"})


def _counted(tv: TokenView, k: int, hi: int) -> bool:
    """"qui compte 200 adhérents", "its 300 members": a count, not who the members or
    exhibitors are, unless the list follows ("300 exposants, dont A et B")."""
    before = tv.words[max(0, k - 2):k]
    if not any(w.replace(",", "").replace(".", "").replace("\u202f", "").isdigit()
               for w in before):
        return False
    return not any(w in _LIST_OPENERS for w in tv.folded[k + 1:min(hi, k + 4)])


def _locative(tv: TokenView, k: int, lex: Lexicon) -> bool:
    """A locative preposition at k; "Kelvora a signé": the French "a" without its accent is
    the verb, not "à"."""
    return tv.folded[k] in lex.locative_preps and not (lex.lang == "fr" and tv.words[k] == "a")


def _not_an_agreement(tv: TokenView, k: int, hi: int) -> bool:
    """Trigger words in their other senses: "signed up for the expo" (enrolled), "the team
    at X" (but "team up with"), "la commune de Pessac" (a municipality), "a great deal"."""
    word, after = tv.folded[k], tv.folded[k + 1] if k + 1 < hi else ""
    before = tv.folded[k - 1] if k > 0 else ""
    return (
        (word.startswith("sign") and after == "up")
        or (word in ("team", "teams") and after != "up")
        or (word in ("commune", "communes") and after in ("de", "d'", "du", "des"))
        or (word in ("deal", "deals") and before in ("great", "good"))
    )


# what a show does to its exhibitors: "le salon accueillera A et B", "the show hosted A"
_HOST_VERBS = frozenset({"accueille", "accueillera", "accueilli", "accueillait", "recoit",
                         "recevra", "hosts", "hosted", "host", "welcomes", "welcomed"})
_HOST_AUXILIARIES = frozenset({"a", "avait", "aura", "va", "has", "had", "will", "deja",
                               "already", "also", "aussi", "again", "encore"})
# "held in central London": a word for part of a town between the preposition and it
_AREA_WORDS = frozenset({"central", "downtown", "greater", "northern", "southern", "eastern",
                         "western", "centre", "center"})
_POSSESSIVES = frozenset({"ses", "son", "sa", "leurs", "leur", "nos", "notre", "its", "their",
                          "our"})
_BACK_PRONOUNS = frozenset({"it", "elle", "il", "they", "ils", "elles"})
_MEMBER_ADJECTIVES = frozenset({"founding", "new", "current", "first", "original", "nouveaux",
                                "premiers", "actuels"})
_LIST_VERBS = frozenset({"comprennent", "comprend", "include", "includes", "incluent", "sont",
                         "are", "comptent"})


def _refers_to_members(tv: TokenView, lo: int, hi: int) -> bool:
    """Whether the sentence's member noun points back to a body named before: a
    possessive ("ses adhérents", "its members"), a pronoun opening the sentence ("It has
    attracted 200 members"), or "the members (fondateurs) include"."""
    if any(f in _BACK_PRONOUNS for f in tv.folded[lo:min(hi, lo + 3)]):
        return True  # "It has attracted", "Depuis, elle fédère"
    for k in range(lo, hi):
        if tv.folded[k] not in MEMBER_WORDS:
            continue
        if any(f in _POSSESSIVES for f in tv.folded[max(lo, k - 2):k]):
            return True
        det = k - 2 if k - 2 >= lo and tv.folded[k - 1] in _MEMBER_ADJECTIVES else k - 1
        if det >= lo and tv.folded[det] in ("les", "the") and any(
            f in _LIST_VERBS for f in tv.folded[k + 1:k + 4]
        ):
            return True  # "the (founding) members include"
    return False


def _person_before(tv: TokenView, lo: int, k: int) -> bool:
    """A role word between a comma and the employer link at k ("…, Director General of")."""
    j = k - 1
    while j > lo and k - j <= 5 and tv.words[j] != ",":
        j -= 1
    return tv.words[j] == "," and j < k - 1 and all(
        w.isalpha() for w in tv.words[j + 1:k])


def _after_bracket(tv: TokenView, k: int, hi: int) -> int:
    """Past a bracketed aside that opens at k, if any."""
    if k < hi and tv.words[k] == "(":
        close = next((j for j in range(k, hi) if tv.words[j] == ")"), None)
        if close is not None:
            return close + 1
    return k


def _described_gap(tv: TokenView, a: int, b: int) -> bool:
    """"Kolkata-based lead-acid battery maker X": only lower-case words and hyphens between a
    place's "-based" and the firm, up to nine tokens."""
    return b - a <= 9 and all(w == "-" or (w[:1].isalpha() and w.islower())
                              for w in tv.words[a:b])


def _evidence(doc: Doc, start: int, end: int) -> Evidence:
    """The sentence's text with its offsets in the article text, surrounding spaces trimmed."""
    span = doc[start:end]
    raw = span.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    begin = span.start_char + lead
    return Evidence(text, begin, begin + len(text))

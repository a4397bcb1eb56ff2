"""The parties of the consortia and joint projects an article describes.

News about a consortium rarely lists its parties in one sentence: "X est à la tête d'un
consortium. L'association regroupe A, B et C. Elle inclut également D." EVAL.md makes every
pair of a multi-party agreement partners, so the parties are gathered per consortium across
the sentences that speak of it, then paired once the article is read. A consortium is known
by the name the text gives it (`TokenView.programme_names`) or, unnamed, by the sentence
that opens it; a later sentence continues it when it points back (a pronoun, "également",
"this consortium").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.extract.mentions import Mention, TokenView
from graph.model import ORGANISATION_TYPES

ORGS = frozenset(ORGANISATION_TYPES)
MAX_PARTIES = 15  # more names than this are a catalogue, not the parties of one undertaking
CONTEXT = 2  # sentences after the last one about a consortium that may still speak of it

# a noun that names a joint undertaking, as the subject of the verb that lists its parties
PROGRAMME_NOUNS = frozenset({"consortium", "alliance", "coentreprise", "programme", "program",
                             "projet", "project"})
# an agreement's noun, a subject that lists its parties as a consortium's does ("the MoU
# brings together A, B and C", "la charte a été signée par A, B et C")
AGREEMENT_NOUNS = frozenset({"charte", "accord", "protocole", "memorandum", "mou", "agreement",
                             "pact", "partenariat", "partnership"})
# a body's noun that is a consortium's only in a sentence that continues one
_BODY_NOUNS = frozenset({"association", "groupement", "initiative"})
PROGRAMME_VERBS = frozenset({"includes", "include", "comprises", "comprend", "rassemble",
                             "reunit", "regroupe", "associe", "involves", "unites", "consists",
                             "regroupera", "reunira", "rassemblera", "associera", "implique",
                             "inclut", "incluent", "brings", "gathers", "unit", "unissent"})
_LEAD_PARTICIPLES = frozenset({"coordonne", "coordonnee", "pilote", "pilotee", "porte",
                               "portee", "mene", "menee", "led", "coordinated", "headed"})
_LEAD_VERBS = frozenset({"leads", "lead", "heads", "pilote", "piloter", "coordonne",
                         "coordinates", "dirige"})
_LEAD_NOUNS = frozenset({"leader", "coordinateur", "coordinator", "pilote", "porteur"})
_PARTNER_NOUNS = frozenset({"partners", "partenaires", "parties", "participants", "signatories",
                            "signataires"})
_ARE = frozenset({"include", "includes", "are", "were", "sont", "comprennent", "incluent"})
_PARTICIPATE = frozenset({"participating", "participate", "participent", "participeront",
                          "involved", "impliques"})
# after a consortium subject, the word that opens the list of its parties
_PARTY_LINKS = frozenset({"by", "par", "of", "with", "avec", "between", "entre"})
# "the memorandum was signed by A, B and C": an agreement's parties after its signing
_SIGNED_BY = frozenset({"by", "par", "between", "entre"})
_SIGNED = frozenset({"signed", "signe", "signee", "concluded", "conclu", "conclue", "agreed",
                     "initialled", "paraphe", "paraphee"})
# "the collaboration launched jointly by A, B and C": an undertaking's founders
_LAUNCHED = frozenset({"launched", "formed", "created", "founded", "established", "initiated",
                       "lance", "lancee", "lances", "lancees", "cree", "creee", "fonde",
                       "fondee", "initie", "initiee", "forme", "formee", "constitue",
                       "constituee"})
_JOINTLY = frozenset({"jointly", "together", "conjointement", "ensemble", "up"})
_COLLABORATION_NOUNS = frozenset({"collaboration", "cooperation"})
_RELATIVE_WORDS = frozenset({"qui", "which", "who", "dont", "whose"})
_PRONOUNS = frozenset({"elle", "il", "it", "they", "ils", "elles"})
_BACK_WORDS = frozenset({"egalement", "aussi", "also", "too", "further", "additionally", "ce",
                         "cet", "cette", "this", "these"})
_INCLUDING = frozenset({"including", "such", "notably", "like", "notamment", "comme", "parmi",
                        "among", "lesquels", "lesquelles", "namely"})
# what ends a list of parties: a funder, "and other partners", the verb of a new clause
_LIST_END = frozenset({
    "funded", "supported", "backed", "financed", "finance", "financee", "soutenu", "soutenue",
    "subventionne", "other", "others", "autres", "will", "would", "is", "are", "was", "were",
    "has", "have", "had", "sera", "seront", "est", "sont", "ont", "vise", "aims"})
_ADVERBS = frozenset({"currently", "now", "already", "actuellement", "egalement", "aussi",
                      "also", "desormais"})


@dataclass
class Consortia:
    """Parties per consortium, read sentence by sentence; `pairs` once the article is read."""

    parties: dict[str, dict[str, set[int]]] = field(default_factory=dict)  # key -> entity -> sents
    _active: str | None = None  # the consortium the last sentences spoke of
    _active_sent: int = -10

    def read(self, tv: TokenView, s: int, ms: list[Mention], types: dict[str, str]) -> None:
        lo, hi = tv.sent_bounds[s]
        orgs = [m for m in ms if m.entity and types[m.entity] in ORGS]
        if not orgs:
            return
        for verb in range(lo + 1, hi):
            if tv.folded[verb] not in PROGRAMME_VERBS:
                continue
            key = self._subject_key(tv, s, lo, verb)
            if key is None:
                continue
            listed = _parties_after(tv, verb, hi, orgs)
            leader = next((m for m in orgs if m.start < verb and _led_by(tv, lo, m.start)), None)
            self._add(key, s, ([leader] if leader else []) + listed)
            return
        leaders = [m for m in orgs if self._leads(tv, lo, hi, m)]
        if leaders:
            key = self._named_key(tv, lo, hi) or self._continued_key(tv, s, lo, hi) or f"#{s}"
            self._add(key, s, leaders)
            return
        if not self._founders(tv, s, lo, hi, orgs):
            self._listed_parties(tv, s, lo, hi, orgs)

    def _founders(self, tv: TokenView, s: int, lo: int, hi: int, orgs: list[Mention]) -> bool:
        """"the collaboration launched jointly by six producers – A (X), B (Y) and C",
        "le consortium, fondé par A et B": the parties that launched an undertaking
        together, wherever the noun stands in the sentence."""
        for k in range(lo, hi - 2):
            if not (_programme_noun(tv, k) or tv.folded[k] in _COLLABORATION_NOUNS):
                continue
            j = next((j for j in range(k + 1, min(hi, k + 5)) if tv.folded[j] in _LAUNCHED),
                     None)
            if j is None or any(tv.folded[i] in _RELATIVE_WORDS for i in range(k, j)):
                continue
            j += 1
            while j < hi and tv.folded[j] in _JOINTLY:
                j += 1
            if j < hi and tv.folded[j] in ("by", "par"):
                found = _parties_after(tv, j, hi, orgs)
                if len({m.entity for m in found}) >= 2:
                    self._add(self._named_key(tv, lo, hi) or f"#{s}", s, found)
                    return True
        return False

    def _listed_parties(self, tv: TokenView, s: int, lo: int, hi: int,
                        orgs: list[Mention]) -> None:
        """Other sentences that list a consortium's parties: "Among the project partners
        are A, B and C", "Parmi les partenaires figurent A et B"; "Additionally, A and B
        are participating" (continuing one); "The consortium will be governed by A, B and
        C" (a consortium subject, then "by"/"of"/"with" and the list)."""
        key = self._named_key(tv, lo, hi) or self._continued_key(tv, s, lo, hi)
        opener = lo + 1 if tv.words[lo + 1:lo + 2] == [","] or tv.folded[lo] in _ADVERBS else lo
        start = next((k for k in range(lo, min(hi, lo + 3)) if tv.folded[k] in ("among",
                                                                               "parmi")), None)
        if start is not None and any(tv.folded[k] in _PARTNER_NOUNS
                                     for k in range(start, min(hi, start + 5))):
            nouns = any(_programme_noun(tv, k) for k in range(start, min(hi, start + 5)))
            if nouns or key is not None:
                verb = next(k for k in range(start, hi) if tv.folded[k] in _PARTNER_NOUNS)
                self._add(key or self._active or f"#{s}", s, _parties_after(tv, verb, hi, orgs))
            return
        noun = next((k for k in range(opener + 1, min(hi, opener + 5))
                     if tv.folded[k] in _PARTNER_NOUNS), None)
        if tv.folded[opener] in ("the", "les") and noun is not None:
            verb = next((k for k in range(noun + 1, min(hi, noun + 7))
                         if tv.folded[k] in _ARE), None)
            if verb is not None:  # "The Parties of the Memorandum include A (X), B (Y)"
                self._add(key or f"#{s}", s, _parties_after(tv, verb, hi, orgs))
                return
        if key is not None and any(tv.folded[k] in _PARTICIPATE for k in range(lo, hi)):
            verb = next(k for k in range(lo, hi) if tv.folded[k] in _PARTICIPATE)
            listed = [m for m in orgs if m.end <= verb]
            if len(listed) >= 2 and listed[0].start - opener <= 4:
                self._add(key, s, listed)  # "Additionally, A, B and C are participating"
            return
        subject = next((k for k in range(opener + 1, min(hi, opener + 3))
                        if _programme_noun(tv, k)), None)
        if subject is not None:
            links = _PARTY_LINKS if tv.folded[subject] not in AGREEMENT_NOUNS else _SIGNED_BY
            link = next((k for k in range(opener + 2, min(hi, opener + 12))
                         if tv.folded[k] in links
                         and (links is _PARTY_LINKS or tv.folded[k - 1] in _SIGNED)), None)
            if link is not None:
                subject = self._named_key(tv, lo, link) or self._active if self._in_context(
                    s) else None
                self._add(subject or f"#{s}", s, _parties_after(tv, link, hi, orgs))

    def is_programme_sentence(self, tv: TokenView, s: int, verb: int | None = None) -> bool:
        """Whether the gathering verb at `verb` (any in the sentence when None) lists a
        consortium's parties (who are partners) rather than a cluster's members."""
        lo, hi = tv.sent_bounds[s]
        verbs = [verb] if verb is not None else [
            k for k in range(lo + 1, hi) if tv.folded[k] in PROGRAMME_VERBS]
        return any(self._subject_key(tv, s, lo, k) is not None for k in verbs)

    def pairs(self) -> list[tuple[str, str, tuple[int, ...]]]:
        found = []
        for members in self.parties.values():
            if not 2 <= len(members) <= MAX_PARTIES:
                continue
            names = list(members)
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    found.append((a, b, tuple(sorted(members[a] | members[b]))))
        return found

    # ---- which consortium a sentence speaks of ----------------------------------------
    def _subject_key(self, tv: TokenView, s: int, lo: int, verb: int) -> str | None:
        """The consortium that is the verb's subject: a programme noun just before it or
        opening the sentence, a programme's name, or (continuing the last consortium) a
        pronoun or a body's noun."""
        k = verb - 1
        while k > lo and tv.folded[k] in _ADVERBS:
            k -= 1
        if _programme_noun(tv, k):
            return self._noun_key(tv, s, lo, verb)
        named = next((name for j in range(max(lo, k - 4), k + 1)
                      if (name := " ".join(tv.folded[j:k + 1])) in tv.programme_names), None)
        if named is not None:
            return named  # "..., Mellidem regroupe également"
        opening = next((j for j in range(lo, min(verb, lo + 8))
                        if _programme_noun(tv, j) or _named_at(tv, j, verb) is not None
                        or (tv.folded[j] in _BODY_NOUNS and self._in_context(s))
                        or (j == lo and tv.folded[j] in _PRONOUNS and self._in_context(s))),
                       None)
        if opening is None or verb - opening > 16 or any(
            tv.folded[j] in _RELATIVE_WORDS or tv.words[j] == ";" for j in range(opening, verb)
        ):
            return None
        name = _named_at(tv, opening, verb)
        if name is not None:
            return name
        if tv.folded[opening] in _PRONOUNS or tv.folded[opening] in _BODY_NOUNS:
            return self._active
        return self._noun_key(tv, s, lo, verb)

    def _noun_key(self, tv: TokenView, s: int, lo: int, verb: int) -> str:
        return (self._named_key(tv, lo, verb) or self._continued_key(tv, s, lo, verb)
                or f"#{s}")

    def _named_key(self, tv: TokenView, lo: int, hi: int) -> str | None:
        return next((name for j in range(lo, hi) if (name := _named_at(tv, j, hi))), None)

    def _continued_key(self, tv: TokenView, s: int, lo: int, hi: int) -> str | None:
        """The last consortium, when this sentence points back to it ("Elle inclut
        également", "this consortium")."""
        if self._in_context(s) and any(tv.folded[k] in _BACK_WORDS | _PRONOUNS
                                       for k in range(lo, hi)):
            return self._active
        return None

    def _in_context(self, s: int) -> bool:
        return self._active is not None and s - self._active_sent <= CONTEXT

    def _leads(self, tv: TokenView, lo: int, hi: int, m: Mention) -> bool:
        """"un consortium piloté par X", "Le chef de file du projet est X", "X est à la
        tête d'un consortium", "X will lead the consortium"."""
        nouns = [k for k in range(lo, hi) if _programme_noun(tv, k)
                 or _named_at(tv, k, hi) is not None]
        if not nouns:
            return False
        if _led_by(tv, lo, m.start) and any(k < m.start for k in nouns):
            return True
        copula = next((j for j in range(m.start - 1, max(lo, m.start - 4) - 1, -1)
                       if tv.folded[j] in ("est", "is")), None)
        lower = copula is not None and all(tv.words[j].islower() for j in range(copula, m.start))
        if lower and any(
            tv.folded[k] in _LEAD_NOUNS or tv.folded[k:k + 3] == ["chef", "de", "file"]
            for k in range(lo, m.start)
        ):
            return True  # "Le chef de file du projet et consortium X est Y"
        subject = m.start - lo <= 3 and not any(
            o for o in range(lo, m.start) if tv.words[o][:1].isupper() and o > lo)
        return subject and any(
            _lead_phrase(tv, k) and any(0 < n - k <= 5 for n in nouns)
            for k in range(m.end, hi))

    def _add(self, key: str | None, s: int, found: list[Mention]) -> None:
        if key is None or not found:
            return
        members = self.parties.setdefault(key, {})
        for m in found:
            if m.entity:
                members.setdefault(m.entity, set()).add(s)
        self._active, self._active_sent = key, s


def _lead_phrase(tv: TokenView, k: int) -> bool:
    """"à la tête (d'un consortium)", "leads", "will lead", "pilote", "heads"."""
    return tv.folded[k:k + 3] == ["a", "la", "tete"] or tv.folded[k] in _LEAD_VERBS


def _programme_noun(tv: TokenView, k: int) -> bool:
    return (tv.folded[k] in PROGRAMME_NOUNS or tv.folded[k] in AGREEMENT_NOUNS) and (
        tv.words[k].islower() or tv.words[k] == "MoU")


def _named_at(tv: TokenView, a: int, hi: int) -> str | None:
    """The name the text gives a project ("MAGIA" of "le projet européen MAGIA") starting
    at a, folded."""
    names = tv.programme_names
    if not names:
        return None
    return next((name for b in range(min(hi, a + 5), a, -1)
                 if (name := " ".join(tv.folded[a:b])) in names), None)


def _led_by(tv: TokenView, lo: int, k: int) -> bool:
    """"coordonné par le groupe X", "led by X": a lead participle, "par"/"by", then at most
    two lower-case words before the name at k."""
    j = k - 1
    while j > lo and k - j <= 2 and tv.words[j].islower() and tv.folded[j] not in ("par", "by"):
        j -= 1
    return j > lo and tv.folded[j] in ("par", "by") and tv.folded[j - 1] in _LEAD_PARTICIPLES


def _parties_after(tv: TokenView, verb: int, hi: int, orgs: list[Mention]) -> list[Mention]:
    """The organisations a consortium's verb lists: the first within a few words of it (a
    comma only before "parmi lesquels", "including"), then every one up to the end of the
    list, descriptions between them allowed ("A, basé à Grenoble, qui assure ..., B, une PME
    de Paris, ou encore C"). Names in brackets after a name ("(filiale d'Agrial)") or in a
    relative clause are no parties, those in brackets after a common noun ("2 PME (A, B)")
    are; a funder, "and other partners" or the verb of a new clause ends the list."""
    after = [m for m in orgs if m.start > verb]
    if not after:
        return []
    between = tv.folded[verb + 1:after[0].start]
    if len(between) > 10 or any(w == "," and not (set(between[i + 1:i + 3]) & _INCLUDING)
                               for i, w in enumerate(between)):
        return []
    starts = {m.start: m for m in after}
    # "The consortium includes: A; B; C; and D": after a colon, semicolons part the items
    semicolons = ":" in tv.words[verb + 1:verb + 3]
    found: list[Mention] = []
    depth, relative, examples = 0, False, False
    k = after[0].start if tv.words[after[0].start - 1] != "(" else after[0].start - 1
    while k < hi:
        word, folded = tv.words[k], tv.folded[k]
        if word == "(":
            depth += 1
            # "2 PME iséroises (A, B)": after a common noun, the bracket names parties
            examples = depth == 1 and tv.words[k - 1].islower()
        elif word == ")":
            depth = max(0, depth - 1)
            examples = False
        elif depth == 0 and folded in _RELATIVE_WORDS:
            relative = True
        elif depth == 0 and (word == "," or (word == ";" and semicolons)):
            relative = False
        elif depth == 0 and not relative and (word == ";" or folded in _LIST_END):
            break
        m = starts.get(k)
        if m is not None and (depth == 0 or examples) and not relative:
            found.append(m)
            k = m.end
            continue
        k += 1
    return found

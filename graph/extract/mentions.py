"""Mentions: spans of a parsed document that name an organisation, an event or a place.

Sources, cheapest first: capitalised spans ("Route des Lasers", "Optics Valley of China"),
French institutional names with lower-case words ("Laboratoire national d'optoélectronique de
Wuhan") taken from the POS tags, and the gazetteer of known organisations. Each span is then
typed by, in order of strength: the organisation gazetteer, a cue word before or after it
("la société X", "pôle de compétitivité X", "X Inc."), a head word of the name ("Université
de ...", "... Institute"), the place gazetteer, company-like name words ("... Systems"), and
spaCy's NER label. Untyped spans are dropped. Lists inherit the type of their cued head
("les sociétés A, B et C"). Short forms ("le pôle") are kept as references to resolve later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from spacy.attrs import ENT_TYPE, IDX, IS_SPACE, IS_STOP, LENGTH, MORPH, POS, SENT_START
from spacy.parts_of_speech import NAMES as _POS_NAMES
from spacy.tokens import Doc

from graph.extract.lexicon import Lexicon, lexicon
from graph.gazetteer import (
    KnownOrganisation,
    Place,
    demonyms,
    first_names,
    lookup_organisation,
    lookup_place,
    lookup_town,
    organisations,
    us_state_abbreviation,
)
from graph.keys import fold, lookup_key
from graph.model import ORGANISATION_TYPES, PLACE_TYPES

# Strength of the evidence for a mention's type; the strongest wins when mentions merge.
KNOWN, CUE, HEAD, PLACE, WORDS, NER, LIST, WEAK = 9, 8, 7, 6, 5, 3, 4, 1
_PUNCT_STOP = frozenset({",", ";", ":", ".", "(", ")", "«", "»", '"', "“", "”", "!", "?", "—", "–"})
_NAME_POS = frozenset({"NOUN", "PROPN", "ADJ", "X", "NUM"})
_UNITS = frozenset({"m²", "m2", "m", "km", "%", "personnes", "salaries", "entreprises",
                    "people", "employees", "companies", "exposants", "exhibitors", "euros", "€"})
_INNER_PREPS = frozenset({"en", "pour", "sur", "a", "au", "aux"})
LIST_CITY_MAX = 50_000  # a smaller town's name in a list of companies is taken as a company
_BOOTH_WORDS = frozenset({"hall", "halle", "stand", "stands", "booth", "booths", "allee", "aisle"})
# never a name alone: abbreviations of roles and units, the EU (a government), events of
# the news (Covid, Brexit), a roman numeral ("la phase IV")
_NEVER_NAMES = frozenset({"r&d", "rd", "r&d&i", "ceo", "pdg", "mou", "teu", "ia", "ai", "ndlr",
                          "co", "eu", "ue", "covid", "covid-19", "brexit", "ii", "iii", "iv", "vi",
                          "vii", "viii", "pme", "pmes", "pmi", "tpe", "eti", "sme", "smes",
                          "2g", "3g", "4g", "5g", "6g", "3d"})
# a trade's plural that names a firm only with its town: "Ateliers de Joigny"
_TRADE_HEADS = frozenset({"ateliers", "chantiers", "forges", "fonderies", "etablissements",
                          "transports", "moulins", "caves", "vignobles", "brasseries",
                          "verreries", "papeteries", "tanneries", "salins", "constructions",
                          "laboratoires", "ets", "works", "mills", "shipyards"})
_ROLE_FRONT = frozenset({"organisers", "organizers", "organiser", "organizer", "organisateur",
                         "organisateurs", "exhibition", "spokesman", "spokeswoman"})
# "Jane Doe from Kelvor", "Jean Dupont, patron de Brelvia": the word before a person's employer
_EMPLOYER_LINKS = frozenset({"from", "of", "at", "de", "du", "d'", "chez"})
_ROLE_LINKS = _EMPLOYER_LINKS | {"and", "&", "et", "the", "a", "an", "le", "la", "l'", "un", "une"}
# "Jane Doe from Glasgow said": the town after a preposition is not the speaker
_PLACE_PREPS = frozenset({"in", "at", "from", "a", "à", "en", "au", "dans", "de", "d'"})
_ROLE_MODIFIERS = frozenset({"general", "managing", "executive", "vice", "senior", "deputy",
                             "chief"})
_LEGAL_WORDS = frozenset({"ltd", "ltd.", "inc", "inc.", "plc", "llc", "gmbh", "sa", "sas", "ag",
                          "corp", "corp.", "co.", "the"})
_AGENCY_HEADS = frozenset({"executive", "authority", "agency", "board", "commission", "council",
                           "office", "administration"})
_GOVERNMENT_WORDS = frozenset({"ministere", "ministry", "government", "gouvernement",
                               "prefecture", "departement", "parliament", "parlement"})
_PORTFOLIO_LINKS = frozenset({",", "de", "des", "du", "d'", "la", "l'", "et", "and", "&", "for",
                              "of", "the"})
_FIELD_WORDS = frozenset({"research", "development", "technology", "technologies", "innovation",
                          "design", "engineering", "science", "sciences", "training",
                          "education", "testing"})
_DOCUMENT_HEADS = frozenset({"memorandum", "letter", "programme", "program", "plan", "fund",
                             "strategy", "strategie", "charter", "charte", "contrat", "contract",
                             "agreement", "prix", "trophees", "trophee", "award", "awards",
                             "project", "projects", "projet", "scheme", "initiative"})
_VERSION_WORD = re.compile(r"\d+\.\d+|(?:19|20)\d\d")  # "Industrie 4.0", "France 2030"
_VERB_TAGS = frozenset({"VERB", "AUX", ""})  # "": English is read without a tagger
_MODEL_CODE = re.compile(r"[A-Z]{0,2}-?\d{2,4}[A-Za-z]?(?:/\d{2,4})?")  # A380, F-35, 777
_INDUSTRY_WORDS = frozenset({"iron", "steel", "metal", "metals", "oil", "gas", "power", "light",
                             "chemical", "chemicals", "coal", "mining", "shipbuilding", "machinery",
                             "electric", "electronics", "food", "foods", "drink", "drinks",
                             "textile", "textiles", "paper", "pulp", "rubber", "plastics",
                             "marine", "offshore", "engineering", "construction", "logistics",
                             "shipping", "aviation", "aerospace", "defence", "defense", "energy"})
_FIRM_ENDINGS = (_LEGAL_WORDS - {"the"}) | {"co", "group", "corporation", "company", "industries",
                                            "limited"}


def _industry_pair(tv: TokenView, j: int, hi: int) -> bool:
    """Trades on both sides of "and", then a firm's ending: one company's name."""
    if j < 1 or tv.folded[j - 1] not in _INDUSTRY_WORDS or tv.folded[j + 1] not in _INDUSTRY_WORDS:
        return False
    k = j + 2
    while k < hi and k - j <= 5 and (cap_like(tv.words[k]) or tv.words[k] in (",", ".")):
        if tv.folded[k] in _FIRM_ENDINGS:
            return True
        k += 1
    return False


NUMBER_WORDS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                           "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
                           "fifty", "hundred", "hundreds", "dozens", "deux", "trois", "quatre",
                           "cinq", "sept", "huit", "neuf", "dix", "douze", "quinze", "vingt",
                           "trente", "cinquante", "cent", "centaine", "dizaine"})
_AGREEMENT_WORDS = frozenset({"mou", "mous", "memorandum", "memoranda", "agreement",
                              "agreements", "protocole", "contract", "contrat"})
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_CONTINENTS = frozenset({"europe", "asie", "asia", "afrique", "africa", "amerique", "america",
                         "oceanie", "oceania", "antarctique", "antarctica", "eurasie"})
_VENUE_TAILS = frozenset({"centre", "center", "hall", "halls", "park", "parc", "grounds",
                          "fairground", "fairgrounds", "arena", "palais", "villepinte"})
_VENUE_WORDS = frozenset({"exhibition", "exhibitions", "conference", "convention", "expositions",
                          "exposition", "congres", "congress", "expo", "events", "fair"})
_OPENING_MARKS = frozenset({"«", '"', "“", "-", "–", "—", "•", "*", "(", "'"})
_QUOTES = frozenset({"«", '"', "“"})
_POSSESSIVES = frozenset({"sa", "son", "ses", "leur", "leurs", "notre", "nos", "votre", "vos",
                          "its", "their", "our", "his", "her", "your"})
_LEGAL_FORM_CUES = frozenset({"sa", "sas"})  # also French possessives, when not capitals
_COPULAS = frozenset({"est", "etait", "sera", "reste", "devient", "is", "was", "remains",
                      "becomes", "became"})
_COPULA_LINKS = frozenset({"devenu", "devenue", "desormais", "aussi", "also", "now", "still"})
_PREDICATE_DETERMINERS = frozenset({"le", "la", "l'", "un", "une", "the", "a", "an"})
_CUE_OPENERS = frozenset({"including", "include", "such", "as", "like", "notably", "namely",
                          "comme", "notamment", "dont", "tels", "telles", "que", "qu'"})
_LIST_LINKS = frozenset({",", "et", "and", "&", "ainsi", "que", "as", "well", "ou", "or", "l'",
                         "encore"})


@dataclass
class Mention:
    start: int  # token index in the Doc, inclusive
    end: int  # exclusive
    sent: int  # sentence index
    text: str
    type: str | None = None
    strength: int = 0
    place: Place | None = None
    known: KnownOrganisation | None = None
    acronym: str | None = None  # "(WNLO)" right after the name
    short_form: bool = False  # "le pôle": a reference to an entity named elsewhere
    demonym_place: str | None = None  # "la société bordelaise X" -> "Bordeaux"
    inner_place: Mention | None = None  # "Vallée Optique de Wuhan" -> Wuhan
    split_place: Mention | None = None  # "Amplitude Systèmes de Pessac" -> Pessac, cut off
    entity: str | None = field(default=None, compare=False)  # entity id, set by the builder
    context: frozenset[str] = frozenset()  # folded words just before and inside the name


@dataclass
class TokenView:
    """Per-token attributes read once from the Doc: rules index plain lists, not spaCy objects."""

    words: list[str]
    idx: list[int]  # character offset of each token
    folded: list[str]
    pos: list[str]
    ner: list[str]
    stop: list[bool]
    finite: list[bool]  # finite verb (VerbForm=Fin): a clause, not a participle
    sent_of: list[int]
    sent_bounds: list[tuple[int, int]]

    @classmethod
    def of(cls, doc: Doc) -> TokenView:
        """One pass over numpy attribute arrays: creating a spaCy Token per attribute and
        per token cost more than all the rules together."""
        n = len(doc)
        cols = doc.to_array([IDX, LENGTH, POS, ENT_TYPE, IS_STOP, IS_SPACE, SENT_START, MORPH])
        rows = cols.tolist() if n else []
        text = doc.text
        words = [text[i:i + ln] for i, ln, *_ in rows]
        strings = doc.vocab.strings
        has_tags = doc.has_annotation("POS")
        pos = [_POS_NAMES.get(r[2], "") for r in rows] if has_tags else [""] * n
        ner = [strings[r[3]] if r[3] else "" for r in rows]
        starts = [k for k, r in enumerate(rows) if r[6] == 1 or k == 0]  # [] for no tokens
        # whitespace-only "sentences" (paragraph breaks) are skipped: the sentence before a
        # paragraph break is the previous sentence of the one after it
        bounds = [(a, b) for a, b in zip(starts, [*starts[1:], n][:len(starts)], strict=True)
                  if not all(rows[k][5] for k in range(a, b))]
        sent_of = [-1] * n
        for i, (a, b) in enumerate(bounds):
            sent_of[a:b] = [i] * (b - a)
        return cls(
            words=words,
            idx=[r[0] for r in rows],
            folded=[_fold(w) for w in words],
            pos=pos,
            ner=ner,
            stop=[bool(r[4]) for r in rows],
            finite=[_finite(strings, r[7]) for r in rows],
            sent_of=sent_of,
            sent_bounds=bounds,
        )

    @cached_property
    def datelines(self) -> list[tuple[tuple[int, int], list[list[tuple[int, int]]]]]:
        """The text's press-release datelines, read once for mentions and relations."""
        return dateline_groups(self)

    @cached_property
    def dateline_starts(self) -> frozenset[int]:
        """First tokens of the places in the datelines."""
        return frozenset(a for _, groups in self.datelines for group in groups for a, _ in group)

    @cached_property
    def programme_names(self) -> frozenset[str]:
        """Names the text gives a project or programme ("le projet européen MAGIA", "the
        Robot Highways project", "programme Horizon Europe"), folded: programmes are never
        entities (EVAL.md), and a sentence whose subject is one speaks of its parties."""
        return frozenset(" ".join(self.folded[a:b]) for a, b in programme_spans(self))

    @cached_property
    def common_acronyms(self) -> frozenset[str]:
        """Acronyms the text spells out in lower-case words ("carbon capture and storage
        (CCS)", "plan de développement international (PDI)"): abbreviations of common
        nouns, never names, wherever the text repeats them."""
        found = set()
        for k in range(2, len(self.words) - 1):
            if self.words[k - 1] != "(" or self.words[k + 1] != ")" or not acronym_like(
                self.words[k]
            ):
                continue
            for a in range(k - 2, max(-1, k - 8), -1):
                if not self.words[a].islower():
                    break
                if initials(" ".join(self.words[a:k - 1])) == self.words[k].upper() and (
                    a == 0 or not cap_like(self.words[a - 1])
                    or self.folded[a - 1] in _PREDICATE_DETERMINERS  # "Un plan de ... (PDI)"
                ):
                    found.add(self.words[k])
                    break
        return frozenset(found)

    @cached_property
    def bracketed_acronyms(self) -> frozenset[str]:
        """Capitals in brackets right after a name ("Offsite Homes Scotland (OHS)")."""
        return frozenset(self.words[a] for a in range(len(self.words))
                         if _bracketed_acronym(self, a, a + 1))


_FINITE: dict[int, bool] = {}


def _finite(strings, morph: int) -> bool:
    if morph not in _FINITE:
        _FINITE[morph] = bool(morph) and "VerbForm=Fin" in strings[morph]
    return _FINITE[morph]


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    return fold(word)


# what only an event does: "took place", "se tiendra", "a eu lieu" (folded tokens)
_HELD_PHRASES = (
    ("took", "place"), ("takes", "place"), ("will", "take", "place"), ("is", "taking", "place"),
    ("taking", "place"), ("kick", "off"), ("kicks", "off"),
    ("was", "held"), ("will", "be", "held"), ("is", "held"), ("opens", "its", "doors"),
    ("se", "tiendra"), ("se", "tient"), ("se", "tiendront"), ("s'", "est", "tenu"),
    ("s'", "est", "tenue"), ("se", "deroulera"), ("se", "deroule"), ("s'", "est", "deroule"),
    ("s'", "est", "deroulee"), ("aura", "lieu"), ("a", "eu", "lieu"), ("ouvrira", "ses", "portes"),
    ("ouvre", "ses", "portes"), ("se", "tenait"), ("se", "tenaient"), ("se", "deroulait"),
    ("avait", "lieu"), ("was", "staged"),
)


def _held_next(after: list[str]) -> bool:
    return any(tuple(after[: len(p)]) == p for p in _HELD_PHRASES)


# verbs that, after a show's name, open where it is held; too common to type a name by
# themselves ("Airbus held talks"), so only read after a name already typed as an event
_HELD_WORDS = frozenset({"held", "begins", "began", "opens", "opened", "runs", "ran", "kicks",
                         "returns", "tenu", "tenue", "deroule", "deroulee", "lieu", "tiendra",
                         "tient", "tiendront", "deroulera", "ouvre", "ouvrira"})


# "State of", "Province de": words that name an area by its own name
_AREA_NOUNS = frozenset({"state", "province", "prefecture", "region", "county", "canton",
                         "land", "emirate", "governorate", "kingdom", "republic", "sultanate",
                         "etat", "comte", "royaume", "republique", "emirat"})


def held_verb_end(folded: list[str], k: int) -> int | None:
    """Where a verb of holding that starts at token k ends ("se tiendra", "takes place",
    "begins"), else None."""
    for phrase in _HELD_PHRASES:
        if tuple(folded[k:k + len(phrase)]) == phrase:
            return k + len(phrase)
    return k + 1 if k < len(folded) and folded[k] in _HELD_WORDS else None


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_ORDINAL = re.compile(r"^(?:\d{1,3}(?:e|eme|er|re|st|nd|rd|th)|premier|premiere|deuxieme|"
                      r"troisieme|quatrieme|cinquieme|sixieme|septieme|huitieme|neuvieme|"
                      r"dixieme|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
                      r"tenth)$")
_EVENT_CONTEXT = frozenset({"salon", "salons", "edition", "exposants", "exposant", "stand",
                            "stands", "visiteurs", "show", "fair", "exhibitors", "exhibitor",
                            "booth", "visitors", "exhibition"})


def _ordinal_before(tv: TokenView, a: int, b: int) -> bool:
    """"ce quatrième EspritMeuble.", "the 10th Brenmoor, held ...": a numbered edition; not
    "the second Toyota plant", where a common noun follows."""
    if a == 0 or not _ORDINAL.match(tv.folded[a - 1]):
        return False
    if b >= len(tv.words):
        return True
    following = tv.words[b]
    return not (following.isalpha() and following.islower()) or tv.folded[b] in (
        "se", "will", "is", "was", "sera", "a", "has", "aura", "takes", "took")


def _edition_year_after(tv: TokenView, a: int, b: int) -> bool:
    """"leur présence sur EspritMeuble 2015": a name and a year, in a sentence about a show."""
    if b >= len(tv.words) or not _YEAR_WORD.fullmatch(tv.words[b]):
        return False
    lo = next(k for k in range(a, -1, -1) if k == 0 or tv.sent_of[k - 1] != tv.sent_of[a])
    hi = next((k for k in range(b, len(tv.words)) if tv.sent_of[k] != tv.sent_of[a]),
              len(tv.words))
    return any(w in _EVENT_CONTEXT for w in tv.folded[lo:hi])


_NAME_PARTICLES = frozenset({"de", "du", "d'", "von", "van", "der", "den", "da", "di", "del",
                             "le"})
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý]?[a-zà-ÿ'’]+)*")


def _name_shaped(words: list[str]) -> bool:
    """Words as a person's name is written: "Jane", "Martinez-Coll", "Jung-Son"; not
    acronyms, brands with inner capitals or digits."""
    return all(_NAME_WORD.fullmatch(w) for w in words)


def cap_like(word: str) -> bool:
    first = word[:1]
    if first.isupper():
        return True
    # iXBlue, eXtreme, 3D-Optics, 4G: an inner capital makes a brand
    return (len(word) > 2 or word[:1].isdigit()) and word[0].isalnum() and any(
        ch.isupper() for ch in word[1:])


def acronym_like(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    uppers = sum(ch.isupper() for ch in letters)
    return 2 <= len(letters) <= 10 and uppers >= max(2, len(letters) - 1)


class MentionFinder:
    def __init__(self, lex: Lexicon, has_parse: bool) -> None:
        self.lex = lex
        self.has_parse = has_parse
        self.demonyms = demonyms()

    # ---- candidate spans -------------------------------------------------------------
    def find(self, doc: Doc, tv: TokenView) -> list[Mention]:
        spans: list[tuple[int, int]] = []
        for sent_start, sent_end in tv.sent_bounds:
            spans.extend(self._capitalised_spans(tv, sent_start, sent_end))
        if self.has_parse:
            spans.extend(self._institution_spans(tv))
        spans.extend(_known_spans(tv))
        spans.extend(_bracketed_expansions(tv))
        spans.extend(_expansions_before_acronym(tv))
        if self.lex.lang == "fr":
            spans.extend(self._french_event_spans(tv))
        spans = [_with_legal_tail(tv, *_with_spaced_town(tv, a, b)) for a, b in spans]
        chosen = self._without_government_lists(tv, _non_overlapping(spans))
        chosen = [part for span in chosen for part in self._known_after_of(tv, *span)]
        chosen = [part for span in chosen for part in self._person_of_employer(tv, *span)]
        chosen = [part for span in chosen for part in self._institution_of_institution(tv, *span)]
        chosen = [part for span in chosen for part in _split_at_legal_form(tv, *span)]
        chosen = self._without_dropped_acronyms(tv, chosen)
        chosen = [self._trim_roles(tv, a, b) for a, b in chosen]
        chosen = [(a, b - 1) if b - a >= 2 and _YEAR_WORD.fullmatch(tv.words[b - 1]) else (a, b)
                  for a, b in chosen]  # "EspritMeuble 2015": one show, whatever the edition
        chosen = [_before_date(tv, a, b) for a, b in chosen]
        chosen = self._with_datelines(tv, chosen)
        chosen, people = self._without_people(tv, chosen)
        employers = self._employers(tv, people, chosen)
        chosen = self._without_page_furniture(doc.text, tv, chosen)
        mentions = [self._mention(doc, tv, a, b) for a, b in chosen if a < b]
        mentions = [m for m in mentions if m is not None]
        for m in mentions:
            # "président de Mov'eo Haute-Normandie": a branch named by its place is no company
            if m.start in employers and m.type in (None, "Company?") and not (
                m.known or m.place or lookup_place(m.text) or lookup_place(tv.words[m.end - 1])
            ):
                m.type, m.strength = "Company", CUE
        self._type_lists_before_cue(tv, mentions)
        openers = self._ordinary_openers(tv, mentions)
        mentions = [m for m in mentions if id(m) not in openers and not self._common_noun(tv, m)]
        self._attach_acronyms(tv, mentions)
        self._type_lists(tv, mentions)
        self._type_lists_with_known_firms(tv, mentions)
        self._type_towns_among_firms(tv, mentions)
        self._type_bracket_lists_after_place(tv, mentions)
        self._type_gathering_subjects(tv, mentions)
        generic = [m for m in mentions if "".join(tv.folded[m.start:m.end]) in _NEVER_NAMES
                   or _lone_first_name(tv, m) or _model_code(m)]
        mentions = [m for m in mentions if m not in generic] + [  # "une PME de Villejuif"
            m.split_place for m in generic if m.split_place is not None]
        typed = [m for m in mentions if m.type and m.type != "PER" and not (
            not m.known and " ".join(tv.folded[m.start:m.end]) in tv.programme_names)]
        typed.extend(self._short_forms(tv, typed))
        typed.sort(key=lambda m: m.start)
        return typed

    def _without_page_furniture(self, text: str, tv: TokenView, spans: list[tuple[int, int]]
                                ) -> list[tuple[int, int]]:
        """Saved web pages keep their cookie banner, login form, paywall and photo credits:
        "Vous commentez à l'aide de votre compte Twitter", "© Renault". A name there is no
        fact of the article."""
        furniture = {i for i, (a, b) in enumerate(tv.sent_bounds)
                     if self._furniture(text, tv, a, b)}
        return [(a, b) for a, b in spans
                if tv.sent_of[a] not in furniture and not self._credited(text, tv, a)]

    def _furniture(self, text: str, tv: TokenView, a: int, b: int) -> bool:
        if b - a <= 3 and tv.folded[a] in ("photo", "image", "video"):
            return True  # "Photo Google": the label of a login button
        sentence = fold(text[tv.idx[a]:tv.idx[b - 1] + len(tv.words[b - 1])])
        return any(phrase in sentence for phrase in self.lex.page_furniture)

    def _credited(self, text: str, tv: TokenView, a: int) -> bool:
        line_start = text.rfind("\n", 0, tv.idx[a]) + 1
        before = fold(text[max(line_start, tv.idx[a] - 16):tv.idx[a]])
        return before.endswith(self.lex.credit_marks)

    def _capitalised_spans(self, tv: TokenView, lo: int, hi: int) -> list[tuple[int, int]]:
        words, folded, lex = tv.words, tv.folded, self.lex
        spans = []
        i = lo
        while i < hi:
            if not cap_like(words[i]) or words[i] in _PUNCT_STOP:
                i += 1
                continue
            j = i + 1
            while j < hi:
                if cap_like(words[j]) and words[j] not in _PUNCT_STOP:
                    j += 1
                    continue
                if words[j][:1].isdigit() and not any(c.islower() for c in words[j]) and (
                    j + 1 >= hi or tv.folded[j + 1] not in _UNITS
                ):
                    j += 1  # "Cosmetic 360", "Industrie 4.0"
                    continue
                k = j
                if self._possessive_link(tv, i, j, hi):
                    j += 2  # "Lloyd's Register"
                    continue
                if self._hyphen_link(tv, j, hi):
                    j += 3
                    continue
                if self._slash_link(tv, j, hi):
                    j += 2  # "BlasCymru/TasteWales"
                    continue
                link = self._and_link(tv, i, j, hi)
                if link:
                    j += link
                    continue
                if folded[k] in lex.connectors:
                    k += 1
                    while k < hi and folded[k] in lex.connector_articles:
                        k += 1
                    if k < hi and cap_like(words[k]) and k > j:
                        j = k + 1
                        continue
                break
            a = i
            while a < j and (
                folded[a] in lex.stop_leading or self._leading_function_word(tv, a, lo)
                or _nationality_front(tv, lex, a, j)
            ) and not self._town_article(tv, a, j, lo) and not _known_from(tv, a, j):
                a += 1
            if a < j and cap_like(words[a]):
                while a - 2 >= lo and self._glued_prefix(tv, a):
                    a -= 2  # "i-Trans", "e-Health Valley"
                spans.append((a, j))
            i = j
        return spans

    def _not_a_name(self, tv: TokenView, a: int, b: int) -> bool:
        """Hall and booth numbers ("Hall 4", "Stand E7", "Booth 2101") and words that are
        never names alone ("R&D", a person's role)."""
        first = tv.folded[a]
        if first in _BOOTH_WORDS and any(ch.isdigit() for w in tv.words[a + 1:b] for ch in w):
            return True
        text = "".join(tv.folded[a:b]).replace(" ", "")
        if text in _NEVER_NAMES or (b - a == 1 and first in self.lex.person_roles):
            return True
        if sum(ch.isalpha() for ch in text) <= 1 or any(ch in text for ch in "€$£+%"):
            return True  # "B", "M€", "R+4"
        if all(w in _LEGAL_WORDS for w in tv.folded[a:b]):
            return True  # "Ltd."
        if any(w in _GOVERNMENT_WORDS for w in tv.folded[a:b]):
            return True  # ministries and governments are out of the schema
        if self._document_name(tv, a, b):
            return True
        if all(w in self.lex.not_names for w in tv.folded[a:b] if w != "-"):
            return True  # "French-Italian": nationalities
        if b - a >= 2 and tv.folded[a] in NUMBER_WORDS:
            return True  # "Sixteen Global Fortune 500 companies": a count
        parts = re.split(r"\s*/\s*|\s+[-–]\s+", " ".join(tv.words[a:b]))
        if len(parts) >= 2 and all(lookup_place(part) is not None for part in parts):
            return True  # "Nantes - Saint-Nazaire": two places
        return b - a >= 2 and bool(_MODEL_CODE.fullmatch(tv.words[b - 1])) and not (
            _YEAR_WORD.fullmatch(tv.words[b - 1])  # "Airbus A380", "Boeing 777": products,
        ) and lookup_organisation(" ".join(tv.words[a:b])) is None  # not "Cosmetic 360"

    @staticmethod
    def _without_government_lists(tv: TokenView, spans: list[tuple[int, int]]
                                  ) -> list[tuple[int, int]]:
        """"ministère de l'Économie, des Finances et de l'Industrie", "Ministry for Energy,
        Climate Protection and Agriculture": the portfolios listed after a ministry are part
        of its name, not organisations."""
        kept, government_end = [], None
        for a, b in sorted(spans):
            gap = tv.folded[government_end:a] if government_end is not None else None
            if any(w in ("ministere", "ministry") for w in tv.folded[a:b]) or (
                gap is not None and len(gap) <= 4 and all(w in _PORTFOLIO_LINKS for w in gap)
            ):
                government_end = b
                continue
            government_end = None
            kept.append((a, b))
        return kept

    def _without_dropped_acronyms(self, tv: TokenView, spans: list[tuple[int, int]]
                                  ) -> list[tuple[int, int]]:
        """The spans that are names; the acronym of a dropped one ("Letter of Intent
        (LOI)") goes with it, wherever the article repeats it."""
        dropped = [(a, b) for a, b in spans if self._not_a_name(tv, a, b)]
        acronyms = {
            tv.words[b + 1] for _, b in dropped
            if b + 2 < len(tv.words) and tv.words[b] == "(" and tv.words[b + 2] == ")"
            and acronym_like(tv.words[b + 1])
        }
        acronyms |= tv.common_acronyms
        return [(a, b) for a, b in spans if (a, b) not in dropped
                and not (b - a == 1 and tv.words[a] in acronyms)]

    def _known_after_of(self, tv: TokenView, a: int, b: int) -> list[tuple[int, int]]:
        """"l'Assemblée générale de Minalogic", "la R&D de Medicen": a capitalised phrase
        "X de <organisation>" names a part or an act of that organisation, unless X is a
        name head ("Institut", "Pôle") or the whole phrase or X is a known name."""
        if lookup_organisation(" ".join(tv.words[a:b])) is not None:
            return [(a, b)]
        for k in range(a + 1, b - 1):
            if tv.folded[k] not in ("de", "d'", "du", "of"):
                continue
            t = k + 1
            while t < b and tv.folded[t] in self.lex.connector_articles:
                t += 1
            if t >= b or not self._name_elsewhere(tv, t, b):
                continue
            if self._generic_word(tv.folded[a]) or lookup_organisation(
                " ".join(tv.words[a:k])
            ):
                return [(a, b)]
            return [(t, b)]
        return [(a, b)]

    def _person_of_employer(self, tv: TokenView, a: int, b: int) -> list[tuple[int, int]]:
        """"Andrew Hale of Kelvor Ports" read as one name: a person's name before "of"
        is a person, and the rest their employer's name."""
        for k in range(a + 2, min(a + 4, b - 1)):
            if tv.folded[k] not in ("of", "de", "d'") or not cap_like(tv.words[k + 1]):
                continue
            if tv.folded[a] in first_names() and self._person_name(tv, a, k):
                return [(a, k), (k + 1, b)]
        return [(a, b)]

    def _institution_of_institution(self, tv: TokenView, a: int, b: int
                                    ) -> list[tuple[int, int]]:
        """"Kelvin Center for Laser Processing of Materials of Tarvel University": a lab
        of another institution, each with a head word of its own, is two names."""
        if self.lex.lang != "en" or lookup_organisation(" ".join(tv.words[a:b])) is not None:
            return [(a, b)]
        heads = self.lex.name_heads
        for k in range(b - 2, a + 1, -1):
            if tv.folded[k] != "of" or not cap_like(tv.words[k + 1]):
                continue
            tail = tv.folded[k + 1:b]
            own_head = any(f in heads["Lab"] or f in heads["Cluster"] for f in tv.folded[a:k])
            if own_head and len(tail) > 1 and any(f in heads["Lab"] for f in tail[:3]):
                return [(a, k), (k + 1, b)]
        return [(a, b)]

    def _name_elsewhere(self, tv: TokenView, t: int, b: int) -> bool:
        """A known organisation, or one capitalised word, not a place, that the article also
        uses alone."""
        tail = " ".join(tv.words[t:b])
        if lookup_organisation(tail) is not None:
            return True
        if b - t > 1 or len(tail) <= 2 or not cap_like(tail) or lookup_place(tail):
            return False
        return any(
            w == tail and k != t and k > 0 and not cap_like(tv.words[k - 1])
            and tv.folded[k - 1] not in self.lex.connectors
            and tv.folded[k - 1] not in self.lex.connector_articles
            for k, w in enumerate(tv.words)
        )

    def _document_name(self, tv: TokenView, a: int, b: int) -> bool:
        """Agreements, programmes, plans, funds and awards ("Memorandum of Understanding", "MoUs",
        "Programme de Partenariat Technologique", "Places Fund", "France 2030",
        "Industrie 4.0") are named things out of the schema, unless the gazetteer knows the
        name as an organisation."""
        folded = tv.folded[a:b]
        heads = (folded[0], folded[-1]) if self.lex.lang == "en" else (folded[0],)
        versioned = b - a == 2 and bool(_VERSION_WORD.fullmatch(tv.words[b - 1])) and (
            "." in tv.words[b - 1] or lookup_place(tv.words[a]) is not None
        )
        deal = any(f in _AGREEMENT_WORDS for f in folded)  # "MoUs", "X Agreement for Y"
        if not versioned and not deal and not (
            b - a >= 2 and any(h in _DOCUMENT_HEADS for h in heads)
        ):
            return False
        return lookup_organisation(" ".join(tv.words[a:b])) is None

    def _trim_roles(self, tv: TokenView, a: int, b: int) -> tuple[int, int]:
        """"Organisers Reed Exhibitions", "Mayor Jane Doe": a role word in front is no part
        of the name."""
        start = a
        while a < b - 1 and (tv.folded[a] in self.lex.person_roles
                             or tv.folded[a] in _ROLE_FRONT or self._role_modifier(tv, a, b)
                             or (a > start and tv.folded[a] in _ROLE_MODIFIERS)):
            a += 1  # "Director General of X": a modifier after the role is the role's
            while a < b - 1 and tv.folded[a] in self.lex.connectors:
                a += 1  # "MD of Hamburg Aviation"
        for k in range(a + 1, b):
            if tv.folded[k] in self.lex.person_roles and tv.words[k][:1].isupper() and not (
                k + 1 == b and tv.folded[k] in _AGENCY_HEADS
            ):  # "the Health and Safety Executive" ends on its head, no one's role
                return a, k  # "Medical Alley Association CEO Jane Doe"
        return a, b

    def _role_modifier(self, tv: TokenView, a: int, b: int) -> bool:
        """"Managing Director", "Vice President": a modifier of a role, not "General Motors"
        or "Executive Jet"."""
        k = a
        while k < b - 1 and tv.folded[k] in _ROLE_MODIFIERS:
            k += 1
        return k > a and tv.folded[k] in self.lex.person_roles

    def _without_people(self, tv: TokenView, spans: list[tuple[int, int]]
                        ) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
        """People are out of the schema: a name next to a person's role ("ERBI chief Jane
        Doe", "Dr Martinez", "John Smith, the president of ..."), a common first name and a
        surname, and that surname alone elsewhere in the article ("..., Smith said")."""
        people = {span for span in spans if self._person_name(tv, *span)}
        starts = {a: (a, b) for a, b in spans}
        for _, b in list(people):  # "Michael de Lagarde" read as two names: one person
            k = b
            while k < len(tv.folded) and k - b < 2 and tv.folded[k] in _NAME_PARTICLES:
                k += 1
            if k > b and k in starts:
                people.add(starts[k])
        # the last word, or the first where the family name comes first ("Wu Jun ... said Wu")
        surnames = {tv.folded[k] for a, b in people for k in {a, b - 1}
                    if b - a >= 2 or (a > 1 and tv.folded[a - 1] in _NAME_PARTICLES)}
        kept = [
            (a, b) for a, b in spans
            if (a, b) not in people and not (
                b - a == 1 and tv.folded[a] in surnames and _name_shaped(tv.words[a:b])
                and lookup_organisation(tv.words[a]) is None
            )
        ]
        return kept, people

    def _employers(self, tv: TokenView, people: set[tuple[int, int]],
                   spans: list[tuple[int, int]]) -> set[int]:
        """"Neil Brodie from Kelvor Foods said", "Jane Doe, chief executive of Holmir",
        "Jean Dupont, patron de Brelvia": the name a person speaks for is an organisation's.
        Returns the first tokens of those names."""
        starts = {a for a, _ in spans}
        found = set()
        for _, b in people:
            k = b
            if k < len(tv.words) and tv.words[k] == ",":
                k += 1
                while k < len(tv.words) and k - b <= 7 and (
                    tv.folded[k] in self.lex.person_roles or tv.folded[k] in _ROLE_LINKS
                    or tv.folded[k] in _ROLE_MODIFIERS
                ):
                    k += 1
                if k == b + 1:
                    continue  # "Jane Doe, Kelvor and ...": a list, not a role
                k -= 1  # the role's own "of" links to the employer
            if k < len(tv.words) and tv.folded[k] in _EMPLOYER_LINKS and k + 1 in starts:
                found.add(k + 1)
        return found

    def _person_name(self, tv: TokenView, a: int, b: int) -> bool:
        words = tv.words[a:b]
        inner = " ".join(w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and (
            fold(w) in _NAME_PARTICLES))).replace(" - ", "-").split()  # "Michael de Lagarde"
        if not (1 <= len(inner) <= 3 and b - a <= 6 and _name_shaped(inner)):
            return False
        text = " ".join(words)
        if lookup_organisation(text) is not None or lookup_place(text) is not None or any(
            self._generic_word(f) or f in self.lex.not_names for f in tv.folded[a:b]
        ) or self._company_word_after(tv, a, b):
            return False
        roles = self.lex.person_roles
        r = a - 2 if a > 1 and tv.words[a - 1] == "," else a - 1  # "vice president, Jane Doe,"
        role_before = r >= 0 and tv.folded[r] in roles and (
            tv.words[r].islower() or tv.folded[r] in ("dr", "mr", "mrs", "ms", "m.")
        )
        after = tv.folded[b:b + 4]
        role_after = after[:1] == [","] and any(f in roles for f in after[1:3]) and (
            after[1] in roles or after[1] in ("the", "a", "an", "le", "la", "l'", "un", "une",
                                              "our", "notre")
        )
        first_name = tv.folded[a] in first_names() and (b - a >= 2 or (
            b < len(tv.folded) and tv.folded[b] in _NAME_PARTICLES
            and b + 1 < len(tv.words) and _name_shaped(tv.words[b + 1:b + 2])
        ))
        return role_before or role_after or (first_name and self._no_company_cue(tv, a))

    def _no_company_cue(self, tv: TokenView, a: int) -> bool:
        """"la société Pierre Fabre": a cue makes a founder's name a company's; but "the show's
        organiser Jane Doe" is a person, as a single organiser with a first name."""
        k, cue, _ = self._cue_token_before(tv, a)
        return cue is None or (k is not None and tv.folded[k] in ("organiser", "organizer",
                                                                  "organisateur"))

    def _company_word_after(self, tv: TokenView, a: int, b: int) -> bool:
        """"Edward Taylor Textiles", "John Lewis Partnership Ltd": a company word after the
        first name makes the whole a company's name, not a person's."""
        words = self.lex.name_words.get("Company")
        return words is not None and any(f in words for f in tv.folded[a + 1:b])

    def _ordinary_openers(self, tv: TokenView, mentions: list[Mention]) -> set[int]:
        """A lone capitalised word opening a sentence, a heading or a list line is read as a
        name only with evidence of its own (gazetteer, cue, head word, place) or when the
        text also capitalises it elsewhere: "Reconduits jusqu'en 2022", "Typically, ..."."""
        starts = {lo for lo, _ in tv.sent_bounds}
        elsewhere: dict[str, int] = {}
        for k, word in enumerate(tv.words):
            if cap_like(word) and not self._opens(tv, k, starts):
                elsewhere[word] = elsewhere.get(word, 0) + 1
        dropped = set()
        # "Kelvora Minerals Group signed ... Kelvora has also signed": a first word of a
        # longer name named before is that name's short form, not an ordinary opener
        first_words = {tv.words[m.start]: m.start for m in reversed(mentions)
                       if m.end - m.start >= 2}
        listed_towns: dict[int, int] = {}
        for m in mentions:
            if m.split_place is not None:
                listed_towns[m.sent] = listed_towns.get(m.sent, 0) + 1
        by_start = {m.start: m for m in mentions}
        for m in mentions:
            if m.end - m.start != 1 or m.strength >= PLACE or m.known is not None:
                continue
            if first_words.get(tv.words[m.start], m.start) < m.start:
                continue
            if m.split_place is not None and listed_towns.get(m.sent, 0) >= 2:
                continue  # "Aeriades de Lunéville, ASP d'Eulmont": the towns are evidence
            k = m.start
            word = tv.words[k]
            if acronym_like(word) or (len(word) > 2 and any(ch.isupper() for ch in word[1:])):
                continue
            if self._opens(tv, k, starts) and not elsewhere.get(word) and not (
                self._placed(tv, m, by_start, True) or self._place_in_brackets_after(tv, m.end)
                or self._acting_name(tv, m)
            ):  # "Inspur, based in Jinan, ...", "Kelvora (Lyon / France)": a seat is evidence
                dropped.add(id(m))
        return dropped

    def _common_noun(self, tv: TokenView, m: Mention) -> bool:
        """"une Chambre de commerce", "la Bourse algérienne", "un Système productif": in
        French, a lone capitalised noun that a lowercase adjective or "de <noun>" continues is
        a common noun phrase, not a name (the tagger reads the capital word as a noun)."""
        k = m.start
        if self.lex.lang != "fr" or m.end - k != 1 or m.known or m.strength > NER:
            return False
        if tv.pos[k] not in ("NOUN", "VERB", "ADJ") or acronym_like(tv.words[k]):
            return False
        nxt = k + 1
        if nxt >= len(tv.words) or tv.sent_of[nxt] != tv.sent_of[k]:
            return False
        if tv.folded[nxt] in ("de", "d'", "du") and nxt + 1 < len(tv.words):
            return tv.words[nxt + 1].isalpha() and tv.words[nxt + 1].islower()
        return tv.pos[nxt] == "ADJ" and tv.words[nxt].isalpha() and tv.words[nxt].islower()

    def _opens(self, tv: TokenView, k: int, starts: set[int]) -> bool:
        """Whether a capital at word k may be the sentence's, not a name's: at its start,
        after its opening mark, or after a possessive ("Sa Stratégie vise l'export")."""
        return k in starts or self._after_opening_mark(tv, k, starts) or (
            k > 0 and tv.folded[k - 1] in _POSSESSIVES)

    @staticmethod
    def _after_opening_mark(tv: TokenView, k: int, starts: set[int]) -> bool:
        """The first word after a sentence's opening quote, dash or bullet, or after a quote
        that a colon opens ("Sa mission : « Stimuler l'innovation »": a quoted sentence)."""
        j = k - 1
        while j >= 0 and tv.words[j] in _OPENING_MARKS:
            if j in starts or (tv.words[j] in _QUOTES and j > 0 and tv.words[j - 1] == ":"):
                return True
            j -= 1
        return False

    @staticmethod
    def _glued_prefix(tv: TokenView, a: int) -> bool:
        w, idx = tv.words, tv.idx
        return (
            w[a - 1] == "-" and w[a - 2].isalnum() and len(w[a - 2]) <= 3
            and idx[a - 2] + len(w[a - 2]) == idx[a - 1] and idx[a - 1] + 1 == idx[a]
        )

    @staticmethod
    def _hyphen_link(tv: TokenView, j: int, hi: int) -> bool:
        """"Issy-les-Moulineaux", "Île-de-France" tokenised around the hyphens."""
        w = tv.words
        return j + 3 < hi + 1 and j + 2 < len(w) and w[j] == "-" and w[j + 1].islower() and (
            j + 3 < len(w) and w[j + 2] == "-" and cap_like(w[j + 3])
        )

    @staticmethod
    def _town_article(tv: TokenView, a: int, j: int, lo: int) -> bool:
        """"Gléhen (Le Guilvinec)", "à La Roche-sur-Foron": a capitalised article, in
        brackets or after "à", "de", that is part of a town's name."""
        slot = a > lo and (tv.words[a - 1] == "(" or tv.folded[a - 1] in ("a", "de", "pres"))
        return (slot and tv.folded[a] in ("le", "la", "les")
                and tv.words[a][:1].isupper() and j - a == 2
                and lookup_town(" ".join(tv.words[a:j])) is not None)

    @staticmethod
    def _slash_link(tv: TokenView, j: int, hi: int) -> bool:
        """"BlasCymru/TasteWales": two names glued by a slash are one (a bilingual or joint
        name); "Lyon / Paris", with spaces, and "(Piémont/Italie)", two places, stay two."""
        w, idx = tv.words, tv.idx
        return (j + 1 < hi and w[j] == "/" and cap_like(w[j + 1])
                and idx[j] == idx[j - 1] + len(w[j - 1]) and idx[j + 1] == idx[j] + 1
                and not (lookup_place(w[j - 1]) and lookup_place(w[j + 1])))

    def _show_after_and(self, tv: TokenView, i: int, j: int, hi: int) -> bool:
        """One ordinary word, "and", then at most two capitalised words that end on a show
        word: the name of a show ("Food and Drink Expo"), not a firm and a show."""
        left = [k for k in range(i, j) if tv.folded[k] not in self.lex.stop_leading]
        word = tv.words[left[0]] if len(left) == 1 else ""
        if not word.isalpha() or word.isupper() or any(f(word) for f in (
            lookup_organisation, lookup_place
        )):
            return False  # "E3 and Tokyo Games Show", "Siemens and Hannover Messe": two
        event_words = self.lex.name_words["Event"]
        for k in range(j + 1, min(hi, j + 4)):
            if not cap_like(tv.words[k]):
                return False
            if tv.folded[k] in event_words and k > j + 1:
                return True
        return False

    def _and_link(self, tv: TokenView, i: int, j: int, hi: int) -> int:
        """"Fraunhofer Institute for Machine Tools and Forming Technology": "and" inside an
        institution's name (a Lab or Cluster head word already in the span). Returns how
        many tokens the link spans (0: no link)."""
        if tv.folded[j] not in ("and", "et", "&") or j + 1 >= hi:
            return 0
        k = j + 1
        if tv.folded[k] in ("de", "d'", "du", "des"):  # "Institut X du Textile et de l'Habillement"
            k += 1
            while k < hi and tv.folded[k] in self.lex.connector_articles:
                k += 1
            if k < hi and cap_like(tv.words[k]) and any(
                tv.folded[m] in self.lex.name_heads["Lab"] for m in range(i, j)
            ):
                return k - j
            return 0
        if not cap_like(tv.words[j + 1]):
            return 0
        if _industry_pair(tv, j, hi):
            return 1  # "Rizhao Iron and Steel Co., Ltd.": two trades in one firm's name
        if self._show_after_and(tv, i, j, hi):
            return 1  # "Food and Drink Expo 2004": one show's name
        if j - i == 1 and tv.words[i].isalpha() and tv.words[j + 1].isalpha() and (
            j + 2 < hi and tv.folded[j + 2] in _AGENCY_HEADS
        ) and not any(f(tv.words[i]) for f in (lookup_organisation, lookup_place)):
            return 1  # "the Health and Safety Executive": two fields, then an agency's head
        if _list_inner_and(tv, i, j, hi):
            return 1  # "A, Turgis et Gaillard, B": "and" inside one item of a list
        heads = (self.lex.name_heads["Lab"], self.lex.name_heads["Cluster"])
        head_at = next((k for k in range(i, j) if any(tv.folded[k] in h for h in heads)), None)
        if head_at is None and self._field_then_head(tv, j + 1, hi, heads):
            return 1  # "Shanghai Ship Design and Research Institute": one head-final name
        if head_at is None or not any(tv.folded[k] in self.lex.connectors and tv.folded[k] != "-"
                                      for k in range(head_at + 1, j)):
            return 0  # "Institute for Machine Tools and ...", not "Cluster and ..." nor
            # "Cluster Auvergne Rhône-Alpes et Aériades" (a hyphen joins one word)
        if acronym_like(tv.words[j + 1]):
            return 0  # "University of Strasbourg and SINTEF": two organisations
        last = max(k for k in range(head_at + 1, j) if tv.folded[k] in self.lex.connectors)
        if lookup_place(" ".join(tv.words[last + 1:j])):
            return 0  # "l'Université de Lyon et Kelvora": a name that ends on its town
        k = j + 1
        while k < hi and cap_like(tv.words[k]):
            if any(tv.folded[k] in h for h in heads):
                return 0  # "... and Ocean Hyway Cluster": a second organisation
            k += 1
        if self._plural_cue_before(tv, i):
            return 0  # "engineering firms Maritime Center of Excellence and Scan Projekt"
        before = i - 1 if i > 0 and tv.folded[i - 1] in ("the", "le", "la", "l'") else i
        if before > 0 and tv.words[before - 1] == "," and not any(
            tv.folded[x] in ("and", "et") for x in range(k, hi)
        ) and tv.folded[k - 1] not in _FIELD_WORDS:
            return 0  # "A, B, Maritime Center of Excellence and Scan Projekt": the list's "and"
        return 1

    def _possessive_link(self, tv: TokenView, i: int, j: int, hi: int) -> bool:
        """"Lloyd's Register", "Moody's Analytics": an English possessive inside a name,
        where neither side is a place ("China's Huawei", "Airbus's Toulouse plant")."""
        if self.lex.lang != "en" or tv.folded[j] not in ("'s", "’s") or j + 1 >= hi:
            return False
        if not cap_like(tv.words[j + 1]) or tv.words[j + 1] in _PUNCT_STOP:
            return False
        owner = " ".join(tv.words[i:j])
        if any(self._generic_word(w) for w in tv.folded[i:j]):
            return False  # "the University of Aberdeen's Rowett Institute": two names
        if owner.replace(".", "").isupper() or self._institution_follows(tv, j + 1, hi):
            return False  # "WSU's National Institute for ...", "the Army's Research Center"
        return lookup_place(owner) is None and lookup_organisation(owner) is None and (
            lookup_place(tv.words[j + 1]) is None and tv.folded[i] not in self.demonyms
        )

    @staticmethod
    def _named_venue(tv: TokenView, a: int, b: int) -> bool:
        """"the Fira Gran Via venue", "Eurexpo Lyon", "Parc Chanot": a venue named by the
        word after it or by a venue word opening it."""
        return (b < len(tv.folded) and tv.folded[b] in ("venue", "venues")) or (
            tv.folded[a] in _VENUE_HEADS and b - a > 1)

    def _institution_follows(self, tv: TokenView, k: int, hi: int) -> bool:
        """A lab, cluster or event head word in the capitalised words from k on."""
        heads = [self.lex.name_heads[t] for t in ("Lab", "Cluster", "Event")
                 if t in self.lex.name_heads]
        while k < hi and (cap_like(tv.words[k]) or tv.folded[k] in self.lex.connectors):
            if any(tv.folded[k] in words for words in heads):
                return True
            k += 1
        return False

    def _field_then_head(self, tv: TokenView, k: int, hi: int, heads) -> bool:
        """English only: after "and", a field word ("Research", "Technology") opening a
        capitalised run that ends on an institution head word."""
        if self.lex.lang != "en" or tv.folded[k] not in _FIELD_WORDS:
            return False
        end = k
        while end < hi and cap_like(tv.words[end]):
            end += 1
        return end - k >= 2 and any(tv.folded[end - 1] in h for h in heads)

    def _leading_function_word(self, tv: TokenView, i: int, sent_start: int) -> bool:
        # A capitalised sentence opener that is a verb, pronoun, adverb... is not a name.
        return i == sent_start and tv.pos[i] in {"DET", "ADP", "PRON", "ADV", "CCONJ", "SCONJ",
                                                   "AUX", "VERB", "PUNCT"}

    def _institution_spans(self, tv: TokenView) -> list[tuple[int, int]]:
        """French institutional names with lower-case words: "Laboratoire national
        d'optoélectronique de Wuhan (WNLO)". Kept only when they end on a capitalised word or
        are followed by an acronym in brackets, so "le laboratoire chinois" stays a common noun."""
        lex, words, folded, pos = self.lex, tv.words, tv.folded, tv.pos
        heads = lex.name_heads
        spans = []
        n = len(words)
        for i, f in enumerate(folded):
            if not any(f in heads[t] for t in ("Lab", "Cluster", "Event")):
                continue
            if i + 1 >= n or (cap_like(words[i + 1]) and folded[i + 1] not in lex.connectors):
                continue  # plain capitalised names are found by _capitalised_spans
            j, last_good = i + 1, i
            while j < n and j - i <= 16:
                w, p = words[j], pos[j]
                if folded[j] in lex.connectors or folded[j] in lex.connector_articles:
                    j += 1
                    continue
                if folded[j] in ("et", "and") and j + 1 < n and folded[j + 1] in lex.connectors:
                    j += 1  # "Salon international de l'aéronautique et de l'espace"
                    continue
                if folded[j] in _INNER_PREPS and j + 1 < n and pos[j + 1] in ("NOUN", "DET"):
                    j += 1  # "Centre international de recherche en infectiologie"
                    continue
                if w in _PUNCT_STOP or p not in _NAME_POS or tv.sent_of[j] != tv.sent_of[i]:
                    break
                if cap_like(w) and j > i + 1 and folded[j - 1] not in lex.connectors and not (
                    cap_like(words[j - 1])
                ) and folded[j - 1] not in lex.connector_articles:
                    break  # "le cluster québécois Aéro Montréal": the name starts at "Aéro"
                last_good = j
                j += 1
            end = last_good + 1
            if end - i < 2:
                continue
            bracket_acronym = (
                end + 2 < n and words[end] == "(" and acronym_like(words[end + 1])
                and words[end + 2] == ")"
            )
            if cap_like(words[end - 1]) or bracket_acronym:
                spans.append((i, end))
        return spans

    # ---- typing ----------------------------------------------------------------------
    def _acronym_town(self, tv: TokenView, a: int, b: int, place: Place) -> bool:
        """Short capitals outside a dateline that match only a smaller town: an acronym."""
        word = tv.words[a]
        return (b - a == 1 and word.isupper() and len(word) <= 5 and place.type == "City"
                and place.population < 100_000 and a not in tv.dateline_starts)

    def _with_datelines(self, tv: TokenView, spans: list[tuple[int, int]]
                        ) -> list[tuple[int, int]]:
        """A press release's dateline ("LAVAL, Québec & FREDERICK, Md. – A and B ...") read
        as its places, one span each, instead of capitalised runs across its commas."""
        for (lo, hi), groups in tv.datelines:
            parts = [span for group in groups for span in group]
            spans = [(a, b) for a, b in spans if b <= lo or a >= hi] + parts
        return sorted(spans)

    def _mention(self, doc: Doc, tv: TokenView, a: int, b: int) -> Mention | None:
        text = doc[a:b].text
        state = us_state_abbreviation(text) if b - a == 1 and a >= 2 else None
        if state is not None and tv.words[a - 1] == "," and lookup_place(tv.words[a - 2]):
            m = Mention(a, b, tv.sent_of[a], text)  # "Boulder, Colo."
            m.type, m.strength, m.place = state.type, PLACE, state
            return m
        if b - a == 1 and (self._generic_word(tv.folded[a]) or tv.folded[a] in self.lex.not_names
                           or tv.folded[a] in self.demonyms or tv.folded[a] in _CONTINENTS):
            return None  # "Salon", "Pôle", "French", "Lorrains", "Europe" alone are not names
        if _venue(tv.folded[a:b]) or (
            b < len(tv.folded) and tv.folded[b] in ("and", "et", "&")
            and _venue(tv.folded[a:b + 4])
        ) or self._named_venue(tv, a, b):
            # exhibition centres are venues ("X Exhibition and Conference Centre"); the city
            # closing a venue's name is still a place ("Eurexpo Lyon")
            city = lookup_place(tv.words[b - 1]) if b - a > 1 else None
            if city is not None and city.type == "City":
                return self._mention(doc, tv, b - 1, b)
            return None
        if b - a >= 3 and tv.folded[a] in _AREA_NOUNS and tv.folded[a + 1] in ("of", "de", "du"):
            area = lookup_place(doc[a + 2:b].text)
            if area is not None and area.type in ("Region", "Country"):
                return self._mention(doc, tv, a + 2, b)  # "the State of Bavaria" is Bavaria
        m = Mention(a, b, tv.sent_of[a], text, context=frozenset(tv.folded[max(0, a - 4):b]))
        if b - a >= 3 and _named_meeting(tv, a):
            m.type, m.strength = "Event", HEAD
            return m
        known = lookup_organisation(text)
        if known:
            m.known, m.type, m.strength = known, known.type, KNOWN
            m.demonym_place = self._cue_before(tv, a)[1]  # "le pôle grenoblois Minalogic"
            return m
        cue, demonym = self._cue_before(tv, a)
        if cue and a > 0 and tv.folded[a - 1] in ("de", "du", "des", "d'", "of", "en", "in"):
            place = lookup_place(text)
            if place is not None and place.type in ("Region", "Country"):
                cue = None  # "le pôle de compétitivité du Grand Est": the pôle's region
        noun_demonym = self._determiner_demonym(tv, a)
        if noun_demonym and not demonym:
            cue, demonym = cue or "Company", noun_demonym  # "le mosellan Drovane"
        head = self._head_type(tv, a, b)
        if cue and not (head and cue == "Lab" and head != "Lab"):
            m.type, m.strength, m.demonym_place = cue, CUE, demonym
        after = self._cue_after(tv, b)
        if not m.type and after:
            m.type, m.strength = after, CUE
        if not m.type and (_ordinal_before(tv, a, b) or _edition_year_after(tv, a, b)):
            m.type, m.strength = "Event", CUE  # "ce quatrième EspritMeuble", "Brenmoor 2015"
        if not m.type and _held_next(tv.folded[b:b + 4]):
            m.type, m.strength = "Event", CUE  # "BlasCymru took place at ...", "X se tiendra"
        if head and (not m.type or (m.type == "Company" and head != "Company")):
            m.type, m.strength = head, HEAD
        if m.type in (None, "Company") or m.strength < HEAD:
            place = None if text in tv.bracketed_acronyms else (
                _contracted_place(tv, a, text) or lookup_place(text))
            if place is not None and self._acronym_town(tv, a, b, place):
                place = None  # "CHU de Nantes" is no town "Chũ"
            if place and not m.type and place.type == "City" and self._acts(tv, b) and not (
                a > 0 and tv.folded[a - 1] in _PLACE_PREPS
            ):
                m.type, m.strength = "Company", CUE  # "Toyota said", a town's name
            elif place and not m.type:
                m.type, m.strength, m.place = place.type, PLACE, place
                return m
        if not m.type:
            predicate = self._predicate_cue(tv, b)
            if predicate:
                m.type, m.strength = predicate, CUE  # "X est devenu le salon de référence"
        if not m.type:
            words_type = self._name_words_type(tv, a, b)
            if words_type:
                m.type, m.strength = words_type, WORDS
        if not m.type:
            apposed = self._apposition_type(tv, a, b)
            if apposed:
                m.type, m.strength = apposed, CUE
        if not m.type and self._after_descriptor_noun(tv, a):
            m.type, m.strength = "Company", LIST  # "la biscuiterie Kerlann"
        if not m.type and (self._place_in_brackets_after(tv, b) or self._town_tail(doc, tv, a, b)):
            m.type, m.strength = "Company", LIST  # "Piriou (Concarneau)", "Cybi de Nancy"
        if not m.type and a > 0 and tv.folded[a - 1] in self.lex.locative_preps and (
            self.lex.lang == "fr"
        ):
            town = lookup_town(text)
            if town is not None:  # "à Solaize": a small town in a place's slot
                m.type, m.strength, m.place = "City", PLACE, town
                return m
        if not m.type and self._ner_place(tv, a, b):
            m.type, m.strength = "City", NER  # "à Étupes", "Piriou (Concarneau)": a small town
            return m
        if not m.type and 2 <= b - a <= 3 and tv.folded[a] in first_names() and all(
            w.replace("-", "").isalpha() for w in tv.words[a:b]
        ):
            return None  # "Elaine Hulse", "Jean-Marc Dupont": a person, out of the schema
        if not m.type:
            m.type, m.strength = self._ner_type(tv, a, b)
        if m.strength <= NER and self._at_in_exhibit_sentence(tv, a):
            m.type, m.strength = "Event", NER + 1  # "exhibit at MEDICA", "exposer au SIAL"
        if m.type in ("Company", "Cluster", "Lab", "Event") or (
            m.type == "Company?" and "of" in tv.folded[a:b]  # "Thrustmaster of Texas"
        ):
            self._split_trailing_place(doc, tv, m)
            m.demonym_place = m.demonym_place or self._apposed_demonym(tv, b)
        return m if m.type else None

    def _acting_name(self, tv: TokenView, m: Mention) -> bool:
        """"Kelvora signed ...", "Kelvora said": a word that opens a sentence as the subject
        of an agent's verb is a name, unless it reads as a plural or a role ("Officials
        said", "Spokesman said")."""
        folded = tv.folded[m.start]
        verb = m.end + (tv.folded[m.end:m.end + 1] in (["will"], ["has"], ["a"], ["va"]))
        acts = self._acts(tv, m.end) or (
            verb < len(tv.folded) and tv.words[verb].islower() and tv.pos[verb] in _VERB_TAGS
            and self.lex.is_any_trigger(tv.folded[verb]))  # "Kelvora will exhibit at"
        return acts and not tv.stop[m.start] and not folded.endswith("s") and (
            folded not in self.lex.person_roles) and not self._generic_word(folded)

    def _acts(self, tv: TokenView, b: int) -> bool:
        """A verb of an acting subject right after the name ("said", "a annoncé")."""
        following = tv.folded[b:b + 2]
        if following[:1] in (["a"], ["has"], ["have"]):
            following = following[1:]
        return bool(following) and following[0] in self.lex.agent_verbs

    def _generic_word(self, folded: str) -> bool:
        lex = self.lex
        return any(folded in words for words in lex.name_heads.values()) or any(
            folded in words for words in lex.cues_before.values()
        )

    def _cue_before(self, tv: TokenView, a: int) -> tuple[str | None, str | None]:
        _, cue, demonym = self._cue_token_before(tv, a)
        return cue, demonym

    def _plural_cue_before(self, tv: TokenView, a: int) -> str | None:
        """"les pôles de compétitivité A, B et C": the type a plural cue gives its list."""
        k, cue, _ = self._cue_token_before(tv, a)
        return cue if k is not None and tv.folded[k].endswith(("s", "x")) else None

    def _cue_token_before(self, tv: TokenView, a: int
                          ) -> tuple[int | None, str | None, str | None]:
        lex, folded = self.lex, tv.folded
        demonym = None
        k, skipped = a - 1, 0
        while k >= 0 and skipped <= 4 and tv.sent_of[k] == tv.sent_of[a]:
            f = folded[k]
            if f in lex.person_roles:
                return None, None, None  # "exhibition director Jane Doe": a person's name
            if f in _MEMBERSHIP_VERBS or f in lex.cluster_gathers:
                return None, None, None  # "the consortium includes A": a member, not a cluster
            cue = lex.cue_type(f, lex.cues_before)
            if cue and f in _LEGAL_FORM_CUES and not tv.words[k].isupper():
                return None, None, None  # "Sa mission : « Stimuler »": a possessive, no SA
            if cue:
                if k >= 2 and folded[k - 1] in ("de", "d'", "du", "des", "of"):
                    head = lex.cue_type(folded[k - 2], lex.cues_before)
                    if head:  # "les clusters d'entreprises X": a cluster
                        return k - 2, head, demonym or self._place_before_cue(tv, k)
                return k, cue, demonym or self._place_before_cue(tv, k)
            if f in self.demonyms:
                demonym = self.demonyms[f]
            elif f in ("de", "du", "des", "d'", "of") and skipped and self._descriptive(tv, k + 1):
                pass  # "le pôle de compétitivité du végétal X"
            elif f not in lex.cue_skip and not self._descriptive(tv, k):
                return None, None, None
            k -= 1
            skipped += 1
        return None, None, None

    def _determiner_demonym(self, tv: TokenView, a: int) -> str | None:
        """"le mosellan Dodo", "le vosgien Innothera": a demonym used as a noun before a name;
        "la structure nantaise X", "l'industriel breton X": after a common noun no cue lists."""
        if a < 2 or tv.folded[a - 1] not in self.demonyms:
            return None
        det = a - 2
        noun = tv.words[det]
        if det >= 1 and noun.isalpha() and noun.islower() and len(noun) > 3:
            det -= 1
        if tv.folded[det] not in _DEMONYM_DETERMINERS:
            return None
        return self.demonyms[tv.folded[a - 1]]

    def _at_in_exhibit_sentence(self, tv: TokenView, a: int) -> bool:
        k = a - 1
        if k > 0 and tv.folded[k] in ("la", "l'"):
            k -= 1
        if k < 1 or tv.folded[k] not in ("at", "au", "a"):
            return False
        if tv.folded[k] == "a" and k == a - 1:
            return False  # "à Bernin" is a place; "à la BIO" may be a show
        if tv.folded[k - 1] in self.lex.located_transparent:
            return False  # "installé à X", "based at X"
        lo, hi = tv.sent_bounds[tv.sent_of[a]]
        words = self.lex.triggers["EXHIBITS_AT"]
        return any(tv.folded[k] in words for k in range(lo, hi))

    @staticmethod
    def _clause_follows(tv: TokenView, k: int) -> bool:
        """", le pôle accueille ...": a verb before any comma means a new clause, whose
        subject is the noun, not an apposition to the name before the comma."""
        for j in range(k, min(len(tv.words), k + 6)):
            if tv.words[j] in _PUNCT_STOP or tv.folded[j] in ("qui", "which", "that", "dont"):
                return False
            if tv.finite[j]:
                return True
        return False

    def _apposed_demonym(self, tv: TokenView, b: int) -> str | None:
        """"Genoway, société lyonnaise spécialisée ..." -> Lyon."""
        n = len(tv.words)
        if b + 2 >= n or tv.words[b] != ",":
            return None
        for k in range(b + 1, min(n, b + 5)):
            f = tv.folded[k]
            if f in self.demonyms and self.lex.cue_type(tv.folded[k - 1], self.lex.cues_before):
                return self.demonyms[f]
        return None

    def _apposition_type(self, tv: TokenView, a: int, b: int) -> str | None:
        """"le SIVAL, le salon des productions végétales", "Food Valley NL, le réseau ...";
        not the last name of a list ("A, B and C, the Taskforce has ...")."""
        n = len(tv.words)
        if b >= n or tv.words[b] != "," or (
            a > 0 and tv.folded[a - 1] in ("and", "et", "&") and b + 1 < n
            and tv.folded[b + 1] in ("the", "le", "la", "l'", "les")
        ):
            return None
        for k in range(b + 1, min(n, b + 6)):
            f = tv.folded[k]
            cue = self.lex.cue_type(f, self.lex.cues_before)
            if cue:
                return None if self._clause_follows(tv, k + 1) else cue
            if f in self.demonyms:
                continue
            if f in self.lex.person_roles:
                return "PER"
            if self.has_parse and tv.pos[k] == "NOUN":
                return None  # the first common noun of the apposition must be a cue
            if not (
                tv.pos[k] == "DET" or f in ("plus", "most", "the", "a", "an")
                or f in self.lex.cue_skip or self._descriptive(tv, k)
            ):
                return None
        return None

    def _after_descriptor_noun(self, tv: TokenView, a: int) -> bool:
        """French: a determiner and a common noun right before the name ("la biscuiterie X",
        "le spécialiste des protéines végétales X"), the noun not a person's role."""
        if not self.has_parse:
            return False
        k = a - 1
        while k > 0 and a - k <= 5 and tv.sent_of[k] == tv.sent_of[a]:
            if tv.pos[k] == "NOUN" and tv.words[k].islower():
                return tv.pos[k - 1] == "DET" and tv.folded[k] not in self.lex.person_roles
            if not (self._descriptive(tv, k) or tv.folded[k] in ("de", "du", "des", "d'")):
                return False
            k -= 1
        return False

    def _place_before_cue(self, tv: TokenView, k: int) -> str | None:
        """"Broughton avionics firm X": a place right before the cue phrase (English)."""
        if self.has_parse:
            return None
        j = k - 1
        while j >= 0 and k - j <= 3 and self._descriptive(tv, j):
            j -= 1
        if j < 0 or not cap_like(tv.words[j]) or (j > 0 and cap_like(tv.words[j - 1])):
            return None
        place = lookup_place(tv.words[j])
        return place.name if place and place.type == "City" else None

    @staticmethod
    def _descriptive(tv: TokenView, k: int) -> bool:
        """A lower-case content word between a cue and a name: "le cluster québécois X",
        "the laser maker X"."""
        word = tv.words[k]
        return word.isalpha() and word.islower() and not tv.stop[k] and tv.pos[k] not in (
            "VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ"
        )

    def _predicate_cue(self, tv: TokenView, b: int) -> str | None:
        """"X est devenu “le salon de référence”", "X is the leading trade show": the type of
        the cue noun a copula and a determiner put after the name (a few lower-case words
        allowed before the noun)."""
        n, k = len(tv.words), b
        if k >= n or tv.folded[k] not in _COPULAS:
            return None
        k += 1
        if k < n and tv.folded[k] in _COPULA_LINKS:
            k += 1
        if k < n and tv.words[k] in _OPENING_MARKS:
            k += 1
        if k >= n or tv.folded[k] not in _PREDICATE_DETERMINERS:
            return None
        for j in range(k + 1, min(n, k + 5)):
            if not tv.words[j].islower():
                return None
            cue = self.lex.cue_type(tv.folded[j], self.lex.cues_before)
            if cue:
                return cue
        return None

    def _cue_after(self, tv: TokenView, b: int) -> str | None:
        if b >= len(tv.words) or not self.lex.cues_after:
            return None
        found = self.lex.cue_type(tv.folded[b], self.lex.cues_after)
        if found:
            return found
        end = show_noun_end(tv, b, len(tv.words), self.lex)
        return "Event" if end is not None and end > b + 1 else None

    def _head_type(self, tv: TokenView, a: int, b: int) -> str | None:
        heads = self.lex.name_heads
        positions = range(a, b) if self.lex.lang == "en" else (a,)
        for k in positions:
            for etype, words in heads.items():
                if tv.folded[k] in words and b - a > 1:
                    return etype
        if self.lex.lang != "en" and b - a > 1:
            # an English name in a French text ends on its head: "European Battery Alliance"
            for etype, words in lexicon("en").name_heads.items():
                if etype in ("Cluster", "Lab") and tv.folded[b - 1] in words and all(
                    cap_like(w) for w in tv.words[a:b]
                ):
                    return etype  # not "Dépêche Events", an organiser
            # "China Association for Medical Devices Industry": English, with its head inside
            if any(f in ("of", "for") for f in tv.folded[a + 1:b - 1]) and all(
                cap_like(w) or fold(w) in ("of", "for", "and", "the") for w in tv.words[a:b]
            ):
                en_heads = lexicon("en").name_heads
                for k in range(a, b):
                    for etype in ("Lab", "Cluster"):
                        if tv.folded[k] in en_heads[etype]:
                            return etype
        return None

    def _name_words_type(self, tv: TokenView, a: int, b: int) -> str | None:
        """The type a name word gives ("... Systems", "... Valley"); English names are
        head-final, so there the last such word decides ("Corvane Energy Show" is a show)."""
        positions = range(a + 1 if b - a > 1 else b, b)
        if self.lex.lang == "en":
            positions = reversed(positions)
        for k in positions:
            if tv.folded[k] in ("group", "groups") and tv.folded[k - 1] == "research":
                continue  # "Lightweight Structures Research Group" is a lab
            for etype, words in self.lex.name_words.items():
                if tv.folded[k] in words:
                    return etype
        return None

    def _ner_place(self, tv: TokenView, a: int, b: int) -> bool:
        """A name spaCy calls a location, not in the place gazetteer (villages, districts),
        in a place's slot: after "à/en/in", or alone in brackets after a name."""
        if not any(tv.ner[k] in ("LOC", "GPE") for k in range(a, b)) or a == 0:
            return False
        before = tv.folded[a - 1]
        if before in self.lex.locative_preps:
            return True
        if before in ("et", "and") and a >= 2 and tv.ner[a - 2] in ("LOC", "GPE"):
            return True  # "en Poitou et Charentes": the second of two places
        # "Gléhen (Le Guilvinec)", not "sociétés de la métrologie (Trescal, Hexagon)" nor
        # "du Creusot (Sfarvel, Industeel)": names listed in brackets after a common noun or
        # a place are examples of it, an unknown one alone after a name is a place
        return before == "(" and b < len(tv.words) and tv.words[b] == ")" and (
            a >= 2 and cap_like(tv.words[a - 2]))

    def _ner_type(self, tv: TokenView, a: int, b: int) -> tuple[str | None, int]:
        labels = [tv.ner[k] for k in range(a, b) if tv.ner[k]]
        if not labels:
            return self._weak_type(tv, a, b)
        # a tie goes to the first label, not to a set's hash order (same text, same graph)
        label = max(dict.fromkeys(labels), key=labels.count)
        if label == "ORG":
            return "Company", NER
        if label in ("PER", "PERSON"):  # French and English (OntoNotes) label sets
            company_word = any(tv.folded[k] in words for k in range(a, b)
                               for words in self.lex.name_words.values())
            if _person_shaped(tv.words[a:b]) and not company_word:
                return "PER", NER
            return self._weak_type(tv, a, b)  # "Montréal InVivo" is no one's name
        if label == "MISC" and acronym_like(tv.words[a]) and b - a == 1:
            return "Company", NER
        return self._weak_type(tv, a, b)  # LOC not in the gazetteer, MISC: weak evidence

    def _weak_type(self, tv: TokenView, a: int, b: int) -> tuple[str | None, int]:
        """No NER (English): a capitalised span that is not a sentence opener is a candidate
        company only when the list or relation rules later give it a role."""
        return "Company?", WEAK

    def _place_in_brackets_after(self, tv: TokenView, b: int) -> bool:
        """"Gléhen (Le Guilvinec)": a name followed by a town in brackets is an organisation
        placed there (a place in brackets after a place is handled as place in place)."""
        if not (b + 2 < len(tv.words) and tv.words[b] == "("):
            return False
        j = b + 1 + (tv.folded[b + 1] in self.lex.locative_preps)
        end = next((k for k in range(j + 1, min(len(tv.words), j + 5))
                    if tv.words[k] in (")", ",", "/", ";")), None)
        if end is None or not cap_like(tv.words[j]):
            return False
        text = " ".join(tv.words[j:end])
        return lookup_town(text) is not None or any(tv.ner[k] in ("LOC", "GPE")
                                                     for k in range(j, end))

    def _town_tail(self, doc: Doc, tv: TokenView, a: int, b: int) -> bool:
        """"Aeriades de Lunéville", "AKG France de Sarreguemines": a name that is no place,
        then "de" and a town, is a company of that town (French regional-press lists)."""
        if self.lex.lang != "fr" or b - a < 3:
            return False
        for k in range(a + 1, b - 1):
            if tv.folded[k] not in ("de", "d'"):
                continue
            head, tail = doc[a:k].text, doc[k + 1:b].text
            place = lookup_town(tail)
            return (place is not None and place.type == "City" and lookup_place(head) is None
                    and not any(tv.folded[a] in words for words in self.lex.name_heads.values()))
        return False

    def _split_trailing_place(self, doc: Doc, tv: TokenView, m: Mention) -> None:
        """"Vallée Optique de Wuhan" and "Insa de Lyon" keep their place (a head-initial
        descriptive name, a lab); "Amplitude Systèmes de Pessac" or "Optics Valley of China
        de Wuhan" lose it."""
        folded = tv.folded
        for k in range(m.start + 1, m.end - 1):
            if folded[k] not in self.lex.place_inside:
                continue
            tail = k + 1
            while tail < m.end and folded[tail] in self.lex.connector_articles:
                tail += 1
            place = lookup_place(doc[tail:m.end].text)
            if not place and m.type == "Company" and folded[k] in ("de", "d'"):
                place = lookup_town(doc[tail:m.end].text)  # "Cybi d'Eulmont"
            if not place:
                continue
            inner = Mention(tail, m.end, m.sent, doc[tail:m.end].text, place.type, PLACE, place)
            head_initial = m.strength == HEAD or any(
                folded[m.start] in words for words in self.lex.name_heads.values()
            )
            # a school or institute is named by its town ("Insa de Lyon", "IUT de Lannion"),
            # and so is a firm whose name is a trade's plural ("Ateliers de Joigny")
            trade = k - m.start == 1 and folded[m.start] in _TRADE_HEADS
            if head_initial or trade or m.type == "Lab" or (
                folded[k] == "of" and m.type != "Company"
            ):
                m.inner_place = inner
            else:
                m.split_place = inner
                m.end = k
                m.text = doc[m.start:k].text
            return

    # ---- acronyms, lists, short forms ------------------------------------------------
    def _attach_acronyms(self, tv: TokenView, mentions: list[Mention]) -> None:
        words = tv.words
        by_start = {m.start: m for m in mentions}
        for m in mentions:
            b = m.end
            if not (b + 2 < len(words) and words[b] == "(" and words[b + 2] == ")"):
                continue
            if not acronym_like(words[b + 1]) or not m.type or m.type == "PER":
                continue
            m.acronym = words[b + 1]
            inside = by_start.get(b + 1)
            if inside is not None:
                inside.type, inside.strength = m.type, m.strength
        for m in mentions:  # "WSM (Water Sensors and Membranes)": the name after its acronym
            expansion = by_start.get(m.end + 1)
            if (expansion is None or m.end - m.start != 1 or words[m.end] != "("
                    or expansion.end >= len(words) or words[expansion.end] != ")"
                    or initials(expansion.text) != words[m.start].upper()):
                continue
            expansion.acronym = words[m.start]
            if m.type and (not expansion.type or expansion.strength < m.strength):
                expansion.type, expansion.strength = m.type, m.strength

    def _type_lists(self, tv: TokenView, mentions: list[Mention]) -> None:
        """"les sociétés A, B, IVEA et C": members of a list take its cued head's type."""
        for m in mentions:
            cued = (self._cue_then_opener(tv, m.start) or _role_list_start(tv, m.start)
                    or self._gathered_start(tv, m.start))
            if cued and m.strength < CUE and not m.known and not self._place_before_noun(tv, m):
                m.type, m.strength, m.place = cued, CUE, None
                if m.start >= 2 and tv.words[m.start - 1] in ("(", ","):
                    m.demonym_place = self.demonyms.get(tv.folded[m.start - 2])
        place_tokens = {k for m in mentions if m.type in ("City", "Region", "Country")
                        for k in range(m.start, m.end)}
        for i, head in enumerate(mentions):
            list_type = self._list_head_type(tv, head)
            if list_type is None:
                continue
            prev = head
            for m in mentions[i + 1:]:
                gap = tv.words[prev.end:m.start]
                if gap.count("(") > gap.count(")"):
                    continue  # "A (Piémont), B": a place in an aside is no member
                glossed = list_type == "Company"  # "A and B from the UAE, French C"
                if glossed and m.type in ("City", "Region", "Country") and (
                    tv.folded[m.start - 1] in ("from", "the")
                ):
                    continue
                between = [tv.folded[k] for k in without_brackets(tv.words, prev.end, m.start)
                           if not (glossed and (k in place_tokens
                                                or self._list_gloss(tv.folded[k])))
                           and not lowercase_item(tv, k)]
                if not between or not all(w in _LIST_LINKS for w in between):
                    break
                small_town = _list_town(m) and list_type == "Company"
                if m.strength < PLACE or m.type == "Company?" or small_town:
                    m.type, m.strength, m.place = list_type, LIST, None  # "telles que Idil"
                prev = m
        trigger_sents = self._trigger_sentences(tv)
        starts = {m.start: m for m in mentions}
        slot_ends: set[int] = set()
        for m in mentions:
            if m.type == "Company?":
                # English has no NER: an untyped name counts only in a sentence that states
                # a relation ("X signed a partnership with Y", "X in Birmingham"), never alone
                if self._in_place_slot(tv, m, slot_ends) and not self._placed(tv, m, starts, True):
                    slot_ends.add(m.end)
                    m.type = None
                    continue
                keep = (m.sent in trigger_sents or self._placed(tv, m, starts)) and not all(
                    tv.stop[m.start:m.end])
                m.type = "Company" if keep else None

    @staticmethod
    def _type_lists_with_known_firms(tv: TokenView, mentions: list[Mention]) -> None:
        """"TU Graz, voestalpine, ÖBB, Siemens Mobility Austria and Virtual Vehicle pool
        their expertise": in a list of three names or more joined only by commas and a last
        "and", of which one is a known organisation, the untyped names are firms too
        (English is read without NER)."""
        for run in _joined_runs(tv, mentions):
            if not any(_known_firm(r) for r in run) or not any(
                tv.folded[k] in ("and", "et") for k in range(run[-2].end, run[-1].start)
            ):
                continue
            for r in run:
                if r.type in (None, "Company?", "Company") and r.strength <= WEAK and not (
                    fold(r.text.split()[0]) in first_names() or "'s" in r.text
                    or "’s" in r.text
                ):  # "Luigi Pasquali", "Thales's Jean Galle": people in a list
                    r.type, r.strength = "Company", LIST

    @staticmethod
    def _type_towns_among_firms(tv: TokenView, mentions: list[Mention]) -> None:
        """"the core team of Telekom, OHB, Orange, Hisdesat and Thales": a one-word town in
        a list whose every other name is an organisation (two firms at least) is a firm that
        shares a town's name; a list of places keeps its towns."""
        for run in _joined_runs(tv, mentions):
            towns = [m for m in run if m.type == "City" and m.end - m.start == 1
                     and not m.known]
            others = [m for m in run if m not in towns]
            if len(towns) != 1 or len(others) < 2:
                continue
            if all(m.type in ORGANISATION_TYPES for m in others) and sum(
                m.type == "Company" for m in others
            ) >= 2:
                towns[0].type, towns[0].strength, towns[0].place = "Company", LIST, None

    @staticmethod
    def _type_bracket_lists_after_place(tv: TokenView, mentions: list[Mention]) -> None:
        """"un contingent représentatif du Creusot (Sfarvel, Industeel, Valinox)": names
        listed in brackets after a place are firms there."""
        for place, close in bracket_lists_after_places(tv, mentions):
            for m in mentions:
                if place.end < m.start < close and not m.known and m.strength < PLACE:
                    m.type, m.strength, m.place = "Company", LIST, None

    def _place_before_noun(self, tv: TokenView, m: Mention) -> bool:
        """"include Blackburn firms A and B", "included Derbyshire-based X": a place before a
        company noun or "-based" says where the firms after it are; it is no item of the
        list."""
        cues = self.lex.cues_before.get("Company", ())
        after = tv.folded[m.end:m.end + 2]
        return m.place is not None and bool(after) and (
            after[0] in cues or after[0] == "-based" or after == ["-", "based"])

    def _type_gathering_subjects(self, tv: TokenView, mentions: list[Mention]) -> None:
        """"X is comprised of ten construction manufacturers", "X regroupe 73 industriels",
        "members of X": a body that gathers firms, or that has members, is a cluster."""
        by_end = {m.end: m for m in mentions}
        by_start = {m.start: m for m in mentions}
        for k, f in enumerate(tv.folded):
            m = None
            if f in self.lex.cluster_gathers and self._gathers_firms(tv, k):
                j = k
                while j > 0 and tv.folded[j - 1] in _GATHER_AUX:
                    j -= 1
                if j >= 3 and tv.words[j - 1] == ")" and tv.words[j - 3] == "(":
                    j -= 3  # "Le Consortium ... (CQTNC) regroupe"
                m = by_end.get(j)
            elif f in ("member", "members") and k > 0 and tv.words[k - 1][:1].isupper() and (
                tv.folded[k + 1:k + 2] != ["of"]
            ):
                m = by_end.get(k)  # "KTMA member firms including A, B"
            elif f in MEMBER_WORDS and k + 1 < len(tv.words) and tv.folded[k + 1] in _OF_WORDS:
                j = k + 2
                while j < len(tv.words) and tv.folded[j] in self.lex.connector_articles:
                    j += 1
                m = by_start.get(j)
            if m is not None and self._retypable(m):
                for same in mentions:  # its other mentions and its acronym's, by name
                    if (same is m or m.text in (same.text, same.acronym)) and self._retypable(same):
                        same.type, same.strength = "Cluster", CUE

    @staticmethod
    def _retypable(m: Mention) -> bool:
        return not m.known and m.place is None and m.strength < HEAD and (
            m.type in (None, "Company", "Company?"))

    def _gathers_firms(self, tv: TokenView, k: int) -> bool:
        """A plural firm or member noun within a few words after the verb at k."""
        for j in range(k + 1, min(len(tv.words), k + 6)):
            f = tv.folded[j]
            if f in _FIRM_NOUNS or (f.endswith(("s", "x")) and self._cue_of(tv, j) == "Company"):
                return True
            if not (tv.words[j].islower() or tv.words[j].isdigit()):
                return False
        return False

    def _list_head_type(self, tv: TokenView, head: Mention) -> str | None:
        """The type a list's first name passes to the names after it: its own when a cue
        gave it ("la société A, B et C"); a known or head-word-typed name passes only the
        type of a plural cue before it ("les pôles Medicen, B et C")."""
        if head.type not in ("Company", "Cluster", "Lab", "Event"):
            return None
        if head.strength == CUE:
            return head.type
        return self._plural_cue_before(tv, head.start)

    def _type_lists_before_cue(self, tv: TokenView, mentions: list[Mention]) -> None:
        """"A, B (...), C ou encore D figurent parmi les grandes marques", "A and B are among
        the exhibitors": a list that a plural company noun closes is a list of companies."""
        for i, last in enumerate(mentions):
            if not self._closing_company_noun(tv, last.end):
                continue
            members = [last]
            for prev in reversed(mentions[:i]):
                between = [tv.folded[k] for k in without_brackets(
                    tv.words, prev.end, members[-1].start, longest=40)
                    if tv.folded[k] not in ("encore", "bien", "sur", "d'", "l'")]
                if not between or not all(w in _LIST_LINKS for w in between):
                    break
                members.append(prev)
            if len(members) < 2:
                continue
            for m in members:
                small_town = _list_town(m)
                if not m.known and (m.strength < PLACE or m.type == "Company?" or small_town):
                    m.type, m.strength, m.place = "Company", CUE, None

    def _closing_company_noun(self, tv: TokenView, k: int) -> bool:
        j, bridged = k, False
        while j < len(tv.words) and tv.words[j] == "(":
            j = next((c + 1 for c in range(j, min(len(tv.words), j + 30)) if tv.words[c] == ")"),
                     len(tv.words))
        start = j
        while j < len(tv.words) and j - start < 7 and tv.folded[j] in _CLOSING_BRIDGE:
            bridged = bridged or tv.folded[j] in ("parmi", "among", "partie")
            j += 1
        if not bridged:
            return False
        while j < len(tv.words) and j - start < 9 and tv.words[j].isalpha() and (
            tv.words[j].islower()) and tv.folded[j] not in _CLOSING_NOUNS:
            j += 1  # "les grandes marques"
        return j < len(tv.words) and tv.folded[j] in _CLOSING_NOUNS

    def _list_gloss(self, folded: str) -> bool:
        """Words of "from the UAE", "French", "Turkish based" between the names of a list."""
        return folded in ("from", "the", "based", "-based") or (
            folded in self.demonyms or folded in self.lex.not_names)

    def _french_event_spans(self, tv: TokenView) -> list[tuple[int, int]]:
        """"au Salon international de la machine-outil et du décolletage", "lors du
        Carrefour des gestions locales de l'eau": a French show's name is its capitalised
        head word and the lower-case words after it, up to a clause, a date or a place."""
        heads = self.lex.name_heads.get("Event")
        if heads is None:
            return []
        found = []
        starts = {lo for lo, _ in tv.sent_bounds}
        for k, word in enumerate(tv.words):
            if k in starts or not word[:1].isupper():
                continue
            if tv.folded[k] not in heads and not _named_meeting(tv, k):
                continue
            if k >= 2 and tv.words[k - 2] == "," and tv.folded[k - 1] in ("le", "la", "l'"):
                continue  # "Techtextil, le Salon international du textile": a description
            j, last, common = k + 1, k + 1, False
            while j < len(tv.words) and j - k <= 10 and tv.sent_of[j] == tv.sent_of[k]:
                f = tv.folded[j]
                if f in _EVENT_NAME_LINKS:
                    if j + 1 < len(tv.words) and tv.words[j + 1][:1].isdigit():
                        break  # "du 5 au 8 décembre"
                elif f == "-" and j + 1 < len(tv.words) and _glued(tv, j) and _glued(tv, j + 1):
                    pass  # "machine-outil", split by the tokenizer
                elif tv.words[j].replace("-", "").isalpha() and f not in _EVENT_NAME_STOPS and (
                    tv.pos[j] in ("NOUN", "ADJ", "PROPN") if tv.pos[j] else True
                ):
                    last = j + 1
                    common = common or tv.words[j].islower()
                else:
                    break
                j += 1
            if last - k >= 2 and common and tv.words[k + 1][:1].islower():
                found.append((k, last))
        return found

    def _cue_then_opener(self, tv: TokenView, k: int) -> str | None:
        """"five automakers, including A, B and C", "des PME comme A et B": the type of a cue
        noun that a list opener ("including", "such as", "comme") separates from the list."""
        j = k - 1
        while j >= 0 and k - j <= 2 and tv.folded[j] in _CUE_OPENERS:
            j -= 1
        if j < k - 1 and tv.folded[j + 1] in ("include", "includes", "included"):
            # "Publishers that have already signed up include A, B": the subject's noun
            stop = max(0, j - 8)
            while j > stop and tv.sent_of[j] == tv.sent_of[k] and _lower_word(tv, j) and (
                self._cue_of(tv, j) is None
            ):
                j -= 1
            if j >= 0 and tv.folded[j].endswith(("s", "x")) and self._cue_of(tv, j):
                return self._cue_of(tv, j)
            return None
        colon = j == k - 1 and j >= 0 and tv.words[j] in (":", "–", "—")
        if colon:
            j -= 1  # "deux nouvelles écoles : A et B"
            # "quatre clusters européens leaders de la santé – A, B et C": descriptors
            # between the plural noun and the dash that opens its list
            mark, stop = j + 1, max(0, j - 14)
            while j > stop and tv.sent_of[j] == tv.sent_of[k] and _lower_word(tv, j) and (
                self._cue_of(tv, j) is None or tv.folded[j - 1] in _COMPLEMENTS
            ):
                j -= 1  # a cue noun inside a complement ("d'industriels") is not the head
            if tv.words[mark] == ":" and j + 1 < mark and tv.folded[j + 1] not in _COMPLEMENTS:
                return None  # a clause, not a complement: "businesses using it include: A"
        elif j == k - 1 and j >= 1 and tv.words[j] in ("(", ","):
            return self._plural_cue_apposed(tv, j - 1)  # "cinq PME montpelliéraines (A, B)"
        elif j == k - 1 and k + 1 < len(tv.words) and tv.words[k + 1] == ",":
            return self._described_cue(tv, k)
        if j == k - 1 or j < 0:
            return None
        if tv.words[j] == ",":
            j -= 1
        if j < 0 or (colon and not tv.folded[j].endswith(("s", "x"))):
            return None  # after a colon only a plural noun announces a list
        return self._cue_of(tv, j)

    def _described_cue(self, tv: TokenView, k: int) -> str | None:
        """"des entreprises présentes de façon récurrente A, B, C": a plural cue noun, a
        few lowercase words describing it (not a preposition right before the names), then
        the list itself."""
        j = k - 1
        if not _lower_word(tv, j) or tv.folded[j] in _NOT_BEFORE_LIST:
            return None
        stop = max(0, k - 8)
        while j > stop and tv.sent_of[j] == tv.sent_of[k] and _lower_word(tv, j) and (
            self._cue_of(tv, j) is None
        ):
            j -= 1
        if tv.folded[j].endswith(("s", "x")) and self._cue_of(tv, j):
            return self._cue_of(tv, j)
        return None

    def _plural_cue_apposed(self, tv: TokenView, j: int) -> str | None:
        """The type of a plural cue noun ending at j, past a demonym after it ("PME
        montpelliéraines"), when a bracket or a comma opens its list."""
        if j >= 1 and tv.folded[j] in self.demonyms:
            j -= 1
        if not tv.folded[j].endswith(("s", "x")) and tv.folded[j] not in ("pme", "eti"):
            return None
        return self._cue_of(tv, j)

    def _gathered_start(self, tv: TokenView, k: int) -> str | None:
        """"Comprising of A, B and C, the Taskforce ...", "le pôle regroupe A, B et C": the
        first name a gathering verb takes is a company's (its list follows it)."""
        j = k - 1
        if j >= 1 and tv.folded[j] in ("of", "together"):
            j -= 1
        if j < 0 or tv.folded[j] not in self.lex.cluster_gathers or tv.folded[j] in (
            "brings", "anchored"
        ):
            return None
        return "Company"

    def _cue_of(self, tv: TokenView, j: int) -> str | None:
        return next((t for t, words in self.lex.cues_before.items()
                     if t in ("Company", "Cluster", "Lab") and tv.folded[j] in words), None)

    @staticmethod
    def _in_place_slot(tv: TokenView, m: Mention, slot_ends: set[int]) -> bool:
        """"producers from East Lothian and Argyll", "companies from the Free State of
        Saxony": an untyped name after "from"/"in", or joined by "and" to one, is a place
        the gazetteer lacks, not a company."""
        k = m.start - 1
        if k >= 1 and tv.folded[k] in ("and", ",") and k in slot_ends:
            return True
        if k >= 0 and tv.folded[k] == "the":
            k -= 1
        return k >= 0 and tv.folded[k] in ("from", "in")

    def _placed(self, tv: TokenView, m: Mention, starts: dict[int, Mention],
                seat_word: bool = False) -> bool:
        """"...; Goodrich Engine Controls in Birmingham;": a name right before "in <place>",
        or before "(, which is) based in <place>"."""
        k = m.end
        while k < len(tv.folded) and k - m.end < 4 and tv.folded[k] in _SEAT_LINKS:
            k += 1
        if (k > m.end or seat_word) and not any(f in _SEAT_WORDS for f in tv.folded[m.end:k]):
            return False
        if k + 1 >= len(tv.folded) or tv.folded[k] not in self.lex.locative_preps:
            return False
        place = starts.get(k + 1)
        return place is not None and place.type in PLACE_TYPES and place.place is not None

    def _trigger_sentences(self, tv: TokenView) -> set[int]:
        is_trigger = self.lex.is_any_trigger
        phrases = {k for words in self.lex.triggers.values()
                   for k in words.phrase_starts(tv.folded)}
        return {tv.sent_of[k] for k, f in enumerate(tv.folded) if is_trigger(f) or k in phrases}

    def _short_forms(self, tv: TokenView, mentions: list[Mention]) -> list[Mention]:
        covered = {k for m in mentions for k in range(m.start, m.end)}
        lex, folded = self.lex, tv.folded
        found = []
        for k, f in enumerate(folded):
            etype = lex.short_forms.get(f)
            if not etype or k in covered or k == 0:
                continue
            if folded[k - 1] not in lex.short_form_determiners:
                continue
            nxt = folded[k + 1] if k + 1 < len(folded) else ""
            if nxt in ("de", "d'", "des") and k + 2 < len(folded) and cap_like(tv.words[k + 2]):
                continue  # "le pôle de Bordeaux ...": a name follows, not a short form
            if k + 1 < len(folded) and cap_like(tv.words[k + 1]) and nxt not in _PUNCT_STOP:
                continue
            found.append(Mention(k, k + 1, tv.sent_of[k], tv.words[k], etype, 0, short_form=True,
                                 context=frozenset((f,))))
        return found


def show_noun_end(tv: TokenView, b: int, hi: int, lex: Lexicon) -> int | None:
    """After a show's name, the end of the words saying what it is: "LAMMA farm machinery
    show", "Anuga food and drink show" (None when no show noun closes them)."""
    event_words = lex.cues_after.get("Event")
    if not event_words:
        return None
    k = b
    while k < hi and k - b < 4 and (
        _topic_word(tv, k, lex.agent_verbs)
        or (tv.folded[k] == "and" and k > b and k + 1 < hi
            and _topic_word(tv, k + 1, lex.agent_verbs))
    ):
        k += 1
    return k + 1 if k < hi and tv.folded[k] in event_words else None


def _topic_word(tv: TokenView, k: int, verbs: frozenset[str]) -> bool:
    """A lower-case word that can describe what a show is about ("farm", "machinery"), not
    a function word or a verb ("said the show")."""
    word = tv.words[k]
    if not (word.isalpha() and word.islower()) or tv.stop[k] or tv.folded[k] in verbs:
        return False
    if tv.pos[k]:
        return tv.pos[k] in ("NOUN", "ADJ", "PROPN")
    return not word.endswith(("ed", "ly", "ing"))


# "figurent parmi les", "are among the": between a list and the plural noun that types it
_CLOSING_BRIDGE = frozenset({"figurent", "figure", "sont", "est", "font", "fait", "partie",
                             "comptent", "compte", "se", "trouvent", "parmi", "des", "les",
                             "de", "d'", "among", "are", "were", "is", "was", "the", "one", "of",
                             "notamment", "aussi", "egalement", "also", "will", "be", "seront",
                             "etaient", "ont", "rejoint"})
_CLOSING_NOUNS = frozenset({"marques", "exposants", "entreprises", "societes", "fabricants",
                            "industriels", "equipementiers", "start-up", "startups", "pme",
                            "exhibitors", "brands", "companies", "firms", "manufacturers",
                            "makers", "suppliers", "fournisseurs"})


_ROLE_NOUNS = frozenset({"membres", "adherents", "exposants", "partenaires", "signataires",
                         "members", "exhibitors", "partners", "signatories", "participants"})
_ROLE_LIST_OPENERS = _CUE_OPENERS | {":", "comprennent", "comprend", "incluent", "inclut",
                                      "includes", "included", "sont", "are", "were", "comptent",
                                      "parmi", "lesquels", "lesquelles", "figurent", "citons"}


# "cinq associations d'industriels de l'emballage : A, B": a plural noun's complement
_COMPLEMENTS = frozenset({"de", "d'", "du", "des", "of", "for", "in", "en"})


# "Inspur, based in Jinan": the words between an untyped name and the place of its seat
_SEAT_WORDS = frozenset({"based", "headquartered", "located", "situated"})
_SEAT_LINKS = _SEAT_WORDS | {",", "is", "are", "was", "which", "who"}


# "X is comprised of", "members of X": see MentionFinder._type_gathering_subjects
_GATHER_AUX = frozenset({"is", "are", "was", "now", "currently", "already"})
# the nouns for a cluster's members, singular and plural (also read by relations)
MEMBER_WORDS = frozenset({"membres", "membre", "adherents", "adherent", "members", "member"})
_OF_WORDS = frozenset({"of", "de", "du", "d'"})
_FIRM_NOUNS = frozenset({"members", "membres", "adherents", "manufacturers", "industriels",
                         "entreprises", "companies", "firms", "businesses", "societes", "pme",
                         "acteurs", "actors", "players", "partenaires", "partners",
                         "laboratoires", "organisations", "organizations", "structures"})


_DATELINE_LINKS = frozenset({"&", "and", "et", "/"})
_DASHES = frozenset({"–", "—", "-", "--"})


def dateline_groups(tv: TokenView) -> list[tuple[tuple[int, int], list[list[tuple[int, int]]]]]:
    """Datelines opening a sentence ("PARIS, France & MUNICH – ...", after a "date ..." line
    of a saved page): (the token range up to the dash, the places grouped by town: [[town,
    its region...], ...]). Every group between "&"/"and" must open on a known place, so a
    list of firms is no dateline. Read through TokenView.datelines."""
    found = []
    for lo, _ in tv.sent_bounds:
        k = lo
        while k < len(tv.words) and (tv.folded[k] == "date" or tv.words[k][:1].isdigit()):
            k += 1
        start, groups, group_open = k, [], True
        while k < len(tv.words) and k - start < 20 and tv.words[k] not in _DASHES:
            word = tv.words[k]
            if not word.strip():
                k += 1
                continue
            if word == "," or tv.folded[k] in _DATELINE_LINKS:
                group_open = group_open or tv.folded[k] in _DATELINE_LINKS
                k += 1
                continue
            if word == "(" and groups and not group_open:  # "Lyon (France) et Turin (Italie)"
                close = next((c for c in range(k + 1, min(len(tv.words), k + 5))
                              if tv.words[c] == ")"), None)
                if close is None or lookup_place(" ".join(tv.words[k + 1:close])) is None:
                    break
                groups[-1].append((k + 1, close))
                k = close + 1
                continue
            if not (cap_like(word) or us_state_abbreviation(word)):
                break
            j = k + 1
            while j < len(tv.words) and cap_like(tv.words[j]) and tv.words[j] not in _DASHES and (
                not us_state_abbreviation(tv.words[j])
            ):
                j += 1
            name = " ".join(tv.words[k:j])
            if group_open and lookup_place(name) is None:
                break  # each group opens on its town
            if group_open:
                groups.append([])
            groups[-1].append((k, j))
            group_open, k = False, j
        spaced = 0 < k < len(tv.words) and (
            not tv.words[k - 1].strip() or tv.idx[k] > tv.idx[k - 1] + len(tv.words[k - 1]))
        if groups and spaced and tv.words[k] in _DASHES and k > start:
            found.append(((start, k), groups))  # not "Celle-ci", "Baden-Württemberg"
    return found


def _list_inner_and(tv: TokenView, i: int, j: int, hi: int) -> bool:
    """"A, Turgis et Gaillard, B" or "Dawn Pork and Bacon, B and C": a conjunction with
    list items on both sides of the pair joins two words of one firm's name, since a list
    has its own conjunction before its last item. Two places, or a known name on either
    side, keep their reading ("Bretagne et Normandie, ...")."""
    words = tv.words
    end = j + 1
    while end < hi and end - j <= 3 and cap_like(words[end]) and words[end] not in _PUNCT_STOP:
        end += 1
    if end == j + 1 or end - j > 3 or j - i > 3:
        return False
    if any(acronym_like(w) or (len(w) > 2 and any(ch.isupper() for ch in w[1:]))
           for w in (words[j - 1], words[j + 1])):
        return False  # "CMN et HydroQuest, B et C": a firm-shaped word is a name of its own
    after = end
    if after < hi and words[after] == "(":
        close = next((k for k in range(after, min(hi, after + 6)) if words[k] == ")"), None)
        after = close + 1 if close is not None else after
    if after + 1 >= hi or not cap_like(words[after + 1]):
        return False
    if words[after] != "," and tv.folded[after] not in ("and", "et"):
        return False
    if not (i > 0 and words[i - 1] == ",") and not (
        end == j + 2 and words[after] == ","
        and any(tv.folded[k] in ("and", "et") for k in range(after + 2, hi))
    ):  # a first item joins only one word: "Airbus Defence and Space, B and C", not
        return False  # "Epol Soft and Orangesoft Development, B and C" (two firms)
    parts = (" ".join(words[i:j]), " ".join(words[j + 1:end]))
    return not any(map(lookup_organisation, parts)) and not all(map(lookup_place, parts))


PROGRAMME_WORDS = frozenset({"projet", "project", "programme", "program"})
_CALL_WORDS = frozenset({"appel", "call"})
# adjectives of a programme where no tagger says so (English is read without one)
_PROGRAMME_ADJECTIVES = frozenset({"european", "europeen", "national", "international",
                                   "regional", "joint", "pilot", "collaboratif", "commun"})


def programme_spans(tv: TokenView) -> list[tuple[int, int]]:
    """The capitalised names right after a programme word (one adjective allowed between:
    "projet européen MAGIA") or, in English, right before one ("the Robot Highways
    project"), at most four words, within the word's sentence."""
    spans = []
    for k, f in enumerate(tv.folded):
        lo, hi = tv.sent_bounds[tv.sent_of[k]] if tv.sent_of[k] >= 0 else (k, k + 1)
        if f in _CALL_WORDS:
            spans.extend(_call_spans(tv, k, hi))
            continue
        if f not in PROGRAMME_WORDS or not tv.words[k].islower():
            continue
        a = k + 1
        if a + 1 < hi and cap_like(tv.words[a + 1]) and tv.words[a].islower() and (
            tv.pos[a] == "ADJ" or tv.folded[a] in _PROGRAMME_ADJECTIVES
        ):
            a += 1  # "projet européen MAGIA"
        b = a
        while b < hi and b - a < 4 and cap_like(tv.words[b]) and tv.words[b] not in _PUNCT_STOP:
            b += 1
        if b > a:
            spans.append((a, b))
        b = k
        a = b
        while a > lo and b - a < 4 and cap_like(tv.words[a - 1]) and (
            tv.words[a - 1] not in _PUNCT_STOP
        ):
            a -= 1
        if a < b and a > lo and tv.folded[a - 1] in ("the", "its", "their", "this"):
            spans.append((a, b))
    return spans


def _call_spans(tv: TokenView, k: int, hi: int) -> list[tuple[int, int]]:
    """"l'Appel à Manifestation d'Intérêt", "a Call for Proposals": a funding call and the
    capitalised words that name it are a programme, neither an event nor a firm."""
    if k + 2 >= hi or tv.folded[k + 1] not in ("a", "for", "d'"):
        return []
    b = k + 2
    while b < hi and b - k < 8 and (cap_like(tv.words[b]) or (
        tv.folded[b] in ("d'", "de", "a", "for") and b + 1 < hi and cap_like(tv.words[b + 1])
    )):
        b += 1
    spans = [(k, k + 1)] if cap_like(tv.words[k]) else []
    return [*spans, (k, b), (k + 2, b)] if b > k + 2 else spans


_VERB_TAGS = frozenset({"VERB", "AUX", ""})  # "": English is read without a tagger
_MODEL_CODE = re.compile(r"[A-Z]{1,4}-?\d{1,4}[A-Z]{0,2}")


_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre"})


def _model_code(m: Mention) -> bool:
    """"A400M", "TP400", "EPR2", "DT-18": capitals then digits name an aircraft, an engine,
    a reactor or a drone model, not a firm (unless the gazetteer knows one so called); nor
    is a date ("Feb. 22")."""
    if m.known:
        return False
    words = m.text.split()
    date = len(words) == 2 and fold(words[0]).rstrip(".") in _MONTHS and words[1].isdigit()
    return date or _MODEL_CODE.fullmatch(m.text) is not None


def _lone_first_name(tv: TokenView, m: Mention) -> bool:
    """"Catherine, Anne et Louis, architectes": a first name alone, listed with another one,
    is a person however a list rule typed it."""
    if m.end - m.start != 1 or m.known or m.place or m.strength > LIST:
        return False
    names = first_names()
    if tv.folded[m.start] not in names:
        return False
    near = [tv.folded[k] for k in (m.start - 2, m.start + 2) if 0 <= k < len(tv.folded)]
    return any(w in names for w in near)


def _known_firm(m: Mention) -> bool:
    """A known organisation, or a name opening on one ("Siemens Mobility Austria")."""
    first = m.text.split()[0] if m.text.split() else ""
    known = m.known or (m.place is None and lookup_organisation(first))
    return bool(known) and known.type in ("Company", "Lab", "Cluster")


def bracket_lists_after_places(tv: TokenView, mentions: list[Mention]
                               ) -> list[tuple[Mention, int]]:
    """Each place followed by a bracket that lists several names ("du Creusot (A, B, C)"),
    with the index of the closing bracket."""
    found = []
    for m in mentions:
        if m.type not in ("City", "Region", "Country") or m.end + 3 >= len(tv.words) or (
            tv.words[m.end] != "("
        ):
            continue
        close = next((k for k in range(m.end + 1, min(len(tv.words), m.end + 40))
                      if tv.words[k] in (")", "(")), None)
        if close is not None and tv.words[close] == ")" and "," in tv.words[m.end:close]:
            found.append((m, close))
    return found


def _contracted_place(tv: TokenView, a: int, text: str) -> Place | None:
    """"au Creusot", "du Mans", "aux Sables-d'Olonne": a French town whose article the
    preposition has absorbed (au = à le, du = de le, aux/des = à/de les)."""
    article = {"au": "Le", "du": "Le", "aux": "Les", "des": "Les"}.get(
        tv.folded[a - 1] if a > 0 else "")
    place = lookup_place(f"{article} {text}") if article else None
    return place if place is not None and place.type == "City" else None


def _split_at_legal_form(tv: TokenView, a: int, b: int) -> list[tuple[int, int]]:
    """"Supply Co Ltd of Kelbrook", "NASA for PDS Ltd": a legal form ends a firm's name, so
    "of"/"for" after it, or before a name that ends on one, joins two names."""
    for k in range(a + 1, b - 1):
        if tv.folded[k] not in ("of", "for", "de", "d'", "du"):
            continue
        town_tail = lookup_place(" ".join(tv.words[k + 1:b])) is not None  # cut off later
        if (tv.folded[k - 1] in _LEGAL_WORDS and not town_tail) or (
            tv.folded[k] == "for" and any(f in _LEGAL_WORDS for f in tv.folded[k + 1:b])
        ):
            return [*_split_at_legal_form(tv, a, k), *_split_at_legal_form(tv, k + 1, b)]
    return [(a, b)]


def _bracketed_acronym(tv: TokenView, a: int, b: int) -> bool:
    """"Offsite Homes Scotland (OHS)": capitals in brackets after a name are its short form,
    not the town that happens to share the letters ("Oss")."""
    return (b - a == 1 and a >= 2 and b < len(tv.words) and tv.words[a - 1] == "("
            and tv.words[b] == ")" and tv.words[a].isupper() and len(tv.words[a]) >= 3
            and cap_like(tv.words[a - 2]))


# words that put the name after them in a slot other than a list's ("à Lyon, Paris")
_NOT_BEFORE_LIST = frozenset({"a", "en", "au", "aux", "dans", "de", "d'", "du", "des", "par",
                              "avec", "pour", "sur", "chez", "in", "at", "of", "by", "with",
                              "from", "for", "to", "on", "the", "le", "la", "les", "l'", "and",
                              "et", "ou", "or", "que", "qui", "than"})


# the last word of a field in an institution's name ("... for Machine Tools and Forming
# Technology"), which "and" joins to the name rather than to a list
_FIELD_WORDS = frozenset({
    "technology", "technologies", "engineering", "science", "sciences", "research",
    "innovation", "development", "design", "management", "systems", "materials",
    "manufacturing", "production", "medicine", "health", "energy", "environment", "industry",
    "technologie", "recherche", "developpement", "sante", "environnement", "industrie",
    "ingenierie", "materiaux"})


def _before_date(tv: TokenView, a: int, b: int) -> tuple[int, int]:
    """"McCormick Place January 27": a month and a day end the name before them."""
    for k in range(a + 1, b):
        if tv.folded[k].rstrip(".") in _MONTHS and k + 1 < len(tv.words) and (
            tv.words[k + 1][:1].isdigit()
        ):
            return a, k
    return a, b


def _known_from(tv: TokenView, a: int, j: int) -> bool:
    """"New York City", "New Image Kitchens": a leading word that begins a name the
    gazetteer knows (two words or more from a) is part of it, not an opener to strip."""
    if not tv.words[a][:1].isupper():
        return False
    texts = [" ".join(tv.words[a:b]) for b in range(min(j, a + 4), a + 1, -1)]
    if len(tv.words[a]) < 3 or tv.stop[a]:  # "Le Havre", but "La SA" is no "Lhasa"
        return any(lookup_organisation(text) or (
            (place := lookup_place(text)) and fold(place.name) == fold(text)) for text in texts)
    return any(lookup_place(text) or lookup_organisation(text) for text in texts)


def _joined_runs(tv: TokenView, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of three names or more joined only by commas, "and", "et" or "&"."""
    runs: list[list[Mention]] = []
    run: list[Mention] = []
    for m in mentions:
        if run and run[-1].end < m.start and all(
            w in (",", "and", "et", "&") for w in tv.folded[run[-1].end:m.start]
        ):
            run.append(m)
            continue
        if len(run) >= 3:
            runs.append(run)
        run = [m]
    if len(run) >= 3:
        runs.append(run)
    return runs


def lowercase_item(tv: TokenView, k: int) -> bool:
    """", metropack, MGI and Nuon": a brand written in lower case, alone between two commas
    (or a comma and the list's "and"), is an item of the list, not its end."""
    return (0 < k < len(tv.words) - 1 and tv.words[k].isalpha() and tv.words[k].islower()
            and len(tv.words[k]) >= 4 and not tv.stop[k] and tv.words[k - 1] == ","
            and tv.folded[k + 1] in (",", "and", "et"))


def _list_town(m: Mention) -> bool:
    """A town read in a list of firms that is more likely one of them: a small one, or a
    city the text names by another of its names ("Sophia" for Sofia)."""
    return m.type == "City" and m.place is not None and (
        m.place.population < LIST_CITY_MAX or lookup_key(m.text) != lookup_key(m.place.name))


def _nationality_front(tv: TokenView, lex: Lexicon, a: int, j: int) -> bool:
    """"le Belge Bonimex", "les Turcs Karaca": a nationality noun in front of a name is
    not part of it ("la Française des Jeux" keeps its own)."""
    return (tv.folded[a] in lex.nationality_nouns and a + 1 < j and cap_like(tv.words[a + 1])
            and tv.folded[a + 1] not in lex.connectors)


_MEMBERSHIP_VERBS = frozenset({"include", "includes", "included", "comprend", "comprennent",
                               "inclut", "incluent", "compte", "comptent"})


def _lower_word(tv: TokenView, j: int) -> bool:
    return (tv.words[j].isalpha() and tv.words[j].islower()) or tv.folded[j] in ("l'", "d'")


def _role_list_start(tv: TokenView, k: int) -> str | None:
    """"les membres fondateurs comprennent A, B, C", "exhibitors include A": the first name
    of a list of members, exhibitors or partners is a company (its neighbours follow it)."""
    j = k - 1
    while j >= 0 and k - j <= 3 and tv.folded[j] in _ROLE_LIST_OPENERS:
        j -= 1
    if j == k - 1:
        return None
    for _ in range(2):
        if j >= 0 and tv.folded[j] not in _ROLE_NOUNS and tv.words[j].isalpha() and (
            tv.words[j].islower()
        ):
            j -= 1  # "membres fondateurs", "new members"
    return "Company" if j >= 0 and tv.folded[j] in _ROLE_NOUNS else None


_INITIAL_SKIP = frozenset({"of", "for", "and", "the", "de", "des", "du", "d", "la", "le", "les",
                           "et", "&", "l", "en", "pour"})


def initials(name: str) -> str:
    """"Wichita State University" -> "WSU", "LG Energy Solution" -> "LGES"."""
    letters = []
    for word in name.replace("-", " ").replace("'", " ").split():
        if fold(word) in _INITIAL_SKIP or not word[:1].isalpha():
            continue
        letters.append(word if word.isupper() and len(word) <= 4 else word[0].upper())
    return "".join(letters)


def spells(name: str, acronym: str) -> bool:
    """Whether the acronym is the name's initials, or takes the first one to three letters
    of each of its words in order: "QUTAC" for "Quantum Technology and Application
    Consortium"."""
    if initials(name) == acronym.upper():
        return True
    words = [fold(w).upper() for w in name.replace("-", " ").replace("'", " ").split()
             if fold(w) not in _INITIAL_SKIP and w[:1].isalpha()]
    target = fold(acronym).upper()

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(words):
            return j == len(target)
        return any(words[i][:n] == target[j:j + n] and match(i + 1, j + n)
                   for n in range(1, min(3, len(words[i])) + 1))

    return bool(words) and len(words) <= 12 and match(0, 0)


def _bracketed_expansions(tv: TokenView) -> list[tuple[int, int]]:
    """The span inside "ACR (...)" when the bracket spells the acronym out."""
    found = []
    for k, word in enumerate(tv.words[:-3]):
        if not (acronym_like(word) and tv.words[k + 1] == "("):
            continue
        close = next((j for j in range(k + 2, min(len(tv.words), k + 12))
                      if tv.words[j] == ")"), None)
        inside = tv.words[k + 2:close] if close else []
        capitalised = all(w[:1].isupper() for w in inside if fold(w) not in _INITIAL_SKIP)
        if close and close > k + 3 and capitalised and initials(" ".join(inside)) == word.upper():
            found.append((k + 2, close))
    return found


_JOINERS = frozenset({"and", "et", "&"})
_DEMONYM_DETERMINERS = frozenset({"le", "la", "les", "l'", "du", "au", "des", "aux"})


def _expansions_before_acronym(tv: TokenView) -> list[tuple[int, int]]:
    """"Liberian International Ship and Corporate Registry (LISCR)": a name whose "and" would
    split it in two is one name when the acronym after it spells the initials of the whole."""
    found = []
    words = tv.words
    for k in range(1, len(words) - 2):
        if not (words[k] == "(" and acronym_like(words[k + 1]) and words[k + 2] == ")"):
            continue
        a = k
        while a > 0 and k - a < 12 and (cap_like(words[a - 1])
                                        or fold(words[a - 1]) in _INITIAL_SKIP):
            a -= 1
            if (cap_like(words[a]) and spells(" ".join(words[a:k]), words[k + 1])
                    and any(fold(w) in _JOINERS for w in words[a:k])):
                found.append((a, k))
                break
        found.extend(_lowercase_expansion(tv, k))
    return found


def _lowercase_expansion(tv: TokenView, k: int) -> list[tuple[int, int]]:
    """"Groupement des exportateurs de meubles (GEM)", "Consortium québécois en
    transformation numérique et cybersécurité (CQTNC)": a French name is its head word and
    lower-case words, when the acronym after it spells all their initials."""
    words, acronym = tv.words, tv.words[k + 1].upper()
    for a in range(k - 2, max(-1, k - 12), -1):
        if not words[a].isalpha() and fold(words[a]) not in _INITIAL_SKIP and words[a] != "'":
            return []
        if cap_like(words[a]) and a + 1 < k and initials(" ".join(words[a:k])) == acronym:
            head = any(fold(words[a]) in heads for lang in ("fr", "en")
                       for heads in lexicon(lang).name_heads.values())
            return [(a, k)] if head and any(w.islower() for w in words[a + 1:k]) else []
    return []


def _named_meeting(tv: TokenView, k: int) -> bool:
    """"Carrefour des gestions locales de l'eau", "Assises de l'économie de la mer": words
    that name a meeting only before a lower-case complement (Carrefour is also a retailer)."""
    if tv.folded[k] not in ("carrefour", "assises") or k + 2 >= len(tv.words):
        return False
    j = k + 1
    while j < len(tv.words) and j - k <= 2 and tv.folded[j] in _EVENT_NAME_LINKS:
        j += 1
    return j > k + 1 and j < len(tv.words) and tv.words[j].islower()


def _glued(tv: TokenView, k: int) -> bool:
    """No space between token k and the one before it."""
    return tv.idx[k] == tv.idx[k - 1] + len(tv.words[k - 1])


_EVENT_NAME_LINKS = frozenset({"de", "des", "du", "d'", "la", "le", "l'", "les", "et", "&"})
# words that end a show's name: clauses, verbs, places, times
_EVENT_NAME_STOPS = frozenset({"qui", "que", "se", "a", "au", "aux", "en", "dans", "pour", "sur",
                               "avec", "par", "est", "sont", "sera", "aura", "organise",
                               "organisee", "cette", "ce", "cet", "ces", "prochain", "prochaine",
                               "dernier", "derniere", "annee", "edition", "lieu", "tient",
                               "tiendra", "ouvre", "ouvrira"})


def without_brackets(words: list[str], start: int, end: int, longest: int = 10) -> list[int]:
    """Token indexes between two names with a short bracketed part left out: "(santé) ,".
    A bracket of more than `longest` tokens is kept: it is no aside any more."""
    kept: list[int] = []
    depth = 0
    for k in range(start, end):
        if words[k] == "(":
            depth += 1
        elif words[k] == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(k)
    return kept if (end - start) - len(kept) <= longest else list(range(start, end))


# the lower-case words inside a town's name that texts write without its hyphens
_TOWN_JOINERS = frozenset({"sur", "sous", "les", "lès", "lez", "en", "le", "la", "aux", "de",
                           "du", "d'", "et"})


def _with_legal_tail(tv: TokenView, a: int, b: int) -> tuple[int, int]:
    """"Rizhao Iron and Steel Co., Ltd.": the legal form after the comma is the name's."""
    if (b + 1 < len(tv.words) and tv.folded[b - 1] in ("co", "co.") and tv.words[b] == ","
            and tv.folded[b + 1] in ("ltd", "ltd.", "limited", "inc", "inc.")):
        return a, b + 2
    # "Brelco (Scotland) Ltd": a bracketed place before the legal form is part of the name
    if (b + 3 < len(tv.words) and tv.words[b] == "(" and tv.words[b + 2] == ")"
            and cap_like(tv.words[b + 1]) and tv.folded[b + 3] in _LEGAL_WORDS):
        return a, b + 4
    return a, b


def _with_spaced_town(tv: TokenView, a: int, b: int) -> tuple[int, int]:
    """A span cut short by a town written without its hyphens ("Body Armor Recycler de
    Fresse sur Moselle"): reach to the end of the town when the gazetteer knows it."""
    if b + 1 >= len(tv.words) or tv.words[b] not in _TOWN_JOINERS or not cap_like(tv.words[b + 1]):
        return a, b
    if tv.sent_of[b + 1] != tv.sent_of[a]:
        return a, b
    for j in range(a, b):
        if j > a and tv.folded[j - 1] not in ("de", "d'", "du", "a", "in"):
            continue
        if lookup_town(" ".join(tv.words[j:b + 2])) is not None and (
            lookup_town(" ".join(tv.words[j:b])) is None
            or lookup_key(" ".join(tv.words[j:b + 2])) != lookup_key(" ".join(tv.words[j:b]))
        ):
            return a, b + 2
    return a, b


@cache
def _known_first_words() -> dict[str, int]:
    """First word key of every multi-word known name -> the most words such a name has."""
    longest: dict[str, int] = {}
    for org in {id(o): o for o in organisations().values()}.values():
        for name in (org.name, *org.aliases):
            words = name.split()
            if len(words) >= 2:
                key = lookup_key(words[0])
                longest[key] = max(longest.get(key, 0), len(words) + 2)
    return longest


def _known_spans(tv: TokenView) -> list[tuple[int, int]]:
    """Known organisations whose name the text writes with lower-case words ("Cap digital",
    "Pôle véhicule du futur"), which capitalised spans cut short. Multi-word names only, and
    only where the text capitalises the first word."""
    firsts = _known_first_words()
    table = organisations()
    found = []
    for i, word in enumerate(tv.words):
        reach = firsts.get(lookup_key(word)) if word[:1].isupper() else None
        if not reach:
            continue
        for j in range(min(len(tv.words), i + reach), i + 1, -1):
            if tv.words[j - 1] in _PUNCT_STOP or tv.sent_of[j - 1] != tv.sent_of[i]:
                continue  # the key ignores punctuation: "World Health Expo (" is no name
            if lookup_key(" ".join(tv.words[i:j])) in table:
                found.append((i, j))
                break
    return found


def _person_shaped(words: list[str]) -> bool:
    """Two or three plain capitalised words ("Elaine Hulse", "Jean-Marc Dupont"): a model's
    PERSON label on anything else (a brand with an inner capital, one word) is not trusted."""
    return 2 <= len(words) <= 3 and all(
        w[:1].isupper() and w.replace("-", "").isalpha() and not any(c.isupper() for c in w[1:]
                                                                      if c != "-")
        for w in words if w != "-"
    )


_VENUE_HEADS = frozenset({"eurexpo", "fira", "ifema", "parc", "palais", "messegelande"})


def _venue(folded: list[str]) -> bool:
    """"Aberdeen Exhibition and Conference Centre", "Parc des Expositions", "Paris Nord
    Villepinte": where a show is held, not the show."""
    if folded and folded[-1] == "villepinte":
        return True
    has_tail = any(w in _VENUE_TAILS for w in folded)
    return has_tail and any(w in _VENUE_WORDS for w in folded)


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest first, then leftmost; deterministic."""
    taken: set[int] = set()
    chosen = []
    for a, b in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if any(k in taken for k in range(a, b)):
            continue
        taken.update(range(a, b))
        chosen.append((a, b))
    chosen.sort()
    return chosen

"""Cue words and trigger lexicons per language, loaded from `data/lexicons/<lang>.json`.

Every word is compared on its folded form (`graph.keys.fold`: lower case, no accents, plain
apostrophes). An entry ending in "*" matches as a prefix ("partenari*" -> "partenariat").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from graph.keys import fold

LEXICON_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "lexicons"


@dataclass(frozen=True)
class WordSet:
    """Exact words plus prefixes; membership is a set lookup and a short prefix scan. An
    entry of several words ("working with") is a phrase, found in a text by
    `phrase_starts`, never by membership of one word."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, entries: list[str]) -> WordSet:
        single = [e for e in entries if " " not in e.strip()]
        words = {fold(e) for e in single if not e.endswith("*")}
        prefixes = tuple(fold(e[:-1]) for e in single if e.endswith("*"))
        phrases = tuple(tuple(fold(w) for w in e.split()) for e in entries if " " in e.strip())
        return cls(frozenset(words), prefixes, phrases)

    def __contains__(self, folded: str) -> bool:
        return folded in self.words or (bool(self.prefixes) and folded.startswith(self.prefixes))

    def phrase_starts(self, folded: list[str]) -> frozenset[int]:
        """Where one of the phrases begins in a text's folded tokens."""
        return frozenset(k for k in range(len(folded)) for phrase in self.phrases
                         if tuple(folded[k:k + len(phrase)]) == phrase)


@dataclass(frozen=True)
class Lexicon:
    lang: str
    stop_leading: WordSet
    connectors: frozenset[str]
    connector_articles: frozenset[str]
    cues_before: dict[str, WordSet]
    cues_after: dict[str, WordSet]
    cue_skip: WordSet
    name_heads: dict[str, WordSet]
    name_words: dict[str, WordSet]
    short_forms: dict[str, str]
    short_form_determiners: frozenset[str]
    generic_front: tuple[str, ...]  # folded, longest first
    locative_preps: frozenset[str]
    located_transparent: WordSet
    place_inside: frozenset[str]
    triggers: dict[str, WordSet]
    # the subset of triggers that state the relation of a list on their own, so the show or
    # cluster may be named sentences before ("Parmi les exposants : A, B")
    strong_triggers: dict[str, WordSet]
    trigger_blockers: dict[str, WordSet]
    event_location_links: frozenset[str]
    continuation_openers: frozenset[str]
    person_roles: frozenset[str]
    not_names: frozenset[str]
    # verbs whose subject acts, as a town does not: "Toyota said" is the company
    agent_verbs: frozenset[str]
    # verbs by which a cluster names its members: "the cluster is anchored by", "le pôle réunit"
    cluster_gathers: frozenset[str]
    # phrases of a web page's cookie banner, login form or paywall: no article sentence
    page_furniture: tuple[str, ...]
    # marks before a photo credit: "© Renault", "Crédit : TotalEnergies"
    credit_marks: tuple[str, ...]
    # capitalised nationality nouns before a firm's name: "le Belge Bonimex" (French)
    nationality_nouns: frozenset[str] = frozenset()

    def is_any_trigger(self, folded: str) -> bool:
        return _any_trigger(self.lang, folded)

    def cue_type(self, folded: str, table: dict[str, WordSet]) -> str | None:
        return next((t for t, words in table.items() if folded in words), None)


def _fset(entries: list[str]) -> frozenset[str]:
    return frozenset(fold(e) for e in entries)


def _table(raw: dict[str, list[str]]) -> dict[str, WordSet]:
    return {key: WordSet.of(words) for key, words in raw.items()}


@cache
def lexicon(lang: str) -> Lexicon:
    raw = json.loads((LEXICON_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    return Lexicon(
        lang=lang,
        stop_leading=WordSet.of(raw["stop_leading"]),
        connectors=_fset(raw["connectors"]),
        connector_articles=_fset(raw["connector_articles"]),
        cues_before=_table(raw["cues_before"]),
        cues_after=_table(raw.get("cues_after", {})),
        cue_skip=WordSet.of(raw["cue_skip"]),
        name_heads=_table(raw["name_heads"]),
        name_words=_table(raw.get("name_words", {})),
        short_forms={fold(k): v for k, v in raw["short_forms"].items()},
        short_form_determiners=_fset(raw["short_form_determiners"]),
        generic_front=tuple(sorted({fold(g) for g in raw["generic_front"]}, key=len, reverse=True)),
        locative_preps=_fset(raw["locative_preps"]),
        located_transparent=WordSet.of(raw["located_transparent"]),
        place_inside=_fset(raw["place_inside"]),
        triggers=_table(raw["triggers"]),
        strong_triggers=_table(raw.get("strong_triggers", {})),
        trigger_blockers=_table(raw["trigger_blockers"]),
        event_location_links=_fset(raw["event_location_links"]),
        continuation_openers=_fset(raw.get("continuation_openers", [])),
        person_roles=_fset(raw.get("person_roles", [])),
        not_names=_fset(raw.get("not_names", [])),
        agent_verbs=_fset(raw.get("agent_verbs", [])),
        cluster_gathers=_fset(raw.get("cluster_gathers", [])),
        page_furniture=tuple(sorted(_fset(raw.get("page_furniture", [])))),
        credit_marks=tuple(sorted(_fset(raw.get("credit_marks", [])))),
        nationality_nouns=_fset(raw.get("nationality_nouns", [])),
    )


@lru_cache(maxsize=100_000)
def _any_trigger(lang: str, folded: str) -> bool:
    return any(folded in words for words in lexicon(lang).triggers.values())

"""Suggestions ("did you mean"): the names closest to what someone typed, best first.

Closeness is tiered, as people misspell: a name that begins with what was typed comes first
(they stopped typing early), then names sharing words with it (a word may itself be a little
misspelt, or cut short), and only then names that are merely a few edits away. Within a tier
the nearer spelling wins; candidates of the expected types come before the others. Case,
accents and punctuation never count (graph.keys.lookup_key).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Indel, Levenshtein

from graph.keys import fold, lookup_key

# words that say nothing about which entity is meant
STOPWORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"of", "the", "and", "for", "in", "on", "at", "to"}
)
_WORD = re.compile(r"[a-z0-9]+")
MIN_PREFIX = 3  # a prefix this short still narrows a list well
EDIT_CUTOFF = 0.75  # below this normalised similarity a spelling is not a suggestion


@dataclass(frozen=True)
class Candidate:
    """One way to write an entity (its name or an alias), the name shown for it, its type."""

    text: str
    shown: str
    type: str = ""


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def _word_matches(typed: str, word: str) -> bool:
    """Equal, one cut short of the other, or within an edit or two for a long word."""
    if typed == word:
        return True
    if len(typed) >= MIN_PREFIX and word.startswith(typed):
        return True  # typed short: "Aero" for "Aerospace"
    if len(word) >= 5 and typed.startswith(word):
        return True  # the name's word is the short one: "Trucks" typed for "Truck"
    longest = max(len(typed), len(word))
    allowed = 0 if longest < 5 else 1 if longest < 8 else 2
    return allowed > 0 and Levenshtein.distance(typed, word, score_cutoff=allowed) <= allowed


def score(typed: str, text: str) -> tuple[int, float]:
    """(tier, closeness): tier 3 same key or a prefix of it, 2 shared words, 1 spelling
    only, 0 not close; closeness in [0, 1] orders names within a tier."""
    typed_key, key = lookup_key(typed), lookup_key(text)
    if not typed_key or not key:
        return 0, 0.0
    spelling = Indel.normalized_similarity(typed_key, key)
    if typed_key == key:
        return 3, 1.0
    if len(typed_key) >= MIN_PREFIX and key.startswith(typed_key):
        return 3, len(typed_key) / len(key)
    typed_words, name_words = words(typed), words(text)
    if typed_words and name_words:
        matched = sum(any(_word_matches(t, w) for w in name_words) for t in typed_words)
        if matched:
            share = matched / max(len(typed_words), len(name_words))
            return 2, (share + spelling) / 2
    if spelling >= EDIT_CUTOFF:
        return 1, spelling
    return 0, 0.0


def closest(
    typed: str,
    candidates: Iterable[Candidate],
    *,
    types: Collection[str] = (),
    limit: int = 5,
) -> list[str]:
    """The shown names of the candidates closest to `typed`, best first, each once; those
    of one of `types` (when given) before the rest."""
    best: dict[str, tuple[bool, int, float]] = {}
    for candidate in candidates:
        tier, closeness = score(typed, candidate.text)
        if tier == 0:
            continue
        rank = (bool(types) and candidate.type in types, tier, closeness)
        if rank > best.get(candidate.shown, (False, 0, 0.0)):
            best[candidate.shown] = rank
    ordered = sorted(best, key=lambda shown: (best[shown], -len(shown)), reverse=True)
    return ordered[:limit]


def did_you_mean(names: list[str]) -> str:
    """The tail of a message: '; did you mean A, B or C?', or nothing."""
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"; did you mean {listed}?"

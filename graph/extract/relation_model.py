"""A trained relation classifier over candidate pairs, on top of the rules.

The rules of graph/extract/relations.py are precise on the texts they were written from and
miss what they were not written for. Every pair of entities that one sentence names and whose
types fit a relation is a *candidate*; a logistic regression per relation type, trained on
the real development articles (`scripts/train_relations.py`), scores it from the words
between and around the two names, the trigger words of the sentence and whether a rule
found it. The model keeps a rule's relation only above one threshold and adds a relation no
rule found only above a higher one (both chosen by cross-validation on the development set).

Feature strings are hashed into `DIMENSION` buckets, so the committed model
(`data/models/relations.json`) holds numbers only, never a word of the articles it was
trained on. `KG_RELATION_MODEL=none` turns it off; `KG_RELATION_MODEL=PATH` picks another.
"""

from __future__ import annotations

import json
import math
import os
import zlib
from itertools import pairwise
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.extract.lexicon import Lexicon
from graph.extract.mentions import Mention, TokenView
from graph.gazetteer import contains

MODEL_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "models" / "relations.json"
DIMENSION = 1 << 18
ORGS = frozenset({"Company", "Cluster", "Lab"})
PLACES = frozenset({"City", "Region", "Country"})
RELATION_TYPES = ("PARTNERS_WITH", "LOCATED_IN", "EXHIBITS_AT", "MEMBER_OF")
_WINDOW = 3  # words read on each side of the pair
_BETWEEN = 8  # words read between the two names, from each end when the gap is longer
_COORDINATION = frozenset({",", "et", "and", "&", "ainsi", "que", "as", "well", "ou", "or"})


@dataclass(frozen=True)
class Candidate:
    """A typed pair one sentence names; `rule` tells whether a rule stated it there."""

    type: str
    source: str
    target: str
    sentence: int
    rule: bool
    features: tuple[str, ...]

    def key(self) -> tuple[str, str, str]:
        if self.type == "PARTNERS_WITH" and self.target < self.source:
            return (self.type, self.target, self.source)
        return (self.type, self.source, self.target)


def _fits(rel: str, a: Mention, ta: str, b: Mention, tb: str) -> bool:
    if rel == "PARTNERS_WITH":
        return ta in ORGS and tb in ORGS
    if rel == "EXHIBITS_AT":
        return ta in ORGS and tb == "Event"
    if rel == "MEMBER_OF":
        return ta in ORGS and tb == "Cluster"
    if ta in PLACES:  # LOCATED_IN between places only where the gazetteer agrees
        return tb in PLACES and a.place is not None and b.place is not None and contains(
            b.place, a.place)
    return (ta in ORGS or ta == "Event") and tb in PLACES


def candidates(tv: TokenView, lex: Lexicon, mentions: list[Mention], types: dict[str, str],
               rule_keys: set[tuple[str, str, str, int]]) -> list[Candidate]:
    """Every typed pair of distinct entities named in one sentence, with its features (one
    candidate per relation key and sentence, from the closest pair of their mentions); and
    for exhibitors and members, whose show or cluster is often named sentences away, each
    organisation of a sentence naming none with the show or cluster named last before it
    and with the one the article names most."""
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity and m.entity in types:
            by_sent.setdefault(m.sent, []).append(m)
    found: list[Candidate] = []

    def rule(rel: str, src: str, tgt: str, s: int) -> bool:
        return (rel, src, tgt, s) in rule_keys or (
            rel == "PARTNERS_WITH" and (rel, tgt, src, s) in rule_keys)

    for s, ms in sorted(by_sent.items()):
        for (rel, src, tgt), (a, b) in _closest_pairs(ms, types).items():
            stated = rule(rel, src, tgt, s)
            found.append(Candidate(rel, src, tgt, s, stated,
                                   _features(tv, lex, rel, a, b, types, ms, stated)))
    for rel, target_type in (("EXHIBITS_AT", "Event"), ("MEMBER_OF", "Cluster")):
        topics = _Topics(mentions, types, target_type)
        for s, ms in sorted(by_sent.items()):
            if any(types[m.entity] == target_type for m in ms):  # type: ignore[index]
                continue
            orgs = {m.entity: m for m in ms if types[m.entity] in ORGS and not m.short_form}  # type: ignore[index]
            for where, target in topics.of(s):
                for org, m in orgs.items():
                    if org == target:
                        continue
                    is_rule = rule(rel, org, target, s)  # type: ignore[arg-type]
                    found.append(Candidate(rel, org, target, s, is_rule,  # type: ignore[arg-type]
                                           _far_features(tv, lex, rel, m, where, types, ms,
                                                         is_rule)))
    return found


def _closest_pairs(ms: list[Mention], types: dict[str, str]
                   ) -> dict[tuple[str, str, str], tuple[Mention, Mention]]:
    best: dict[tuple[str, str, str], tuple[int, Mention, Mention]] = {}
    for a in ms:
        for b in ms:
            if a.entity == b.entity:
                continue
            ta, tb = types[a.entity], types[b.entity]  # type: ignore[index]
            for rel in RELATION_TYPES:
                if not _fits(rel, a, ta, b, tb):
                    continue
                if rel == "PARTNERS_WITH" and a.entity > b.entity:  # type: ignore[operator]
                    continue
                gap = max(a.start, b.start) - min(a.end, b.end)
                key = (rel, a.entity, b.entity)
                if key not in best or gap < best[key][0]:
                    best[key] = (gap, a, b)  # type: ignore[index]
    return {key: (a, b) for key, (_, a, b) in best.items()}  # type: ignore[misc]


class _Topics:
    """The show (or cluster) a sentence naming none is about: the one named last within a
    few sentences before it, and the one the article names most."""

    def __init__(self, mentions: list[Mention], types: dict[str, str], target_type: str,
                 window: int = 6) -> None:
        self.named = sorted((m.sent, m.start, m.entity) for m in mentions
                            if m.entity and types.get(m.entity) == target_type)
        counts: dict[str, int] = {}
        for _, _, entity in self.named:
            counts[entity] = counts.get(entity, 0) + 1  # type: ignore[index]
        self.main = max(counts, key=lambda e: (counts[e], -self._first(e))) if counts else None
        self.window = window

    def _first(self, entity: str) -> int:
        return next(s for s, _, e in self.named if e == entity)

    def of(self, s: int) -> list[tuple[str, str]]:
        before = [(t, e) for t, _, e in self.named if s - self.window <= t < s]
        out: list[tuple[str, str]] = []
        if before:
            out.append((f"prev{_bucket(s - before[-1][0])}", before[-1][1]))  # type: ignore[arg-type]
        if self.main and all(e != self.main for _, e in out):
            out.append(("main", self.main))
        return out


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20):
        if n <= limit:
            return str(limit)
    return "more"


def _features(tv: TokenView, lex: Lexicon, rel: str, a: Mention, b: Mention,
              types: dict[str, str], ms: list[Mention], rule: bool) -> tuple[str, ...]:
    lo, hi = tv.sent_bounds[a.sent]
    first, second = (a, b) if a.start <= b.start else (b, a)
    gap = range(first.end, second.start)
    f = [
        "bias", f"rule={rule}", f"types={types[a.entity]}>{types[b.entity]}",  # type: ignore[index]
        f"order={'st' if first is a else 'ts'}", f"gap={_bucket(len(gap))}",
        f"lang={lex.lang}", f"sentlen={_bucket((hi - lo) // 4)}",
        f"strength={a.strength}/{b.strength}",
    ]
    inside = [m for m in ms if first.end <= m.start and m.end <= second.start]
    f.append(f"inside={_bucket(len(inside))}")
    f.append(f"inside_types={'/'.join(sorted({types[m.entity] for m in inside}))}")  # type: ignore[index]
    orgs = sum(1 for m in ms if types.get(m.entity or "") in ORGS)
    f.append(f"orgs={_bucket(orgs)}")
    between = [tv.folded[k] for k in gap if tv.words[k].strip()]
    if all(w in _COORDINATION for w in between):
        f.append("coordinated")
    words = between if len(between) <= 2 * _BETWEEN else (
        between[:_BETWEEN] + between[-_BETWEEN:])
    f += [f"b:{w}" for w in words]
    f += [f"b2:{x}_{y}" for x, y in pairwise(words)]
    f += [f"l:{tv.folded[k]}" for k in range(max(lo, first.start - _WINDOW), first.start)]
    f += [f"r:{tv.folded[k]}" for k in range(second.end, min(hi, second.end + _WINDOW))]
    f.append(f"first_at_start={first.start - lo <= 1}")
    f += _trigger_features(tv, lex, lo, hi, first, second)
    return tuple(f)


def _trigger_features(tv: TokenView, lex: Lexicon, lo: int, hi: int, first: Mention,
                      second: Mention) -> list[str]:
    f: list[str] = []
    for name, table in (("t", lex.triggers), ("s", lex.strong_triggers),
                        ("x", lex.trigger_blockers)):
        for rel, words in table.items():
            at = [k for k in range(lo, hi) if tv.folded[k] in words]
            if not at:
                continue
            where = {"before" if k < first.start else "after" if k >= second.end else
                     "between" for k in at}
            f += [f"{name}:{rel}:{w}" for w in sorted(where)]
            near = min(min(abs(k - first.start), abs(k - second.end)) for k in at)
            f.append(f"{name}:{rel}:near={_bucket(near)}")
    return f


def _far_features(tv: TokenView, lex: Lexicon, rel: str, m: Mention, where: str,
                  types: dict[str, str], ms: list[Mention], rule: bool) -> tuple[str, ...]:
    """An organisation and a show or cluster named in another sentence: what surrounds the
    organisation, and the trigger words of its sentence."""
    lo, hi = tv.sent_bounds[m.sent]
    orgs = [o for o in ms if types.get(o.entity or "") in ORGS]
    f = ["bias", "far", f"far={where}", f"rule={rule}", f"type={types[m.entity]}",  # type: ignore[index]
         f"lang={lex.lang}", f"orgs={_bucket(len({o.entity for o in orgs}))}",
         f"strength={m.strength}", f"at_start={m.start - lo <= 1}"]
    f += [f"l:{tv.folded[k]}" for k in range(max(lo, m.start - _WINDOW), m.start)]
    f += [f"r:{tv.folded[k]}" for k in range(m.end, min(hi, m.end + _WINDOW))]
    f += _trigger_features(tv, lex, lo, hi, m, m)
    return tuple(f)


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIMENSION


_LEXICAL = ("b:", "b2:", "l:", "r:")


def hashed(features: Iterable[str], lexical: bool = True) -> list[int]:
    """Feature indexes; without `lexical`, the words around and between the names are left
    out (only their structure, the types and the trigger words count)."""
    return sorted({_hash(x) for x in features if lexical or not x.startswith(_LEXICAL)})


@dataclass(frozen=True)
class RelationModel:
    """Per relation type: weights over hashed features, a bias, and the two thresholds."""

    weights: dict[str, dict[int, float]]
    bias: dict[str, float]
    keep: dict[str, float]  # a rule's relation is kept at or above this probability
    add: dict[str, float]  # a relation no rule found is added at or above this one
    lexical: bool = True

    def probability(self, candidate: Candidate) -> float:
        weights = self.weights.get(candidate.type)
        if weights is None:
            return 1.0 if candidate.rule else 0.0
        z = self.bias[candidate.type] + sum(weights.get(i, 0.0)
                                            for i in hashed(candidate.features, self.lexical))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, candidate: Candidate, probability: float) -> bool:
        limits = self.keep if candidate.rule else self.add
        return probability >= limits.get(candidate.type, 0.0 if candidate.rule else 1.1)

    def to_json(self) -> dict:
        return {"dimension": DIMENSION, "lexical": self.lexical, "types": {
            rel: {"bias": self.bias[rel], "keep": self.keep[rel], "add": self.add[rel],
                  "weights": {str(i): round(w, 5) for i, w in sorted(self.weights[rel].items())}}
            for rel in self.weights}}

    @classmethod
    def from_json(cls, data: dict) -> RelationModel:
        if data.get("dimension") != DIMENSION:
            raise ValueError("the model was trained with another feature dimension")
        types = data["types"]
        return cls({r: {int(i): float(w) for i, w in t["weights"].items()} for r, t in
                    types.items()}, {r: float(t["bias"]) for r, t in types.items()},
                   {r: float(t["keep"]) for r, t in types.items()},
                   {r: float(t["add"]) for r, t in types.items()},
                   bool(data.get("lexical", True)))


@cache
def _load(path: str) -> RelationModel:
    return RelationModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def default_model() -> RelationModel | None:
    """The committed model, another one named by KG_RELATION_MODEL, or None (rules alone)."""
    choice = os.environ.get("KG_RELATION_MODEL", "")
    if choice.lower() == "none":
        return None
    path = Path(choice) if choice else MODEL_PATH
    return _load(str(path)) if path.is_file() else None

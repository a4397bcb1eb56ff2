#!/usr/bin/env python3
"""Train the relation model (graph/extract/relation_model.py) on the real development set.

    python scripts/train_relations.py                 # cross-validate, train, write the model
    python scripts/train_relations.py --cv-only       # only print the cross-validated figures

Needs the `train` extra (scikit-learn) and the texts of data/real/articles (rebuilt as
data/real/README.md says). Only the `dev` part of data/real is read: the held-out part is
scored afterwards with `kg eval data/real --split heldout`, never trained or tuned on.

Each candidate pair (graph.extract.relation_model.candidates) is labelled by the gold file:
positive when a gold relation of its type joins the two names, as `kg eval` matches them.
One L2 logistic regression per relation type. The two thresholds per type (keep a rule's
finding, add a new one) are chosen on out-of-fold probabilities (5 folds of whole articles)
by the relation F1 that `kg eval` itself computes, and those cross-validated figures are
printed beside the rules' own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("KG_EN_MODEL", "none")

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from graph.evaluate import Gold, Scores, load_gold, normalise_name, score_article
from graph.extract import Reading, graph_of, read_doc
from graph.extract.nlp import language_of, pipeline
from graph.extract.relation_model import (
    DIMENSION,
    MODEL_PATH,
    RELATION_TYPES,
    Candidate,
    RelationModel,
    hashed,
)
from graph.extract.relations import Found
from graph.extract.text import plain_text
from graph.goldset import read_sources
from graph.load import load_file
from graph.model import Article

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
KEEP_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
ADD_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1)  # 1.1: add nothing
FOLDS = 5
C = 0.5
LEXICAL = os.environ.get("KG_TRAIN_LEXICAL", "1") == "1"
NO_RULE = os.environ.get("KG_TRAIN_NO_RULE", "0") == "1"


@dataclass
class Example:
    article: Article
    doc: object
    lang: str
    offsets: object
    gold: Gold
    reading: Reading
    candidates: list[Candidate]
    labels: list[int]


def dev_stems() -> list[str]:
    return [row["stem"] for row in read_sources(REAL) if row.get("split") == "dev"]


def load_example(stem: str) -> Example:
    path = REAL / "articles" / f"{stem}.txt"
    (article,) = list(load_file(path))
    gold = load_gold(REAL / "gold" / f"{stem}.gold.json", path.read_text(encoding="utf-8"))
    text, offsets = plain_text(article.text)
    lang = language_of(article.lang, article.text)
    doc = pipeline(lang)(text)
    reading = read_doc(doc, lang)
    candidates = reading.candidates()
    return Example(article, doc, lang, offsets, gold, reading, candidates,
                   labels(reading, gold, candidates))


def labels(reading: Reading, gold: Gold, candidates: list[Candidate]) -> list[int]:
    """1 where a gold relation of the candidate's type joins names matching its two ends."""
    names = {e.id: {normalise_name(n) for n in (e.name, *e.aliases)}
             for e in reading.builder.entities()}
    gold_names = {g.name: {normalise_name(n) for n in (g.name, *g.aliases)}
                  for g in gold.entities}

    def same(entity: str, gold_name: str) -> bool:
        return bool(names.get(entity, set()) & gold_names.get(gold_name, set()))

    out = []
    for c in candidates:
        hit = any(
            r.type == c.type and ((same(c.source, r.source) and same(c.target, r.target)) or (
                c.type == "PARTNERS_WITH" and same(c.source, r.target)
                and same(c.target, r.source)))
            for r in gold.relations)
        out.append(int(hit))
    return out


def fit(examples: list[Example]) -> dict[str, LogisticRegression]:
    models = {}
    for rel in RELATION_TYPES:
        rows = [(c, y) for e in examples for c, y in zip(e.candidates, e.labels, strict=True)
                if c.type == rel]
        ys = [y for _, y in rows]
        if not rows or len(set(ys)) < 2:
            continue
        model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        model.fit(matrix([c for c, _ in rows]), np.array(ys))
        models[rel] = model
    return models


def matrix(candidates: list[Candidate]) -> csr_matrix:
    indptr, indices = [0], []
    for c in candidates:
        feats = [x for x in c.features if not (NO_RULE and x.startswith("rule="))]
        indices.extend(hashed(feats, LEXICAL))
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(candidates), DIMENSION))


def probabilities(models: dict[str, LogisticRegression], e: Example) -> list[float]:
    out = [float(c.rule) for c in e.candidates]
    for rel, model in models.items():
        rows = [i for i, c in enumerate(e.candidates) if c.type == rel]
        if rows:
            probs = model.predict_proba(matrix([e.candidates[i] for i in rows]))[:, 1]
            for i, p in zip(rows, probs, strict=True):
                out[i] = float(p)
    return out


def found_with(e: Example, probs: list[float], keep: dict[str, float],
               add: dict[str, float]) -> list[Found]:
    best: dict[tuple[str, str, str], tuple[float, Candidate]] = {}
    for c, p in zip(e.candidates, probs, strict=True):
        if c.key() not in best or p > best[c.key()][0]:
            best[c.key()] = (p, c)

    def key(f: Found) -> tuple[str, str, str]:
        if f.type == "PARTNERS_WITH" and f.target < f.source:
            return (f.type, f.target, f.source)
        return (f.type, f.source, f.target)

    rules = list(e.reading.rules.found)
    kept = [f for f in rules if key(f) not in best or best[key(f)][0] >= keep.get(f.type, 0.0)]
    ruled = {key(f) for f in rules}
    added = [Found(c.type, c.source, c.target, (c.sentence,), 0.7)
             for k, (p, c) in best.items() if k not in ruled and p >= add.get(c.type, 1.1)]
    return kept + added


def score(examples: list[Example], probs: list[list[float]], keep, add) -> Scores:
    total = Scores()
    for e, p in zip(examples, probs, strict=True):
        rules_found = list(e.reading.rules.found)
        graph = graph_of(e.article, e.reading, found_with(e, p, keep, add), e.doc, e.lang,
                         e.offsets)
        e.reading.rules.found = rules_found
        total = total + score_article(graph, e.gold)
    return total


def rel_f1(scores: Scores, rel: str | None = None) -> float:
    counts = [c for t, c in scores.relations.items() if rel is None or t == rel]
    tp = sum(c.tp for c in counts)
    fp = sum(c.fp for c in counts)
    fn = sum(c.fn for c in counts)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cross_validate(examples: list[Example]) -> list[list[float]]:
    order = list(range(len(examples)))
    random.Random(2026).shuffle(order)
    probs: list[list[float]] = [[] for _ in examples]
    for fold in range(FOLDS):
        test = [i for n, i in enumerate(order) if n % FOLDS == fold]
        train = [examples[i] for i in order if i not in test]
        models = fit(train)
        for i in test:
            probs[i] = probabilities(models, examples[i])
    return probs


def tune(examples: list[Example], probs: list[list[float]]) -> tuple[dict, dict]:
    keep = {rel: 0.0 for rel in RELATION_TYPES}
    add = {rel: 1.1 for rel in RELATION_TYPES}
    for rel in RELATION_TYPES:
        best = (rel_f1(score(examples, probs, keep, add), rel), keep[rel], add[rel])
        for k in KEEP_GRID:
            for a in ADD_GRID:
                f1 = rel_f1(score(examples, probs, {**keep, rel: k}, {**add, rel: a}), rel)
                if f1 > best[0] + 1e-9:
                    best = (f1, k, a)
        keep[rel], add[rel] = best[1], best[2]
        print(f"  {rel}: keep >= {keep[rel]}, add >= {add[rel]} (cv F1 {best[0]:.3f})")
    return keep, add


def report(label: str, scores: Scores) -> None:
    per = ", ".join(f"{rel} {rel_f1(scores, rel):.2f}" for rel in RELATION_TYPES)
    print(f"{label}: relation F1 {rel_f1(scores):.3f} ({per})")


def export(models: dict[str, LogisticRegression], keep: dict, add: dict) -> RelationModel:
    weights, bias = {}, {}
    for rel, model in models.items():
        coef = model.coef_[0]
        nonzero = np.flatnonzero(np.abs(coef) >= 1e-4)
        weights[rel] = {int(i): float(coef[i]) for i in nonzero}
        bias[rel] = float(model.intercept_[0])
    return RelationModel(weights, bias, {r: keep[r] for r in models},
                         {r: add[r] for r in models}, LEXICAL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="print figures, write nothing")
    parser.add_argument("-o", "--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    stems = dev_stems()
    print(f"reading {len(stems)} development articles")
    examples = [load_example(stem) for stem in stems]
    n = sum(len(e.candidates) for e in examples)
    pos = sum(sum(e.labels) for e in examples)
    print(f"{n} candidates, {pos} positive")
    rules = [[float(c.rule) for c in e.candidates] for e in examples]
    none_keep = {rel: 0.0 for rel in RELATION_TYPES}
    none_add = {rel: 1.1 for rel in RELATION_TYPES}
    report("rules alone", score(examples, rules, none_keep, none_add))
    probs = cross_validate(examples)
    keep, add = tune(examples, probs)
    report("rules + model, cross-validated", score(examples, probs, keep, add))
    if args.cv_only:
        return 0
    model = export(fit(examples), keep, add)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n",
                           encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

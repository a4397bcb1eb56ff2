"""Score extracted `ArticleGraph`s against gold files by the project's EVAL.md rules (their
scoring part is in docs/articles.md).

Entities (type ignored), typed entities (type must match) and relations (type and both
endpoints; PARTNERS_WITH unordered) get micro-averaged precision, recall and F1, overall and
per type. Names are normalised before matching (`normalise_name`); a predicted entity matches a
gold entity when its name equals the gold name or a gold alias, or one of its aliases equals
the gold name; pairing is one-to-one. Optional gold items are neither misses nor, when
matched, false positives.

A gold set is a folder of pairs `NAME.<txt|md|html|json>` + `NAME.gold.json`.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import BadInput, KgError
from graph.goldset import (
    GOLD_DIR,
    TEXT_DIR,
    is_offset_set,
    offset_pairs,
    read_sources,
    read_text,
    resolve_evidence,
)
from graph.keys import fold
from graph.load import GOLD_SUFFIX
from graph.model import (
    ENTITY_TYPES,
    RELATION_TYPES,
    SYMMETRIC_RELATIONS,
    Article,
    ArticleGraph,
)

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")

Extractor = Callable[[Iterable[Article]], Iterator[ArticleGraph]]

# --------------------------------------------------------------------------- name normalisation

_LEADING_ARTICLES = frozenset({"le", "la", "les", "l", "the"})
# Multi-word descriptors first so "pole de competitivite" goes before "pole".
_DESCRIPTORS: tuple[tuple[str, ...], ...] = (
    ("pole", "de", "competitivite"), ("pole",), ("cluster",), ("societe",), ("entreprise",),
    ("groupe",), ("salon",), ("laboratoire",),
)
_LEGAL_SUFFIXES = frozenset({"sa", "sas", "sarl", "inc", "ltd", "gmbh", "llc", "plc", "corp",
                             "ag"})
_YEAR = re.compile(r"(19|20)\d\d")
_ORDINAL = re.compile(r"\d+(er|re|e|eme|nd|rd|st|th)")
_WORD = re.compile(r"[a-z0-9]+")


def normalise_name(name: str) -> str:
    """The matching key of a name: case, accents, punctuation and spaces ignored; leading
    articles, generic descriptors, years, ordinals and trailing legal suffixes dropped.
    "la société Amplitude Systèmes SAS" and "Amplitude-Systemes" give "amplitudesystemes"."""
    words = _WORD.findall(fold(name))
    kept = [w for w in words if not (_YEAR.fullmatch(w) or _ORDINAL.fullmatch(w))]
    kept = _drop_descriptors(kept)
    while kept and kept[0] in _LEADING_ARTICLES:
        kept = kept[1:]
    kept = _drop_descriptors(kept)  # "le salon X": article, then descriptor
    while kept and kept[-1] in _LEGAL_SUFFIXES and len(kept) > 1:
        kept = kept[:-1]
    return "".join(kept) or "".join(words)


def _drop_descriptors(words: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(words):
        for phrase in _DESCRIPTORS:
            if tuple(words[index:index + len(phrase)]) == phrase:
                index += len(phrase)
                break
        else:
            out.append(words[index])
            index += 1
    return out


# --------------------------------------------------------------------------- gold files


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    optional: bool = False
    note: str = ""


@dataclass(frozen=True)
class GoldRelation:
    type: str
    source: str  # a GoldEntity name
    target: str
    evidence: str = ""
    optional: bool = False
    note: str = ""


@dataclass(frozen=True)
class Gold:
    entities: tuple[GoldEntity, ...] = ()
    relations: tuple[GoldRelation, ...] = ()

    @classmethod
    def from_json(cls, data: Any, where: str = "gold") -> Gold:
        """Parse and check a gold object; a relation with an optional endpoint is optional."""
        if not isinstance(data, dict):
            raise BadInput(where, "gold must be an object with 'entities' and 'relations'")
        entities = tuple(_gold_entity(item, where) for item in data.get("entities", []))
        by_name = {e.name: e for e in entities}
        if len(by_name) != len(entities):
            raise BadInput(where, "two gold entities share a name")
        relations = []
        for item in data.get("relations", []):
            relation = _gold_relation(item, where)
            for end in (relation.source, relation.target):
                if end not in by_name:
                    raise BadInput(where, f"relation endpoint {end!r} is not a gold entity name")
            optional = (relation.optional or by_name[relation.source].optional
                        or by_name[relation.target].optional)
            relations.append(GoldRelation(relation.type, relation.source, relation.target,
                                          relation.evidence, optional, relation.note))
        return cls(entities, tuple(relations))


def _gold_entity(item: Any, where: str) -> GoldEntity:
    if not isinstance(item, dict) or not item.get("name") or item.get("type") not in ENTITY_TYPES:
        raise BadInput(where, f"bad gold entity {item!r} (needs name and a type among "
                              f"{', '.join(ENTITY_TYPES)})")
    return GoldEntity(item["name"], item["type"], tuple(item.get("aliases", ())),
                      bool(item.get("optional", False)), item.get("note", ""))


def _gold_relation(item: Any, where: str) -> GoldRelation:
    if not isinstance(item, dict) or item.get("type") not in RELATION_TYPES:
        raise BadInput(where, f"bad gold relation {item!r} (type among "
                              f"{', '.join(RELATION_TYPES)})")
    return GoldRelation(item["type"], item.get("source", ""), item.get("target", ""),
                        item.get("evidence", ""), bool(item.get("optional", False)),
                        item.get("note", ""))


def load_gold(path: Path, text: str | None = None) -> Gold:
    """A gold file; `text` is the article's text when the gold records evidence by offsets
    (a set of gold/ + articles/, see graph.goldset)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if text is not None:
            data = resolve_evidence(data, text)
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(str(path), f"cannot read gold file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BadInput(str(path), f"malformed JSON ({exc.msg}, line {exc.lineno})") from None
    return Gold.from_json(data, str(path))


# --------------------------------------------------------------------------- counts and scores


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class Counts:
    """True positives, false positives, false negatives; P/R/F1 are None when undefined."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def _add_maps(a: dict[str, Counts], b: dict[str, Counts]) -> dict[str, Counts]:
    return {key: a.get(key, Counts()) + b.get(key, Counts()) for key in sorted({*a, *b})}


@dataclass(frozen=True)
class Scores:
    """Counts for one article or summed over many, with what was missed and spurious."""

    entities: Counts = Counts()
    typed: dict[str, Counts] = field(default_factory=dict)  # per entity type
    relations: dict[str, Counts] = field(default_factory=dict)  # per relation type
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    @property
    def typed_all(self) -> Counts:
        return sum(self.typed.values(), Counts())

    @property
    def relations_all(self) -> Counts:
        return sum(self.relations.values(), Counts())

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.entities + other.entities, _add_maps(self.typed, other.typed),
                      _add_maps(self.relations, other.relations),
                      self.missed + other.missed, self.spurious + other.spurious)

    def to_json(self) -> dict[str, Any]:
        return {
            "entities": self.entities.to_json(),
            "typed_entities": {"all": self.typed_all.to_json(),
                               **{k: v.to_json() for k, v in self.typed.items()}},
            "relations": {"all": self.relations_all.to_json(),
                          **{k: v.to_json() for k, v in self.relations.items()}},
            "missed": list(self.missed),
            "spurious": list(self.spurious),
        }


# --------------------------------------------------------------------------- matching


def _pair(candidates: list[list[int]], gold_order: Sequence[int]) -> dict[int, int]:
    """Maximum one-to-one pairing gold -> predicted (Kuhn's augmenting paths), trying gold
    items in `gold_order`; a gold item once paired stays paired, so putting required items
    first maximises required matches before optional ones take what is left."""
    pred_to_gold: dict[int, int] = {}

    def augment(gold: int, seen: set[int]) -> bool:
        for pred in candidates[gold]:
            if pred in seen:
                continue
            seen.add(pred)
            if pred not in pred_to_gold or augment(pred_to_gold[pred], seen):
                pred_to_gold[pred] = gold
                return True
        return False

    for gold in gold_order:
        augment(gold, set())
    return {gold: pred for pred, gold in pred_to_gold.items()}


def _required_first(optional_flags: Sequence[bool]) -> list[int]:
    return sorted(range(len(optional_flags)), key=lambda i: optional_flags[i])


@dataclass(frozen=True)
class _Outcome:
    counts: dict[str, Counts]
    missed: list[str]
    spurious: list[str]


def _score_pairing(
    pairing: dict[int, int],
    gold_optional: Sequence[bool],
    gold_keys: Sequence[str],
    pred_keys: Sequence[str],
    gold_labels: Sequence[str],
    pred_labels: Sequence[str],
) -> _Outcome:
    counts: dict[str, Counts] = {}

    def bump(key: str, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        counts[key] = counts.get(key, Counts()) + Counts(tp, fp, fn)

    missed: list[str] = []
    for gold, optional in enumerate(gold_optional):
        if gold in pairing:
            if not optional:
                bump(gold_keys[gold], tp=1)
        elif not optional:
            bump(gold_keys[gold], fn=1)
            missed.append(gold_labels[gold])
    paired_preds = set(pairing.values())
    spurious = []
    for pred, key in enumerate(pred_keys):
        if pred not in paired_preds:
            bump(key, fp=1)
            spurious.append(pred_labels[pred])
    return _Outcome(counts, missed, spurious)


def score_article(pred: ArticleGraph, gold: Gold) -> Scores:
    """Score one predicted graph against its gold, per EVAL.md."""
    entities = list(pred.entities)
    pred_names = [{normalise_name(n) for n in (e.name, *e.aliases)} for e in entities]
    pred_main = [normalise_name(e.name) for e in entities]
    gold_names = [{normalise_name(n) for n in (g.name, *g.aliases)} for g in gold.entities]
    gold_main = [normalise_name(g.name) for g in gold.entities]

    # name_match[g] = predicted entity indexes whose name matches gold entity g
    name_match = [
        [p for p in range(len(entities))
         if pred_main[p] in gold_names[g] or gold_main[g] in pred_names[p]]
        for g in range(len(gold.entities))
    ]
    optional = [g.optional for g in gold.entities]
    order = _required_first(optional)
    pred_labels = [f"{e.type} {e.name}" for e in entities]
    gold_labels = [f"{g.type} {g.name}" for g in gold.entities]

    untyped = _score_pairing(_pair(name_match, order), optional,
                             ["all"] * len(optional), ["all"] * len(entities),
                             gold_labels, pred_labels)
    typed_candidates = [[p for p in cands if entities[p].type == gold.entities[g].type]
                        for g, cands in enumerate(name_match)]
    typed = _score_pairing(_pair(typed_candidates, order), optional,
                           [g.type for g in gold.entities], [e.type for e in entities],
                           gold_labels, pred_labels)

    relations = _score_relations(pred, gold, name_match)
    return Scores(
        entities=untyped.counts.get("all", Counts()),
        typed=dict(sorted(typed.counts.items())),
        relations=dict(sorted(relations.counts.items())),
        missed=tuple(typed.missed + relations.missed),
        spurious=tuple(typed.spurious + relations.spurious),
    )


def _score_relations(pred: ArticleGraph, gold: Gold, name_match: list[list[int]]) -> _Outcome:
    """A predicted relation matches a gold one of the same type when each endpoint is a
    predicted entity whose name matches the gold endpoint (either way round for symmetric
    types). Identical predicted facts count once."""
    index_of = {e.id: i for i, e in enumerate(pred.entities)}
    gold_index = {g.name: i for i, g in enumerate(gold.entities)}
    unique = list({r.key(): r for r in pred.relations}.values())

    def endpoint_ok(pred_id: str, gold_name: str) -> bool:
        return index_of.get(pred_id, -1) in name_match[gold_index[gold_name]]

    def matches(g: int, r: int) -> bool:
        want, got = gold.relations[g], unique[r]
        if want.type != got.type:
            return False
        if endpoint_ok(got.source, want.source) and endpoint_ok(got.target, want.target):
            return True
        return (want.type in SYMMETRIC_RELATIONS and endpoint_ok(got.source, want.target)
                and endpoint_ok(got.target, want.source))

    candidates = [[r for r in range(len(unique)) if matches(g, r)]
                  for g in range(len(gold.relations))]
    optional = [g.optional for g in gold.relations]

    def name(entity_id: str) -> str:
        entity = pred.entity(entity_id)
        return entity.name if entity else entity_id

    return _score_pairing(
        _pair(candidates, _required_first(optional)), optional,
        [g.type for g in gold.relations], [r.type for r in unique],
        [f"{g.type} {g.source} -> {g.target}" for g in gold.relations],
        [f"{r.type} {name(r.source)} -> {name(r.target)}" for r in unique],
    )


# --------------------------------------------------------------------------- gold sets


@dataclass(frozen=True)
class EvalReport:
    """Scores per article (by name, sorted) and their micro-averaged total."""

    directory: str
    articles: dict[str, Scores]

    @property
    def total(self) -> Scores:
        return sum(self.articles.values(), Scores())

    def to_json(self) -> dict[str, Any]:
        return {"directory": self.directory, "total": self.total.to_json(),
                "articles": {name: s.to_json() for name, s in self.articles.items()}}

    def interval(self, metric: str, *, draws: int = 1000, level: float = 0.9,
                 seed: int = 0) -> tuple[float, float] | None:
        """A bootstrap interval of a micro-averaged F1 (`metric`: "typed" or "relations"),
        articles drawn with replacement: how much the figure owes to which articles happen to
        be in the set. None for fewer than two articles."""
        per_article = [(s.typed_all if metric == "typed" else s.relations_all)
                       for s in self.articles.values()]
        if len(per_article) < 2:
            return None
        rng = random.Random(seed)
        values = []
        for _ in range(draws):
            total = sum(rng.choices(per_article, k=len(per_article)), Counts())
            values.append(total.f1 or 0.0)
        values.sort()
        cut = int(draws * (1 - level) / 2)
        return values[cut], values[draws - 1 - cut]


def gold_pairs(eval_dir: Path) -> list[tuple[str, Path, Path]]:
    """(NAME, article file, gold file) for every `NAME.gold.json` in `eval_dir`, sorted; in a
    set laid out as gold/ + articles/ (texts not in the repository), from those folders."""
    if not eval_dir.is_dir():
        raise KgError(f"{eval_dir}: no such evaluation folder")
    if is_offset_set(eval_dir):
        return _offset_pairs(eval_dir)
    pairs = []
    for gold_path in sorted(eval_dir.glob(f"*{GOLD_SUFFIX}")):
        name = gold_path.name[: -len(GOLD_SUFFIX)]
        articles = [eval_dir / f"{name}{ext}" for ext in ARTICLE_SUFFIXES
                    if (eval_dir / f"{name}{ext}").is_file()]
        if len(articles) != 1:
            raise BadInput(str(gold_path), f"expected exactly one article file named {name}.*"
                                           f" ({', '.join(ARTICLE_SUFFIXES)}), found "
                                           f"{len(articles)}")
        pairs.append((name, articles[0], gold_path))
    if not pairs:
        raise KgError(f"{eval_dir}: no *{GOLD_SUFFIX} files")
    return pairs


def _offset_pairs(eval_dir: Path) -> list[tuple[str, Path, Path]]:
    pairs = offset_pairs(eval_dir)
    if not pairs:
        raise KgError(f"{eval_dir / GOLD_DIR}: no *{GOLD_SUFFIX} files")
    return pairs


def _require_texts(eval_dir: Path, pairs: Sequence[tuple[str, Path, Path]]) -> None:
    """Refuse to score while a chosen article's text is not rebuilt: a score over part of the
    set would read as the whole set's."""
    missing = [name for name, text, _ in pairs if not text.is_file()]
    if missing:
        raise KgError(f"{eval_dir / TEXT_DIR}: {len(missing)} of {len(pairs)} article texts "
                      f"missing (first: {missing[0]}.txt); rebuild them from "
                      f"{eval_dir / 'SOURCES.md'} as its README says")


def select_names(eval_dir: Path, *, split: str | None = None, lang: str | None = None,
                 names: Sequence[str] | None = None) -> list[str] | None:
    """The article names to score: `names`, narrowed to a split (dev, heldout) and a language
    as the set's SOURCES.md lists them; None for every article."""
    if not split and not lang:
        return list(names) if names else None
    sources = read_sources(eval_dir)
    if not sources:
        raise KgError(f"{eval_dir}: --split and --lang need a SOURCES.md listing the articles")
    chosen = [row["stem"] for row in sources
              if (not split or row.get("split") == split) and (not lang or row.get("lang") == lang)
              and (not names or row["stem"] in names)]
    if not chosen:
        raise KgError(f"{eval_dir}: no article with split={split or 'any'}, "
                      f"lang={lang or 'any'}")
    return chosen


def evaluate_dir(
    eval_dir: Path,
    *,
    names: Sequence[str] | None = None,
    extract: Extractor | None = None,
) -> EvalReport:
    """Extract every article of a gold set (or only `names`) and score it against its gold."""
    from graph.load import load_file

    pairs = gold_pairs(eval_dir)
    offsets = is_offset_set(eval_dir)
    if names:
        unknown = sorted(set(names) - {name for name, _, _ in pairs})
        if unknown:
            raise KgError(f"{eval_dir}: no gold for {', '.join(unknown)}")
        pairs = [pair for pair in pairs if pair[0] in names]
    if offsets:
        _require_texts(eval_dir, pairs)
    articles: list[Article] = []
    golds: list[Gold] = []
    for _, article_path, gold_path in pairs:
        loaded = list(load_file(article_path))
        if len(loaded) != 1 or isinstance(loaded[0], BadInput):
            problem = loaded[0] if loaded and isinstance(loaded[0], BadInput) else None
            raise problem or BadInput(str(article_path), "a gold article must hold one article")
        articles.append(loaded[0])
        golds.append(load_gold(gold_path, read_text(article_path) if offsets else None))
    if extract is None:
        from graph.extract import extract_articles as extract
    graphs = list(extract(articles))
    scores = {name: score_article(graph, gold)
              for (name, _, _), graph, gold in zip(pairs, graphs, golds, strict=True)}
    return EvalReport(str(eval_dir), scores)


# --------------------------------------------------------------------------- rendering


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:5.2f}"


def _row(label: str, counts: Counts) -> str:
    return (f"{label:<24}{counts.tp:>5}{counts.fp:>5}{counts.fn:>5}   {_fmt(counts.precision)}"
            f"  {_fmt(counts.recall)}  {_fmt(counts.f1)}")


def render_scores(scores: Scores) -> list[str]:
    lines = [f"{'':<24}{'tp':>5}{'fp':>5}{'fn':>5}   {'P':>5}  {'R':>5}  {'F1':>5}",
             _row("entities", scores.entities), _row("typed entities", scores.typed_all)]
    lines += [_row(f"  {kind}", scores.typed[kind]) for kind in ENTITY_TYPES
              if kind in scores.typed]
    lines += [_row(f"  {kind}", c) for kind, c in scores.typed.items() if kind not in ENTITY_TYPES]
    lines.append(_row("relations", scores.relations_all))
    lines += [_row(f"  {kind}", scores.relations[kind]) for kind in RELATION_TYPES
              if kind in scores.relations]
    lines += [_row(f"  {kind}", c) for kind, c in scores.relations.items()
              if kind not in RELATION_TYPES]
    return lines


def _intervals(report: EvalReport) -> list[str]:
    typed, relations = report.interval("typed"), report.interval("relations")
    if typed is None or relations is None:
        return []
    return ["", f"90% bootstrap interval over articles: typed entities F1 {typed[0]:.2f}-"
                f"{typed[1]:.2f}, relations F1 {relations[0]:.2f}-{relations[1]:.2f}"]


def render_table(report: EvalReport, *, details: bool = False) -> str:
    """Plain-text table: totals per type, then one line per article (typed-entity and relation
    F1); with `details`, each article's missed and spurious items."""
    total = report.total
    lines = [f"{report.directory}: {len(report.articles)} article(s), micro-averaged", "",
             *render_scores(total), *_intervals(report), "",
             f"{'article':<40}{'entity F1':>10}{'typed F1':>10}{'relation F1':>13}"]
    for name, s in report.articles.items():
        lines.append(f"{name:<40}{_fmt(s.entities.f1):>10}{_fmt(s.typed_all.f1):>10}"
                     f"{_fmt(s.relations_all.f1):>13}")
    if details:
        single = len(report.articles) == 1  # its scores are the totals shown above
        for name, s in report.articles.items():
            lines += ["", f"== {name}", *([] if single else render_scores(s))]
            lines += [f"  missed:   {item}" for item in s.missed]
            lines += [f"  spurious: {item}" for item in s.spurious]
    return "\n".join(lines)

"""graph.evaluate: name normalisation, matching and the figures, on hand-made gold/pred pairs
whose expected counts were worked out by hand; and the shipped gold set's integrity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.errors import BadInput
from graph.evaluate import (
    Counts,
    EvalReport,
    Gold,
    Scores,
    evaluate_dir,
    gold_pairs,
    load_gold,
    normalise_name,
    render_table,
    score_article,
)
from graph.keys import entity_id
from graph.load import load_file
from graph.model import Article, ArticleGraph, Entity, Relation

EVAL_DIR = Path(__file__).parents[1] / "data" / "eval"
SEED = "000_f9f87ba7564bb30f"


def graph(entities: list[tuple[str, str] | tuple[str, str, tuple[str, ...]]],
          relations: list[tuple[str, str, str]]) -> ArticleGraph:
    """Predicted graph from (type, name[, aliases]) and (type, source name, target name)."""
    built = [Entity(entity_id(e[0], e[1]) + f"-{i}", e[0], e[1], e[2] if len(e) > 2 else ())
             for i, e in enumerate(entities)]
    by_name = {e.name: e.id for e in built}
    rels = [Relation(t, by_name[s], by_name[o]) for t, s, o in relations]
    return ArticleGraph(Article("article:t", "t", "t"), tuple(built), tuple(rels))


def gold(entities: list[dict[str, Any]], relations: list[dict[str, Any]] = ()) -> Gold:
    return Gold.from_json({"entities": entities, "relations": list(relations)})


def counts(c: Counts) -> tuple[int, int, int]:
    return (c.tp, c.fp, c.fn)


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Amplitude Systèmes", "AMPLITUDE-SYSTEMES"),
        ("la société Amplitude Systèmes SAS", "Amplitude Systèmes"),
        ("pôle de compétitivité Route des Lasers", "Route des Lasers"),
        ("le pôle Route des Lasers", "Route des Lasers"),
        ("salon Optics Valley of China", "Optics Valley of China"),
        ("8e édition du salon Optics Valley of China 2011", "édition du Optics Valley of China"),
        ("The Battery Show Europe", "Battery Show Europe"),
        ("l’Ifremer", "Ifremer"),
        ("groupe Thales", "Thales"),
        ("Thales Group Ltd.", "Thales Group"),
        ("laboratoire CEA-Leti", "CEA Leti"),
        ("Siemens AG", "Siemens"),
        ("Acme Inc.", "ACME"),
    ],
)
def test_names_that_normalise_alike(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Amplitude Systèmes", "Amplitude Technologies"), ("Paris", "Pessac"),
     ("Route des Lasers", "Bordeaux Route des Lasers")],
)
def test_names_that_stay_apart(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


def test_a_name_made_only_of_generic_words_keeps_a_key() -> None:
    assert normalise_name("Le Salon") == "lesalon"
    assert normalise_name("SA") == "sa"


# --------------------------------------------------------------------------- scoring by hand

HAND_GOLD = [
    {"name": "Amplitude Systèmes", "type": "Company", "aliases": ["Amplitude"]},
    {"name": "Route des Lasers", "type": "Cluster", "aliases": ["RDL"]},
    {"name": "Pessac", "type": "City", "aliases": []},
    {"name": "France", "type": "Country", "aliases": [], "optional": True},
    {"name": "Laboratoire national d’optoélectronique de Wuhan", "type": "Lab",
     "aliases": ["WNLO"]},
]
HAND_RELATIONS = [
    {"type": "PARTNERS_WITH", "source": "Route des Lasers",
     "target": "Laboratoire national d’optoélectronique de Wuhan"},
    {"type": "LOCATED_IN", "source": "Amplitude Systèmes", "target": "Pessac"},
    {"type": "LOCATED_IN", "source": "Route des Lasers", "target": "France"},  # optional end
    {"type": "MEMBER_OF", "source": "Amplitude Systèmes", "target": "Route des Lasers"},
]
HAND_PRED = graph(
    [("Company", "la société Amplitude Systèmes SA"),   # A: name match after normalising
     ("Cluster", "pôle de compétitivité Route des Lasers"),  # B
     ("Region", "Pessac"),                              # C with the wrong type
     ("Country", "France"),                             # optional gold: neither tp nor fp
     ("Company", "WNLO"),                               # gold alias, wrong type
     ("Company", "Quantel")],                           # spurious
    [("PARTNERS_WITH", "WNLO", "pôle de compétitivité Route des Lasers"),  # reversed: tp
     ("LOCATED_IN", "la société Amplitude Systèmes SA", "Pessac"),         # tp (type ignored)
     ("LOCATED_IN", "la société Amplitude Systèmes SA", "Pessac"),         # duplicate: once
     ("LOCATED_IN", "pôle de compétitivité Route des Lasers", "France"),   # optional: neither
     ("EXHIBITS_AT", "Quantel", "pôle de compétitivité Route des Lasers")],  # fp
)


def test_hand_scored_article() -> None:
    scores = score_article(HAND_PRED, gold(HAND_GOLD, HAND_RELATIONS))
    # entities, type ignored: A B C E matched (4 tp), France optional, Quantel fp
    assert counts(scores.entities) == (4, 1, 0)
    assert scores.entities.precision == pytest.approx(0.8)
    assert scores.entities.f1 == pytest.approx(8 / 9)
    # typed: A, B right; Pessac as Region and WNLO as Company are each a fp and a fn
    assert {k: counts(v) for k, v in scores.typed.items()} == {
        "City": (0, 0, 1), "Cluster": (1, 0, 0), "Company": (1, 2, 0), "Lab": (0, 0, 1),
        "Region": (0, 1, 0)}
    assert counts(scores.typed_all) == (2, 3, 2)
    assert scores.typed_all.f1 == pytest.approx(4 / 9)
    assert {k: counts(v) for k, v in scores.relations.items()} == {
        "EXHIBITS_AT": (0, 1, 0), "LOCATED_IN": (1, 0, 0), "MEMBER_OF": (0, 0, 1),
        "PARTNERS_WITH": (1, 0, 0)}
    assert scores.relations_all.f1 == pytest.approx(2 / 3)
    assert "MEMBER_OF Amplitude Systèmes -> Route des Lasers" in scores.missed
    assert "Company Quantel" in scores.spurious


def test_an_alias_of_the_prediction_may_equal_the_gold_name() -> None:
    pred = graph([("Lab", "WNLO", ("Laboratoire national d'optoélectronique de Wuhan",))], [])
    gold_ = gold([{"name": "Laboratoire national d’optoélectronique de Wuhan", "type": "Lab"}])
    assert counts(score_article(pred, gold_).typed_all) == (1, 0, 0)


def test_aliases_of_both_sides_do_not_match_each_other() -> None:
    pred = graph([("Lab", "Optoelectronics lab", ("WNLO",))], [])
    gold_ = gold([{"name": "Laboratoire national de Wuhan", "type": "Lab", "aliases": ["WNLO"]}])
    assert counts(score_article(pred, gold_).entities) == (0, 1, 1)


def test_pairing_is_one_to_one() -> None:
    pred = graph([("Company", "Quantel"), ("Company", "Quantel SA")], [])
    scores = score_article(pred, gold([{"name": "Quantel", "type": "Company"}]))
    assert counts(scores.entities) == (1, 1, 0)


def test_required_gold_is_paired_before_optional_gold() -> None:
    # The optional entity comes first and claims "Bordeaux" by alias; a greedy pairing in
    # file order would leave the required city unmatched.
    gold_ = gold([
        {"name": "Bordeaux Route des Lasers", "type": "City", "aliases": ["Bordeaux"],
         "optional": True},
        {"name": "Bordeaux", "type": "City"},
    ])
    scores = score_article(graph([("City", "Bordeaux")], []), gold_)
    assert counts(scores.entities) == (1, 0, 0)
    assert counts(scores.typed_all) == (1, 0, 0)


def test_optional_items_are_neither_misses_nor_false_positives() -> None:
    gold_ = gold([{"name": "Wuhan", "type": "City"},
                  {"name": "Chine", "type": "Country", "optional": True},
                  {"name": "Yangzé", "type": "Region", "optional": True}],
                 [{"type": "LOCATED_IN", "source": "Wuhan", "target": "Chine"}])
    scores = score_article(graph([("City", "Wuhan"), ("Country", "Chine")],
                                 [("LOCATED_IN", "Wuhan", "Chine")]), gold_)
    assert counts(scores.typed_all) == (1, 0, 0)
    assert counts(scores.relations_all) == (0, 0, 0)
    assert scores.relations_all.f1 is None  # nothing to score: undefined, not zero


def test_a_relation_with_an_optional_endpoint_is_optional() -> None:
    gold_ = gold([{"name": "A", "type": "Company"},
                  {"name": "France", "type": "Country", "optional": True}],
                 [{"type": "LOCATED_IN", "source": "A", "target": "France"}])
    assert gold_.relations[0].optional


def test_partners_with_is_unordered_but_other_relations_are_not() -> None:
    gold_ = gold([{"name": "A", "type": "Company"}, {"name": "B", "type": "City"}],
                 [{"type": "PARTNERS_WITH", "source": "A", "target": "B"},
                  {"type": "LOCATED_IN", "source": "A", "target": "B"}])
    pred = graph([("Company", "A"), ("City", "B")],
                 [("PARTNERS_WITH", "B", "A"), ("LOCATED_IN", "B", "A")])
    scores = score_article(pred, gold_)
    assert counts(scores.relations["PARTNERS_WITH"]) == (1, 0, 0)
    assert counts(scores.relations["LOCATED_IN"]) == (0, 1, 1)


def test_scores_add_up_as_micro_averages() -> None:
    gold_ = gold(HAND_GOLD, HAND_RELATIONS)
    one = score_article(HAND_PRED, gold_)
    report = EvalReport("x", {"a": one, "b": one})
    assert counts(report.total.typed_all) == (4, 6, 4)
    assert report.total.typed_all.f1 == pytest.approx(one.typed_all.f1)
    data = json.loads(json.dumps(report.to_json()))
    assert data["total"]["relations"]["all"]["tp"] == 4
    assert data["articles"]["a"]["typed_entities"]["Company"]["fp"] == 2


def test_bootstrap_interval_brackets_the_score_and_widens_when_articles_disagree() -> None:
    good = Scores(relations={"PARTNERS_WITH": Counts(9, 1, 0)})
    bad = Scores(relations={"PARTNERS_WITH": Counts(1, 9, 9)})
    alike = EvalReport("x", {f"a{i}": good for i in range(10)})
    mixed = EvalReport("x", {f"a{i}": good if i % 2 else bad for i in range(10)})
    lo, hi = alike.interval("relations")
    assert lo == hi == pytest.approx(alike.total.relations_all.f1)
    lo, hi = mixed.interval("relations")
    assert lo < mixed.total.relations_all.f1 < hi
    assert hi - lo > 0.2
    assert mixed.interval("relations") == (lo, hi)  # seeded: the same figures every run
    assert EvalReport("x", {"a": good}).interval("relations") is None
    assert "90% bootstrap interval" in render_table(mixed)


def test_gold_with_an_unknown_endpoint_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.gold.json"
    path.write_text(json.dumps({"entities": [{"name": "A", "type": "Company"}], "relations": [
        {"type": "LOCATED_IN", "source": "A", "target": "Paris"}]}))
    with pytest.raises(BadInput, match="'Paris' is not a gold entity name"):
        load_gold(path)


def test_gold_with_an_unknown_type_is_refused() -> None:
    with pytest.raises(BadInput, match="bad gold entity"):
        gold([{"name": "A", "type": "Person"}])


# --------------------------------------------------------------------------- the gold set


def test_gold_set_is_well_formed_and_varied() -> None:
    pairs = gold_pairs(EVAL_DIR)
    assert len(pairs) >= 12
    langs = []
    for name, article_path, gold_path in pairs:
        article = next(iter(load_file(article_path, on_warning=lambda _: None)))
        assert isinstance(article, Article), article
        gold_ = load_gold(gold_path)
        langs.append(article.lang)
        assert any(not e.optional for e in gold_.entities), name
        for relation in gold_.relations:
            assert relation.evidence in article.text, (name, relation)
    assert langs.count("en") >= 5 and langs.count("fr") >= 6
    assert {p.suffix for _, p, _ in pairs} >= {".txt", ".md", ".html", ".json"}


def test_the_seed_gold_scores_perfectly_against_itself() -> None:
    gold_ = load_gold(EVAL_DIR / f"{SEED}.gold.json")
    pred = graph([(e.type, e.name, e.aliases) for e in gold_.entities],
                 [(r.type, r.source, r.target) for r in gold_.relations])
    scores = score_article(pred, gold_)
    assert scores.typed_all.f1 == 1.0 and scores.relations_all.f1 == 1.0
    assert counts(scores.typed_all) == (15, 0, 0)
    assert counts(scores.relations_all) == (16, 0, 0)


def test_evaluate_dir_runs_the_real_extractor(tmp_path: Path) -> None:
    for suffix in (".txt", ".gold.json"):
        (tmp_path / f"{SEED}{suffix}").write_bytes((EVAL_DIR / f"{SEED}{suffix}").read_bytes())
    report = evaluate_dir(tmp_path)
    assert list(report.articles) == [SEED]
    total = report.total
    assert total.typed_all.tp + total.typed_all.fn == 15  # required typed entities of the seed
    assert total.relations_all.tp + total.relations_all.fn == 16
    table = render_table(report, details=True)
    assert "typed entities" in table and f"== {SEED}" in table

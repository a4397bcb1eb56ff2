"""Gold sets whose texts stay out of the repository: evidence by offsets and hash, the check
that a rebuilt text still matches, and `kg eval` on such a set (texts written here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import BadInput
from graph.goldset import check_set, draft_to_gold, locate_evidence, read_sources, short_hash

TEXT = ("Orvelis signe avec Kervalis\n"
        "La société Orvelis, installée à Nantes, a signé un accord avec Kervalis.\n")
SENTENCE = "La société Orvelis, installée à Nantes, a signé un accord avec Kervalis."
DRAFT = {
    "entities": [{"name": "Orvelis", "type": "Company"}, {"name": "Kervalis", "type": "Company"},
                 {"name": "Nantes", "type": "City"}],
    "relations": [
        {"type": "LOCATED_IN", "source": "Orvelis", "target": "Nantes", "evidence": SENTENCE},
        {"type": "PARTNERS_WITH", "source": "Orvelis", "target": "Kervalis",
         "evidence": [SENTENCE]},
    ],
}


def make_set(root: Path, text: str = TEXT) -> Path:
    (root / "gold").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "articles" / "r01.txt").write_text(text, encoding="utf-8")
    gold = draft_to_gold(DRAFT, TEXT, "draft")
    (root / "gold" / "r01.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (root / "SOURCES.md").write_text(
        "# Sources\n\n| stem | split | lang | url |\n|---|---|---|---|\n"
        "| r01 | dev | fr | https://example.org/r01 |\n", encoding="utf-8")
    return root


def test_the_committed_gold_holds_offsets_and_a_hash_never_the_sentence() -> None:
    gold = draft_to_gold(DRAFT, TEXT, "draft")
    ref = gold["relations"][0]["evidence"][0]
    assert TEXT[ref["start"]:ref["end"]] == SENTENCE
    assert ref["sha"] == short_hash(SENTENCE) and len(ref["sha"]) == 12
    assert SENTENCE not in json.dumps(gold, ensure_ascii=False)


def test_evidence_typed_with_other_spaces_is_still_found() -> None:
    text = "Orvelis,\u00a0installée à Nantes, recrute."
    ref = locate_evidence(text, "Orvelis, installée à Nantes", "draft")
    assert text[ref["start"]:ref["end"]] == "Orvelis,\u00a0installée à Nantes"


def test_evidence_missing_from_the_text_is_bad_input() -> None:
    with pytest.raises(BadInput, match="evidence not found"):
        locate_evidence(TEXT, "Kervalis ouvre une usine à Lyon.", "draft")


def test_check_passes_on_the_same_text_and_names_a_changed_or_missing_one(tmp_path: Path) -> None:
    root = make_set(tmp_path / "ok")
    assert check_set(root) == (2, [])
    changed = make_set(tmp_path / "changed", TEXT.replace("Nantes", "Rennes"))
    checked, problems = check_set(changed)
    assert checked == 2 and len(problems) == 2
    assert "r01" in str(problems[0]) and "hashes" in str(problems[0])
    (root / "articles" / "r01.txt").unlink()
    assert "text missing" in str(check_set(root)[1][0])


def test_sources_table_is_read_by_its_header(tmp_path: Path) -> None:
    rows = read_sources(make_set(tmp_path))
    assert rows == [{"stem": "r01", "split": "dev", "lang": "fr", "url": "https://example.org/r01"}]


def test_kg_eval_scores_an_offset_set_and_its_split(tmp_path: Path) -> None:
    root = make_set(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(root), "--split", "dev", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report["articles"]) == ["r01"]
    assert report["total"]["relations"]["all"]["tp"] >= 1
    check = CliRunner().invoke(cli, ["eval", str(root), "--check"])
    assert check.exit_code == 0 and "all 2 evidence references match" in check.stdout


def test_kg_eval_without_the_texts_says_how_to_rebuild_them(tmp_path: Path) -> None:
    root = make_set(tmp_path)
    (root / "articles" / "r01.txt").unlink()
    result = CliRunner().invoke(cli, ["eval", str(root)])
    assert result.exit_code == 1
    assert "missing" in result.stderr and "SOURCES.md" in result.stderr
    check = CliRunner().invoke(cli, ["eval", str(root), "--check"])
    assert check.exit_code == 1 and "rebuild" in check.stderr


def test_kg_eval_scores_the_chosen_articles_while_others_are_not_rebuilt(tmp_path: Path) -> None:
    root = make_set(tmp_path)
    gold = (root / "gold" / "r01.gold.json").read_text(encoding="utf-8")
    (root / "gold" / "r02.gold.json").write_text(gold, encoding="utf-8")
    chosen = CliRunner().invoke(cli, ["eval", str(root), "--article", "r01", "--format", "json"])
    assert chosen.exit_code == 0, chosen.output
    assert list(json.loads(chosen.stdout)["articles"]) == ["r01"]
    whole = CliRunner().invoke(cli, ["eval", str(root)])
    assert whole.exit_code == 1 and "1 of 2 article texts missing (first: r02.txt)" in whole.stderr

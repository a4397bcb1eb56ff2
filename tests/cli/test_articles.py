"""`kg extract` and `kg eval` as a user runs them: output, one-line errors, exit status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli

EVAL_DIR = Path(__file__).parents[2] / "data" / "eval"
SEED = "000_f9f87ba7564bb30f"
ENGLISH = EVAL_DIR / "108_kelvin_orbital_nanoptere.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_extract_prints_one_json_line_per_article(tmp_path: Path) -> None:
    seed = shutil.copy(EVAL_DIR / f"{SEED}.txt", tmp_path)
    code, out, err = run("extract", str(seed), str(ENGLISH))
    assert code == 0, err
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["article"]["id"] for o in objects] == [f"article:{SEED}",
                                                     "article:108_kelvin_orbital_nanoptere"]
    assert [o["article"]["lang"] for o in objects] == ["fr", "en"]
    first = objects[0]
    assert set(first) == {"article", "entities", "relations"}
    ids = {e["id"] for e in first["entities"]}
    assert first["relations"] and all(
        r["source"] in ids and r["target"] in ids and r["evidence"] for r in first["relations"])


def test_extract_pretty_prints_one_indented_object() -> None:
    code, out, _ = run("extract", "--pretty", str(ENGLISH))
    assert code == 0
    assert out.startswith("{\n  ")
    assert json.loads(out)["article"]["title"].startswith("Scottish and French")


def test_bad_files_get_one_line_each_and_the_rest_still_print(tmp_path: Path) -> None:
    good = shutil.copy(ENGLISH, tmp_path / "good.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "text": "La société Amplitude Systèmes est basée à '
                    'Pessac, en Gironde, où elle produit des lasers."}\n{"title": \n')
    code, out, err = run("extract", str(good), str(empty), str(binary), str(feed),
                         str(tmp_path / "missing.txt"))
    assert code == 1
    assert err.splitlines() == [
        f"kg: {empty}: empty file",
        f"kg: {binary}: binary file (contains NUL bytes), not an article",
        f"kg: {feed}:2: malformed JSON (Expecting value, column 11)",
        f"kg: {tmp_path / 'missing.txt'}: no such file or directory",
    ]
    printed = [json.loads(line)["article"]["id"] for line in out.splitlines()]
    assert printed == ["article:good", "article:feed-1"]


def test_extract_warns_about_a_legacy_encoding_and_succeeds() -> None:
    code, out, err = run("extract", str(EVAL_DIR / "106_euromaritime_pole_mer.txt"))
    assert code == 0
    assert err.startswith("kg: warning: ") and "not UTF-8; decoded as" in err
    assert json.loads(out)["article"]["title"].startswith("Brest : le Pôle Mer")


def test_eval_one_article_as_json() -> None:
    code, out, _ = run("eval", str(EVAL_DIR), "--article", SEED, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert list(report["articles"]) == [SEED]
    assert set(report["total"]) >= {"entities", "typed_entities", "relations"}
    assert report["total"]["typed_entities"]["all"]["tp"] > 0


def test_eval_table(tmp_path: Path) -> None:
    for suffix in (".txt", ".gold.json"):
        shutil.copy(EVAL_DIR / f"{SEED}{suffix}", tmp_path)
    code, out, _ = run("eval", str(tmp_path))
    assert code == 0
    for row in ("entities", "typed entities", "  Company", "relations", "  LOCATED_IN", SEED):
        assert row in out


def test_eval_of_a_missing_folder_is_one_line_and_status_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'nope'}: no such evaluation folder"]

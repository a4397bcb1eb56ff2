"""`kg ingest`, `kg stats`, `kg reset` as a user runs them, on both engines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.config import Settings
from tests.conftest import neo4j_settings

SEED = Path(__file__).parents[2] / "data" / "articles" / "000_f9f87ba7564bb30f.txt"


def engine_args(engine: str, tmp_path: Path) -> list[str]:
    if engine == "neo4j":
        neo4j_settings()  # fails under CI, skips elsewhere, when no server is configured
        return ["--engine", "neo4j"]
    return ["--engine", "ladybug", "--db", str(tmp_path / "graph.lbdb")]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def stats_json(args: list[str]) -> dict:
    code, out, _ = run("stats", "--format", "json", *args)
    assert code == 0
    return json.loads(out)


@pytest.fixture
def args(engine: str, tmp_path: Path) -> list[str]:
    chosen = engine_args(engine, tmp_path)
    if engine == "neo4j":
        from graph.store import open_store

        with open_store(Settings.from_env(engine="neo4j")) as store:
            store.reset()
    return chosen


def test_ingest_reports_bad_files_and_keeps_the_rest(corpus: Path, args: list[str]) -> None:
    code, out, err = run("ingest", "--quiet", str(corpus), *args)
    assert code == 1
    bad_lines = [line for line in err.splitlines() if not line.startswith("kg: warning")]
    assert len(bad_lines) == 2
    assert any("empty.txt" in line for line in bad_lines)
    assert any("binary.txt" in line for line in bad_lines)
    assert "1 added" in out and "2 failed" in out
    counts = stats_json(args)
    assert counts["nodes"]["Article"] == 1
    assert counts["nodes"]["Company"] >= 5 and counts["relationships"]["EXHIBITS_AT"] >= 5


def test_reingest_is_a_no_op(corpus: Path, args: list[str]) -> None:
    run("ingest", "--quiet", str(corpus / SEED.name), *args)
    before = stats_json(args)
    code, out, _ = run("ingest", "--quiet", str(corpus / SEED.name), *args)
    assert code == 0 and "1 unchanged" in out
    assert stats_json(args) == before


def test_reset_asks_first(corpus: Path, args: list[str]) -> None:
    run("ingest", "--quiet", str(corpus / SEED.name), *args)
    result = CliRunner().invoke(cli, ["reset", *args], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert stats_json(args)["total_nodes"] > 0
    code, _, _ = run("reset", "--yes", *args)
    assert code == 0 and stats_json(args)["total_nodes"] == 0


def test_stats_on_a_missing_database_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = run("stats", "--db", str(tmp_path / "nowhere.lbdb"))
    assert code == 1
    assert err.strip().splitlines() == [
        f"Error: no graph database at {tmp_path / 'nowhere.lbdb'}: run `kg ingest` first, "
        "or pass --db"
    ]


@pytest.mark.parametrize(
    ("files", "holds"),
    [([], "it is empty"), (["a.pdf", "b.pdf", "notes.docx"], "it holds 2 .pdf, 1 .docx files")],
)
def test_a_folder_without_articles_says_so_and_fails(
    tmp_path: Path, files: list[str], holds: str
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in files:
        (folder / name).write_bytes(b"%PDF-1.4")
    code, out, err = run("ingest", "-q", str(folder), *engine_args("ladybug", tmp_path))
    assert code == 1 and "0 added" in out
    assert (
        err.strip()
        == f"kg: {folder}: no article file here (.txt, .md, .html, .htm, .json, .jsonl); {holds}"
    )
    code, out, err = run("extract", str(folder))
    assert code == 1 and out == "" and f"kg: {folder}: no article file here" in err

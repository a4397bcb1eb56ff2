"""`kg entity`, `kg fact`, `kg curate` and `kg articles` as an analyst runs them, both engines:
each decision lands in the curation file and in the graph at once; bad names get the
closest ones; a malformed file changes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.test_store_cmds import args, run  # noqa: F401  (args is a fixture)
from tests.test_curate import ARTICLES


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def ingested(corpus: Path, tmp_path: Path, args: list[str]) -> list[str]:  # noqa: F811
    """Store options plus --curation, after ingesting the corpus with an empty file."""
    curation = tmp_path / "curation.tsv"
    curation.write_text("# the analyst's decisions\n", encoding="utf-8")
    code, _, err = run("ingest", "--quiet", "--curation", str(curation), str(corpus), *args)
    assert code == 0, err
    return [*args, "--curation", str(curation)]


def curation_lines(options: list[str]) -> list[str]:
    path = Path(options[options.index("--curation") + 1])
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")]


def test_entity_commands_write_the_file_and_change_the_graph(ingested: list[str]) -> None:
    code, out, err = run("entity", "merge", "amplitude", "Amplitude Systemes", "--note",
                         "jd: same firm", *ingested)
    assert code == 0, err
    assert out.splitlines()[0].endswith(
        ":2: merge Company:Amplitude Company:Amplitude Systèmes # jd: same firm")
    code, out, _ = run("entity", "retype", "Pessac", "Region", *ingested)
    assert code == 0
    code, out, _ = run("entity", "drop", "San Francisco", *ingested)
    assert code == 0
    assert curation_lines(ingested) == [
        "merge\tCompany:Amplitude\tCompany:Amplitude Systèmes\t# jd: same firm",
        "retype\tCity:Pessac\tRegion",
        "drop\tCity:San Francisco",
    ]
    code, out, _ = run("entity", "show", "Amplitude", "--format", "json", *ingested)
    shown = json.loads(out)
    assert shown["id"] == "company:amplitude-systemes"
    assert shown["former_ids"] == ["company:amplitude"]
    assert {f["other"] for f in shown["facts"]} >= {"region:pessac", "company:edit-laser"}
    assert [d["line"] for d in shown["decisions"]] == [2]
    code, out, _ = run("entity", "show", "city:pessac", *ingested)  # a former id redirects
    assert code == 0 and out.startswith("region:pessac  Region  Pessac")
    assert "retype City:Pessac Region" in out


def test_fact_commands(ingested: list[str]) -> None:
    code, _, err = run("fact", "reject", "Nanoptère", "partners_with", "Kelvin Orbital",
                       *ingested)
    assert code == 0, err
    code, _, err = run("fact", "assert", "Edit Laser", "EXHIBITS_AT", "Event:Laser World",
                       "--note", "on the stand", *ingested)
    assert code == 0, err
    code, out, _ = run("query", "run", "partners-of", "-p", "org=Kelvin Orbital",
                       *ingested[:-2])
    assert "Nanoptère" not in out
    code, out, _ = run("query", "run", "exhibitors-at", "-p", "event=Laser World",
                       "--format", "json", *ingested[:-2])
    assert [row["exhibitor"] for row in json.loads(out)] == ["Edit Laser"]


def test_bad_names_and_types_get_one_helpful_line(ingested: list[str]) -> None:
    before = curation_lines(ingested)
    code, _, err = run("entity", "drop", "Amplitude Sytemes", *ingested)
    assert code == 1
    assert err.startswith("Error: no entity named 'Amplitude Sytemes' in the graph; closest: "
                          "Company:Amplitude Systèmes")
    assert len(err.splitlines()) == 1
    code, _, err = run("entity", "merge", "Pessac", "Amplitude", *ingested)
    assert code == 1
    assert err == ("Error: cannot merge City:Pessac (a City) into Company:Amplitude (a "
                   "Company): retype one first, e.g. `kg entity retype City:Pessac Company`\n")
    assert curation_lines(ingested) == before  # nothing written


def test_a_malformed_file_changes_nothing(ingested: list[str], corpus: Path) -> None:
    path = Path(ingested[ingested.index("--curation") + 1])
    path.write_text("drop\tCity:Pessac\nmerge\tCompany:Amplitude\n", encoding="utf-8")
    code, out, err = run("curate", "apply", "-q", *ingested)
    assert code == 1 and err == (f"Error: {path}:2: merge takes 2 cell(s) after it: "
                                 "merge<TAB>Type:Name<TAB>Type:Into\n")
    (corpus / "a4.txt").write_text("Title: x\n\nLa société Quantel est basée à Pessac.\n",
                                   encoding="utf-8")
    code, _, err = run("ingest", "-q", str(corpus), *ingested)
    assert code == 1 and err.startswith(f"Error: {path}:2: ")
    code, out, _ = run("articles", "list", "--format", "json", *ingested[:-2])
    assert [a["id"] for a in json.loads(out)] == ["article:a1", "article:a2", "article:a3"]
    code, out, _ = run("entity", "show", "Pessac", *ingested[:-2])
    assert out.startswith("city:pessac  City  Pessac")


def test_curate_list_and_apply_report_what_matches_nothing(ingested: list[str]) -> None:
    path = Path(ingested[ingested.index("--curation") + 1])
    path.write_text("drop\tCity:San Francisco\t# not a place of ours\n"
                    "drop\tCompany:Amplitude Sytemes\n", encoding="utf-8")
    code, out, _ = run("curate", "list", *ingested[-2:])
    assert out.splitlines()[1:] == ["    1  drop City:San Francisco # not a place of ours",
                                    "    2  drop Company:Amplitude Sytemes"]
    code, out, err = run("curate", "apply", "-q", *ingested)
    assert code == 0
    assert err.startswith(f"kg: warning: {path}:2: drop Company:Amplitude Sytemes matches "
                          "nothing (closest: Company:Amplitude Systèmes")
    assert out == "1 of 3 article(s) rewritten; 1 of 2 decision(s) matched\n"


def test_articles_list_and_remove(ingested: list[str], corpus: Path) -> None:
    options = ingested[:-2]
    code, out, _ = run("articles", "list", "--format", "csv", *options)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["id"], r["published"], r["path"]) for r in rows] == [
        (f"article:a{i}", f"2024-0{i + 2}-0{i}", str((corpus / f"a{i}.txt").resolve()))
        for i in (1, 2, 3)
    ]
    assert all(int(r["facts"]) > 0 for r in rows)
    code, out, _ = run("articles", "list", *options)
    assert out.splitlines()[0].split() == ["id", "title", "published", "url", "path", "facts"]
    code, out, _ = run("articles", "remove", str(corpus / "a3.txt"), *options)
    assert code == 0 and out == "removed article:a3\n"
    code, _, err = run("articles", "remove", "a9", *options)
    assert code == 1 and err == "Error: no stored article with id, path or URL 'a9' (see kg " \
                                "articles list)\n"

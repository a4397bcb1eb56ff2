"""`kg query list|show|run` as a user runs them, on both engines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli.query import query
from graph.queries import catalogue_markdown, list_queries
from graph.store import GraphStore
from tests.test_queries import PESSAC, seed_graphs


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(query, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db_args(engine: str, store: GraphStore, tmp_path: Path) -> list[str]:
    """The seed graphs written to a fresh store; the flags that reach it read-only."""
    store.write(seed_graphs())
    if engine == "neo4j":
        return ["--engine", "neo4j"]
    store.close()  # the embedded database admits one writer; the command opens it read-only
    return ["--engine", "ladybug", "--db", str(tmp_path / "graph.lbdb")]


def test_list_names_every_query_with_its_parameters() -> None:
    code, out, _ = run("list")
    assert code == 0
    for canned in list_queries():
        assert f"{canned.name}(" in out and canned.description in out
    assert "partners-of(org: entity, limit: int = 50)" in out


def test_list_markdown_is_the_catalogue_page() -> None:
    code, out, _ = run("list", "--markdown")
    assert code == 0 and out == catalogue_markdown()


def test_show_prints_the_dialect_of_each_engine() -> None:
    _, neo4j, _ = run("show", "connection-path")
    _, ladybug, _ = run("show", "connection-path", "--engine", "ladybug")
    assert "shortestPath(" in neo4j and "* SHORTEST" in ladybug
    assert "answered in Python by graph.query_functions:connection_path" in ladybug
    assert "Python" not in neo4j
    assert "// param from: entity" in neo4j


def test_unknown_query_is_one_line_with_the_closest_names() -> None:
    code, _, err = run("show", "partner-of")
    assert code == 1
    assert err.strip().count("\n") == 0 and "did you mean partners-of" in err


def test_run_table(engine: str, db_args: list[str]) -> None:
    code, out, err = run("run", "partners-of", "-p", "org=WNLO", *db_args)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["org", "org_id", "partner", "partner_id"]
    assert "Amplitude Systèmes" in lines[2] and "Route des Lasers" in lines[3]
    assert lines[-1] == "(2 rows)"


def test_run_csv_and_json(engine: str, db_args: list[str]) -> None:
    _, out, _ = run("run", "organisations-in", "-p", "place=gironde", "--format", "csv", *db_args)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["organisation"] for r in rows] == [
        "Amplitude Systèmes",
        "Edit Laser",
        "Eolite Systems",
    ]
    _, out, _ = run("run", "connection-path", "-p", "from=IVEA", "-p", "to=Pessac", "--format",
                    "json", *db_args)  # fmt: skip
    paths = json.loads(out)
    assert [p["hops"] for p in paths] == [3] and paths[0]["node_ids"][-1] == PESSAC.id


def test_run_ad_hoc_cypher_with_parameters(engine: str, db_args: list[str]) -> None:
    cypher = "MATCH (c:City) WHERE c.name = $name RETURN c.id AS id"
    code, out, _ = run("run", "--cypher", cypher, "-p", "name=Pessac", "--format", "json",
                       *db_args)  # fmt: skip
    assert code == 0 and json.loads(out) == [{"id": PESSAC.id}]


def test_writes_are_refused_with_a_clear_message(engine: str, db_args: list[str]) -> None:
    for cypher in ("MATCH (n:City) DETACH DELETE n", "CREATE (:City {id: 'city:x'})"):
        code, _, err = run("run", "--cypher", cypher, *db_args)
        assert code == 1 and "read-only" in err and "Traceback" not in err
    _, out, _ = run("run", "organisations-in", "-p", "place=Pessac", *db_args)
    assert "Amplitude Systèmes" in out  # nothing was deleted


def test_an_unmatched_entity_prints_no_rows_and_a_hint(engine: str, db_args: list[str]) -> None:
    code, out, err = run("run", "cluster-members", "-p", "cluster=Route des Laser", *db_args)
    assert code == 0 and out.strip() == "(no rows)"
    assert "hint: nothing in the graph matches cluster='Route des Laser'" in err
    assert "Route des Lasers" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "partners-of"], "needs parameter org"),
        (["run", "partners-of", "-p", "org=IVEA", "-p", "limit=many"], "parameter limit expects"),
        (["run", "partners-of", "-p", "org=IVEA", "-p", "year=2010"], "no parameter 'year'"),
        (["run", "partners-of", "-p", "org"], "write -p KEY=VALUE"),
    ],
)
def test_bad_parameters_are_one_clear_line(
    args: list[str], message: str, engine: str, db_args: list[str]
) -> None:
    code, _, err = run(*args, *db_args)
    assert code == 1 and message in err and "Traceback" not in err


def test_run_says_what_to_type_without_a_name_or_with_both(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "none.lbdb")]
    result = CliRunner().invoke(query, ["run", *db])
    assert result.exit_code == 2
    assert "say what to run: a query NAME (e.g. kg query run partners-of" in result.stderr
    assert "not both" not in result.stderr
    result = CliRunner().invoke(query, ["run", "partners-of", "--cypher", "RETURN 1", *db])
    assert result.exit_code == 2 and "not both: drop one of them" in result.stderr


def test_show_suggests_a_query_or_lists_them_all() -> None:
    code, _, err = run("show", "nope")
    assert code == 1 and "the canned queries are: article-facts," in err
    assert err.strip().count("\n") == 0

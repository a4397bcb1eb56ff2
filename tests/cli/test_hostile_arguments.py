"""Every `kg` command, with hostile arguments, ends in output and an exit status, never a
traceback (docs/security.md, docs/reliability.md).

The commands are read from the command tree, so a command added later is covered without
editing this file. Each runs in the real process (CliRunner with exceptions caught): an
exception other than SystemExit escaping a command is what a user would see as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph.cli import cli

UNREACHABLE_NEO4J = "bolt://127.0.0.1:9"  # the discard port: nothing listens there


def leaf_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> Iterator[tuple]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    a_file = root / "a-file.txt"
    a_file.write_text("not a database, not a folder\n")
    articles = root / "articles"
    articles.mkdir()
    (articles / "binary.txt").write_bytes(b"\x00\xff\x00\xfe")
    (articles / "empty.md").write_text("")
    (articles / "broken.json").write_text('{"text": "Le pôle')
    (articles / "nested.json").write_text("[" * 100_000 + "]" * 100_000)
    (articles / "line.jsonl").write_text('{"text": 1}\n[]\n\x7f\n')
    (articles / "surrogate.json").write_text('{"text": "\\ud800 Airbus \\u202e\\u200d"}')
    (articles / "tags.html").write_text("<html><body><script>x</script>" + "<div>" * 5000)
    return {"file": a_file, "articles": articles, "root": root}


def argument_sets(hostile: dict[str, Path]) -> list[list[str]]:
    file, articles, root = hostile["file"], hostile["articles"], hostile["root"]
    return [
        [],
        ["--db", str(file / "graph.lbdb")],  # a file where a folder should be
        ["--db", str(root)],  # a folder
        ["--db", str(file)],  # a file that is no database
        ["--db", str(root / "missing" / "graph.lbdb")],
        ["--engine", "neo4j"],  # NEO4J_URI points at nothing
        ["--no-such-option"],
        ["-o", str(file / "out.html")],
        ["-o", str(root)],
        [str(articles), "--db", str(root / "g.lbdb")],
        [str(file / "x"), "\x00", "é" * 5000],
        ["-p", "=", "-p", "org", "--format", "nope"],
    ]


def test_no_command_lets_a_traceback_reach_the_user(
    hostile: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", UNREACHABLE_NEO4J)
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-do-not-print")
    monkeypatch.delenv("KG_DEBUG", raising=False)
    monkeypatch.chdir(hostile["root"])  # defaults (kg-data/, graph.html) land in tmp
    runner = CliRunner()
    commands = list(leaf_commands())
    assert {("ingest",), ("extract",), ("query", "run"), ("export",), ("reset",)} <= set(commands)
    tried = 0
    for command in commands:
        if command == ("eval",):  # the default set runs the NLP on 17 articles: given a path
            sets = [[str(hostile["articles"])], [str(hostile["file"])], ["--db", "x"]]
        else:
            sets = argument_sets(hostile)
        for arguments in sets:
            argv = [*command, *arguments]
            result = runner.invoke(cli, argv, input="n\n", catch_exceptions=True)
            tried += 1
            shown = result.output
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                argv,
                repr(result.exception),
            )
            assert "Traceback" not in shown, argv
            assert "s3cret-do-not-print" not in shown, argv
            assert result.exit_code in (0, 1, 2), (argv, result.exit_code)
            if result.exit_code and "Aborted" not in shown:
                assert "Error:" in shown or "kg: " in shown, (argv, shown)
    assert tried >= 10 * len(commands)


# --------------------------------------------------------------------------- path errors, one line

SEED = Path(__file__).parents[2] / "data" / "articles" / "000_f9f87ba7564bb30f.txt"


def run(*argv: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(argv), catch_exceptions=False)
    return result.exit_code, result.output


def test_reset_refuses_a_path_that_holds_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "graph.lbdb"
    code, shown = run("reset", "--yes", "--db", str(missing))
    assert code == 1
    assert shown.strip() == f"Error: no graph database at {missing}: nothing to reset " \
                            "(check --db or KG_DB)"
    assert not (tmp_path / "nowhere").exists()


def test_a_db_under_a_file_is_one_error_line(tmp_path: Path) -> None:
    blocker = tmp_path / "report.txt"
    blocker.write_text("x")
    code, shown = run("ingest", "-q", "--db", str(blocker / "graph.lbdb"), str(SEED))
    assert code == 1
    assert shown.strip().splitlines() == [
        f"Error: cannot create the folder of the graph database {blocker / 'graph.lbdb'}: "
        f"a file is in the way ({blocker})"
    ]


def test_outputs_in_missing_folders_are_created(tmp_path: Path) -> None:
    db = str(tmp_path / "graph.lbdb")
    assert run("ingest", "-q", "--db", db, str(SEED))[0] == 0
    html, ttl = tmp_path / "reports" / "a" / "graph.html", tmp_path / "reports" / "b" / "g.ttl"
    assert run("viz", "--db", db, "-o", str(html))[0] == 0
    assert run("export", "--db", db, "-o", str(ttl))[0] == 0
    assert "<html" in html.read_text() and "Route des Lasers" in ttl.read_text()


def test_a_second_writer_is_told_the_database_is_in_use_or_waits(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    db = tmp_path / "graph.lbdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from graph.store.ladybug_store import LadybugStore\n"
         f"s = LadybugStore({str(db)!r}); print('open', flush=True); time.sleep(4); s.close()"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        code, shown = run("ingest", "-q", "--db", str(db), str(SEED))
        assert code == 1
        assert shown.strip() == (
            f"Error: the graph database at {db} is in use by another process (PID "
            f"{holder.pid}): wait for it to finish, or pass --wait SECONDS"
        )
        started = time.monotonic()
        code, shown = run("ingest", "-q", "--wait", "60", "--db", str(db), str(SEED))
        assert code == 0, shown
        assert "1 added" in shown and time.monotonic() - started < 60
    finally:
        holder.kill()
        holder.wait()

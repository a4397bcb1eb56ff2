"""Export -> import keeps what ingest needs: each article's content hash travels in the RDF
(kg:contentHash), so the articles stay unchanged and the NLP is not run again."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli

ARTICLES = Path(__file__).parents[2] / "data" / "articles"
SOME = sorted(ARTICLES.glob("*.txt"))[:2]


def kg(*argv: str) -> str:
    result = CliRunner().invoke(cli, list(argv), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def counts(summary: str) -> tuple[int, int, int]:
    found = re.search(r"(\d+) added, (\d+) replaced, (\d+) unchanged", summary)
    assert found, summary
    return int(found[1]), int(found[2]), int(found[3])


def test_an_imported_export_leaves_every_article_unchanged_for_ingest(tmp_path: Path) -> None:
    first, second = str(tmp_path / "first.lbdb"), str(tmp_path / "second.lbdb")
    files = [str(p) for p in SOME]
    assert counts(kg("ingest", "-q", "--db", first, *files)) == (2, 0, 0)
    ttl = tmp_path / "graph.ttl"
    kg("export", "--db", first, "-o", str(ttl))
    assert len(re.findall(r"kg:contentHash \"[0-9a-f]{64}\"", ttl.read_text())) == 2

    assert "2 unchanged" in kg("import", str(ttl), "--db", first)  # into the same graph
    kg("import", str(ttl), "--db", second)  # into a fresh one
    assert counts(kg("ingest", "-q", "--db", second, *files)) == (0, 0, 2)
    exported_again = tmp_path / "again.ttl"
    kg("export", "--db", second, "-o", str(exported_again))
    assert exported_again.read_text() == ttl.read_text()

#!/usr/bin/env python3
"""Write data/real/SOURCES.md from the annotators' source lists (data/real/sources/*.tsv).

Each TSV line: stem, lang, sector, kind, URL, title, search query. The split column comes
from a seeded draw made once per article, by hash, so adding articles never moves one
already drawn: an article is held out when SHA-256("kg-real-split-2026:" + stem) is 0 mod 3
(about a third). Held-out articles are scored, never read while writing rules.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
SEED = "kg-real-split-2026:"
COLUMNS = ("stem", "split", "lang", "sector", "kind", "url", "title", "query")


def split_of(stem: str) -> str:
    digest = hashlib.sha256((SEED + stem).encode("utf-8")).hexdigest()
    return "heldout" if int(digest, 16) % 3 == 0 else "dev"


def rows() -> list[dict[str, str]]:
    found = []
    for tsv in sorted((REAL / "sources").glob("*.tsv")):
        for number, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            cells = line.split("\t")
            if len(cells) != 7:
                sys.exit(f"{tsv}:{number}: expected 7 tab-separated cells, found {len(cells)}")
            stem, lang, sector, kind, url, title, query = (c.strip() for c in cells)
            found.append({"stem": stem, "split": split_of(stem), "lang": lang, "sector": sector,
                          "kind": kind, "url": url, "title": title, "query": query})
    return sorted(found, key=lambda row: row["stem"])


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> int:
    table = rows()
    gold = {p.name.removesuffix(".gold.json") for p in (REAL / "gold").glob("*.gold.json")}
    listed = {row["stem"] for row in table}
    for stem in sorted(gold - listed):
        print(f"real_sources: {stem}: a gold file with no source line", file=sys.stderr)
    for stem in sorted(listed - gold):
        print(f"real_sources: {stem}: a source line with no gold file", file=sys.stderr)
    header = (REAL / "SOURCES.head.md").read_text(encoding="utf-8")
    lines = [header.rstrip(), "", "| " + " | ".join(COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(row[c]) for c in COLUMNS) + " |" for row in table]
    (REAL / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    dev = sum(row["split"] == "dev" for row in table)
    print(f"SOURCES.md: {len(table)} articles, {dev} dev, {len(table) - dev} held out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

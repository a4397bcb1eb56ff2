#!/usr/bin/env python3
"""Turn annotators' drafts into committed gold files of the real-article set.

    python scripts/real_gold.py NAME...     # data/real/articles/NAME.draft.json -> gold/
    python scripts/real_gold.py --all

A draft is a gold object in the shape of EVAL.md whose evidence is the exact text (or a list
of passages); it lives beside the article text in the git-ignored data/real/articles/. The
gold file written to data/real/gold/ keeps names, types and relations and records each
evidence as character offsets plus a short hash, so no publisher's sentence is committed.
Each draft is checked as `kg eval` would read it (types, endpoints, evidence found).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.errors import BadInput
from graph.evaluate import Gold
from graph.goldset import draft_to_gold, read_text, resolve_evidence

REAL = Path(__file__).resolve().parent.parent / "data" / "real"


def gold_json(gold: dict) -> str:
    """One entity or relation a line, so a diff of a gold file reads item by item."""
    lines = ["{"]
    for key in ("entities", "relations"):
        items = [json.dumps(item, ensure_ascii=False) for item in gold[key]]
        lines.append(f' "{key}": [')
        lines.append(",\n".join(f"  {item}" for item in items))
        lines.append(" ]," if key == "entities" else " ]")
    return "\n".join([*lines, "}"]) + "\n"


def convert(name: str) -> str:
    draft_path = REAL / "articles" / f"{name}.draft.json"
    text = read_text(REAL / "articles" / f"{name}.txt")
    try:
        draft = json.loads(draft_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BadInput(str(draft_path), f"cannot read the draft ({exc})") from None
    gold = draft_to_gold(draft, text, str(draft_path))
    parsed = Gold.from_json(resolve_evidence(gold, text), str(draft_path))
    out = REAL / "gold" / f"{name}.gold.json"
    out.write_text(gold_json(gold), encoding="utf-8")
    required = [r for r in parsed.relations if not r.optional]
    return (f"{name}: {len(parsed.entities)} entities, {len(parsed.relations)} relations "
            f"({len(required)} required) -> {out.relative_to(REAL.parent.parent)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--all", action="store_true", help="every draft in data/real/articles")
    args = parser.parse_args()
    names = args.names or []
    if args.all:
        names = sorted(p.name.removesuffix(".draft.json")
                       for p in (REAL / "articles").glob("*.draft.json"))
    failed = False
    for name in names:
        try:
            print(convert(name))
        except BadInput as exc:
            print(f"real_gold: {exc}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

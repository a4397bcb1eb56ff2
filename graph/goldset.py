"""Gold sets whose texts may not be committed: evidence by offsets and a short hash.

A real-article set (`data/real/`) commits only facts: `gold/NAME.gold.json` holds names,
types and relations, and each relation's evidence as ``{"start", "end", "sha"}`` (character
offsets into the article file's decoded text, and the first 12 hex digits of the SHA-256 of
that slice). The texts themselves live in the git-ignored `articles/` folder beside it,
rebuilt from `SOURCES.md`. `check_set` says whether a rebuilt text still matches every gold
evidence; `locate_evidence` turns an annotator's draft (evidence as exact text) into the
committed form.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import BadInput
from graph.load import GOLD_SUFFIX

SHA_DIGITS = 12
GOLD_DIR = "gold"
TEXT_DIR = "articles"


def short_hash(text: str) -> str:
    """The first SHA_DIGITS hex digits of the UTF-8 SHA-256 of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHA_DIGITS]


def is_offset_set(eval_dir: Path) -> bool:
    """True for a set laid out as gold/ + articles/ (texts kept out of the repository)."""
    return (eval_dir / GOLD_DIR).is_dir()


def read_text(path: Path) -> str:
    """An article file's text exactly as offsets count it: UTF-8, newlines kept as stored."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(str(path), f"cannot read article text ({exc})") from None


_SPACES = re.compile(r"\s+")


def _loose_pattern(evidence: str) -> re.Pattern[str]:
    """Any run of whitespace in the evidence matches any run in the text (an annotator may
    have typed one space where the page has a no-break space or a line break)."""
    parts = [re.escape(part) for part in _SPACES.split(evidence.strip()) if part]
    return re.compile(r"\s+".join(parts))


def locate_evidence(text: str, evidence: str, where: str) -> dict[str, Any]:
    """Offsets and hash of `evidence` in `text`: the exact string, else the same words with
    any whitespace between them; its first occurrence. BadInput when it is not there."""
    start = text.find(evidence)
    if start >= 0:
        end = start + len(evidence)
    else:
        match = _loose_pattern(evidence).search(text)
        if not match:
            raise BadInput(where, f"evidence not found in the text: {evidence[:60]!r}...")
        start, end = match.span()
    return {"start": start, "end": end, "sha": short_hash(text[start:end])}


def draft_to_gold(draft: dict[str, Any], text: str, where: str) -> dict[str, Any]:
    """The committed gold object of an annotator's draft: every relation's evidence text
    replaced by its offsets and hash (a list of them for two separate passages)."""
    relations = []
    for relation in draft.get("relations", []):
        evidence = relation.get("evidence", "")
        passages = evidence if isinstance(evidence, list) else [evidence]
        refs = [locate_evidence(text, passage, where) for passage in passages if passage]
        if not refs:
            raise BadInput(where, f"relation without evidence: {relation!r}")
        relations.append({**relation, "evidence": refs})
    return {"entities": draft.get("entities", []), "relations": relations}


def resolve_evidence(gold: dict[str, Any], text: str) -> dict[str, Any]:
    """The gold object with each evidence reference replaced by the text it points at."""
    relations = []
    for relation in gold.get("relations", []):
        refs = relation.get("evidence", [])
        if isinstance(refs, list):
            passage = "\n".join(text[r["start"]:r["end"]] for r in refs if isinstance(r, dict))
            relation = {**relation, "evidence": passage}
        relations.append(relation)
    return {**gold, "relations": relations}


def read_sources(eval_dir: Path) -> list[dict[str, str]]:
    """The rows of the set's SOURCES.md table (first table in the file), keyed by the
    lower-cased header cells; [] when there is no such file."""
    path = eval_dir / "SOURCES.md"
    if not path.is_file():
        return []
    header: list[str] | None = None
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if header is not None and rows:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
        elif not all(set(cell) <= set("-: ") for cell in cells):
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


@dataclass(frozen=True)
class Mismatch:
    """One gold evidence whose text no longer hashes as recorded, or a missing text."""

    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


def offset_pairs(eval_dir: Path) -> list[tuple[str, Path, Path]]:
    """(NAME, articles/NAME.txt, gold/NAME.gold.json) for every gold file, sorted; the text
    may be missing (not rebuilt yet)."""
    return [(gold.name.removesuffix(GOLD_SUFFIX), eval_dir / TEXT_DIR
             / f"{gold.name.removesuffix(GOLD_SUFFIX)}.txt", gold)
            for gold in sorted((eval_dir / GOLD_DIR).glob(f"*{GOLD_SUFFIX}"))]


def check_set(eval_dir: Path) -> tuple[int, list[Mismatch]]:
    """(evidence references checked, mismatches) for an offset set: every gold file needs its
    text in articles/, and every reference must slice text whose hash is the recorded one."""
    checked = 0
    problems: list[Mismatch] = []
    for name, text_path, gold_path in offset_pairs(eval_dir):
        if not text_path.is_file():
            problems.append(Mismatch(name, f"text missing ({text_path}): rebuild it from "
                                           f"{eval_dir / 'SOURCES.md'}"))
            continue
        text = read_text(text_path)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for relation in gold.get("relations", []):
            for ref in relation.get("evidence", []):
                checked += 1
                got = short_hash(text[ref["start"]:ref["end"]])
                if got != ref["sha"]:
                    problems.append(Mismatch(
                        name, f"evidence {ref['start']}-{ref['end']} of {relation['type']} "
                              f"{relation['source']} -> {relation['target']} hashes {got}, "
                              f"gold says {ref['sha']}"))
    return checked, problems

"""A longer fault soak than the test suite runs, printing the figures of docs/reliability.md.

Three parts, each sized by an option:
- inputs: hostile files of every class (arbitrary bytes, hostile Unicode, lone surrogate
  escapes, deeply nested JSON, malformed HTML, huge lines) through the loader, counting
  exceptions that escaped (must be 0);
- kills: `kg ingest` of a generated corpus (tests/faults/harness.py; text written here)
  SIGKILLed at random moments drawn within the expected length of the run it interrupts
  (an uninterrupted run and a run with nothing to write are timed first; the length is
  scaled to the articles still to write), the database opened after each kill, the run
  finished by re-running it, the full dump compared with an uninterrupted run's. Only a
  SIGKILL that ended a running process counts as a kill;
- tracebacks: every stderr seen is searched for "Traceback".

    python scripts/fault_soak.py                          # 300 articles, 20 kills
    python scripts/fault_soak.py --inputs 0 --kills 30    # kills only
    python scripts/fault_soak.py --articles 500 --kills 60 --inputs 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.config import Settings  # noqa: E402
from graph.errors import BadInput  # noqa: E402
from graph.load import load_file  # noqa: E402
from graph.model import Article  # noqa: E402
from graph.store import open_store  # noqa: E402
from tests.faults.harness import (  # noqa: E402
    differences,
    dump,
    kill_until_done,
    measure_timing,
    write_corpus,
    written_articles,
)

HOSTILE = ["\u200b", "\u202e", "\u0301", "😀", "👩‍🔬", "שלום", "مرحبا", "\ufeff", "\x7f"]


def hostile_input(kind: str, rng: random.Random) -> tuple[bytes, str]:
    words = ["La", "société", "Airbus", "est", "membre", "du", "pôle", "Aerospace", "Valley",
             "à", "Toulouse", "."]  # fmt: skip
    text = " ".join(rng.choice(words + HOSTILE) for _ in range(rng.randint(1, 300)))
    if kind == "bytes":
        return rng.randbytes(rng.randint(0, 3000)), rng.choice([".txt", ".json", ".html", ".md"])
    if kind == "unicode":
        return text.encode("utf-8"), rng.choice([".txt", ".md", ".jsonl"])
    if kind == "surrogates":
        escape = f"\\u{rng.randint(0xD800, 0xDFFF):04x}"
        return f'{{"title": "{escape}", "text": "{escape} {text}"}}'.encode(), ".json"
    if kind == "nested-json":
        depth = rng.randint(1, 300_000)
        return ("[" * depth + "]" * rng.randint(0, depth)).encode(), ".json"
    if kind == "malformed-html":
        tags = ["<div>", "</p>", "<script>", "<!--", "&#xD800;", "<a href='"]
        return ("".join(rng.choice(tags) for _ in range(2000)) + text).encode(), ".html"
    line = text.replace("\n", " ") * rng.randint(100, 3000)  # huge line
    return line.encode("utf-8"), ".txt"


def soak_inputs(count: int, rng: random.Random) -> tuple[Counter, int]:
    kinds = ["bytes", "unicode", "surrogates", "nested-json", "malformed-html", "huge-line"]
    tried: Counter = Counter()
    escaped = 0
    with tempfile.TemporaryDirectory() as folder:
        for index in range(count):
            kind = kinds[index % len(kinds)]
            data, suffix = hostile_input(kind, rng)
            path = Path(folder) / f"input{suffix}"
            path.write_bytes(data)
            tried[kind] += 1
            try:
                for item in load_file(path, on_warning=lambda line: None):
                    assert isinstance(item, (Article, BadInput))
            except Exception as exc:
                escaped += 1
                print(f"  escaped: {kind}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return tried, escaped


def graph_dump(db: Path) -> list[str]:
    with open_store(Settings(engine="ladybug", db_path=db), read_only=True) as store:
        return dump(store)


def soak_kills(articles: int, kills: int, per_round: int, rng: random.Random) -> dict[str, int]:
    """Rounds of kills, each into a fresh database finished by re-running, until `kills`
    SIGKILLs have ended a running `kg ingest`."""
    figures: Counter = Counter()
    moments: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        write_corpus(corpus, articles, seed=rng.randint(0, 10**6))
        reference_db = Path(folder) / "reference.lbdb"
        timing = measure_timing(corpus, reference_db)
        reference = graph_dump(reference_db)
        print(f"uninterrupted run: {articles} articles in {timing.full:.0f} s, "
              f"{len(reference)} nodes and relationships; a run with nothing left to write: "
              f"{timing.startup:.0f} s")

        def opened(path: Path) -> int:
            try:
                return written_articles(graph_dump(path))
            except Exception as exc:  # counted and shown: the promise is that it opens
                figures["failed opens"] += 1
                print(f"  the database did not open after a kill: {exc}", file=sys.stderr)
                return 0

        number = 0
        while figures["kills"] < kills:
            db = Path(folder) / f"round-{number}.lbdb"
            run = kill_until_done(corpus, db, timing=timing, total=articles,
                                  most=min(per_round, kills - figures["kills"]), rng=rng,
                                  check=opened)
            for name in ("kills", "missed", "writing", "opens", "tracebacks"):
                figures[name] += getattr(run, name)
            moments += run.moments
            got = graph_dump(db)
            differs = got != reference
            figures["graphs differing"] += differs
            figures["rounds"] += 1
            lost = {line for line in reference if line.startswith('["node", ["Article"]')}
            figures["articles lost"] += len(lost - set(got))
            print(f"round {number + 1}: {run.kills} kills ({run.writing} after a chunk was "
                  f"written), {run.missed} drawn after the run ended; "
                  f"{'DIFFERS' if differs else 'same graph as the uninterrupted run'}")
            for line in differences(got, reference) if differs else []:
                print(f"  {line[:200]}")
            number += 1
    if moments:
        thirds = Counter(min(2, int(3 * m)) for m in moments)
        print("kill moments, as a share of the expected run length: "
              f"first third {thirds[0]}, second {thirds[1]}, last {thirds[2]}")
    return dict(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--kills", type=int, default=20,
                        help="kills in all: SIGKILLs that ended a running kg ingest")
    parser.add_argument("--kills-per-round", type=int, default=5,
                        help="kills into one database before a run is let finish")
    parser.add_argument("--inputs", type=int, default=600, help="hostile input files")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tried, escaped = soak_inputs(args.inputs, rng)
    print(f"inputs tried: {sum(tried.values())} ({', '.join(f'{k} {v}' for k, v in tried.items())})"
          f"; exceptions escaping the loader: {escaped}")
    figures = soak_kills(args.articles, args.kills, args.kills_per_round, rng)
    print(f"faults injected: {figures.get('kills', 0)} kill -9 of a running kg ingest "
          f"({figures.get('writing', 0)} after it had written a chunk), in "
          f"{figures.get('rounds', 0)} rounds each finished by re-running the command; "
          f"{figures.get('missed', 0)} kill moments fell after the run had ended")
    failed = figures.get("failed opens", 0)
    print(f"database opened after a kill: {figures.get('opens', 0) - failed}, "
          f"failed to open: {failed}")
    print(f"articles lost: {figures.get('articles lost', 0)}")
    print(f"graphs differing from the uninterrupted run: {figures.get('graphs differing', 0)}")
    print(f"tracebacks seen by a user: {figures.get('tracebacks', 0)}")
    bad = escaped + sum(figures.get(k, 0) for k in
                        ("failed opens", "articles lost", "graphs differing", "tracebacks"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

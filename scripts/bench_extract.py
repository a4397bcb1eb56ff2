"""Extraction throughput and memory, side by side with the bare spaCy pipeline.

Corpus: article-like French text generated on the fly (streamed, never held in memory) by
recombining the paragraphs of the French articles of data/eval in seeded random order, with
every gold Company, Cluster and Lab name replaced by a generated one, so the rules see names
no gazetteer lists. For each corpus size, two child processes run on the same corpus:
`nlp.pipe` of the same pipeline `extract_articles` uses (bare), then `extract_articles`
itself. Each child reports words/s and its peak RSS; the ratio is extract / bare.
A third child ("paired") runs both alternately on the same chunks of about 5,000 words and
sums each mode's time: on a shared, loaded machine that ratio is the one to trust, since
both modes see the same load.

    python scripts/bench_extract.py                 # 100k and 200k words
    python scripts/bench_extract.py --words 150000 --words 300000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "data" / "eval"
SYLLABLES = [
    "ka",
    "lo",
    "ri",
    "ven",
    "tor",
    "mi",
    "sa",
    "nex",
    "bel",
    "quo",
    "dra",
    "fi",
    "zan",
    "pho",
    "tel",
    "ar",
    "vi",
    "on",
    "ly",
    "mar",
]
SUFFIXES = ["Systems", "Technologies", "Photonics", "Industries", "Optics", "Lasers", "", "", ""]


def _french_sources() -> tuple[list[str], list[str]]:
    """Paragraphs of the French eval articles, and the organisation names to replace."""
    return eval_sources("fr")


def eval_sources(lang: str) -> tuple[list[str], list[str]]:
    """Paragraphs of the eval articles in `lang`, and the organisation names to replace."""
    sys.path.insert(0, str(ROOT))
    from graph.load import load_file

    paragraphs: list[str] = []
    names: set[str] = set()
    for gold_path in sorted(EVAL_DIR.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        article_paths = [p for p in EVAL_DIR.glob(stem + ".*") if p != gold_path]
        article = next(iter(load_file(article_paths[0])))
        if getattr(article, "lang", None) != lang:
            continue
        paragraphs += [p.strip() for p in article.text.split("\n\n") if len(p.split()) > 8]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        names.update(
            e["name"]
            for e in gold["entities"]
            if e["type"] in ("Company", "Cluster", "Lab") and len(e["name"]) > 3
        )
    return paragraphs, sorted(names, key=len, reverse=True)


def _fake_name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    suffix = rng.choice(SUFFIXES)
    return f"{word} {suffix}".strip()


def _rename(pattern: re.Pattern[str], text: str, rng: random.Random) -> str:
    """Every organisation name of the text gets one generated name, used consistently."""
    mapping: dict[str, str] = {}
    return pattern.sub(lambda m: mapping.setdefault(m.group(0), _fake_name(rng)), text)


def corpus(total_words: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """(article id, text) pairs until `total_words` words; deterministic for a seed."""
    paragraphs, names = _french_sources()
    pattern = re.compile("|".join(re.escape(n) for n in names))
    rng = random.Random(seed)
    words, n = 0, 0
    while words < total_words:
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 8)))
        text = _rename(pattern, "\n\n".join(chosen), rng)
        words += len(text.split())
        n += 1
        yield f"bench-{n}", text


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, total_words: int, batch_size: int) -> dict[str, float | str | int]:
    sys.path.insert(0, str(ROOT))
    from graph.extract import extract_articles
    from graph.extract.nlp import pipeline
    from graph.model import Article

    nlp = pipeline("fr")  # load outside the timed region, for both modes
    nlp("Chargement.")
    load_start = time.perf_counter()
    if mode == "extract":  # one-time gazetteer load, reported apart from throughput
        from graph.gazetteer import demonyms, lookup_town, organisations, places

        places(), demonyms(), organisations(), lookup_town("Eulmont")  # + small towns
    load_seconds = time.perf_counter() - load_start
    counted = {"words": 0, "articles": 0, "entities": 0, "relations": 0}

    def texts() -> Iterator[str]:
        for _, text in corpus(total_words):
            counted["words"] += len(text.split())
            counted["articles"] += 1
            yield text

    start = time.perf_counter()
    if mode == "bare":
        for _ in nlp.pipe(texts(), batch_size=batch_size):
            pass
    else:
        articles = (Article(f"a{i}", "", text, "fr") for i, text in enumerate(texts()))
        for graph in extract_articles(articles, batch_size=batch_size):
            counted["entities"] += len(graph.entities)
            counted["relations"] += len(graph.relations)
    seconds = time.perf_counter() - start
    return {
        "mode": mode,
        **counted,
        "seconds": round(seconds, 2),
        "gazetteer_load_s": round(load_seconds, 1),
        "words_per_s": round(counted["words"] / seconds),
        "peak_rss_mb": round(_peak_rss_mb()),
    }


def paired(total_words: int, batch_size: int, chunk_words: int = 5000) -> dict:
    sys.path.insert(0, str(ROOT))
    from graph.extract import extract_articles
    from graph.extract.nlp import pipeline
    from graph.gazetteer import demonyms, lookup_town, organisations, places
    from graph.model import Article

    nlp = pipeline("fr")
    nlp("Chargement.")
    places(), demonyms(), organisations(), lookup_town("Eulmont")
    times = {"bare": 0.0, "extract": 0.0}
    words = 0
    chunk: list[str] = []

    def bare(texts: list[str]) -> None:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        times["bare"] += time.perf_counter() - start

    def extract(texts: list[str]) -> None:
        start = time.perf_counter()
        articles = [Article(f"a{i}", "", t, "fr") for i, t in enumerate(texts)]
        for _ in extract_articles(articles, batch_size=batch_size):
            pass
        times["extract"] += time.perf_counter() - start

    rounds = [0]

    def run(texts: list[str]) -> None:
        # the first pass over a chunk also fills the vocabulary with its new words: take
        # turns at going first so neither mode gets the warm second pass every time
        first, second = (bare, extract) if rounds[0] % 2 == 0 else (extract, bare)
        first(texts)
        second(texts)
        rounds[0] += 1

    for _, text in corpus(total_words):
        chunk.append(text)
        words += len(text.split())
        if sum(len(t.split()) for t in chunk) >= chunk_words:
            run(chunk)
            chunk = []
    if chunk:
        run(chunk)
    return {"mode": "paired", "words": words,
            "bare_words_per_s": round(words / times["bare"]),
            "extract_words_per_s": round(words / times["extract"]),
            "ratio": round(times["bare"] / times["extract"], 3)}


def run_child(mode: str, words: int, batch_size: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--words",
            str(words),
            "--batch-size",
            str(batch_size),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--words",
        type=int,
        action="append",
        help="corpus size in words (repeatable; default 100000 and 200000)",
    )
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", choices=["bare", "extract", "paired"],
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.words or [100_000, 200_000]
    if args.child == "paired":
        print(json.dumps(paired(sizes[0], args.batch_size)))
        return
    if args.child:
        print(json.dumps(child(args.child, sizes[0], args.batch_size)))
        return
    from graph.extract.nlp import FRENCH_EXCLUDE, FRENCH_MODEL

    print(
        f"pipeline: {FRENCH_MODEL} without {', '.join(FRENCH_EXCLUDE)}, plus sentencizer; "
        f"1 process, batch {args.batch_size}"
    )
    print("corpus: French data/eval paragraphs recombined, organisation names generated")
    columns = ("words", "mode", "articles", "seconds", "words/s", "peak MB")
    print(" ".join(f"{c:>8}" for c in columns))
    for words in sizes:
        bare = run_child("bare", words, args.batch_size)
        extract = run_child("extract", words, args.batch_size)
        for row in (bare, extract):
            print(
                f"{row['words']:>8} {row['mode']:>8} {row['articles']:>8} {row['seconds']:>8} "
                f"{row['words_per_s']:>8} {row['peak_rss_mb']:>8}"
            )
        ratio = extract["words_per_s"] / bare["words_per_s"]
        print(
            f"{'':>8} ratio extract/bare = {ratio:.2f} (target >= 0.80); "
            f"{extract['entities']} entities, {extract['relations']} relations"
        )

    both = run_child("paired", sizes[0], args.batch_size)
    print(f"paired, same chunks alternately ({both['words']} words): bare "
          f"{both['bare_words_per_s']} words/s, extract {both['extract_words_per_s']} words/s, "
          f"ratio {both['ratio']:.2f} (target >= 0.80)")


if __name__ == "__main__":
    main()

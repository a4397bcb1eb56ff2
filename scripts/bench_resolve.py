"""Cost of entity resolution per article as the graph grows, against the old full-scan resolver.

    python scripts/bench_resolve.py                       # sizes 1k 10k 100k
    python scripts/bench_resolve.py --sizes 1000 1000000 --baseline-max 100000 --plot out.png

For each size, a LadybugDB graph of that many generated entities (organisations and events
with pseudo-word names, a third with an alias, and places; written with COPY the way kg
writes them: nodes, Key index, blocking index) is resolved against by:

- `Resolver(source=store)`, today's: candidates from the Key and blocking indexes only;
  per article (each article asks for its own candidates), and per chunk of 64 articles
  prefetched at once (what `kg ingest` does);
- the old resolver as a baseline (the whole store read at start, fuzzy matching over every
  entity of the type), up to --baseline-max entities.

The articles: the sample articles of data/articles (extracted once, so mostly names the
generated graph does not hold) and generated ones whose mentions are half names of the graph,
a fifth of them misspelt, the rest new. Prints ms per article, the ratio to the smallest
size, the build cost of the old resolver, and how many decisions (canonical ids) the two
agree on. Text of the generated articles and names: made up here.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from graph.blocking import FUZZY_TYPES, entity_blocks, is_acronym  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.keys import entity_id, fold, search_keys  # noqa: E402
from graph.model import Article, ArticleGraph, Entity  # noqa: E402
from graph.resolve import FUZZY_CUTOFF, FUZZY_MIN_LENGTH, Canonical, Resolver  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.store.ladybug_store import LadybugStore  # noqa: E402

SYLLABLES = [a + b for a in "bcdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "en", "ol")]
SUFFIXES = ["Industries", "Systems", "Technologies", "Group", "Laser", "Photonics", "Solutions",
            "Composites", "Robotics", "Medical", "Energie", "Aero", "Innovation", ""]
KINDS = [("Company", 0.62), ("Lab", 0.1), ("Cluster", 0.04), ("Event", 0.04), ("City", 0.14),
         ("Region", 0.04), ("Country", 0.02)]
CHUNK = 64


class ScanResolver(Resolver):
    """The resolver before the blocking index: every known entity held in memory from the
    start, fuzzy matching over every name of the type."""

    def _clear(self) -> None:
        self._fuzzy_names: dict[str, dict[str, Canonical]] = {}
        super()._clear()

    def _register_name(self, canonical: Canonical, name: str) -> None:
        super()._register_name(canonical, name)
        if canonical.type in FUZZY_TYPES and not is_acronym(name):
            self._fuzzy_names.setdefault(canonical.type, {}).setdefault(fold(name), canonical)

    def _fuzzy(self, entity: Entity) -> Canonical | None:
        table = self._fuzzy_names.get(entity.type)
        folded = fold(entity.name)
        if not table or len(folded) < FUZZY_MIN_LENGTH or is_acronym(entity.name):
            return None
        best = process.extractOne(folded, list(table), scorer=fuzz.token_sort_ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        return table[best[0]] if best else None


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generated_name(rng: random.Random, kind: str) -> str:
    words = [pseudo_word(rng) for _ in range(rng.choice((1, 1, 2)))]
    if kind == "Company":
        words.append(rng.choice(SUFFIXES))
    elif kind == "Lab":
        words.insert(0, rng.choice(("Laboratoire", "Institut", "Centre")))
    elif kind == "Event":
        words.append(rng.choice(("Expo", "Forum", "Salon", "Summit")))
    return " ".join(w for w in words if w)


def generated_entities(count: int, seed: int = 7) -> list[Entity]:
    rng = random.Random(seed)
    kinds, weights = zip(*KINDS, strict=True)
    seen: set[str] = set()
    out: list[Entity] = []
    while len(out) < count:
        kind = rng.choices(kinds, weights)[0]
        name = generated_name(rng, kind)
        ident = entity_id(kind, name)
        if ident in seen:
            continue
        seen.add(ident)
        aliases: tuple[str, ...] = ()
        if rng.random() < 0.33 and kind not in ("City", "Region", "Country"):
            initials = "".join(w[0] for w in name.split()).upper()
            aliases = (initials + pseudo_word(rng)[:2].upper(),) if rng.random() < 0.5 else (
                name + " SA",)
        out.append(Entity(ident, kind, name, aliases))
    return out


def misspelt(rng: random.Random, name: str) -> str:
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) > 6:
        j = rng.randrange(2, len(w) - 1)
        words[i] = w[:j] + w[j + 1:]  # one letter dropped inside the longest word
    return " ".join(words)


def generated_articles(
    graph_entities: list[Entity], count: int, seed: int = 11
) -> list[ArticleGraph]:
    rng = random.Random(seed)
    out = []
    for a in range(count):
        entities: dict[str, Entity] = {}
        for _ in range(20):
            roll = rng.random()
            if roll < 0.4:
                e = rng.choice(graph_entities)
                entity = Entity(e.id, e.type, e.name)
            elif roll < 0.5:
                e = rng.choice(graph_entities)
                name = misspelt(rng, e.name)
                entity = Entity(entity_id(e.type, name), e.type, name)
            else:
                kind = rng.choice(("Company", "Company", "Lab", "City", "Event"))
                name = generated_name(rng, kind) + " Nova"
                entity = Entity(entity_id(kind, name), kind, name)
            entities.setdefault(entity.id, entity)
        article = Article(f"gen:{a}", f"Generated {a}", "made-up text")
        out.append(ArticleGraph(article, tuple(entities.values()), ()))
    return out


def sample_articles() -> list[ArticleGraph]:
    from graph.extract import extract_articles
    from graph.load import iter_articles
    from graph.model import Article as A

    articles = [a for a in iter_articles([ROOT / "data" / "articles"]) if isinstance(a, A)]
    return list(extract_articles(articles))


def bulk_graph(store: LadybugStore, entities: list[Entity]) -> None:
    """Write the entities as kg would (node, Key index, blocking index), through COPY."""
    import pyarrow as pa

    conn = store._conn
    keys: dict[str, None] = {}
    blocks: dict[str, None] = {}
    by_label: dict[str, list[Entity]] = {}
    key_links: dict[str, list[tuple[str, str]]] = {}
    block_links: dict[str, list[tuple[str, str]]] = {}
    for e in entities:
        by_label.setdefault(e.type, []).append(e)
        for k in search_keys(e.name, e.aliases):
            keys.setdefault(k)
            key_links.setdefault(e.type, []).append((k, e.id))
        for b in entity_blocks(e.type, [e.name, *e.aliases]):
            blocks.setdefault(b)
            block_links.setdefault(e.type, []).append((b, e.id))
    for label, group in by_label.items():
        table = pa.table({
            "id": [e.id for e in group], "name": [e.name for e in group],
            "aliases": [list(e.aliases) for e in group],
            "search_keys": [search_keys(e.name, e.aliases) for e in group],
        })
        conn.execute(f"COPY {label}(id, name, aliases, search_keys) FROM $t", {"t": table})
    conn.execute("COPY Key FROM $t", {"t": pa.table({"key": list(keys)})})
    conn.execute("COPY Block FROM $t", {"t": pa.table({"key": list(blocks)})})
    for rel, links in (("KEY_OF", key_links), ("BLOCK_OF", block_links)):
        for label, pairs in links.items():
            table = pa.table({"from": [p[0] for p in pairs], "to": [p[1] for p in pairs]})
            conn.execute(f"COPY {rel} FROM $t (from='{'Key' if rel == 'KEY_OF' else 'Block'}', "
                         f"to='{label}')", {"t": table})


@dataclass
class Row:
    size: int
    per_article_ms: float
    chunked_ms: float
    old_build_s: float | None = None
    old_ms: float | None = None
    agree: float | None = None


def ids_of(resolver: Resolver, graphs: list[ArticleGraph]) -> tuple[list[list[str]], float]:
    start = time.perf_counter()
    out = [[e.id for e in resolver.resolve(g).entities] for g in graphs]
    return out, time.perf_counter() - start


def measure(size: int, articles: list[ArticleGraph], baseline: bool, merges: Path) -> Row:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(engine="ladybug", db_path=Path(tmp) / "bench.lbdb")
        entities = generated_entities(size)
        with open_store(settings) as store:
            bulk_graph(store, entities)
            batch = articles + generated_articles(entities, 60)
            for g in batch:  # warm up: gazetteers and place tables load on first use
                Resolver(merges=merges).resolve(g)
            new_ids, seconds = ids_of(Resolver(merges=merges, source=store), batch)
            per_article = seconds / len(batch) * 1000
            chunked = Resolver(merges=merges, source=store)
            start = time.perf_counter()
            for k in range(0, len(batch), CHUNK):
                chunk = batch[k:k + CHUNK]
                chunked.prefetch(chunk)
                for g in chunk:
                    chunked.resolve(g)
            chunked_ms = (time.perf_counter() - start) / len(batch) * 1000
            row = Row(size, per_article, chunked_ms)
            if baseline:
                start = time.perf_counter()
                old = ScanResolver(store.entities(), merges=merges)
                row.old_build_s = time.perf_counter() - start
                old_ids, seconds = ids_of(old, batch)
                row.old_ms = seconds / len(batch) * 1000
                same = sum(x == y for x, y in zip(new_ids, old_ids, strict=True))
                row.agree = same / len(batch)  # articles whose every decision is the same
    return row


def plot(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    sizes = [r.size for r in rows]
    ax.plot(sizes, [r.per_article_ms for r in rows], "o-", label="blocking, per article")
    ax.plot(sizes, [r.chunked_ms for r in rows], "s-", label="blocking, chunks of 64")
    old = [(r.size, r.old_ms) for r in rows if r.old_ms is not None]
    if old:
        ax.plot([s for s, _ in old], [m for _, m in old], "^--", label="old: scan every entity")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("entities already in the graph")
    ax.set_ylabel("ms per article")
    ax.set_title("Entity resolution cost per article (LadybugDB)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--baseline-max", type=int, default=100_000,
                        help="run the old resolver up to this size (default 100000)")
    parser.add_argument("--plot", type=Path, help="write a PNG plot here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        merges = Path(tmp) / "merges.tsv"
        merges.write_text("# none: the generated names are unknown to the analyst\n")
        articles = sample_articles()
        rows = []
        for size in sorted(args.sizes):
            rows.append(measure(size, articles, size <= args.baseline_max, merges))
            print(f"  measured {size} entities", file=sys.stderr)
    count = len(articles) + 60
    print(f"{count} articles ({len(articles)} from data/articles, 60 generated), LadybugDB")
    print(f"{'entities':>10} {'ms/article':>11} {'ratio':>6} {'chunked':>8} {'ratio':>6}"
          f" {'old build s':>12} {'old ms/art':>11} {'old/new':>8} {'same ids':>9}")
    base, base_chunked = rows[0].per_article_ms, rows[0].chunked_ms
    for r in rows:
        old = (f"{r.old_build_s:12.2f} {r.old_ms:11.1f} {r.old_ms / r.per_article_ms:7.1f}x"
               f" {r.agree:9.0%}" if r.old_ms is not None else f"{'-':>12} {'-':>11} {'-':>8}"
               f" {'-':>9}")
        print(f"{r.size:>10} {r.per_article_ms:11.2f} {r.per_article_ms / base:5.2f}x"
              f" {r.chunked_ms:8.2f} {r.chunked_ms / base_chunked:5.2f}x {old}")
    if args.plot:
        plot(rows, args.plot)
        print(f"plot: {args.plot}")


if __name__ == "__main__":
    main()

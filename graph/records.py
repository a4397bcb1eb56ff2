"""Article graphs as JSON Lines that `kg load` can store exactly as `kg ingest` would have.

A record is the `kg extract` object (graph.model.ArticleGraph.to_json, docs/extraction.md)
plus what storing needs and the contract leaves out: the article's text, url and path (its
content hash, the evidence offsets, the Article node), each entity's wikidata id, country
and coordinates, and the extraction warnings. `kg extract --loadable` and
`kg extract --cluster` write records; a plain `kg extract` object lacks the text and is
refused by `kg load` with a line saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import BadInput
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation


def to_record(graph: ArticleGraph) -> dict[str, Any]:
    record = graph.to_json()
    art = graph.article
    record["article"] |= {"text": art.text, "url": art.url, "path": art.path}
    for out, entity in zip(record["entities"], graph.entities, strict=True):
        out |= {"wikidata": entity.wikidata, "country": entity.country, "lat": entity.lat,
                "lon": entity.lon}
    record["warnings"] = list(graph.warnings)
    return record


def to_line(graph: ArticleGraph) -> str:
    return json.dumps(to_record(graph), ensure_ascii=False)


def from_record(record: dict[str, Any]) -> ArticleGraph:
    """The ArticleGraph of a record; KeyError, TypeError or ValueError when malformed."""
    art = record["article"]
    if not isinstance(art.get("text"), str):
        raise ValueError("no article text: write the graphs with `kg extract --loadable`")
    article = Article(str(art["id"]), str(art["title"]), art["text"], art.get("lang"),
                      art.get("published"), art.get("url"), art.get("path"))
    entities = tuple(
        Entity(e["id"], e["type"], e["name"], tuple(e.get("aliases") or ()), e.get("wikidata"),
               e.get("country"), e.get("lat"), e.get("lon"))
        for e in record["entities"]
    )
    relations = tuple(
        Relation(r["type"], r["source"], r["target"],
                 tuple(Evidence(ev["text"], ev["start"], ev["end"]) for ev in r["evidence"]),
                 float(r["confidence"]), r.get("year"), r.get("year_source"))
        for r in record["relations"]
    )
    return ArticleGraph(article, entities, relations, tuple(record.get("warnings") or ()))


def iter_graphs(
    paths: Iterable[str | Path], on_error: Callable[[BadInput], object]
) -> Iterator[ArticleGraph]:
    """The graphs of JSON Lines files, in order; a bad line is reported (file, line, problem)
    and skipped, the rest still read."""
    for path in map(Path, paths):
        try:
            handle = path.open(encoding="utf-8")
        except OSError as exc:
            on_error(BadInput(str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield from_record(json.loads(line))
                except UnicodeDecodeError:
                    on_error(BadInput(str(path), "not UTF-8 text"))
                    break
                except (json.JSONDecodeError, KeyError, TypeError, ValueError,
                        AttributeError) as exc:
                    on_error(BadInput(str(path), f"line {number}: {_problem(exc)}"))


def _problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg})"
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc) if isinstance(exc, ValueError) else "not an article graph record"

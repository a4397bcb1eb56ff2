"""Import an RDF export back into a store, on either engine.

The file is parsed with rdflib, then read through the export's own vocabulary: articles with
the entities they mention, and every fact's evidence (sentence, offsets, confidence, year)
per article. That rebuilds one ArticleGraph per article, written with `store.write` in
batches, so an import is idempotent like an ingest and a second import changes nothing.
rdflib's parsers fill a light subject index (graph.rdf.sink) rather than an rdflib Graph; the
parsed triples are still held in memory (rdflib has no streaming Turtle parser), at about a
third of what a Graph takes (figures in docs/rdf.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.term import Node

from graph.errors import BadInput
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.rdf import vocab as V
from graph.rdf.sink import TripleIndex, parse_into_index
from graph.rdf.vocab import KG, SCHEMA
from graph.rdf.writers import EXTENSIONS, RDFLIB_FORMATS
from graph.store import GraphStore

BATCH_SIZE = 500  # articles per store.write


@dataclass
class ImportReport:
    triples: int = 0
    articles: int = 0
    entities: int = 0
    relations: int = 0
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.triples} triples read: {self.articles} articles, {self.entities} entities, "
            f"{self.relations} relations; {len(self.added)} added, {len(self.replaced)} "
            f"replaced, {len(self.unchanged)} unchanged, {len(self.warnings)} warnings"
        )


def import_rdf(
    path: str | Path, store: GraphStore, fmt: str | None = None, *, batch_size: int = BATCH_SIZE
) -> ImportReport:
    """Load an export (any of the four formats; guessed from the extension when not given)."""
    report = ImportReport()
    graphs = _read_article_graphs(path, fmt, report)  # the parsed triples are freed here
    report.articles = len(graphs)
    report.entities = len({e.id for g in graphs for e in g.entities})
    report.relations = len({r.key() for g in graphs for r in g.relations})
    for start in range(0, len(graphs), batch_size):
        written = store.write(graphs[start : start + batch_size])
        report.added += written.added
        report.replaced += written.replaced
        report.unchanged += written.unchanged
        report.warnings += [f"relation not stored: {d}" for d in written.dropped_relations]
    return report


def _read_article_graphs(
    path: str | Path, fmt: str | None, report: ImportReport
) -> list[ArticleGraph]:
    index = _parse(path, fmt, index=True)
    report.triples = len(index)
    return list(article_graphs(index, report))  # type: ignore[arg-type]


def parse(path: str | Path, fmt: str | None = None) -> Graph:
    """Parse an RDF file into an rdflib Graph; a missing or malformed file is one BadInput
    line."""
    return _parse(path, fmt, index=False)  # type: ignore[return-value]


def _parse(path: str | Path, fmt: str | None, *, index: bool) -> Graph | TripleIndex:
    path = Path(path)
    fmt = fmt or _format_of(path)
    if fmt not in RDFLIB_FORMATS:
        raise BadInput(str(path), f"unknown RDF format {fmt!r}: use --format turtle|nt|jsonld|xml")
    if not path.is_file():
        raise BadInput(str(path), "no such file")
    try:
        if index:
            return parse_into_index(str(path), RDFLIB_FORMATS[fmt])
        return Graph().parse(path, format=RDFLIB_FORMATS[fmt])
    except Exception as exc:  # rdflib raises many parser-specific types
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BadInput(str(path), f"not valid {fmt}: {first_line}") from exc


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    for fmt, ext in EXTENSIONS.items():
        if suffix == ext:
            return fmt
    aliases = {".turtle": "turtle", ".json": "jsonld", ".xml": "xml", ".owl": "xml"}
    if suffix in aliases:
        return aliases[suffix]
    raise BadInput(str(path), "cannot tell the RDF format from the extension: pass --format")


def article_graphs(graph: TripleIndex, report: ImportReport) -> Iterator[ArticleGraph]:
    """One ArticleGraph per schema:NewsArticle, in article id order."""
    entities = _entities(graph, report)
    articles = _articles(graph, report)
    mentions: dict[str, set[str]] = defaultdict(set)
    for art_iri, article in articles.items():
        for ent_iri in graph.objects(art_iri, SCHEMA.mentions):
            if ent_iri in entities:
                mentions[article.id].add(entities[ent_iri].id)
    relations = _relations(graph, entities, articles, report)
    by_id = {e.id: e for e in entities.values()}
    for article in sorted(articles.values(), key=lambda a: a.id):
        rels = relations.get(article.id, [])
        used = mentions[article.id] | {r.source for r in rels} | {r.target for r in rels}
        yield ArticleGraph(
            article,
            tuple(by_id[i] for i in sorted(used)),
            tuple(sorted(rels, key=_relation_order)),
        )


def _relation_order(rel: Relation) -> tuple:
    ev = rel.evidence[0] if rel.evidence else None
    return (*rel.key(), ev.start if ev else -1, ev.end if ev else -1, ev.text if ev else "",
            rel.confidence, rel.year or 0)  # fmt: skip


def _articles(graph: TripleIndex, report: ImportReport) -> dict[Node, Article]:
    found: dict[Node, Article] = {}
    for iri in graph.subjects(RDF.type, SCHEMA.NewsArticle, unique=True):
        art_id = _one(graph, iri, DCTERMS.identifier)
        if art_id is None:
            report.warnings.append(f"article {iri} has no dcterms:identifier: skipped")
            continue
        found[iri] = Article(
            id=art_id,
            title=_one(graph, iri, SCHEMA.headline) or "",
            text="",  # the store keeps no article text; the title and metadata come back
            lang=_one(graph, iri, SCHEMA.inLanguage),
            published=_one(graph, iri, SCHEMA.datePublished),
            url=_one(graph, iri, SCHEMA.url),
            imported_hash=_one(graph, iri, KG.contentHash),
        )
    return found


def _entities(graph: TripleIndex, report: ImportReport) -> dict[Node, Entity]:
    found: dict[Node, Entity] = {}
    for cls, label in V.LABEL_OF_CLASS.items():
        for iri in graph.subjects(RDF.type, cls, unique=True):
            ent_id = _one(graph, iri, DCTERMS.identifier)
            name = _one(graph, iri, SCHEMA.name)
            if ent_id is None or name is None:
                report.warnings.append(f"{label} {iri} has no identifier or name: skipped")
                continue
            found[iri] = Entity(
                id=ent_id,
                type=label,
                name=name,
                aliases=tuple(sorted({str(a) for a in graph.objects(iri, SCHEMA.alternateName)})),
                wikidata=_wikidata(graph, iri),
                country=_one(graph, iri, KG.countryCode),
                lat=_float(graph, iri, SCHEMA.latitude),
                lon=_float(graph, iri, SCHEMA.longitude),
            )
    return found


def _relations(
    graph: TripleIndex,
    entities: dict[Node, Entity],
    articles: dict[Node, Article],
    report: ImportReport,
) -> dict[str, list[Relation]]:
    """Per article id, one Relation per evidence entry that article contributed."""
    found: dict[str, list[Relation]] = defaultdict(list)
    for fact in graph.subjects(RDF.type, KG.Fact, unique=True):
        rel_type = V.RELATION_OF_PROPERTY.get(graph.value(fact, RDF.predicate))  # type: ignore[arg-type]
        source = entities.get(graph.value(fact, RDF.subject))  # type: ignore[arg-type]
        target = entities.get(graph.value(fact, RDF.object))  # type: ignore[arg-type]
        if rel_type is None or source is None or target is None:
            report.warnings.append(f"fact {fact} has an unknown predicate or endpoint: skipped")
            continue
        covered: set[str] = set()
        for evidence in graph.objects(fact, KG.evidence):
            article = articles.get(graph.value(evidence, PROV.wasQuotedFrom))  # type: ignore[arg-type]
            if article is None:
                report.warnings.append(f"evidence {evidence} names no known article: skipped")
                continue
            covered.add(article.id)
            found[article.id].append(_relation(graph, evidence, rel_type, source, target, fact))
        for art_iri in graph.objects(fact, PROV.wasDerivedFrom):
            article = articles.get(art_iri)
            if article is not None and article.id not in covered:  # a source without evidence
                found[article.id].append(
                    Relation(rel_type, source.id, target.id, (), *_weights(graph, fact, fact))
                )
    return found


def _relation(
    graph: TripleIndex, evidence: Node, rel_type: str, source: Entity, target: Entity, fact: Node
) -> Relation:
    sentence = _one(graph, evidence, PROV.value)
    start = graph.value(evidence, KG.startOffset)
    end = graph.value(evidence, KG.endOffset)
    quoted: tuple[Evidence, ...] = ()
    if sentence is not None:
        quoted = (Evidence(sentence, int(start or 0), int(end or len(sentence))),)  # type: ignore[call-overload]
    return Relation(rel_type, source.id, target.id, quoted, *_weights(graph, evidence, fact))


def _weights(graph: TripleIndex, node: Node, fact: Node) -> tuple[float, int | None]:
    """Confidence and year of one evidence entry, falling back to the fact's."""
    confidence = graph.value(node, KG.confidence) or graph.value(fact, KG.confidence)
    year = graph.value(node, KG.year)
    if year is None and node == fact:
        year = graph.value(fact, KG.year)
    return (
        float(confidence) if confidence is not None else 0.5,  # type: ignore[arg-type]
        int(year) if year is not None else None,  # type: ignore[call-overload]
    )


def _one(graph: TripleIndex, subject: Node, predicate: URIRef) -> str | None:
    """The lexical form of one value; several (a name in two languages) pick the first sorted."""
    values = sorted(str(v) for v in graph.objects(subject, predicate))  # type: ignore[arg-type]
    return values[0] if values else None


def _float(graph: TripleIndex, subject: Node, predicate: URIRef) -> float | None:
    value = graph.value(subject, predicate)  # type: ignore[arg-type]
    return float(value) if isinstance(value, Literal) else None  # type: ignore[arg-type]


def _wikidata(graph: TripleIndex, subject: Node) -> str | None:
    for same in graph.objects(subject, OWL.sameAs):  # type: ignore[arg-type]
        if isinstance(same, URIRef) and same.startswith(str(V.WD)):
            return same[len(str(V.WD)) :]
    return None

"""From Article to ArticleGraph, offline and deterministic (see docs/extraction.md).

`extract_articles` streams: one ArticleGraph per input Article, in input order, through one
`nlp.pipe` per language over the whole stream, so memory stays flat however many articles.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from graph.extract.entities import EntityBuilder, kin_names
from graph.extract.lexicon import lexicon
from graph.extract.mentions import KNOWN, WEAK, Mention, MentionFinder, TokenView
from graph.extract.nlp import language_of, pipe_pieces, pipeline
from graph.extract.relations import RelationRules
from graph.extract.text import OffsetMap, plain_text
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation

__all__ = ["extract_article", "extract_articles", "graph_from_doc"]

NO_ENTITY = "no entity found"
RULE_FAULT = "extraction failed, article left empty"


def graph_from_doc(
    article: Article, doc: Doc, lang: str, offsets: OffsetMap | None = None
) -> ArticleGraph:
    """The rules: mentions, entities, relations of one parsed article. `doc` may be of the
    article's plain text (`plain_text`); `offsets` then maps evidence back to `Article.text`."""
    lex = lexicon(lang)
    tv = TokenView.of(doc)
    mentions = MentionFinder(lex, has_parse=doc.has_annotation("DEP")).find(doc, tv)
    builder = EntityBuilder(lex, kin_names(tv.words, tv.folded))
    mentions = builder.build(mentions)
    types = builder.assign_ids(mentions)
    relations = RelationRules(lex).run(doc, tv, mentions, builder, types)
    entities = builder.entities()
    known = {e.id for e in entities}
    relations = [r for r in relations if r.source in known and r.target in known]
    entities = _without_lone_guesses(entities, mentions, relations)
    if offsets is not None:  # evidence quotes the original, not the plain text
        relations = [_in_original(r, article.text, offsets) for r in relations]
    relations = [_dated(r, article) for r in relations]
    warnings = () if entities else (NO_ENTITY,)
    if article.lang and article.lang.lower()[:2] != lang:
        warnings += (f"language {article.lang!r} not supported; read as {lang}",)
    return ArticleGraph(article, tuple(entities), tuple(relations), warnings)


def _without_lone_guesses(
    entities: list[Entity], mentions: list[Mention], relations: list[Relation]
) -> list[Entity]:
    """A capitalised span named once, with no evidence of what it is (no cue, head word,
    gazetteer or NER label) and in no relation, is more often a heading word or a product
    than an organisation: measured on the real development articles, dropping them took
    Company precision from 0.62 to 0.68 for a recall of 0.82 -> 0.77 (F1 0.70 -> 0.72)."""
    seen: dict[str, tuple[int, int]] = {}
    for m in mentions:
        if m.entity:
            count, strongest = seen.get(m.entity, (0, 0))
            seen[m.entity] = (count + 1, max(strongest, m.strength))
    linked = {end for r in relations for end in (r.source, r.target)}

    def lone_guess(entity: Entity) -> bool:
        count, strongest = seen.get(entity.id, (2, KNOWN))
        return (entity.type == "Company" and entity.id not in linked and count == 1
                and strongest <= WEAK)

    return [e for e in entities if not lone_guess(e)]


def _dated(relation: Relation, article: Article) -> Relation:
    """A partnership whose sentence states no year takes the article's publication year,
    marked as such (year_source "article")."""
    if relation.year is not None or relation.type != "PARTNERS_WITH" or not article.published:
        return relation
    return replace(relation, year=int(article.published[:4]), year_source="article")


def _in_original(relation: Relation, text: str, offsets: OffsetMap) -> Relation:
    evidence = []
    for ev in relation.evidence:
        start, end = offsets.start(ev.start), offsets.end(ev.end)
        evidence.append(Evidence(text[start:end], start, end))
    return replace(relation, evidence=tuple(evidence))


class _LanguageRouter:
    """Feeds each language's `nlp.pipe` lazily from the one input stream, so every pipeline
    sees its whole share of the stream in a single call, and outputs keep input order."""

    def __init__(self, articles: Iterable[Article], batch_size: int) -> None:
        self._source = iter(articles)
        self._batch_size = batch_size
        self._pending: dict[str, deque[Article]] = {}
        self._order: deque[tuple[Article, str]] = deque()
        self._pipes: dict[str, Iterator[tuple[Doc, tuple[Article, OffsetMap]]]] = {}
        self._exhausted = False

    def _pull(self) -> bool:
        if self._exhausted:
            return False
        article = next(self._source, None)
        if article is None:
            self._exhausted = True
            return False
        lang = language_of(article.lang, article.text)
        self._pending.setdefault(lang, deque()).append(article)
        self._order.append((article, lang))
        return True

    def _feed(self, lang: str) -> Iterator[tuple[str, tuple[Article, OffsetMap]]]:
        queue = self._pending.setdefault(lang, deque())
        while True:
            while not queue:
                if not self._pull():
                    return
            article = queue.popleft()
            text, offsets = plain_text(article.text)
            yield text, (article, offsets)

    def _pipe(self, lang: str) -> Iterator[tuple[Doc, tuple[Article, OffsetMap]]]:
        if lang not in self._pipes:
            nlp = pipeline(lang)
            self._pipes[lang] = iter(
                pipe_pieces(nlp, self._feed(lang), batch_size=self._batch_size)
            )
        return self._pipes[lang]

    def __iter__(self) -> Iterator[ArticleGraph]:
        while self._order or self._pull():
            article, lang = self._order.popleft()
            doc, (piped, offsets) = next(self._pipe(lang))
            assert piped is article, "pipeline output out of order"
            yield _isolated_graph(article, doc, lang, offsets)


def _isolated_graph(article: Article, doc: Doc, lang: str, offsets: OffsetMap) -> ArticleGraph:
    """A fault in the rules on one article leaves that article empty, with a warning that
    names the fault, and the run goes on (KG_DEBUG=1 raises it, to see where)."""
    try:
        return graph_from_doc(article, doc, lang, offsets)
    except Exception as error:  # any rule bug: the rest of the run goes on
        if os.environ.get("KG_DEBUG"):
            raise
        problem = f"{type(error).__name__}: {error}"
        return ArticleGraph(article, (), (), (f"{RULE_FAULT}: {problem} (a bug in kg; "
                                              "please report it)",))


def extract_articles(
    articles: Iterable[Article], *, batch_size: int = 32
) -> Iterator[ArticleGraph]:
    """One ArticleGraph per Article, in input order, streamed."""
    yield from _LanguageRouter(articles, batch_size)


def extract_article(article: Article) -> ArticleGraph:
    return next(extract_articles([article], batch_size=1))

"""Texts longer than spaCy reads at once go through in pieces (graph.extract.nlp.pipe_pieces):
offsets stay those of the whole text, and the graph is the one of the text read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph.extract.nlp as nlp_module
from graph.extract import extract_article
from graph.extract.nlp import split_points
from graph.load import load_file
from graph.model import Article

SEED = Path(__file__).resolve().parent.parent / "data" / "articles" / "000_f9f87ba7564bb30f.txt"


def seed() -> Article:
    article = next(load_file(SEED))
    assert isinstance(article, Article)
    return article


def test_cuts_fall_on_paragraphs_then_lines_then_sentences_then_spaces() -> None:
    assert split_points("a" * 10, limit=20) == [0, 10]
    text = "x" * 12 + "\n\n" + "y" * 12 + "\n" + "z" * 10
    assert split_points(text, limit=20) == [0, 14, 27, 37]
    sentences = "Un mot. " * 6  # 48 characters, no line break
    cuts = split_points(sentences, limit=20)
    assert all(sentences[c - 2:c] == ". " for c in cuts[1:-1])
    assert split_points("z" * 45, limit=20) == [0, 20, 40, 45]  # no separator: hard cuts


def test_a_text_read_in_pieces_gives_the_graph_of_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = seed()
    whole = extract_article(article)
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", 600)
    assert len(split_points(article.text)) > 4
    pieces = extract_article(article)
    assert pieces.to_json() == whole.to_json()


def test_a_text_many_times_the_piece_size_keeps_offsets_true_to_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = seed()
    long = Article(id="article:long", title=article.title, lang="fr",
                   text="\n\n".join([article.text] * 3))
    whole = extract_article(long)  # within spaCy's limit: read in one piece
    monkeypatch.setattr(nlp_module, "PIECE_CHARS", 500)
    assert len(split_points(long.text)) > 12
    graph = extract_article(long)
    assert graph.relations
    for relation in graph.relations:
        for ev in relation.evidence:
            assert long.text[ev.start:ev.end] == ev.text
            assert ev.start >= 0 and ev.end <= len(long.text)
    # the same entities and facts; a name said three times is not the article said once, so
    # the comparison is with the same long text read whole
    assert graph.to_json() == whole.to_json()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pieces_are_shorter_than_what_spacy_accepts(lang: str) -> None:
    """Why a 5 MB article no longer fails with spaCy's E088: no piece reaches max_length."""
    assert nlp_module.pipeline(lang).max_length > nlp_module.PIECE_CHARS

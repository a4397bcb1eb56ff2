"""Same article, same graph: an article extracted alone, or inside a folder read in one
`nlp.pipe` stream (any batch size, any neighbours, any order), gives the same graph."""

from __future__ import annotations

from pathlib import Path

from graph.extract import extract_article, extract_articles
from graph.load import iter_articles
from graph.model import Article

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"


def test_a_folder_and_each_of_its_files_alone_give_the_same_graphs() -> None:
    articles = [a for a in iter_articles([ARTICLES], on_warning=lambda line: None)
                if isinstance(a, Article)]
    assert len(articles) >= 10
    alone = {a.id: extract_article(a).to_json() for a in articles}
    in_order = {g.article.id: g.to_json() for g in extract_articles(articles, batch_size=32)}
    reversed_small_batches = {
        g.article.id: g.to_json() for g in extract_articles(articles[::-1], batch_size=3)
    }
    assert in_order == alone
    assert reversed_small_batches == alone

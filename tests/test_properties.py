"""Property-based tests (hypothesis) of the loaders and the extraction, on hostile input:
arbitrary bytes, arbitrary Unicode (RTL, zero-width, emoji, combining marks, lone surrogate
escapes in JSON), huge lines, deeply nested or malformed JSON and HTML. Whatever comes in, a
loader yields Articles or one-line BadInputs and raises nothing; extraction raises nothing
and every evidence offset slices the text it quotes. Examples are bounded so the suite stays
fast (docs/reliability.md gives the counts tried)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import BadInput
from graph.extract import extract_articles
from graph.load import SUPPORTED_SUFFIXES, load_file
from graph.model import Article

BOUNDED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
HOSTILE_CHARACTERS = [
    "\u200b", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff",  # zero-width, bidi
    "\u0301", "\u0308", "\u20dd",  # combining marks
    "😀", "👩‍🔬", "🇫🇷",  # emoji, a ZWJ sequence, a flag
    "שלום", "مرحبا", "日本語", "\x7f", "\x0b", "\u2028", "\r",
]  # fmt: skip
WORDS = ["La", "société", "Airbus", "Minalogic", "pôle", "de", "compétitivité", "à", "Toulouse",
         "a", "signé", "un", "partenariat", "avec", "Thales", ".", ",", "(", ")", "«", "»",
         "\n", "\n\n", "salon", "Euronaval", "basée", "membre", "du"]  # fmt: skip

hostile_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE_CHARACTERS), st.text(max_size=8)),
    min_size=1,
    max_size=80,
).map(" ".join)


def load_bytes(data: bytes, suffix: str) -> list[Article | BadInput]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        items = list(load_file(path, on_warning=lambda line: None))
    for item in items:
        assert isinstance(item, (Article, BadInput))
        if isinstance(item, BadInput):
            assert "\n" not in str(item), str(item)
        else:
            assert item.text.strip()
            assert len(item.content_hash) == 64  # encodable: no lone surrogate got through
    return items


@BOUNDED
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_arbitrary_bytes_in_any_format_never_raise(data: bytes, suffix: str) -> None:
    load_bytes(data, suffix)


@BOUNDED
@given(text=hostile_text, suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_hostile_unicode_text_in_any_format_never_raises(text: str, suffix: str) -> None:
    load_bytes(text.encode("utf-8"), suffix)


lone_surrogate = st.integers(0xD800, 0xDFFF).map(lambda c: f"\\u{c:04x}")
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=20,
)


@BOUNDED
@given(
    record=st.dictionaries(
        st.sampled_from(["title", "text", "date", "url", "lang", "id", "other"]), json_value
    ),
    escapes=st.lists(lone_surrogate, max_size=3),
    as_lines=st.booleans(),
)
def test_json_records_of_any_shape_with_lone_surrogates_never_raise(
    record: dict, escapes: list[str], as_lines: bool
) -> None:
    source = json.dumps(record)
    if escapes and '"text": "' in source:
        source = source.replace('"text": "', '"text": "' + "".join(escapes), 1)
    if as_lines:
        load_bytes(f"{source}\n{source[: len(source) // 2]}\n".encode(), ".jsonl")
    else:
        load_bytes(source.encode(), ".json")


@settings(max_examples=6, deadline=None, derandomize=True)
@given(depth=st.integers(1, 200_000), kind=st.sampled_from(["[", '{"a":']))
def test_deeply_nested_json_is_bad_input_not_a_crash(depth: int, kind: str) -> None:
    closing = "]" if kind == "[" else "}"
    load_bytes((kind * depth + closing * depth).encode(), ".json")
    load_bytes((kind * depth).encode(), ".jsonl")


HTML_PIECES = ["<div>", "</div>", "<p>", "<script>", "<!--", "<![CDATA[", "<html lang='\u202e'>",
               "&#0;", "&#xD800;", "<a href='"]  # fmt: skip


@settings(max_examples=6, deadline=None, derandomize=True)
@given(tags=st.lists(st.sampled_from(HTML_PIECES), max_size=3000), text=hostile_text)
def test_malformed_html_never_raises(tags: list[str], text: str) -> None:
    load_bytes(("".join(tags) + text + "</p>" * 3).encode(), ".html")


def test_a_huge_single_line_is_read_or_refused_in_one_line() -> None:
    line = "La société Airbus est à Toulouse. " * 60_000  # 2 MB, no line break
    items = load_bytes(line.encode(), ".txt")
    assert len(items) == 1


@settings(max_examples=15, deadline=None, derandomize=True)
@given(texts=st.lists(hostile_text, min_size=1, max_size=4))
def test_extraction_never_raises_and_evidence_slices_the_text(texts: list[str]) -> None:
    articles = [
        Article(id=f"article:h{i}", title="T", text=text, lang=("fr", "en", None)[i % 3])
        for i, text in enumerate(texts)
    ]
    for graph in extract_articles(articles):
        text = graph.article.text
        ids = {e.id for e in graph.entities}
        for relation in graph.relations:
            assert {relation.source, relation.target} <= ids
            for ev in relation.evidence:
                assert 0 <= ev.start <= ev.end <= len(text)
                assert text[ev.start : ev.end] == ev.text

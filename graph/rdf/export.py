"""Export the graph as RDF (Turtle, N-Triples, JSON-LD, RDF/XML), streaming from the store.

Rows come from `store.iter_read` one at a time, each becomes one subject block, the writer
turns it into text and forgets it: memory stays flat however large the graph.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from graph.errors import KgError
from graph.rdf.triples import iter_blocks
from graph.rdf.vocab import DEFAULT_BASE, check_base
from graph.rdf.writers import FORMATS, WRITERS
from graph.store import GraphStore

Output = TextIO | BinaryIO | str | Path


@dataclass(frozen=True)
class ExportReport:
    triples: int
    subjects: int  # subject blocks written (a subject may recur: its plain edges come later)
    format: str
    base: str


def export(
    store: GraphStore, out: Output, *, fmt: str = "turtle", base: str = DEFAULT_BASE
) -> ExportReport:
    """Write the whole graph as RDF to a path or an open stream (text or binary)."""
    if fmt not in WRITERS:
        raise KgError(f"unknown RDF format {fmt!r}: choose one of {', '.join(FORMATS)}")
    base = check_base(base)
    triples = subjects = 0
    with _text_stream(out) as stream:
        writer = WRITERS[fmt](stream)
        writer.begin()
        for block in iter_blocks(store, base):
            writer.block(block)
            triples += len(block.pairs)
            subjects += 1
        writer.end()
    return ExportReport(triples=triples, subjects=subjects, format=fmt, base=base)


@contextmanager
def _text_stream(out: Output) -> Iterator[TextIO]:
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as handle:
            yield handle
    elif not _is_binary(out):
        yield out  # type: ignore[misc]
    else:  # a binary stream: encode on the way, leave the caller's stream open
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="\n")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


def _is_binary(stream: TextIO | BinaryIO) -> bool:
    return isinstance(stream, io.RawIOBase | io.BufferedIOBase) or "b" in getattr(
        stream, "mode", ""
    )

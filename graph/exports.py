"""The graph for the tools analysts use next: GraphML and GEXF (Gephi, Cytoscape, yEd) and
CSV files in the header format of `neo4j-admin database import full`.

RDF has its own package (graph/rdf/); this module also says which format a file name asks
for, so `kg export -o g.jsonld` writes JSON-LD and `-o g.gexf` writes GEXF.

GraphML and GEXF hold the analyst's network: entities (type, name, aliases, counts) and the
four fact relations (confidence, year, number of articles and of evidence sentences). They
are written by networkx, which builds the graph in memory first (fine for the graphs one opens
in Gephi; for millions of nodes, use the CSV export). The CSV export is the whole store,
every property and the article and lookup-key nodes included, streamed file by file, so
`neo4j-admin` bulk-loads a database `kg` can open as it is.
"""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.errors import KgError
from graph.model import ENTITY_TYPES, RELATION_TYPES, SYMMETRIC_RELATIONS
from graph.schema import (
    ARTICLE_LABEL,
    ARTICLE_PROPERTIES,
    ENTITY_PROPERTIES,
    FACT_PROPERTIES,
    KEY_LABEL,
    KEY_OF,
    MENTION_PROPERTIES,
    MENTIONS,
)
from graph.store import GraphStore

RDF_FORMATS = ("turtle", "nt", "jsonld", "xml")
NETWORK_FORMATS = ("graphml", "gexf")
CSV_FORMAT = "neo4j-csv"
EXPORT_FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS, CSV_FORMAT)
FORMAT_ALIASES = {"ttl": "turtle", "n-triples": "nt", "json-ld": "jsonld", "rdfxml": "xml"}
# file extension -> format; a directory (existing, or written with a trailing /) is CSV
EXTENSION_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".graphml": "graphml",
    ".gexf": "gexf",
}

# Neo4j's array delimiter is ';' by default, which evidence sentences hold; the unit
# separator never occurs in text (control characters are removed from every value).
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
NODE_ID_SPACE = "Node"  # entity and article ids share one space: they never collide
KEY_ID_SPACE = "Key"
NEO4J_TYPES = {"STRING": "string", "STRING[]": "string[]", "DOUBLE": "double", "INT64": "long"}
IMPORT_SCRIPT = "import.sh"
# XML 1.0 cannot hold these at all; CSV values lose them too (they would be array delimiters)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class NetworkReport:
    format: str
    nodes: int
    edges: int
    files: tuple[Path, ...] = field(default_factory=tuple)  # the CSV export's files

    def summary(self) -> str:
        return f"{self.nodes} nodes and {self.edges} relationships written ({self.format})"


def normalise_format(fmt: str) -> str:
    """A format name as the user typed it (any case, `ttl` for Turtle) -> its canonical name."""
    name = fmt.strip().lower()
    name = FORMAT_ALIASES.get(name, name)
    if name not in EXPORT_FORMATS:
        raise KgError(
            f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)} (or ttl)"
        )
    return name


def format_for_path(path: str | Path) -> str | None:
    """The format a file name asks for, or None when its extension says nothing. A folder
    (an existing one, or a name ending in '/') asks for the neo4j-admin CSV files."""
    text = str(path)
    if text.endswith(("/", "\\")) or Path(text).is_dir():
        return CSV_FORMAT
    return EXTENSION_FORMATS.get(Path(text).suffix.lower())


# ---- GraphML and GEXF ----------------------------------------------------------------------


def network_graph(store: GraphStore) -> Any:
    """Entities and facts as a networkx MultiDiGraph whose attributes Gephi, Cytoscape and
    yEd show: on nodes type, name, aliases, country, wikidata, lat, lon, mentions, relations,
    partnerships, first_seen, last_seen; on edges relation, confidence, year, articles
    (source count), evidence_count, sources, symmetric. Missing values are left out."""
    import networkx as nx

    graph = nx.MultiDiGraph(name="kg")
    for label in ENTITY_TYPES:
        rows = store.iter_read(
            f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
            "n.country AS country, n.wikidata AS wikidata, n.lat AS lat, n.lon AS lon, "
            "n.mentions AS mentions, n.relations AS relations, "
            "n.partnerships AS partnerships, n.first_seen AS first_seen, "
            "n.last_seen AS last_seen ORDER BY id"
        )
        for row in rows:
            name = _clean(row["name"] or row["id"])
            attributes = {
                "label": name,
                "type": label,
                "name": name,
                "aliases": "; ".join(_clean(a) for a in row["aliases"] or ()),
                "country": row["country"],
                "wikidata": row["wikidata"],
                "lat": _float(row["lat"]),
                "lon": _float(row["lon"]),
                "mentions": _int(row["mentions"]),
                "relations": _int(row["relations"]),
                "partnerships": _int(row["partnerships"]),
                "first_seen": row["first_seen"],
                "last_seen": row["last_seen"],
            }
            graph.add_node(row["id"], **_present(attributes))
    index = 0
    for rel in RELATION_TYPES:
        rows = store.iter_read(
            f"MATCH (a)-[e:{rel}]->(b) RETURN a.id AS source, b.id AS target, "
            "e.confidence AS confidence, e.year AS year, e.sources AS sources, "
            "e.evidence AS evidence ORDER BY source, target"
        )
        for row in rows:
            sources = list(row["sources"] or ())
            attributes = {
                "label": rel,
                "relation": rel,
                "confidence": _float(row["confidence"]),
                "year": _int(row["year"]),
                "articles": len(sources),
                "evidence_count": len(row["evidence"] or ()),
                "sources": "; ".join(sources),
                "symmetric": rel in SYMMETRIC_RELATIONS,
            }
            graph.add_edge(row["source"], row["target"], key=f"e{index}", **_present(attributes))
            index += 1
    return graph


def write_graphml(store: GraphStore, out: str | Path | IO[bytes]) -> NetworkReport:
    """GraphML (yEd, Cytoscape, Gephi): typed <key> declarations, one per attribute."""
    import networkx as nx

    graph = network_graph(store)
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    return NetworkReport("graphml", graph.number_of_nodes(), graph.number_of_edges())


def write_gexf(store: GraphStore, out: str | Path | IO[bytes]) -> NetworkReport:
    """GEXF 1.2 (Gephi's own format): the symmetric PARTNERS_WITH edges are undirected, the
    others directed; an edge's weight is the number of articles stating it."""
    import networkx as nx

    graph = network_graph(store)
    for _, _, data in graph.edges(data=True):
        data["weight"] = data["articles"]
        data["type"] = "undirected" if data["symmetric"] else "directed"
    nx.write_gexf(graph, out, encoding="utf-8", prettyprint=True)
    return NetworkReport("gexf", graph.number_of_nodes(), graph.number_of_edges())


# ---- neo4j-admin CSV -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    file: str
    kind: str  # "nodes" or "relationships"
    header: list[str]
    rows: Iterator[list[str]]


def write_neo4j_csv(store: GraphStore, directory: str | Path) -> NetworkReport:
    """One CSV file per label and per relationship type, with neo4j-admin's typed headers
    (`id:ID(Node)`, `:LABEL`, `aliases:string[]`, `:START_ID(Node)`, `:TYPE`, ...), and
    `import.sh`, the neo4j-admin command that loads them (array delimiter U+001F, multi-line
    fields on). Files of labels or types with no row are not written."""
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise KgError(f"{target}: exists and is not a folder; the CSV export writes a folder")
    target.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, Path]] = []
    nodes = edges = 0
    for table in _tables(store):
        path = target / table.file
        count = _write_table(path, table)
        if count == 0:
            path.unlink()
            continue
        written.append((table.kind, path))
        if table.kind == "nodes":
            nodes += count
        else:
            edges += count
    script = target / IMPORT_SCRIPT
    script.write_text(_script(written), encoding="utf-8")
    script.chmod(0o755)
    return NetworkReport(CSV_FORMAT, nodes, edges, tuple(p for _, p in written))


def import_command(files: Iterable[str], database: str = "neo4j") -> list[str]:
    """The argument list of `neo4j-admin database import full` for files named as this
    module names them (nodes-*.csv, rels-*.csv)."""
    names = sorted(files)
    args = ["neo4j-admin", "database", "import", "full"]
    args += [f"--nodes={n}" for n in names if n.startswith("nodes-")]
    args += [f"--relationships={n}" for n in names if n.startswith("rels-")]
    args += [
        f"--array-delimiter={ARRAY_DELIMITER_OPTION}",
        "--multiline-fields=true",
        database,
    ]
    return args


def _script(written: list[tuple[str, Path]]) -> str:
    args = import_command([p.name for _, p in written])
    return (
        "#!/bin/sh\n"
        "# Bulk-load these files into an empty Neo4j 5 database (the server stopped), e.g.\n"
        "#   NEO4J_HOME=/var/lib/neo4j sh import.sh     (add --overwrite-destination to replace)\n"
        "# Written by `kg export --format neo4j-csv`; see docs/export.md.\n"
        'cd "$(dirname "$0")" || exit 1\n'
        f'exec {shlex.join(args[:-1])} "$@" {args[-1]}\n'
    )


def _tables(store: GraphStore) -> Iterator[_Table]:
    node_space = f"ID({NODE_ID_SPACE})"
    article_columns = [c for c in ARTICLE_PROPERTIES if c != "id"]
    yield _Table(
        f"nodes-{ARTICLE_LABEL}.csv",
        "nodes",
        [f"id:{node_space}", ":LABEL", *_typed(article_columns, ARTICLE_PROPERTIES)],
        _node_rows(store, ARTICLE_LABEL, article_columns, ARTICLE_PROPERTIES),
    )
    entity_columns = [c for c in ENTITY_PROPERTIES if c != "id"]
    for label in ENTITY_TYPES:
        yield _Table(
            f"nodes-{label}.csv",
            "nodes",
            [f"id:{node_space}", ":LABEL", *_typed(entity_columns, ENTITY_PROPERTIES)],
            _node_rows(store, label, entity_columns, ENTITY_PROPERTIES),
        )
    yield _Table(
        f"nodes-{KEY_LABEL}.csv",
        "nodes",
        [f"key:ID({KEY_ID_SPACE})", ":LABEL"],
        (
            [_clean(row["key"]), KEY_LABEL]
            for row in store.iter_read(f"MATCH (k:{KEY_LABEL}) RETURN k.key AS key ORDER BY key")
        ),
    )
    ends = [f":START_ID({NODE_ID_SPACE})", f":END_ID({NODE_ID_SPACE})", ":TYPE"]
    fact_columns = list(FACT_PROPERTIES)
    for rel in RELATION_TYPES:
        yield _Table(
            f"rels-{rel}.csv",
            "relationships",
            [*ends, *_typed(fact_columns, FACT_PROPERTIES)],
            _rel_rows(store, f"(a)-[e:{rel}]->(b)", rel, fact_columns, FACT_PROPERTIES),
        )
    mention_columns = list(MENTION_PROPERTIES)
    yield _Table(
        f"rels-{MENTIONS}.csv",
        "relationships",
        [*ends, *_typed(mention_columns, MENTION_PROPERTIES)],
        _rel_rows(
            store,
            f"(a:{ARTICLE_LABEL})-[e:{MENTIONS}]->(b)",
            MENTIONS,
            mention_columns,
            MENTION_PROPERTIES,
        ),
    )
    yield _Table(
        f"rels-{KEY_OF}.csv",
        "relationships",
        [f":START_ID({KEY_ID_SPACE})", f":END_ID({NODE_ID_SPACE})", ":TYPE"],
        (
            [_clean(row["key"]), row["id"], KEY_OF]
            for row in store.iter_read(
                f"MATCH (k:{KEY_LABEL})-[:{KEY_OF}]->(n) RETURN k.key AS key, n.id AS id "
                "ORDER BY key, id"
            )
        ),
    )


def _typed(columns: list[str], types: Mapping[str, str]) -> list[str]:
    return [f"{c}:{NEO4J_TYPES[types[c]]}" for c in columns]


def _node_rows(
    store: GraphStore, label: str, columns: list[str], types: Mapping[str, str]
) -> Iterator[list[str]]:
    fields = ", ".join(f"n.{c} AS {c}" for c in columns)
    for row in store.iter_read(f"MATCH (n:{label}) RETURN n.id AS id, {fields} ORDER BY id"):
        yield [row["id"], label, *(_cell(row[c], types[c]) for c in columns)]


def _rel_rows(
    store: GraphStore, pattern: str, rel: str, columns: list[str], types: Mapping[str, str]
) -> Iterator[list[str]]:
    fields = ", ".join(f"e.{c} AS {c}" for c in columns)
    rows = store.iter_read(
        f"MATCH {pattern} RETURN a.id AS src, b.id AS dst, {fields} ORDER BY src, dst"
    )
    for row in rows:
        yield [row["src"], row["dst"], rel, *(_cell(row[c], types[c]) for c in columns)]


def _write_table(path: Path, table: _Table) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow(row)
            count += 1
    return count


def _cell(value: Any, kind: str) -> str:
    """A CSV field neo4j-admin reads back as the same value; an empty field is no value."""
    if value is None:
        return ""
    if kind == "STRING[]":
        return ARRAY_DELIMITER.join(_clean(str(v)) for v in value)
    if kind == "DOUBLE":
        return repr(float(value))
    if kind == "INT64":
        return str(int(value))
    return _clean(str(value))


# ---- values ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _present(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """networkx writers refuse None; an empty string says nothing either."""
    return {
        k: (_clean(v) if isinstance(v, str) else v)
        for k, v in attributes.items()
        if v is not None and v != ""
    }

"""GraphML, GEXF and neo4j-admin CSV exports, each read back by a reader that is not the
writer's: igraph and lxml for GraphML, lxml for GEXF, and neo4j-admin itself (the import
tool of the local Neo4j jars) for the CSV files."""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import igraph
import pytest
from click.testing import CliRunner
from lxml import etree

from graph.cli import cli
from graph.config import Settings
from graph.errors import KgError
from graph.exports import (
    ARRAY_DELIMITER,
    format_for_path,
    normalise_format,
    write_gexf,
    write_graphml,
    write_neo4j_csv,
)
from graph.model import Article, ArticleGraph, Evidence, Relation
from graph.store import GraphStore, open_store
from tests.builders import ent
from tests.conftest import in_ci

REPO = Path(__file__).resolve().parents[1]
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"

AMPLITUDE = ent("Company", "Amplitude Systèmes", "Amplitude", country="FR", wikidata="Q2843470")
PESSAC = ent("City", "Pessac", lat=44.8067, lon=-0.6311, country="FR")
ROUTE = ent("Cluster", "Route des Lasers", "Bordeaux Route des Lasers")
WNLO = ent("Lab", "Laboratoire national d'optoélectronique de Wuhan", "WNLO")
SALON = ent("Event", "Optics Valley <China> & co")
# what CSV and XML writers must survive: the CSV array delimiter of Neo4j's default, quotes,
# a line break, markup, and a control character XML 1.0 cannot hold
HARD = 'Le pôle; le "WNLO" <et> & Amplitude\nsignent\x01 en 2010.'
PLAIN = "Amplitude Systèmes, à Pessac, expose au salon."


def two_articles() -> list[ArticleGraph]:
    first = ArticleGraph(
        Article("article:one", 'Route des Lasers; "Wuhan"', f"{HARD} {PLAIN}", "fr", "2011-09-01"),
        (AMPLITUDE, PESSAC, ROUTE, WNLO, SALON),
        (
            Relation(
                "PARTNERS_WITH", WNLO.id, ROUTE.id, (Evidence(HARD, 0, len(HARD)),), 0.9, 2010
            ),
            Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence(PLAIN, 0, 10),), 0.8),
            Relation("EXHIBITS_AT", AMPLITUDE.id, SALON.id, (Evidence(PLAIN, 0, 10),), 0.7),
        ),
    )
    second = ArticleGraph(
        Article("article:two", "Amplitude grows", "Amplitude joined Route des Lasers.", "en"),
        (AMPLITUDE, ROUTE, PESSAC),
        (
            Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence("Amplitude", 0, 9),), 0.6),
            Relation("MEMBER_OF", AMPLITUDE.id, ROUTE.id, (Evidence("joined", 10, 16),), 0.95),
        ),
    )
    return [first, second]


ENTITIES = 5
FACTS = 4  # LOCATED_IN is stated by both articles: one fact, two sources


# ---- GraphML ---------------------------------------------------------------------------------


def test_graphml_reads_back_in_igraph_with_every_attribute(
    store: GraphStore, tmp_path: Path
) -> None:
    store.write(two_articles())
    report = write_graphml(store, tmp_path / "g.graphml")
    g = igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml"))
    assert (report.nodes, report.edges) == (g.vcount(), g.ecount()) == (ENTITIES, FACTS)
    by_id = {v["id"]: v for v in g.vs}
    amplitude = by_id[AMPLITUDE.id]
    assert amplitude["type"] == "Company" and amplitude["name"] == "Amplitude Systèmes"
    assert amplitude["aliases"] == "Amplitude" and amplitude["country"] == "FR"
    assert amplitude["mentions"] == 2 and amplitude["relations"] == 3
    assert by_id[PESSAC.id]["lat"] == pytest.approx(44.8067)
    edges = {
        (g.vs[e.source]["id"], g.vs[e.target]["id"], e["relation"]): e.attributes() for e in g.es
    }
    located = edges[(AMPLITUDE.id, PESSAC.id, "LOCATED_IN")]
    assert located["articles"] == 2 and located["evidence_count"] == 2
    assert located["confidence"] == pytest.approx(0.8)
    partners = edges[(ROUTE.id, WNLO.id, "PARTNERS_WITH")]
    assert partners["year"] == 2010 and partners["symmetric"] is True
    assert by_id[SALON.id]["name"] == "Optics Valley <China> & co"


def test_graphml_declares_typed_keys_for_each_attribute(store: GraphStore, tmp_path: Path) -> None:
    store.write(two_articles())
    write_graphml(store, tmp_path / "g.graphml")
    root = etree.parse(str(tmp_path / "g.graphml")).getroot()
    keys = {
        (k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{GRAPHML}key")
    }
    assert keys[("node", "type")] == "string"
    assert keys[("node", "mentions")] in {"int", "long"}
    assert keys[("node", "lat")] == "double"
    assert keys[("edge", "confidence")] == "double"
    assert keys[("edge", "evidence_count")] in {"int", "long"}
    assert len(root.findall(f".//{GRAPHML}node")) == ENTITIES
    assert len(root.findall(f".//{GRAPHML}edge")) == FACTS


# ---- GEXF ------------------------------------------------------------------------------------


def gexf_values(element: etree._Element, titles: dict[str, str]) -> dict[str, str]:
    return {titles[v.get("for")]: v.get("value") for v in element.iter(f"{GEXF}attvalue")}


def test_gexf_reads_back_with_labels_attributes_and_edge_kinds(
    store: GraphStore, tmp_path: Path
) -> None:
    store.write(two_articles())
    report = write_gexf(store, tmp_path / "g.gexf")
    root = etree.parse(str(tmp_path / "g.gexf")).getroot()
    graph = root.find(f"{GEXF}graph")
    assert graph is not None and graph.get("defaultedgetype") == "directed"
    titles = {a.get("id"): a.get("title") for a in root.iter(f"{GEXF}attribute")}
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF}node")}
    edges = list(root.iter(f"{GEXF}edge"))
    assert (report.nodes, report.edges) == (len(nodes), len(edges)) == (ENTITIES, FACTS)
    amplitude = nodes[AMPLITUDE.id]
    assert amplitude.get("label") == "Amplitude Systèmes"
    values = gexf_values(amplitude, titles)
    assert values["type"] == "Company" and values["mentions"] == "2"
    kinds = {
        (e.get("source"), e.get("target")): (e.get("type"), e.get("weight"), gexf_values(e, titles))
        for e in edges
    }
    kind, weight, attributes = kinds[(ROUTE.id, WNLO.id)]
    assert kind == "undirected" and attributes["relation"] == "PARTNERS_WITH"
    assert float(attributes["confidence"]) == pytest.approx(0.9)
    kind, weight, attributes = kinds[(AMPLITUDE.id, PESSAC.id)]
    assert kind == "directed" and float(weight) == 2 and attributes["evidence_count"] == "2"


def test_an_empty_graph_exports_empty_networks(store: GraphStore, tmp_path: Path) -> None:
    assert write_gexf(store, tmp_path / "g.gexf").nodes == 0
    assert igraph.Graph.Read_GraphML(str(write_graphml_path(store, tmp_path))).vcount() == 0


def write_graphml_path(store: GraphStore, tmp_path: Path) -> Path:
    write_graphml(store, tmp_path / "e.graphml")
    return tmp_path / "e.graphml"


# ---- neo4j-admin CSV -------------------------------------------------------------------------

HEADER_FIELD = re.compile(
    r"^(?:(?P<name>[a-z_]+)?:(?P<kind>ID|START_ID|END_ID)\((?P<space>\w+)\)"
    r"|:LABEL|:TYPE|(?P<prop>[a-z_]+):(?:string|long|double)(?:\[\])?)$"
)


def read_csv_dir(directory: Path) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for field in rows[0]:
            assert HEADER_FIELD.match(field), f"{path.name}: {field!r} is no neo4j-admin header"
        tables[path.stem] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return tables


def test_neo4j_csv_files_follow_the_import_header_format(store: GraphStore, tmp_path: Path) -> None:
    store.write(two_articles())
    report = write_neo4j_csv(store, tmp_path / "csv")
    tables = read_csv_dir(tmp_path / "csv")
    assert set(tables) == {
        "nodes-Article", "nodes-Company", "nodes-Cluster", "nodes-Lab", "nodes-City",
        "nodes-Event", "nodes-Key", "rels-PARTNERS_WITH", "rels-LOCATED_IN", "rels-EXHIBITS_AT",
        "rels-MEMBER_OF", "rels-MENTIONS", "rels-KEY_OF",
    }  # fmt: skip
    entities = sum(len(rows) for name, rows in tables.items() if name.startswith("nodes-"))
    assert report.nodes == entities
    [partners] = tables["rels-PARTNERS_WITH"]
    sentence = partners["evidence:string[]"]
    assert sentence == HARD.replace("\x01", " ")  # one element: ';' is no delimiter here
    assert partners[":START_ID(Node)"] == ROUTE.id and partners[":TYPE"] == "PARTNERS_WITH"
    [located] = tables["rels-LOCATED_IN"]
    assert located["sources:string[]"].split(ARRAY_DELIMITER) == ["article:one", "article:two"]
    amplitude = next(r for r in tables["nodes-Company"] if r["id:ID(Node)"] == AMPLITUDE.id)
    assert amplitude[":LABEL"] == "Company" and amplitude["mentions:long"] == "2"
    script = (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8")
    assert "--nodes=nodes-Company.csv" in script and "--array-delimiter=U+001F" in script


def neo4j_local() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "neo4j_local", REPO / "scripts" / "neo4j_local.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def admin_classpath() -> tuple[str, str]:
    """java and the class path of the local Neo4j jars (scripts/neo4j_local.py), resolved
    with Maven if need be; skip on a developer machine without Java, fail under CI."""
    local = neo4j_local()
    try:
        settings = local.Settings.from_env()
        java = local.java_executable()
        local.resolve_jars(settings)
    except local.Neo4jLocalError as exc:
        if in_ci():
            pytest.fail(f"CI=true and neo4j-admin is unavailable: {exc}", pytrace=False)
        pytest.skip(str(exc))
    return java, local.classpath(settings)


def test_neo4j_admin_imports_the_csv_export_with_the_same_counts(tmp_path: Path) -> None:
    with open_store(Settings(engine="ladybug", db_path=tmp_path / "g.lbdb")) as store:
        store.write(two_articles())
        write_neo4j_csv(store, tmp_path / "csv")
        stats = store.stats()
        keys = store.read("MATCH (k:Key) RETURN count(k) AS n")[0]["n"]
        key_of = store.read("MATCH (:Key)-[r:KEY_OF]->() RETURN count(r) AS n")[0]["n"]
    tables = read_csv_dir(tmp_path / "csv")
    properties = (
        sum(
            1
            for rows in tables.values()
            for row in rows
            for column, value in row.items()
            if value != "" and not column.startswith((":", "key:ID")) and "_ID(" not in column
        )
        + keys
    )  # a Key's id column is its `key` property
    java, classpath = admin_classpath()
    home = tmp_path / "neo4j-home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    script = (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8")
    args = re.search(r"exec neo4j-admin (.*) \"\$@\" neo4j", script)
    assert args, script
    done = subprocess.run(
        [java, "-Xmx384m", "-cp", classpath, "org.neo4j.cli.AdminTool",
         *args.group(1).split(), "--max-off-heap-memory=256m", "neo4j"],
        cwd=tmp_path / "csv",
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    imported = re.search(
        r"Imported:\s+(\d+) nodes\s+(\d+) relationships\s+(\d+) properties", output
    )
    assert imported, output[-3000:]
    nodes = sum(stats.nodes.values()) + keys
    relationships = sum(stats.relationships.values()) + key_of
    assert tuple(int(x) for x in imported.groups()) == (nodes, relationships, properties)


# ---- formats and the command -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("g.ttl", "turtle"), ("g.nt", "nt"), ("g.jsonld", "jsonld"), ("G.RDF", "xml"),
        ("g.graphml", "graphml"), ("g.gexf", "gexf"), ("out/", "neo4j-csv"), ("g.txt", None),
    ],
)  # fmt: skip
def test_the_file_name_says_the_format(name: str, fmt: str | None) -> None:
    assert format_for_path(name) == fmt


def test_ttl_is_turtle_and_an_unknown_format_is_refused() -> None:
    assert normalise_format("TTL") == "turtle"
    with pytest.raises(KgError, match="choose one of"):
        normalise_format("png")


def run_kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.lbdb"
    with open_store(Settings(engine="ladybug", db_path=path)) as store:
        store.write(two_articles())
    return path


def test_export_writes_the_format_its_file_name_asks_for(db: Path, tmp_path: Path) -> None:
    from rdflib import Graph

    code, _, err = run_kg("export", "--db", str(db), "-o", str(tmp_path / "g.jsonld"))
    assert code == 0 and "(jsonld)" in err
    assert len(Graph().parse(tmp_path / "g.jsonld", format="json-ld")) > 50
    code, _, err = run_kg("export", "--db", str(db), "--format", "ttl", "-o", str(tmp_path / "t"))
    assert code == 0 and "(turtle)" in err
    code, _, err = run_kg("export", "--db", str(db), "-o", str(tmp_path / "g.gexf"))
    assert code == 0 and f"{ENTITIES} nodes and {FACTS} relationships written (gexf)" in err
    assert etree.parse(str(tmp_path / "g.gexf")).getroot().tag == f"{GEXF}gexf"
    code, _, err = run_kg("export", "--db", str(db), "-o", str(tmp_path / "csv") + "/")
    assert code == 0 and (tmp_path / "csv" / "import.sh").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "g.png"], "name the file with one of"),
        (["--format", "neo4j-csv"], "add -o DIR"),
        (["-o", "g.gexf", "--validate"], "--validate checks RDF exports only"),
    ],
)
def test_export_usage_errors_say_what_to_type(db: Path, args: list[str], message: str) -> None:
    code, _, err = run_kg("export", "--db", str(db), *args)
    assert code == 2 and message in err

"""The interactive network: select a subgraph from a store, render one self-contained HTML file.

Selection reads the store with Cypher both engines accept (labels come from id prefixes, so no
label functions). Rendering hands node and edge lists to pyvis in bulk and renders our own
template through pyvis, with the vis-network script and style pyvis ships inlined: the page
makes no network request. Article text reaches the page only as JSON data and is put into the
DOM with textContent, never as markup; a Content-Security-Policy allowing only the page's own
scripts (by hash) backs that up.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.errors import BadParameter, KgError
from graph.keys import lookup_key
from graph.model import ENTITY_TYPES, RELATION_TYPES, SYMMETRIC_RELATIONS
from graph.schema import ARTICLE_LABEL, MENTIONS, label_of
from graph.store import GraphStore

# Every page starts from a layout computed in Python, so the first paint shows the graph at
# once; up to this many nodes vis-network's physics then lets it settle (and nodes can be
# dragged), above it the browser runs no physics at all.
LARGE_GRAPH = 300
# Physics gives up after this long even if the layout still moves, so a page is always at rest.
PHYSICS_SECONDS = 10
# On-screen label sizes (px) at fit-to-view: the best-connected node's label is this large,
# and a label drawn smaller than LABEL_THRESHOLD px is hidden until one zooms in.
LABEL_AT_FIT = 16
LABEL_THRESHOLD = 7
FIT_VIEWPORT = 900  # px: the canvas side a laptop shows beside the side panel

# type -> (colour, vis-network shape); shapes sized by `value` so degree shows.
NODE_STYLES: dict[str, tuple[str, str]] = {
    "Company": ("#4e79a7", "dot"),
    "Cluster": ("#f28e2b", "hexagon"),
    "Lab": ("#59a14f", "triangle"),
    "City": ("#e15759", "square"),
    "Region": ("#b07aa1", "triangleDown"),
    "Country": ("#9c755f", "star"),
    "Event": ("#d4a017", "diamond"),
}
WITHIN = "WITHIN"  # a place inside the area the gazetteer puts it in: drawn dashed, not a fact
EDGE_STYLES: dict[str, tuple[str, str]] = {
    "PARTNERS_WITH": ("#1f6feb", "partners with"),
    "LOCATED_IN": ("#8b949e", "located in"),
    "EXHIBITS_AT": ("#bf8700", "exhibits at"),
    "MEMBER_OF": ("#2da44e", "member of"),
    WITHIN: ("#b5a3c9", "within (gazetteer)"),
}
DERIVED_NOTE = "Derived from the gazetteer (GeoNames codes): no article states it, no evidence."

_TEMPLATE_DIR = Path(__file__).parent / "templates"
_TEMPLATE = "viz.html"
_SCRIPT_BLOCK = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_NODE_FIELDS = (
    "n.id AS id, n.name AS name, n.aliases AS aliases, n.search_keys AS keys, "
    "n.country AS country, n.mentions AS mentions, n.first_seen AS first_seen, "
    "n.last_seen AS last_seen, n.gazetteer_code AS code, n.gazetteer_within AS within_code"
)
_EDGE_FIELDS = (
    "a.id AS s, b.id AS t, e.confidence AS confidence, e.year AS year, "
    "e.evidence AS evidence, e.evidence_articles AS evidence_articles"
)
_FACTS = "|".join(RELATION_TYPES)


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class VizNode:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    search_keys: tuple[str, ...] = ()
    country: str | None = None
    mentions: int | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    sources: tuple[str, ...] = ()  # ids of the articles that mention the entity
    code: str | None = None  # gazetteer code of a region or country ("FR.75")
    within_code: str | None = None  # gazetteer code of the area a place lies in


@dataclass(frozen=True)
class VizEdge:
    type: str
    source: str
    target: str
    confidence: float | None = None
    year: int | None = None
    evidence: tuple[tuple[str, str], ...] = ()  # (sentence, article id)


@dataclass
class Subgraph:
    """What one page shows: entities, the facts between them and the articles they cite."""

    nodes: dict[str, VizNode] = field(default_factory=dict)
    edges: list[VizEdge] = field(default_factory=list)
    articles: dict[str, ArticleRef] = field(default_factory=dict)
    focus: tuple[str, ...] = ()  # the entities an --around selection started from
    filtered: bool = False  # by type, confidence or query: entities may be left without a fact

    def degrees(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for edge in self.edges:
            counts[edge.source] += 1
            counts[edge.target] += 1
        return counts


# ---- selection ---------------------------------------------------------------------------


def select_subgraph(
    store: GraphStore,
    *,
    around: str | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    query: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Subgraph:
    """The part of the graph to draw: all of it, the neighbourhood of `around` up to `depth`
    hops, or the entities of a canned query's rows with the facts between them; restricted
    to node `types` and to facts of at least `min_confidence`."""
    labels = parse_types(types)
    if around is not None and query is not None:
        raise BadParameter(
            "choose either around an entity or a query, not both: drop --around or --query"
        )
    if depth < 0:
        raise BadParameter(f"depth must be 0 or more, not {depth}")
    if not 0.0 <= min_confidence <= 1.0:
        raise BadParameter(f"min confidence must be between 0 and 1, not {min_confidence}")
    focus: tuple[str, ...] = ()
    ids: set[str] | None = None
    if around is not None:
        focus = tuple(find_entities(store, around, labels))
        ids = _expand(store, set(focus), depth, labels, min_confidence)
    elif query is not None:
        ids = {i for i in query_entity_ids(store, query, params or {}) if label_of(i) in labels}
    nodes = _read_nodes(store, labels, ids)
    edges = _read_edges(store, set(nodes), ids is not None, min_confidence)
    if min_confidence > 0:  # entities whose every fact was filtered out are noise here
        linked = {e.source for e in edges} | {e.target for e in edges} | set(focus)
        nodes = {i: n for i, n in nodes.items() if i in linked}
    edges += containment_edges(nodes, edges)
    cited = {a for n in nodes.values() for a in n.sources} | {
        a for e in edges for _, a in e.evidence
    }
    filtered = types is not None or min_confidence > 0 or query is not None
    return Subgraph(nodes, edges, _read_articles(store, cited), focus, filtered)


def parse_types(types: Iterable[str] | None) -> tuple[str, ...]:
    """Entity labels from user input (any case); all of them when none are given."""
    if types is None:
        return ENTITY_TYPES
    by_key = {t.lower(): t for t in ENTITY_TYPES}
    wanted = [t.strip() for t in types if t.strip()]
    unknown = [t for t in wanted if t.lower() not in by_key]
    if unknown:
        raise BadParameter(
            f"unknown node type {', '.join(unknown)}: choose from {', '.join(ENTITY_TYPES)}"
        )
    return tuple(by_key[t.lower()] for t in wanted) or ENTITY_TYPES


def find_entities(store: GraphStore, name: str, labels: Sequence[str] = ENTITY_TYPES) -> list[str]:
    """Ids of the entities whose name or an alias matches `name` (case, accents and
    punctuation ignored), or the entity whose id is `name`."""
    key = lookup_key(name)
    if not key:
        raise BadParameter(f"cannot look up an entity by {name!r}: give a name or an alias")
    found: list[str] = []
    for label in labels:
        rows = store.read(
            f"MATCH (n:{label}) WHERE $key IN n.search_keys OR n.id = $name "
            "RETURN n.id AS id ORDER BY id",
            {"key": key, "name": name.strip()},
        )
        found += [row["id"] for row in rows]
    if not found:
        from graph.queries import closest_entities
        from graph.suggest import did_you_mean

        kinds = "" if tuple(labels) == ENTITY_TYPES else f" (of type {', '.join(labels)})"
        hint = did_you_mean(closest_entities(store, name, labels)) or (
            "; `kg query run most-connected` lists the best-connected entities"
        )
        raise KgError(f"no entity is named {name!r}{kinds}{hint}")
    return found


def query_entity_ids(store: GraphStore, name: str, params: Mapping[str, Any]) -> list[str]:
    """Entity ids in the rows of a canned query: every column named `id` or ending in `_id`
    (a value may be one id or a list of them, as a path query returns)."""
    from graph.queries import run_query

    result = run_query(store, name, dict(params))
    if not result.rows:
        raise KgError(
            f"query {name!r} returned no rows" + (f": {result.hint}" if result.hint else "")
        )
    columns = list(result.columns)
    wanted = [i for i, c in enumerate(columns) if c == "id" or c.endswith("_id")]
    if not wanted:
        raise KgError(f"query {name!r} returns no entity id column (named id or *_id)")
    ids: list[str] = []
    for row in result.rows:
        values = (
            [row[columns[i]] for i in wanted]
            if isinstance(row, Mapping)
            else [row[i] for i in wanted]
        )
        for value in values:
            for item in value if isinstance(value, list | tuple) else [value]:
                if isinstance(item, str) and _is_entity_id(item) and item not in ids:
                    ids.append(item)
    return ids


def _is_entity_id(value: str) -> bool:
    try:
        label_of(value)
    except ValueError:
        return False
    return True


def _by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id in sorted(ids):
        groups[label_of(node_id)].append(node_id)
    return groups


def _expand(
    store: GraphStore, seeds: set[str], depth: int, labels: Sequence[str], min_confidence: float
) -> set[str]:
    """Breadth-first over fact edges (either direction), through allowed labels only."""
    seen = set(seeds)
    frontier = set(seeds)
    for _ in range(depth):
        reached: set[str] = set()
        for label, ids in _by_label(frontier).items():
            for row in store.iter_read(
                f"UNWIND $ids AS id MATCH (a:{label} {{id: id}})-[e:{_FACTS}]-(b) "
                "WHERE e.confidence >= $min RETURN DISTINCT b.id AS id",
                {"ids": ids, "min": float(min_confidence)},
            ):
                if label_of(row["id"]) in labels:
                    reached.add(row["id"])
        frontier = reached - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def _read_nodes(
    store: GraphStore, labels: Sequence[str], ids: set[str] | None
) -> dict[str, VizNode]:
    nodes: dict[str, VizNode] = {}
    groups = _by_label(ids) if ids is not None else {label: None for label in labels}
    for label in labels:
        group = groups.get(label, [])
        if group == []:
            continue
        if group is None:
            rows = store.iter_read(f"MATCH (n:{label}) RETURN {_NODE_FIELDS}")
            mentions = store.iter_read(
                f"MATCH (a:{ARTICLE_LABEL})-[:{MENTIONS}]->(n:{label}) "
                "RETURN n.id AS id, a.id AS article"
            )
        else:
            rows = store.iter_read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN {_NODE_FIELDS}",
                {"ids": group},
            )
            mentions = store.iter_read(
                f"UNWIND $ids AS id MATCH (a:{ARTICLE_LABEL})-[:{MENTIONS}]->(n:{label} "
                "{id: id}) RETURN n.id AS id, a.id AS article",
                {"ids": group},
            )
        found = list(rows)
        sources: dict[str, list[str]] = defaultdict(list)
        for row in mentions:
            sources[row["id"]].append(row["article"])
        for row in found:
            nodes[row["id"]] = VizNode(
                id=row["id"],
                type=label,
                name=row["name"] or row["id"],
                aliases=tuple(row["aliases"] or ()),
                search_keys=tuple(row["keys"] or ()),
                country=row["country"],
                mentions=row["mentions"],
                first_seen=row["first_seen"],
                last_seen=row["last_seen"],
                sources=tuple(sorted(sources[row["id"]])),
                code=row["code"],
                within_code=row["within_code"],
            )
    return nodes


def _read_edges(
    store: GraphStore, node_ids: set[str], by_source: bool, min_confidence: float
) -> list[VizEdge]:
    """Fact edges with both ends among `node_ids`. `by_source` reads from the selected
    nodes outward (a small selection) instead of scanning every edge."""
    edges: list[VizEdge] = []
    threshold = {"min": float(min_confidence)}
    for rel in RELATION_TYPES:
        if by_source:
            batches = [
                store.iter_read(
                    f"UNWIND $ids AS id MATCH (a:{label} {{id: id}})-[e:{rel}]->(b) "
                    f"WHERE e.confidence >= $min RETURN {_EDGE_FIELDS}",
                    {"ids": ids, **threshold},
                )
                for label, ids in _by_label(node_ids).items()
            ]
        else:
            batches = [
                store.iter_read(
                    f"MATCH (a)-[e:{rel}]->(b) WHERE e.confidence >= $min RETURN {_EDGE_FIELDS}",
                    threshold,
                )
            ]
        for batch in batches:
            for row in batch:
                if row["s"] in node_ids and row["t"] in node_ids:
                    edges.append(_edge(rel, row))
    edges.sort(key=lambda e: (e.type, e.source, e.target))
    return edges


def containment_edges(nodes: Mapping[str, VizNode], facts: Sequence[VizEdge]) -> list[VizEdge]:
    """A WITHIN edge from each drawn place to the nearest drawn area the gazetteer says
    encloses it, unless a stated LOCATED_IN fact already joins them."""
    areas = {n.code: n.id for n in nodes.values() if n.code}
    stated = {(e.source, e.target) for e in facts if e.type == "LOCATED_IN"}
    edges = []
    for node in nodes.values():
        code = node.within_code or ""
        while code and code not in areas:
            code = code.rpartition(".")[0]
        if code and areas[code] != node.id and (node.id, areas[code]) not in stated:
            edges.append(VizEdge(WITHIN, node.id, areas[code]))
    return sorted(edges, key=lambda e: (e.source, e.target))


def _edge(rel: str, row: Mapping[str, Any]) -> VizEdge:
    sentences = row["evidence"] or []
    articles = row["evidence_articles"] or []
    return VizEdge(
        type=rel,
        source=row["s"],
        target=row["t"],
        confidence=row["confidence"],
        year=row["year"],
        evidence=tuple(zip(sentences, articles, strict=False)),
    )


def _read_articles(store: GraphStore, ids: set[str]) -> dict[str, ArticleRef]:
    if not ids:
        return {}
    rows = store.iter_read(
        f"UNWIND $ids AS id MATCH (a:{ARTICLE_LABEL} {{id: id}}) "
        "RETURN a.id AS id, a.title AS title, a.published AS published, a.url AS url",
        {"ids": sorted(ids)},
    )
    return {
        row["id"]: ArticleRef(row["id"], row["title"] or row["id"], row["published"], row["url"])
        for row in rows
    }


# ---- rendering ---------------------------------------------------------------------------


def render_html(
    subgraph: Subgraph,
    path: str | Path,
    *,
    title: str = "Knowledge graph",
    large_graph: int = LARGE_GRAPH,
    hide_isolated: bool | None = None,
) -> Path:
    """Write the page to `path` and return it. Every page starts from a layout computed
    here; graphs of more than `large_graph` nodes get no browser physics, so they stay
    responsive. `hide_isolated` ticks the page's "hide isolated nodes" box (default: when
    the selection was filtered)."""
    path = Path(path)
    html = page_html(subgraph, title=title, large_graph=large_graph, hide_isolated=hide_isolated)
    path.write_text(html, encoding="utf-8")
    return path


def page_html(
    subgraph: Subgraph,
    *,
    title: str,
    large_graph: int = LARGE_GRAPH,
    hide_isolated: bool | None = None,
) -> str:
    from jinja2 import Environment, FileSystemLoader
    from pyvis.network import Network

    large = len(subgraph.nodes) > large_graph
    positions = layout_positions(subgraph, exact=not large)
    net = Network(height="100%", width="100%", heading=title, cdn_resources="in_line")
    net.nodes = node_payload(subgraph, positions)  # bulk: add_node loops are 60x slower
    net.edges = edge_payload(subgraph, labels=not large)
    net.options = vis_options(large, label_max=label_size_at_fit(positions))
    net.templateEnv = Environment(loader=FileSystemLoader(_TEMPLATE_DIR), autoescape=True)
    net.templateEnv.globals["vis_js"], net.templateEnv.globals["vis_css"] = vis_library()
    net.templateEnv.globals["node_info"] = node_info(subgraph)
    net.templateEnv.globals["edge_info"] = edge_info(subgraph)
    net.templateEnv.globals["kg"] = {
        "articles": {a.id: [a.title, a.published, a.url] for a in subgraph.articles.values()},
        "legend": legend(subgraph),
        "focus": list(subgraph.focus),
        "large": large,
        "hideIsolated": subgraph.filtered if hide_isolated is None else hide_isolated,
        "physicsSeconds": PHYSICS_SECONDS,
        "labelAtFit": LABEL_AT_FIT,
    }
    net.path = _TEMPLATE
    return _with_script_hashes(net.generate_html(name="viz.html"))


@cache
def vis_library() -> tuple[str, str]:
    """The vis-network script and style pyvis ships (templates/lib/vis-9.1.2/), inlined:
    passed as values, not included as templates, so Jinja never parses 700 kB. The style
    goes without its rules holding images (see used_vis_css)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return js, used_vis_css(css)


_CSS_RULE = re.compile(r"[^{}]+\{[^{}]*\}")


def used_vis_css(css: str) -> str:
    """vis-network's style without the rules that hold images: 206 of its 220 kB are
    base64 icons of the navigation and editing buttons, which the page turns off
    (navigationButtons false, no manipulation). The page is that much smaller to read and
    to parse before the first paint."""
    rules = _CSS_RULE.findall(css)
    if "".join(rules) != css.strip():  # not the flat, minified sheet 9.1.2 ships
        return css
    return "".join(rule for rule in rules if "url(" not in rule)


def _with_script_hashes(html: str) -> str:
    """Allow exactly the page's own inline scripts: an injected handler or script, were one
    ever to reach the DOM, would be refused by the browser."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _SCRIPT_BLOCK.findall(html)
    )
    return html.replace("__SCRIPT_HASHES__", hashes, 1)


def node_payload(subgraph: Subgraph, positions: Mapping[str, tuple[float, float]]) -> list[dict]:
    """What vis-network draws: only its own fields, so it clones little (the details the
    page shows live beside it, in node_info)."""
    degrees = subgraph.degrees()
    payload = []
    for node in subgraph.nodes.values():
        item: dict[str, Any] = {
            "id": node.id,
            "label": node.name,
            "group": node.type,
            "value": degrees[node.id],
        }
        if node.id in positions:
            item["x"], item["y"] = positions[node.id]
        payload.append(item)
    return payload


def node_info(subgraph: Subgraph) -> dict[str, dict[str, Any]]:
    degrees = subgraph.degrees()
    return {
        node.id: {
            "aliases": list(node.aliases),
            "keys": list(node.search_keys) or [lookup_key(node.name)],
            "country": node.country,
            "mentions": node.mentions,
            "seen": [node.first_seen, node.last_seen],
            "sources": list(node.sources),
            "degree": degrees[node.id],
        }
        for node in subgraph.nodes.values()
    }


def edge_payload(subgraph: Subgraph, *, labels: bool = True) -> list[dict]:
    payload = []
    for index, edge in enumerate(subgraph.edges):
        colour, label = EDGE_STYLES[edge.type]
        item: dict[str, Any] = {
            "id": f"e{index}",
            "from": edge.source,
            "to": edge.target,
            "color": colour,
            "arrows": "" if edge.type in SYMMETRIC_RELATIONS else "to",
            "rel": edge.type,  # what the relation filter reads
        }
        if edge.type == WITHIN:
            item["dashes"] = True
        if labels:  # thousands of edge labels cost more to draw than they tell
            item["label"] = label
        payload.append(item)
    return payload


def edge_info(subgraph: Subgraph) -> dict[str, dict[str, Any]]:
    """Keyed by the ids edge_payload gives."""
    return {
        f"e{index}": {
            "type": edge.type,
            "confidence": edge.confidence,
            "year": edge.year,
            "evidence": [list(pair) for pair in edge.evidence],
            "note": DERIVED_NOTE if edge.type == WITHIN else None,
        }
        for index, edge in enumerate(subgraph.edges)
    }


def label_size_at_fit(positions: Mapping[str, tuple[float, float]]) -> float:
    """The canvas font size of the best-connected node's label, chosen so that it reads
    LABEL_AT_FIT px when the whole layout fits a FIT_VIEWPORT-px canvas."""
    if len(positions) < 2:
        return 22.0
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    fit_scale = min(1.0, FIT_VIEWPORT / extent)
    return round(max(22.0, LABEL_AT_FIT / fit_scale), 1)


def vis_options(large: bool, label_max: float = 22.0) -> dict[str, Any]:
    groups = {
        kind: {
            "color": {
                "background": colour,
                "border": colour,
                "highlight": {"background": colour, "border": "#1f2328"},
                "hover": {"background": colour, "border": "#1f2328"},
            },
            "shape": shape,
        }
        for kind, (colour, shape) in NODE_STYLES.items()
    }
    return {
        "groups": groups,
        "nodes": {
            # label size by degree, from 12 canvas px up to label_max; labels under the
            # threshold on screen are skipped, so small ones appear as one zooms in
            "scaling": {
                "min": 10,
                "max": 40,
                "label": {
                    "enabled": True,
                    "min": 12,
                    "max": label_max,
                    "maxVisible": 28,
                    "drawThreshold": LABEL_THRESHOLD,
                },
            },
            "font": {"size": 14, "face": "sans-serif"},
            "borderWidth": 1,
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous"},
            "font": {"size": 10, "align": "middle", "color": "#57606a", "strokeWidth": 2},
            "width": 1.5,
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
        "physics": (
            {"enabled": False}
            if large
            else {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120},
                "minVelocity": 1.0,  # at rest sooner: the start is a finished layout already
                # no stabilisation before the first paint: the page draws the Python layout
                # at once, then physics settles it on screen
                "stabilization": {"enabled": False},
            }
        ),
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def layout_positions(
    subgraph: Subgraph, spacing: float = 70.0, *, exact: bool = False
) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold in igraph (the grid variant unless `exact`: 10x faster, for
    large graphs), scaled to canvas pixels; seeded, so the same graph always gets the same
    picture."""
    import igraph

    ids = list(subgraph.nodes)
    if not ids:
        return {}
    index = {node_id: i for i, node_id in enumerate(ids)}
    graph = igraph.Graph(
        n=len(ids), edges=[(index[e.source], index[e.target]) for e in subgraph.edges]
    )
    saved = random.getstate()  # python-igraph draws from the `random` module
    random.seed(0)
    try:
        coords = graph.layout_fruchterman_reingold(grid=not exact).coords
    finally:
        random.setstate(saved)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = spacing * len(ids) ** 0.5 / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    placed = [((x - cx) * scale, (y - cy) * scale) for x, y in coords]
    return dict(zip(ids, _unstack(placed, spacing / 3), strict=True))


def _unstack(points: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Spread points the layout put on top of each other (it folds long cycles) on a small
    spiral, so no node hides another."""
    taken: Counter[tuple[int, int]] = Counter()
    spread = []
    for x, y in points:
        cell = (round(x / gap), round(y / gap))
        k = taken[cell]
        taken[cell] += 1
        if k:
            angle = k * 2.39996  # the golden angle: successive points never line up
            x, y = (
                x + gap * math.sqrt(k) * math.cos(angle),
                y + gap * math.sqrt(k) * math.sin(angle),
            )
        spread.append((round(x, 1), round(y, 1)))
    return spread


def legend(subgraph: Subgraph) -> dict[str, list[dict[str, Any]]]:
    node_counts = Counter(n.type for n in subgraph.nodes.values())
    edge_counts = Counter(e.type for e in subgraph.edges)
    return {
        "types": [
            {"name": kind, "color": colour, "shape": shape, "count": node_counts[kind]}
            for kind, (colour, shape) in NODE_STYLES.items()
            if node_counts[kind]
        ],
        "relations": [
            {"name": rel, "color": colour, "label": label, "count": edge_counts[rel]}
            for rel, (colour, label) in EDGE_STYLES.items()
            if edge_counts[rel]
        ],
    }

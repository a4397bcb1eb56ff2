"""Canned queries answered in Python on LadybugDB, where its Cypher has no fast form.

Each function returns the rows of the Cypher in its `queries/ladybug/NAME.cypher` file (that
file names it on a `// python:` line and keeps the Cypher as the reference), from small reads
in one read-only transaction (GraphStore.reading). Reads start from nodes found by primary
key, a label at a time (an id carries its label, graph.schema.label_of): on LadybugDB 0.22
`UNWIND $ids AS x MATCH (n:Label {id: x})` is a key lookup, while `n.id IN $ids` walks the
list for every node and a lookup over several labels scans them all. The relations of those
nodes are read by an OPTIONAL MATCH: in the same MATCH, LadybugDB joins the ids to a scan of
every relation of the label (1 s for one company with 3 relations, against 2 ms).
docs/queries.md has the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.schema import KEY_LABEL, KEY_OF, label_of
from graph.store import GraphStore
from graph.store.base import ReadColumns

FACTS = "PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF"  # what a connection path walks
MAX_HOPS = 4
ORGANISATIONS = "Company|Cluster|Lab"


# ---- reads by primary key ----------------------------------------------------------------------
def by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for node_id in ids:
        grouped[label_of(node_id)].append(node_id)
    return dict(sorted(grouped.items()))


def keyed(ids: Iterable[str], then: str, returns: str) -> tuple[str, dict[str, Any]]:
    """One statement, a UNION ALL branch per label of `ids`, each finding its nodes `n` by
    key, then `then` (a clause or nothing) and `returns`. Labels come from graph.schema,
    values only as parameters; no ids, no statement ("")."""
    branches, params = [], {}
    for label, group in by_label(ids).items():
        params[f"ids_{label}"] = group
        branches.append(f"UNWIND $ids_{label} AS x MATCH (n:{label} {{id: x}}) {then} {returns}")
    return "\nUNION ALL\n".join(branches), params


def read_keyed(read: ReadColumns, ids: Iterable[str], then: str, returns: str) -> dict[str, list]:
    cypher, params = keyed(ids, then, returns)
    return read(cypher, params) if params else defaultdict(list)


def names_of(read: ReadColumns, ids: Iterable[str]) -> dict[str, str]:
    found = read_keyed(read, set(ids), "", "RETURN n.id AS id, n.name AS name")
    return dict(zip(found["id"], found["name"], strict=True))


def named(read: ReadColumns, key: str, labels: str = "") -> list[dict[str, Any]]:
    """The entities a lookup key names (a name or alias, folded), of these labels if given:
    id, name and relation count."""
    cypher = (
        f"MATCH (:{KEY_LABEL} {{key: $key}})-[:{KEY_OF}]->(n{':' + labels if labels else ''}) "
        "RETURN n.id AS id, n.name AS name, n.relations AS relations"
    )
    found = read(cypher, {"key": key})
    return [dict(zip(found, values, strict=True)) for values in zip(*found.values(), strict=True)]


# ---- connection-path ---------------------------------------------------------------------------
@dataclass
class Search:
    """One side of a bidirectional breadth-first search: each node's distance from the
    side's end and, for every node past the end, its neighbours one step closer to it with
    the relation's type, so that every shortest path can be walked back."""

    frontier: dict[str, int]  # node id -> its relation count: what expanding it reads
    depth: int = 0
    dist: dict[str, int] = field(default_factory=dict)
    parents: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def cost(self) -> int:
        return sum(self.frontier.values())

    def expand(self, read: ReadColumns, *, last: bool = False) -> None:
        """The next layer; the last one, whose nodes are not expanded, without their
        relation counts (a property read for every row: a city's 16k)."""
        counts = "0" if last else "m.relations"
        found = read_keyed(
            read,
            self.frontier,
            f"OPTIONAL MATCH (n)-[r:{FACTS}]-(m)",
            f"RETURN n.id AS n, label(r) AS rel, m.id AS m, {counts} AS degree",
        )
        reached: dict[str, int] = {}
        self.depth += 1
        for node, rel, other, degree in zip(*found.values(), strict=True):
            if other is None:  # a node without relations (OPTIONAL MATCH)
                continue
            if other not in self.dist:
                self.dist[other] = self.depth
                reached[other] = degree or 0
                self.parents[other] = []
            if self.dist[other] == self.depth:
                self.parents[other].append((node, rel))
        self.frontier = reached


def connection_path(store: GraphStore, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """queries/ladybug/connection-path.cypher: for each pair of entities the two keys name,
    a shortest path of at most 4 hops, by a search from both ends that always expands the
    side with fewer relations to read (a city of 15k organisations is read once, if ever).
    Among tied paths, the one whose node ids come first in order, then its relation types:
    the first row of the Cypher's `ORDER BY hops, path_key` over all shortest paths."""
    with store.reading() as read:
        sources = named(read, params["from"])
        targets = named(read, params["to"]) if sources else []
        found = [
            path
            for a in sources
            for b in targets
            if a["id"] != b["id"] and (path := shortest_path(read, a, b)) is not None
        ]
        names = names_of(read, {node for nodes, _ in found for node in nodes})
    rows = [
        {
            "hops": len(relations),
            "path": [names[node] for node in nodes],
            "node_ids": nodes,
            "relations": relations,
        }
        for nodes, relations in found
    ]
    return sorted(rows, key=lambda r: (r["hops"], " ".join(r["node_ids"]), r["relations"]))


def shortest_path(
    read: ReadColumns, a: Mapping[str, Any], b: Mapping[str, Any]
) -> tuple[list[str], list[str]] | None:
    """(node ids, relation types) of the first shortest path from a to b, None past 4 hops.
    Once a side's new layer meets the other side's last one, their sum is the length: a
    shorter path would have met a layer earlier."""
    source, target = (Search({e["id"]: e["relations"] or 0}, dist={e["id"]: 0}) for e in (a, b))
    while source.frontier and target.frontier and source.depth + target.depth < MAX_HOPS:
        near, far = sorted((source, target), key=Search.cost)  # a tie expands the source
        near.expand(read, last=source.depth + target.depth == MAX_HOPS - 1)
        meeting = sorted(set(near.frontier) & set(far.frontier))
        if meeting:
            return first_path(source, target, meeting)
    return None


def first_path(
    source: Search, target: Search, meeting: list[str]
) -> tuple[list[str], list[str]]:
    """The smallest path in (node ids, relation types) order through the meeting nodes,
    which lie `source.depth` hops from the source and `target.depth` from the target.
    From the source, each step takes the smallest next node on a shortest path: on the
    source's side, the meeting nodes and the nodes they were reached from; past the meeting
    layer, every step toward the target is on one."""
    layer, children = meeting, defaultdict(list)
    for _ in range(source.depth):
        for node in layer:
            for parent, rel in source.parents[node]:
                children[parent].append((node, rel))
        layer = sorted({parent for node in layer for parent, _ in source.parents[node]})
    node, nodes, relations = layer[0], [layer[0]], []
    for _ in range(source.depth):
        node, rel = min(children[node])
        nodes.append(node)
        relations.append(rel)
    while target.dist[node]:
        node, rel = min(target.parents[node])
        nodes.append(node)
        relations.append(rel)
    return nodes, relations


# ---- partners-of-partners ----------------------------------------------------------------------
def partners_of_partners(store: GraphStore, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """queries/ladybug/partners-of-partners.cypher: organisations two partnerships away
    that are not partners yet, by shared partners. LadybugDB counts the shared partners of
    every candidate; known partners are dropped here, from a set (in its Cypher, a join
    over partnerships or a list walked for each row), and names are read only for the
    candidates that can still make the first `limit` rows."""
    limit = params["limit"]
    rows: list[dict[str, Any]] = []
    with store.reading() as read:
        for org in named(read, params["org"], ORGANISATIONS):
            rows += leads(read, org, limit)
    rows.sort(key=lambda r: (-r["shared_partners"], r["candidate"], r["candidate_id"], r["org_id"]))
    return rows[:limit]


def leads(read: ReadColumns, org: Mapping[str, Any], limit: int) -> list[dict[str, Any]]:
    """The first `limit` candidates of one organisation, in the query's order (the rows of
    an organisation among the first `limit` overall are among its own first `limit`)."""
    label = label_of(org["id"])
    partners = f"MATCH (o:{label} {{id: $id}})-[:PARTNERS_WITH]-(p)"
    collected = read(f"{partners} RETURN collect(p.id) AS ids", {"id": org["id"]})["ids"]
    known = set(collected[0] if collected else ())
    known.add(org["id"])
    # count(*) is count(DISTINCT p) (1.7x faster on the largest hub): a partnership is one
    # edge whichever way round it was stated (graph.model.Relation.key)
    found = read(
        f"{partners}-[:PARTNERS_WITH]-(q) RETURN q.id AS id, count(*) AS shared", {"id": org["id"]}
    )
    shared = {node: count for node, count in zip(found["id"], found["shared"], strict=True)
              if node not in known}  # fmt: skip
    if not shared or not limit:
        return []
    cut = sorted(shared.values(), reverse=True)[:limit][-1]  # the count of the last row kept
    names = names_of(read, [node for node, count in shared.items() if count >= cut])
    ranked = sorted(names, key=lambda node: (-shared[node], names[node], node))[:limit]
    return [
        {
            "org": org["name"],
            "org_id": org["id"],
            "candidate": names[node],
            "candidate_id": node,
            "shared_partners": shared[node],
        }
        for node in ranked
    ]

"""Derived properties (schema.DERIVED_PROPERTIES): what whole-graph queries read instead of
expanding, kept current by every write of GraphStore, which this class is mixed into.

A write recomputes them for the nodes it touched and the endpoints of the facts it changed,
and for what a change reaches beyond those: everything inside a place whose chain or
country moved, and the partners of an organisation whose countries changed.

Places also lie in what the gazetteer says encloses them (graph.gazetteer.enclosing: a city's
département, region and country): those enclosing places are created as nodes when first
needed, with the gazetteer's names for them as aliases and no article (no MENTIONS, no
evidence), and count in `places`/`within`; `stated_within` keeps the places reached through
stated LOCATED_IN facts alone, so queries can tell stated containment from derived.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from graph.gazetteer import Place, enclosing, known_place, other_names
from graph.keys import entity_id, search_keys
from graph.model import ENTITY_TYPES, ORGANISATION_TYPES, PLACE_TYPES, RELATION_TYPES
from graph.schema import (
    ARTICLE_LABEL,
    DERIVED_VERSION,
    KEY_LABEL,
    KEY_OF,
    RELATION_ENDPOINTS,
    label_of,
)
from graph.store import rows as R
from graph.store.rows import Statement, by_label

log = logging.getLogger(__name__)

_DERIVE_BATCH = 5_000


class DerivedProperties(ABC):
    """Computes and writes the derived properties through the engine primitives of
    GraphStore (declared there)."""

    @abstractmethod
    def _write(self, statements: Sequence[Statement]) -> None: ...

    @abstractmethod
    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _cast(self, expr: str, kind: str) -> str: ...

    def refresh_derived(self) -> None:
        """Recompute the derived properties (schema.DERIVED_PROPERTIES, fact source_count) of
        the whole graph: for data loaded by other means than `write`, or written before they
        existed. Writes keep them current on their own."""
        for rel in RELATION_TYPES:
            self._write([(f"MATCH ()-[e:{rel}]->() SET e.source_count = size(e.sources)", {})])
        for label in ORGANISATION_TYPES:  # counted from scratch below
            self._write([(f"MATCH (n:{label}) SET n.abroad = NULL", {})])
        self._write([("MATCH (c:Country) SET c.abroad_orgs = 0", {})])
        ids = sorted(
            row["id"]
            for label in ENTITY_TYPES
            for row in self._read(f"MATCH (n:{label}) RETURN n.id AS id")
        )
        for start in range(0, len(ids), _DERIVE_BATCH):  # one transaction per batch
            batch = set(ids[start : start + _DERIVE_BATCH])
            self._write(self._derived_statements(batch, set(), abroad=False))
        orgs = [node_id for node_id in ids if label_of(node_id) in ORGANISATION_TYPES]
        for start in range(0, len(orgs), _DERIVE_BATCH):  # every place is current by now
            batch = set(orgs[start : start + _DERIVE_BATCH])
            self._write(self._abroad_statements(batch, {}, set()))
        articles = [
            {"id": row["id"], "text": R.article_search_text(row["title"], row["url"], row["path"])}
            for row in self._read(
                f"MATCH (a:{ARTICLE_LABEL}) RETURN a.id AS id, a.title AS title, a.url AS url, "
                "a.path AS path"
            )
        ]
        for start in range(0, len(articles), _DERIVE_BATCH):
            self._write(
                [
                    (
                        f"UNWIND $rows AS r MATCH (a:{ARTICLE_LABEL} {{id: r.id}}) "
                        "SET a.search_text = r.text",
                        {"rows": articles[start : start + _DERIVE_BATCH]},
                    )
                ]
            )

    def written_by_earlier_version(self) -> bool:
        """Whether the graph predates the current derived properties, judged from the first
        node of each label (a write recomputes every node, so one tells): cheap enough for
        every read-only open. `ensure_derived` checks each node when opened for writing."""
        for label in ENTITY_TYPES:
            for row in self._read(f"MATCH (n:{label}) RETURN n.derived_version AS v LIMIT 1"):
                if row["v"] is None or row["v"] < DERIVED_VERSION:
                    return True
        return False

    def ensure_derived(self, *, stale: bool = False) -> None:
        """Fill the derived properties once in a database written before they existed;
        `stale`: the engine knows they are (it has just added a derived column)."""
        legacy = stale or any(
            self._read(
                f"MATCH (n:{label}) WHERE n.derived_version IS NULL "
                "OR n.derived_version < $version RETURN n.id AS id LIMIT 1",
                {"version": DERIVED_VERSION},
            )
            for label in ENTITY_TYPES
        )
        if legacy:
            log.warning(
                "kg: this graph was written by an earlier version; computing its derived "
                "properties once (relation counts, enclosing places)"
            )
            self.refresh_derived()

    def _located_within(self, places: set[str]) -> set[str]:
        """Everything whose 1-3 hop LOCATED_IN chain passes through these places."""
        found: set[str] = set()
        frontier = places
        for _ in range(2):
            frontier = {x for ids in self._located_hop(frontier, "in").values() for x in ids}
            found |= frontier
        return found

    def _located_hop(self, node_ids: set[str], direction: str) -> dict[str, set[str]]:
        """One LOCATED_IN hop from each node, "out" to its places or "in" to what lies in it.
        Single hops from looked-up nodes: LadybugDB 0.22 plans a variable-length pattern from
        every node of the graph, whatever binds its start."""
        arrow = "-[:LOCATED_IN]->" if direction == "out" else "<-[:LOCATED_IN]-"
        hops: dict[str, set[str]] = defaultdict(set)
        for label, ids in by_label(node_ids).items():
            if not _touches("LOCATED_IN", label):
                continue
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}){arrow}(m) "
                "RETURN n.id AS id, m.id AS other",
                {"ids": ids},
            ):
                hops[row["id"]].add(row["other"])
        return hops

    def _places(
        self, node_ids: list[str], countries: dict[str, list[str]], gazetteer: dict[str, Place]
    ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The places each node lies in through stated facts (1-3 LOCATED_IN hops), and all
        the places it lies in: those plus what the gazetteer says encloses each of them and
        the node itself (`gazetteer`: the known place of each place id, filled here), and the
        country of every other city and region on the way (its gazetteer code) when the
        graph has that country."""
        reach: dict[str, set[str]] = {n: set() for n in node_ids}
        ends = {n: {n} for n in node_ids}  # the nodes reached at the last hop
        for _ in range(3):
            hop = self._located_hop({e for es in ends.values() for e in es}, "out")
            ends = {n: {p for e in es for p in hop.get(e, ())} for n, es in ends.items()}
            for n, es in ends.items():
                reach[n] |= es
        on_the_way = {p for n, ps in reach.items() for p in ps | {n}}
        info = self._place_info(on_the_way - set(gazetteer))
        for place_id, (label, name, code) in info.items():
            known = known_place(name, label, code)
            if known is not None:
                gazetteer[place_id] = known
        full: dict[str, list[str]] = {}
        for n, ps in reach.items():
            found = set(ps)
            for place in ps | {n}:
                if place in gazetteer:
                    found |= {_place_id(p, countries) for p in enclosing(gazetteer[place])}
                elif label_of(place) != "Country" and place in info:
                    found |= set(countries.get(info[place][2] or "", ()))
            full[n] = sorted(found - {n})
        return {n: sorted(ps) for n, ps in reach.items()}, full

    def _place_info(self, node_ids: set[str]) -> dict[str, tuple[str, str, str | None]]:
        """The label, name and gazetteer country code of each existing place among these."""
        info: dict[str, tuple[str, str, str | None]] = {}
        for label, ids in by_label(node_ids).items():
            if label in PLACE_TYPES:
                for row in self._read(
                    f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                    "RETURN n.id AS id, n.name AS name, n.country AS code",
                    {"ids": ids},
                ):
                    info[row["id"]] = (label, row["name"], row["code"])
        return info

    def _countries_by_code(self, gone: set[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for row in self._read(
            "MATCH (c:Country) WHERE c.country IS NOT NULL "
            "RETURN c.country AS code, c.id AS id ORDER BY id"
        ):
            if row["id"] not in gone:
                found[row["code"]].append(row["id"])
        return found

    def _gazetteer_moves(
        self,
        before: dict[str, str | None],
        rows: dict[str, dict[str, dict[str, Any]]],
        gone: set[str],
    ) -> set[str]:
        """Places whose gazetteer country changes what lies in them: a city or region whose
        code changes, and every city and region of a country that appears or disappears."""
        moved: set[str] = set()
        codes: set[str] = set()
        for label in ("City", "Region"):
            for node_id, row in rows.get(label, {}).items():
                if node_id in before and (row["country"] or before[node_id]) != before[node_id]:
                    moved.add(node_id)
        for node_id, row in rows.get("Country", {}).items():
            if node_id not in before and row["country"]:
                codes.add(row["country"])  # a new country
        codes |= {before[c] for c in gone if label_of(c) == "Country" and before.get(c)}
        moved |= self._inside(gone)  # a gone place they lie in may be needed still
        if codes:
            for label in ("City", "Region"):
                moved |= {
                    row["id"]
                    for row in self._read(
                        f"MATCH (p:{label}) WHERE p.country IN $codes RETURN p.id AS id",
                        {"codes": sorted(codes)},
                    )
                }
        return moved

    def _inside(self, place_ids: set[str]) -> set[str]:
        """The cities and regions whose places include any of these places."""
        found: set[str] = set()
        patterns = [f"|{p}|" for p in sorted(place_ids) if label_of(p) in ("Region", "Country")]
        if patterns:
            for label in ("City", "Region"):
                found |= {
                    row["id"]
                    for row in self._read(
                        f"UNWIND $patterns AS pat MATCH (n:{label}) WHERE n.within CONTAINS pat "
                        "RETURN DISTINCT n.id AS id",
                        {"patterns": patterns},
                    )
                }
        return found

    def _derived_statements(
        self, node_ids: set[str], gone: set[str], *, abroad: bool = True
    ) -> list[Statement]:
        """SET statements for the derived properties of these nodes; `gone` are nodes the
        same transaction deletes (a country about to go contains nothing). `abroad` also
        recomputes that of these organisations and of the partners of any node whose
        countries change."""
        countries = self._countries_by_code(gone)
        gazetteer: dict[str, Place] = {}  # place id -> its gazetteer place, filled on the way
        statements: list[Statement] = []
        fresh: dict[str, list[str]] = {}  # the places about to be written
        moved: set[str] = set()  # existing nodes whose countries change
        batches: list[tuple[str, list[dict[str, Any]]]] = []
        for label, ids in by_label(node_ids).items():
            for start in range(0, len(ids), _DERIVE_BATCH):
                batch = ids[start : start + _DERIVE_BATCH]
                batches.append((label, self._derived_rows(label, batch, countries, gazetteer)))
        created, place_statements = self._gazetteer_place_statements(
            node_ids, gone, countries, gazetteer
        )
        batches += list(created.items())
        # every place this write puts a node in stays; the rewritten nodes' stored `within`
        # is stale, so their former places are candidates and their old values ignored
        rows_now = [row for _, rows in batches for row in rows]
        kept = {p for row in rows_now for p in row["places"]}
        rewritten = {row["id"] for row in rows_now}
        formerly = {p for row in rows_now for p in row["old_places"] or ()}
        emptied = self._emptied_places(gone, kept, rewritten, formerly)
        batches = [(label, [r for r in rows if r["id"] not in emptied]) for label, rows in batches]
        statements += place_statements + [
            (f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) DETACH DELETE n", {"ids": ids})
            for label, ids in by_label(emptied).items()
        ]
        for label, rows in batches:
            counted = ", n.abroad_orgs = coalesce(n.abroad_orgs, 0)" if label == "Country" else ""
            if rows:
                for row in rows:
                    fresh[row["id"]] = row["places"]
                    old = row.pop("old_places")  # None: a new node, whose facts are all new
                    if old is not None and R.countries(old) != R.countries(row["places"]):
                        moved.add(row["id"])
                statements.append(
                    (
                        f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) "
                        "SET n.relations = r.relations, n.partnerships = r.partnerships, "
                        f"n.places = {self._cast('r.places', 'STRING[]')}, n.within = r.within, "
                        "n.stated_within = r.stated_within, n.weakest_single_source = "
                        f"{self._cast('r.weakest_single_source', 'DOUBLE')}, "
                        f"n.derived_version = r.derived_version{counted}",
                        {"rows": rows},
                    )
                )
        if abroad:
            orgs = {n for n in node_ids if label_of(n) in ORGANISATION_TYPES}
            statements += self._abroad_statements(orgs | self._partners(moved), fresh, gone)
        return statements

    def _gazetteer_place_statements(
        self,
        node_ids: set[str],
        gone: set[str],
        countries: dict[str, list[str]],
        gazetteer: dict[str, Place],
    ) -> tuple[dict[str, list[dict[str, Any]]], list[Statement]]:
        """Statements that create the enclosing places these nodes need and do not have yet
        (with their own derived rows, returned by label), and give every gazetteer place among
        them and those its codes and the gazetteer's other names (aliases, Key index)."""
        needed: dict[str, Place] = {}
        for place_id, place in list(gazetteer.items()):
            if place_id in node_ids:
                needed[place_id] = place
            for area in enclosing(place):
                needed.setdefault(_place_id(area, countries), area)
        existing = {
            place_id
            for label, ids in by_label(set(needed)).items()
            for place_id in self._existing(label, ids)
        } - gone
        created: dict[str, list[dict[str, Any]]] = defaultdict(list)
        place_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for place_id in sorted(needed):
            place = needed[place_id]
            if place_id not in existing and place_id not in node_ids - gone:
                chain = sorted({_place_id(a, countries) for a in enclosing(place)})
                created[place.type].append(_new_place_row(place_id, chain))
            elif place_id not in node_ids and place_id not in gone:
                continue  # an existing area no node of this write lies in anew: already current
            aliases = sorted(set(other_names(place)) - {place.name})
            place_rows[place.type].append(
                {
                    "id": place_id,
                    "name": place.name,
                    "country": place.country,
                    "lat": place.lat,
                    "lon": place.lon,
                    "aliases": aliases,
                    "search_keys": search_keys(place.name, aliases),
                    "code": place.code or None,
                    "within_code": place.within_code or None,
                    "new": place_id not in existing,
                }
            )
        statements: list[Statement] = []
        for label, rows in sorted(place_rows.items()):
            codes = (
                f"n.gazetteer_code = {self._cast('r.code', 'STRING')}, "
                f"n.gazetteer_within = {self._cast('r.within_code', 'STRING')}"
            )
            # a new place is named by the gazetteer alone; one that articles mention keeps
            # the name and aliases they give it, and gains the gazetteer's in the Key index
            statements.append(
                (
                    f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n.name = r.name, "
                    f"n.country = {self._cast('r.country', 'STRING')}, "
                    f"n.lat = {self._cast('r.lat', 'DOUBLE')}, "
                    f"n.lon = {self._cast('r.lon', 'DOUBLE')}, n.mentions = 0, "
                    f"n.aliases = {self._cast('r.aliases', 'STRING[]')}, "
                    f"n.search_keys = {self._cast('r.search_keys', 'STRING[]')}, {codes}",
                    {"rows": [r for r in rows if r["new"]]},
                )
            )
            statements.append(
                (
                    f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET {codes}",
                    {"rows": [r for r in rows if not r["new"]]},
                )
            )
            # a node articles mention has the keys of its own names already (graph.store.base)
            links = [
                {"key": k, "id": r["id"]}
                for r in rows
                for k in (r["search_keys"] if r["new"] else search_keys("", r["aliases"]))
            ]
            statements.append(
                (
                    f"UNWIND $rows AS r MERGE (k:{KEY_LABEL} {{key: r.key}}) WITH k, r "
                    f"MATCH (n:{label} {{id: r.id}}) MERGE (k)-[:{KEY_OF}]->(n)",
                    {"rows": links},
                )
            )
        return created, statements

    def _emptied_places(
        self, gone: set[str], kept: set[str], rewritten: set[str], formerly: set[str]
    ) -> set[str]:
        """The enclosing places that no article mentions and nothing lies in any more once
        `gone` is deleted and the `rewritten` nodes lie only in `kept` (the last city of a
        département goes, or a fact that put it there, and so does the département)."""
        candidates = set(formerly)
        for label, ids in by_label(gone).items():
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.places AS places",
                {"ids": ids},
            ):
                candidates |= set(row["places"] or ())
        candidates -= gone | kept
        unmentioned = set()
        for label, ids in by_label(candidates).items():
            unmentioned |= {
                row["id"]
                for row in self._read(
                    f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                    "WHERE n.gazetteer_code IS NOT NULL "
                    f"AND NOT EXISTS {{ MATCH (:Article)-[:MENTIONS]->(n) }} RETURN n.id AS id",
                    {"ids": ids},
                )
            }
        emptied: set[str] = set()
        while True:  # a département emptied empties its region in turn
            left = unmentioned - emptied
            patterns = [f"|{p}|" for p in sorted(left)]
            ignored = sorted(gone | rewritten | emptied)
            still: set[str] = set()
            for label in ENTITY_TYPES if patterns else ():
                still |= {
                    row["pat"][1:-1]
                    for row in self._read(
                        f"UNWIND $patterns AS pat MATCH (n:{label}) WHERE n.within CONTAINS pat "
                        "AND NOT n.id IN $ignored RETURN DISTINCT pat",
                        {"patterns": patterns, "ignored": ignored},
                    )
                }
            if not left - still:
                return emptied
            emptied |= left - still

    def _existing(self, label: str, ids: list[str]) -> list[str]:
        return [
            row["id"]
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id", {"ids": ids}
            )
        ]

    def _partners(self, node_ids: set[str]) -> set[str]:
        found: set[str] = set()
        for label, ids in by_label(node_ids).items():
            if label in ORGANISATION_TYPES:
                found |= {
                    row["id"]
                    for row in self._read(
                        f"UNWIND $ids AS id MATCH (:{label} {{id: id}})-[:PARTNERS_WITH]-(p) "
                        "RETURN DISTINCT p.id AS id",
                        {"ids": ids},
                    )
                }
        return found

    def _abroad_statements(
        self, org_ids: set[str], fresh: dict[str, list[str]], gone: set[str]
    ) -> list[Statement]:
        """Recompute `abroad` of these organisations from their partners' places (`fresh`
        where about to change), and move each country's `abroad_orgs` by the difference;
        organisations in `gone` are deleted by the same transaction and count no more."""
        org_ids = org_ids - gone
        places: dict[str, list[str]] = {}
        before: dict[str, str | None] = {}
        partner_places: dict[str, list[list[str]]] = defaultdict(list)
        gone_orgs = {n for n in gone if label_of(n) in ORGANISATION_TYPES}
        for label, ids in by_label(org_ids | gone_orgs).items():
            for row in self._read(  # a gone organisation has no partnership left
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                "OPTIONAL MATCH (n)-[:PARTNERS_WITH]-(p) "
                "RETURN n.id AS id, n.places AS places, n.abroad AS abroad, "
                "p.id AS partner, p.places AS partner_places",
                {"ids": ids},
            ):
                places[row["id"]] = fresh.get(row["id"], row["places"] or [])
                before[row["id"]] = row["abroad"]
                if row["partner"] is not None:
                    partner = fresh.get(row["partner"], row["partner_places"] or [])
                    partner_places[row["id"]].append(partner)
        after = {o: R.abroad(places[o], partner_places[o]) for o in org_ids if o in places}
        shift: Counter[str] = Counter()
        for joined in before.values():
            shift.subtract(R.place_ids(joined))
        for joined in after.values():
            shift.update(R.place_ids(joined))
        statements: list[Statement] = [
            (
                f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET n.abroad = r.abroad",
                {"rows": [{"id": o, "abroad": after[o]} for o in ids]},
            )
            for label, ids in by_label(set(after)).items()
        ]
        statements.append(
            (
                "UNWIND $rows AS r MATCH (c:Country {id: r.id}) "
                "SET c.abroad_orgs = coalesce(c.abroad_orgs, 0) + r.shift",
                {"rows": [{"id": c, "shift": n} for c, n in sorted(shift.items()) if n]},
            )
        )
        return statements

    def _derived_rows(
        self,
        label: str,
        ids: list[str],
        countries: dict[str, list[str]],
        gazetteer: dict[str, Place],
    ) -> list[dict[str, Any]]:
        # only the relation types this label can carry: LadybugDB rejects a pattern over a
        # relation table that never touches the label
        rels = [rel for rel in RELATION_TYPES if _touches(rel, label)]
        counts = {
            row["id"]: row
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                f"OPTIONAL MATCH (n)-[e:{'|'.join(rels)}]-() "
                "RETURN n.id AS id, n.places AS old_places, count(e) AS relations",
                {"ids": ids},
            )
        }
        partners = (
            {
                row["id"]: row["partnerships"]
                for row in self._read(
                    f"UNWIND $ids AS id MATCH (n:{label} {{id: id}})-[e:PARTNERS_WITH]-() "
                    "RETURN n.id AS id, count(e) AS partnerships",
                    {"ids": ids},
                )
            }
            if _touches("PARTNERS_WITH", label)
            else {}
        )
        stated, places = self._places(ids, countries, gazetteer)
        weakest = self._weakest_single_source(label, ids)
        return [
            {
                "id": node_id,
                "relations": row["relations"],
                "partnerships": partners.get(node_id, 0),
                "places": places[node_id],
                "within": _joined(places[node_id]),
                "stated_within": _joined(stated[node_id]),
                "weakest_single_source": weakest.get(node_id),
                "derived_version": DERIVED_VERSION,
                "old_places": row["old_places"],
            }
            for node_id, row in sorted(counts.items())
        ]

    def _weakest_single_source(self, label: str, ids: list[str]) -> dict[str, float]:
        """The lowest confidence of the facts each node states that one article supports."""
        stated = [rel for rel in RELATION_TYPES if _states(rel, label)]
        if not stated:
            return {}
        return {
            row["id"]: row["weakest"]
            for row in self._read(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}})-[e:{'|'.join(stated)}]->() "
                "WHERE e.source_count = 1 RETURN n.id AS id, min(e.confidence) AS weakest",
                {"ids": ids},
            )
        }


def _joined(place_ids: list[str]) -> str:
    return "".join(f"|{place}" for place in place_ids) + "|"


def _place_id(place: Place, countries: dict[str, list[str]]) -> str:
    """The node id of a gazetteer place: the graph's country of that code where it has one
    (a country named otherwise by an import), else the id the extractor gives its name."""
    if place.type == "Country" and countries.get(place.country):
        return countries[place.country][0]
    return entity_id(place.type, place.name)


def _new_place_row(place_id: str, chain: list[str]) -> dict[str, Any]:
    """The derived properties of an enclosing place created now: no fact, no article."""
    return {
        "id": place_id,
        "relations": 0,
        "partnerships": 0,
        "places": chain,
        "within": _joined(chain),
        "stated_within": "|",
        "weakest_single_source": None,
        "derived_version": DERIVED_VERSION,
        "old_places": None,
    }


def _touches(rel: str, label: str) -> bool:
    return any(label in pair for pair in RELATION_ENDPOINTS[rel])


def _states(rel: str, label: str) -> bool:
    """Whether nodes of this label can be the source of this relation."""
    return any(source == label for source, _ in RELATION_ENDPOINTS[rel])

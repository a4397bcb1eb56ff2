"""Derived properties (schema.DERIVED_PROPERTIES): what whole-graph queries read instead of
expanding, kept current by every write of GraphStore, which this class is mixed into.

A write recomputes them for the nodes it touched and the endpoints of the facts it changed,
and for what a change reaches beyond those: everything inside a place whose chain or
country moved, and the partners of an organisation whose countries changed.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from graph.model import ENTITY_TYPES, ORGANISATION_TYPES, PLACE_TYPES, RELATION_TYPES
from graph.schema import DERIVED_VERSION, RELATION_ENDPOINTS, label_of
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

    def _places(self, node_ids: list[str], countries: dict[str, list[str]]) -> dict[str, list[str]]:
        """The places each node lies in: through 1-3 LOCATED_IN hops, plus the country of
        every city and region on the way (its gazetteer code; the node's own, for a place)
        when the graph has that country."""
        reach: dict[str, set[str]] = {n: set() for n in node_ids}
        ends = {n: {n} for n in node_ids}  # the nodes reached at the last hop
        for _ in range(3):
            hop = self._located_hop({e for es in ends.values() for e in es}, "out")
            ends = {n: {p for e in es for p in hop.get(e, ())} for n, es in ends.items()}
            for n, es in ends.items():
                reach[n] |= es
        codes = self._country_codes({p for n, ps in reach.items() for p in ps | {n}})
        for n, ps in reach.items():
            for place in ps | {n}:
                if label_of(place) != "Country":
                    ps |= set(countries.get(codes.get(place) or "", ())) - {n}
        return {n: sorted(ps) for n, ps in reach.items()}

    def _country_codes(self, node_ids: set[str]) -> dict[str, str | None]:
        """The gazetteer country code of each existing place among these ids."""
        codes: dict[str, str | None] = {}
        for label, ids in by_label(node_ids).items():
            if label in PLACE_TYPES:
                for row in self._read(
                    f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                    "RETURN n.id AS id, n.country AS code",
                    {"ids": ids},
                ):
                    codes[row["id"]] = row["code"]
        return codes

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

    def _derived_statements(
        self, node_ids: set[str], gone: set[str], *, abroad: bool = True
    ) -> list[Statement]:
        """SET statements for the derived properties of these nodes; `gone` are nodes the
        same transaction deletes (a country about to go contains nothing). `abroad` also
        recomputes that of these organisations and of the partners of any node whose
        countries change."""
        countries = self._countries_by_code(gone)
        statements: list[Statement] = []
        fresh: dict[str, list[str]] = {}  # the places about to be written
        moved: set[str] = set()  # existing nodes whose countries change
        for label, ids in by_label(node_ids).items():
            counted = ", n.abroad_orgs = coalesce(n.abroad_orgs, 0)" if label == "Country" else ""
            for start in range(0, len(ids), _DERIVE_BATCH):
                rows = self._derived_rows(label, ids[start : start + _DERIVE_BATCH], countries)
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
                        "n.weakest_single_source = "
                        f"{self._cast('r.weakest_single_source', 'DOUBLE')}, "
                        f"n.derived_version = r.derived_version{counted}",
                        {"rows": rows},
                    )
                )
        if abroad:
            orgs = {n for n in node_ids if label_of(n) in ORGANISATION_TYPES}
            statements += self._abroad_statements(orgs | self._partners(moved), fresh, gone)
        return statements

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
        self, label: str, ids: list[str], countries: dict[str, list[str]]
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
        places = self._places(ids, countries)
        weakest = self._weakest_single_source(label, ids)
        return [
            {
                "id": node_id,
                "relations": row["relations"],
                "partnerships": partners.get(node_id, 0),
                "places": places[node_id],
                "within": "".join(f"|{place}" for place in places[node_id]) + "|",
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


def _touches(rel: str, label: str) -> bool:
    return any(label in pair for pair in RELATION_ENDPOINTS[rel])


def _states(rel: str, label: str) -> bool:
    """Whether nodes of this label can be the source of this relation."""
    return any(source == label for source, _ in RELATION_ENDPOINTS[rel])

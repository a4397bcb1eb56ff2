"""The RDF vocabulary of the export: namespaces, class and property mapping, IRI minting.

One place says how the property graph maps to RDF; the exporter, the importer and the docs
(docs/rdf.md) follow it. The ontology itself (labels, alignments, OWL axioms) is
data/ontology.ttl; the constraints every export meets are data/shapes.ttl.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import OWL, RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, NamespaceManager
from rdflib.term import _is_valid_uri

from graph.errors import KgError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
ONTOLOGY_PATH = DATA_DIR / "ontology.ttl"
SHAPES_PATH = DATA_DIR / "shapes.ttl"

KG = Namespace("https://kg-ecosystems.example.org/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")
DEFAULT_BASE = "https://kg-ecosystems.example.org/id/"

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}

# Property-graph label -> rdf:type values. The project class comes first; the schema.org and
# org: classes are asserted too, so consumers without a reasoner still see them.
CLASSES: dict[str, tuple[URIRef, ...]] = {
    "Company": (KG.Company, SCHEMA.Corporation, ORG.FormalOrganization),
    "Lab": (KG.Lab, SCHEMA.ResearchOrganization, ORG.Organization),
    "Cluster": (KG.Cluster, SCHEMA.Organization, ORG.Organization),
    "City": (KG.City, SCHEMA.City),
    "Region": (KG.Region, SCHEMA.AdministrativeArea),
    "Country": (KG.Country, SCHEMA.Country),
    "Event": (KG.Event, SCHEMA.ExhibitionEvent),
}
LABEL_OF_CLASS: dict[URIRef, str] = {classes[0]: label for label, classes in CLASSES.items()}

RELATIONS: dict[str, URIRef] = {
    "PARTNERS_WITH": KG.partnersWith,
    "LOCATED_IN": KG.locatedIn,
    "EXHIBITS_AT": KG.exhibitsAt,
    "MEMBER_OF": KG.memberOf,
}
RELATION_OF_PROPERTY: dict[URIRef, str] = {prop: rel for rel, prop in RELATIONS.items()}

ARTICLE_CLASSES: tuple[URIRef, ...] = (SCHEMA.NewsArticle, PROV.Entity)
FACT_CLASSES: tuple[URIRef, ...] = (KG.Fact, RDF.Statement, PROV.Entity)
EVIDENCE_CLASSES: tuple[URIRef, ...] = (KG.Evidence, PROV.Entity)

_WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
_DATE_TYPES = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)


def namespace_manager() -> NamespaceManager:
    """A namespace manager that knows exactly the export's prefixes (rdflib's defaults off)."""
    from rdflib import Graph

    manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, URIRef(namespace), override=True, replace=True)
    return manager


@lru_cache(maxsize=4096)  # entities recur as fact endpoints; small and bounded: flat memory
def node_iri(base: str, node_id: str) -> URIRef:
    """Stable IRI of a node id: `company:amplitude-systemes` -> `<base>company/amplitude-systemes`.

    The prefix and the rest are percent-encoded separately, so any id gives a valid IRI and
    distinct ids never collide."""
    prefix, sep, rest = node_id.partition(":")
    path = f"{quote(prefix, safe='')}/{quote(rest, safe='')}" if sep else quote(node_id, safe="")
    return URIRef(base + path)


def id_of_iri(base: str, iri: str) -> str | None:
    """Inverse of node_iri for IRIs under `base` (None for others)."""
    if not iri.startswith(base):
        return None
    prefix, sep, rest = iri[len(base) :].partition("/")
    return f"{unquote(prefix)}:{unquote(rest)}" if sep else unquote(prefix)


def fact_iri(base: str, rel_type: str, source: str, target: str) -> URIRef:
    return URIRef(f"{base}fact/{_digest([rel_type, source, target])}")


def evidence_iri(base: str, fact: str, article_id: str, entry: dict[str, Any]) -> URIRef:
    """Content-derived, so the same evidence gets the same IRI whatever order it is read in."""
    key = [fact, article_id, entry.get("text"), entry.get("start"), entry.get("end"),
           entry.get("confidence"), entry.get("year")]  # fmt: skip
    return URIRef(f"{base}evidence/{_digest(key)}")


def _digest(parts: list[Any]) -> str:
    payload = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def check_base(base: str) -> str:
    """A base IRI must be absolute, valid and end with `/` or `#` so ids append cleanly."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", base) or not _is_valid_uri(base):
        raise KgError(f"--base {base!r} is not an absolute IRI (e.g. {DEFAULT_BASE})")
    if not base.endswith(("/", "#")):
        raise KgError(f"--base {base!r} must end with '/' or '#'")
    return base


def wikidata_iri(qid: str | None) -> URIRef | None:
    return WD[qid] if qid and _WIKIDATA_ID.match(qid) else None


def text(value: str, lang: str | None) -> Literal:
    """A language-tagged string when the language is known (rdflib checks the tag)."""
    return Literal(value, lang=lang) if lang and _valid_lang(lang) else Literal(value)


def _valid_lang(lang: str) -> bool:
    return re.match(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$", lang) is not None


def date(value: str) -> Literal:
    """xsd:date / gYearMonth / gYear when the string has that shape, else a plain string."""
    for pattern, datatype in _DATE_TYPES:
        if pattern.match(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def url(value: str) -> URIRef | Literal:
    """An article URL as an IRI when it is one rdflib accepts, else an xsd:anyURI literal."""
    if _is_valid_uri(value) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        return URIRef(value)
    return Literal(value, datatype=XSD.anyURI)

"""Seed-like article graphs built by hand, and helpers to read exports back."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.model import Article, ArticleGraph, Evidence, Relation
from graph.rdf import export
from graph.rdf.writers import RDFLIB_FORMATS
from graph.store import GraphStore
from tests.builders import ent

OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


AMPLITUDE = ent("Company", "Amplitude Systèmes", wikidata="Q2843470")
PESSAC = ent("City", "Pessac", lat=44.8067, lon=-0.6311, country="FR", wikidata="Q212429")
GIRONDE = ent("Region", "Gironde", country="FR")
WNLO = ent("Lab", "Laboratoire national d'optoélectronique de Wuhan", "WNLO")
ROUTE = ent("Cluster", "Route des Lasers", "Bordeaux Route des Lasers")
SALON = ent("Event", "Optics Valley of China")
WUHAN = ent("City", "Wuhan", country="CN")

S1 = "Un protocole d'accord a été signé en 2010 par le pôle et le WNLO."
S2 = "La société Amplitude Systèmes, qui produit à Pessac, exposera au salon."
S3 = "Amplitude Systems, based in Pessac, joined the Route des Lasers cluster."


def seed_like() -> list[ArticleGraph]:
    """Two articles (French and English) sharing entities and one fact."""
    fr_text = f"{S1} {S2}"
    fr = ArticleGraph(
        Article(
            "article:seed",
            "Route des Lasers à Wuhan",
            fr_text,
            "fr",
            "2011-09-01",
            "https://example.com/news/route-des-lasers?id=1&lang=fr",
        ),
        (AMPLITUDE, PESSAC, GIRONDE, WNLO, ROUTE, SALON, WUHAN),
        (
            Relation("PARTNERS_WITH", WNLO.id, ROUTE.id, (Evidence(S1, 0, len(S1)),), 0.9, 2010),
            Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence(S2, 66, 138),), 0.8),
            Relation("LOCATED_IN", PESSAC.id, GIRONDE.id, (Evidence(S2, 66, 138),), 0.7),
            Relation("EXHIBITS_AT", AMPLITUDE.id, SALON.id, (Evidence(S2, 66, 138),), 0.7),
            Relation("LOCATED_IN", SALON.id, WUHAN.id, (), 0.6),  # a fact with no sentence
        ),
    )
    en = ArticleGraph(
        Article("article:second", "Amplitude grows", S3, "en", "2012-03"),
        (ent("Company", "Amplitude Systèmes", "Amplitude Systems"), PESSAC, ROUTE),
        (
            Relation("LOCATED_IN", AMPLITUDE.id, PESSAC.id, (Evidence(S3, 0, len(S3)),), 0.6),
            Relation("MEMBER_OF", AMPLITUDE.id, ROUTE.id, (Evidence(S3, 0, len(S3)),), 0.95, 2012),
        ),
    )
    return [fr, en]


def export_text(store: GraphStore, fmt: str = "turtle", **kwargs: str) -> str:
    buffer = io.StringIO()
    export(store, buffer, fmt=fmt, **kwargs)
    return buffer.getvalue()


def rdflib_graph(data: str, fmt: str) -> Graph:
    return Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])


def oxigraph_as_rdflib(data: str, fmt: str) -> Graph:
    """Parse with oxigraph (the independent parser), hand the triples to rdflib as N-Triples
    so the two parsers' results can be compared with rdflib.compare.isomorphic."""
    quads = ox.parse(data.encode("utf-8"), OXIGRAPH_FORMATS[fmt])
    ntriples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ntriples.decode("utf-8"), format="nt")


def write_export(store: GraphStore, path: Path, fmt: str = "turtle") -> Path:
    export(store, path, fmt=fmt)
    return path

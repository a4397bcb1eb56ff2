"""RDF export: every format parses with two independent parsers, validates, escapes, streams."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdf_graphs import (
    AMPLITUDE,
    PESSAC,
    ROUTE,
    S1,
    WNLO,
    ent,
    export_text,
    oxigraph_as_rdflib,
    rdflib_graph,
    seed_like,
)
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV

from graph.config import Settings
from graph.errors import KgError
from graph.model import Article, ArticleGraph, Evidence, Relation
from graph.rdf import DEFAULT_BASE, FORMATS, export
from graph.rdf.validate import validate
from graph.rdf.vocab import KG, SCHEMA, WD, id_of_iri, node_iri
from graph.store import GraphStore, open_store

FORMAT_IDS = list(FORMATS)


def iri(node_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return node_iri(base, node_id)


@pytest.mark.parametrize("fmt", FORMAT_IDS)
def test_every_format_parses_with_rdflib_and_oxigraph_to_the_same_graph(
    store: GraphStore, fmt: str
) -> None:
    store.write(seed_like())
    data = export_text(store, fmt)
    by_rdflib = rdflib_graph(data, fmt)
    by_oxigraph = oxigraph_as_rdflib(data, fmt)
    assert len(by_rdflib) > 100
    assert isomorphic(by_rdflib, by_oxigraph)
    # and every format carries the same graph as the Turtle export
    assert isomorphic(by_rdflib, rdflib_graph(export_text(store, "turtle"), "turtle"))


@pytest.mark.parametrize("fmt", FORMAT_IDS)
def test_an_empty_graph_exports_a_well_formed_empty_document(store: GraphStore, fmt: str) -> None:
    data = export_text(store, fmt)
    assert len(rdflib_graph(data, fmt)) == 0 and len(oxigraph_as_rdflib(data, fmt)) == 0


def test_export_report_counts_the_triples_written(store: GraphStore, tmp_path: Path) -> None:
    store.write(seed_like())
    report = export(store, tmp_path / "g.nt", fmt="nt")
    lines = (tmp_path / "g.nt").read_text(encoding="utf-8").splitlines()
    assert report.triples == len(lines) == len(Graph().parse(tmp_path / "g.nt", format="nt"))


def test_entities_map_to_schema_org_and_org_with_language_tagged_names(
    store: GraphStore,
) -> None:
    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    amplitude = iri(AMPLITUDE.id)
    assert {KG.Company, SCHEMA.Corporation} <= set(g.objects(amplitude, RDF.type))
    assert (iri(WNLO.id), RDF.type, SCHEMA.ResearchOrganization) in g
    # mentioned by a French and an English article: its name in both languages
    assert set(g.objects(amplitude, SCHEMA.name)) == {
        Literal("Amplitude Systèmes", lang="fr"),
        Literal("Amplitude Systèmes", lang="en"),
    }
    assert Literal("Amplitude Systems", lang="en") in set(
        g.objects(amplitude, SCHEMA.alternateName)
    )
    assert (iri(WNLO.id), SCHEMA.alternateName, Literal("WNLO", lang="fr")) in g
    assert (amplitude, OWL.sameAs, WD.Q2843470) in g
    assert g.value(iri(PESSAC.id), SCHEMA.latitude).toPython() == pytest.approx(44.8067)
    assert (iri(ROUTE.id), DCTERMS.identifier, Literal(ROUTE.id)) in g


def test_every_fact_is_a_plain_triple_and_a_fact_with_its_article_and_sentence(
    store: GraphStore,
) -> None:
    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    source, target = sorted([WNLO.id, ROUTE.id])  # symmetric: stored from the smaller id
    assert (iri(source), KG.partnersWith, iri(target)) in g
    facts = [
        f for f in g.subjects(RDF.type, KG.Fact) if g.value(f, RDF.predicate) == KG.partnersWith
    ]
    assert len(facts) == 1
    fact = facts[0]
    assert (g.value(fact, RDF.subject), g.value(fact, RDF.object)) == (iri(source), iri(target))
    assert set(g.objects(fact, PROV.wasDerivedFrom)) == {iri("article:seed")}
    assert g.value(fact, KG.year).toPython() == 2010
    (evidence,) = g.objects(fact, KG.evidence)
    assert g.value(evidence, PROV.value) == Literal(S1)
    assert (
        g.value(evidence, KG.startOffset).toPython(),
        g.value(evidence, KG.endOffset).toPython(),
    ) == (0, len(S1))
    assert g.value(evidence, PROV.wasQuotedFrom) == iri("article:seed")
    # a fact two articles state names both
    located = next(
        f for f in g.subjects(RDF.type, KG.Fact)
        if g.value(f, RDF.subject) == iri(AMPLITUDE.id) and g.value(f, RDF.object) == iri(PESSAC.id)
    )  # fmt: skip
    assert set(g.objects(located, PROV.wasDerivedFrom)) == {
        iri("article:seed"),
        iri("article:second"),
    }
    assert len(set(g.objects(located, KG.evidence))) == 2


def test_every_project_term_the_export_uses_is_declared_in_the_ontology(store: GraphStore) -> None:
    from graph.rdf.vocab import ONTOLOGY_PATH

    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    ontology = Graph().parse(ONTOLOGY_PATH, format="turtle")
    used = {p for p in g.predicates() if p.startswith(str(KG))}
    used |= {o for o in g.objects(None, RDF.type) if o.startswith(str(KG))}
    declared = set(ontology.subjects(RDF.type, None))
    assert used and used <= declared, used - declared
    assert (KG.partnersWith, RDF.type, OWL.SymmetricProperty) in ontology


def test_articles_carry_title_date_url_and_language(store: GraphStore) -> None:
    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    seed = iri("article:seed")
    assert (seed, RDF.type, SCHEMA.NewsArticle) in g
    assert g.value(seed, SCHEMA.headline) == Literal("Route des Lasers à Wuhan", lang="fr")
    assert g.value(seed, SCHEMA.datePublished).toPython().isoformat() == "2011-09-01"
    assert g.value(seed, SCHEMA.url) == URIRef(
        "https://example.com/news/route-des-lasers?id=1&lang=fr"
    )
    assert str(g.value(iri("article:second"), SCHEMA.datePublished)) == "2012-03"


def test_seed_like_export_validates_against_the_shapes(store: GraphStore) -> None:
    store.write(seed_like())
    result = validate(rdflib_graph(export_text(store), "turtle"))
    assert result.conforms, result.text


def test_gazetteer_containment_is_marked_derived_not_a_fact(store: GraphStore) -> None:
    """Pessac (code FR, Gironde) lies in Gironde, Nouvelle-Aquitaine and France by the
    gazetteer: kg:withinArea links, with codes, and neither a kg:locatedIn fact nor an article
    behind them; an area that is neither mentioned nor coded does not validate."""
    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    gironde, region, france = (
        iri("region:gironde"), iri("region:nouvelle-aquitaine"), iri("country:france")
    )  # fmt: skip
    assert g.value(iri(PESSAC.id), KG.withinArea) == gironde
    assert g.value(gironde, KG.withinArea) == region
    assert g.value(region, KG.withinArea) == france
    assert str(g.value(region, KG.gazetteerCode)) == "FR.75"
    assert (region, SCHEMA.alternateName, Literal("Aquitaine")) in g
    assert not list(g.subjects(SCHEMA.mentions, region))
    assert not list(g.subjects(RDF.object, region))  # no fact, hence no evidence
    assert g.value(region, KG.mentionCount) is None
    assert validate(g).conforms
    g.remove((region, KG.gazetteerCode, None))
    assert not validate(g).conforms


def test_a_fact_without_provenance_does_not_validate(store: GraphStore) -> None:
    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    fact = next(g.subjects(RDF.type, KG.Fact))
    g.remove((fact, PROV.wasDerivedFrom, None))
    g.remove((fact, KG.evidence, None))
    result = validate(g)
    assert not result.conforms
    assert "derived from" in result.text and str(fact) in result.text


def test_a_fact_without_its_plain_triple_does_not_validate(store: GraphStore) -> None:
    store.write(seed_like())
    g = rdflib_graph(export_text(store), "turtle")
    source, target = sorted([WNLO.id, ROUTE.id])
    g.remove((iri(source), KG.partnersWith, iri(target)))
    result = validate(g)
    assert not result.conforms and "plain triple" in result.text


def test_an_entity_without_a_name_does_not_validate(store: GraphStore) -> None:
    nameless = ent("Company", "Nameless")
    nameless = type(nameless)(nameless.id, "Company", "")  # what a broken extractor could write
    store.write(
        [ArticleGraph(Article("article:bad", "Bad", "text", "en", "2020-01-01"), (nameless,))]
    )
    result = validate(rdflib_graph(export_text(store), "turtle"))
    assert not result.conforms
    assert "non-empty name" in result.text and str(iri(nameless.id)) in result.text


HOSTILE = 'Say "hi" \\ back\\slash\n<b>&amp; """triple""" \'q\' tab\there\r\nend"'


@pytest.mark.parametrize("fmt", FORMAT_IDS)
def test_hostile_names_titles_and_sentences_survive_verbatim(store: GraphStore, fmt: str) -> None:
    evil = ent("Company", "Evil", HOSTILE)
    evil = type(evil)(evil.id, "Company", HOSTILE, (HOSTILE + " alias",))
    sentence = HOSTILE + " partners with Amplitude."
    store.write(
        [
            ArticleGraph(
                Article("article:evil <x>", HOSTILE, sentence, "en", "2020-01-01"),
                (evil, AMPLITUDE),
                (
                    Relation(
                        "PARTNERS_WITH", evil.id, AMPLITUDE.id, (Evidence(sentence, 0, 9),), 0.5
                    ),
                ),
            )
        ]
    )
    data = export_text(store, fmt)
    for g in (rdflib_graph(data, fmt), oxigraph_as_rdflib(data, fmt)):
        values = {str(o) for o in g.objects() if isinstance(o, Literal)}
        assert {HOSTILE, HOSTILE + " alias", sentence, "article:evil <x>"} <= values
        assert (iri(evil.id), SCHEMA.name, Literal(HOSTILE, lang="en")) in g


def test_iris_are_stable_percent_encoded_and_under_the_given_base(store: GraphStore) -> None:
    odd = type(AMPLITUDE)("company:a b/c#d?é%", "Company", "Odd & Co")
    store.write([ArticleGraph(Article("article:odd", "Odd", "t", "en", None), (odd,))])
    base = "https://example.org/kg/"
    g = rdflib_graph(export_text(store, base=base), "turtle")
    subject = URIRef(f"{base}company/a%20b%2Fc%23d%3F%C3%A9%25")
    assert (subject, DCTERMS.identifier, Literal(odd.id)) in g
    assert id_of_iri(base, str(subject)) == odd.id
    assert all(str(s).startswith(base) for s in g.subjects())
    assert export_text(store, base=base) == export_text(store, base=base)  # deterministic


@pytest.mark.parametrize("base", ["not an iri", "https://example.org/no-slash", "http://x/<a>/"])
def test_a_bad_base_is_refused_with_one_clear_line(store: GraphStore, base: str) -> None:
    with pytest.raises(KgError, match="--base"):
        export(store, io.StringIO(), base=base)


def test_export_writes_the_same_bytes_to_a_path_a_text_and_a_binary_stream(
    store: GraphStore, tmp_path: Path
) -> None:
    store.write(seed_like())
    export(store, tmp_path / "g.ttl")
    binary = io.BytesIO()
    export(store, binary)
    assert binary.getvalue() == (tmp_path / "g.ttl").read_bytes()
    assert export_text(store).encode("utf-8") == binary.getvalue()


def test_xml_refuses_characters_xml_cannot_carry(store: GraphStore) -> None:
    bad = type(AMPLITUDE)("company:ctrl", "Company", "bell\x07")
    store.write([ArticleGraph(Article("article:ctrl", "C", "t", "en", None), (bad,))])
    with pytest.raises(KgError, match="U\\+0007"):
        export_text(store, "xml")
    assert Literal("bell\x07", lang="en") in set(
        rdflib_graph(export_text(store, "nt"), "nt").objects()
    )


def test_cli_export_validates_and_writes_the_file(tmp_path: Path) -> None:
    from graph.cli.rdf import DEFAULT_BASE as CLI_BASE
    from graph.cli.rdf import export_cmd

    db = tmp_path / "graph.lbdb"
    with open_store(Settings(engine="ladybug", db_path=db)) as source:
        source.write(seed_like())
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(export_cmd, ["--db", str(db), "-o", str(out), "--validate"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
    assert len(Graph().parse(out, format="turtle")) > 100
    result = CliRunner().invoke(export_cmd, ["--db", str(db), "--format", "nt", "--validate"])
    assert result.exit_code == 0 and f"<{DEFAULT_BASE}article/seed>" in result.output
    assert CLI_BASE == DEFAULT_BASE


def test_cli_export_fails_on_a_graph_that_does_not_conform(tmp_path: Path) -> None:
    from graph.cli.rdf import export_cmd

    db = tmp_path / "graph.lbdb"
    nameless = type(AMPLITUDE)("company:nameless", "Company", "")
    with open_store(Settings(engine="ladybug", db_path=db)) as source:
        source.write([ArticleGraph(Article("article:bad", "Bad", "t", "en", None), (nameless,))])
    result = CliRunner().invoke(export_cmd, ["--db", str(db), "--validate"])
    assert result.exit_code == 1
    assert "the export does not conform to data/shapes.ttl (1 violations)" in result.output
    assert "@prefix" not in result.stdout  # nothing invalid reaches standard output


def test_exporting_the_ingested_seed_article(store: GraphStore) -> None:
    """The real pipeline: ingest the seed article, export, validate; each evidence sentence
    is exactly the article text at its offsets."""
    from graph.api import ingest
    from graph.load import iter_articles

    seed = Path(__file__).parents[2] / "data" / "articles" / "000_f9f87ba7564bb30f.txt"
    (article,) = list(iter_articles([seed]))
    assert ingest([seed], store).added == [article.id]
    g = rdflib_graph(export_text(store), "turtle")
    assert validate(g).conforms
    evidence = list(g.subjects(RDF.type, KG.Evidence))
    assert len(evidence) >= 5
    for node in evidence:
        start, end = (g.value(node, p).toPython() for p in (KG.startOffset, KG.endOffset))
        assert article.text[start:end] == str(g.value(node, PROV.value))
    names = {str(n) for n in g.objects(None, SCHEMA.name)}
    assert {"Route des Lasers", "Pessac"} <= names
    route = next(g.subjects(SCHEMA.name, Literal("Route des Lasers", lang="fr")))
    assert (route, RDF.type, KG.Cluster) in g
    assert any(g.triples((route, KG.partnersWith, None))) or any(
        g.triples((None, KG.partnersWith, route))
    )

"""The analyst's decisions on a real store, both engines: applied later to a stored graph they
give the graph an ingest with them in place gives; they survive reset + re-ingest; articles
are removed exactly; a header edit does not duplicate an article. Whole-graph dumps compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import api
from graph.curation import ANALYST_ARTICLE_ID, Curation, CurationError
from graph.store import GraphStore
from tests.graph_dump import dump, entity_ids, fact_keys

# Short articles written for these tests.
ARTICLES = {
    "a1.txt": "Title: Lasers à Pessac\nDate: 2024-03-01\n\nLa société Amplitude Systèmes, "
    "basée à Pessac, a signé un accord de partenariat avec le laboratoire ALPhANOV.\n",
    "a2.txt": "Title: Salon à Wuhan\nDate: 2024-04-02\n\nLa société Amplitude exposera au "
    "salon Optics Valley of China, à Wuhan. La société Edit Laser, installée à Bordeaux, a "
    "conclu un partenariat avec Amplitude.\n",
    "a3.txt": "Title: Photonics West\nDate: 2024-05-03\n\nKelvin Orbital, a Glasgow-based "
    "satellite maker, signed a partnership with Nanoptère. Kelvin Orbital will exhibit at "
    "Photonics West in San Francisco.\n",
}

# One decision of each kind, on entities and facts the articles above give.
DECISIONS = {
    "merge": "merge\tCompany:Amplitude\tCompany:Amplitude Systèmes\t# same firm",
    "alias": "alias\tCompany:Amplitude Systèmes\tAmplitude|Amplitude SA",
    "rename": "rename\tCompany:Edit Laser\tEdit Laser SAS",
    "retype": "retype\tCity:Pessac\tRegion",
    "drop": "drop\tCity:San Francisco",
    "reject": "reject\tCompany:Nanoptère\tPARTNERS_WITH\tCompany:Kelvin Orbital",
    "assert": "assert\tCompany:Edit Laser\tPARTNERS_WITH\tLab:ALPhANOV\t# met at the show",
    "split": "split\tCompany:Amplitude Systèmes\tarticle:a2\tCompany:Amplitude Tech",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def curation(tmp_path: Path, *lines: str) -> Curation:
    path = tmp_path / "curation.tsv"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return Curation.load(path)


def test_each_decision_applied_later_gives_the_graph_of_an_ingest_with_it(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    none = curation(tmp_path)
    assert api.ingest([corpus], store, curation=none).ok
    original = dump(store)
    split_base = ("merge\tCompany:Amplitude\tCompany:Amplitude Systèmes",)
    for kind, line in DECISIONS.items():
        lines = (*split_base, line) if kind == "split" else (line,)
        decided = curation(tmp_path, *lines)
        report = api.curate_apply(store, decided)
        assert report.rewritten or report.analyst_changed, kind
        assert not report.unmatched, kind
        applied = dump(store)
        assert applied != original, kind

        store.reset()
        assert api.ingest([corpus], store, curation=curation(tmp_path, *lines)).ok
        assert dump(store) == applied, kind

        # and removing the decision from the file undoes it, without the NLP
        api.curate_apply(store, none)
        assert dump(store) == original, kind


def test_what_each_decision_does(store: GraphStore, corpus: Path, tmp_path: Path) -> None:
    decided = [line for kind, line in DECISIONS.items() if kind != "split"]
    api.ingest([corpus], store, curation=curation(tmp_path, *decided))
    ids, facts = entity_ids(store), fact_keys(store)
    # merge: one Amplitude, its facts re-pointed, the old name an alias, the old id a redirect
    assert "company:amplitude" not in ids
    assert ("EXHIBITS_AT", "company:amplitude-systemes", "event:optics-valley-of-china") in facts
    amplitude = store.entities_by_id(["company:amplitude-systemes"])["company:amplitude-systemes"]
    assert "Amplitude" in amplitude.aliases
    assert store.redirect_of("company:amplitude") == "company:amplitude-systemes"
    # rename and retype move the id; the old one redirects
    assert {"company:edit-laser-sas", "region:pessac"} <= ids
    assert {"company:edit-laser", "city:pessac"}.isdisjoint(ids)
    assert store.redirect_of("city:pessac") == "region:pessac"
    assert ("LOCATED_IN", "company:amplitude-systemes", "region:pessac") in facts
    # drop: the entity and its facts are gone
    assert "city:san-francisco" not in ids
    assert not [f for f in facts if "city:san-francisco" in f]
    # reject, whichever way round the symmetric fact was written
    assert not [f for f in facts if {f[1], f[2]} == {"company:kelvin-orbital", "company:nanoptere"}]
    # assert: the analyst is the source
    rows = store.read(
        "MATCH (a:Company {id: 'company:edit-laser-sas'})-[e:PARTNERS_WITH]-(b:Lab) "
        "RETURN e.sources AS sources, e.evidence AS evidence"
    )
    assert rows and rows[0]["sources"] == [ANALYST_ARTICLE_ID]
    assert "met at the show" in rows[0]["evidence"][0]
    # split: in a2, the merged entity's mentions and facts become their own entity again
    api.curate_apply(store, curation(tmp_path, *decided, DECISIONS["split"]))
    facts = fact_keys(store)
    assert ("EXHIBITS_AT", "company:amplitude-tech", "event:optics-valley-of-china") in facts
    assert ("PARTNERS_WITH", "company:amplitude-systemes", "lab:alphanov") in facts
    assert not [f for f in facts if "company:amplitude-systemes" in f and "a2" in str(f)]


def test_decisions_survive_reset_and_re_ingest(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    decided = curation(tmp_path, *DECISIONS.values())
    api.ingest([corpus], store, curation=decided)
    first = dump(store)
    store.reset()
    api.ingest([corpus], store, curation=Curation.load(tmp_path / "curation.tsv"))
    assert dump(store) == first
    # a later ingest of a new article never creates a dropped entity again
    (corpus / "a4.txt").write_text(
        "Title: Encore\n\nLa société Quantel exposera au salon Photonics West, à San Francisco.\n",
        encoding="utf-8",
    )
    api.ingest([corpus], store, curation=decided)
    assert "city:san-francisco" not in entity_ids(store)


def test_an_ingest_applies_a_changed_file_to_unchanged_articles(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    api.ingest([corpus], store, curation=curation(tmp_path))
    decided = curation(tmp_path, DECISIONS["drop"], DECISIONS["merge"])
    report = api.ingest([corpus], store, curation=decided)
    assert len(report.unchanged) == 3 and sorted(report.recurated) == ["article:a2",
                                                                       "article:a3"]
    assert "curation file changed: 2 unchanged article(s) rewritten" in report.summary()
    again = dump(store)
    assert api.ingest([corpus], store, curation=decided).recurated == []
    store.reset()
    api.ingest([corpus], store, curation=decided)
    assert dump(store) == again


def test_removing_an_article_leaves_exactly_the_graph_of_the_others(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    none = curation(tmp_path)
    api.ingest([corpus], store, curation=none)
    removed = api.remove_article(store, str(corpus / "a3.txt"))
    assert removed == ["article:a3"]
    after = dump(store)
    store.reset()
    (corpus / "a3.txt").unlink()
    api.ingest([corpus], store, curation=none)
    assert dump(store) == after


def test_a_header_edit_does_not_duplicate_the_article(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    none = curation(tmp_path)
    api.ingest([corpus], store, curation=none)
    edited = corpus / "a2.txt"
    edited.write_text(
        "URL: https://example.org/salon-wuhan\n" + ARTICLES["a2.txt"], encoding="utf-8"
    )
    report = api.ingest([corpus], store, curation=none)
    new_id = report.added[0]
    assert report.superseded == [f"{new_id} replaces article:a2 (same file {edited.resolve()})"]
    assert "1 replaced" in report.summary() and "0 added" in report.summary()
    after = dump(store)
    assert [row[0] for row in after["articles"]] == ["article:a1", "article:a3", new_id]
    store.reset()
    api.ingest([corpus], store, curation=none)
    assert dump(store) == after


def test_two_inputs_with_one_id_get_one_line_naming_both(store: GraphStore, tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    for path in (first, second):
        path.write_text(
            "Id: same\nTitle: Pessac\n\nLa société Amplitude Systèmes est basée à Pessac.\n",
            encoding="utf-8",
        )
    report = api.ingest([first, second], store, curation=curation(tmp_path))
    assert report.added == ["article:same"]
    assert report.errors == [
        f"{second}: same id article:same as {first}; skipped (give one "
        "of them its own Id: header or id field)"
    ]


def test_force_re_extracts_unchanged_articles(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    none = curation(tmp_path)
    api.ingest([corpus], store, curation=none)
    before = dump(store)
    assert len(api.ingest([corpus], store, curation=none).unchanged) == 3
    report = api.ingest([corpus], store, curation=none, force=True)
    assert sorted(report.replaced) == ["article:a1", "article:a2", "article:a3"]
    assert dump(store) == before


def test_a_malformed_line_changes_nothing(store: GraphStore, corpus: Path, tmp_path: Path) -> None:
    api.ingest([corpus], store, curation=curation(tmp_path))
    before = dump(store)
    path = tmp_path / "curation.tsv"
    path.write_text(
        f"{DECISIONS['drop']}\n{DECISIONS['merge']}\nmerge\tCompany:Amplitude\n", encoding="utf-8"
    )
    with pytest.raises(CurationError) as caught:
        api.curate_apply(store, Curation.load(path))
    assert str(caught.value) == (
        f"{path}:3: merge takes 2 cell(s) after it: merge<TAB>Type:Name<TAB>Type:Into"
    )
    assert dump(store) == before


def test_a_decision_matching_nothing_is_reported_not_fatal(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    api.ingest([corpus], store, curation=curation(tmp_path))
    decided = curation(tmp_path, "drop\tCompany:Amplitude Sytemes", DECISIONS["drop"])
    report = api.curate_apply(store, decided)
    assert [d.line for d in report.unmatched] == [1]
    assert "city:san-francisco" not in entity_ids(store)
    assert "Company:Amplitude Systèmes" in api.closest_names(store, "Amplitude Sytemes")


def test_merges_drops_and_assertions_show_in_queries_viz_and_rdf(
    store: GraphStore, corpus: Path, tmp_path: Path
) -> None:
    from rdflib import RDF, Graph
    from rdflib.namespace import DCTERMS, PROV

    from graph.queries import run_query
    from graph.rdf import DEFAULT_BASE, export
    from graph.rdf.vocab import node_iri
    from graph.viz import select_subgraph

    api.ingest([corpus], store, curation=curation(tmp_path))
    decided = curation(tmp_path, DECISIONS["merge"], DECISIONS["drop"], DECISIONS["assert"])
    api.curate_apply(store, decided)

    # queries: the merged-away name finds the survivor, with the facts of both
    rows = run_query(store, "partners-of", {"org": "Amplitude"}).rows
    assert {(r["org_id"], r["partner_id"]) for r in rows} == {
        ("company:amplitude-systemes", "lab:alphanov"),
        ("company:amplitude-systemes", "company:edit-laser"),
    }
    rows = run_query(store, "evidence-for", {"a": "Edit Laser", "b": "ALPhANOV"}).rows
    assert [r["article_id"] for r in rows] == [ANALYST_ARTICLE_ID]

    # viz: no node for the merged-away or the dropped entity; the analyst cited as a source
    sub = select_subgraph(store)
    assert {"company:amplitude", "city:san-francisco"}.isdisjoint(sub.nodes)
    assert "Amplitude" in sub.nodes["company:amplitude-systemes"].aliases
    asserted = next(
        e for e in sub.edges if {e.source, e.target} == {"company:edit-laser", "lab:alphanov"}
    )
    assert [article for _, article in asserted.evidence] == [ANALYST_ARTICLE_ID]
    assert sub.articles[ANALYST_ARTICLE_ID].title.startswith("Analyst")

    # RDF: the old IRI only names its replacement, the dropped one is absent, PROV cites the
    # analyst for the asserted fact
    out = tmp_path / "graph.ttl"
    export(store, out)
    rdf = Graph().parse(out)
    old, new = (
        node_iri(DEFAULT_BASE, i) for i in ("company:amplitude", "company:amplitude-systemes")
    )
    assert set(rdf.predicate_objects(old)) == {(DCTERMS.isReplacedBy, new)}
    assert (new, DCTERMS.replaces, old) in rdf
    dropped = node_iri(DEFAULT_BASE, "city:san-francisco")
    assert not set(rdf.triples((dropped, None, None))) | set(rdf.triples((None, None, dropped)))
    analyst = node_iri(DEFAULT_BASE, ANALYST_ARTICLE_ID)
    facts = set(rdf.subjects(PROV.wasDerivedFrom, analyst))
    assert len(facts) == 1 and (next(iter(facts)), RDF.type, None) in rdf


def test_a_graph_stored_without_resolved_graphs_is_rebuilt_from_the_store(
    store: GraphStore, tmp_path: Path
) -> None:
    """Articles written by an earlier version (or `kg import`) carry no resolved graph:
    `kg curate apply` rebuilds theirs from mentions and provenance, to the same result."""
    from tests.store.test_contract import second_graph, seed_graph

    graphs = [seed_graph(), second_graph()]
    decided = curation(tmp_path, "merge\tCompany:Amplitude Systèmes\tCompany:Amplitude SA",
                       "reject\tLab:Laboratoire national d'optoélectronique de Wuhan\t"
                       "PARTNERS_WITH\tCluster:Route des Lasers")
    store.write(graphs)  # no resolved graphs kept, as before curation existed
    report = api.curate_apply(store, decided)
    assert sorted(report.rewritten) == ["article:second", "article:seed"]
    applied = dump(store, skip=("resolved", "curated_hash", "curation_hash"))
    store.reset()
    store.write([decided.apply(g) for g in graphs])
    store.set_former_ids(decided.redirects())
    assert dump(store, skip=("resolved", "curated_hash", "curation_hash")) == applied
    assert "company:amplitude-sa" in entity_ids(store)

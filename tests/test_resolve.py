"""Cross-article resolution on hand-built article graphs (the extractor's output shape)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadInput
from graph.model import Article, ArticleGraph, Entity, Evidence, Relation
from graph.resolve import Resolver
from tests.builders import ent


def graph(ident: str, entities: list[Entity], relations: list[Relation] = ()) -> ArticleGraph:
    return ArticleGraph(Article(ident, "t", "text"), tuple(entities), tuple(relations))


def rel(kind: str, a: Entity, b: Entity) -> Relation:
    return Relation(kind, a.id, b.id, (Evidence("text", 0, 4),), 0.7)


@pytest.fixture
def no_merges(tmp_path: Path) -> Path:
    path = tmp_path / "merges.tsv"
    path.write_text("# empty\n", encoding="utf-8")
    return path


def test_acronym_merges_with_its_expansion_across_articles(no_merges: Path) -> None:
    resolver = Resolver(merges=no_merges)
    lab = ent("Lab", "Laboratoire national d'optoélectronique de Wuhan", "WNLO")
    first = resolver.resolve(graph("a1", [lab]))
    lone = ent("Lab", "WNLO")
    second = resolver.resolve(graph("a2", [lone]))
    assert second.entities[0].id == first.entities[0].id == lab.id
    # a bare acronym typed as another organisation type still finds its owner
    third = resolver.resolve(graph("a3", [ent("Company", "WNLO")]))
    assert third.entities[0].id == lab.id


def test_expansion_seen_after_the_acronym_merges_too(no_merges: Path) -> None:
    resolver = Resolver(merges=no_merges)
    resolver.resolve(graph("a1", [ent("Lab", "WNLO")]))
    later = resolver.resolve(
        graph("a2", [ent("Lab", "Wuhan National Laboratory for Optoelectronics", "WNLO")])
    )
    [merged] = later.entities
    assert merged.id == "lab:wnlo"
    assert "Wuhan National Laboratory for Optoelectronics" in merged.aliases


def test_fuzzy_matching_respects_types(no_merges: Path) -> None:
    resolver = Resolver(merges=no_merges)
    resolver.resolve(graph("a1", [ent("Company", "Amplitude Systèmes"), ent("City", "Valence")]))
    typo = resolver.resolve(graph("a2", [ent("Company", "Amplitude Sytèmes")]))
    assert typo.entities[0].id == "company:amplitude-systemes"
    assert "Amplitude Sytèmes" in typo.entities[0].aliases
    company = resolver.resolve(graph("a3", [ent("Company", "Valence")]))
    assert company.entities[0].id == "company:valence"
    other = resolver.resolve(graph("a4", [ent("Company", "Amplitude Technologies")]))
    assert other.entities[0].id == "company:amplitude-technologies"


def test_merge_file_names_the_canonical_entity(tmp_path: Path) -> None:
    merges = tmp_path / "merges.tsv"
    merges.write_text("# analyst file\nCompany\tThales\tThales Group|Thalès\n", encoding="utf-8")
    resolver = Resolver(merges=merges)
    [resolved] = resolver.resolve(graph("a1", [ent("Company", "Thales Group")])).entities
    assert resolved.id == "company:thales"
    assert resolved.name == "Thales"


def test_bad_merge_line_names_the_file_and_line(tmp_path: Path) -> None:
    merges = tmp_path / "merges.tsv"
    merges.write_text("Compagny\tThales\n", encoding="utf-8")
    with pytest.raises(BadInput, match="line 1"):
        Resolver(merges=merges)


def test_known_store_entities_keep_their_ids(no_merges: Path) -> None:
    stored = Entity("company:quantel", "Company", "Quantel", ("Quantel SA",))
    resolver = Resolver([stored], merges=no_merges)
    [resolved] = resolver.resolve(graph("a1", [ent("Company", "QUANTEL SA")])).entities
    assert resolved.id == "company:quantel"


def test_relations_follow_merges_and_self_loops_drop(no_merges: Path) -> None:
    resolver = Resolver(merges=no_merges)
    long = ent("Cluster", "Route des Lasers")
    short = ent("Cluster", "Bordeaux Route des Lasers", "Route des Lasers")
    lab = ent("Lab", "WNLO")
    city = ent("City", "Wuhan")
    out = resolver.resolve(graph("a1", [long, short, lab, city], [
        rel("PARTNERS_WITH", long, lab), rel("PARTNERS_WITH", lab, short),
        rel("PARTNERS_WITH", long, short), rel("LOCATED_IN", lab, city),
    ]))
    assert [e.id for e in out.entities] == ["cluster:route-des-lasers", "lab:wnlo", "city:wuhan"]
    assert {r.key() for r in out.relations} == {
        ("PARTNERS_WITH", "cluster:route-des-lasers", "lab:wnlo"),
        ("LOCATED_IN", "lab:wnlo", "city:wuhan"),
    }
    wuhan = out.entity("city:wuhan")
    assert wuhan is not None and wuhan.country == "CN" and wuhan.lat is not None


def test_gazetteer_fills_wikidata(no_merges: Path) -> None:
    resolver = Resolver(merges=no_merges)
    [cnrs] = resolver.resolve(graph("a1", [ent("Lab", "CNRS")])).entities
    assert cnrs.wikidata == "Q280413"
    assert cnrs.name == "Centre national de la recherche scientifique"


def test_resolution_is_deterministic(no_merges: Path) -> None:
    def run() -> list[tuple[str, tuple[str, ...]]]:
        resolver = Resolver(merges=no_merges)
        out = []
        for i, names in enumerate([["Edit Laser", "Quantel"], ["Edit Lasers", "QUANTEL"]]):
            g = resolver.resolve(graph(f"a{i}", [ent("Company", n) for n in names]))
            out += [(e.id, e.aliases) for e in g.entities]
        return out

    assert run() == run()
    assert [i for i, _ in run()] == ["company:edit-laser", "company:quantel"] * 2


def test_a_stored_known_organisation_without_its_aliases_resolves_as_a_new_one(
    no_merges: Path,
) -> None:
    # a new "Route des Lasers" takes the organisation gazetteer's aliases; one stored without
    # them (a write that stopped between its two transactions stores the node, not its
    # aliases) must give later articles the same entity, or a re-run diverges from one run
    mention = ent("Cluster", "Route des Lasers")
    [fresh] = Resolver(merges=no_merges).resolve(graph("a1", [mention])).entities
    [again] = Resolver([mention], merges=no_merges).resolve(graph("a2", [mention])).entities
    assert "ALPHA-RLH" in fresh.aliases
    assert (again.id, sorted(again.aliases)) == (fresh.id, sorted(fresh.aliases))

"""The curation file: parsing, one clear error per bad line, and decisions applied to one
article graph (no database here; tests/test_curate.py runs them on both engines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.curation import DEFAULT_CURATION, Curation, CurationError, Ref, parse_text
from graph.model import Article, ArticleGraph, Evidence, Relation
from tests.builders import ent

AMPLITUDE = ent("Company", "Amplitude Systèmes")
AMPLITUDE_SHORT = ent("Company", "Amplitude")
PESSAC = ent("City", "Pessac")
GIRONDE = ent("City", "Gironde")
ALPHANOV = ent("Lab", "ALPhANOV")


def graph() -> ArticleGraph:
    sentence = Evidence("Amplitude, à Pessac, s'associe à ALPhANOV.", 0, 42)
    return ArticleGraph(
        Article("article:one", "Lasers", sentence.text),
        (AMPLITUDE, AMPLITUDE_SHORT, PESSAC, GIRONDE, ALPHANOV),
        (
            Relation("PARTNERS_WITH", AMPLITUDE_SHORT.id, ALPHANOV.id, (sentence,), 0.8),
            Relation("PARTNERS_WITH", AMPLITUDE.id, ALPHANOV.id, (sentence,), 0.6),
            Relation("LOCATED_IN", AMPLITUDE_SHORT.id, PESSAC.id, (sentence,), 0.7),
            Relation("LOCATED_IN", PESSAC.id, GIRONDE.id, (sentence,), 0.7),
        ),
    )


def curated(*lines: str) -> ArticleGraph:
    return Curation(parse_text("\n".join(lines), "curation.tsv")).apply(graph())


def test_a_merge_repoints_facts_keeps_evidence_and_aliases() -> None:
    out = curated("merge\tCompany:Amplitude\tCompany:Amplitude Systèmes\t# jd: same firm")
    ids = {e.id for e in out.entities}
    assert AMPLITUDE_SHORT.id not in ids
    assert out.entity(AMPLITUDE.id).aliases == ("Amplitude",)
    partner = [r for r in out.relations if r.type == "PARTNERS_WITH"]
    assert len(partner) == 1 and partner[0].confidence == 0.8 and partner[0].evidence
    assert ("LOCATED_IN", AMPLITUDE.id, PESSAC.id) in {r.key() for r in out.relations}


def test_retype_moves_the_id_and_drops_facts_the_new_type_cannot_have() -> None:
    out = curated("retype\tCity:Gironde\tRegion", "retype\tCompany:Amplitude\tCity")
    assert "region:gironde" in {e.id for e in out.entities}
    assert ("LOCATED_IN", PESSAC.id, "region:gironde") in {r.key() for r in out.relations}
    # a City cannot partner; it can lie in another place
    assert ("PARTNERS_WITH", "city:amplitude", ALPHANOV.id) not in {r.key() for r in out.relations}
    assert ("LOCATED_IN", "city:amplitude", PESSAC.id) in {r.key() for r in out.relations}


def test_rename_drop_reject_and_split() -> None:
    out = curated("rename\tLab:ALPhANOV\tAlphanov Centre", "drop\tCity:Gironde",
                  "reject\tLab:Alphanov Centre\tPARTNERS_WITH\tCompany:Amplitude Systèmes",
                  "split\tCompany:Amplitude\tone\tAmplitude Laser")
    ids = {e.id for e in out.entities}
    assert "lab:alphanov-centre" in ids and GIRONDE.id not in ids
    assert out.entity("lab:alphanov-centre").aliases == ("ALPhANOV",)
    keys = {r.key() for r in out.relations}
    assert ("PARTNERS_WITH", AMPLITUDE.id, "lab:alphanov-centre") not in keys  # rejected
    assert ("PARTNERS_WITH", "company:amplitude-laser", "lab:alphanov-centre") in keys  # split
    assert not [k for k in keys if GIRONDE.id in k]


def test_decisions_name_entities_by_id_or_any_spelling_of_their_name() -> None:
    by_id = curated("drop\tcompany:amplitude-systemes")
    by_name = curated("drop\tCOMPANY:amplitude systemes")
    assert by_id == by_name and AMPLITUDE.id not in {e.id for e in by_id.entities}
    assert curated("drop\tLab:Amplitude Systèmes") == graph()  # another type: untouched


def test_redirects_follow_chains() -> None:
    curation = Curation(parse_text(
        "merge\tCompany:Amplitude\tCompany:Amplitude Systèmes\n"
        "rename\tCompany:Amplitude Systèmes\tAmplitude Laser\n", "c"))
    assert curation.redirects() == {
        "company:amplitude": "company:amplitude-laser",
        "company:amplitude-systemes": "company:amplitude-laser",
    }


def test_assertions_form_the_analysts_graph() -> None:
    curation = Curation(parse_text(
        "assert\tCompany:Edit Laser\tEXHIBITS_AT\tEvent:Optics Valley of China\t# seen there\n",
        "c"))
    analyst = curation.analyst_graph({})
    assert analyst is not None and analyst.article.id == "analyst:curation"
    (fact,) = analyst.relations
    assert fact.key() == ("EXHIBITS_AT", "company:edit-laser", "event:optics-valley-of-china")
    assert fact.evidence[0].text.endswith("(seen there)")
    assert curation.apply(graph()) == graph()  # an assertion changes no article


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("merge\tCompany:A", "merge takes 2 cell(s) after it: merge<TAB>Type:Name<TAB>Type:Into"),
        ("merge\tCompany:A\tLab:B",
         "cannot merge Company:A (a Company) into Lab:B (a Lab): retype one first, e.g. "
         "`retype\tCompany:A\tLab`"),
        ("drop\tFirm:A", "'Firm:A' is not Type:Name (Type one of Company, Cluster, Lab, City, "
                         "Region, Country, Event)"),
        ("retype\tCity:A\tTown", "'Town' is not a type (Company, Cluster, Lab, City, Region, "
                                 "Country, Event)"),
        ("reject\tCity:A\tPARTNERS_WITH\tCompany:B",
         "PARTNERS_WITH cannot link a City to a Company"),
        ("assert\tCompany:A\tKNOWS\tCompany:B", "'KNOWS' is not a relation (PARTNERS_WITH, "
                                                "LOCATED_IN, EXHIBITS_AT, MEMBER_OF)"),
        ("fuse\tCompany:A\tCompany:B", "unknown decision 'fuse' (one of merge, alias, rename, "
                                       "retype, drop, reject, assert, split)"),
        ("drop\tCompany:", "'Company:' has no name after Company:"),
    ],
)
def test_a_bad_line_gets_one_error_naming_it(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "curation.tsv"
    path.write_text(f"# notes\ndrop\tCompany:Fine\n\n{line}\ndrop\tCompany:Later\n",
                    encoding="utf-8")
    with pytest.raises(CurationError) as caught:
        Curation.load(path)
    assert str(caught.value) == f"{path}:4: {problem}"


def test_former_merge_file_lines_read_as_aliases(tmp_path: Path) -> None:
    path = tmp_path / "merges.tsv"
    path.write_text("Cluster\tRoute des Lasers\tALPHA-RLH|pôle Route des Lasers\n",
                    encoding="utf-8")
    (decision,) = Curation.load(path).decisions
    assert decision.action == "alias" and decision.subject == Ref("Cluster", "Route des Lasers")
    assert [d.subject.name for d in decision.expanded()] == ["ALPHA-RLH", "pôle Route des Lasers"]


def test_the_shipped_file_reads_and_a_missing_given_file_is_an_error(tmp_path: Path) -> None:
    assert Curation.load(DEFAULT_CURATION).decisions
    with pytest.raises(CurationError, match="no such curation file"):
        Curation.load(tmp_path / "missing.tsv")


def test_every_decision_writes_a_line_that_reads_back() -> None:
    text = (
        "merge\tCompany:A\tCompany:B\t# who, why\nalias\tCompany:B\tB SA|B Inc\n"
        "rename\tCompany:B\tBee\nretype\tCity:C\tRegion\ndrop\tCity:D\n"
        "reject\tCompany:A\tLOCATED_IN\tCity:D\nassert\tCompany:A\tMEMBER_OF\tCluster:E\n"
        "split\tCompany:B\tarticle:x\tCompany:B Two\n"
    )
    decisions = parse_text(text, "c")
    assert "".join(d.to_line() + "\n" for d in decisions) == text

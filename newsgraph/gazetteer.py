"""gazetteer: the states, capitals, demonyms, organisations and place words newsgraph knows.

The one owner of "what is this named thing": a country by any of its names ("the U.S.",
"America"), the state a capital or a demonym stands for ("Tehran", "Iraqi"), an organisation by
any of its names or acronyms ("PMF", "Hashd"), the nouns that make the following name a place
("the town of X") or a facility ("Mitiga airport"). Every key is folded with `names.plain`.
Data in newsgraph/data/lexicons/ (countries.csv, organizations.csv, ...), loaded once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from newsgraph.lexicons import load_csv, load_lines, load_yaml
from newsgraph.names import fold_token, plain


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
    group_words: frozenset[str]  # "Shiite", "Kurds": a group (NORP), never an org or a place
    locative_prepositions: frozenset[str]  # "in Sfax": a one-word name after one is a place
    motion_verbs: frozenset[str]  # "returning to Sinjar": "to" is locative after these
    acting_prepositions: frozenset[str]  # "backed by Tehran": a capital after one acts as its state

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.country_canon.values())


@functools.cache
def gazetteer() -> Gazetteer:
    org_canon: dict[str, str] = {}
    org_names: dict[str, tuple[str, ...]] = {}
    for row in load_csv("lexicons/organizations.csv"):
        names = (row["name"], *[a for a in row["aliases"].split("|") if a])
        org_names[row["name"]] = names
        for n in names:
            org_canon[plain(n)] = row["name"]
    context = load_yaml("lexicons/name_context.yaml")
    country_canon: dict[str, str] = {}
    country_iso3: dict[str, str] = {}
    capital_of: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    for row in load_csv("lexicons/countries.csv"):
        country_iso3[row["name"]] = row["iso3"]
        for n in (row["name"], *row["aliases"].split("|")):
            if n:
                country_canon[plain(n)] = row["name"]
        for c in row["capitals"].split("|"):
            if c:
                capital_of[plain(c)] = row["name"]
        for d in row["demonyms"].split("|"):
            if d:
                demonym_of[plain(d)] = row["name"]
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
        group_words=frozenset(load_lines("lexicons/group_words.txt")),
        locative_prepositions=frozenset(context["locative_prepositions"]),
        motion_verbs=frozenset(context["motion_verbs"]),
        acting_prepositions=frozenset(context["acting_prepositions"]),
    )


def known_place(name: str) -> bool:
    """A state or a capital by one of its names."""
    g = gazetteer()
    k = plain(name)
    return k in g.country_canon or k in g.capital_of

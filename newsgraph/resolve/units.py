"""units: what resolution knows of an entity in one document, and of a name group.

A `Unit` is one entity of one document (or one record of the labelled set): its name, type,
aliases, roles, the other entities of its document, country and date. Units whose names fold to
the same `norm_name` under the same type class form a `Group` (one name group: "esmail qaani"
as PERSON, from every article that writes it so). Groups are what resolution compares: a name
spelt the same way is compared once, however many articles use it, and its context is the union
of theirs. Everything here is a pure function of its inputs (sorted, deterministic), so DuckDB
and Spark build the same groups.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from newsgraph.lexicons import load_csv
from newsgraph.resolve.names import NameParts, glue, is_arabic_script, norm_name, parse_name, script_of, soft

# The co-mentioned names kept per group: the most frequent first. A group seen in 20k articles
# co-occurs with thousands of names; the 40 most frequent carry its context (a person's party,
# city, rivals) and keep every pair comparison O(40).
MAX_CO_MENTIONS = 40
# Titles and organisations kept per group, most frequent first, for the same reason.
MAX_ROLE_WORDS = 20
# Alias kinds that name the entity in another way (worth comparing across documents); "given
# name", "surname" and "titled" aliases are parts of the name itself.
COMPARED_ALIAS_KINDS = frozenset({"nickname", "acronym", "transliteration", "script"})

TYPE_CLASSES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
}
# Words of a role title that say nothing about who holds it
_TITLE_STOPWORDS = frozenset(
    "the a an of for and in to former late then acting senior deputy top chief head official "
    "officials spokesman spokeswoman spokesperson member leader".split()
)
_ORG_STOPWORDS = frozenset(
    "the of for and in on at de la le du des al el ad ar as at az ash an ed er es et ez".split()
)


def type_class(entity_type: str) -> str:
    return TYPE_CLASSES.get(entity_type, "OTHER")


@dataclass(frozen=True, slots=True)
class Unit:
    """One entity of one document (`key` unique: "doc_id/local_id"), or one labelled record."""

    key: str
    name: str
    type: str
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, kind)
    titles: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()  # names of the organisations of its roles
    co_mentions: tuple[tuple[str, str], ...] = ()  # (name, type) of the other entities
    country: str | None = None
    date: str | None = None  # YYYY-MM-DD

    @property
    def group_key(self) -> str:
        return group_key(self.name, self.type)


def group_key(name: str, entity_type: str) -> str:
    """ "PERSON|esmail qaani": the type class and the folded name."""
    return f"{type_class(entity_type)}|{norm_name(name)}"


@dataclass(frozen=True, slots=True)
class Group:
    """Units of one name and type class, with their context pooled."""

    key: str
    type_class: str
    name: str  # the most frequent spelling
    n_units: int
    alt_names: tuple[str, ...]  # aliases of COMPARED_ALIAS_KINDS, sorted
    title_words: frozenset[str]
    org_keys: frozenset[str]
    co_keys: frozenset[str]  # mention_key of co-mentioned entities
    countries: frozenset[str]
    first_date: str | None
    last_date: str | None

    @property
    def parts(self) -> NameParts:
        return parse_name(self.name)


@functools.cache
def _demonyms() -> frozenset[str]:
    out = set()
    for row in load_csv("lexicons/countries.csv"):
        for d in row.get("demonyms", "").split("|"):
            if d:
                out.add(d.lower())
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def title_words(title: str) -> frozenset[str]:
    """The words of a role title that tell whose it is: "Iraqi Prime Minister" -> {prime, minister}."""
    words = re.findall(r"[a-z]+", title.lower())
    return frozenset(w for w in words if w not in _TITLE_STOPWORDS and w not in _demonyms() and len(w) > 2)


@functools.lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """Skeleton of an organisation's significant words, in order: "Islamic Revolutionary Guards
    Corps" = "Islamic Revolutionary Guard Corps"."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", name.lower())
    words = [w for w in glue(words) if w not in _ORG_STOPWORDS]
    if words and is_arabic_script(script_of(name)):
        # a ta marbuta inside a name is read t (Hay'at Tahrir al-Sham: هيئة تحرير الشام)
        words = [w.replace("ة", "ت") for w in words[:-1]] + words[-1:]
    return " ".join(soft(parse_name(w).surname or w) for w in words)


@functools.lru_cache(maxsize=131072)
def mention_key(name: str, entity_type: str) -> str:
    """A co-mentioned entity, as a key that survives spelling: a person by the skeleton of the
    surname, anything else by the skeleton of its words."""
    cls = type_class(entity_type)
    if cls == "PERSON":
        parts = parse_name(name)
        last = parts.surname or (parts.kunyas[0] if parts.kunyas else None)
        return f"p:{soft(last)}" if last else f"p:{norm_name(name)}"
    return f"{cls[0].lower()}:{org_key(name)}"


def _top(counter: Counter[str], n: int) -> frozenset[str]:
    return frozenset(k for k, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def make_group(key: str, units: Iterable[Unit]) -> Group:
    """Pool the context of the units of one name group (order-independent)."""
    units = sorted(units, key=lambda u: u.key)
    spellings = Counter(u.name for u in units)
    name = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    alt: set[str] = set()
    titles: Counter[str] = Counter()
    orgs: Counter[str] = Counter()
    co: Counter[str] = Counter()
    countries: set[str] = set()
    dates = sorted(u.date for u in units if u.date)
    own = norm_name(name)
    for u in units:
        for alias, kind in u.aliases:
            if kind in COMPARED_ALIAS_KINDS and norm_name(alias) != own:
                alt.add(alias)
        titles.update({w for t in u.titles for w in title_words(t)})
        orgs.update({org_key(o) for o in u.orgs if o})
        co.update({mention_key(n, t) for n, t in u.co_mentions} - {mention_key(u.name, u.type)})
        if u.country:
            countries.add(u.country)
    return Group(
        key=key,
        type_class=key.split("|", 1)[0],
        name=name,
        n_units=len(units),
        alt_names=tuple(sorted(alt)),
        title_words=_top(titles, MAX_ROLE_WORDS),
        org_keys=_top(orgs, MAX_ROLE_WORDS),
        co_keys=_top(co, MAX_CO_MENTIONS),
        countries=frozenset(countries),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )


def group_units(units: Iterable[Unit]) -> dict[str, Group]:
    by_key: dict[str, list[Unit]] = {}
    for u in units:
        by_key.setdefault(u.group_key, []).append(u)
    return {k: make_group(k, us) for k, us in sorted(by_key.items())}


def group_to_dict(g: Group) -> dict:
    """JSON-able form (stored in the store's groups table, shipped to Spark workers)."""
    return {
        "key": g.key,
        "type_class": g.type_class,
        "name": g.name,
        "n_units": g.n_units,
        "alt_names": list(g.alt_names),
        "title_words": sorted(g.title_words),
        "org_keys": sorted(g.org_keys),
        "co_keys": sorted(g.co_keys),
        "countries": sorted(g.countries),
        "first_date": g.first_date,
        "last_date": g.last_date,
    }


def group_from_dict(d: dict) -> Group:
    return Group(
        key=d["key"],
        type_class=d["type_class"],
        name=d["name"],
        n_units=int(d["n_units"]),
        alt_names=tuple(d["alt_names"]),
        title_words=frozenset(d["title_words"]),
        org_keys=frozenset(d["org_keys"]),
        co_keys=frozenset(d["co_keys"]),
        countries=frozenset(d["countries"]),
        first_date=d["first_date"],
        last_date=d["last_date"],
    )

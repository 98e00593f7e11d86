"""blocking: which name groups are worth comparing.

Every group gets a few block keys built from skeletons (names.py), so that spellings of one
name share a key whatever their script: a person by the skeleton of the surname ("p:KN" for
Qaani, Qani, Ghaani and قاآنی), of a kunya, and of given name + surname; an organisation by its
words and its acronym; a place by its words; and any name by the skeleton of all its words
regardless of type ("x:..."), so that a person the model labelled ORG still meets the person.
Groups sharing a key are candidate pairs. The same keys feed DuckDB (a self-join on a table of
keys, store/resolution.py) and Spark (spark/resolve.py); `candidate_pairs` is the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from newsgraph.resolve.names import NameParts, initials, is_acronym, parse_name, soft
from newsgraph.resolve.units import Group, org_key

# A block larger than this is skipped: a key shared by 200 name groups is a common surname
# ("p:LI" for Ali) or word, where the pair count explodes (20k pairs a block) and the key says
# little; those groups still meet through their given-name + surname keys. The largest block of
# the labelled set has 12 groups; in the 100k-article benchmark store, blocks above 200 are the
# commonest surnames and words, and judging them cost more than the rest of the run.
MAX_BLOCK = 200


def _person_keys(parts: NameParts) -> set[str]:
    keys = set()
    if parts.surname:
        keys.add(f"p:{soft(parts.surname)}")
    if parts.given and parts.surname:
        keys.add(f"pf:{soft(parts.given)}|{soft(parts.surname)}")
        # the same given name and a surname that starts alike: a surname one letter off
        # ("Akhundzada" / "Akhunzada") shares no other key
        keys.add(f"pg:{soft(parts.given)}|{soft(parts.surname)[:2]}")
    if len(parts.words) >= 3:
        # a compound surname written as one word elsewhere ("Amir-Abdollahian")
        keys.add(f"p:{soft(parts.words[-2])}{soft(parts.words[-1])}")
        # a family name added after the surname ("bin Zayed Al Nahyan", "Ghani Ahmadzai")
        keys.add(f"p:{soft(parts.words[-2])}")
    for k in parts.kunyas:
        keys.add(f"pk:{soft(k)}")
    return keys


def name_keys(name: str, type_class: str) -> set[str]:
    """Block keys of one name of a group of `type_class`."""
    parts = parse_name(name)
    keys: set[str] = set()
    if parts.words:
        keys.add("x:" + " ".join(soft(w) for w in parts.words))
    if type_class == "PERSON":
        keys |= _person_keys(parts)
    else:
        if type_class == "ORG":
            acronym = name.replace(".", "") if is_acronym(name) else initials(name)
            if len(acronym) >= 2:
                keys.add(f"oa:{acronym}")
        keys.add(f"{type_class[0].lower()}:{org_key(name)}")
    return {k for k in keys if not k.endswith(":")}


def block_keys(group: Group) -> set[str]:
    """Every block key of a group: its name's and its compared aliases'."""
    keys = name_keys(group.name, group.type_class)
    for alt in group.alt_names:
        keys |= name_keys(alt, group.type_class)
    return keys


def candidate_pairs(groups: Mapping[str, Group]) -> Iterator[tuple[str, str]]:
    """Pairs (a, b), a < b, of groups sharing a block key of at most MAX_BLOCK groups; each once."""
    blocks: dict[str, list[str]] = {}
    for key, g in groups.items():
        for b in block_keys(g):
            blocks.setdefault(b, []).append(key)
    seen: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) not in seen:
                    seen.add((a, b))
    yield from sorted(seen)


def block_rows(groups: Iterable[Group]) -> Iterator[tuple[str, str]]:
    """(group key, block key) rows, for the store's and Spark's joins."""
    for g in groups:
        for b in sorted(block_keys(g)):
            yield g.key, b

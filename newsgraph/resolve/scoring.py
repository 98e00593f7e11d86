"""scoring: is a pair of name groups one entity? Small features, each returning (points, reason).

Points are log-odds-like: positive for evidence of one entity, negative against. The name decides
what is possible (a given name that differs rules a merge out: Tariq al-Hashemi is not Hisham
al-Hashemi); the context decides what names alone cannot ("Qassem Soleimani" / "Qasim Sulemani"
share every skeleton, "Qassem Suleiman" lacks the nisba -i; a lone "al-Hashemi" needs a role, an
organisation or a co-mentioned name to join one of the two). Every weight below was set on the
labelled set (eval/resolution/), by the sweep `python -m eval.resolution --sweep`, for the
highest recall at precision >= 0.97; the README has the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler, Levenshtein

from newsgraph.resolve.names import NameParts, core, final, parse_name, soft
from newsgraph.resolve.units import Group

# -- thresholds (see the module docstring for how they were set) --------------------------------
SAME_AT = 4.5  # total points at or above: the system judges the pair one entity
DIFFERENT_AT = 0.0  # at or below: two entities (a cannot-link for clustering)
# A partial name (surname only) matching two full names that differ from each other joins
# neither unless one scores this much more than the other.
AMBIGUITY_MARGIN = 2.0

# name features
SURNAME_SAME = 3.0  # same skeleton and final vowel
SURNAME_SOFT = 2.5  # same consonants, final vowel or final h differs on one side
SURNAME_NEAR = 1.0  # skeletons one consonant apart (a typo, a dropped letter)
SURNAMES_DIFFER = -10.0
NISBA_CONFLICT = -6.0  # Soleimani / Suleiman: the -i of a nisba on one side only
GIVEN_SAME = 3.0
GIVEN_SOFT = 2.5
GIVEN_NEAR = 1.0
GIVEN_INITIAL = 1.0  # "M. Qaani" and "Mohammed Qaani"
GIVEN_DIFFER = -8.0
KUNYA_SAME = 3.0
KUNYA_DIFFER = -6.0
SPELLING_CLOSE = 0.5  # Jaro-Winkler of the ASCII names >= SPELLING_CLOSE_AT
SPELLING_CLOSE_AT = 0.93
# context features
UNIQUE_CANDIDATE = 1.0  # a surname-only name whose block holds one full name with that surname
TITLE_SHARED = 1.0  # per shared title word, up to TITLE_CAP
TITLE_CAP = 2.0
ORG_SHARED = 2.0  # per shared role organisation, up to ORG_CAP
ORG_CAP = 3.0
CO_PERSON_OR_ORG = 1.0  # per shared co-mentioned person or organisation, up to CO_CAP
CO_PLACE = 0.5  # per shared co-mentioned place or nationality
CO_CAP = 3.0
COUNTRY_SAME = 1.0
COUNTRY_DIFFER = -3.0
YEARS_APART = 15  # first and last dates further apart than this ...
YEARS_APART_POINTS = -1.0  # ... count against
TYPE_POINTS = {
    frozenset({"PERSON", "ORG"}): -2.5,  # the small model labels many person names ORG
    frozenset({"ORG", "PLACE"}): -2.0,
    frozenset({"ORG", "NORP"}): -3.0,
    frozenset({"PLACE", "NORP"}): -3.0,
}
TYPE_FAR = -8.0  # a person and a place or a nationality


@dataclass(frozen=True, slots=True)
class Score:
    points: float
    reasons: tuple[str, ...]  # "+3.0 same surname KN.i", ...
    verdict: str  # same | different | unsure


Feature = tuple[float, str] | None


def _word_match(a: str, b: str) -> str:
    """exact | soft | nisba | near | no, for two skeleton keys."""
    if a == b:
        return "exact"
    if soft(a) == soft(b):
        fa, fb = final(a), final(b)
        if {fa, fb} == {"i", ""} and not core(a).endswith("H") and not core(b).endswith("H"):
            return "nisba"
        return "soft"
    sa, sb = soft(a), soft(b)
    if min(len(sa), len(sb)) >= 4 and sa[0] == sb[0] and Levenshtein.distance(sa, sb) == 1:
        return "near"
    return "no"


def compare_names(a: NameParts, b: NameParts) -> tuple[float, list[str], bool | None]:
    """(points, reasons, possible): possible is False when the names rule a merge out (a
    cannot-link), None when they say nothing (a kunya alone against a name without one)."""
    reasons: list[str] = []
    points = 0.0
    if a.kunyas and b.kunyas:
        if any(_word_match(x, y) in ("exact", "soft") for x in a.kunyas for y in b.kunyas):
            points += KUNYA_SAME
            reasons.append(f"{KUNYA_SAME:+.1f} same kunya Abu {a.kunyas[0]}")
        else:
            reasons.append(f"{KUNYA_DIFFER:+.1f} kunyas differ ({a.kunyas[0]} / {b.kunyas[0]})")
            return points + KUNYA_DIFFER, reasons, False
    if a.surname is None or b.surname is None:
        return points, reasons, (True if a.kunyas and b.kunyas else None)
    m = _word_match(a.surname, b.surname)
    if m == "no":
        reasons.append(f"{SURNAMES_DIFFER:+.1f} surnames differ ({a.surname} / {b.surname})")
        return points + SURNAMES_DIFFER, reasons, False
    if m == "nisba":
        reasons.append(f"{NISBA_CONFLICT:+.1f} surname {a.surname} / {b.surname}: a nisba -i on one side")
        return points + NISBA_CONFLICT, reasons, False
    pts = {"exact": SURNAME_SAME, "soft": SURNAME_SOFT, "near": SURNAME_NEAR}[m]
    points += pts
    reasons.append(f"{pts:+.1f} {m} surname {a.surname} / {b.surname}")
    if a.given and b.given:
        g = _word_match(a.given, b.given)
        short = min(len(core(a.given)), len(core(b.given)))
        if g == "no" and short <= 1 and core(a.given)[:1] == core(b.given)[:1]:
            reasons.append(f"{GIVEN_INITIAL:+.1f} given name matches an initial")
            return points + GIVEN_INITIAL, reasons, True
        if g in ("no", "nisba"):
            reasons.append(f"{GIVEN_DIFFER:+.1f} given names differ ({a.given} / {b.given})")
            return points + GIVEN_DIFFER, reasons, False
        pts = {"exact": GIVEN_SAME, "soft": GIVEN_SOFT, "near": GIVEN_NEAR}[g]
        points += pts
        reasons.append(f"{pts:+.1f} {g} given name {a.given} / {b.given}")
    elif a.given or b.given:
        reasons.append("+0.0 surname only on one side")
    return points, reasons, True


def is_partial(parts: NameParts) -> bool:
    """A surname alone ("Qaani", "al-Hashemi"): who it is depends on the article."""
    return parts.given is None and not parts.kunyas and parts.surname is not None


def _name_feature(a: Group, b: Group) -> tuple[float, list[str], bool | None]:
    """The best comparison among the two groups' names (their own and their compared aliases:
    a nickname, a name quoted in its own script). A conflict of the names themselves stands
    unless an alias matches."""
    primary = compare_names(a.parts, b.parts)
    best = primary if primary[2] else None
    for x in (a.name, *a.alt_names):
        for y in (b.name, *b.alt_names):
            if (x, y) == (a.name, b.name):
                continue
            pts, why, ok = compare_names(parse_name(x), parse_name(y))
            if ok and (best is None or pts > best[0]):
                best = (pts, [f"+0.0 by the names {x!r} / {y!r}", *why], True)
    return best if best is not None else primary


def _spelling(a: Group, b: Group) -> Feature:
    sim = JaroWinkler.similarity(a.parts.folded, b.parts.folded)
    if sim >= SPELLING_CLOSE_AT:
        return SPELLING_CLOSE, f"{SPELLING_CLOSE:+.1f} spellings close (Jaro-Winkler {sim:.2f})"
    return None


def _types(a: Group, b: Group) -> Feature:
    if a.type_class == b.type_class:
        return None
    pair = frozenset({a.type_class, b.type_class})
    pts = TYPE_POINTS.get(pair, TYPE_FAR)
    return pts, f"{pts:+.1f} types differ ({a.type_class} / {b.type_class})"


def _titles(a: Group, b: Group) -> Feature:
    shared = sorted(a.title_words & b.title_words)
    if not shared:
        return None
    pts = min(TITLE_SHARED * len(shared), TITLE_CAP)
    return pts, f"{pts:+.1f} shared title words {', '.join(shared[:3])}"


def _orgs(a: Group, b: Group) -> Feature:
    shared = sorted(a.org_keys & b.org_keys)
    if not shared:
        return None
    pts = min(ORG_SHARED * len(shared), ORG_CAP)
    return pts, f"{pts:+.1f} shared role organisation {shared[0]}"


def _co_mentions(a: Group, b: Group) -> Feature:
    shared = sorted(a.co_keys & b.co_keys)
    if not shared:
        return None
    pts = sum(CO_PERSON_OR_ORG if k[0] in "po" else CO_PLACE for k in shared)
    pts = min(pts, CO_CAP)
    return pts, f"{pts:+.1f} co-mentioned with {', '.join(shared[:4])}"


def _countries(a: Group, b: Group) -> Feature:
    if not a.countries or not b.countries:
        return None
    if a.countries & b.countries:
        return COUNTRY_SAME, f"{COUNTRY_SAME:+.1f} same country {sorted(a.countries & b.countries)[0]}"
    return COUNTRY_DIFFER, f"{COUNTRY_DIFFER:+.1f} countries differ"


def _years(a: Group, b: Group) -> Feature:
    if not (a.first_date and b.first_date and a.last_date and b.last_date):
        return None
    gap = max(int(a.first_date[:4]) - int(b.last_date[:4]), int(b.first_date[:4]) - int(a.last_date[:4]))
    if gap > YEARS_APART:
        return YEARS_APART_POINTS, f"{YEARS_APART_POINTS:+.1f} {gap} years apart"
    return None


CONTEXT_FEATURES = (_spelling, _types, _titles, _orgs, _co_mentions, _countries, _years)


def score_pair(a: Group, b: Group, full_candidates: int = 0) -> Score:
    """Judge one candidate pair. `full_candidates`: for a pair of a surname-only group and a full
    name, how many full names the surname-only group was paired with (see full_name_candidates)."""
    points, reasons, possible = _name_feature(a, b)
    if possible is False:
        return Score(round(points, 3), tuple(reasons), "different")
    if possible is None:
        return Score(0.0, ("+0.0 the names cannot be compared",), "unsure")
    for feature in CONTEXT_FEATURES:
        f = feature(a, b)
        if f is not None:
            points += f[0]
            reasons.append(f[1])
    if full_candidates == 1:
        points += UNIQUE_CANDIDATE
        reasons.append(f"{UNIQUE_CANDIDATE:+.1f} the only full name with this surname")
    points = round(points, 3)
    verdict = "same" if points >= SAME_AT else "different" if points <= DIFFERENT_AT else "unsure"
    return Score(points, tuple(reasons), verdict)


def full_name_candidates(groups: Mapping[str, Group], pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """For each surname-only person group, the number of full-name person groups it is paired
    with whose surname it shares."""
    counts: dict[str, int] = {}
    for a, b in pairs:
        ga, gb = groups[a], groups[b]
        if ga.type_class != "PERSON" or gb.type_class != "PERSON":
            continue
        for p, f in ((ga, gb), (gb, ga)):
            pp, fp = p.parts, f.parts
            if (
                is_partial(pp)
                and fp.is_full
                and _word_match(pp.surname or "", fp.surname or "") in ("exact", "soft")
            ):
                counts[p.key] = counts.get(p.key, 0) + 1
    return counts


def candidates_for(pair: tuple[str, str], groups: Mapping[str, Group], counts: Mapping[str, int]) -> int:
    a, b = pair
    if is_partial(groups[a].parts) and groups[b].parts.is_full:
        return counts.get(a, 0)
    if is_partial(groups[b].parts) and groups[a].parts.is_full:
        return counts.get(b, 0)
    return 0

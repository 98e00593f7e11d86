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

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler, Levenshtein

from newsgraph.lexicons import load_lines
from newsgraph.resolve.names import NameParts, core, final, initials, is_acronym, parse_name, soft
from newsgraph.resolve.units import Group, org_key

# -- thresholds (see the module docstring for how they were set) --------------------------------
SAME_AT = 4.5  # total points at or above: the system judges the pair one entity
DIFFERENT_AT = 0.0  # at or below: two entities (a cannot-link for clustering)
# A partial name (surname only) matching two full names that differ from each other joins
# neither unless one scores this much more than the other.
AMBIGUITY_MARGIN = 2.0

# name features
SURNAME_SAME = 3.0  # same skeleton and final vowel
SURNAME_SOFT = 2.5  # same consonants, final vowel or final h differs on one side
SURNAME_NEAR = 1.5  # skeletons one consonant apart (a typo, a dropped letter)
SURNAMES_DIFFER = -10.0
NISBA_CONFLICT = -6.0  # Soleimani / Suleiman: the -i of a nisba on one side only
GIVEN_SAME = 3.0
GIVEN_SOFT = 2.5
GIVEN_NEAR = 1.0
GIVEN_INITIAL = 1.0  # "M. Qaani" and "Mohammed Qaani"
GIVEN_DIFFER = -8.0
GIVEN_MIDDLE = 2.0  # the given name of one is the middle name of the other
KUNYA_SAME = 3.0
KUNYA_DIFFER = -6.0
ACRONYM_SAME = 4.0  # an acronym equal to the other's acronym or initials (IRGC)
WORDS_SAME = 6.0  # organisations, places: every word's skeleton equal
WORDS_GENERIC = 5.0  # equal but for generic words (Organization, Movement, Group)
WORDS_NEAR = 4.5  # a word one consonant apart (Mobilisation / Mobilization)
WORDS_INSIDE = 2.5  # one name inside the other
WORDS_DIFFER = -10.0
WORDS_CLOSE_AT = 0.9  # different words but spellings this close (Jaro-Winkler): no cannot-link
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


@functools.lru_cache(maxsize=262144)  # keys repeat across pairs; bounded memory
def _word_match(a: str, b: str) -> str:
    """exact | soft | nisba | near | no, for two skeleton keys.

    soft: the same consonants, and the final vowel differs only where spellings differ (a
    final -ah written as a ha in one and a ta marbuta in another: "Fattah" / "فتاح"). A final
    vowel on one side only is a different name ("Hasina" is not "Hussein"), and a final -i on
    one side only is a nisba ("Soleimani" is not "Suleiman")."""
    if a == b:
        return "exact"
    ca, cb, fa, fb = core(a), core(b), final(a), final(b)
    if ca == cb:
        return "nisba" if {fa, fb} == {"i", ""} else "no"
    if soft(a) == soft(b) and (ca.endswith("H") or cb.endswith("H")) and {fa, fb} <= {"a", ""}:
        return "soft"
    if fa == fb and min(len(ca), len(cb)) >= 4 and ca[0] == cb[0] and Levenshtein.distance(ca, cb) == 1:
        return "near"
    return "no"


def _acronym_match(x: str, y: str) -> bool | None:
    """True/False when either name is an acronym (compared letter for letter with the other's
    acronym or initials), None otherwise."""
    ax, ay = is_acronym(x), is_acronym(y)
    if not (ax or ay):
        return None
    left = x.replace(".", "") if ax else initials(x)
    right = y.replace(".", "") if ay else initials(y)
    return left == right


def _surnames(a: NameParts, b: NameParts) -> tuple[str, str, str]:
    """(match, a's surname, b's surname); a compound surname written as one word on one side
    ("Amirabdollahian" / "Amir-Abdollahian") is compared joined."""
    assert a.surname is not None and b.surname is not None
    m = _word_match(a.surname, b.surname)
    if m != "no":
        return m, a.surname, b.surname
    for x, y in ((a, b), (b, a)):
        if len(x.words) >= 3 and y.surname:
            joined = core(x.words[-2]) + x.words[-1]
            if _word_match(joined, y.surname) in ("exact", "soft"):
                return "soft", joined, y.surname
            # a family name after the surname on one side ("Mohammed bin Zayed Al Nahyan")
            if y.given and len(x.words) > len(y.words) and _word_match(x.words[-2], y.surname) == "exact":
                return "soft", x.words[-2], y.surname
    return "no", a.surname, b.surname


def _shared_words(a: NameParts, b: NameParts) -> int:
    return sum(1 for w in set(a.words) if any(_word_match(w, v) == "exact" for v in b.words))


def _given_in_middles(a: NameParts, b: NameParts) -> bool:
    """The given name of one is a middle name of the other ("Tayyip Erdogan", "Javad Zarif")."""
    return any(
        _word_match(x.given or "", m) in ("exact", "soft")
        for x, y in ((a, b), (b, a))
        for m in y.middles
        if m not in y.nasab
    )


def compare_names(a: NameParts, b: NameParts) -> tuple[float, list[str], bool | None]:
    """Personal names. (points, reasons, possible): possible is False when the names rule a merge
    out (a cannot-link), None when they say nothing (a kunya alone against a name without one)."""
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
    m, sa, sb = _surnames(a, b)
    if m == "no" and _shared_words(a, b) >= 2:
        # "Mohammad Ashraf Ghani" / "Ashraf Ghani Ahmadzai": one name with a word more at each end
        reasons.append("+0.0 the names share two words but end differently")
        return 0.0, reasons, None
    if m == "no":
        reasons.append(f"{SURNAMES_DIFFER:+.1f} surnames differ ({sa} / {sb})")
        return points + SURNAMES_DIFFER, reasons, False
    if m == "nisba":
        reasons.append(f"{NISBA_CONFLICT:+.1f} surname {sa} / {sb}: a nisba -i on one side")
        return points + NISBA_CONFLICT, reasons, False
    pts = {"exact": SURNAME_SAME, "soft": SURNAME_SOFT, "near": SURNAME_NEAR}[m]
    points += pts
    reasons.append(f"{pts:+.1f} {m} surname {sa} / {sb}")
    if a.given and b.given:
        g = _word_match(a.given, b.given)
        short = min(len(core(a.given)), len(core(b.given)))
        if g == "no" and short <= 1 and core(a.given)[:1] == core(b.given)[:1]:
            reasons.append(f"{GIVEN_INITIAL:+.1f} given name matches an initial")
            return points + GIVEN_INITIAL, reasons, True
        if g in ("no", "nisba") and _given_in_middles(a, b):
            reasons.append(f"{GIVEN_MIDDLE:+.1f} the given name of one is the middle name of the other")
            return points + GIVEN_MIDDLE, reasons, True
        if g in ("no", "nisba"):
            reasons.append(f"{GIVEN_DIFFER:+.1f} given names differ ({a.given} / {b.given})")
            return points + GIVEN_DIFFER, reasons, False
        pts = {"exact": GIVEN_SAME, "soft": GIVEN_SOFT, "near": GIVEN_NEAR}[g]
        points += pts
        reasons.append(f"{pts:+.1f} {g} given name {a.given} / {b.given}")
    elif a.given or b.given:
        reasons.append("+0.0 surname only on one side")
    return points, reasons, True


def compare_words(x: str, y: str) -> tuple[float, list[str], bool | None]:
    """Names of organisations, places and nationalities: every significant word must match (in
    order), generic words aside ("Badr Organization" = "Badr"); a name inside the other
    ("Revolutionary Guards" in "Islamic Revolutionary Guards Corps") is a partial match."""
    wx, wy = org_key(x).split(), org_key(y).split()
    if not wx or not wy:
        return 0.0, [], None
    if wx == wy:
        return WORDS_SAME, [f"{WORDS_SAME:+.1f} same words {' '.join(wx)}"], True
    gx = [w for w in wx if w not in _generic_org_words()] or wx
    gy = [w for w in wy if w not in _generic_org_words()] or wy
    if gx == gy:
        return WORDS_GENERIC, [f"{WORDS_GENERIC:+.1f} same words but generic ones"], True
    if len(gx) == len(gy) and all(
        _word_match(p, q) in ("exact", "soft", "near") for p, q in zip(gx, gy, strict=True)
    ):
        return WORDS_NEAR, [f"{WORDS_NEAR:+.1f} words one letter apart"], True
    short, long_ = sorted((gx, gy), key=len)
    n = len(short)
    if any(long_[i : i + n] == short for i in range(len(long_) - n + 1)) and len(short) >= 2:
        return WORDS_INSIDE, [f"{WORDS_INSIDE:+.1f} {' '.join(short)} inside {' '.join(long_)}"], True
    why = f"{WORDS_DIFFER:+.1f} words differ ({' '.join(gx)} / {' '.join(gy)})"
    if JaroWinkler.similarity(x.lower(), y.lower()) >= WORDS_CLOSE_AT:
        return 0.0, [why.replace(f"{WORDS_DIFFER:+.1f}", "+0.0") + " but the spellings are close"], None
    return WORDS_DIFFER, [why], False


def _org_word_match(p: str, q: str) -> bool:
    """Words of two organisation names that are one word: a letter apart, a plural ending
    (Guard / Guards), or one the start of the other (Revolution / Revolutionary)."""
    if _word_match(p, q) in ("exact", "soft", "near"):
        return True
    short, long_ = sorted((p, q), key=len)
    return long_ == short + "S" or (len(short) >= 4 and long_.startswith(short))


def is_partial(parts: NameParts) -> bool:
    """A surname alone ("Qaani", "al-Hashemi"): who it is depends on the article."""
    return parts.given is None and not parts.kunyas and parts.surname is not None


def _name_feature(a: Group, b: Group) -> tuple[float, list[str], bool | None]:
    """The best comparison among the two groups' names (their own and their compared aliases:
    a nickname, a name quoted in its own script). A conflict of the names stands unless an
    alias other than an acronym matches (two forces may share an acronym, not a name)."""
    person = "PERSON" in (a.type_class, b.type_class)
    primary = _compare(a.name, b.name, person)
    best = primary if primary[2] else None
    for x in (a.name, *a.alt_names):
        for y in (b.name, *b.alt_names):
            if (x, y) == (a.name, b.name):
                continue
            pts, why, ok = _compare(x, y, person)
            if primary[2] is False and (is_acronym(x) or is_acronym(y)):
                continue
            if ok and (best is None or pts > best[0]):
                best = (pts, [f"+0.0 by the names {x!r} / {y!r}", *why], True)
    return best if best is not None else primary


def _compare(x: str, y: str, person: bool) -> tuple[float, list[str], bool | None]:
    acronyms = _acronym_match(x, y)
    if acronyms is True:
        return ACRONYM_SAME, [f"{ACRONYM_SAME:+.1f} acronym {x} / {y}"], True
    if acronyms is False:
        return 0.0, [], None
    if person:
        return compare_names(parse_name(x), parse_name(y))
    return compare_words(x, y)


@functools.cache
def _generic_org_words() -> frozenset[str]:
    return frozenset(org_key(w) for w in load_lines("resolve/generic_org_words.txt"))


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

"""The EntityRuler patterns of newsgraph's spaCy components, built from the gazetteer and the
name words (data/lexicons/): organisations by every name, facilities ("Mitiga airport") and
kunyas ("Abu Mahdi al-Muhandis")."""

from __future__ import annotations

import calendar

from newsgraph.gazetteer import gazetteer
from newsgraph.names import name_words

# Month and weekday names are capitalised proper nouns too; a facility or kunya pattern must not
# swallow them ("Tuesday airport" is no airport).
_CALENDAR_WORDS = [*calendar.month_name[1:], *calendar.day_name]


def ruler_patterns() -> list[dict]:
    """Patterns for spaCy's EntityRuler: phrase patterns (a str) for the organisations of the
    gazetteer, token patterns (a list) for facilities and kunyas."""
    g = gazetteer()
    patterns: list[dict] = []
    for canonical, names in g.org_names.items():
        for n in names:
            patterns.append({"label": "ORG", "pattern": n, "id": canonical})
    # States are left to the statistical model (it knows them well; a phrase pattern for
    # "Sudan" would cut "Sudan Liberation Movement" in two); entities fixes their labels.
    place_words = sorted({w for c in g.capital_of for w in c.title().split()})
    fac = list(g.facility_nouns)
    name_tok = {"POS": "PROPN", "ORTH": {"NOT_IN": _CALENDAR_WORDS}}
    patterns.append({"label": "FAC", "pattern": [{**name_tok, "OP": "+"}, {"LOWER": {"IN": fac}}]})
    patterns.append(
        {
            "label": "FAC",
            "pattern": [
                {**name_tok},
                {"LOWER": {"IN": ["al", "el"]}},
                {"ORTH": "-"},
                {"IS_TITLE": True},
                {"LOWER": {"IN": fac}},
            ],
        }
    )
    kunya = [
        {"ORTH": {"IN": list(name_words().kunya_words)}},
        {"IS_TITLE": True, "ORTH": {"NOT_IN": place_words}},
    ]
    patterns.append({"label": "PERSON", "pattern": kunya})
    patterns.append(
        {
            "label": "PERSON",
            "pattern": [*kunya, {"LOWER": {"IN": ["al", "el"]}}, {"ORTH": "-"}, {"IS_TITLE": True}],
        }
    )
    return patterns

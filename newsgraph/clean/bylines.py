"""Bylines, datelines and timestamps: the lines that say who wrote the story, where it was filed
and when, in their common forms. They leave the story text and become metadata.

Bylines: "By Jane Doe", "BY JANE DOE AND JOHN ROE", "By Jane Doe, John Roe and Omar Said",
"By Jane Doe, Reuters", "Written by Jane Doe on March 2, 2024", "Jane Doe ■ The Guardian",
"Martin Chulov ■ The Guardian's Middle East correspondent", "Samir Haddad, Al-Monitor's Baghdad
correspondent". Datelines: "KHARTOUM, Sudan (AP) —", "CAIRO (Reuters) -", "NEW YORK, Nov 18
(Reuters) -", "WASHINGTON:", "Baghdad ■ Reuters". Timestamps: "Updated 9:41 AM GMT+3, March 2,
2024" and a byline's trailing date ("By Jane Doe | March 2, 2024, 9:41 AM").
"""

from __future__ import annotations

import re

from newsgraph.clean.furniture import is_credit, noise
from newsgraph.clean.lines import Line
from newsgraph.model import Byline

# Bylines are short: names, an outlet and a title. 12 words holds "Martin Chulov ■ The
# Guardian's Middle East correspondent" (9) and three authors with "By" (7); a longer line is a
# sentence ("By the end of the week, the army had ...").
MAX_BYLINE_WORDS = 12
# A byline's trailing date and time take at most 10 words ("on Monday, November 18th, 2019 at
# 11:04 a.m. EST").
MAX_STAMP_WORDS = 10

# A name is 2-4 capitalised words (particles "al-", "bin" ... between them); the connectors of
# a list of names and the prepositions of a sentence are never a word of one ("BY JANE DOE AND
# JOHN ROE" is two names, not one four-word name).
_CONNECTOR = r"(?i:and|by|on|at|for|in|with|of|the|from|to|updated|published|posted)\b"
_WORD = rf"\b(?!{_CONNECTOR})[A-Z][\w'’.-]+"
_PARTICLE = r"(?:(?i:al|el|bin|ibn|van|von|de|da|di|du|le|la|ben|abu|abd)[- ]\s*)?"
_NAME = rf"{_WORD}(?:\s+{_PARTICLE}{_WORD}){{1,3}}"
_AND = r"(?:,?\s+(?i:and)\s+|\s*&\s*|\s*,\s*)"
_NAMES = rf"{_NAME}(?:{_AND}{_NAME}){{0,4}}"
_BY = r"(?i:(?:written|reported|words|story|text|photos?|compiled|edited)\s+)?(?i:by)\s*:?\s+"
_BYLINE_SEP = re.compile(rf"^(?P<by>{_BY})?(?P<name>{_NAMES})\s*(?P<sep>■|\||—|–|,|-|/)\s*(?P<rest>.+)$")
_PLAIN_BY = re.compile(rf"^{_BY}(?P<name>{_NAMES})\W*$")
_NAME_RE = re.compile(_NAME)
_BYLINE_START = re.compile(rf"(?:{_BY})?{_NAME}")
_SENTENCE_END = (".", "?", "!", '"', "”")
_ORG = re.compile(r"(?P<org>(?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}?)(?:['’]s\b|,|\s*$)")

# A byline's trailing date ("By Jane Doe on March 2, 2024", "Jane Doe | Updated 9:41 AM"): the
# byline is the text before it.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?)"
_TIME = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?"
_DATE = (
    rf"(?:{_DAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+"
    rf"{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
_STAMP_START = re.compile(
    rf"(?i:\s*(?:[|,•·–—-]\s*)?(?:\b(?:on|at|updated|published|posted|last updated)\b\s*:?\s*)*"
    rf"(?:{_DATE}|{_TIME}|\d+\s+(?:minutes?|mins?|hours?|hrs?|days?)\s+ago)\b)"
)

# The dateline opens the story's first paragraph; a headline and a standfirst may come first,
# so it is looked for on the first 3 kept lines (headline, standfirst, lede) and no deeper, where
# an upper-case "NAME:" is more often a speaker label or a section label than a dateline.
DATELINE_SEARCH_LINES = 3
_DATELINE_PREFIX = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]{1,30}?)(?:,\s*(?P<country>[A-Z][A-Za-z .'-]{1,20}?))??"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\((?P<agency>[A-Za-z. ]{2,25})\))?\s*(?:(?::|—|–|-{1,2})\s+|—(?=[A-Z\"“]))(?=\S)"
)
# The story's first sentence follows a dateline: "BEIRUT - Rescue workers", "US officials", not a
# table row "LEAD - 350 tonnes" or "SOWS - steady" (checked when no agency in brackets vouches).
_SENTENCE_START = re.compile(r"[\"“‘']?(?:[A-Z][a-z]|[A-Z]\s|[A-Z]{2,}\s+[a-z])")
_PLACE_AND_WIRE = re.compile(r"([A-Z][\w .'-]{1,30}?)\s*(?:■|\||—|–|-|,)\s*(\w[\w .-]{1,30})")
_KICKER = re.compile(r"^([A-Z][A-Za-z' ]{2,20}?)\s*(?::|—|–|-{1,2})\s+(?=\S)")


def bylines(ln: Line) -> list[Byline]:
    """One Byline per author the line names, [] when the line is no byline. A trailing date
    ("By Jane Doe on March 2, 2024") is part of the byline line."""
    if ln.words > MAX_BYLINE_WORDS + MAX_STAMP_WORDS or not _BYLINE_START.match(ln.text):
        return []  # the common case: a paragraph that does not open with "By" or a name
    text = ln.text
    stamp = _STAMP_START.search(text) if ln.digits else None
    if stamp is not None and stamp.start() > 0:
        text = text[: stamp.start()].rstrip(" ,|•·–—-")
    if len(text.split()) > MAX_BYLINE_WORDS or (text == ln.text and text.endswith(_SENTENCE_END)):
        return []
    plain = _PLAIN_BY.match(text)  # "By A, B and C": names only, before "Name, Outlet"
    m = None if plain else _BYLINE_SEP.match(text)
    found = plain or m
    if found is None:
        return []
    names = _names(found.group("name"), ln.start + found.start("name"))
    if not m:
        return _authors_and_outlet(names)
    rest = m.group("rest").strip()
    org_m = _ORG.match(rest)
    if not org_m:
        return []  # "By Tuesday Morning, rescue teams ...": no outlet after the names
    org = org_m.group("org").strip()
    title = rest[org_m.end() :].strip(" ,") or None
    if title and not title[:1].isalpha():
        return []
    if not m.group("by") and m.group("sep") in ",-/" and not _names_an_outlet(org, title):
        return []  # "Lansdowne Road, Dublin": a comma or hyphen alone also joins places and labels
    org_start = ln.start + m.start("rest") + (len(m.group("rest")) - len(m.group("rest").lstrip()))
    return [
        Byline(name, start, end, title, org, org_start, org_start + len(org)) for name, start, end in names
    ]


def _authors_and_outlet(names: list[tuple[str, int, int]]) -> list[Byline]:
    """ "By A, B and C" names authors, except a last part that is an outlet ("By Abdirahman
    Yusuf, Horn Observer"): its masthead word or a wire agency makes it the authors' organisation."""
    *authors, (last, start, end) = names
    if authors and _is_outlet(last):
        return [Byline(name, s, e, None, last, start, end) for name, s, e in authors]
    return [Byline(name, s, e) for name, s, e in names]


def _is_outlet(name: str) -> bool:
    return name in noise().wire_agencies or name.split()[-1] in noise().outlet_words


def _names_an_outlet(org: str, title: str | None) -> bool:
    """The part after a name is a wire agency or holds a newsroom role ("correspondent")."""
    return org in noise().wire_agencies or bool(title and noise().byline_roles.search(title))


def _names(names: str, start: int) -> list[tuple[str, int, int]]:
    """ "Jane Doe and Omar Haddad" at `start` -> each name with its span in the original; an
    upper-case name ("JANE DOE") is given in title case."""
    out = []
    for part in _NAME_RE.finditer(names):
        name = part.group(0)
        if name.isupper():
            name = _title_case(name)
        out.append((name, start + part.start(), start + part.end()))
    return out


def _title_case(name: str) -> str:
    """ "JANE O'NEILL-DOE" -> "Jane O'Neill-Doe"; "AL-OTAIBI" -> "Al-Otaibi"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), name.lower())


def stamp_line(ln: Line) -> str | None:
    """ "Reuters November 18, 2019 11:03 PM", "Associated Press | Updated 9:41 AM": a timestamp
    after an agency or a credit is a timestamp line; the agency or credit is returned."""
    if not ln.digits or ln.words > MAX_BYLINE_WORDS:
        return None
    stamp = _STAMP_START.search(ln.text)
    if stamp is None or stamp.start() == 0:
        return None
    head = ln.text[: stamp.start()].strip(" ,|•·–—-")
    return head if is_credit(head) or head in noise().wire_agencies else None


def place_and_wire(text: str, outlet: str | None = None) -> tuple[str, str] | None:
    """ "Baghdad ■ Reuters": a dateline line naming a place and a wire agency, or the record's
    own outlet ("Hodeidah ■ Al-Masdar" in an Al-Masdar article)."""
    m = _PLACE_AND_WIRE.fullmatch(text)
    if m and m.group(1).lower().startswith("by "):
        return None  # "By Samir Haddad, Reuters" is a byline
    wire = m.group(2).strip() if m else ""
    if m and (wire in noise().wire_agencies or (outlet and wire.casefold() == outlet.casefold())):
        return m.group(1).strip(), outlet if outlet and wire.casefold() == outlet.casefold() else wire
    return None


def outlet_name(source: str | None) -> str | None:
    """The outlet's name in a record's `source`: "Al-Masdar (machine translated)" -> "Al-Masdar"."""
    name = re.sub(r"\s*[(\[].*$", "", source or "").strip()
    return name or None


def dateline_prefix(text: str) -> tuple[int, str, str | None] | None:
    """ "WASHINGTON: The United States ..." -> (chars to cut, "Washington", agency or None)."""
    m = _DATELINE_PREFIX.match(text)
    if not m:
        return None
    place = m.group("place").strip()
    agency = (m.group("agency") or "").strip() or None
    # a dateline place is upper case ("BAGHDAD") or followed by an agency in brackets
    if not (place.isupper() or agency):
        return None
    if agency and agency not in noise().wire_agencies:
        return None
    if not agency and not _SENTENCE_START.match(text, m.end()):
        return None
    return m.end(), _title_case(place) if place.isupper() else place, agency


def kicker_label(text: str) -> int | None:
    """ "BREAKING: ...", "UPDATE - ...": chars to cut for a section label opening a paragraph."""
    m = _KICKER.match(text)
    if m and m.group(1).isupper() and m.group(1).lower() in noise().kicker_labels:
        return m.end()
    return None

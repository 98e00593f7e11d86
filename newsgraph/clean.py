"""clean: remove what is not the story, keep a map back to the original text.

Works line by line (a line of the input is a paragraph, a caption, a credit...), because the
debris of aggregated and machine-translated news is line-shaped:
- credits ("AFP", "Reuters", "picture") and the captions they close, or captions ending in a
  parenthesised credit "(Reuters/File photo)"; a credit after a finished sentence or at the
  end of the article is the story's sign-off, and the paragraph before it stays;
- promos and page furniture ("Follow our latest ... via Google news", "Skip to main content",
  newsletter sign-ups), patterns in data/lexicons/noise.yaml;
- bylines ("Martin Chulov ■ The Guardian's Middle East correspondent", "By Jane Doe, Reuters")
  and datelines ("Baghdad ■ Reuters", "WASHINGTON:", "KABUL (Reuters) -"), moved to metadata;
- a repeated headline (the title again, also glued in mid-text); the headline on top stays;
- machine-translated subheads: short lines without final punctuation ("interest", "rare move")
  between story paragraphs (a short standfirst before the first paragraph stays);
- pull-quote bullets ("• ...") that repeat a paragraph of the body.
Known limit: a photo caption on the first line that is a complete sentence ("The minister is
the president's brother.") reads like a lede; it is kept, since no rule without the photo tells
them apart without removing real ledes.
Kept text is copied verbatim, so `CleanText.to_original` maps every clean offset back.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsgraph.errors import InputError
from newsgraph.lexicons import load_yaml
from newsgraph.model import Article, Byline, CleanText, Removed, Segment

# A subhead is a short line with no final punctuation. 8 words: the longest subhead in the
# aggregated articles we read was 6 words ("Renewed hostility to the United States"); real
# one-line paragraphs and standfirsts without a full stop are longer (12-20 words).
MAX_SUBHEAD_WORDS = 8
# A bullet line repeats the body when this share of its words (3+ letters) occur in one other
# paragraph. Pull-quotes reworded by translation keep ~70-90 % of the words; two different
# paragraphs on one topic share < 40 %. 0.6 sits between.
PULLQUOTE_OVERLAP = 0.6
# A pull-quote is a sentence: a bullet with fewer content words (3+ letters) is a list item, whose
# few words trivially occur somewhere in the body ("- Pay a $1,000 fine" in a verdict list).
MIN_PULLQUOTE_WORDS = 6
# Bylines are short: a name, an outlet and a title.
MAX_BYLINE_WORDS = 12
_FINAL = tuple(".!?:;\"”’'»)…")
# A headline glued into a paragraph is cut only when it has this many words: a shorter title
# ("Iraq votes") can be an ordinary clause of a body sentence.
MIN_GLUED_TITLE_WORDS = 4
# The dateline opens the story's first paragraph; a headline and a standfirst may come first,
# so it is looked for on the first 3 kept lines (headline, standfirst, lede) and no deeper, where
# an upper-case "NAME:" is more often a speaker label or a section label than a dateline.
DATELINE_SEARCH_LINES = 3
# Names are capitalised ("by" is not always): only the "by" is case-insensitive.
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:al-|el-|bin\s+|van\s+|de\s+)?[A-Z][\w'’.-]+){1,3}"
_NAMES = rf"{_NAME}(?:\s+(?:and|&)\s+{_NAME})?"  # "By Jane Doe and Omar Haddad"
_BY = r"(?i:by)\s+"
_BYLINE_SEP = re.compile(rf"^(?P<by>{_BY})?(?P<name>{_NAMES})\s*(?P<sep>■|\||—|–|,|-)\s*(?P<rest>.+)$")
_PLAIN_BY = re.compile(rf"^{_BY}(?P<name>{_NAMES})$")
_DATELINE_PREFIX = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]{1,30}?)(?:,\s*(?P<country>[A-Z][A-Za-z .'-]{1,20}?))??"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\((?P<agency>[A-Za-z. ]{2,25})\))?\s*(?::|—|–|-{1,2})\s+(?=\S)"
)
# The story's first sentence follows a dateline: "BEIRUT - Rescue workers", "US officials", not a
# table row "LEAD - 350 tonnes" or "SOWS - steady" (checked when no agency in brackets vouches).
_SENTENCE_START = re.compile(r"[\"“‘']?(?:[A-Z][a-z]|[A-Z]\s|[A-Z]{2,}\s+[a-z])")
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class _Noise:
    credit_words: frozenset[str]
    wire_agencies: tuple[str, ...]
    promos: tuple[re.Pattern[str], ...]
    caption_credit: re.Pattern[str]
    bullets: tuple[str, ...]
    kicker_labels: frozenset[str]
    pullquote_bullets: tuple[str, ...]
    byline_roles: re.Pattern[str]


@functools.cache
def _noise() -> _Noise:
    data = load_yaml("lexicons/noise.yaml")
    return _Noise(
        credit_words=frozenset(w.lower() for w in data["credit_words"]),
        wire_agencies=tuple(data["wire_agencies"]),
        promos=tuple(re.compile(p, re.IGNORECASE) for p in data["promo_patterns"]),
        caption_credit=re.compile(data["caption_credit_pattern"]),
        bullets=tuple(data["bullets"]),
        kicker_labels=frozenset(w.lower() for w in data["kicker_labels"]),
        pullquote_bullets=tuple(data["pullquote_bullets"]),
        byline_roles=re.compile(r"\b(?:" + "|".join(map(re.escape, data["byline_roles"])) + r")\b", re.I),
    )


@dataclass
class _Line:
    start: int  # offset of the stripped line in the original
    end: int
    text: str  # stripped
    keep_from: int = 0  # chars cut from the start of a kept line (dateline, "/ " artefact)
    cut_reason: str = "dateline"  # why those chars were cut
    reason: str | None = None  # why it is removed; None = kept


def clean(article: Article) -> CleanText:
    """The story text of an article, what was removed and why, and the offset map."""
    original = article.text
    lines = _lines(original)
    bylines: list[Byline] = []
    wires: list[str] = []
    dateline: str | None = None
    title_key = _key(article.title or "")
    content = _split_signoffs(_split_glued_titles([ln for ln in lines if ln.text], article.title or ""))
    for i, ln in enumerate(content):
        if ln.reason is not None:  # a glued headline or a sign-off credit cut out of its paragraph
            if ln.reason == "credit":
                wires.extend(_wires_in(ln.text))
            continue
        if _is_promo(ln.text):
            ln.reason = "promo"
        elif _is_credit(ln.text):
            ln.reason = "credit"
            wires.extend(_wires_in(ln.text))
        elif (place_wire := _place_and_wire(ln.text)) is not None:
            ln.reason = "dateline"
            dateline = dateline or place_wire[0]
            wires.append(place_wire[1])
        elif title_key and _key(ln.text) == title_key and not _opens_story(content, i):
            ln.reason = "headline"  # repeated or glued mid-text; the headline on top is kept
        elif found_bylines := _bylines(ln):
            ln.reason = "byline"
            bylines.extend(found_bylines)
        elif _is_caption(ln.text, i, content):
            ln.reason = "caption"
        elif _is_subhead(ln.text, i, content):
            ln.reason = "subhead"
    _mark_pullquotes(content)
    kept = [ln for ln in content if ln.reason is None and _key(ln.text) != title_key]
    for ln in kept[:DATELINE_SEARCH_LINES]:
        if (label := _kicker_label(ln.text)) is not None:
            ln.keep_from, ln.cut_reason = label, "furniture"  # "BREAKING: ...", not a place
            break
        if found := _dateline_prefix(ln.text):
            cut, place, agency = found
            ln.keep_from = cut
            dateline = dateline or place
            if agency:
                wires.append(agency)
            break
        if _is_paragraph(ln.text):
            break  # the dateline opens the first paragraph of the story, not a later one
    for ln in content:
        if ln.reason is None and not ln.keep_from and ln.text.startswith(("/ ", "■ ")):
            ln.keep_from, ln.cut_reason = 2, "furniture"  # a stray separator left by the aggregator
    return _assemble(article, original, content, bylines, dateline, wires)


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        lead = len(body) - len(body.lstrip())
        start = pos + lead
        out.append(_Line(start, start + len(stripped), stripped))
        pos += len(raw)
    return out


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


def _is_promo(text: str) -> bool:
    return any(p.search(text) for p in _noise().promos)


def _wires_in(text: str) -> list[str]:
    return [a for a in _noise().wire_agencies if re.search(rf"\b{re.escape(a)}\b", text)]


def _is_credit(text: str) -> bool:
    """A line that is only photo credits or agency names: "AFP", "Reuters/File", "(AP)", "picture"."""
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    parts = [p.strip().lower() for p in re.split(r"[/|,;■•]|\band\b", text) if p.strip()]
    return bool(parts) and all(p in _noise().credit_words for p in parts)


def _place_and_wire(text: str) -> tuple[str, str] | None:
    """ "Baghdad ■ Reuters": a dateline line naming a place and a wire agency."""
    m = re.fullmatch(r"([A-Z][\w .'-]{1,30}?)\s*(?:■|\||—|–|-|,)\s*(\w[\w .-]{1,30})", text)
    if m and m.group(1).lower().startswith("by "):
        return None  # "By Samir Haddad, Reuters" is a byline
    if m and m.group(2).strip() in _noise().wire_agencies:
        return m.group(1).strip(), m.group(2).strip()
    return None


def _bylines(ln: _Line) -> list[Byline]:
    """ "Martin Chulov ■ The Guardian's Middle East correspondent", "By Jane Doe, Reuters",
    "By Jane Doe and Omar Haddad": one Byline per author, [] when the line is no byline."""
    text = ln.text
    if len(text.split()) > MAX_BYLINE_WORDS or text.endswith((".", "?", "!", '"', "”")):
        return []
    m = _BYLINE_SEP.match(text)
    found = m or _PLAIN_BY.match(text)
    if found is None:
        return []
    names = _names(found.group("name"), ln.start + found.start("name"))
    if not m:
        return [Byline(name, start, start + len(name)) for name, start in names]
    rest = m.group("rest").strip()
    org_m = re.match(r"(?P<org>(?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}?)(?:['’]s\b|,|\s*$)", rest)
    if not org_m:
        return []
    org = org_m.group("org").strip()
    title = rest[org_m.end() :].strip(" ,") or None
    if title and not title[:1].isalpha():
        return []
    if not m.group("by") and m.group("sep") in ",-" and not _names_an_outlet(org, title):
        return []  # "Lansdowne Road, Dublin": a comma or hyphen alone also joins places and labels
    org_start = ln.start + m.start("rest") + (len(m.group("rest")) - len(m.group("rest").lstrip()))
    return [
        Byline(name, start, start + len(name), title, org, org_start, org_start + len(org))
        for name, start in names
    ]


def _names_an_outlet(org: str, title: str | None) -> bool:
    """The part after a name is a wire agency or holds a newsroom role ("correspondent")."""
    return org in _noise().wire_agencies or bool(title and _noise().byline_roles.search(title))


def _names(names: str, start: int) -> list[tuple[str, int]]:
    """ "Jane Doe and Omar Haddad" at `start` -> each name with its original offset."""
    out = []
    for part in re.finditer(_NAME, names):
        out.append((part.group(0), start + part.start()))
    return out


def _is_caption(text: str, i: int, content: list[_Line]) -> bool:
    """A line followed by a credit line, or ending in a parenthesised credit."""
    if i + 1 < len(content) and _is_credit(content[i + 1].text):
        # a credit closing the article is the story's sign-off ("... said.\n\nReuters"), so the
        # line before it is the last paragraph; a caption's credit has the story after it
        return any(not _is_credit(ln.text) and not _is_promo(ln.text) for ln in content[i + 2 :])
    return _trailing_credit(text) is not None


def _trailing_credit(text: str) -> re.Match[str] | None:
    """The parenthesised credit ending a line: "(Reuters/File photo)", "(Photo: AFP)"."""
    m = _noise().caption_credit.search(text)
    if m is None:
        return None
    inside = re.split(r"[/:,]", m.group(0).strip("() "))
    return m if any(p.strip().lower() in _noise().credit_words for p in inside) else None


def _split_signoffs(content: list[_Line]) -> list[_Line]:
    """ "... the ministry said. (Reuters)": the wire sign-off of a paragraph is a credit, the
    paragraph stays. A credit after an unfinished sentence closes a caption instead."""
    out: list[_Line] = []
    for ln in content:
        m = _trailing_credit(ln.text)
        before = ln.text[: m.start()].rstrip() if m else ""
        if m is None or not before.endswith(_FINAL):
            out.append(ln)
            continue
        out.append(_Line(ln.start, ln.start + len(before), before))
        credit = m.group(0).strip()
        out.append(_Line(ln.end - len(credit), ln.end, credit, reason="credit"))
    return out


def _opens_story(content: list[_Line], i: int) -> bool:
    """The line is the first one of the article that is not furniture (its headline on top)."""
    return all(ln.reason in ("promo", "credit", "furniture") for ln in content[:i])


_DATE_LINE = re.compile(
    r"^(?:[A-Z][a-z]+day,?\s+)?(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})$"
)


def _is_subhead(text: str, i: int, content: list[_Line]) -> bool:
    """A short line without final punctuation between paragraphs: a subhead or a label."""
    if i == 0 or text.endswith(_FINAL) or text.startswith(_noise().bullets) or _DATE_LINE.match(text):
        return False  # a date on its own line ("March 01, 2008") is the story's date, kept
    words = text.split()
    if len(words) > MAX_SUBHEAD_WORDS or _is_data_line(words):
        return False
    nxt = content[i + 1].text if i + 1 < len(content) else ""
    if nxt[:1].islower():
        return False  # a sentence broken across lines ("Parry said Madrid / did / ask for ...")
    # A subhead divides a body: a story paragraph comes before it (what precedes the first one is
    # the headline or the standfirst, kept) and body text after it (not the end of the article).
    return any(ln.reason is None and _is_paragraph(ln.text) for ln in content[:i]) and any(
        ln.reason is None or ln.reason == "dateline" for ln in content[i + 1 :]
    )


def _is_data_line(words: list[str]) -> bool:
    """A table row or a score line ("Sunflowerseed 1,800 18,800"), not a heading."""
    numeric = sum(any(ch.isdigit() for ch in w) for w in words)
    return numeric > 1 or not any(w.isalpha() for w in words)


def _is_paragraph(text: str) -> bool:
    """A line of running story text: longer than a subhead, with final punctuation."""
    return len(text.split()) > MAX_SUBHEAD_WORDS and text.endswith(_FINAL)


def _mark_pullquotes(content: list[_Line]) -> None:
    bullets = _noise().pullquote_bullets
    bodies = [ln for ln in content if ln.reason is None and not ln.text.startswith(_noise().bullets)]
    for ln in content:
        if ln.reason is not None or not ln.text.startswith(bullets):
            continue
        words = {w.lower() for w in _WORD.findall(ln.text)}
        if len(words) < MIN_PULLQUOTE_WORDS:
            continue
        best = max(
            (len(words & {w.lower() for w in _WORD.findall(b.text)}) / len(words) for b in bodies),
            default=0.0,
        )
        if best >= PULLQUOTE_OVERLAP:
            ln.reason = "pullquote"


def _kicker_label(text: str) -> int | None:
    """ "BREAKING: ...", "UPDATE - ...": chars to cut for a section label opening a paragraph."""
    m = re.match(r"^([A-Z][A-Za-z' ]{2,20}?)\s*(?::|—|–|-{1,2})\s+(?=\S)", text)
    if m and m.group(1).isupper() and m.group(1).lower() in _noise().kicker_labels:
        return m.end()
    return None


def _split_glued_titles(content: list[_Line], title: str) -> list[_Line]:
    """Cut the headline out of a paragraph it was glued into ("... said. Ministers Reject Deal
    The talks ..."); the pieces around it become paragraphs of their own."""
    words = title.split()
    if len(words) < MIN_GLUED_TITLE_WORDS:
        return content
    if not _may_hold(content, words):
        return content  # the common case: no need to build (~2 ms) the title's regex
    # whitespace- and apostrophe-tolerant, at a sentence boundary on both sides
    body = r"\s+".join(re.sub("['’]", "['’]", re.escape(w)) for w in words)
    pattern = re.compile(rf"(?:^|(?<=[.!?\"”]\s))((?i:{body}))(?=\s+[\"“A-Z0-9]|$)")
    out: list[_Line] = []
    for ln in content:
        m = pattern.search(ln.text)
        if m is None or m.group(1) == ln.text:
            out.append(ln)
            continue
        before, after = ln.text[: m.start(1)].rstrip(), ln.text[m.end(1) :].lstrip()
        if before:
            out.append(_Line(ln.start, ln.start + len(before), before))
        head_start = ln.start + m.start(1)
        out.append(_Line(head_start, head_start + len(m.group(1)), m.group(1), reason="headline"))
        if after:
            after_start = ln.end - len(after)
            out.append(_Line(after_start, ln.end, after))
    return out


def _may_hold(content: list[_Line], words: list[str]) -> bool:
    """Whether some line holds the title's longest word (case-folded): cheap test first."""
    longest = max((w for word in words for w in re.findall(r"\w+", word)), key=len, default="")
    key = longest.casefold()
    return not key or any(key in ln.text.casefold() for ln in content)


def _dateline_prefix(text: str) -> tuple[int, str, str | None] | None:
    """ "WASHINGTON: The United States ..." -> (chars to cut, "Washington", agency or None)."""
    m = _DATELINE_PREFIX.match(text)
    if not m:
        return None
    place = m.group("place").strip()
    agency = (m.group("agency") or "").strip() or None
    # a dateline place is upper case ("BAGHDAD") or followed by an agency in brackets
    if not (place.isupper() or agency):
        return None
    if agency and agency not in _noise().wire_agencies:
        return None
    if not agency and not _SENTENCE_START.match(text, m.end()):
        return None
    return m.end(), place.title() if place.isupper() else place, agency


def _assemble(
    article: Article,
    original: str,
    content: list[_Line],
    bylines: list[Byline],
    dateline: str | None,
    wires: list[str],
) -> CleanText:
    parts: list[str] = []
    segments: list[Segment] = []
    removed: list[Removed] = []
    pos = 0
    for ln in content:
        if ln.reason is not None:
            removed.append(Removed(ln.start, ln.end, ln.reason, ln.text))
            continue
        if ln.keep_from:
            removed.append(Removed(ln.start, ln.start + ln.keep_from, ln.cut_reason, ln.text[: ln.keep_from]))
        kept = ln.text[ln.keep_from :]
        if parts:
            parts.append("\n\n")
            pos += 2
        segments.append(Segment(pos, ln.start + ln.keep_from, len(kept)))
        parts.append(kept)
        pos += len(kept)
    text = "".join(parts)
    if not text.strip():
        raise InputError(article.id, "nothing left after cleaning (only captions, credits or promos)")
    return CleanText(
        text=text,
        original=original,
        segments=tuple(segments),
        removed=tuple(removed),
        bylines=tuple(bylines),
        dateline=dateline,
        wire_sources=tuple(dict.fromkeys(wires)),
    )


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    _noise()

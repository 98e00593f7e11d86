"""clean: remove what is not the story, keep a map back to the original text.

Works line by line (a line of the input is a paragraph, a caption, a credit...), because the
debris of aggregated and machine-translated news is line-shaped:
- credits ("AFP", "Reuters", "picture") and the captions they close, or captions ending in a
  parenthesised credit "(Reuters/File photo)";
- promos and page furniture ("Follow our latest ... via Google news", "Skip to main content",
  newsletter sign-ups), patterns in data/lexicons/noise.yaml;
- bylines ("Martin Chulov ■ The Guardian's Middle East correspondent", "By Jane Doe, Reuters")
  and datelines ("Baghdad ■ Reuters", "WASHINGTON:", "KABUL (Reuters) -"), moved to metadata;
- a repeated headline (the title again, also glued in mid-text);
- machine-translated subheads: short lines without final punctuation ("interest", "rare move");
- pull-quote bullets ("• ...") that repeat a paragraph of the body.
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
# Bylines are short: a name, an outlet and a title.
MAX_BYLINE_WORDS = 12
_FINAL = tuple(".!?:;\"”’'»)…")
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:al-|el-|bin\s+|van\s+|de\s+)?[A-Z][\w'’.-]+){1,3}"
_BYLINE_SEP = re.compile(rf"^(?:by\s+)?(?P<name>{_NAME})\s*(?:■|\||—|–|,|-)\s*(?P<rest>.+)$", re.IGNORECASE)
_DATELINE_PREFIX = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'-]{1,30}?)(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"(?:\s*\((?P<agency>[A-Za-z. ]{2,25})\))?\s*(?::|—|–|-{1,2})\s+(?=\S)"
)
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class _Noise:
    credit_words: frozenset[str]
    wire_agencies: tuple[str, ...]
    promos: tuple[re.Pattern[str], ...]
    caption_credit: re.Pattern[str]
    bullets: tuple[str, ...]


@functools.cache
def _noise() -> _Noise:
    data = load_yaml("lexicons/noise.yaml")
    return _Noise(
        credit_words=frozenset(w.lower() for w in data["credit_words"]),
        wire_agencies=tuple(data["wire_agencies"]),
        promos=tuple(re.compile(p, re.IGNORECASE) for p in data["promo_patterns"]),
        caption_credit=re.compile(data["caption_credit_pattern"]),
        bullets=tuple(data["bullets"]),
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
    noise = _noise()
    title_key = _key(article.title or "")
    content = [ln for ln in lines if ln.text]
    for i, ln in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else None
        if _is_promo(ln.text):
            ln.reason = "promo"
        elif _is_credit(ln.text):
            ln.reason = "credit"
            wires.extend(a for a in noise.wire_agencies if re.search(rf"\b{re.escape(a)}\b", ln.text))
        elif (place_wire := _place_and_wire(ln.text)) is not None:
            ln.reason = "dateline"
            dateline = dateline or place_wire[0]
            wires.append(place_wire[1])
        elif title_key and _key(ln.text) == title_key and not _opens_story(content, i):
            ln.reason = "headline"  # repeated or glued mid-text; the headline on top is kept
        elif (b := _byline(ln, original)) is not None:
            ln.reason = "byline"
            bylines.append(b)
        elif _is_caption(ln.text, nxt):
            ln.reason = "caption"
        elif _is_subhead(ln.text, i, content):
            ln.reason = "subhead"
    _mark_pullquotes(content)
    first_body = next((ln for ln in content if ln.reason is None and _key(ln.text) != title_key), None)
    if first_body is not None:
        found = _dateline_prefix(first_body.text)
        if found:
            cut, place, agency = found
            first_body.keep_from = cut
            dateline = dateline or place
            if agency:
                wires.append(agency)
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


def _is_credit(text: str) -> bool:
    """A line that is only photo credits or agency names: "AFP", "Reuters/File", "picture"."""
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


def _byline(ln: _Line, original: str) -> Byline | None:
    """ "Martin Chulov ■ The Guardian's Middle East correspondent", "By Jane Doe, Reuters"."""
    text = ln.text
    if len(text.split()) > MAX_BYLINE_WORDS or text.endswith((".", "?", "!", '"', "”")):
        return None
    m = _BYLINE_SEP.match(text)
    plain_by = re.match(rf"^by\s+(?P<name>{_NAME})$", text, re.IGNORECASE)
    if not m and not plain_by:
        return None
    found = m or plain_by
    assert found is not None
    name = found.group("name")
    name_start = ln.start + found.start("name")
    if not m:
        return Byline(name, name_start, name_start + len(name))
    rest = m.group("rest").strip()
    org_m = re.match(r"(?P<org>(?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}?)(?:['’]s\b|,|\s*$)", rest)
    if not org_m:
        return None
    org = org_m.group("org").strip()
    title = rest[org_m.end() :].strip(" ,") or None
    if title and not title[:1].isalpha():
        return None
    org_start = ln.start + m.start("rest") + (len(m.group("rest")) - len(m.group("rest").lstrip()))
    return Byline(name, name_start, name_start + len(name), title, org, org_start, org_start + len(org))


def _is_caption(text: str, nxt: _Line | None) -> bool:
    """A line followed by a credit line, or ending in a parenthesised credit."""
    if nxt is not None and _is_credit(nxt.text):
        return True
    m = _noise().caption_credit.search(text)
    if m:
        inside = re.split(r"[/:,]", m.group(0).strip("() "))
        return any(p.strip().lower() in _noise().credit_words for p in inside)
    return False


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
    if len(words) > MAX_SUBHEAD_WORDS:
        return False
    # followed by body text, not the end of the article
    return any(ln.reason is None or ln.reason == "dateline" for ln in content[i + 1 :])


def _mark_pullquotes(content: list[_Line]) -> None:
    bodies = [ln for ln in content if ln.reason is None and not ln.text.startswith(_noise().bullets)]
    for ln in content:
        if ln.reason is not None or not ln.text.startswith(_noise().bullets):
            continue
        words = {w.lower() for w in _WORD.findall(ln.text)}
        if not words:
            continue
        best = max(
            (len(words & {w.lower() for w in _WORD.findall(b.text)}) / len(words) for b in bodies),
            default=0.0,
        )
        if best >= PULLQUOTE_OVERLAP:
            ln.reason = "pullquote"


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

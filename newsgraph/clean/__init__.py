"""clean: remove what is not the story, keep a map back to the original text.

Works line by line (a line of the input is a block of the page it came from: a paragraph, a
menu item, a caption, a credit...), in this order:
1. known furniture by its words (data/lexicons/furniture.yaml: share, follow, sign-up, cookie,
   comment-form, advertisement, "Related" and "Also Read" links, credits, gallery controls,
   timestamps, copyright footers; `furniture.py`);
2. the story among the page (`page.py`): on a pasted web page, the menus, headline lists,
   teasers, footers and comments before and after the story; an article without page debris
   around it loses nothing at this step, and an extractor's main text (HTML input,
   `Article.main_text`) skips it: trafilatura has already found the story;
3. bylines, datelines and timestamps into metadata (`bylines.py`): "By Jane Doe and John Roe",
   "BY JANE DOE", "Martin Chulov ■ The Guardian's Middle East correspondent", "KHARTOUM, Sudan
   (AP) —", "Baghdad ■ Reuters", "Reuters November 18, 2019 11:03 PM";
4. credits ("AFP", "Reuters/File", "[File: Jane Doe/AP Photo]") and the captions they close, or
   captions ending in a parenthesised credit "(Reuters/File photo)"; a credit after a finished
   sentence or at the end of the article is the story's sign-off, and the paragraph before it
   stays; a one-sentence caption on top of the story ("The minister is the president's
   brother.": who a picture shows, where a lede reports);
5. the headlines under a "Related" header, also one run into the end of a paragraph; a repeated
   headline (the title again, also glued in mid-text; the headline on top stays); pull-quote
   bullets ("• ...") that repeat a paragraph;
6. machine-translation labels: a lower-case line without final punctuation between paragraphs
   ("interest", "rare move"), and a heading between furniture (a sidebar's title). Other short
   lines (in-body subheads "Battery life", "US FALLS", list items, one-line paragraphs) stay.
Kept text is copied verbatim, so `CleanText.to_original` maps every clean offset back.
"""

from __future__ import annotations

import re

from newsgraph.clean.bylines import (
    DATELINE_SEARCH_LINES,
    bylines,
    dateline_prefix,
    kicker_label,
    outlet_name,
    place_and_wire,
    stamp_line,
)
from newsgraph.clean.furniture import (
    categories,
    furniture_reason,
    is_credit,
    noise,
    trailing_credit,
    wires_in,
)
from newsgraph.clean.lines import FINAL, Line, key, split_lines, stopwords
from newsgraph.clean.page import is_page_region, line_values, story_span
from newsgraph.errors import InputError
from newsgraph.model import Article, Byline, CleanText, Removed, Segment

__all__ = ["clean", "load_data"]

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
# A headline glued into a paragraph is cut only when it has this many words: a shorter title
# ("Iraq votes") can be an ordinary clause of a body sentence.
MIN_GLUED_TITLE_WORDS = 4
# Bylines, datelines and timestamps of a page sit just above its story: they are looked for on
# the last lines of the page region before it (a navigation bar's far end holds other stories'
# authors and dates, never this one's).
PAGE_META_LINES = 8
# A caption written as a sentence on top of the story: one sentence of at most 20 words (the
# ledes of the BBC and Reuters corpora are 25-40 words), the paragraph after it twice as long.
MAX_TOP_CAPTION_WORDS = 20
# "Former PM Jane Doe is the president's sister.": a subject holding a name (two capitalised
# words in a row), a copula, then a determiner.
_IDENTITY = re.compile(
    r"^[\"“]?[A-Z][^,;:]{0,60}?\b[A-Z][\w'’.-]+\s+[A-Z][\w'’.-]+[^,;:]{0,30}?\s(?:is|are)\s+"
    r"(?:the|a|an|his|her|their|its)\s"
)
TOP_CAPTION_LEDE_RATIO = 2
# An author's bio, a press release's "About Ascom" boilerplate, the contact line: among the
# story's last 3 kept lines (a bio is a paragraph or two, its header one more line).
TAIL_LINES = 3
_ABOUT = re.compile(r"^About (?:the )?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}:?$")
_REPORTING = frozenset(
    "said says say told tells announced reported according added stated suggested suggests claimed "
    "claims warned warns revealed reveals believes believed".split()
)
_TIME_WORDS = frozenset(
    "today yesterday tomorrow tonight week weekend month year monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october november "
    "december ago".split()
)
_WORD = re.compile(r"[^\W\d_]{3,}")
_WORD_ONLY = re.compile(r"[^\W\d_]+")
_EXISTENTIAL = re.compile(r"\bthere (?:is|are)\b", re.IGNORECASE)
_NON_SPACE = re.compile(r"\S+")
_PHOTO_LABEL = re.compile(
    r"[(\[]?\s*(?:photo|image|picture|photograph|file photo)s?\s*(?:credit\s*)?(?::|by\b)", re.IGNORECASE
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")


def clean(article: Article) -> CleanText:
    """The story text of an article, what was removed and why, and the offset map."""
    original = article.text
    title = article.title or ""
    content = _split_related(_split_signoffs(_split_glued_titles(split_lines(original), title)))
    meta = _Meta(outlet_name(article.source))
    for ln in content:
        if ln.reason is None and is_credit(ln.text):
            ln.reason = "credit"
        elif ln.reason is None:
            ln.reason = furniture_reason(ln)
        if ln.reason == "credit":
            meta.wires.extend(wires_in(ln.text))
    _mark_related_blocks(content)
    title_key = key(title)
    story_end = len(content) - 1 if article.main_text else _mark_page(content, title_key, meta)
    _mark_lines(content, title_key, meta)
    _mark_tail(content, story_end)
    _mark_pullquotes(content)
    _mark_top_caption(content, title_key)
    _cut_prefixes(content, title_key, meta)
    return _assemble(article, original, content, meta)


def load_data() -> None:
    """Load and check this stage's data files now (main's pipeline.load_data calls each stage's
    at the start of a run, so that a broken file stops the run instead of rejecting records)."""
    categories()
    noise()
    stopwords()


class _Meta:
    """What the removed lines said about the story: authors, dateline, wire agencies."""

    def __init__(self, outlet: str | None = None) -> None:
        self.outlet = outlet  # the record's own outlet, which a dateline may name like a wire
        self.bylines: list[Byline] = []
        self.dateline: str | None = None
        self.wires: list[str] = []

    def place(self, place: str, wire: str | None) -> None:
        self.dateline = self.dateline or place
        if wire:
            self.wires.append(wire)


def _mark_page(content: list[Line], title_key: str, meta: _Meta) -> int:
    """Remove the page around the story (menus, other stories, footers) when there is one;
    the index of the story's last line (its tail follows)."""
    values = line_values(content)
    span = story_span(content, values)
    if span is None:
        return len(content) - 1
    first, last = span
    if is_page_region(content[:first], values[:first], title_key):
        for i, ln in enumerate(content[:first]):
            if i >= first - PAGE_META_LINES and ln.reason is None and _metadata(ln, meta):
                continue
            ln.reason = ln.reason or "page"
    if is_page_region(content[last + 1 :], values[last + 1 :], title_key):
        for ln in content[last + 1 :]:
            ln.reason = ln.reason or "page"
    return last


def _metadata(ln: Line, meta: _Meta) -> bool:
    """Mark a byline, dateline or timestamp line and keep what it says; False if it is none."""
    if (found := bylines(ln)) and not is_credit(ln.text):
        ln.reason = "byline"
        meta.bylines.extend(found)
    elif (place_wire := place_and_wire(ln.text, meta.outlet)) is not None:
        ln.reason = "dateline"
        place, wire = place_wire
        meta.place(place, None if wire == meta.outlet else wire)  # the publisher is no wire
    elif (head := stamp_line(ln)) is not None:
        ln.reason = "timestamp"
        meta.wires.extend(wires_in(head))
    else:
        return False
    return True


def _mark_lines(content: list[Line], title_key: str, meta: _Meta) -> None:
    for i, ln in enumerate(content):
        if ln.reason is not None:
            continue
        if _metadata(ln, meta):
            pass
        elif title_key and ln.key == title_key and not _opens_story(content, i):
            ln.reason = "headline"  # repeated or glued mid-text; the headline on top is kept
        elif _is_caption(ln.text, i, content):
            ln.reason = "caption"
    # labels last: whether a heading stands between furniture is known once every line is judged.
    # A label is never a paragraph, and lines after i are judged after it, so where the first
    # kept paragraph and the last kept line are can be found once (not once per line: a page of
    # 4,000 one-word lines took seconds).
    kept = [i for i, ln in enumerate(content) if ln.reason is None]
    first_paragraph = next((i for i in kept if _is_paragraph(content[i])), len(content))
    last_kept = kept[-1] if kept else -1
    for i, ln in enumerate(content):
        if ln.reason is None and first_paragraph < i < last_kept and _is_label(ln, i, content):
            ln.reason = "subhead"


def _mark_tail(content: list[Line], story_end: int) -> None:
    """At the story's end: author bios and contact lines (tail-only furniture), and the
    boilerplate under an "About <Company>" header of a press release."""
    kept = [i for i, ln in enumerate(content[: story_end + 1]) if ln.reason is None]
    start = kept[-TAIL_LINES] if len(kept) >= TAIL_LINES else 0
    for ln in content[start:]:
        if ln.reason is None:
            ln.reason = furniture_reason(ln, tail=True)
    about = next((i for i in kept[-TAIL_LINES:] if _ABOUT.match(content[i].text)), None)
    if about is not None:
        for ln in content[about:]:
            ln.reason = ln.reason or "bio"


def _is_caption(text: str, i: int, content: list[Line]) -> bool:
    """A line followed by a credit line or a caption marker's line, or ending in a credit."""
    if i > 0 and content[i - 1].reason == "gallery" and content[i - 1].key in ("image caption", "caption"):
        return True  # "Image caption" then the caption
    if i + 1 < len(content) and _credits_a_picture(content[i + 1]):
        # a credit closing the article is the story's sign-off ("... said.\n\nReuters"), so the
        # line before it is the last paragraph; a caption's credit has the story after it
        return any(ln.reason is None and not is_credit(ln.text) for ln in content[i + 2 :])
    return trailing_credit(text) is not None


def _credits_a_picture(ln: Line) -> bool:
    """A credit line closing the caption above it: "AFP", "Jane Doe/Getty Images", "Photo:
    Jane Doe, AP". A "©" line or an "Image copyright" marker may open the next caption instead;
    a label followed by a description ("Picture: smoke rises from the depot") is the caption
    itself, and the paragraph above it is the story's."""
    if is_credit(ln.text):
        return True
    label = _PHOTO_LABEL.match(ln.text) if ln.reason == "credit" else None
    return label is not None and not _describes_a_picture(ln.text[label.end() :])


def _describes_a_picture(rest: str) -> bool:
    """The words after "Picture:" describe what it shows (they hold a lower-case word that is
    not a credit's "via"/"for"), rather than naming who took it ("Jane Doe, AP")."""
    words = [w for w in re.findall(r"[^\W\d_]+", rest) if w not in ("via", "for", "and", "by")]
    return any(w.islower() for w in words)


def _split_signoffs(content: list[Line]) -> list[Line]:
    """ "... the ministry said. (Reuters)": the wire sign-off of a paragraph is a credit, the
    paragraph stays. A credit after an unfinished sentence, or one that says it credits a
    picture ("(Photo: Getty Images)"), closes a caption instead."""
    out: list[Line] = []
    for ln in content:
        m = trailing_credit(ln.text)
        before = ln.text[: m.start()].rstrip() if m else ""
        if m is None or not before.endswith(FINAL) or _PHOTO_LABEL.match(m.group(0)):
            out.append(ln)
            continue
        out.append(Line(ln.start, ln.start + len(before), before))
        credit = m.group(0).strip()
        out.append(Line(ln.end - len(credit), ln.end, credit, reason="credit"))
    return out


def _split_related(content: list[Line]) -> list[Line]:
    """ "... the minister said. Related stories Talks fail ...": a "Related" header run into a
    paragraph after its last sentence; the paragraph stays, the header and the headlines after
    it on the line are the related block (`_mark_related_blocks` goes on from there)."""
    out: list[Line] = []
    for ln in content:
        m = noise().glued_related.search(ln.text) if ln.reason is None else None
        if m is None:
            out.append(ln)
            continue
        before, after = ln.text[: m.start()].rstrip(), ln.text[m.start() :].strip()
        out.append(Line(ln.start, ln.start + len(before), before))
        out.append(Line(ln.end - len(after), ln.end, after, reason="related"))
    return out


def _opens_story(content: list[Line], i: int) -> bool:
    """The line is the first one of the article that is not furniture (its headline on top)."""
    return all(ln.reason is not None for ln in content[:i])


def _is_label(ln: Line, i: int, content: list[Line]) -> bool:
    """A machine-translated label between paragraphs ("interest", "rare move": lower case, no
    final punctuation), or a heading with furniture on both sides (a sidebar's title between a
    byline and a dateline). An English subhead ("Battery life", "US FALLS") stays. The caller
    asks only for lines after the first paragraph and before the last kept line: a subhead
    divides a body, and what precedes the first paragraph is kept."""
    text = ln.text
    if i == 0 or ln.final or text.startswith(noise().bullets) or ln.words > MAX_SUBHEAD_WORDS:
        return False
    if _is_data_line(text.split()):
        return False
    nxt = content[i + 1] if i + 1 < len(content) else None
    if nxt is not None and nxt.text[:1].islower():
        return False  # a sentence broken across lines ("Parry said Madrid / did / ask for ...")
    if text[:1].islower() and not _has_inner_capital(text.split()[0]) and "  " not in text:
        return True  # "iPhone sales" is English; "rare move" is a translated label
    prev = next((content[j] for j in range(i - 1, -1, -1) if not _is_gap(content[j])), None)
    return prev is not None and prev.reason is not None and nxt is not None and nxt.reason is not None


def _is_gap(ln: Line) -> bool:
    return ln.reason in ("credit", "gallery")


def _has_inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _is_data_line(words: list[str]) -> bool:
    """A table row or a score line ("Sunflowerseed 1,800 18,800"), not a heading."""
    numeric = sum(any(ch.isdigit() for ch in w) for w in words)
    return numeric > 1 or not any(w.isalpha() for w in words)


def _is_paragraph(ln: Line) -> bool:
    """A line of running story text: longer than a subhead, with final punctuation."""
    return ln.words > MAX_SUBHEAD_WORDS and ln.final


def _mark_related_blocks(content: list[Line]) -> None:
    """The headlines under a "Related" header, up to the next paragraph of the story."""
    in_block = False
    for ln in content:
        if ln.reason == "related":
            in_block = True
        elif in_block and ln.reason is None:
            if _is_paragraph(ln) and ln.text.lstrip("\"“‘'")[:1].isupper() and ln.stop_density > 0:
                in_block = False
            else:
                ln.reason = "related"


def _mark_pullquotes(content: list[Line]) -> None:
    bullets = noise().pullquote_bullets
    bodies = [ln for ln in content if ln.reason is None and not ln.text.startswith(noise().bullets)]
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


def _mark_top_caption(content: list[Line], title_key: str) -> None:
    """A photo caption written as one sentence above the story, naming who the picture shows
    ("Former PM Jane Doe is the president's sister."): a name, a copula and a determiner, one
    clause (no comma), no report and no time in it; the story's first paragraph, at least twice
    as long, follows. A lede reports what happened, and when ("barred on Monday", "has said")."""
    kept = [ln for ln in content if ln.reason is None and ln.key != title_key]
    if len(kept) < 2:
        return
    top, lede = kept[0], kept[1]
    if not (top.text.endswith(".") and 4 <= top.words <= MAX_TOP_CAPTION_WORDS):
        return
    if lede.words < TOP_CAPTION_LEDE_RATIO * top.words or "," in top.text or _SENTENCE_BREAK.search(top.text):
        return
    if dateline_prefix(top.text) or not _IDENTITY.match(top.text):
        return
    words = {w.lower() for w in _WORD_ONLY.findall(top.text)}
    if _EXISTENTIAL.search(top.text) or any(c.isdigit() for c in top.text):
        return  # "there is ...": no one is named; a number dates or counts something
    if not words & _REPORTING and not words & _TIME_WORDS:
        top.reason = "caption"


def _cut_prefixes(content: list[Line], title_key: str, meta: _Meta) -> None:
    """Datelines and section labels opening the story's first paragraph; stray separators."""
    kept = [ln for ln in content if ln.reason is None and ln.key != title_key]
    for ln in kept[:DATELINE_SEARCH_LINES]:
        if (label := kicker_label(ln.text)) is not None:
            ln.keep_from, ln.cut_reason = label, "furniture"  # "BREAKING: ...", not a place
            break
        if found := dateline_prefix(ln.text):
            cut, place, agency = found
            ln.keep_from = cut
            meta.place(place, agency)
            break
        if _is_paragraph(ln):
            break  # the dateline opens the first paragraph of the story, not a later one
    for ln in content:
        if ln.reason is None and not ln.keep_from and ln.text.startswith(("/ ", "■ ")):
            ln.keep_from, ln.cut_reason = 2, "furniture"  # a stray separator left by the aggregator


def _split_glued_titles(content: list[Line], title: str) -> list[Line]:
    """Cut the headline out of a paragraph it was glued into ("... said. Ministers Reject Deal
    The talks ..."); the pieces around it become paragraphs of their own."""
    words = [_fold(w) for w in title.split()]
    if len(words) < MIN_GLUED_TITLE_WORDS:
        return content
    longest = max((w for word in words for w in re.findall(r"\w+", word)), key=len, default="")
    out: list[Line] = []
    for ln in content:
        found = _glued_title(ln.text, words) if longest in ln.text.casefold() else None
        if found is None:
            out.append(ln)
            continue
        start, end = found
        before, after = ln.text[:start].rstrip(), ln.text[end:].lstrip()
        if before:
            out.append(Line(ln.start, ln.start + len(before), before))
        out.append(Line(ln.start + start, ln.start + end, ln.text[start:end], reason="headline"))
        if after:
            out.append(Line(ln.end - len(after), ln.end, after))
    return out


def _fold(word: str) -> str:
    return word.casefold().replace("’", "'")


def _glued_title(text: str, title_words: list[str]) -> tuple[int, int] | None:
    """The span of the title's words (case- and apostrophe-blind) in a line, when they stand at
    a sentence boundary on both sides and are not the whole line."""
    spans = [(m.start(), m.end()) for m in _NON_SPACE.finditer(text)]
    folded = [_fold(text[a:b]) for a, b in spans]
    k = len(title_words)
    for i in range(len(spans) - k + 1):
        if folded[i : i + k] != title_words:
            continue
        start, end = spans[i][0], spans[i + k - 1][1]
        opens = i == 0 or text[spans[i - 1][1] - 1] in '.!?"”'
        closes = i + k == len(spans) or text[spans[i + k][0]] in '"“' or text[spans[i + k][0]].isupper()
        closes = closes or (i + k < len(spans) and text[spans[i + k][0]].isdigit())
        if opens and closes and (start, end) != (0, len(text)):
            return start, end
    return None


def _assemble(article: Article, original: str, content: list[Line], meta: _Meta) -> CleanText:
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
        bylines=tuple(meta.bylines),
        dateline=meta.dateline,
        wire_sources=tuple(dict.fromkeys(meta.wires)),
    )

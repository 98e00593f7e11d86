"""The story on a pasted web page: where it starts and ends among the page's menus, headline
lists, teasers, footers and comment sections.

A page copied as text keeps its blocks as lines, in reading order: navigation, the headline,
byline and timestamp, the story, then tags, share buttons, other stories' headlines and teasers,
comments and the footer. jusText tells a block of running prose from furniture by its length and
its stop-word density (prose is >= 30 % stop words, menus and headlines are not); trafilatura
also reads the markup, which pasted text no longer has. Here each line gets a value: running
prose counts for its tokens, a menu item, a headline-like line, a repeated line or a line of
known furniture costs; the story is the run of lines with the largest sum (the maximum-sum
segment of the line values, as in Finn, Kushmerick & Smyth's Body Text Extraction, 2001). The
run then takes in the lines at its edges that read as the story's own (short sentences, table
rows, list items).

Lines outside the run are removed only when the region they form is page furniture (several
menu-like, headline-like, repeated or furniture lines): an article without page debris around it
(a wire story, a BBC text, our own cases) loses nothing here, whatever its first lines are.
"""

from __future__ import annotations

import re
from collections import Counter

from newsgraph.clean.furniture import is_credit
from newsgraph.clean.lines import Line

# Running prose: at least 8 tokens, ending like a sentence, >= 30 % stop words (jusText's
# stopwords_low, 0.30: its "near-good" threshold). Shorter lines are judged by their neighbours.
PROSE_MIN_TOKENS = 8
PROSE_STOP_DENSITY = 0.30
# A sentence with few stop words (a results line "Palm Bay (1-0): Tolivert 25 points.") counts
# half: it is story text on some pages and a caption or a teaser on others. Prose without final
# punctuation counts nothing: a list item of the story, or another story's headline.
HALF_PROSE_WEIGHT = 0.5
# A capitalised line without final punctuation is headline-like when 75 % of its content words
# are capitalised ("Man Shot at Dallas Gas Station Dies at Hospital").
HEADLINE_CAPITALISED = 0.75
# Menu items are 1-4 words ("Home", "Trades & Signings", "Sign Out"); a story subhead of that
# size costs the same, but between two paragraphs it is outweighed by them.
MENU_MAX_WORDS = 4
# Costs, swept on the 79 public boilerplate pages (boiler_score.py, clean only). MENU_COST 2 / 4 /
# 6-8 / 12 / 20: shingle F1 0.949 / 0.953 / 0.964 / 0.962 / 0.961, body lines removed 0.017 up to
# 0.018 at 8, then 0.023 and 0.046 (a dear cost cuts stories at their subheads); at 8 a run of
# ten menu items (-80) parts a story from the teasers below it. LINE_COST 1-5 moves F1 by 0.002.
MENU_COST = 8.0
LINE_COST = 3.0
# Prose with no prose line next to it (a teaser between its headline and the next item's) counts
# 0.3 of its tokens. Swept 0.1 / 0.2 / 0.3 / 0.5 / 1.0: F1 0.961 / 0.961 / 0.964 / 0.957 / 0.953;
# below 0.3 the story's own single paragraphs go (body removed 0.039 at 0.1), above it teasers stay.
ISOLATED_PROSE_WEIGHT = 0.3
# Another story's headline: 4-15 words without final punctuation.
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_WORDS = 15
# A table row or a score line ("Rockledge 14 11 6 15 — 44") is neither prose nor furniture.
DATA_DIGITS = 0.3
# A region before or after the story is page furniture when it holds at least this many
# menu-like, headline-like, repeated or furniture lines, and they are at least half its lines.
# Three: a headline, a byline and a timestamp above a story (two of them furniture-like) are no
# page; a navigation bar or a related-links block is three lines or more (2-4 score the same on
# the public pages; 6 leaves short footers in).
PAGE_MIN_CLUTTER = 3
PAGE_CLUTTER_SHARE = 0.5
# ... and at least one line of it is page-level furniture (a share button, a sign-up, a cookie
# notice, "Related", a copyright footer...): every public page has some around its story; the
# tables and fixture lists that open or close wire and BBC stories have none (with these rules,
# no word of the first 3,000 Reuters and the 2,225 BBC articles is taken for a page).
PAGE_MIN_FURNITURE = 1
# ... or two different menu items it repeats (a site's menu comes back in its footer and its
# mobile menu; a table repeats one row label, "Revs nil vs nil", in each period).
PAGE_MIN_REPEATED_MENUS = 2
# A line with a digit in a fifth of its tokens is a table row, not a menu item.
TABLE_ROW_DIGITS = 0.2
# The furniture categories that belong to a page, not to an article: an article's own credits,
# captions, gallery labels and timestamps are no sign of a page around it.
ARTICLE_FURNITURE = frozenset("caption credit gallery timestamp".split())
PAGE_FURNITURE = frozenset(
    "navigation share follow signup cookie comments ad related related_link copyright app bio poll".split()
)
# A table copied cell by cell: a run of lines of at most 10 words (a cell holds a name, a number
# or a short note "1 tackle (1 combined). 3 QH.") with at least 3 numeric cells ("63", "85%"),
# a fifth of the run or more. Menus hold no bare numbers (pagination "1 2 3" is one line).
TABLE_CELL_WORDS = 10
TABLE_MIN_NUMERIC = 3
TABLE_NUMERIC_SHARE = 0.2
# The story's edges take in adjacent short sentences and list items, across at most this many
# subhead-like lines ("UP NEXT", then "Thunder: Host the Lakers on Friday.").
EDGE_SUBHEAD_SKIP = 1
EDGE_SUBHEAD_WORDS = 8
# A list item ("Sweden (Group F): Seventh appearance", "Path A: Iceland, Bulgaria") is short;
# a longer capitalised line with a colon is another story's headline ("Sen. David Perdue:
# Democrats' socialist agenda would kill the American dream").
LIST_ITEM_WORDS = 6
# An interview's or a results list's labelled line: "Q: ...", "A: Lebron James", "Thunder: Host
# the Lakers on Friday." (a label of one or two words and a colon).
_LABELLED = re.compile(r"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?:\s+\S")


def story_span(lines: list[Line], values: list[float]) -> tuple[int, int] | None:
    """(first, last) index of the lines of the story, or None when no line reads as prose.
    `values`: line_values(lines)."""
    best, run, first, span = 0.0, 0.0, 0, None
    for i, v in enumerate(values):
        if run <= 0:
            run, first = v, i
        else:
            run += v
        if run > best:
            best, span = run, (first, i)
    if span is None:
        return None
    return _extend(lines, span, values)


def line_values(lines: list[Line]) -> list[float]:
    """What each line adds to the story it is part of: > 0 prose, < 0 furniture-like."""
    repeats = Counter(ln.key for ln in lines)
    headlines = _headline_keys(lines)
    for ln in lines:
        ln.repeated = bool(ln.key) and (repeats[ln.key] > 1 or _opens_with_headline(ln, headlines))
    values = [_value(ln) for ln in lines]
    _neutral_tables(lines, values)
    # A teaser stands alone between its headline and the next item of a list; a story's
    # paragraphs come in runs. Alone, prose counts ISOLATED_PROSE_WEIGHT of its tokens.
    # Captions and credits between paragraphs do not part them.
    out = list(values)
    prose = [i for i, ln in enumerate(lines) if ln.reason not in ARTICLE_FURNITURE]
    for k, i in enumerate(prose):
        before = k > 0 and values[prose[k - 1]] > 0
        after = k + 1 < len(prose) and values[prose[k + 1]] > 0
        if values[i] > 0 and not (before or after):
            out[i] = values[i] * ISOLATED_PROSE_WEIGHT
    return out


def _value(ln: Line) -> float:
    if is_menu_like(ln) and (ln.reason is None or ln.repeated):
        return -MENU_COST
    if ln.reason in ARTICLE_FURNITURE or (ln.repeated and ln.final):
        return -LINE_COST  # a caption or a credit (also a gallery's repeated caption) inside a story
    if ln.reason is not None or ln.repeated or ln.glued_headline:
        return -max(LINE_COST, float(ln.tokens))
    if ln.tokens >= PROSE_MIN_TOKENS:
        if ln.final and ln.stop_density >= PROSE_STOP_DENSITY:
            return float(ln.tokens)
        if ln.final:
            return ln.tokens * HALF_PROSE_WEIGHT
        if ln.stop_density >= PROSE_STOP_DENSITY and ln.capitalised < HEADLINE_CAPITALISED:
            return 0.0  # prose without final punctuation: a list item, or a headline in sentence case
    if ln.digits >= DATA_DIGITS:
        return 0.0
    if is_headline_like(ln):
        return -max(LINE_COST, float(ln.tokens))
    return -LINE_COST


def _neutral_tables(lines: list[Line], values: list[float]) -> None:
    """A table copied cell by cell ("DL", "Larry Ogunjobi", "63", "85%") is short lines like a
    menu, but its numeric cells give it away: in a run of short lines with TABLE_MIN_NUMERIC
    numeric cells or more, making TABLE_NUMERIC_SHARE of it, no line costs anything."""
    run: list[int] = []
    for i, ln in enumerate([*lines, None]):
        if ln is not None and ln.reason is None and ln.words <= TABLE_CELL_WORDS:
            run.append(i)
            continue
        numeric = sum(1 for j in run if lines[j].digits == 1.0)
        if numeric >= TABLE_MIN_NUMERIC and numeric >= TABLE_NUMERIC_SHARE * len(run):
            for j in run:
                values[j] = max(values[j], 0.0)
        run = []


def _headline_keys(lines: list[Line]) -> set[str]:
    """The keys of the page's short unpunctuated lines: headlines of other stories, some of
    which reappear glued to their teaser ("Customers Leave Without Paying $690 Bill At Troy
    SteakhouseA party of six left ...")."""
    return {ln.key for ln in lines if not ln.final and HEADLINE_MIN_WORDS <= ln.words <= HEADLINE_MAX_WORDS}


def _opens_with_headline(ln: Line, headlines: set[str]) -> bool:
    if ln.words <= HEADLINE_MAX_WORDS or not headlines:
        return False
    words = ln.key.split()
    return any(" ".join(words[:k]) in headlines for k in range(HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS + 1))


def is_menu_like(ln: Line) -> bool:
    """A menu item, a tag, a section label: a few words, no sentence, no list punctuation."""
    return (
        ln.words <= MENU_MAX_WORDS
        and not ln.final
        and "," not in ln.text
        and "  " not in ln.text  # columns aligned with spaces: a table's row
        and ln.digits < DATA_DIGITS
    )


def is_headline_like(ln: Line) -> bool:
    """Another story's headline: capitalised words without final punctuation."""
    return not ln.final and ln.words > MENU_MAX_WORDS and ln.capitalised >= HEADLINE_CAPITALISED


def _extend(lines: list[Line], span: tuple[int, int], values: list[float]) -> tuple[int, int]:
    first, last = span
    return _edge(lines, values, first, -1), _edge(lines, values, last, 1)


def _edge(lines: list[Line], values: list[float], i: int, step: int) -> int:
    """Move the story's edge at `i` outwards over the lines that read as the story's own."""
    skipped = 0
    j = i + step
    while 0 <= j < len(lines):
        ln = lines[j]
        if _story_like(ln, values[j]):
            i, skipped = j, 0
        elif skipped < EDGE_SUBHEAD_SKIP and _subhead_like(ln):
            skipped += 1
        else:
            break
        j += step
    return i


def _story_like(ln: Line, value: float) -> bool:
    """A short sentence, a table row or a list item at the story's edge."""
    if ln.reason is not None or ln.repeated or ln.glued_headline:
        return False  # furniture or a repeat
    if value > 0:
        return True
    starts = ln.text[:1]
    sentence = ln.final and ln.words >= 3 and (starts.isupper() or starts.isdigit() or starts in "\"“‘'")
    listed = ln.words >= 2 and (
        _LABELLED.match(ln.text) is not None
        or (
            (":" in ln.text[:-1] or "," in ln.text[:-1])
            and (ln.words <= LIST_ITEM_WORDS or not is_headline_like(ln))
        )
    )
    attribution = ln.text.startswith(("—", "–", "― ")) and ln.words >= 2  # "— Jane Doe (@jdoe) March 2, 2024"
    return sentence or listed or attribution or ln.digits >= DATA_DIGITS


def _subhead_like(ln: Line) -> bool:
    return ln.reason is None and not ln.repeated and not ln.final and ln.words <= EDGE_SUBHEAD_WORDS


def is_page_region(lines: list[Line], values: list[float], title_key: str = "") -> bool:
    """Whether a run of lines outside the story is page furniture rather than story text: it
    holds menus, other stories' headlines, repeats or page-level furniture (share, sign-up,
    related...), not only an article's own credits, captions, bylines and timestamps."""
    if not lines:
        return False
    clutter = sum(1 for ln, v in zip(lines, values, strict=True) if _page_clutter(ln, v, title_key))
    furniture = sum(1 for ln in lines if ln.reason in PAGE_FURNITURE)
    menus = len({ln.key for ln in lines if ln.repeated and is_menu_like(ln) and ln.digits < TABLE_ROW_DIGITS})
    return (
        (furniture >= PAGE_MIN_FURNITURE or menus >= PAGE_MIN_REPEATED_MENUS)
        and clutter >= PAGE_MIN_CLUTTER
        and clutter >= PAGE_CLUTTER_SHARE * len(lines)
    )


def _page_clutter(ln: Line, value: float, title_key: str) -> bool:
    """A line of a page, not of an article: page furniture, or a line that is not prose (a
    menu item, another story's headline) and not the article's own credit or title."""
    if ln.reason is not None:
        return ln.reason in PAGE_FURNITURE
    if ln.digits >= TABLE_ROW_DIGITS:
        return False  # a table row ("Oper shr 73 cts vs 65 cts"), not a menu
    return value < 0 and not is_credit(ln.text) and not (title_key and ln.key == title_key)

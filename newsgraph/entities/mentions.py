"""entities.mentions: spaCy's entities -> name mentions the stage works on.

Each mention is trimmed of "the", possessive "'s" and quote marks, its honorific split off
("General Ismail Qaani" -> core "Ismail Qaani"), and names the tagger ran together ("Kerman,
Soleimani") or cut apart ("Karim"/GPE + "Haddad"/PERSON) are split or joined.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, ENT_IOB, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from newsgraph.gazetteer import gazetteer, is_well_known_place, place
from newsgraph.names import honorific_words, is_honorific, name_words, split_honorific
from newsgraph.nlp import cased_doc_text, doc_text, token_starts
from newsgraph.sectors import agent_dictionary

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")
_QUOTES = "\"'“”‘’«»`"
_POSSESSIVE = ("'s", "’s", "'", "’")


@dataclass
class NameMention:
    start: int
    end: int
    surface: str  # the name as written, honorific included, "the"/possessive/quotes trimmed
    core: str  # the name without honorific
    label: str
    source: str = "ner"
    ruler_id: str | None = None
    tokens: tuple[str, ...] = field(default=())  # words of `core`
    root: int = -1  # index of the span's syntactic head token (-1: not known)
    state: str | None = None  # the state a capital stands for where it acts ("Washington accused")
    titled: str | None = None  # "General Ismail Qaani" when a title stands before the name
    prev_word: str = ""  # the word before the mention ("Mahinda" before a lone "Rajapaksa")

    @property
    def is_full(self) -> bool:
        return len([t for t in self.tokens if t.lower() not in name_words().particles]) >= 2


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without leading determiners/quotes and trailing possessives/quotes/punct."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].text in _QUOTES):
        start += 1
    for i in range(start + 1, end):  # "Office of Foreign Assets Control (OFAC": the name ends before "("
        if doc[i].text == "(" and not any(t.text == ")" for t in doc[i:end]):
            end = i
            break
    while end > start and (
        doc[end - 1].text in _POSSESSIVE
        or doc[end - 1].text in _QUOTES
        or (doc[end - 1].is_punct and doc[end - 1].text not in ".)")
    ):
        end -= 1
    return start, end


def make_mention(
    doc: Doc, span: Span, label: str, source: str, ruler_id: str | None = None
) -> NameMention | None:
    start, end = _trim(doc, span.start, span.end)
    if start >= end:
        return None
    if label == "PERSON":
        start = _extend_name_left(doc, start, end)
    s = doc[start:end]
    cased = cased_doc_text(doc)  # names as the model read them: "Vajpayee" of "vajpayee"
    surface = cased[s.start_char : s.end_char]
    words = surface.split()
    core_words = words
    if label == "PERSON":
        if any(ch.isdigit() for ch in surface) or is_honorific(words):
            return None  # "Perm 35", a bare "Lib Dem": not a person's name
        _, core_words = split_honorific(words)
        while core_words and (core_words[-1] in name_words().post_nominals or core_words[-1].islower()):
            core_words = core_words[:-1]  # "Paul Boateng MP", "Moazzam Begg have"
        if not core_words:
            return None
    core = " ".join(core_words)
    if not any(ch.isalpha() for ch in core):
        return None
    titled = title_before(doc, start) if label == "PERSON" else None
    return NameMention(
        s.start_char,
        s.end_char,
        surface,
        core,
        label,
        source,
        ruler_id,
        tokens=tuple(core_words),
        titled=f"{titled} {surface}" if titled else None,
        root=s.root.i,
        prev_word=_cased_token(doc, start - 1) if start > 0 else "",
    )


def _extend_name_left(doc: Doc, start: int, end: int) -> int:
    """ "Imran Khan" that the tagger cut to "Khan": a capitalised proper noun compounded onto the
    name (and no honorific or other entity) belongs to it."""
    while start > 0:
        t = doc[start - 1]
        if not (
            t.pos_ == "PROPN"
            and _cased_token(doc, t.i).istitle()
            and t.dep_ == "compound"
            and start <= t.head.i < end
        ):
            break
        if t.ent_type_ or t.lower_ in honorific_words():
            break
        start -= 1
    return start


def title_before(doc: Doc, start: int) -> str | None:
    """The honorific right before a name ("General" in "General Ismail Qaani"), if any."""
    if start == 0 or doc[start - 1].lower_ not in honorific_words():
        return None
    for h in name_words().honorifics:
        if start >= len(h) and tuple(t.lower_ for t in doc[start - len(h) : start]) == h:
            first = doc[start - len(h)]
            return cased_doc_text(doc)[first.idx : doc[start - 1].idx + len(doc[start - 1])]
    return None


def _cased_token(doc: Doc, i: int) -> str:
    """Token `i` as the model read it (truecased where the sentence was)."""
    t = doc[i]
    return cased_doc_text(doc)[t.idx : t.idx + len(t)]


def _is_title_fragment(doc: Doc, span: Span) -> bool:
    """'Supreme' of "Supreme Leader", 'Prime' of "Prime Minister": a title, not a name."""
    if span.end >= len(doc) or doc[span.end].lower_ not in honorific_words():
        return False
    words = [t.lower_ for t in doc[span.start : min(span.end + 2, len(doc))]]
    return any(tuple(words[: len(h)]) == h for h in name_words().honorifics if len(h) > 1)


def _capitalised_agent_noun(doc: Doc, span: Span, m: NameMention) -> bool:
    """One word that opens its sentence, modifies the noun after it and, lower-cased, is a noun
    of the agent dictionary ("Army spokesman", "Police chief"): capitalised by its place, not a
    name (the agents stage codes it)."""
    tok = doc[span.start]
    if len(m.tokens) != 1 or not tok.is_sent_start or tok.dep_ not in ("compound", "amod", "nmod"):
        return False  # "Senate voted": the subject may be the body's proper name
    return agent_dictionary().match([tok.lower_], tok.lemma_.lower()) is not None


def collect(doc: Doc) -> list[NameMention]:
    out = []
    gaz = gazetteer()
    groups = gaz.group_words
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS or _is_title_fragment(doc, ent):
            continue
        source = "ruler" if ent.ent_id_ else "ner"
        for part in _split_at_commas(ent):
            m = make_mention(doc, part, ent.label_, source, ent.ent_id_ or None)
            if m and m.core.islower() and source == "ner":
                continue  # "congress", "the state": common nouns the small model took for names
            if m and source == "ner" and _capitalised_agent_noun(doc, part, m):
                continue  # "Army spokesman ...": the sentence's first word, an agent's noun
            if m is None or m.core in gaz.not_names or (source == "ner" and _names_an_event(m)):
                continue  # "08:30 UTC", "USD", "the Paris Air Show": no person, organisation or place
            if m.core in groups:
                m.label = "NORP"
            out.append(m)
    out = _join_split_countries(doc, _join_split_names(doc, out))
    return sorted(out + _unlabelled_places(doc, out), key=lambda m: m.start)


# Syntactic roles in which a proper noun the model left unlabelled may be taken for the
# well-known place it spells ("entered Sirte", "in Sirte", "Benghazi and Sirte"); not a
# subject, which is as often a person ("Jackson said").
_PLACE_DEPS = frozenset({"pobj", "dobj", "conj", "appos"})


def _unlabelled_places(doc: Doc, mentions: list[NameMention]) -> list[NameMention]:
    """Well-known places (GeoNames, by their own name) that the model tagged a proper noun but
    labelled no entity: one word, outside every entity, object of a verb or a preposition."""
    arr = doc.to_array([POS, ENT_IOB, DEP])
    proper = arr[:, 0] == _PROPN
    alone = proper.copy()  # a proper noun with none beside it: not part of a longer name
    alone[1:] &= ~proper[:-1]
    alone[:-1] &= ~proper[1:]
    # ENT_IOB 2 is "O": outside every entity; the mentions are entities' spans
    deps = arr[:, 2]
    in_role = functools.reduce(np.logical_or, [deps == d for d in _place_dep_ids()])  # np.isin: 3x slower
    picked = np.flatnonzero(alone & (arr[:, 1] == 2) & in_role)
    covered = [(m.start, m.end) for m in mentions]  # a name this stage joined ("Sao Tome and Principe")
    out = []
    for i in picked.tolist():
        t = doc[i]
        if not t.is_alpha or len(t) < 4 or any(a <= t.idx < b for a, b in covered):
            continue
        found = place(cased_doc_text(doc)[t.idx : t.idx + len(t)])
        if found is None or not found.main_name or not (is_well_known_place(found) or found.kind != "city"):
            continue
        m = make_mention(doc, doc[i : i + 1], "GPE", "gazetteer")
        if m is not None:
            out.append(m)
    return out


_PROPN = POS_IDS["PROPN"]


@functools.cache
def _place_dep_ids() -> tuple[int, ...]:
    return tuple(get_string_id(d) for d in sorted(_PLACE_DEPS))


def _names_an_event(m: NameMention) -> bool:
    """ "Worldwide Developers Conference", "Paris Air Show": a name ending in an event's head word."""
    return len(m.tokens) >= 2 and m.tokens[-1] in gazetteer().event_heads


def _join_split_names(doc: Doc, mentions: list[NameMention]) -> list[NameMention]:
    """ "Karim"/GPE + "Haddad"/PERSON: a given name the tagger cut off the person it names."""
    out: list[NameMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and m.label == "PERSON"
            and len(prev.tokens) == 1
            and prev.tokens[0].lower() in name_words().given_names
            and doc_text(doc)[prev.end : m.start].strip() == ""
        ):
            span = doc.char_span(prev.start, m.end, alignment_mode="expand")
            joined = make_mention(doc, span, "PERSON", m.source) if span is not None else None
            if joined is not None:
                out[-1] = joined
                continue
        out.append(m)
    return out


def _join_split_countries(doc: Doc, mentions: list[NameMention]) -> list[NameMention]:
    """ "Sao Tome"/PERSON + "Principe"/PERSON, "Bosnia"/GPE + "Herzegovina"/PERSON: a state's name
    of several words that the model cut into pieces (or labelled in part) is one place. The
    pieces must lie inside the name; a longer name around it ("United States Air Force")
    stays as the model read it."""
    text = cased_doc_text(doc)
    for start, end in _country_names_in(doc, text, mentions):
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        across = [
            m for m in mentions if m.start < end and start < m.end and not (start <= m.start and m.end <= end)
        ]
        if across or not inside or (len(inside) == 1 and inside[0].label in PLACE_LABELS):
            continue
        span = doc.char_span(start, end, alignment_mode="contract")
        joined = make_mention(doc, span, "GPE", "ner") if span is not None else None
        if joined is None:
            continue
        mentions = sorted([m for m in mentions if m not in inside] + [joined], key=lambda m: m.start)
    return mentions


# "Democratic Republic of the Congo": the longest state names put four words before the piece
# the model may have labelled alone.
COUNTRY_WORDS_BEFORE = 4


def _country_names_in(doc: Doc, text: str, mentions: list[NameMention]) -> list[tuple[int, int]]:
    """(start, end) of each name of a state of two words or more that starts at a mention or
    at most `COUNTRY_WORDS_BEFORE` words before one ("Sao Tome and Principe" before "Principe",
    "Democratic Republic of the Congo"), the longest where several start alike: only there can
    the model have cut one."""
    by_first = _multiword_countries()
    starts = token_starts(doc)
    candidates: set[int] = set()
    for m in mentions:
        i = starts.get(m.start)
        if i is not None:
            candidates.update(range(max(0, i - COUNTRY_WORDS_BEFORE), i + 1))
    out = []
    for i in sorted(candidates):
        t = doc[i]
        for name in by_first.get(t.lower_, ()):
            end = t.idx + len(name)
            if text.startswith(name, t.idx) and (end == len(text) or not text[end].isalnum()):
                out.append((t.idx, end))
                break
    return out


@functools.cache
def _multiword_countries() -> dict[str, tuple[str, ...]]:
    """First word, lower-cased -> the state names of two words or more that open with it."""
    out: dict[str, list[str]] = {}
    for name in gazetteer().country_names:  # longest first
        if " " in name and name[:1].isupper():
            out.setdefault(name.split()[0].lower(), []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _split_at_commas(span: Span) -> list[Span]:
    """ "Kerman, Soleimani" is two names the tagger ran together."""
    parts, start = [], span.start
    for tok in span:
        # "Kerman, Soleimani", "MPs - Keith Vaz": a comma or a spaced dash ends a name
        if tok.text in (",", ";") or (tok.text in ("-", "–", "—") and tok.whitespace_):
            if tok.i > start:
                parts.append(span.doc[start : tok.i])
            start = tok.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts

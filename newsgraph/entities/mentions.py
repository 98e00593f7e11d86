"""entities.mentions: spaCy's entities -> name mentions the stage works on.

Each mention is trimmed of "the", possessive "'s" and quote marks, its honorific split off
("General Ismail Qaani" -> core "Ismail Qaani"), and names the tagger ran together ("Kerman,
Soleimani") or cut apart ("Karim"/GPE + "Haddad"/PERSON) are split or joined.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsgraph.gazetteer import gazetteer
from newsgraph.names import honorific_words, is_honorific, name_words, split_honorific
from newsgraph.nlp import doc_text

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
    surface = s.text
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
    titled = _title_before(doc, start) if label == "PERSON" else None
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
        prev_word=doc[start - 1].text if start > 0 else "",
    )


def _extend_name_left(doc: Doc, start: int, end: int) -> int:
    """ "Imran Khan" that the tagger cut to "Khan": a capitalised proper noun compounded onto the
    name (and no honorific or other entity) belongs to it."""
    while start > 0:
        t = doc[start - 1]
        if not (t.pos_ == "PROPN" and t.is_title and t.dep_ == "compound" and start <= t.head.i < end):
            break
        if t.ent_type_ or t.lower_ in honorific_words():
            break
        start -= 1
    return start


def _title_before(doc: Doc, start: int) -> str | None:
    """The honorific right before a name ("General" in "General Ismail Qaani"), if any."""
    if start == 0 or doc[start - 1].lower_ not in honorific_words():
        return None
    for h in name_words().honorifics:
        if start >= len(h) and tuple(t.lower_ for t in doc[start - len(h) : start]) == h:
            return doc[start - len(h) : start].text
    return None


def _is_title_fragment(doc: Doc, span: Span) -> bool:
    """'Supreme' of "Supreme Leader", 'Prime' of "Prime Minister": a title, not a name."""
    if span.end >= len(doc) or doc[span.end].lower_ not in honorific_words():
        return False
    words = [t.lower_ for t in doc[span.start : min(span.end + 2, len(doc))]]
    return any(tuple(words[: len(h)]) == h for h in name_words().honorifics if len(h) > 1)


def collect(doc: Doc) -> list[NameMention]:
    out = []
    groups = gazetteer().group_words
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS or _is_title_fragment(doc, ent):
            continue
        source = "ruler" if ent.ent_id_ else "ner"
        for part in _split_at_commas(ent):
            m = make_mention(doc, part, ent.label_, source, ent.ent_id_ or None)
            if m and m.core.islower() and source == "ner":
                continue  # "congress", "the state": common nouns the small model took for names
            if m and m.core in groups:
                m.label = "NORP"
            if m:
                out.append(m)
    return _join_split_names(doc, out)


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

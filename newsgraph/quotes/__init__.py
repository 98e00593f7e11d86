"""quotes: who said, believes, intends or shows what, named or not.

`find_quotes` joins two readings of the article:
- the stretches between quotation marks (quotes/marks.py), and
- the attributions the parse shows (quotes/clauses.py): a cue from the data files
  (quotes/cues.py: verbs of saying, believing, intending and showing, nouns, "according to",
  "in a statement"), the source it names and the content it attributes.

A claim whose content is a quoted stretch makes that stretch a direct quote with the claim's
speaker; a claim whose content holds quoted fragments and words of the reporter's own is ONE
mixed attribution ("called the plan “a disaster” for farmers"); any other claim is indirect
(speech), belief (belief and intention) or evidence ("a poll shows"). A quoted stretch no claim
reaches takes its speaker from a transcript label ("PENCE: ..."), a sign-off ("“...” — Jane
Doe"), a cue verb in its sentence, a colon ending the paragraph before ("Caddell continued:"),
or else from the attribution just before it in the same stretch of text (a follow-on quote
belongs to the previous speaker). Speakers are resolved by quotes/speakers.py.

Every quote says its `kind` (direct | mixed | indirect | belief | evidence) so a user can filter.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.model import Entity, EntityIndex, Evidence, Quote
from newsgraph.nlp import doc_text, sent_of
from newsgraph.quotes.clauses import Claim, claims, source_of
from newsgraph.quotes.cues import KIND_OF_FAMILY, Lexicon, lexicon
from newsgraph.quotes.marks import MIN_QUOTE_WORDS, Marked, is_title, marked_spans, paragraphs
from newsgraph.quotes.speakers import UNKNOWN, Speaker, Speakers

__all__ = ["find_quotes", "load_data"]

# A content is a direct quote when at most this many of its words stand outside quotation marks
# (the "that" of `said that "..."`); with more it is a paraphrase that quotes (mixed).
MAX_UNQUOTED_WORDS_OF_DIRECT = 1
# A follow-on quote belongs to the previous speaker when it is in the same paragraph or the next
# one, at most this many characters away (the old quotes.py rule, measured on the public cases).
MAX_FOLLOW_ON_GAP = 400
MAX_FOLLOW_ON_BREAKS = 1
# A quote that ends its sentence may take its cue from the start of the next one when spaCy
# splits `"...," he said.` in two: within this many tokens of that sentence's start.
MAX_NEXT_SENTENCE_CUE_TOKENS = 4
# A quote broken by its cue ("“A,” said X, the minister, “but B.”") goes on after at most this
# many characters of cue.
MAX_SPLIT_GAP = 160
# A label is at most this many words before its colon ("Sen. Elizabeth Warren:").
MAX_LABEL_WORDS = 4

_WORD = re.compile(r"\w+")
_LABEL = re.compile(r"[\"“”'‘«„]?\s*((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*:\s+(?=\S)")


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    lexicon()


def find_quotes(doc: Doc, entities: tuple[Entity, ...], index: EntityIndex) -> tuple[Quote, ...]:
    lex = lexicon()
    text = doc_text(doc)
    marks = marked_spans(text)
    inside = _Inside(marks)
    speakers = Speakers(doc, entities, index, lex, _quoted_tokens(doc, marks))
    found = claims(doc, lex, inside)
    drafts = _Assembly(doc, text, lex, marks, found, speakers).drafts()
    return tuple(_quote(doc, i, d) for i, d in enumerate(sorted(drafts, key=lambda d: d.parts[0]), 1))


class _Inside:
    """Is a char offset between quotation marks? (bisect over the marked stretches)"""

    def __init__(self, marks: list[Marked]) -> None:
        self.starts = [m.open_start for m in marks]
        self.marks = marks

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.marks[k].covers(pos)


def _quoted_tokens(doc: Doc, marks: list[Marked]) -> set[int]:
    out: set[int] = set()
    for m in marks:
        span = doc.char_span(m.open_start, m.close_end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


@dataclass
class _Draft:
    parts: list[tuple[int, int]]  # char spans of the content, in order
    kind: str
    speaker: Speaker
    cue: str | None
    cue_start: int | None  # where the cue is, for the evidence sentence
    mark: Marked | None = None  # the quoted stretch of a direct quote
    verb: str | None = None  # the cue's lemma when it is a verb


class _Assembly:
    def __init__(
        self, doc: Doc, text: str, lex: Lexicon, marks: list[Marked], found: list[Claim], speakers: Speakers
    ) -> None:
        self.doc, self.text, self.lex = doc, text, lex
        self.marks, self.claims, self.speakers = marks, found, speakers
        self.cue_of: dict[int, Claim] = {}  # mark index -> the claim that attributes it
        self.label_of: dict[
            int, tuple[Speaker, int, int]
        ] = {}  # mark index -> (speaker, content start, label end)
        self.in_mixed: set[int] = set()  # mark indices inside a mixed attribution
        self.paragraphs = paragraphs(text)

    def drafts(self) -> list[_Draft]:
        out = self._from_claims()
        out += self._from_labels()
        out += self._from_marks(out)
        return out

    # -- claims --------------------------------------------------------------------------------

    def _from_claims(self) -> list[_Draft]:
        out = []
        for claim in self.claims:
            touched = [k for k, m in enumerate(self.marks) if _overlaps(m, claim.content)]
            if touched and self._unquoted_words(claim.content) <= MAX_UNQUOTED_WORDS_OF_DIRECT:
                for k in touched:
                    self.cue_of.setdefault(k, claim)
                continue
            if claim.quote_only:
                continue
            if touched:
                self.in_mixed.update(touched)
                parts = _merge(
                    [*claim.content, *((self.marks[k].open_start, self.marks[k].close_end) for k in touched)]
                )
                kind = "mixed"
            else:
                parts = list(claim.content)
                kind = KIND_OF_FAMILY[claim.family]
            speaker = self.speakers.of(claim.source, claim.cue_token)
            if speaker.kind == "document" and kind == "indirect":
                kind = "evidence"
            out.append(_Draft(parts, kind, speaker, claim.cue, claim.cue_start, verb=_lemma(claim.cue_token)))
        return out

    def _unquoted_words(self, content: tuple[tuple[int, int], ...]) -> int:
        n = 0
        for start, end in content:
            pos = start
            for m in self.marks:
                if m.close_end <= start or m.open_start >= end:
                    continue
                n += len(_WORD.findall(self.text[pos : max(pos, m.open_start)]))
                pos = max(pos, m.close_end)
            n += len(_WORD.findall(self.text[pos:end]))
        return n

    # -- labels: "PENCE: ...", "Poll: ..." -----------------------------------------------------

    def _from_labels(self) -> list[_Draft]:
        out = []
        for p_start, p_end in self.paragraphs:
            label = self._label_at(p_start, p_end)
            if label is None:
                continue
            (l_start, l_end), content_start = label
            touched = [
                k for k, m in enumerate(self.marks) if m.open_start < p_end and m.close_end > content_start
            ]
            speaker = self.speakers.named_in(l_start, l_end)
            if touched and self.marks[touched[0]].start <= content_start + 1:
                for k in touched:  # a quoted turn ("PENCE: ..." in quotation marks): the label's
                    self.label_of.setdefault(k, (speaker, content_start, l_end))
                continue
            end = p_end - (
                len(self.text[content_start:p_end]) - len(self.text[content_start:p_end].rstrip(" ."))
            )
            kind = self._label_kind(l_start, l_end, speaker)
            out.append(_Draft([(content_start, end)], kind, speaker, ":", l_end))
        return out

    def _label_kind(self, start: int, end: int, speaker: Speaker) -> str:
        """A transcript turn ("PENCE: Well, look ...") gives the speaker's own words; a headline's
        label ("Pence: Flowers won't be at debate") sums them up; a document's shows."""
        if speaker.kind == "document":
            return "evidence"
        return "direct" if self.text[start:end].isupper() else "indirect"

    def _label_at(self, p_start: int, p_end: int) -> tuple[tuple[int, int], int] | None:
        m = _LABEL.match(self.text, p_start, p_end)
        if m is None:
            return None
        words = m.group(1).split()
        if len(words) > MAX_LABEL_WORDS or words[0].lower().strip(".") in self.lex.label_stopwords:
            return None
        if len(_WORD.findall(self.text[m.end() : p_end])) < MIN_QUOTE_WORDS:
            return None
        if not self._names_a_source(m.start(1), m.end(1)):
            return None
        return (m.start(1), m.end(1)), m.end()

    def _names_a_source(self, start: int, end: int) -> bool:
        """A label is a person, an organisation, a NAME IN CAPITALS or a source noun ("Poll")."""
        label = self.text[start:end]
        speaker = self.speakers.named_in(start, end)
        if speaker.kind in ("named_person", "organization"):
            return True
        if label.isupper() and any(c.isalpha() for c in label):
            return True
        return self.lex.source_kinds.get(label.lower()) in ("document", "analyst", "unnamed_official")

    # -- quoted stretches ----------------------------------------------------------------------

    def _from_marks(self, earlier: list[_Draft]) -> list[_Draft]:
        out: list[_Draft] = []
        for k, m in enumerate(self.marks):
            if k in self.in_mixed:
                continue
            claim, label = self.cue_of.get(k), self.label_of.get(k)
            if (
                claim is None
                and label is None
                and (m.words < MIN_QUOTE_WORDS or is_title(self.text, m, self.lex))
            ):
                continue
            start = m.start
            verb = None
            if label is not None:
                speaker, cue, cue_start = label[0], ":", label[2]
                start = max(start, label[1])
            else:
                speaker, cue, cue_start = UNKNOWN, None, None
                if claim is not None:
                    speaker = self.speakers.of(claim.source, claim.cue_token)
                    cue, cue_start, verb = claim.cue, claim.cue_start, _lemma(claim.cue_token)
                if speaker is UNKNOWN:  # no claim, or one the parser left without a subject
                    speaker, cue, cue_start, verb = self._unclaimed(m)
            draft = _Draft([(start, m.end)], "direct", speaker, cue, cue_start, m, verb)
            if out and self._continues_quote(out[-1], draft):
                out[-1].parts.append(draft.parts[0])  # “A,” said X, “but B.”: one quote, two parts
                continue
            if draft.speaker.entity is None and draft.speaker.kind == "unknown":
                draft = self._follow_on(draft, [*earlier, *out])  # no cue, or "he" unresolved
            out.append(draft)
        return out

    def _continues_quote(self, prev: _Draft, draft: _Draft) -> bool:
        """The quote goes on the same sentence after its cue: `“A,” said X, “but B.”`."""
        if prev.mark is None or draft.mark is None or prev.kind != "direct":
            return False
        between = self.text[prev.mark.close_end : draft.mark.open_start]
        first = self.text[draft.mark.start : draft.mark.start + 1]
        broken_off = self.text[prev.mark.start : prev.mark.close_end].rstrip("”\"'»").endswith(",")
        return broken_off and "\n" not in between and first.islower() and len(between) < MAX_SPLIT_GAP

    def _unclaimed(self, m: Marked) -> tuple[Speaker, str | None, int | None, str | None]:
        """The speaker of a quote no claim reaches: a sign-off, a cue verb near it in its
        sentence, or a colon cue ending the paragraph before."""
        sign_off = self._sign_off(m)
        if sign_off is not None:
            return (*sign_off, None)
        near = self._cue_near(m)
        if near is not None:
            verb, source = near
            return self.speakers.of(source, verb), verb.text, verb.idx, _lemma(verb)
        return UNKNOWN, None, None, None

    def _sign_off(self, m: Marked) -> tuple[Speaker, str, int] | None:
        after = self.text[m.close_end : m.close_end + 80]
        stripped = after.lstrip(" \u00a0\t")
        dash = next((d for d in self.lex.sign_off_dashes if stripped.startswith(d)), None)
        if dash is None:
            return None
        at = m.close_end + (len(after) - len(stripped)) + len(dash)
        name = re.match(r"[\s\u00a0]*((?:[A-Z@][\w.'’@-]*[\s\u00a0]?){1,5})", self.text[at : at + 80])
        if name is None:
            return None
        start, end = at + name.start(1), at + name.end(1)
        while end > start and self.text[end - 1] in " \u00a0.":
            end -= 1
        speaker = self.speakers.named_in(start, end)
        return (speaker, dash, at) if speaker is not UNKNOWN else None

    def _cue_near(self, m: Marked) -> tuple[Token, Token] | None:
        """A cue verb with a source in the sentences that hold the quote, outside it, nearest
        first; or the cue verb of a paragraph that ends with a colon just before the quote."""
        doc = self.doc
        first = doc.char_span(m.open_start, min(m.open_start + 1, len(self.text)), alignment_mode="expand")
        last = doc.char_span(max(m.close_end - 1, 0), m.close_end, alignment_mode="expand")
        if first is None or last is None:
            return None
        lo, hi = sent_of(first).start, sent_of(last).end
        if hi < len(doc) and doc[hi - 1].idx + len(doc[hi - 1].text) <= m.close_end + 1:
            nxt = sent_of(doc[hi])
            hi = max(hi, nxt.end) if nxt.start_char - m.close_end < 3 else hi
        own_end = sent_of(last).end
        line_start, line_end = _line_of(self.text, m.open_start)
        best: tuple[int, Token, Token] | None = None
        for tok in doc[lo:hi]:
            if not line_start <= tok.idx < line_end:
                continue  # a cue never stands in another paragraph than its quote
            if m.covers(tok.idx) or tok.pos_ != "VERB" or tok.lemma_.lower() not in self.lex.verbs:
                continue
            if tok.i >= own_end + MAX_NEXT_SENTENCE_CUE_TOKENS:
                break  # in the next sentence only a cue at its start (`"..." He said.`)
            source = source_of(tok)
            if source is None or m.covers(source.idx):
                continue
            distance = min(abs(tok.idx - m.close_end), abs(tok.idx - m.open_start))
            if best is None or distance < best[0]:
                best = (distance, tok, source)
        if best is not None:
            return best[1], best[2]
        return self._colon_before(m, lo)

    def _colon_before(self, m: Marked, sent_start: int) -> tuple[Token, Token] | None:
        """ "Caddell continued:" ending the paragraph (or the text) right before the quote."""
        before = self.text[: m.open_start].rstrip()
        if not before.endswith(":") or len(self.text[len(before) : m.open_start].strip()) > 0:
            return None
        colon = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon is None:
            return None
        for tok in reversed(list(sent_of(colon[0]))):
            if tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.verbs:
                source = source_of(tok)
                if source is not None:
                    return tok, source
        return None

    def _follow_on(self, draft: _Draft, earlier: list[_Draft]) -> _Draft:
        """A quote no cue reaches belongs to the attribution just before it, in its paragraph or
        the one before, unless the text names another person there as a subject after that
        attribution ("“...,” said A. / B was packing her car. / “...”": B's)."""
        start = draft.parts[0][0]
        window = self._stretch_start(start)
        before = [d for d in earlier if window <= d.parts[-1][1] <= start and d.speaker.kind != "unknown"]
        prev = max(before, key=lambda d: d.parts[-1][1]) if before else None
        since = prev.parts[-1][1] if prev is not None else window
        other = self.speakers.subject_between(since, start, prev.speaker if prev is not None else UNKNOWN)
        if other is not None:
            draft.speaker = other
        elif prev is not None and start - prev.parts[-1][1] <= MAX_FOLLOW_ON_GAP:
            draft.speaker, draft.cue, draft.cue_start, draft.verb = (
                prev.speaker,
                prev.cue,
                prev.cue_start,
                prev.verb,
            )
        return draft

    def _stretch_start(self, pos: int) -> int:
        """Where the paragraph before the one holding `pos` begins (MAX_FOLLOW_ON_BREAKS back)."""
        starts = [a for a, _ in self.paragraphs]
        k = max(bisect.bisect_right(starts, pos) - 1 - MAX_FOLLOW_ON_BREAKS, 0)
        return starts[k] if starts else 0


def _lemma(tok: Token | None) -> str | None:
    return tok.lemma_.lower() if tok is not None and tok.pos_ == "VERB" else None


def _line_of(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line (paragraph) that holds `pos`."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


def _overlaps(m: Marked, content: tuple[tuple[int, int], ...]) -> bool:
    return any(m.start < end and start < m.end for start, end in content)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _quote(doc: Doc, n: int, d: _Draft) -> Quote:
    text = doc_text(doc)
    parts = tuple(d.parts)
    start, end = parts[0][0], parts[-1][1]
    words = " ".join(text[a:b] for a, b in parts)
    return Quote(
        id=f"q{n}",
        text=words,
        start=start,
        end=end,
        direct=d.kind == "direct",
        speaker=d.speaker.entity,
        speaker_text=d.speaker.text,
        speaker_kind=d.speaker.kind,
        evidence=_evidence(doc, start, end, d.cue_start),
        cue=d.cue,
        verb=d.verb,
        anonymity_reason=d.speaker.anonymity_reason,
        kind=d.kind,
        speaker_organization=d.speaker.organization,
        parts=parts if len(parts) > 1 else (),
    )


def _evidence(doc: Doc, start: int, end: int, cue_start: int | None) -> Evidence:
    """The sentences that hold the content and its cue."""
    text = doc_text(doc)
    lo, hi = start, end
    if cue_start is not None:
        lo, hi = min(lo, cue_start), max(hi, cue_start + 1)
    first = doc.char_span(lo, min(lo + 1, len(text)), alignment_mode="expand")
    last = doc.char_span(max(hi - 1, 0), hi, alignment_mode="expand")
    s = sent_of(first).start_char if first is not None else lo
    e = sent_of(last).end_char if last is not None else hi
    return Evidence(s, e, text[s:e])

"""quotes: who said what, named or not.

Direct quotes are the text between quotation marks (“ ” " " « » ‘ ’), with the newsroom
conventions: a quote running over several paragraphs reopens its mark on each new paragraph
without closing the one before; a poor translation may close a quote it never opened (the
paragraph after `"I met with X," an official said.`) or open one it never closes (it then
ends with its paragraph). Quotes of one to three words are scare quotes, not statements.

Indirect quotes are the clause a verb of saying governs ("X said (that) ...", "Analysts say
...", "..., according to X"), when it is not itself a direct quote.

The speaker is the subject of the verb of saying, before or after the quote, or of the
previous quote of the same paragraph ("..." he added. "..."). Named speakers resolve to an
entity of the article; a pronoun to the most recent person named before it; anything else is
an unnamed source whose whole description is kept ("a senior Iraqi official", "a resident of
eastern Baghdad"), classified (data/lexicons/unnamed_sources.yaml) so a user can count how
much of a story rests on unnamed sources.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.lexicons import load_lines, load_yaml
from newsgraph.model import Entity, EntityIndex, Evidence, Quote
from newsgraph.nlp import doc_text, sent_of, token_starts, tokens_with

# Quotes shorter than this many words are scare quotes or names ("a “terrorist attack”").
MIN_QUOTE_WORDS = 4
_OPENERS = re.compile(r"[“\"«„]")
_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“"}
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})


@dataclass(frozen=True)
class _Sources:
    verbs: frozenset[str]
    kinds: dict[str, str]  # head noun -> kind
    anonymity: re.Pattern[str]


@functools.cache
def _sources() -> _Sources:
    data = load_yaml("lexicons/unnamed_sources.yaml")
    kinds = {w: kind for kind, words in data["kinds"].items() for w in words}
    return _Sources(
        verbs=frozenset(load_lines("lexicons/speech_verbs.txt")),
        kinds=kinds,
        anonymity=re.compile(data["anonymity_pattern"], re.IGNORECASE),
    )


@dataclass
class _Span:
    start: int
    end: int  # of the inner text (without marks)
    open_start: int  # of the opening mark (or start of the text when none)
    close_end: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _quote_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for p_start, p_end in _paragraphs(text):
        para = text[p_start:p_end]
        i = 0
        first_open = re.search(r"[“\"«„]", para)
        first_close = re.search(r"[”»]", para)
        if first_close and (not first_open or first_close.start() < first_open.start()):
            # a closing mark never opened: the quote runs from the paragraph start
            spans.append(_Span(p_start, p_start + first_close.start(), p_start, p_start + first_close.end()))
            i = first_close.end()
        while i < len(para):
            m = _OPENERS.search(para, i)
            if not m:
                break
            if m.group(0) == '"' and m.start() > 0 and para[m.start() - 1].isalnum():
                i = m.end()
                continue
            closer = _PAIRS[m.group(0)]
            alt = "”" if closer == '"' else '"'
            c = para.find(closer, m.end())
            if c < 0:
                c = para.find(alt, m.end())
            if c < 0:  # never closed: to the end of the paragraph
                spans.append(_Span(p_start + m.end(), p_end, p_start + m.start(), p_end))
                break
            spans.append(_Span(p_start + m.end(), p_start + c, p_start + m.start(), p_start + c + 1))
            i = c + 1
    return spans


def find_quotes(doc: Doc, entities: tuple[Entity, ...], index: EntityIndex) -> tuple[Quote, ...]:
    text = doc_text(doc)
    finder = _Speakers(doc, entities, index)
    spans = _quote_spans(text)
    quotes: list[Quote] = []
    previous: tuple[_Span, Quote] | None = None
    for sp in spans:
        inner = text[sp.start : sp.end].strip()
        lead = len(text[sp.start : sp.end]) - len(text[sp.start : sp.end].lstrip())
        start, end = sp.start + lead, sp.start + lead + len(inner)
        inner = inner.rstrip(",")
        end = start + len(inner)
        if len(re.findall(r"\w+", inner)) < MIN_QUOTE_WORDS:
            continue
        found = finder.attribution_near(sp.open_start, sp.close_end)
        if (
            found is None
            and previous is not None
            and _same_stretch(text, previous[0].close_end, sp.open_start)
        ):
            q = previous[1]
            found = (q.speaker, q.speaker_text, q.speaker_kind, q.verb, q.anonymity_reason)
        speaker, speaker_text, kind, verb, reason = found or (None, None, "unknown", None, None)
        q = Quote(
            id=f"q{len(quotes) + 1}",
            text=inner,
            start=start,
            end=end,
            direct=True,
            speaker=speaker,
            speaker_text=speaker_text,
            speaker_kind=kind,
            evidence=_sentence_evidence(doc, sp.open_start, sp.close_end),
            verb=verb,
            anonymity_reason=reason,
        )
        quotes.append(q)
        previous = (sp, q)
    quoted = [(sp.open_start, sp.close_end) for sp in spans]
    for q in finder.indirect(quoted):
        quotes.append(_renumber(q, len(quotes) + 1))
    return tuple(quotes)


def _renumber(q: Quote, n: int) -> Quote:
    return replace(q, id=f"q{n}")


def _same_stretch(text: str, prev_end: int, start: int) -> bool:
    """The previous quote ended in this paragraph or the one just before it."""
    return text[prev_end:start].count("\n\n") <= 1 and len(text[prev_end:start]) < 400


def _sentence_evidence(doc: Doc, start: int, end: int) -> Evidence:
    first = doc.char_span(start, min(start + 1, len(doc_text(doc))), alignment_mode="expand")
    last = doc.char_span(max(end - 1, 0), end, alignment_mode="expand")
    s = sent_of(first).start_char if first is not None else start
    e = sent_of(last).end_char if last is not None else end
    return Evidence(s, e, doc_text(doc)[s:e])


class _Speakers:
    """Finds and resolves speakers: entities, pronouns, unnamed descriptions."""

    def __init__(self, doc: Doc, entities: tuple[Entity, ...], index: EntityIndex) -> None:
        self.doc = doc
        self.entities = entities
        self.tok_entity = index.resolve(entities)
        starts = token_starts(doc)
        self.person_mentions = [
            (m.start, e) for e in entities if e.type == "PERSON" for m in e.mentions if not m.in_original
        ]
        self.person_mentions.sort(key=lambda x: x[0])
        self.subject_starts = set()
        for start, _ in self.person_mentions:
            i = starts.get(start)
            if i is None:
                continue
            tok = doc[i]
            while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
                tok = tok.head
            if tok.dep_ in ("nsubj", "nsubjpass"):
                self.subject_starts.add(start)

    # -- direct quotes --------------------------------------------------------------------------

    def attribution_near(self, q_start: int, q_end: int) -> tuple | None:
        """The verb of saying in the sentences that hold the quote, outside the quote."""
        doc = self.doc
        first = doc.char_span(q_start, min(q_start + 1, len(doc_text(doc))), alignment_mode="expand")
        last = doc.char_span(max(q_end - 1, 0), q_end, alignment_mode="expand")
        if first is None or last is None:
            return None
        lo, hi = sent_of(first).start, sent_of(last).end
        # the sentence right after a quote that ends a sentence: `"..." he said.`
        if hi < len(doc) and doc[hi - 1].idx + len(doc[hi - 1].text) <= q_end + 1:
            nxt = sent_of(doc[hi])
            hi = max(hi, nxt.end) if nxt.start_char - q_end < 3 else hi
        best = None
        for tok in doc[lo:hi]:
            if q_start <= tok.idx < q_end or tok.lemma_.lower() not in _sources().verbs:
                continue
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or q_start <= subj.idx < q_end:
                continue
            distance = min(abs(tok.idx - q_end), abs(tok.idx - q_start))
            if best is None or distance < best[0]:
                best = (distance, tok, subj)
        if best is None:
            return None
        _, verb, subj = best
        return (*self.resolve(subj, q_start), verb.lemma_.lower(), self._anonymity(sent_of(verb)))

    def _anonymity(self, sent: Span) -> str | None:
        m = _sources().anonymity.search(sent.text)
        if not m:
            return None
        return (m.group("reason") or m.group(0)).strip(" ,")

    # -- speakers -------------------------------------------------------------------------------

    def resolve(self, subj: Token, before: int) -> tuple[str | None, str, str]:
        """(entity id or None, the speaker's words, kind) for the subject of a verb of saying."""
        np = self._noun_phrase(subj)
        words = np.text
        if subj.lower_ in _PRONOUNS:
            if subj.lower_ in ("i", "we"):
                return None, words, "unknown"
            person = self._recent_person(before)
            if person is not None:
                return person.id, words, "named_person"
            return None, words, "unknown"
        if _sources().kinds.get(subj.lemma_.lower()) == "document":
            # "a United Nations report": a document, published by whoever the compound names
            owner = next((self.tok_entity[t.i] for t in np if t.i in self.tok_entity), None)
            return (owner.id if owner is not None else None), words, "document"
        for tok in np:
            e = self.tok_entity.get(tok.i)
            if e is None:
                continue
            names_subject = tok.i == subj.i or tok.dep_ in ("compound", "appos", "flat", "poss", "nsubj")
            if e.type == "PERSON" and names_subject:
                return e.id, words, "named_person"
            if e.type in ("ORG", "GPE", "NORP") and (
                tok.i == subj.i or (tok.head.i == subj.i and tok.dep_ == "compound")
            ):
                return e.id, words, "organization"
        head = subj.lemma_.lower()
        if subj.lower_ in ("one", "some", "two", "three", "several", "many", "most"):
            of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                head = pobj.lemma_.lower()
        kind = _sources().kinds.get(head) or _sources().kinds.get(subj.lower_, "unnamed_other")
        return None, words, kind

    def _noun_phrase(self, subj: Token) -> Span:
        """The whole description: "a resident of eastern Baghdad", "one Iraqi official"."""
        toks = [t for t in subj.subtree if t.dep_ not in ("punct",) or t.i < max(x.i for x in subj.subtree)]
        lo = min(t.i for t in toks)
        hi = max(t.i for t in toks) + 1
        while hi > lo and self.doc[hi - 1].is_punct:
            hi -= 1
        return self.doc[lo:hi]

    def _recent_person(self, before: int) -> Entity | None:
        """The person a pronoun speaker points to: the most recent person named before it as the
        subject of a clause (a speaker, not someone talked about), else the most recent person."""
        any_found = subject_found = None
        for start, e in self.person_mentions:
            if start >= before:
                break
            any_found = e
            if start in self.subject_starts:
                subject_found = e
        return subject_found or any_found

    # -- indirect quotes -----------------------------------------------------------------------

    def indirect(self, quoted: list[tuple[int, int]]) -> list[Quote]:
        out = []
        for tok in tokens_with(self.doc, "POS", ("VERB", "AUX")):
            if tok.lemma_.lower() not in _sources().verbs:
                continue
            if any(a <= tok.idx < b for a, b in quoted):
                continue
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if clause is None or subj is None:
                continue
            toks = list(clause.subtree)
            lo, hi = toks[0].i, toks[-1].i + 1
            while lo < hi and self.doc[lo].lower_ in ("that", ","):
                lo += 1
            while hi > lo and self.doc[hi - 1].is_punct:
                hi -= 1
            if hi - lo < MIN_QUOTE_WORDS:
                continue
            span = self.doc[lo:hi]
            if any(a < span.end_char and span.start_char < b for a, b in quoted):
                continue
            speaker, speaker_text, kind = self.resolve(subj, tok.idx)
            sent = sent_of(tok)
            out.append(
                Quote(
                    id="",
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    direct=False,
                    speaker=speaker,
                    speaker_text=speaker_text,
                    speaker_kind=kind,
                    evidence=Evidence(sent.start_char, sent.end_char, sent.text),
                    verb=tok.lemma_.lower(),
                    anonymity_reason=self._anonymity(sent),
                )
            )
        out += self._according_to(quoted)
        return out

    def _according_to(self, quoted: list[tuple[int, int]]) -> list[Quote]:
        out = []
        for tok in tokens_with(self.doc, "LOWER", ("according",)):
            if tok.i + 1 >= len(self.doc) or self.doc[tok.i + 1].lower_ != "to":
                continue
            if any(a <= tok.idx < b for a, b in quoted):
                continue
            to = self.doc[tok.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            sent = sent_of(tok)
            src = self._noun_phrase(pobj)
            # the claim is the rest of the sentence
            # the claim is the rest of the sentence, before or after "according to X"
            claim = self.doc[sent.start : tok.i] if src.end >= sent.end - 1 else self.doc[src.end : sent.end]
            words = claim.text.strip(" ,.-–—")
            if len(words.split()) < MIN_QUOTE_WORDS:
                continue
            offset = claim.text.find(words)
            speaker, _, kind = self.resolve(pobj, tok.idx)
            out.append(
                Quote(
                    id="",
                    text=words,
                    start=claim.start_char + offset,
                    end=claim.start_char + offset + len(words),
                    direct=False,
                    speaker=speaker,
                    speaker_text=src.text,
                    speaker_kind=kind,
                    evidence=Evidence(sent.start_char, sent.end_char, sent.text),
                    verb="according to",
                    anonymity_reason=None,
                )
            )
        return out


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    _sources()

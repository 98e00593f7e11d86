"""quotes.speakers: who a source is.

- A named person wins over the organisation named with them: "UN refugee chief Jane Doe said"
  is Jane Doe, with the UN as her organisation.
- An organisation that is itself the subject speaks for itself ("the ministry said").
- A document speaks for whoever its description names ("a United Nations report").
- Pronouns and descriptions ("he", "the senator") go through `Speakers.referent`, the one
  place they are resolved (see there).
- Anything else is an unnamed source whose whole description is kept ("a diplomat familiar
  with the negotiations who spoke on condition of anonymity because she was not authorised to
  brief reporters"), with its kind (data/lexicons/unnamed_sources.yaml) and the reason it
  gives for anonymity, so a user can count how much of a story rests on unnamed sources.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.model import Entity, EntityIndex
from newsgraph.nlp import sent_of, token_starts
from newsgraph.quotes.cues import Lexicon, anonymity_spans, line_ids

_PERSONAL = frozenset({"he", "she", "him", "her"})
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "«", "»", "„"})
_QUOTE_CHARS = frozenset("\"“”'`«»„")
_PLURAL = frozenset({"they", "them"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_QUANTIFIERS = frozenset({"one", "some", "two", "three", "several", "many", "most", "none", "few", "all"})
_ORG_TYPES = frozenset({"ORG", "GPE", "NORP"})
# Grammatical links inside a noun phrase that still name its head: "spokesman John Smith",
# "Smith, a spokesman": a person on one of them is the speaker.
_NAMING_DEPS = frozenset({"compound", "flat", "appos"})


@dataclass(frozen=True, slots=True)
class Speaker:
    entity: str | None  # entity id, or None for an unnamed source
    text: str | None  # the source's words in the text
    kind: str  # named_person | organization | document | unnamed_official | analyst | unnamed_other | unknown
    organization: str | None = None  # entity id of the organisation named with a person or an official
    anonymity_reason: str | None = None


UNKNOWN = Speaker(None, None, "unknown")


class Speakers:
    """Resolves the source tokens of one article's claims to speakers."""

    def __init__(
        self, doc: Doc, entities: tuple[Entity, ...], index: EntityIndex, lex: Lexicon, quoted: set[int]
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.quoted = quoted  # indices of tokens between quotation marks
        self.tok_entity = index.resolve(entities)
        starts = token_starts(doc)
        # byline mentions (in_original) are not in the story text
        persons = [
            (m.start, e) for e in entities if e.type == "PERSON" for m in e.mentions if not m.in_original
        ]
        self.person_mentions = sorted(persons, key=lambda x: x[0])
        self.subject_starts = {s for s, _ in self.person_mentions if _is_subject(doc, starts.get(s))}
        # every name and alias of a person or an organisation, case-folded, for labels in capitals
        self.by_name = {
            _fold(a): e for e in entities if e.type in ("PERSON", *_ORG_TYPES) for a in (e.name, *e.aliases)
        }

    # -- a source token -> a speaker -----------------------------------------------------------

    def of(self, source: Token | None, cue: Token | None = None) -> Speaker:
        if source is None or source.i in self.quoted:
            return UNKNOWN
        np = self._noun_phrase(source, cue)
        words = np.text
        reason = self._anonymity(np, cue)
        if source.pos_ == "PRON" or source.lower_ in _PERSONAL | _PLURAL | _FIRST_PERSON:
            return self._pronoun(source, words)
        head = self._head_noun(source)
        kind = self.lex.source_kinds.get(head.lemma_.lower()) or self.lex.source_kinds.get(head.lower_)
        if kind == "document":
            owner = next((self.tok_entity[t.i] for t in np if t.i in self.tok_entity), None)
            return Speaker(owner.id if owner is not None else None, words, "document")
        person = self._person_of(source)
        org = self._organization_in(np, person)
        org_id = org.id if org is not None else None
        if person is not None:
            return Speaker(person.id, words, "named_person", org_id, reason)
        own = self.tok_entity.get(source.i)
        if own is not None and own.kind != "agent" and own.type in _ORG_TYPES:
            return Speaker(own.id, words, "organization")
        if own is not None and own.kind != "agent" and own.type == "PERSON":
            return Speaker(own.id, words, "named_person", org_id, reason)  # "the senator", resolved
        # an agent entity ("a senior official", "state media") is still an unnamed source:
        # FORMAT.md's speaker is null for one, its description in speaker_text
        return Speaker(None, words, kind or "unnamed_other", org_id, reason)

    def named_in(self, start: int, end: int) -> Speaker:
        """The speaker a stretch of text names: a sign-off ("— Jane Doe") or a label ("PENCE:")."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return UNKNOWN
        for tok in span:
            e = self.tok_entity.get(tok.i)
            if e is not None and e.type == "PERSON" and e.kind != "agent":
                return Speaker(e.id, span.text, "named_person")
        for tok in span:
            e = self.tok_entity.get(tok.i)
            if e is not None and e.type in _ORG_TYPES and e.kind != "agent":
                return Speaker(e.id, span.text, "organization")
        named = self.by_name.get(_fold(span.text))
        if named is not None:  # a transcript's "PENCE:" is the Pence of the story
            kind = "named_person" if named.type == "PERSON" else "organization"
            return Speaker(named.id, span.text, kind)
        kind = self.lex.source_kinds.get(span.root.lemma_.lower())
        return Speaker(None, span.text, kind or "unnamed_other")

    def referent(self, tok: Token) -> Entity | None:
        """The entity a pronoun or a description ("he", "the senator") stands for, from the
        coreference stage (newsgraph/coref.py puts such tokens in the EntityIndex): the one
        mechanism for them. Its answer is taken when that entity is named before the pronoun
        outside quotation marks; a name inside the quote a pronoun introduces ("“... take
        Gaddafi's place,” he said") is the speaker's words, not an antecedent."""
        e = self.tok_entity.get(tok.i)
        if e is None:
            return None
        named_before = any(
            m.start < tok.idx and not m.in_original and not self._in_quote_at(m.start) for m in e.mentions
        )
        return e if named_before else None

    def subject_between(self, start: int, end: int, previous: Speaker) -> Speaker | None:
        """The last person named between two quotes as the subject of a sentence of their own,
        when it is not the previous speaker ("“...,” said A. B was packing her car. “...”")."""
        found = None
        for pos, person in self.person_mentions:
            if start <= pos < end and pos in self.subject_starts and not self._in_quote_at(pos):
                found = person
        if found is None or found.id == previous.entity:
            return None
        return Speaker(found.id, found.name, "named_person")

    def _in_quote_at(self, pos: int) -> bool:
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        return span is not None and span.start in self.quoted

    # -- parts ---------------------------------------------------------------------------------

    def _pronoun(self, tok: Token, words: str) -> Speaker:
        e = self.referent(tok) if tok.lower_ not in _FIRST_PERSON else None
        if e is None:
            return Speaker(None, words, "unknown")
        if e.kind == "agent":  # "they" for "the officials": an unnamed source still
            return Speaker(None, words, self._kind_of(e))
        return Speaker(e.id, words, self._kind_of(e))

    def _kind_of(self, e: Entity) -> str:
        """named_person, organization, or for an agent ("a senior official", "state media": a
        generic actor, still an unnamed source) the kind of its head noun."""
        if e.kind == "agent":
            head = e.name.split()[-1].lower() if e.name else ""
            return self.lex.source_kinds.get(head, "unnamed_other")
        return "named_person" if e.type == "PERSON" else "organization"

    def _person_of(self, head: Token) -> Entity | None:
        """A person the head of the noun phrase is, or is in apposition with."""
        own = self.tok_entity.get(head.i)
        if own is not None:
            return own if own.type == "PERSON" and own.kind != "agent" else None
        for c in head.children:
            if c.dep_ in _NAMING_DEPS:
                e = self.tok_entity.get(c.i)
                if e is not None and e.type == "PERSON":
                    return e
        for tok in head.subtree:  # wherever the parser hangs the apposition ("the Red
            e = self.tok_entity.get(tok.i)  # Crescent's director in Aleppo, Khaled Hamoud,")
            if tok.dep_ == "appos" and e is not None and e.type == "PERSON":
                return e
        return None

    def _organization_in(self, np: Span, person: Entity | None) -> Entity | None:
        for tok in np:
            e = self.tok_entity.get(tok.i)
            if (
                e is not None
                and e.type in _ORG_TYPES
                and e.kind != "agent"
                and (person is None or e.id != person.id)
            ):
                return e
        return None

    def _head_noun(self, source: Token) -> Token:
        """ "one of the officials" -> officials; else the source itself."""
        if source.lower_ in _QUANTIFIERS:
            of = next((c for c in source.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                return pobj
        return source

    def _noun_phrase(self, source: Token, cue: Token | None) -> Span:
        """The whole description, without the cue's own clause when the cue is a relative
        clause on it ("listeners who said ...") and without trailing punctuation."""
        lo, hi = source.left_edge.i, source.right_edge.i + 1
        if cue is not None and cue.i > hi:
            for c in cue.lefts:  # "Two officials, speaking on condition of anonymity, said"
                if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > source.i:
                    hi = max(hi, c.right_edge.i + 1)
        for c in source.rights:
            if c.dep_ == "npadvmod" or (c.dep_ == "prep" and _names_a_time(c)):
                hi = min(hi, c.left_edge.i)  # "Trump this week said", "X on Monday said": a time
        if cue is not None and lo <= cue.i < hi:
            clause = cue
            while clause.head.i != source.i and clause.head.i != clause.i:
                clause = clause.head
            hi = min(hi, clause.left_edge.i) if clause.left_edge.i > source.i else source.i + 1
        # never across a line break: a dateline or a subhead is not part of the description
        ids = line_ids(self.doc)
        line = ids[source.i]
        lo, hi = max(lo, bisect.bisect_left(ids, line)), min(hi, bisect.bisect_right(ids, line))
        # never into a quotation mark (`said Kamal Mansour, the chief negotiator, "but ...`)
        if any(c in _QUOTE_CHARS for c in self.doc[lo:hi].text):
            for i in range(source.i + 1, hi):
                if self.doc[i].text in _QUOTE_MARKS:
                    hi = i
                    break
            for i in range(source.i - 1, lo - 1, -1):
                if self.doc[i].text in _QUOTE_MARKS:
                    lo = i + 1
                    break
        while hi > lo + 1 and (
            (self.doc[hi - 1].is_punct and not self._closes_bracket(lo, hi - 1))
            or self.doc[hi - 1].is_space
            or self.doc[hi - 1].lower_ in ("who", "that")
        ):
            hi -= 1
        while lo < hi - 1 and (self.doc[lo].is_punct or self.doc[lo].is_space):
            lo += 1
        return self.doc[lo:hi]

    def _closes_bracket(self, lo: int, i: int) -> bool:
        """Token i is the ")" of a "(" within the phrase: "the Economic Community of West
        African States (ECOWAS)" keeps it."""
        return self.doc[i].text == ")" and any(t.text == "(" for t in self.doc[lo:i])

    def _anonymity(self, np: Span, cue: Token | None) -> str | None:
        """The reason a source in the cue's sentence gives for not being named."""
        sent = sent_of(cue) if cue is not None else sent_of(np)
        for start, _, reason in anonymity_spans(self.doc, self.lex):
            if sent.start_char <= start < sent.end_char:
                return reason
        return None


def _names_a_time(prep: Token) -> bool:
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and obj.ent_type_ in ("DATE", "TIME")


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def _is_subject(doc: Doc, i: int | None) -> bool:
    if i is None:
        return False
    tok = doc[i]
    while tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
        tok = tok.head  # "His neighbour, Mona Saeed, was packing": in apposition with a subject
    return tok.dep_ in ("nsubj", "nsubjpass")

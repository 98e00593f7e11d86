"""quotes.clauses: attributions read from the parse: a cue, the source it names, the content.

Content spans as the annotators of PolNeAR and PARC 3.0 draw them:
- the whole complement of the cue: the that-clause with its "that" ("said that ..."), the
  infinitive with the object it is said to ("urged Congress to act"), the object of a verb
  whose object is what was said ("denied the report"), the object of a cue preposition
  ("called for new talks");
- the content before its cue, with what follows the cue and still belongs to it ("A is B,
  Graham said, since C");
- a parenthetical cue splits the content in two ("The talks, she said, are stalled");
- the clause that "according to X" or "in a statement" frames, without the frame.

The source is the subject of the cue, the agent of a passive cue, the noun a relative clause
hangs on ("listeners who said ..."), or the subject a cue shares with the verb it is conjoined
to ("... called the plan reckless and says he will oppose it") or whose participle it is
("..., saying ..."). A cue inside quotation marks is the speaker's own words, not an
attribution.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from newsgraph.nlp import doc_text, sent_of
from newsgraph.quotes.cues import Cue, Lexicon, anonymity_spans, cue_tokens, line_ids, word_tokens

# A content of fewer words is a name or a topic ("denied it", "praised Obama"), not a statement
# that a reader would want as a quote: chosen with MIN_QUOTE_WORDS (marks.py), kept the same.
MIN_CONTENT_WORDS = 4
# A parenthetical cue ("The talks, she said, are stalled") is short; a longer clause set off by
# commas is a sentence of its own. 12 tokens holds "Mr. Obama said on Saturday in Washington".
MAX_PARENTHETICAL_TOKENS = 12
# How far a subject is looked for up a chain of conjoined or participle cues.
MAX_INHERIT_STEPS = 3

_RELATIVE = frozenset({"who", "that", "which", "whom"})
_CONTINUING_MARKS = frozenset(
    {"since", "because", "until", "as", "although", "though", "while", "unless", "before", "after", "if"}
)
_LIGHT_VERBS = frozenset(
    {
        "make",
        "issue",
        "repeat",
        "voice",
        "express",
        "renew",
        "reiterate",
        "offer",
        "break",
        "keep",
        "fulfil",
        "fulfill",
    }
)
_PUNCT_EDGE = frozenset({",", ";", ":", "-", "--", "—", "–", "(", ")", ".", "..."})
_DASHES = frozenset({"-", "--", "—", "–"})
_SET_OFF = _DASHES | {","}
_IN = frozenset({get_string_id("in")})
_WORDS = re.compile(r"(?<![\w'’])[^\W_][\w'’.,-]*")  # a word or a number, as one
_QUOTE_END = frozenset({'"', "”", "''", "»", "’"})


@dataclass(frozen=True, slots=True)
class Claim:
    """An attribution read from the parse."""

    cue: str  # the cue as written: "said", "according to", "in a statement", ":"
    family: str  # speech | belief | intention | evidence
    cue_start: int  # char offset of the cue
    source: Token | None  # head of the source's noun phrase; None when the text names none
    content: tuple[tuple[int, int], ...]  # char spans of the content, in text order
    quote_only: bool = False  # the cue attributes direct quotes only ("she shouted")
    cue_token: Token | None = None  # the cue word, to cut it out of the source's description

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


Inside = Callable[[int], bool]  # is this char offset between quotation marks?


def claims(doc: Doc, lex: Lexicon, inside: Inside) -> list[Claim]:
    """Every attribution the parse shows, in text order. As in PolNeAR, a token belongs to one
    attribution at most: a cue inside another claim's content ("said that they have no reason
    to believe that ...") is part of that content, not a claim of its own."""
    out = [*_verb_claims(doc, lex, inside), *_noun_claims(doc, lex, inside)]
    out += _prepositional_claims(doc, lex, inside)
    cued = {c.cue_token.i for c in out if c.cue_token is not None}
    out += [
        c
        for c in _medium_claims(doc, lex, inside)
        if c.cue_token is not None and c.cue_token.head.i not in cued
    ]
    out.sort(key=lambda c: (c.start, c.cue_start))
    return [
        c
        for c in out
        if _own_claim(c) or not any(o is not c and _within(c.cue_start, o.content) for o in out)
    ]


def _own_claim(claim: Claim) -> bool:
    """ "Lawyers disputed Zaidan's claim that ...": a noun cue whose possessor names its own
    source is an attribution of its own, even inside another's content."""
    cue = claim.cue_token
    return (
        cue is not None
        and cue.pos_ == "NOUN"
        and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in cue.children)
    )


def _within(pos: int, content: tuple[tuple[int, int], ...]) -> bool:
    return any(a <= pos < b for a, b in content)


# -- verbs ----------------------------------------------------------------------------------


def _verb_claims(doc: Doc, lex: Lexicon, inside: Inside) -> Iterator[Claim]:
    for verb in cue_tokens(doc, "VERB", lex.verb_hashes):
        cue = lex.verbs.get(verb.lemma_.lower())
        if cue is None or inside(verb.idx):
            continue
        source = source_of(verb)
        if cue.family == "evidence" and (source is None or not _evidence_allowed(verb, source, lex)):
            continue
        if _asks_anonymity(verb, lex):
            continue  # "who asked not to be named": how the source speaks, not what it says
        if cue.family in ("belief", "intention") and (source is None or not _reports_a_position(verb)):
            continue  # a belief nobody holds is the reporter's hedge ("is expected to")
        content = _content(doc, _verb_content(verb, cue, source, lex), verb)
        if content:
            yield Claim(
                _cue_words(verb),
                cue.family,
                verb.idx,
                source,
                content,
                quote_only=cue.frames <= {"quote", "colon"},
                cue_token=verb,
            )


def _verb_content(verb: Token, cue: Cue, source: Token | None, lex: Lexicon) -> list[tuple[int, int]]:
    """Token spans [lo, hi) of what the verb attributes, by the first of its frames that fits."""
    kids = list(verb.children)
    if cue.takes("that") or cue.takes("quote"):
        ccomp = next((c for c in kids if c.dep_ == "ccomp"), None)
        if ccomp is not None:
            return _clause_content(verb, ccomp, lex)
    if cue.takes("to"):
        inf = next((c for c in kids if c.dep_ in ("xcomp", "ccomp") and _infinitive(c)), None)
        if inf is not None:
            obj = next((c for c in kids if c.dep_ == "dobj" and c.i < inf.i), None)
            return [_span(obj if obj is not None else inf, inf)]
    obj = next((c for c in kids if c.dep_ == "dobj" and c.lower_ not in _RELATIVE), None)
    if obj is not None and cue.takes("oprd"):
        pred = next((c for c in kids if c.dep_ in ("oprd", "xcomp", "attr") and c.i > obj.i), None)
        if pred is not None:
            return [_span(obj, _object_tail(verb, pred))]  # "called X a disgrace for the poor"
    if obj is not None and not _bare_pronoun(obj):
        tail = _object_tail(verb, obj)
        shown = cue.family == "evidence"  # what a document shows: _evidence_allowed checked the source
        if cue.takes("obj") and (shown or _said_thing(obj, lex)):
            return [_span(obj, tail)]
        if cue.takes("topic") and (tail.i != obj.i or not _person(obj, lex)):
            return [_span(obj, tail)]
    for prep in kids:
        if prep.dep_ == "prep" and prep.lower_ in cue.preps:
            obj_of = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj_of is not None:
                tail = next((c for c in kids if c.dep_ == "xcomp" and c.i > obj_of.i), obj_of)
                return [_span(obj_of, tail)]
    if cue.takes("that") and source is not None:
        return _parenthetical(verb, source)
    return []


def _clause_content(verb: Token, ccomp: Token, lex: Lexicon) -> list[tuple[int, int]]:
    lo, hi = _span(ccomp, ccomp)
    if ccomp.i > verb.i:
        # "said the ministry would never negotiate and urged families to stay calm": a cue
        # conjoined inside the clause without a subject of its own is the speaker's next cue
        # (the parser hangs it on the clause), so the content ends before it
        for c in ccomp.rights:
            if c.dep_ == "conj" and _shares_outer_subject(c, lex):
                cc = next((t.i for t in ccomp.rights if t.dep_ == "cc" and t.i < c.i), c.left_edge.i)
                hi = min(hi, cc)
        return [(lo, hi)]
    # the content before its cue, and what still belongs to it after the cue ("..., since ...")
    return [(lo, hi), *(_span(c, c) for c in verb.rights if _continues(c))]


def _shares_outer_subject(conj: Token, lex: Lexicon) -> bool:
    """A cue verb conjoined to a reported clause, with no subject of its own."""
    return conj.lemma_.lower() in lex.verbs and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in conj.children
    )


def _continues(tok: Token) -> bool:
    """A clause or phrase after the cue that still belongs to the content before it: "...,
    Graham said, since ...", "..., the commission said, because of the boycott"."""
    if tok.dep_ not in ("advcl", "prep"):
        return False
    first = tok.left_edge
    return first.lower_ in _CONTINUING_MARKS or any(
        m.dep_ == "mark" and m.lower_ in _CONTINUING_MARKS for m in tok.children
    )


def _parenthetical(verb: Token, source: Token) -> list[tuple[int, int]]:
    """ "The talks, she said, are stalled": the cue is set off inside the clause it attributes;
    what follows the cue and continues the clause ("..., the commission said, because ...")
    stays content."""
    head = verb.head
    if verb.dep_ not in ("parataxis", "ccomp") or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return []
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children) or source.i > verb.i:
        return []
    doc = verb.doc
    v_lo = source.left_edge.i
    if v_lo > 0 and doc[v_lo - 1].text in _SET_OFF:
        v_lo -= 1
    own = [verb.i, *(c.right_edge.i for c in verb.rights if not _continues(c) and not c.is_punct)]
    v_hi = max(own) + 1
    if v_hi - v_lo > MAX_PARENTHETICAL_TOKENS or not _set_off(doc, v_lo, v_hi):
        return []
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    return [(a, b) for a, b in ((lo, v_lo), (v_hi, hi)) if b > a]


def _set_off(doc: Doc, lo: int, hi: int) -> bool:
    """The tokens [lo, hi) are set off by a comma or a dash before them (the parser puts that
    comma inside the cue's subtree, or leaves it before)."""
    return doc[lo].text in _SET_OFF or (lo > 0 and doc[lo - 1].text in _SET_OFF)


def _infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _bare_pronoun(tok: Token) -> bool:
    return (tok.pos_ == "PRON" or tok.lower_ in _RELATIVE) and not any(
        c.dep_ in ("acl", "relcl", "ccomp") for c in tok.children
    )


def _said_thing(obj: Token, lex: Lexicon) -> bool:
    """An object that is something said, decided or found (the `obj` frame)."""
    if obj.lemma_.lower() in lex.content_objects or obj.lower_ in lex.content_objects:
        return True
    clause = any(c.dep_ in ("acl", "relcl", "ccomp") and c.pos_ in ("VERB", "AUX") for c in obj.children)
    return clause and not _person(obj, lex)


def _person(tok: Token, lex: Lexicon) -> bool:
    return tok.pos_ == "PRON" or tok.ent_type_ in ("PERSON", "NORP") or lex.human(tok.lemma_.lower())


def _asks_anonymity(verb: Token, lex: Lexicon) -> bool:
    """ "who asked not to be named": how the source speaks, not what it says."""
    return any(start <= verb.idx < end for start, end, _ in anonymity_spans(verb.doc, lex))


def _reports_a_position(verb: Token) -> bool:
    """A belief or an intention is a source's reported position when it is the predicate of its
    own clause ("Trump wants to build a wall"), not background in a relative clause or a
    participle ("militias, who were planning a parade", "the army, seeking to ...") nor an
    embedded verb ("helped observers believe ...")."""
    if verb.dep_ not in ("ROOT", "conj", "parataxis"):
        return False
    tok = verb
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("ROOT", "parataxis")


def _object_tail(verb: Token, obj: Token) -> Token:
    """The last complement that goes with the object: "criticized X for Y", "accused X of Y",
    "described X as Y"."""
    tail = obj
    for c in verb.rights:
        if c.i > obj.i and c.dep_ == "prep" and c.lower_ in ("for", "of", "as", "over"):
            tail = c
    return tail


def _evidence_allowed(verb: Token, source: Token | None, lex: Lexicon) -> bool:
    """Evidence verbs attribute only a clause, or an object when a document shows it ("a poll
    shows Clinton ahead"): "he showed courage" is no attribution."""
    if any(c.dep_ == "ccomp" for c in verb.children):
        return True
    return source is not None and lex.source_kinds.get(source.lemma_.lower()) == "document"


# -- the source ---------------------------------------------------------------------------


def source_of(verb: Token) -> Token | None:
    """The head of the source's noun phrase for a cue verb (see the module docstring), on the
    cue's own line: a subject the parser found in the dateline or subhead above ("12:15 p.m."
    over "Donald Trump says ...") gives way to the name right before the cue."""
    found = _source_up(verb)
    if found is not None and not _same_line(found, verb):
        return _noun_before(verb)
    return found


def _same_line(a: Token, b: Token) -> bool:
    ids = line_ids(a.doc)
    return ids[a.i] == ids[b.i]


def _source_up(verb: Token) -> Token | None:
    tok = verb
    for _ in range(MAX_INHERIT_STEPS):
        found = _own_source(tok)
        if found is not None:
            return found
        if _passive(tok):
            return None  # "was expected to", "it was reported that": no source named
        if tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and tok.head.head.pos_ == "VERB":
            tok = tok.head.head  # "said the ministry would ... and urged ...": the sayer urged
            continue
        if tok.dep_ in ("conj", "xcomp") or (tok.dep_ == "advcl" and tok.tag_ == "VBG"):
            tok = tok.head  # "... and says", "went on to discuss", "..., saying"
        elif tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.head.pos_ in ("VERB", "AUX"):
            tok = tok.head.head  # "responded by saying", "apologized for saying"
        elif tok.dep_ == "acl" and tok.tag_ == "VBG":
            return tok.head  # "a statement saying that ...": the statement says it
        elif _predicate_read_as_acl(tok):
            return tok.sent.root  # "A council of elders from X, ..., announced that"
        else:
            return _noun_before(tok)
    return None


def _predicate_read_as_acl(verb: Token) -> bool:
    """The parser found no verb in a sentence with a long subject and hung the predicate on
    a noun as a participle clause: "Prime Minister X, who is under pressure ..., called last
    Thursday for ...", "A council of elders from X, the stronghold of Y, announced ... that".
    A past form after a comma in a sentence whose root is a noun is the sentence's verb."""
    root = verb.sent.root
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBD", "VBN")
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and root.pos_ in ("NOUN", "PROPN")
        and root.i < verb.i
    )


def _noun_before(verb: Token) -> Token | None:
    """A finite cue the parser left without a subject takes the name right before it: spaCy
    reads "In a meeting with the editorial board of the Washington Post Trump said that ..."
    with Trump inside the prepositional phrase."""
    finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children)
    i = verb.i - 1
    while i >= 0 and verb.doc[i].dep_ in ("aux", "advmod", "neg") and verb.doc[i].head.i == verb.i:
        i -= 1  # "Trump is once again questioning"
    if not finite or i < 0:
        return None
    prev = verb.doc[i]
    if prev.pos_ == "PROPN" or (prev.pos_ == "PRON" and prev.lower_ in ("he", "she", "they")):
        return prev
    return _name_after(verb)


def _name_after(verb: Token) -> Token | None:
    """`"...," said Kamal Mansour, ...`: an inverted cue right after a quote takes the name
    right after it, wherever the parser attached that name."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in _QUOTE_END or verb.i + 1 >= len(doc):
        return None
    name = doc[verb.i + 1]
    while name.dep_ in ("compound", "flat") and name.head.i > name.i:
        name = name.head
    return name if name.pos_ == "PROPN" else None


def _own_source(verb: Token) -> Token | None:
    """The cue's subject (the nearest, when the parser gives it two: "Reconstruction, Haddad
    argued, cannot start"), the noun its relative clause hangs on, or its agent."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] or [
        c  # "The group's leaders have in the past dismissed": the parser hung the subject on "have"
        for aux in verb.children
        if aux.dep_ == "aux" and aux.i < verb.i
        for c in aux.children
        if c.dep_ == "nsubj"
    ]
    if subjects:
        c = min(subjects, key=lambda t: abs(t.i - verb.i))
        return verb.head if c.lower_ in _RELATIVE and verb.dep_ == "relcl" else c
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((p for p in agent.children if p.dep_ == "pobj"), None) if agent is not None else None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


# -- nouns: "Trump's claim that ...", "her promise to ..." --------------------------------


def _noun_claims(doc: Doc, lex: Lexicon, inside: Inside) -> Iterator[Claim]:
    for noun in cue_tokens(doc, "NOUN", lex.noun_hashes):
        cue = lex.nouns.get(noun.lemma_.lower())
        if cue is None or inside(noun.idx):
            continue
        source = _noun_source(noun)
        content = _content(doc, _noun_content(noun, cue), noun) if source is not None else ()
        if content:
            yield Claim(noun.text, cue.family, noun.idx, source, content, cue_token=noun)


def _noun_content(noun: Token, cue: Cue) -> list[tuple[int, int]]:
    for c in noun.rights:
        if c.dep_ in ("acl", "ccomp", "relcl") and cue.takes("to" if _infinitive(c) else "that"):
            if c.dep_ == "relcl" or (not _infinitive(c) and not _has_that(c)):
                continue  # "the claim he made": a relative clause, not the content
            return [_span(c, c)]
        if c.dep_ == "prep" and c.lower_ in cue.preps:
            obj = next((p for p in c.children if p.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return [_span(obj, obj)]
    return []


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in clause.children)


def _noun_source(noun: Token) -> Token | None:
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    light = noun.dep_ == "dobj" and noun.head.lemma_.lower() in _LIGHT_VERBS
    if poss is not None and not (light and poss.pos_ == "PRON"):
        return poss  # "Trump's claim that"; but "the ministry repeated its promise": the ministry
    by = next((c for c in noun.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")), None)
    if by is not None:
        return next((c for c in by.children if c.dep_ == "pobj"), None)
    if light:
        return source_of(noun.head)  # "Trump made the claim that ..."
    return None


# -- prepositional and medium cues: "according to X", "in a statement" --------------------


def _prepositional_claims(doc: Doc, lex: Lexicon, inside: Inside) -> Iterator[Claim]:
    for tok in word_tokens(doc, lex.prepositional_firsts):
        phrase = next((p for p in lex.prepositional if _starts(doc, tok.i, p)), None)
        if phrase is None or inside(tok.idx):
            continue
        last = doc[tok.i + len(phrase) - 1]
        source = next((c for c in last.children if c.dep_ == "pobj"), None)
        clause = _clause_above(tok)
        if source is None or clause is None or source.head.i < tok.i:
            continue
        content = _content(doc, _after_dashed_aside(doc, tok) or _without(clause, tok), tok)
        if content:
            yield Claim(" ".join(phrase), "speech", tok.idx, source, content, cue_token=tok)


def _after_dashed_aside(doc: Doc, cue: Token) -> list[tuple[int, int]]:
    """ "... - according to several sources - He has no close relationship ...": a cue set off
    by dashes attributes what follows the closing dash, to the end of its sentence."""
    if cue.i == 0 or doc[cue.i - 1].text not in _DASHES:
        return []
    sent = sent_of(cue)
    close = next((t.i for t in doc[cue.right_edge.i + 1 : sent.end] if t.text in _DASHES), None)
    if close is None or close != cue.right_edge.i + 1:
        return []
    return [(close + 1, sent.end)]


def _starts(doc: Doc, i: int, phrase: tuple[str, ...]) -> bool:
    return i + len(phrase) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(phrase))


def _medium_claims(doc: Doc, lex: Lexicon, inside: Inside) -> Iterator[Claim]:
    """ "In a statement, the ministry rejected the plan": the clause is the ministry's."""
    for prep in word_tokens(doc, _IN):
        medium = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if medium is None or medium.lemma_.lower() not in lex.medium_nouns or inside(prep.idx):
            continue
        clause = prep.head
        if clause.pos_ not in ("VERB", "AUX") or prep.i > clause.i:
            continue
        subject = _own_source(clause)
        if subject is None:
            continue
        content = _content(doc, _without(clause, prep, subject), prep)
        if content:
            cue = doc[prep.i : medium.i + 1].text
            yield Claim(cue, "speech", prep.idx, subject, content, cue_token=prep)


def _clause_above(tok: Token) -> Token | None:
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head if head.i != tok.i else None


def _without(clause: Token, *cut: Token) -> list[tuple[int, int]]:
    """The clause's tokens without the subtrees of `cut` (a framing phrase, a subject)."""
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    holes = sorted((c.left_edge.i, c.right_edge.i + 1) for c in cut)
    pieces, pos = [], lo
    for a, b in holes:
        if a > pos:
            pieces.append((pos, a))
        pos = max(pos, b)
    if hi > pos:
        pieces.append((pos, hi))
    return pieces


# -- spans ----------------------------------------------------------------------------------


def _span(first: Token, last: Token) -> tuple[int, int]:
    """From the left edge of `first`'s subtree to the right edge of `last`'s."""
    return first.left_edge.i, last.right_edge.i + 1


def _content(doc: Doc, pieces: list[tuple[int, int]], cue: Token) -> tuple[tuple[int, int], ...]:
    """Token spans [lo, hi) -> the char spans of a content, within the cue's paragraph
    (spaCy's sentences may run over a line break into a headline or a dateline; a paraphrase
    never does), trimmed of the punctuation at their edges and of a conjunction left at the
    end (quotation marks stay); empty when fewer than MIN_CONTENT_WORDS words are left."""
    first, last = _line_tokens(cue)
    text = doc_text(doc)
    out, words = [], 0
    for lo, hi in sorted(pieces):
        lo, hi = max(lo, first), min(hi, last)
        while lo < hi and _edge(doc[lo]):
            lo += 1
        while hi > lo and (_edge(doc[hi - 1]) or doc[hi - 1].dep_ == "cc"):
            hi -= 1
        if hi <= lo:
            continue
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
        words += len(_WORDS.findall(text, start, end))
        out.append((start, end))
    return tuple(out) if words >= MIN_CONTENT_WORDS else ()


def _line_tokens(tok: Token) -> tuple[int, int]:
    """Token range [first, last) of the line that holds `tok`."""
    ids = line_ids(tok.doc)
    line = ids[tok.i]
    return bisect.bisect_left(ids, line), bisect.bisect_right(ids, line)


def _edge(tok: Token) -> bool:
    return tok.text in _PUNCT_EDGE or tok.is_space


def _cue_words(verb: Token) -> str:
    """The cue as written with its particle and negation: "pointed out", "did not say"."""
    words = [c for c in verb.children if c.dep_ in ("neg", "prt")] + [verb]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def cue_sentence_start(claim: Claim) -> int:
    """Char offset where the sentence of the claim's cue begins."""
    return sent_of(claim.cue_token).start_char if claim.cue_token is not None else claim.start

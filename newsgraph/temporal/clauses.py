"""Time expressions and the clauses they belong to: the tense that places "on Friday" before or
after the article's date, and, for the events stage, the time that governs an event's clause
(`governing_time`) or that a continuing sentence carries over from the one before
(`carried_time`). Every function here is total: a parse of any shape gives an answer or None.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.model import TimeExpr
from newsgraph.nlp import doc_text, sent_of
from newsgraph.temporal.rules import dateline, event_time
from newsgraph.temporal.words import clause_words

# How many heads up from a time expression its clause's verb may be ("said on Tuesday": 2,
# "in the first week of March": 4). Swept 2-10 on the public halves of TempEval-3 TimeBank
# and MEANTIME (value right, through the tense it gives): 2 gives 0.918, 3 0.932, 4-10
# 0.937-0.938; 6 sits inside that plateau.
MAX_HEADS_TO_VERB = 6
# How many sentences back a continuing sentence looks for the time it carries over (it never
# leaves its paragraph): in 1,000 Reuters-21578 articles 79 % of paragraphs hold one sentence,
# 96 % at most two, 99.5 % at most three, so three back reaches the paragraph's start.
CARRY_BACK_SENTENCES = 3
# Clauses attached to an argument rather than to the event's own clause: "the president, who
# was elected in 2019, was detained" is not dated 2019.
_ARGUMENT_CLAUSES = frozenset({"relcl"})
_REDUCED_CLAUSES = frozenset({"acl", "appos"})  # "the president, elected in 2019, ..."
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def tense(span: Span | None) -> str:
    """Tense of the clause of a time expression: "future" ("will elect ... on Wednesday"),
    "past" ("said on Tuesday") or "" (present, or no verb found)."""
    if span is None or not len(span):
        return ""
    words = clause_words()
    root = span.root
    attach = root.head if root.dep_ == "pobj" and root.head.i != root.i else None
    if attach is not None and attach.lower_ in words.past_prepositions:
        return "past"  # "since Jan. 13"
    if root.head.lower_ in words.future_attachments:
        return "future"  # "payable Dec. 15", "effective Feb. 1"
    verb = governing_verb(span)
    if verb is None:
        return ""
    verb = _finite(verb)
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & words.future_auxiliaries or verb.lemma_ in words.future_verbs:
        return "future"
    if verb.dep_ == "xcomp" and {verb.head.lemma_, verb.head.lower_} & words.future_heads:
        return "future"  # "plans to meet on Friday" (not "the plans announced in January")
    if auxes & words.modals and "have" not in auxes:
        return "future"  # "should be completed in October", "would meet on Friday"
    if (
        attach is not None
        and attach.lower_ in words.end_prepositions
        and not (verb.tag_ == "VBD" or "had" in auxes)
    ):
        return "future"  # "closed until Friday": the end of a state still going on ("had filed by
        # Wednesday", "sales followed ... through August" are over)
    if verb.tag_ in ("VBD", "VBN") or auxes & words.past_auxiliaries:
        return "past"
    return ""


# Non-finite verbs take their tense from the verb they hang from: "began raising its stake in
# July", "closing unchanged Friday", "rising to a high in June" are as past as their clause.
_NON_FINITE = frozenset({"VBG", "VB"})
_NON_FINITE_LINKS = frozenset({"xcomp", "advcl", "acl", "conj", "pcomp"})


def _finite(verb: Token) -> Token:
    """The verb that carries the tense of `verb`'s clause (itself when it is finite or has
    auxiliaries of its own, "to" included)."""
    for _ in range(MAX_HEADS_TO_VERB):
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        head = verb.head
        if verb.tag_ not in _NON_FINITE or has_aux or verb.dep_ not in _NON_FINITE_LINKS or head.i == verb.i:
            return verb
        if head.pos_ not in ("VERB", "AUX"):
            return verb
        verb = head
    return verb


def governing_verb(span: Span) -> Token | None:
    """The verb of the clause a span sits in: the first verb up its chain of heads."""
    tok = span.root
    for _ in range(MAX_HEADS_TO_VERB):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return tok
        if tok.head.i == tok.i:
            return tok if tok.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def governing_time(doc: Doc, times: tuple[TimeExpr, ...], token_i: int) -> TimeExpr | None:
    """The time expression that governs the clause of token `token_i`: one attached (through
    the parse) to the verb of that clause, else the nearest one in the same sentence and line
    that does not sit in a clause attached to an argument ("the president, who was elected in 2019, was
    detained" is not dated 2019); None when the sentence has none."""
    if not 0 <= token_i < len(doc):
        return None
    tok = doc[token_i]
    sent = sent_of(tok)
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(doc[token_i : token_i + 1])
    text = doc_text(doc)
    open_times = []
    for t in times:
        if t.value is None or not sent.start_char <= t.start < sent.end_char:
            continue
        if "\n" in text[min(t.start, tok.idx) : max(t.end, tok.idx)]:
            continue  # another line: the parser ran a headline or dateline into the sentence
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        governor = governing_verb(span)
        # compared by index: spaCy makes a new Token object on each access
        if verb is not None and governor is not None and governor.i == verb.i:
            return event_time(t)
        if not _in_argument_clause(span.root, tok):
            open_times.append(t)
    if not open_times:
        return None
    return event_time(min(open_times, key=lambda t: abs(t.start - tok.idx)))


def _in_argument_clause(time_root: Token, event: Token) -> bool:
    """Whether the time sits in a relative (or reduced relative) clause of an argument that
    does not hold the event itself."""
    tok = time_root
    for _ in range(len(sent_of(time_root))):
        attached = tok.dep_ in _ARGUMENT_CLAUSES or (
            tok.dep_ in _REDUCED_CLAUSES and (tok.head.dep_ in _SUBJECTS or tok.head.pos_ == "PROPN")
        )
        if attached and not tok.left_edge.i <= event.i <= tok.right_edge.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def carried_time(doc: Doc, times: tuple[TimeExpr, ...], token_i: int) -> TimeExpr | None:
    """The time a sentence without one carries over, for an event in the past tense: from the
    previous sentences of the same paragraph when the sentence continues their story (its
    subject is a pronoun, or a definite description of something they named: "Gunmen attacked
    a checkpoint on Sunday. They killed two soldiers. The gunmen fled."), or, for the story's
    first sentence, from the article's dateline. None otherwise: the event stays undated
    rather than wrongly dated."""
    if not 0 <= token_i < len(doc):
        return None
    tok = doc[token_i]
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(doc[token_i : token_i + 1])
    if verb is None or verb.tag_ not in ("VBD", "VBN"):
        return None
    sent = sent_of(tok)
    dated = [t for t in times if t.value is not None]
    lede = _dateline_time(doc, dated)
    if lede is not None and tok.idx > lede.end and _first_after(doc, lede) == sent.start:
        return event_time(lede)
    subject = next((ch for ch in verb.children if ch.dep_ in _SUBJECTS), None)
    if subject is None:
        return None
    text = doc_text(doc)
    for _ in range(CARRY_BACK_SENTENCES):
        if sent.start == 0:
            return None
        previous = sent_of(doc[sent.start - 1])
        if "\n" in text[previous.start_char : sent.start_char] or not _continues(subject, previous):
            return None  # a new paragraph, or another story
        before = [t for t in dated if previous.start_char <= t.start < previous.end_char]
        if len(before) == 1:
            return event_time(before[0])
        if before:
            return governing_time(doc, times, previous.root.i)
        sent = previous
    return None


def _continues(subject: Token, previous: Span) -> bool:
    if subject.lower_ in clause_words().continuing_subjects:
        return True
    words = clause_words()
    definite = any(c.dep_ == "det" and c.lower_ in words.definite_determiners for c in subject.children)
    return definite and subject.pos_ == "NOUN" and any(t.lemma_ == subject.lemma_ for t in previous)


def _dateline_time(doc: Doc, times: list[TimeExpr]) -> TimeExpr | None:
    """The time of a dateline line at the top of the text ("March 01, 2008" alone on its line)."""
    line = dateline(doc_text(doc))
    if line is None:
        return None
    return next((t for t in times if t.start <= line[0] and line[1] <= t.end), None)


def _first_after(doc: Doc, t: TimeExpr) -> int:
    """Index of the first token of the first sentence after time `t`'s line."""
    text = doc_text(doc)
    nl = text.find("\n", t.end)
    span = doc.char_span(nl + 1, len(text), alignment_mode="expand") if nl >= 0 else None
    if span is None or not len(span):
        return -1
    first = next((tok for tok in span if not tok.is_space), None)
    return sent_of(first).start if first is not None else -1

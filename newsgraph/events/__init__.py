"""events: PLOVER-coded events with participants, place, date, claim, casualties and evidence.

`find_events`, in order:
1. triggers (events/triggers.py): the verbs and event nouns used in their event sense;
2. participants (events/arguments.py): actor, target and place per trigger frame, from the
   parse (patterns: data/events/frames.yaml), names, agents and coref references alike;
3. scope (events/scope.py): negation, modality and whose claim it is; the stated intent, the
   ultimatum and the reported demand change the type (AGREE, THREATEN, REQUEST);
4. casualties (events/casualties.py): counts of killed, wounded, arrested ... on their event;
5. date: the time expression that governs the event's clause (temporal.governing_time; not the
   publication date) or, when the sentence clearly continues the previous one, that one's
   (temporal.carried_time);
6. an event is kept when a named entity or an agent takes part in it (a pronoun alone is not
   enough), and the mentions of one real-world event are merged (events/merge.py);
7. an event told only as the time or cause frame of other news ("after the attack on the
   train"), as what a judgement or a comparison is about ("the Godhra attack was pre-planned",
   "unlike the attack on parliament") or in a clause that describes a known place, incident or
   person by it ("the incident in which 58 were burnt alive", "the kin of those killed in the
   attack") is background: not reported, unless the story reports it elsewhere (then the frame
   is one more telling of it). So is the known event a reaction or a protest is about ("condemned
   the killing of X", "a bandh in protest against the attack"), or the topic of what is said
   ("regarding the killing of X, he said"): PLOVER codes the reaction, not the event again.
   Such an event is returned apart (`FoundEvents.background`, ids "b1", "b2" ...), not among the
   events the story reports.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc, Token

from newsgraph.events.arguments import FORCE_TYPES, Arguments
from newsgraph.events.candidate import Candidate, Participants, Trigger
from newsgraph.events.casualties import FITS, Found, find_casualties
from newsgraph.events.casualties import load_data as load_casualties
from newsgraph.events.frames import frames
from newsgraph.events.merge import merge, to_event
from newsgraph.events.plover import ontology
from newsgraph.events.scope import described, intent_type, refusal, scope_of, words
from newsgraph.events.senses import senses
from newsgraph.events.triggers import find_triggers
from newsgraph.model import Casualty, Entity, EntityIndex, Event, Evidence, TimeExpr
from newsgraph.nlp import sent_of
from newsgraph.temporal import carried_time, governing_time

# Time expressions that name a stretch up to now ("since 2014") or a length date no event.
_UNDATABLE = frozenset({"since", "span", "duration"})
# A mode word lies in the trigger's own phrase: within this many tokens of it in its subtree
# ("fired 20 rounds of tear gas shells" is 5 from "fired" to "shells"); the two words before it
# make two-word modes ("air strike", "tear gas"). Chosen by hand on the event tests' sentences:
# farther, a word of the next clause ("... and a shot man") named a wrong mode.
MODE_WINDOW = 6
_DETERMINERS = frozenset({"the", "this", "these", "that", "those"})
_PRONOUNS = frozenset("i we you he she it they this that these those who which one".split())

__all__ = ["FoundEvents", "find_events", "load_data"]


class FoundEvents(NamedTuple):
    """The events an article reports, and the known events it only refers to (background)."""

    reported: tuple[Event, ...]
    background: tuple[Event, ...]


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    ontology()
    frames()
    senses()
    words()
    load_casualties()


def find_events(
    doc: Doc,
    entities: tuple[Entity, ...],
    index: EntityIndex,
    times: tuple[TimeExpr, ...],
    published: date | None,
) -> FoundEvents:
    tok_entity = index.resolve(entities)
    reader = Arguments(doc, entities, tok_entity)
    triggers = find_triggers(doc, tok_entity, words().speech_verbs)
    # the event nouns a verb may tell the result of: not the people taking part ("protesters")
    event_nouns = {
        t.head for t in triggers if (t.noun or _gerund_phrase(doc[t.head])) and t.head not in tok_entity
    }
    triggers = [t for t in triggers if not described(doc[t.head]) and not _in_time(doc[t.token], times)]
    # ... and the verbs whose participle clause tells theirs ("attacked the bus, killing four")
    event_heads = event_nouns | {t.head for t in triggers if not t.noun}
    candidates = [_candidate(doc, t, reader, event_heads) for t in triggers]
    candidates = _with_casualties(_fold_examples(doc, _fold_results(candidates)), find_casualties(doc))
    counted = {e.id for e in entities if e.type != "NORP" or e.country is not None}
    candidates = [c for c in candidates if _codable(doc, c, counted, tok_entity)]
    datable = tuple(t for t in times if t.value is not None and t.granularity not in _UNDATABLE)
    candidates = [_dated(doc, c, datable) for c in candidates]
    generic = frozenset(e.id for e in entities if e.kind == "agent" and e.sector == "CVL")
    agents = frozenset(e.id for e in entities if e.kind == "agent")
    country = {e.id: e.country for e in entities if e.country is not None}
    groups = merge(candidates, generic, country, agents)
    # a known event told only as the frame of other news is background the story does not report
    reported = [g for g in groups if not all(c.background for c in g)]
    background = [g for g in groups if all(c.background for c in g)]
    return FoundEvents(
        tuple(to_event(doc, n, group) for n, group in enumerate(reported, 1)),
        tuple(to_event(doc, n, group, prefix="b") for n, group in enumerate(background, 1)),
    )


def _gerund_phrase(tok: Token) -> bool:
    """ "killed in police firing" as the parser reads it: "police" the object of "in", "firing"
    a participle on it; the phrase names the event, as the noun "firing" would."""
    return tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ == "pobj"


def _in_time(tok: Token, times: tuple[TimeExpr, ...]) -> bool:
    """A trigger word inside a time expression is the time's ("a bandh on march 1", "the
    may 5 strike" in lower-case text, where the parser may take the month for a noun or a verb)."""
    return any(t.start <= tok.idx < t.end for t in times)


def _candidate(doc: Doc, trig: Trigger, reader: Arguments, event_nouns: set[int]) -> Candidate:
    tok = doc[trig.head]
    sent = sent_of(doc[trig.token])
    etype = trig.types[0]
    participants = reader.of_noun(trig, etype) if trig.noun else reader.of_verb(trig, etype)
    scope = scope_of(trig, tok, reader.entities_of)
    # the verb that states an intent: the trigger's own, or the one carrying its noun ("announced
    # that he will extend the curfew")
    verb = doc[trig.anchor] if trig.noun and trig.anchor is not None else tok
    if refusal(verb, etype, scope.negated):
        etype, scope = "REJECT", replace(scope, negated=False)
    elif scope.modality != "unknown":  # "did not say whether troops would deploy": no intent stated
        etype = intent_type(trig, verb, etype, scope.negated)
    return Candidate(
        type=etype,
        trigger=trig.token,
        head=trig.head,
        anchor=trig.anchor,
        sentence=sent.start,
        evidence=Evidence(sent.start_char, sent.end_char, sent.text),
        trigger_text=doc[trig.token].text,
        mode=_mode(doc, etype, trig.head),
        participants=participants,
        scope=scope,
        definite=trig.noun and any(ch.dep_ == "det" and ch.lower_ in _DETERMINERS for ch in tok.children),
        series=trig.noun and _series(tok),
        part_of=None if trig.noun else reader.result_of(doc[trig.token], etype, event_nouns),
        background=trig.background,
    )


# words that make a plural event noun a class of events: "several such strikes", "many raids",
# "dozens of attacks" (a partitive's head), "repeated strikes"
_SERIES_WORDS = frozenset(
    {
        "several",
        "many",
        "numerous",
        "such",
        "repeated",
        "frequent",
        "countless",
        "dozens",
        "hundreds",
        "scores",
    }
)


def _series(tok: Token) -> bool:
    """A plural event noun quantified as many events ("several such strikes", "dozens of
    attacks"), which tells of a series, not of one event the story reports again."""
    if tok.tag_ not in ("NNS", "NNPS"):
        return False
    if any(
        ch.lower_ in _SERIES_WORDS for ch in tok.children if ch.dep_ in ("amod", "det", "predet", "nummod")
    ):
        return True
    of = tok.head  # "dozens of attacks"
    return of.lower_ == "of" and of.head.lower_ in _SERIES_WORDS


_EXAMPLES = frozenset({"including", "like", "as"})


def _fold_examples(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """ "attacks on US facilities, including attacks near the US embassy": an example of an event
    told just before in its sentence is that event (its place and targets join it)."""
    out: list[Candidate] = []
    for c in candidates:
        tok = doc[c.head]
        example = tok.dep_ == "pobj" and tok.head.lower_ in _EXAMPLES and c.trigger == c.head
        host = next(
            (
                k
                for k in range(len(out) - 1, -1, -1)
                if out[k].sentence == c.sentence and out[k].type == c.type
            ),
            None,
        )
        if not example or host is None:
            out.append(c)
            continue
        p, q = out[host].participants, c.participants
        out[host] = replace(
            out[host],
            participants=replace(
                p,
                targets=tuple(dict.fromkeys(p.targets + q.targets)),
                locations=tuple(dict.fromkeys(p.locations + q.locations)),
            ),
        )
    return out


def _fold_results(candidates: list[Candidate]) -> list[Candidate]:
    """A verb that tells an event noun's result ("an offensive that killed 41 people", "injured
    in two bomb explosions") is that event: its participants go to the noun's candidate."""
    by_head = {c.head: k for k, c in enumerate(candidates) if c.part_of is None and c.trigger == c.head}
    folded: dict[int, Candidate] = {}
    dropped: set[int] = set()
    for k, c in enumerate(candidates):
        into = by_head.get(c.part_of) if c.part_of is not None else None
        if into is None or c.scope.negated != candidates[into].scope.negated:
            continue
        if not _may_result(candidates[into].type, c.type):
            continue  # "arrested five leaders in the 1985 riots": an arrest is no result of a riot
        noun = folded.get(into, candidates[into])
        p, q = noun.participants, c.participants
        merged = Participants(
            actors=p.actors or q.actors,
            targets=tuple(dict.fromkeys(p.targets + q.targets)),
            locations=tuple(dict.fromkeys(p.locations + q.locations)),
            actor_text=p.actor_text or q.actor_text,
            target_text=p.target_text or q.target_text,
        )
        folded[into] = replace(
            noun, participants=merged, anchor=noun.anchor if noun.anchor is not None else c.trigger
        )
        dropped.add(k)
    return [folded.get(k, c) for k, c in enumerate(candidates) if k not in dropped]


# harm and coercion by force; an event of force is the result only of one of force, or of a
# military move ("killed in police firing", "arrested in a raid", "their march on the capital,
# killing 30"), not of a protest ("killed in the riots", "arrested five leaders in the 1985
# riots": a killing, an arrest beside the riot, and both are events); what an event of another
# type does is told as its result ("the strikes increased, defying the army")
_FORCE_CAUSES = FORCE_TYPES | {"MOBILIZE"}


def _may_result(noun_type: str, verb_type: str) -> bool:
    return noun_type == verb_type or verb_type not in FORCE_TYPES or noun_type in _FORCE_CAUSES


def _mode(doc: Doc, etype: str, i: int) -> str | None:
    modes = ontology().modes.get(etype)
    if not modes:
        return None
    tok = doc[i]
    words_near = {tok.lemma_.lower(), tok.lower_}
    for t in tok.subtree:
        if abs(t.i - i) <= MODE_WINDOW:
            words_near |= {t.lemma_.lower(), t.lower_}
    for prev in doc[max(i - 2, 0) : i]:
        words_near |= {f"{prev.lower_} {tok.lower_}", f"{prev.lower_} {tok.lemma_.lower()}"}
    return next((mode for mode, vocab in modes.items() if words_near & vocab), None)


def _with_casualties(candidates: list[Candidate], found: list[Found]) -> list[Candidate]:
    """Each count goes to the event whose trigger is its word, else to the nearest event of a
    fitting type in its sentence."""
    extra: dict[int, list[Casualty]] = {}
    for f in found:
        own = [k for k, c in enumerate(candidates) if f.word in (c.trigger, c.head, c.anchor)]
        if not own:
            fits = FITS.get(f.casualty.kind)
            near = [
                (abs(c.trigger - f.word), k)
                for k, c in enumerate(candidates)
                if c.sentence == f.sentence and (fits is None or c.type in fits)
            ]
            own = [min(near)[1]] if near else []
        for k in own[:1]:
            extra.setdefault(k, []).append(f.casualty)
    return [replace(c, casualties=tuple(extra[k])) if k in extra else c for k, c in enumerate(candidates)]


def _codable(doc: Doc, c: Candidate, counted: set[str], tok_entity: dict[int, Entity]) -> bool:
    """An event is coded when a named entity or an agent takes part in it (a state's demonym
    counts: "a Saudi strike"), not counting the trigger itself ("Protesters" alone). One told
    only by words no entity holds ("jitendra pandya has been arrested") is coded when it is what
    its sentence reports (the main verb, or the clause a main verb of saying reports); never when
    its only participant is a pronoun ("We reject military rule")."""
    p: Participants = c.participants
    own = tok_entity.get(c.trigger)
    taking_part = set(p.actors + p.targets + p.locations) - ({own.id} if own is not None else set())
    if counted & taking_part or (c.casualties and _reported(doc, c)):
        return True  # "more than 10,000 arrests have been made": the count says who
    if p.actor_text and p.actor_text.lower() in _PRONOUNS:
        return False
    texts = [t for t in (p.actor_text, p.target_text) if t and t.lower() not in _PRONOUNS]
    return bool(texts) and _reported(doc, c)


def _reported(doc: Doc, c: Candidate) -> bool:
    tok = doc[c.anchor if c.anchor is not None else c.trigger]
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        tok = tok.head  # "more than 10,000 arrests have been made": the noun's own verb
    verb = tok
    while _same_statement(tok):
        # "agreed to cooperate", "attacked and burned", "... while 2,500 have been arrested":
        # the clause's own verb
        tok = tok.head
    speech = words().speech_verbs
    reported = tok.dep_ == "ccomp" and tok.head.lemma_.lower() in speech and tok.head.dep_ == "ROOT"
    return (tok.dep_ == "ROOT" or reported) and verb.pos_ in ("VERB", "AUX")


def _same_statement(tok: Token) -> bool:
    """A clause that states as much as its head: a conjunct, a "to" clause, a "while" contrast."""
    if tok.head.i == tok.i:
        return False
    if tok.dep_ in ("conj", "xcomp"):
        return True
    return tok.dep_ == "advcl" and any(
        ch.dep_ == "mark" and ch.lower_ in ("while", "whereas") for ch in tok.children
    )


def _dated(doc: Doc, c: Candidate, times: tuple[TimeExpr, ...]) -> Candidate:
    return replace(c, time=_time_of(doc, c, times))


def _time_of(doc: Doc, c: Candidate, times: tuple[TimeExpr, ...]) -> TimeExpr | None:
    # a time inside the event phrase ("Tuesday's killing of ...") comes first
    trigger = doc[c.trigger]
    if trigger.pos_ in ("NOUN", "PROPN"):
        sub = list(trigger.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        inside = [t for t in times if lo <= t.start and t.end <= hi]
        if inside:
            return inside[0]
        head = trigger.head
        reported = trigger.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in words().report_verbs
        if head.pos_ in ("VERB", "AUX") and reported:
            return None  # "the resignation was announced today": the day of the news, not of the event
    return governing_time(doc, times, c.trigger) or carried_time(doc, times, c.trigger)

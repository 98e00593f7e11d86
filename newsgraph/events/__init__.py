"""events: PLOVER-coded events with participants, place, date and evidence.

`find_events` codes every trigger (events/coder.py), dates each event by the time expression
that governs its clause (temporal.governing_time; not the publication date) or, when the
sentence clearly continues the previous one, by that one's (temporal.carried_time), drops events
with no named participant, and merges mentions of one real-world event (same type, shared
participants, compatible dates) into one Event with several evidence spans.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

from newsgraph.events.coder import REPORT_VERBS, Candidate, Coder
from newsgraph.events.plover import ontology
from newsgraph.model import Entity, EntityIndex, Event, Interval, TimeExpr
from newsgraph.nlp import sent_of
from newsgraph.temporal import carried_time, governing_time

# Time expressions that name a stretch up to now ("since 2014") or a length date no event.
_UNDATABLE = frozenset({"since", "span", "duration"})

__all__ = ["find_events", "load_data"]


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    ontology()


def find_events(
    doc: Doc,
    entities: tuple[Entity, ...],
    index: EntityIndex,
    times: tuple[TimeExpr, ...],
    published: date | None,
) -> tuple[Event, ...]:
    coder = Coder(doc, entities, index)
    named = {e.id for e in entities if e.type != "NORP" and e.kind != "agent"}
    candidates = [c for c in coder.candidates() if _codable(c, named)]
    for c in candidates:
        c.type = _intent_type(c)
    datable = tuple(t for t in times if t.value is not None and t.granularity not in _UNDATABLE)
    for c in candidates:
        c.time = _time_of(doc, c, datable)
    merged = _merge(candidates)
    return tuple(_to_event(i, group) for i, group in enumerate(merged, 1))


# PLOVER codes a stated intent or willingness to cooperate as AGREE ("will release",
# "offered to hand over", "is ready to contribute troops"), and to harm as THREATEN
# ("will attack", "vowed to strike"); the manual's AGREE and THREATEN definitions.
_COOPERATIVE = frozenset({"SUPPORT", "AID", "CONCEDE", "RETREAT", "COOPERATE", "CONSULT", "AGREE"})
_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"})
_WILLING = frozenset(
    {"offer", "willing", "ready", "prepared", "pledge", "promise", "agree", "vow", "plan", "intend"}
)
_DEMANDING = frozenset({"must", "should"})


def _intent_type(c: Candidate) -> str:
    tok = c.trigger
    auxes = {ch.lower_ for ch in tok.children if ch.dep_ in ("aux", "auxpass")}
    heads = (
        {tok.head.lemma_.lower(), tok.head.head.lemma_.lower()}
        if tok.dep_ in ("xcomp", "acomp", "ccomp")
        else set()
    )
    intent = bool(auxes & {"will", "would", "'ll", "shall"}) or bool(heads & _WILLING)
    condition = _condition(tok)
    ultimatum = condition == "unless" or (condition == "if" and c.type in _HOSTILE | {"REJECT"})
    if (intent or auxes & {"may", "might", "could"}) and ultimatum and not c.negated:
        return "THREATEN"  # "will boycott the vote unless ...", "may halt mediation if ...": an ultimatum
    if intent and c.type in _COOPERATIVE and not c.negated:
        return "AGREE"
    if intent and c.type in _HOSTILE and not c.negated:
        return "THREATEN"
    if auxes & _DEMANDING and tok.head.lemma_.lower() in {
        "say",
        "declare",
        "insist",
        "tell",
        "conclude",
        "warn",
    }:
        return "REQUEST"
    return c.type


def _condition(verb: Token) -> str | None:
    """The word that opens a clause of the verb setting a condition: "unless" or "if"."""
    for ch in verb.children:
        if ch.dep_ == "advcl":
            for m in ch.children:
                if m.dep_ == "mark" and m.lower_ in ("unless", "if"):
                    return m.lower_
    return None


_REPORTING = frozenset("say tell announce report state add claim confirm declare insist write".split())
_PRONOUNS = frozenset("i we you he she it they this that these those who which".split())


def _codable(c: Candidate, named: set[str]) -> bool:
    """An event is coded when a named participant (a person, organisation, state or place) takes
    part in it; one whose only participants are a demonym ("the American presence") or a common
    noun ("protesters") is coded only when it is what the sentence reports (its main verb), and
    never when its only participant is a pronoun ("We reject military rule")."""
    if named & set(c.actors + c.targets + c.locations):
        return True
    if not (c.actors or c.targets or c.locations or c.actor_text):
        return False
    if c.actor_text and c.actor_text.lower() in _PRONOUNS and not (c.targets or c.locations):
        return False
    tok = c.anchor or c.trigger
    clause_verb = tok
    while tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
        tok = tok.head  # "agreed to cooperate", "attacked and burned": the clause's own verb
    reported = tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _REPORTING and tok.head.dep_ == "ROOT"
    return (tok.dep_ == "ROOT" or reported) and clause_verb.pos_ in ("VERB", "AUX")


def _time_of(doc: Doc, c: Candidate, times: tuple[TimeExpr, ...]) -> TimeExpr | None:
    # a time inside the event phrase ("Tuesday's killing of ...") comes first
    sub = list(c.trigger.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    if c.trigger.pos_ in ("NOUN", "PROPN"):
        inside = [t for t in times if lo <= t.start and t.end <= hi]
        if inside:
            return inside[0]
        head = c.trigger.head
        reported = c.trigger.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in REPORT_VERBS
        if head.pos_ in ("VERB", "AUX") and reported:
            return None  # "the resignation was announced today": the day of the news, not of the event
    return governing_time(doc, times, c.trigger.i) or carried_time(doc, times, c.trigger.i)


def _compatible(a: Interval | None, b: Interval | None) -> bool:
    return a is None or b is None or (a.start <= b.end and b.start <= a.end)


def _merge(candidates: list[Candidate]) -> list[list[Candidate]]:
    groups: list[list[Candidate]] = []
    for c in candidates:
        for g in groups:
            head = g[0]
            if head.type != c.type or head.negated != c.negated:
                continue
            people = set(c.actors + c.targets)
            shared = people & {x for m in g for x in m.actors + m.targets}
            same_sentence = any(sent_of(m.trigger).start == sent_of(c.trigger).start for m in g)
            times_ok = all(
                _compatible(m.time.value if m.time else None, c.time.value if c.time else None) for m in g
            )
            targets_clash = any(m.targets and c.targets and not set(m.targets) & set(c.targets) for m in g)
            places = set(c.locations) & {x for m in g for x in m.locations}
            unnamed = not c.actors and not c.targets and not any(m.actors or m.targets for m in g)
            joins = shared or (same_sentence and (not c.actors or not head.actors)) or (places and unnamed)
            if times_ok and not targets_clash and joins:
                g.append(c)
                break
        else:
            groups.append([c])
    return groups


def _to_event(n: int, group: list[Candidate]) -> Event:
    dated = [c.time.value for c in group if c.time is not None and c.time.value is not None]
    value = min(dated, key=lambda iv: (iv.end - iv.start).days) if dated else None
    evidence = tuple(dict.fromkeys(c.evidence for c in group))
    actors = tuple(dict.fromkeys(a for c in group for a in c.actors))
    targets = tuple(dict.fromkeys(t for c in group for t in c.targets if t not in actors))
    locations = tuple(
        dict.fromkeys(x for c in group for x in c.locations if x not in actors and x not in targets)
    )
    first = group[0]
    return Event(
        id=f"v{n}",
        type=first.type,
        mode=next((c.mode for c in group if c.mode), None),
        actors=actors,
        targets=targets,
        locations=locations,
        date=value,
        evidence=evidence,
        negated=all(c.negated for c in group),
        modality=None if any(c.modality is None for c in group) else first.modality,
        trigger=first.trigger.text,
        actor_text=first.actor_text,
        target_text=first.target_text,
    )

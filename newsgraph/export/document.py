"""export.document: a DocumentGraph -> the per-article JSON of ../shared/eval/FORMAT.md.

The one owner of the output format. Stages work on offsets into the clean text; here every
span is mapped once, with `CleanText.to_original`, so that every offset a user sees points into
the ORIGINAL input text. Fields beyond FORMAT.md's are allowed by it (FORMAT.md: "Fields it
does not name are ignored"); each one is typed below.
"""

from __future__ import annotations

from typing import TypedDict

from newsgraph.model import (
    Casualty,
    Claim,
    CleanText,
    DocumentGraph,
    Entity,
    Event,
    Evidence,
    Interval,
    Mention,
    Quote,
    Removed,
    Role,
    TimeExpr,
)


class SpanDict(TypedDict):
    start: int
    end: int
    text: str


class IntervalDict(TypedDict):
    start: str  # ISO date
    end: str


class RemovedDict(TypedDict):
    start: int
    end: int
    reason: str
    text: str


class DocumentMetaDict(TypedDict):
    id: str
    published: str | None
    title: str | None
    source: str | None
    url: str | None
    authors: list[str]
    dateline: str | None
    wire_sources: list[str]
    clean_text: str
    removed: list[RemovedDict]


class MentionDict(TypedDict):
    start: int
    end: int
    text: str
    label: str


class RoleDict(TypedDict):
    title: str
    organization: str | None
    qualifier: str | None
    current: bool | None
    evidence: SpanDict


class EntityDict(TypedDict):
    id: str
    type: str  # spaCy's label for a name; AGENT for an agent
    kind: str  # name | agent
    sector: str | None  # an agent's sector (COP, MIL, GOV, REB, CVL ...; data/agents/agents.yaml)
    country: str | None  # ISO 3166-1 alpha-3: a state's own, a demonym's, an agent's
    name: str
    aliases: list[str]
    alias_kinds: list[list[str]]
    roles: list[RoleDict]
    mentions: list[MentionDict]
    references: list[MentionDict]  # pronouns and descriptions that refer to it (label pronoun|description)


class ClaimDict(TypedDict):
    source: str | None  # entity id of who says it happened (a name or an agent)
    text: str  # the claimant's words ("police", "a senior official")
    evidence: SpanDict  # the attribution ("the army said", "according to the ministry")


class CasualtyDict(TypedDict):
    kind: str  # killed | wounded | arrested | displaced | missing
    count: int
    relation: str  # = | >= | > | <= | ~  ("at least 17" is >= 17)
    evidence: SpanDict


class EventDict(TypedDict):
    id: str
    type: str
    mode: str | None
    actors: list[str]
    targets: list[str]
    locations: list[str]
    date: IntervalDict | None
    negated: bool
    modality: str | None
    trigger: str | None
    actor_text: str | None
    target_text: str | None
    claim: ClaimDict | None  # the event as someone's assertion, and whose
    casualties: list[CasualtyDict]
    evidence: list[SpanDict]


class QuoteDict(TypedDict):
    id: str
    kind: str  # direct | mixed | indirect | belief | evidence (model.Quote)
    speaker: str | None
    speaker_text: str | None
    speaker_kind: str
    speaker_organization: str | None  # entity id
    text: str
    direct: bool
    start: int
    end: int
    parts: list[SpanDict]  # the content's pieces when its cue stands inside it; else empty
    cue: str | None  # as written: "said", "according to", "in a statement", ":", "—"
    verb: str | None  # the cue's lemma when it is a verb ("say")
    anonymity_reason: str | None
    evidence: SpanDict


class TimeDict(TypedDict):
    start: int
    end: int
    text: str
    value: IntervalDict | None
    granularity: str | None
    rule: str | None


class DocumentDict(TypedDict):
    """One output line."""

    document: DocumentMetaDict
    entities: list[EntityDict]
    events: list[EventDict]
    quotes: list[QuoteDict]
    times: list[TimeDict]
    background_events: list[EventDict]  # known events referred to, not reported (not scored)


def document_dict(graph: DocumentGraph) -> DocumentDict:
    """The per-article JSON of FORMAT.md; every offset maps into the ORIGINAL text."""
    clean = graph.clean
    return {
        "document": _document(graph),
        "entities": [_entity(clean, e) for e in graph.entities],
        "events": [_event(clean, v) for v in graph.events],
        "quotes": [_quote(clean, q) for q in graph.quotes],
        "times": [_time(clean, t) for t in graph.times],
        "background_events": [_event(clean, v) for v in graph.background_events],
    }


def _span(clean: CleanText, start: int, end: int) -> SpanDict:
    o_start, o_end = clean.to_original(start, end)
    return {"start": o_start, "end": o_end, "text": clean.original[o_start:o_end]}


def _evidence(clean: CleanText, evidence: Evidence) -> SpanDict:
    if evidence.in_original:
        return {
            "start": evidence.start,
            "end": evidence.end,
            "text": clean.original[evidence.start : evidence.end],
        }
    return _span(clean, evidence.start, evidence.end)


def _interval(value: Interval | None) -> IntervalDict | None:
    if value is None:
        return None
    return {"start": value.start.isoformat(), "end": value.end.isoformat()}


def _removed(r: Removed) -> RemovedDict:
    return {"start": r.start, "end": r.end, "reason": r.reason, "text": r.text}


def _document(graph: DocumentGraph) -> DocumentMetaDict:
    article, clean = graph.article, graph.clean
    return {
        "id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "authors": list(article.authors) or [b.name for b in clean.bylines],
        "dateline": clean.dateline,
        "wire_sources": list(clean.wire_sources),
        "clean_text": clean.text,
        "removed": [_removed(r) for r in clean.removed],
    }


def _mention(clean: CleanText, mention: Mention) -> MentionDict:
    if mention.in_original:
        return {"start": mention.start, "end": mention.end, "text": mention.text, "label": mention.label}
    span = _span(clean, mention.start, mention.end)
    return {"start": span["start"], "end": span["end"], "text": span["text"], "label": mention.label}


def _role(clean: CleanText, role: Role) -> RoleDict:
    return {
        "title": role.title,
        "organization": role.organization,
        "qualifier": role.qualifier,
        "current": role.current,
        "evidence": _evidence(clean, role.evidence),
    }


def _entity(clean: CleanText, entity: Entity) -> EntityDict:
    return {
        "id": entity.id,
        "type": entity.type,
        "kind": entity.kind,
        "sector": entity.sector,
        "country": entity.country,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "alias_kinds": [list(kind) for kind in entity.alias_kinds],
        "roles": [_role(clean, r) for r in entity.roles],
        "mentions": [_mention(clean, m) for m in entity.mentions],
        "references": [_mention(clean, m) for m in entity.references],
    }


def _claim(clean: CleanText, claim: Claim | None) -> ClaimDict | None:
    if claim is None:
        return None
    return {"source": claim.source, "text": claim.text, "evidence": _evidence(clean, claim.evidence)}


def _casualty(clean: CleanText, c: Casualty) -> CasualtyDict:
    return {
        "kind": c.kind,
        "count": c.count,
        "relation": c.relation,
        "evidence": _evidence(clean, c.evidence),
    }


def _event(clean: CleanText, event: Event) -> EventDict:
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "actors": list(event.actors),
        "targets": list(event.targets),
        "locations": list(event.locations),
        "date": _interval(event.date),
        "negated": event.negated,
        "modality": event.modality,
        "trigger": event.trigger,
        "actor_text": event.actor_text,
        "target_text": event.target_text,
        "claim": _claim(clean, event.claim),
        "casualties": [_casualty(clean, c) for c in event.casualties],
        "evidence": [_evidence(clean, ev) for ev in event.evidence],
    }


def _quote(clean: CleanText, quote: Quote) -> QuoteDict:
    span = _span(clean, quote.start, quote.end)
    return {
        "id": quote.id,
        "kind": quote.kind,
        "speaker": quote.speaker,
        "speaker_text": quote.speaker_text,
        "speaker_kind": quote.speaker_kind,
        "speaker_organization": quote.speaker_organization,
        "text": quote.text,
        "direct": quote.direct,
        "start": span["start"],
        "end": span["end"],
        "parts": [_span(clean, a, b) for a, b in quote.parts],
        "cue": quote.cue,
        "verb": quote.verb,
        "anonymity_reason": quote.anonymity_reason,
        "evidence": _evidence(clean, quote.evidence),
    }


def _time(clean: CleanText, t: TimeExpr) -> TimeDict:
    span = _span(clean, t.start, t.end)
    return {
        "start": span["start"],
        "end": span["end"],
        "text": span["text"],
        "value": _interval(t.value),
        "granularity": t.granularity,
        "rule": t.rule,
    }

"""Typed records passed between stages. Frozen dataclasses that flow one way.

Offsets convention
------------------
Every stage after `clean` works on the cleaned text (the text spaCy sees), so all
`start`/`end` fields of Mention, Evidence, TimeExpr, Quote ... are offsets into
`CleanText.text`. `CleanText.to_original(start, end)` maps a span back to the
original input text; `export.document.document_dict` applies it once, when a
DocumentGraph is serialised, so every offset a user sees points into the ORIGINAL
input text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Article:
    """One input record, as read by `ingest`."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    # the text is an extractor's main text (HTML input, by trafilatura): `clean` trusts it and
    # removes only furniture known by its words, no page around a story
    main_text: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the clean text that states a fact (start/end into CleanText.text)."""

    start: int
    end: int
    text: str
    in_original: bool = False  # True for bylines, which are not in the clean text


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of clean text copied verbatim from the original: clean[c:c+n] == original[o:o+n]."""

    clean_start: int
    orig_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Removed:
    """A span of the original text that `clean` left out of the story, and why."""

    start: int
    end: int
    # a category of data/lexicons/furniture.yaml (share, signup, cookie, comments, related ...), or
    # page | caption | credit | byline | dateline | timestamp | subhead | headline | pullquote | furniture
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Byline:
    """An author line found by `clean`: name, optional role title and organisation.

    Offsets point into the ORIGINAL text (bylines are removed from the clean text).
    """

    name: str
    name_start: int
    name_end: int
    title: str | None = None
    organization: str | None = None
    org_start: int | None = None
    org_end: int | None = None


@dataclass(frozen=True, slots=True)
class CleanText:
    """The story without captions, credits, promos, bylines; with the map back to the original."""

    text: str
    original: str
    segments: tuple[Segment, ...]
    removed: tuple[Removed, ...] = ()
    bylines: tuple[Byline, ...] = ()
    dateline: str | None = None  # place of a "BAGHDAD:" / "Baghdad ■ Reuters" dateline
    wire_sources: tuple[str, ...] = ()  # "Reuters", "AFP" ... named in credits

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the clean text to the original text."""
        return self._orig(start, is_end=False), self._orig(end, is_end=True)

    def _orig(self, pos: int, is_end: bool) -> int:
        segs = self.segments
        if not segs:
            return pos
        # binary search for the segment holding pos (an end position may sit at a segment's end)
        lo, hi = 0, len(segs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if segs[mid].clean_start < pos or (not is_end and segs[mid].clean_start == pos):
                lo = mid
            else:
                hi = mid - 1
        seg = segs[lo]
        offset = min(max(pos - seg.clean_start, 0), seg.length)
        return seg.orig_start + offset


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the clean text."""

    start: int
    end: int
    text: str
    label: str  # spaCy label of this occurrence (PERSON, ORG, GPE, LOC, FAC, NORP, ...)
    source: str = "ner"  # ner | ruler | alias | byline | agent | coref: what found it
    in_original: bool = False  # True for byline mentions: offsets already point into the original


@dataclass(frozen=True, slots=True)
class Role:
    """A title held by a person, linked to an organisation entity when it is named."""

    title: str
    organization: str | None  # entity id of the same document
    evidence: Evidence
    qualifier: str | None = None  # former | late | then | acting | deputy | now-ousted ...
    current: bool | None = None  # False when the text says the role is over ("former", "late")


@dataclass(frozen=True, slots=True)
class Entity:
    """An in-document entity: a canonical name, every surface form, every mention."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    roles: tuple[Role, ...] = ()
    alias_kinds: tuple[
        tuple[str, str], ...
    ] = ()  # (alias, kind): surname, transliteration, kunya, acronym ...
    # "name" for a named entity; "agent" for a generic or collective actor the text names by a
    # common noun ("police", "Chadian soldiers", "gunmen"), found by the agents stage
    kind: str = "name"
    sector: str | None = None  # agent sector, CAMEO/PLOVER style: COP, MIL, GOV, REB, CVL ...
    country: str | None = None  # ISO 3166-1 alpha-3 of the state it is or belongs to ("TCD")
    # pronouns and definite descriptions that refer back to it ("he", "the group"), found by the
    # coref stage; label = "pronoun" | "description", source = "coref"
    references: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """Which entity each token of the article's Doc belongs to: token index -> entity id.

    Built once per article (`entities.index_tokens`), after the last stage that adds mentions
    (coref): it covers names, agent mentions and coreference references ("he", "the group"), so
    roles, events and quotes read a pronoun's or a description's entity through it."""

    by_token: Mapping[int, str]

    def get(self, i: int) -> str | None:
        return self.by_token.get(i)

    def __contains__(self, i: object) -> bool:
        return i in self.by_token

    def resolve(self, entities: Iterable[Entity]) -> dict[int, Entity]:
        """Token index -> the Entity itself, for the given (current) entities of the article."""
        by_id = {e.id: e for e in entities}
        return {i: by_id[eid] for i, eid in self.by_token.items() if eid in by_id}


@dataclass(frozen=True, slots=True)
class Interval:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression and the interval it denotes (None when it cannot be anchored)."""

    start: int
    end: int
    text: str
    value: Interval | None
    granularity: str | None = None  # day | week | month | quarter | season | year | decade | duration
    rule: str | None = None  # the named rule that normalised it


@dataclass(frozen=True, slots=True)
class Casualty:
    """A count of people an event killed, wounded, arrested, displaced or left missing, as the
    text gives it ("at least 17 people" -> count 17, relation ">=")."""

    kind: str  # killed | wounded | arrested | displaced | missing
    count: int
    relation: str  # "=" exact, ">=" at least, ">" more than, "<=" up to, "~" about
    evidence: Evidence  # the words that give the count ("killing at least 17 people")


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says an event happened, when the text reports it as someone's assertion ("police said
    gunmen fired the rockets", "the minister alleged that ...")."""

    source: str | None  # entity id of the claimant (a name or an agent)
    text: str  # the claimant's words ("police", "a senior official", "the army")
    evidence: Evidence  # the attribution: "the army said", "according to the ministry"


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER event with its participants (entity ids) and evidence in the text."""

    id: str
    type: str
    mode: str | None
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    locations: tuple[str, ...]
    date: Interval | None
    evidence: tuple[Evidence, ...]
    negated: bool = False
    modality: str | None = None  # hypothetical | future | intended | alleged ... ; None = asserted
    trigger: str | None = None
    actor_text: str | None = None  # actor words when no entity holds them ("militias")
    target_text: str | None = None
    claim: Claim | None = None  # the event is reported as this source's assertion
    casualties: tuple[Casualty, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said, believes, intends or shows what: an attribution and its source (entity id or
    unnamed description).

    kind: direct (all in quotation marks) | mixed (a paraphrase that quotes some words) |
    indirect (reported speech) | belief (a belief or intention reported as the source's) |
    evidence (what a document, poll or finding shows)."""

    id: str
    text: str
    start: int
    end: int
    direct: bool
    speaker: str | None  # entity id, or None for an unnamed source
    speaker_text: str | None
    speaker_kind: (
        str  # named_person | unnamed_official | unnamed_other | organization | document | analyst | unknown
    )
    evidence: Evidence
    cue: str | None = None  # the cue as written: "said", "according to", "in a statement", ":"
    verb: str | None = None  # the cue's lemma when it is a verb ("say" for "said"), to group by
    anonymity_reason: str | None = None
    kind: str = "direct"
    speaker_organization: str | None = None  # entity id of the organisation named with the speaker
    parts: tuple[tuple[int, int], ...] = ()  # the content's pieces when a cue splits it ("A, she said, B")


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """Everything read out of one article."""

    article: Article
    clean: CleanText
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    # known events the article only refers to and does not report ("condemned the attack on the
    # train", "after the massacre"): kept apart from `events`, with their evidence
    background_events: tuple[Event, ...] = ()

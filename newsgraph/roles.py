"""roles: who holds which title in which organisation, and whether still.

Five constructions, tried around every mention of a person (titles in
data/lexicons/titles.csv, time words in data/lexicons/role_qualifiers.csv):
1. pre-modifier:   "Quds Force commander Ismail Qaani", "Iran's Supreme Leader Ali Khamenei",
                   "the late Iraqi President Saddam Hussein", "former general Khalifa Haftar"
2. apposition after:  "Hadi al-Amiri, the leader of the Badr Organization, ..."
3. apposition before: "the commander of the Popular Mobilization Forces, Faleh al-Fayyad"
4. "as":           "resigned as PM", "sworn in as acting president", "his resignation as President of X"
5. predicate:      "X ... and is a senior aide", "X, who is the group's spokesman"
The organisation is the ORG (or state) named inside the title phrase; a demonym ("Iraqi
Prime Minister") points to its state when the article names it. Bylines add the role they
state ("Martin Chulov ■ The Guardian's Middle East correspondent").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.gazetteer import gazetteer
from newsgraph.lexicons import load_csv, load_lines
from newsgraph.model import CleanText, Entity, EntityIndex, Evidence, Role
from newsgraph.names import honorific_words
from newsgraph.nlp import sent_of

# An apposition longer than this is a clause, not a title ("X, who has long argued that ...").
MAX_APPOSITION_TOKENS = 14
# How far after "as" a title may run ("as President of the Islamic Republic of Iran").
MAX_AS_TOKENS = 10
_DETERMINERS = frozenset({"the", "a", "an"})
_POSSESSIVES = frozenset({"its", "his", "her", "their", "our"})
_STOP_PUNCT = frozenset({",", ";", ".", ":", "—", "–", "(", ")", '"', "“", "”", "?", "!"})


@dataclass(frozen=True)
class _Titles:
    words: frozenset[str]  # every word of a title ("prime", "minister", "number", "two")
    heads: frozenset[str]  # last words of titles: a role phrase must hold one
    phrases: tuple[tuple[str, ...], ...]
    qualifiers: dict[str, bool | None]
    modifiers: frozenset[str]  # other words a pre-modifying title may hold ("finance", "army")
    as_heads: re.Pattern[str]  # words after which "as" introduces a role ("resigned as PM")


@functools.cache
def _titles() -> _Titles:
    phrases = tuple(tuple(r["title"].split()) for r in load_csv("lexicons/titles.csv"))
    qualifiers: dict[str, bool | None] = {}
    for r in load_csv("lexicons/role_qualifiers.csv"):
        qualifiers[r["word"]] = {"true": True, "false": False}.get(r["current"])
    return _Titles(
        # "of" and "the" join a title's words ("chief of staff") but do not open a pre-modifier
        words=frozenset(w for p in phrases for w in p) - {"of", "the"},
        heads=frozenset(p[-1] for p in phrases),
        phrases=phrases,
        qualifiers=qualifiers,
        modifiers=frozenset(load_lines("lexicons/title_modifiers.txt")),
        # lemma prefixes: "resign" also stands for "resignation"
        as_heads=re.compile(
            "^(?:" + "|".join(map(re.escape, load_lines("lexicons/role_as_heads.txt"))) + ")"
        ),
    )


def find_roles(
    doc: Doc, entities: tuple[Entity, ...], index: EntityIndex, clean: CleanText
) -> tuple[Entity, ...]:
    """The entities, each person with the roles the text gives them (in the story and in its
    bylines)."""
    tok_entity = index.resolve(entities)
    out = []
    for ent in entities:
        if ent.type != "PERSON":
            out.append(ent)
            continue
        roles: list[Role] = list(ent.roles)
        for m in ent.mentions:
            if m.in_original:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for role in _roles_at(doc, span.start, span.end, ent.id, tok_entity, entities):
                if all(_norm(r.title) != _norm(role.title) for r in roles):
                    roles.append(role)
        out.append(replace(ent, roles=tuple(roles)))
    return _byline_roles(tuple(out), clean)


def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _roles_at(
    doc: Doc, start: int, end: int, person: str, tok_entity: dict[int, Entity], entities: tuple[Entity, ...]
) -> list[Role]:
    found = []
    for phrase in (
        _premodifier(doc, start, tok_entity, person),
        _apposition_after(doc, end, tok_entity, person),
        _apposition_before(doc, start, tok_entity, person),
        _as_phrase(doc, start, end, tok_entity, person),
        _predicate(doc, end, tok_entity, person),
    ):
        if phrase is None:
            continue
        p_start, p_end = phrase
        role = _make_role(doc, p_start, p_end, start, end, tok_entity, entities)
        if role is not None:
            found.append(role)
    return found


def _allowed_before(tok: Token, tok_entity: dict[int, Entity], person: str) -> bool:
    low = tok.lower_
    if tok.i in tok_entity:
        return tok_entity[tok.i].id != person and tok_entity[tok.i].type != "PERSON"
    return (
        low in _titles().words
        or low in _titles().qualifiers
        or low in _titles().modifiers
        or low in ("'s", "’s", "'", "’", "-")
        or _is_demonym(low)
    )


def _is_demonym(word: str) -> bool:
    return word in gazetteer().demonym_of


def _premodifier(doc: Doc, start: int, tok_entity: dict[int, Entity], person: str) -> tuple[int, int] | None:
    i = start - 1
    while i >= 0 and _allowed_before(doc[i], tok_entity, person) and sent_of(doc[i]).start <= i:
        i -= 1
    p_start = i + 1
    while p_start < start and doc[p_start].lower_ in ("'s", "’s", "-", "'", "’"):
        p_start += 1
    if p_start >= start or not any(doc[k].lower_ in _titles().heads for k in range(p_start, start)):
        return None
    # a pre-modifier title ends right before the name ("spokesman Matthew Miller"); a head noun
    # followed by other words ("the commander convoy X") is not one
    if doc[start - 1].lower_ not in _titles().words and doc[start - 1].lower_ not in _titles().heads:
        return None
    return p_start, start


def _phrase_after(doc: Doc, i: int, limit: int, tok_entity: dict[int, Entity], person: str) -> int:
    """End (exclusive) of a title phrase starting at token i: up to punctuation, a verb or a person."""
    k = i
    while k < len(doc) and k - i < limit:
        t = doc[k]
        if t.text in _STOP_PUNCT or (t.pos_ in ("VERB", "AUX") and t.lower_ not in _titles().words):
            break
        clause_word = t.lower_ in ("who", "which", "that", "and") and k > i + 1 and doc[k - 1].text != "-"
        # "scientist and government advisor" goes on; "leader, and who ..." ends the title
        if clause_word and (t.lower_ != "and" or doc[k + 1 : k + 2].text.lower() not in _titles().words):
            break
        e = tok_entity.get(k)
        if e is not None and e.type == "PERSON":
            break
        k += 1
    return k


def _has_head(doc: Doc, a: int, b: int, within: int = 5) -> bool:
    """A title head among the first words of the phrase (before its "of ..." complement)."""
    for k in range(a, min(b, a + within)):
        if doc[k].lower_ == "of":
            return False
        if doc[k].lower_ in _titles().heads:
            return True
    return False


def _apposition_after(
    doc: Doc, end: int, tok_entity: dict[int, Entity], person: str
) -> tuple[int, int] | None:
    """ "Hadi al-Amiri, the leader of the Badr Organization, ..." """
    if end >= len(doc) or doc[end].text != ",":
        return None
    a = end + 1
    if a < len(doc) and doc[a].lower_ in ("and", "or", "but", "while"):
        return None  # "X, and the politician Y": a list, not an apposition
    while a < len(doc) and doc[a].lower_ in _DETERMINERS:
        a += 1
    b = _phrase_after(doc, a, MAX_APPOSITION_TOKENS, tok_entity, person)
    if b <= a or not _has_head(doc, a, b):
        return None
    return end + 1, b


def _apposition_before(
    doc: Doc, start: int, tok_entity: dict[int, Entity], person: str
) -> tuple[int, int] | None:
    """ "the commander of the Popular Mobilization Forces, Faleh al-Fayyad" """
    k = start - 1
    while k >= 0 and doc[k].lower_ in honorific_words():
        k -= 1  # ", General Ismail Qaani", ", Brig. Gen. Fahd al-Otaibi"
    if k < 1 or doc[k].text != ",":
        return None
    comma = k
    sent_start = sent_of(doc[comma]).start
    # the rightmost determiner (or the sentence start) that opens a title phrase ending at the comma
    for d in range(comma - 1, max(sent_start, comma - MAX_APPOSITION_TOKENS) - 1, -1):
        t = doc[d]
        if t.text in _STOP_PUNCT:
            return None
        opens = t.lower_ in _DETERMINERS or d == sent_start
        if not opens:
            continue
        a = d + 1 if t.lower_ in _DETERMINERS else d
        if (
            _has_head(doc, a, comma)
            and _phrase_after(doc, a, MAX_APPOSITION_TOKENS, tok_entity, person) >= comma
        ):
            return d, comma
    return None


def _as_phrase(
    doc: Doc, start: int, end: int, tok_entity: dict[int, Entity], person: str
) -> tuple[int, int] | None:
    """ "Mahinda Rajapaksa resigned as PM", "X's resignation as President of Sri Lanka" """
    root = doc[start:end].root
    heads = []
    if root.dep_ in ("nsubj", "nsubjpass"):
        heads.append(root.head)
    if root.dep_ == "poss":
        heads.append(root.head)
    for h in heads:
        for child in h.subtree:
            if (
                child.lower_ != "as"
                or child.i <= end
                or child.head.i not in {h.i, *[c.i for c in h.children]}
            ):
                continue
            if not (
                _titles().as_heads.match(h.lemma_.lower())
                or _titles().as_heads.match(child.head.lemma_.lower())
            ):
                continue
            a = child.i + 1
            while a < len(doc) and doc[a].lower_ in _DETERMINERS:
                a += 1
            b = _title_run(doc, a, tok_entity, person)
            if b > a and any(doc[k].lower_ in _titles().heads for k in range(a, b)):
                return a, b
    return None


def _title_run(doc: Doc, a: int, tok_entity: dict[int, Entity], person: str) -> int:
    """End of a title after "as": title/qualifier words, then "of" + a named organisation or state."""
    k = a
    while k < len(doc) and k - a < MAX_AS_TOKENS:
        t = doc[k]
        title_word = _allowed_before(t, tok_entity, person) and t.lower_ not in ("'s", "’s")
        joins_org = (
            t.lower_ == "of" and k + 1 < len(doc) and (k + 1 in tok_entity or doc[k + 1].lower_ == "the")
        )
        article = t.lower_ == "the" and k > a and doc[k - 1].lower_ == "of"
        if not (title_word or joins_org or article):
            break
        k += 1
    while k > a and doc[k - 1].lower_ in ("of", "the"):
        k -= 1
    return k


_PREDICATE = re.compile(
    r"^[^.;]*?\b(?:who|and)\s+(?:is|was|has\s+been|had\s+been|became|remains)\s+(?:also\s+)?(?:a|an|the)\s+"
)


def _predicate(doc: Doc, end: int, tok_entity: dict[int, Entity], person: str) -> tuple[int, int] | None:
    """ "X, who ..., is a senior adviser", "Muhammad al-Hashemi, ..., and is a senior aide."
    (no other person named in between)"""
    root = doc[end - 1]
    while root.head.i != root.i and root.head.i < end and root.dep_ in ("compound", "flat"):
        root = root.head
    if root.dep_ == "nsubj" and root.head.lemma_ in ("be", "become", "remain"):
        for attr in root.head.children:
            if attr.dep_ == "attr" and attr.lower_ in _titles().heads and attr.i > end:
                a = attr.left_edge.i
                return a, _phrase_after(doc, attr.i, MAX_APPOSITION_TOKENS, tok_entity, person)
    sent = sent_of(doc[end - 1]) if end > 0 else None
    if sent is None or end >= sent.end:
        return None
    text = doc[end : sent.end].text
    m = _PREDICATE.match(text)
    if not m:
        return None
    base = doc[end].idx
    span = doc.char_span(base + m.end(), sent.end_char, alignment_mode="expand")
    if span is None:
        return None
    if any(tok_entity.get(k) is not None and tok_entity[k].type == "PERSON" for k in range(end, span.start)):
        return None
    b = _phrase_after(doc, span.start, MAX_APPOSITION_TOKENS, tok_entity, person)
    if b <= span.start or not _has_head(doc, span.start, b):
        return None
    return span.start, b


def _make_role(
    doc: Doc,
    a: int,
    b: int,
    p_start: int,
    p_end: int,
    tok_entity: dict[int, Entity],
    entities: tuple[Entity, ...],
) -> Role | None:
    while a < b and doc[a].lower_ in _DETERMINERS | {"'s", "’s", "-", ","}:
        a += 1
    while b > a and (doc[b - 1].text in _STOP_PUNCT or doc[b - 1].lower_ in ("'s", "’s")):
        b -= 1
    # "Its joint general secretary": the possessive names the organisation (coref resolved
    # it), not the title
    org = _organisation(doc, a, b, tok_entity, entities)
    while a < b and doc[a].lower_ in _POSSESSIVES:
        a += 1
    if a >= b:
        return None
    title = doc[a:b].text
    words = [t.lower_ for t in doc[a:b]]
    qualifier = next((w for w in words if w in _titles().qualifiers), None)
    current = _titles().qualifiers.get(qualifier) if qualifier else None
    ev_start, ev_end = min(a, p_start), max(b, p_end)
    evidence = Evidence(
        doc[ev_start].idx, doc[ev_end - 1].idx + len(doc[ev_end - 1].text), doc[ev_start:ev_end].text
    )
    return Role(title=title, organization=org, evidence=evidence, qualifier=qualifier, current=current)


def _organisation(
    doc: Doc, a: int, b: int, tok_entity: dict[int, Entity], entities: tuple[Entity, ...]
) -> str | None:
    """The ORG named in the title phrase, else its state, else the state of a demonym in it."""
    # the last one named: "commander of the Revolutionary Guards' Quds Force" -> the Quds Force
    named = [tok_entity[k] for k in range(b - 1, a - 1, -1) if k in tok_entity]
    for kind in ("ORG", "GPE"):
        for e in named:
            if e.type == kind:
                return e.id
    for k in range(a, b):
        country = gazetteer().demonym_of.get(doc[k].lower_)
        if country:
            for e in entities:
                if e.type == "GPE" and e.name == country:
                    return e.id
    # a body named by an agent noun: "spokesman of the coalition forces", "Army chief"; not the
    # agent the title itself is ("acting president")
    titled = {tok_entity[k].id for k in range(a, b) if k in tok_entity and doc[k].lower_ in _titles().heads}
    for e in named:
        if e.kind == "agent" and e.type != "PERSON" and e.id not in titled:
            return e.id
    return None


def _byline_roles(entities: tuple[Entity, ...], clean: CleanText) -> tuple[Entity, ...]:
    """The role a byline states ("Martin Chulov ■ The Guardian's Middle East correspondent")."""
    out = list(entities)
    for b in clean.bylines:
        if not b.title:
            continue
        who = next((i for i, e in enumerate(out) if e.type == "PERSON" and b.name in e.aliases), None)
        if who is None:
            continue
        orgs = [e.id for e in out if e.type == "ORG" and b.organization and b.organization in e.aliases]
        org = orgs[0] if orgs else None
        start = b.name_start
        end = max(b.name_end, b.org_end or 0, start)
        line_end = clean.original.find("\n", end)
        end = len(clean.original) if line_end < 0 else line_end
        title = f"{b.organization} {b.title}" if b.organization and b.organization not in b.title else b.title
        ev = Evidence(start, end, clean.original[start:end], in_original=True)
        role = Role(title=title, organization=org, evidence=ev, qualifier=None, current=True)
        if all(r.title != title for r in out[who].roles):
            out[who] = replace(out[who], roles=(*out[who].roles, role))
    return tuple(out)


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    _titles()

"""coref: pronouns and definite descriptions -> the entity they refer back to, in one article.

What events, quotes and roles need, not general coreference:
- pronouns: "he"/"she" (and him, his, her ...) -> a person, "it"/"its" -> an organisation, a
  state or a collective agent ("the army ... it"), "they"/"their" -> a plural agent ("the
  protesters ... they"), chosen by recency with subjects first: the subject of the same sentence
  before the pronoun, else the latest subject of the sentences before, else the latest mention
  of that class, within MAX_PRONOUN_SENTENCES; never the subject of the pronoun's own verb for an
  object pronoun ("X told him"); "it" as a dummy subject ("it is likely", "it seems") is skipped;
- definite descriptions: "the group", "the militia", "the Lebanese armed group" -> an
  organisation of a fitting kind; "the Sudanese president", "the UN refugee chief", "the coup
  leader" -> the person whose titles (the words in front of the name, its apposition) hold the
  head noun and every telling modifier, with no clash of country; "the country", "the capital"
  -> a state, a city. The latest fitting entity named before the description wins. A description
  that fits none stays what the agents stage made it: an agent (or nothing, for "the group").

API (what later stages read): each Entity gains `references`, the Mentions (source "coref",
label "pronoun" or "description") that refer to it; an agent mention that refers to a named
entity moves to that entity's references (an agent left without mentions is dropped). The
pipeline builds the EntityIndex after this stage, over mentions and references, so
`index.get(token.i)` gives the entity of "he", "his", "the group" (every token of the
description) like the entity of a name: quotes resolve a pronoun or description speaker,
events a pronoun actor, through the index alone.

Why rules: the coreference libraries on PyPI need weights that are fetched at run time or not
shipped (coreferee 1.5's wheel holds no English model files; fastcoref, maverick-coref,
spacy-experimental's coref and allennlp download transformer weights from a hub); nothing may be
downloaded here. Measured on MEANTIME's pronoun and nominal mentions: eval/coref_meantime.py.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.gazetteer import gazetteer
from newsgraph.lexicons import load_csv, load_yaml
from newsgraph.model import Entity, Mention
from newsgraph.names import name_words, plain
from newsgraph.nlp import doc_text, sent_of, token_starts, tokens_matching, word_hashes
from newsgraph.sectors import AgentDictionary, agent_dictionary

__all__ = ["find_references", "load_data"]

# How many sentences back a pronoun's antecedent may lie: news names a person, then refers to
# them by pronoun in the same or the next sentence or two; on MEANTIME's pronouns 2 sentences
# back (the pronoun's own and two before) found every antecedent that 4 found, with fewer wrong
# ones (eval/coref_meantime.py).
MAX_PRONOUN_SENTENCES = 2
# a guard on walking up a parse tree (spaCy trees are acyclic; a sentence of 200 tokens is deep 60 at most)
MAX_TREE_DEPTH = 200
_LED_WORDS = frozenset({"led", "backed", "sponsored", "funded", "supported", "aligned"})
_PERSON_TYPES = frozenset({"PERSON"})
_THING_TYPES = frozenset({"ORG", "GPE", "LOC", "FAC"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "pobj", "dative", "iobj"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_RELATIVES = word_hashes(("who", "which"))


@dataclass(frozen=True)
class _Data:
    person: frozenset[str]
    thing: frozenset[str]
    plural: frozenset[str]
    pleonastic: frozenset[str]
    extraposition: frozenset[str]
    descriptions: dict[str, dict]
    loose: frozenset[str]
    org_kind: dict[str, str]  # canonical organisation name -> gazetteer kind
    title_heads: frozenset[str]  # last words of titles (titles.csv): "the chairman" is a person
    pronoun_hashes: frozenset[int]  # string ids of the pronouns (nlp.tokens_matching)
    description_hashes: frozenset[int]  # of the description heads and title heads


@functools.cache
def _data() -> _Data:
    raw = load_yaml("coref/references.yaml")
    pronouns = raw["pronouns"]
    return _Data(
        person=frozenset(pronouns["person"]),
        thing=frozenset(pronouns["thing"]),
        plural=frozenset(pronouns["plural"]),
        pleonastic=frozenset(raw["pleonastic_verbs"]),
        extraposition=frozenset(raw["extraposition_words"]),
        descriptions=dict(raw["descriptions"]),
        loose=frozenset(raw["loose_modifiers"]),
        org_kind={r["name"]: r["kind"] for r in load_csv("lexicons/organizations.csv")},
        title_heads=(heads := name_words().role_heads),
        pronoun_hashes=word_hashes(
            frozenset(pronouns["person"]) | frozenset(pronouns["thing"]) | frozenset(pronouns["plural"])
        ),
        description_hashes=word_hashes(
            frozenset(h for h in raw["descriptions"].keys() | heads if " " not in h)
        ),
    )


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    _data()
    gazetteer()


@dataclass(frozen=True, slots=True)
class _Antecedent:
    """A mention an anaphor may point back to."""

    token: int  # its head token
    entity: Entity
    subject: bool
    plural: bool
    body: bool  # an agent that names a body ("the army": "it"), not people ("the soldiers")


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the text says an entity is: the words in front of its name and in its apposition
    ("Sudanese President", "the leader of the group"), and the states they name."""

    words: frozenset[str]
    countries: frozenset[str]


def find_references(
    doc: Doc, entities: tuple[Entity, ...], dictionary: AgentDictionary | None = None
) -> tuple[Entity, ...]:
    """The entities with the pronouns and definite descriptions that refer to them."""
    resolver = _Resolver(doc, entities, dictionary or agent_dictionary())
    found: dict[str, list[Mention]] = {}
    moved: set[tuple[str, int]] = set()  # (agent id, mention start) now referring to a name
    for agent, mention, head in resolver.agent_descriptions():
        target = resolver.description(head, agent)
        if target is not None:
            found.setdefault(target.id, []).append(_description_mention(doc, head))
            moved.add((agent.id, mention.start))
            resolver.stands_for(head.i, target)
    for head in resolver.other_descriptions():
        target = resolver.description(head, None)
        if target is not None:
            found.setdefault(target.id, []).append(_description_mention(doc, head))
            resolver.stands_for(head.i, target, add=True, subject=head.dep_ in _SUBJECT_DEPS)
    for tok in tokens_matching(doc, _data().pronoun_hashes, ("LOWER",)):
        target = resolver.pronoun(tok)
        if target is not None:
            found.setdefault(target.id, []).append(
                Mention(tok.idx, tok.idx + len(tok.text), tok.text, "pronoun", "coref")
            )
    return _renumber(_apply(entities, found, moved))


def _apply(
    entities: tuple[Entity, ...], found: dict[str, list[Mention]], moved: set[tuple[str, int]]
) -> list[Entity]:
    out = []
    for e in entities:
        if e.kind == "agent":
            kept = tuple(m for m in e.mentions if (e.id, m.start) not in moved)
            if not kept:
                continue
            e = replace(e, mentions=kept)
        if e.id in found:
            refs = sorted((*e.references, *found[e.id]), key=lambda m: m.start)
            e = replace(e, references=tuple(refs))
        out.append(e)
    return out


def _renumber(entities: list[Entity]) -> tuple[Entity, ...]:
    """Agents after the named entities keep consecutive ids once some are dropped (no stage has
    read an agent's id yet)."""
    n_named = sum(e.kind != "agent" for e in entities)
    agents = [e for e in entities if e.kind == "agent"]
    if all(a.id == f"e{n_named + k}" for k, a in enumerate(agents, 1)):
        return tuple(entities)
    renamed = iter(replace(a, id=f"e{n_named + k}") for k, a in enumerate(agents, 1))
    return tuple(next(renamed) if e.kind == "agent" else e for e in entities)


class _Resolver:
    def __init__(self, doc: Doc, entities: tuple[Entity, ...], dictionary: AgentDictionary) -> None:
        self.doc = doc
        self.entities = entities
        self.dictionary = dictionary
        self.starts = token_starts(doc)
        found = self._antecedents()
        found += self._relative_subjects({a.token: a for a in found})
        self.antecedents = sorted(found, key=lambda a: a.token)
        self.positions = [a.token for a in self.antecedents]
        self.profiles: dict[str, _Profile] = {}

    # -- what may be referred to --------------------------------------------------------------

    def _antecedents(self) -> list[_Antecedent]:
        out = []
        for e in self.entities:
            for m in e.mentions:
                if m.in_original:
                    continue
                head = self._head_of(m)
                if head is None:
                    continue
                body = e.kind == "agent" and self._names_a_body(head)
                plural = head.tag_ in ("NNS", "NNPS") or (body and head.lower_ == "police")
                out.append(_Antecedent(head.i, e, _is_subject(head), plural, body))
        return out

    def stands_for(self, token: int, target: Entity, add: bool = False, subject: bool = False) -> None:
        """A description at `token` now refers to `target`: later pronouns see the named entity
        there (an agent mention moved, or a new antecedent for a description of no agent)."""
        k = bisect.bisect_left(self.positions, token)
        body = target.kind == "agent"  # a singular description of an agent names it as a body: "its"
        if k < len(self.positions) and self.positions[k] == token:
            a = self.antecedents[k]
            self.antecedents[k] = replace(a, entity=target, plural=False, body=body)
        elif add:
            self.antecedents.insert(k, _Antecedent(token, target, subject, False, body))
            self.positions.insert(k, token)

    def _relative_subjects(self, heads: dict[int, _Antecedent]) -> list[_Antecedent]:
        """ "Soleimani, who ruled ..., before he was killed": the relative pronoun is a subject
        mention of the noun its clause hangs on."""
        out = []
        for tok in tokens_matching(self.doc, _RELATIVES, ("LOWER",)):
            clause = tok.head
            if tok.dep_ not in _SUBJECT_DEPS or clause.dep_ != "relcl":
                continue
            a = heads.get(clause.head.i)
            if a is not None:
                out.append(replace(a, token=tok.i, subject=True))
        return out

    def _names_a_body(self, head: Token) -> bool:
        """ "the army", "the junta", "the government" name a body; "the president" a person."""
        if head.lemma_.lower() in _data().descriptions:
            return True
        found = self.dictionary.match([head.lower_], head.lemma_.lower())
        return found is not None and found[0].collective

    def _head_of(self, m: Mention) -> Token | None:
        i = self.starts.get(m.start)
        if i is None:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            return span.root if span is not None else None
        j = i
        while j + 1 < len(self.doc) and self.doc[j + 1].idx < m.end:
            j += 1
        return self.doc[i : j + 1].root

    # -- pronouns -----------------------------------------------------------------------------

    def pronoun(self, tok: Token) -> Entity | None:
        word = tok.lower_
        if tok.pos_ not in ("PRON", "DET") and tok.tag_ not in ("PRP", "PRP$"):
            return None
        data = _data()
        if word in data.thing and self._dummy_it(tok):
            return None
        if word in data.person:
            fits = self._fits_person
        elif word in data.thing:
            fits = self._fits_thing
        else:
            fits = self._fits_plural
        return self._latest(tok, fits)

    def _dummy_it(self, tok: Token) -> bool:
        if tok.dep_ == "expl":
            return True
        if tok.dep_ not in _SUBJECT_DEPS:
            return False
        head = tok.head
        if head.lemma_.lower() in ("be", "remain"):
            return any(
                ch.dep_ in ("acomp", "attr", "oprd", "advmod") and ch.lower_ in _data().extraposition
                for ch in head.children
            )
        if tok.dep_ == "nsubjpass" and head.lower_ in _data().extraposition:
            return True  # "it is believed that"
        return head.lemma_.lower() in _data().pleonastic

    @staticmethod
    def _fits_person(a: _Antecedent) -> bool:
        return a.entity.type in _PERSON_TYPES and not a.plural

    @staticmethod
    def _fits_thing(a: _Antecedent) -> bool:
        if a.entity.kind == "agent":
            return a.body and not a.plural
        return a.entity.type in _THING_TYPES

    @staticmethod
    def _fits_plural(a: _Antecedent) -> bool:
        return a.entity.kind == "agent" and a.plural

    def _latest(self, tok: Token, fits: Callable[[_Antecedent], bool]) -> Entity | None:
        sent = sent_of(tok)
        window_start = self._sentence_start_back(sent.start, MAX_PRONOUN_SENTENCES)
        k = bisect.bisect_left(self.positions, tok.i)
        blocked = self._entity_at(self._clause_subject(tok))
        same, earlier, anything = None, None, None
        in_sentence: list[_Antecedent] = []
        for a in reversed(self.antecedents[:k]):
            if a.token < window_start:
                break
            if not fits(a) or a.entity.id == blocked:
                continue
            if a.token >= sent.start:
                in_sentence.append(a)
                if a.subject and same is None:
                    same = a
            elif a.subject and earlier is None:
                earlier = a
            if anything is None:
                anything = a
        # a possessive with no subject before it in its own sentence: the sentence is searched
        # first, highest noun phrase first, then left to right, as Hobbs (1978) does: "A
        # spokesman for HTS, the group that controls Idlib province, said its ..." is HTS, not
        # the province. (For a subject pronoun the last sentence's subject stays first: on
        # MEANTIME's pronouns this order for every pronoun lost one right of 47, eval/coref_meantime.py.)
        shallow = None
        if in_sentence and tok.dep_ == "poss":
            shallow = min(in_sentence, key=lambda a: (_depth(self.doc[a.token]), a.token))
        best = same or shallow or earlier or anything
        return best.entity if best is not None else None

    def _entity_at(self, token: int | None) -> str | None:
        if token is None:
            return None
        k = bisect.bisect_left(self.positions, token)
        found = k < len(self.positions) and self.positions[k] == token
        return self.antecedents[k].entity.id if found else None

    def _clause_subject(self, tok: Token) -> int | None:
        """The subject of an object pronoun's verb, which the pronoun cannot be ("X told him")."""
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        if tok.dep_ not in _OBJECT_DEPS:
            return None
        return next((ch.i for ch in verb.children if ch.dep_ in _SUBJECT_DEPS), None)

    def _sentence_start_back(self, start: int, n: int) -> int:
        for _ in range(n):
            if start == 0:
                break
            start = sent_of(self.doc[start - 1]).start
        return start

    # -- descriptions -------------------------------------------------------------------------

    def agent_descriptions(self) -> list[tuple[Entity, Mention, Token]]:
        """Definite agent mentions ("the militia", "the Sudanese president")."""
        out = []
        for e in self.entities:
            if e.kind != "agent":
                continue
            for m in e.mentions:
                head = self._head_of(m)
                if head is not None and _is_definite(head) and not _has_of_complement(head):
                    out.append((e, m, head))
        return out

    def other_descriptions(self) -> list[Token]:
        """Definite descriptions whose head is no agent term ("the group", "the country")."""
        out = []
        for tok in tokens_matching(self.doc, _data().description_hashes, ("LOWER",)):
            if tok.pos_ != "NOUN" or not _is_definite(tok) or self._in_mention(tok):
                continue
            if self._names_someone(tok):
                continue  # "the former prime minister, Adel Abdul-Mahdi": it names its own person
            if _has_of_complement(tok) or tok.dep_ == "compound":
                continue
            out.append(tok)
        return out

    def _names_someone(self, tok: Token) -> bool:
        """An apposition of a name, a title in front of a person's name, or a predicate."""
        linked = [ch for ch in tok.children if ch.dep_ in ("appos", "flat")]
        linked += [ch for ch in tok.children if ch.dep_ == "compound" and self._is_person(ch)]
        if tok.dep_ in ("appos", "compound", "attr"):
            linked.append(tok.head)
        return any(self._in_mention(t) for t in linked)

    def _is_person(self, tok: Token) -> bool:
        k = bisect.bisect_left(self.positions, tok.i)
        at = k < len(self.positions) and self.positions[k] == tok.i
        return at and self.antecedents[k].entity.type == "PERSON"

    def _in_mention(self, tok: Token) -> bool:
        k = bisect.bisect_left(self.positions, tok.i)
        return k < len(self.positions) and self.positions[k] == tok.i

    def description(self, head: Token, agent: Entity | None) -> Entity | None:
        """The latest named entity before the description that it fits."""
        words = _modifiers(head)
        data = _data()
        rule = data.descriptions.get(head.lemma_.lower()) or data.descriptions.get(head.lower_)
        singular = head.tag_ not in ("NNS", "NNPS")
        if agent is not None:
            person_noun = singular and not self._names_a_body(head)
        else:
            person_noun = singular and head.lower_ in data.title_heads
        k = bisect.bisect_left(self.positions, head.i)
        seen: set[str] = set()
        for a in reversed(self.antecedents[:k]):
            e = a.entity
            if e.id in seen:
                continue
            seen.add(e.id)
            if e.kind == "agent":
                if agent is None and self._agent_carries(e, head):
                    return e  # "the coalition" after "coalition forces": that agent, nearer than any name
                continue
            if person_noun and e.type == "PERSON" and self._person_fits(e, head, words):
                return e
            if rule is not None and self._rule_fits(e, rule, head, words):
                return e
            if rule is None and agent is not None and not person_noun and self._body_fits(e, head, words):
                return e
        return None

    @staticmethod
    def _agent_carries(e: Entity, head: Token) -> bool:
        """The agent was named with the description's head word ("coalition forces")."""
        words = {w.lower() for name in (e.name, *e.aliases) for w in name.split()}
        return head.lemma_.lower() in words or head.lower_ in words

    def _body_fits(self, e: Entity, head: Token, words: list[str]) -> bool:
        """ "the army" for the named "Pakistan Army", "the police" for "Delhi Police": a body the
        text named with the head word itself."""
        if e.type != "ORG":
            return False
        profile = self._profile(e)
        has_head = head.lemma_.lower() in profile.words or head.lower_ in profile.words
        return has_head and self._modifiers_fit(profile, words, titles=False)

    def _person_fits(self, person: Entity, head: Token, words: list[str]) -> bool:
        profile = self._profile(person)
        if head.lemma_.lower() not in profile.words and head.lower_ not in profile.words:
            return False
        return self._modifiers_fit(profile, words)

    def _rule_fits(self, e: Entity, rule: dict, head: Token, words: list[str]) -> bool:
        if e.type not in rule["types"]:
            return False
        if e.type == "GPE":
            is_state = e.country is not None or e.name in gazetteer().country_iso3
            return is_state == bool(rule.get("state"))
        name_words = {w.lower() for w in e.name.split()}
        if rule.get("name_words") and not name_words & set(rule["name_words"]):
            return False
        kinds = rule.get("kinds")
        if kinds and _data().org_kind.get(e.name, "unknown") not in kinds:
            return False
        # "the Lebanese armed group": words of kind ("armed", "Shiite") say nothing of which
        # group; only a state may clash
        return self._modifiers_fit(self._profile(e), words, titles=False)

    def _modifiers_fit(self, profile: _Profile, words: list[str], titles: bool = True) -> bool:
        """A state the description names must not clash with the entity's; for a person, every
        other modifier that is no loose word ("refugee" of "the UN refugee chief") must be among
        the words of the person's titles."""
        # "the US-led coalition", "the Iran-backed militia": the state leads or backs the body,
        # so only a body known to be that state's fits (not any body of unknown country)
        led = any(w in _LED_WORDS for w in words)
        for w in words:
            state = _state_of(w)
            if state is not None:
                if (profile.countries or led) and state not in profile.countries:
                    return False
                continue
            if titles and w not in profile.words and w not in _data().loose:
                return False
        return True

    def _profile(self, e: Entity) -> _Profile:
        if e.id not in self.profiles:
            self.profiles[e.id] = self._make_profile(e)
        return self.profiles[e.id]

    def _make_profile(self, e: Entity) -> _Profile:
        words: set[str] = {w.lower() for name in (e.name, *e.aliases) for w in name.split()}
        for m in e.mentions:
            head = None if m.in_original else self._head_of(m)
            if head is None:
                continue
            words |= _premodifier_words(head, m)
            words |= _apposition_words(head)
        countries = {c for w in words if (c := _state_of(w)) is not None}
        if e.country:
            countries.add(e.country)
        return _Profile(frozenset(words), frozenset(countries))


def _depth(tok: Token) -> int:
    """How many heads stand above the token in its parse tree."""
    n = 0
    while tok.head.i != tok.i and n < MAX_TREE_DEPTH:
        tok, n = tok.head, n + 1
    return n


def _description_mention(doc: Doc, head: Token) -> Mention:
    """The whole description, its determiner and modifiers included ("The Sudanese president")."""
    first = min([head.i, *(c.i for c in head.lefts)])
    start, end = doc[first].idx, head.idx + len(head.text)
    return Mention(start, end, doc_text(doc)[start:end], "description", "coref")


def _is_subject(head: Token) -> bool:
    """The subject of its clause, or the name in apposition to one ("The former prime minister,
    Adel Abdul-Mahdi, said")."""
    if head.dep_ in _SUBJECT_DEPS:
        return True
    return head.dep_ in ("appos", "compound", "flat") and head.head.dep_ in _SUBJECT_DEPS


def _is_definite(tok: Token) -> bool:
    return any(ch.dep_ in ("det", "poss") and ch.lower_ in ("the", "this", "that") for ch in tok.children)


def _has_of_complement(tok: Token) -> bool:
    """ "the leader of Hezbollah" names its own entity; it does not refer back."""
    return any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in tok.children)


def _modifiers(head: Token) -> list[str]:
    """The words of a description that may say which entity it is: its modifiers, without
    determiners and possessive markers ("the UN refugee chief" -> un, refugee)."""
    out = []
    for ch in head.lefts:
        if ch.dep_ in ("det", "case", "punct", "predet") or ch.lower_ in ("'s", "’s"):
            continue
        out.extend(t.lower_ for t in ch.subtree if not t.is_punct and t.dep_ not in ("det", "case"))
    return out


def _premodifier_words(head: Token, m: Mention) -> set[str]:
    """The words in front of a name that belong to its phrase: "Sudanese President" of "Sudanese
    President Omar al-Bashir", "UN refugee chief" of "UN refugee chief Filippo Grandi"."""
    out: set[str] = set()
    doc = head.doc
    i = doc[head.i].left_edge.i
    k = i
    while k < len(doc) and doc[k].idx < m.start:
        t = doc[k]
        if not t.is_punct and t.dep_ not in ("det", "case"):
            out.add(t.lower_)
        k += 1
    return out


def _apposition_words(head: Token) -> set[str]:
    """ "Hezbollah, the Lebanese armed group," / "the leader of the group, X,": the words of an
    apposition on either side of the name."""
    phrases = [ch for ch in head.children if ch.dep_ == "appos"]
    if head.dep_ == "appos":
        phrases.append(head.head)
    out: set[str] = set()
    for p in phrases:
        if p.dep_ == "appos" and p.head.i == head.i:
            tokens = list(p.subtree)
        else:
            tokens = [t for t in p.subtree if t.i < head.left_edge.i or t.i > head.right_edge.i]
        out |= {t.lower_ for t in tokens if not t.is_punct and t.dep_ not in ("det", "case")}
        out.add(p.lemma_.lower())
    return out


def _state_of(word: str) -> str | None:
    gaz = gazetteer()
    key = plain(word)
    state = gaz.demonym_of.get(key) or gaz.country_canon.get(key)
    return gaz.country_iso3.get(state) if state else None

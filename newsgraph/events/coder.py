"""The PLOVER coder: sentence -> events with type, mode, actors, targets, place, date, evidence.

For every trigger (a verb or an event noun of data/plover/triggers.yaml):
- active verb:   actor = subject, target = object (or "against"/"on"/"at" object);
- passive verb:  target = subject, actor = the "by" agent;
- relative clause ("Soleimani, who was killed by ..."): the noun the clause hangs on;
- event noun:    target = "of" object ("the arrest of X"), actor = possessor ("Haftar's
                 forces"), a state named in a modifier ("US drone strike"), or the subject of
                 the verb that governs the noun ("X announced the arrest of Y");
- conjuncts:     "X and Y were killed" gives both.
Negated ("did not attack", "denied ...") and hypothetical ("may strike") events are flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.events.plover import ontology
from newsgraph.gazetteer import gazetteer
from newsgraph.model import Entity, EntityIndex, Evidence, TimeExpr
from newsgraph.nlp import sent_of, tokens_with

_TARGET_PREPS = frozenset({"against", "on", "at", "upon", "with", "to"})
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "into", "from"})
_PROTEST_CONTEXT = frozenset(
    "protester protesters demonstrator demonstrators worker workers student students union unions "
    "teacher teachers general hunger thousands crowd crowds people residents activists".split()
)
# Words whose "of"/"for" phrase or "that" clause says what someone allegedly did.
_ALLEGING = frozenset("accuse allege blame suspect accusation allegation".split())
# Steps from an event word up to the accusation: accused <- of <- being <- mastermind <- of
# <- attacks ("accused X of being the mastermind of attacks") is 5.
_ALLEGATION_DEPTH = 5
# Types that, as a participle describing a noun, state a relation rather than an act.
_STANDING = frozenset({"SUPPORT", "COOPERATE", "AID"})
# Verbs whose object is what is sent at the target ("fired rockets at the embassy").
_MISSILE_VERBS = frozenset("fire launch drop hurl lob throw shoot aim direct point".split())
# Verbs whose target is the "to" object ("linked the strike to Israel").
_TO_TARGET_VERBS = frozenset({"link", "tie", "connect", "attribute"})
# Verbs that state an aim, not an act, when they take a "to" clause ("seeking to expand").
_AIM_VERBS = frozenset("plan intend want seek aim try attempt hope prepare consider propose".split())
# Events that embed another one as a wish or a threat, not as a fact.
_EMBEDDING_TYPES = frozenset({"REQUEST", "THREATEN"})
# Verbs that report an event noun without dating it ("X's resignation was announced today").
REPORT_VERBS = frozenset(
    "announce report confirm reveal say state declare deny condemn welcome praise criticize criticise "
    "claim acknowledge publish".split()
)
# Verbs whose subject carries out the event noun they govern ("X announced the arrest of Y").
_CARRY_OUT = frozenset(
    "announce order carry launch begin start conduct stage mount claim hold make sign reach impose issue "
    "lead push press continue step escalate intensify resume renew undertake open lodge file give "
    "reiterate repeat declare organize organise reimpose enforce extend arrive travel fly".split()
)
# Verbs with little meaning of their own before an event noun: the noun says what happened.
_LIGHT_VERBS = frozenset(
    "launch open begin start stage hold conduct carry mount undertake organize organise make lodge file "
    "issue".split()
)
# How deep under a noun phrase to look for the named entity it stands for
# ("Forces loyal to Haftar" -> Haftar: forces -> loyal -> to -> Haftar is 3 steps).
MAX_NP_DEPTH = 3


@dataclass
class Candidate:
    """An event found at one trigger, before duplicates are merged."""

    type: str
    mode: str | None
    trigger: Token
    actors: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    negated: bool = False
    modality: str | None = None
    time: TimeExpr | None = None
    actor_text: str | None = None
    target_text: str | None = None
    # the verb that carries an event noun ("staged a protest", "imposed a curfew"): its clause is
    # the event's clause, for what the sentence reports, negation, place and date
    anchor: Token | None = None

    @property
    def evidence(self) -> Evidence:
        sent = sent_of(self.trigger)
        return Evidence(sent.start_char, sent.end_char, sent.text)


# "who asked not to be named", "requested anonymity": how a source is quoted, not a request.
_NAMING = frozenset("name identify quote cite".split())


def _asks_anonymity(verb: Token) -> bool:
    for ch in verb.children:
        if ch.dep_ in ("dobj", "obj") and ch.lemma_.lower() == "anonymity":
            return True
        if ch.dep_ == "xcomp" and ch.lemma_.lower() in _NAMING:
            return True
    return False


def _in_attribution(tok: Token) -> bool:
    """ "according to several sources who met Qaani": the phrase says who told the story; an
    event in it describes the source, not the news."""
    return any(a.lower_ == "according" and a.dep_ == "prep" for a in tok.ancestors)


class Coder:
    def __init__(self, doc: Doc, entities: tuple[Entity, ...], index: EntityIndex) -> None:
        self.doc = doc
        self.entities = {e.id: e for e in entities}
        # Interim: the coder still reads names only (agents and coref references are read from
        # the next commit on, with the argument roles that use them).
        references = {(m.start, m.end) for e in entities for m in e.references}
        self.tok_entity = {
            i: e
            for i, e in index.resolve(entities).items()
            if e.kind != "agent" and not any(a <= doc[i].idx < b for a, b in references)
        }
        states = gazetteer().states
        self.countries = {e.id for e in entities if e.type == "GPE" and e.name in states}

    # -- triggers ---------------------------------------------------------------------------

    def candidates(self) -> list[Candidate]:
        out = []
        for tok in tokens_with(self.doc, "POS", ("VERB", "AUX", "NOUN", "PROPN")):
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and lemma not in ("be", "have", "do")):
                types = tuple(
                    t for t in self._verb_types(tok, lemma) if self._gives_what_type_needs(tok, lemma, t)
                )
                if (
                    types
                    and not self._only_intent(tok, lemma)
                    and self._event_object(tok) is None
                    and not self._describes(tok, types)
                    and self._told_as_news(tok)
                    and not _asks_anonymity(tok)
                ):
                    out.append(self._verb_event(tok, self._choose(types, tok)))
                demand = self._reported_demand(tok)
                if demand is not None:
                    out.append(demand)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.tok_entity:
                types, head = self._noun_types(tok, lemma)
                if (
                    types
                    and not self._embedded(head)
                    and not self._coded_by_verb(head, types)
                    and self._told_as_news(head)
                ):
                    out.append(self._noun_event(head, self._choose(types, head)))
        return [c for c in out if c is not None]

    def _noun_types(self, tok: Token, lemma: str) -> tuple[tuple[str, ...], Token]:
        """The types of an event noun and the token that heads its phrase: the noun itself,
        or the first noun of "state of emergency"."""
        onto = ontology()
        types = onto.nouns.get(lemma) or onto.nouns.get(tok.lower_) or ()
        if tok.i < 2:
            return types, tok
        before, first = self.doc[tok.i - 1], self.doc[tok.i - 2]
        if before.text == "-" and not first.whitespace_ and not before.whitespace_:
            return onto.nouns.get(f"{first.lower_}-{tok.lower_}") or types, tok  # "sit-in"
        if before.lower_ == "of" and (first.lower_, lemma) in onto.compound_nouns:
            return onto.compound_nouns[(first.lower_, lemma)], first  # "state of emergency"
        return onto.compound_nouns.get((before.lower_, lemma)) or types, tok

    def _coded_by_verb(self, noun: Token, types: tuple[str, ...]) -> bool:
        """ "declared a ceasefire", "signed a treaty", "lodged a protest": the verb and its object
        make one event, coded at the verb (RETREAT, SUPPORT, ACCUSE), not a second one at the
        noun (AGREE, AGREE, PROTEST). A verb of the noun's own type ("launched an attack") is
        left to the merge step."""
        head = noun.head
        if noun.dep_ not in ("dobj", "obj") or head.pos_ not in ("VERB", "AUX"):
            return False
        carried = self._event_object(head)
        if carried is not None and carried.i == noun.i:
            return False  # "launched an investigation": the noun's event
        verb_types = self._verb_types(head, head.lemma_.lower())
        return bool(verb_types) and not set(verb_types) & set(types)

    def _event_object(self, verb: Token) -> Token | None:
        """The event noun a light verb carries ("launched an investigation", "opened a hearing",
        "held a rally"): the event is the noun's, not the verb's own sense (ASSAULT for
        "launch"). None for other verbs, and when the verb and noun form a phrase of their
        own in the triggers ("open fire", "impose sanctions")."""
        lemma = verb.lemma_.lower()
        if lemma not in _LIGHT_VERBS:
            return None
        onto = ontology()
        for obj in verb.children:
            if obj.dep_ not in ("dobj", "obj") or obj.i in self.tok_entity:
                continue
            if (lemma, obj.lower_) in onto.phrasal or (lemma, obj.lemma_.lower()) in onto.phrasal:
                return None
            if self._noun_types(obj, obj.lemma_.lower())[0]:
                return obj
        return None

    def _reported_demand(self, verb: Token) -> Candidate | None:
        """ "Russia said that Sudan must return the helicopter": a demand (REQUEST) by the speaker
        on the subject of the "must" clause, whatever its verb."""
        if not any(ch.dep_ == "aux" and ch.lower_ in ("must", "should") for ch in verb.children):
            return None
        head = verb.head
        if verb.dep_ != "ccomp" or head.lemma_.lower() not in (
            "say",
            "declare",
            "insist",
            "tell",
            "conclude",
            "state",
        ):
            return None
        c = Candidate("REQUEST", None, head)
        c.actors = self.entities_of(self._subject(head))
        c.targets = self.entities_of(self._subject(verb))
        c.actor_text = (
            None if c.actors else (self._subject(head).text if self._subject(head) is not None else None)
        )
        return c

    def _gives_what_type_needs(self, verb: Token, lemma: str, etype: str) -> bool:
        """A vague verb codes a type only with the kind of object that type needs (triggers.yaml
        `object_required`): "provided weapons", "gave Iraq $5 million", "supplied Kyiv with
        fuel", "aid was delivered" are AID; "provided the answer", "gave their lives" are not."""
        wanted = ontology().object_required.get((lemma, etype))
        if wanted is None:
            return True
        phrases = [
            list(ch.subtree)
            for ch in verb.children
            if ch.dep_ in ("dobj", "obj", "dative", "nsubjpass")
            or (ch.dep_ == "prep" and ch.lower_ == "with")
        ]
        if verb.dep_ == "relcl":
            phrases.append([verb.head])  # "the weapons that Iran supplied": the noun, not its clause
        return any(
            t.lemma_.lower() in wanted
            or t.lower_ in wanted
            or t.ent_type_ == "MONEY"
            or t.text in ("$", "€", "£")
            for phrase in phrases
            for t in phrase
        )

    def _only_intent(self, verb: Token, lemma: str) -> bool:
        """ "The LNA is seeking to expand ...": an aim, not a request (no object asked for)."""
        if lemma not in _AIM_VERBS:
            return False
        kids = {ch.dep_ for ch in verb.children}
        return "xcomp" in kids and not kids & {"dobj", "obj", "dative"}

    def _embedded(self, noun: Token) -> bool:
        """ "demanded the expulsion of US forces", "threatened strikes": the noun is what is
        asked for or threatened, not an event that happened; the governing verb codes it."""
        head = noun.head
        for _ in range(3):
            if head.pos_ in ("VERB", "AUX"):
                types = self._verb_types(head, head.lemma_.lower())
                return bool(set(types) & _EMBEDDING_TYPES) or head.lemma_.lower() in ontology().intent_heads
            if head.head.i == head.i:
                return False
            head = head.head
        return False

    def _told_as_news(self, tok: Token) -> bool:
        """Neither what an accusation alleges nor a description of the source."""
        return not self._alleged(tok) and not _in_attribution(tok)

    def _alleged(self, tok: Token) -> bool:
        """ "accused militants of launching missile attacks", "allegations of torture by police":
        what the accusation says was done is an allegation, not an event the text reports;
        the ACCUSE event (with this sentence as evidence) stands for it."""
        child = tok
        for _ in range(_ALLEGATION_DEPTH):
            head = child.head
            if head.i == child.i:
                return False
            if head.lemma_.lower() in _ALLEGING and (
                (child.dep_ == "prep" and child.lower_ in ("of", "for")) or child.dep_ == "ccomp"
            ):
                return True
            if head.pos_ in ("VERB", "AUX") and any(
                ch.dep_ in ("nsubj", "nsubjpass") for ch in head.children
            ):
                return False  # a clause with a subject of its own reports on its own
            child = head
        return False

    def _describes(self, verb: Token, types: tuple[str, ...]) -> bool:
        """ "militants backed by Tehran", "a group funded by Iran", "forces allied with Haftar": a
        participle that describes a noun states a standing relation, not an event."""
        return verb.dep_ == "acl" and verb.tag_ == "VBN" and all(t in _STANDING for t in types)

    def _verb_types(self, tok: Token, lemma: str) -> tuple[str, ...]:
        onto = ontology()
        for child in tok.children:
            if child.dep_ in ("prt", "prep", "dobj"):
                types = onto.phrasal.get((lemma, child.lower_)) or onto.phrasal.get(
                    (lemma, child.lemma_.lower())
                )
                if types and not (lemma == "protest" and self._crowd(tok)):
                    return types
        return onto.verbs.get(lemma, ())

    def _crowd(self, tok: Token) -> bool:
        """Protesters, students, workers ... take part: a street protest, not a diplomatic one."""
        subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
        return subj is not None and bool({t.lower_ for t in subj.subtree} & _PROTEST_CONTEXT)

    def _choose(self, types: tuple[str, ...], tok: Token) -> str:
        if len(types) == 1:
            return types[0]
        local = list(tok.subtree)
        subj = (
            next((ch for ch in tok.head.children if ch.dep_ == "nsubj"), None) if tok.pos_ == "NOUN" else None
        )
        if subj is not None:
            local += list(subj.subtree)
        context = {t.lower_ for t in local}
        if "PROTEST" in types and context & _PROTEST_CONTEXT:
            return "PROTEST"
        return next(t for t in types if t != "PROTEST")

    # -- participants --------------------------------------------------------------------------

    def entities_of(self, tok: Token | None, depth: int = 0) -> list[str]:
        """The named entities a noun phrase stands for ("the commander of X, Y" -> Y)."""
        if tok is None:
            return []
        agent = self.tok_entity.get(tok.i)
        if agent is not None and agent.kind == "agent":
            # a name in the agent's phrase acts ("Haftar's forces", "forces loyal to Haftar");
            # else the agent, with the state its phrase names ("US forces": the United States)
            found = self._named_in_phrase(tok, depth)
            if not found:
                found = [agent.id, *(s for s in self._demonym(tok) if s != agent.id)]
        elif tok.i in self.tok_entity:
            found = [self.tok_entity[tok.i].id]
            # a name the parser hung on a named head ("the Quds Force, General Ismail Qaani")
            found += [
                x for ch in tok.children if ch.dep_ == "appos" for x in self.entities_of(ch, MAX_NP_DEPTH)
            ]
        else:
            found = self._named_in_phrase(tok, depth)
            if tok.pos_ in ("NOUN", "ADJ") and not found and depth < MAX_NP_DEPTH:
                found += self._demonym(tok)
            if not found and depth == 0:
                found += self._set_off_name(tok)
        for conj in tok.conjuncts if depth == 0 else ():
            found += self.entities_of(conj, depth + 1)
        return list(dict.fromkeys(found))

    def _named_in_phrase(self, tok: Token, depth: int) -> list[str]:
        """The entities named in a noun phrase's modifiers and complements, agents left out when
        a name is there ("the commander of X, Y" -> Y; "Forces loyal to Haftar" -> Haftar)."""
        found: list[str] = []
        if depth < MAX_NP_DEPTH:
            for child in tok.children:
                if child.dep_ in (
                    "poss",
                    "compound",
                    "amod",
                    "appos",
                    "nmod",
                    "prep",
                    "pobj",
                    "acl",
                    "npadvmod",
                ):
                    if child.dep_ == "prep" and child.lower_ not in ("of", "to", "from"):
                        continue
                    found += self.entities_of(child, depth + 1)
        agents = [x for x in found if self.entities[x].kind == "agent"]
        return [x for x in found if x not in agents] or agents

    def _set_off_name(self, tok: Token) -> list[str]:
        """ "the killing of the scientist ..., Hisham al-Hashemi, last July": a person named between
        commas right after the phrase is the one it describes, however the parser attached it."""
        end = max(t.i for t in tok.subtree) + 1
        if end + 1 < len(self.doc) and self.doc[end].text == ",":
            e = self.tok_entity.get(end + 1)
            if e is not None and e.type == "PERSON":
                return [e.id]
        return []

    def _demonym(self, tok: Token) -> list[str]:
        country = gazetteer().demonym_of.get(tok.lower_)
        if not country:
            for child in tok.children:
                if child.dep_ in ("amod", "compound"):
                    country = gazetteer().demonym_of.get(child.lower_)
                    if country:
                        break
        if not country:
            return []
        return [e.id for e in self.entities.values() if e.type == "GPE" and e.name == country]

    def _subject(self, verb: Token) -> Token | None:
        """The subject of a verb; when the parser found none, the noun that opens the clause
        ("Forces loyal to Haftar, self-styled as ..., began their march")."""
        subj = next((ch for ch in verb.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        for tok in sent_of(verb):
            if tok.i >= verb.i:
                break
            if tok.dep_ in ("nsubj", "dep", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN"):
                ancestors = {a.i for a in tok.ancestors}
                if verb.i in ancestors:
                    return tok
        return None

    def _verb_event(self, verb: Token, etype: str) -> Candidate:
        c = Candidate(etype, None, verb)
        passive = any(ch.dep_ in ("auxpass", "nsubjpass") for ch in verb.children)
        subj = self._subject(verb)
        if subj is not None and subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            subj = verb.head
        if subj is None and verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            subj = next((ch for ch in verb.head.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and verb.dep_ == "relcl":
            subj = verb.head
        obj = next((ch for ch in verb.children if ch.dep_ in ("dobj", "obj")), None)
        if obj is not None and obj.lower_ in ("which", "that", "whom", "who") and verb.dep_ == "relcl":
            obj = verb.head  # "the Palace, which they had overrun"
        if obj is None or not (obj.i in self.tok_entity or self.entities_of(obj)):
            # "targeting their convoy at Baghdad airport": with an object of its own, "at" says
            # where, unless the object is what is thrown ("fired rockets at the embassy")
            where_not_whom = (
                {"at"} if obj is not None and verb.lemma_.lower() not in _MISSILE_VERBS else set()
            )
            obj = None
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in _TARGET_PREPS - where_not_whom:
                    obj = next((p for p in prep.children if p.dep_ == "pobj"), None)
                    if obj is not None and (obj.i in self.tok_entity or self.entities_of(obj)):
                        break
                    obj = None
        agent = None
        for ch in verb.children:
            if ch.dep_ == "agent":
                agent = next((p for p in ch.children if p.dep_ == "pobj"), None)
        if verb.lemma_.lower() in _TO_TARGET_VERBS:
            to = next((p for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"), None)
            if to is not None:
                obj = next((p for p in to.children if p.dep_ == "pobj"), obj)
        if passive:
            c.targets = self.entities_of(subj)
            c.actors = self.entities_of(agent) or self._implied_actor(verb)
        else:
            c.actors = self.entities_of(subj)
            c.targets = self.entities_of(obj)
        if obj is not None and obj.dep_ == "pobj" and verb.lemma_.lower() not in _TO_TARGET_VERBS:
            # "fired at Baghdad airport": a place, unless a facility is what was attacked
            kinds = ("GPE", "LOC") if etype in ("ASSAULT", "COERCE") else ("GPE", "LOC", "FAC")
            places = [t for t in c.targets if self.entities[t].type in kinds]
            c.targets = [t for t in c.targets if t not in places]
            c.locations += places
        c.actor_text = subj.text if subj is not None and not c.actors and not passive else None
        c.locations = list(dict.fromkeys(c.locations + self._locations(verb)))
        c.mode = self._mode(etype, verb)
        self._flags(c, verb)
        return c

    def _noun_event(self, noun: Token, etype: str) -> Candidate:
        c = Candidate(etype, None, noun)
        for ch in noun.children:
            if ch.dep_ == "prep" and (
                ch.lower_ in ("of", "against") or (ch.lower_ == "with" and etype == "CONSULT")
            ):
                c.targets += self.entities_of(next((p for p in ch.children if p.dep_ == "pobj"), None))
            elif ch.dep_ == "prep" and ch.lower_ in ("on", "upon") and etype in ("SANCTION", "COERCE"):
                # "sanctions on Iran's oil minister", "a curfew on Zahedan": only a name, not "on charges"
                pobj = next((p for p in ch.children if p.dep_ == "pobj"), None)
                if pobj is not None and pobj.i in self.tok_entity:
                    c.targets += self.entities_of(pobj)
            elif ch.dep_ == "prep" and ch.lower_ == "by":
                c.actors += self.entities_of(next((p for p in ch.children if p.dep_ == "pobj"), None))
            elif ch.dep_ == "poss":
                c.actors += self.entities_of(ch)
            elif ch.dep_ == "appos":
                c.targets += [x for x in self.entities_of(ch) if self.entities[x].type == "PERSON"]
            elif ch.dep_ in ("compound", "amod", "nmod") and ch.i in self.tok_entity:
                e = self.tok_entity[ch.i]
                if e.id in self.countries or e.type == "ORG":
                    c.actors.append(e.id)
                elif e.type in ("GPE", "LOC", "FAC"):
                    c.locations.append(e.id)
            elif ch.dep_ in ("amod", "compound"):
                c.actors += self._demonym(ch) if gazetteer().demonym_of.get(ch.lower_) else []
        head = noun.head
        governed = noun.dep_ in ("dobj", "pobj", "attr") and head.pos_ in ("VERB", "AUX")
        if governed and head.lemma_ in _CARRY_OUT:
            # "X announced the arrest of Y", "forces began their march", "students staged a
            # protest in Jakarta": the verb's subject did it, where the verb says
            c.anchor = head
            subject = self._subject(head)
            if not c.actors:
                c.actors = self.entities_of(subject)
            if not c.actors and subject is not None and head.lemma_ not in REPORT_VERBS:
                c.actor_text = subject.text
            c.locations += self._locations(head)
            self._flags(c, head)
        if (
            not c.actors
            and noun.dep_ == "pobj"
            and head.lower_ != "as"  # "declared the incident as a terrorist attack": a description
            and head.head.pos_ in ("VERB", "AUX")
            and head.head.lemma_ in _CARRY_OUT
        ):
            # "forces push ahead with a military offensive", "arrived in Amman on a visit"
            c.actors = self.entities_of(self._subject(head.head))
            c.locations += self._locations(head.head)
        c.locations += self._locations(noun)
        c.mode = self._mode(etype, noun)
        self._flags(c, noun)
        c.actors = list(dict.fromkeys(c.actors))
        c.targets = [t for t in dict.fromkeys(c.targets) if t not in c.actors]
        c.locations = [x for x in dict.fromkeys(c.locations) if x not in c.actors and x not in c.targets]
        return c

    def _implied_actor(self, verb: Token) -> list[str]:
        """ "killed in a US drone strike", "assassinated in an American attack": the state named
        in the instrument's modifiers is the actor."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by", "during", "with"):
                pobj = next((p for p in prep.children if p.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                for ch in [pobj, *pobj.children]:
                    if ch.i in self.tok_entity and self.tok_entity[ch.i].id in self.countries:
                        return [self.tok_entity[ch.i].id]
                    if ch.dep_ in ("amod", "compound") and gazetteer().demonym_of.get(ch.lower_):
                        found = self._demonym(ch)
                        if found:
                            return found
        return []

    def _locations(self, head: Token) -> list[str]:
        out = []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    for tok in [
                        pobj,
                        *pobj.children,
                        *(g for c in pobj.children if c.dep_ == "prep" for g in c.children),
                    ]:
                        e = self.tok_entity.get(tok.i)
                        if e is not None and e.type in ("GPE", "LOC", "FAC"):
                            out.append(e.id)
        return list(dict.fromkeys(out))

    def _mode(self, etype: str, tok: Token) -> str | None:
        modes = ontology().modes.get(etype)
        if not modes:
            return None
        words = {tok.lemma_.lower(), tok.lower_}
        for t in tok.subtree:
            if abs(t.i - tok.i) <= 6:
                words |= {t.lemma_.lower(), t.lower_}
        for prev in self.doc[max(tok.i - 2, 0) : tok.i]:
            words |= {f"{prev.lower_} {tok.lower_}", f"{prev.lower_} {tok.lemma_.lower()}"}
        for mode, vocab in modes.items():
            if words & vocab:
                return mode
        return None

    def _flags(self, c: Candidate, tok: Token) -> None:
        onto = ontology()
        if any(ch.dep_ == "neg" or ch.lower_ in onto.negators for ch in tok.children):
            c.negated = True
        for ch in tok.children:
            if ch.dep_ == "aux" and ch.lower_ in onto.hypothetical_aux:
                c.modality = "hypothetical"
            if ch.dep_ == "aux" and ch.lower_ in ("will", "'ll", "shall"):
                c.modality = c.modality or "future"
        if (
            tok.head.i != tok.i
            and tok.dep_ in ("ccomp", "xcomp")
            and any(ch.dep_ == "neg" for ch in tok.head.children)
        ):
            c.negated = True  # "I don't think he can help"
        head = tok.head
        for _ in range(3):  # "rejected suggestions that Israel was behind ...", "denied attacking"
            if head.i == tok.i:
                break
            if head.lemma_.lower() in onto.denial_verbs:
                c.negated = True
                break
            if (
                head.lemma_.lower() in onto.intent_heads
                and tok.dep_ in ("xcomp", "ccomp")
                and head.i != tok.i
            ):
                c.modality = c.modality or "intended"
            if head.head.i == head.i:
                break
            head = head.head
        if tok.dep_ == "pobj" and tok.head.lower_ in ("without",):
            c.negated = True

"""Participants of an event from the parse, per trigger frame (patterns: data/events/frames.yaml).

- verb:  actor = active subject or passive "by" agent; target = object, passive subject, the noun
         a reduced relative describes ("men arrested by police"), or an "against/on/at" phrase;
         a relative pronoun stands for the noun its clause hangs on ("Soleimani, who was
         killed"); a verb without a subject shares its governor's ("agreed to cooperate",
         "opened fire, killing three"); "killed in a US drone strike", "died in police firing":
         the holder of the instrument acts.
- noun:  actor = "by" phrase, possessor ("Egypt's strike"; but "his arrest" is his), a state,
         an organisation or an agent among the modifiers ("a US drone strike", "police firing");
         target = "of/against" phrase, a participle's object ("a strike targeting the
         commander"); the verb that carries the noun lends its own participants ("X announced
         the arrest of Y", "was taken into custody by police").
A noun phrase stands for the names in it ("the commander of X, Y" -> Y, "forces loyal to
Haftar" -> Haftar); for an agent ("police", "Chadian soldiers") when it names none, with the
state its words name ("US forces": the agent and the United States).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.events.candidate import Participants, Trigger
from newsgraph.events.frames import arguments, frames
from newsgraph.events.senses import senses
from newsgraph.events.triggers import noun_types
from newsgraph.gazetteer import gazetteer
from newsgraph.model import Entity
from newsgraph.nlp import sent_of

# How many clause links a verb without a subject climbs to its governor's subject: "agreed to
# cooperate" is 1, "was unable to meet" 2 (meet <- unable <- was); a third link is another
# clause's subject more often than not.
SHARING_DEPTH = 2
# How deep under a noun phrase to look for the named entity it stands for
# ("Forces loyal to Haftar" -> Haftar: forces -> loyal -> to -> Haftar is 3 steps).
MAX_NP_DEPTH = 3
_PHRASE_DEPS = frozenset(
    {"poss", "compound", "amod", "appos", "nmod", "prep", "pobj", "acl", "npadvmod", "agent"}
)
_PHRASE_PREPS = frozenset({"of", "to", "from"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# the types of harm and coercion by force
FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})


class Arguments:
    """Reads the participants of triggers in one Doc."""

    def __init__(self, doc: Doc, entities: tuple[Entity, ...], tok_entity: dict[int, Entity]) -> None:
        self.doc = doc
        self.entities = {e.id: e for e in entities}
        self.tok_entity = tok_entity
        states = gazetteer().states
        self.countries = {e.id for e in entities if e.type == "GPE" and e.name in states}
        self.words = frames().words
        self.affiliations: dict[str, list[str]] = {}

    # -- verbs --------------------------------------------------------------------------------

    def of_verb(self, trig: Trigger, etype: str) -> Participants:
        verb = self.doc[trig.token]
        if trig.anchor is not None and not trig.noun:
            return self._of_demand(verb, self.doc[trig.anchor])
        lemma = verb.lemma_.lower()
        passive = any(ch.dep_ in ("auxpass", "nsubjpass") for ch in verb.children)
        actor_toks = [self._relative(t, verb) for t in arguments("verb", "actor", verb)]
        target_toks = [self._relative(t, verb) for t in self._verb_targets(verb, lemma) if not _is_time(t)]
        if self._caused(verb):
            # "could get the president killed": the participle's subject undergoes the event
            target_toks, actor_toks, passive = actor_toks + target_toks, [], True
        if verb.dep_ == "relcl" and not self._has_relative_pronoun(verb):
            # "the men police arrested": the noun the clause hangs on is its missing object
            if actor_toks and not target_toks:
                target_toks = [verb.head]
            elif not actor_toks and not passive:
                actor_toks = [verb.head]
        if not actor_toks and not passive:
            shared = self._accused(verb) or self._shared_subject(verb)
            if shared is not None:
                actor_toks = [shared]
        if passive and not target_toks:
            patient = self._shared_patient(verb)
            if patient is not None:
                target_toks = [self._relative(patient, verb)]
        actors = self._all(actor_toks)
        if passive and not actors:
            actors = self._implied_actor(verb)
        targets = self._all(target_toks)
        locations = []
        pobj_targets = {t.i for t in target_toks if t.dep_ == "pobj"}
        if pobj_targets and lemma not in self.words["to_target_verbs"]:
            # "fired at Baghdad airport": a place, unless a facility is what was attacked (the
            # place the object itself names; "agreed to US mediation" names no place)
            kinds = ("GPE", "LOC") if etype in FORCE_TYPES else tuple(_PLACE_TYPES)
            from_pobj = {self.tok_entity[i].id for i in pobj_targets if i in self.tok_entity}
            places = [t for t in targets if t in from_pobj and self.entities[t].type in kinds]
            targets = [t for t in targets if t not in places]
            locations += places
        subj = actor_toks[0] if actor_toks else None
        weak = all(self._weak(a) for a in actors)
        bare_relative = subj is not None and subj.lower_ in _RELATIVE_PRONOUNS  # one its noun did not resolve
        actor_text = _words(subj) if subj is not None and weak and not passive and not bare_relative else None
        target_text = _words(target_toks[0]) if target_toks and not targets else None
        # "shelled a clinic in Goma": the place of what was hit is the event's
        locations += [x for t in target_toks for x in self.locations(t)]
        return _participants(actors, targets, locations + self.locations(verb), actor_text, target_text)

    def _verb_targets(self, verb: Token, lemma: str) -> list[Token]:
        if lemma in self.words["to_target_verbs"]:
            to = [p for ch in verb.children if ch.dep_ == "prep" and ch.lower_ == "to" for p in ch.children]
            found = [p for p in to if p.dep_ == "pobj"]
            if found:
                return found
        at_means_where = _has_object(verb) and lemma not in self.words["missile_verbs"]
        found = [
            tok
            for tok in arguments("verb", "target", verb, useful=self._named)
            # "targeting their convoy at Baghdad airport": with an object of its own, "at" says
            # where, unless the object is what is thrown ("fired rockets at the embassy")
            if not (tok.dep_ == "pobj" and tok.head.lower_ == "at" and at_means_where)
        ]
        return found

    def _named(self, tok: Token) -> bool:
        return bool(self.entities_of(tok))

    def result_of(self, verb: Token, etype: str, event_nouns: set[int]) -> int | None:
        """The event this verb tells the result of: its subject ("an offensive that has killed 41
        people"), its instrument ("were injured in two bomb explosions"), or the event verb its
        participle clause hangs on ("opened fire, killing three"). `event_nouns` holds the
        tokens of the events that may be such a cause."""
        subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
        subj = self._relative(subj, verb) if subj is not None else self._shared_subject(verb)
        if subj is not None and subj.i in event_nouns:
            return subj.i  # "the strikes ... increased, defying the army": the strikes defy
        if etype not in FORCE_TYPES:
            return None  # only harm has an instrument: "agreed ... in the talks" is no result
        clause = verb
        while clause.dep_ == "conj" and clause.tag_ == "VBG" and clause.head.i != clause.i:
            clause = clause.head  # "killing one and injuring eight"
        if clause.dep_ == "advcl" and clause.tag_ == "VBG" and clause.head.i in event_nouns:
            return clause.head.i  # "gunmen attacked a bus, killing four": the attack killed them
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in self.words["instrument_preps"]:
                for pobj in prep.children:
                    if pobj.dep_ not in ("pobj", "pcomp"):
                        continue
                    # "died in police firing" read as "in [police [firing]]": the participle
                    for tok in (pobj, *(c for c in pobj.children if c.dep_ == "acl" and c.tag_ == "VBG")):
                        if tok.i in event_nouns:
                            return tok.i
        return None

    def _caused(self, verb: Token) -> bool:
        return (
            verb.tag_ in ("VBN", "VBD")
            and verb.dep_ in ("ccomp", "xcomp", "oprd")
            and verb.head.lemma_.lower() in self.words["causative_verbs"]
        )

    def _has_relative_pronoun(self, verb: Token) -> bool:
        return any(ch.lower_ in self.words["relative_pronouns"] for ch in verb.children)

    def _relative(self, tok: Token, verb: Token) -> Token:
        """A relative pronoun stands for the noun its clause hangs on."""
        if tok.lower_ not in self.words["relative_pronouns"]:
            return tok
        clause = verb
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ in ("relcl", "acl"):
            return clause.head
        # "X, who ruled ..., and who was killed": a second relative clause the parser hung
        # elsewhere refers to the noun of the relative clause before it
        for k in range(tok.i - 1, sent_of(tok).start - 1, -1):
            if any(ch.dep_ == "relcl" for ch in self.doc[k].children):
                return self.doc[k]
        return tok

    def _accused(self, verb: Token) -> Token | None:
        """ "accused the army of shelling the market": the accused is who did it."""
        prep = verb.head
        if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
            return None
        accusation = prep.head
        if accusation.lemma_.lower() not in senses().alleging:
            return None
        return next((ch for ch in accusation.children if ch.dep_ in ("dobj", "obj", "nsubjpass")), None)

    def _shared_subject(self, verb: Token) -> Token | None:
        """The subject of the governing verb, for a verb that has none of its own; else the noun
        that opens the clause ("Forces loyal to Haftar, self-styled as ..., began their march")."""
        prep = verb.head
        if (
            verb.dep_ == "pcomp"
            and prep.dep_ == "prep"
            and prep.head.lemma_.lower() in senses().responsibility_nouns
        ):
            # "played a role in negotiating with the militias": who played the role negotiated
            part = prep.head
            if part.dep_ in ("dobj", "obj"):
                subj = next((ch for ch in part.head.children if ch.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ in ("dobj", "obj"):
            # "issued a declaration demanding that ...": who issued it demands
            subj = next((ch for ch in verb.head.head.children if ch.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
        if verb.dep_ == "xcomp" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children):
            # "forcing the police to open fire": who is made to act is the object of the verb
            obj = next((ch for ch in verb.head.children if ch.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj
        t = verb
        if verb.dep_ == "pcomp" and prep.dep_ == "prep" and not _has_object(prep.head):
            # "police had to resort to firing", "mobs indulged in rioting": the one who resorts acts
            t = prep.head
            subj = next((ch for ch in t.children if ch.dep_ == "nsubj"), None)
            if subj is not None:
                return self._relative(subj, t)
        for _ in range(SHARING_DEPTH):
            if t.dep_ not in self.words["subject_sharing"] or t.head.i == t.i:
                break
            t = t.head
            subj = next((ch for ch in t.children if ch.dep_ == "nsubj"), None)
            if subj is not None and self._reported_thing(t, subj):
                # "Molla said the constitution no longer provides for X and accused the BNP":
                # the parser hung "accused" on the reported clause, whose subject is no one
                # who could act; the sayer accused
                t = t.head
                subj = next((ch for ch in t.children if ch.dep_ == "nsubj"), None)
            if subj is not None:
                return self._relative(subj, t)
        for tok in sent_of(verb):
            if tok.i >= verb.i:
                break
            opens = tok.dep_ in ("nsubj", "dep", "nsubjpass") and tok.pos_ in ("NOUN", "PROPN")
            if opens and verb.i in {a.i for a in tok.ancestors}:
                return tok
        return None

    def _shared_patient(self, verb: Token) -> Token | None:
        """The missing subject of a passive, which undergoes it: the subject of the verb it is
        a conjunct of ("28 men were detected near the city and were arrested", "the men attacked
        the station and were arrested"), or the subject of a participle the parser took for the
        passive's clausal subject ("15 workers trying to enforce the bandh were arrested")."""
        for ch in verb.children:
            if ch.dep_ == "csubjpass":
                subj = next((c for c in ch.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj
        t = verb
        for _ in range(SHARING_DEPTH):
            if t.dep_ != "conj" or t.head.i == t.i:
                break
            t = t.head
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
        return None

    def _reported_thing(self, clause: Token, subj: Token) -> bool:
        """The subject of a reported clause ("said the constitution provides ...") that is a
        common noun naming no entity or agent, under a verb with a subject of its own."""
        return (
            clause.dep_ == "ccomp"
            and subj.pos_ == "NOUN"
            and not self.entities_of(subj)
            and any(ch.dep_ == "nsubj" for ch in clause.head.children)
        )

    def _of_demand(self, speech: Token, verb: Token) -> Participants:
        """ "Russia said that Sudan must return the helicopter": Russia asks, Sudan is asked."""
        speaker = next((ch for ch in speech.children if ch.dep_ in _SUBJECTS), None)
        asked = next((ch for ch in verb.children if ch.dep_ in _SUBJECTS), None)
        actors = self.entities_of(speaker)
        text = speaker.text if speaker is not None and not actors else None
        return _participants(actors, self.entities_of(asked), [], text)

    def _implied_actor(self, verb: Token) -> list[str]:
        """ "killed in a US drone strike", "died in police firing", "assassinated in an American
        attack": the state or the agent named in the instrument's phrase acts."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in self.words["instrument_preps"]:
                continue
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                found = self._instrument_holder(pobj)
                if found:
                    return found
        return []

    def _instrument_holder(self, noun: Token) -> list[str]:
        for ch in [noun, *noun.children]:
            e = self.tok_entity.get(ch.i)
            if e is not None and (e.id in self.countries or (e.kind == "agent" and ch.i != noun.i)):
                return [e.id]
            if e is not None and e.kind == "agent" and not noun_types(self.doc, noun, noun.lemma_.lower())[0]:
                return [e.id]  # "killed by police"
            if ch.dep_ in ("amod", "compound") and gazetteer().demonym_of.get(ch.lower_):
                found = self._demonym(ch)
                if found:
                    return found
        return []

    # -- nouns --------------------------------------------------------------------------------

    def of_noun(self, trig: Trigger, etype: str) -> Participants:
        noun = self.doc[trig.head]
        actors: list[str] = []
        targets: list[str] = []
        locations: list[str] = []
        has_of = any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in noun.children)
        patient_noun = noun.lemma_.lower() in self.words["patient_possessor"] and not has_of
        for tok in arguments("noun", "actor", noun):
            if tok.dep_ == "poss" and patient_noun:
                continue
            if tok.dep_ in ("compound", "amod", "nmod"):
                actors += self._modifier_actor(tok, locations)
            else:
                actors += self.entities_of(tok)
        # "the strikes of these militias against the American presence": with a target of its
        # own, the "of" phrase is who strikes
        own_target = any(
            ch.dep_ == "prep"
            and (
                ch.lower_ == "against"
                or (ch.lower_ in ("on", "upon") and any(p.i in self.tok_entity for p in ch.children))
            )
            for ch in noun.children
        )
        first_target: Token | None = None
        for tok in arguments("noun", "target", noun):
            if tok.dep_ == "poss" and not patient_noun:
                continue
            if own_target and tok.dep_ == "pobj" and tok.head.lower_ == "of":
                actors += self.entities_of(tok)
                continue
            targets += self.entities_of(tok)
            first_target = first_target or tok
        targets += self._noun_complements(noun, etype)
        if not actors:
            actors = self._responsible(noun) or self._alleged_by(noun) or self._crowd_of(noun, etype)
        actor_text = None
        # "the arrest of 40-year-old azmal khan": the words of a patient no entity holds (of the
        # nouns whose "of" phrase undergoes them; "the meeting of the port authority" is theirs)
        undergoes = noun.lemma_.lower() in self.words["patient_possessor"]
        target_text = _words(first_target) if first_target is not None and not targets and undergoes else None
        if trig.anchor is not None:
            verb = self.doc[trig.anchor]
            lent = self._lent(verb)
            actors = actors or lent.actors
            targets = targets or lent.targets
            actor_text = lent.actor_text if not actors else None
            target_text = target_text or (lent.target_text if not targets else None)
            locations += self.locations(verb)
        locations += self.locations(noun)
        actors = list(dict.fromkeys(actors))
        targets = [t for t in dict.fromkeys(targets) if t not in actors]
        locations = [x for x in dict.fromkeys(locations) if x not in actors and x not in targets]
        return Participants(tuple(actors), tuple(targets), tuple(locations), actor_text, target_text)

    def _responsible(self, noun: Token) -> list[str]:
        """ "claimed responsibility for the attack", "denied involvement in the bombing": the
        subject of the verb whose object names the part acts in the event."""
        prep = noun.head
        part = prep.head
        if (
            noun.dep_ != "pobj"
            or prep.dep_ != "prep"
            or part.lemma_.lower() not in senses().responsibility_nouns
        ):
            return []
        verb = part.head
        if part.dep_ not in ("dobj", "obj") or verb.pos_ not in ("VERB", "AUX"):
            return []
        subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
        if subj is None or any(ch.lower_ == "no" for ch in subj.children):
            return []  # "no group has claimed responsibility": no one is named
        return self.entities_of(subj)

    def _crowd_of(self, noun: Token, etype: str) -> list[str]:
        """ "Palestinian youths resorted to throwing stones during demonstrations": a crowd that
        is the subject of the clause a protest noun hangs on takes part in it."""
        if etype != "PROTEST":
            return []
        verb = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None) if verb is not None else None
        if subj is None or not {t.lower_ for t in subj.subtree} & senses().crowd_words:
            return []
        return self.entities_of(subj)

    def _alleged_by(self, noun: Token) -> list[str]:
        """ "allegations of torture by the police": the parser hangs the "by" phrase on the
        allegation; it says who did what is alleged."""
        prep = noun.head
        allegation = prep.head
        if noun.dep_ != "pobj" or prep.lower_ != "of" or allegation.lemma_.lower() not in senses().alleging:
            return []
        by = [p for ch in allegation.children if ch.dep_ == "prep" and ch.lower_ == "by" for p in ch.children]
        return self._all([p for p in by if p.dep_ == "pobj"])

    def _modifier_actor(self, tok: Token, locations: list[str]) -> list[str]:
        """A state, an organisation or an agent in front of an event noun acts ("a US drone
        strike", "police firing"); a place there says where ("a Beirut drone strike")."""
        e = self.tok_entity.get(tok.i)
        if e is not None:
            if e.type == "NORP":
                return self._demonym(tok) or ([e.id] if e.country is not None else [])
            if e.kind == "agent":
                return self.entities_of(tok, MAX_NP_DEPTH)
            if e.id in self.countries or e.type == "ORG":
                return [e.id]
            if e.type in _PLACE_TYPES:
                locations.append(e.id)
            return []
        if gazetteer().demonym_of.get(tok.lower_):
            return self._demonym(tok)
        return []

    def _noun_complements(self, noun: Token, etype: str) -> list[str]:
        """ "sanctions on Iran's oil minister", "a curfew on Zahedan" (a name only, not "on
        charges"); "talks with X"; "the killing of the scientist, X" (an apposition)."""
        out: list[str] = []
        for ch in noun.children:
            pobj = next((p for p in ch.children if p.dep_ == "pobj"), None)
            if (
                ch.dep_ == "prep"
                and ch.lower_ in ("on", "upon")
                and etype in ("SANCTION", "COERCE", "ASSAULT")
            ):
                if pobj is not None and (pobj.i in self.tok_entity or etype == "ASSAULT"):
                    out += self.entities_of(pobj)
            elif ch.dep_ == "prep" and ch.lower_ == "with" and etype == "CONSULT":
                out += self.entities_of(pobj)
            elif ch.dep_ == "appos":
                out += [x for x in self.entities_of(ch) if self.entities[x].type == "PERSON"]
        return out

    def _lent(self, verb: Token) -> Participants:
        """The participants a carrying verb lends its event noun: its subject acts ("X announced
        the arrest of Y"); passive, its "by" agent acts and its subject undergoes it ("was taken
        into custody by police"); active with an object, the object undergoes it."""
        passive = any(ch.dep_ in ("auxpass", "nsubjpass") for ch in verb.children)
        subj = next((ch for ch in verb.children if ch.dep_ in _SUBJECTS), None)
        if subj is None:
            subj = self._shared_subject(verb)
        if verb.lemma_.lower() in senses().taking_part_verbs:
            return Participants(tuple(self.entities_of(subj)), ())  # "was involved in the blast"
        if passive:
            by = [p for ch in verb.children if ch.dep_ == "agent" for p in ch.children if p.dep_ == "pobj"]
            if subj is not None and not self._not_event(subj):
                return Participants(tuple(self._all(by)), ())  # "curfew was imposed by the police"
            undergoes = self.entities_of(subj)
            text = _words(subj) if subj is not None and not undergoes else None
            return Participants(tuple(self._all(by)), tuple(undergoes), target_text=text)
        if subj is None or not self.entities_of(subj):
            subj = self._accused(verb) or subj  # "accused militants of launching attacks"
        obj = next((ch for ch in verb.children if ch.dep_ in ("dobj", "obj", "dative")), None)
        actors = self.entities_of(subj)
        # "police took him into custody": him; "X announced the arrest of Y": the object is the event
        targets = self.entities_of(obj) if obj is not None and self._not_event(obj) else []
        for prep in verb.children:  # "launching attacks on US facilities"
            if prep.dep_ == "prep" and prep.lower_ in ("against", "on", "upon"):
                targets += self._all([p for p in prep.children if p.dep_ == "pobj"])
        text = _words(subj) if subj is not None and all(self._weak(a) for a in actors) else None
        return Participants(tuple(actors), tuple(targets), (), text)

    def _not_event(self, tok: Token) -> bool:
        return not noun_types(self.doc, tok, tok.lemma_.lower())[0]

    # -- noun phrases -------------------------------------------------------------------------

    def _all(self, toks: list[Token]) -> list[str]:
        return list(dict.fromkeys(x for t in toks for x in self.entities_of(t)))

    def entities_of(self, tok: Token | None, depth: int = 0) -> list[str]:
        """The entities a noun phrase stands for ("the commander of X, Y" -> Y)."""
        if tok is None:
            return []
        e = self.tok_entity.get(tok.i)
        if e is not None and e.kind == "agent":
            # a name in the agent's phrase acts ("Haftar's forces", "forces loyal to Haftar"),
            # here or where the agent was named ("their march": the forces loyal to Haftar);
            # else the agent, with the state its phrase names ("US forces": the United States)
            found = self._names_of_agent(tok, depth) or self._affiliation(e)
            if not found:
                found = [e.id, *(s for s in self._demonym(tok) if s in self.countries)]
        elif e is not None:
            found = [e.id]
            # a name the parser hung on a named head ("the Quds Force, General Ismail Qaani")
            found += [
                x for ch in tok.children if ch.dep_ == "appos" for x in self.entities_of(ch, MAX_NP_DEPTH)
            ]
        else:
            found = self._named_in_phrase(tok, depth)
            if tok.pos_ in ("NOUN", "ADJ") and not found and depth < MAX_NP_DEPTH:
                found += self._demonym(tok)
        for conj in tok.conjuncts if depth == 0 else ():
            found += self.entities_of(conj, depth + 1)
        if depth == 0 and all(self.entities[x].kind == "agent" for x in found):
            # "the killing of the scientist and government advisor ..., Hisham al-Hashemi": the
            # person named after the phrase, not an agent in its words
            found = self._set_off_name(tok) or found
        return list(dict.fromkeys(found))

    def _affiliation(self, agent: Entity) -> list[str]:
        """The names an agent's mentions carry in their phrase ("Forces loyal to Haftar"), so
        that a pronoun or a bare mention of it stands for them too."""
        if agent.id not in self.affiliations:
            self.affiliations[agent.id] = []  # no recursion through the agent's own mentions
            names: list[str] = []
            for m in agent.mentions:
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    names += self._names_of_agent(span.root, 0)
            self.affiliations[agent.id] = list(dict.fromkeys(names))
        return self.affiliations[agent.id]

    def _names_of_agent(self, tok: Token, depth: int) -> list[str]:
        """The names in an agent's phrase other than its nationality: "loyal to Haftar", "backed
        by Tehran", "Haftar's forces"; not "US" of "US forces" nor "Iraq's" of "Iraq's army"."""
        found: list[str] = []
        if depth < MAX_NP_DEPTH:
            for child in tok.children:
                if child.dep_ not in _PHRASE_DEPS or (
                    child.dep_ == "prep" and child.lower_ not in _PHRASE_PREPS
                ):
                    continue
                names = self.entities_of(child, depth + 1)
                if child.dep_ in _MODIFIER_DEPS:
                    names = [x for x in names if not self._gives_country(x)]
                found += names
        return [x for x in dict.fromkeys(found) if self.entities[x].kind != "agent"]

    def _weak(self, entity_id: str) -> bool:
        """A demonym of no known state ("Muslim hackers", "Islamic fundamentalists"): it says
        who the actor is no more than the actor's own words do."""
        e = self.entities[entity_id]
        return e.type == "NORP" and e.country is None

    def _gives_country(self, entity_id: str) -> bool:
        e = self.entities[entity_id]
        return e.type == "NORP" or e.id in self.countries

    def _named_in_phrase(self, tok: Token, depth: int) -> list[str]:
        """The entities named in a noun phrase's modifiers and complements, agents left out when
        a name is there."""
        found: list[str] = []
        if depth < MAX_NP_DEPTH:
            for child in tok.children:
                if child.dep_ not in _PHRASE_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ not in _PHRASE_PREPS:
                    continue
                found += self.entities_of(child, depth + 1)
        found = [y for x in found for y in self._as_state(x)]
        agents = [x for x in found if self.entities[x].kind == "agent"]
        # an agent's own state ("Iraqi militia leaders": Iraq) goes with it, other names win
        theirs = {self.entities[a].country for a in agents}
        names = [
            x
            for x in found
            if x not in agents and not (x in self.countries and self.entities[x].country in theirs)
        ]
        return names or found

    def _as_state(self, entity_id: str) -> list[str]:
        """A demonym stands for its state when the article names it ("the American presence")."""
        e = self.entities[entity_id]
        if e.type != "NORP" or e.country is None:
            return [entity_id]
        states = [x for x in self.countries if self.entities[x].country == e.country]
        return states[:1] or [entity_id]

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
        """The state a demonym or a state's name in the phrase stands for, when the article names
        the state ("Iraqi forces" -> Iraq), else the demonym's own entity ("a Saudi strike")."""
        gaz = gazetteer()
        words = [tok, *(ch for ch in tok.children if ch.dep_ in ("amod", "compound"))]
        for w in words:
            country = gaz.demonym_of.get(w.lower_)
            if not country:
                continue
            states = [e.id for e in self.entities.values() if e.type == "GPE" and e.name == country]
            if states:
                return states
            own = self.tok_entity.get(w.i)
            if own is not None and own.type == "NORP" and own.country is not None:
                return [own.id]
        return []

    def locations(self, head: Token) -> list[str]:
        """Places in the word's place phrases ("in Sfax", "near the border town of X")."""
        out = []
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in self.words["place_preps"]:
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    # "in Sfax", "in the town of Sfax", "near the station area in anand town"
                    nested = [g for c in pobj.children if c.dep_ == "prep" for g in c.children]
                    named_by = [m for g in nested for m in g.children if m.dep_ == "compound"]
                    for tok in [pobj, *pobj.children, *nested, *named_by]:
                        e = self.tok_entity.get(tok.i)
                        if e is not None and e.type in _PLACE_TYPES:
                            out.append(e.id)
        return list(dict.fromkeys(out))


def _participants(
    actors: list[str],
    targets: list[str],
    locations: list[str],
    actor_text: str | None,
    target_text: str | None = None,
) -> Participants:
    actors = list(dict.fromkeys(actors))
    targets = [t for t in dict.fromkeys(targets) if t not in actors]
    locations = [x for x in dict.fromkeys(locations) if x not in actors and x not in targets]
    return Participants(tuple(actors), tuple(targets), tuple(locations), actor_text, target_text)


_RELATIVE_PRONOUNS = frozenset({"who", "whom", "that", "which"})


def _has_object(verb: Token) -> bool:
    return any(ch.dep_ in ("dobj", "obj") for ch in verb.children)


def _is_time(tok: Token) -> bool:
    """ "agreed on Sunday", "demanded Monday": a day or a time says when, never who."""
    return tok.ent_type_ in ("DATE", "TIME")


def _words(tok: Token) -> str:
    """A participant's words when no entity holds them: the noun with what precedes it in its
    phrase ("jitendra pandya", "about a dozen rumour mongers"), not its relative clause."""
    return tok.doc[tok.left_edge.i : tok.i + 1].text

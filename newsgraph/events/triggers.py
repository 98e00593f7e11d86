"""Triggers: the words that code a PLOVER event in their event sense, with the types they may code.

A verb or an event noun of data/plover/triggers.yaml is a trigger unless:
- its sense is not the event's (data/events/senses.yaml): by its object's or subject's class
  ("hosted foreign troops", an analyst's "warned"), a preposition it needs ("booked under the
  arms act"), the context an event noun needs ("killed in an encounter"), a noun that names a
  place ("the settlements of Ivanivka");
- it states an aim, not an act ("seeking to expand"), or a standing relation ("militants backed
  by Tehran", "a militia allied with the army");
- it is what another event embeds: asked for or threatened ("demanded the expulsion of US
  forces"), carried by a light verb that is the event ("launched an investigation"), or the
  object of a verb that codes the pair ("declared a ceasefire" is one RETREAT);
- it describes who tells the story ("according to sources who met X", "asked not to be named").
A reported demand ("Russia said Sudan must return the helicopter") is a REQUEST at the verb of
saying.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.events.candidate import Trigger
from newsgraph.events.plover import ontology
from newsgraph.events.senses import NONE, by_class, class_of, senses
from newsgraph.gazetteer import place
from newsgraph.model import Entity
from newsgraph.nlp import tokens_matching, word_hashes

# How far up from an event noun to look for the verb that asks for or threatens it: "demanded
# the expulsion of US forces" is 2 steps (expulsion <- demanded), "threatened a wide war on
# Israel" 1; 3 covers a noun inside a prepositional phrase ("called for an end to the attacks").
EMBEDDING_DEPTH = 3
# Types of the verbs that embed an event noun as a wish or a threat, not a fact.
_EMBEDDING_TYPES = frozenset({"REQUEST", "THREATEN"})
_AUXILIARY_LEMMAS = frozenset({"be", "have", "do"})
_OBJECT_DEPS = frozenset({"dobj", "obj"})
_DEMANDING = word_hashes(("must", "should"))
# Dependencies by which a clause is what its head asks for or threatens: its object clause
# ("demanded that ..."), its "to" clause ("urged X to ..."), a noun's clause ("a threat to ..."),
# and a conjunct of one of these.
_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "acl", "conj"})
_TIME_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL"})
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# the tags of a finite verb or a modal: the start of a clause that states something of its own
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# How far back from a bare infinitive `_asked_before` looks for the word that asks for it: "seeking
# a direction to the union and uttar pradesh governments to disperse" is 11 tokens (the longest
# of the request sentences in the event tests); chosen by hand so that a word of request two
# clauses back is out of reach.
ASKED_WINDOW = 12


def find_triggers(doc: Doc, named: dict[int, Entity], speech_verbs: frozenset[str]) -> list[Trigger]:
    """Every trigger of the Doc, in text order. `named` maps tokens to the entities that cover
    them (names and agents): a name's own words are no trigger, an agent's may be ("protesters")."""
    out: list[Trigger] = []
    # the tokens that may trigger (one in ten), and the verbs a "must" hangs on (a demand)
    candidates = tokens_matching(doc, ontology().trigger_hashes)
    modal_heads = [t.head for t in tokens_matching(doc, _DEMANDING, ("LOWER",)) if t.dep_ == "aux"]
    seen: set[int] = set()
    for tok in sorted([*candidates, *modal_heads], key=lambda t: t.i):
        if tok.i in seen:
            continue
        seen.add(tok.i)
        lemma = tok.lemma_.lower()
        if _nominal_gerund(tok):
            trigger = _noun_trigger(doc, tok, tok.lower_, named)  # "died in police firing"
            if trigger is not None:
                out.append(trigger)
        elif tok.pos_ in ("VERB", "AUX"):
            if tok.pos_ == "VERB" or lemma not in _AUXILIARY_LEMMAS:
                trigger = _verb_trigger(tok, lemma, named, speech_verbs)
                if trigger is not None:
                    out.append(trigger)
            demand = _reported_demand(tok, speech_verbs)  # "said the US must be ready to ..."
            if demand is not None:
                out.append(demand)
        elif tok.pos_ in ("NOUN", "PROPN"):
            e = named.get(tok.i)
            if e is not None and (e.kind != "agent" or lemma not in senses().participant_nouns):
                continue  # a name's words, or an agent that is no event ("the opposition")
            trigger = _noun_trigger(doc, tok, lemma, named)
            if trigger is not None:
                out.append(trigger)
    return out


# the relations of a noun phrase in its clause, and the modifiers only a noun takes
_NOMINAL_DEPS = frozenset({"pobj", "pcomp", "dobj", "nsubj", "nsubjpass"})
_NOUN_MODIFIERS = frozenset({"compound", "det", "poss", "amod"})
_VERB_DEPENDENTS = frozenset({"dobj", "nsubj", "nsubjpass", "aux", "auxpass", "prt"})


def _nominal_gerund(tok: Token) -> bool:
    """ "died in police firing", "injured in firing by the police": a word in -ing the tagger
    took for a verb (VBG) that stands as a noun phrase, with a noun's modifier (or a "by" phrase
    of its doer) and no verb's dependents, is an event noun (lower-case text makes the tagger's
    choice a coin toss)."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ in _NOMINAL_DEPS
        and any(_noun_modifier(ch) for ch in tok.children)
        and not any(ch.dep_ in _VERB_DEPENDENTS for ch in tok.children)
    )


def _noun_modifier(ch: Token) -> bool:
    return ch.dep_ in _NOUN_MODIFIERS or (ch.dep_ == "prep" and ch.lower_ == "by")


# -- verbs ----------------------------------------------------------------------------------


def _verb_trigger(
    tok: Token, lemma: str, named: dict[int, Entity], speech_verbs: frozenset[str]
) -> Trigger | None:
    types = tuple(t for t in verb_types(tok, lemma) if _gives_what_type_needs(tok, lemma, t))
    if not types:
        return None
    types = _in_words(tok, lemma, _by_sense(tok, lemma, types, named), speech_verbs)
    if not types or _only_aim(tok, lemma) or event_object(tok, named) is not None:
        return None
    if _describes(tok, types) or _in_attribution(tok) or _asks_anonymity(tok) or _asked_for(tok):
        return None
    return Trigger(tok.i, tok.i, _choose(types, tok), noun=False, background=_told_of_another(tok, named))


def _in_words(
    tok: Token, lemma: str, types: tuple[str, ...], speech_verbs: frozenset[str]
) -> tuple[str, ...]:
    """ "Attacking the government, she said ...", "attacked the minister for his silence": an
    attack in words (senses.yaml `verbal_senses`), told as the manner of a verb of saying or
    with the reason it is made for."""
    sense = senses().verbal_senses.get(lemma)
    if sense is None or not types:
        return types
    manner = tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.lemma_.lower() in speech_verbs
    if not (manner or _for_reason(tok)):
        return types
    return () if sense == NONE else (sense,)


def _for_reason(verb: Token) -> bool:
    """A "for" phrase that gives a reason ("for its policy", "for giving up the issue"), not a
    stretch of time ("for two hours") nor a purpose a thing is attacked for."""
    for prep in (ch for ch in verb.children if ch.dep_ == "prep" and ch.lower_ == "for"):
        if not any(obj.dep_ in ("pobj", "pcomp") for obj in prep.children):
            return True  # "what he has been attacking the party for": the reason is the clause
        for obj in prep.children:
            if obj.dep_ == "pcomp":
                return True
            if (
                obj.dep_ == "pobj"
                and obj.ent_type_ not in _TIME_ENTITIES
                and not any(ch.dep_ == "nummod" for ch in obj.children)
            ):
                return True
    return False


def _question(clause: Token) -> bool:
    """An object clause opened by a wh-word or "whether"/"if": what is asked about, not for."""
    if clause.dep_ != "ccomp":
        return False
    first = clause.left_edge
    return first.tag_ in ("WDT", "WP", "WP$", "WRB") or first.lower_ in ("whether", "if")


def _asked_for(verb: Token) -> bool:
    """ "urged the government to impose curfew", "demanded that he be arrested", "threatened to
    blow up the school": the event is what a request or a threat asks for or threatens, not one
    that happened; the REQUEST or THREATEN at the governing word codes it (as `_embedded` does
    for an event noun). Conjuncts ("to arrest and prosecute them") share their head's place."""
    return _asked_by_parse(verb) or _asked_before(verb)


def _asked_before(verb: Token) -> bool:
    """The same, when the parser hangs the infinitive elsewhere: "a petition seeking a direction
    to the governments to disperse the kar sevaks" (the parse hangs "disperse" on "petition"),
    "urged the court to direct the authorities concerned to prevent them", "an old demand: ban
    the vhp". An infinitive or a bare verb without a subject of its own whose sentence, before
    it, has a word of command, request or threat with no finite verb between them is what that
    word asks for: a finite verb would start a clause that states something of its own."""
    if verb.tag_ != "VB" or any(ch.dep_ in _SUBJECTS or ch.tag_ == "MD" for ch in verb.children):
        return False
    start = verb.sent.start
    for k in range(verb.i - 1, max(start, verb.i - ASKED_WINDOW) - 1, -1):
        t = verb.doc[k]
        if t.tag_ in _FINITE:
            return False
        lemma = t.lemma_.lower()
        if lemma in senses().command_words:
            return True
        if t.pos_ in ("VERB", "AUX") and set(verb_types(t, lemma)) & _EMBEDDING_TYPES:
            return not _only_aim(t, lemma)
        if t.pos_ == "NOUN" and set(noun_types(t.doc, t, lemma)[0]) & _EMBEDDING_TYPES:
            return True
    return False


def _asked_by_parse(verb: Token) -> bool:
    node = verb
    steps = 0
    while steps < EMBEDDING_DEPTH and node.head.i != node.i:
        head = node.head
        lemma = head.lemma_.lower()
        # the parser often hangs the "to" clause of an order or a request as an adverbial one
        to_clause = node.dep_ in ("xcomp", "acl") or (
            node.dep_ == "advcl" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in node.children)
        )
        if to_clause and lemma in senses().command_words:
            return True  # "directed the police to arrest him", "a direction to disperse them"
        asking = head.pos_ in ("VERB", "AUX") and set(verb_types(head, lemma)) & _EMBEDDING_TYPES
        if (node.dep_ not in _CONTENT_DEPS and not (to_clause and asking)) or _question(node):
            return False  # "asked how many policemen were killed": a question about a fact
        if node.dep_ != "conj":
            steps += 1
        if head.pos_ in ("VERB", "AUX"):
            if set(verb_types(head, lemma)) & _EMBEDDING_TYPES and not _only_aim(head, lemma):
                return True
        elif head.pos_ == "NOUN" and set(noun_types(head.doc, head, lemma)[0]) & _EMBEDDING_TYPES:
            return True  # "the demand that X be arrested", "a threat to blow up the temple"
        node = head
    return False


def verb_types(tok: Token, lemma: str) -> tuple[str, ...]:
    """The types of a verb: of its phrase with a particle, preposition or object first ("call
    off", "declare ceasefire"), of a hyphenated compound ("lathi-charged"), else its own."""
    onto = ontology()
    s = senses()
    if any(
        (lemma, ch.lower_) in s.no_event_phrases
        for ch in tok.children
        if ch.dep_ in ("prt", "advmod", "prep")
    ):
        return ()  # "shot back": a reply; "is seized of the petitions": has them before it
    if any(ch.dep_ == "advmod" and ch.lower_ in s.degree_words.get(lemma, ()) for ch in tok.children):
        return ()  # "were badly hit", "the worst hit areas": affected, no one's blow
    # a participle describing its noun has that noun as its passive subject ("58 people burnt
    # alive"); the clause a verb needs holds for its phrases too ("the activity will pick up")
    reduced = tok.dep_ == "acl" and tok.tag_ == "VBN"
    if (
        lemma in s.required_clauses
        and not reduced
        and not any(ch.dep_ in s.required_clauses[lemma] for ch in tok.children)
    ):
        return ()
    if any(ch.dep_ in s.no_event_clauses.get(lemma, ()) for ch in tok.children):
        return ()  # "it struck him that ..."
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj"):
            # "violated the ceasefire agreement", "ended mediation efforts": the object's compound
            words = [child, *(c for c in child.children if c.dep_ == "compound" and child.dep_ == "dobj")]
            for w in words:
                types = onto.phrasal.get((lemma, w.lower_)) or onto.phrasal.get((lemma, w.lemma_.lower()))
                if types and not (lemma == "protest" and _crowd(tok)):
                    return types
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_:
        joined = onto.verbs.get(f"{doc[tok.i - 2].lower_}-{lemma}")
        if joined:
            return joined
    if lemma in s.required_preps and not any(
        ch.dep_ == "prep" and ch.lower_ in s.required_preps[lemma] for ch in tok.children
    ):
        return ()
    return onto.verbs.get(lemma, ())


def _by_sense(tok: Token, lemma: str, types: tuple[str, ...], named: dict[int, Entity]) -> tuple[str, ...]:
    """The types a verb codes with the class of its object and of its subject."""
    s = senses()
    table = s.object_senses.get(lemma)
    if table is not None:
        obj = next((ch for ch in tok.children if ch.dep_ in (*_OBJECT_DEPS, "nsubjpass")), None)
        if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN":
            obj = tok.head  # "the town captured by rebels"
        if obj is not None and obj.lower_ in _RELATIVE_PRONOUNS and tok.dep_ == "relcl":
            obj = tok.head  # "the plan, which was executed by his men": the noun the clause is on
        # "battling for the post", "beat the BJP in the polls": the phrase tells the contest
        preps = s.complement_objects.get(lemma, frozenset())
        objects = [obj] if obj is not None else []
        objects += [
            p
            for ch in tok.children
            if ch.dep_ == "prep" and ch.lower_ in preps
            for p in ch.children
            if p.dep_ == "pobj"
        ]
        for o in objects:
            # a class the table does not list ("any") is read for the verb's own object only
            sense = by_class(table, class_of(o, named.get(o.i)), present=o is obj)
            if sense == NONE:
                return ()
            if sense is not None:
                types = (sense,)
                break
    table = s.subject_senses.get(lemma)
    if table is not None:
        subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "acl" and tok.tag_ == "VBG":
            subj = tok.head  # "an ordinance prohibiting the strike": the noun the participle describes
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        if subj is None and before is not None and before.pos_ == "NOUN" and before.whitespace_:
            subj = before  # "the violence hit city", "flood hit areas": the compound's first word
        sense = by_class(table, _subject_class(subj, named), present=False) if subj is not None else None
        if sense == NONE:
            return ()
        if sense is not None:
            types = (sense,)
    return types


def _subject_class(subj: Token, named: dict[int, Entity]) -> frozenset[str]:
    """A subject's classes, "crowd" when its words name a crowd ("thousands of students")."""
    classes = class_of(subj, named.get(subj.i))
    if {t.lower_ for t in subj.subtree} & senses().crowd_words:
        classes |= {"crowd"}
    return classes


def _gives_what_type_needs(verb: Token, lemma: str, etype: str) -> bool:
    """A vague verb codes a type only with the kind of object that type needs (triggers.yaml
    `object_required`): "provided weapons", "gave Iraq $5 million", "supplied Kyiv with
    fuel", "aid was delivered" are AID; "provided the answer", "gave their lives" are not."""
    wanted = ontology().object_required.get((lemma, etype))
    if wanted is None:
        return True
    phrases = [
        list(ch.subtree)
        for ch in verb.children
        if ch.dep_ in ("dobj", "obj", "dative", "nsubjpass") or (ch.dep_ == "prep" and ch.lower_ == "with")
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


def _only_aim(verb: Token, lemma: str) -> bool:
    """ "The LNA is seeking to expand ...": an aim, not a request (no object asked for)."""
    if lemma not in ontology().aim_heads:
        return False
    kids = {ch.dep_ for ch in verb.children}
    return "xcomp" in kids and not kids & {"dobj", "obj", "dative"}


def _describes(verb: Token, types: tuple[str, ...]) -> bool:
    """ "militants backed by Tehran", "a militia allied with the army": a participle or an
    adjective that describes a noun states a standing relation, not an event."""
    if not all(t in senses().standing_types for t in types):
        return False
    return (verb.dep_ == "acl" and verb.tag_ == "VBN") or (verb.dep_ == "amod")


def _in_attribution(tok: Token) -> bool:
    """ "according to several sources who met Qaani": the phrase says who told the story; an
    event in it describes the source, not the news."""
    return any(a.lower_ == "according" and a.dep_ == "prep" for a in tok.ancestors)


def _asks_anonymity(verb: Token) -> bool:
    """ "who asked not to be named", "requested anonymity": how a source is quoted."""
    for ch in verb.children:
        if ch.dep_ in ("dobj", "obj") and ch.lemma_.lower() == "anonymity":
            return True
        if ch.dep_ == "xcomp" and ch.lemma_.lower() in senses().naming_verbs:
            return True
    return False


def _crowd(tok: Token) -> bool:
    """Protesters, students, workers ... take part: a street protest, not a diplomatic one."""
    subj = next((ch for ch in tok.children if ch.dep_ == "nsubj"), None)
    return subj is not None and bool({t.lower_ for t in subj.subtree} & senses().crowd_words)


def _choose(types: tuple[str, ...], tok: Token) -> tuple[str, ...]:
    """One type when the context decides it (a crowd: PROTEST), else the types in file order."""
    if len(types) == 1:
        return types
    local = list(tok.subtree)
    if tok.pos_ == "NOUN":
        # the subject of the clause the noun is in ("500,000 workers stopped work on the first day
        # of an open-ended strike")
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None) if verb is not None else None
        if subj is not None:
            local += list(subj.subtree)
    if "PROTEST" in types and {t.lower_ for t in local} & senses().crowd_words:
        return ("PROTEST",)
    return tuple(t for t in types if t != "PROTEST")


def _reported_demand(verb: Token, speech_verbs: frozenset[str]) -> Trigger | None:
    """ "Russia said that Sudan must return the helicopter": a demand (REQUEST) by the speaker
    on the subject of the "must" clause, whatever its verb; coded at the verb of saying."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in speech_verbs:
        return None
    if not any(ch.dep_ == "aux" and ch.lower_ in ("must", "should") for ch in verb.children):
        return None
    return Trigger(verb.head.i, verb.i, ("REQUEST",), noun=False, anchor=verb.i)


# -- event nouns ----------------------------------------------------------------------------


def _noun_trigger(doc: Doc, tok: Token, lemma: str, named: dict[int, Entity]) -> Trigger | None:
    types, head = noun_types(doc, tok, lemma)
    if not types or not _noun_in_sense(tok, lemma, named):
        return None
    types = _noun_sense(tok, lemma, types)
    if not types:
        return None
    if _embedded(head) or _coded_by_verb(head, types, named) or _in_attribution(head):
        return None
    # a frame is no act of the verb it hangs on ("curfew was imposed after the attack")
    background = _frames_another(head, named)
    anchor = None if background else carrier(head)
    return Trigger(
        tok.i,
        head.i,
        _choose(types, head),
        noun=True,
        anchor=anchor.i if anchor is not None else None,
        background=background,
    )


def noun_types(doc: Doc, tok: Token, lemma: str) -> tuple[tuple[str, ...], Token]:
    """The types of an event noun and the token that heads its phrase: the noun itself, or the
    first noun of "state of emergency"; "sit-in", "lathi-charge" as one word."""
    onto = ontology()
    types = onto.nouns.get(lemma) or onto.nouns.get(tok.lower_) or ()
    if tok.i < 2:
        return types, tok
    before, first = doc[tok.i - 1], doc[tok.i - 2]
    if before.text == "-" and not first.whitespace_ and not before.whitespace_:
        return onto.nouns.get(f"{first.lower_}-{tok.lower_}") or types, tok
    if before.lower_ == "of" and (first.lower_, lemma) in onto.compound_nouns:
        return onto.compound_nouns[(first.lower_, lemma)], first
    return onto.compound_nouns.get((before.lower_, lemma)) or types, tok


def _noun_in_sense(tok: Token, lemma: str, named: dict[int, Entity]) -> bool:
    s = senses()
    context = s.context_nouns.get(lemma)
    if context is not None:
        heads = {a.lemma_.lower() for a in list(tok.ancestors)[:3]}
        mods = {ch.lower_ for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")}
        if not (heads & context["heads"] or mods & context["modifiers"]):
            return False
    rule = s.not_events.get(lemma)
    if rule is not None:
        if rule.get("plural") and tok.tag_ == "NNS":
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ in set(rule.get("pobj_of") or ()):
            return False  # "in charge of the station": a post, no accusation
        idiom = set(rule.get("governed_by") or ())
        if idiom and (
            (tok.dep_ in _OBJECT_DEPS and tok.head.lower_ in idiom)
            or (tok.i > 0 and tok.doc[tok.i - 1].lower_ in idiom)  # the parse may miss the pair
            or any(ch.dep_ == "compound" and ch.lower_ in idiom for ch in tok.children)
        ):
            return False  # "will court arrest": giving oneself up in protest
        for ch in tok.children:
            if ch.dep_ == "prep" and ch.lower_ == "of":
                for pobj in (p for p in ch.children if p.dep_ == "pobj"):
                    if class_of(pobj, named.get(pobj.i)) & set(rule.get("of_class") or ()):
                        return False
    return True


def _noun_sense(tok: Token, lemma: str, types: tuple[str, ...]) -> tuple[str, ...]:
    """ "a blistering attack on the government": criticism, not violence; "an offensive against
    the Kurdish fighters": fighting, not a build-up."""
    s = senses()
    # "a heart attack" is a compound, "a blistering attack" an adjective: both modify the noun
    for key, deps in (("modifier_senses", ("amod", "compound")), ("complement_senses", ("prep",))):
        table = getattr(s, key).get(lemma) or getattr(s, key).get(tok.lower_)
        for ch in tok.children if table else ():
            if ch.dep_ in deps and ch.lower_ in table:
                sense = table[ch.lower_]
                return () if sense == NONE else (sense,)
    # "focused his attack on the centre": the class of what it is on, as a verb's object
    table = s.noun_object_senses.get(lemma)
    for ch in tok.children if table else ():
        if ch.dep_ == "prep" and ch.lower_ in ("on", "against"):
            for pobj in (p for p in ch.children if p.dep_ == "pobj"):
                sense = by_class(table, class_of(pobj, None), present=False)
                if sense is not None:
                    return () if sense == NONE else (sense,)
    return types


# Determiners that make an event noun refer to an event the reader is taken to know
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Entity types of a modifier that names who did the event ("police firing", "Israel's strike")
_DOER_TYPES = frozenset({"PERSON", "ORG", "NORP"})


def _frames_another(noun: Token, named: dict[int, Entity]) -> bool:
    """ "curfew was imposed after the attack on the train", "in the wake of the massacre", "the
    riots that followed the killings", "since the killings began": a known event (a definite
    noun, or one named by its place or date) that only gives the time or the cause of what the
    sentence reports is background, not reported here (senses.yaml `frame_preps`); so is one
    that a describing clause, a reference noun, a comparison, a judgement, a reaction or a topic
    is about ("the kin of those killed in the attack", "the victims of the massacre", "unlike
    the attack on parliament", "the attack was pre-planned", "condemned the attack on the
    train", "regarding the killing of X"). An indefinite one ("after clashes between two
    groups") is news told so, and one whose doer is named ("after the police firing",
    "condemned the police firing") is told with its actor: both stay."""
    s = senses()
    node = noun
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head  # "after the attacks on X, Y and the attack on Z"
    head = node.head
    framed = (
        (node.dep_ == "pobj" and head.lower_ in s.frame_preps)
        or (node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in s.frame_nouns)
        or (node.dep_ in _OBJECT_DEPS and head.lemma_.lower() in s.frame_verbs)
        # "the kin of those killed in the attack on the train", "tribute to the people who died in
        # the massacre": the phrase of a clause that describes a noun (a relative or a participle)
        or (node.dep_ == "pobj" and head.dep_ == "prep" and _describing(head.head))
        # "since the killings began", "after the riots broke out": the subject of a frame clause
        or (
            node.dep_ in ("nsubj", "nsubjpass")
            and head.dep_ == "advcl"
            and any(ch.dep_ == "mark" and ch.lower_ in s.frame_preps for ch in head.children)
        )
        # "unlike the attack on parliament": a known event that another is compared with
        or (node.dep_ == "pobj" and head.lower_ in s.comparison_preps)
        # "regarding the killing of the former MP, he said ...": the topic of what is said (the
        # parser may read "concerning", "regarding" as a participle with an object)
        or (node.dep_ in ("pobj", *_OBJECT_DEPS) and head.lower_ in s.topic_preps)
        # "the Godhra attack was pre-planned", "the killings were a shameful incident": a judgement
        # on a known event is no report of it
        or (node.dep_ in ("nsubj", "csubj") and head.lemma_ == "be" and _judged(node, head))
        # "victims of the attack", "the toll in the attack", "an inquiry into the massacre"
        or (node.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in s.reference_nouns)
        # "condemned the attack on the train", "in protest against the killings": a reaction to it
        or (node.dep_ in (*_OBJECT_DEPS, "nsubjpass") and head.lemma_.lower() in s.reaction_words)
        or (node.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in s.reaction_words)
    )
    # a conjunct shares the determiner of the first ("the burning of the coach and subsequent
    # killing of the passengers")
    known = _known(noun) or _known(node) or _named_by_target(noun, named)
    return framed and known and not _doer_named(noun, named)


def _named_by_target(noun: Token, named: dict[int, Entity]) -> bool:
    """ "in the aftermath of attack on Sabarmati Express", "against killing of Manzoor Ahmed":
    an event noun without an article (headline and Indian English style) that names its target
    by a name is one known event, as "the attack" is; "after attacks on police stations" is not."""
    return any(
        p.dep_ == "pobj" and (e := named.get(p.i)) is not None and e.kind != "agent"
        for ch in noun.children
        if ch.dep_ == "prep" and ch.lower_ in ("on", "of", "against")
        for p in ch.children
    )


def _judged(noun: Token, copula: Token) -> bool:
    """A copula with an adjective that judges its subject ("was pre-planned", "were
    condemnable") or a word for an incident ("was a shameful incident"); not one that tells the
    news ("the arrest of X in Benghazi on Sunday was the third such case this month": an event
    told with its own time is reported)."""
    if any(t.ent_type_ in ("DATE", "TIME") for t in noun.subtree):
        return False
    return any(
        ch.dep_ == "acomp" or (ch.dep_ == "attr" and ch.lemma_.lower() in senses().incident_nouns)
        for ch in copula.children
    )


# the relations of a clause that describes a noun: a relative clause, a participle
_DESCRIBING = frozenset({"relcl", "acl"})


def _describing(verb: Token) -> bool:
    """A clause that describes a noun of its sentence; not one that hangs on the root of a
    sentence without a verb, where the parser takes the main clause for a description of the
    dateline ("ahmedabad: modi termed as barbaric the killing ...": "termed" on "ahmedabad")."""
    return verb.dep_ in _DESCRIBING and verb.head.dep_ != "ROOT"


def _told_of_another(verb: Token, named: dict[int, Entity]) -> bool:
    """ "the train, which had been attacked at Godhra", "the incident in which 58 people were
    burnt alive", "the society where the former MP was burnt to death", "the 58 people burnt
    alive in the incident": a clause that describes a known incident, place or person by what was
    done there or to them tells a known event as background, not as the news of its sentence
    (like a known event told as a frame: `_frames_another`). Only a passive one that names no
    doer: told with its doer ("the men who attacked the bus", "where police fired on the mob") it
    is news with its actor, as a frame whose doer is named stays. A relative clause is background
    when its past perfect puts the event before the story's time, or when it describes a known
    incident or a named place ("the incident in which", "Godhra, where the train was attacked")
    without a time of its own ("an incident in which two were killed" is indefinite, and "Borsad,
    where one person was stabbed on Sunday" is dated: news told so); a participle when its phrase
    names a known event ("in the incident", "in the attack"); a clause of a frame word ("a month
    after the train was torched"). Such an event stays when the story tells it elsewhere."""
    if verb.dep_ == "relcl" and _background_noun(_event_of_complement(verb.head), named):
        return True  # "protesting the torching of the train, which killed 58": told with its noun
    if not _passive(verb) or _doer_told(verb, named):
        return False
    if verb.dep_ == "advcl":
        # "violence continued a month after the train was torched": the clause of a frame word
        return any(ch.dep_ == "mark" and ch.lower_ in senses().frame_preps for ch in verb.children)
    if not _describing(verb):
        return False
    if _in_reference(verb.head):
        return True  # "tributes to the karsewaks who were killed", "mourn our people killed in it"
    if verb.dep_ == "relcl":
        if _past_perfect(verb):
            return True
        opener = next((t for t in verb.subtree if t.i < verb.i and t.lower_ in ("where", "which")), None)
        where = opener is not None and (
            opener.lower_ == "where" or (opener.dep_ == "pobj" and opener.head.dep_ == "prep")
        )
        described = verb.head
        if not where or _own_time(verb):
            return False  # "Borsad, where one person was stabbed on Sunday": told with its time, news
        return described.pos_ == "PROPN" or (described.pos_ == "NOUN" and _known(described))
    return verb.tag_ == "VBN" and any(
        p.dep_ == "pobj" and _known(p) and _incident(p) and not _doer_named(p, named)
        for ch in verb.children
        if ch.dep_ == "prep" and ch.lower_ in ("in", "at")
        for p in ch.children
    )


# the links from a noun up to the word whose phrase it is in: "tributes to [the men]", "mourn the
# death of [our people]"; three steps reach a reaction through "the death of" (chosen by hand on
# the sentences of the events tests; more reach the main verb of a long sentence)
REFERENCE_DEPTH = 3
_PHRASE_DEPS = frozenset({"pobj", "prep", "dobj", "obj", "conj", "appos"})


def _in_reference(noun: Token) -> bool:
    """A noun in the phrase of a reference noun or a reaction ("tributes to the men", "the
    victims of the riots", "mourn the death of our people"): who a clause on it describes by
    what was done to them is known from the event the phrase refers to. Not a count ("the number
    of persons arrested rose to 1,587" is news of the arrests, as a toll is of its killings)."""
    s = senses()
    node = noun
    for _ in range(REFERENCE_DEPTH):
        if node.dep_ not in _PHRASE_DEPS or node.head.i == node.i:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        if lemma in s.reference_nouns or lemma in s.reaction_words:
            return True
        if node.pos_ == "VERB" and any(
            ch.dep_ in _OBJECT_DEPS and ch.lemma_.lower() in s.reference_nouns for ch in node.children
        ):
            return True  # "paid tributes to the men": the verb's object is the reference noun
    return False


def _event_of_complement(noun: Token) -> Token:
    """The event noun whose "of"/"on" phrase a noun is ("the torching of [the train], which
    killed 58": the parser hangs the clause on the train, which it tells of), else the noun."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("of", "on"):
        return prep.head
    return noun


def _background_noun(noun: Token, named: dict[int, Entity]) -> bool:
    """An event noun that is itself told as background (`_frames_another`)."""
    if noun.pos_ != "NOUN" or not noun_types(noun.doc, noun, noun.lemma_.lower())[0]:
        return False
    return _frames_another(noun, named)


def _own_time(verb: Token) -> bool:
    """A time expression in the clause ("where one person was stabbed on Sunday")."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in verb.subtree if t.i != verb.i)


def _incident(noun: Token) -> bool:
    """An event noun, or a word for an incident ("the incident", "the tragedy")."""
    lemma = noun.lemma_.lower()
    return bool(noun_types(noun.doc, noun, lemma)[0]) or lemma in senses().incident_nouns


def _passive(verb: Token) -> bool:
    return verb.tag_ == "VBN" and (
        verb.dep_ == "acl" or any(ch.dep_ in ("auxpass", "nsubjpass") for ch in verb.children)
    )


def _past_perfect(verb: Token) -> bool:
    return any(ch.dep_ == "aux" and ch.lower_ == "had" for ch in verb.children)


def _doer_told(verb: Token, named: dict[int, Entity]) -> bool:
    """A "by" phrase ("burnt by a mob") or an agent or name in the clause's phrases ("in police
    firing")."""
    for ch in verb.children:
        if ch.dep_ == "agent" or (ch.dep_ == "prep" and ch.lower_ == "by"):
            return True
        for p in ch.children if ch.dep_ == "prep" else ():
            # "in police firing" names who; "in the Sabarmati Express" names where
            if p.dep_ == "pobj" and _incident(p) and _doer_named(p, named):
                return True
    return False


def _known(noun: Token) -> bool:
    """A definite event noun, or one named by a possessor or a noun before it ("the attack",
    "Wednesday's attack", "the Godhra massacre", "Sabarmati Express attack")."""
    return any(
        (ch.dep_ == "det" and ch.lower_ in _DEFINITE) or ch.dep_ in ("poss", "compound")
        for ch in noun.children
    )


def _doer_named(noun: Token, named: dict[int, Entity]) -> bool:
    """A modifier that names who did it (an agent: "police firing"; a person, a group), or a
    "by" phrase ("the attack by the militants")."""
    modifiers = [*noun.children, *(g for ch in noun.children if ch.dep_ == "compound" for g in ch.children)]
    for ch in modifiers:  # "the police lathi-charge": a compound of the compound
        if ch.dep_ in ("agent", "prep") and ch.lower_ == "by" and ch.head.i == noun.i:
            return True
        e = named.get(ch.i) if ch.dep_ in ("compound", "poss", "amod", "nmod") else None
        if e is not None and (e.kind == "agent" or (e.type in _DOER_TYPES and not _place_named(e))):
            return True
    return False


def _place_named(e: Entity) -> bool:
    """ "the Godhra killings", "the Doraha train blast": a modifier the model took for an
    organisation or a person (in lower-case text it often does) whose name is a place's own name
    in GeoNames says where, not who; a name a place has only as an alternate ("Hamas") is left
    to the model."""
    if e.type == "NORP":
        return False
    words = e.name.split()
    if len(words) > 1 and words[-1].lower() in senses().place_heads:
        words = words[:-1]  # "Doraha Train", "Godhra Station": the place the thing is named by
    found = place(" ".join(words))
    return found is not None and found.main_name


def _embedded(noun: Token) -> bool:
    """ "demanded the expulsion of US forces", "threatened strikes": the noun is what is
    asked for or threatened, not an event that happened; the governing verb codes it."""
    node, head = noun, noun.head
    steps = 0
    while steps < EMBEDDING_DEPTH:
        if head.pos_ in ("VERB", "AUX"):
            types = verb_types(head, head.lemma_.lower())
            asked = bool(set(types) & _EMBEDDING_TYPES) or head.lemma_.lower() in ontology().intent_heads
            return asked or _asked_for(head)  # "urged the government to impose curfew"
        if head.head.i == head.i:
            return False
        if node.dep_ != "conj":  # "demanded a ban on X and the arrest of Y": the conjunct's place
            steps += 1
        node, head = head, head.head
    return False


def _coded_by_verb(noun: Token, types: tuple[str, ...], named: dict[int, Entity]) -> bool:
    """ "declared a ceasefire", "signed a treaty", "lodged a protest": the verb and its object
    make one event, coded at the verb (RETREAT, SUPPORT, ACCUSE), not a second one at the
    noun (AGREE, AGREE, PROTEST); the passive says the same ("the curfew was lifted" is one
    CONCEDE). A verb of the noun's own type ("launched an attack") is left to the merge step."""
    head = noun.head
    if noun.dep_ not in (*_OBJECT_DEPS, "nsubjpass") or head.pos_ not in ("VERB", "AUX"):
        return False
    carried = event_object(head, named)
    if carried is not None and carried.i == noun.i:
        return False  # "launched an investigation": the noun's event
    if head.lemma_.lower() in senses().reaction_words:
        # "condemned the killing of X": the killing is no part of the condemnation (it is the
        # known event reacted to: background, `_frames_another`)
        return False
    verb_own = verb_types(head, head.lemma_.lower())
    return bool(verb_own) and not set(verb_own) & set(types)


def event_object(verb: Token, named: dict[int, Entity]) -> Token | None:
    """The event noun a light verb carries ("launched an investigation", "held a rally",
    "resorted to a lathi-charge"): the event is the noun's, not the verb's own sense. None for
    other verbs, and when the verb and noun form a phrase of their own ("open fire")."""
    lemma = verb.lemma_.lower()
    if lemma not in senses().light_verbs:
        return None
    onto = ontology()
    objects = [ch for ch in verb.children if ch.dep_ in _OBJECT_DEPS]
    objects += [p for ch in verb.children if ch.dep_ == "prep" for p in ch.children if p.dep_ == "pobj"]
    for obj in objects:
        e = named.get(obj.i)
        if e is not None and e.kind != "agent":
            continue
        if (lemma, obj.lower_) in onto.phrasal or (lemma, obj.lemma_.lower()) in onto.phrasal:
            return None
        if noun_types(verb.doc, obj, obj.lemma_.lower())[0]:
            return obj
        for mod in obj.children:  # "launched a mediation effort", "mounted a rescue operation"
            if mod.dep_ == "compound" and noun_types(verb.doc, mod, mod.lemma_.lower())[0]:
                return mod
    return None


def carrier(noun: Token) -> Token | None:
    """The verb that carries out the noun's event: "X announced the arrest of Y", "students
    staged a protest", "was taken into custody", "resorted to firing", "arrived in Amman on a
    visit". Not "declared the incident as a terrorist attack" (a description)."""
    s = senses()
    head = noun.head
    if noun.dep_ in ("dobj", "obj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        # "curfew was imposed in Anand", "arrests were made": the passive carries it too
        return head if head.lemma_.lower() in s.carry_out_verbs else None
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ != "as":
        verb = head.head
        lends = s.carry_out_verbs | s.lending_verbs | s.taking_part_verbs
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lends:
            return verb
    return None

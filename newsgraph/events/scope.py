"""Whether the text asserts an event, and on whose word (data/events/scope.yaml).

- negated: a negation on the trigger or the verb that carries it ("did not attack", "no arrests
  were made"); a predicate of failure over it ("was unable to meet", "failed to reach"); a
  negated verb it is the "to" clause of ("did not agree to release"), or the clause of a
  negated verb of belief ("I don't think he can help"); a denial above it ("denied attacking",
  "rejected suggestions that Israel was behind ...", "denied involvement in the bombing"); a
  "without" phrase it is in ("left without firing a shot").
- modality: hypothetical (a modal on it or on the verb it is the clause of: "could get the
  president killed"; a condition it is in: "if it is attacked"), future ("will"), intended
  (the clause of an intent verb: "plans to attack"), unknown (an open clause: "did not say
  whether troops would deploy": neither asserted nor negated), alleged (what an accusation
  says was done: "accused the army of shelling the market"); None when asserted.
- claim: an event in the clause of a verb of saying or claiming ("police said gunmen fired the
  rockets", "the minister alleged that ..."), in an accusation, or in a sentence that says
  "according to X", is the claimant's assertion: Claim(source entity, its words, the
  attribution's span). "without providing evidence" leaves it so: asserted, as the claim.
The stated intent to cooperate or to harm, an ultimatum, and a demand reported with "must"
change the type (PLOVER: AGREE, THREATEN, REQUEST): `intent_type`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.events.candidate import Scope, Trigger
from newsgraph.events.plover import ontology
from newsgraph.events.senses import senses
from newsgraph.lexicons import load_csv, load_yaml
from newsgraph.model import Claim, Evidence
from newsgraph.nlp import sent_of

FILE = "events/scope.yaml"
# How far up the parse a denial reaches its event: "denied attacking" is 1 step, "rejected
# suggestions that Israel was behind the blasts" 3 (behind <- was <- suggestions <- rejected),
# "denied involvement in the bombing" 3 (bombing <- in <- involvement <- denied).
DENIAL_DEPTH = 3
# How far up a "no" noun of belief negates: "no reason to believe that Israel was involved in
# this blast" is 4 steps (blast <- in <- involved <- believe <- reason).
NO_BELIEF_DEPTH = 4
# How far up a modal or an intent verb reaches: "could get the president killed" is 1 step
# (killed <- get), "plans to try to attack" 2; further up the clause is another statement.
MODAL_DEPTH = 2
# How far up from an event word to look for the accusation that alleges it: accused <- of <-
# being <- mastermind <- of <- attacks ("accused X of being the mastermind of attacks") is 5.
ALLEGATION_DEPTH = 5
# How far up to look for the verb of saying whose clause holds the event: "police said gunmen
# fired" is 1 (fired <- said), "said it had begun an offensive against" 2 (offensive <- begun <-
# said), "said the army would launch strikes to retake" 3.
CLAIM_DEPTH = 3
_CLAUSES = frozenset({"ccomp", "xcomp", "oprd", "conj"})
# How far up from an infinitive to look for the "it is" that judges it: "it is the responsibility
# of the government to arrest them" is 2 steps (arrest <- responsibility <- is), "will it be fair
# to expect officials to arrest him" 2, "it was up to X to allow the programme or arrest us" 2
# (arrest <- allow <- was); 3 leaves room for one more clause and no more.
EXTRAPOSED_DEPTH = 3
# the relations by which an infinitive hangs, through a noun or an adjective, on its "it is"
_EXTRAPOSED_PATH = frozenset({"xcomp", "acl", "ccomp", "conj", "attr", "acomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# the dependents of a verb that name who or what takes part in its event
_PARTICIPANTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj"})


@dataclass(frozen=True)
class _Words:
    negating_preps: frozenset[str]
    negating_heads: frozenset[str]
    foiling_verbs: frozenset[str]  # "foiled an attack": the attack did not happen
    refusing_heads: frozenset[str]
    neg_raising: frozenset[str]
    open_marks: frozenset[str]
    condition_marks: frozenset[str]
    future_aux: frozenset[str]
    intent_aux: frozenset[str]
    possibility_aux: frozenset[str]
    demanding_aux: frozenset[str]
    willing: frozenset[str]
    cooperative: frozenset[str]
    hostile: frozenset[str]
    claim_verbs: frozenset[str]  # verbs of saying (cue_verbs.csv) and of claiming, not `not_claims`
    speech_verbs: frozenset[str]
    report_verbs: frozenset[str]
    habitual: tuple[tuple[str, ...], ...]  # word sequences, lower case
    negative_quantifiers: frozenset[str]  # "nobody", "none"
    negative_determiners: frozenset[str]  # "no one", "not a single shop"
    counterfactual_aux: frozenset[str]  # "should have arrested": it was not done


@functools.cache
def words() -> _Words:
    d = load_yaml(FILE)
    # the one list of verbs of saying: the "speech" cues of the attribution lexicon
    speech = frozenset(r["lemma"] for r in load_csv("lexicons/cue_verbs.csv") if r["family"] == "speech")
    return _Words(
        negating_preps=frozenset(d["negating_preps"]),
        negating_heads=frozenset(d["negating_heads"]),
        foiling_verbs=frozenset(d["foiling_verbs"]),
        refusing_heads=frozenset(d["refusing_heads"]),
        neg_raising=frozenset(d["neg_raising_verbs"]),
        open_marks=frozenset(d["open_marks"]),
        condition_marks=frozenset(d["condition_marks"]),
        future_aux=frozenset(d["future_aux"]),
        intent_aux=frozenset(d["intent_aux"]),
        possibility_aux=frozenset(d["possibility_aux"]),
        demanding_aux=frozenset(d["demanding_aux"]),
        willing=frozenset(d["willing_words"]),
        cooperative=frozenset(d["cooperative_types"]),
        hostile=frozenset(d["hostile_types"]),
        claim_verbs=(speech | frozenset(d["claim_verbs"])) - frozenset(d["not_claims"]),
        speech_verbs=speech,
        report_verbs=frozenset(d["report_verbs"]),
        habitual=tuple(tuple(str(h).split()) for h in d["habitual"]),
        negative_quantifiers=frozenset(d["negative_quantifiers"]),
        negative_determiners=frozenset(d["negative_determiners"]),
        counterfactual_aux=frozenset(d["counterfactual_aux"]),
    )


Resolve = Callable[[Token | None], list[str]]


def scope_of(trig: Trigger, tok: Token, resolve: Resolve) -> Scope:
    """Negation, modality and claim of the event at `tok` (the trigger, or for a carried noun
    also its verb: both are read)."""
    doc = tok.doc
    toks = [tok] if trig.anchor is None or not trig.noun else [doc[trig.anchor], tok]
    negated = any(_negated(t) for t in toks)
    modality = next((m for t in toks if (m := _modality(t)) is not None), None)
    alleged = _allegation(tok)
    if alleged is not None and modality is None:
        modality = "alleged"
    if modality == "unknown":
        return Scope(negated=negated, modality=modality)  # a question, not anyone's claim
    claim = (
        _claim(toks[0], resolve)
        or (_accuser_claim(alleged, resolve) if alleged is not None else None)
        or _according_to(tok, resolve)
    )
    return Scope(negated=negated, modality=modality, claim=claim)


def habitual(tok: Token) -> bool:
    """ "launching missile attacks from time to time on US facilities": a habit, not one event;
    the marker lies in the clause of the trigger (its verb's or its own phrase)."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    lowered = [t.lower_ for t in verb.subtree]
    for marker in words().habitual:
        n = len(marker)
        if any(tuple(lowered[k : k + n]) == marker for k in range(len(lowered) - n + 1)):
            return True
    return False


def described(tok: Token) -> bool:
    """ "accused Soleimani of being the mastermind of attacks", "accuses militants of launching
    attacks from time to time": what the accused is said to be or to do as a habit describes
    them; it is no claim that one event happened. (A habit told as news, "soldiers routinely
    beat up detainees", stays an event.)"""
    accusation = _allegation(tok)
    if accusation is None:
        return False
    if habitual(tok):
        return True
    t = tok
    while t.i != accusation.i and t.head.i != t.i:
        if t.lemma_ == "be" and t.pos_ == "AUX":
            return True
        t = t.head
    return False


# -- negation -------------------------------------------------------------------------------


def _negated(tok: Token) -> bool:
    onto = ontology()
    w = words()
    if any(ch.dep_ == "neg" or ch.lower_ in onto.negators for ch in tok.children):
        return True
    if counterfactual(tok):
        return True  # "had he been detained ...", "police should have arrested them": it was not
    if tok.pos_ in ("VERB", "AUX") and any(_nobody(ch) for ch in tok.children if ch.dep_ in _PARTICIPANTS):
        return True  # "no one was injured", "police arrested nobody"
    head = tok.head
    if tok.dep_ in ("pobj", "pcomp") and _preposition_words(head) & w.negating_preps:
        return True  # "without firing a shot", "instead of shooting the messenger"
    if tok.dep_ == "xcomp" and head.lemma_.lower() in w.negating_heads:
        return True  # "was unable to meet", "failed to reach agreement"
    if tok.dep_ in ("dobj", "obj", "nsubjpass") and head.lemma_.lower() in w.foiling_verbs:
        return True  # "police foiled an attack on the temple", "the bombing was thwarted"
    if tok.dep_ == "conj" and any(
        ch.dep_ == "cc" and ch.lower_ == "nor" and ch.i < tok.i for ch in head.children
    ):
        return True  # "not a single shop was looted, nor a single person killed"
    if _open(tok):
        return False  # "did not say whether troops would deploy": neither way
    # "will not be able to make arrests": the negation sits on the copula of the adjective
    holder = head.head if head.dep_ == "acomp" else head
    head_negated = any(ch.dep_ == "neg" for ch in (*head.children, *holder.children)) and head.i != tok.i
    if head_negated and (
        tok.dep_ == "xcomp" or (tok.dep_ == "ccomp" and head.lemma_.lower() in w.neg_raising)
    ):
        return True  # "did not agree to release", "I don't think he can help"
    return _denied(tok)


def counterfactual(tok: Token) -> bool:
    """A counterfactual says the event did not happen (FactBank's counterfactual: Saurí &
    Pustejovsky 2009): a condition told by inversion ("had Singhal been detained in Lucknow, the
    problems would have been less", "were the police to fire ...") or a modal of the past with
    "have" ("the police should have arrested them", "the mob would have killed him"; "must have",
    "may have" infer that it did or may have happened: scope.yaml `counterfactual_aux`)."""
    auxes = [ch for ch in tok.children if ch.dep_ in ("aux", "auxpass")]
    subjects = [ch for ch in tok.children if ch.dep_ in _SUBJECTS]
    if tok.dep_ != "ROOT" and any(
        a.lower_ in ("had", "were") and a.i < subj.i < tok.i for a in auxes for subj in subjects
    ):
        return True
    words_of = [a.lower_ for a in auxes]
    return any(
        m in words().counterfactual_aux and "have" in words_of[k + 1 :] for k, m in enumerate(words_of)
    )


def _extraposed(tok: Token) -> bool:
    """An infinitive that an "it is ..." sentence judges: "it was the duty of the administration
    to evict them", "it is within the power of the state to ban it", "it was up to the government
    to allow the programme or arrest us", "will it be fair to expect officials to arrest him".
    What is owed, allowed or fair to do is not said to be done (FactBank: an infinitive under an
    evaluative or deontic predicate is not asserted)."""
    if tok.dep_ != "conj" and not any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children):
        return False
    t = tok
    for _ in range(EXTRAPOSED_DEPTH):
        head = t.head
        if head.i == t.i or t.dep_ not in _EXTRAPOSED_PATH:
            return False
        if head.lemma_ == "be" and any(ch.dep_ == "nsubj" and ch.lower_ == "it" for ch in head.children):
            return True
        t = head
    return False


def _nobody(tok: Token) -> bool:
    """A participant that says no one took part: "nobody", "none of them", "no one", "not a
    single shop" (a negative quantifier, or a noun it determines)."""
    w = words()
    if tok.lower_ in w.negative_quantifiers:
        return True
    return any(
        ch.dep_ in ("det", "neg", "advmod") and ch.lower_ in w.negative_determiners for ch in tok.children
    )


def _denied(tok: Token) -> bool:
    """A denial above the event, or a noun of belief negated by "no" whose clause it is ("they
    have no reason to believe that Israel was involved in the blast")."""
    head = tok.head
    for step in range(NO_BELIEF_DEPTH):
        if head.i == tok.i:
            return False
        if step < DENIAL_DEPTH and head.lemma_.lower() in ontology().denial_verbs:
            return True
        if head.pos_ == "NOUN" and any(ch.dep_ == "det" and ch.lower_ == "no" for ch in head.children):
            return step > 0 or tok.dep_ in ("acl", "relcl", "ccomp")
        if head.head.i == head.i:
            return False
        head = head.head
    return False


def _preposition_words(prep: Token) -> set[str]:
    """A preposition as one word or as the complex one it ends ("instead of", "rather than": the
    parser hangs the first word on the second, or the second on the first)."""
    words_ = {prep.lower_, f"{prep.head.lower_} {prep.lower_}"}
    return words_ | {f"{ch.lower_} {prep.lower_}" for ch in prep.children if ch.dep_ == "advmod"}


def _open(tok: Token) -> bool:
    """The event is in a clause opened by "whether"/"if" that a verb of saying or knowing
    governs ("did not say whether ...", "asked if ...")."""
    return tok.dep_ == "ccomp" and any(
        ch.dep_ == "mark" and ch.lower_ in words().open_marks for ch in tok.children
    )


# -- modality -------------------------------------------------------------------------------


def _modality(tok: Token) -> str | None:
    onto = ontology()
    w = words()
    if _open(tok):
        return "unknown"
    if tok.dep_ == "advcl" and any(
        ch.dep_ == "mark" and ch.lower_ in w.condition_marks for ch in tok.children
    ):
        return "hypothetical"  # "if it is attacked"
    if counterfactual(tok):
        return "hypothetical"  # "had he been detained": a condition, and one that did not hold
    if _extraposed(tok):
        return "hypothetical"  # "it is the duty of the police to arrest them": owed, not done
    t = tok
    for _ in range(MODAL_DEPTH):
        auxes = {ch.lower_ for ch in t.children if ch.dep_ == "aux"}
        if auxes & onto.hypothetical_aux:
            return "hypothetical"
        if auxes & w.future_aux:
            return "future"
        head = t.head
        if head.i == t.i or t.dep_ not in _CLAUSES - {"conj"}:
            break
        if head.lemma_.lower() in onto.intent_heads:
            return "intended"
        if head.lemma_.lower() in w.speech_verbs:
            break  # "said it would attack": the clause's own auxiliaries decide
        t = head
    return None


def intent_type(trig: Trigger, tok: Token, etype: str, negated: bool) -> str:
    """PLOVER codes a stated intent or willingness to cooperate as AGREE ("will release",
    "offered to hand over", "is ready to contribute troops"), and to harm as THREATEN ("will
    attack", "vowed to strike"), an ultimatum ("will boycott ... unless") as THREATEN, and a
    demand reported with "must" ("X said Y must ...") as REQUEST (the manual's definitions)."""
    if negated:
        return etype
    w = words()
    auxes = {ch.lower_ for ch in tok.children if ch.dep_ in ("aux", "auxpass")}
    heads = (
        {tok.head.lemma_.lower(), tok.head.head.lemma_.lower()}
        if tok.dep_ in ("xcomp", "acomp", "ccomp")
        else set()
    )
    intent = bool(auxes & w.intent_aux) or bool(heads & w.willing)
    condition = _condition(tok)
    ultimatum = condition == "unless" or (condition == "if" and etype in w.hostile | {"REJECT"})
    if (intent or auxes & w.possibility_aux) and ultimatum:
        return "THREATEN"  # "will boycott the vote unless ...", "may halt mediation if ..."
    if intent and etype in w.cooperative:
        return "AGREE"
    if intent and etype in w.hostile:
        return "THREATEN"
    if auxes & w.demanding_aux and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in w.speech_verbs:
        return "REQUEST"
    return etype


def refusal(tok: Token, etype: str, negated: bool) -> bool:
    """A refused cooperation is a REJECT, asserted (PLOVER): "will not accept more refugees",
    "would not meet the demands", "failed to reach agreement". ("was unable to meet" stays a
    negated CONSULT: not being able is not refusing.)"""
    w = words()
    if not negated or etype not in w.cooperative:
        return False
    auxes = {ch.lower_ for ch in tok.children if ch.dep_ == "aux"}
    # failing to agree is a refusal; failing to meet is no meeting (negated)
    failed = tok.dep_ == "xcomp" and tok.head.lemma_.lower() in w.refusing_heads and etype == "AGREE"
    return bool(auxes & w.intent_aux) or failed


def _condition(verb: Token) -> str | None:
    """The word that opens a clause of the verb setting a condition: "unless" or "if"."""
    for ch in verb.children:
        if ch.dep_ == "advcl":
            for m in ch.children:
                if m.dep_ == "mark" and m.lower_ in words().condition_marks:
                    return m.lower_
    return None


# -- claims ---------------------------------------------------------------------------------


def _claim(tok: Token, resolve: Resolve) -> Claim | None:
    """The speaker whose clause holds the event: "police said gunmen fired the rockets"."""
    t = tok
    for _ in range(CLAIM_DEPTH):
        head = t.head
        if head.i == t.i:
            return None
        if t.dep_ == "ccomp" and head.lemma_.lower() in words().claim_verbs:
            subj = next((ch for ch in head.children if ch.dep_ in _SUBJECTS), None)
            if subj is None:
                return None
            return _make_claim(subj, head, resolve)
        if t.dep_ not in _CLAUSES and t.dep_ not in ("advcl", "pobj", "dobj", "prep", "pcomp"):
            return None
        t = head
    return None


def _allegation(tok: Token) -> Token | None:
    """The accusation whose "of"/"for" phrase or "that" clause says what someone allegedly did
    ("accused militants of launching missile attacks", "allegations of torture by police")."""
    child = tok
    for _ in range(ALLEGATION_DEPTH):
        head = child.head
        if head.i == child.i:
            return None
        # "of"/"for" phrase or "that" clause; or deeper inside the object, where the parser may
        # hang the "of" phrase ("accuses militants backed by Tehran of launching attacks")
        inside_object = child.dep_ in ("dobj", "obj") and child.i != tok.i
        if head.lemma_.lower() in senses().alleging and (
            (child.dep_ == "prep" and child.lower_ in ("of", "for")) or child.dep_ == "ccomp" or inside_object
        ):
            return head
        if head.pos_ in ("VERB", "AUX") and any(ch.dep_ in _SUBJECTS for ch in head.children):
            return None  # a clause with a subject of its own reports on its own
        child = head
    return None


def _accuser_claim(accusation: Token, resolve: Resolve) -> Claim | None:
    verb = accusation if accusation.pos_ in ("VERB", "AUX") else accusation.head
    subj = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
    if subj is None:
        poss = next((ch for ch in accusation.children if ch.dep_ == "poss"), None)
        return _make_claim(poss, accusation, resolve) if poss is not None else None
    return _make_claim(subj, verb, resolve)


def _according_to(tok: Token, resolve: Resolve) -> Claim | None:
    """ "..., according to the ministry": every event of the sentence outside the phrase."""
    for t in sent_of(tok):
        if t.lower_ == "according" and t.i + 1 < len(tok.doc) and tok.doc[t.i + 1].lower_ == "to":
            pobj = next((c for c in tok.doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None and not (pobj.left_edge.i <= tok.i <= pobj.right_edge.i):
                return _make_claim(pobj, tok.doc[t.i + 1], resolve, start=t)
    return None


def _make_claim(subj: Token, verb: Token, resolve: Resolve, start: Token | None = None) -> Claim:
    source = resolve(subj)
    phrase = list(subj.subtree)
    first = start if start is not None else min((phrase[0], verb), key=lambda t: t.i)
    last = max((phrase[-1], verb), key=lambda t: t.i)
    doc = subj.doc
    span = doc[first.i : last.i + 1]
    words_of = doc[phrase[0].i : phrase[-1].i + 1].text
    return Claim(source[0] if source else None, words_of, Evidence(span.start_char, span.end_char, span.text))

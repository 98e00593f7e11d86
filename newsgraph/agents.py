"""agents: generic and collective actors as entities of kind "agent".

Most actors and targets of news events are not names: "police", "security forces", "Chadian
soldiers", "gunmen", "the junta", "residents". For every noun phrase whose head is a term of the
agent dictionary (sectors.py, data/agents/agents.yaml) this stage makes an agent mention, and
groups the mentions of one term and one country into one Entity (kind "agent", type "AGENT")
with the term's sector and the country the text gives:
- a demonym or a state among the phrase's modifiers ("Kenyan police", "US troops"), its
  possessor ("Iraq's army") or its "of"/"in" phrase ("security forces in Guinea");
- else the country of the same term's last agent ("Chadian soldiers ... the soldiers");
- else the one state its sentence names (by name, demonym or capital: "in Amman" is Jordan);
- else the article's country: the dateline's state, or the one state the article names most.
Named entities get their country too: a state its ISO code, a demonym (NORP) its state's.
A noun that stands in for a name is no agent: a title in front of a name ("police chief X"), an
apposition ("X, the group's leader"), a predicate ("X is a senior commander"); a partitive head
stands for its complement ("thousands of protesters"). Definite descriptions ("the group", "the
Sudanese president") stay agents here; the coref stage moves those that refer to a named entity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.gazetteer import gazetteer
from newsgraph.model import CleanText, Entity, Mention
from newsgraph.names import plain
from newsgraph.nlp import sent_of, token_starts, tokens_matching
from newsgraph.sectors import AgentDictionary, AgentTerm, agent_dictionary

__all__ = ["AgentMention", "find_agents", "load_data"]

AGENT_TYPE = "AGENT"
# Dependency relations by which a noun is linked to a name it describes: "police chief X"
# (compound), "X, the group's leader" (appos). Such a noun is the name's title, not an actor.
_NAME_LINKS = frozenset({"compound", "appos", "flat"})
# Modifiers that are part of an agent's name ("riot police", "Kenyan police", "rebel fighters").
_NAME_MODIFIERS = frozenset({"compound", "amod", "nmod"})
# Copulas whose subject a predicate noun describes ("X is a senior commander").
_COPULAS = frozenset({"be", "become", "remain"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Sectors whose bare plural names one body of a state or a movement ("soldiers", "officials",
# "police", "rebels"): every such mention of one term and country is one agent. Others name
# people ("five people", "a man"), each indefinite mention people of their own.
INSTITUTIONS = frozenset({"COP", "MIL", "GOV", "REB", "LEG", "JUD", "SPY", "IGO", "UAF"})
# Prepositions whose state object gives an agent its country ("the army of Sudan", "security
# forces in Guinea"); "from" says where people come from ("doctors from Cuba").
_COUNTRY_PREPS = frozenset({"of", "in", "from"})


def load_data() -> None:
    """Load and check this stage's data files now (pipeline.load_data calls it at start)."""
    agent_dictionary()
    gazetteer()


@dataclass(frozen=True, slots=True)
class AgentMention:
    """One noun phrase that names a generic actor."""

    name_first: int  # token index of the first word of its name ("Kenyan" of "Kenyan police")
    first: int  # first token of the mention: the name without a leading state or demonym, which
    # stays its own entity's token ("police" of "Kenyan police")
    head: int  # token index of the head noun
    term: AgentTerm
    country: str | None  # ISO3 the phrase itself gives
    definite: bool  # "the police", "this group": may refer back to a named entity
    counted: bool  # "five people", "a man", "several residents": people of their own


def find_agents(
    doc: Doc, entities: tuple[Entity, ...], clean: CleanText, dictionary: AgentDictionary | None = None
) -> tuple[Entity, ...]:
    """The named entities (with their country) followed by one agent entity per term and country."""
    dictionary = dictionary or agent_dictionary()
    named = tuple(_with_country(e) for e in entities)
    covered = _token_entities(doc, named)
    mentions = [m for tok in _noun_heads(doc, dictionary) if (m := _agent_at(doc, tok, covered, dictionary))]
    if not mentions:
        return named
    by_sentence = _sentence_countries(doc, covered)
    return named + _agent_entities(doc, mentions, _article_country(clean, named), by_sentence, len(named))


# -- countries of named entities --------------------------------------------------------------


def _with_country(e: Entity) -> Entity:
    if e.country is not None or e.kind != "name":
        return e
    gaz = gazetteer()
    if e.type == "GPE" and e.name in gaz.country_iso3:
        return replace(e, country=gaz.country_iso3[e.name])
    if e.type == "NORP":
        state = gaz.demonym_of.get(plain(e.name))
        if state:
            return replace(e, country=gaz.country_iso3.get(state))
    return e


def _is_state(e: Entity) -> bool:
    return e.type == "GPE" and e.country is not None


def _token_entities(doc: Doc, entities: tuple[Entity, ...]) -> dict[int, Entity]:
    """Token index -> the named entity whose mention covers it (clean-text mentions only)."""
    starts = token_starts(doc)
    out: dict[int, Entity] = {}
    for e in entities:
        for m in e.mentions:
            if m.in_original:
                continue
            i = starts.get(m.start)
            if i is None:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                i = span.start
            while i < len(doc) and doc[i].idx < m.end:
                out[i] = e
                i += 1
    return out


def _sentence_countries(doc: Doc, covered: dict[int, Entity]) -> dict[int, set[str]]:
    """Sentence start -> the states its names point to: a state, a demonym, a capital ("in Amman")."""
    gaz = gazetteer()
    out: dict[int, set[str]] = {}
    for i, e in covered.items():
        country = e.country
        if country is None and e.type == "GPE":
            state = gaz.capital_of.get(plain(e.name))
            country = gaz.country_iso3.get(state) if state else None
        if country is not None:
            out.setdefault(sent_of(doc[i]).start, set()).add(country)
    return out


def _article_country(clean: CleanText, entities: tuple[Entity, ...]) -> str | None:
    """The dateline's state ("KHARTOUM:" -> SDN); else the state the article names most (by name or
    demonym), when one is named more often than any other."""
    gaz = gazetteer()
    if clean.dateline:
        key = plain(clean.dateline)
        state = gaz.country_canon.get(key) or gaz.capital_of.get(key)
        if state:
            return gaz.country_iso3.get(state)
    # states and demonyms alike: "Kenyan police ... in Nairobi, the junta in Niger" names no one
    # country more than the others
    counts: Counter[str] = Counter()
    for e in entities:
        if e.country is not None and e.type in ("GPE", "NORP"):
            counts[e.country] += len(e.mentions)
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


# -- agent mentions ---------------------------------------------------------------------------


def _noun_heads(doc: Doc, dictionary: AgentDictionary) -> list[Token]:
    """The nouns that may end an agent term (one in ten nouns of wire copy), found in the Doc's
    arrays."""
    return [t for t in tokens_matching(doc, dictionary.head_hashes) if t.pos_ in ("NOUN", "PROPN")]


def _words_before(doc: Doc, head: int, n: int) -> tuple[list[str], list[int]]:
    """The lower-case words ending at `head`, at most n, with the token each starts at; a hyphen
    written without spaces joins its neighbours into one word ("sub-inspector")."""
    words: list[str] = []
    firsts: list[int] = []
    i = head
    while i >= 0 and len(words) < n and not doc[i].is_punct:
        word, first = doc[i].lower_, i
        while first >= 2 and _joined_by_hyphen(doc, first - 2):
            word, first = f"{doc[first - 2].lower_}-{word}", first - 2
        words.insert(0, word)
        firsts.insert(0, first)
        i = first - 1
    return words, firsts


def _joined_by_hyphen(doc: Doc, i: int) -> bool:
    """doc[i], "-", doc[i + 2] written as one word."""
    return doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_


def _agent_at(
    doc: Doc, tok: Token, covered: dict[int, Entity], dictionary: AgentDictionary
) -> AgentMention | None:
    if tok.i in covered:
        return None
    words, firsts = _words_before(doc, tok.i, dictionary.longest)
    found = dictionary.match(words, tok.lemma_.lower())
    if found is None:
        return None
    term, n = found
    if _stands_for_a_name(tok, covered) or _is_partitive(tok, dictionary):
        return None
    if term.group == "instrument" and not _acts(tok):
        return None  # "a drone strike", "killed in a drone strike": the drone is how, not who
    if tok.dep_ == "compound" and _names_an_agent(tok.head, dictionary):
        return None  # "the opposition leader", "refugee chief": the head is the actor
    # the name: the term's words and the modifiers before the head, a state or demonym included
    # ("Kenyan police"); a modifier that names someone else ends it
    first = firsts[-n]
    for c in reversed(list(tok.lefts)):
        if c.dep_ not in _NAME_MODIFIERS or (c.i in covered and not _gives_country(covered[c.i])):
            break
        first = min(first, c.left_edge.i)  # "stone-pelting mob": the modifier's own words too
    while first < tok.i and covered.get(first) is not None and not _gives_country(covered[first]):
        first += 1
    own = first
    while own < tok.i and own in covered:
        own += 1
    return AgentMention(
        first, own, tok.i, term, _country_in_phrase(tok, covered), _definite(tok), _counted(tok)
    )


def _acts(tok: Token) -> bool:
    """A weapon that acts in the text: "warplanes bombed", "was hit by a drone"."""
    return tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")


def _names_an_agent(tok: Token, dictionary: AgentDictionary) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and dictionary.match([tok.lower_], tok.lemma_.lower()) is not None


def _gives_country(e: Entity) -> bool:
    return e.country is not None and e.type in ("GPE", "NORP")


def _stands_for_a_name(tok: Token, covered: dict[int, Entity]) -> bool:
    """A title in front of a name ("police chief X"), an apposition of a name, a predicate about
    a name, or the members of a named group ("Hezbollah fighters", "Haftar's forces": the name
    acts)."""
    t = tok
    while t.dep_ in _NAME_LINKS | {"amod", "nmod"} and t.head.i != t.i:
        t = t.head
        if t.i in covered:
            return True
    for ch in tok.children:
        if ch.i not in covered:
            continue
        if ch.dep_ in ("appos", "flat"):
            return True
        named_group = ch.dep_ in ("compound", "poss", "nmod") and not _gives_country(covered[ch.i])
        if named_group and (tok.tag_ in ("NNS", "NNPS") or covered[ch.i].type == "PERSON"):
            return True  # "Hezbollah fighters"; but "the UN refugee chief" is a person of the UN
    if tok.dep_ == "attr" and tok.head.lemma_ in _COPULAS:
        return any(ch.dep_ in ("nsubj", "nsubjpass") and ch.i in covered for ch in tok.head.children)
    return False


def _is_partitive(tok: Token, dictionary: AgentDictionary) -> bool:
    """ "a group of elders", "members of the militia": the complement is the actor."""
    if tok.lower_ not in dictionary.partitive and tok.lemma_.lower() not in dictionary.partitive:
        return False
    return any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in tok.children)


_INDEFINITE = frozenset({"a", "an", "some", "several", "many", "few", "other", "another", "more", "dozens"})


def _counted(tok: Token) -> bool:
    """ "five people", "a man", "several residents": a new set of people, not ones named before."""
    return any(
        ch.dep_ == "nummod" or (ch.dep_ in ("det", "amod") and ch.lower_ in _INDEFINITE)
        for ch in tok.children
    )


def _definite(tok: Token) -> bool:
    return any(ch.dep_ in ("det", "poss") and ch.lower_ in _DEFINITE for ch in tok.children)


def _country_in_phrase(tok: Token, covered: dict[int, Entity]) -> str | None:
    """The state a modifier, the possessor or an "of"/"in"/"from" phrase of the head names."""
    gaz = gazetteer()
    for ch in tok.children:
        if ch.dep_ in ("amod", "compound", "nmod", "poss"):
            if ch.i in covered and _gives_country(covered[ch.i]):
                return covered[ch.i].country
            state = gaz.demonym_of.get(plain(ch.text)) or gaz.country_canon.get(plain(ch.text))
            if state:
                return gaz.country_iso3.get(state)
        if ch.dep_ == "prep" and ch.lower_ in _COUNTRY_PREPS:
            for pobj in ch.children:
                if pobj.dep_ == "pobj" and pobj.i in covered and _is_state(covered[pobj.i]):
                    return covered[pobj.i].country
    return None


# -- agent entities ---------------------------------------------------------------------------


def _agent_entities(
    doc: Doc,
    mentions: list[AgentMention],
    article_country: str | None,
    by_sentence: dict[int, set[str]],
    n_named: int,
) -> tuple[Entity, ...]:
    """Agent entities. A mention of a body ("police", "the army") or of a state's forces and
    officials (INSTITUTIONS: "soldiers", "officials") joins the entity of its term and country;
    a mention of other people does so unless it counts them ("three men ... the men", "militia
    leaders ... militia leaders"), each counted one ("a man", "five people") being people of
    their own. A mention without a
    country takes the country of the same term's last mention that had one, else the article's."""
    last_country: dict[str, str | None] = {}
    groups: list[list[AgentMention]] = []
    latest: dict[tuple[str, str | None], int] = {}  # (term, country) -> its latest group
    countries: list[str | None] = []
    for m in mentions:
        key = _term_key(m.term)
        country = m.country
        if country is None:
            here = by_sentence.get(sent_of(doc[m.head]).start, set())
            one_here = next(iter(here)) if len(here) == 1 else None
            country = last_country.get(key) or one_here or article_country
        else:
            last_country[key] = country
        joins = m.term.collective or m.term.sector in INSTITUTIONS or not m.counted
        k = latest.get((key, country)) if joins else None
        if k is None:
            groups.append([m])
            countries.append(country)
            latest[(key, country)] = len(groups) - 1
        else:
            groups[k].append(m)
    out = []
    for n, (members, country) in enumerate(zip(groups, countries, strict=True), n_named + 1):
        texts = [doc[m.name_first : m.head + 1].text for m in members]
        name = max(texts, key=lambda t: (len(t.split()), -texts.index(t)))
        out.append(
            Entity(
                id=f"e{n}",
                type=AGENT_TYPE,
                name=name,
                aliases=tuple(dict.fromkeys([name, *texts])),
                mentions=tuple(_mention(doc, m) for m in members),
                kind="agent",
                sector=members[0].term.sector,
                country=country,
            )
        )
    return tuple(out)


def _term_key(term: AgentTerm) -> str:
    # singular and plural of one word are one term ("policeman", "policemen" -> the lemma's entry)
    return f"{term.sector}:{term.term.rstrip('s')}"


def _mention(doc: Doc, m: AgentMention) -> Mention:
    span = doc[m.first : m.head + 1]
    return Mention(span.start_char, span.end_char, span.text, AGENT_TYPE, "agent")

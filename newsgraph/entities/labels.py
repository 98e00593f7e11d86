"""entities.labels: fix the labels the small model gets wrong, from the gazetteer and the words
around a name.

A known country or organisation keeps the gazetteer's label; "the town of X", "Souq al-Juma" and a
one-word name after "in"/"near" are places; a name whose first word is a common given name, or
that is the surname of a person named in full, is a PERSON even where the model said GPE/LOC/ORG.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.entities.mentions import PLACE_LABELS, NameMention
from newsgraph.gazetteer import gazetteer, known_place
from newsgraph.names import fold_token, is_kunya_key, name_words, plain, split_honorific


def _one_word_after_locative(doc: Doc, m: NameMention) -> bool:
    if len(m.tokens) != 1 or m.root < 0:
        return False
    root = doc[m.root]
    if root.dep_ != "pobj" or root.tag_ != "NNP":
        return False
    prep = root.head
    gaz = gazetteer()
    # "returning to Sinjar": "to" is locative after a verb of motion only ("talks to Hamas" is not)
    return prep.lower_ in gaz.locative_prepositions or (
        prep.lower_ == "to" and prep.head.lemma_ in gaz.motion_verbs
    )


def _named_place(doc: Doc, m: NameMention) -> bool:
    """ "the city of al-Qaim", "Souq al-Juma", "Wadi Halfa": the words around or in a name say
    it is a place."""
    gaz = gazetteer()
    first = m.tokens[0]
    if len(m.tokens) >= 2 and fold_token(first) in gazetteer().toponym_heads:
        return first.lower() not in name_words().given_names
    if m.root < 0:
        return False
    root = doc[m.root]
    of = root.head
    return root.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in gaz.place_nouns


def fix_labels(mentions: list[NameMention], doc: Doc, source: str | None = None) -> None:
    gaz = gazetteer()
    places = {plain(m.core): m.label for m in mentions if m.label in PLACE_LABELS}
    outlet = plain(source) if source else None
    for m in mentions:
        k = plain(m.core)
        if m.ruler_id:
            continue
        if k == outlet:
            m.label = "ORG"  # "told Sahel Today": the publication the record names as its source
            continue
        if m.label in ("PERSON", "ORG", "NORP") and k not in gaz.org_canon and _named_place(doc, m):
            m.label = "GPE"
            continue
        country = k in gaz.country_canon and m.label in ("PERSON", "ORG", "LOC", "FAC")
        capital = k in gaz.capital_of and m.label in ("PERSON", "ORG", "NORP")
        # "in Sfax", "near Quetta": the small model's ORG for a town
        town = m.label in ("ORG", "NORP") and k not in gaz.org_canon and _one_word_after_locative(doc, m)
        if country or capital or town:
            m.label = "GPE"
        elif m.label == "ORG" and k in places and k not in gaz.org_canon:
            m.label = places[k]  # "Kerman"/ORG beside "Kerman"/GPE: one place
        elif k in gaz.org_canon and m.label != "ORG":
            m.label = "ORG"
        elif m.label in ("GPE", "LOC", "ORG", "NORP") and m.is_full and not known_place(m.core):
            first = m.tokens[0].lower()
            if first in name_words().given_names or is_kunya_key(fold_token(first)):
                m.label = "PERSON"
                _, core_words = split_honorific(list(m.tokens))
                m.core, m.tokens = " ".join(core_words), tuple(core_words)
    # surnames of people named in full anywhere in the article are people
    surnames = {fold_token(m.tokens[-1]) for m in mentions if m.label == "PERSON" and m.is_full}
    for m in mentions:
        single = m.label != "PERSON" and len(m.tokens) == 1 and not m.ruler_id
        if single and not known_place(m.core) and fold_token(m.tokens[0]) in surnames:
            m.label = "PERSON"

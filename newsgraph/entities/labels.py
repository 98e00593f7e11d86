"""entities.labels: fix the labels the small model gets wrong, from the gazetteer and the words
around a name.

A known country or organisation keeps the gazetteer's label; "the town of X", "Souq al-Juma" and a
name after "in"/"near" that GeoNames knows as a place are places ("in Sfax", "near Novoselivka";
not "a stake in Chrysler": an organisation the model read right); a well-known city the model
calls a person is the city; a name whose first word is a common given name, or that is the
surname of a person named in full, is a PERSON even where the model said GPE/LOC/ORG
("Qaani/LOC", "Hadi al-Amiri/GPE"), unless the article names an organisation that opens with it
("Ford" beside "Ford Motor Company" and William Clay Ford).
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.entities.mentions import PLACE_LABELS, NameMention, title_before
from newsgraph.gazetteer import gazetteer, is_well_known_place, known_place, place
from newsgraph.names import fold_token, is_kunya_key, name_words, plain, split_honorific
from newsgraph.nlp import token_starts


def _after_locative(doc: Doc, m: NameMention) -> bool:
    """The name is the object of a locative preposition: "in Sfax", "near Robotyne", "returning
    to Sinjar" ("to" only after a verb of motion: "talks to Hamas" is not)."""
    if m.root < 0:
        return False
    root = doc[m.root]
    if root.dep_ != "pobj" or root.tag_ not in ("NNP", "NNPS"):
        return False
    prep = root.head
    gaz = gazetteer()
    return (
        prep.lower_ in gaz.locative_prepositions
        or (prep.lower_ == "to" and prep.head.lemma_ in gaz.motion_verbs)
        or (prep.lower_ == "of" and prep.head.lemma_.lower() in gaz.of_place_heads)
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


def _org_openings(mentions: list[NameMention]) -> set[str]:
    """First words of the organisations named in two words or more ("Ford" of "Ford Motor
    Company", "Saturn" of "Saturn Corporation"): a bare mention of one names that organisation."""
    return {
        fold_token(m.tokens[0])
        for m in mentions
        if m.label == "ORG" and len(m.tokens) >= 2 and m.tokens[0][:1].isupper()
    }


def _org_signs(doc: Doc, m: NameMention, org_openings: set[str]) -> bool:
    """The words in or around a name say organisation: an organisation's head word last
    ("Douglas Aircraft"/PERSON), a plural name after "the" ("the Beatles"/PERSON), a noun of
    organisation kind before it or in apposition ("retailer Best Buy", "airline, Ryanair,"), or
    the one word that opens a longer organisation name of the article ("Saturn" beside
    "Saturn Corporation")."""
    gaz = gazetteer()
    if m.label == "PERSON" and len(m.tokens) >= 2 and m.tokens[-1] in gaz.org_heads:
        return True
    if m.root < 0:
        return False
    root = doc[m.root]
    first = doc[_token_at(doc, m.start)] if _token_at(doc, m.start) is not None else root
    if m.label == "PERSON" and root.tag_ == "NNPS" and first.i > 0 and doc[first.i - 1].lower_ == "the":
        return True
    if m.label == "PERSON" and _person_signs(m, set()):
        return False  # "the militia's commander, Ahmed Al-Kinani": a person in apposition
    kinds = gaz.org_kinds
    if root.dep_ == "appos" and root.head.lower_ in kinds:
        return True
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.lower_ in kinds:
        return True  # "the rebel movement Tahrir Kordofan", whatever the parser made of it
    for t in doc[first.i : root.i + 1]:
        for child in t.lefts:
            if child.dep_ == "compound" and child.i < first.i and child.lower_ in kinds:
                return True
    opening = len(m.tokens) == 1 and fold_token(m.tokens[0]) in org_openings
    return opening and not is_well_known_place(place(m.core))


def _title_before_mention(doc: Doc, m: NameMention) -> str | None:
    """ "envoy" of "UN envoy Ramtane Lamamra": a person's title right before a name."""
    i = _token_at(doc, m.start)
    if i is None or m.tokens[-1] in gazetteer().org_heads:
        return None
    if i > 0 and doc[i - 1].text.islower() and doc[i - 1].lower_ in name_words().role_heads:
        return doc[i - 1].text  # "lawyer Fatoumata Traore": a position held, no honorific
    return title_before(doc, i)


def _token_at(doc: Doc, char: int) -> int | None:
    return token_starts(doc).get(char)


def _short_org_forms(mentions: list[NameMention]) -> None:
    """ "the Observatory" after "the Syrian Observatory for Human Rights": one capitalised word
    after "the" that is a word of an organisation named earlier is that organisation (the model
    often calls the lone word a person); `clusters.cluster_orgs_and_places` joins the two."""
    org_words: set[str] = set()
    for m in mentions:
        if m.label == "ORG" and len(m.tokens) >= 2:
            org_words |= {fold_token(t) for t in m.tokens if t[:1].isupper()}
        elif (
            m.label != "ORG"
            and len(m.tokens) == 1
            and not m.ruler_id
            and m.prev_word.lower() == "the"
            and fold_token(m.tokens[0]) in org_words
            and not known_place(m.core)
        ):
            m.label = "ORG"


def _person_signs(m: NameMention, surnames: set[str]) -> bool:
    """A title before it, a common given name first, or the surname of someone named in full."""
    first = m.tokens[0].lower()
    return bool(
        m.titled
        or (m.is_full and (first in name_words().given_names or is_kunya_key(fold_token(first))))
        or (len(m.tokens) == 1 and fold_token(m.tokens[0]) in surnames)
    )


def fix_labels(mentions: list[NameMention], doc: Doc, source: str | None = None) -> None:
    gaz = gazetteer()
    places = {plain(m.core): m.label for m in mentions if m.label in PLACE_LABELS}
    outlet = plain(source) if source else None
    org_openings = _org_openings(mentions)
    full_surnames = {fold_token(m.tokens[-1]) for m in mentions if m.label == "PERSON" and m.is_full}
    signed_orgs: set[str] = set()  # names the text itself marks as an organisation somewhere
    for m in mentions:
        k = plain(m.core)
        if m.ruler_id:
            continue
        if k == outlet:
            m.label = "ORG"  # "told Sahel Today": the publication the record names as its source
            continue
        if k in gaz.demonym_of and k not in gaz.org_canon and k not in gaz.country_canon:
            m.label = "NORP"  # "the pakistani taliban": "Pakistani"/ORG is a nationality
            continue
        if m.label not in ("ORG", "NORP") and not known_place(m.core) and _org_signs(doc, m, org_openings):
            m.label = "ORG"
            signed_orgs.add(k)
            continue
        if m.label in ("PERSON", "ORG", "NORP") and k not in gaz.org_canon and _named_place(doc, m):
            m.label = "GPE"
            continue
        country = k in gaz.country_canon and m.label in ("PERSON", "ORG", "LOC", "FAC")
        capital = k in gaz.capital_of and m.label in ("PERSON", "ORG", "NORP")
        if country or capital or _misread_place(doc, m, k, org_openings, full_surnames):
            m.label = "GPE"
        elif m.label == "ORG" and k in places and k not in gaz.org_canon:
            m.label = places[k]  # "Kerman"/ORG beside "Kerman"/GPE: one place
        elif k in gaz.org_canon and m.label != "ORG":
            m.label = "ORG"
        elif m.label in ("GPE", "LOC", "ORG", "NORP") and m.is_full and not known_place(m.core):
            first = m.tokens[0].lower()
            titled = _title_before_mention(doc, m)
            if titled or first in name_words().given_names or is_kunya_key(fold_token(first)):
                m.titled = m.titled or (f"{titled} {m.surface}" if titled else None)
                m.label = "PERSON"
                _, core_words = split_honorific(list(m.tokens))
                m.core, m.tokens = " ".join(core_words), tuple(core_words)
    # one name, one organisation: "the jihadist group Hurras al-Din" marks the name as an
    # organisation, so its other mentions the model called PERSON (with no title or given name
    # of their own) are the same organisation, not a second entity of another type
    signed_orgs |= {
        plain(m.core)
        for m in mentions
        if m.label == "ORG" and (m.ruler_id or _org_signs(doc, m, org_openings))
    }
    for m in mentions:
        if m.label == "PERSON" and plain(m.core) in signed_orgs and not _person_signs(m, set()):
            m.label = "ORG"
    # one name, one place: "the city of Sweida" types the name; a headline's "Sweida" the model
    # called PERSON (no title, given name or surname of its own) is the same place; so is a
    # "Hodeidah governorate" it called NORP, unless the word is a nationality ("Afghan")
    placed = {plain(m.core): m.label for m in mentions if m.label in PLACE_LABELS}
    for m in mentions:
        k = plain(m.core)
        if k not in placed or m.ruler_id:
            continue
        person_misread = m.label == "PERSON" and not _person_signs(m, full_surnames)
        if person_misread or (m.label == "NORP" and k not in gaz.demonym_of):
            m.label = placed[k]
    _short_org_forms(mentions)
    # surnames of people named in full anywhere in the article are people, unless the article
    # names an organisation that opens with the word ("Ford" beside "Ford Motor Company")
    surnames = {fold_token(m.tokens[-1]) for m in mentions if m.label == "PERSON" and m.is_full}
    for m in mentions:
        single = m.label != "PERSON" and len(m.tokens) == 1 and not m.ruler_id
        key = fold_token(m.tokens[0]) if m.tokens else ""
        if single and not known_place(m.core) and key in surnames and key not in org_openings:
            m.label = "PERSON"


def _misread_place(doc: Doc, m: NameMention, key: str, org_openings: set[str], surnames: set[str]) -> bool:
    """A place GeoNames knows that the small model called a person or an organisation: a
    transliterated village after "in"/"near" ("shelling near Novoselivka", its ORG or PERSON
    wrong), or a well-known city with no sign of a person ("Kharkiv"/PERSON). A name the model
    calls an organisation and that opens an organisation's longer name stays one ("at Cisco")."""
    if m.label not in ("PERSON", "ORG", "NORP") or key in gazetteer().org_canon or m.core.isupper():
        return False  # an acronym ("GAO") is no spelling of a place (Gao, Mali)
    found = place(m.core)
    if found is None:
        return False
    # a region or state by name, as the writer capitalised it (in lower-cased text "delta" or
    # "sale" are more often a company or a word the true-caser capitalised)
    region = (
        found.kind in ("region", "state")
        and key not in gazetteer().demonym_of
        and doc.text[m.start : m.start + 1].isupper()
    )
    if m.label == "ORG" and fold_token(m.tokens[0]) in org_openings and not (region and len(m.tokens) == 1):
        return False  # "at Cisco" of "Cisco Systems"; but "Balochistan" of "Balochistan Liberation Army"
    if m.label == "NORP" and region:
        return True  # "Herat province": a province is no nationality
    if m.label == "PERSON" and _person_signs(m, surnames):
        return False
    if _after_locative(doc, m) or _slavic_toponym(m):
        return True
    # a well-known city by its own name: the model's PERSON for it is a misreading; its ORG may
    # not be (companies are named after cities: "Toyota")
    well_known = found.main_name and (is_well_known_place(found) or found.kind != "city")
    # a province or state by its one-word name is no company ("Balochistan has seen ..."), but a
    # city may name one ("Toyota")
    return (m.label == "PERSON" and well_known) or (m.label == "ORG" and region and len(m.tokens) == 1)


def _slavic_toponym(m: NameMention) -> bool:
    """ "Novoselivka", "Pokrovsk": one word with a settlement ending of Ukrainian or Russian."""
    if len(m.tokens) != 1:
        return False
    word = m.tokens[0].lower()
    return len(word) >= 6 and word.endswith(gazetteer().toponym_endings)

"""The mechanisms of issue 12 on sentences written for these tests: argument roles per frame,
trigger senses, negation and modality scope, claims, casualties, lower-case wire text; and the
PLOVER export of agents. At least five sentences per mechanism."""

from __future__ import annotations

import pytest

from newsgraph.export.document import document_dict
from newsgraph.export.plover import to_plover


def _names(g, ids):
    by_id = {e.id: e for e in g.entities}
    return {by_id[i].name for i in ids}


def _events(g, etype):
    return [v for v in g.events if v.type == etype]


def _one(g, etype):
    found = _events(g, etype)
    assert found, [(v.type, v.trigger) for v in g.events]
    return found[0]


# -- argument roles ---------------------------------------------------------------------------

# (sentence, type, actor names (any of), target names (any of))
ROLES = [
    # agent = subject
    ("Sudanese soldiers attacked the village of Tawila on Sunday.", "ASSAULT", {"Sudanese soldiers"}, set()),
    ("Gunmen killed the local imam Musa Idris near Kaduna.", "ASSAULT", {"Gunmen"}, {"Musa Idris"}),
    ("Hezbollah fired rockets at the Israeli town of Kiryat Shmona.", "ASSAULT", {"Hezbollah"}, set()),
    (
        "Kenyan police arrested the activist Boniface Mwangi in Nairobi.",
        "COERCE",
        {"Kenyan police"},
        {"Boniface Mwangi"},
    ),
    ("The junta detained the former minister Ahmed Bakr.", "COERCE", {"junta"}, {"Ahmed Bakr"}),
    # agent = passive "by" agent, patient = passive subject
    (
        "The journalist Omar Haddad was arrested by Egyptian police.",
        "COERCE",
        {"Egyptian police"},
        {"Omar Haddad"},
    ),
    ("Three soldiers were killed by militants in Borno.", "ASSAULT", {"militants"}, {"soldiers"}),
    ("The convoy was ambushed by rebels near Goma.", "ASSAULT", {"rebels"}, set()),
    ("Ali Hamdan was detained by security forces in Basra.", "COERCE", {"security forces"}, {"Ali Hamdan"}),
    ("The commander Yusuf Ali was abducted by gunmen in Zamfara.", "COERCE", {"gunmen"}, {"Yusuf Ali"}),
    # agent = possessor of an event noun
    ("Egypt's strike on the border post drew condemnation.", "ASSAULT", {"Egypt"}, set()),
    ("Turkey's offensive against the Kurdish fighters continued.", "ASSAULT", {"Turkey"}, set()),
    ("Russia's attack on Kharkiv killed nine people.", "ASSAULT", {"Russia"}, {"Kharkiv"}),
    ("Haftar's offensive on Tripoli began in April.", "MOBILIZE", {"Haftar"}, set()),
    ("Israel's killing of the commander Saleh Aruri angered Hamas.", "ASSAULT", {"Israel"}, {"Saleh Aruri"}),
    # agent = modifier of an event noun
    (
        "A US drone strike killed the commander Abu Ali in Idlib.",
        "ASSAULT",
        {"United States", "US"},
        {"Abu Ali"},
    ),
    ("An Ethiopian raid on the camp left many dead.", "COERCE", {"Ethiopian"}, set()),
    ("Three men died in police firing in Surat.", "ASSAULT", {"police"}, set()),
    ("A Saudi air strike hit the market in Saada.", "ASSAULT", {"Saudi"}, set()),
    ("An army raid on the compound of Ahmed Bello ended at dawn.", "COERCE", {"army"}, set()),
    # patient = object, and "of/on/against" complements
    ("Chadian troops shelled the rebel positions near Adre.", "ASSAULT", {"Chadian troops"}, set()),
    ("The arrest of the blogger Ali Amin was announced on Monday.", "COERCE", set(), {"Ali Amin"}),
    ("The attack on the Iraqi embassy in Beirut killed two guards.", "ASSAULT", set(), {"Iraqi"}),
    ("Sanctions against Iran's central bank were tightened.", "SANCTION", set(), {"Iran", "central bank"}),
    (
        "The killing of the aid worker Sara Idris near Kano shocked the town.",
        "ASSAULT",
        set(),
        {"Sara Idris"},
    ),
]


@pytest.mark.parametrize(("text", "etype", "actors", "targets"), ROLES)
def test_argument_roles(extract, text, etype, actors, targets):
    g = extract(text, published="2023-05-17")
    v = _one(g, etype)
    if actors:
        assert _names(g, v.actors) & actors, (_names(g, v.actors), _names(g, v.targets))
    if targets:
        assert _names(g, v.targets) & targets, (_names(g, v.actors), _names(g, v.targets))


@pytest.mark.parametrize(
    "text",
    [
        "A drone strike targeting the commander Abu Bakr killed four guards.",
        "An air strike targeting the commander Abu Bakr hit a car in Idlib.",
        "The drone strike targeting the commander Abu Bakr was carried out at night.",
        "A missile strike targeting the commander Abu Bakr destroyed a house.",
        "A strike targeting the commander Abu Bakr failed to kill him.",
    ],
)
def test_a_strike_targeting_someone_makes_him_the_target(extract, text):
    g = extract(text, published="2023-05-17")
    assert any("Abu Bakr" in _names(g, v.targets) for v in _events(g, "ASSAULT"))
    assert not any("Abu Bakr" in _names(g, v.actors) for v in g.events)


@pytest.mark.parametrize(
    "text",
    [
        "An intervention could get the president Ahmed Saleh killed.",
        "The raid might get the journalist Omar Haddad arrested.",
        "A wrong move could get the general Musa Bello killed.",
        "Such a decision would get the minister Ali Karim arrested.",
        "The decision may get the president Musa Bello killed.",
    ],
)
def test_a_caused_event_makes_its_subject_the_target_of_a_hypothetical_event(extract, text):
    g = extract(text, published="2023-05-17")
    v = next(v for v in g.events if v.type in ("ASSAULT", "COERCE"))
    assert v.targets and not v.actors
    assert v.modality == "hypothetical"


@pytest.mark.parametrize(
    "text",
    [
        "A militia allied with the army controls the road to Kidal.",
        "Militants backed by Tehran hold the town of Albu Kamal.",
        "A group funded by Qatar runs the hospital in Idlib.",
        "Fighters supported by Turkey patrol the border crossing.",
        "Forces allied with Haftar guard the oil port of Sidra.",
    ],
)
def test_a_participle_of_alliance_states_a_relation_not_an_event(extract, text):
    g = extract(text, published="2023-05-17")
    assert not [v for v in g.events if v.type in ("COOPERATE", "SUPPORT", "AID")]


# -- trigger senses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Rebels captured the town of Adre on Monday.", "ASSAULT"),
        ("Rebels captured the commander Musa Ali on Monday.", "COERCE"),
        ("The army seized the airport of Kassala.", "ASSAULT"),
        ("The army seized the journalist Ahmed Bakr.", "COERCE"),
        ("Militants captured two villages near Diffa.", "ASSAULT"),
        ("Police captured the suspect Ali Hassan in Lagos.", "COERCE"),
    ],
)
def test_capture_codes_by_the_class_of_what_is_captured(extract, text, etype):
    g = extract(text, published="2023-05-17")
    assert etype in {v.type for v in g.events}, [(v.type, v.trigger) for v in g.events]


@pytest.mark.parametrize(
    "text",
    [
        "Russian troops entered the settlements of Ivanivka and Petrivka.",
        "Soldiers patrolled the settlements of Bakhmut and Soledar.",
        "Settlers expanded the settlements near Nablus.",
        "The settlements of Ariel and Efrat grew last year.",
        "Shelling damaged the settlements of Hulyaipole and Orikhiv.",
    ],
)
def test_settlements_of_places_are_places(extract, text):
    g = extract(text, published="2023-05-17")
    assert not _events(g, "AGREE"), [(v.type, v.trigger) for v in g.events]


@pytest.mark.parametrize(
    "text",
    [
        "The rebels showed a clear willingness to talk with Khartoum.",
        "The government demonstrated a clear commitment to reform.",
        "Iran showed its resolve at the talks in Vienna.",
        "The army demonstrated its ability to strike deep inside Syria.",
        "Egypt has demonstrated flexibility in the negotiations with Ethiopia.",
    ],
)
def test_showing_a_quality_is_no_protest(extract, text):
    g = extract(text, published="2023-05-17")
    assert not _events(g, "PROTEST"), [(v.type, v.trigger) for v in g.events]


@pytest.mark.parametrize(
    "text",
    [
        "Djibouti hosts foreign troops from France and China.",
        "Qatar hosts a large US air base.",
        "Jordan hosts more than a million Syrian refugees.",
        "Niger hosted American soldiers at a base in Agadez.",
        "Turkey hosts four million refugees.",
    ],
)
def test_hosting_troops_or_refugees_is_no_consultation(extract, text):
    g = extract(text, published="2023-05-17")
    assert not _events(g, "CONSULT"), [(v.type, v.trigger) for v in g.events]


@pytest.mark.parametrize(
    "text",
    [
        "An analyst warned that a weaker state could collapse.",
        "Analysts warned that Lebanon could default on its debt.",
        "One expert warned that the truce in Yemen could fail.",
        "Economists warned that Egypt may run out of reserves.",
        "An observer warned that the fighting could spread to Chad.",
    ],
)
def test_an_analysts_warning_is_no_threat(extract, text):
    g = extract(text, published="2023-05-17")
    assert not _events(g, "THREATEN"), [(v.type, v.trigger) for v in g.events]


def test_a_partys_warning_about_its_own_act_is_a_threat(extract):
    g = extract("Turkey warned Syria that it would respond to any attack.", published="2023-05-17")
    assert _events(g, "THREATEN")


# -- negation and modality scope ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "negated", "modality"),
    [
        ("The envoy was unable to meet the general Ahmed Saleh.", "CONSULT", True, None),
        ("The minister failed to meet the rebel leader Musa Ali.", "CONSULT", True, None),
        ("The spokesman did not say whether troops would deploy to Kidal.", "MOBILIZE", False, "unknown"),
        ("Officials would not say whether police arrested Ali Hassan.", "COERCE", False, "unknown"),
        ("Hamas denied involvement in the bombing in Jerusalem.", "ASSAULT", True, None),
        ("The army denied attacking the village of Tawila.", "ASSAULT", True, None),
        ("The rebels withdrew from the town of Adre without firing a shot.", "RETREAT", False, None),
        ("Police did not arrest the activist Boniface Mwangi.", "COERCE", True, None),
        ("Iran might attack the tanker off Oman.", "ASSAULT", False, "hypothetical"),
        # a stated plan to harm is a THREATEN (PLOVER), of what is intended
        ("The militia plans to attack the town of Kidal.", "THREATEN", False, "intended"),
    ],
)
def test_negation_and_modality_scope(extract, text, etype, negated, modality):
    g = extract(text, published="2023-05-17")
    v = _one(g, etype)
    assert (v.negated, v.modality) == (negated, modality)


def test_without_firing_a_shot_negates_the_firing_only(extract):
    g = extract("The rebels withdrew from the town of Adre without firing a shot.", published="2023-05-17")
    # no firing is asserted (a negated ASSAULT, or none at all); the withdrawal is
    assert not [v for v in _events(g, "ASSAULT") if not v.negated]
    assert not _one(g, "RETREAT").negated


@pytest.mark.parametrize(
    "text",
    [
        "Syria says it will not accept any more refugees from Iraq.",
        "The United States said it would not meet the kidnappers' demands.",
        "Israelis and Palestinians failed to reach agreement in Cairo.",
        "Hamas said it would not release the hostages.",
        "The government said it will not lift the curfew in Khartoum.",
    ],
)
def test_a_refused_cooperation_is_a_reject(extract, text):
    g = extract(text, published="2023-05-17")
    v = _one(g, "REJECT")
    assert not v.negated


# -- claims -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "claimant"),
    [
        ("The minister alleged that rebel units shelled a clinic in Goma.", "ASSAULT", "minister"),
        ("Police said gunmen fired the rockets at the base.", "ASSAULT", "Police"),
        ("Kenya accused the army of shelling the market in Mandera.", "ASSAULT", "Kenya"),
        ("The army said it killed 300 fighters, without providing evidence.", "ASSAULT", "army"),
        ("Residents said soldiers burned the village of Tawila.", "COERCE", "Residents"),
        ("Troops arrested the mayor Ali Bello, according to the ministry.", "COERCE", "ministry"),
    ],
)
def test_a_reported_event_carries_its_claimant(extract, text, etype, claimant):
    g = extract(text, published="2023-05-17")
    v = _one(g, etype)
    assert v.claim is not None
    by_id = {e.id: e.name for e in g.entities}
    assert claimant in (by_id.get(v.claim.source or "", "") + " " + v.claim.text)
    assert v.claim.evidence.text and v.claim.evidence.text in g.clean.text
    assert not v.negated


def test_an_unproven_claim_stays_asserted_as_the_claimants(extract):
    g = extract("The army said it killed 300 fighters, without providing evidence.", published="2023-05-17")
    v = _one(g, "ASSAULT")
    assert v.modality is None and not v.negated and v.claim is not None


# -- casualties ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "count", "relation"),
    [
        ("The blast killed at least 17 people, including five children.", "killed", 17, ">="),
        ("Gunmen killed five soldiers and two civilians in Borno.", "killed", 7, "="),
        ("Police arrested more than 200 protesters in Dhaka.", "arrested", 200, ">"),
        ("Some 40 people have been arrested by the police so far.", "arrested", 40, "~"),
        ("The shelling wounded about 30 civilians in Kharkiv.", "wounded", 30, "~"),
        ("Three men died in police firing in Surat.", "killed", 3, "="),
        ("The attack in Kidal left two dead and five injured.", "wounded", 5, "="),
    ],
)
def test_casualty_counts_on_their_event(extract, text, kind, count, relation):
    g = extract(text, published="2023-05-17")
    found = [(c.kind, c.count, c.relation) for v in g.events for c in v.casualties]
    assert (kind, count, relation) in found, found


def test_a_casualty_has_its_span(extract):
    g = extract("The blast killed at least 17 people, including five children.", published="2023-05-17")
    c = next(c for v in g.events for c in v.casualties)
    assert "at least 17 people" in c.evidence.text


# -- lower-case and wire text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("three men died in police firing in the old city.", "ASSAULT"),
        ("some 40 people have been arrested by the police so far.", "COERCE"),
        ("the police resorted to a lathi-charge to disperse the mob.", "ASSAULT"),
        ("the accused was taken into custody on sunday.", "COERCE"),
        ("about 30 rioters were rounded up by the police.", "COERCE"),
        ("sixty people have been booked under the arms act.", "COERCE"),
        ("the police lobbed tear gas shells at the stone-pelting mob.", "ASSAULT"),
    ],
)
def test_lower_case_police_reports(extract, text, etype):
    g = extract(text, published="2002-03-05")
    assert etype in {v.type for v in g.events}, [(v.type, v.trigger) for v in g.events]


# -- PLOVER export -------------------------------------------------------------------------------


def test_plover_export_carries_agent_country_sector_and_casualties(extract):
    g = extract("Kenyan police killed three protesters in Nairobi on Monday.", published="2023-05-17")
    records = to_plover(document_dict(g))
    r = next(r for r in records if r["event_type"] == "ASSAULT")
    assert r["source"][0]["country"] == "KEN" and r["source"][0]["sector"] == "COP"
    assert r["source"][0]["code"] == "KENCOP"
    assert [c["count"] for c in r["casualties"] if c["kind"] == "killed"] == [3]

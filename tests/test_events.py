"""events: PLOVER types, participants, negation, dates and merging, on sentences written for these tests."""

from __future__ import annotations

import pytest

CASES = [
    # (type, sentence)
    ("AGREE", "Sudan and South Sudan agreed on Monday to reopen the border crossings."),
    ("AGREE", "The rebels reached a consensus with the government to reopen the roads to Kassala."),
    ("AGREE", "Iran will release the detained French sailors, its foreign ministry said."),
    (
        "CONSULT",
        "Iraqi Prime Minister Mohammed Shia al-Sudani met Jordan's King Abdullah in Amman on Tuesday.",
    ),
    ("CONSULT", "Turkey hosted talks between Russia and Ukraine in Istanbul."),
    ("CONSULT", "The French president visited Lebanon on Thursday."),
    ("SUPPORT", "Egypt praised Qatar for its mediation efforts."),
    ("SUPPORT", "Saudi Arabia backed the United Nations plan for Yemen."),
    ("SUPPORT", "Bahrain and Israel established diplomatic ties in 2020."),
    ("CONCEDE", "The army released 40 detained protesters in Khartoum on Friday."),
    ("CONCEDE", "Israel eased restrictions on fuel imports to Gaza."),
    ("CONCEDE", "The junta freed the former prime minister Abdalla Hamdok."),
    ("COOPERATE", "Jordan and Iraq coordinated their border patrols against smugglers."),
    ("COOPERATE", "Turkey extradited a suspected Islamic State commander to Iraq."),
    ("COOPERATE", "Iraqi and Kurdish forces coordinated an operation against the Islamic State in Makhmour."),
    ("AID", "The European Union donated 20 million euros to Lebanon's hospitals."),
    ("AID", "Kuwait sent aid to the victims of the earthquake in Syria."),
    ("AID", "The United Nations assisted thousands of refugees in Chad."),
    ("RETREAT", "Russia withdrew its troops from the Kherson region."),
    ("RETREAT", "The prime minister of Kuwait resigned on Tuesday."),
    ("RETREAT", "The militia pulled out of the town of Tal Afar."),
    ("REQUEST", "Lebanon asked the International Monetary Fund for an emergency loan."),
    ("REQUEST", "The Arab League urged Israel to halt the offensive."),
    ("REQUEST", "Protest leaders demanded the resignation of the governor of Basra."),
    ("ACCUSE", "Iran accused Israel of sabotaging its nuclear facility at Natanz."),
    ("ACCUSE", "Amnesty International condemned Egypt for the mass trial."),
    ("ACCUSE", "Baghdad blamed the Islamic State for the bombing."),
    ("REJECT", "Hamas rejected the Egyptian proposal on Monday."),
    ("REJECT", "The Kurdish parliament refused the budget law sent by Baghdad."),
    ("REJECT", "Tehran dismissed the accusations made by Washington."),
    ("THREATEN", "Hezbollah threatened Israel with a wide war on Sunday."),
    ("THREATEN", "Turkey warned Syria that it would respond to any attack."),
    ("THREATEN", "The Houthis vowed to strike Saudi Arabia's oil facilities."),
    ("PROTEST", "Thousands of students protested in Tehran against the new law."),
    ("PROTEST", "Teachers demonstrated outside the parliament in Amman."),
    ("PROTEST", "Protesters rallied in Beirut's Martyrs' Square on Saturday."),
    ("SANCTION", "The United States imposed sanctions on Iran's oil minister."),
    ("SANCTION", "Saudi Arabia expelled the Lebanese ambassador."),
    ("SANCTION", "The European Union suspended aid to Niger."),
    ("MOBILIZE", "Turkey deployed troops to the Syrian border."),
    ("MOBILIZE", "Israel mobilized reservists near Gaza."),
    ("MOBILIZE", "Russia dispatched warships to the Mediterranean."),
    ("COERCE", "Iraqi police arrested the head of the Basra oil company."),
    ("COERCE", "Egypt detained the journalist Ahmed Saeed in Cairo."),
    ("COERCE", "Authorities in Tehran imposed a curfew on Zahedan."),
    ("ASSAULT", "Israeli warplanes bombed Hamas positions in Gaza on Tuesday."),
    ("ASSAULT", "Gunmen attacked a police station in Kirkuk."),
    ("ASSAULT", "The Islamic State killed eight soldiers in Diyala."),
    # PLOVER's own sense of a verb and its object (CAMEO 05 -> SUPPORT, 08 -> CONCEDE/RETREAT,
    # 16 -> SANCTION, 17 -> COERCE, 18/19 -> ASSAULT)
    ("SUPPORT", "The government and the rebels signed a ceasefire agreement in Doha on Sunday."),
    ("SUPPORT", "Japan apologized to South Korea for the wartime labour."),
    ("RETREAT", "The Houthis declared a unilateral truce in Marib on Friday."),
    ("RETREAT", "Egypt lifted its blockade of the Rafah crossing on Monday."),
    ("RETREAT", "Two hundred fighters of the Islamic State surrendered to Kurdish forces in Baghouz."),
    ("CONCEDE", "The military council lifted the curfew in Khartoum on Sunday."),
    ("CONCEDE", "The union called off the strike after talks with the Ministry of Health."),
    ("SANCTION", "The African Union halted its mediation between Ethiopia and Tigray."),
    ("SANCTION", "Mali withdrew the United Nations peacekeepers from Kidal."),
    ("COERCE", "Settlers set fire to the mosque in Huwara."),
    ("COERCE", "Militants blew up the gas pipeline near Arish on Tuesday."),
    ("COERCE", "Pakistan outlawed the Tehreek-e-Labbaik party in April."),
    ("COERCE", "The Iranian government declared a state of emergency in Khuzestan."),
    ("ASSAULT", "Guards tortured the detained journalists in Evin prison."),
    ("ASSAULT", "Both armies violated the ceasefire in Nagorno-Karabakh on Sunday."),
    ("ACCUSE", "Algeria lodged a formal protest with France over the remarks."),
    # a light verb carries an event noun: the subject staged it, where the verb says
    ("PROTEST", "Tens of thousands of students staged mass demonstrations in Jakarta on Saturday."),
    ("PROTEST", "Lawyers staged a hunger strike in Tunis to demand the release of their colleagues."),
    ("COERCE", "Turkish authorities imposed a curfew in the town of Cizre after the clashes."),
    ("ACCUSE", "Kenya launched an investigation into the deaths of protesters in Nairobi."),
    ("CONSULT", "Iraqi Prime Minister Mohammed Shia al-Sudani arrived in Tehran on an official visit."),
    # an ultimatum: a future act on a condition
    ("THREATEN", "The opposition will boycott the elections in Tunisia unless the president resigns."),
    ("THREATEN", "Egypt may halt its mediation between Israel and Hamas if the attacks continue."),
]


@pytest.mark.parametrize(("etype", "sentence"), CASES, ids=[f"{t}-{i}" for i, (t, _) in enumerate(CASES)])
def test_plover_type(extract, etype, sentence):
    g = extract(sentence, published="2023-05-17")
    types = {v.type for v in g.events if not v.negated}
    assert etype in types, [(v.type, v.trigger) for v in g.events]


def _event(g, etype):
    names = {e.id: e.name for e in g.entities}
    v = next(v for v in g.events if v.type == etype)
    return v, [names[a] for a in v.actors], [names[t] for t in v.targets], [names[x] for x in v.locations]


def test_active_voice_actor_and_target(extract):
    _, actors, targets, _ = _event(
        extract("Iran accused Israel of sabotage.", published="2023-05-17"), "ACCUSE"
    )
    assert actors == ["Iran"] and targets == ["Israel"]


def test_passive_voice_with_agent(extract):
    v, _actors, targets, _ = _event(
        extract(
            "The journalist Samir Kassab was arrested by Syrian police in Aleppo.", published="2023-05-17"
        ),
        "COERCE",
    )
    assert targets == ["Samir Kassab"] and v.mode == "arrest"


def test_nominal_event_with_implied_actor_and_date(extract):
    g = extract(
        "Kataib Hezbollah commander Abu Fadak was killed on January 5, 2023, in a US drone strike in Baghdad.",
        published="2023-05-17",
    )
    v, actors, targets, _places = _event(g, "ASSAULT")
    assert actors == ["United States"] and "Abu Fadak" in targets
    assert v.mode == "aerial"
    assert (v.date.start.isoformat(), v.date.end.isoformat()) == ("2023-01-05", "2023-01-05")


def test_arrest_of_x_announced_by_y(extract):
    _, actors, targets, _ = _event(
        extract(
            "Prime Minister Mustafa al-Kadhimi announced the arrest of Qasim Muslih.", published="2021-05-27"
        ),
        "COERCE",
    )
    assert actors == ["Mustafa al-Kadhimi"] and targets == ["Qasim Muslih"]


def test_relative_clause_target(extract):
    g = extract(
        "Crowds mourned Saleh Aruri, who was killed by an Israeli drone in Beirut last Tuesday.",
        published="2024-01-04",
    )
    v, _, targets, _ = _event(g, "ASSAULT")
    assert targets == ["Saleh Aruri"]
    # the drone's force acts: an agent of Israel (the state is not named in the text)
    countries = {e.country for e in g.entities if e.id in v.actors}
    assert countries == {"ISR"}
    assert v.date.start.isoformat() == "2024-01-02"


def test_coordinated_targets(extract):
    _, _, targets, _ = _event(
        extract("Ali Hamdan and Yusuf Khalil were detained by the police in Basra.", published="2023-05-17"),
        "COERCE",
    )
    assert set(targets) == {"Ali Hamdan", "Yusuf Khalil"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The United States did not attack the convoy in Syria, the Pentagon said.",
        "Israel denied attacking the convoy in Syria.",
        "Washington rejected suggestions that it had bombed the convoy in Syria.",
    ],
)
def test_denied_events_are_negated(extract, sentence):
    g = extract(sentence, published="2023-05-17")
    assaults = [v for v in g.events if v.type == "ASSAULT"]
    assert assaults and all(v.negated for v in assaults)


def test_hypothetical_event_has_a_modality(extract):
    g = extract("Israel may strike Iran's nuclear sites in Natanz, officials warned.", published="2023-05-17")
    assaults = [v for v in g.events if v.type in ("ASSAULT", "THREATEN")]
    assert assaults and all(v.modality is not None or v.type == "THREATEN" for v in assaults)


def test_one_event_told_twice_is_one_event_with_two_evidence_spans(extract):
    g = extract(
        "Qasim Salami was killed in a US drone strike in Baghdad in 2020.\n\n"
        "Salami, the militia commander, was killed on January 3, 2020, in a US drone strike near the airport.",
        published="2021-08-03",
    )
    assaults = [v for v in g.events if v.type == "ASSAULT"]
    assert len(assaults) == 1
    assert len(assaults[0].evidence) == 2
    assert assaults[0].date.start.isoformat() == "2020-01-03"


def test_date_is_not_the_publication_date_when_the_text_gives_none(extract):
    g = extract("Iran accused Israel of sabotage at the Natanz site.", published="2023-05-17")
    (v,) = [v for v in g.events if v.type == "ACCUSE"]
    assert v.date is None


def test_evidence_points_into_the_original_text(extract_dict):
    text = "Photo: AFP\n\nAFP\n\nTurkey deployed troops to the Syrian border on Monday."
    d = extract_dict(text, published="2023-05-17")
    ev = d["events"][0]["evidence"][0]
    assert text[ev["start"] : ev["end"]] == ev["text"]
    assert "deployed troops" in ev["text"]


def test_a_light_verb_event_takes_the_verbs_negation_and_place(extract):
    g = extract("Police did not impose a curfew in Basra on Monday.", published="2023-05-17")
    curfew = [v for v in g.events if v.type == "COERCE"]
    assert curfew and all(v.negated for v in curfew)
    g = extract("Students staged a sit-in in Cairo on Monday.", published="2023-05-17")
    sit_in = next(v for v in g.events if v.type == "PROTEST")
    assert next(e for e in g.entities if e.id in sit_in.locations).name == "Cairo"


def test_the_verb_and_its_object_make_one_event(extract):
    g = extract("Hamas declared a ceasefire in Gaza on Friday.", published="2023-05-17")
    assert sorted(v.type for v in g.events) == ["RETREAT"]


def test_a_light_verb_gives_the_event_of_its_object(extract):
    g = extract("Kenya launched an investigation into the deaths of protesters.", published="2023-05-17")
    assert "ASSAULT" not in {v.type for v in g.events}


def test_the_time_of_the_events_own_clause_wins_over_a_nearer_one(extract):
    g = extract(
        "The army, which arrested Ali Hassan on Sunday, shelled the town of Idlib on Monday.",
        published="2023-05-17",
    )
    dates = {v.type: v.date.start.isoformat() for v in g.events if v.date}
    assert dates == {"COERCE": "2023-05-14", "ASSAULT": "2023-05-15"}


def test_a_sentence_that_continues_the_story_keeps_its_date(extract):
    g = extract(
        "Gunmen attacked a police checkpoint in Kirkuk on Sunday. They kidnapped the police chief, "
        "Ali Hassan.\n\nOfficials said the Islamic State had attacked Tikrit. It kidnapped Omar Saleh.",
        published="2023-05-17",
    )
    kidnaps = sorted((v for v in g.events if v.type == "COERCE"), key=lambda v: v.evidence[0].start)
    assert len(kidnaps) == 2
    assert kidnaps[0].date is not None and kidnaps[0].date.start.isoformat() == "2023-05-14"
    assert kidnaps[1].date is None  # its previous sentence has no time: no date, not the publication day


def test_a_new_paragraph_does_not_inherit_a_date(extract):
    g = extract(
        "Gunmen attacked a police checkpoint in Kirkuk on Sunday.\n\nThey kidnapped the police chief, Ali Hassan.",
        published="2023-05-17",
    )
    kidnaps = [v for v in g.events if v.type == "COERCE"]
    assert kidnaps and all(v.date is None for v in kidnaps)


@pytest.mark.parametrize(
    ("sentence", "is_aid"),
    [
        ("Qatar provided food and medicine to hospitals in Gaza.", True),
        ("Japan gave Ukraine $5 million for demining.", True),
        ("Turkey supplied the Libyan government with drones.", True),
        ("The ministry of Egypt provided the answer to reporters in Cairo.", False),
        ("The soldiers of Iraq gave their lives in Mosul.", False),
        ("The president of Kenya delivered a speech in Nairobi.", False),
    ],
)
def test_a_vague_giving_verb_is_aid_only_when_what_is_given_is_aid(extract, sentence, is_aid):
    g = extract(sentence, published="2023-05-17")
    assert any(v.type == "AID" for v in g.events) is is_aid, [(v.type, v.trigger) for v in g.events]


def test_a_participle_describing_a_noun_is_a_relation_not_an_event(extract):
    g = extract("Militants backed by Iran attacked the American base at Tanf.", published="2023-05-17")
    types = {v.type for v in g.events}
    assert "ASSAULT" in types and "SUPPORT" not in types
    g = extract("Iran backed the militants in Syria in 2015.", published="2023-05-17")
    assert "SUPPORT" in {v.type for v in g.events}


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Washington accused Hezbollah of launching rocket attacks on Israel.", "United States"),
        ("Rights groups published allegations of torture by the police of Egypt.", "Rights groups"),
    ],
)
def test_what_an_accusation_alleges_is_coded_as_the_accusers_claim(extract, sentence, claimant):
    g = extract(sentence, published="2023-05-17")
    names = {e.id: e.name for e in g.entities}
    assault = next(v for v in g.events if v.type == "ASSAULT")
    assert assault.modality == "alleged"
    assert assault.claim is not None and names.get(assault.claim.source, assault.claim.text) == claimant
    assert any(v.type == "ACCUSE" for v in g.events)


def test_what_the_accused_is_said_to_be_is_no_event(extract):
    g = extract(
        "Israel accused Hamas of being behind the bombing of a bus in Jerusalem.", published="2023-05-17"
    )
    types = [v.type for v in g.events]
    assert "ASSAULT" not in types and "ACCUSE" in types, types


def test_an_event_that_describes_the_source_is_not_news(extract):
    g = extract(
        "Russia will send troops to Mali, according to diplomats who met Sergei Lavrov in Moscow.",
        published="2023-05-17",
    )
    types = {v.type for v in g.events}
    assert "CONSULT" not in types and types


def test_at_is_where_when_the_verb_has_an_object_and_whom_when_it_is_thrown(extract):
    g = extract(
        "A United States drone strike targeting their convoy at Kabul airport killed Ali Hassan.",
        published="2023-05-17",
    )
    assault = [v for v in g.events if v.type == "ASSAULT"]
    names = {e.id: e.name for e in g.entities}
    assert len(assault) == 1, assault  # the strike and the killing: one event
    assert "Kabul airport" in [names[x] for x in assault[0].locations]
    assert [names[t] for t in assault[0].targets] == ["Ali Hassan"]
    g = extract("Militias fired rockets at the American embassy in Baghdad.", published="2023-05-17")
    names = {e.id: e.name for e in g.entities}
    v = next(v for v in g.events if v.type == "ASSAULT")
    assert [names[t] for t in v.targets] == ["American"]  # the embassy, by its demonym
    assert [names[x] for x in v.locations] == ["Baghdad"]


@pytest.mark.parametrize(
    "sentence",
    [
        "A local elder in Marib, who asked not to be named for his safety, said the road was closed.",
        "An official in Basra, who requested anonymity, said the talks had stalled.",
    ],
)
def test_a_source_asking_not_to_be_named_is_not_a_request(extract, sentence):
    g = extract(sentence, published="2023-05-17")
    assert "REQUEST" not in {v.type for v in g.events}, [(v.type, v.trigger) for v in g.events]
    g = extract("Iraq asked Turkey to release more water into the Tigris.", published="2023-05-17")
    assert "REQUEST" in {v.type for v in g.events}


def test_the_sayer_acts_in_a_verb_hung_on_the_reported_clause(extract):
    g = extract(
        "Party spokesman Tariq Ansari said the charter no longer allows a recount and accused the "
        "electoral commission of fraud."
    )
    _, actors, _, _ = _event(g, "ACCUSE")
    assert actors == ["Tariq Ansari"]


def test_an_actor_inside_the_reported_clause_keeps_its_verb(extract):
    g = extract("The governor said the army shelled the town and killed five civilians.")
    assaults = [v for v in g.events if v.type == "ASSAULT"]
    names = {e.id: e.name for e in g.entities}
    assert assaults and all([names[a] for a in v.actors] == ["army"] for v in assaults)


def test_a_day_is_never_a_target(extract):
    g = extract("The army and the rebels agreed on Sunday to a three-day ceasefire in Darfur.")
    v, actors, targets, _ = _event(g, "AGREE")
    assert "Sunday" not in targets and v.target_text != "Sunday"
    assert set(actors) >= {"army"}


def test_a_bare_relative_pronoun_is_no_actor_text(extract):
    g = extract(
        "Khalid Mahmoud, a veteran commander, was killed on Wednesday. He survived a similar strike "
        "two years ago that killed two of his aides."
    )
    killings = [v for v in g.events if v.type == "ASSAULT" and v.trigger == "killed"]
    assert len(killings) == 2
    assert all(v.actor_text not in ("that", "which", "who") for v in killings)


def test_a_series_of_past_strikes_is_not_the_strike_reported(extract):
    g = extract(
        "A drone strike killed a commander of the militant group Ansar al-Tawhid near Idlib on "
        "Wednesday. The US-led coalition has carried out several such strikes on Ansar al-Tawhid "
        "leaders in recent years."
    )
    assaults = [v for v in g.events if v.type == "ASSAULT"]
    assert len(assaults) == 2, [(v.trigger, v.evidence) for v in assaults]
    names = {e.id: e.name for e in g.entities}
    series = next(v for v in assaults if v.trigger == "strikes")
    assert "Ansar al-Tawhid" in [names[t] for t in series.targets]
    assert "Ansar al-Tawhid" not in [names[a] for a in series.actors]

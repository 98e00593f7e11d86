"""coref: pronouns and definite descriptions resolved to the entity they refer back to, on
sentences written for these tests; the EntityIndex maps their tokens to that entity."""

from __future__ import annotations

import pytest


def _refs(graph, name):
    e = next(e for e in graph.entities if e.name == name)
    return [m.text for m in e.references]


def test_he_refers_to_the_person_named_before(extract):
    g = extract("Omar al-Bashir arrived in Cairo on Monday. He met Egyptian officials.")
    assert _refs(g, "Omar al-Bashir") == ["He"]


def test_the_subject_wins_over_a_later_object(extract):
    g = extract("Ahmed Saleh met Hassan Nasrallah on Monday. He said the talks went well.")
    assert _refs(g, "Ahmed Saleh") == ["He"]


def test_an_object_pronoun_is_not_its_own_verbs_subject(extract):
    g = extract("John Otieno said Peter Mwangi called on Friday. Mwangi told him the deal was off.")
    assert "him" in _refs(g, "John Otieno")


def test_it_refers_to_an_organisation(extract):
    g = extract("Hezbollah fired rockets at Israel. It said the strikes answered the shelling.")
    assert _refs(g, "Hezbollah") == ["It"]


def test_a_dummy_it_refers_to_nothing(extract):
    g = extract("Hezbollah fired rockets at Israel. It is likely that the fighting will spread.")
    assert _refs(g, "Hezbollah") == []


def test_they_refers_to_a_plural_agent(extract):
    g = extract("Protesters gathered outside the parliament in Amman. They demanded new elections.")
    protesters = next(e for e in g.entities if e.kind == "agent")
    assert [m.text for m in protesters.references] == ["They"]


def test_the_group_refers_to_the_armed_group_named_before(extract):
    g = extract("Hezbollah fired rockets at Israel on Sunday. The group said it targeted a base.")
    assert _refs(g, "Hezbollah") == ["The group", "it"]


def test_a_description_with_a_demonym_refers_to_the_group(extract):
    g = extract("Hezbollah fired rockets at Israel on Sunday. The Lebanese armed group said it hit a base.")
    assert "The Lebanese armed group" in _refs(g, "Hezbollah")
    assert not [e for e in g.entities if e.kind == "agent"]


def test_the_title_refers_to_the_person_holding_it(extract):
    g = extract("Sudanese President Omar al-Bashir arrived in Cairo. The Sudanese president met officials.")
    assert "The Sudanese president" in _refs(g, "Omar al-Bashir")


def test_the_organisation_in_a_title_must_fit(extract):
    g = extract("UN refugee chief Filippo Grandi visited Chad. The UN refugee chief said camps were full.")
    assert "The UN refugee chief" in _refs(g, "Filippo Grandi")


def test_a_title_of_another_country_stays_an_agent(extract):
    g = extract("Sudanese President Omar al-Bashir arrived in Cairo. The Egyptian president welcomed him.")
    assert "The Egyptian president" not in _refs(g, "Omar al-Bashir")
    assert any(e.kind == "agent" and e.country == "EGY" for e in g.entities)


def test_a_description_that_names_its_own_person_refers_to_no_one(extract):
    g = extract(
        "Mustafa al-Kadhimi, the Iraqi prime minister, spoke on Monday. "
        "The former prime minister, Adel Abdul-Mahdi, did not attend."
    )
    assert "The former prime minister" not in _refs(g, "Mustafa al-Kadhimi")


def test_the_country_refers_to_the_state(extract):
    g = extract("Floods hit Pakistan in August. The country asked for help.")
    assert _refs(g, "Pakistan") == ["The country"]


@pytest.mark.parametrize(
    ("text", "token", "name"),
    [
        ("Omar al-Bashir arrived in Cairo. He met officials.", "He", "Omar al-Bashir"),
        ("Hezbollah fired rockets on Sunday. The group said it hit a base.", "group", "Hezbollah"),
    ],
)
def test_the_index_resolves_reference_tokens(nlp, text, token, name):
    from datetime import date

    from newsgraph import clean, pipeline
    from newsgraph.model import Article

    article = Article("t", text, date(2021, 8, 3))
    pipeline.load_data()
    cleaned = clean.clean(article)
    reading = pipeline.Reading(article, cleaned, next(pipeline.parse(nlp, [cleaned.text])))
    for stage in pipeline.STAGES:
        reading = stage.run(reading)
    tok = next(t for t in reading.doc if t.text == token)
    by_id = {e.id: e for e in reading.entities}
    assert by_id[reading.index.get(tok.i)].name == name


# five sentences per coreference form: (text, entity name, the reference it must hold)
FORMS = {
    "he/she": [
        ("Ahmed Saleh arrived in Aden on Monday. He met the governor.", "Ahmed Saleh", "He"),
        ("Fatima Hassan won the vote in Tunis. She thanked her supporters.", "Fatima Hassan", "She"),
        ("Omar Idris said his forces would withdraw from Kassala.", "Omar Idris", "his"),
        ("Police arrested Yusuf Bello on Friday. They questioned him for hours.", "Yusuf Bello", "him"),
        ("Musa Kamara resigned after the vote. His deputy took over.", "Musa Kamara", "His"),
    ],
    "it": [
        ("Hezbollah fired rockets at Israel. It said the strikes answered the shelling.", "Hezbollah", "It"),
        ("Egypt closed the Rafah crossing. It said the border would reopen on Sunday.", "Egypt", "It"),
        ("The African Union suspended Mali. It demanded elections within a year.", "African Union", "It"),
        ("Qatar hosted the talks in Doha. It offered to mediate again.", "Qatar", "It"),
        (
            "Amnesty International published a report on Yemen. It called for an inquiry.",
            "Amnesty International",
            "It",
        ),
    ],
    "they": [
        (
            "Protesters gathered outside the parliament in Amman. They demanded new elections.",
            "Protesters",
            "They",
        ),
        ("Rebels entered the town of Adre on Monday. They seized the market.", "Rebels", "They"),
        ("Soldiers surrounded the camp near Gao. They searched every tent.", "Soldiers", "They"),
        ("Gunmen stormed a church in Kaduna. They abducted the priest.", "Gunmen", "They"),
        ("Students marched through Khartoum. They chanted against the army.", "Students", "They"),
    ],
    "organisation description": [
        (
            "Hezbollah fired rockets at Israel on Sunday. The group said it targeted a base.",
            "Hezbollah",
            "The group",
        ),
        (
            "Kata'ib Hezbollah attacked the convoy. The militia denied it later.",
            "Kata'ib Hezbollah",
            "The militia",
        ),
        (
            "Hamas released two hostages on Friday. The movement said more would follow.",
            "Hamas",
            "The movement",
        ),
        (
            "Al-Shabaab claimed the attack in Mogadishu. The group threatened more strikes.",
            "Al-Shabaab",
            "The group",
        ),
        (
            "The Popular Mobilization Forces met in Baghdad. The militia elected a new leader.",
            "Popular Mobilization Forces",
            "The militia",
        ),
    ],
    "title description": [
        (
            "Sudanese President Omar al-Bashir arrived in Cairo. The Sudanese president met officials.",
            "Omar al-Bashir",
            "The Sudanese president",
        ),
        (
            "UN refugee chief Filippo Grandi visited Chad. The UN refugee chief said camps were full.",
            "Filippo Grandi",
            "The UN refugee chief",
        ),
        (
            "Coup leader Abdourahamane Tiani spoke on television. The coup leader promised elections.",
            "Abdourahamane Tiani",
            "The coup leader",
        ),
        (
            "Foreign Minister Ayman Safadi met the envoy. The minister said the talks were useful.",
            "Ayman Safadi",
            "The minister",
        ),
        (
            "Army chief Asim Munir visited the border. The army chief praised the troops.",
            "Asim Munir",
            "The army chief",
        ),
    ],
    "place description": [
        ("Floods hit Pakistan in August. The country asked for help.", "Pakistan", "The country"),
        ("Protests spread across Iran. The country closed its universities.", "Iran", "The country"),
        ("Fighting reached Khartoum on Saturday. The capital had no power.", "Khartoum", "The capital"),
        ("Militants attacked Kirkuk on Sunday. The city lost power for a day.", "Kirkuk", "The city"),
        ("Rebels took the town of Bunia in January. The town fell after two days.", "Bunia", "The town"),
    ],
}


@pytest.mark.parametrize(
    ("form", "text", "name", "reference"),
    [(form, *case) for form, cases in FORMS.items() for case in cases],
)
def test_each_coreference_form(extract, form, text, name, reference):
    g = extract(text)
    e = next((e for e in g.entities if e.name.lower() == name.lower()), None)
    assert e is not None, [x.name for x in g.entities]
    assert reference in [m.text for m in e.references], (form, [m.text for m in e.references])


def test_a_description_refers_to_the_agent_named_with_its_head(extract):
    g = extract(
        "The Tigray News Agency said drones hit the depot. A spokesman for the coalition forces, "
        "Brig. Gen. Samuel Tekle, said the coalition did not carry out the attack and that its "
        "drones were grounded."
    )
    agency = next(e for e in g.entities if e.name == "Tigray News Agency")
    forces = next(e for e in g.entities if e.kind == "agent" and "coalition" in e.name)
    assert [m.text for m in agency.references] == []
    assert {"the coalition", "its"} <= {m.text for m in forces.references}


def test_a_possessive_looks_in_its_own_sentence_highest_phrase_first(extract):
    g = extract(
        "Drones struck Hurras al-Din positions last week. A spokesman for Hayat Tahrir al-Sham, "
        "the group that controls most of Idlib province, said its security service had opened an "
        "investigation."
    )
    assert _refs(g, "Hayat Tahrir al-Sham") == ["its"]
    assert _refs(g, "Idlib province") == []


def test_a_state_led_body_is_not_a_group_of_unknown_country(extract):
    g = extract(
        "Drones struck the militant group Ansar al-Tawhid near Idlib. The US-led coalition has "
        "carried out such strikes before."
    )
    assert "The US-led coalition" not in _refs(g, "Ansar al-Tawhid")

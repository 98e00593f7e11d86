"""roles: titles held by people, their organisation and time bounds, on texts written for these tests."""

from __future__ import annotations


def _roles(graph, name):
    person = next(e for e in graph.entities if e.type == "PERSON" and (e.name == name or name in e.aliases))
    orgs = {e.id: e.name for e in graph.entities}
    return [(r.title, orgs.get(r.organization), r.qualifier, r.current) for r in person.roles]


def test_apposition_after_the_name_links_the_organisation(extract):
    g = extract("Qais al-Khazali, the leader of Asaib Ahl al-Haq, said the group would not disarm.")
    assert ("leader of Asaib Ahl al-Haq", "Asa'ib Ahl al-Haq", None, None) in _roles(g, "Qais al-Khazali")


def test_apposition_before_the_name(extract):
    g = extract("The commander of the Syrian Democratic Forces, Mazloum Abdi, met US officials on Monday.")
    titles = [t for t, org, *_ in _roles(g, "Mazloum Abdi")]
    assert "commander of the Syrian Democratic Forces" in titles


def test_premodifier_with_organisation_and_possessive_state(extract):
    g = extract(
        "Pentagon spokesman John Kirby said the strike was lawful. "
        "Iran's Foreign Minister Hossein Amir-Abdollahian called it a crime."
    )
    assert ("Pentagon spokesman", "Pentagon", None, None) in _roles(g, "John Kirby")
    (title, org, *_), *_ = _roles(g, "Hossein Amir-Abdollahian")
    assert title == "Iran's Foreign Minister" and org == "Iran"


def test_demonym_points_to_the_state_named_in_the_article(extract):
    g = extract("Iraqi Prime Minister Mohammed Shia al-Sudani visited Iraq's southern oil fields.")
    assert ("Iraqi Prime Minister", "Iraq", None, None) in _roles(g, "Mohammed Shia al-Sudani")


def test_former_and_late_end_a_role(extract):
    g = extract(
        "The talks were chaired by former interior minister Fathi Bashagha. "
        "They met at the tomb of the late King Hussein."
    )
    (title, _, qualifier, current), *_ = _roles(g, "Fathi Bashagha")
    assert title == "former interior minister" and qualifier == "former" and current is False


def test_then_and_acting_give_time_bounds(extract):
    g = extract(
        "Protesters stormed the office of the then-President Omar al-Bashir. "
        "Army chief Abdel Fattah al-Burhan has been sworn in as acting president."
    )
    assert any(q == "then" and c is False for _, _, q, c in _roles(g, "Omar al-Bashir"))
    assert ("acting president", None, "acting", True) in _roles(g, "Abdel Fattah al-Burhan")


def test_resigned_as_gives_the_role(extract):
    g = extract("Imran Khan resigned as prime minister of Pakistan after losing a confidence vote.")
    titles = [t for t, *_ in _roles(g, "Imran Khan")]
    assert "prime minister of Pakistan" in titles


def test_predicate_nominative_after_the_name(extract):
    g = extract(
        "Sami Haddad, who rose quickly through the ranks of the movement, is a senior adviser to the council."
    )
    assert any("adviser" in t for t, *_ in _roles(g, "Sami Haddad"))


def test_a_title_of_someone_else_is_not_given(extract):
    g = extract("Ahmed Saleh met the commander of the Quds Force in Tehran on Sunday.")
    assert _roles(g, "Ahmed Saleh") == []


def test_a_listed_second_person_does_not_lend_a_title(extract):
    g = extract("The army chief, Khalid Omar, and the cleric Yasin Nouri demanded elections.")
    titles = [t for t, *_ in _roles(g, "Khalid Omar")]
    assert "cleric" not in " ".join(titles)


def test_resident_of_and_number_two_are_roles(extract):
    g = extract(
        "Karim Haddad, a resident of Homs's old quarter, said the shelling lasted all night. "
        "Hamas number two Mahmoud Zahar said on Tuesday that the group would respond."
    )
    assert any(t.startswith("resident of") for t, *_ in _roles(g, "Karim Haddad"))
    assert any("number two" in t for t, *_ in _roles(g, "Mahmoud Zahar"))


def test_now_ousted_and_resignation_as(extract):
    g = extract(
        "The now-ousted president Ashraf Ghani fled the country. "
        "Nawaz Sharif announced his resignation as prime minister of Pakistan on Friday."
    )
    assert any("ousted" in (q or "") and c is False for _, _, q, c in _roles(g, "Ashraf Ghani"))
    assert any("prime minister of Pakistan" in t for t, *_ in _roles(g, "Nawaz Sharif"))


def test_apposition_before_a_name_with_abbreviated_ranks_and_an_agent_body(extract):
    g = extract(
        "For its part, the spokesman of the coalition forces, Brig. Gen. Saleh al-Harbi, said the "
        "coalition had not flown over the port."
    )
    assert ("spokesman of the coalition forces", "coalition forces", None, None) in _roles(
        g, "Saleh al-Harbi"
    )
    assert not [e for e in g.entities if e.name == "spokesman"]  # the title of the named man, no agent


def test_a_possessive_gives_the_organisation_not_the_title(extract):
    g = extract(
        "The ruling People's Front rejected the demand. Its deputy secretary, Tareq Hossain Khan, "
        "said the law was clear."
    )
    roles = _roles(g, "Tareq Hossain Khan")
    assert roles and roles[0][0] == "deputy secretary", roles
    assert roles[0][1] is not None and "Front" in roles[0][1]


def test_the_tokenizer_keeps_abbreviated_ranks_whole(nlp):
    doc = nlp("Lt. Col. Omar Said and brig. Ahmed Nur met Capt. Ali Farah.")
    words = [t.text for t in doc]
    assert {"Lt.", "Col.", "brig.", "Capt."} <= set(words)
    assert len(list(doc.sents)) == 1

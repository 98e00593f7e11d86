"""agents: generic and collective actors as agent entities with a sector and a country, on
sentences written for these tests."""

from __future__ import annotations

import pytest

from newsgraph.errors import LexiconError
from newsgraph.sectors import agent_dictionary


def _agents(graph):
    return {e.name: e for e in graph.entities if e.kind == "agent"}


# (sentence, agent name, sector, country)
CASES = [
    ("Chadian soldiers crossed the border near Adre on Monday.", "Chadian soldiers", "MIL", "TCD"),
    ("Kenyan police fired tear gas at the crowd in Nairobi.", "Kenyan police", "COP", "KEN"),
    ("Gunmen stormed a village in Zamfara state overnight.", "Gunmen", "UAF", None),
    ("Iraqi security forces raided a house in Mosul.", "Iraqi security forces", "COP", "IRQ"),
    ("Rebels seized the road to the airport, residents said.", "Rebels", "REB", None),
    ("The junta in Niger expelled the French ambassador.", "junta", "MIL", "NER"),
    ("Lebanese protesters blocked the highway to Beirut airport.", "Lebanese protesters", "OPP", "LBN"),
    ("Doctors at the hospital in Gaza said supplies had run out.", "Doctors", "MED", None),
    ("Two journalists were detained in Cairo.", "journalists", "JRN", "EGY"),  # the capital's state
]


@pytest.mark.parametrize(("text", "name", "sector", "country"), CASES)
def test_agent_with_sector_and_country(extract, text, name, sector, country):
    agents = _agents(extract(text))
    assert name in agents, f"agents found: {sorted(agents)}"
    assert agents[name].sector == sector
    assert agents[name].country == country
    assert agents[name].type == "AGENT"


def test_a_bare_agent_takes_the_country_of_the_same_term_before_it(extract):
    g = extract("Chadian soldiers entered Darfur on Monday. The soldiers withdrew on Tuesday.")
    soldiers = [e for e in g.entities if e.kind == "agent" and e.sector == "MIL"]
    assert len(soldiers) == 1 and soldiers[0].country == "TCD"
    assert soldiers[0].name == "Chadian soldiers"
    # the demonym stays the token of its own entity: the agent's mentions are its own words
    assert [m.text for m in soldiers[0].mentions] == ["soldiers", "soldiers"]


def test_a_bare_agent_takes_the_datelines_state(extract):
    g = extract("KHARTOUM (Reuters) - Police arrested 12 students on Sunday.")
    police = next(e for e in g.entities if e.kind == "agent" and e.sector == "COP")
    assert police.country == "SDN"


def test_a_title_before_a_name_is_no_agent(extract):
    g = extract("Police chief Ahmed Saleh said the road was open.")
    assert not [e for e in g.entities if e.kind == "agent"]


def test_an_apposition_of_a_name_is_no_agent(extract):
    g = extract("Hadi al-Amiri, the commander of the Badr militia, met the envoy.")
    assert "commander" not in {m.text for e in g.entities if e.kind == "agent" for m in e.mentions}


def test_the_members_of_a_named_group_are_the_group(extract):
    g = extract("Hezbollah fighters fired rockets at the border town.")
    assert "Hezbollah fighters" not in _agents(g)


def test_a_partitive_head_stands_for_its_complement(extract):
    agents = _agents(extract("Thousands of protesters marched through Tunis on Friday."))
    assert "protesters" in agents and "Thousands" not in agents


def test_each_indefinite_group_of_people_is_its_own_agent(extract):
    g = extract("Five people were killed in Gao. Three people were wounded in Kidal.")
    people = [e for e in g.entities if e.kind == "agent" and e.sector == "CVL"]
    assert len(people) == 2


def test_named_states_and_demonyms_carry_their_iso_code(extract):
    g = extract("Iranian officials met the Iraqi prime minister in Baghdad, Iraq.")
    by_name = {e.name: e for e in g.entities}
    assert by_name["Iraq"].country == "IRQ"
    assert by_name["Iranian"].country == "IRN"


def test_a_user_dictionary_adds_terms_and_changes_sectors(tmp_path):
    path = tmp_path / "agents.yaml"
    path.write_text(
        "sectors:\n  SET: settlers\nagents:\n  SET:\n    individual: [settler, settlers]\n"
        "  CVL:\n    individual: [gunmen]\n",
        encoding="utf-8",
    )
    d = agent_dictionary(str(path))
    assert d.match(["settlers"], "settler")[0].sector == "SET"
    assert d.match(["gunmen"], "gunman")[0].sector == "CVL"
    assert d.match(["gunman"], "gunman")[0].sector == "UAF"  # the user gave the plural only
    assert agent_dictionary().match(["gunmen"], "gunman")[0].sector == "UAF"


def test_a_broken_user_dictionary_names_its_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("agents:\n  NOPE:\n    individual: [x]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.yaml"):
        agent_dictionary(str(path))

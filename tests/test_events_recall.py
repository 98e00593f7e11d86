"""Events the parse hides (issue 12): the missing subject of a passive, an -ing word the tagger
takes for a verb, who is made or who resorts to act, a passive that carries an event noun; the
events beside a riot; one event told by a verb and its instrument; and the words that look like
triggers but tell no event (a reservation, an accident, "it struck him", "instead of", a month
name, a foiled attack). Sentences written for these tests, in normal and in lower case."""

from __future__ import annotations

import pytest

from tests.event_helpers import asserted, both, both_with, shown


def _names(g, ids):
    by_id = {e.id: e for e in g.entities}
    return {n.lower() for i in ids for n in (by_id[i].name, *by_id[i].aliases)}


@pytest.mark.parametrize(
    ("text", "target"),
    both_with(
        [
            ("About 28 activists were stopped near Ayodhya and were arrested.", "activists"),
            ("Fifteen workers trying to enforce the bandh in Patna were arrested.", "workers"),
            ("The gunmen attacked the checkpoint and were later arrested by the police.", "gunmen"),
            ("Six youths were caught near the station and were detained in Anand.", "youths"),
            ("Forty volunteers trying to board the train were detained at Agra.", "volunteers"),
        ]
    ),
)
def test_a_passive_without_its_own_subject_takes_the_shared_one_as_target(extract, text, target):
    g = extract(text, published="2002-03-10")
    coerced = asserted(g, ("COERCE",))
    assert coerced, shown(g)
    assert any(target in _names(g, v.targets) for v in coerced), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Police say 125 persons have died in police firing.",
            "Two men were injured in firing by the police in Anand.",
            "Police had to resort to firing in Shinor to control the mob.",
            "The mobs indulged in rioting, forcing the police to open fire in Baroda.",
            "The police resorted to firing to disperse the crowd in Anand.",
        ]
    ),
)
def test_police_firing_told_by_a_gerund_or_a_control_verb_has_the_police_as_actor(extract, text):
    g = extract(text, published="2002-03-10")
    assault = asserted(g, ("ASSAULT",))
    assert any("police" in _names(g, v.actors) for v in assault), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Three men were killed in police firing in Surat.",
            "Gunmen attacked a bus near Kano on Monday, killing four passengers.",
            "Police opened fire on the mob, killing one and injuring eight.",
            "Two men died in police firing in Baroda.",
            "Troops shelled the village near Adre, killing six civilians.",
        ]
    ),
)
def test_an_event_and_its_result_are_one_event(extract, text):
    g = extract(text, published="2002-03-10")
    assert len(asserted(g, ("ASSAULT",))) == 1, shown(g)


@pytest.mark.parametrize(
    ("text", "etype"),
    both_with(
        [
            ("Three people were killed in the riots in Baroda on Sunday.", "ASSAULT"),
            ("In the 1985 riots, Julio Ribeiro arrested five Congress leaders in Ahmedabad.", "COERCE"),
            ("Two men were stabbed in the clashes between rival groups in Surat.", "ASSAULT"),
            ("Ten students were detained during the protest in Patna.", "COERCE"),
            ("A trader was shot dead during the riots in Vadodara.", "ASSAULT"),
        ]
    ),
)
def test_a_killing_or_an_arrest_beside_a_riot_is_an_event_of_its_own(extract, text, etype):
    g = extract(text, published="2002-03-10")
    assert asserted(g, (etype,)), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Curfew was imposed in Anand by the district police on Sunday.",
            "Curfew has been imposed near the railway station area in Anand town.",
            "The Vadodara police clamped curfew in Chhota Udaipur on Saturday.",
            "A few preventive arrests were made by the police in Surat.",
            "Indefinite curfew was clamped in Godhra on Wednesday.",
        ]
    ),
)
def test_an_event_noun_carried_by_a_passive_or_clamped_is_coded(extract, text):
    g = extract(text, published="2002-03-10")
    assert asserted(g, ("COERCE",)), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "Instead of shooting the messenger, the government should restore calm in Gujarat.",
            "Rather than arresting the protesters, the police escorted them home in Pune.",
            "Police foiled an attack on the temple in Jammu on Sunday.",
            "The bombing of the bridge near Goma was thwarted by the army.",
            "Not a single shop was looted in Navi Mumbai, nor a single person killed.",
        ]
    ),
)
def test_an_event_put_aside_or_foiled_is_negated(extract, text):
    g = extract(text, published="2002-03-10")
    assert not asserted(g), shown(g)


@pytest.mark.parametrize(
    "text",
    both(
        [
            "The two coaches, which were booked for the pilgrims, left Ayodhya empty.",
            "He booked a flight to Delhi on Monday.",
            "A constable was killed in a road accident near Patna.",
            "It has not struck him that the exams may be delayed in Surat.",
            "The party nominated Balayogi to beat the deadline for nominations.",
            "The VHP gave a call for a bandh in Gujarat on March 1.",
        ]
    ),
)
def test_a_trigger_word_in_another_sense_codes_no_force(extract, text):
    g = extract(text, published="2002-03-10")
    assert not asserted(g, ("ASSAULT", "COERCE", "MOBILIZE")), shown(g)


@pytest.mark.parametrize(
    ("text", "etype"),
    both_with(
        [
            ("Sixty people were booked under POTO in Godhra.", "COERCE"),
            ("A constable was killed by gunmen near Patna.", "ASSAULT"),
            ("The army struck the rebel camp near Goma on Monday.", "ASSAULT"),
            ("Police shot dead two men in Surat, instead of the leader Ravi Shah.", "ASSAULT"),
            ("Troops marched on the town of Adre in March.", "MOBILIZE"),
        ]
    ),
)
def test_the_event_sense_of_those_words_stays(extract, text, etype):
    g = extract(text, published="2002-03-10")
    assert asserted(g, (etype,)), shown(g)


def test_an_articles_output_does_not_depend_on_what_the_process_read_before():
    # the truecaser's vocabulary is the model's, taken when the pipeline is built: it was taken at
    # the first lower-case article, with the words of every article read before it, so an article
    # came out with other names (and events) after other articles than alone
    from newsgraph.export.document import document_dict
    from newsgraph.model import Article
    from newsgraph.nlp import load_pipeline
    from newsgraph.pipeline import extract_graph

    def run(nlp, text):
        return document_dict(extract_graph(Article(id="t1", text=text, published=None), nlp))

    # words of English the small model's vocabulary lacks ("gory", "valour")
    text = "baroda: the gory attack on the exchange showed the valour of the watchman, the police said."
    other = "surat: traders of the old city met the collector of surat on sunday."
    first = load_pipeline.__wrapped__()  # two fresh pipelines, not the session's cached one
    alone = run(first, text)
    second = load_pipeline.__wrapped__()
    run(second, other)
    assert run(second, text) == alone

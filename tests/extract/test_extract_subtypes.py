"""Sub-event types where an explosion, a shell or a seizure sits beside a fight: ACLED
codes the fight. Sentences of our own, written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from veille.extract import Article, extract

DAY = dt.date(2024, 6, 20)


def sub_type(text: str, lang: str = "en") -> str | None:
    events = extract(Article("t", text, DAY, lang, None, None, "MLI"), model="").events
    return events[0].sub_event_type if events else None


@pytest.mark.parametrize("text, sub", [
    # an explosion that opens a fight
    ("Militants ambushed an army convoy near Boni; the ambush began with a roadside bomb followed by small arms fire.",
     "Armed clash"),
    ("On Monday rebels carried out a complex ambush on a gendarmerie patrol near Douentza, killing two gendarmes.",
     "Armed clash"),
    ("Two soldiers were killed in a mine explosion and subsequent ambush near Tessit.", "Armed clash"),
    # an explosion alone stays one
    ("An army truck was struck by an IED near Tessit on Monday, killing two soldiers.", "Remote explosive/landmine/IED"),
    ("A truck carrying building materials hit a landmine near Tessit, killing the driver.",
     "Remote explosive/landmine/IED"),
    # explosives among the spoils of a fight
    ("Soldiers killed four militants near Tessit and seized motorbikes, rifles and explosives.", "Armed clash"),
    # shells and a fight on the ground
    ("Militants fired rockets at the army camp in Tessit, then exchanged gunfire with the soldiers.", "Armed clash"),
    ("Militants fired three mortar shells at the army camp in Tessit overnight; no one was hurt.",
     "Shelling/artillery/missile attack"),
    # weapons seized from those killed in a fight
    ("Gendarmes killed three bandits near Tessit and seized their rifles.", "Armed clash"),
    ("Gendarmes seized a cache of rifles and ammunition in a hut near Tessit.", "Disrupted weapons use"),
])
def test_a_fight_beside_explosives_shells_or_seizures_is_an_armed_clash(text, sub):
    assert sub_type(text) == sub


@pytest.mark.parametrize("text, sub", [
    ("On Monday militants abducted three militiamen near the well of Tessit.", "Armed clash"),
    ("Four soldiers were kidnapped by rebels at a checkpoint near Tessit on Monday.", "Armed clash"),
    # civilians, an off-duty officer, or those abducted and found dead
    ("On Monday militants abducted three traders near the well of Tessit.", "Abduction/forced disappearance"),
    ("On Monday militants abducted an off-duty policeman near Tessit.", "Abduction/forced disappearance"),
    ("A herder was abducted by militants near Tessit on Monday. He was later found dead.", "Attack"),
])
def test_fighters_taken_captive_are_a_battle(text, sub):
    assert sub_type(text) == sub


@pytest.mark.parametrize("text, sub", [
    ("On Monday residents of Tessit protested against the water cuts, blocking the main road.", "Violent demonstration"),
    ("On Monday angry protesters stormed the town hall in Tessit.", "Violent demonstration"),
    ("On Monday soldiers in Tessit protested over unpaid bonuses and fired shots into the air.", "Violent demonstration"),
    ("On Monday students in Tessit protested against the exam calendar.", "Peaceful protest"),
])
def test_a_protest_that_blocks_roads_storms_or_fires_is_violent(text, sub):
    assert sub_type(text) == sub


@pytest.mark.parametrize("text, sub", [
    ("On Monday the army launched Operation Sirocco in the north to secure the gold mines.", "Change to group/activity"),
    ("On Monday the governor declared a nightly curfew in Tessit after the market fire.", "Change to group/activity"),
    ("On Monday the government extended the state of emergency in the Tessit region by three months.",
     "Change to group/activity"),
    ("On Monday the prefect imposed a ban on motorbikes in three communes around Tessit.", "Change to group/activity"),
    ("On Monday militants gave the residents of Tessit a 48-hour ultimatum to leave.", "Other"),
])
def test_strategic_developments_told_in_one_clause_are_events(text, sub):
    assert sub_type(text) == sub



def test_researchers_on_strike_are_no_analysis_piece():
    assert sub_type("On Monday teachers and researchers across the country began observing a 72-hour strike.") == "Peaceful protest"


def test_what_researchers_say_is_still_analysis():
    events = extract(Article("t", "Researchers say attacks on schools rose sharply in the north.", DAY, "en", None, None, "MLI"),
                     model="").events
    assert events == []


@pytest.mark.parametrize("text, sub", [
    ("On Monday militants opened fire in the market of Tessit and gendarmes responded; no one was hurt.", "Armed clash"),
    ("On Monday bandits raided a hamlet near Tessit and the villagers fended off the attack.", "Armed clash"),
    ("On Monday the army reportedly killed fifteen suspected JNIM and/or ISGS militants near Tessit.", "Armed clash"),
    ("On Monday bandits raided a hamlet near Tessit and shot dead two farmers.", "Attack"),
])
def test_defenders_who_answer_an_attack_make_it_a_battle(text, sub):
    assert sub_type(text) == sub


@pytest.mark.parametrize("text, sub", [
    # people killed unarmed, whoever killed them, are attacked
    ("On Monday soldiers executed seven unarmed herders near Boni during a sweep operation.", "Attack"),
    # the sides hit are read outside the clause the violence answered
    ("On Monday soldiers killed two civilians in Sokolo, believed to be reprisals for an attack on the gendarmerie camp.",
     "Attack"),
    # one militia leader shot dead is a person targeted
    ("On Monday militants shot dead the Dozo chief of a village near Djenne.", "Attack"),
    # the attackers named after the victims, past a comma, were not hit
    ("On Monday gunmen attacked a bus and killed the driver, the attackers then seized the cattle.", "Attack"),
    # communities that fight each other are an armed clash; their violence as background is not
    ("On Monday four people were killed in a land dispute between herders and farmers near Niono.", "Armed clash"),
    ("On Monday gunmen killed six traders near Macina, an attack believed related to recent ethnic violence in the area.",
     "Attack"),
    # armed men, commanders and guards killed: two armed sides
    ("On Monday soldiers shot dead two armed youths near Dioungani.", "Armed clash"),
    ("On Monday a gunman shot dead a military guard in front of a bank in Sevare.", "Armed clash"),
])
def test_attack_or_armed_clash_by_who_was_hit(text, sub):
    assert sub_type(text) == sub


@pytest.mark.parametrize("text, sub", [
    ("On Monday gunmen abducted two teachers near Douentza; both were beaten before they were freed.", "Attack"),
    ("On Monday gunmen attacked a village near Douentza, killing two men and abducting another.", "Attack"),
    ("On Monday gunmen abducted two teachers near Douentza.", "Abduction/forced disappearance"),
])
def test_an_abduction_with_people_hurt_or_killed_is_an_attack(text, sub):
    assert sub_type(text) == sub

"""Reporting habits of regional wires and weekly notes: nested unit names, villages the
gazetteer lacks, kidnappers named after the fact, tolls revised from an earlier note,
property destroyed with "no victims". Sentences of our own, written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from veille.extract import Article, extract
from veille.extract.places import find_mentions, resolve
from veille.extract.text import sentences

DAY = dt.date(2023, 9, 18)


def events(text: str, country: str | None = None, day: dt.date = DAY, lang: str = "fr"):
    return extract(Article("t", text, day, lang, None, None, country), model="").events


def _resolve(text: str):
    sents, _ = sentences(text)
    mentions = [m for s in sents for m in find_mentions(s)]
    return mentions, resolve(mentions, mentions, preferred_sentences=(0,))


def test_a_region_named_after_its_cercle_is_the_region_not_its_town():
    _, loc = _resolve("Une frappe a visé des combattants près du village de Kassoumbara "
                      "(cercle de Niafunké, région de Tombouctou).")
    assert (loc.admin1, loc.admin2, loc.location, loc.geo_precision) == ("Tombouctou", "Niafunké", "Kassoumbara", 2)


def test_every_town_after_a_word_of_flight_is_a_destination():
    mentions, _ = _resolve("Des familles ont fui vers Ténenkou et Mopti.")
    assert {m.surface: m.role for m in mentions if m.candidates} == {"Ténenkou": "destination", "Mopti": "destination"}


def test_a_village_of_three_words_keeps_its_middle_word():
    mentions, loc = _resolve("Une bande a emporté du bétail au village de Garin Maï Zaki, "
                             "dans le département voisin de Guidan Roumdji.")
    assert [m.surface for m in mentions if m.unknown] == ["Garin Maï Zaki"]
    assert (loc.admin2, loc.location) == ("Guidan Roumdji", "Garin Maï Zaki")


def test_the_day_before_another_band_stole_cattle_is_a_second_event():
    found = events("Neuf personnes ont été enlevées dans la nuit de samedi à dimanche par des bandits armés à "
                   "Dan Issa, dans le département de Madarounfa.\n\nLa veille, une autre bande avait emporté une "
                   "soixantaine de têtes de bétail au village de Garin Maï Zaki, dans le département voisin de "
                   "Guidan Roumdji. Aucune victime n'a été signalée.", day=dt.date(2020, 2, 11))
    assert [(e.sub_event_type, e.event_date, e.admin2) for e in found] == [
        ("Abduction/forced disappearance", dt.date(2020, 2, 8), "Madarounfa"),
        ("Looting/property destruction", dt.date(2020, 2, 7), "Guidan Roumdji")]


def test_kidnappers_named_later_start_no_event_and_name_the_perpetrator():
    found = events("Des hommes armés ont emmené le chef du village et deux cultivateurs samedi à Kompa, dans la "
                   "commune de Karimama.\n\nLes ravisseurs n'avaient toujours pas pris contact avec les familles "
                   "mardi. Les ravisseurs seraient des membres du JNIM.", "BEN")
    assert [(e.sub_event_type, e.event_date, e.actor1) for e in found] == [
        ("Abduction/forced disappearance", dt.date(2023, 9, 16), "jnim")]


def test_a_toll_revised_from_an_earlier_note_is_no_new_event():
    found = events("Le mercredi 13 septembre, des hommes armés ont enlevé le chef du village de Tagabati, dans le "
                   "département d'Abala.\n\nPOUR MÉMOIRE\nL'attaque du 4 septembre contre le poste de Tongomayel, "
                   "signalée dans notre note précédente, aurait finalement fait 17 morts et non 12.", "NER")
    assert [(e.event_date, e.admin2, e.fatalities or 0) for e in found] == [(dt.date(2023, 9, 13), "Abala", 0)]


def test_property_burnt_with_no_victims_is_looting_but_a_village_attacked_is_an_attack():
    burnt = events("Lundi, des hommes armés sont revenus à Kompa, dans la commune de Karimama, où ils ont incendié "
                   "trois greniers et emporté une quarantaine de têtes de bétail. Aucune victime n'a été signalée.", "BEN")
    assert [(e.sub_event_type, e.fatalities) for e in burnt] == [("Looting/property destruction", 0)]
    attacked = extract(Article("t", "On 16 July 2020, suspected militiamen attacked the village of Orokamba "
                               "(Koro, Mopti), and seized livestock. No casualties reported.", dt.date(2020, 7, 20), "en", None, None, "MLI"),
                       model="").events
    assert [e.sub_event_type for e in attacked] == ["Attack"]


def test_a_toll_raised_to_a_number_of_the_dead_includes_the_wounded_who_died():
    from veille.extract.fatalities import count

    # the count before its noun ("raised to 12 the number of"), in both languages
    assert count(["the army has raised to 12 the number of gendarmes killed in the raid on the post."]).total == 12
    assert count(["l etat major a porte a 12 le nombre de gendarmes tues lors de l assaut."]).total == 12
    # a later sentence saying some of the wounded since died explains the raise: not more dead
    sentences = ["a first statement put the toll at 9 soldiers killed.",
                 "the toll has been raised to 12 soldiers killed.",
                 "3 of the 20 wounded had since died in hospital."]
    assert count(sentences).total == 12
    # without a revised toll, the wounded who died add to it
    assert count(["9 soldiers were killed in the attack.", "2 of the wounded later died in hospital."]).total == 11


def test_last_november_is_a_month_of_last_year_and_the_last_march_is_none():
    from veille.extract.dates import find_dates

    day = dt.date(2023, 3, 17)
    assert [(d.date, d.precision, d.old) for d in find_dates("last november, five people were killed", day)] \
        == [(dt.date(2022, 11, 15), 3, True)]
    assert find_dates("the last march of the season ended in the square", day) == []


def test_background_after_the_report_is_not_part_of_the_event():
    text = ("Gunmen killed at least eight people in an overnight raid on a village in the north, the latest in a "
            "string of attacks blamed on Islamist militants. The attackers struck Mandouri late on Tuesday.\n\n"
            "Attacks in the north have risen since late 2021, when militants first struck army posts along the "
            "border. Last November, five people were killed in a raid on another hamlet of the prefecture.")
    found = events(text, "TGO", dt.date(2023, 3, 17), "en")
    assert [(e.location, e.fatalities, e.actor1) for e in found] == [("Mandouri", 8, "unidentified-armed-group-tgo")]


def test_civilians_killed_when_gunmen_attacked_is_an_attack_not_a_clash():
    from veille.extract import types

    text = "the toll rose to 24 civilians killed when gunmen on motorcycles attacked a village on monday."
    kind = types.classify(types.triggers(text), text)
    assert (kind.sub_event_type, kind.why) == ("Attack", "violence against civilians")


def test_a_digest_with_key_judgements_reports_each_event_once():
    text = ("WEEKLY SECURITY DIGEST\nRisk Monitor, analysis desk, Accra.\n\nKEY JUDGEMENTS\n"
            "- IS Sahel claimed an ambush in western Tillabéri.\n- Benin: another IED strike in the north.\n\n"
            "NIGER\nOn Thursday, an army convoy was ambushed near Téra. The ministry said 7 soldiers were killed. "
            "IS Sahel claimed the ambush, asserting it had killed 20 apostates.\n\n"
            "BENIN\nOn Wednesday, an army pick-up struck an explosive device near Tanguiéta; two soldiers died.")
    found = events(text, None, dt.date(2022, 5, 16), "en")
    assert [(e.event_date, e.sub_event_type, e.fatalities) for e in found] == [
        (dt.date(2022, 5, 12), "Armed clash", 7), (dt.date(2022, 5, 11), "Remote explosive/landmine/IED", 2)]


def test_a_brief_under_subheadings_dates_and_places_each_event_by_its_subheading():
    text = ("SECURITY BRIEF\n\nOVERVIEW A busy week, with a claimed attack near Niono and a raid in Bankass cercle.\n\n"
            "MALI\nSégou region, Niono cercle — Tuesday. Militants attacked an army checkpoint near Niono. The army said "
            "four soldiers were killed.\nJNIM claimed the attack through its media outlet on Wednesday.\n\n"
            "Mopti region, Bankass cercle — Thursday. Unidentified gunmen attacked the hamlet of Sinda-Peulh, "
            "killing nine civilians.")
    found = events(text, None, dt.date(2020, 9, 28), "en")
    assert [(e.event_date, e.admin2, e.location, e.actor1, e.fatalities) for e in found] == [
        (dt.date(2020, 9, 22), "Niono", "Niono", "jnim", 4),
        (dt.date(2020, 9, 24), "Bankass", "Sinda-Peulh", "unidentified-armed-group-mli", 9)]


def test_no_group_claimed_leaves_a_group_active_nearby_unblamed():
    text = ("A roadside bomb killed eleven soldiers outside Djibo on Tuesday.\n\nThe army did not comment. No group has "
            "claimed the blast, but fighters linked to al Qaeda's Sahel branch, JNIM, have encircled Djibo for more "
            "than a year, planting mines on the roads.")
    found = events(text, None, dt.date(2023, 9, 14), "en")
    assert [e.actor1 for e in found] == ["unidentified-armed-group-bfa"]


def test_a_rights_report_tells_each_village_under_its_own_subheading():
    text = ("Soldiers summarily executed at least 15 men in two villages of Soum province in April, a rights group "
            "said today.\n\nKOUTOUGOU, 14 APRIL\nAt about 10 a.m. on Sunday April 14, a column of vehicles entered "
            "Koutougou, witnesses said. Soldiers gathered the men at the well.\nVillagers found 9 bodies the same "
            "afternoon.\n\nNASSOUMBOU, 21 APRIL\nA week later soldiers returned and stopped at Nassoumbou. They shot "
            "dead six men.\n\nThe January killings at Yirgou, in Centre-Nord region, have deepened fears.")
    found = events(text, "BFA", dt.date(2019, 5, 6), "en")
    assert [(e.event_date, e.fatalities) for e in found] == [(dt.date(2019, 4, 14), 9), (dt.date(2019, 4, 21), 6)]


def test_numbered_incidents_of_a_maritime_report_are_one_event_each():
    from veille.extract.text import sentences as split

    text = ("INCIDENTS\n\n1. 14 FEB 2021, approx. 0130 - LOME ANCHORAGE, TOGO\nA tanker was boarded by eight armed "
            "pirates off Lomé. The pirates kidnapped six crew members.\n\n2. 16 FEB 2021, approx. 2300 - OFF SEME, "
            "BENIN\nA Benin Navy patrol boat came under fire from armed men off Cotonou. Two pirates were killed.")
    assert [s.text[:10] for s in split(text)[0]][:2] == ["INCIDENTS", "1. 14 FEB "]
    found = events(text, None, dt.date(2021, 2, 19), "en")
    assert [(e.event_date, e.country_iso3, e.sub_event_type, e.fatalities or 0) for e in found] == [
        (dt.date(2021, 2, 14), "TGO", "Abduction/forced disappearance", 0),
        (dt.date(2021, 2, 16), "BEN", "Armed clash", 2)]


def test_a_massacre_told_beside_a_vote_is_still_reported():
    text = ("Gunmen killed 36 civilians at a market in Sanmatenga province on Monday, a day before lawmakers voted "
            "to arm volunteers.\n\nAttacks have killed more than 1,800 people in 2019, according to United Nations figures.")
    found = events(text, "BFA", dt.date(2020, 1, 23), "en")
    assert [(e.event_date, e.fatalities) for e in found] == [(dt.date(2020, 1, 20), 36)]


def test_villages_placed_by_a_unit_after_them_or_as_a_suburb():
    for text, place, village in [
        ("Armed men abducted two farmers near Bourgniéssou, Tanguiéta commune (Atacora).", "Tanguieta", "Bourgniéssou"),
        ("A truck struck a device near Bensékou (Kandi commune, Alibori).", "Kandi", "Bensékou"),
        ("A motorcycle hit an explosive device near Mansila, also in Yagha province.", "Yagha", "Mansila"),
        ("Armed men opened fire on an army post near Niellé, in the department of Ouangolodougou.", "Ouangolodougou",
         "Niellé"),
    ]:
        _, loc = _resolve(text)
        assert (loc.admin2, loc.location) == (place, village), text
    _, loc = _resolve("Two men were shot dead at Natinga, a suburb of Bawku, on Monday night.")
    assert (loc.admin1, loc.location) == ("Upper East", "Natinga")


def test_an_old_attack_on_a_sunday_and_an_analysts_paragraph_are_no_events():
    text = ("Gunmen killed eleven soldiers at an army position in Dablo on Monday, the army said.\n\n"
            "Dablo has been targeted repeatedly; in 2019 gunmen attacked a church there during Sunday mass.\n\n"
            "Assessment: the army is consolidating around Kidal, recaptured in November.")
    found = events(text, "BFA", dt.date(2022, 8, 17), "en")
    assert [(e.event_date, e.fatalities) for e in found] == [(dt.date(2022, 8, 15), 11)]


def test_a_name_known_only_as_an_alternate_points_weakly_at_its_country():
    from veille.extract.places import country_prior

    mentions, _ = _resolve("Supporters of the Yakubu gate set fire to five houses on Saturday.")
    yakubu = [m for m in mentions if m.surface == "Yakubu"]
    assert yakubu and not any(c.primary for c in yakubu[0].candidates)
    assert country_prior(yakubu) == {yakubu[0].candidates[0].country_iso3: 0.3}


def test_the_dateline_points_at_the_country_when_the_names_are_ambiguous():
    text = ("TAMALE, Sept. 16 (GNWA) - One person was killed on Friday when supporters of two rival claimants to "
            "the skin clashed in the Tolon District of the Northern Region. Supporters of the Mahama gate attacked "
            "the palace of the chief, who belongs to the Yakubu gate.")
    found = events(text, None, dt.date(2019, 9, 16), "en")
    assert [(e.country_iso3, e.admin1) for e in found] == [("GHA", "Northern")]


def test_soldiers_and_their_auxiliaries_attacked_together_are_the_army():
    both = ("JNIM attacked an army and volunteer position in Dablo on Monday. Four soldiers and seven members of "
            "the VDP were killed.")
    vdp_first = ("JNIM militants ambushed VDP volunteers near Dablo on Monday. The army intervened in support and "
                 "routed the militants.")
    assert [e.actor2 for e in events(both, "BFA", dt.date(2022, 8, 17), "en")] == ["military-forces-bfa"]
    assert [e.actor2 for e in events(vdp_first, "BFA", dt.date(2022, 8, 17), "en")] == ["vdp-bfa"]


def test_a_date_something_is_scheduled_for_is_not_the_protest_s():
    text = "Opposition supporters marched in Lomé for a fair count in the vote scheduled for 12 May."
    found = events(text, "TGO", dt.date(2024, 4, 20), "en")
    assert [(e.sub_event_type, e.event_date, e.date_precision) for e in found] == [
        ("Peaceful protest", dt.date(2024, 4, 20), 2)]


def test_a_march_on_an_anniversary_is_today_s_march():
    text = "Students held a march in Dapaong to commemorate the anniversary of the killing of a teacher in 2005."
    found = events(text, "TGO", dt.date(2024, 4, 20), "en")
    assert [(e.sub_event_type, e.event_date) for e in found] == [("Peaceful protest", dt.date(2024, 4, 20))]


def test_a_strike_made_to_prevent_a_planned_attack_happened():
    text = "On Tuesday the air force conducted an air raid near Mandouri to prevent a planned attack by militants."
    found = events(text, "TGO", dt.date(2024, 4, 18), "en")
    assert [(e.sub_event_type, e.event_date) for e in found] == [("Air/drone strike", dt.date(2024, 4, 16))]
    assert not events("The army said militants were planning an attack on Mandouri.", "TGO", dt.date(2024, 4, 18), "en")


def test_protesters_kept_from_marching_is_a_protest_with_intervention():
    en = events("On Monday police prevented teachers from marching to the ministry in Kara.", "TGO", dt.date(2024, 4, 18), "en")
    fr = events("Lundi, la police a empêché les enseignants de manifester devant le ministère à Kara.", "TGO",
                dt.date(2024, 4, 18), "fr")
    assert [e.sub_event_type for e in en] == [e.sub_event_type for e in fr] == ["Protest with intervention"]


def test_a_militant_cell_is_no_dead_militant():
    from veille.extract.fatalities import sentence_deaths

    dead, _, _ = sentence_deaths("gendarmes raided a house sheltering a militant cell, 2 militants and a gendarme were killed "
                                 "in the exchange and one militant arrested")
    assert dead == {"armed": 2, "state": 1}


def test_the_wounded_who_succumbed_together_are_counted():
    from veille.extract.fatalities import sentence_deaths

    dead, _, _ = sentence_deaths("2 soldiers and a herder were wounded by the mine, one soldier and the herder "
                                 "succumbed to their wounds")
    assert sum(dead.values()) == 2


def test_a_coder_s_low_estimate_stated_at_length_is_read():
    from veille.extract.fatalities import coder_statement

    text = ("unknown fatalities assessed as low based on the seizure of a single motorbike and the lack of "
            "further detail and coded as 3.")
    assert coder_statement(text, None) == 3


def test_a_hospital_is_a_destination_only_for_someone_taken_there():
    sit_in, _ = _resolve("Nurses at the regional hospital in Dapaong staged a sit-in over unpaid wages.")
    taken, _ = _resolve("Les blessés ont été évacués à l'hôpital de Dapaong.")
    assert [m.role for m in sit_in if m.surface == "Dapaong"] == ["event"]
    assert [m.role for m in taken if m.surface == "Dapaong"] == ["destination"]


def test_a_weak_name_second_in_a_bracketed_pair_is_the_unit():
    _, loc = _resolve("Four people were killed in a land dispute at Kangouéla (Ouo, Comoe).")
    assert (loc.country_iso3, loc.admin1, loc.admin2) == ("BFA", "Cascades", "Comoe")


def test_youths_and_members_of_a_community_killed_by_militants_is_an_attack():
    youths = events("On Monday suspected JNIM militants killed three youths from Tiakou, the assailants also seized "
                    "a tricycle and livestock.", "BFA", dt.date(2022, 8, 17), "en")
    members = events("On Monday IS Sahel militants reportedly killed between 5 and 9 members of the Dawsahak community "
                     "near Ménaka.", "MLI", dt.date(2022, 8, 17), "en")
    assert [(e.sub_event_type, e.actor2) for e in youths] == [("Attack", "civilians-bfa")]
    assert [e.sub_event_type for e in members] == ["Attack"]


def test_an_operation_that_left_militants_bodies_behind_is_a_clash():
    text = ("On Thursday, army units conducted air/ground operations in the area of Kpendjal. Several corpses of suspected "
            "JNIM militants were reportedly left behind.")
    found = events(text, "TGO", dt.date(2024, 4, 19), "en")
    assert [(e.sub_event_type, e.actor2) for e in found] == [("Armed clash", "jnim")]


@pytest.mark.parametrize("text, lang", [
    ("On Monday soldiers shot dead a suspect individual who approached a military position in Nguigmi.", "en"),
    ("On Monday soldiers from the Nguigmi garrison shot dead two unarmed individuals at the market. "
     "Those killed were alleged to be militants.", "en"),
    ("Lundi, des militaires ont abattu deux bergers près de Nguigmi.", "fr"),
])
def test_soldiers_who_kill_people_attack_them(text, lang):
    """Soldiers as the ones who killed, people as the ones killed: an attack by the state, even
    beside a military post or a claim that those killed were militants."""
    found = events(text, "NER", dt.date(2024, 6, 20), lang)
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [("Attack", "military-forces-ner", "civilians-ner")]

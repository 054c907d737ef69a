"""Local and community reporting: monitors' incident forms, decrees, denials, tolls revised
in the same report, rival figures, the one region an article names. Sentences of our own,
written for these tests (not taken from the evaluation sets)."""

from __future__ import annotations

import datetime as dt

import pytest

from veille.extract import Article, extract, fatalities
from veille.extract.numbers import numeric_view
from veille.extract.text import fold, normalize, sentences

DAY = dt.date(2023, 5, 16)


def events(text: str, lang: str = "fr", title: str | None = None, country: str | None = None):
    return extract(Article("t", text, DAY, lang, None, title, country), model="").events


def deaths(text: str, lang: str = "fr") -> dict:
    return fatalities.sentence_deaths(numeric_view(fold(text), lang))[0]


FORM = """FICHE D'INCIDENT - VEILLEUR 7

INCIDENT 1
Date de l'incident: 14/05/2023 vers 9h
Lieu: Koulbouga, hameau de la commune de Tanguieta
Description: une moto de la gendarmerie a saute sur un EEI. 1 gendarme decede, 2 blesses.
Source: temoin
Fiabilite: B

INCIDENT 2
Date de l'incident: 15/05/2023 nuit
Lieu: Wansokou
Description: 3 hommes armes ont enleve un commercant de betail devant sa boutique.
Source: famille
Fiabilite: C
"""


def test_an_incident_form_keeps_one_sentence_per_field_and_one_paragraph_per_form():
    text = normalize(FORM)
    assert "Date de l'incident: 14/05/2023 vers 9h. Lieu: Koulbouga, hameau de la commune de Tanguieta. Description:" in text
    sents, _ = sentences(FORM)
    lieu = next(s for s in sents if s.text.startswith("Lieu: Wansokou"))
    description = next(s for s in sents if s.text.startswith("Description: 3 hommes"))
    assert lieu.paragraph == description.paragraph  # the form's fields read together


def test_each_incident_of_a_form_is_an_event_with_its_own_date_type_and_place():
    found = events(FORM, country="BEN")
    assert [(e.event_date, e.sub_event_type) for e in found] == [
        (dt.date(2023, 5, 14), "Remote explosive/landmine/IED"),
        (dt.date(2023, 5, 15), "Abduction/forced disappearance")]
    assert found[0].fatalities == 1
    assert found[1].location == "Wansokou"  # "Lieu: Wansokou", a village the gazetteer lacks
    assert all(e.country_iso3 == "BEN" for e in found)


def test_a_decree_is_not_an_arrest_and_a_governors_order_is_no_event():
    decree = ("ARRÊTE :\nArticle 1er : La circulation des motos est interdite dans le département de Say.\n"
              "Article 2 : Le présent arrêté sera publié partout où besoin sera.")
    assert events(decree, title="Arrêté portant interdiction de la circulation des motos") == []
    arrested = events("Deux hommes ont été arrêtés mardi à Say par les gendarmes.", country="NER")
    assert [e.sub_event_type for e in arrested] == ["Arrests"]


def test_a_governor_who_denies_an_attack_reports_none():
    text = ("Le Gouverneur de la région de l'Est dément formellement les informations faisant état d'une attaque "
            "contre la ville de Pama. Aucune attaque n'a visé la ville. La situation est sous contrôle.")
    assert events(text, title="Le Gouverneur dément une attaque contre Pama") == []


def test_a_toll_revised_at_the_end_of_a_report_is_the_first_events_toll():
    text = ("Gunmen attacked Nakpanduri market on Monday, killing four traders.\n\n"
            "On Tuesday police arrested six suspects in Nakpanduri.\n\n"
            "As we went to press, the death toll had risen to five after one of the injured died at the "
            "Tamale Teaching Hospital.")
    found = events(text, lang="en", country="GHA")
    assert [e.sub_event_type for e in found] == ["Attack", "Arrests"]
    assert found[0].fatalities == 5
    assert found[0].location != "Tamale"  # where the wounded died is not where the attack was


def test_a_rival_unverified_figure_never_raises_the_toll():
    text = ("Samedi, des hommes armés ont attaqué le campement de Tin-Fadimata. Le bilan est d'au moins onze civils "
            "tués. Certaines sources parlent de vingt morts, mais ce chiffre n'a pas pu être vérifié.")
    assert [e.fatalities for e in events(text, country="MLI")] == [11]


def test_the_french_toll_carried_to_a_new_figure_is_the_latest():
    text = ("Des affrontements entre agriculteurs et éleveurs ont eu lieu samedi à Kalamon. Un premier bilan faisait "
            "état de deux morts. Lundi, deux blessés graves ont succombé, portant le bilan à quatre morts.")
    assert [e.fatalities for e in events(text, country="CIV")] == [4]


@pytest.mark.parametrize("text, expected", [
    ("Des hommes armés ont tué deux civils, un commerçant et son apprenti, sur la route du marché.", 2),
    ("Gunmen killed three people, a teacher, a farmer and a trader, near the school.", 3),
    ("Gunmen killed two soldiers, a civilian and a child near the post.", 4),  # a list, not an apposition
])
def test_victims_named_after_their_count_are_not_counted_twice(text, expected):
    lang = "fr" if text.startswith("Des") else "en"
    assert sum(deaths(text, lang).values()) == expected


def test_a_new_regions_name_is_the_region_of_the_bundled_map():
    text = ("Fighting broke out at Kpandai-Nkwanta, in the East Gonja Municipality of the Savannah Region, on Monday, "
            "leaving three people dead.")
    found = events(text, lang="en")
    assert [(e.country_iso3, e.admin1) for e in found] == [("GHA", "Northern")]


def test_the_one_region_an_article_names_places_its_events_the_gazetteer_lacks():
    text = ("Three people were killed at Kpandai-Nkwanta, in the Savannah Region, on Monday when rival youth "
            "groups exchanged gunfire.\n\nOn Wednesday, suspected youths set fire to twenty houses at the settlement "
            "of Bladjai, near Kpandai-Nkwanta.")
    found = events(text, lang="en")
    assert [(e.sub_event_type, e.admin1) for e in found] == [("Armed clash", "Northern"),
                                                            ("Looting/property destruction", "Northern")]
    assert found[1].location == "Bladjai"


def test_civilians_shot_allegedly_by_soldiers_are_attacked_by_the_army():
    text = ("Two young men were shot dead on Friday evening, allegedly by soldiers enforcing the curfew, near the "
            "Bawku market.")
    found = events(text, lang="en", country="GHA")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [
        ("Attack", "military-forces-gha", "civilians-gha")]


def test_arrests_in_a_sweep_are_arrests_not_a_battle():
    text = ("24/04/2023 - Nano (Tandjoaré) : arrestation de cinq jeunes par des éléments des forces de défense et de "
            "sécurité lors d'une opération de ratissage.")
    assert [e.sub_event_type for e in events(text, country="TGO")] == ["Arrests"]


def test_cattle_stolen_with_shots_in_the_air_and_no_victim_is_looting():
    text = ("Date de l'incident: 07/05/2023. Lieu: Kafolo. Description: vol d'une trentaine de boeufs par 6 hommes "
            "armes, tirs en l'air, pas de victime.")
    assert [e.sub_event_type for e in events(text, country="CIV")] == ["Looting/property destruction"]


def test_a_chief_executive_and_an_appeal_to_lay_down_arms_are_no_killing_and_no_agreement():
    text = ("The Municipal Chief Executive appealed to both communities to lay down their arms. "
            "Police arrested eleven suspects in Kpalbe on Wednesday.")
    assert [e.sub_event_type for e in events(text, lang="en", country="GHA")] == ["Arrests"]


def test_a_commune_named_as_one_outweighs_a_namesake_village_abroad():
    text = ("FLASH - Un commerçant de bétail a été abattu ce matin par des hommes armés à l'entrée de Basso, "
            "commune de Kalalé.")
    found = events(text, title="Un commerçant tué à Basso")
    assert [(e.country_iso3, e.admin2) for e in found] == [("BEN", "Kalale")]


def test_the_islamic_state_named_alone_in_the_sahel_is_its_sahel_province():
    text = ("Dimanche, des combattants du GATIA ont affronté des hommes de l'État islamique près d'Anderamboukane. "
            "Le GATIA déplore deux morts.")
    found = events(text, country="MLI")
    assert found and {found[0].actor1, found[0].actor2} == {"gatia", "is-sahel"}


def test_a_village_said_to_lie_across_the_border_is_in_that_country():
    text = ("Four people have been killed after gunmen attacked a gold-mining site at Tiabré, a community in Burkina "
            "Faso not far from the border with Ghana, on Tuesday night.\n\n"
            "Speaking to Bawku Voice FM this morning, a miner who escaped said the attackers shot at the miners in "
            "their sheds. Two injured persons were brought to the Bawku Presbyterian Hospital.")
    found = extract(Article("t", text, dt.date(2023, 5, 17), "en"), model="").events  # published on a Wednesday
    assert [(e.country_iso3, e.location, e.sub_event_type, e.event_date) for e in found] == [
        ("BFA", "Tiabré", "Attack", dt.date(2023, 5, 16))]
    assert found[0].actor1 == "unidentified-armed-group-bfa"


MONTHLY_LIST = """RELEVÉ MENSUEL DES INCIDENTS - AVRIL 2023
Incidents rapportés par nos points focaux et recoupés auprès d'au moins une autre
source.
03/04/2023 - Axe Bouna-Doropo. Des coupeurs de route armés ont immobilisé un car et
dépouillé les passagers. Un passager qui tentait de s'enfuir a été abattu.
09/04/2023 - Doropo, site d'orpaillage. Un jeune homme accusé d'avoir volé du minerai a
été battu à mort par des orpailleurs.
12/04/2023 - Kalamon. Rumeur d'enlèvement d'un commerçant : information non confirmée.
Pas d'incident.
27/04/2023 - Campement de Lagbo, près de Téhini. Un agriculteur a été tué à coups de
machette par un éleveur peul.
Synthèse : 3 incidents vérifiés, 3 morts.
"""


def test_each_dated_item_of_a_hard_wrapped_list_is_its_own_event_and_the_summary_none():
    found = events(MONTHLY_LIST, country="CIV")
    assert [(e.event_date, e.sub_event_type, e.fatalities) for e in found] == [
        (dt.date(2023, 4, 3), "Attack", 1),
        (dt.date(2023, 4, 9), "Mob violence", 1),
        (dt.date(2023, 4, 27), "Attack", 1)]  # the denied rumour and the month's totals are no events
    assert found[2].actor1 == "fulani-ethnic-militia-civ"  # "par un éleveur peul": the herder's community


def test_a_corrected_post_keeps_the_figure_the_correction_gives():
    text = ("URGENT | Selon nos informations, une attaque aurait visé la commune de Barsalogho ce samedi. On parle "
            "d'une quinzaine de morts. Informations à confirmer.\n\n"
            "MISE À JOUR : l'attaque a visé le hameau de Tangasgo. Des individus armés ont ouvert le feu sur des "
            "cultivateurs. Le bilan est de six civils tués et trois blessés, pris en charge au CMA de Barsalogho.")
    found = events(text, country="BFA")
    assert [(e.sub_event_type, e.fatalities, e.actor1) for e in found] == [
        ("Attack", 6, "unidentified-armed-group-bfa")]  # the CMA is the medical centre


def test_a_local_outlets_town_points_at_the_country_when_the_text_names_none():
    text = ("Le chef du village de Kabé Tégui, dans la commune de Sokorbé, a été enlevé hier soir par des individus "
            "armés arrivés à moto. Les FDS ont lancé des recherches.")
    alone = extract(Article("t", text, DAY, "fr"), model="").events
    assert [(e.sub_event_type, e.country_iso3) for e in alone] == [("Abduction/forced disappearance", None)]
    local = extract(Article("t", text, DAY, "fr", outlet="Radio Gaskiya FM (Loga)"), model="").events
    assert [(e.country_iso3, e.actor1, e.location) for e in local] == [
        ("NER", "unidentified-armed-group-ner", "Kabé Tégui")]
    assert local[0].admin1 is None  # the outlet's town names the country, not the event's region


def test_the_input_contract_reads_an_outlet_and_refuses_one_that_is_not_text():
    from veille.extract.contract import BadRecord, article_from_record

    article = article_from_record({"id": "a", "text": "x", "outlet": "Radio Gaskiya FM (Loga)"})
    assert article.outlet == "Radio Gaskiya FM (Loga)"
    with pytest.raises(BadRecord, match="outlet"):
        article_from_record({"id": "a", "text": "x", "outlet": 12})


def test_a_bulletins_trends_section_reports_no_event():
    text = ("I. INCIDENTS RELEVÉS\n"
            "23/04/2023 - Borgou (préfecture de Kpendjal, Togo) : une patrouille des FAT a sauté sur un EEI. Un (1) "
            "soldat tué, deux (2) blessés.\n"
            "II. TENDANCES\n"
            "- Au Togo, la menace des engins explosifs se confirme dans la préfecture de Kpendjal.\n"
            "- Les enlèvements de commerçants se multiplient.")
    found = events(text)
    assert [(e.event_date, e.sub_event_type, e.fatalities) for e in found] == [
        (dt.date(2023, 4, 23), "Remote explosive/landmine/IED", 1)]


def test_a_week_given_as_a_range_is_its_middle_at_week_precision():
    text = ("4. Semaine du 15 au 21/07/2019 (date exacte non précisée) - Cercle de Douentza, village de Tiguila : vol "
            "d'environ 300 têtes de bétail par des hommes armés. Aucune victime.")
    found = extract(Article("t", text, dt.date(2019, 8, 5), "fr", country="MLI"), model="").events
    assert [(e.event_date, e.date_precision, e.sub_event_type, e.fatalities) for e in found] == [
        (dt.date(2019, 7, 18), 2, "Looting/property destruction", 0)]


@pytest.mark.parametrize("text, lang, expected", [
    ("Un (1) mort et six (6) blessés.", "fr", 1),
    ("Three (3) persons lost their lives and four (4) others sustained gunshot wounds.", "en", 3),
])
def test_numbers_written_twice_count_once(text, lang, expected):
    assert sum(deaths(text, lang).values()) == expected


def test_a_claim_of_last_thursdays_attack_dates_the_attack_and_the_later_toll_stands():
    text = ("JNIM has claimed responsibility for last Thursday's attack on an army position at Monsey, in the Karimama "
            "commune. Local radio first reported four soldiers dead. A military source, speaking to our newspaper on "
            "condition of anonymity on Saturday, put the toll at five soldiers killed and said two of the attackers "
            "had also been killed. Many families had left for Malanville.")
    found = extract(Article("t", text, dt.date(2024, 6, 17), "en", country="BEN"), model="").events
    assert [(e.event_date, e.fatalities, e.actor1, e.location) for e in found] == [
        (dt.date(2024, 6, 13), 7, "jnim", "Monsey")]


def test_robbers_who_block_a_road_commit_a_hold_up_not_a_riot():
    text = ("Around 7pm, armed robbers blocked the road about 6km from Hamile and robbed traders returning from the "
            "market. One trader was shot in the arm.")
    found = events(text, lang="en", country="GHA")
    assert [(e.sub_event_type, e.actor1) for e in found] == [("Attack", "unidentified-armed-group-gha")]


def test_a_toll_carried_to_a_number_of_victims_is_the_latest():
    text = ("Dans la nuit de mardi à mercredi, des hommes armés ont ouvert le feu sur les orpailleurs du site de "
            "Gnangdin. Le premier bilan faisait état de cinq morts. Deux des blessés ont succombé depuis, portant le "
            "nombre de victimes à sept.")
    assert [e.fatalities for e in events(text, country="BFA")] == [7]


def test_militia_hunters_named_in_the_lead_or_as_the_attackers_are_the_perpetrators():
    text = ("The men came just after dawn, wearing the tunics and amulets of the Dozo hunters, survivors say.\n\n"
            "By the time they left Sebbé, a Fulani hamlet of the Bankass cercle, on Sunday, the granaries were burning "
            "and twelve people were dead.\n\n"
            "On Tuesday four herders were killed at Dioura-Peul, in the Koro cercle. Witnesses again identified the "
            "attackers as Dozo hunters. Troops have been deployed to Bankass.")
    found = events(text, lang="en", country="MLI")
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in found] == [
        ("Attack", "dozo-mli", 12), ("Attack", "dozo-mli", 4)]


def test_police_who_say_who_killed_are_a_source_not_the_killers():
    text = "Police in Agogo say suspected Fulani herdsmen shot dead a farmer at Nyamebekyere yesterday afternoon."
    found = events(text, lang="en", country="GHA")
    assert [(e.sub_event_type, e.actor1) for e in found] == [("Attack", "fulani-ethnic-militia-gha")]


def test_a_bulletins_next_item_back_home_is_not_the_foreign_event_and_a_renewed_curfew_is_none():
    text = ("In Burkina Faso, five volunteer fighters were killed on Friday when gunmen attacked their position near "
            "Djibasso, in Kossi province.\n\n"
            "Back home, the Minister for the Interior has renewed the curfew in Bawku for another month.")
    found = extract(Article("t", text, dt.date(2021, 2, 15), "en"), model="").events
    assert [(e.country_iso3, e.admin1, e.sub_event_type) for e in found] == [
        ("BFA", "Boucle du Mouhoun", "Armed clash")]


def test_another_air_raid_is_an_air_strike_and_detonators_seized_are_no_explosion():
    text = ("Le dimanche 5 mars, un autre raid aérien a détruit une base logistique ennemie près de Kelbo, dans la "
            "province du Soum. Une quinzaine de terroristes y ont trouvé la mort.")
    found = extract(Article("t", text, dt.date(2023, 3, 7), "fr", country="BFA"), model="").events
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in found] == [("Air/drone strike", "military-forces-bfa", 15)]
    arrests = ("Police on Friday arrested three men suspected of being members of a jihadist group at Kulungugu, a "
               "border town in the Pusiga District. Items retrieved from them included a bag of detonators.")
    found = events(arrests, lang="en", country="GHA")
    assert [(e.sub_event_type, e.location) for e in found] == [("Arrests", "Kulungugu")]


def test_a_match_report_in_war_words_from_a_sports_outlet_is_no_event():
    text = ("KUMASI – It was a massacre. Ghana's Black Stars tore Togo apart 5-0 at the Baba Yara Stadium on Saturday, "
            "executing their neighbours with ruthless finishing in a friendly.")
    assert extract(Article("t", text, DAY, "en", outlet="Kumasi Sports Herald"), model="").events == []
    assert extract(Article("t", text, DAY, "en"), model="").events == []  # the friendly tells it too


def test_arrests_told_in_their_own_paragraph_after_an_explosion_are_their_own_event():
    text = ("Deux militaires ont été tués mardi lorsque leur véhicule a sauté sur un engin explosif sur la piste "
            "reliant Kafolo à Kong.\n\n"
            "Au cours de la semaine, la gendarmerie a interpellé cinq suspects dans des villages du département de "
            "Kong. Ils ont été transférés à Abidjan.\n\n"
            "C'est la première fois depuis plus d'un an que des militaires sont tués dans le nord du pays. Selon un "
            "chercheur, « les groupes jihadistes évitent l'affrontement ».")
    found = events(text, country="CIV")
    assert [(e.sub_event_type, e.actor1) for e in found] == [
        ("Remote explosive/landmine/IED", "unidentified-armed-group-civ"), ("Arrests", "gendarmerie-civ")]


def test_suspects_with_assault_rifles_sent_to_a_court_elsewhere_are_arrested_where_they_were_held():
    text = ("Vendredi dernier, des éléments de l'opération Mirador ont interpellé sept présumés terroristes à Dassari, "
            "dans la commune de Matéri. Les suspects étaient en possession de deux fusils d'assaut. Ils devraient être "
            "présentés à la CRIET à Porto-Novo.")
    found = events(text, country="BEN")
    assert [(e.sub_event_type, e.admin2) for e in found] == [("Arrests", "Materi")]


@pytest.mark.parametrize("text, expected", [
    ("In Burkina Faso, five members of the Volunteers for the Defence of the Homeland, the VDP, were killed on Friday.", 5),
    ("Several huts were burnt and dozens of cattle were killed or scattered.", 0),
    ("One person from each community was killed.", 2),
    ("Gunmen killed the village chief, the imam and a teacher.", 3),
])
def test_members_of_a_force_cattle_and_each_side_are_counted_as_acled_counts_people(text, expected):
    assert sum(deaths(text, "en").values()) == expected


def test_the_latest_in_a_series_of_attacks_is_still_this_attacks_lead():
    text = ("COTONOU, June 10 (WAWS) – Five Beninese soldiers were killed and seven wounded when militants attacked an "
            "army position near the W National Park on Saturday, the army said on Monday, in the latest in a series "
            "of attacks in the country's far north.\n\n"
            "The attack targeted a position at Kofonou, in the commune of Karimama. JNIM claimed responsibility, "
            "saying its fighters had killed twelve soldiers. The claim could not be independently verified.")
    found = extract(Article("t", text, dt.date(2024, 6, 10), "en"), model="").events
    assert [(e.event_date, e.fatalities, e.actor1, e.admin1) for e in found] == [
        (dt.date(2024, 6, 8), 5, "jnim", "Alibori")]


def test_suspected_fighters_arrested_are_the_armed_group_suspected_helpers_civilians():
    fighters = ("Police on Friday arrested three men suspected of being members of a jihadist group at Kulungugu, a "
                "border town in the Pusiga District.")
    assert [(e.sub_event_type, e.actor2) for e in events(fighters, lang="en", country="GHA")] == [
        ("Arrests", "unidentified-armed-group-gha")]
    helpers = ("La gendarmerie a interpellé quatre personnes soupçonnées d'être des complices des coupeurs de route "
               "à Bouna.")
    assert [(e.sub_event_type, e.actor2) for e in events(helpers, country="CIV")] == [("Arrests", "civilians-civ")]

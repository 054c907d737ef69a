"""Short reports that tell of an event in one clause still give one, with ACLED's
readings of type and count: the rules of issue 4 (event recall on coders' notes).
Sentences of our own, written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from veille.extract import Article, extract

DAY = dt.date(2024, 6, 20)


def events(text: str, published: dt.date = DAY, country: str | None = "BFA"):
    return extract(Article("t", text, published, "en", None, None, country), model="").events


@pytest.mark.parametrize("text, sub", [
    # territory: control won, by the state or by others, with or without a fight
    ("Government troops seized control of the river port after a week of talks.", "Government regains territory"),
    ("The ferry crossing is now under the control of the army, officials said.", "Government regains territory"),
    ("A rebel column entered the market town and took control of it without a fight.",
     "Non-violent transfer of territory"),
    ("Insurgents overran a gendarmerie post in the north.", "Non-state actor overtakes territory"),
    # bombing from the air, explosives set off
    ("Jets bombed a militant hideout in the hills overnight.", "Air/drone strike"),
    ("Two helicopters carried out strikes on a camp by the lake.", "Air/drone strike"),
    ("A bomb maker set off explosives beside a fuel depot at dawn.", "Remote explosive/landmine/IED"),
    # protests told in a few words
    ("A march against the high cost of living took place in Koudougou.", "Peaceful protest"),
    ("Nurses picketed the hospital gate over unpaid bonuses.", "Peaceful protest"),
    ("Bakers went into the streets over the price of flour.", "Peaceful protest"),
    ("Residents marched to the prefecture to demand justice for a teacher who was killed in 2009.", "Peaceful protest"),
    ("Veterans held a vigil on the anniversary of the battle at the old fort.", "Peaceful protest"),
    ("Unpaid soldiers mutinied in the barracks of the town and fired into the air.", "Violent demonstration"),
    ("Dockers began a 3-day strike over pay.", "Peaceful protest"),
    ("Fishermen stage a protest at the harbour.", "Peaceful protest"),
    # wounding without death, abduction, looting, agreements, bases, brawls
    ("Bandits wounded three truck drivers on the highway.", "Attack"),
    ("Masked men led four traders away to an unknown destination.", "Abduction/forced disappearance"),
    ("Militiamen burned the carts of the millers in the hamlet.", "Looting/property destruction"),
    ("Some fighters of the movement laid down their weapons at the prefecture.", "Agreement"),
    ("The army installed a new outpost beside the dam.", "Headquarters or base established"),
    ("Fights between two clans over a well left several people hurt.", "Mob violence"),
    ("The army carried out clearing operations in the forest.", "Armed clash"),
    ("Residents heard heavy fire near the barracks at dawn.", "Armed clash"),
    ("Customs officers seized a stock of firearms in a lorry.", "Disrupted weapons use"),
    ("Bandits seized two boats of the fishing cooperative.", "Looting/property destruction"),
    ("Youths set the town hall and two cars on fire.", "Looting/property destruction"),
    ("Prisoners were subjected to beatings by guards of the camp.", "Attack"),
    # armed men who kill are the attackers, not the ones hit
    ("Two gunmen shot dead a mechanic in his workshop.", "Attack"),
    ("The village pharmacist was killed on his doorstep by two masked assailants.", "Attack"),
    ("Gunmen killed a fisherman and wounded another on the river bank.", "Attack"),
    ("Militants ambushed a bus of traders on the road and killed two passengers.", "Attack"),
    # a fighter hit makes a battle; civilians taken for fighters do not
    ("Jihadists shot dead a hunter of the local self-defence group at the well.", "Armed clash"),
    ("Gunmen exchanged gunfire with soldiers near the bridge before fleeing.", "Armed clash"),
    ("Troops executed five herders they accused of spying for militants.", "Attack"),
    # ACLED codes the violence done to people over the abduction or the looting
    ("Gunmen abducted a shopkeeper at dawn; he was later found dead in a ditch.", "Attack"),
    ("Bandits wounded a cattle trader and kidnapped his two sons.", "Attack"),
    ("Raiders beat the shepherds and stole their goats.", "Attack"),
    ("Raiders attacked the farm and burned the grain stores.", "Looting/property destruction"),
    # someone killed at the protest itself
    ("Traders protested outside the town hall; police opened the road and one protester was killed.",
     "Excessive force against protesters"),
    ("Students marched to the ministry and one of them was shot dead by police.", "Excessive force against protesters"),
])
def test_one_clause_reports_give_one_event(text, sub):
    found = events(text)
    assert [e.sub_event_type for e in found] == [sub]


@pytest.mark.parametrize("text", [
    # cue words in passing that look like non-events but are not
    "On Sunday, soldiers fired warning shots and wounded a man who ran from the checkpoint.",
    "A soldier wounded an elderly man with dementia who ran from the checkpoint.",
    "Armed men kidnapped two players of the local football club as they drove home.",
    "Teachers gathered at the stadium for a sit-in over unpaid wages.",
    "Gunmen burned a school in the village as part of a series of attacks on schools.",
    "A man threw a grenade into a bar where soldiers had been drinking.",
    "Nurses marched to the ministry over unpaid wages and no incidents were reported.",
    "Gunmen burned 12 separate shops at the market.",
    "A militia beat and starved a trader in a hut until 3 March.",
    "Pupils marched to the school to mourn a classmate shot in late March this year.",
])
def test_cue_words_in_passing_do_not_hide_the_event(text):
    assert len(events(text)) == 1


@pytest.mark.parametrize("text", [
    "The embassy warned of a risk of attacks in the north.",
    "The government denied rumours of an attack in the capital.",
    "In 2015, jihadists attacked the hotel, killing twenty people.",
])
def test_non_events_stay_empty(text):
    assert events(text) == []


def test_a_number_before_a_word_in_sep_is_no_date():
    from veille.extract.dates import find_dates
    from veille.extract.text import fold

    assert find_dates(fold("Gunmen burned 28 separate shops"), DAY) == []


def _counted(text: str, sub: str):
    from veille.extract.fatalities import count_event
    from veille.extract.numbers import numeric_view
    from veille.extract.text import fold, sentences

    return count_event([numeric_view(fold(s.text), "en") for s in sentences(text)[0]], sub).total


@pytest.mark.parametrize("text, sub, dead", [
    # a killing with no number: one death
    ("Gunmen shot dead a local councillor outside his shop.", "Attack", 1),
    ("Park ranger shot dead by poachers near the reserve.", "Armed clash", 1),
    ("Kidnappers killed one of the hostages on the third day.", "Attack", 1),
    ("Armed men beheaded a herder near the well.", "Attack", 1),
    ("On 4 May 2021, a crowd stoned a thief to death at the bus station.", "Mob violence", 1),
    # ... unless the words say more, or none
    ("Several herders were killed by armed men near the well.", "Attack", None),
    ("Gunmen tried to assassinate a mayor in his home.", "Attack", None),
    ("Youths burned tyres over the killing of a trader.", "Violent demonstration", None),
    # a subset is no extra victim, an age no count, a weapon no victim
    ("Bandits killed three drivers including a woman on the highway.", "Attack", 3),
    ("A 12 year old pupil was killed when a shell hit the school yard.", "Shelling/artillery/missile attack", 1),
    ("Deminers neutralized a mine buried under the track.", "Remote explosive/landmine/IED", None),
    # lists with a noun the patterns do not know
    ("Two clans clashed over a well; 4 Ber and 3 Tala fighters were killed.", "Armed clash", 7),
    ("Gunmen killed a farmer and his two sons in their field.", "Attack", 3),
    ("Gunmen killed 3 herders and 40 cattle near the well.", "Attack", 3),
    ("On 3 March, two soldiers were killed and four others wounded.", "Armed clash", 2),
    # the wounded and a side named with an article and a plural are not among the dead
    ("Militants killed three herders at the well; the assailants then fled.", "Attack", 3),
    ("Soldiers killed one raider at the checkpoint, two soldiers were hurt.", "Armed clash", 1),
    ("One teacher was hurt, and a nurse was reported to have been killed.", "Attack", 1),
    ("Bandits killed one miner and wounded two others at the pit.", "Attack", 1),
    # a coder's own statement of the count
    ("Troops killed an unspecified number of militants. Fatalities assessed as low, coded as 3.", "Armed clash", 3),
    ("Gunmen attacked a convoy on the road. Fatalities: 2 soldiers, 3 gunmen", "Armed clash", 5),
    ("A mine exploded under a cart, one of 12 similar incidents that killed 25 people this season.",
     "Remote explosive/landmine/IED", 2),
])
def test_fatalities_of_one_clause_killings(text, sub, dead):
    assert _counted(text, sub) == dead

"""The resolver: raw names as UCDP, ACLED and news text spell them → canonical actors."""


import numpy as np
import pandas as pd
import pytest

from veille.actors import (
    Resolution,
    actor,
    actors_table,
    aliases_table,
    resolve,
    resolve_joined,
    resolve_many,
    unmapped_names,
)

JNIM_SPELLINGS = [
    "Jama'a Nusrat ul-Islam wa al-Muslimin",
    "Jama'at Nasr al-Islam wal Muslimin",
    "JNIM",
    "GSIM",
    "Group for Support of Islam and Muslims",
    "Groupe de soutien à l'islam et aux musulmans",
    "JNIM: Group for Support of Islam and Muslims",
    "groupe de soutien a l islam et aux musulmans",  # folded accents, case, punctuation
]


@pytest.mark.parametrize("name", JNIM_SPELLINGS)
def test_every_jnim_spelling_resolves_to_jnim(name):
    assert resolve(name).actor_id == "jnim"


@pytest.mark.parametrize("name", ["Islamic State (Greater Sahara)", "ISGS", "EIGS", "Etat islamique au Grand Sahara",
                                  "Islamic State Sahel Province", "ISSP"])
def test_is_sahel_spellings(name):
    assert resolve(name).actor_id == "is-sahel"


@pytest.mark.parametrize("raw, expected", [
    ("Military Forces of Mali (2021-)", "military-forces-mli"),
    ("Military Forces of Burkina Faso (2015-2022)", "military-forces-bfa"),
    ("Military Forces of the United States (2017-)", "military-forces-usa"),
    ("Police Forces of Togo (2005-)", "police-forces-tgo"),
    ("Police Forces of Burkina Faso (2015-) Gendarmerie", "gendarmerie-bfa"),
    ("Police Forces of Niger (2011-) National Guard", "national-guard-ner"),
    ("Mutiny of Military Forces of Niger (1999-2010)", "mutiny-military-forces-ner"),
    ("Government of Ivory Coast", "military-forces-civ"),
    ("Government of Côte d'Ivoire", "military-forces-civ"),
    ("Government of Cote d'Ivoire", "military-forces-civ"),
    ("Government of Nigeria", "military-forces-nga"),
    ("Government of Russia (Soviet Union)", "military-forces-rus"),
    ("Government of Burkina Faso (2015-)", "government-bfa"),
    ("Civilians (Togo)", "civilians-tgo"),
    ("Protesters (Togo)", "protesters-tgo"),
    ("Rioters (Togo)", "rioters-tgo"),
    ("Unidentified Armed Group (Togo)", "unidentified-armed-group-tgo"),
    ("Civilians (Ivory Coast)", "civilians-civ"),
    ("Fulani Ethnic Militia (Mali)", "fulani-ethnic-militia-mli"),
    ("Peul Ethnic Militia (Burkina Faso)", "fulani-ethnic-militia-bfa"),
    ("Dogon Ethnic Militia (Mali)", "dogon-ethnic-militia-mli"),
    ("Doundoudougou Communal Militia (Burkina Faso)", "doundoudougou-communal-militia-bfa"),
    ("Dozo Communal Militia (Mali)", "dozo-mli"),
    ("XXX475", "unidentified-armed-group-nga"),
    ("MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)", "minusma"),
    ("Military Forces of Russia (2000-) Wagner Group", "wagner-group"),
    ("Africa Corps", "africa-corps"),
    ("Opération Barkhane", "barkhane"),
    ("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "boko-haram-jas"),
    ("Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", "boko-haram-jas"),
    ("Islamic State (West Africa)", "iswap"),
    ("VDP: Volunteer for Defense of Homeland", "vdp-bfa"),
    ("Koglweogo Militia", "koglweogo-bfa"),
])
def test_patterns_and_aliases(raw, expected):
    assert resolve(raw).actor_id == expected


def test_state_forces_patterns_report_the_pattern_method():
    found = resolve("Military Forces of Mali (2021-)")
    assert found == Resolution("military-forces-mli", "Military Forces of Mali", 1, "pattern", 100.0)


def test_acled_composite_names_resolve_to_a_composite_actor():
    found = resolve("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)")
    assert (found.actor_id, found.kind) == ("jnim-or-is-sahel", 2)
    assert resolve("Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"
                   ).actor_id == "iswap-or-boko-haram-jas"


def test_unlisted_composites_join_their_parts():
    found = resolve("Katiba Macina and/or Ansaroul Islam")
    assert found.actor_id == "katiba-macina-or-ansarul-islam"
    assert found.method == "pattern"
    assert actor("katiba-macina-or-ansarul-islam").kind == 2


def test_country_decides_ucdp_bare_names():
    assert resolve("IS", "NGA").actor_id == "iswap"
    assert resolve("IS", "Burkina Faso").actor_id == "is-sahel"
    assert resolve("IS").actor_id == "islamic-state"
    assert resolve("Civilians", "TGO").actor_id == "civilians-tgo"
    assert resolve("Civilians").actor_id == "civilians"
    assert resolve("Fulani", "NGA").actor_id == "fulani-ethnic-militia-nga"


def test_ucdp_joint_sides_resolve_to_the_leading_party():
    assert resolve("Government of Mali, Government of Russia (Soviet Union)").actor_id == "military-forces-mli"


def test_a_typo_resolves_fuzzily_to_jnim():
    found = resolve("Jama'at Nusrat al-Islam wal-Muslimeen")
    assert (found.actor_id, found.method) == ("jnim", "fuzzy")
    assert 92 <= found.score < 100


@pytest.mark.parametrize("raw", ["qwzx plorb", "Katiba Zorglub of the Moon", "MSF", "XXX99999",
                                 "Military Forces of Atlantis (2001-)"])
def test_unknown_or_ambiguous_names_resolve_to_none(raw):
    assert resolve(raw) is None


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan"), pd.NA])
def test_empty_names_resolve_to_none(raw):
    assert resolve(raw) is None


def test_resolve_many_keeps_the_index_and_columns():
    names = pd.Series(["Civilians (Togo)", None, "qwzx plorb", "JNIM", "Civilians"], index=[10, 11, 12, 13, 14])
    countries = pd.Series(["TGO", "TGO", None, "MLI", "BEN"], index=names.index)
    out = resolve_many(names, countries)
    assert list(out.columns) == ["actor_id", "actor_name", "actor_kind", "method", "score"]
    assert list(out.index) == [10, 11, 12, 13, 14]
    assert out["actor_id"].tolist() == ["civilians-tgo", pd.NA, pd.NA, "jnim", "civilians-ben"]
    assert out["actor_kind"].tolist() == [7, pd.NA, pd.NA, 2, 7]


def test_resolve_many_resolves_each_distinct_name_once(monkeypatch):
    import importlib

    resolver = importlib.import_module("veille.actors.resolve")  # the module, not the function

    names = pd.Series(np.tile(["Civilians (Mali)", "JNIM", "Military Forces of Mali (2013-)", None, "zzz"], 20_000))
    calls = []
    real = resolver.resolve
    monkeypatch.setattr(resolver, "resolve", lambda *a, **k: calls.append(a) or real(*a, **k))
    out = resolve_many(names)
    assert out["actor_id"].notna().sum() == 60_000
    assert out["actor_id"].iloc[:3].tolist() == ["civilians-mli", "jnim", "military-forces-mli"]
    assert len(calls) <= 4  # speed comes from resolving distinct names only (benchmarks/ measure it)


def test_resolve_joined_handles_acled_assoc_lists():
    out = resolve_joined(pd.Series(["Students (Burkina Faso); Teachers (Burkina Faso)", None, "zzz"]))
    assert out.tolist() == ["students-bfa; teachers-bfa", pd.NA, pd.NA]


def test_unmapped_names_counts_unresolved_names_most_frequent_first():
    names = pd.Series(["JNIM", "zzz one", "zzz two; zzz one", "Civilians (Mali)", "zzz one", None, "zzz two"])
    out = unmapped_names(names)
    assert list(out.columns) == ["name", "count"]
    assert out.to_dict("records") == [{"name": "zzz one", "count": 3}, {"name": "zzz two", "count": 2}]


def test_tables_for_the_store():
    actors = actors_table(["supporters-zzz"])
    assert list(actors.columns) == ["actor_id", "name", "kind", "country_iso3", "parent_id",
                                    "active_from", "active_to", "source"]
    assert actors["actor_id"].is_unique
    jnim = actors.set_index("actor_id").loc["jnim"]
    assert (jnim["kind"], jnim["parent_id"], jnim["active_from"]) == (2, "al-qaeda", 2017)
    assert {"military-forces-tgo", "police-forces-tgo", "civilians-tgo", "barkhane"} <= set(actors["actor_id"])
    aliases = aliases_table()
    assert list(aliases.columns) == ["alias", "alias_normalized", "actor_id", "lang"]
    assert not aliases.duplicated(["alias_normalized", "actor_id"]).any()
    assert set(aliases["actor_id"]) <= set(actors["actor_id"])
    assert "jamaa nusrat ul islam wa al muslimin" in set(aliases["alias_normalized"])


def test_actors_table_includes_pattern_made_actors_on_request():
    made = resolve("Ibogholitane Ethnic Militia (Mali)")
    table = actors_table([made.actor_id]).set_index("actor_id")
    assert table.loc["ibogholitane-ethnic-militia-mli", "name"] == "Ibogholitane Ethnic Militia (Mali)"
    assert table.loc["ibogholitane-ethnic-militia-mli", "country_iso3"] == "MLI"

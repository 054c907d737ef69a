"""actors.yaml is a reviewed data file: it must check itself."""

import copy
from importlib import resources

import pytest
import yaml

from veille.actors import normalize, registry
from veille.actors.registry import check_registry, load
from veille.errors import InvalidValue


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(resources.files("veille.actors").joinpath("actors.yaml").read_text(encoding="utf-8"))


def test_registry_loads_with_unique_ids_valid_kinds_and_existing_parents():
    reg = load()
    ids = [a.actor_id for a in registry()]
    assert len(ids) == len(set(ids))
    assert all(1 <= a.kind <= 8 for a in registry())
    assert all(a.parent_id is None or a.parent_id in reg.actors for a in registry())


def test_named_actor_ids_are_unique_in_the_file(raw):
    ids = [a["id"] for a in raw["actors"]]
    assert len(ids) == len(set(ids))


def test_unscoped_aliases_name_one_actor_each():
    owners = {}
    for alias in load().aliases:
        if not alias.countries:
            owners.setdefault(alias.alias_normalized, set()).add(alias.actor_id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_required_actors_exist():
    reg = load()
    for actor_id in ["jnim", "is-sahel", "iswap", "boko-haram-jas", "ansarul-islam", "military-forces-tgo",
                     "police-forces-tgo", "gendarmerie-tgo", "vdp-bfa", "dozo-civ", "koglweogo-bfa", "wagner-group",
                     "africa-corps", "barkhane", "serval", "minusma", "g5-sahel", "takuba", "mnjtf", "ecowas",
                     "ecomog", "unidentified-armed-group-tgo", "civilians-tgo", "protesters-tgo", "rioters-tgo",
                     "katiba-macina", "ansar-dine", "al-mourabitoun", "aqim", "mujao", "mnla", "cma", "gatia",
                     "plateforme", "msa", "dan-na-ambassagou", "ganda-izo", "military-forces-cmr", "police-forces-tcd"]:
        assert actor_id in reg.actors, actor_id
    assert reg.actors["katiba-macina"].parent_id == "jnim"
    assert reg.actors["jnim"].parent_id == "al-qaeda"


def test_a_duplicate_id_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["actors"].append(dict(bad["actors"][0]))
    with pytest.raises(InvalidValue, match="appears twice"):
        check_registry(bad)


def test_an_alias_claimed_by_two_actors_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["actors"].append({"id": "impostor", "name": "Impostor", "kind": 2, "aliases": {"en": ["J.N.I.M."]}})
    with pytest.raises(InvalidValue, match="names both"):
        check_registry(bad)


def test_an_unknown_parent_or_kind_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["actors"].append({"id": "orphan", "name": "Orphan", "kind": 2, "parent": "nobody"})
    with pytest.raises(InvalidValue, match="unknown parent"):
        check_registry(bad)
    bad = copy.deepcopy(raw)
    bad["actors"].append({"id": "odd", "name": "Odd", "kind": 9})
    with pytest.raises(InvalidValue, match="1-8"):
        check_registry(bad)


def test_normalize_folds_accents_case_and_punctuation():
    assert normalize("Groupe de soutien à l'islam et aux musulmans") == "groupe de soutien a lislam et aux musulmans"
    assert normalize("  Jama’at  Nasr al-Islam ") == "jamaat nasr al islam"

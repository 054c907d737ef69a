import pytest

from veille import taxonomy
from veille.errors import InvalidValue


def test_acled_taxonomy_has_6_types_and_25_sub_types():
    assert len(taxonomy.EVENT_TYPES) == 6
    assert len(taxonomy.ALL_SUB_EVENT_TYPES) == 25
    assert len(set(taxonomy.ALL_SUB_EVENT_TYPES)) == 25


def test_disorder_types_follow_acled():
    assert taxonomy.disorder_type("Battles", "Armed clash") == "Political violence"
    assert taxonomy.disorder_type("Protests", "Excessive force against protesters") == \
        "Political violence; Demonstrations"
    assert taxonomy.disorder_type("Riots", "Mob violence") == "Political violence"
    assert taxonomy.disorder_type("Strategic developments", "Arrests") == "Strategic developments"


@pytest.mark.parametrize("code, expected", [
    ("190", ("Battles", "Armed clash")),
    ("183", ("Explosions/Remote violence", "Suicide bomb")),
    ("1833", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("195", ("Explosions/Remote violence", "Air/drone strike")),
    ("181", ("Violence against civilians", "Abduction/forced disappearance")),
    ("145", ("Riots", "Violent demonstration")),
    ("141", ("Protests", "Peaceful protest")),
    ("173", ("Strategic developments", "Arrests")),
    ("202", ("Violence against civilians", "Attack")),
])
def test_cameo_codes_map_to_acled(code, expected):
    assert taxonomy.cameo_to_acled(code) == expected


def test_cameo_outside_roots_14_to_20_is_refused():
    with pytest.raises(InvalidValue):
        taxonomy.cameo_to_acled("042")


def test_every_mapping_lands_in_the_taxonomy():
    for event_type, sub in list(taxonomy.CAMEO.values()) + list(taxonomy.UCDP_TYPE_OF_VIOLENCE.values()):
        taxonomy.check_types(event_type, sub)
    for event_type, sub in taxonomy.LEGACY_ACLED_EVENT_TYPES.values():
        taxonomy.check_types(event_type, sub)


def test_actor_types_read_digits_and_names():
    assert taxonomy.actor_type_code("1") == 1
    assert taxonomy.actor_type_code("State forces") == 1
    assert taxonomy.actor_type_code("Civilians") == 7
    assert taxonomy.actor_type_code("") is None
    with pytest.raises(InvalidValue):
        taxonomy.actor_type_code("Aliens")


def test_interaction_puts_the_smaller_code_first():
    assert taxonomy.interaction_code(7, 2) == 27
    assert taxonomy.interaction_code(1, 2) == 12
    assert taxonomy.interaction_code(6, None) == 60

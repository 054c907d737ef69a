from analysis.helpers import make_events
from veille.analysis.actors import (
    actor_pairs,
    associated_actors,
    first_appearances,
    jnim_vs_is_sahel,
    plot_jnim_vs_is_sahel,
)


def test_first_appearance_counts_associated_actors_too():
    events = make_events({"event_date": "2020-01-01", "actor1": "jnim"},
                         {"event_date": "2020-02-01", "actor1": "is-sahel", "assoc_actor1": "jnim; ansaroul-islam"},
                         {"event_date": "2020-03-01", "actor1": "ansaroul-islam", "admin1_pcode": "TG04"})
    first = first_appearances(events, level="admin1").set_index(["actor", "area"])
    assert first.loc[("ansaroul-islam", "TG05"), "month"] == "2020-02"
    assert first.loc[("ansaroul-islam", "TG04"), "month"] == "2020-03"
    assert first.loc[("jnim", "TG05"), "events"] == 2
    pairs = actor_pairs(events)
    assert set(zip(pairs["actor_a"], pairs["actor_b"])) == {
        ("jnim", "military-forces-tgo"), ("is-sahel", "military-forces-tgo"),
        ("ansaroul-islam", "military-forces-tgo")}
    allies = associated_actors(events, actor="is-sahel")
    assert sorted(allies["associate"]) == ["ansaroul-islam", "jnim"]


def test_jnim_and_is_sahel_first_appear_in_burkina_faso_in_2016_2017(acled_events, tmp_path):
    first = first_appearances(acled_events, level="country").set_index(["actor", "area"])
    assert first.loc[("is-sahel", "BFA"), "month"] == "2016-09"
    assert first.loc[("jnim", "BFA"), "month"] == "2017-11"
    table = jnim_vs_is_sahel(acled_events, level="country", period="year").set_index(["area", "period"])
    # Niger's violence is IS Sahel's, Mali's mostly JNIM's
    assert table.loc[("NER", "2019"), "jnim_share"] < 0.2 < 0.7 < table.loc[("MLI", "2019"), "jnim_share"]
    path = plot_jnim_vs_is_sahel(table.reset_index(), tmp_path / "j.png")
    assert path.read_bytes()[:4] == b"\x89PNG"

from analysis.helpers import make_events
from veille.analysis.indicators import conflict_indicators, plot_indicators


def test_indicators_count_deaths_civilian_targeting_cells_and_armed_groups():
    events = make_events(
        {"event_date": "2020-01-05", "fatalities": 3, "actor1": "jnim", "inter1": 2, "actor2": "is-sahel", "inter2": 2},
        {"event_date": "2020-01-06", "event_type": "Violence against civilians", "sub_event_type": "Attack",
         "actor2": "civilians-tgo", "inter2": 7, "fatalities": 2, "civilian_fatalities": 2,
         "latitude": 10.5, "longitude": 0.9},
        {"event_date": "2020-01-07", "event_type": "Explosions/Remote violence", "sub_event_type": "Grenade",
         "actor1": "military-forces-tgo", "inter1": 1, "actor2": "civilians-tgo", "inter2": 7, "fatalities": 0},
    )
    row = conflict_indicators(events, unit="country", period="month").iloc[0]
    assert (row["events"], row["deadliness"], row["danger_to_civilians"]) == (3, 5, 2)
    assert row["fragmentation"] == 2  # jnim and is-sahel; state forces are not armed groups
    assert row["cells_with_events"] == 2  # two of the three events share a 10 km cell
    assert 500 < row["territory_cells"] < 650  # Togo is about 57,000 km²
    assert abs(row["diffusion"] - 2 / row["territory_cells"]) < 1e-12


def test_burkina_faso_grew_deadlier_more_diffuse_and_more_fragmented_2017_to_2019(acled_events, tmp_path):
    table = conflict_indicators(acled_events, unit="country", period="year").set_index(["unit", "period"])
    early, late = table.loc[("BFA", "2017")], table.loc[("BFA", "2019")]
    assert late["deadliness"] > 10 * early["deadliness"]
    assert late["diffusion"] > 4 * early["diffusion"]
    assert late["danger_to_civilians"] > 5 * early["danger_to_civilians"]
    assert late["fragmentation"] > early["fragmentation"]
    path = plot_indicators(table.reset_index().query("period >= '2010'"), tmp_path / "ind.png")
    assert path.read_bytes()[:4] == b"\x89PNG"

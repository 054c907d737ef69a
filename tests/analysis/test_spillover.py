import pandas as pd

from analysis.helpers import make_events
from veille.analysis.spillover import (
    cross_border_clusters,
    first_month_in_band,
    newly_affected_units,
    plot_spillover,
    spillover,
)
from veille.model import MonthRange


def test_events_fall_in_distance_bands_with_median_and_deepest():
    events = make_events(*({"event_date": "2020-03-05", "border_km": km, "fatalities": 2}
                           for km in (5, 19.9, 20, 60, 140)),
                         {"event_date": "2020-03-09", "event_type": "Protests", "border_km": 3})
    table = spillover(events, countries=("TGO",), months=MonthRange.parse("2020-02:2020-03"))
    march = table[table["month"] == "2020-03"].iloc[0]
    assert march["measured_from"] == "sahel-front"
    assert (march["events"], march["fatalities"]) == (5, 10)  # the protest is not political violence
    assert [march[f"events_{b}"] for b in ("0_20", "20_50", "50_100", "100_plus")] == [2, 1, 1, 1]
    assert march["median_km"] == 20 and march["deepest_km"] == 140
    february = table[table["month"] == "2020-02"].iloc[0]
    assert february["events"] == 0 and pd.isna(february["median_km"])


def test_an_admin2_is_new_on_its_first_event_and_again_after_a_quiet_year():
    events = make_events({"event_date": "2019-01-10"}, {"event_date": "2019-02-10"},
                         {"event_date": "2020-03-01"}, {"event_date": "2020-03-02"})
    new = newly_affected_units(events, lookback=12)
    assert new["month"].tolist() == ["2019-01", "2020-03"]
    assert new["first_ever"].tolist() == [True, False]
    assert new["quiet_months"].iloc[1] == 12
    assert new["event_ids"].iloc[1] == ["e0002", "e0003"]


def test_a_cluster_needs_events_in_two_countries_close_in_space_and_time():
    near_border = [{"event_date": "2019-05-01", "country_iso3": "NER", "latitude": 12.9, "longitude": 1.3},
                   {"event_date": "2019-05-20", "country_iso3": "BFA", "latitude": 12.6, "longitude": 1.9},
                   {"event_date": "2019-05-21", "country_iso3": "BFA", "latitude": 12.55, "longitude": 1.95},
                   {"event_date": "2019-09-01", "country_iso3": "BFA", "latitude": 12.6, "longitude": 1.9}]
    clusters = cross_border_clusters(make_events(*near_border), km=100, days=30)
    assert len(clusters) == 1
    assert clusters.iloc[0]["countries"] == "BFA; NER"
    assert sorted(clusters.iloc[0]["event_ids"]) == ["e0000", "e0001", "e0002"]
    assert cross_border_clusters(make_events(*near_border), km=20, days=30).empty


def test_spread_from_mali_into_burkina_faso_reads_in_the_bands(acled_events, tmp_path):
    table = spillover(acled_events, countries=("BFA",), months=MonthRange.parse("2012-01:2020-07"))
    assert set(table["measured_from"]) == {"MLI"}
    yearly = table.assign(year=table["month"].str[:4]).groupby("year")
    events = yearly["events"].sum()
    far = yearly["events_100_plus"].sum()
    # 2015: a handful of attacks near Mali; 2019: hundreds, most over 50 km from it
    assert events["2015"] < 30 < 400 < events["2019"]
    assert far["2019"] > 0.3 * events["2019"] and far["2015"] < 10
    assert first_month_in_band(table, "BFA", "0_20") == "2015-04"
    path = plot_spillover(table, tmp_path / "bfa.png")
    assert path.read_bytes()[:4] == b"\x89PNG"

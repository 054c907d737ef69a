import datetime as dt

import pytest

from analysis.helpers import make_events
from veille.analysis.trends import baseline_change, surges
from veille.errors import InvalidValue


def weekly(counts, end=dt.date(2020, 6, 30)):
    """Events with ``counts[k]`` in the week k weeks before the one ending on ``end`` (oldest first)."""
    rows = []
    for back, n in enumerate(reversed(counts)):
        day = end - dt.timedelta(days=7 * back)
        rows += [{"event_date": day.isoformat()}] * n
    return make_events(*rows)


def test_a_week_with_double_the_previous_months_weekly_average_is_a_surge():
    table = surges(weekly([2, 2, 2, 2, 4]), unit="country", weeks=1)
    row = table.iloc[0]
    assert (row["week_events"], row["previous_weekly_average"], bool(row["surge"])) == (4, 2.0, True)
    assert len(row["event_ids"]) == 4


def test_less_than_double_or_too_few_events_is_no_surge():
    assert not surges(weekly([2, 2, 2, 3, 3]), unit="country", weeks=1)["surge"].iloc[0]
    # one event a month, then two in a week: double, but below the three-event floor
    assert not surges(weekly([1, 0, 0, 0, 2]), unit="country", weeks=1)["surge"].iloc[0]
    assert surges(weekly([1, 0, 0, 0, 2]), unit="country", weeks=1, min_events=2)["surge"].iloc[0]


def test_baseline_change_compares_a_month_with_the_units_own_past():
    rows = [{"event_date": f"2020-{m:02d}-15"} for m in range(1, 7)] + [{"event_date": "2020-07-15"}] * 4
    table = baseline_change(make_events(*rows), unit="admin2", baseline=6).set_index("month")
    assert table.loc["2020-07", "baseline_events"] == 1.0
    assert table.loc["2020-07", "change"] == 3.0 and table.loc["2020-07", "ratio"] == 4.0


def test_an_unknown_unit_is_refused():
    with pytest.raises(InvalidValue, match="unit must be one of"):
        surges(weekly([1]), unit="village")


def test_burkina_faso_surged_as_the_violence_spread_in_2018_2019(acled_events):
    table = surges(acled_events[acled_events["country_iso3"] == "BFA"], unit="country",
                   as_of=dt.date(2020, 7, 31))
    flagged = table[table["surge"]]
    years = {d.year for d in flagged["week_end"]}
    assert {2018, 2019} <= years
    assert flagged["week_events"].max() >= 20

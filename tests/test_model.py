import datetime as dt

import pytest

from veille.errors import InvalidValue
from veille.model import Event, Horizon, Month, MonthRange, Tlp, event_id


def test_month_parses_counts_and_steps():
    month = Month.parse("2020-11")
    assert (month.year, month.month) == (2020, 11)
    assert str(month + 3) == "2021-02"
    assert Month.parse("2021-02") - month == 3
    assert month.last_day == dt.date(2020, 11, 30)


@pytest.mark.parametrize("text", ["2020-13", "2020-1", "20-01", "2020/01", ""])
def test_month_refuses_malformed_text(text):
    with pytest.raises(InvalidValue):
        Month.parse(text)


def test_month_range_iterates_inclusive_and_checks_order():
    months = list(MonthRange.parse("2019-11:2020-02"))
    assert [str(m) for m in months] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    with pytest.raises(InvalidValue, match="before it starts"):
        MonthRange.parse("2020-02:2019-11")


def test_horizon_parses_ranges():
    assert list(Horizon.parse("1-12").steps()) == list(range(1, 13))
    assert Horizon.parse("3") == Horizon(3, 3)
    with pytest.raises(InvalidValue):
        Horizon.parse("0-5")


def test_event_gets_a_stable_id_and_validates_itself():
    event = Event(source="acled", source_event_id="TGO1", event_date=dt.date(2022, 5, 11),
                  event_type="Battles", sub_event_type="Armed clash")
    assert event.event_id == event_id("acled", "TGO1")
    assert event.event_id != event_id("ucdp", "TGO1")
    with pytest.raises(InvalidValue, match="sub-type"):
        Event(source="acled", source_event_id="TGO1", event_date=dt.date(2022, 5, 11),
              event_type="Battles", sub_event_type="Peaceful protest")
    with pytest.raises(InvalidValue, match="fatalities"):
        Event(source="acled", source_event_id="TGO1", event_date=dt.date(2022, 5, 11),
              event_type="Battles", fatalities=-1)
    with pytest.raises(InvalidValue, match="latitude"):
        Event(source="acled", source_event_id="TGO1", event_date=dt.date(2022, 5, 11),
              event_type="Battles", latitude=123.0)


def test_event_is_frozen():
    event = Event(source="ucdp", source_event_id="1", event_date=dt.date(2020, 1, 1), event_type="Battles")
    with pytest.raises(AttributeError):
        event.fatalities = 3  # type: ignore[misc]


def test_tlp_ranks_in_order():
    assert [t.rank for t in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED)] == [0, 1, 2, 3]

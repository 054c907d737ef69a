import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from veille.errors import InvalidValue
from veille.forecast import FORECAST_COLUMNS, build_panel, forecast, write_forecast_parquet
from veille.model import Horizon, Month
from veille.sources.ingest import ingest
from veille.store import Store
from veille.store.forecasts import forecast_runs, load_forecast_run

UCDP_NIGERIA = Path(__file__).resolve().parents[2] / "data" / "ucdp" / "ucdp_ged_nigeria_hdx.csv"

ORIGIN = Month(2015, 6)


@pytest.fixture(scope="module")
def nigeria_forecast(nigeria_store):
    return forecast(nigeria_store, "admin1", "events", ORIGIN, Horizon(1, 3), samples=200, seed=11)


def test_forecast_has_the_contract_columns_and_types(nigeria_forecast):
    frame = nigeria_forecast
    assert tuple(frame.columns) == FORECAST_COLUMNS
    assert len(frame) == 37 * 3
    assert frame["horizon"].tolist() == [1] * 37 + [2] * 37 + [3] * 37
    assert set(frame["month"]) == {"2015-07", "2015-08", "2015-09"}
    assert frame["unit"].str.match(r"^NG-[A-Z]{2}$").all()
    assert set(frame["country_iso3"]) == {"NGA"}
    for draws in frame["draws"]:
        assert isinstance(draws, list) and len(draws) == 200
        assert all(isinstance(v, int) and v >= 0 for v in draws)
    assert frame["mean"].tolist() == pytest.approx([np.mean(d) for d in frame["draws"]])
    assert frame["p_gt0"].between(0, 1).all()
    # Borno, the heart of the Boko Haram war in 2015, is the likeliest state
    top = frame[frame["horizon"] == 1].sort_values("mean").iloc[-1]
    assert top["unit_name"] == "Borno"
    assert frame.attrs["data_vintage"]["max_event_date"] <= "2015-06-30"


def test_forecast_is_deterministic_with_a_seed(nigeria_store, nigeria_forecast):
    again = forecast(nigeria_store, "admin1", "events", ORIGIN, Horizon(1, 3), samples=200, seed=11)
    pd.testing.assert_frame_equal(again, nigeria_forecast)
    other = forecast(nigeria_store, "admin1", "events", ORIGIN, Horizon(1, 1), samples=200, seed=12)
    assert other["draws"].tolist() != nigeria_forecast[nigeria_forecast["horizon"] == 1]["draws"].tolist()


def test_forecast_ignores_events_after_the_origin(tmp_path, nigeria_forecast):
    with open(UCDP_NIGERIA, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    date_at = rows[0].index("date_start")
    early = [r for r in rows[2:] if r[date_at][:7] <= str(ORIGIN)]
    assert 0 < len(early) < len(rows) - 2
    cut = tmp_path / "ucdp_until_origin.csv"
    with open(cut, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows[:2] + early)
    with Store(":memory:") as store:
        ingest(store, "ucdp", [cut])
        before = forecast(store, "admin1", "events", ORIGIN, Horizon(1, 3), samples=200, seed=11)
        ingest(store, "ucdp", [UCDP_NIGERIA])  # now the later events are in the store too
        after = forecast(store, "admin1", "events", ORIGIN, Horizon(1, 3), samples=200, seed=11)
    pd.testing.assert_frame_equal(before, nigeria_forecast)
    pd.testing.assert_frame_equal(after, nigeria_forecast)


def test_forecast_parquet_keeps_draws_as_integer_lists(tmp_path, nigeria_forecast):
    path = write_forecast_parquet(nigeria_forecast, tmp_path / "f.parquet")
    table = pq.read_table(path)
    assert str(table.schema.field("draws").type) == "list<element: int64>"
    back = table.to_pandas()
    assert back["draws"].iloc[0].tolist() == nigeria_forecast["draws"].iloc[0]
    assert json.loads(table.schema.metadata[b"veille"])["train_end"] == "2015-06"


def test_a_saved_run_comes_back_with_its_data_vintage(nigeria_store, nigeria_forecast):
    from veille.store.forecasts import save_forecast_run

    run_id = save_forecast_run(nigeria_store, nigeria_forecast, nigeria_forecast.attrs)
    assert save_forecast_run(nigeria_store, nigeria_forecast, nigeria_forecast.attrs) == run_id
    runs = forecast_runs(nigeria_store)
    assert runs["run_id"].tolist() == [run_id]
    assert str(runs["max_event_date"].iloc[0])[:10] <= "2015-06-30"
    assert runs["max_ingest_run_id"].iloc[0] == 1
    back = load_forecast_run(nigeria_store, run_id)
    assert len(back) == len(nigeria_forecast)
    merged = back.merge(nigeria_forecast, on=["unit", "horizon"], suffixes=("", "_orig"))
    assert (merged["draws"] == merged["draws_orig"]).all()
    assert back.attrs["train_end"] == "2015-06"


def test_forecast_refuses_an_unknown_unit_or_target(nigeria_store):
    with pytest.raises(InvalidValue, match="unit must be one of admin1, pgm"):
        forecast(nigeria_store, "admin2", "events", ORIGIN, Horizon(1, 1))
    with pytest.raises(InvalidValue, match="target must be one of events, fatalities"):
        forecast(nigeria_store, "admin1", "deaths", ORIGIN, Horizon(1, 1))


def test_a_country_whose_data_stop_before_the_origin_is_left_out_not_forecast_as_quiet(nigeria_store):
    from veille.errors import NotFound

    # UCDP's Nigeria file ends in December 2019: its 2020 months are unknown, not zero.
    with pytest.raises(NotFound, match=r"no country's data reach 2020-06 \(data end: NGA 2019-12\)"):
        forecast(nigeria_store, "admin1", "events", Month(2020, 6), Horizon(1, 1), samples=10)
    panel = build_panel(nigeria_store, "admin1", end=Month(2020, 6))
    assert panel.vintage["coverage_end"] == {"NGA": "2019-12"}
    assert panel.observed[:, panel.column(Month(2019, 12))].all()
    assert not panel.observed[:, panel.column(Month(2020, 1)):].any()

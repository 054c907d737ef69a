"""The same Store on both backends: spatial filters, results typed alike, the store
modules of other layers (alerts, forecasts) unchanged on PostgreSQL."""

import datetime as dt
import functools

import numpy as np
import pandas as pd
import pytest
import shapely

from veille import geo
from veille.errors import NotFound
from veille.sources.normalize import to_event_table
from veille.store import EventFilter, Store
from veille.store import alerts as alert_table
from veille.store import forecasts as forecast_table
from veille.store.postgres import translate


@functools.cache
def admin_units():
    return geo.admin_units_table()


def scattered_events(n: int = 400, seed: int = 3) -> pd.DataFrame:
    """Points over Togo and around it, on a fixed random draw."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "source_event_id": [f"P{i}" for i in range(n)],
        "event_date": [dt.date(2022, 1, 1) + dt.timedelta(days=i % 300) for i in range(n)],
        "date_precision": 1, "event_type": "Battles", "sub_event_type": "Armed clash",
        "country_iso3": "TGO", "fatalities": rng.integers(0, 5, n),
        "latitude": rng.uniform(5.5, 11.5, n).round(5), "longitude": rng.uniform(-0.5, 2.2, n).round(5),
        "confidence": 1.0, "tlp": "CLEAR",
    })


@pytest.fixture
def placed_store(store):
    store.replace_reference("admin_units", admin_units())
    with store.transaction():
        run = store.start_run("acled", "points.csv", "x", 1)
        counts = store.merge_events(run, to_event_table(scattered_events(), "acled"))
        store.verify_run(run, counts)
    return store


def test_events_within_an_admin_unit_are_those_inside_its_polygon(placed_store):
    units = admin_units()
    savanes = shapely.from_wkb(units.loc[units["pcode"] == "TG05", "geometry_wkb"].iloc[0])
    frame = scattered_events()
    expected = sorted(frame.loc[shapely.contains_xy(savanes, frame["longitude"], frame["latitude"]),
                                "source_event_id"])
    assert 20 < len(expected) < 200
    found = placed_store.events(EventFilter(within="TG05", columns=("source_event_id",)))
    assert sorted(found["source_event_id"]) == expected
    assert placed_store.count_events(EventFilter(within="TG05")) == len(expected)
    narrowed = placed_store.count_events(EventFilter(within="TG05", date_to=dt.date(2022, 3, 1)))
    assert 0 < narrowed < len(expected)


def test_an_unknown_admin_unit_is_refused(placed_store):
    with pytest.raises(NotFound, match="no admin unit 'XX99'"):
        placed_store.count_events(EventFilter(within="XX99"))


def test_events_near_a_point_are_within_that_great_circle_distance(placed_store):
    frame = scattered_events()
    lat, lon, km = 10.36, 0.47, 60.0  # Sansanné-Mango
    p1, p2 = np.radians(frame["latitude"]), np.radians(lat)
    a = (np.sin((p1 - p2) / 2) ** 2
         + np.cos(p1) * np.cos(p2) * np.sin(np.radians(frame["longitude"] - lon) / 2) ** 2)
    distance = 2 * 6371.0088 * np.arcsin(np.sqrt(a))
    assert not ((distance - km).abs() < 0.01).any()  # no point sits on the edge
    expected = sorted(frame.loc[distance <= km, "source_event_id"])
    found = placed_store.events(EventFilter(near=(lat, lon, km), columns=("source_event_id",)))
    assert sorted(found["source_event_id"]) == expected and len(expected) > 5


def test_a_bounding_box_keeps_the_points_inside_it(placed_store):
    frame = scattered_events()
    box = (0.0, 9.0, 1.0, 10.0)
    inside = frame["longitude"].between(0.0, 1.0) & frame["latitude"].between(9.0, 10.0)
    assert placed_store.count_events(EventFilter(bbox=box)) == int(inside.sum()) > 0


def test_frames_have_the_same_dtypes_on_both_backends(placed_store):
    with Store(":memory:") as reference:
        reference.replace_reference("admin_units", admin_units())
        with reference.transaction():
            run = reference.start_run("acled", "points.csv", "x", 1)
            reference.merge_events(run, to_event_table(scattered_events(), "acled"))
        mine, theirs = placed_store.events(), reference.events()
        assert dict(mine.dtypes) == dict(theirs.dtypes)
        drop = ["ingest_run_id", "created_at", "updated_at"]
        pd.testing.assert_frame_equal(mine.drop(columns=drop), theirs.drop(columns=drop))
        by_year = placed_store.event_counts(("country_iso3", "year"))
        assert by_year.equals(reference.event_counts(("country_iso3", "year")))


def test_alerts_and_forecasts_modules_run_unchanged(store):
    alert = {"alert_id": "a1", "rule": "surge", "kind": "surge", "severity": "high", "country_iso3": "TGO",
             "unit": "TG05", "unit_name": "Savanes", "period": "2022-05", "title": "Surge in Savanes",
             "detail": "3× the usual 50% rate", "value": 3.0, "evidence": ["e2", "e1"], "tlp": "GREEN"}
    assert alert_table.save_alerts(store, [alert]) == (["a1"], [])
    assert alert_table.save_alerts(store, [alert]) == ([], ["a1"])
    listed = alert_table.list_alerts(store, countries=("TGO",))
    assert listed.loc[0, "evidence"] == ["e1", "e2"] and listed.loc[0, "seen_count"] == 2
    assert listed.loc[0, "detail"] == "3× the usual 50% rate"
    alert_table.record_delivery(store, ["a1"], "email", "desk@example.org", True)
    assert alert_table.delivered_alert_ids(store, "email", "desk@example.org") == {"a1"}
    forecast = pd.DataFrame({"unit": ["TG05", "TG04"], "unit_name": ["Savanes", "Plateaux"],
                             "country_iso3": "TGO", "month": "2022-06", "horizon": 1, "mean": [1.5, 0.0],
                             "p_gt0": [0.7, 0.0], "draws": [[1, 2], [0, 0]]})
    run = {"unit": "admin1", "target": "events", "train_end": "2022-05", "horizons": "1-1", "samples": 2,
           "model": "lgbm-hurdle", "data_vintage": {"max_event_date": "2022-05-31", "max_ingest_run_id": 1}}
    run_id = forecast_table.save_forecast_run(store, forecast, run)
    loaded = forecast_table.load_forecast_run(store, run_id)
    assert dict(zip(loaded["unit"], loaded["draws"])) == {"TG04": [0, 0], "TG05": [1, 2]}
    assert str(loaded.attrs["max_event_date"])[:10] == "2022-05-31"


def test_placeholders_are_translated_outside_quotes_only():
    assert translate("SELECT ? WHERE a LIKE 'x?%' AND b = ?") == "SELECT %s WHERE a LIKE 'x?%%' AND b = %s"
    assert translate('SELECT "odd?name", 5 % 2 -- why?\n, ?') == 'SELECT "odd?name", 5 %% 2 -- why?\n, %s'
    assert translate("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def test_a_registered_frame_is_queryable_by_name(store):
    frame = pd.DataFrame({"k": ["a", "b", None, ""], "n": [1, None, 3, 4], "when": pd.to_datetime(
        ["2021-01-01 00:00", None, "2021-03-01 12:30", "2021-04-01 00:00"]), "raw": [b"\x00\x01", None, b"", b"z"]})
    store._con.register("scratch", frame)
    try:
        rows = store._con.execute("SELECT k, n, \"when\", raw FROM scratch ORDER BY n NULLS FIRST").fetchall()
    finally:
        store._con.unregister("scratch")
    assert [r[0] for r in rows] == ["b", "a", None, ""]
    assert [r[1] for r in rows] == [None, 1, 3, 4]
    assert rows[2][2] == dt.datetime(2021, 3, 1, 12, 30) and rows[0][2] is None
    assert [None if r[3] is None else bytes(r[3]) for r in rows] == [None, b"\x00\x01", b"", b"z"]


def test_bulk_reads_keep_every_value_as_it_was_written(store):
    store._con.execute("CREATE TABLE odd_values (s VARCHAR, f DOUBLE PRECISION, t TIMESTAMP, d DATE, "
                       f"b {store.dialect.blob}, ok BOOLEAN, n BIGINT)")
    rows = [("", float("nan"), dt.datetime(2021, 3, 1, 12, 30, 0, 123456), dt.date(1901, 2, 3), b"\x00\xff", True, 0),
            (None, float("inf"), None, None, None, None, None),
            ('quote " comma , line\nbreak ', -float("inf"), dt.datetime(2021, 3, 1), dt.date(2099, 12, 31), b"",
             False, -(2 ** 62)),
            ("NULL", 0.1 + 0.2, dt.datetime(1999, 12, 31, 23, 59, 59), dt.date(2000, 2, 29), b"x", True, 2 ** 62)]
    for row in rows:
        store._con.execute("INSERT INTO odd_values VALUES (?, ?, ?, ?, ?, ?, ?)", list(row))
    table = store.table_arrow("odd_values").to_pylist()
    assert [r["s"] for r in table] == ["", None, 'quote " comma , line\nbreak ', "NULL"]
    assert np.isnan(table[0]["f"]) and [r["f"] for r in table[1:]] == [float("inf"), -float("inf"), 0.1 + 0.2]
    assert [r["t"] for r in table] == [rows[0][2], None, rows[2][2], rows[3][2]]
    assert [r["d"] for r in table] == [r[3] for r in rows]
    assert [r["b"] for r in table] == [r[4] for r in rows]
    assert [r["ok"] for r in table] == [r[5] for r in rows] and [r["n"] for r in table] == [r[6] for r in rows]


@pytest.mark.postgres
def test_processes_opening_a_new_database_at_once_migrate_it_once(pg_url):
    """PostgreSQL only: a DuckDB file takes one writing process at a time."""
    db_url = pg_url
    import subprocess
    import sys

    script = "import sys; from veille.store import Store; Store(sys.argv[1]).close(); print('ok')"
    children = [subprocess.Popen([sys.executable, "-c", script, db_url], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [child.communicate(timeout=120) for child in children]
    assert [out.strip() for out, _ in outcomes] == ["ok"] * 3, [err[-500:] for _, err in outcomes]
    with Store(db_url) as store:
        migrations = store.migrations()
        assert migrations["version"].is_unique and len(migrations) == len(__import__(
            "veille.store.schema", fromlist=["MIGRATIONS"]).MIGRATIONS)

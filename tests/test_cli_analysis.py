"""The analysis, alert, forecast and backtest commands, driven in-process on a real
database: UCDP's Nigeria events (bundled) and, where present, ACLED's Sahel files."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from tests.conftest import ACLED_DIR, DATA

NIGERIA = DATA / "ucdp" / "ucdp_ged_nigeria_hdx.csv"


@pytest.fixture
def nigeria_cli(cli):
    assert cli("ingest", "ucdp", NIGERIA, "--json").code == 0
    return cli


def test_spillover_writes_every_month_and_draws_itself(nigeria_cli, tmp_path):
    table, picture = tmp_path / "spill.csv", tmp_path / "spill.png"
    result = nigeria_cli("analyse", "spillover", "--country", "NGA", "--months", "2014-01:2014-12",
                         "--output", table, "--plot", picture)
    assert result.code == 0, result.stderr
    frame = pd.read_csv(table)
    assert list(frame["month"]) == [f"2014-{m:02d}" for m in range(1, 13)]
    bands = ["events_0_20", "events_20_50", "events_50_100", "events_100_plus"]
    # Every event with a distance falls in exactly one band.
    assert (frame[bands].sum(axis=1) <= frame["events"]).all()
    assert frame["events"].sum() > 0
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_indicators_json_match_a_count_from_the_store(nigeria_cli):
    result = nigeria_cli("analyse", "indicators", "--country", "NGA", "--unit", "country", "--period", "year",
                         "--json")
    assert result.code == 0, result.stderr
    rows = {r["period"]: r for r in json.loads(result.stdout)}
    import datetime as dt

    from veille.store import EventFilter, open_store

    with open_store(str(nigeria_cli.db), read_only=True) as store:
        frame = store.events(EventFilter(countries=("NGA",), date_from=dt.date(2015, 1, 1),
                                         date_to=dt.date(2015, 12, 31)))
    political = frame[frame["event_type"].isin(["Battles", "Explosions/Remote violence",
                                                 "Violence against civilians"])]
    key = next(k for k in rows if str(k).startswith("2015"))
    assert rows[key]["events"] == len(political)
    assert rows[key]["deadliness"] == int(political["fatalities"].sum())


def test_alerts_run_twice_raises_nothing_new_and_lists_evidence(nigeria_cli):
    first = nigeria_cli("alerts", "run", "--json")
    assert first.code == 0, first.stderr
    counts = json.loads(first.stdout)
    assert counts["alerts"] > 0 and counts["new"] == counts["alerts"]
    second = json.loads(nigeria_cli("alerts", "run", "--json").stdout)
    assert second == {"alerts": counts["alerts"], "new": 0, "sent": {}}
    listed = json.loads(nigeria_cli("alerts", "list", "--limit", "0", "--json").stdout)
    assert len(listed) == counts["alerts"]
    assert all(a["evidence_count"] == len(a["evidence"]) > 0 for a in listed)


def test_forecast_writes_the_contracted_parquet(nigeria_cli, tmp_path):
    output = tmp_path / "f.parquet"
    result = nigeria_cli("forecast", "--unit", "admin1", "--target", "events", "--train-end", "2018-12",
                         "--horizons", "1-2", "--samples", "50", "--output", output)
    assert result.code == 0, result.stderr
    frame = pd.read_parquet(output)
    assert list(frame.columns) == ["unit", "unit_name", "country_iso3", "month", "horizon", "mean", "p_gt0",
                                   "draws"]
    assert set(frame["month"]) == {"2019-01", "2019-02"} and set(frame["horizon"]) == {1, 2}
    assert frame["unit"].nunique() == 37  # Nigeria's 36 states and the Federal Capital Territory
    assert all(len(d) == 50 and min(d) >= 0 for d in frame["draws"])
    assert ((frame["p_gt0"] >= 0) & (frame["p_gt0"] <= 1)).all()


def test_forecast_refuses_a_bad_month_with_a_message(nigeria_cli, tmp_path):
    result = nigeria_cli("forecast", "--train-end", "2018-13", "--output", tmp_path / "f.parquet")
    assert result.code == 2 and "month must be 1-12, got 13" in result.stderr and "Traceback" not in result.stderr


def test_backtest_scores_the_model_and_four_benchmarks(nigeria_cli, tmp_path):
    output = tmp_path / "bt.json"
    result = nigeria_cli("backtest", "--unit", "admin1", "--target", "events", "--origins", "2017-01:2017-12:6",
                         "--horizons", "1-2", "--samples", "50", "--output", output)
    assert result.code == 0, result.stderr
    report = json.loads(output.read_text())
    models = {row["model"] for row in report["table"]}
    assert {"zero", "last", "conflictology", "bootstrap", "lgbm-quantile", "lgbm-quantile+conflictology"} <= models
    assert {str(row["horizon"]) for row in report["table"]} == {"1", "2", "all"}
    zero = next(r for r in report["table"] if r["model"] == "zero" and r["horizon"] == "all")
    # The zero forecast's interval covers exactly the months with no event.
    assert zero["coverage90"] == pytest.approx(1 - zero["brier_any"])
    assert "CRPS against the best benchmark" in result.stdout


@pytest.mark.slow  # spawns two processes that import veille
def test_backtest_in_two_processes_writes_the_same_table(nigeria_cli, tmp_path):
    tables = []
    for jobs in ("1", "2"):
        output = tmp_path / f"bt{jobs}.json"
        result = nigeria_cli("backtest", "--unit", "admin1", "--target", "events", "--origins", "2017-01:2017-12:6",
                             "--horizons", "1-2", "--samples", "50", "--output", output, "--jobs", jobs)
        assert result.code == 0, result.stderr
        tables.append(json.loads(output.read_text())["table"])
    assert tables[0] == tables[1] and len(tables[0]) == 6 * 3  # six models × (two horizons and 'all')


def test_backtest_refuses_negative_jobs(nigeria_cli, tmp_path):
    result = nigeria_cli("backtest", "--origins", "2017-01:2017-02", "--jobs", "-1", "--output", tmp_path / "bt.json")
    assert result.code == 2 and "--jobs must be 0 (one per core) or more, got -1" in result.stderr


@pytest.mark.skipif(not sorted(ACLED_DIR.glob("*.csv")), reason="ACLED files are never bundled")
def test_hotspots_name_burkina_fasos_east_as_hot_by_2020(cli):
    assert cli("ingest", "acled", *sorted(ACLED_DIR.glob("*.csv")), "--json").code == 0
    result = cli("analyse", "hotspots", "--country", "BFA", "--country", "MLI", "--country", "NER",
                 "--months", "2012-01:2020-07", "--json")
    assert result.code == 0, result.stderr
    summary = pd.DataFrame(json.loads(result.stdout))
    est = summary[summary["unit"].isin({"BF-GNA", "BF-GOU", "BF-KMD", "BF-KMP", "BF-TAP"})]  # Est's provinces
    assert len(est) == 5
    # The east first shows as a hot spot in September 2018 (docs/analysis.md).
    assert min(est["first_hot"].dropna()) == "2018-09"
    assert min(est["first_new_hot_spot"].dropna()) == "2018-09"

"""The command-line contracts of DESIGN.md, driven in-process."""

import json

import pandas as pd
import pyarrow.parquet as pq
from tests.conftest import SHARED

CANDIDATE = SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"


def test_ingest_json_prints_the_contracted_counts(cli):
    result = cli("ingest", "ucdp", CANDIDATE, "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout) == {"read": 1727, "inserted": 1727, "updated": 0,
                                         "unchanged": 0, "quarantined": 0}
    again = cli("ingest", "ucdp", CANDIDATE, "--json")
    assert json.loads(again.stdout)["unchanged"] == 1727


def test_ingest_refusal_exits_2_with_a_message_and_no_traceback(cli, tmp_path):
    bogus = tmp_path / "events.csv"
    bogus.write_text("hello,world\n1,2\n")
    result = cli("ingest", "acled", bogus, "--json")
    assert result.code == 2
    assert result.stdout == ""
    assert "events.csv: missing column(s)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not cli.db.exists()  # refused before the database was even opened


def test_unknown_source_is_a_clear_error(cli):
    result = cli("ingest", "nosuch", CANDIDATE)
    assert result.code == 1
    assert "unknown source 'nosuch'" in result.stderr


def test_quarantine_list_shows_line_field_and_reason(cli, tmp_path):
    lines = CANDIDATE.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad_candidate.csv"
    header = lines[0].rstrip("\n").split(",")
    fields = lines[1].rstrip("\n").split(",")
    fields[header.index("type_of_violence")] = "9"
    bad.write_text(lines[0] + ",".join(fields) + "\n", encoding="utf-8")
    assert json.loads(cli("ingest", "ucdp", bad, "--json").stdout)["quarantined"] == 1
    listed = cli("quarantine", "list", "--json")
    record = json.loads(listed.stdout.splitlines()[0])
    assert (record["line"], record["field"]) == (2, "type_of_violence")
    assert record["reason"] == "type_of_violence: expected a UCDP type of violence 1-3 <= 3, got '9'" or \
        record["reason"].startswith("type_of_violence: expected a UCDP type of violence 1-3")


def test_export_writes_every_format(cli, tmp_path):
    cli("ingest", "ucdp", CANDIDATE)
    for name in ("e.csv", "e.parquet", "e.geojson"):
        result = cli("export", "-o", tmp_path / name, "--from", "2026-01-01", "--to", "2026-01-31")
        assert result.code == 0, result.stderr
    csv_rows = pd.read_csv(tmp_path / "e.csv")
    assert len(csv_rows) == len(pq.read_table(tmp_path / "e.parquet"))
    assert csv_rows["event_date"].min() >= "2026-01-01"
    geo = json.loads((tmp_path / "e.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(csv_rows)
    first = geo["features"][0]
    assert first["geometry"]["coordinates"] == [first["properties"]["longitude"], first["properties"]["latitude"]]
    hxl = cli("export", "-o", tmp_path / "e_hxl.csv", "--format", "hxl", "--country", "NGA")
    assert hxl.code == 0
    with open(tmp_path / "e_hxl.csv", encoding="utf-8") as handle:
        header, tags = handle.readline().strip().split(","), handle.readline().strip().split(",")
    assert dict(zip(header, tags))["event_date"] == "#date+occurred"
    assert dict(zip(header, tags))["fatalities"] == "#affected+killed"
    nigeria = pd.read_csv(tmp_path / "e_hxl.csv", skiprows=[1])
    assert set(nigeria["country_iso3"]) == {"NGA"}


def test_bad_option_values_are_reported_not_raised(cli):
    result = cli("export", "-o", "x.csv", "--from", "last week")
    assert result.code == 2
    assert "--from: expected a date as YYYY-MM-DD, got 'last week'" in result.stderr


def test_status_reports_counts(cli):
    cli("ingest", "ucdp", CANDIDATE)
    summary = json.loads(cli("status", "--json").stdout)
    assert summary["events"] == 1727
    assert summary["by_source"] == [{"source": "ucdp_candidate", "events": 1727,
                                     "fatalities": summary["by_source"][0]["fatalities"]}]
    assert summary["by_source"][0]["fatalities"] > 0


def test_fetch_offline_fails_fast_with_exit_3(cli, monkeypatch):
    monkeypatch.setenv("VEILLE_OFFLINE", "1")
    result = cli("fetch", "ucdp", "--version", "26.0.1", "--country", "TGO")
    assert result.code == 3
    assert "offline" in result.stderr and "veille ingest ucdp" in result.stderr


def test_fetch_acled_without_credentials_names_the_settings(cli, monkeypatch):
    monkeypatch.delenv("VEILLE_ACLED_USERNAME", raising=False)
    monkeypatch.delenv("VEILLE_ACLED_PASSWORD", raising=False)
    result = cli("fetch", "acled", "--country", "TGO")
    assert result.code == 2
    assert "VEILLE_ACLED_USERNAME" in result.stderr


def test_geocode_adds_the_contracted_columns(cli, tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("name,latitude,longitude\nSokode,8.98,1.13\nAtlantic,0,-20\n", encoding="utf-8")
    result = cli("geocode", "--input", points, "--output", tmp_path / "placed.csv")
    assert result.code == 0, result.stderr
    placed = pd.read_csv(tmp_path / "placed.csv", keep_default_na=False)
    for column in ("country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode", "pgm_gid", "border_km"):
        assert column in placed.columns
    sokode = placed.iloc[0]
    assert (sokode["name"], sokode["country_iso3"], sokode["admin1"]) == ("Sokode", "TGO", "Centrale")
    assert 200 < float(sokode["border_km"]) < 240
    assert placed.iloc[1]["country_iso3"] == ""


def test_places_search_and_actors_unmapped(cli):
    found = json.loads(cli("places", "search", "Kouffo", "--country", "BEN", "--json").stdout)
    assert found[0]["country_iso3"] == "BEN" and "Couffo" in found[0]["name"]
    cli("ingest", "ucdp", CANDIDATE)
    unmapped = json.loads(cli("actors", "unmapped", "--json").stdout)
    assert all(row["n"] < 5 for row in unmapped)  # every name seen 5+ times resolves

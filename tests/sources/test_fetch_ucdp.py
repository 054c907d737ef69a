"""fetch_ucdp against recorded UCDP API pages (real Candidate 26.0.1 rows) on a local server."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from veille.errors import InvalidValue, Offline, UpstreamError
from veille.sources.fetch import fetch_ucdp
from veille.sources.fetch.ucdp import GED_COLUMNS, gw_codes, ucdp_source

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"


def _load_replay():
    """The replay server lives beside the recordings it serves (tests/fixtures/recorded/)."""
    if "recorded_replay" not in sys.modules:
        spec = importlib.util.spec_from_file_location("recorded_replay", RECORDED / "replay.py")
        sys.modules["recorded_replay"] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules["recorded_replay"]


replay = _load_replay()


@pytest.fixture(autouse=True)
def online(monkeypatch):
    """Tests talk to 127.0.0.1 only; a VEILLE_OFFLINE in the caller's shell must not leak in."""
    monkeypatch.delenv("VEILLE_OFFLINE", raising=False)

SHARED_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "ucdp" / "ucdp_candidate_26_0_1.csv"
TOKEN = "test-ucdp-token"
ENDPOINT = "/api/gedevents/26.0.1"
WEST_AFRICA = ["TGO", "BEN", "GHA", "BFA", "MLI", "NER"]
JANUARY = dict(start=date(2026, 1, 1), end=date(2026, 1, 31))
RECORDED_QUERY = {"pagesize": "60", "Country": "461,434,452,439,432,436",
                  "StartDate": "2026-01-01", "EndDate": "2026-01-31"}


def ucdp_gedevents(hit):
    if hit.headers.get("x-ucdp-access-token") != TOKEN:
        return 401, {"Message": "Authorization has been denied for this request."}, {}
    asked = {key: hit.query.get(key) for key in RECORDED_QUERY}
    if asked != RECORDED_QUERY:
        return 400, {"Message": f"not the recorded query: {asked}"}, {}
    page = RECORDED / "ucdp" / f"gedevents_26.0.1_page{hit.query.get('page')}.json"
    if not page.exists():
        return 200, {"TotalCount": 143, "TotalPages": 3, "PreviousPageUrl": "", "NextPageUrl": "",
                     "Result": []}, {}
    return 200, page.read_bytes(), {}


@pytest.fixture
def ucdp_api():
    with replay.ReplayServer() as server:
        server.route("GET", ENDPOINT, ucdp_gedevents)
        yield server


def fetch(server, out, **kw):
    args = dict(countries=WEST_AFRICA, base_url=server.base_url + "/api", token=TOKEN, page_size=60,
                **JANUARY)
    args.update(kw)
    return fetch_ucdp("26.0.1", out, **args)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_pages_through_every_page_and_writes_the_ged_csv(ucdp_api, tmp_path):
    seen = []
    result = fetch(ucdp_api, tmp_path / "ucdp_candidate_jan.csv", progress=lambda n, total: seen.append((n, total)))
    assert (result.rows, result.pages, result.source) == (143, 3, "ucdp_candidate")
    assert seen == [(60, 143), (120, 143), (143, 143)]
    rows = read_csv(result.path)
    assert len(rows) == 143 and len({row["id"] for row in rows}) == 143
    assert list(rows[0]) == list(GED_COLUMNS)
    assert {row["country"] for row in rows} == {"Togo", "Benin", "Ghana", "Burkina Faso", "Mali", "Niger"}
    assert result.url.startswith(ucdp_api.base_url + ENDPOINT + "?pagesize=60&page=0&Country=461%2C434")


def test_header_is_ucdps_own_download_header():
    if not SHARED_CSV.exists():
        pytest.skip("shared UCDP data not present")
    with open(SHARED_CSV, newline="", encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == GED_COLUMNS


def test_filters_token_and_page_numbers_reach_the_server(ucdp_api, tmp_path):
    fetch(ucdp_api, tmp_path / "ucdp_candidate.csv")
    hits = ucdp_api.hits_to(ENDPOINT)
    assert [hit.query["page"] for hit in hits] == ["0", "1", "2"]
    for hit in hits:
        assert {key: hit.query[key] for key in RECORDED_QUERY} == RECORDED_QUERY
        assert hit.headers["x-ucdp-access-token"] == TOKEN


def test_fetched_rows_equal_ucdps_csv_rows(ucdp_api, tmp_path):
    if not SHARED_CSV.exists():
        pytest.skip("shared UCDP data not present")
    fetched = {row["id"]: row for row in read_csv(fetch(ucdp_api, tmp_path / "c_candidate.csv").path)}
    original = {row["id"]: row for row in read_csv(SHARED_CSV) if row["id"] in fetched}
    assert len(original) == 143
    for ident, row in fetched.items():
        want = original[ident]
        for name in GED_COLUMNS:
            if name in ("latitude", "longitude"):
                assert float(row[name]) == float(want[name]), (ident, name)
            else:
                assert row[name] == want[name], (ident, name, row[name], want[name])


def test_fetched_file_imports_as_ucdp_candidate(ucdp_api, tmp_path, store):
    from veille.sources.ingest import ingest

    result = fetch(ucdp_api, tmp_path / "ucdp_candidate_26_0_1.csv")
    report = ingest(store, "ucdp", [result.path])[0]
    assert (report.read, report.inserted, report.quarantined) == (143, 143, 0)
    events = store.events()
    assert set(events["source"]) == {"ucdp_candidate"}
    assert set(events["country_iso3"]) == {"TGO", "BEN", "GHA", "BFA", "MLI", "NER"}


def test_a_folder_gets_the_release_file_name(ucdp_api, tmp_path):
    result = fetch(ucdp_api, tmp_path)
    assert result.path == tmp_path / "ucdp_candidate_26_0_1.csv"
    assert result.path.exists()


def test_candidate_file_name_must_say_candidate(ucdp_api, tmp_path):
    with pytest.raises(InvalidValue, match="candidate"):
        fetch(ucdp_api, tmp_path / "events.csv")
    assert ucdp_api.hits == []


def test_versions_countries_and_dates_are_checked_before_any_request(ucdp_api, tmp_path):
    assert ucdp_source("25.1") == "ucdp" and ucdp_source("26.0.11") == "ucdp_candidate"
    assert gw_codes(["tgo", "CIV", "475"]) == [461, 437, 475]
    with pytest.raises(InvalidValue, match="25.1"):
        fetch_ucdp("latest", tmp_path, base_url=ucdp_api.base_url)
    with pytest.raises(InvalidValue, match="ISO3"):
        fetch(ucdp_api, tmp_path, countries=["XYZ"])
    with pytest.raises(InvalidValue, match="after"):
        fetch(ucdp_api, tmp_path, start=date(2026, 2, 1), end=date(2026, 1, 1))
    assert ucdp_api.hits == []


def test_missing_token_is_refused_with_a_hint_and_no_file(ucdp_api, tmp_path, monkeypatch):
    monkeypatch.delenv("VEILLE_UCDP_TOKEN", raising=False)
    out = tmp_path / "ucdp_candidate.csv"
    with pytest.raises(UpstreamError, match="VEILLE_UCDP_TOKEN") as caught:
        fetch(ucdp_api, out, token="")
    assert "401" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_wrong_token_is_never_echoed(ucdp_api, tmp_path):
    with pytest.raises(UpstreamError) as caught:
        fetch(ucdp_api, tmp_path / "ucdp_candidate.csv", token="secret-wrong-token")
    assert "secret-wrong-token" not in caught.value.message


def test_unknown_release_says_what_versions_look_like(ucdp_api, tmp_path):
    with pytest.raises(UpstreamError, match="no release '26.0.13'"):
        fetch_ucdp("26.0.13", tmp_path, base_url=ucdp_api.base_url + "/api", token=TOKEN)


def test_failure_on_a_later_page_leaves_no_partial_file(ucdp_api, tmp_path):
    ucdp_api.fail(ENDPOINT, 500, times=1)  # the first page gets through after one retry
    original = ucdp_api.routes[("GET", ENDPOINT)]

    def broken_after_first(hit):
        if hit.query.get("page") == "1":
            return 200, {"Message": "An error has occurred."}, {}
        return original(hit)

    ucdp_api.route("GET", ENDPOINT, broken_after_first)
    with pytest.raises(UpstreamError, match="without a Result list"):
        fetch(ucdp_api, tmp_path / "ucdp_candidate.csv")
    assert list(tmp_path.iterdir()) == []


def test_event_without_required_fields_is_refused(ucdp_api, tmp_path):
    body = json.loads((RECORDED / "ucdp" / "gedevents_26.0.1_page0.json").read_text())
    del body["Result"][5]["date_start"]
    ucdp_api.route("GET", ENDPOINT, lambda hit: (200, body, {}))
    with pytest.raises(UpstreamError, match="lacks date_start"):
        fetch(ucdp_api, tmp_path / "ucdp_candidate.csv")
    assert list(tmp_path.iterdir()) == []


def test_offline_setting_refuses_without_a_request(ucdp_api, tmp_path, monkeypatch):
    monkeypatch.setenv("VEILLE_OFFLINE", "1")
    with pytest.raises(Offline, match="veille ingest ucdp"):
        fetch(ucdp_api, tmp_path / "ucdp_candidate.csv")
    assert ucdp_api.hits == []
    assert list(tmp_path.iterdir()) == []

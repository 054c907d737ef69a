"""fetch_acled against recorded ACLED API answers (fictional rows) on a local server."""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from veille.errors import InvalidValue, Offline, UpstreamError
from veille.sources.fetch import fetch_acled
from veille.sources.fetch.acled import ACLED_COLUMNS, acled_country_names

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

USER, PASSWORD = "analyst@example.org", "correct horse battery staple"
ACCESS_TOKEN = "fixture-access-token-not-a-secret"
READ = "/api/acled/read"
RECORDED_QUERY = {"_format": "json", "country": "Togo", "country_where": "=",
                  "event_date": "2024-01-01|2024-12-31", "event_date_where": "BETWEEN", "limit": "3"}
YEAR_2024 = dict(start=date(2024, 1, 1), end=date(2024, 12, 31))


def oauth_token(hit):
    form = hit.form
    if form.get("grant_type") != "password" or form.get("client_id") != "acled":
        return 400, {"error": "unsupported_grant_type"}, {}
    if (form.get("username"), form.get("password")) != (USER, PASSWORD):
        return 400, {"error": "invalid_grant", "error_description": "The user credentials were incorrect.",
                     "message": "The user credentials were incorrect."}, {}
    return 200, replay.recorded("acled/token.json"), {}


def acled_read(hit):
    if hit.headers.get("authorization") != f"Bearer {ACCESS_TOKEN}":
        return 401, {"message": "Unauthorized"}, {}
    asked = {key: hit.query.get(key) for key in RECORDED_QUERY}
    if asked != RECORDED_QUERY:
        return 400, {"status": 400, "success": False, "error": f"not the recorded query: {asked}"}, {}
    return 200, replay.recorded(f"acled/read_page{hit.query['page']}.json"), {}


@pytest.fixture
def acled_api():
    with replay.ReplayServer() as server:
        server.route("POST", "/oauth/token", oauth_token)
        server.route("GET", READ, acled_read)
        yield server


def fetch(server, out, **kw):
    args = dict(countries=["TGO"], username=USER, password=PASSWORD, base_url=server.base_url,
                page_size=3, **YEAR_2024)
    args.update(kw)
    return fetch_acled(out, **args)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_logs_in_then_pages_until_a_short_page(acled_api, tmp_path):
    seen = []
    result = fetch(acled_api, tmp_path / "acled_tgo_2024.csv", progress=lambda n, total: seen.append((n, total)))
    assert (result.rows, result.pages, result.source) == (7, 3, "acled")
    assert seen == [(3, 7), (6, 7), (7, 7)]
    rows = read_csv(result.path)
    assert list(rows[0]) == list(ACLED_COLUMNS)
    assert [row["event_id_cnty"] for row in rows] == [f"TGO9900{n}" for n in range(1, 8)]
    assert rows[3]["assoc_actor_1"] == "Students (Togo)" and rows[0]["fatalities"] == "2"


def test_sends_the_oauth_form_bearer_token_and_filters(acled_api, tmp_path):
    fetch(acled_api, tmp_path / "acled.csv")
    login, *reads = acled_api.hits
    assert (login.method, login.path) == ("POST", "/oauth/token")
    assert login.form == {"username": USER, "password": PASSWORD, "grant_type": "password", "client_id": "acled"}
    assert [hit.query["page"] for hit in reads] == ["1", "2", "3"]
    assert [hit.query.get("with_total") for hit in reads] == ["true", None, None]
    for hit in reads:
        assert hit.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
        assert {key: hit.query[key] for key in RECORDED_QUERY} == RECORDED_QUERY


def test_fetched_file_imports_cleanly(acled_api, tmp_path, store):
    from veille.sources.ingest import ingest

    result = fetch(acled_api, tmp_path / "acled.csv")
    report = ingest(store, "acled", [result.path])[0]
    assert (report.read, report.inserted, report.quarantined) == (7, 7, 0)
    events = store.events()
    assert set(events["source"]) == {"acled"} and set(events["country_iso3"]) == {"TGO"}
    assert int(events["fatalities"].sum()) == 11


def test_several_countries_become_one_or_query():
    assert acled_country_names(["TGO", "Ivory Coast", "CIV", "BEN"]) == ["Togo", "Ivory Coast", "Benin"]
    with pytest.raises(InvalidValue, match="ISO3|ACLED's names"):
        acled_country_names(["XYZ"])
    with pytest.raises(InvalidValue, match="at least one country"):
        acled_country_names([])


def test_missing_credentials_name_the_settings(acled_api, tmp_path, monkeypatch):
    monkeypatch.delenv("VEILLE_ACLED_USERNAME", raising=False)
    monkeypatch.delenv("VEILLE_ACLED_PASSWORD", raising=False)
    with pytest.raises(InvalidValue, match="VEILLE_ACLED_USERNAME and VEILLE_ACLED_PASSWORD"):
        fetch(acled_api, tmp_path / "acled.csv", username=None, password=None)
    assert acled_api.hits == []


def test_refused_login_never_shows_the_password(acled_api, tmp_path):
    with pytest.raises(UpstreamError, match="refused the login") as caught:
        fetch(acled_api, tmp_path / "acled.csv", password="my-secret-password")
    assert "my-secret-password" not in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_rejected_token_on_read_is_an_upstream_error(acled_api, tmp_path):
    acled_api.route("POST", "/oauth/token", lambda hit: (200, {"access_token": "stale", "expires_in": 1}, {}))
    with pytest.raises(UpstreamError, match="refused the data"):
        fetch(acled_api, tmp_path / "acled.csv")
    assert list(tmp_path.iterdir()) == []


def test_api_error_inside_a_200_answer_is_reported(acled_api, tmp_path):
    acled_api.route("GET", READ, lambda hit: (200, {"status": 403, "success": False,
                                                    "error": {"message": "Access denied"}}, {}))
    with pytest.raises(UpstreamError, match="status 403: .*Access denied"):
        fetch(acled_api, tmp_path / "acled.csv")


def test_offline_setting_refuses_without_a_request(acled_api, tmp_path, monkeypatch):
    monkeypatch.setenv("VEILLE_OFFLINE", "true")
    with pytest.raises(Offline, match="veille ingest acled"):
        fetch(acled_api, tmp_path / "acled.csv")
    assert acled_api.hits == []

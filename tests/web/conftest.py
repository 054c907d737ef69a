"""A small real database for the web tests: the bundled UCDP sample, two organisations
with an account per role, and records at every TLP — an AMBER event and report owned by
``ewc``, a RED event named for one analyst, an AMBER alert derived from the AMBER event."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from fastapi.testclient import TestClient
from tests.conftest import DATA

from veille.store import Store, access
from veille.store import alerts as alert_table
from veille.store import reports as report_table

PASSWORD = "correct horse battery"
KEY = report_table.new_key()


def _build(path) -> dict:
    from veille.sources import community
    from veille.sources.ingest import ingest

    ids: dict = {}
    with Store(path) as store:
        ingest(store, "ucdp", [DATA / "ucdp" / "ucdp_ged_23_1_sample1000.csv"])
        access.add_org(store, "ewc", "Early-warning centre", receives_reports=True)
        access.add_org(store, "partner", "Partner NGO")
        access.add_org(store, "other", "Other NGO")
        for email, role, org in (("admin@ewc.test", "admin", "ewc"), ("analyst@ewc.test", "analyst", "ewc"),
                                 ("viewer@ewc.test", "viewer", "ewc"), ("viewer@partner.test", "viewer", "partner"),
                                 ("analyst@other.test", "analyst", "other"), ("admin@other.test", "admin", "other")):
            ids[email] = access.add_user(store, email, PASSWORD, role, org).user_id
        analyst = access.get_user(store, ids["analyst@ewc.test"])
        report = community.submit(store, community.Submission(
            text="Secret-sounding AMBER report about Dapaong market", channel="web", place="Dapaong",
            country_iso3="TGO", event_date=dt.date(2020, 5, 1), contact="+228 99 99 99 99"), key=KEY)
        amber = community.verify_report(store, analyst, report, "Violence against civilians", "Attack",
                                        fatalities=3, notes="AMBERNOTE verified report")
        pending = community.submit(store, community.Submission(
            text="Armed men seen near Mandouri at night", channel="sms", place="Mandouri", country_iso3="TGO",
            event_date=dt.date(2020, 5, 2), contact="+228 11 22 33 44"), key=KEY)
        public = store.events().iloc[0]["event_id"]
        red = store.events().iloc[1]["event_id"]
        access.set_tlp(store, "event", red, "RED", analyst, readers=[])
        green = store.events().iloc[2]["event_id"]
        access.set_tlp(store, "event", green, "GREEN", analyst)
        alert_table.save_alerts(store, [
            {"alert_id": "amberalert0000000001", "rule": "test", "kind": "fatalities", "severity": "high",
             "country_iso3": "TGO", "unit": "TG05", "unit_name": "Savanes", "period": "2020-05",
             "title": "AMBERALERT in Savanes", "detail": "", "value": 3.0, "evidence": [amber], "tlp": "AMBER"},
            {"alert_id": "clearalert0000000001", "rule": "test", "kind": "fatalities", "severity": "low",
             "country_iso3": "TGO", "unit": "TG01", "unit_name": "Maritime", "period": "2020-04",
             "title": "Public alert in Maritime", "detail": "", "value": 1.0, "evidence": [public], "tlp": "CLEAR"}])
        from veille.store.search import adopt_derived_alerts

        adopt_derived_alerts(store)
    ids.update(amber_event=amber, red_event=red, green_event=green, public_event=public, amber_report=report,
               pending_report=pending)
    return ids


@pytest.fixture(scope="session")
def web_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("webdb") / "template.duckdb"
    ids = _build(str(path))
    return path, ids


@pytest.fixture(params=["duckdb", pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.slow])])
def web_db(request, web_template, tmp_path):
    """A fresh copy of the web database: a DuckDB file, then (with the slow tests) the
    same rows copied by migrate-store into a PostgreSQL schema."""
    template, ids = web_template
    path = tmp_path / "web.duckdb"
    shutil.copy(template, path)
    if request.param == "duckdb":
        return str(path), ids
    from veille.store.transfer import copy_store

    url = request.getfixturevalue("new_pg_url")()
    copy_store(str(path), url)
    return url, ids


@pytest.fixture
def make_client(web_db):
    """A TestClient over a fresh copy of the database; ``make_client(**settings)``."""
    from veille.web import WebConfig, create_app

    opened = []

    def make(**overrides) -> TestClient:
        overrides.setdefault("reports_key", KEY)
        overrides.setdefault("sms_webhook_key", "gateway-secret")
        config = WebConfig.from_settings(web_db[0], **overrides)
        client = TestClient(create_app(config=config), base_url="https://testserver")
        client.__enter__()
        opened.append(client)
        return client

    make.ids = web_db[1]
    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client):
    return make_client()


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry."""
    import re

    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log in through the form; return the session's CSRF token."""
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": password, "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client, "/account")


def bearer(make_client, email: str) -> dict:
    """Authorization header of a fresh API token for ``email``."""
    from veille.web.app import StorePool  # noqa: F401

    client = make_client()
    store = client.app.state.pool.base
    user = access.find_user(store, email)
    _, secret = access.create_token(store, user.user_id, "test")
    return {"Authorization": f"Bearer {secret}"}

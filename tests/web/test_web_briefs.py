"""Briefs and responses on the dashboard: built through the reader's own view of the
store, kept at their TLP, read and downloaded with an audit entry each time."""


import pytest
from tests.web.conftest import bearer, login

from veille.model import Tlp
from veille.store import Store, access
from veille.store import briefs as brief_table
from veille.store.audience import Audience
from veille.store.reader import reader_store


def test_reader_store_narrows_every_query_whoever_writes_it(web_db):
    path, ids = web_db
    with Store(path) as store:
        partner = access.find_user(store, "viewer@partner.test").audience
        everything = store._con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        with reader_store(store, partner) as reader:
            seen = reader._con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            amber = reader._con.execute("SELECT count(*) FROM events WHERE event_id = ?", [ids["amber_event"]]).fetchall()
            alerts = {r[0] for r in reader._con.execute("SELECT alert_id FROM alerts").fetchall()}
            reports = reader._con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
            with pytest.raises(reader._backend.errors, match="base table|not an? table|view|read-only"):
                reader._con.execute("UPDATE events SET tlp = 'CLEAR'")
            from veille.alerts import list_alerts

            assert set(list_alerts(reader)["alert_id"]) == alerts  # another module's SQL, narrowed too
        assert seen == everything - 2 and amber == [(0,)]  # the AMBER and the RED event
        assert alerts == {"clearalert0000000001"} and reports == 0
        assert store._con.execute("SELECT count(*) FROM events").fetchall()[0][0] == everything  # untouched
    with Store(path) as store, reader_store(store, Audience(user_id="x", org_id="ewc", shared=False)) as own:
        assert own._con.execute("SELECT count(*) FROM events WHERE event_id = ?", [ids["amber_event"]]).fetchall() == [(1,)]


def _stored_brief(store, tlp, org) -> str:
    brief_id = brief_table.queue_brief(store, ("TGO",), None, "2020-05", "en", tlp, None, org)
    name = tlp.value
    brief_table.finish_brief(store, brief_id, f"{name} brief", f"<h1>{name} brief</h1>", f"# {name} brief", b"%PDF-1.4")
    return brief_id


def test_briefs_are_read_at_their_tlp_and_downloads_are_audited(make_client):
    client = make_client()
    store = client.app.state.pool.base
    green, amber = _stored_brief(store, Tlp.GREEN, None), _stored_brief(store, Tlp.AMBER, "ewc")
    assert client.get("/api/briefs").status_code == 401  # briefs are for logged-in users
    partner = bearer(make_client, "viewer@partner.test")
    listed = {b["brief_id"] for b in client.get("/api/briefs", headers=partner).json()["briefs"]}
    assert green in listed and amber not in listed
    assert client.get(f"/api/briefs/{amber}/md", headers=partner).status_code == 404
    ewc = bearer(make_client, "viewer@ewc.test")
    assert client.get(f"/api/briefs/{amber}/md", headers=ewc).text == "# AMBER brief"
    pdf = client.get(f"/api/briefs/{green}/pdf", headers=partner)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content == b"%PDF-1.4"
    assert "attachment" in pdf.headers["content-disposition"]
    audit = client.get("/api/audit?action=export.brief.*", headers=bearer(make_client, "admin@ewc.test")).json()
    assert [e["target"] for e in audit["entries"]][:2] == [green, amber]
    page = make_client()
    login(page, "viewer@ewc.test")
    assert "AMBER brief" in page.get("/briefs").text and "Write a brief" not in page.get("/briefs").text


def test_asking_for_a_brief_needs_an_analyst_and_an_organisation_for_amber(make_client):
    client = make_client()
    viewer = bearer(make_client, "viewer@ewc.test")
    assert client.post("/api/briefs", json={"countries": ["TGO"]}, headers=viewer).status_code == 403
    bad = client.post("/api/briefs", json={"countries": ["TGO"], "tlp": "RED"}, headers=bearer(make_client,
                                                                                              "analyst@ewc.test"))
    assert bad.status_code == 400


def test_responses_board_follows_tlp_and_moves_cards(make_client):
    from veille.alerts.responses import add_response

    client = make_client()
    store = client.app.state.pool.base
    public = add_response(store, "Brief the prefect of Tône", "community_policing", owner="EWC",
                          due="2020-06-01", alert_ids=["clearalert0000000001"], country_iso3="TGO")
    secret = add_response(store, "Move the patrol to Mandouri", "military_readiness", country_iso3="TGO", tlp="AMBER")
    access.set_owner(store, "response", secret, "ewc")
    partner = client.get("/api/responses", headers=bearer(make_client, "viewer@partner.test")).json()
    shown = {r["response_id"] for cards in partner["board"].values() for r in cards}
    assert public in shown and secret not in shown
    analyst = bearer(make_client, "analyst@ewc.test")
    board = client.get("/api/responses", headers=analyst).json()
    assert secret in {r["response_id"] for r in board["board"]["planned"]}
    moved = client.post(f"/api/responses/{public}/status", json={"status": "in_progress"}, headers=analyst)
    assert moved.json() == {"ok": True, "response_id": public, "status": "in_progress"}
    other = bearer(make_client, "analyst@other.test")
    assert client.post(f"/api/responses/{secret}/status", json={"status": "done"}, headers=other).status_code == 404
    page = make_client()
    login(page, "analyst@ewc.test")
    assert "Move the patrol to Mandouri" in page.get("/responses").text


@pytest.mark.slow
def test_a_green_brief_never_sees_amber_but_the_owners_amber_brief_does(make_client):
    """Built for real (forecast, impact, charts, PDF) for Nigeria, whose deadliest UCDP
    event of December 2019 is made AMBER for ewc: about a minute."""
    from tests.conftest import DATA

    from veille.sources.ingest import ingest

    client = make_client()
    store = client.app.state.pool.base
    ingest(store, "ucdp", [DATA / "ucdp" / "ucdp_ged_nigeria_hdx.csv"])
    event_id, location = store._con.execute(
        "SELECT event_id, location FROM events WHERE country_iso3 = 'NGA' AND source = 'ucdp' AND event_date "
        "BETWEEN '2019-12-01' AND '2019-12-31' ORDER BY fatalities DESC, event_id LIMIT 1").fetchall()[0]
    access.set_tlp(store, "event", event_id, "AMBER", access.find_user(store, "analyst@ewc.test"))
    analyst = bearer(make_client, "analyst@ewc.test")
    made = {}
    for tlp in ("GREEN", "AMBER"):
        response = client.post("/api/briefs", json={"countries": ["NGA"], "month": "2019-12", "tlp": tlp},
                               headers=analyst)
        assert response.status_code == 202
        made[tlp] = response.json()["brief_id"]
        client.app.state.brief_jobs[made[tlp]].result(timeout=600)
    for brief_id in made.values():
        info = client.get(f"/api/briefs/{brief_id}", headers=analyst).json()["brief"]
        assert info["status"] == "ready" and info["has_pdf"], info
    green = client.get(f"/api/briefs/{made['GREEN']}/md", headers=analyst).text
    amber = client.get(f"/api/briefs/{made['AMBER']}/md", headers=analyst).text
    assert location not in green and location in amber
    partner = bearer(make_client, "viewer@partner.test")
    assert client.get(f"/api/briefs/{made['AMBER']}/md", headers=partner).status_code == 404
    assert client.get(f"/api/briefs/{made['GREEN']}/pdf", headers=partner).content.startswith(b"%PDF")

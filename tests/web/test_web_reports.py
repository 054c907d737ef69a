"""Community reports: three doors in, duplicates found, contacts encrypted and kept
from everyone but administrators, triage to an event or a reason."""

from pathlib import Path

from tests.web.conftest import bearer, csrf_of, login

from veille.store import Store

SMS = Path(__file__).resolve().parents[1] / "fixtures" / "sms"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def _raw_contact_rows(path) -> list:
    with Store(path) as store:
        return store._con.execute("SELECT contact_encrypted FROM reports WHERE contact_encrypted IS NOT NULL").fetchall()


def test_web_form_report_reaches_the_triage_queue_of_the_receiving_org(make_client, web_db):
    anonymous = make_client()
    token = csrf_of(anonymous, "/reports/new")
    response = anonymous.post("/reports/new", data={
        "csrf_token": token, "text": "Attaque d'un convoi près de Dapaong, deux blessés", "place": "Dapaong",
        "event_date": "2020-05-03", "contact": "+228 70 70 70 70"}, follow_redirects=False)
    assert response.status_code == 303
    report_id = response.headers["location"].split("sent=")[1]
    page = anonymous.get(response.headers["location"])
    assert report_id in page.text and "+228 70 70 70 70" not in page.text
    analyst = make_client()
    login(analyst, "analyst@ewc.test")
    queue = analyst.get("/api/reports").json()
    mine = next(r for r in queue["reports"] if r["report_id"] == report_id)
    assert mine["channel"] == "web" and mine["admin1"] == "Savanes" and mine["has_contact"] is True
    assert "contact" not in mine and "contact_encrypted" not in mine
    other = bearer(make_client, "analyst@other.test")
    assert report_id not in analyst.get("/api/reports", headers=other).text
    assert all(b"+228" not in bytes(blob) for (blob,) in _raw_contact_rows(web_db[0]))  # encrypted at rest


def test_duplicates_are_found_among_recent_reports_and_events(make_client):
    client = make_client()
    ids = make_client.ids
    response = client.post("/api/reports", json={"text": "Secret-sounding report about the Dapaong market attack",
                                                 "place": "Dapaong", "event_date": "2020-05-01"})
    assert response.status_code == 201 and set(response.json()) == {"ok", "report_id", "status"}
    report_id = response.json()["report_id"]
    analyst = bearer(make_client, "analyst@ewc.test")
    matches = client.get(f"/api/reports/{report_id}", headers=analyst).json()["matches"]
    found = {(m["kind"], m["other_id"]) for m in matches}
    assert ("event", ids["amber_event"]) in found and ("report", ids["amber_report"]) in found
    best = matches[0]
    assert best["km"] == 0.0 and best["days"] == 0 and best["score"] >= 0.9
    # another organisation's analyst sees neither the report nor, through it, the AMBER event
    assert client.get(f"/api/reports/{report_id}", headers=bearer(make_client, "analyst@other.test")).status_code == 404


def test_sms_webhooks_take_recorded_gateway_payloads(make_client):
    client = make_client()
    body = (SMS / "africastalking_incoming.txt").read_bytes()
    assert client.post("/api/reports/sms/africastalking?key=wrong", content=body, headers=FORM).status_code == 403
    response = client.post("/api/reports/sms/africastalking?key=gateway-secret", content=body, headers=FORM)
    assert response.status_code == 201
    report_id = response.json()["report_id"]
    twilio = client.post("/api/reports/sms/twilio?key=gateway-secret",
                         content=(SMS / "twilio_incoming.txt").read_bytes(), headers=FORM)
    assert twilio.status_code == 201
    admin = bearer(make_client, "admin@ewc.test")
    report = client.get(f"/api/reports/{report_id}", headers=admin).json()["report"]
    assert report["channel"] == "sms" and report["place"] == "Mandouri" and report["admin1"] == "Savanes"
    assert report["text"].startswith("des hommes armés ont attaqué le poste de gendarmerie")
    assert make_client(sms_webhook_key="").post("/api/reports/sms/twilio?key=x", content=b"Body=x",
                                                 headers=FORM).status_code == 404


def test_contact_details_are_for_administrators_only_and_the_view_is_audited(make_client):
    client = make_client()
    report = make_client.ids["pending_report"]
    analyst = make_client()
    login(analyst, "analyst@ewc.test")
    assert "+228 11 22 33 44" not in analyst.get(f"/triage/{report}").text
    assert analyst.get(f"/triage/{report}?reveal=true").status_code == 403
    admin = make_client()
    login(admin, "admin@ewc.test")
    page = admin.get(f"/triage/{report}?reveal=true")
    assert page.status_code == 200 and "+228 11 22 33 44" in page.text
    entries = client.get("/api/audit?action=report.contact.view", headers=bearer(make_client, "admin@ewc.test"))
    assert entries.json()["entries"][0]["target"] == report
    for url in ("/api/reports?status=", "/api/events.csv", "/api/audit?limit=100", f"/api/reports/{report}"):
        assert "+228 11 22 33 44" not in admin.get(url).text, url


def test_refused_submissions_never_echo_the_contact(client):
    response = client.post("/api/reports", json={"text": "", "contact": "+228 55 44 33 22"})
    assert response.status_code == 400 and "+228 55 44 33 22" not in response.text
    response = client.post("/api/reports", json={"text": "x", "latitude": 95, "contact": "+228 55 44 33 22"})
    assert response.status_code == 400 and "+228 55 44 33 22" not in response.text


def test_report_submission_is_rate_limited(make_client):
    client = make_client(report_limit=2)
    codes = [client.post("/api/reports", json={"text": f"report {i}"}).status_code for i in range(3)]
    assert codes == [201, 201, 429]


def test_triage_verifies_into_an_amber_event_links_or_rejects(make_client):
    client = make_client()
    ids = make_client.ids
    csrf = login(client, "analyst@ewc.test")
    pending = ids["pending_report"]
    response = client.post(f"/triage/{pending}", data={
        "csrf_token": csrf, "decision": "verify", "event_type": "Battles", "sub_event_type": "Armed clash",
        "fatalities": "1", "tlp": "AMBER", "notes": "Verified by phone"}, follow_redirects=False)
    assert response.status_code == 303
    event_id = response.headers["location"].rsplit("/", 1)[1]
    event = client.get(f"/api/events/{event_id}").json()["event"]
    assert (event["source"], event["tlp"], event["event_type"], event["fatalities"]) == ("report", "AMBER", "Battles", 1)
    assert event["admin1"] == "Savanes"
    assert client.get(f"/api/events/{event_id}", headers=bearer(make_client, "viewer@partner.test")).status_code == 404
    again = client.post(f"/api/reports/{pending}/triage", json={"decision": "reject", "reason": "x"},
                        headers={"X-CSRF-Token": csrf})
    assert again.status_code == 409
    new = client.post("/api/reports", json={"text": "Checkpoint attacked north of the town"},
                      headers={"X-CSRF-Token": csrf}).json()["report_id"]
    refused = client.post(f"/api/reports/{new}/triage", json={"decision": "reject", "reason": " "},
                          headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 400 and refused.json()["error"] == "reason: say why the report is rejected"
    linked = client.post(f"/api/reports/{new}/triage", json={"decision": "link", "event_id": ids["public_event"]},
                         headers={"X-CSRF-Token": csrf})
    assert linked.json()["status"] == "verified" and linked.json()["event_id"] == ids["public_event"]

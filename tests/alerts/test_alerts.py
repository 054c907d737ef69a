import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from analysis.helpers import make_events
from veille.alerts import (
    alert_id,
    deliver,
    evaluate,
    list_alerts,
    load_rules,
    run_alerts,
    send_email,
    send_webhook,
)
from veille.errors import InputRefused, Offline
from veille.store import Store
from veille.store import alerts as alert_table


def test_the_bundled_rules_load_and_cover_every_kind():
    kinds = {rule.kind for rule in load_rules()}
    assert kinds == {"new_admin2", "surge", "fatalities", "security_forces_near_border", "new_actor"}


def test_a_bad_rules_file_is_refused_naming_the_problem(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - id: x\n    kind: earthquake\n    severity: high\n")
    with pytest.raises(InputRefused, match="kind must be one of"):
        load_rules(path)


def test_an_alert_id_is_stable_for_rule_unit_and_period():
    assert alert_id("surge-admin1", "BF-08", "2019-01-05") == alert_id("surge-admin1", "BF-08", "2019-01-05")
    assert alert_id("surge-admin1", "BF-08", "2019-01-05") != alert_id("surge-admin1", "BF-08", "2019-01-12")


def test_an_attack_on_soldiers_near_the_front_in_togo_raises_a_critical_alert():
    events = make_events({"event_date": "2021-11-09", "border_km": 4.0, "actor2": "military-forces-tgo", "inter2": 1},
                         {"event_date": "2021-11-20", "border_km": 80.0, "actor2": "military-forces-tgo", "inter2": 1},
                         {"event_date": "2021-11-21", "border_km": 3.0, "actor2": "civilians-tgo", "inter2": 7})
    found = [a for a in evaluate(events) if a.rule == "security-forces-near-border"]
    assert len(found) == 1
    alert = found[0]
    assert (alert.severity, alert.country_iso3, alert.unit, alert.period) == ("critical", "TGO", "TG0503", "2021-11")
    assert alert.evidence == ("e0000",) and alert.value == 4.0
    assert "Togo" in alert.title and alert.tlp == "CLEAR"


def test_an_alert_is_as_restricted_as_its_most_sensitive_event():
    events = make_events({"event_date": "2021-11-09", "border_km": 4.0, "tlp": "AMBER"})
    assert {a.tlp for a in evaluate(events)} == {"AMBER"}


def test_running_the_rules_twice_keeps_one_row_per_alert(acled_files_store):
    store = acled_files_store
    first = run_alerts(store, since="2018-01-01")
    again = run_alerts(store, since="2018-01-01")
    assert first and all(a.new for a in first)
    assert [a.alert_id for a in again] == [a.alert_id for a in first] and not any(a.new for a in again)
    table = list_alerts(store)
    assert len(table) == len(first) and set(table["seen_count"]) == {2}
    assert min(table["period"]) >= "2018-01"


def test_the_first_alert_on_burkina_faso_est_fires_with_its_evidence(acled_files_store):
    run_alerts(acled_files_store, since="2015-01-01")
    est = list_alerts(acled_files_store, countries=("BFA",), rules=("first-attack-new-admin2",))
    est = est[est["unit"].isin(["BF-GOU", "BF-GNA", "BF-KMD", "BF-KMP", "BF-TAP"])].sort_values("period")
    first = est.iloc[0]
    assert (first["unit"], first["period"]) == ("BF-GOU", "2017-04")
    assert first["evidence_count"] == len(first["evidence"]) >= 1
    assert all(len(e) == 20 for e in first["evidence"])


@pytest.fixture(scope="module")
def acled_files_store():
    from analysis.conftest import ACLED_DIR
    from veille.sources.ingest import ingest

    files = sorted(ACLED_DIR.glob("*.csv"))
    if not files:
        pytest.skip("ACLED files are not in ../shared/data/acled")
    with Store(":memory:") as store:
        ingest(store, "acled", files)
        yield store


# ---- delivery against real servers on localhost ---------------------------------------

@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:  # a free port: the controller checks it can connect to what it binds
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@pytest.fixture
def webhook_server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Content-Type"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def sample_alerts():
    events = make_events({"event_date": "2021-11-09", "border_km": 4.0})
    return [a.as_dict() for a in evaluate(events)]


def test_alerts_are_emailed_through_a_real_smtp_server(smtp_server):
    port, received = smtp_server
    alerts = sample_alerts()
    send_email(alerts, "analyst@example.org", host="127.0.0.1", port=port)
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "analyst@example.org" and "critical" in message["Subject"]
    parts = list(message.walk())
    body = next(p for p in parts if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "e0000" in body and "Togo" in body
    attached = next(p for p in parts if p.get_content_type() == "application/json")
    assert {a["alert_id"] for a in json.loads(attached.get_payload(decode=True))} == {a["alert_id"] for a in alerts}


def test_alerts_are_posted_as_json_to_a_real_webhook(webhook_server):
    url, received = webhook_server
    alerts = sample_alerts()
    assert send_webhook(alerts, url) == 204
    content_type, payload = received[0]
    assert content_type == "application/json" and payload["source"] == "veille"
    assert payload["alerts"][0]["evidence"] == ["e0000"]


def test_deliver_sends_each_alert_once_per_target(store, webhook_server, smtp_server):
    url, posted = webhook_server
    port, mailed = smtp_server
    alerts = sample_alerts()
    alert_table.save_alerts(store, alerts)
    sent = deliver(store, alerts, email_to="a@example.org", webhook_url=url, smtp={"host": "127.0.0.1", "port": port})
    assert sent == {"email": len(alerts), "webhook": len(alerts)}
    assert deliver(store, alerts, email_to="a@example.org", webhook_url=url,
                   smtp={"host": "127.0.0.1", "port": port}) == {"email": 0, "webhook": 0}
    assert len(posted) == 1 and len(mailed) == 1


def test_an_unreachable_webhook_is_reported_offline_and_recorded(store):
    alerts = sample_alerts()
    with pytest.raises(Offline, match="cannot reach the webhook"):
        deliver(store, alerts, webhook_url="http://127.0.0.1:9/hook")
    assert alert_table.delivered_alert_ids(store, "webhook", "http://127.0.0.1:9/hook") == set()

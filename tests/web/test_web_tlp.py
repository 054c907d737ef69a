"""TLP is enforced in the store's queries: no route, in any format, hands a reader a
record above their clearance (docs/web.md, "TLP")."""

import pytest
from tests.web.conftest import bearer, login

from veille.store import EventFilter, Store, access
from veille.store.audience import Audience
from veille.store.search import EventSearch, count_events

SECRETS = ("AMBERNOTE", "AMBERALERT", "Secret-sounding")


def _ids(rows) -> set[str]:
    return {r["event_id"] for r in rows}


def test_each_reader_sees_exactly_their_tlp(web_db):
    path, ids = web_db
    with Store(path) as store:
        def visible(email=None) -> set[str]:
            audience = access.find_user(store, email).audience if email else Audience.anonymous()
            frame = store.events(EventFilter(audience=audience, columns=("event_id", "tlp")))
            return set(frame["event_id"])

        everything = set(store.events(EventFilter(columns=("event_id",)))["event_id"])
        anonymous = visible()
        partner = visible("viewer@partner.test")
        ewc_viewer = visible("viewer@ewc.test")
        ewc_analyst = visible("analyst@ewc.test")
        other_admin = visible("admin@other.test")
    amber, red, green = ids["amber_event"], ids["red_event"], ids["green_event"]
    assert len(everything) == 1001  # the UCDP sample and the verified report
    assert anonymous == everything - {amber, red, green}
    assert partner == anonymous | {green}
    assert ewc_viewer == partner | {amber}
    assert ewc_analyst == ewc_viewer | {red}  # RED: the analyst who set it is its one named reader
    assert other_admin == partner  # an admin does not see another organisation's owned AMBER


def test_sharing_amber_with_a_partner_takes_effect_at_once(web_db):
    path, ids = web_db
    with Store(path) as store:
        viewer = access.find_user(store, "viewer@partner.test").audience
        before = count_events(store, EventSearch(audience=viewer))
        access.share_amber(store, "ewc", "partner")
        assert count_events(store, EventSearch(audience=viewer)) == before + 1
        access.unshare_amber(store, "ewc", "partner")
        assert count_events(store, EventSearch(audience=viewer)) == before


ROUTES = ("/api/events?limit=5000", "/api/events.csv", "/api/events.geojson?full=true&limit=100000",
          "/api/events.geojson", "/", "/?limit=5000", "/timeline", "/api/timeline?by=source", "/api/alerts",
          "/alerts", "/api/spillover?country=TGO", "/api/hotspots?country=TGO&months=2019-01:2020-12",
          "/api/reports/{amber_report}", "/api/events/{amber_event}", "/events/{amber_event}",
          "/events/{red_event}", "/api/alerts/amberalert0000000001", "/alerts/amberalert0000000001",
          "/api/reports?status=", "/triage?status=", "/triage/{amber_report}", "/api/forecasts")


@pytest.mark.parametrize("who", ["anonymous", "viewer@partner.test", "analyst@other.test", "admin@other.test"])
def test_no_route_leaks_an_amber_or_red_record(make_client, who):
    client = make_client()
    ids = make_client.ids
    headers = {} if who == "anonymous" else bearer(make_client, who)
    for route in ROUTES:
        url = route.format(**ids)
        response = client.get(url, headers=headers, follow_redirects=False)
        assert response.status_code < 500, url
        text = response.text
        for secret in SECRETS + (ids["amber_event"], ids["red_event"], ids["amber_report"]):
            if secret in url:
                continue  # the id a reader asked for by name: the answer must then be "not found"
            assert secret not in text, f"{who} received {secret} from {url}"
        if ids["amber_event"] in url or ids["red_event"] in url or ids["amber_report"] in url or "amberalert" in url:
            assert response.status_code in (401, 403, 404, 303), f"{who} opened {url}"


def test_the_owning_organisation_reads_its_amber_everywhere(make_client):
    client = make_client()
    ids = make_client.ids
    login(client, "analyst@ewc.test")
    assert "AMBERNOTE" in client.get(f"/api/events/{ids['amber_event']}").text
    assert ids["amber_event"] in client.get("/api/events.csv").text
    assert "AMBERALERT" in client.get("/api/alerts").text
    assert "AMBERNOTE" in client.get(f"/events/{ids['amber_event']}").text
    assert client.get(f"/api/events/{ids['red_event']}").status_code == 200


def test_tlp_counts_differ_in_the_analyses(make_client):
    client = make_client()
    anonymous = client.get("/api/timeline?country=TGO").json()["totals"]["events"]
    login(client, "analyst@ewc.test")
    analyst = client.get("/api/timeline?country=TGO").json()["totals"]["events"]
    assert analyst == anonymous + 1  # the AMBER event in Dapaong counts only for its owner


def test_raising_tlp_needs_an_organisation_and_is_audited(make_client):
    client = make_client()
    ids = make_client.ids
    headers = bearer(make_client, "analyst@ewc.test")
    public = ids["public_event"]
    response = client.put(f"/api/tlp/event/{public}", json={"tlp": "AMBER"}, headers=headers)
    assert response.status_code == 200
    partner = bearer(make_client, "viewer@partner.test")
    assert client.get(f"/api/events/{public}", headers=partner).status_code == 404
    assert client.get(f"/api/events/{public}").status_code == 404
    audit = client.get("/api/audit?action=tlp.set", headers=bearer(make_client, "admin@ewc.test")).json()
    assert audit["entries"][0]["target"] == f"event:{public}"
    viewer = bearer(make_client, "viewer@ewc.test")
    assert client.put(f"/api/tlp/event/{public}", json={"tlp": "CLEAR"}, headers=viewer).status_code == 403

"""The web's store code on both backends: TLP rules, accounts, tokens, reports, duplicate
matches, briefs, the reader's own view, facets and the timeline (PostgreSQL where
VEILLE_TEST_PG names a server)."""

import datetime as dt

import pytest

from veille.errors import NotFound, Unauthorized
from veille.model import Tlp
from veille.sources import community
from veille.store import EventFilter, access
from veille.store import briefs as brief_table
from veille.store import reports as report_table
from veille.store.audience import Audience
from veille.store.reader import reader_store
from veille.store.search import EventSearch, count_events, facets, monthly, search_rows, visible_alerts

KEY = report_table.new_key()


@pytest.fixture
def world(any_store):
    store = any_store
    access.add_org(store, "ewc", "EWC", receives_reports=True)
    access.add_org(store, "partner", "Partner")
    analyst = access.add_user(store, "analyst@ewc.test", "a long password", "analyst", "ewc")
    viewer = access.add_user(store, "viewer@partner.test", "a long password", "viewer", "partner")
    public = community.submit(store, community.Submission(
        text="Clash near Dapaong market", channel="web", place="Dapaong", event_date=dt.date(2024, 3, 2)), key=KEY)
    secret = community.submit(store, community.Submission(
        text="Abduction at Mandouri, armed men on motorbikes", channel="sms", place="Mandouri",
        event_date=dt.date(2024, 3, 3), contact="+228 90 00 00 01"), key=KEY)
    clear_event = community.verify_report(store, analyst, public, "Battles", "Armed clash", fatalities=1, tlp="CLEAR")
    amber_event = community.verify_report(store, analyst, secret, "Violence against civilians",
                                          "Abduction/forced disappearance", fatalities=0)
    return store, analyst, viewer, clear_event, amber_event, secret


def test_tlp_rules_hold_on_each_backend(world):
    store, analyst, viewer, clear_event, amber_event, secret = world
    everyone = EventSearch(audience=Audience.anonymous(), columns=("event_id", "tlp"))
    assert {r["event_id"] for r in search_rows(store, everyone)} == {clear_event}
    assert count_events(store, EventSearch(audience=viewer.audience)) == 1
    assert count_events(store, EventSearch(audience=analyst.audience)) == 2
    assert store.count_events(EventFilter(audience=viewer.audience)) == 1
    with pytest.raises(NotFound, match="no report"):
        report_table.get_report(store, viewer.audience, secret)
    access.share_amber(store, "ewc", "partner")
    assert count_events(store, EventSearch(audience=viewer.audience)) == 2
    access.set_tlp(store, "event", amber_event, "RED", analyst)
    assert count_events(store, EventSearch(audience=viewer.audience)) == 1
    assert count_events(store, EventSearch(audience=analyst.audience)) == 2


def test_reports_tokens_and_audit_on_each_backend(world):
    store, analyst, viewer, clear_event, amber_event, secret = world
    admin = access.add_user(store, "admin@ewc.test", "a long password", "admin", "ewc")
    assert report_table.reveal_contact(store, admin.audience, secret, KEY) == "+228 90 00 00 01"
    listed = report_table.list_reports(store, analyst.audience)
    assert set(listed["status"]) == {"verified"} and bool(listed["has_contact"].any())
    late = community.submit(store, community.Submission(
        text="Armed men on motorbikes abducted people at Mandouri", channel="api", place="Mandouri",
        event_date=dt.date(2024, 3, 3)), key=KEY)
    matches = report_table.matches_of(store, analyst.audience, late)
    assert {("event", amber_event), ("report", secret)} <= set(zip(matches["kind"], matches["other_id"]))
    assert report_table.matches_of(store, viewer.audience, late).empty
    token_id, token = access.create_token(store, analyst.user_id, "x")
    assert access.user_for_token(store, token).user_id == analyst.user_id
    access.revoke_token(store, token_id)
    with pytest.raises(Unauthorized, match="revoked"):
        access.user_for_token(store, token)
    access.audit(store, "export.events.csv", analyst, None, {"rows": 2}, "127.0.0.1")
    assert access.audit_log(store, action="export.*")["detail"].iloc[0] == '{"rows": 2}'


def test_reader_view_briefs_facets_and_timeline_on_each_backend(world):
    store, analyst, viewer, clear_event, amber_event, secret = world
    with reader_store(store, viewer.audience) as reader:
        assert reader.count_events() == 1
        assert reader._con.execute("SELECT count(*) FROM reports").fetchall()[0][0] == 0
    assert store.count_events() == 2  # the views were the reader's alone
    green = brief_table.queue_brief(store, ("TGO",), None, "2024-03", "en", Tlp.GREEN, analyst.user_id, None)
    amber = brief_table.queue_brief(store, ("TGO",), None, "2024-03", "en", Tlp.AMBER, analyst.user_id, "ewc")
    for brief_id in (green, amber):
        brief_table.finish_brief(store, brief_id, "t", "<p>x</p>", "x", b"%PDF")
    assert set(brief_table.list_briefs(store, viewer.audience)["brief_id"]) == {green}
    assert brief_table.brief_content(store, analyst.audience, amber, "pdf") == b"%PDF"
    counted = facets(store, EventSearch(audience=analyst.audience), ("country_iso3", "event_type", "source"))
    assert counted["source"] == [{"value": "report", "events": 2}]
    assert {r["value"] for r in counted["event_type"]} == {"Battles", "Violence against civilians"}
    months = monthly(store, EventSearch(audience=analyst.audience))
    assert months[["month", "events"]].values.tolist() == [["2024-03", 1], ["2024-03", 1]]
    assert visible_alerts(store, viewer.audience).empty
    actor = search_rows(store, EventSearch(audience=analyst.audience, text="dapaong", columns=("event_id",)))
    assert [r["event_id"] for r in actor] == [clear_event]

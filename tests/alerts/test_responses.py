"""Playbook and responses: real store, real alerts from the rules, the CLI in-process."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from analysis.helpers import make_events
from veille.alerts import (
    add_response,
    adopt,
    evaluate,
    get_response,
    list_alerts,
    list_responses,
    load_playbook,
    overdue_responses,
    recommend,
    response_history,
    update_response,
)
from veille.errors import Conflict, InputRefused, InvalidValue, NotFound
from veille.store import Store
from veille.store import alerts as alert_table
from veille.store.responses import CATEGORIES


def _alerts_in(store: Store) -> pd.DataFrame:
    events = make_events({"event_date": "2021-11-09", "border_km": 4.0, "actor2": "military-forces-tgo", "inter2": 1},
                         {"event_date": "2021-11-21", "border_km": 30.0, "event_type": "Violence against civilians",
                          "sub_event_type": "Attack", "actor2": "civilians-tgo", "inter2": 7})
    alert_table.save_alerts(store, (a.as_dict() for a in evaluate(events)))
    return list_alerts(store)


def test_the_bundled_playbook_covers_every_category():
    entries = load_playbook()
    assert {e.category for e in entries} == set(CATEGORIES)
    assert all(e.action_fr and e.action for e in entries)


def test_a_bad_playbook_is_refused_naming_the_entry(tmp_path):
    path = tmp_path / "playbook.yaml"
    path.write_text("entries:\n  - id: x\n    category: airstrikes\n    when: {alert_kinds: [surge]}\n"
                    "    action: a\n    action_fr: b\n")
    with pytest.raises(InputRefused, match="entry 1: entry x: category must be one of"):
        load_playbook(path)
    path.write_text("entries:\n  - id: x\n    category: joint_training\n    when: {indicator: mood, at_least: 1}\n"
                    "    action: a\n    action_fr: b\n")
    with pytest.raises(InputRefused, match="indicator must be one of"):
        load_playbook(path)


def test_alerts_and_indicator_levels_map_to_responses(store):
    alerts = _alerts_in(store)
    indicators = pd.DataFrame({"country_iso3": ["TGO", "TGO", "BEN"], "indicator": ["sahel_new_arrivals"] * 2 +
                               ["danger_to_civilians"], "value": [6622.0, 6622.0, 1.0]}).iloc[[0, 2]]
    found = recommend(alerts, indicators)
    critical = alerts[alerts["kind"] == "security_forces_near_border"]["alert_id"].tolist()
    readiness = found[found["entry_id"] == "border-readiness"].iloc[0]
    assert readiness["category"] == "military_readiness" and readiness["alert_ids"] == critical
    assert readiness["country_iso3"] == "TGO" and readiness["due_days"] == 7
    by_indicator = found[found["trigger"].str.startswith("sahel_new_arrivals")]
    assert set(by_indicator["entry_id"]) == {"host-communities-livelihoods", "refugee-reception"}
    assert by_indicator["trigger_value"].tolist() == [6622.0, 6622.0]
    assert "danger_to_civilians >= 3" not in set(found["trigger"])  # Benin's 1 is below the level


def test_responses_are_tracked_with_owner_due_date_status_and_alerts(store):
    alerts = _alerts_in(store)
    ids = alerts["alert_id"].tolist()[:2]
    rid = add_response(store, "Share incident details with Burkina Faso's services", "intelligence_sharing",
                       owner="SRI", due="2021-11-12", alert_ids=ids, country_iso3="tgo")
    row = get_response(store, rid)
    assert (row["status"], row["owner"], row["due_date"], row["country_iso3"]) == \
        ("planned", "SRI", dt.date(2021, 11, 12), "TGO")
    assert row["alert_ids"] == sorted(ids)
    assert list_responses(store, alert_id=ids[0])["response_id"].tolist() == [rid]
    late = overdue_responses(store, on="2021-11-20")
    assert late["response_id"].tolist() == [rid] and late["overdue"].all()
    update_response(store, rid, status="done", notes="sent 11 Nov")
    assert overdue_responses(store, on="2021-11-20").empty
    history = response_history(store, rid)
    assert history["field"].tolist() == ["created", "status", "notes"]
    assert history["new_value"].tolist() == ["planned", "done", "sent 11 Nov"]


def test_bad_response_values_are_refused(store):
    with pytest.raises(InvalidValue, match="category must be one of"):
        add_response(store, "Do it", "airstrikes")
    with pytest.raises(NotFound, match="no alert with id"):
        add_response(store, "Do it", "joint_training", alert_ids=["nope"])
    with pytest.raises(InvalidValue, match="YYYY-MM-DD"):
        add_response(store, "Do it", "joint_training", due="next week")
    rid = add_response(store, "Do it", "joint_training")
    with pytest.raises(Conflict):
        add_response(store, "Do it", "joint_training")
    with pytest.raises(InvalidValue, match="status must be one of"):
        update_response(store, rid, status="finished")
    assert list_responses(store)["response_id"].tolist() == [rid]


def test_adopting_recommendations_twice_adds_them_once(store):
    found = recommend(_alerts_in(store))
    new, again = adopt(store, found, "2021-11-30", lang="fr")
    assert len(new) == len(found) > 0 and again == []
    new2, again2 = adopt(store, found, "2021-11-30")
    assert new2 == [] and sorted(again2) == sorted(new)
    table = list_responses(store)
    assert set(table["status"]) == {"proposed"}
    readiness = table[table["playbook_entry"] == "border-readiness"].iloc[0]
    assert readiness["action"].startswith("Relever") and readiness["due_date"] == dt.date(2021, 12, 7)


def test_responses_command_adds_lists_updates_and_shows_overdue(cli):
    code = cli("responses", "add", "--action", "Joint patrol in Kpendjal", "--category", "joint_training",
               "--owner", "FAT", "--due", "2020-01-15", "--country", "TGO", "--json")
    assert code.code == 0, code.stderr
    rid = json.loads(code.stdout)["response_id"]
    listed = json.loads(cli("responses", "list", "--json").stdout)
    assert [r["response_id"] for r in listed] == [rid] and listed[0]["overdue"] is True
    late = cli("responses", "overdue", "--on", "2020-02-01", "--json")
    assert [r["response_id"] for r in json.loads(late.stdout)] == [rid]
    assert cli("responses", "update", rid, "--status", "in_progress").code == 0
    shown = json.loads(cli("responses", "show", rid, "--json").stdout)
    assert shown["status"] == "in_progress" and [h["field"] for h in shown["history"]] == ["created", "status"]
    bad = cli("responses", "update", rid, "--status", "finished")
    assert bad.code == 2 and "status must be one of" in bad.stderr
    missing = cli("responses", "show", "R000")
    assert missing.code == 1 and "no response" in missing.stderr

"""Responses in the store: actions with an owner, a due date and a status, linked to the
alerts they answer; every change kept in ``response_log``.

A response's id is given by the caller (``alerts/responses.py`` makes them): adding the
same id twice is refused, so adopting a playbook's recommendation again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from veille.errors import Conflict, InvalidValue, NotFound
from veille.model import Tlp
from veille.store.core import Store, _now

CATEGORIES = ("military_readiness", "intelligence_sharing", "joint_training", "community_policing",
              "conflict_resolution", "local_economies", "humanitarian_preparedness")
STATUSES = ("proposed", "planned", "in_progress", "done", "cancelled")
CLOSED = ("done", "cancelled")
RESPONSE_COLUMNS = ("response_id", "category", "action", "owner", "due_date", "status", "country_iso3",
                    "playbook_entry", "notes", "tlp", "created_at", "updated_at")
_EDITABLE = ("category", "action", "owner", "due_date", "status", "notes", "tlp")


def check_value(field: str, value) -> None:
    if field == "category" and value not in CATEGORIES:
        raise InvalidValue(f"category must be one of {', '.join(CATEGORIES)}, got {value!r}")
    if field == "status" and value not in STATUSES:
        raise InvalidValue(f"status must be one of {', '.join(STATUSES)}, got {value!r}")
    if field == "action" and not str(value or "").strip():
        raise InvalidValue("a response needs an action (what is to be done)")
    if field == "due_date" and value is not None and not isinstance(value, dt.date):
        raise InvalidValue(f"due date must be a date, got {value!r}")
    if field == "tlp":
        Tlp(value)


def insert_response(store: Store, response: dict, alert_ids: Iterable[str] = ()) -> str:
    """Add one response (a dict of RESPONSE_COLUMNS less the times) and its alert links."""
    for field in ("category", "action", "status", "due_date", "tlp"):
        check_value(field, response.get(field))
    con = store._con
    rid = response["response_id"]
    now = _now()
    alert_ids = sorted(set(alert_ids))
    with store.transaction():
        if con.execute("SELECT 1 FROM responses WHERE response_id = ?", [rid]).fetchall():
            raise Conflict(f"response {rid} exists already")
        if alert_ids:
            placeholders = ", ".join("?" for _ in alert_ids)
            known = {r[0] for r in con.execute(f"SELECT alert_id FROM alerts WHERE alert_id IN ({placeholders})",
                                               alert_ids).fetchall()}
            unknown = [a for a in alert_ids if a not in known]
            if unknown:
                raise NotFound(f"no alert with id {', '.join(unknown)}")
        values = [response.get(c) for c in RESPONSE_COLUMNS[:10]] + [now, now]
        con.execute(f"INSERT INTO responses ({', '.join(RESPONSE_COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in RESPONSE_COLUMNS)})", values)
        for alert_id in alert_ids:
            con.execute("INSERT INTO response_alerts (response_id, alert_id) VALUES (?, ?)", [rid, alert_id])
        con.execute("INSERT INTO response_log VALUES (?, ?, ?, ?, ?)", [rid, now, "created", None, response["status"]])
    return rid


def update_response(store: Store, response_id: str, **changes) -> dict:
    """Change some of category, action, owner, due_date, status, notes, tlp; log each change."""
    unknown = [k for k in changes if k not in _EDITABLE]
    if unknown:
        raise InvalidValue(f"cannot change {', '.join(unknown)} of a response (only {', '.join(_EDITABLE)})")
    before = get_response(store, response_id)
    now = _now()
    con = store._con
    with store.transaction():
        for field, value in changes.items():
            if value is None:
                continue
            check_value(field, value)
            old = before[field]
            if (old.isoformat() if hasattr(old, "isoformat") else old) == \
                    (value.isoformat() if hasattr(value, "isoformat") else value):
                continue
            con.execute(f"UPDATE responses SET {field} = ?, updated_at = ? WHERE response_id = ?",
                        [value, now, response_id])
            con.execute("INSERT INTO response_log VALUES (?, ?, ?, ?, ?)",
                        [response_id, now, field, None if old is None else str(old), str(value)])
    return get_response(store, response_id)


def link_alerts(store: Store, response_id: str, alert_ids: Iterable[str]) -> None:
    get_response(store, response_id)
    with store.transaction():
        for alert_id in sorted(set(alert_ids)):
            if not store._con.execute("SELECT 1 FROM alerts WHERE alert_id = ?", [alert_id]).fetchall():
                raise NotFound(f"no alert with id {alert_id}")
            if not store._con.execute("SELECT 1 FROM response_alerts WHERE response_id = ? AND alert_id = ?",
                                      [response_id, alert_id]).fetchall():
                store._con.execute("INSERT INTO response_alerts VALUES (?, ?)", [response_id, alert_id])


def _alert_links(store: Store, ids: list[str]) -> dict[str, list[str]]:
    if not ids:
        return {}
    placeholders = ", ".join("?" for _ in ids)
    rows = store._con.execute(f"SELECT response_id, alert_id FROM response_alerts WHERE response_id IN "
                              f"({placeholders}) ORDER BY alert_id", ids).fetchall()
    links: dict[str, list[str]] = {i: [] for i in ids}
    for rid, alert_id in rows:
        links[rid].append(alert_id)
    return links


def select_responses(store: Store, countries: tuple[str, ...] = (), statuses: tuple[str, ...] = (),
                     categories: tuple[str, ...] = (), due_before: dt.date | None = None, open_only: bool = False,
                     alert_id: str | None = None, max_tlp: Tlp = Tlp.RED) -> pd.DataFrame:
    """Responses, soonest due first, with ``alert_ids`` (list) beside each."""
    clauses, params = [], []

    def among(column: str, values) -> None:
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

    among("country_iso3", tuple(countries))
    among("status", tuple(statuses))
    among("category", tuple(categories))
    among("tlp", [t.value for t in Tlp if t.rank <= Tlp(max_tlp).rank])
    if open_only:
        clauses.append(f"status NOT IN ({', '.join('?' for _ in CLOSED)})")
        params.extend(CLOSED)
    if due_before is not None:
        clauses.append("due_date < ?")
        params.append(due_before)
    if alert_id:
        clauses.append("response_id IN (SELECT response_id FROM response_alerts WHERE alert_id = ?)")
        params.append(alert_id)
    sql = f"SELECT {', '.join(RESPONSE_COLUMNS)} FROM responses"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY due_date NULLS LAST, response_id"
    frame = store._con.execute(sql, params).df()
    links = _alert_links(store, frame["response_id"].tolist())
    frame["alert_ids"] = [links.get(r, []) for r in frame["response_id"]]
    if len(frame):
        frame["due_date"] = [d.date() if hasattr(d, "date") and d is not pd.NaT else None
                             for d in pd.to_datetime(frame["due_date"])]
    return frame


def get_response(store: Store, response_id: str) -> dict:
    frame = store._con.execute(f"SELECT {', '.join(RESPONSE_COLUMNS)} FROM responses WHERE response_id = ?",
                               [response_id]).fetchall()
    if not frame:
        raise NotFound(f"no response with id {response_id!r}")
    row = dict(zip(RESPONSE_COLUMNS, frame[0]))
    row["alert_ids"] = _alert_links(store, [response_id])[response_id]
    return row


def response_history(store: Store, response_id: str) -> pd.DataFrame:
    return store._con.execute("SELECT * FROM response_log WHERE response_id = ? ORDER BY changed_at",
                              [response_id]).df()


__all__ = ["CATEGORIES", "CLOSED", "RESPONSE_COLUMNS", "STATUSES", "get_response", "insert_response", "link_alerts",
           "response_history", "select_responses", "update_response"]

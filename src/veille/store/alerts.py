"""Alerts in the store: saved once, found again on later runs, listed, their deliveries kept.

An alert's id is stable (a hash of rule, unit and period, made by ``alerts/``), so a rule
that fires again for the same unit and period touches the existing row — ``last_seen_at``
and ``seen_count`` — instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping

import pandas as pd

from veille.errors import InvalidValue
from veille.model import Tlp
from veille.store.core import Store, _now

ALERT_COLUMNS = ("alert_id", "rule", "kind", "severity", "country_iso3", "unit", "unit_name", "period", "title",
                 "detail", "value", "evidence", "evidence_count", "tlp", "status", "first_seen_at",
                 "last_seen_at", "seen_count")
_NEW_FIELDS = ALERT_COLUMNS[:12] + ("tlp",)


def save_alerts(store: Store, alerts: Iterable[Mapping]) -> tuple[list[str], list[str]]:
    """Insert alerts not seen before; touch the ones already there. Each mapping has
    alert_id, rule, kind, severity, country_iso3, unit, unit_name, period, title, detail,
    value, evidence (a list of event ids) and tlp. Returns (new ids, ids seen again)."""
    rows = list(alerts)
    if not rows:
        return [], []
    ids = [row["alert_id"] for row in rows]
    if len(set(ids)) != len(ids):
        raise InvalidValue("an alert id occurs twice in one batch")
    now = _now()
    con = store._con
    for attempt in store.retrying():  # another alert run may be saving the same alerts
        with attempt:
            new, again = _save(con, rows, ids, now)
    return new, again


def _save(con, rows: list[Mapping], ids: list[str], now: dt.datetime) -> tuple[list[str], list[str]]:
    new: list[str] = []
    again: list[str] = []
    placeholders = ", ".join("?" for _ in ids)
    existing = {r[0] for r in con.execute(f"SELECT alert_id FROM alerts WHERE alert_id IN ({placeholders})",
                                          ids).fetchall()}
    for row in rows:
        evidence = sorted(set(row.get("evidence") or []))
        if row["alert_id"] in existing:
            con.execute("UPDATE alerts SET last_seen_at = ?, seen_count = seen_count + 1, evidence = ?, "
                        "evidence_count = ?, value = ?, detail = ? WHERE alert_id = ?",
                        [now, json.dumps(evidence), len(evidence), row.get("value"), row.get("detail"),
                         row["alert_id"]])
            again.append(row["alert_id"])
            continue
        tlp = Tlp(row.get("tlp") or Tlp.GREEN.value).value
        con.execute(
            f"INSERT INTO alerts ({', '.join(ALERT_COLUMNS)}) VALUES ({', '.join('?' for _ in ALERT_COLUMNS)})",
            [row["alert_id"], row["rule"], row["kind"], row["severity"], row.get("country_iso3"),
             row.get("unit"), row.get("unit_name"), row["period"], row["title"], row.get("detail"),
             row.get("value"), json.dumps(evidence), len(evidence), tlp, "open", now, now, 1])
        new.append(row["alert_id"])
    return new, again


def list_alerts(store: Store, countries: tuple[str, ...] = (), rules: tuple[str, ...] = (),
                severities: tuple[str, ...] = (), status: str | None = None, period_from: str | None = None,
                seen_since: dt.datetime | None = None, max_tlp: Tlp = Tlp.RED,
                limit: int | None = None) -> pd.DataFrame:
    """Alerts, newest period first; ``evidence`` comes back as a list of event ids."""
    clauses, params = [], []

    def among(column: str, values) -> None:
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

    among("country_iso3", tuple(countries))
    among("rule", tuple(rules))
    among("severity", tuple(severities))
    among("tlp", [t.value for t in Tlp if t.rank <= Tlp(max_tlp).rank])
    if status:
        clauses.append("status = ?")
        params.append(status)
    if period_from:
        clauses.append("period >= ?")
        params.append(str(period_from))
    if seen_since:
        clauses.append("last_seen_at >= ?")
        params.append(seen_since)
    sql = f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " ORDER BY period DESC, severity, alert_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    frame = store._con.execute(sql, params).df()
    frame["evidence"] = [json.loads(text) for text in frame["evidence"]]
    return frame


def set_alert_status(store: Store, alert_id: str, status: str) -> None:
    if status not in ("open", "acknowledged", "closed"):
        raise InvalidValue(f"alert status must be open, acknowledged or closed, got {status!r}")
    store._con.execute("UPDATE alerts SET status = ? WHERE alert_id = ?", [status, alert_id])


def record_delivery(store: Store, alert_ids: Iterable[str], channel: str, target: str, ok: bool,
                    detail: str | None = None) -> None:
    now = _now()
    with store.transaction():
        for alert_id in alert_ids:
            store._con.execute("INSERT INTO alert_deliveries VALUES (?, ?, ?, ?, ?, ?)",
                               [alert_id, channel, target, now, ok, detail])


def delivered_alert_ids(store: Store, channel: str, target: str) -> set[str]:
    """Alerts already delivered successfully to this channel and target."""
    rows = store._con.execute("SELECT DISTINCT alert_id FROM alert_deliveries WHERE channel = ? AND target = ? "
                              "AND ok", [channel, target]).fetchall()
    return {r[0] for r in rows}


__all__ = ["ALERT_COLUMNS", "delivered_alert_ids", "list_alerts", "record_delivery", "save_alerts",
           "set_alert_status"]

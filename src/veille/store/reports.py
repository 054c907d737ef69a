"""Community reports in the store: submitted, matched against what is already known,
triaged (verified and linked to an event, or rejected with a reason).

A reporter's contact details are encrypted with Fernet (AES-128-CBC + HMAC-SHA256)
under the key from the ``reports_key`` setting before they reach the database; they
are decrypted only by ``reveal_contact``, which the web offers to administrators, and
no listing, export or error carries them. Every read takes an ``Audience``: its TLP
rules are part of the query.
"""

from __future__ import annotations

import datetime as dt
import secrets

import pandas as pd
from cryptography.fernet import Fernet, InvalidToken

from veille.errors import Forbidden, InvalidValue, NotFound, SettingError
from veille.model import Tlp
from veille.store.audience import Audience
from veille.store.core import Store, _now

STATUSES = ("unverified", "verified", "rejected")
CHANNELS = ("web", "api", "sms")
# Every column but the encrypted contact: what listings and exports may carry.
REPORT_COLUMNS = ("report_id", "submitted_at", "channel", "text", "lang", "event_date", "place", "latitude",
                  "longitude", "country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode", "submitted_by",
                  "status", "tlp", "event_id", "reason", "triaged_by", "triaged_at")
MAX_TEXT = 5000


def fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode() if isinstance(key, str) else key)
    except (ValueError, TypeError):
        raise SettingError("reports_key (VEILLE_REPORTS_KEY) is not a Fernet key: 32 url-safe base64-encoded "
                           "bytes, as `veille users new-key` prints") from None


def new_key() -> str:
    return Fernet.generate_key().decode()


def add_report(store: Store, fields: dict, contact: str | None = None, key: str | None = None,
               owner_org: str | None = None) -> str:
    """Store a new report (status unverified, TLP AMBER, owned by ``owner_org``); return
    its id. ``fields`` holds channel, text and optionally lang, event_date, place,
    latitude, longitude, country_iso3, admin1(_pcode), admin2(_pcode), submitted_by."""
    text = (fields.get("text") or "").strip()
    if not text:
        raise InvalidValue("text: a report needs a description of what happened")
    if len(text) > MAX_TEXT:
        raise InvalidValue(f"text: at most {MAX_TEXT} characters, got {len(text)}")
    if fields.get("channel") not in CHANNELS:
        raise InvalidValue(f"channel must be one of {', '.join(CHANNELS)}")
    encrypted = None
    if contact:
        if not key:
            raise InvalidValue("contact: this installation has no key to protect contact details "
                               "(reports_key), so it does not collect them")
        encrypted = fernet(key).encrypt(contact.strip().encode())
    report_id = "r_" + secrets.token_hex(8)
    row = {c: fields.get(c) for c in REPORT_COLUMNS}
    row.update(report_id=report_id, submitted_at=_now(), text=text, status="unverified", tlp=Tlp.AMBER.value,
               event_id=None, reason=None, triaged_by=None, triaged_at=None)
    columns = list(REPORT_COLUMNS) + ["contact_encrypted"]
    with store.transaction():
        store._con.execute(f"INSERT INTO reports ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                           [row[c] for c in REPORT_COLUMNS] + [encrypted])
        if owner_org:
            store._con.execute("INSERT INTO record_owners VALUES ('report', ?, ?)", [report_id, owner_org])
    return report_id


def list_reports(store: Store, audience: Audience, status: str | None = None, limit: int = 200,
                 offset: int = 0, event_id: str | None = None) -> pd.DataFrame:
    """Reports this audience may see, newest first, with ``has_contact`` instead of the contact."""
    if status is not None and status not in STATUSES:
        raise InvalidValue(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    clause, params = audience.visible("report", "report_id")
    sql = (f"SELECT {', '.join(REPORT_COLUMNS)}, contact_encrypted IS NOT NULL AS has_contact "
           f"FROM reports WHERE {clause}")
    if status:
        sql += " AND status = ?"
        params.append(status)
    if event_id:
        sql += " AND event_id = ?"
        params.append(event_id)
    sql += f" ORDER BY submitted_at DESC, report_id LIMIT {int(limit)} OFFSET {int(offset)}"
    return store._con.execute(sql, params).df()


def count_reports(store: Store, audience: Audience) -> dict[str, int]:
    clause, params = audience.visible("report", "report_id")
    rows = store._con.execute(f"SELECT status, count(*) FROM reports WHERE {clause} GROUP BY status", params).fetchall()
    return {status: 0 for status in STATUSES} | dict(rows)


def get_report(store: Store, audience: Audience, report_id: str) -> dict:
    clause, params = audience.visible("report", "report_id")
    frame = store._con.execute(
        f"SELECT {', '.join(REPORT_COLUMNS)}, contact_encrypted IS NOT NULL AS has_contact FROM reports "
        f"WHERE report_id = ? AND {clause}", [report_id, *params]).df()
    if frame.empty:
        raise NotFound(f"no report {report_id!r}")
    return frame.iloc[0].to_dict()


def reveal_contact(store: Store, audience: Audience, report_id: str, key: str | None) -> str | None:
    """The reporter's contact details, for an administrator who may see the report."""
    if not audience.can("admin"):
        raise Forbidden("only administrators see reporters' contact details")
    get_report(store, audience, report_id)
    rows = store._con.execute("SELECT contact_encrypted FROM reports WHERE report_id = ?", [report_id]).fetchall()
    blob = rows[0][0]
    if blob is None:
        return None
    if not key:
        raise SettingError("reports_key (VEILLE_REPORTS_KEY) is not set, so contact details cannot be read")
    try:
        return fernet(key).decrypt(bytes(blob)).decode()
    except InvalidToken:
        raise SettingError("the contact details were encrypted with another reports_key than the one set") from None


# ---- duplicate candidates ---------------------------------------------------------------

def recent_reports(store: Store, since: dt.datetime, exclude: str | None = None) -> pd.DataFrame:
    """Every report submitted since ``since`` (for duplicate detection, not for display)."""
    return store._con.execute(
        "SELECT report_id, submitted_at, text, event_date, latitude, longitude, country_iso3, admin2_pcode "
        "FROM reports WHERE submitted_at >= ? AND report_id <> ?", [since, exclude or ""]).df()


def events_near(store: Store, latitude: float, longitude: float, degrees: float, date_from: dt.date,
                date_to: dt.date) -> pd.DataFrame:
    """Events in a box around a point and a date window (for duplicate detection)."""
    return store._con.execute(
        "SELECT event_id, event_date, event_type, location, latitude, longitude, fatalities, notes FROM events "
        "WHERE event_date BETWEEN ? AND ? AND latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?",
        [date_from, date_to, latitude - degrees, latitude + degrees, longitude - degrees, longitude + degrees]).df()


def save_matches(store: Store, report_id: str, matches: pd.DataFrame) -> None:
    """Rows with kind ('report' or 'event'), other_id, score, km, days."""
    with store.transaction():
        store._con.execute("DELETE FROM report_matches WHERE report_id = ?", [report_id])
        for m in matches.itertuples():
            store._con.execute("INSERT INTO report_matches VALUES (?, ?, ?, ?, ?, ?)",
                               [report_id, m.kind, m.other_id, float(m.score),
                                None if pd.isna(m.km) else float(m.km), None if pd.isna(m.days) else int(m.days)])


def matches_of(store: Store, audience: Audience, report_id: str) -> pd.DataFrame:
    """A report's duplicate candidates that this audience may see, best first."""
    event_clause, event_params = audience.visible("event", "e.event_id", "e.tlp")
    report_clause, report_params = audience.visible("report", "r.report_id", "r.tlp")
    sql = (
        "SELECT m.kind, m.other_id, m.score, m.km, m.days, e.event_date AS date, e.event_type AS what, "
        "e.location AS place, e.source AS source FROM report_matches m JOIN events e ON e.event_id = m.other_id "
        f"WHERE m.report_id = ? AND m.kind = 'event' AND {event_clause} "
        "UNION ALL "
        "SELECT m.kind, m.other_id, m.score, m.km, m.days, r.event_date AS date, r.text AS what, "
        "r.place AS place, r.channel AS source FROM report_matches m JOIN reports r ON r.report_id = m.other_id "
        f"WHERE m.report_id = ? AND m.kind = 'report' AND {report_clause} "
        "ORDER BY score DESC, other_id")
    return store._con.execute(sql, [report_id, *event_params, report_id, *report_params]).df()


# ---- triage --------------------------------------------------------------------------

def mark_verified(store: Store, report_id: str, event_id: str, by_user: str) -> None:
    store._con.execute("UPDATE reports SET status = 'verified', event_id = ?, reason = NULL, triaged_by = ?, "
                       "triaged_at = ? WHERE report_id = ?", [event_id, by_user, _now(), report_id])


def mark_rejected(store: Store, report_id: str, reason: str, by_user: str) -> None:
    if not reason or not reason.strip():
        raise InvalidValue("reason: say why the report is rejected")
    store._con.execute("UPDATE reports SET status = 'rejected', event_id = NULL, reason = ?, triaged_by = ?, "
                       "triaged_at = ? WHERE report_id = ?", [reason.strip(), by_user, _now(), report_id])


__all__ = ["CHANNELS", "REPORT_COLUMNS", "STATUSES", "add_report", "count_reports", "events_near", "fernet",
           "get_report", "list_reports", "mark_rejected", "mark_verified", "matches_of", "new_key",
           "recent_reports", "reveal_contact", "save_matches"]

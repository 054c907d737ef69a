"""Community reports as a source: a description from a monitor (web form, JSON API or
SMS through a gateway) becomes a report placed on the map, compared with recent
reports and events for duplicates, and triaged — verified into an event of source
``report`` (through the same merge as every import, with its own ingest run), linked
to an event already known, or rejected with a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from veille import taxonomy
from veille.errors import Conflict, Forbidden, InvalidValue
from veille.model import Tlp
from veille.sources.enrich import enrich_actors, enrich_places
from veille.sources.normalize import to_event_table
from veille.store import Store, access
from veille.store import reports as report_table
from veille.store.access import User
from veille.store.search import get_event

DUPLICATE_KM = 25.0           # a report this close to another report or an event may describe it
REPORT_WINDOW_DAYS = 14       # reports submitted this recently are compared
EVENT_WINDOW_DAYS = 7         # events this many days either side of the report's date
DUPLICATE_SCORE = 0.5         # candidates scoring less are not kept
PLACE_SCORE = 85              # a gazetteer match this good places a report given only a place name


@dataclass(frozen=True)
class Submission:
    text: str
    channel: str
    lang: str | None = None
    event_date: dt.date | None = None
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_iso3: str | None = None
    contact: str | None = None

    def __post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidValue("latitude and longitude: give both or neither")
        if self.latitude is not None and not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise InvalidValue("latitude must be within -90..90 and longitude within -180..180")
        if self.event_date is not None and self.event_date > dt.date.today() + dt.timedelta(days=1):
            raise InvalidValue(f"event_date: {self.event_date} is in the future")
        if self.lang is not None and self.lang not in ("en", "fr"):
            raise InvalidValue("lang must be en or fr")


def locate(submission: Submission) -> dict:
    """Coordinates and admin units for a report: from its point, else from its place name
    through the gazetteer (only a confident match), else nothing."""
    lat, lon, place = submission.latitude, submission.longitude, (submission.place or "").strip() or None
    out: dict = {"place": place, "latitude": lat, "longitude": lon, "country_iso3": submission.country_iso3}
    if lat is None and place:
        from veille.geo import search_places

        found = search_places(place, country_iso3=submission.country_iso3, limit=1)
        if found and found[0].score >= PLACE_SCORE:
            lat, lon = found[0].latitude, found[0].longitude
            out.update(latitude=lat, longitude=lon)
    if lat is not None:
        from veille.geo import assign_places

        hint = [submission.country_iso3] if submission.country_iso3 else None
        placed = assign_places([lat], [lon], country_hint=hint).iloc[0]
        for column in ("country_iso3", "admin1", "admin1_pcode", "admin2", "admin2_pcode"):
            value = placed[column]
            if isinstance(value, str) and value:
                out[column] = value
    return out


def submit(store: Store, submission: Submission, submitted_by: User | None = None, key: str | None = None) -> str:
    """Store a report and its duplicate candidates; return the report id. The report is
    AMBER and owned by the organisation that receives community reports (or, for a
    logged-in monitor, by their own organisation when none does)."""
    owner = access.reports_org(store) or (submitted_by.org_id if submitted_by else None)
    fields = {"channel": submission.channel, "text": submission.text, "lang": submission.lang,
              "event_date": submission.event_date, "submitted_by": submitted_by.user_id if submitted_by else None,
              **locate(submission)}
    report_id = report_table.add_report(store, fields, contact=submission.contact, key=key, owner_org=owner)
    report_table.save_matches(store, report_id, find_duplicates(store, report_id, fields))
    return report_id


def _km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(a))


def find_duplicates(store: Store, report_id: str, fields: dict) -> pd.DataFrame:
    """Recent reports and events this report may describe, scored 0-1.

    Against an event: 0.6 × closeness in space (1 at the same point, 0 at 25 km) + 0.4 ×
    closeness in time (1 on the same day, 0 at 7 days). Against another report: 0.4 ×
    space (or 1 for the same admin-2 when either has no point) + 0.2 × time + 0.4 × the
    texts' token-set similarity. Candidates under 0.5 are dropped."""
    columns = ["kind", "other_id", "score", "km", "days"]
    day = fields.get("event_date") or dt.date.today()
    lat, lon = fields.get("latitude"), fields.get("longitude")
    found = []
    recent = report_table.recent_reports(store, dt.datetime.now() - dt.timedelta(days=REPORT_WINDOW_DAYS),
                                         exclude=report_id)
    if len(recent):
        their_day = pd.to_datetime(recent["event_date"]).fillna(pd.to_datetime(recent["submitted_at"]).dt.normalize())
        days = np.abs((their_day - pd.Timestamp(day)).dt.days.to_numpy())
        time = np.clip(1 - days / REPORT_WINDOW_DAYS, 0, 1)
        if lat is not None:
            km = _km(lat, lon, recent["latitude"], recent["longitude"])
            space = np.where(np.isnan(km), 0.0, np.clip(1 - km / DUPLICATE_KM, 0, 1))
        else:
            km = np.full(len(recent), np.nan)
            space = np.zeros(len(recent))
        same_unit = (recent["admin2_pcode"].notna() & (recent["admin2_pcode"] == fields.get("admin2_pcode"))).to_numpy()
        space = np.where(np.isnan(km) & same_unit, 1.0, space)
        text = np.array([fuzz.token_set_ratio(fields["text"].lower(), other.lower()) / 100 for other in recent["text"]])
        score = 0.4 * space + 0.2 * time + 0.4 * text
        for i in np.flatnonzero(score >= DUPLICATE_SCORE):
            found.append(("report", recent["report_id"].iloc[i], round(float(score[i]), 3),
                          None if np.isnan(km[i]) else round(float(km[i]), 1), int(days[i])))
    if lat is not None:
        degrees = DUPLICATE_KM / 100  # a box wider than the radius everywhere below 25° N
        window = dt.timedelta(days=EVENT_WINDOW_DAYS)
        events = report_table.events_near(store, lat, lon, degrees, day - window, day + window)
        if len(events):
            km = _km(lat, lon, events["latitude"], events["longitude"])
            days = np.abs((pd.to_datetime(events["event_date"]) - pd.Timestamp(day)).dt.days.to_numpy())
            score = 0.6 * np.clip(1 - km / DUPLICATE_KM, 0, 1) + 0.4 * np.clip(1 - days / EVENT_WINDOW_DAYS, 0, 1)
            for i in np.flatnonzero((km <= DUPLICATE_KM) & (score >= DUPLICATE_SCORE)):
                found.append(("event", events["event_id"].iloc[i], round(float(score[i]), 3),
                              round(float(km[i]), 1), int(days[i])))
    return pd.DataFrame(found, columns=columns).sort_values("score", ascending=False).head(20)


# ---- SMS gateways ------------------------------------------------------------------

_PLACE_PREFIX = re.compile(r"^\s*([^:\n]{2,40}):\s*(.+)$", re.S)


def parse_sms(gateway: str, form: dict) -> tuple[str, str | None, str | None]:
    """(text, place, sender) from a gateway's incoming-message callback.

    ``africastalking``: form fields from, to, text, date, id, linkId; ``twilio``: From, To,
    Body, MessageSid. A message "Place: what happened" names its place before the colon."""
    if gateway == "africastalking":
        text, sender = form.get("text"), form.get("from")
    elif gateway == "twilio":
        text, sender = form.get("Body"), form.get("From")
    else:
        raise InvalidValue(f"unknown SMS gateway {gateway!r} (expected africastalking or twilio)")
    if not text or not str(text).strip():
        raise InvalidValue("the message has no text")
    place = None
    match = _PLACE_PREFIX.match(str(text))
    if match and not match.group(1).strip().lower().startswith(("http", "www")):
        place, text = match.group(1).strip(), match.group(2).strip()
    return str(text).strip(), place, (str(sender).strip() if sender else None)


# ---- triage ------------------------------------------------------------------------

def _triageable(store: Store, user: User, report_id: str) -> dict:
    if not user.audience.can("analyst"):
        raise Forbidden("triage needs the analyst or admin role")
    report = report_table.get_report(store, user.audience, report_id)
    if report["status"] != "unverified":
        raise Conflict(f"report {report_id} is already {report['status']}")
    return report


def link_report(store: Store, user: User, report_id: str, event_id: str) -> str:
    """Verify a report as describing an event already in the store."""
    _triageable(store, user, report_id)
    get_event(store, user.audience, event_id)  # one the analyst may see
    report_table.mark_verified(store, report_id, event_id, user.user_id)
    return event_id


def verify_report(store: Store, user: User, report_id: str, event_type: str, sub_event_type: str | None = None,
                  event_date: dt.date | None = None, fatalities: int | None = None,
                  notes: str | None = None, tlp: Tlp | str | None = None,
                  actor1: str | None = None, actor2: str | None = None) -> str:
    """Verify a report as a new event of source ``report``; return the event id. The event
    keeps the report's TLP (AMBER) unless the analyst chooses another, and its owner."""
    report = _triageable(store, user, report_id)
    taxonomy.check_types(event_type, sub_event_type)
    if report["latitude"] is None or pd.isna(report["latitude"]):
        raise InvalidValue("the report has no place on the map yet; it cannot become an event (link it to one, "
                           "or reject it)")
    if fatalities is not None and fatalities < 0:
        raise InvalidValue("fatalities must be 0 or more")
    day = event_date or (report["event_date"] if not pd.isna(report["event_date"]) else None) \
        or pd.Timestamp(report["submitted_at"]).date()
    tlp = Tlp(tlp or report["tlp"])
    owner = access.owner_of(store, "report", report_id) or user.org_id
    if tlp in (Tlp.AMBER, Tlp.RED) and owner is None:
        raise InvalidValue(f"an {tlp.value} event needs an owning organisation")
    row = pd.DataFrame([{
        "source_event_id": report_id, "event_date": pd.Timestamp(day).date(), "date_precision": 1,
        "disorder_type": taxonomy.disorder_type(event_type, sub_event_type), "event_type": event_type,
        "sub_event_type": sub_event_type, "actor1_raw": actor1, "actor2_raw": actor2,
        "country_iso3": report["country_iso3"], "location": report["place"],
        "latitude": float(report["latitude"]), "longitude": float(report["longitude"]), "geo_precision": 1,
        "fatalities": fatalities, "notes": notes if notes is not None else report["text"],
        "source_refs": f"community report {report_id} ({report['channel']})", "confidence": 1.0, "tlp": tlp.value}])
    table = to_event_table(enrich_actors(enrich_places(row)), "report")
    event_id = table["event_id"][0].as_py()
    digest = hashlib.sha256(f"{report_id}|{event_id}".encode()).hexdigest()
    with store.transaction():
        run_id = store.start_run("report", f"report:{report_id}", digest, 0)
        counts = store.merge_events(run_id, table)
        store.verify_run(run_id, counts)
        store.finish_run(run_id, 1, counts, 0)
        if owner:
            access.set_owner(store, "event", event_id, owner)
        if tlp is Tlp.RED:
            access.add_readers(store, "event", event_id, [user.user_id])
        report_table.mark_verified(store, report_id, event_id, user.user_id)
    return event_id


def reject_report(store: Store, user: User, report_id: str, reason: str) -> None:
    _triageable(store, user, report_id)
    report_table.mark_rejected(store, report_id, reason, user.user_id)


__all__ = ["DUPLICATE_KM", "Submission", "find_duplicates", "link_report", "locate", "parse_sms", "reject_report",
           "submit", "verify_report"]

"""Community reports: the submission form and its three doors (web form, JSON API,
SMS webhook), the triage queue, one report with its duplicate candidates, and the
triage decisions. Contact details appear only in ``report_page`` for an
administrator, and each time they do the audit log says who saw them."""

from __future__ import annotations

import datetime as dt

from veille import taxonomy
from veille.errors import Forbidden, InvalidValue, NotFound
from veille.model import Tlp
from veille.sources import community
from veille.store import access
from veille.store import reports as report_table
from veille.web.auth import require
from veille.web.plain import records, row

QUEUE_COLUMNS = ("report_id", "submitted_at", "channel", "text", "event_date", "place", "country_iso3", "admin1",
                 "admin2", "latitude", "longitude", "status", "tlp", "event_id", "reason", "has_contact")


def form_page(ctx) -> dict:
    return {"collects_contact": bool(ctx.config.reports_key), "max_text": report_table.MAX_TEXT,
            "receiving_org": access.reports_org(ctx.store) is not None or ctx.user is not None}


def _number(text: str | float | None, name: str) -> float | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        return float(text)
    except (TypeError, ValueError):
        raise InvalidValue(f"{name}: expected a number in degrees") from None


def _day(text: str | dt.date | None) -> dt.date | None:
    if text is None or isinstance(text, dt.date):
        return text
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("event_date: expected a date as YYYY-MM-DD") from None


def submit(ctx, channel: str, text: str, place: str | None = None, latitude=None, longitude=None,
           event_date=None, contact: str | None = None, lang: str | None = None,
           rate_key: str | None = None) -> dict:
    """Take one report from any door; rate-limited per address (or SMS sender). The
    answer says only that it was received: never whether it matched anything."""
    ctx.request.app.state.report_limiter.hit(rate_key or ctx.ip(), "reports from this address")
    if contact and not ctx.config.reports_key:
        contact = None  # no key, no collection: the form says so, and nothing is stored in clear
    submission = community.Submission(
        text=(text or "").strip(), channel=channel, lang=lang or ctx.lang, event_date=_day(event_date),
        place=(place or "").strip()[:200] or None, latitude=_number(latitude, "latitude"),
        longitude=_number(longitude, "longitude"), contact=(contact or "").strip()[:200] or None)
    report_id = community.submit(ctx.store, submission, submitted_by=ctx.user, key=ctx.config.reports_key or None)
    access.audit(ctx.store, "report.submit", ctx.user, report_id, {"channel": channel}, ctx.ip())
    return {"ok": True, "report_id": report_id, "status": "unverified"}


def queue_page(ctx, status: str | None = "unverified", limit: int = 100, offset: int = 0) -> dict:
    require(ctx.caller, "analyst")
    frame = report_table.list_reports(ctx.store, ctx.audience, status=status or None, limit=limit, offset=offset)
    return {"status": status, "counts": report_table.count_reports(ctx.store, ctx.audience),
            "reports": records(frame, QUEUE_COLUMNS), "limit": limit, "offset": offset,
            "links": {"json": f"/api/reports?status={status or ''}"}}


def report_page(ctx, report_id: str, reveal: bool = False) -> dict:
    """One report, its duplicate candidates, and — for an administrator who asks — the
    reporter's contact details (decrypted now, logged in the audit log)."""
    user = require(ctx.caller, "analyst")
    report = report_table.get_report(ctx.store, ctx.audience, report_id)
    contact = None
    if reveal:
        if not ctx.audience.can("admin"):
            raise Forbidden("only administrators see reporters' contact details")
        contact = report_table.reveal_contact(ctx.store, ctx.audience, report_id, ctx.config.reports_key or None)
        access.audit(ctx.store, "report.contact.view", user, report_id, None, ctx.ip())
    matches = report_table.matches_of(ctx.store, ctx.audience, report_id)
    return {"report": row(report), "contact": contact, "can_reveal": ctx.audience.can("admin"),
            "matches": records(matches),
            "choices": {"event_types": list(taxonomy.EVENT_TYPES), "sub_event_types": taxonomy.SUB_EVENT_TYPES,
                        "tlp": [t.value for t in Tlp]}}


def triage(ctx, report_id: str, decision: str, event_id: str | None = None, event_type: str | None = None,
           sub_event_type: str | None = None, fatalities: int | None = None, reason: str | None = None,
           tlp: str | None = None, notes: str | None = None) -> dict:
    user = require(ctx.caller, "analyst")
    if decision == "link":
        if not event_id:
            raise InvalidValue("event_id: name the event this report describes")
        linked = community.link_report(ctx.store, user, report_id, event_id.strip())
        result = {"status": "verified", "event_id": linked}
    elif decision == "verify":
        if not event_type:
            raise InvalidValue("event_type: choose what kind of event the report describes")
        new = community.verify_report(ctx.store, user, report_id, event_type, sub_event_type or None,
                                      fatalities=fatalities, tlp=tlp or None, notes=notes or None)
        result = {"status": "verified", "event_id": new}
    elif decision == "reject":
        community.reject_report(ctx.store, user, report_id, reason or "")
        result = {"status": "rejected", "reason": reason.strip() if reason else None}
    else:
        raise InvalidValue(f"decision must be link, verify or reject, got {decision[:20]!r}")
    access.audit(ctx.store, f"report.{decision}", user, report_id,
                 {k: v for k, v in result.items() if k != "reason"}, ctx.ip())
    return {"ok": True, "report_id": report_id, **result}


def sms(ctx, gateway: str, key: str | None, form: dict) -> dict:
    """The SMS-gateway webhook: the gateway's form fields in, one report out."""
    expected = ctx.config.sms_webhook_key
    if not expected:
        raise NotFound("the SMS webhook is not enabled (set sms_webhook_key)")
    import hmac

    if not key or not hmac.compare_digest(key.encode(), expected.encode()):
        raise Forbidden("wrong webhook key")
    text, place, sender = community.parse_sms(gateway, form)
    return submit(ctx, "sms", text, place=place, contact=sender, rate_key=f"sms:{sender or ctx.ip()}")


__all__ = ["form_page", "queue_page", "report_page", "sms", "submit", "triage"]

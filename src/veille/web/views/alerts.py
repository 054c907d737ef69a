"""The alerts board: stored alerts (``veille.alerts``) the reader may see, by status,
and one alert with the evidence events the reader may see."""

from __future__ import annotations

from veille.errors import InvalidValue
from veille.store import access
from veille.store import alerts as alert_table
from veille.store.search import EventSearch, count_alerts, get_alert, search_events, visible_alerts
from veille.web.auth import require
from veille.web.plain import records, row

STATUSES = ("open", "acknowledged", "closed")
SEVERITIES = ("critical", "high", "medium", "low")
BOARD_COLUMNS = ("alert_id", "rule", "kind", "severity", "country_iso3", "unit", "unit_name", "period", "title",
                 "value", "evidence_count", "tlp", "status", "first_seen_at", "last_seen_at", "seen_count")

def alerts_page(ctx, countries: list[str], severities: list[str], limit: int = 300) -> dict:
    chosen = tuple(dict.fromkeys(p.upper() for c in countries if c for p in c.replace(",", " ").split()))
    severity = tuple(s for s in severities if s)
    unknown = [s for s in severity if s not in SEVERITIES]
    if unknown:
        raise InvalidValue(f"severity: {unknown[0][:20]!r} is not one of {', '.join(SEVERITIES)}")
    board = {status: records(visible_alerts(ctx.store, ctx.audience, countries=chosen, severities=severity,
                                            status=status, limit=limit, evidence=False), BOARD_COLUMNS)
             for status in STATUSES}
    totals = count_alerts(ctx.store, ctx.audience, chosen, severity)
    return {"filters": {"country": list(chosen), "severity": list(severity)},
            "board": board, "counts": {s: int(totals.get(s, 0)) for s in STATUSES}, "limit": limit,
            "can_triage": ctx.audience.can("analyst"),
            "links": {"json": "/api/alerts?" + "&".join([f"country={c}" for c in chosen]
                                                        + [f"severity={s}" for s in severity])}}

def alert_page(ctx, alert_id: str) -> dict:
    alert = get_alert(ctx.store, ctx.audience, alert_id)
    evidence = list(alert.pop("evidence") or [])
    shown = search_events(ctx.store, EventSearch(
        event_ids=tuple(evidence[:500]), audience=ctx.audience,
        columns=("event_id", "event_date", "event_type", "location", "admin1", "admin2", "fatalities", "source",
                 "tlp")))
    return {"alert": row(alert), "evidence": records(shown), "evidence_hidden": len(evidence) - len(shown),
            "can_triage": ctx.audience.can("analyst"), "statuses": list(STATUSES)}

def set_status(ctx, alert_id: str, status: str) -> dict:
    user = require(ctx.caller, "analyst")
    get_alert(ctx.store, ctx.audience, alert_id)  # one this analyst may see
    alert_table.set_alert_status(ctx.store, alert_id, status)
    access.audit(ctx.store, "alert.status", user, alert_id, {"status": status}, ctx.ip())
    return {"ok": True, "alert_id": alert_id, "status": status}

__all__ = ["alert_page", "alerts_page", "set_status"]

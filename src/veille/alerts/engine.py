"""Run the rules over the store's events, keep what fired, list it again later."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd

from veille.alerts.rules import CHECKS, Alert, load_rules
from veille.analysis import load_events
from veille.model import Month, Tlp
from veille.store import Store
from veille.store import alerts as alert_table


def _period_start(period: str) -> dt.date:
    """The first day of an alert's period: a month (YYYY-MM) or a day (YYYY-MM-DD)."""
    return Month.parse(period).first_day if len(period) == 7 else dt.date.fromisoformat(period)


def evaluate(events: pd.DataFrame, rules_path: str | Path | None = None, since: dt.date | None = None,
             countries: tuple[str, ...] = ()) -> list[Alert]:
    """Every alert the rules raise on ``events``, without touching a store. With ``since``,
    only alerts whose period starts (or, for a week, ends) on or after that day; with
    ``countries``, only theirs."""
    found: list[Alert] = []
    for rule in load_rules(rules_path):
        for alert in CHECKS[rule.kind](events, rule):
            if rule.countries and alert.country_iso3 not in rule.countries:
                continue
            if countries and alert.country_iso3 not in countries:
                continue
            if since and _period_start(alert.period) < since and alert.period[:7] != str(Month.of(since)):
                continue
            found.append(alert)
    return sorted(found, key=lambda a: (a.period, a.rule, a.unit or ""))


def run_alerts(store: Store, rules_path: str | Path | None = None, since: dt.date | str | None = None,
               countries: tuple[str, ...] = ()) -> list[Alert]:
    """Run every rule over the store's events and save the alerts; return them, each
    with ``new`` telling whether an earlier run had already raised it.

    ``since`` keeps alerts of that day's month onwards. The rules see all earlier events
    (a unit is only "new" against its whole history), so history is always read."""
    since = dt.date.fromisoformat(since) if isinstance(since, str) else since
    events = load_events(store)
    alerts = evaluate(events, rules_path, since, tuple(countries))
    new, _ = alert_table.save_alerts(store, (a.as_dict() for a in alerts))
    fresh = set(new)
    return [dataclasses.replace(a, new=a.alert_id in fresh) for a in alerts]


def list_alerts(store: Store, countries: tuple[str, ...] = (), rules: tuple[str, ...] = (),
                severities: tuple[str, ...] = (), status: str | None = None, since: dt.date | str | None = None,
                max_tlp: Tlp | str = Tlp.RED, limit: int | None = None) -> pd.DataFrame:
    """Stored alerts, newest period first. ``since`` keeps periods from that day's month on.
    Columns: alert_id, rule, kind, severity, country_iso3, unit, unit_name, period, title,
    detail, value, evidence (list of event ids), evidence_count, tlp, status,
    first_seen_at, last_seen_at, seen_count."""
    since = dt.date.fromisoformat(since) if isinstance(since, str) else since
    return alert_table.list_alerts(store, tuple(countries), tuple(rules), tuple(severities), status,
                                   str(Month.of(since)) if since else None, max_tlp=Tlp(max_tlp), limit=limit)


__all__ = ["evaluate", "list_alerts", "run_alerts"]

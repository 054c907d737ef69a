"""Responses tracked until done: add, update, list, overdue, and adopting what the
playbook recommends. ``list_responses`` is what the CLI and the dashboard read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import pandas as pd

from veille.errors import Conflict, InvalidValue
from veille.model import Tlp
from veille.store import Store
from veille.store import responses as table
from veille.store.responses import CATEGORIES, CLOSED, STATUSES


def _date(value: dt.date | str | None, what: str) -> dt.date | None:
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidValue(f"{what}: expected a date as YYYY-MM-DD, got {value!r}") from None


def response_id(category: str, action: str, country: str | None, alert_ids: Iterable[str] = (),
                entry: str | None = None) -> str:
    """Stable id: the same recommendation for the same alerts gets the same id."""
    key = "|".join([entry or "", category, action, country or "", ",".join(sorted(set(alert_ids)))])
    return "R" + hashlib.sha256(key.encode()).hexdigest()[:11]


def add_response(store: Store, action: str, category: str, owner: str | None = None,
                 due: dt.date | str | None = None, alert_ids: Iterable[str] = (), country_iso3: str | None = None,
                 status: str = "planned", notes: str | None = None, tlp: Tlp | str = Tlp.GREEN,
                 playbook_entry: str | None = None, rid: str | None = None) -> str:
    """Record a response; returns its id. ``alert_ids`` must name stored alerts."""
    alert_ids = sorted(set(alert_ids))
    rid = rid or response_id(category, action, country_iso3, alert_ids, playbook_entry)
    return table.insert_response(store, {
        "response_id": rid, "category": category, "action": action, "owner": owner, "due_date": _date(due, "due"),
        "status": status, "country_iso3": country_iso3.upper() if country_iso3 else None,
        "playbook_entry": playbook_entry, "notes": notes, "tlp": Tlp(tlp).value}, alert_ids)


def update_response(store: Store, rid: str, status: str | None = None, owner: str | None = None,
                    due: dt.date | str | None = None, notes: str | None = None, action: str | None = None,
                    category: str | None = None) -> dict:
    """Change a response; every change is logged (``response_history``)."""
    return table.update_response(store, rid, status=status, owner=owner, due_date=_date(due, "due"), notes=notes,
                                 action=action, category=category)


def list_responses(store: Store, countries: tuple[str, ...] = (), statuses: tuple[str, ...] = (),
                   categories: tuple[str, ...] = (), open_only: bool = False, overdue_on: dt.date | str | None = None,
                   alert_id: str | None = None, max_tlp: Tlp | str = Tlp.RED) -> pd.DataFrame:
    """Responses, soonest due first. Columns: response_id, category, action, owner,
    due_date, status, country_iso3, playbook_entry, notes, tlp, created_at, updated_at,
    alert_ids (list), overdue (due before ``overdue_on`` — today by default — and not
    done or cancelled). ``overdue_on`` given: only the overdue ones."""
    for status in statuses:
        table.check_value("status", status)
    for category in categories:
        table.check_value("category", category)
    day = _date(overdue_on, "overdue_on")
    frame = table.select_responses(store, tuple(c.upper() for c in countries), tuple(statuses), tuple(categories),
                                   due_before=day, open_only=open_only or day is not None, alert_id=alert_id,
                                   max_tlp=Tlp(max_tlp))
    today = day or dt.date.today()
    frame["overdue"] = [bool(d is not None and d < today and s not in CLOSED)
                        for d, s in zip(frame["due_date"], frame["status"])]
    return frame


def overdue_responses(store: Store, on: dt.date | str | None = None, countries: tuple[str, ...] = ()) -> pd.DataFrame:
    """Open responses whose due date is before ``on`` (today by default)."""
    return list_responses(store, countries=countries, overdue_on=_date(on, "on") or dt.date.today())


def get_response(store: Store, rid: str) -> dict:
    return table.get_response(store, rid)


def response_history(store: Store, rid: str) -> pd.DataFrame:
    table.get_response(store, rid)
    return table.response_history(store, rid)


def adopt(store: Store, recommendations: pd.DataFrame, start: dt.date | str, lang: str = "en",
          status: str = "proposed") -> tuple[list[str], list[str]]:
    """Record the playbook's recommendations as responses (status ``proposed``), due
    ``due_days`` after ``start``. Adopting the same recommendation again adds nothing.
    Returns (new ids, ids already there)."""
    start = _date(start, "start")
    new, existing = [], []
    for row in recommendations.itertuples(index=False):
        action = row.action_fr if lang == "fr" else row.action
        rid = response_id(row.category, row.action, row.country_iso3, row.alert_ids, row.entry_id)
        try:
            add_response(store, action, row.category, owner=row.owner,
                         due=start + dt.timedelta(days=int(row.due_days)), alert_ids=row.alert_ids,
                         country_iso3=row.country_iso3, status=status, playbook_entry=row.entry_id, rid=rid,
                         notes=f"recommended by playbook entry {row.entry_id}: {row.trigger}")
            new.append(rid)
        except Conflict:
            existing.append(rid)
    return new, existing


__all__ = ["CATEGORIES", "STATUSES", "add_response", "adopt", "get_response", "list_responses",
           "overdue_responses", "response_history", "response_id", "update_response"]

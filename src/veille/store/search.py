"""Reads the web and the API make: events with more filters (admin units, actors, ids,
free text), newest first, and alerts — every one of them narrowed by an ``Audience``
inside the SQL, so no route can receive a record above its reader's TLP.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from veille.errors import InvalidValue, NotFound
from veille.store import schema
from veille.store.alerts import ALERT_COLUMNS
from veille.store.audience import Audience
from veille.store.core import EventFilter, Store

ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor1", "assoc_actor2")
ADMIN_COLUMNS = ("admin1_pcode", "admin2_pcode", "admin3_pcode")


@dataclass(frozen=True)
class EventSearch(EventFilter):
    """``EventFilter`` plus admin units (any level's P-code), actors (canonical ids, in
    any actor column, associated ones too), event ids, sub-event types and a text search
    in location and notes."""

    admin_pcodes: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    text: str | None = None
    located: bool = False  # only events with coordinates

    def where(self, dialect: schema.Dialect = schema.DUCKDB) -> tuple[str, list]:
        clause, params = super().where(dialect)
        clauses = [clause.removeprefix(" WHERE ")] if clause else []

        def placeholders(values) -> str:
            return ", ".join("?" for _ in values)

        if self.admin_pcodes:
            clauses.append("(" + " OR ".join(f"{c} IN ({placeholders(self.admin_pcodes)})"
                                             for c in ADMIN_COLUMNS) + ")")
            params.extend(list(self.admin_pcodes) * len(ADMIN_COLUMNS))
        if self.actors:
            parts = []
            for column in ACTOR_COLUMNS:
                for actor in self.actors:
                    # associated actors are "; "-joined lists of ids
                    parts.append(f"({column} = ? OR ('; ' || {column} || ';') LIKE ? ESCAPE '!')")
                    params.extend([actor, f"%; {_like(actor)};%"])
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.event_ids:
            clauses.append(f"event_id IN ({placeholders(self.event_ids)})")
            params.extend(self.event_ids)
        if self.sub_event_types:
            clauses.append(f"sub_event_type IN ({placeholders(self.sub_event_types)})")
            params.extend(self.sub_event_types)
        if self.text:
            clauses.append("(lower(location) LIKE ? ESCAPE '!' OR lower(notes) LIKE ? ESCAPE '!')")
            needle = f"%{_like(self.text.lower())}%"
            params.extend([needle, needle])
        if self.located:
            clauses.append("latitude IS NOT NULL AND longitude IS NOT NULL")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _like(text: str) -> str:
    """``text`` escaped for a ``LIKE ... ESCAPE '!'`` pattern: % and _ match themselves."""
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def search_events(store: Store, search: EventSearch, newest_first: bool = True) -> pd.DataFrame:
    if search.audience is None:
        raise InvalidValue("a web read needs an audience")
    order = "event_date DESC, event_id" if newest_first else "event_date, event_id"
    with store._filtered(search) as (clause, params):
        sql = f"SELECT {', '.join(search.columns)} FROM events{clause} ORDER BY {order}"
        if search.limit is not None:
            sql += f" LIMIT {int(search.limit)} OFFSET {int(search.offset)}"
        return store._con.execute(sql, params).df()


def search_rows(store: Store, search: EventSearch, newest_first: bool = True) -> list[dict]:
    """``search_events`` as plain rows (dicts of Python values), without building a
    DataFrame: what the API sends, fast for the small pages it sends most."""
    if search.audience is None:
        raise InvalidValue("a web read needs an audience")
    order = "event_date DESC, event_id" if newest_first else "event_date, event_id"
    with store._filtered(search) as (clause, params):
        sql = f"SELECT {', '.join(search.columns)} FROM events{clause} ORDER BY {order}"
        if search.limit is not None:
            sql += f" LIMIT {int(search.limit)} OFFSET {int(search.offset)}"
        cursor = store._con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def facets(store: Store, search: EventSearch, columns: tuple[str, ...], limit: int = 30) -> dict[str, list[dict]]:
    """The most frequent values of several columns among the matching events, in one
    scan (GROUPING SETS): {column: [{"value", "events"}, …]}."""
    allowed = ("country_iso3", "source", "event_type", "sub_event_type", "admin1", "actor1", "actor2", "tlp")
    bad = [c for c in columns if c not in allowed]
    if bad:
        raise InvalidValue(f"cannot count events by {bad[0]!r}")
    sets = ", ".join(f"({c})" for c in columns)
    which = " ".join(f"WHEN GROUPING({c}) = 0 THEN '{c}'" for c in columns)
    with store._filtered(search) as (clause, params):
        rows = store._con.execute(
            f"SELECT CASE {which} END AS facet, {', '.join(columns)}, count(*) AS events FROM events{clause} "
            f"GROUP BY GROUPING SETS ({sets})", params).fetchall()
    out: dict[str, list[dict]] = {c: [] for c in columns}
    for facet_name, *values, events in rows:
        out[facet_name].append({"value": values[columns.index(facet_name)], "events": int(events)})
    for column in columns:
        out[column] = sorted(out[column], key=lambda r: (-r["events"], str(r["value"])))[:limit]
    return out


def count_events(store: Store, search: EventSearch) -> int:
    with store._filtered(search) as (clause, params):
        return int(store._con.execute(f"SELECT count(*) FROM events{clause}", params).fetchall()[0][0])


def get_event(store: Store, audience: Audience, event_id: str) -> dict:
    frame = search_events(store, EventSearch(event_ids=(event_id,), audience=audience))
    if frame.empty:
        raise NotFound(f"no event with id {event_id!r}")
    return frame.iloc[0].to_dict()


def facet(store: Store, search: EventSearch, column: str, limit: int = 50) -> pd.DataFrame:
    """The most frequent values of one column among the matching events."""
    allowed = ("country_iso3", "source", "event_type", "sub_event_type", "admin1", "actor1", "actor2", "tlp")
    if column not in allowed:
        raise InvalidValue(f"cannot count events by {column!r}")
    with store._filtered(search) as (clause, params):
        return store._con.execute(
            f"SELECT {column} AS value, count(*) AS events FROM events{clause} GROUP BY {column} "
            f"ORDER BY events DESC, value LIMIT {int(limit)}", params).df()


def monthly(store: Store, search: EventSearch, by: str = "event_type") -> pd.DataFrame:
    """Events and fatalities per month (YYYY-MM) and ``by`` among the matching events."""
    if by not in ("event_type", "country_iso3", "source", "disorder_type"):
        raise InvalidValue(f"cannot split the timeline by {by!r}")
    with store._filtered(search) as (clause, params):
        rows = store._con.execute(
            "SELECT CAST(EXTRACT(year FROM event_date) AS INTEGER) AS y, "
            f"CAST(EXTRACT(month FROM event_date) AS INTEGER) AS m, {by} AS series, count(*) AS events, "
            f"sum(coalesce(fatalities, 0)) AS fatalities FROM events{clause} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            params).fetchall()
    return pd.DataFrame([(f"{y:04d}-{m:02d}", series, int(n), int(f or 0)) for y, m, series, n, f in rows],
                        columns=["month", "series", "events", "fatalities"])


# ---- alerts ----------------------------------------------------------------------------

def visible_alerts(store: Store, audience: Audience, countries: tuple[str, ...] = (), status: str | None = None,
                   severities: tuple[str, ...] = (), period_from: str | None = None, alert_ids: tuple[str, ...] = (),
                   limit: int | None = 500, evidence: bool = True) -> pd.DataFrame:
    """Stored alerts this audience may see, newest period first; ``evidence`` as a list
    (left out with ``evidence=False``, as the board does)."""
    clause, params = audience.visible("alert", "alert_id")
    clauses = [clause]

    def among(column: str, values) -> None:
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

    among("country_iso3", countries)
    among("severity", severities)
    among("alert_id", alert_ids)
    if status:
        clauses.append("status = ?")
        params.append(status)
    if period_from:
        clauses.append("period >= ?")
        params.append(period_from)
    columns = ALERT_COLUMNS if evidence else tuple(c for c in ALERT_COLUMNS if c != "evidence")
    sql = (f"SELECT {', '.join(columns)} FROM alerts WHERE {' AND '.join(clauses)} "
           "ORDER BY period DESC, CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
           "ELSE 3 END, alert_id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    frame = store._con.execute(sql, params).df()
    if evidence:
        frame["evidence"] = [json.loads(text) for text in frame["evidence"]]
    return frame


def count_alerts(store: Store, audience: Audience, countries: tuple[str, ...] = (),
                 severities: tuple[str, ...] = ()) -> dict[str, int]:
    """How many alerts this audience may see, by status."""
    clause, params = audience.visible("alert", "alert_id")
    clauses = [clause]
    for column, values in (("country_iso3", countries), ("severity", severities)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    rows = store._con.execute(f"SELECT status, count(*) FROM alerts WHERE {' AND '.join(clauses)} GROUP BY status",
                              params).fetchall()
    return dict(rows)


def get_alert(store: Store, audience: Audience, alert_id: str) -> dict:
    frame = visible_alerts(store, audience, alert_ids=(alert_id,))
    if frame.empty:
        raise NotFound(f"no alert {alert_id!r}")
    return frame.iloc[0].to_dict()


def adopt_derived_alerts(store: Store) -> int:
    """Give each AMBER or RED alert without an owner the owner of its evidence (when one
    organisation owns all its AMBER/RED events) and, for RED, the readers every RED
    event shares. Run after ``run_alerts``; returns how many alerts got an owner."""
    rows = store._con.execute(
        "SELECT alert_id, evidence FROM alerts WHERE tlp IN ('AMBER', 'RED') AND alert_id NOT IN "
        "(SELECT record_id FROM record_owners WHERE kind = 'alert')").fetchall()
    adopted = 0
    for alert_id, evidence in rows:
        ids = json.loads(evidence)
        if not ids:
            continue
        marks = ", ".join("?" for _ in ids)
        owners = {r[0] for r in store._con.execute(
            f"SELECT o.org_id FROM events e LEFT JOIN record_owners o ON o.kind = 'event' AND o.record_id = e.event_id "
            f"WHERE e.event_id IN ({marks}) AND e.tlp IN ('AMBER', 'RED')", ids).fetchall()}
        if len(owners) != 1 or None in owners:
            continue
        with store.transaction():
            store._con.execute("INSERT INTO record_owners VALUES ('alert', ?, ?)", [alert_id, owners.pop()])
            red = [r[0] for r in store._con.execute(
                f"SELECT event_id FROM events WHERE event_id IN ({marks}) AND tlp = 'RED'", ids).fetchall()]
            if red:
                readers = None
                for event_id in red:
                    named = {r[0] for r in store._con.execute(
                        "SELECT user_id FROM record_readers WHERE kind = 'event' AND record_id = ?",
                        [event_id]).fetchall()}
                    readers = named if readers is None else readers & named
                for user_id in sorted(readers or ()):
                    store._con.execute("INSERT INTO record_readers VALUES ('alert', ?, ?)", [alert_id, user_id])
        adopted += 1
    return adopted


__all__ = ["EventSearch", "adopt_derived_alerts", "count_alerts", "count_events", "facet", "facets", "search_rows", "get_alert", "get_event", "monthly",
           "search_events", "visible_alerts"]

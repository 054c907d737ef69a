"""Events: the map page, one event, the timeline, and the exports (CSV, GeoJSON).
Each function returns the plain dict its page renders and its API route returns."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator

from veille import taxonomy
from veille.countries import WEST_AFRICA, country_name
from veille.errors import NotFound
from veille.model import EVENT_COLUMNS, SOURCES
from veille.store.search import EventSearch, count_events, facets, monthly, search_rows
from veille.web.filters import EventQuery
from veille.web.plain import row, value

LIST_COLUMNS = ("event_id", "event_date", "source", "event_type", "sub_event_type", "actor1", "actor2",
                "country_iso3", "admin1", "admin2", "location", "latitude", "longitude", "fatalities", "tlp")
MAP_COLUMNS = ("event_id", "event_date", "event_type", "location", "country_iso3", "fatalities", "source",
               "latitude", "longitude", "tlp")
# Every event column but the internal content hash: what an export carries.
EXPORT_COLUMNS = tuple(c for c in EVENT_COLUMNS if c != "content_hash")


def filter_choices() -> dict:
    return {"countries": [{"iso3": c, "name": country_name(c)} for c in WEST_AFRICA],
            "event_types": list(taxonomy.EVENT_TYPES), "sources": list(SOURCES)}


def events_page(ctx, query: EventQuery, limit: int = 100, offset: int = 0) -> dict:
    """The map page and ``GET /api/events``: matching events newest first, a page of
    them, counts by country, type and source, and where the map's points come from."""
    search = dataclasses.replace(query.search, audience=ctx.audience, columns=LIST_COLUMNS, limit=limit,
                                 offset=offset)
    def counts() -> tuple[int, dict]:
        whole = dataclasses.replace(search, limit=None, offset=0)
        return count_events(ctx.store, whole), facets(ctx.store, whole, ("country_iso3", "event_type", "source"))

    # The same reader asking the same filters of the same data gets the same counts.
    key = ("event-counts", ctx.audience, query.search, data_version(ctx.store))
    total, counted = ctx.request.app.state.cache.get(key, counts)
    return {
        "filters": query.params,
        "total": total,
        "limit": limit,
        "offset": offset,
        "events": [row(r) for r in search_rows(ctx.store, search)],
        "facets": counted,
        "choices": filter_choices(),
        "map": {"geojson": "/api/events.geojson?" + query.query_string(limit=ctx.config.map_max_points),
                "max_points": ctx.config.map_max_points, "points": min(total, ctx.config.map_max_points)},
        "links": {"json": "/api/events?" + query.query_string(), "csv": "/api/events.csv?" + query.query_string(),
                  "geojson": "/api/events.geojson?" + query.query_string()},
    }


def _rows(store, sql: str, params: list) -> list[dict]:
    cursor = store._con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [row(dict(zip(names, values))) for values in cursor.fetchall()]


def event_page(ctx, event_id: str) -> dict:
    """One event with its provenance, the community reports verified into it and the
    records linked to it — each as far as the reader may see."""
    found = search_rows(ctx.store, EventSearch(event_ids=(event_id,), audience=ctx.audience))
    if not found:
        raise NotFound(f"no event with id {event_id!r}")
    event = row(found[0])
    event.pop("content_hash", None)
    runs = _rows(ctx.store, "SELECT run_id, source, path, sha256, started_at FROM ingest_runs WHERE run_id = ?",
                 [event.get("ingest_run_id")])
    provenance = runs[0] if runs else None
    if provenance:
        provenance["file"] = provenance.pop("path").replace("\\", "/").rsplit("/", 1)[-1]
    clause, params = ctx.audience.visible("report", "report_id")
    linked_reports = _rows(ctx.store, "SELECT report_id, submitted_at, channel, status, tlp FROM reports "
                                      f"WHERE event_id = ? AND {clause} ORDER BY submitted_at DESC",
                           [event_id, *params])
    links = _rows(ctx.store,
                  "SELECT other_event_id, kind, score, method FROM event_links WHERE event_id = ? "
                  "UNION ALL SELECT event_id, kind, score, method FROM event_links WHERE other_event_id = ?",
                  [event_id, event_id])
    if links:  # only the linked records this reader may see
        visible = {r["event_id"] for r in search_rows(ctx.store, EventSearch(
            event_ids=tuple(link["other_event_id"] for link in links), audience=ctx.audience, columns=("event_id",)))}
        links = [link for link in links if link["other_event_id"] in visible]
    return {"event": event, "provenance": provenance, "reports": linked_reports, "links": links}


def data_version(store) -> tuple:
    """Changes after every committed write to the data (events, owners, shares, readers
    and all the rest): the store's generation."""
    return store.generation()


def timeline_page(ctx, query: EventQuery, by: str = "event_type") -> dict:
    """Events and fatalities per month, split by event type, country, source or disorder type."""
    search = dataclasses.replace(query.search, audience=ctx.audience)
    table = monthly(ctx.store, search, by)
    months = sorted(table["month"].unique().tolist())
    series = sorted(table["series"].dropna().unique().tolist())
    grid = {(r.month, r.series): (int(r.events), int(r.fatalities)) for r in table.itertuples()}
    return {
        "filters": query.params,
        "by": by,
        "months": months,
        "series": [{"name": name, "events": [grid.get((m, name), (0, 0))[0] for m in months]} for name in series],
        "fatalities": [sum(grid.get((m, name), (0, 0))[1] for name in series) for m in months],
        "choices": filter_choices(),
        "totals": {"events": int(table["events"].sum()) if len(table) else 0,
                   "fatalities": int(table["fatalities"].sum()) if len(table) else 0},
        "links": {"json": "/api/timeline?" + query.query_string(by=by)},
    }


# ---- exports ---------------------------------------------------------------------------

def export_rows(ctx, query: EventQuery, limit: int | None, columns=EXPORT_COLUMNS) -> list[dict]:
    search = dataclasses.replace(query.search, audience=ctx.audience, columns=tuple(columns), limit=limit)
    return [row(r) for r in search_rows(ctx.store, search)]


def csv_lines(rows: list[dict], columns=EXPORT_COLUMNS) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    yield buffer.getvalue()
    for start in range(0, len(rows), 2000):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows[start:start + 2000])
        yield buffer.getvalue()


def _features(rows: list[dict]) -> Iterator[dict]:
    for record in rows:
        if record.get("latitude") is None or record.get("longitude") is None:
            continue
        properties = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
        yield {"type": "Feature", "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
               "properties": properties}


def geojson_bytes(rows: list[dict]) -> bytes:
    """The FeatureCollection of ``geojson_lines`` in one piece, for an answer to keep."""
    from veille.web.plain import encode

    return encode({"type": "FeatureCollection", "features": list(_features(rows))})


def geojson_lines(rows: list[dict], chunk: int = 2000) -> Iterator[str]:
    """A FeatureCollection of the rows with coordinates, in chunks of ``chunk`` features."""
    yield '{"type": "FeatureCollection", "features": ['
    parts, first = [], True
    for feature in _features(rows):
        parts.append(("" if first else ",") + json.dumps(feature, separators=(",", ":"), default=value))
        first = False
        if len(parts) >= chunk:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "]}"


__all__ = ["EXPORT_COLUMNS", "LIST_COLUMNS", "MAP_COLUMNS", "csv_lines", "event_page", "events_page",
           "export_rows", "geojson_bytes", "geojson_lines", "timeline_page"]

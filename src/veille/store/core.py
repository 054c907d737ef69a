"""Store: events, provenance, quarantine and reference tables on DuckDB."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from veille import __version__, settings
from veille.errors import InvalidValue, NotFound, StoreError
from veille.model import CONTENT_COLUMNS, EVENT_COLUMNS, Tlp
from veille.store import schema
from veille.store.audience import Audience


@dataclass(frozen=True)
class MergeCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class EventFilter:
    """Which events to read. Every field narrows; empty means no restriction."""

    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    max_tlp: Tlp = Tlp.RED
    # Who reads: the web always sets it, and its TLP rules narrow every query (store/audience.py).
    audience: Audience | None = None
    limit: int | None = None
    offset: int = 0
    columns: tuple[str, ...] = field(default=EVENT_COLUMNS)

    def __post_init__(self) -> None:
        unknown = [c for c in self.columns if c not in EVENT_COLUMNS]
        if unknown:
            raise InvalidValue(f"unknown event column(s): {', '.join(unknown)}")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise InvalidValue(f"date range ends ({self.date_to}) before it starts ({self.date_from})")
        if self.limit is not None and self.limit < 0:
            raise InvalidValue("limit must not be negative")

    def where(self) -> tuple[str, list]:
        clauses, params = [], []

        def among(column: str, values: Sequence[str]) -> None:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)

        among("country_iso3", self.countries)
        among("source", self.sources)
        among("event_type", self.event_types)
        if self.date_from:
            clauses.append("event_date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("event_date <= ?")
            params.append(self.date_to)
        if self.bbox:
            west, south, east, north = self.bbox
            clauses.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
            params.extend([west, east, south, north])
        visible = [t.value for t in Tlp if t.rank <= self.max_tlp.rank]
        among("tlp", visible)
        if self.audience is not None:
            clause, extra = self.audience.visible("event", "event_id")
            clauses.append(clause)
            params.extend(extra)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store:
    """Events and everything beside them, in one database file."""

    def __init__(self, path: str | os.PathLike, read_only: bool = False):
        self.path = str(path)
        self.dialect = schema.DUCKDB
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from None
        except duckdb.Error as exc:
            raise StoreError(f"{self.path} is not a veille database DuckDB can open: {exc}") from None
        self._con.execute("SET enable_progress_bar = false")  # progress is the CLI's to show
        self._in_transaction = False
        if not read_only:
            self.migrate()

    # ---- lifecycle --------------------------------------------------------------

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version BIGINT PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
        done = {row[0] for row in self._con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for migration in sorted(schema.MIGRATIONS, key=schema.migration_version):
            version = schema.migration_version(migration)
            if version in done:
                continue
            with self.transaction():
                for statement in migration(self.dialect):
                    self._con.execute(statement)
                self._con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                  [version, schema.migration_name(migration), _now()])
            applied.append(schema.migration_name(migration))
        return applied

    def migrations(self) -> pd.DataFrame:
        return self._con.execute("SELECT * FROM schema_migrations ORDER BY version").df()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing. Nested calls join the outer transaction."""
        if self._in_transaction:
            yield
            return
        self._con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            self._con.execute("COMMIT")
        finally:
            self._in_transaction = False

    # ---- ingest runs ------------------------------------------------------------

    def start_run(self, source: str, path: str, sha256: str, nbytes: int) -> int:
        run_id = self._con.execute("SELECT nextval('ingest_run_seq')").fetchall()[0][0]
        self._con.execute(
            "INSERT INTO ingest_runs (run_id, source, path, sha256, bytes, status, veille_version, started_at) "
            "VALUES (?, ?, ?, ?, ?, 'running', ?, ?)",
            [run_id, source, path, sha256, nbytes, __version__, _now()])
        return int(run_id)

    def finish_run(self, run_id: int, read: int, counts: MergeCounts, quarantined: int) -> None:
        self._con.execute(
            "UPDATE ingest_runs SET read_count = ?, inserted = ?, updated = ?, unchanged = ?, "
            "quarantined = ?, status = 'done', finished_at = ? WHERE run_id = ?",
            [read, counts.inserted, counts.updated, counts.unchanged, quarantined, _now(), run_id])

    def runs(self, source: str | None = None) -> pd.DataFrame:
        sql = "SELECT * FROM ingest_runs"
        params: list = []
        if source:
            sql += " WHERE source = ?"
            params.append(source)
        return self._con.execute(sql + " ORDER BY run_id", params).df()

    # ---- staging and merge ------------------------------------------------------

    def merge_events(self, run_id: int, table: pa.Table) -> MergeCounts:
        """Merge one batch of normalised records into ``events``: insert new ones,
        update revised ones (their old content kept in ``event_history``), leave
        identical ones alone. Call inside ``transaction()``, batch after batch; then
        ``verify_run`` before the transaction commits."""
        if not self._in_transaction:
            raise StoreError("merge_events must be called inside store.transaction()")
        missing = [c for c in CONTENT_COLUMNS + ("content_hash",) if c not in table.column_names]
        if missing:
            raise StoreError(f"events to merge lack column(s): {', '.join(missing)}")
        incoming = table.select(list(CONTENT_COLUMNS) + ["content_hash"])
        if pc.count_distinct(incoming["event_id"]).as_py() != incoming.num_rows:
            raise StoreError("an event id occurs twice in the records to merge")
        con = self._con
        now = _now()
        con.register("incoming_events", incoming)
        try:
            counts = dict(con.execute(
                "SELECT action, count(*) FROM (SELECT CASE WHEN e.event_id IS NULL THEN 'insert' "
                "WHEN e.content_hash = s.content_hash THEN 'same' ELSE 'update' END AS action "
                "FROM incoming_events s LEFT JOIN events e ON e.event_id = s.event_id) GROUP BY action"
            ).fetchall())
            if counts.get("update"):
                changed = ("FROM incoming_events s JOIN events e ON e.event_id = s.event_id "
                           "WHERE e.content_hash <> s.content_hash")
                cols = ", ".join(EVENT_COLUMNS)
                con.execute(
                    f"INSERT INTO event_history ({cols}, superseded_by_run, superseded_at) "
                    f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)}, ?, ? {changed}", [run_id, now])
                assignments = ", ".join(f"{c} = s.{c}" for c in CONTENT_COLUMNS if c != "event_id")
                con.execute(
                    f"UPDATE events SET {assignments}, content_hash = s.content_hash, ingest_run_id = ?, "
                    "updated_at = ? FROM incoming_events s "
                    "WHERE events.event_id = s.event_id AND events.content_hash <> s.content_hash",
                    [run_id, now])
            if counts.get("insert"):
                content = ", ".join(CONTENT_COLUMNS)
                only_new = counts["insert"] == incoming.num_rows  # the usual first import: no join needed
                con.execute(
                    f"INSERT INTO events ({content}, content_hash, ingest_run_id, created_at, updated_at) "
                    f"SELECT {', '.join('s.' + c for c in CONTENT_COLUMNS)}, s.content_hash, ?, ?, ? "
                    "FROM incoming_events s"
                    + ("" if only_new else
                       " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id)"),
                    [run_id, now, now])
        except duckdb.Error as exc:
            raise StoreError(f"merging events failed: {exc}") from exc
        finally:
            with contextlib.suppress(duckdb.Error):
                con.unregister("incoming_events")
        return MergeCounts(counts.get("insert", 0), counts.get("update", 0), counts.get("same", 0))

    def verify_run(self, run_id: int, counts: MergeCounts) -> None:
        """Check, before commit, that the events this run wrote are all there."""
        written = self._con.execute("SELECT count(*) FROM events WHERE ingest_run_id = ?", [run_id]).fetchall()[0][0]
        if written != counts.inserted + counts.updated:
            raise StoreError(f"import run {run_id} wrote {written:,} events but counted "
                             f"{counts.inserted + counts.updated:,}; nothing was kept")

    def add_quarantine(self, run_id: int, rows: pd.DataFrame) -> None:
        """Rows with columns line, field, reason, raw."""
        if rows.empty:
            return
        frame = pd.DataFrame({
            "run_id": run_id,
            "line": rows["line"].astype("Int64"),
            "field": rows["field"].astype(object),
            "reason": rows["reason"].astype(object),
            "raw": rows["raw"].astype(object),
        })
        self._con.register("incoming_quarantine", frame)
        try:
            self._con.execute("INSERT INTO quarantine SELECT run_id, line, field, reason, raw FROM incoming_quarantine")
        finally:
            self._con.unregister("incoming_quarantine")

    def quarantined(self, run_id: int | None = None, source: str | None = None,
                    limit: int | None = None) -> pd.DataFrame:
        sql = ("SELECT q.run_id, r.source, r.path, q.line, q.field, q.reason, q.raw "
               "FROM quarantine q JOIN ingest_runs r ON r.run_id = q.run_id")
        clauses, params = [], []
        if run_id is not None:
            clauses.append("q.run_id = ?")
            params.append(run_id)
        if source:
            clauses.append("r.source = ?")
            params.append(source)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY q.run_id, q.line"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._con.execute(sql, params).df()

    # ---- reading events ---------------------------------------------------------

    def events(self, where: EventFilter = EventFilter()) -> pd.DataFrame:
        clause, params = where.where()
        sql = f"SELECT {', '.join(where.columns)} FROM events{clause} ORDER BY event_date, event_id"
        if where.limit is not None:
            sql += f" LIMIT {int(where.limit)} OFFSET {int(where.offset)}"
        return self._con.execute(sql, params).df()

    def events_arrow(self, where: EventFilter = EventFilter()) -> pa.Table:
        clause, params = where.where()
        sql = f"SELECT {', '.join(where.columns)} FROM events{clause} ORDER BY event_date, event_id"
        if where.limit is not None:
            sql += f" LIMIT {int(where.limit)} OFFSET {int(where.offset)}"
        relation = self._con.sql(sql, params=params)
        for method in ("to_arrow_table", "fetch_arrow_table", "arrow"):  # the name changed across DuckDB releases
            if hasattr(relation, method):
                return getattr(relation, method)()
        raise StoreError("this DuckDB release cannot return Arrow tables")

    def event(self, event_id: str) -> dict:
        frame = self._con.execute("SELECT * FROM events WHERE event_id = ?", [event_id]).df()
        if frame.empty:
            raise NotFound(f"no event with id {event_id!r}")
        return frame.iloc[0].to_dict()

    def count_events(self, where: EventFilter = EventFilter()) -> int:
        clause, params = where.where()
        return int(self._con.execute(f"SELECT count(*) FROM events{clause}", params).fetchall()[0][0])

    def event_counts(self, by: Sequence[str] = ("country_iso3",),
                     where: EventFilter = EventFilter()) -> pd.DataFrame:
        """Events and fatalities grouped by event columns or ``year``/``month``."""
        derived = {"year": "CAST(EXTRACT(year FROM event_date) AS INTEGER)",
                   "month": "CAST(EXTRACT(month FROM event_date) AS INTEGER)"}
        exprs = []
        for name in by:
            if name in derived:
                exprs.append(f"{derived[name]} AS {name}")
            elif name in EVENT_COLUMNS:
                exprs.append(name)
            else:
                raise InvalidValue(f"cannot group events by {name!r}")
        clause, params = where.where()
        keys = ", ".join(by)
        sql = (f"SELECT {', '.join(exprs)}, count(*) AS events, sum(coalesce(fatalities, 0)) AS fatalities "
               f"FROM events{clause} GROUP BY {keys} ORDER BY {keys}")
        return self._con.execute(sql, params).df()

    def raw_actor_names(self) -> pd.DataFrame:
        """Every raw actor spelling in the store with the canonical id it got, and counts."""
        parts = [f"SELECT {raw} AS raw_name, {canon} AS actor_id, country_iso3 FROM events WHERE {raw} IS NOT NULL"
                 for raw, canon in (("actor1_raw", "actor1"), ("actor2_raw", "actor2"),
                                    ("assoc_actor1_raw", "assoc_actor1"), ("assoc_actor2_raw", "assoc_actor2"))]
        sql = ("SELECT raw_name, actor_id, count(*) AS n FROM (" + " UNION ALL ".join(parts) + ") "
               "GROUP BY raw_name, actor_id ORDER BY n DESC")
        return self._con.execute(sql).df()

    def actor_ids(self) -> list[str]:
        """Every canonical actor id events point at (associated actors are "; "-joined)."""
        rows = self._con.execute(
            "SELECT DISTINCT actor1 FROM events WHERE actor1 IS NOT NULL UNION "
            "SELECT DISTINCT actor2 FROM events WHERE actor2 IS NOT NULL UNION "
            "SELECT DISTINCT assoc_actor1 FROM events WHERE assoc_actor1 IS NOT NULL UNION "
            "SELECT DISTINCT assoc_actor2 FROM events WHERE assoc_actor2 IS NOT NULL").fetchall()
        return sorted({part.strip() for (value,) in rows for part in value.split(";") if part.strip()})

    # ---- reference tables -------------------------------------------------------

    _REFERENCE_TABLES = ("admin_units", "actors", "actor_aliases")

    def replace_reference(self, table: str, frame: pd.DataFrame) -> int:
        """Replace a reference table (admin units, actors, aliases) wholesale."""
        if table not in self._REFERENCE_TABLES:
            raise InvalidValue(f"{table} is not a reference table ({', '.join(self._REFERENCE_TABLES)})")
        columns = [row[0] for row in self._con.execute(f"DESCRIBE {table}").fetchall()]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InvalidValue(f"{table} rows lack column(s): {', '.join(missing)}")
        self._con.register("incoming_reference", frame[columns])
        try:
            with self.transaction():
                self._con.execute(f"DELETE FROM {table}")
                self._con.execute(f"INSERT INTO {table} SELECT * FROM incoming_reference")
        finally:
            self._con.unregister("incoming_reference")
        return len(frame)

    def reference(self, table: str) -> pd.DataFrame:
        if table not in self._REFERENCE_TABLES:
            raise InvalidValue(f"{table} is not a reference table ({', '.join(self._REFERENCE_TABLES)})")
        return self._con.execute(f"SELECT * FROM {table}").df()

    def table_counts(self) -> dict[str, int]:
        tables = [row[0] for row in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()]
        return {t: int(self._con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in tables}


def open_store(url: str | os.PathLike | None = None, read_only: bool = False) -> Store:
    """Open the database named by ``url``, ``VEILLE_DB`` or the default ``./veille.duckdb``."""
    target = str(url) if url else settings.get("db")
    if target.startswith(("postgres://", "postgresql://")):
        raise StoreError("the PostgreSQL backend is not available yet; use a DuckDB file path")
    if read_only and not Path(target).exists():
        raise NotFound(f"no database at {target}; build one with `veille ingest` or `veille demo`")
    return Store(target, read_only=read_only)

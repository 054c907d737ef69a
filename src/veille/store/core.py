"""Store: events, provenance, quarantine and reference tables, on DuckDB (a file or
``:memory:``) or PostgreSQL with PostGIS (a ``postgresql://`` URL).

The SQL here is the subset both share; what differs (catalogue queries, bulk loads,
sequences, spatial filters) is in ``duckdb_backend`` and ``postgres``."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from veille import __version__, settings
from veille.errors import InvalidValue, NotFound, StoreError
from veille.model import CONTENT_COLUMNS, EVENT_COLUMNS, Tlp
from veille.store import schema
from veille.store.audience import Audience
from veille.store.duckdb_backend import DuckDBBackend
from veille.store.generation import CountedConnection, generation_for
from veille.store.postgres import PostgresBackend, is_postgres_url

EARTH_RADIUS_KM = 6371.0088  # mean radius; PostGIS uses the same sphere when told not to use the spheroid
WITHIN_IDS = "veille_within_ids"


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
    within: str | None = None  # admin unit P-code: events whose point lies inside its polygon
    near: tuple[float, float, float] | None = None  # latitude, longitude, km: great-circle distance
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
        if self.near is not None:
            lat, lon, km = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
                raise InvalidValue(f"near: expected (latitude, longitude, km > 0), got {self.near}")

    def where(self, dialect: schema.Dialect = schema.DUCKDB) -> tuple[str, list]:
        """SQL ``WHERE`` clause and its parameters. ``within`` reads the admin unit's
        polygon in the database on PostgreSQL; on DuckDB it needs the ids the Store
        works out first (use the Store's methods)."""
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
        postgis = dialect.name == "postgres"
        point = "ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)"  # as the spatial index has it
        if self.bbox:
            west, south, east, north = self.bbox
            if postgis:
                clauses.append(f"{point} && ST_MakeEnvelope(?, ?, ?, ?, 4326)")
                params.extend([west, south, east, north])
            else:
                clauses.append("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?")
                params.extend([west, east, south, north])
        if self.within:
            if postgis:
                clauses.append(f"ST_Contains((SELECT ST_GeomFromWKB(geometry_wkb, 4326) FROM admin_units "
                               f"WHERE pcode = ?), {point})")
                params.append(self.within)
            else:
                clauses.append(f"event_id IN (SELECT event_id FROM {WITHIN_IDS})")
        if self.near:
            lat, lon, km = self.near
            if postgis:
                clauses.append("ST_DWithin(ST_MakePoint(longitude, latitude)::geography, "
                               "ST_MakePoint(?, ?)::geography, ?, false)")
                params.extend([lon, lat, km * 1000])
            else:
                # a box first (zone maps prune on it), then the haversine distance
                dlat = np.degrees(km / EARTH_RADIUS_KM)
                clauses.append("latitude BETWEEN ? AND ?")
                params.extend([lat - dlat, lat + dlat])
                clauses.append(f"2 * {EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(latitude - ?) / 2), 2) + "
                               "cos(radians(?)) * cos(radians(latitude)) * "
                               "power(sin(radians(longitude - ?) / 2), 2))) <= ?")
                params.extend([lat, lat, lon, km])
        visible = [t.value for t in Tlp if t.rank <= self.max_tlp.rank]
        among("tlp", visible)
        if self.audience is not None:
            clause, extra = self.audience.visible("event", "event_id")
            clauses.append(clause)
            params.extend(extra)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _tlp_rank(column: str) -> str:
    return "CASE {} {} ELSE 0 END".format(column, " ".join(f"WHEN '{t.value}' THEN {t.rank}" for t in Tlp))


def _revised(column: str) -> str:
    """How a source's revision sets ``column`` of a stored event. The TLP marking is not
    the source's alone: an analyst may have raised it, and a revision must not lower it
    (that would show a RED event to everyone), so the stricter of the two stands."""
    if column == "tlp":
        return (f"tlp = CASE WHEN {_tlp_rank('s.tlp')} > {_tlp_rank('events.tlp')} "
                "THEN s.tlp ELSE events.tlp END")
    return f"{column} = s.{column}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def backend_for(target: str) -> DuckDBBackend | PostgresBackend:
    return PostgresBackend() if is_postgres_url(target) else DuckDBBackend()


def is_conflict(exc: BaseException) -> bool:
    """A collision with another writer, which the same work retried can get past."""
    while exc is not None:
        name = type(exc).__name__
        if name in ("TransactionException", "SerializationFailure", "DeadlockDetected", "UniqueViolation"):
            return True
        text = str(exc).lower()
        if ("conflict" in text and "transaction" in text) or \
                (name == "ConstraintException" and "duplicate key" in text):  # DuckDB: a key inserted meanwhile
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class _Attempt:
    """One try of ``Store.retrying``: a transaction whose collision is swallowed, so
    the loop runs the block again, a little later."""

    def __init__(self, store: Store, number: int, last: bool):
        self.store, self.number, self.last, self.done = store, number, last, False
        self._transaction: contextlib.AbstractContextManager | None = None

    def __enter__(self) -> _Attempt:
        self._transaction = self.store.transaction()
        self._transaction.__enter__()
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        assert self._transaction is not None
        try:
            self._transaction.__exit__(kind, exc, tb)
        except BaseException as failed:  # the commit itself collided
            if self.last or not is_conflict(failed):
                raise
            exc = failed
        if exc is None:
            self.done = True
            return False
        if self.last or not is_conflict(exc):
            return False
        time.sleep(min(1.0, 0.01 * 2 ** self.number) * (0.5 + random.random()))
        return True


class Store:
    """Events and everything beside them, in one database: a DuckDB file (or
    ``:memory:``) or a PostgreSQL database named by a ``postgresql://`` URL."""

    def __init__(self, path: str | os.PathLike, read_only: bool = False, migrate: bool = True):
        self.path = str(path)
        self._backend = backend_for(self.path)
        self.dialect = self._backend.dialect
        self.read_only = read_only
        self._con = CountedConnection(self._backend.connect(self.path, read_only=read_only),
                                      generation_for(self.describe()))
        self._in_transaction = False
        if migrate and not read_only:
            self.migrate()

    def generation(self) -> tuple:
        """Changes after every committed write to the data (``store.generation``): an
        answer computed at one generation may be reused while it stays the same."""
        return self._backend.generation(self._con, self._con.generation.value)

    @property
    def backend(self) -> str:
        """``duckdb`` or ``postgresql``."""
        return self._backend.name

    def describe(self) -> str:
        """Where the data are, for messages (a URL without its password)."""
        return self._backend.describe(self.path)

    # ---- lifecycle --------------------------------------------------------------

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def clone(self) -> Store:
        """A second connection to the same database, for another thread: each thread
        uses its own (a connection is not safe to share between threads)."""
        other = object.__new__(Store)
        other.path, other._backend, other.dialect = self.path, self._backend, self.dialect
        other.read_only = self.read_only
        other._con = self._con.cursor()
        other._in_transaction = False
        return other

    def migrate(self, versions: set[int] | None = None) -> list[str]:
        """Apply the migrations not yet recorded (only those in ``versions`` when given);
        return their names. On PostgreSQL, processes opening a new database at the same
        moment take turns (an advisory lock), so each migration runs once."""
        with self.transaction():
            self._backend.lock_migrations(self._con)
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version BIGINT PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
        applied = []
        for migration in sorted(schema.MIGRATIONS, key=schema.migration_version):
            version = schema.migration_version(migration)
            if versions is not None and version not in versions:
                continue
            with self.transaction():
                self._backend.lock_migrations(self._con)
                done = self._con.execute("SELECT 1 FROM schema_migrations WHERE version = ?", [version]).fetchall()
                if done:
                    continue
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
            # A lost connection cannot roll back, and need not: the server discards
            # what was not committed. The error that got us here is the one to show.
            with contextlib.suppress(*self._backend.errors):
                self._con.execute("ROLLBACK")
            raise
        else:
            try:
                self._con.execute("COMMIT")
            except self._backend.errors as exc:
                raise StoreError(f"the transaction could not be committed, nothing was kept: {exc}") from exc
        finally:
            self._in_transaction = False

    @contextlib.contextmanager
    def memory_limited(self, megabytes: int) -> Iterator[None]:
        """Keep the database engine's own memory under ``megabytes`` for a while (DuckDB
        spills its buffers to disk past it; PostgreSQL manages its memory itself)."""
        with self._backend.memory_limited(self._con, megabytes):
            yield

    def retrying(self, tries: int = 20) -> Iterator[_Attempt]:
        """Transactions that are tried again when they collide with another writer
        (DuckDB's write conflicts; PostgreSQL's serialization failures, deadlocks and a
        key another transaction inserted first). The block must be safe to run again::

            for attempt in store.retrying():
                with attempt:
                    ...  # one transaction
        """
        for number in range(tries):
            attempt = _Attempt(self, number, last=number == tries - 1)
            yield attempt
            if attempt.done:
                return

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read the whole database as it stood at one moment, while others write."""
        if self._in_transaction:
            raise StoreError("a snapshot cannot be taken inside a transaction")
        self._backend.begin_snapshot(self._con)
        self._in_transaction = True
        try:
            yield
        finally:
            self._in_transaction = False
            with contextlib.suppress(*self._backend.errors):
                self._con.execute("ROLLBACK")

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
        now = _now()
        try:
            with self._backend.staged(self._con, "incoming_events", incoming) as execute:
                counts = dict(execute(
                    "SELECT action, count(*) FROM (SELECT CASE WHEN e.event_id IS NULL THEN 'insert' "
                    "WHEN e.content_hash = s.content_hash THEN 'same' ELSE 'update' END AS action "
                    "FROM incoming_events s LEFT JOIN events e ON e.event_id = s.event_id) a GROUP BY action"
                ).fetchall())
                if counts.get("update"):
                    changed = ("FROM incoming_events s JOIN events e ON e.event_id = s.event_id "
                               "WHERE e.content_hash <> s.content_hash")
                    cols = ", ".join(EVENT_COLUMNS)
                    execute(
                        f"INSERT INTO event_history ({cols}, superseded_by_run, superseded_at) "
                        f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)}, ?, ? {changed}", [run_id, now])
                    assignments = ", ".join(_revised(c) for c in CONTENT_COLUMNS if c != "event_id")
                    execute(
                        f"UPDATE events SET {assignments}, content_hash = s.content_hash, ingest_run_id = ?, "
                        "updated_at = ? FROM incoming_events s "
                        "WHERE events.event_id = s.event_id AND events.content_hash <> s.content_hash",
                        [run_id, now])
                if counts.get("insert"):
                    content = ", ".join(CONTENT_COLUMNS)
                    only_new = counts["insert"] == incoming.num_rows  # the usual first import: no join needed
                    execute(
                        f"INSERT INTO events ({content}, content_hash, ingest_run_id, created_at, updated_at) "
                        f"SELECT {', '.join('s.' + c for c in CONTENT_COLUMNS)}, s.content_hash, ?, ?, ? "
                        "FROM incoming_events s"
                        + ("" if only_new else
                           " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id)"),
                        [run_id, now, now])
        except self._backend.errors as exc:
            raise StoreError(f"merging events failed: {exc}") from exc
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
        table = pa.table({
            "run_id": pa.array(np.full(len(rows), run_id, dtype="int64")),
            "line": pa.array(rows["line"].astype("Int64"), type=pa.int64(), from_pandas=True),
            "field": pa.array(rows["field"].astype(object), type=pa.string(), from_pandas=True),
            "reason": pa.array(rows["reason"].astype(object), type=pa.string(), from_pandas=True),
            "raw": pa.array(rows["raw"].astype(object), type=pa.string(), from_pandas=True),
        })
        self._backend.load(self._con, "quarantine", table)

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

    @contextlib.contextmanager
    def _filtered(self, where: EventFilter) -> Iterator[tuple[str, list]]:
        """``where`` as SQL for this backend. On DuckDB, which has no spatial extension
        offline, ``within`` is answered with Shapely: the ids of the events inside the
        unit's polygon are registered for the query to join."""
        if where.within:
            row = self._con.execute("SELECT geometry_wkb FROM admin_units WHERE pcode = ?",
                                    [where.within]).fetchall()
            row = row[0] if row else None
            if row is None or row[0] is None:
                raise NotFound(f"no admin unit {where.within!r} with a boundary in the database "
                               "(admin units are written by `veille ingest` and `veille demo`)")
        if not where.within or self.dialect.name == "postgres":
            yield where.where(self.dialect)
            return
        import shapely

        shape = shapely.from_wkb(bytes(row[0]))
        west, south, east, north = shape.bounds
        points = self._con.execute(
            "SELECT event_id, longitude, latitude FROM events WHERE longitude BETWEEN ? AND ? "
            "AND latitude BETWEEN ? AND ?", [west, east, south, north]).fetchnumpy()
        inside = shapely.contains_xy(shape, np.asarray(points["longitude"], dtype=float),
                                     np.asarray(points["latitude"], dtype=float))
        ids = pa.table({"event_id": pa.array(np.asarray(points["event_id"], dtype=object)[inside], type=pa.string())})
        self._con.register(WITHIN_IDS, ids)
        try:
            yield where.where(self.dialect)
        finally:
            with contextlib.suppress(*self._backend.errors):
                self._con.unregister(WITHIN_IDS)

    def _events_sql(self, where: EventFilter, clause: str) -> str:
        sql = f"SELECT {', '.join(where.columns)} FROM events{clause} ORDER BY event_date, event_id"
        if where.limit is not None:
            sql += f" LIMIT {int(where.limit)} OFFSET {int(where.offset)}"
        return sql

    def events(self, where: EventFilter = EventFilter()) -> pd.DataFrame:
        with self._filtered(where) as (clause, params):
            return self._backend.frame(self._con, self._events_sql(where, clause), params)

    def events_arrow(self, where: EventFilter = EventFilter()) -> pa.Table:
        with self._filtered(where) as (clause, params):
            return self._backend.arrow(self._con, self._events_sql(where, clause), params)

    def event(self, event_id: str) -> dict:
        frame = self._con.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id = ?",
                                  [event_id]).df()
        if frame.empty:
            raise NotFound(f"no event with id {event_id!r}")
        return frame.iloc[0].to_dict()

    def count_events(self, where: EventFilter = EventFilter()) -> int:
        with self._filtered(where) as (clause, params):
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
        keys = ", ".join(by)
        with self._filtered(where) as (clause, params):
            sql = (f"SELECT {', '.join(exprs)}, count(*) AS events, sum(coalesce(fatalities, 0)) AS fatalities "
                   f"FROM events{clause} GROUP BY {keys} ORDER BY {keys}")
            return self._con.execute(sql, params).df()

    def raw_actor_names(self) -> pd.DataFrame:
        """Every raw actor spelling in the store with the canonical id it got, and counts."""
        parts = [f"SELECT {raw} AS raw_name, {canon} AS actor_id, country_iso3 FROM events WHERE {raw} IS NOT NULL"
                 for raw, canon in (("actor1_raw", "actor1"), ("actor2_raw", "actor2"),
                                    ("assoc_actor1_raw", "assoc_actor1"), ("assoc_actor2_raw", "assoc_actor2"))]
        sql = ("SELECT raw_name, actor_id, count(*) AS n FROM (" + " UNION ALL ".join(parts) + ") named "
               "GROUP BY raw_name, actor_id ORDER BY n DESC, raw_name, actor_id")
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
        columns = self.columns(table)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InvalidValue(f"{table} rows lack column(s): {', '.join(missing)}")
        rows = self.arrow_like(table, frame[columns])
        with self.transaction():
            self._con.execute(f"DELETE FROM {table}")
            self._backend.load(self._con, table, rows)
        return len(frame)

    def reference(self, table: str) -> pd.DataFrame:
        if table not in self._REFERENCE_TABLES:
            raise InvalidValue(f"{table} is not a reference table ({', '.join(self._REFERENCE_TABLES)})")
        return self._con.execute(f"SELECT * FROM {table}").df()

    # ---- tables as a whole --------------------------------------------------------

    def tables(self) -> list[str]:
        """Every table of the database, by name."""
        return self._backend.tables(self._con)

    def columns(self, table: str) -> list[str]:
        """A table's columns, in order."""
        found = self._backend.columns(self._con, table)
        if not found:
            raise NotFound(f"no table {table!r}")
        return found

    def table_arrow(self, table: str) -> pa.Table:
        """A whole table as Arrow, its columns typed as the schema declares them."""
        if table not in self.tables():
            raise NotFound(f"no table {table!r}")
        columns = self.columns(table)
        frame = self._backend.arrow(self._con, f"SELECT {', '.join(columns)} FROM {table}", [])
        return self.arrow_like(table, frame)

    def arrow_like(self, table: str, rows: pd.DataFrame | pa.Table) -> pa.Table:
        """``rows`` as an Arrow table typed like ``table``'s columns (so both backends
        load, and hash, the same values)."""
        types = self._arrow_types(table)
        data = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)
        arrays = []
        for name in data.column_names:
            column, kind = data[name], types.get(name)
            if kind is not None and column.type != kind:
                try:
                    column = column.cast(kind)
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                    raise InvalidValue(f"{table}.{name}: cannot hold these values as {kind}: {exc}") from None
            arrays.append(column)
        return pa.Table.from_arrays(arrays, names=data.column_names)

    def _arrow_types(self, table: str) -> dict[str, pa.DataType]:
        """Column name → Arrow type, from an empty query of the table."""
        probe = self._backend.arrow(self._con, f"SELECT * FROM {table} LIMIT 0", [])
        types = {}
        if self.dialect.name == "postgres":
            # an empty result carries no values to type by, so ask the catalogue
            kinds = dict(self._con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ?", [table]).fetchall())
            by_name = {"bigint": pa.int64(), "integer": pa.int32(), "smallint": pa.int16(),
                       "double precision": pa.float64(), "real": pa.float32(), "text": pa.string(),
                       "character varying": pa.string(), "date": pa.date32(), "boolean": pa.bool_(),
                       "timestamp without time zone": pa.timestamp("us"), "bytea": pa.binary(),
                       "timestamp with time zone": pa.timestamp("us", tz="UTC")}
            return {name: by_name.get(kind, pa.string()) for name, kind in kinds.items()}
        for field_ in probe.schema:
            types[field_.name] = field_.type
        return types

    def after_bulk_write(self, table: str) -> None:
        """After many rows changed: PostgreSQL's planner gets fresh statistics at once,
        instead of whenever autovacuum comes by (DuckDB keeps its own as it writes)."""
        if self.dialect.name == "postgres" and not self._in_transaction:
            self._con.execute(f"ANALYZE {table}")

    def sequences(self) -> dict[str, int]:
        """Each sequence and the value it will give next."""
        return {name: self._backend.sequence_next(self._con, name) for name in self._backend.sequences(self._con)}

    def set_sequence(self, name: str, next_value: int) -> None:
        self._backend.set_sequence(self._con, name, next_value)

    def load_rows(self, table: str, rows: pa.Table) -> None:
        """Append rows to a table in bulk (COPY on PostgreSQL)."""
        self._backend.load(self._con, table, self.arrow_like(table, rows))

    def table_counts(self) -> dict[str, int]:
        return {t: int(self._con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in self.tables()}


def open_store(url: str | os.PathLike | None = None, read_only: bool = False) -> Store:
    """Open the database named by ``url``, ``VEILLE_DB`` or the default ``./veille.duckdb``:
    a DuckDB file path, or a ``postgresql://user@host:port/database`` URL."""
    target = str(url) if url else settings.get("db")
    if read_only and not is_postgres_url(target) and not Path(target).exists():
        raise NotFound(f"no database at {target}; build one with `veille ingest` or `veille demo`")
    return Store(target, read_only=read_only)

"""PostgreSQL (with PostGIS) behind the same ``Store``.

A thin adapter gives a psycopg connection the face of DuckDB's, so that SQL written
once for the store runs on both:

- ``execute(sql, params)`` takes DuckDB's ``?`` placeholders and returns a result with
  ``fetchall()``, ``fetchone()``, ``df()``, ``arrow()`` and ``fetchnumpy()``; frames come
  out with the same dtypes DuckDB gives (they pass through DuckDB's own conversion);
- ``register(name, frame_or_arrow)`` makes a DataFrame or Arrow table queryable by name,
  as a temporary table loaded with COPY; ``unregister(name)`` drops it;
- ``BEGIN TRANSACTION`` / ``COMMIT`` / ``ROLLBACK`` work as they do on DuckDB: the
  connection is in autocommit mode until a transaction is begun.

Values are bound on the client side (psycopg's ``ClientCursor``), as DuckDB binds
them: an untyped ``?`` is a literal, never a parameter whose type PostgreSQL must guess.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from veille.errors import InvalidValue, StoreError
from veille.store import schema
from veille.store.duckdb_backend import scratch_duckdb

try:  # the [pg] extra
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.numeric import FloatLoader
    from psycopg.types.string import TextLoader
except ImportError:  # pragma: no cover - exercised only without the extra
    psycopg = None

ERRORS: tuple[type[BaseException], ...] = (psycopg.Error,) if psycopg else ()

# Result types by PostgreSQL type OID, as DuckDB would type the same column.
_ARROW_BY_OID = {
    16: pa.bool_(), 17: pa.binary(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 26: pa.int64(),
    25: pa.string(), 1042: pa.string(), 1043: pa.string(), 19: pa.string(), 114: pa.string(),
    3802: pa.string(), 700: pa.float32(), 701: pa.float64(), 1700: pa.float64(), 1082: pa.date32(),
    1114: pa.timestamp("us"), 1184: pa.timestamp("us", tz="UTC"),
}
_PG_BY_ARROW = (
    (pa.types.is_boolean, "BOOLEAN"), (pa.types.is_integer, "BIGINT"), (pa.types.is_floating, "DOUBLE PRECISION"),
    (pa.types.is_date, "DATE"), (pa.types.is_binary, "BYTEA"), (pa.types.is_large_binary, "BYTEA"),
)

def is_postgres_url(target: str) -> bool:
    return str(target).startswith(("postgres://", "postgresql://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def with_schema(url: str, schema_name: str) -> str:
    """``url`` with its tables in ``schema_name`` (PostGIS stays reachable in public)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema_name},public"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> str:
    """DuckDB's ``?`` placeholders as psycopg's ``%s``; a literal ``%`` doubled. Quoted
    strings, quoted names and comments are left as they are (``?`` in them is text)."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:  # '' or "" inside
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i:end + 1].replace("%", "%%"))
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def frame_from_arrow(table: pa.Table) -> pd.DataFrame:
    """A DataFrame with the dtypes DuckDB's ``.df()`` gives for the same columns."""
    if table.num_columns == 0:
        return pd.DataFrame(index=range(table.num_rows))
    with scratch_duckdb() as con:  # DuckDB's own Arrow → pandas conversion
        return con.from_arrow(table).df()


def _arrow_column(values: Sequence[Any], oid: int) -> pa.Array:
    kind = _ARROW_BY_OID.get(oid)
    if kind is not None:
        try:
            return pa.array(values, type=kind)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())


class PgResult:
    """What ``PgConnection.execute`` returns: DuckDB's ways of fetching a result."""

    def __init__(self, cursor):
        self._cursor = cursor

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchmany(self, size: int = 1) -> list[tuple]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def arrow(self) -> pa.Table:
        description = self._cursor.description
        if not description:
            return pa.table({})
        rows = self._cursor.fetchall()
        names = _unique_names([d.name for d in description])
        columns = list(zip(*rows)) if rows else [()] * len(description)
        arrays = [_arrow_column(list(values), d.type_code) for values, d in zip(columns, description)]
        return pa.Table.from_arrays(arrays, names=names)

    fetch_arrow_table = to_arrow_table = arrow

    def df(self) -> pd.DataFrame:
        return frame_from_arrow(self.arrow())

    fetchdf = fetch_df = df

    def fetchnumpy(self) -> dict[str, np.ndarray]:
        frame = self.df()
        return {name: frame[name].to_numpy() for name in frame.columns}


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def _for_copy(table: pa.Table) -> tuple[pa.Table, list[tuple[str, str]]]:
    """The table as COPY will read it, and the temporary table's column types."""
    arrays, types = [], []
    for name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_dictionary(kind):
            column = column.cast(kind.value_type)
            kind = column.type
        pg_type = next((t for test, t in _PG_BY_ARROW if test(kind)), None)
        if pa.types.is_timestamp(kind):
            pg_type = "TIMESTAMPTZ" if kind.tz else "TIMESTAMP"
            column = column.cast(pa.timestamp("us", tz=kind.tz))
        elif pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            # COPY reads bytea as \x followed by hex
            column = pa.chunked_array([pa.array(
                [None if v is None else "\\x" + v.hex() for v in column.to_pylist()], type=pa.string())])
        elif pa.types.is_null(kind):
            column = column.cast(pa.string())
        elif pg_type is None:
            column = pc.cast(column, pa.string()) if not pa.types.is_string(kind) else column
        arrays.append(column)
        types.append((name, pg_type or "TEXT"))
    return pa.Table.from_arrays(arrays, names=table.column_names), types


def _as_arrow(data: Any) -> pa.Table:
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, pd.DataFrame):
        try:
            return pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise StoreError(f"cannot load these rows into PostgreSQL: {exc}") from None
    raise StoreError(f"cannot register a {type(data).__name__} as a table")


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgConnection:
    """A psycopg connection with the face of a DuckDB connection (see the module doc)."""

    def __init__(self, url: str, read_only: bool = False):
        if psycopg is None:
            raise StoreError("the PostgreSQL backend needs psycopg: pip install 'veille[pg]'")
        self.url = url
        self.read_only = read_only
        try:
            self._pg = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {redact(url)}: {str(exc).strip()}") from None
        for name in ("numeric",):
            self._pg.adapters.register_loader(name, FloatLoader)
        for name in ("json", "jsonb"):
            self._pg.adapters.register_loader(name, TextLoader)
        if read_only:
            self._pg.execute("SET default_transaction_read_only = on")
        self._registered: set[str] = set()
        self._drop_after_rollback: set[str] = set()

    # ---- DuckDB's face ----------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgResult:
        statement = sql.strip().rstrip(";").strip()
        upper = statement.upper()
        if upper in ("BEGIN", "BEGIN TRANSACTION"):
            statement = "BEGIN"
        cursor = self._pg.cursor()
        if params is not None:
            params = list(params)
            if any(isinstance(v, str) and "\x00" in v for v in params):
                # PostgreSQL text cannot hold NUL, so no stored value could match or take it
                raise InvalidValue("a value contains a NUL byte, which text cannot hold")
            cursor.execute(translate(statement), params)
        else:
            cursor.execute(statement)
        if upper in ("ROLLBACK", "ABORT") and self._drop_after_rollback:
            for name in self._drop_after_rollback:
                self._pg.execute(f"DROP TABLE IF EXISTS pg_temp.{quote_name(name)}")
            self._drop_after_rollback.clear()
        return PgResult(cursor)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._pg.cursor() as cursor:
            cursor.executemany(translate(sql), [list(r) for r in rows])

    def sql(self, sql: str, params: Sequence[Any] | None = None) -> PgResult:
        return self.execute(sql, params)

    def register(self, name: str, data: Any) -> PgConnection:
        """Make ``data`` (DataFrame or Arrow) queryable as ``name``: a temporary table
        loaded with COPY. Inside a transaction it lives and dies with it."""
        table, types = _for_copy(_as_arrow(data))
        quoted = quote_name(name)
        columns = ", ".join(f"{quote_name(c)} {t}" for c, t in types)
        self._pg.execute(f"DROP TABLE IF EXISTS pg_temp.{quoted}")
        self._pg.execute(f"CREATE TEMPORARY TABLE {quoted} ({columns})")
        if table.num_rows:
            self.copy_in(name, table)
            self._pg.execute(f"ANALYZE {quoted}")
        self._registered.add(name)
        return self

    def unregister(self, name: str) -> PgConnection:
        self._registered.discard(name)
        if self._pg.info.transaction_status == TransactionStatus.INERROR:
            self._drop_after_rollback.add(name)  # nothing runs until ROLLBACK
        else:
            self._pg.execute(f"DROP TABLE IF EXISTS pg_temp.{quote_name(name)}")
        return self

    def copy_in(self, name: str, table: pa.Table, chunk: int = 8 << 20) -> None:
        """Append an Arrow table to ``name`` by COPY, as CSV (pyarrow writes NULL as an
        empty field and every string quoted, as PostgreSQL's CSV format reads them)."""
        table, _ = _for_copy(table)
        buffer = io.BytesIO()
        pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=False))
        data = buffer.getbuffer()
        columns = ", ".join(quote_name(c) for c in table.column_names)
        with self._pg.cursor() as cursor, cursor.copy(
                f"COPY {quote_name(name)} ({columns}) FROM STDIN (FORMAT csv)") as copy:
            for start in range(0, len(data), chunk):
                copy.write(data[start:start + chunk])

    def copy_out(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """A query's whole result as Arrow, read by COPY as CSV: for large results, many
        times faster than fetching rows as Python tuples. Types come from the query's
        description (an empty run of it first)."""
        cursor = self._pg.cursor()
        bound = cursor.mogrify(translate(sql), list(params)) if params is not None else sql
        cursor.execute(f"SELECT * FROM ({bound}) AS q LIMIT 0")
        description = cursor.description
        names = _unique_names([d.name for d in description])
        kinds = [_ARROW_BY_OID.get(d.type_code, pa.string()) for d in description]
        read_as = {n: (pa.string() if pa.types.is_binary(k) or pa.types.is_boolean(k) else k)
                   for n, k in zip(names, kinds)}
        buffer = io.BytesIO()
        with cursor.copy(f"COPY ({bound}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
        if buffer.tell() == 0:
            return pa.Table.from_arrays([pa.array([], type=k) for k in kinds], names=names)
        buffer.seek(0)
        table = pacsv.read_csv(
            buffer, read_options=pacsv.ReadOptions(column_names=names, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=read_as, strings_can_be_null=True, quoted_strings_can_be_null=False,
                null_values=[""], timestamp_parsers=["%Y-%m-%d %H:%M:%S", pacsv.ISO8601]))
        arrays = []
        for name, kind in zip(names, kinds):
            column = table[name]
            if pa.types.is_boolean(kind):
                column = pc.equal(column, "t")
            elif pa.types.is_binary(kind):
                column = pa.array([None if v is None else bytes.fromhex(v[2:]) for v in column.to_pylist()],
                                  type=pa.binary())
            arrays.append(column)
        return pa.Table.from_arrays(arrays, names=names)

    def cursor(self) -> PgConnection:
        """Another connection to the same database (DuckDB's ``cursor()``)."""
        return PgConnection(self.url, self.read_only)

    def close(self) -> None:
        self._pg.close()

    @property
    def in_transaction(self) -> bool:
        return self._pg.info.transaction_status != TransactionStatus.IDLE


class PostgresBackend:
    """What differs on PostgreSQL: dialect, catalogue queries, bulk loads, sequences."""

    name = "postgresql"
    dialect = schema.POSTGRES
    errors = ERRORS

    def connect(self, url: str, read_only: bool = False) -> PgConnection:
        con = PgConnection(url, read_only)
        found = con.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'").fetchone()
        if found is None:
            available = con.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
            if available is None:
                con.close()
                raise StoreError(f"the PostgreSQL server at {redact(url)} has no PostGIS; install it "
                                 "(Debian: postgresql-15-postgis-3)")
        return con

    @contextlib.contextmanager
    def memory_limited(self, con: PgConnection, megabytes: int) -> Iterator[None]:
        """Nothing to do: the server manages its own memory."""
        yield

    @contextlib.contextmanager
    def staged(self, con: PgConnection, name: str, data: pa.Table) -> Iterator[Callable[..., Any]]:
        """Run statements that read ``data`` as table ``name``: a temporary table, by COPY."""
        con.register(name, data)
        try:
            yield lambda sql, params=(): con.execute(sql, list(params))
        finally:
            with contextlib.suppress(*self.errors):
                con.unregister(name)

    def arrow(self, con: PgConnection, sql: str, params: Sequence[Any]) -> pa.Table:
        return con.copy_out(sql, params)

    def frame(self, con: PgConnection, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        return frame_from_arrow(con.copy_out(sql, params))

    def tables(self, con: PgConnection) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]

    def columns(self, con: PgConnection, table: str) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]

    def load(self, con: PgConnection, table: str, data: pa.Table) -> None:
        if data.num_rows:
            con.copy_in(table, data)

    def sequences(self, con: PgConnection) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() "
            "ORDER BY sequence_name").fetchall()]

    def lock_migrations(self, con: PgConnection) -> None:
        # held until the transaction ends; the number only has to be veille's own
        con.execute("SELECT pg_advisory_xact_lock(7311986)")

    def begin_snapshot(self, con: PgConnection) -> None:
        # every statement of the transaction sees the database as it was at its first
        con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def set_sequence(self, con: PgConnection, name: str, next_value: int) -> None:
        con.execute(f"SELECT setval('{name}', ?, false)", [int(next_value)])

    def sequence_next(self, con: PgConnection, name: str) -> int:
        """The value ``nextval`` would give next, without taking it."""
        last, called = con.execute(f"SELECT last_value, is_called FROM {name}").fetchone()
        return int(last) + 1 if called else int(last)

    def generation(self, con: PgConnection, local: int) -> tuple:
        # Other processes may write to the same database: the WAL position moves on with
        # every commit in the cluster, so an answer is reused only while nothing committed.
        return (local, con.execute("SELECT pg_current_wal_lsn()::text").fetchall()[0][0])

    def describe(self, url: str) -> str:
        return redact(url)

"""DuckDB behind the ``Store``: the embedded default, one file (or ``:memory:``)."""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from veille.errors import StoreError
from veille.store import schema


class DuckDBBackend:
    """What differs on DuckDB: dialect, catalogue queries, bulk loads, sequences."""

    name = "duckdb"
    dialect = schema.DUCKDB
    errors: tuple[type[BaseException], ...] = (duckdb.Error,)

    def connect(self, path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from None
        except duckdb.Error as exc:
            raise StoreError(f"{path} is not a veille database DuckDB can open: {exc}") from None
        con.execute("SET enable_progress_bar = false")  # progress is the CLI's to show
        return con

    def arrow(self, con, sql: str, params: Sequence[Any]) -> pa.Table:
        relation = con.sql(sql, params=list(params))
        for method in ("to_arrow_table", "fetch_arrow_table", "arrow"):  # the name changed across releases
            if hasattr(relation, method):
                return getattr(relation, method)()
        raise StoreError("this DuckDB release cannot return Arrow tables")

    def frame(self, con, sql: str, params: Sequence[Any]) -> pd.DataFrame:
        return con.execute(sql, list(params)).df()

    def tables(self, con) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]

    def columns(self, con, table: str) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]

    def load(self, con, table: str, data: pa.Table) -> None:
        if not data.num_rows:
            return
        con.register("veille_incoming_rows", data)
        try:
            columns = ", ".join(f'"{c}"' for c in data.column_names)
            con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM veille_incoming_rows")
        finally:
            with contextlib.suppress(duckdb.Error):
                con.unregister("veille_incoming_rows")

    @contextlib.contextmanager
    def staged(self, con, name: str, data: pa.Table) -> Iterator[Callable[..., Any]]:
        """Run statements that read ``data`` as table ``name``.

        Not by ``register``: inside a transaction DuckDB keeps every view dropped there
        (a rollback could bring it back), and with it the Arrow data it names, so an
        import staging batch after batch held the whole file in memory until commit.
        DuckDB's replacement scan instead finds ``name`` among the variables of the
        frame that runs the statement, leaving nothing in the catalogue."""
        if not name.isidentifier():
            raise StoreError(f"cannot stage rows as {name!r}")

        # The scan looks in the frame that calls DuckDB itself, so a connection wrapped to
        # count writes (store.generation) is unwrapped here, and told of the write after.
        inner = getattr(con, "unwrapped", con)

        def execute(sql: str, params: Sequence[Any] = ()):
            scope = {name: data, "_con": inner, "_sql": sql, "_params": list(params)}
            exec("_result = _con.execute(_sql, _params)", {}, scope)  # noqa: S102 - fixed code, the scope is ours
            if inner is not con:
                con.executed(sql)
            return scope["_result"]

        yield execute

    @contextlib.contextmanager
    def memory_limited(self, con, megabytes: int) -> Iterator[None]:
        """DuckDB's memory limit lowered for a while (it is the database's, not the
        connection's), then back to DuckDB's default: veille sets no other, and the
        current one reads back rounded ("18.8 GiB"), so restoring it would drift."""
        con.execute(f"SET memory_limit = '{int(megabytes)}MB'")
        try:
            yield
        finally:
            with contextlib.suppress(duckdb.Error):
                con.execute("RESET memory_limit")

    def sequences(self, con) -> list[str]:
        return [r[0] for r in con.execute(
            "SELECT sequence_name FROM duckdb_sequences() WHERE schema_name = current_schema() "
            "AND database_name = current_database() ORDER BY sequence_name").fetchall()]

    def lock_migrations(self, con) -> None:
        """Nothing to do: one process writes a DuckDB file."""

    def begin_snapshot(self, con) -> None:
        con.execute("BEGIN TRANSACTION")  # DuckDB's transactions already read one snapshot

    def set_sequence(self, con, name: str, next_value: int) -> None:
        # DuckDB has no setval: the sequence is made again, starting where it should.
        con.execute(f"DROP SEQUENCE IF EXISTS {name}")
        con.execute(f"CREATE SEQUENCE {name} START {int(next_value)}")

    def sequence_next(self, con, name: str) -> int:
        row = con.execute("SELECT start_value, last_value, increment_by FROM duckdb_sequences() "
                          "WHERE sequence_name = ?", [name]).fetchall()
        if not row:
            raise StoreError(f"no sequence {name}")
        start, last, step = row[0]
        return int(start) if last is None else int(last) + int(step)

    def describe(self, path: str) -> str:
        return path

    def generation(self, con, local: int) -> tuple:
        return (local,)  # one process writes a DuckDB file: this process's count is all of it


_SCRATCH: duckdb.DuckDBPyConnection | None = None
_SCRATCH_LOCK = threading.Lock()


@contextlib.contextmanager
def scratch_duckdb() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of one process-wide in-memory DuckDB, for Arrow work (frames, digests)
    outside any store. Each use gets its own cursor, closed in the thread that used it:
    connections kept per thread were destroyed at exit on dead threads, and DuckDB then
    aborted the process."""
    global _SCRATCH
    with _SCRATCH_LOCK:
        if _SCRATCH is None:
            _SCRATCH = duckdb.connect()
            atexit.register(_SCRATCH.close)
        cursor = _SCRATCH.cursor()
    try:
        yield cursor
    finally:
        cursor.close()

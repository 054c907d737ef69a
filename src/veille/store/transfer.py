"""Whole databases moved and kept: a digest of every table, copies across backends
(``migrate-store``), backups and restores — each checked, table by table, against
the rows it started from.

A table's digest is the md5 of its rows' md5s, sorted; each row is written as text
column by column (columns in name order, NULL marked), by the same code whatever the
backend, so a DuckDB table and its PostgreSQL copy have the same digest exactly when
they hold the same values.

A backup is one tar file: ``manifest.json`` (veille version, migrations, sequences,
each table's rows and digest) and one Parquet file per table. A restore loads it into
an empty database in one transaction, checks every digest before it commits, and
leaves nothing behind when anything fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from veille import __version__
from veille.errors import InputRefused, StoreError
from veille.store.core import Store
from veille.store.duckdb_backend import scratch_duckdb

BACKUP_FORMAT = 1
_NULL = "\x01NULL\x01"
_EMPTY = hashlib.md5(b"").hexdigest()
Progress = Callable[[str, int], None]  # (table, rows) as each table is done


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    digest: str


@dataclass
class TransferReport:
    """What a copy, backup or restore did: each table's rows and digest, checked."""

    source: str
    target: str
    tables: dict[str, TableCheck] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)
    migrations: list[int] = field(default_factory=list)
    applied_after: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    def as_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "rows": self.rows,
                "tables": {t: {"rows": c.rows, "digest": c.digest} for t, c in self.tables.items()},
                "sequences": self.sequences, "migrations": self.migrations,
                "applied_after": self.applied_after}


def arrow_digest(table: pa.Table) -> tuple[int, str]:
    """(rows, digest) of an Arrow table; see the module doc."""
    columns = sorted(table.column_names)
    if table.num_rows == 0 or not columns:
        return table.num_rows, _EMPTY
    with scratch_duckdb() as con:  # hashes rows in bulk
        con.register("rows_to_digest", table)
        parts = ", ".join(f"coalesce(CAST(\"{c}\" AS VARCHAR), '{_NULL}')" for c in columns)
        rows, digest = con.execute(
            f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM "
            f"(SELECT md5(concat_ws(chr(31), {parts})) AS h FROM rows_to_digest) hashed").fetchall()[0]
    return int(rows), str(digest)


def table_digest(store: Store, table: str) -> TableCheck:
    rows, digest = arrow_digest(store.table_arrow(table))
    return TableCheck(table, rows, digest)


def digests(store: Store) -> dict[str, TableCheck]:
    """Every table's rows and digest, read from one snapshot."""
    with store.snapshot():
        return {t: table_digest(store, t) for t in store.tables()}


def _versions(store: Store) -> list[int]:
    if "schema_migrations" not in store.tables():
        return []
    return sorted(int(r[0]) for r in store._con.execute("SELECT version FROM schema_migrations").fetchall())


def _check_empty(target: Store) -> None:
    full = {t: n for t, n in target.table_counts().items() if n and t != "schema_migrations"}
    if full:
        shown = ", ".join(f"{t} ({n:,} rows)" for t, n in sorted(full.items())[:4])
        raise StoreError(f"{target.describe()} is not empty: {shown}; restore or copy into a new database")


def _load(target: Store, tables: dict[str, Callable[[], pa.Table]], expected: dict[str, TableCheck],
          versions: list[int], sequences: dict[str, int], progress: Progress | None) -> list[str]:
    """Load tables into an empty ``target`` at the schema of ``versions``, check each
    against ``expected`` and commit only when all agree; check again once committed;
    then bring the schema up to date. The schema is made first, in its own transaction
    (DuckDB 2.0 has lost rows appended to a table created in the same transaction), so
    a load that fails leaves the database empty, never half-filled."""
    _check_empty(target)
    done = set(_versions(target))
    if not done <= set(versions):
        newer = sorted(done - set(versions))
        raise StoreError(f"{target.describe()} already has migrations {newer} that the source lacks; "
                         "use a new database")
    target.migrate(set(versions))
    missing = sorted(set(tables) - set(target.tables()))
    if missing:
        raise StoreError(f"the source has table(s) {', '.join(missing)} that this veille does not know")

    def check(name: str) -> None:
        found, want = table_digest(target, name), expected.get(name)
        if want is not None and (found.rows, found.digest) != (want.rows, want.digest):
            raise StoreError(f"table {name}: {found.rows:,} rows with digest {found.digest} arrived, "
                             f"{want.rows:,} rows with digest {want.digest} were sent")

    with target.transaction():
        for name, read in tables.items():
            rows = read()
            if name == "schema_migrations":
                target._con.execute("DELETE FROM schema_migrations")  # the source's own record, as it was
            columns = set(target.columns(name))
            if set(rows.column_names) != columns:
                raise StoreError(f"table {name}: the source has columns {sorted(rows.column_names)}, "
                                 f"this database {sorted(columns)}")
            target.load_rows(name, rows)
            check(name)
            if progress:
                progress(name, rows.num_rows)
        for name, next_value in sequences.items():
            target.set_sequence(name, next_value)
    for name in tables:
        check(name)
    return target.migrate()


def copy_store(source_url: str, target_url: str, progress: Progress | None = None) -> TransferReport:
    """Copy every table of one database into another, empty one (DuckDB ↔ PostgreSQL),
    in one transaction, each table checked by rows and digest before it commits."""
    if str(source_url) == str(target_url):
        raise StoreError(f"{source_url} is both the source and the target")
    with Store(source_url, read_only=True) as source, Store(target_url, migrate=False) as target:
        report = TransferReport(source.describe(), target.describe())
        with source.snapshot():
            report.migrations = _versions(source)
            report.sequences = source.sequences()
            tables = source.tables()
            expected = {t: table_digest(source, t) for t in tables}
            readers = {t: (lambda t=t: source.table_arrow(t)) for t in _ordered(tables)}
            report.applied_after = _load(target, readers, expected, report.migrations, report.sequences, progress)
        report.tables = expected
    return report


def _ordered(tables: list[str]) -> list[str]:
    return (["schema_migrations"] if "schema_migrations" in tables else []) + \
        [t for t in tables if t != "schema_migrations"]


def backup(url: str, path: str | os.PathLike, progress: Progress | None = None) -> TransferReport:
    """Write the whole database to one file (see the module doc), from one snapshot.
    The file appears only when complete."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with Store(url, read_only=True) as store:
        report = TransferReport(store.describe(), str(path))
        try:
            with store.snapshot(), tarfile.open(partial, "w") as archive:
                report.migrations = _versions(store)
                report.sequences = store.sequences()
                for table in _ordered(store.tables()):
                    rows = store.table_arrow(table)
                    count, digest = arrow_digest(rows)
                    report.tables[table] = TableCheck(table, count, digest)
                    buffer = io.BytesIO()
                    pq.write_table(rows, buffer, compression="zstd")
                    _add(archive, f"tables/{table}.parquet", buffer.getvalue())
                    if progress:
                        progress(table, count)
                manifest = {"format": BACKUP_FORMAT, "veille_version": __version__, "backend": store.backend,
                            "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
                            **{k: v for k, v in report.as_dict().items() if k not in ("source", "target")}}
                _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return report


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def read_manifest(path: str | os.PathLike) -> dict:
    name = str(path)
    if not Path(path).is_file():
        raise InputRefused(name, "no such file", "a backup written by `veille backup`")
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile("manifest.json")
            manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, json.JSONDecodeError, UnicodeDecodeError):
        raise InputRefused(name, "is not a veille backup (no readable manifest.json)",
                           "a file written by `veille backup`") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise InputRefused(name, f"is a backup in format {manifest.get('format') if manifest else None!r}",
                           f"format {BACKUP_FORMAT}")
    return manifest


def restore(path: str | os.PathLike, url: str, progress: Progress | None = None) -> TransferReport:
    """Load a backup into an empty database (either backend): every table checked
    against the manifest's rows and digest before the one transaction commits."""
    manifest = read_manifest(path)
    expected = {t: TableCheck(t, v["rows"], v["digest"]) for t, v in manifest["tables"].items()}
    with tarfile.open(path, "r") as archive, Store(url, migrate=False) as target:
        def reader(table: str) -> Callable[[], pa.Table]:
            def read() -> pa.Table:
                member = archive.extractfile(f"tables/{table}.parquet")
                if member is None:
                    raise InputRefused(str(path), f"lacks the rows of table {table}")
                return pq.read_table(io.BytesIO(member.read()))
            return read

        report = TransferReport(str(path), target.describe(), tables=expected,
                                sequences=manifest.get("sequences", {}), migrations=manifest["migrations"])
        try:
            report.applied_after = _load(target, {t: reader(t) for t in _ordered(list(expected))}, expected,
                                         report.migrations, report.sequences, progress)
        except (tarfile.TarError, pa.ArrowInvalid, OSError) as exc:
            raise InputRefused(str(path), f"is damaged: {exc}", "a complete backup") from None
    return report


__all__ = ["TableCheck", "TransferReport", "arrow_digest", "backup", "copy_store", "digests", "read_manifest",
           "restore", "table_digest"]

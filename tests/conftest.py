"""Shared fixtures: real data paths, a fresh in-memory store per test, the CLI in-process."""

from __future__ import annotations

import csv
import os
import uuid
from pathlib import Path

import pytest

from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared" / "data"
ACLED_DIR = SHARED / "acled"


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s


# ---- both backends -------------------------------------------------------------------

PG_ENV = "VEILLE_TEST_PG"
BACKENDS = ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pg_server() -> str:
    """The test server's URL, or skip: PostgreSQL tests run where VEILLE_TEST_PG is set
    (``.ci/run`` starts a server and sets it; on a laptop, ``eval "$(.ci/postgres)"``)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}=postgresql://... (see .ci/postgres)")
    return url


@pytest.fixture
def new_pg_url():
    """Make URLs whose tables live in fresh schemas of the test server (each call a new
    one), all dropped afterwards."""
    import psycopg

    from veille.store.postgres import with_schema

    server = pg_server()
    made: list[str] = []

    def make() -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA {name}")
        made.append(name)
        return with_schema(server, name)

    yield make
    with psycopg.connect(server, autocommit=True) as admin:
        for name in made:
            admin.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture
def pg_url(new_pg_url):
    """A URL whose tables live in a fresh schema of the test server, dropped afterwards."""
    return new_pg_url()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A fresh database on each backend: a DuckDB file, then a PostgreSQL schema."""
    if request.param == "duckdb":
        return str(tmp_path / "test.duckdb")
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=BACKENDS)
def any_store(request):
    """A fresh store on each backend: DuckDB in memory, then PostgreSQL."""
    target = ":memory:" if request.param == "duckdb" else request.getfixturevalue("pg_url")
    with Store(target) as s:
        yield s


@pytest.fixture
def acled_files() -> list[Path]:
    files = sorted(ACLED_DIR.glob("*.csv"))
    if not files:
        pytest.skip("ACLED files are not in ../shared/data/acled (they are never bundled)")
    return files


@pytest.fixture
def acled_rows(acled_files) -> tuple[list[str], list[list[str]]]:
    """Header and records of the Burkina Faso ACLED file (its HXL row dropped)."""
    with open(acled_files[0], newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[2:]


def write_csv(path: Path, header, rows, delimiter=",", encoding="utf-8", newline="\n") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
    return path


class CliResult:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr


@pytest.fixture
def cli(tmp_path, capsys):
    """Run ``veille`` in-process against a database in tmp_path."""
    from veille import cli as cli_module

    db = tmp_path / "cli.duckdb"

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = cli_module.run(["--db", str(db), *map(str, args)])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    run.db = db
    return run


__all__ = ["ACLED_DIR", "BACKENDS", "DATA", "ROOT", "SHARED", "pg_server", "write_csv"]

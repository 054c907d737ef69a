"""Copies across backends, backups and restores: every table arrives as it left."""

import tarfile

import pytest
from tests.conftest import SHARED

from veille.errors import InputRefused, StoreError
from veille.sources.ingest import ingest
from veille.store import Store
from veille.store import alerts as alert_table
from veille.store.transfer import backup, copy_store, digests, read_manifest, restore

CANDIDATE = SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"
NIGERIA = SHARED / "ucdp" / "ucdp_ged_nigeria_hdx.csv"


def fill(url: str) -> dict:
    """A database with events, a revision, quarantine, reference rows and an alert."""
    with Store(url) as store:
        ingest(store, "ucdp", [CANDIDATE])
        store.replace_reference("actor_aliases", __import__("veille.actors", fromlist=["x"]).aliases_table())
        with store.transaction():
            store.add_quarantine(1, __import__("pandas").DataFrame(
                {"line": [7], "field": ["best"], "reason": ["best: expected a whole number, got 'x'"],
                 "raw": ['1,"two\nlines",é']}))
        alert_table.save_alerts(store, [{
            "alert_id": "a1", "rule": "surge", "kind": "surge", "severity": "high", "country_iso3": "TGO",
            "unit": "TG05", "unit_name": "Savanes", "period": "2026-01", "title": "Surge", "detail": None,
            "value": 2.5, "evidence": ["e1"], "tlp": "AMBER"}])
        return digests(store)


@pytest.fixture
def second_url(request, tmp_path):
    """Another fresh database, on the backend the test names."""
    backend = getattr(request, "param", "duckdb")
    if backend == "duckdb":
        return str(tmp_path / "second.duckdb")
    return request.getfixturevalue("new_pg_url")()


@pytest.mark.parametrize("second_url", ["duckdb", pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_migrate_store_copies_every_table_exactly(db_url, second_url):
    before = fill(db_url)
    report = copy_store(db_url, second_url)
    assert report.rows == sum(c.rows for c in before.values()) > 1727
    with Store(second_url) as copy:
        after = digests(copy)
        assert after == before
        assert copy.sequences()["ingest_run_seq"] == 2
        # the copy goes on as the original would: the next import is run 2, and changes nothing
        [again] = ingest(copy, "ucdp", [CANDIDATE])
        assert (again.run_id, again.unchanged) == (2, 1727)


def test_a_backup_restores_identically_on_either_backend(db_url, second_url, tmp_path):
    before = fill(db_url)
    path = tmp_path / "veille.backup"
    written = backup(db_url, path)
    assert {t: (c.rows, c.digest) for t, c in written.tables.items()} == \
        {t: (c.rows, c.digest) for t, c in before.items()}
    manifest = read_manifest(path)
    assert manifest["tables"]["events"]["rows"] == 1727
    restore(path, second_url)
    with Store(second_url) as restored:
        assert digests(restored) == before
    # and round again: the second backup holds the same rows
    again = tmp_path / "again.backup"
    backup(second_url, again)
    assert read_manifest(again)["tables"] == manifest["tables"]


def test_restore_refuses_a_database_that_is_not_empty(db_url, tmp_path):
    fill(db_url)
    path = tmp_path / "b.backup"
    backup(db_url, path)
    with pytest.raises(StoreError, match="is not empty"):
        restore(path, db_url)


def test_a_damaged_backup_is_refused_and_leaves_no_rows(db_url, tmp_path):
    source = str(tmp_path / "source.duckdb")
    fill(source)
    path = tmp_path / "b.backup"
    backup(source, path)
    damaged = tmp_path / "damaged.backup"
    with tarfile.open(path) as good, tarfile.open(damaged, "w") as bad:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name == "tables/events.parquet":
                data = data[: len(data) // 2]
                member.size = len(data)
            bad.addfile(member, __import__("io").BytesIO(data))
    with pytest.raises(InputRefused, match="damaged"):
        restore(damaged, db_url)
    with Store(db_url) as store:
        assert {t: n for t, n in store.table_counts().items() if n and t != "schema_migrations"} == {}


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    path = tmp_path / "notes.backup"
    path.write_text("hello")
    with pytest.raises(InputRefused, match="not a veille backup"):
        read_manifest(path)


def test_digests_change_when_one_value_changes(tmp_path):
    url = str(tmp_path / "a.duckdb")
    before = fill(url)
    with Store(url) as store:
        store._con.execute("UPDATE events SET fatalities = fatalities + 1 WHERE event_id = "
                           "(SELECT min(event_id) FROM events)")
        after = digests(store)
    assert after["events"].rows == before["events"].rows
    assert after["events"].digest != before["events"].digest
    assert after["alerts"] == before["alerts"]


def test_the_cli_copies_backs_up_and_restores(cli, tmp_path, db_url):
    assert cli("ingest", "ucdp", str(CANDIDATE), "--json").code == 0
    copied = cli("migrate-store", str(cli.db), db_url, "--json")
    assert copied.code == 0, copied.stderr
    report = __import__("json").loads(copied.stdout)
    assert report["tables"]["events"]["rows"] == 1727
    path = tmp_path / "cli.backup"
    assert cli("--db", db_url, "backup", str(path)).code == 0
    target = tmp_path / "restored.duckdb"
    restored = cli("--db", str(target), "restore", str(path), "--json")
    assert restored.code == 0, restored.stderr
    assert __import__("json").loads(restored.stdout)["tables"] == report["tables"]
    refused = cli("--db", str(target), "restore", str(path))
    assert refused.code != 0 and "is not empty" in refused.stderr

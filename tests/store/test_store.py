import datetime as dt

import pandas as pd
import pytest

from veille.errors import StoreError
from veille.model import CONTENT_COLUMNS
from veille.sources.normalize import to_event_table
from veille.store import EventFilter, MergeCounts, Store, open_store
from veille.store.schema import MIGRATIONS, migration_version


def events(n: int, fatalities: int = 1, prefix: str = "E") -> pd.DataFrame:
    return pd.DataFrame({
        "source_event_id": [f"{prefix}{i}" for i in range(n)],
        "event_date": [dt.date(2021, 1, 1) + dt.timedelta(days=i % 1000) for i in range(n)],
        "date_precision": 1,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "country_iso3": "TGO",
        "fatalities": fatalities,
        "confidence": 1.0,
        "tlp": "CLEAR",
    })


def stage(store: Store, frame: pd.DataFrame, run: int):
    counts = store.merge_events(run, to_event_table(frame, "acled"))
    store.verify_run(run, counts)
    return counts


def test_migrations_are_numbered_and_recorded_once(db_url):
    path = db_url
    with Store(path) as first:
        versions = sorted(migration_version(m) for m in MIGRATIONS)
        assert list(first.migrations()["version"]) == versions
        assert len(set(versions)) == len(versions)
        assert list(first.migrations()["name"]) == [m.__name__ for m in sorted(MIGRATIONS, key=migration_version)]
    with Store(path) as second:
        assert second.migrate() == []
        assert len(second.migrations()) == len(MIGRATIONS)


def test_merge_inserts_then_leaves_identical_records_alone(store):
    with store.transaction():
        run = store.start_run("acled", "x.csv", "0" * 64, 10)
        counts = stage(store, events(5), run)
    assert (counts.inserted, counts.updated, counts.unchanged) == (5, 0, 0)
    with store.transaction():
        run = store.start_run("acled", "x.csv", "0" * 64, 10)
        counts = stage(store, events(5), run)
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 0, 5)
    assert store.count_events() == 5


def test_a_revision_updates_and_keeps_the_old_content(store):
    with store.transaction():
        stage(store, events(3, fatalities=1), store.start_run("acled", "a.csv", "a", 1))
    with store.transaction():
        run = store.start_run("acled", "b.csv", "b", 1)
        revised = events(3, fatalities=1)
        revised.loc[1, "fatalities"] = 9
        counts = stage(store, revised, run)
    assert (counts.inserted, counts.updated, counts.unchanged) == (0, 1, 2)
    assert sorted(store.events()["fatalities"].tolist()) == [1, 1, 9]
    history = store._con.execute("SELECT source_event_id, fatalities, superseded_by_run FROM event_history").fetchall()
    assert history == [("E1", 1, run)]


def test_a_failed_transaction_leaves_no_trace(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            run = store.start_run("acled", "a.csv", "a", 1)
            stage(store, events(4), run)
            raise RuntimeError("killed half-way")
    assert store.count_events() == 0
    assert store.runs().empty


def test_filters_narrow_events(store):
    with store.transaction():
        stage(store, events(10), store.start_run("acled", "a.csv", "a", 1))
    where = EventFilter(date_from=dt.date(2021, 1, 3), date_to=dt.date(2021, 1, 5))
    assert store.count_events(where) == 3
    assert store.count_events(EventFilter(countries=("BEN",))) == 0
    page = store.events(EventFilter(limit=4, offset=8, columns=("source_event_id",)))
    assert page["source_event_id"].tolist() == ["E8", "E9"]


def test_tlp_filter_hides_records_above_the_callers_level(store):
    frame = events(4)
    frame["tlp"] = ["CLEAR", "GREEN", "AMBER", "RED"]
    with store.transaction():
        stage(store, frame, store.start_run("acled", "a.csv", "a", 1))
    from veille.model import Tlp
    assert store.count_events(EventFilter(max_tlp=Tlp.GREEN)) == 2
    assert store.count_events(EventFilter(max_tlp=Tlp.RED)) == 4


def test_content_columns_match_the_events_table(store):
    assert set(CONTENT_COLUMNS) <= set(store.columns("events"))


def test_an_unreachable_postgres_server_is_named_without_its_password():
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as caught:
        open_store("postgresql://veille:s3cret@127.0.0.1:1/veille?connect_timeout=2")
    assert "s3cret" not in str(caught.value) and "***" in str(caught.value)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError):
        Store(bogus)


def test_large_batches_in_one_transaction_are_all_kept(store):
    """Batches past DuckDB's row-group size (122,880 rows), merged in one transaction."""
    first, second = events(130_000, prefix="A"), events(70_000, prefix="B")
    with store.transaction():
        run = store.start_run("acled", "big.csv", "x", 1)
        a = store.merge_events(run, to_event_table(first, "acled"))
        b = store.merge_events(run, to_event_table(second, "acled"))
        store.verify_run(run, MergeCounts(a.inserted + b.inserted))
    assert store.count_events() == 200_000


def test_merging_outside_a_transaction_is_refused(store):
    with pytest.raises(StoreError, match="inside store.transaction"):
        store.merge_events(1, to_event_table(events(1), "acled"))


def test_a_batch_repeating_an_id_is_refused(store):
    with pytest.raises(StoreError, match="occurs twice"):
        with store.transaction():
            store.merge_events(1, to_event_table(pd.concat([events(2), events(1)]), "acled"))
    assert store.count_events() == 0

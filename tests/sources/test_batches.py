"""How a file is cut into batches changes nothing: the same counts, the same quarantined
lines and reasons, whatever VEILLE_IMPORT_BATCH_ROWS is — also when a duplicate's first
record, a multi-line record or a malformed one sits in another batch."""

import csv

from tests.conftest import SHARED, write_csv

from veille.sources.ingest import ingest
from veille.store import Store

CANDIDATE = SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"


def _broken_copy(path):
    with open(CANDIDATE, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    ids, start, where = header.index("id"), header.index("date_start"), header.index("where_description")
    rows[120][start] = "31/02/2021"  # no such day
    rows[700][ids] = rows[3][ids]  # a duplicate, its first record three batches earlier
    rows[701][where] = "line one\nline two\nline three"  # one record over three lines
    rows[1250] = rows[1250][:10]  # too few fields
    return write_csv(path, header, rows), len(rows)


def _first_lines(path) -> list[int]:
    """The line each record starts on, as a person opening the file counts them."""
    starts, last = [], 1
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for _ in reader:
            starts.append(last + 1)
            last = reader.line_num
    return starts


def _import(path, monkeypatch, batch_rows: int | None):
    if batch_rows:
        monkeypatch.setenv("VEILLE_IMPORT_BATCH_ROWS", str(batch_rows))
    else:
        monkeypatch.delenv("VEILLE_IMPORT_BATCH_ROWS", raising=False)
    with Store(":memory:") as store:
        [report] = ingest(store, "ucdp", [path])
        quarantine = store.quarantined()[["line", "field", "reason", "raw"]].values.tolist()
        events = store.count_events()
    return report, quarantine, events


def test_batch_size_changes_nothing(tmp_path, monkeypatch):
    path, n_rows = _broken_copy(tmp_path / "candidate.csv")
    whole, q_whole, events_whole = _import(path, monkeypatch, None)
    assert whole.balanced and whole.read == n_rows
    starts = _first_lines(path)
    assert [q[0] for q in q_whole] == [starts[120], starts[700], starts[1250]]
    assert [q[1] for q in q_whole] == ["date_start", "source_event_id", "record"]
    assert f"first seen on line {starts[3]}" in q_whole[1][2]
    for batch_rows in (7, 250, 701):
        report, quarantine, events = _import(path, monkeypatch, batch_rows)
        assert report.counts() == whole.counts()
        assert quarantine == q_whole
        assert events == events_whole == whole.inserted


def test_an_import_bounds_duckdbs_memory_then_gives_it_back(monkeypatch):
    monkeypatch.setenv("VEILLE_IMPORT_MEMORY_MB", "300")
    seen = []
    with Store(":memory:") as store:
        limit = "SELECT current_setting('memory_limit')"
        before = store._con.execute(limit).fetchall()[0][0]
        ingest(store, "ucdp", [CANDIDATE], progress=lambda n: seen.append(store._con.execute(limit).fetchall()[0][0]))
        assert set(seen) == {"286.1 MiB"}  # 300 MB, as DuckDB shows it
        assert store._con.execute(limit).fetchall()[0][0] == before

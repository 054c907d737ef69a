"""A battery of broken files. A file that is not what it claims is refused before
anything is written, with a message naming the file and what was expected; a bad
record inside a good file is quarantined with its line, field and reason."""

import copy

import pytest
from tests.conftest import SHARED, write_csv

from veille.errors import InputRefused
from veille.sources.ingest import ingest


def field(header, row, name, value):
    row = copy.copy(row)
    row[header.index(name)] = value
    return row


@pytest.fixture
def ucdp_rows():
    import csv

    with open(SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def quarantine(store):
    return store.quarantined()[["line", "field", "reason"]].to_dict("records")


def assert_nothing_written(store):
    assert store.count_events() == 0
    assert store.runs().empty


# ---- whole files refused --------------------------------------------------------------


def test_empty_file_is_refused(store, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InputRefused, match="empty.csv: the file is empty"):
        ingest(store, "ucdp", [path])
    assert_nothing_written(store)


def test_binary_file_is_refused(store, tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputRefused, match="looks binary"):
        ingest(store, "ucdp", [path])
    assert_nothing_written(store)


def test_not_csv_is_refused_naming_the_expected_columns(store, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Dear analyst,\nplease find the events attached.\n", encoding="utf-8")
    with pytest.raises(InputRefused) as refused:
        ingest(store, "ucdp", [path])
    message = refused.value.message
    assert "notes.csv" in message and "missing column(s)" in message and "type_of_violence" in message
    assert_nothing_written(store)


def test_another_sources_file_is_refused_with_the_right_command(store):
    with pytest.raises(InputRefused, match=r"looks like a UCDP file.*veille ingest ucdp"):
        ingest(store, "acled", [SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"])
    with pytest.raises(InputRefused, match=r"looks like a GDELT file"):
        ingest(store, "ucdp", [sorted((SHARED / "gdelt").glob("*.csv"))[0]])
    assert_nothing_written(store)


def test_missing_columns_are_named(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    keep = [i for i, name in enumerate(header) if name not in ("best", "date_start")]
    path = write_csv(tmp_path / "cut.csv", [header[i] for i in keep], [[r[i] for i in keep] for r in rows[:5]])
    with pytest.raises(InputRefused, match=r"cut.csv: missing column\(s\) date_start, best"):
        ingest(store, "ucdp", [path])
    assert_nothing_written(store)


def test_wrong_encoding_is_refused_with_the_line_and_a_fix(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    rows = [field(header, rows[i], "where_description", "près de Kpendjal, Savanes") for i in range(3)]
    path = write_csv(tmp_path / "latin1.csv", header, rows, encoding="latin-1")
    with pytest.raises(InputRefused, match=r"latin1.csv: line 2: byte 0xe8 is not valid utf-8.*--encoding cp1252"):
        ingest(store, "ucdp", [path])
    assert_nothing_written(store)
    reports = ingest(store, "ucdp", [path], encoding="cp1252")
    assert (reports[0].read, reports[0].inserted) == (3, 3)
    assert store._con.execute("SELECT notes FROM events LIMIT 1").fetchone()[0].endswith("près de Kpendjal, Savanes")


def test_one_bad_file_among_several_means_none_is_imported(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    good = write_csv(tmp_path / "good.csv", header, rows[:10])
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    with pytest.raises(InputRefused, match="bad.csv"):
        ingest(store, "ucdp", [good, bad])
    assert_nothing_written(store)


# ---- records quarantined --------------------------------------------------------------


def test_wrong_delimiter_is_read_when_the_whole_file_uses_it(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    path = write_csv(tmp_path / "semicolons.csv", header, rows[:20], delimiter=";")
    report = ingest(store, "ucdp", [path])[0]
    assert (report.read, report.inserted, report.quarantined) == (20, 20, 0)


def test_rows_with_another_delimiter_are_quarantined_with_their_line(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    path = write_csv(tmp_path / "mixed.csv", header, rows[:4])
    expected_line = path.read_text(encoding="utf-8").count("\n") + 1  # quoted fields span lines
    assert expected_line > 6
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(";".join(rows[4]).replace(",", " ") + "\n")
    report = ingest(store, "ucdp", [path])[0]
    assert (report.read, report.inserted, report.quarantined) == (5, 4, 1)
    [row] = quarantine(store)
    assert row["line"] == expected_line and row["field"] == "record"
    assert row["reason"].startswith("record: has 1 fields, expected 49")


def test_truncated_file_keeps_the_complete_records(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    path = write_csv(tmp_path / "truncated.csv", header, rows[:29])
    last_line = path.read_text(encoding="utf-8").count("\n") + 1
    write_csv(path, header, rows[:30])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])  # cut inside the last record
    report = ingest(store, "ucdp", [path])[0]
    assert report.balanced
    assert (report.read, report.inserted, report.quarantined) == (30, 29, 1)
    [row] = quarantine(store)
    assert row["line"] == last_line and "expected 49" in row["reason"]


def test_bad_dates_are_quarantined_with_field_and_expectation(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    rows = [field(header, rows[0], "date_start", "31/02/2026"), field(header, rows[1], "date_start", "soon"),
            field(header, rows[2], "date_end", "2020-01-01"), rows[3]]
    report = ingest(store, "ucdp", [write_csv(tmp_path / "dates.csv", header, rows)])[0]
    assert (report.read, report.inserted, report.quarantined) == (4, 1, 3)
    found = quarantine(store)
    assert [(r["line"], r["field"]) for r in found] == [(2, "date_start"), (3, "date_start"), (4, "date_end")]
    assert "expected a date such as 2020-08-01, got '31/02/2026'" in found[0]["reason"]
    assert "expected date_end on or after date_start" in found[2]["reason"]


def test_impossible_coordinates_are_quarantined(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    rows = [field(header, rows[0], "latitude", "123.5"), field(header, rows[1], "longitude", "-200"),
            field(header, rows[2], "latitude", "north"), rows[3]]
    ingest(store, "ucdp", [write_csv(tmp_path / "coords.csv", header, rows)])
    reasons = [r["reason"] for r in quarantine(store)]
    assert reasons == ["latitude: expected a latitude between -90 and 90, got '123.5'",
                       "longitude: expected a longitude between -180 and 180, got '-200'",
                       "latitude: expected a latitude, got 'north'"]


def test_negative_fatalities_are_quarantined(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    rows = [field(header, rows[0], "best", "-4"), field(header, rows[1], "deaths_civilians", "2.5"), rows[2]]
    report = ingest(store, "ucdp", [write_csv(tmp_path / "deaths.csv", header, rows)])[0]
    assert (report.inserted, report.quarantined) == (1, 2)
    reasons = [r["reason"] for r in quarantine(store)]
    assert reasons == ["best: expected a count of deaths >= 0, got '-4'",
                       "deaths_civilians: expected a count of deaths, got '2.5'"]


def test_duplicate_ids_keep_the_first_and_name_its_line(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    rows = [rows[0], rows[1], field(header, rows[0], "best", "99")]
    report = ingest(store, "ucdp", [write_csv(tmp_path / "dups.csv", header, rows)])[0]
    assert (report.read, report.inserted, report.quarantined) == (3, 2, 1)
    [row] = quarantine(store)
    assert row["line"] == 4 and row["field"] == "source_event_id"
    assert row["reason"] == f"duplicate id '{rows[0][0]}', first seen on line 2"


def test_line_numbers_count_line_breaks_inside_quoted_fields(store, tmp_path, acled_rows):
    header, rows = acled_rows
    rows = [field(header, rows[0], "notes", "first line\nsecond line\nthird line"),
            rows[1][:5],  # malformed
            field(header, rows[2], "fatalities", "-1")]
    report = ingest(store, "acled", [write_csv(tmp_path / "multiline.csv", header, rows, newline="\r\n")])[0]
    assert (report.read, report.inserted, report.quarantined) == (3, 1, 2)
    assert [(r["line"], r["field"]) for r in quarantine(store)] == [(5, "record"), (6, "fatalities")]


def test_acled_unknown_event_type_and_actor_type_are_quarantined(store, tmp_path, acled_rows):
    header, rows = acled_rows
    rows = [field(header, rows[0], "event_type", "Picnic"), field(header, rows[1], "inter1", "11"),
            field(header, rows[2], "sub_event_type", "Peaceful protest"), rows[3]]
    report = ingest(store, "acled", [write_csv(tmp_path / "types.csv", header, rows)])[0]
    assert (report.inserted, report.quarantined) == (1, 3)
    found = quarantine(store)
    assert [r["field"] for r in found] == ["event_type", "inter1", "event_type"]
    assert "got 'Violence against civilians / Peaceful protest'" in found[2]["reason"] or \
        "Peaceful protest" in found[2]["reason"]


def test_counts_always_add_up_and_quarantine_keeps_the_raw_record(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    bad = field(header, rows[5], "type_of_violence", "7")
    path = write_csv(tmp_path / "mixed.csv", header, rows[:5] + [bad])
    report = ingest(store, "ucdp", [path])[0]
    assert report.balanced and report.quarantined == 1
    raw = store.quarantined()["raw"].iloc[0]
    assert raw.split(",")[0] == bad[0]
    assert store.runs().iloc[0][["read_count", "inserted", "quarantined"]].tolist() == [6, 5, 1]


def test_a_nul_byte_past_the_first_block_is_refused_with_its_line(store, tmp_path, ucdp_rows):
    header, rows = ucdp_rows
    path = write_csv(tmp_path / "nul.csv", header, rows[:300])
    data = path.read_bytes()
    at = data.index(b"\n", 20_000) + 1
    path.write_bytes(data[:at] + b"\x00" + data[at:])
    line = data[:at].count(b"\n") + 1
    with pytest.raises(InputRefused, match=f"line {line}: contains a NUL byte"):
        ingest(store, "ucdp", [path])
    assert_nothing_written(store)

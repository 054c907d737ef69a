"""Every shared UCDP, ACLED and GDELT file imports with counts that add up; a second
import changes nothing."""

from pathlib import Path

import pytest
from tests.conftest import DATA, SHARED

from veille.sources.ingest import ingest
from veille.taxonomy import disorder_type

UCDP = [SHARED / "ucdp" / name for name in
        ("ucdp_ged_nigeria_hdx.csv", "ucdp_ged_23_1_sample1000.csv", "ucdp_candidate_26_0_1.csv")]
GDELT_BUNDLED = sorted((DATA / "gdelt").glob("*.csv"))


def assert_balanced(reports):
    for r in reports:
        assert r.balanced, r.counts()


def test_ucdp_files_import_and_reimport_changes_nothing(store):
    first = ingest(store, "ucdp", UCDP)
    assert_balanced(first)
    by_name = {Path(r.path).name: r for r in first}
    nigeria = by_name["ucdp_ged_nigeria_hdx.csv"]
    assert (nigeria.variant, nigeria.read, nigeria.inserted, nigeria.quarantined) == ("hdx", 4603, 4603, 0)
    candidate = by_name["ucdp_candidate_26_0_1.csv"]
    assert (candidate.read, candidate.inserted, candidate.source) == (1727, 1727, "ucdp_candidate")
    # The GED 23.1 sample shares 16 events with the older Nigeria extract; two were revised.
    sample = by_name["ucdp_ged_23_1_sample1000.csv"]
    assert (sample.read, sample.inserted, sample.updated, sample.unchanged) == (1000, 984, 2, 14)
    again = ingest(store, "ucdp", UCDP[-1:])
    assert (again[0].read, again[0].unchanged) == (1727, 1727)
    # Re-importing both GED files in turn re-applies each file's version of the two
    # revised events (the last import wins); nothing else moves.
    second = ingest(store, "ucdp", UCDP)
    assert [(r.inserted, r.updated, r.unchanged, r.quarantined) for r in second] == \
        [(0, 2, 4601, 0), (0, 2, 998, 0), (0, 0, 1727, 0)]
    assert store.count_events() == 4603 + 984 + 1727


def test_ucdp_fields_are_kept_and_mapped(store):
    ingest(store, "ucdp", [SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"])
    counts = store.event_counts(("source",))
    assert counts.set_index("source")["events"].to_dict() == {"ucdp_candidate": 1727}
    togo = store._con.execute(
        "SELECT event_type, actor1_raw, country_iso3, fatalities, fatalities_low, fatalities_high "
        "FROM events WHERE country_raw = 'Togo'").fetchall()
    assert len(togo) == 1
    assert togo[0][2] == "TGO"
    ivory = store._con.execute("SELECT DISTINCT country_iso3 FROM events WHERE country_raw = 'Ivory Coast'").fetchall()
    assert ivory in ([], [("CIV",)])


def test_acled_files_import_and_reimport_changes_nothing(store, acled_files):
    first = ingest(store, "acled", acled_files)
    assert_balanced(first)
    assert [(r.read, r.quarantined) for r in first] == [(2730, 0), (3990, 0), (1349, 0)]
    assert {r.variant for r in first} == {"hdx"}
    second = ingest(store, "acled", acled_files)
    assert [r.unchanged for r in second] == [2730, 3990, 1349]
    civilians = store._con.execute(
        "SELECT sum(fatalities), sum(civilian_fatalities) FROM events "
        "WHERE event_type = 'Violence against civilians'").fetchone()
    assert civilians[0] == civilians[1] > 0


def test_acled_fields_are_kept_and_mapped(store, acled_files, acled_rows):
    """The file's first record, read here with the csv module, against what the store
    holds: the expectations come from the file at run time, never from copied rows."""
    header, records = acled_rows
    raw = dict(zip(header, records[0]))
    ingest(store, "acled", acled_files[:1])
    row = store._con.execute(
        "SELECT event_date, event_type, sub_event_type, disorder_type, inter1, inter2, interaction, "
        "fatalities, country_iso3, admin1_raw, latitude FROM events WHERE source_event_id = ?",
        [raw["event_id_cnty"]]).fetchone()
    assert str(row[0]) == raw["event_date"]
    assert row[1:3] == (raw["event_type"], raw["sub_event_type"])
    assert row[3] == disorder_type(raw["event_type"], raw["sub_event_type"])  # the HDX copy has no such column
    assert row[4:7] == (int(raw["inter1"]), int(raw["inter2"]), int(raw["interaction"]))
    assert row[7:10] == (int(raw["fatalities"]), raw["iso3"], raw["admin1"])
    assert row[10] == pytest.approx(float(raw["latitude"]))


def test_gdelt_bundled_file_imports_every_record(store):
    reports = ingest(store, "gdelt", GDELT_BUNDLED)
    assert_balanced(reports)
    assert sum(r.read for r in reports) == 22197
    assert sum(r.quarantined for r in reports) == 0
    types = dict(store._con.execute("SELECT event_type, count(*) FROM events GROUP BY 1").fetchall())
    assert set(types) <= {"Battles", "Explosions/Remote violence", "Violence against civilians",
                          "Strategic developments", "Protests", "Riots"}
    assert store._con.execute("SELECT count(*) FROM events WHERE source <> 'gdelt' OR confidence <> 0.5").fetchone()[0] == 0


@pytest.mark.slow
def test_every_shared_gdelt_file_imports(store):
    files = sorted((SHARED / "gdelt").glob("*.csv"))
    reports = ingest(store, "gdelt", files)
    assert_balanced(reports)
    assert sum(r.read for r in reports) == 83659
    assert store.count_events() == 83659

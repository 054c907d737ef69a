"""A source's revision of an event replaces what the source said, never what an analyst
decided about it: the TLP marking set on a stored event survives every re-import."""

from tests.conftest import SHARED

from veille.sources.ingest import ingest
from veille.store import Store, access

NIGERIA = SHARED / "ucdp" / "ucdp_ged_nigeria_hdx.csv"
SAMPLE = SHARED / "ucdp" / "ucdp_ged_23_1_sample1000.csv"  # revises two Nigeria events


def _revised_ids() -> list[str]:
    """The events the GED 23.1 sample revises, found by importing both files once."""
    with Store(":memory:") as scratch:
        ingest(scratch, "ucdp", [NIGERIA, SAMPLE])
        rows = scratch._con.execute("SELECT event_id FROM event_history ORDER BY event_id").fetchall()
    return [r[0] for r in rows]


def test_a_revision_keeps_the_tlp_an_analyst_set(store):
    revised = _revised_ids()
    assert len(revised) == 2
    ingest(store, "ucdp", [NIGERIA])
    access.add_org(store, "ewc", "Early-warning centre")
    analyst = access.add_user(store, "analyst@ewc.test", None, role="analyst", org_id="ewc")
    untouched = store._con.execute(
        "SELECT event_id FROM events WHERE event_id NOT IN (?, ?) ORDER BY event_id LIMIT 1", revised).fetchall()[0][0]
    access.set_tlp(store, "event", revised[0], "AMBER", analyst)
    access.set_tlp(store, "event", revised[1], "RED", analyst)
    access.set_tlp(store, "event", untouched, "GREEN", analyst)
    before = dict(store._con.execute("SELECT event_id, content_hash FROM events WHERE event_id IN (?, ?)",
                                     revised).fetchall())

    [report] = ingest(store, "ucdp", [SAMPLE])
    assert (report.inserted, report.updated, report.unchanged) == (984, 2, 14)
    after = dict(store._con.execute("SELECT event_id, content_hash FROM events WHERE event_id IN (?, ?)",
                                    revised).fetchall())
    assert all(after[i] != before[i] for i in revised)  # the source's revision was applied …
    tlp = dict(store._con.execute("SELECT event_id, tlp FROM events WHERE event_id IN (?, ?, ?)",
                                  [*revised, untouched]).fetchall())
    assert tlp == {revised[0]: "AMBER", revised[1]: "RED", untouched: "GREEN"}  # … the markings stand
    assert access.owner_of(store, "event", revised[0]) == "ewc"
    assert access.readers_of(store, "event", revised[1]) == [analyst.user_id]

    # Re-importing either file, in either order, still changes nothing an analyst set.
    again = ingest(store, "ucdp", [NIGERIA, SAMPLE])
    assert [(r.inserted, r.updated) for r in again] == [(0, 2), (0, 2)]
    tlp = dict(store._con.execute("SELECT event_id, tlp FROM events WHERE event_id IN (?, ?, ?)",
                                  [*revised, untouched]).fetchall())
    assert tlp == {revised[0]: "AMBER", revised[1]: "RED", untouched: "GREEN"}
    assert ingest(store, "ucdp", [SAMPLE])[0].unchanged == 1000

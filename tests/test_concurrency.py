"""Imports and alert runs while reads go on, on both backends: no errors, no lost
writes, and no reader ever sees an import half-done."""

import threading
import time

import pytest
from tests.conftest import DATA, SHARED

from veille.alerts import list_alerts, run_alerts
from veille.sources.ingest import ingest
from veille.store import EventFilter, Store

GDELT_ROWS = 6000
SIZES = {"ucdp_candidate_26_0_1.csv": 1727, "ucdp_ged_nigeria_hdx.csv": 4603, "gdelt_part.csv": GDELT_ROWS}


def test_imports_alerts_and_reads_at_once(db_url, tmp_path):
    gdelt = tmp_path / "gdelt_part.csv"
    with open(DATA / "gdelt" / "gdelt1_westafrica_1979_1997.csv", encoding="utf-8") as whole:
        gdelt.write_text("".join(line for _, line in zip(range(GDELT_ROWS + 1), whole)), encoding="utf-8")
    files = [("ucdp", SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"),
             ("ucdp", SHARED / "ucdp" / "ucdp_ged_nigeria_hdx.csv"), ("gdelt", gdelt)]
    with Store(db_url) as store:
        ingest(store, "ucdp", [files[0][1]])  # the alert runs have something to read from the start
        errors: list[BaseException] = []
        seen_counts: list[int] = []
        alert_runs: list[set[str]] = []
        imported = threading.Event()

        def guarded(fn):
            def run():
                try:
                    fn()
                except BaseException as exc:  # every failure is the test's business
                    errors.append(exc)
            return run

        def importer(files):
            def work():
                own = store.clone()
                try:
                    for source, path in files:
                        [report] = ingest(own, source, [path])
                        assert report.balanced and report.inserted == SIZES[path.name]
                finally:
                    own.close()
            return work

        def alerter():
            own = store.clone()
            try:
                while not imported.is_set():
                    alert_runs.append({a.alert_id for a in run_alerts(own, since="2019-01-01")})
                    time.sleep(0.05)
            finally:
                own.close()

        def reader():
            own = store.clone()
            try:
                while not imported.is_set():
                    seen_counts.append(own.count_events())
                    own.events(EventFilter(countries=("NGA", "TGO"), limit=50))
                    own.event_counts(("source",))
                    list_alerts(own, limit=20)
            finally:
                own.close()

        writers = [threading.Thread(target=guarded(importer(files[1:2]))),
                   threading.Thread(target=guarded(importer(files[2:])))]
        others = [threading.Thread(target=guarded(alerter))] + \
                 [threading.Thread(target=guarded(reader)) for _ in range(2)]
        for thread in writers + others:
            thread.start()
        for thread in writers:
            thread.join(timeout=300)
        imported.set()
        for thread in others:
            thread.join(timeout=300)
        assert errors == []
        total = sum(SIZES.values())
        assert store.count_events() == total  # no lost writes
        # every count a reader saw is a sum of whole imports: none was seen half-done
        possible = {1727 + a + b for a in (0, 4603) for b in (0, GDELT_ROWS)}
        assert seen_counts and set(seen_counts) <= possible, sorted(set(seen_counts) - possible)[:5]
        assert alert_runs, "the alert runs never ran"
        # every alert a run saved while the imports went on is kept
        kept = set(list_alerts(store)["alert_id"])
        assert set().union(*alert_runs) <= kept
        # and a quiet run after them, then another, finds nothing new the second time
        run_alerts(store, since="2019-01-01")
        assert not [a for a in run_alerts(store, since="2019-01-01") if a.new]


@pytest.mark.slow
def test_many_alert_runs_at_once_keep_one_row_per_alert_and_count_every_run(db_url):
    threads, runs = 2, 2
    with Store(db_url) as store:
        ingest(store, "ucdp", [SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"])
        expected = run_alerts(store)
        if not expected:
            pytest.skip("the rules raise no alert on this file")
        errors: list[BaseException] = []

        def again():
            own = store.clone()
            try:
                for _ in range(runs):
                    run_alerts(own)
            except BaseException as exc:
                errors.append(exc)
            finally:
                own.close()

        workers = [threading.Thread(target=again) for _ in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=300)
        assert errors == []
        stored = list_alerts(store)
        assert sorted(stored["alert_id"]) == sorted(a.alert_id for a in expected)
        assert set(stored["seen_count"]) == {1 + threads * runs}  # no run's touch was lost


def test_the_same_file_imported_twice_at_once_is_kept_once(db_url):
    with Store(db_url) as store:
        reports, errors = [], []

        def work():
            own = store.clone()
            try:
                reports.extend(ingest(own, "ucdp", [SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"]))
            except BaseException as exc:
                errors.append(exc)
            finally:
                own.close()

        workers = [threading.Thread(target=work) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=300)
        assert errors == []
        assert sorted((r.inserted, r.unchanged) for r in reports) == [(0, 1727), (1727, 0)]
        assert store.count_events() == 1727 and len(store.runs()) == 2

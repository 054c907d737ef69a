"""An import killed with SIGKILL part-way leaves the database exactly as it was."""

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from tests.conftest import DATA, SHARED

from veille.sources.ingest import ingest
from veille.store import Store

SCRIPT = """
import sys
from veille.store import Store
from veille.sources.ingest import ingest
store = Store(sys.argv[1])
print("ready", flush=True)
ingest(store, "gdelt", [sys.argv[2]])
print("done", flush=True)
"""


def snapshot(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
                for table in ("events", "ingest_runs", "quarantine", "event_history")}
    finally:
        con.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_sigkill_during_import_leaves_no_trace(tmp_path, delay):
    db = tmp_path / "crash.duckdb"
    with Store(db) as store:
        ingest(store, "ucdp", [SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"])
    before = snapshot(db)
    victim = subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), str(DATA / "gdelt" / "gdelt1_westafrica_1979_1997.csv")],
                              stdout=subprocess.PIPE, text=True)
    assert victim.stdout.readline().strip() == "ready"
    time.sleep(delay)
    if victim.poll() is None:
        os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    after = snapshot(db)
    whole = {**before, "events": before["events"] + 22197, "ingest_runs": before["ingest_runs"] + 1}
    # Killed before its commit, the import left nothing; after it, everything.
    assert after in (before, whole)
    if victim.returncode == 0:
        assert after == whole

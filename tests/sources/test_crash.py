"""An import killed with SIGKILL part-way leaves the database exactly as it was, on
both backends: every table's rows and digest unchanged, or (killed after its commit)
the whole import there."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from tests.conftest import DATA, SHARED

from veille.sources.ingest import ingest
from veille.store import Store
from veille.store.transfer import digests

GDELT = DATA / "gdelt" / "gdelt1_westafrica_1979_1997.csv"
GDELT_EVENTS = 22197
SCRIPT = """
import sys
from veille.store import Store
from veille.sources.ingest import ingest
store = Store(sys.argv[1])
print("ready", flush=True)
ingest(store, "gdelt", [sys.argv[2]], progress=lambda n: print("batch", flush=True))
print("done", flush=True)
"""
# Small batches: the transaction writes a dozen times before it commits. The child
# says when each batch is merged, and the kill comes a random moment after the k-th.
CHILD_ENV = {**os.environ, "VEILLE_IMPORT_BATCH_ROWS": "2000"}
BATCHES = -(-GDELT_EVENTS // 2000)  # batches hold VEILLE_IMPORT_BATCH_ROWS records, the last fewer


def counts(state) -> dict[str, int]:
    return {t: c.rows for t, c in state.items()}


def snapshot(url: str):
    with Store(url, read_only=True) as store:
        return digests(store)


def kill_imports(url: str, points: list[tuple[int, float]]) -> int:
    """Kill an import at each (batches merged, then seconds) point; return how many
    were interrupted before their commit. Asserts the database is exactly as before
    after each, or (killed after the commit) holds the whole import."""
    with Store(url) as store:
        ingest(store, "ucdp", [SHARED / "ucdp" / "ucdp_candidate_26_0_1.csv"])
    before = snapshot(url)
    whole = {**counts(before), "events": counts(before)["events"] + GDELT_EVENTS,
             "ingest_runs": counts(before)["ingest_runs"] + 1}
    interrupted = 0
    for batches, pause in points:
        child = subprocess.Popen([sys.executable, "-c", SCRIPT, url, str(GDELT)], stdout=subprocess.PIPE,
                                 text=True, env=CHILD_ENV)
        assert child.stdout.readline().strip() == "ready"
        for _ in range(batches):
            child.stdout.readline()
        time.sleep(pause)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        after = snapshot(url)
        if after == before:
            assert child.returncode != 0
            interrupted += 1
            continue
        # finished, or killed after its commit: all of it, nothing less
        assert counts(after) == whole, f"killed after batch {batches} + {pause:.2f} s: {counts(after)}"
        return interrupted
    return interrupted


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_import_leaves_no_trace(db_url):
    rng = random.Random(9)
    assert kill_imports(db_url, [(rng.randrange(0, BATCHES), rng.uniform(0, 0.1))]) == 1


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_after_every_batch_leaves_no_trace(db_url):
    rng = random.Random(11)
    points = [(k, rng.uniform(0, 0.2)) for k in range(BATCHES + 1)]
    assert kill_imports(db_url, points) >= BATCHES

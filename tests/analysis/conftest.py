from pathlib import Path

import pytest

from veille.store import Store

ACLED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "acled"


@pytest.fixture(scope="session")
def acled_events():
    """The shared ACLED files (Burkina Faso, Mali, Niger 1997-2020-07), ingested once."""
    files = sorted(ACLED_DIR.glob("*.csv"))
    if not files:
        pytest.skip("ACLED files are not in ../shared/data/acled (they are never bundled)")
    from veille.analysis import load_events
    from veille.sources.ingest import ingest

    with Store(":memory:") as store:
        ingest(store, "acled", files)
        yield load_events(store)

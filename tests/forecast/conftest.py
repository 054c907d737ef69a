"""Stores with real events for the forecast tests: UCDP Nigeria (bundled) and,
when present, ACLED for Burkina Faso, Mali and Niger (never bundled)."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.sources.ingest import ingest
from veille.store import Store

ROOT = Path(__file__).resolve().parents[2]
UCDP_NIGERIA = ROOT / "data" / "ucdp" / "ucdp_ged_nigeria_hdx.csv"
ACLED_DIR = ROOT.parent / "shared" / "data" / "acled"


@pytest.fixture(scope="module")
def nigeria_store():
    with Store(":memory:") as store:
        ingest(store, "ucdp", [UCDP_NIGERIA])
        yield store


@pytest.fixture(scope="module")
def sahel_store():
    files = sorted(ACLED_DIR.glob("*.csv"))
    if not files:
        pytest.skip("ACLED files are not in ../shared/data/acled (they are never bundled)")
    with Store(":memory:") as store:
        ingest(store, "acled", files)
        yield store

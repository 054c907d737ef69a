"""Fuzzing every importer with damaged real files: no crash, every record accounted for
(see ``fuzzing.py`` for the cases and the oracle; ``benchmarks/fuzz_importers.py`` runs
many more)."""

import pytest
from hypothesis import HealthCheck, given, settings
from tests.sources.fuzzing import cases, check_import, seeds

from veille.store import Store

SEEDS = seeds()
NAMES = ["ucdp", "ucdp_hdx", "ucdp_candidate", "acled", "gdelt1", "gdelt2"]


@pytest.mark.parametrize("name", NAMES)
def test_damaged_files_are_refused_or_every_record_is_accounted_for(name, db_url, tmp_path_factory):
    if name not in SEEDS:
        pytest.skip("ACLED files are not in ../shared/data/acled (they are never bundled)")
    seed = SEEDS[name]
    folder = tmp_path_factory.mktemp(f"fuzz_{name}")
    store = Store(db_url)

    @settings(max_examples=12 if "://" not in db_url else 6, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(case=cases(seed))
    def run(case):
        data, written, _ = case
        check_import(store, seed, data, written, folder / "case.csv")

    try:
        run()
    finally:
        store.close()

"""Every actor name seen 5 times or more in the shared UCDP and ACLED files resolves."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def _benchmark():
    spec = importlib.util.spec_from_file_location("actor_coverage", ROOT / "benchmarks" / "actor_coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    if not (SHARED / "ucdp").is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return _benchmark()


def test_ucdp_names_seen_five_times_all_resolve(bench):
    occurrences = bench.collect_names(SHARED)
    result = bench.coverage(occurrences[occurrences["source"] == "ucdp"])
    assert result["names_with_count_ge_5"] > 150
    assert result["names_with_count_ge_5_resolved_share"] == 1.0, result["unresolved_top"]


def test_acled_names_seen_five_times_all_resolve(bench):
    if not (SHARED / "acled").is_dir():
        pytest.skip("ACLED data is not bundled; absent here")
    occurrences = bench.collect_names(SHARED)
    result = bench.coverage(occurrences[occurrences["source"] == "acled"])
    assert result["names_with_count_ge_5_resolved_share"] == 1.0, result["unresolved_top"]
    overall = bench.coverage(occurrences)
    assert overall["names_with_count_ge_5_resolved_share"] == 1.0, overall["unresolved_top"]
    assert overall["occurrences_resolved_share"] > 0.98

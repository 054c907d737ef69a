import numpy as np
import pytest

from veille.errors import InvalidValue
from veille.forecast.benchmarks import (
    benchmark_draws,
    bootstrap_draws,
    conflictology_draws,
    last_draws,
    zero_draws,
)

# Two units, 14 months; the last 12 months of unit 0 are 1..12, unit 1 is quiet but for month 14.
HISTORY = np.array([
    [50, 60] + list(range(1, 13)),
    [7, 7] + [0] * 11 + [4],
])


def test_zero_benchmark_draws_only_zeros():
    draws = zero_draws(HISTORY, 100)
    assert draws.shape == (2, 100)
    assert (draws == 0).all()


def test_last_benchmark_is_poisson_around_the_origin_month():
    draws = last_draws(HISTORY, 20_000, np.random.default_rng(1))
    assert draws.shape == (2, 20_000)
    assert draws[0].mean() == pytest.approx(12, rel=0.02)
    assert draws[0].var() == pytest.approx(12, rel=0.05)
    assert draws[1].mean() == pytest.approx(4, rel=0.03)
    assert draws.min() >= 0


def test_conflictology_draws_are_the_units_own_last_twelve_months():
    draws = conflictology_draws(HISTORY, 24)
    assert draws[0].tolist() == list(range(1, 13)) * 2
    assert sorted(draws[1].tolist()) == [0] * 22 + [4] * 2
    assert 50 not in draws[0] and 7 not in draws[1]  # older months are not used


def test_bootstrap_draws_come_from_all_units_last_twelve_months():
    draws = bootstrap_draws(HISTORY, 24_000, np.random.default_rng(2))
    pool = set(range(0, 13)) | {4}
    assert set(np.unique(draws)) <= pool
    # every unit draws from the same pooled distribution: 11 zeros in 24 values
    for row in draws:
        assert (row == 0).mean() == pytest.approx(11 / 24, abs=0.02)
    assert draws[0].mean() == pytest.approx((78 + 4) / 24, rel=0.03)


def test_benchmark_draws_are_seeded():
    a = benchmark_draws("bootstrap", HISTORY, 50, np.random.default_rng(7))
    b = benchmark_draws("bootstrap", HISTORY, 50, np.random.default_rng(7))
    assert (a == b).all()


def test_unknown_benchmark_is_refused():
    with pytest.raises(InvalidValue, match="unknown benchmark"):
        benchmark_draws("climatology", HISTORY, 10, np.random.default_rng(0))

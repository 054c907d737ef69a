import numpy as np
import pytest

from veille.forecast.metrics import (
    average_precision,
    brier_score,
    crps_from_draws,
    interval_covers,
    msle,
    pit_histogram,
    randomized_pit,
    score_rows,
    summarize,
)


def test_crps_of_a_small_ensemble_matches_the_hand_computed_value():
    # E|X - y| - ½ E|X - X'| for X in {0, 1, 3}, y = 2: 4/3 - ½ · 12/9 = 2/3
    assert crps_from_draws([2], [[0, 1, 3]])[0] == pytest.approx(2 / 3)
    # a point ensemble reduces to the absolute error
    assert crps_from_draws([5, 0], [[2, 2, 2], [0, 0, 0]]).tolist() == pytest.approx([3.0, 0.0])


def test_brier_score_by_hand():
    assert brier_score([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.0]) == pytest.approx((0.01 + 0.04 + 0.36 + 0) / 4)


def test_average_precision_by_hand_and_without_positives():
    # ranking: 0.9 (pos), 0.8 (neg), 0.3 (pos): AP = ½ (1/1 + 2/3)
    assert average_precision([1, 0, 1], [0.9, 0.8, 0.3]) == pytest.approx((1 + 2 / 3) / 2)
    assert np.isnan(average_precision([0, 0], [0.1, 0.2]))


def test_msle_by_hand():
    assert msle([0, np.e - 1], [np.e - 1, np.e - 1]) == pytest.approx(0.5)


def test_coverage_of_the_90_percent_interval():
    draws = np.tile(np.arange(100), (4, 1))  # 5% quantile 4, 95% quantile 95
    covered = interval_covers([4, 95, 3, 96], draws, 0.9)
    assert covered.tolist() == [True, True, False, False]


def test_pit_is_uniform_between_the_cdf_steps():
    draws = np.array([[0, 0, 1, 2]] * 1000)
    pit = randomized_pit(np.zeros(1000), draws, np.random.default_rng(0))
    assert pit.min() >= 0 and pit.max() <= 0.5
    assert pit.mean() == pytest.approx(0.25, abs=0.02)
    histogram = pit_histogram(pit, bins=10)
    assert sum(histogram) == pytest.approx(1.0)
    assert histogram[5:] == [0.0] * 5


def test_summary_pools_rows_and_marks_onsets():
    rows = score_rows([0, 3, 1], [[0, 0, 1], [2, 3, 4], [0, 0, 0]])
    rows["onset_risk"] = [True, False, True]
    summary = summarize(rows)
    assert summary["n"] == 3 and summary["n_onset_risk"] == 2 and summary["onsets"] == 1
    assert summary["coverage90"] == pytest.approx(2 / 3)
    assert summary["brier_onset"] == pytest.approx(((1 / 3) ** 2 + 1) / 2)


def test_pit_coverage_counts_the_central_band_and_is_level_for_a_calibrated_count_forecast():
    from veille.forecast.metrics import pit_coverage

    assert pit_coverage([0.04, 0.05, 0.5, 0.95, 0.96], 0.9) == pytest.approx(3 / 5)
    assert np.isnan(pit_coverage([], 0.9))
    # A cell with P(0) = 0.97: the draws' closed 90% interval is [0, 0] and covers every
    # zero outcome — 97% coverage though the forecast is exactly calibrated. By randomised
    # PIT it covers 90%.
    rng = np.random.default_rng(3)
    draws = np.tile(np.r_[np.zeros(97), np.ones(3)], (50_000, 1))
    observed = (rng.random(50_000) < 0.03).astype(float)
    assert interval_covers(observed, draws, 0.9).mean() == pytest.approx(0.97, abs=0.005)
    rows = score_rows(observed, draws, rng=np.random.default_rng(4))
    assert summarize(rows)["coverage90_pit"] == pytest.approx(0.90, abs=0.005)

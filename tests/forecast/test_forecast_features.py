import numpy as np
from scipy import sparse

from veille.forecast.features import feature_cube, months_since, onsets, rolling_sum, spatial_lag
from veille.forecast.panel import panel_from_counts


def test_features_of_a_month_do_not_change_when_later_months_do():
    rng = np.random.default_rng(3)
    events = rng.poisson(1.0, size=(4, 40)).astype(float)
    ring = sparse.csr_matrix(np.roll(np.eye(4), 1, axis=1) + np.roll(np.eye(4), -1, axis=1))
    before = feature_cube(panel_from_counts(events, events * 2, neighbours=ring))
    changed = events.copy()
    changed[:, 25:] = rng.poisson(9.0, size=(4, 15))
    after = feature_cube(panel_from_counts(changed, changed * 2, neighbours=ring))
    for name in before:
        assert np.array_equal(before[name][:, :25], after[name][:, :25]), name
    assert not np.array_equal(before["events_sum3"][:, 25:], after["events_sum3"][:, 25:])


def test_rolling_sums_lags_and_time_since_last_event():
    values = np.array([[1, 0, 0, 2, 0]], dtype=float)
    assert rolling_sum(values, 2).tolist() == [[1, 1, 0, 2, 2]]
    assert months_since(values).tolist() == [[0, 1, 2, 0, 1]]


def test_onset_is_an_event_after_twelve_quiet_months():
    values = np.zeros((1, 30))
    values[0, [0, 13, 14, 27]] = 1
    assert np.flatnonzero(onsets(values)).tolist() == [13, 27]


def test_spatial_lag_is_the_mean_over_neighbours():
    w = sparse.csr_matrix(np.array([[0, 1, 1], [1, 0, 0], [0, 0, 0]], dtype=float))
    values = np.array([[1.0], [4.0], [6.0]])
    assert spatial_lag(w, values).ravel().tolist() == [5.0, 1.0, 0.0]

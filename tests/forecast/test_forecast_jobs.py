"""A backtest scored in several local processes gives exactly the one-process result."""

import pandas as pd
import pytest

from veille.errors import InvalidValue
from veille.forecast import QuantileParams, backtest_panel, build_panel
from veille.forecast.backtest import default_jobs
from veille.model import Horizon, Month, MonthRange


@pytest.mark.slow  # two spawned processes import veille: ~20 s; CI runs the slow tests too
def test_an_admin1_backtest_in_two_processes_equals_the_single_process_one(nigeria_store):
    panel = build_panel(nigeria_store, "admin1")
    origins = MonthRange(Month(2016, 1), Month(2016, 3))  # three origins over two processes: uneven shares
    small = QuantileParams(n_estimators=8)
    alone = backtest_panel(panel, "events", origins, Horizon(1, 3), samples=50, seed=3, params=small)
    spread = backtest_panel(panel, "events", origins, Horizon(1, 3), samples=50, seed=3, params=small, jobs=2)
    pd.testing.assert_frame_equal(spread.rows, alone.rows)
    pd.testing.assert_frame_equal(spread.table, alone.table)
    # the rows come back in the order of the pairs: origins, then horizons
    zero = spread.rows[spread.rows["model"] == "zero"]
    assert list(dict.fromkeys(zip(zero["origin"], zero["horizon"]))) == [
        (f"2016-0{m}", h) for m in (1, 2, 3) for h in (1, 2, 3)]
    assert alone.rows["crps"].notna().all() and len(alone.rows) > 0


def test_jobs_must_be_positive(nigeria_store):
    panel = build_panel(nigeria_store, "admin1")
    with pytest.raises(InvalidValue, match="jobs must be at least 1, got 0"):
        backtest_panel(panel, "events", [Month(2016, 1)], Horizon(1, 1), samples=10, jobs=0)
    assert default_jobs() >= 1

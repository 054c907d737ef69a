"""Grid backtests on a Dask LocalCluster give exactly the single-process result."""

import pandas as pd
import pytest

from veille.forecast import backtest_panel, build_panel
from veille.model import Horizon, Month, MonthRange

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")


@pytest.mark.slow  # a cluster takes seconds to start; CI runs the slow tests too
def test_a_grid_backtest_on_two_workers_equals_the_single_process_one(nigeria_store):
    from veille.cluster import dask_client

    panel = build_panel(nigeria_store, "pgm")
    assert len(panel.units) == 300  # Nigeria's PRIO-GRID cells
    origins = MonthRange(Month(2016, 1), Month(2016, 2))  # two origins × two horizons: a task per worker, twice
    alone = backtest_panel(panel, "events", origins, Horizon(1, 2), samples=20, seed=5)
    with dask_client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        spread = backtest_panel(panel, "events", origins, Horizon(1, 2), samples=20, seed=5, client=client)
    pd.testing.assert_frame_equal(spread.rows, alone.rows)
    pd.testing.assert_frame_equal(spread.table, alone.table)
    assert len(alone.rows) == 6 * len(alone.rows[alone.rows["model"] == "zero"])


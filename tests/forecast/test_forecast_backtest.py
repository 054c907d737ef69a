import json

import numpy as np
import pytest

from veille.forecast import BENCHMARKS, MODEL_NAME, backtest, backtest_panel
from veille.forecast.backtest import ENSEMBLE_NAME
from veille.forecast.panel import panel_from_counts
from veille.model import Horizon, Month, MonthRange


def test_benchmark_backtest_on_a_hand_made_panel():
    # one unit with 2 events every month: "last" and "conflictology" are near perfect, "zero" is off by 2
    panel = panel_from_counts(np.full((1, 30), 2.0), first=Month(2000, 1))
    result = backtest_panel(panel, "events", [Month(2001, 6)], Horizon(1, 2), samples=100, with_model=False)
    overall = result.overall()
    assert overall.loc["zero", "crps"] == pytest.approx(2.0)
    assert overall.loc["conflictology", "crps"] == pytest.approx(0.0)
    assert overall.loc["zero", "coverage90"] == 0.0 and overall.loc["conflictology", "coverage90"] == 1.0
    assert overall.loc["zero", "brier_any"] == 1.0
    assert overall.loc["last", "brier_any"] == pytest.approx(np.exp(-2) ** 2, abs=0.01)  # P(Poisson(2) = 0)²
    assert set(result.table["horizon"]) == {1, 2, "all"}


def test_backtest_scores_model_and_benchmarks_per_horizon(nigeria_store, tmp_path):
    result = backtest(nigeria_store, "admin1", "fatalities", MonthRange(Month(2016, 1), Month(2016, 2)),
                      Horizon(1, 2), samples=100, seed=1)
    assert result.models == [MODEL_NAME, ENSEMBLE_NAME, *BENCHMARKS]
    assert len(result.table) == 6 * 3
    assert {"crps", "brier_any", "ap_any", "brier_onset", "ap_onset", "msle", "coverage90"} <= set(result.table)
    assert result.overall().loc[MODEL_NAME, "n"] == 37 * 2 * 2
    data = json.loads(result.to_json())
    assert data["config"]["sources"] == {"NGA": "ucdp"}
    assert len(data["pit"][MODEL_NAME]) == 10
    png = result.plot(tmp_path / "crps.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_origins_outside_the_data_are_refused(nigeria_store):
    from veille.errors import InvalidValue

    with pytest.raises(InvalidValue, match="inside the data"):
        backtest(nigeria_store, "admin1", "events", [Month(2019, 12)], Horizon(1, 1), samples=10)

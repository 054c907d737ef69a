"""Impact estimates pinned on the bundled data (data/macro, data/ucdp)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veille import settings
from veille.analysis import load_events
from veille.errors import InvalidValue
from veille.impact import (
    annual_fatalities,
    civilian_harm,
    civilian_totals,
    displacement,
    displacement_model,
    growth_effect,
    growth_panel,
    literature_comparison,
    military_expenditure,
    military_trends,
    project_displacement,
    project_growth_impact,
    sahel_arrivals,
    stale_figures,
)
from veille.sources.ingest import ingest
from veille.store import Store


@pytest.fixture(scope="module")
def panel():
    return growth_panel()


@pytest.fixture(scope="module")
def candidate_events():
    with Store(":memory:") as store:
        ingest(store, "ucdp_candidate", [settings.data_dir() / "ucdp" / "ucdp_candidate_26_0_1.csv"])
        yield load_events(store)


def test_growth_panel_joins_deaths_growth_and_population(panel):
    assert len(panel) == 8860 and panel["iso3"].nunique() == 171
    bfa = panel[(panel["iso3"] == "BFA") & (panel["year"] == 2022)].iloc[0]
    assert bfa["battle_deaths"] == 2047
    assert bfa["deaths_per_100k"] == pytest.approx(2047 / bfa["population"] * 1e5)
    assert bfa["war"] == 1.0
    assert {v["dataset"] for v in panel.attrs["vintage"]} == {"ucdp_battle_deaths", "wdi_gdp_growth",
                                                              "wdi_population"}


def test_growth_effect_of_conflict_intensity_is_pinned(panel):
    world = growth_effect(panel)
    assert world.coef == pytest.approx(-1.593, abs=1e-3)
    assert world.se == pytest.approx(0.204, abs=1e-3)
    assert (world.ci_low, world.ci_high) == pytest.approx((-1.929, -1.256), abs=1e-3)
    assert (world.nobs, world.entities, world.first_year, world.last_year) == (8860, 171, 1961, 2022)
    assert "fixed effects" in world.method and "clustered by country" in world.method


def test_war_year_estimate_for_africa_meets_the_published_range(panel):
    ssa = growth_effect(panel, spec="war", sample="ssa")
    assert ssa.coef == pytest.approx(-2.469, abs=1e-3)
    assert ssa.entities == 46
    table = literature_comparison([ssa, growth_effect(panel, spec="war")])
    assert table.attrs["published_range_pp"] == (-4.4, -2.5)
    ours = table[table["source"].str.startswith("veille")]
    assert ours["within_range"].tolist() == [True, True]
    assert table["source"].str.contains("WP/20/221").any()


def test_bad_spec_and_sample_are_refused(panel):
    with pytest.raises(InvalidValue, match="spec must be"):
        growth_effect(panel, spec="dummy")
    with pytest.raises(InvalidValue, match="sample must be"):
        growth_effect(panel, sample="europe")


def test_displacement_elasticity_is_pinned():
    estimate = displacement_model()
    assert estimate.coef == pytest.approx(0.2316, abs=1e-4)
    assert estimate.se == pytest.approx(0.0503, abs=1e-4)
    assert (estimate.nobs, estimate.entities, estimate.first_year, estimate.last_year) == (714, 72, 2009, 2022)


def test_burkina_faso_idp_figure_is_flagged_frozen_since_2023():
    table = displacement(("BFA", "TGO", "BEN"))
    bfa = table[table["country_iso3"] == "BFA"].set_index("year")
    assert bfa.loc[2023:2025, "idps_unhcr"].tolist() == [2062534.0] * 3
    stale = stale_figures(table).set_index(["country_iso3", "measure"])
    assert stale.loc[("BFA", "idps_unhcr"), "unchanged_since"] == 2023
    assert bool(stale.loc[("BFA", "idps_unhcr"), "frozen"]) and bool(stale.loc[("BFA", "idps_idmc"), "frozen"])
    assert stale.loc[("TGO", "idps_idmc"), "last_year"] == 2024  # IDMC has no 2025 figure for Togo
    assert not bool(stale.loc[("BEN", "idps_unhcr"), "frozen"])


def test_sahel_refugees_arriving_in_the_coastal_states():
    table = sahel_arrivals()
    togo = table[(table["host_iso3"] == "TGO") & (table["origin_iso3"] == "BFA")].set_index("year")
    assert togo.loc[2023, "refugees"] == 19327 and togo.loc[2025, "refugees"] == 45144
    assert togo.loc[2023, "new_asylum_seekers"] == 23485
    hosted = displacement(("CIV",)).set_index("year")
    assert hosted.loc[2025, "sahel_refugees_hosted"] == 77758


def test_civilian_harm_per_country_and_admin1(candidate_events):
    table = civilian_harm(candidate_events).set_index("unit")
    bfa = table.loc["BFA"]
    assert (bfa["period"], bfa["events"], bfa["fatalities"], bfa["civilian_fatalities"]) == ("2026-01", 71, 177, 37)
    assert bfa["civilian_targeting_events"] == 8
    assert bfa["share_events_targeting_civilians"] == pytest.approx(8 / 71)
    assert bfa["unit_name"] == "Burkina Faso" and len(bfa["event_ids"]) == 71
    regions = civilian_harm(candidate_events, unit="admin1", period="year")
    nord = regions[regions["unit"] == "BF-10"].iloc[0]
    assert (nord["unit_name"], nord["civilian_fatalities"], nord["fatalities"]) == ("Nord", 16, 31)
    totals = civilian_totals(regions[regions["country_iso3"] == "BFA"])
    assert totals["civilian_fatalities"].sum() == 37


def test_civilian_harm_counts_one_source_per_country_year(candidate_events):
    twice = pd.concat([candidate_events, candidate_events.assign(source="gdelt")])
    assert civilian_harm(twice).set_index("unit").loc["BFA", "events"] == 71


def _forecast(country_draws: dict[str, list[int]]) -> pd.DataFrame:
    rows = []
    for iso3, per_month in country_draws.items():
        for h in range(1, 13):
            rows.append({"unit": iso3 + "-1", "unit_name": iso3, "country_iso3": iso3, "month": f"2026-{h:02d}",
                         "horizon": h, "mean": float(np.mean(per_month)), "p_gt0": 1.0, "draws": per_month})
    frame = pd.DataFrame(rows)
    frame.attrs["target"] = "fatalities"
    return frame


def test_growth_impact_projection_scales_with_forecast_deaths():
    annual = annual_fatalities(_forecast({"BFA": [100, 200, 300, 400], "TGO": [0, 0, 0, 5]}))
    assert annual.set_index("country_iso3").loc["BFA", "draws"] == [1200, 2400, 3600, 4800]
    impact = project_growth_impact(growth_effect(), annual, year=2024).set_index(["country_iso3", "scenario"])
    bfa = impact.loc[("BFA", "central")]
    assert bfa["fatalities"] == 3000
    assert bfa["growth_impact_pp"] == pytest.approx(-1.593 * np.log1p(3000 / bfa["population"] * 1e5), abs=0.01)
    assert bfa["ci_low"] < bfa["growth_impact_pp"] < bfa["ci_high"] < 0
    assert impact.loc[("BFA", "high"), "growth_impact_pp"] < bfa["growth_impact_pp"]
    assert impact.loc[("TGO", "central"), "growth_impact_pp"] == 0.0
    assert bfa["population_year"] == 2024 and bfa["loss_usd"] > 0


def test_displacement_projection_moves_the_latest_stock_by_the_elasticity():
    annual = annual_fatalities(_forecast({"BFA": [100, 200, 300, 400]}))
    observed = pd.DataFrame({"country_iso3": ["BFA"], "fatalities": [1500]})
    estimate = displacement_model()
    out = project_displacement(estimate, annual, observed, base_year=2025).set_index("scenario")
    central = out.loc["central"]
    assert central["base_idps"] == 2063000 and central["base_year"] == 2025 and central["base_source"] == "IDMC"
    assert central["base_frozen"] and central["base_unchanged_since"] == 2023
    expected = np.expm1(np.log1p(2063000) + estimate.coef * (np.log1p(3000) - np.log1p(1500)))
    assert central["projected_idps"] == pytest.approx(expected)
    assert central["ci_low"] < central["projected_idps"] < central["ci_high"]


def test_annual_fatalities_needs_twelve_horizons():
    frame = _forecast({"BFA": [1, 2]})
    with pytest.raises(InvalidValue, match="horizons 1-12"):
        annual_fatalities(frame[frame["horizon"] < 6])


def test_military_expenditure_trends():
    trends = military_trends(military_expenditure(("BFA", "BEN", "TGO"), since=2010)).set_index("iso3")
    assert trends.loc["BFA", "last_year"] == 2024
    assert trends.loc["BFA", "slope_per_year"] == pytest.approx(0.1727, abs=1e-4)
    assert trends.loc["BFA", "slope_low"] > 0  # rising, and the interval says so
    assert trends.loc["BEN", "slope_low"] < 0 < trends.loc["BEN", "slope_high"]

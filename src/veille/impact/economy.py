"""What conflict costs an economy: the growth effect of conflict intensity, estimated on
the country-year panel, checked against published figures, projected a year ahead.

Intensity is battle-related deaths per 100,000 people (UCDP/PRIO deaths, WDI population),
entered as ``log(1 + deaths per 100k)`` so that a war in a small country weighs as much
as one in a large country (the per-capita argument of Novta & Pugacheva 2020) and a few
extreme country-years do not set the slope. Growth is WDI real GDP growth (annual %).
The regression has country and year fixed effects and standard errors clustered by
country (linearmodels ``PanelOLS``). It is an association within countries over time,
not a causal effect: growth also shapes conflict.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import theilslopes

from veille.errors import InvalidValue
from veille.impact._data import battle_deaths, vintage, wdi
from veille.impact.estimate import Estimate, fit_panel

# World Bank region "Sub-Saharan Africa" (48 economies).
SUB_SAHARAN_AFRICA = (
    "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COM", "COD", "COG", "CIV", "GNQ", "ERI",
    "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO", "LBR", "MDG", "MWI", "MLI", "MRT", "MUS",
    "MOZ", "NAM", "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "SOM", "ZAF", "SSD", "SDN", "TZA", "TGO",
    "UGA", "ZMB", "ZWE")
WAR_DEATHS = 1000  # the conventional battle-death threshold of a war (UCDP, Correlates of War)
PER = 100_000
SPECS = {
    "intensity": ("intensity", "log(1 + battle deaths per 100,000 people)"),
    "war": ("war", f"war year (>= {WAR_DEATHS:,} battle deaths)"),
}
PANEL_DATASETS = ("ucdp_battle_deaths", "wdi_gdp_growth", "wdi_population")

# Published figures the estimate is compared with. Only figures stated in the sources'
# own summaries; each is a different quantity, named in ``measures``.
PUBLISHED = (
    {"source": "Fang, Kothari, McLoughlin & Yenice (2020), The Economic Consequences of Conflict in "
               "Sub-Saharan Africa, IMF Working Paper WP/20/221",
     "measures": "annual real GDP growth in countries in intense conflict, vs. not in conflict",
     "figure": "about 2.5 percentage points lower", "low_pp": -2.5, "high_pp": -2.5, "comparable": "war"},
    {"source": "IMF (2019), Regional Economic Outlook: Sub-Saharan Africa, April 2019, chapter "
               "'The economic consequences of conflicts'",
     "measures": "cumulative real GDP per capita after five years of conflict, vs. a no-conflict scenario",
     "figure": "15 to 20 percent lower (3.2 to 4.4 points a year if spread evenly: veille's conversion)",
     "low_pp": -4.4, "high_pp": -3.2,
     "comparable": "war"},
    {"source": "Novta & Pugacheva (2020), The Macroeconomic Costs of Conflict, IMF Working Paper WP/20/110",
     "measures": "GDP per capita ten years after conflict onset (conflict defined per capita)",
     "figure": "about 28 percent lower", "low_pp": None, "high_pp": None, "comparable": ""},
    {"source": "Costalli, Moretti & Pischedda (2017), The economic costs of civil war, Journal of Peace "
               "Research 54(1); synthetic control, 20 civil wars",
     "measures": "GDP per capita during the war years, vs. a synthetic counterfactual",
     "figure": "17.5 percent lower on average (a level, not a growth rate)", "low_pp": None, "high_pp": None,
     "comparable": ""},
)


def growth_panel() -> pd.DataFrame:
    """Country-year panel: iso3, year, growth (%), population, battle_deaths (UCDP/PRIO
    best), deaths_per_100k, intensity (log1p of it), war (0/1). ``attrs['vintage']``."""
    deaths = battle_deaths()
    growth = wdi("wdi_gdp_growth").rename(columns={"value": "growth"})
    population = wdi("wdi_population").rename(columns={"value": "population"})
    panel = (deaths[["iso3", "year", "best"]].rename(columns={"best": "battle_deaths"})
             .merge(growth, on=["iso3", "year"]).merge(population, on=["iso3", "year"]))
    panel = panel[panel["population"] > 0].copy()
    panel["deaths_per_100k"] = panel["battle_deaths"] / panel["population"] * PER
    panel["intensity"] = np.log1p(panel["deaths_per_100k"])
    panel["war"] = (panel["battle_deaths"] >= WAR_DEATHS).astype("float64")
    panel = panel.sort_values(["iso3", "year"]).reset_index(drop=True)
    panel.attrs["vintage"] = [vintage(n) for n in PANEL_DATASETS]
    return panel


def growth_effect(panel: pd.DataFrame | None = None, spec: str = "intensity", sample: str = "world",
                  years: tuple[int, int] | None = None, level: float = 0.90) -> Estimate:
    """Real GDP growth (pp) on conflict intensity (``spec='intensity'``: per unit of
    log(1 + deaths per 100k); ``'war'``: a war year), country and year fixed effects,
    errors clustered by country. ``sample``: 'world' or 'ssa' (Sub-Saharan Africa)."""
    if spec not in SPECS:
        raise InvalidValue(f"spec must be one of {', '.join(SPECS)}, got {spec!r}")
    if sample not in ("world", "ssa"):
        raise InvalidValue(f"sample must be world or ssa, got {sample!r}")
    panel = growth_panel() if panel is None else panel
    data = panel[panel["iso3"].isin(SUB_SAHARAN_AFRICA)] if sample == "ssa" else panel
    if years:
        data = data[(data["year"] >= years[0]) & (data["year"] <= years[1])]
    column, label = SPECS[spec]
    method = (f"PanelOLS: real GDP growth (WDI, %) on {label}; country and year fixed effects; "
              f"standard errors clustered by country; {int(level * 100)}% interval")
    return fit_panel(data, "growth", column, f"growth~{spec}:{sample}", method,
                     tuple(panel.attrs.get("vintage", ())), sample=sample, level=level)


def literature_comparison(estimates: list[Estimate]) -> pd.DataFrame:
    """Our war-year estimates beside the published figures: source, measures, figure,
    low_pp, high_pp and, for ours, the interval; ``within_range`` says whether the
    interval meets the published range of a comparable figure."""
    rows = []
    comparable = [p for p in PUBLISHED if p["comparable"] == "war"]
    low = min(p["low_pp"] for p in comparable)
    high = max(p["high_pp"] for p in comparable)
    for e in estimates:
        if e.regressor == "war":
            meets = e.ci_low <= high and e.ci_high >= low
            figure = f"{e.coef:+.2f} pp ({int(e.level * 100)}% CI {e.ci_low:+.2f} to {e.ci_high:+.2f})"
            measures = "annual real GDP growth in a war year (>= 1,000 battle deaths), vs. other years"
        else:
            meets = None
            figure = f"{e.coef:+.2f} pp per unit of log(1 + deaths per 100k) (CI {e.ci_low:+.2f} to {e.ci_high:+.2f})"
            measures = "annual real GDP growth, per unit of conflict intensity"
        rows.append({"source": f"veille, {e.name} ({e.sample}, {e.first_year}-{e.last_year}, "
                               f"{e.nobs:,} country-years)", "measures": measures, "figure": figure,
                     "low_pp": e.ci_low, "high_pp": e.ci_high, "within_range": meets})
    for p in PUBLISHED:
        rows.append({k: p[k] for k in ("source", "measures", "figure", "low_pp", "high_pp")} | {"within_range": None})
    out = pd.DataFrame(rows)
    out.attrs["published_range_pp"] = (low, high)
    return out


def project_growth_impact(estimate: Estimate, annual: pd.DataFrame, year: int | None = None,
                          samples: int = 4000, seed: int = 0, high_quantile: float = 0.9) -> pd.DataFrame:
    """Growth impact next year per country from forecast fatalities.

    ``annual`` has country_iso3 and draws (12-month fatality totals, one list per country,
    see ``projection.annual_fatalities``). For each country and scenario — ``central``
    (the median draw) and ``high`` (the ``high_quantile`` draw) — deaths become deaths per
    100k with the latest WDI population up to ``year``, and the impact is coefficient ×
    log(1 + deaths per 100k), in percentage points of growth against a year without
    conflict deaths; its interval comes from the coefficient's sampling distribution.
    ``loss_usd`` applies it to the latest GDP (current US$). Only ``spec='intensity'``."""
    if estimate.regressor != "intensity":
        raise InvalidValue("project_growth_impact needs the intensity estimate (spec='intensity')")
    population = _latest(wdi("wdi_population"), year)
    gdp = _latest(wdi("wdi_gdp_usd"), year)
    rng = np.random.default_rng(seed)
    coefficients = estimate.draws(samples, rng)
    q = (0.5 - estimate.level / 2, 0.5 + estimate.level / 2)
    rows = []
    for row in annual.itertuples(index=False):
        draws = np.asarray(row.draws, dtype="float64")
        pop = population.get(row.country_iso3)
        if pop is None or not len(draws):
            continue
        gdp_value, gdp_year = gdp.get(row.country_iso3, (np.nan, None))
        for scenario, deaths in (("central", float(np.median(draws))),
                                 ("high", float(np.quantile(draws, high_quantile)))):
            per_100k = deaths / pop[0] * PER
            impact = coefficients * np.log1p(per_100k)
            rows.append({"country_iso3": row.country_iso3, "scenario": scenario, "fatalities": deaths,
                         "population": pop[0], "population_year": pop[1], "deaths_per_100k": per_100k,
                         "growth_impact_pp": estimate.coef * np.log1p(per_100k),
                         "ci_low": float(np.quantile(impact, q[0])), "ci_high": float(np.quantile(impact, q[1])),
                         "gdp_usd": gdp_value, "gdp_year": gdp_year,
                         "loss_usd": -estimate.coef * np.log1p(per_100k) / 100 * gdp_value})
    out = pd.DataFrame(rows, columns=["country_iso3", "scenario", "fatalities", "population", "population_year",
                                      "deaths_per_100k", "growth_impact_pp", "ci_low", "ci_high", "gdp_usd",
                                      "gdp_year", "loss_usd"])
    out.attrs.update({"method": estimate.method + f"; impact = coefficient x log(1 + forecast deaths per 100k); "
                                                  f"central = median forecast, high = {high_quantile:.0%} quantile",
                      "estimate": estimate.as_dict(),
                      "vintage": list(estimate.vintage) + [vintage("wdi_gdp_usd")]})
    return out


def _latest(series: pd.DataFrame, year: int | None) -> dict[str, tuple[float, int]]:
    if year is not None:
        series = series[series["year"] <= year]
    last = series.sort_values("year").groupby("iso3").tail(1)
    return {r.iso3: (float(r.value), int(r.year)) for r in last.itertuples(index=False)}


def military_expenditure(countries: tuple[str, ...], since: int = 2000, until: int | None = None) -> pd.DataFrame:
    """Military expenditure, % of GDP (WDI from SIPRI), years ``since``..``until``: iso3, year, value."""
    series = wdi("wdi_military")
    series = series[series["iso3"].isin(countries) & (series["year"] >= since)]
    if until is not None:
        series = series[series["year"] <= until]
    out = series.sort_values(["iso3", "year"]).reset_index(drop=True)
    out.attrs["vintage"] = [vintage("wdi_military")]
    return out


def military_trends(series: pd.DataFrame, level: float = 0.90) -> pd.DataFrame:
    """Per country: first and last year, last value, change since the first year, and the
    Theil-Sen slope (points of GDP per year) with its ``level`` interval."""
    rows = []
    for iso3, rows_ in series.groupby("iso3"):
        rows_ = rows_.sort_values("year")
        if len(rows_) >= 3:
            slope, _, low, high = theilslopes(rows_["value"], rows_["year"], alpha=level)
        else:
            slope = low = high = np.nan
        rows.append({"iso3": iso3, "first_year": int(rows_["year"].iloc[0]), "last_year": int(rows_["year"].iloc[-1]),
                     "first_value": float(rows_["value"].iloc[0]), "last_value": float(rows_["value"].iloc[-1]),
                     "slope_per_year": float(slope), "slope_low": float(low), "slope_high": float(high),
                     "years": int(len(rows_))})
    out = pd.DataFrame(rows, columns=["iso3", "first_year", "last_year", "first_value", "last_value",
                                      "slope_per_year", "slope_low", "slope_high", "years"])
    out.attrs.update({"method": f"Theil-Sen slope of military expenditure (% of GDP) on year, "
                                f"{int(level * 100)}% interval (scipy.stats.theilslopes)",
                      "vintage": series.attrs.get("vintage", [vintage("wdi_military")])})
    return out


__all__ = ["PUBLISHED", "SPECS", "SUB_SAHARAN_AFRICA", "WAR_DEATHS", "growth_effect", "growth_panel",
           "literature_comparison", "military_expenditure", "military_trends", "project_growth_impact"]

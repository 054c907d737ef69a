"""Displacement and refugees per country-year, from the bundled UNHCR and IDMC tables;
the relation between conflict intensity and displacement; a year-ahead projection.

Stocks are end-of-year figures as UNHCR publishes them: IDPs (UNHCR's own count, and
IDMC's conflict IDP stock), refugees and asylum-seekers by origin and by asylum country.
New arrivals are UNHCR's flow table (new refugees and asylum applications in the year).
Figures that stop changing are flagged: a stock repeated unchanged year after year is a
figure nobody updated, not a stable situation (Burkina Faso's IDPs since 2023).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from veille.countries import COASTAL_FOCUS, SAHEL_FRONT
from veille.impact._data import battle_deaths, read_dataset, vintage
from veille.impact.estimate import Estimate, fit_panel

DISPLACEMENT_COLUMNS = ("idps_unhcr", "idps_idmc", "refugees_abroad", "asylum_seekers_abroad", "refugees_hosted",
                        "asylum_seekers_hosted", "sahel_refugees_hosted", "sahel_new_arrivals")


def _numbers(frame: pd.DataFrame, columns) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    return frame


def displacement(countries: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per country and year: idps_unhcr, idps_idmc, refugees_abroad and
    asylum_seekers_abroad (originating there), refugees_hosted and asylum_seekers_hosted
    (there, from anywhere), sahel_refugees_hosted (refugees and asylum-seekers from
    Burkina Faso, Mali and Niger) and sahel_new_arrivals (new refugees and asylum
    applications from those three, UNHCR flows). Missing where the source has no row."""
    population = _numbers(read_dataset("unhcr_population"), ("refugees", "asylum_seekers", "idps"))
    flows = _numbers(read_dataset("unhcr_flows"), ("refugees", "asylum_seekers"))
    idmc = _numbers(read_dataset("idmc"), ("total",))
    own = population[population["coo_iso"] == population["coa_iso"]]
    parts = [
        own.groupby(["coo_iso", "year"])["idps"].sum(min_count=1).rename("idps_unhcr"),
        idmc[idmc["coo_iso"] == idmc["coa_iso"]].groupby(["coo_iso", "year"])["total"].sum().rename("idps_idmc"),
    ]
    abroad = population[population["coo_iso"] != population["coa_iso"]]
    parts += [abroad.groupby(["coo_iso", "year"])["refugees"].sum(min_count=1).rename("refugees_abroad"),
              abroad.groupby(["coo_iso", "year"])["asylum_seekers"].sum(min_count=1).rename("asylum_seekers_abroad")]
    hosted = population[population["coo_iso"] != population["coa_iso"]]
    by_host = [hosted.groupby(["coa_iso", "year"])["refugees"].sum(min_count=1).rename("refugees_hosted"),
               hosted.groupby(["coa_iso", "year"])["asylum_seekers"].sum(min_count=1).rename("asylum_seekers_hosted")]
    sahel = hosted[hosted["coo_iso"].isin(SAHEL_FRONT)]
    by_host.append((sahel["refugees"].fillna(0) + sahel["asylum_seekers"].fillna(0))
                   .groupby([sahel["coa_iso"], sahel["year"]]).sum().rename("sahel_refugees_hosted"))
    new = flows[flows["coo_iso"].isin(SAHEL_FRONT) & (flows["coo_iso"] != flows["coa_iso"])]
    by_host.append((new["refugees"].fillna(0) + new["asylum_seekers"].fillna(0))
                   .groupby([new["coa_iso"], new["year"]]).sum().rename("sahel_new_arrivals"))
    frames = [p.rename_axis(["country_iso3", "year"]) for p in parts + by_host]
    out = pd.concat(frames, axis=1).reset_index()
    if countries:
        out = out[out["country_iso3"].isin(countries)]
    out = out.sort_values(["country_iso3", "year"]).reset_index(drop=True)
    out["year"] = out["year"].astype("int64")
    out.attrs.update({"method": "sums of UNHCR population and flow rows per country and year; IDMC stock as given",
                      "vintage": [vintage(n) for n in ("unhcr_population", "unhcr_flows", "idmc")]})
    return out[["country_iso3", "year", *DISPLACEMENT_COLUMNS]]


def sahel_arrivals(hosts: tuple[str, ...] = COASTAL_FOCUS, origins: tuple[str, ...] = SAHEL_FRONT) -> pd.DataFrame:
    """Refugees from the Sahel in the coastal states, per host, origin and year:
    refugees and asylum_seekers (end-year stocks), new_refugees and new_asylum_seekers
    (the year's flows)."""
    population = _numbers(read_dataset("unhcr_population"), ("refugees", "asylum_seekers"))
    flows = _numbers(read_dataset("unhcr_flows"), ("refugees", "asylum_seekers"))
    keys = ["coa_iso", "coo_iso", "year"]
    stock = population[population["coa_iso"].isin(hosts) & population["coo_iso"].isin(origins)] \
        .groupby(keys)[["refugees", "asylum_seekers"]].sum(min_count=1)
    new = flows[flows["coa_iso"].isin(hosts) & flows["coo_iso"].isin(origins)] \
        .groupby(keys)[["refugees", "asylum_seekers"]].sum(min_count=1) \
        .rename(columns={"refugees": "new_refugees", "asylum_seekers": "new_asylum_seekers"})
    out = stock.join(new, how="outer").reset_index().rename(columns={"coa_iso": "host_iso3", "coo_iso": "origin_iso3"})
    out["year"] = out["year"].astype("int64")
    out.attrs.update({"method": "UNHCR end-year stocks and yearly flows, host x origin",
                      "vintage": [vintage("unhcr_population"), vintage("unhcr_flows")]})
    return out.sort_values(["host_iso3", "year", "origin_iso3"]).reset_index(drop=True)


def stale_figures(table: pd.DataFrame, columns: tuple[str, ...] = ("idps_unhcr", "idps_idmc"),
                  key: str = "country_iso3") -> pd.DataFrame:
    """Where each series stops and where it froze: per key and column, the last year with
    a value, that value, and ``unchanged_since``, the first year of the run of identical
    values that ends it. ``frozen`` when that run covers two years or more."""
    rows = []
    for (unit, column), group in table.melt(id_vars=[key, "year"], value_vars=list(columns)) \
            .dropna(subset=["value"]).groupby([key, "variable"]):
        group = group.sort_values("year")
        values, years = group["value"].to_numpy(), group["year"].to_numpy()
        last = values[-1]
        run = len(values) - 1
        while run > 0 and values[run - 1] == last and years[run] - years[run - 1] == 1:
            run -= 1
        rows.append({key: unit, "measure": column, "last_year": int(years[-1]), "last_value": float(last),
                     "unchanged_since": int(years[run]), "frozen": bool(years[-1] > years[run] and last > 0)})
    return pd.DataFrame(rows, columns=[key, "measure", "last_year", "last_value", "unchanged_since", "frozen"])


def displacement_panel() -> pd.DataFrame:
    """IDMC conflict IDP stocks beside UCDP/PRIO battle deaths: iso3, year, idps,
    battle_deaths, log_idps, log_deaths. Only country-years where IDMC reports a stock."""
    idmc = _numbers(read_dataset("idmc"), ("total",))
    idmc = idmc[(idmc["coo_iso"] == idmc["coa_iso"]) & (idmc["coo_iso"] != "UNK")]
    stocks = idmc.groupby(["coo_iso", "year"], as_index=False)["total"].sum() \
        .rename(columns={"coo_iso": "iso3", "total": "idps"})
    stocks["year"] = stocks["year"].astype("int64")
    deaths = battle_deaths()[["iso3", "year", "best"]].rename(columns={"best": "battle_deaths"})
    panel = stocks.merge(deaths, on=["iso3", "year"])
    panel["log_idps"] = np.log1p(panel["idps"])
    panel["log_deaths"] = np.log1p(panel["battle_deaths"])
    panel.attrs["vintage"] = [vintage("idmc"), vintage("ucdp_battle_deaths")]
    return panel.sort_values(["iso3", "year"]).reset_index(drop=True)


def displacement_model(panel: pd.DataFrame | None = None, level: float = 0.90) -> Estimate:
    """log(1 + IDP stock) on log(1 + battle deaths), country and year fixed effects,
    errors clustered by country: the elasticity of the displaced stock to conflict deaths
    within a country over time (an association; selection: only countries IDMC covers)."""
    panel = displacement_panel() if panel is None else panel
    method = ("PanelOLS: log(1 + IDMC conflict IDP stock) on log(1 + UCDP/PRIO battle deaths); country and "
              f"year fixed effects; standard errors clustered by country; {int(level * 100)}% interval")
    return fit_panel(panel, "log_idps", "log_deaths", "idps~deaths", method, tuple(panel.attrs.get("vintage", ())),
                     level=level)


def project_displacement(estimate: Estimate, annual: pd.DataFrame, observed: pd.DataFrame, base_year: int,
                         samples: int = 4000, seed: int = 0, high_quantile: float = 0.9) -> pd.DataFrame:
    """IDPs a year ahead per country and scenario (central: the median forecast; high:
    the ``high_quantile`` forecast), moving the latest IDP stock up to ``base_year`` by
    the elasticity times the change in log(1 + fatalities) from the last 12 months
    (``observed``) to the next 12 (``annual``), both in the forecast's own source.
    Interval from the elasticity's sampling distribution. Columns: country_iso3,
    scenario, base_idps, base_year, base_source, base_frozen, fatalities_last_12m,
    fatalities_next_12m, projected_idps, ci_low, ci_high."""
    table = displacement(tuple(annual["country_iso3"]))
    table = table[table["year"] <= base_year]
    stale = stale_figures(table)
    seen = dict(zip(observed["country_iso3"], observed["fatalities"]))
    rng = np.random.default_rng(seed)
    elasticity = estimate.draws(samples, rng)
    q = (0.5 - estimate.level / 2, 0.5 + estimate.level / 2)
    rows = []
    for row in annual.itertuples(index=False):
        mine = table[table["country_iso3"] == row.country_iso3]
        base, year, source = np.nan, None, None
        for column, name in (("idps_idmc", "IDMC"), ("idps_unhcr", "UNHCR")):
            values = mine.dropna(subset=[column])
            if len(values):
                base, year, source = float(values[column].iloc[-1]), int(values["year"].iloc[-1]), name
                break
        frozen = stale[(stale["country_iso3"] == row.country_iso3) & stale["frozen"]
                       & (stale["measure"] == ("idps_idmc" if source == "IDMC" else "idps_unhcr"))]
        before = float(seen.get(row.country_iso3, 0))
        draws = np.asarray(row.draws, dtype="float64")
        for scenario, after in (("central", float(np.median(draws))),
                                ("high", float(np.quantile(draws, high_quantile)))):
            change = np.log1p(after) - np.log1p(before)
            point = np.expm1(np.log1p(base) + estimate.coef * change) if year else np.nan
            spread = np.expm1(np.log1p(base) + elasticity * change) if year else np.full(2, np.nan)
            rows.append({"country_iso3": row.country_iso3, "scenario": scenario, "base_idps": base, "base_year": year,
                         "base_source": source, "base_frozen": bool(len(frozen)),
                         "base_unchanged_since": int(frozen["unchanged_since"].iloc[0]) if len(frozen) else None,
                         "fatalities_last_12m": before, "fatalities_next_12m": after, "projected_idps": point,
                         "ci_low": float(np.nanquantile(spread, q[0])) if year else np.nan,
                         "ci_high": float(np.nanquantile(spread, q[1])) if year else np.nan})
    out = pd.DataFrame(rows, columns=["country_iso3", "scenario", "base_idps", "base_year", "base_source",
                                      "base_frozen", "base_unchanged_since", "fatalities_last_12m",
                                      "fatalities_next_12m", "projected_idps", "ci_low", "ci_high"])
    out.attrs.update({"method": estimate.method + "; projected = latest stock x (ratio of 1 + fatalities, next 12 "
                                                  "months over last 12) ^ elasticity",
                      "estimate": estimate.as_dict(), "vintage": list(estimate.vintage) + table.attrs["vintage"]})
    return out


__all__ = ["DISPLACEMENT_COLUMNS", "displacement", "displacement_model", "displacement_panel",
           "project_displacement", "sahel_arrivals", "stale_figures"]

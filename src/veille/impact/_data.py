"""The bundled macro data: read once, checked, each with its vintage.

Every impact figure names the files it came from: ``vintage(name)`` gives the file, its
sha256, its rows and the years it covers, which the estimates carry in ``attrs``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from importlib import resources

import pandas as pd

from veille import settings
from veille.countries import country_iso3
from veille.errors import InputRefused

# name → (path under data/, source as cited, columns the code needs)
DATASETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "wdi_gdp_growth": ("macro/wdi/ny.gdp.mktp.kd.zg.csv",
                       "World Bank WDI NY.GDP.MKTP.KD.ZG (GDP growth, annual %, constant prices)",
                       ("Country Code", "Year", "Value")),
    "wdi_gdp_usd": ("macro/wdi/ny.gdp.mktp.cd.csv", "World Bank WDI NY.GDP.MKTP.CD (GDP, current US$)",
                    ("Country Code", "Year", "Value")),
    "wdi_population": ("macro/wdi/sp.pop.totl.csv", "World Bank WDI SP.POP.TOTL (population, total)",
                       ("Country Code", "Year", "Value")),
    "wdi_military": ("macro/wdi/ms.mil.xpnd.gd.zs.csv",
                     "World Bank WDI MS.MIL.XPND.GD.ZS (military expenditure, % of GDP; SIPRI)",
                     ("Country Code", "Year", "Value")),
    "unhcr_population": ("macro/unhcr/population_westafrica.csv",
                         "UNHCR Refugee Population Statistics (Global Trends 2025), West African rows "
                         "and every country's IDPs",
                         ("year", "coo_iso", "coa_iso", "refugees", "asylum_seekers", "idps")),
    "unhcr_flows": ("macro/unhcr/flows_westafrica.csv",
                    "UNHCR new displacement (flows) by origin and asylum, West African rows",
                    ("year", "coo_iso", "coa_iso", "refugees", "asylum_seekers")),
    "idmc": ("macro/unhcr/idmc.csv", "IDMC conflict IDP stocks, via UNHCR", ("year", "coo_iso", "coa_iso", "total")),
    "ucdp_battle_deaths": ("ucdp/ucdp_battle_deaths_country_year.csv",
                           "UCDP/PRIO battle-related deaths, country-year (PRIO 3.1 to 1988, UCDP GED 23.1 after)",
                           ("gwcode", "country_name", "status", "year", "low", "best", "high")),
}


def dataset_path(name: str):
    path, _, _ = DATASETS[name]
    return settings.data_dir() / path


def read_dataset(name: str) -> pd.DataFrame:
    """A bundled table as the source wrote it (a copy of the cached read)."""
    return _read(name, str(dataset_path(name))).copy()


@functools.cache
def _read(name: str, where: str) -> pd.DataFrame:
    from pathlib import Path

    path = Path(where)
    _, source, needed = DATASETS[name]
    if not path.exists():
        raise InputRefused(str(path), "is missing", f"{source}; rebuild with python -m veille.impact.bundle")
    try:
        frame = pd.read_csv(path, low_memory=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputRefused(str(path), f"is not readable CSV ({exc})", source) from None
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputRefused(str(path), f"lacks column(s) {', '.join(missing)}", f"{source} with {', '.join(needed)}")
    for column in ("year", "Year"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def vintage(name: str) -> dict:
    """Which file, which content, which years: enough to reproduce a figure."""
    return dict(_vintage(name, str(dataset_path(name))))


@functools.cache
def _vintage(name: str, where: str) -> dict:
    from pathlib import Path

    path = Path(where)
    frame = _read(name, where)
    years = frame["year" if "year" in frame.columns else "Year"].dropna()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"dataset": name, "source": DATASETS[name][1], "path": f"data/{DATASETS[name][0]}",
            "sha256": digest[:16], "rows": int(len(frame)),
            "first_year": int(years.min()), "last_year": int(years.max())}


def wdi(name: str) -> pd.DataFrame:
    """A WDI indicator as iso3, year, value (aggregates such as 'Sub-Saharan Africa' kept:
    they have codes no country has)."""
    frame = read_dataset(name)
    out = pd.DataFrame({"iso3": frame["Country Code"].astype(str), "year": frame["Year"].astype("int64"),
                        "value": pd.to_numeric(frame["Value"], errors="coerce")})
    return out.dropna(subset=["value"]).reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _gw_to_iso3() -> dict[int, str]:
    package = resources.files("veille.actors")
    with package.joinpath("countries.csv").open(encoding="utf-8", newline="") as fh:
        return {int(row["gwno"]): row["iso3"] for row in csv.DictReader(fh) if row.get("gwno")}


@functools.lru_cache(maxsize=1)
def french_names() -> dict[str, str]:
    package = resources.files("veille.actors")
    with package.joinpath("countries.csv").open(encoding="utf-8", newline="") as fh:
        return {row["iso3"]: row["name_fr"] for row in csv.DictReader(fh) if row.get("name_fr")}


def battle_deaths() -> pd.DataFrame:
    """UCDP/PRIO battle deaths per independent state and year: iso3, year, low, best, high.

    Gleditsch-Ward numbers map to ISO3 through the actor registry's country table, then
    by name; colonies and protectorates are left out (their deaths belong to no WDI row)."""
    frame = read_dataset("ucdp_battle_deaths")
    frame = frame[frame["status"] == "independent"]
    by_gw = _gw_to_iso3()
    iso3 = [by_gw.get(int(gw)) or country_iso3(name) for gw, name in zip(frame["gwcode"], frame["country_name"])]
    out = pd.DataFrame({"iso3": iso3, "year": frame["year"].astype("int64").to_numpy(),
                        "low": frame["low"].to_numpy(), "best": frame["best"].to_numpy(),
                        "high": frame["high"].to_numpy()}).dropna(subset=["iso3"])
    return out.groupby(["iso3", "year"], as_index=False)[["low", "best", "high"]].sum()


__all__ = ["DATASETS", "battle_deaths", "dataset_path", "french_names", "read_dataset", "vintage", "wdi"]

"""Build ``data/macro`` and ``data/ucdp/ucdp_battle_deaths_country_year.csv`` from the
shared reference copies: ``python -m veille.impact.bundle SHARED_DATA_DIR [DATA_DIR]``.

WDI indicators, IDMC stocks and the UCDP battle-deaths panel are copied unchanged (the
panels behind the estimates are global). UNHCR's population and flow tables are cut to
the rows a brief reads: West African origin or asylum, plus every country's own IDPs
(origin = asylum) for the displacement panel. Columns and values are kept as they are.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

from veille.countries import WEST_AFRICA

WDI_FILES = ("ny.gdp.mktp.kd.zg.csv", "ny.gdp.mktp.cd.csv", "sp.pop.totl.csv", "ms.mil.xpnd.gd.zs.csv")


def bundle(shared: Path, data: Path) -> dict[str, int]:
    rows = {}
    (data / "macro" / "wdi").mkdir(parents=True, exist_ok=True)
    (data / "macro" / "unhcr").mkdir(parents=True, exist_ok=True)
    (data / "ucdp").mkdir(parents=True, exist_ok=True)
    copies = [(shared / "macro" / "wdi" / name, data / "macro" / "wdi" / name) for name in WDI_FILES]
    copies += [(shared / "macro" / "unhcr" / "idmc.csv", data / "macro" / "unhcr" / "idmc.csv"),
               (shared / "ucdp" / "ucdp_battle_deaths_country_year.csv",
                data / "ucdp" / "ucdp_battle_deaths_country_year.csv")]
    for source, target in copies:
        shutil.copyfile(source, target)
        rows[str(target.relative_to(data))] = sum(1 for _ in target.open(encoding="utf-8")) - 1
    for name, target in (("population.csv", "population_westafrica.csv"), ("flows.csv", "flows_westafrica.csv")):
        text = pd.read_csv(shared / "macro" / "unhcr" / name, dtype=str, keep_default_na=False)
        west = text["coo_iso"].isin(WEST_AFRICA) | text["coa_iso"].isin(WEST_AFRICA)
        if "idps" in text.columns:
            west |= (text["coo_iso"] == text["coa_iso"]) & (pd.to_numeric(text["idps"], errors="coerce") > 0)
        subset = text[west]
        path = data / "macro" / "unhcr" / target
        subset.to_csv(path, index=False)
        rows[str(path.relative_to(data))] = len(subset)
    return rows


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m veille.impact.bundle SHARED_DATA_DIR [DATA_DIR]")
    from veille import settings

    target = Path(sys.argv[2]) if len(sys.argv) > 2 else settings.data_dir()
    for path, count in bundle(Path(sys.argv[1]), target).items():
        print(f"{path}: {count:,} rows")

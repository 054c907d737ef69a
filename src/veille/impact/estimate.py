"""An estimated coefficient with its interval, method and the data it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from veille.errors import InvalidValue


@dataclass(frozen=True)
class Estimate:
    """One coefficient of a panel regression: ``coef`` ± ``se`` with its 90 % interval
    (``level``), how it was estimated (``method``) and on what (``vintage``)."""

    name: str
    dependent: str
    regressor: str
    coef: float
    se: float
    nobs: int
    entities: int
    first_year: int
    last_year: int
    method: str
    level: float = 0.90
    sample: str = "world"
    vintage: tuple[dict, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not (0 < self.level < 1):
            raise InvalidValue(f"interval level must be between 0 and 1, got {self.level}")
        if not np.isfinite(self.coef) or not np.isfinite(self.se) or self.se < 0:
            raise InvalidValue(f"estimate {self.name}: coefficient and standard error must be finite")

    @property
    def z(self) -> float:
        return float(norm.ppf(0.5 + self.level / 2))

    @property
    def ci_low(self) -> float:
        return self.coef - self.z * self.se

    @property
    def ci_high(self) -> float:
        return self.coef + self.z * self.se

    def draws(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """Coefficient draws from its sampling distribution (normal, clustered s.e.)."""
        return rng.normal(self.coef, self.se, size=n)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["ci_low"], out["ci_high"] = self.ci_low, self.ci_high
        out["vintage"] = list(self.vintage)
        return out


def fit_panel(frame: pd.DataFrame, dependent: str, regressor: str, name: str, method: str,
              vintage: tuple[dict, ...], sample: str = "world", level: float = 0.90) -> Estimate:
    """``dependent ~ regressor`` with country and year fixed effects, standard errors
    clustered by country (linearmodels ``PanelOLS``). ``frame`` has iso3 and year."""
    from linearmodels.panel import PanelOLS

    data = frame.dropna(subset=[dependent, regressor]).set_index(["iso3", "year"]).sort_index()
    if data.index.get_level_values(0).nunique() < 2 or len(data) < 10:
        raise InvalidValue(f"estimate {name}: too few country-years ({len(data)}) to fit")
    result = PanelOLS(data[dependent], data[[regressor]], entity_effects=True, time_effects=True,
                      drop_absorbed=True).fit(cov_type="clustered", cluster_entity=True)
    years = data.index.get_level_values(1)
    return Estimate(name=name, dependent=dependent, regressor=regressor, coef=float(result.params[regressor]),
                    se=float(result.std_errors[regressor]), nobs=int(result.nobs),
                    entities=int(data.index.get_level_values(0).nunique()), first_year=int(years.min()),
                    last_year=int(years.max()), method=method, level=level, sample=sample, vintage=vintage)


__all__ = ["Estimate", "fit_panel"]

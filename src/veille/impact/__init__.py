"""Impact: what conflict costs civilians, displaced people and economies, with intervals,
methods and data vintages. Module-level functions, DataFrame in, DataFrame out; the
bundled macro data (WDI, UNHCR, IDMC, UCDP/PRIO battle deaths) are read by ``_data``.
See docs/impact.md.
"""

from veille.impact.civilians import civilian_harm, civilian_totals, one_source_per_country_year
from veille.impact.displacement import (
    displacement,
    displacement_model,
    displacement_panel,
    project_displacement,
    sahel_arrivals,
    stale_figures,
)
from veille.impact.economy import (
    PUBLISHED,
    growth_effect,
    growth_panel,
    literature_comparison,
    military_expenditure,
    military_trends,
    project_growth_impact,
)
from veille.impact.estimate import Estimate
from veille.impact.projection import annual_fatalities, observed_fatalities

__all__ = ["PUBLISHED", "Estimate", "annual_fatalities", "civilian_harm", "civilian_totals", "displacement",
           "displacement_model", "displacement_panel", "growth_effect", "growth_panel", "literature_comparison",
           "military_expenditure", "military_trends", "observed_fatalities", "one_source_per_country_year",
           "project_displacement", "project_growth_impact", "sahel_arrivals", "stale_figures"]

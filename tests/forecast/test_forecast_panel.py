import pandas as pd

from veille.forecast.panel import build_panel, choose_sources, country_cells, last_complete_month
from veille.geo import admin_units
from veille.model import Month
from veille.store import EventFilter
from veille.taxonomy import POLITICAL_VIOLENCE_EVENT_TYPES


def test_admin1_panel_has_every_unit_and_month_and_the_store_totals(nigeria_store):
    panel = build_panel(nigeria_store, "admin1", end=Month(2019, 12))
    assert set(panel.units["unit"]) == set(admin_units(level=1, country_iso3="NGA")["pcode"])
    assert panel.first == Month(1990, 9) and panel.last == Month(2019, 12)
    frame = panel.to_frame()
    assert len(frame) == 37 * len(range(panel.first.index, panel.last.index + 1))
    assert (frame["events"] == 0).mean() > 0.5  # the zero months are there
    pv = nigeria_store.events(EventFilter(event_types=POLITICAL_VIOLENCE_EVENT_TYPES, columns=("fatalities",)))
    assert frame["events"].sum() == len(pv)
    assert frame["fatalities"].sum() == pv["fatalities"].fillna(0).sum()
    assert panel.sources == {"NGA": "ucdp"}
    assert panel.vintage["max_event_date"] <= "2019-12-31"


def test_grid_panel_covers_the_cells_whose_centre_is_in_the_country(nigeria_store):
    panel = build_panel(nigeria_store, "pgm", end=Month(2019, 12))
    cells = country_cells("NGA")
    assert 280 < len(cells) < 340  # Nigeria is ~924,000 km², a cell ~3,000 km²
    assert sorted(panel.units["unit"]) == sorted(cells.tolist())
    assert panel.neighbours.sum(axis=1).max() == 8


def test_one_source_per_country_acled_first():
    events = pd.DataFrame({"country_iso3": ["NGA", "NGA", "BFA", "MLI"],
                           "source": ["ucdp", "acled", "ucdp", "ucdp_candidate"]})
    assert choose_sources(events) == {"NGA": "acled", "BFA": "ucdp", "MLI": "ucdp_candidate"}


def test_a_month_cut_short_is_not_complete():
    assert last_complete_month("2020-08-01") == Month(2020, 7)
    assert last_complete_month("2020-07-31") == Month(2020, 7)


def test_sahel_panel_uses_acled_and_links_units_across_borders(sahel_store):
    panel = build_panel(sahel_store, "admin1")
    assert panel.sources == {"BFA": "acled", "MLI": "acled", "NER": "acled"}
    assert panel.last == Month(2020, 7)
    country = panel.units["country_iso3"].to_numpy()
    rows, cols = panel.neighbours.nonzero()
    assert (country[rows] != country[cols]).any()
    assert panel.counts["jnim"].sum() > 500 and panel.counts["is_sahel"].sum() > 300

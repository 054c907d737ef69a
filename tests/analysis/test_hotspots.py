import numpy as np
import pytest
from scipy import sparse

from veille.analysis.hotspots import (
    classify,
    emerging_hotspots,
    fdr_significant,
    first_month,
    gi_star,
    hotspot_summary,
    plot_hotspots,
    space_time_weights,
    unit_geometries,
)
from veille.model import MonthRange

EST = ("BF-GOU", "BF-GNA", "BF-KMD", "BF-KMP", "BF-TAP")  # the admin-2 provinces of Burkina Faso's Est region


def textbook_gi_star(x, w):
    """Getis & Ord (1992) Gi* with binary weights, written out."""
    n, mean = len(x), x.mean()
    s = np.sqrt((x ** 2).mean() - mean ** 2)
    wsum = np.asarray(w.sum(axis=1)).ravel()
    w2 = np.asarray(w.multiply(w).sum(axis=1)).ravel()
    return (w @ x - mean * wsum) / (s * np.sqrt((n * w2 - wsum ** 2) / (n - 1)))


def test_gi_star_is_the_getis_ord_statistic_on_a_line_of_units():
    x = np.array([0, 0, 1, 5, 9, 6, 1, 0, 0, 0], dtype=float)
    w = sparse.diags([1.0, 1.0, 1.0], [-1, 0, 1], shape=(10, 10), format="csr")
    z, p = gi_star(x, w)
    assert np.allclose(z, textbook_gi_star(x, w))
    assert z.argmax() == 4 and p[4] < 0.05 and p[0] > 0.05


def test_space_time_weights_reach_back_window_minus_one_months():
    spatial = sparse.identity(2, format="csr")
    w = space_time_weights(spatial, steps=3, window=2).toarray()
    # bin = month * 2 + unit: unit 0 in month 2 sees itself in months 1 and 2 only
    assert np.flatnonzero(w[4]).tolist() == [2, 4]


def test_fdr_keeps_fewer_bins_than_the_raw_threshold():
    p = np.array([0.001, 0.01, 0.03, 0.04, 0.2, 0.5])
    assert fdr_significant(p, 0.05).tolist() == [True, True, False, False, False, False]


def series(text):
    """'..HH.C' → hot and cold flags: H hot, C cold, anything else neither."""
    return np.array([c == "H" for c in text]), np.array([c == "C" for c in text])


@pytest.mark.parametrize("pattern, z, expected", [
    ("..........H", None, "new hot spot"),
    ("........HHH", None, "consecutive hot spot"),
    ("..H.....HHH", None, "sporadic hot spot"),
    ("..H.C.H...H", None, "oscillating hot spot"),
    ("HHHHHHHHHHH", "up", "intensifying hot spot"),
    ("HHHHHHHHHHH", "down", "diminishing hot spot"),
    ("HHHHHHHHHHH", "flat", "persistent hot spot"),
    ("HHHHHHHHHHH.", "flat", "historical hot spot"),
    ("..........C", None, "new cold spot"),
    ("H.........", None, ""),
    ("HHHH", None, ""),  # fewer than ten months: no pattern yet
])
def test_locations_are_classified_with_the_esri_definitions(pattern, z, expected):
    hot, cold = series(pattern)
    n = len(pattern)
    trend = {"up": np.arange(n) + 3.0, "down": 30 - np.arange(n, dtype=float),
             "flat": np.array([4.0, 5.0] * n)[:n], None: np.where(hot, 3.0, np.where(cold, -3.0, 0.0))}[z]
    assert classify(hot, cold, trend) == expected


def test_burkina_faso_est_first_shows_as_a_new_hot_spot_in_september_2018(acled_events, tmp_path):
    table = emerging_hotspots(acled_events, unit="admin2", countries=("BFA", "MLI", "NER"),
                              months=MonthRange.parse("2012-01:2020-07"), window=3)
    assert first_month(table, "new hot spot", EST) == "2018-09"
    summary = hotspot_summary(table).set_index("unit")
    assert summary.loc["BF-KMP", "first_new_hot_spot"] == "2018-09"
    # by July 2020 the whole Est is a hot spot of some kind, and so is Mopti's Douentza next door to the north
    assert summary.loc[list(EST), "category"].str.endswith("hot spot").all()
    units = unit_geometries("admin2", ("BFA", "MLI", "NER"))
    path = plot_hotspots(table, units, tmp_path / "hot.png")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_prio_grid_cells_cover_the_countries_and_get_categories(acled_events):
    table = emerging_hotspots(acled_events, unit="pgm", countries=("BFA",),
                              months=MonthRange.parse("2017-01:2020-07"))
    cells = table["unit"].nunique()
    assert 100 < cells < 140  # Burkina Faso: 274,000 km² over ~3,000 km² cells, border cells included
    assert (table.groupby("month")["events"].sum() > 0).all()
    assert table.loc[table["month"] == "2020-07", "category"].str.endswith("hot spot").sum() > 10

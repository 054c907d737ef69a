"""The geo package on the bundled boundaries: real places, real values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veille import geo
from veille.errors import NotFound
from veille.geo.names import normalize_place_name


@pytest.fixture(scope="module")
def units():
    return geo.admin_units()


def place(lat, lon, **kwargs):
    return geo.assign_places(np.array([lat]), np.array([lon]), **kwargs).iloc[0]


def test_one_admin1_layer_per_country(units):
    admin1 = units[units["level"] == 1]
    assert admin1.groupby("country_iso3")["source"].nunique().max() == 1
    assert set(admin1["country_iso3"]) == set(geo.WEST_AFRICA)
    assert units["pcode"].is_unique
    assert units.crs.to_epsg() == 4326


def test_coverage_says_ghana_has_no_admin2_and_togo_has_admin3():
    cov = geo.coverage().set_index("country_iso3")
    assert cov.loc["GHA", "admin2"] == 0
    assert cov.loc["TGO", ["admin1", "admin2", "admin3"]].tolist() == [5, 40, 373]
    assert cov.loc["BFA", ["admin1", "admin2"]].tolist() == [13, 45]
    assert cov.loc["BEN", "admin1_source"] == "ocha-cod-ab"
    assert cov.loc["GHA", "admin1_source"] == "naturalearth"


def test_togo_centrale_carries_natural_earths_name(units):
    centrale = units[units["pcode"] == "TG01"].iloc[0]
    assert centrale["name"] == "Centrale"
    assert "Centre" in centrale["alt_names"]


def test_admin_units_table_is_plain_with_wkb():
    table = geo.admin_units_table()
    assert list(table.columns) == ["pcode", "country_iso3", "level", "name", "alt_names",
                                   "parent_pcode", "source", "geometry_wkb"]
    row = table[table["pcode"] == "TG01"].iloc[0]
    assert isinstance(row["geometry_wkb"], bytes)
    assert "Centre" in row["alt_names"].split("|")


def test_sokode_is_in_centrale():
    row = place(8.98, 1.13)
    assert (row["country_iso3"], row["admin1"], row["admin1_pcode"]) == ("TGO", "Centrale", "TG01")
    assert row["admin2_pcode"] == "TG0105"  # Tchaoudjo, Sokodé's prefecture
    assert row["geo_match"] == "inside" and row["snap_km"] == 0


def test_lome_is_lome_commune():
    row = place(6.13, 1.22)
    assert (row["admin1_pcode"], row["admin2"], row["admin2_pcode"]) == ("TG03", "Lome Commune", "TG0305")
    assert row["admin3_pcode"] == "TG030501"


def test_point_in_the_sea_off_lome_is_snapped():
    from shapely import Point
    units = geo.admin_units(level=1)
    assert not units.geometry.contains(Point(1.25, 6.10)).any()
    row = place(6.10, 1.25)
    assert row["geo_match"] == "snapped"
    assert row["admin1_pcode"] == "TG03"
    assert 1 < row["snap_km"] < 5


def test_snapping_distance_is_a_parameter():
    assert place(6.05, 1.25)["geo_match"] == "snapped"  # ~8 km out
    row = place(6.05, 1.25, snap_km=5)
    assert row["geo_match"] == "outside" and pd.isna(row["admin1"])


def test_mid_atlantic_is_outside_with_nulls():
    row = place(0.0, -30.0)
    assert row["geo_match"] == "outside"
    assert row[["country_iso3", "admin1", "admin1_pcode", "admin2", "admin3"]].isna().all()
    assert np.isnan(row["border_km"]) and np.isnan(row["snap_km"])
    assert row["pgm_gid"] == geo.pgm_gid([0.0], [-30.0])[0]


def test_missing_coordinates_keep_order_and_length():
    result = geo.assign_places(pd.Series([8.98, None, 6.13], index=[10, 11, 12]),
                               pd.Series([1.13, 1.0, 1.22], index=[10, 11, 12]))
    assert list(result.index) == [10, 11, 12]
    assert result["geo_match"].tolist() == ["inside", "missing", "inside"]
    assert result["admin1"].tolist()[0::2] == ["Centrale", "Maritime"]
    assert list(result.columns) == geo.PLACE_COLUMNS


def test_prio_grid_check_value():
    assert geo.pgm_gid([10.51], [2.29])[0] == 145085
    assert place(10.51, 2.29)["pgm_gid"] == 145085


def test_border_km_is_zero_on_the_togo_burkina_border_and_grows_southward():
    front = geo.border_distance_km([11.1], [0.0])[0]  # on the Togo-Burkina border near Cinkassé
    dapaong, sokode, lome = geo.border_distance_km([10.86, 8.98, 6.13], [0.20, 1.13, 1.22])
    assert front < 1
    assert 15 < dapaong < 30
    assert 200 < sokode < 240
    assert 520 < lome < 550  # 536 km
    assert dapaong < sokode < lome


def test_border_km_signed_is_negative_inside_the_sahel():
    ouagadougou = geo.border_distance_km([12.37], [-1.52], signed=True)[0]
    assert -160 < ouagadougou < -140


def test_admin2_only_within_the_admin1_country():
    result = geo.assign_places(np.array([12.37, 7.95]), np.array([-1.52, -1.0]))
    assert result["admin2_pcode"].tolist()[0] == "BF-KAD"
    assert result["country_iso3"].tolist()[1] == "GHA"
    assert pd.isna(result["admin2"].tolist()[1])  # Ghana: no admin-2 bundled


def test_geocode_frame_adds_the_contract_columns():
    frame = pd.DataFrame({"id": [1, 2], "latitude": [8.98, 6.13], "longitude": [1.13, 1.22]})
    out = geo.geocode_frame(frame)
    assert list(out.columns) == ["id", "latitude", "longitude", *geo.GEOCODE_COLUMNS]
    assert out["admin1_pcode"].tolist() == ["TG01", "TG03"]


def test_geocode_frame_needs_coordinates():
    from veille.errors import InvalidValue
    with pytest.raises(InvalidValue, match="latitude"):
        geo.geocode_frame(pd.DataFrame({"lat": [1.0]}))


@pytest.mark.parametrize("query, country, expected, kind", [
    ("Dapaong", None, "Dapaong", None),
    ("Dapango", None, "Dapaong", "populated place"),
    ("Mango", "TGO", "Mango", None),
    ("Sansanné-Mango", None, "Mango", "populated place"),
    ("Préfecture de Kpendjal", None, "Kpendjal", "admin2"),
    ("Kouffo", "BEN", "Couffo", "admin1"),
])
def test_search_places_finds_the_place(query, country, expected, kind):
    best = geo.search_places(query, country)[0]
    assert best.name == expected
    assert best.score >= 95
    if kind:
        assert best.kind == kind
    assert best.country_iso3 == (country or "TGO")


def test_search_explains_itself():
    best = geo.search_places("Dapango")[0]
    assert best.admin1 == "Savanes" and best.admin1_pcode == "TG05"
    assert "alternate name 'Dapango'" in best.why and "TGO / Savanes" in best.why


def test_country_boost_disambiguates_mango():
    in_civ = geo.search_places("Mango", "CIV")[0]
    assert in_civ.country_iso3 == "CIV"


@pytest.mark.parametrize("country, raw, pcode", [
    ("TGO", "Centre", "TG01"), ("TGO", "Région Centrale", "TG01"), ("TGO", "Kara", "TG02"),
    ("NGA", "Borno state", "NG-BO"), ("NGA", "Nasarawa state", "NG-NA"),
    ("BFA", "Est", "BF-08"), ("BFA", "Plateau-Central", "BF-11"), ("NER", "Tillaberi", "NE006"),
    ("CIV", "Abidjan", "CI01"), ("MLI", "Menaka", "ML10"), ("NGA", "Gongola state", None),
])
def test_match_admin1(country, raw, pcode):
    assert geo.match_admin1(country, raw) == pcode


def test_normalize_place_name():
    assert normalize_place_name("Préfecture de l'Oti") == "oti"
    assert normalize_place_name("Borno State") == "borno"
    assert normalize_place_name("Région Centrale") == "centre"
    assert normalize_place_name("District Autonome D'Abidjan") == "abidjan"


def test_missing_boundaries_are_reported(tmp_path, monkeypatch):
    from veille.geo import boundaries
    monkeypatch.setattr(boundaries, "geo_dir", lambda: tmp_path)
    boundaries._load_units.cache_clear()
    try:
        with pytest.raises(NotFound, match="admin_units.parquet"):
            boundaries.admin_units()
    finally:
        monkeypatch.undo()
        boundaries._load_units.cache_clear()

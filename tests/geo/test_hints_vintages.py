"""The source's country as a hint along borders, and admin-1 names of other map vintages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from veille import geo
from veille.errors import InvalidValue
from veille.geo.vintages import vintage_admin1

# A few hundred metres inside Togo (Centrale), east of Sokodé, on the Benin border.
TOGO_SIDE_OF_BENIN_BORDER = (9.0, 1.6256)
# About 20 km inside Togo on the same parallel.
DEEP_IN_TOGO = (9.0, 1.44)
# A few hundred metres inside Niger (Maradi), on the Nigerian border (Zamfara).
NIGER_SIDE_OF_NIGERIA_BORDER = (13.0, 6.9289)
# In both Niger's OCHA Diffa and Natural Earth's Borno: the layers overlap here.
DIFFA_BORNO_OVERLAP = (13.36901, 12.78577)


def place(point, **kwargs):
    return geo.assign_places(np.array([point[0]]), np.array([point[1]]), **kwargs).iloc[0]


def km_to_country(point, iso3):
    units = geo.admin_units(level=1, country_iso3=iso3)
    return shapely.distance(shapely.union_all(units.geometry.values), shapely.Point(point[1], point[0])) * 111


def test_point_just_inside_togo_with_benins_hint_goes_to_benin():
    plain = place(TOGO_SIDE_OF_BENIN_BORDER)
    assert (plain["country_iso3"], plain["admin1_pcode"]) == ("TGO", "TG01")
    assert km_to_country(TOGO_SIDE_OF_BENIN_BORDER, "BEN") < 1
    row = place(TOGO_SIDE_OF_BENIN_BORDER, country_hint=["BEN"])
    assert (row["country_iso3"], row["admin1"], row["admin1_pcode"]) == ("BEN", "Donga", "BJ07")
    assert row["geo_match"] == "snapped" and 0 < row["snap_km"] < 1
    # Lower levels follow the hinted country: a Benin commune of Donga, no Togo canton.
    assert row["admin2_pcode"].startswith("BJ07")
    assert pd.isna(row["admin3_pcode"])
    assert row["pgm_gid"] == plain["pgm_gid"] and row["border_km"] == pytest.approx(plain["border_km"])


def test_point_just_inside_niger_with_nigerias_hint_goes_to_nigeria():
    assert place(NIGER_SIDE_OF_NIGERIA_BORDER)["country_iso3"] == "NER"
    row = place(NIGER_SIDE_OF_NIGERIA_BORDER, country_hint=["nga"])  # case does not matter
    assert (row["country_iso3"], row["admin1_pcode"]) == ("NGA", "NG-ZA")
    assert row["geo_match"] == "snapped" and 0 < row["snap_km"] < 1


def test_a_wrong_hint_20_km_inside_does_not_move_the_point():
    assert km_to_country(DEEP_IN_TOGO, "BEN") > 15
    plain = place(DEEP_IN_TOGO)
    row = place(DEEP_IN_TOGO, country_hint=["BEN"])
    assert (row["country_iso3"], row["admin1_pcode"], row["geo_match"]) == ("TGO", "TG01", "inside")
    assert row.equals(plain)


def test_tolerance_is_a_parameter():
    row = place(TOGO_SIDE_OF_BENIN_BORDER, country_hint=["BEN"], border_tolerance_km=0.2)
    assert row["country_iso3"] == "TGO"
    assert place(TOGO_SIDE_OF_BENIN_BORDER, country_hint=["BEN"], border_tolerance_km=0)["country_iso3"] == "TGO"
    with pytest.raises(InvalidValue):
        place(TOGO_SIDE_OF_BENIN_BORDER, country_hint=["BEN"], border_tolerance_km=-1)


def test_overlapping_layers_follow_the_hint_and_stay_inside():
    assert place(DIFFA_BORNO_OVERLAP)["country_iso3"] == "NER"
    row = place(DIFFA_BORNO_OVERLAP, country_hint=["NGA"])
    assert (row["admin1_pcode"], row["geo_match"], row["snap_km"]) == ("NG-BO", "inside", 0)


def test_no_hint_changes_nothing():
    rng = np.random.default_rng(7)
    lat = np.r_[rng.uniform(4, 16, 300), [TOGO_SIDE_OF_BENIN_BORDER[0], np.nan]]
    lon = np.r_[rng.uniform(-8, 14, 300), [TOGO_SIDE_OF_BENIN_BORDER[1], 1.0]]
    plain = geo.assign_places(lat, lon)
    pd.testing.assert_frame_equal(geo.assign_places(lat, lon, country_hint=[None] * len(lat)), plain)
    pd.testing.assert_frame_equal(geo.assign_places(lat, lon, country_hint=np.full(len(lat), np.nan)), plain)
    # Hints that agree with the boundaries change nothing either.
    own = plain["country_iso3"].astype(object).to_numpy()
    pd.testing.assert_frame_equal(geo.assign_places(lat, lon, country_hint=own), plain)


def test_hint_must_match_the_points():
    with pytest.raises(InvalidValue, match="country_hint"):
        geo.assign_places([9.0, 9.1], [1.6, 1.6], country_hint=["BEN"])
    with pytest.raises(InvalidValue, match="country_hint"):
        geo.assign_places([9.0], [1.6], country_hint="BEN")


def test_importers_pass_the_sources_country_as_hint():
    from veille.sources.enrich import enrich_places

    frame = pd.DataFrame({"latitude": [TOGO_SIDE_OF_BENIN_BORDER[0]] * 2 + [DEEP_IN_TOGO[0]],
                          "longitude": [TOGO_SIDE_OF_BENIN_BORDER[1]] * 2 + [DEEP_IN_TOGO[1]],
                          "country_iso3": ["BEN", "TGO", "BEN"]})
    out = enrich_places(frame)
    assert out["country_iso3"].tolist() == ["BEN", "TGO", "TGO"]
    assert out["admin1_pcode"].tolist() == ["BJ07", "TG01", "TG01"]
    assert out["geo_match"].tolist() == ["snapped", "inside", "inside"]


# --- boundary vintages -------------------------------------------------------------

MENAKA_TOWN = (15.918, 2.402)
OUAHIGOUYA = (13.58, -2.42)


def test_boundary_changes_file_names_real_units_with_sources():
    changes = geo.boundary_changes()
    units = geo.admin_units(level=1).set_index("pcode")
    assert set(changes["pcode"]) <= set(units.index)
    assert (units.loc[changes["pcode"], "name"].to_numpy() == changes["our_name"].to_numpy()).all()
    assert (units.loc[changes["pcode"], "country_iso3"].to_numpy() == changes["country_iso3"].to_numpy()).all()
    assert changes["source"].str.startswith("http").all()
    assert not changes.duplicated(["country_iso3", "pcode", "other_name"]).any()
    # Burkina Faso's 2025 reform: 17 regions, each tied to one of our 13.
    bfa = changes[changes["country_iso3"] == "BFA"]
    assert len(bfa) == 17 and bfa["other_name"].is_unique
    assert set(bfa["pcode"]) == set(geo.admin_units(level=1, country_iso3="BFA")["pcode"])


def test_gao_for_a_point_in_menaka_is_a_vintage_agreement():
    row = place(MENAKA_TOWN)
    assert row["admin1_pcode"] == "ML10"
    assert geo.match_admin1("MLI", "Gao") == "ML07"  # strictly, Gao is today's Gao
    change = geo.vintage_match("MLI", "Gao", row["admin1_pcode"])
    assert change is not None
    assert (change.pcode, change.other_vintage, change.relation) == ("ML10", "earlier", "contains")
    assert change.date.startswith("2016")
    assert geo.vintage_match("MLI", "Gao", "ML07") is None  # that one is a strict agreement
    assert geo.vintage_match("MLI", "Kidal", "ML10") is None


def test_burkina_2025_names_match_the_pre_2025_region():
    row = place(OUAHIGOUYA)
    assert row["admin1_pcode"] == "BF-10"  # Nord
    assert geo.match_admin1("BFA", "Yaadga region") is None  # strict: not a unit of our map
    assert geo.match_admin1("BFA", "Yaadga region", vintages=True) == "BF-10"
    assert geo.vintage_match("BFA", "Yaadga region", "BF-10").relation == "same"
    assert geo.vintage_match("BFA", "Région de la Sirba", "BF-08").relation == "within"
    assert geo.vintage_match("BFA", "Sirba", "BF-10") is None
    assert geo.match_admin1("BFA", "Djôrô", vintages=True) == "BF-13"


def test_a_name_for_several_of_our_units_is_no_single_match():
    assert vintage_admin1("NGA", "Gongola state") is None
    assert geo.match_admin1("NGA", "Gongola state", vintages=True) is None
    assert geo.vintage_match("NGA", "Gongola state", "NG-TA") is not None
    assert geo.vintage_match("NGA", "Gongola state", "NG-AD") is not None
    assert geo.vintage_match("NGA", "Gongola state", "NG-BO") is None


def test_other_names_lists_former_names_and_successors():
    assert geo.other_names("ML10")["other_name"].tolist() == ["Gao"]
    assert set(geo.other_names("BF-08")["other_name"]) == {"Goulmou", "Sirba", "Tapoa"}

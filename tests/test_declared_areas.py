"""The township a row names (所属乡镇) against the one its point lies in: read by code or name, said."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from carefac import StudyArea, ValidationError, slots_per_1000
from carefac._declared_areas import declared_codes


def _areas() -> gpd.GeoDataFrame:
    rows = [
        ("350601", "东县", "county", "350600", 60000, shapely.box(117.60, 24.50, 117.70, 24.60)),
        ("350602", "西县", "county", "350600", 45000, shapely.box(117.70, 24.50, 117.80, 24.60)),
        ("350601001", "甲街道", "township", "350601", 40000, shapely.box(117.60, 24.50, 117.65, 24.60)),
        ("350601101", "城关镇", "township", "350601", 20000, shapely.box(117.65, 24.50, 117.70, 24.60)),
        ("350602001", "丙街道", "township", "350602", 35000, shapely.box(117.70, 24.50, 117.75, 24.60)),
        ("350602101", "城关镇", "township", "350602", 10000, shapely.box(117.75, 24.50, 117.80, 24.60)),
    ]
    columns = ["area_id", "name", "level", "parent_id", "population", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), crs=4326)


def test_a_cell_is_read_as_a_code_its_12_digit_form_or_a_name_one_area_carries():
    cells = pd.Series(["350601001", "350601001000", "350601000000", "甲街道", " 丙街道 ", "城关镇", "乙乡", None, "350699"])
    expected = ["350601001", "350601001", "350601", "350601001", "350602001", None, None, None, None]
    got = declared_codes(cells.astype("string"), _areas())
    assert [None if pd.isna(v) else v for v in got] == expected


def _facilities(declared: list[str]) -> gpd.GeoDataFrame:
    points = [(117.62, 24.55), (117.67, 24.55), (117.72, 24.56), (117.77, 24.54)]
    return gpd.GeoDataFrame(
        {"facility_id": ["F1", "F2", "F3", "F4"], "name": ["甲", "乙", "丙", "丁"], "kind": "childcare",
         "slots": [120, 60, 40, 30], "status": "existing", "declared_area": declared,
         "source_row": [2, 3, 4, 5]},
        geometry=[shapely.Point(p) for p in points], crs=4326,
    )  # fmt: skip


@pytest.mark.parametrize("named", ["甲街道", "350601001", "350601001000"])
def test_a_point_in_another_township_than_its_row_names_is_counted_where_it_lies_and_said(named):
    """F2 lies in 城关镇 (350601101) while its row names 甲街道: its 60 slots stay with 城关镇."""
    study = StudyArea.from_layers(_areas(), facilities=_facilities(["甲街道", named, "丙街道", "350602101"]),
                                  sources={"facilities": "机构.xlsx"})  # fmt: skip
    (said,) = [n for n in study.notices if n.code == "points_in_other_area"]
    assert "row 3 names 甲街道 (350601001), its point lies in 城关镇 (350601101)" in said.en
    assert "第 3 行填写为甲街道（350601001），点位于城关镇（350601101）" in said.zh
    table = slots_per_1000(study, level="township").set_index("area_id")
    assert table.loc["350601101", "slots"] == 60 and table.loc["350601001", "slots"] == 120


def test_a_name_two_areas_carry_and_a_name_of_none_are_said_unchecked():
    study = StudyArea.from_layers(_areas(), facilities=_facilities(["甲街道", "城关镇", "丙乡", "350602101"]))
    assert [n.code for n in study.notices if n.code.startswith(("points_in", "declared"))] == ["declared_area_unknown"]
    (said,) = [n for n in study.notices if n.code == "declared_area_unknown"]
    assert "row 3: '城关镇'" in said.en and "row 4: '丙乡'" in said.en


def test_rows_that_agree_with_their_points_say_nothing():
    study = StudyArea.from_layers(_areas(), facilities=_facilities(["东县", "350601101", "350602001000", "350602101"]))
    assert not [n for n in study.notices if n.code.startswith(("points_in", "declared"))]


def _institution(serves: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"facility_id": ["M1"], "name": ["妇幼保健院"], "kind": "mch_institution", "status": "existing",
         "serves": [serves], "source_row": [2]},
        geometry=[shapely.Point(117.62, 24.55)], crs=4326,
    )  # fmt: skip


@pytest.mark.parametrize(("serves", "code"), [("西县", "350602"), ("350602", "350602"), ("350602000000", "350602"),
                                             ("丙街道", "350602"), ("全市", "350600"), ("350600", "350600"), ("漳州市", "350600"),
                                             ("", None)])  # fmt: skip
def test_the_area_a_facility_serves_is_read_as_a_code_name_or_the_city(serves, code):
    """An institution in 东县 serving 西县 by name counted for no county (and 东县's own check lost it)."""
    study = StudyArea.from_layers(_areas(), facilities=_institution(serves))
    got = study.facilities["serves"].iloc[0]
    assert (None if pd.isna(got) else got) == code


def test_a_served_area_that_is_no_area_is_refused():
    with pytest.raises(ValidationError) as refused:
        StudyArea.from_layers(_areas(), facilities=_institution("南县"), sources={"facilities": "机构.csv"})
    (found,) = refused.value.problems
    assert found.code == "serves_unknown" and found.rows == (2,) and "(南县)" in found.message


def _districts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"district_id": ["R1", "R2"], "name": ["甲小区", "远方小区"], "status": "existing", "population": [3000, 2000],
         "source_row": [1, 2]},
        geometry=[shapely.box(117.61, 24.54, 117.612, 24.542), shapely.box(118.5, 24.5, 118.51, 24.51)], crs=4326,
    )  # fmt: skip


def test_a_residential_district_outside_every_area_is_refused_or_reported():
    """A district 70 km east was checked and ranked like the others."""
    with pytest.raises(ValidationError) as refused:
        StudyArea.from_layers(_areas(), residential=_districts(), sources={"residential": "小区.geojson"})
    (found,) = refused.value.problems
    assert found.code == "points_outside_some" and found.rows == (2,)
    study = StudyArea.from_layers(_areas(), residential=_districts(), outside="report")
    assert study.residential["district_id"].tolist() == ["R1"] and study.outside["district_id"].tolist() == ["R2"]


def test_a_facility_linked_to_a_district_the_layer_lacks_is_said():
    """A 配建 link typed R01 for R1 was dropped without a word: the new district could look unserved."""
    facilities = _facilities(["", "", "", ""]).assign(district_id=["R1", "R01", None, ""])
    study = StudyArea.from_layers(_areas(), facilities=facilities, residential=_districts().iloc[:1],
                                  sources={"facilities": "机构.csv"})  # fmt: skip
    (said,) = [n for n in study.notices if n.code == "district_link_unknown"]
    assert "1 facility names a district_id that is no district of the residential layer (R01; row 3)" in said.en


def test_a_district_named_by_two_districts_is_not_linked_by_name():
    """所属小区 = 阳光小区, a name two districts share: which is meant is not guessed (left unlinked, said);
    锦绣花园, the name of one, is linked to its id."""
    from carefac._declared_areas import district_link_notices, district_links_by_name

    districts = gpd.GeoDataFrame({"district_id": ["R1", "R2", "R3"], "name": ["锦绣花园", "阳光小区", "阳光 小区"]},
                                 geometry=[shapely.box(0, 0, 1, 1)] * 3, crs=3857)  # fmt: skip
    facilities = gpd.GeoDataFrame({"facility_id": ["F1", "F2"], "district_id": ["锦绣 花园", "阳光小区"]},
                                  geometry=[shapely.Point(0, 0)] * 2, crs=3857)  # fmt: skip
    linked, said = district_links_by_name(facilities, districts, "f.csv")
    assert linked["district_id"].tolist() == ["R1", "阳光小区"] and "锦绣花园 → R1" in said[0].en
    assert district_link_notices(linked, districts, "f.csv")[0].code == "district_link_unknown"

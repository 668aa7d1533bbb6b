"""Points just outside every area (a simplified coastline) are counted in the nearest area, said."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from carefac import StudyArea, ValidationError, slots_per_1000

#: two townships of one county, 1 km squares in CGCS2000 / 117°E metres
_AREAS = gpd.GeoDataFrame(
    {"area_id": ["350601", "350601001", "350601101"], "name": ["东县", "甲街道", "乙镇"],
     "level": ["county", "township", "township"], "parent_id": ["350600", "350601", "350601"],
     "population": [20_000, 10_000, 10_000]},
    geometry=[shapely.box(500_000, 2_700_000, 502_000, 2_701_000), shapely.box(500_000, 2_700_000, 501_000, 2_701_000),
              shapely.box(501_000, 2_700_000, 502_000, 2_701_000)],
    crs=4548,
)  # fmt: skip


def _facilities(x: float) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"facility_id": ["F1", "F2"], "name": ["甲", "乙"], "kind": "childcare", "slots": [100, 40],
                             "status": "existing"},
                            geometry=[shapely.Point(500_500, 2_700_500), shapely.Point(x, 2_700_500)], crs=4548)  # fmt: skip


def test_a_point_40_m_beyond_the_edge_counts_in_the_nearest_township_and_is_said():
    study = StudyArea.from_layers(_AREAS, facilities=_facilities(502_040), sources={"facilities": "机构.xlsx"})
    towns = slots_per_1000(study, level="township").set_index("area_id")
    assert towns.loc["350601101", "slots"] == 40 and slots_per_1000(study, level="county")["slots"].sum() == 140
    (said,) = [n for n in study.notices if n.code == "points_snapped"]
    assert "1 point lies just outside every area (at most 40 m; 1 → 乙镇 (40 m))" in said.en  # index label 1 (no source rows) and said.source == "机构.xlsx"


@pytest.mark.parametrize("x", [502_300, 510_000])
def test_a_point_farther_out_is_refused_as_before(x):
    with pytest.raises(ValidationError) as caught:
        StudyArea.from_layers(_AREAS, facilities=_facilities(x))
    assert [p.code for p in caught.value.problems] == ["points_outside_some"]


def test_a_township_outline_among_the_residential_districts_is_said():
    """A 4 km² 'district' (an area's outline): 'a facility within 300 m' of its edge holds almost
    anywhere in it. A 0.09 km² estate is not said."""
    districts = gpd.GeoDataFrame({"district_id": ["R1", "R2"], "name": ["锦绣花园", "甲街道"], "status": "new",
                                  "population": [3000, 9000]},
                                 geometry=[shapely.box(500_100, 2_700_100, 500_400, 2_700_400),
                                           shapely.box(499_000, 2_700_000, 503_000, 2_701_000)], crs=4548)  # fmt: skip
    study = StudyArea.from_layers(_AREAS, residential=districts)
    (said,) = [n for n in study.notices if n.code == "districts_oversized"]
    assert "1 residential district covers more than 3 km² (1 甲街道 4.0 km²)" in said.en
    small = StudyArea.from_layers(_AREAS, residential=districts.iloc[[0]])
    assert not [n for n in small.notices if n.code == "districts_oversized"]

"""A layer holding the counties of more than one city (a province's layer given whole) is refused:
the plan's 全市 figures and rules are one city's."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

import carefac
from carefac import StudyArea, ValidationError


@pytest.fixture(scope="module")
def sample():
    return carefac.load_zhangzhou_sample()


def _with_a_quanzhou_county(areas: pd.DataFrame, *, parent: str | None) -> pd.DataFrame:
    """Return the sample's areas with 丰泽区 (350503, of 泉州市) beside them, north of the city."""
    county = areas[areas["level"] == "county"].iloc[[0]].copy()
    minx, miny, maxx, maxy = areas.total_bounds
    county["geometry"] = [shapely.box(minx, maxy + 1_000, minx + 10_000, maxy + 11_000)]
    county["area_id"], county["name"], county["population"] = "350503", "丰泽区", 500_000
    county["parent_id"] = parent
    return pd.concat([areas, county], ignore_index=True).drop(columns=["source_row"], errors="ignore")


@pytest.mark.parametrize("parent", ["350500", None])
def test_counties_of_two_cities_are_refused_naming_both(sample, parent):
    """With 泉州's 丰泽区 in the layer, the whole city would count 500,000 more residents: the
    city-wide slots per 1000 would fall from the sample's figure for no reason in Zhangzhou."""
    areas = _with_a_quanzhou_county(sample.areas, parent=parent)
    with pytest.raises(ValidationError) as caught:
        StudyArea.from_layers(areas, sources={"areas": "福建省县区.shp"})
    (found,) = [p for p in caught.value.problems if p.code == "areas_of_several_cities"]
    assert "2 cities (350500: 丰泽区; 350600: " in found.text("en") and found.source == "福建省县区.shp"


def test_townships_of_two_cities_are_refused_once_their_counties_are_made(sample):
    towns = sample.areas[sample.areas["level"] == "township"].drop(columns=["source_row"], errors="ignore")
    other = towns.iloc[[0]].copy()
    minx, miny, maxx, maxy = towns.total_bounds
    other["geometry"] = [shapely.box(minx, maxy + 1_000, minx + 10_000, maxy + 11_000)]
    other["area_id"], other["parent_id"], other["name"] = "350503001", "350503", "东海街道"
    with pytest.raises(ValidationError) as caught:
        StudyArea.from_layers(pd.concat([towns, other], ignore_index=True))
    assert "areas_of_several_cities" in [p.code for p in caught.value.problems]


def test_one_city_is_one_city(sample):
    assert sample.city()[0] == "350600"
    areas = sample.areas.drop(columns=["source_row"], errors="ignore")
    assert StudyArea.from_layers(areas.drop(columns="parent_id")).city()[1]  # no parents: codes agree


def test_some_counties_of_a_city_are_said_to_be_part_of_it(sample):
    """A district office's own two counties: its 全市 row is theirs, not 漳州's; the whole city says nothing."""
    areas = sample.areas.drop(columns=["source_row"], errors="ignore")
    two = areas[areas["area_id"].str[:6].isin(["350602", "350603"])]
    study = StudyArea.from_layers(two, sources={"areas": "芗城龙文.shp"})
    (said,) = [n for n in study.notices if n.code == "areas_part_of_a_city"]
    assert "the areas hold 2 of the 11 counties of 漳州市" in said.en and "350604 龙海市" in said.en
    assert not [n for n in StudyArea.from_layers(areas).notices if n.code == "areas_part_of_a_city"]


def test_a_county_far_from_its_census_figure_is_said(sample):
    """芗城区 typed with a digit short (63,806 for 638,060) is said; the sample's census figures are not."""
    areas = sample.areas.drop(columns=["source_row"], errors="ignore").copy()
    at = areas["area_id"] == "350602"
    census = int(areas.loc[at, "population"].iloc[0])
    assert not [n for n in StudyArea.from_layers(areas).notices if n.code == "areas_far_from_census"]
    areas.loc[at, "population"] = census // 10
    study = StudyArea.from_layers(areas, area_sums="warn")
    (said,) = [n for n in study.notices if n.code == "areas_far_from_census"]
    assert f"芗城区 (350602): {census // 10:,} / 638,060" in said.en
